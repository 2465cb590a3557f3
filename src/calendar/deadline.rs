//! When a legal deadline ends: § 31 `VwVfG` with §§ 187 to 193 BGB.
//!
//! A deadline that starts with an event does not count the day of the
//! event (§ 187 (1) BGB). Counted in calendar days, a deadline of days ends
//! after that many days; one of weeks, months or years ends on the day
//! whose weekday or number matches the day of the event (§ 188 (2) BGB),
//! or on the last day of the month where that number does not exist
//! (§ 188 (3) BGB). An end on a Saturday, Sunday or public holiday moves to
//! the next working day (§ 193 BGB, § 31 (3) `VwVfG`).
//!
//! A duration that mixes units is counted years and months first, then
//! weeks and days: 31 January + `P1M1D` is 28 February + 1 day = 1 March.
//! Adding the months in one step keeps the day number of the event, which
//! is what § 188 (2) asks for: 29 February 2024 + `P1Y1M` is 29 March 2025,
//! not the 28th.
//!
//! Counted in working days, only Monday to Friday outside the state's
//! public holidays count, beginning the day after the event; a week is five
//! working days. Months and years have no meaning there and are refused.
//! Saturdays never count, so rules that count "Werktage" including
//! Saturdays are not modelled (see `docs/limits.md`).
//!
//! Deadlines are computed only where every day looked up in the calendar
//! lies in [`VERIFIED_YEARS`]; beyond them the holiday laws are not known
//! and a wrong date would do more harm than a refusal.
//!
//! Not handled: deadlines that start at the beginning of a day
//! (§ 187 (2) BGB, e.g. ages), which end one day earlier; the exception of
//! § 31 (3) sentence 2 `VwVfG`, where an authority has fixed another end.
//! See `docs/limits.md`.

use std::fmt;
use std::str::FromStr;

use jiff::Span;
use jiff::civil::{Date, Weekday};

use super::duration::DeadlineDuration;
use super::holidays::{VERIFIED_YEARS, holiday_on};
use super::messages;
use super::state::State;

/// Which days a deadline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DayCount {
    /// Every day; the end moves off weekends and holidays (§ 193 BGB).
    #[default]
    Calendar,
    /// Monday to Friday except the state's public holidays.
    Working,
}

impl DayCount {
    pub fn as_str(self) -> &'static str {
        match self {
            DayCount::Calendar => "calendar",
            DayCount::Working => "working",
        }
    }
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no way of counting days.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", messages::unknown_day_count(.given))]
pub struct UnknownDayCount {
    pub given: String,
}

impl FromStr for DayCount {
    type Err = UnknownDayCount;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "calendar" => Ok(DayCount::Calendar),
            "working" => Ok(DayCount::Working),
            _ => Err(UnknownDayCount {
                given: text.to_owned(),
            }),
        }
    }
}

impl serde::Serialize for DayCount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for DayCount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a day was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    Saturday,
    Sunday,
    /// A public holiday of the state, with its German name. A holiday on a
    /// weekend is reported as the holiday, the more telling of the two.
    Holiday(&'static str),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(messages::skip_reason(*self))
    }
}

/// A day that the deadline passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SkippedDay {
    pub date: Date,
    pub reason: SkipReason,
}

/// The end of a deadline and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineEnd {
    /// The day of the event; it is not counted.
    pub from: Date,
    pub within: DeadlineDuration,
    pub days: DayCount,
    pub state: State,
    /// The last day of the deadline: the day by which things must be done.
    pub end: Date,
    /// Calendar days: the end by §§ 187, 188 BGB, before moving off
    /// weekends and holidays. Working days: the same as `end`.
    pub nominal_end: Date,
    /// Calendar days: the days from `nominal_end` that the end moved past
    /// (§ 193 BGB). Working days: the days after the event that were not
    /// counted. In date order.
    pub skipped: Vec<SkippedDay>,
    /// Calendar days with years or months: the day those reach, before
    /// weeks and days are added. `None` otherwise.
    pub months_reached: Option<Date>,
}

impl DeadlineEnd {
    /// Whether the years and months reached the last day of a month because
    /// the event's day number does not exist in it (§ 188 (3) BGB).
    pub fn month_too_short(&self) -> bool {
        self.months_reached
            .is_some_and(|reached| reached.day() != self.from.day())
    }

    /// The reasoning that leads to the end, one sentence per line, for
    /// people who check the result.
    pub fn explanation(&self) -> Vec<String> {
        messages::explanation(self)
    }
}

/// Why a deadline's end cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// Months and years given for a deadline counted in working days.
    #[error("{}", messages::months_in_working_days(*.within))]
    MonthsInWorkingDays { within: DeadlineDuration },
    /// The computation needs the holidays of a year outside
    /// [`VERIFIED_YEARS`].
    #[error("{}", messages::outside_verified_years(*.date))]
    OutsideVerifiedYears { date: Date },
    /// The end would lie beyond the dates the calendar can hold.
    #[error("{}", messages::beyond_calendar(*.from, *.within))]
    BeyondCalendar {
        from: Date,
        within: DeadlineDuration,
    },
}

/// The end of a deadline of length `within` that starts with an event on
/// `from`, counting `days` with the public holidays of `state`.
pub fn deadline_end(
    from: Date,
    within: &DeadlineDuration,
    days: DayCount,
    state: State,
) -> Result<DeadlineEnd, DeadlineError> {
    match days {
        DayCount::Calendar => calendar_deadline(from, *within, state),
        DayCount::Working => working_day_deadline(from, *within, state),
    }
}

fn calendar_deadline(
    from: Date,
    within: DeadlineDuration,
    state: State,
) -> Result<DeadlineEnd, DeadlineError> {
    let beyond = || DeadlineError::BeyondCalendar { from, within };

    // Months and years first, in one step, so that the event's day number
    // is kept wherever the month has it (§ 188 (2), (3) BGB).
    let months = i64::from(within.years()) * 12 + i64::from(within.months());
    let months_reached = if months == 0 {
        None
    } else {
        let span = Span::new().try_months(months).map_err(|_| beyond())?;
        Some(from.checked_add(span).map_err(|_| beyond())?)
    };

    let days = i64::from(within.weeks()) * 7 + i64::from(within.days());
    let span = Span::new().try_days(days).map_err(|_| beyond())?;
    let nominal_end = months_reached
        .unwrap_or(from)
        .checked_add(span)
        .map_err(|_| beyond())?;

    // § 193 BGB: past every Saturday, Sunday and holiday to the next
    // working day.
    let mut end = nominal_end;
    let mut skipped = Vec::new();
    while let Some(reason) = non_working_reason(state, end)? {
        skipped.push(SkippedDay { date: end, reason });
        end = end.tomorrow().map_err(|_| beyond())?;
    }

    Ok(DeadlineEnd {
        from,
        within,
        days: DayCount::Calendar,
        state,
        end,
        nominal_end,
        skipped,
        months_reached,
    })
}

fn working_day_deadline(
    from: Date,
    within: DeadlineDuration,
    state: State,
) -> Result<DeadlineEnd, DeadlineError> {
    if within.has_months_or_years() {
        return Err(DeadlineError::MonthsInWorkingDays { within });
    }
    let beyond = || DeadlineError::BeyondCalendar { from, within };

    let wanted = u64::from(within.weeks()) * 5 + u64::from(within.days());
    let mut counted = 0_u64;
    let mut day = from;
    let mut skipped = Vec::new();
    // Terminates: every step looks the day up in the calendar, which fails
    // once the days leave the verified years.
    while counted < wanted {
        day = day.tomorrow().map_err(|_| beyond())?;
        match non_working_reason(state, day)? {
            None => counted += 1,
            Some(reason) => skipped.push(SkippedDay { date: day, reason }),
        }
    }

    Ok(DeadlineEnd {
        from,
        within,
        days: DayCount::Working,
        state,
        end: day,
        nominal_end: day,
        skipped,
        months_reached: None,
    })
}

/// Why `date` is not a working day in `state`, or `None` if it is one.
fn non_working_reason(state: State, date: Date) -> Result<Option<SkipReason>, DeadlineError> {
    if !VERIFIED_YEARS.contains(&date.year()) {
        return Err(DeadlineError::OutsideVerifiedYears { date });
    }
    if let Some(name) = holiday_on(state, date) {
        return Ok(Some(SkipReason::Holiday(name)));
    }
    Ok(match date.weekday() {
        Weekday::Saturday => Some(SkipReason::Saturday),
        Weekday::Sunday => Some(SkipReason::Sunday),
        _ => None,
    })
}
