//! Rules about what depends on what: conditions of fields that depend on
//! each other in a circle, and computed values or decision tables that
//! nothing uses.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::feel::names::{free_names, free_names_in_tests};
use crate::lint::Diagnostic;
use crate::lint::messages as msg;
use crate::lint::rules::domain::{CONDITION_CYCLE, UNUSED_COMPUTED};
use crate::model::{Expression, Requirement, Service};
use crate::source::Span;

/// The names an expression (or a cell of unary tests) refers to.
fn names_in(expression: &Expression) -> Vec<(&str, Span)> {
    if let Some(expr) = expression.expr() {
        free_names(expr)
    } else if let Some(tests) = expression.tests() {
        free_names_in_tests(tests)
    } else {
        Vec::new()
    }
}

/// A node of the dependency graph: a field's conditions, a computed value
/// or a decision table, with the expressions that define it.
struct Node<'a> {
    id: &'a str,
    what: &'static str,
    expressions: Vec<&'a Expression>,
}

fn nodes(service: &Service) -> Vec<Node<'_>> {
    let mut nodes = Vec::new();
    for (field, _) in service.fields() {
        let mut expressions: Vec<&Expression> = field.visible.iter().collect();
        if let Some(Requirement::When(condition)) = &field.required {
            expressions.push(condition);
        }
        nodes.push(Node {
            id: &field.id.value,
            what: "field",
            expressions,
        });
    }
    for computed in &service.computed {
        nodes.push(Node {
            id: &computed.id.value,
            what: "computed value",
            expressions: computed.expr.iter().collect(),
        });
    }
    for decision in &service.decisions {
        let mut expressions: Vec<&Expression> = decision.inputs.iter().collect();
        for rule in &decision.rules {
            expressions.extend(rule.when.iter());
            expressions.extend(rule.then.iter());
        }
        expressions.extend(decision.default.iter());
        nodes.push(Node {
            id: &decision.id.value,
            what: "decision table",
            expressions,
        });
    }
    nodes
}

pub fn check_service(service: &Service, out: &mut Vec<Diagnostic>) {
    check_cycles(service, out);
    check_unused(service, out);
}

/// Reports each circle of dependencies once, at the member written first.
fn check_cycles(service: &Service, out: &mut Vec<Diagnostic>) {
    let nodes = nodes(service);
    let index: FxHashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.id, i))
        .collect();
    let edges: Vec<Vec<(usize, Span, &Expression)>> = nodes
        .iter()
        .map(|node| {
            node.expressions
                .iter()
                .flat_map(|e| {
                    names_in(e)
                        .into_iter()
                        .map(move |(name, span)| (name, span, *e))
                })
                .filter_map(|(name, span, e)| index.get(name).map(|&to| (to, span, e)))
                .collect()
        })
        .collect();

    for component in strongly_connected(&edges) {
        let first = *component.iter().min().expect("components are not empty");
        let self_loop = edges[first].iter().any(|(to, _, _)| *to == first);
        if component.len() == 1 && !self_loop {
            continue;
        }
        let members: FxHashSet<usize> = component.iter().copied().collect();
        let path = cycle_path(&edges, first, &members);
        let names: Vec<&str> = path.iter().map(|&i| nodes[i].id).collect();
        let next = path.get(1).copied().unwrap_or(first);
        let (_, span, expression) = edges[first]
            .iter()
            .find(|(to, _, _)| *to == next)
            .expect("a member of a circle refers to the next member");
        let (message, help) = msg::condition_cycle(nodes[first].what, &names);
        out.push(
            Diagnostic::new(
                &CONDITION_CYCLE,
                service.file,
                expression.file_span(*span),
                message,
            )
            .with_optional_help(help),
        );
    }
}

/// A path from `start` through members of its component back to `start`.
fn cycle_path(
    edges: &[Vec<(usize, Span, &Expression)>],
    start: usize,
    members: &FxHashSet<usize>,
) -> Vec<usize> {
    // Breadth-first search for the shortest way back to the start.
    let mut previous: FxHashMap<usize, usize> = FxHashMap::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(to, _, _) in &edges[node] {
            if !members.contains(&to) {
                continue;
            }
            if to == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    at = previous[&at];
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = previous.entry(to) {
                e.insert(node);
                queue.push_back(to);
            }
        }
    }
    vec![start, start]
}

/// Tarjan's algorithm, iteratively, so that long chains cannot exhaust
/// the stack.
fn strongly_connected<T>(edges: &[Vec<(usize, Span, T)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&(next, _, _)) = edges[node].get(edge) {
                work.push((node, edge + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    components
}

fn check_unused(service: &Service, out: &mut Vec<Diagnostic>) {
    let used: FxHashSet<&str> = service
        .expressions()
        .into_iter()
        .flat_map(|e| names_in(e).into_iter().map(|(name, _)| name))
        .collect();
    let defined = service
        .computed
        .iter()
        .map(|c| (&c.id, "computed value"))
        .chain(service.decisions.iter().map(|d| (&d.id, "decision table")));
    for (id, what) in defined {
        if !id.value.is_empty() && !used.contains(id.value.as_str()) {
            let (message, help) = msg::unused_computed(what, &id.value);
            out.push(
                Diagnostic::new(&UNUSED_COMPUTED, service.file, id.span, message)
                    .with_optional_help(help),
            );
        }
    }
}
