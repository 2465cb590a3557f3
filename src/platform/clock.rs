//! The platform's clock, and what "today" means for it.
//!
//! Versions take effect and cases are dated by the calendar day in German
//! time (Europe/Berlin, with summer time), whatever zone the server runs
//! in. The time zone rules are compiled into the binary, so a server
//! without a system time zone database still switches at German midnight.
//!
//! For tests and demonstrations the clock can be fixed (`--now`) or set
//! over the API (`--test-clock`); a fixed or test clock does not move by
//! itself.

use std::sync::RwLock;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// How the clock tells the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    /// The system clock.
    System,
    /// A time given at start (`--now`); cannot be changed.
    Fixed,
    /// A time that the admin API may set (`--test-clock`).
    Test,
}

impl ClockMode {
    pub fn name(self) -> &'static str {
        match self {
            ClockMode::System => "system",
            ClockMode::Fixed => "fixed",
            ClockMode::Test => "test",
        }
    }
}

#[derive(Debug)]
pub struct Clock {
    mode: ClockMode,
    set: RwLock<Option<Timestamp>>,
    zone: TimeZone,
}

/// Why the German time zone is not available: only when the binary was
/// built without its bundled time zone database.
#[derive(Debug, thiserror::Error)]
#[error("the time zone Europe/Berlin is not known to this build: {0}")]
pub struct ZoneError(String);

impl Clock {
    /// A clock in `mode`; `start` is the time for a fixed or test clock
    /// (a test clock without one starts at the system time).
    pub fn new(mode: ClockMode, start: Option<Timestamp>) -> Result<Clock, ZoneError> {
        let zone = berlin()?;
        let set = match mode {
            ClockMode::System => None,
            ClockMode::Fixed | ClockMode::Test => Some(start.unwrap_or_else(Timestamp::now)),
        };
        Ok(Clock {
            mode,
            set: RwLock::new(set),
            zone,
        })
    }

    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    pub fn now(&self) -> Timestamp {
        let set = *self
            .set
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        set.unwrap_or_else(Timestamp::now)
    }

    /// Today in German time.
    pub fn today(&self) -> Date {
        self.date_of(self.now())
    }

    /// The German calendar day of an instant.
    pub fn date_of(&self, at: Timestamp) -> Date {
        self.zone.to_datetime(at).date()
    }

    /// Sets a test clock. Returns `false` (and changes nothing) for any
    /// other kind of clock.
    pub fn set(&self, at: Timestamp) -> bool {
        if self.mode != ClockMode::Test {
            return false;
        }
        *self
            .set
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(at);
        true
    }
}

/// The German time zone.
pub fn berlin() -> Result<TimeZone, ZoneError> {
    TimeZone::get("Europe/Berlin").map_err(|e| ZoneError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock_at(at: &str) -> Clock {
        Clock::new(ClockMode::Fixed, Some(at.parse().unwrap())).unwrap()
    }

    #[test]
    fn german_day_starts_at_23_utc_in_winter() {
        assert_eq!(
            clock_at("2026-01-31T22:59:59Z").today(),
            "2026-01-31".parse::<Date>().unwrap()
        );
        assert_eq!(
            clock_at("2026-01-31T23:00:00Z").today(),
            "2026-02-01".parse::<Date>().unwrap()
        );
    }

    #[test]
    fn german_day_starts_at_22_utc_in_summer() {
        assert_eq!(
            clock_at("2026-07-31T21:59:59Z").today(),
            "2026-07-31".parse::<Date>().unwrap()
        );
        assert_eq!(
            clock_at("2026-07-31T22:00:00Z").today(),
            "2026-08-01".parse::<Date>().unwrap()
        );
    }

    #[test]
    fn only_a_test_clock_can_be_set() {
        let fixed = clock_at("2026-01-01T12:00:00Z");
        assert!(!fixed.set("2027-01-01T12:00:00Z".parse().unwrap()));
        assert_eq!(fixed.today(), "2026-01-01".parse::<Date>().unwrap());
        let test = Clock::new(
            ClockMode::Test,
            Some("2026-01-01T12:00:00Z".parse().unwrap()),
        )
        .unwrap();
        assert!(test.set("2027-01-01T12:00:00Z".parse().unwrap()));
        assert_eq!(test.today(), "2027-01-01".parse::<Date>().unwrap());
    }
}
