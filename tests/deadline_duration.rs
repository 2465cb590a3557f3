//! Reading deadline durations written as ISO 8601 durations.

use ozg::calendar::{DeadlineDuration, DurationProblem};

fn parts(text: &str) -> (u32, u32, u32, u32) {
    let duration: DeadlineDuration = text.parse().unwrap();
    (
        duration.years(),
        duration.months(),
        duration.weeks(),
        duration.days(),
    )
}

fn problem(text: &str) -> DurationProblem {
    text.parse::<DeadlineDuration>().unwrap_err().problem
}

fn message(text: &str) -> String {
    text.parse::<DeadlineDuration>().unwrap_err().to_string()
}

#[test]
fn single_units_are_read() {
    assert_eq!(parts("P14D"), (0, 0, 0, 14));
    assert_eq!(parts("P2W"), (0, 0, 2, 0));
    assert_eq!(parts("P3M"), (0, 3, 0, 0));
    assert_eq!(parts("P1Y"), (1, 0, 0, 0));
}

#[test]
fn combined_units_are_read() {
    assert_eq!(parts("P1Y2M10D"), (1, 2, 0, 10));
    assert_eq!(parts("P1Y2M3W4D"), (1, 2, 3, 4));
    assert_eq!(parts("P2W3D"), (0, 0, 2, 3));
}

#[test]
fn lower_case_letters_are_accepted() {
    assert_eq!(parts("p14d"), (0, 0, 0, 14));
}

#[test]
fn a_zero_part_next_to_others_is_accepted() {
    assert_eq!(parts("P0Y14D"), (0, 0, 0, 14));
}

#[test]
fn durations_are_written_in_iso_form_without_zero_parts() {
    for (text, written) in [
        ("P14D", "P14D"),
        ("p1y2m10d", "P1Y2M10D"),
        ("P0Y3M", "P3M"),
        ("P1Y2M3W4D", "P1Y2M3W4D"),
    ] {
        assert_eq!(
            text.parse::<DeadlineDuration>().unwrap().to_string(),
            written
        );
    }
}

#[test]
fn a_duration_of_no_length_cannot_be_built() {
    assert_eq!(DeadlineDuration::new(0, 0, 0, 0), None);
    assert!(DeadlineDuration::new(0, 0, 0, 1).is_some());
}

#[test]
fn each_wrong_duration_is_refused_with_its_own_problem() {
    let cases = [
        ("", DurationProblem::Empty),
        ("14D", DurationProblem::MissingP),
        ("-P14D", DurationProblem::Negative),
        ("P-14D", DurationProblem::Negative),
        ("P", DurationProblem::NoParts),
        ("PT24H", DurationProblem::TimePart),
        ("P1DT12H", DurationProblem::TimePart),
        ("P24H", DurationProblem::TimeUnit('H')),
        ("P1.5M", DurationProblem::Fraction),
        ("P1,5M", DurationProblem::Fraction),
        ("PD", DurationProblem::MissingNumber('D')),
        ("P14", DurationProblem::MissingUnit("14".to_owned())),
        ("P14X", DurationProblem::UnknownUnit('X')),
        ("P1D2D", DurationProblem::RepeatedUnit('D')),
        (
            "P1D2M",
            DurationProblem::UnitOutOfOrder {
                unit: 'M',
                after: 'D',
            },
        ),
        (
            "P99999999999D",
            DurationProblem::TooLarge("99999999999".to_owned()),
        ),
        ("P0D", DurationProblem::Zero),
        ("P0Y0M", DurationProblem::Zero),
        ("P 14D", DurationProblem::UnexpectedCharacter(' ')),
        ("P14D ", DurationProblem::UnexpectedCharacter(' ')),
    ];
    for (text, expected) in cases {
        assert_eq!(problem(text), expected, "{text:?}");
    }
}

#[test]
fn the_error_points_at_the_character_that_is_wrong() {
    let error = "P1Y2.5M".parse::<DeadlineDuration>().unwrap_err();
    assert_eq!(error.offset, 4);
    assert_eq!(error.column(), 5);
}

#[test]
fn a_time_part_is_refused_with_a_message_that_shows_days_instead() {
    assert_eq!(
        message("PT24H"),
        "\"PT24H\" is not a valid deadline duration: legal deadlines are counted in whole days, \
         so hours, minutes and seconds (the part from character 2 on) are not allowed. Write \
         days instead, for example \"P1D\" rather than \"PT24H\"."
    );
}

#[test]
fn a_missing_p_is_refused_with_the_corrected_value() {
    assert_eq!(
        message("14D"),
        "\"14D\" is not a valid deadline duration: a duration starts with the letter P (for \
         \"period\"). Write \"P14D\"."
    );
}

#[test]
fn a_negative_duration_is_refused_with_a_positive_example() {
    assert_eq!(
        message("-P14D"),
        "\"-P14D\" is not a valid deadline duration: a deadline cannot be negative. Write the \
         length without a minus sign, for example \"P14D\"."
    );
}

#[test]
fn an_empty_duration_is_refused_with_an_example() {
    assert_eq!(
        message(""),
        "The deadline duration is empty. Write it as an ISO 8601 duration, for example \"P14D\" \
         for 14 days."
    );
}

#[test]
fn a_fraction_is_refused_with_whole_numbers_as_example() {
    assert_eq!(
        message("P1.5M"),
        "\"P1.5M\" is not a valid deadline duration: fractions are not allowed (character 3); \
         deadlines are counted in whole days, weeks, months or years. Write whole numbers, for \
         example \"P1M15D\" rather than \"P1.5M\"."
    );
}

#[test]
fn units_out_of_order_are_refused_with_the_right_order() {
    assert_eq!(
        message("P1D2M"),
        "\"P1D2M\" is not a valid deadline duration: the unit \"M\" at character 5 comes after \
         \"D\", but units must come in the order Y, M, W, D, for example \"P1Y2M3W4D\"."
    );
}

#[test]
fn a_number_without_unit_is_refused_with_a_suggestion() {
    assert_eq!(
        message("P14"),
        "\"P14\" is not a valid deadline duration: the number 14 at character 2 has no unit \
         after it. Add Y (years), M (months), W (weeks) or D (days), for example \"P14D\"."
    );
}

#[test]
fn durations_are_read_from_and_written_to_model_files() {
    #[derive(serde::Deserialize, serde::Serialize)]
    struct Step {
        within: DeadlineDuration,
    }
    let step: Step = toml::from_str("within = \"P2W3D\"").unwrap();
    assert_eq!(step.within.to_string(), "P2W3D");
    assert_eq!(toml::to_string(&step).unwrap(), "within = \"P2W3D\"\n");

    let error = toml::from_str::<Step>("within = \"PT1H\"").err().unwrap();
    assert!(
        error.to_string().contains("hours, minutes and seconds"),
        "{error}"
    );
}
