//! Generated applications for comparing two versions of a service.
//!
//! An application is generated from the forms of *both* versions: every
//! field that either version asks for gets a value (the definition of one
//! of the versions, chosen at random when both have the field, gives its
//! type and constraints), and each version is then given only the fields
//! it knows ([`FormShape::project`]). This is the same applicant filling
//! in the old and the new form; an answer only one form asks for is not
//! typed into the other.
//!
//! Values stay within the field's constraints, so that most applications
//! are valid, and favour the constants the rules of either version compare
//! the field with ([`Hints`]), and the values just beside them: that is
//! where a changed fee schedule or age limit gives a different result.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use rand::RngExt;
use rand::seq::IndexedRandom;
use rand_pcg::Pcg64;
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::diff::cases::Answer;
use crate::diff::cases::rules::Hints;
use crate::engine::{Input, RawValue};
use crate::feel::number::Number;
use crate::model::{Bound, Field, FieldType, Repository, Requirement, Service};

/// Attempts at generating a text that matches a field's pattern and
/// length before a plain text is used.
const PATTERN_ATTEMPTS: usize = 10;
/// Repetitions repeat at most this many times more than their minimum,
/// so that `+`, `*` and `{0,500}` give texts short enough to read.
const OPEN_REPEAT: u32 = 3;
/// Texts are not padded beyond this length, whatever the field's minimum
/// length says; the field then refuses them and the application counts
/// as invalid.
const LONGEST_TEXT: i64 = 10_000;
/// Entries of a repeatable group without a maximum, and the most entries
/// generated for any group.
const DEFAULT_ENTRIES: i64 = 5;
const MOST_ENTRIES: i64 = 10;
/// Entries of a repeatable group shown in an example application.
const EXAMPLE_ENTRIES: usize = 3;
/// An optional field is left empty in one of this many applications.
const EMPTY_ONE_IN: u32 = 4;
/// More digits after the point are not generated.
const MOST_DECIMALS: i64 = 6;
/// Ages and periods in years up to this many are tried as birth dates and
/// other dates that far before the submission.
const MOST_YEARS: i64 = 120;

/// The fields and groups of one version's form, for giving it only the
/// answers it asks for.
#[derive(Debug, Default, Clone)]
pub(crate) struct FormShape {
    top: BTreeSet<String>,
    groups: BTreeMap<String, BTreeSet<String>>,
}

impl FormShape {
    pub fn of(service: &Service) -> FormShape {
        let mut shape = FormShape::default();
        for (field, group) in service.fields() {
            if is_display(field) {
                continue;
            }
            match group {
                None => {
                    shape.top.insert(field.id.value.clone());
                }
                Some(section) => {
                    shape
                        .groups
                        .entry(section.id.value.clone())
                        .or_default()
                        .insert(field.id.value.clone());
                }
            }
        }
        for section in service.sections() {
            if section.repeat.is_some() {
                shape.groups.entry(section.id.value.clone()).or_default();
            }
        }
        shape
    }

    /// The answers of `input` that this form asks for.
    pub fn project(&self, input: &Input) -> Input {
        let mut out = Input::new();
        for (key, value) in input {
            if self.top.contains(key) {
                out.insert(key.clone(), value.clone());
            } else if let Some(members) = self.groups.get(key) {
                let RawValue::List(entries) = value else {
                    continue;
                };
                let entries = entries
                    .iter()
                    .map(|entry| match entry {
                        RawValue::Entries(values) => RawValue::Entries(
                            values
                                .iter()
                                .filter(|(k, _)| members.contains(*k))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                        ),
                        other => other.clone(),
                    })
                    .collect();
                out.insert(key.clone(), RawValue::List(entries));
            }
        }
        out
    }
}

fn is_display(field: &Field) -> bool {
    field
        .kind
        .as_ref()
        .is_some_and(|k| k.value == FieldType::Display)
}

/// One version's definition of a field, with what generating needs.
#[derive(Debug)]
struct Definition<'s> {
    field: &'s Field,
    kind: FieldType,
    /// The codes of a choice field, when they are known.
    options: Option<Vec<String>>,
    /// The pattern as a syntax tree to generate from, and as a regular
    /// expression to check the result with.
    pattern: Option<(Hir, Regex)>,
}

#[derive(Debug)]
struct FieldPlan<'s> {
    id: String,
    definitions: Vec<Definition<'s>>,
}

#[derive(Debug)]
struct GroupPlan<'s> {
    id: String,
    /// Each version's minimum and maximum number of entries.
    repeats: Vec<(Option<i64>, Option<i64>)>,
    members: Vec<FieldPlan<'s>>,
}

/// How to generate applications for two versions of a service.
#[derive(Debug)]
pub(crate) struct Generator<'s> {
    fields: Vec<FieldPlan<'s>>,
    groups: Vec<GroupPlan<'s>>,
    hints: Hints,
    submitted: Date,
}

impl<'s> Generator<'s> {
    /// A generator for the forms of `versions` (the newer first, so that
    /// fields are generated in the newer form's order), with applications
    /// submitted on `submitted`.
    pub fn new(versions: &[(&'s Service, &'s Repository)], submitted: Date) -> Generator<'s> {
        let mut generator = Generator {
            fields: Vec::new(),
            groups: Vec::new(),
            hints: Hints::default(),
            submitted,
        };
        for (service, repository) in versions {
            generator.hints.collect(service);
            for section in service.sections() {
                let Some(repeat) = &section.repeat else {
                    continue;
                };
                let limits = (
                    repeat.min.as_ref().map(|m| m.value),
                    repeat.max.as_ref().map(|m| m.value),
                );
                match generator
                    .groups
                    .iter_mut()
                    .find(|g| g.id == section.id.value)
                {
                    Some(group) => group.repeats.push(limits),
                    None => generator.groups.push(GroupPlan {
                        id: section.id.value.clone(),
                        repeats: vec![limits],
                        members: Vec::new(),
                    }),
                }
            }
            for (field, group) in service.fields() {
                let Some(kind) = field.kind.as_ref().map(|k| k.value) else {
                    continue;
                };
                if kind == FieldType::Display {
                    continue;
                }
                let definition = Definition {
                    field,
                    kind,
                    options: options(field, repository),
                    pattern: field.pattern.as_ref().and_then(|p| pattern(&p.value)),
                };
                let plans = match group {
                    None => &mut generator.fields,
                    Some(section) => {
                        match generator
                            .groups
                            .iter_mut()
                            .find(|g| g.id == section.id.value)
                        {
                            Some(group) => &mut group.members,
                            None => continue,
                        }
                    }
                };
                match plans.iter_mut().find(|p| p.id == field.id.value) {
                    Some(plan) => plan.definitions.push(definition),
                    None => plans.push(FieldPlan {
                        id: field.id.value.clone(),
                        definitions: vec![definition],
                    }),
                }
            }
        }
        generator
    }

    /// A new application.
    pub fn generate(&self, rng: &mut Pcg64) -> Input {
        let mut input = Input::new();
        for plan in &self.fields {
            if let Some(value) = self.value(plan, false, rng) {
                input.insert(plan.id.clone(), value);
            }
        }
        for group in &self.groups {
            input.insert(group.id.clone(), self.entries(group, rng));
        }
        input
    }

    /// Draws new answers for the fields named in validation errors:
    /// `vehicle_length`, `dogs[2].breed`, or a whole group `dogs`.
    pub fn regenerate(&self, input: &mut Input, paths: &BTreeSet<String>, rng: &mut Pcg64) {
        for path in paths {
            let (head, member) = match path.split_once('[') {
                Some((group, rest)) => (group, rest.split_once("].")),
                None => (path.as_str(), None),
            };
            if let Some(plan) = self.fields.iter().find(|p| p.id == head) {
                match self.value(plan, true, rng) {
                    Some(value) => input.insert(plan.id.clone(), value),
                    None => input.remove(&plan.id),
                };
                continue;
            }
            let Some(group) = self.groups.iter().find(|g| g.id == head) else {
                continue;
            };
            let entry = member.and_then(|(n, m)| Some((n.parse::<usize>().ok()?, m)));
            let Some((number, member)) = entry else {
                input.insert(group.id.clone(), self.entries(group, rng));
                continue;
            };
            let Some(plan) = group.members.iter().find(|p| p.id == member) else {
                continue;
            };
            let value = self.value(plan, true, rng);
            if let Some(RawValue::List(entries)) = input.get_mut(&group.id)
                && let Some(RawValue::Entries(values)) =
                    number.checked_sub(1).and_then(|i| entries.get_mut(i))
            {
                match value {
                    Some(value) => values.insert(plan.id.clone(), value),
                    None => values.remove(&plan.id),
                };
            }
        }
    }

    /// The answers of `input` to `fields` (field and group ids), in the
    /// order of the form; a group member is shown for each of the first
    /// entries.
    pub fn example(&self, input: &Input, fields: &BTreeSet<String>) -> Vec<Answer> {
        let mut out = Vec::new();
        for plan in self.fields.iter().filter(|p| fields.contains(&p.id)) {
            out.push(Answer {
                field: plan.id.clone(),
                value: input.get(&plan.id).cloned(),
            });
        }
        for group in &self.groups {
            let entries = match input.get(&group.id) {
                Some(RawValue::List(entries)) => entries.as_slice(),
                _ => &[],
            };
            if fields.contains(&group.id) {
                out.push(Answer {
                    field: group.id.clone(),
                    value: input.get(&group.id).cloned(),
                });
            }
            for (n, entry) in entries.iter().enumerate().take(EXAMPLE_ENTRIES) {
                let RawValue::Entries(values) = entry else {
                    continue;
                };
                for plan in group.members.iter().filter(|p| fields.contains(&p.id)) {
                    out.push(Answer {
                        field: format!("{}[{}].{}", group.id, n + 1, plan.id),
                        value: values.get(&plan.id).cloned(),
                    });
                }
            }
        }
        out
    }

    fn entries(&self, group: &GroupPlan<'_>, rng: &mut Pcg64) -> RawValue {
        let (min, max) = group.repeats.choose(rng).copied().unwrap_or((None, None));
        let low = min.unwrap_or(1).clamp(1, MOST_ENTRIES);
        let high = max
            .unwrap_or(DEFAULT_ENTRIES)
            .clamp(low, MOST_ENTRIES.max(low));
        let count = rng.random_range(low..=high);
        let entries = (0..count)
            .map(|_| {
                let mut values = Input::new();
                for plan in &group.members {
                    if let Some(value) = self.value(plan, false, rng) {
                        values.insert(plan.id.clone(), value);
                    }
                }
                RawValue::Entries(values)
            })
            .collect();
        RawValue::List(entries)
    }

    /// An answer for a field, or `None` for an optional field left empty.
    /// `answer` asks for an answer even to an optional field.
    fn value(&self, plan: &FieldPlan<'_>, answer: bool, rng: &mut Pcg64) -> Option<RawValue> {
        let definition = plan.definitions.choose(rng)?;
        let optional = matches!(
            definition.field.required,
            None | Some(Requirement::Always(crate::source::Spanned {
                value: false,
                ..
            }))
        );
        if optional && !answer && rng.random_ratio(1, EMPTY_ONE_IN) {
            return None;
        }
        let id = plan.id.as_str();
        Some(match definition.kind {
            FieldType::Integer | FieldType::Decimal | FieldType::Money => {
                RawValue::Number(self.number(definition, id, rng))
            }
            FieldType::Date => RawValue::Date(self.date(definition, id, rng)),
            FieldType::Boolean => RawValue::Boolean(rng.random_ratio(1, 2)),
            FieldType::Choice => RawValue::Text(self.choice(definition, id, rng)),
            FieldType::MultiChoice => self.choices(definition, id, rng),
            FieldType::File => RawValue::Text(file_name(definition, rng)),
            FieldType::Text
            | FieldType::Email
            | FieldType::Phone
            | FieldType::Iban
            | FieldType::PostalCode
            | FieldType::Display => RawValue::Text(self.text(definition, id, rng)),
        })
    }

    /// A number within the field's limits at its precision: half of the
    /// time one of the limits or a constant of the rules (or the value
    /// one step beside it), otherwise any value in the range.
    fn number(&self, definition: &Definition<'_>, id: &str, rng: &mut Pcg64) -> Number {
        let field = definition.field;
        let hints = self
            .hints
            .numbers
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let decimals = match definition.kind {
            FieldType::Integer => 0,
            FieldType::Money => field.decimals.as_ref().map_or(2, |d| d.value),
            _ => field.decimals.as_ref().map_or_else(
                || {
                    hints
                        .iter()
                        .map(|n| i64::from(n.scale()))
                        .max()
                        .unwrap_or(0)
                        .max(2)
                },
                |d| d.value,
            ),
        }
        .clamp(0, MOST_DECIMALS);
        let step = power_of_ten(-decimals);
        let default_high = match definition.kind {
            FieldType::Integer => 100,
            FieldType::Decimal => 1_000,
            _ => 10_000,
        };
        let bound = |b: &Option<crate::source::Spanned<Bound>>| match b.as_ref().map(|b| &b.value) {
            Some(Bound::Number(n)) => Some(*n),
            _ => None,
        };
        let largest_hint = hints.last().copied().unwrap_or(Number::ZERO);
        let low = bound(&field.min).unwrap_or_else(|| {
            hints
                .first()
                .copied()
                .filter(|n| n.is_negative())
                .unwrap_or(Number::ZERO)
        });
        let high = bound(&field.max).unwrap_or_else(|| {
            let doubled = largest_hint
                .checked_add(largest_hint)
                .unwrap_or(largest_hint);
            max_number(Number::from_i64(default_high), doubled)
        });
        let inside = |n: &Number| n.cmp_value(low).is_ge() && n.cmp_value(high).is_le();

        let mut candidates = vec![low, high];
        for hint in hints {
            for n in [hint.checked_sub(step), Some(*hint), hint.checked_add(step)]
                .into_iter()
                .flatten()
            {
                if inside(&n) && fits(n, decimals) {
                    candidates.push(n);
                }
            }
        }
        if rng.random_ratio(1, 2)
            && let Some(n) = candidates.choose(rng)
        {
            return *n;
        }
        let scale = power_of_ten(decimals);
        let scaled = |n: Number, up: bool| {
            let n = n.checked_mul(scale)?;
            let n = if up { n.ceiling() } else { n.floor() };
            n.to_i128()
        };
        match (scaled(low, true), scaled(high, false)) {
            (Some(a), Some(b)) if a <= b => {
                let k = rng.random_range(a..=b);
                Number::from_i128(k)
                    .and_then(|k| k.checked_div(scale))
                    .unwrap_or(low)
            }
            _ => low,
        }
    }

    /// A date within the field's limits: a third of the time at a
    /// constant of the rules, at an age the rules compare with (so many
    /// years before the submission) or beside them; a third near the
    /// submission date; a third up to 90 years before it.
    fn date(&self, definition: &Definition<'_>, id: &str, rng: &mut Pcg64) -> Date {
        let field = definition.field;
        let bound = |b: &Option<crate::source::Spanned<Bound>>| match b.as_ref().map(|b| &b.value) {
            Some(Bound::Date(d)) => Some(*d),
            _ => None,
        };
        let (low, high) = (bound(&field.min), bound(&field.max));
        let submitted = self.submitted;
        let mut candidates: Vec<Date> = vec![submitted];
        let mut around = |d: Date| {
            for offset in [-1_i64, 0, 1] {
                if let Ok(day) = d.checked_add(offset.days()) {
                    candidates.push(day);
                }
            }
        };
        for d in self.hints.dates.get(id).into_iter().flatten() {
            around(*d);
        }
        for n in self.hints.numbers.get(id).into_iter().flatten() {
            if let Some(years) = n
                .to_i64()
                .filter(|y| n.is_integer() && (1..=MOST_YEARS).contains(y))
                && let Ok(day) = submitted.checked_sub(Span::new().years(years))
            {
                around(day);
            }
        }
        candidates.extend(low.into_iter().chain(high));
        let within = |d: &Date| low.is_none_or(|l| *d >= l) && high.is_none_or(|h| *d <= h);
        candidates.retain(within);

        let drawn = match rng.random_range(0..3_u8) {
            0 => candidates.choose(rng).copied(),
            1 => submitted
                .checked_add(rng.random_range(-120_i64..=120).days())
                .ok(),
            _ => submitted
                .checked_sub(rng.random_range(0_i64..=90 * 365).days())
                .ok(),
        };
        match drawn.filter(within) {
            Some(day) => day,
            None => match (low, high) {
                (Some(l), Some(h)) => {
                    let days = (h - l).get_days().max(0);
                    l.checked_add(rng.random_range(0..=i64::from(days)).days())
                        .unwrap_or(l)
                }
                (Some(l), None) => l,
                (None, Some(h)) => h,
                (None, None) => submitted,
            },
        }
    }

    fn choice(&self, definition: &Definition<'_>, id: &str, rng: &mut Pcg64) -> String {
        if let Some(code) = definition.options.as_ref().and_then(|o| o.choose(rng)) {
            return code.clone();
        }
        // Codes of an external list are not known; the rules may name some.
        self.hints
            .texts
            .get(id)
            .and_then(|t| t.choose(rng))
            .cloned()
            .unwrap_or_else(|| PLAIN_TEXT.to_owned())
    }

    fn choices(&self, definition: &Definition<'_>, id: &str, rng: &mut Pcg64) -> RawValue {
        let field = definition.field;
        let codes: Vec<String> = match &definition.options {
            Some(options) => options.clone(),
            None => self.hints.texts.get(id).cloned().unwrap_or_default(),
        };
        let most = i64::try_from(codes.len()).unwrap_or(i64::MAX);
        let low = field
            .min_items
            .as_ref()
            .map_or(0, |m| m.value)
            .clamp(0, most);
        let high = field
            .max_items
            .as_ref()
            .map_or(most, |m| m.value)
            .clamp(low, most);
        let count = usize::try_from(rng.random_range(low..=high)).unwrap_or_default();
        let mut chosen: Vec<&String> = codes.sample(rng, count).collect();
        // The order of the form, not of the draw.
        chosen.sort_by_key(|c| codes.iter().position(|o| o == *c));
        RawValue::List(
            chosen
                .into_iter()
                .map(|c| RawValue::Text(c.clone()))
                .collect(),
        )
    }

    /// A text the field accepts: one matching its pattern, half of the
    /// time a text the rules compare it with, otherwise a fixed valid
    /// text of its kind.
    fn text(&self, definition: &Definition<'_>, id: &str, rng: &mut Pcg64) -> String {
        let field = definition.field;
        let min = field.min_length.as_ref().map(|m| m.value);
        let max = field.max_length.as_ref().map(|m| m.value);
        let fits = |t: &str| {
            let length = i64::try_from(t.chars().count()).unwrap_or(i64::MAX);
            min.is_none_or(|m| length >= m) && max.is_none_or(|m| length <= m)
        };
        if let Some((hir, regex)) = &definition.pattern {
            for _ in 0..PATTERN_ATTEMPTS {
                let mut text = String::new();
                from_pattern(hir, rng, &mut text);
                if fits(&text) && regex.is_match(&text) {
                    return text;
                }
            }
        }
        if let Some(hint) = self.hints.texts.get(id).and_then(|t| t.choose(rng))
            && fits(hint)
            && rng.random_ratio(1, 2)
        {
            return hint.clone();
        }
        let text = match definition.kind {
            FieldType::Email => "antrag@example.org".to_owned(),
            FieldType::Phone => "0761 201-0".to_owned(),
            FieldType::Iban => "DE89 3704 0044 0532 0130 00".to_owned(),
            FieldType::PostalCode => format!("{:05}", rng.random_range(1_067..=99_998)),
            _ => PLAIN_TEXT.to_owned(),
        };
        fit_length(text, min, max)
    }
}

/// The text given to free text fields.
const PLAIN_TEXT: &str = "Beispiel";

/// A text padded or cut to the field's lengths.
fn fit_length(mut text: String, min: Option<i64>, max: Option<i64>) -> String {
    let length = |t: &str| i64::try_from(t.chars().count()).unwrap_or(i64::MAX);
    while min.is_some_and(|m| length(&text) < m.min(LONGEST_TEXT)) {
        text.push('x');
    }
    if let Some(max) = max.and_then(|m| usize::try_from(m).ok()) {
        text = text.chars().take(max).collect();
    }
    text
}

fn file_name(definition: &Definition<'_>, rng: &mut Pcg64) -> String {
    let kind = definition
        .field
        .file_kinds
        .choose(rng)
        .map_or("pdf", |k| k.value.as_str());
    format!("nachweis.{}", kind.to_lowercase())
}

/// The codes of a choice field: its own options, or its code list's
/// entries in the same version of the repository.
fn options(field: &Field, repository: &Repository) -> Option<Vec<String>> {
    if let Some(options) = &field.options {
        return Some(options.value.iter().map(|o| o.code.value.clone()).collect());
    }
    let list = repository.codelist(&field.codelist.as_ref()?.value)?;
    let entries = list.entries.as_ref()?;
    Some(entries.value.iter().map(|e| e.code.value.clone()).collect())
}

fn pattern(text: &str) -> Option<(Hir, Regex)> {
    let hir = regex_syntax::parse(text).ok()?;
    let regex = Regex::new(&format!("^(?:{text})$")).ok()?;
    Some((hir, regex))
}

/// Appends a text matching `hir`. Characters are taken from the printable
/// ASCII part of a class where it has one, so that the texts stay
/// readable in reports; a class without one gives its first character
/// (see docs/limits.md).
fn from_pattern(hir: &Hir, rng: &mut Pcg64, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(u32, u32)> = class
                .ranges()
                .iter()
                .map(|r| (r.start() as u32, r.end() as u32))
                .collect();
            if let Some(c) = pick_char(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(u32, u32)> = class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end().min(0x7f))))
                .filter(|(a, b)| a <= b)
                .collect();
            if let Some(c) = pick_char(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Repetition(repetition) => {
            let most = repetition
                .max
                .unwrap_or(u32::MAX)
                .min(repetition.min.saturating_add(OPEN_REPEAT));
            let times = rng.random_range(repetition.min..=most.max(repetition.min));
            for _ in 0..times {
                from_pattern(&repetition.sub, rng, out);
            }
        }
        HirKind::Capture(capture) => from_pattern(&capture.sub, rng, out),
        HirKind::Concat(parts) => {
            for part in parts {
                from_pattern(part, rng, out);
            }
        }
        HirKind::Alternation(choices) => {
            if let Some(choice) = choices.choose(rng) {
                from_pattern(choice, rng, out);
            }
        }
    }
}

/// A character from the ranges, from their printable ASCII part when
/// there is one, else from the first range.
fn pick_char(ranges: &[(u32, u32)], rng: &mut Pcg64) -> Option<char> {
    let printable: Vec<(u32, u32)> = ranges
        .iter()
        .map(|&(a, b)| (a.max(0x21), b.min(0x7e)))
        .filter(|(a, b)| a <= b)
        .collect();
    let pool = if printable.is_empty() {
        ranges
    } else {
        printable.as_slice()
    };
    let &(a, b) = pool.choose(rng)?;
    char::from_u32(rng.random_range(a..=b)).or_else(|| char::from_u32(a))
}

fn power_of_ten(exponent: i64) -> Number {
    let text = if exponent >= 0 {
        format!(
            "1{}",
            "0".repeat(usize::try_from(exponent).unwrap_or_default())
        )
    } else {
        format!(
            "0.{}1",
            "0".repeat(usize::try_from(-exponent - 1).unwrap_or_default())
        )
    };
    text.parse().unwrap_or(Number::from_i64(1))
}

/// Whether `n` has at most `decimals` digits after the point that are not
/// trailing zeros.
fn fits(n: Number, decimals: i64) -> bool {
    let text = n.to_string();
    text.split_once('.').is_none_or(|(_, fraction)| {
        i64::try_from(fraction.trim_end_matches('0').len()).unwrap_or(i64::MAX) <= decimals
    })
}

fn max_number(a: Number, b: Number) -> Number {
    if a.cmp_value(b).is_ge() { a } else { b }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn texts_generated_from_a_pattern_match_it() {
        let (hir, regex) =
            pattern("[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} [1-9][0-9]{0,3}[EH]?").expect("a valid pattern");
        let mut rng = Pcg64::seed_from_u64(7);
        for _ in 0..200 {
            let mut text = String::new();
            from_pattern(&hir, &mut rng, &mut text);
            assert!(regex.is_match(&text), "{text}");
        }
    }

    fn sample_service(path: &str) -> crate::model::load::Loaded {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let text = std::fs::read(root.join(path)).expect("the sample exists");
        crate::model::load::load_from_memory(vec![(
            "services/sample/service.toml".to_owned(),
            text,
        )])
    }

    /// The answers a generator gives a field in `count` applications.
    fn answers(path: &str, field: &str, count: u64) -> Vec<RawValue> {
        let loaded = sample_service(path);
        let repository = &loaded.repository;
        let service = &repository.services[0];
        let submitted = jiff::civil::date(2026, 2, 7);
        let generator = Generator::new(&[(service, repository)], submitted);
        (0..count)
            .filter_map(|n| {
                let mut rng = Pcg64::seed_from_u64(n);
                generator.generate(&mut rng).remove(field)
            })
            .collect()
    }

    #[test]
    fn lengths_at_and_beside_the_limits_of_the_fee_table_are_generated() {
        let lengths = answers(
            "history/bewohnerparkausweis/2022-04-01.toml",
            "vehicle_length",
            400,
        );
        for expected in [
            "4.199", "4.20", "4.201", "4.699", "4.70", "4.701", "2.0", "8.0",
        ] {
            let expected: Number = expected.parse().expect("a number");
            assert!(
                lengths
                    .iter()
                    .any(|l| matches!(l, RawValue::Number(n) if n.cmp_value(expected).is_eq())),
                "{expected} not among {lengths:?}"
            );
        }
    }

    #[test]
    fn birth_dates_at_the_age_limit_of_the_fee_table_are_generated() {
        let dates = answers("services/personalausweis/service.toml", "birth_date", 400);
        // 24 years before the submission on 7 February 2026, and the days
        // beside it.
        for expected in [
            jiff::civil::date(2002, 2, 6),
            jiff::civil::date(2002, 2, 7),
            jiff::civil::date(2002, 2, 8),
        ] {
            assert!(
                dates.contains(&RawValue::Date(expected)),
                "{expected} not among the birth dates"
            );
        }
    }

    #[test]
    fn choices_take_every_option_and_nothing_else() {
        let reasons = answers(
            "history/bewohnerparkausweis/2022-04-01.toml",
            "reduction_reason",
            60,
        );
        let mut seen: Vec<String> = reasons
            .into_iter()
            .map(|r| match r {
                RawValue::Text(t) => t,
                other => panic!("a code, not {other:?}"),
            })
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen, ["none", "severe_disability", "social_benefits"]);
    }

    #[test]
    fn a_form_is_given_only_the_answers_it_asks_for() {
        let loaded = sample_service("history/bewohnerparkausweis/2023-12-01.toml");
        let shape = FormShape::of(&loaded.repository.services[0]);
        let mut input = Input::new();
        input.insert("vehicle_length".into(), RawValue::Text("4.5".into()));
        input.insert("reduction_reason".into(), RawValue::Text("none".into()));
        let projected = shape.project(&input);
        assert_eq!(projected.keys().collect::<Vec<_>>(), ["vehicle_length"]);
    }

    #[test]
    fn powers_of_ten_are_exact() {
        assert_eq!(power_of_ten(3).to_string(), "1000");
        assert_eq!(power_of_ten(-3).to_string(), "0.001");
        assert_eq!(power_of_ten(0).to_string(), "1");
    }

    #[test]
    fn a_text_is_padded_and_cut_to_its_lengths() {
        assert_eq!(fit_length("ab".into(), Some(4), None), "abxx");
        assert_eq!(fit_length("abcdef".into(), None, Some(3)), "abc");
    }
}
