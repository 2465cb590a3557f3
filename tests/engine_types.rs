//! Validation of each field type (docs/format.md, "Types, their keys"):
//! numbers and their places, limits, dates, lengths, patterns, e-mail,
//! IBAN check digits, postal codes, choices from inline options and
//! shared code lists, multiple choices, files, and `validate` rules.
//! Each field is optional, so that only the check at hand can fail.

mod engine_support;

use engine_support::{Probe, input};
use serde_json::{Value, json};

/// A service with one optional field of the given TOML lines.
fn field(lines: &str) -> Probe {
    Probe::new(&format!(
        "[[field]]\nid = \"x\"\nlabel = \"Wert\"\n{lines}\n"
    ))
}

/// The application with `value` for the field `x`.
fn with_x(value: Value) -> ozg::engine::Input {
    let mut object = serde_json::Map::new();
    object.insert("x".to_owned(), value);
    input(Value::Object(object))
}

fn accepts(probe: &Probe, value: Value) -> bool {
    probe.errors(&with_x(value)).is_empty()
}

fn message(probe: &Probe, value: Value) -> String {
    probe.messages(&with_x(value), "x").join(" ")
}

#[test]
fn integer_takes_whole_numbers_only() {
    let probe = field("type = \"integer\"");
    assert!(accepts(&probe, json!(3)));
    assert!(accepts(&probe, json!("3")));
    assert_eq!(
        message(&probe, json!("2,5")),
        "Bitte geben Sie eine ganze Zahl an."
    );
}

#[test]
fn number_text_is_read_as_typed_in_germany() {
    let probe = field("type = \"decimal\"\nmax = 5.0");
    assert!(accepts(&probe, json!("4,85")));
    assert!(!accepts(&probe, json!("5,01")));
    assert_eq!(
        message(&probe, json!("vier")),
        "Bitte geben Sie eine Zahl an, z. B. 4,85."
    );
}

#[test]
fn decimal_allows_only_its_places() {
    let probe = field("type = \"decimal\"\ndecimals = 2");
    assert!(accepts(&probe, json!("4.85")));
    assert!(
        accepts(&probe, json!("4.850")),
        "trailing zeros do not count"
    );
    assert_eq!(
        message(&probe, json!("4.855")),
        "Bitte geben Sie höchstens 2 Nachkommastellen an."
    );
}

#[test]
fn money_has_at_most_cents() {
    let probe = field("type = \"money\"");
    assert!(accepts(&probe, json!("27,60")));
    assert!(!accepts(&probe, json!("27.605")));
}

#[test]
fn number_limits_are_inclusive() {
    let probe = field("type = \"decimal\"\nmin = 2.0\nmax = 8.0");
    assert!(accepts(&probe, json!("2.0")));
    assert!(accepts(&probe, json!("8")));
    assert_eq!(
        message(&probe, json!("1.99")),
        "Der Wert darf nicht kleiner als 2,0 sein."
    );
    assert_eq!(
        message(&probe, json!("8.01")),
        "Der Wert darf nicht größer als 8,0 sein."
    );
}

#[test]
fn date_is_read_in_both_notations_and_kept_within_its_limits() {
    let probe = field("type = \"date\"\nmin = 2024-01-01\nmax = 2024-12-31");
    assert!(accepts(&probe, json!("2024-03-04")));
    assert!(accepts(&probe, json!("04.03.2024")));
    assert_eq!(
        message(&probe, json!("31.12.2023")),
        "Das Datum darf nicht vor dem 01.01.2024 liegen."
    );
    assert_eq!(
        message(&probe, json!("2025-01-01")),
        "Das Datum darf nicht nach dem 31.12.2024 liegen."
    );
    assert_eq!(
        message(&probe, json!("30.02.2024")),
        "Bitte geben Sie ein Datum an, z. B. 31.12.2024."
    );
}

#[test]
fn text_length_counts_characters_not_bytes() {
    let probe = field("type = \"text\"\nmin_length = 2\nmax_length = 5");
    assert!(
        accepts(&probe, json!("Ärger")),
        "five characters, seven bytes"
    );
    assert!(!accepts(&probe, json!("Ä")));
    assert!(!accepts(&probe, json!("Ärgern")));
}

#[test]
fn pattern_must_match_the_whole_answer() {
    let probe = field("type = \"text\"\npattern = \"[A-Z]{1,3}-[0-9]+\"");
    assert!(accepts(&probe, json!("FR-12")));
    assert_eq!(
        message(&probe, json!("xFR-12")),
        "Die Eingabe hat nicht das erwartete Format."
    );
}

#[test]
fn email_needs_a_local_part_and_a_domain() {
    let probe = field("type = \"email\"");
    assert!(accepts(&probe, json!("anna@example.org")));
    for wrong in [
        "anna",
        "anna@",
        "@example.org",
        "anna@example",
        "an na@example.org",
    ] {
        assert!(!accepts(&probe, json!(wrong)), "{wrong}");
    }
}

#[test]
fn iban_check_digits_are_verified() {
    let probe = field("type = \"iban\"");
    assert!(accepts(&probe, json!("DE89 3704 0044 0532 0130 00")));
    assert!(accepts(&probe, json!("de89370400440532013000")));
    assert_eq!(
        message(&probe, json!("DE88 3704 0044 0532 0130 00")),
        "Die IBAN ist nicht gültig. Bitte prüfen Sie Ihre Eingabe."
    );
}

#[test]
fn postal_code_has_five_digits() {
    let probe = field("type = \"postal_code\"");
    assert!(accepts(&probe, json!("01067")));
    for wrong in ["1067", "010677", "0106A"] {
        assert!(!accepts(&probe, json!(wrong)), "{wrong}");
    }
}

#[test]
fn choice_takes_one_of_its_inline_options() {
    let probe = field(
        "type = \"choice\"\noptions = [{ code = \"a\", label = \"A\" }, { code = \"b\", label = \"B\" }]",
    );
    assert!(accepts(&probe, json!("b")));
    assert_eq!(message(&probe, json!("c")), "„c“ steht nicht zur Auswahl.");
}

#[test]
fn choice_takes_the_codes_of_a_shared_code_list() {
    let list = "[codelist]\nid = \"forms\"\ntitle = \"Rechtsformen\"\nversion = \"1\"\n\
                entries = [{ code = \"gmbh\", label = \"GmbH\" }, { code = \"ag\", label = \"AG\" }]\n";
    let probe = Probe::in_state(
        "NI",
        "[[field]]\nid = \"x\"\nlabel = \"Rechtsform\"\ntype = \"choice\"\ncodelist = \"forms\"\n",
        &[("forms", list)],
    );
    assert!(accepts(&probe, json!("ag")));
    assert!(!accepts(&probe, json!("kg")));
}

#[test]
fn multiple_choice_keeps_to_its_limits_and_options() {
    let probe = field(
        "type = \"multi_choice\"\nmin_items = 2\nmax_items = 3\noptions = [\
         { code = \"de\", label = \"Deutsch\" }, { code = \"en\", label = \"Englisch\" },\
         { code = \"fr\", label = \"Französisch\" }, { code = \"it\", label = \"Italienisch\" }]",
    );
    assert!(accepts(&probe, json!(["de", "en"])));
    assert_eq!(
        message(&probe, json!(["de"])),
        "Bitte wählen Sie mindestens 2 Einträge aus."
    );
    assert_eq!(
        message(&probe, json!(["de", "en", "fr", "it"])),
        "Bitte wählen Sie höchstens 3 Einträge aus."
    );
    assert!(!accepts(&probe, json!(["de", "xx"])));
}

#[test]
fn file_must_be_of_an_allowed_kind() {
    let probe = field("type = \"file\"\nfile_kinds = [\"pdf\", \"jpeg\"]");
    assert!(accepts(&probe, json!("ausweis.PDF")));
    assert!(accepts(&probe, json!("foto.jpg")), "jpg is jpeg");
    assert_eq!(
        message(&probe, json!("ausweis.docx")),
        "Bitte laden Sie eine Datei dieser Art hoch: PDF, JPEG."
    );
}

#[test]
fn file_must_not_exceed_its_size() {
    let probe = field("type = \"file\"\nmax_size_kb = 500");
    assert!(accepts(&probe, json!({"name": "a.pdf", "size_kb": 500})));
    assert_eq!(
        message(&probe, json!({"name": "a.pdf", "size_kb": 501})),
        "Die Datei ist zu groß. Erlaubt sind höchstens 500 KB."
    );
}

#[test]
fn boolean_reads_german_yes_and_no() {
    let probe = field("type = \"boolean\"");
    assert!(accepts(&probe, json!("ja")));
    assert!(accepts(&probe, json!("Nein")));
    assert_eq!(
        message(&probe, json!("vielleicht")),
        "Bitte wählen Sie Ja oder Nein."
    );
}

#[test]
fn validate_rule_that_fails_gives_its_message() {
    let probe = field(
        "type = \"date\"\nvalidate = [{ rule = \"x <= submitted\", message = \"Nicht in der Zukunft.\" }]",
    );
    // The probe submits on 2024-03-04.
    assert!(accepts(&probe, json!("2024-03-04")));
    assert_eq!(
        message(&probe, json!("2024-03-05")),
        "Nicht in der Zukunft."
    );
}

#[test]
fn validate_rule_that_gives_null_does_not_fail() {
    // A rule about another, empty field cannot be decided; only `false`
    // refuses the input.
    let probe = Probe::new(
        "[[field]]\nid = \"x\"\nlabel = \"Wert\"\ntype = \"integer\"\n\
         validate = [{ rule = \"x < y\", message = \"Kleiner als y.\" }]\n\
         [[field]]\nid = \"y\"\nlabel = \"Grenze\"\ntype = \"integer\"\n",
    );
    assert!(probe.errors(&input(json!({"x": 5}))).is_empty());
    assert_eq!(probe.errors(&input(json!({"x": 5, "y": 3}))), ["x"]);
}
