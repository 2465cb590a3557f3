//! The simulation parameters of Prosimos (its JSON file): arrivals and
//! their calendar, a resource pool and a weekly calendar per role, task
//! durations, branch probabilities and the durations of catch events.
//!
//! The shapes follow what Prosimos 2.1 reads: distributions are given by
//! name (`fix`, `uniform`, `norm`, `lognorm`, `expon`, `gamma`) and a list
//! of `{"value": …}` parameters in seconds: `fix` the value; `uniform` the
//! smallest and largest value; `norm` mean, standard deviation, smallest
//! and largest value; `lognorm` and `gamma` mean, variance, smallest and
//! largest value; `expon` mean, smallest and largest value. Prosimos has
//! no triangular distribution (its parser has no case for `triang`), so a
//! triangle becomes a gamma distribution of the same mean and variance.

use serde::Serialize;

use crate::load::{Distribution, Hours, Profile, WEEKDAYS};

use super::messages;
use super::process::{DAY, EventDuration, Model};

/// The longest piece of work and answer ozg simulates; draws above are
/// cut there, and Prosimos draws again above them.
const MAX_WORK_SECONDS: f64 = 10_000.0 * 3600.0;
const MAX_ANSWER_SECONDS: f64 = 100.0 * 365.2425 * DAY;

/// The weekdays as Prosimos names them, Monday first.
const DAY_NAMES: [&str; 7] = [
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

#[derive(Debug, Serialize)]
pub(super) struct Parameters {
    resource_profiles: Vec<Pool>,
    arrival_time_distribution: Dist,
    arrival_time_calendar: Vec<Period>,
    gateway_branching_probabilities: Vec<GatewayProbabilities>,
    task_resource_distribution: Vec<TaskDurations>,
    resource_calendars: Vec<Calendar>,
    event_distribution: Vec<EventDurationJson>,
}

#[derive(Debug, Serialize)]
struct Pool {
    id: String,
    name: String,
    resource_list: Vec<Resource>,
}

#[derive(Debug, Serialize)]
struct Resource {
    id: String,
    name: String,
    cost_per_hour: f64,
    amount: u32,
    calendar: String,
    #[serde(rename = "assignedTasks")]
    assigned_tasks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Dist {
    pub distribution_name: &'static str,
    pub distribution_params: Vec<Param>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub(super) struct Param {
    pub value: f64,
}

#[derive(Debug, Serialize)]
struct Period {
    from: &'static str,
    to: &'static str,
    #[serde(rename = "beginTime")]
    begin_time: String,
    #[serde(rename = "endTime")]
    end_time: String,
}

#[derive(Debug, Serialize)]
struct GatewayProbabilities {
    gateway_id: String,
    probabilities: Vec<PathProbability>,
}

#[derive(Debug, Serialize)]
struct PathProbability {
    path_id: String,
    value: f64,
}

#[derive(Debug, Serialize)]
struct TaskDurations {
    task_id: String,
    resources: Vec<TaskResource>,
}

#[derive(Debug, Serialize)]
struct TaskResource {
    resource_id: String,
    #[serde(flatten)]
    distribution: Dist,
}

#[derive(Debug, Serialize)]
struct Calendar {
    id: String,
    name: String,
    time_periods: Vec<Period>,
}

#[derive(Debug, Serialize)]
struct EventDurationJson {
    event_id: String,
    #[serde(flatten)]
    distribution: Dist,
}

/// The parameters for the simplified process `model` under `profile`.
/// `state` is the federal state whose holidays ozg keeps free. Adds a
/// line to `notes` for everything it had to approximate.
pub(super) fn parameters(
    model: &Model,
    profile: &Profile,
    state: Option<&str>,
    notes: &mut Vec<String>,
) -> Parameters {
    notes.push(state.map_or_else(messages::no_state, messages::holidays));

    let arrivals = &profile.arrivals;
    let factor = arrivals.monthly.iter().sum::<f64>() / 12.0;
    if arrivals.monthly.iter().any(|f| (f - 1.0).abs() > 1e-12) {
        notes.push(messages::monthly(factor));
    }
    let per_day = arrivals.per_day * factor;
    let mean = arrival_mean_seconds(per_day, &arrivals.hours);
    if arrivals.hours.minutes() < 1440 {
        notes.push(messages::arrival_bunching(per_day));
    }
    let weekdays = [true, true, true, true, true, false, false];

    let (pools, calendars) = pools(model, profile);

    let tasks = model
        .tasks
        .iter()
        .map(|task| TaskDurations {
            task_id: task.id.clone(),
            resources: vec![TaskResource {
                resource_id: task.role.clone(),
                distribution: distribution(
                    task.hours,
                    3600.0,
                    MAX_WORK_SECONDS,
                    &format!("work on {}", task.step),
                    notes,
                ),
            }],
        })
        .collect();

    let events = model
        .events
        .iter()
        .map(|event| EventDurationJson {
            event_id: event.id.clone(),
            distribution: match event.duration {
                EventDuration::Days(days) => distribution(
                    days,
                    DAY,
                    MAX_ANSWER_SECONDS,
                    &format!("answers to {}", event.step),
                    notes,
                ),
                EventDuration::Seconds(seconds) => fixed(seconds),
            },
        })
        .collect();

    Parameters {
        resource_profiles: pools,
        arrival_time_distribution: Dist {
            distribution_name: "expon",
            distribution_params: params(&[mean, 0.0, MAX_ANSWER_SECONDS]),
        },
        arrival_time_calendar: periods(&arrivals.hours, weekdays),
        gateway_branching_probabilities: gateway_probabilities(model),
        task_resource_distribution: tasks,
        resource_calendars: calendars,
        event_distribution: events,
    }
}

/// A pool per role that has tasks, with `people` resources, and the
/// role's weekly calendar.
fn pools(model: &Model, profile: &Profile) -> (Vec<Pool>, Vec<Calendar>) {
    let mut pools = Vec::new();
    let mut calendars = Vec::new();
    for staff in &profile.staff {
        let assigned: Vec<String> = model
            .tasks
            .iter()
            .filter(|t| t.role == staff.role)
            .map(|t| t.id.clone())
            .collect();
        if assigned.is_empty() {
            continue;
        }
        let calendar = format!("{}-calendar", staff.role);
        pools.push(Pool {
            id: format!("{}-pool", staff.role),
            name: staff.role.clone(),
            resource_list: vec![Resource {
                id: staff.role.clone(),
                name: staff.role.clone(),
                cost_per_hour: 0.0,
                amount: staff.people,
                calendar: calendar.clone(),
                assigned_tasks: assigned,
            }],
        });
        calendars.push(Calendar {
            id: calendar.clone(),
            name: calendar,
            time_periods: periods(&staff.hours, staff.weekdays),
        });
    }

    (pools, calendars)
}

/// The probability of each flow of the splitting gateways.
fn gateway_probabilities(model: &Model) -> Vec<GatewayProbabilities> {
    model
        .gateways
        .iter()
        .map(|gateway| {
            let mut probabilities: Vec<PathProbability> = gateway
                .branches
                .iter()
                .map(|(flow, share)| PathProbability {
                    path_id: flow.clone(),
                    value: share.clamp(0.0, 1.0),
                })
                .collect();
            // Prosimos draws with numpy, which wants the shares to add up
            // to 1 to within rounding; the last one takes the rest.
            let rest: f64 = probabilities.iter().rev().skip(1).map(|p| p.value).sum();
            if let Some(last) = probabilities.last_mut() {
                last.value = (1.0 - rest).max(0.0);
            }
            GatewayProbabilities {
                gateway_id: gateway.id.clone(),
                probabilities,
            }
        })
        .collect()
}

/// A distribution of a number of `unit`-second units as Prosimos reads it,
/// in seconds, with draws above `cap` seconds drawn again.
pub(super) fn distribution(
    d: Distribution,
    unit: f64,
    cap: f64,
    what: &str,
    notes: &mut Vec<String>,
) -> Dist {
    if !d.never_negative() && may_be_negative(d) {
        notes.push(messages::negative_draws(what));
    }
    match d {
        Distribution::Constant { value } => fixed(value * unit),
        Distribution::Uniform { min, max } if min >= max => fixed(min * unit),
        Distribution::Uniform { min, max } => Dist {
            distribution_name: "uniform",
            distribution_params: params(&[min * unit, (max * unit).min(cap)]),
        },
        Distribution::Normal { mean, sd } | Distribution::Lognormal { mean, sd } if sd <= 0.0 => {
            fixed(mean * unit)
        }
        Distribution::Normal { mean, sd } => Dist {
            distribution_name: "norm",
            distribution_params: params(&[mean * unit, sd * unit, 0.0, cap]),
        },
        Distribution::Lognormal { mean, sd } => Dist {
            distribution_name: "lognorm",
            distribution_params: params(&[mean * unit, (sd * unit).powi(2), 0.0, cap]),
        },
        Distribution::Exponential { mean } => Dist {
            distribution_name: "expon",
            distribution_params: params(&[mean * unit, 0.0, cap]),
        },
        Distribution::Triangular { min, mode, max } => {
            let variance =
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0;
            let mean = (min + mode + max) / 3.0;
            if variance <= 0.0 {
                return fixed(mean * unit);
            }
            notes.push(messages::triangular_as_gamma(what));
            Dist {
                distribution_name: "gamma",
                distribution_params: params(&[mean * unit, variance * unit * unit, 0.0, cap]),
            }
        }
    }
}

/// Whether a draw below zero is likely enough to matter (one in a
/// thousand): a normal distribution whose mean lies less than 3.09
/// standard deviations above zero, a uniform one that reaches below it.
fn may_be_negative(d: Distribution) -> bool {
    match d {
        Distribution::Normal { mean, sd } => mean < 3.09 * sd,
        Distribution::Uniform { min, .. } | Distribution::Triangular { min, .. } => min < 0.0,
        Distribution::Constant { value } => value < 0.0,
        Distribution::Lognormal { .. } | Distribution::Exponential { .. } => false,
    }
}

fn fixed(seconds: f64) -> Dist {
    Dist {
        distribution_name: "fix",
        distribution_params: params(&[seconds.max(0.0)]),
    }
}

fn params(values: &[f64]) -> Vec<Param> {
    values.iter().map(|&value| Param { value }).collect()
}

/// The periods of `hours` on each chosen weekday.
fn periods(hours: &Hours, weekdays: [bool; 7]) -> Vec<Period> {
    let mut out = Vec::new();
    for (day, _) in WEEKDAYS.iter().enumerate().filter(|(d, _)| weekdays[*d]) {
        for &(from, to) in &hours.ranges {
            out.push(Period {
                from: DAY_NAMES[day],
                to: DAY_NAMES[day],
                begin_time: clock(from),
                end_time: clock(to),
            });
        }
    }
    out
}

/// `HH:MM:SS` for a minute of the day. Prosimos cannot read `24:00`; the
/// end of the day is its last millisecond.
fn clock(minute: u32) -> String {
    if minute >= 1440 {
        "23:59:59.999".to_owned()
    } else {
        format!("{:02}:{:02}:00", minute / 60, minute % 60)
    }
}

/// The mean time between arrivals, in seconds, that gives `per_day`
/// applications on an average working day in Prosimos.
///
/// Prosimos draws the next arrival from the last one and, when it falls
/// outside the arrival calendar, moves it to the calendar's next opening.
/// Within the open hours the arrivals are a Poisson process of rate λ;
/// each opening also brings one arrival with the probability that the draw
/// pending at the closing before lands in the closed gap, 1 − e^(−λ·gap).
/// So a week brings λ·(open time) + Σ (1 − e^(−λ·gap)) arrivals, and λ is
/// chosen (by bisection; the sum grows with λ) to make that five times
/// `per_day`.
pub fn arrival_mean_seconds(per_day: f64, hours: &Hours) -> f64 {
    let mut intervals: Vec<(f64, f64)> = Vec::new();
    for day in 0..5_u32 {
        for &(from, to) in &hours.ranges {
            let base = f64::from(day) * DAY;
            intervals.push((base + f64::from(from) * 60.0, base + f64::from(to) * 60.0));
        }
    }
    let open: f64 = intervals.iter().map(|(a, b)| b - a).sum();
    let week = 7.0 * DAY;
    let gaps: Vec<f64> = intervals
        .iter()
        .enumerate()
        .map(|(i, &(start, _))| {
            let previous_end = if i == 0 {
                intervals[intervals.len() - 1].1 - week
            } else {
                intervals[i - 1].1
            };
            (start - previous_end).max(0.0)
        })
        .collect();
    let target = 5.0 * per_day;
    let expected = |rate: f64| -> f64 {
        rate * open + gaps.iter().map(|g| -libm::expm1(-rate * g)).sum::<f64>()
    };
    let (mut low, mut high) = (0.0, target / open);
    for _ in 0..200 {
        let mid = f64::midpoint(low, high);
        if expected(mid) < target {
            low = mid;
        } else {
            high = mid;
        }
    }
    1.0 / f64::midpoint(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(ranges: &[(u32, u32)]) -> Hours {
        Hours {
            ranges: ranges.to_vec(),
        }
    }

    /// Arrivals Prosimos expects in a week for a mean gap of `mean`
    /// seconds, for one opening a day from `from` to `to` minutes: the
    /// arrivals within the open hours, and one moved to each opening with
    /// the chance that the draw pending at the closing before lands in the
    /// closed gap (four nights and the weekend).
    fn weekly(mean: f64, from: u32, to: u32) -> f64 {
        let rate = 1.0 / mean;
        let open = f64::from(to - from) * 60.0;
        let night = DAY - open;
        let weekend = night + 2.0 * DAY;
        5.0 * rate * open + 4.0 * (1.0 - (-rate * night).exp()) + (1.0 - (-rate * weekend).exp())
    }

    #[test]
    fn the_mean_gap_between_arrivals_brings_the_daily_applications_in_a_week() {
        let mean = arrival_mean_seconds(10.0, &hours(&[(8 * 60, 16 * 60)]));

        assert!(
            (weekly(mean, 8 * 60, 16 * 60) - 50.0).abs() < 1e-6,
            "{mean}"
        );
    }

    #[test]
    fn the_arrivals_moved_to_an_opening_make_the_gap_longer_than_open_time_per_application() {
        let mean = arrival_mean_seconds(40.0, &hours(&[(6 * 60, 22 * 60)]));

        assert!(mean > 16.0 * 3600.0 / 40.0, "{mean}");
    }

    #[test]
    fn the_end_of_the_day_is_its_last_millisecond() {
        assert_eq!(clock(1440), "23:59:59.999");
        assert_eq!(clock(8 * 60 + 5), "08:05:00");
    }

    #[test]
    fn a_normal_distribution_without_spread_is_fixed() {
        let d = distribution(
            Distribution::Normal { mean: 2.0, sd: 0.0 },
            3600.0,
            1e9,
            "work",
            &mut Vec::new(),
        );

        assert_eq!(d.distribution_name, "fix");
        assert!((d.distribution_params[0].value - 7200.0).abs() < 1e-9);
    }

    #[test]
    fn a_normal_distribution_that_reaches_below_zero_is_noted() {
        let mut notes = Vec::new();
        distribution(
            Distribution::Normal { mean: 1.0, sd: 1.0 },
            3600.0,
            1e9,
            "work on review",
            &mut notes,
        );

        assert_eq!(notes, [messages::negative_draws("work on review")]);
    }

    #[test]
    fn a_uniform_distribution_is_cut_at_the_longest_draw() {
        let d = distribution(
            Distribution::Uniform {
                min: 1.0,
                max: 10.0,
            },
            DAY,
            5.0 * DAY,
            "answers",
            &mut Vec::new(),
        );

        assert_eq!(d.distribution_name, "uniform");
        let values: Vec<f64> = d.distribution_params.iter().map(|p| p.value).collect();
        assert_eq!(values, [DAY, 5.0 * DAY]);
    }
}
