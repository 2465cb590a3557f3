//! Ends of legal deadlines (§ 31 `VwVfG` with §§ 187-193 BGB), worked out by
//! hand from the calendar and the states' holiday laws.

use jiff::civil::Date;
use ozg::calendar::{
    DayCount, DeadlineDuration, DeadlineEnd, DeadlineError, SkipReason, SkippedDay, State,
    deadline_end,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn compute(from: &str, within: &str, days: DayCount, state: State) -> DeadlineEnd {
    let within: DeadlineDuration = within.parse().unwrap();
    deadline_end(date(from), &within, days, state).unwrap()
}

fn calendar(from: &str, within: &str, state: State) -> DeadlineEnd {
    compute(from, within, DayCount::Calendar, state)
}

fn working(from: &str, within: &str, state: State) -> DeadlineEnd {
    compute(from, within, DayCount::Working, state)
}

fn refusal(from: &str, within: &str, days: DayCount, state: State) -> DeadlineError {
    let within: DeadlineDuration = within.parse().unwrap();
    deadline_end(date(from), &within, days, state).unwrap_err()
}

use DayCount::{Calendar, Working};
use State::{BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH};

/// (event, duration, day count, state, last day of the deadline). The
/// comment on each line gives the reasoning: nominal end → days passed
/// over.
const CASES: &[(&str, &str, DayCount, State, &str)] = &[
    // § 188 (3) BGB: no 31st in February; 28 Feb 2026 is a Saturday.
    ("2026-01-31", "P1M", Calendar, BE, "2026-03-02"),
    // Leap year: 29 Feb 2024 (Thu) exists.
    ("2024-01-31", "P1M", Calendar, BY, "2024-02-29"),
    // 28 Feb 2023 (Tue).
    ("2023-01-31", "P1M", Calendar, NW, "2023-02-28"),
    // 30 Apr 2024 (Tue): April has no 31st.
    ("2024-03-31", "P1M", Calendar, HE, "2024-04-30"),
    // 28 Feb 2026 Sat, 1 Mar Sun.
    ("2025-12-31", "P2M", Calendar, HH, "2026-03-02"),
    // 28 Feb 2025 (Fri): no 29th in 2025.
    ("2024-02-29", "P1Y", Calendar, SH, "2025-02-28"),
    // Months in one step: 29 Mar 2025 (Sat), 30 Sun → 31 Mar.
    ("2024-02-29", "P1Y1M", Calendar, RP, "2025-03-31"),
    // 29 Mar 2000 (Wed).
    ("2000-02-29", "P1M", Calendar, HE, "2000-03-29"),
    // 28 Feb 2021 is a Sunday.
    ("2021-01-31", "P1M", Calendar, BY, "2021-03-01"),
    // 29 Feb 2020 is a Saturday.
    ("2020-01-31", "P1M", Calendar, SN, "2020-03-02"),
    // 30 Jun 2019 is a Sunday.
    ("2019-05-31", "P1M", Calendar, HB, "2019-07-01"),
    // 28 Feb 2026 (Sat) after three months from 30 Nov.
    ("2025-11-30", "P3M", Calendar, NW, "2026-03-02"),
    // 28 Feb 2026 (Sat) after six months from 31 Aug.
    ("2025-08-31", "P6M", Calendar, ST, "2026-03-02"),
    // 3 Oct 2026 is a Saturday.
    ("2026-07-03", "P3M", Calendar, NI, "2026-10-05"),
    // 14 May 2026 is Ascension Day (Thu).
    ("2025-05-14", "P1Y", Calendar, BW, "2026-05-15"),
    // 3 Oct 2025 (Fri) holiday, then the weekend.
    ("2024-10-03", "P1Y", Calendar, HB, "2025-10-06"),
    // 31 Jan 2024 + 14 months = 31 Mar 2025, + 10 days = 10 Apr (Thu).
    ("2024-01-31", "P1Y2M10D", Calendar, BE, "2025-04-10"),
    // German Unity Day 2025 (Fri), then the weekend.
    ("2025-09-19", "P14D", Calendar, SL, "2025-10-06"),
    // Reformation Day in Lower Saxony: a holiday from 2018 ...
    ("2018-10-17", "P14D", Calendar, NI, "2018-11-01"),
    // ... and in 2017 everywhere; Bavaria adds All Saints' Day ...
    ("2017-10-17", "P14D", Calendar, NI, "2017-11-01"),
    ("2017-10-17", "P14D", Calendar, BY, "2017-11-02"),
    // ... but not in Bavaria in 2018, nor in Lower Saxony in 2016.
    ("2018-10-17", "P14D", Calendar, BY, "2018-10-31"),
    ("2016-10-17", "P14D", Calendar, NI, "2016-10-31"),
    // Reformation Day in the north before 2017 was a working day.
    ("2012-10-17", "P2W", Calendar, SH, "2012-10-31"),
    ("2013-10-17", "P2W", Calendar, HB, "2013-10-31"),
    // ... but always a holiday in Brandenburg and Mecklenburg-Vorpommern.
    ("2012-10-17", "P2W", Calendar, BB, "2012-11-01"),
    ("2023-10-17", "P2W", Calendar, MV, "2023-11-01"),
    ("2019-10-17", "P2W", Calendar, HH, "2019-11-01"),
    ("2024-10-17", "P2W", Calendar, SN, "2024-11-01"),
    // Last verified year: Reformation Day 2035 (Wed) in Schleswig-Holstein.
    ("2035-10-17", "P14D", Calendar, SH, "2035-11-01"),
    // Christmas 2025 (Thu, Fri) and the weekend.
    ("2025-12-11", "P2W", Calendar, ST, "2025-12-29"),
    // 26 Dec 2026 is a Saturday.
    ("2026-12-12", "P2W", Calendar, HH, "2026-12-28"),
    // New Year 2027 (Fri) and the weekend.
    ("2026-12-18", "P2W", Calendar, BW, "2027-01-04"),
    // Epiphany 2027 (Wed) in Baden-Württemberg, not in Lower Saxony.
    ("2026-12-23", "P2W", Calendar, BW, "2027-01-07"),
    ("2026-12-23", "P2W", Calendar, NI, "2027-01-06"),
    ("2013-12-23", "P2W", Calendar, ST, "2014-01-07"),
    // Women's Day in Berlin from 2019 (2019: Fri, then the weekend).
    ("2019-02-22", "P2W", Calendar, BE, "2019-03-11"),
    ("2018-02-22", "P2W", Calendar, BE, "2018-03-08"),
    ("2023-02-22", "P2W", Calendar, BE, "2023-03-09"),
    // Women's Day in Mecklenburg-Vorpommern from 2023.
    ("2023-02-22", "P2W", Calendar, MV, "2023-03-09"),
    ("2022-02-22", "P2W", Calendar, MV, "2022-03-08"),
    // Berlin's 8 May: a holiday in 2020 (Fri) and 2025 (Thu) only.
    ("2020-04-24", "P2W", Calendar, BE, "2020-05-11"),
    ("2020-04-24", "P2W", Calendar, BB, "2020-05-08"),
    ("2025-04-24", "P2W", Calendar, BE, "2025-05-09"),
    ("2024-04-24", "P2W", Calendar, BE, "2024-05-08"),
    // World Children's Day in Thuringia from 2019 (2019: Fri).
    ("2019-09-06", "P2W", Calendar, TH, "2019-09-23"),
    ("2019-09-06", "P2W", Calendar, SN, "2019-09-20"),
    ("2018-09-06", "P2W", Calendar, TH, "2018-09-20"),
    // Repentance Day: Saxony only (1995: 22 Nov; 2025: 19 Nov).
    ("1995-11-08", "P2W", Calendar, SN, "1995-11-23"),
    ("1995-11-08", "P2W", Calendar, BY, "1995-11-22"),
    ("2025-11-05", "P2W", Calendar, SN, "2025-11-20"),
    ("2025-11-05", "P2W", Calendar, BY, "2025-11-19"),
    // Corpus Christi 2026 (4 Jun) in North Rhine-Westphalia, not in Saxony.
    ("2026-05-21", "P2W", Calendar, NW, "2026-06-05"),
    ("2026-05-21", "P2W", Calendar, SN, "2026-06-04"),
    ("2019-06-06", "P2W", Calendar, HE, "2019-06-21"),
    ("2027-05-13", "P2W", Calendar, NW, "2027-05-28"),
    // Assumption Day in Saarland (2025: Fri; 2024: Thu), not statewide in
    // Bavaria.
    ("2025-08-01", "P2W", Calendar, SL, "2025-08-18"),
    ("2024-08-01", "P2W", Calendar, SL, "2024-08-16"),
    ("2025-08-01", "P2W", Calendar, BY, "2025-08-15"),
    // All Saints' Day (2023: Wed; 2019: Fri; 2022: Tue).
    ("2023-10-18", "P2W", Calendar, RP, "2023-11-02"),
    ("2023-10-18", "P2W", Calendar, HB, "2023-11-01"),
    ("2019-10-18", "P2W", Calendar, RP, "2019-11-04"),
    ("2022-10-18", "P2W", Calendar, BW, "2022-11-02"),
    // Easter 2025: Good Friday 18 Apr to Easter Monday 21 Apr.
    ("2025-04-04", "P2W", Calendar, BB, "2025-04-22"),
    // Easter 2030: Good Friday 19 Apr to Easter Monday 22 Apr.
    ("2030-04-05", "P2W", Calendar, TH, "2030-04-23"),
    // Easter 2035: Good Friday 23 Mar to Easter Monday 26 Mar.
    ("2035-03-09", "P2W", Calendar, HE, "2035-03-27"),
    // Whit Monday 2024 (20 May).
    ("2024-05-06", "P14D", Calendar, HE, "2024-05-21"),
    // 1 May 2008 was both Labour Day and Ascension Day.
    ("2008-04-17", "P14D", Calendar, BY, "2008-05-02"),
    // Labour Day 2026 (Fri) and the weekend.
    ("2026-04-17", "P2W", Calendar, SH, "2026-05-04"),
    // Plain days and weeks that end on a working day.
    ("2026-01-01", "P14D", Calendar, HH, "2026-01-15"),
    ("2026-01-02", "P10D", Calendar, HB, "2026-01-12"),
    ("2026-03-04", "P1W", Calendar, SH, "2026-03-11"),
    ("2026-02-04", "P4W", Calendar, BW, "2026-03-04"),
    // New Year's Eve is no holiday.
    ("2025-12-24", "P7D", Calendar, MV, "2025-12-31"),
    // The event day need not lie in the verified years; 1 Jan 1995 is a
    // holiday and a Sunday.
    ("1994-12-31", "P1D", Calendar, NW, "1995-01-02"),
    // Working days across Easter 2026 in Lower Saxony: 3 and 6 Apr not
    // counted.
    ("2026-03-31", "P14D", Working, NI, "2026-04-22"),
    // Working days across Easter 2025 in Bavaria.
    ("2025-04-16", "P5D", Working, BY, "2025-04-25"),
    // Two weeks are ten working days; Epiphany counts in Lower Saxony only.
    ("2026-01-05", "P2W", Working, BW, "2026-01-20"),
    ("2026-01-05", "P2W", Working, NI, "2026-01-19"),
    // From a Friday or a Saturday, the first working day is Monday.
    ("2026-01-09", "P1D", Working, HE, "2026-01-12"),
    ("2026-02-28", "P1D", Working, SL, "2026-03-02"),
    // Christmas Eve counts; Christmas does not.
    ("2025-12-23", "P3D", Working, RP, "2025-12-30"),
    ("2025-12-22", "P5D", Working, BY, "2025-12-31"),
    ("2025-12-29", "P3D", Working, BY, "2026-01-02"),
    // One week and two days are seven working days; Corpus Christi 2026.
    ("2026-06-01", "P1W2D", Working, NW, "2026-06-11"),
    ("2026-06-01", "P1W2D", Working, SN, "2026-06-10"),
    // Repentance Day 2025 in Saxony.
    ("2025-11-17", "P3D", Working, SN, "2025-11-21"),
    ("2025-11-17", "P3D", Working, BY, "2025-11-20"),
    // World Children's Day 2019 in Thuringia.
    ("2019-09-16", "P5D", Working, TH, "2019-09-24"),
    ("2019-09-16", "P5D", Working, SN, "2019-09-23"),
    // Women's Day 2019 and Liberation Day 2020 in Berlin.
    ("2019-03-04", "P5D", Working, BE, "2019-03-12"),
    ("2020-05-04", "P5D", Working, BE, "2020-05-12"),
    // Reformation Day in Bremen: counted in 2016, not in 2018.
    ("2018-10-29", "P3D", Working, HB, "2018-11-02"),
    ("2016-10-27", "P3D", Working, HB, "2016-11-01"),
    // New Year and Epiphany 2027 in Baden-Württemberg.
    ("2026-12-31", "P1W", Working, BW, "2027-01-11"),
];

#[test]
fn deadlines_end_on_the_hand_checked_dates() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(from, within, days, state, expected)| {
            let end = compute(from, within, days, state).end;
            (end != date(expected)).then(|| {
                format!("{from} + {within} ({days}, {state}): expected {expected}, got {end}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        CASES.len(),
        { failures.join("\n") }
    );
}

#[test]
fn the_event_day_is_not_counted() {
    assert_eq!(calendar("2026-01-05", "P1D", NW).end, date("2026-01-06"));
}

#[test]
fn a_month_deadline_keeps_the_day_number_of_the_event() {
    let deadline = calendar("2026-02-28", "P1M", NW);
    assert_eq!(deadline.nominal_end, date("2026-03-28"));
    assert!(!deadline.month_too_short());
}

#[test]
fn a_month_deadline_ends_on_the_last_day_when_the_number_is_missing() {
    let deadline = calendar("2026-01-31", "P1M", BE);
    assert_eq!(deadline.nominal_end, date("2026-02-28"));
    assert!(deadline.month_too_short());
}

#[test]
fn a_week_deadline_ends_on_the_same_weekday() {
    let deadline = calendar("2026-03-04", "P3W", NW);
    assert_eq!(deadline.nominal_end, date("2026-03-25"));
    assert_eq!(deadline.nominal_end.weekday(), date("2026-03-04").weekday());
}

#[test]
fn an_end_on_a_weekend_moves_to_monday_and_lists_the_weekend() {
    let deadline = calendar("2026-01-31", "P1M", BE);
    assert_eq!(deadline.end, date("2026-03-02"));
    assert_eq!(
        deadline.skipped,
        [
            SkippedDay {
                date: date("2026-02-28"),
                reason: SkipReason::Saturday
            },
            SkippedDay {
                date: date("2026-03-01"),
                reason: SkipReason::Sunday
            },
        ]
    );
}

#[test]
fn a_holiday_is_reported_by_its_german_name() {
    let deadline = calendar("2025-09-19", "P14D", SL);
    assert_eq!(
        deadline.skipped,
        [
            SkippedDay {
                date: date("2025-10-03"),
                reason: SkipReason::Holiday("Tag der Deutschen Einheit")
            },
            SkippedDay {
                date: date("2025-10-04"),
                reason: SkipReason::Saturday
            },
            SkippedDay {
                date: date("2025-10-05"),
                reason: SkipReason::Sunday
            },
        ]
    );
    assert_eq!(
        deadline.skipped[0].reason.to_string(),
        "Tag der Deutschen Einheit"
    );
}

#[test]
fn a_holiday_on_a_weekend_is_reported_as_the_holiday() {
    let deadline = calendar("2026-09-19", "P14D", NI);
    assert_eq!(deadline.nominal_end, date("2026-10-03"));
    assert_eq!(
        deadline.skipped[0].reason,
        SkipReason::Holiday("Tag der Deutschen Einheit")
    );
    assert_eq!(deadline.end, date("2026-10-05"));
}

#[test]
fn an_end_on_a_working_day_stays_and_skips_nothing() {
    let deadline = calendar("2026-01-01", "P14D", HH);
    assert_eq!(deadline.end, deadline.nominal_end);
    assert!(deadline.skipped.is_empty());
}

#[test]
fn a_working_day_deadline_lists_the_days_it_did_not_count() {
    let deadline = working("2025-04-16", "P5D", BY);
    assert_eq!(deadline.end, date("2025-04-25"));
    assert_eq!(deadline.nominal_end, deadline.end);
    let skipped: Vec<(Date, String)> = deadline
        .skipped
        .iter()
        .map(|day| (day.date, day.reason.to_string()))
        .collect();
    assert_eq!(
        skipped,
        [
            (date("2025-04-18"), "Karfreitag".to_owned()),
            (date("2025-04-19"), "Saturday".to_owned()),
            (date("2025-04-20"), "Sunday".to_owned()),
            (date("2025-04-21"), "Ostermontag".to_owned()),
        ]
    );
}

#[test]
fn a_working_day_deadline_refuses_months() {
    assert_eq!(
        refusal("2026-01-05", "P1M", Working, NI),
        DeadlineError::MonthsInWorkingDays {
            within: "P1M".parse().unwrap()
        }
    );
}

#[test]
fn a_working_day_deadline_refuses_years() {
    assert!(matches!(
        refusal("2026-01-05", "P1Y2D", Working, NI),
        DeadlineError::MonthsInWorkingDays { .. }
    ));
}

#[test]
fn a_deadline_that_reaches_past_2035_is_refused() {
    assert_eq!(
        refusal("2035-12-20", "P1M", Calendar, BE),
        DeadlineError::OutsideVerifiedYears {
            date: date("2036-01-20")
        }
    );
}

#[test]
fn a_deadline_that_ends_before_1995_is_refused() {
    assert_eq!(
        refusal("1994-12-01", "P14D", Calendar, BE),
        DeadlineError::OutsideVerifiedYears {
            date: date("1994-12-15")
        }
    );
}

#[test]
fn a_working_day_deadline_that_runs_past_2035_is_refused() {
    assert_eq!(
        refusal("2035-12-28", "P5D", Working, HH),
        DeadlineError::OutsideVerifiedYears {
            date: date("2036-01-01")
        }
    );
}

#[test]
fn a_deadline_beyond_the_calendar_is_refused() {
    assert!(matches!(
        refusal("2026-01-01", "P99999Y", Calendar, BE),
        DeadlineError::BeyondCalendar { .. }
    ));
}

#[test]
fn the_refusal_of_months_in_working_days_says_what_to_write() {
    assert_eq!(
        refusal("2026-01-05", "P1M", Working, NI).to_string(),
        "The deadline \"P1M\" has months or years, but it is counted in working days. A month \
         or year has no fixed number of working days, so only days and weeks (5 working days \
         each) can be counted that way. Write the deadline in days or weeks, for example \
         \"P10D\" or \"P2W\", or count it in calendar days."
    );
}

#[test]
fn the_explanation_of_a_calendar_deadline_names_each_rule_applied() {
    assert_eq!(
        calendar("2026-01-31", "P1M", BE).explanation(),
        [
            "The event is on Saturday, 2026-01-31. That day is not counted (§ 187 (1) BGB).",
            "A deadline of 1 month (P1M), counted in calendar days, ends on the last day of the \
             month, Saturday, 2026-02-28, because February 2026 has no day 31 \
             (§ 188 (2), (3) BGB).",
            "An end on a Saturday, Sunday or public holiday in Berlin (BE) moves to the next \
             working day (§ 193 BGB, § 31 (3) VwVfG). Passed over:",
            "  2026-02-28 Saturday",
            "  2026-03-01 Sunday",
            "The deadline ends on Monday, 2026-03-02.",
        ]
    );
}

#[test]
fn the_explanation_of_a_day_deadline_on_a_working_day_says_so() {
    assert_eq!(
        calendar("2026-01-01", "P14D", HH).explanation(),
        [
            "The event is on Thursday, 2026-01-01. That day is not counted (§ 187 (1) BGB).",
            "A deadline of 14 days (P14D), counted in calendar days, ends on Thursday, \
             2026-01-15 (§ 188 (1) BGB).",
            "Thursday, 2026-01-15 is a working day in Hamburg (HH).",
            "The deadline ends on Thursday, 2026-01-15.",
        ]
    );
}

#[test]
fn the_explanation_of_a_mixed_deadline_counts_months_first_then_days() {
    assert_eq!(
        calendar("2026-01-31", "P1M1D", BE).explanation(),
        [
            "The event is on Saturday, 2026-01-31. That day is not counted (§ 187 (1) BGB).",
            "A deadline of 1 month and 1 day (P1M1D), counted in calendar days, is counted years \
             and months first, then weeks and days.",
            "The years and months, 1 month (P1M), reach the last day of the month, Saturday, \
             2026-02-28, because February 2026 has no day 31 (§ 188 (2), (3) BGB).",
            "Then 1 day (P1D) more from 2026-02-28 reach Sunday, 2026-03-01 (§ 188 (1), (2) BGB).",
            "An end on a Saturday, Sunday or public holiday in Berlin (BE) moves to the next \
             working day (§ 193 BGB, § 31 (3) VwVfG). Passed over:",
            "  2026-03-01 Sunday",
            "The deadline ends on Monday, 2026-03-02.",
        ]
    );
}

#[test]
fn the_explanation_of_a_working_day_deadline_lists_the_days_not_counted() {
    assert_eq!(
        working("2026-06-01", "P1W2D", NW).explanation(),
        [
            "The event is on Monday, 2026-06-01. That day is not counted (§ 187 (1) BGB).",
            "A deadline of 1 week and 2 days (P1W2D), counted in working days, counts Monday to \
             Friday, except public holidays in Nordrhein-Westfalen (NW). A week is 5 working \
             days.",
            "Not counted:",
            "  2026-06-04 Fronleichnam",
            "  2026-06-06 Saturday",
            "  2026-06-07 Sunday",
            "The deadline ends on Thursday, 2026-06-11, the 7th working day after the event.",
        ]
    );
}
