//! The markdown format, for a merge-request comment: per service a
//! summary table of what changed by category, the changes in collapsible
//! sections (legal ones open), decision table rows as a table diff, and a
//! Mermaid diagram of a changed process with added, removed and changed
//! steps highlighted. GitHub and GitLab render all of it.

use std::fmt::Write as _;

use crate::diff::cases::{Answer, ServiceBehaviour, Version, messages as says};
use crate::diff::messages;
use crate::diff::output::describe::{Detail, describe, subject_with};
use crate::diff::value::{Row, Value};
use crate::diff::words::Segment;
use crate::diff::{Category, Change, Element, RepositoryDiff, ServiceStatus};
use crate::graph::mermaid;

pub fn render(diff: &RepositoryDiff) -> String {
    let mut out = String::new();
    write_headline(&mut out, diff);
    if diff.is_empty() && diff.problems.is_empty() {
        return out;
    }
    let breaking: usize = diff
        .services
        .iter()
        .flat_map(|s| &s.changes)
        .chain(diff.codelists.iter().flat_map(|c| &c.changes))
        .filter(|c| c.breaking.is_some())
        .count();
    if breaking > 0 {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> {} can break cases in progress or applications made before.\n",
            messages::plural(breaking, "change", "changes")
        );
    }
    for service in &diff.services {
        let title = service.title.as_deref().unwrap_or_default();
        let _ = writeln!(out, "### `{}` – {}\n", service.id, escape(title));
        let when = match service.status {
            ServiceStatus::Removed => String::new(),
            _ => format!(
                ", {}",
                bold_date(&messages::applies_from(
                    service.new_valid_from,
                    service.old_valid_from
                ))
            ),
        };
        let _ = writeln!(
            out,
            "{}{when} · `{}`\n",
            capitalised(messages::status(service.status)),
            service.file
        );
        for note in &service.notes {
            let _ = writeln!(
                out,
                "> [!NOTE]\n> {}\n",
                escape(&messages::note(*note, service.old_valid_from))
            );
        }
        write_summary(&mut out, &service.changes);
        write_details(&mut out, &service.changes);
        if let Some(behaviour) = diff.behaviour.as_ref().and_then(|b| b.service(&service.id)) {
            write_behaviour(&mut out, behaviour);
        }
        if let Some(graph) = &service.process {
            let _ = writeln!(
                out,
                "<details>\n<summary>Process diagram (added green, removed red dashed, changed orange)</summary>\n\n```mermaid\n{}```\n\n</details>\n",
                mermaid::render(graph)
            );
        }
    }
    if !diff.codelists.is_empty() {
        let _ = writeln!(out, "### {}\n", messages::shared_codelists());
        for list in &diff.codelists {
            let _ = writeln!(
                out,
                "#### `{}` – {} ({})\n",
                list.id,
                escape(list.title.as_deref().unwrap_or_default()),
                messages::status(list.status)
            );
            write_summary(&mut out, &list.changes);
            write_details(&mut out, &list.changes);
        }
    }
    if !diff.problems.is_empty() {
        let _ = writeln!(out, "### {}\n", messages::problems_heading());
        for problem in &diff.problems {
            let _ = writeln!(
                out,
                "- `{}` `{}:{}:{}`",
                problem.version, problem.file, problem.line, problem.column
            );
        }
        let _ = writeln!(out);
    }
    out
}

/// "No changes", or the headline with the counts.
fn write_headline(out: &mut String, diff: &RepositoryDiff) {
    if diff.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            messages::no_changes(&code(&diff.from), &code(&diff.to))
        );
        if !diff.problems.is_empty() {
            let _ = writeln!(out);
        }
    } else {
        let _ = writeln!(
            out,
            "## {}\n",
            messages::headline(
                &code(&diff.from),
                &code(&diff.to),
                diff.services.len(),
                diff.codelists.len()
            )
        );
    }
}

fn write_summary(out: &mut String, changes: &[Change]) {
    let _ = writeln!(out, "| | changes | breaking |\n|---|---:|---:|");
    for category in Category::ALL {
        let of: Vec<&Change> = changes.iter().filter(|c| c.category == category).collect();
        if of.is_empty() {
            continue;
        }
        let breaking = of.iter().filter(|c| c.breaking.is_some()).count();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            messages::category(category),
            of.len(),
            if breaking > 0 {
                format!("**{breaking}**")
            } else {
                "0".to_owned()
            }
        );
    }
    let _ = writeln!(out);
}

fn write_details(out: &mut String, changes: &[Change]) {
    for category in Category::ALL {
        let of: Vec<&Change> = changes.iter().filter(|c| c.category == category).collect();
        if of.is_empty() {
            continue;
        }
        let open = if category == Category::Legal {
            " open"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<details{open}>\n<summary>{} ({})</summary>\n",
            messages::category(category),
            of.len()
        );
        let (rows, others): (Vec<&Change>, Vec<&Change>) = of
            .into_iter()
            .partition(|c| c.target.element == Element::DecisionRule);
        for change in others {
            write_change(out, change);
        }
        write_rule_tables(out, &rows);
        let _ = writeln!(out, "\n</details>\n");
    }
}

fn write_change(out: &mut String, change: &Change) {
    let d = describe(change);
    let sign = match d.sign {
        '+' => "➕",
        '-' => "➖",
        '>' => "🔀",
        _ => "✏️",
    };
    let detail = match &d.detail {
        Detail::Text(t) if t.is_empty() => String::new(),
        Detail::Text(t) => format!(": {}", escape(t)),
        Detail::FromTo(a, b) => format!(": {} → {}", escape(a), escape(b)),
        Detail::Words(segments) => format!(": {}", words(segments)),
    };
    let subject = subject_with(change, &|id| format!("`{id}`"));
    let _ = write!(out, "- {sign} {subject}{detail}");
    if change.category == Category::Legal
        && let Some(date) = change.applies_from
    {
        let _ = write!(out, " (from {date})");
    }
    if let Some(reason) = change.breaking {
        let _ = write!(
            out,
            " — ⚠️ **{}**: {}",
            messages::breaking_label(),
            messages::breaking(reason)
        );
    }
    let _ = writeln!(out);
    if let Some((old, new)) = &d.expressions {
        let _ = writeln!(
            out,
            "\n  | before | after |\n  |---|---|\n  | {} | {} |\n",
            cell_code(old),
            cell_code(new)
        );
    }
}

/// Rows of decision tables, as one table diff per decision table.
fn write_rule_tables(out: &mut String, rows: &[&Change]) {
    let mut tables: Vec<&str> = rows
        .iter()
        .filter_map(|c| c.target.parent.as_deref())
        .collect();
    tables.dedup();
    for table in tables {
        let of: Vec<&&Change> = rows
            .iter()
            .filter(|c| c.target.parent.as_deref() == Some(table))
            .collect();
        let inputs = of
            .iter()
            .find_map(|c| match c.new.as_ref().or(c.old.as_ref()) {
                Some(Value::Row(row)) => Some(row.inputs.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let mut legal_date = None;
        for c in &of {
            if c.category == Category::Legal {
                legal_date = c.applies_from;
            }
        }
        let _ = writeln!(
            out,
            "\n**Decision table `{table}`**{}\n",
            legal_date
                .map(|d| format!(" (from {d})"))
                .unwrap_or_default()
        );
        let header: Vec<String> = inputs.iter().map(|i| cell_code(i)).collect();
        let _ = writeln!(
            out,
            "| | rule | {} | result | annotation |",
            header.join(" | ")
        );
        let _ = writeln!(out, "|---|---:|{}---|---|", "---|".repeat(inputs.len()));
        for c in of {
            if let Some(Value::Row(row)) = &c.old {
                write_row(out, "➖", &c.target.id, row);
            }
            if let Some(Value::Row(row)) = &c.new {
                write_row(out, "➕", &c.target.id, row);
            }
            if let (Some(Value::Wording(old)), Some(Value::Wording(new))) = (&c.old, &c.new) {
                let _ = writeln!(
                    out,
                    "| ✏️ | {} | annotation: {} → {} |",
                    c.target.id,
                    escape(old),
                    escape(new)
                );
            }
        }
    }
}

fn write_row(out: &mut String, sign: &str, number: &str, row: &Row) {
    let cells: Vec<String> = row.cells.iter().map(|c| cell_code(c)).collect();
    let _ = writeln!(
        out,
        "| {sign} | {number} | {} | {} | {} |",
        cells.join(" | "),
        cell_code(&row.then),
        escape(row.annotation.as_deref().unwrap_or_default())
    );
}

fn words(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Same(t) => out.push_str(&escape(t)),
            Segment::Removed(t) => {
                let _ = write!(out, "<del>{}</del>", escape(t));
            }
            Segment::Added(t) => {
                let _ = write!(out, "<ins>{}</ins>", escape(t));
            }
        }
    }
    out
}

/// The behavioural comparison of a service: what was run, the scenarios
/// that differ and the groups of sampled applications as tables.
fn write_behaviour(out: &mut String, behaviour: &ServiceBehaviour) {
    let sample = behaviour.sample.as_ref();
    let _ = writeln!(
        out,
        "#### {}\n\n{}.\n",
        says::heading(),
        capitalised(&says::overview(
            behaviour.scenarios_run,
            sample.map(|s| (s.generated, s.submitted))
        ))
    );
    for problem in &behaviour.problems {
        let _ = writeln!(out, "> [!WARNING]\n> {}\n", escape(&says::problem(problem)));
    }
    if behaviour.problems.is_empty() && !behaviour.differs() {
        let _ = writeln!(out, "{}.\n", capitalised(says::nothing_differs()));
        return;
    }
    if !behaviour.scenarios.is_empty() {
        let _ = writeln!(out, "| scenario | what differs |\n|---|---|");
        for scenario in &behaviour.scenarios {
            let _ = writeln!(
                out,
                "| {} | {} |",
                escape(&says::scenario_name(
                    &scenario.name,
                    scenario.title.as_deref(),
                    scenario.from_old
                )),
                escape(&says::differences(&scenario.differences))
            );
        }
        let _ = writeln!(out);
    } else if behaviour.scenarios_run > 0 {
        let _ = writeln!(
            out,
            "{}.\n",
            capitalised(&says::scenarios_same(behaviour.scenarios_run))
        );
    }
    let Some(sample) = sample else { return };
    if !sample.groups.is_empty() {
        let _ = writeln!(
            out,
            "| sampled applications | what differs | example |\n|---:|---|---|"
        );
        for group in &sample.groups {
            let _ = writeln!(
                out,
                "| {} of {} | {} | {} |",
                group.count,
                sample.generated,
                escape(&says::differences(&group.differences)),
                example_cell(&group.example)
            );
        }
        if sample.more > 0 {
            let _ = writeln!(
                out,
                "| {} | | |",
                escape(&says::more_groups(sample.more, sample.more_groups))
            );
        }
        let _ = writeln!(out);
    }
    let validity: Vec<_> = [
        (Version::Old, &sample.valid_only_old),
        (Version::New, &sample.valid_only_new),
    ]
    .into_iter()
    .flat_map(|(version, groups)| groups.iter().map(move |g| (version, g)))
    .collect();
    if !validity.is_empty() {
        let _ = writeln!(
            out,
            "| sampled applications | errors under the other version | example |\n|---|---|---|"
        );
        for (version, group) in validity {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&says::valid_only(version, group.count, sample.generated)),
                escape(&says::errors(&group.errors)),
                example_cell(&group.example)
            );
        }
        let _ = writeln!(out);
    }
    let mut closing = capitalised(&says::same(sample.same, sample.generated));
    if sample.invalid_both > 0 {
        let _ = write!(
            closing,
            "; {}",
            says::invalid_both(sample.invalid_both, sample.generated)
        );
    }
    let _ = writeln!(out, "{}.\n", escape(&closing));
}

/// Answers of an example application as code, one per field; a dash
/// when the differing rules look at no answer.
fn example_cell(answers: &[Answer]) -> String {
    if answers.is_empty() {
        return "–".to_owned();
    }
    answers
        .iter()
        .map(|a| cell_code(&format!("{} = {}", a.field, says::answer(a.value.as_ref()))))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bold_date(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c| c == '(' || c == ')');
            if bare.len() == 10 && bare.as_bytes().get(4) == Some(&b'-') && word == bare {
                format!("**{word}**")
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// Code in a table cell: pipes would end the cell.
fn cell_code(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("`{}`", one_line.replace('|', "\\|").replace('`', "'"))
}

/// Escapes characters that markdown would read as markup, and keeps a
/// multi-line text on one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\n' => out.push(' '),
            '\r' => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            other => out.push(other),
        }
    }
    out
}
