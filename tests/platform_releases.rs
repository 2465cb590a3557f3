//! Publishing to `ozg serve`: the state and its `ETag`, releases with their
//! plan, optimistic concurrency, idempotency, uploading only what changed,
//! explicit removal, the history and rollbacks.

mod platform_support;

use platform_support::{
    Server, bundle, bundle_without_content, permit, published, release_count, repo,
};
use serde_json::{Value, json};

fn publisher(server: &Server) -> String {
    server.token("pipeline", &["publish"])
}

#[test]
fn an_empty_platform_has_no_release_and_no_services() {
    let server = Server::start();
    let token = publisher(&server);
    let reply = server.get("/api/v1/state", &token);
    assert_eq!(reply.status, 200);
    let state = reply.json();
    assert_eq!(state["release"], Value::Null);
    assert_eq!(state["services"], json!([]));
    assert_eq!(state["today"], "2026-03-02");
    assert_eq!(reply.header("etag").as_deref(), Some("\"0.2026-03-02\""));
    assert_eq!(state["etag"], "\"0.2026-03-02\"");
}

#[test]
fn a_release_is_stored_and_becomes_the_state() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let reply = server.publish(&token, &bundle(&files));
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(
        reply.header("location").as_deref(),
        Some("/api/v1/releases/1")
    );
    assert_eq!(reply.header("etag").as_deref(), Some("\"1.2026-03-02\""));
    let outcome = reply.json();
    assert_eq!(outcome["release"]["id"], 1);
    assert_eq!(outcome["release"]["token"], "pipeline");
    assert_eq!(outcome["release"]["author"], "Erika Mustermann");
    assert_eq!(outcome["plan"]["added"], 1);
    assert_eq!(outcome["plan"]["services"][0]["change"], "added");
    assert_eq!(outcome["based_on"], "\"0.2026-03-02\"");

    let state = server.get("/api/v1/state", &token).json();
    assert_eq!(state["release"], 1);
    let service = &state["services"][0];
    assert_eq!(service["id"], "permit");
    assert_eq!(service["active"]["valid_from"], "2024-01-01");
    assert_eq!(service["active"]["release"], 1);
    assert_eq!(
        service["active"]["hash"],
        outcome["plan"]["services"][0]["hash"]
    );
    assert_eq!(service["upcoming"], json!([]));
}

#[test]
fn the_state_answers_304_when_the_etag_still_matches() {
    let server = Server::start();
    let token = publisher(&server);
    let etag = server.etag(&token);
    let reply = server.request(
        "GET",
        "/api/v1/state",
        Some(&token),
        &[("if-none-match", &etag)],
        None,
    );
    assert_eq!(reply.status, 304);
    assert_eq!(reply.text, "");
    assert_eq!(reply.header("etag"), Some(etag));
}

#[test]
fn the_state_etag_changes_with_every_release() {
    let server = Server::start();
    let token = publisher(&server);
    let before = server.etag(&token);
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let reply = server.request(
        "GET",
        "/api/v1/state",
        Some(&token),
        &[("if-none-match", &before)],
        None,
    );
    assert_eq!(reply.status, 200);
    assert_ne!(reply.header("etag"), Some(before));
}

#[test]
fn a_release_without_if_match_is_refused_with_428() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let reply = server.publish_with(&token, &bundle(&files), &[]);
    assert_eq!(reply.status, 428);
    assert_eq!(reply.code(), "precondition_required");
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn a_release_against_an_outdated_state_is_refused_with_412() {
    let server = Server::start();
    let token = publisher(&server);
    let old = server.etag(&token);
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let files = repo(&[("permit", permit("permit", "2024-01-01", "40.00", "40.00"))]);
    let reply = server.publish_with(&token, &bundle(&files), &[("if-match", &old)]);
    assert_eq!(reply.status, 412, "{}", reply.text);
    assert_eq!(reply.code(), "precondition_failed");
    assert_eq!(reply.header("etag").as_deref(), Some("\"1.2026-03-02\""));
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn if_match_star_publishes_over_any_state() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let reply = server.publish_with(&token, &bundle(&files), &[("if-match", "*")]);
    assert_eq!(reply.status, 201, "{}", reply.text);
}

#[test]
fn two_publishes_against_the_same_state_let_exactly_one_through() {
    let server = Server::start();
    let token = publisher(&server);
    let etag = server.etag(&token);
    let results: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let server = &server;
                let token = &token;
                let etag = &etag;
                scope.spawn(move || {
                    let fee = format!("{}.00", 30 + i);
                    let files = repo(&[("permit", permit("permit", "2024-01-01", &fee, &fee))]);
                    server
                        .publish_with(token, &bundle(&files), &[("if-match", etag)])
                        .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|s| **s == 201).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        results.iter().filter(|s| **s == 412).count(),
        3,
        "{results:?}"
    );
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn a_repeated_request_with_the_same_idempotency_key_creates_one_release() {
    let server = Server::start();
    let token = publisher(&server);
    let etag = server.etag(&token);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let headers = [
        ("if-match", etag.as_str()),
        ("idempotency-key", "release-42"),
    ];
    let first = server.publish_with(&token, &bundle(&files), &headers);
    assert_eq!(first.status, 201, "{}", first.text);
    let second = server.publish_with(&token, &bundle(&files), &headers);
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(second.json(), first.json());
    assert_eq!(second.header("idempotent-replay").as_deref(), Some("true"));
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn an_idempotency_key_reused_for_another_body_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let etag = server.etag(&token);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let headers = [("if-match", etag.as_str()), ("idempotency-key", "k1")];
    assert_eq!(
        server
            .publish_with(&token, &bundle(&files), &headers)
            .status,
        201
    );
    let other = repo(&[("permit", permit("permit", "2024-01-01", "31.00", "31.00"))]);
    let reply = server.publish_with(
        &token,
        &bundle(&other),
        &[("if-match", "*"), ("idempotency-key", "k1")],
    );
    assert_eq!(reply.status, 422);
    assert_eq!(reply.code(), "idempotency_key_reused");
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn a_dry_run_returns_the_plan_and_stores_nothing() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[
            ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
            ("bbb", permit("bbb", "2024-01-01", "30.00", "30.00")),
            ("ccc", permit("ccc", "2024-01-01", "30.00", "30.00")),
        ]),
    );
    let mut request = bundle(&repo(&[
        ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
        ("bbb", permit("bbb", "2026-04-01", "200.00", "200.00")),
        ("ddd", permit("ddd", "2026-05-01", "30.00", "30.00")),
    ]));
    request.remove_services = vec!["ccc".to_owned()];
    let body = serde_json::to_vec(&request).unwrap();
    let reply = server.request(
        "POST",
        "/api/v1/releases?dry_run=true",
        Some(&token),
        &[],
        Some(body),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    let outcome = reply.json();
    assert_eq!(outcome["dry_run"], true);
    assert_eq!(outcome["release"], Value::Null);
    assert_eq!(outcome["based_on"], "\"1.2026-03-02\"");
    let changes: Vec<(String, String, Value)> = outcome["plan"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["change"].as_str().unwrap().to_owned(),
                s["valid_from"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "aaa".to_owned(),
                "unchanged".to_owned(),
                json!("2024-01-01")
            ),
            ("bbb".to_owned(), "changed".to_owned(), json!("2026-04-01")),
            ("ccc".to_owned(), "removed".to_owned(), Value::Null),
            ("ddd".to_owned(), "added".to_owned(), json!("2026-05-01")),
        ]
    );
    assert_eq!(release_count(&server, &token), 1);
    assert_eq!(server.etag(&token), "\"1.2026-03-02\"");
}

#[test]
fn dry_run_as_a_body_field_also_stores_nothing() {
    let server = Server::start();
    let token = publisher(&server);
    let mut request = bundle(&repo(&[(
        "permit",
        permit("permit", "2024-01-01", "30.00", "30.00"),
    )]));
    request.dry_run = true;
    let reply = server.publish_with(&token, &request, &[]);
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["plan"]["added"], 1);
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn unchanged_files_may_be_sent_without_content() {
    let server = Server::start();
    let token = publisher(&server);
    let first = repo(&[
        ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
        ("bbb", permit("bbb", "2024-01-01", "30.00", "30.00")),
    ]);
    published(&server, &token, &first);
    let mut second = first.clone();
    second.insert(
        "services/bbb/service.toml".to_owned(),
        permit("bbb", "2026-04-01", "50.00", "50.00"),
    );
    let reply = server.publish(
        &token,
        &bundle_without_content(&second, &["services/bbb/service.toml"]),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let plan = &reply.json()["plan"];
    assert_eq!(
        (plan["unchanged"].as_u64(), plan["changed"].as_u64()),
        (Some(1), Some(1))
    );

    let detail = server.get("/api/v1/releases/2?content=true", &token).json();
    let aaa = detail["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "services/aaa/service.toml")
        .unwrap();
    assert_eq!(
        aaa["content"].as_str(),
        Some(first["services/aaa/service.toml"].as_str())
    );
}

#[test]
fn a_file_without_content_whose_hash_is_unknown_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let reply = server.publish(&token, &bundle_without_content(&files, &["ozg.toml"]));
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "unknown_content");
    assert_eq!(
        reply.json()["missing_content"],
        json!(["services/permit/service.toml"])
    );
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("services/permit/service.toml")
    );
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn content_that_does_not_match_its_hash_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    request.files[1].content = Some(permit("permit", "2024-01-01", "99.00", "99.00"));
    let reply = server.publish(&token, &request);
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "hash_mismatch");
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn a_bundle_with_lint_errors_is_refused_with_positioned_diagnostics() {
    let server = Server::start();
    let token = publisher(&server);
    let broken = permit("permit", "2024-01-01", "30.00", "30.00")
        .replace("start = \"review\"", "start = \"nowhere\"");
    let files = repo(&[("permit", broken)]);
    let reply = server.publish(&token, &bundle(&files));
    assert_eq!(reply.status, 422, "{}", reply.text);
    let error = reply.json();
    assert_eq!(error["code"], "lint_errors");
    let diagnostic = &error["diagnostics"][0];
    assert_eq!(diagnostic["file"], "services/permit/service.toml");
    assert_eq!(diagnostic["severity"], "error");
    assert!(diagnostic["code"].as_str().unwrap().starts_with("OZG"));
    let line = diagnostic["line"].as_u64().unwrap();
    let text = &files["services/permit/service.toml"];
    let written = text
        .lines()
        .nth(usize::try_from(line).unwrap() - 1)
        .unwrap();
    assert!(written.contains("nowhere"), "line {line} is `{written}`");
    assert!(diagnostic["column"].as_u64().unwrap() >= 1);
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn a_served_service_missing_from_the_bundle_is_not_removed() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[
            ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
            ("bbb", permit("bbb", "2024-01-01", "30.00", "30.00")),
        ]),
    );
    let reply = server.publish(
        &token,
        &bundle(&repo(&[(
            "aaa",
            permit("aaa", "2024-01-01", "30.00", "30.00"),
        )])),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "missing_services");
    assert!(reply.json()["message"].as_str().unwrap().contains("`bbb`"));
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn a_service_named_in_remove_services_is_taken_off() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[
            ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
            ("bbb", permit("bbb", "2024-01-01", "30.00", "30.00")),
        ]),
    );
    let mut request = bundle(&repo(&[(
        "aaa",
        permit("aaa", "2024-01-01", "30.00", "30.00"),
    )]));
    request.remove_services = vec!["bbb".to_owned()];
    let reply = server.publish(&token, &request);
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["plan"]["removed"], 1);
    let state = server.get("/api/v1/state", &token).json();
    let ids: Vec<&str> = state["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["aaa"]);
}

#[test]
fn removing_a_service_the_platform_does_not_serve_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let mut request = bundle(&repo(&[(
        "aaa",
        permit("aaa", "2024-01-01", "30.00", "30.00"),
    )]));
    request.remove_services = vec!["zzz".to_owned()];
    let reply = server.publish(&token, &request);
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn the_history_lists_releases_newest_first_with_who_and_why() {
    let server = Server::start();
    let token = publisher(&server);
    for fee in ["30.00", "40.00", "50.00"] {
        published(
            &server,
            &token,
            &repo(&[("permit", permit("permit", "2024-01-01", fee, fee))]),
        );
    }
    let list = server.get("/api/v1/releases", &token).json();
    let ids: Vec<u64> = list["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![3, 2, 1]);
    let newest = &list["releases"][0];
    assert_eq!(newest["author"], "Erika Mustermann");
    assert_eq!(newest["message"], "Gebühren 2026");
    assert_eq!(newest["commit"], "0123456789abcdef0123456789abcdef01234567");
    assert_eq!(newest["token"], "pipeline");
    assert_eq!(newest["kind"], "publish");
    assert_eq!(newest["created_at"], "2026-03-02T11:00:00Z");
    assert_eq!(list["next_before"], Value::Null);
}

#[test]
fn the_history_is_paged_with_limit_and_before() {
    let server = Server::start();
    let token = publisher(&server);
    for fee in ["30.00", "40.00", "50.00"] {
        published(
            &server,
            &token,
            &repo(&[("permit", permit("permit", "2024-01-01", fee, fee))]),
        );
    }
    let first = server.get("/api/v1/releases?limit=2", &token).json();
    assert_eq!(first["releases"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_before"], 2);
    let rest = server
        .get("/api/v1/releases?limit=2&before=2", &token)
        .json();
    assert_eq!(rest["releases"][0]["id"], 1);
    assert_eq!(rest["releases"].as_array().unwrap().len(), 1);
}

#[test]
fn one_release_shows_its_files_plan_and_timelines() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    published(&server, &token, &files);
    let detail = server.get("/api/v1/releases/1", &token).json();
    assert_eq!(detail["release"]["id"], 1);
    let paths: Vec<&str> = detail["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["ozg.toml", "services/permit/service.toml"]);
    assert_eq!(detail["files"][0]["content"], Value::Null);
    assert_eq!(detail["files"][0]["size"], files["ozg.toml"].len());
    assert_eq!(detail["plan"]["added"], 1);
    assert_eq!(
        detail["services"][0]["versions"][0]["valid_from"],
        "2024-01-01"
    );
}

#[test]
fn an_unknown_release_is_404_and_a_malformed_id_400() {
    let server = Server::start();
    let token = publisher(&server);
    assert_eq!(server.get("/api/v1/releases/7", &token).status, 404);
    let reply = server.get("/api/v1/releases/..%2Fetc", &token);
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(server.get("/api/v1/releases/-1", &token).status, 400);
}

#[test]
fn a_rollback_makes_an_earlier_release_current_as_a_new_release() {
    let server = Server::start();
    let token = publisher(&server);
    let first = published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    published(
        &server,
        &token,
        &repo(&[
            ("permit", permit("permit", "2026-01-01", "200.00", "200.00")),
            ("other", permit("other", "2024-01-01", "10.00", "10.00")),
        ]),
    );
    let etag = server.etag(&token);
    let reply = server.request(
        "POST",
        "/api/v1/rollbacks",
        Some(&token),
        &[("if-match", &etag)],
        Some(
            json!({ "release": 1, "message": "Satzung aufgehoben" })
                .to_string()
                .into_bytes(),
        ),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let outcome = reply.json();
    assert_eq!(outcome["release"]["id"], 3);
    assert_eq!(outcome["release"]["kind"], "rollback");
    assert_eq!(outcome["release"]["rollback_of"], 1);
    assert_eq!(outcome["plan"]["removed"], 1);
    assert_eq!(outcome["plan"]["changed"], 1);

    let state = server.get("/api/v1/state", &token).json();
    assert_eq!(state["release"], 3);
    assert_eq!(state["services"].as_array().unwrap().len(), 1);
    assert_eq!(
        state["services"][0]["active"]["hash"],
        first["plan"]["services"][0]["hash"]
    );
    assert_eq!(state["services"][0]["active"]["release"], 1);
    let files = server.get("/api/v1/releases/3", &token).json()["files"].clone();
    assert_eq!(
        files,
        server.get("/api/v1/releases/1", &token).json()["files"]
    );
}

#[test]
fn a_rollback_needs_if_match_and_a_known_release() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let body = || Some(json!({ "release": 1 }).to_string().into_bytes());
    let reply = server.request("POST", "/api/v1/rollbacks", Some(&token), &[], body());
    assert_eq!(reply.status, 428);
    let reply = server.request(
        "POST",
        "/api/v1/rollbacks",
        Some(&token),
        &[("if-match", "\"0.2026-03-02\"")],
        body(),
    );
    assert_eq!(reply.status, 412);
    let reply = server.request(
        "POST",
        "/api/v1/rollbacks",
        Some(&token),
        &[("if-match", "*")],
        Some(json!({ "release": 9 }).to_string().into_bytes()),
    );
    assert_eq!(reply.status, 404);
    assert_eq!(release_count(&server, &token), 1);
}

#[test]
fn a_repeated_rollback_with_the_same_idempotency_key_creates_one_release() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "40.00", "40.00"))]),
    );
    let etag = server.etag(&token);
    let send = || {
        server.request(
            "POST",
            "/api/v1/rollbacks",
            Some(&token),
            &[("if-match", &etag), ("idempotency-key", "undo-2")],
            Some(json!({ "release": 1 }).to_string().into_bytes()),
        )
    };
    let first = send();
    assert_eq!(first.status, 201, "{}", first.text);
    let second = send();
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(second.json(), first.json());
    assert_eq!(release_count(&server, &token), 3);
}

#[test]
fn a_rollback_dry_run_shows_the_plan_without_storing() {
    let server = Server::start();
    let token = publisher(&server);
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    published(
        &server,
        &token,
        &repo(&[("permit", permit("permit", "2024-01-01", "40.00", "40.00"))]),
    );
    let reply = server.request(
        "POST",
        "/api/v1/rollbacks?dry_run=true",
        Some(&token),
        &[],
        Some(json!({ "release": 1 }).to_string().into_bytes()),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["plan"]["changed"], 1);
    assert_eq!(release_count(&server, &token), 2);
}

#[test]
fn lint_warnings_do_not_stop_a_release_and_are_reported() {
    let server = Server::start();
    let token = publisher(&server);
    let text = permit("permit", "2024-01-01", "30.00", "30.00")
        + "\n[[role]]\nid = \"archive\"\ntitle = \"Archiv\"\n";
    let reply = server.publish(&token, &bundle(&repo(&[("permit", text)])));
    assert_eq!(reply.status, 201, "{}", reply.text);
    let warnings = reply.json()["warnings"].clone();
    assert!(
        warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["rule"] == "unused-role"),
        "{warnings}"
    );
}

#[test]
fn every_file_missing_content_is_named_in_one_answer() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[
        ("aaa", permit("aaa", "2024-01-01", "30.00", "30.00")),
        ("bbb", permit("bbb", "2024-01-01", "30.00", "30.00")),
    ]);
    let reply = server.publish(&token, &bundle_without_content(&files, &[]));
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(
        reply.json()["missing_content"],
        json!([
            "ozg.toml",
            "services/aaa/service.toml",
            "services/bbb/service.toml"
        ])
    );
    assert_eq!(release_count(&server, &token), 0);
}
