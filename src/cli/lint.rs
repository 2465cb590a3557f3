//! `ozg lint [PATH...]`: checks model repositories and reports what it
//! finds, in the format the reader needs.
//!
//! Exit code 0 when nothing fails the run (warnings do not, unless
//! `--deny-warnings`), 1 when findings fail it, 2 when the check could not
//! be carried out: a missing path, an unreadable file, a broken `ozg.toml`,
//! or a report that cannot be written.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use ozg::lint::output::{self, Format, Options};
use ozg::lint::{Report, lint_paths};

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Check model repositories: files, references, process, expressions and
/// legal metadata.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repositories, or files and folders inside them, to check
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// How to write the report
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = format_parser())]
    format: Format,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Let warnings fail the run (exit code 1), like errors
    #[arg(long)]
    deny_warnings: bool,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.description()));
    PossibleValuesParser::new(values).map(|name| Format::from_name(&name).unwrap_or_default())
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    let started = Instant::now();
    let report = match lint_paths(&args.paths) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("{}", messages::lint_error(&error));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    if global.verbose {
        log_files(&report, started.elapsed());
    }

    let options = Options {
        quiet: global.quiet,
        deny_warnings: args.deny_warnings,
        ..terminal_options(args)
    };
    let rendering = Instant::now();
    let written = match &args.output {
        Some(path) => write_file(path, &report, args.format, &options),
        None => write_stdout(&report, args.format, &options),
    };
    if let Err(message) = written {
        eprintln!("{message}");
        return ExitCode::from(EXIT_ERROR);
    }
    if global.verbose {
        eprintln!("{}", messages::rendered(args.format, rendering.elapsed()));
    }
    if args.output.is_some() && !global.quiet {
        eprintln!("{}", output::summary(&report));
    }

    if output::report_fails(&report, args.deny_warnings) {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn terminal_options(args: &Args) -> Options {
    let on_terminal = args.output.is_none() && io::stdout().is_terminal();
    let no_color = output::no_color_requested(std::env::var_os("NO_COLOR").as_deref());
    let width = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    Options::for_destination(args.format, on_terminal, no_color, width)
}

fn write_stdout(report: &Report, format: Format, options: &Options) -> Result<(), String> {
    let mut out = BufWriter::new(io::stdout().lock());
    match output::render(report, format, options, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A reader that stops early (`ozg lint | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(messages::cannot_write_stdout(&e)),
    }
}

fn write_file(
    path: &Path,
    report: &Report,
    format: Format,
    options: &Options,
) -> Result<(), String> {
    let file = File::create(path).map_err(|e| messages::cannot_write_file(path, &e))?;
    let mut out = BufWriter::new(file);
    output::render(report, format, options, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| messages::cannot_write_file(path, &e))
}

fn log_files(report: &Report, elapsed: Duration) {
    for repo in &report.repositories {
        eprintln!("{}", messages::repository(&repo.root));
        for (_, file) in repo.sources.iter() {
            eprintln!("{}", messages::file_read(&file.path, file.size()));
        }
    }
    eprintln!("{}", messages::checked(report.files_checked(), elapsed));
}

mod messages {
    use std::path::Path;
    use std::time::Duration;

    use ozg::lint::LintError;
    use ozg::lint::output::Format;
    use ozg::model::load::LoadError;

    pub fn lint_error(error: &LintError) -> String {
        let help = match error {
            LintError::Load(LoadError::NotFound { .. }) => {
                "check the path; without a path, `ozg lint` checks the current folder"
            }
            LintError::Load(LoadError::Io { .. }) => {
                "check that the file exists and that you may read it, then try again"
            }
            LintError::Load(LoadError::TooLarge { .. }) => {
                "model files are small text files; check that the path points at the right file"
            }
            LintError::NothingToCheck { .. } => {
                "run `ozg lint` in a model repository, or give the path of one"
            }
            LintError::BrokenConfig { .. } => {
                "fix ozg.toml first: its settings decide how everything else is checked"
            }
        };
        format!("error: {error}\nhelp: {help}")
    }

    pub fn cannot_write_stdout(error: &std::io::Error) -> String {
        format!("error: cannot write the report: {error}")
    }

    pub fn cannot_write_file(path: &Path, error: &std::io::Error) -> String {
        format!(
            "error: cannot write the report to {}: {error}\n\
             help: check that the folder exists and that you may write to it",
            path.display()
        )
    }

    pub fn repository(root: &Path) -> String {
        format!("repository {}", root.display())
    }

    pub fn file_read(path: &Path, bytes: usize) -> String {
        format!("  read {} ({bytes} bytes)", path.display())
    }

    pub fn checked(files: usize, elapsed: Duration) -> String {
        format!(
            "loaded and checked {files} files in {:.1} ms",
            elapsed.as_secs_f64() * 1000.0
        )
    }

    pub fn rendered(format: Format, elapsed: Duration) -> String {
        format!(
            "wrote the {format} report in {:.1} ms",
            elapsed.as_secs_f64() * 1000.0
        )
    }
}
