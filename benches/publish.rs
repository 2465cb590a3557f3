//! `ozg publish` end to end, as a pipeline runs it: the real binary
//! against the real `ozg serve` on loopback, on a generated repository of
//! 1,000 services committed to git.
//!
//! Each publish is one process, so every figure includes everything a
//! user waits for: reading and hashing the files, comparing them with
//! `HEAD`, linting, running the scenarios, reading the platform's state,
//! sending the bundle, the platform's checks and its durable write. Four
//! cases, each repeated on a fresh platform and shown as min / median /
//! max:
//!
//! - the first publish (every service new, all content sent);
//! - the same commit again (nothing to publish);
//! - one service changed, with `--yes` (one file's content sent, the
//!   change put into words);
//! - `ozg status` against the platform.
//!
//! Run with `cargo bench --bench publish`; `OZG_BENCH_SERVICES` changes the
//! repository size, `OZG_BENCH_ROUNDS` the repetitions. Needs `git`.
//! See docs/benchmarks.md.

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ozg");

fn main() {
    let count: usize = std::env::var("OZG_BENCH_SERVICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let rounds: usize = std::env::var("OZG_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let repo = scratch.path().join("repo");
    let bytes = support::write_repository(&repo, count).expect("the repository is written");
    git(&repo, &["init", "-q"]);
    commit(&repo, "Generated services");
    println!(
        "ozg publish of {count} services ({:.1} MB of service files), {rounds} rounds",
        megabytes(bytes)
    );

    let mut first = Vec::new();
    let mut again = Vec::new();
    let mut one_changed = Vec::new();
    let mut status = Vec::new();
    for round in 0..rounds {
        let data = scratch.path().join(format!("data-{round}"));
        let token = token(&data);
        let server = Server::start(&data);
        let url = server.base.clone();

        first.push(timed(&repo, &token, &["publish", "--url", &url, "--yes"]));
        again.push(timed(&repo, &token, &["publish", "--url", &url, "--yes"]));
        change_one(&repo, round);
        commit(&repo, "Change one service");
        one_changed.push(timed(&repo, &token, &["publish", "--url", &url, "--yes"]));
        status.push(timed(&repo, &token, &["status", "--url", &url]));
    }
    report("first publish (all new)", &mut first);
    report("same commit again (nothing to publish)", &mut again);
    report("one service changed (--yes)", &mut one_changed);
    report("ozg status", &mut status);
}

// A size in megabytes only needs a few digits.
#[allow(clippy::cast_precision_loss)]
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Runs `ozg` in the repository and returns how long it took; a failure
/// ends the benchmark, since its time would mean nothing.
fn timed(repo: &Path, token: &str, args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = Command::new(BIN)
        .args(args)
        .current_dir(repo)
        .env("OZG_TOKEN", token)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("ozg runs");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "ozg {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {name:<42} min {:>7.0} ms   median {:>7.0} ms   max {:>7.0} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// Raises the fee of one service, a different one each round.
fn change_one(repo: &Path, round: usize) {
    let path = repo
        .join("services")
        .join(format!("service_{:05}", round * 7))
        .join("service.toml");
    let text = std::fs::read_to_string(&path).expect("the service exists");
    let changed = text.replacen("label = \"", "label = \"Geändert: ", 1);
    assert_ne!(text, changed);
    std::fs::write(&path, changed).expect("the service is written");
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn token(data: &Path) -> String {
    let output = Command::new(BIN)
        .args(["serve", "token", "add", "bench", "--scope", "read"])
        .args(["--scope", "publish", "--data"])
        .arg(data)
        .output()
        .expect("ozg serve token add runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// `ozg serve` on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path) -> Server {
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let mut child = Command::new(BIN)
                .args(["serve", "--data"])
                .arg(data)
                .args(["--listen", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("ozg serve starts");
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Server {
                        child,
                        base: format!("http://127.0.0.1:{port}"),
                    };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("ozg serve did not start");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
