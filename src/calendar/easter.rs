//! Easter Sunday in the Gregorian calendar.
//!
//! Five of Germany's public holidays hang on Easter (Good Friday, Easter
//! Monday, Ascension, Whit Monday, Corpus Christi). The date follows the
//! Gregorian computus; this is the arithmetic form published by Meeus
//! ("anonymous Gregorian algorithm"), which is exact for every Gregorian
//! year and needs no tables.

use jiff::civil::Date;

/// Easter Sunday of `year`, or `None` for a year that
/// [`jiff::civil::Date`] cannot hold (outside -9999 to 9999).
///
/// Years before the Gregorian reform (1583) get the date the Gregorian rules
/// would give, which is not what the Church observed then.
pub fn easter_sunday(year: i16) -> Option<Date> {
    // 114 = 3 * 31 + 21 turns the count from 22 March into a month (3 or 4)
    // and a day.
    let from_22_march = days_from_22_march(year) + 114;
    let month = i8::try_from(from_22_march / 31).ok()?;
    let day = i8::try_from(from_22_march % 31 + 1).ok()?;
    Date::new(year, month, day).ok()
}

/// The day of the year (1 = 1 January) of Easter Sunday in `year`.
///
/// Pure arithmetic, for callers that only compare days of the year and
/// would otherwise build a date for every question.
pub(crate) fn easter_day_of_year(year: i16) -> i16 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    // 22 March is day 81 of a common year. The count is at most 34, so it
    // fits.
    81 + i16::from(leap) + i16::try_from(days_from_22_march(year)).unwrap_or(0)
}

/// Days from 22 March to Easter Sunday: 0 to 34.
fn days_from_22_march(year: i16) -> i32 {
    let y = i32::from(year);

    // Position of the year in the 19-year lunar (Metonic) cycle. Euclidean
    // division keeps every intermediate value in range for negative years.
    let golden = y.rem_euclid(19);
    let century = y.div_euclid(100);
    let year_of_century = y.rem_euclid(100);

    // Gregorian corrections: leap days dropped in century years, and the
    // moon's drift against the Metonic cycle.
    let skipped_leap_days = century.div_euclid(4);
    let leap_remainder = century.rem_euclid(4);
    let moon_correction = (century + 8).div_euclid(25);
    let moon_shift = (century - moon_correction + 1).div_euclid(3);

    // Days from 21 March to the paschal full moon.
    let epact = (19 * golden + century - skipped_leap_days - moon_shift + 15).rem_euclid(30);

    // Days from the full moon to the following Sunday.
    let quarter = year_of_century / 4;
    let year_remainder = year_of_century % 4;
    let to_sunday = (32 + 2 * leap_remainder + 2 * quarter - epact - year_remainder).rem_euclid(7);

    // Moves the rare late full moons a week earlier so that Easter never
    // falls after 25 April.
    let late_correction = (golden + 11 * epact + 22 * to_sunday) / 451;

    epact + to_sunday - 7 * late_correction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_falls_on_a_sunday_between_22_march_and_25_april_in_every_year() {
        for year in 1583..=9999 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter.weekday(), jiff::civil::Weekday::Sunday, "{easter}");
            assert!(easter >= Date::constant(year, 3, 22), "{easter}");
            assert!(easter <= Date::constant(year, 4, 25), "{easter}");
        }
    }

    #[test]
    fn the_day_of_year_of_easter_matches_its_date() {
        for year in 1583..=9999 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter_day_of_year(year), easter.day_of_year(), "{easter}");
        }
    }

    #[test]
    fn easter_is_unknown_for_years_a_date_cannot_hold() {
        assert_eq!(easter_sunday(10_000), None);
        assert_eq!(easter_sunday(-10_000), None);
    }
}
