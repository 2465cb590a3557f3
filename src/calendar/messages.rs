//! Every text this module shows to people, in one place, so that wording
//! can be reviewed and translated without touching the logic.
//!
//! The texts are English for now; holiday names stay German: they are the
//! names the laws give and the names administrative staff look for. German
//! texts are still to come (see `docs/limits.md`).

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};

use super::deadline::{DayCount, DeadlineEnd, SkipReason};
use super::duration::{DeadlineDuration, DurationError, DurationProblem};
use super::holidays::VERIFIED_YEARS;
use super::state::State;

const STATE_CODES: &str = "BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH";

const UNIT_LIST: &str = "Y (years), M (months), W (weeks) or D (days)";

pub(super) fn unknown_state(given: &str) -> String {
    format!(
        "\"{given}\" is not a German federal state. Use one of the codes {STATE_CODES} \
         (for example \"BY\" or \"DE-BY\" for Bayern)."
    )
}

pub(super) fn unknown_day_count(given: &str) -> String {
    format!(
        "\"{given}\" is not a way of counting days. Use \"calendar\" (every day counts) or \
         \"working\" (only Monday to Friday outside public holidays count)."
    )
}

pub(super) fn duration_error(error: &DurationError) -> String {
    let input = &error.input;
    let column = error.column();
    let problem = match &error.problem {
        DurationProblem::Empty => {
            return "The deadline duration is empty. Write it as an ISO 8601 duration, for \
                    example \"P14D\" for 14 days."
                .to_owned();
        }
        DurationProblem::MissingP => {
            let fixed = format!("P{input}");
            if fixed.parse::<DeadlineDuration>().is_ok() {
                format!("a duration starts with the letter P (for \"period\"). Write \"{fixed}\".")
            } else {
                "a duration starts with the letter P (for \"period\"), followed by numbers with \
                 units, for example \"P14D\" for 14 days."
                    .to_owned()
            }
        }
        DurationProblem::Negative => "a deadline cannot be negative. Write the length without a \
                                      minus sign, for example \"P14D\"."
            .to_owned(),
        DurationProblem::NoParts => format!(
            "it gives no length. After the P write a number and a unit, {UNIT_LIST}: for \
             example \"P14D\" (14 days), \"P2W\" (2 weeks), \"P3M\" (3 months) or \"P1Y\" \
             (1 year)."
        ),
        DurationProblem::TimePart | DurationProblem::TimeUnit(_) => format!(
            "legal deadlines are counted in whole days, so hours, minutes and seconds (the part \
             from character {column} on) are not allowed. Write days instead, for example \
             \"P1D\" rather than \"PT24H\"."
        ),
        DurationProblem::Fraction => format!(
            "fractions are not allowed (character {column}); deadlines are counted in whole \
             days, weeks, months or years. Write whole numbers, for example \"P1M15D\" \
             rather than \"P1.5M\"."
        ),
        DurationProblem::MissingNumber(unit) => format!(
            "the unit \"{unit}\" at character {column} has no number before it. Write the \
             number first, for example \"P14D\"."
        ),
        DurationProblem::MissingUnit(number) => format!(
            "the number {number} at character {column} has no unit after it. Add {UNIT_LIST}, \
             for example \"P{number}D\"."
        ),
        DurationProblem::UnknownUnit(letter) => format!(
            "\"{letter}\" at character {column} is not a unit of a deadline. Use {UNIT_LIST}, \
             for example \"P14D\"."
        ),
        DurationProblem::RepeatedUnit(unit) => format!(
            "the unit \"{unit}\" appears a second time at character {column}. Give each unit \
             once and add the numbers up, for example \"P1Y2M3W4D\"."
        ),
        DurationProblem::UnitOutOfOrder { unit, after } => format!(
            "the unit \"{unit}\" at character {column} comes after \"{after}\", but units must \
             come in the order Y, M, W, D, for example \"P1Y2M3W4D\"."
        ),
        DurationProblem::TooLarge(number) => format!(
            "the number {number} at character {column} is too large for a deadline. Write a \
             smaller number, or a larger unit (\"P2Y\" rather than \"P730D\")."
        ),
        DurationProblem::Zero => "all its parts are zero, and a deadline must last at least \
                                  one day. Write for example \"P1D\"."
            .to_owned(),
        DurationProblem::UnexpectedCharacter(c) => format!(
            "the character \"{}\" at character {column} does not belong in a duration. Write \
             it without spaces or signs, for example \"P14D\".",
            c.escape_default()
        ),
    };
    format!("\"{input}\" is not a valid deadline duration: {problem}")
}

pub(super) fn skip_reason(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::Saturday => "Saturday",
        SkipReason::Sunday => "Sunday",
        SkipReason::Holiday(name) => name,
    }
}

pub(super) fn months_in_working_days(within: DeadlineDuration) -> String {
    format!(
        "The deadline \"{within}\" has months or years, but it is counted in working days. A \
         month or year has no fixed number of working days, so only days and weeks (5 working \
         days each) can be counted that way. Write the deadline in days or weeks, for example \
         \"P10D\" or \"P2W\", or count it in calendar days."
    )
}

pub(super) fn outside_verified_years(date: Date) -> String {
    format!(
        "The deadline needs to know whether {date} is a public holiday, but public holidays \
         are only recorded for the years {first} to {last}. Deadlines that reach other years \
         cannot be computed reliably; check the date by hand with the holiday law of that \
         year.",
        first = VERIFIED_YEARS.start(),
        last = VERIFIED_YEARS.end(),
    )
}

pub(super) fn beyond_calendar(from: Date, within: DeadlineDuration) -> String {
    format!(
        "A deadline of \"{within}\" from {from} would end after the year 9999, which no \
         calendar here can hold. Check the duration for a typing error."
    )
}

/// The reasoning behind a deadline's end, one sentence per line; the lines
/// that list days are indented by two spaces.
pub(super) fn explanation(deadline: &DeadlineEnd) -> Vec<String> {
    let mut lines = vec![format!(
        "The event is on {}. That day is not counted (§ 187 (1) BGB).",
        day_and_date(deadline.from)
    )];
    match deadline.days {
        DayCount::Calendar => explain_calendar(deadline, &mut lines),
        DayCount::Working => explain_working(deadline, &mut lines),
    }
    lines
}

fn explain_calendar(deadline: &DeadlineEnd, lines: &mut Vec<String>) {
    let within = deadline.within;
    let nominal = day_and_date(deadline.nominal_end);
    let words = duration_in_words(within);
    let has_days = within.weeks() != 0 || within.days() != 0;
    let opening = format!("A deadline of {words}, counted in calendar days,");

    match deadline.months_reached {
        None if within.days() == 0 => lines.push(format!(
            "{opening} ends on the same weekday as the event: {nominal} (§ 188 (2) BGB)."
        )),
        None if within.weeks() == 0 => {
            lines.push(format!("{opening} ends on {nominal} (§ 188 (1) BGB)."));
        }
        None => lines.push(format!("{opening} ends on {nominal} (§ 188 (1), (2) BGB).")),
        Some(_) if !has_days => {
            lines.push(format!(
                "{opening} {}.",
                months_sentence(deadline, "ends on")
            ));
        }
        Some(reached) => {
            lines.push(format!(
                "{opening} is counted years and months first, then weeks and days."
            ));
            let years_and_months = DeadlineDuration::new(within.years(), within.months(), 0, 0);
            let weeks_and_days = DeadlineDuration::new(0, 0, within.weeks(), within.days());
            if let (Some(first), Some(then)) = (years_and_months, weeks_and_days) {
                lines.push(format!(
                    "The years and months, {}, {}.",
                    duration_in_words(first),
                    months_sentence(deadline, "reach")
                ));
                lines.push(format!(
                    "Then {} more from {reached} reach {nominal} (§ 188 (1), (2) BGB).",
                    duration_in_words(then)
                ));
            }
        }
    }

    let state = state_words(deadline.state);
    if deadline.skipped.is_empty() {
        lines.push(format!("{nominal} is a working day in {state}."));
    } else {
        lines.push(format!(
            "An end on a Saturday, Sunday or public holiday in {state} moves to the next \
             working day (§ 193 BGB, § 31 (3) VwVfG). Passed over:"
        ));
        lines.extend(deadline.skipped.iter().map(skipped_line));
    }
    lines.push(format!(
        "The deadline ends on {}.",
        day_and_date(deadline.end)
    ));
}

/// Where the years and months of a deadline end, and by which rule.
fn months_sentence(deadline: &DeadlineEnd, verb: &str) -> String {
    let Some(reached) = deadline.months_reached else {
        return String::new();
    };
    let reached_words = day_and_date(reached);
    if deadline.month_too_short() {
        format!(
            "{verb} the last day of the month, {reached_words}, because {} has no day {} \
             (§ 188 (2), (3) BGB)",
            month_and_year(reached),
            deadline.from.day()
        )
    } else {
        format!(
            "{verb} the day with the same number as the day of the event, {reached_words} \
             (§ 188 (2) BGB)"
        )
    }
}

fn explain_working(deadline: &DeadlineEnd, lines: &mut Vec<String>) {
    let within = deadline.within;
    let count = u64::from(within.weeks()) * 5 + u64::from(within.days());
    let mut counted = format!(
        "A deadline of {}, counted in working days, counts Monday to Friday, except public \
         holidays in {}.",
        duration_in_words(within),
        state_words(deadline.state)
    );
    if within.weeks() != 0 {
        counted.push_str(" A week is 5 working days.");
    }
    lines.push(counted);
    if !deadline.skipped.is_empty() {
        lines.push("Not counted:".to_owned());
        lines.extend(deadline.skipped.iter().map(skipped_line));
    }
    lines.push(format!(
        "The deadline ends on {}, the {} working day after the event.",
        day_and_date(deadline.end),
        ordinal(count)
    ));
}

fn skipped_line(day: &super::deadline::SkippedDay) -> String {
    format!("  {} {}", day.date, skip_reason(day.reason))
}

/// A duration as people say it: "1 year, 2 months and 10 days".
pub fn duration_in_words(duration: DeadlineDuration) -> String {
    let parts: Vec<String> = [
        (duration.years(), "year", "years"),
        (duration.months(), "month", "months"),
        (duration.weeks(), "week", "weeks"),
        (duration.days(), "day", "days"),
    ]
    .into_iter()
    .filter(|(amount, _, _)| *amount != 0)
    .map(|(amount, one, many)| format!("{amount} {}", if amount == 1 { one } else { many }))
    .collect();
    let mut words = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            words.push_str(if i + 1 == parts.len() { " and " } else { ", " });
        }
        words.push_str(part);
    }
    let _ = write!(words, " ({duration})");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn state_words(state: State) -> String {
    format!("{} ({})", state.name(), state.code())
}

fn day_and_date(date: Date) -> String {
    format!("{}, {date}", weekday_name(date.weekday()))
}

fn month_and_year(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = usize::try_from(date.month() - 1).unwrap_or(0);
    format!("{} {}", MONTHS[index], date.year())
}

pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
