//! From the service model to BPMN elements: which step becomes which
//! element, and the sequence flows between them.
//!
//! Steps are turned into elements one by one; a transition to a step is
//! first kept as a pending connection, because the element a step is
//! entered by, and whether several connections must meet in a merging
//! gateway first, are known only once every step is built. BPMN (and
//! bpmnlint) want every join explicit: an activity or event entered from
//! several places gets an exclusive merging gateway before it, and a join
//! gets one incoming flow per parallel branch, so that the parallel
//! gateway waits for exactly as many tokens as the process engine of
//! ozg waits for branches.

use std::collections::HashMap;

use crate::calendar::DeadlineDuration;
use crate::feel::ast::{BinaryOp, ExprKind};
use crate::feel::names::free_names;
use crate::model::{DayCount, Deadline, ExpiryAction, Service, Step, StepKind, Transition};

use super::BpmnError;
use super::messages;
use crate::export::ids::Ids;
use crate::export::merges::{Deadlines, merge_groups, reachable};

/// The whole document, before layout.
#[derive(Debug)]
pub(super) struct Definitions {
    pub process_id: String,
    pub process_name: String,
    pub documentation: String,
    pub messages: Vec<Message>,
    pub escalations: Vec<Escalation>,
    pub body: Container,
}

#[derive(Debug)]
pub(super) struct Message {
    pub id: String,
    pub name: String,
}

#[derive(Debug)]
pub(super) struct Escalation {
    pub id: String,
    pub name: String,
    pub code: String,
}

/// The flow elements of a process or sub-process.
#[derive(Debug, Default)]
pub(super) struct Container {
    pub nodes: Vec<Node>,
    pub flows: Vec<Flow>,
}

#[derive(Debug)]
pub(super) struct Node {
    pub id: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub kind: NodeKind,
}

#[derive(Debug)]
pub(super) enum NodeKind {
    /// A none start event, or a timer start event of an event sub-process.
    Start {
        timer: Option<String>,
        interrupting: bool,
    },
    End {
        escalation: Option<String>,
    },
    UserTask {
        candidate_groups: Option<String>,
    },
    /// An undefined task: Camunda passes it at once.
    Task,
    ReceiveTask {
        message: String,
        event_output: Option<String>,
    },
    MessageCatch {
        message: String,
        event_output: Option<String>,
    },
    TimerCatch {
        duration: String,
    },
    Exclusive {
        default: Option<String>,
    },
    Parallel,
    EventGateway,
    SubProcess {
        body: Container,
        triggered_by_event: bool,
    },
    Boundary {
        host: String,
        interrupting: bool,
        duration: String,
    },
}

impl NodeKind {
    pub fn is_gateway(&self) -> bool {
        matches!(
            self,
            NodeKind::Exclusive { .. } | NodeKind::Parallel | NodeKind::EventGateway
        )
    }

    pub fn is_event(&self) -> bool {
        matches!(
            self,
            NodeKind::Start { .. }
                | NodeKind::End { .. }
                | NodeKind::MessageCatch { .. }
                | NodeKind::TimerCatch { .. }
                | NodeKind::Boundary { .. }
        )
    }
}

#[derive(Debug)]
pub(super) struct Flow {
    pub id: String,
    pub source: String,
    pub target: String,
    pub name: Option<String>,
    /// FEEL, without the leading `=`.
    pub condition: Option<String>,
}

/// The correlation key every message subscription uses.
pub(super) const CORRELATION_KEY: &str = "=case_id";

/// Labels on flows are cut after this many characters.
const FLOW_LABEL_MAX: usize = 40;

/// A transition to a step whose entry element is not yet known.
struct Pending {
    source: String,
    step: String,
    /// The step whose transition or deadline this is, for grouping the
    /// branches of a join.
    from_step: Option<String>,
    name: Option<String>,
    condition: Option<String>,
    default: bool,
}

/// Where the elements of one group of steps go: the container, the
/// prefix of their ids (empty for the process itself, the deadline's id
/// for a copy in an event sub-process), and what is still to connect.
struct Scope {
    prefix: String,
    container: Container,
    pending: Vec<Pending>,
    entries: HashMap<String, String>,
}

struct Builder<'s> {
    service: &'s Service,
    state: Option<&'s str>,
    ids: Ids,
    messages: Vec<Message>,
    escalations: Vec<Escalation>,
}

pub(super) fn build(service: &Service, state: Option<&str>) -> Result<Definitions, BpmnError> {
    let process = &service.process;
    let start = process
        .start
        .as_ref()
        .and_then(|s| process.step(&s.value))
        .ok_or_else(|| BpmnError::Model(messages::no_start(&service.meta.id.value)))?;

    let service_id = ncname(&service.meta.id.value);
    let mut builder = Builder {
        service,
        state,
        ids: Ids::with_steps(&process.steps),
        messages: Vec::new(),
        escalations: Vec::new(),
    };
    let process_id = builder.ids.process(&service_id);

    let mut scope = Scope {
        prefix: String::new(),
        container: Container::default(),
        pending: Vec::new(),
        entries: HashMap::new(),
    };
    let start_id = builder.unique("process", "start");
    scope.container.nodes.push(Node {
        id: start_id.clone(),
        name: Some(messages::start_event().to_owned()),
        documentation: None,
        kind: NodeKind::Start {
            timer: None,
            interrupting: true,
        },
    });
    scope.pending.push(Pending {
        source: start_id,
        step: start.id.value.clone(),
        from_step: None,
        name: None,
        condition: None,
        default: false,
    });
    // Steps that only a case deadline leads to are drawn in its event
    // sub-process alone, and steps no case reaches not at all: BPMN has
    // no place for an element without incoming flow.
    let all = reachable(service, &start.id.value, |s| s.deadline.as_ref());
    for step in &all {
        builder.step(step, &mut scope)?;
    }
    builder.connect(&mut scope, &all)?;
    let mut body = scope.container;

    for deadline in &process.deadlines {
        body.nodes.push(builder.case_deadline(deadline)?);
    }

    let variables = condition_variables(service);
    Ok(Definitions {
        process_id,
        process_name: service
            .meta
            .title
            .as_ref()
            .map_or_else(|| service.meta.id.value.clone(), |t| t.value.clone()),
        documentation: messages::process_documentation(service, state, &variables),
        messages: builder.messages,
        escalations: builder.escalations,
        body,
    })
}

impl Builder<'_> {
    /// A fresh id: `base-suffix`, numbered when taken.
    fn unique(&mut self, base: &str, suffix: &str) -> String {
        self.ids.unique(base, suffix)
    }

    /// The id of the element that stands for a step in a scope. The
    /// step's own id was reserved up front for the process itself.
    fn step_id(&mut self, step: &Step, scope: &Scope) -> String {
        let id = ncname(&step.id.value);
        if scope.prefix.is_empty() {
            id
        } else {
            self.unique(&format!("{}.{id}", scope.prefix), "")
        }
    }

    fn step(&mut self, step: &Step, scope: &mut Scope) -> Result<(), BpmnError> {
        let kind = step
            .kind()
            .ok_or_else(|| BpmnError::Model(messages::no_kind(&step.id.value)))?;
        let id = self.step_id(step, scope);
        let title = step.title.as_ref().map(|t| t.value.clone());
        let notes = self.notifications(step);
        scope.entries.insert(step.id.value.clone(), id.clone());
        match kind {
            StepKind::End => {
                let outcome = step.outcome.as_ref().map(|o| o.value);
                let documentation = join_texts(
                    messages::end_documentation(outcome)
                        .into_iter()
                        .chain(notes),
                );
                scope.container.nodes.push(Node {
                    id,
                    name: Some(messages::end_event(title.as_deref(), outcome)),
                    documentation,
                    kind: NodeKind::End { escalation: None },
                });
            }
            StepKind::Task => {
                let decisions: Vec<&str> =
                    step.decisions.iter().map(|d| d.value.as_str()).collect();
                let role = step.role.as_ref().map(|r| r.value.as_str());
                let documentation = join_texts(
                    std::iter::once(messages::task_documentation(
                        role,
                        &decisions,
                        &self.service.roles,
                    ))
                    .chain(notes),
                );
                scope.container.nodes.push(Node {
                    id: id.clone(),
                    name: Some(title.unwrap_or_else(|| step.id.value.clone())),
                    documentation,
                    kind: NodeKind::UserTask {
                        candidate_groups: role.map(ncname_list),
                    },
                });
                if let Some(deadline) = &step.deadline {
                    self.boundary(step, deadline, &id, scope)?;
                }
                self.route(step, &id, !decisions.is_empty(), scope)?;
            }
            StepKind::Automatic => {
                let documentation = join_texts(
                    std::iter::once(messages::automatic_documentation().to_owned()).chain(notes),
                );
                let name = Some(title.unwrap_or_else(|| step.id.value.clone()));
                if routes_by_guards(step) {
                    scope.container.nodes.push(Node {
                        id: id.clone(),
                        name,
                        documentation,
                        kind: NodeKind::Exclusive { default: None },
                    });
                    Self::transitions(step, &id, true, scope)?;
                } else {
                    scope.container.nodes.push(Node {
                        id: id.clone(),
                        name,
                        documentation,
                        kind: NodeKind::Task,
                    });
                    Self::transitions(step, &id, false, scope)?;
                }
            }
            StepKind::Split | StepKind::Join => {
                scope.container.nodes.push(Node {
                    id: id.clone(),
                    name: title,
                    documentation: join_texts(notes),
                    kind: NodeKind::Parallel,
                });
                if kind == StepKind::Split {
                    Self::transitions(step, &id, false, scope)?;
                } else {
                    self.route(step, &id, false, scope)?;
                }
            }
            StepKind::Wait => self.wait(step, &id, title, notes, scope)?,
        }
        Ok(())
    }

    fn notifications(&self, step: &Step) -> Vec<String> {
        self.service
            .notifications
            .iter()
            .filter(|n| n.on.as_ref().is_some_and(|on| on.value == step.id.value))
            .map(messages::notification_documentation)
            .collect()
    }

    /// The transitions of a step leaving `source` directly: conditions on
    /// the flows when `source` is the step's own exclusive gateway.
    fn transitions(
        step: &Step,
        source: &str,
        conditional: bool,
        scope: &mut Scope,
    ) -> Result<(), BpmnError> {
        for transition in &step.next {
            let to = target(step, transition)?;
            let (name, condition) = if conditional {
                (flow_label(transition), guard(transition))
            } else {
                (None, None)
            };
            scope.pending.push(Pending {
                source: source.to_owned(),
                step: to.to_owned(),
                from_step: Some(step.id.value.clone()),
                name,
                default: conditional && transition.when.is_none(),
                condition,
            });
        }
        Ok(())
    }

    /// The transitions of a step leaving an activity: straight on when
    /// there is one without a guard, else through an exclusive gateway.
    fn route(
        &mut self,
        step: &Step,
        source: &str,
        after_decision: bool,
        scope: &mut Scope,
    ) -> Result<(), BpmnError> {
        if !routes_by_guards(step) {
            return Self::transitions(step, source, false, scope);
        }
        let gateway = self.unique(source, "route");
        scope.container.nodes.push(Node {
            id: gateway.clone(),
            name: Some(messages::route_gateway(after_decision).to_owned()),
            documentation: None,
            kind: NodeKind::Exclusive { default: None },
        });
        let flow = self.unique("flow", &format!("{source}-{gateway}"));
        scope.container.flows.push(Flow {
            id: flow,
            source: source.to_owned(),
            target: gateway.clone(),
            name: None,
            condition: None,
        });
        Self::transitions(step, &gateway, true, scope)
    }

    /// A wait: a receive task for one event; an event-based gateway for
    /// several, with the deadline as one more event when it moves the case;
    /// and a sub-process around the event-based gateway when the deadline
    /// only alerts, since a boundary event needs an activity to sit on.
    // The three shapes of a wait are built here side by side, so that
    // they can be compared.
    #[allow(clippy::too_many_lines)]
    fn wait(
        &mut self,
        step: &Step,
        id: &str,
        title: Option<String>,
        notes: Vec<String>,
        scope: &mut Scope,
    ) -> Result<(), BpmnError> {
        let events: Vec<&str> = step.events.iter().map(|e| e.value.as_str()).collect();
        if events.is_empty() {
            return Err(BpmnError::Model(messages::no_events(&step.id.value)));
        }
        let documentation =
            join_texts(std::iter::once(messages::wait_documentation(&events)).chain(notes));
        let name = Some(title.unwrap_or_else(|| step.id.value.clone()));
        let routes = static_routes(step, &events);
        let reads_event = step
            .next
            .iter()
            .filter_map(|t| t.when.as_ref()?.expr())
            .any(|e| free_names(e).iter().any(|(n, _)| *n == "event"));
        let moves = step.deadline.as_ref().filter(|d| {
            matches!(
                d.on_expiry.as_ref().map(|e| e.value),
                Some(ExpiryAction::Transition | ExpiryAction::DeemedApproval)
            )
        });

        if events.len() == 1 {
            let message = self.message(events[0]);
            let event_output = (routes.is_none() && reads_event).then(|| events[0].to_owned());
            scope.container.nodes.push(Node {
                id: id.to_owned(),
                name,
                documentation,
                kind: NodeKind::ReceiveTask {
                    message,
                    event_output,
                },
            });
            if let Some(deadline) = &step.deadline {
                self.boundary(step, deadline, id, scope)?;
            }
            return match routes {
                Some(routes) => Self::static_route(step, id, routes[0], scope),
                None => self.route(step, id, false, scope),
            };
        }

        if step.deadline.is_some() && moves.is_none() {
            // Alerting deadline on several events: a sub-process that ends
            // with the event in the variable `event`, then the guards.
            let mut body = Container::default();
            let start = self.unique(id, "start");
            let gateway = self.unique(id, "events");
            body.nodes.push(Node {
                id: start.clone(),
                name: Some(messages::wait_started().to_owned()),
                documentation: None,
                kind: NodeKind::Start {
                    timer: None,
                    interrupting: true,
                },
            });
            body.nodes.push(Node {
                id: gateway.clone(),
                name: None,
                documentation: None,
                kind: NodeKind::EventGateway,
            });
            let flow = self.unique("flow", &format!("{start}-{gateway}"));
            body.flows.push(plain_flow(flow, &start, &gateway));
            for event in &events {
                let catch = self.unique(id, &format!("event-{}", ncname(event)));
                let end = self.unique(&catch, "end");
                let message = self.message(event);
                body.nodes.push(Node {
                    id: catch.clone(),
                    name: Some((*event).to_owned()),
                    documentation: None,
                    kind: NodeKind::MessageCatch {
                        message,
                        event_output: Some((*event).to_owned()),
                    },
                });
                body.nodes.push(Node {
                    id: end.clone(),
                    name: Some((*event).to_owned()),
                    documentation: None,
                    kind: NodeKind::End { escalation: None },
                });
                let to_catch = self.unique("flow", &format!("{gateway}-{catch}"));
                body.flows.push(plain_flow(to_catch, &gateway, &catch));
                let to_end = self.unique("flow", &format!("{catch}-{end}"));
                body.flows.push(plain_flow(to_end, &catch, &end));
            }
            scope.container.nodes.push(Node {
                id: id.to_owned(),
                name,
                documentation,
                kind: NodeKind::SubProcess {
                    body,
                    triggered_by_event: false,
                },
            });
            if let Some(deadline) = &step.deadline {
                self.boundary(step, deadline, id, scope)?;
            }
            return self.route(step, id, false, scope);
        }

        scope.container.nodes.push(Node {
            id: id.to_owned(),
            name,
            documentation,
            kind: NodeKind::EventGateway,
        });
        let mut merge: Option<String> = None;
        for (i, event) in events.iter().enumerate() {
            let catch = self.unique(id, &format!("event-{}", ncname(event)));
            let message = self.message(event);
            scope.container.nodes.push(Node {
                id: catch.clone(),
                name: Some((*event).to_owned()),
                documentation: None,
                kind: NodeKind::MessageCatch {
                    message,
                    event_output: (routes.is_none() && reads_event).then(|| (*event).to_owned()),
                },
            });
            let flow = self.unique("flow", &format!("{id}-{catch}"));
            scope.container.flows.push(plain_flow(flow, id, &catch));
            if let Some(routes) = &routes {
                Self::static_route(step, &catch, routes[i], scope)?;
            } else {
                let merge_id = if let Some(m) = &merge {
                    m.clone()
                } else {
                    let m = self.unique(id, "merge-events");
                    scope.container.nodes.push(Node {
                        id: m.clone(),
                        name: None,
                        documentation: None,
                        kind: NodeKind::Exclusive { default: None },
                    });
                    merge = Some(m.clone());
                    m
                };
                let flow = self.unique("flow", &format!("{catch}-{merge_id}"));
                scope
                    .container
                    .flows
                    .push(plain_flow(flow, &catch, &merge_id));
            }
        }
        if let Some(deadline) = moves {
            let timer = self.unique(id, "deadline");
            let duration = timer_duration(deadline, &step.id.value)?;
            let documentation = messages::deadline_documentation(
                deadline,
                &duration,
                self.state,
                &self.service.roles,
            );
            scope.container.nodes.push(Node {
                id: timer.clone(),
                name: Some(messages::timer(deadline, &step.id.value)),
                documentation: Some(documentation),
                kind: NodeKind::TimerCatch { duration },
            });
            let flow = self.unique("flow", &format!("{id}-{timer}"));
            scope.container.flows.push(plain_flow(flow, id, &timer));
            let to = deadline_target(deadline, &step.id.value)?;
            scope.pending.push(Pending {
                source: timer,
                step: to.to_owned(),
                from_step: Some(step.id.value.clone()),
                name: None,
                condition: None,
                default: false,
            });
        }
        if let Some(merge) = merge {
            self.route(step, &merge, false, scope)?;
        }
        Ok(())
    }

    /// The flow after an event whose transition is known without
    /// evaluating anything.
    fn static_route(
        step: &Step,
        source: &str,
        transition: Option<&Transition>,
        scope: &mut Scope,
    ) -> Result<(), BpmnError> {
        if let Some(transition) = transition {
            let to = target(step, transition)?;
            scope.pending.push(Pending {
                source: source.to_owned(),
                step: to.to_owned(),
                from_step: Some(step.id.value.clone()),
                name: None,
                condition: None,
                default: false,
            });
        }
        Ok(())
    }

    fn message(&mut self, event: &str) -> String {
        if let Some(m) = self.messages.iter().find(|m| m.name == event) {
            return m.id.clone();
        }
        let id = self.unique("message", &ncname(event));
        self.messages.push(Message {
            id: id.clone(),
            name: event.to_owned(),
        });
        id
    }

    fn escalation(&mut self, deadline: &Deadline, code: &str, fallback: &str) -> String {
        if let Some(e) = self.escalations.iter().find(|e| e.code == code) {
            return e.id.clone();
        }
        let id = self.unique("escalation", &ncname(code));
        self.escalations.push(Escalation {
            id: id.clone(),
            name: messages::escalation_name(deadline, fallback, code),
            code: code.to_owned(),
        });
        id
    }

    /// A step's deadline as a timer boundary event on `host`.
    fn boundary(
        &mut self,
        step: &Step,
        deadline: &Deadline,
        host: &str,
        scope: &mut Scope,
    ) -> Result<(), BpmnError> {
        let owner = step.id.value.as_str();
        let fallback = step.title.as_ref().map_or(owner, |t| t.value.as_str());
        let duration = timer_duration(deadline, owner)?;
        let action = deadline
            .on_expiry
            .as_ref()
            .map(|e| e.value)
            .ok_or_else(|| BpmnError::Model(messages::no_expiry(owner)))?;
        let id = self.unique(host, "deadline");
        scope.container.nodes.push(Node {
            id: id.clone(),
            name: Some(messages::timer(deadline, fallback)),
            documentation: Some(messages::deadline_documentation(
                deadline,
                &duration,
                self.state,
                &self.service.roles,
            )),
            kind: NodeKind::Boundary {
                host: host.to_owned(),
                interrupting: action != ExpiryAction::Escalate,
                duration,
            },
        });
        if action == ExpiryAction::Escalate {
            let escalation = self.escalation(deadline, owner, fallback);
            self.alert(
                &id,
                deadline,
                Some(owner),
                fallback,
                &escalation,
                &mut scope.container,
            );
        } else {
            let to = deadline_target(deadline, owner)?;
            scope.pending.push(Pending {
                source: id,
                step: to.to_owned(),
                from_step: Some(owner.to_owned()),
                name: None,
                condition: None,
                default: false,
            });
        }
        Ok(())
    }

    /// The alert of an escalating deadline: a task for the role to
    /// escalate to, then an escalation end event that a calling process
    /// can catch.
    fn alert(
        &mut self,
        source: &str,
        deadline: &Deadline,
        step: Option<&str>,
        fallback: &str,
        escalation: &str,
        container: &mut Container,
    ) {
        let role = deadline.escalate_to.as_ref().map(|r| r.value.as_str());
        let task = self.unique(source, "alert");
        let end = self.unique(source, "escalated");
        container.nodes.push(Node {
            id: task.clone(),
            name: Some(messages::escalation_task(deadline, fallback)),
            documentation: Some(messages::escalation_documentation(
                step,
                role,
                &self.service.roles,
            )),
            kind: NodeKind::UserTask {
                candidate_groups: role.map(ncname_list),
            },
        });
        container.nodes.push(Node {
            id: end.clone(),
            name: Some(messages::escalated().to_owned()),
            documentation: None,
            kind: NodeKind::End {
                escalation: Some(escalation.to_owned()),
            },
        });
        let first = self.unique("flow", &format!("{source}-{task}"));
        container.flows.push(plain_flow(first, source, &task));
        let second = self.unique("flow", &format!("{task}-{end}"));
        container.flows.push(plain_flow(second, &task, &end));
    }

    /// A deadline of the whole case: an event sub-process started by a
    /// timer. An alert does not interrupt; a deadline that moves the case
    /// interrupts the whole process and goes on inside the sub-process
    /// with a copy of the steps from its target on, since no sequence flow
    /// may leave an event sub-process.
    fn case_deadline(&mut self, deadline: &Deadline) -> Result<Node, BpmnError> {
        let owner = deadline.id.value.as_str();
        let duration = timer_duration(deadline, owner)?;
        let action = deadline
            .on_expiry
            .as_ref()
            .map(|e| e.value)
            .ok_or_else(|| BpmnError::Model(messages::no_expiry(owner)))?;
        let id = self.unique("deadline", &ncname(owner));
        let start = self.unique(&id, "start");
        let mut scope = Scope {
            prefix: ncname(owner),
            container: Container::default(),
            pending: Vec::new(),
            entries: HashMap::new(),
        };
        scope.container.nodes.push(Node {
            id: start.clone(),
            name: Some(messages::timer(deadline, owner)),
            documentation: Some(messages::deadline_documentation(
                deadline,
                &duration,
                self.state,
                &self.service.roles,
            )),
            kind: NodeKind::Start {
                timer: Some(duration),
                interrupting: action != ExpiryAction::Escalate,
            },
        });
        if action == ExpiryAction::Escalate {
            let escalation = self.escalation(deadline, owner, owner);
            self.alert(
                &start,
                deadline,
                None,
                owner,
                &escalation,
                &mut scope.container,
            );
        } else {
            let to = deadline_target(deadline, owner)?;
            let steps = reachable(self.service, to, |s| s.deadline.as_ref());
            if steps.is_empty() {
                return Err(BpmnError::Model(messages::unknown_step(owner, to)));
            }
            scope.pending.push(Pending {
                source: start,
                step: to.to_owned(),
                from_step: None,
                name: None,
                condition: None,
                default: false,
            });
            for step in &steps {
                self.step(step, &mut scope)?;
            }
            self.connect(&mut scope, &steps)?;
        }
        Ok(Node {
            id,
            name: deadline.label.as_ref().map(|l| l.value.clone()),
            documentation: Some(messages::case_deadline_documentation(owner)),
            kind: NodeKind::SubProcess {
                body: scope.container,
                triggered_by_event: true,
            },
        })
    }

    /// Turns the pending connections of a scope into sequence flows, with
    /// merging gateways where several meet.
    fn connect(&mut self, scope: &mut Scope, steps: &[&Step]) -> Result<(), BpmnError> {
        let pending = std::mem::take(&mut scope.pending);
        for p in &pending {
            if !scope.entries.contains_key(&p.step) {
                let from = p.from_step.as_deref().unwrap_or("process");
                return Err(BpmnError::Model(messages::unknown_step(from, &p.step)));
            }
        }

        // Connections of one group meet in an exclusive gateway first.
        let groups = merge_groups(
            pending
                .iter()
                .map(|p| (p.step.as_str(), p.from_step.as_deref())),
            steps,
            Deadlines::Followed,
        );
        let mut merges: HashMap<String, String> = HashMap::new();
        for (p, (key, size)) in pending.iter().zip(&groups) {
            let entry = scope.entries[&p.step].clone();
            let target = if *size > 1 {
                if let Some(merge) = merges.get(key) {
                    merge.clone()
                } else {
                    let merge = self.unique(&entry, "merge");
                    scope.container.nodes.push(Node {
                        id: merge.clone(),
                        name: None,
                        documentation: None,
                        kind: NodeKind::Exclusive { default: None },
                    });
                    let flow = self.unique("flow", &format!("{merge}-{entry}"));
                    scope.container.flows.push(plain_flow(flow, &merge, &entry));
                    merges.insert(key.clone(), merge.clone());
                    merge
                }
            } else {
                entry
            };
            let flow = self.unique("flow", &format!("{}-{target}", p.source));
            if p.default {
                for node in &mut scope.container.nodes {
                    if node.id == p.source
                        && let NodeKind::Exclusive { default } = &mut node.kind
                    {
                        *default = Some(flow.clone());
                    }
                }
            }
            scope.container.flows.push(Flow {
                id: flow,
                source: p.source.clone(),
                target,
                name: p.name.clone(),
                condition: p.condition.clone(),
            });
        }
        // Flows leave each element in the order of the step's transitions,
        // which Camunda follows when it tries the conditions.
        Ok(())
    }
}

fn plain_flow(id: String, source: &str, target: &str) -> Flow {
    Flow {
        id,
        source: source.to_owned(),
        target: target.to_owned(),
        name: None,
        condition: None,
    }
}

fn join_texts(texts: impl IntoIterator<Item = String>) -> Option<String> {
    let texts: Vec<String> = texts.into_iter().filter(|t| !t.is_empty()).collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// Whether a step's transitions need a decision: more than one, or one
/// with a guard.
fn routes_by_guards(step: &Step) -> bool {
    step.next.len() > 1 || step.next.iter().any(|t| t.when.is_some())
}

fn target<'a>(step: &Step, transition: &'a Transition) -> Result<&'a str, BpmnError> {
    transition
        .to
        .as_ref()
        .map(|t| t.value.as_str())
        .ok_or_else(|| BpmnError::Model(messages::no_target(&step.id.value)))
}

fn deadline_target<'a>(deadline: &'a Deadline, owner: &str) -> Result<&'a str, BpmnError> {
    deadline
        .to
        .as_ref()
        .map(|t| t.value.as_str())
        .ok_or_else(|| BpmnError::Model(messages::no_target(owner)))
}

fn guard(transition: &Transition) -> Option<String> {
    transition.when.as_ref().map(|w| w.text.trim().to_owned())
}

fn flow_label(transition: &Transition) -> Option<String> {
    transition
        .label
        .as_ref()
        .map(|l| l.value.clone())
        .or_else(|| {
            transition
                .when
                .as_ref()
                .map(|w| crate::graph::shorten(&w.text, FLOW_LABEL_MAX))
        })
}

/// For each event of a wait, the transition it takes, when every guard
/// is either missing or `event = "…"`: then the event alone decides and
/// no variable needs to be read. `None` when some guard reads more.
fn static_routes<'s>(step: &'s Step, events: &[&str]) -> Option<Vec<Option<&'s Transition>>> {
    let mut tests: Vec<(Option<String>, &Transition)> = Vec::new();
    for transition in &step.next {
        match &transition.when {
            None => tests.push((None, transition)),
            Some(when) => tests.push((Some(event_literal(when.expr()?)?), transition)),
        }
    }
    Some(
        events
            .iter()
            .map(|event| {
                tests
                    .iter()
                    .find(|(lit, _)| lit.as_deref().is_none_or(|l| l == *event))
                    .map(|(_, t)| *t)
            })
            .collect(),
    )
}

/// `"x"` from `event = "x"` or `"x" = event`.
fn event_literal(expr: &crate::feel::ast::Expr) -> Option<String> {
    let ExprKind::Binary(BinaryOp::Equal, left, right) = &expr.kind else {
        return None;
    };
    match (&left.kind, &right.kind) {
        (ExprKind::Name(n), ExprKind::String(s)) | (ExprKind::String(s), ExprKind::Name(n))
            if &**n == "event" =>
        {
            Some(s.to_string())
        }
        _ => None,
    }
}

/// The timer's ISO 8601 duration: calendar units as written (weeks as
/// days, which every Camunda version reads); working days as the shortest
/// calendar length that holds that many working days wherever it starts,
/// so that the timer never fires before a deadline without holidays ends.
pub(super) fn timer_duration(deadline: &Deadline, owner: &str) -> Result<String, BpmnError> {
    let duration: DeadlineDuration = deadline
        .within
        .as_ref()
        .and_then(|w| w.value.trim().parse().ok())
        .ok_or_else(|| BpmnError::Model(messages::bad_duration(owner)))?;
    let days = match deadline.day_count() {
        DayCount::Calendar => duration.weeks() * 7 + duration.days(),
        DayCount::Working => {
            let working = duration.weeks() * 5 + duration.days();
            let (weeks, rest) = (working / 5, working % 5);
            weeks * 7 + rest + if rest > 0 { 2 } else { 0 }
        }
    };
    let mut text = String::from("P");
    for (amount, unit) in [
        (duration.years(), 'Y'),
        (duration.months(), 'M'),
        (days, 'D'),
    ] {
        if amount > 0 {
            text.push_str(&amount.to_string());
            text.push(unit);
        }
    }
    Ok(text)
}

/// The names the guards read, sorted.
fn condition_variables(service: &Service) -> Vec<String> {
    let mut names: Vec<String> = service
        .process
        .steps
        .iter()
        .flat_map(|s| &s.next)
        .filter_map(|t| t.when.as_ref()?.expr())
        .flat_map(|e| free_names(e).into_iter().map(|(n, _)| n.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A valid XML name (`NCName`) from an id: letters, digits, `_`, `-` and
/// `.`, starting with a letter or `_`.
pub(super) fn ncname(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// A role id as a Camunda candidate group: groups are separated by
/// commas there, so none may be in the id.
fn ncname_list(role: &str) -> String {
    role.replace(',', "_").trim().to_owned()
}
