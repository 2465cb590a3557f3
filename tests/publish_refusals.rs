//! What `ozg publish` and `ozg rollback` refuse, and how they say it:
//! stale plans, concurrent publishes, uncommitted files, failing checks,
//! missing or insufficient tokens, no terminal to confirm on, a platform
//! that is not there yet. Each refusal leaves the platform unchanged, and
//! no token secret ever appears in what is printed.

mod platform_support;
mod publish_support;

use std::process::{Command, Stdio};
use std::time::Duration;

use platform_support::{BIN, Running, Server, free_port, token_in};
use publish_support::{Repo, audit_writes, latest, release, server_with_token};

/// Publishes the samples as release 1, then commits a changed fee.
fn published_then_changed(server: &Server, token: &str) -> Repo {
    let repo = Repo::samples();
    let run = repo.ozg(Some(token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    repo.change_fee("210.00");
    repo.commit("Raise the parking permit fee");
    repo
}

/// Saves a plan of the local files into `name` in the repository.
fn save_plan(repo: &Repo, server: &Server, token: &str, name: &str) -> String {
    let path = repo.file(name).to_str().unwrap().to_owned();
    let run = repo.ozg(
        Some(token),
        &["publish", "--url", &server.base, "--plan-out", &path],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    path
}

#[test]
fn a_saved_plan_is_refused_once_the_platform_has_moved() {
    let (server, token) = server_with_token();
    let repo = published_then_changed(&server, &token);
    let plan = save_plan(&repo, &server, &token, "stale.plan.json");
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(latest(&server, &token), Some(2));

    let run = repo.ozg(Some(&token), &["publish", "--plan", &plan]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("make a new plan"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), Some(2));
    assert_eq!(audit_writes(&server, &token).len(), 2);
}

#[test]
fn of_two_publishes_against_the_same_state_exactly_one_succeeds() {
    let (server, token) = server_with_token();
    let repo = published_then_changed(&server, &token);
    let first = save_plan(&repo, &server, &token, "first.plan.json");
    let second = save_plan(&repo, &server, &token, "second.plan.json");

    let a = repo
        .command(Some(&token), &["publish", "--plan", &first])
        .spawn()
        .unwrap();
    let b = repo
        .command(Some(&token), &["publish", "--plan", &second])
        .spawn()
        .unwrap();
    let outputs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];

    let codes: Vec<i32> = outputs.iter().map(|o| o.status.code().unwrap()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == 0).count(),
        1,
        "{codes:?} {outputs:?}"
    );
    let refused = outputs
        .iter()
        .find(|o| o.status.code() == Some(2))
        .unwrap_or_else(|| panic!("one is refused: {outputs:?}"));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("make a new plan"));
    assert_eq!(latest(&server, &token), Some(2));
    assert_eq!(audit_writes(&server, &token).len(), 2);
}

#[test]
fn a_saved_plan_is_refused_when_the_local_files_changed_since() {
    let (server, token) = server_with_token();
    let repo = published_then_changed(&server, &token);
    let plan = save_plan(&repo, &server, &token, "old.plan.json");
    repo.edit(
        "services/bewohnerparkausweis/service.toml",
        "amount = \"210.00\"",
        "amount = \"220.00\"",
    );

    let run = repo.ozg(Some(&token), &["publish", "--plan", &plan]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("services/bewohnerparkausweis/service.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(latest(&server, &token), Some(1));
}

#[test]
fn a_saved_plan_edited_to_name_another_commit_is_refused() {
    let (server, token) = server_with_token();
    let repo = published_then_changed(&server, &token);
    let plan = save_plan(&repo, &server, &token, "edited.plan.json");
    let mut saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    saved["release"]["commit"] = serde_json::Value::from("deadbeef".repeat(5));
    std::fs::write(&plan, serde_json::to_string(&saved).unwrap()).unwrap();

    let run = repo.ozg(Some(&token), &["publish", "--plan", &plan]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("commit deadbeef"), "{}", run.stderr);
    assert!(run.stderr.contains("make a new plan"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), Some(1));
}

#[test]
fn uncommitted_changes_are_refused() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    repo.change_fee("210.00");

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("differ from the last commit"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--allow-dirty"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn uncommitted_changes_are_published_with_allow_dirty_and_marked_so() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    repo.change_fee("210.00");

    let run = repo.ozg(
        Some(&token),
        &["publish", "--url", &server.base, "--yes", "--allow-dirty"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let commit = &release(&server, &token, 1)["release"]["commit"];
    assert_eq!(commit, &format!("{}-dirty", repo.head()));
}

#[test]
fn lint_errors_refuse_the_publish_with_exit_code_1() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    repo.edit(
        "services/bewohnerparkausweis/service.toml",
        "amount = \"200.00\"",
        "amount = \"200.00 +\"",
    );
    repo.commit("A broken fee");

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("OZG401"), "{}", run.stdout);
    assert!(
        run.stderr.contains("`ozg lint` finds 1 error"),
        "{}",
        run.stderr
    );
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn a_failing_scenario_refuses_the_publish_with_exit_code_1() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    repo.edit(
        "services/bewohnerparkausweis/service.toml",
        "amount = \"200.00\"",
        "amount = \"210.00\"",
    );
    repo.commit("A fee the scenario does not expect");

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("approved_and_paid"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("1 of 19 scenarios did not come out as expected"),
        "{}",
        run.stderr
    );
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn without_a_token_nothing_is_published() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let run = repo.ozg(None, &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("the environment variable OZG_TOKEN is not set"),
        "{}",
        run.stderr
    );
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn a_wrong_token_is_refused_without_showing_it() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let wrong = "ozg_wrong0123456789abcdef";

    let run = repo.ozg(Some(wrong), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("refused the token in OZG_TOKEN"),
        "{}",
        run.stderr
    );
    assert!(!run.all().contains(wrong), "{}", run.all());
    assert!(!run.all().contains("0123456789abcdef"), "{}", run.all());
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn a_token_without_the_publish_scope_is_refused_without_showing_it() {
    let (server, token) = server_with_token();
    let reader = server.token("dashboard", &["read"]);
    let repo = Repo::samples();

    let run = repo.ozg(Some(&reader), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("lacks the scope `publish`"),
        "{}",
        run.stderr
    );
    assert!(!run.all().contains(&reader), "{}", run.all());
    assert!(
        !server.log().contains(&reader),
        "the server log shows the secret"
    );
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn the_token_does_not_appear_in_verbose_output() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let run = repo.ozg(
        Some(&token),
        &["-v", "publish", "--url", &server.base, "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.all().contains(&token), "{}", run.all());
    assert!(
        !server.log().contains(&token),
        "the server log shows the secret"
    );
}

#[test]
fn without_a_terminal_and_without_yes_nothing_is_published() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.contains("Plan: 5 to add"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("there is no terminal to confirm the plan"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn a_rollback_without_a_terminal_and_without_yes_changes_nothing() {
    let (server, token) = server_with_token();
    let repo = published_then_changed(&server, &token);
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());

    let run = repo.ozg(
        Some(&token),
        &["rollback", "--url", &server.base, "--to", "1"],
    );
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("no terminal"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), Some(2));
}

#[test]
fn a_rollback_to_an_unknown_release_is_refused() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());

    let run = repo.ozg(
        Some(&token),
        &["rollback", "--url", &server.base, "--to", "7", "--yes"],
    );
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains('7'), "{}", run.stderr);
    assert_eq!(latest(&server, &token), Some(1));
}

#[test]
fn an_unreachable_platform_is_an_error_with_exit_code_2() {
    let repo = Repo::samples();
    let url = format!("http://127.0.0.1:{}", free_port());

    let run = repo.ozg(
        Some("ozg_secret_never_shown"),
        &["publish", "--url", &url, "--yes", "--retries", "0"],
    );
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("cannot reach the platform"),
        "{}",
        run.stderr
    );
    assert!(!run.all().contains("ozg_secret_never_shown"));
}

#[test]
fn a_publish_tries_again_until_the_platform_answers() {
    let repo = Repo::samples();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token_in(&data, "ci", &["read", "publish"]);
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");

    let publish = repo
        .command(
            Some(&token),
            &["publish", "--url", &url, "--yes", "--retries", "6"],
        )
        .spawn()
        .unwrap();
    // The platform comes up only after the first attempts have failed.
    std::thread::sleep(Duration::from_millis(1500));
    let _server = Running(
        Command::new(BIN)
            .args(["serve", "--data"])
            .arg(&data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let output = publish.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("trying again"), "{stderr}");
    assert!(!stderr.contains(&token));
}

#[test]
fn a_refusal_by_the_checks_is_written_as_json_when_asked() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    repo.edit(
        "services/bewohnerparkausweis/service.toml",
        "amount = \"200.00\"",
        "amount = \"200.00 +\"",
    );
    repo.commit("A broken fee");

    let run = repo.ozg(
        Some(&token),
        &[
            "publish",
            "--url",
            &server.base,
            "--yes",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["status"], "refused");
    assert!(value["lint"].to_string().contains("OZG401"), "{value}");
    assert_eq!(latest(&server, &token), None);
}

#[test]
fn models_in_a_subfolder_of_the_git_repository_are_compared_with_head() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let outer = tempfile::tempdir().unwrap();
    publish_support::copy_tree(repo.path(), &outer.path().join("models"));
    std::fs::remove_dir_all(outer.path().join("models/.git")).unwrap();
    let outer = Repo { dir: outer };
    outer.git(&["init", "-q"]);
    let commit = outer.commit("Models in a subfolder");

    outer.edit(
        "models/services/hundesteuer/service.toml",
        "[service]",
        "# Entwurf\n[service]",
    );
    let run = outer.ozg(
        Some(&token),
        &["publish", "-C", "models", "--url", &server.base, "--yes"],
    );
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("services/hundesteuer/service.toml"),
        "{}",
        run.stderr
    );

    outer.git(&["checkout", "--", "."]);
    let run = outer.ozg(
        Some(&token),
        &["publish", "-C", "models", "--url", &server.base, "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        release(&server, &token, 1)["release"]["commit"],
        commit.as_str()
    );
}
