//! `ozg graph`: a service's back-office process as a picture.
//!
//! A [`ProcessGraph`] is the process reduced to what a diagram shows:
//! steps with their kind, role, deadline and outcome, and transitions with
//! their guards; when drawn against an earlier version, each step and
//! transition also carries whether it was added, removed or changed. The
//! graph is drawn as Mermaid (which GitHub and GitLab render in merge
//! requests), as Graphviz DOT, or as SVG laid out here without any
//! outside program ([`layout`], [`svg`]).

pub mod dot;
pub mod layout;
pub mod mermaid;
pub mod svg;

use std::collections::HashSet;

use crate::model::{DayCount, ExpiryAction, Service, Step, StepKind};

/// How a step or transition differs from the earlier version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Unchanged,
    Added,
    Removed,
    Changed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

/// A step as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub kind: Option<StepKind>,
    pub title: Option<String>,
    pub role: Option<String>,
    /// The step's deadline in short: `P10D working days`.
    pub deadline: Option<String>,
    pub outcome: Option<String>,
    pub status: Status,
    /// The earlier id of a renamed step.
    pub renamed_from: Option<String>,
}

impl Node {
    /// The text a diagram shows as the step's name.
    pub fn caption(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

/// Whether an edge is a transition or where a deadline leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Transition,
    /// Taken when the step's deadline passes.
    Expiry,
}

/// A transition as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// What the edge is labelled with: the transition's label, else its
    /// guard; for a deadline, its duration.
    pub label: Option<String>,
    pub status: Status,
}

/// A process as drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProcessGraph {
    pub service: String,
    pub title: Option<String>,
    pub start: Option<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// What a comparison found changed, for highlighting: steps renamed (old
/// id, new id), steps changed in place, and transitions changed in place
/// (step, target).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    pub renamed: Vec<(String, String)>,
    pub changed_steps: HashSet<String>,
    pub changed_transitions: HashSet<(String, String)>,
}

impl ProcessGraph {
    /// The process of a service as it is.
    pub fn from_service(service: &Service) -> ProcessGraph {
        ProcessGraph {
            service: service.meta.id.value.clone(),
            title: service.meta.title.as_ref().map(|t| t.value.clone()),
            start: service.process.start.as_ref().map(|s| s.value.clone()),
            nodes: service.process.steps.iter().map(node).collect(),
            edges: service.process.steps.iter().flat_map(edges).collect(),
        }
    }

    /// The newer process with what changed since the older one marked:
    /// steps and transitions only in the newer are added, those only in
    /// the older are kept and marked removed, and those in `marks` are
    /// changed.
    pub fn compare(old: &Service, new: &Service, marks: &Marks) -> ProcessGraph {
        let mut graph = ProcessGraph::from_service(new);
        let renamed_to = |id: &str| {
            marks
                .renamed
                .iter()
                .find(|(from, _)| from == id)
                .map_or_else(|| id.to_owned(), |(_, to)| to.clone())
        };
        let old_ids: HashSet<String> = old
            .process
            .steps
            .iter()
            .map(|s| renamed_to(&s.id.value))
            .collect();
        for node in &mut graph.nodes {
            if let Some((from, _)) = marks.renamed.iter().find(|(_, to)| *to == node.id) {
                node.renamed_from = Some(from.clone());
                node.status = Status::Changed;
            } else if !old_ids.contains(&node.id) {
                node.status = Status::Added;
            } else if marks.changed_steps.contains(&node.id) {
                node.status = Status::Changed;
            }
        }
        for step in &old.process.steps {
            if !graph
                .nodes
                .iter()
                .any(|n| n.id == renamed_to(&step.id.value))
            {
                let mut removed = node(step);
                removed.status = Status::Removed;
                graph.nodes.push(removed);
            }
        }

        let old_edges: Vec<Edge> = old
            .process
            .steps
            .iter()
            .flat_map(edges)
            .map(|mut e| {
                if graph.nodes.iter().any(|n| n.id == renamed_to(&e.from)) {
                    e.from = renamed_to(&e.from);
                }
                if graph.nodes.iter().any(|n| n.id == renamed_to(&e.to)) {
                    e.to = renamed_to(&e.to);
                }
                e
            })
            .collect();
        let same = |a: &Edge, b: &Edge| a.from == b.from && a.to == b.to && a.kind == b.kind;
        for edge in &mut graph.edges {
            if !old_edges.iter().any(|o| same(o, edge)) {
                edge.status = Status::Added;
            } else if (edge.kind == EdgeKind::Transition
                && marks
                    .changed_transitions
                    .contains(&(edge.from.clone(), edge.to.clone())))
                || (edge.kind == EdgeKind::Expiry
                    && old_edges
                        .iter()
                        .any(|o| same(o, edge) && o.label != edge.label))
            {
                edge.status = Status::Changed;
            }
        }
        for mut edge in old_edges {
            if !graph.edges.iter().any(|e| same(e, &edge)) {
                edge.status = Status::Removed;
                graph.edges.push(edge);
            }
        }
        graph
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

fn node(step: &Step) -> Node {
    Node {
        id: step.id.value.clone(),
        kind: step.kind(),
        title: step.title.as_ref().map(|t| t.value.clone()),
        role: step.role.as_ref().map(|r| r.value.clone()),
        deadline: step.deadline.as_ref().and_then(|d| {
            let within = d.within.as_ref()?;
            Some(match d.day_count() {
                DayCount::Working => format!("{} working days", within.value),
                DayCount::Calendar => within.value.clone(),
            })
        }),
        outcome: step.outcome.as_ref().map(|o| o.value.name().to_owned()),
        status: Status::Unchanged,
        renamed_from: None,
    }
}

fn edges(step: &Step) -> Vec<Edge> {
    let mut out: Vec<Edge> = step
        .next
        .iter()
        .filter_map(|t| {
            Some(Edge {
                from: step.id.value.clone(),
                to: t.to.as_ref()?.value.clone(),
                kind: EdgeKind::Transition,
                label: t
                    .label
                    .as_ref()
                    .map(|l| l.value.clone())
                    .or_else(|| t.when.as_ref().map(|w| w.text.trim().to_owned())),
                status: Status::Unchanged,
            })
        })
        .collect();
    if let Some(deadline) = &step.deadline
        && matches!(
            deadline.on_expiry.as_ref().map(|e| e.value),
            Some(ExpiryAction::Transition | ExpiryAction::DeemedApproval)
        )
        && let Some(to) = &deadline.to
    {
        out.push(Edge {
            from: step.id.value.clone(),
            to: to.value.clone(),
            kind: EdgeKind::Expiry,
            label: deadline
                .within
                .as_ref()
                .map(|w| format!("after {}", w.value)),
            status: Status::Unchanged,
        });
    }
    out
}

/// Shortens a label for a diagram: long guards would push the picture
/// apart. Cuts at a character boundary and marks the cut.
pub fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}
