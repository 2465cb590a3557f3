//! Deadlines in a running case (docs/format.md, "Deadlines";
//! docs/scenarios.md, "How a case runs"; docs/deadlines.md): when they
//! start, when they are met, when they expire and what happens then, and
//! how their end dates follow weekends and each state's holidays.

mod engine_support;

use engine_support::{Probe, deadline_ends, decide, input, outcome, wait};
use ozg::engine::TraceEvent;
use serde_json::json;

/// A task with a step deadline; `{deadline}` is replaced per test.
const TASK: &str = r#"
[[role]]
id = "clerk"
title = "Sachbearbeitung"

[[role]]
id = "head"
title = "Amtsleitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve"]
deadline = {deadline}
next = [{ to = "granted", when = 'decision = "approve"' }]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "fiction"
kind = "end"
outcome = "approved"

[[step]]
id = "timed_out"
kind = "end"
outcome = "rejected"
"#;

fn task(deadline: &str) -> Probe {
    Probe::new(&TASK.replace("{deadline}", deadline))
}

fn task_in(state: &str, deadline: &str) -> Probe {
    Probe::in_state(state, &TASK.replace("{deadline}", deadline), &[])
}

const ESCALATE_14: &str =
    r#"{ within = "P14D", from = "entered", on_expiry = "escalate", escalate_to = "head" }"#;

fn kinds(run: &ozg::testing::Run) -> Vec<String> {
    run.trace
        .events
        .iter()
        .map(|e| {
            let kind = serde_json::to_value(e).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned();
            format!("{} {kind}", e.date())
        })
        .collect()
}

#[test]
fn step_deadline_starts_when_the_step_is_entered() {
    // Monday 4 March 2024 + 14 days = Monday 18 March.
    let run = task(ESCALATE_14).run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(
        deadline_ends(&run),
        [("review".to_owned(), "2024-03-18".to_owned())]
    );
}

#[test]
fn decision_on_the_last_day_meets_the_deadline() {
    let run = task(ESCALATE_14).run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-18", decide("approve"))],
    );
    assert!(run.trace.events.iter().any(|e| matches!(
        e,
        TraceEvent::DeadlineMet { deadline, .. } if deadline == "review"
    )));
    assert!(
        !run.trace
            .events
            .iter()
            .any(|e| matches!(e, TraceEvent::DeadlineExpired { .. }))
    );
}

#[test]
fn deadline_expires_on_the_day_after_its_end() {
    let run = task(ESCALATE_14).run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-19", decide("approve"))],
    );
    let expired: Vec<_> = run
        .trace
        .events
        .iter()
        .filter(|e| matches!(e, TraceEvent::DeadlineExpired { .. }))
        .map(TraceEvent::date)
        .collect();
    assert_eq!(expired, [engine_support::day("2024-03-19")]);
}

#[test]
fn time_passing_up_to_the_last_day_does_not_expire_the_deadline() {
    let run = task(ESCALATE_14).run(&input(json!({})), "2024-03-04", &[("2024-03-18", wait())]);
    assert!(!kinds(&run).iter().any(|k| k.ends_with("deadline_expired")));
}

#[test]
fn escalation_alerts_the_role_and_the_case_stays() {
    let run = task(ESCALATE_14).run(&input(json!({})), "2024-03-04", &[("2024-04-01", wait())]);
    assert!(run.trace.events.contains(&TraceEvent::Escalated {
        date: engine_support::day("2024-03-19"),
        deadline: "review".to_owned(),
        role: "head".to_owned(),
    }));
    assert_eq!(outcome(&run), "open");
    assert_eq!(run.trace.path(), ["review"]);
}

#[test]
fn leaving_the_step_stops_its_deadline() {
    let run = task(ESCALATE_14).run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide("approve")), ("2024-05-01", wait())],
    );
    assert_eq!(
        kinds(&run)
            .iter()
            .filter(|k| k.contains("deadline"))
            .collect::<Vec<_>>(),
        ["2024-03-04 deadline_started", "2024-03-05 deadline_met"]
    );
}

#[test]
fn transition_on_expiry_moves_the_case() {
    let run = task(
        r#"{ within = "P14D", from = "entered", on_expiry = "transition", to = "timed_out" }"#,
    )
    .run(&input(json!({})), "2024-03-04", &[("2024-04-01", wait())]);
    assert_eq!(run.trace.path(), ["review", "timed_out"]);
    assert_eq!(outcome(&run), "rejected");
    let ended = run.trace.events.iter().find_map(|e| match e {
        TraceEvent::Ended { date, .. } => Some(*date),
        _ => None,
    });
    assert_eq!(ended, Some(engine_support::day("2024-03-19")));
}

#[test]
fn deemed_approval_ends_the_case_as_deemed_approved() {
    let run = task(
        r#"{ within = "P3M", from = "submitted", on_expiry = "deemed_approval", to = "fiction" }"#,
    )
    .run(&input(json!({})), "2024-03-04", &[("2024-07-01", wait())]);
    assert_eq!(run.trace.path(), ["review", "fiction"]);
    assert_eq!(outcome(&run), "deemed_approved");
}

#[test]
fn decision_after_a_deemed_approval_is_refused() {
    let run = task(
        r#"{ within = "P3M", from = "submitted", on_expiry = "deemed_approval", to = "fiction" }"#,
    )
    .run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-07-01", decide("approve"))],
    );
    assert_eq!(outcome(&run), "deemed_approved");
    assert!(
        run.problems.iter().any(|p| p.contains("closed")),
        "{:?}",
        run.problems
    );
}

const CASE_DEADLINE: &str = r#"
[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
next = [{ to = "review" }]

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve"]
next = [{ to = "granted" }]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "fiction"
kind = "end"
outcome = "approved"

[[deadline]]
id = "decision_deadline"
label = "Entscheidungsfrist"
within = "P3M"
from = "submitted"
on_expiry = "deemed_approval"
to = "fiction"
"#;

#[test]
fn case_deadline_counts_from_the_submission() {
    // 31 January 2024 + 3 months: 30 April has no day 31, so the last day
    // of April; a Tuesday.
    let run = Probe::new(CASE_DEADLINE).run(&input(json!({})), "2024-01-31", &[]);
    assert_eq!(
        deadline_ends(&run),
        [("decision_deadline".to_owned(), "2024-04-30".to_owned())]
    );
}

#[test]
fn case_deadline_stops_when_the_case_ends_in_time() {
    let run = Probe::new(CASE_DEADLINE).run(
        &input(json!({})),
        "2024-01-31",
        &[("2024-04-30", decide("approve"))],
    );
    assert_eq!(outcome(&run), "approved");
}

#[test]
fn expired_case_deadline_moves_the_whole_case() {
    let run =
        Probe::new(CASE_DEADLINE).run(&input(json!({})), "2024-01-31", &[("2024-05-02", wait())]);
    assert_eq!(run.trace.path(), ["receipt", "review", "fiction"]);
    assert_eq!(outcome(&run), "deemed_approved");
}

#[test]
fn calendar_deadline_ending_on_a_weekend_moves_to_monday() {
    // Monday 4 March 2024 + 12 days = Saturday 16 March → Monday 18 March.
    let run = task(
        r#"{ within = "P12D", from = "entered", on_expiry = "escalate", escalate_to = "head" }"#,
    )
    .run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(deadline_ends(&run)[0].1, "2024-03-18");
}

#[test]
fn working_day_deadline_skips_weekends() {
    // Ten working days from Monday 4 March 2024: Monday 18 March.
    let run = task(r#"{ within = "P10D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "head" }"#)
        .run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(deadline_ends(&run)[0].1, "2024-03-18");
}

#[test]
fn reformation_day_moves_a_deadline_in_lower_saxony_from_2018() {
    // 17 October 2018 + 2 weeks = Wednesday 31 October, Reformation Day,
    // a holiday in Lower Saxony since 2018: the end moves to 1 November.
    let deadline =
        r#"{ within = "P2W", from = "entered", on_expiry = "escalate", escalate_to = "head" }"#;
    let run = task_in("NI", deadline).run(&input(json!({})), "2018-10-17", &[]);
    assert_eq!(deadline_ends(&run)[0].1, "2018-11-01");
}

#[test]
fn reformation_day_2016_was_a_working_day_in_lower_saxony() {
    let deadline =
        r#"{ within = "P2W", from = "entered", on_expiry = "escalate", escalate_to = "head" }"#;
    let run = task_in("NI", deadline).run(&input(json!({})), "2016-10-17", &[]);
    assert_eq!(deadline_ends(&run)[0].1, "2016-10-31");
}

#[test]
fn corpus_christi_is_not_counted_as_a_working_day_in_baden_wuerttemberg() {
    // Corpus Christi 2024 is Thursday 30 May, a holiday in BW but not in
    // Lower Saxony. Five working days from Monday 27 May.
    let deadline = r#"{ within = "P5D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "head" }"#;
    let bw = task_in("BW", deadline).run(&input(json!({})), "2024-05-27", &[]);
    let ni = task_in("NI", deadline).run(&input(json!({})), "2024-05-27", &[]);
    assert_eq!(deadline_ends(&bw)[0].1, "2024-06-04");
    assert_eq!(deadline_ends(&ni)[0].1, "2024-06-03");
}

#[test]
fn step_deadline_restarts_when_the_step_is_entered_again_and_reports_the_first() {
    let probe = Probe::new(
        r#"
[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve", "again"]
deadline = { within = "P14D", from = "entered", on_expiry = "escalate", escalate_to = "clerk" }
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "review", when = 'decision = "again"' },
]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"
"#,
    );
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-11", decide("again"))],
    );
    let started: Vec<String> = run
        .trace
        .events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::DeadlineStarted { end, .. } => Some(end.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(started, ["2024-03-18", "2024-03-25"]);
    assert_eq!(deadline_ends(&run)[0].1, "2024-03-18");
}

#[test]
fn notification_with_a_condition_is_sent_only_when_it_holds() {
    let body = r#"
[[field]]
id = "express"
label = "Express"
type = "boolean"
required = true

[[fee]]
id = "express_fee"
label = "Expresszuschlag"
amount = "32.00"
when = "express"

[process]
start = "done"

[[step]]
id = "done"
kind = "end"
outcome = "completed"

[[notification]]
id = "always"
on = "done"
subject = "Erledigt"
text = "Erledigt."

[[notification]]
id = "express_note"
on = "done"
when = "express_fee > 0"
subject = "Expresszuschlag"
text = "Es fällt ein Zuschlag an."
"#;
    let probe = Probe::new(body);
    let with = probe.run(&input(json!({"express": true})), "2024-03-04", &[]);
    let without = probe.run(&input(json!({"express": false})), "2024-03-04", &[]);
    assert_eq!(with.trace.notifications(), ["always", "express_note"]);
    assert_eq!(without.trace.notifications(), ["always"]);
}
