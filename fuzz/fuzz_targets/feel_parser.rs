//! Feeds arbitrary text to the FEEL parser (as an expression and as unary
//! tests) and the checker, and asserts what must hold for any input: no
//! panic, no stack overflow, and every span inside the text on character
//! boundaries, so that a finding can always be shown at its place.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ozg::feel::ast::{
    Arguments, Expr, ExprKind, IterationDomain, Range, UnaryTest, UnaryTestKind, UnaryTests,
    UnaryTestsKind,
};
use ozg::feel::check::{EmptyScope, check, check_unary_tests};
use ozg::feel::parser::{ParseError, parse_expression_with, parse_unary_tests_with};
use ozg::feel::types::Type;
use ozg::source::Span;

/// Names with spaces and name symbols, so that the matching of known names
/// is exercised too.
const NAMES: [&str; 4] = ["Full Name", "e-mail", "Mother's name", "a.b c"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_expression_with(text, &NAMES) {
        Ok(expr) => {
            expr_spans(text, &expr);
            for problem in check(&expr, &EmptyScope).problems {
                span(text, problem.span);
                assert!(!problem.message().is_empty());
            }
        }
        Err(error) => error_span(text, &error),
    }
    match parse_unary_tests_with(text, &NAMES) {
        Ok(tests) => {
            tests_spans(text, &tests);
            for problem in check_unary_tests(&tests, &Type::Number, &EmptyScope) {
                span(text, problem.span);
            }
        }
        Err(error) => error_span(text, &error),
    }
});

fn span(text: &str, span: Span) {
    let range = span.range();
    assert!(range.start <= range.end && range.end <= text.len(), "{span:?} outside {text:?}");
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
}

fn error_span(text: &str, error: &ParseError) {
    span(text, error.span);
    assert!(!error.message.is_empty());
}

fn tests_spans(text: &str, tests: &UnaryTests) {
    span(text, tests.span);
    if let UnaryTestsKind::Positive(list) | UnaryTestsKind::Negated(list) = &tests.kind {
        list.iter().for_each(|test| test_spans(text, test));
    }
}

fn test_spans(text: &str, test: &UnaryTest) {
    span(text, test.span);
    match &test.kind {
        UnaryTestKind::Compare(_, bound) => expr_spans(text, bound),
        UnaryTestKind::Range(range) => range_spans(text, range),
        UnaryTestKind::Expr(expr) => expr_spans(text, expr),
    }
}

fn range_spans(text: &str, range: &Range) {
    range.start.iter().chain(&range.end).for_each(|e| expr_spans(text, e));
}

fn expr_spans(text: &str, expr: &Expr) {
    span(text, expr.span);
    let mut children: Vec<&Expr> = Vec::new();
    match &expr.kind {
        ExprKind::Null
        | ExprKind::Boolean(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Temporal(_)
        | ExprKind::Name(_) => {}
        ExprKind::List(items) => children.extend(items),
        ExprKind::Context(entries) => {
            for entry in entries {
                span(text, entry.key_span);
                children.push(&entry.value);
            }
        }
        ExprKind::Range(range) => range_spans(text, range),
        ExprKind::Negate(inner) => children.push(inner),
        ExprKind::Binary(_, left, right) => children.extend([&**left, &**right]),
        ExprKind::Between { value, low, high } => children.extend([&**value, &**low, &**high]),
        ExprKind::In { value, tests } => {
            children.push(value);
            tests_spans(text, tests);
        }
        ExprKind::InstanceOf { value, .. } => children.push(value),
        ExprKind::If { condition, then, otherwise } => {
            children.extend([&**condition, &**then, &**otherwise]);
        }
        ExprKind::For { iterators, body: inner }
        | ExprKind::Quantified { iterators, condition: inner, .. } => {
            for iterator in iterators {
                span(text, iterator.name_span);
                match &iterator.domain {
                    IterationDomain::List(list) => children.push(list),
                    IterationDomain::Interval(from, to) => children.extend([from, to]),
                }
            }
            children.push(inner);
        }
        ExprKind::Filter { list, condition } => children.extend([&**list, &**condition]),
        ExprKind::Path { base, name_span, .. } => {
            span(text, *name_span);
            children.push(base);
        }
        ExprKind::Call { function, arguments } => {
            children.push(function);
            match arguments {
                Arguments::Positional(values) => children.extend(values),
                Arguments::Named(named) => {
                    for argument in named {
                        span(text, argument.name_span);
                        children.push(&argument.value);
                    }
                }
            }
        }
        ExprKind::Function { parameters, body } => {
            parameters.iter().for_each(|p| span(text, p.span));
            children.push(body);
        }
    }
    children.into_iter().for_each(|child| expr_spans(text, child));
}
