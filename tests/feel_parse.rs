//! The FEEL parser, specified by example: each construct of the language,
//! how operators group, which spans nodes cover, and what an author is told
//! when an expression is wrong.
//!
//! Trees are compared through a compact prefix notation (see [`show`]), so
//! that a test states the whole structure it expects in one line.

use std::fmt::Write;

use ozg::feel::ast::{
    Arguments, Expr, ExprKind, IterationDomain, Quantifier, Range, TypeRef, UnaryTest,
    UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use ozg::feel::parser::{
    KnownNames, MAX_DEPTH, NameSet, ParseError, parse_expression, parse_expression_with,
    parse_unary_tests, parse_unary_tests_with,
};
use ozg::source::Span;

// ----- the notation -----------------------------------------------------

fn show(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr);
    out
}

fn write_name(out: &mut String, name: &str) {
    if name.contains(' ') {
        write!(out, "{{{name}}}").unwrap();
    } else {
        out.push_str(name);
    }
}

fn write_list(out: &mut String, exprs: &[Expr]) {
    for expr in exprs {
        out.push(' ');
        write_expr(out, expr);
    }
}

fn write_expr(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::Null => out.push_str("null"),
        ExprKind::Boolean(b) => write!(out, "{b}").unwrap(),
        ExprKind::Number(n) => write!(out, "{n}").unwrap(),
        ExprKind::String(s) => write!(out, "{s:?}").unwrap(),
        ExprKind::Temporal(s) => write!(out, "@{s:?}").unwrap(),
        ExprKind::Name(n) => write_name(out, n),
        ExprKind::List(items) => {
            out.push_str("(list");
            write_list(out, items);
            out.push(')');
        }
        ExprKind::Context(entries) => {
            out.push_str("(context");
            for entry in entries {
                out.push_str(" (");
                write_name(out, &entry.key);
                out.push(' ');
                write_expr(out, &entry.value);
                out.push(')');
            }
            out.push(')');
        }
        ExprKind::Range(range) => write_range(out, range),
        _ => write_compound(out, expr),
    }
}

fn write_compound(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::Negate(inner) => {
            out.push_str("(neg ");
            write_expr(out, inner);
            out.push(')');
        }
        ExprKind::Binary(op, left, right) => {
            write!(out, "({} ", op.symbol()).unwrap();
            write_expr(out, left);
            out.push(' ');
            write_expr(out, right);
            out.push(')');
        }
        ExprKind::Between { value, low, high } => {
            out.push_str("(between ");
            write_expr(out, value);
            out.push(' ');
            write_expr(out, low);
            out.push(' ');
            write_expr(out, high);
            out.push(')');
        }
        ExprKind::In { value, tests } => {
            out.push_str("(in ");
            write_expr(out, value);
            out.push(' ');
            write_tests(out, tests);
            out.push(')');
        }
        ExprKind::InstanceOf { value, type_ref } => {
            out.push_str("(instance-of ");
            write_expr(out, value);
            out.push(' ');
            write_type(out, type_ref);
            out.push(')');
        }
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            out.push_str("(if ");
            write_expr(out, condition);
            out.push(' ');
            write_expr(out, then);
            out.push(' ');
            write_expr(out, otherwise);
            out.push(')');
        }
        _ => write_binding(out, expr),
    }
}

fn write_binding(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::For { iterators, body } => {
            out.push_str("(for");
            write_iterators(out, iterators);
            out.push(' ');
            write_expr(out, body);
            out.push(')');
        }
        ExprKind::Quantified {
            quantifier,
            iterators,
            condition,
        } => {
            out.push_str(match quantifier {
                Quantifier::Some => "(some",
                Quantifier::Every => "(every",
            });
            write_iterators(out, iterators);
            out.push(' ');
            write_expr(out, condition);
            out.push(')');
        }
        ExprKind::Filter { list, condition } => {
            out.push_str("(filter ");
            write_expr(out, list);
            out.push(' ');
            write_expr(out, condition);
            out.push(')');
        }
        ExprKind::Path { base, name, .. } => {
            out.push_str("(. ");
            write_expr(out, base);
            out.push(' ');
            write_name(out, name);
            out.push(')');
        }
        ExprKind::Call {
            function,
            arguments,
        } => {
            out.push_str("(call ");
            write_expr(out, function);
            match arguments {
                Arguments::Positional(args) => write_list(out, args),
                Arguments::Named(args) => {
                    for arg in args {
                        out.push_str(" (");
                        write_name(out, &arg.name);
                        out.push_str(": ");
                        write_expr(out, &arg.value);
                        out.push(')');
                    }
                }
            }
            out.push(')');
        }
        ExprKind::Function { parameters, body } => {
            out.push_str("(function (");
            for (i, parameter) in parameters.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_name(out, &parameter.name);
                if let Some(type_ref) = &parameter.type_ref {
                    out.push(':');
                    write_type(out, type_ref);
                }
            }
            out.push_str(") ");
            write_expr(out, body);
            out.push(')');
        }
        other => panic!("not a compound expression: {other:?}"),
    }
}

fn write_iterators(out: &mut String, iterators: &[ozg::feel::ast::Iterator]) {
    for iterator in iterators {
        out.push_str(" (");
        write_name(out, &iterator.name);
        out.push(' ');
        match &iterator.domain {
            IterationDomain::List(list) => write_expr(out, list),
            IterationDomain::Interval(from, to) => {
                write_expr(out, from);
                out.push_str("..");
                write_expr(out, to);
            }
        }
        out.push(')');
    }
}

fn write_range(out: &mut String, range: &Range) {
    out.push(if range.start_closed { '[' } else { '(' });
    match &range.start {
        Some(start) => write_expr(out, start),
        None => out.push('_'),
    }
    out.push_str("..");
    match &range.end {
        Some(end) => write_expr(out, end),
        None => out.push('_'),
    }
    out.push(if range.end_closed { ']' } else { ')' });
}

fn write_type(out: &mut String, type_ref: &TypeRef) {
    match type_ref {
        TypeRef::Named(name) => write_name(out, name),
        TypeRef::List(inner) => {
            out.push_str("list<");
            write_type(out, inner);
            out.push('>');
        }
        TypeRef::Range(inner) => {
            out.push_str("range<");
            write_type(out, inner);
            out.push('>');
        }
        TypeRef::Context(fields) => {
            out.push_str("context<");
            for (i, (name, field)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_name(out, name);
                out.push_str(": ");
                write_type(out, field);
            }
            out.push('>');
        }
        TypeRef::Function(parameters, result) => {
            out.push_str("function<");
            for (i, parameter) in parameters.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(out, parameter);
            }
            out.push_str(">->");
            write_type(out, result);
        }
    }
}

fn write_test(out: &mut String, test: &UnaryTest) {
    match &test.kind {
        UnaryTestKind::Compare(op, bound) => {
            write!(out, "({} ", op.symbol()).unwrap();
            write_expr(out, bound);
            out.push(')');
        }
        UnaryTestKind::Range(range) => write_range(out, range),
        UnaryTestKind::Expr(expr) => write_expr(out, expr),
    }
}

fn write_tests(out: &mut String, tests: &UnaryTests) {
    let (prefix, tests) = match &tests.kind {
        UnaryTestsKind::Any => {
            out.push('-');
            return;
        }
        UnaryTestsKind::Positive(tests) => ("(tests", tests),
        UnaryTestsKind::Negated(tests) => ("(not", tests),
    };
    out.push_str(prefix);
    for test in tests {
        out.push(' ');
        write_test(out, test);
    }
    out.push(')');
}

// ----- helpers ------------------------------------------------------------

#[track_caller]
fn parsed(text: &str) -> String {
    match parse_expression(text) {
        Ok(expr) => show(&expr),
        Err(error) => panic!("{text:?} did not parse: {error:?}"),
    }
}

#[track_caller]
fn parsed_with(text: &str, names: &dyn KnownNames) -> String {
    show(&parse_expression_with(text, names).unwrap())
}

#[track_caller]
fn tests(text: &str) -> String {
    let mut out = String::new();
    write_tests(&mut out, &parse_unary_tests(text).unwrap());
    out
}

#[track_caller]
fn error(text: &str) -> ParseError {
    match parse_expression(text) {
        Ok(expr) => panic!("{text:?} parsed as {}", show(&expr)),
        Err(error) => error,
    }
}

#[track_caller]
fn test_error(text: &str) -> ParseError {
    match parse_unary_tests(text) {
        Ok(_) => panic!("{text:?} parsed"),
        Err(error) => error,
    }
}

/// The text a span covers.
fn covered(text: &str, span: Span) -> &str {
    &text[span.range()]
}

// ----- literals -----------------------------------------------------------

#[test]
fn numbers_keep_their_scale() {
    assert_eq!(parsed("4.70"), "4.70");
    assert_eq!(parsed(".5"), "0.5");
    assert_eq!(parsed("46"), "46");
}

#[test]
fn a_negative_number_is_a_negation() {
    assert_eq!(parsed("-27.60"), "(neg 27.60)");
}

#[test]
fn strings_resolve_their_escapes() {
    assert_eq!(
        parsed(r#""Gro\u00dfe \"Stadt\"\n""#),
        r#""Große \"Stadt\"\n""#
    );
    assert_eq!(parsed(r#""\U01F600""#), "\"😀\"");
}

#[test]
fn temporal_literals_keep_their_text() {
    assert_eq!(parsed(r#"@"2026-02-07""#), r#"@"2026-02-07""#);
    assert_eq!(parsed(r#"@ "P3M""#), r#"@"P3M""#);
}

#[test]
fn null_and_booleans_are_literals() {
    assert_eq!(parsed("[null, true, false]"), "(list null true false)");
}

#[test]
fn lists_may_be_empty_or_nested() {
    assert_eq!(parsed("[]"), "(list)");
    assert_eq!(parsed("[1, [2, 3]]"), "(list 1 (list 2 3))");
}

#[test]
fn context_keys_are_names_or_strings() {
    assert_eq!(
        parsed(r#"{ name: "Erika", "postal code": "79098", monthly income: 1 }"#),
        r#"(context (name "Erika") ({postal code} "79098") ({monthly income} 1))"#
    );
    assert_eq!(parsed("{}"), "(context)");
}

#[test]
fn context_values_may_be_contexts() {
    assert_eq!(
        parsed("{a: {b: 1}}.a.b"),
        "(. (. (context (a (context (b 1)))) a) b)"
    );
}

// ----- ranges -------------------------------------------------------------

#[test]
fn ranges_take_every_bracket_form() {
    assert_eq!(parsed("[1..10]"), "[1..10]");
    assert_eq!(parsed("(1..10)"), "(1..10)");
    assert_eq!(parsed("]1..10["), "(1..10)");
    assert_eq!(parsed("[1..10)"), "[1..10)");
    assert_eq!(parsed("]1..10]"), "(1..10]");
    assert_eq!(parsed("(1..10["), "(1..10)");
}

#[test]
fn a_range_closed_by_an_open_bracket_is_not_a_filter() {
    assert_eq!(parsed("[x..y[ = r"), "(= [x..y) r)");
    assert_eq!(parsed("[1..limits[1]]"), "[1..(filter limits 1)]");
}

#[test]
fn range_ends_may_be_expressions() {
    assert_eq!(
        parsed(r#"[date("2024-01-01")..today()]"#),
        r#"[(call date "2024-01-01")..(call today)]"#
    );
}

#[test]
fn comparisons_used_as_values_are_half_open_ranges() {
    assert_eq!(parsed("< 10"), "(_..10)");
    assert_eq!(parsed("<= 10"), "(_..10]");
    assert_eq!(parsed("> 10"), "(10.._)");
    assert_eq!(parsed(">= 10"), "[10.._)");
    assert_eq!(parsed("[< 5, > 10]"), "(list (_..5) (10.._))");
}

// ----- arithmetic and precedence -------------------------------------------

#[test]
fn multiplication_binds_tighter_than_addition() {
    assert_eq!(parsed("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(parsed("1 * 2 + 3"), "(+ (* 1 2) 3)");
}

#[test]
fn operators_of_one_level_group_from_the_left() {
    assert_eq!(parsed("10 - 4 - 3"), "(- (- 10 4) 3)");
    assert_eq!(parsed("8 / 4 / 2"), "(/ (/ 8 4) 2)");
    assert_eq!(parsed("2 ** 3 ** 2"), "(** (** 2 3) 2)");
}

#[test]
fn exponentiation_binds_tighter_than_multiplication() {
    assert_eq!(parsed("2 * 3 ** 2"), "(* 2 (** 3 2))");
}

#[test]
fn negation_binds_tighter_than_exponentiation() {
    assert_eq!(parsed("-2 ** 2"), "(** (neg 2) 2)");
    assert_eq!(parsed("2 ** -1"), "(** 2 (neg 1))");
}

#[test]
fn negation_applies_to_paths_and_calls_as_a_whole() {
    assert_eq!(parsed("-a.b"), "(neg (. a b))");
    assert_eq!(parsed("- -abs(x)"), "(neg (neg (call abs x)))");
}

#[test]
fn parentheses_override_precedence() {
    assert_eq!(parsed("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

#[test]
fn arithmetic_binds_tighter_than_comparison() {
    assert_eq!(parsed("a + 1 > b * 2"), "(> (+ a 1) (* b 2))");
}

#[test]
fn comparison_binds_tighter_than_and_which_binds_tighter_than_or() {
    assert_eq!(
        parsed("a = 1 or b = 2 and c = 3"),
        "(or (= a 1) (and (= b 2) (= c 3)))"
    );
}

#[test]
fn every_comparison_operator_is_read() {
    assert_eq!(
        parsed("[a = 1, a != 1, a < 1, a <= 1, a > 1, a >= 1]"),
        "(list (= a 1) (!= a 1) (< a 1) (<= a 1) (> a 1) (>= a 1))"
    );
}

#[test]
fn a_typical_guard_parses() {
    assert_eq!(
        parsed("vehicle_length > 4.70 and not(severely_disabled)"),
        "(and (> vehicle_length 4.70) (call not severely_disabled))"
    );
}

// ----- between, in, instance of -----------------------------------------------

#[test]
fn between_takes_two_bounds_joined_by_and() {
    assert_eq!(parsed("x between 1 and 10"), "(between x 1 10)");
    assert_eq!(
        parsed("x between a + 1 and b and y"),
        "(and (between x (+ a 1) b) y)"
    );
}

#[test]
fn in_takes_a_single_test() {
    assert_eq!(
        parsed(r#"legal_form in ["GmbH", "AG"]"#),
        r#"(in legal_form (tests (list "GmbH" "AG")))"#
    );
    assert_eq!(parsed("x in [1..5]"), "(in x (tests [1..5]))");
    assert_eq!(parsed("x in < 5"), "(in x (tests (< 5)))");
    assert_eq!(parsed("x in >= a + 1"), "(in x (tests (>= (+ a 1))))");
}

#[test]
fn in_takes_several_tests_in_parentheses() {
    assert_eq!(parsed("x in (1, 2, > 10)"), "(in x (tests 1 2 (> 10)))");
    assert_eq!(parsed("x in (< 5, [7..9])"), "(in x (tests (< 5) [7..9]))");
}

#[test]
fn in_with_parentheses_around_a_range_is_an_open_range() {
    assert_eq!(parsed("x in (1..5)"), "(in x (tests (1..5)))");
    assert_eq!(parsed("x in (1..5]"), "(in x (tests (1..5]))");
}

#[test]
fn in_binds_tighter_than_and() {
    assert_eq!(parsed("x in y and z"), "(and (in x (tests y)) z)");
}

#[test]
fn instance_of_reads_simple_and_composite_types() {
    assert_eq!(parsed("x instance of number"), "(instance-of x number)");
    assert_eq!(
        parsed("x instance of date and time"),
        "(instance-of x {date and time})"
    );
    assert_eq!(
        parsed("x instance of days and time duration"),
        "(instance-of x {days and time duration})"
    );
    assert_eq!(
        parsed("x instance of list<number>"),
        "(instance-of x list<number>)"
    );
    assert_eq!(
        parsed("x instance of list<context<a: number, full name: list<string>>>"),
        "(instance-of x list<context<a: number, {full name}: list<string>>>)"
    );
    assert_eq!(
        parsed("x instance of range<date>"),
        "(instance-of x range<date>)"
    );
    assert_eq!(
        parsed("f instance of function<number, string> -> boolean"),
        "(instance-of f function<number, string>->boolean)"
    );
    assert_eq!(
        parsed("f instance of function<>->Any"),
        "(instance-of f function<>->Any)"
    );
}

#[test]
fn instance_of_tests_the_whole_sum() {
    assert_eq!(
        parsed("a + b instance of number"),
        "(instance-of (+ a b) number)"
    );
}

#[test]
fn instance_of_a_date_followed_by_and_is_a_conjunction() {
    assert_eq!(
        parsed("x instance of date and y"),
        "(and (instance-of x date) y)"
    );
}

// ----- control -------------------------------------------------------------------

#[test]
fn if_then_else_reaches_as_far_as_possible() {
    assert_eq!(
        parsed("if age < 24 then 27.60 else 46.00"),
        "(if (< age 24) 27.60 46.00)"
    );
    assert_eq!(parsed("if a then b else c + 1"), "(if a b (+ c 1))");
    assert_eq!(parsed("1 + if a then 2 else 3"), "(+ 1 (if a 2 3))");
}

#[test]
fn if_expressions_nest() {
    assert_eq!(
        parsed("if a then if b then 1 else 2 else 3"),
        "(if a (if b 1 2) 3)"
    );
}

#[test]
fn for_iterates_over_lists_and_intervals() {
    assert_eq!(parsed("for x in xs return x * 2"), "(for (x xs) (* x 2))");
    assert_eq!(
        parsed("for x in xs, i in 1..3 return x * i"),
        "(for (x xs) (i 1..3) (* x i))"
    );
    assert_eq!(
        parsed("for i in 0..n - 1 return i"),
        "(for (i 0..(- n 1)) i)"
    );
}

#[test]
fn quantifiers_take_iterators_and_a_condition() {
    assert_eq!(
        parsed("some v in vehicles satisfies v.length > 4.70"),
        "(some (v vehicles) (> (. v length) 4.70))"
    );
    assert_eq!(
        parsed("every a in as, b in bs satisfies a < b"),
        "(every (a as) (b bs) (< a b))"
    );
}

// ----- filters, paths, calls, functions ------------------------------------------

#[test]
fn filters_take_conditions_and_indexes() {
    assert_eq!(parsed("xs[item > 2]"), "(filter xs (> item 2))");
    assert_eq!(parsed("xs[1]"), "(filter xs 1)");
    assert_eq!(parsed("xs[-1]"), "(filter xs (neg 1))");
    assert_eq!(
        parsed("count(vehicles[length > 4.7]) > 0"),
        "(> (call count (filter vehicles (> length 4.7))) 0)"
    );
}

#[test]
fn filters_paths_and_calls_chain_from_the_left() {
    assert_eq!(
        parsed("a.b[c].d(1)[2]"),
        "(filter (call (. (filter (. a b) c) d) 1) 2)"
    );
}

#[test]
fn paths_read_temporal_properties() {
    assert_eq!(parsed("submitted.year"), "(. submitted year)");
    assert_eq!(parsed("t.time offset"), "(. t {time offset})");
    assert_eq!(parsed("r.start included"), "(. r {start included})");
}

#[test]
fn calls_take_positional_arguments() {
    assert_eq!(parsed("f()"), "(call f)");
    assert_eq!(parsed("round half up(x, 2)"), "(call {round half up} x 2)");
}

#[test]
fn calls_take_named_arguments_whose_names_may_contain_spaces() {
    assert_eq!(
        parsed(r#"substring(string: "abc", start position: 2)"#),
        r#"(call substring (string: "abc") ({start position}: 2))"#
    );
}

#[test]
fn builtin_names_with_spaces_are_recognised() {
    assert_eq!(
        parsed(r#"date and time("2024-01-01T00:00:00")"#),
        r#"(call {date and time} "2024-01-01T00:00:00")"#
    );
    assert_eq!(
        parsed("years and months duration(a, b)"),
        "(call {years and months duration} a b)"
    );
    assert_eq!(parsed("string length(s)"), "(call {string length} s)");
    assert_eq!(parsed("distinct values(xs)"), "(call {distinct values} xs)");
    assert_eq!(parsed("index of(xs, 1)"), "(call {index of} xs 1)");
    assert_eq!(parsed("day of week(d)"), "(call {day of week} d)");
    assert_eq!(parsed("get or else(a, b)"), "(call {get or else} a b)");
    assert_eq!(
        parsed("last day of month(d)"),
        "(call {last day of month} d)"
    );
}

#[test]
fn white_space_inside_a_known_name_is_collapsed() {
    assert_eq!(parsed("date  and\n time(x)"), "(call {date and time} x)");
}

#[test]
fn a_date_and_a_time_joined_by_and_stay_apart_without_the_name() {
    assert_eq!(parsed("date and timely"), "(and date timely)");
}

#[test]
fn longest_known_name_wins() {
    assert_eq!(parsed("round half up(x)"), "(call {round half up} x)");
    assert_eq!(parsed("round up(x)"), "(call {round up} x)");
}

#[test]
fn caller_names_with_spaces_are_recognised() {
    let names = ["Full Name", "Full Name of Partner"];
    assert_eq!(
        parsed_with(
            r#"Full Name = "Erika" and Full Name of Partner = null"#,
            &names
        ),
        r#"(and (= {Full Name} "Erika") (= {Full Name of Partner} null))"#
    );
}

#[test]
fn caller_names_may_contain_name_symbols() {
    let names: NameSet = ["e-mail", "Mother's name", "a/b"].into_iter().collect();
    assert_eq!(parsed_with("e-mail", &names), "e-mail");
    assert_eq!(parsed_with("e - mail", &names), "(- e mail)");
    assert_eq!(parsed_with("Mother's name", &names), "{Mother's name}");
    assert_eq!(parsed_with("a/b * 2", &names), "(* a/b 2)");
}

#[test]
fn unknown_names_are_single_words() {
    assert_eq!(parsed("e-mail"), "(- e mail)");
}

#[test]
fn function_definitions_take_parameters_with_optional_types() {
    assert_eq!(parsed("function(a, b) a + b"), "(function (a b) (+ a b))");
    assert_eq!(
        parsed("function(a: number) a * 2"),
        "(function (a:number) (* a 2))"
    );
    assert_eq!(parsed("function() 1"), "(function () 1)");
}

#[test]
fn a_function_definition_can_be_called_at_once() {
    assert_eq!(
        parsed("(function(x) x + 1)(2)"),
        "(call (function (x) (+ x 1)) 2)"
    );
}

#[test]
fn comments_are_ignored() {
    assert_eq!(parsed("1 + // one\n 2 /* two */ * 3"), "(+ 1 (* 2 3))");
}

#[test]
fn question_mark_is_a_name() {
    assert_eq!(parsed("? > 3"), "(> ? 3)");
}

// ----- unary tests ------------------------------------------------------------------

#[test]
fn a_dash_accepts_any_value() {
    assert_eq!(tests("-"), "-");
    assert_eq!(tests("  -  "), "-");
}

#[test]
fn unary_tests_are_comma_separated() {
    assert_eq!(tests(r#""GmbH", "AG""#), r#"(tests "GmbH" "AG")"#);
    assert_eq!(
        tests("< 4.20, [4.20..4.70], > 4.70"),
        "(tests (< 4.20) [4.20..4.70] (> 4.70))"
    );
}

#[test]
fn unary_tests_take_every_comparison() {
    assert_eq!(
        tests(r#"< 1, <= 2, > 3, >= 4, = 5, != "x""#),
        r#"(tests (< 1) (<= 2) (> 3) (>= 4) (= 5) (!= "x"))"#
    );
}

#[test]
fn unary_tests_may_be_negated() {
    assert_eq!(tests(r#"not("GmbH", "AG")"#), r#"(not "GmbH" "AG")"#);
    assert_eq!(tests("not(< 5)"), "(not (< 5))");
}

#[test]
fn a_call_of_not_inside_a_larger_test_is_an_expression() {
    assert_eq!(tests("not(a) or b"), "(tests (or (call not a) b))");
}

#[test]
fn unary_tests_may_use_the_input_as_question_mark() {
    assert_eq!(tests("? > 3 and ? < 10"), "(tests (and (> ? 3) (< ? 10)))");
}

#[test]
fn unary_tests_take_open_ranges_and_plain_expressions() {
    assert_eq!(
        tests("(0..10), ]10..20], x + 1"),
        "(tests (0..10) (10..20] (+ x 1))"
    );
}

#[test]
fn unary_tests_with_caller_names() {
    let names = ["Full Name"];
    let parsed = parse_unary_tests_with("Full Name", &names).unwrap();
    let mut out = String::new();
    write_tests(&mut out, &parsed);
    assert_eq!(out, "(tests {Full Name})");
}

// ----- spans ------------------------------------------------------------------------

#[test]
fn binary_spans_cover_both_operands() {
    let text = "a + b * c";
    let expr = parse_expression(text).unwrap();
    assert_eq!(covered(text, expr.span), "a + b * c");
    let ExprKind::Binary(_, left, right) = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, left.span), "a");
    assert_eq!(covered(text, right.span), "b * c");
}

#[test]
fn parenthesised_spans_include_the_parentheses() {
    let text = "(a + b) * c";
    let expr = parse_expression(text).unwrap();
    let ExprKind::Binary(_, left, _) = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, left.span), "(a + b)");
    assert_eq!(covered(text, expr.span), text);
}

#[test]
fn spans_of_names_with_spaces_cover_all_words() {
    let text = "x + date and time(s)";
    let expr = parse_expression(text).unwrap();
    let ExprKind::Binary(_, _, call) = &expr.kind else {
        panic!()
    };
    let ExprKind::Call { function, .. } = &call.kind else {
        panic!()
    };
    assert_eq!(covered(text, call.span), "date and time(s)");
    assert_eq!(covered(text, function.span), "date and time");
}

#[test]
fn spans_of_paths_filters_and_members() {
    let text = "applicant.vehicles[length > 4.7]";
    let expr = parse_expression(text).unwrap();
    let ExprKind::Filter { list, condition } = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, expr.span), text);
    assert_eq!(covered(text, condition.span), "length > 4.7");
    let ExprKind::Path {
        base, name_span, ..
    } = &list.kind
    else {
        panic!()
    };
    assert_eq!(covered(text, base.span), "applicant");
    assert_eq!(covered(text, *name_span), "vehicles");
}

#[test]
fn spans_of_control_constructs_run_to_their_last_part() {
    let text = "  if a then b else c  ";
    let expr = parse_expression(text).unwrap();
    assert_eq!(covered(text, expr.span), "if a then b else c");
    let text = "for x in xs return x";
    let expr = parse_expression(text).unwrap();
    let ExprKind::For { iterators, .. } = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, expr.span), text);
    assert_eq!(covered(text, iterators[0].name_span), "x");
}

#[test]
fn spans_of_ranges_negations_and_literals() {
    let text = "[ -1 .. @\"P1D\" )";
    let expr = parse_expression(text).unwrap();
    assert_eq!(covered(text, expr.span), text);
    let ExprKind::Range(range) = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, range.start.as_ref().unwrap().span), "-1");
    assert_eq!(covered(text, range.end.as_ref().unwrap().span), "@\"P1D\"");
}

#[test]
fn spans_of_in_cover_the_tests() {
    let text = "x in (1, 2)";
    let expr = parse_expression(text).unwrap();
    let ExprKind::In { tests, .. } = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, expr.span), text);
    assert_eq!(covered(text, tests.span), "(1, 2)");
}

#[test]
fn spans_of_context_keys_and_named_arguments() {
    let text = r#"{ "a b": f(first  value: 1) }"#;
    let expr = parse_expression(text).unwrap();
    let ExprKind::Context(entries) = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, entries[0].key_span), r#""a b""#);
    let ExprKind::Call {
        arguments: Arguments::Named(arguments),
        ..
    } = &entries[0].value.kind
    else {
        panic!()
    };
    assert_eq!(&*arguments[0].name, "first value");
    assert_eq!(covered(text, arguments[0].name_span), "first  value");
}

#[test]
fn spans_of_unary_tests() {
    let text = "< 5, [1..2]";
    let parsed = parse_unary_tests(text).unwrap();
    let UnaryTestsKind::Positive(list) = &parsed.kind else {
        panic!()
    };
    assert_eq!(covered(text, parsed.span), text);
    assert_eq!(covered(text, list[0].span), "< 5");
    assert_eq!(covered(text, list[1].span), "[1..2]");
    let text = " not( 1 ) ";
    assert_eq!(
        covered(text, parse_unary_tests(text).unwrap().span),
        "not( 1 )"
    );
}

#[test]
fn spans_count_bytes_of_multi_byte_characters() {
    let text = "\"Größe\" = größe";
    let expr = parse_expression(text).unwrap();
    let ExprKind::Binary(_, _, right) = &expr.kind else {
        panic!()
    };
    assert_eq!(covered(text, right.span), "größe");
}

// ----- errors -----------------------------------------------------------------------

#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    let e = error(r#"decision = "approve"#);
    assert_eq!(e.message, "this quote is never closed");
    assert_eq!(e.span, Span::new(11, 12));
}

#[test]
fn a_missing_operand_is_reported_after_the_operator() {
    let e = error("fee + ");
    assert_eq!(e.message, "a value is missing after `+`");
    assert_eq!(e.span, Span::new(4, 5));
    assert_eq!(error("a and").message, "a value is missing after `and`");
    assert_eq!(error("[1, ]").message, "a value is missing after `,`");
}

#[test]
fn an_unclosed_parenthesis_is_reported_where_it_opens() {
    let e = error("count(vehicles[length > 4.7] > 0");
    assert_eq!(e.message, "`)` expected to close the `(` opened here");
    assert_eq!(e.span, Span::new(5, 6));
    let e = error("[1, 2");
    assert_eq!(e.message, "`]` expected to close the `[` opened here");
}

#[test]
fn an_unmatched_closing_bracket_is_reported() {
    let e = error("a + b)");
    assert_eq!(e.message, "this `)` has no matching `(`");
    assert_eq!(e.span, Span::new(5, 6));
}

#[test]
fn operators_from_other_languages_get_a_suggestion() {
    let e = error("age => 18");
    assert_eq!(e.message, "unexpected `=>`; did you mean `>=`?");
    assert_eq!(e.span, Span::new(4, 6));
    assert_eq!(
        error("age =< 18").message,
        "unexpected `=<`; did you mean `<=`?"
    );
    assert_eq!(
        error("a == 1").message,
        "unexpected `==`; did you mean `=`?"
    );
    assert_eq!(
        error("a <> 1").message,
        "unexpected `<>`; did you mean `!=`?"
    );
    assert_eq!(
        error("a && b").message,
        "unexpected `&&`; did you mean `and`?"
    );
    assert_eq!(
        error("a || b").message,
        "unexpected `||`; did you mean `or`?"
    );
    assert_eq!(error("2 ^ 3").message, "unexpected `^`; did you mean `**`?");
}

#[test]
fn single_and_typographic_quotes_are_explained() {
    let e = error("legal_form = 'GmbH'");
    assert_eq!(e.message, "unexpected `'`");
    assert!(e.help.unwrap().contains("double quotes"));
    let e = error("legal_form = „GmbH“");
    assert_eq!(e.message, "unexpected `„`");
    assert!(e.help.unwrap().contains("straight double quotes"));
}

#[test]
fn chained_comparisons_are_refused_with_advice() {
    let e = error("1 < x < 10");
    assert_eq!(e.message, "a comparison cannot be followed directly by `<`");
    assert_eq!(e.span, Span::new(6, 7));
    assert!(e.help.unwrap().contains("between"));
}

#[test]
fn two_names_in_a_row_suggest_declaring_a_name_with_spaces() {
    let e = error("Full Name = \"x\"");
    assert_eq!(e.message, "unexpected `Name` after `Full`");
    assert_eq!(e.span, Span::new(5, 9));
    assert!(e.help.unwrap().contains("declared"));
}

#[test]
fn not_without_parentheses_is_explained() {
    let e = error("not severely_disabled");
    assert_eq!(e.message, "`not` must be followed by parentheses");
}

#[test]
fn a_missing_keyword_is_named() {
    assert_eq!(
        error("if a 1 else 2").message,
        "`then` is missing after the condition of `if`"
    );
    assert_eq!(
        error("if a then 1").message,
        "`else` is missing: every `if` needs an `else` part"
    );
    assert_eq!(
        error("for x in xs x").message,
        "`return` is missing in this `for`"
    );
    assert_eq!(error("some x in xs x").message, "`satisfies` is missing");
    assert_eq!(
        error("x between 1 or 2").message,
        "`between` needs `and` between its two bounds"
    );
}

#[test]
fn a_missing_keyword_at_the_end_points_at_the_last_word() {
    let e = error("if a then 1");
    assert_eq!(e.span, Span::new(10, 11));
}

#[test]
fn an_empty_expression_is_reported() {
    assert_eq!(error("").message, "the expression is empty");
    assert_eq!(error("  // nothing").message, "the expression is empty");
}

#[test]
fn bad_escapes_are_reported_where_they_stand() {
    let e = error(r#"matches(x, "\u12")"#);
    assert_eq!(e.message, r"`\u12` is incomplete");
    assert_eq!(e.span, Span::new(12, 16));
}

#[test]
fn an_unclosed_comment_is_reported() {
    assert_eq!(
        error("1 /* comment").message,
        "this comment is never closed"
    );
}

#[test]
fn the_first_problem_is_reported_even_before_an_invalid_character() {
    assert_eq!(error("a + ) #").message, "a value is missing after `+`");
}

#[test]
fn an_invalid_character_is_reported_even_where_a_bracket_is_expected() {
    assert_eq!(
        error("f(a # b)").message,
        "the character `#` has no meaning here"
    );
}

#[test]
fn named_and_positional_arguments_cannot_be_mixed() {
    let e = error("f(1, b: 2)");
    assert_eq!(
        e.message,
        "a call must give either all arguments by name or none"
    );
    assert_eq!(error("f(a: 1, 2)").message, e.message);
}

#[test]
fn external_functions_are_refused() {
    let e = error(r"function(x) external { java: {} }");
    assert_eq!(
        e.message,
        "external functions (Java or PMML) are not supported"
    );
}

#[test]
fn an_unclosed_range_is_reported_where_it_opens() {
    let e = error("x in [1..5");
    assert_eq!(e.message, "this range is never closed");
    assert_eq!(e.span, Span::new(5, 6));
}

#[test]
fn dots_outside_brackets_are_explained() {
    let e = error("1..5");
    assert_eq!(e.message, "unexpected `..`");
}

#[test]
fn numbers_beyond_34_digits_are_refused() {
    assert_eq!(
        error("12345678901234567890123456789012345").message,
        "this number has too many digits"
    );
    assert!(parse_expression("1234567890123456789012345678901234").is_ok());
    assert!(parse_expression("0.00001000").is_ok());
}

#[test]
fn a_dash_among_other_tests_is_refused() {
    assert_eq!(
        test_error("1, -").message,
        "`-` (any value) must stand alone"
    );
    assert_eq!(
        test_error("-, 1").message,
        "`-` (any value) must stand alone"
    );
}

#[test]
fn an_empty_test_is_reported() {
    assert_eq!(test_error("  ").message, "the test is empty");
}

#[test]
fn an_error_inside_negated_tests_is_reported() {
    let e = test_error("not(< 5");
    assert_eq!(e.message, "`)` expected to close the `(` opened here");
}

// ----- depth ------------------------------------------------------------------------

#[test]
fn ten_thousand_open_parentheses_give_an_error() {
    let text = "(".repeat(10_000);
    let e = error(&text);
    assert!(e.message.contains("nested too deeply"), "{}", e.message);
}

#[test]
fn ten_thousand_nested_lists_and_negations_give_an_error() {
    for text in [
        "[".repeat(10_000),
        "-".repeat(10_000) + "1",
        "not(".repeat(10_000),
    ] {
        assert!(error(&text).message.contains("nested too deeply"));
    }
    let text = "x instance of ".to_owned() + &"list<".repeat(10_000);
    assert!(error(&text).message.contains("nested too deeply"));
}

#[test]
fn long_operator_chains_give_an_error_instead_of_a_deep_tree() {
    let text = vec!["1"; 10_000].join(" + ");
    assert!(error(&text).message.contains("nested too deeply"));
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let depth = usize::try_from(MAX_DEPTH).unwrap() - 1;
    let text = "(".repeat(depth) + "1" + &")".repeat(depth);
    assert_eq!(parsed(&text), "1");
}

#[test]
fn brackets_nested_inside_operator_chains_are_counted_together() {
    // Each level adds a parenthesis and a `+`: the tree grows deeper than
    // either count alone.
    let mut text = "1".to_owned();
    for _ in 0..60 {
        text = format!("({text} + 1) + 1");
    }
    assert!(error(&text).message.contains("nested too deeply"));
}
