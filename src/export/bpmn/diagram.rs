//! Diagram coordinates for the BPMN elements: shapes with bounds, flows
//! with waypoints, and the places of labels, so that bpmn.io and Camunda
//! Modeler show the process without any manual work.
//!
//! The layered layout of [`crate::graph::layout`] does the placing. It
//! draws top to bottom, while BPMN reads left to right, so sizes go in
//! turned by a quarter and the result is turned back. Flows are drawn with
//! right angles, as modellers draw them: they bend in the free space
//! between two columns and pass each column at the height of the dummy
//! point the layout reserved for them, so they do not cross shapes. Flows
//! that lead back (loops) leave their source at the top and enter their
//! target at the top, so that they do not run into the arrows going
//! forward. A flow's label takes its own room in the layout, just below
//! the flow.

// Counts of characters are small; they convert to f64 exactly.
#![allow(clippy::cast_precision_loss)]

use std::collections::HashMap;

use crate::graph::layout::{EdgeInput, layout};

use super::build::{Container, Definitions, NodeKind};

/// Sizes of BPMN shapes as bpmn.io draws them.
const EVENT: f64 = 36.0;
const GATEWAY: f64 = 50.0;
const TASK_HEIGHT: f64 = 80.0;
const TASK_WIDTHS: [f64; 4] = [100.0, 140.0, 180.0, 220.0];
/// bpmn.io wraps external labels (of events, gateways and flows) at this
/// width, centred on the label's bounds.
const LABEL_WIDTH: f64 = 90.0;
const LABEL_LINE: f64 = 14.0;
/// Extra room on both sides of every column, for the bends of flows.
const COLUMN_PAD: f64 = 22.0;
/// How far below or above a box a flow runs when it leaves a boundary
/// event or leads back; half the layout's gap between boxes.
const CLEARANCE: f64 = 14.0;
const SUBPROCESS_PAD: f64 = 20.0;
const SUBPROCESS_TOP: f64 = 30.0;
/// Room between the process and the event sub-processes below it.
const BELOW: f64 = 40.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Bounds {
    fn moved(self, dx: f64, dy: f64) -> Bounds {
        Bounds {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    fn right(self) -> f64 {
        self.x + self.width
    }

    fn bottom(self) -> f64 {
        self.y + self.height
    }

    fn centre(self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

#[derive(Debug, Clone)]
pub(super) struct Shape {
    pub element: String,
    pub bounds: Bounds,
    pub label: Option<Bounds>,
    /// Drawn open, with its content (sub-processes).
    pub expanded: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Edge {
    pub flow: String,
    pub points: Vec<(f64, f64)>,
    pub label: Option<Bounds>,
}

#[derive(Debug, Default)]
pub(super) struct Diagram {
    pub shapes: Vec<Shape>,
    pub edges: Vec<Edge>,
}

impl Diagram {
    fn moved(mut self, dx: f64, dy: f64) -> Diagram {
        for shape in &mut self.shapes {
            shape.bounds = shape.bounds.moved(dx, dy);
            shape.label = shape.label.map(|l| l.moved(dx, dy));
        }
        for edge in &mut self.edges {
            for point in &mut edge.points {
                point.0 += dx;
                point.1 += dy;
            }
            edge.label = edge.label.map(|l| l.moved(dx, dy));
        }
        self
    }

    fn append(&mut self, other: Diagram) {
        self.shapes.extend(other.shapes);
        self.edges.extend(other.edges);
    }
}

/// The diagram of the whole process.
pub(super) fn diagram(definitions: &Definitions) -> Diagram {
    arrange(&definitions.body).diagram
}

/// A container laid out with its top left corner at the origin.
struct Arranged {
    width: f64,
    height: f64,
    diagram: Diagram,
}

/// What a node needs drawn: its shape's size, its external label, and the
/// box it takes in the layout (shape, label and boundary event together).
struct Visual {
    shape: (f64, f64),
    label: Option<(f64, f64)>,
    boundary_label: Option<(f64, f64)>,
    inner: Option<Arranged>,
    boxed: (f64, f64),
}

/// Estimated width of a text in bpmn.io's 11 px label font.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            't' | 'f' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '"' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' => 0.9,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum::<f64>()
        * size
}

/// The number of lines a text takes when wrapped at `width`.
fn lines(text: &str, size: f64, width: f64) -> usize {
    let mut count = 1;
    let mut line = 0.0;
    let space = text_width(" ", size);
    for word in text.split_whitespace() {
        let w = text_width(word, size);
        if line > 0.0 && line + space + w > width {
            count += 1;
            line = w;
        } else if line > 0.0 {
            line += space + w;
        } else {
            line = w;
        }
        // A word longer than the line is broken by the renderer.
        while line > width {
            count += 1;
            line -= width;
        }
    }
    count
}

/// The size of an external label.
fn label_size(text: &str) -> (f64, f64) {
    let width = text_width(text, 11.0).clamp(10.0, LABEL_WIDTH);
    let height = lines(text, 11.0, LABEL_WIDTH) as f64 * LABEL_LINE;
    (width.ceil(), height)
}

/// A task's size: the narrowest standard width at which its name fits.
fn task_size(name: &str) -> (f64, f64) {
    for width in TASK_WIDTHS {
        let height = lines(name, 12.0, width - 12.0) as f64 * 15.0 + 12.0;
        if height <= TASK_HEIGHT {
            return (width, TASK_HEIGHT);
        }
    }
    let width = TASK_WIDTHS[TASK_WIDTHS.len() - 1];
    let height = lines(name, 12.0, width - 12.0) as f64 * 15.0 + 12.0;
    (width, height.ceil())
}

// The stages (layout, shapes, flows, event sub-processes) follow each
// other here in the order a reader looks for them.
#[allow(clippy::too_many_lines)]
fn arrange(container: &Container) -> Arranged {
    // Boundary events are drawn on their host; event sub-processes below
    // the flow; everything else takes part in the layout.
    let placed: Vec<usize> = container
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            !matches!(
                n.kind,
                NodeKind::Boundary { .. }
                    | NodeKind::SubProcess {
                        triggered_by_event: true,
                        ..
                    }
            )
        })
        .map(|(i, _)| i)
        .collect();
    let index: HashMap<&str, usize> = placed
        .iter()
        .enumerate()
        .map(|(k, &i)| (container.nodes[i].id.as_str(), k))
        .collect();
    let boundary_of: HashMap<&str, usize> = container
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match &n.kind {
            NodeKind::Boundary { host, .. } => Some((host.as_str(), i)),
            _ => None,
        })
        .collect();

    let mut visuals: Vec<Visual> = placed
        .iter()
        .map(|&i| {
            let node = &container.nodes[i];
            let boundary = boundary_of
                .get(node.id.as_str())
                .and_then(|&b| container.nodes[b].name.as_deref())
                .map(label_size);
            visual(&node.kind, node.name.as_deref(), boundary)
        })
        .collect();

    // Where each flow is drawn from in the layout: a flow from a boundary
    // event starts at the event's host.
    let host_of = |id: &str| -> Option<usize> {
        if let Some(&k) = index.get(id) {
            return Some(k);
        }
        container
            .nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| match &n.kind {
                NodeKind::Boundary { host, .. } => index.get(host.as_str()).copied(),
                _ => None,
            })
    };
    let mut drawn: Vec<usize> = Vec::new();
    let mut inputs: Vec<EdgeInput> = Vec::new();
    let mut flow_labels: Vec<Option<(f64, f64)>> = Vec::new();
    for (f, flow) in container.flows.iter().enumerate() {
        let (Some(from), Some(to)) = (host_of(&flow.source), index.get(flow.target.as_str()))
        else {
            continue;
        };
        let label = flow.name.as_deref().map(label_size);
        drawn.push(f);
        flow_labels.push(label);
        inputs.push(EdgeInput {
            from,
            to: *to,
            // The label's slot is a little higher than the label, so that
            // the flow passes above the text.
            label: label.map(|(w, h)| (h + 12.0, w + 8.0)),
        });
    }
    let sizes: Vec<(f64, f64)> = visuals
        .iter()
        .map(|v| (v.boxed.1, v.boxed.0 + 2.0 * COLUMN_PAD))
        .collect();
    let first = placed
        .iter()
        .position(|&i| matches!(container.nodes[i].kind, NodeKind::Start { .. }));
    let result = layout(&sizes, &inputs, first);

    // Turned back: the layout's y is our x and the other way round.
    let boxes: Vec<Bounds> = result
        .nodes
        .iter()
        .zip(&visuals)
        .map(|(p, v)| Bounds {
            x: p.y - v.boxed.0 / 2.0,
            y: p.x - v.boxed.1 / 2.0,
            width: v.boxed.0,
            height: v.boxed.1,
        })
        .collect();

    let mut diagram = Diagram::default();
    let mut shape_of: HashMap<&str, Bounds> = HashMap::new();
    let mut boundary_shape: HashMap<&str, Bounds> = HashMap::new();
    for ((&i, b), v) in placed.iter().zip(&boxes).zip(visuals.iter_mut()) {
        let node = &container.nodes[i];
        let shape = Bounds {
            x: b.x + (b.width - v.shape.0) / 2.0,
            y: b.y,
            width: v.shape.0,
            height: v.shape.1,
        };
        let label = v.label.map(|(w, h)| Bounds {
            x: shape.x + shape.width / 2.0 - w / 2.0,
            y: shape.bottom() + 4.0,
            width: w,
            height: h,
        });
        diagram.shapes.push(Shape {
            element: node.id.clone(),
            bounds: shape,
            label,
            expanded: v.inner.is_some(),
        });
        shape_of.insert(node.id.as_str(), shape);
        if let Some(inner) = v.inner.take() {
            diagram.append(
                inner
                    .diagram
                    .moved(shape.x + SUBPROCESS_PAD, shape.y + SUBPROCESS_TOP),
            );
        }
        if let Some(&b_index) = boundary_of.get(node.id.as_str()) {
            let boundary = &container.nodes[b_index];
            let cx = shape.x + 22.0;
            let bounds = Bounds {
                x: cx - EVENT / 2.0,
                y: shape.bottom() - EVENT / 2.0,
                width: EVENT,
                height: EVENT,
            };
            let label = v.boundary_label.map(|(w, h)| Bounds {
                x: cx + 6.0,
                y: bounds.bottom() + 2.0,
                width: w,
                height: h,
            });
            diagram.shapes.push(Shape {
                element: boundary.id.clone(),
                bounds,
                label,
                expanded: false,
            });
            boundary_shape.insert(boundary.id.as_str(), bounds);
        }
    }

    let columns = Columns::new(&boxes, &result, &flow_labels, &drawn);
    let box_of = |id: &str| index.get(id).map(|&k| boxes[k]);
    for (k, &f) in drawn.iter().enumerate() {
        let flow = &container.flows[f];
        let route = &result.edges[k];
        let source_number = container
            .nodes
            .iter()
            .position(|n| n.id == flow.source)
            .unwrap_or(0);
        let offset = (source_number % 5) as f64 * 7.0 - 14.0;
        let turned: Vec<(f64, f64)> = route.points.iter().map(|&(x, y)| (y, x)).collect();
        let label_at = route.label.map(|(x, y)| (y, x));
        let mut middle: Vec<(f64, f64)> = if turned.len() > 2 {
            turned[1..turned.len() - 1].to_vec()
        } else {
            Vec::new()
        };
        let mut label = None;
        if let (Some(at), Some((w, h))) = (label_at, flow_labels[k]) {
            let top = at.1 - f64::midpoint(h, 12.0);
            for point in &mut middle {
                if (point.0 - at.0).abs() < 0.5 && (point.1 - at.1).abs() < 0.5 {
                    point.1 = top + 4.0;
                }
            }
            label = Some(Bounds {
                x: at.0 - w / 2.0,
                y: top + 8.0,
                width: w,
                height: h,
            });
        }
        let Some(&target) = shape_of.get(flow.target.as_str()) else {
            continue;
        };
        let target_box = box_of(&flow.target).unwrap_or(target);
        let target_kind = &container.nodes[placed[index[flow.target.as_str()]]].kind;
        let points = if let Some(&boundary) = boundary_shape.get(flow.source.as_str()) {
            let host = container
                .nodes
                .iter()
                .find(|n| n.id == flow.source)
                .and_then(|n| match &n.kind {
                    NodeKind::Boundary { host, .. } => box_of(host),
                    _ => None,
                })
                .unwrap_or(boundary);
            let (bx, _) = boundary.centre();
            let mut anchors = vec![(bx, boundary.bottom()), (bx, host.bottom() + CLEARANCE)];
            anchors.extend(middle);
            anchors.extend(entry(
                target,
                target_box,
                target_kind,
                route.back,
                anchors.last(),
            ));
            columns.orthogonal(&anchors, offset)
        } else if route.points.len() == 4 && flow.source == flow.target {
            // A loop on one element, already drawn with right angles.
            turned
        } else {
            let Some(&source) = shape_of.get(flow.source.as_str()) else {
                continue;
            };
            let source_box = box_of(&flow.source).unwrap_or(source);
            let source_kind = &container.nodes[placed[index[flow.source.as_str()]]].kind;
            let mut anchors = exit(source, source_box, source_kind, route.back, turned.first());
            anchors.extend(middle);
            anchors.extend(entry(
                target,
                target_box,
                target_kind,
                route.back,
                anchors.last(),
            ));
            columns.orthogonal(&anchors, offset)
        };
        diagram.edges.push(Edge {
            flow: flow.id.clone(),
            points,
            label,
        });
    }

    let mut width = result.height;
    let mut height = result.width;
    for node in &container.nodes {
        if let NodeKind::SubProcess {
            body,
            triggered_by_event: true,
        } = &node.kind
        {
            let inner = arrange(body);
            let bounds = Bounds {
                x: 20.0,
                y: height + BELOW,
                width: inner.width + 2.0 * SUBPROCESS_PAD,
                height: inner.height + SUBPROCESS_PAD + SUBPROCESS_TOP,
            };
            diagram.shapes.push(Shape {
                element: node.id.clone(),
                bounds,
                label: None,
                expanded: true,
            });
            diagram.append(
                inner
                    .diagram
                    .moved(bounds.x + SUBPROCESS_PAD, bounds.y + SUBPROCESS_TOP),
            );
            width = width.max(bounds.right() + 20.0);
            height = bounds.bottom();
        }
    }
    Arranged {
        width,
        height,
        diagram,
    }
}

fn visual(kind: &NodeKind, name: Option<&str>, boundary: Option<(f64, f64)>) -> Visual {
    let label = name.map(label_size);
    let (shape, label, inner) = match kind {
        NodeKind::SubProcess { body, .. } => {
            let inner = arrange(body);
            (
                (
                    inner.width + 2.0 * SUBPROCESS_PAD,
                    inner.height + SUBPROCESS_PAD + SUBPROCESS_TOP,
                ),
                None,
                Some(inner),
            )
        }
        NodeKind::UserTask { .. } | NodeKind::Task | NodeKind::ReceiveTask { .. } => {
            (task_size(name.unwrap_or("")), None, None)
        }
        k if k.is_gateway() => ((GATEWAY, GATEWAY), label, None),
        _ => ((EVENT, EVENT), label, None),
    };
    let mut boxed = shape;
    if let Some((w, h)) = label {
        boxed.0 = boxed.0.max(w);
        boxed.1 += 4.0 + h;
    }
    // A boundary event sits on the bottom edge, 22 from the left, with
    // its label to the right below it.
    let boundary_label = boundary.map(|(w, h)| {
        let w = w.min((shape.0 - 28.0).max(40.0));
        (
            w,
            h.max(LABEL_LINE) + if w < LABEL_WIDTH { LABEL_LINE } else { 0.0 },
        )
    });
    if let Some((w, h)) = boundary_label {
        boxed.0 = boxed.0.max(28.0 + w);
        boxed.1 += EVENT / 2.0 + 2.0 + h;
    }
    Visual {
        shape,
        label,
        boundary_label,
        inner,
        boxed,
    }
}

/// Where a flow leaves its source: the right side for a flow going
/// forward (at the layout's port for tasks, which spreads several flows);
/// above the box for a flow leading back.
fn exit(
    shape: Bounds,
    boxed: Bounds,
    kind: &NodeKind,
    back: bool,
    port: Option<&(f64, f64)>,
) -> Vec<(f64, f64)> {
    let (cx, cy) = shape.centre();
    if back {
        return vec![(cx, shape.y), (cx, boxed.y - CLEARANCE)];
    }
    let y = match (kind.is_gateway() || kind.is_event(), port) {
        (false, Some(&(_, py))) => py.clamp(shape.y + 10.0, shape.bottom() - 10.0),
        _ => cy,
    };
    vec![(shape.right(), y)]
}

/// Where a flow enters its target: the left side going forward, the top
/// coming back.
fn entry(
    shape: Bounds,
    boxed: Bounds,
    kind: &NodeKind,
    back: bool,
    previous: Option<&(f64, f64)>,
) -> Vec<(f64, f64)> {
    let (cx, cy) = shape.centre();
    if back {
        return vec![(cx, boxed.y - CLEARANCE), (cx, shape.y)];
    }
    let y = match (kind.is_gateway() || kind.is_event(), previous) {
        (false, Some(&(_, py))) => py.clamp(shape.y + 10.0, shape.bottom() - 10.0),
        _ => cy,
    };
    vec![(shape.x, y)]
}

/// The columns of the layout, left to right, as x ranges: flows bend in
/// the gaps between them.
struct Columns {
    ranges: Vec<(f64, f64)>,
}

impl Columns {
    fn new(
        boxes: &[Bounds],
        result: &crate::graph::layout::Layout,
        labels: &[Option<(f64, f64)>],
        drawn: &[usize],
    ) -> Columns {
        let mut spans: Vec<(f64, f64)> = boxes
            .iter()
            .map(|b| (b.x + b.width / 2.0, b.width / 2.0))
            .collect();
        for (k, route) in result.edges.iter().enumerate().take(drawn.len()) {
            if let (Some((_, y)), Some((w, _))) = (route.label, labels[k]) {
                spans.push((y, w / 2.0 + 4.0));
            }
            for &(_, y) in route.points.iter().skip(1).rev().skip(1) {
                spans.push((y, 1.0));
            }
        }
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut ranges: Vec<(f64, f64)> = Vec::new();
        for (centre, half) in spans {
            match ranges.last_mut() {
                Some(last) if (f64::midpoint(last.0, last.1) - centre).abs() < 0.5 => {
                    let c = f64::midpoint(last.0, last.1);
                    let h = ((last.1 - last.0) / 2.0).max(half);
                    *last = (c - h, c + h);
                }
                _ => ranges.push((centre - half, centre + half)),
            }
        }
        Columns { ranges }
    }

    /// Where a flow from `from` towards `to` bends: in the middle of the
    /// gap next to the column `from` lies in.
    fn bend(&self, from: f64, to: f64, offset: f64) -> f64 {
        let at = self
            .ranges
            .iter()
            .position(|&(l, r)| from >= l - 0.5 && from <= r + 0.5)
            .or_else(|| {
                self.ranges
                    .iter()
                    .enumerate()
                    .min_by(|a, b| {
                        let da = (f64::midpoint(a.1.0, a.1.1) - from).abs();
                        let db = (f64::midpoint(b.1.0, b.1.1) - from).abs();
                        da.total_cmp(&db)
                    })
                    .map(|(i, _)| i)
            });
        let Some(at) = at else {
            return f64::midpoint(from, to);
        };
        let gap = if to > from {
            match self.ranges.get(at + 1) {
                Some(next) if next.0 <= to + 0.5 => Some((self.ranges[at].1, next.0)),
                _ => None,
            }
        } else if at > 0 && self.ranges[at - 1].1 >= to - 0.5 {
            Some((self.ranges[at - 1].1, self.ranges[at].0))
        } else {
            None
        };
        match gap {
            Some((left, right)) => {
                let room = ((right - left) / 2.0 - 6.0).max(0.0);
                f64::midpoint(left, right) + offset.clamp(-room, room)
            }
            None => f64::midpoint(from, to),
        }
    }

    /// A path through the anchors with right angles only. Flows of
    /// different sources bend at different places in a gap (`offset`), so
    /// that their vertical parts do not lie on each other; flows of one
    /// source share their bends, as a fork is drawn.
    fn orthogonal(&self, anchors: &[(f64, f64)], offset: f64) -> Vec<(f64, f64)> {
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(anchors.len() * 3);
        for &q in anchors {
            let Some(&p) = points.last() else {
                points.push(q);
                continue;
            };
            // Nearly level or upright: made exactly so, since rounding to
            // whole pixels could otherwise tilt the segment.
            if (p.1 - q.1).abs() < 0.5 {
                points.push((q.0, p.1));
            } else if (p.0 - q.0).abs() < 0.5 {
                points.push((p.0, q.1));
            } else {
                let x = self.bend(p.0, q.0, offset);
                points.push((x, p.1));
                points.push((x, q.1));
                points.push(q);
            }
        }
        simplify(&points)
    }
}

/// Drops points that repeat or lie on a straight line between their
/// neighbours, after rounding to whole pixels.
fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let rounded: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| (x.round(), y.round()))
        .collect();
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(rounded.len());
    for p in rounded {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            // Whole numbers after rounding: compared exactly.
            let same = |u: f64, v: f64| (u - v).abs() < 0.25;
            let straight = (same(a.0, b.0) && same(b.0, p.0)) || (same(a.1, b.1) && same(b.1, p.1));
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
