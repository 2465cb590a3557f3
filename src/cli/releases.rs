//! `ozg releases`: the platform's release history, newest first: who
//! published what, when, from which commit, and which services changed.
//!
//! Exit codes: 0 shown, 2 the history could not be read (no token, a
//! refused token, the platform unreachable).

use std::process::ExitCode;

use serde_json::json;

use ozg::platform::api::Change;
use ozg::publish::PublishError;
use ozg::publish::output::{self, ChangedService, Format, HistoryEntry};

use super::publish::{RemoteArgs, print, print_json, read_config, report_error};
use super::{EXIT_ERROR, Global};

/// Show the platform's release history: who published what and when,
/// from which commit, with which token, and the services each changed.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    remote: RemoteArgs,

    /// How many releases to show, newest first
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=500))]
    limit: u64,

    /// Show only releases older than this one
    #[arg(long, value_name = "RELEASE")]
    before: Option<u64>,
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match history(args, global) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn history(args: &Args, global: Global) -> Result<ExitCode, PublishError> {
    let root = args.remote.root();
    let config = read_config(&root)?;
    let target = args.remote.target(config.as_deref())?;
    let client = args.remote.connect(&target, global)?;
    let limit = usize::try_from(args.limit).unwrap_or(20);
    let list = client.releases(limit, args.before)?;
    let mut entries = Vec::with_capacity(list.releases.len());
    for summary in list.releases {
        // The list carries counts only; the services come with each
        // release's plan.
        let detail = client.release(summary.id, false)?;
        let services = detail
            .plan
            .services
            .into_iter()
            .filter(|s| s.change != Change::Unchanged)
            .map(|s| ChangedService {
                id: s.id,
                change: s.change,
            })
            .collect();
        entries.push(HistoryEntry { summary, services });
    }
    match args.remote.format() {
        Format::Human => print(&output::history(
            &entries,
            &target.label(),
            list.next_before,
            args.remote.style(global),
        ))?,
        Format::Json => print_json(&json!({
            "target": target.url,
            "releases": entries,
            "next_before": list.next_before,
        }))?,
    }
    Ok(ExitCode::SUCCESS)
}
