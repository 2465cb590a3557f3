//! The `JUnit` format: XML that the test report widgets of GitLab, GitHub
//! Actions (through reporting actions) and Jenkins read.
//!
//! Each repository is a test suite and each checked file a test case,
//! named by its path in the repository. A file passes when nothing in it
//! fails the run. A failing file has one `<failure>` that lists every
//! finding that fails it: most readers, GitLab's among them, show only one
//! failure per test case, so one per finding would hide all but the first.
//! Findings that do not fail the run (warnings, unless they are denied, and
//! information) are listed in the test case's `<system-out>`.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Options, fails_run, messages};
use crate::lint::{Finding, Report, RepositoryReport, Severity};
use crate::source::SourceFile;

/// Writes the report as a `JUnit` XML document.
pub fn render(report: &Report, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.findings();
    let suites: Vec<Suite<'_, '_>> = report
        .repositories
        .iter()
        .map(|repo| Suite::new(repo, &findings, options.deny_warnings))
        .collect();

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    writer
        .create_element("testsuites")
        .with_attribute(("name", "ozg lint"))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|w| suites.iter().try_for_each(|s| s.write(w)))?;
    writeln!(out)
}

/// The test cases of one repository.
struct Suite<'r, 'f> {
    name: String,
    cases: Vec<Case<'r, 'f>>,
}

/// One checked file and the findings in it.
struct Case<'r, 'f> {
    file: &'r SourceFile,
    failing: Vec<&'f Finding<'r>>,
    passing: Vec<&'f Finding<'r>>,
}

impl<'r, 'f> Suite<'r, 'f> {
    fn new(repo: &'r RepositoryReport, findings: &'f [Finding<'r>], deny_warnings: bool) -> Self {
        let cases = repo
            .sources
            .iter()
            .map(|(_, file)| {
                let (failing, passing) = findings
                    .iter()
                    .filter(|f| std::ptr::eq(f.file, file))
                    .partition(|f| fails_run(f.severity, deny_warnings));
                Case {
                    file,
                    failing,
                    passing,
                }
            })
            .collect();
        Suite {
            name: messages::junit_suite(&repo.root.to_string_lossy()),
            cases,
        }
    }

    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.failing.is_empty()).count()
    }

    fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.create_element("testsuite")
            .with_attribute(("name", xml_text(&self.name).as_str()))
            .with_attribute(("tests", self.cases.len().to_string().as_str()))
            .with_attribute(("failures", self.failures().to_string().as_str()))
            .with_attribute(("errors", "0"))
            .with_attribute(("skipped", "0"))
            .write_inner_content(|w| self.cases.iter().try_for_each(|c| c.write(w, &self.name)))?;
        Ok(())
    }
}

impl Case<'_, '_> {
    fn write<W: Write>(&self, w: &mut Writer<W>, suite: &str) -> io::Result<()> {
        let path = xml_text(&self.file.relative);
        let element = w
            .create_element("testcase")
            .with_attribute(("name", path.as_str()))
            .with_attribute(("classname", xml_text(suite).as_str()))
            .with_attribute(("file", path.as_str()));
        if self.failing.is_empty() && self.passing.is_empty() {
            element.write_empty()?;
            return Ok(());
        }
        element.write_inner_content(|w| {
            if !self.failing.is_empty() {
                let count = |s: Severity| self.failing.iter().filter(|f| f.severity == s).count();
                let summary =
                    messages::junit_failure(count(Severity::Error), count(Severity::Warning));
                w.create_element("failure")
                    .with_attribute(("message", summary.as_str()))
                    .with_attribute(("type", "ozg lint"))
                    .write_text_content(BytesText::new(&listing(&self.failing)))?;
            }
            if !self.passing.is_empty() {
                w.create_element("system-out")
                    .write_text_content(BytesText::new(&listing(&self.passing)))?;
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// The findings as text, one paragraph each.
fn listing(findings: &[&Finding<'_>]) -> String {
    let mut text = String::new();
    for f in findings {
        let location = format!("{}:{}:{}", f.file.relative, f.start.line, f.start.column);
        text.push_str(&messages::junit_finding(
            f.severity,
            &location,
            f.rule.code,
            f.rule.name,
            f.message,
            f.help,
        ));
        text.push('\n');
        for r in &f.related {
            let place = format!("{}:{}:{}", r.file.relative, r.start.line, r.start.column);
            text.push_str(&messages::junit_related(&place, r.message));
            text.push('\n');
        }
    }
    xml_text(&text)
}

/// Text with the characters that XML 1.0 cannot hold (control characters
/// other than tab and line ends, which a TOML string may contain as
/// escapes) replaced, so that the document stays well-formed.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn control_characters_are_replaced_in_xml_text() {
        assert_eq!(xml_text("a\u{1}b\tc\n"), "a\u{FFFD}b\tc\n");
    }
}
