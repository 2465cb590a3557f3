//! Every text the Prosimos export writes into the model, says about what
//! it approximated, or says in an error, kept in one place so that a
//! translation can be added later.

use crate::model::Outcome;

pub fn start_event() -> &'static str {
    "Application submitted"
}

pub fn end_event(title: Option<&str>, outcome: Option<Outcome>) -> String {
    match (title, outcome) {
        (Some(title), Some(outcome)) => format!("{title} ({})", outcome.name()),
        (Some(title), None) => title.to_owned(),
        (None, Some(outcome)) => outcome.name().to_owned(),
        (None, None) => "end".to_owned(),
    }
}

pub fn case_closed() -> &'static str {
    "Case closed"
}

pub fn route_gateway() -> &'static str {
    "Next step?"
}

pub fn answer_gateway() -> &'static str {
    "Answer comes?"
}

pub fn deadline_event(step: &str) -> String {
    format!("Deadline of {step} passed")
}

pub fn process_documentation(service: &str, profile: Option<&str>, version: &str) -> String {
    let profile = profile.map_or_else(String::new, |p| format!(" with the workload profile {p:?}"));
    format!(
        "Simulation model of the service {service:?}{profile} for Prosimos {version}, written by ozg \
         export prosimos. A simplified process: tasks, waits as catch events, gateways; \
         deadlines are not modelled. See docs/prosimos.md of ozg for what is approximated."
    )
}

// --- approximations, one line each -------------------------------------

pub fn holidays(state: &str) -> String {
    format!(
        "public holidays of {state}: Prosimos calendars repeat every week, so applications \
         arrive and staff work on public holidays too"
    )
}

pub fn no_state() -> String {
    "public holidays: the service names no federal state; ozg then knows no holidays, and \
     neither does Prosimos"
        .to_owned()
}

pub fn monthly(mean: f64) -> String {
    format!(
        "monthly factors of the arrivals: Prosimos has one arrival rate for the whole run; the \
         export uses the mean of the twelve factors ({mean:.3})"
    )
}

pub fn arrival_bunching(per_day: f64) -> String {
    format!(
        "arrivals: Prosimos moves an arrival that falls outside the arrival hours to their next \
         start; the mean time between arrivals is set so that an average working day still \
         brings {per_day} applications"
    )
}

pub fn escalation(id: &str) -> String {
    format!(
        "deadline {id}: escalates only, which changes no path; Prosimos does not count the \
         escalations"
    )
}

pub fn moving_deadline(id: &str, target: &str) -> String {
    format!(
        "deadline {id} (moves the case to {target}) is left out: Prosimos has no timer that \
         interrupts a task or an answer, so cases that ozg moves on when it passes go on \
         normally"
    )
}

pub fn deemed_approval(id: &str, target: &str) -> String {
    format!(
        "deadline {id} (deemed approval, moves the case to {target}) is left out: Prosimos has \
         no timer that interrupts a task or an answer, so no case is deemed approved and cases \
         go on normally"
    )
}

pub fn never_with_deadline(step: &str, never: f64, target: &str, days: f64) -> String {
    format!(
        "wait {step}: the {}% of applicants who never answer go to {target} after the deadline \
         ({days:.1} calendar days, without the rest of the day it ends on); answers later than \
         the deadline still come in Prosimos",
        percent(never)
    )
}

pub fn never_left_out(step: &str, never: f64) -> String {
    format!(
        "wait {step}: the {}% of applicants who never answer are left out; in Prosimos every \
         applicant answers, so cases that stay open in ozg end in Prosimos",
        percent(never)
    )
}

pub fn triangular_as_gamma(what: &str) -> String {
    format!(
        "{what}: Prosimos has no triangular distribution; the export writes a gamma distribution \
         with the same mean and variance"
    )
}

pub fn negative_draws(what: &str) -> String {
    format!(
        "{what}: the distribution can draw negative values; ozg counts them as 0, Prosimos draws \
         again, which raises the mean"
    )
}

pub fn measured_shares(step: &str, cases: u64) -> String {
    format!(
        "routing after {step} depends on the application's data; the branch shares are those \
         the ozg simulation measured on {cases} generated applications"
    )
}

pub fn unmeasured_shares(step: &str) -> String {
    format!(
        "routing after {step} depends on the application's data, and no simulated case left \
         it; the branches get equal shares"
    )
}

pub fn stuck_share(step: &str, share: f64) -> String {
    format!(
        "after {step}, {}% of the cases match no transition and get stuck in ozg; Prosimos \
         shares them out over the branches in proportion",
        percent(share)
    )
}

fn percent(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

// --- errors ----------------------------------------------------------------

pub fn no_start(service: &str) -> String {
    format!("the service {service:?} names no start step that exists")
}

pub fn no_kind(step: &str) -> String {
    format!("the step {step:?} has no kind")
}

pub fn no_target(step: &str) -> String {
    format!("a transition of the step {step:?} names no step to go to")
}

pub fn unknown_step(from: &str, to: &str) -> String {
    format!("the step {from:?} leads to {to:?}, which is no step of the service")
}

pub fn unreadable_guard(step: &str) -> String {
    format!("a guard of the step {step:?} is not a valid FEEL expression")
}

pub fn never_answered_forever(step: &str) -> String {
    format!(
        "nobody ever answers the wait {step:?} and no deadline moves the case on, so every \
         case stays there for ever, which Prosimos cannot simulate; give the wait an answer \
         time or a deadline that moves the case"
    )
}

pub fn no_roles(task: &str) -> String {
    format!("the task {task:?} has no role with staff in the profile")
}
