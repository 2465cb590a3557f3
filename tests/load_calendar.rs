//! Work happens only within working hours on working days: the event log
//! shows no work starting or ending outside them, and the working time
//! between start and end of each task is exactly its duration.

mod load_support;

use jiff::civil::{Date, DateTime, Time};
use load_support::{Fixture, ONE_TASK, rows};
use ozg::calendar::{State, is_working_day};

/// Working hours of the profile below, in seconds from midnight.
const HOURS: [(i64, i64); 2] = [(8 * 3600, 12 * 3600), (13 * 3600, 16 * 3600)];

fn second_of_day(t: DateTime) -> i64 {
    i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second())
}

/// Working seconds between two moments, counted day by day with the
/// calendar's own list of working days.
fn working_seconds(from: DateTime, to: DateTime) -> i64 {
    let mut total = 0;
    let mut day: Date = from.date();
    while day <= to.date() {
        if is_working_day(State::BW, day) {
            let lower = if day == from.date() {
                second_of_day(from)
            } else {
                0
            };
            let upper = if day == to.date() {
                second_of_day(to)
            } else {
                86_400
            };
            for (a, b) in HOURS {
                let overlap = upper.min(b) - lower.max(a);
                total += overlap.max(0);
            }
        }
        day = day.tomorrow().unwrap();
    }
    total
}

fn within_hours(t: DateTime, at_end: bool) -> bool {
    let s = second_of_day(t);
    is_working_day(State::BW, t.date())
        && HOURS.iter().any(|&(a, b)| {
            if at_end {
                s > a && s <= b
            } else {
                s >= a && s < b
            }
        })
}

const PROFILE: &str = r#"
[arrivals]
start = 2024-03-25
per_day = 3

[task.work]
hours = 5

[staff.clerk]
people = 2
hours = "08:00-12:00, 13:00-16:00"
"#;

#[test]
fn work_starts_and_ends_only_within_working_hours() {
    let fixture = Fixture::new(ONE_TASK);
    let (_, log) = fixture.run(PROFILE, 300, 4);
    let tasks: Vec<_> = rows(&log)
        .into_iter()
        .filter(|r| r.kind == "task")
        .collect();
    assert_eq!(tasks.len(), 300);
    for task in &tasks {
        assert!(
            within_hours(task.start, false),
            "work starts at {}",
            task.start
        );
        assert!(within_hours(task.end, true), "work ends at {}", task.end);
    }
}

#[test]
fn work_pauses_over_nights_weekends_and_holidays() {
    let fixture = Fixture::new(ONE_TASK);
    let (_, log) = fixture.run(PROFILE, 300, 4);
    let tasks: Vec<_> = rows(&log)
        .into_iter()
        .filter(|r| r.kind == "task")
        .collect();
    let mut across_easter = 0;
    for task in &tasks {
        assert_eq!(
            working_seconds(task.start, task.end),
            5 * 3600,
            "{} to {}",
            task.start,
            task.end
        );
        let good_friday = jiff::civil::date(2024, 3, 29).to_datetime(Time::midnight());
        let easter_tuesday = jiff::civil::date(2024, 4, 2).to_datetime(Time::midnight());
        if task.start < good_friday && task.end > easter_tuesday {
            across_easter += 1;
        }
    }
    assert!(across_easter > 0, "no work ran across the Easter holidays");
}

#[test]
fn applications_arrive_only_on_working_days() {
    let fixture = Fixture::new(ONE_TASK);
    let (_, log) = fixture.run(PROFILE, 300, 4);
    for row in rows(&log).iter().filter(|r| r.kind == "task") {
        assert!(
            is_working_day(State::BW, row.enabled.date()),
            "an application arrived on {}",
            row.enabled.date()
        );
    }
}

#[test]
fn a_role_working_on_saturdays_works_on_saturdays_but_not_on_holidays() {
    let fixture = Fixture::new(ONE_TASK);
    let profile = r#"
[arrivals]
start = 2024-04-29
per_day = 30

[task.work]
hours = 2

[staff.clerk]
people = 1
hours = "08:00-16:00"
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
"#;
    let (_, log) = fixture.run(profile, 200, 1);
    let days: std::collections::BTreeSet<Date> = rows(&log)
        .iter()
        .filter(|r| r.kind == "task")
        .map(|r| r.start.date())
        .collect();
    // Saturday 4 May 2024 is worked; 1 May (Labour Day) and Sunday 5 May
    // are not.
    assert!(days.contains(&jiff::civil::date(2024, 5, 4)));
    assert!(!days.contains(&jiff::civil::date(2024, 5, 1)));
    assert!(!days.contains(&jiff::civil::date(2024, 5, 5)));
}
