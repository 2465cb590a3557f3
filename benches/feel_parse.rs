//! How fast typical FEEL guards and fee formulas parse.
//!
//! The linter parses every expression of every service on each run, so the
//! parser has to stay in the range of a microsecond per guard. Run with
//! `cargo bench --bench feel_parse`; it prints the time per parse for each
//! sample and for a mixed batch of one million parses.

use std::hint::black_box;
use std::time::Instant;

use ozg::feel::parser::{parse_expression, parse_unary_tests};

const EXPRESSIONS: &[&str] = &[
    "vehicle_length > 4.70 and not(severely_disabled)",
    r#"decision = "approve""#,
    r#"submitted + duration("P3M")"#,
    r#"legal_form in ["GmbH", "AG"]"#,
    "if age < 24 then 27.60 else 46.00",
    "count(vehicles[length > 4.7]) > 0",
    "round half up(fee * 2 / 5, 2)",
    "sum(for v in vehicles return if v.length > 4.70 then 480 else 360)",
];

const TESTS: &[&str] = &[
    "< 4.20",
    "[4.20..4.70]",
    r#""GmbH", "AG""#,
    "-",
    "not(> 10)",
];

fn main() {
    for text in EXPRESSIONS {
        report(text, 200_000, || {
            black_box(parse_expression(black_box(text))).is_ok()
        });
    }
    for text in TESTS {
        report(text, 200_000, || {
            black_box(parse_unary_tests(black_box(text))).is_ok()
        });
    }

    let runs = 1_000_000 / EXPRESSIONS.len();
    let count = u32::try_from(runs * EXPRESSIONS.len()).unwrap_or(u32::MAX);
    let start = Instant::now();
    for _ in 0..runs {
        for text in EXPRESSIONS {
            assert!(black_box(parse_expression(black_box(text))).is_ok());
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{count} mixed parses in {:.3} s: {:.0} ns each",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e9 / f64::from(count)
    );
}

fn report(text: &str, runs: u32, mut parse: impl FnMut() -> bool) {
    let start = Instant::now();
    for _ in 0..runs {
        assert!(parse());
    }
    let nanos = start.elapsed().as_secs_f64() * 1e9 / f64::from(runs);
    println!("{nanos:>8.0} ns  {text}");
}
