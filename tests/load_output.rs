//! What a workload simulation writes: the same seed gives the same bytes,
//! whatever the number of threads; the event log has the documented
//! columns and ISO times; the JSON report has the documented fields.

mod load_support;

use load_support::{Fixture, rows};
use ozg::load::{Options, simulate, write_human, write_json};

fn parking() -> Fixture {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/load/parking");
    let service = std::fs::read_to_string(format!("{dir}/services/parkausweis/service.toml"))
        .expect("the test service is there");
    Fixture::new(&service)
}

fn profile_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/load/parking");
    std::fs::read_to_string(format!("{dir}/profile.toml")).expect("the test profile is there")
}

/// The JSON report, the human report and the event log of a run.
fn outputs(fixture: &Fixture, seed: u64) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let profile = fixture.profile(&profile_text());
    let mut log = Vec::new();
    let options = Options {
        cases: Some(3000),
        seed: Some(seed),
    };
    let report = simulate(
        &fixture.compiled,
        &profile,
        options,
        Some(&mut log),
        &mut |_| {},
    )
    .expect("the simulation runs");
    let mut json = Vec::new();
    write_json(&report, &mut json).unwrap();
    let mut human = Vec::new();
    write_human(&report, &mut human).unwrap();
    (json, human, log)
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let fixture = parking();
    let first = outputs(&fixture, 42);
    let second = outputs(&fixture, 42);
    assert!(first.0 == second.0, "the JSON reports differ");
    assert!(first.1 == second.1, "the human reports differ");
    assert!(first.2 == second.2, "the event logs differ");
}

#[test]
fn the_results_do_not_depend_on_the_number_of_threads() {
    let fixture = parking();
    let pool = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    };
    let one = pool(1).install(|| outputs(&fixture, 7));
    let three = pool(3).install(|| outputs(&fixture, 7));
    assert!(one.0 == three.0, "the JSON reports differ");
    assert!(one.2 == three.2, "the event logs differ");
}

#[test]
fn another_seed_gives_another_run() {
    let fixture = parking();
    assert!(outputs(&fixture, 1).2 != outputs(&fixture, 2).2);
}

#[test]
fn the_event_log_has_one_row_per_activity_with_iso_times() {
    let fixture = parking();
    let (report, log) = fixture.run(&profile_text(), 500, 5);
    let rows = rows(&log);
    let iso = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$").unwrap();
    for line in log.lines().skip(1) {
        for cell in line.split(',').skip(3).take(3) {
            assert!(iso.is_match(cell), "{cell} in {line}");
        }
    }
    let kinds = ["automatic", "task", "wait", "deadline", "end"];
    assert!(rows.iter().all(|r| kinds.contains(&r.kind.as_str())));
    assert!(rows.iter().all(|r| (1..=500).contains(&r.case)));
    assert!(
        rows.iter()
            .all(|r| r.enabled <= r.start && r.start <= r.end)
    );

    let tasks: Vec<_> = rows.iter().filter(|r| r.kind == "task").collect();
    assert_eq!(tasks.len() as u64, report.tasks[0].completed);
    let resource = regex::Regex::new(r"^clerk-([1-9][0-9]*)$").unwrap();
    for task in &tasks {
        let person: u32 = resource
            .captures(&task.resource)
            .expect("a person of the role")[1]
            .parse()
            .unwrap();
        assert!(person <= 45);
        assert_eq!(task.role, "clerk");
        assert!(["approve", "reject", "request_documents"].contains(&task.outcome.as_str()));
    }
    let ends = rows.iter().filter(|r| r.kind == "end").count() as u64;
    assert_eq!(ends, report.cases.ended);
    let receipts = rows.iter().filter(|r| r.activity == "receipt").count();
    assert_eq!(receipts, 500);
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let fixture = parking();
    let (json, _, _) = outputs(&fixture, 3);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    for pointer in [
        "/service/id",
        "/seed",
        "/period/start",
        "/applications/submitted",
        "/cases/ended",
        "/cases/open",
        "/cases/escalations",
        "/cases/deemed_approvals",
        "/cycle_time/working_days/p90",
        "/cycle_time/calendar_days/p99",
        "/tasks/0/queue_wait_hours/mean",
        "/tasks/0/decisions/0/count",
        "/waits/0/never_answered",
        "/deadlines/0/share_met",
        "/staff/0/utilisation",
        "/staff/0/utilisation_while_arriving",
        "/backlog/period",
        "/backlog/rows/0/open",
        "/backlog/rows/0/utilisation/0/role",
        "/fees/total",
        "/fees/by_outcome/0/amount",
        "/fees/by_fee/0/id",
        "/transitions/0/count",
        "/warnings",
    ] {
        assert!(value.pointer(pointer).is_some(), "{pointer} is missing");
    }
    assert_eq!(value["cases"]["started"], 3000);
    assert_eq!(value["service"]["id"], "parkausweis");
}

#[test]
fn the_backlog_adds_up_to_the_open_cases() {
    let fixture = parking();
    let (report, _) = fixture.run(&profile_text(), 3000, 9);
    let rows = &report.backlog.rows;
    let arrived: u64 = rows.iter().map(|r| r.arrived).sum();
    let ended: u64 = rows.iter().map(|r| r.ended).sum();
    assert_eq!(arrived, report.cases.started);
    assert_eq!(ended, report.cases.ended);
    assert_eq!(rows.last().unwrap().open, report.cases.open);
}
