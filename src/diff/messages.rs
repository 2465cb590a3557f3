//! Every text `ozg diff` shows to people, in one place, so that the
//! wording can be reviewed and translated apart from the logic.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::diff::{Breaking, Category, Element, Note, ServiceStatus};
use crate::model::{Anchor, DayCount, ExpiryAction};

/// The heading of a category in reports.
pub fn category(category: Category) -> &'static str {
    match category {
        Category::Legal => "Legal",
        Category::Applicant => "Applicant-facing",
        Category::Process => "Process",
        Category::Wording => "Wording",
    }
}

/// How an element is named before its id: "fee `annual_fee`".
pub fn element(element: Element) -> &'static str {
    match element {
        Element::Service => "service",
        Element::Field => "field",
        Element::Section => "section",
        Element::Option => "option",
        Element::CodeList => "code list",
        Element::CodeListEntry => "entry",
        Element::Computed => "computed value",
        Element::DecisionTable => "decision table",
        Element::DecisionRule => "rule",
        Element::Fee => "fee",
        Element::Role => "role",
        Element::Process => "process",
        Element::Step => "step",
        Element::Transition => "transition",
        Element::Deadline => "deadline",
        Element::Notification => "notification",
    }
}

/// Why a change is breaking, in one sentence a reviewer understands.
pub fn breaking(reason: Breaking) -> &'static str {
    match reason {
        Breaking::WaitingStepRemoved => "cases waiting in this step have nowhere to go",
        Breaking::WaitingStepRenamed => "cases waiting under the old id are not found any more",
        Breaking::WaitingStepKindChanged => "cases waiting in this step cannot go on the same way",
        Breaking::DecisionRemoved => {
            "a case in this task may be about to take the removed decision"
        }
        Breaking::EventRemoved => "a waiting case may still receive the removed event",
        Breaking::BecameRequired => "earlier applications may have left this field empty",
        Breaking::NewRequiredField => "earlier applications do not have this answer",
        Breaking::TypeChanged => "earlier answers may not fit the new type",
        Breaking::MaxLowered => "earlier answers may be above the new maximum",
        Breaking::MinRaised => "earlier answers may be below the new minimum",
        Breaking::MinLengthRaised => "earlier answers may be shorter than now allowed",
        Breaking::MaxLengthLowered => "earlier answers may be longer than now allowed",
        Breaking::PatternChanged => "earlier answers may not match the new pattern",
        Breaking::DecimalsLowered => "earlier answers may have more decimals than now allowed",
        Breaking::OptionRemoved => "earlier applications may have chosen this option",
        Breaking::FileKindRemoved => "earlier uploads may be of a kind no longer accepted",
        Breaking::MaxSizeLowered => "earlier uploads may be larger than now allowed",
        Breaking::MinItemsRaised => "earlier answers may have fewer choices than now needed",
        Breaking::MaxItemsLowered => "earlier answers may have more choices than now allowed",
        Breaking::CheckAdded => "the new check may refuse earlier answers",
        Breaking::GroupChanged => "the answers now have another shape (repeatable group)",
        Breaking::RepeatNarrowed => {
            "earlier applications may have more or fewer entries than now allowed"
        }
        Breaking::CodeListReplaced => {
            "the new code list lacks codes earlier applications may have chosen"
        }
    }
}

pub fn note(note: Note, old_valid_from: Option<Date>) -> String {
    match note {
        Note::ValidFromUnchanged => format!(
            "valid_from is unchanged{}: the legal changes would apply to every application \
             submitted since then; set valid_from to the date the change takes effect",
            old_valid_from
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ),
    }
}

pub fn status(status: ServiceStatus) -> &'static str {
    match status {
        ServiceStatus::Added => "new",
        ServiceStatus::Removed => "removed",
        ServiceStatus::Changed => "changed",
    }
}

/// The one line shown when nothing differs.
pub fn no_changes(from: &str, to: &str) -> String {
    format!("No changes between {from} and {to}.")
}

/// The headline of a report: "2 services changed between HEAD and the
/// working tree".
pub fn headline(from: &str, to: &str, services: usize, codelists: usize) -> String {
    let mut parts = Vec::new();
    if services > 0 {
        parts.push(plural(services, "service", "services"));
    }
    if codelists > 0 {
        parts.push(plural(codelists, "shared code list", "shared code lists"));
    }
    format!("{} changed between {from} and {to}", parts.join(" and "))
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn applies_from(date: Option<Date>, before: Option<Date>) -> String {
    match (date, before) {
        (Some(date), Some(before)) if date != before => {
            format!("applies from {date} (previous version from {before})")
        }
        (Some(date), _) => format!("applies from {date}"),
        (None, _) => "no valid_from date".to_owned(),
    }
}

pub fn service_summary(
    fields: usize,
    fees: usize,
    steps: usize,
    valid_from: Option<Date>,
) -> String {
    let mut out = format!(
        "{}, {}, {}",
        plural(fields, "field", "fields"),
        plural(fees, "fee", "fees"),
        plural(steps, "step", "steps")
    );
    if let Some(date) = valid_from {
        let _ = write!(out, ", valid from {date}");
    }
    out
}

pub fn repeat(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max} entries"),
        (Some(min), None) => format!("at least {min} entries"),
        (None, Some(max)) => format!("at most {max} entries"),
        (None, None) => "repeatable".to_owned(),
    }
}

pub fn anchor(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Submitted => "submitted",
        Anchor::Entered => "entered",
    }
}

pub fn day_count(days: DayCount) -> &'static str {
    match days {
        DayCount::Calendar => "calendar",
        DayCount::Working => "working",
    }
}

pub fn expiry(action: ExpiryAction) -> &'static str {
    match action {
        ExpiryAction::Escalate => "escalate",
        ExpiryAction::Transition => "transition",
        ExpiryAction::DeemedApproval => "deemed_approval",
    }
}

pub fn deadline_summary(
    within: Option<&str>,
    days: DayCount,
    from: Anchor,
    on_expiry: Option<ExpiryAction>,
) -> String {
    let mut out = format!(
        "{} ({} days, from {})",
        within.unwrap_or("?"),
        day_count(days),
        anchor(from)
    );
    if let Some(action) = on_expiry {
        let _ = write!(out, ", then {}", expiry(action));
    }
    out
}

/// "by `vehicle_length`, `reduction_reason`": what a computed amount
/// depends on.
pub fn depends_on(inputs: &[String]) -> String {
    format!("by {}", inputs.join(", "))
}

pub fn breaking_label() -> &'static str {
    "BREAKING"
}

pub fn renamed(from: &str, to: &str) -> String {
    format!("renamed from {from} to {to}")
}

pub fn unchanged_skipped(n: usize, parsed: usize) -> String {
    format!(
        "skipped {} (not parsed); parsed {}",
        plural(n, "unchanged service", "unchanged services"),
        plural(parsed, "service file", "service files")
    )
}

pub fn shared_codelists() -> &'static str {
    "Shared code lists"
}

pub fn problems_heading() -> &'static str {
    "Files that could not be read completely (compared as far as they could be read)"
}
