//! Generated applicants: the form input of each simulated application.
//!
//! Every field gets its value from the profile (a fixed value or a
//! distribution) or, when the profile says nothing about it, a default
//! that fits the field's type and limits. Optional fields without a word
//! in the profile stay empty. The input then goes through the engine's own
//! validation and assessment, so that guards, decision tables and fees see
//! exactly what they would see on the platform.
//!
//! Each applicant draws from its own random stream, named by the case's
//! number, so that applicants are the same whichever thread generates
//! them and however the work is split.
//!
//! Defaults cannot satisfy every `pattern` or `validate` rule, and choices
//! from external code lists have none; reading a profile tries a few
//! applicants and refuses a profile whose fixed values or defaults the
//! form refuses (see `docs/limits.md`).

use jiff::Span as DateSpan;
use jiff::civil::Date;

use crate::engine::compile::{FieldSpec, GroupSpec, Required};
use crate::engine::{CompiledService, Input, RawValue};
use crate::feel::number::Number;
use crate::load::distribution::Distribution;
use crate::load::profile::{InputSource, Plan, date_bound, number_bound};
use crate::load::random::{Purpose, Random};
use crate::model::FieldType;
use crate::source::Span;

/// How many applicants are tried when a profile is read, to find fixed
/// values and defaults that the form refuses.
pub(crate) const TRIAL_APPLICANTS: u64 = 16;

/// How one field is filled in.
#[derive(Debug, Clone)]
pub(crate) struct FieldPlan {
    how: How,
    /// Where the profile says so, or where the default would be written.
    span: Span,
    /// Whether the value is the field's default.
    default: bool,
    /// Whether the value is drawn at random (and may differ per case).
    random: bool,
}

#[derive(Debug, Clone)]
enum How {
    /// No value: an optional field.
    Absent,
    Fixed(RawValue),
    Number {
        distribution: Distribution,
        /// Digits after the decimal point.
        scale: u32,
        min: Option<Number>,
        max: Option<Number>,
    },
    Date {
        offset: Distribution,
        unit_days: f64,
        after: bool,
        min: Option<Date>,
        max: Option<Date>,
    },
    Pick {
        values: Vec<RawValue>,
        cumulative: Vec<f64>,
    },
    Boolean(f64),
    Subset(Vec<(String, f64)>),
}

/// How many entries a repeatable group gets.
#[derive(Debug, Clone)]
pub(crate) struct GroupPlan {
    count: Distribution,
    min: i64,
    max: Option<i64>,
}

impl GroupPlan {
    pub fn new(group: &GroupSpec, count: Option<Distribution>) -> GroupPlan {
        // Without a word in the profile, the smallest count the form
        // accepts, and at least one entry when it names no minimum.
        let fallback = group.min.unwrap_or(1).max(0);
        let count = count.unwrap_or(Distribution::Constant {
            value: f64::from(i32::try_from(fallback).unwrap_or(i32::MAX)),
        });
        GroupPlan {
            count,
            min: group.min.unwrap_or(0).max(0),
            max: group.max,
        }
    }
}

impl FieldPlan {
    pub fn new(field: &FieldSpec, given: Option<(InputSource, Span)>, input: Span) -> FieldPlan {
        let Some((source, span)) = given else {
            let how = match default_value(field) {
                Some(Default::Value(value)) => How::Fixed(value),
                Some(Default::Submitted) => How::Date {
                    offset: Distribution::Constant { value: 0.0 },
                    unit_days: 1.0,
                    after: true,
                    min: date_bound(field.min.as_ref()),
                    max: date_bound(field.max.as_ref()),
                },
                None => How::Absent,
            };
            return FieldPlan {
                how,
                span: input,
                default: true,
                random: false,
            };
        };
        let (how, random) = match source {
            InputSource::Constant(value) => (How::Fixed(value), false),
            InputSource::Number(distribution) | InputSource::Entries(distribution) => (
                How::Number {
                    distribution,
                    scale: scale(field),
                    min: number_bound(field.min.as_ref()),
                    max: number_bound(field.max.as_ref()),
                },
                !matches!(distribution, Distribution::Constant { .. }),
            ),
            InputSource::Date {
                offset,
                unit,
                after,
            } => (
                How::Date {
                    offset,
                    unit_days: unit.days(),
                    after,
                    min: date_bound(field.min.as_ref()),
                    max: date_bound(field.max.as_ref()),
                },
                !matches!(offset, Distribution::Constant { .. }),
            ),
            InputSource::Categorical(weighted) => {
                let chosen = weighted.iter().filter(|(_, w)| *w > 0.0).count();
                let mut total = 0.0;
                let cumulative = weighted
                    .iter()
                    .map(|(_, w)| {
                        total += w;
                        total
                    })
                    .collect();
                let values = weighted.into_iter().map(|(v, _)| v).collect();
                (How::Pick { values, cumulative }, chosen > 1)
            }
            InputSource::Boolean(p) => (How::Boolean(p), p > 0.0 && p < 1.0),
            InputSource::Subset(codes) => {
                let random = codes.iter().any(|(_, p)| *p > 0.0 && *p < 1.0);
                (How::Subset(codes), random)
            }
        };
        FieldPlan {
            how,
            span,
            default: false,
            random,
        }
    }
}

/// Digits after the decimal point for generated numbers: none for whole
/// numbers, cents for money, the field's `decimals` or else two.
fn scale(field: &FieldSpec) -> u32 {
    match field.kind {
        FieldType::Integer => 0,
        FieldType::Money => 2,
        _ => field
            .decimals
            .and_then(|d| u32::try_from(d.clamp(0, 9)).ok())
            .unwrap_or(2),
    }
}

enum Default {
    Value(RawValue),
    /// The submission date (for date fields).
    Submitted,
}

/// The value a field gets when the profile says nothing about it; `None`
/// for optional fields, and for choices whose options cannot be seen.
fn default_value(field: &FieldSpec) -> Option<Default> {
    if matches!(field.required, Required::Never) {
        return None;
    }
    let text = |t: &str| Some(Default::Value(RawValue::Text(t.to_owned())));
    match field.kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Money => {
            let min = number_bound(field.min.as_ref());
            let max = number_bound(field.max.as_ref());
            let zero = Number::from_i64(0);
            let value = match (min, max) {
                (Some(min), _) => min,
                (None, Some(max)) if max.cmp_value(zero).is_lt() => max,
                _ => zero,
            };
            Some(Default::Value(RawValue::Number(value)))
        }
        FieldType::Date => Some(Default::Submitted),
        FieldType::Boolean => Some(Default::Value(RawValue::Boolean(false))),
        FieldType::Choice => field
            .options
            .as_ref()
            .and_then(|o| o.first())
            .and_then(|code| text(code)),
        FieldType::MultiChoice => {
            let options = field.options.as_ref()?;
            let count = usize::try_from(field.min_items.unwrap_or(1).max(1)).unwrap_or(1);
            let codes: Vec<RawValue> = options
                .iter()
                .take(count)
                .map(|c| RawValue::Text(c.clone()))
                .collect();
            (!codes.is_empty()).then_some(Default::Value(RawValue::List(codes)))
        }
        FieldType::File => {
            let kind = field.file_kinds.first().map_or("pdf", String::as_str);
            text(&format!("nachweis.{kind}"))
        }
        FieldType::Email => text("antrag@example.org"),
        FieldType::Phone => text("0761 2010"),
        FieldType::Iban => text("DE02120300000000202051"),
        FieldType::PostalCode => text("79098"),
        FieldType::Text | FieldType::Display => {
            let min = usize::try_from(field.min_length.unwrap_or(1).max(1)).unwrap_or(1);
            let max = field
                .max_length
                .and_then(|m| usize::try_from(m).ok())
                .unwrap_or(usize::MAX)
                .max(1);
            let mut value: String = "Beispiel".chars().take(max).collect();
            while value.chars().count() < min {
                value.push('x');
            }
            text(&value)
        }
    }
}

/// Generates applicants for a service by a plan.
pub(crate) struct Generator<'s> {
    service: &'s CompiledService,
    plan: &'s Plan,
}

impl<'s> Generator<'s> {
    pub fn new(service: &'s CompiledService, plan: &'s Plan) -> Generator<'s> {
        Generator { service, plan }
    }

    /// An input with every fixed value in place, to be completed by
    /// [`Generator::generate`]. Reusing it across applicants saves
    /// building the same entries again and again.
    pub fn template(&self) -> Input {
        let mut input = Input::new();
        for (field, plan) in self.service.fields.iter().zip(&self.plan.fields) {
            if field.group.is_some() {
                continue;
            }
            match &plan.how {
                How::Absent => {}
                How::Fixed(value) => {
                    input.insert(field.id.clone(), value.clone());
                }
                _ => {
                    input.insert(field.id.clone(), RawValue::Boolean(false));
                }
            }
        }
        for group in &self.service.groups {
            input.insert(group.id.clone(), RawValue::List(Vec::new()));
        }
        input
    }

    /// Fills `input` (made by [`Generator::template`]) for applicant
    /// number `index`, submitted on `submitted`.
    pub fn generate(&self, seed: u64, index: u64, submitted: Date, input: &mut Input) {
        let mut random = Random::stream(seed, Purpose::Applicant, index);
        for (field, plan) in self.service.fields.iter().zip(&self.plan.fields) {
            if field.group.is_some() || matches!(plan.how, How::Absent | How::Fixed(_)) {
                continue;
            }
            let value = draw(&plan.how, &mut random, submitted);
            match input.get_mut(&field.id) {
                Some(slot) => assign(slot, value),
                None => {
                    input.insert(field.id.clone(), value);
                }
            }
        }
        for (group, plan) in self.service.groups.iter().zip(&self.plan.groups) {
            let count = entries(plan, &mut random);
            let mut items = Vec::with_capacity(count);
            for _ in 0..count {
                let mut entry = Input::new();
                for &member in &group.members {
                    let field = &self.service.fields[member];
                    let how = &self.plan.fields[member].how;
                    if matches!(how, How::Absent) {
                        continue;
                    }
                    entry.insert(field.id.clone(), draw(how, &mut random, submitted));
                }
                items.push(RawValue::Entries(entry));
            }
            input.insert(group.id.clone(), RawValue::List(items));
        }
    }

    /// For a field whose value is not drawn at random: where the profile
    /// fixes it (or where its default would be overridden), and whether it
    /// is the default. `None` for fields drawn at random.
    pub fn fixed_origin(&self, field: &str) -> Option<(Span, bool)> {
        let index = self.service.fields.iter().position(|f| f.id == field)?;
        let plan = &self.plan.fields[index];
        (!plan.random).then_some((plan.span, plan.default))
    }
}

/// Puts `value` into `slot`, reusing the text buffer where it can.
fn assign(slot: &mut RawValue, value: RawValue) {
    match (slot, value) {
        (RawValue::Text(old), RawValue::Text(new)) => old.clone_from(&new),
        (slot, value) => *slot = value,
    }
}

fn entries(plan: &GroupPlan, random: &mut Random) -> usize {
    let drawn = round_to_i64(plan.count.sample(random)).max(plan.min);
    let count = plan.max.map_or(drawn, |max| drawn.min(max.max(plan.min)));
    usize::try_from(count).unwrap_or(0)
}

fn draw(how: &How, random: &mut Random, submitted: Date) -> RawValue {
    match how {
        How::Absent => RawValue::Text(String::new()),
        How::Fixed(value) => value.clone(),
        How::Number {
            distribution,
            scale,
            min,
            max,
        } => RawValue::Number(number(distribution.sample(random), *scale, *min, *max)),
        How::Date {
            offset,
            unit_days,
            after,
            min,
            max,
        } => {
            let days = round_to_i64(offset.sample(random) * unit_days);
            let days = if *after { days } else { -days };
            let mut date = DateSpan::new()
                .try_days(days)
                .ok()
                .and_then(|span| submitted.checked_add(span).ok())
                .unwrap_or(submitted);
            if let Some(min) = min {
                date = date.max(*min);
            }
            if let Some(max) = max {
                date = date.min(*max);
            }
            RawValue::Date(date)
        }
        How::Pick { values, cumulative } => values[random.pick(cumulative)].clone(),
        How::Boolean(p) => RawValue::Boolean(random.chance(*p)),
        How::Subset(codes) => RawValue::List(
            codes
                .iter()
                .filter(|(_, p)| random.chance(*p))
                .map(|(code, _)| RawValue::Text(code.clone()))
                .collect(),
        ),
    }
}

/// Largest magnitude a drawn number keeps; beyond it the field's limits
/// apply anyway.
const LARGEST: f64 = 1e15;

#[allow(
    clippy::cast_possible_truncation,
    reason = "the value is rounded and limited to ±1e15 first"
)]
fn round_to_i64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    x.round().clamp(-LARGEST, LARGEST) as i64
}

/// A drawn number as an exact decimal with `scale` digits after the
/// point, within the field's limits.
fn number(x: f64, scale: u32, min: Option<Number>, max: Option<Number>) -> Number {
    let factor = 10_i64.pow(scale);
    #[allow(
        clippy::cast_precision_loss,
        reason = "powers of ten up to 10^9 are exact"
    )]
    let scaled = round_to_i64((x * factor as f64).clamp(-LARGEST, LARGEST));
    let mut value = Number::from_i64(scaled)
        .checked_div(Number::from_i64(factor))
        .unwrap_or_else(|| Number::from_i64(0));
    if let Some(min) = min
        && value.cmp_value(min).is_lt()
    {
        value = min;
    }
    if let Some(max) = max
        && value.cmp_value(max).is_gt()
    {
        value = max;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_numbers_keep_the_fields_decimals() {
        assert_eq!(number(4.3656, 3, None, None).to_string(), "4.366");
        assert_eq!(number(4.3656, 0, None, None).to_string(), "4");
    }

    #[test]
    fn drawn_numbers_stay_within_the_fields_limits() {
        let min = Some(Number::from_i64(2));
        let max = Some(Number::from_i64(8));
        assert_eq!(number(-3.0, 2, min, max), Number::from_i64(2));
        assert_eq!(number(9.5, 2, min, max), Number::from_i64(8));
    }
}
