//! The SARIF output of `ozg lint` passes Microsoft's SARIF validator (the
//! `validate` command of the SARIF Multitool, npm package
//! `@microsoft/sarif-multitool`), which checks the log against the SARIF
//! 2.1.0 schema and the rules that code scanning services rely on.
//!
//! The validator is installed into `target/npm-tools` the first time (or by
//! `.ci/install-lint-tools`); `OZG_SARIF_MULTITOOL` may name another copy.
//! When neither npm nor the validator can be had, the test fails in CI
//! (`CI` set) and is skipped elsewhere, with a message on stderr.

mod cli_lint_support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use cli_lint_support::{CLEAN_SERVICE, MIXED_SERVICE, Repo};
use serde_json::Value;

const PACKAGE: &str = "@microsoft/sarif-multitool@5.7.0";

fn tools_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/npm-tools")
}

fn installed() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("OZG_SARIF_MULTITOOL") {
        return Some(PathBuf::from(path));
    }
    let bin = tools_folder().join("node_modules/.bin/sarif-multitool");
    bin.is_file().then_some(bin)
}

fn install() -> Result<PathBuf, String> {
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(tools_folder())
        .arg(PACKAGE)
        .status()
        .map_err(|e| format!("npm cannot be run: {e}"))?;
    if !status.success() {
        return Err(format!("npm install {PACKAGE} failed ({status})"));
    }
    make_executable();
    installed().ok_or_else(|| format!("npm installed {PACKAGE}, but sarif-multitool is missing"))
}

/// The package makes its binary executable in an install script, which
/// newer npm versions do not run without approval.
#[cfg(unix)]
fn make_executable() {
    use std::os::unix::fs::PermissionsExt;
    let binary =
        tools_folder().join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    if let Ok(metadata) = std::fs::metadata(&binary) {
        let mut permissions = metadata.permissions();
        permissions.set_mode(permissions.mode() | 0o100);
        let _ = std::fs::set_permissions(&binary, permissions);
    }
}

#[cfg(not(unix))]
fn make_executable() {}

/// The validator, or `None` when the test is to be skipped. The tests of
/// this file run in parallel; the lock makes them install it only once
/// and say only once why they skip.
fn multitool() -> Option<PathBuf> {
    static TOOL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let tool = TOOL.get_or_init(|| {
        let tool = installed().map_or_else(install, Ok);
        if let Err(reason) = &tool
            && std::env::var_os("CI").is_none()
        {
            // Written past the test harness's capture, so that the skip
            // is seen even though the tests pass.
            let _ = writeln!(
                std::io::stderr(),
                "skipping SARIF validation: {reason}; run .ci/install-lint-tools"
            );
        }
        tool
    });
    match tool {
        Ok(path) => Some(path.clone()),
        Err(reason) if std::env::var_os("CI").is_some() => {
            panic!("the SARIF validator is required in CI: {reason}; run .ci/install-lint-tools")
        }
        Err(_) => None,
    }
}

/// The SARIF 2.1.0 schema the validator ships, so that the log is also
/// checked against the schema.
fn schema() -> Option<PathBuf> {
    let path =
        tools_folder().join("node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json");
    path.is_file().then_some(path)
}

/// A problem the validator found.
#[derive(Debug)]
struct Complaint {
    level: String,
    rule: String,
    text: String,
}

/// Validates a SARIF file; returns the validator's complaints.
fn validate(tool: &Path, sarif: &Path) -> Vec<Complaint> {
    let log = sarif.with_extension("validation.sarif");
    let mut command = Command::new(tool);
    command
        .arg("validate")
        .arg(sarif)
        .arg("--output")
        .arg(&log)
        .args(["--log", "ForceOverwrite"])
        // The validator runs on .NET, which needs ICU unless told not to.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
    if let Some(schema) = schema() {
        command.arg("--json-schema").arg(schema);
    }
    let output = command.output().expect("the SARIF validator runs");
    assert!(
        output.status.success(),
        "the SARIF validator failed to run:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&log).expect("the validator writes its log");
    let log: Value = serde_json::from_str(&text).expect("the validator's log is JSON");
    log["runs"][0]["results"]
        .as_array()
        .expect("the validator's log has results")
        .iter()
        .map(|r| Complaint {
            // SARIF's default level of a result is `warning`.
            level: r["level"].as_str().unwrap_or("warning").to_owned(),
            rule: r["ruleId"].as_str().unwrap_or_default().to_owned(),
            text: r["message"]["text"]
                .as_str()
                .or_else(|| r["message"]["id"].as_str())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

fn lint_to_sarif(repo: &Repo) -> PathBuf {
    let run = repo.run(&["lint", "--format", "sarif", "--output", "ozg.sarif"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    repo.join("ozg.sarif")
}

fn assert_valid(tool: &Path, sarif: &Path) {
    let complaints = validate(tool, sarif);
    for c in complaints.iter().filter(|c| c.level != "error") {
        eprintln!("SARIF validator {} {}: {}", c.level, c.rule, c.text);
    }
    let errors: Vec<&Complaint> = complaints.iter().filter(|c| c.level == "error").collect();
    assert!(
        errors.is_empty(),
        "the SARIF output is not valid: {errors:#?}"
    );
}

#[test]
fn sarif_with_errors_warnings_and_related_places_is_valid() {
    let Some(tool) = multitool() else { return };
    let repo = Repo::with_service(MIXED_SERVICE);
    assert_valid(&tool, &lint_to_sarif(&repo));
}

#[test]
fn sarif_without_findings_is_valid() {
    let Some(tool) = multitool() else { return };
    let repo = Repo::with_service(CLEAN_SERVICE);
    assert_valid(&tool, &lint_to_sarif(&repo));
}

/// The validator must be able to fail: a log with a line number of 0 is
/// reported as an error. Without this, a validator that checked nothing
/// would let every test above pass.
#[test]
fn validator_rejects_a_broken_log() {
    let Some(tool) = multitool() else { return };
    let repo = Repo::with_service(MIXED_SERVICE);
    let sarif = lint_to_sarif(&repo);
    let mut log: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).expect("SARIF is JSON");
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let broken = repo.join("broken.sarif");
    std::fs::write(&broken, serde_json::to_string(&log).unwrap()).unwrap();
    let complaints = validate(&tool, &broken);
    assert!(
        complaints.iter().any(|c| c.level == "error"),
        "the validator accepted a broken log: {complaints:#?}"
    );
}
