//! The amounts a fee can take, worked out from its expression without
//! running the service: constants, the outputs of a decision table, both
//! branches of an `if`, and arithmetic on those. This is what lets a
//! reviewer read "30,00 € → 240,00 € / 360,00 € / 480,00 €" where the
//! model says `base_fee`.
//!
//! The result is only given when it is certain to be complete: any part
//! that depends on free input (a length times a rate, a count of entries)
//! makes the amounts unknown, and the expression is shown instead.

use crate::diff::value::Amount;
use crate::feel::ast::{BinaryOp, Expr, ExprKind};
use crate::feel::names::{free_names, free_names_in_tests};
use crate::feel::number::Number;
use crate::model::{Expression, Service};

/// More amounts than this are not listed: the reviewer needs the
/// expression then.
const MAX_VALUES: usize = 12;
/// Computed values referring to computed values: deeper chains are not
/// followed (and cycles end here).
const MAX_DEPTH: usize = 16;

/// The amount of a fee, as far as it can be worked out.
pub fn amount(expression: &Expression, service: &Service) -> Amount {
    let values = expression
        .expr()
        .and_then(|e| possible(e, service, 0))
        .unwrap_or_default();
    let mut depends_on = Vec::new();
    if let Some(expr) = expression.expr() {
        inputs_of(expr, service, 0, &mut depends_on);
    }
    Amount {
        expression: expression.text.clone(),
        values,
        depends_on,
    }
}

/// The values an expression can take, or `None` when they cannot be
/// listed.
fn possible(expr: &Expr, service: &Service, depth: usize) -> Option<Vec<Number>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let values = match &expr.kind {
        ExprKind::Number(n) => vec![*n],
        ExprKind::Negate(inner) => possible(inner, service, depth + 1)?
            .into_iter()
            .map(|n| Number(-n.0))
            .collect(),
        ExprKind::If {
            then, otherwise, ..
        } => {
            let mut values = possible(then, service, depth + 1)?;
            values.extend(possible(otherwise, service, depth + 1)?);
            values
        }
        ExprKind::Binary(op, left, right) => {
            let left = possible(left, service, depth + 1)?;
            let right = possible(right, service, depth + 1)?;
            let mut values = Vec::new();
            for a in &left {
                for b in &right {
                    values.push(arithmetic(*op, *a, *b)?);
                }
            }
            values
        }
        ExprKind::Name(name) => named(name, service, depth)?,
        _ => return None,
    };
    let mut unique: Vec<Number> = Vec::new();
    for v in values {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    (unique.len() <= MAX_VALUES).then_some(unique)
}

/// The values of a computed value or decision table of the service.
fn named(name: &str, service: &Service, depth: usize) -> Option<Vec<Number>> {
    if let Some(computed) = service.computed.iter().find(|c| c.id.value == name) {
        return possible(computed.expr.as_ref()?.expr()?, service, depth + 1);
    }
    let table = service.decisions.iter().find(|d| d.id.value == name)?;
    let mut values = Vec::new();
    for rule in &table.rules {
        values.extend(possible(rule.then.as_ref()?.expr()?, service, depth + 1)?);
    }
    if let Some(default) = &table.default {
        values.extend(possible(default.expr()?, service, depth + 1)?);
    }
    Some(values)
}

fn arithmetic(op: BinaryOp, a: Number, b: Number) -> Option<Number> {
    let (a, b) = (a.0, b.0);
    let result = match op {
        BinaryOp::Add => a + b,
        BinaryOp::Subtract => a - b,
        BinaryOp::Multiply => a * b,
        BinaryOp::Divide if !b.is_zero() => a / b,
        _ => return None,
    };
    result.is_finite().then_some(Number(result))
}

/// The form fields an expression depends on, through computed values and
/// decision tables, in order of first appearance.
fn inputs_of(expr: &Expr, service: &Service, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, _) in free_names(expr) {
        input_name(name, service, depth, out);
    }
}

fn input_name(name: &str, service: &Service, depth: usize, out: &mut Vec<String>) {
    if let Some(computed) = service.computed.iter().find(|c| c.id.value == name) {
        if let Some(expr) = computed.expr.as_ref().and_then(Expression::expr) {
            inputs_of(expr, service, depth + 1, out);
        }
    } else if let Some(table) = service.decisions.iter().find(|d| d.id.value == name) {
        for input in table.inputs.iter().filter_map(Expression::expr) {
            inputs_of(input, service, depth + 1, out);
        }
        for rule in &table.rules {
            for cell in rule.when.iter().filter_map(Expression::tests) {
                for (name, _) in free_names_in_tests(cell) {
                    input_name(name, service, depth + 1, out);
                }
            }
            if let Some(then) = rule.then.as_ref().and_then(Expression::expr) {
                inputs_of(then, service, depth + 1, out);
            }
        }
    } else if (service.fields().iter().any(|(f, _)| f.id.value == name)
        || service.sections().iter().any(|s| s.id.value == name)
        || name == "submitted")
        && !out.iter().any(|n| n == name)
    {
        out.push(name.to_owned());
    }
}
