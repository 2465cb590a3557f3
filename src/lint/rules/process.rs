//! Rules about the process graph: a start, every step reachable, an end
//! reachable from every step, transitions in a sensible order, guards that
//! leave no case stuck, and parallel branches that meet again.

use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::rules::guards;
use crate::lint::{Diagnostic, Severity};
use crate::model::{ExpiryAction, Repository, Service, Step, StepKind};

pub static START_STEP: Rule = Rule {
    code: "OZG301",
    name: "start-step",
    summary: "The process names no start step, or one that does not exist.",
    severity: Severity::Error,
    explanation: "`[process] start` names the step every new case begins in. Without it, or \
        with a name that matches no step, no case can begin.",
    wrong: "[process]\nstart = \"reciept\"\n\n[[step]]\nid = \"receipt\"\nkind = \"automatic\"",
    right: "[process]\nstart = \"receipt\"\n\n[[step]]\nid = \"receipt\"\nkind = \"automatic\"",
};

pub static UNREACHABLE_STEP: Rule = Rule {
    code: "OZG302",
    name: "unreachable-step",
    summary: "A step that no case can ever reach.",
    severity: Severity::Error,
    explanation: "Every step should be reachable from the start step through transitions or \
        expiring deadlines. A step that cannot be reached is either left over from an earlier \
        version or a transition to it is missing.",
    wrong: "[process]\nstart = \"review\"\n\n[[step]]\nid = \"review\"\nkind = \"task\"\n\
        role = \"clerk\"\nnext = [{ to = \"granted\" }]\n\n[[step]]\nid = \"refused\"\n\
        kind = \"end\"\noutcome = \"rejected\"",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        decisions = [\"approve\", \"reject\"]\nnext = [\n  { to = \"granted\", when = \
        'decision = \"approve\"' },\n  { to = \"refused\", when = 'decision = \"reject\"' },\n]",
};

pub static NO_WAY_TO_END: Rule = Rule {
    code: "OZG303",
    name: "no-way-to-end",
    summary: "A step from which no end step can be reached.",
    severity: Severity::Error,
    explanation: "A case must always be able to end. A step that has no transitions and is \
        not an end (a dead end), or that only leads into a cycle without an exit, would keep \
        the case open forever.",
    wrong: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        next = [{ to = \"recheck\" }]\n\n[[step]]\nid = \"recheck\"\nkind = \"task\"\n\
        role = \"clerk\"\nnext = [{ to = \"review\" }]",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        next = [{ to = \"recheck\" }]\n\n[[step]]\nid = \"recheck\"\nkind = \"task\"\n\
        role = \"clerk\"\ndecisions = [\"ok\", \"again\"]\nnext = [\n  { to = \"granted\", \
        when = 'decision = \"ok\"' },\n  { to = \"review\" },\n]",
};

pub static END_WITH_TRANSITIONS: Rule = Rule {
    code: "OZG304",
    name: "end-with-transitions",
    summary: "An end step that has transitions.",
    severity: Severity::Error,
    explanation: "An end step closes the case; transitions after it are never taken. Either \
        the step should not be an end, or the transitions belong to another step.",
    wrong: "[[step]]\nid = \"granted\"\nkind = \"end\"\noutcome = \"approved\"\n\
        next = [{ to = \"archive\" }]",
    right: "[[step]]\nid = \"granted\"\nkind = \"end\"\noutcome = \"approved\"",
};

pub static UNHANDLED_DECISION: Rule = Rule {
    code: "OZG305",
    name: "unhandled-decision",
    summary: "A task declares a decision that none of its transitions handles.",
    severity: Severity::Error,
    explanation: "Every decision a task's role may take must lead somewhere: a transition \
        whose guard tests for it, or a default transition. Otherwise a case decided that way \
        would be stuck.",
    wrong: "decisions = [\"approve\", \"reject\", \"request_documents\"]\nnext = [\n  \
        { to = \"granted\", when = 'decision = \"approve\"' },\n  { to = \"refused\", when = \
        'decision = \"reject\"' },\n]",
    right: "decisions = [\"approve\", \"reject\", \"request_documents\"]\nnext = [\n  \
        { to = \"granted\", when = 'decision = \"approve\"' },\n  { to = \"refused\", when = \
        'decision = \"reject\"' },\n  { to = \"await_documents\", when = \
        'decision = \"request_documents\"' },\n]",
};

pub static DEFAULT_NOT_LAST: Rule = Rule {
    code: "OZG306",
    name: "default-not-last",
    summary: "A transition without a guard is followed by further transitions.",
    severity: Severity::Error,
    explanation: "Transitions are tried in order and the first that holds is taken. A \
        transition without `when` always holds, so every transition after it is never taken. \
        The default transition belongs at the end.",
    wrong: "next = [\n  { to = \"review\" },\n  { to = \"fast_track\", when = \"urgent\" },\n]",
    right: "next = [\n  { to = \"fast_track\", when = \"urgent\" },\n  { to = \"review\" },\n]",
};

pub static GUARD_GAP: Rule = Rule {
    code: "OZG307",
    name: "guard-gap",
    summary: "For some inputs none of a step's guards holds, and there is no default.",
    severity: Severity::Error,
    explanation: "When no transition of a step applies, the case is stuck. Where the guards \
        compare one value with constants, ozg works out which values no guard covers. Add the \
        missing case or a default transition (one without `when`) at the end. Values that \
        were not given (`null`) are not considered here.",
    wrong: "next = [\n  { to = \"small\", when = \"vehicle_length < 4.70\" },\n  \
        { to = \"large\", when = \"vehicle_length > 4.70\" },\n]",
    right: "next = [\n  { to = \"small\", when = \"vehicle_length <= 4.70\" },\n  \
        { to = \"large\", when = \"vehicle_length > 4.70\" },\n]",
};

pub static GUARD_OVERLAP: Rule = Rule {
    code: "OZG308",
    name: "guard-overlap",
    summary: "Two guards of a step can hold for the same input; the first one wins.",
    severity: Severity::Warning,
    explanation: "Transitions are tried in order, so when two guards overlap the later \
        transition is never taken for the overlapping values. That may be intended, but it is \
        often a boundary written twice (`<= 4.70` and `>= 4.70`).",
    wrong: "next = [\n  { to = \"small\", when = \"vehicle_length <= 4.70\" },\n  \
        { to = \"large\", when = \"vehicle_length >= 4.70\" },\n]",
    right: "next = [\n  { to = \"small\", when = \"vehicle_length <= 4.70\" },\n  \
        { to = \"large\", when = \"vehicle_length > 4.70\" },\n]",
};

pub static UNMATCHED_SPLIT: Rule = Rule {
    code: "OZG309",
    name: "unmatched-split",
    summary: "Parallel branches that do not meet again in one join, or a join without a split.",
    severity: Severity::Error,
    explanation: "A `split` step starts branches that run at the same time; a `join` waits \
        until all of them have arrived. Every branch of a split must lead to the same join \
        before the case can end, and every join must close a split; otherwise the case \
        would end while work is still going on, or wait forever.",
    wrong: "[[step]]\nid = \"checks\"\nkind = \"split\"\n\
        next = [{ to = \"police\" }, { to = \"register\" }]\n\n[[step]]\nid = \"police\"\n\
        kind = \"task\"\nrole = \"clerk\"\nnext = [{ to = \"decide\" }]",
    right: "[[step]]\nid = \"police\"\nkind = \"task\"\nrole = \"clerk\"\n\
        next = [{ to = \"checks_done\" }]\n\n[[step]]\nid = \"checks_done\"\nkind = \"join\"\n\
        next = [{ to = \"decide\" }]",
};

pub static STEP_SHAPE: Rule = Rule {
    code: "OZG310",
    name: "step-shape",
    summary: "A step lacks what its kind needs, or has keys its kind does not use.",
    severity: Severity::Error,
    explanation: "Each kind of step uses its own keys: a task needs a `role` and may have \
        `decisions`; a wait needs `events`; an end needs an `outcome`; deadlines belong on \
        tasks and waits; split transitions carry no guards. A key on a step of another kind \
        has no effect and usually means the kind is wrong.",
    wrong: "[[step]]\nid = \"review\"\nkind = \"automatic\"\nrole = \"clerk\"\n\
        decisions = [\"approve\"]",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        decisions = [\"approve\"]",
};

pub fn check_service(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let process = &service.process;
    if process.steps.is_empty() && process.start.is_none() {
        return;
    }
    let file = service.file;
    let index: FxHashMap<&str, usize> = process
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.id.value.is_empty())
        .map(|(i, s)| (s.id.value.as_str(), i))
        .rev()
        .collect();
    // A misspelt target is read as the step it most likely means (which
    // `unknown-step` suggests), so that one typo does not also make that
    // step look unreachable.
    let resolve = |to: &str| {
        index.get(to).copied().or_else(|| {
            crate::suggest::closest(to, index.keys().copied()).and_then(|s| index.get(s).copied())
        })
    };
    let edges: Vec<Vec<usize>> = process
        .steps
        .iter()
        .map(|step| successors(service, step).filter_map(resolve).collect())
        .collect();

    let start = match &process.start {
        None => {
            let span = process.header.unwrap_or(service.meta.header);
            let (message, help) = msg::missing_start();
            out.push(Diagnostic::new(&START_STEP, file, span, message).with_optional_help(help));
            None
        }
        Some(start) => {
            if let Some(&i) = index.get(start.value.as_str()) {
                Some(i)
            } else {
                let ids = process.steps.iter().map(|s| s.id.value.as_str());
                let (message, help) =
                    msg::unknown_start(&start.value, crate::suggest::closest(&start.value, ids));
                out.push(
                    Diagnostic::new(&START_STEP, file, start.span, message)
                        .with_optional_help(help),
                );
                None
            }
        }
    };

    let reachable = start.map(|s| reach(&edges, s));
    if let Some(reachable) = &reachable {
        for (i, step) in process.steps.iter().enumerate() {
            if !reachable.contains(&i) && !step.id.value.is_empty() {
                let (message, help) = msg::unreachable_step(&step.id.value);
                out.push(
                    Diagnostic::new(&UNREACHABLE_STEP, file, step.id.span, message)
                        .with_optional_help(help),
                );
            }
        }
    }

    // Which steps can reach an end: search backwards from the ends.
    let mut reverse = vec![Vec::new(); edges.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let ends: Vec<usize> = process
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind() == Some(StepKind::End))
        .map(|(i, _)| i)
        .collect();
    let mut can_end = FxHashSet::default();
    for &end in &ends {
        can_end.extend(reach(&reverse, end));
    }
    for (i, step) in process.steps.iter().enumerate() {
        let relevant = reachable.as_ref().is_none_or(|r| r.contains(&i));
        if relevant && !can_end.contains(&i) && step.kind().is_some() && !step.id.value.is_empty() {
            let dead_end = edges[i].is_empty();
            let (message, help) = msg::no_way_to_end(&step.id.value, dead_end);
            out.push(
                Diagnostic::new(&NO_WAY_TO_END, file, step.id.span, message)
                    .with_optional_help(help),
            );
        }
    }

    for step in &process.steps {
        check_shape(service, step, out);
        check_default_last(service, step, out);
    }
    check_splits(service, &index, &edges, out);
    guards::check_steps(repository, service, out);
}

/// The ids of the steps a step may lead to: its transitions, and the
/// targets of its deadline when it expires.
fn successors<'a>(service: &'a Service, step: &'a Step) -> impl Iterator<Item = &'a str> + 'a {
    let by_transition = step
        .next
        .iter()
        .filter_map(|t| t.to.as_ref().map(|to| to.value.as_str()));
    let case_deadlines = if step.kind() == Some(StepKind::End) {
        None
    } else {
        Some(service.process.deadlines.iter())
    };
    let by_deadline = step
        .deadline
        .iter()
        .chain(case_deadlines.into_iter().flatten())
        .filter(|d| {
            d.on_expiry
                .as_ref()
                .is_some_and(|a| a.value != ExpiryAction::Escalate)
        })
        .filter_map(|d| d.to.as_ref().map(|to| to.value.as_str()));
    by_transition.chain(by_deadline)
}

/// All nodes reachable from `from`, including itself.
fn reach(edges: &[Vec<usize>], from: usize) -> FxHashSet<usize> {
    let mut seen = FxHashSet::from_iter([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        for &next in &edges[node] {
            if seen.insert(next) {
                queue.push_back(next);
            }
        }
    }
    seen
}

fn check_shape(service: &Service, step: &Step, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    let Some(kind) = step.kind() else { return };
    let mut report = |span, message_help: (String, Option<String>)| {
        out.push(
            Diagnostic::new(&STEP_SHAPE, file, span, message_help.0)
                .with_optional_help(message_help.1),
        );
    };
    let kind_name = kind.name();
    if kind == StepKind::Task && step.role.is_none() {
        report(
            step.header,
            msg::step_needs(&step.id.value, kind_name, "role"),
        );
    }
    if kind == StepKind::Wait && step.events.is_empty() {
        report(
            step.header,
            msg::step_needs(&step.id.value, kind_name, "events"),
        );
    }
    if kind == StepKind::End && step.outcome.is_none() {
        report(
            step.header,
            msg::step_needs(&step.id.value, kind_name, "outcome"),
        );
    }
    if kind != StepKind::Task {
        if let Some(role) = &step.role {
            report(role.span, msg::step_key_unused(kind_name, "role", "task"));
        }
        if let Some(span) = step.decisions_span {
            report(span, msg::step_key_unused(kind_name, "decisions", "task"));
        }
    }
    if kind != StepKind::Wait && !step.events.is_empty() {
        report(
            step.events[0].span,
            msg::step_key_unused(kind_name, "events", "wait"),
        );
    }
    if kind != StepKind::End
        && let Some(outcome) = &step.outcome
    {
        report(
            outcome.span,
            msg::step_key_unused(kind_name, "outcome", "end"),
        );
    }
    if !matches!(kind, StepKind::Task | StepKind::Wait)
        && let Some(deadline) = &step.deadline
    {
        report(
            deadline.span,
            msg::step_key_unused(kind_name, "deadline", "task or wait"),
        );
    }
    if matches!(kind, StepKind::Split | StepKind::Join) {
        for transition in &step.next {
            if let Some(when) = &transition.when {
                report(when.span, msg::guard_on_parallel(kind_name));
            }
        }
    }
    if kind == StepKind::Split && step.next.len() < 2 {
        report(
            step.next_span.unwrap_or(step.header),
            msg::split_needs_branches(&step.id.value),
        );
    }
    if kind == StepKind::Join && step.next.len() > 1 {
        report(
            step.next_span.unwrap_or(step.header),
            msg::join_single_exit(&step.id.value),
        );
    }
    if kind == StepKind::End && !step.next.is_empty() {
        let span = step.next_span.unwrap_or(step.header);
        let (message, help) = msg::end_with_transitions(&step.id.value);
        out.push(
            Diagnostic::new(&END_WITH_TRANSITIONS, file, span, message).with_optional_help(help),
        );
    }
    if !matches!(kind, StepKind::End) && step.next.is_empty() {
        // A step without transitions is a dead end; `no-way-to-end` reports it.
    }
}

fn check_default_last(service: &Service, step: &Step, out: &mut Vec<Diagnostic>) {
    if matches!(step.kind(), Some(StepKind::Split | StepKind::Join)) {
        return;
    }
    let Some(default) = step.next.iter().position(|t| t.when.is_none()) else {
        return;
    };
    if default + 1 < step.next.len() {
        let transition = &step.next[default];
        let (message, help) = msg::default_not_last(&step.id.value, step.next.len() - default - 1);
        out.push(
            Diagnostic::new(&DEFAULT_NOT_LAST, service.file, transition.span, message)
                .with_optional_help(help),
        );
    }
}

/// Every branch of a split must arrive at one and the same join, and every
/// join must be reached from a split.
fn check_splits(
    service: &Service,
    index: &FxHashMap<&str, usize>,
    edges: &[Vec<usize>],
    out: &mut Vec<Diagnostic>,
) {
    let steps = &service.process.steps;
    let file = service.file;
    let mut joins_closed = FxHashSet::default();
    for (i, step) in steps.iter().enumerate() {
        if step.kind() != Some(StepKind::Split) || step.next.len() < 2 {
            continue;
        }
        let mut joins_per_branch = Vec::new();
        let mut leaks = false;
        for transition in &step.next {
            let Some(&target) = transition
                .to
                .as_ref()
                .and_then(|t| index.get(t.value.as_str()))
            else {
                continue;
            };
            let (joins, leak) = joins_reached(steps, edges, target, i);
            leaks |= leak;
            joins_per_branch.push(joins);
        }
        let common: Option<FxHashSet<usize>> = joins_per_branch
            .iter()
            .cloned()
            .reduce(|a, b| a.intersection(&b).copied().collect());
        let common = common.unwrap_or_default();
        if leaks || common.is_empty() {
            let (message, help) = msg::split_without_join(&step.id.value, leaks);
            out.push(
                Diagnostic::new(&UNMATCHED_SPLIT, file, step.id.span, message)
                    .with_optional_help(help),
            );
        }
        joins_closed.extend(joins_per_branch.into_iter().flatten());
    }
    for (i, step) in steps.iter().enumerate() {
        if step.kind() == Some(StepKind::Join)
            && !joins_closed.contains(&i)
            && !step.id.value.is_empty()
        {
            let (message, help) = msg::join_without_split(&step.id.value);
            out.push(
                Diagnostic::new(&UNMATCHED_SPLIT, file, step.id.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

/// The joins a branch starting at `from` arrives at, and whether some path
/// of the branch reaches an end (or its own split again) without a join.
fn joins_reached(
    steps: &[Step],
    edges: &[Vec<usize>],
    from: usize,
    split: usize,
) -> (FxHashSet<usize>, bool) {
    let mut joins = FxHashSet::default();
    let mut leak = false;
    let mut seen = FxHashSet::from_iter([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        match steps[node].kind() {
            Some(StepKind::Join) => {
                joins.insert(node);
                continue;
            }
            Some(StepKind::End) => {
                leak = true;
                continue;
            }
            _ if node == split => {
                leak = true;
                continue;
            }
            _ => {}
        }
        for &next in &edges[node] {
            if seen.insert(next) {
                queue.push_back(next);
            }
        }
    }
    (joins, leak)
}
