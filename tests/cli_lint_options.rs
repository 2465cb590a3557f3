//! The options of `ozg lint` that change where and how much is printed:
//! `--output`, `-q` and `-v`.

mod cli_lint_support;

use cli_lint_support::{MIXED_SERVICE, Repo};
use insta::assert_snapshot;

#[test]
fn output_writes_the_report_to_the_file_and_the_summary_to_stderr() {
    let repo = Repo::with_service(MIXED_SERVICE);
    let run = repo.run(&["lint", "--format", "json", "--output", "report.json"]);
    assert_snapshot!(run.transcript());
    let written = std::fs::read_to_string(repo.join("report.json")).expect("the report exists");
    let printed = repo.run(&["lint", "--format", "json"]).stdout;
    assert_eq!(written, printed);
}

#[test]
fn human_report_written_to_a_file_has_no_colour() {
    let repo = Repo::with_service(MIXED_SERVICE);
    repo.run(&["lint", "-o", "report.txt"]);
    let written = std::fs::read_to_string(repo.join("report.txt")).expect("the report exists");
    assert!(!written.contains('\u{1b}'), "{written}");
    assert!(
        written.ends_with("2 errors, 1 warning in 2 files\n"),
        "{written}"
    );
}

#[test]
fn quiet_prints_only_errors_and_no_summary() {
    let run = Repo::with_service(MIXED_SERVICE).run(&["lint", "-q"]);
    assert_snapshot!(run.transcript());
}

#[test]
fn quiet_does_not_silence_the_reason_a_run_cannot_start() {
    let run = Repo::with_service(MIXED_SERVICE).run(&["-q", "lint", "missing"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: missing: no such file or folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn verbose_lists_the_files_read_and_timings_on_stderr() {
    let repo = Repo::with_service(MIXED_SERVICE);
    let run = repo.run(&["lint", "-v", "--format", "github"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines[0], "repository .");
    assert!(lines[1].starts_with("  read ozg.toml ("), "{}", run.stderr);
    assert!(
        lines[2].starts_with("  read services/hundesteuer/service.toml ("),
        "{}",
        run.stderr
    );
    assert!(
        lines[3].starts_with("loaded and checked 2 files in "),
        "{}",
        run.stderr
    );
    assert!(lines[3].ends_with(" ms"), "{}", run.stderr);
    assert!(
        lines[4].starts_with("wrote the github report in "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, repo.run(&["lint", "--format", "github"]).stdout);
}

#[test]
fn quiet_and_verbose_cannot_be_combined() {
    let run = Repo::with_service(MIXED_SERVICE).run(&["lint", "-q", "-v"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}
