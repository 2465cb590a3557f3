//! Generated applicants: each field gets its value from the profile or a
//! default, the engine validates and assesses it, and guards, decision
//! tables and fees see what the applicant entered.

mod load_support;

use load_support::{Fixture, describe};
use ozg::load::ProfileErrorKind;

fn parking() -> Fixture {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/load/parking");
    Fixture::new(
        &std::fs::read_to_string(format!("{dir}/services/parkausweis/service.toml")).unwrap(),
    )
}

/// The parking profile with its `[input]` table replaced.
fn with_input(input: &str) -> String {
    format!(
        r#"
[arrivals]
start = 2024-01-08
per_day = 50

[input]
{input}

[task.review]
hours = 0.1
decisions = {{ approve = 1 }}

[wait.await_documents]
days = 1

[wait.await_payment]
days = 1

[staff.clerk]
people = 5
hours = "08:00-16:00"
"#
    )
}

/// The fees of all cases, in exact euros as the report writes them.
fn fee_text(fixture: &Fixture, input: &str, cases: u64) -> String {
    let (report, _) = fixture.run(&with_input(input), cases, 1);
    assert_eq!(report.applications.refused, 0, "{:?}", report.warnings);
    report.fees.total
}

fn fee_total(fixture: &Fixture, input: &str, cases: u64) -> f64 {
    fee_text(fixture, input, cases).parse().unwrap()
}

#[test]
fn a_fixed_value_reaches_the_decision_table_and_the_fee() {
    // 4.50 m lies in (4.20, 4.70]: 360 euros; `reduced` is false by default.
    let total = fee_text(&parking(), "vehicle_length = 4.5", 200);
    assert_eq!(total, "72000.00");
}

#[test]
fn categorical_weights_set_how_often_each_value_comes() {
    let n = 4000.0;
    let total = fee_total(
        &parking(),
        r#"vehicle_length = { distribution = "categorical", weights = { "4.0" = 3, "5.0" = 1 } }"#,
        4000,
    );
    // Three quarters pay 240, one quarter 480: the share of long vehicles
    // is (total / n - 240) / 240.
    let long = (total / n - 240.0) / 240.0;
    let sd = (0.25_f64 * 0.75 / n).sqrt();
    assert!(
        (long - 0.25).abs() < 4.0 * sd,
        "share of long vehicles {long}"
    );
}

#[test]
fn a_normal_distribution_is_kept_within_the_fields_limits() {
    // Far above the field's maximum of 8.0 m: every value is 8.0, valid,
    // and pays 480.
    let total = fee_text(
        &parking(),
        r#"vehicle_length = { distribution = "normal", mean = 9.5, sd = 0.2 }"#,
        300,
    );
    assert_eq!(total, "144000.00");
}

#[test]
fn a_boolean_probability_sets_the_share_of_true_answers() {
    let n = 4000.0;
    let total = fee_total(
        &parking(),
        "vehicle_length = 4.0\nreduced = { distribution = \"boolean\", probability = 0.2 }",
        4000,
    );
    // 240 in full, 60 reduced: the share reduced is (240 - total / n) / 180.
    let reduced = (240.0 - total / n) / 180.0;
    let sd = (0.2_f64 * 0.8 / n).sqrt();
    assert!((reduced - 0.2).abs() < 4.0 * sd, "share reduced {reduced}");
}

#[test]
fn guards_route_by_what_applicants_entered() {
    let fixture = Fixture::new(
        r#"
[service]
id = "routing"
title = "Weiterleitung nach Zone"
authority = "Bürgeramt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Satzung"]

[[field]]
id = "zone"
label = "Zone"
type = "choice"
required = true
options = [{ code = "a", label = "A" }, { code = "b", label = "B" }]

[process]
start = "sort"

[[step]]
id = "sort"
kind = "automatic"
next = [{ to = "zone_a", when = 'zone = "a"' }, { to = "zone_b" }]

[[step]]
id = "zone_a"
kind = "end"
outcome = "approved"

[[step]]
id = "zone_b"
kind = "end"
outcome = "rejected"
"#,
    );
    let profile = r#"
[arrivals]
start = 2024-01-08
per_day = 100

[input]
zone = { distribution = "categorical", weights = { a = 1, b = 4 } }
"#;
    let (report, _) = fixture.run(profile, 5000, 3);
    let share = f64::from(u32::try_from(report.cases.approved).unwrap()) / 5000.0;
    let sd = (0.2_f64 * 0.8 / 5000.0).sqrt();
    assert!((share - 0.2).abs() < 4.0 * sd, "share in zone a {share}");
    assert_eq!(report.cases.approved + report.cases.rejected, 5000);
    let to_a = report
        .transitions
        .iter()
        .find(|t| t.from == "sort" && t.to == "zone_a")
        .unwrap();
    assert_eq!(to_a.count, report.cases.approved);
}

const IDENTITY_CARD: &str = r#"
[service]
id = "ausweis"
title = "Personalausweis"
authority = "Bürgeramt"
state = "BE"
valid_from = 2026-02-07
legal_basis = ["PAuswGebV"]

[[field]]
id = "birth_date"
label = "Geburtsdatum"
type = "date"
required = true
validate = [{ rule = "birth_date <= submitted", message = "Das Geburtsdatum liegt in der Zukunft." }]

[[computed]]
id = "age"
expr = "years and months duration(birth_date, submitted).years"

[[fee]]
id = "card"
label = "Gebühr"
amount = "if age < 24 then 27.60 else 46.00"

[process]
start = "done"

[[step]]
id = "done"
kind = "end"
outcome = "completed"
"#;

#[test]
fn dates_are_drawn_relative_to_the_submission() {
    let fixture = Fixture::new(IDENTITY_CARD);
    let profile = r#"
[arrivals]
start = 2026-03-02
per_day = 100

[input]
birth_date = { distribution = "uniform", min = 16, max = 32, unit = "years", before = "submitted" }
"#;
    let n = 4000.0;
    let (report, _) = fixture.run(profile, 4000, 5);
    assert_eq!(report.applications.refused, 0);
    let total: f64 = report.fees.total.parse().unwrap();
    // Ages 16 to 32, uniform: half are under 24.
    let young = (46.0 - total / n) / (46.0 - 27.6);
    let sd = (0.25_f64 / n).sqrt();
    assert!((young - 0.5).abs() < 4.0 * sd, "share under 24 {young}");
}

#[test]
fn a_default_date_is_the_submission_day() {
    let fixture = Fixture::new(IDENTITY_CARD);
    let profile = "[arrivals]\nstart = 2026-03-02\nper_day = 10\n";
    let (report, _) = fixture.run(profile, 100, 5);
    // Born on the day of the application: under 24.
    assert_eq!(report.fees.total, "2760.00");
}

#[test]
fn drawn_values_the_form_refuses_are_counted_and_start_no_case() {
    let fixture = Fixture::new(IDENTITY_CARD);
    let profile = r#"
[arrivals]
start = 2026-03-02
per_day = 100

[input]
birth_date = { distribution = "uniform", min = -10, max = 30, unit = "days", before = "submitted" }
"#;
    let (report, _) = fixture.run(profile, 2000, 5);
    let refused = report.applications.refused;
    // Offsets below zero lie after the submission: about a quarter.
    assert!((350..650).contains(&refused), "{refused} refused");
    assert_eq!(report.cases.started, 2000 - refused);
    assert_eq!(report.applications.refusals[0].field, "birth_date");
    assert!(report.warnings[0].contains("birth_date"));
}

#[test]
fn a_default_the_form_refuses_is_an_error_of_the_profile() {
    let fixture = Fixture::new(
        r#"
[service]
id = "melde"
title = "Anmeldung"
authority = "Bürgeramt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["BMG"]

[[field]]
id = "registered_here"
label = "Ich wohne hier."
type = "boolean"
required = true
validate = [{ rule = "registered_here", message = "Nur wer hier wohnt, erhält den Ausweis." }]

[process]
start = "done"

[[step]]
id = "done"
kind = "end"
outcome = "completed"
"#,
    );
    let profile = "[arrivals]\nstart = 2024-01-08\nper_day = 10\n\n[input]\n";
    let errors = fixture.read(profile).unwrap_err();
    assert_eq!(
        describe(profile, &errors),
        "5:1: the form refuses the value `registered_here` gets by default: \
         Nur wer hier wohnt, erhält den Ausweis."
    );
    assert!(matches!(
        errors[0].kind,
        ProfileErrorKind::Refused { default: true, .. }
    ));
    let fixed = format!("{profile}registered_here = true\n");
    assert!(fixture.read(&fixed).is_ok());
}

#[test]
fn a_repeatable_group_gets_its_drawn_number_of_entries() {
    let fixture = Fixture::new(
        r#"
[service]
id = "hundesteuer"
title = "Hundesteuer"
authority = "Steueramt"
state = "BW"
valid_from = 2020-01-01
legal_basis = ["Hundesteuersatzung"]

[[section]]
id = "dogs"
title = "Hunde"
repeat = { min = 1, max = 5 }

[[section.field]]
id = "dangerous"
label = "Gefährlich"
type = "boolean"
required = true

[[fee]]
id = "tax"
label = "Hundesteuer"
amount = "count(dogs) * 100 + count(dogs[dangerous = true]) * 500"

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
per_day = 100

[input]
dogs = { entries = { distribution = "uniform", min = 0.5, max = 3.5 } }
dangerous = { distribution = "boolean", probability = 0.1 }
"#;
    let n = 4000.0;
    let (report, _) = fixture.run(profile, 4000, 8);
    assert_eq!(report.applications.refused, 0);
    let total: f64 = report.fees.total.parse().unwrap();
    // 1, 2 or 3 dogs, equally often: 2 dogs on average, a tenth of them
    // dangerous: 2 * 100 + 0.2 * 500 = 300 per case.
    let mean = total / n;
    assert!((mean - 300.0).abs() < 12.0, "mean tax {mean}");
}
