//! Shared set-up of the workload simulation tests: a service held in
//! memory, a profile read against it, and a run with its event log.

#![allow(dead_code, reason = "each test file uses part of the support")]

use ozg::engine::CompiledService;
use ozg::load::{Options, Profile, ProfileError, Report, simulate};
use ozg::model::load::{Loaded, load_from_memory};
use ozg::source::SourceFile;

/// A service compiled from its text.
pub struct Fixture {
    pub loaded: Loaded,
    pub compiled: CompiledService,
}

impl Fixture {
    pub fn new(service: &str) -> Fixture {
        let id = service
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .and_then(|rest| rest.split('"').next())
            .expect("the service text names its id first");
        let files = vec![
            (
                "ozg.toml".to_owned(),
                b"[project]\nname = \"Tests\"\nformat = 1\nstate = \"BW\"\n".to_vec(),
            ),
            (
                format!("services/{id}/service.toml"),
                service.as_bytes().to_vec(),
            ),
        ];
        let loaded = load_from_memory(files);
        assert!(
            loaded.problems.is_empty(),
            "the test service has problems: {:?}",
            loaded.problems
        );
        let compiled = CompiledService::compile(&loaded.repository, &loaded.repository.services[0])
            .expect("the test service compiles");
        Fixture { loaded, compiled }
    }

    pub fn read(&self, profile: &str) -> Result<Profile, Vec<ProfileError>> {
        Profile::read(profile, &self.loaded.repository.services[0], &self.compiled)
    }

    pub fn profile(&self, profile: &str) -> Profile {
        match self.read(profile) {
            Ok(p) => p,
            Err(errors) => panic!("{}", describe(profile, &errors)),
        }
    }

    /// Runs the profile and returns the report and the event log.
    pub fn run(&self, profile: &str, cases: u64, seed: u64) -> (Report, String) {
        let profile = self.profile(profile);
        let mut log = Vec::new();
        let options = Options {
            cases: Some(cases),
            seed: Some(seed),
        };
        let report = simulate(
            &self.compiled,
            &profile,
            options,
            Some(&mut log),
            &mut |_| {},
        )
        .expect("the simulation runs");
        (report, String::from_utf8(log).expect("the log is UTF-8"))
    }
}

/// Each error as `line:column: message`.
pub fn describe(text: &str, errors: &[ProfileError]) -> String {
    let file = SourceFile::new("profile.toml", text);
    errors
        .iter()
        .map(|e| {
            let at = file.line_col(e.span.start);
            format!("{}:{}: {}", at.line, at.column, e.message())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A row of the event log.
#[derive(Debug, Clone)]
pub struct Row {
    pub case: u64,
    pub activity: String,
    pub kind: String,
    pub enabled: jiff::civil::DateTime,
    pub start: jiff::civil::DateTime,
    pub end: jiff::civil::DateTime,
    pub role: String,
    pub resource: String,
    pub outcome: String,
}

/// Reads the event log, checking each line has the nine columns.
pub fn rows(log: &str) -> Vec<Row> {
    let mut lines = log.lines();
    assert_eq!(
        lines.next(),
        Some("case_id,activity,kind,enabled,start,end,role,resource,outcome")
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 9, "line {line}");
            let time = |t: &str| -> jiff::civil::DateTime {
                t.parse().unwrap_or_else(|e| panic!("{t}: {e}"))
            };
            Row {
                case: cells[0].parse().expect("case numbers are whole numbers"),
                activity: cells[1].to_owned(),
                kind: cells[2].to_owned(),
                enabled: time(cells[3]),
                start: time(cells[4]),
                end: time(cells[5]),
                role: cells[6].to_owned(),
                resource: cells[7].to_owned(),
                outcome: cells[8].to_owned(),
            }
        })
        .collect()
}

/// A service with one task for one role, ending at once.
pub const ONE_TASK: &str = r#"
[service]
id = "queue"
title = "Eine Aufgabe"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "work"

[[step]]
id = "work"
kind = "task"
role = "clerk"
decisions = ["done"]
next = [{ to = "finished" }]

[[step]]
id = "finished"
kind = "end"
outcome = "completed"
"#;
