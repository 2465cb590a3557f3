//! Every text the behavioural comparison shows to people, in one place,
//! so that the wording can be reviewed and translated apart from the
//! logic.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::diff::cases::{Answer, CaseProblem, Difference, FieldError, Version};
use crate::diff::messages::plural;
use crate::engine::messages::euros;
use crate::engine::{CaseOutcome, RawValue};

pub fn heading() -> &'static str {
    "Behaviour"
}

/// What was run: "3 scenarios and 1000 sampled applications submitted
/// on 2023-06-13, run against both versions".
pub fn overview(scenarios: usize, sample: Option<(usize, Date)>) -> String {
    let scenarios = plural(scenarios, "scenario", "scenarios");
    match sample {
        Some((generated, submitted)) => format!(
            "{scenarios} and {} submitted on {submitted}, run against both versions",
            plural(generated, "sampled application", "sampled applications")
        ),
        None => format!("{scenarios} run against both versions"),
    }
}

pub fn nothing_differs() -> &'static str {
    "no differences: every scenario and sampled application comes out the same"
}

/// How a scenario is named: "scenario `approved_and_paid` (Bewilligt …)".
pub fn scenario(name: &str, title: Option<&str>, from_old: bool) -> String {
    format!("scenario {}", scenario_name(name, title, from_old))
}

/// A scenario's name and title, where the word "scenario" is already
/// said (a table column).
pub fn scenario_name(name: &str, title: Option<&str>, from_old: bool) -> String {
    let mut out = name.to_owned();
    if let Some(title) = title {
        let _ = write!(out, " ({title})");
    }
    if from_old {
        out.push_str(", as in the old version");
    }
    out
}

pub fn scenarios_same(run: usize) -> String {
    match run {
        0 => "no scenarios to run".to_owned(),
        1 => "the scenario comes out the same".to_owned(),
        n => format!("all {n} scenarios come out the same"),
    }
}

/// "612 of 1000 sampled applications".
pub fn share(count: usize, generated: usize) -> String {
    format!("{count} of {generated} sampled applications")
}

pub fn same(count: usize, generated: usize) -> String {
    format!("{} come out the same", share(count, generated))
}

/// Applications valid under one version only.
pub fn valid_only(valid_in: Version, count: usize, generated: usize) -> String {
    let (valid, invalid) = match valid_in {
        Version::Old => ("old", "new"),
        Version::New => ("new", "old"),
    };
    format!(
        "{} {} valid under the {valid} form but not under the {invalid} one",
        share(count, generated),
        if count == 1 { "is" } else { "are" }
    )
}

pub fn invalid_both(count: usize, generated: usize) -> String {
    format!(
        "{} {} valid under neither version, even with their wrong answers drawn again",
        share(count, generated),
        if count == 1 { "is" } else { "are" }
    )
}

pub fn more_groups(applications: usize, groups: usize) -> String {
    format!(
        "{} in {} not listed",
        plural(
            applications,
            "more differing application",
            "more differing applications"
        ),
        plural(groups, "further group", "further groups")
    )
}

pub fn problem(problem: &CaseProblem) -> String {
    match problem {
        CaseProblem::Compile { version, message } => format!(
            "the {} version cannot be run ({message}); `ozg lint` shows why",
            version.name()
        ),
        CaseProblem::Scenario { name, message } => {
            format!("scenario {name} cannot be run ({message}); `ozg lint` shows why")
        }
    }
}

/// One difference: "fee total 240,00 € → 30,00 €".
pub fn difference(difference: &Difference) -> String {
    match difference {
        Difference::Validity { old, new } => {
            format!("{} → {}", validity(old), validity(new))
        }
        Difference::Outcome { old, new } => {
            format!("outcome {} → {}", outcome(*old), outcome(*new))
        }
        Difference::Path { old, new } => format!("path {} → {}", path(old), path(new)),
        Difference::FeeTotal { old, new } => {
            format!("fee total {} → {}", euros(*old), euros(*new))
        }
        Difference::Deadline { id, old, new } => format!(
            "deadline {id} {} → {}",
            deadline_end(*old),
            deadline_end(*new)
        ),
    }
}

/// All differences of an application, in one line.
pub fn differences(differences: &[Difference]) -> String {
    differences
        .iter()
        .map(difference)
        .collect::<Vec<_>>()
        .join("; ")
}

fn validity(fields: &[String]) -> String {
    if fields.is_empty() {
        "valid".to_owned()
    } else {
        format!("invalid ({})", fields.join(", "))
    }
}

pub fn outcome(outcome: Option<CaseOutcome>) -> &'static str {
    outcome.map_or("open", CaseOutcome::name)
}

fn path(steps: &[String]) -> String {
    if steps.is_empty() {
        "(none)".to_owned()
    } else {
        steps.join(" › ")
    }
}

fn deadline_end(end: Option<Date>) -> String {
    end.map_or_else(|| "not started".to_owned(), |d| d.to_string())
}

/// The errors a version reports: "`reduction_reason`: Bitte wählen Sie …".
pub fn errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An example application: "e.g. `vehicle_length = 4.3, zone = \"altstadt\"`".
pub fn example(answers: &[Answer]) -> String {
    format!("e.g. {}", answers_text(answers))
}

/// The answers, as they would be written in a scenario.
pub fn answers_text(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| format!("{} = {}", a.field, answer(a.value.as_ref())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An answer as written in a scenario file; an empty one as `(empty)`.
pub fn answer(value: Option<&RawValue>) -> String {
    match value {
        None => "(empty)".to_owned(),
        Some(value) => raw(value),
    }
}

fn raw(value: &RawValue) -> String {
    match value {
        RawValue::Text(t) => format!("{t:?}"),
        RawValue::Number(n) => n.to_string(),
        RawValue::Boolean(b) => b.to_string(),
        RawValue::Date(d) => d.to_string(),
        RawValue::List(items) if items.iter().all(|i| matches!(i, RawValue::Entries(_))) => {
            plural(items.len(), "entry", "entries")
        }
        RawValue::List(items) => {
            format!("[{}]", items.iter().map(raw).collect::<Vec<_>>().join(", "))
        }
        RawValue::Entries(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(k, v)| format!("{k} = {}", raw(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
