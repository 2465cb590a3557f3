//! Comparing two versions of a service, element by element.
//!
//! Elements are matched by id, never by position in the file: fields (in
//! whatever section they stand), options and code list entries by code,
//! computed values, decision tables, fees, roles, steps, case deadlines and
//! notifications by id; decision table rules by their position within the
//! table, since rules have no id; transitions by their target within the
//! step they leave.
//!
//! Each difference is classified (see [`Category`]):
//! - *legal*: fees (amounts, conditions, legal basis, split), deadlines,
//!   the service's legal basis, validity, authority and federal state, and
//!   computed values and decision tables that a fee depends on;
//! - *applicant*: fields, sections, options, code lists, notifications sent
//!   or not, and computed values and decision tables that form conditions
//!   depend on;
//! - *process*: steps, transitions, guards, roles, task decisions, wait
//!   events, the start step, and the remaining computed values and tables;
//! - *wording*: labels, titles, help texts, notification subjects and
//!   texts, validation messages.
//!
//! A change is flagged [`Breaking`] when it can strand cases in progress
//! (a step where cases wait, a task's decision, a wait's event removed or
//! renamed) or make applications that were valid before invalid (a field
//! became required, a new required field, a tightened constraint, an
//! option removed). Steps where cases wait are tasks, waits and joins: a
//! join holds the branches that arrived until the others do.
//!
//! A step that was removed while another was added with the same kind,
//! role and transitions (or the same incoming transitions) is reported as
//! renamed; transitions into it are then matched under its new id.

// The model keeps optional values as `Option<Spanned<_>>` fields; the
// helpers read them in place.
#![allow(clippy::ref_option)]
// Counts of steps are small; they convert to f64 exactly.
#![allow(clippy::cast_precision_loss)]

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diff::amounts;
use crate::diff::value::{Row, Value};
use crate::diff::{
    Action, Breaking, Category, Change, CodeListDiff, Element, Note, ServiceDiff, ServiceStatus,
    Target,
};
use crate::feel::names::{free_names, free_names_in_tests};
use crate::graph::{Marks, ProcessGraph};
use crate::model::{
    Bound, CodeEntry, CodeList, Deadline, DecisionRule, DecisionTable, Expression, Field, FormItem,
    Repository, Requirement, Section, Service, Step, StepKind, Transition,
};
use crate::source::Spanned;

/// The two repositories a service comparison may look things up in
/// (the code lists a field refers to).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub old: &'a Repository,
    pub new: &'a Repository,
}

/// Compares two versions of a service; `None` for a version that does not
/// exist. Returns `None` when neither exists.
pub fn compare_services(
    old: Option<&Service>,
    new: Option<&Service>,
    context: &Context<'_>,
) -> Option<ServiceDiff> {
    match (old, new) {
        (None, None) => None,
        (None, Some(new)) => Some(whole_service(new, context.new, ServiceStatus::Added)),
        (Some(old), None) => Some(whole_service(old, context.old, ServiceStatus::Removed)),
        (Some(old), Some(new)) => Some(changed_service(old, new, context)),
    }
}

fn whole_service(service: &Service, repo: &Repository, status: ServiceStatus) -> ServiceDiff {
    let (action, applies_from) = match status {
        ServiceStatus::Removed => (Action::Removed, None),
        _ => (Action::Added, valid_from(service)),
    };
    let summary = Value::Summary(crate::diff::messages::service_summary(
        service.fields().len(),
        service.fees.len(),
        service.process.steps.len(),
        valid_from(service),
    ));
    let (old, new) = match status {
        ServiceStatus::Removed => (Some(summary), None),
        _ => (None, Some(summary)),
    };
    let change = Change {
        target: Target::new(Element::Service, service.meta.id.value.clone()),
        action,
        property: None,
        old,
        new,
        category: Category::Legal,
        breaking: None,
        applies_from,
    };
    ServiceDiff {
        id: service.meta.id.value.clone(),
        title: text(&service.meta.title).map(str::to_owned),
        status,
        file: repo.sources.get(service.file).relative.clone(),
        old_valid_from: if status == ServiceStatus::Removed {
            valid_from(service)
        } else {
            None
        },
        new_valid_from: applies_from,
        changes: vec![change],
        notes: Vec::new(),
        process: None,
    }
}

fn valid_from(service: &Service) -> Option<jiff::civil::Date> {
    service.meta.valid_from.as_ref().map(|d| d.value)
}

fn changed_service(old: &Service, new: &Service, context: &Context<'_>) -> ServiceDiff {
    let mut differ = Differ {
        old,
        new,
        context,
        applies_from: valid_from(new),
        old_usage: usage(old),
        new_usage: usage(new),
        changes: Vec::new(),
        renames: Vec::new(),
    };
    differ.metadata();
    differ.form();
    differ.computed();
    differ.decisions();
    differ.fees();
    differ.roles();
    differ.process();
    differ.notifications();

    let changes = differ.changes;
    let renames = differ.renames;
    let mut notes = Vec::new();
    let legal_change = changes
        .iter()
        .any(|c| c.category == Category::Legal && c.property != Some("valid_from"));
    if legal_change && valid_from(old).is_some() && valid_from(old) == valid_from(new) {
        notes.push(Note::ValidFromUnchanged);
    }
    let process = changes
        .iter()
        .any(|c| {
            matches!(
                c.target.element,
                Element::Step | Element::Transition | Element::Process
            ) || (c.target.element == Element::Deadline && c.target.parent.is_some())
        })
        .then(|| ProcessGraph::compare(old, new, &marks(&changes, &renames)));
    ServiceDiff {
        id: new.meta.id.value.clone(),
        title: text(&new.meta.title).map(str::to_owned),
        status: ServiceStatus::Changed,
        file: context.new.sources.get(new.file).relative.clone(),
        old_valid_from: valid_from(old),
        new_valid_from: valid_from(new),
        changes,
        notes,
        process,
    }
}

/// What the process graph highlights, from the changes found.
fn marks(changes: &[Change], renames: &[(String, String)]) -> Marks {
    let mut marks = Marks {
        renamed: renames.to_vec(),
        ..Marks::default()
    };
    for change in changes {
        let target = &change.target;
        match (target.element, &change.action) {
            (Element::Step, Action::Changed | Action::Renamed { .. }) => {
                marks.changed_steps.insert(target.id.clone());
            }
            (Element::Deadline, _) => {
                if let Some(step) = &target.parent {
                    marks.changed_steps.insert(step.clone());
                }
            }
            (Element::Transition, Action::Changed) => {
                if let Some(step) = &target.parent {
                    marks
                        .changed_transitions
                        .insert((step.clone(), target.id.clone()));
                }
            }
            _ => {}
        }
    }
    marks
}

/// Compares two versions of a shared code list.
pub fn compare_codelists(
    old: Option<&CodeList>,
    new: Option<&CodeList>,
    context: &Context<'_>,
) -> Option<CodeListDiff> {
    let (status, list, repo) = match (old, new) {
        (None, None) => return None,
        (None, Some(new)) => (ServiceStatus::Added, new, context.new),
        (Some(old), None) => (ServiceStatus::Removed, old, context.old),
        (Some(_), Some(new)) => (ServiceStatus::Changed, new, context.new),
    };
    let id = list.id.value.clone();
    let target = Target::new(Element::CodeList, id.clone());
    let mut changes = Vec::new();
    match (old, new) {
        (Some(old), Some(new)) => {
            let mut push = |property, old: Option<Value>, new: Option<Value>, category| {
                changes.push(Change {
                    target: target.clone(),
                    action: Action::Changed,
                    property: Some(property),
                    old,
                    new,
                    category,
                    breaking: None,
                    applies_from: None,
                });
            };
            if text(&old.title) != text(&new.title) {
                push(
                    "title",
                    wording(&old.title),
                    wording(&new.title),
                    Category::Wording,
                );
            }
            if text(&old.version) != text(&new.version) {
                push(
                    "version",
                    plain(&old.version),
                    plain(&new.version),
                    Category::Applicant,
                );
            }
            let external = |l: &CodeList| {
                l.external.as_ref().map(|e| {
                    format!(
                        "{} {}",
                        text(&e.id).unwrap_or_default(),
                        text(&e.version).unwrap_or_default()
                    )
                })
            };
            if external(old) != external(new) {
                push(
                    "external",
                    external(old).map(Value::Text),
                    external(new).map(Value::Text),
                    Category::Applicant,
                );
            }
            entries(
                &Target::new(Element::CodeListEntry, String::new()).within(id.clone()),
                old.entries.as_ref().map(|e| e.value.as_slice()),
                new.entries.as_ref().map(|e| e.value.as_slice()),
                None,
                &mut changes,
            );
        }
        _ => changes.push(Change {
            target,
            action: if status == ServiceStatus::Added {
                Action::Added
            } else {
                Action::Removed
            },
            property: None,
            old: None,
            new: None,
            category: Category::Applicant,
            breaking: None,
            applies_from: None,
        }),
    }
    Some(CodeListDiff {
        id,
        title: text(&list.title).map(str::to_owned),
        status,
        file: repo.sources.get(list.file).relative.clone(),
        changes,
    })
}

/// Compares the entries of two code lists (inline options or a shared
/// list) by code. `target` names the element kind and parent; the id is
/// filled in with each code.
fn entries(
    target: &Target,
    old: Option<&[CodeEntry]>,
    new: Option<&[CodeEntry]>,
    applies_from: Option<jiff::civil::Date>,
    out: &mut Vec<Change>,
) {
    let old = old.unwrap_or_default();
    let new = new.unwrap_or_default();
    let label = |e: &CodeEntry| text(&e.label).unwrap_or_default().to_owned();
    let at = |code: &str| Target {
        id: code.to_owned(),
        ..target.clone()
    };
    for entry in old {
        match new.iter().find(|n| n.code.value == entry.code.value) {
            None => out.push(Change {
                target: at(&entry.code.value),
                action: Action::Removed,
                property: None,
                old: Some(Value::Wording(label(entry))),
                new: None,
                category: Category::Applicant,
                breaking: Some(Breaking::OptionRemoved),
                applies_from,
            }),
            Some(now) if label(entry) != label(now) => out.push(Change {
                target: at(&entry.code.value),
                action: Action::Changed,
                property: Some("label"),
                old: Some(Value::Wording(label(entry))),
                new: Some(Value::Wording(label(now))),
                category: Category::Wording,
                breaking: None,
                applies_from,
            }),
            Some(_) => {}
        }
    }
    for entry in new {
        if !old.iter().any(|o| o.code.value == entry.code.value) {
            out.push(Change {
                target: at(&entry.code.value),
                action: Action::Added,
                property: None,
                old: None,
                new: Some(Value::Wording(label(entry))),
                category: Category::Applicant,
                breaking: None,
                applies_from,
            });
        }
    }
}

fn text(value: &Option<Spanned<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.value.as_str())
}

fn wording(value: &Option<Spanned<String>>) -> Option<Value> {
    value.as_ref().map(|v| Value::Wording(v.value.clone()))
}

fn plain(value: &Option<Spanned<String>>) -> Option<Value> {
    value.as_ref().map(|v| Value::Text(v.value.clone()))
}

/// An expression's text with runs of white space made one space, so that
/// re-wrapping a long condition is not a change.
fn normalized(expression: Option<&Expression>) -> Option<String> {
    expression.map(|e| e.text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn expression(expression: Option<&Expression>) -> Option<Value> {
    expression.map(|e| Value::Expression(e.text.trim().to_owned()))
}

/// For each computed value and decision table, the weightiest use of it:
/// legal when a fee depends on it, applicant when a form condition does,
/// process otherwise.
fn usage(service: &Service) -> HashMap<String, Category> {
    let mut usage: HashMap<String, Category> = HashMap::new();
    let mut mark = |expression: Option<&Expression>, category: Category| {
        for name in names(expression) {
            let entry = usage.entry(name).or_insert(category);
            *entry = (*entry).min(category);
        }
    };
    for fee in &service.fees {
        mark(fee.amount.as_ref(), Category::Legal);
        mark(fee.when.as_ref(), Category::Legal);
        for share in &fee.split {
            mark(share.share.as_ref(), Category::Legal);
        }
    }
    for (field, _) in service.fields() {
        mark(field.visible.as_ref(), Category::Applicant);
        if let Some(Requirement::When(e)) = &field.required {
            mark(Some(e), Category::Applicant);
        }
        for v in &field.validate {
            mark(v.rule.as_ref(), Category::Applicant);
        }
    }
    for section in service.sections() {
        mark(section.visible.as_ref(), Category::Applicant);
    }
    // What a computed value or table uses inherits its weight, until
    // nothing changes any more.
    let derived: Vec<(&str, Vec<String>)> = service
        .computed
        .iter()
        .map(|c| (c.id.value.as_str(), names(c.expr.as_ref())))
        .chain(service.decisions.iter().map(|d| {
            let mut used: Vec<String> = d.inputs.iter().flat_map(|e| names(Some(e))).collect();
            for rule in &d.rules {
                used.extend(rule.when.iter().flat_map(|e| names(Some(e))));
                used.extend(names(rule.then.as_ref()));
            }
            used.extend(names(d.default.as_ref()));
            (d.id.value.as_str(), used)
        }))
        .collect();
    for _ in 0..derived.len() {
        let mut changed = false;
        for (id, used) in &derived {
            let Some(&category) = usage.get(*id) else {
                continue;
            };
            for name in used {
                let entry = usage.entry(name.clone()).or_insert(Category::Process);
                if category < *entry {
                    *entry = category;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    usage
}

fn names(expression: Option<&Expression>) -> Vec<String> {
    let Some(expression) = expression else {
        return Vec::new();
    };
    if let Some(expr) = expression.expr() {
        free_names(expr)
            .into_iter()
            .map(|(n, _)| n.to_owned())
            .collect()
    } else if let Some(tests) = expression.tests() {
        free_names_in_tests(tests)
            .into_iter()
            .map(|(n, _)| n.to_owned())
            .collect()
    } else {
        Vec::new()
    }
}

/// A field with where it stands in the form.
struct Placed<'a> {
    field: &'a Field,
    /// The ids of the sections it stands in, outermost first.
    sections: Vec<String>,
    /// The innermost repeatable group it belongs to.
    group: Option<String>,
}

fn placed_fields(service: &Service) -> Vec<Placed<'_>> {
    fn walk<'a>(
        items: &'a [FormItem],
        path: &mut Vec<String>,
        group: Option<&str>,
        out: &mut Vec<Placed<'a>>,
    ) {
        for item in items {
            match item {
                FormItem::Field(field) => out.push(Placed {
                    field,
                    sections: path.clone(),
                    group: group.map(str::to_owned),
                }),
                FormItem::Section(section) => {
                    path.push(section.id.value.clone());
                    let group = if section.repeat.is_some() {
                        Some(section.id.value.as_str())
                    } else {
                        group
                    };
                    walk(&section.items, path, group, out);
                    path.pop();
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&service.form, &mut Vec::new(), None, &mut out);
    out
}

fn options_of(field: &Field) -> Option<&[CodeEntry]> {
    field.options.as_ref().map(|o| o.value.as_slice())
}

/// A field's checks keyed by their rule, since they have no id.
fn checks_of(field: &Field) -> Vec<(String, &crate::model::Validation)> {
    field
        .validate
        .iter()
        .map(|v| (normalized(v.rule.as_ref()).unwrap_or_default(), v))
        .collect()
}

/// Whether cases can be waiting in a step of this kind.
fn holds_cases(kind: Option<StepKind>) -> bool {
    matches!(kind, Some(StepKind::Task | StepKind::Wait | StepKind::Join))
}

struct Differ<'a> {
    old: &'a Service,
    new: &'a Service,
    context: &'a Context<'a>,
    applies_from: Option<jiff::civil::Date>,
    old_usage: HashMap<String, Category>,
    new_usage: HashMap<String, Category>,
    changes: Vec<Change>,
    /// Steps found renamed: (old id, new id).
    renames: Vec<(String, String)>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        target: &Target,
        action: Action,
        property: Option<&'static str>,
        values: (Option<Value>, Option<Value>),
        category: Category,
        breaking: Option<Breaking>,
    ) {
        self.changes.push(Change {
            target: target.clone(),
            action,
            property,
            old: values.0,
            new: values.1,
            category,
            breaking,
            applies_from: self.applies_from,
        });
    }

    fn added(
        &mut self,
        target: &Target,
        new: Value,
        category: Category,
        breaking: Option<Breaking>,
    ) {
        self.push(
            target,
            Action::Added,
            None,
            (None, Some(new)),
            category,
            breaking,
        );
    }

    fn removed(
        &mut self,
        target: &Target,
        old: Value,
        category: Category,
        breaking: Option<Breaking>,
    ) {
        self.push(
            target,
            Action::Removed,
            None,
            (Some(old), None),
            category,
            breaking,
        );
    }

    fn changed(
        &mut self,
        target: &Target,
        property: &'static str,
        values: (Option<Value>, Option<Value>),
        category: Category,
        breaking: Option<Breaking>,
    ) {
        self.push(
            target,
            Action::Changed,
            Some(property),
            values,
            category,
            breaking,
        );
    }

    /// A text property; labels and texts are compared as wording.
    fn text_property(
        &mut self,
        target: &Target,
        property: &'static str,
        old: &Option<Spanned<String>>,
        new: &Option<Spanned<String>>,
        category: Category,
    ) {
        if text(old) != text(new) {
            let convert = if category == Category::Wording {
                wording
            } else {
                plain
            };
            self.changed(
                target,
                property,
                (convert(old), convert(new)),
                category,
                None,
            );
        }
    }

    fn expression_property(
        &mut self,
        target: &Target,
        property: &'static str,
        old: Option<&Expression>,
        new: Option<&Expression>,
        category: Category,
        breaking: Option<Breaking>,
    ) {
        if normalized(old) != normalized(new) {
            self.changed(
                target,
                property,
                (expression(old), expression(new)),
                category,
                breaking,
            );
        }
    }

    fn metadata(&mut self) {
        let (old, new) = (&self.old.meta, &self.new.meta);
        let target = Target::new(Element::Service, new.id.value.clone());
        self.text_property(&target, "title", &old.title, &new.title, Category::Wording);
        self.text_property(
            &target,
            "description",
            &old.description,
            &new.description,
            Category::Wording,
        );
        self.text_property(
            &target,
            "authority",
            &old.authority,
            &new.authority,
            Category::Legal,
        );
        self.text_property(&target, "state", &old.state, &new.state, Category::Legal);
        self.text_property(&target, "leika", &old.leika, &new.leika, Category::Process);
        self.text_property(
            &target,
            "retention",
            &old.retention,
            &new.retention,
            Category::Legal,
        );
        let date = |d: &Option<Spanned<jiff::civil::Date>>| d.as_ref().map(|d| d.value);
        if date(&old.valid_from) != date(&new.valid_from) {
            self.changed(
                &target,
                "valid_from",
                (
                    date(&old.valid_from).map(Value::Date),
                    date(&new.valid_from).map(Value::Date),
                ),
                Category::Legal,
                None,
            );
        }
        if date(&old.valid_until) != date(&new.valid_until) {
            self.changed(
                &target,
                "valid_until",
                (
                    date(&old.valid_until).map(Value::Date),
                    date(&new.valid_until).map(Value::Date),
                ),
                Category::Legal,
                None,
            );
        }
        let list = |l: &[Spanned<String>]| l.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        if list(&old.legal_basis) != list(&new.legal_basis) {
            self.changed(
                &target,
                "legal_basis",
                (
                    Some(Value::List(list(&old.legal_basis))),
                    Some(Value::List(list(&new.legal_basis))),
                ),
                Category::Legal,
                None,
            );
        }
        let rounding = |m: &crate::model::Metadata| m.fee_rounding.as_ref().map(|r| r.value);
        if rounding(old) != rounding(new) {
            let name = |r: Option<crate::model::Rounding>| {
                let r = r.unwrap_or_default();
                let index = [
                    crate::model::Rounding::HalfUp,
                    crate::model::Rounding::HalfEven,
                    crate::model::Rounding::Down,
                    crate::model::Rounding::Up,
                ]
                .iter()
                .position(|x| *x == r)
                .unwrap_or(0);
                Value::Text(crate::model::Rounding::NAMES[index].to_owned())
            };
            self.changed(
                &target,
                "fee_rounding",
                (Some(name(rounding(old))), Some(name(rounding(new)))),
                Category::Legal,
                None,
            );
        }
    }

    fn form(&mut self) {
        let old_fields = placed_fields(self.old);
        let new_fields = placed_fields(self.new);
        for old in &old_fields {
            let id = &old.field.id.value;
            let target = Target::new(Element::Field, id.clone());
            match new_fields.iter().find(|n| &n.field.id.value == id) {
                None => {
                    let summary = field_summary(old.field);
                    self.removed(&target, summary, Category::Applicant, None);
                }
                Some(new) => self.field(&target, old, new),
            }
        }
        for new in &new_fields {
            let id = &new.field.id.value;
            if !old_fields.iter().any(|o| &o.field.id.value == id) {
                let required = matches!(
                    new.field.required,
                    Some(Requirement::Always(Spanned { value: true, .. }) | Requirement::When(_))
                ) && new.field.kind.as_ref().map(|k| k.value)
                    != Some(crate::model::FieldType::Display);
                let target = Target::new(Element::Field, id.clone());
                let summary = field_summary(new.field);
                self.added(
                    &target,
                    summary,
                    Category::Applicant,
                    required.then_some(Breaking::NewRequiredField),
                );
            }
        }
        self.sections();
    }

    fn sections(&mut self) {
        let old_sections = self.old.sections();
        let new_sections = self.new.sections();
        for old in &old_sections {
            let target = Target::new(Element::Section, old.id.value.clone());
            match new_sections.iter().find(|n| n.id.value == old.id.value) {
                None => {
                    let summary = Value::Summary(text(&old.title).unwrap_or_default().to_owned());
                    self.removed(&target, summary, Category::Applicant, None);
                }
                Some(new) => self.section(&target, old, new),
            }
        }
        for new in &new_sections {
            if !old_sections.iter().any(|o| o.id.value == new.id.value) {
                let target = Target::new(Element::Section, new.id.value.clone());
                let summary = Value::Summary(text(&new.title).unwrap_or_default().to_owned());
                self.added(&target, summary, Category::Applicant, None);
            }
        }
    }

    fn section(&mut self, target: &Target, old: &Section, new: &Section) {
        self.text_property(target, "title", &old.title, &new.title, Category::Wording);
        self.expression_property(
            target,
            "visible",
            old.visible.as_ref(),
            new.visible.as_ref(),
            Category::Applicant,
            None,
        );
        let repeat = |s: &Section| {
            s.repeat.as_ref().map(|r| {
                (
                    r.min.as_ref().map(|m| m.value),
                    r.max.as_ref().map(|m| m.value),
                )
            })
        };
        if repeat(old) != repeat(new) {
            let describe = |r: Option<(Option<i64>, Option<i64>)>| {
                r.map(|(min, max)| Value::Text(crate::diff::messages::repeat(min, max)))
            };
            let narrowed = match (repeat(old), repeat(new)) {
                (Some((old_min, old_max)), Some((new_min, new_max))) => {
                    new_min.unwrap_or(0) > old_min.unwrap_or(0)
                        || match (old_max, new_max) {
                            (Some(a), Some(b)) => b < a,
                            (None, Some(_)) => true,
                            _ => false,
                        }
                }
                _ => true,
            };
            self.changed(
                target,
                "repeat",
                (describe(repeat(old)), describe(repeat(new))),
                Category::Applicant,
                narrowed.then_some(Breaking::RepeatNarrowed),
            );
        }
    }

    #[allow(clippy::too_many_lines)]
    fn field(&mut self, target: &Target, old: &Placed<'_>, new: &Placed<'_>) {
        let (o, n) = (old.field, new.field);
        let applicant = Category::Applicant;
        let kind = |f: &Field| f.kind.as_ref().map(|k| k.value);
        if kind(o) != kind(n) {
            let name = |f: &Field| kind(f).map(|k| Value::Text(k.name().to_owned()));
            self.changed(
                target,
                "type",
                (name(o), name(n)),
                applicant,
                Some(Breaking::TypeChanged),
            );
        }
        if old.sections != new.sections {
            let path = |p: &Placed<'_>| Value::Text(p.sections.join(" › "));
            let breaking = (old.group != new.group).then_some(Breaking::GroupChanged);
            self.changed(
                target,
                "section",
                (Some(path(old)), Some(path(new))),
                applicant,
                breaking,
            );
        }
        self.text_property(target, "label", &o.label, &n.label, Category::Wording);
        self.text_property(target, "help", &o.help, &n.help, Category::Wording);
        self.text_property(target, "text", &o.text, &n.text, Category::Wording);

        let required = |f: &Field| match &f.required {
            None => (0, None),
            Some(Requirement::Always(b)) => (if b.value { 2 } else { 0 }, None),
            Some(Requirement::When(e)) => (1, normalized(Some(e))),
        };
        if required(o) != required(n) {
            let describe = |f: &Field| {
                Value::Text(match &f.required {
                    None | Some(Requirement::Always(Spanned { value: false, .. })) => {
                        "no".to_owned()
                    }
                    Some(Requirement::Always(_)) => "yes".to_owned(),
                    Some(Requirement::When(e)) => format!("when {}", e.text.trim()),
                })
            };
            let became = required(n).0 > required(o).0;
            self.changed(
                target,
                "required",
                (Some(describe(o)), Some(describe(n))),
                applicant,
                became.then_some(Breaking::BecameRequired),
            );
        }
        self.expression_property(
            target,
            "visible",
            o.visible.as_ref(),
            n.visible.as_ref(),
            applicant,
            None,
        );

        self.bound(target, "min", o.min.as_ref(), n.min.as_ref(), true);
        self.bound(target, "max", o.max.as_ref(), n.max.as_ref(), false);
        self.integer(
            target,
            "min_length",
            &o.min_length,
            &n.min_length,
            Some(Breaking::MinLengthRaised),
            true,
        );
        self.integer(
            target,
            "max_length",
            &o.max_length,
            &n.max_length,
            Some(Breaking::MaxLengthLowered),
            false,
        );
        self.integer(
            target,
            "decimals",
            &o.decimals,
            &n.decimals,
            Some(Breaking::DecimalsLowered),
            false,
        );
        self.integer(
            target,
            "min_items",
            &o.min_items,
            &n.min_items,
            Some(Breaking::MinItemsRaised),
            true,
        );
        self.integer(
            target,
            "max_items",
            &o.max_items,
            &n.max_items,
            Some(Breaking::MaxItemsLowered),
            false,
        );
        self.integer(
            target,
            "max_size_kb",
            &o.max_size_kb,
            &n.max_size_kb,
            Some(Breaking::MaxSizeLowered),
            false,
        );
        if text(&o.pattern) != text(&n.pattern) {
            let breaking = n.pattern.is_some().then_some(Breaking::PatternChanged);
            self.changed(
                target,
                "pattern",
                (plain(&o.pattern), plain(&n.pattern)),
                applicant,
                breaking,
            );
        }
        let multiline = |f: &Field| f.multiline.as_ref().is_some_and(|m| m.value);
        if multiline(o) != multiline(n) {
            self.changed(
                target,
                "multiline",
                (
                    Some(Value::Bool(multiline(o))),
                    Some(Value::Bool(multiline(n))),
                ),
                applicant,
                None,
            );
        }
        let kinds = |f: &Field| {
            f.file_kinds
                .iter()
                .map(|k| k.value.clone())
                .collect::<Vec<_>>()
        };
        if kinds(o) != kinds(n) {
            let removed = kinds(o).iter().any(|k| !kinds(n).contains(k)) || kinds(o).is_empty();
            self.changed(
                target,
                "file_kinds",
                (Some(Value::List(kinds(o))), Some(Value::List(kinds(n)))),
                applicant,
                removed.then_some(Breaking::FileKindRemoved),
            );
        }

        // Options.
        let options = options_of;
        let option_target = Target::new(Element::Option, String::new()).within(o.id.value.clone());
        entries(
            &option_target,
            options(o),
            options(n),
            self.applies_from,
            &mut self.changes,
        );
        if text(&o.codelist) != text(&n.codelist) {
            let lost = self.codes_lost(text(&o.codelist), text(&n.codelist), options(o));
            self.changed(
                target,
                "codelist",
                (plain(&o.codelist), plain(&n.codelist)),
                applicant,
                lost.then_some(Breaking::CodeListReplaced),
            );
        }
        let external = |f: &Field| {
            f.external_codelist.as_ref().map(|e| {
                format!(
                    "{} {}",
                    text(&e.id).unwrap_or_default(),
                    text(&e.version).unwrap_or_default()
                )
            })
        };
        if external(o) != external(n) {
            self.changed(
                target,
                "external_codelist",
                (external(o).map(Value::Text), external(n).map(Value::Text)),
                applicant,
                None,
            );
        }
        let fim = |f: &Field| {
            f.fim.as_ref().map(|r| {
                format!(
                    "{} {}",
                    text(&r.id).unwrap_or_default(),
                    text(&r.version).unwrap_or_default()
                )
            })
        };
        if fim(o) != fim(n) {
            self.changed(
                target,
                "fim",
                (fim(o).map(Value::Text), fim(n).map(Value::Text)),
                applicant,
                None,
            );
        }

        // Checks: matched by their rule, since they have no id.
        let rules = checks_of;
        let (old_rules, new_rules) = (rules(o), rules(n));
        for (rule, check) in &old_rules {
            match new_rules.iter().find(|(r, _)| r == rule) {
                None => self.changed(
                    target,
                    "validate",
                    (Some(Value::Expression(rule.clone())), None),
                    applicant,
                    None,
                ),
                Some((_, now)) if text(&check.message) != text(&now.message) => {
                    self.changed(
                        target,
                        "validate.message",
                        (wording(&check.message), wording(&now.message)),
                        Category::Wording,
                        None,
                    );
                }
                Some(_) => {}
            }
        }
        for (rule, _) in &new_rules {
            if !old_rules.iter().any(|(r, _)| r == rule) {
                self.changed(
                    target,
                    "validate",
                    (None, Some(Value::Expression(rule.clone()))),
                    applicant,
                    Some(Breaking::CheckAdded),
                );
            }
        }
    }

    /// Whether a field that switched code lists loses codes it offered.
    fn codes_lost(
        &self,
        old: Option<&str>,
        new: Option<&str>,
        inline: Option<&[CodeEntry]>,
    ) -> bool {
        let codes = |repo: &Repository, id: Option<&str>| -> Option<HashSet<String>> {
            let list = repo.codelist(id?)?;
            Some(
                list.entries
                    .as_ref()?
                    .value
                    .iter()
                    .map(|e| e.code.value.clone())
                    .collect(),
            )
        };
        let before = codes(self.context.old, old).or_else(|| {
            inline.map(|entries| entries.iter().map(|e| e.code.value.clone()).collect())
        });
        match (before, codes(self.context.new, new)) {
            (Some(before), Some(after)) => !before.is_subset(&after),
            // Without both lists at hand, a replaced list may lose codes.
            _ => old.is_some(),
        }
    }

    /// A lower (`is_min`) or upper limit.
    fn bound(
        &mut self,
        target: &Target,
        property: &'static str,
        old: Option<&Spanned<Bound>>,
        new: Option<&Spanned<Bound>>,
        is_min: bool,
    ) {
        let (old, new) = (old.map(|b| &b.value), new.map(|b| &b.value));
        if old == new {
            return;
        }
        let tighter = match (old, new) {
            (_, None) => false,
            (Some(Bound::Number(a)), Some(Bound::Number(b))) => {
                if is_min {
                    b > a
                } else {
                    b < a
                }
            }
            (Some(Bound::Date(a)), Some(Bound::Date(b))) => {
                if is_min {
                    b > a
                } else {
                    b < a
                }
            }
            // Newly introduced, or a number limit became a date limit.
            (None | Some(_), Some(_)) => true,
        };
        let value = |b: Option<&Bound>| {
            b.map(|b| match b {
                Bound::Number(n) => Value::Number(*n),
                Bound::Date(d) => Value::Date(*d),
            })
        };
        let breaking = if is_min {
            Breaking::MinRaised
        } else {
            Breaking::MaxLowered
        };
        self.changed(
            target,
            property,
            (value(old), value(new)),
            Category::Applicant,
            tighter.then_some(breaking),
        );
    }

    /// An integer limit; `raise_breaks` tells whether raising it (a
    /// minimum) or lowering it (a maximum) narrows what is accepted.
    fn integer(
        &mut self,
        target: &Target,
        property: &'static str,
        old: &Option<Spanned<i64>>,
        new: &Option<Spanned<i64>>,
        breaking: Option<Breaking>,
        raise_breaks: bool,
    ) {
        let (old, new) = (old.as_ref().map(|v| v.value), new.as_ref().map(|v| v.value));
        if old == new {
            return;
        }
        let tighter = match (old, new) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => {
                if raise_breaks {
                    b > a
                } else {
                    b < a
                }
            }
        };
        self.changed(
            target,
            property,
            (old.map(Value::Integer), new.map(Value::Integer)),
            Category::Applicant,
            breaking.filter(|_| tighter),
        );
    }

    fn derived_category(&self, id: &str) -> Category {
        let of = |usage: &HashMap<String, Category>| usage.get(id).copied();
        match (of(&self.old_usage), of(&self.new_usage)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => Category::Process,
        }
    }

    fn computed(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.computed {
            let target = Target::new(Element::Computed, o.id.value.clone());
            let category = self.derived_category(&o.id.value);
            match new.computed.iter().find(|n| n.id.value == o.id.value) {
                None => {
                    let summary =
                        expression(o.expr.as_ref()).unwrap_or(Value::Summary(String::new()));
                    self.removed(&target, summary, category, None);
                }
                Some(n) => {
                    self.text_property(&target, "label", &o.label, &n.label, Category::Wording);
                    self.expression_property(
                        &target,
                        "expr",
                        o.expr.as_ref(),
                        n.expr.as_ref(),
                        category,
                        None,
                    );
                }
            }
        }
        for n in &new.computed {
            if !old.computed.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::Computed, n.id.value.clone());
                let category = self.derived_category(&n.id.value);
                let summary = expression(n.expr.as_ref()).unwrap_or(Value::Summary(String::new()));
                self.added(&target, summary, category, None);
            }
        }
    }

    fn decisions(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.decisions {
            let target = Target::new(Element::DecisionTable, o.id.value.clone());
            let category = self.derived_category(&o.id.value);
            match new.decisions.iter().find(|n| n.id.value == o.id.value) {
                None => {
                    self.removed(&target, table_summary(o), category, None);
                    self.rules(o, &o.rules, &[], category, true);
                }
                Some(n) => self.decision(&target, o, n, category),
            }
        }
        for n in &new.decisions {
            if !old.decisions.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::DecisionTable, n.id.value.clone());
                let category = self.derived_category(&n.id.value);
                self.added(&target, table_summary(n), category, None);
                self.rules(n, &[], &n.rules, category, true);
            }
        }
    }

    fn decision(
        &mut self,
        target: &Target,
        o: &DecisionTable,
        n: &DecisionTable,
        category: Category,
    ) {
        self.text_property(target, "label", &o.label, &n.label, Category::Wording);
        if o.hit_policy() != n.hit_policy() {
            self.changed(
                target,
                "hit_policy",
                (
                    Some(Value::Text(o.hit_policy().name().to_owned())),
                    Some(Value::Text(n.hit_policy().name().to_owned())),
                ),
                category,
                None,
            );
        }
        let inputs = |d: &DecisionTable| {
            d.inputs
                .iter()
                .map(|e| e.text.trim().to_owned())
                .collect::<Vec<_>>()
        };
        if inputs(o) != inputs(n) {
            self.changed(
                target,
                "inputs",
                (Some(Value::List(inputs(o))), Some(Value::List(inputs(n)))),
                category,
                None,
            );
        }
        self.expression_property(
            target,
            "default",
            o.default.as_ref(),
            n.default.as_ref(),
            category,
            None,
        );
        self.text_property(
            target,
            "legal_basis",
            &o.legal_basis,
            &n.legal_basis,
            Category::Legal,
        );
        self.rules(n, &o.rules, &n.rules, category, false);
    }

    /// Rows of a table, compared by position. With `whole`, the table
    /// itself was added or removed and each row is listed.
    fn rules(
        &mut self,
        table: &DecisionTable,
        old: &[DecisionRule],
        new: &[DecisionRule],
        category: Category,
        whole: bool,
    ) {
        let id = table.id.value.clone();
        for i in 0..old.len().max(new.len()) {
            let target = Target::new(Element::DecisionRule, (i + 1).to_string()).within(id.clone());
            match (old.get(i), new.get(i)) {
                (Some(o), Some(n)) => {
                    let (ro, rn) = (row(table, o), row(table, n));
                    if ro.cells != rn.cells || ro.then != rn.then {
                        self.changed(
                            &target,
                            "rule",
                            (Some(Value::Row(ro)), Some(Value::Row(rn))),
                            category,
                            None,
                        );
                    } else if ro.annotation != rn.annotation {
                        self.changed(
                            &target,
                            "annotation",
                            (
                                ro.annotation.map(Value::Wording),
                                rn.annotation.map(Value::Wording),
                            ),
                            Category::Wording,
                            None,
                        );
                    }
                }
                (Some(o), None) => self.removed(&target, Value::Row(row(table, o)), category, None),
                (None, Some(n)) => self.added(&target, Value::Row(row(table, n)), category, None),
                (None, None) => {}
            }
        }
        // Rows of a whole added or removed table are part of its summary
        // in the reports; they stay listed as rows for machine readers.
        let _ = whole;
    }

    fn fees(&mut self) {
        let (old, new) = (self.old, self.new);
        let legal = Category::Legal;
        for o in &old.fees {
            let target = Target::new(Element::Fee, o.id.value.clone());
            match new.fees.iter().find(|n| n.id.value == o.id.value) {
                None => {
                    let amount = o
                        .amount
                        .as_ref()
                        .map_or(Value::Summary(String::new()), |a| {
                            Value::Amount(amounts::amount(a, old))
                        });
                    self.removed(&target, amount, legal, None);
                }
                Some(n) => {
                    let amount_changed =
                        normalized(o.amount.as_ref()) != normalized(n.amount.as_ref());
                    let old_amount = o.amount.as_ref().map(|a| amounts::amount(a, old));
                    let new_amount = n.amount.as_ref().map(|a| amounts::amount(a, new));
                    // The same expression can take other amounts when a
                    // table or computed value it uses changed.
                    let values_changed = old_amount.as_ref().map(|a| &a.values)
                        != new_amount.as_ref().map(|a| &a.values);
                    if amount_changed || values_changed {
                        self.changed(
                            &target,
                            "amount",
                            (old_amount.map(Value::Amount), new_amount.map(Value::Amount)),
                            legal,
                            None,
                        );
                    }
                    self.expression_property(
                        &target,
                        "when",
                        o.when.as_ref(),
                        n.when.as_ref(),
                        legal,
                        None,
                    );
                    self.text_property(
                        &target,
                        "legal_basis",
                        &o.legal_basis,
                        &n.legal_basis,
                        legal,
                    );
                    self.text_property(&target, "label", &o.label, &n.label, Category::Wording);
                    let split = |f: &crate::model::Fee| {
                        f.split
                            .iter()
                            .map(|s| {
                                format!(
                                    "{}: {}",
                                    text(&s.authority).unwrap_or_default(),
                                    s.share.as_ref().map(|e| e.text.trim()).unwrap_or_default()
                                )
                            })
                            .collect::<Vec<_>>()
                    };
                    if split(o) != split(n) {
                        self.changed(
                            &target,
                            "split",
                            (Some(Value::List(split(o))), Some(Value::List(split(n)))),
                            legal,
                            None,
                        );
                    }
                }
            }
        }
        for n in &new.fees {
            if !old.fees.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::Fee, n.id.value.clone());
                let amount = n
                    .amount
                    .as_ref()
                    .map_or(Value::Summary(String::new()), |a| {
                        Value::Amount(amounts::amount(a, new))
                    });
                self.added(&target, amount, legal, None);
            }
        }
    }

    fn roles(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.roles {
            let target = Target::new(Element::Role, o.id.value.clone());
            match new.roles.iter().find(|n| n.id.value == o.id.value) {
                None => {
                    let title = Value::Summary(text(&o.title).unwrap_or_default().to_owned());
                    self.removed(&target, title, Category::Process, None);
                }
                Some(n) => {
                    self.text_property(&target, "title", &o.title, &n.title, Category::Wording);
                    self.text_property(
                        &target,
                        "description",
                        &o.description,
                        &n.description,
                        Category::Wording,
                    );
                }
            }
        }
        for n in &new.roles {
            if !old.roles.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::Role, n.id.value.clone());
                let title = Value::Summary(text(&n.title).unwrap_or_default().to_owned());
                self.added(&target, title, Category::Process, None);
            }
        }
    }

    fn process(&mut self) {
        let (old, new) = (&self.old.process, &self.new.process);
        self.renames = find_renames(old.steps.as_slice(), new.steps.as_slice());
        let renames = self.renames.clone();
        let renamed_to = |id: &str| -> String {
            renames
                .iter()
                .find(|(from, _)| from == id)
                .map_or_else(|| id.to_owned(), |(_, to)| to.clone())
        };
        let old_start = text(&old.start).map(renamed_to);
        if old_start.as_deref() != text(&new.start) {
            let target = Target::new(Element::Process, self.new.meta.id.value.clone());
            self.changed(
                &target,
                "start",
                (plain(&old.start), plain(&new.start)),
                Category::Process,
                None,
            );
        }
        for o in &old.steps {
            let mapped = renamed_to(&o.id.value);
            match new.steps.iter().find(|n| n.id.value == mapped) {
                None => {
                    let target = Target::new(Element::Step, o.id.value.clone());
                    let breaking = holds_cases(o.kind()).then_some(Breaking::WaitingStepRemoved);
                    self.removed(&target, step_summary(o), Category::Process, breaking);
                }
                Some(n) => {
                    let target = Target::new(Element::Step, n.id.value.clone());
                    if mapped != o.id.value {
                        let breaking =
                            holds_cases(o.kind()).then_some(Breaking::WaitingStepRenamed);
                        self.push(
                            &target,
                            Action::Renamed {
                                from: o.id.value.clone(),
                            },
                            None,
                            (
                                Some(Value::Text(o.id.value.clone())),
                                Some(Value::Text(n.id.value.clone())),
                            ),
                            Category::Process,
                            breaking,
                        );
                    }
                    self.step(&target, o, n, &renames);
                }
            }
        }
        for n in &new.steps {
            let is_new = !old
                .steps
                .iter()
                .any(|o| renamed_to(&o.id.value) == n.id.value);
            if is_new {
                let target = Target::new(Element::Step, n.id.value.clone());
                self.added(&target, step_summary(n), Category::Process, None);
            }
        }
        self.case_deadlines();
    }

    fn step(&mut self, target: &Target, o: &Step, n: &Step, renames: &[(String, String)]) {
        let process = Category::Process;
        if o.kind() != n.kind() {
            let name = |s: &Step| s.kind().map(|k| Value::Text(k.name().to_owned()));
            let breaking = holds_cases(o.kind()).then_some(Breaking::WaitingStepKindChanged);
            self.changed(target, "kind", (name(o), name(n)), process, breaking);
        }
        self.text_property(target, "title", &o.title, &n.title, Category::Wording);
        self.text_property(target, "role", &o.role, &n.role, process);
        let outcome = |s: &Step| {
            s.outcome
                .as_ref()
                .map(|o| Value::Text(o.value.name().to_owned()))
        };
        if outcome(o) != outcome(n) {
            self.changed(target, "outcome", (outcome(o), outcome(n)), process, None);
        }
        let list = |l: &[Spanned<String>]| l.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        for (property, old, new, breaking) in [
            (
                "decisions",
                list(&o.decisions),
                list(&n.decisions),
                Breaking::DecisionRemoved,
            ),
            (
                "events",
                list(&o.events),
                list(&n.events),
                Breaking::EventRemoved,
            ),
        ] {
            if old != new {
                let removed = old.iter().any(|d| !new.contains(d));
                let breaks = removed && o.kind() == n.kind() && holds_cases(o.kind());
                self.changed(
                    target,
                    property,
                    (Some(Value::List(old)), Some(Value::List(new))),
                    process,
                    breaks.then_some(breaking),
                );
            }
        }
        let deadline_target =
            Target::new(Element::Deadline, n.id.value.clone()).within(n.id.value.clone());
        self.deadline(
            &deadline_target,
            o.deadline.as_ref(),
            n.deadline.as_ref(),
            renames,
        );
        self.transitions(&n.id.value, &o.next, &n.next, renames);
    }

    fn transitions(
        &mut self,
        step: &str,
        old: &[Transition],
        new: &[Transition],
        renames: &[(String, String)],
    ) {
        let map = |id: &str| {
            renames
                .iter()
                .find(|(from, _)| from == id)
                .map_or_else(|| id.to_owned(), |(_, to)| to.clone())
        };
        // Key each transition by its target and how many earlier ones
        // lead to the same target, so that two ways into one step stay
        // apart.
        let keyed = |list: &[Transition], mapped: bool| -> Vec<((String, usize), usize)> {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            list.iter()
                .enumerate()
                .map(|(i, t)| {
                    let to = text(&t.to).unwrap_or_default();
                    let to = if mapped { map(to) } else { to.to_owned() };
                    let count = seen.entry(to.clone()).or_insert(0);
                    *count += 1;
                    ((to, *count - 1), i)
                })
                .collect()
        };
        let old_keys = keyed(old, true);
        let new_keys = keyed(new, false);
        let target_for = |key: &(String, usize)| {
            Target::new(Element::Transition, key.0.clone()).within(step.to_owned())
        };
        for (key, i) in &old_keys {
            let o = &old[*i];
            let target = target_for(key);
            match new_keys.iter().find(|(k, _)| k == key) {
                None => self.removed(&target, transition_summary(o), Category::Process, None),
                Some((_, j)) => {
                    let n = &new[*j];
                    self.expression_property(
                        &target,
                        "when",
                        o.when.as_ref(),
                        n.when.as_ref(),
                        Category::Process,
                        None,
                    );
                    self.text_property(&target, "label", &o.label, &n.label, Category::Wording);
                }
            }
        }
        for (key, j) in &new_keys {
            if !old_keys.iter().any(|(k, _)| k == key) {
                self.added(
                    &target_for(key),
                    transition_summary(&new[*j]),
                    Category::Process,
                    None,
                );
            }
        }
        // Transitions are tried in order: the same ones in another order
        // route cases differently.
        let order = |keys: &[((String, usize), usize)], other: &[((String, usize), usize)]| {
            keys.iter()
                .filter(|(k, _)| other.iter().any(|(o, _)| o == k))
                .map(|(k, _)| k.0.clone())
                .collect::<Vec<_>>()
        };
        let (old_order, new_order) = (order(&old_keys, &new_keys), order(&new_keys, &old_keys));
        if old_order != new_order {
            let target = Target::new(Element::Step, step.to_owned());
            self.changed(
                &target,
                "order of transitions",
                (Some(Value::List(old_order)), Some(Value::List(new_order))),
                Category::Process,
                None,
            );
        }
    }

    fn case_deadlines(&mut self) {
        let (old, new) = (&self.old.process, &self.new.process);
        let renames = self.renames.clone();
        for o in &old.deadlines {
            let target = Target::new(Element::Deadline, o.id.value.clone());
            let n = new.deadlines.iter().find(|n| n.id.value == o.id.value);
            self.deadline(&target, Some(o), n, &renames);
        }
        for n in &new.deadlines {
            if !old.deadlines.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::Deadline, n.id.value.clone());
                self.deadline(&target, None, Some(n), &renames);
            }
        }
    }

    fn deadline(
        &mut self,
        target: &Target,
        old: Option<&Deadline>,
        new: Option<&Deadline>,
        renames: &[(String, String)],
    ) {
        let legal = Category::Legal;
        let (o, n) = match (old, new) {
            (None, None) => return,
            (None, Some(n)) => {
                self.added(target, Value::Summary(deadline_summary(n)), legal, None);
                return;
            }
            (Some(o), None) => {
                self.removed(target, Value::Summary(deadline_summary(o)), legal, None);
                return;
            }
            (Some(o), Some(n)) => (o, n),
        };
        if text(&o.within) != text(&n.within) {
            let duration =
                |d: &Deadline| d.within.as_ref().map(|w| Value::Duration(w.value.clone()));
            self.changed(target, "within", (duration(o), duration(n)), legal, None);
        }
        if o.anchor() != n.anchor() {
            let name =
                |d: &Deadline| Value::Text(crate::diff::messages::anchor(d.anchor()).to_owned());
            self.changed(target, "from", (Some(name(o)), Some(name(n))), legal, None);
        }
        if o.day_count() != n.day_count() {
            let name = |d: &Deadline| {
                Value::Text(crate::diff::messages::day_count(d.day_count()).to_owned())
            };
            self.changed(target, "days", (Some(name(o)), Some(name(n))), legal, None);
        }
        let expiry = |d: &Deadline| d.on_expiry.as_ref().map(|e| e.value);
        if expiry(o) != expiry(n) {
            let name = |d: &Deadline| {
                expiry(d).map(|e| Value::Text(crate::diff::messages::expiry(e).to_owned()))
            };
            self.changed(target, "on_expiry", (name(o), name(n)), legal, None);
        }
        let map = |id: Option<&str>| {
            id.map(|id| {
                renames
                    .iter()
                    .find(|(from, _)| from == id)
                    .map_or_else(|| id.to_owned(), |(_, to)| to.clone())
            })
        };
        if map(text(&o.to)) != text(&n.to).map(str::to_owned) {
            self.changed(target, "to", (plain(&o.to), plain(&n.to)), legal, None);
        }
        self.text_property(
            target,
            "escalate_to",
            &o.escalate_to,
            &n.escalate_to,
            Category::Process,
        );
        self.text_property(target, "legal_basis", &o.legal_basis, &n.legal_basis, legal);
        self.text_property(target, "label", &o.label, &n.label, Category::Wording);
    }

    fn notifications(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.notifications {
            let target = Target::new(Element::Notification, o.id.value.clone());
            match new.notifications.iter().find(|n| n.id.value == o.id.value) {
                None => {
                    let subject = Value::Summary(text(&o.subject).unwrap_or_default().to_owned());
                    self.removed(&target, subject, Category::Applicant, None);
                }
                Some(n) => {
                    let on = |x: &crate::model::Notification| {
                        text(&x.on).map(|s| {
                            self.renames
                                .iter()
                                .find(|(from, _)| from == s)
                                .map_or_else(|| s.to_owned(), |(_, to)| to.clone())
                        })
                    };
                    if on(o) != text(&n.on).map(str::to_owned) {
                        self.changed(
                            &target,
                            "on",
                            (plain(&o.on), plain(&n.on)),
                            Category::Process,
                            None,
                        );
                    }
                    self.expression_property(
                        &target,
                        "when",
                        o.when.as_ref(),
                        n.when.as_ref(),
                        Category::Process,
                        None,
                    );
                    self.text_property(
                        &target,
                        "subject",
                        &o.subject,
                        &n.subject,
                        Category::Wording,
                    );
                    self.text_property(&target, "text", &o.text, &n.text, Category::Wording);
                }
            }
        }
        for n in &new.notifications {
            if !old.notifications.iter().any(|o| o.id.value == n.id.value) {
                let target = Target::new(Element::Notification, n.id.value.clone());
                let subject = Value::Summary(text(&n.subject).unwrap_or_default().to_owned());
                self.added(&target, subject, Category::Applicant, None);
            }
        }
    }
}

/// Pairs of (removed step, added step) that are one step renamed: the same
/// kind and role, and the same title, or at least half of the transitions
/// out or of the steps leading in alike. Among several candidates the most
/// alike win.
fn find_renames(old: &[Step], new: &[Step]) -> Vec<(String, String)> {
    let removed: Vec<&Step> = old
        .iter()
        .filter(|o| !new.iter().any(|n| n.id.value == o.id.value))
        .collect();
    let added: Vec<&Step> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.id.value == n.id.value))
        .collect();
    let targets = |s: &Step| {
        let mut t: Vec<String> = s
            .next
            .iter()
            .filter_map(|t| text(&t.to).map(str::to_owned))
            .collect();
        t.sort();
        t
    };
    let incoming = |steps: &[Step], id: &str| {
        let mut from: Vec<String> = steps
            .iter()
            .filter(|s| s.next.iter().any(|t| text(&t.to) == Some(id)))
            .map(|s| s.id.value.clone())
            .collect();
        from.sort();
        from
    };
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in removed.iter().enumerate() {
        for (j, n) in added.iter().enumerate() {
            if o.kind() != n.kind() || text(&o.role) != text(&n.role) {
                continue;
            }
            let out = jaccard(&targets(o), &targets(n));
            let into = jaccard(&incoming(old, &o.id.value), &incoming(new, &n.id.value));
            let title = strsim::normalized_levenshtein(
                text(&o.title).unwrap_or(&o.id.value),
                text(&n.title).unwrap_or(&n.id.value),
            );
            let same_title = o.title.is_some() && text(&o.title) == text(&n.title);
            if !(same_title || out >= 0.5 || into >= 0.5) {
                continue;
            }
            let score = out + into + title;
            candidates.push((score, i, j));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used_old = HashSet::new();
    let mut used_new = HashSet::new();
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        if !used_old.contains(&i) && !used_new.contains(&j) {
            used_old.insert(i);
            used_new.insert(j);
            out.push((removed[i].id.value.clone(), added[j].id.value.clone()));
        }
    }
    out
}

/// How alike two sets of step ids are: shared ones over all ones; two
/// empty sets are alike.
fn jaccard(a: &[String], b: &[String]) -> f64 {
    let all: HashSet<&String> = a.iter().chain(b).collect();
    if all.is_empty() {
        return 1.0;
    }
    let shared = a
        .iter()
        .filter(|x| b.contains(x))
        .collect::<HashSet<_>>()
        .len();
    shared as f64 / all.len() as f64
}

fn row(table: &DecisionTable, rule: &DecisionRule) -> Row {
    Row {
        inputs: table
            .inputs
            .iter()
            .map(|i| i.text.trim().to_owned())
            .collect(),
        cells: rule.when.iter().map(|c| c.text.trim().to_owned()).collect(),
        then: rule
            .then
            .as_ref()
            .map(|t| t.text.trim().to_owned())
            .unwrap_or_default(),
        annotation: rule.annotation.as_ref().map(|a| a.value.clone()),
    }
}

fn field_summary(field: &Field) -> Value {
    let kind = field.kind.as_ref().map_or("?", |k| k.value.name());
    let required = match &field.required {
        Some(Requirement::Always(Spanned { value: true, .. })) => ", required",
        Some(Requirement::When(_)) => ", required when a condition holds",
        _ => "",
    };
    let label = text(&field.label).or(text(&field.text)).unwrap_or_default();
    Value::Summary(format!("{label} ({kind}{required})"))
}

fn table_summary(table: &DecisionTable) -> Value {
    Value::Summary(format!(
        "{} ({} rules, {})",
        text(&table.label).unwrap_or(&table.id.value),
        table.rules.len(),
        table.hit_policy().name()
    ))
}

fn step_summary(step: &Step) -> Value {
    let kind = step.kind().map_or("?", StepKind::name);
    let mut out = kind.to_owned();
    if let Some(role) = text(&step.role) {
        out.push_str(" for ");
        out.push_str(role);
    }
    if let Some(title) = text(&step.title) {
        out = format!("{title} ({out})");
    }
    Value::Summary(out)
}

fn transition_summary(transition: &Transition) -> Value {
    match &transition.when {
        Some(when) => Value::Summary(format!("when {}", when.text.trim())),
        None => Value::Summary("otherwise".to_owned()),
    }
}

fn deadline_summary(deadline: &Deadline) -> String {
    crate::diff::messages::deadline_summary(
        text(&deadline.within),
        deadline.day_count(),
        deadline.anchor(),
        deadline.on_expiry.as_ref().map(|e| e.value),
    )
}
