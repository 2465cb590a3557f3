//! Legal calendar: the public holidays of the German federal states and the
//! end of legal deadlines (§ 31 `VwVfG` with §§ 187 to 193 BGB).
//!
//! The simulation engine and the platform compute deadline dates with
//! [`deadline_end`]; the linter checks deadline durations in models with
//! [`DeadlineDuration`]'s parser; `ozg deadline` shows both to people.
//! The rules, their sources and their limits are described in
//! `docs/deadlines.md`.

mod deadline;
mod duration;
mod easter;
mod holidays;
mod messages;
mod state;

pub use deadline::{
    DayCount, DeadlineEnd, DeadlineError, SkipReason, SkippedDay, UnknownDayCount, deadline_end,
};
pub use duration::{DeadlineDuration, DurationError, DurationProblem};
pub use easter::easter_sunday;
pub use holidays::{Holiday, VERIFIED_YEARS, holiday_on, holidays, is_working_day};
pub use messages::{duration_in_words, weekday_name};
pub use state::{State, UnknownState};
