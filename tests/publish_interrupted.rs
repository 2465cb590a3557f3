//! A platform killed with SIGKILL while `ozg publish` sends a release:
//! after a restart the platform serves either the old release or the
//! whole new one, never a part, and publishing again completes the
//! change.
//!
//! The platform's own atomicity is tested in `platform_durability.rs`;
//! this is the same failure as a user of `ozg publish` meets it.

#[path = "../benches/support/mod.rs"]
mod bench_support;
mod platform_support;
mod publish_support;

use std::path::Path;
use std::time::Instant;

use platform_support::{Running, spawn, token_in};
use publish_support::Repo;
use serde_json::Value;

const SERVICES: usize = 100;

/// Changes the title of every generated service, so that a release
/// changes all of them.
fn change_every_service(root: &Path) {
    for entry in std::fs::read_dir(root.join("services")).unwrap() {
        let path = entry.unwrap().path().join("service.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("title = \"", "title = \"Neu: ", 1)).unwrap();
    }
}

/// How many services `ozg status` finds in each standing.
fn standings(repo: &Repo, token: &str, base: &str) -> (usize, usize) {
    let run = repo.ozg(Some(token), &["status", "--url", base, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let status: Value = serde_json::from_str(&run.stdout).unwrap();
    let services = status["services"].as_array().unwrap();
    let count = |standing: &str| {
        services
            .iter()
            .filter(|s| s["standing"] == standing)
            .count()
    };
    (count("in_sync"), count("not_published"))
}

#[test]
fn a_publish_cut_off_by_a_killed_platform_leaves_a_whole_state_and_can_be_repeated() {
    let repo = Repo {
        dir: tempfile::tempdir().unwrap(),
    };
    bench_support::write_repository(repo.path(), SERVICES).unwrap();
    repo.git(&["init", "-q"]);
    repo.commit("Generated services");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token_in(&data, "ci", &["publish"]);
    ozg::publish::client::install_crypto();
    let client = reqwest::blocking::Client::new();
    let start = |round: u32| {
        let log = dir.path().join(format!("server-{round}.log"));
        (0..10)
            .find_map(|_| spawn(&data, &[], &log, &client))
            .map(|(child, base)| (Running(child), base))
            .expect("the server starts")
    };

    // The first release, undisturbed, shows how long a publish takes.
    let (mut server, base) = start(0);
    let started = Instant::now();
    let run = repo.ozg(Some(&token), &["publish", "--url", &base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let took = started.elapsed();

    change_every_service(repo.path());
    repo.commit("Retitle every service");
    let publish = repo
        .command(
            Some(&token),
            &["publish", "--url", &base, "--yes", "--retries", "0"],
        )
        .spawn()
        .unwrap();
    // The checks take most of a publish; the release travels at its end.
    std::thread::sleep(took.mul_f64(0.8));
    server.kill();
    let cut_off = publish.wait_with_output().unwrap();
    let code = cut_off.status.code();
    assert!(code == Some(0) || code == Some(2), "{cut_off:?}");

    let (_server, base) = start(1);
    let (in_sync, not_published) = standings(&repo, &token, &base);
    assert!(
        (in_sync, not_published) == (SERVICES, 0) || (in_sync, not_published) == (0, SERVICES),
        "a partial state: {in_sync} in sync, {not_published} not published"
    );
    if code == Some(0) {
        assert_eq!(in_sync, SERVICES, "an acknowledged release was lost");
    }

    let run = repo.ozg(Some(&token), &["publish", "--url", &base, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let run = repo.ozg(Some(&token), &["status", "--url", &base, "--exit-code"]);
    assert_eq!(run.code, 0, "{}", run.all());
}
