//! The static type checker, specified by example: which types it infers for
//! guards, conditions and fee amounts of real-looking models, and which
//! mistakes it reports, with what message and suggestion. It must stay
//! silent on every correct expression, so many tests here assert that
//! nothing is reported.

use ozg::feel::ast::BinaryOp;
use ozg::feel::check::{
    Checked, EmptyScope, Expected, MapScope, Operation, Problem, ProblemKind, check,
    check_unary_tests,
};
use ozg::feel::parser::{parse_expression_with, parse_unary_tests_with};
use ozg::feel::types::Type;
use ozg::source::Span;

/// The names of a residents' parking permit and an identity card service.
fn scope() -> MapScope {
    let vehicle = Type::context([("length", Type::Number), ("plate", Type::String)]);
    let item = Type::context([("id", Type::Number), ("amount", Type::Number)]);
    MapScope::new()
        .with("vehicle_length", Type::Number)
        .with("severely_disabled", Type::Boolean)
        .with("decision", Type::String)
        .with("legal_form", Type::String)
        .with("age", Type::Number)
        .with("fee", Type::Number)
        .with("submitted", Type::Date)
        .with("received", Type::DateTime)
        .with("vehicles", Type::list(vehicle.clone()))
        .with("vehicle", vehicle)
        .with("items", Type::list(item))
        .with("unknown_records", Type::list(Type::Any))
        .with("anything", Type::Any)
        .with("Full Name", Type::String)
        .with("opening", Type::Time)
}

#[track_caller]
fn checked(text: &str) -> Checked {
    let scope = scope();
    let expr = parse_expression_with(text, &scope).unwrap();
    check(&expr, &scope)
}

/// The type of a correct expression; fails when anything is reported.
#[track_caller]
fn type_of(text: &str) -> Type {
    let result = checked(text);
    assert!(result.problems.is_empty(), "{text}: {:?}", result.problems);
    result.ty
}

/// The one problem reported for `text`.
#[track_caller]
fn problem(text: &str) -> Problem {
    let result = checked(text);
    assert_eq!(result.problems.len(), 1, "{text}: {:?}", result.problems);
    result.problems.into_iter().next().unwrap()
}

#[track_caller]
fn test_problems(cell: &str, input: &Type) -> Vec<Problem> {
    let scope = scope();
    let tests = parse_unary_tests_with(cell, &scope).unwrap();
    check_unary_tests(&tests, input, &scope)
}

fn span_of(text: &str, part: &str) -> Span {
    let start = text.find(part).unwrap();
    Span::new(start, start + part.len())
}

// ----- guards of real-looking models ---------------------------------------------

#[test]
fn a_decision_guard_is_a_boolean() {
    assert_eq!(type_of(r#"decision = "approve""#), Type::Boolean);
}

#[test]
fn a_date_plus_a_duration_is_a_date() {
    assert_eq!(type_of(r#"submitted + duration("P3M")"#), Type::Date);
    assert_eq!(type_of(r#"received + @"P14D""#), Type::DateTime);
}

#[test]
fn a_test_for_legal_forms_is_a_boolean() {
    assert_eq!(type_of(r#"legal_form in ["GmbH", "AG"]"#), Type::Boolean);
}

#[test]
fn a_fee_by_age_is_a_number() {
    assert_eq!(type_of("if age < 24 then 27.60 else 46.00"), Type::Number);
}

#[test]
fn counting_long_vehicles_is_well_typed() {
    assert_eq!(type_of("count(vehicles[length > 4.7]) > 0"), Type::Boolean);
}

#[test]
fn a_parking_guard_with_not_is_a_boolean() {
    assert_eq!(
        type_of("vehicle_length > 4.70 and not(severely_disabled)"),
        Type::Boolean
    );
}

#[test]
fn a_names_with_spaces_in_scope_is_read_as_one_name() {
    assert_eq!(type_of(r#"Full Name = "Erika Mustermann""#), Type::Boolean);
}

// ----- inferred types ---------------------------------------------------------------

#[test]
fn filters_keep_the_item_type_and_indexes_give_one_item() {
    let vehicle = Type::context([("length", Type::Number), ("plate", Type::String)]);
    assert_eq!(
        type_of("vehicles[length > 4.7]"),
        Type::list(vehicle.clone())
    );
    assert_eq!(
        type_of("vehicles[item.length > 4.7]"),
        Type::list(vehicle.clone())
    );
    assert_eq!(type_of("vehicles[1]"), vehicle);
}

#[test]
fn a_path_on_a_list_gives_a_list_of_members() {
    assert_eq!(type_of("vehicles.length"), Type::list(Type::Number));
    assert_eq!(type_of("sum(vehicles.length)"), Type::Number);
}

#[test]
fn dates_subtracted_give_a_days_and_time_duration() {
    assert_eq!(
        type_of(r#"date("2026-02-07") - date("2025-02-07")"#),
        Type::DaysTimeDuration
    );
    assert_eq!(type_of("opening - opening"), Type::DaysTimeDuration);
}

#[test]
fn temporal_literals_are_typed_by_their_text() {
    assert_eq!(type_of(r#"@"P3M""#), Type::YearsMonthsDuration);
    assert_eq!(type_of(r#"@"2026-02-07""#), Type::Date);
    assert_eq!(type_of(r#"duration("PT2H") * 3"#), Type::DaysTimeDuration);
}

#[test]
fn temporal_properties_are_numbers_or_durations() {
    assert_eq!(type_of("submitted.year + 1"), Type::Number);
    assert_eq!(type_of("received.time offset"), Type::DaysTimeDuration);
    assert_eq!(type_of(r#"duration("P1Y2M").months"#), Type::Number);
}

#[test]
fn for_gives_a_list_and_quantifiers_a_boolean() {
    assert_eq!(
        type_of("for v in vehicles return v.length * 2"),
        Type::list(Type::Number)
    );
    assert_eq!(type_of("for i in 1..3 return i"), Type::list(Type::Number));
    assert_eq!(
        type_of("some v in vehicles satisfies v.length > 4.70"),
        Type::Boolean
    );
    assert_eq!(
        type_of("every v in vehicles satisfies v.plate != null"),
        Type::Boolean
    );
}

#[test]
fn context_entries_see_earlier_entries() {
    assert_eq!(type_of("{ base: 30, total: base * 4 }.total"), Type::Number);
}

#[test]
fn function_definitions_have_function_types() {
    let ty = type_of("function(a: number, b) a + 1");
    assert_eq!(ty.to_string(), "function<number, Any> -> number");
}

#[test]
fn builtin_results_follow_their_arguments() {
    assert_eq!(type_of("min([3, 1, 2])"), Type::Number);
    assert_eq!(type_of("max(submitted, date(2026, 1, 1))"), Type::Date);
    assert_eq!(type_of("append([1, 2], 3)"), Type::list(Type::Number));
    assert_eq!(
        type_of(r#"distinct values(["a", "b"])"#),
        Type::list(Type::String)
    );
    assert_eq!(type_of(r#"abs(duration("P1D"))"#), Type::DaysTimeDuration);
    assert_eq!(type_of(r#"split("a,b", ",")"#), Type::list(Type::String));
    assert_eq!(type_of("today() + duration(\"P14D\")"), Type::Date);
}

#[test]
fn named_arguments_bind_by_parameter_name() {
    assert_eq!(
        type_of("round half up(n: fee * 2 / 5, scale: 2)"),
        Type::Number
    );
    assert_eq!(
        type_of(r#"substring(string: "Bewohnerparken", start position: 2)"#),
        Type::String
    );
}

#[test]
fn a_builtin_can_be_passed_as_a_value() {
    assert_eq!(
        type_of("sort([3, 1], function(a, b) a < b)"),
        Type::list(Type::Number)
    );
    assert!(matches!(type_of("count"), Type::Function(_)));
}

#[test]
fn branches_of_different_types_give_any_without_a_report() {
    assert_eq!(type_of(r#"if age > 18 then 46.00 else "free""#), Type::Any);
}

// ----- nothing is reported where nothing is certain -------------------------------------

#[test]
fn nothing_involving_any_is_reported() {
    assert_eq!(type_of("anything + 1"), Type::Any);
    assert_eq!(type_of("anything.whatever.else"), Type::Any);
    assert_eq!(type_of("anything(1, 2)"), Type::Any);
    assert_eq!(type_of("age = anything and anything"), Type::Boolean);
}

#[test]
fn names_in_filters_over_items_of_unknown_shape_are_not_reported() {
    assert_eq!(
        type_of("count(unknown_records[price > 5 and item.x = 1])"),
        Type::Number
    );
}

#[test]
fn null_fits_everywhere() {
    type_of("age > null");
    type_of("string length(null)");
    type_of("if null then 1 else 2");
}

#[test]
fn a_list_may_stand_for_its_only_item() {
    assert_eq!(type_of("abs(items[id = 3].amount)"), Type::Number);
    type_of("items[id = 3].amount + fee");
    type_of("count(5)");
}

#[test]
fn dates_compare_with_dates_and_times() {
    type_of("submitted < now()");
    type_of("submitted = received");
}

// ----- unknown names, functions, members, types --------------------------------------------

#[test]
fn an_unknown_name_suggests_the_closest_known_one() {
    let text = "vehicle_lenght > 4.70";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::UnknownName {
            name: "vehicle_lenght".into(),
            suggestion: Some("vehicle_length".into())
        }
    );
    assert_eq!(p.span, span_of(text, "vehicle_lenght"));
    assert_eq!(p.message(), "`vehicle_lenght` is not known here");
    assert_eq!(p.help().unwrap(), "did you mean `vehicle_length`?");
}

#[test]
fn an_unknown_name_in_other_capitals_suggests_the_known_spelling() {
    let p = problem("Age > 18");
    assert!(matches!(p.kind, ProblemKind::UnknownName { suggestion: Some(s), .. } if s == "age"));
}

#[test]
fn an_unknown_name_far_from_any_known_one_gets_no_suggestion() {
    let p = problem("zzz_completely_different > 1");
    assert!(matches!(
        p.kind,
        ProblemKind::UnknownName {
            suggestion: None,
            ..
        }
    ));
    assert!(p.help().unwrap().contains("declare"));
}

#[test]
fn names_bound_inside_are_suggested_too() {
    let p = problem("for vehicle_item in vehicles return vehicle_itme.length");
    assert!(matches!(
        p.kind,
        ProblemKind::UnknownName { suggestion: Some(s), .. } if s == "vehicle_item"
    ));
}

#[test]
fn the_input_marker_outside_a_test_is_explained() {
    let p = check(
        &ozg::feel::parser::parse_expression("? > 3").unwrap(),
        &EmptyScope,
    )
    .problems
    .remove(0);
    assert_eq!(p.message(), "`?` is only known in a test");
}

#[test]
fn an_unknown_function_suggests_a_builtin() {
    let text = "cout(vehicles) > 0";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::UnknownFunction {
            name: "cout".into(),
            suggestion: Some("count".into())
        }
    );
    assert_eq!(p.span, span_of(text, "cout"));
    assert_eq!(p.message(), "there is no function called `cout`");
}

#[test]
fn an_unknown_member_of_a_context_suggests_a_member() {
    let text = "vehicle.lenght > 4.7";
    let p = problem(text);
    let ProblemKind::UnknownMember {
        name, suggestion, ..
    } = &p.kind
    else {
        panic!()
    };
    assert_eq!(
        (name.as_str(), suggestion.as_deref()),
        ("lenght", Some("length"))
    );
    assert_eq!(p.span, span_of(text, "lenght"));
}

#[test]
fn an_unknown_property_of_a_date_suggests_a_property() {
    let p = problem("submitted.yaer > 2020");
    assert_eq!(
        p.kind,
        ProblemKind::UnknownMember {
            name: "yaer".into(),
            on: Type::Date,
            suggestion: Some("year".into())
        }
    );
    assert_eq!(p.message(), "A date has no member `yaer`");
}

#[test]
fn a_member_of_a_number_is_reported() {
    let p = problem("age.years");
    assert!(matches!(
        p.kind,
        ProblemKind::UnknownMember {
            on: Type::Number,
            ..
        }
    ));
}

#[test]
fn an_unknown_type_suggests_a_type() {
    let p = problem("age instance of nummber");
    assert_eq!(
        p.kind,
        ProblemKind::UnknownType {
            name: "nummber".into(),
            suggestion: Some("number".into())
        }
    );
}

// ----- calls ------------------------------------------------------------------------------

#[test]
fn a_call_with_too_few_arguments_is_reported() {
    let text = "round half up(fee)";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::WrongArgumentCount {
            function: "round half up".into(),
            allowed: vec![2],
            at_least: None,
            found: 1
        }
    );
    assert_eq!(p.span, span_of(text, text));
    assert_eq!(
        p.message(),
        "`round half up` takes 2 arguments, but 1 is given"
    );
}

#[test]
fn the_argument_counts_of_all_forms_are_named() {
    let p = problem("date(2026, 2)");
    assert_eq!(
        p.message(),
        "`date` takes 1 or 3 arguments, but 2 are given"
    );
    let p = problem("min()");
    assert_eq!(
        p.message(),
        "`min` takes 1 or more arguments, but 0 are given"
    );
}

#[test]
fn a_call_of_a_user_function_with_the_wrong_count_is_reported() {
    let p = problem("(function(a, b) a + b)(1)");
    assert!(matches!(
        p.kind,
        ProblemKind::WrongArgumentCount { found: 1, .. }
    ));
}

#[test]
fn an_unknown_named_argument_suggests_a_parameter() {
    let text = "round half up(n: fee, scal: 2)";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::UnknownArgument {
            function: "round half up".into(),
            name: "scal".into(),
            suggestion: Some("scale".into())
        }
    );
    assert_eq!(p.span, span_of(text, "scal"));
}

#[test]
fn a_missing_named_argument_is_named() {
    let p = problem(r#"substring(string: "abc")"#);
    assert_eq!(
        p.kind,
        ProblemKind::MissingArgument {
            function: "substring".into(),
            parameter: "start position".into()
        }
    );
}

#[test]
fn a_named_argument_given_twice_is_reported() {
    let p = problem("round half up(n: 1, n: 2)");
    assert_eq!(p.kind, ProblemKind::DuplicateArgument { name: "n".into() });
}

#[test]
fn an_argument_of_the_wrong_type_is_reported() {
    let text = "string length(age)";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::TypeMismatch {
            expected: Expected::Type(Type::String),
            found: Type::Number,
            operation: Operation::Argument {
                function: "string length".into(),
                parameter: "string".into()
            }
        }
    );
    assert_eq!(p.span, span_of(text, "age"));
    assert_eq!(
        p.message(),
        "The argument `string` of `string length` needs a text (string), but this is a number"
    );
}

#[test]
fn an_argument_fitting_no_form_is_reported_against_the_closest_form() {
    let p = problem(r#"day of week("Monday")"#);
    let ProblemKind::TypeMismatch { expected, .. } = &p.kind else {
        panic!()
    };
    assert_eq!(expected, &Expected::OneOf(vec![Type::Date, Type::DateTime]));
}

#[test]
fn a_field_named_like_a_builtin_does_not_hide_the_builtin() {
    let scope = MapScope::new()
        .with("sum", Type::Number)
        .with("fees", Type::list(Type::Number));
    let expr = ozg::feel::parser::parse_expression("sum(fees) + sum").unwrap();
    let result = check(&expr, &scope);
    assert!(result.problems.is_empty(), "{:?}", result.problems);
    assert_eq!(result.ty, Type::Number);
}

#[test]
fn calling_a_value_that_is_no_function_is_reported() {
    let p = problem("age(1)");
    assert_eq!(
        p.kind,
        ProblemKind::NotCallable {
            found: Type::Number
        }
    );
}

// ----- operators ---------------------------------------------------------------------------

#[test]
fn adding_a_number_to_a_date_is_reported_with_advice() {
    let text = "submitted + 14";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::InvalidOperands {
            op: BinaryOp::Add,
            left: Type::Date,
            right: Type::Number
        }
    );
    assert_eq!(p.span, span_of(text, text));
    assert_eq!(p.message(), "`+` cannot add a number to a date");
    assert!(p.help().unwrap().contains("duration(\"P14D\")"));
}

#[test]
fn comparing_a_number_with_text_is_reported() {
    let p = problem(r#"age > "18""#);
    assert_eq!(
        p.kind,
        ProblemKind::InvalidOperands {
            op: BinaryOp::Greater,
            left: Type::Number,
            right: Type::String
        }
    );
    assert!(p.help().unwrap().contains("write `18`"));
}

#[test]
fn equality_between_kinds_that_never_match_is_reported() {
    let p = problem("decision = 1");
    assert_eq!(
        p.message(),
        "`=` compares a text (string) with a number, which can never be equal"
    );
}

#[test]
fn booleans_cannot_be_ordered() {
    let p = problem("severely_disabled < true");
    assert!(matches!(
        p.kind,
        ProblemKind::InvalidOperands {
            op: BinaryOp::Less,
            ..
        }
    ));
}

#[test]
fn and_needs_truth_values() {
    let text = "age and severely_disabled";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::TypeMismatch {
            expected: Expected::Type(Type::Boolean),
            found: Type::Number,
            operation: Operation::Logic(BinaryOp::And)
        }
    );
    assert_eq!(p.span, span_of(text, "age"));
}

#[test]
fn an_if_condition_must_be_a_truth_value() {
    let p = problem(r#"if "true" then 1 else 2"#);
    assert!(matches!(
        p.kind,
        ProblemKind::TypeMismatch {
            operation: Operation::Condition,
            found: Type::String,
            ..
        }
    ));
    assert!(p.help().unwrap().contains("without quotes"));
}

#[test]
fn negating_text_is_reported() {
    let p = problem("-decision");
    assert!(matches!(
        p.kind,
        ProblemKind::TypeMismatch {
            operation: Operation::Negation,
            ..
        }
    ));
}

#[test]
fn between_bounds_must_match_the_value() {
    let p = problem(r#"age between "18" and 65"#);
    assert!(matches!(
        p.kind,
        ProblemKind::TypeMismatch {
            operation: Operation::Between,
            found: Type::String,
            ..
        }
    ));
}

#[test]
fn in_tests_must_match_the_value() {
    let text = "legal_form in [1, 2]";
    let p = problem(text);
    assert_eq!(
        p.kind,
        ProblemKind::TypeMismatch {
            expected: Expected::Type(Type::String),
            found: Type::Number,
            operation: Operation::Test
        }
    );
    assert_eq!(p.span, span_of(text, "[1, 2]"));
}

#[test]
fn range_bounds_must_be_of_one_orderable_kind() {
    let p = problem(r#"age in [1.."9"]"#);
    assert!(matches!(
        p.kind,
        ProblemKind::TypeMismatch {
            operation: Operation::RangeBound,
            ..
        }
    ));
}

#[test]
fn a_filter_condition_must_be_a_truth_value_or_a_position() {
    let p = problem(r#"vehicles["long"]"#);
    assert!(matches!(
        p.kind,
        ProblemKind::TypeMismatch {
            operation: Operation::Filter,
            ..
        }
    ));
}

#[test]
fn iterating_over_a_single_number_is_reported() {
    let p = problem("for x in age return x");
    assert_eq!(
        p.kind,
        ProblemKind::NotAList {
            found: Type::Number
        }
    );
}

#[test]
fn a_context_key_written_twice_is_reported() {
    let text = "{ a: 1, a: 2 }";
    let p = problem(text);
    assert_eq!(p.kind, ProblemKind::DuplicateKey { name: "a".into() });
    assert_eq!(p.span, Span::new(8, 9));
}

#[test]
fn every_problem_of_an_expression_is_reported() {
    let result = checked("vehicle_lenght > 4.7 and decision = 1 and cout(1)");
    assert_eq!(result.problems.len(), 3);
}

// ----- decision table cells ---------------------------------------------------------------------

#[test]
fn cells_matching_their_input_are_silent() {
    assert!(test_problems("< 4.20, [4.20..4.70], > 4.70", &Type::Number).is_empty());
    assert!(test_problems(r#"not("GmbH", "AG")"#, &Type::String).is_empty());
    assert!(test_problems("? > 3 and ? < 10", &Type::Number).is_empty());
    assert!(test_problems("-", &Type::Number).is_empty());
    assert!(test_problems("[vehicle_length..8]", &Type::Number).is_empty());
    assert!(test_problems(r#"< @"2024-01-01""#, &Type::DateTime).is_empty());
}

#[test]
fn a_cell_of_another_kind_than_its_input_is_reported() {
    let problems = test_problems(r#""GmbH""#, &Type::Number);
    assert_eq!(problems.len(), 1);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::TypeMismatch {
            operation: Operation::Test,
            ..
        }
    ));
    let problems = test_problems(r#"> "x""#, &Type::Number);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::InvalidOperands {
            op: BinaryOp::Greater,
            ..
        }
    ));
}

#[test]
fn a_cell_uses_the_input_through_the_question_mark() {
    let problems = test_problems(r#"? + 1 > "x""#, &Type::Number);
    assert_eq!(problems.len(), 1);
}

#[test]
fn the_deepest_expressions_the_parser_accepts_are_checked_without_exhausting_the_stack() {
    let limit = usize::try_from(ozg::feel::parser::MAX_DEPTH).unwrap();
    let forms = [
        ("(", ")"),
        ("[", "]"),
        ("abs(", ")"),
        ("age + (", ")"),
        ("vehicles[", "].length"),
        ("{a: ", "}"),
        ("if true then ", " else 1"),
        ("for x in [1] return ", ""),
        ("function(x) ", ""),
        ("age in (", ")"),
    ];
    let scope = scope();
    for (open, close) in forms {
        // The most levels of this form the parser accepts.
        let (levels, expr) = (1..=limit)
            .rev()
            .find_map(|n| {
                let text = open.repeat(n) + "1" + &close.repeat(n);
                parse_expression_with(&text, &scope)
                    .ok()
                    .map(|expr| (n, expr))
            })
            .unwrap();
        assert!(levels >= limit / 3, "{open}: only {levels} levels");
        check(&expr, &scope);
    }
}
