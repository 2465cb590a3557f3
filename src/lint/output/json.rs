//! The JSON format: ozg's own machine-readable list of findings.
//!
//! An array with one object per finding, in file and position order. The
//! fields are documented in `docs/output.md` and are part of ozg's
//! interface: fields may be added, but none is renamed or removed.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::{Finding, RelatedFinding, Report};

#[derive(Debug, Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'static str,
    name: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonRelated<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

fn path(file: &crate::source::SourceFile) -> String {
    file.path.to_string_lossy().into_owned()
}

impl<'a> From<&Finding<'a>> for JsonFinding<'a> {
    fn from(f: &Finding<'a>) -> Self {
        JsonFinding {
            file: path(f.file),
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            severity: f.severity.name(),
            code: f.rule.code,
            name: f.rule.name,
            message: f.message,
            help: f.help,
            related: f.related.iter().map(JsonRelated::from).collect(),
        }
    }
}

impl<'a> From<&RelatedFinding<'a>> for JsonRelated<'a> {
    fn from(r: &RelatedFinding<'a>) -> Self {
        JsonRelated {
            file: path(r.file),
            line: r.start.line,
            column: r.start.column,
            end_line: r.end.line,
            end_column: r.end.column,
            message: r.message,
        }
    }
}

/// Writes the findings as a pretty-printed JSON array.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.findings();
    let items: Vec<JsonFinding<'_>> = findings.iter().map(JsonFinding::from).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::render;
    use crate::lint::{Diagnostic, Report, RepositoryReport, find_rule};
    use crate::source::{SourceFile, SourceMap, Span};

    #[test]
    fn help_is_null_when_a_finding_has_none() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("ozg.toml", "[project]\n"));
        let rule = find_rule("OZG108").unwrap();
        let report = Report {
            repositories: vec![RepositoryReport {
                root: PathBuf::from("."),
                sources,
                diagnostics: vec![Diagnostic::new(rule, file, Span::new(1, 8), "no format")],
                files_checked: 1,
            }],
        };
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(parsed[0]["help"].is_null());
        assert_eq!(parsed[0]["message"], "no format");
        assert_eq!(parsed[0]["related"], serde_json::json!([]));
    }
}
