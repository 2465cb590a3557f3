//! Every text `ozg publish`, `ozg releases`, `ozg rollback` and `ozg
//! status` show a person, in one place, so that a translation replaces
//! this module and nothing else. Errors say what went wrong, where, and
//! what to do. No text ever contains a token: only the name of the
//! variable that holds it.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use crate::publish::git::{Difference, FileState};

// ------------------------------------------------------------- targets

pub fn no_target(known: &[String]) -> String {
    let mut out =
        "no platform given\n  help: name a target of ozg.toml with --target NAME, or give \
                   the address with --url URL (the token then comes from OZG_TOKEN)"
            .to_owned();
    if !known.is_empty() {
        let _ = write!(out, "; ozg.toml names: {}", known.join(", "));
    }
    out
}

pub fn no_config_for_target(name: &str) -> String {
    format!(
        "the target `{name}` cannot be looked up: there is no ozg.toml here\n  help: run the \
         command in the model repository (or give it with -C DIR), or give the address with \
         --url URL"
    )
}

pub fn unknown_target(name: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!(
            "ozg.toml names no target `{name}`; it names no targets at all\n  help: add \
             [targets.{name}] with url and token_env to ozg.toml, or give the address with --url"
        )
    } else {
        format!(
            "ozg.toml names no target `{name}`\n  help: the targets are: {}",
            known.join(", ")
        )
    }
}

pub fn target_without_url(name: &str) -> String {
    format!(
        "the target `{name}` in ozg.toml has no url\n  help: add url = \"https://…\" under \
         [targets.{name}]"
    )
}

pub fn invalid_url(url: &str, reason: &str) -> String {
    format!("`{url}` is not a platform address: {reason}")
}

pub fn url_without_scheme() -> String {
    "write the whole address with http:// or https://, such as http://127.0.0.1:8480".to_owned()
}

pub fn url_with_api_path() -> String {
    "give the platform's base address without /api/v1; ozg adds the API path itself".to_owned()
}

pub fn url_scheme(scheme: &str) -> String {
    format!("it starts with `{scheme}:`, but the platform speaks http or https")
}

pub fn url_with_credentials() -> String {
    "it contains a user name or password; put the token in its environment variable instead"
        .to_owned()
}

pub fn url_with_query() -> String {
    "give only the platform's base address, without `?` or `#`".to_owned()
}

pub fn no_token(variable: &str) -> String {
    format!(
        "no token: the environment variable {variable} is not set or empty\n  help: set \
         {variable} to a token of the platform (`ozg serve token add NAME --scope publish` \
         makes one); in CI, store it as a masked secret variable"
    )
}

pub fn token_unusable(variable: &str) -> String {
    format!(
        "the token in {variable} contains spaces or characters a token cannot have\n  help: \
         copy the token again into {variable}, without quotes or line breaks"
    )
}

pub fn token_in_clear(url: &str) -> String {
    format!(
        "warning: {url} uses plain http: the token travels unencrypted. Use https, or a \
         platform on this machine."
    )
}

// ------------------------------------------------------------- client

pub fn client_setup(detail: &str) -> String {
    format!("cannot set up the connection: {detail}")
}

pub fn timed_out() -> String {
    "no answer in time".to_owned()
}

pub fn status_reason(status: u16) -> String {
    match status {
        408 => "the platform took too long (408)".to_owned(),
        429 => "the platform is busy (429)".to_owned(),
        502 | 504 => format!("a proxy in front of the platform could not reach it ({status})"),
        503 => "the platform is not available at the moment (503)".to_owned(),
        other => format!("answer {other}"),
    }
}

pub fn unreachable(url: &str, detail: &str, attempts: u32) -> String {
    format!(
        "cannot reach the platform at {url}: {detail} ({})\n  help: check the address and that \
         the platform is running; a publish or rollback that stopped here changed nothing \
         unless `ozg releases` shows it, and repeating it is safe",
        tries(attempts)
    )
}

pub fn unavailable(url: &str, status: u16, attempts: u32) -> String {
    format!(
        "the platform at {url} did not take the request: {} ({})\n  help: try again later",
        status_reason(status),
        tries(attempts)
    )
}

fn tries(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{attempts} attempts")
    }
}

pub fn unauthorized(variable: &str) -> String {
    format!(
        "the platform refused the token in {variable}: it is unknown, revoked or mistyped\n  \
         help: check {variable}; `ozg serve token list` on the platform shows which tokens are \
         active"
    )
}

pub fn forbidden(variable: &str, scope: &str) -> String {
    format!(
        "the token in {variable} may not do this: it lacks the scope `{scope}`\n  help: use a \
         token made with --scope {scope}"
    )
}

pub fn state_moved() -> String {
    "the platform has changed since the plan was made; make a new plan\n  help: another \
     release or rollback came first. Run the command again to plan against the new state and \
     review what changed"
        .to_owned()
}

pub fn rejected(status: u16, message: &str) -> String {
    format!("the platform refused the request ({status}): {message}")
}

pub fn unexpected(url: &str, status: u16, text: &str) -> String {
    let shown = if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    };
    format!(
        "{url} gave an answer that is not the platform's (status {status}){shown}\n  help: check \
         that the address points at an ozg platform"
    )
}

pub fn retrying(attempt: u32, attempts: u32, seconds: f64, reason: &str) -> String {
    format!("{reason}; trying again in {seconds:.1} s (attempt {attempt} of {attempts})")
}

// ------------------------------------------------------------- bundle

pub fn cannot_read(path: &Path, error: &std::io::Error) -> String {
    format!(
        "cannot read {}: {error}\n  help: check that the file exists and that you may read it",
        path.display()
    )
}

pub fn no_services(root: &Path) -> String {
    format!(
        "{} holds no services: a model repository keeps them in services/<id>/service.toml\n  \
         help: run the command in the model repository, or give it with -C DIR",
        shown(root)
    )
}

pub fn path_refused(path: &str, reason: &str) -> String {
    format!(
        "{path} cannot be published: {reason}\n  help: rename the file or folder; service \
         folders are written like service ids (lower-case letters, digits, _)"
    )
}

pub fn not_text(path: &str) -> String {
    format!("{path} is not UTF-8 text and cannot be published\n  help: save it as UTF-8")
}

fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() || path == Path::new(".") {
        "this folder".to_owned()
    } else {
        path.display().to_string()
    }
}

// ------------------------------------------------------------- git

pub fn git_unreadable(what: &str, message: &str) -> String {
    format!(
        "cannot read {what} from git: {message}\n  help: the git repository may be damaged; \
         `git fsck` checks it"
    )
}

pub fn dirty(differences: &[Difference]) -> String {
    const SHOWN: usize = 10;
    let mut out = format!(
        "the model files differ from the last commit ({}):",
        counted(differences.len(), "file", "files")
    );
    for d in differences.iter().take(SHOWN) {
        let state = match d.state {
            FileState::Modified => "modified",
            FileState::Untracked => "not committed",
            FileState::Deleted => "deleted",
        };
        let _ = write!(out, "\n  {state:<14} {}", d.path);
    }
    if differences.len() > SHOWN {
        let _ = write!(out, "\n  … and {} more", differences.len() - SHOWN);
    }
    out.push_str(
        "\n  help: commit the changes first, so that the release records what it holds; or \
         publish anyway with --allow-dirty",
    );
    out
}

pub fn not_in_git() -> String {
    "the model repository is not in git, so the release cannot record a commit\n  help: \
     publish from a git checkout, or publish anyway with --allow-dirty"
        .to_owned()
}

pub fn no_commit() -> String {
    "the git repository has no commit yet\n  help: commit the model files first, or publish \
     anyway with --allow-dirty"
        .to_owned()
}

// ------------------------------------------------------------- checks

pub fn lint_refused(errors: usize) -> String {
    let them = if errors == 1 { "it" } else { "them" };
    format!(
        "not published: `ozg lint` finds {}\n  help: fix {them} (warnings do not stop a publish)",
        counted(errors, "error", "errors")
    )
}

pub fn scenarios_refused(failed: usize, total: usize) -> String {
    format!(
        "not published: {failed} of {total} scenarios did not come out as expected\n  help: `ozg test` \
         shows them; fix the model or the scenario"
    )
}

pub fn checks_passed(warnings: usize, scenarios: usize) -> String {
    let warnings = if warnings == 0 {
        "no lint errors".to_owned()
    } else {
        format!(
            "no lint errors ({})",
            counted(warnings, "warning", "warnings")
        )
    };
    format!(
        "checked: {warnings}, {} passed",
        counted(scenarios, "scenario", "scenarios")
    )
}

// ------------------------------------------------------------- publishing

pub fn left_out(services: &[String]) -> String {
    format!(
        "the platform serves {} that the repository no longer has: {}\n  help: a service is \
         taken off the platform only when you say so: add --remove ID for each (or restore its \
         folder)",
        counted(services.len(), "service", "services"),
        services.join(", ")
    )
}

pub fn remove_unknown(id: &str) -> String {
    format!(
        "--remove {id}: the platform does not serve `{id}`\n  help: check the id with `ozg status`"
    )
}

pub fn remove_bundled(id: &str) -> String {
    format!(
        "--remove {id}: the repository still has services/{id}/service.toml\n  help: delete the \
         service's folder (and commit) before removing it from the platform"
    )
}

pub fn nothing_to_publish(target: &str, release: Option<u64>) -> String {
    match release {
        Some(r) => format!(
            "Nothing to publish: {target} already serves exactly these files (release {r})."
        ),
        None => format!("Nothing to publish to {target}."),
    }
}

pub fn no_terminal() -> String {
    "not published: there is no terminal to confirm the plan\n  help: review the plan above and \
     pass --yes to publish without asking (as in a pipeline), or save it with --plan-out FILE"
        .to_owned()
}

pub fn no_terminal_rollback() -> String {
    "not rolled back: there is no terminal to confirm the plan\n  help: review the plan above \
     and pass --yes to roll back without asking"
        .to_owned()
}

pub fn confirm_publish(target: &str) -> String {
    format!("Publish this plan to {target}?")
}

pub fn confirm_rollback(target: &str, release: u64) -> String {
    format!("Roll {target} back to release {release}?")
}

pub fn declined() -> String {
    "Nothing was changed.".to_owned()
}

pub fn prompt_failed(error: &str) -> String {
    format!("cannot ask for confirmation: {error}")
}

pub fn plan_saved(path: &Path) -> String {
    format!(
        "Plan saved to {}. Apply exactly this plan with: ozg publish --plan {}",
        path.display(),
        path.display()
    )
}

pub fn dry_run_done() -> String {
    "Dry run: the platform checked the bundle; nothing was published.".to_owned()
}

pub fn published(release: u64, target: &str, counts: [usize; 4]) -> String {
    format!(
        "Published release {release} to {target}: {}.",
        counts_text(counts)
    )
}

pub fn rolled_back(release: u64, to: u64, target: &str, counts: [usize; 4]) -> String {
    format!(
        "Rolled {target} back to the content of release {to} as release {release}: {}.",
        counts_text(counts)
    )
}

pub fn replayed() -> String {
    "(the platform had already carried out this request; it repeated its answer)".to_owned()
}

fn counts_text([added, changed, removed, unchanged]: [usize; 4]) -> String {
    format!("{added} added, {changed} changed, {removed} removed, {unchanged} unchanged")
}

pub fn plan_mismatch(paths: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = format!(
        "the local files no longer match the plan ({} {}):",
        counted(paths.len(), "file", "files"),
        if paths.len() == 1 {
            "differs"
        } else {
            "differ"
        }
    );
    for path in paths.iter().take(SHOWN) {
        let _ = write!(out, "\n  {path}");
    }
    if paths.len() > SHOWN {
        let _ = write!(out, "\n  … and {} more", paths.len() - SHOWN);
    }
    out.push_str(
        "\n  help: check out the commit the plan was made from, or make a new plan with \
         --plan-out",
    );
    out
}

pub fn plan_other_commit(planned: Option<&str>, now: Option<&str>) -> String {
    let name =
        |c: Option<&str>| c.map_or_else(|| "no commit".to_owned(), |c| format!("commit {c}"));
    format!(
        "the plan names {} as its source, but the files are those of {}\n  help: a plan is \
         applied from the commit it was made from; check that commit out, or make a new plan \
         with --plan-out",
        name(planned),
        name(now)
    )
}

pub fn plan_other_target(planned: &str, given: &str) -> String {
    format!(
        "the plan was made for {planned}, not for {given}\n  help: apply it without --target and \
         --url, or make a new plan for {given}"
    )
}

pub fn plan_already_applied(release: u64) -> String {
    format!("(this plan had already been applied as release {release})")
}

pub fn plan_key_invalid() -> String {
    "the plan's idempotency_key is not 1 to 200 visible characters".to_owned()
}

pub fn plan_unreadable(path: &Path, error: &std::io::Error) -> String {
    format!("cannot read the plan {}: {error}", path.display())
}

pub fn plan_not_a_plan(path: &Path, message: &str) -> String {
    format!(
        "{} is not a plan of ozg publish: {message}\n  help: make one with ozg publish --plan-out \
         FILE",
        path.display()
    )
}

pub fn plan_format_missing() -> String {
    "it lacks \"format\": \"ozg-publish-plan\"".to_owned()
}

pub fn plan_version(path: &Path, version: u32) -> String {
    format!(
        "{} is a plan of version {version}, but this ozg reads version {}\n  help: make a new \
         plan with this ozg",
        path.display(),
        crate::publish::plan::PLAN_VERSION
    )
}

pub fn plan_not_written(path: &Path, error: &std::io::Error) -> String {
    format!(
        "cannot write the plan to {}: {error}\n  help: check that the folder exists and that you \
         may write there",
        path.display()
    )
}

pub fn server_refused(message: &str) -> String {
    format!("the platform refused the release: {message}")
}

pub fn unknown_release(id: u64) -> String {
    format!("the platform has no release {id}\n  help: `ozg releases` lists them")
}

pub fn already_current(release: u64) -> String {
    format!("Nothing to roll back: the platform already serves the content of release {release}.")
}

pub fn empty_platform() -> String {
    "the platform has no release yet".to_owned()
}

// ------------------------------------------------------------- plan text

pub fn only_form_changed() -> String {
    "the service file changed, but nothing the platform runs: only comments or formatting"
        .to_owned()
}

pub fn dependency_changed() -> String {
    "its service file is the same; ozg.toml or a code list it uses changed".to_owned()
}

pub fn plan_heading(target: &str, release: Option<u64>, based_on: &str) -> String {
    match release {
        Some(r) => format!("Plan for {target}, against release {r} (state {based_on}):"),
        None => format!("Plan for {target}, against an empty platform (state {based_on}):"),
    }
}

pub fn rollback_heading(target: &str, to: u64, based_on: &str) -> String {
    format!("Rollback of {target} to the content of release {to} (state {based_on}):")
}

pub fn commit_line(commit: Option<&str>) -> String {
    match commit {
        Some(c) => format!("commit {c}"),
        None => "commit unknown".to_owned(),
    }
}

pub fn added_effect(valid_from: Option<Date>, today: Date) -> String {
    match valid_from {
        Some(d) if d > today => format!("new; takes effect on {d}"),
        Some(d) => format!("new; takes effect at once (valid from {d})"),
        None => "new".to_owned(),
    }
}

pub fn changed_effect(valid_from: Option<Date>, previous: Option<Date>, today: Date) -> String {
    match (valid_from, previous) {
        (Some(d), Some(p)) if d > today && p < d => {
            format!("changed; takes effect on {d} (the version valid from {p} serves until then)")
        }
        (Some(d), _) if d > today => format!("changed; takes effect on {d}"),
        (Some(d), Some(p)) if d != p => {
            format!("changed; takes effect at once (valid from {d}; was valid from {p})")
        }
        (Some(d), _) => format!("changed; takes effect at once (valid from {d})"),
        (None, _) => "changed".to_owned(),
    }
}

pub fn removed_effect() -> String {
    "removed; taken off the platform at once (cases already started keep their version)".to_owned()
}

pub fn unchanged_line(valid_from: Option<Date>) -> String {
    match valid_from {
        Some(d) => format!("unchanged, valid from {d}"),
        None => "unchanged".to_owned(),
    }
}

pub fn unchanged_folded(n: usize) -> String {
    format!(
        "{} unchanged (-v lists them)",
        counted(n, "service", "services")
    )
}

pub fn breaking_label() -> &'static str {
    "may break cases in progress"
}

pub fn note_label() -> &'static str {
    "note"
}

pub fn codelists_heading() -> &'static str {
    "Shared code lists:"
}

pub fn other_files(paths: &[String]) -> String {
    // A first release lists every scenario; a few names say enough.
    const SHOWN: usize = 5;
    let mut out = format!(
        "Other files that differ: {}",
        paths
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    if paths.len() > SHOWN {
        let _ = write!(out, " and {} more", paths.len() - SHOWN);
    }
    out
}

pub fn warnings_heading(n: usize) -> String {
    format!(
        "The platform reports {}:",
        counted(n, "warning", "warnings")
    )
}

pub fn plan_footer(counts: [usize; 4]) -> String {
    let [added, changed, removed, unchanged] = counts;
    format!(
        "Plan: {added} to add, {changed} to change, {removed} to remove, {unchanged} unchanged."
    )
}

pub fn no_service_changes() -> String {
    "No service changes; the release records the files and the commit.".to_owned()
}

pub fn diagnostics_heading(n: usize) -> String {
    format!(
        "The platform found {} in the bundle:",
        counted(n, "problem", "problems")
    )
}

// ------------------------------------------------------------- history

pub fn releases_empty(target: &str) -> String {
    format!("{target} has no releases yet.")
}

pub fn release_kind_rollback(of: Option<u64>) -> String {
    match of {
        Some(r) => format!("rollback to release {r}"),
        None => "rollback".to_owned(),
    }
}

pub fn release_kind_publish() -> &'static str {
    "publish"
}

pub fn by(author: Option<&str>, token: &str) -> String {
    match author {
        Some(a) if a != token => format!("by {a} (token {token})"),
        _ => format!("by token {token}"),
    }
}

pub fn no_commit_recorded() -> &'static str {
    "no commit recorded"
}

pub fn no_service_changed() -> &'static str {
    "no service changed"
}

pub fn more_releases(before: u64) -> String {
    format!("(older releases: --before {before})")
}

// ------------------------------------------------------------- status

pub fn status_heading(target: &str, release: Option<u64>, today: Date, source: &str) -> String {
    let release = release.map_or_else(|| "no release".to_owned(), |r| format!("release {r}"));
    format!("{target} ({release}, today {today}) against {source}:")
}

pub fn status_source_head(commit: &str) -> String {
    format!("HEAD {}", short(commit))
}

pub fn status_source_worktree() -> &'static str {
    "the working tree (not in git)"
}

pub fn status_source_worktree_unborn() -> &'static str {
    "the working tree (no commit yet)"
}

pub fn worktree_differs(n: usize) -> String {
    let verb = if n == 1 { "differs" } else { "differ" };
    format!(
        "note: {} in the working tree {verb} from HEAD; `ozg status` compares HEAD",
        counted(n, "model file", "model files")
    )
}

pub fn standing_in_sync() -> &'static str {
    "in sync"
}

pub fn standing_upcoming() -> &'static str {
    "upcoming"
}

pub fn standing_not_published() -> &'static str {
    "not published"
}

pub fn standing_new() -> &'static str {
    "new"
}

pub fn standing_only_on_platform() -> &'static str {
    "only on platform"
}

pub fn in_force(valid_from: Date) -> String {
    format!("in force since {valid_from}")
}

pub fn takes_effect_on(date: Date, serving: Option<Date>) -> String {
    match serving {
        Some(s) => format!("takes effect on {date}; the version from {s} serves until then"),
        None => format!("takes effect on {date}"),
    }
}

pub fn local_and_platform(local: Option<Date>, platform: Option<Date>) -> String {
    let date = |d: Option<Date>| d.map_or_else(|| "no date".to_owned(), |d| d.to_string());
    format!(
        "local version valid from {}; the platform's latest from {}",
        date(local),
        date(platform)
    )
}

pub fn not_on_platform(local: Option<Date>) -> String {
    match local {
        Some(d) => format!("not on the platform yet (valid from {d})"),
        None => "not on the platform yet".to_owned(),
    }
}

pub fn not_in_repository() -> &'static str {
    "served, but not in the repository (publish with --remove to take it off)"
}

pub fn status_footer(in_sync: usize, differ: usize) -> String {
    if differ == 0 {
        format!(
            "All {} in sync: nothing to publish.",
            counted(in_sync, "service", "services")
        )
    } else {
        let verb = if differ == 1 { "differs" } else { "differ" };
        format!(
            "{in_sync} in sync, {} {verb}: a publish is due.",
            counted(differ, "service", "services")
        )
    }
}

// ------------------------------------------------------------- verbose

pub fn verbose_platform(label: &str) -> String {
    format!("platform {label}")
}

pub fn verbose_read(files: usize, root: &Path, commit: Option<&str>) -> String {
    format!(
        "read {} ({}), {}",
        counted(files, "file", "files"),
        root.display(),
        commit_line(commit)
    )
}

pub fn verbose_checks(ms: f64) -> String {
    format!("checks took {ms:.0} ms")
}

pub fn verbose_prepared(ms: f64) -> String {
    format!("prepared in {ms:.0} ms")
}

pub fn platform_working() -> &'static str {
    "the platform checks the bundle"
}

// ------------------------------------------------------------- helpers

/// The first 12 hex digits of a commit, as `git log --oneline` shows it
/// (more than git's 7, to stay unique in large repositories).
pub fn short(commit: &str) -> String {
    let cut = |id: &str| id.chars().take(12).collect::<String>();
    match commit.split_once('-') {
        Some((id, rest)) => format!("{}-{rest}", cut(id)),
        None => cut(commit),
    }
}

pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
