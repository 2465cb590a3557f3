//! SVG drawings of a process, laid out by [`layout`](crate::graph::layout)
//! and written by hand: no outside program is needed, and the output is
//! the same on every machine, so a diagram can be committed next to the
//! model and reviewed like text.
//!
//! Shapes follow the kind of step: a task is a box with its role, an
//! automatic step a rounded box, a wait a box with an hourglass, a split or
//! join a bar, an end a double-bordered rounded box with its outcome. A
//! step's deadline is written in the step; guards and labels on the
//! transitions. Text widths are estimated from character classes, since
//! the fonts of the viewer are not known: long titles are wrapped.

// Counts of steps and characters are small; they convert to f64 exactly.
#![allow(clippy::cast_precision_loss)]

use std::fmt::Write as _;

use crate::graph::layout::{EdgeInput, Layout, layout};
use crate::graph::{EdgeKind, Node, ProcessGraph, Status, shorten};
use crate::model::StepKind;

const TITLE_SIZE: f64 = 13.0;
const SMALL_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 10.5;
const LINE: f64 = 1.35;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 8.0;
/// Titles are wrapped to this width.
const WRAP: f64 = 190.0;
const LABEL_MAX: usize = 36;
const HEADER: f64 = 34.0;
const LEGEND: f64 = 30.0;
const FONT: &str = "Helvetica, Arial, sans-serif";

/// The width of a text in a proportional sans-serif font, estimated.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.28,
            't' | 'f' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' | '…' => 0.86,
            c if c.is_uppercase() => 0.68,
            c if c.is_ascii_digit() => 0.56,
            _ => 0.55,
        })
        .sum::<f64>()
        * size
}

/// Breaks a text into lines no wider than `max`.
fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            word.clone_into(&mut line);
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// What a node shows: the title lines and the small lines below.
struct Content {
    title: Vec<String>,
    small: Vec<String>,
}

fn content(node: &Node) -> Content {
    let title = wrap(node.caption(), TITLE_SIZE, WRAP);
    let mut small = Vec::new();
    if node.title.is_some() {
        small.push(node.id.clone());
    }
    if let Some(from) = &node.renamed_from {
        small.push(format!("renamed from {from}"));
    }
    if let Some(role) = &node.role {
        small.push(format!("role: {role}"));
    }
    if let Some(deadline) = &node.deadline {
        small.push(format!("deadline: {deadline}"));
    }
    if let Some(outcome) = &node.outcome {
        small.push(format!("outcome: {outcome}"));
    }
    Content { title, small }
}

fn size(node: &Node, content: &Content) -> (f64, f64) {
    let text_w = content
        .title
        .iter()
        // Titles are bold, a little wider than the estimate.
        .map(|l| text_width(l, TITLE_SIZE) * 1.15)
        .chain(content.small.iter().map(|l| text_width(l, SMALL_SIZE)))
        .fold(0.0, f64::max);
    let text_h = content.title.len() as f64 * TITLE_SIZE * LINE
        + content.small.len() as f64 * SMALL_SIZE * LINE;
    let (extra_w, extra_h) = match node.kind {
        Some(StepKind::Wait) => (24.0, 0.0),
        Some(StepKind::End) => (16.0, 6.0),
        Some(StepKind::Split | StepKind::Join) => (0.0, 12.0),
        _ => (0.0, 0.0),
    };
    (
        (text_w + 2.0 * PAD_X + extra_w).max(90.0),
        text_h + 2.0 * PAD_Y + extra_h,
    )
}

/// Colours of a status: stroke, fill, text.
fn colours(status: Status) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Unchanged => ("#57606a", "#ffffff", "#24292f"),
        Status::Added => ("#1a7f37", "#e6ffec", "#0f5323"),
        Status::Removed => ("#cf222e", "#ffebe9", "#82071e"),
        Status::Changed => ("#d4700c", "#fff1e5", "#6f3800"),
    }
}

/// The process drawn as a standalone SVG document.
pub fn render(graph: &ProcessGraph) -> String {
    let contents: Vec<Content> = graph.nodes.iter().map(content).collect();
    let mut sizes: Vec<(f64, f64)> = graph
        .nodes
        .iter()
        .zip(&contents)
        .map(|(n, c)| size(n, c))
        .collect();
    let index = |id: &str| graph.nodes.iter().position(|n| n.id == id);
    let mut inputs: Vec<EdgeInput> = Vec::new();
    let mut drawn: Vec<usize> = Vec::new();
    for (i, edge) in graph.edges.iter().enumerate() {
        if let (Some(from), Some(to)) = (index(&edge.from), index(&edge.to)) {
            let label = edge.label.as_ref().map(|l| {
                let text = shorten(l, LABEL_MAX);
                (text_width(&text, LABEL_SIZE) + 8.0, LABEL_SIZE * LINE + 4.0)
            });
            inputs.push(EdgeInput { from, to, label });
            drawn.push(i);
        }
    }
    // The start marker is a small node of its own above the start step.
    let start = graph.start.as_deref().and_then(index);
    let marker = sizes.len();
    if let Some(start) = start {
        sizes.push((14.0, 14.0));
        inputs.push(EdgeInput {
            from: marker,
            to: start,
            label: None,
        });
    }
    let placed = layout(&sizes, &inputs, start.map(|_| marker));
    let changed = graph.nodes.iter().any(|n| n.status != Status::Unchanged)
        || graph.edges.iter().any(|e| e.status != Status::Unchanged);
    write_document(
        graph,
        &contents,
        &placed,
        &drawn,
        start.map(|_| marker),
        changed,
    )
}

fn write_document(
    graph: &ProcessGraph,
    contents: &[Content],
    placed: &Layout,
    drawn: &[usize],
    marker: Option<usize>,
    legend: bool,
) -> String {
    let title = graph.title.clone().unwrap_or_else(|| graph.service.clone());
    let heading = format!("{title} ({})", graph.service);
    let width = placed
        .width
        .max(text_width(&heading, 15.0) + 40.0)
        .max(if legend { 330.0 } else { 0.0 });
    let height = placed.height + HEADER + if legend { LEGEND } else { 0.0 };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{FONT}">"#
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(&heading));
    let _ = writeln!(out, "  <defs>");
    for status in [
        Status::Unchanged,
        Status::Added,
        Status::Removed,
        Status::Changed,
    ] {
        let (stroke, _, _) = colours(status);
        let _ = writeln!(
            out,
            r#"    <marker id="arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{stroke}"/></marker>"#,
            status.name()
        );
    }
    let _ = writeln!(out, "  </defs>");
    let _ = writeln!(
        out,
        r##"  <rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r##"  <text x="20" y="24" font-size="15" font-weight="bold" fill="#24292f">{}</text>"##,
        escape(&heading)
    );
    let _ = writeln!(out, r#"  <g transform="translate(0 {HEADER})">"#);

    // Edges first, so that nodes are drawn over their ends.
    for (k, &i) in drawn.iter().enumerate() {
        write_edge(&mut out, &graph.edges[i], &placed.edges[k]);
    }
    if let Some(marker) = marker {
        let route = &placed.edges[drawn.len()];
        write_path(&mut out, &route.points, "#24292f", "", "unchanged", "start");
        let p = placed.nodes[marker];
        let _ = writeln!(
            out,
            r##"    <circle class="start" cx="{:.1}" cy="{:.1}" r="7" fill="#24292f"/>"##,
            p.x, p.y
        );
    }
    for (node, (content, place)) in graph.nodes.iter().zip(contents.iter().zip(&placed.nodes)) {
        write_node(&mut out, node, content, *place);
    }
    let _ = writeln!(out, "  </g>");
    if legend {
        write_legend(&mut out, height - LEGEND + 6.0);
    }
    let _ = writeln!(out, "</svg>");
    out
}

fn write_edge(out: &mut String, edge: &crate::graph::Edge, route: &crate::graph::layout::Route) {
    let (stroke, _, text) = colours(edge.status);
    let mut dash = match edge.kind {
        EdgeKind::Expiry => "2 3",
        EdgeKind::Transition => "",
    };
    if edge.status == Status::Removed {
        dash = "6 4";
    }
    let class = format!(
        "transition {}{}",
        edge.status.name(),
        if edge.kind == EdgeKind::Expiry {
            " expiry"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        r#"    <g class="{class}" data-from="{}" data-to="{}">"#,
        escape(&edge.from),
        escape(&edge.to)
    );
    write_path(out, &route.points, stroke, dash, edge.status.name(), "");
    if let (Some(label), Some((x, y))) = (&edge.label, route.label) {
        let label = shorten(label, LABEL_MAX);
        let w = text_width(&label, LABEL_SIZE) + 8.0;
        let h = LABEL_SIZE * LINE + 4.0;
        let _ = writeln!(
            out,
            r##"      <rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" rx="3" fill="#ffffff" fill-opacity="0.92"/>"##,
            x - w / 2.0,
            y - h / 2.0
        );
        let _ = writeln!(
            out,
            r#"      <text x="{x:.1}" y="{:.1}" font-size="{LABEL_SIZE}" text-anchor="middle" fill="{text}">{}</text>"#,
            y + LABEL_SIZE * 0.35,
            escape(&label)
        );
    }
    let _ = writeln!(out, "    </g>");
}

/// A smooth path through the points, leaving and entering vertically.
fn write_path(
    out: &mut String,
    points: &[(f64, f64)],
    stroke: &str,
    dash: &str,
    marker: &str,
    class: &str,
) {
    let Some(&(x0, y0)) = points.first() else {
        return;
    };
    let mut d = format!("M {x0:.1} {y0:.1}");
    for pair in points.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        let dy = (by - ay) / 2.0;
        let _ = write!(
            d,
            " C {ax:.1} {:.1} {bx:.1} {:.1} {bx:.1} {by:.1}",
            ay + dy,
            by - dy
        );
    }
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(r#" class="{class}""#)
    };
    let width = if marker == "unchanged" { "1.3" } else { "2.2" };
    let _ = writeln!(
        out,
        r#"      <path{class} d="{d}" fill="none" stroke="{stroke}" stroke-width="{width}"{dash} marker-end="url(#arrow-{marker})"/>"#
    );
}

fn write_node(out: &mut String, node: &Node, content: &Content, p: crate::graph::layout::Placed) {
    let (stroke, fill, text) = colours(node.status);
    let kind = node.kind.map_or("unknown", StepKind::name);
    let dash = if node.status == Status::Removed {
        r#" stroke-dasharray="6 4""#
    } else {
        ""
    };
    let width = if node.status == Status::Unchanged {
        1.3
    } else {
        2.2
    };
    let (x, y) = (p.x - p.width / 2.0, p.y - p.height / 2.0);
    let _ = writeln!(
        out,
        r#"    <g class="step {kind} {}" data-step="{}">"#,
        node.status.name(),
        escape(&node.id)
    );
    let _ = writeln!(out, "      <title>{}</title>", escape(&node.id));
    let rect = |rx: f64, inset: f64| {
        format!(
            r#"      <rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{rx:.1}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>"#,
            x + inset,
            y + inset,
            p.width - 2.0 * inset,
            p.height - 2.0 * inset
        )
    };
    let mut text_top = y + PAD_Y;
    let mut text_x = p.x;
    match node.kind {
        Some(StepKind::Automatic) => {
            let _ = writeln!(out, "{}", rect(14.0, 0.0));
        }
        Some(StepKind::Wait) => {
            let _ = writeln!(out, "{}", rect(3.0, 0.0));
            // An hourglass in the upper left corner.
            let (hx, hy) = (x + 6.0, y + 8.0);
            let _ = writeln!(
                out,
                r#"      <path class="hourglass" d="M {hx:.1} {hy:.1} h 10 l -10 14 h 10 z" fill="none" stroke="{stroke}" stroke-width="1.3"/>"#
            );
            text_x += 12.0;
        }
        Some(StepKind::Split | StepKind::Join) => {
            let _ = writeln!(out, "{}", rect(3.0, 0.0).replace(fill, "#f6f8fa"));
            let _ = writeln!(
                out,
                r#"      <rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="6" fill="{stroke}"/>"#,
                x + 8.0,
                y + p.height - 10.0,
                p.width - 16.0
            );
        }
        Some(StepKind::End) => {
            let rx = (p.height / 2.0).min(18.0);
            let _ = writeln!(out, "{}", rect(rx, 0.0));
            let _ = writeln!(out, "{}", rect(rx - 3.0, 3.5).replace(fill, "none"));
            text_top += 3.0;
        }
        Some(StepKind::Task) | None => {
            let _ = writeln!(out, "{}", rect(3.0, 0.0));
        }
    }
    let mut baseline = text_top + TITLE_SIZE;
    for line in &content.title {
        let _ = writeln!(
            out,
            r#"      <text x="{text_x:.1}" y="{baseline:.1}" font-size="{TITLE_SIZE}" font-weight="bold" text-anchor="middle" fill="{text}">{}</text>"#,
            escape(line)
        );
        baseline += TITLE_SIZE * LINE;
    }
    baseline += SMALL_SIZE * LINE - TITLE_SIZE * LINE;
    for line in &content.small {
        let _ = writeln!(
            out,
            r#"      <text x="{text_x:.1}" y="{baseline:.1}" font-size="{SMALL_SIZE}" text-anchor="middle" fill="{text}">{}</text>"#,
            escape(line)
        );
        baseline += SMALL_SIZE * LINE;
    }
    let _ = writeln!(out, "    </g>");
}

fn write_legend(out: &mut String, y: f64) {
    let _ = writeln!(
        out,
        r#"  <g class="legend" transform="translate(20 {y:.1})">"#
    );
    let mut x = 0.0;
    for (status, label) in [
        (Status::Added, "added"),
        (Status::Removed, "removed"),
        (Status::Changed, "changed"),
    ] {
        let (stroke, fill, text) = colours(status);
        let dash = if status == Status::Removed {
            r#" stroke-dasharray="4 3""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"    <rect x="{x:.1}" y="0" width="18" height="12" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="1.8"{dash}/>"#
        );
        let _ = writeln!(
            out,
            r#"    <text x="{:.1}" y="10" font-size="11" fill="{text}">{label}</text>"#,
            x + 24.0
        );
        x += 100.0;
    }
    let _ = writeln!(out, "  </g>");
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
