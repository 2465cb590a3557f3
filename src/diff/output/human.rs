//! The human format: changes grouped by service and by how they matter,
//! one line each, for reading in a terminal. Colour only on a terminal.

use std::fmt::Write as _;

use crate::diff::cases::{ServiceBehaviour, Version, messages as says};
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
    if diff.is_empty() && diff.problems.is_empty() {
        return format!("{}\n", messages::no_changes(&diff.from, &diff.to));
    }
    let mut out = String::new();
    let headline = if diff.is_empty() {
        messages::no_changes(&diff.from, &diff.to)
    } else {
        messages::headline(
            &diff.from,
            &diff.to,
            diff.services.len(),
            diff.codelists.len(),
        )
    };
    let _ = writeln!(out, "{}", p.paint(BOLD, &headline));
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
        if let Some(behaviour) = diff.behaviour.as_ref().and_then(|b| b.service(&service.id)) {
            write_behaviour(&mut out, behaviour, &p);
        }
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

fn write_behaviour(out: &mut String, behaviour: &ServiceBehaviour, p: &Paint) {
    let sample = behaviour.sample.as_ref();
    let _ = writeln!(
        out,
        "  {}: {}",
        p.paint(CYAN, says::heading()),
        says::overview(
            behaviour.scenarios_run,
            sample.map(|s| (s.generated, s.submitted))
        )
    );
    for problem in &behaviour.problems {
        let _ = writeln!(
            out,
            "    {} {}",
            p.paint(YELLOW, "!"),
            says::problem(problem)
        );
    }
    if behaviour.problems.is_empty() && !behaviour.differs() {
        let _ = writeln!(out, "    {}", says::nothing_differs());
        return;
    }
    for scenario in &behaviour.scenarios {
        let _ = writeln!(
            out,
            "    {} {}: {}",
            p.paint(YELLOW, "~"),
            says::scenario(&scenario.name, scenario.title.as_deref(), scenario.from_old),
            says::differences(&scenario.differences)
        );
    }
    if behaviour.scenarios.is_empty() && behaviour.scenarios_run > 0 {
        let _ = writeln!(out, "    {}", says::scenarios_same(behaviour.scenarios_run));
    }
    let Some(sample) = sample else { return };
    for group in &sample.groups {
        let mut line = format!(
            "{}: {}",
            says::share(group.count, sample.generated),
            says::differences(&group.differences)
        );
        if !group.example.is_empty() {
            let _ = write!(line, "; {}", says::example(&group.example));
        }
        let _ = writeln!(out, "    {} {line}", p.paint(YELLOW, "~"));
    }
    if sample.more > 0 {
        let _ = writeln!(
            out,
            "    {} {}",
            p.paint(YELLOW, "~"),
            says::more_groups(sample.more, sample.more_groups)
        );
    }
    for (version, groups) in [
        (Version::Old, &sample.valid_only_old),
        (Version::New, &sample.valid_only_new),
    ] {
        for group in groups {
            let mut line = format!(
                "{}: {}",
                says::valid_only(version, group.count, sample.generated),
                says::errors(&group.errors)
            );
            if !group.example.is_empty() {
                let _ = write!(line, "; {}", says::example(&group.example));
            }
            let _ = writeln!(out, "    {} {line}", p.paint(RED, "!"));
        }
    }
    if sample.invalid_both > 0 {
        let _ = writeln!(
            out,
            "    {} {}",
            p.paint(DIM, "·"),
            says::invalid_both(sample.invalid_both, sample.generated)
        );
    }
    let _ = writeln!(
        out,
        "    {} {}",
        p.paint(DIM, "="),
        says::same(sample.same, sample.generated)
    );
}
