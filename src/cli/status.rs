//! `ozg status`: what the platform serves against the local `HEAD`,
//! service by service: in sync, a local change not published, a version
//! published that takes effect later, or a service only on the platform.
//!
//! Exit codes: 0 shown (with `--exit-code`: and nothing differs), 1 with
//! `--exit-code` when a publish is due, 2 the status could not be read.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::json;

use ozg::model::load::load_contents;
use ozg::platform::release::sha256;
use ozg::publish::bundle::Bundle;
use ozg::publish::messages as msg;
use ozg::publish::output::{self, Format};
use ozg::publish::{PublishError, git, status};

use super::publish::{RemoteArgs, print, print_json, read_config, report_error};
use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Show what the platform serves against the last commit, service by
/// service: in sync, not published, upcoming, only on the platform.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    remote: RemoteArgs,

    /// Exit with 1 when the platform and the commit differ (a publish is
    /// due), 0 when they agree
    #[arg(long)]
    exit_code: bool,
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match show(args, global) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn show(args: &Args, global: Global) -> Result<ExitCode, PublishError> {
    let root = args.remote.root();
    let config = read_config(&root)?;
    let target = args.remote.target(config.as_deref())?;

    // HEAD when there is one; the files on disk otherwise.
    let (source, commit, files, worktree_differs) =
        if let Some((commit, files)) = git::head_files(&root)? {
            let differs = worktree_differences(&root)?;
            (
                msg::status_source_head(&commit.id),
                Some(commit.id),
                files,
                differs,
            )
        } else {
            let bundle = Bundle::read(&root)?;
            let source = match git::inspect(&bundle)? {
                git::GitStatus::Outside => msg::status_source_worktree(),
                git::GitStatus::Inside { .. } => msg::status_source_worktree_unborn(),
            };
            let files = bundle
                .files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect();
            (source.to_owned(), None, files, 0)
        };
    let hashes: BTreeMap<String, String> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256(bytes)))
        .collect();
    let repository = load_contents(&root, files).repository;

    let client = args.remote.connect(&target, global)?;
    let state = client.state()?;
    let services = status::compare(&state, &repository, &hashes);
    let differ = services.iter().any(|s| s.standing.differs());
    match args.remote.format() {
        Format::Human => {
            if !global.quiet {
                let heading =
                    msg::status_heading(&target.label(), state.release, state.today, &source);
                print(&output::status(
                    &services,
                    &heading,
                    args.remote.style(global),
                ))?;
                if worktree_differs > 0 {
                    eprintln!("{}", msg::worktree_differs(worktree_differs));
                }
            }
        }
        Format::Json => print_json(&json!({
            "target": target.url,
            "release": state.release,
            "today": state.today,
            "etag": state.etag,
            "commit": commit,
            "differs": differ,
            "services": services,
        }))?,
    }
    if args.exit_code && differ {
        Ok(ExitCode::from(EXIT_PROBLEMS))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// How many model files on disk differ from `HEAD`. A working tree the
/// bundle cannot be read from counts as none: the status is about `HEAD`,
/// and a publish would report the problem.
fn worktree_differences(root: &std::path::Path) -> Result<usize, PublishError> {
    let Ok(bundle) = Bundle::read(root) else {
        return Ok(0);
    };
    Ok(match git::inspect(&bundle)? {
        git::GitStatus::Inside { differences, .. } => differences.len(),
        git::GitStatus::Outside => 0,
    })
}
