//! The human format: changes grouped by service and by how they matter,
//! one line each, for reading in a terminal. Colour only on a terminal.

use std::fmt::Write as _;

use crate::diff::messages;
use crate::diff::output::Options;
use crate::diff::output::describe::{Detail, describe};
use crate::diff::words::{self, Segment};
use crate::diff::{Category, Change, RepositoryDiff, ServiceStatus};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";

struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.on {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

pub fn render(diff: &RepositoryDiff, options: Options) -> String {
    let p = Paint { on: options.color };
    if diff.is_empty() {
        return format!("{}\n", messages::no_changes(&diff.from, &diff.to));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            BOLD,
            &messages::headline(
                &diff.from,
                &diff.to,
                diff.services.len(),
                diff.codelists.len()
            )
        )
    );
    for service in &diff.services {
        let _ = writeln!(out);
        let title = service.title.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {}  {}",
            p.paint(BOLD, &service.id),
            title,
            p.paint(DIM, &format!("({})", service.file))
        );
        let date = match service.status {
            ServiceStatus::Removed => String::new(),
            _ => format!(
                ", {}",
                messages::applies_from(service.new_valid_from, service.old_valid_from)
            ),
        };
        let _ = writeln!(out, "  {}{date}", messages::status(service.status));
        for note in &service.notes {
            let _ = writeln!(
                out,
                "  {} {}",
                p.paint(YELLOW, "note:"),
                messages::note(*note, service.old_valid_from)
            );
        }
        write_changes(&mut out, &service.changes, &p);
    }
    if !diff.codelists.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", p.paint(BOLD, messages::shared_codelists()));
        for list in &diff.codelists {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                p.paint(BOLD, &list.id),
                list.title.as_deref().unwrap_or_default(),
                p.paint(
                    DIM,
                    &format!("({}, {})", list.file, messages::status(list.status))
                )
            );
            write_changes(&mut out, &list.changes, &p);
        }
    }
    if !diff.problems.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", p.paint(YELLOW, messages::problems_heading()));
        for problem in &diff.problems {
            let _ = writeln!(
                out,
                "  {} {}:{}:{}",
                problem.version, problem.file, problem.line, problem.column
            );
        }
    }
    out
}

fn write_changes(out: &mut String, changes: &[Change], p: &Paint) {
    for category in Category::ALL {
        let in_category: Vec<&Change> = changes.iter().filter(|c| c.category == category).collect();
        if in_category.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {}", p.paint(CYAN, messages::category(category)));
        for change in in_category {
            write_change(out, change, p);
        }
    }
}

fn write_change(out: &mut String, change: &Change, p: &Paint) {
    let d = describe(change);
    let colour = match d.sign {
        '+' => GREEN,
        '-' => RED,
        _ => YELLOW,
    };
    let detail = match &d.detail {
        Detail::Text(t) => t.clone(),
        Detail::FromTo(a, b) => format!("{a} → {b}"),
        Detail::Words(segments) => {
            if p.on {
                coloured_words(segments)
            } else {
                words::plain(segments)
            }
        }
    };
    let detail = detail.replace('\n', "\n      ");
    let separator = if detail.is_empty() { "" } else { ": " };
    let _ = write!(
        out,
        "    {} {}{separator}{detail}",
        p.paint(colour, &d.sign.to_string()),
        d.subject
    );
    if let Some(reason) = change.breaking {
        let _ = write!(
            out,
            "  {}: {}",
            p.paint(&format!("{BOLD}{RED}"), messages::breaking_label()),
            messages::breaking(reason)
        );
    }
    let _ = writeln!(out);
    if let Some((old, new)) = &d.expressions {
        let _ = writeln!(out, "        {} {}", p.paint(RED, "was:"), old);
        let _ = writeln!(out, "        {} {}", p.paint(GREEN, "now:"), new);
    }
}

fn coloured_words(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Same(t) => out.push_str(t),
            Segment::Removed(t) => {
                let _ = write!(out, "{RED}\x1b[9m{t}{RESET}");
            }
            Segment::Added(t) => {
                let _ = write!(out, "{GREEN}\x1b[4m{t}{RESET}");
            }
        }
    }
    out
}
