//! Access control on `ozg serve`: bearer tokens, scopes, revocation, the
//! audit log, and that no secret ever shows up in a log line, an answer
//! or the database.

mod platform_support;

use std::process::Command;

use platform_support::{BIN, Server, bundle, permit, published, release_count, repo};
use serde_json::json;

/// Every endpoint that needs a token, with a body where it takes one.
fn endpoints() -> Vec<(&'static str, String, Option<Vec<u8>>)> {
    let case = "0".repeat(32);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    vec![
        ("GET", "/api/v1/state".to_owned(), None),
        ("GET", "/api/v1/releases".to_owned(), None),
        (
            "POST",
            "/api/v1/releases".to_owned(),
            Some(serde_json::to_vec(&bundle(&files)).unwrap()),
        ),
        ("GET", "/api/v1/releases/1".to_owned(), None),
        (
            "POST",
            "/api/v1/rollbacks".to_owned(),
            Some(br#"{"release":1}"#.to_vec()),
        ),
        (
            "POST",
            "/api/v1/services/permit/applications".to_owned(),
            Some(br#"{"input":{"holder":"A","vehicle_length":4}}"#.to_vec()),
        ),
        ("GET", format!("/api/v1/cases/{case}"), None),
        (
            "POST",
            format!("/api/v1/cases/{case}/decisions"),
            Some(br#"{"decision":"approve"}"#.to_vec()),
        ),
        (
            "POST",
            format!("/api/v1/cases/{case}/events"),
            Some(br#"{"event":"x"}"#.to_vec()),
        ),
        (
            "DELETE",
            format!("/api/v1/cases/{case}/personal-data"),
            None,
        ),
        ("GET", "/api/v1/audit".to_owned(), None),
        ("GET", "/api/v1/clock".to_owned(), None),
        (
            "PUT",
            "/api/v1/clock".to_owned(),
            Some(br#"{"now":"2027-01-01T00:00:00Z"}"#.to_vec()),
        ),
    ]
}

#[test]
fn every_endpoint_but_health_refuses_a_request_without_token_with_401() {
    let server = Server::start();
    for (method, path, body) in endpoints() {
        let reply = server.request(method, &path, None, &[("if-match", "*")], body);
        assert_eq!(reply.status, 401, "{method} {path}: {}", reply.text);
        assert_eq!(
            reply.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"ozg\""),
            "{method} {path}"
        );
        assert_eq!(reply.code(), "unauthorized");
    }
    assert_eq!(
        server
            .request("GET", "/api/v1/health", None, &[], None)
            .status,
        200
    );
}

#[test]
fn every_endpoint_refuses_an_unknown_token_with_401() {
    let server = Server::start();
    let wrong = format!("ozg_{}", "ab".repeat(32));
    for (method, path, body) in endpoints() {
        let reply = server.request(method, &path, Some(&wrong), &[("if-match", "*")], body);
        assert_eq!(reply.status, 401, "{method} {path}: {}", reply.text);
        assert_eq!(
            reply.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"ozg\", error=\"invalid_token\"")
        );
    }
}

#[test]
fn a_malformed_authorization_header_is_refused_with_401() {
    let server = Server::start();
    let token = server.token("reader", &["read"]);
    for value in [
        token.clone(),
        format!("Basic {token}"),
        "Bearer".to_owned(),
        "Bearer  ".to_owned(),
    ] {
        let reply = server.request(
            "GET",
            "/api/v1/state",
            None,
            &[("authorization", &value)],
            None,
        );
        assert_eq!(reply.status, 401, "{value}");
    }
    let reply = server.request(
        "GET",
        "/api/v1/state",
        None,
        &[("authorization", &format!("bearer {token}"))],
        None,
    );
    assert_eq!(reply.status, 200, "the scheme is case-insensitive");
}

#[test]
fn a_revoked_token_stops_working_at_once_on_a_running_server() {
    let server = Server::start();
    let token = server.token("ci", &["read"]);
    assert_eq!(server.get("/api/v1/state", &token).status, 200);
    let status = Command::new(BIN)
        .args(["serve", "token", "revoke", "ci", "--data"])
        .arg(server.data())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(server.get("/api/v1/state", &token).status, 401);
}

#[test]
fn a_read_token_cannot_publish_and_nothing_changes() {
    let server = Server::start();
    let reader = server.token("reader", &["read"]);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let reply = server.publish_with(&reader, &bundle(&files), &[("if-match", "*")]);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.code(), "insufficient_scope");
    assert_eq!(
        reply.header("www-authenticate").as_deref(),
        Some("Bearer realm=\"ozg\", error=\"insufficient_scope\", scope=\"publish\"")
    );
    assert_eq!(release_count(&server, &reader), 0);
}

#[test]
fn a_read_token_cannot_roll_back() {
    let server = Server::start();
    let publisher = server.token("pipeline", &["publish"]);
    let reader = server.token("reader", &["read"]);
    published(
        &server,
        &publisher,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    published(
        &server,
        &publisher,
        &repo(&[("permit", permit("permit", "2024-01-01", "40.00", "40.00"))]),
    );
    let reply = server.request(
        "POST",
        "/api/v1/rollbacks",
        Some(&reader),
        &[("if-match", "*")],
        Some(br#"{"release":1}"#.to_vec()),
    );
    assert_eq!(reply.status, 403);
    assert_eq!(release_count(&server, &reader), 2);
}

#[test]
fn a_publish_token_may_read_the_state_but_not_submit_applications() {
    let server = Server::start();
    let publisher = server.token("pipeline", &["publish"]);
    published(
        &server,
        &publisher,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    assert_eq!(server.get("/api/v1/state", &publisher).status, 200);
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &publisher,
        &json!({ "input": { "holder": "A", "vehicle_length": 4 } }),
    );
    assert_eq!(reply.status, 403);
}

#[test]
fn an_apply_token_cannot_read_the_state_history_or_audit_log() {
    let server = Server::start();
    let frontend = server.token("frontend", &["apply"]);
    for path in ["/api/v1/state", "/api/v1/releases", "/api/v1/audit"] {
        assert_eq!(server.get(path, &frontend).status, 403, "{path}");
    }
}

#[test]
fn a_read_token_cannot_read_cases_which_hold_personal_data() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    let reader = server.token("reader", &["read"]);
    published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let case = server.post(
        "/api/v1/services/permit/applications",
        &admin,
        &json!({ "input": { "holder": "A", "vehicle_length": 4 } }),
    );
    let id = case.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        server.get(&format!("/api/v1/cases/{id}"), &reader).status,
        403
    );
}

#[test]
fn only_an_admin_token_may_set_the_test_clock() {
    let server = Server::start();
    let publisher = server.token("pipeline", &["publish", "apply", "read"]);
    let reply = server.request(
        "PUT",
        "/api/v1/clock",
        Some(&publisher),
        &[],
        Some(br#"{"now":"2027-01-01T00:00:00Z"}"#.to_vec()),
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        server.get("/api/v1/clock", &publisher).json()["today"],
        "2026-03-02"
    );
}

#[test]
fn the_audit_log_records_token_changes_releases_rollbacks_and_clock_changes() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    let _ = server.token("ci", &["publish"]);
    let revoke = Command::new(BIN)
        .args(["serve", "token", "revoke", "ci", "--data"])
        .arg(server.data())
        .status()
        .unwrap();
    assert!(revoke.success());
    published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let rollback = server.request(
        "POST",
        "/api/v1/rollbacks",
        Some(&admin),
        &[("if-match", "*")],
        Some(br#"{"release":1}"#.to_vec()),
    );
    assert_eq!(rollback.status, 201);
    server.set_clock(&admin, "2026-03-05T10:00:00Z");

    let reader = server.token("auditor", &["read"]);
    let audit = server.get("/api/v1/audit", &reader).json();
    let entries: Vec<(String, String, String)> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["token"].as_str().unwrap().to_owned(),
                e["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("token_added", "command line", "auditor"),
        ("clock_set", "admin", "2026-03-05T10:00:00Z"),
        ("rollback", "admin", "2"),
        ("release", "admin", "1"),
        ("token_revoked", "command line", "ci"),
        ("token_added", "command line", "ci"),
        ("token_added", "command line", "admin"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, t, s)| ((*a).to_owned(), (*t).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(entries, expected);
}

#[test]
fn no_secret_appears_in_logs_answers_token_lists_or_the_database() {
    let mut server = Server::start_with(&["--test-clock", "--now", platform_support::START, "-v"]);
    let admin = server.token("admin", &["admin"]);
    let revoked = server.token("old", &["read"]);
    Command::new(BIN)
        .args(["serve", "token", "revoke", "old", "--data"])
        .arg(server.data())
        .status()
        .unwrap();
    let guessed = format!("ozg_{}", "cd".repeat(32));

    let mut answers = String::new();
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    answers += &server.publish(&admin, &bundle(&files)).text;
    answers += &server.get("/api/v1/state", &revoked).text;
    answers += &server.get("/api/v1/state", &guessed).text;
    answers += &server
        .request(
            "GET",
            "/api/v1/state?token=x",
            None,
            &[("authorization", &format!("Basic {admin}"))],
            None,
        )
        .text;
    answers += &server.get("/api/v1/audit", &admin).text;
    answers += &server.get("/api/v1/nowhere", &admin).text;

    let list = Command::new(BIN)
        .args(["serve", "token", "list", "--data"])
        .arg(server.data())
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        list.contains("admin\tadmin\t") && list.contains("old\tread\t") && list.contains("revoked"),
        "{list}"
    );

    assert_eq!(server.terminate().code(), Some(0));
    let log = server.log();
    assert!(log.contains("POST /api/v1/releases 201"), "{log}");
    assert!(log.contains("GET /api/v1/state 401"), "{log}");

    let mut database = Vec::new();
    for entry in std::fs::read_dir(server.data()).unwrap() {
        database.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let database = String::from_utf8_lossy(&database).into_owned();
    for secret in [&admin, &revoked, &guessed] {
        let hex = secret.trim_start_matches("ozg_");
        for (what, text) in [
            ("log", &log),
            ("answers", &answers),
            ("token list", &list),
            ("database", &database),
        ] {
            assert!(!text.contains(hex), "a secret appears in the {what}");
        }
    }
}

#[test]
fn token_names_are_unique_among_active_tokens() {
    let server = Server::start();
    server.token("ci", &["read"]);
    let output = Command::new(BIN)
        .args([
            "serve", "token", "add", "ci", "--scope", "publish", "--data",
        ])
        .arg(server.data())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists already"));
    assert!(output.stdout.is_empty());
}

#[test]
fn revoking_an_unknown_token_fails_with_exit_2() {
    let server = Server::start();
    let output = Command::new(BIN)
        .args(["serve", "token", "revoke", "nobody", "--data"])
        .arg(server.data())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no active token named `nobody`"));
}

#[test]
fn a_token_secret_is_256_random_bits_printed_once() {
    let server = Server::start();
    let a = server.token("a", &["read"]);
    let b = server.token("b", &["read"]);
    assert_ne!(a, b);
    let hex = a.strip_prefix("ozg_").expect("secrets start with ozg_");
    assert_eq!(hex.len(), 64);
    assert!(hex.bytes().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn requests_without_a_valid_token_change_nothing() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    let revoked = server.token("old", &["admin"]);
    let revoke = Command::new(BIN)
        .args(["serve", "token", "revoke", "old", "--data"])
        .arg(server.data())
        .status()
        .unwrap();
    assert!(revoke.success());
    let wrong = format!("ozg_{}", "ef".repeat(32));
    for token in [None, Some(wrong.as_str()), Some(revoked.as_str())] {
        for (method, path, body) in endpoints() {
            let reply = server.request(method, &path, token, &[("if-match", "*")], body);
            assert_eq!(reply.status, 401, "{method} {path}");
        }
    }
    assert_eq!(release_count(&server, &admin), 0);
    assert_eq!(
        server.get("/api/v1/clock", &admin).json()["today"],
        "2026-03-02"
    );
    let audit = server.get("/api/v1/audit", &admin).json();
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["token_revoked", "token_added", "token_added"]);
}

#[test]
fn listing_or_revoking_tokens_in_a_folder_without_platform_data_is_refused_and_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("mistyped");
    for args in [
        &["serve", "token", "list", "--data"][..],
        &["serve", "token", "revoke", "ci", "--data"][..],
    ] {
        let run = Command::new(BIN).args(args).arg(&missing).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("no platform data"), "{stderr}");
        assert!(!missing.exists(), "{args:?} made {}", missing.display());
    }
}
