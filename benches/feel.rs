//! FEEL evaluation speed: ozg against feelin (JavaScript) and dsntk (Rust),
//! on the typical guard and fee expressions of `benches/feel-expressions.txt`.
//!
//! Run with `cargo bench --bench feel`. For each expression it reports
//! nanoseconds per evaluation:
//!
//! - ozg: compiled once, then evaluated with the variables bound to slots;
//! - ozg (parse+eval): parsed, compiled and evaluated on every call;
//! - feelin: its public `evaluate(expression, context)`, which parses on
//!   every call (feelin offers no public compile-once interface), run in one
//!   node process;
//! - dsntk: parsed and prepared once, then evaluated, built from the
//!   separate project `benches/feel-compare` so that dsntk stays out of
//!   ozg's dependency tree.
//!
//! feelin and dsntk are skipped with a notice when node or the build of the
//! comparison project is not available. See docs/benchmarks.md.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ozg::feel::eval::compile;
use ozg::feel::parser::parse_expression_with;
use ozg::feel::value::Value;

fn entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" | "))
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .collect()
}

fn benches_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches")
}

/// Nanoseconds per call: the fastest of many short batches. Short batches
/// that a busy machine did not interrupt show the cost of the work itself;
/// the minimum discards the interrupted ones.
fn time(per_batch: u32, batches: u32, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..batches {
        let start = Instant::now();
        for _ in 0..per_batch {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(per_batch));
    }
    best
}

fn ozg(
    expressions: &[(String, String)],
    variables: &[(String, String)],
) -> Vec<(f64, f64, String)> {
    let names: Vec<&str> = variables.iter().map(|(n, _)| n.as_str()).collect();
    let values: Vec<Value> = variables
        .iter()
        .map(|(name, literal)| {
            let expr = parse_expression_with(literal, &Vec::<String>::new())
                .unwrap_or_else(|e| panic!("variable {name}: {e}"));
            compile(&expr, &[]).eval(&[])
        })
        .collect();
    expressions
        .iter()
        .map(|(name, text)| {
            let expr = parse_expression_with(text, &names.clone())
                .unwrap_or_else(|e| panic!("expression {name}: {e}"));
            let compiled = compile(&expr, &names);
            let result = compiled.eval(&values).to_string();
            let eval = time(10_000, 300, || {
                std::hint::black_box(compiled.eval(std::hint::black_box(&values)));
            });
            let full = time(500, 100, || {
                let expr = parse_expression_with(std::hint::black_box(text), &names.clone());
                if let Ok(expr) = expr {
                    std::hint::black_box(compile(&expr, &names).eval(&values));
                }
            });
            (eval, full, result)
        })
        .collect()
}

const FEELIN_RUNNER: &str = r"
import { evaluate } from 'feelin';
import { readFileSync } from 'node:fs';

const entries = (text) => text.split('\n')
  .filter((l) => l.trim() && !l.startsWith('#') && l.includes(' | '))
  .map((l) => { const i = l.indexOf(' | '); return [l.slice(0, i).trim(), l.slice(i + 3).trim()]; });
const [dir, iterations] = [process.argv[2], Number(process.argv[3])];
const expressions = entries(readFileSync(dir + '/feel-expressions.txt', 'utf8'));
const context = {};
for (const [name, literal] of entries(readFileSync(dir + '/feel-variables.txt', 'utf8'))) {
  context[name] = evaluate(literal, {}).value;
}
for (const [name, text] of expressions) {
  const result = evaluate(text, context).value;
  // The fastest of many short batches, as for ozg and dsntk.
  let best = Infinity;
  for (let round = 0; round < 100; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) evaluate(text, context);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  console.log(`${name}\t${best.toFixed(1)}\t${result}`);
}
";

fn parse_runner_output(text: &str) -> HashMap<String, (String, String)> {
    text.lines()
        .filter_map(|line| {
            let mut cells = line.splitn(3, '\t');
            let name = cells.next()?.to_owned();
            let ns = cells.next()?.to_owned();
            Some((name, (ns, cells.next().unwrap_or("").to_owned())))
        })
        .collect()
}

fn feelin() -> Option<HashMap<String, (String, String)>> {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/feel-tools");
    if !tools.join("node_modules/feelin").exists() {
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg("feelin@8.2.0")
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("feelin skipped: node/npm or the feelin package is not available");
            return None;
        }
    }
    let script = tools.join("bench.mjs");
    std::fs::write(&script, FEELIN_RUNNER).ok()?;
    let output = Command::new("node")
        .arg(&script)
        .arg(benches_dir())
        .arg("20")
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "feelin skipped: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    Some(parse_runner_output(&String::from_utf8_lossy(
        &output.stdout,
    )))
}

fn dsntk() -> Option<HashMap<String, (String, String)>> {
    let manifest = benches_dir().join("feel-compare/Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/feel-compare"))
        .arg("--")
        .arg(benches_dir())
        .arg("10000")
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("dsntk skipped: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    Some(parse_runner_output(&String::from_utf8_lossy(
        &output.stdout,
    )))
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter that
    // this harness does not support, so it only runs when asked plainly.
    let dir = benches_dir();
    let expressions =
        entries(&std::fs::read_to_string(dir.join("feel-expressions.txt")).unwrap_or_default());
    let variables =
        entries(&std::fs::read_to_string(dir.join("feel-variables.txt")).unwrap_or_default());

    let ozg = ozg(&expressions, &variables);
    let feelin = feelin();
    let dsntk = dsntk();

    println!(
        "| expression | ozg ns | ozg parse+eval ns | feelin ns | dsntk ns | ozg result | feelin result | dsntk result |"
    );
    println!("|---|---:|---:|---:|---:|---|---|---|");
    for ((name, _), (eval, full, result)) in expressions.iter().zip(&ozg) {
        let other = |m: &Option<HashMap<String, (String, String)>>| {
            m.as_ref()
                .and_then(|m| m.get(name))
                .cloned()
                .unwrap_or_else(|| ("-".to_owned(), String::new()))
        };
        let (f_ns, f_result) = other(&feelin);
        let (d_ns, d_result) = other(&dsntk);
        println!(
            "| {name} | {eval:.1} | {full:.0} | {f_ns} | {d_ns} | `{result}` | `{f_result}` | `{d_result}` |"
        );
    }
}
