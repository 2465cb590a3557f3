//! Rules about FEEL expressions: they parse, use known names, and have the
//! type their place needs (a guard is true or false, an amount a number).

use crate::feel::check::{MapScope, Problem, ProblemKind, Scope, check, check_unary_tests};
use crate::feel::types::Type;
use crate::lint::Diagnostic;
use crate::lint::Severity;
use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::model::{
    DecisionTable, Expression, FieldType, HitPolicy, Repository, Requirement, Service, StepKind,
};

pub static UNKNOWN_NAME: Rule = Rule {
    code: "OZG204",
    name: "unknown-name",
    summary: "An expression uses a name that is not a field, computed value or decision.",
    severity: Severity::Error,
    explanation: "Expressions may use the fields of the form, computed values, decision \
        tables, `submitted` (the date of the application), and in a task's transitions \
        `decision`. Any other name has no value; it is usually a typo or a field that was \
        renamed.",
    wrong: "when = \"vehicle_lenght > 4.70\"",
    right: "when = \"vehicle_length > 4.70\"",
};

pub static FEEL_SYNTAX: Rule = Rule {
    code: "OZG401",
    name: "feel-syntax",
    summary: "An expression is not valid FEEL.",
    severity: Severity::Error,
    explanation: "Guards, conditions, computed values and amounts are written in FEEL, the \
        expression language of DMN (see docs/feel.md). An expression that cannot be read \
        cannot be evaluated. Common mistakes are `==` instead of `=`, `&&` instead of `and`, \
        and text without double quotes.",
    wrong: "when = 'legal_form == \"gmbh\"'",
    right: "when = 'legal_form = \"gmbh\"'",
};

pub static TYPE_MISMATCH: Rule = Rule {
    code: "OZG402",
    name: "type-mismatch",
    summary: "An expression combines values of kinds that do not fit together.",
    severity: Severity::Error,
    explanation: "A number cannot be compared with a text, a date cannot be added to a \
        number, and so on. Such an expression has no value (`null`) when it is evaluated, so \
        a guard using it never holds and an amount using it is missing.",
    wrong: "when = 'vehicle_length > \"4.70\"'",
    right: "when = \"vehicle_length > 4.70\"",
};

pub static NOT_BOOLEAN: Rule = Rule {
    code: "OZG403",
    name: "not-boolean",
    summary: "A guard or condition that is not true or false.",
    severity: Severity::Error,
    explanation: "Guards (`when`), conditions (`visible`, `required`) and checks (`validate`) \
        must be true or false. An expression with another kind of value, such as a number, \
        never counts as true.",
    wrong: "visible = \"vehicle_count\"",
    right: "visible = \"vehicle_count > 1\"",
};

pub static NOT_A_NUMBER: Rule = Rule {
    code: "OZG404",
    name: "not-a-number",
    summary: "A fee amount or share that is not a number.",
    severity: Severity::Error,
    explanation: "Fee amounts are exact amounts in euros, and shares of a split are \
        fractions; both must be numbers. Write amounts without a currency sign and with a \
        point as decimal separator.",
    wrong: "amount = '\"46,00 €\"'",
    right: "amount = \"46.00\"",
};

/// The FEEL type of a field's value.
pub fn field_type(kind: FieldType) -> Option<Type> {
    Some(match kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Money => Type::Number,
        FieldType::Date => Type::Date,
        FieldType::Boolean => Type::Boolean,
        FieldType::MultiChoice => Type::list(Type::String),
        FieldType::Text
        | FieldType::Choice
        | FieldType::File
        | FieldType::Email
        | FieldType::Phone
        | FieldType::Iban
        | FieldType::PostalCode => Type::String,
        FieldType::Display => return None,
    })
}

/// The names each kind of expression sees, with their types.
struct Scopes {
    /// Fields, groups, `submitted`, computed values and decision tables.
    form: MapScope,
    /// Per repeatable group: the group's own fields, seen over the form.
    groups: Vec<(String, MapScope)>,
    /// Fees and `fees_total`, seen over the form in the process.
    process: MapScope,
}

/// A scope with names of its own over another, without copying it.
struct Layered<'a> {
    base: &'a dyn Scope,
    own: &'a MapScope,
}

impl Scope for Layered<'_> {
    fn lookup(&self, name: &str) -> Option<Type> {
        self.own.lookup(name).or_else(|| self.base.lookup(name))
    }

    fn names(&self) -> Vec<String> {
        let mut names = self.base.names();
        names.extend(self.own.names());
        names.sort_unstable();
        names.dedup();
        names
    }
}

fn kind_type(field: &crate::model::Field) -> Type {
    field
        .kind
        .as_ref()
        .and_then(|k| field_type(k.value))
        .unwrap_or(Type::Any)
}

impl Scopes {
    fn new(service: &Service) -> Scopes {
        let mut form = MapScope::new();
        form.insert("submitted", Type::Date);
        let fields = service.fields();
        for (field, group) in &fields {
            if group.is_none() && !field.id.value.is_empty() {
                form.insert(field.id.value.clone(), kind_type(field));
            }
        }
        let mut groups = Vec::new();
        for section in service
            .sections()
            .into_iter()
            .filter(|s| s.repeat.is_some())
        {
            let members: Vec<(&str, Type)> = fields
                .iter()
                .filter(|(_, g)| g.is_some_and(|g| std::ptr::eq(g, section)))
                .map(|(f, _)| (f.id.value.as_str(), kind_type(f)))
                .collect();
            form.insert(
                section.id.value.clone(),
                Type::list(Type::context(members.clone())),
            );
            groups.push((section.id.value.clone(), members));
        }
        for computed in &service.computed {
            form.insert(computed.id.value.clone(), Type::Any);
        }
        for decision in &service.decisions {
            form.insert(decision.id.value.clone(), Type::Any);
        }
        // Computed values and decisions may use each other in any order;
        // a few rounds settle their types (most often the first does).
        for _ in 0..3 {
            let mut changed = false;
            for computed in &service.computed {
                if let Some(expr) = computed.expr.as_ref().and_then(|e| e.expr()) {
                    let ty = check(expr, &form).ty;
                    changed |= form.lookup(&computed.id.value).as_ref() != Some(&ty);
                    form.insert(computed.id.value.clone(), ty);
                }
            }
            for decision in &service.decisions {
                let ty = decision_type(decision, &form);
                changed |= form.lookup(&decision.id.value).as_ref() != Some(&ty);
                form.insert(decision.id.value.clone(), ty);
            }
            if !changed {
                break;
            }
        }
        let groups = groups
            .into_iter()
            .map(|(id, members)| (id, members.into_iter().collect()))
            .collect();
        let mut process = MapScope::new();
        for fee in &service.fees {
            process.insert(fee.id.value.clone(), Type::Number);
        }
        process.insert("fees_total", Type::Number);
        Scopes {
            form,
            groups,
            process,
        }
    }
}

/// The type of a decision table's result.
fn decision_type(decision: &DecisionTable, scope: &MapScope) -> Type {
    if decision.hit_policy() == HitPolicy::CollectSum {
        return Type::Number;
    }
    decision
        .rules
        .iter()
        .filter_map(|r| r.then.as_ref())
        .chain(decision.default.iter())
        .filter_map(|e| e.expr())
        .map(|e| check(e, scope).ty)
        .reduce(|a, b| a.unify(&b))
        .unwrap_or(Type::Any)
}

/// A scope with a few more names of type string (`decision`, `event`),
/// without copying the scope it extends.
struct Extended<'a> {
    base: &'a dyn Scope,
    strings: &'a [&'a str],
}

impl Scope for Extended<'_> {
    fn lookup(&self, name: &str) -> Option<Type> {
        if self.strings.contains(&name) {
            return Some(Type::String);
        }
        self.base.lookup(name)
    }

    fn names(&self) -> Vec<String> {
        let mut names = self.base.names();
        names.extend(self.strings.iter().map(|s| (*s).to_owned()));
        names
    }
}

/// What an expression's place requires of its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Anything,
    Boolean,
    Number,
}

struct ExpressionChecker<'a> {
    service: &'a Service,
    out: &'a mut Vec<Diagnostic>,
}

impl ExpressionChecker<'_> {
    fn expression(&mut self, expression: &Expression, scope: &dyn Scope, wanted: Wanted) {
        let Some(expr) = expression.expr() else {
            return;
        };
        let checked = check(expr, scope);
        self.problems(expression, &checked.problems);
        if !checked.problems.is_empty() {
            return;
        }
        let (rule, required) = match wanted {
            Wanted::Anything => return,
            Wanted::Boolean => (&NOT_BOOLEAN, Type::Boolean),
            Wanted::Number => (&NOT_A_NUMBER, Type::Number),
        };
        if !required.accepts(&checked.ty) {
            let (message, help) = if wanted == Wanted::Boolean {
                msg::not_boolean(&checked.ty.to_string())
            } else {
                msg::not_a_number(&checked.ty.to_string())
            };
            self.out.push(
                Diagnostic::new(rule, self.service.file, expression.span, message)
                    .with_optional_help(help),
            );
        }
    }

    fn tests(&mut self, cell: &Expression, input: &Type, scope: &dyn Scope) {
        let Some(tests) = cell.tests() else { return };
        let problems = check_unary_tests(tests, input, scope);
        self.problems(cell, &problems);
    }

    fn problems(&mut self, expression: &Expression, problems: &[Problem]) {
        for problem in problems {
            let rule = match problem.kind {
                ProblemKind::UnknownName { .. } | ProblemKind::UnknownFunction { .. } => {
                    &UNKNOWN_NAME
                }
                _ => &TYPE_MISMATCH,
            };
            self.out.push(
                Diagnostic::new(
                    rule,
                    self.service.file,
                    expression.file_span(problem.span),
                    problem.message(),
                )
                .with_optional_help(problem.help()),
            );
        }
    }
}

/// Checks every expression of a service: that it parses, that it uses
/// only names in scope, and that its type fits its place.
pub fn check_service(_repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    for expression in service.expressions() {
        if let Some(error) = expression.parse_error() {
            out.push(
                Diagnostic::new(
                    &FEEL_SYNTAX,
                    service.file,
                    expression.file_span(error.span),
                    msg::feel_syntax(&error.message),
                )
                .with_optional_help(error.help.clone()),
            );
        }
    }
    let scopes = Scopes::new(service);
    let mut checker = ExpressionChecker { service, out };
    let form: &dyn Scope = &scopes.form;
    let groups: Vec<(&str, Layered<'_>)> = scopes
        .groups
        .iter()
        .map(|(id, own)| (id.as_str(), Layered { base: form, own }))
        .collect();
    let process = Layered {
        base: form,
        own: &scopes.process,
    };

    for (field, group) in service.fields() {
        let scope: &dyn Scope = group
            .and_then(|g| groups.iter().find(|(id, _)| *id == g.id.value))
            .map_or(form, |(_, scope)| scope);
        if let Some(visible) = &field.visible {
            checker.expression(visible, scope, Wanted::Boolean);
        }
        if let Some(Requirement::When(condition)) = &field.required {
            checker.expression(condition, scope, Wanted::Boolean);
        }
        for rule in field.validate.iter().filter_map(|v| v.rule.as_ref()) {
            checker.expression(rule, scope, Wanted::Boolean);
        }
    }
    for section in service.sections() {
        if let Some(visible) = &section.visible {
            checker.expression(visible, form, Wanted::Boolean);
        }
    }
    for computed in service.computed.iter().filter_map(|c| c.expr.as_ref()) {
        checker.expression(computed, form, Wanted::Anything);
    }
    for decision in &service.decisions {
        let mut input_types = Vec::new();
        for input in &decision.inputs {
            checker.expression(input, form, Wanted::Anything);
            input_types.push(input.expr().map_or(Type::Any, |e| check(e, form).ty));
        }
        let output = if decision.hit_policy() == HitPolicy::CollectSum {
            Wanted::Number
        } else {
            Wanted::Anything
        };
        for rule in &decision.rules {
            for (cell, input) in rule.when.iter().zip(&input_types) {
                checker.tests(cell, input, form);
            }
            if let Some(then) = &rule.then {
                checker.expression(then, form, output);
            }
        }
        if let Some(default) = &decision.default {
            checker.expression(default, form, output);
        }
    }
    for fee in &service.fees {
        if let Some(amount) = &fee.amount {
            checker.expression(amount, form, Wanted::Number);
        }
        if let Some(when) = &fee.when {
            checker.expression(when, form, Wanted::Boolean);
        }
        for share in fee.split.iter().filter_map(|s| s.share.as_ref()) {
            checker.expression(share, form, Wanted::Number);
        }
    }
    for step in &service.process.steps {
        let extra: &[&str] = match step.kind() {
            Some(StepKind::Task) => &["decision"],
            Some(StepKind::Wait) => &["event"],
            // A step whose kind could not be read: do not add findings
            // about `decision` or `event` to the one about its kind.
            None => &["decision", "event"],
            _ => &[],
        };
        let scope = Extended {
            base: &process,
            strings: extra,
        };
        for when in step.next.iter().filter_map(|t| t.when.as_ref()) {
            checker.expression(when, &scope, Wanted::Boolean);
        }
    }
    for when in service.notifications.iter().filter_map(|n| n.when.as_ref()) {
        checker.expression(when, &process, Wanted::Boolean);
    }
}
