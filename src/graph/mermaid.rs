//! Mermaid flowcharts of a process, for merge-request comments and
//! documentation: GitHub and GitLab draw them where Markdown is shown.
//!
//! Step ids are prefixed (`s_review`) because Mermaid gives some words,
//! such as `end`, a meaning of their own. Shapes follow the kind of step:
//! a box for a task, rounded for an automatic step, a hexagon for a wait,
//! a diamond for a split or join, a double circle for an end. Changes are
//! marked with the classes `added`, `removed` and `changed`.

use std::fmt::Write as _;

use crate::graph::{EdgeKind, Node, ProcessGraph, Status, shorten};
use crate::model::StepKind;

/// Longest edge label shown; longer guards are cut.
const LABEL_MAX: usize = 40;

const ADDED: &str = "fill:#e6ffec,stroke:#1a7f37,stroke-width:2px,color:#0f5323";
const REMOVED: &str =
    "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#82071e";
const CHANGED: &str = "fill:#fff1e5,stroke:#d4700c,stroke-width:2px,color:#6f3800";

/// The graph as a Mermaid flowchart, top to bottom.
pub fn render(graph: &ProcessGraph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "flowchart TD");
    let mut link = 0usize;
    let mut link_styles: Vec<(usize, Status)> = Vec::new();
    if let Some(start) = &graph.start
        && graph.node(start).is_some()
    {
        let _ = writeln!(out, "    ozg_start((\" \")) --> {}", node_id(start));
        link += 1;
    }
    for node in &graph.nodes {
        let _ = writeln!(out, "    {}", shape(node));
    }
    for edge in &graph.edges {
        let arrow = match edge.kind {
            EdgeKind::Transition => "-->",
            EdgeKind::Expiry => "-.->",
        };
        match &edge.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "    {} {arrow}|\"{}\"| {}",
                    node_id(&edge.from),
                    escape(&shorten(label, LABEL_MAX)),
                    node_id(&edge.to)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "    {} {arrow} {}",
                    node_id(&edge.from),
                    node_id(&edge.to)
                );
            }
        }
        if edge.status != Status::Unchanged {
            link_styles.push((link, edge.status));
        }
        link += 1;
    }
    let _ = writeln!(out, "    style ozg_start fill:#24292f,stroke:#24292f");
    let marked: Vec<&Node> = graph
        .nodes
        .iter()
        .filter(|n| n.status != Status::Unchanged)
        .collect();
    if !marked.is_empty() || !link_styles.is_empty() {
        let _ = writeln!(out, "    classDef added {ADDED}");
        let _ = writeln!(out, "    classDef removed {REMOVED}");
        let _ = writeln!(out, "    classDef changed {CHANGED}");
    }
    for status in [Status::Added, Status::Removed, Status::Changed] {
        let ids: Vec<String> = marked
            .iter()
            .filter(|n| n.status == status)
            .map(|n| node_id(&n.id))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "    class {} {}", ids.join(","), status.name());
        }
    }
    for (index, status) in link_styles {
        let style = match status {
            Status::Added => "stroke:#1a7f37,stroke-width:2px",
            Status::Removed => "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5",
            _ => "stroke:#d4700c,stroke-width:2px",
        };
        let _ = writeln!(out, "    linkStyle {index} {style}");
    }
    out
}

fn node_id(step: &str) -> String {
    format!("s_{step}")
}

fn shape(node: &Node) -> String {
    let mut lines = vec![escape(node.caption())];
    if let Some(from) = &node.renamed_from {
        lines.push(format!(
            "<i>{}</i>",
            escape(&format!("renamed from {from}"))
        ));
    }
    if let Some(role) = &node.role {
        lines.push(format!("<small>{}</small>", escape(&format!("👤 {role}"))));
    }
    if let Some(deadline) = &node.deadline {
        lines.push(format!(
            "<small>{}</small>",
            escape(&format!("⏱ {deadline}"))
        ));
    }
    if let Some(outcome) = &node.outcome {
        lines.push(format!("<small>{}</small>", escape(outcome)));
    }
    let label = lines.join("<br/>");
    let id = node_id(&node.id);
    match node.kind {
        Some(StepKind::Task) | None => format!("{id}[\"{label}\"]"),
        Some(StepKind::Automatic) => format!("{id}(\"{label}\")"),
        Some(StepKind::Wait) => format!("{id}{{{{\"⧗ {label}\"}}}}"),
        Some(StepKind::Split | StepKind::Join) => format!("{id}{{\"{label}\"}}"),
        Some(StepKind::End) => format!("{id}(((\"{label}\")))"),
    }
}

/// Escapes text for a quoted Mermaid label.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}
