//! Shared pieces of the engine tests: a small service written into a
//! temporary model repository, loaded and compiled as `ozg` does it, and
//! shorthands for input, dates and running a case.

#![allow(dead_code)]

use jiff::civil::Date;
use ozg::engine::{Action, CompiledService, Input, input_from_json};
use ozg::model::Repository;
use ozg::model::load::{Selection, load_repository};
use ozg::testing::{Run, run};
use tempfile::TempDir;

/// The metadata every test service shares; the federal state is given
/// per test, since holidays differ.
pub fn header(state: &str, service_keys: &str) -> String {
    format!(
        r#"[service]
id = "probe"
title = "Probeantrag"
authority = "Stadt Musterstadt"
state = "{state}"
valid_from = 2015-01-01
legal_basis = ["Mustersatzung § 1"]
{service_keys}
"#
    )
}

/// A process that ends at once, for tests about the form and the fees.
pub const TRIVIAL_PROCESS: &str = r#"
[process]
start = "done"

[[step]]
id = "done"
kind = "end"
outcome = "completed"
"#;

/// A service loaded from a temporary repository and compiled.
pub struct Probe {
    _dir: TempDir,
    pub repository: Repository,
    pub service: CompiledService,
}

impl Probe {
    /// A service of `body` (fields, rules, process) in Lower Saxony; a
    /// body without a process ends at once.
    pub fn new(body: &str) -> Probe {
        Probe::in_state("NI", body, &[])
    }

    /// A service of `body` in `state`, with code lists `(id, text)`.
    pub fn in_state(state: &str, body: &str, codelists: &[(&str, &str)]) -> Probe {
        Probe::build(state, "", body, codelists)
    }

    /// A service of `body` whose `[service]` table also holds
    /// `service_keys` (such as `fee_rounding = "down"`).
    pub fn with_service_keys(service_keys: &str, body: &str) -> Probe {
        Probe::build("NI", service_keys, body, &[])
    }

    fn build(state: &str, service_keys: &str, body: &str, codelists: &[(&str, &str)]) -> Probe {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        std::fs::write(
            root.join("ozg.toml"),
            "[project]\nname = \"Probe\"\nformat = 1\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("services/probe")).unwrap();
        std::fs::create_dir_all(root.join("codelists")).unwrap();
        for (id, text) in codelists {
            std::fs::write(root.join(format!("codelists/{id}.toml")), text).unwrap();
        }
        let mut text = header(state, service_keys);
        text.push_str(body);
        if !body.contains("[process]") {
            text.push_str(TRIVIAL_PROCESS);
        }
        std::fs::write(root.join("services/probe/service.toml"), &text).unwrap();
        let loaded = load_repository(root, &Selection::All).expect("repository loads");
        assert!(
            loaded.problems.is_empty(),
            "the test service has problems: {:?}\n{text}",
            loaded.problems
        );
        let service = CompiledService::compile(&loaded.repository, &loaded.repository.services[0])
            .expect("the test service compiles");
        Probe {
            _dir: dir,
            repository: loaded.repository,
            service,
        }
    }

    /// The fields with validation errors, in the order reported.
    pub fn errors(&self, input: &Input) -> Vec<String> {
        self.service
            .validate(input, day("2024-03-04"))
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    /// The validation messages for `field`.
    pub fn messages(&self, input: &Input, field: &str) -> Vec<String> {
        self.service
            .validate(input, day("2024-03-04"))
            .into_iter()
            .filter(|e| e.field == field)
            .map(|e| e.message)
            .collect()
    }

    /// Runs an application submitted on `submitted` with dated actions.
    pub fn run(&self, input: &Input, submitted: &str, actions: &[(&str, Action)]) -> Run {
        let actions: Vec<(Date, Action)> = actions
            .iter()
            .map(|(date, action)| (day(date), action.clone()))
            .collect();
        run(&self.service, input, day(submitted), &actions)
    }

    /// The charged fees of a valid application, as `(id, amount)` texts.
    pub fn fees(&self, input: &Input) -> Vec<(String, String)> {
        let assessment = self.service.assess(input, day("2024-03-04"));
        assert!(
            assessment.fee_errors.is_empty(),
            "{:?}",
            assessment.fee_errors
        );
        assessment
            .fees
            .iter()
            .map(|f| (f.id.clone(), f.amount.to_string()))
            .collect()
    }

    pub fn total(&self, input: &Input) -> String {
        self.service
            .assess(input, day("2024-03-04"))
            .fees_total
            .to_string()
    }
}

/// A date from `YYYY-MM-DD`.
pub fn day(text: &str) -> Date {
    text.parse().expect("a date")
}

/// Input from a JSON object: `input(json!({"vehicle_length": 4.85}))`.
pub fn input(value: serde_json::Value) -> Input {
    match value {
        serde_json::Value::Object(map) => input_from_json(&map),
        other => panic!("input must be a JSON object, not {other}"),
    }
}

pub fn decide(decision: &str) -> Action {
    Action::Decide {
        step: None,
        decision: decision.to_owned(),
    }
}

pub fn decide_in(step: &str, decision: &str) -> Action {
    Action::Decide {
        step: Some(step.to_owned()),
        decision: decision.to_owned(),
    }
}

pub fn event(name: &str) -> Action {
    Action::Event {
        step: None,
        event: name.to_owned(),
    }
}

pub fn wait() -> Action {
    Action::Wait
}

/// The outcome's name, `open` while the case runs.
pub fn outcome(run: &Run) -> &'static str {
    run.outcome.map_or("open", |o| o.name())
}

/// The end date of each deadline, as `(id, date)` texts.
pub fn deadline_ends(run: &Run) -> Vec<(String, String)> {
    run.trace
        .deadlines()
        .into_iter()
        .map(|(id, end)| (id.to_owned(), end.to_string()))
        .collect()
}
