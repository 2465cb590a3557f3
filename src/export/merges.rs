//! Where connections meet before a step. Both exports draw the process as
//! elements joined by flows; when several flows enter the same step they
//! first meet in an exclusive merging gateway, except before a join, where
//! the flows of different parallel branches must stay apart so that the
//! join can count them. This module says which connections form one such
//! group, and which steps a process reaches.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::model::{Deadline, Service, Step, StepKind};

/// Whether the paths from a split to a join also go through deadlines
/// that move a case on (the BPMN export draws them; the Prosimos export
/// leaves them out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadlines {
    Followed,
    Ignored,
}

/// The group of each connection, given as `(target step, step the
/// connection leaves from)`, with the number of connections in its group.
/// Connections to the same step form one group; to a join, those of one
/// parallel branch.
pub(crate) fn merge_groups<'a>(
    connections: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    steps: &[&Step],
    deadlines: Deadlines,
) -> Vec<(String, usize)> {
    let keys: Vec<String> = connections
        .into_iter()
        .enumerate()
        .map(|(i, (to, from))| {
            let step = steps.iter().find(|s| s.id.value == to);
            match step.and_then(|s| s.kind()) {
                Some(StepKind::Join) => from
                    .and_then(|from| branch_of(steps, to, from, deadlines))
                    .map_or_else(|| format!("{to}#{i}"), |b| format!("{to}#{b}")),
                _ => to.to_owned(),
            }
        })
        .collect();
    let mut size: HashMap<&str, usize> = HashMap::new();
    for key in &keys {
        *size.entry(key.as_str()).or_default() += 1;
    }
    let sizes: Vec<usize> = keys.iter().map(|k| size[k.as_str()]).collect();
    keys.into_iter().zip(sizes).collect()
}

/// The branch of a split that step `from` lies on before it reaches the
/// join, `split/first step of the branch`, counted as the engine counts
/// the branches a join waits for.
fn branch_of(steps: &[&Step], join: &str, from: &str, deadlines: Deadlines) -> Option<String> {
    let find = |id: &str| steps.iter().find(|s| s.id.value == id).copied();
    for split in steps.iter().filter(|s| s.kind() == Some(StepKind::Split)) {
        for branch in split.next.iter().filter_map(|t| t.to.as_ref()) {
            let key = || format!("{}/{}", split.id.value, branch.value);
            if branch.value == join && split.id.value == from {
                return Some(key());
            }
            let mut seen: HashSet<&str> = HashSet::new();
            let mut queue: VecDeque<&str> = VecDeque::from([branch.value.as_str()]);
            while let Some(at) = queue.pop_front() {
                if !seen.insert(at) {
                    continue;
                }
                let Some(step) = find(at) else { continue };
                if matches!(step.kind(), Some(StepKind::Join | StepKind::End)) {
                    continue;
                }
                if at == from {
                    return Some(key());
                }
                queue.extend(
                    step.next
                        .iter()
                        .filter_map(|t| Some(t.to.as_ref()?.value.as_str())),
                );
                if deadlines == Deadlines::Followed
                    && let Some(to) = step.deadline.as_ref().and_then(|d| d.to.as_ref())
                {
                    queue.push_back(&to.value);
                }
            }
        }
    }
    None
}

/// The steps reached from `from`, in the model's order, following the
/// transitions and the deadline `deadline_of` gives for a step (the one
/// the export draws, if any).
pub(crate) fn reachable<'s>(
    service: &'s Service,
    from: &str,
    deadline_of: impl Fn(&'s Step) -> Option<&'s Deadline>,
) -> Vec<&'s Step> {
    let process = &service.process;
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        let Some(step) = process.step(at) else {
            continue;
        };
        if !seen.insert(&step.id.value) {
            continue;
        }
        queue.extend(
            step.next
                .iter()
                .filter_map(|t| Some(t.to.as_ref()?.value.as_str())),
        );
        if let Some(to) = deadline_of(step).and_then(|d| d.to.as_ref()) {
            queue.push_back(&to.value);
        }
    }
    process
        .steps
        .iter()
        .filter(|s| seen.contains(s.id.value.as_str()))
        .collect()
}
