//! `ozg diff A B` on a generated repository of 10,000 services in git, in
//! which the second commit changes 100 of them. Unchanged services are
//! recognised by their tree ids and never parsed, so the time should grow
//! with the number of changed services, not with the size of the
//! repository.
//!
//! It also times `ozg diff A B --cases --sample 100` in process: 100
//! generated applications run through both versions of each of the 100
//! changed services.
//!
//! Run with `cargo bench --bench diff`; `OZG_BENCH_SERVICES` changes the
//! number of services. The benchmark uses the `git` program to build the
//! repository; `ozg` itself reads it through gix.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CHANGED: usize = 100;
/// Generated applications per changed service for the behavioural diff.
const CASES_SAMPLE: usize = 100;

fn main() {
    let count: usize = std::env::var("OZG_BENCH_SERVICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{count}"));
    prepare(&root, count);
    println!("repository: {count} services in git, {CHANGED} changed in the second commit");

    let mut stats = None;
    let library = best_of(5, || {
        let diff = ozg::diff::diff_revisions(&root, "HEAD~1", Some("HEAD"), &[]).unwrap();
        assert_eq!(diff.services.len(), CHANGED.min(count));
        stats = Some(diff.stats);
    });
    let cli = best_of(3, || {
        let exit = Command::new(env!("CARGO_BIN_EXE_ozg"))
            .args([
                "diff",
                "HEAD~1",
                "HEAD",
                "--format",
                "json",
                "--output",
                "/dev/null",
            ])
            .current_dir(&root)
            .status()
            .unwrap();
        assert_eq!(exit.code(), Some(0));
    });
    // The behavioural comparison runs generated applications through both
    // versions of each changed service; its time grows with the number of
    // changed services times the sample.
    let options = ozg::diff::CaseOptions {
        sample: CASES_SAMPLE,
        seed: 1,
    };
    let mut compared = 0;
    let cases = best_of(3, || {
        let diff =
            ozg::diff::diff_revisions_with(&root, "HEAD~1", Some("HEAD"), &[], Some(&options))
                .unwrap();
        let behaviour = diff.behaviour.unwrap();
        compared = behaviour
            .services
            .iter()
            .filter_map(|s| s.sample.as_ref())
            .map(|s| s.valid_both)
            .sum::<usize>();
        assert!(behaviour.services.iter().all(|s| s.problems.is_empty()));
    });
    let stats = stats.unwrap();
    println!(
        "services: {}, skipped unchanged: {}, service files parsed: {}",
        stats.services, stats.unchanged_skipped, stats.service_files_parsed
    );
    println!("diff (library):        {:>8.1} ms", ms(library));
    println!("ozg diff A B (process):{:>8.1} ms", ms(cli));
    println!(
        "diff --cases --sample {CASES_SAMPLE} (library): {:>8.1} ms ({compared} applications \
         valid under both versions, compared)",
        ms(cases)
    );
}

fn prepare(root: &Path, count: usize) {
    let marker = root.join(".git/ozg-bench");
    let expected = format!("{count} {}", support::service(0).len());
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(expected.as_str()) {
        return;
    }
    let _ = std::fs::remove_dir_all(root);
    support::write_repository(root, count).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "all services"]);
    // Every hundredth service gets a higher fee.
    let step = (count / CHANGED).max(1);
    for i in (0..count).step_by(step).take(CHANGED) {
        let file = root.join(format!("services/service_{i:05}/service.toml"));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("* 13.00", "* 15.00")).unwrap();
    }
    git(root, &["commit", "-q", "-a", "-m", "fee change"]);
    git(root, &["gc", "-q"]);
    std::fs::write(&marker, expected).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
        ])
        .args(["-c", "commit.gpgsign=false"])
        // A commit of 10,000 files starts git's automatic housekeeping in
        // the background, which then refuses the explicit `git gc`.
        .args(["-c", "gc.auto=0"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The fastest of `runs` timings: the least disturbed by other work.
fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
