//! Exact money: decimal amounts, currencies, the half-away-from-zero rounding the Agent documents,
//! and the serde rules every boundary shares (amounts are strings or integers, never floats).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code, upper case (`penznem` on the wire). Held inline: every order and
/// document carries one, and copying it should not allocate.
#[doc(alias = "penznem")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a three-letter code; lower case is accepted and normalised.
    pub fn new(code: &str) -> Result<Self, String> {
        let code = code.trim();
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => Ok(Self([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(format!(
                "`{code}` is not a three-letter ISO 4217 currency code"
            )),
        }
    }

    /// The Hungarian forint.
    pub fn huf() -> Self {
        Self(*b"HUF")
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    pub fn is_huf(&self) -> bool {
        self.0 == *b"HUF"
    }

    /// Decimal places of an invoice amount: HUF line amounts are whole forints, others have 2.
    pub fn scale(&self) -> u32 {
        if self.is_huf() { 0 } else { 2 }
    }

    /// The smallest amount an invoice line can carry in this currency.
    pub fn minor_unit(&self) -> Decimal {
        const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
        if self.is_huf() { Decimal::ONE } else { CENT }
    }

    /// Rounds to this currency's invoice scale, half away from zero.
    pub fn round(&self, value: Decimal) -> Decimal {
        round_half_away(value, self.scale())
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Self::new(&code)
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.as_str().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rounds half away from zero (the Agent's documented rule), normalising the result's scale.
pub fn round_half_away(value: Decimal, scale: u32) -> Decimal {
    if let Some(rounded) = round_small_half_away(value, scale) {
        return rounded;
    }
    let mut rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(scale);
    rounded
}

/// `round_half_away` in native integers, for the amounts invoices hold: a mantissa within `u64`
/// and at most 19 digits to drop. `Decimal`'s rounding works on 96 bits digit group by digit
/// group and dominated the line arithmetic. Zero is left to it: it keeps the sign of a `-0`.
fn round_small_half_away(value: Decimal, scale: u32) -> Option<Decimal> {
    let dropped_digits = value
        .scale()
        .checked_sub(scale)
        .filter(|&digits| digits > 0)?;
    let magnitude = u64::try_from(value.mantissa().unsigned_abs())
        .ok()
        .filter(|&magnitude| magnitude != 0)?;
    let divisor = 10u64.checked_pow(dropped_digits)?;
    let mut kept = magnitude / divisor;
    if magnitude % divisor >= divisor / 2 {
        kept += 1;
    }
    let kept = i128::from(kept);
    let signed = if value.is_sign_negative() {
        -kept
    } else {
        kept
    };
    Decimal::try_from_i128_with_scale(signed, scale).ok()
}

/// `value.normalize()` (trailing zeros stripped, `-0` made `0`), without the call for a nonzero
/// whole number, which it leaves as it is: quantities and VAT rates usually are.
pub(crate) fn normalized(value: Decimal) -> Decimal {
    if value.scale() == 0 && !value.is_zero() {
        value
    } else {
        value.normalize()
    }
}

/// `10^exponent` where an `i64` holds it, from a table rather than by repeated multiplication.
pub(crate) fn pow10(exponent: u32) -> Option<i64> {
    const POWERS: [i64; 19] = {
        let mut powers = [1; 19];
        let mut index = 1;
        while index < powers.len() {
            powers[index] = powers[index - 1] * 10;
            index += 1;
        }
        powers
    };
    POWERS.get(usize::try_from(exponent).ok()?).copied()
}

/// `numerator / denominator` rounded half away from zero, exactly. `denominator` is not zero.
pub(crate) fn div_half_away(numerator: i64, denominator: i64) -> i64 {
    let quotient = numerator / denominator;
    let remainder = (numerator % denominator).unsigned_abs();
    if remainder >= denominator.unsigned_abs() - remainder {
        if (numerator < 0) == (denominator < 0) {
            quotient + 1
        } else {
            quotient - 1
        }
    } else {
        quotient
    }
}

/// Serde for amounts: read from a decimal string or a JSON integer, refuse floats, write strings.
///
/// A JSON number with a fraction is refused rather than read through `f64`, which cannot hold
/// most decimal fractions exactly (0.1 + 0.2 ≠ 0.3). Use with `#[serde(with = "money::amount")]`.
pub mod amount {
    use std::fmt;

    use rust_decimal::Decimal;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    /// The key `serde_json` uses for numbers when its `arbitrary_precision` feature is on.
    const ARBITRARY_PRECISION_KEY: &str = "$serde_json::private::Number";

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }

    pub(crate) struct AmountVisitor;

    pub(crate) fn parse(text: &str) -> Result<Decimal, String> {
        plain_decimal(text).map_or_else(|| parse_any(text), Ok)
    }

    /// Kept out of line: inlined, its frame made every plain amount pay for it.
    #[inline(never)]
    fn parse_any(text: &str) -> Result<Decimal, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("an amount is required, found an empty string".to_owned());
        }
        trimmed
            .parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(trimmed))
            .map_err(|_| format!("`{trimmed}` is not a decimal amount"))
    }

    /// An amount as shops write it — digits, at most one point with digits on both sides, an
    /// optional minus, 18 characters at most (`"1234.00"`) — read straight into a mantissa and
    /// a scale, at about half the cost of `Decimal`'s general parser and the Unicode trim
    /// before it (an order has over a hundred amounts). `None` for anything else, which that
    /// parser reads; a negative zero too, whose sign it keeps.
    fn plain_decimal(text: &str) -> Option<Decimal> {
        const MAX_LEN: usize = 18;
        let (negative, body) = match text.as_bytes() {
            [b'-', body @ ..] => (true, body),
            body => (false, body),
        };
        if body.is_empty() || body.len() > MAX_LEN {
            return None;
        }
        let mut mantissa: i64 = 0;
        let mut scale = 0;
        for (position, &byte) in body.iter().enumerate() {
            match byte {
                b'0'..=b'9' => mantissa = mantissa * 10 + i64::from(byte - b'0'),
                b'.' if scale == 0 && position > 0 && position + 1 < body.len() => {
                    scale = body.len() - position - 1;
                }
                _ => return None,
            }
        }
        if negative {
            if mantissa == 0 {
                return None;
            }
            mantissa = -mantissa;
        }
        Decimal::try_new(mantissa, u32::try_from(scale).ok()?).ok()
    }

    impl<'de> Visitor<'de> for AmountVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an amount as a decimal string (\"12.50\") or an integer")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
            parse(text).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "amount {value} is a floating-point number; send amounts as decimal strings (\"{value}\") or integers so no precision is lost"
            )))
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
            // serde_json with `arbitrary_precision` hands numbers over as a one-entry map.
            match map.next_key::<String>()? {
                Some(key) if key == ARBITRARY_PRECISION_KEY => {
                    let token: String = map.next_value()?;
                    if token.contains(['.', 'e', 'E']) {
                        return self.visit_f64(token.parse().unwrap_or(f64::NAN));
                    }
                    parse(&token).map_err(de::Error::custom)
                }
                _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }

    /// The same rules for an optional amount (`null` and absence are `None`).
    pub mod option {
        use rust_decimal::Decimal;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            value: &Option<Decimal>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => serializer.collect_str(value),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Decimal>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapped(#[serde(with = "super")] Decimal);
            Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(value)| value))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_away(dec!(2.5), 0), dec!(3));
        assert_eq!(round_half_away(dec!(-2.5), 0), dec!(-3));
        assert_eq!(round_half_away(dec!(1.005), 2), dec!(1.01));
        assert_eq!(round_half_away(dec!(7), 2).to_string(), "7.00");
    }

    #[test]
    fn native_rounding_matches_decimal_rounding() {
        let mut negative_zero = dec!(0.000);
        negative_zero.set_sign_negative(true);
        let values = [
            dec!(2.5),
            dec!(-2.5),
            dec!(-0.4),
            negative_zero,
            dec!(1.005),
            dec!(1181.10),
            dec!(-318.4999),
            dec!(999.995),
            dec!(18446744073709551615),
            dec!(1844674407370955161.5),
            dec!(0.0000000000000000000000000005),
            dec!(79228162514264337593543950.335),
        ];
        for value in values {
            for scale in 0..=8 {
                let mut expected =
                    value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
                expected.rescale(scale);
                let rounded = round_half_away(value, scale);
                assert_eq!(
                    (rounded.to_string(), rounded.is_sign_negative()),
                    (expected.to_string(), expected.is_sign_negative()),
                    "{value} to {scale}"
                );
            }
        }
    }

    #[test]
    fn normalized_is_normalize() {
        let mut negative_zero = dec!(0);
        negative_zero.set_sign_negative(true);
        for value in [
            dec!(0),
            negative_zero,
            dec!(0.000),
            dec!(27),
            dec!(-3),
            dec!(27.0),
            dec!(5.50),
            dec!(-1500.00),
        ] {
            let expected = value.normalize();
            let actual = normalized(value);
            assert_eq!(
                (actual.to_string(), actual.is_sign_negative()),
                (expected.to_string(), expected.is_sign_negative()),
                "{value}"
            );
        }
    }

    #[test]
    fn powers_of_ten_are_tabled_up_to_the_largest_i64_holds() {
        for exponent in 0..19 {
            assert_eq!(pow10(exponent), 10i64.checked_pow(exponent));
        }
        assert_eq!(pow10(19), None);
    }

    #[test]
    fn integer_division_rounds_half_away_from_zero() {
        for (numerator, denominator, expected) in [
            (5, 2, 3),
            (-5, 2, -3),
            (5, -2, -3),
            (-5, -2, 3),
            (7, 3, 2),
            (8, 3, 3),
            (-8, 3, -3),
            (6, 3, 2),
            (1, 3, 0),
        ] {
            assert_eq!(div_half_away(numerator, denominator), expected);
        }
    }

    #[test]
    fn amounts_come_from_strings_and_integers_never_floats() {
        #[derive(serde::Deserialize)]
        struct Holder {
            #[serde(with = "amount")]
            value: Decimal,
        }
        let read = |json: &str| serde_json::from_str::<Holder>(json).map(|h| h.value);
        assert_eq!(read(r#"{"value":"12.30"}"#).unwrap(), dec!(12.30));
        assert_eq!(read(r#"{"value":1500}"#).unwrap(), dec!(1500));
        let error = read(r#"{"value":0.1}"#).unwrap_err().to_string();
        assert!(error.contains("floating-point"), "{error}");
        assert!(read(r#"{"value":"abc"}"#).is_err());
        assert!(read(r#"{"value":""}"#).is_err());
    }

    #[test]
    fn plain_amounts_read_as_the_general_parser_reads_them() {
        let texts = [
            "0",
            "7",
            "-7",
            "0.00",
            "1234.00",
            "-1270.00",
            "0012.50",
            "12.345678",
            "5.5",
            "999999999999999999",
            "9999999999999999.9",
            "-.5",
            "-0.0000000000000001",
            // Left to the general parser:
            "-0",
            "-0.00",
            "1234567890123456789",
            "12.",
            ".5",
            "+5",
            "1_000",
            "1e3",
            "1.5E-2",
            " 12.50 ",
            "12.50.1",
            "1..2",
            "--1",
            "-",
            "",
            "0x10",
            "١٢",
        ];
        for text in texts {
            let trimmed = text.trim();
            let general = trimmed
                .parse::<Decimal>()
                .or_else(|_| Decimal::from_scientific(trimmed));
            let shape =
                |value: &Decimal| (value.mantissa(), value.scale(), value.is_sign_negative());
            assert_eq!(
                amount::parse(text).ok().as_ref().map(shape),
                general.ok().as_ref().map(shape),
                "{text:?}"
            );
        }
    }

    #[test]
    fn currency_codes_are_normalised_and_scaled() {
        assert_eq!(Currency::new("eur").unwrap().as_str(), "EUR");
        assert_eq!(Currency::huf().scale(), 0);
        assert_eq!(Currency::new("EUR").unwrap().round(dec!(1.005)), dec!(1.01));
        assert!(Currency::new("euro").is_err());
    }
}
