//! The process (docs/format.md, "Process"; docs/scenarios.md, "How a case
//! runs"): automatic routing, guards tried in order, the default
//! transition, tasks and their decisions, waits and their events,
//! parallel branches, end outcomes and notifications.

mod engine_support;

use engine_support::{Probe, decide, decide_in, event, input, outcome};
use ozg::engine::CaseError;
use serde_json::json;

const ROUTING: &str = r#"
[[field]]
id = "amount"
label = "Betrag"
type = "integer"
required = true

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
next = [
  { to = "large", when = "amount > 100" },
  { to = "medium", when = "amount > 10" },
  { to = "small" },
]

[[step]]
id = "large"
kind = "end"
outcome = "rejected"

[[step]]
id = "medium"
kind = "end"
outcome = "approved"

[[step]]
id = "small"
kind = "end"
outcome = "completed"
"#;

fn routed(amount: i64) -> Vec<String> {
    let probe = Probe::new(ROUTING);
    let run = probe.run(&input(json!({ "amount": amount })), "2024-03-04", &[]);
    run.trace.path().into_iter().map(str::to_owned).collect()
}

#[test]
fn automatic_step_routes_at_once_by_its_guards() {
    assert_eq!(routed(500), ["receipt", "large"]);
}

#[test]
fn first_transition_whose_guard_holds_wins() {
    // 500 > 10 holds as well, but `large` comes first.
    assert_eq!(routed(500).last().map(String::as_str), Some("large"));
    assert_eq!(routed(50), ["receipt", "medium"]);
}

#[test]
fn transition_without_guard_is_taken_when_no_guard_holds() {
    assert_eq!(routed(5), ["receipt", "small"]);
}

#[test]
fn end_step_sets_the_outcome() {
    let probe = Probe::new(ROUTING);
    let run = probe.run(&input(json!({"amount": 50})), "2024-03-04", &[]);
    assert_eq!(outcome(&run), "approved");
}

#[test]
fn guard_that_is_null_does_not_hold() {
    let probe = Probe::new(&ROUTING.replace("required = true", "required = false"));
    let run = probe.run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(run.trace.path(), ["receipt", "small"]);
}

#[test]
fn case_is_stuck_when_no_transition_applies() {
    let probe = Probe::new(&ROUTING.replace("  { to = \"small\" },\n", ""));
    let run = probe.run(&input(json!({"amount": 5})), "2024-03-04", &[]);
    assert_eq!(outcome(&run), "open");
    assert!(
        run.problems.iter().any(|p| p.contains("stuck")),
        "{:?}",
        run.problems
    );
}

const REVIEW: &str = r#"
[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve", "reject", "request_documents"]
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
  { to = "await_documents", when = 'decision = "request_documents"' },
]

[[step]]
id = "await_documents"
kind = "wait"
events = ["documents_received", "withdrawn"]
next = [
  { to = "review", when = 'event = "documents_received"' },
  { to = "withdrawn", when = 'event = "withdrawn"' },
]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"

[[step]]
id = "withdrawn"
kind = "end"
outcome = "withdrawn"

[[notification]]
id = "documents_requested"
on = "await_documents"
subject = "Bitte reichen Sie Unterlagen nach"
text = "Es fehlen Unterlagen."
"#;

#[test]
fn task_waits_for_a_decision() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(outcome(&run), "open");
    assert_eq!(run.trace.path(), ["review"]);
}

#[test]
fn decision_takes_the_transition_its_guard_names() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide("reject"))],
    );
    assert_eq!(outcome(&run), "rejected");
    assert_eq!(run.trace.path(), ["review", "refused"]);
}

#[test]
fn undeclared_decision_is_refused_and_the_case_stays() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide("maybe"))],
    );
    assert_eq!(outcome(&run), "open");
    assert_eq!(run.trace.path(), ["review"]);
    assert!(
        run.problems.iter().any(|p| p.contains("does not declare")),
        "{:?}",
        run.problems
    );
}

#[test]
fn wait_goes_on_with_its_event() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[
            ("2024-03-05", decide("request_documents")),
            ("2024-03-12", event("documents_received")),
            ("2024-03-13", decide("approve")),
        ],
    );
    assert_eq!(outcome(&run), "approved");
    assert_eq!(
        run.trace.path(),
        ["review", "await_documents", "review", "granted"]
    );
}

#[test]
fn decision_while_only_a_wait_is_open_is_refused() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[
            ("2024-03-05", decide("request_documents")),
            ("2024-03-06", decide("approve")),
        ],
    );
    assert_eq!(outcome(&run), "open");
    assert!(
        run.problems
            .iter()
            .any(|p| p.contains("no task step is open"))
    );
}

#[test]
fn notification_is_sent_on_entering_its_step() {
    let probe = Probe::new(REVIEW);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide("request_documents"))],
    );
    assert_eq!(run.trace.notifications(), ["documents_requested"]);
}

#[test]
fn action_dated_before_the_last_one_is_refused() {
    let probe = Probe::new(REVIEW);
    let service = &probe.service;
    let assessment = service.assess(&input(json!({})), engine_support::day("2024-03-04"));
    let (mut case, _) =
        ozg::engine::Case::start(service, &assessment, engine_support::day("2024-03-04"));
    let error = case
        .act(engine_support::day("2024-03-01"), &decide("approve"))
        .unwrap_err();
    assert!(matches!(error, CaseError::DateBefore { .. }), "{error}");
}

const PARALLEL: &str = r#"
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
next = [{ to = "joined" }]

[[step]]
id = "check_register"
kind = "task"
role = "register"
decisions = ["ok"]
next = [{ to = "joined" }]

[[step]]
id = "joined"
kind = "join"
next = [{ to = "done" }]

[[step]]
id = "done"
kind = "end"
outcome = "approved"
"#;

#[test]
fn split_opens_all_its_branches_at_once() {
    let probe = Probe::new(PARALLEL);
    let run = probe.run(&input(json!({})), "2024-03-04", &[]);
    assert_eq!(run.trace.path(), ["fork", "check_police", "check_register"]);
}

#[test]
fn join_waits_for_every_branch() {
    let probe = Probe::new(PARALLEL);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide_in("check_police", "ok"))],
    );
    assert_eq!(outcome(&run), "open");
    assert_eq!(
        run.trace.path(),
        ["fork", "check_police", "check_register", "joined"]
    );
}

#[test]
fn join_goes_on_when_both_branches_have_arrived() {
    let probe = Probe::new(PARALLEL);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[
            ("2024-03-05", decide_in("check_register", "ok")),
            ("2024-03-06", decide_in("check_police", "ok")),
        ],
    );
    assert_eq!(outcome(&run), "approved");
    assert_eq!(run.trace.path().last(), Some(&"done"));
}

#[test]
fn decision_without_a_step_is_ambiguous_while_two_tasks_are_open() {
    let probe = Probe::new(PARALLEL);
    let run = probe.run(
        &input(json!({})),
        "2024-03-04",
        &[("2024-03-05", decide("ok"))],
    );
    assert!(
        run.problems.iter().any(|p| p.contains("say which one")),
        "{:?}",
        run.problems
    );
}
