//! The service's process as a plain BPMN process that Prosimos reads: which
//! element stands for which step, and with what probability each branch is
//! taken.
//!
//! Prosimos reads start and end events, tasks, intermediate catch events
//! and gateways, and nothing else. So a task step becomes a task; a wait
//! becomes a message catch event whose duration is the applicant's answer
//! time; an automatic step an exclusive gateway (it takes no time and no
//! person); splits and joins parallel gateways. Where a step has more than
//! one way on, an exclusive gateway after it carries one flow per target
//! step, with the probability that a case takes it. Deadlines have no
//! element: Prosimos has no timer that races an activity.
//!
//! As in the Camunda export, a step entered from several places gets an
//! exclusive merging gateway before it, and a join one incoming flow per
//! parallel branch, so that it waits for as many tokens as the engine of
//! ozg waits for branches.

use std::collections::HashMap;

use crate::calendar::DeadlineDuration;
use crate::export::bpmn::plain::{PlainFlow, PlainKind, PlainNode, PlainProcess, ncname};
use crate::feel::eval::compile;
use crate::feel::names::free_names;
use crate::feel::value::Value;
use crate::load::{Distribution, Profile, TransitionCount, WaitProfile};
use crate::model::{DayCount, Deadline, ExpiryAction, Service, Step, StepKind};

use super::ProsimosError;
use super::messages;
use crate::export::ids::Ids;
use crate::export::merges::{Deadlines, merge_groups, reachable};

/// Seconds in a calendar day.
pub(super) const DAY: f64 = 86_400.0;
/// Days in an average month and year, as the workload profiles count them.
const MONTH_DAYS: f64 = 365.2425 / 12.0;
const YEAR_DAYS: f64 = 365.2425;

/// The simplified process with what the simulation parameters need to
/// know about its elements.
#[derive(Debug)]
pub(super) struct Model {
    pub process: PlainProcess,
    /// Exclusive gateways with more than one outgoing flow, with the
    /// probability of each flow.
    pub gateways: Vec<Gateway>,
    /// Catch events with how long they take, in calendar seconds.
    pub events: Vec<TimedEvent>,
    /// Tasks with their role and the hours of work they take.
    pub tasks: Vec<TaskElement>,
}

#[derive(Debug)]
pub(super) struct Gateway {
    pub id: String,
    pub branches: Vec<(String, f64)>,
}

#[derive(Debug)]
pub(super) struct TimedEvent {
    pub id: String,
    /// The step whose wait this is, for notes.
    pub step: String,
    pub duration: EventDuration,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum EventDuration {
    /// The applicant's answer time, in calendar days.
    Days(Distribution),
    /// A fixed number of calendar seconds.
    Seconds(f64),
}

#[derive(Debug)]
pub(super) struct TaskElement {
    pub id: String,
    pub step: String,
    pub role: String,
    /// Hours of work.
    pub hours: Distribution,
}

/// A connection to a step whose entry element is known only once every
/// step is built.
struct Pending {
    source: String,
    step: String,
    /// The step whose transition this is, for grouping the branches of a
    /// join.
    from_step: Option<String>,
    name: Option<String>,
    /// The probability of the flow, when `source` is a splitting
    /// exclusive gateway.
    share: Option<f64>,
}

struct Builder<'a> {
    service: &'a Service,
    profile: &'a Profile,
    measured: Option<&'a [TransitionCount]>,
    measured_cases: u64,
    ids: Ids,
    nodes: Vec<PlainNode>,
    flows: Vec<PlainFlow>,
    pending: Vec<Pending>,
    /// Flows within one step that leave a splitting gateway: (gateway,
    /// flow, probability).
    inner_shares: Vec<(String, String, f64)>,
    entries: HashMap<String, String>,
    events: Vec<TimedEvent>,
    tasks: Vec<TaskElement>,
    /// The elements of the end steps.
    ends: Vec<String>,
    notes: Vec<String>,
}

/// Builds the simplified process. `measured` holds the transitions an ozg
/// simulation of the same profile took (`measured_cases` applications),
/// for routing that depends on the application's data. Adds a line to
/// `notes` for everything it had to approximate.
pub(super) fn build(
    service: &Service,
    profile: &Profile,
    measured: Option<(&[TransitionCount], u64)>,
    notes: &mut Vec<String>,
) -> Result<Model, ProsimosError> {
    let process = &service.process;
    let start = process
        .start
        .as_ref()
        .and_then(|s| process.step(&s.value))
        .ok_or_else(|| ProsimosError::Model(messages::no_start(&service.meta.id.value)))?;

    let mut builder = Builder {
        service,
        profile,
        measured: measured.map(|(m, _)| m),
        measured_cases: measured.map_or(0, |(_, n)| n),
        ids: Ids::with_steps(&process.steps),
        nodes: Vec::new(),
        flows: Vec::new(),
        pending: Vec::new(),
        inner_shares: Vec::new(),
        entries: HashMap::new(),
        events: Vec::new(),
        tasks: Vec::new(),
        ends: Vec::new(),
        notes: Vec::new(),
    };
    let service_id = ncname(&service.meta.id.value);
    let process_id = builder.ids.process(&service_id);

    let start_id = builder.unique("process", "start");
    builder.nodes.push(PlainNode {
        id: start_id.clone(),
        name: Some(messages::start_event().to_owned()),
        documentation: None,
        kind: PlainKind::Start,
    });
    builder.pending.push(Pending {
        source: start_id,
        step: start.id.value.clone(),
        from_step: None,
        name: None,
        share: None,
    });

    let steps = builder.reachable(&start.id.value);
    for step in &steps {
        builder.step(step)?;
    }
    builder.end();
    let gateways = builder.connect(&steps)?;
    builder.deadline_notes(&steps);
    notes.append(&mut builder.notes);

    let title = service
        .meta
        .title
        .as_ref()
        .map_or_else(|| service.meta.id.value.clone(), |t| t.value.clone());
    Ok(Model {
        process: PlainProcess {
            id: process_id,
            name: title.clone(),
            documentation: messages::process_documentation(
                &title,
                profile.title.as_deref(),
                super::PROSIMOS_VERSION,
            ),
            nodes: builder.nodes,
            flows: builder.flows,
        },
        gateways,
        events: builder.events,
        tasks: builder.tasks,
    })
}

impl<'a> Builder<'a> {
    /// A fresh id: `base-suffix`, numbered when taken.
    fn unique(&mut self, base: &str, suffix: &str) -> String {
        self.ids.unique(base, suffix)
    }

    /// The one end event, which every end step leads to.
    fn end(&mut self) {
        let end = self.unique("process", "end");
        self.nodes.push(PlainNode {
            id: end.clone(),
            name: Some(messages::case_closed().to_owned()),
            documentation: None,
            kind: PlainKind::End,
        });
        let ends = std::mem::take(&mut self.ends);
        if let [only] = ends.as_slice() {
            self.pending_flow(only, &end, None);
            return;
        }
        let merge = self.unique(&end, "merge");
        self.nodes.push(PlainNode {
            id: merge.clone(),
            name: None,
            documentation: None,
            kind: PlainKind::Exclusive,
        });
        for step in &ends {
            self.pending_flow(step, &merge, None);
        }
        self.pending_flow(&merge, &end, None);
    }

    /// The steps a case can reach from `from`, in the order of the file:
    /// by transitions, and by the deadlines that the applicants who never
    /// answer run into.
    fn reachable(&self, from: &str) -> Vec<&'a Step> {
        reachable(self.service, from, |step| self.never_deadline(step))
    }

    /// The deadline that moves on the cases of a wait whose applicants
    /// sometimes never answer.
    fn never_deadline<'s>(&self, step: &'s Step) -> Option<&'s Deadline> {
        let wait = self.wait_profile(step)?;
        if wait.never <= 0.0 {
            return None;
        }
        step.deadline.as_ref().filter(|d| moves_case(d))
    }

    fn wait_profile(&self, step: &Step) -> Option<&WaitProfile> {
        self.profile.waits.iter().find(|w| w.step == step.id.value)
    }

    fn step(&mut self, step: &Step) -> Result<(), ProsimosError> {
        let kind = step
            .kind()
            .ok_or_else(|| ProsimosError::Model(messages::no_kind(&step.id.value)))?;
        let id = ncname(&step.id.value);
        let title = step.title.as_ref().map(|t| t.value.clone());
        let name = Some(title.clone().unwrap_or_else(|| step.id.value.clone()));
        self.entries.insert(step.id.value.clone(), id.clone());
        match kind {
            StepKind::End => {
                // Prosimos allows one end event only: each end step is a
                // catch event that passes at once, named with its outcome
                // so that the event log shows how the case ended, and all
                // of them lead to the one end.
                let outcome = step.outcome.as_ref().map(|o| o.value);
                self.nodes.push(PlainNode {
                    id: id.clone(),
                    name: Some(messages::end_event(title.as_deref(), outcome)),
                    documentation: None,
                    kind: PlainKind::TimerCatch("PT0S".to_owned()),
                });
                self.events.push(TimedEvent {
                    id: id.clone(),
                    step: step.id.value.clone(),
                    duration: EventDuration::Seconds(0.0),
                });
                self.ends.push(id);
            }
            StepKind::Task => {
                let task = self.profile.tasks.iter().find(|t| t.step == step.id.value);
                let role = step.role.as_ref().map(|r| r.value.clone());
                let (Some(task), Some(role)) = (task, role) else {
                    return Err(ProsimosError::Model(messages::no_roles(&step.id.value)));
                };
                self.tasks.push(TaskElement {
                    id: id.clone(),
                    step: step.id.value.clone(),
                    role,
                    hours: task.hours,
                });
                self.nodes.push(PlainNode {
                    id: id.clone(),
                    name,
                    documentation: None,
                    kind: PlainKind::Task,
                });
                let outcomes: Vec<(Value, f64)> = task
                    .decisions
                    .iter()
                    .map(|(d, p)| (Value::String(d.as_str().into()), *p))
                    .collect();
                self.route(step, &id, false, Some("decision"), &outcomes)?;
            }
            StepKind::Automatic => {
                self.nodes.push(PlainNode {
                    id: id.clone(),
                    name,
                    documentation: None,
                    kind: PlainKind::Exclusive,
                });
                self.route(step, &id, true, None, &[])?;
            }
            StepKind::Split => {
                self.nodes.push(PlainNode {
                    id: id.clone(),
                    name: title,
                    documentation: None,
                    kind: PlainKind::Parallel,
                });
                for transition in &step.next {
                    let to = target_of(step, transition.to.as_ref().map(|t| t.value.as_str()))?;
                    self.pending.push(Pending {
                        source: id.clone(),
                        step: to.to_owned(),
                        from_step: Some(step.id.value.clone()),
                        name: None,
                        share: None,
                    });
                }
            }
            StepKind::Join => {
                self.nodes.push(PlainNode {
                    id: id.clone(),
                    name: title,
                    documentation: None,
                    kind: PlainKind::Parallel,
                });
                self.route(step, &id, false, None, &[])?;
            }
            StepKind::Wait => self.wait(step, &id, name)?,
        }
        Ok(())
    }

    /// A wait: a catch event that takes the answer time; before it, when
    /// some applicants never answer and a deadline then moves the case, a
    /// gateway that sends that share to a catch event lasting as long as
    /// the deadline, and on to the deadline's target.
    fn wait(&mut self, step: &Step, id: &str, name: Option<String>) -> Result<(), ProsimosError> {
        let Some(wait) = self.wait_profile(step).cloned() else {
            return Err(ProsimosError::Model(messages::no_kind(&step.id.value)));
        };
        let never_deadline = self.never_deadline(step);
        if wait.days.is_none() && never_deadline.is_none() {
            return Err(ProsimosError::Model(messages::never_answered_forever(
                &step.id.value,
            )));
        }
        let message = match step.events.as_slice() {
            [one] => one.value.clone(),
            _ => step.id.value.clone(),
        };

        let answer_id = if wait.days.is_some() && never_deadline.is_some() {
            // The step's own id goes to the gateway that the case enters
            // by; the answer gets a generated one.
            self.nodes.push(PlainNode {
                id: id.to_owned(),
                name: Some(messages::answer_gateway().to_owned()),
                documentation: None,
                kind: PlainKind::Exclusive,
            });
            let answer = self.unique(id, "answer");
            self.pending_flow(id, &answer, Some(1.0 - wait.never));
            answer
        } else {
            id.to_owned()
        };

        if let Some(deadline) = never_deadline {
            let target = target_of(step, deadline.to.as_ref().map(|t| t.value.as_str()))?;
            let days = deadline_days(deadline);
            let timer = if wait.days.is_some() {
                let timer = self.unique(id, "deadline");
                self.pending_flow(id, &timer, Some(wait.never));
                timer
            } else {
                id.to_owned()
            };
            self.nodes.push(PlainNode {
                id: timer.clone(),
                name: Some(messages::deadline_event(&step.id.value)),
                documentation: None,
                kind: PlainKind::MessageCatch(format!("{}-deadline", step.id.value)),
            });
            self.events.push(TimedEvent {
                id: timer.clone(),
                step: step.id.value.clone(),
                duration: EventDuration::Seconds(days * DAY),
            });
            self.pending.push(Pending {
                source: timer,
                step: target.to_owned(),
                from_step: Some(step.id.value.clone()),
                name: None,
                share: None,
            });
            self.notes.push(messages::never_with_deadline(
                &step.id.value,
                wait.never,
                target,
                days,
            ));
        } else if wait.never > 0.0 {
            self.notes
                .push(messages::never_left_out(&step.id.value, wait.never));
        }

        if let Some(days) = wait.days {
            self.nodes.push(PlainNode {
                id: answer_id.clone(),
                name,
                documentation: None,
                kind: PlainKind::MessageCatch(message),
            });
            self.events.push(TimedEvent {
                id: answer_id.clone(),
                step: step.id.value.clone(),
                duration: EventDuration::Days(days),
            });
            let outcomes: Vec<(Value, f64)> = wait
                .events
                .iter()
                .map(|(e, p)| (Value::String(e.as_str().into()), *p))
                .collect();
            self.route(step, &answer_id, false, Some("event"), &outcomes)?;
        }
        Ok(())
    }

    /// A flow between two elements of one step, made when the step's
    /// elements are connected.
    fn pending_flow(&mut self, source: &str, target_element: &str, share: Option<f64>) {
        let id = self.unique("flow", &format!("{source}-{target_element}"));
        self.flows.push(PlainFlow {
            id: id.clone(),
            source: source.to_owned(),
            target: target_element.to_owned(),
            name: None,
        });
        if let Some(share) = share {
            self.inner_shares.push((source.to_owned(), id, share));
        }
    }

    /// The ways on from `source`, the element a step is left by: straight
    /// to the one target step there is, else through an exclusive gateway
    /// (`source` itself when `is_gateway`) with one flow per target step.
    fn route(
        &mut self,
        step: &Step,
        source: &str,
        is_gateway: bool,
        variable: Option<&str>,
        outcomes: &[(Value, f64)],
    ) -> Result<(), ProsimosError> {
        let shares = self.shares(step, variable, outcomes)?;
        if shares.len() <= 1 {
            for (to, _) in shares {
                self.pending.push(Pending {
                    source: source.to_owned(),
                    step: to,
                    from_step: Some(step.id.value.clone()),
                    name: None,
                    share: None,
                });
            }
            return Ok(());
        }
        let gateway = if is_gateway {
            source.to_owned()
        } else {
            let gateway = self.unique(source, "route");
            self.nodes.push(PlainNode {
                id: gateway.clone(),
                name: Some(messages::route_gateway().to_owned()),
                documentation: None,
                kind: PlainKind::Exclusive,
            });
            self.pending_flow(source, &gateway, None);
            gateway
        };
        for (to, share) in shares {
            let name = step
                .next
                .iter()
                .find(|t| t.to.as_ref().is_some_and(|t| t.value == to))
                .and_then(|t| t.label.as_ref().map(|l| l.value.clone()));
            self.pending.push(Pending {
                source: gateway.clone(),
                step: to,
                from_step: Some(step.id.value.clone()),
                name,
                share: Some(share),
            });
        }
        Ok(())
    }

    /// The probability of each target step of `step`'s transitions, in the
    /// order they first appear. Guards that read only `variable` are
    /// evaluated for each of its `outcomes` (a decision or event and its
    /// probability); guards that read the application's data take the
    /// shares an ozg simulation measured.
    fn shares(
        &mut self,
        step: &Step,
        variable: Option<&str>,
        outcomes: &[(Value, f64)],
    ) -> Result<Vec<(String, f64)>, ProsimosError> {
        let mut targets: Vec<(String, f64)> = Vec::new();
        for transition in &step.next {
            let to = target_of(step, transition.to.as_ref().map(|t| t.value.as_str()))?;
            if !targets.iter().any(|(t, _)| t == to) {
                targets.push((to.to_owned(), 0.0));
            }
        }
        if targets.len() <= 1 {
            return Ok(targets.into_iter().map(|(t, _)| (t, 1.0)).collect());
        }

        let mut guards = Vec::with_capacity(step.next.len());
        let mut data_dependent = false;
        for transition in &step.next {
            let Some(when) = &transition.when else {
                guards.push(None);
                continue;
            };
            let expr = when
                .expr()
                .ok_or_else(|| ProsimosError::Model(messages::unreadable_guard(&step.id.value)))?;
            if free_names(expr)
                .iter()
                .any(|(name, _)| Some(*name) != variable)
            {
                data_dependent = true;
            }
            guards.push(Some(compile(expr, variable.as_slice())));
        }

        if data_dependent {
            return Ok(self.measured_shares(step, targets));
        }

        let single = [(Value::Null, 1.0)];
        let outcomes = if outcomes.is_empty() {
            &single[..]
        } else {
            outcomes
        };
        let mut lost = 0.0;
        for (value, probability) in outcomes {
            let taken = step.next.iter().zip(&guards).find(|(_, guard)| {
                guard
                    .as_ref()
                    .is_none_or(|g| g.eval(std::slice::from_ref(value)) == Value::Boolean(true))
            });
            match taken.and_then(|(t, _)| t.to.as_ref()) {
                Some(to) => {
                    if let Some(slot) = targets.iter_mut().find(|(t, _)| *t == to.value) {
                        slot.1 += probability;
                    }
                }
                None => lost += probability,
            }
        }
        let kept: f64 = targets.iter().map(|(_, p)| p).sum();
        if lost > 1e-12 && kept > 0.0 {
            self.notes
                .push(messages::stuck_share(&step.id.value, lost / (lost + kept)));
            for slot in &mut targets {
                slot.1 /= kept;
            }
        }
        Ok(targets)
    }

    fn measured_shares(&mut self, step: &Step, targets: Vec<(String, f64)>) -> Vec<(String, f64)> {
        let counts: Vec<u64> = targets
            .iter()
            .map(|(to, _)| {
                self.measured
                    .unwrap_or_default()
                    .iter()
                    .filter(|t| t.from == step.id.value && t.to == *to && t.by == "guard")
                    .map(|t| t.count)
                    .sum()
            })
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            self.notes.push(messages::unmeasured_shares(&step.id.value));
            let each = 1.0 / to_f64(targets.len() as u64);
            return targets.into_iter().map(|(t, _)| (t, each)).collect();
        }
        self.notes.push(messages::measured_shares(
            &step.id.value,
            self.measured_cases,
        ));
        targets
            .into_iter()
            .zip(counts)
            .map(|((t, _), c)| (t, to_f64(c) / to_f64(total)))
            .collect()
    }

    /// Turns the pending connections into sequence flows, with merging
    /// gateways where several meet, and returns the splitting gateways
    /// with the probability of each of their flows.
    fn connect(&mut self, steps: &[&Step]) -> Result<Vec<Gateway>, ProsimosError> {
        let pending = std::mem::take(&mut self.pending);
        for p in &pending {
            if !self.entries.contains_key(&p.step) {
                let from = p.from_step.as_deref().unwrap_or("process");
                return Err(ProsimosError::Model(messages::unknown_step(from, &p.step)));
            }
        }

        // Connections of one group meet in an exclusive gateway first.
        let groups = merge_groups(
            pending
                .iter()
                .map(|p| (p.step.as_str(), p.from_step.as_deref())),
            steps,
            Deadlines::Ignored,
        );
        let mut merges: HashMap<String, String> = HashMap::new();
        let mut shares: Vec<(String, String, f64)> = std::mem::take(&mut self.inner_shares);
        for (p, (key, size)) in pending.iter().zip(&groups) {
            let entry = self.entries[&p.step].clone();
            let target = if *size > 1 {
                if let Some(merge) = merges.get(key) {
                    merge.clone()
                } else {
                    let merge = self.unique(&entry, "merge");
                    self.nodes.push(PlainNode {
                        id: merge.clone(),
                        name: None,
                        documentation: None,
                        kind: PlainKind::Exclusive,
                    });
                    let flow = self.unique("flow", &format!("{merge}-{entry}"));
                    self.flows.push(PlainFlow {
                        id: flow,
                        source: merge.clone(),
                        target: entry.clone(),
                        name: None,
                    });
                    merges.insert(key.clone(), merge.clone());
                    merge
                }
            } else {
                entry
            };
            let flow = self.unique("flow", &format!("{}-{target}", p.source));
            if let Some(share) = p.share {
                shares.push((p.source.clone(), flow.clone(), share));
            }
            self.flows.push(PlainFlow {
                id: flow,
                source: p.source.clone(),
                target,
                name: p.name.clone(),
            });
        }

        let mut gateways: Vec<Gateway> = Vec::new();
        for (gateway, flow, share) in shares {
            match gateways.iter_mut().find(|g| g.id == gateway) {
                Some(g) => g.branches.push((flow, share)),
                None => gateways.push(Gateway {
                    id: gateway,
                    branches: vec![(flow, share)],
                }),
            }
        }
        Ok(gateways)
    }

    /// Notes on the deadlines the simplified process leaves out.
    fn deadline_notes(&mut self, steps: &[&Step]) {
        let step_deadlines = steps.iter().filter_map(|s| {
            let deadline = s.deadline.as_ref()?;
            // A wait's moving deadline is modelled for the applicants who
            // never answer; that has its own note.
            let modelled = self.never_deadline(s).is_some();
            Some((deadline, modelled))
        });
        let case_deadlines = self.service.process.deadlines.iter().map(|d| (d, false));
        let mut notes = Vec::new();
        for (deadline, modelled) in step_deadlines.chain(case_deadlines) {
            let id = deadline.id.value.as_str();
            if !moves_case(deadline) {
                notes.push(messages::escalation(id));
            } else if !modelled {
                let to = deadline.to.as_ref().map_or("?", |t| t.value.as_str());
                let deemed = deadline.on_expiry.as_ref().map(|e| e.value)
                    == Some(ExpiryAction::DeemedApproval);
                notes.push(if deemed {
                    messages::deemed_approval(id, to)
                } else {
                    messages::moving_deadline(id, to)
                });
            }
        }
        self.notes.extend(notes);
    }
}

fn moves_case(deadline: &Deadline) -> bool {
    matches!(
        deadline.on_expiry.as_ref().map(|e| e.value),
        Some(ExpiryAction::Transition | ExpiryAction::DeemedApproval)
    )
}

fn target_of<'a>(step: &Step, to: Option<&'a str>) -> Result<&'a str, ProsimosError> {
    to.ok_or_else(|| ProsimosError::Model(messages::no_target(&step.id.value)))
}

/// The length of a deadline in calendar days: working days count seven
/// fifths, months and years their average length.
fn deadline_days(deadline: &Deadline) -> f64 {
    let Some(duration) = deadline
        .within
        .as_ref()
        .and_then(|w| w.value.trim().parse::<DeadlineDuration>().ok())
    else {
        return 0.0;
    };
    let days = f64::from(duration.weeks() * 7 + duration.days());
    let days = match deadline.day_count() {
        DayCount::Calendar => days,
        DayCount::Working => days * 7.0 / 5.0,
    };
    days + f64::from(duration.months()) * MONTH_DAYS + f64::from(duration.years()) * YEAR_DAYS
}

#[allow(
    clippy::cast_precision_loss,
    reason = "counts of cases and branches stay far below 2^53"
)]
fn to_f64(n: u64) -> f64 {
    n as f64
}
