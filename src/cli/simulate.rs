//! `ozg simulate SERVICE`: one case of a service, tried out by hand and
//! shown as a dated timeline.
//!
//! The input comes from `--input`/`--input-file`, or, on a terminal
//! without either, from questions asked field by field. Exit code 0 when
//! the case ran (also when it is still open), 1 when the application is
//! invalid or the case gets stuck, 2 when the command cannot do its work
//! (wrong arguments, unreadable files, an action the case cannot take).

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgMatches, FromArgMatches};
use dialoguer::theme::ColorfulTheme;
use jiff::civil::Date;
use ozg::engine::{Action, CompiledService, Input};
use ozg::model::load::{Loaded, Selection, find_root, load_paths, load_repository};
use ozg::model::{Repository, Service};
use ozg::simulate::input::{self as sim_input, ActionArg};
use ozg::simulate::interactive::{self, Answer, Ask, Prompter, Question};
use ozg::simulate::json::to_json;
use ozg::simulate::scenario::write_scenario;
use ozg::simulate::timeline::Timeline;
use ozg::simulate::{Plan, PlannedAction, Simulation, Stop, When, simulate};

use super::{EXIT_ERROR, EXIT_PROBLEMS, Global};

/// Simulate one case of a service and show it as a timeline: steps,
/// decisions, deadlines with their end dates, notifications, fees and the
/// outcome.
///
/// Without --input or --input-file, on a terminal, the form is asked field
/// by field, then the submission date, then at each open step what
/// happens next.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// The service: its id in the repository, or the path of its
    /// service.toml
    #[arg(value_name = "SERVICE")]
    pub service: String,

    /// The model repository [default: the one the current folder lies in]
    #[arg(short = 'C', long = "repo", value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// A field's value, read by the field's type (4,85  31.12.2024  ja);
    /// entries of repeatable groups as dogs[1].breed=labrador; multiple
    /// choices as codes separated by commas
    #[arg(long = "input", value_name = "NAME=VALUE")]
    pub input: Vec<String>,

    /// A scenario file (its input, submission date and events) or a JSON
    /// object of field values; --input values are applied on top
    #[arg(long = "input-file", value_name = "FILE")]
    pub input_file: Option<PathBuf>,

    /// The day the application is submitted (2024-03-04 or 04.03.2024)
    /// [default: the scenario's date, else today in Germany]
    #[arg(long, value_name = "DATE")]
    pub submitted: Option<String>,

    /// A decision in a task, on the next working day after the previous
    /// action unless a date is given; repeatable, applied in order
    #[arg(long = "decide", value_name = "STEP=DECISION[@DATE]")]
    pub decide: Vec<String>,

    /// An event for a wait step, dated like --decide; repeatable
    #[arg(long = "event", value_name = "STEP=EVENT[@DATE]")]
    pub event: Vec<String>,

    /// After the last action, let time pass until this day, so that
    /// deadlines that end before it expire
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// How to write the result
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    pub format: String,

    /// Write what was entered and what came out as a scenario file for
    /// `ozg test`
    #[arg(long = "save-scenario", value_name = "FILE")]
    pub save_scenario: Option<PathBuf>,

    /// The title of the saved scenario
    #[arg(long, value_name = "TEXT", requires = "save_scenario")]
    pub title: Option<String>,

    /// The workload simulation: with `--load`, many generated cases
    /// instead of one.
    #[command(flatten)]
    pub load: super::load::LoadArgs,
}

/// A decision or an event from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Decide,
    Event,
}

/// The options, and `--decide`/`--event` in the order they were given:
/// clap keeps each option's values apart, so their order is recovered from
/// the positions it records.
#[derive(Debug)]
pub struct Args {
    pub options: Options,
    pub actions: Vec<(ActionKind, String)>,
}

fn ordered_actions(matches: &ArgMatches, options: &Options) -> Vec<(ActionKind, String)> {
    let positions = |id: &str| -> Vec<usize> {
        matches
            .indices_of(id)
            .map(Iterator::collect)
            .unwrap_or_default()
    };
    let mut all: Vec<(usize, ActionKind, String)> = Vec::new();
    let decide = positions("decide");
    let event = positions("event");
    for (i, value) in options.decide.iter().enumerate() {
        all.push((
            decide.get(i).copied().unwrap_or(0),
            ActionKind::Decide,
            value.clone(),
        ));
    }
    for (i, value) in options.event.iter().enumerate() {
        all.push((
            event.get(i).copied().unwrap_or(usize::MAX),
            ActionKind::Event,
            value.clone(),
        ));
    }
    all.sort_by_key(|(position, _, _)| *position);
    all.into_iter()
        .map(|(_, kind, value)| (kind, value))
        .collect()
}

impl FromArgMatches for Args {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let options = Options::from_arg_matches(matches)?;
        let actions = ordered_actions(matches, &options);
        Ok(Args { options, actions })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.options.update_from_arg_matches(matches)?;
        self.actions = ordered_actions(matches, &self.options);
        Ok(())
    }
}

impl clap::Args for Args {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        <Options as clap::Args>::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        <Options as clap::Args>::augment_args_for_update(cmd)
    }
}

/// A failure that ends the command with exit code 2, already worded.
struct Usage(String);

impl<E: std::fmt::Display> From<E> for Usage {
    fn from(error: E) -> Self {
        Usage(format!("error: {error}"))
    }
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    let options = &args.options;
    if options.load.profile.is_some() {
        let single_case_options = !options.input.is_empty()
            || options.input_file.is_some()
            || options.submitted.is_some()
            || !args.actions.is_empty()
            || options.until.is_some()
            || options.save_scenario.is_some();
        if single_case_options {
            eprintln!(
                "error: --load simulates many generated cases; the options for one case \
                 (--input, --input-file, --submitted, --decide, --event, --until, \
                 --save-scenario) do not go with it"
            );
            return ExitCode::from(EXIT_ERROR);
        }
        let format = if options.format == "json" {
            super::load::Format::Json
        } else {
            super::load::Format::Human
        };
        return super::load::run(
            &options.load,
            &options.service,
            options.repo.as_deref(),
            format,
            global,
        );
    }
    match simulate_case(args, global) {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn simulate_case(args: &Args, global: Global) -> Result<ExitCode, Usage> {
    let options = &args.options;
    let loaded = load_service(options, global)?;
    let repository = &loaded.repository;
    let model = repository
        .services
        .first()
        .ok_or_else(|| Usage(format!("error: `{}` holds no service", options.service)))?;
    let service = CompiledService::compile(repository, model).map_err(|e| {
        Usage(format!(
            "error: the service `{}` cannot be run: {e}\nhelp: `ozg lint` shows what to fix",
            model.meta.id.value
        ))
    })?;

    let file = options
        .input_file
        .as_deref()
        .map(sim_input::read_input_file)
        .transpose()?;
    let mut input = file.as_ref().map(|f| f.input.clone()).unwrap_or_default();
    let assignments = options
        .input
        .iter()
        .map(|a| sim_input::parse_assignment(a))
        .collect::<Result<Vec<_>, _>>()?;
    sim_input::apply(&mut input, &assignments, model)?;

    let given_submitted = options
        .submitted
        .as_deref()
        .map(sim_input::parse_day)
        .transpose()?;
    let submitted = given_submitted
        .or_else(|| file.as_ref().and_then(|f| f.submitted))
        .unwrap_or_else(today_in_germany);
    let planned = planned_actions(args, file.as_ref())?;
    let until = options
        .until
        .as_deref()
        .map(sim_input::parse_day)
        .transpose()?;

    let no_input = options.input.is_empty() && options.input_file.is_none();
    let (input, simulation) = if no_input {
        if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
            return Err(Usage(
                "error: no input given, and no terminal to ask for it\n\
                 help: give field values with --input NAME=VALUE (repeatable) or \
                 --input-file FILE, or run `ozg simulate` on a terminal to be asked \
                 for each field"
                    .to_owned(),
            ));
        }
        let mut prompter = TerminalPrompter::new();
        let session = interactive::run(
            repository,
            model,
            &service,
            &mut prompter,
            &interactive::Options {
                submitted,
                ask_submitted: given_submitted.is_none(),
                planned,
            },
        )?;
        let mut simulation = session.simulation;
        if let Some(until) = until {
            // Time passes after the questions as after planned actions.
            simulation = extend_until(&service, &session.input, &simulation, until);
        }
        (session.input, simulation)
    } else {
        let plan = Plan {
            input,
            submitted,
            actions: planned,
            until,
        };
        let simulation = simulate(&service, &plan);
        (plan.input, simulation)
    };

    print_result(options, &service, model, &simulation)?;
    let refused = match &simulation.stop {
        Some(Stop::Refused {
            date,
            action,
            error,
        }) => Some(refusal(*date, action, error, &simulation)),
        _ => None,
    };
    if let Some(message) = refused {
        return Err(Usage(message));
    }
    if let Some(path) = &options.save_scenario {
        save(path, options, &input, model, &simulation, global)?;
    }
    let stuck = matches!(simulation.stop, Some(Stop::Stuck { .. }));
    Ok(if simulation.is_invalid() || stuck {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The actions of the input file, then those of the command line.
fn planned_actions(
    args: &Args,
    file: Option<&sim_input::InputFile>,
) -> Result<Vec<PlannedAction>, Usage> {
    let mut planned: Vec<PlannedAction> = file
        .map(|f| {
            f.actions
                .iter()
                .map(|(date, action)| PlannedAction {
                    when: When::On(*date),
                    action: action.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    for (kind, text) in &args.actions {
        let arg: ActionArg = sim_input::parse_action(text)?;
        planned.push(PlannedAction {
            when: arg.date.map_or(When::NextWorkingDay, When::On),
            action: match kind {
                ActionKind::Decide => arg.decision(),
                ActionKind::Event => arg.event(),
            },
        });
    }
    Ok(planned)
}

/// Re-runs a session's case with time passing up to `until` at the end.
fn extend_until(
    service: &CompiledService,
    input: &Input,
    simulation: &Simulation,
    until: Date,
) -> Simulation {
    let plan = Plan {
        input: input.clone(),
        submitted: simulation.submitted,
        actions: simulation
            .taken
            .iter()
            .map(|(date, action)| PlannedAction {
                when: When::On(*date),
                action: action.clone(),
            })
            .collect(),
        until: Some(until),
    };
    simulate(service, &plan)
}

fn print_result(
    options: &Options,
    service: &CompiledService,
    model: &Service,
    simulation: &Simulation,
) -> Result<(), Usage> {
    let text = if options.format == "json" {
        let mut text = serde_json::to_string_pretty(&to_json(service, simulation))?;
        text.push('\n');
        text
    } else {
        Timeline::new(service, model).render(simulation)
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Usage(format!("error: cannot write the result: {e}")))
}

/// The message for an action the case could not take, with what it could
/// have taken instead.
fn refusal(
    date: Date,
    action: &Action,
    error: &ozg::engine::CaseError,
    simulation: &Simulation,
) -> String {
    let what = match action {
        Action::Decide { decision, .. } => format!("the decision `{decision}`"),
        Action::Event { event, .. } => format!("the event `{event}`"),
        Action::Wait => "letting time pass".to_owned(),
    };
    let mut message = format!("error: {what} on {date} cannot be taken: {error}");
    if simulation.open.is_empty() {
        if simulation.outcome.is_some() {
            message.push_str("\nhelp: the case had already ended; drop the actions after its end");
        }
    } else {
        for open in &simulation.open {
            let (flag, noun) = if open.kind == "task" {
                ("--decide", "decisions")
            } else {
                ("--event", "events")
            };
            let example = open.accepts.first().map_or("NAME", String::as_str);
            let _ = write!(
                message,
                "\nhelp: the case waits in `{}`, which takes the {noun} {}; for example {flag} {}={example}",
                open.step,
                if open.accepts.is_empty() {
                    "it is given".to_owned()
                } else {
                    open.accepts.join(", ")
                },
                open.step
            );
        }
    }
    message
}

fn save(
    path: &Path,
    options: &Options,
    input: &Input,
    model: &Service,
    simulation: &Simulation,
    global: Global,
) -> Result<(), Usage> {
    let title = options.title.clone().unwrap_or_else(|| {
        ozg::simulate::messages::scenario_title(
            simulation.submitted,
            simulation.outcome,
            simulation.is_invalid(),
        )
    });
    let text = write_scenario(&title, input, model, simulation);
    // A service's first scenario also makes its scenarios folder.
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|e| Usage(format!("error: cannot create {}: {e}", folder.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| Usage(format!("error: cannot write {}: {e}", path.display())))?;
    if !global.quiet {
        eprintln!("wrote the scenario {}", path.display());
    }
    Ok(())
}

/// Loads the repository with the service named on the command line: a
/// path to a service file, or an id in the repository of `--repo` (or of
/// the current folder).
fn load_service(options: &Options, global: Global) -> Result<Loaded, Usage> {
    let as_path = Path::new(&options.service);
    let mut loaded = if as_path.is_file() {
        let mut groups = load_paths(&[as_path.to_path_buf()])?;
        if groups.is_empty() {
            return Err(Usage(format!(
                "error: {} holds no service",
                as_path.display()
            )));
        }
        groups.swap_remove(0).0
    } else if as_path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || options.service.contains('/')
    {
        return Err(Usage(format!("error: {}: no such file", options.service)));
    } else {
        let start = options.repo.clone().unwrap_or_else(|| PathBuf::from("."));
        if !start.exists() {
            return Err(Usage(format!("error: {}: no such folder", start.display())));
        }
        let root = find_root(&start).ok_or_else(|| {
            Usage(format!(
                "error: no model repository (a folder with ozg.toml) at or above {}\n\
                 help: name the repository with -C DIR, or give the path of a service file",
                start.display()
            ))
        })?;
        let folder = root.join("services").join(&options.service);
        let selection = if folder.join("service.toml").is_file() {
            Selection::Paths(vec![folder])
        } else {
            Selection::All
        };
        let loaded = load_repository(&root, &selection)?;
        if global.verbose {
            eprintln!(
                "read {} files under {}",
                loaded.repository.sources.iter().count(),
                root.display()
            );
        }
        loaded
    };
    let id = options.service.as_str();
    if !as_path.is_file() {
        let Some(index) = loaded
            .repository
            .services
            .iter()
            .position(|s| s.meta.id.value == id || s.folder == id)
        else {
            return Err(unknown_service(&loaded.repository, id));
        };
        let service = loaded.repository.services.swap_remove(index);
        loaded.repository.services = vec![service];
    }
    report_service_problems(&loaded);
    Ok(loaded)
}

fn unknown_service(repository: &Repository, id: &str) -> Usage {
    let ids: Vec<&str> = repository
        .services
        .iter()
        .map(|s| s.meta.id.value.as_str())
        .collect();
    let mut message = format!("error: the repository has no service `{id}`");
    if let Some(close) = ozg::suggest::closest(id, ids.iter().copied()) {
        let _ = write!(message, "\nhelp: did you mean `{close}`?");
    } else if !ids.is_empty() {
        let _ = write!(message, "\nhelp: its services are {}", ids.join(", "));
    }
    Usage(message)
}

/// Mistakes in the service file do not stop a simulation that can still
/// compile, but the modeller should know of them.
fn report_service_problems(loaded: &Loaded) {
    let Some(service) = loaded.repository.services.first() else {
        return;
    };
    let count = loaded
        .problems
        .iter()
        .filter(|p| p.file == service.file)
        .count();
    if count > 0 {
        let file = loaded.repository.sources.get(service.file);
        eprintln!(
            "warning: {} has {count} problem(s); `ozg lint {}` shows them",
            file.path.display(),
            file.path.display()
        );
    }
}

fn today_in_germany() -> Date {
    let now = jiff::ZonedDateTime::now();
    now.in_tz("Europe/Berlin")
        .map_or_else(|_| now.date(), |berlin| berlin.date())
}

/// Puts the questions of the interactive mode on the terminal, on
/// standard error, so that standard output holds only the result.
struct TerminalPrompter {
    theme: ColorfulTheme,
}

impl TerminalPrompter {
    fn new() -> TerminalPrompter {
        TerminalPrompter {
            theme: ColorfulTheme::default(),
        }
    }
}

impl Prompter for TerminalPrompter {
    fn ask(&mut self, question: &Question) -> Answer {
        match &question.error {
            Some(error) => eprintln!("  ✗ {error}"),
            None => {
                if let Some(help) = &question.help {
                    eprintln!("  {help}");
                }
            }
        }
        let prompt = match &question.hint {
            Some(hint) if !hint.is_empty() => format!("{} ({hint})", question.prompt),
            _ => question.prompt.clone(),
        };
        let label = |c: &interactive::Choice| match &c.code {
            Some(code) if *code != c.label => format!("{} [{code}]", c.label),
            _ => c.label.clone(),
        };
        match &question.ask {
            Ask::Text { default } => {
                let mut prompt = dialoguer::Input::<String>::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .allow_empty(true);
                if let Some(default) = default {
                    prompt = prompt.default(default.clone());
                }
                prompt.interact_text().map_or(Answer::Stop, Answer::Text)
            }
            Ask::Select { options, default } => {
                let labels: Vec<String> = options.iter().map(label).collect();
                match dialoguer::Select::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .items(&labels)
                    .default(*default)
                    .interact_opt()
                {
                    Ok(Some(index)) => Answer::Selected(index),
                    _ => Answer::Stop,
                }
            }
            Ask::MultiSelect { options } => {
                let labels: Vec<String> = options.iter().map(label).collect();
                match dialoguer::MultiSelect::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .items(&labels)
                    .interact_opt()
                {
                    Ok(Some(chosen)) => Answer::SelectedMany(chosen),
                    _ => Answer::Stop,
                }
            }
        }
    }

    fn show(&mut self, text: &str) {
        eprintln!("{text}");
    }
}
