//! `ozg export FORMAT SERVICE`: writes a service in the format of another
//! tool. `ozg export bpmn` writes the process as BPMN 2.0 for Camunda 8;
//! `ozg export prosimos` writes it with a workload profile as a model and
//! parameters for the Prosimos simulator.
//!
//! A service with lint errors is not exported: the export would carry the
//! mistake into the engine. Exit codes: 0 when the file was written, 1
//! when the service has lint errors (they are listed), 2 when the export
//! could not be done (no such service, an unreadable file, a file that
//! cannot be written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use ozg::engine::CompiledService;
use ozg::export::bpmn::to_bpmn;
use ozg::export::prosimos::{Measured, needs_measured_shares, to_prosimos};
use ozg::lint::{Severity, lint_paths};
use ozg::load::{Options, simulate};
use ozg::model::load::{Selection, load_repository};
use ozg::model::{Repository, Service};
use ozg::source::SourceFile;

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Write a service in the format of another tool.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum Format {
    /// The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda
    /// Modeler and bpmn.io with a laid-out diagram)
    Bpmn(BpmnArgs),
    /// The process with a workload profile as a Prosimos simulation model
    /// (BPMN) and its parameters (JSON)
    Prosimos(ProsimosArgs),
}

#[derive(Debug, clap::Args)]
struct BpmnArgs {
    /// The service: its id in the model repository, or the path of its
    /// service.toml
    #[arg(value_name = "SERVICE")]
    service: String,

    /// Write the BPMN to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Run as if started in DIR
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ProsimosArgs {
    /// The service: its id in the model repository, or the path of its
    /// service.toml
    #[arg(value_name = "SERVICE")]
    service: String,

    /// The workload profile to translate (TOML; see docs/load.md)
    #[arg(long = "load", value_name = "PROFILE")]
    profile: PathBuf,

    /// The folder to write SERVICE.bpmn and SERVICE.json into (made when
    /// missing)
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,

    /// Run as if started in DIR
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match &args.format {
        Format::Bpmn(args) => bpmn(args, global),
        Format::Prosimos(args) => prosimos(args, global),
    }
}

/// The service named on the command line, loaded and free of lint errors;
/// else the exit code to end with, after the reasons were printed.
fn checked_service(
    service: &str,
    directory: Option<&Path>,
    global: Global,
) -> Result<(Repository, usize), ExitCode> {
    let start = directory.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let (repository, file) = locate(service, &start).map_err(|message| {
        eprintln!("{message}");
        ExitCode::from(EXIT_ERROR)
    })?;
    let Some(found) = find(&repository, service, &file) else {
        eprintln!("{}", messages::no_service(service));
        return Err(ExitCode::from(EXIT_ERROR));
    };
    let index = repository
        .services
        .iter()
        .position(|s| std::ptr::eq(s, found))
        .unwrap_or_default();
    let path = repository.sources.get(found.file).path.clone();
    if global.verbose {
        eprintln!("{}", messages::read(&path));
    }
    match lint_errors(&path) {
        Ok(errors) if errors.is_empty() => Ok((repository, index)),
        Ok(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("{}", messages::refused(&found.meta.id.value, errors.len()));
            Err(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(message) => {
            eprintln!("{message}");
            Err(ExitCode::from(EXIT_ERROR))
        }
    }
}

fn prosimos(args: &ProsimosArgs, global: Global) -> ExitCode {
    let (repository, index) =
        match checked_service(&args.service, args.directory.as_deref(), global) {
            Ok(found) => found,
            Err(code) => return code,
        };
    match write_prosimos(args, &repository, &repository.services[index], global) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn write_prosimos(
    args: &ProsimosArgs,
    repository: &Repository,
    service: &Service,
    global: Global,
) -> Result<(), String> {
    let id = &service.meta.id.value;
    let compiled = CompiledService::compile(repository, service)
        .map_err(|e| messages::cannot_compile(id, &e.to_string()))?;
    let text = std::fs::read_to_string(&args.profile)
        .map_err(|e| messages::cannot_read(&args.profile, &e))?;
    let file = SourceFile::new(args.profile.clone(), text);
    let profile = super::load::read_profile(&file, service, &compiled)?;

    let report = if needs_measured_shares(service) {
        let report = simulate(&compiled, &profile, Options::default(), None, &mut |_| {})
            .map_err(|e| messages::simulation(&e.to_string()))?;
        if global.verbose {
            eprintln!("{}", messages::measured(report.applications.submitted));
        }
        Some(report)
    } else {
        None
    };
    let measured = report.as_ref().map(|r| Measured {
        transitions: &r.transitions,
        cases: r.applications.submitted,
    });
    let export = to_prosimos(service, &repository.config, &profile, measured)
        .map_err(|e| messages::prosimos(&e.to_string()))?;

    std::fs::create_dir_all(&args.out).map_err(|e| messages::cannot_write(&args.out, &e))?;
    let bpmn = args.out.join(format!("{id}.bpmn"));
    let json = args.out.join(format!("{id}.json"));
    std::fs::write(&bpmn, &export.bpmn).map_err(|e| messages::cannot_write(&bpmn, &e))?;
    std::fs::write(&json, &export.parameters).map_err(|e| messages::cannot_write(&json, &e))?;
    if !global.quiet {
        for line in &export.approximations {
            eprintln!("{}", messages::approximation(line));
        }
        let cases = profile.run.cases.unwrap_or(ozg::load::DEFAULT_CASES);
        eprintln!(
            "{}",
            messages::written_prosimos(id, &bpmn, &json, cases, &export.starting_at)
        );
    }
    Ok(())
}

fn bpmn(args: &BpmnArgs, global: Global) -> ExitCode {
    let (repository, index) =
        match checked_service(&args.service, args.directory.as_deref(), global) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let service = &repository.services[index];

    let xml = match to_bpmn(service, &repository.config) {
        Ok(xml) => xml,
        Err(error) => {
            eprintln!("{}", messages::export(&error));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let written = if let Some(out) = &args.out {
        std::fs::write(out, xml).map_err(|e| messages::cannot_write(out, &e))
    } else {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(xml.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(messages::cannot_write(Path::new("standard output"), &e))
            }
            _ => Ok(()),
        }
    };
    match written {
        Ok(()) => {
            if let Some(out) = &args.out
                && !global.quiet
            {
                eprintln!("{}", messages::written(&service.meta.id.value, out));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The errors `ozg lint` finds in the service's file, one line each.
fn lint_errors(path: &Path) -> Result<Vec<String>, String> {
    let report = lint_paths(&[path.to_path_buf()]).map_err(|e| messages::lint(&e))?;
    let canonical = std::fs::canonicalize(path).ok();
    Ok(report
        .findings()
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| std::fs::canonicalize(&f.file.path).ok() == canonical)
        .map(|f| {
            format!(
                "{}:{}:{}: error[{}]: {}",
                f.file.path.display(),
                f.start.line,
                f.start.column,
                f.rule.code,
                f.message
            )
        })
        .collect())
}

fn find<'r>(repository: &'r Repository, wanted: &str, file: &Path) -> Option<&'r Service> {
    let canonical = std::fs::canonicalize(file).ok();
    repository.services.iter().find(|s| {
        s.meta.id.value == wanted
            || (canonical.is_some()
                && std::fs::canonicalize(&repository.sources.get(s.file).path).ok() == canonical)
    })
}

/// Loads the repository holding the service: SERVICE is a path to a
/// service file (or its folder), else a service id in the repository found
/// from `start`.
fn locate(service: &str, start: &Path) -> Result<(Repository, PathBuf), String> {
    let (root, file) =
        super::service_place(service, start).ok_or_else(|| messages::no_repository(service))?;
    if !file.is_file() {
        return Err(messages::no_service(service));
    }
    let loaded = load_repository(&root, &Selection::Paths(vec![file.clone()]))
        .map_err(|e| messages::load(&e))?;
    Ok((loaded.repository, file))
}

mod messages {
    use std::path::Path;

    use ozg::export::bpmn::BpmnError;
    use ozg::lint::LintError;
    use ozg::model::load::LoadError;

    pub fn no_service(service: &str) -> String {
        format!(
            "error: there is no service {service:?}\n  help: give the id of a service (the name \
             of its folder under services/) or the path of its service.toml"
        )
    }

    pub fn no_repository(service: &str) -> String {
        format!(
            "error: {service:?} is not a file, and no model repository (a folder with ozg.toml) \
             was found here\n  help: run `ozg export` in the model repository, or give -C DIR"
        )
    }

    pub fn load(error: &LoadError) -> String {
        format!("error: {error}\n  help: check the path and that you may read the file")
    }

    pub fn lint(error: &LintError) -> String {
        format!(
            "error: the service could not be checked: {error}\n  help: run `ozg lint` for details"
        )
    }

    pub fn refused(service: &str, errors: usize) -> String {
        let findings = if errors == 1 { "error" } else { "errors" };
        format!(
            "error: the service {service:?} has {errors} lint {findings} and was not exported\n  \
             help: fix the {findings} listed above (`ozg lint` explains each), then export again"
        )
    }

    pub fn export(error: &BpmnError) -> String {
        format!("error: the process cannot be exported: {error}")
    }

    pub fn read(path: &Path) -> String {
        format!("read {}", path.display())
    }

    pub fn written(service: &str, path: &Path) -> String {
        format!(
            "wrote the process of {service:?} as BPMN to {}",
            path.display()
        )
    }

    pub fn cannot_write(path: &Path, error: &std::io::Error) -> String {
        format!(
            "error: cannot write the BPMN to {}: {error}\n  help: check that the folder exists \
             and that you may write there",
            path.display()
        )
    }

    pub fn cannot_compile(service: &str, error: &str) -> String {
        format!(
            "error: the service {service:?} cannot be run: {error}\n  help: `ozg lint` shows \
             what is wrong"
        )
    }

    pub fn cannot_read(path: &Path, error: &std::io::Error) -> String {
        format!(
            "error: cannot read the profile {}: {error}\n  help: check the path and that you \
             may read the file",
            path.display()
        )
    }

    pub fn simulation(error: &str) -> String {
        format!("error: the ozg simulation that measures the branch shares could not run: {error}")
    }

    pub fn measured(cases: u64) -> String {
        format!("measured the branch shares of routing by data on {cases} simulated applications")
    }

    pub fn prosimos(error: &str) -> String {
        format!("error: the process cannot be exported for Prosimos: {error}")
    }

    pub fn approximation(line: &str) -> String {
        format!("warning: {line}")
    }

    pub fn written_prosimos(
        service: &str,
        bpmn: &Path,
        json: &Path,
        cases: u64,
        starting_at: &str,
    ) -> String {
        format!(
            "wrote the Prosimos model of {service:?} to {} and {}\n  run it with: prosimos \
             start-simulation --bpmn_path {} --json_path {} --total_cases {cases} \
             --starting_at {starting_at} --log_out_path log.csv --stat_out_path stats.csv",
            bpmn.display(),
            json.display(),
            bpmn.display(),
            json.display(),
        )
    }
}
