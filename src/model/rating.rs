//! A rating as an exact number of hundredths.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A rating on a methodology's scale, stored exactly as a whole number of hundredths
/// (1.25 is 125), so that no float drift can ever change a published figure.
///
/// Whether a rating lies inside the scale or on its step is a question for the methodology
/// (see [`crate::Methodology::check_rating`]); a `Rating` only promises two decimals.
/// In project files a rating is written as a string with two decimals, `"1.25"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rating(u32);

/// Why a text is not a rating.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RatingParseError {
    /// Nothing was typed.
    #[error("a rating is empty")]
    Empty,
    /// Not a plain decimal number.
    #[error("\"{0}\" is not a number like 1.25")]
    NotANumber(String),
    /// More than two decimals.
    #[error("\"{0}\" has more than two decimals; ratings are given to the hundredth, like 1.25")]
    TooPrecise(String),
    /// Absurdly large.
    #[error("\"{0}\" is far too large to be a rating")]
    TooLarge(String),
}

impl Rating {
    /// The rating of `hundredths` hundredths: `Rating::from_hundredths(125)` is 1.25.
    #[must_use]
    pub const fn from_hundredths(hundredths: u32) -> Self {
        Self(hundredths)
    }

    /// The rating as a whole number of hundredths.
    #[must_use]
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// Parses a rating typed by a person: `"1.25"`, `"1.5"`, `"2"`, `" 3.00 "`.
    pub fn parse(text: &str) -> Result<Self, RatingParseError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(RatingParseError::Empty);
        }
        let not_a_number = || RatingParseError::NotANumber(t.to_owned());
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(not_a_number());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number());
        }
        if frac.len() > 2 && frac[2..].bytes().any(|b| b != b'0') {
            return Err(RatingParseError::TooPrecise(t.to_owned()));
        }
        if whole.len() > 6 {
            return Err(RatingParseError::TooLarge(t.to_owned()));
        }
        let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| not_a_number())? };
        let mut digits = frac.bytes().chain(std::iter::repeat(b'0')).take(2);
        let tens = u32::from(digits.next().unwrap_or(b'0') - b'0');
        let ones = u32::from(digits.next().unwrap_or(b'0') - b'0');
        Ok(Self(whole * 100 + tens * 10 + ones))
    }
}

impl fmt::Display for Rating {
    /// Two decimals, as published: `1.25`, `7.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl FromStr for Rating {
    type Err = RatingParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Rating;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rating as a string with two decimals, like \"1.25\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rating, E> {
                Rating::parse(v).map_err(E::custom)
            }
            // A hand-edited file may hold a bare number; take it when it has two decimals at most.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Rating, E> {
                let hundredths = (v * 100.0).round();
                if v.is_finite() && (0.0..1e8).contains(&hundredths) && (v * 100.0 - hundredths).abs() < 1e-6 {
                    Ok(Rating(hundredths as u32))
                } else {
                    Err(E::custom(format!("{v} is not a rating like \"1.25\" (at most two decimals, not negative)")))
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Rating, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Rating)
                    .ok_or_else(|| E::custom(format!("{v} is far too large to be a rating")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Rating, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("{v} is not a rating: ratings are not negative")))
                    .and_then(|v| self.visit_u64(v))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Rating::parse("1.25"), Ok(Rating(125)));
        assert_eq!(Rating::parse(" 1.5 "), Ok(Rating(150)));
        assert_eq!(Rating::parse("7"), Ok(Rating(700)));
        assert_eq!(Rating::parse("2."), Ok(Rating(200)));
        assert_eq!(Rating::parse(".75"), Ok(Rating(75)));
        assert_eq!(Rating::parse("3.000"), Ok(Rating(300)));
    }

    #[test]
    fn refuses_what_is_not_a_rating() {
        assert_eq!(Rating::parse(""), Err(RatingParseError::Empty));
        assert!(matches!(Rating::parse("-1"), Err(RatingParseError::NotANumber(_))));
        assert!(matches!(Rating::parse("1,25"), Err(RatingParseError::NotANumber(_))));
        assert!(matches!(Rating::parse("."), Err(RatingParseError::NotANumber(_))));
        assert!(matches!(Rating::parse("1e3"), Err(RatingParseError::NotANumber(_))));
        assert!(matches!(Rating::parse("1.333"), Err(RatingParseError::TooPrecise(_))));
        assert!(matches!(Rating::parse("99999999"), Err(RatingParseError::TooLarge(_))));
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Rating(125).to_string(), "1.25");
        assert_eq!(Rating(700).to_string(), "7.00");
        assert_eq!(Rating(5).to_string(), "0.05");
    }
}
