//! Command-line parsing and rendering. This layer only parses arguments,
//! calls the library and renders what it returns.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod eval;

/// Configuration as code for German e-government services.
#[derive(Debug, Parser)]
#[command(name = "ozg", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a FEEL expression and print its value.
    Eval(eval::Args),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval(args) => eval::run(&args),
    }
}
