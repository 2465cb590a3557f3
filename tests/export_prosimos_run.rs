//! The real Prosimos simulates what `ozg export prosimos` writes for the
//! parking permit sample and for the business registration (parallel
//! branches, routing by data): it reads both files, completes, and
//! simulates as many cases as it was asked for.
//!
//! Prosimos is a Python package, installed by `.ci/install-prosimos` into
//! a virtual environment at `target/prosimos-tools`; the environment
//! variable `OZG_PROSIMOS` may name another `prosimos` program. When it
//! is missing, the test fails in CI (`CI` set) and is skipped elsewhere,
//! with a message on stderr.

mod bpmn_support;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use bpmn_support::{ozg, samples};

/// Fewer cases than the profile's 20,000, so that the test stays quick.
const CASES: usize = 300;

fn prosimos() -> Option<PathBuf> {
    let program = std::env::var_os("OZG_PROSIMOS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/prosimos-tools/bin/prosimos"),
        PathBuf::from,
    );
    if program.is_file() {
        return Some(program);
    }
    let reason = format!(
        "Prosimos is not installed at {}; run .ci/install-prosimos",
        program.display()
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "Prosimos is required in CI: {reason}"
    );
    eprintln!("skipped: {reason}");
    None
}

/// A profile for the business registration sample, whose process forks
/// into parallel branches, joins them again, and routes by the
/// application's data (crafts go to another chamber).
const BUSINESS_PROFILE: &str = r#"
[profile]
service = "gewerbeanmeldung"

[run]
cases = 300
seed = 2

[arrivals]
start = 2024-01-08
per_day = 10
hours = "08:00-18:00"

[input]
business_house_number = "12a"
home_house_number = "3"
craft_trade = { distribution = "boolean", probability = 0.25 }

[task.confirm_receipt]
hours = { distribution = "exponential", mean = 0.5 }
decisions = { confirm = 0.85, request_correction = 0.1, not_a_trade = 0.05 }

[wait.await_correction]
days = { distribution = "uniform", min = 1, max = 10 }

[wait.notify_statistics]
days = { distribution = "uniform", min = 0, max = 30 }

[staff.trade_clerk]
people = 1
hours = "08:00-16:00"
days = ["mon", "tue", "wed", "thu", "fri"]
"#;

/// What Prosimos reported of a run.
struct Simulated {
    /// The cases in the event log.
    logged: usize,
    /// The cases whose cycle time the statistics report.
    traces: usize,
    /// The cases that reached an end step (the end steps are catch events
    /// named with their outcome), each counted once.
    ended_once: usize,
}

/// The outcomes as the export names its end events.
const OUTCOMES: &[&str] = &[
    " (approved),",
    " (rejected),",
    " (withdrawn),",
    " (completed),",
    " (deemed_approved),",
];

/// Exports `service` of the samples with `profile` and lets Prosimos
/// simulate `cases` cases, with the events in the log.
fn simulate(prosimos: &Path, service: &str, profile: &Path, cases: usize) -> Simulated {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model");
    let (code, _, stderr) = ozg(
        &samples(),
        &[
            "export",
            "prosimos",
            service,
            "--load",
            profile.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "the export failed: {stderr}");

    let log = dir.path().join("log.csv");
    let stats = dir.path().join("stats.csv");
    let run = Command::new(prosimos)
        .arg("start-simulation")
        .arg("--bpmn_path")
        .arg(out.join(format!("{service}.bpmn")))
        .arg("--json_path")
        .arg(out.join(format!("{service}.json")))
        .args(["--total_cases", &cases.to_string()])
        .args(["--starting_at", "2024-01-08T00:00:00+01:00"])
        .arg("--log_out_path")
        .arg(&log)
        .arg("--stat_out_path")
        .arg(&stats)
        .args(["--is_event_added_to_log", "True"])
        .current_dir(dir.path())
        .output()
        .expect("prosimos runs");
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "Prosimos failed: {said}");

    let log = std::fs::read_to_string(&log).expect("Prosimos wrote an event log");
    let mut lines = log.lines();
    assert_eq!(
        lines.next(),
        Some("case_id,activity,enable_time,start_time,end_time,resource")
    );
    let mut logged: HashSet<&str> = HashSet::new();
    let mut ends: HashMap<&str, usize> = HashMap::new();
    for line in lines {
        let case = line.split(',').next().unwrap_or_default();
        logged.insert(case);
        if OUTCOMES.iter().any(|o| line.contains(o)) {
            *ends.entry(case).or_default() += 1;
        }
    }

    let stats = std::fs::read_to_string(&stats).expect("Prosimos wrote its statistics");
    let cycle = stats
        .lines()
        .find(|l| l.starts_with("cycle_time,"))
        .expect("a cycle time in the statistics");
    let traces: usize = cycle.rsplit(',').next().unwrap().trim().parse().unwrap();
    Simulated {
        logged: logged.len(),
        traces,
        ended_once: ends.values().filter(|&&n| n == 1).count(),
    }
}

#[test]
fn prosimos_simulates_the_exported_parking_permit_with_the_cases_asked_for() {
    let Some(prosimos) = prosimos() else {
        return;
    };
    let profile = samples().join("profiles").join("bewohnerparkausweis.toml");

    let run = simulate(&prosimos, "bewohnerparkausweis", &profile, CASES);

    assert_eq!(run.logged, CASES, "cases in the event log");
    assert_eq!(
        run.traces, CASES,
        "cases whose cycle time Prosimos measured"
    );
    assert_eq!(run.ended_once, CASES, "cases that reached one end step");
}

#[test]
fn prosimos_simulates_parallel_branches_and_routing_by_data_to_the_end_of_every_case() {
    let Some(prosimos) = prosimos() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("gewerbeanmeldung.toml");
    std::fs::write(&profile, BUSINESS_PROFILE).unwrap();

    let run = simulate(&prosimos, "gewerbeanmeldung", &profile, CASES);

    assert_eq!(run.logged, CASES, "cases in the event log");
    assert_eq!(
        run.traces, CASES,
        "cases whose cycle time Prosimos measured"
    );
    assert_eq!(run.ended_once, CASES, "cases that reached one end step");
}
