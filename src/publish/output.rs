//! How plans, releases, the history and the status are shown: `human`
//! for a terminal or a pipeline log, `json` for programs. The texts come
//! from [`messages`]; this module only arranges them.
//!
//! The human format is deterministic apart from colour (only on a
//! terminal), so that it can be compared in tests and read in logs.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use serde::Serialize;

use crate::platform::api::{Change, LintDiagnostic, ReleaseSummary};
use crate::publish::messages as msg;
use crate::publish::plan::{ChangeLine, PlanView, ServicePlan};
use crate::publish::status::{ServiceStatus, Standing};

/// How many unchanged services a plan lists one by one before it only
/// counts them (unless asked to list all).
pub const UNCHANGED_LISTED: usize = 20;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

impl Format {
    pub const NAMES: [&str; 2] = ["human", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "human" => Some(Format::Human),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// How the human format is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Colour, on a terminal only.
    pub color: bool,
    /// List every unchanged service.
    pub verbose: bool,
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

const BOLD: &str = "1";
const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const DIM: &str = "2";

/// A plan, as a reviewer reads it.
pub fn plan(view: &PlanView, heading: &str, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint(BOLD, heading));
    let _ = writeln!(out, "{}", msg::commit_line(view.commit.as_deref()));
    let _ = writeln!(out);
    let unchanged: Vec<&ServicePlan> = view
        .services
        .iter()
        .filter(|s| s.change == Change::Unchanged)
        .collect();
    for service in view
        .services
        .iter()
        .filter(|s| s.change != Change::Unchanged)
    {
        service_block(&mut out, service, view, style);
    }
    if unchanged.len() > UNCHANGED_LISTED && !style.verbose {
        let _ = writeln!(
            out,
            "  {} {}",
            style.paint(DIM, "="),
            msg::unchanged_folded(unchanged.len())
        );
    } else {
        for service in unchanged {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                style.paint(DIM, "="),
                title_of(service, style),
                style.paint(
                    DIM,
                    &format!("({})", msg::unchanged_line(service.valid_from))
                )
            );
        }
    }
    if !view.codelists.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", msg::codelists_heading());
        for list in &view.codelists {
            let _ = writeln!(
                out,
                "  {} {}  ({})",
                style.paint(BOLD, &list.id),
                list.title.as_deref().unwrap_or_default(),
                list.status
            );
            for line in &list.changes {
                change(&mut out, line, style);
            }
        }
    }
    if !view.other_files.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", msg::other_files(&view.other_files));
    }
    if !view.warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", msg::warnings_heading(view.warnings.len()));
        out.push_str(&diagnostics(&view.warnings));
    }
    let _ = writeln!(out);
    if !view.changes_services() {
        let _ = writeln!(out, "{}", msg::no_service_changes());
    }
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            BOLD,
            &msg::plan_footer([view.added, view.changed, view.removed, view.unchanged])
        )
    );
    out
}

fn title_of(service: &ServicePlan, style: Style) -> String {
    match &service.title {
        Some(title) => format!("{}  {title}", style.paint(BOLD, &service.id)),
        None => style.paint(BOLD, &service.id),
    }
}

fn service_block(out: &mut String, service: &ServicePlan, view: &PlanView, style: Style) {
    let (sign, colour, effect) = match service.change {
        Change::Added => (
            "+",
            GREEN,
            msg::added_effect(service.valid_from, view.today),
        ),
        Change::Changed => (
            "~",
            YELLOW,
            msg::changed_effect(service.valid_from, service.previous_valid_from, view.today),
        ),
        Change::Removed => ("-", RED, msg::removed_effect()),
        Change::Unchanged => ("=", DIM, msg::unchanged_line(service.valid_from)),
    };
    let _ = writeln!(
        out,
        "  {} {}",
        style.paint(colour, sign),
        title_of(service, style)
    );
    let _ = writeln!(out, "      {effect}");
    for note in &service.notes {
        let _ = writeln!(
            out,
            "      {}: {note}",
            style.paint(YELLOW, msg::note_label())
        );
    }
    for line in &service.changes {
        change(out, line, style);
    }
}

fn change(out: &mut String, line: &ChangeLine, style: Style) {
    let text = line.text.replace('\n', "\n        ");
    let _ = write!(out, "      {text}");
    if let Some(reason) = &line.breaking {
        let _ = write!(
            out,
            "  {}: {reason}",
            style.paint(&format!("{BOLD};{RED}"), msg::breaking_label())
        );
    }
    let _ = writeln!(out);
    if let (Some(was), Some(now)) = (&line.was, &line.now) {
        let _ = writeln!(out, "          was: {was}");
        let _ = writeln!(out, "          now: {now}");
    }
}

/// Findings the platform reported, as `ozg lint` words them:
/// `error[OZG302] unknown-step: …`, the place, and the help.
pub fn diagnostics(findings: &[LintDiagnostic]) -> String {
    let mut out = String::new();
    for d in findings {
        let _ = writeln!(out, "{}[{}] {}: {}", d.severity, d.code, d.rule, d.message);
        let _ = writeln!(out, "  --> {}:{}:{}", d.file, d.line, d.column);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}

/// A release in the history, with the services it changed.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub summary: ReleaseSummary,
    /// The services it added, changed or removed, with how.
    pub services: Vec<ChangedService>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedService {
    pub id: String,
    pub change: Change,
}

/// The history, newest first.
pub fn history(entries: &[HistoryEntry], target: &str, next: Option<u64>, style: Style) -> String {
    if entries.is_empty() {
        return format!("{}\n", msg::releases_empty(target));
    }
    let berlin = TimeZone::get("Europe/Berlin").unwrap_or(TimeZone::UTC);
    let mut out = String::new();
    for entry in entries {
        let r = &entry.summary;
        let when = r
            .created_at
            .to_zoned_datetime(berlin.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string();
        let kind = match r.kind {
            crate::platform::api::ReleaseKind::Publish => msg::release_kind_publish().to_owned(),
            crate::platform::api::ReleaseKind::Rollback => {
                msg::release_kind_rollback(r.rollback_of)
            }
        };
        let _ = writeln!(
            out,
            "{}  {when}  {kind}  {}",
            style.paint(BOLD, &format!("release {}", r.id)),
            msg::by(r.author.as_deref(), &r.token)
        );
        let commit = r.commit.as_deref().map_or_else(
            || msg::no_commit_recorded().to_owned(),
            |c| format!("commit {}", msg::short(c)),
        );
        let services = if entry.services.is_empty() {
            msg::no_service_changed().to_owned()
        } else {
            entry
                .services
                .iter()
                .map(|s| {
                    let sign = match s.change {
                        Change::Added => "+",
                        Change::Changed => "~",
                        Change::Removed => "-",
                        Change::Unchanged => "=",
                    };
                    format!("{sign}{}", s.id)
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(out, "    {commit}  {services}");
        if let Some(message) = r.message.as_deref().filter(|m| !m.trim().is_empty()) {
            let first = message.lines().next().unwrap_or_default();
            let _ = writeln!(out, "    {}", style.paint(DIM, first));
        }
    }
    if let Some(before) = next {
        let _ = writeln!(out, "{}", msg::more_releases(before));
    }
    out
}

/// The status, one line per service.
pub fn status(services: &[ServiceStatus], heading: &str, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint(BOLD, heading));
    let width = services.iter().map(|s| s.id.len()).max().unwrap_or(0);
    for s in services {
        let (label, colour) = match s.standing {
            Standing::InSync => (msg::standing_in_sync(), GREEN),
            Standing::Upcoming => (msg::standing_upcoming(), GREEN),
            Standing::NotPublished => (msg::standing_not_published(), YELLOW),
            Standing::New => (msg::standing_new(), YELLOW),
            Standing::OnlyOnPlatform => (msg::standing_only_on_platform(), RED),
        };
        let latest = s.upcoming.last().or(s.active.as_ref());
        let detail = match s.standing {
            Standing::InSync => latest
                .map(|v| msg::in_force(v.valid_from))
                .unwrap_or_default(),
            Standing::Upcoming => latest
                .map(|v| {
                    msg::takes_effect_on(v.valid_from, s.active.as_ref().map(|a| a.valid_from))
                })
                .unwrap_or_default(),
            Standing::NotPublished => {
                msg::local_and_platform(s.local_valid_from, latest.map(|v| v.valid_from))
            }
            Standing::New => msg::not_on_platform(s.local_valid_from),
            Standing::OnlyOnPlatform => msg::not_in_repository().to_owned(),
        };
        let _ = writeln!(
            out,
            "  {}  {:width$}  {detail}",
            style.paint(colour, &format!("{label:<16}")),
            s.id,
        );
    }
    let differ = services.iter().filter(|s| s.standing.differs()).count();
    let _ = writeln!(
        out,
        "{}",
        msg::status_footer(services.len() - differ, differ)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(services: Vec<ServicePlan>) -> PlanView {
        PlanView {
            target: "http://127.0.0.1:8480".to_owned(),
            based_on: "\"1.2026-03-02\"".to_owned(),
            release: Some(1),
            today: "2026-03-02".parse().unwrap(),
            commit: Some("0123456789abcdef".to_owned()),
            added: 0,
            changed: services
                .iter()
                .filter(|s| s.change == Change::Changed)
                .count(),
            removed: 0,
            unchanged: services
                .iter()
                .filter(|s| s.change == Change::Unchanged)
                .count(),
            services,
            codelists: Vec::new(),
            other_files: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn unchanged(id: &str) -> ServicePlan {
        ServicePlan {
            id: id.to_owned(),
            change: Change::Unchanged,
            title: None,
            valid_from: Some("2024-01-01".parse().unwrap()),
            previous_valid_from: Some("2024-01-01".parse().unwrap()),
            takes_effect: None,
            changes: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_changed_fee_is_shown_with_its_date() {
        let changed = ServicePlan {
            id: "permit".to_owned(),
            change: Change::Changed,
            title: Some("Bewohnerparkausweis".to_owned()),
            valid_from: Some("2026-04-01".parse().unwrap()),
            previous_valid_from: Some("2023-12-01".parse().unwrap()),
            takes_effect: Some("2026-04-01".parse().unwrap()),
            changes: vec![ChangeLine {
                category: "legal".to_owned(),
                text: "~ fee annual_fee amount: 30,00 € → 200,00 €".to_owned(),
                breaking: None,
                was: None,
                now: None,
            }],
            notes: Vec::new(),
        };
        let text = plan(&view(vec![changed]), "Plan", Style::default());
        assert_eq!(
            text,
            "Plan\ncommit 0123456789abcdef\n\n  ~ permit  Bewohnerparkausweis\n      changed; \
             takes effect on 2026-04-01 (the version valid from 2023-12-01 serves until then)\n      \
             ~ fee annual_fee amount: 30,00 € → 200,00 €\n\nPlan: 0 to add, 1 to change, 0 to \
             remove, 0 unchanged.\n"
        );
    }

    #[test]
    fn many_unchanged_services_are_counted_not_listed() {
        let services = (0..=UNCHANGED_LISTED)
            .map(|i| unchanged(&format!("s{i}")))
            .collect();
        let text = plan(&view(services), "Plan", Style::default());
        assert!(
            text.contains("21 services unchanged (-v lists them)"),
            "{text}"
        );
        assert!(!text.contains("s7"), "{text}");
    }

    #[test]
    fn few_unchanged_services_are_listed() {
        let text = plan(&view(vec![unchanged("dog_tax")]), "Plan", Style::default());
        assert!(
            text.contains("  = dog_tax  (unchanged, valid from 2024-01-01)"),
            "{text}"
        );
    }

    #[test]
    fn platform_findings_read_like_lint_findings() {
        let text = diagnostics(&[LintDiagnostic {
            code: "OZG302".to_owned(),
            rule: "unknown-step".to_owned(),
            severity: "error".to_owned(),
            message: "the step `x` does not exist".to_owned(),
            help: Some("declare it".to_owned()),
            file: "services/permit/service.toml".to_owned(),
            line: 31,
            column: 9,
        }]);
        assert_eq!(
            text,
            "error[OZG302] unknown-step: the step `x` does not exist\n  --> \
             services/permit/service.toml:31:9\n  help: declare it\n"
        );
    }
}
