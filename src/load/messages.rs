//! The texts of workload simulation: problems in profiles, warnings and
//! the lines of the report. Kept apart from the logic so that they can be
//! translated.

use jiff::civil::Date;

use crate::load::clock::HoursProblem;
use crate::load::distribution::ParameterProblem;
use crate::load::profile::ProfileErrorKind;
use crate::load::report::{Applications, Cases, Refusal};
use crate::source::{FileId, Span};

/// A message and, where there is advice, how to put it right.
pub type Text = (String, Option<String>);

fn with_help(message: String, help: impl Into<String>) -> Text {
    (message, Some(help.into()))
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn static_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "a normal", "an exponential".
fn a(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

fn did_you_mean(suggestion: Option<&str>, otherwise: String) -> String {
    match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise,
    }
}

/// The text of a problem in a profile.
#[allow(clippy::too_many_lines)]
pub fn profile_error(kind: &ProfileErrorKind) -> Text {
    use ProfileErrorKind as K;
    match kind {
        K::Syntax { message } => {
            let first = message.lines().next().unwrap_or(message);
            with_help(
                format!("this file is not valid TOML: {first}"),
                "check quotes, brackets and `=` signs around this place",
            )
        }
        K::Read(problem) => {
            let problem = crate::model::load::Problem {
                file: FileId(0),
                span: Span::at(0),
                kind: problem.clone(),
            };
            crate::lint::rules::files::from_problem(&problem).into_text()
        }
        K::UnknownField { id, suggestion } => with_help(
            format!("the service has no field `{id}`"),
            did_you_mean(
                suggestion.as_deref(),
                "write the id of a field (or of a repeatable group) of the service".to_owned(),
            ),
        ),
        K::NoAnswer { field } => with_help(
            format!("`{field}` only shows text to the applicant and takes no answer"),
            "remove it from [input]",
        ),
        K::GroupTakesEntries { group } => with_help(
            format!(
                "`{group}` is a repeatable group: the profile gives only its number of entries"
            ),
            format!(
                "write `{group} = {{ entries = 2 }}` or `{group} = {{ entries = {{ distribution = \"uniform\", min = 1, max = 3 }} }}`; give the group's fields their own entries in [input]"
            ),
        ),
        K::NotAGroup { field } => with_help(
            format!("`{field}` is no repeatable group, so it has no `entries`"),
            "remove `entries`, or name the group the field belongs to",
        ),
        K::KindForType {
            field,
            field_type,
            kind,
            allowed,
        } => with_help(
            format!(
                "{} `{kind}` distribution does not fit `{field}`, a field of type `{field_type}`",
                if a(kind).starts_with("an") { "an" } else { "a" }
            ),
            format!("for this field use {}", static_list(allowed)),
        ),
        K::MissingParameter { kind, name } => with_help(
            format!("this {kind} distribution has no `{name}`"),
            format!(
                "{} distribution takes {}",
                a(kind),
                static_list(crate::load::distribution::parameters(kind))
            ),
        ),
        K::UnusedParameter { kind, name, used } => with_help(
            format!("`{name}` is not used by {} distribution", a(kind)),
            format!(
                "{} distribution takes {}; remove `{name}`",
                a(kind),
                static_list(used)
            ),
        ),
        K::Parameters { kind, problem } => parameter_problem(kind, *problem),
        K::UnknownOption {
            field,
            code,
            suggestion,
        } => with_help(
            format!("`{code}` is not an option of `{field}`"),
            did_you_mean(
                suggestion.as_deref(),
                "use the codes of the field's options".to_owned(),
            ),
        ),
        K::ValueType { field, expected } => with_help(
            format!("`{field}` takes {expected} here"),
            "write the value the way scenarios write input; see docs/scenarios.md",
        ),
        K::DateAnchor { field } => with_help(
            format!("the date `{field}` needs `before = \"submitted\"` or `after = \"submitted\"`"),
            "say whether the drawn number of days (or `unit`s) lies before or after the submission",
        ),
        K::UnknownAnchor { given } => with_help(
            format!("dates are drawn relative to `submitted`, not `{given}`"),
            "write `before = \"submitted\"` or `after = \"submitted\"`",
        ),
        K::Probability { value } => with_help(
            format!("{value} is not a probability"),
            "write a number from 0 to 1, such as 0.25 for a quarter",
        ),
        K::Weight { value } => with_help(
            format!("a weight cannot be negative ({value})"),
            "weights are relative frequencies: 3 and 1 mean three times as often",
        ),
        K::NoWeight => with_help(
            "every weight is 0, so no value could ever be drawn".to_owned(),
            "give at least one value a weight above 0",
        ),
        K::Sum { sum } => with_help(
            format!("the probabilities add up to {sum}, not to 1"),
            "change them so that they add up to exactly 1; what is not written counts as 0",
        ),
        K::UnknownStep {
            id,
            wanted,
            actual,
            suggestion,
        } => match actual {
            Some(actual) => with_help(
                format!("`{id}` is a step of kind `{actual}`, not a {wanted}"),
                format!("only {wanted} steps are described under [{wanted}]"),
            ),
            None => with_help(
                format!("the service has no {wanted} `{id}`"),
                did_you_mean(
                    suggestion.as_deref(),
                    format!("write the id of a {wanted} step of the service"),
                ),
            ),
        },
        K::MissingStep { step, kind } => match *kind {
            "task" => with_help(
                format!("the profile does not say how long the work of task `{step}` takes"),
                format!(
                    "add [task.{step}] with `hours = {{ distribution = \"lognormal\", mean = 0.5, sd = 0.25 }}` and, for several decisions, their probabilities"
                ),
            ),
            _ => with_help(
                format!("the profile does not say how applicants answer the wait `{step}`"),
                format!(
                    "add [wait.{step}] with `days = {{ distribution = \"exponential\", mean = 5 }}`, and `never = 0.1` if some never answer"
                ),
            ),
        },
        K::UnknownDecision {
            task,
            decision,
            declared,
            suggestion,
        } => with_help(
            format!("the task `{task}` declares no decision `{decision}`"),
            did_you_mean(
                suggestion.as_deref(),
                format!("its decisions are {}", list(declared)),
            ),
        ),
        K::NoDecisions { task } => with_help(
            format!("the task `{task}` declares no decisions"),
            "remove `decisions` here, or declare them in the service",
        ),
        K::MissingDecisions { task, declared } => with_help(
            format!("the profile does not say how often task `{task}` takes each of its decisions"),
            format!(
                "add `decisions = {{ … }}` with a probability for each of {}",
                list(declared)
            ),
        ),
        K::UnknownEvent {
            wait,
            event,
            declared,
            suggestion,
        } => with_help(
            format!("the wait `{wait}` declares no event `{event}`"),
            did_you_mean(
                suggestion.as_deref(),
                format!("its events are {}", list(declared)),
            ),
        ),
        K::MissingEvents { wait, declared } => with_help(
            format!(
                "the profile does not say which of its events ends the wait `{wait}` how often"
            ),
            format!(
                "add `events = {{ … }}` with a probability for each of {}",
                list(declared)
            ),
        ),
        K::MissingAnswerTime { wait } => with_help(
            format!("the profile does not say how many days applicants take to answer `{wait}`"),
            "add `days = { distribution = \"exponential\", mean = 5 }`, or `never = 1` if nobody answers",
        ),
        K::UnknownRole { role, suggestion } => with_help(
            format!("the service has no role `{role}`"),
            did_you_mean(
                suggestion.as_deref(),
                "write the id of a role of the service".to_owned(),
            ),
        ),
        K::MissingStaff { role, task } => with_help(
            format!("nobody works as `{role}`, but the task `{task}` needs that role"),
            format!("add [staff.{role}] with `people = 2` and `hours = \"08:00-16:00\"`"),
        ),
        K::TaskWithoutRole { task } => with_help(
            format!("the task `{task}` names no role of the service, so nobody could work on it"),
            "give the task a declared `role` in the service; `ozg lint` shows the details",
        ),
        K::NoPeople => with_help(
            "a role needs at least one person, and at most 100,000".to_owned(),
            "write a whole number from 1 to 100,000",
        ),
        K::Hours { text, problem } => hours_problem(text, *problem),
        K::Weekday { text, suggestion } => with_help(
            format!("`{text}` is not a weekday"),
            did_you_mean(
                *suggestion,
                "write mon, tue, wed, thu, fri, sat or sun".to_owned(),
            ),
        ),
        K::NoWeekdays => with_help(
            "the role works on no weekday".to_owned(),
            "name at least one day, such as `days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]`",
        ),
        K::Month { name, suggestion } => with_help(
            format!("`{name}` is not a month"),
            did_you_mean(
                *suggestion,
                "write the month's English or German name, such as `march` or `märz`".to_owned(),
            ),
        ),
        K::MonthCount { found } => with_help(
            format!("`monthly` has {found} numbers, not 12"),
            "give one factor per month from January to December, or a table by month name",
        ),
        K::NegativeFactor => with_help(
            "a monthly factor cannot be negative".to_owned(),
            "write 1 for an ordinary month, 1.5 for half as many applications more, 0 for none",
        ),
        K::NoArrivalTime => with_help(
            "every monthly factor is 0, so no application would ever arrive".to_owned(),
            "give at least one month a factor above 0",
        ),
        K::PerDay => with_help(
            "`per_day` must be more than 0 and at most 1,000,000".to_owned(),
            "write the mean number of applications on a working day, such as 12.5",
        ),
        K::CasesZero => with_help(
            "`cases` must be at least 1 and at most 100,000,000".to_owned(),
            "write how many applications to simulate",
        ),
        K::SeedNegative => with_help(
            "a seed cannot be negative".to_owned(),
            "write a whole number from 0 on",
        ),
        K::UntilBeforeStart { until, start } => with_help(
            format!("the simulation would end on {until}, before the first application on {start}"),
            "set `until` to a day after `arrivals.start`",
        ),
        K::StartBeforeValidity { start, valid_from } => with_help(
            format!(
                "applications arriving from {start} fall before the service applies ({valid_from})"
            ),
            format!("start the arrivals on {valid_from} or later"),
        ),
        K::StartOutsideCalendar { start } => with_help(
            format!("the simulation cannot start on {start}"),
            "public holidays are known for 1995 to 2035; start in those years",
        ),
        K::ServiceMismatch { named, actual } => with_help(
            format!("the profile is written for the service `{named}`, not for `{actual}`"),
            "simulate the service the profile names, or change `service` in [profile]",
        ),
        K::Refused {
            field,
            message,
            default,
        } => {
            if *default {
                with_help(
                    format!("the form refuses the value `{field}` gets by default: {message}"),
                    format!(
                        "give `{field}` a value in [input], for example `{field} = …` or a distribution"
                    ),
                )
            } else {
                with_help(
                    format!("the form refuses the value given for `{field}`: {message}"),
                    "change the value so that the form accepts it",
                )
            }
        }
    }
}

fn parameter_problem(kind: &str, problem: ParameterProblem) -> Text {
    match problem {
        ParameterProblem::NotFinite => with_help(
            format!("the parameters of this {kind} distribution are not all finite numbers"),
            "write ordinary numbers",
        ),
        ParameterProblem::Order => match kind {
            "triangular" => with_help(
                "the most likely value (`mode`) must lie between `min` and `max`".to_owned(),
                "write min <= mode <= max",
            ),
            "constant" => with_help(
                "a duration or count cannot be negative".to_owned(),
                "write a number from 0 on",
            ),
            _ => with_help(
                "`min` is larger than `max`".to_owned(),
                "swap the two values",
            ),
        },
        ParameterProblem::NegativeDeviation => with_help(
            "a standard deviation (`sd`) cannot be negative".to_owned(),
            "write a number from 0 on",
        ),
        ParameterProblem::MeanNotPositive => with_help(
            format!("the mean of {} distribution must be more than 0", a(kind)),
            "write the mean of the values, such as 0.5 for half an hour",
        ),
    }
}

fn hours_problem(text: &str, problem: HoursProblem) -> Text {
    match problem {
        HoursProblem::Syntax => with_help(
            format!("`{text}` are not working hours"),
            "write them as `08:00-16:00`, several ranges separated by commas: `08:00-12:00, 13:00-16:30`",
        ),
        HoursProblem::Order => with_help(
            format!("in `{text}` a range ends before it starts"),
            "write the earlier time first; a range may end at 24:00 but not run past midnight",
        ),
        HoursProblem::Overlap => with_help(
            format!("the ranges in `{text}` overlap"),
            "write each time of day in one range only",
        ),
    }
}

// -----------------------------------------------------------------------
// Warnings of a run
// -----------------------------------------------------------------------

pub fn deadline_error(deadline: &str, reason: &str) -> String {
    format!("deadline `{deadline}`: {reason}")
}

pub fn refused_warning(refused: u64, refusals: &[Refusal]) -> String {
    let fields: Vec<String> = refusals
        .iter()
        .take(3)
        .map(|r| format!("{} ({}× \"{}\")", r.field, r.count, r.message))
        .collect();
    format!(
        "the form refused {refused} generated applications, which started no case: {}; adjust the distributions in [input]",
        fields.join(", ")
    )
}

pub fn stuck_warning(stuck: u64, steps: &[(String, u64)], looping: u64) -> String {
    let mut parts: Vec<String> = steps
        .iter()
        .map(|(step, n)| format!("{n} at `{step}`, where no transition applied"))
        .collect();
    if looping > 0 {
        parts.push(format!("{looping} going round in a loop"));
    }
    format!(
        "{stuck} cases could not go on ({}); check the guards of those steps",
        parts.join(", ")
    )
}

pub fn deadline_warning(count: u64, first: &str) -> String {
    format!("{count} deadlines could not be computed and were not watched; the first: {first}")
}

pub fn fee_warning(count: u64) -> String {
    format!("{count} fees could not be computed and are missing from the fee totals")
}

pub fn fewer_cases_warning(submitted: u64, requested: u64) -> String {
    format!(
        "only {submitted} of {requested} applications arrived before the end of the simulated period"
    )
}

// -----------------------------------------------------------------------
// Report lines
// -----------------------------------------------------------------------

pub fn heading(id: &str, title: &str, seed: u64) -> String {
    format!("Workload simulation of {id} ({title}), seed {seed}")
}

pub fn profile_line(title: &str) -> String {
    format!("Profile: {title}")
}

pub fn period_line(start: Date, end: &str, days: f64) -> String {
    format!("Simulated from {start} to {end} ({days:.1} days)")
}

pub fn applications_line(a: &Applications) -> String {
    let range = match (a.first, a.last) {
        (Some(first), Some(last)) => format!(", {first} to {last}"),
        _ => String::new(),
    };
    format!(
        "Applications: {} submitted{range}; {} refused by the form",
        a.submitted, a.refused
    )
}

pub fn cases_line(c: &Cases) -> String {
    format!(
        "Cases: {} ended (approved {}, rejected {}, withdrawn {}, deemed approved {}, completed {}), {} open at the end; {} escalations, {} deemed approvals by deadline",
        c.ended,
        c.approved,
        c.rejected,
        c.withdrawn,
        c.deemed_approved,
        c.completed,
        c.open,
        c.escalations,
        c.deemed_approvals
    )
}

pub fn other_service(profile: &str, service: &str) -> String {
    format!("the profile was read for the service `{profile}`, not for `{service}`")
}
