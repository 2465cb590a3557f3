//! `ozg test [PATH...]`: runs the scenarios of model repositories and
//! reports each one that does not come out as expected.
//!
//! Exit code 0 when every scenario passes, 1 when one fails or cannot run,
//! 2 when the scenarios could not be read at all.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use ozg::model::load::load_paths;
use ozg::testing::report::{self, Format, Style};
use ozg::testing::{ScenarioResult, Verdict, run_repository};

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Run the scenarios of services and compare what comes out with what they
/// expect.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repositories, or services and scenario files inside them
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// How to write the results
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = format_parser())]
    format: Format,

    /// Write the results to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Run only scenarios whose service or file name contains this text
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::NAMES).map(|name| name.parse().unwrap_or(Format::Human))
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    let started = Instant::now();
    let loaded = match load_paths(&args.paths) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    // Scenarios that cannot be read would silently not run: refuse.
    let mut unreadable = false;
    for (repo, _) in &loaded {
        for problem in &repo.problems {
            let file = repo.repository.sources.get(problem.file);
            if repo
                .repository
                .scenarios
                .iter()
                .all(|s| s.file != problem.file)
                && !file.relative.contains("/scenarios/")
            {
                continue;
            }
            let at = file.line_col(problem.span.start);
            let (message, _) = ozg::lint::rules::files::from_problem(problem).into_text();
            eprintln!(
                "error: {}:{}:{}: {message}",
                file.path.display(),
                at.line,
                at.column
            );
            unreadable = true;
        }
    }
    if unreadable {
        eprintln!("help: fix the scenario files above; `ozg lint` shows more detail");
        return ExitCode::from(EXIT_ERROR);
    }

    let mut results: Vec<ScenarioResult<'_>> = Vec::new();
    for (repo, _) in &loaded {
        results.extend(run_repository(&repo.repository, args.filter.as_deref()));
    }
    results.sort_by(|a, b| {
        (&a.scenario.service, &a.scenario.name).cmp(&(&b.scenario.service, &b.scenario.name))
    });
    if results.is_empty() {
        eprintln!(
            "error: no scenarios found; scenarios lie in services/<service>/scenarios/*.toml"
        );
        return ExitCode::from(EXIT_ERROR);
    }

    // Looked up once per result: a search through all files for each
    // would grow with the square of the number of scenarios.
    let mut paths = std::collections::HashMap::new();
    for (id, file) in loaded
        .iter()
        .flat_map(|(repo, _)| repo.repository.sources.iter())
    {
        paths
            .entry(id)
            .or_insert_with(|| file.path.display().to_string());
    }
    let path_of = |result: &ScenarioResult<'_>| {
        paths
            .get(&result.scenario.file)
            .cloned()
            .unwrap_or_default()
    };
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let style = Style {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let failed = results
        .iter()
        .any(|r| !matches!(r.verdict, Verdict::Passed));
    let quiet_results: Vec<ScenarioResult<'_>>;
    let shown: &[ScenarioResult<'_>] = if global.quiet && args.format == Format::Human {
        quiet_results = results
            .iter()
            .filter(|r| !matches!(r.verdict, Verdict::Passed))
            .cloned()
            .collect();
        &quiet_results
    } else {
        &results
    };
    let written = if let Some(path) = &args.output {
        File::create(path)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))
            .and_then(|f| {
                let mut out = BufWriter::new(f);
                report::render(shown, args.format, style, &path_of, &mut out)
                    .and_then(|()| out.flush())
                    .map_err(|e| format!("error: cannot write {}: {e}", path.display()))
            })
    } else {
        let mut out = io::stdout().lock();
        report::render(shown, args.format, style, &path_of, &mut out)
            .map_err(|e| format!("error: cannot write the results: {e}"))
    };
    if let Err(message) = written {
        eprintln!("{message}");
        return ExitCode::from(EXIT_ERROR);
    }
    if !global.quiet && (args.format == Format::Human || args.output.is_some()) {
        eprintln!(
            "{} ({:.2} s)",
            report::summary(&results),
            started.elapsed().as_secs_f64()
        );
    }
    if failed {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}
