//! Properties that hold for every deadline, checked for every event day of
//! several years in every state.

use jiff::civil::Date;
use ozg::calendar::{DayCount, DeadlineDuration, State, deadline_end, holiday_on, is_working_day};

/// The days from `first` to `last`, both included.
fn days(first: Date, last: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(first), |day| day.tomorrow().ok())
        .take_while(move |day| *day <= last)
}

fn event_days() -> impl Iterator<Item = Date> {
    days(Date::constant(2015, 1, 1), Date::constant(2027, 12, 31))
}

fn durations(texts: &[&str]) -> Vec<DeadlineDuration> {
    texts.iter().map(|text| text.parse().unwrap()).collect()
}

#[test]
fn a_calendar_deadline_never_ends_on_a_weekend_or_holiday_nor_before_its_nominal_end() {
    let within = durations(&["P1D", "P3D", "P14D", "P2W", "P1M", "P3M", "P1Y", "P1M10D"]);
    for state in State::all() {
        for from in event_days() {
            for duration in &within {
                let deadline = deadline_end(from, duration, DayCount::Calendar, state).unwrap();
                let case = format!("{from} + {duration} in {state}");
                assert!(
                    is_working_day(state, deadline.end),
                    "{case}: ends on {}",
                    deadline.end
                );
                assert!(
                    holiday_on(state, deadline.end).is_none(),
                    "{case}: ends on a holiday"
                );
                assert!(deadline.end >= deadline.nominal_end, "{case}: ends early");
                assert!(
                    deadline.nominal_end > from,
                    "{case}: nominal end not after the event"
                );
            }
        }
    }
}

#[test]
fn a_calendar_deadline_passes_over_exactly_the_days_from_its_nominal_end_to_its_end() {
    let within = durations(&["P14D", "P1M"]);
    for state in State::all() {
        for from in event_days() {
            for duration in &within {
                let deadline = deadline_end(from, duration, DayCount::Calendar, state).unwrap();
                let passed: Vec<Date> = days(deadline.nominal_end, deadline.end)
                    .take_while(|day| *day < deadline.end)
                    .collect();
                let skipped: Vec<Date> = deadline.skipped.iter().map(|day| day.date).collect();
                assert_eq!(skipped, passed, "{from} + {duration} in {state}");
                assert!(passed.iter().all(|day| !is_working_day(state, *day)));
            }
        }
    }
}

#[test]
fn a_working_day_deadline_ends_on_the_nth_working_day_after_the_event() {
    let within = durations(&["P1D", "P2W", "P1W3D"]);
    for state in State::all() {
        for from in event_days() {
            for duration in &within {
                let wanted = usize::try_from(duration.weeks() * 5 + duration.days()).unwrap();
                let deadline = deadline_end(from, duration, DayCount::Working, state).unwrap();
                let case = format!("{from} + {duration} working in {state}");
                let between: Vec<Date> = days(from.tomorrow().unwrap(), deadline.end).collect();
                let counted = between
                    .iter()
                    .filter(|day| is_working_day(state, **day))
                    .count();
                assert_eq!(counted, wanted, "{case}");
                assert!(is_working_day(state, deadline.end), "{case}");
                assert_eq!(deadline.skipped.len(), between.len() - wanted, "{case}");
            }
        }
    }
}

#[test]
fn every_duration_reads_back_from_its_written_form() {
    for years in 0..3 {
        for months in 0..14 {
            for weeks in 0..3 {
                for days in 0..32 {
                    let Some(duration) = DeadlineDuration::new(years, months, weeks, days) else {
                        continue;
                    };
                    let written = duration.to_string();
                    assert_eq!(
                        written.parse::<DeadlineDuration>(),
                        Ok(duration),
                        "{written}"
                    );
                }
            }
        }
    }
}
