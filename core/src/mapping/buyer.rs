//! The buyer's tax status (`adoalany`) from company, tax numbers and country.

use crate::document::TaxStatus;
use crate::error::MappingError;
use crate::order::Order;
use crate::settings::ShopSettings;

/// EU member states by ISO 3166-1 alpha-2 code (Greece's VAT prefix is `EL`).
const EU_COUNTRIES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

pub fn is_eu_country(country: &str) -> bool {
    EU_COUNTRIES.contains(&country)
}

/// What the mapping knows about the buyer's taxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerTax {
    pub status: TaxStatus,
    pub tax_number: Option<String>,
    pub eu_vat_number: Option<String>,
    /// The buyer's country is outside the EU.
    pub outside_eu: bool,
}

/// Derives the tax status: a Hungarian tax number → 1, an EU VAT number of another member state
/// → 6, a company outside the EU → 7, a company without a number → the shop's rule, else a
/// private person (-1).
pub fn buyer_tax(order: &Order, settings: &ShopSettings) -> Result<BuyerTax, MappingError> {
    let buyer = &order.buyer;
    let country = buyer.billing_address.country.trim();
    // Compared without an upper-cased copy.
    let outside_eu = !country.is_empty()
        && !EU_COUNTRIES
            .iter()
            .any(|code| code.eq_ignore_ascii_case(country));
    let is_company = buyer
        .company
        .as_deref()
        .is_some_and(|company| !company.trim().is_empty());

    let tax_number = non_empty(buyer.tax_number.as_deref())
        .map(|number| {
            normalize_hungarian_tax_number(number)
                .map_err(|reason| MappingError::new("buyer.tax_number", reason))
        })
        .transpose()?;
    let eu_vat_number = non_empty(buyer.eu_vat_number.as_deref())
        .map(|number| {
            normalize_eu_vat_number(number)
                .map_err(|reason| MappingError::new("buyer.eu_vat_number", reason))
        })
        .transpose()?;

    let status = if tax_number.is_some() {
        TaxStatus::HungarianTaxNumber
    } else if let Some(vat) = &eu_vat_number {
        if vat.starts_with("HU") {
            return Err(MappingError::new(
                "buyer.eu_vat_number",
                format!(
                    "`{vat}` is Hungarian: give the domestic tax number (12345678-1-42) in buyer.tax_number"
                ),
            ));
        }
        TaxStatus::EuBusiness
    } else if is_company && outside_eu {
        TaxStatus::NonEuBusiness
    } else if is_company {
        settings.buyer.company_without_tax_number
    } else {
        TaxStatus::PrivatePerson
    };
    Ok(BuyerTax {
        status,
        tax_number,
        eu_vat_number,
        outside_eu,
    })
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// Checks a Hungarian tax number (8-1-2 digits: base number with its check digit, VAT code,
/// county code) and formats it as `12345678-1-42`.
pub fn normalize_hungarian_tax_number(number: &str) -> Result<String, String> {
    const WEIGHTS: [u32; 7] = [9, 7, 3, 1, 9, 7, 3];
    let digits: Vec<u32> = number
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("`{number}` is not a Hungarian tax number (12345678-1-42)"))?;
    if digits.len() != 11 {
        return Err(format!(
            "`{number}` is not a Hungarian tax number: it needs 11 digits (12345678-1-42)"
        ));
    }
    let weighted: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if (10 - weighted % 10) % 10 != digits[7] {
        return Err(format!(
            "`{number}` has a wrong check digit: the eighth digit does not match the first seven"
        ));
    }
    if !(1..=5).contains(&digits[8]) {
        return Err(format!(
            "`{number}` has VAT code {}, which must be 1 to 5",
            digits[8]
        ));
    }
    let text: String = digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect();
    Ok(format!("{}-{}-{}", &text[..8], &text[8..9], &text[9..]))
}

/// Checks the shape of an EU VAT number: a two-letter member-state prefix and 2 to 12
/// letters or digits.
pub fn normalize_eu_vat_number(number: &str) -> Result<String, String> {
    let compact: String = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect::<String>()
        .to_ascii_uppercase();
    let prefix = compact.get(..2).unwrap_or_default();
    let prefix_country = if prefix == "EL" { "GR" } else { prefix };
    let rest = compact.get(2..).unwrap_or_default();
    if !is_eu_country(prefix_country) {
        return Err(format!(
            "`{number}` does not start with an EU member state's prefix (DE, AT, EL, …)"
        ));
    }
    if !(2..=12).contains(&rest.len()) || !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("`{number}` is not an EU VAT number"));
    }
    Ok(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hungarian_tax_numbers_are_checked() {
        // 1234567 → 9+14+9+4+45+42+21 = 144 → check digit 6.
        assert_eq!(
            normalize_hungarian_tax_number("12345676142").unwrap(),
            "12345676-1-42"
        );
        assert_eq!(
            normalize_hungarian_tax_number(" 12345676-2-41 ").unwrap(),
            "12345676-2-41"
        );
        assert!(
            normalize_hungarian_tax_number("12345678-1-42")
                .unwrap_err()
                .contains("check digit")
        );
        assert!(normalize_hungarian_tax_number("12345676-9-42").is_err());
        assert!(normalize_hungarian_tax_number("1234567-1-42").is_err());
        assert!(normalize_hungarian_tax_number("abc").is_err());
    }

    #[test]
    fn eu_vat_numbers_need_a_member_state_prefix() {
        assert_eq!(
            normalize_eu_vat_number("de 123 456 789").unwrap(),
            "DE123456789"
        );
        assert_eq!(
            normalize_eu_vat_number("EL123456789").unwrap(),
            "EL123456789"
        );
        assert!(normalize_eu_vat_number("US123456789").is_err());
        assert!(normalize_eu_vat_number("DE").is_err());
    }
}
