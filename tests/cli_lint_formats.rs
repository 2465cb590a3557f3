//! Every output format of `ozg lint`, on a repository with an error, a
//! warning and a duplicate id whose finding points at the first one. Each
//! test pins the whole output (stdout, stderr and exit code).

mod cli_lint_support;

use cli_lint_support::{MIXED_SERVICE, Repo};
use insta::assert_snapshot;

fn mixed() -> Repo {
    Repo::with_service(MIXED_SERVICE)
}

#[test]
fn human_format_shows_snippets_related_places_help_and_a_summary() {
    assert_snapshot!(mixed().run(&["lint"]).transcript());
}

#[test]
fn json_format_lists_findings_with_positions_and_related_places() {
    assert_snapshot!(mixed().run(&["lint", "--format", "json"]).transcript());
}

#[test]
fn sarif_format_reports_results_relative_to_the_repository_root() {
    let run = mixed().run(&["lint", "--format", "sarif"]);
    let mut log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");

    // The rule list and the version change with every new rule and release;
    // they are checked by the SARIF validation test, not pinned here.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("the driver lists rules")
        .clone();
    for result in log["runs"][0]["results"].as_array_mut().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("a rule index");
        let index = usize::try_from(index).expect("a small rule index");
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        result["ruleIndex"] = "[index of ruleId]".into();
    }
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["rules"] = "[every rule]".into();
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();

    let pinned = serde_json::to_string_pretty(&log).expect("JSON can be printed");
    assert_snapshot!(format!(
        "args: {}\nexit: {}\n----- stdout (rules and version replaced) -----\n{pinned}\n----- stderr -----\n{}",
        run.args, run.code, run.stderr
    ));
}

#[test]
fn github_format_writes_one_workflow_command_per_finding() {
    assert_snapshot!(mixed().run(&["lint", "--format", "github"]).transcript());
}

#[test]
fn gitlab_format_writes_a_code_quality_report() {
    assert_snapshot!(mixed().run(&["lint", "--format", "gitlab"]).transcript());
}

#[test]
fn junit_format_makes_each_checked_file_a_test_case() {
    assert_snapshot!(mixed().run(&["lint", "--format", "junit"]).transcript());
}

#[test]
fn junit_format_fails_files_with_warnings_when_warnings_are_denied() {
    let run = mixed().run(&["lint", "--format", "junit", "--deny-warnings"]);
    assert_snapshot!(run.transcript());
}
