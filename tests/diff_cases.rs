//! `ozg diff --cases`: the behavioural comparison, on the legal-change
//! history of the residents' parking permit committed version by version
//! (2020 → 2022-04-01 → 2023-06-13 → 2023-12-01) into a git repository,
//! with the service's scenarios beside it.

mod diff_support;

use std::path::{Path, PathBuf};

use diff_support::{commit, git, ozg};
use ozg::diff::cases::{Difference, ServiceBehaviour, Version};
use ozg::diff::{CaseOptions, RepositoryDiff, diff_revisions_with};
use ozg::engine::RawValue;
use ozg::feel::number::Number;

const SERVICE: &str = "services/bewohnerparkausweis/service.toml";

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A repository with one commit per version of the parking permit, oldest
/// first, each tagged with its date. The scenarios and the identity card
/// service (which never changes) are there from the first commit.
fn history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let scenarios = samples().join("services/bewohnerparkausweis/scenarios");
    let mut files: Vec<(String, String)> = vec![
        ("ozg.toml".into(), read(&samples().join("ozg.toml"))),
        (
            "services/personalausweis/service.toml".into(),
            read(&samples().join("services/personalausweis/service.toml")),
        ),
    ];
    for entry in std::fs::read_dir(&scenarios).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((
            format!("services/bewohnerparkausweis/scenarios/{name}"),
            read(&path),
        ));
    }
    for date in ["2020-01-01", "2022-04-01", "2023-06-13", "2023-12-01"] {
        let text = read(&samples().join(format!("history/bewohnerparkausweis/{date}.toml")));
        files.push((SERVICE.into(), text));
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        commit(dir.path(), &borrowed, date);
        git(dir.path(), &["tag", date]);
        files.pop();
    }
    dir
}

/// Commits a change of the newest version of the parking permit.
fn commit_change(dir: &Path, from: &str, to: &str, tag: &str) {
    let text = read(&dir.join(SERVICE));
    assert!(text.contains(from), "the sample holds {from:?}");
    commit(dir, &[(SERVICE, &text.replace(from, to))], tag);
    git(dir, &["tag", tag]);
}

fn behaviour(dir: &Path, from: &str, to: &str, sample: usize) -> ServiceBehaviour {
    let diff = compare(dir, from, to, sample, 1);
    let behaviour = diff.behaviour.expect("asked for");
    behaviour
        .service("bewohnerparkausweis")
        .expect("the parking permit changed")
        .clone()
}

fn compare(dir: &Path, from: &str, to: &str, sample: usize, seed: u64) -> RepositoryDiff {
    let options = CaseOptions { sample, seed };
    diff_revisions_with(dir, from, Some(to), &[], Some(&options)).unwrap()
}

fn euros(text: &str) -> Number {
    text.parse().unwrap()
}

/// The old and new fee totals of each group of sampled applications.
fn fee_changes(behaviour: &ServiceBehaviour) -> Vec<(String, String)> {
    let sample = behaviour.sample.as_ref().unwrap();
    let mut out: Vec<(String, String)> = sample
        .groups
        .iter()
        .flat_map(|g| &g.differences)
        .filter_map(|d| match d {
            Difference::FeeTotal { old, new } => Some((old.to_string(), new.to_string())),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

fn run_ozg(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = ozg(dir, args);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn the_court_ruling_names_every_fee_of_the_statute_falling_back_to_30_euros() {
    let dir = history();
    let behaviour = behaviour(dir.path(), "2022-04-01", "2023-06-13", 300);
    let changes = fee_changes(&behaviour);
    let expected: Vec<(String, String)> =
        ["120.00", "240.00", "360.00", "480.00", "60.00", "90.00"]
            .iter()
            .map(|old| ((*old).to_owned(), "30.00".to_owned()))
            .collect();
    assert_eq!(changes, expected);
}

#[test]
fn every_sampled_application_valid_under_both_versions_is_counted_in_a_group() {
    let dir = history();
    let behaviour = behaviour(dir.path(), "2022-04-01", "2023-06-13", 300);
    let sample = behaviour.sample.unwrap();
    let grouped: usize = sample.groups.iter().map(|g| g.count).sum();
    assert_eq!(sample.generated, 300);
    assert_eq!(sample.same, 0, "every fee changed");
    assert_eq!(grouped + sample.more, sample.valid_both);
    assert_eq!(
        sample.valid_both + sample.invalid_both,
        300,
        "no application is valid under one form only: the reduction fields were only dropped"
    );
    assert!(sample.valid_both >= 290, "{} valid", sample.valid_both);
}

#[test]
fn the_example_of_each_fee_group_lies_in_that_fee_class() {
    let dir = history();
    let behaviour = behaviour(dir.path(), "2022-04-01", "2023-12-01", 300);
    for group in &behaviour.sample.unwrap().groups {
        let Some(Difference::FeeTotal { old, .. }) = group.differences.first() else {
            panic!("only fees changed: {:?}", group.differences);
        };
        let answer = |field: &str| {
            group
                .example
                .iter()
                .find(|a| a.field == field)
                .and_then(|a| a.value.clone())
                .unwrap_or_else(|| panic!("the example shows {field}"))
        };
        let RawValue::Number(length) = answer("vehicle_length") else {
            panic!("a length is a number");
        };
        let RawValue::Text(reason) = answer("reduction_reason") else {
            panic!("a reason is a code");
        };
        let reduced = reason != "none";
        let base = if length <= euros("4.20") {
            "240.00"
        } else if length <= euros("4.70") {
            "360.00"
        } else {
            "480.00"
        };
        let fee = euros(base);
        let expected = if reduced {
            fee.checked_div(euros("4")).unwrap()
        } else {
            fee
        };
        assert_eq!(
            old.cmp_value(expected),
            std::cmp::Ordering::Equal,
            "{old} for {length} m ({reason})"
        );
    }
}

#[test]
fn the_flat_fee_of_december_2023_is_reported_with_old_and_new_amounts() {
    let dir = history();
    let stdout = run_ozg(dir.path(), &["diff", "2022-04-01", "2023-12-01", "--cases"]);
    assert!(
        stdout.contains(
            "of 1000 sampled applications: fee total 480,00 € → 200,00 €; e.g. vehicle_length = "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("of 1000 sampled applications: fee total 240,00 € → 200,00 €"),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 of 1000 sampled applications come out the same"),
        "{stdout}"
    );
}

#[test]
fn a_constant_fee_change_affects_every_sampled_application_whatever_it_says() {
    let dir = history();
    let stdout = run_ozg(
        dir.path(),
        &[
            "diff",
            "2023-06-13",
            "2023-12-01",
            "--cases",
            "--sample",
            "50",
        ],
    );
    assert!(
        stdout.contains("    ~ 50 of 50 sampled applications: fee total 30,00 € → 200,00 €\n"),
        "{stdout}"
    );
}

#[test]
fn a_scenario_whose_outcome_changes_is_reported_with_both_outcomes_and_paths() {
    let dir = history();
    // Documents not handed in on time now lead to the permit instead of
    // a refusal.
    commit_change(
        dir.path(),
        r#"on_expiry = "transition", to = "refused""#,
        r#"on_expiry = "transition", to = "issued""#,
        "lenient",
    );
    let behaviour = behaviour(dir.path(), "2023-12-01", "lenient", 0);
    let names: Vec<&str> = behaviour
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["documents_missing_refused"]);
    let differences = &behaviour.scenarios[0].differences;
    assert!(differences.contains(&Difference::Outcome {
        old: Some(ozg::engine::CaseOutcome::Rejected),
        new: Some(ozg::engine::CaseOutcome::Approved),
    }));
    assert!(
        differences
            .iter()
            .any(|d| matches!(d, Difference::Path { old, new }
                if old.last().map(String::as_str) == Some("refused")
                && new.last().map(String::as_str) == Some("issued")))
    );
}

#[test]
fn a_scenario_whose_outcome_changes_is_shown_in_the_report() {
    let dir = history();
    commit_change(
        dir.path(),
        r#"on_expiry = "transition", to = "refused""#,
        r#"on_expiry = "transition", to = "issued""#,
        "lenient",
    );
    let stdout = run_ozg(
        dir.path(),
        &["diff", "2023-12-01", "lenient", "--cases", "--sample", "20"],
    );
    assert!(
        stdout.contains(
            "~ scenario documents_missing_refused (Firmenwagen: Unterlagen nicht nachgereicht, \
             Antrag abgelehnt): outcome rejected → approved; path receipt › review › \
             await_documents › refused → receipt › review › await_documents › issued"
        ),
        "{stdout}"
    );
}

#[test]
fn a_scenario_only_the_new_form_accepts_is_reported_as_a_validity_difference() {
    let dir = history();
    let behaviour = behaviour(dir.path(), "2022-04-01", "2023-06-13", 0);
    let scenario = behaviour
        .scenarios
        .iter()
        .find(|s| s.name == "approved_and_paid")
        .expect("reported");
    assert_eq!(
        scenario.differences,
        [Difference::Validity {
            old: vec!["reduction_reason".to_owned()],
            new: Vec::new(),
        }]
    );
}

#[test]
fn applications_valid_under_the_old_form_only_are_counted_apart_with_the_new_error() {
    let dir = history();
    commit_change(dir.path(), "max = 8.0", "max = 6.0", "shorter");
    let behaviour = behaviour(dir.path(), "2023-12-01", "shorter", 300);
    let sample = behaviour.sample.unwrap();
    assert_eq!(
        sample.valid_only_old.len(),
        1,
        "{:?}",
        sample.valid_only_old
    );
    let group = &sample.valid_only_old[0];
    assert_eq!(group.errors.len(), 1);
    assert_eq!(group.errors[0].field, "vehicle_length");
    let RawValue::Number(length) = group.example[0].value.clone().unwrap() else {
        panic!("a number");
    };
    assert!(length > euros("6.0"), "{length}");
    assert!(sample.valid_only_new.is_empty());
    assert_eq!(
        sample.valid_both + group.count + sample.invalid_both,
        300,
        "the others are compared"
    );
    assert!(sample.groups.is_empty(), "the fee did not change");
}

#[test]
fn applications_valid_under_one_form_only_are_named_in_the_report() {
    let dir = history();
    commit_change(dir.path(), "max = 8.0", "max = 6.0", "shorter");
    let stdout = run_ozg(dir.path(), &["diff", "2023-12-01", "shorter", "--cases"]);
    let line = stdout
        .lines()
        .find(|l| l.contains("are valid under the old form but not under the new one"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains(" of 1000 sampled applications "), "{line}");
    assert!(line.contains(": vehicle_length: "), "{line}");
    assert!(line.contains("; e.g. vehicle_length = "), "{line}");
}

#[test]
fn an_unchanged_service_produces_no_behavioural_section() {
    let dir = history();
    let diff = compare(dir.path(), "2022-04-01", "2023-06-13", 10, 1);
    let ids: Vec<&str> = diff
        .behaviour
        .as_ref()
        .unwrap()
        .services
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, ["bewohnerparkausweis"]);
    let stdout = run_ozg(
        dir.path(),
        &[
            "diff",
            "2022-04-01",
            "2023-06-13",
            "--cases",
            "--sample",
            "10",
        ],
    );
    assert_eq!(stdout.matches("Behaviour:").count(), 1, "{stdout}");
    assert!(!stdout.contains("personalausweis"), "{stdout}");
}

#[test]
fn a_change_that_alters_no_result_says_so() {
    let dir = history();
    commit_change(
        dir.path(),
        r#"title = "Antrag prüfen""#,
        r#"title = "Antrag sorgfältig prüfen""#,
        "wording",
    );
    let behaviour = behaviour(dir.path(), "2023-12-01", "wording", 100);
    assert!(!behaviour.differs());
    assert_eq!(behaviour.sample.unwrap().same, 100);
    let stdout = run_ozg(
        dir.path(),
        &[
            "diff",
            "2023-12-01",
            "wording",
            "--cases",
            "--sample",
            "100",
        ],
    );
    assert!(
        stdout.contains(
            "  Behaviour: 3 scenarios and 100 sampled applications submitted on 2023-12-01, run \
             against both versions\n    no differences: every scenario and sampled application \
             comes out the same\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let dir = history();
    let args = [
        "diff",
        "2022-04-01",
        "2023-12-01",
        "--cases",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let first = run_ozg(dir.path(), &args);
    let second = run_ozg(dir.path(), &args);
    assert_eq!(first, second);
}

#[test]
fn another_seed_draws_other_applications() {
    let dir = history();
    let one = compare(dir.path(), "2022-04-01", "2023-12-01", 200, 1);
    let other = compare(dir.path(), "2022-04-01", "2023-12-01", 200, 2);
    let examples = |diff: &RepositoryDiff| {
        let behaviour = diff.behaviour.as_ref().unwrap();
        let sample = behaviour.services[0].sample.as_ref().unwrap();
        sample
            .groups
            .iter()
            .map(|g| format!("{:?}", g.example))
            .collect::<Vec<_>>()
    };
    assert_ne!(examples(&one), examples(&other));
}

#[test]
fn a_version_that_cannot_run_is_reported_and_nothing_else_is_run() {
    let dir = history();
    commit_change(
        dir.path(),
        r#"start = "receipt""#,
        r#"start = "nowhere""#,
        "broken",
    );
    let behaviour = behaviour(dir.path(), "2023-12-01", "broken", 100);
    assert!(matches!(
        behaviour.problems.as_slice(),
        [ozg::diff::cases::CaseProblem::Compile {
            version: Version::New,
            ..
        }]
    ));
    assert_eq!(behaviour.scenarios_run, 0);
    assert!(behaviour.sample.is_none());
}

#[test]
fn markdown_has_a_behaviour_section_with_a_table_of_groups() {
    let dir = history();
    let stdout = run_ozg(
        dir.path(),
        &[
            "diff",
            "2023-06-13",
            "2023-12-01",
            "--cases",
            "--sample",
            "40",
            "--format",
            "markdown",
        ],
    );
    let section = stdout
        .split("#### Behaviour\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        section.starts_with(
            "\n3 scenarios and 40 sampled applications submitted on 2023-12-01, run against \
             both versions.\n\n| scenario | what differs |\n|---|---|\n"
        ),
        "{section}"
    );
    assert!(
        section.contains(
            "| sampled applications | what differs | example |\n|---:|---|---|\n| 40 of 40 | fee \
             total 30,00 € → 200,00 € | – |\n"
        ),
        "{section}"
    );
}

#[test]
fn json_lists_the_groups_with_amounts_as_strings() {
    let dir = history();
    let stdout = run_ozg(
        dir.path(),
        &[
            "diff",
            "2023-06-13",
            "2023-12-01",
            "--cases",
            "--sample",
            "40",
            "--seed",
            "3",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let behaviour = &json["behaviour"];
    assert_eq!(behaviour["sample"], 40);
    assert_eq!(behaviour["seed"], 3);
    let service = &behaviour["services"][0];
    assert_eq!(service["id"], "bewohnerparkausweis");
    assert_eq!(service["scenarios_run"], 3);
    let group = &service["sample"]["groups"][0];
    assert_eq!(group["count"], 40);
    assert_eq!(
        group["differences"][0],
        serde_json::json!({
            "kind": "fee_total",
            "old": "30.00",
            "new": "200.00",
            "text": "fee total 30,00 € → 200,00 €",
        })
    );
}

#[test]
fn without_cases_the_json_has_no_behaviour() {
    let dir = history();
    let stdout = run_ozg(
        dir.path(),
        &["diff", "2023-06-13", "2023-12-01", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json.get("behaviour").is_none());
}

#[test]
fn sample_without_cases_is_a_usage_error() {
    let dir = history();
    let (code, _, stderr) = ozg(
        dir.path(),
        &["diff", "2023-06-13", "2023-12-01", "--sample", "10"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--cases"), "{stderr}");
}

#[test]
fn a_scenario_removed_since_is_run_as_in_the_old_version() {
    let dir = history();
    git(
        dir.path(),
        &[
            "rm",
            "-q",
            "services/bewohnerparkausweis/scenarios/approved_and_paid.toml",
        ],
    );
    commit_change(
        dir.path(),
        r#"amount = "200.00""#,
        r#"amount = "220.00""#,
        "raised",
    );
    let behaviour = behaviour(dir.path(), "2023-12-01", "raised", 0);
    let reported: Vec<(&str, bool)> = behaviour
        .scenarios
        .iter()
        .map(|s| (s.name.as_str(), s.from_old))
        .collect();
    assert_eq!(
        reported,
        [
            ("documents_missing_refused", false),
            ("approved_and_paid", true)
        ]
    );
    assert_eq!(behaviour.scenarios_run, 3);
}

#[test]
fn two_folders_are_compared_by_behaviour_too() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    for (dir, date) in [(&old, "2022-04-01"), (&new, "2023-06-13")] {
        let text = read(&samples().join(format!("history/bewohnerparkausweis/{date}.toml")));
        diff_support::write(
            dir.path(),
            &[
                ("ozg.toml", &read(&samples().join("ozg.toml"))),
                (SERVICE, &text),
            ],
        );
    }
    let options = CaseOptions {
        sample: 100,
        seed: 1,
    };
    let diff =
        ozg::diff::diff_directories_with(old.path(), new.path(), &[], Some(&options)).unwrap();
    let behaviour = diff.behaviour.unwrap();
    let sample = behaviour.services[0].sample.as_ref().unwrap();
    assert_eq!(sample.same, 0);
    assert_eq!(behaviour.services[0].scenarios_run, 0);
    assert!(sample.groups.len() >= 5, "{:?}", sample.groups);
}
