//! The public holidays of each federal state, checked against the states'
//! holiday laws: full lists for 2025, the years in which holidays were
//! introduced or held once, and their absence before.

use jiff::civil::Date;
use ozg::calendar::{State, easter_sunday, holiday_on, holidays, is_working_day};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// Checks each `(date, expected holiday name or None)` and reports every
/// mismatch at once, so one run shows the whole picture.
fn check(state: State, cases: &[(&str, Option<&str>)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(day, expected)| {
            let actual = holiday_on(state, date(day));
            (actual != expected)
                .then(|| format!("{state} {day}: expected {expected:?}, got {actual:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The holidays that every state has had throughout, in 2025.
const COMMON_2025: [(&str, &str); 9] = [
    ("2025-01-01", "Neujahr"),
    ("2025-04-18", "Karfreitag"),
    ("2025-04-21", "Ostermontag"),
    ("2025-05-01", "Tag der Arbeit"),
    ("2025-05-29", "Christi Himmelfahrt"),
    ("2025-06-09", "Pfingstmontag"),
    ("2025-10-03", "Tag der Deutschen Einheit"),
    ("2025-12-25", "1. Weihnachtsfeiertag"),
    ("2025-12-26", "2. Weihnachtsfeiertag"),
];

fn assert_full_year_2025(state: State, own: &[(&str, &str)]) {
    let mut expected: Vec<(Date, &str)> = COMMON_2025
        .iter()
        .chain(own)
        .map(|&(day, name)| (date(day), name))
        .collect();
    expected.sort();
    let actual: Vec<(Date, &str)> = holidays(state, 2025)
        .into_iter()
        .map(|holiday| (holiday.date, holiday.name))
        .collect();
    assert_eq!(actual, expected, "holidays of {state} in 2025");
}

#[test]
fn easter_sunday_matches_the_church_calendar() {
    let known = [
        (1995, "1995-04-16"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2017, "2017-04-16"),
        (2018, "2018-04-01"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2035, "2035-03-25"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ];
    for (year, expected) in known {
        assert_eq!(easter_sunday(year), Some(date(expected)), "Easter {year}");
    }
}

#[test]
fn baden_wuerttemberg_has_epiphany_corpus_christi_and_all_saints() {
    assert_full_year_2025(
        State::BW,
        &[
            ("2025-01-06", "Heilige Drei Könige"),
            ("2025-06-19", "Fronleichnam"),
            ("2025-11-01", "Allerheiligen"),
        ],
    );
    check(
        State::BW,
        &[
            ("1995-01-06", Some("Heilige Drei Könige")),
            ("2019-06-20", Some("Fronleichnam")),
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
            ("2019-08-15", None),
            ("1995-11-22", None),
        ],
    );
}

#[test]
fn bavaria_has_epiphany_corpus_christi_and_all_saints_but_not_assumption_statewide() {
    assert_full_year_2025(
        State::BY,
        &[
            ("2025-01-06", "Heilige Drei Könige"),
            ("2025-06-19", "Fronleichnam"),
            ("2025-11-01", "Allerheiligen"),
        ],
    );
    check(
        State::BY,
        &[
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
            // Only in municipalities with a Catholic majority: out of scope.
            ("2024-08-15", None),
            // Augsburg's Peace Festival: out of scope.
            ("2024-08-08", None),
            ("1995-11-22", None),
            ("2024-11-20", None),
        ],
    );
}

#[test]
fn berlin_has_womens_day_from_2019_and_its_one_off_anniversaries() {
    assert_full_year_2025(
        State::BE,
        &[
            ("2025-03-08", "Internationaler Frauentag"),
            ("2025-05-08", "Tag der Befreiung"),
        ],
    );
    check(
        State::BE,
        &[
            ("2018-03-08", None),
            ("2019-03-08", Some("Internationaler Frauentag")),
            ("2024-03-08", Some("Internationaler Frauentag")),
            ("2019-05-08", None),
            ("2020-05-08", Some("Tag der Befreiung")),
            ("2024-05-08", None),
            ("2025-05-08", Some("Tag der Befreiung")),
            ("2026-05-08", None),
            ("2030-05-08", None),
            ("2027-06-17", None),
            (
                "2028-06-17",
                Some("75. Jahrestag des Volksaufstandes vom 17. Juni 1953"),
            ),
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
        ],
    );
}

#[test]
fn brandenburg_has_reformation_day_throughout_and_names_easter_and_whit_sunday() {
    assert_full_year_2025(
        State::BB,
        &[
            ("2025-04-20", "Ostersonntag"),
            ("2025-06-08", "Pfingstsonntag"),
            ("2025-10-31", "Reformationstag"),
        ],
    );
    check(
        State::BB,
        &[
            ("1995-10-31", Some("Reformationstag")),
            ("2016-10-31", Some("Reformationstag")),
            ("2026-04-05", Some("Ostersonntag")),
            ("2026-05-24", Some("Pfingstsonntag")),
            ("2020-05-08", None),
            ("2026-03-08", None),
            ("2026-11-18", None),
        ],
    );
}

#[test]
fn bremen_has_reformation_day_in_2017_and_from_2018() {
    assert_full_year_2025(State::HB, &[("2025-10-31", "Reformationstag")]);
    check(
        State::HB,
        &[
            ("1995-10-31", None),
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", Some("Reformationstag")),
            ("2035-10-31", Some("Reformationstag")),
            ("2019-11-01", None),
        ],
    );
}

#[test]
fn hamburg_has_reformation_day_in_2017_and_from_2018() {
    assert_full_year_2025(State::HH, &[("2025-10-31", "Reformationstag")]);
    check(
        State::HH,
        &[
            ("2015-10-31", None),
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", Some("Reformationstag")),
            ("2022-10-31", Some("Reformationstag")),
        ],
    );
}

#[test]
fn hesse_has_corpus_christi_and_no_named_sundays() {
    assert_full_year_2025(State::HE, &[("2025-06-19", "Fronleichnam")]);
    check(
        State::HE,
        &[
            ("2019-06-20", Some("Fronleichnam")),
            // Sundays are holidays by § 1 HFeiertagsG as Sundays, not by name.
            ("2019-04-21", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
            ("2019-11-01", None),
        ],
    );
}

#[test]
fn mecklenburg_vorpommern_has_reformation_day_and_womens_day_from_2023() {
    assert_full_year_2025(
        State::MV,
        &[
            ("2025-03-08", "Internationaler Frauentag"),
            ("2025-10-31", "Reformationstag"),
        ],
    );
    check(
        State::MV,
        &[
            ("2019-03-08", None),
            ("2022-03-08", None),
            ("2023-03-08", Some("Internationaler Frauentag")),
            ("2024-03-08", Some("Internationaler Frauentag")),
            ("1995-10-31", Some("Reformationstag")),
            ("2016-10-31", Some("Reformationstag")),
        ],
    );
}

#[test]
fn lower_saxony_has_reformation_day_in_2017_and_from_2018() {
    assert_full_year_2025(State::NI, &[("2025-10-31", "Reformationstag")]);
    check(
        State::NI,
        &[
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", Some("Reformationstag")),
            ("2019-10-31", Some("Reformationstag")),
            ("2019-11-01", None),
            ("2019-06-20", None),
        ],
    );
}

#[test]
fn north_rhine_westphalia_has_corpus_christi_and_all_saints() {
    assert_full_year_2025(
        State::NW,
        &[
            ("2025-06-19", "Fronleichnam"),
            ("2025-11-01", "Allerheiligen"),
        ],
    );
    check(
        State::NW,
        &[
            ("2019-06-20", Some("Fronleichnam")),
            ("2019-11-01", Some("Allerheiligen")),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
            ("2019-01-06", None),
        ],
    );
}

#[test]
fn rhineland_palatinate_has_corpus_christi_and_all_saints() {
    assert_full_year_2025(
        State::RP,
        &[
            ("2025-06-19", "Fronleichnam"),
            ("2025-11-01", "Allerheiligen"),
        ],
    );
    check(
        State::RP,
        &[
            ("2023-06-08", Some("Fronleichnam")),
            ("2023-11-01", Some("Allerheiligen")),
            ("2017-10-31", Some("Reformationstag")),
            ("2023-10-31", None),
        ],
    );
}

#[test]
fn saarland_has_corpus_christi_assumption_and_all_saints() {
    assert_full_year_2025(
        State::SL,
        &[
            ("2025-06-19", "Fronleichnam"),
            ("2025-08-15", "Mariä Himmelfahrt"),
            ("2025-11-01", "Allerheiligen"),
        ],
    );
    check(
        State::SL,
        &[
            ("1995-08-15", Some("Mariä Himmelfahrt")),
            ("2024-08-15", Some("Mariä Himmelfahrt")),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", None),
        ],
    );
}

#[test]
fn saxony_has_reformation_day_and_repentance_day_but_not_corpus_christi_statewide() {
    assert_full_year_2025(
        State::SN,
        &[
            ("2025-10-31", "Reformationstag"),
            ("2025-11-19", "Buß- und Bettag"),
        ],
    );
    check(
        State::SN,
        &[
            ("1995-11-22", Some("Buß- und Bettag")),
            // 23 November 2022 is a Wednesday: Repentance Day is the one before.
            ("2022-11-16", Some("Buß- und Bettag")),
            ("2022-11-23", None),
            ("2035-11-21", Some("Buß- und Bettag")),
            ("2016-10-31", Some("Reformationstag")),
            // Only in some Sorbian municipalities: out of scope.
            ("2019-06-20", None),
            ("2019-09-20", None),
        ],
    );
}

#[test]
fn saxony_anhalt_has_epiphany_and_reformation_day() {
    assert_full_year_2025(
        State::ST,
        &[
            ("2025-01-06", "Heilige Drei Könige"),
            ("2025-10-31", "Reformationstag"),
        ],
    );
    check(
        State::ST,
        &[
            ("1995-01-06", Some("Heilige Drei Könige")),
            ("2022-01-06", Some("Heilige Drei Könige")),
            ("2016-10-31", Some("Reformationstag")),
            ("2019-06-20", None),
        ],
    );
}

#[test]
fn schleswig_holstein_has_reformation_day_in_2017_and_from_2018() {
    assert_full_year_2025(State::SH, &[("2025-10-31", "Reformationstag")]);
    check(
        State::SH,
        &[
            ("2012-10-31", None),
            ("2016-10-31", None),
            ("2017-10-31", Some("Reformationstag")),
            ("2018-10-31", Some("Reformationstag")),
            ("2035-10-31", Some("Reformationstag")),
        ],
    );
}

#[test]
fn thuringia_has_reformation_day_and_world_childrens_day_from_2019() {
    assert_full_year_2025(
        State::TH,
        &[
            ("2025-09-20", "Weltkindertag"),
            ("2025-10-31", "Reformationstag"),
        ],
    );
    check(
        State::TH,
        &[
            ("2018-09-20", None),
            ("2019-09-20", Some("Weltkindertag")),
            ("2024-09-20", Some("Weltkindertag")),
            ("2016-10-31", Some("Reformationstag")),
            // Only in some Catholic municipalities: out of scope.
            ("2019-06-20", None),
        ],
    );
}

#[test]
fn reformation_day_2017_was_a_holiday_in_every_state() {
    for state in State::all() {
        assert_eq!(
            holiday_on(state, date("2017-10-31")),
            Some("Reformationstag"),
            "{state}"
        );
    }
}

#[test]
fn repentance_day_is_a_holiday_only_in_saxony_from_1995() {
    for year in 1995..=2035 {
        for holiday in State::all().flat_map(|state| {
            holidays(state, year)
                .into_iter()
                .map(move |holiday| (state, holiday))
        }) {
            if holiday.1.name == "Buß- und Bettag" {
                assert_eq!(holiday.0, State::SN, "{year}");
            }
        }
    }
}

#[test]
fn number_of_holidays_per_state_before_and_in_the_reformation_jubilee() {
    let expected_2016 = [12, 12, 9, 12, 9, 9, 10, 10, 9, 11, 11, 12, 11, 11, 9, 10];
    let expected_2017 = [
        13, 13, 10, 12, 10, 10, 11, 10, 10, 12, 12, 13, 11, 11, 10, 10,
    ];
    for (i, state) in State::all().enumerate() {
        assert_eq!(
            holidays(state, 2016).len(),
            expected_2016[i],
            "{state} 2016"
        );
        assert_eq!(
            holidays(state, 2017).len(),
            expected_2017[i],
            "{state} 2017"
        );
    }
}

#[test]
fn two_holidays_on_one_date_are_both_listed_and_the_first_is_named() {
    // In 2008 Easter fell on 23 March, so Ascension Day was 1 May.
    let on_1_may: Vec<&str> = holidays(State::BY, 2008)
        .into_iter()
        .filter(|holiday| holiday.date == date("2008-05-01"))
        .map(|holiday| holiday.name)
        .collect();
    assert_eq!(on_1_may, ["Tag der Arbeit", "Christi Himmelfahrt"]);
    assert_eq!(
        holiday_on(State::BY, date("2008-05-01")),
        Some("Tag der Arbeit")
    );
}

#[test]
fn holidays_come_in_date_order() {
    for state in State::all() {
        let dates: Vec<Date> = holidays(state, 2028).into_iter().map(|h| h.date).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted, "{state}");
    }
}

#[test]
fn a_year_beyond_the_calendar_has_no_holidays() {
    assert!(holidays(State::BY, 20_000).is_empty());
}

#[test]
fn working_days_are_weekdays_that_are_not_holidays() {
    assert!(is_working_day(State::NI, date("2026-03-02")));
    assert!(!is_working_day(State::NI, date("2026-02-28")), "Saturday");
    assert!(!is_working_day(State::NI, date("2026-03-01")), "Sunday");
    assert!(
        !is_working_day(State::NI, date("2026-10-03")),
        "holiday on a Saturday"
    );
    assert!(
        !is_working_day(State::BY, date("2026-01-06")),
        "Epiphany in Bavaria"
    );
    assert!(
        is_working_day(State::NI, date("2026-01-06")),
        "no Epiphany in Lower Saxony"
    );
}

#[test]
fn states_are_read_from_codes_iso_codes_and_names_in_any_case() {
    let cases = [
        ("BW", State::BW),
        ("bw", State::BW),
        ("DE-BW", State::BW),
        ("de-bw", State::BW),
        ("Bayern", State::BY),
        ("thüringen", State::TH),
        ("Nordrhein-Westfalen", State::NW),
        (" SH ", State::SH),
    ];
    for (text, expected) in cases {
        assert_eq!(text.parse::<State>(), Ok(expected), "{text:?}");
    }
}

#[test]
fn an_unknown_state_is_refused_with_the_list_of_codes() {
    let error = "XY".parse::<State>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"XY\" is not a German federal state. Use one of the codes BW, BY, BE, BB, HB, HH, HE, \
         MV, NI, NW, RP, SL, SN, ST, SH, TH (for example \"BY\" or \"DE-BY\" for Bayern)."
    );
}

#[test]
fn states_are_written_as_their_codes() {
    let written: Vec<String> = State::all().map(|state| state.to_string()).collect();
    assert_eq!(
        written,
        [
            "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST",
            "SH", "TH"
        ]
    );
}
