//! When and how long to wait before trying a request again.
//!
//! A request is tried again when the failure says nothing about the
//! request itself: the connection could not be made or broke off, no
//! answer came in time, or the platform answered 408, 429, 502, 503 or
//! 504 (overloaded, restarting, or a proxy in front of it could not reach
//! it). Every other answer is final.
//!
//! The waits grow exponentially (base, 2 × base, 4 × base, … up to a
//! ceiling), and each is drawn at random from its upper half, so that
//! clients that failed together do not all come back at the same moment.
//! A `Retry-After` in seconds from the platform is honoured up to the
//! ceiling.
//!
//! Trying a release again is safe only because every write carries one
//! idempotency key for all its attempts: if the first attempt was stored
//! and only its answer was lost, the platform answers the next attempt
//! with the stored answer and makes no second release.

use std::time::Duration;

/// How often and how patiently to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first.
    pub retries: u32,
    /// The wait before the first retry (before jitter).
    pub base: Duration,
    /// The longest wait between two attempts.
    pub ceiling: Duration,
}

impl Default for RetryPolicy {
    /// Four retries after waits of about 0.5, 1, 2 and 4 seconds: long
    /// enough for a platform to restart, short enough for a pipeline.
    fn default() -> Self {
        RetryPolicy {
            retries: 4,
            base: Duration::from_millis(500),
            ceiling: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> RetryPolicy {
        RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), with
    /// `random` as the source of jitter: a point in the upper half of the
    /// exponential step, capped at the ceiling.
    pub fn delay(&self, retry: u32, random: u64) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let step = self.base.saturating_mul(1u32 << exponent).min(self.ceiling);
        let half = step / 2;
        let half_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if half_nanos == 0 {
            0
        } else {
            random % (half_nanos + 1)
        };
        half + Duration::from_nanos(jitter)
    }

    /// The wait before retry number `retry`, or the platform's
    /// `Retry-After` when it gave one, capped at the ceiling.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(after) => after.min(self.ceiling),
            None => self.delay(retry, random_u64()),
        }
    }
}

/// Whether an answer with this status may succeed when sent again.
pub fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

/// A `Retry-After` header in seconds. The date form is not read: the
/// platform does not send it, and a proxy that does gets the usual wait.
pub fn retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A random number from the operating system, for jitter. Should the
/// operating system fail to give one, the jitter is simply lost.
fn random_u64() -> u64 {
    getrandom::u64().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            retries: 6,
            base: Duration::from_millis(100),
            ceiling: Duration::from_secs(1),
        }
    }

    #[test]
    fn waits_double_from_one_retry_to_the_next() {
        let p = policy();
        // With no jitter, each wait is the lower bound: half the step.
        assert_eq!(p.delay(1, 0), Duration::from_millis(50));
        assert_eq!(p.delay(2, 0), Duration::from_millis(100));
        assert_eq!(p.delay(3, 0), Duration::from_millis(200));
    }

    #[test]
    fn jitter_stays_within_the_upper_half_of_the_step() {
        let p = policy();
        for random in [1, 7, 49_999_999, 50_000_000, u64::MAX / 3, u64::MAX] {
            let wait = p.delay(2, random);
            assert!(wait >= Duration::from_millis(100), "{wait:?}");
            assert!(wait <= Duration::from_millis(200), "{wait:?}");
        }
    }

    #[test]
    fn waits_never_exceed_the_ceiling() {
        let p = policy();
        for retry in 1..=40 {
            assert!(p.delay(retry, u64::MAX) <= p.ceiling);
        }
    }

    #[test]
    fn retry_after_is_capped_at_the_ceiling() {
        let p = policy();
        assert_eq!(
            p.wait(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(1)
        );
        assert_eq!(
            p.wait(1, Some(Duration::from_millis(300))),
            Duration::from_millis(300)
        );
    }

    #[test]
    fn only_overload_and_gateway_answers_are_transient() {
        for status in [408, 429, 502, 503, 504] {
            assert!(is_transient_status(status), "{status}");
        }
        for status in [200, 201, 400, 401, 403, 404, 409, 412, 413, 422, 428, 500] {
            assert!(!is_transient_status(status), "{status}");
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
