//! Rules about scenarios: a scenario may only name fields, steps,
//! decisions, events, fees, deadlines and notifications its service has,
//! and its events must happen in order. Without these checks a renamed
//! field would quietly turn a scenario into a different case.

use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::model::scenario::{InputEntry, InputValue, Scenario};
use crate::model::{Repository, Service, StepKind};
use crate::source::{Span, Spanned};

pub static UNKNOWN_FIELD: Rule = Rule {
    code: "OZG601",
    name: "scenario-unknown-field",
    summary: "A scenario gives a value for a field the service does not have.",
    severity: Severity::Error,
    explanation: "Scenario input is matched to the form by field id. A value for an id that \
        is no field of the service is never used, so the scenario tests something other than \
        its author meant: usually the field was renamed or the id is misspelt.",
    wrong: "[input]\nvehicle_lenght = 4.85",
    right: "[input]\nvehicle_length = 4.85",
};

pub static UNKNOWN_STEP: Rule = Rule {
    code: "OZG602",
    name: "scenario-unknown-step",
    summary: "A scenario names a step the service does not have, or one that takes no action.",
    severity: Severity::Error,
    explanation: "Events name the task or wait step they act on, and `expect.path` lists the \
        steps a case passes. A step that does not exist, or a decision given to a step that \
        is not a task, cannot match.",
    wrong: "[[event]]\non = 2024-03-06\nstep = \"reveiw\"\ndecision = \"approve\"",
    right: "[[event]]\non = 2024-03-06\nstep = \"review\"\ndecision = \"approve\"",
};

pub static UNKNOWN_DECISION: Rule = Rule {
    code: "OZG603",
    name: "scenario-unknown-decision",
    summary: "A scenario takes a decision or sends an event the step does not declare.",
    severity: Severity::Error,
    explanation: "A task can only be decided with one of its `decisions`, and a wait step \
        only receives one of its `events`. Anything else would stop the scenario.",
    wrong: "[[event]]\non = 2024-03-06\nstep = \"review\"\ndecision = \"approved\"",
    right: "[[event]]\non = 2024-03-06\nstep = \"review\"\ndecision = \"approve\"",
};

pub static UNKNOWN_ITEM: Rule = Rule {
    code: "OZG604",
    name: "scenario-unknown-item",
    summary: "A scenario expects a fee, deadline or notification the service does not have.",
    severity: Severity::Error,
    explanation: "Expectations name fees, deadlines and notifications by id. An id the \
        service does not have can never be met, so the scenario would fail for a reason that \
        has nothing to do with the case.",
    wrong: "[expect]\nfees = { anual_fee = 200.00 }",
    right: "[expect]\nfees = { annual_fee = 200.00 }",
};

pub static DATE_ORDER: Rule = Rule {
    code: "OZG605",
    name: "scenario-date-order",
    summary: "A scenario event happens before the one before it, or before submission.",
    severity: Severity::Error,
    explanation: "Events happen in the order written, and time only moves forward. An event \
        dated before the previous event or before the submission cannot happen.",
    wrong: "[scenario]\nsubmitted = 2024-03-04\n\n[[event]]\non = 2024-03-01\n\
        decision = \"approve\"",
    right: "[scenario]\nsubmitted = 2024-03-04\n\n[[event]]\non = 2024-03-06\n\
        decision = \"approve\"",
};

pub static WITHOUT_SERVICE: Rule = Rule {
    code: "OZG606",
    name: "scenario-without-service",
    summary: "A scenario in a folder that holds no service.",
    severity: Severity::Error,
    explanation: "Scenarios belong to the service in whose folder they lie: \
        `services/<service>/scenarios/`. In a folder without `service.toml` there is no \
        service to run them against.",
    wrong: "services/hundesteur/scenarios/one_dog.toml   # the service is services/hundesteuer",
    right: "services/hundesteuer/scenarios/one_dog.toml",
};

pub fn check_repository(repository: &Repository) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for scenario in &repository.scenarios {
        match repository
            .services
            .iter()
            .find(|s| s.folder == scenario.service)
        {
            Some(service) => check_scenario(service, scenario, &mut out),
            None => {
                // The service may simply not be selected for this run.
                let file = repository.sources.get(scenario.file);
                let folder = file.path.parent().and_then(std::path::Path::parent);
                if folder.is_some_and(|f| !f.join("service.toml").is_file()) {
                    let (message, help) = msg::scenario_without_service(&scenario.service);
                    out.push(
                        Diagnostic::new(&WITHOUT_SERVICE, scenario.file, scenario.header, message)
                            .with_optional_help(help),
                    );
                }
            }
        }
    }
    out
}

fn check_scenario(service: &Service, scenario: &Scenario, out: &mut Vec<Diagnostic>) {
    let file = scenario.file;
    let mut report = |rule: &'static Rule, span: Span, (message, help): msg::Text| {
        out.push(Diagnostic::new(rule, file, span, message).with_optional_help(help));
    };
    let fields = service.fields();
    let top_level: Vec<&str> = fields
        .iter()
        .filter(|(_, group)| group.is_none())
        .map(|(f, _)| f.id.value.as_str())
        .chain(
            service
                .sections()
                .iter()
                .filter(|s| s.repeat.is_some())
                .map(|s| s.id.value.as_str()),
        )
        .collect();
    for entry in &scenario.input {
        check_input(service, entry, &top_level, &mut report);
    }

    let steps = &service.process.steps;
    let step_ids: Vec<&str> = steps.iter().map(|s| s.id.value.as_str()).collect();
    let mut previous = scenario.submitted.as_ref().map(|s| s.value);
    for event in &scenario.events {
        if let Some(on) = &event.on {
            if previous.is_some_and(|p| on.value < p) {
                report(
                    &DATE_ORDER,
                    on.span,
                    msg::scenario_date_order(on.value, previous),
                );
            }
            previous = Some(on.value);
        }
        let action = event
            .decision
            .as_ref()
            .map(|d| (d, StepKind::Task))
            .or(event.event.as_ref().map(|e| (e, StepKind::Wait)));
        let named = event
            .step
            .as_ref()
            .map(|name| (name, service.process.step(&name.value)));
        match (named, action) {
            (Some((name, None)), _) => report(
                &UNKNOWN_STEP,
                name.span,
                msg::scenario_unknown_step(&name.value, closest(&name.value, &step_ids)),
            ),
            (Some((name, Some(step))), Some((value, kind))) => {
                if step.kind() != Some(kind) {
                    report(
                        &UNKNOWN_STEP,
                        name.span,
                        msg::scenario_step_kind(&name.value, kind.name()),
                    );
                } else {
                    let declared = if kind == StepKind::Task {
                        &step.decisions
                    } else {
                        &step.events
                    };
                    check_declared(value, declared, &name.value, &mut report);
                }
            }
            (None, Some((value, kind))) => {
                // Without a step, the value must be declared by some step of that kind.
                let declared: Vec<Spanned<String>> = steps
                    .iter()
                    .filter(|s| s.kind() == Some(kind))
                    .flat_map(|s| {
                        if kind == StepKind::Task {
                            &s.decisions
                        } else {
                            &s.events
                        }
                    })
                    .cloned()
                    .collect();
                check_declared(value, &declared, "", &mut report);
            }
            _ => {}
        }
    }

    let expect = &scenario.expect;
    for step in expect.path.iter().flatten() {
        if !step_ids.contains(&step.value.as_str()) {
            report(
                &UNKNOWN_STEP,
                step.span,
                msg::scenario_unknown_step(&step.value, closest(&step.value, &step_ids)),
            );
        }
    }
    let fee_ids: Vec<&str> = service.fees.iter().map(|f| f.id.value.as_str()).collect();
    let expected_fees = expect
        .fees
        .iter()
        .map(|(f, _)| f)
        .chain(expect.split.iter().map(|(f, _)| f));
    for fee in expected_fees {
        if !fee_ids.contains(&fee.value.as_str()) {
            report(
                &UNKNOWN_ITEM,
                fee.span,
                msg::scenario_unknown_item("fee", &fee.value, closest(&fee.value, &fee_ids)),
            );
        }
    }
    let deadline_ids: Vec<&str> = steps
        .iter()
        .filter(|s| s.deadline.is_some())
        .map(|s| s.id.value.as_str())
        .chain(
            service
                .process
                .deadlines
                .iter()
                .map(|d| d.id.value.as_str()),
        )
        .collect();
    for (deadline, _) in &expect.deadlines {
        if !deadline_ids.contains(&deadline.value.as_str()) {
            report(
                &UNKNOWN_ITEM,
                deadline.span,
                msg::scenario_unknown_item(
                    "deadline",
                    &deadline.value,
                    closest(&deadline.value, &deadline_ids),
                ),
            );
        }
    }
    let notification_ids: Vec<&str> = service
        .notifications
        .iter()
        .map(|n| n.id.value.as_str())
        .collect();
    for notification in expect.notifications.iter().flatten() {
        if !notification_ids.contains(&notification.value.as_str()) {
            report(
                &UNKNOWN_ITEM,
                notification.span,
                msg::scenario_unknown_item(
                    "notification",
                    &notification.value,
                    closest(&notification.value, &notification_ids),
                ),
            );
        }
    }
    for error in expect.errors.iter().flatten() {
        if !error_names_a_field(service, &error.value) {
            report(
                &UNKNOWN_FIELD,
                error.span,
                msg::scenario_unknown_field(&error.value, None),
            );
        }
    }
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    crate::suggest::closest(word, candidates.iter().copied())
}

fn check_declared(
    value: &Spanned<String>,
    declared: &[Spanned<String>],
    step: &str,
    report: &mut impl FnMut(&'static Rule, Span, msg::Text),
) {
    if !declared.iter().any(|d| d.value == value.value) {
        let names: Vec<&str> = declared.iter().map(|d| d.value.as_str()).collect();
        report(
            &UNKNOWN_DECISION,
            value.span,
            msg::scenario_unknown_decision(&value.value, step, closest(&value.value, &names)),
        );
    }
}

fn check_input(
    service: &Service,
    entry: &InputEntry,
    top_level: &[&str],
    report: &mut impl FnMut(&'static Rule, Span, msg::Text),
) {
    let name = entry.field.value.as_str();
    if !top_level.contains(&name) {
        report(
            &UNKNOWN_FIELD,
            entry.field.span,
            msg::scenario_unknown_field(name, closest(name, top_level)),
        );
        return;
    }
    // Entries of a repeatable group name the group's own fields.
    let Some(group) = service
        .sections()
        .into_iter()
        .find(|s| s.id.value == name && s.repeat.is_some())
    else {
        return;
    };
    let members: Vec<&str> = service
        .fields()
        .into_iter()
        .filter(|(_, g)| g.is_some_and(|g| std::ptr::eq(g, group)))
        .map(|(f, _)| f.id.value.as_str())
        .collect();
    let InputValue::List(items) = &entry.value.value else {
        return;
    };
    for item in items {
        if let InputValue::Table(fields) = &item.value {
            for field in fields {
                let inner = field.field.value.as_str();
                if !members.contains(&inner) {
                    report(
                        &UNKNOWN_FIELD,
                        field.field.span,
                        msg::scenario_unknown_field(inner, closest(inner, &members)),
                    );
                }
            }
        }
    }
}

/// Whether an expected error names a field: `vehicle_length`, or a field
/// of a group entry, `dogs[2].breed`.
fn error_names_a_field(service: &Service, name: &str) -> bool {
    let field = match name.split_once('.') {
        Some((group, field)) => {
            let group = group.split('[').next().unwrap_or(group);
            if !service
                .sections()
                .iter()
                .any(|s| s.id.value == group && s.repeat.is_some())
            {
                return false;
            }
            field
        }
        None => name.split('[').next().unwrap_or(name),
    };
    service.fields().iter().any(|(f, _)| f.id.value == field)
        || service
            .sections()
            .iter()
            .any(|s| s.id.value == field && s.repeat.is_some())
}
