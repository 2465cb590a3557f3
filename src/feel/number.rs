//! Exact decimal numbers for FEEL.
//!
//! FEEL numbers follow IEEE 754 Decimal128: 34 significant digits, rounding
//! half-even. They are backed by the decNumber library through the `dec`
//! crate, so that `0.1 + 0.2 = 0.3` holds and a fee of 27.60 stays 27.60.

use std::fmt;
use std::str::FromStr;

use dec::Decimal128;

/// An exact FEEL number.
///
/// Equality and order are by value: `46.00` equals `46`. The scale as
/// written is kept for display, so `46.00` prints as `46.00`.
#[derive(Clone, Copy, Default)]
pub struct Number(pub Decimal128);

impl Number {
    pub fn from_i64(n: i64) -> Self {
        Number(Decimal128::from(n))
    }

    pub fn as_decimal(self) -> Decimal128 {
        self.0
    }
}

/// The text is not a FEEL number literal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a number: {0:?}")]
pub struct InvalidNumber(pub String);

impl FromStr for Number {
    type Err = InvalidNumber;

    /// Reads a plain decimal literal: optional sign, digits, optional
    /// fraction (`12`, `-4.70`, `.5`). Exponents, `NaN` and infinities are
    /// not FEEL literals and are refused.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let well_formed = !(int.is_empty() && frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty() && int.is_empty());
        if !well_formed {
            return Err(InvalidNumber(text.to_owned()));
        }
        text.parse::<Decimal128>()
            .ok()
            .filter(Decimal128::is_finite)
            .map(Number)
            .ok_or_else(|| InvalidNumber(text.to_owned()))
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&other.0)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.to_standard_notation_string())
    }
}

impl fmt::Display for Number {
    /// Plain notation without an exponent, keeping the scale: `46.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_standard_notation_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        text.parse().unwrap()
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(Number(n("0.1").0 + n("0.2").0), n("0.3"));
    }

    #[test]
    fn scale_is_kept_for_display_but_not_for_equality() {
        assert_eq!(n("46.00").to_string(), "46.00");
        assert_eq!(n("46.00"), n("46"));
    }

    #[test]
    fn non_literals_are_refused() {
        for text in ["", ".", "1e5", "NaN", "Infinity", "1.2.3", "--1", "1_000"] {
            assert!(text.parse::<Number>().is_err(), "{text}");
        }
        assert_eq!(n(".5").to_string(), "0.5");
    }
}
