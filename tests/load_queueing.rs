//! The staff queues against queueing theory: with Poisson arrivals and
//! exponential work within the same working hours, working time is an
//! M/M/c queue, whose mean wait before service is known exactly.
//!
//! Each check runs independent replications (different seeds) and
//! compares the mean of their means with the formula, allowing four
//! standard errors of that mean and at most 8 % of the expected value.

mod load_support;

use load_support::{Fixture, ONE_TASK};

const REPLICATIONS: u64 = 8;
const CASES: u64 = 20_000;

fn profile(per_day: f64, mean_hours: f64, people: u32) -> String {
    format!(
        r#"
[arrivals]
start = 2024-01-08
per_day = {per_day}
hours = "08:00-16:00"

[task.work]
hours = {{ distribution = "exponential", mean = {mean_hours} }}

[staff.clerk]
people = {people}
hours = "08:00-16:00"
"#
    )
}

/// Mean and standard error of the replication means of the queue wait
/// (in working hours), and the mean utilisation while applications came.
fn replicate(per_day: f64, mean_hours: f64, people: u32) -> (f64, f64, f64) {
    let fixture = Fixture::new(ONE_TASK);
    let text = profile(per_day, mean_hours, people);
    let mut waits = Vec::new();
    let mut utilisation = 0.0;
    for seed in 0..REPLICATIONS {
        let profile = fixture.profile(&text);
        let report = ozg::load::simulate(
            &fixture.compiled,
            &profile,
            ozg::load::Options {
                cases: Some(CASES),
                seed: Some(seed),
            },
            None,
            &mut |_| {},
        )
        .expect("the simulation runs");
        assert_eq!(report.cases.ended, CASES);
        waits.push(report.tasks[0].queue_wait_hours.mean);
        utilisation += report.staff[0].utilisation_while_arriving;
    }
    let n = f64::from(u32::try_from(REPLICATIONS).unwrap());
    let mean = waits.iter().sum::<f64>() / n;
    let variance = waits.iter().map(|w| (w - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt(), utilisation / n)
}

fn assert_close(measured: f64, error: f64, expected: f64) {
    let allowed = (4.0 * error).min(0.08 * expected);
    assert!(
        (measured - expected).abs() <= allowed.max(1e-9),
        "measured {measured:.4} h (standard error {error:.4}), expected {expected:.4} h"
    );
}

#[test]
fn one_clerk_at_half_load_waits_as_long_as_the_work_takes() {
    // λ = 1 per hour, μ = 2 per hour: ρ = 0.5, Wq = ρ / (μ - λ) = 0.5 h.
    let (wait, error, utilisation) = replicate(8.0, 0.5, 1);
    assert_close(wait, error, 0.5);
    assert!(
        (utilisation - 0.5).abs() < 0.02,
        "utilisation {utilisation}"
    );
}

#[test]
fn two_clerks_wait_as_erlang_c_says() {
    // λ = 3 per hour, μ = 2 per hour per clerk, c = 2: a = 1.5,
    // C(2, 1.5) = 4.5 / 7, Wq = C / (cμ - λ) = 0.642857 h.
    let (wait, error, utilisation) = replicate(24.0, 0.5, 2);
    assert_close(wait, error, 4.5 / 7.0);
    assert!(
        (utilisation - 0.75).abs() < 0.02,
        "utilisation {utilisation}"
    );
}
