//! A server killed with SIGKILL in the middle of a publish leaves either
//! the old or the new state after restart, never a part of a release.
//!
//! The real binary is started on one data folder again and again; each
//! round sends a large release (every service changed) and kills the
//! server at a different moment of it. The moments are spread over the
//! time a publish takes, at pseudo-random offsets whose seed is printed
//! so that a failing run can be repeated (`OZG_KILL_SEED`).

#[path = "../benches/support/mod.rs"]
mod bench_support;
mod platform_support;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use platform_support::{Files, Running, bundle, spawn, token_in};
use reqwest::blocking::Client;
use serde_json::Value;

const SERVICES: usize = 150;
const ROUNDS: u64 = 12;

/// The generated repository, every service marked with `round` so that
/// each round's release changes every service.
fn repository(source: &Path, round: u64) -> Files {
    let mut files = Files::new();
    for entry in walk(source) {
        let relative = entry
            .strip_prefix(source)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut text = std::fs::read_to_string(&entry).unwrap();
        if relative.ends_with("service.toml") {
            let _ = writeln!(text, "# round {round}");
        }
        files.insert(relative, text);
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A small deterministic generator; the seed is all that is needed to
/// repeat a run.
struct Lcg(u64);

impl Lcg {
    fn next_fraction(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        #[allow(clippy::cast_precision_loss)]
        let fraction = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        fraction
    }
}

fn get(client: &Client, base: &str, path: &str, token: &str) -> Value {
    let reply = client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .expect("the server answers");
    assert_eq!(reply.status(), 200);
    reply.json().expect("JSON")
}

fn publish(client: &Client, base: &str, token: &str, body: &[u8]) -> Result<u16, String> {
    client
        .post(format!("{base}/api/v1/releases"))
        .bearer_auth(token)
        .header("if-match", "*")
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

/// Checks that the state is release `id` whole: every file of the
/// release has the content of `files`, and every service is served.
fn assert_whole(client: &Client, base: &str, token: &str, id: u64, files: &Files) {
    let detail = get(
        client,
        base,
        &format!("/api/v1/releases/{id}?content=true"),
        token,
    );
    let stored: Files = detail["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        stored == *files,
        "release {id} does not hold the files that were sent"
    );
    let state = get(client, base, "/api/v1/state", token);
    assert_eq!(state["services"].as_array().unwrap().len(), SERVICES);
    for service in state["services"].as_array().unwrap() {
        assert_eq!(service["active"]["release"], id, "{service}");
    }
}

#[test]
fn a_server_killed_during_a_publish_keeps_the_old_or_the_new_state() {
    let source = tempfile::tempdir().unwrap();
    bench_support::write_repository(source.path(), SERVICES).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token_in(&data, "pipeline", &["publish"]);
    // HTTPS support needs its cryptography chosen before a client is built.
    ozg::publish::client::install_crypto();
    let client = Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let start = |round: u64| {
        let log = dir.path().join(format!("server-{round}.log"));
        (0..10)
            .find_map(|_| spawn(&data, &[], &log, &client))
            .map(|(child, base)| (Running(child), base))
            .expect("the server starts")
    };

    // A first release, undisturbed, shows how long a publish takes.
    let (mut child, base) = start(0);
    let mut current = repository(source.path(), 0);
    let body = serde_json::to_vec(&bundle(&current)).unwrap();
    let started = Instant::now();
    assert_eq!(publish(&client, &base, &token, &body), Ok(201));
    let took = started.elapsed();
    child.kill();
    let mut release = 1;

    let seed = std::env::var("OZG_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    eprintln!("kill seed {seed} (set OZG_KILL_SEED to repeat); a publish takes {took:?}");
    let mut random = Lcg(seed);
    let mut outcomes = Vec::new();

    for round in 1..=ROUNDS {
        let (mut child, base) = start(round);
        assert_whole(&client, &base, &token, release, &current);

        let next = repository(source.path(), round);
        let body = serde_json::to_vec(&bundle(&next)).unwrap();
        // Odd rounds kill anywhere from sending to a little after a publish
        // usually ends; even rounds aim at its last quarter, where the
        // transaction is written.
        let fraction = if round % 2 == 1 {
            random.next_fraction() * 1.2
        } else {
            0.75 + random.next_fraction() * 0.35
        };
        let delay = took.mul_f64(fraction);
        let sender = {
            let client = client.clone();
            let base = base.clone();
            let token = token.clone();
            std::thread::spawn(move || publish(&client, &base, &token, &body))
        };
        std::thread::sleep(delay);
        child.kill();
        let answer = sender.join().unwrap();

        let (mut child, base) = start(round + 100);
        let state = get(&client, &base, "/api/v1/state", &token);
        let now = state["release"].as_u64().unwrap();
        outcomes.push((delay.as_millis(), now == release + 1));
        assert!(
            now == release || now == release + 1,
            "round {round}: release {now} after {release}"
        );
        if now == release + 1 {
            current = next;
            release = now;
        } else {
            assert_ne!(
                answer,
                Ok(201),
                "round {round}: an acknowledged release was lost"
            );
        }
        assert_whole(&client, &base, &token, release, &current);
        child.kill();
    }
    eprintln!("kills after milliseconds, and whether the release was committed: {outcomes:?}");

    // The data folder still takes releases afterwards.
    let (mut child, base) = start(1000);
    let last = repository(source.path(), 999);
    let body = serde_json::to_vec(&bundle(&last)).unwrap();
    assert_eq!(publish(&client, &base, &token, &body), Ok(201));
    assert_whole(&client, &base, &token, release + 1, &last);
    child.kill();
}

#[test]
fn sigterm_lets_a_running_publish_finish_before_the_server_exits() {
    let source = tempfile::tempdir().unwrap();
    bench_support::write_repository(source.path(), SERVICES).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token_in(&data, "pipeline", &["publish"]);
    // HTTPS support needs its cryptography chosen before a client is built.
    ozg::publish::client::install_crypto();
    let client = Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let log = dir.path().join("server.log");
    let (mut child, base) = (0..10)
        .find_map(|_| spawn(&data, &[], &log, &client))
        .map(|(child, base)| (Running(child), base))
        .expect("the server starts");
    let files = repository(source.path(), 0);
    let body = serde_json::to_vec(&bundle(&files)).unwrap();
    let sender = {
        let client = client.clone();
        let base = base.clone();
        let token = token.clone();
        std::thread::spawn(move || publish(&client, &base, &token, &body))
    };
    // Give the request time to arrive; a publish of this size takes far
    // longer than this in any build.
    std::thread::sleep(Duration::from_millis(150));
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    assert_eq!(sender.join().unwrap(), Ok(201));
    assert_eq!(child.wait().code(), Some(0));

    let (mut child, base) = (0..10)
        .find_map(|_| spawn(&data, &[], &log, &client))
        .map(|(child, base)| (Running(child), base))
        .expect("the server starts again");
    assert_whole(&client, &base, &token, 1, &files);
    child.kill();
}

#[test]
fn a_request_over_the_timeout_is_answered_with_408_in_json() {
    let source = tempfile::tempdir().unwrap();
    // Linting this many services takes several seconds in a test build.
    bench_support::write_repository(source.path(), 600).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token_in(&data, "pipeline", &["publish"]);
    // HTTPS support needs its cryptography chosen before a client is built.
    ozg::publish::client::install_crypto();
    let client = Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let log = dir.path().join("server.log");
    let (mut child, base) = (0..10)
        .find_map(|_| spawn(&data, &["--request-timeout", "1"], &log, &client))
        .map(|(child, base)| (Running(child), base))
        .expect("the server starts");
    let body = serde_json::to_vec(&bundle(&repository(source.path(), 0))).unwrap();
    let reply = client
        .post(format!("{base}/api/v1/releases?dry_run=true"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(reply.status(), 408);
    let error: Value = reply.json().unwrap();
    assert_eq!(error["code"], "timeout");
    child.kill();
}
