//! Cases move through the process as the engine moves them: parallel
//! branches meet in their join, a case whose guards all fail is stuck and
//! reported, and the case ends where its end step says.

mod load_support;

use load_support::{Fixture, rows};

const PARALLEL: &str = r#"
[service]
id = "parallel"
title = "Parallele Prüfung"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[[role]]
id = "police"
title = "Polizei"

[[role]]
id = "register"
title = "Register"

[process]
start = "fork"

[[step]]
id = "fork"
kind = "split"
next = [{ to = "check_police" }, { to = "check_register" }]

[[step]]
id = "check_police"
kind = "task"
role = "police"
decisions = ["ok"]
next = [{ to = "both_done" }]

[[step]]
id = "check_register"
kind = "task"
role = "register"
decisions = ["ok"]
next = [{ to = "both_done" }]

[[step]]
id = "both_done"
kind = "join"
next = [{ to = "granted" }]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"
"#;

const PARALLEL_PROFILE: &str = r#"
[arrivals]
start = 2024-01-08
per_day = 4
hours = "08:00-16:00"

[task.check_police]
hours = 1

[task.check_register]
hours = { distribution = "uniform", min = 0.5, max = 6 }

[staff.police]
people = 1
hours = "08:00-16:00"

[staff.register]
people = 2
hours = "08:00-16:00"
"#;

#[test]
fn a_case_ends_once_both_parallel_branches_are_done() {
    let fixture = Fixture::new(PARALLEL);
    let (report, log) = fixture.run(PARALLEL_PROFILE, 300, 2);
    assert_eq!(report.cases.approved, 300);
    assert_eq!(report.tasks[0].completed, 300);
    assert_eq!(report.tasks[1].completed, 300);
    let rows = rows(&log);
    for end in rows.iter().filter(|r| r.kind == "end") {
        let last_task = rows
            .iter()
            .filter(|r| r.case == end.case && r.kind == "task")
            .map(|r| r.end)
            .max()
            .unwrap();
        assert_eq!(end.end, last_task, "case {}", end.case);
    }
}

#[test]
fn each_role_works_only_on_its_own_tasks() {
    let fixture = Fixture::new(PARALLEL);
    let (report, log) = fixture.run(PARALLEL_PROFILE, 300, 2);
    for row in rows(&log).iter().filter(|r| r.kind == "task") {
        let role = if row.activity == "check_police" {
            "police"
        } else {
            "register"
        };
        assert_eq!(row.role, role);
        assert!(row.resource.starts_with(&format!("{role}-")));
    }
    // One police officer does 300 hours of work.
    let police = report.staff.iter().find(|s| s.role == "police").unwrap();
    assert!(
        (police.busy_hours - 300.0).abs() < 1e-6,
        "{}",
        police.busy_hours
    );
}

#[test]
fn a_case_no_transition_applies_to_is_reported_as_stuck() {
    let fixture = Fixture::new(
        r#"
[service]
id = "stuck"
title = "Lückenhafte Weiche"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[[field]]
id = "amount"
label = "Betrag"
type = "integer"
required = true

[process]
start = "sort"

[[step]]
id = "sort"
kind = "automatic"
next = [{ to = "small", when = "amount < 100" }, { to = "large", when = "amount > 100" }]

[[step]]
id = "small"
kind = "end"
outcome = "approved"

[[step]]
id = "large"
kind = "end"
outcome = "rejected"
"#,
    );
    let profile = r#"
[arrivals]
start = 2024-01-08
per_day = 50

[input]
amount = { distribution = "categorical", weights = { "50" = 1, "100" = 1, "150" = 1 } }
"#;
    let (report, _) = fixture.run(profile, 900, 4);
    let stuck = report.cases.stuck;
    assert!((240..360).contains(&stuck), "{stuck} stuck");
    assert_eq!(report.cases.open, stuck);
    assert_eq!(report.cases.ended, 900 - stuck);
    assert!(
        report.warnings.iter().any(|w| w.contains("at `sort`")),
        "{:?}",
        report.warnings
    );
}
