//! The words that the output formats add around the findings: summary
//! lines, headings, and the texts of test reports. Kept apart from the
//! rendering so that a translation replaces this module and nothing else.

use crate::lint::Severity;

fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn files(n: usize) -> String {
    counted(n, "file", "files")
}

/// "2 errors, 1 warning in 12 files"; "no problems found in 12 files".
pub fn summary(errors: usize, warnings: usize, infos: usize, files_checked: usize) -> String {
    let parts: Vec<String> = [
        (errors, "error", "errors"),
        (warnings, "warning", "warnings"),
        (infos, "note", "notes"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| counted(n, one, many))
    .collect();
    if parts.is_empty() {
        format!("no problems found in {}", files(files_checked))
    } else {
        format!("{} in {}", parts.join(", "), files(files_checked))
    }
}

pub fn unknown_format(name: &str) -> String {
    format!("`{name}` is not an output format; use human, json, sarif, github, gitlab or junit")
}

/// The heading of a finding in the human format: "error[OZG302] unreachable-step".
pub fn heading(severity: Severity, code: &str, name: &str) -> String {
    format!("{}[{code}] {name}", severity.name())
}

/// How a finding and its help line are joined where a format has only one
/// text field.
pub fn with_help(message: &str, help: Option<&str>) -> String {
    match help {
        Some(help) => format!("{message}\nhelp: {help}"),
        None => message.to_owned(),
    }
}

/// The name of a `JUnit` test suite: the lint run over one repository.
pub fn junit_suite(root: &str) -> String {
    format!("ozg lint {root}")
}

/// The `message` of a `JUnit` failure: how many findings fail the file.
pub fn junit_failure(errors: usize, warnings: usize) -> String {
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(counted(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(counted(warnings, "warning", "warnings"));
    }
    parts.join(", ")
}

/// One finding as a line of a `JUnit` failure or its output.
pub fn junit_finding(
    severity: Severity,
    location: &str,
    code: &str,
    name: &str,
    message: &str,
    help: Option<&str>,
) -> String {
    let mut line = format!("{location}: {severity}[{code}] {name}: {message}");
    if let Some(help) = help {
        line.push_str("\n  help: ");
        line.push_str(help);
    }
    line
}

/// A related place under a finding in a `JUnit` failure or its output.
pub fn junit_related(location: &str, message: &str) -> String {
    format!("  see {location}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_each_severity_in_words() {
        assert_eq!(summary(2, 1, 0, 12), "2 errors, 1 warning in 12 files");
        assert_eq!(summary(0, 0, 3, 1), "3 notes in 1 file");
        assert_eq!(summary(0, 0, 0, 12), "no problems found in 12 files");
    }
}
