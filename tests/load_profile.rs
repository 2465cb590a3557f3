//! Reading workload profiles: every construct, and every mistake reported
//! with its line and column and a way to put it right.

#![allow(
    clippy::float_cmp,
    reason = "numbers read from a profile are compared with what was written"
)]

mod load_support;

use load_support::{Fixture, describe};
use ozg::load::{BacklogPeriod, Distribution, InputSource, ProfileErrorKind};

fn parking() -> Fixture {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/load/parking");
    Fixture::new(
        &std::fs::read_to_string(format!("{dir}/services/parkausweis/service.toml")).unwrap(),
    )
}

const VALID: &str = r#"
[profile]
title = "Frühjahr"
service = "parkausweis"

[run]
cases = 500
seed = 9
until = 2024-12-31
backlog = "week"

[arrivals]
start = 2024-01-08
per_day = 12.5
hours = "07:00-19:00"
monthly = { march = 1.5, Dezember = 0.5 }

[input]
parking_zone = { distribution = "categorical", weights = { altstadt = 3, wiehre = 1 } }
vehicle_length = { distribution = "triangular", min = 3.5, mode = 4.4, max = 5.6 }
reduced = true

[task.review]
hours = { distribution = "lognormal", mean = 0.5, sd = 0.25 }
decisions = { approve = 0.75, request_documents = 0.25 }

[wait.await_documents]
days = { distribution = "exponential", mean = 6 }
never = 0.1

[wait.await_payment]
days = 3

[staff.clerk]
people = 4
hours = "08:00-12:00, 13:00-16:00"
days = ["mon", "tue", "wed", "thu"]
"#;

#[test]
fn a_profile_is_read_with_every_section() {
    let profile = parking().profile(VALID);
    assert_eq!(profile.title.as_deref(), Some("Frühjahr"));
    assert_eq!(profile.run.cases, Some(500));
    assert_eq!(profile.run.seed, Some(9));
    assert_eq!(profile.run.backlog, BacklogPeriod::Week);
    assert_eq!(profile.arrivals.per_day, 12.5);
    assert_eq!(profile.arrivals.hours.ranges, vec![(420, 1140)]);
    let mut monthly = [1.0; 12];
    monthly[2] = 1.5;
    monthly[11] = 0.5;
    assert_eq!(profile.arrivals.monthly, monthly);
    assert_eq!(
        profile.tasks[0].hours,
        Distribution::Lognormal {
            mean: 0.5,
            sd: 0.25
        }
    );
    // Every declared decision, in declared order; those not written are 0.
    assert_eq!(
        profile.tasks[0].decisions,
        vec![
            ("approve".to_owned(), 0.75),
            ("reject".to_owned(), 0.0),
            ("request_documents".to_owned(), 0.25)
        ]
    );
    assert_eq!(profile.waits[0].never, 0.1);
    // A wait with a single event needs no `events`.
    assert_eq!(
        profile.waits[1].events,
        vec![("payment_received".to_owned(), 1.0)]
    );
    assert_eq!(
        profile.waits[1].days,
        Some(Distribution::Constant { value: 3.0 })
    );
    assert_eq!(profile.staff[0].people, 4);
    assert_eq!(
        profile.staff[0].weekdays,
        [true, true, true, true, false, false, false]
    );
    // Inputs are listed by field id.
    assert_eq!(profile.inputs.len(), 3);
    assert_eq!(profile.inputs[1].field, "reduced");
    assert_eq!(
        profile.inputs[1].source,
        InputSource::Constant(ozg::engine::RawValue::Boolean(true))
    );
}

#[test]
fn monthly_factors_may_be_a_list_of_twelve() {
    let text = VALID.replace(
        "monthly = { march = 1.5, Dezember = 0.5 }",
        "monthly = [1, 1, 1.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]",
    );
    assert_eq!(parking().profile(&text).arrivals.monthly[2], 1.5);
}

/// The problems of a profile, as `line:column: message`.
fn problems(text: &str) -> String {
    match parking().read(text) {
        Ok(_) => panic!("the profile was accepted"),
        Err(errors) => describe(text, &errors),
    }
}

fn kinds(text: &str) -> Vec<ProfileErrorKind> {
    parking()
        .read(text)
        .expect_err("the profile was refused")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[test]
fn an_unknown_field_is_named_with_a_suggestion_at_its_place() {
    let text = VALID.replace("reduced = true", "reducd = true");
    assert_eq!(problems(&text), "21:1: the service has no field `reducd`");
    assert!(kinds(&text).contains(&ProfileErrorKind::UnknownField {
        id: "reducd".to_owned(),
        suggestion: Some("reduced".to_owned())
    }));
}

#[test]
fn an_unknown_decision_is_refused_with_the_declared_ones() {
    let text = VALID.replace("approve = 0.75", "approved = 0.75");
    assert_eq!(
        problems(&text),
        "25:15: the task `review` declares no decision `approved`"
    );
    let error = parking().read(&text).unwrap_err().remove(0);
    assert_eq!(error.help().as_deref(), Some("did you mean `approve`?"));
}

#[test]
fn probabilities_must_add_up_to_one() {
    let text = VALID.replace("request_documents = 0.25", "request_documents = 0.2");
    assert_eq!(
        problems(&text),
        "25:13: the probabilities add up to 0.95, not to 1"
    );
}

#[test]
fn an_unknown_role_and_the_role_left_without_staff_are_both_reported() {
    let text = VALID.replace("[staff.clerk]", "[staff.clerks]");
    assert_eq!(
        problems(&text),
        "34:2: nobody works as `clerk`, but the task `review` needs that role\n\
         34:8: the service has no role `clerks`"
    );
}

#[test]
fn a_task_the_profile_leaves_out_is_an_error() {
    let start = VALID.find("[task.review]").unwrap();
    let end = VALID.find("[wait.await_documents]").unwrap();
    let text = format!("{}{}", &VALID[..start], &VALID[end..]);
    let kinds = kinds(&text);
    assert_eq!(
        kinds,
        vec![ProfileErrorKind::MissingStep {
            step: "review".to_owned(),
            kind: "task"
        }]
    );
}

#[test]
fn working_hours_must_be_written_as_times() {
    let text = VALID.replace("\"08:00-12:00, 13:00-16:00\"", "\"8-16\"");
    assert_eq!(problems(&text), "36:9: `8-16` are not working hours");
}

#[test]
fn a_code_that_is_no_option_is_refused() {
    let text = VALID.replace("wiehre = 1", "wiere = 1");
    let kinds = kinds(&text);
    assert_eq!(
        kinds,
        vec![ProfileErrorKind::UnknownOption {
            field: "parking_zone".to_owned(),
            code: "wiere".to_owned(),
            suggestion: Some("wiehre".to_owned())
        }]
    );
}

#[test]
fn a_distribution_must_fit_the_type_of_the_field() {
    let text = VALID.replace(
        "reduced = true",
        "reduced = { distribution = \"normal\", mean = 1, sd = 1 }",
    );
    assert_eq!(
        problems(&text),
        "21:28: a `normal` distribution does not fit `reduced`, a field of type `boolean`"
    );
}

#[test]
fn a_parameter_of_another_kind_of_distribution_is_pointed_at() {
    let text = VALID.replace(
        "hours = { distribution = \"lognormal\", mean = 0.5, sd = 0.25 }",
        "hours = { distribution = \"exponential\", mean = 0.5, sd = 0.25 }",
    );
    assert_eq!(
        problems(&text),
        "24:53: `sd` is not used by an exponential distribution"
    );
}

#[test]
fn a_triangle_with_its_mode_outside_is_refused() {
    let text = VALID.replace("mode = 4.4", "mode = 6.4");
    assert!(kinds(&text).contains(&ProfileErrorKind::Parameters {
        kind: "triangular",
        problem: ozg::load::ParameterProblem::Order
    }));
}

#[test]
fn a_misspelt_key_is_reported_and_read_as_meant() {
    let text = VALID.replace("per_day = 12.5", "per_dy = 12.5");
    // One problem, not a second one for the "missing" `per_day`.
    assert_eq!(
        problems(&text),
        "14:1: unknown key `per_dy` in the [arrivals] table"
    );
}

#[test]
fn a_date_in_quotes_is_refused() {
    let text = VALID.replace("start = 2024-01-08", "start = \"2024-01-08\"");
    assert_eq!(
        problems(&text),
        "13:9: `start` is written as text (\"2024-01-08\"), not as a date"
    );
}

#[test]
fn arrivals_before_the_service_applies_are_refused() {
    let text = VALID.replace("start = 2024-01-08", "start = 2022-03-01");
    assert_eq!(
        problems(&text),
        "13:9: applications arriving from 2022-03-01 fall before the service applies (2022-04-01)"
    );
}

#[test]
fn a_profile_for_another_service_is_refused() {
    let text = VALID.replace("service = \"parkausweis\"", "service = \"hundesteuer\"");
    assert_eq!(
        problems(&text),
        "4:11: the profile is written for the service `hundesteuer`, not for `parkausweis`"
    );
}

#[test]
fn a_file_that_is_not_toml_is_refused_at_the_mistake() {
    let text = VALID.replace("people = 4", "people = ");
    let problems = problems(&text);
    assert!(
        problems.starts_with("35:10: this file is not valid TOML"),
        "{problems}"
    );
}

#[test]
fn a_date_field_needs_to_know_whether_its_offset_lies_before_or_after() {
    let fixture = Fixture::new(
        r#"
[service]
id = "ausweis"
title = "Ausweis"
authority = "Bürgeramt"
state = "BE"
valid_from = 2020-01-01
legal_basis = ["PAuswG"]

[[field]]
id = "birth_date"
label = "Geburtsdatum"
type = "date"
required = true

[process]
start = "done"

[[step]]
id = "done"
kind = "end"
outcome = "completed"
"#,
    );
    let profile = r#"
[arrivals]
start = 2024-01-08
per_day = 1

[input]
birth_date = { distribution = "uniform", min = 16, max = 80, unit = "years" }
"#;
    let errors = fixture.read(profile).unwrap_err();
    assert_eq!(
        describe(profile, &errors),
        "7:14: the date `birth_date` needs `before = \"submitted\"` or `after = \"submitted\"`"
    );
}

#[test]
fn a_task_whose_role_the_service_does_not_declare_cannot_be_simulated() {
    let fixture = Fixture::new(
        r#"
[service]
id = "orphan"
title = "Aufgabe ohne Rolle"
authority = "Prüfamt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Prüfordnung"]

[process]
start = "work"

[[step]]
id = "work"
kind = "task"
role = "ghost"
decisions = ["done"]
next = [{ to = "finished" }]

[[step]]
id = "finished"
kind = "end"
outcome = "completed"
"#,
    );
    let profile = "[arrivals]\nstart = 2024-01-08\nper_day = 1\n\n[task.work]\nhours = 1\n";
    let errors = fixture.read(profile).unwrap_err();
    assert_eq!(
        describe(profile, &errors),
        "1:1: the task `work` names no role of the service, so nobody could work on it"
    );
}

#[test]
fn a_value_that_is_no_finite_number_is_refused_at_its_place() {
    let text = VALID.replace(
        "vehicle_length = { distribution = \"triangular\", min = 3.5, mode = 4.4, max = 5.6 }",
        "vehicle_length = nan",
    );
    assert_ne!(text, VALID);
    let problems = problems(&text);
    assert!(problems.starts_with("20:18: "), "{problems}");
    assert!(problems.contains("cannot be read"), "{problems}");
}
