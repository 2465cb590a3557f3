//! Deadline lengths written as ISO 8601 durations (`P14D`, `P2W`, `P3M`,
//! `P1Y2M10D`).
//!
//! Legal deadlines are counted in whole days, weeks, months and years, so
//! only those units are accepted: a time part (`PT24H`), fractions, signs and
//! empty durations are refused with an error that says what is wrong and
//! shows a right value. Weeks may be combined with other units (ISO 8601-2
//! allows it, ISO 8601-1 does not); units must come in the order Y, M, W, D
//! and each at most once. Letters may be written in either case.

use std::fmt;
use std::str::FromStr;

use super::messages;

/// The length of a deadline: whole years, months, weeks and days, at least
/// one of them not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeadlineDuration {
    years: u32,
    months: u32,
    weeks: u32,
    days: u32,
}

impl DeadlineDuration {
    /// A duration of the given parts, or `None` if all are zero: a deadline
    /// of no length is not a deadline.
    pub fn new(years: u32, months: u32, weeks: u32, days: u32) -> Option<Self> {
        let duration = DeadlineDuration {
            years,
            months,
            weeks,
            days,
        };
        (!duration.is_zero()).then_some(duration)
    }

    pub fn years(self) -> u32 {
        self.years
    }

    pub fn months(self) -> u32 {
        self.months
    }

    pub fn weeks(self) -> u32 {
        self.weeks
    }

    pub fn days(self) -> u32 {
        self.days
    }

    /// Whether the duration has a year or month part, which only calendar
    /// counting can give a meaning.
    pub fn has_months_or_years(self) -> bool {
        self.years != 0 || self.months != 0
    }

    fn is_zero(self) -> bool {
        self.years == 0 && self.months == 0 && self.weeks == 0 && self.days == 0
    }
}

/// Writes the ISO 8601 form, leaving out parts that are zero: `P1Y2M10D`.
impl fmt::Display for DeadlineDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        for (amount, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if amount != 0 {
                write!(f, "{amount}{unit}")?;
            }
        }
        Ok(())
    }
}

/// Why a text is not a deadline duration, and where in it the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", messages::duration_error(self))]
pub struct DurationError {
    /// The text as it was given.
    pub input: String,
    /// Byte offset of the problem in `input`, for pointing at it.
    pub offset: usize,
    pub problem: DurationProblem,
}

impl DurationError {
    /// Position of the problem counted in characters from 1, as a reader
    /// would count.
    pub fn column(&self) -> usize {
        let end = self.offset.min(self.input.len());
        self.input
            .get(..end)
            .map_or(end, |before| before.chars().count())
            + 1
    }
}

/// What is wrong with a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationProblem {
    /// Nothing was written.
    Empty,
    /// The text does not start with `P`.
    MissingP,
    /// The text starts with a minus sign.
    Negative,
    /// `P` alone: no number and unit follow.
    NoParts,
    /// A `T` starts a time part (hours, minutes, seconds).
    TimePart,
    /// A unit of time (`H`, `S`) appears without `T`.
    TimeUnit(char),
    /// A decimal point or comma: fractions are not allowed.
    Fraction,
    /// A unit letter with no number before it.
    MissingNumber(char),
    /// A number at the end with no unit after it.
    MissingUnit(String),
    /// A letter that is no unit of a duration.
    UnknownUnit(char),
    /// A unit given twice.
    RepeatedUnit(char),
    /// A unit after one that must come later (`P1D2M`).
    UnitOutOfOrder { unit: char, after: char },
    /// A number too large to be a deadline.
    TooLarge(String),
    /// All parts are zero.
    Zero,
    /// A character that has no place in a duration (a space, a sign, ...).
    UnexpectedCharacter(char),
}

const UNITS: [char; 4] = ['Y', 'M', 'W', 'D'];

impl FromStr for DeadlineDuration {
    type Err = DurationError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |offset: usize, problem: DurationProblem| DurationError {
            input: input.to_owned(),
            offset,
            problem,
        };

        let mut chars = input.char_indices().peekable();
        match chars.next() {
            None => return Err(fail(0, DurationProblem::Empty)),
            Some((_, 'P' | 'p')) => {}
            Some((_, '-')) => return Err(fail(0, DurationProblem::Negative)),
            Some(_) => return Err(fail(0, DurationProblem::MissingP)),
        }
        if chars.peek().is_none() {
            return Err(fail(input.len(), DurationProblem::NoParts));
        }

        let mut amounts = [0_u32; 4];
        // Index into UNITS of the last unit read, to enforce order.
        let mut last_unit: Option<usize> = None;
        while let Some(&(start, _)) = chars.peek() {
            let mut digits = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if !c.is_ascii_digit() {
                    break;
                }
                digits.push(c);
                chars.next();
            }

            let Some((offset, letter)) = chars.next() else {
                return Err(fail(start, DurationProblem::MissingUnit(digits)));
            };
            let unit = letter.to_ascii_uppercase();
            match unit {
                'T' => return Err(fail(offset, DurationProblem::TimePart)),
                'H' | 'S' => return Err(fail(offset, DurationProblem::TimeUnit(unit))),
                '.' | ',' => return Err(fail(offset, DurationProblem::Fraction)),
                '-' => return Err(fail(offset, DurationProblem::Negative)),
                _ => {}
            }
            let Some(index) = UNITS.iter().position(|&u| u == unit) else {
                let problem = if letter.is_alphabetic() {
                    DurationProblem::UnknownUnit(letter)
                } else {
                    DurationProblem::UnexpectedCharacter(letter)
                };
                return Err(fail(offset, problem));
            };
            if digits.is_empty() {
                return Err(fail(offset, DurationProblem::MissingNumber(unit)));
            }
            if let Some(last) = last_unit {
                if last == index {
                    return Err(fail(offset, DurationProblem::RepeatedUnit(unit)));
                }
                if last > index {
                    let after = UNITS[last];
                    return Err(fail(
                        offset,
                        DurationProblem::UnitOutOfOrder { unit, after },
                    ));
                }
            }
            let amount: u32 = digits
                .parse()
                .map_err(|_| fail(start, DurationProblem::TooLarge(digits)))?;
            amounts[index] = amount;
            last_unit = Some(index);
        }

        let [years, months, weeks, days] = amounts;
        DeadlineDuration::new(years, months, weeks, days)
            .ok_or_else(|| fail(0, DurationProblem::Zero))
    }
}

impl serde::Serialize for DeadlineDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DeadlineDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
