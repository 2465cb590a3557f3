//! `ozg publish` on a terminal: it asks before publishing, takes no for
//! an answer, and shows a progress bar while the release travels.
//!
//! The terminal is a pseudo-terminal made by `script` (util-linux). Where
//! `script` is missing the tests are skipped with a note on stderr, or
//! fail when the environment variable `CI` is set.

mod platform_support;
mod publish_support;

use std::io::Write;
use std::process::{Command, Stdio};

use platform_support::BIN;
use publish_support::{Repo, latest, server_with_token};

/// Whether `script` can run; `false` (after a note) when a test should
/// skip.
fn script_available() -> bool {
    let found = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed for the terminal tests"
        );
        eprintln!("skipped: `script` (util-linux) is not installed");
    }
    found
}

/// Runs `ozg publish --url URL` on a pseudo-terminal, typing `keys`;
/// returns the exit code and everything the terminal showed.
fn publish_on_terminal(repo: &Repo, token: &str, url: &str, keys: &str) -> (i32, String) {
    let command = format!("{BIN} publish --url {url}");
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .env("OZG_TOKEN", token)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(keys.as_bytes())
        .expect("the keys are typed");
    let output = child.wait_with_output().expect("script ends");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn on_a_terminal_yes_publishes_with_a_progress_bar() {
    if !script_available() {
        return;
    }
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let (code, screen) = publish_on_terminal(&repo, &token, &server.base, "y");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Publish this plan to"), "{screen}");
    assert!(
        screen.contains("sending") || screen.contains("the platform checks the bundle"),
        "{screen}"
    );
    assert!(screen.contains("Published release 1"), "{screen}");
    assert_eq!(latest(&server, &token), Some(1));
}

#[test]
fn on_a_terminal_no_publishes_nothing() {
    if !script_available() {
        return;
    }
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let (code, screen) = publish_on_terminal(&repo, &token, &server.base, "n");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Nothing was changed."), "{screen}");
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn without_a_terminal_no_progress_bar_is_drawn() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.stderr.contains("sending"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}
