//! Command-line parsing and rendering. This layer only parses arguments,
//! calls the library and renders what it returns.

mod deadline;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Configuration as code for German e-government services.
#[derive(Debug, Parser)]
#[command(name = "ozg", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Deadline(deadline::Args),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Deadline(args) => deadline::run(&args),
    }
}
