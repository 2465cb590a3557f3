//! `ozg simulate SERVICE` from the command line: the timeline, JSON,
//! exit codes, input from the command line and from files, the order and
//! dates of actions, and scenarios written for `ozg test`.

mod cli_test_support;

use cli_test_support::{INVALID, PASSING, Repo};
use insta::assert_snapshot;

fn repo() -> Repo {
    Repo::with_scenarios(&[])
}

/// The JSON result of a run that must succeed.
fn json(run: &cli_test_support::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.transcript()))
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn scenario_file_runs_as_a_timeline() {
    let repo = repo();
    repo.write("case.toml", PASSING);
    let run = repo.run(&["simulate", "zeugnis", "--input-file", "case.toml"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn invalid_application_exits_1_with_the_german_messages() {
    let repo = repo();
    repo.write("case.toml", INVALID);
    let run = repo.run(&["simulate", "zeugnis", "--input-file", "case.toml"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn values_from_the_command_line_are_read_by_field_type() {
    let run = repo().run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=european",
        "--input",
        "birth_date=01.05.1990",
        "--input",
        "purposes[1].purpose=Verein",
        "--submitted",
        "02.10.2024",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let result = json(&run);
    assert_eq!(result["valid"], true);
    assert_eq!(result["fees_total"], "17.00");
    assert_eq!(result["outcome"], "open");
    assert_eq!(strings(&result["path"]), ["receipt", "check"]);
}

#[test]
fn decision_without_a_date_is_taken_on_the_next_working_day() {
    // Submitted Wednesday 2 October 2024; 3 October is a holiday.
    let run = repo().run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--submitted",
        "2024-10-02",
        "--decide",
        "check=forward",
        "--event",
        "await_payment=payment_received",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let result = json(&run);
    let dates: Vec<&str> = result["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2024-10-04", "2024-10-07"]);
    assert_eq!(result["outcome"], "completed");
}

#[test]
fn decisions_and_events_are_applied_in_the_order_given() {
    // The event comes first on the command line: nothing waits for it yet.
    let run = repo().run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--submitted",
        "2024-10-02",
        "--event",
        "await_payment=payment_received",
        "--decide",
        "check=forward",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .starts_with("error: the event `payment_received` on 2024-10-04 cannot be taken"),
        "{}",
        run.stderr
    );
}

#[test]
fn dated_action_and_until_let_deadlines_expire() {
    let run = repo().run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--submitted",
        "2024-10-02",
        "--decide",
        "check=forward@2024-10-09",
        "--until",
        "2024-11-30",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let result = json(&run);
    let kinds: Vec<String> = result["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["date"].as_str().unwrap(),
                e["kind"].as_str().unwrap()
            )
        })
        .collect();
    // The check deadline ended on 8 October and is escalated on the 9th,
    // before the decision; the payment deadline then ends the case.
    assert!(
        kinds.contains(&"2024-10-09 escalated".to_owned()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"2024-10-24 deadline_expired".to_owned()),
        "{kinds:?}"
    );
    assert_eq!(result["outcome"], "withdrawn");
}

#[test]
fn undeclared_decision_exits_2_and_names_the_declared_ones() {
    let run = repo().run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--submitted",
        "2024-10-02",
        "--decide",
        "check=aprove",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("which takes the decisions forward, reject"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("Ergebnis: offen"),
        "the timeline up to the refusal is shown\n{}",
        run.stdout
    );
}

#[test]
fn case_that_gets_stuck_exits_1() {
    let repo = repo();
    let stuck = cli_test_support::SERVICE.replace(
        "next = [{ to = \"check\" }]",
        "next = [{ to = \"check\", when = 'kind = \"european\"' }]",
    );
    repo.write("other/zeugnis.toml", &stuck);
    let run = repo.run(&[
        "simulate",
        "other/zeugnis.toml",
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--submitted",
        "2024-10-02",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("Der Fall hängt in „Antrag eingegangen“ (receipt) fest"),
        "{}",
        run.stdout
    );
}

#[test]
fn no_input_and_no_terminal_exits_2_with_what_to_do() {
    let run = repo().run(&["simulate", "zeugnis"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn unknown_field_exits_2_with_a_suggestion() {
    let run = repo().run(&["simulate", "zeugnis", "--input", "birth_dat=1990-05-01"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "error: the form has no field `birth_dat`; did you mean `birth_date`?\n"
    );
}

#[test]
fn unknown_service_exits_2_with_a_suggestion() {
    let run = repo().run(&["simulate", "zeugnis2", "--input", "kind=private"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("did you mean `zeugnis`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn repository_is_found_with_repo_option() {
    let repo = repo();
    let run = cli_test_support::Repo::with_scenarios(&[]).run(&[
        "simulate",
        "zeugnis",
        "-C",
        repo.path().to_str().unwrap(),
        "--input",
        "kind=private",
        "--input",
        "birth_date=1990-05-01",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn json_input_file_gives_the_field_values() {
    let repo = repo();
    repo.write(
        "case.json",
        r#"{"kind": "private", "birth_date": "1990-05-01", "purposes": [{"purpose": "Arbeit"}]}"#,
    );
    let run = repo.run(&[
        "simulate",
        "zeugnis",
        "--input-file",
        "case.json",
        "--submitted",
        "2024-10-02",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(json(&run)["fees_total"], "13.00");
}

#[test]
fn command_line_values_replace_those_of_the_input_file() {
    let repo = repo();
    repo.write("case.toml", PASSING);
    let run = repo.run(&[
        "simulate",
        "zeugnis",
        "--input-file",
        "case.toml",
        "--input",
        "kind=european",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let result = json(&run);
    assert_eq!(result["fees_total"], "17.00");
    assert_eq!(result["submitted"], "2024-10-02");
}

#[test]
fn saved_scenario_passes_ozg_test() {
    let repo = repo();
    let run = repo.run(&[
        "simulate",
        "zeugnis",
        "--input",
        "kind=european",
        "--input",
        "birth_date=01.05.1990",
        "--input",
        "purposes[1].purpose=Verein",
        "--input",
        "purposes[2].purpose=Arbeit \"Nord\"",
        "--submitted",
        "2024-10-02",
        "--decide",
        "check=forward",
        "--until",
        "2024-10-10",
        "--save-scenario",
        "services/zeugnis/scenarios/saved.toml",
        "--title",
        "Gespeicherter Fall",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_snapshot!(repo.read("services/zeugnis/scenarios/saved.toml"));
    let test = repo.run(&["test"]);
    assert_eq!(test.code, 0, "{}", test.transcript());
    assert!(
        test.stdout.contains("ok   zeugnis/saved"),
        "{}",
        test.stdout
    );
}

#[test]
fn saved_scenario_of_an_invalid_application_expects_its_errors() {
    let repo = repo();
    repo.write("case.toml", INVALID);
    let run = repo.run(&[
        "simulate",
        "zeugnis",
        "--input-file",
        "case.toml",
        "--save-scenario",
        "services/zeugnis/scenarios/invalid.toml",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let saved = repo.read("services/zeugnis/scenarios/invalid.toml");
    assert!(
        saved.contains("errors = [\"birth_date\", \"purposes[2].purpose\"]"),
        "{saved}"
    );
    let test = repo.run(&["test"]);
    assert_eq!(test.code, 0, "{}", test.transcript());
}
