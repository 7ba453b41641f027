//! Exact numbers for the methodology engine: every rating, weight, threshold and figure is an
//! exact fraction of two `i128`s, and a figure is rounded once, when it is shown.
//!
//! Rounding is **half up**: a value exactly halfway between two shown values goes to the
//! larger one (towards +∞), as [`crate::score`] rounds the NIT figures: 12.5 → 13, 1.375 → 1.38.
//! The publishers' figures are never negative where a tie can occur (Freedom in the World's political-rights
//! total can be negative, but it is a whole number and shown as one), so "half up" and "half
//! away from zero" agree on every published figure; for a negative tie in an index of one's
//! own, −2.5 shows as −2.
//!
//! Arithmetic is checked: an overflow (only a hostile file could cause one) makes the figure
//! unavailable instead of panicking.

use std::cmp::Ordering;
use std::fmt;

use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::score::Fixed;

/// An exact rational number: a rating, a weight, a threshold or a computed figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Value(Ratio<i128>);

/// The most decimals a number written in a methodology file may have.
const MAX_DECIMALS: usize = 12;

impl Value {
    /// Zero.
    pub const ZERO: Self = Self(Ratio::new_raw(0, 1));

    /// The whole number `n`.
    #[must_use]
    pub fn int(n: i64) -> Self {
        Self(Ratio::from_integer(i128::from(n)))
    }

    /// `numer / denom`, or `None` when `denom` is zero.
    #[must_use]
    pub fn ratio(numer: i128, denom: i128) -> Option<Self> {
        (denom != 0).then(|| Self(Ratio::new(numer, denom)))
    }

    /// `hundredths / 100`: `Value::hundredths(125)` is 1.25 (how [`crate::Rating`] stores a rating).
    #[must_use]
    pub fn hundredths(hundredths: i64) -> Self {
        Self(Ratio::new(i128::from(hundredths), 100))
    }

    /// The numerator of the reduced fraction.
    #[must_use]
    pub fn numer(self) -> i128 {
        *self.0.numer()
    }

    /// The denominator of the reduced fraction (always positive).
    #[must_use]
    pub fn denom(self) -> i128 {
        *self.0.denom()
    }

    /// Reads a decimal number as written in a file or typed: `"3"`, `"-2"`, `"1.25"`, `".5"`,
    /// `"7/3"` (a fraction). At most twelve decimals.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let bad = || format!("\"{t}\" is not a number like 1.25, -2 or 7/3");
        if let Some((n, d)) = t.split_once('/') {
            let n: i128 = n.trim().parse().map_err(|_| bad())?;
            let d: i128 = d.trim().parse().map_err(|_| bad())?;
            return Self::ratio(n, d).ok_or_else(|| format!("\"{t}\" divides by zero"));
        }
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if (whole.is_empty() && frac.is_empty())
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        if whole.len() > 18 {
            return Err(format!("\"{t}\" is far too large for a rating or a threshold"));
        }
        if frac.len() > MAX_DECIMALS {
            return Err(format!("\"{t}\" has more than {MAX_DECIMALS} decimals"));
        }
        let whole: i128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
        let frac_value: i128 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
        let scale = 10_i128.pow(frac.len() as u32);
        let magnitude = whole * scale + frac_value;
        Ok(Self(Ratio::new(if negative { -magnitude } else { magnitude }, scale)))
    }

    /// `self + other`, `None` on overflow.
    #[must_use]
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(&other.0).map(Self)
    }

    /// `self − other`, `None` on overflow.
    #[must_use]
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(&other.0).map(Self)
    }

    /// `self × other`, `None` on overflow.
    #[must_use]
    pub fn checked_mul(self, other: Self) -> Option<Self> {
        self.0.checked_mul(&other.0).map(Self)
    }

    /// `self ÷ other`, `None` when `other` is zero or on overflow.
    #[must_use]
    pub fn checked_div(self, other: Self) -> Option<Self> {
        if other.0.is_zero() {
            return None;
        }
        self.0.checked_div(&other.0).map(Self)
    }

    /// `−self`.
    #[must_use]
    pub fn checked_neg(self) -> Option<Self> {
        Self::ZERO.checked_sub(self)
    }

    /// Whether this is zero.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whether this is below zero.
    #[must_use]
    pub fn is_negative(self) -> bool {
        self.0.is_negative()
    }

    /// Whether this is a whole number of `step`s (`step` must not be zero).
    #[must_use]
    pub fn is_multiple_of(self, step: Self) -> bool {
        self.checked_div(step).is_some_and(|q| q.0.is_integer())
    }

    /// The value rounded half up (see the module) to `decimals` decimals, as a [`Fixed`];
    /// `None` if it does not fit.
    #[must_use]
    pub fn rounded(self, decimals: u32) -> Option<Fixed> {
        let scale = 10_i128.checked_pow(decimals)?;
        let num = self.numer().checked_mul(scale)?;
        let den = self.denom();
        // floor((2·num + den) / (2·den)): half up, towards +∞ on a tie.
        let twice = num.checked_mul(2)?.checked_add(den)?;
        let q = twice.div_euclid(den.checked_mul(2)?);
        Some(Fixed { value: i64::try_from(q).ok()?, decimals })
    }

    /// The exact value of a shown figure.
    #[must_use]
    pub fn from_fixed(fixed: Fixed) -> Self {
        Self(Ratio::new(i128::from(fixed.value), 10_i128.pow(fixed.decimals)))
    }

    /// The number of decimals this value needs to be written exactly, if it has a finite
    /// decimal expansion of at most twelve places.
    #[must_use]
    pub fn decimals_needed(self) -> Option<u32> {
        (0..=MAX_DECIMALS as u32).find(|&d| (self.numer() * 10_i128.pow(d)) % self.denom() == 0)
    }

    /// Compares two values (the same as `cmp`, spelled for readability at call sites).
    #[must_use]
    pub fn compare(self, other: Self) -> Ordering {
        self.cmp(&other)
    }
}

impl fmt::Display for Value {
    /// The shortest exact decimal (`1.25`, `-2`, `0.5`), or a fraction (`7/3`) when the value
    /// has no short decimal expansion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.decimals_needed().and_then(|d| self.rounded(d)) {
            Some(fixed) => write!(f, "{fixed}"),
            None => write!(f, "{}/{}", self.numer(), self.denom()),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.denom() == 1, i64::try_from(self.numer())) {
            (true, Ok(n)) => serializer.serialize_i64(n),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number like 4, -2, 1.25 or \"7/3\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
                i64::try_from(v).map(Value::int).map_err(|_| E::custom(format!("{v} is far too large")))
            }
            // A float in the file is read by its shortest decimal form, which is what the
            // person wrote: `0.25` is exactly 1/4, `0.1` exactly 1/10.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("{v} is not a number")));
                }
                Value::parse(&format!("{v}")).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
                Value::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Value {
        Value::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_decimals_signs_and_fractions() {
        assert_eq!(v("1.25"), Value::hundredths(125));
        assert_eq!(v("-2"), Value::int(-2));
        assert_eq!(v(".5"), Value::ratio(1, 2).unwrap_or(Value::ZERO));
        assert_eq!(v("7/3").to_string(), "7/3");
        assert_eq!(Value::parse("1.2.3"), Err("\"1.2.3\" is not a number like 1.25, -2 or 7/3".to_owned()));
        assert_eq!(Value::parse("1/0"), Err("\"1/0\" divides by zero".to_owned()));
        assert_eq!(Value::parse("-"), Err("\"-\" is not a number like 1.25, -2 or 7/3".to_owned()));
    }

    #[test]
    fn rounds_half_up_once() {
        let shown = |t: &str, d: u32| v(t).rounded(d).map(|f| f.to_string()).unwrap_or_default();
        assert_eq!(shown("12.5", 0), "13");
        assert_eq!(shown("1.375", 2), "1.38");
        assert_eq!(shown("-2.5", 0), "-2");
        assert_eq!(shown("-2.51", 0), "-3");
        assert_eq!(shown("9/7", 2), "1.29");
        assert_eq!(shown("-2", 0), "-2");
        // 2/3 of 100 from the exact value: 66.67, headline 67.
        assert_eq!(shown("200/3", 2), "66.67");
    }

    #[test]
    fn displays_the_shortest_exact_form() {
        assert_eq!(v("1.50").to_string(), "1.5");
        assert_eq!(v("-0.25").to_string(), "-0.25");
        assert_eq!(v("10/4").to_string(), "2.5");
        assert_eq!(v("1/3").to_string(), "1/3");
    }

    #[test]
    fn arithmetic_is_checked() {
        let big = Value::ratio(i128::MAX, 1).unwrap_or(Value::ZERO);
        assert_eq!(big.checked_add(Value::int(1)), None);
        assert_eq!(Value::int(1).checked_div(Value::ZERO), None);
        assert_eq!(Value::int(3).checked_sub(Value::int(5)), Some(Value::int(-2)));
        assert!(v("1.75").is_multiple_of(v("0.25")));
        assert!(!v("1.30").is_multiple_of(v("0.25")));
    }
}
