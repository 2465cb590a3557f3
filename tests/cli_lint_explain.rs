//! `ozg explain`: a rule's documentation by code or name, the list of all
//! rules, and a suggestion for a mistyped rule.

mod cli_lint_support;

use cli_lint_support::Repo;
use insta::assert_snapshot;
use ozg::lint::rules::{RULES, docs, find_rule};

fn explain(args: &[&str]) -> cli_lint_support::Run {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    Repo::empty().run(&all)
}

#[test]
fn explains_a_rule_by_its_code_in_any_case() {
    let expected = docs::markdown(find_rule("OZG302").unwrap());
    for code in ["OZG302", "ozg302"] {
        let run = explain(&[code]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(run.stdout, expected);
        assert!(run.stdout.starts_with("## OZG302 unreachable-step\n"));
    }
}

#[test]
fn explains_a_rule_by_its_name() {
    let run = explain(&["duplicate-id"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with("## OZG105 duplicate-id\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Default severity: **error**"));
    assert!(run.stdout.contains("This is reported:"));
    assert!(run.stdout.contains("Written right:"));
}

#[test]
fn without_a_rule_lists_every_rule_with_name_severity_and_summary() {
    let run = explain(&[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), RULES.len());
    for (line, rule) in lines.iter().zip(RULES) {
        assert!(
            line.starts_with(&format!("{}  {}", rule.code, rule.name)),
            "{line}"
        );
        assert!(line.contains(rule.severity.name()), "{line}");
        assert!(line.ends_with(rule.summary), "{line}");
    }
}

#[test]
fn mistyped_rule_exits_2_and_suggests_the_closest() {
    assert_snapshot!(explain(&["unreachable-stpe"]).transcript());
}

#[test]
fn unknown_rule_without_a_close_one_points_to_the_list() {
    assert_snapshot!(explain(&["colour-scheme"]).transcript());
}
