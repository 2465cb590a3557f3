//! Rules about scenarios: a scenario may only name fields, steps,
//! decisions, events, fees, deadlines and notifications its service has,
//! and its events must happen in order. Without these checks a renamed
//! field would quietly turn a scenario into a different case.

use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::model::scenario::{InputValue, Scenario};
use crate::model::{Repository, Section, Service, Step, StepKind};
use crate::source::{FileId, Span, Spanned};

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
        let mut checker = Checker {
            file: scenario.file,
            out: &mut out,
        };
        if let Some(service) = repository
            .services
            .iter()
            .find(|s| s.folder == scenario.service)
        {
            checker.input(service, scenario);
            checker.events(service, scenario);
            checker.expectations(service, scenario);
            continue;
        }
        // The service may simply not be selected for this run.
        let file = repository.sources.get(scenario.file);
        let folder = file.path.parent().and_then(std::path::Path::parent);
        if folder.is_some_and(|f| !f.join("service.toml").is_file()) {
            checker.report(
                &WITHOUT_SERVICE,
                scenario.header,
                msg::scenario_without_service(&scenario.service),
            );
        }
    }
    out
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    crate::suggest::closest(word, candidates.iter().copied())
}

struct Checker<'a> {
    file: FileId,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, rule: &'static Rule, span: Span, (message, help): msg::Text) {
        self.out
            .push(Diagnostic::new(rule, self.file, span, message).with_optional_help(help));
    }

    fn input(&mut self, service: &Service, scenario: &Scenario) {
        let fields = service.fields();
        let groups: Vec<&Section> = service
            .sections()
            .into_iter()
            .filter(|s| s.repeat.is_some())
            .collect();
        let top_level: Vec<&str> = fields
            .iter()
            .filter(|(_, group)| group.is_none())
            .map(|(f, _)| f.id.value.as_str())
            .chain(groups.iter().map(|s| s.id.value.as_str()))
            .collect();
        for entry in &scenario.input {
            let name = entry.field.value.as_str();
            if !top_level.contains(&name) {
                let text = msg::scenario_unknown_field(name, closest(name, &top_level));
                self.report(&UNKNOWN_FIELD, entry.field.span, text);
                continue;
            }
            // Entries of a repeatable group name the group's own fields.
            let Some(group) = groups.iter().find(|s| s.id.value == name) else {
                continue;
            };
            let members: Vec<&str> = fields
                .iter()
                .filter(|(_, g)| g.is_some_and(|g| std::ptr::eq(g, *group)))
                .map(|(f, _)| f.id.value.as_str())
                .collect();
            let InputValue::List(items) = &entry.value.value else {
                continue;
            };
            for item in items {
                let InputValue::Table(values) = &item.value else {
                    continue;
                };
                for value in values {
                    let inner = value.field.value.as_str();
                    if !members.contains(&inner) {
                        let text = msg::scenario_unknown_field(inner, closest(inner, &members));
                        self.report(&UNKNOWN_FIELD, value.field.span, text);
                    }
                }
            }
        }
    }

    fn events(&mut self, service: &Service, scenario: &Scenario) {
        let steps = &service.process.steps;
        let step_ids: Vec<&str> = steps.iter().map(|s| s.id.value.as_str()).collect();
        let mut previous = scenario.submitted.as_ref().map(|s| s.value);
        for event in &scenario.events {
            if let Some(on) = &event.on {
                if previous.is_some_and(|p| on.value < p) {
                    self.report(
                        &DATE_ORDER,
                        on.span,
                        msg::scenario_date_order(on.value, previous),
                    );
                }
                previous = Some(on.value);
            }
            let action = match (&event.decision, &event.event) {
                (Some(decision), _) => Some((decision, StepKind::Task)),
                (None, Some(name)) => Some((name, StepKind::Wait)),
                (None, None) => None,
            };
            let Some((value, kind)) = action else {
                if let Some(name) = &event.step
                    && service.process.step(&name.value).is_none()
                {
                    let text =
                        msg::scenario_unknown_step(&name.value, closest(&name.value, &step_ids));
                    self.report(&UNKNOWN_STEP, name.span, text);
                }
                continue;
            };
            let declared: Vec<&Spanned<String>> = match &event.step {
                Some(name) => match service.process.step(&name.value) {
                    None => {
                        let text = msg::scenario_unknown_step(
                            &name.value,
                            closest(&name.value, &step_ids),
                        );
                        self.report(&UNKNOWN_STEP, name.span, text);
                        continue;
                    }
                    Some(step) if step.kind() != Some(kind) => {
                        let text = msg::scenario_step_kind(&name.value, kind.name());
                        self.report(&UNKNOWN_STEP, name.span, text);
                        continue;
                    }
                    Some(step) => declared_by(step, kind).collect(),
                },
                // Without a step, some step of that kind must declare it.
                None => steps
                    .iter()
                    .filter(|s| s.kind() == Some(kind))
                    .flat_map(|s| declared_by(s, kind))
                    .collect(),
            };
            if !declared.iter().any(|d| d.value == value.value) {
                let names: Vec<&str> = declared.iter().map(|d| d.value.as_str()).collect();
                let step = event.step.as_ref().map_or("", |s| s.value.as_str());
                let text = msg::scenario_unknown_decision(
                    &value.value,
                    step,
                    closest(&value.value, &names),
                );
                self.report(&UNKNOWN_DECISION, value.span, text);
            }
        }
    }

    fn expectations(&mut self, service: &Service, scenario: &Scenario) {
        let expect = &scenario.expect;
        let steps = &service.process.steps;
        let step_ids: Vec<&str> = steps.iter().map(|s| s.id.value.as_str()).collect();
        for step in expect.path.iter().flatten() {
            if !step_ids.contains(&step.value.as_str()) {
                let text = msg::scenario_unknown_step(&step.value, closest(&step.value, &step_ids));
                self.report(&UNKNOWN_STEP, step.span, text);
            }
        }
        let fee_ids: Vec<&str> = service.fees.iter().map(|f| f.id.value.as_str()).collect();
        let fees = expect
            .fees
            .iter()
            .map(|(f, _)| f)
            .chain(expect.split.iter().map(|(f, _)| f));
        self.known_items("fee", fees, &fee_ids);
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
        self.known_items(
            "deadline",
            expect.deadlines.iter().map(|(d, _)| d),
            &deadline_ids,
        );
        let notification_ids: Vec<&str> = service
            .notifications
            .iter()
            .map(|n| n.id.value.as_str())
            .collect();
        self.known_items(
            "notification",
            expect.notifications.iter().flatten(),
            &notification_ids,
        );
        for error in expect.errors.iter().flatten() {
            if !error_names_a_field(service, &error.value) {
                self.report(
                    &UNKNOWN_FIELD,
                    error.span,
                    msg::scenario_unknown_field(&error.value, None),
                );
            }
        }
    }

    fn known_items<'a>(
        &mut self,
        what: &str,
        names: impl Iterator<Item = &'a Spanned<String>>,
        known: &[&str],
    ) {
        for name in names {
            if !known.contains(&name.value.as_str()) {
                let text =
                    msg::scenario_unknown_item(what, &name.value, closest(&name.value, known));
                self.report(&UNKNOWN_ITEM, name.span, text);
            }
        }
    }
}

/// The decisions of a task, or the events of a wait.
fn declared_by(step: &Step, kind: StepKind) -> impl Iterator<Item = &Spanned<String>> {
    if kind == StepKind::Task {
        step.decisions.iter()
    } else {
        step.events.iter()
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
