//! `ozg deadline`: the end of a legal deadline, with the reasons for it.
//!
//! Exit codes: 0 when the end was computed, 2 when the arguments are wrong
//! (a bad date, duration or state, or a deadline that cannot be computed
//! from them). Clap reports the argument errors it finds with the same
//! code.

use std::process::ExitCode;

use clap::ValueEnum;
use jiff::civil::Date;

use ozg::calendar::{DayCount, DeadlineDuration, DeadlineEnd, SkipReason, State, deadline_end};

/// Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB).
///
/// The day of the event is not counted. Counted in calendar days, an end on
/// a Saturday, Sunday or public holiday of the state moves to the next
/// working day. Counted in working days, only Monday to Friday outside the
/// state's public holidays count.
#[allow(clippy::doc_markdown, reason = "the help text names a law")]
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Day of the event that starts the deadline, as YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Date,

    /// Length of the deadline as an ISO 8601 duration: P14D (days), P2W
    /// (weeks), P3M (months), P1Y (years), or combined like P1Y2M10D.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    within: DeadlineDuration,

    /// Federal state whose public holidays apply: BW, BY, BE, BB, HB, HH,
    /// HE, MV, NI, NW, RP, SL, SN, ST, SH or TH (DE-BY etc. also work).
    #[arg(long, value_name = "CODE", value_parser = parse_state)]
    state: State,

    /// Which days count.
    #[arg(long, value_enum, default_value_t = Days::Calendar)]
    days: Days,

    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Also explain how the end was found (human format).
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Days {
    /// Every day counts; the end moves off weekends and holidays.
    Calendar,
    /// Only Monday to Friday outside public holidays count.
    Working,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The end date, and with -v the reasons.
    Human,
    /// One JSON object with the end, the nominal end and the skipped days.
    Json,
}

pub fn run(args: &Args) -> ExitCode {
    let days = match args.days {
        Days::Calendar => DayCount::Calendar,
        Days::Working => DayCount::Working,
    };
    match deadline_end(args.from, &args.within, days, args.state) {
        Ok(deadline) => {
            match args.format {
                Format::Human => print_human(&deadline, args.verbose),
                Format::Json => print_json(&deadline),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn print_human(deadline: &DeadlineEnd, verbose: bool) {
    println!("{}", deadline.end);
    if verbose {
        for line in deadline.explanation() {
            println!("{line}");
        }
    }
}

#[derive(serde::Serialize)]
struct JsonDeadline {
    end: String,
    nominal_end: String,
    from: String,
    within: DeadlineDuration,
    days: DayCount,
    state: State,
    skipped: Vec<JsonSkippedDay>,
    explanation: Vec<String>,
}

#[derive(serde::Serialize)]
struct JsonSkippedDay {
    date: String,
    /// "saturday", "sunday" or "holiday", for programs.
    kind: &'static str,
    /// "Saturday", "Sunday" or the holiday's German name, for people.
    reason: String,
}

fn print_json(deadline: &DeadlineEnd) {
    let json = JsonDeadline {
        end: deadline.end.to_string(),
        nominal_end: deadline.nominal_end.to_string(),
        from: deadline.from.to_string(),
        within: deadline.within,
        days: deadline.days,
        state: deadline.state,
        skipped: deadline
            .skipped
            .iter()
            .map(|day| JsonSkippedDay {
                date: day.date.to_string(),
                kind: match day.reason {
                    SkipReason::Saturday => "saturday",
                    SkipReason::Sunday => "sunday",
                    SkipReason::Holiday(_) => "holiday",
                },
                reason: day.reason.to_string(),
            })
            .collect(),
        explanation: deadline.explanation(),
    };
    // Serialising plain strings and numbers cannot fail.
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    println!("{text}");
}

/// Accepts exactly `YYYY-MM-DD`, the form dates take everywhere in models,
/// so that a typing error is not silently read as some other date.
fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())));
    if !well_formed {
        return Err(messages::date_format(text));
    }
    let number = |i: usize| parts[i].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0), number(1), number(2));
    let (Ok(month), Ok(day)) = (i8::try_from(month), i8::try_from(day)) else {
        return Err(messages::no_such_date(text));
    };
    Date::new(year, month, day).map_err(|_| messages::no_such_date(text))
}

fn parse_duration(text: &str) -> Result<DeadlineDuration, String> {
    text.parse()
        .map_err(|error: ozg::calendar::DurationError| error.to_string())
}

fn parse_state(text: &str) -> Result<State, String> {
    text.parse()
        .map_err(|error: ozg::calendar::UnknownState| error.to_string())
}

/// Texts of this command, apart from those the library provides.
mod messages {
    pub fn date_format(text: &str) -> String {
        format!("\"{text}\" is not a date. Write it as YYYY-MM-DD, for example 2026-01-31.")
    }

    pub fn no_such_date(text: &str) -> String {
        format!(
            "{text} does not exist in the calendar. Check the month and day, for example \
             2026-02-28 rather than 2026-02-30."
        )
    }
}
