//! The publishing workflow on the sample repository, end to end: the real
//! `ozg` against the real `ozg serve`, with the platform's state and audit
//! log read over HTTP after each step.

mod platform_support;
mod publish_support;

use publish_support::{
    Repo, TOKEN_NAME, active_hash, audit_writes, latest, release, server_with_token, state,
};

#[test]
fn the_whole_workflow_publishes_plans_applies_and_rolls_back() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let url = server.base.clone();
    let first_commit = repo.head();

    // First publish: every sample service is added.
    let run = repo.ozg(Some(&token), &["publish", "--url", &url, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("Plan: 5 to add, 0 to change, 0 to remove, 0 unchanged."),
        "{}",
        run.stdout
    );
    assert_eq!(latest(&server, &token), Some(1));
    assert_eq!(
        state(&server, &token)["services"].as_array().unwrap().len(),
        5
    );
    let writes = audit_writes(&server, &token);
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0]["action"], "release");
    assert_eq!(writes[0]["token"], TOKEN_NAME);
    assert_eq!(writes[0]["detail"]["commit"], first_commit.as_str());
    let fee_200 = active_hash(&server, &token, "bewohnerparkausweis");

    // The same files again: nothing to do, nothing stored.
    let run = repo.ozg(Some(&token), &["publish", "--url", &url, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("Nothing to publish"), "{}", run.stdout);
    assert_eq!(latest(&server, &token), Some(1));
    assert_eq!(audit_writes(&server, &token).len(), 1);

    // A changed fee, planned into a file: the plan names the change in
    // words and stores nothing.
    repo.change_fee("210.00");
    let fee_commit = repo.commit("Raise the parking permit fee");
    let plan = repo.file("release.plan.json");
    let plan_arg = plan.to_str().unwrap();
    let run = repo.ozg(
        Some(&token),
        &["publish", "--url", &url, "--plan-out", plan_arg],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("~ fee annual_fee amount: 200,00 € → 210,00 €"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Plan: 0 to add, 1 to change, 0 to remove, 4 unchanged.")
    );
    assert!(plan.is_file());
    assert_eq!(latest(&server, &token), Some(1));
    assert_eq!(audit_writes(&server, &token).len(), 1);

    // Applying the saved plan makes exactly that release.
    let run = repo.ozg(Some(&token), &["publish", "--plan", plan_arg]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("Published release 2"), "{}", run.stdout);
    assert_eq!(latest(&server, &token), Some(2));
    let fee_210 = active_hash(&server, &token, "bewohnerparkausweis");
    assert_ne!(fee_210, fee_200);
    assert_eq!(
        release(&server, &token, 2)["release"]["commit"],
        fee_commit.as_str()
    );
    let writes = audit_writes(&server, &token);
    assert_eq!(writes.len(), 2);
    assert_eq!(writes[0]["subject"], "2");
    assert_eq!(writes[0]["detail"]["changed"], 1);

    // The history lists both releases, newest first.
    let run = repo.ozg(Some(&token), &["releases", "--url", &url]);
    assert_eq!(run.code, 0, "{}", run.all());
    let second = run.stdout.find("release 2").expect("release 2 is listed");
    let first = run.stdout.find("release 1").expect("release 1 is listed");
    assert!(second < first, "{}", run.stdout);
    assert!(run.stdout.contains("Raise the parking permit fee"));

    // Rolling back to the first release brings back the 200 € version.
    let run = repo.ozg(
        Some(&token),
        &["rollback", "--url", &url, "--to", "1", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("~ fee annual_fee amount: 210,00 € → 200,00 €"),
        "{}",
        run.stdout
    );
    assert_eq!(latest(&server, &token), Some(3));
    assert_eq!(active_hash(&server, &token, "bewohnerparkausweis"), fee_200);
    let writes = audit_writes(&server, &token);
    assert_eq!(writes.len(), 3);
    assert_eq!(writes[0]["action"], "rollback");
    assert_eq!(writes[0]["detail"]["rollback_of"], 1);
}

#[test]
fn status_reports_drift_between_the_platform_and_head() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let url = server.base.clone();
    let run = repo.ozg(Some(&token), &["publish", "--url", &url, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());

    let run = repo.ozg(Some(&token), &["status", "--url", &url, "--exit-code"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("All 5 services in sync"),
        "{}",
        run.stdout
    );

    repo.change_fee("210.00");
    repo.commit("Raise the parking permit fee");
    let run = repo.ozg(Some(&token), &["status", "--url", &url, "--exit-code"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains("not published     bewohnerparkausweis"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("4 in sync, 1 service differs"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_without_exit_code_succeeds_when_they_differ() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["status", "--url", &server.base]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("5 services differ"), "{}", run.stdout);
}

#[test]
fn a_dry_run_shows_the_plan_and_stores_nothing() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(
        Some(&token),
        &["publish", "--url", &server.base, "--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("Plan: 5 to add"), "{}", run.stdout);
    assert_eq!(latest(&server, &token), None);
    assert!(audit_writes(&server, &token).is_empty());
}

#[test]
fn a_target_is_read_from_ozg_toml_with_its_own_token_variable() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let config = std::fs::read_to_string(repo.file("ozg.toml")).unwrap();
    std::fs::write(
        repo.file("ozg.toml"),
        format!(
            "{config}\n[targets.staging]\nurl = \"{}\"\ntoken_env = \"OZG_STAGING_TOKEN\"\n",
            server.base
        ),
    )
    .unwrap();
    repo.commit("Name the staging platform");
    let output = repo
        .command(None, &["publish", "--target", "staging", "--yes"])
        .env("OZG_STAGING_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(latest(&server, &token), Some(1));
}

#[test]
fn the_release_records_the_commit_author_and_message() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let summary = &release(&server, &token, 1)["release"];
    assert_eq!(summary["commit"], repo.head().as_str());
    assert_eq!(summary["author"], "Test Author");
    assert_eq!(summary["message"], "Initial models");
}

#[test]
fn json_output_names_the_release() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
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
    assert_eq!(run.code, 0, "{}", run.all());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["status"], "published");
    assert_eq!(value["release"]["id"], 1);
    assert_eq!(value["plan"]["added"], 5);
}

#[test]
fn the_plan_of_a_changed_fee_reads_as_recorded() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    repo.change_fee("210.00");
    let commit = repo.commit("Raise the parking permit fee");

    let run = repo.ozg(
        Some(&token),
        &["publish", "--url", &server.base, "--dry-run"],
    );
    let whole = format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
    .replace(&server.base, "http://platform")
    .replace(&commit, "<commit>");
    insta::assert_snapshot!(whole);
}

#[test]
fn only_files_the_platform_lacks_are_sent_with_content() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    repo.change_fee("210.00");
    repo.commit("Raise the parking permit fee");

    let plan = repo.file("release.plan.json");
    let run = repo.ozg(
        Some(&token),
        &[
            "publish",
            "--url",
            &server.base,
            "--plan-out",
            plan.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let uploads: Vec<&str> = saved["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["upload"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        uploads,
        [
            "services/bewohnerparkausweis/scenarios/approved_and_paid.toml",
            "services/bewohnerparkausweis/service.toml"
        ]
    );
    assert!(saved["files"].as_array().unwrap().len() > 20);
}

#[test]
fn a_service_whose_folder_is_gone_is_removed_only_when_named() {
    let (server, token) = server_with_token();
    let repo = Repo::samples();
    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    std::fs::remove_dir_all(repo.file("services/hundesteuer")).unwrap();
    repo.commit("Hand the dog tax over to the county");

    let run = repo.ozg(Some(&token), &["publish", "--url", &server.base, "--yes"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("hundesteuer"), "{}", run.stderr);
    assert_eq!(latest(&server, &token), Some(1));

    let run = repo.ozg(
        Some(&token),
        &[
            "publish",
            "--url",
            &server.base,
            "--yes",
            "--remove",
            "hundesteuer",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("- hundesteuer"), "{}", run.stdout);
    assert!(
        run.stdout.contains("0 to add, 0 to change, 1 to remove"),
        "{}",
        run.stdout
    );
    let still_active: Vec<String> = state(&server, &token)["services"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["active"].is_null())
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !still_active.contains(&"hundesteuer".to_owned()),
        "{still_active:?}"
    );
}
