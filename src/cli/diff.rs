//! `ozg diff [FROM [TO]] [-- PATH...]`: what changed between two versions
//! of the model repository, in the terms of the domain.
//!
//! Exit codes as `git diff`: 0 after showing the changes; with
//! `--exit-code`, 1 when there are changes and 0 when there are none; 2
//! when the comparison could not be made (not a git repository, an unknown
//! revision, an unreadable folder, a report that cannot be written).

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use ozg::diff::cases::{DEFAULT_SAMPLE, DEFAULT_SEED};
use ozg::diff::output::{self, Format, Options};
use ozg::diff::{
    CaseOptions, DiffError, RepositoryDiff, diff_directories_with, diff_revisions_with,
};

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Show what a change of the models changes: fees, deadlines, fields and
/// steps, from what to what, from which date.
///
/// Without revisions, compares HEAD with the working tree; with one, that
/// revision with the working tree; with two (or FROM..TO), the two
/// revisions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Revisions to compare: FROM [TO], or FROM..TO
    #[arg(value_name = "REVISION", num_args = 0..=2)]
    revisions: Vec<String>,

    /// Compare only the services and code lists under these paths
    #[arg(last = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Compare two folders holding model repositories instead of git
    /// revisions
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "revisions")]
    dirs: Option<Vec<PathBuf>>,

    /// Run as if started in DIR
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,

    /// How to write the report
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = format_parser())]
    format: Format,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with 1 when there are changes, 0 when there are none
    #[arg(long)]
    exit_code: bool,

    /// Also run every changed service's scenarios and generated
    /// applications against both versions, and report what comes out
    /// differently (outcome, path, fee total, deadline dates)
    #[arg(long)]
    cases: bool,

    /// How many applications to generate per changed service (0: only
    /// the scenarios)
    #[arg(long, value_name = "N", requires = "cases", default_value_t = DEFAULT_SAMPLE)]
    sample: usize,

    /// The seed of the generated applications; the same seed gives the
    /// same report
    #[arg(long, value_name = "SEED", requires = "cases", default_value_t = DEFAULT_SEED)]
    seed: u64,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.description()));
    PossibleValuesParser::new(values).map(|name| Format::from_name(&name).unwrap_or_default())
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    let started = Instant::now();
    let diff = match compare(args) {
        Ok(diff) => diff,
        Err(error) => {
            eprintln!("{}", messages::diff_error(&error));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    if global.verbose {
        eprintln!(
            "{}",
            ozg::diff::messages::unchanged_skipped(
                diff.stats.unchanged_skipped,
                diff.stats.service_files_parsed
            )
        );
        eprintln!(
            "{}",
            messages::compared(diff.stats.services, started.elapsed())
        );
    }
    if !global.quiet {
        let written = match &args.output {
            Some(path) => write_file(path, &diff, args.format),
            None => write_stdout(&diff, args.format),
        };
        if let Err(message) = written {
            eprintln!("{message}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    if args.exit_code && !diff.is_empty() {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn compare(args: &Args) -> Result<RepositoryDiff, DiffError> {
    let start = args.directory.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = CaseOptions {
        sample: args.sample,
        seed: args.seed,
    };
    let cases = args.cases.then_some(&options);
    if let Some(dirs) = &args.dirs {
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                start.join(p)
            }
        };
        return diff_directories_with(&resolve(&dirs[0]), &resolve(&dirs[1]), &args.paths, cases);
    }
    let (from, to) = revisions(&args.revisions);
    diff_revisions_with(&start, &from, to.as_deref(), &args.paths, cases)
}

/// The two revisions: none is HEAD against the working tree, one is that
/// revision against the working tree, `A..B` and two are two revisions.
/// An empty side of `..` is HEAD, as in git.
fn revisions(given: &[String]) -> (String, Option<String>) {
    let head = || "HEAD".to_owned();
    let or_head = |s: &str| if s.is_empty() { head() } else { s.to_owned() };
    match given {
        [] => (head(), None),
        [one] => match one.split_once("..") {
            Some((a, b)) if !b.starts_with('.') => (or_head(a), Some(or_head(b))),
            _ => (one.clone(), None),
        },
        [a, b, ..] => (a.clone(), Some(b.clone())),
    }
}

fn write_stdout(diff: &RepositoryDiff, format: Format) -> Result<(), String> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let options = Options {
        color: format == Format::Human && io::stdout().is_terminal() && !no_color,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match output::render(diff, format, options, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A reader that stops early (`ozg diff | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(messages::cannot_write_stdout(&e)),
    }
}

fn write_file(path: &Path, diff: &RepositoryDiff, format: Format) -> Result<(), String> {
    let file = File::create(path).map_err(|e| messages::cannot_write_file(path, &e))?;
    let mut out = BufWriter::new(file);
    output::render(diff, format, Options::default(), &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| messages::cannot_write_file(path, &e))
}

mod messages {
    use std::path::Path;
    use std::time::Duration;

    use ozg::diff::{DiffError, SnapshotError};

    pub fn diff_error(error: &DiffError) -> String {
        let DiffError::Snapshot(snapshot) = error;
        let help = match snapshot {
            SnapshotError::NotInGit { .. } => {
                "run `ozg diff` inside the git repository of your models, give it with -C DIR, \
                 or compare two folders with --dirs OLD NEW"
            }
            SnapshotError::Bare { .. } => {
                "run `ozg diff` in a checkout of the repository, not in its bare copy"
            }
            SnapshotError::UnknownRevision { .. } => {
                "check the spelling; `git log --oneline` lists the revisions, and branch and tag \
                 names work too"
            }
            SnapshotError::Git { .. } => "the git repository may be damaged; `git fsck` checks it",
            SnapshotError::NotFound { .. } => "check the path",
            SnapshotError::Io { .. } => {
                "check that the file exists and that you may read it, then try again"
            }
            SnapshotError::Outside { .. } => {
                "give paths inside the model repository (the folder with ozg.toml)"
            }
        };
        format!("error: {error}\n  help: {help}")
    }

    pub fn compared(services: usize, elapsed: Duration) -> String {
        format!(
            "compared {services} services in {:.1} ms",
            elapsed.as_secs_f64() * 1e3
        )
    }

    pub fn cannot_write_stdout(error: &std::io::Error) -> String {
        format!("error: cannot write the report: {error}")
    }

    pub fn cannot_write_file(path: &Path, error: &std::io::Error) -> String {
        format!(
            "error: cannot write the report to {}: {error}\n  help: check that the folder exists \
             and that you may write there",
            path.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::revisions;

    fn given(args: &[&str]) -> (String, Option<String>) {
        revisions(&args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn no_revision_is_head_against_the_working_tree() {
        assert_eq!(given(&[]), ("HEAD".to_owned(), None));
    }

    #[test]
    fn two_dots_separate_two_revisions_and_an_empty_side_is_head() {
        assert_eq!(given(&["v1..v2"]), ("v1".to_owned(), Some("v2".to_owned())));
        assert_eq!(given(&["v1.."]), ("v1".to_owned(), Some("HEAD".to_owned())));
    }
}
