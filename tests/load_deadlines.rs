//! Deadlines in the workload simulation: they start and end by the legal
//! calendar, expire at midnight after their last day, and take their
//! action: escalations are counted, transitions and deemed approvals move
//! the case.

mod load_support;

use jiff::civil::{Date, DateTime};
use load_support::{Fixture, Row, rows};
use ozg::calendar::{DayCount, DeadlineDuration, State, deadline_end};

/// Midnight after the last day of a deadline started on `from`.
fn expiry(from: Date, within: &str, days: DayCount) -> DateTime {
    let within: DeadlineDuration = within.parse().unwrap();
    let end = deadline_end(from, &within, days, State::BW).unwrap().end;
    end.tomorrow()
        .unwrap()
        .to_datetime(jiff::civil::Time::midnight())
}

const SLOW_REVIEW: &str = r#"
[service]
id = "review"
title = "Prüfung mit Frist"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[[role]]
id = "head"
title = "Leitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["done"]
deadline = { within = "P1D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "head" }
next = [{ to = "finished" }]

[[step]]
id = "finished"
kind = "end"
outcome = "completed"
"#;

const SLOW_PROFILE: &str = r#"
[arrivals]
start = 2024-03-04
per_day = 1.5
hours = "08:00-16:00"

[task.review]
hours = 5

[staff.clerk]
people = 1
hours = "08:00-16:00"
"#;

#[test]
fn a_task_finished_after_its_deadline_is_escalated_once() {
    let fixture = Fixture::new(SLOW_REVIEW);
    let (report, log) = fixture.run(SLOW_PROFILE, 400, 3);
    let rows = rows(&log);
    let tasks: Vec<&Row> = rows.iter().filter(|r| r.kind == "task").collect();
    assert_eq!(tasks.len(), 400);

    // Independently: the deadline of each task ends one working day after
    // the day it was entered; work ending at or after the midnight that
    // follows is late.
    let late = tasks
        .iter()
        .filter(|r| r.end >= expiry(r.enabled.date(), "P1D", DayCount::Working))
        .count() as u64;
    assert!(
        late > 50,
        "the clerk is too slow for most cases: {late} late"
    );
    assert!(late < 400, "some cases are on time: {late} late");

    let deadline = &report.deadlines[0];
    assert_eq!(deadline.id, "review");
    assert_eq!(deadline.expired, late);
    assert_eq!(deadline.escalations, late);
    assert_eq!(report.cases.escalations, late);
    assert_eq!(deadline.missed, late);
    assert_eq!(deadline.met, 400 - late);

    let logged = rows
        .iter()
        .filter(|r| r.kind == "deadline" && r.outcome == "escalate" && r.role == "head")
        .count() as u64;
    assert_eq!(logged, late);
}

#[test]
fn an_escalation_leaves_the_case_where_it_is() {
    let fixture = Fixture::new(SLOW_REVIEW);
    let (report, _) = fixture.run(SLOW_PROFILE, 200, 3);
    assert!(report.cases.escalations > 0);
    assert_eq!(report.cases.completed, 200);
    assert_eq!(report.tasks[0].completed, 200);
    assert_eq!(report.tasks[0].cancelled, 0);
}

const WAIT_FOR_DOCUMENTS: &str = r#"
[service]
id = "documents"
title = "Nachreichung mit Frist"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[process]
start = "await_documents"

[[step]]
id = "await_documents"
kind = "wait"
events = ["received"]
deadline = { within = "P2W", from = "entered", on_expiry = "transition", to = "refused" }
next = [{ to = "complete" }]

[[step]]
id = "complete"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"
"#;

#[test]
fn a_wait_nobody_answers_ends_at_midnight_after_its_deadline() {
    let fixture = Fixture::new(WAIT_FOR_DOCUMENTS);
    let profile = "
[arrivals]
start = 2024-12-02
per_day = 5

[wait.await_documents]
never = 1
";
    let (report, log) = fixture.run(profile, 300, 1);
    assert_eq!(report.cases.rejected, 300);
    assert_eq!(report.waits[0].left_unanswered, 300);
    let rows = rows(&log);
    let submitted: std::collections::HashMap<u64, DateTime> = rows
        .iter()
        .filter(|r| r.kind == "wait")
        .map(|r| (r.case, r.enabled))
        .collect();
    let ends: Vec<&Row> = rows.iter().filter(|r| r.kind == "end").collect();
    assert_eq!(ends.len(), 300);
    for end in ends {
        assert_eq!(end.activity, "refused");
        let from = submitted[&end.case].date();
        // Two weeks over Christmas: an end on a holiday or weekend moves.
        assert_eq!(
            end.end,
            expiry(from, "P2W", DayCount::Calendar),
            "case {}",
            end.case
        );
    }
}

#[test]
fn an_answer_before_the_deadline_ends_the_case_as_the_transition_says() {
    let fixture = Fixture::new(WAIT_FOR_DOCUMENTS);
    let profile = r#"
[arrivals]
start = 2024-01-08
per_day = 5

[wait.await_documents]
days = { distribution = "uniform", min = 1, max = 10 }
"#;
    let (report, _) = fixture.run(profile, 300, 1);
    assert_eq!(report.cases.approved, 300);
    assert_eq!(report.deadlines[0].met, 300);
    assert_eq!(report.deadlines[0].share_met, Some(1.0));
}

const DEEMED: &str = r#"
[service]
id = "permit"
title = "Genehmigung mit Genehmigungsfiktion"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["§ 42a VwVfG"]

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve", "reject"]
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"

[[deadline]]
id = "decision_deadline"
within = "P1M"
from = "submitted"
on_expiry = "deemed_approval"
to = "granted"
"#;

#[test]
fn cases_the_staff_cannot_decide_in_time_are_deemed_approved() {
    let fixture = Fixture::new(DEEMED);
    // One clerk, 3 hours per case, 4 cases a day: the queue grows, and
    // cases waiting longer than a month are deemed approved.
    let profile = r#"
[arrivals]
start = 2024-01-08
per_day = 4
hours = "08:00-16:00"

[task.review]
hours = 3
decisions = { approve = 0.5, reject = 0.5 }

[staff.clerk]
people = 1
hours = "08:00-16:00"
"#;
    let (report, log) = fixture.run(profile, 400, 2);
    let deemed = report.cases.deemed_approved;
    assert!(deemed > 100, "{deemed} deemed approved");
    assert_eq!(report.cases.deemed_approvals, deemed);
    assert_eq!(
        report.cases.approved + report.cases.rejected + deemed,
        report.cases.ended
    );
    // A deemed approval takes the task from the queue (or stops its work).
    assert_eq!(report.tasks[0].cancelled, deemed);

    let rows = rows(&log);
    let expiries = rows
        .iter()
        .filter(|r| r.kind == "deadline" && r.outcome == "deemed_approval")
        .count() as u64;
    assert_eq!(expiries, deemed);
    let deemed_ends = rows
        .iter()
        .filter(|r| r.kind == "end" && r.outcome == "deemed_approved")
        .count() as u64;
    assert_eq!(deemed_ends, deemed);
}
