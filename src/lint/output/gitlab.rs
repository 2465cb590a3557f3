//! The GitLab format: a Code Quality report, which GitLab shows in merge
//! requests and compares between the source and the target branch.
//!
//! GitLab recognises a finding across pipelines by its fingerprint. It is
//! a SHA-256 of the rule code, the file's path in the repository and the
//! message, without the line: a finding keeps its fingerprint when lines
//! are added above it. Findings that would share a fingerprint (the same
//! message twice in one file) are told apart by their order.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::lint::{Finding, Report, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The Code Quality severity of a finding.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The fingerprint of the `occurrence`-th (from 0) finding with this code,
/// path and message.
pub fn fingerprint(code: &str, path: &str, message: &str, occurrence: usize) -> String {
    let mut hasher = Sha256::new();
    // Each part ends with a NUL, which none of them contains, so that
    // different splits of the same characters give different hashes.
    for part in [code, path, message] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    if occurrence > 0 {
        hasher.update(occurrence.to_string().as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn issue<'a>(finding: &Finding<'a>, occurrence: usize) -> Issue<'a> {
    Issue {
        description: format!("{}: {}", finding.rule.code, finding.message),
        check_name: finding.rule.code,
        fingerprint: fingerprint(
            finding.rule.code,
            &finding.file.relative,
            finding.message,
            occurrence,
        ),
        severity: severity(finding.severity),
        location: Location {
            path: &finding.file.relative,
            lines: Lines {
                begin: finding.start.line,
            },
        },
    }
}

/// Writes the report as a Code Quality JSON array.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.findings();
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let count = seen
                .entry((f.rule.code, f.file.relative.as_str(), f.message))
                .or_insert(0);
            let occurrence = *count;
            *count += 1;
            issue(f, occurrence)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_a_stable_sha256() {
        let first = fingerprint("OZG302", "services/a/service.toml", "m", 0);
        // printf 'OZG302\0services/a/service.toml\0m\0' | sha256sum
        assert_eq!(
            first,
            "695e27ec65d0c2ea4958de7c4d5d289582a1267195796997e2bbec9d6d97f014"
        );
    }

    #[test]
    fn fingerprint_tells_repeated_findings_apart() {
        assert_ne!(
            fingerprint("OZG302", "a.toml", "m", 0),
            fingerprint("OZG302", "a.toml", "m", 1)
        );
        assert_ne!(
            fingerprint("OZG302", "a.toml", "m", 0),
            fingerprint("OZG302", "a.tom", "lm", 0)
        );
    }
}
