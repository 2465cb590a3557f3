//! Malformed and oversized requests get clean 4xx answers in the API's
//! JSON error shape, and nothing is stored; the server stops gracefully.

mod platform_support;

use platform_support::{Server, bundle, permit, release_count, repo};
use serde_json::json;

fn publisher(server: &Server) -> String {
    server.token("pipeline", &["publish"])
}

fn send_raw(server: &Server, token: &str, body: Vec<u8>) -> platform_support::Reply {
    server.request(
        "POST",
        "/api/v1/releases",
        Some(token),
        &[("if-match", "*")],
        Some(body),
    )
}

fn assert_refused_with_400(server: &Server, token: &str, body: Vec<u8>, code: &str) {
    let reply = send_raw(server, token, body);
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(reply.code(), code, "{}", reply.text);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(release_count(server, token), 0);
}

/// A valid bundle with one file's path replaced.
fn with_path(path: &str) -> Vec<u8> {
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    path.clone_into(&mut request.files[1].path);
    serde_json::to_vec(&request).unwrap()
}

#[test]
fn a_path_climbing_out_with_dot_dot_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(
        &server,
        &token,
        with_path("services/../../etc/service.toml"),
        "invalid_bundle",
    );
}

#[test]
fn an_absolute_path_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(
        &server,
        &token,
        with_path("/services/permit/service.toml"),
        "invalid_bundle",
    );
}

#[test]
fn a_path_with_backslashes_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(
        &server,
        &token,
        with_path("services\\permit\\service.toml"),
        "invalid_bundle",
    );
}

#[test]
fn a_file_outside_the_model_layout_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(
        &server,
        &token,
        with_path("services/permit/run.sh"),
        "invalid_bundle",
    );
}

#[test]
fn a_service_folder_that_is_no_valid_id_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(
        &server,
        &token,
        with_path("services/Permit Neu/service.toml"),
        "invalid_bundle",
    );
}

#[test]
fn a_huge_path_is_refused_without_echoing_it() {
    let server = Server::start();
    let token = publisher(&server);
    let path = format!("services/{}/service.toml", "a".repeat(100_000));
    let reply = send_raw(&server, &token, with_path(&path));
    assert_eq!(reply.status, 400);
    assert!(
        reply.text.len() < 1000,
        "the answer repeats the path: {} bytes",
        reply.text.len()
    );
}

#[test]
fn a_path_listed_twice_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    request.files.push(request.files[1].clone());
    assert_refused_with_400(
        &server,
        &token,
        serde_json::to_vec(&request).unwrap(),
        "invalid_bundle",
    );
}

#[test]
fn a_hash_that_is_not_sha256_hex_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    request.files[0].sha256 = request.files[0].sha256.to_uppercase();
    assert_refused_with_400(
        &server,
        &token,
        serde_json::to_vec(&request).unwrap(),
        "invalid_bundle",
    );
}

#[test]
fn a_body_that_is_not_utf8_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let mut body = br#"{"files":[{"path":"ozg.toml","sha256":"00","content":""#.to_vec();
    body.extend([0xff, 0xfe, 0x80]);
    body.extend(br#""}]}"#);
    assert_refused_with_400(&server, &token, body, "invalid_json");
}

#[test]
fn a_body_that_is_not_json_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    assert_refused_with_400(&server, &token, b"files = []".to_vec(), "invalid_json");
}

#[test]
fn json_of_the_wrong_shape_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    for body in [
        json!({}),
        json!({ "files": "ozg.toml" }),
        json!({ "files": [{ "path": "ozg.toml" }] }),
        json!({ "files": [], "remove": ["x"] }),
        json!({ "files": [], "commit": 42 }),
        json!([1, 2, 3]),
    ] {
        assert_refused_with_400(
            &server,
            &token,
            body.to_string().into_bytes(),
            "invalid_json",
        );
    }
}

#[test]
fn a_removal_that_is_no_service_id_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let body = json!({ "files": [], "remove_services": ["../x"] });
    assert_refused_with_400(
        &server,
        &token,
        body.to_string().into_bytes(),
        "invalid_bundle",
    );
}

#[test]
fn an_overlong_message_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    request.message = Some("x".repeat(20_000));
    assert_refused_with_400(
        &server,
        &token,
        serde_json::to_vec(&request).unwrap(),
        "invalid_bundle",
    );
}

#[test]
fn a_body_over_the_size_limit_is_refused_with_413() {
    let server = Server::start_with(&["--test-clock", "--max-body", "4096"]);
    let token = publisher(&server);
    let files = repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]);
    let mut request = bundle(&files);
    request.message = Some("x".repeat(5000));
    let reply = send_raw(&server, &token, serde_json::to_vec(&request).unwrap());
    assert_eq!(reply.status, 413, "{}", reply.text);
    assert_eq!(reply.code(), "body_too_large");
    assert_eq!(release_count(&server, &token), 0);
}

#[test]
fn the_default_size_limit_refuses_a_body_over_16_mib() {
    let server = Server::start();
    let token = publisher(&server);
    let body = format!(
        r#"{{"files":[],"message":"{}"}}"#,
        "x".repeat(17 * 1024 * 1024)
    );
    let reply = send_raw(&server, &token, body.into_bytes());
    assert_eq!(reply.status, 413, "{}", reply.text);
}

#[test]
fn an_unknown_query_parameter_is_refused() {
    let server = Server::start();
    let token = publisher(&server);
    let reply = server.get("/api/v1/releases?page=2", &token);
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), "invalid_query");
    let reply = server.get("/api/v1/releases?limit=many", &token);
    assert_eq!(reply.status, 400);
}

#[test]
fn an_unknown_endpoint_is_404_and_a_wrong_method_405_in_json() {
    let server = Server::start();
    let token = publisher(&server);
    let reply = server.get("/api/v2/state", &token);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.code(), "not_found");
    let reply = server.request("DELETE", "/api/v1/state", Some(&token), &[], None);
    assert_eq!(reply.status, 405);
    assert_eq!(reply.code(), "method_not_allowed");
}

#[test]
fn an_application_that_is_not_an_object_of_values_is_refused() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    platform_support::published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    for body in [
        json!({ "input": [1] }),
        json!({ "input": {}, "submitted": "3 March" }),
        json!({ "fields": {} }),
    ] {
        let reply = server.post("/api/v1/services/permit/applications", &admin, &body);
        assert_eq!(reply.status, 400, "{body}: {}", reply.text);
        assert_eq!(reply.code(), "invalid_json");
    }
}

#[test]
fn the_server_stops_with_exit_0_on_sigterm() {
    let mut server = Server::start();
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_second_server_on_a_taken_address_fails_with_exit_2() {
    let server = Server::start();
    let address = server.base.trim_start_matches("http://").to_owned();
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(platform_support::BIN)
        .args(["serve", "--data"])
        .arg(dir.path())
        .args(["--listen", &address])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen on"));
}

#[test]
fn an_id_that_is_not_utf8_in_the_address_is_refused_in_json() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    for path in [
        "/api/v1/releases/%ff",
        "/api/v1/cases/%ff%fe",
        "/api/v1/services/%c3/applications",
    ] {
        let method = if path.ends_with("applications") {
            "POST"
        } else {
            "GET"
        };
        let reply = server.request(method, path, Some(&admin), &[], Some(b"{}".to_vec()));
        assert_eq!(reply.status, 400, "{path}");
        assert_eq!(reply.code(), "invalid_id", "{path}");
    }
}
