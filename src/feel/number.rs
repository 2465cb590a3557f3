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
        if let Some(sum) = fast::add(self.0, other.0, false) {
            return Some(Number(sum));
        }
        finite(context().add(self.0, other.0))
    }

    pub fn checked_sub(self, other: Number) -> Option<Number> {
        if let Some(difference) = fast::add(self.0, other.0, true) {
            return Some(Number(difference));
        }
        finite(context().sub(self.0, other.0))
    }

    pub fn checked_mul(self, other: Number) -> Option<Number> {
        if let Some(product) = fast::mul(self.0, other.0) {
            return Some(Number(product));
        }
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
        if let Some(rounded) = fast::round(self.0, scale, mode) {
            return Some(Number(rounded));
        }
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
        fast::cmp(self.0, other.0).or_else(|| context().partial_cmp(self.0, other.0))
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

/// Exact arithmetic on the numbers services mostly deal with (fees,
/// lengths, ages: at most 18 significant digits), done on the Decimal128
/// encoding directly instead of through decNumber's general algorithms,
/// which are several times slower. Every function returns `None` when its
/// shortcut does not apply, and the caller then asks decNumber; where the
/// shortcut applies, its result is bit for bit the one decNumber gives
/// (checked by the tests below).
mod fast {
    use std::cmp::Ordering;

    use dec::Decimal128;

    use super::RoundingMode;

    const BIAS: i32 = 6176;
    const MAX_BIASED_EXPONENT: i32 = 12_287;
    const NOT_CANONICAL: u16 = u16::MAX;
    /// Results with fewer than 34 digits keep the leading digit of the
    /// encoding at zero, which is the only form [`encode`] writes.
    const LIMIT: u128 = 10u128.pow(33);

    /// Densely packed decimal: three digits in ten bits, both ways.
    struct Tables {
        encode: [u16; 1000],
        decode: [u16; 1024],
    }

    /// Densely packed decimal encoding of three digits (IEEE 754-2008,
    /// 3.5.2): the digits' bits are rearranged so that small digits keep
    /// their binary form and 8 and 9 are marked by indicator bits. A unit
    /// test checks every value against decNumber.
    // The single letters are the bit names of the standard's table.
    #[allow(clippy::many_single_char_names)]
    pub(super) const fn declet(n: u16) -> u16 {
        let (d2, d1, d0) = (n / 100, n / 10 % 10, n % 10);
        let (a, e, i) = (d2 >> 3, d1 >> 3, d0 >> 3);
        let (bcd, fgh, jkm) = (d2 & 7, d1 & 7, d0 & 7);
        let (d, h, m) = (d2 & 1, d1 & 1, d0 & 1);
        let (fg, jk) = (fgh >> 1, jkm >> 1);
        let (pqr, stu, vwxy) = match (a, e, i) {
            (0, 0, 0) => (bcd, fgh, jkm),
            (0, 0, _) => (bcd, fgh, 0b1000 | m),
            (0, _, 0) => (bcd, (jk << 1) | h, 0b1010 | m),
            (0, _, _) => (bcd, 0b100 | h, 0b1110 | m),
            (_, 0, 0) => ((jk << 1) | d, fgh, 0b1100 | m),
            (_, 0, _) => ((fg << 1) | d, 0b010 | h, 0b1110 | m),
            (_, _, 0) => ((jk << 1) | d, h, 0b1110 | m),
            (_, _, _) => (d, 0b110 | h, 0b1110 | m),
        };
        (pqr << 7) | (stu << 4) | vwxy
    }

    const TABLES: Tables = {
        let mut tables = Tables {
            encode: [0; 1000],
            decode: [NOT_CANONICAL; 1024],
        };
        let mut n = 0;
        while n < 1000 {
            let code = declet(n);
            tables.encode[n as usize] = code;
            tables.decode[code as usize] = n;
            n += 1;
        }
        tables
    };

    fn bits(d: Decimal128) -> u128 {
        u128::from_le_bytes(d.to_le_bytes())
    }

    /// The signed coefficient and the exponent of a finite number with at
    /// most 18 digits.
    fn small(d: Decimal128) -> Option<(i64, i32)> {
        let bits = bits(d);
        let combination = (bits >> 122) & 0x1f;
        // A leading digit of 8 or 9, infinities and NaNs, and any other
        // leading digit (34-digit coefficients) take the general path.
        if combination >> 3 == 0b11 || combination & 0b111 != 0 {
            return None;
        }
        // Digits 19 to 33 must be zero.
        if (bits >> 60) & ((1u128 << 50) - 1) != 0 {
            return None;
        }
        let tables = &TABLES;
        let mut rest = bits & ((1u128 << 60) - 1);
        let mut coefficient: i64 = 0;
        let mut scale: i64 = 1;
        while rest != 0 {
            let digits = tables.decode[usize::try_from(rest & 0x3ff).ok()?];
            if digits == NOT_CANONICAL {
                return None;
            }
            coefficient += i64::from(digits) * scale;
            scale = scale.saturating_mul(1000);
            rest >>= 10;
        }
        let biased = ((combination >> 3) << 12) | ((bits >> 110) & 0xfff);
        let exponent = i32::try_from(biased).ok()? - BIAS;
        let negative = bits >> 127 == 1;
        Some((if negative { -coefficient } else { coefficient }, exponent))
    }

    /// The number `coefficient * 10^exponent`, for coefficients of fewer
    /// than 34 digits.
    fn encode(coefficient: i128, exponent: i32) -> Option<Decimal128> {
        let mut magnitude = coefficient.unsigned_abs();
        let biased = exponent.checked_add(BIAS)?;
        if magnitude >= LIMIT || !(0..=MAX_BIASED_EXPONENT).contains(&biased) {
            return None;
        }
        let tables = &TABLES;
        let mut bits: u128 = 0;
        let mut shift = 0;
        // Division of 128-bit integers is slow; most coefficients fit in 64.
        while magnitude > u128::from(u64::MAX) {
            let declet = tables.encode[usize::try_from(magnitude % 1000).ok()?];
            bits |= u128::from(declet) << shift;
            magnitude /= 1000;
            shift += 10;
        }
        let mut low = u64::try_from(magnitude).ok()?;
        while low != 0 {
            let declet = tables.encode[usize::try_from(low % 1000).ok()?];
            bits |= u128::from(declet) << shift;
            low /= 1000;
            shift += 10;
        }
        let biased = u128::try_from(biased).ok()?;
        bits |= (biased & 0xfff) << 110;
        bits |= (biased >> 12) << 125;
        if coefficient < 0 {
            bits |= 1 << 127;
        }
        Some(Decimal128::from_le_bytes(bits.to_le_bytes()))
    }

    /// Powers of ten that an i128 holds.
    const POWERS: [i128; 39] = {
        let mut powers = [1i128; 39];
        let mut i = 1;
        while i < 39 {
            powers[i] = powers[i - 1] * 10;
            i += 1;
        }
        powers
    };

    fn power_of_ten(exponent: i32) -> Option<i128> {
        POWERS.get(usize::try_from(exponent).ok()?).copied()
    }

    /// Both coefficients at the smaller exponent.
    fn aligned(a: (i64, i32), b: (i64, i32)) -> Option<(i128, i128, i32)> {
        let exponent = a.1.min(b.1);
        let scale = |(c, e): (i64, i32)| i128::from(c).checked_mul(power_of_ten(e - exponent)?);
        Some((scale(a)?, scale(b)?, exponent))
    }

    pub(super) fn cmp(a: Decimal128, b: Decimal128) -> Option<Ordering> {
        let (x, y, _) = aligned(small(a)?, small(b)?)?;
        Some(x.cmp(&y))
    }

    pub(super) fn add(a: Decimal128, b: Decimal128, subtract: bool) -> Option<Decimal128> {
        let (a, b) = (small(a)?, small(b)?);
        // Amounts of one currency usually share their exponent, which
        // saves widening them.
        let (sum, exponent) = if a.1 == b.1 {
            let sum = if subtract {
                a.0.checked_sub(b.0)?
            } else {
                a.0.checked_add(b.0)?
            };
            (i128::from(sum), a.1)
        } else {
            let (x, y, exponent) = aligned(a, b)?;
            (
                if subtract {
                    x.checked_sub(y)?
                } else {
                    x.checked_add(y)?
                },
                exponent,
            )
        };
        // decNumber gives zero results a sign by rules of its own.
        if sum == 0 {
            return None;
        }
        encode(sum, exponent)
    }

    /// Rounds to `scale` digits after the point, as decNumber's quantize.
    pub(super) fn round(d: Decimal128, scale: i32, mode: RoundingMode) -> Option<Decimal128> {
        let (coefficient, exponent) = small(d)?;
        let target = scale.checked_neg()?;
        if exponent >= target {
            let widened = i128::from(coefficient).checked_mul(power_of_ten(exponent - target)?)?;
            return if widened == 0 {
                None
            } else {
                encode(widened, target)
            };
        }
        let divisor = i64::try_from(power_of_ten(target - exponent)?).ok()?;
        let (quotient, remainder) = (coefficient / divisor, coefficient % divisor);
        let sign = coefficient.signum();
        let twice = remainder.unsigned_abs() * 2;
        let half = divisor.unsigned_abs();
        let away = match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => remainder != 0,
            RoundingMode::Floor => remainder < 0,
            RoundingMode::Ceiling => remainder > 0,
            RoundingMode::HalfUp => twice >= half,
            RoundingMode::HalfDown => twice > half,
            RoundingMode::HalfEven => twice > half || (twice == half && quotient % 2 != 0),
        };
        let rounded = if away { quotient + sign } else { quotient };
        // decNumber keeps the sign of a number rounded to zero.
        if rounded == 0 {
            return None;
        }
        encode(i128::from(rounded), target)
    }

    pub(super) fn mul(a: Decimal128, b: Decimal128) -> Option<Decimal128> {
        let (left, left_exponent) = small(a)?;
        let (right, right_exponent) = small(b)?;
        let product = i128::from(left) * i128::from(right);
        if product == 0 {
            return None;
        }
        encode(product, left_exponent.checked_add(right_exponent)?)
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

    /// The shortcuts of `fast` must agree with decNumber to the last bit:
    /// value, scale and sign.
    #[test]
    fn fast_arithmetic_agrees_with_decnumber() {
        let mut seed: u64 = 0x5eed;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut samples: Vec<Decimal128> = [
            "0",
            "-0",
            "0.00",
            "1",
            "-1",
            "27.60",
            "46.00",
            "0.1",
            "0.2",
            "4.70",
            "999",
            "1000",
            "999999999999999999",
            "-999999999999999999",
            "1E+5",
            "1E-30",
            "123456789.123456789",
        ]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
        for _ in 0..400 {
            let digits = next() % 19;
            let coefficient = i64::try_from(next() % 10u64.pow(u32::try_from(digits).unwrap()))
                .unwrap()
                * if next() % 2 == 0 { 1 } else { -1 };
            let exponent = i64::try_from(next() % 12).unwrap() - 8;
            samples.push(format!("{coefficient}E{exponent}").parse().unwrap());
        }
        let mut cx = context();
        for &a in &samples {
            for &b in samples.iter().step_by(7) {
                let same = |fast: Option<Decimal128>, slow: Decimal128| {
                    fast.is_none_or(|f| f.to_string() == slow.to_string() && f == slow)
                };
                assert!(same(fast::add(a, b, false), cx.add(a, b)), "{a} + {b}");
                assert!(same(fast::add(a, b, true), cx.sub(a, b)), "{a} - {b}");
                assert!(same(fast::mul(a, b), cx.mul(a, b)), "{a} * {b}");
                if let Some(order) = fast::cmp(a, b) {
                    assert_eq!(Some(order), cx.partial_cmp(a, b), "{a} <=> {b}");
                }
            }
            for mode in [
                RoundingMode::HalfEven,
                RoundingMode::HalfUp,
                RoundingMode::HalfDown,
                RoundingMode::Up,
                RoundingMode::Down,
                RoundingMode::Floor,
                RoundingMode::Ceiling,
            ] {
                for scale in -3..6 {
                    let mut slow = context();
                    slow.set_rounding(mode.to_dec());
                    let mut quantum = Decimal128::from(1);
                    slow.set_exponent(&mut quantum, -scale);
                    let expected = slow.quantize(a, quantum);
                    if let Some(fast) = fast::round(a, scale, mode) {
                        assert_eq!(
                            fast.to_string(),
                            expected.to_string(),
                            "{a} {mode:?} {scale}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fast_paths_are_taken_for_fees() {
        let (a, b) = (n("27.60").0, n("4").0);
        assert!(fast::mul(a, b).is_some());
        assert!(fast::add(a, b, false).is_some());
        assert!(fast::cmp(a, b).is_some());
    }

    #[test]
    fn densely_packed_decimal_tables_agree_with_decnumber() {
        for n in 0..1000u16 {
            let bits = u128::from_le_bytes(Decimal128::from(i64::from(n)).to_le_bytes());
            assert_eq!(u128::from(fast::declet(n)), bits & 0x3ff, "{n}");
        }
    }
}
