//! Writing the results of `ozg test`: for people (each mismatch as
//! expected against actual), as JSON for scripts, and as `JUnit` XML for
//! the test report widgets of GitLab and GitHub.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::testing::{ScenarioResult, Verdict};

/// How the results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
}

impl Format {
    pub const NAMES: &[&str] = &["human", "json", "junit"];
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "junit" => Ok(Format::Junit),
            other => Err(format!(
                "`{other}` is not a format; use human, json or junit"
            )),
        }
    }
}

/// Colours for the human format, on a terminal only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The path of a scenario's file, for reports.
fn path(result: &ScenarioResult<'_>, paths: &dyn Fn(&ScenarioResult<'_>) -> String) -> String {
    paths(result)
}

pub fn render(
    results: &[ScenarioResult<'_>],
    format: Format,
    style: Style,
    paths: &dyn Fn(&ScenarioResult<'_>) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(results, style, paths, out),
        Format::Json => json(results, paths, out),
        Format::Junit => junit(results, paths, out),
    }
}

/// The one-line summary: `12 scenarios: 11 passed, 1 failed`.
pub fn summary(results: &[ScenarioResult<'_>]) -> String {
    let passed = results
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Passed))
        .count();
    let failed = results
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Failed(_)))
        .count();
    let errors = results
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Error(_)))
        .count();
    let noun = if results.len() == 1 {
        "scenario"
    } else {
        "scenarios"
    };
    let mut parts = vec![format!("{passed} passed")];
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if errors > 0 {
        parts.push(format!("{errors} could not run"));
    }
    format!("{} {noun}: {}", results.len(), parts.join(", "))
}

fn human(
    results: &[ScenarioResult<'_>],
    style: Style,
    paths: &dyn Fn(&ScenarioResult<'_>) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    for result in results {
        let title = result
            .scenario
            .title
            .as_ref()
            .map_or("", |t| t.value.as_str());
        let name = format!("{}/{}", result.scenario.service, result.scenario.name);
        match &result.verdict {
            Verdict::Passed => writeln!(out, "{} {name}  {title}", style.paint("32", "ok  "))?,
            Verdict::Failed(mismatches) => {
                writeln!(out, "{} {name}  {title}", style.paint("31;1", "FAIL"))?;
                writeln!(out, "     {}", path(result, paths))?;
                for m in mismatches {
                    writeln!(out, "     {}", m.what)?;
                    writeln!(
                        out,
                        "       {} {}",
                        style.paint("32", "expected:"),
                        m.expected
                    )?;
                    writeln!(
                        out,
                        "       {} {}",
                        style.paint("31", "actual:  "),
                        m.actual
                    )?;
                }
            }
            Verdict::Error(message) => {
                writeln!(out, "{} {name}  {title}", style.paint("31;1", "ERR "))?;
                writeln!(out, "     {}", path(result, paths))?;
                writeln!(out, "     {message}")?;
            }
        }
    }
    Ok(())
}

fn json(
    results: &[ScenarioResult<'_>],
    paths: &dyn Fn(&ScenarioResult<'_>) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let (status, mismatches, error) = match &r.verdict {
                Verdict::Passed => ("passed", Vec::new(), None),
                Verdict::Failed(m) => ("failed", m.clone(), None),
                Verdict::Error(e) => ("error", Vec::new(), Some(e.clone())),
            };
            serde_json::json!({
                "service": r.scenario.service,
                "scenario": r.scenario.name,
                "file": path(r, paths),
                "title": r.scenario.title.as_ref().map(|t| t.value.clone()),
                "status": status,
                "mismatches": mismatches,
                "error": error,
                "duration_ms": r.duration.as_secs_f64() * 1e3,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

fn junit(
    results: &[ScenarioResult<'_>],
    paths: &dyn Fn(&ScenarioResult<'_>) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut services: Vec<&str> = results
        .iter()
        .map(|r| r.scenario.service.as_str())
        .collect();
    services.sort_unstable();
    services.dedup();
    let failures = results
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Failed(_)))
        .count();
    let errors = results
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Error(_)))
        .count();

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attribute(("name", "ozg test"))
        .with_attribute(("tests", results.len().to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", errors.to_string().as_str()))
        .write_inner_content(|w| {
            for service in &services {
                let cases: Vec<&ScenarioResult<'_>> = results
                    .iter()
                    .filter(|r| r.scenario.service == *service)
                    .collect();
                let count =
                    |f: fn(&Verdict) -> bool| cases.iter().filter(|r| f(&r.verdict)).count();
                let time: f64 = cases.iter().map(|r| r.duration.as_secs_f64()).sum();
                w.create_element("testsuite")
                    .with_attribute(("name", *service))
                    .with_attribute(("tests", cases.len().to_string().as_str()))
                    .with_attribute((
                        "failures",
                        count(|v| matches!(v, Verdict::Failed(_)))
                            .to_string()
                            .as_str(),
                    ))
                    .with_attribute((
                        "errors",
                        count(|v| matches!(v, Verdict::Error(_)))
                            .to_string()
                            .as_str(),
                    ))
                    .with_attribute(("time", format!("{time:.6}").as_str()))
                    .write_inner_content(|w| {
                        for case in &cases {
                            write_case(w, case, &path(case, paths))?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    writeln!(out)
}

fn write_case<W: Write>(
    w: &mut Writer<W>,
    result: &ScenarioResult<'_>,
    file: &str,
) -> io::Result<()> {
    let name = result
        .scenario
        .title
        .as_ref()
        .map_or(result.scenario.name.as_str(), |t| t.value.as_str());
    let element = w
        .create_element("testcase")
        .with_attribute(("name", clean(name).as_str()))
        .with_attribute(("classname", result.scenario.service.as_str()))
        .with_attribute(("file", file))
        .with_attribute((
            "time",
            format!("{:.6}", result.duration.as_secs_f64()).as_str(),
        ));
    match &result.verdict {
        Verdict::Passed => {
            element.write_empty()?;
        }
        Verdict::Failed(mismatches) => {
            let text: Vec<String> = mismatches
                .iter()
                .map(|m| format!("{}: expected {}, actual {}", m.what, m.expected, m.actual))
                .collect();
            let first = text.first().cloned().unwrap_or_default();
            element.write_inner_content(|w| {
                w.create_element("failure")
                    .with_attribute(("message", clean(&first).as_str()))
                    .with_attribute(("type", "mismatch"))
                    .write_text_content(BytesText::new(&clean(&text.join("\n"))))?;
                Ok(())
            })?;
        }
        Verdict::Error(message) => {
            element.write_inner_content(|w| {
                w.create_element("error")
                    .with_attribute(("message", clean(message).as_str()))
                    .write_text_content(BytesText::new(&clean(message)))?;
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// XML 1.0 cannot hold most control characters, escaped or not.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}
