//! `ozg export FORMAT SERVICE`: writes a service in the format of another
//! tool. `ozg export bpmn` writes the process as BPMN 2.0 for Camunda 8.
//!
//! A service with lint errors is not exported: the export would carry the
//! mistake into the engine. Exit codes: 0 when the file was written, 1
//! when the service has lint errors (they are listed), 2 when the export
//! could not be done (no such service, an unreadable file, a file that
//! cannot be written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use ozg::export::bpmn::to_bpmn;
use ozg::lint::{Severity, lint_paths};
use ozg::model::load::{Selection, find_root, load_repository};
use ozg::model::{Repository, Service};

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

pub fn run(args: &Args, global: Global) -> ExitCode {
    match &args.format {
        Format::Bpmn(args) => bpmn(args, global),
    }
}

fn bpmn(args: &BpmnArgs, global: Global) -> ExitCode {
    let start = args.directory.clone().unwrap_or_else(|| PathBuf::from("."));
    let (repository, file) = match locate(&args.service, &start) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let Some(service) = find(&repository, &args.service, &file) else {
        eprintln!("{}", messages::no_service(&args.service));
        return ExitCode::from(EXIT_ERROR);
    };
    let path = repository.sources.get(service.file).path.clone();
    if global.verbose {
        eprintln!("{}", messages::read(&path));
    }

    match lint_errors(&path) {
        Ok(errors) if errors.is_empty() => {}
        Ok(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!(
                "{}",
                messages::refused(&service.meta.id.value, errors.len())
            );
            return ExitCode::from(EXIT_PROBLEMS);
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_ERROR);
        }
    }

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
    let given = start.join(service);
    let as_file = if given.is_dir() {
        given.join("service.toml")
    } else {
        given
    };
    let (root, file) = if as_file.is_file() {
        let root = find_root(&as_file).unwrap_or_else(|| {
            as_file
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        });
        (root, as_file)
    } else {
        let root = find_root(start).ok_or_else(|| messages::no_repository(service))?;
        let file = root.join("services").join(service).join("service.toml");
        if !file.is_file() {
            return Err(messages::no_service(service));
        }
        (root, file)
    };
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
}
