//! Computed values, decision tables and fees (docs/format.md, "Computed
//! values", "Decision tables", "Fees"; docs/scenarios.md, "How a case
//! runs"): dependency order, hit policies, exact amounts, rounding to
//! cents and splits that add up.

mod engine_support;

use engine_support::{Probe, input};
use serde_json::json;

#[test]
fn computed_values_are_evaluated_after_what_they_use_whatever_the_order_written() {
    let probe = Probe::new(
        r#"
[[field]]
id = "birth_date"
label = "Geburtsdatum"
type = "date"
required = true

[[computed]]
id = "fee_class"
expr = 'if age < 24 then "young" else "adult"'

[[computed]]
id = "age"
expr = "years and months duration(birth_date, submitted).years"

[[fee]]
id = "card"
label = "Ausweis"
amount = 'if fee_class = "young" then 27.60 else 46.00'
"#,
    );
    // Submitted on 2024-03-04: 24 years old on that very day.
    assert_eq!(
        probe.total(&input(json!({"birth_date": "2000-03-04"}))),
        "46.00"
    );
    assert_eq!(
        probe.total(&input(json!({"birth_date": "2000-03-05"}))),
        "27.60"
    );
}

const LENGTH_TABLE: &str = r#"
[[field]]
id = "vehicle_length"
label = "Länge"
type = "decimal"
required = true

[[fee]]
id = "annual_fee"
label = "Jahresgebühr"
amount = "base_fee"

[[decision]]
id = "base_fee"
hit_policy = "HIT"
inputs = ["vehicle_length"]
rules = [
  { when = ["<= 4.20"], then = "240.00" },
  { when = ["(4.20..4.70]"], then = "360.00" },
  { when = ["> 4.70"], then = "480.00" },
]
"#;

#[test]
fn unique_table_gives_the_output_of_the_one_matching_rule() {
    let probe = Probe::new(&LENGTH_TABLE.replace("HIT", "unique"));
    let fee = |length: &str| probe.total(&input(json!({ "vehicle_length": length })));
    assert_eq!(fee("4.20"), "240.00");
    assert_eq!(fee("4.21"), "360.00");
    assert_eq!(fee("4.70"), "360.00");
    assert_eq!(fee("4,85"), "480.00");
}

#[test]
fn unique_table_with_two_matching_rules_gives_no_value() {
    let probe = Probe::new(
        r#"
[[field]]
id = "n"
label = "Zahl"
type = "integer"

[[computed]]
id = "shown"
expr = "if table = null then 0 else table"

[[fee]]
id = "fee"
label = "Gebühr"
amount = "shown"

[[decision]]
id = "table"
hit_policy = "unique"
inputs = ["n"]
rules = [
  { when = ["> 0"], then = "1" },
  { when = ["> 5"], then = "2" },
]
"#,
    );
    assert_eq!(probe.total(&input(json!({"n": 3}))), "1.00");
    assert_eq!(probe.total(&input(json!({"n": 7}))), "0.00");
}

#[test]
fn first_table_gives_the_output_of_the_first_matching_rule() {
    let probe = Probe::new(
        r#"
[[field]]
id = "n"
label = "Zahl"
type = "integer"

[[fee]]
id = "fee"
label = "Gebühr"
amount = "table"

[[decision]]
id = "table"
hit_policy = "first"
inputs = ["n"]
default = "99"
rules = [
  { when = ["> 5"], then = "2" },
  { when = ["> 0"], then = "1" },
]
"#,
    );
    assert_eq!(probe.total(&input(json!({"n": 7}))), "2.00");
    assert_eq!(probe.total(&input(json!({"n": 3}))), "1.00");
    assert_eq!(
        probe.total(&input(json!({"n": -1}))),
        "99.00",
        "the default"
    );
}

#[test]
fn collect_sum_table_adds_the_outputs_of_all_matching_rules() {
    let probe = Probe::new(
        r#"
[[field]]
id = "dangerous_dogs"
label = "Gefährliche Hunde"
type = "integer"
required = true

[[field]]
id = "normal_dogs"
label = "Andere Hunde"
type = "integer"
required = true

[[fee]]
id = "tax"
label = "Hundesteuer"
amount = "dog_tax"

[[decision]]
id = "dog_tax"
hit_policy = "collect_sum"
inputs = ["dangerous_dogs", "normal_dogs"]
rules = [
  { when = ["> 0", "-"], then = "dangerous_dogs * 840.00" },
  { when = ["-", ">= 1"], then = "84.00" },
  { when = ["-", "> 1"], then = "(normal_dogs - 1) * 120.00" },
]
"#,
    );
    let tax = |d: i64, n: i64| probe.total(&input(json!({"dangerous_dogs": d, "normal_dogs": n})));
    assert_eq!(tax(1, 2), "1044.00");
    assert_eq!(tax(0, 1), "84.00");
    assert_eq!(tax(0, 0), "0.00", "no rule matches: the sum is 0");
}

/// A service with one fee of `amount` and, if given, a rounding rule.
fn fee(amount: &str, rounding: Option<&str>) -> Probe {
    let body = format!("[[fee]]\nid = \"fee\"\nlabel = \"Gebühr\"\namount = \"{amount}\"\n");
    match rounding {
        None => Probe::new(&body),
        Some(rule) => Probe::with_service_keys(&format!("fee_rounding = \"{rule}\""), &body),
    }
}

fn total(amount: &str, rounding: Option<&str>) -> String {
    fee(amount, rounding).total(&input(json!({})))
}

#[test]
fn amounts_are_exact_decimals() {
    assert_eq!(total("0.1 + 0.2", None), "0.30");
    assert_eq!(total("27.60", None), "27.60");
}

#[test]
fn computed_fee_is_rounded_half_up_to_cents_at_the_end() {
    assert_eq!(total("46.00 / 4 * 3", None), "34.50");
    assert_eq!(total("0.125", None), "0.13");
    assert_eq!(
        total("-0.125", None),
        "-0.13",
        "half up rounds away from zero"
    );
    assert_eq!(total("100 / 3", None), "33.33");
    assert_eq!(total("200 / 3", None), "66.67");
}

#[test]
fn rounding_is_applied_to_the_result_not_to_each_term() {
    // 3 × 0.333… = 0.999… → 1.00; rounding each third first would give 0.99.
    assert_eq!(total("(1 / 3) * 3", None), "1.00");
}

#[test]
fn fee_rounding_half_even_rounds_halves_to_the_even_cent() {
    assert_eq!(total("0.125", Some("half_even")), "0.12");
    assert_eq!(total("0.135", Some("half_even")), "0.14");
}

#[test]
fn fee_rounding_down_cuts_off() {
    assert_eq!(total("0.129", Some("down")), "0.12");
}

#[test]
fn fee_rounding_up_rounds_every_fraction_up() {
    assert_eq!(total("0.121", Some("up")), "0.13");
}

#[test]
fn fee_whose_condition_does_not_hold_is_not_charged() {
    let probe = Probe::new(
        r#"
[[field]]
id = "express"
label = "Express"
type = "boolean"

[[fee]]
id = "base"
label = "Grundgebühr"
amount = "10.00"

[[fee]]
id = "express_fee"
label = "Expresszuschlag"
amount = "32.00"
when = "express"
"#,
    );
    assert_eq!(
        probe.fees(&input(json!({"express": false}))),
        [("base".to_owned(), "10.00".to_owned())]
    );
    assert_eq!(probe.total(&input(json!({"express": true}))), "42.00");
    assert_eq!(
        probe.total(&input(json!({}))),
        "10.00",
        "a null condition does not hold"
    );
}

fn split(amount: &str, shares: &[(&str, &str)]) -> Vec<(String, String)> {
    let shares: Vec<String> = shares
        .iter()
        .map(|(authority, share)| format!("{{ authority = \"{authority}\", share = \"{share}\" }}"))
        .collect();
    let probe = Probe::new(&format!(
        "[[fee]]\nid = \"fee\"\nlabel = \"Gebühr\"\namount = \"{amount}\"\nsplit = [{}]\n",
        shares.join(", ")
    ));
    let assessment = probe
        .service
        .assess(&input(json!({})), engine_support::day("2024-03-04"));
    assessment.fees[0]
        .split
        .iter()
        .map(|s| (s.authority.clone(), s.amount.to_string()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn split_gives_each_authority_its_share() {
    assert_eq!(
        split(
            "13.00",
            &[("Bundesamt für Justiz", "3/5"), ("Meldebehörde", "2/5")]
        ),
        pairs(&[("Bundesamt für Justiz", "7.80"), ("Meldebehörde", "5.20")])
    );
}

#[test]
fn split_gives_the_remainder_to_the_last_authority() {
    assert_eq!(
        split("10.00", &[("A", "1/3"), ("B", "1/3"), ("C", "1/3")]),
        pairs(&[("A", "3.33"), ("B", "3.33"), ("C", "3.34")])
    );
}

#[test]
fn split_shares_are_rounded_half_up_and_still_add_up() {
    // 0.05 × 1/2 = 0.025 rounds up to 0.03; the last gets 0.02.
    assert_eq!(
        split("0.05", &[("A", "1/2"), ("B", "1/2")]),
        pairs(&[("A", "0.03"), ("B", "0.02")])
    );
}

#[test]
fn numbers_in_any_toml_notation_count_with_their_value() {
    // `0x1`, `1_2e0`, `+13` and `1.5e1` are TOML numbers like 1, 12, 13
    // and 15, for bounds and for amounts alike.
    let probe = Probe::new(
        r#"
[[field]]
id = "dogs"
label = "Anzahl der Hunde"
type = "decimal"
required = true
min = 0x1
max = 1_2e0

[[fee]]
id = "base"
label = "Grundbetrag"
amount = +13

[[fee]]
id = "per_dog"
label = "Je Hund"
amount = 1.5e1
"#,
    );
    assert_eq!(
        probe.fees(&input(json!({"dogs": 2}))),
        [
            ("base".into(), "13.00".into()),
            ("per_dog".into(), "15.00".into())
        ]
    );
    assert!(probe.errors(&input(json!({"dogs": 12}))).is_empty());
    assert_eq!(probe.errors(&input(json!({"dogs": 13}))), ["dogs"]);
    assert_eq!(probe.errors(&input(json!({"dogs": 0}))), ["dogs"]);
}
