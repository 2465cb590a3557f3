//! Times the dsntk FEEL evaluator on the expressions of ozg's FEEL
//! benchmark (`benches/feel-expressions.txt`), each parsed and prepared
//! once and then evaluated many times, and prints `name<TAB>ns per
//! evaluation<TAB>result` lines for `benches/feel.rs` to collect.

use std::time::Instant;

use dsntk_feel::context::FeelContext;
use dsntk_feel::{FeelScope, Name};

fn entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" | "))
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .collect()
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "..".to_owned());
    let iterations: u32 = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_default();
    let expressions = entries(&read("feel-expressions.txt"));
    let variables = entries(&read("feel-variables.txt"));

    let empty = FeelScope::new();
    let mut context = FeelContext::new();
    for (name, literal) in &variables {
        let node = dsntk_feel_parser::parse_expression(&empty, literal, false)
            .unwrap_or_else(|e| panic!("variable {name}: {e}"));
        context.set_entry(&Name::from(name.as_str()), dsntk_feel_evaluator::evaluate(&empty, &node));
    }
    let scope = FeelScope::new();
    scope.push(context);

    for (name, text) in &expressions {
        let node = match dsntk_feel_parser::parse_expression(&scope, text, false) {
            Ok(node) => node,
            Err(e) => {
                println!("{name}\t-\tparse error: {e}");
                continue;
            }
        };
        let evaluator = dsntk_feel_evaluator::prepare(&node);
        let result = evaluator(&scope);
        // The fastest of many short batches, as benches/feel.rs times ozg.
        let mut best = f64::MAX;
        for _ in 0..300 {
            let start = Instant::now();
            for _ in 0..iterations {
                std::hint::black_box(evaluator(std::hint::black_box(&scope)));
            }
            best = best.min(start.elapsed().as_nanos() as f64 / f64::from(iterations));
        }
        println!("{name}\t{best:.1}\t{result}");
    }
}
