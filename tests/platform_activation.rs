//! Activation by date: a version published ahead of its `valid_from`
//! takes effect at midnight German time (also across the switch to and
//! from summer time), and an application runs under the version valid on
//! its submission date.

mod platform_support;

use platform_support::{Server, permit, published, repo};
use serde_json::{Value, json};

/// A server with an admin token, serving `permit` at 30 € from 2024 and
/// at 200 € from `from`.
fn two_versions(from: &str) -> (Server, String, Value) {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", "2024-01-01", "30.00", "30.00"))]),
    );
    let second = published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", from, "200.00", "200.00"))]),
    );
    (server, admin, second)
}

fn active_from(server: &Server, token: &str) -> Value {
    server.get("/api/v1/state", token).json()["services"][0]["active"]["valid_from"].clone()
}

#[test]
fn a_version_published_ahead_of_its_date_is_upcoming_and_the_old_one_stays_active() {
    let (server, admin, second) = two_versions("2026-04-01");
    let state = server.get("/api/v1/state", &admin).json();
    let service = &state["services"][0];
    assert_eq!(service["active"]["valid_from"], "2024-01-01");
    assert_eq!(service["active"]["release"], 1);
    assert_eq!(service["upcoming"][0]["valid_from"], "2026-04-01");
    assert_eq!(
        service["upcoming"][0]["hash"],
        second["plan"]["services"][0]["hash"]
    );
    assert_eq!(service["upcoming"][0]["release"], 2);
}

#[test]
fn a_version_becomes_active_at_midnight_berlin_time_in_winter() {
    let (server, admin, _) = two_versions("2026-03-03");
    server.set_clock(&admin, "2026-03-02T22:59:59Z");
    assert_eq!(active_from(&server, &admin), "2024-01-01");
    server.set_clock(&admin, "2026-03-02T23:00:00Z");
    assert_eq!(active_from(&server, &admin), "2026-03-03");
}

#[test]
fn a_version_becomes_active_at_midnight_berlin_time_after_the_switch_to_summer_time() {
    // Summer time starts on 29 March 2026: midnight of the 30th is 22:00 UTC.
    let (server, admin, _) = two_versions("2026-03-30");
    server.set_clock(&admin, "2026-03-29T21:59:59Z");
    assert_eq!(active_from(&server, &admin), "2024-01-01");
    server.set_clock(&admin, "2026-03-29T22:00:00Z");
    assert_eq!(active_from(&server, &admin), "2026-03-30");
}

#[test]
fn a_version_becomes_active_at_midnight_berlin_time_after_the_switch_back_to_winter_time() {
    // Summer time ends on 25 October 2026: midnight of the 26th is 23:00 UTC.
    let (server, admin, _) = two_versions("2026-10-26");
    server.set_clock(&admin, "2026-10-25T22:59:59Z");
    assert_eq!(active_from(&server, &admin), "2024-01-01");
    server.set_clock(&admin, "2026-10-25T23:00:00Z");
    assert_eq!(active_from(&server, &admin), "2026-10-26");
}

#[test]
fn the_state_etag_changes_when_a_new_day_begins() {
    let (server, admin, _) = two_versions("2026-04-01");
    let before = server.etag(&admin);
    server.set_clock(&admin, "2026-03-02T23:00:00Z");
    let after = server.etag(&admin);
    assert_eq!(before, "\"2.2026-03-02\"");
    assert_eq!(after, "\"2.2026-03-03\"");
}

#[test]
fn a_version_ending_with_valid_until_is_no_longer_active_after_that_day() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    let text = permit("permit", "2024-01-01", "30.00", "30.00").replace(
        "valid_from = 2024-01-01",
        "valid_from = 2024-01-01\nvalid_until = 2026-03-05",
    );
    published(&server, &admin, &repo(&[("permit", text)]));
    server.set_clock(&admin, "2026-03-05T12:00:00Z");
    assert_eq!(active_from(&server, &admin), "2024-01-01");
    server.set_clock(&admin, "2026-03-05T23:00:00Z");
    assert_eq!(active_from(&server, &admin), Value::Null);
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &admin,
        &json!({ "input": { "holder": "A", "vehicle_length": 4 } }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "no_version");
}

fn apply(server: &Server, token: &str, submitted: Option<&str>) -> Value {
    let mut body = json!({ "input": { "holder": "Erika Mustermann", "vehicle_length": 4.2 } });
    if let Some(date) = submitted {
        body["submitted"] = json!(date);
    }
    let reply = server.post("/api/v1/services/permit/applications", token, &body);
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()
}

#[test]
fn an_application_runs_under_the_version_valid_on_its_submission_date() {
    let (server, admin, second) = two_versions("2026-03-03");
    server.set_clock(&admin, "2026-03-10T10:00:00Z");
    let earlier = apply(&server, &admin, Some("2026-03-02"));
    let today = apply(&server, &admin, None);
    assert_eq!(earlier["fees_total"], "30.00");
    assert_eq!(today["fees_total"], "200.00");
    assert_eq!(today["submitted"], "2026-03-10");
    assert_eq!(today["version"], second["plan"]["services"][0]["hash"]);
    assert_ne!(earlier["version"], today["version"]);
}

#[test]
fn a_case_keeps_its_version_after_a_newer_one_takes_effect() {
    let (server, admin, _) = two_versions("2026-03-03");
    let case = apply(&server, &admin, None);
    assert_eq!(case["fees_total"], "30.00");
    server.set_clock(&admin, "2026-03-20T10:00:00Z");
    let id = case["id"].as_str().unwrap();
    let read = server.get(&format!("/api/v1/cases/{id}"), &admin).json();
    assert_eq!(read["version"], case["version"]);
    assert_eq!(read["fees_total"], "30.00");
}

#[test]
fn an_application_dated_before_the_first_version_is_refused() {
    let (server, admin, _) = two_versions("2026-03-03");
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &admin,
        &json!({ "input": { "holder": "A", "vehicle_length": 4 }, "submitted": "2023-12-31" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "no_version");
}

#[test]
fn an_application_dated_in_the_future_is_refused() {
    let (server, admin, _) = two_versions("2026-03-03");
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &admin,
        &json!({ "input": { "holder": "A", "vehicle_length": 4 }, "submitted": "2026-03-03" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "submitted_in_future");
}

#[test]
fn the_submission_date_defaults_to_today_in_berlin_not_in_utc() {
    let (server, admin, _) = two_versions("2026-04-01");
    // 23:30 UTC on 2 March is already 3 March in Berlin.
    server.set_clock(&admin, "2026-03-02T23:30:00Z");
    let case = apply(&server, &admin, None);
    assert_eq!(case["submitted"], "2026-03-03");
}

#[test]
fn a_publish_with_yesterdays_etag_is_refused_after_midnight() {
    let (server, admin, _) = two_versions("2026-04-01");
    let yesterday = server.etag(&admin);
    server.set_clock(&admin, "2026-03-02T23:00:00Z");
    let files = repo(&[("permit", permit("permit", "2026-04-01", "210.00", "210.00"))]);
    let reply = server.publish_with(
        &admin,
        &platform_support::bundle(&files),
        &[("if-match", &yesterday)],
    );
    assert_eq!(reply.status, 412, "{}", reply.text);
}

#[test]
fn the_clock_endpoint_shows_the_time_and_the_german_day() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    server.set_clock(&admin, "2026-06-30T22:30:00Z");
    let clock = server.get("/api/v1/clock", &admin).json();
    assert_eq!(clock["now"], "2026-06-30T22:30:00Z");
    assert_eq!(clock["today"], "2026-07-01");
    assert_eq!(clock["mode"], "test");
}

#[test]
fn a_server_started_with_now_has_a_fixed_clock_that_cannot_be_set() {
    let server = Server::start_with(&["--now", "2026-02-07T08:00:00+01:00"]);
    let admin = server.token("admin", &["admin"]);
    let clock = server.get("/api/v1/clock", &admin).json();
    assert_eq!(clock["today"], "2026-02-07");
    assert_eq!(clock["mode"], "fixed");
    let reply = server.request(
        "PUT",
        "/api/v1/clock",
        Some(&admin),
        &[],
        Some(
            json!({ "now": "2027-01-01T00:00:00Z" })
                .to_string()
                .into_bytes(),
        ),
    );
    assert_eq!(reply.status, 409);
    assert_eq!(reply.code(), "clock_not_settable");
    assert_eq!(
        server.get("/api/v1/clock", &admin).json()["today"],
        "2026-02-07"
    );
}
