//! `ozg diff` on real git repositories built commit by commit: which
//! versions it compares, that unchanged services are not parsed, where the
//! model repository may lie, and its exit codes.

mod diff_support;

use diff_support::{BASE, CODELIST, CONFIG, commit, edit, git, ozg, write};

fn other_service() -> String {
    BASE.replace("id = \"permit\"", "id = \"other\"")
}

/// A repository with two services; the second commit raises the fee of
/// `permit` only.
fn two_commits(dir: &std::path::Path) {
    git(dir, &["init", "-q"]);
    commit(
        dir,
        &[
            ("ozg.toml", CONFIG),
            ("codelists/legal_forms.toml", CODELIST),
            ("services/permit/service.toml", BASE),
            ("services/other/service.toml", &other_service()),
        ],
        "first",
    );
    commit(
        dir,
        &[(
            "services/permit/service.toml",
            &edit("amount = \"30.00\"", "amount = \"45.00\""),
        )],
        "second",
    );
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("valid JSON")
}

#[test]
fn an_unchanged_service_is_skipped_without_being_parsed() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (code, stdout, _) = ozg(dir.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0);
    let report = json(&stdout);
    assert_eq!(report["stats"]["services"], 2);
    assert_eq!(report["stats"]["unchanged_skipped"], 1);
    assert_eq!(report["stats"]["service_files_parsed"], 2);
    assert_eq!(report["services"][0]["id"], "permit");
}

#[test]
fn verbose_says_how_many_unchanged_services_were_skipped() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (_, _, stderr) = ozg(dir.path(), &["-v", "diff", "HEAD~1", "HEAD"]);
    assert!(
        stderr.contains("skipped 1 unchanged service (not parsed); parsed 2 service files"),
        "{stderr}"
    );
}

#[test]
fn two_dots_name_the_same_two_revisions() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (_, apart, _) = ozg(dir.path(), &["diff", "HEAD~1", "HEAD"]);
    let (_, dotted, _) = ozg(dir.path(), &["diff", "HEAD~1..HEAD"]);
    assert_eq!(
        apart.replace("HEAD~1 and HEAD", "X"),
        dotted.replace("HEAD~1 and HEAD", "X")
    );
    assert!(
        apart.contains("fee annual_fee amount: 30,00 € → 45,00 €"),
        "{apart}"
    );
}

#[test]
fn without_revisions_head_is_compared_with_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (_, clean, _) = ozg(dir.path(), &["diff"]);
    assert_eq!(clean, "No changes between HEAD and working tree.\n");
    write(
        dir.path(),
        &[(
            "services/other/service.toml",
            &other_service().replace("max = 8.0", "max = 6.0"),
        )],
    );
    let (_, stdout, _) = ozg(dir.path(), &["diff"]);
    assert!(stdout.contains("between HEAD and working tree"), "{stdout}");
    assert!(
        stdout.contains("~ field length max: 8,0 → 6,0  BREAKING"),
        "{stdout}"
    );
}

#[test]
fn one_revision_is_compared_with_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (_, stdout, _) = ozg(dir.path(), &["diff", "HEAD~1", "--format", "json"]);
    let report = json(&stdout);
    assert_eq!(report["to"], "working tree");
    assert_eq!(
        report["services"][0]["changes"][0]["new"]["display"],
        "45,00 €"
    );
}

#[test]
fn exit_code_is_1_with_changes_and_0_without() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    assert_eq!(
        ozg(dir.path(), &["diff", "HEAD~1", "HEAD", "--exit-code"]).0,
        1
    );
    assert_eq!(
        ozg(dir.path(), &["diff", "HEAD", "HEAD", "--exit-code"]).0,
        0
    );
    assert_eq!(ozg(dir.path(), &["diff", "HEAD~1", "HEAD"]).0, 0);
}

#[test]
fn an_unknown_revision_exits_2_with_help() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (code, stdout, stderr) = ozg(dir.path(), &["diff", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("no-such-branch") && stderr.contains("help:"),
        "{stderr}"
    );
}

#[test]
fn outside_git_it_exits_2_and_points_to_dirs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("ozg.toml", CONFIG)]);
    let (code, _, stderr) = ozg(dir.path(), &["diff"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--dirs OLD NEW"), "{stderr}");
}

#[test]
fn the_model_repository_may_lie_in_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    commit(
        root,
        &[
            ("README.md", "other content\n"),
            ("models/ozg.toml", CONFIG),
            ("models/services/permit/service.toml", BASE),
        ],
        "first",
    );
    commit(
        root,
        &[("models/services/permit/service.toml", &edit("P14D", "P10D"))],
        "second",
    );
    let models = root.join("models");
    let (code, stdout, stderr) = ozg(&models, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("deadline of step review within: P14D → P10D"),
        "{stdout}"
    );
    // The same from the top of the git repository, with -C.
    let (_, from_top, _) = ozg(root, &["diff", "-C", "models", "HEAD~1", "HEAD"]);
    assert_eq!(from_top, stdout);
}

#[test]
fn paths_limit_the_comparison_to_services_under_them() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (_, only_other, _) = ozg(
        dir.path(),
        &["diff", "HEAD~1", "HEAD", "--", "services/other"],
    );
    assert_eq!(only_other, "No changes between HEAD~1 and HEAD.\n");
    let (_, only_permit, _) = ozg(
        dir.path(),
        &["diff", "HEAD~1", "HEAD", "--", "services/permit"],
    );
    assert!(only_permit.contains("permit"), "{only_permit}");
}

#[test]
fn two_folders_are_compared_with_dirs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("old/ozg.toml", CONFIG),
            ("old/services/permit/service.toml", BASE),
            ("new/ozg.toml", CONFIG),
            (
                "new/services/permit/service.toml",
                &edit("amount = \"30.00\"", "amount = \"200.00\""),
            ),
        ],
    );
    let (code, stdout, _) = ozg(dir.path(), &["diff", "--dirs", "old", "new", "--exit-code"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("fee annual_fee amount: 30,00 € → 200,00 €"),
        "{stdout}"
    );
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    let (code, stdout, stderr) = ozg(dir.path(), &["-q", "diff", "HEAD~1", "HEAD", "--exit-code"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", ""));
}

#[test]
fn a_service_file_broken_in_the_working_tree_is_named_not_reported_removed() {
    let dir = tempfile::tempdir().unwrap();
    two_commits(dir.path());
    write(
        dir.path(),
        &[(
            "services/other/service.toml",
            &other_service().replace("id = \"other\"", "id = \"other"),
        )],
    );
    let (_, stdout, _) = ozg(dir.path(), &["diff"]);
    assert!(!stdout.contains("removed"), "{stdout}");
    assert!(stdout.contains("could not be read"), "{stdout}");
    assert!(
        stdout.contains("working tree services/other/service.toml:"),
        "{stdout}"
    );
}
