//! Running a case through the process, day by day.
//!
//! A case moves through the steps of its service: automatic steps, splits
//! and joins at once, tasks when a decision is taken, waits when their
//! event arrives. Deadlines start when their step is entered (or at
//! submission) and expire on the day after they end, taking their action.
//! Everything that happens is recorded in the [`Trace`], with its date.
//!
//! Time only moves forward. Before each action the case is advanced to the
//! action's date, so deadlines that ended before it have expired; a
//! decision taken on the last day of a deadline meets it.

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::deadline_end;
use crate::engine::compile::{Assessment, CompiledService, DeadlineSpec};
use crate::feel::value::Value;
use crate::model::{Anchor, ExpiryAction, Outcome, StepKind};

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    Approved,
    Rejected,
    Withdrawn,
    DeemedApproved,
    Completed,
}

impl CaseOutcome {
    pub fn name(self) -> &'static str {
        match self {
            CaseOutcome::Approved => "approved",
            CaseOutcome::Rejected => "rejected",
            CaseOutcome::Withdrawn => "withdrawn",
            CaseOutcome::DeemedApproved => "deemed_approved",
            CaseOutcome::Completed => "completed",
        }
    }

    fn of(outcome: Option<Outcome>) -> CaseOutcome {
        match outcome {
            Some(Outcome::Approved) => CaseOutcome::Approved,
            Some(Outcome::Rejected) => CaseOutcome::Rejected,
            Some(Outcome::Withdrawn) => CaseOutcome::Withdrawn,
            Some(Outcome::DeemedApproved) => CaseOutcome::DeemedApproved,
            Some(Outcome::Completed) | None => CaseOutcome::Completed,
        }
    }
}

/// Something that happened to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceEvent {
    Submitted {
        date: Date,
    },
    Entered {
        date: Date,
        step: String,
    },
    Left {
        date: Date,
        step: String,
    },
    Decided {
        date: Date,
        step: String,
        decision: String,
    },
    Received {
        date: Date,
        step: String,
        event: String,
    },
    DeadlineStarted {
        date: Date,
        deadline: String,
        end: Date,
    },
    /// The deadline's step was left, or the case ended, on or before its end.
    DeadlineMet {
        date: Date,
        deadline: String,
        end: Date,
    },
    DeadlineExpired {
        date: Date,
        deadline: String,
        end: Date,
        action: String,
    },
    Escalated {
        date: Date,
        deadline: String,
        role: String,
    },
    Notified {
        date: Date,
        notification: String,
        subject: String,
    },
    Ended {
        date: Date,
        outcome: CaseOutcome,
    },
    /// No transition of the step applied: the case cannot go on.
    Stuck {
        date: Date,
        step: String,
    },
}

impl TraceEvent {
    pub fn date(&self) -> Date {
        match self {
            TraceEvent::Submitted { date }
            | TraceEvent::Entered { date, .. }
            | TraceEvent::Left { date, .. }
            | TraceEvent::Decided { date, .. }
            | TraceEvent::Received { date, .. }
            | TraceEvent::DeadlineStarted { date, .. }
            | TraceEvent::DeadlineMet { date, .. }
            | TraceEvent::DeadlineExpired { date, .. }
            | TraceEvent::Escalated { date, .. }
            | TraceEvent::Notified { date, .. }
            | TraceEvent::Ended { date, .. }
            | TraceEvent::Stuck { date, .. } => *date,
        }
    }
}

/// Everything that happened to a case, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Trace {
    pub events: Vec<TraceEvent>,
}

impl Trace {
    /// The steps entered, in order.
    pub fn path(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter_map(|e| match e {
                TraceEvent::Entered { step, .. } => Some(step.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Each deadline's end, the first time it started.
    pub fn deadlines(&self) -> Vec<(&str, Date)> {
        let mut out: Vec<(&str, Date)> = Vec::new();
        for event in &self.events {
            if let TraceEvent::DeadlineStarted { deadline, end, .. } = event
                && !out.iter().any(|(d, _)| d == deadline)
            {
                out.push((deadline, *end));
            }
        }
        out
    }

    /// The notifications sent, in order.
    pub fn notifications(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter_map(|e| match e {
                TraceEvent::Notified { notification, .. } => Some(notification.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// What happens to a case after submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// A decision in a task; `step` may be left out when one task is open.
    Decide {
        step: Option<String>,
        decision: String,
    },
    /// An event for a wait step; `step` may be left out when one wait is open.
    Event { step: Option<String>, event: String },
    /// Only time passes.
    Wait,
}

/// Why an action could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("the case is closed; nothing more can happen to it")]
    Closed,
    #[error("{date} is before {today}, the last day something happened to the case")]
    DateBefore { date: Date, today: Date },
    #[error("no {kind} step is open")]
    NothingOpen { kind: &'static str },
    #[error("several {kind} steps are open ({steps}); say which one")]
    Ambiguous { kind: &'static str, steps: String },
    #[error("the {kind} step `{step}` is not open")]
    NotOpen { kind: &'static str, step: String },
    #[error("the step `{step}` does not declare `{value}`")]
    Undeclared { step: String, value: String },
    #[error("no transition of `{step}` applies; the case is stuck")]
    Stuck { step: String },
    #[error("the end of the deadline `{deadline}` cannot be computed: {reason}")]
    Deadline { deadline: String, reason: String },
    #[error("the case went through more than {0} steps at once; the process loops")]
    Loop(usize),
}

/// A deadline that is running.
#[derive(Debug, Clone)]
struct Running<'s> {
    /// Borrowed from the compiled service: a case starts many deadlines,
    /// and copying their names each time showed in the benchmarks.
    spec: &'s DeadlineSpec,
    /// The token position (step) it belongs to; `None` for case deadlines.
    step: Option<usize>,
    end: Date,
}

/// A case of a service, in progress or ended.
#[derive(Debug, Clone)]
pub struct Case<'s> {
    service: &'s CompiledService,
    vars: Vec<Value>,
    submitted: Date,
    today: Date,
    /// Steps where the case waits: open tasks and waits.
    open: Vec<usize>,
    /// Branches arrived at each join so far.
    arrived: Vec<usize>,
    running: Vec<Running<'s>>,
    deemed: bool,
    outcome: Option<CaseOutcome>,
    trace: Trace,
    /// Problems met on the way (a deadline that could not be computed).
    pub warnings: Vec<CaseError>,
}

/// Steps entered within one action before the process counts as looping.
const MAX_STEPS_AT_ONCE: usize = 10_000;

impl<'s> Case<'s> {
    /// Starts a case for an assessed application submitted on `submitted`.
    /// A case that cannot leave its first steps (no transition applies) is
    /// returned with the error that stopped it.
    pub fn start(
        service: &'s CompiledService,
        assessment: &Assessment,
        submitted: Date,
    ) -> (Case<'s>, Option<CaseError>) {
        let mut case = Case {
            service,
            vars: assessment.vars.clone(),
            submitted,
            today: submitted,
            open: Vec::new(),
            arrived: vec![0; service.steps.len()],
            running: Vec::new(),
            deemed: false,
            outcome: None,
            trace: Trace::default(),
            warnings: Vec::new(),
        };
        case.trace
            .events
            .push(TraceEvent::Submitted { date: submitted });
        for spec in &service.case_deadlines {
            case.start_deadline(spec, None, submitted);
        }
        let mut budget = MAX_STEPS_AT_ONCE;
        let error = case.enter(service.start, submitted, &mut budget).err();
        (case, error)
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// How the case ended, or `None` while it is open.
    pub fn outcome(&self) -> Option<CaseOutcome> {
        self.outcome
    }

    /// The day of the last thing that happened.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The ids of the steps where the case waits.
    pub fn open_steps(&self) -> Vec<&str> {
        self.open
            .iter()
            .map(|&s| self.service.steps[s].id.as_str())
            .collect()
    }

    /// The deadlines that are running, each with its last day, the one
    /// that ends first first.
    pub fn running_deadlines(&self) -> Vec<(&str, Date)> {
        let mut running: Vec<(&str, Date)> = self
            .running
            .iter()
            .map(|r| (r.spec.id.as_str(), r.end))
            .collect();
        running.sort_by_key(|(_, end)| *end);
        running
    }

    /// The decisions or events the open step `step` accepts.
    pub fn accepts(&self, step: &str) -> Vec<&str> {
        let Some(index) = self.service.step_index(step) else {
            return Vec::new();
        };
        let spec = &self.service.steps[index];
        match spec.kind {
            StepKind::Task => spec.decisions.iter().map(String::as_str).collect(),
            StepKind::Wait => spec.events.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Takes an action on `date`, after letting time pass up to it.
    pub fn act(&mut self, date: Date, action: &Action) -> Result<(), CaseError> {
        if date < self.today {
            return Err(CaseError::DateBefore {
                date,
                today: self.today,
            });
        }
        let mut budget = MAX_STEPS_AT_ONCE;
        self.advance(date, &mut budget)?;
        let (kind, step, value) = match action {
            Action::Wait => return Ok(()),
            Action::Decide { step, decision } => (StepKind::Task, step, decision),
            Action::Event { step, event } => (StepKind::Wait, step, event),
        };
        if self.outcome.is_some() {
            return Err(CaseError::Closed);
        }
        let kind_name = if kind == StepKind::Task {
            "task"
        } else {
            "wait"
        };
        let candidates: Vec<usize> = self
            .open
            .iter()
            .copied()
            .filter(|&s| self.service.steps[s].kind == kind)
            .collect();
        let at = match step {
            Some(id) => candidates
                .iter()
                .copied()
                .find(|&s| self.service.steps[s].id == *id)
                .ok_or_else(|| CaseError::NotOpen {
                    kind: kind_name,
                    step: id.clone(),
                })?,
            None => match candidates.as_slice() {
                [] => return Err(CaseError::NothingOpen { kind: kind_name }),
                [only] => *only,
                several => {
                    let names: Vec<&str> = several
                        .iter()
                        .map(|&s| self.service.steps[s].id.as_str())
                        .collect();
                    return Err(CaseError::Ambiguous {
                        kind: kind_name,
                        steps: names.join(", "),
                    });
                }
            },
        };
        let spec = &self.service.steps[at];
        let declared = if kind == StepKind::Task {
            &spec.decisions
        } else {
            &spec.events
        };
        if !declared.is_empty() && !declared.contains(value) {
            return Err(CaseError::Undeclared {
                step: spec.id.clone(),
                value: value.clone(),
            });
        }
        let slot = if kind == StepKind::Task {
            self.trace.events.push(TraceEvent::Decided {
                date,
                step: spec.id.clone(),
                decision: value.clone(),
            });
            self.service.decision_slot
        } else {
            self.trace.events.push(TraceEvent::Received {
                date,
                step: spec.id.clone(),
                event: value.clone(),
            });
            self.service.event_slot
        };
        self.vars[slot] = Value::string(value.as_str());
        self.leave(at, date);
        let result = self.route(at, date, &mut budget);
        self.vars[slot] = Value::Null;
        result
    }

    /// Lets time pass until `date`: deadlines that end before it expire.
    pub fn advance_to(&mut self, date: Date) -> Result<(), CaseError> {
        if date < self.today {
            return Err(CaseError::DateBefore {
                date,
                today: self.today,
            });
        }
        let mut budget = MAX_STEPS_AT_ONCE;
        self.advance(date, &mut budget)
    }

    fn advance(&mut self, date: Date, budget: &mut usize) -> Result<(), CaseError> {
        while self.outcome.is_none() {
            // The deadline that ends first expires first.
            let Some(index) = self
                .running
                .iter()
                .enumerate()
                .filter(|(_, r)| r.end < date)
                .min_by_key(|(i, r)| (r.end, *i))
                .map(|(i, _)| i)
            else {
                break;
            };
            let expired = self.running.remove(index);
            let on = expired.end.tomorrow().unwrap_or(expired.end);
            self.today = self.today.max(on);
            self.expire(&expired, on, budget)?;
        }
        self.today = self.today.max(date);
        Ok(())
    }

    fn expire(
        &mut self,
        expired: &Running<'s>,
        on: Date,
        budget: &mut usize,
    ) -> Result<(), CaseError> {
        let spec = &expired.spec;
        let action = match spec.action {
            ExpiryAction::Escalate => "escalate",
            ExpiryAction::Transition => "transition",
            ExpiryAction::DeemedApproval => "deemed_approval",
        };
        self.trace.events.push(TraceEvent::DeadlineExpired {
            date: on,
            deadline: spec.id.clone(),
            end: expired.end,
            action: action.to_owned(),
        });
        match spec.action {
            ExpiryAction::Escalate => {
                let role = spec.escalate_to.clone().unwrap_or_default();
                self.trace.events.push(TraceEvent::Escalated {
                    date: on,
                    deadline: spec.id.clone(),
                    role,
                });
                Ok(())
            }
            ExpiryAction::Transition | ExpiryAction::DeemedApproval => {
                let Some(target) = spec.to else { return Ok(()) };
                if spec.action == ExpiryAction::DeemedApproval {
                    self.deemed = true;
                }
                // A step deadline moves its step on; a case deadline moves
                // the whole case.
                let leaving: Vec<usize> = match expired.step {
                    Some(step) => vec![step],
                    None => self.open.clone(),
                };
                for step in leaving {
                    self.leave(step, on);
                }
                self.enter(target, on, budget)
            }
        }
    }

    fn start_deadline(&mut self, spec: &'s DeadlineSpec, step: Option<usize>, entered: Date) {
        let from = match spec.anchor {
            Anchor::Entered => entered,
            Anchor::Submitted => self.submitted,
        };
        match deadline_end(from, &spec.within, spec.days, self.service.state) {
            Ok(end) => {
                self.trace.events.push(TraceEvent::DeadlineStarted {
                    date: entered,
                    deadline: spec.id.clone(),
                    end: end.end,
                });
                self.running.push(Running {
                    spec,
                    step,
                    end: end.end,
                });
            }
            Err(error) => self.warnings.push(CaseError::Deadline {
                deadline: spec.id.clone(),
                reason: error.to_string(),
            }),
        }
    }

    /// The case leaves an open step: its deadlines stop.
    fn leave(&mut self, step: usize, date: Date) {
        if let Some(position) = self.open.iter().position(|&s| s == step) {
            self.open.remove(position);
        }
        self.trace.events.push(TraceEvent::Left {
            date,
            step: self.service.steps[step].id.clone(),
        });
        let (stopped, running): (Vec<Running<'s>>, Vec<Running<'s>>) =
            std::mem::take(&mut self.running)
                .into_iter()
                .partition(|r| r.step == Some(step));
        self.running = running;
        for r in stopped {
            self.trace.events.push(TraceEvent::DeadlineMet {
                date,
                deadline: r.spec.id.clone(),
                end: r.end,
            });
        }
    }

    fn enter(&mut self, step: usize, date: Date, budget: &mut usize) -> Result<(), CaseError> {
        if *budget == 0 {
            return Err(CaseError::Loop(MAX_STEPS_AT_ONCE));
        }
        *budget -= 1;
        let service = self.service;
        let spec = &service.steps[step];
        self.trace.events.push(TraceEvent::Entered {
            date,
            step: spec.id.clone(),
        });
        for notification in service.notifications.iter().filter(|n| n.step == step) {
            let send = notification
                .when
                .as_ref()
                .is_none_or(|w| w.eval(&self.vars) == Value::Boolean(true));
            if send {
                self.trace.events.push(TraceEvent::Notified {
                    date,
                    notification: notification.id.clone(),
                    subject: notification.subject.clone(),
                });
            }
        }
        match spec.kind {
            StepKind::End => {
                let outcome = if self.deemed {
                    CaseOutcome::DeemedApproved
                } else {
                    CaseOutcome::of(spec.outcome)
                };
                for step in std::mem::take(&mut self.open) {
                    self.trace.events.push(TraceEvent::Left {
                        date,
                        step: service.steps[step].id.clone(),
                    });
                }
                for r in std::mem::take(&mut self.running) {
                    self.trace.events.push(TraceEvent::DeadlineMet {
                        date,
                        deadline: r.spec.id.clone(),
                        end: r.end,
                    });
                }
                self.outcome = Some(outcome);
                self.trace.events.push(TraceEvent::Ended { date, outcome });
                Ok(())
            }
            StepKind::Task | StepKind::Wait => {
                self.open.push(step);
                if let Some(deadline) = &spec.deadline {
                    self.start_deadline(deadline, Some(step), date);
                }
                Ok(())
            }
            StepKind::Automatic => {
                self.trace.events.push(TraceEvent::Left {
                    date,
                    step: spec.id.clone(),
                });
                self.route(step, date, budget)
            }
            StepKind::Split => {
                self.trace.events.push(TraceEvent::Left {
                    date,
                    step: spec.id.clone(),
                });
                for &(target, _) in &spec.next {
                    if self.outcome.is_some() {
                        break;
                    }
                    self.enter(target, date, budget)?;
                }
                Ok(())
            }
            StepKind::Join => {
                self.arrived[step] += 1;
                if self.arrived[step] < spec.join_expects {
                    return Ok(());
                }
                self.arrived[step] = 0;
                self.trace.events.push(TraceEvent::Left {
                    date,
                    step: spec.id.clone(),
                });
                self.route(step, date, budget)
            }
        }
    }

    /// Takes the first transition of `step` whose guard holds.
    fn route(&mut self, step: usize, date: Date, budget: &mut usize) -> Result<(), CaseError> {
        if self.outcome.is_some() {
            return Ok(());
        }
        let spec = &self.service.steps[step];
        let target = spec.next.iter().find_map(|(target, guard)| {
            let holds = guard
                .as_ref()
                .is_none_or(|g| g.eval(&self.vars) == Value::Boolean(true));
            holds.then_some(*target)
        });
        if let Some(target) = target {
            return self.enter(target, date, budget);
        }
        self.trace.events.push(TraceEvent::Stuck {
            date,
            step: spec.id.clone(),
        });
        Err(CaseError::Stuck {
            step: spec.id.clone(),
        })
    }
}
