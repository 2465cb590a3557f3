//! `ozg serve` under load, measured from outside over loopback HTTP:
//!
//! - publishing a generated 1,000-service bundle end to end (building and
//!   sending the JSON, linting, compiling, storing, answering), first as a
//!   new release, then with every service changed, then with one service
//!   changed and the others sent without content, and as a dry run;
//! - state reads and application submissions per second, measured with
//!   `wrk` (Debian package `wrk`; `benches/platform-load.sh` installs it),
//!   every submission a durable write.
//!
//! Run with `benches/platform-load.sh` or `cargo bench --bench platform`;
//! `OZG_BENCH_SERVICES` changes the bundle size, `OZG_BENCH_SECONDS` the
//! length of each `wrk` run. See docs/benchmarks.md.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ozg::platform::api::{BundleFile, ReleaseRequest};
use ozg::platform::release::sha256;

const PERMIT: &str = r#"[service]
id = "permit"
title = "Bewohnerparkausweis"
authority = "Stadt Musterstadt"
state = "BW"
valid_from = 2024-01-01
legal_basis = ["§ 45 Abs. 1b Nr. 2a StVO"]
retention = "P1Y"

[[field]]
id = "holder"
label = "Name der antragstellenden Person"
type = "text"
required = true
max_length = 100

[[field]]
id = "vehicle_length"
label = "Länge des Fahrzeugs (m)"
type = "decimal"
required = true
min = 2.0
max = 8.0

[[fee]]
id = "annual_fee"
label = "Jahresgebühr"
amount = "if vehicle_length > 4.70 then 480.00 else 240.00"
legal_basis = "Gebührensatzung § 2"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve", "reject"]
deadline = { within = "P14D", from = "submitted", days = "working", on_expiry = "escalate", escalate_to = "clerk" }
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"
"#;

fn main() {
    let count: usize = std::env::var("OZG_BENCH_SERVICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let seconds: u64 = std::env::var("OZG_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("platform-bench");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let data = scratch.join("data");
    let admin = token(&data, "bench-admin", "admin");
    let apply = token(&data, "bench-frontend", "apply");
    let read = token(&data, "bench-reader", "read");
    let mut server = Server::start(&data, &scratch);
    println!(
        "ozg serve at {} (data on {}), {} cores",
        server.base,
        data.display(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );

    // A small state first: reads and applications against one service.
    let permit_files = vec![
        ("ozg.toml".to_owned(), config()),
        ("services/permit/service.toml".to_owned(), PERMIT.to_owned()),
    ];
    let (status, _) = server.publish(&admin, &bundle(&permit_files, &[]));
    assert_eq!(status, 201, "the permit service is published");
    let load_tool = which("wrk");
    if let Some(tool) = &load_tool {
        run_wrk(
            tool,
            &scratch,
            &server,
            "state reads, 1 service",
            &read,
            None,
            seconds,
        );
        let body = r#"{"input":{"holder":"Erika Mustermann","vehicle_length":4.85}}"#;
        run_wrk(
            tool,
            &scratch,
            &server,
            "application submissions",
            &apply,
            Some(("/api/v1/services/permit/applications", body)),
            seconds,
        );
    } else {
        println!(
            "wrk is not installed: run benches/platform-load.sh to measure reads and submissions"
        );
    }

    measure_publishes(&server, &admin, &scratch, count);

    if let Some(tool) = &load_tool {
        println!();
        run_wrk(
            tool,
            &scratch,
            &server,
            &format!("state reads, {} services", count + 1),
            &read,
            None,
            seconds,
        );
    }
    server.stop();
}

/// Times publishing a generated bundle of `count` services (and the
/// permit service), in the ways a pipeline publishes.
fn measure_publishes(server: &Server, admin: &str, scratch: &Path, count: usize) {
    let source = scratch.join("repository");
    support::write_repository(&source, count).unwrap();
    let mut files = read_files(&source);
    files.push(("services/permit/service.toml".to_owned(), PERMIT.to_owned()));
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    println!(
        "\nbundle: {count} services, {:.1} MB of model files",
        mb(bytes)
    );

    let (took, status, size) = server.timed_publish(admin, &files, &[], false);
    assert_eq!(status, 201);
    println!(
        "publish, all new:                 {:>8.0} ms  ({:.1} MB request)",
        ms(took),
        mb(size)
    );

    let changed: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| {
            let t = if p.ends_with("service.toml") {
                format!("{t}# changed\n")
            } else {
                t.clone()
            };
            (p.clone(), t)
        })
        .collect();
    let (took, status, _) = server.timed_publish(admin, &changed, &[], true);
    assert_eq!(status, 200);
    println!("dry run, every service changed:   {:>8.0} ms", ms(took));
    let (took, status, _) = server.timed_publish(admin, &changed, &[], false);
    assert_eq!(status, 201);
    println!("publish, every service changed:   {:>8.0} ms", ms(took));

    let mut one_changed = changed.clone();
    let first = one_changed
        .iter_mut()
        .find(|(p, _)| p.ends_with("service_00000/service.toml"))
        .unwrap();
    first.1.push_str("# once more\n");
    let first_path = first.0.clone();
    let (took, status, size) =
        server.timed_publish(admin, &one_changed, &[first_path.as_str()], false);
    assert_eq!(status, 201);
    println!(
        "publish, one changed, rest by hash: {:>7.0} ms  ({:.2} MB request)",
        ms(took),
        mb(size)
    );
}

fn config() -> String {
    "[project]\nname = \"Benchmark\"\nformat = 1\nstate = \"NW\"\n".to_owned()
}

fn token(data: &Path, name: &str, scope: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(["serve", "token", "add", name, "--scope", scope, "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

struct Server {
    child: Child,
    base: String,
    client: reqwest::blocking::Client,
}

impl Server {
    fn start(data: &Path, scratch: &Path) -> Server {
        // HTTPS support needs its cryptography chosen before a client is built.
        ozg::publish::client::install_crypto();
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .unwrap();
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let base = format!("http://127.0.0.1:{port}");
            let mut child = Command::new(env!("CARGO_BIN_EXE_ozg"))
                .args(["serve", "--data"])
                .arg(data)
                .args(["--listen", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(scratch.join("server.log")).unwrap())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if client
                    .get(format!("{base}/api/v1/health"))
                    .send()
                    .is_ok_and(|r| r.status() == 200)
                {
                    return Server {
                        child,
                        base,
                        client,
                    };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("ozg serve did not start");
    }

    fn publish(&self, token: &str, request: &ReleaseRequest) -> (u16, usize) {
        self.send(token, request, "")
    }

    fn send(&self, token: &str, request: &ReleaseRequest, query: &str) -> (u16, usize) {
        let body = serde_json::to_vec(request).unwrap();
        let size = body.len();
        let reply = self
            .client
            .post(format!("{}/api/v1/releases{query}", self.base))
            .bearer_auth(token)
            .header("if-match", "*")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap();
        let status = reply.status().as_u16();
        let text = reply.text().unwrap_or_default();
        assert!(status < 300, "{status}: {}", &text[..text.len().min(2000)]);
        (status, size)
    }

    /// Publishes (or plans) `files`, from building the request to the
    /// answer; only `with_content` paths carry content when given.
    fn timed_publish(
        &self,
        token: &str,
        files: &[(String, String)],
        with_content: &[&str],
        dry_run: bool,
    ) -> (Duration, u16, usize) {
        let started = Instant::now();
        let request = bundle(files, with_content);
        let query = if dry_run { "?dry_run=true" } else { "" };
        let (status, size) = self.send(token, &request, query);
        (started.elapsed(), status, size)
    }

    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn bundle(files: &[(String, String)], with_content: &[&str]) -> ReleaseRequest {
    ReleaseRequest {
        commit: Some("0000000000000000000000000000000000000000".to_owned()),
        author: Some("Benchmark".to_owned()),
        message: Some("load test".to_owned()),
        files: files
            .iter()
            .map(|(path, text)| BundleFile {
                path: path.clone(),
                sha256: sha256(text.as_bytes()),
                content: (with_content.is_empty() || with_content.contains(&path.as_str()))
                    .then(|| text.clone()),
            })
            .collect(),
        remove_services: Vec::new(),
        dry_run: false,
    }
}

fn read_files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// Runs `wrk` with two threads and 16 connections against the state or,
/// with `post`, against an endpoint taking a JSON body.
fn run_wrk(
    tool: &Path,
    scratch: &Path,
    server: &Server,
    what: &str,
    token: &str,
    post: Option<(&str, &str)>,
    seconds: u64,
) {
    let script = scratch.join("wrk.lua");
    let (path, lua) = match post {
        Some((path, body)) => (
            path,
            format!(
                "wrk.method = \"POST\"\nwrk.body = '{body}'\n\
                 wrk.headers[\"Content-Type\"] = \"application/json\"\n\
                 wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n"
            ),
        ),
        None => (
            "/api/v1/state",
            format!("wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n"),
        ),
    };
    std::fs::write(&script, lua).unwrap();
    let output = Command::new(tool)
        .args(["-t2", "-c16", &format!("-d{seconds}s"), "--latency", "-s"])
        .arg(&script)
        .arg(format!("{}{path}", server.base))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let find = |label: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .map(|l| l.trim().to_owned())
            .unwrap_or_default()
    };
    println!("{what} (wrk, 2 threads, 16 connections, {seconds} s):");
    println!("    {}", find("Requests/sec:"));
    println!("    latency {}", find("50%").replace("  ", " "));
    println!("    latency {}", find("99%").replace("  ", " "));
    let errors = find("Non-2xx");
    if !errors.is_empty() {
        println!("    {errors}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[allow(clippy::cast_precision_loss)]
fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}
