//! Dates, times, date-times and durations of FEEL.
//!
//! Calendar arithmetic is done by `jiff`, which clamps a day that does not
//! exist in the target month to that month's last day (31 January plus one
//! month is the end of February), as FEEL and § 188 BGB both require.
//!
//! Time zones: a time or date-time may carry a fixed UTC offset (`Z`,
//! `+01:00`) or an IANA zone name (`@Europe/Berlin`). Values without a zone
//! are local times and are compared and subtracted as written; values with
//! a zone are compared by the instant they denote. A value with a zone and
//! one without are not comparable, and any operation mixing them gives
//! null. Years are limited to -9999..=9999, the range `jiff` supports; the
//! FEEL specification allows more (see docs/limits.md).

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::sync::Arc;

use jiff::civil;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span};

use crate::feel::number::{Number, RoundingMode};

pub use jiff::civil::Date;

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const NANOS_PER_MINUTE: i128 = 60 * NANOS_PER_SECOND;
const NANOS_PER_HOUR: i128 = 60 * NANOS_PER_MINUTE;
const NANOS_PER_DAY: i128 = 24 * NANOS_PER_HOUR;

/// The time zone of a time or date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC in seconds (`+01:00` is 3600).
    Offset(i32),
    /// An IANA time zone name, checked against the time zone database when
    /// the value was made.
    Named(Arc<str>),
}

impl Zone {
    fn time_zone(&self) -> Option<TimeZone> {
        match self {
            Zone::Offset(seconds) => jiff::tz::Offset::from_seconds(*seconds)
                .ok()
                .map(jiff::tz::Offset::to_time_zone),
            Zone::Named(name) => TimeZone::get(name).ok(),
        }
    }
}

/// A time of day, with an optional zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    pub local: civil::Time,
    pub zone: Option<Zone>,
}

/// A date and a time of day, with an optional zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime {
    pub local: civil::DateTime,
    pub zone: Option<Zone>,
}

/// A years-and-months duration, kept as a number of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct YearsMonths {
    pub months: i64,
}

/// A days-and-time duration, kept in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DaysTime {
    pub nanos: i128,
}

/// Either kind of duration, as `duration("...")` may return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    YearsMonths(YearsMonths),
    DaysTime(DaysTime),
}

fn epoch() -> civil::DateTime {
    civil::DateTime::from_parts(Date::constant(1970, 1, 1), civil::Time::midnight())
}

/// Nanoseconds from 1970-01-01T00:00 to a local date-time, ignoring zones.
fn local_nanos(dt: civil::DateTime) -> i128 {
    dt.duration_since(epoch()).as_nanos()
}

fn from_local_nanos(nanos: i128) -> Option<civil::DateTime> {
    let duration = SignedDuration::try_from_nanos_i128(nanos)?;
    epoch().checked_add(duration).ok()
}

fn time_nanos(time: civil::Time) -> i128 {
    time.duration_since(civil::Time::midnight()).as_nanos()
}

fn time_from_nanos(nanos: i128) -> civil::Time {
    let wrapped = nanos.rem_euclid(NANOS_PER_DAY);
    // `wrapped` is within one day, so the addition cannot overflow.
    civil::Time::midnight()
        .checked_add(SignedDuration::from_nanos_i128(wrapped))
        .unwrap_or(civil::Time::midnight())
}

// ---------------------------------------------------------------------------
// Construction and parsing
// ---------------------------------------------------------------------------

/// A date from its parts; `None` when it does not exist.
pub fn date_from_parts(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// A time from hour, minute, and seconds (which may have a fraction).
pub fn time_from_parts(hour: i64, minute: i64, second: Number) -> Option<civil::Time> {
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return None;
    }
    let nanos = second
        .checked_mul(Number::from_i64(1_000_000_000))?
        .round(0, RoundingMode::Down)?;
    let nanos = nanos.to_i128()?;
    if !(0..60 * NANOS_PER_SECOND).contains(&nanos) {
        return None;
    }
    let total = i128::from(hour) * NANOS_PER_HOUR + i128::from(minute) * NANOS_PER_MINUTE + nanos;
    Some(time_from_nanos(total))
}

struct Cursor<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    /// Exactly `count` digits.
    fn digits(&mut self, count: usize) -> Option<i64> {
        let end = self.pos + count;
        let slice = self.text.get(self.pos..end)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos = end;
        slice.iter().try_fold(0i64, |acc, d| {
            acc.checked_mul(10)?.checked_add(i64::from(d - b'0'))
        })
    }

    /// One or more digits.
    fn number(&mut self) -> Option<(i64, usize)> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let count = self.pos - start;
        if count == 0 {
            return None;
        }
        self.pos = start;
        self.digits(count).map(|n| (n, count))
    }

    fn rest(&self) -> &'a str {
        std::str::from_utf8(&self.text[self.pos..]).unwrap_or("")
    }
}

fn parse_date_at(cursor: &mut Cursor) -> Option<Date> {
    let negative = cursor.eat(b'-');
    let (year, width) = cursor.number()?;
    // Years have at least four digits; more only when needed.
    if width < 4 || (width > 4 && cursor.text[cursor.pos - width] == b'0') {
        return None;
    }
    if !cursor.eat(b'-') {
        return None;
    }
    let month = cursor.digits(2)?;
    if !cursor.eat(b'-') {
        return None;
    }
    let day = cursor.digits(2)?;
    date_from_parts(if negative { -year } else { year }, month, day)
}

fn parse_time_at(cursor: &mut Cursor) -> Option<Time> {
    let hour = cursor.digits(2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let minute = cursor.digits(2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let second = cursor.digits(2)?;
    let mut nanos = 0i128;
    if cursor.eat(b'.') {
        let (_, width) = cursor.number()?;
        let digits = &cursor.text[cursor.pos - width..cursor.pos];
        for (i, d) in digits.iter().take(9).enumerate() {
            nanos += i128::from(d - b'0') * 10i128.pow(8 - u32::try_from(i).unwrap_or(8));
        }
    }
    // 24:00:00 is the end of the day in XML Schema; FEEL reads it as
    // midnight.
    let local = if hour == 24 && minute == 0 && second == 0 && nanos == 0 {
        civil::Time::midnight()
    } else {
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        time_from_nanos(
            i128::from(hour) * NANOS_PER_HOUR
                + i128::from(minute) * NANOS_PER_MINUTE
                + i128::from(second) * NANOS_PER_SECOND
                + nanos,
        )
    };
    let zone = match parse_zone(cursor) {
        ZoneSuffix::None => None,
        ZoneSuffix::Zone(zone) => Some(zone),
        ZoneSuffix::Malformed => return None,
    };
    Some(Time { local, zone })
}

/// What follows the clock time: no zone, a zone, or something malformed.
enum ZoneSuffix {
    None,
    Zone(Zone),
    Malformed,
}

/// The zone suffix of a time: nothing, `Z`, `+hh:mm`, or `@Area/City`.
fn parse_zone(cursor: &mut Cursor) -> ZoneSuffix {
    if cursor.at_end() {
        return ZoneSuffix::None;
    }
    if cursor.eat(b'Z') {
        return ZoneSuffix::Zone(Zone::Offset(0));
    }
    if cursor.eat(b'@') {
        let name = cursor.rest();
        cursor.pos = cursor.text.len();
        return named_zone(name).map_or(ZoneSuffix::Malformed, ZoneSuffix::Zone);
    }
    parse_offset(cursor).map_or(ZoneSuffix::Malformed, |seconds| {
        ZoneSuffix::Zone(Zone::Offset(seconds))
    })
}

/// `+hh:mm` or `-hh:mm[:ss]`, in seconds.
fn parse_offset(cursor: &mut Cursor) -> Option<i32> {
    let sign = match cursor.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    cursor.pos += 1;
    let hours = cursor.digits(2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let minutes = cursor.digits(2)?;
    let seconds = if cursor.eat(b':') {
        cursor.digits(2)?
    } else {
        0
    };
    if hours > 14 || minutes > 59 || seconds > 59 {
        return None;
    }
    i32::try_from(sign * (hours * 3600 + minutes * 60 + seconds)).ok()
}

/// An IANA zone known to the time zone database.
pub fn named_zone(name: &str) -> Option<Zone> {
    let zone = TimeZone::get(name).ok()?;
    Some(Zone::Named(Arc::from(zone.iana_name().unwrap_or(name))))
}

/// `YYYY-MM-DD`, with an optional leading minus for years before 1 BC.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut cursor = Cursor::new(text);
    let date = parse_date_at(&mut cursor)?;
    cursor.at_end().then_some(date)
}

/// `hh:mm:ss[.fff][zone]`.
pub fn parse_time(text: &str) -> Option<Time> {
    let mut cursor = Cursor::new(text);
    let time = parse_time_at(&mut cursor)?;
    cursor.at_end().then_some(time)
}

/// `YYYY-MM-DDThh:mm:ss[.fff][zone]`, or a date alone (midnight, no zone).
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor::new(text);
    let date = parse_date_at(&mut cursor)?;
    if cursor.at_end() {
        return Some(DateTime {
            local: date.to_datetime(civil::Time::midnight()),
            zone: None,
        });
    }
    if !cursor.eat(b'T') {
        return None;
    }
    let time = parse_time_at(&mut cursor)?;
    cursor.at_end().then(|| DateTime {
        local: date.to_datetime(time.local),
        zone: time.zone,
    })
}

/// An ISO 8601 duration: `P1Y2M` (years and months), `P3DT4H5M6.5S`
/// (days and time), each optionally negative. A duration mixing both kinds
/// (`P1M2D`) is neither FEEL type and is refused.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let mut cursor = Cursor::new(text);
    let negative = cursor.eat(b'-');
    if !cursor.eat(b'P') {
        return None;
    }
    let mut months: i128 = 0;
    let mut nanos: i128 = 0;
    let mut has_years_months = false;
    let mut has_days_time = false;
    let mut in_time = false;
    let mut any_component = false;
    // Designators must appear in this order, each at most once.
    let mut last_rank = 0;
    while !cursor.at_end() {
        if cursor.eat(b'T') {
            if in_time {
                return None;
            }
            in_time = true;
            if cursor.at_end() {
                return None;
            }
            continue;
        }
        let (value, _) = cursor.number()?;
        let value = i128::from(value);
        let mut fraction: i128 = 0;
        if cursor.eat(b'.') {
            // `PT0.S` has an empty fraction, which XML Schema allows.
            let width = cursor.number().map_or(0, |(_, width)| width);
            let digits = &cursor.text[cursor.pos - width..cursor.pos];
            for (i, d) in digits.iter().take(9).enumerate() {
                fraction += i128::from(d - b'0') * 10i128.pow(8 - u32::try_from(i).unwrap_or(8));
            }
            if cursor.peek() != Some(b'S') {
                return None;
            }
        }
        let designator = cursor.peek()?;
        cursor.pos += 1;
        let rank = match (in_time, designator) {
            (false, b'Y') => 1,
            (false, b'M') => 2,
            (false, b'W') => 3,
            (false, b'D') => 4,
            (true, b'H') => 5,
            (true, b'M') => 6,
            (true, b'S') => 7,
            _ => return None,
        };
        if rank <= last_rank {
            return None;
        }
        last_rank = rank;
        any_component = true;
        match rank {
            1 => months = months.checked_add(value.checked_mul(12)?)?,
            2 => months = months.checked_add(value)?,
            3 => nanos = nanos.checked_add(value.checked_mul(7 * NANOS_PER_DAY)?)?,
            4 => nanos = nanos.checked_add(value.checked_mul(NANOS_PER_DAY)?)?,
            5 => nanos = nanos.checked_add(value.checked_mul(NANOS_PER_HOUR)?)?,
            6 => nanos = nanos.checked_add(value.checked_mul(NANOS_PER_MINUTE)?)?,
            _ => nanos = nanos.checked_add(value.checked_mul(NANOS_PER_SECOND)? + fraction)?,
        }
        if rank <= 2 {
            has_years_months = true;
        } else {
            has_days_time = true;
        }
    }
    if !any_component || (has_years_months && has_days_time) {
        return None;
    }
    let sign = if negative { -1 } else { 1 };
    if has_years_months {
        Some(Duration::YearsMonths(YearsMonths {
            months: i64::try_from(sign * months).ok()?,
        }))
    } else {
        Some(Duration::DaysTime(DaysTime {
            nanos: sign * nanos,
        }))
    }
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

/// `2026-02-28`; years before 1 BC with a leading minus.
pub fn format_date(date: Date, out: &mut impl fmt::Write) -> fmt::Result {
    let year = date.year();
    if year < 0 {
        write!(
            out,
            "-{:04}-{:02}-{:02}",
            -i32::from(year),
            date.month(),
            date.day()
        )
    } else {
        write!(out, "{:04}-{:02}-{:02}", year, date.month(), date.day())
    }
}

fn format_clock(time: civil::Time, out: &mut impl fmt::Write) -> fmt::Result {
    write!(
        out,
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    )?;
    let nanos = time.subsec_nanosecond();
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        write!(out, ".{}", digits.trim_end_matches('0'))?;
    }
    Ok(())
}

fn format_zone(zone: Option<&Zone>, out: &mut impl fmt::Write) -> fmt::Result {
    match zone {
        None => Ok(()),
        Some(Zone::Offset(0)) => out.write_char('Z'),
        Some(Zone::Offset(seconds)) => {
            let sign = if *seconds < 0 { '-' } else { '+' };
            let abs = seconds.unsigned_abs();
            write!(out, "{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)?;
            if abs % 60 != 0 {
                write!(out, ":{:02}", abs % 60)?;
            }
            Ok(())
        }
        Some(Zone::Named(name)) => write!(out, "@{name}"),
    }
}

impl fmt::Display for Time {
    /// ISO 8601: `10:30:00`, `10:30:00.5+01:00`, `10:30:00@Europe/Berlin`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_clock(self.local, f)?;
        format_zone(self.zone.as_ref(), f)
    }
}

impl fmt::Display for DateTime {
    /// ISO 8601: `2026-02-28T10:30:00`, with the zone if there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_date(self.local.date(), f)?;
        f.write_char('T')?;
        format_clock(self.local.time(), f)?;
        format_zone(self.zone.as_ref(), f)
    }
}

impl fmt::Display for YearsMonths {
    /// Normalised to years and months: `P1Y2M`, `-P3M`, `P0M`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.months < 0 {
            f.write_char('-')?;
        }
        let abs = self.months.unsigned_abs();
        let (years, months) = (abs / 12, abs % 12);
        f.write_char('P')?;
        if years != 0 {
            write!(f, "{years}Y")?;
        }
        if months != 0 || years == 0 {
            write!(f, "{months}M")?;
        }
        Ok(())
    }
}

impl fmt::Display for DaysTime {
    /// Normalised to days, hours, minutes and seconds: `P1DT2H`,
    /// `PT1M30.5S`, `-P2D`, `PT0S`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nanos < 0 {
            f.write_char('-')?;
        }
        let abs = self.nanos.unsigned_abs();
        let nanos_per_day = NANOS_PER_DAY.unsigned_abs();
        let days = abs / nanos_per_day;
        let hours = abs % nanos_per_day / NANOS_PER_HOUR.unsigned_abs();
        let minutes = abs % NANOS_PER_HOUR.unsigned_abs() / NANOS_PER_MINUTE.unsigned_abs();
        let seconds = abs % NANOS_PER_MINUTE.unsigned_abs() / NANOS_PER_SECOND.unsigned_abs();
        let fraction = abs % NANOS_PER_SECOND.unsigned_abs();
        f.write_char('P')?;
        if days != 0 {
            write!(f, "{days}D")?;
        }
        if hours == 0 && minutes == 0 && seconds == 0 && fraction == 0 {
            if days == 0 {
                f.write_str("T0S")?;
            }
            return Ok(());
        }
        f.write_char('T')?;
        if hours != 0 {
            write!(f, "{hours}H")?;
        }
        if minutes != 0 {
            write!(f, "{minutes}M")?;
        }
        if seconds != 0 || fraction != 0 {
            write!(f, "{seconds}")?;
            if fraction != 0 {
                let digits = format!("{fraction:09}");
                write!(f, ".{}", digits.trim_end_matches('0'))?;
            }
            f.write_char('S')?;
        }
        Ok(())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Duration::YearsMonths(d) => d.fmt(f),
            Duration::DaysTime(d) => d.fmt(f),
        }
    }
}

// ---------------------------------------------------------------------------
// Instants, comparison
// ---------------------------------------------------------------------------

impl DateTime {
    pub fn from_date(date: Date) -> DateTime {
        DateTime {
            local: date.to_datetime(civil::Time::midnight()),
            zone: None,
        }
    }

    /// Nanoseconds since 1970-01-01T00:00Z, for a value with a zone.
    pub fn instant_nanos(&self) -> Option<i128> {
        match self.zone.as_ref()? {
            Zone::Offset(seconds) => {
                Some(local_nanos(self.local) - i128::from(*seconds) * NANOS_PER_SECOND)
            }
            Zone::Named(_) => {
                let tz = self.zone.as_ref()?.time_zone()?;
                let timestamp = tz.to_ambiguous_timestamp(self.local).compatible().ok()?;
                Some(timestamp.as_nanosecond())
            }
        }
    }

    /// The offset from UTC in force at this date-time, if it has a zone.
    pub fn offset_seconds(&self) -> Option<i32> {
        match self.zone.as_ref()? {
            Zone::Offset(seconds) => Some(*seconds),
            Zone::Named(_) => {
                let tz = self.zone.as_ref()?.time_zone()?;
                let timestamp = tz.to_ambiguous_timestamp(self.local).compatible().ok()?;
                Some(tz.to_offset(timestamp).seconds())
            }
        }
    }

    /// A comparable position on the time line: instants for zoned values,
    /// local positions for local ones, and nothing when the two are mixed.
    fn positions(&self, other: &DateTime) -> Option<(i128, i128)> {
        match (&self.zone, &other.zone) {
            (None, None) => Some((local_nanos(self.local), local_nanos(other.local))),
            (Some(_), Some(_)) => Some((self.instant_nanos()?, other.instant_nanos()?)),
            _ => None,
        }
    }

    pub fn compare(&self, other: &DateTime) -> Option<Ordering> {
        let (a, b) = self.positions(other)?;
        Some(a.cmp(&b))
    }

    pub fn since(&self, other: &DateTime) -> Option<DaysTime> {
        let (a, b) = self.positions(other)?;
        Some(DaysTime { nanos: a - b })
    }

    pub fn add_days_time(&self, duration: DaysTime) -> Option<DateTime> {
        // In a named zone the duration is added to the instant, so that a
        // day across a change to summer time has 23 hours of clock time.
        if let Some(zone @ Zone::Named(_)) = &self.zone {
            let tz = zone.time_zone()?;
            let instant = self.instant_nanos()?.checked_add(duration.nanos)?;
            let timestamp = jiff::Timestamp::from_nanosecond(instant).ok()?;
            return Some(DateTime {
                local: tz.to_datetime(timestamp),
                zone: self.zone.clone(),
            });
        }
        let nanos = local_nanos(self.local).checked_add(duration.nanos)?;
        Some(DateTime {
            local: from_local_nanos(nanos)?,
            zone: self.zone.clone(),
        })
    }

    pub fn add_years_months(&self, duration: YearsMonths) -> Option<DateTime> {
        let date = add_months(self.local.date(), duration.months)?;
        Some(DateTime {
            local: date.to_datetime(self.local.time()),
            zone: self.zone.clone(),
        })
    }
}

impl Time {
    /// Nanoseconds since midnight, moved to UTC when the time has an
    /// offset. Times with a named zone have no fixed offset without a date.
    fn position(&self) -> i128 {
        let local = time_nanos(self.local);
        match &self.zone {
            Some(Zone::Offset(seconds)) => {
                (local - i128::from(*seconds) * NANOS_PER_SECOND).rem_euclid(NANOS_PER_DAY)
            }
            _ => local,
        }
    }

    fn comparable(&self, other: &Time) -> bool {
        match (&self.zone, &other.zone) {
            (None, None) | (Some(Zone::Offset(_)), Some(Zone::Offset(_))) => true,
            (Some(Zone::Named(a)), Some(Zone::Named(b))) => a == b,
            _ => false,
        }
    }

    pub fn compare(&self, other: &Time) -> Option<Ordering> {
        self.comparable(other)
            .then(|| self.position().cmp(&other.position()))
    }

    pub fn since(&self, other: &Time) -> Option<DaysTime> {
        self.comparable(other).then(|| DaysTime {
            nanos: self.position() - other.position(),
        })
    }

    #[must_use]
    pub fn add_days_time(&self, duration: DaysTime) -> Time {
        let nanos = time_nanos(self.local) + duration.nanos.rem_euclid(NANOS_PER_DAY);
        Time {
            local: time_from_nanos(nanos),
            zone: self.zone.clone(),
        }
    }

    pub fn offset_seconds(&self) -> Option<i32> {
        match self.zone.as_ref()? {
            Zone::Offset(seconds) => Some(*seconds),
            Zone::Named(_) => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Calendar arithmetic
// ---------------------------------------------------------------------------

/// `months` calendar months after `date`, clamped to the end of a shorter
/// month.
pub fn add_months(date: Date, months: i64) -> Option<Date> {
    let span = Span::new().try_months(months).ok()?;
    date.checked_add(span).ok()
}

pub fn add_days(date: Date, days: i64) -> Option<Date> {
    let span = Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

/// Whole days from `other` to `date`.
pub fn days_between(date: Date, other: Date) -> i64 {
    date.duration_since(other).as_secs() / 86_400
}

/// Date plus a days-and-time duration: the date part of midnight plus the
/// duration.
pub fn date_add_days_time(date: Date, duration: DaysTime) -> Option<Date> {
    Some(
        DateTime::from_date(date)
            .add_days_time(duration)?
            .local
            .date(),
    )
}

/// Whole months from `from` to `to` (negative when `to` is earlier), as
/// `years and months duration(from, to)` counts them.
pub fn months_between(from: civil::DateTime, to: civil::DateTime) -> i64 {
    let raw = (i64::from(to.year()) - i64::from(from.year())) * 12
        + (i64::from(to.month()) - i64::from(from.month()));
    // Only the dates count: the time of day does not make a month
    // incomplete, as the TCK and the other implementations agree.
    let from_rest = from.day();
    let to_rest = to.day();
    if raw > 0 && to_rest < from_rest {
        raw - 1
    } else if raw < 0 && to_rest > from_rest {
        raw + 1
    } else {
        raw
    }
}

impl DaysTime {
    pub fn from_seconds(seconds: i64) -> DaysTime {
        DaysTime {
            nanos: i128::from(seconds) * NANOS_PER_SECOND,
        }
    }

    pub fn days(self) -> i128 {
        self.nanos / NANOS_PER_DAY
    }

    pub fn hours(self) -> i128 {
        self.nanos % NANOS_PER_DAY / NANOS_PER_HOUR
    }

    pub fn minutes(self) -> i128 {
        self.nanos % NANOS_PER_HOUR / NANOS_PER_MINUTE
    }

    /// The seconds component, with its fraction.
    pub fn seconds(self) -> Number {
        let nanos = self.nanos % NANOS_PER_MINUTE;
        nanos_to_seconds(nanos)
    }

    /// The whole duration in seconds, with its fraction.
    pub fn total_seconds(self) -> Number {
        nanos_to_seconds(self.nanos)
    }

    /// Multiplies by a number, rounding to whole nanoseconds.
    pub fn checked_mul(self, factor: Number) -> Option<DaysTime> {
        let nanos = Number::from_i128(self.nanos)?.checked_mul(factor)?;
        Some(DaysTime {
            nanos: nanos.round(0, RoundingMode::HalfEven)?.to_i128()?,
        })
    }

    pub fn checked_div(self, divisor: Number) -> Option<DaysTime> {
        let nanos = Number::from_i128(self.nanos)?.checked_div(divisor)?;
        Some(DaysTime {
            nanos: nanos.round(0, RoundingMode::HalfEven)?.to_i128()?,
        })
    }

    /// How many times `other` fits into this duration, exactly.
    pub fn ratio(self, other: DaysTime) -> Option<Number> {
        Number::from_i128(self.nanos)?.checked_div(Number::from_i128(other.nanos)?)
    }
}

fn nanos_to_seconds(nanos: i128) -> Number {
    let n = Number::from_i128(nanos).unwrap_or(Number::ZERO);
    n.checked_div(Number::from_i64(1_000_000_000))
        .map_or(Number::ZERO, Number::without_trailing_zeros_in_fraction)
}

impl YearsMonths {
    pub fn years(self) -> i64 {
        self.months / 12
    }

    /// The months component after whole years are taken out.
    pub fn months_part(self) -> i64 {
        self.months % 12
    }

    /// Multiplies by a number; a fraction of a month is dropped, as the
    /// duration counts whole months.
    pub fn checked_mul(self, factor: Number) -> Option<YearsMonths> {
        let months = Number::from_i64(self.months).checked_mul(factor)?;
        Some(YearsMonths {
            months: months.round(0, RoundingMode::Down)?.to_i64()?,
        })
    }

    pub fn checked_div(self, divisor: Number) -> Option<YearsMonths> {
        let months = Number::from_i64(self.months).checked_div(divisor)?;
        Some(YearsMonths {
            months: months.round(0, RoundingMode::Down)?.to_i64()?,
        })
    }

    pub fn ratio(self, other: YearsMonths) -> Option<Number> {
        Number::from_i64(self.months).checked_div(Number::from_i64(other.months))
    }
}

// ---------------------------------------------------------------------------
// Calendar facts for the built-in functions
// ---------------------------------------------------------------------------

pub fn weekday_number(date: Date) -> i64 {
    i64::from(date.weekday().to_monday_one_offset())
}

pub fn weekday_name(date: Date) -> &'static str {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    NAMES[usize::try_from(weekday_number(date) - 1).unwrap_or(0)]
}

pub fn month_name(date: Date) -> &'static str {
    const NAMES: [&str; 12] = [
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
    NAMES[usize::try_from(date.month() - 1).unwrap_or(0)]
}

/// The ISO 8601 week number (weeks start on Monday; week 1 holds the
/// year's first Thursday).
pub fn iso_week(date: Date) -> i64 {
    i64::from(date.iso_week_date().week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    #[test]
    fn a_month_after_the_31st_of_january_is_the_end_of_february() {
        assert_eq!(add_months(date("2026-01-31"), 1), Some(date("2026-02-28")));
        assert_eq!(add_months(date("2024-01-31"), 1), Some(date("2024-02-29")));
        assert_eq!(add_months(date("2024-03-31"), -1), Some(date("2024-02-29")));
    }

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-01T",
            "01.01.2026",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn durations_are_normalised_when_printed() {
        let print = |text: &str| parse_duration(text).unwrap().to_string();
        assert_eq!(print("P14M"), "P1Y2M");
        assert_eq!(print("PT26H"), "P1DT2H");
        assert_eq!(print("P0D"), "PT0S");
        assert_eq!(print("-P1Y"), "-P1Y");
        assert_eq!(print("PT90.50S"), "PT1M30.5S");
        assert_eq!(print("P2W"), "P14D");
        assert_eq!(print("P0Y"), "P0M");
    }

    #[test]
    fn mixed_and_malformed_durations_are_refused() {
        for text in ["P", "PT", "P1M2D", "P1H", "1D", "P1.5D", "PT1S2M", "P1DT"] {
            assert_eq!(parse_duration(text), None, "{text}");
        }
    }

    #[test]
    fn times_with_offsets_compare_as_instants() {
        let a = parse_time("10:30:00+02:00").unwrap();
        let b = parse_time("08:30:00Z").unwrap();
        assert_eq!(a.compare(&b), Some(Ordering::Equal));
        let local = parse_time("08:30:00").unwrap();
        assert_eq!(local.compare(&b), None);
    }

    #[test]
    fn date_times_in_named_zones_resolve_daylight_saving_time() {
        let summer = parse_date_time("2018-10-08T00:00:00@Europe/Paris").unwrap();
        let offset = parse_date_time("2018-10-08T00:00:00+02:00").unwrap();
        assert_eq!(summer.compare(&offset), Some(Ordering::Equal));
        assert_eq!(summer.offset_seconds(), Some(7200));
    }

    #[test]
    fn fractional_seconds_are_kept_and_printed_minimally() {
        let t = parse_time("10:30:00.0001").unwrap();
        assert_eq!(t.to_string(), "10:30:00.0001");
        assert_eq!(parse_time("24:00:00").unwrap().to_string(), "00:00:00");
    }

    #[test]
    fn whole_months_between_dates_ignore_an_incomplete_last_month() {
        let at = |text: &str| parse_date_time(text).unwrap().local;
        assert_eq!(months_between(at("2011-12-22"), at("2013-08-24")), 20);
        assert_eq!(months_between(at("2013-08-24"), at("2011-12-22")), -20);
        assert_eq!(months_between(at("2015-01-21"), at("2016-01-20")), 11);
    }

    #[test]
    fn days_time_multiplication_rounds_to_nanoseconds() {
        let d = DaysTime::from_seconds(1);
        assert_eq!(
            d.checked_mul(Number::from_i64(3)).unwrap(),
            DaysTime::from_seconds(3)
        );
        let third = d.checked_div(Number::from_i64(3)).unwrap();
        assert_eq!(third.nanos, 333_333_333);
    }

    #[test]
    fn week_of_year_follows_iso_8601() {
        assert_eq!(iso_week(date("2019-12-30")), 1);
        assert_eq!(iso_week(date("2021-01-03")), 53);
        assert_eq!(weekday_name(date("2026-02-07")), "Saturday");
        assert_eq!(month_name(date("2026-02-07")), "February");
    }
}
