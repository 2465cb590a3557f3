//! Every text the BPMN export writes into a diagram or says in an error,
//! kept in one place so that a translation can be added later. Names of
//! steps, roles, deadlines and the legal texts come from the model as
//! written; only the words around them are here.

use std::fmt::Write as _;

use crate::model::{DayCount, Deadline, ExpiryAction, Notification, Outcome, Role, Service};

pub fn start_event() -> &'static str {
    "Application submitted"
}

/// An end event: the step's title with its outcome, or the outcome alone.
pub fn end_event(title: Option<&str>, outcome: Option<Outcome>) -> String {
    match (title, outcome) {
        (Some(title), Some(outcome)) => format!("{title} ({})", outcome.name()),
        (Some(title), None) => title.to_owned(),
        (None, Some(outcome)) => outcome.name().to_owned(),
        (None, None) => "end".to_owned(),
    }
}

pub fn end_documentation(outcome: Option<Outcome>) -> Option<String> {
    outcome.map(|o| format!("The case ends with the outcome \"{}\".", o.name()))
}

/// The exclusive gateway after a task or wait whose transitions carry
/// guards.
pub fn route_gateway(after_decision: bool) -> &'static str {
    if after_decision {
        "Decision?"
    } else {
        "Next step?"
    }
}

/// A timer: the deadline's label and its length as the model gives it.
pub fn timer(deadline: &Deadline, fallback: &str) -> String {
    let label = deadline
        .label
        .as_ref()
        .map_or(fallback, |l| l.value.as_str());
    let within = deadline.within.as_ref().map_or("", |w| w.value.as_str());
    match deadline.day_count() {
        DayCount::Working => format!("{label} ({within}, working days)"),
        DayCount::Calendar => format!("{label} ({within})"),
    }
}

pub fn escalation_task(deadline: &Deadline, fallback: &str) -> String {
    let label = deadline
        .label
        .as_ref()
        .map_or(fallback, |l| l.value.as_str());
    format!("Deadline passed: {label}")
}

pub fn escalated() -> &'static str {
    "Escalated"
}

pub fn escalation_name(deadline: &Deadline, fallback: &str, id: &str) -> String {
    let label = deadline
        .label
        .as_ref()
        .map_or(fallback, |l| l.value.as_str());
    format!("{label} ({id})")
}

pub fn wait_started() -> &'static str {
    "Waiting"
}

/// What a deadline means and how far the Camunda timer can follow it.
pub fn deadline_documentation(
    deadline: &Deadline,
    timer: &str,
    state: Option<&str>,
    roles: &[Role],
) -> String {
    let mut text = String::new();
    if let Some(label) = &deadline.label {
        let _ = write!(text, "Deadline \"{}\": ", label.value);
    } else {
        text.push_str("Deadline: ");
    }
    let within = deadline.within.as_ref().map_or("", |w| w.value.as_str());
    let days = match deadline.day_count() {
        DayCount::Working => " working days",
        DayCount::Calendar => "",
    };
    let from = match deadline.anchor() {
        crate::model::Anchor::Submitted => "the submission of the application",
        crate::model::Anchor::Entered => "the entry into the step",
    };
    let _ = write!(text, "{within}{days} from {from}");
    match deadline.on_expiry.as_ref().map(|e| e.value) {
        Some(ExpiryAction::Escalate) => {
            let role = deadline
                .escalate_to
                .as_ref()
                .map_or("", |r| r.value.as_str());
            let _ = write!(
                text,
                "; when it passes, the case stays where it is and {} is alerted.",
                role_text(role, roles)
            );
        }
        Some(ExpiryAction::Transition) => {
            let to = deadline.to.as_ref().map_or("", |t| t.value.as_str());
            let _ = write!(text, "; when it passes, the case moves to step \"{to}\".");
        }
        Some(ExpiryAction::DeemedApproval) => {
            let to = deadline.to.as_ref().map_or("", |t| t.value.as_str());
            let _ = write!(
                text,
                "; when it passes, the application counts as granted (deemed approval) and \
                 the case moves to step \"{to}\"."
            );
        }
        None => text.push('.'),
    }
    if let Some(basis) = &deadline.legal_basis {
        let _ = write!(text, "\nLegal basis: {}", basis.value);
    }
    let _ = write!(
        text,
        "\nCamunda counts calendar time: the timer runs {timer} from the moment the element \
         is entered and fires at that time of day, not at the end of the last day."
    );
    if deadline.day_count() == DayCount::Working {
        let _ = write!(
            text,
            " The model counts working days (Monday to Friday without the public holidays \
             of {}); {timer} is the shortest calendar length that is never shorter without \
             holidays, so a public holiday in the period makes the real deadline end later.",
            state.unwrap_or("the federal state")
        );
    } else {
        text.push_str(
            " A deadline that ends on a Saturday, Sunday or public holiday ends on the next \
             working day (§ 193 BGB); the timer does not move.",
        );
    }
    if deadline.anchor() == crate::model::Anchor::Submitted && deadline.of_step {
        text.push_str(
            " The model counts from the submission; the timer counts from the entry into \
             the step, which is later when the step is reached again.",
        );
    }
    if deadline.on_expiry.as_ref().map(|e| e.value) == Some(ExpiryAction::DeemedApproval) {
        text.push_str(
            " Camunda does not know the legal meaning of a deemed approval: the timer only \
             moves the case; the notice to the applicant is the platform's task.",
        );
    }
    text
}

fn role_text(id: &str, roles: &[Role]) -> String {
    match roles
        .iter()
        .find(|r| r.id.value == id)
        .and_then(|r| r.title.as_ref())
    {
        Some(title) => format!("the role \"{id}\" ({})", title.value),
        None => format!("the role \"{id}\""),
    }
}

pub fn task_documentation(role: Option<&str>, decisions: &[&str], roles: &[Role]) -> String {
    let mut text = String::new();
    if let Some(role) = role {
        let _ = write!(
            text,
            "Worked on by {}, candidate group \"{role}\".",
            role_text(role, roles)
        );
    }
    if !decisions.is_empty() {
        let list: Vec<String> = decisions.iter().map(|d| format!("\"{d}\"")).collect();
        let _ = write!(
            text,
            "{}Complete the task with the process variable decision set to one of {}.",
            if text.is_empty() { "" } else { " " },
            list.join(", ")
        );
    }
    text
}

pub fn escalation_documentation(step: Option<&str>, role: Option<&str>, roles: &[Role]) -> String {
    let whom = role.map_or_else(
        || "the responsible role".to_owned(),
        |r| role_text(r, roles),
    );
    match step {
        Some(step) => format!(
            "The deadline of step \"{step}\" has passed while the case is still there; \
             {whom} is alerted with this task. The case goes on meanwhile."
        ),
        None => format!(
            "A deadline of the whole case has passed; {whom} is alerted with this task. \
             The case goes on meanwhile."
        ),
    }
}

pub fn automatic_documentation() -> &'static str {
    "Automatic step: the case passes at once. To have a program do work here, turn it into a \
     service task with a job type and run a job worker for it."
}

pub fn wait_documentation(events: &[&str]) -> String {
    let list: Vec<String> = events.iter().map(|e| format!("\"{e}\"")).collect();
    format!(
        "Waits for the message {} (publish it with this name and the correlation key set to \
         the case's case_id).",
        list.join(" or ")
    )
}

pub fn case_deadline_documentation(id: &str) -> String {
    format!("Deadline \"{id}\" of the whole case.")
}

pub fn notification_documentation(notification: &Notification) -> String {
    let subject = notification
        .subject
        .as_ref()
        .map_or(notification.id.value.as_str(), |s| s.value.as_str());
    let mut text = format!(
        "On entry the applicant is sent \"{subject}\" ({})",
        notification.id.value
    );
    if let Some(when) = &notification.when {
        let _ = write!(text, " when {}", when.text.trim());
    }
    text.push('.');
    text
}

/// The process's documentation: the service's metadata and what a
/// process instance needs.
pub fn process_documentation(
    service: &Service,
    state: Option<&str>,
    variables: &[String],
) -> String {
    let meta = &service.meta;
    let mut text = String::new();
    if let Some(title) = &meta.title {
        let _ = writeln!(text, "{}", title.value);
    }
    if let Some(description) = &meta.description {
        let _ = writeln!(text, "{}", description.value);
    }
    if let Some(authority) = &meta.authority {
        let _ = writeln!(text, "Authority: {}", authority.value);
    }
    if !meta.legal_basis.is_empty() {
        let laws: Vec<&str> = meta.legal_basis.iter().map(|l| l.value.as_str()).collect();
        let _ = writeln!(text, "Legal basis: {}", laws.join("; "));
    }
    match (&meta.valid_from, &meta.valid_until) {
        (Some(from), Some(until)) => {
            let _ = writeln!(text, "Valid from {} until {}", from.value, until.value);
        }
        (Some(from), None) => {
            let _ = writeln!(text, "Valid from {}", from.value);
        }
        (None, Some(until)) => {
            let _ = writeln!(text, "Valid until {}", until.value);
        }
        (None, None) => {}
    }
    if let Some(leika) = &meta.leika {
        let _ = writeln!(text, "LeiKa: {}", leika.value);
    }
    if let Some(state) = state {
        let _ = writeln!(text, "Federal state (public holidays): {state}");
    }
    let _ = write!(
        text,
        "Exported by ozg from the service \"{}\"; change the model, not this file.",
        meta.id.value
    );
    if variables.is_empty() {
        text.push_str("\nStart each instance with a unique case_id to correlate messages.");
    } else {
        let _ = write!(
            text,
            "\nProcess variables the conditions read: {}. Start each instance with the \
             application's values, computed values, decision results and fees as variables, \
             and a unique case_id to correlate messages.",
            variables.join(", ")
        );
    }
    text
}

// Errors: what is wrong with the model, where, and what to do.

pub fn no_start(service: &str) -> String {
    format!(
        "the process of service \"{service}\" names no start step that exists; set \
         [process] start to the id of a step"
    )
}

pub fn no_kind(step: &str) -> String {
    format!(
        "step \"{step}\" has no valid kind; give it one of automatic, task, wait, split, join, end"
    )
}

pub fn unknown_step(from: &str, to: &str) -> String {
    format!("step \"{from}\" leads to \"{to}\", which is not a step; correct the id")
}

pub fn no_target(from: &str) -> String {
    format!("a transition or deadline of step \"{from}\" names no step to go to; add `to`")
}

pub fn no_events(step: &str) -> String {
    format!("the wait step \"{step}\" waits for no event; list them in `events`")
}

pub fn bad_duration(owner: &str) -> String {
    format!(
        "the deadline of \"{owner}\" has no valid length; write `within` as an ISO 8601 \
         duration such as \"P14D\""
    )
}

pub fn no_expiry(owner: &str) -> String {
    format!(
        "the deadline of \"{owner}\" does not say what happens when it passes; set \
         on_expiry to escalate, transition or deemed_approval"
    )
}

pub fn cannot_write(error: &std::io::Error) -> String {
    format!("the BPMN document could not be written: {error}")
}
