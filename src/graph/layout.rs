//! Layered drawing of a directed graph (after Sugiyama, Tagawa and Toda):
//! cycles are broken by turning back edges around, nodes are put in
//! layers by longest path, long edges are split by dummy nodes, the order
//! within each layer is improved by the barycentre heuristic to reduce
//! crossings, and x coordinates are balanced towards the neighbours of
//! each node without letting nodes overlap.
//!
//! Each edge gets a dummy node in the layer just below its source, sized
//! like its label, so that labels take room in the layout rather than
//! covering nodes: real nodes lie on even ranks, labels on odd ones.
//!
//! The result is deterministic: the same graph always gets the same
//! picture, so that a committed diagram changes only when the process
//! does.

// Counts of steps and characters are small; they convert to f64 exactly.
#![allow(clippy::cast_precision_loss)]

/// Horizontal room between neighbours in a layer.
const NODE_GAP: f64 = 28.0;
/// Vertical room between a rank of nodes and a rank of labels.
const RANK_GAP: f64 = 18.0;
const MARGIN: f64 = 20.0;
/// Sweeps of the barycentre heuristic.
const ORDER_SWEEPS: usize = 24;
/// Passes of the coordinate balancing.
const BALANCE_PASSES: usize = 12;

/// An edge to lay out: from, to, and the size of its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeInput {
    pub from: usize,
    pub to: usize,
    pub label: Option<(f64, f64)>,
}

/// Where a node was put: the centre and the size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The way an edge is drawn: points from its source to its target, and
/// the centre of its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub points: Vec<(f64, f64)>,
    pub label: Option<(f64, f64)>,
    /// The edge goes back up (it closes a loop in the process).
    pub back: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<Placed>,
    pub edges: Vec<Route>,
}

/// A vertex of the layered graph: a node, or a dummy on a long edge.
#[derive(Debug, Clone)]
struct Vertex {
    rank: usize,
    width: f64,
    height: f64,
    x: f64,
}

/// Lays out nodes of the given sizes; `first` is the node to start from
/// when breaking cycles (the process's start), so that the main flow goes
/// down and loops go back up.
// The stages of the method follow each other here, so that it reads
// in the order it is described.
#[allow(clippy::too_many_lines)]
pub fn layout(sizes: &[(f64, f64)], edges: &[EdgeInput], first: Option<usize>) -> Layout {
    let n = sizes.len();
    let reversed = back_edges(n, edges, first);

    // Longest-path layering of the acyclic graph, in node ranks.
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .filter(|(e, _)| e.from != e.to)
        .map(|(e, &r)| if r { (e.to, e.from) } else { (e.from, e.to) })
        .collect();
    let layer = longest_path(n, &dag);

    let mut vertices: Vec<Vertex> = sizes
        .iter()
        .zip(&layer)
        .map(|(&(width, height), &l)| Vertex {
            rank: 2 * l,
            width,
            height,
            x: 0.0,
        })
        .collect();
    // Each edge becomes a chain of vertices, top to bottom.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    let mut label_vertex: Vec<Option<usize>> = Vec::with_capacity(edges.len());
    for (edge, &back) in edges.iter().zip(&reversed) {
        if edge.from == edge.to {
            chains.push(vec![edge.from]);
            label_vertex.push(None);
            continue;
        }
        let (top, bottom) = if back {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        let mut chain = vec![top];
        let mut label = None;
        for rank in vertices[top].rank + 1..vertices[bottom].rank {
            let (width, height) = if rank == vertices[top].rank + 1 {
                edge.label.unwrap_or((2.0, 2.0))
            } else {
                (2.0, 2.0)
            };
            vertices.push(Vertex {
                rank,
                width,
                height,
                x: 0.0,
            });
            if rank == vertices[top].rank + 1 && edge.label.is_some() {
                label = Some(vertices.len() - 1);
            }
            chain.push(vertices.len() - 1);
        }
        chain.push(bottom);
        chains.push(chain);
        label_vertex.push(label);
    }

    let ranks = vertices.iter().map(|v| v.rank).max().map_or(0, |r| r + 1);
    let mut links: Vec<(usize, usize)> = Vec::new();
    for chain in &chains {
        for pair in chain.windows(2) {
            links.push((pair[0], pair[1]));
        }
    }
    let order = order_layers(&vertices, &links, ranks);
    assign_x(&mut vertices, &links, &order);

    // Y: each rank as high as its highest vertex.
    let mut rank_height = vec![0.0f64; ranks];
    for v in &vertices {
        rank_height[v.rank] = rank_height[v.rank].max(v.height);
    }
    let mut rank_y = vec![0.0f64; ranks];
    let mut y = MARGIN;
    for r in 0..ranks {
        rank_y[r] = y + rank_height[r] / 2.0;
        y += rank_height[r] + RANK_GAP;
    }
    let min_x = vertices
        .iter()
        .map(|v| v.x - v.width / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() {
        MARGIN - min_x
    } else {
        0.0
    };
    for v in &mut vertices {
        v.x += shift;
    }
    let self_loop_room = if edges.iter().any(|e| e.from == e.to) {
        40.0
    } else {
        0.0
    };
    let width = vertices
        .iter()
        .map(|v| v.x + v.width / 2.0)
        .fold(0.0, f64::max)
        + MARGIN
        + self_loop_room;
    let height = (y - RANK_GAP + MARGIN).max(2.0 * MARGIN);

    let nodes = (0..n)
        .map(|i| Placed {
            x: vertices[i].x,
            y: rank_y[vertices[i].rank],
            width: vertices[i].width,
            height: vertices[i].height,
        })
        .collect::<Vec<_>>();
    let ports = ports(&chains, &vertices);
    let routes = chains
        .iter()
        .zip(&reversed)
        .zip(&label_vertex)
        .zip(&ports)
        .map(|(((chain, &back), label), &port)| {
            route(chain, back, &vertices, &rank_y, *label, port)
        })
        .collect();
    Layout {
        width,
        height,
        nodes,
        edges: routes,
    }
}

/// The edges that close a cycle, found by depth-first search from
/// `first`, then from every node not yet reached, in order.
fn back_edges(n: usize, edges: &[EdgeInput], first: Option<usize>) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if e.from < n && e.to < n {
            out_edges[e.from].push(i);
        }
    }
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    let starts = first.into_iter().chain(0..n);
    for start in starts {
        if start >= n || state[start] != 0 {
            continue;
        }
        // Iterative DFS: (node, next outgoing edge to look at).
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&edge) = out_edges[node].get(*next) {
                *next += 1;
                let to = edges[edge].to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 if to != node => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// The layer of each node: the length of the longest path to it from a
/// node without predecessors.
fn longest_path(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        indegree[b] += 1;
        succ[a].push(b);
    }
    let mut layer = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    layer
}

/// The order of vertices within each rank, improved by barycentre sweeps;
/// the order with the fewest crossings seen is kept.
fn order_layers(vertices: &[Vertex], links: &[(usize, usize)], ranks: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    // Initial order: depth-first from the top, so that a chain stays in
    // one column.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    for &(a, b) in links {
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut seen = vec![false; vertices.len()];
    let mut roots: Vec<usize> = (0..vertices.len()).collect();
    roots.sort_by_key(|&v| vertices[v].rank);
    for root in roots {
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            order[vertices[v].rank].push(v);
            for &w in succ[v].iter().rev() {
                if !seen[w] {
                    stack.push(w);
                }
            }
        }
    }

    let mut best = order.clone();
    let mut best_crossings = crossings(&order, &succ);
    for sweep in 0..ORDER_SWEEPS {
        let down = sweep % 2 == 0;
        let ranks_in_turn: Vec<usize> = if down {
            (1..ranks).collect()
        } else {
            (0..ranks.saturating_sub(1)).rev().collect()
        };
        for r in ranks_in_turn {
            let neighbour_rank = if down { r - 1 } else { r + 1 };
            let position = |v: usize| order[neighbour_rank].iter().position(|&w| w == v);
            let keys: Vec<(usize, f64)> = order[r]
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let neighbours = if down { &pred[v] } else { &succ[v] };
                    let positions: Vec<f64> = neighbours
                        .iter()
                        .filter_map(|&w| position(w))
                        .map(|p| p as f64)
                        .collect();
                    let key = if positions.is_empty() {
                        i as f64
                    } else {
                        positions.iter().sum::<f64>() / positions.len() as f64
                    };
                    (v, key)
                })
                .collect();
            let mut sorted = keys;
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
            order[r] = sorted.into_iter().map(|(v, _)| v).collect();
        }
        let c = crossings(&order, &succ);
        if c < best_crossings {
            best_crossings = c;
            best.clone_from(&order);
        }
    }
    best
}

/// The number of edge crossings between neighbouring ranks.
fn crossings(order: &[Vec<usize>], succ: &[Vec<usize>]) -> usize {
    let mut total = 0;
    for r in 0..order.len().saturating_sub(1) {
        let below = &order[r + 1];
        let mut segments: Vec<(usize, usize)> = Vec::new();
        for (i, &v) in order[r].iter().enumerate() {
            for &w in &succ[v] {
                if let Some(j) = below.iter().position(|&x| x == w) {
                    segments.push((i, j));
                }
            }
        }
        for a in 0..segments.len() {
            for b in a + 1..segments.len() {
                let (s, t) = (segments[a], segments[b]);
                if (s.0 < t.0 && s.1 > t.1) || (s.0 > t.0 && s.1 < t.1) {
                    total += 1;
                }
            }
        }
    }
    total
}

/// X coordinates: packed left to right, then moved towards the mean of
/// their neighbours above and below, keeping the order and the gaps.
fn assign_x(vertices: &mut [Vertex], links: &[(usize, usize)], order: &[Vec<usize>]) {
    for rank in order {
        let mut x = 0.0;
        for (i, &v) in rank.iter().enumerate() {
            if i > 0 {
                let prev = rank[i - 1];
                x += f64::midpoint(vertices[prev].width, vertices[v].width) + NODE_GAP;
            }
            vertices[v].x = x;
        }
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    for &(a, b) in links {
        neighbours[a].push(b);
        neighbours[b].push(a);
        below[a].push(b);
        above[b].push(a);
    }
    for pass in 0..BALANCE_PASSES {
        let ranks: Vec<usize> = if pass % 2 == 0 {
            (0..order.len()).collect()
        } else {
            (0..order.len()).rev().collect()
        };
        for r in ranks {
            let rank = &order[r];
            let wanted: Vec<f64> = rank
                .iter()
                .map(|&v| {
                    let from = match pass % 3 {
                        0 => &above[v],
                        1 => &below[v],
                        _ => &neighbours[v],
                    };
                    let from = if from.is_empty() {
                        &neighbours[v]
                    } else {
                        from
                    };
                    if from.is_empty() {
                        vertices[v].x
                    } else {
                        from.iter().map(|&w| vertices[w].x).sum::<f64>() / from.len() as f64
                    }
                })
                .collect();
            let gap = |i: usize| {
                f64::midpoint(vertices[rank[i - 1]].width, vertices[rank[i]].width) + NODE_GAP
            };
            // Two feasible placements, pushing right and pushing left;
            // their mean keeps every gap too.
            let mut right = wanted.clone();
            for i in 1..rank.len() {
                right[i] = right[i].max(right[i - 1] + gap(i));
            }
            let mut left = wanted.clone();
            for i in (1..rank.len()).rev() {
                left[i - 1] = left[i - 1].min(left[i] - gap(i));
            }
            for (i, &v) in rank.iter().enumerate() {
                vertices[v].x = f64::midpoint(right[i], left[i]);
            }
        }
    }
}

/// Where each edge leaves its upper node and enters its lower one: the
/// edges of a node are spread along its bottom and top side, in the order
/// of where they go, so that they do not all meet in one point.
fn ports(chains: &[Vec<usize>], vertices: &[Vertex]) -> Vec<(f64, f64)> {
    let mut ports: Vec<(f64, f64)> = chains
        .iter()
        .map(|c| (vertices[c[0]].x, vertices[c[c.len() - 1]].x))
        .collect();
    for v in 0..vertices.len() {
        for side_top in [true, false] {
            // (chain, x of the next vertex along the edge)
            let mut here: Vec<(usize, f64)> = chains
                .iter()
                .enumerate()
                .filter(|(_, c)| c.len() > 1)
                .filter_map(|(i, c)| {
                    if side_top && c[0] == v {
                        Some((i, vertices[c[1]].x))
                    } else if !side_top && c[c.len() - 1] == v {
                        Some((i, vertices[c[c.len() - 2]].x))
                    } else {
                        None
                    }
                })
                .collect();
            if here.len() < 2 {
                continue;
            }
            here.sort_by(|a, b| a.1.total_cmp(&b.1));
            let span = vertices[v].width * 0.6;
            let k = here.len() as f64;
            for (n, (chain, _)) in here.iter().enumerate() {
                let x = vertices[v].x - span / 2.0 + span * (n as f64 + 0.5) / k;
                if side_top {
                    ports[*chain].0 = x;
                } else {
                    ports[*chain].1 = x;
                }
            }
        }
    }
    ports
}

fn route(
    chain: &[usize],
    back: bool,
    vertices: &[Vertex],
    rank_y: &[f64],
    label: Option<usize>,
    port: (f64, f64),
) -> Route {
    let at = |v: usize| (vertices[v].x, rank_y[vertices[v].rank]);
    if chain.len() == 1 {
        // A step that leads to itself: a loop on its right side.
        let v = chain[0];
        let (x, y) = at(v);
        let right = x + vertices[v].width / 2.0;
        let h = vertices[v].height / 4.0;
        return Route {
            points: vec![
                (right, y - h),
                (right + 30.0, y - h),
                (right + 30.0, y + h),
                (right, y + h),
            ],
            label: Some((right + 34.0, y)),
            back: false,
        };
    }
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(chain.len());
    let top = chain[0];
    let bottom = chain[chain.len() - 1];
    let (_, ty) = at(top);
    points.push((port.0, ty + vertices[top].height / 2.0));
    for &v in &chain[1..chain.len() - 1] {
        points.push(at(v));
    }
    let (_, by) = at(bottom);
    points.push((port.1, by - vertices[bottom].height / 2.0));
    if back {
        points.reverse();
    }
    Route {
        points,
        label: label.map(at),
        back,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize) -> EdgeInput {
        EdgeInput {
            from,
            to,
            label: None,
        }
    }

    #[test]
    fn a_chain_goes_down_in_one_column() {
        let l = layout(&[(80.0, 40.0); 3], &[edge(0, 1), edge(1, 2)], Some(0));
        assert!(l.nodes[0].y < l.nodes[1].y && l.nodes[1].y < l.nodes[2].y);
        assert!((l.nodes[0].x - l.nodes[2].x).abs() < 1e-6);
    }

    #[test]
    fn a_loop_back_is_drawn_upwards_without_moving_the_flow() {
        let l = layout(
            &[(80.0, 40.0); 3],
            &[edge(0, 1), edge(1, 2), edge(2, 1)],
            Some(0),
        );
        assert!(l.nodes[1].y < l.nodes[2].y);
        assert!(l.edges[2].back);
        let points = &l.edges[2].points;
        assert!(points[0].1 > points[points.len() - 1].1);
    }

    #[test]
    fn nodes_in_one_layer_do_not_overlap() {
        let l = layout(
            &[(80.0, 40.0); 4],
            &[edge(0, 1), edge(0, 2), edge(0, 3)],
            Some(0),
        );
        let mut xs: Vec<(f64, f64)> = (1..4).map(|i| (l.nodes[i].x, l.nodes[i].width)).collect();
        xs.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in xs.windows(2) {
            assert!(pair[1].0 - pair[0].0 >= f64::midpoint(pair[0].1, pair[1].1));
        }
    }

    #[test]
    fn barycentre_ordering_removes_an_avoidable_crossing() {
        let vertex = |rank| Vertex {
            rank,
            width: 10.0,
            height: 10.0,
            x: 0.0,
        };
        // Top: 0, 1; bottom: 2, 3, with 0 → 3 and 1 → 2, and 2 listed
        // first below, so that the first order crosses.
        let vertices = vec![vertex(0), vertex(0), vertex(1), vertex(1)];
        let links = [(0, 3), (1, 2)];
        let mut succ = vec![Vec::new(); 4];
        for &(a, b) in &links {
            succ[a].push(b);
        }
        assert_eq!(crossings(&[vec![0, 1], vec![2, 3]], &succ), 1);
        let order = order_layers(&vertices, &links, 2);
        assert_eq!(crossings(&order, &succ), 0);
    }
}
