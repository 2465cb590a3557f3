//! Decision tables: hit policies, defaults and the errors a table reports.

use ozg::feel::ast::{Expr, UnaryTests};
use ozg::feel::decision::{DecisionError, DecisionTable, HitPolicy, RuleSource, TableSource};
use ozg::feel::parser::{parse_expression, parse_unary_tests};
use ozg::feel::value::Value;

struct Table {
    inputs: Vec<Expr>,
    rules: Vec<(Vec<UnaryTests>, Expr)>,
    default: Option<Expr>,
}

fn table(inputs: &[&str], rules: &[(&[&str], &str)], default: Option<&str>) -> Table {
    Table {
        inputs: inputs
            .iter()
            .map(|i| parse_expression(i).unwrap())
            .collect(),
        rules: rules
            .iter()
            .map(|(cells, output)| {
                (
                    cells
                        .iter()
                        .map(|c| parse_unary_tests(c).unwrap())
                        .collect(),
                    parse_expression(output).unwrap(),
                )
            })
            .collect(),
        default: default.map(|d| parse_expression(d).unwrap()),
    }
}

impl Table {
    fn compile(
        &self,
        hit_policy: HitPolicy,
        names: &[&str],
    ) -> Result<DecisionTable, DecisionError> {
        let rules: Vec<RuleSource> = self
            .rules
            .iter()
            .map(|(tests, output)| RuleSource { tests, output })
            .collect();
        let source = TableSource {
            inputs: &self.inputs,
            rules: &rules,
            hit_policy,
            default_output: self.default.as_ref(),
        };
        DecisionTable::new(&source, names)
    }
}

fn n(text: &str) -> Value {
    Value::Number(text.parse().unwrap())
}

/// Freiburg's residents' parking fee by vehicle length (from 1 April 2022).
fn parking_fee() -> Table {
    table(
        &["vehicle_length"],
        &[
            (&["<= 4.20"], "240.00"),
            (&["(4.20..4.70]"], "360.00"),
            (&["> 4.70"], "480.00"),
        ],
        None,
    )
}

#[test]
fn unique_returns_the_output_of_the_one_matching_rule() {
    let table = parking_fee()
        .compile(HitPolicy::Unique, &["vehicle_length"])
        .unwrap();
    let hit = table.evaluate(&[n("4.70")]).unwrap();
    assert_eq!(hit.value.to_string(), "360.00");
    assert_eq!(hit.rules, vec![2]);
}

#[test]
fn unique_reports_every_rule_when_several_match() {
    let overlapping = table(
        &["age"],
        &[(&[">= 18"], "\"adult\""), (&[">= 65"], "\"senior\"")],
        None,
    );
    let table = overlapping.compile(HitPolicy::Unique, &["age"]).unwrap();
    let error = table.evaluate(&[n("70")]).unwrap_err();
    assert_eq!(
        error,
        DecisionError::SeveralRulesMatch { rules: vec![1, 2] }
    );
    assert_eq!(error.value(), Value::Null);
    assert!(error.to_string().contains("rules 1, 2"));
}

#[test]
fn first_takes_the_earliest_matching_rule() {
    let ordered = table(
        &["age"],
        &[(&[">= 65"], "\"senior\""), (&[">= 18"], "\"adult\"")],
        None,
    );
    let table = ordered.compile(HitPolicy::First, &["age"]).unwrap();
    assert_eq!(
        table.evaluate(&[n("70")]).unwrap().value,
        Value::string("senior")
    );
    assert_eq!(
        table.evaluate(&[n("30")]).unwrap().value,
        Value::string("adult")
    );
}

#[test]
fn collect_sum_adds_the_outputs_exactly() {
    // Dog tax: 84 € for the first dog, 120 € for each further, 840 € for a
    // dangerous dog.
    let dogs = table(
        &["dogs", "dangerous"],
        &[
            (&[">= 1", "-"], "84.00"),
            (&[">= 2", "-"], "(dogs - 1) * 120.00"),
            (&["-", "true"], "840.00"),
        ],
        None,
    );
    let table = dogs
        .compile(HitPolicy::CollectSum, &["dogs", "dangerous"])
        .unwrap();
    let hit = table.evaluate(&[n("3"), Value::Boolean(true)]).unwrap();
    assert_eq!(hit.value.to_string(), "1164.00");
    assert_eq!(hit.rules, vec![1, 2, 3]);
}

#[test]
fn without_a_match_the_default_output_is_taken() {
    let with_default = table(
        &["legal_form"],
        &[(&["\"GmbH\", \"AG\""], "33.00")],
        Some("26.00"),
    );
    let table = with_default
        .compile(HitPolicy::First, &["legal_form"])
        .unwrap();
    let hit = table.evaluate(&[Value::string("e.K.")]).unwrap();
    assert_eq!(
        (hit.value.to_string(), hit.rules.len()),
        ("26.00".to_owned(), 0)
    );
}

#[test]
fn without_a_match_or_default_the_result_is_null() {
    let table = parking_fee()
        .compile(HitPolicy::CollectSum, &["vehicle_length"])
        .unwrap();
    assert_eq!(table.evaluate(&[Value::Null]).unwrap().value, Value::Null);
}

#[test]
fn a_rule_with_the_wrong_number_of_cells_is_refused() {
    let broken = table(&["a", "b"], &[(&["1"], "1")], None);
    let error = broken.compile(HitPolicy::Unique, &["a", "b"]).unwrap_err();
    assert_eq!(
        error,
        DecisionError::RuleWidth {
            rule: 1,
            inputs: 2,
            cells: 1
        }
    );
}

#[test]
fn collect_sum_refuses_an_output_that_is_not_a_number() {
    let wrong = table(&["a"], &[(&["-"], "\"ten\"")], None);
    let table = wrong.compile(HitPolicy::CollectSum, &["a"]).unwrap();
    assert_eq!(
        table.evaluate(&[n("1")]).unwrap_err(),
        DecisionError::OutputNotANumber { rule: 1 }
    );
}

#[test]
fn cells_may_refer_to_other_variables() {
    let relative = table(
        &["submitted"],
        &[(&["< deadline"], "\"in time\""), (&["-"], "\"late\"")],
        None,
    );
    let table = relative
        .compile(HitPolicy::First, &["submitted", "deadline"])
        .unwrap();
    let date = |s: &str| Value::Date(ozg::feel::temporal::parse_date(s).unwrap());
    let early = table
        .evaluate(&[date("2026-02-01"), date("2026-02-07")])
        .unwrap();
    assert_eq!(early.value, Value::string("in time"));
}
