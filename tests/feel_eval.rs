//! FEEL evaluation as the DMN specification describes it, on expressions
//! as modellers write them.

use ozg::feel::eval::{compile, evaluate};
use ozg::feel::parser::parse_expression_with;
use ozg::feel::value::{Context, Value};

fn eval(text: &str) -> String {
    eval_with(text, &[])
}

fn eval_with(text: &str, vars: &[(&str, &str)]) -> String {
    let mut context = Context::new();
    for (name, literal) in vars {
        let expr = parse_expression_with(literal, &Vec::<String>::new()).unwrap();
        context.insert(*name, evaluate(&expr, &Context::new()));
    }
    let names: Vec<String> = vars.iter().map(|(n, _)| (*n).to_owned()).collect();
    let expr = parse_expression_with(text, &names).unwrap();
    evaluate(&expr, &context).to_string()
}

#[test]
fn money_keeps_its_cents() {
    assert_eq!(eval("27.60 * 1"), "27.60");
    assert_eq!(eval("round half up(240.00 / 4, 2)"), "60.00");
    assert_eq!(eval("round half up(13 * 2 / 5, 2)"), "5.20");
}

#[test]
fn decimal_rounds_half_to_even_and_round_half_up_does_not() {
    assert_eq!(eval("decimal(2.345, 2)"), "2.34");
    assert_eq!(eval("round half up(2.345, 2)"), "2.35");
}

#[test]
fn errors_give_null_and_null_propagates() {
    assert_eq!(eval("1 / 0"), "null");
    assert_eq!(eval("1 + \"a\""), "null");
    assert_eq!(eval("date(\"2026-02-30\")"), "null");
    assert_eq!(eval("(1 / 0) + 1"), "null");
}

#[test]
fn a_null_guard_does_not_hold() {
    assert_eq!(eval("if null > 3 then \"yes\" else \"no\""), "\"no\"");
}

#[test]
fn a_month_after_the_31st_of_january_is_the_end_of_february() {
    assert_eq!(
        eval("date(\"2026-01-31\") + duration(\"P1M\")"),
        "date(\"2026-02-28\")"
    );
}

#[test]
fn subtracting_dates_gives_days() {
    assert_eq!(
        eval("date(\"2026-03-01\") - date(\"2026-02-01\")"),
        "duration(\"P28D\")"
    );
    assert_eq!(
        eval("(date(\"2026-03-01\") - date(\"2026-02-01\")).days"),
        "28"
    );
}

#[test]
fn durations_are_normalised_and_multiplied() {
    assert_eq!(eval("duration(\"P7M\") * 2"), "duration(\"P1Y2M\")");
    assert_eq!(eval("duration(\"PT36H\")"), "duration(\"P1DT12H\")");
}

#[test]
fn an_age_is_computed_from_the_birth_date() {
    let age = "years and months duration(birth_date, today).years";
    assert_eq!(
        eval_with(
            age,
            &[
                ("birth_date", "date(\"1990-05-01\")"),
                ("today", "date(\"2026-04-30\")")
            ]
        ),
        "35"
    );
}

#[test]
fn membership_in_lists_and_ranges() {
    assert_eq!(
        eval_with(
            "legal_form in [\"GmbH\", \"AG\"]",
            &[("legal_form", "\"AG\"")]
        ),
        "true"
    );
    assert_eq!(eval("4.70 in (4.20..4.70]"), "true");
    assert_eq!(eval("4.20 in (4.20..4.70]"), "false");
}

#[test]
fn filters_paths_and_iterations() {
    let vehicles = "[{length: 4.10, fee: 240.00}, {length: 4.90, fee: 480.00}]";
    assert_eq!(
        eval_with(
            "sum(vehicles[length > 4.70].fee)",
            &[("vehicles", vehicles)]
        ),
        "480.00"
    );
    assert_eq!(eval("for i in 1..3 return i * 10"), "[10, 20, 30]");
    assert_eq!(eval("every x in [1, 2] satisfies x > 0"), "true");
    assert_eq!(eval("[1, 2, 3][-1]"), "3");
}

#[test]
fn functions_can_be_defined_and_called_by_name() {
    assert_eq!(
        eval("{fee: function(base, share) base * share, r: fee(share: 0.4, base: 13)}.r"),
        "5.2"
    );
}

#[test]
fn unbounded_recursion_ends_in_null_not_a_crash() {
    let text = "{f: function(g, n) g(g, n + 1), r: f(f, 0)}.r";
    // Run on a thread with a modest stack, as a worker pool would.
    let result = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || eval(text))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(result, "null");
}

#[test]
fn one_compiled_expression_serves_many_threads() {
    let expr = parse_expression_with("if age < 24 then 27.60 else 46.00", &vec!["age"]).unwrap();
    let compiled = std::sync::Arc::new(compile(&expr, &["age"]));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let compiled = compiled.clone();
            std::thread::spawn(move || compiled.eval(&[Value::number(20 + i * 2)]).to_string())
        })
        .collect();
    let results: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results, ["27.60", "27.60", "46.00", "46.00"]);
}

#[test]
fn a_list_of_one_item_is_its_item_where_a_function_expects_one_value() {
    let items = "[{id: 3, amount: -12.50}, {id: 4, amount: 7}]";
    assert_eq!(
        eval_with("abs(items[id = 3].amount)", &[("items", items)]),
        "12.50"
    );
    assert_eq!(eval_with("count(items[id = 3])", &[("items", items)]), "1");
}
