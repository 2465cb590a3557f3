//! The form as the engine evaluates it (docs/format.md, "Form fields",
//! "Sections and repeatable groups"; docs/scenarios.md, "How a case
//! runs"): visibility, required and conditionally required fields,
//! sections, and repeatable groups.

mod engine_support;

use engine_support::{Probe, input};
use serde_json::json;

const DISABILITY: &str = r#"
[[field]]
id = "severely_disabled"
label = "Schwerbehindert"
type = "boolean"
required = true

[[field]]
id = "disability_card"
label = "Schwerbehindertenausweis"
type = "text"
visible = "severely_disabled"
required = true

[[fee]]
id = "fee"
label = "Gebühr"
amount = 'if disability_card != null then 10.00 else 40.00'
"#;

#[test]
fn hidden_field_is_never_required() {
    let probe = Probe::new(DISABILITY);
    assert!(
        probe
            .errors(&input(json!({"severely_disabled": false})))
            .is_empty()
    );
}

#[test]
fn shown_required_field_must_be_answered() {
    let probe = Probe::new(DISABILITY);
    assert_eq!(
        probe.errors(&input(json!({"severely_disabled": true}))),
        ["disability_card"]
    );
}

#[test]
fn hidden_field_value_is_ignored() {
    let probe = Probe::new(DISABILITY);
    let application = input(json!({"severely_disabled": false, "disability_card": "A-123"}));
    assert!(probe.errors(&application).is_empty());
    assert_eq!(probe.total(&application), "40.00");
}

#[test]
fn shown_field_value_counts() {
    let probe = Probe::new(DISABILITY);
    let application = input(json!({"severely_disabled": true, "disability_card": "A-123"}));
    assert_eq!(probe.total(&application), "10.00");
}

const CONDITIONAL: &str = r#"
[[field]]
id = "kind"
label = "Art"
type = "choice"
required = true
options = [{ code = "person", label = "Person" }, { code = "company", label = "Firma" }]

[[field]]
id = "register_number"
label = "Registernummer"
type = "text"
required = 'kind = "company"'
"#;

#[test]
fn conditionally_required_field_is_required_when_its_condition_holds() {
    let probe = Probe::new(CONDITIONAL);
    assert_eq!(
        probe.errors(&input(json!({"kind": "company"}))),
        ["register_number"]
    );
}

#[test]
fn conditionally_required_field_may_stay_empty_when_its_condition_does_not_hold() {
    let probe = Probe::new(CONDITIONAL);
    assert!(probe.errors(&input(json!({"kind": "person"}))).is_empty());
}

const CHAIN: &str = r#"
[[field]]
id = "has_vehicle"
label = "Fahrzeug vorhanden"
type = "boolean"
required = true

[[field]]
id = "company_car"
label = "Firmenwagen"
type = "boolean"
visible = "has_vehicle"

[[field]]
id = "employer_letter"
label = "Bestätigung des Arbeitgebers"
type = "text"
visible = "company_car = true"
required = true
"#;

#[test]
fn field_depending_on_a_hidden_field_is_hidden_too() {
    // company_car is hidden, so its value is ignored; employer_letter,
    // which depends on it, is hidden and not required.
    let probe = Probe::new(CHAIN);
    let application = input(json!({"has_vehicle": false, "company_car": true}));
    assert!(probe.errors(&application).is_empty());
    assert_eq!(
        probe
            .service
            .shown_fields(&application, engine_support::day("2024-03-04")),
        ["has_vehicle"]
    );
}

#[test]
fn field_at_the_end_of_a_shown_chain_is_required() {
    let probe = Probe::new(CHAIN);
    let application = input(json!({"has_vehicle": true, "company_car": true}));
    assert_eq!(probe.errors(&application), ["employer_letter"]);
}

const SECTION: &str = r#"
[[field]]
id = "business"
label = "Gewerblich"
type = "boolean"
required = true

[[section]]
id = "company"
title = "Angaben zur Firma"
visible = "business"

[[section.field]]
id = "company_name"
label = "Firmenname"
type = "text"
required = true

[[section.section]]
id = "seat"
title = "Sitz"

[[section.section.field]]
id = "seat_city"
label = "Ort des Sitzes"
type = "text"
required = true
"#;

#[test]
fn hidden_section_hides_all_its_fields_also_in_nested_sections() {
    let probe = Probe::new(SECTION);
    assert!(probe.errors(&input(json!({"business": false}))).is_empty());
}

#[test]
fn shown_section_requires_its_fields() {
    let probe = Probe::new(SECTION);
    assert_eq!(
        probe.errors(&input(json!({"business": true}))),
        ["company_name", "seat_city"]
    );
}

const DOGS: &str = r#"
[[section]]
id = "dogs"
title = "Hunde"
repeat = { min = 1, max = 3 }

[[section.field]]
id = "breed"
label = "Rasse"
type = "choice"
required = true
codelist = "dog_breeds"

[[section.field]]
id = "dangerous"
label = "Gefährlich"
type = "boolean"
required = true

[[section.field]]
id = "test_certificate"
label = "Wesenstest"
type = "text"
visible = "dangerous"
required = true

[[computed]]
id = "dangerous_dogs"
expr = "count(dogs[dangerous = true])"

[[computed]]
id = "normal_dogs"
expr = "count(dogs) - dangerous_dogs"

[[fee]]
id = "tax"
label = "Hundesteuer"
amount = "dangerous_dogs * 840.00 + normal_dogs * 120.00"
"#;

const BREEDS: &str = r#"[codelist]
id = "dog_breeds"
title = "Hunderassen"
version = "2024-01-01"
entries = [
  { code = "labrador", label = "Labrador" },
  { code = "pitbull", label = "Pit Bull Terrier" },
  { code = "dachshund", label = "Dackel" },
]
"#;

fn dogs() -> Probe {
    Probe::in_state("BW", DOGS, &[("dog_breeds", BREEDS)])
}

#[test]
fn repeatable_group_needs_its_minimum_of_entries() {
    assert_eq!(dogs().errors(&input(json!({"dogs": []}))), ["dogs"]);
}

#[test]
fn repeatable_group_takes_no_more_than_its_maximum_of_entries() {
    let entry = json!({"breed": "labrador", "dangerous": false});
    let application = input(json!({"dogs": [entry, entry, entry, entry]}));
    assert_eq!(dogs().errors(&application), ["dogs"]);
}

#[test]
fn member_errors_name_the_entry_counted_from_one() {
    let application = input(json!({"dogs": [
        {"breed": "labrador", "dangerous": false},
        {"breed": "poodle", "dangerous": false},
    ]}));
    assert_eq!(dogs().errors(&application), ["dogs[2].breed"]);
}

#[test]
fn member_visibility_follows_its_own_entry() {
    let application = input(json!({"dogs": [
        {"breed": "labrador", "dangerous": false},
        {"breed": "pitbull", "dangerous": true},
    ]}));
    assert_eq!(dogs().errors(&application), ["dogs[2].test_certificate"]);
}

#[test]
fn count_with_a_filter_over_a_group_sets_the_fee() {
    let application = input(json!({"dogs": [
        {"breed": "labrador", "dangerous": false},
        {"breed": "pitbull", "dangerous": true, "test_certificate": "T-1"},
        {"breed": "dachshund", "dangerous": false},
    ]}));
    let probe = dogs();
    assert!(probe.errors(&application).is_empty());
    assert_eq!(probe.total(&application), "1080.00");
}

#[test]
fn value_for_a_field_the_form_does_not_have_is_an_error() {
    let probe = Probe::new(CONDITIONAL);
    assert_eq!(
        probe.errors(&input(json!({"kind": "person", "colour": "blue"}))),
        ["colour"]
    );
}
