//! Public holidays of the sixteen federal states, with their history.
//!
//! Apart from German Unity Day, which a federal treaty fixes, public
//! holidays are the states' business: each state's holiday law
//! (Feiertagsgesetz) lists its days, and the lists have changed over time.
//! The table below records each holiday with the states and the years in
//! which a law made it one; [`holidays`] evaluates it for one state and
//! year. The table was written from the laws and checked year by year for
//! 1995 to 2035 ([`VERIFIED_YEARS`]): 1995 is the first year without
//! Repentance Day outside Saxony, and no law is known to change the list
//! before 2035.
//!
//! Holidays that hold only in some municipalities of a state (Corpus
//! Christi in parts of Saxony and Thuringia, Assumption Day in Bavarian
//! municipalities with a Catholic majority, the Peace Festival in Augsburg)
//! are not in the table: a state code cannot tell them apart. See
//! `docs/limits.md`.

use std::ops::RangeInclusive;

use jiff::civil::{Date, Weekday};

use super::easter::{easter_day_of_year, easter_sunday};
use super::state::State;

/// The years for which the holiday table has been checked against the
/// states' laws. Other years are computed by the same table: the law as it
/// stands, carried forward and back, which misses changes made before 1995
/// (Repentance Day was a holiday in every state until 1994) or after 2035.
pub const VERIFIED_YEARS: RangeInclusive<i16> = 1995..=2035;

/// A public holiday: a date and the holiday's German name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Holiday {
    pub date: Date,
    /// The name as the holiday laws and calendars write it, e.g.
    /// `"Tag der Deutschen Einheit"`.
    pub name: &'static str,
}

/// The public holidays of `state` in `year`, in date order.
///
/// Two holidays may share a date (Ascension Day fell on 1 May in 2008);
/// both are listed. A year that [`jiff::civil::Date`] cannot hold has no
/// holidays. Outside [`VERIFIED_YEARS`] the list is computed by the same
/// rules and may differ from the law of that year.
pub fn holidays(state: State, year: i16) -> Vec<Holiday> {
    let Some(easter) = easter_sunday(year) else {
        return Vec::new();
    };
    let mut found: Vec<Holiday> = RULES
        .iter()
        .filter(|rule| rule.applies(state, year))
        .filter_map(|rule| {
            let date = rule.day.date(year, easter)?;
            Some(Holiday {
                date,
                name: rule.name,
            })
        })
        .collect();
    found.sort_by_key(|holiday| holiday.date);
    found
}

/// The name of the public holiday of `state` on `date`, if it is one.
///
/// Where two holidays share the date, the one listed first in
/// [`holidays`] is named.
pub fn holiday_on(state: State, date: Date) -> Option<&'static str> {
    // Walks the table instead of building the year's list: deadline
    // arithmetic asks this for every day it counts. Table order matches the
    // order of `holidays` for holidays that share a date.
    let facts = DayFacts::of(date);
    RULES
        .iter()
        .filter(|rule| rule.applies(state, date.year()))
        .find(|rule| rule.day.falls_on(&facts))
        .map(|rule| rule.name)
}

/// Whether `date` is a working day in `state`: Monday to Friday and not a
/// public holiday there.
pub fn is_working_day(state: State, date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
        && holiday_on(state, date).is_none()
}

/// One line of a state holiday law: which day, in which states, in which
/// years.
struct Rule {
    name: &'static str,
    day: Day,
    states: u16,
    years: Years,
}

impl Rule {
    fn applies(&self, state: State, year: i16) -> bool {
        self.states & state.bit() != 0 && self.years.contain(year)
    }
}

/// How a holiday's date is found in a given year.
enum Day {
    Fixed {
        month: i8,
        day: i8,
    },
    /// Days after Easter Sunday; negative for days before it.
    Easter(i16),
    /// Repentance Day (Buß- und Bettag): the Wednesday before 23 November,
    /// i.e. the last Wednesday before the Sunday of the Dead.
    WednesdayBefore23November,
}

/// What the rules need to know about a date, worked out once so that
/// checking it against every rule compares numbers only. Deadlines ask for
/// every day they count, so this is the hot path.
struct DayFacts {
    month: i8,
    day: i8,
    weekday: Weekday,
    /// Days after Easter Sunday of the same year; negative before it.
    after_easter: i16,
}

impl DayFacts {
    fn of(date: Date) -> DayFacts {
        DayFacts {
            month: date.month(),
            day: date.day(),
            weekday: date.weekday(),
            after_easter: date.day_of_year() - easter_day_of_year(date.year()),
        }
    }
}

impl Day {
    fn falls_on(&self, facts: &DayFacts) -> bool {
        match *self {
            Day::Fixed { month, day } => facts.month == month && facts.day == day,
            // Every Easter-based holiday lies between March and June, so
            // the offset never crosses a year boundary.
            Day::Easter(offset) => facts.after_easter == offset,
            Day::WednesdayBefore23November => {
                facts.month == 11
                    && (16..=22).contains(&facts.day)
                    && facts.weekday == Weekday::Wednesday
            }
        }
    }

    fn date(&self, year: i16, easter: Date) -> Option<Date> {
        match *self {
            Day::Fixed { month, day } => Date::new(year, month, day).ok(),
            Day::Easter(offset) => easter.checked_add(jiff::Span::new().days(offset)).ok(),
            Day::WednesdayBefore23November => {
                let reference = Date::new(year, 11, 23).ok()?;
                reference.nth_weekday(-1, Weekday::Wednesday).ok()
            }
        }
    }
}

/// The years in which a rule holds.
enum Years {
    /// Every year of [`VERIFIED_YEARS`] (and, with the caveat stated there,
    /// beyond).
    Always,
    /// From this year on.
    From(i16),
    /// In these years only: holidays declared once, for an anniversary.
    Only(&'static [i16]),
}

impl Years {
    fn contain(&self, year: i16) -> bool {
        match *self {
            Years::Always => true,
            Years::From(first) => year >= first,
            Years::Only(years) => years.contains(&year),
        }
    }
}

const fn states(list: &[State]) -> u16 {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= list[i].bit();
        i += 1;
    }
    bits
}

const EVERY_STATE: u16 = states(&State::ALL);

use State::{BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH};

/// The holidays of all states, roughly in calendar order so that holidays
/// sharing a date come out in a stable order.
///
/// Easter Sunday and Whit Sunday are listed only where a state's law names
/// them (Brandenburg); elsewhere they are Sundays, which every holiday law
/// protects as such. Either way no deadline can end on them.
const RULES: &[Rule] = &[
    Rule {
        name: "Neujahr",
        day: Day::Fixed { month: 1, day: 1 },
        states: EVERY_STATE,
        years: Years::Always,
    },
    Rule {
        name: "Heilige Drei Könige",
        day: Day::Fixed { month: 1, day: 6 },
        states: states(&[BW, BY, ST]),
        years: Years::Always,
    },
    // Berlin amended its holiday law in 2019, Mecklenburg-Vorpommern in
    // 2023 (first observed on 8 March of those years).
    Rule {
        name: "Internationaler Frauentag",
        day: Day::Fixed { month: 3, day: 8 },
        states: states(&[BE]),
        years: Years::From(2019),
    },
    Rule {
        name: "Internationaler Frauentag",
        day: Day::Fixed { month: 3, day: 8 },
        states: states(&[MV]),
        years: Years::From(2023),
    },
    Rule {
        name: "Karfreitag",
        day: Day::Easter(-2),
        states: EVERY_STATE,
        years: Years::Always,
    },
    Rule {
        name: "Ostersonntag",
        day: Day::Easter(0),
        states: states(&[BB]),
        years: Years::Always,
    },
    Rule {
        name: "Ostermontag",
        day: Day::Easter(1),
        states: EVERY_STATE,
        years: Years::Always,
    },
    Rule {
        name: "Tag der Arbeit",
        day: Day::Fixed { month: 5, day: 1 },
        states: EVERY_STATE,
        years: Years::Always,
    },
    // Berlin declared the 75th and the 80th anniversary of the end of the
    // Second World War in Europe holidays, each for that year only (laws of
    // 2019 and 2024).
    Rule {
        name: "Tag der Befreiung",
        day: Day::Fixed { month: 5, day: 8 },
        states: states(&[BE]),
        years: Years::Only(&[2020, 2025]),
    },
    Rule {
        name: "Christi Himmelfahrt",
        day: Day::Easter(39),
        states: EVERY_STATE,
        years: Years::Always,
    },
    Rule {
        name: "Pfingstsonntag",
        day: Day::Easter(49),
        states: states(&[BB]),
        years: Years::Always,
    },
    Rule {
        name: "Pfingstmontag",
        day: Day::Easter(50),
        states: EVERY_STATE,
        years: Years::Always,
    },
    // Declared together with 8 May 2025, for the 75th anniversary of the
    // uprising in the GDR; it falls on a Saturday.
    Rule {
        name: "75. Jahrestag des Volksaufstandes vom 17. Juni 1953",
        day: Day::Fixed { month: 6, day: 17 },
        states: states(&[BE]),
        years: Years::Only(&[2028]),
    },
    // Also a holiday in some Catholic municipalities of Saxony and
    // Thuringia; those are out of scope (see the module comment).
    Rule {
        name: "Fronleichnam",
        day: Day::Easter(60),
        states: states(&[BW, BY, HE, NW, RP, SL]),
        years: Years::Always,
    },
    // In Bavaria a holiday only in municipalities with a Catholic majority,
    // so it is not a holiday of the state as a whole (see the module
    // comment).
    Rule {
        name: "Mariä Himmelfahrt",
        day: Day::Fixed { month: 8, day: 15 },
        states: states(&[SL]),
        years: Years::Always,
    },
    // Thuringia amended its holiday law in 2019.
    Rule {
        name: "Weltkindertag",
        day: Day::Fixed { month: 9, day: 20 },
        states: states(&[TH]),
        years: Years::From(2019),
    },
    Rule {
        name: "Tag der Deutschen Einheit",
        day: Day::Fixed { month: 10, day: 3 },
        states: EVERY_STATE,
        years: Years::Always,
    },
    // The five eastern states have kept Reformation Day since 1990. Bremen,
    // Hamburg, Lower Saxony and Schleswig-Holstein made it a holiday by
    // laws of 2018. For the 500th anniversary of the Reformation in 2017
    // every other state declared it a holiday for that year only.
    Rule {
        name: "Reformationstag",
        day: Day::Fixed { month: 10, day: 31 },
        states: states(&[BB, MV, SN, ST, TH]),
        years: Years::Always,
    },
    Rule {
        name: "Reformationstag",
        day: Day::Fixed { month: 10, day: 31 },
        states: states(&[HB, HH, NI, SH]),
        years: Years::From(2018),
    },
    Rule {
        name: "Reformationstag",
        day: Day::Fixed { month: 10, day: 31 },
        states: states(&[BW, BY, BE, HB, HH, HE, NI, NW, RP, SL, SH]),
        years: Years::Only(&[2017]),
    },
    Rule {
        name: "Allerheiligen",
        day: Day::Fixed { month: 11, day: 1 },
        states: states(&[BW, BY, NW, RP, SL]),
        years: Years::Always,
    },
    // Abolished everywhere else from 1995 to fund the long-term care
    // insurance; Saxony kept it.
    Rule {
        name: "Buß- und Bettag",
        day: Day::WednesdayBefore23November,
        states: states(&[SN]),
        years: Years::Always,
    },
    Rule {
        name: "1. Weihnachtsfeiertag",
        day: Day::Fixed { month: 12, day: 25 },
        states: EVERY_STATE,
        years: Years::Always,
    },
    Rule {
        name: "2. Weihnachtsfeiertag",
        day: Day::Fixed { month: 12, day: 26 },
        states: EVERY_STATE,
        years: Years::Always,
    },
];
