//! `ozg simulate SERVICE --load PROFILE`: simulates the workload of a
//! service with many generated applications and reports whether its staff
//! keep the deadlines.
//!
//! Exit codes: 0 when the simulation ran; 2 when it could not (the
//! service or the profile cannot be read, the event log cannot be
//! written). Problems in the profile are printed with file, line and
//! column.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ozg::engine::CompiledService;
use ozg::load::{Options, Profile, Report, simulate, write_human, write_json};
use ozg::model::Service;
use ozg::model::load::{Selection, find_root, load_paths, load_repository};
use ozg::source::SourceFile;

use super::{EXIT_ERROR, Global};

/// Options of a workload simulation.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Simulate the workload described by this profile (TOML; see
    /// docs/load.md) instead of a single case
    #[arg(long = "load", value_name = "PROFILE")]
    pub profile: Option<PathBuf>,

    /// How many applications to simulate [default: the profile's, else
    /// 1000]
    #[arg(long, value_name = "N", requires = "profile", value_parser = clap::value_parser!(u64).range(1..=ozg::load::MAX_CASES))]
    pub cases: Option<u64>,

    /// Seed of the random numbers; the same seed gives the same results
    /// [default: the profile's, else 0]
    #[arg(long, value_name = "S", requires = "profile")]
    pub seed: Option<u64>,

    /// Also write every activity of every case as CSV for process-mining
    /// tools to FILE
    #[arg(long, value_name = "FILE", requires = "profile")]
    pub events: Option<PathBuf>,
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Runs a workload simulation of `service` (an id in the repository at
/// `repo`, or the path of a service file or folder) with the profile of
/// `args`.
pub fn run(
    args: &LoadArgs,
    service: &str,
    repo: Option<&Path>,
    format: Format,
    global: Global,
) -> ExitCode {
    match simulate_from_files(args, service, repo, format, global) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn simulate_from_files(
    args: &LoadArgs,
    service: &str,
    repo: Option<&Path>,
    format: Format,
    global: Global,
) -> Result<(), String> {
    let started = Instant::now();
    let Some(profile_path) = &args.profile else {
        return Err("error: give a workload profile with --load PROFILE".to_owned());
    };
    let (loaded, model_index) = find_service(service, repo)?;
    let model = &loaded.repository.services[model_index];
    let compiled = CompiledService::compile(&loaded.repository, model).map_err(|e| {
        format!(
            "error: the service `{}` cannot be run: {e}\nhelp: `ozg lint` shows what is wrong",
            model.meta.id.value
        )
    })?;

    let text = std::fs::read_to_string(profile_path)
        .map_err(|e| format!("error: cannot read {}: {e}", profile_path.display()))?;
    let file = SourceFile::new(profile_path.clone(), text);
    let profile = read_profile(&file, model, &compiled)?;
    if global.verbose {
        eprintln!(
            "read {} and {} ({:.2} s)",
            loaded.repository.sources.get(model.file).path.display(),
            profile_path.display(),
            started.elapsed().as_secs_f64()
        );
    }

    let options = Options {
        cases: args.cases,
        seed: args.seed,
    };
    let total = options
        .cases
        .or(profile.run.cases)
        .unwrap_or(ozg::load::DEFAULT_CASES);
    let bar = progress_bar(total, global);
    let mut update = |p: ozg::load::Progress| bar.set_position(p.submitted);
    let simulated = Instant::now();
    let report = match &args.events {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
            let mut out = BufWriter::new(file);
            let report = simulate(&compiled, &profile, options, Some(&mut out), &mut update)
                .map_err(|e| format!("error: {}: {e}", path.display()))?;
            out.flush()
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
            report
        }
        None => simulate(&compiled, &profile, options, None, &mut update)
            .map_err(|e| format!("error: {e}"))?,
    };
    bar.finish_and_clear();
    if global.verbose {
        eprintln!(
            "simulated {} applications in {:.2} s",
            report.applications.submitted,
            simulated.elapsed().as_secs_f64()
        );
    }
    write_report(&report, format)
}

/// The service named on the command line: a path to its file or folder,
/// or its id in the repository.
fn find_service(
    service: &str,
    repo: Option<&Path>,
) -> Result<(ozg::model::load::Loaded, usize), String> {
    let as_path = Path::new(service);
    let (path, id) = if repo.is_none() && as_path.exists() {
        (as_path.to_path_buf(), None)
    } else {
        (
            repo.map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            Some(service),
        )
    };
    // A service named by its folder is read alone, with the settings and
    // code lists: the other services play no part in its workload.
    let folder = id
        .and_then(|id| find_root(&path).map(|root| (root.join("services").join(id), root)))
        .filter(|(folder, _)| folder.join("service.toml").is_file());
    let mut loaded = match folder {
        Some((folder, root)) => load_repository(&root, &Selection::Paths(vec![folder]))
            .map_err(|e| format!("error: {e}"))?,
        None => load_paths(std::slice::from_ref(&path))
            .map_err(|e| format!("error: {e}"))?
            .into_iter()
            .map(|(loaded, _)| loaded)
            .next()
            .ok_or_else(|| format!("error: nothing to load at {}", path.display()))?,
    };
    let index = match id {
        Some(id) => loaded
            .repository
            .services
            .iter()
            .position(|s| s.meta.id.value == id || s.folder == id),
        None => (loaded.repository.services.len() == 1).then_some(0),
    };
    let Some(index) = index else {
        let known: Vec<&str> = loaded
            .repository
            .services
            .iter()
            .map(|s: &Service| s.meta.id.value.as_str())
            .collect();
        return Err(format!(
            "error: there is no service `{service}` in {}\nhelp: the services there are: {}",
            path.display(),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        ));
    };
    loaded.problems.clear();
    Ok((loaded, index))
}

/// Reads a load profile for a compiled service; every problem becomes an
/// `error: path:line:column: message` line, with its help below.
pub(super) fn read_profile(
    file: &SourceFile,
    model: &Service,
    compiled: &CompiledService,
) -> Result<Profile, String> {
    Profile::read(&file.text, model, compiled).map_err(|errors| {
        let mut lines = Vec::new();
        for error in &errors {
            let at = file.line_col(error.span.start);
            lines.push(format!(
                "error: {}:{}:{}: {}",
                file.path.display(),
                at.line,
                at.column,
                error.message()
            ));
            if let Some(help) = error.help() {
                lines.push(format!("  help: {help}"));
            }
        }
        lines.join("\n")
    })
}

fn progress_bar(total: u64, global: Global) -> ProgressBar {
    if global.quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} applications ({elapsed}, {eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

fn write_report(report: &Report, format: Format) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match format {
        Format::Human => write_human(report, &mut out),
        Format::Json => write_json(report, &mut out),
    }
    .and_then(|()| out.flush())
    .map_err(|e| format!("error: cannot write the report: {e}"))
}
