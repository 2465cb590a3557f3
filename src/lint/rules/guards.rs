//! Checks of the guards of each step: decisions and events that are
//! tested but not declared, declared decisions that no transition handles,
//! and, where the guards compare one value with constants, inputs that no
//! guard covers and inputs that two guards both cover.

use rustc_hash::FxHashMap;

use crate::lint::Diagnostic;
use crate::lint::conditions::{self, Condition, Domain};
use crate::lint::messages as msg;
use crate::lint::rules::process::{GUARD_GAP, GUARD_OVERLAP, UNHANDLED_DECISION};
use crate::lint::rules::references::UNDECLARED_DECISION;
use crate::model::{FieldType, Repository, Service, Step, StepKind};

/// What is known about the values of the fields of a service, by id:
/// computed once per service, since every guard looks names up in it.
pub struct FieldDomains<'s> {
    domains: FxHashMap<&'s str, Domain>,
}

impl<'s> FieldDomains<'s> {
    pub fn new(repository: &Repository, service: &'s Service) -> Self {
        let domains = service
            .fields()
            .into_iter()
            // A field of a repeatable group is not a single value.
            .filter(|(_, group)| group.is_none())
            .filter_map(|(field, _)| {
                Some((field.id.value.as_str(), field_domain(repository, field)?))
            })
            .collect();
        FieldDomains { domains }
    }

    pub fn get(&self, name: &str) -> Option<Domain> {
        self.domains.get(name).cloned()
    }
}

fn field_domain(repository: &Repository, field: &crate::model::Field) -> Option<Domain> {
    Some(match field.kind.as_ref()?.value {
        FieldType::Integer => Domain::Number { integer: true },
        FieldType::Decimal | FieldType::Money => Domain::Number { integer: false },
        FieldType::Date => Domain::Date,
        FieldType::Boolean => Domain::Boolean,
        FieldType::Choice => {
            let codes = if let Some(options) = &field.options {
                Some(options.value.iter().map(|e| e.code.value.clone()).collect())
            } else {
                field
                    .codelist
                    .as_ref()
                    .and_then(|c| repository.codelist(&c.value))
                    .and_then(|list| list.entries.as_ref())
                    .map(|entries| entries.value.iter().map(|e| e.code.value.clone()).collect())
            };
            Domain::Text(codes)
        }
        FieldType::Text
        | FieldType::Email
        | FieldType::Phone
        | FieldType::Iban
        | FieldType::PostalCode
        | FieldType::File => Domain::Text(None),
        FieldType::MultiChoice | FieldType::Display => return None,
    })
}

/// The name a step's guards use for what happened, and the declared values.
fn outcome_variable(step: &Step) -> Option<(&'static str, Vec<String>)> {
    match step.kind()? {
        StepKind::Task => Some((
            "decision",
            step.decisions.iter().map(|d| d.value.clone()).collect(),
        )),
        StepKind::Wait => Some((
            "event",
            step.events.iter().map(|e| e.value.clone()).collect(),
        )),
        _ => None,
    }
}

pub fn check_steps(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let fields = FieldDomains::new(repository, service);
    for step in &service.process.steps {
        if !matches!(
            step.kind(),
            Some(StepKind::Task | StepKind::Wait | StepKind::Automatic)
        ) {
            continue;
        }
        let outcome = outcome_variable(step);
        let domain_of = |name: &str| -> Option<Domain> {
            match &outcome {
                Some((variable, declared)) if *variable == name => {
                    Some(Domain::Text(Some(declared.clone())))
                }
                _ => fields.get(name),
            }
        };
        if let Some((variable, declared)) = &outcome {
            check_declared(service, step, variable, declared, out);
            if step.kind() == Some(StepKind::Task) {
                check_handled(service, step, declared, &domain_of, out);
            }
        }
        check_coverage(
            service,
            step,
            outcome.as_ref().map(|(v, _)| *v),
            &domain_of,
            out,
        );
    }
}

/// Guards may only test for declared decisions and events.
fn check_declared(
    service: &Service,
    step: &Step,
    variable: &str,
    declared: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for transition in &step.next {
        let Some(when) = &transition.when else {
            continue;
        };
        let Some(expr) = when.expr() else { continue };
        for (value, span) in conditions::compared_strings(expr, variable) {
            if !declared.iter().any(|d| d == value) {
                let suggestion =
                    crate::suggest::closest(value, declared.iter().map(String::as_str));
                let (message, help) =
                    msg::undeclared_outcome(variable, value, &step.id.value, suggestion);
                out.push(
                    Diagnostic::new(
                        &UNDECLARED_DECISION,
                        service.file,
                        when.file_span(span),
                        message,
                    )
                    .with_optional_help(help),
                );
            }
        }
    }
}

/// Every declared decision of a task must lead somewhere.
fn check_handled(
    service: &Service,
    step: &Step,
    declared: &[String],
    domain_of: &dyn Fn(&str) -> Option<Domain>,
    out: &mut Vec<Diagnostic>,
) {
    if step.next.iter().any(|t| t.when.is_none()) {
        return;
    }
    let domain = Domain::Text(Some(declared.to_vec()));
    let mut covered = conditions::ValueSet::all(&domain).complement(&domain);
    for transition in &step.next {
        let Some(expr) = transition.when.as_ref().and_then(|w| w.expr()) else {
            return;
        };
        // A guard whose effect on the decision cannot be read may handle
        // any decision; say nothing rather than guess.
        let Some(values) = conditions::possible_values(expr, "decision", domain_of) else {
            return;
        };
        let Some(union) = covered.union(&values) else {
            return;
        };
        covered = union;
        // A misspelt decision (reported by `undeclared-decision`) is read as
        // the declared one it most likely means.
        for (value, _) in conditions::compared_strings(expr, "decision") {
            if declared.iter().any(|d| d == value) {
                continue;
            }
            if let Some(meant) = crate::suggest::closest(value, declared.iter().map(String::as_str))
                && let Some(union) = covered.union(&conditions::ValueSet::Discrete(
                    crate::lint::sets::Discrete::only([meant.to_owned()]),
                ))
            {
                covered = union;
            }
        }
    }
    for decision in &step.decisions {
        let handled = match &covered {
            conditions::ValueSet::Discrete(set) => set.contains(&decision.value),
            _ => true,
        };
        if !handled {
            let (message, help) = msg::unhandled_decision(&decision.value, &step.id.value);
            out.push(
                Diagnostic::new(&UNHANDLED_DECISION, service.file, decision.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

/// Where guards compare one value with constants: values no guard covers
/// (when there is no default) and values two guards both cover.
fn check_coverage(
    service: &Service,
    step: &Step,
    outcome_variable: Option<&str>,
    domain_of: &dyn Fn(&str) -> Option<Domain>,
    out: &mut Vec<Diagnostic>,
) {
    let guarded: Vec<(usize, Option<Condition>)> = step
        .next
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let when = t.when.as_ref()?;
            Some((
                i,
                when.expr()
                    .and_then(|e| conditions::condition(e, domain_of)),
            ))
        })
        .collect();

    for (a, (i, first)) in guarded.iter().enumerate() {
        for (j, second) in &guarded[a + 1..] {
            let (Some(first), Some(second)) = (first, second) else {
                continue;
            };
            if first.variable != second.variable {
                continue;
            }
            let Some(both) = first.set.intersection(&second.set) else {
                continue;
            };
            let Some(domain) = domain_of(first.variable) else {
                continue;
            };
            let both = both
                .intersection(&conditions::ValueSet::all(&domain))
                .unwrap_or(both);
            if !both.is_empty() {
                let earlier = &step.next[*i];
                let later = &step.next[*j];
                let (Some(later_when), Some(earlier_when)) = (&later.when, &earlier.when) else {
                    continue;
                };
                let (message, help) =
                    msg::guard_overlap(first.variable, &both.describe(&domain), target(earlier));
                out.push(
                    Diagnostic::new(&GUARD_OVERLAP, service.file, later_when.span, message)
                        .with_optional_help(help)
                        .with_related(service.file, earlier_when.span, msg::earlier_guard()),
                );
            }
        }
    }

    let has_default = step.next.iter().any(|t| t.when.is_none());
    if has_default || guarded.is_empty() {
        return;
    }
    let Some(Some(first)) = guarded.first().map(|(_, c)| c.clone()) else {
        return;
    };
    if Some(first.variable) == outcome_variable {
        // Decisions and events are checked against their declaration.
        return;
    }
    let mut covered = first.set.clone();
    for (_, condition) in &guarded[1..] {
        let Some(condition) = condition else { return };
        if condition.variable != first.variable {
            return;
        }
        let Some(union) = covered.union(&condition.set) else {
            return;
        };
        covered = union;
    }
    let Some(domain) = domain_of(first.variable) else {
        return;
    };
    let gap = covered.complement(&domain);
    if !gap.is_empty() {
        let span = step.next_span.unwrap_or(step.header);
        let (message, help) =
            msg::guard_gap(&step.id.value, first.variable, &gap.describe(&domain));
        out.push(Diagnostic::new(&GUARD_GAP, service.file, span, message).with_optional_help(help));
    }
}

fn target(transition: &crate::model::Transition) -> &str {
    transition.to.as_ref().map_or("", |t| t.value.as_str())
}
