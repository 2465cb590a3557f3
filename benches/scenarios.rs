//! `ozg test` over 10,000 scenarios: 100 generated services (from
//! `support`) with 100 scenarios each. Every scenario has its own input
//! (size of the business, legal form, reductions, several locations), a
//! submission date, a decision and, for approvals, the payment, and
//! expects its outcome, path, fees, deadlines and notifications.
//!
//! The expectations are written by simulating each case once with the
//! library (`ozg::simulate`) and saving it as `ozg simulate
//! --save-scenario` does; the benchmark then checks that every scenario
//! passes, so that it measures real, complete runs.
//!
//! Measured: running the scenarios of the loaded repository in process
//! (`ozg::testing::run_repository`), loading plus running, and the real
//! binary. Run with `cargo bench --bench scenarios`;
//! `OZG_BENCH_SERVICES` and `OZG_BENCH_SCENARIOS` (per service) change
//! the size.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use ozg::engine::{Action, CompiledService, Input, RawValue};
use ozg::model::load::{Selection, load_repository};
use ozg::simulate::scenario::write_scenario;
use ozg::simulate::{Plan, PlannedAction, When, simulate};
use ozg::testing::{Verdict, run_repository};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let services = env_number("OZG_BENCH_SERVICES", 100);
    let per_service = env_number("OZG_BENCH_SCENARIOS", 100);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scenarios-{services}x{per_service}"));
    let count = prepare(&root, services, per_service);
    println!(
        "repository: {services} services, {count} scenarios, {} threads",
        rayon::current_num_threads()
    );

    let loaded = load_repository(&root, &Selection::All).expect("the repository loads");
    assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..1]);
    let mut checked = 0;
    let run = best_of(5, || {
        let results = run_repository(&loaded.repository, None);
        let failed: Vec<_> = results
            .iter()
            .filter(|r| !matches!(r.verdict, Verdict::Passed))
            .collect();
        assert!(
            failed.is_empty(),
            "{} scenarios fail, e.g. {}/{}: {:?}",
            failed.len(),
            failed[0].scenario.service,
            failed[0].scenario.name,
            failed[0].verdict
        );
        checked = results.len();
    });
    let load_and_run = best_of(5, || {
        let loaded = load_repository(&root, &Selection::All).expect("the repository loads");
        let results = run_repository(&loaded.repository, None);
        assert_eq!(results.len(), count);
    });
    let cli = best_of(3, || {
        let status = Command::new(env!("CARGO_BIN_EXE_ozg"))
            .args(["test", "-q", "--format", "json", "--output", "/dev/null"])
            .arg(&root)
            .status()
            .expect("the binary runs");
        assert_eq!(status.code(), Some(0));
    });

    println!("scenarios checked:          {checked}");
    println!(
        "run (library, loaded):      {:>8.1} ms   {:.1} µs per scenario",
        ms(run),
        per(run, count)
    );
    println!(
        "load + run (library):       {:>8.1} ms   {:.1} µs per scenario",
        ms(load_and_run),
        per(load_and_run, count)
    );
    println!(
        "ozg test (process):         {:>8.1} ms   {:.1} µs per scenario",
        ms(cli),
        per(cli, count)
    );
}

/// Writes the repository once; later runs reuse it.
fn prepare(root: &Path, services: usize, per_service: usize) -> usize {
    let marker = root.join(".complete");
    let count = services * per_service;
    if marker.is_file() {
        return count;
    }
    let _ = std::fs::remove_dir_all(root);
    support::write_repository(root, services).expect("the repository can be written");
    let loaded = load_repository(root, &Selection::All).expect("the repository loads");
    for model in &loaded.repository.services {
        let service =
            CompiledService::compile(&loaded.repository, model).expect("the service compiles");
        let folder = root.join("services").join(&model.folder).join("scenarios");
        std::fs::create_dir_all(&folder).unwrap();
        for n in 0..per_service {
            let (input, plan) = case(n);
            let simulation = simulate(&service, &plan);
            assert!(
                !simulation.is_invalid(),
                "case {n} of {} is invalid: {:?}",
                model.folder,
                simulation.validation
            );
            let text = write_scenario(&format!("Fall {n}"), &input, model, &simulation);
            std::fs::write(folder.join(format!("case_{n:03}.toml")), text).unwrap();
        }
    }
    std::fs::write(marker, "").unwrap();
    count
}

fn text(t: impl Into<String>) -> RawValue {
    RawValue::Text(t.into())
}

/// Case number `n` of a generated service: its input and what happens.
fn case(n: usize) -> (Input, Plan) {
    let forms = ["natural_person", "gmbh", "ag", "ev"];
    let mut input = Input::new();
    input.insert("family_name".into(), text(format!("Muster{n}")));
    input.insert("given_names".into(), text("Erika"));
    input.insert(
        "birth_date".into(),
        text(format!("{:02}.05.1980", 1 + n % 28)),
    );
    input.insert("street".into(), text(format!("Hauptstraße {}", 1 + n)));
    input.insert(
        "postal_code".into(),
        text(format!("{:05}", 10_000 + n * 37)),
    );
    input.insert("city".into(), text("Musterstadt"));
    input.insert("legal_form".into(), text(forms[n % forms.len()]));
    if !n.is_multiple_of(forms.len()) {
        input.insert("company_name".into(), text(format!("Betrieb {n} GmbH")));
    }
    input.insert("employees".into(), text((n * 7 % 120).to_string()));
    input.insert("consent".into(), RawValue::Boolean(true));
    if n.is_multiple_of(5) {
        input.insert("reduced".into(), RawValue::Boolean(true));
        input.insert("reduction_proof".into(), text("nachweis.pdf"));
    }
    let locations: Vec<RawValue> = (0..=(n % 3))
        .map(|l| {
            RawValue::Entries(Input::from([
                ("location_name".to_owned(), text(format!("Standort {l}"))),
                (
                    "location_area".to_owned(),
                    text(format!("{},{}", 50 + l * 30 + n % 40, n % 10)),
                ),
            ]))
        })
        .collect();
    input.insert("locations".into(), RawValue::List(locations));

    let month = i8::try_from(1 + n % 12).expect("a month");
    let day = i8::try_from(1 + n % 28).expect("a day");
    let submitted = Date::new(2024, month, day).expect("a date");
    let mut actions = vec![PlannedAction {
        when: When::NextWorkingDay,
        action: Action::Decide {
            step: None,
            decision: if n % 4 == 3 { "reject" } else { "approve" }.to_owned(),
        },
    }];
    if n % 4 != 3 {
        actions.push(PlannedAction {
            when: When::NextWorkingDay,
            action: Action::Event {
                step: None,
                event: "paid".to_owned(),
            },
        });
    }
    let plan = Plan {
        input: input.clone(),
        submitted,
        actions,
        until: None,
    };
    (input, plan)
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[allow(clippy::cast_precision_loss)]
fn per(d: Duration, count: usize) -> f64 {
    d.as_secs_f64() * 1e6 / count as f64
}
