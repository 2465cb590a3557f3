//! The real Prosimos simulates what `ozg export prosimos` writes for the
//! parking permit sample: it reads both files, completes, and simulates
//! as many cases as it was asked for.
//!
//! Prosimos is a Python package, installed by `.ci/install-prosimos` into
//! a virtual environment at `target/prosimos-tools`; the environment
//! variable `OZG_PROSIMOS` may name another `prosimos` program. When it
//! is missing, the test fails in CI (`CI` set) and is skipped elsewhere,
//! with a message on stderr.

mod bpmn_support;

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

use bpmn_support::{ozg, samples};

const SERVICE: &str = "bewohnerparkausweis";
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

#[test]
fn prosimos_simulates_the_exported_parking_permit_with_the_cases_asked_for() {
    let Some(prosimos) = prosimos() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model");
    let profile = samples().join("profiles").join("bewohnerparkausweis.toml");
    let (code, _, stderr) = ozg(
        &samples(),
        &[
            "export",
            "prosimos",
            SERVICE,
            "--load",
            profile.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "the export failed: {stderr}");

    let log = dir.path().join("log.csv");
    let stats = dir.path().join("stats.csv");
    let run = Command::new(&prosimos)
        .arg("start-simulation")
        .arg("--bpmn_path")
        .arg(out.join(format!("{SERVICE}.bpmn")))
        .arg("--json_path")
        .arg(out.join(format!("{SERVICE}.json")))
        .args(["--total_cases", &CASES.to_string()])
        .args(["--starting_at", "2024-01-08T00:00:00+01:00"])
        .arg("--log_out_path")
        .arg(&log)
        .arg("--stat_out_path")
        .arg(&stats)
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
    let cases: HashSet<&str> = lines.filter_map(|l| l.split(',').next()).collect();
    assert_eq!(cases.len(), CASES, "cases in the event log");

    let stats = std::fs::read_to_string(&stats).expect("Prosimos wrote its statistics");
    let cycle = stats
        .lines()
        .find(|l| l.starts_with("cycle_time,"))
        .expect("a cycle time in the statistics");
    let traces: usize = cycle.rsplit(',').next().unwrap().trim().parse().unwrap();
    assert_eq!(traces, CASES, "cases whose cycle time Prosimos measured");
}
