//! `ozg rollback --to RELEASE`: make an earlier release's content current
//! again, as a new release, after showing what changes back.
//!
//! Exit codes: 0 rolled back (or planned, or nothing to roll back), 2 it
//! could not be done (no token, a refused token, an unknown release, the
//! state moved since the plan, no terminal to confirm on).

use std::process::ExitCode;

use serde_json::json;

use ozg::platform::api::{ReleaseDetail, RollbackRequest};
use ozg::publish::client::{Client, ClientError, IdempotencyKey, Written};
use ozg::publish::messages as msg;
use ozg::publish::output::{self, Format};
use ozg::publish::plan::{self, PlanContext, SideFile};
use ozg::publish::{PublishError, Target};

use super::publish::{
    Bar, RemoteArgs, Reported, ask, finish, print, read_config, report_error, report_release,
};
use super::{EXIT_ERROR, Global};

/// Make an earlier release's content current again, as a new release.
///
/// Shows first what changes back, service by service, and asks on a
/// terminal; pass --yes in a pipeline. The history keeps every release in
/// between.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    remote: RemoteArgs,

    /// The release whose content becomes current again
    #[arg(long = "to", value_name = "RELEASE")]
    to: u64,

    /// Roll back without asking (for pipelines)
    #[arg(short = 'y', long)]
    yes: bool,

    /// Only show what would change back
    #[arg(long)]
    dry_run: bool,

    /// Who rolls back (default: the token's name)
    #[arg(long, value_name = "NAME")]
    author: Option<String>,

    /// Why
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match roll_back(args, global) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// An unknown release is named as such rather than as the platform's
/// answer.
fn release_error(id: u64) -> impl Fn(ClientError) -> PublishError {
    move |error| match error.code() {
        Some(ozg::platform::api::code::UNKNOWN_RELEASE) => PublishError::UnknownRelease(id),
        _ => error.into(),
    }
}

/// What changes back, in words: the current content against the
/// release's, with content fetched only when a service file differs.
fn changes_back(
    client: &Client,
    current: &ReleaseDetail,
    wanted: &ReleaseDetail,
) -> Result<plan::Summaries, PublishError> {
    let mut old = SideFile::from_release(&current.files);
    let mut new = SideFile::from_release(&wanted.files);
    if plan::needs_content(&old, &new) {
        old = SideFile::from_release(&client.release(current.release.id, true)?.files);
        new = SideFile::from_release(&client.release(wanted.release.id, true)?.files);
    }
    Ok(plan::summarise(&old, &new))
}

fn roll_back(args: &Args, global: Global) -> Result<ExitCode, PublishError> {
    let format = args.remote.format();
    let style = args.remote.style(global);
    let root = args.remote.root();
    let config = read_config(&root)?;
    let target: Target = args.remote.target(config.as_deref())?;
    let client = args.remote.connect(&target, global)?;
    let state = client.state()?;
    let Some(current_id) = state.release else {
        return Err(PublishError::UnknownRelease(args.to));
    };
    let wanted = client
        .release(args.to, false)
        .map_err(release_error(args.to))?;
    let current = client.release(current_id, false)?;
    let same_files = wanted.files.len() == current.files.len()
        && wanted
            .files
            .iter()
            .zip(&current.files)
            .all(|(a, b)| a.path == b.path && a.sha256 == b.sha256);
    if same_files && wanted.services == current.services {
        return finish(
            format,
            &msg::already_current(args.to),
            &json!({ "status": "nothing_to_roll_back", "target": target.url }),
        );
    }

    let summaries = changes_back(&client, &current, &wanted)?;

    let request = RollbackRequest {
        release: args.to,
        author: args.author.clone(),
        message: args.message.clone(),
        dry_run: true,
    };
    let progress = Bar::shared(format, global);
    let planned = client
        .rollback(&request, Some(&state.etag), None, &progress)
        .map_err(release_error(args.to))?
        .outcome;
    let titles = |id: &str| {
        wanted
            .services
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.versions.last())
            .map(|v| v.title.clone())
    };
    let context = PlanContext {
        target: &target,
        state: &state,
        commit: wanted.release.commit.clone(),
        titles: &titles,
    };
    let view = plan::view(
        &planned.plan,
        &planned.based_on,
        &context,
        &summaries,
        Vec::new(),
    );
    if format == Format::Human && !global.quiet {
        print(&output::plan(
            &view,
            &msg::rollback_heading(&target.label(), args.to, &view.based_on),
            style,
        ))?;
    }
    if args.dry_run {
        return finish(
            format,
            &msg::dry_run_done(),
            &json!({ "status": "dry_run", "plan": view }),
        );
    }
    if !args.yes
        && let Some(code) = ask(
            &msg::confirm_rollback(&target.label(), args.to),
            &msg::no_terminal_rollback(),
            format,
            &view,
        )?
    {
        return Ok(code);
    }
    let key = IdempotencyKey::generate();
    let request = RollbackRequest {
        dry_run: false,
        ..request
    };
    let written = client
        .rollback(&request, Some(&planned.based_on), Some(&key), &progress)
        .map_err(release_error(args.to))?;
    report(args, &written, &target, &view, global)
}

/// Says which release the rollback made, or writes it as JSON.
fn report(
    args: &Args,
    written: &Written,
    target: &Target,
    view: &plan::PlanView,
    global: Global,
) -> Result<ExitCode, PublishError> {
    report_release(
        view,
        written,
        target,
        Reported {
            format: args.remote.format(),
            global,
            status: "rolled_back",
            line: &|release, counts| msg::rolled_back(release.id, args.to, &target.label(), counts),
        },
    )
}
