//! Exit codes of `ozg lint`: 0 when nothing fails the run, 1 when findings
//! fail it, 2 when the check cannot be carried out.

mod cli_lint_support;

use cli_lint_support::{CLEAN_SERVICE, MIXED_SERVICE, Repo, warning_only_service};
use insta::assert_snapshot;

#[test]
fn clean_repository_exits_0_and_says_so() {
    let run = Repo::with_service(CLEAN_SERVICE).run(&["lint"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn warnings_alone_exit_0() {
    let run = Repo::with_service(&warning_only_service()).run(&["lint"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.ends_with("1 warning in 2 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn denied_warnings_exit_1() {
    let run = Repo::with_service(&warning_only_service()).run(&["lint", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn errors_exit_1() {
    let run = Repo::with_service(MIXED_SERVICE).run(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn missing_path_exits_2_with_a_message() {
    let run = Repo::with_service(CLEAN_SERVICE).run(&["lint", "servces"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn broken_config_exits_2_with_a_message() {
    let repo = Repo::with_service(CLEAN_SERVICE);
    repo.write("ozg.toml", "[project\nname = \"Steueramt\"\nformat = 1\n");
    assert_snapshot!(repo.run(&["lint"]).transcript());
}

#[test]
fn config_that_is_not_utf8_exits_2_like_a_broken_one() {
    let repo = Repo::with_service(CLEAN_SERVICE);
    // "Steueramt Müllheim" saved as Latin-1.
    let latin1 = b"[project]\nname = \"Steueramt M\xfcllheim\"\nformat = 1\n";
    std::fs::write(repo.path().join("ozg.toml"), latin1).unwrap();
    let run = repo.run(&["lint"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("line 2, column 20: this is not UTF-8 text"),
        "{}",
        run.transcript()
    );
}

#[test]
fn folder_without_models_exits_2_with_a_message() {
    let repo = Repo::empty();
    repo.write("notes.txt", "nothing to see\n");
    assert_snapshot!(repo.run(&["lint"]).transcript());
}

#[test]
fn unknown_format_is_a_usage_error_with_exit_2() {
    let run = Repo::with_service(CLEAN_SERVICE).run(&["lint", "--format", "xml"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn report_that_cannot_be_written_exits_2() {
    let repo = Repo::with_service(CLEAN_SERVICE);
    let run = repo.run(&["lint", "--output", "no-such-folder/report.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .starts_with("error: cannot write the report to no-such-folder/report.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_amount_of_infinity_is_a_finding_not_a_name() {
    let service = CLEAN_SERVICE.replace("amount = \"84.00\"", "amount = inf");
    assert_ne!(service, CLEAN_SERVICE);
    let run = Repo::with_service(&service).run(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("the number in `amount` cannot be read"),
        "{}",
        run.transcript()
    );
}
