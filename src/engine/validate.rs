//! Reading an application into the form's values, deciding which fields
//! are shown, and validating what was entered.
//!
//! Visibility is decided before validation: a hidden field is never
//! required and its value is ignored, and hiding one field may hide
//! another whose condition depends on it. The form is therefore evaluated
//! until nothing changes any more (conditions that depend on each other in
//! a circle are reported by `ozg lint`; here they simply stop after a few
//! rounds).

use std::sync::Arc;

use jiff::civil::Date;

use crate::engine::compile::{Assessment, CompiledService, FieldSpec, Required, SUBMITTED};
use crate::engine::input::{Input, RawValue};
use crate::engine::messages as msg;
use crate::feel::number::Number;
use crate::feel::value::{Context, Value};
use crate::model::{Bound, FieldType};

/// Something wrong with an application, for the applicant to fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValidationError {
    /// The field: `vehicle_length`, or within a repeatable group
    /// `dogs[2].breed` (entries counted from 1).
    pub field: String,
    /// The field's label, as the applicant saw it.
    pub label: String,
    pub message: String,
}

/// The form as evaluated for one application.
pub(crate) struct FormState {
    /// The variable slots of the base layout.
    pub vars: Vec<Value>,
    /// Per group, per entry: the slots of the group layout.
    pub entries: Vec<Vec<Vec<Value>>>,
    /// Per field: whether it is shown (for group members, per entry).
    pub visible: Vec<Vec<bool>>,
    /// Per group: whether it is shown.
    pub group_visible: Vec<bool>,
    /// Values that could not be read as their field's type.
    pub errors: Vec<ValidationError>,
}

/// How many rounds visibility may take to settle.
const VISIBILITY_ROUNDS: usize = 8;

impl CompiledService {
    /// The variable slots for an application: the form's values (hidden
    /// fields empty), computed values and decisions.
    pub(crate) fn form_values(&self, input: &Input, submitted: Date) -> Vec<Value> {
        // The last visibility round has evaluated the computed values and
        // decisions for exactly these values.
        self.form_state(input, submitted).vars
    }

    pub(crate) fn form_state(&self, input: &Input, submitted: Date) -> FormState {
        let mut errors = Vec::new();
        // The values as given, read by field type.
        let mut given: Vec<Value> = vec![Value::Null; self.fields.len()];
        let mut given_entries: Vec<Vec<Vec<Value>>> = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            if field.group.is_some() {
                continue;
            }
            if let Some(raw) = input.get(&field.id) {
                given[i] = read_value(field, raw, &|| field.id.clone(), &mut errors);
            }
        }
        for group in &self.groups {
            let mut entries = Vec::new();
            match input.get(&group.id) {
                Some(RawValue::List(items)) => {
                    for (n, item) in items.iter().enumerate() {
                        let mut values = vec![Value::Null; group.members.len()];
                        if let RawValue::Entries(entry) = item {
                            for (m, &f) in group.members.iter().enumerate() {
                                let field = &self.fields[f];
                                if let Some(raw) = entry.get(&field.id) {
                                    let path = || format!("{}[{}].{}", group.id, n + 1, field.id);
                                    values[m] = read_value(field, raw, &path, &mut errors);
                                }
                            }
                        } else {
                            errors.push(error(&group.id, &group.id, msg::not_a_list()));
                        }
                        entries.push(values);
                    }
                }
                Some(_) => errors.push(error(&group.id, &group.id, msg::not_a_list())),
                None => {}
            }
            given_entries.push(entries);
        }

        let mut visible: Vec<Vec<bool>> = self
            .fields
            .iter()
            .map(|f| match f.group {
                Some(g) => vec![true; given_entries[g].len()],
                None => vec![true],
            })
            .collect();
        let mut group_visible = vec![true; self.groups.len()];
        let mut vars = Vec::new();
        let mut entries = Vec::new();
        for _ in 0..VISIBILITY_ROUNDS {
            (vars, entries) =
                self.fill(&given, &given_entries, &visible, &group_visible, submitted);
            self.evaluate_derived(&mut vars);
            let (next_visible, next_groups) = self.visibility(&vars, &entries);
            if next_visible == visible && next_groups == group_visible {
                break;
            }
            visible = next_visible;
            group_visible = next_groups;
        }
        FormState {
            vars,
            entries,
            visible,
            group_visible,
            errors,
        }
    }

    /// The slots with the values of shown fields.
    fn fill(
        &self,
        given: &[Value],
        given_entries: &[Vec<Vec<Value>>],
        visible: &[Vec<bool>],
        group_visible: &[bool],
        submitted: Date,
    ) -> (Vec<Value>, Vec<Vec<Vec<Value>>>) {
        let mut vars = vec![Value::Null; self.names.len()];
        vars[SUBMITTED] = Value::Date(submitted);
        for (i, field) in self.fields.iter().enumerate() {
            if field.group.is_none() && visible[i][0] {
                vars[field.slot] = given[i].clone();
            }
        }
        for (g, group) in self.groups.iter().enumerate() {
            let mut items = Vec::new();
            if group_visible[g] {
                for (n, values) in given_entries[g].iter().enumerate() {
                    let mut context = Context::new();
                    for (m, &f) in group.members.iter().enumerate() {
                        let shown = visible[f].get(n).copied().unwrap_or(true);
                        let value = if shown {
                            values[m].clone()
                        } else {
                            Value::Null
                        };
                        context.insert(self.fields[f].id.as_str(), value);
                    }
                    items.push(Value::Context(Arc::new(context)));
                }
            }
            vars[group.slot] = Value::List(items.into());
        }
        let entries = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                // Entry layouts start from the complete base slots.
                given_entries[g]
                    .iter()
                    .enumerate()
                    .map(|(n, values)| {
                        let mut layout = vars.clone();
                        layout.resize(group.names_len, Value::Null);
                        for (m, &f) in group.members.iter().enumerate() {
                            let shown = visible[f].get(n).copied().unwrap_or(true);
                            if shown {
                                layout[self.fields[f].slot] = values[m].clone();
                            }
                        }
                        layout
                    })
                    .collect()
            })
            .collect();
        (vars, entries)
    }

    /// Which fields and groups are shown, given the slots.
    fn visibility(
        &self,
        vars: &[Value],
        entries: &[Vec<Vec<Value>>],
    ) -> (Vec<Vec<bool>>, Vec<bool>) {
        let holds = |c: &crate::feel::eval::Compiled, layout: &[Value]| {
            c.eval(layout) == Value::Boolean(true)
        };
        let section_shown = |s: usize, layout: &[Value]| {
            self.sections[s]
                .visible
                .as_ref()
                .is_none_or(|c| holds(c, layout))
        };
        // A group's own section and those around it are decided outside it.
        let group_visible: Vec<bool> = self
            .groups
            .iter()
            .map(|g| g.sections.iter().all(|&s| section_shown(s, vars)))
            .collect();
        let visible = self
            .fields
            .iter()
            .map(|field| match field.group {
                None => vec![field_shown(field, vars, &section_shown, &holds)],
                Some(g) => entries[g]
                    .iter()
                    .map(|layout| {
                        let inside = field
                            .sections
                            .iter()
                            .skip_while(|s| **s != self.groups[g].section)
                            .skip(1);
                        group_visible[g]
                            && inside.clone().all(|&s| section_shown(s, layout))
                            && field.visible.as_ref().is_none_or(|c| holds(c, layout))
                    })
                    .collect(),
            })
            .collect();
        (visible, group_visible)
    }

    /// The fields shown for an application, as paths: the ids of shown
    /// top-level fields and repeatable groups, and `group[n].field` for the
    /// shown members of each entry (entries counted from 1). A form that
    /// is being filled in asks exactly these.
    pub fn shown_fields(&self, input: &Input, submitted: Date) -> Vec<String> {
        let state = self.form_state(input, submitted);
        let mut shown = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            if field.group.is_none() && state.visible[i][0] {
                shown.push(field.id.clone());
            }
        }
        for (g, group) in self.groups.iter().enumerate() {
            if !state.group_visible[g] {
                continue;
            }
            shown.push(group.id.clone());
            for n in 0..state.entries[g].len() {
                for &f in &group.members {
                    if state.visible[f].get(n).copied().unwrap_or(false) {
                        shown.push(format!("{}[{}].{}", group.id, n + 1, self.fields[f].id));
                    }
                }
            }
        }
        shown
    }

    /// Checks an application against the form. An empty list means the
    /// application may be submitted.
    pub fn validate(&self, input: &Input, submitted: Date) -> Vec<ValidationError> {
        let state = self.form_state(input, submitted);
        self.errors_in(input, state)
    }

    /// Validates an application and, when it is valid, assesses it. The
    /// form is read and its visibility settled once for both, which is
    /// what running many scenarios spends most of its time on.
    pub fn check(
        &self,
        input: &Input,
        submitted: Date,
    ) -> Result<Assessment, Vec<ValidationError>> {
        let state = self.form_state(input, submitted);
        let vars = state.vars.clone();
        let errors = self.errors_in(input, state);
        if errors.is_empty() {
            Ok(self.assess_values(vars))
        } else {
            Err(errors)
        }
    }

    /// The validation errors of a settled form. The form's values already
    /// hold the computed values and decisions of the last visibility
    /// round, so they are not evaluated again.
    fn errors_in(&self, input: &Input, state: FormState) -> Vec<ValidationError> {
        let mut errors = state.errors;
        let vars = state.vars;

        for key in input.keys() {
            let known = self.input_keys.binary_search(key).is_ok();
            if !known {
                errors.push(error(key, key, msg::unknown_field()));
            }
        }
        for (i, field) in self.fields.iter().enumerate() {
            if field.group.is_some() || !state.visible[i][0] {
                continue;
            }
            check_field(
                field,
                &vars[field.slot],
                &vars,
                &|| field.id.clone(),
                &mut errors,
            );
        }
        for (g, group) in self.groups.iter().enumerate() {
            if !state.group_visible[g] {
                continue;
            }
            let count = i64::try_from(state.entries[g].len()).unwrap_or(i64::MAX);
            if let Some(min) = group.min
                && count < min
            {
                errors.push(error(&group.id, &group.id, msg::too_few_entries(min)));
            }
            if let Some(max) = group.max
                && count > max
            {
                errors.push(error(&group.id, &group.id, msg::too_many_entries(max)));
            }
            for (n, layout) in state.entries[g].iter().enumerate() {
                let mut layout = layout.clone();
                for (slot, value) in vars.iter().enumerate().take(self.names.len()) {
                    layout[slot] = value.clone();
                }
                for &f in &group.members {
                    let field = &self.fields[f];
                    if !state.visible[f].get(n).copied().unwrap_or(false) {
                        continue;
                    }
                    let path = || format!("{}[{}].{}", group.id, n + 1, field.id);
                    check_field(field, &layout[field.slot], &layout, &path, &mut errors);
                }
            }
        }
        // A value that could not be read is reported once, not also as missing.
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| seen.insert(e.field.clone()));
        errors
    }
}

fn error(field: &str, label: &str, message: String) -> ValidationError {
    ValidationError {
        field: field.to_owned(),
        label: label.to_owned(),
        message,
    }
}

fn field_shown(
    field: &FieldSpec,
    vars: &[Value],
    section_shown: &dyn Fn(usize, &[Value]) -> bool,
    holds: &dyn Fn(&crate::feel::eval::Compiled, &[Value]) -> bool,
) -> bool {
    field.sections.iter().all(|&s| section_shown(s, vars))
        && field.visible.as_ref().is_none_or(|c| holds(c, vars))
}

/// Reads a raw value as the field's type. Text is read generously, as an
/// applicant would type it (`4,85`, `31.12.2024`, `ja`).
fn read_value(
    field: &FieldSpec,
    raw: &RawValue,
    // The path is written only for an error: most values are fine.
    path: &dyn Fn() -> String,
    errors: &mut Vec<ValidationError>,
) -> Value {
    let mut fail = |message: String| {
        errors.push(error(&path(), &field.label, message));
        Value::Null
    };
    match field.kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Money => match raw {
            RawValue::Number(n) => Value::Number(*n),
            RawValue::Text(t) => {
                parse_number(t).map_or_else(|| fail(msg::not_a_number()), Value::Number)
            }
            _ => fail(msg::not_a_number()),
        },
        FieldType::Date => match raw {
            RawValue::Date(d) => Value::Date(*d),
            RawValue::Text(t) => parse_date(t).map_or_else(|| fail(msg::not_a_date()), Value::Date),
            _ => fail(msg::not_a_date()),
        },
        FieldType::Boolean => match raw {
            RawValue::Boolean(b) => Value::Boolean(*b),
            RawValue::Text(t) => match t.trim().to_lowercase().as_str() {
                "true" | "ja" | "yes" => Value::Boolean(true),
                "false" | "nein" | "no" => Value::Boolean(false),
                _ => fail(msg::not_yes_no()),
            },
            _ => fail(msg::not_yes_no()),
        },
        FieldType::MultiChoice => match raw {
            RawValue::List(items) => {
                let texts: Option<Vec<Value>> = items
                    .iter()
                    .map(|i| text_of(i).map(|t| Value::string(t.as_str())))
                    .collect();
                texts.map_or_else(|| fail(msg::not_text()), |t| Value::List(t.into()))
            }
            RawValue::Text(t) => Value::List(vec![Value::string(t.as_str())].into()),
            _ => fail(msg::not_text()),
        },
        FieldType::File => match raw {
            RawValue::Entries(entries) => {
                let size = match entries.get("size_kb") {
                    Some(RawValue::Number(n)) => n.to_i64(),
                    _ => None,
                };
                match (entries.get("name").and_then(text_of), field.max_size_kb) {
                    (None, _) => fail(msg::not_text()),
                    (Some(_), Some(max)) if size.is_some_and(|s| s > max) => {
                        fail(msg::file_too_large(max))
                    }
                    (Some(name), _) => Value::string(name.as_str()),
                }
            }
            other => {
                text_of(other).map_or_else(|| fail(msg::not_text()), |t| Value::string(t.as_str()))
            }
        },
        FieldType::Text
        | FieldType::Choice
        | FieldType::Email
        | FieldType::Phone
        | FieldType::Iban
        | FieldType::PostalCode
        | FieldType::Display => {
            text_of(raw).map_or_else(|| fail(msg::not_text()), |t| Value::string(t.as_str()))
        }
    }
}

fn text_of(raw: &RawValue) -> Option<String> {
    match raw {
        RawValue::Text(t) => Some(t.clone()),
        RawValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number as typed: `4.85`, `4,85`, `1.234,50` (German grouping).
pub fn parse_number(text: &str) -> Option<Number> {
    let text: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(n) = text.parse::<Number>() {
        return Some(n);
    }
    if text.contains(',') {
        let german = text.replace('.', "").replace(',', ".");
        return german.parse().ok();
    }
    None
}

/// A date as typed: `2024-12-31` or `31.12.2024`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Some(date);
    }
    let parts: Vec<&str> = text.split('.').collect();
    match parts.as_slice() {
        [d, m, y] => Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok(),
        _ => None,
    }
}

/// Checks one shown field's value.
fn check_field(
    field: &FieldSpec,
    value: &Value,
    layout: &[Value],
    path: &dyn Fn() -> String,
    errors: &mut Vec<ValidationError>,
) {
    let mut fail = |message: String| errors.push(error(&path(), &field.label, message));
    let empty = match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::List(items) => items.is_empty(),
        _ => false,
    };
    if empty {
        let required = match &field.required {
            Required::Never => false,
            Required::Always => true,
            Required::When(c) => c.eval(layout) == Value::Boolean(true),
        };
        if required {
            fail(msg::required());
        }
        return;
    }
    match value {
        Value::Number(n) => check_number(field, *n, &mut fail),
        Value::Date(d) => check_date(field, *d, &mut fail),
        Value::String(s) => check_text(field, s, &mut fail),
        Value::List(items) => {
            let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
            if let Some(min) = field.min_items
                && count < min
            {
                fail(msg::too_few_items(min));
            }
            if let Some(max) = field.max_items
                && count > max
            {
                fail(msg::too_many_items(max));
            }
            for item in items.iter() {
                if let (Some(options), Value::String(s)) = (&field.options, item)
                    && !options.iter().any(|o| o.as_str() == &**s)
                {
                    fail(msg::not_an_option(s));
                }
            }
        }
        _ => {}
    }
    for (rule, message) in &field.validations {
        if rule.eval(layout) == Value::Boolean(false) {
            fail(if message.is_empty() {
                msg::check_failed()
            } else {
                message.clone()
            });
        }
    }
}

fn check_number(field: &FieldSpec, n: Number, fail: &mut impl FnMut(String)) {
    if field.kind == FieldType::Integer && !n.is_integer() {
        fail(msg::not_whole());
        return;
    }
    let allowed = match field.kind {
        FieldType::Money => Some(field.decimals.unwrap_or(2)),
        _ => field.decimals,
    };
    if let Some(decimals) = allowed
        && fraction_digits(n) > decimals
    {
        fail(msg::too_many_decimals(decimals));
    }
    if let Some(Bound::Number(min)) = &field.min
        && n < *min
    {
        fail(msg::below_min(&msg::german_number(*min)));
    }
    if let Some(Bound::Number(max)) = &field.max
        && n > *max
    {
        fail(msg::above_max(&msg::german_number(*max)));
    }
}

/// Digits after the point that are not zero at the end: `4.70` has 1.
fn fraction_digits(n: Number) -> i64 {
    let text = n.to_string();
    text.split_once('.').map_or(0, |(_, f)| {
        i64::try_from(f.trim_end_matches('0').len()).unwrap_or(i64::MAX)
    })
}

fn check_date(field: &FieldSpec, d: Date, fail: &mut impl FnMut(String)) {
    if let Some(Bound::Date(min)) = &field.min
        && d < *min
    {
        fail(msg::date_before(&msg::german_date(*min)));
    }
    if let Some(Bound::Date(max)) = &field.max
        && d > *max
    {
        fail(msg::date_after(&msg::german_date(*max)));
    }
}

fn check_text(field: &FieldSpec, text: &str, fail: &mut impl FnMut(String)) {
    let length = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
    if let Some(min) = field.min_length
        && length < min
    {
        fail(msg::too_short(min));
    }
    if let Some(max) = field.max_length
        && length > max
    {
        fail(msg::too_long(max));
    }
    if let Some(pattern) = &field.pattern
        && !pattern.is_match(text)
    {
        fail(msg::pattern());
    }
    match field.kind {
        FieldType::Email if !is_email(text) => fail(msg::email()),
        FieldType::Phone if !is_phone(text) => fail(msg::phone()),
        FieldType::Iban if !is_iban(text) => fail(msg::iban()),
        FieldType::PostalCode if !(text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())) => {
            fail(msg::postal_code());
        }
        FieldType::Choice => {
            if let Some(options) = &field.options
                && !options.iter().any(|o| o == text)
            {
                fail(msg::not_an_option(text));
            }
        }
        FieldType::File => check_file(field, text, fail),
        _ => {}
    }
}

fn check_file(field: &FieldSpec, name: &str, fail: &mut impl FnMut(String)) {
    if field.file_kinds.is_empty() {
        return;
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let matches = field.file_kinds.iter().any(|kind| {
        *kind == extension
            || (kind == "jpeg" && extension == "jpg")
            || (kind == "jpg" && extension == "jpeg")
    });
    if !matches {
        fail(msg::file_kind(&field.file_kinds));
    }
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '/' | '(' | ')'))
}

/// Checks the IBAN's check digits (ISO 13616, mod 97).
fn is_iban(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.len() < 15
        || compact.len() > 34
        || !compact.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for ch in tail.chars().chain(head.chars()) {
        let value = ch.to_digit(36).unwrap_or(0);
        let digits = if value >= 10 { 2 } else { 1 };
        remainder = (remainder * 10_u32.pow(digits) + value) % 97;
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits_are_verified() {
        assert!(is_iban("DE89 3704 0044 0532 0130 00"));
        assert!(!is_iban("DE88 3704 0044 0532 0130 00"));
    }

    #[test]
    fn numbers_are_read_as_typed_in_germany() {
        assert_eq!(parse_number("4,85").unwrap().to_string(), "4.85");
        assert_eq!(parse_number("1.234,50").unwrap().to_string(), "1234.50");
        assert_eq!(parse_number(" 12 ").unwrap().to_string(), "12");
        assert!(parse_number("vier").is_none());
    }

    #[test]
    fn dates_are_read_in_both_notations() {
        assert_eq!(parse_date("31.12.2024").unwrap().to_string(), "2024-12-31");
        assert_eq!(parse_date("2024-12-31").unwrap().to_string(), "2024-12-31");
        assert!(parse_date("31.02.2024").is_none());
    }
}
