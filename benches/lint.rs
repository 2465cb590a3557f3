//! `ozg lint` on a generated repository of 10,000 services, beside two
//! floors measured in the same run: reading the files, and parsing them
//! into `toml::Value`. The floors use the same thread pool as the linter,
//! so that the comparison is fair on any number of cores.
//!
//! Run with `cargo bench --bench lint`; `OZG_BENCH_SERVICES` changes the
//! number of services. See docs/benchmarks.md.

// Byte counts are shown in megabytes; precision beyond that does not matter.
#![allow(clippy::cast_precision_loss)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let count: usize = std::env::var("OZG_BENCH_SERVICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("lint-{count}"));
    let bytes = prepare(&root, count);
    let files = service_files(&root);
    println!(
        "repository: {count} services, {:.1} MB, {:.1} KB per service on average, {} threads",
        bytes as f64 / 1e6,
        bytes as f64 / count as f64 / 1e3,
        rayon::current_num_threads()
    );

    let read = best_of(5, || {
        let total: usize = files
            .par_iter()
            .map(|f| std::fs::read(f).unwrap().len())
            .sum();
        assert!(total > 0);
    });
    let parse = best_of(5, || {
        let tables: usize = files
            .par_iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                let value: toml::Value = toml::from_str(&text).unwrap();
                value.as_table().map_or(0, toml::Table::len)
            })
            .sum();
        assert!(tables > 0);
    });
    let mut findings = 0;
    let lint = best_of(5, || {
        let report = ozg::lint::lint_paths(std::slice::from_ref(&root)).unwrap();
        findings = report.findings().len();
    });
    let cli = best_of(3, || {
        let status = Command::new(env!("CARGO_BIN_EXE_ozg"))
            .args(["lint", "--format", "json", "--output", "/dev/null"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(status.code().is_some());
    });

    println!("read floor:           {:>8.1} ms", ms(read));
    println!("parse floor (toml):   {:>8.1} ms", ms(parse));
    println!(
        "lint (library):       {:>8.1} ms   {:.2}× the parse floor",
        ms(lint),
        ratio(lint, parse)
    );
    println!(
        "ozg lint (process):   {:>8.1} ms   {:.2}× the parse floor",
        ms(cli),
        ratio(cli, parse)
    );
    println!("findings: {findings}");
}

fn prepare(root: &Path, count: usize) -> u64 {
    let marker = root.join(".generated");
    let expected = format!("{count} {}", support::service(0).len());
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(expected.as_str()) {
        let _ = std::fs::remove_dir_all(root);
        support::write_repository(root, count).unwrap();
        std::fs::write(&marker, expected).unwrap();
    }
    service_files(root)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum()
}

fn service_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("services"))
        .unwrap()
        .map(|e| e.unwrap().path().join("service.toml"))
        .collect();
    files.sort();
    files
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

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
