//! Command-line parsing and rendering. This layer only parses arguments,
//! calls the library and renders what it returns.
//!
//! Exit codes are the same for every command: 0 when all is well, 1 when
//! the command ran and found problems (lint findings that fail the run),
//! 2 when it could not do its work (wrong arguments, unreadable files, a
//! broken `ozg.toml`).

mod completions;
mod deadline;
mod diff;
mod eval;
mod explain;
mod export;
mod graph;
mod import;
mod lint;
mod load;
mod publish;
mod releases;
mod rollback;
mod serve;
mod simulate;
mod status;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Configuration as code for German e-government services.
#[derive(Debug, Parser)]
#[command(name = "ozg", version, about, propagate_version = true)]
pub struct Cli {
    /// Print only errors: no warnings, no summary
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print, on standard error, which files were read and how long
    /// each stage took
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The flags that apply to every command.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub quiet: bool,
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Lint(lint::Args),
    /// Evaluate a FEEL expression and print its value.
    Eval(eval::Args),
    /// Run the scenarios of services and compare them with what they expect.
    Test(test::Args),
    Deadline(deadline::Args),
    Explain(explain::Args),
    Diff(diff::Args),
    Graph(graph::Args),
    Completions(completions::Args),
    Import(import::Args),
    Simulate(simulate::Args),
    Export(export::Args),
    Serve(serve::Args),
    Publish(publish::Args),
    Releases(releases::Args),
    Rollback(rollback::Args),
    Status(status::Args),
}

/// Exit code: the command ran and found problems.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code: the command could not do its work.
pub const EXIT_ERROR: u8 = 2;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let global = Global {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Lint(args) => lint::run(&args, global),
        Command::Eval(args) => eval::run(&args),
        Command::Test(args) => test::run(&args, global),
        Command::Deadline(args) => deadline::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Diff(args) => diff::run(&args, global),
        Command::Graph(args) => graph::run(&args, global),
        Command::Completions(args) => completions::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Simulate(args) => simulate::run(&args, global),
        Command::Export(args) => export::run(&args, global),
        Command::Serve(args) => serve::run(&args, global),
        Command::Publish(args) => publish::run(&args, global),
        Command::Releases(args) => releases::run(&args, global),
        Command::Rollback(args) => rollback::run(&args, global),
        Command::Status(args) => status::run(&args, global),
    }
}

/// Where a service named on the command line lies: SERVICE is the path
/// of a service file or of its folder, else the id of a service in the
/// repository found from `start`. Gives the repository root and the
/// service file, which for an id need not exist; `None` when SERVICE is
/// no file and no repository is found.
fn service_place(service: &str, start: &std::path::Path) -> Option<(PathBuf, PathBuf)> {
    let given = start.join(service);
    let as_file = if given.is_dir() {
        given.join("service.toml")
    } else {
        given
    };
    if as_file.is_file() {
        let root = ozg::model::load::find_root(&as_file).unwrap_or_else(|| {
            as_file
                .parent()
                .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)
        });
        return Some((root, as_file));
    }
    let root = ozg::model::load::find_root(start)?;
    let file = root.join("services").join(service).join("service.toml");
    Some((root, file))
}
