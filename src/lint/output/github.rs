//! The GitHub format: workflow commands that GitHub Actions shows as
//! annotations on the lines of a pull request.
//!
//! One command per finding: `::error file=…,line=…,col=…,endLine=…,
//! endColumn=…,title=OZG302 unreachable-step::message`. Warnings become
//! `::warning`, information `::notice`. The path is the one the file was
//! reached by, which is relative to the checkout when `ozg lint` runs in
//! the repository's root, as workflows usually do.

use std::io::{self, Write};

use super::{display_path, messages};
use crate::lint::{Finding, Report, Severity};

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message part of a workflow command, so that a line break
/// or a percent sign in it does not end or corrupt the command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which additionally must not contain the
/// separators `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn line(finding: &Finding<'_>) -> String {
    let title = format!("{} {}", finding.rule.code, finding.rule.name);
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(finding.severity),
        escape_property(&display_path(finding.file)),
        finding.start.line,
        finding.start.column,
        finding.end.line,
        finding.end.column,
        escape_property(&title),
        escape_data(&messages::with_help(finding.message, finding.help)),
    )
}

/// Writes one workflow command per finding.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for finding in report.findings() {
        writeln!(out, "{}", line(&finding))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_escaping_keeps_commands_on_one_line() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
    }

    #[test]
    fn property_escaping_hides_separators() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
