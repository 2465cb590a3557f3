//! The legal-change history of the residents' parking permit, committed
//! version by version into a git repository: the markdown report of each
//! step names every fee change with its old and new amounts and the date
//! from which it applies.

mod diff_support;

use std::path::{Path, PathBuf};

use diff_support::{commit, git, ozg};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A repository with one commit per version of the parking permit, oldest
/// first, named by its date.
fn history() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let history = samples().join("history/bewohnerparkausweis");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    versions.sort();
    let config = std::fs::read_to_string(samples().join("ozg.toml")).unwrap();
    let mut dates = Vec::new();
    for version in &versions {
        let text = std::fs::read_to_string(version).unwrap();
        let date = version.file_stem().unwrap().to_string_lossy().into_owned();
        commit(
            dir.path(),
            &[
                ("ozg.toml", &config),
                ("services/bewohnerparkausweis/service.toml", &text),
            ],
            &date,
        );
        git(dir.path(), &["tag", &date]);
        dates.push(date);
    }
    (dir, dates)
}

fn markdown(dir: &Path, from: &str, to: &str) -> String {
    let (code, stdout, stderr) = ozg(dir, &["diff", from, to, "--format", "markdown"]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn the_history_has_four_versions() {
    let (_, dates) = history();
    assert_eq!(
        dates,
        ["2020-01-01", "2022-04-01", "2023-06-13", "2023-12-01"]
    );
}

#[test]
fn the_2022_statute_shows_30_euros_becoming_240_360_and_480_euros() {
    let (dir, _) = history();
    let report = markdown(dir.path(), "2020-01-01", "2022-04-01");
    assert!(
        report.contains(
            "fee `annual_fee` amount: 30,00 € → 240,00 € / 360,00 € / 480,00 € / 60,00 € / \
             90,00 € / 120,00 € (by reduction\\_reason, vehicle\\_length) (from 2022-04-01)"
        ),
        "{report}"
    );
}

#[test]
fn the_court_ruling_shows_the_amounts_falling_back_to_30_euros() {
    let (dir, _) = history();
    let report = markdown(dir.path(), "2022-04-01", "2023-06-13");
    assert!(
        report.contains(
            "fee `annual_fee` amount: 240,00 € / 360,00 € / 480,00 € / 60,00 € / 90,00 € / \
             120,00 € (by reduction\\_reason, vehicle\\_length) → 30,00 € (from 2023-06-13)"
        ),
        "{report}"
    );
}

#[test]
fn the_flat_fee_of_december_2023_shows_30_euros_becoming_200_euros() {
    let (dir, _) = history();
    let report = markdown(dir.path(), "2023-06-13", "2023-12-01");
    assert!(
        report.contains("fee `annual_fee` amount: 30,00 € → 200,00 € (from 2023-12-01)"),
        "{report}"
    );
    assert!(report.contains("applies from **2023-12-01**"), "{report}");
}
