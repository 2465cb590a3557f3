//! Probability distributions of numbers: how long work takes, how long
//! applicants take to answer, and numeric form input.
//!
//! The parameters are the ones people know from their own figures: a
//! mean and a standard deviation, a smallest, most likely and largest
//! value. A lognormal distribution is given by the mean and standard
//! deviation of the values themselves, not of their logarithms, because
//! that is what an office can measure. Each kind has a counterpart in
//! Prosimos and `SciPy` (`fix`, `uniform`, `norm`, `lognorm`, `triang`,
//! `expon`), so profiles can be translated; see `docs/load.md`.

use serde::Serialize;

use crate::load::random::Random;

/// A distribution of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Distribution {
    /// Always the same value.
    Constant { value: f64 },
    /// Every value between `min` and `max` equally likely.
    Uniform { min: f64, max: f64 },
    /// The bell curve.
    Normal { mean: f64, sd: f64 },
    /// Skewed to the right, never negative: typical of work durations.
    Lognormal { mean: f64, sd: f64 },
    /// Rises from `min` to `mode` and falls to `max`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// Memoryless, with the given mean: the time between Poisson events.
    Exponential { mean: f64 },
}

/// The names of the kinds, as written in profiles.
pub const KINDS: &[&str] = &[
    "constant",
    "uniform",
    "normal",
    "lognormal",
    "triangular",
    "exponential",
];

/// The parameters each kind takes, by name.
pub fn parameters(kind: &str) -> &'static [&'static str] {
    match kind {
        "constant" => &["value"],
        "uniform" => &["min", "max"],
        "normal" | "lognormal" => &["mean", "sd"],
        "triangular" => &["min", "mode", "max"],
        "exponential" => &["mean"],
        _ => &[],
    }
}

/// Why a set of parameters describes no distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterProblem {
    /// A parameter is not a finite number.
    NotFinite,
    /// `min` is larger than `max` (or the mode lies outside them).
    Order,
    /// A standard deviation is negative.
    NegativeDeviation,
    /// A mean that must be positive is not.
    MeanNotPositive,
}

impl Distribution {
    /// Builds a distribution of `kind` from its parameters, looked up by
    /// name; `None` for a parameter means it was not given. Returns the
    /// name of the first missing parameter as `Err(Ok(name))`, and a
    /// problem with the values as `Err(Err(problem))`.
    pub fn from_parameters(
        kind: &str,
        get: impl Fn(&str) -> Option<f64>,
    ) -> Result<Distribution, Result<&'static str, ParameterProblem>> {
        let need = |name: &'static str| get(name).ok_or(Ok(name));
        let distribution = match kind {
            "constant" => Distribution::Constant {
                value: need("value")?,
            },
            "uniform" => Distribution::Uniform {
                min: need("min")?,
                max: need("max")?,
            },
            "normal" => Distribution::Normal {
                mean: need("mean")?,
                sd: need("sd")?,
            },
            "lognormal" => Distribution::Lognormal {
                mean: need("mean")?,
                sd: need("sd")?,
            },
            "triangular" => Distribution::Triangular {
                min: need("min")?,
                mode: need("mode")?,
                max: need("max")?,
            },
            _ => Distribution::Exponential {
                mean: need("mean")?,
            },
        };
        distribution.check().map_err(Err)?;
        Ok(distribution)
    }

    fn check(self) -> Result<(), ParameterProblem> {
        let all_finite = |values: &[f64]| values.iter().all(|v| v.is_finite());
        // (finite, in order, deviation not negative, mean positive)
        let (finite, ordered, deviation, mean) = match self {
            Distribution::Constant { value } => (all_finite(&[value]), true, true, true),
            Distribution::Uniform { min, max } => (all_finite(&[min, max]), min <= max, true, true),
            Distribution::Normal { mean, sd } => (all_finite(&[mean, sd]), true, sd >= 0.0, true),
            Distribution::Lognormal { mean, sd } => {
                (all_finite(&[mean, sd]), true, sd >= 0.0, mean > 0.0)
            }
            Distribution::Triangular { min, mode, max } => (
                all_finite(&[min, mode, max]),
                min <= mode && mode <= max,
                true,
                true,
            ),
            Distribution::Exponential { mean } => (all_finite(&[mean]), true, true, mean > 0.0),
        };
        if !finite {
            Err(ParameterProblem::NotFinite)
        } else if !ordered {
            Err(ParameterProblem::Order)
        } else if !deviation {
            Err(ParameterProblem::NegativeDeviation)
        } else if !mean {
            Err(ParameterProblem::MeanNotPositive)
        } else {
            Ok(())
        }
    }

    /// The name of the kind, as written in profiles.
    pub fn kind(self) -> &'static str {
        match self {
            Distribution::Constant { .. } => "constant",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Normal { .. } => "normal",
            Distribution::Lognormal { .. } => "lognormal",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Exponential { .. } => "exponential",
        }
    }

    /// The mean of the distribution.
    pub fn mean(self) -> f64 {
        match self {
            Distribution::Constant { value } => value,
            Distribution::Uniform { min, max } => f64::midpoint(min, max),
            Distribution::Normal { mean, .. }
            | Distribution::Lognormal { mean, .. }
            | Distribution::Exponential { mean } => mean,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
        }
    }

    /// Whether every value drawn is at least zero (before any clamping).
    pub fn never_negative(self) -> bool {
        match self {
            Distribution::Constant { value } => value >= 0.0,
            Distribution::Uniform { min, .. } | Distribution::Triangular { min, .. } => min >= 0.0,
            Distribution::Normal { mean, sd } => mean >= 0.0 && sd == 0.0,
            Distribution::Lognormal { .. } | Distribution::Exponential { .. } => true,
        }
    }

    /// The location `mu` and scale `sigma` of the logarithm of a lognormal
    /// variable with this mean and standard deviation.
    pub fn lognormal_log_parameters(mean: f64, sd: f64) -> (f64, f64) {
        let variance = libm::log1p((sd * sd) / (mean * mean));
        (libm::log(mean) - variance / 2.0, variance.sqrt())
    }

    /// Draws a value.
    pub(crate) fn sample(self, random: &mut Random) -> f64 {
        match self {
            Distribution::Constant { value } => value,
            Distribution::Uniform { min, max } => min + (max - min) * random.unit(),
            Distribution::Normal { mean, sd } => mean + sd * random.normal(),
            Distribution::Lognormal { mean, sd } => {
                let (mu, sigma) = Distribution::lognormal_log_parameters(mean, sd);
                libm::exp(mu + sigma * random.normal())
            }
            Distribution::Triangular { min, mode, max } => {
                // Inverse of the distribution function, piece by piece.
                let u = random.unit();
                let width = max - min;
                if width <= 0.0 {
                    return min;
                }
                let split = (mode - min) / width;
                if u < split {
                    min + (u * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - mode)).sqrt()
                }
            }
            Distribution::Exponential { mean } => mean * random.exponential(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::random::Purpose;

    fn sample_mean_and_sd(distribution: Distribution) -> (f64, f64) {
        let mut random = Random::stream(11, Purpose::Case, 1);
        let n = 200_000;
        let samples: Vec<f64> = (0..n).map(|_| distribution.sample(&mut random)).collect();
        let mean = samples.iter().sum::<f64>() / f64::from(n);
        let var = samples.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / f64::from(n);
        (mean, var.sqrt())
    }

    #[test]
    fn lognormal_is_given_by_the_mean_and_deviation_of_its_values() {
        let (mean, sd) = sample_mean_and_sd(Distribution::Lognormal { mean: 2.0, sd: 1.0 });
        assert!((mean - 2.0).abs() < 0.02, "mean {mean}");
        assert!((sd - 1.0).abs() < 0.03, "sd {sd}");
    }

    #[test]
    fn triangular_has_the_mean_of_its_three_points() {
        let d = Distribution::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 6.0,
        };
        let (mean, sd) = sample_mean_and_sd(d);
        assert!((mean - 3.0).abs() < 0.01, "mean {mean}");
        // Variance of a triangular distribution: (a²+b²+c²-ab-ac-bc)/18.
        let expected = ((1.0 + 4.0 + 36.0 - 2.0 - 6.0 - 12.0) / 18.0_f64).sqrt();
        assert!((sd - expected).abs() < 0.01, "sd {sd}");
    }

    #[test]
    fn uniform_stays_within_its_bounds() {
        let mut random = Random::stream(1, Purpose::Case, 1);
        let d = Distribution::Uniform { min: 2.0, max: 3.0 };
        assert!((0..10_000).all(|_| (2.0..3.0).contains(&d.sample(&mut random))));
    }

    #[test]
    fn exponential_has_its_mean() {
        let (mean, sd) = sample_mean_and_sd(Distribution::Exponential { mean: 4.0 });
        assert!((mean - 4.0).abs() < 0.04, "mean {mean}");
        assert!((sd - 4.0).abs() < 0.06, "sd {sd}");
    }

    #[test]
    fn a_triangle_with_the_mode_outside_its_ends_is_refused() {
        let get = |name: &str| match name {
            "min" => Some(1.0),
            "mode" => Some(5.0),
            "max" => Some(3.0),
            _ => None,
        };
        assert_eq!(
            Distribution::from_parameters("triangular", get),
            Err(Err(ParameterProblem::Order))
        );
    }

    #[test]
    fn a_missing_parameter_is_named() {
        let get = |name: &str| (name == "mean").then_some(1.0);
        assert_eq!(Distribution::from_parameters("normal", get), Err(Ok("sd")));
    }
}
