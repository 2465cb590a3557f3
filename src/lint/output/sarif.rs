//! The SARIF format (Static Analysis Results Interchange Format, 2.1.0),
//! as GitHub code scanning and other SARIF viewers read it.
//!
//! One run, whose tool lists every rule with its documentation, so that a
//! viewer can explain a finding without ozg at hand. File locations are
//! relative to the model repository's root and marked with the base id
//! `%SRCROOT%`, which code scanning resolves against the checked-out
//! repository. Columns count Unicode characters, as ozg does everywhere;
//! the run says so in `columnKind`, since SARIF's default is UTF-16 code
//! units.

use std::io::{self, Write};

use serde::Serialize;

use super::messages;
use crate::lint::rules::docs;
use crate::lint::{Finding, RULES, Report, Rule, Severity};
use crate::source::{LineCol, SourceFile};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: &'a str,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text {
            text: rule.summary.to_owned(),
        },
        full_description: Text {
            text: rule.explanation.to_owned(),
        },
        help: Help {
            text: docs::text(rule),
            markdown: docs::markdown(rule),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

fn physical(file: &SourceFile, start: LineCol, end: LineCol) -> PhysicalLocation<'_> {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: &file.relative,
            uri_base_id: SRCROOT,
        },
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
    }
}

fn result<'a>(finding: &Finding<'a>, rules: &[&Rule]) -> SarifResult<'a> {
    SarifResult {
        rule_id: finding.rule.code,
        rule_index: rules
            .iter()
            .position(|r| r.code == finding.rule.code)
            .unwrap_or_default(),
        level: level(finding.severity),
        message: Text {
            text: messages::with_help(finding.message, finding.help),
        },
        locations: vec![SarifLocation {
            id: None,
            physical_location: physical(finding.file, finding.start, finding.end),
            message: None,
        }],
        related_locations: finding
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| SarifLocation {
                id: Some(i + 1),
                physical_location: physical(r.file, r.start, r.end),
                message: Some(Text {
                    text: r.message.to_owned(),
                }),
            })
            .collect(),
    }
}

/// Writes the report as one SARIF log.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.findings();

    // Every registered rule is listed; a finding of a rule missing from the
    // registry still gets its descriptor, so that each `ruleIndex` is right.
    let mut rules: Vec<&Rule> = RULES.to_vec();
    for finding in &findings {
        if !rules.iter().any(|r| r.code == finding.rule.code) {
            rules.push(finding.rule);
        }
    }

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "ozg",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: rules.iter().map(|r| descriptor(r)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: findings.iter().map(|f| result(f, &rules)).collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
