//! `ozg graph SERVICE`: draws a service's process as Mermaid, DOT or SVG,
//! optionally with the changes since a git revision highlighted.
//!
//! Exit codes: 0 when the drawing was written, 2 when it could not be (no
//! such service, a file that cannot be read, an unknown revision).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use ozg::diff::{load_revision, process_changes};
use ozg::graph::{ProcessGraph, dot, mermaid, svg};
use ozg::model::Repository;
use ozg::model::load::{Selection, load_repository};

use super::{EXIT_ERROR, Global};

/// Draw a service's process: steps by kind, roles, deadlines, and guards
/// on the transitions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The service: its id in the model repository, or the path of its
    /// service.toml
    #[arg(value_name = "SERVICE")]
    service: String,

    /// What to draw
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,

    /// Highlight what changed since this git revision: added green,
    /// removed red and dashed, changed orange
    #[arg(long, value_name = "REV")]
    diff: Option<String>,

    /// Write the drawing to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Run as if started in DIR
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// A Mermaid flowchart (GitHub and GitLab draw it in Markdown)
    Mermaid,
    /// Graphviz DOT
    Dot,
    /// A laid-out SVG picture
    Svg,
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    let start = args.directory.clone().unwrap_or_else(|| PathBuf::from("."));
    let graph = match build(args, &start, global) {
        Ok(graph) => graph,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let text = match args.format {
        GraphFormat::Mermaid => mermaid::render(&graph),
        GraphFormat::Dot => dot::render(&graph),
        GraphFormat::Svg => svg::render(&graph),
    };
    let written = if let Some(path) = &args.output {
        std::fs::write(path, text).map_err(|e| messages::cannot_write(path, &e))
    } else {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(messages::cannot_write(Path::new("standard output"), &e))
            }
            _ => Ok(()),
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn build(args: &Args, start: &Path, global: Global) -> Result<ProcessGraph, String> {
    let (repository, file) = locate(&args.service, start)?;
    let service = repository
        .services
        .iter()
        .find(|s| {
            same_file(&repository.sources.get(s.file).path, &file)
                || s.meta.id.value == args.service
        })
        .ok_or_else(|| messages::no_service(&args.service))?;
    if global.verbose {
        eprintln!(
            "{}",
            messages::read(&repository.sources.get(service.file).path)
        );
    }
    let Some(revision) = &args.diff else {
        return Ok(ProcessGraph::from_service(service));
    };
    let relative = repository.sources.get(service.file).relative.clone();
    let mut files = vec![relative];
    files.extend(
        repository
            .codelists
            .iter()
            .map(|c| repository.sources.get(c.file).relative.clone()),
    );
    let dir = file
        .parent()
        .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
    let old = load_revision(&dir, revision, &files).map_err(|e| messages::revision(&e))?;
    let old_service = old.repository.service(&service.meta.id.value);
    Ok(process_changes(
        old_service.map(|s| (s, &old.repository)),
        (service, &repository),
    ))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Loads the repository holding the service, and says which file it is in.
fn locate(service: &str, start: &Path) -> Result<(Repository, PathBuf), String> {
    let (root, file) =
        super::service_place(service, start).ok_or_else(|| messages::no_repository(service))?;
    let selection = if file.is_file() {
        Selection::Paths(vec![file.clone()])
    } else {
        Selection::All
    };
    let loaded = load_repository(&root, &selection).map_err(|e| messages::load(&e))?;
    if loaded.repository.services.is_empty() {
        return Err(messages::no_service(service));
    }
    let repository = loaded.repository;
    let file = repository
        .services
        .iter()
        .find(|s| s.meta.id.value == service)
        .map_or(file, |s| repository.sources.get(s.file).path.clone());
    Ok((repository, file))
}

mod messages {
    use std::path::Path;

    use ozg::diff::DiffError;
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
             was found here\n  help: run `ozg graph` in the model repository, or give -C DIR"
        )
    }

    pub fn load(error: &LoadError) -> String {
        format!("error: {error}\n  help: check the path and that you may read the file")
    }

    pub fn revision(error: &DiffError) -> String {
        format!(
            "error: {error}\n  help: --diff takes a git revision such as HEAD~1, a branch or a \
             tag, and must be used inside the git repository of the models"
        )
    }

    pub fn read(path: &Path) -> String {
        format!("read {}", path.display())
    }

    pub fn cannot_write(path: &Path, error: &std::io::Error) -> String {
        format!(
            "error: cannot write the drawing to {}: {error}\n  help: check that the folder \
             exists and that you may write there",
            path.display()
        )
    }
}
