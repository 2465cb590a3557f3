//! Running scenarios and comparing what comes out with what they expect:
//! the library side of `ozg test`.
//!
//! Each service is compiled once; its scenarios then run independently of
//! each other, in parallel. A scenario's result lists every expectation
//! that was not met, with the expected and the actual value written the
//! same way, so that the difference can be shown side by side.

pub mod report;

use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::calendar::DeadlineDuration;
use crate::engine::messages::euros;
use crate::engine::{
    Action, Assessment, Case, CaseError, CompiledService, Input, Trace, ValidationError,
    input_from_scenario,
};
use crate::feel::number::Number;
use crate::model::Repository;
use crate::model::scenario::{Expectations, Scenario, ScenarioEvent};

/// What running a scenario produced.
#[derive(Debug, Clone)]
pub struct Run {
    /// Validation errors; when there are any, no case was started.
    pub validation: Vec<ValidationError>,
    pub assessment: Option<Assessment>,
    pub trace: Trace,
    /// The outcome, or `None` while the case is open.
    pub outcome: Option<crate::engine::CaseOutcome>,
    /// Problems the case met (a decision it could not take, a deadline
    /// that could not be computed).
    pub problems: Vec<String>,
}

/// One expectation that was not met.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// What was compared: `outcome`, `path`, `fee annual_fee`, ...
    pub what: String,
    pub expected: String,
    pub actual: String,
}

/// The verdict on one scenario.
#[derive(Debug, Clone)]
pub enum Verdict {
    Passed,
    Failed(Vec<Mismatch>),
    /// The scenario could not be run at all: its service does not compile
    /// or it lacks what it needs (such as a submission date).
    Error(String),
}

#[derive(Debug, Clone)]
pub struct ScenarioResult<'r> {
    pub scenario: &'r Scenario,
    pub verdict: Verdict,
    pub duration: Duration,
}

/// Why a scenario cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("the scenario has no submission date")]
    NoSubmission,
    #[error("event {number} has a duration that cannot be read: `{text}`")]
    Duration { number: usize, text: String },
}

/// The dated actions of a scenario's events.
pub fn actions(scenario: &Scenario) -> Result<Vec<(Date, Action)>, RunError> {
    let mut date = scenario
        .submitted
        .as_ref()
        .ok_or(RunError::NoSubmission)?
        .value;
    let mut out = Vec::new();
    for (i, event) in scenario.events.iter().enumerate() {
        date = event_date(event, date, i + 1)?;
        let step = event.step.as_ref().map(|s| s.value.clone());
        let action = match (&event.decision, &event.event) {
            (Some(decision), _) => Action::Decide {
                step,
                decision: decision.value.clone(),
            },
            (None, Some(name)) => Action::Event {
                step,
                event: name.value.clone(),
            },
            (None, None) => Action::Wait,
        };
        out.push((date, action));
    }
    Ok(out)
}

fn event_date(event: &ScenarioEvent, previous: Date, number: usize) -> Result<Date, RunError> {
    if let Some(on) = &event.on {
        return Ok(on.value);
    }
    let Some(after) = &event.after else {
        return Ok(previous);
    };
    let error = || RunError::Duration {
        number,
        text: after.value.clone(),
    };
    let duration: DeadlineDuration = after.value.parse().map_err(|_| error())?;
    let span = jiff::Span::new()
        .try_years(i64::from(duration.years()))
        .and_then(|s| s.try_months(i64::from(duration.months())))
        .and_then(|s| s.try_weeks(i64::from(duration.weeks())))
        .and_then(|s| s.try_days(i64::from(duration.days())))
        .map_err(|_| error())?;
    previous.checked_add(span).map_err(|_| error())
}

/// Runs an application through a compiled service: validation, assessment
/// and the dated actions.
pub fn run(
    service: &CompiledService,
    input: &Input,
    submitted: Date,
    actions: &[(Date, Action)],
) -> Run {
    let assessment = match service.check(input, submitted) {
        Ok(assessment) => assessment,
        Err(validation) => {
            return Run {
                validation,
                assessment: None,
                trace: Trace::default(),
                outcome: None,
                problems: Vec::new(),
            };
        }
    };
    let validation = Vec::new();
    let mut problems: Vec<String> = assessment
        .fee_errors
        .iter()
        .map(|f| format!("the fee `{f}` could not be computed"))
        .collect();
    let (mut case, error) = Case::start(service, &assessment, submitted);
    problems.extend(error.map(|e| e.to_string()));
    for (date, action) in actions {
        if let Err(error) = case.act(*date, action) {
            problems.push(describe(*date, action, &error));
            if matches!(error, CaseError::Stuck { .. } | CaseError::Loop(_)) {
                break;
            }
        }
    }
    problems.extend(case.warnings.iter().map(ToString::to_string));
    Run {
        validation,
        outcome: case.outcome(),
        trace: case.trace().clone(),
        assessment: Some(assessment),
        problems,
    }
}

fn describe(date: Date, action: &Action, error: &CaseError) -> String {
    let what = match action {
        Action::Decide { decision, .. } => format!("the decision \"{decision}\""),
        Action::Event { event, .. } => format!("the event \"{event}\""),
        Action::Wait => "waiting".to_owned(),
    };
    format!("{what} on {date}: {error}")
}

/// Runs one scenario.
pub fn run_scenario(service: &CompiledService, scenario: &Scenario) -> Result<Run, RunError> {
    let submitted = scenario
        .submitted
        .as_ref()
        .ok_or(RunError::NoSubmission)?
        .value;
    let actions = actions(scenario)?;
    let input = input_from_scenario(&scenario.input);
    Ok(run(service, &input, submitted, &actions))
}

/// An amount as scenarios and reports write it.
fn amount(n: Number) -> String {
    euros(n)
}

fn list(items: &[&str]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Collects mismatches, leaving out values that agree.
#[derive(Default)]
struct Differences(Vec<Mismatch>);

impl Differences {
    /// Compares amounts. Equal numbers are written the same way, so the
    /// texts are only made when the numbers differ; most expectations
    /// hold, and writing them would cost more than the run itself.
    fn amounts(&mut self, what: impl FnOnce() -> String, expected: Number, actual: Number) {
        if expected != actual {
            self.check(what(), amount(expected), amount(actual));
        }
    }

    /// Compares lists of names, writing them only when they differ.
    fn lists(&mut self, what: &str, expected: &[&str], actual: &[&str]) {
        if expected != actual {
            self.check(what, list(expected), list(actual));
        }
    }

    fn check(&mut self, what: impl Into<String>, expected: String, actual: String) {
        if expected != actual {
            self.0.push(Mismatch {
                what: what.into(),
                expected,
                actual,
            });
        }
    }
}

/// Compares a run with what the scenario expects.
pub fn compare(run: &Run, expect: &Expectations) -> Vec<Mismatch> {
    let mut out = Differences::default();
    compare_validation(run, expect, &mut out);
    if !run.validation.is_empty() {
        return out.0;
    }
    compare_case(run, expect, &mut out);
    compare_fees(run, expect, &mut out);
    for problem in &run.problems {
        out.0.push(Mismatch {
            what: "case".into(),
            expected: "runs through".into(),
            actual: problem.clone(),
        });
    }
    out.0
}

fn compare_validation(run: &Run, expect: &Expectations, out: &mut Differences) {
    match &expect.errors {
        Some(errors) => {
            let mut expected: Vec<&str> = errors.iter().map(|e| e.value.as_str()).collect();
            let mut actual: Vec<&str> = run.validation.iter().map(|e| e.field.as_str()).collect();
            expected.sort_unstable();
            actual.sort_unstable();
            out.check("validation errors", list(&expected), list(&actual));
        }
        None if !run.validation.is_empty() => {
            let described: Vec<String> = run
                .validation
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            out.check("validation errors", "none".into(), described.join("; "));
        }
        None => {}
    }
}

fn compare_case(run: &Run, expect: &Expectations, out: &mut Differences) {
    if let Some(outcome) = &expect.outcome {
        let actual = run.outcome.map_or("open", |o| o.name());
        out.check("outcome", outcome.value.clone(), actual.to_owned());
    }
    if let Some(path) = &expect.path {
        let expected: Vec<&str> = path.iter().map(|p| p.value.as_str()).collect();
        out.lists("path", &expected, &run.trace.path());
    }
    let deadlines = run.trace.deadlines();
    for (deadline, expected) in &expect.deadlines {
        let actual = deadlines
            .iter()
            .find(|(d, _)| *d == deadline.value)
            .map_or_else(|| "not started".to_owned(), |(_, end)| end.to_string());
        out.check(
            format!("deadline {}", deadline.value),
            expected.value.to_string(),
            actual,
        );
    }
    if let Some(notifications) = &expect.notifications {
        let expected: Vec<&str> = notifications.iter().map(|n| n.value.as_str()).collect();
        out.lists("notifications", &expected, &run.trace.notifications());
    }
}

fn compare_fees(run: &Run, expect: &Expectations, out: &mut Differences) {
    let zero = Number::from_i64(0);
    let fees = run
        .assessment
        .as_ref()
        .map(|a| a.fees.as_slice())
        .unwrap_or_default();
    if let Some(total) = &expect.fees_total {
        let actual = run.assessment.as_ref().map_or(zero, |a| a.fees_total);
        out.amounts(|| "fees total".to_owned(), total.value, actual);
    }
    for (fee, expected) in &expect.fees {
        let actual = fees
            .iter()
            .find(|f| f.id == fee.value)
            .map_or(zero, |f| f.amount);
        out.amounts(|| format!("fee {}", fee.value), expected.value, actual);
    }
    for (fee, shares) in &expect.split {
        let charged = fees.iter().find(|f| f.id == fee.value);
        for (authority, expected) in shares {
            let actual = charged
                .and_then(|f| f.split.iter().find(|s| s.authority == authority.value))
                .map_or(zero, |s| s.amount);
            out.amounts(
                || format!("share of {} for {}", fee.value, authority.value),
                expected.value,
                actual,
            );
        }
    }
}

/// Runs the scenarios of a repository, in parallel; `filter` keeps those
/// whose service or name contains it.
pub fn run_repository<'r>(
    repository: &'r Repository,
    filter: Option<&str>,
) -> Vec<ScenarioResult<'r>> {
    let compiled: std::collections::HashMap<&str, Result<CompiledService, String>> = repository
        .services
        .par_iter()
        .map(|s| {
            (
                s.folder.as_str(),
                CompiledService::compile(repository, s).map_err(|e| e.to_string()),
            )
        })
        .collect();
    repository
        .scenarios
        .par_iter()
        .filter(|s| filter.is_none_or(|f| s.service.contains(f) || s.name.contains(f)))
        .map(|scenario| {
            let started = Instant::now();
            let verdict = match compiled.get(scenario.service.as_str()) {
                None => Verdict::Error(format!("there is no service `{}`", scenario.service)),
                Some(Err(error)) => Verdict::Error(format!("the service cannot run: {error}")),
                Some(Ok(service)) => match run_scenario(service, scenario) {
                    Err(error) => Verdict::Error(error.to_string()),
                    Ok(run) => {
                        let mismatches = compare(&run, &scenario.expect);
                        if mismatches.is_empty() {
                            Verdict::Passed
                        } else {
                            Verdict::Failed(mismatches)
                        }
                    }
                },
            };
            ScenarioResult {
                scenario,
                verdict,
                duration: started.elapsed(),
            }
        })
        .collect()
}
