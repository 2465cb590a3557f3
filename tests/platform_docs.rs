//! The API documentation and the server agree: `docs/openapi.yaml`
//! describes exactly the endpoints the server answers, and the server
//! answers every one of them.

mod platform_support;

use std::collections::BTreeSet;

use ozg::platform::api::API_PREFIX;
use ozg::platform::server::ENDPOINTS;
use platform_support::Server;

fn documented() -> BTreeSet<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("docs/openapi.yaml is readable");
    let mut out = BTreeSet::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("  /").and_then(|l| l.strip_suffix(':')) {
            current = Some(format!("/{path}"));
        } else if !line.starts_with("  ") && !line.is_empty() {
            current = None;
        } else if let Some(path) = &current
            && let Some(method) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(':'))
            && ["get", "post", "put", "delete", "patch"].contains(&method)
        {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn openapi_describes_exactly_the_endpoints_the_server_serves() {
    let served: BTreeSet<(String, String)> = ENDPOINTS
        .iter()
        .map(|(m, p)| ((*m).to_owned(), format!("{API_PREFIX}{p}")))
        .collect();
    assert_eq!(documented(), served);
}

#[test]
fn the_server_answers_every_listed_endpoint() {
    let server = Server::start();
    for (method, path) in ENDPOINTS {
        let path = format!("{API_PREFIX}{path}").replace("{id}", "x");
        let reply = server.request(method, &path, None, &[], None);
        let expected = if *path == *"/api/v1/health" { 200 } else { 401 };
        assert_eq!(reply.status, expected, "{method} {path}: {}", reply.text);
    }
}

#[test]
fn every_error_code_is_explained_in_the_platform_guide() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/platform.md");
    let guide = std::fs::read_to_string(path).expect("docs/platform.md is readable");
    let missing: Vec<&str> = ozg::platform::api::code::ALL
        .iter()
        .copied()
        .filter(|c| !guide.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/platform.md: {missing:?}");
}
