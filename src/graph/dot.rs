//! Graphviz DOT of a process, for people who lay it out with `dot`
//! themselves or import it into other tools.

use std::fmt::Write as _;

use crate::graph::{EdgeKind, Node, ProcessGraph, Status, shorten};
use crate::model::StepKind;

const LABEL_MAX: usize = 40;

/// The graph in the DOT language, top to bottom.
pub fn render(graph: &ProcessGraph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&graph.service));
    let _ = writeln!(out, "  rankdir=TB;");
    if let Some(title) = &graph.title {
        let _ = writeln!(out, "  label={}; labelloc=t;", quote(title));
    }
    let _ = writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    if let Some(start) = &graph.start
        && graph.node(start).is_some()
    {
        let _ = writeln!(
            out,
            "  \"ozg_start\" [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black];"
        );
        let _ = writeln!(out, "  \"ozg_start\" -> {};", quote(start));
    }
    for node in &graph.nodes {
        let _ = writeln!(out, "  {} [{}];", quote(&node.id), attributes(node));
    }
    for edge in &graph.edges {
        let mut attrs = Vec::new();
        if let Some(label) = &edge.label {
            attrs.push(format!("label={}", quote(&shorten(label, LABEL_MAX))));
        }
        let mut styles = Vec::new();
        if edge.kind == EdgeKind::Expiry {
            styles.push("dotted");
        }
        if edge.status == Status::Removed {
            styles.push("dashed");
        }
        if !styles.is_empty() {
            attrs.push(format!("style=\"{}\"", styles.join(",")));
        }
        if let Some(color) = color(edge.status) {
            attrs.push(format!(
                "color=\"{color}\", fontcolor=\"{color}\", penwidth=2"
            ));
        }
        let _ = writeln!(
            out,
            "  {} -> {}{};",
            quote(&edge.from),
            quote(&edge.to),
            if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            }
        );
    }
    let _ = writeln!(out, "}}");
    out
}

fn attributes(node: &Node) -> String {
    let mut lines = vec![node.caption().to_owned()];
    if let Some(from) = &node.renamed_from {
        lines.push(format!("(renamed from {from})"));
    }
    if let Some(role) = &node.role {
        lines.push(format!("role: {role}"));
    }
    if let Some(deadline) = &node.deadline {
        lines.push(format!("deadline: {deadline}"));
    }
    if let Some(outcome) = &node.outcome {
        lines.push(outcome.clone());
    }
    let (shape, mut style) = match node.kind {
        Some(StepKind::Task) | None => ("box", vec![]),
        Some(StepKind::Automatic) => ("box", vec!["rounded"]),
        Some(StepKind::Wait) => ("hexagon", vec![]),
        Some(StepKind::Split | StepKind::Join) => ("diamond", vec![]),
        Some(StepKind::End) => ("doublecircle", vec![]),
    };
    if node.kind == Some(StepKind::Wait) {
        lines[0] = format!("⧗ {}", lines[0]);
    }
    let mut attrs = vec![
        format!("label={}", quote(&lines.join("\n"))),
        format!("shape={shape}"),
    ];
    if node.status == Status::Removed {
        style.push("dashed");
    }
    if let Some(color) = color(node.status) {
        style.push("filled");
        attrs.push(format!("color=\"{color}\", penwidth=2"));
        attrs.push(format!("fillcolor=\"{}\"", fill(node.status)));
    }
    if !style.is_empty() {
        attrs.push(format!("style=\"{}\"", style.join(",")));
    }
    attrs.join(", ")
}

fn color(status: Status) -> Option<&'static str> {
    match status {
        Status::Unchanged => None,
        Status::Added => Some("#1a7f37"),
        Status::Removed => Some("#cf222e"),
        Status::Changed => Some("#d4700c"),
    }
}

fn fill(status: Status) -> &'static str {
    match status {
        Status::Added => "#e6ffec",
        Status::Removed => "#ffebe9",
        Status::Changed => "#fff1e5",
        Status::Unchanged => "#ffffff",
    }
}

/// A DOT string literal; `\n` in the text becomes a centred line break.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}
