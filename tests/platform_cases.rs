//! Applications and cases on `ozg serve`: validation with the engine's
//! German messages, exact fees, deadlines, decisions and events, time
//! passing, erasure of personal data and automatic erasure after the
//! retention period.

mod platform_support;

use platform_support::{Server, permit, published, repo, service_text};
use serde_json::{Value, json};

/// A server serving `permit` (240 €, 480 € over 4.70 m, kept one year
/// after closing) from 2024, with tokens for applying and for admin.
fn serving() -> (Server, String, String) {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    let clerk = server.token("frontend", &["apply"]);
    published(
        &server,
        &admin,
        &repo(&[("permit", permit("permit", "2024-01-01", "240.00", "480.00"))]),
    );
    (server, clerk, admin)
}

fn submit(server: &Server, token: &str, input: &Value) -> Value {
    let reply = server.post(
        "/api/v1/services/permit/applications",
        token,
        &json!({ "input": input.clone() }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()
}

fn new_case(server: &Server, token: &str) -> String {
    submit(
        server,
        token,
        &json!({ "holder": "Erika Mustermann", "vehicle_length": 4.85 }),
    )["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn decide(server: &Server, token: &str, id: &str, body: &Value) -> platform_support::Reply {
    server.post(&format!("/api/v1/cases/{id}/decisions"), token, body)
}

fn event(server: &Server, token: &str, id: &str, body: &Value) -> platform_support::Reply {
    server.post(&format!("/api/v1/cases/{id}/events"), token, body)
}

fn read(server: &Server, token: &str, id: &str) -> Value {
    let reply = server.get(&format!("/api/v1/cases/{id}"), token);
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

#[test]
fn a_valid_application_starts_a_case_with_fees_deadlines_and_open_steps() {
    let (server, clerk, _) = serving();
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &clerk,
        &json!({ "input": { "holder": "Erika Mustermann", "vehicle_length": 4.85 } }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let case = reply.json();
    let id = case["id"].as_str().unwrap();
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/cases/{id}"))
    );
    assert_eq!(case["status"], "open");
    assert_eq!(case["outcome"], Value::Null);
    assert_eq!(case["submitted"], "2026-03-02");
    assert_eq!(
        case["fees"],
        json!([{ "id": "annual_fee", "label": "Jahresgebühr", "amount": "480.00", "split": [] }])
    );
    assert_eq!(case["fees_total"], "480.00");
    assert_eq!(case["open_steps"][0]["id"], "review");
    assert_eq!(case["open_steps"][0]["kind"], "task");
    assert_eq!(case["open_steps"][0]["role"], "clerk");
    assert_eq!(
        case["open_steps"][0]["accepts"],
        json!(["approve", "reject", "request_documents"])
    );
    // 14 working days from Monday 2 March 2026 (no holidays in BW).
    assert_eq!(
        case["deadlines"],
        json!([{ "id": "review", "label": null, "end": "2026-03-20", "status": "running" }])
    );
    assert_eq!(case["path"], json!(["review"]));
    assert_eq!(case["input"]["holder"], "Erika Mustermann");
}

#[test]
fn numbers_are_read_exactly_whether_sent_as_json_numbers_or_strings() {
    let (server, clerk, _) = serving();
    let at_limit = submit(
        &server,
        &clerk,
        &json!({ "holder": "A", "vehicle_length": "4.70" }),
    );
    assert_eq!(at_limit["fees_total"], "240.00");
    let german = submit(
        &server,
        &clerk,
        &json!({ "holder": "A", "vehicle_length": "4,71" }),
    );
    assert_eq!(german["fees_total"], "480.00");
    // As a binary float this number is exactly 4.7; read as a decimal it
    // is longer than 4.70 m.
    let body = r#"{"input":{"holder":"A","vehicle_length":4.70000000000000000001}}"#;
    let reply = server.request(
        "POST",
        "/api/v1/services/permit/applications",
        Some(&clerk),
        &[],
        Some(body.as_bytes().to_vec()),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["fees_total"], "480.00");
    assert_eq!(
        reply.json()["input"]["vehicle_length"].to_string(),
        "4.70000000000000000001"
    );
}

#[test]
fn an_invalid_application_is_refused_with_german_messages_per_field() {
    let (server, clerk, _) = serving();
    let reply = server.post(
        "/api/v1/services/permit/applications",
        &clerk,
        &json!({ "input": { "vehicle_length": 9 } }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    let error = reply.json();
    assert_eq!(error["code"], "invalid_application");
    assert_eq!(
        error["field_errors"],
        json!([
            { "field": "holder", "label": "Name der antragstellenden Person", "message": "Bitte füllen Sie dieses Feld aus." },
            { "field": "vehicle_length", "label": "Länge des Fahrzeugs (m)", "message": "Der Wert darf nicht größer als 8,0 sein." },
        ])
    );
}

#[test]
fn an_application_for_an_unknown_service_is_404_and_a_malformed_id_400() {
    let (server, clerk, _) = serving();
    let body = json!({ "input": {} });
    assert_eq!(
        server
            .post("/api/v1/services/parking/applications", &clerk, &body)
            .status,
        404
    );
    assert_eq!(
        server
            .post("/api/v1/services/Park..ing/applications", &clerk, &body)
            .status,
        400
    );
}

#[test]
fn a_case_reads_back_as_it_was_created() {
    let (server, clerk, _) = serving();
    let created = submit(
        &server,
        &clerk,
        &json!({ "holder": "A", "vehicle_length": 4 }),
    );
    let id = created["id"].as_str().unwrap();
    assert_eq!(read(&server, &clerk, id), created);
}

#[test]
fn unknown_and_malformed_case_ids_are_404_and_400() {
    let (server, clerk, _) = serving();
    assert_eq!(
        server
            .get(&format!("/api/v1/cases/{}", "0".repeat(32)), &clerk)
            .status,
        404
    );
    assert_eq!(server.get("/api/v1/cases/abc", &clerk).status, 400);
}

#[test]
fn a_decision_moves_the_case_and_closes_it_at_an_end() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let reply = decide(&server, &clerk, &id, &json!({ "decision": "approve" }));
    assert_eq!(reply.status, 200, "{}", reply.text);
    let case = reply.json();
    assert_eq!(case["status"], "closed");
    assert_eq!(case["outcome"], "approved");
    assert_eq!(case["closed_on"], "2026-03-02");
    assert_eq!(case["path"], json!(["review", "granted"]));
    assert_eq!(case["deadlines"][0]["status"], "met");
    assert_eq!(case["actions"][0]["kind"], "decision");
    assert_eq!(case["actions"][0]["value"], "approve");
    assert_eq!(case["actions"][0]["token"], "frontend");
    assert_eq!(case["retained_until"], "2027-03-02");
    assert_eq!(read(&server, &clerk, &id)["outcome"], "approved");
}

#[test]
fn an_undeclared_decision_is_refused_with_409_and_changes_nothing() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let before = read(&server, &clerk, &id);
    let reply = decide(&server, &clerk, &id, &json!({ "decision": "postpone" }));
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(reply.code(), "action_refused");
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("does not declare `postpone`")
    );
    assert_eq!(read(&server, &clerk, &id), before);
}

#[test]
fn a_decision_for_a_step_that_is_not_open_is_refused_with_409() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let reply = decide(
        &server,
        &clerk,
        &id,
        &json!({ "step": "granted", "decision": "approve" }),
    );
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("`granted` is not open")
    );
}

#[test]
fn an_event_is_refused_while_no_wait_step_is_open() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let reply = event(
        &server,
        &clerk,
        &id,
        &json!({ "event": "documents_received" }),
    );
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("no wait step is open")
    );
}

#[test]
fn an_event_answers_a_wait_step_and_the_case_goes_on() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    let reply = decide(
        &server,
        &clerk,
        &id,
        &json!({ "decision": "request_documents", "date": "2026-03-02" }),
    );
    assert_eq!(reply.json()["open_steps"][0]["id"], "await_documents");
    server.set_clock(&admin, "2026-03-09T09:00:00Z");
    let reply = event(
        &server,
        &clerk,
        &id,
        &json!({ "event": "documents_received", "date": "2026-03-06" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    let case = reply.json();
    assert_eq!(case["path"], json!(["review", "await_documents", "review"]));
    assert_eq!(case["actions"][1]["date"], "2026-03-06");
    assert_eq!(case["open_steps"][0]["id"], "review");
}

#[test]
fn an_action_dated_before_the_last_one_is_refused_with_409() {
    let (server, clerk, admin) = serving();
    server.set_clock(&admin, "2026-03-10T09:00:00Z");
    let id = new_case(&server, &clerk);
    let reply = decide(
        &server,
        &clerk,
        &id,
        &json!({ "decision": "request_documents", "date": "2026-03-05" }),
    );
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("2026-03-05 is before 2026-03-10")
    );
}

#[test]
fn an_action_dated_in_the_future_is_refused_with_422() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let reply = decide(
        &server,
        &clerk,
        &id,
        &json!({ "decision": "approve", "date": "2026-03-03" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.code(), "date_in_future");
}

#[test]
fn a_deadline_that_passes_takes_its_action_by_the_next_read() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    decide(
        &server,
        &clerk,
        &id,
        &json!({ "decision": "request_documents" }),
    );
    // Four weeks from 2 March end on 30 March; the case is refused on the
    // day after.
    server.set_clock(&admin, "2026-03-30T20:00:00Z");
    assert_eq!(read(&server, &clerk, &id)["status"], "open");
    server.set_clock(&admin, "2026-03-31T08:00:00Z");
    let case = read(&server, &clerk, &id);
    assert_eq!(case["outcome"], "rejected");
    assert_eq!(case["closed_on"], "2026-03-31");
    assert_eq!(
        case["path"],
        json!(["review", "await_documents", "refused"])
    );
}

#[test]
fn a_repeated_application_with_the_same_idempotency_key_starts_one_case() {
    let (server, clerk, _) = serving();
    let body = json!({ "input": { "holder": "A", "vehicle_length": 4 } }).to_string();
    let send = || {
        server.request(
            "POST",
            "/api/v1/services/permit/applications",
            Some(&clerk),
            &[("idempotency-key", "form-7f3a")],
            Some(body.clone().into_bytes()),
        )
    };
    let first = send();
    let second = send();
    assert_eq!(first.status, 201);
    assert_eq!(second.status, 201);
    assert_eq!(second.json()["id"], first.json()["id"]);
    assert_eq!(second.header("idempotent-replay").as_deref(), Some("true"));
}

#[test]
fn a_repeated_decision_with_the_same_idempotency_key_is_taken_once() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let send = || {
        server.request(
            "POST",
            &format!("/api/v1/cases/{id}/decisions"),
            Some(&clerk),
            &[("idempotency-key", "decision-1")],
            Some(
                json!({ "decision": "request_documents" })
                    .to_string()
                    .into_bytes(),
            ),
        )
    };
    assert_eq!(send().status, 200);
    assert_eq!(send().status, 200);
    assert_eq!(
        read(&server, &clerk, &id)["actions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn erasure_removes_the_input_and_keeps_the_non_personal_facts() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    let decided = decide(&server, &clerk, &id, &json!({ "decision": "approve" })).json();
    let reply = server.request(
        "DELETE",
        &format!("/api/v1/cases/{id}/personal-data"),
        Some(&admin),
        &[],
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    let erased = reply.json();
    assert_eq!(erased["input"], Value::Null);
    assert_eq!(erased["erased"]["by"], "admin");
    assert_eq!(erased["erased"]["reason"], "request");
    for kept in [
        "service",
        "version",
        "submitted",
        "outcome",
        "closed_on",
        "fees",
        "fees_total",
        "path",
        "deadlines",
        "actions",
    ] {
        assert_eq!(erased[kept], decided[kept], "{kept} was not kept");
    }
    let again = read(&server, &clerk, &id);
    assert_eq!(again, erased);
    assert!(!again.to_string().contains("Erika"));
}

#[test]
fn an_erased_case_takes_no_more_actions() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    server.request(
        "DELETE",
        &format!("/api/v1/cases/{id}/personal-data"),
        Some(&admin),
        &[],
        None,
    );
    let reply = decide(&server, &clerk, &id, &json!({ "decision": "approve" }));
    assert_eq!(reply.status, 409);
    assert_eq!(reply.code(), "case_erased");
}

#[test]
fn erasure_needs_the_admin_scope() {
    let (server, clerk, _) = serving();
    let id = new_case(&server, &clerk);
    let reply = server.request(
        "DELETE",
        &format!("/api/v1/cases/{id}/personal-data"),
        Some(&clerk),
        &[],
        None,
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        read(&server, &clerk, &id)["input"]["holder"],
        "Erika Mustermann"
    );
}

#[test]
fn erasure_is_recorded_in_the_audit_log() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    server.request(
        "DELETE",
        &format!("/api/v1/cases/{id}/personal-data"),
        Some(&admin),
        &[],
        None,
    );
    let audit = server.get("/api/v1/audit", &admin).json();
    let entry = &audit["entries"][0];
    assert_eq!(entry["action"], "erasure");
    assert_eq!(entry["subject"], id.as_str());
    assert_eq!(entry["token"], "admin");
    assert_eq!(entry["detail"]["reason"], "request");
}

#[test]
fn a_closed_case_is_erased_automatically_after_its_retention_period() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    decide(&server, &clerk, &id, &json!({ "decision": "approve" }));
    // Closed on 2 March 2026, kept for one year: until 2 March 2027.
    server.set_clock(&admin, "2027-03-02T22:00:00Z");
    assert_eq!(
        read(&server, &clerk, &id)["input"]["holder"],
        "Erika Mustermann"
    );
    server.set_clock(&admin, "2027-03-02T23:00:00Z");
    let case = read(&server, &clerk, &id);
    assert_eq!(case["input"], Value::Null);
    assert_eq!(case["erased"]["reason"], "retention");
    assert_eq!(case["erased"]["by"], "retention");
    assert_eq!(case["outcome"], "approved");
    assert_eq!(case["fees_total"], "480.00");
}

#[test]
fn an_open_case_is_never_erased_by_retention() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    server.set_clock(&admin, "2030-01-01T12:00:00Z");
    let case = read(&server, &clerk, &id);
    assert_eq!(case["status"], "open");
    assert_eq!(case["input"]["holder"], "Erika Mustermann");
}

#[test]
fn a_case_of_a_service_without_retention_is_kept() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    published(
        &server,
        &admin,
        &repo(&[(
            "permit",
            service_text("permit", "2024-01-01", "1.00", "2.00", None),
        )]),
    );
    let id = new_case(&server, &admin);
    decide(&server, &admin, &id, &json!({ "decision": "reject" }));
    server.set_clock(&admin, "2040-01-01T12:00:00Z");
    let case = read(&server, &admin, &id);
    assert_eq!(case["retained_until"], Value::Null);
    assert_eq!(case["input"]["holder"], "Erika Mustermann");
}

#[test]
fn a_case_closed_by_a_deadline_is_erased_after_retention_too() {
    let (server, clerk, admin) = serving();
    let id = new_case(&server, &clerk);
    decide(
        &server,
        &clerk,
        &id,
        &json!({ "decision": "request_documents" }),
    );
    // Refused on 31 March 2026 by the expired deadline; kept until
    // 31 March 2027.
    server.set_clock(&admin, "2027-04-01T08:00:00Z");
    let case = read(&server, &clerk, &id);
    assert_eq!(case["closed_on"], "2026-03-31");
    assert_eq!(case["erased"]["reason"], "retention");
}

const CERTIFICATE: &str = r#"[service]
id = "certificate"
title = "Führungszeugnis beantragen"
authority = "Bundesamt für Justiz"
state = "BE"
valid_from = 2024-01-01
legal_basis = ["§ 30 BZRG"]

[[field]]
id = "kind"
label = "Art des Führungszeugnisses"
type = "choice"
required = true
options = [
  { code = "standard", label = "Führungszeugnis" },
  { code = "european", label = "Europäisches Führungszeugnis" },
]

[[fee]]
id = "certificate"
label = "Gebühr für das Führungszeugnis"
amount = 'if kind = "european" then 17.00 else 13.00'
legal_basis = "JVKostG, Anlage, Nr. 1130"
split = [
  { authority = "Bundesamt für Justiz", share = "3/5" },
  { authority = "Meldebehörde", share = "2/5" },
]

[[role]]
id = "office"
title = "Meldebehörde"

[process]
start = "issue"

[[step]]
id = "issue"
kind = "task"
role = "office"
decisions = ["issue"]
next = [{ to = "issued", when = 'decision = "issue"' }]

[[step]]
id = "issued"
kind = "end"
outcome = "completed"
"#;

#[test]
fn fees_and_their_split_between_authorities_are_exact_decimal_strings() {
    let server = Server::start();
    let admin = server.token("admin", &["admin"]);
    published(
        &server,
        &admin,
        &repo(&[("certificate", CERTIFICATE.to_owned())]),
    );
    let reply = server.post(
        "/api/v1/services/certificate/applications",
        &admin,
        &json!({ "input": { "kind": "european" } }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let case = reply.json();
    assert_eq!(case["fees_total"], "17.00");
    // Three fifths of 17.00 are 10.20; the last authority gets the rest.
    assert_eq!(
        case["fees"][0]["split"],
        json!([
            { "authority": "Bundesamt für Justiz", "amount": "10.20" },
            { "authority": "Meldebehörde", "amount": "6.80" },
        ])
    );
}
