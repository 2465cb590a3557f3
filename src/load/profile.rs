//! Workload profiles: how many applications arrive and when, what
//! applicants enter, how long work and answers take, which decisions are
//! taken how often, and how many people of each role work when.
//!
//! A profile is a TOML file, described for users in `docs/load.md`. It is
//! read against one service: every field, task, wait, decision, event and
//! role it names must exist there, and every task and wait of the service
//! must be described, so that a simulation never runs on silent guesses.
//! Reading reports every problem it finds, each with its place in the
//! file, like the model loader does.
//!
//! Decision and answer probabilities are the same for every case: they do
//! not depend on what the applicant entered (see `docs/limits.md`).

use crate::model::tree;
use jiff::civil::Date;

use crate::calendar::{State, VERIFIED_YEARS};
use crate::engine::compile::SUBMITTED;
use crate::engine::{CompiledService, RawValue};
use crate::feel::names::free_names;
use crate::feel::number::Number;
use crate::feel::value::Value;
use crate::load::applicant::{FieldPlan, Generator, GroupPlan, TRIAL_APPLICANTS};
use crate::load::clock::{Hours, HoursProblem, WEEKDAYS};
use crate::load::distribution::{self, Distribution, ParameterProblem};
use crate::model::load::ProblemKind;
use crate::model::reader::{Reader, Table, TomlValue, span_of};
use crate::model::{Bound, FieldType, Service, StepKind};
use crate::source::FileId;
use crate::source::{Span, Spanned};

/// A workload profile, read and checked against a service.
#[derive(Debug, Clone)]
pub struct Profile {
    pub title: Option<String>,
    /// The id of the service the profile was checked against.
    pub service: String,
    pub run: RunSettings,
    pub arrivals: Arrivals,
    /// How applicants fill in the form, by field (or repeatable group) id,
    /// ordered by id. Fields not listed take their default.
    pub inputs: Vec<InputRule>,
    /// One entry per task of the service, in the order of the steps.
    pub tasks: Vec<TaskProfile>,
    /// One entry per wait of the service, in the order of the steps.
    pub waits: Vec<WaitProfile>,
    /// The people of each role, ordered by role id.
    pub staff: Vec<Staff>,
    pub(crate) plan: Plan,
}

/// Settings of a run; the command line may override them.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSettings {
    pub cases: Option<u64>,
    pub seed: Option<u64>,
    /// The last day simulated; the simulation stops at its end.
    pub until: Option<Date>,
    pub backlog: BacklogPeriod,
}

/// The periods by which the backlog is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BacklogPeriod {
    Week,
    Month,
}

/// When applications arrive: a Poisson process on the working days of the
/// service's federal state, within `hours`, with `per_day` applications
/// on an average working day, scaled by the factor of the month.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    pub start: Date,
    pub per_day: f64,
    pub hours: Hours,
    /// January first.
    pub monthly: [f64; 12],
}

/// How one field (or the number of entries of a repeatable group) is
/// filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct InputRule {
    pub field: String,
    pub source: InputSource,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputSource {
    /// Always this value.
    Constant(RawValue),
    /// A number drawn from a distribution, rounded to the field's decimals
    /// and kept within its limits.
    Number(Distribution),
    /// A date this many `unit`s before or after the submission.
    Date {
        offset: Distribution,
        unit: DateUnit,
        after: bool,
    },
    /// One of several values, by weight.
    Categorical(Vec<(RawValue, f64)>),
    /// `true` with this probability.
    Boolean(f64),
    /// Each code chosen on its own with its probability (multiple choice).
    Subset(Vec<(String, f64)>),
    /// The number of entries of a repeatable group.
    Entries(Distribution),
}

/// The unit of a date offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl DateUnit {
    const NAMES: &[&str] = &["days", "weeks", "months", "years"];

    /// Average length in days (a year of 365.2425 days, the Gregorian
    /// mean; a month a twelfth of it).
    pub fn days(self) -> f64 {
        match self {
            DateUnit::Days => 1.0,
            DateUnit::Weeks => 7.0,
            DateUnit::Months => 365.2425 / 12.0,
            DateUnit::Years => 365.2425,
        }
    }
}

/// How long a task's work takes, and which decision it ends with.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskProfile {
    pub step: String,
    /// Hours of work, counted within working hours.
    pub hours: Distribution,
    /// Each declared decision with its probability (all of them, in the
    /// order the step declares them; the probabilities add up to 1).
    pub decisions: Vec<(String, f64)>,
}

/// How applicants answer a wait.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitProfile {
    pub step: String,
    /// Calendar days until the answer; `None` when nobody answers.
    pub days: Option<Distribution>,
    /// The probability that no answer comes at all.
    pub never: f64,
    /// Each declared event with its probability, given that an answer
    /// comes.
    pub events: Vec<(String, f64)>,
}

/// The people of one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub role: String,
    pub people: u32,
    pub hours: Hours,
    /// Monday first; public holidays are never worked.
    pub weekdays: [bool; 7],
}

/// Something wrong in a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    pub span: Span,
    pub kind: ProfileErrorKind,
}

impl ProfileError {
    /// What is wrong, in words for people.
    pub fn message(&self) -> String {
        crate::load::messages::profile_error(&self.kind).0
    }

    /// How to put it right, if there is advice.
    pub fn help(&self) -> Option<String> {
        crate::load::messages::profile_error(&self.kind).1
    }
}

/// The kinds of problems a profile can have. The texts are in
/// `load::messages`.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileErrorKind {
    /// The file is not valid TOML.
    Syntax {
        message: String,
    },
    /// A problem every TOML file of ozg can have: an unknown key, a value
    /// of the wrong type, a missing key, a malformed date or number.
    Read(ProblemKind),
    UnknownField {
        id: String,
        suggestion: Option<String>,
    },
    /// A field that takes no answer (a `display` field).
    NoAnswer {
        field: String,
    },
    /// A repeatable group takes only `entries`.
    GroupTakesEntries {
        group: String,
    },
    /// `entries` given for something that is no repeatable group.
    NotAGroup {
        field: String,
    },
    /// A kind of distribution that does not fit the field's type.
    KindForType {
        field: String,
        field_type: &'static str,
        kind: String,
        allowed: Vec<&'static str>,
    },
    MissingParameter {
        kind: &'static str,
        name: &'static str,
    },
    UnusedParameter {
        kind: &'static str,
        name: String,
        used: &'static [&'static str],
    },
    Parameters {
        kind: &'static str,
        problem: ParameterProblem,
    },
    UnknownOption {
        field: String,
        code: String,
        suggestion: Option<String>,
    },
    /// A value of the wrong kind for the field.
    ValueType {
        field: String,
        expected: &'static str,
    },
    /// A date distribution without `before` or `after`.
    DateAnchor {
        field: String,
    },
    /// A date anchor other than `submitted`.
    UnknownAnchor {
        given: String,
    },
    Probability {
        value: f64,
    },
    Weight {
        value: f64,
    },
    NoWeight,
    Sum {
        sum: f64,
    },
    UnknownStep {
        id: String,
        wanted: &'static str,
        actual: Option<&'static str>,
        suggestion: Option<String>,
    },
    MissingStep {
        step: String,
        kind: &'static str,
    },
    UnknownDecision {
        task: String,
        decision: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// Decision probabilities for a task that declares none.
    NoDecisions {
        task: String,
    },
    MissingDecisions {
        task: String,
        declared: Vec<String>,
    },
    UnknownEvent {
        wait: String,
        event: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    MissingEvents {
        wait: String,
        declared: Vec<String>,
    },
    /// A wait that is sometimes answered, without an answer time.
    MissingAnswerTime {
        wait: String,
    },
    UnknownRole {
        role: String,
        suggestion: Option<String>,
    },
    MissingStaff {
        role: String,
        task: String,
    },
    /// A task of the service names no role the service declares, so
    /// nobody could work on it (`ozg lint` reports the same).
    TaskWithoutRole {
        task: String,
    },
    NoPeople,
    Hours {
        text: String,
        problem: HoursProblem,
    },
    Weekday {
        text: String,
        suggestion: Option<&'static str>,
    },
    NoWeekdays,
    Month {
        name: String,
        suggestion: Option<&'static str>,
    },
    MonthCount {
        found: usize,
    },
    NegativeFactor,
    NoArrivalTime,
    PerDay,
    CasesZero,
    SeedNegative,
    UntilBeforeStart {
        until: Date,
        start: Date,
    },
    StartBeforeValidity {
        start: Date,
        valid_from: Date,
    },
    /// A start outside the years whose public holidays are known.
    StartOutsideCalendar {
        start: Date,
    },
    ServiceMismatch {
        named: String,
        actual: String,
    },
    /// A value the profile fixes (or a field's default) that the form
    /// refuses.
    Refused {
        field: String,
        message: String,
        default: bool,
    },
}

/// The profile compiled against the service: what the simulation and the
/// applicant generator use.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub fields: Vec<FieldPlan>,
    pub groups: Vec<GroupPlan>,
    /// Per step of the service.
    pub steps: Vec<StepPlan>,
    /// The staffed roles, in the order of `Profile::staff`.
    pub roles: Vec<RolePlan>,
    pub state: State,
    /// The variable slots a case needs while it runs: those its guards
    /// read, the fees, and `decision`/`event`. The others are emptied once
    /// the application is assessed, so that cases carry less.
    pub kept_slots: Vec<bool>,
}

#[derive(Debug, Clone)]
pub(crate) enum StepPlan {
    Other,
    Task {
        role: usize,
        hours: Distribution,
        /// Cumulative probabilities of `values`.
        cumulative: Vec<f64>,
        /// The decisions as FEEL strings; empty when none is declared.
        values: Vec<Value>,
    },
    Wait {
        days: Option<Distribution>,
        never: f64,
        cumulative: Vec<f64>,
        values: Vec<Value>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct RolePlan {
    pub id: String,
    pub title: String,
    pub people: u32,
    pub hours: Hours,
    pub weekdays: [bool; 7],
}

const TOP_KEYS: &[&str] = &[
    "profile", "run", "arrivals", "input", "task", "wait", "staff",
];
const PROFILE_KEYS: &[&str] = &["title", "service", "description"];
const RUN_KEYS: &[&str] = &["cases", "seed", "until", "backlog"];
const ARRIVAL_KEYS: &[&str] = &["start", "per_day", "hours", "monthly"];
const INPUT_KEYS: &[&str] = &[
    "distribution",
    "value",
    "min",
    "max",
    "mean",
    "sd",
    "mode",
    "weights",
    "probability",
    "probabilities",
    "unit",
    "before",
    "after",
    "entries",
];
const DISTRIBUTION_KEYS: &[&str] = &["distribution", "value", "min", "max", "mean", "sd", "mode"];
/// Keys that are parameters of some numeric distribution.
const PARAMETER_KEYS: &[&str] = &["value", "min", "max", "mean", "sd", "mode"];
const TASK_KEYS: &[&str] = &["hours", "decisions"];
const WAIT_KEYS: &[&str] = &["days", "never", "events"];
const STAFF_KEYS: &[&str] = &["people", "hours", "days"];
/// The kinds of input sources, beyond the numeric distributions.
const INPUT_KINDS: &[&str] = &[
    "constant",
    "uniform",
    "normal",
    "lognormal",
    "triangular",
    "exponential",
    "categorical",
    "boolean",
    "subset",
];
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_DE: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// The most people a role may have: far beyond any office, and a bound
/// for the memory their bookkeeping takes.
pub const MAX_PEOPLE: u32 = 100_000;

/// Probabilities may miss 1 by this much in their sum (rounding in
/// hand-written figures such as thirds).
const SUM_TOLERANCE: f64 = 1e-6;

impl Profile {
    /// Reads a profile from `text` and checks it against `service` (as
    /// compiled from `model`). Returns every problem found, ordered by
    /// their place in the file.
    pub fn read(
        text: &str,
        model: &Service,
        service: &CompiledService,
    ) -> Result<Profile, Vec<ProfileError>> {
        let root = match tree::parse(text) {
            Ok(root) => root,
            Err(error) => {
                let span = error.span.map_or(Span::at(0), Span::from);
                let message = error.message;
                return Err(vec![ProfileError {
                    span,
                    kind: ProfileErrorKind::Syntax { message },
                }]);
            }
        };
        let mut cx = Cx {
            r: Reader::new(FileId(0), text),
            errors: Vec::new(),
            model,
            service,
        };
        let profile = cx.profile(&root);
        let mut errors = cx.errors;
        errors.extend(cx.r.problems.into_iter().map(|problem| ProfileError {
            span: problem.span,
            kind: ProfileErrorKind::Read(problem.kind),
        }));
        if errors.is_empty()
            && let Some(profile) = profile
        {
            let refused = trial(&profile, service);
            if refused.is_empty() {
                return Ok(profile);
            }
            errors = refused;
        }
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        Err(errors)
    }
}

/// Generates a few applicants and has the form check them; a value the
/// profile fixes, or a default, that the form refuses is an error of the
/// profile. Values drawn at random may be refused now and then; the
/// report counts those.
fn trial(profile: &Profile, service: &CompiledService) -> Vec<ProfileError> {
    let generator = Generator::new(service, &profile.plan);
    let seed = profile.run.seed.unwrap_or(0);
    let mut errors: Vec<ProfileError> = Vec::new();
    let mut input = generator.template();
    for index in 0..TRIAL_APPLICANTS {
        let submitted = profile.arrivals.start;
        generator.generate(seed, index, submitted, &mut input);
        for error in service.validate(&input, submitted) {
            let field = error
                .field
                .rsplit('.')
                .next()
                .unwrap_or(&error.field)
                .to_owned();
            let Some((span, default)) = generator.fixed_origin(&field) else {
                continue;
            };
            if errors.iter().any(
                |e| matches!(&e.kind, ProfileErrorKind::Refused { field: f, .. } if *f == field),
            ) {
                continue;
            }
            errors.push(ProfileError {
                span,
                kind: ProfileErrorKind::Refused {
                    field,
                    message: error.message,
                    default,
                },
            });
        }
    }
    errors
}

/// The reading context.
struct Cx<'a> {
    r: Reader<'a>,
    errors: Vec<ProfileError>,
    model: &'a Service,
    service: &'a CompiledService,
}

/// What a duration key holds: hours of work, days of waiting, entries.
type Spread = Spanned<Distribution>;

impl Cx<'_> {
    fn error(&mut self, span: Span, kind: ProfileErrorKind) {
        self.errors.push(ProfileError { span, kind });
    }

    fn profile(&mut self, root: &tree::Table<'_>) -> Option<Profile> {
        let top = self.r.open(root, Span::at(0), "profile file", TOP_KEYS);

        let mut title = None;
        if let Some(table) = self
            .r
            .table(&top, "profile", "[profile] table", PROFILE_KEYS)
        {
            title = self.r.string(&table, "title").map(|t| t.value);
            self.r.string(&table, "description");
            if let Some(named) = self.r.string(&table, "service")
                && named.value != self.service.id
            {
                self.error(
                    named.span,
                    ProfileErrorKind::ServiceMismatch {
                        named: named.value.clone(),
                        actual: self.service.id.clone(),
                    },
                );
            }
        }
        let run = self.run(&top);
        let arrivals = self.arrivals(&top);
        if let (Some(arrivals), Some(until)) = (&arrivals, run.until)
            && until < arrivals.start
        {
            let span = top.get("run").map_or(Span::at(0), span_of);
            self.error(
                span,
                ProfileErrorKind::UntilBeforeStart {
                    until,
                    start: arrivals.start,
                },
            );
        }

        let (inputs, fields, groups) = self.inputs(&top);
        let (staff, staffed) = self.staff(&top);
        let (tasks, waits, steps) = self.steps(&top, &staff, &staffed);
        let roles = staff
            .iter()
            .map(|s| RolePlan {
                id: s.role.clone(),
                title: self
                    .model
                    .roles
                    .iter()
                    .find(|r| r.id.value == s.role)
                    .and_then(|r| r.title.as_ref())
                    .map_or_else(|| s.role.clone(), |t| t.value.clone()),
                people: s.people,
                hours: s.hours.clone(),
                weekdays: s.weekdays,
            })
            .collect();

        Some(Profile {
            title,
            service: self.service.id.clone(),
            run,
            arrivals: arrivals?,
            inputs,
            tasks,
            waits,
            staff,
            plan: Plan {
                fields,
                groups,
                steps,
                roles,
                state: self.service.state,
                kept_slots: kept_slots(self.model, self.service),
            },
        })
    }

    fn run(&mut self, top: &Table<'_, '_>) -> RunSettings {
        let mut run = RunSettings {
            cases: None,
            seed: None,
            until: None,
            backlog: BacklogPeriod::Month,
        };
        let Some(table) = self.r.table(top, "run", "[run] table", RUN_KEYS) else {
            return run;
        };
        if let Some(cases) = self.r.integer(&table, "cases") {
            match u64::try_from(cases.value) {
                Ok(n) if (1..=crate::load::MAX_CASES).contains(&n) => run.cases = Some(n),
                _ => self.error(cases.span, ProfileErrorKind::CasesZero),
            }
        }
        if let Some(seed) = self.r.integer(&table, "seed") {
            match u64::try_from(seed.value) {
                Ok(n) => run.seed = Some(n),
                Err(_) => self.error(seed.span, ProfileErrorKind::SeedNegative),
            }
        }
        run.until = self.r.date(&table, "until").map(|d| d.value);
        if let Some(period) = self
            .r
            .keyword(&table, "backlog", &["week", "month"], |p| match p {
                "week" => Some(BacklogPeriod::Week),
                "month" => Some(BacklogPeriod::Month),
                _ => None,
            })
        {
            run.backlog = period.value;
        }
        run
    }

    fn arrivals(&mut self, top: &Table<'_, '_>) -> Option<Arrivals> {
        let Some(table) = self
            .r
            .table(top, "arrivals", "[arrivals] table", ARRIVAL_KEYS)
        else {
            if top.get("arrivals").is_none() {
                self.r.missing(top, "arrivals");
            }
            return None;
        };
        if table.get("start").is_none() {
            self.r.missing(&table, "start");
        }
        if table.get("per_day").is_none() {
            self.r.missing(&table, "per_day");
        }
        let start = self.r.date(&table, "start");
        if let Some(start) = &start
            && !VERIFIED_YEARS.contains(&start.value.year())
        {
            self.error(
                start.span,
                ProfileErrorKind::StartOutsideCalendar { start: start.value },
            );
        }
        if let (Some(start), Some(valid_from)) = (&start, self.service.valid_from)
            && start.value < valid_from
        {
            self.error(
                start.span,
                ProfileErrorKind::StartBeforeValidity {
                    start: start.value,
                    valid_from,
                },
            );
        }
        let per_day = table.get("per_day").and_then(|v| self.number("per_day", v));
        if let Some(per_day) = &per_day
            && !(per_day.value > 0.0 && per_day.value <= 1e6)
        {
            self.error(per_day.span, ProfileErrorKind::PerDay);
        }
        let hours = match table.get("hours") {
            None => Some(Hours::all_day()),
            Some(_) => self.hours(&table, "hours"),
        };
        let monthly = match table.get("monthly") {
            None => Some([1.0; 12]),
            Some(value) => self.monthly(value),
        };
        if let Some(factors) = &monthly
            && factors.iter().all(|f| *f == 0.0)
        {
            let span = table.get("monthly").map_or(table.span, span_of);
            self.error(span, ProfileErrorKind::NoArrivalTime);
        }
        Some(Arrivals {
            start: start?.value,
            per_day: per_day?.value,
            hours: hours?,
            monthly: monthly?,
        })
    }

    /// Twelve numbers, or a table by month name.
    fn monthly(&mut self, value: &TomlValue<'_>) -> Option<[f64; 12]> {
        let mut factors = [1.0; 12];
        match value.get_ref() {
            tree::Value::Array(items) => {
                if items.len() != 12 {
                    self.error(
                        span_of(value),
                        ProfileErrorKind::MonthCount { found: items.len() },
                    );
                    return None;
                }
                for (i, item) in items.iter().enumerate() {
                    factors[i] = self.factor("monthly", item)?;
                }
            }
            tree::Value::Table(entries) => {
                for (key, item) in entries {
                    let name: &str = key.get_ref().as_ref();
                    let lower = name.to_lowercase();
                    let month = MONTHS_EN
                        .iter()
                        .position(|m| *m == lower)
                        .or_else(|| MONTHS_DE.iter().position(|m| *m == lower));
                    let Some(month) = month else {
                        let suggestion = crate::suggest::closest(&lower, MONTHS_EN);
                        self.error(
                            span_of(key),
                            ProfileErrorKind::Month {
                                name: name.to_owned(),
                                suggestion,
                            },
                        );
                        continue;
                    };
                    if let Some(f) = self.factor(name, item) {
                        factors[month] = f;
                    }
                }
            }
            other => {
                self.r.wrong_type(
                    "monthly",
                    "list of 12 numbers or a table by month",
                    other,
                    span_of(value),
                );
                return None;
            }
        }
        Some(factors)
    }

    fn factor(&mut self, key: &str, value: &TomlValue<'_>) -> Option<f64> {
        let f = self.number(key, value)?;
        if f.value < 0.0 || !f.value.is_finite() {
            self.error(f.span, ProfileErrorKind::NegativeFactor);
            return None;
        }
        Some(f.value)
    }

    /// A number written as a TOML integer or float, as a double: used for
    /// parameters, which need no exactness.
    fn number(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Spanned<f64>> {
        let span = span_of(value);
        let Some(digits) = value.get_ref().number_text() else {
            self.r.wrong_type(key, "number", value.get_ref(), span);
            return None;
        };
        if let Ok(n) = digits.parse::<f64>()
            && n.is_finite()
        {
            Some(Spanned::new(n, span))
        } else {
            self.r
                .report(span, ProblemKind::NumberOutOfRange { key: key.into() });
            None
        }
    }

    fn hours(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Hours> {
        let text = self.r.string(table, key)?;
        match Hours::parse(&text.value) {
            Ok(hours) => Some(hours),
            Err(problem) => {
                self.error(
                    text.span,
                    ProfileErrorKind::Hours {
                        text: text.value.clone(),
                        problem,
                    },
                );
                None
            }
        }
    }

    // ---------------------------------------------------------------
    // Form input
    // ---------------------------------------------------------------

    fn inputs(&mut self, top: &Table<'_, '_>) -> (Vec<InputRule>, Vec<FieldPlan>, Vec<GroupPlan>) {
        let mut rules = Vec::new();
        let mut given: Vec<Option<(InputSource, Span)>> = vec![None; self.service.fields.len()];
        let mut entries: Vec<Option<(Distribution, Span)>> = vec![None; self.service.groups.len()];
        if let Some(value) = top.get("input") {
            match value.get_ref() {
                tree::Value::Table(items) => {
                    for (key, item) in items {
                        let id: &str = key.get_ref().as_ref();
                        let span = span_of(key).to(span_of(item));
                        if let Some(g) = self.service.groups.iter().position(|g| g.id == id) {
                            if let Some(count) = self.group_entries(id, item) {
                                entries[g] = Some((count, span));
                                rules.push(InputRule {
                                    field: id.to_owned(),
                                    source: InputSource::Entries(count),
                                });
                            }
                            continue;
                        }
                        let Some(f) = self.service.fields.iter().position(|f| f.id == id) else {
                            self.unknown_field(id, span_of(key));
                            continue;
                        };
                        if let Some(source) = self.input(f, item) {
                            given[f] = Some((source.clone(), span));
                            rules.push(InputRule {
                                field: id.to_owned(),
                                source,
                            });
                        }
                    }
                }
                other => self.r.wrong_type("input", "table", other, span_of(value)),
            }
        }
        let input_span = top.get("input").map_or(Span::at(0), span_of);
        let fields = self
            .service
            .fields
            .iter()
            .zip(given)
            .map(|(field, given)| FieldPlan::new(field, given, input_span))
            .collect();
        let groups = self
            .service
            .groups
            .iter()
            .zip(entries)
            .map(|(group, count)| GroupPlan::new(group, count.map(|(d, _)| d)))
            .collect();
        (rules, fields, groups)
    }

    fn unknown_field(&mut self, id: &str, span: Span) {
        let display = self.model.fields().into_iter().any(|(f, _)| {
            f.id.value == id
                && f.kind
                    .as_ref()
                    .is_some_and(|k| k.value == FieldType::Display)
        });
        if display {
            self.error(
                span,
                ProfileErrorKind::NoAnswer {
                    field: id.to_owned(),
                },
            );
            return;
        }
        let candidates = self
            .service
            .fields
            .iter()
            .map(|f| f.id.as_str())
            .chain(self.service.groups.iter().map(|g| g.id.as_str()));
        let suggestion = crate::suggest::closest(id, candidates).map(str::to_owned);
        self.error(
            span,
            ProfileErrorKind::UnknownField {
                id: id.to_owned(),
                suggestion,
            },
        );
    }

    fn group_entries(&mut self, group: &str, item: &TomlValue<'_>) -> Option<Distribution> {
        let tree::Value::Table(entries) = item.get_ref() else {
            self.error(
                span_of(item),
                ProfileErrorKind::GroupTakesEntries {
                    group: group.to_owned(),
                },
            );
            return None;
        };
        let table = self
            .r
            .open(entries, span_of(item), "group input", &["entries"]);
        if table.get("entries").is_none() {
            self.error(
                table.span,
                ProfileErrorKind::GroupTakesEntries {
                    group: group.to_owned(),
                },
            );
            return None;
        }
        self.spread(&table, "entries").map(|s| s.value)
    }

    /// How field `f` is filled in: a plain value, or a table with a
    /// `distribution`.
    fn input(&mut self, f: usize, item: &TomlValue<'_>) -> Option<InputSource> {
        let service = self.service;
        let field = &service.fields[f];
        let tree::Value::Table(entries) = item.get_ref() else {
            let value = self.raw_value(&field.id, item, 0)?;
            return self.constant(f, value, span_of(item));
        };
        let table = self
            .r
            .open(entries, span_of(item), "field input", INPUT_KEYS);
        if let Some(value) = table.get("entries") {
            self.error(
                span_of(value),
                ProfileErrorKind::NotAGroup {
                    field: field.id.clone(),
                },
            );
            return None;
        }
        let Some(kind) = self.r.keyword(&table, "distribution", INPUT_KINDS, |k| {
            INPUT_KINDS.iter().copied().find(|known| *known == k)
        }) else {
            if table.get("distribution").is_none() {
                self.r.missing(&table, "distribution");
            }
            return None;
        };
        let allowed = kinds_for(field.kind);
        if !allowed.contains(&kind.value) {
            self.error(
                kind.span,
                ProfileErrorKind::KindForType {
                    field: field.id.clone(),
                    field_type: field.kind.name(),
                    kind: kind.value.to_owned(),
                    allowed: allowed.to_vec(),
                },
            );
            return None;
        }
        self.unused_keys(&table, kind.value);
        match kind.value {
            "constant" => {
                let Some(value) = table.get("value") else {
                    self.r.missing(&table, "value");
                    return None;
                };
                let raw = self.raw_value(&field.id, value, 0)?;
                self.constant(f, raw, span_of(value))
            }
            "categorical" => self.categorical(f, &table),
            "boolean" => {
                let Some(value) = table.get("probability") else {
                    self.r.missing(&table, "probability");
                    return None;
                };
                self.probability("probability", value)
                    .map(InputSource::Boolean)
            }
            "subset" => self.subset(f, &table),
            numeric => {
                let distribution = self.distribution(&table, numeric)?;
                if field.kind == FieldType::Date {
                    self.date_offset(f, &table, distribution)
                } else {
                    Some(InputSource::Number(distribution))
                }
            }
        }
    }

    /// Reports keys of the input table that the kind does not use.
    fn unused_keys(&mut self, table: &Table<'_, '_>, kind: &'static str) {
        let used: &'static [&'static str] = match kind {
            "constant" => &["value"],
            "categorical" => &["weights"],
            "boolean" => &["probability"],
            "subset" => &["probabilities"],
            numeric => distribution::parameters(numeric),
        };
        let date_keys = ["unit", "before", "after"];
        for (key, _) in table.entries {
            let name: &str = key.get_ref().as_ref();
            let parameter = INPUT_KEYS.contains(&name) && name != "distribution";
            let date_key = date_keys.contains(&name) && distribution::KINDS.contains(&kind);
            if parameter && !used.contains(&name) && !date_key && name != "entries" {
                self.error(
                    span_of(key),
                    ProfileErrorKind::UnusedParameter {
                        kind: static_kind(kind),
                        name: name.to_owned(),
                        used,
                    },
                );
            }
        }
    }

    /// A numeric distribution from the parameters in `table`.
    fn distribution(&mut self, table: &Table<'_, '_>, kind: &'static str) -> Option<Distribution> {
        let mut values: Vec<(&str, f64)> = Vec::new();
        let mut unreadable = false;
        for name in distribution::parameters(kind) {
            if let Some(value) = table.get(name) {
                match self.number(name, value) {
                    Some(n) => values.push((name, n.value)),
                    None => unreadable = true,
                }
            }
        }
        if unreadable {
            return None;
        }
        let span = table.span;
        match Distribution::from_parameters(kind, |name| {
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        }) {
            Ok(distribution) => Some(distribution),
            Err(Ok(name)) => {
                self.error(span, ProfileErrorKind::MissingParameter { kind, name });
                None
            }
            Err(Err(problem)) => {
                self.error(span, ProfileErrorKind::Parameters { kind, problem });
                None
            }
        }
    }

    /// A duration or count: a plain number, or a table with a
    /// `distribution`.
    fn spread(&mut self, parent: &Table<'_, '_>, key: &'static str) -> Option<Spread> {
        let value = parent.get(key)?;
        let span = span_of(value);
        let tree::Value::Table(entries) = value.get_ref() else {
            let n = self.number(key, value)?;
            if n.value < 0.0 {
                self.error(
                    span,
                    ProfileErrorKind::Parameters {
                        kind: "constant",
                        problem: ParameterProblem::Order,
                    },
                );
                return None;
            }
            return Some(Spanned::new(
                Distribution::Constant { value: n.value },
                span,
            ));
        };
        let table = self
            .r
            .open(entries, span, "distribution", DISTRIBUTION_KEYS);
        let Some(kind) = self
            .r
            .keyword(&table, "distribution", distribution::KINDS, |k| {
                distribution::KINDS
                    .iter()
                    .copied()
                    .find(|known| *known == k)
            })
        else {
            if table.get("distribution").is_none() {
                self.r.missing(&table, "distribution");
            }
            return None;
        };
        let used = distribution::parameters(kind.value);
        for (k, _) in table.entries {
            let name: &str = k.get_ref().as_ref();
            if PARAMETER_KEYS.contains(&name) && !used.contains(&name) {
                self.error(
                    span_of(k),
                    ProfileErrorKind::UnusedParameter {
                        kind: kind.value,
                        name: name.to_owned(),
                        used,
                    },
                );
            }
        }
        self.distribution(&table, kind.value)
            .map(|d| Spanned::new(d, span))
    }

    fn date_offset(
        &mut self,
        f: usize,
        table: &Table<'_, '_>,
        offset: Distribution,
    ) -> Option<InputSource> {
        let field = &self.service.fields[f];
        let unit = match self.r.keyword(table, "unit", DateUnit::NAMES, |u| match u {
            "days" => Some(DateUnit::Days),
            "weeks" => Some(DateUnit::Weeks),
            "months" => Some(DateUnit::Months),
            "years" => Some(DateUnit::Years),
            _ => None,
        }) {
            Some(unit) => unit.value,
            None if table.get("unit").is_some() => return None,
            None => DateUnit::Days,
        };
        let before = self.r.string(table, "before");
        let after = self.r.string(table, "after");
        let anchor = match (before, after) {
            (Some(b), None) => Some((b, false)),
            (None, Some(a)) => Some((a, true)),
            _ => None,
        };
        let Some((anchor, after)) = anchor else {
            self.error(
                table.span,
                ProfileErrorKind::DateAnchor {
                    field: field.id.clone(),
                },
            );
            return None;
        };
        if anchor.value != "submitted" {
            self.error(
                anchor.span,
                ProfileErrorKind::UnknownAnchor {
                    given: anchor.value.clone(),
                },
            );
            return None;
        }
        Some(InputSource::Date {
            offset,
            unit,
            after,
        })
    }

    fn categorical(&mut self, f: usize, table: &Table<'_, '_>) -> Option<InputSource> {
        let Some(weights) = table.get("weights") else {
            self.r.missing(table, "weights");
            return None;
        };
        let tree::Value::Table(entries) = weights.get_ref() else {
            self.r
                .wrong_type("weights", "table", weights.get_ref(), span_of(weights));
            return None;
        };
        let mut values = Vec::new();
        let mut ok = true;
        for (key, weight) in entries {
            let text: &str = key.get_ref().as_ref();
            let Some(value) = self.key_value(f, text, span_of(key)) else {
                ok = false;
                continue;
            };
            let Some(w) = self.number(text, weight) else {
                ok = false;
                continue;
            };
            if w.value < 0.0 {
                self.error(w.span, ProfileErrorKind::Weight { value: w.value });
                ok = false;
                continue;
            }
            values.push((value, w.value));
        }
        if ok && values.iter().all(|(_, w)| *w == 0.0) {
            self.error(span_of(weights), ProfileErrorKind::NoWeight);
            return None;
        }
        ok.then_some(InputSource::Categorical(values))
    }

    /// The value a key of `weights` stands for, as the field's type reads
    /// it.
    fn key_value(&mut self, f: usize, text: &str, span: Span) -> Option<RawValue> {
        let field = &self.service.fields[f];
        let value = match field.kind {
            FieldType::Integer | FieldType::Decimal | FieldType::Money => {
                text.trim().parse::<Number>().ok().map(RawValue::Number)
            }
            FieldType::Date => text.trim().parse::<Date>().ok().map(RawValue::Date),
            FieldType::MultiChoice => Some(RawValue::List(vec![RawValue::Text(text.to_owned())])),
            _ => Some(RawValue::Text(text.to_owned())),
        };
        let Some(value) = value else {
            self.error(
                span,
                ProfileErrorKind::ValueType {
                    field: field.id.clone(),
                    expected: expected_value(field.kind),
                },
            );
            return None;
        };
        if field.kind.is_choice() {
            self.known_option(f, text, span)?;
        }
        Some(value)
    }

    /// Checks that `code` is an option of choice field `f` (when its
    /// options are known).
    fn known_option(&mut self, f: usize, code: &str, span: Span) -> Option<()> {
        let field = &self.service.fields[f];
        let Some(options) = &field.options else {
            return Some(());
        };
        if options.iter().any(|o| o == code) {
            return Some(());
        }
        let suggestion =
            crate::suggest::closest(code, options.iter().map(String::as_str)).map(str::to_owned);
        self.error(
            span,
            ProfileErrorKind::UnknownOption {
                field: field.id.clone(),
                code: code.to_owned(),
                suggestion,
            },
        );
        None
    }

    fn subset(&mut self, f: usize, table: &Table<'_, '_>) -> Option<InputSource> {
        let Some(probabilities) = table.get("probabilities") else {
            self.r.missing(table, "probabilities");
            return None;
        };
        let tree::Value::Table(entries) = probabilities.get_ref() else {
            self.r.wrong_type(
                "probabilities",
                "table",
                probabilities.get_ref(),
                span_of(probabilities),
            );
            return None;
        };
        let mut codes = Vec::new();
        let mut ok = true;
        for (key, value) in entries {
            let code: &str = key.get_ref().as_ref();
            let known = self.known_option(f, code, span_of(key)).is_some();
            match self.probability(code, value) {
                Some(p) if known => codes.push((code.to_owned(), p)),
                _ => ok = false,
            }
        }
        ok.then_some(InputSource::Subset(codes))
    }

    fn probability(&mut self, key: &str, value: &TomlValue<'_>) -> Option<f64> {
        let p = self.number(key, value)?;
        if (0.0..=1.0).contains(&p.value) {
            Some(p.value)
        } else {
            self.error(p.span, ProfileErrorKind::Probability { value: p.value });
            None
        }
    }

    /// A value written in the profile, converted like scenario input.
    fn raw_value(&mut self, key: &str, value: &TomlValue<'_>, depth: usize) -> Option<RawValue> {
        let span = span_of(value);
        Some(match value.get_ref() {
            tree::Value::String(s) => RawValue::Text(s.to_string()),
            tree::Value::Integer(_) | tree::Value::Float(_) => {
                RawValue::Number(self.r.number_of(key, value)?.value)
            }
            tree::Value::Boolean(b) => RawValue::Boolean(*b),
            tree::Value::Datetime(_) => RawValue::Date(self.r.date_of(key, value)?.value),
            tree::Value::Array(items) if depth < 8 => RawValue::List(
                items
                    .iter()
                    .map(|i| self.raw_value(key, i, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            tree::Value::Table(entries) if depth < 8 => RawValue::Entries(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let name: &str = k.get_ref().as_ref();
                        Some((name.to_owned(), self.raw_value(name, v, depth + 1)?))
                    })
                    .collect::<Option<_>>()?,
            ),
            other => {
                self.r.wrong_type(key, "value", other, span);
                return None;
            }
        })
    }

    /// A fixed value, checked for the kind of value the field takes.
    fn constant(&mut self, f: usize, value: RawValue, span: Span) -> Option<InputSource> {
        let field = &self.service.fields[f];
        let fits = match (field.kind, &value) {
            (FieldType::Integer | FieldType::Decimal | FieldType::Money, RawValue::Number(_))
            | (FieldType::Date, RawValue::Date(_))
            | (FieldType::Boolean, RawValue::Boolean(_))
            | (FieldType::File, RawValue::Text(_) | RawValue::Entries(_)) => true,
            (FieldType::MultiChoice, RawValue::List(items)) => {
                items.iter().all(|i| matches!(i, RawValue::Text(_)))
            }
            (kind, RawValue::Text(_)) => kind.is_textual() || kind.is_choice(),
            _ => false,
        };
        if !fits {
            self.error(
                span,
                ProfileErrorKind::ValueType {
                    field: field.id.clone(),
                    expected: expected_value(field.kind),
                },
            );
            return None;
        }
        let codes: Vec<String> = match &value {
            RawValue::Text(t) if field.kind.is_choice() => vec![t.clone()],
            RawValue::List(items) => items
                .iter()
                .filter_map(|i| match i {
                    RawValue::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for code in codes {
            self.known_option(f, &code, span)?;
        }
        Some(InputSource::Constant(value))
    }

    // ---------------------------------------------------------------
    // Staff, tasks and waits
    // ---------------------------------------------------------------

    /// The staff read, and the roles the profile names (also those whose
    /// entry could not be read, which need no second report).
    fn staff(&mut self, top: &Table<'_, '_>) -> (Vec<Staff>, Vec<String>) {
        let mut staff = Vec::new();
        let mut named = Vec::new();
        let Some(value) = top.get("staff") else {
            return (staff, named);
        };
        let tree::Value::Table(items) = value.get_ref() else {
            self.r
                .wrong_type("staff", "table", value.get_ref(), span_of(value));
            return (staff, named);
        };
        for (key, item) in items {
            let role: &str = key.get_ref().as_ref();
            if !self.model.roles.iter().any(|r| r.id.value == role) {
                let suggestion = crate::suggest::closest(
                    role,
                    self.model.roles.iter().map(|r| r.id.value.as_str()),
                )
                .map(str::to_owned);
                self.error(
                    span_of(key),
                    ProfileErrorKind::UnknownRole {
                        role: role.to_owned(),
                        suggestion,
                    },
                );
                continue;
            }
            named.push(role.to_owned());
            let tree::Value::Table(entries) = item.get_ref() else {
                self.r
                    .wrong_type(role, "table", item.get_ref(), span_of(item));
                continue;
            };
            let table = self
                .r
                .open(entries, span_of(item), "staff table", STAFF_KEYS);
            if table.get("people").is_none() {
                self.r.missing(&table, "people");
            }
            if table.get("hours").is_none() {
                self.r.missing(&table, "hours");
            }
            let people =
                self.r
                    .integer(&table, "people")
                    .and_then(|p| match u32::try_from(p.value) {
                        Ok(n) if n > 0 => Some(n),
                        _ => {
                            self.error(p.span, ProfileErrorKind::NoPeople);
                            None
                        }
                    });
            let hours = self.hours(&table, "hours");
            let weekdays = self.weekdays(&table);
            if let (Some(people), Some(hours), Some(weekdays)) = (people, hours, weekdays) {
                staff.push(Staff {
                    role: role.to_owned(),
                    people,
                    hours,
                    weekdays,
                });
            }
        }
        (staff, named)
    }

    fn weekdays(&mut self, table: &Table<'_, '_>) -> Option<[bool; 7]> {
        let Some(value) = table.get("days") else {
            return Some([true, true, true, true, true, false, false]);
        };
        let names = self.r.strings(table, "days");
        let mut weekdays = [false; 7];
        let mut ok = true;
        for name in &names {
            let lower = name.value.to_lowercase();
            let short: String = lower.chars().take(3).collect();
            let index = WEEKDAYS.iter().position(|w| *w == lower || *w == short);
            let german = ["mo", "di", "mi", "do", "fr", "sa", "so"]
                .iter()
                .position(|w| *w == lower);
            if let Some(i) = index.or(german) {
                weekdays[i] = true;
            } else {
                self.error(
                    name.span,
                    ProfileErrorKind::Weekday {
                        text: name.value.clone(),
                        suggestion: crate::suggest::closest(&lower, WEEKDAYS),
                    },
                );
                ok = false;
            }
        }
        if ok && !weekdays.contains(&true) {
            self.error(span_of(value), ProfileErrorKind::NoWeekdays);
            return None;
        }
        ok.then_some(weekdays)
    }

    #[allow(clippy::type_complexity)]
    fn steps(
        &mut self,
        top: &Table<'_, '_>,
        staff: &[Staff],
        staffed: &[String],
    ) -> (Vec<TaskProfile>, Vec<WaitProfile>, Vec<StepPlan>) {
        let service = self.service;
        let mut read = Read {
            tasks: vec![None; service.steps.len()],
            waits: vec![None; service.steps.len()],
            written: vec![false; service.steps.len()],
        };
        for (section, wanted) in [("task", StepKind::Task), ("wait", StepKind::Wait)] {
            let Some(value) = top.get(section) else {
                continue;
            };
            let tree::Value::Table(items) = value.get_ref() else {
                self.r
                    .wrong_type(section, "table", value.get_ref(), span_of(value));
                continue;
            };
            for (key, item) in items {
                let id: &str = key.get_ref().as_ref();
                let Some(s) = service
                    .steps
                    .iter()
                    .position(|st| st.id == id && st.kind == wanted)
                else {
                    self.unknown_step(id, wanted, span_of(key));
                    continue;
                };
                read.written[s] = true;
                let tree::Value::Table(entries) = item.get_ref() else {
                    self.r
                        .wrong_type(id, "table", item.get_ref(), span_of(item));
                    continue;
                };
                if wanted == StepKind::Task {
                    let table = self.r.open(entries, span_of(item), "task table", TASK_KEYS);
                    read.tasks[s] = self.task(s, &table);
                } else {
                    let table = self.r.open(entries, span_of(item), "wait table", WAIT_KEYS);
                    read.waits[s] = self.wait(s, &table);
                }
            }
        }
        self.step_plans(top, staff, staffed, read)
    }

    fn unknown_step(&mut self, id: &str, wanted: StepKind, span: Span) {
        let steps = &self.service.steps;
        let actual = steps.iter().find(|st| st.id == id).map(|st| st.kind.name());
        let suggestion = if actual.is_some() {
            None
        } else {
            let candidates = steps
                .iter()
                .filter(|st| st.kind == wanted)
                .map(|st| st.id.as_str());
            crate::suggest::closest(id, candidates).map(str::to_owned)
        };
        self.error(
            span,
            ProfileErrorKind::UnknownStep {
                id: id.to_owned(),
                wanted: wanted.name(),
                actual,
                suggestion,
            },
        );
    }

    /// The plans of the steps, from the tasks and waits read; every task
    /// and wait of the service must be described, and every task's role
    /// staffed.
    #[allow(clippy::type_complexity)]
    fn step_plans(
        &mut self,
        top: &Table<'_, '_>,
        staff: &[Staff],
        named: &[String],
        mut read: Read,
    ) -> (Vec<TaskProfile>, Vec<WaitProfile>, Vec<StepPlan>) {
        let service = self.service;
        let mut plans = vec![StepPlan::Other; service.steps.len()];
        let mut tasks = Vec::new();
        let mut waits = Vec::new();
        for (s, step) in service.steps.iter().enumerate() {
            match step.kind {
                StepKind::Task => {
                    let role = step.role.clone().unwrap_or_default();
                    let staffed = staff.iter().position(|st| st.role == role);
                    let declared = self.model.roles.iter().any(|r| r.id.value == role);
                    if !declared {
                        self.error(
                            Span::at(0),
                            ProfileErrorKind::TaskWithoutRole {
                                task: step.id.clone(),
                            },
                        );
                    } else if staffed.is_none() && !named.contains(&role) {
                        let span = top.get("staff").map_or(Span::at(0), span_of);
                        self.error(
                            span,
                            ProfileErrorKind::MissingStaff {
                                role: role.clone(),
                                task: step.id.clone(),
                            },
                        );
                    }
                    let Some(task) = read.tasks[s].take() else {
                        if !read.written[s] {
                            self.missing_step(top, "task", &step.id);
                        }
                        continue;
                    };
                    if let Some(role) = staffed {
                        plans[s] = StepPlan::Task {
                            role,
                            hours: task.hours,
                            cumulative: cumulative(&task.decisions),
                            values: values(&task.decisions),
                        };
                    }
                    tasks.push(task);
                }
                StepKind::Wait => {
                    let Some(wait) = read.waits[s].take() else {
                        if !read.written[s] {
                            self.missing_step(top, "wait", &step.id);
                        }
                        continue;
                    };
                    plans[s] = StepPlan::Wait {
                        days: wait.days,
                        never: wait.never,
                        cumulative: cumulative(&wait.events),
                        values: values(&wait.events),
                    };
                    waits.push(wait);
                }
                _ => {}
            }
        }
        (tasks, waits, plans)
    }

    fn missing_step(&mut self, top: &Table<'_, '_>, kind: &'static str, step: &str) {
        let span = top.get(kind).map_or(Span::at(0), span_of);
        self.error(
            span,
            ProfileErrorKind::MissingStep {
                step: step.to_owned(),
                kind,
            },
        );
    }

    fn task(&mut self, s: usize, table: &Table<'_, '_>) -> Option<TaskProfile> {
        let step = &self.service.steps[s];
        if table.get("hours").is_none() {
            self.r.missing(table, "hours");
        }
        let hours = self.spread(table, "hours");
        let decisions = self.choices(
            table,
            "decisions",
            &step.id,
            &step.decisions,
            Choices::Decisions,
        );
        Some(TaskProfile {
            step: step.id.clone(),
            hours: hours?.value,
            decisions: decisions?,
        })
    }

    fn wait(&mut self, s: usize, table: &Table<'_, '_>) -> Option<WaitProfile> {
        let step = &self.service.steps[s];
        let never = match table.get("never") {
            Some(value) => self.probability("never", value)?,
            None => 0.0,
        };
        let days = self.spread(table, "days");
        if days.is_none() && table.get("days").is_none() && never < 1.0 {
            self.error(
                table.span,
                ProfileErrorKind::MissingAnswerTime {
                    wait: step.id.clone(),
                },
            );
            return None;
        }
        if table.get("days").is_some() && days.is_none() {
            return None;
        }
        let events = self.choices(table, "events", &step.id, &step.events, Choices::Events)?;
        Some(WaitProfile {
            step: step.id.clone(),
            days: days.map(|d| d.value),
            never,
            events,
        })
    }

    /// Probabilities of the decisions of a task or the events of a wait:
    /// every declared one, in declared order; those not written have
    /// probability 0. With a single declared one, the table may be left
    /// out.
    fn choices(
        &mut self,
        table: &Table<'_, '_>,
        key: &'static str,
        step: &str,
        declared: &[String],
        which: Choices,
    ) -> Option<Vec<(String, f64)>> {
        let Some(value) = table.get(key) else {
            return match declared {
                [] => Some(Vec::new()),
                [only] => Some(vec![(only.clone(), 1.0)]),
                _ => {
                    let kind = match which {
                        Choices::Decisions => ProfileErrorKind::MissingDecisions {
                            task: step.to_owned(),
                            declared: declared.to_vec(),
                        },
                        Choices::Events => ProfileErrorKind::MissingEvents {
                            wait: step.to_owned(),
                            declared: declared.to_vec(),
                        },
                    };
                    self.error(table.span, kind);
                    None
                }
            };
        };
        if declared.is_empty() && which == Choices::Decisions {
            self.error(
                span_of(value),
                ProfileErrorKind::NoDecisions {
                    task: step.to_owned(),
                },
            );
            return None;
        }
        let tree::Value::Table(entries) = value.get_ref() else {
            self.r
                .wrong_type(key, "table", value.get_ref(), span_of(value));
            return None;
        };
        let mut probabilities = vec![0.0; declared.len()];
        let mut ok = true;
        for (name, p) in entries {
            let id: &str = name.get_ref().as_ref();
            let Some(i) = declared.iter().position(|d| d == id) else {
                let suggestion = crate::suggest::closest(id, declared.iter().map(String::as_str))
                    .map(str::to_owned);
                let kind = match which {
                    Choices::Decisions => ProfileErrorKind::UnknownDecision {
                        task: step.to_owned(),
                        decision: id.to_owned(),
                        declared: declared.to_vec(),
                        suggestion,
                    },
                    Choices::Events => ProfileErrorKind::UnknownEvent {
                        wait: step.to_owned(),
                        event: id.to_owned(),
                        declared: declared.to_vec(),
                        suggestion,
                    },
                };
                self.error(span_of(name), kind);
                ok = false;
                continue;
            };
            match self.probability(id, p) {
                Some(p) => probabilities[i] = p,
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let sum: f64 = probabilities.iter().sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            self.error(span_of(value), ProfileErrorKind::Sum { sum });
            return None;
        }
        Some(declared.iter().cloned().zip(probabilities).collect())
    }
}

/// The tasks and waits as read, by step, and which steps the profile
/// names at all.
struct Read {
    tasks: Vec<Option<TaskProfile>>,
    waits: Vec<Option<WaitProfile>>,
    written: Vec<bool>,
}

/// The names of decisions or events as FEEL strings, for the guards.
fn values(choices: &[(String, f64)]) -> Vec<Value> {
    choices
        .iter()
        .map(|(name, _)| Value::string(name.as_str()))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choices {
    Decisions,
    Events,
}

/// Which variable slots guards read (see `Plan::kept_slots`). When a guard
/// cannot be read, every slot is kept.
fn kept_slots(model: &Service, service: &CompiledService) -> Vec<bool> {
    let mut kept = vec![false; service.names.len()];
    let mut keep = |slot: usize| {
        if let Some(k) = kept.get_mut(slot) {
            *k = true;
        }
    };
    keep(SUBMITTED);
    keep(service.decision_slot);
    keep(service.event_slot);
    keep(service.fees_total_slot);
    for fee in &service.fees {
        keep(fee.slot);
    }
    for transition in model.process.steps.iter().flat_map(|s| &s.next) {
        let Some(guard) = &transition.when else {
            continue;
        };
        let Some(expr) = guard.expr() else {
            return vec![true; service.names.len()];
        };
        for (name, _) in free_names(expr) {
            if let Some(slot) = service.names.iter().position(|n| n == name) {
                keep(slot);
            }
        }
    }
    kept
}

/// Cumulative probabilities, for drawing.
fn cumulative(choices: &[(String, f64)]) -> Vec<f64> {
    let mut total = 0.0;
    choices
        .iter()
        .map(|(_, p)| {
            total += p;
            total
        })
        .collect()
}

/// The input kinds a field type takes.
fn kinds_for(kind: FieldType) -> &'static [&'static str] {
    match kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Money | FieldType::Date => &[
            "constant",
            "uniform",
            "normal",
            "lognormal",
            "triangular",
            "exponential",
            "categorical",
        ],
        FieldType::Boolean => &["constant", "boolean"],
        FieldType::MultiChoice => &["constant", "categorical", "subset"],
        _ => &["constant", "categorical"],
    }
}

/// How the values of a field type are written, for messages.
fn expected_value(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Money => "a number",
        FieldType::Date => "a date (2024-01-31)",
        FieldType::Boolean => "true or false",
        FieldType::MultiChoice => "a list of codes",
        FieldType::Choice => "the code of an option",
        FieldType::File => "a file name",
        _ => "a text in quotes",
    }
}

/// The static name of an input kind.
fn static_kind(kind: &str) -> &'static str {
    INPUT_KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .unwrap_or("constant")
}

/// A limit of a field as a number.
pub(crate) fn number_bound(bound: Option<&Bound>) -> Option<Number> {
    match bound {
        Some(Bound::Number(n)) => Some(*n),
        _ => None,
    }
}

/// A limit of a field as a date.
pub(crate) fn date_bound(bound: Option<&Bound>) -> Option<Date> {
    match bound {
        Some(Bound::Date(d)) => Some(*d),
        _ => None,
    }
}
