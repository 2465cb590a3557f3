//! `ozg publish`: check the models, show what will change on the
//! platform, and publish exactly that. Also the parts `ozg releases`,
//! `ozg rollback` and `ozg status` share: choosing the platform, the
//! connection, progress and error reports.
//!
//! Exit codes: 0 published (or planned, or nothing to publish), 1 refused
//! because lint finds errors or a scenario fails, 2 could not publish
//! (no token, refused token, platform unreachable, state moved since the
//! plan, the platform refused the bundle, uncommitted files, no terminal
//! to confirm on).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use clap::builder::{PossibleValuesParser, TypedValueParser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use ozg::model::Config;
use ozg::model::load::{find_root, load_contents};
use ozg::publish::bundle::{Bundle, ReleaseText};
use ozg::publish::checks::Checks;
use ozg::publish::client::{Client, ClientOptions, IdempotencyKey, Progress, RetryNotice};
use ozg::publish::messages as msg;
use ozg::publish::output::{self, Format, Style};
use ozg::publish::plan::{self, PLAN_FORMAT, PLAN_VERSION, PlanContext, PlanFile, PlannedFile};
use ozg::publish::retry::RetryPolicy;
use ozg::publish::{self as publishing, Publication, PublishError, Target, git, target};

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Publish the models to a platform: check them, show the platform's plan
/// of what changes, and apply it.
///
/// Lint errors and failing scenarios refuse the publish; so do files that
/// differ from the last commit (unless --allow-dirty). The plan lists each
/// service added, changed (with its legal changes in words), removed or
/// unchanged, and the date it takes effect. On a terminal it asks before
/// publishing; in a pipeline, pass --yes.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    remote: RemoteArgs,

    /// Publish without asking (for pipelines)
    #[arg(short = 'y', long)]
    yes: bool,

    /// Let the platform check the bundle and show the plan; publish nothing
    #[arg(long, conflicts_with = "plan")]
    dry_run: bool,

    /// Save the plan to FILE instead of publishing; apply it later with --plan FILE
    #[arg(long, value_name = "FILE", conflicts_with = "plan")]
    plan_out: Option<PathBuf>,

    /// Apply exactly the plan saved in FILE (refused when the files or the
    /// platform have changed since)
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,

    /// Take a service off the platform (repeat for several); a service is
    /// never removed just because its folder is gone
    #[arg(long, value_name = "SERVICE", conflicts_with = "plan")]
    remove: Vec<String>,

    /// Publish files that differ from the last commit, or outside git
    #[arg(long, conflicts_with = "plan")]
    allow_dirty: bool,

    /// Who made the change (default: the author of the last commit)
    #[arg(long, value_name = "NAME", conflicts_with = "plan")]
    author: Option<String>,

    /// Why (default: the first line of the last commit's message)
    #[arg(short, long, value_name = "TEXT", conflicts_with = "plan")]
    message: Option<String>,
}

/// How to reach the platform, shared by publish, releases, rollback and
/// status.
#[derive(Debug, clap::Args)]
pub struct RemoteArgs {
    /// A platform named under [targets] in ozg.toml
    #[arg(long, value_name = "NAME", conflicts_with = "url")]
    target: Option<String>,

    /// The platform's address; the token is read from `OZG_TOKEN`
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Run as if started in DIR
    #[arg(short = 'C', value_name = "DIR")]
    directory: Option<PathBuf>,

    /// How to write the result
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = format_parser())]
    format: Format,

    /// How often to try again a request that failed in a way that may
    /// pass (no connection, timeout, 408, 429, 502, 503, 504)
    #[arg(long, value_name = "N", default_value_t = RetryPolicy::default().retries,
          value_parser = clap::value_parser!(u32).range(0..=10))]
    retries: u32,

    /// Seconds one request may take
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::NAMES)
        .map(|name| Format::from_name(&name).unwrap_or_default())
}

impl RemoteArgs {
    pub(super) fn format(&self) -> Format {
        self.format
    }

    /// The model repository: the folder with `ozg.toml` at or above the
    /// start folder, or the start folder itself.
    pub(super) fn root(&self) -> PathBuf {
        let start = self.directory.clone().unwrap_or_else(|| PathBuf::from("."));
        find_root(&start).unwrap_or(start)
    }

    /// The platform named on the command line.
    pub(super) fn target(&self, config: Option<&Config>) -> Result<Target, PublishError> {
        Ok(target::resolve(
            config,
            self.target.as_deref(),
            self.url.as_deref(),
        )?)
    }

    pub(super) fn names_target(&self) -> bool {
        self.target.is_some() || self.url.is_some()
    }

    /// A client of the target, with the token from its variable.
    pub(super) fn connect(&self, target: &Target, global: Global) -> Result<Client, PublishError> {
        let token = target.token()?;
        if target.sends_token_in_clear() && !global.quiet {
            eprintln!("{}", msg::token_in_clear(&target.url));
        }
        if global.verbose {
            eprintln!("{}", msg::verbose_platform(&target.label()));
        }
        let client = Client::new(
            target,
            token,
            ClientOptions {
                retry: RetryPolicy {
                    retries: self.retries,
                    ..RetryPolicy::default()
                },
                timeout: Duration::from_secs(self.timeout),
            },
        )?;
        Ok(client.reporting_reads_to(Bar::shared(self.format, global)))
    }

    pub(super) fn style(&self, global: Global) -> Style {
        Style {
            color: self.format == Format::Human
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            verbose: global.verbose,
        }
    }
}

/// The settings of `ozg.toml` at the root, `None` without one.
pub(super) fn read_config(root: &Path) -> Result<Option<Arc<Config>>, PublishError> {
    let path = root.join("ozg.toml");
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(publishing::bundle::BundleError::Io { path, source }.into());
        }
    };
    let loaded = load_contents(root, vec![("ozg.toml".to_owned(), bytes)]);
    Ok(Some(loaded.repository.config))
}

/// Writes an error on stderr, with the platform's findings when it gave
/// any.
pub(super) fn report_error(error: &PublishError) {
    eprintln!("error: {error}");
    if let Some(body) = error.platform_error() {
        if !body.diagnostics.is_empty() {
            eprintln!("{}", msg::diagnostics_heading(body.diagnostics.len()));
            eprint!("{}", output::diagnostics(&body.diagnostics));
        }
        if !body.missing_content.is_empty() {
            eprintln!("  {}", body.missing_content.join("\n  "));
        }
    }
}

/// Writes to stdout; a reader that stops early is not an error.
pub(super) fn print(text: &str) -> Result<(), PublishError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(publishing::bundle::BundleError::Io {
                path: PathBuf::from("<stdout>"),
                source: e,
            }
            .into())
        }
        _ => Ok(()),
    }
}

pub(super) fn print_json(value: &serde_json::Value) -> Result<(), PublishError> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    print(&text)
}

/// Whether a person can be asked: both the keyboard and the screen are a
/// terminal.
pub(super) fn can_ask() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks whether to go ahead with the plan shown; `Some` with the exit
/// code when not: declined, or no terminal to ask on (`no_terminal` says
/// what to do instead).
pub(super) fn ask(
    question: &str,
    no_terminal: &str,
    format: Format,
    view: &plan::PlanView,
) -> Result<Option<ExitCode>, PublishError> {
    if !can_ask() {
        eprintln!("error: {no_terminal}");
        return Ok(Some(ExitCode::from(EXIT_ERROR)));
    }
    match confirm(question) {
        Ok(true) => Ok(None),
        Ok(false) => finish(
            format,
            &msg::declined(),
            &json!({ "status": "declined", "plan": view }),
        )
        .map(Some),
        Err(message) => {
            eprintln!("error: {message}");
            Ok(Some(ExitCode::from(EXIT_ERROR)))
        }
    }
}

/// Asks a yes/no question on the terminal; no is the default.
pub(super) fn confirm(question: &str) -> Result<bool, String> {
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact_on(&dialoguer::console::Term::stderr())
        .map_err(|e| msg::prompt_failed(&e.to_string()))
}

/// A progress bar on stderr while a release travels, on a terminal only,
/// and a line for each retry.
pub(super) struct Bar {
    shown: bool,
    notices: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bar {
    pub(super) fn shared(format: Format, global: Global) -> Arc<dyn Progress> {
        Arc::new(Bar {
            shown: format == Format::Human && !global.quiet && io::stderr().is_terminal(),
            notices: !global.quiet,
            current: Mutex::new(None),
        })
    }

    fn with(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        f(&mut self.current.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

impl Progress for Bar {
    fn sending(&self, bytes: u64) {
        if !self.shown {
            return;
        }
        self.with(|slot| {
            let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("  sending {bar:30} {bytes}/{total_bytes} {msg}")
            {
                bar.set_style(style);
            }
            *slot = Some(bar);
        });
    }

    fn sent(&self, bytes: u64) {
        self.with(|slot| {
            if let Some(bar) = slot {
                bar.inc(bytes);
            }
        });
    }

    fn waiting(&self) {
        self.with(|slot| {
            if let Some(bar) = slot {
                if let Ok(style) = ProgressStyle::with_template("  {spinner} {msg} {elapsed}") {
                    bar.set_style(style);
                }
                bar.set_message(msg::platform_working());
                bar.enable_steady_tick(Duration::from_millis(100));
            }
        });
    }

    fn retrying(&self, notice: &RetryNotice) {
        if !self.notices {
            return;
        }
        let text = format!(
            "warning: {}",
            msg::retrying(
                notice.attempt,
                notice.attempts,
                notice.wait.as_secs_f64(),
                &notice.reason
            )
        );
        self.with(|slot| {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        });
        eprintln!("{text}");
    }

    fn done(&self) {
        self.with(|slot| {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        });
    }
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match publish(args, global) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn publish(args: &Args, global: Global) -> Result<ExitCode, PublishError> {
    if let Some(path) = &args.plan {
        return apply_plan(args, path, global);
    }
    let started = Instant::now();
    let format = args.remote.format();
    let style = args.remote.style(global);
    let (bundle, status, checks) = match prepare(args, global, started)? {
        Ok(prepared) => prepared,
        Err(code) => return Ok(code),
    };

    let config = &checks.repository().config;
    let target = args
        .remote
        .target((config.file.is_some()).then_some(config))?;
    let client = args.remote.connect(&target, global)?;
    let publication = Publication::begin(&client)?;
    publication.check_removals(&bundle, &args.remove)?;
    let text = release_text(args, &status);

    if publication.serves(&bundle) && args.remove.is_empty() {
        let line = msg::nothing_to_publish(&target.label(), publication.state.release);
        if let Some(path) = &args.plan_out {
            // A pipeline that applies the plan in a later step finds a
            // plan that says so, rather than no file.
            let file = plan_file(&target, &publication, &bundle, &text, args, None);
            file.save(path)?;
        }
        return finish(
            format,
            &line,
            &json!({ "status": "nothing_to_publish", "target": target.url }),
        );
    }

    let summaries = publication.summaries(&bundle)?;
    let request = publication.request(&bundle, &text, &args.remove)?;
    let titles = |id: &str| {
        checks
            .repository()
            .service(id)
            .and_then(|s| s.meta.title.as_ref())
            .map(|t| t.value.clone())
    };
    let context = PlanContext {
        target: &target,
        state: &publication.state,
        commit: text.commit.clone(),
        titles: &titles,
    };
    let progress = Bar::shared(format, global);
    if global.verbose {
        eprintln!("{}", msg::verbose_prepared(ms(started.elapsed())));
    }

    // With --yes the platform plans and applies in one request: the
    // If-Match of the state read above makes it refuse if anything moved
    // since, and the plan shown is the one it carried out.
    if args.yes && !args.dry_run && args.plan_out.is_none() {
        let key = IdempotencyKey::generate();
        let written =
            publication.apply(&bundle, &request, &publication.state.etag, &key, &progress)?;
        let outcome = &written.outcome;
        let view = shown(outcome, &context, &summaries);
        return report_written(&view, &written, &target, format, style, global);
    }

    let outcome = publication.plan(&bundle, &request, &progress)?;
    let view = shown(&outcome, &context, &summaries);
    if format == Format::Human && !global.quiet {
        print(&output::plan(
            &view,
            &msg::plan_heading(&target.label(), view.release, &view.based_on),
            style,
        ))?;
    }
    if let Some(path) = &args.plan_out {
        let saved = Saved {
            target: &target,
            publication: &publication,
            bundle: &bundle,
            text: &text,
        };
        save_plan(args, &saved, &view, &request, path)?;
        return finish(
            format,
            &msg::plan_saved(path),
            &json!({ "status": "saved", "plan_file": path, "plan": view }),
        );
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
            &msg::confirm_publish(&target.label()),
            &msg::no_terminal(),
            format,
            &view,
        )?
    {
        return Ok(code);
    }
    let key = IdempotencyKey::generate();
    let written = publication.apply(&bundle, &request, &outcome.based_on, &key, &progress)?;
    report_result(&view, &written, &target, format, global)
}

/// Reads the bundle, checks it is committed (unless allowed otherwise),
/// lints it and runs its scenarios; `Err` with the exit code when the
/// checks refuse the publish.
fn prepare(
    args: &Args,
    global: Global,
    started: Instant,
) -> Result<Result<(Bundle, git::GitStatus, Checks), ExitCode>, PublishError> {
    let root = args.remote.root();
    let bundle = Bundle::read(&root)?;
    let status = git::inspect(&bundle)?;
    if !args.allow_dirty {
        publishing::check_committed(&status)?;
    }
    if global.verbose {
        eprintln!(
            "{}",
            msg::verbose_read(
                bundle.files.len(),
                &root,
                status.recorded_commit().as_deref()
            )
        );
    }
    let Some(checks) = run_checks(&bundle, args.remote.format(), global, started)? else {
        return Ok(Err(ExitCode::from(EXIT_PROBLEMS)));
    };
    bundle.check_paths()?;
    Ok(Ok((bundle, status, checks)))
}

/// Lints the bundle and runs its scenarios; `None` when they refuse the
/// publish, after showing why.
fn run_checks(
    bundle: &Bundle,
    format: Format,
    global: Global,
    started: Instant,
) -> Result<Option<Checks>, PublishError> {
    let checks = Checks::run(bundle).map_err(|e| PublishError::Lint(e.to_string()))?;
    if checks.refuse() {
        show_refusal(&checks, format, global)?;
        return Ok(None);
    }
    if !global.quiet && format == Format::Human {
        eprintln!(
            "{}",
            msg::checks_passed(checks.lint_warnings(), checks.scenarios())
        );
    }
    if global.verbose {
        eprintln!("{}", msg::verbose_checks(ms(started.elapsed())));
    }
    Ok(Some(checks))
}

/// The platform's plan with the changes in words.
fn shown(
    outcome: &ozg::platform::api::ReleaseOutcome,
    context: &PlanContext<'_>,
    summaries: &plan::Summaries,
) -> plan::PlanView {
    plan::view(
        &outcome.plan,
        &outcome.based_on,
        context,
        summaries,
        outcome.warnings.clone(),
    )
}

/// What a saved plan is made of, besides the plan itself.
struct Saved<'a> {
    target: &'a Target,
    publication: &'a Publication<'a>,
    bundle: &'a Bundle,
    text: &'a ReleaseText,
}

/// Saves the platform's plan with the state it was made against and which
/// files go with content, as the request that was planned sends them.
fn save_plan(
    args: &Args,
    saved: &Saved<'_>,
    view: &plan::PlanView,
    request: &ozg::platform::api::ReleaseRequest,
    path: &Path,
) -> Result<(), PublishError> {
    let mut file = plan_file(
        saved.target,
        saved.publication,
        saved.bundle,
        saved.text,
        args,
        Some(view.clone()),
    );
    file.based_on.clone_from(&view.based_on);
    for (planned, sent) in file.files.iter_mut().zip(&request.files) {
        planned.upload = sent.content.is_some();
    }
    Ok(file.save(path)?)
}

/// Shows the plan the platform carried out, then the result.
fn report_written(
    view: &plan::PlanView,
    written: &publishing::client::Written,
    target: &Target,
    format: Format,
    style: Style,
    global: Global,
) -> Result<ExitCode, PublishError> {
    if format == Format::Human && !global.quiet {
        print(&output::plan(
            view,
            &msg::plan_heading(&target.label(), view.release, &view.based_on),
            style,
        ))?;
    }
    report_result(view, written, target, format, global)
}

fn report_result(
    view: &plan::PlanView,
    written: &publishing::client::Written,
    target: &Target,
    format: Format,
    global: Global,
) -> Result<ExitCode, PublishError> {
    report_release(
        view,
        written,
        target,
        Reported {
            format,
            global,
            status: "published",
            line: &|release, counts| msg::published(release.id, &target.label(), counts),
        },
    )
}

/// How a new release is reported: its status word in JSON, and the line
/// that says what it did.
#[derive(Clone, Copy)]
pub(super) struct Reported<'a> {
    pub format: Format,
    pub global: Global,
    pub status: &'a str,
    pub line: &'a dyn Fn(&ozg::platform::api::ReleaseSummary, [usize; 4]) -> String,
}

/// Says which release a publish or rollback made, or writes it as JSON.
pub(super) fn report_release(
    view: &plan::PlanView,
    written: &publishing::client::Written,
    target: &Target,
    reported: Reported<'_>,
) -> Result<ExitCode, PublishError> {
    let outcome = &written.outcome;
    let Some(release) = &outcome.release else {
        return Ok(ExitCode::SUCCESS);
    };
    match reported.format {
        Format::Human => {
            if !reported.global.quiet {
                let counts = [
                    release.added,
                    release.changed,
                    release.removed,
                    release.unchanged,
                ];
                let mut line = (reported.line)(release, counts);
                if written.replayed {
                    line.push(' ');
                    line.push_str(&msg::replayed());
                }
                print(&format!("{line}\n"))?;
            }
        }
        Format::Json => print_json(&json!({
            "status": reported.status,
            "target": target.url,
            "release": release,
            "etag": outcome.etag,
            "replayed": written.replayed,
            "plan": view,
        }))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Ends with one line for people, or a JSON object for programs.
pub(super) fn finish(
    format: Format,
    line: &str,
    value: &serde_json::Value,
) -> Result<ExitCode, PublishError> {
    match format {
        Format::Human => print(&format!("{line}\n"))?,
        Format::Json => print_json(value)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Commit, author and message: as given, or from the commit when the
/// files are exactly the commit's.
fn release_text(args: &Args, status: &git::GitStatus) -> ReleaseText {
    let clean = status.is_clean();
    let commit = status.commit();
    ReleaseText {
        commit: status.recorded_commit(),
        author: args.author.clone().or_else(|| {
            commit
                .filter(|c| clean && !c.author.is_empty())
                .map(|c| c.author.clone())
        }),
        message: args.message.clone().or_else(|| {
            commit
                .filter(|c| clean && !c.summary.is_empty())
                .map(|c| c.summary.clone())
        }),
    }
}

fn plan_file(
    target: &Target,
    publication: &Publication<'_>,
    bundle: &Bundle,
    text: &ReleaseText,
    args: &Args,
    view: Option<plan::PlanView>,
) -> PlanFile {
    let nothing = view.is_none();
    let state = &publication.state;
    PlanFile {
        format: PLAN_FORMAT.to_owned(),
        version: PLAN_VERSION,
        created_at: jiff::Timestamp::now(),
        ozg_version: env!("CARGO_PKG_VERSION").to_owned(),
        target: target.clone(),
        based_on: state.etag.clone(),
        idempotency_key: IdempotencyKey::generate().as_str().to_owned(),
        release: text.clone(),
        remove_services: args.remove.clone(),
        files: bundle
            .files
            .iter()
            .map(|f| PlannedFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                upload: publication.uploads(f),
            })
            .collect(),
        nothing_to_publish: nothing,
        plan: view.unwrap_or_else(|| plan::PlanView {
            target: target.url.clone(),
            based_on: state.etag.clone(),
            release: state.release,
            today: state.today,
            commit: text.commit.clone(),
            added: 0,
            changed: 0,
            removed: 0,
            unchanged: state.services.len(),
            services: Vec::new(),
            codelists: Vec::new(),
            other_files: Vec::new(),
            warnings: Vec::new(),
        }),
    }
}

/// `ozg publish --plan FILE`: the same files by hash, against the same
/// state, under the plan's own idempotency key.
fn apply_plan(args: &Args, path: &Path, global: Global) -> Result<ExitCode, PublishError> {
    let format = args.remote.format();
    let style = args.remote.style(global);
    let saved = PlanFile::load(path)?;
    let root = args.remote.root();
    let target = if args.remote.names_target() {
        let config = read_config(&root)?;
        let given = args.remote.target(config.as_deref())?;
        if given.url != saved.target.url {
            return Err(PublishError::PlanOtherTarget {
                planned: saved.target.label(),
                given: given.label(),
            });
        }
        given
    } else {
        saved.target.clone()
    };
    let bundle = Bundle::read(&root)?;
    let differences = bundle.differences(&saved.manifest());
    if !differences.is_empty() {
        return Err(PublishError::PlanMismatch(differences));
    }
    // The release records the plan's commit; it must be the one whose
    // files these are, so that an edited plan cannot claim another.
    let now = git::inspect(&bundle)?.recorded_commit();
    if now != saved.release.commit {
        return Err(PublishError::PlanOtherCommit {
            planned: saved.release.commit.clone(),
            now,
        });
    }
    if saved.nothing_to_publish {
        return finish(
            format,
            &msg::nothing_to_publish(&target.label(), saved.plan.release),
            &json!({ "status": "nothing_to_publish", "target": target.url }),
        );
    }
    let key = IdempotencyKey::from_text(&saved.idempotency_key).ok_or(PublishError::PlanKey)?;
    let client = args.remote.connect(&target, global)?;
    if format == Format::Human && !global.quiet {
        print(&output::plan(
            &saved.plan,
            &msg::plan_heading(&target.label(), saved.plan.release, &saved.based_on),
            style,
        ))?;
    }
    let uploads: std::collections::HashSet<&str> = saved
        .files
        .iter()
        .filter(|f| f.upload)
        .map(|f| f.path.as_str())
        .collect();
    let request = bundle.request(
        &|f| uploads.contains(f.path.as_str()),
        &saved.release,
        &saved.remove_services,
    )?;
    let progress = Bar::shared(format, global);
    let written = publishing::apply(&client, &bundle, &request, &saved.based_on, &key, &progress)?;
    if written.replayed
        && format == Format::Human
        && !global.quiet
        && let Some(release) = &written.outcome.release
    {
        eprintln!("{}", msg::plan_already_applied(release.id));
    }
    report_result(&saved.plan, &written, &target, format, global)
}

/// Shows why the publish is refused: the lint findings and the scenarios
/// that failed, as `ozg lint` and `ozg test` show them.
fn show_refusal(checks: &Checks, format: Format, global: Global) -> Result<(), PublishError> {
    use ozg::lint::output as lint_output;
    use ozg::testing::report;

    let failed: Vec<_> = checks
        .scenario_results()
        .into_iter()
        .filter(|r| !matches!(r.verdict, ozg::testing::Verdict::Passed))
        .collect();
    let sources = &checks.repository().sources;
    let path_of = |r: &ozg::testing::ScenarioResult<'_>| {
        sources.get(r.scenario.file).path.display().to_string()
    };
    let render = |f: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>| {
        let mut buffer = Vec::new();
        let _ = f(&mut buffer);
        buffer
    };
    match format {
        Format::Human => {
            if checks.lint_errors() > 0 {
                let on_terminal = io::stdout().is_terminal();
                let no_color =
                    lint_output::no_color_requested(std::env::var_os("NO_COLOR").as_deref());
                let width = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
                let options = lint_output::Options {
                    quiet: global.quiet,
                    ..lint_output::Options::for_destination(
                        lint_output::Format::Human,
                        on_terminal,
                        no_color,
                        width,
                    )
                };
                let text = render(&mut |out| {
                    lint_output::render(&checks.lint, lint_output::Format::Human, &options, out)
                });
                print(&String::from_utf8_lossy(&text))?;
            }
            if !failed.is_empty() {
                let style = report::Style {
                    color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                };
                let text = render(&mut |out| {
                    report::render(&failed, report::Format::Human, style, &path_of, out)
                });
                print(&String::from_utf8_lossy(&text))?;
            }
            if checks.lint_errors() > 0 {
                eprintln!("error: {}", msg::lint_refused(checks.lint_errors()));
            }
            if !failed.is_empty() {
                eprintln!(
                    "error: {}",
                    msg::scenarios_refused(failed.len(), checks.scenarios())
                );
            }
        }
        Format::Json => {
            let lint = render(&mut |out| {
                lint_output::render(
                    &checks.lint,
                    lint_output::Format::Json,
                    &lint_output::Options::default(),
                    out,
                )
            });
            let scenarios = render(&mut |out| {
                report::render(
                    &failed,
                    report::Format::Json,
                    report::Style::default(),
                    &path_of,
                    out,
                )
            });
            let parse = |bytes: &[u8]| {
                serde_json::from_slice::<serde_json::Value>(bytes)
                    .unwrap_or(serde_json::Value::Null)
            };
            print_json(&json!({
                "status": "refused",
                "lint": parse(&lint),
                "scenarios": parse(&scenarios),
            }))?;
        }
    }
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
