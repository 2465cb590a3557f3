//! Simulated time: the days of the simulated period with their public
//! holidays, the working hours of each role, and the arrival of
//! applications.
//!
//! Time is counted in whole seconds from midnight at the start of the
//! first simulated day, in German civil time; every day has 24 hours (the
//! change to and from summer time is ignored, which shifts nothing that is
//! counted in working hours; see `docs/limits.md`). Applications arrive
//! only on working days. The calendar of each day is looked up once,
//! when the simulation first reaches it.
//!
//! Work time is kept as a running total per role: the working seconds
//! before each day. The time a piece of work ends is then found by adding
//! its duration to that total and turning the sum back into a time, so
//! that work pauses over nights, weekends and holidays.

use jiff::civil::{Date, Weekday};

use crate::calendar::{State, holiday_on};
use crate::load::random::Random;

/// Seconds in a day.
pub(crate) const DAY: u64 = 86_400;

/// Working hours: time ranges within a day, in minutes from midnight,
/// sorted, not overlapping, each ending after it starts (`24:00` is 1440).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hours {
    pub ranges: Vec<(u32, u32)>,
}

/// Why a text describes no working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursProblem {
    /// Not written `HH:MM-HH:MM`, ranges separated by commas.
    Syntax,
    /// A range ends before or when it starts.
    Order,
    /// Two ranges overlap.
    Overlap,
}

impl Hours {
    /// The whole day.
    pub fn all_day() -> Hours {
        Hours {
            ranges: vec![(0, 1440)],
        }
    }

    /// Reads `08:00-12:00, 13:00-16:30`.
    pub fn parse(text: &str) -> Result<Hours, HoursProblem> {
        let mut ranges = Vec::new();
        for part in text.split(',') {
            let (from, to) = part.split_once('-').ok_or(HoursProblem::Syntax)?;
            let from = minute_of_day(from.trim()).ok_or(HoursProblem::Syntax)?;
            let to = minute_of_day(to.trim()).ok_or(HoursProblem::Syntax)?;
            if to <= from {
                return Err(HoursProblem::Order);
            }
            ranges.push((from, to));
        }
        ranges.sort_unstable();
        if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
            return Err(HoursProblem::Overlap);
        }
        Ok(Hours { ranges })
    }

    /// Minutes covered per day.
    pub fn minutes(&self) -> u32 {
        self.ranges.iter().map(|(a, b)| b - a).sum()
    }

    /// The ranges in seconds from midnight.
    fn seconds(&self) -> Vec<(u32, u32)> {
        self.ranges.iter().map(|&(a, b)| (a * 60, b * 60)).collect()
    }
}

impl std::fmt::Display for Hours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (a, b)) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{:02}:{:02}-{:02}:{:02}", a / 60, a % 60, b / 60, b % 60)?;
        }
        Ok(())
    }
}

/// `HH:MM` as minutes from midnight; `24:00` is the end of the day.
fn minute_of_day(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// The weekdays, Monday first, as profiles write them.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Monday is 0, Sunday 6.
fn weekday_index(weekday: Weekday) -> usize {
    usize::try_from(weekday.to_monday_zero_offset()).unwrap_or(0)
}

/// The simulated days, from the first on, looked up as they are reached.
#[derive(Debug)]
pub(crate) struct Days {
    state: State,
    dates: Vec<Date>,
    /// Monday to Friday and no public holiday.
    working: Vec<bool>,
    holiday: Vec<bool>,
    /// Working days before each day (one entry more than `dates`).
    working_before: Vec<u64>,
}

impl Days {
    pub fn new(state: State, first: Date) -> Days {
        let mut days = Days {
            state,
            dates: Vec::new(),
            working: Vec::new(),
            holiday: Vec::new(),
            working_before: vec![0],
        };
        days.push(first);
        days
    }

    fn push(&mut self, date: Date) {
        let holiday = holiday_on(self.state, date).is_some();
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        let working = !holiday && !weekend;
        self.dates.push(date);
        self.holiday.push(holiday);
        self.working.push(working);
        let before = self.working_before.last().copied().unwrap_or(0);
        self.working_before.push(before + u64::from(working));
    }

    /// Makes sure `day` has been looked up. Days beyond the last date the
    /// calendar can hold repeat that date; the simulation stops long
    /// before (see `HORIZON_YEARS`).
    fn reach(&mut self, day: usize) {
        while self.dates.len() <= day {
            let last = self.dates[self.dates.len() - 1];
            let next = last.tomorrow().unwrap_or(last);
            self.push(next);
        }
    }

    pub fn first(&self) -> Date {
        self.dates[0]
    }

    pub fn date(&mut self, day: usize) -> Date {
        self.reach(day);
        self.dates[day]
    }

    /// Monday to Friday and not a public holiday of the state.
    pub fn is_working(&mut self, day: usize) -> bool {
        self.reach(day);
        self.working[day]
    }

    pub fn is_holiday(&mut self, day: usize) -> bool {
        self.reach(day);
        self.holiday[day]
    }

    /// Monday is 0, Sunday 6.
    pub fn weekday(&mut self, day: usize) -> usize {
        weekday_index(self.date(day).weekday())
    }

    /// January is 0.
    pub fn month(&mut self, day: usize) -> usize {
        usize::try_from(self.date(day).month() - 1).unwrap_or(0)
    }

    /// The day number of a date, if it lies in the simulated period.
    pub fn day_of(&self, date: Date) -> Option<usize> {
        let days = (date - self.first()).get_days();
        usize::try_from(days).ok()
    }

    /// Time that counts in working days: whole working days before `t`'s
    /// day, and the part of `t`'s day if it is a working day.
    pub fn working_time_before(&mut self, t: u64) -> u64 {
        let day = day_of(t);
        self.reach(day);
        let whole = self.working_before[day] * DAY;
        if self.working[day] {
            whole + t % DAY
        } else {
            whole
        }
    }
}

/// The day of a time.
pub(crate) fn day_of(t: u64) -> usize {
    usize::try_from(t / DAY).unwrap_or(usize::MAX)
}

/// The start of a day.
pub(crate) fn start_of(day: usize) -> u64 {
    u64::try_from(day).unwrap_or(u64::MAX / 2) * DAY
}

/// When a role works: its hours on its weekdays, except public holidays.
#[derive(Debug)]
pub(crate) struct WorkCalendar {
    /// Seconds from midnight.
    ranges: Vec<(u32, u32)>,
    per_day: u64,
    weekdays: [bool; 7],
    /// Working seconds before each day (one entry more than the days
    /// reached).
    before: Vec<u64>,
}

impl WorkCalendar {
    pub fn new(hours: &Hours, weekdays: [bool; 7]) -> WorkCalendar {
        let ranges = hours.seconds();
        let per_day = ranges.iter().map(|&(a, b)| u64::from(b - a)).sum();
        WorkCalendar {
            ranges,
            per_day,
            weekdays,
            before: vec![0],
        }
    }

    fn works_on(&self, days: &mut Days, day: usize) -> bool {
        self.weekdays[days.weekday(day)] && !days.is_holiday(day)
    }

    fn reach(&mut self, days: &mut Days, day: usize) {
        while self.before.len() <= day + 1 {
            let d = self.before.len() - 1;
            let worked = if self.works_on(days, d) {
                self.per_day
            } else {
                0
            };
            let total = self.before[d] + worked;
            self.before.push(total);
        }
    }

    /// Working seconds from the start of the simulation up to `t`.
    pub fn before(&mut self, days: &mut Days, t: u64) -> u64 {
        let day = day_of(t);
        self.reach(days, day);
        let whole = self.before[day];
        if self.before[day + 1] == whole {
            return whole;
        }
        let second = t % DAY;
        let within: u64 = self
            .ranges
            .iter()
            .map(|&(a, b)| second.clamp(u64::from(a), u64::from(b)) - u64::from(a))
            .sum();
        whole + within
    }

    /// The first moment at or after `t` at which the role works.
    pub fn start_at_or_after(&mut self, days: &mut Days, t: u64) -> u64 {
        let mut day = day_of(t);
        let mut second = t % DAY;
        loop {
            self.reach(days, day);
            if self.before[day + 1] > self.before[day] {
                for &(a, b) in &self.ranges {
                    if second < u64::from(b) {
                        return start_of(day) + second.max(u64::from(a));
                    }
                }
            }
            day += 1;
            second = 0;
        }
    }

    /// When `seconds` of work that start at `start` end, pausing outside
    /// working time.
    pub fn finish(&mut self, days: &mut Days, start: u64, seconds: u64) -> u64 {
        if seconds == 0 {
            return start;
        }
        let target = self.before(days, start) + seconds;
        let mut day = day_of(start);
        loop {
            self.reach(days, day);
            if self.before[day + 1] >= target {
                break;
            }
            day += 1;
        }
        let mut rest = target - self.before[day];
        for &(a, b) in &self.ranges {
            let length = u64::from(b - a);
            if rest <= length {
                return start_of(day) + u64::from(a) + rest;
            }
            rest -= length;
        }
        start_of(day + 1)
    }
}

/// Applications arriving as a Poisson process that runs only within the
/// arrival hours of working days, with a rate per working day that may
/// change from month to month.
///
/// The process is drawn by its cumulative rate: an exponentially
/// distributed amount with mean 1 is used up by the open time, each second
/// weighing the rate of its day. This is exact for rates that change at
/// day boundaries, and needs no thinning.
pub(crate) struct ArrivalProcess {
    random: Random,
    per_day: f64,
    factors: [f64; 12],
    /// Seconds from midnight.
    ranges: Vec<(f64, f64)>,
    open: f64,
    day: usize,
    /// Seconds into `day`.
    position: f64,
    /// The first day on which nothing arrives any more.
    end_day: usize,
    days: Days,
}

impl ArrivalProcess {
    pub fn new(
        random: Random,
        per_day: f64,
        factors: [f64; 12],
        hours: &Hours,
        days: Days,
        first_day: usize,
        end_day: usize,
    ) -> ArrivalProcess {
        let ranges: Vec<(f64, f64)> = hours
            .seconds()
            .into_iter()
            .map(|(a, b)| (f64::from(a), f64::from(b)))
            .collect();
        let open = ranges.iter().map(|(a, b)| b - a).sum();
        ArrivalProcess {
            random,
            per_day,
            factors,
            ranges,
            open,
            day: first_day,
            position: 0.0,
            end_day,
            days,
        }
    }

    /// The time of the next arrival, or `None` once the period is over.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the position lies within a day, between 0 and 86,400 seconds"
    )]
    pub fn next(&mut self) -> Option<u64> {
        let mut mass = self.random.exponential();
        while self.day < self.end_day {
            let factor = if self.days.is_working(self.day) {
                self.factors[self.days.month(self.day)]
            } else {
                0.0
            };
            if factor > 0.0 && self.open > 0.0 {
                let rate = self.per_day * factor / self.open;
                for &(a, b) in &self.ranges {
                    if self.position >= b {
                        continue;
                    }
                    let from = self.position.max(a);
                    let available = rate * (b - from);
                    if mass <= available {
                        self.position = (from + mass / rate).min(b);
                        let second = (self.position as u64).min(DAY - 1);
                        return Some(start_of(self.day) + second);
                    }
                    mass -= available;
                    self.position = b;
                }
            }
            self.day += 1;
            self.position = 0.0;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn office() -> Hours {
        Hours::parse("08:00-12:00, 13:00-16:00").unwrap()
    }

    #[test]
    fn hours_are_read_with_several_ranges() {
        assert_eq!(office().ranges, vec![(480, 720), (780, 960)]);
        assert_eq!(office().to_string(), "08:00-12:00, 13:00-16:00");
    }

    #[test]
    fn hours_may_end_at_midnight() {
        assert_eq!(Hours::parse("00:00-24:00").unwrap(), Hours::all_day());
    }

    #[test]
    fn hours_that_end_before_they_start_are_refused() {
        assert_eq!(Hours::parse("16:00-08:00"), Err(HoursProblem::Order));
    }

    #[test]
    fn overlapping_hours_are_refused() {
        assert_eq!(
            Hours::parse("08:00-12:00, 11:00-13:00"),
            Err(HoursProblem::Overlap)
        );
    }

    #[test]
    fn hours_without_minutes_are_refused() {
        assert_eq!(Hours::parse("8-16"), Err(HoursProblem::Syntax));
        assert_eq!(Hours::parse("08:00-25:00"), Err(HoursProblem::Syntax));
    }

    fn at(day: u64, hour: u64, minute: u64) -> u64 {
        day * DAY + hour * 3600 + minute * 60
    }

    #[test]
    fn work_pauses_over_lunch_and_night() {
        // 2024-03-04 is a Monday.
        let mut days = Days::new(State::BW, date(2024, 3, 4));
        let mut work = WorkCalendar::new(&office(), [true, true, true, true, true, false, false]);
        // Start Monday 11:00, 6 hours: 1 h before lunch, 3 h after, 2 h Tuesday.
        let end = work.finish(&mut days, at(0, 11, 0), 6 * 3600);
        assert_eq!(end, at(1, 10, 0));
    }

    #[test]
    fn work_pauses_over_weekends_and_holidays() {
        // Thursday 2024-03-28; Good Friday and Easter Monday are holidays.
        let mut days = Days::new(State::BW, date(2024, 3, 28));
        let mut work = WorkCalendar::new(&office(), [true, true, true, true, true, false, false]);
        let end = work.finish(&mut days, at(0, 15, 0), 2 * 3600);
        // One hour on Thursday, the next on Tuesday 2 April at 08:00-09:00.
        assert_eq!(end, at(5, 9, 0));
    }

    #[test]
    fn work_that_fills_the_day_ends_at_closing_time() {
        let mut days = Days::new(State::BW, date(2024, 3, 4));
        let mut work = WorkCalendar::new(&office(), [true; 7]);
        assert_eq!(work.finish(&mut days, at(0, 8, 0), 7 * 3600), at(0, 16, 0));
    }

    #[test]
    fn work_requested_at_night_starts_next_morning() {
        let mut days = Days::new(State::BW, date(2024, 3, 4));
        let mut work = WorkCalendar::new(&office(), [true, true, true, true, true, false, false]);
        assert_eq!(work.start_at_or_after(&mut days, at(0, 20, 0)), at(1, 8, 0));
        assert_eq!(
            work.start_at_or_after(&mut days, at(0, 12, 30)),
            at(0, 13, 0)
        );
        assert_eq!(
            work.start_at_or_after(&mut days, at(0, 9, 15)),
            at(0, 9, 15)
        );
        // Friday evening: Monday morning.
        assert_eq!(work.start_at_or_after(&mut days, at(4, 17, 0)), at(7, 8, 0));
    }

    #[test]
    fn working_seconds_are_counted_within_hours_only() {
        let mut days = Days::new(State::BW, date(2024, 3, 4));
        let mut work = WorkCalendar::new(&office(), [true, true, true, true, true, false, false]);
        assert_eq!(work.before(&mut days, at(0, 12, 30)), 4 * 3600);
        assert_eq!(work.before(&mut days, at(1, 0, 0)), 7 * 3600);
        // Saturday and Sunday add nothing.
        assert_eq!(work.before(&mut days, at(7, 0, 0)), 35 * 3600);
    }

    #[test]
    fn a_role_may_work_on_saturdays_but_not_on_holidays() {
        // Saturday 2024-12-21 to Friday 2024-12-27 in Bavaria.
        let mut days = Days::new(State::BY, date(2024, 12, 21));
        let mut work = WorkCalendar::new(&office(), [true, true, true, true, true, true, false]);
        // Sat works, Sun not, Mon 23 and Tue 24 work, 25 and 26 are holidays.
        assert_eq!(work.before(&mut days, at(6, 0, 0)), 3 * 7 * 3600);
    }

    #[test]
    fn working_day_time_skips_weekends_and_holidays() {
        // Thursday 2024-10-31 to Monday 2024-11-04 in Bavaria: 1 November is
        // All Saints' Day.
        let mut days = Days::new(State::BY, date(2024, 10, 31));
        let from = days.working_time_before(at(0, 12, 0));
        let to = days.working_time_before(at(4, 12, 0));
        assert_eq!(to - from, DAY);
    }

    #[test]
    fn arrivals_fall_on_working_days_within_the_hours() {
        let days = Days::new(State::BW, date(2024, 3, 25));
        let hours = Hours::parse("08:00-16:00").unwrap();
        let random = Random::stream(1, crate::load::random::Purpose::Arrivals, 0);
        let mut process = ArrivalProcess::new(random, 50.0, [1.0; 12], &hours, days, 0, 30);
        let mut check = Days::new(State::BW, date(2024, 3, 25));
        let mut count = 0;
        while let Some(t) = process.next() {
            let day = day_of(t);
            assert!(check.is_working(day), "arrival on day {day}");
            assert!((8 * 3600..16 * 3600).contains(&(t % DAY)));
            count += 1;
        }
        // 30 days from Monday 25 March: 20 working days (Good Friday and
        // Easter Monday are holidays), so about 1000 arrivals.
        assert!((850..1150).contains(&count), "{count} arrivals");
    }

    #[test]
    fn a_monthly_factor_scales_the_arrivals() {
        let hours = Hours::all_day();
        let count = |factors: [f64; 12]| {
            let days = Days::new(State::BE, date(2025, 1, 1));
            let random = Random::stream(9, crate::load::random::Purpose::Arrivals, 0);
            let mut process = ArrivalProcess::new(random, 100.0, factors, &hours, days, 0, 59);
            let mut january = 0;
            let mut february = 0;
            while let Some(t) = process.next() {
                if day_of(t) < 31 {
                    january += 1;
                } else {
                    february += 1;
                }
            }
            (january, february)
        };
        let mut factors = [1.0; 12];
        factors[1] = 2.0;
        let (january, february) = count(factors);
        // January 2025 has 22 working days in Berlin, February 20.
        let ratio = f64::from(february) / f64::from(january);
        let expected = (2.0 * 20.0) / 22.0;
        assert!((ratio - expected).abs() < 0.1, "ratio {ratio}");
    }
}
