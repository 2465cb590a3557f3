//! `ozg import fim`: service skeletons from FIM XDatenfelder files.
//!
//! Exit codes: 0 when every file was imported and written (warnings go to
//! stderr), 2 when a file cannot be read or mapped, an argument is wrong,
//! or writing would replace changed files. Nothing is written unless every
//! input could be imported.

#![allow(
    clippy::doc_markdown,
    reason = "FIM's names (XDatenfelder, XRepository) are words here, not code"
)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use jiff::civil::Date;

use ozg::fim::{self, FimError, ImportOptions};

/// Create model files from forms described elsewhere.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, Subcommand)]
enum Source {
    Fim(FimArgs),
}

/// Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their
/// genericode code lists as service skeletons.
///
/// Each FILE becomes services/<id>/service.toml under the output folder,
/// imported code lists become codelists/<id>.toml, and ozg.toml is created
/// when the folder has none. Code lists are looked for in the --codelists
/// folders and next to each FILE; lists not found stay references to the
/// federal XRepository and are reported.
#[derive(Debug, clap::Args)]
struct FimArgs {
    /// XDatenfelder files (Stammdatenschema, Datenfeldgruppe or Datenfeld).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// A folder with genericode code lists (may be given several times).
    #[arg(long, value_name = "DIR")]
    codelists: Vec<PathBuf>,

    /// The model repository to write into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// Federal state whose public holidays apply (BW, BY, ... or DE-BW);
    /// needed unless the repository's ozg.toml names one.
    #[arg(long, value_name = "CODE")]
    state: Option<String>,

    /// The responsible authority.
    #[arg(long, value_name = "NAME")]
    authority: Option<String>,

    /// The service id (one FILE only); by default made from the title.
    #[arg(long, value_name = "ID")]
    id: Option<String>,

    /// The day of the import, as YYYY-MM-DD; used as valid_from where FIM
    /// gives no date. Defaults to today in Germany.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<Date>,

    /// Replace files that exist with other content.
    #[arg(long)]
    force: bool,

    /// Print only errors.
    #[arg(short, long)]
    quiet: bool,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2024-01-31"))
}

pub fn run(args: &Args) -> ExitCode {
    let Source::Fim(args) = &args.source;
    match import_fim(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn import_fim(args: &FimArgs) -> Result<(), FimError> {
    if args.state.is_none() && fim::project_state(&args.out)?.is_none() {
        return Err(FimError::NoState {
            config: args.out.join("ozg.toml"),
        });
    }
    let options = ImportOptions {
        codelist_dirs: args.codelists.clone(),
        state: args.state.clone(),
        authority: args.authority.clone(),
        service_id: args.id.clone(),
        date: args.date.unwrap_or_else(today_in_germany),
    };
    let import = fim::import(&args.files, &options)?;
    let files = fim::render(&import, &args.out);
    let written = fim::write_files(&args.out, &files, args.force)?;
    if args.quiet {
        return Ok(());
    }
    for warning in &import.warnings {
        eprintln!("{warning}");
    }
    for service in &import.services {
        let path = args
            .out
            .join("services")
            .join(&service.draft.id)
            .join("service.toml");
        println!(
            "{}",
            fim::messages::service_written(&service.source, &path, &service.summary)
        );
    }
    for (path, state) in written {
        println!(
            "{}",
            fim::messages::file_written(&args.out.join(path), state)
        );
    }
    Ok(())
}

fn today_in_germany() -> Date {
    let now = jiff::ZonedDateTime::now();
    now.in_tz("Europe/Berlin")
        .map_or_else(|_| now.date(), |berlin| berlin.date())
}
