//! What the rules of a service look at: which form fields each
//! condition, fee and guard depends on (through computed values and
//! decision tables), and which constants the rules compare those fields
//! with.
//!
//! Legal changes bite at boundaries: a fee schedule that switches at
//! 4.70 m, an age limit of 24 years, a date from which a new rate applies.
//! Random applications rarely land exactly there, so the generator is told
//! these constants and tries values at them and just beside them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;

use crate::feel::ast::{
    Arguments, Expr, ExprKind, IterationDomain, Range, UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use crate::feel::names::{free_names, free_names_in_tests};
use crate::feel::number::Number;
use crate::lint::conditions::{Constant, constant};
use crate::model::Service;

/// Computed values referring to computed values: deeper chains are not
/// followed (and cycles end here).
const MAX_DEPTH: usize = 16;

/// Constants the rules compare form fields with, by field id.
#[derive(Debug, Default, Clone)]
pub(crate) struct Hints {
    pub numbers: BTreeMap<String, Vec<Number>>,
    pub texts: BTreeMap<String, Vec<String>>,
    pub dates: BTreeMap<String, Vec<Date>>,
}

impl Hints {
    /// Adds the constants found in the rules of `service`.
    pub fn collect(&mut self, service: &Service) {
        let resolver = Resolver::new(service);
        for expression in service.expressions() {
            if let Some(expr) = expression.expr() {
                self.walk(expr, &resolver);
            }
        }
        // A table cell compares the table's input with its constants.
        for table in &service.decisions {
            for (column, input) in table.inputs.iter().enumerate() {
                let Some(input) = input.expr() else { continue };
                let fields = resolver.fields_of(input);
                for rule in &table.rules {
                    if let Some(tests) = rule.when.get(column).and_then(|c| c.tests()) {
                        self.tests(&fields, tests);
                    }
                }
            }
        }
        for list in self.numbers.values_mut() {
            dedup_numbers(list);
        }
        for list in self.texts.values_mut() {
            list.sort();
            list.dedup();
        }
        for list in self.dates.values_mut() {
            list.sort();
            list.dedup();
        }
    }

    fn walk(&mut self, expr: &Expr, resolver: &Resolver<'_>) {
        match &expr.kind {
            ExprKind::Binary(op, left, right) if op.is_comparison() => {
                self.constant(&resolver.fields_of(left), right);
                self.constant(&resolver.fields_of(right), left);
            }
            ExprKind::Between { value, low, high } => {
                let fields = resolver.fields_of(value);
                self.constant(&fields, low);
                self.constant(&fields, high);
            }
            ExprKind::In { value, tests } => self.tests(&resolver.fields_of(value), tests),
            _ => {}
        }
        for child in children(expr) {
            self.walk(child, resolver);
        }
    }

    fn tests(&mut self, fields: &BTreeSet<String>, tests: &UnaryTests) {
        let list = match &tests.kind {
            UnaryTestsKind::Any => return,
            UnaryTestsKind::Positive(list) | UnaryTestsKind::Negated(list) => list,
        };
        for test in list {
            match &test.kind {
                UnaryTestKind::Compare(_, expr) | UnaryTestKind::Expr(expr) => {
                    self.constant(fields, expr);
                    if let ExprKind::List(items) = &expr.kind {
                        for item in items {
                            self.constant(fields, item);
                        }
                    }
                }
                UnaryTestKind::Range(range) => self.range(fields, range),
            }
        }
    }

    fn range(&mut self, fields: &BTreeSet<String>, range: &Range) {
        for end in range.start.iter().chain(range.end.iter()) {
            self.constant(fields, end);
        }
    }

    /// Records `expr` for each of `fields` when it is a constant.
    fn constant(&mut self, fields: &BTreeSet<String>, expr: &Expr) {
        if fields.is_empty() {
            return;
        }
        match constant(expr) {
            Some(Constant::Number(n)) => {
                for field in fields {
                    self.numbers.entry(field.clone()).or_default().push(n);
                }
            }
            Some(Constant::Text(t)) => {
                for field in fields {
                    self.texts.entry(field.clone()).or_default().push(t.clone());
                }
            }
            Some(Constant::Date(d)) => {
                for field in fields {
                    self.dates.entry(field.clone()).or_default().push(d);
                }
            }
            Some(Constant::Boolean(_)) => {}
            None => {
                if let ExprKind::Range(range) = &expr.kind {
                    self.range(fields, range);
                }
                if let ExprKind::List(items) = &expr.kind {
                    for item in items {
                        self.constant(fields, item);
                    }
                }
            }
        }
    }
}

fn dedup_numbers(list: &mut Vec<Number>) {
    list.sort_by(|a, b| a.cmp_value(*b));
    list.dedup_by(|a, b| a.cmp_value(*b).is_eq());
}

/// The direct sub-expressions of an expression.
fn children(expr: &Expr) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    match &expr.kind {
        ExprKind::Null
        | ExprKind::Boolean(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Temporal(_)
        | ExprKind::Name(_) => {}
        ExprKind::List(items) => out.extend(items),
        ExprKind::Context(entries) => out.extend(entries.iter().map(|e| &e.value)),
        ExprKind::Range(range) => out.extend(range.start.iter().chain(range.end.iter())),
        ExprKind::Negate(inner) | ExprKind::InstanceOf { value: inner, .. } => out.push(inner),
        ExprKind::Path { base, .. } => out.push(base),
        ExprKind::Binary(_, left, right) => out.extend([&**left, &**right]),
        ExprKind::Between { value, low, high } => out.extend([&**value, &**low, &**high]),
        ExprKind::In { value, .. } => out.push(value),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => out.extend([&**condition, &**then, &**otherwise]),
        ExprKind::For { iterators, body } => {
            for iterator in iterators {
                match &iterator.domain {
                    IterationDomain::List(list) => out.push(list),
                    IterationDomain::Interval(a, b) => out.extend([a, b]),
                }
            }
            out.push(body);
        }
        ExprKind::Quantified {
            iterators,
            condition,
            ..
        } => {
            for iterator in iterators {
                match &iterator.domain {
                    IterationDomain::List(list) => out.push(list),
                    IterationDomain::Interval(a, b) => out.extend([a, b]),
                }
            }
            out.push(condition);
        }
        ExprKind::Filter { list, condition } => out.extend([&**list, &**condition]),
        ExprKind::Call {
            function,
            arguments,
        } => {
            out.push(function);
            match arguments {
                Arguments::Positional(args) => out.extend(args),
                Arguments::Named(args) => out.extend(args.iter().map(|a| &a.value)),
            }
        }
        ExprKind::Function { body, .. } => out.push(body),
    }
    out
}

/// Finds the form fields behind a name: a field is itself; a computed
/// value, decision table or fee stands for the fields its expressions use.
pub(crate) struct Resolver<'s> {
    fields: BTreeSet<&'s str>,
    derived: HashMap<&'s str, Vec<Uses<'s>>>,
}

/// Something a derived value is computed from.
enum Uses<'s> {
    Expr(&'s Expr),
    Tests(&'s UnaryTests),
}

impl<'s> Resolver<'s> {
    pub fn new(service: &'s Service) -> Self {
        let mut fields: BTreeSet<&str> = service
            .fields()
            .into_iter()
            .map(|(f, _)| f.id.value.as_str())
            .collect();
        fields.extend(
            service
                .sections()
                .into_iter()
                .filter(|s| s.repeat.is_some())
                .map(|s| s.id.value.as_str()),
        );
        let mut derived: HashMap<&str, Vec<Uses<'_>>> = HashMap::new();
        for computed in &service.computed {
            let uses = computed
                .expr
                .iter()
                .filter_map(|e| e.expr())
                .map(Uses::Expr);
            derived
                .entry(computed.id.value.as_str())
                .or_default()
                .extend(uses);
        }
        for table in &service.decisions {
            let mut uses: Vec<Uses<'_>> = Vec::new();
            let exprs = table
                .inputs
                .iter()
                .chain(table.rules.iter().filter_map(|r| r.then.as_ref()))
                .chain(table.default.iter());
            uses.extend(exprs.filter_map(|e| e.expr()).map(Uses::Expr));
            for rule in &table.rules {
                uses.extend(rule.when.iter().filter_map(|c| c.tests()).map(Uses::Tests));
            }
            derived
                .entry(table.id.value.as_str())
                .or_default()
                .extend(uses);
        }
        for fee in &service.fees {
            let exprs = fee
                .amount
                .iter()
                .chain(fee.when.iter())
                .filter_map(|e| e.expr());
            derived
                .entry(fee.id.value.as_str())
                .or_default()
                .extend(exprs.map(Uses::Expr));
        }
        Resolver { fields, derived }
    }

    /// The form fields (and repeatable groups) `expr` depends on.
    pub fn fields_of(&self, expr: &Expr) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (name, _) in free_names(expr) {
            self.resolve(name, 0, &mut out);
        }
        out
    }

    fn resolve(&self, name: &str, depth: usize, out: &mut BTreeSet<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        if self.fields.contains(name) {
            out.insert(name.to_owned());
            return;
        }
        let Some(uses) = self.derived.get(name) else {
            return;
        };
        for used in uses {
            let names = match used {
                Uses::Expr(expr) => free_names(expr),
                Uses::Tests(tests) => free_names_in_tests(tests),
            };
            for (inner, _) in names {
                if inner != name {
                    self.resolve(inner, depth + 1, out);
                }
            }
        }
    }
}

/// The fields that decide a service's fees, and those that decide its
/// path (transition guards), for showing the fields that matter in an
/// example application.
#[derive(Debug, Default, Clone)]
pub(crate) struct Relevance {
    pub fees: BTreeSet<String>,
    pub process: BTreeSet<String>,
}

impl Relevance {
    pub fn collect(&mut self, service: &Service) {
        let resolver = Resolver::new(service);
        for fee in &service.fees {
            let exprs = fee
                .amount
                .iter()
                .chain(fee.when.iter())
                .chain(fee.split.iter().filter_map(|s| s.share.as_ref()));
            for expr in exprs.filter_map(|e| e.expr()) {
                self.fees.extend(resolver.fields_of(expr));
            }
        }
        for step in &service.process.steps {
            for guard in step.next.iter().filter_map(|t| t.when.as_ref()) {
                if let Some(expr) = guard.expr() {
                    self.process.extend(resolver.fields_of(expr));
                }
            }
        }
    }
}
