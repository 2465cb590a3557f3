//! `ozg test` from the command line: exit codes, the human report with
//! expected and actual values, and `--filter`.

mod cli_test_support;

use cli_test_support::{FAILING, INVALID, PASSING, Repo};
use insta::assert_snapshot;

#[test]
fn passing_repository_exits_0() {
    let run = Repo::with_scenarios(&[("paid", PASSING), ("too_young", INVALID)]).run(&["test"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn failing_expectation_exits_1_and_shows_expected_and_actual() {
    let run = Repo::with_scenarios(&[("paid", PASSING), ("wrong", FAILING)]).run(&["test"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn scenario_that_does_not_parse_exits_2_and_points_at_the_line() {
    let repo = Repo::with_scenarios(&[("paid", PASSING)]);
    repo.write(
        "services/zeugnis/scenarios/broken.toml",
        "[scenario]\ntitle = \"Kaputt\"\nsubmitted = 2024-10-02\n\n[input\nkind = \"private\"\n",
    );
    assert_snapshot!(repo.run(&["test"]).transcript());
}

#[test]
fn scenario_naming_an_unknown_expectation_exits_2() {
    let repo = Repo::with_scenarios(&[(
        "typo",
        &PASSING.replace("fees_total = 13.00", "fee_total = 13.00"),
    )]);
    let run = repo.run(&["test"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("typo.toml:"), "{}", run.stderr);
}

#[test]
fn filter_runs_only_matching_scenarios() {
    let repo = Repo::with_scenarios(&[("paid", PASSING), ("wrong", FAILING)]);
    let run = repo.run(&["test", "--filter", "paid"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("zeugnis/paid"), "{}", run.stdout);
    assert!(!run.stdout.contains("zeugnis/wrong"), "{}", run.stdout);
}

#[test]
fn filter_that_matches_nothing_exits_2() {
    let repo = Repo::with_scenarios(&[("paid", PASSING)]);
    let run = repo.run(&["test", "--filter", "nothing-like-this"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("no scenarios found"), "{}", run.stderr);
}

#[test]
fn quiet_run_shows_only_failures() {
    let repo = Repo::with_scenarios(&[("paid", PASSING), ("wrong", FAILING)]);
    let run = repo.run(&["test", "-q"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("zeugnis/paid"), "{}", run.stdout);
    assert!(run.stdout.contains("FAIL zeugnis/wrong"), "{}", run.stdout);
}
