//! Which values a condition accepts, where that can be decided without
//! running it.
//!
//! A condition is decidable here when it compares one variable with
//! constants: `vehicle_length > 4.70`, `decision = "approve"`,
//! `legal_form in ["gmbh", "ag"]`, `not(severely_disabled)`, combined with
//! `and`, `or` and `not` as long as the same variable is meant throughout.
//! Everything else (two variables, arithmetic, function calls) is
//! undecidable, and checks built on this module then say nothing rather
//! than guess.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil::Date;

use crate::feel::ast::{
    Arguments, BinaryOp, Expr, ExprKind, Range, UnaryTest, UnaryTestKind, UnaryTests,
    UnaryTestsKind,
};
use crate::feel::number::Number;
use crate::lint::sets::{Discrete, End, Intervals, Point};

/// What is known about a variable's values, to decide conditions on it.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// Numbers; whole numbers only when `integer`.
    Number {
        integer: bool,
    },
    Date,
    /// Strings; `Some` when they come from a known, finite list.
    Text(Option<Vec<String>>),
    Boolean,
}

/// A set of values of one domain.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSet {
    Numbers(Intervals<NumberPoint>),
    Dates(Intervals<DatePoint>),
    /// Strings, and booleans as `"true"`/`"false"`.
    Discrete(Discrete),
}

/// A number as the end of an interval.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberPoint {
    pub value: Number,
    pub integer: bool,
}

impl fmt::Display for NumberPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl Point for NumberPoint {
    fn compare(&self, other: &Self) -> Ordering {
        self.value
            .partial_cmp(&other.value)
            .unwrap_or(Ordering::Equal)
    }

    fn adjacent(&self, next: &Self) -> bool {
        self.integer
            && is_whole(self.value)
            && is_whole(next.value)
            && Number(next.value.0 - self.value.0) == Number::from_i64(1)
    }
}

fn is_whole(n: Number) -> bool {
    let text = n.to_string();
    text.split_once('.')
        .is_none_or(|(_, fraction)| fraction.bytes().all(|b| b == b'0'))
}

/// A date as the end of an interval.
#[derive(Debug, Clone, PartialEq)]
pub struct DatePoint(pub Date);

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "date(\"{}\")", self.0)
    }
}

impl Point for DatePoint {
    fn compare(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }

    fn adjacent(&self, next: &Self) -> bool {
        self.0.tomorrow().ok() == Some(next.0)
    }
}

impl ValueSet {
    /// Every value of the domain.
    pub fn all(domain: &Domain) -> Self {
        match domain {
            Domain::Number { .. } => ValueSet::Numbers(Intervals::all()),
            Domain::Date => ValueSet::Dates(Intervals::all()),
            Domain::Text(None) => ValueSet::Discrete(Discrete::all()),
            Domain::Text(Some(values)) => {
                ValueSet::Discrete(Discrete::only(values.iter().cloned()))
            }
            Domain::Boolean => {
                ValueSet::Discrete(Discrete::only(["true".to_owned(), "false".to_owned()]))
            }
        }
    }

    fn empty_like(&self) -> Self {
        match self {
            ValueSet::Numbers(_) => ValueSet::Numbers(Intervals::empty()),
            ValueSet::Dates(_) => ValueSet::Dates(Intervals::empty()),
            ValueSet::Discrete(_) => ValueSet::Discrete(Discrete::empty()),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            ValueSet::Numbers(s) => s.is_empty(),
            ValueSet::Dates(s) => s.is_empty(),
            ValueSet::Discrete(s) => s.is_empty(),
        }
    }

    /// Combines two sets of the same domain; `None` when they differ.
    fn combine(&self, other: &Self, union: bool) -> Option<Self> {
        Some(match (self, other) {
            (ValueSet::Numbers(a), ValueSet::Numbers(b)) => {
                ValueSet::Numbers(if union { a.union(b) } else { a.intersection(b) })
            }
            (ValueSet::Dates(a), ValueSet::Dates(b)) => {
                ValueSet::Dates(if union { a.union(b) } else { a.intersection(b) })
            }
            (ValueSet::Discrete(a), ValueSet::Discrete(b)) => {
                ValueSet::Discrete(if union { a.union(b) } else { a.intersection(b) })
            }
            _ => return None,
        })
    }

    pub fn union(&self, other: &Self) -> Option<Self> {
        self.combine(other, true)
    }

    pub fn intersection(&self, other: &Self) -> Option<Self> {
        self.combine(other, false)
    }

    /// The values of `domain` not in the set.
    #[must_use]
    pub fn complement(&self, domain: &Domain) -> Self {
        match self {
            ValueSet::Numbers(s) => ValueSet::Numbers(s.complement()),
            ValueSet::Dates(s) => ValueSet::Dates(s.complement()),
            ValueSet::Discrete(s) => match ValueSet::all(domain) {
                ValueSet::Discrete(all) => ValueSet::Discrete(all.intersection(&s.complement())),
                _ => ValueSet::Discrete(s.complement()),
            },
        }
    }

    /// How a reader would write the set: `4.70`, `< 2`, `"ev"`, `false`.
    pub fn describe(&self, domain: &Domain) -> String {
        match self {
            ValueSet::Numbers(s) => s.to_string(),
            ValueSet::Dates(s) => s.to_string(),
            ValueSet::Discrete(Discrete::Only(values)) => {
                let quote = !matches!(domain, Domain::Boolean);
                values
                    .iter()
                    .map(|v| if quote { format!("\"{v}\"") } else { v.clone() })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            ValueSet::Discrete(Discrete::AllBut(values)) => {
                let listed: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                format!("not({})", listed.join(", "))
            }
        }
    }
}

/// A constant of a condition.
/// A literal in an expression, as conditions and generated applications
/// use it.
pub(crate) enum Constant {
    Number(Number),
    Text(String),
    Boolean(bool),
    Date(Date),
}

/// The value of `expr` when it is a literal: a number (also negated), a
/// string, a boolean or a date.
pub(crate) fn constant(expr: &Expr) -> Option<Constant> {
    match &expr.kind {
        ExprKind::Number(n) => Some(Constant::Number(*n)),
        ExprKind::Negate(inner) => match &inner.kind {
            ExprKind::Number(n) => Some(Constant::Number(Number(-n.0))),
            _ => None,
        },
        ExprKind::String(s) => Some(Constant::Text(s.to_string())),
        ExprKind::Boolean(b) => Some(Constant::Boolean(*b)),
        ExprKind::Temporal(text) => text.parse::<Date>().ok().map(Constant::Date),
        ExprKind::Call {
            function,
            arguments: Arguments::Positional(args),
        } => match (&function.kind, args.as_slice()) {
            (ExprKind::Name(name), [arg]) if name.as_ref() == "date" => match &arg.kind {
                ExprKind::String(text) => text.parse::<Date>().ok().map(Constant::Date),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The set of values `op constant` accepts, in `domain`.
fn compare(op: BinaryOp, value: &Constant, domain: &Domain) -> Option<ValueSet> {
    let integer = matches!(domain, Domain::Number { integer: true });
    match (value, domain) {
        (Constant::Number(n), Domain::Number { .. }) => {
            let point = NumberPoint { value: *n, integer };
            ordered(op, point).map(ValueSet::Numbers)
        }
        (Constant::Date(d), Domain::Date) => ordered(op, DatePoint(*d)).map(ValueSet::Dates),
        (Constant::Text(s), Domain::Text(_)) => discrete(op, s.clone(), domain),
        (Constant::Boolean(b), Domain::Boolean) => discrete(op, b.to_string(), domain),
        _ => None,
    }
}

fn ordered<T: Point>(op: BinaryOp, point: T) -> Option<Intervals<T>> {
    Some(match op {
        BinaryOp::Equal => Intervals::point(point),
        BinaryOp::NotEqual => Intervals::point(point).complement(),
        BinaryOp::Less => Intervals::of(End::Unbounded, End::Open(point)),
        BinaryOp::LessOrEqual => Intervals::of(End::Unbounded, End::Closed(point)),
        BinaryOp::Greater => Intervals::of(End::Open(point), End::Unbounded),
        BinaryOp::GreaterOrEqual => Intervals::of(End::Closed(point), End::Unbounded),
        _ => return None,
    })
}

fn discrete(op: BinaryOp, value: String, domain: &Domain) -> Option<ValueSet> {
    let one = ValueSet::Discrete(Discrete::only([value]));
    match op {
        BinaryOp::Equal => Some(one),
        BinaryOp::NotEqual => Some(one.complement(domain)),
        _ => None,
    }
}

/// The variable a condition is about, and what it accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition<'a> {
    pub variable: &'a str,
    pub set: ValueSet,
}

/// Reads `expr` as a condition on one variable, whose domain `domain_of`
/// tells. `None` when the condition is not of that form.
pub fn condition<'a>(
    expr: &'a Expr,
    domain_of: &dyn Fn(&str) -> Option<Domain>,
) -> Option<Condition<'a>> {
    match &expr.kind {
        ExprKind::Name(name) => {
            let domain = domain_of(name)?;
            (domain == Domain::Boolean).then(|| Condition {
                variable: name,
                set: ValueSet::Discrete(Discrete::only(["true".to_owned()])),
            })
        }
        ExprKind::Binary(op @ (BinaryOp::And | BinaryOp::Or), left, right) => {
            let a = condition(left, domain_of)?;
            let b = condition(right, domain_of)?;
            if a.variable != b.variable {
                return None;
            }
            let set = if *op == BinaryOp::And {
                a.set.intersection(&b.set)?
            } else {
                a.set.union(&b.set)?
            };
            Some(Condition {
                variable: a.variable,
                set,
            })
        }
        ExprKind::Binary(op, left, right) if op.is_comparison() => {
            let (name, value, op) = match (&left.kind, &right.kind) {
                (ExprKind::Name(name), _) => (name, constant(right)?, *op),
                (_, ExprKind::Name(name)) => (name, constant(left)?, mirrored(*op)),
                _ => return None,
            };
            let domain = domain_of(name)?;
            Some(Condition {
                variable: name,
                set: compare(op, &value, &domain)?,
            })
        }
        ExprKind::Between { value, low, high } => {
            let ExprKind::Name(name) = &value.kind else {
                return None;
            };
            let domain = domain_of(name)?;
            let from = compare(BinaryOp::GreaterOrEqual, &constant(low)?, &domain)?;
            let to = compare(BinaryOp::LessOrEqual, &constant(high)?, &domain)?;
            Some(Condition {
                variable: name,
                set: from.intersection(&to)?,
            })
        }
        ExprKind::In { value, tests } => {
            let ExprKind::Name(name) = &value.kind else {
                return None;
            };
            let domain = domain_of(name)?;
            Some(Condition {
                variable: name,
                set: tests_set(tests, &domain)?,
            })
        }
        ExprKind::Call {
            function,
            arguments: Arguments::Positional(args),
        } => match (&function.kind, args.as_slice()) {
            (ExprKind::Name(f), [inner]) if f.as_ref() == "not" => {
                let inner = condition(inner, domain_of)?;
                let domain = domain_of(inner.variable)?;
                Some(Condition {
                    variable: inner.variable,
                    set: inner.set.complement(&domain),
                })
            }
            _ => None,
        },
        _ => None,
    }
}

/// `a < x` is `x > a`.
fn mirrored(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Less => BinaryOp::Greater,
        BinaryOp::LessOrEqual => BinaryOp::GreaterOrEqual,
        BinaryOp::Greater => BinaryOp::Less,
        BinaryOp::GreaterOrEqual => BinaryOp::LessOrEqual,
        other => other,
    }
}

/// The values unary tests accept, in `domain`.
pub fn tests_set(tests: &UnaryTests, domain: &Domain) -> Option<ValueSet> {
    let all = ValueSet::all(domain);
    match &tests.kind {
        UnaryTestsKind::Any => Some(all),
        UnaryTestsKind::Positive(list) => list_set(list, domain, &all),
        UnaryTestsKind::Negated(list) => Some(list_set(list, domain, &all)?.complement(domain)),
    }
}

fn list_set(list: &[UnaryTest], domain: &Domain, all: &ValueSet) -> Option<ValueSet> {
    let mut set = all.empty_like();
    for test in list {
        set = set.union(&test_set(test, domain)?)?;
    }
    // Keep finite domains finite: a test may name values outside them.
    set.intersection(all)
}

fn test_set(test: &UnaryTest, domain: &Domain) -> Option<ValueSet> {
    match &test.kind {
        UnaryTestKind::Compare(op, bound) => compare(*op, &constant(bound)?, domain),
        UnaryTestKind::Range(range) => range_set(range, domain),
        UnaryTestKind::Expr(expr) => match &expr.kind {
            ExprKind::List(items) => {
                let mut set = ValueSet::all(domain).empty_like();
                for item in items {
                    set = set.union(&compare(BinaryOp::Equal, &constant(item)?, domain)?)?;
                }
                Some(set)
            }
            ExprKind::Range(range) => range_set(range, domain),
            _ => compare(BinaryOp::Equal, &constant(expr)?, domain),
        },
    }
}

fn range_set(range: &Range, domain: &Domain) -> Option<ValueSet> {
    let mut set = ValueSet::all(domain);
    if let Some(start) = &range.start {
        let op = if range.start_closed {
            BinaryOp::GreaterOrEqual
        } else {
            BinaryOp::Greater
        };
        set = set.intersection(&compare(op, &constant(start)?, domain)?)?;
    }
    if let Some(end) = &range.end {
        let op = if range.end_closed {
            BinaryOp::LessOrEqual
        } else {
            BinaryOp::Less
        };
        set = set.intersection(&compare(op, &constant(end)?, domain)?)?;
    }
    Some(set)
}

/// The string constants a condition compares `variable` with, with their
/// spans: for finding decisions that a task does not declare.
pub fn compared_strings<'a>(expr: &'a Expr, variable: &str) -> Vec<(&'a str, crate::source::Span)> {
    let mut out = Vec::new();
    collect_strings(expr, variable, &mut out);
    out
}

fn collect_strings<'a>(
    expr: &'a Expr,
    variable: &str,
    out: &mut Vec<(&'a str, crate::source::Span)>,
) {
    let is_var = |e: &Expr| matches!(&e.kind, ExprKind::Name(n) if n.as_ref() == variable);
    let push_string = |e: &'a Expr, out: &mut Vec<(&'a str, crate::source::Span)>| {
        if let ExprKind::String(s) = &e.kind {
            out.push((s, e.span));
        }
    };
    match &expr.kind {
        ExprKind::Binary(op, left, right) if op.is_comparison() => {
            if is_var(left) {
                push_string(right, out);
            } else if is_var(right) {
                push_string(left, out);
            }
        }
        ExprKind::Binary(_, left, right) => {
            collect_strings(left, variable, out);
            collect_strings(right, variable, out);
        }
        ExprKind::In { value, tests } if is_var(value) => {
            if let UnaryTestsKind::Positive(list) | UnaryTestsKind::Negated(list) = &tests.kind {
                for test in list {
                    match &test.kind {
                        UnaryTestKind::Compare(_, e) => push_string(e, out),
                        UnaryTestKind::Expr(e) => match &e.kind {
                            ExprKind::List(items) => items.iter().for_each(|i| push_string(i, out)),
                            _ => push_string(e, out),
                        },
                        UnaryTestKind::Range(_) => {}
                    }
                }
            }
        }
        ExprKind::Call {
            arguments: Arguments::Positional(args),
            ..
        } => {
            for arg in args {
                collect_strings(arg, variable, out);
            }
        }
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            for e in [condition, then, otherwise] {
                collect_strings(e, variable, out);
            }
        }
        _ => {}
    }
}

/// The values of `variable` (from a finite list) for which `expr` can hold,
/// over-approximated: parts about other variables are taken to hold.
/// Used to see which decisions a task's transitions handle.
pub fn possible_values(
    expr: &Expr,
    variable: &str,
    domain_of: &dyn Fn(&str) -> Option<Domain>,
) -> Option<ValueSet> {
    if let Some(c) = condition(expr, domain_of) {
        return (c.variable == variable).then_some(c.set);
    }
    match &expr.kind {
        ExprKind::Binary(BinaryOp::And, left, right) => {
            match (
                possible_values(left, variable, domain_of),
                possible_values(right, variable, domain_of),
            ) {
                (Some(a), Some(b)) => a.intersection(&b),
                (Some(a), None) | (None, Some(a)) => Some(a),
                (None, None) => None,
            }
        }
        ExprKind::Binary(BinaryOp::Or, left, right) => {
            let a = possible_values(left, variable, domain_of);
            let b = possible_values(right, variable, domain_of);
            match (a, b) {
                (Some(a), Some(b)) => a.union(&b),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feel::parser::parse_expression;

    fn domains(name: &str) -> Option<Domain> {
        match name {
            "vehicle_length" => Some(Domain::Number { integer: false }),
            "dogs" => Some(Domain::Number { integer: true }),
            "disabled" => Some(Domain::Boolean),
            "decision" => Some(Domain::Text(Some(vec!["approve".into(), "reject".into()]))),
            _ => None,
        }
    }

    fn set(text: &str) -> ValueSet {
        let expr = parse_expression(text).unwrap();
        condition(&expr, &domains).expect(text).set
    }

    #[test]
    fn comparisons_with_constants_are_decided() {
        let small = set("vehicle_length <= 4.70");
        let large = set("vehicle_length > 4.70");
        let domain = Domain::Number { integer: false };
        assert!(small.union(&large).unwrap().complement(&domain).is_empty());
        assert_eq!(set("4.20 < vehicle_length").describe(&domain), "> 4.20");
    }

    #[test]
    fn whole_numbers_leave_no_gap_between_consecutive_values() {
        let domain = Domain::Number { integer: true };
        let covered = set("dogs <= 1").union(&set("dogs >= 2")).unwrap();
        assert!(covered.complement(&domain).is_empty());
    }

    #[test]
    fn booleans_and_not_are_decided() {
        let covered = set("disabled").union(&set("not(disabled)")).unwrap();
        assert!(covered.complement(&Domain::Boolean).is_empty());
    }

    #[test]
    fn conditions_on_two_variables_are_not_decided() {
        let expr = parse_expression("vehicle_length > 4 and disabled").unwrap();
        assert!(condition(&expr, &domains).is_none());
    }

    #[test]
    fn membership_tests_give_sets() {
        let domain = Domain::Text(Some(vec!["approve".into(), "reject".into()]));
        assert_eq!(
            set(r#"decision in ("approve")"#).describe(&domain),
            "\"approve\""
        );
        assert_eq!(
            set("vehicle_length in [2..4.20)").describe(&Domain::Number { integer: false }),
            "[2..4.20)"
        );
    }
}
