//! The documentation of the lint rules, generated from the rules
//! themselves.
//!
//! `ozg explain`, `docs/rules.md` and the rule help in SARIF reports all
//! come from these functions, so that what a modeller reads is always what
//! the checks do. A test compares `docs/rules.md` with
//! [`all_rules_markdown`] and fails when a rule was added or changed
//! without regenerating it.

use std::fmt::Write as _;

use crate::lint::rules::{RULES, Rule};

/// How `docs/rules.md` is regenerated; written into the file itself.
pub const REGENERATE: &str = "OZG_UPDATE_DOCS=1 cargo test --test rules_doc";

/// One rule's documentation as Markdown: a heading with code and name, the
/// summary, the default severity, the explanation, and a wrong and a right
/// example.
pub fn markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {} {}\n", rule.code, rule.name);
    let _ = writeln!(out, "{}\n", rule.summary);
    let _ = writeln!(out, "Default severity: **{}**\n", rule.severity);
    let _ = writeln!(out, "{}\n", rule.explanation.trim());
    let _ = writeln!(out, "This is reported:\n");
    let _ = writeln!(out, "{}\n", fenced("toml", rule.wrong));
    let _ = writeln!(out, "Written right:\n");
    let _ = writeln!(out, "{}", fenced("toml", rule.right));
    out
}

/// One rule's documentation as plain text, for readers that show no
/// Markdown.
pub fn text(rule: &Rule) -> String {
    format!(
        "{} {}: {}\n\nDefault severity: {}\n\n{}\n\nThis is reported:\n\n{}\n\nWritten right:\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary,
        rule.severity,
        rule.explanation.trim(),
        indented(rule.wrong),
        indented(rule.right),
    )
}

/// The whole of `docs/rules.md`: an introduction, a table of all rules,
/// and every rule's documentation.
pub fn all_rules_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Lint rules\n\n");
    let _ = writeln!(
        out,
        "<!-- Generated from the rule definitions in src/lint/rules/; do not edit by hand.\n     \
         Regenerate with: {REGENERATE} -->\n"
    );
    out.push_str(INTRODUCTION);
    out.push_str("\n| code | name | default severity | summary |\n|---|---|---|---|\n");
    for rule in RULES {
        let _ = writeln!(
            out,
            "| [{}](#{}) | `{}` | {} | {} |",
            rule.code,
            anchor(rule),
            rule.name,
            rule.severity,
            rule.summary.replace('|', "\\|"),
        );
    }
    for rule in RULES {
        out.push('\n');
        out.push_str(&markdown(rule));
    }
    out
}

const INTRODUCTION: &str = "\
`ozg lint` checks a model repository with the rules below. Each rule has a
stable code and a stable name; both can be used wherever a rule is named:
in `ozg explain`, in the severity settings under `[lint.rules]` in
`ozg.toml`, and in `# ozg: allow` comments (see [format.md](format.md)). Codes are
grouped: `OZG1xx` files, `OZG2xx` references, `OZG3xx` process, `OZG4xx`
expressions, `OZG5xx` domain.

`ozg explain CODE` prints the same text as this page.
";

/// A plain-text index of all rules, one per line: code, name, default
/// severity and summary, in aligned columns.
pub fn index() -> String {
    let name_width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let _ = writeln!(
            out,
            "{}  {:name_width$}  {:7}  {}",
            rule.code,
            rule.name,
            rule.severity.name(),
            rule.summary,
        );
    }
    out
}

/// The anchor GitHub and GitLab give the rule's heading.
fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.code.to_lowercase(), rule.name)
}

/// A fenced code block whose fence is longer than any run of backticks in
/// the code, so that the code cannot end it.
fn fenced(language: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{language}\n{}\n{fence}", code.trim_end())
}

fn indented(code: &str) -> String {
    code.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::find_rule;

    #[test]
    fn rule_markdown_has_every_part_of_the_documentation() {
        let rule = find_rule("OZG105").unwrap();
        let text = markdown(rule);
        assert!(text.starts_with("## OZG105 duplicate-id\n\n"));
        assert!(text.contains("Default severity: **error**"));
        assert!(text.contains(rule.summary));
        assert!(text.contains("```toml\n[[role]]\nid = \"clerk\"\ntitle = \"Sachbearbeitung\""));
        assert!(text.contains("id = \"head_of_office\""));
    }

    #[test]
    fn fences_outgrow_backticks_in_the_code() {
        assert_eq!(fenced("toml", "a = '````'"), "`````toml\na = '````'\n`````");
    }

    #[test]
    fn index_lists_each_rule_on_one_line() {
        let index = index();
        assert_eq!(index.lines().count(), RULES.len());
        assert!(
            index
                .lines()
                .any(|l| l.starts_with("OZG105  duplicate-id "))
        );
    }
}
