//! `ozg eval`, run as a user runs it: the real binary, its whole output
//! and its exit code.

use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ozg(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the ozg binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn the_result_is_printed_as_a_feel_literal_keeping_the_scale() {
    let run = ozg(&[
        "eval",
        "if age < 24 then 27.60 else 46.00",
        "--var",
        "age=30",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "46.00\n", "")
    );
}

#[test]
fn decimal_sums_are_exact() {
    let run = ozg(&["eval", "0.1 + 0.2 = 0.3"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "true\n"));
}

#[test]
fn variables_are_feel_literals() {
    let run = ozg(&[
        "eval",
        "birth_date + duration(\"P1M\")",
        "--var",
        "birth_date=date(\"2024-01-31\")",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "date(\"2024-02-29\")\n")
    );
}

#[test]
fn json_output_types_every_value_and_keeps_numbers_exact() {
    let run = ozg(&[
        "eval",
        "{fee: 46.00, items: [\"a\", null], d: @\"P14M\"}",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "{\"type\": \"context\", \"value\": {\
         \"fee\": {\"type\": \"number\", \"value\": \"46.00\"}, \
         \"items\": {\"type\": \"list\", \"value\": [{\"type\": \"string\", \"value\": \"a\"}, \
         {\"type\": \"null\", \"value\": null}]}, \
         \"d\": {\"type\": \"years and months duration\", \"value\": \"P1Y2M\"}}}\n"
    );
}

#[test]
fn a_null_result_is_not_an_error() {
    let run = ozg(&["eval", "1 / 0"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "null\n", "")
    );
}

#[test]
fn a_syntax_error_is_underlined_and_exits_with_2() {
    let run = ozg(&["eval", "1 + * 2"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("1 + * 2"), "{}", run.stderr);
    let marker_line = run
        .stderr
        .lines()
        .find(|l| l.contains('┬'))
        .expect("an underline");
    let text_line = run
        .stderr
        .lines()
        .find(|l| l.contains("1 + * 2"))
        .expect("the text");
    // The marker stands under the `*` that is out of place, or under the
    // `+` whose operand is missing.
    let column = |line: &str, c: char| line.chars().position(|x| x == c).unwrap();
    let marker = column(marker_line, '┬');
    let candidates = [column(text_line, '*'), column(text_line, '+')];
    assert!(candidates.contains(&marker), "{}", run.stderr);
}

#[test]
fn a_variable_that_is_not_a_literal_names_the_variable() {
    let run = ozg(&["eval", "x", "--var", "x=date(\"2024-01-01\""]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the value of the variable `x`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("value of --var x"), "{}", run.stderr);
}

#[test]
fn a_variable_without_a_value_says_how_to_write_one() {
    let run = ozg(&["eval", "x", "--var", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("NAME=VALUE"), "{}", run.stderr);
}

#[test]
fn names_with_spaces_can_be_bound() {
    let run = ozg(&[
        "eval",
        "vehicle length > 4.70",
        "--var",
        "vehicle length=4.85",
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "true\n"));
}

#[test]
fn a_name_without_a_value_is_warned_about_with_the_closest_given_name() {
    let run = ozg(&[
        "eval",
        "if ag < 24 then 27.60 else 46.00",
        "--var",
        "age=20",
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "46.00\n"));
    assert!(
        run.stderr.contains("`ag` has no value") && run.stderr.contains("did you mean `age`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_bound_inside_the_expression_are_not_warned_about() {
    let run = ozg(&["eval", "for x in [1, 2] return {a: x, b: a + 1}.b"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "[2, 3]\n", "")
    );
}
