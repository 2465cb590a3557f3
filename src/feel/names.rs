//! The names an expression refers to.
//!
//! Used to find out what depends on what: which fields a condition looks
//! at, whether a computed value is used anywhere, whether conditions depend
//! on each other in a circle. Names bound inside the expression (the
//! variables of `for`, `some` and `every`, function parameters, `item` in
//! filters, `?` in unary tests) are not free and are left out.

use crate::feel::ast::{
    Arguments, Expr, ExprKind, INPUT_NAME, IterationDomain, Iterator, Range, UnaryTest,
    UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use crate::source::Span;

/// Every free name of `expr`, in order of appearance, with its span.
pub fn free_names(expr: &Expr) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut bound = Vec::new();
    walk(expr, &mut bound, &mut out);
    out
}

/// Every free name of unary tests.
pub fn free_names_in_tests(tests: &UnaryTests) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut bound = vec![INPUT_NAME];
    walk_tests(tests, &mut bound, &mut out);
    out
}

fn walk<'a>(expr: &'a Expr, bound: &mut Vec<&'a str>, out: &mut Vec<(&'a str, Span)>) {
    match &expr.kind {
        ExprKind::Null
        | ExprKind::Boolean(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Temporal(_) => {}
        ExprKind::Name(name) => {
            if !bound.contains(&name.as_ref()) {
                out.push((name, expr.span));
            }
        }
        ExprKind::List(items) => items.iter().for_each(|e| walk(e, bound, out)),
        ExprKind::Context(entries) => {
            let depth = bound.len();
            for entry in entries {
                walk(&entry.value, bound, out);
                // Later entries may refer to earlier ones by their key.
                bound.push(&entry.key);
            }
            bound.truncate(depth);
        }
        ExprKind::Range(range) => walk_range(range, bound, out),
        ExprKind::Negate(inner) => walk(inner, bound, out),
        ExprKind::Binary(_, left, right) => {
            walk(left, bound, out);
            walk(right, bound, out);
        }
        ExprKind::Between { value, low, high } => {
            walk(value, bound, out);
            walk(low, bound, out);
            walk(high, bound, out);
        }
        ExprKind::In { value, tests } => {
            walk(value, bound, out);
            walk_tests(tests, bound, out);
        }
        ExprKind::InstanceOf { value, .. } => walk(value, bound, out),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            walk(condition, bound, out);
            walk(then, bound, out);
            walk(otherwise, bound, out);
        }
        ExprKind::For { iterators, body } => {
            let depth = bound.len();
            walk_iterators(iterators, bound, out);
            bound.push("partial");
            walk(body, bound, out);
            bound.truncate(depth);
        }
        ExprKind::Quantified {
            iterators,
            condition,
            ..
        } => {
            let depth = bound.len();
            walk_iterators(iterators, bound, out);
            walk(condition, bound, out);
            bound.truncate(depth);
        }
        ExprKind::Filter { list, condition } => {
            walk(list, bound, out);
            let depth = bound.len();
            bound.push("item");
            walk(condition, bound, out);
            bound.truncate(depth);
        }
        ExprKind::Path { base, .. } => walk(base, bound, out),
        ExprKind::Call {
            function,
            arguments,
        } => {
            // A called name is a function, not a value of the model.
            if !matches!(function.kind, ExprKind::Name(_)) {
                walk(function, bound, out);
            }
            match arguments {
                Arguments::Positional(args) => args.iter().for_each(|a| walk(a, bound, out)),
                Arguments::Named(args) => args.iter().for_each(|a| walk(&a.value, bound, out)),
            }
        }
        ExprKind::Function { parameters, body } => {
            let depth = bound.len();
            bound.extend(parameters.iter().map(|p| p.name.as_ref()));
            walk(body, bound, out);
            bound.truncate(depth);
        }
    }
}

fn walk_iterators<'a>(
    iterators: &'a [Iterator],
    bound: &mut Vec<&'a str>,
    out: &mut Vec<(&'a str, Span)>,
) {
    for iterator in iterators {
        match &iterator.domain {
            IterationDomain::List(list) => walk(list, bound, out),
            IterationDomain::Interval(from, to) => {
                walk(from, bound, out);
                walk(to, bound, out);
            }
        }
        bound.push(&iterator.name);
    }
}

fn walk_range<'a>(range: &'a Range, bound: &mut Vec<&'a str>, out: &mut Vec<(&'a str, Span)>) {
    if let Some(start) = &range.start {
        walk(start, bound, out);
    }
    if let Some(end) = &range.end {
        walk(end, bound, out);
    }
}

fn walk_tests<'a>(tests: &'a UnaryTests, bound: &mut Vec<&'a str>, out: &mut Vec<(&'a str, Span)>) {
    let list: &[UnaryTest] = match &tests.kind {
        UnaryTestsKind::Any => &[],
        UnaryTestsKind::Positive(list) | UnaryTestsKind::Negated(list) => list,
    };
    let depth = bound.len();
    bound.push(INPUT_NAME);
    for test in list {
        match &test.kind {
            UnaryTestKind::Compare(_, expr) | UnaryTestKind::Expr(expr) => walk(expr, bound, out),
            UnaryTestKind::Range(range) => walk_range(range, bound, out),
        }
    }
    bound.truncate(depth);
}
