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

    let days_after_22_march = epact + to_sunday - 7 * late_correction;
    Date::new(year, 3, 22)
        .ok()?
        .checked_add(jiff::Span::new().days(days_after_22_march))
        .ok()
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
    fn easter_is_unknown_for_years_a_date_cannot_hold() {
        assert_eq!(easter_sunday(10_000), None);
        assert_eq!(easter_sunday(-10_000), None);
    }
}
