//! A simulated case as a readable timeline: one block per day, each line
//! one thing that happened, with the deadlines' end dates and why they
//! moved, the fees, and how the case ended.
//!
//! The timeline can be written at once ([`Timeline::render`]) or piece by
//! piece while an interactive session goes on ([`Timeline::events`] keeps
//! track of the last day shown, so that each day is named once).

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::calendar::{DayCount, SkipReason, deadline_end};
use crate::engine::messages::euros;
use crate::engine::{CompiledService, StepInfo, TraceEvent};
use crate::model::{Anchor, ExpiryAction, Service, StepKind};
use crate::simulate::messages as msg;
use crate::simulate::{Simulation, Stop};

/// Width of the date column: `Mo 04.03.2024` and two spaces.
const DATE_COLUMN: usize = 15;

/// Writes the timeline of cases of one service.
pub struct Timeline<'a> {
    service: &'a CompiledService,
    model: &'a Service,
    steps: Vec<StepInfo<'a>>,
    /// The day named last, so that following lines of the same day stand
    /// under it without repeating it.
    last_day: Option<Date>,
}

impl<'a> Timeline<'a> {
    pub fn new(service: &'a CompiledService, model: &'a Service) -> Timeline<'a> {
        Timeline {
            service,
            model,
            steps: service.steps().collect(),
            last_day: None,
        }
    }

    /// The whole simulation: heading, fees, the days, and the result.
    pub fn render(&mut self, simulation: &Simulation) -> String {
        let mut out = self.heading();
        out.push('\n');
        if simulation.is_invalid() {
            out.push_str(&self.summary(simulation));
            return out;
        }
        out.push_str(&self.fees(simulation));
        out.push('\n');
        out.push_str(msg::heading_timeline());
        out.push('\n');
        self.last_day = None;
        out.push_str(&self.events(&simulation.trace.events, simulation.submitted));
        out.push('\n');
        out.push_str(&self.summary(simulation));
        out
    }

    /// The service's title, id and federal state.
    pub fn heading(&self) -> String {
        format!(
            "{}\n{} · {} ({})\n",
            msg::step(&self.service.title, &self.service.id),
            self.model
                .meta
                .authority
                .as_ref()
                .map_or("", |a| a.value.as_str()),
            self.service.state.name(),
            self.service.state.code()
        )
    }

    /// The fees charged, each with its split, and their total.
    pub fn fees(&self, simulation: &Simulation) -> String {
        let mut out = String::new();
        for id in &simulation.fee_errors {
            let _ = writeln!(out, "{}", msg::warning(&msg::fee_not_computed(id)));
        }
        if simulation.fees.is_empty() {
            let _ = writeln!(out, "{}", msg::no_fees());
            return out;
        }
        let mut rows: Vec<(String, String)> = Vec::new();
        for fee in &simulation.fees {
            let label = if fee.label.is_empty() {
                fee.id.clone()
            } else {
                format!("{} ({})", fee.label, fee.id)
            };
            rows.push((format!("  {label}"), euros(fee.amount)));
            for share in &fee.split {
                rows.push((
                    format!("    {}", msg::share_of(&share.authority)),
                    euros(share.amount),
                ));
            }
        }
        rows.push((
            format!("  {}", msg::fees_total()),
            euros(simulation.fees_total),
        ));
        let width = rows
            .iter()
            .map(|(l, a)| l.chars().count() + a.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        let _ = writeln!(out, "{}", msg::heading_fees());
        for (label, amount) in rows {
            let gap = width - label.chars().count() - amount.chars().count();
            let _ = writeln!(out, "{label}{}{amount}", " ".repeat(gap));
        }
        out
    }

    /// The lines for `events`, continuing the days already shown.
    pub fn events(&mut self, events: &[TraceEvent], submitted: Date) -> String {
        let mut out = String::new();
        for event in events {
            let Some((main, details)) = self.describe(event, submitted) else {
                continue;
            };
            let date = event.date();
            let column = if self.last_day == Some(date) {
                " ".repeat(DATE_COLUMN)
            } else {
                self.last_day = Some(date);
                format!("{:<width$}", msg::day(date), width = DATE_COLUMN)
            };
            let _ = writeln!(out, "{column}{main}");
            for detail in details {
                let _ = writeln!(out, "{}  {detail}", " ".repeat(DATE_COLUMN));
            }
        }
        out
    }

    /// How the simulation ended: the validation errors, or the outcome,
    /// where the case waits, which deadlines still run, and what stopped
    /// it.
    pub fn summary(&self, simulation: &Simulation) -> String {
        let mut out = String::new();
        if simulation.is_invalid() {
            let _ = writeln!(out, "{}", msg::invalid(simulation.validation.len()));
            let width = simulation
                .validation
                .iter()
                .map(|e| e.field.chars().count())
                .max()
                .unwrap_or(0);
            for error in &simulation.validation {
                let label = if error.label.is_empty() || error.label == error.field {
                    String::new()
                } else {
                    format!("{}: ", error.label)
                };
                let _ = writeln!(
                    out,
                    "  {:<width$}  {label}{}",
                    error.field,
                    error.message,
                    width = width
                );
            }
            return out;
        }
        if let Some(outcome) = simulation.outcome {
            let _ = writeln!(out, "{}", msg::result(outcome));
        } else {
            {
                let _ = writeln!(out, "{}", msg::result_open());
                for open in &simulation.open {
                    let step = msg::step(&open.title, &open.step);
                    let line = if open.kind == "task" {
                        msg::waits_for_decision(&step, &open.accepts)
                    } else {
                        msg::waits_for_event(&step, &open.accepts)
                    };
                    let _ = writeln!(out, "  {line}");
                }
                for (id, end) in &simulation.running {
                    let _ = writeln!(
                        out,
                        "  {}",
                        msg::running_deadline(&self.deadline_name(id), *end)
                    );
                }
            }
        }
        match &simulation.stop {
            Some(Stop::Stuck { error }) => {
                let _ = writeln!(out, "{}", msg::stopped_stuck(&msg::case_error(error)));
            }
            Some(Stop::Refused {
                date,
                action,
                error,
            }) => {
                let what = match action {
                    crate::engine::Action::Decide { decision, .. } => msg::what_decision(decision),
                    crate::engine::Action::Event { event, .. } => msg::what_event(event),
                    crate::engine::Action::Wait => msg::what_waiting(),
                };
                let _ = writeln!(
                    out,
                    "{}",
                    msg::stopped_refused(&what, *date, &msg::case_error(error))
                );
            }
            None => {}
        }
        for warning in &simulation.warnings {
            let _ = writeln!(out, "{}", msg::warning(warning));
        }
        out
    }

    fn step_info(&self, id: &str) -> Option<&StepInfo<'a>> {
        self.steps.iter().find(|s| s.id == id)
    }

    fn step_name(&self, id: &str) -> String {
        self.step_info(id)
            .map_or_else(|| msg::step("", id), |s| msg::step(s.title, s.id))
    }

    fn role_name(&self, id: &str) -> String {
        let title = self
            .model
            .roles
            .iter()
            .find(|r| r.id.value == id)
            .and_then(|r| r.title.as_ref())
            .map(|t| t.value.as_str());
        match title {
            Some(title) => format!("{title} ({id})"),
            None => id.to_owned(),
        }
    }

    fn deadline_name(&self, id: &str) -> String {
        msg::deadline(self.service.deadline_label(id), id)
    }

    /// The line for one event and its detail lines; `None` for events
    /// that the line of another event already tells.
    fn describe(&self, event: &TraceEvent, submitted: Date) -> Option<(String, Vec<String>)> {
        let line = match event {
            TraceEvent::Submitted { .. } => msg::submitted(),
            TraceEvent::Entered { step, .. } => {
                let name = self.step_name(step);
                match self.step_info(step).map(|s| (s.kind, s.role)) {
                    Some((StepKind::Task, role)) => {
                        msg::task_begins(&name, role.map(|r| self.role_name(r)).as_deref())
                    }
                    Some((StepKind::Wait, _)) => msg::wait_begins(&name),
                    Some((StepKind::Split, _)) => msg::split(&name),
                    Some((StepKind::Join, _)) => msg::join_reached(&name),
                    Some((StepKind::End, _)) => msg::end_reached(&name),
                    Some((StepKind::Automatic, _)) | None => msg::step_passed(&name),
                }
            }
            TraceEvent::Left { step, .. } => match self.step_info(step).map(|s| s.kind) {
                Some(StepKind::Task | StepKind::Wait) => msg::step_ends(&self.step_name(step)),
                Some(StepKind::Join) => msg::join_done(&self.step_name(step)),
                // Automatic steps and splits are left the moment they are
                // entered; their entry line says so.
                _ => return None,
            },
            TraceEvent::Decided { step, decision, .. } => {
                msg::decided(&self.step_name(step), decision)
            }
            TraceEvent::Received { step, event, .. } => msg::received(&self.step_name(step), event),
            TraceEvent::DeadlineStarted {
                date,
                deadline,
                end,
            } => return Some(self.deadline_started(deadline, *date, *end, submitted)),
            TraceEvent::DeadlineMet { deadline, end, .. } => {
                msg::deadline_met(&self.deadline_name(deadline), *end)
            }
            TraceEvent::DeadlineExpired { deadline, end, .. } => {
                let consequence = self.service.deadline(deadline).map(|info| {
                    let target = info.to.map(|t| self.step_name(t)).unwrap_or_default();
                    match info.action {
                        ExpiryAction::Escalate => msg::expiry_escalate(),
                        ExpiryAction::Transition => msg::expiry_transition(&target),
                        ExpiryAction::DeemedApproval => msg::expiry_deemed(&target),
                    }
                });
                return Some((
                    msg::deadline_expired(&self.deadline_name(deadline), *end),
                    consequence.into_iter().collect(),
                ));
            }
            TraceEvent::Escalated { role, .. } => msg::escalated(&self.role_name(role)),
            TraceEvent::Notified {
                notification,
                subject,
                ..
            } => msg::notified(subject, notification),
            TraceEvent::Ended { outcome, .. } => msg::ended(*outcome),
            TraceEvent::Stuck { step, .. } => msg::stuck(&self.step_name(step)),
        };
        Some((line, Vec::new()))
    }

    /// A started deadline: its length and end, and, as `ozg deadline -v`
    /// shows, why the end is where it is.
    fn deadline_started(
        &self,
        id: &str,
        date: Date,
        end: Date,
        submitted: Date,
    ) -> (String, Vec<String>) {
        let name = self.deadline_name(id);
        let Some(info) = self.service.deadline(id) else {
            return (msg::deadline_started(&name, "", date, end), Vec::new());
        };
        let from = match info.anchor {
            Anchor::Submitted => submitted,
            Anchor::Entered => date,
        };
        let line = msg::deadline_started(&name, &msg::length(info.within, info.days), from, end);
        let mut details = Vec::new();
        if let Ok(computed) = deadline_end(from, info.within, info.days, self.service.state) {
            if computed.month_too_short()
                && let Some(reached) = computed.months_reached
            {
                details.push(msg::month_too_short(reached));
            }
            let holiday = |reason: SkipReason| match reason {
                SkipReason::Holiday(name) => Some(name),
                SkipReason::Saturday | SkipReason::Sunday => None,
            };
            match info.days {
                DayCount::Calendar if computed.end != computed.nominal_end => {
                    let reasons: Vec<String> = computed
                        .skipped
                        .iter()
                        .map(|s| msg::skipped_day(s.date, holiday(s.reason)))
                        .collect();
                    details.push(msg::deadline_moved(computed.nominal_end, &reasons));
                }
                DayCount::Working => {
                    // Weekends go without saying in working days; holidays
                    // are what a reader checks.
                    let holidays: Vec<String> = computed
                        .skipped
                        .iter()
                        .filter(|s| matches!(s.reason, SkipReason::Holiday(_)))
                        .map(|s| msg::skipped_day(s.date, holiday(s.reason)))
                        .collect();
                    if !holidays.is_empty() {
                        details.push(msg::holidays_not_counted(&holidays));
                    }
                }
                DayCount::Calendar => {}
            }
        }
        (line, details)
    }
}
