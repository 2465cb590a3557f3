//! Exact decimal numbers for FEEL.
//!
//! FEEL numbers follow IEEE 754 Decimal128: 34 significant digits, rounding
//! half-even. They are backed by the decNumber library through the `dec`
//! crate, so that `0.1 + 0.2 = 0.3` holds and a fee of 27.60 stays 27.60.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use dec::{Context, Decimal, Decimal128, Rounding};

/// Digits of the wider context used for `sqrt`, `exp`, `ln` and powers with
/// a non-integer exponent: 42 digits, so that the result rounded to 34
/// digits is correct in all but pathological cases.
type Wide = Decimal<14>;

/// An exact FEEL number.
///
/// Equality and order are by value: `46.00` equals `46`. The scale as
/// written is kept for display, so `46.00` prints as `46.00`.
#[derive(Clone, Copy, Default)]
pub struct Number(pub Decimal128);

/// How a number is rounded to a given scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// To the nearest, ties to the even neighbour (banker's rounding).
    HalfEven,
    /// To the nearest, ties away from zero (commercial rounding).
    HalfUp,
    /// To the nearest, ties towards zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Towards zero.
    Down,
    /// Towards negative infinity.
    Floor,
    /// Towards positive infinity.
    Ceiling,
}

impl RoundingMode {
    fn to_dec(self) -> Rounding {
        match self {
            RoundingMode::HalfEven => Rounding::HalfEven,
            RoundingMode::HalfUp => Rounding::HalfUp,
            RoundingMode::HalfDown => Rounding::HalfDown,
            RoundingMode::Up => Rounding::Up,
            RoundingMode::Down => Rounding::Down,
            RoundingMode::Floor => Rounding::Floor,
            RoundingMode::Ceiling => Rounding::Ceiling,
        }
    }
}

/// A fresh Decimal128 context: 34 digits, half-even rounding, no traps.
/// Copied from a prototype, which is several times cheaper than having
/// decNumber initialise one for every operation.
fn context() -> Context<Decimal128> {
    static PROTOTYPE: std::sync::LazyLock<Context<Decimal128>> =
        std::sync::LazyLock::new(Context::<Decimal128>::default);
    PROTOTYPE.clone()
}

/// A context for the wide intermediate results. decNumber's `exp`, `ln`
/// and `pow` refuse contexts whose exponent limits exceed 999 999, so the
/// limits are narrowed to what Decimal128 can hold anyway.
fn wide_context() -> Context<Wide> {
    let mut cx = Context::<Wide>::default();
    // Both limits are valid for every width, so setting them cannot fail.
    let _ = cx.set_max_exponent(6144);
    let _ = cx.set_min_exponent(-6143);
    cx
}

/// Keeps a result only when it is a finite number: an overflow to infinity
/// or an invalid operation is not a FEEL number, and callers turn `None`
/// into null.
fn finite(d: Decimal128) -> Option<Number> {
    d.is_finite().then_some(Number(d))
}

impl Number {
    pub const ZERO: Number = Number(Decimal128::ZERO);

    pub fn from_i64(n: i64) -> Self {
        Number(Decimal128::from(n))
    }

    pub fn from_i128(n: i128) -> Option<Self> {
        finite(context().from_i128(n))
    }

    pub fn as_decimal(self) -> Decimal128 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_negative() && !self.0.is_zero()
    }

    /// Whether the value is a whole number, whatever its scale: `42.0` is.
    pub fn is_integer(self) -> bool {
        self.0.is_finite() && (self.0.exponent() >= 0 || context().reduce(self.0).exponent() >= 0)
    }

    /// The number as an `i64`, when it is an integer in range.
    pub fn to_i64(self) -> Option<i64> {
        self.to_i128().and_then(|n| i64::try_from(n).ok())
    }

    /// The number as an `i128`, when it is an integer in range.
    pub fn to_i128(self) -> Option<i128> {
        if !self.is_integer() {
            return None;
        }
        let mut cx = context();
        let integral = cx.quantize(self.0, Decimal128::ZERO);
        if cx.status().invalid_operation() || !integral.is_finite() {
            return None;
        }
        Some(integral.coefficient())
    }

    /// An approximation for places where exactness does not matter, such as
    /// choosing a starting point.
    pub fn to_f64(self) -> f64 {
        self.0
            .to_standard_notation_string()
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// The number of digits after the decimal point as stored (`46.00` has
    /// scale 2, `1.2E+3` has scale -2).
    pub fn scale(self) -> i32 {
        -self.0.exponent()
    }

    #[must_use]
    pub fn negated(self) -> Number {
        Number(context().minus(self.0))
    }

    #[must_use]
    pub fn abs(self) -> Number {
        Number(context().abs(self.0))
    }

    pub fn checked_add(self, other: Number) -> Option<Number> {
        finite(context().add(self.0, other.0))
    }

    pub fn checked_sub(self, other: Number) -> Option<Number> {
        finite(context().sub(self.0, other.0))
    }

    pub fn checked_mul(self, other: Number) -> Option<Number> {
        finite(context().mul(self.0, other.0))
    }

    /// The quotient; `None` when dividing by zero.
    pub fn checked_div(self, other: Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        finite(context().div(self.0, other.0))
    }

    /// The remainder with the sign of the divisor, as FEEL's `modulo`:
    /// `dividend - divisor * floor(dividend / divisor)`.
    pub fn modulo(self, divisor: Number) -> Option<Number> {
        if divisor.is_zero() {
            return None;
        }
        let mut cx = context();
        let remainder = cx.rem(self.0, divisor.0);
        if cx.status().invalid_operation() || !remainder.is_finite() {
            return None;
        }
        let result = if !remainder.is_zero() && remainder.is_negative() != divisor.0.is_negative() {
            cx.add(remainder, divisor.0)
        } else {
            remainder
        };
        finite(result)
    }

    /// `self ** exponent`. Integer exponents are computed exactly and
    /// rounded once; other exponents go through a wider context.
    pub fn pow(self, exponent: Number) -> Option<Number> {
        // decNumber leaves 0 ** 0 undefined; FEEL, like most of
        // mathematics and every other FEEL implementation, makes it 1.
        if exponent.is_zero() {
            return Some(Number::from_i64(1));
        }
        if exponent.is_integer() && exponent.abs() <= Number::from_i64(999_999_999) {
            let mut cx = context();
            let mut wide = wide_context();
            let mut base = Wide::from(self.0);
            wide.pow(&mut base, &Wide::from(exponent.0));
            if wide.status().invalid_operation() || !base.is_finite() {
                return None;
            }
            return finite(cx.from_decimal(&base));
        }
        if self.is_negative() {
            return None;
        }
        if self.is_zero() {
            return (!exponent.is_negative()).then_some(Number::ZERO);
        }
        self.wide(|cx, x| {
            cx.ln(x);
            cx.mul(x, &Wide::from(exponent.0));
            cx.exp(x);
        })
    }

    /// The square root; `None` for negative numbers.
    pub fn sqrt(self) -> Option<Number> {
        if self.is_negative() {
            return None;
        }
        self.wide(|cx, x| {
            let mut root = *x;
            cx.sqrt(&mut root);
            *x = root;
        })
    }

    /// The natural logarithm; `None` for zero and negative numbers.
    pub fn ln(self) -> Option<Number> {
        if self.is_negative() || self.is_zero() {
            return None;
        }
        self.wide(Context::ln)
    }

    /// Euler's number raised to this power.
    pub fn exp(self) -> Option<Number> {
        self.wide(Context::exp)
    }

    fn wide(self, op: impl FnOnce(&mut Context<Wide>, &mut Wide)) -> Option<Number> {
        let mut cx = wide_context();
        let mut x = Wide::from(self.0);
        op(&mut cx, &mut x);
        if cx.status().invalid_operation() || !x.is_finite() {
            return None;
        }
        let mut narrow = context();
        let rounded = narrow.from_decimal(&x);
        // A result that is mathematically an integer or a short fraction
        // comes back from the wide context with trailing zeros; reducing
        // them keeps `sqrt(16)` printing as `4`.
        finite(narrow.reduce(rounded)).map(Number::without_trailing_zeros_in_fraction)
    }

    /// Rounds to `scale` digits after the decimal point (negative scales
    /// round to tens, hundreds, ...). `None` when the result would need
    /// more than 34 digits.
    pub fn round(self, scale: i32, mode: RoundingMode) -> Option<Number> {
        let mut cx = context();
        cx.set_rounding(mode.to_dec());
        let mut quantum = Decimal128::from(1);
        cx.set_exponent(&mut quantum, -scale);
        let result = cx.quantize(self.0, quantum);
        if cx.status().invalid_operation() {
            return None;
        }
        finite(result)
    }

    /// The largest integer not greater than this number.
    #[must_use]
    pub fn floor(self) -> Number {
        self.round(0, RoundingMode::Floor).unwrap_or(self)
    }

    /// The smallest integer not less than this number.
    #[must_use]
    pub fn ceiling(self) -> Number {
        self.round(0, RoundingMode::Ceiling).unwrap_or(self)
    }

    /// Removes trailing zeros after the decimal point, but never turns an
    /// integer into exponent form: `2.500` becomes `2.5`, `100` stays `100`.
    #[must_use]
    pub fn without_trailing_zeros_in_fraction(self) -> Number {
        let reduced = context().reduce(self.0);
        if reduced.exponent() > 0 {
            Number(context().quantize(reduced, Decimal128::ZERO))
        } else {
            Number(reduced)
        }
    }

    /// Total order by value, for sorting; equal values compare equal
    /// whatever their scale.
    pub fn cmp_value(self, other: Number) -> Ordering {
        self.partial_cmp(&other).unwrap_or(Ordering::Equal)
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
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        context().partial_cmp(self.0, other.0)
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number::from_i64(n)
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

    #[test]
    fn division_by_zero_has_no_result() {
        assert_eq!(n("1").checked_div(n("0")), None);
        assert_eq!(
            n("1").checked_div(n("3")).unwrap().to_string(),
            "0.3333333333333333333333333333333333"
        );
    }

    #[test]
    fn modulo_takes_the_sign_of_the_divisor() {
        assert_eq!(n("12").modulo(n("5")), Some(n("2")));
        assert_eq!(n("-12").modulo(n("5")), Some(n("3")));
        assert_eq!(n("12").modulo(n("-5")), Some(n("-3")));
        assert_eq!(n("10.1").modulo(n("4.5")), Some(n("1.1")));
    }

    #[test]
    fn rounding_modes_differ_on_ties() {
        let x = n("2.345");
        assert_eq!(
            x.round(2, RoundingMode::HalfEven).unwrap().to_string(),
            "2.34"
        );
        assert_eq!(
            x.round(2, RoundingMode::HalfUp).unwrap().to_string(),
            "2.35"
        );
        assert_eq!(
            x.round(2, RoundingMode::HalfDown).unwrap().to_string(),
            "2.34"
        );
        assert_eq!(
            n("-2.341").round(2, RoundingMode::Up).unwrap().to_string(),
            "-2.35"
        );
        assert_eq!(
            n("-2.349")
                .round(2, RoundingMode::Down)
                .unwrap()
                .to_string(),
            "-2.34"
        );
        assert_eq!(
            n("1234").round(-2, RoundingMode::HalfEven).unwrap(),
            n("1200")
        );
    }

    #[test]
    fn floor_and_ceiling_go_to_neighbouring_integers() {
        assert_eq!(n("-1.5").floor(), n("-2"));
        assert_eq!(n("1.5").ceiling(), n("2"));
        assert_eq!(n("-1.5").ceiling().to_string(), "-1");
    }

    #[test]
    fn integer_powers_are_exact() {
        assert_eq!(n("1.1").pow(n("2")).unwrap().to_string(), "1.21");
        assert_eq!(n("2").pow(n("-2")).unwrap(), n("0.25"));
        assert_eq!(n("10").pow(n("3")).unwrap().to_string(), "1000");
    }

    #[test]
    fn roots_and_logarithms_round_to_34_digits() {
        assert_eq!(n("16").sqrt().unwrap().to_string(), "4");
        assert_eq!(
            n("2").sqrt().unwrap().to_string(),
            "1.414213562373095048801688724209698"
        );
        assert_eq!(n("-1").sqrt(), None);
        assert_eq!(
            n("1").exp().unwrap().to_string(),
            "2.718281828459045235360287471352662"
        );
        assert_eq!(n("0").ln(), None);
        assert_eq!(n("4").pow(n("0.5")).unwrap(), n("2"));
    }

    #[test]
    fn large_integers_print_without_exponent() {
        let big = n("1000000").checked_mul(n("1000000")).unwrap();
        assert_eq!(big.to_string(), "1000000000000");
        assert_eq!(
            n("1234")
                .round(-2, RoundingMode::HalfEven)
                .unwrap()
                .to_string(),
            "1200"
        );
    }

    #[test]
    fn integers_convert_to_machine_integers() {
        assert_eq!(n("42.0").to_i64(), Some(42));
        assert_eq!(n("42.5").to_i64(), None);
    }
}
