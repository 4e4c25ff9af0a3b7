//! The shop's invoicing settings: seller data, invoice and receipt defaults, payment methods, VAT
//! policy, buyer tax status rules, rounding and labels. Read from JSON or built as a value; [`validate`]
//! refuses invalid settings with a field path.
//!
//! [`validate`]: ShopSettings::validate

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::document::{Language, TaxStatus};
use crate::error::{ReadError, read_json};

/// Everything a shop decides about its invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopSettings {
    /// A stable id of the shop, part of every external invoice id.
    pub shop_id: String,
    #[serde(default)]
    pub seller: SellerSettings,
    #[serde(default)]
    pub invoice: InvoiceSettings,
    #[serde(default)]
    pub receipt: ReceiptSettings,
    #[serde(default)]
    pub language: LanguagePolicy,
    #[serde(default)]
    pub payment_methods: PaymentSettings,
    #[serde(default)]
    pub vat: VatPolicy,
    #[serde(default)]
    pub buyer: BuyerRules,
    #[serde(default)]
    pub rounding: RoundingPolicy,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub discounts: DiscountDisplay,
}

/// Seller details printed on the invoice and used for the buyer's e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellerSettings {
    #[serde(default)]
    pub bank: Option<String>,
    #[serde(default)]
    pub bank_account: Option<String>,
    #[serde(default)]
    pub email_reply_to: Option<String>,
    #[serde(default)]
    pub email_subject: Option<String>,
    #[serde(default)]
    pub email_text: Option<String>,
    #[serde(default)]
    pub signer_name: Option<String>,
}

/// Invoice defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InvoiceSettings {
    /// Issue e-invoices (`eszamla`) instead of paper ones.
    pub e_invoice: bool,
    /// Invoice number prefix registered at the service (`szamlaszamElotag`).
    pub number_prefix: Option<String>,
    /// Payment terms: due date = issue date + this many days (for unpaid orders).
    pub payment_deadline_days: u16,
    /// A comment printed on every invoice.
    pub comment: Option<String>,
    /// Have the service e-mail the invoice to the buyer.
    pub send_email: bool,
    /// Unit of measure when a line has none.
    pub default_unit: String,
    /// Which order date is the fulfilment date (`teljesitesDatum`).
    pub fulfilment_date: FulfilmentDate,
    /// Print the buyer's order note on the invoice.
    pub include_customer_note: bool,
    /// The bank whose exchange rate applies to foreign-currency invoices (`arfolyamBank`).
    pub exchange_rate_bank: String,
}

impl Default for InvoiceSettings {
    fn default() -> Self {
        Self {
            e_invoice: false,
            number_prefix: None,
            payment_deadline_days: 8,
            comment: None,
            send_email: true,
            default_unit: "db".to_owned(),
            fulfilment_date: FulfilmentDate::default(),
            include_customer_note: false,
            exchange_rate_bank: "MNB".to_owned(),
        }
    }
}

/// Receipts (`nyugta`), which a shop may issue to private buyers instead of an invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceiptSettings {
    /// Receipt number prefix registered at the service (`elotag`): 1 to 5 capital letters or
    /// digits, not one of the account's invoice prefixes. Receipts cannot be issued without it.
    #[doc(alias = "elotag")]
    pub number_prefix: Option<String>,
}

/// Which date of the order counts as the fulfilment date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentDate {
    /// The payment date, else the completion date, else the issue date.
    #[default]
    Paid,
    /// The completion date, else the payment date, else the issue date.
    Completed,
    /// The date the order was placed.
    Created,
    /// The day of issuing.
    Issue,
}

/// How the invoice language is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
pub enum LanguagePolicy {
    /// Always this language.
    Fixed { language: Language },
    /// The buyer's locale when the service supports it, else `fallback`.
    FromLocale { fallback: Language },
}

impl Default for LanguagePolicy {
    fn default() -> Self {
        Self::Fixed {
            language: Language::Hu,
        }
    }
}

/// Payment methods: the printed name (`fizmod`) and whether the order is already paid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaymentSettings {
    /// Per gateway id (`bacs`, `cod`, `stripe` …).
    pub methods: BTreeMap<String, PaymentMethodRule>,
    /// Whether a method not listed counts as paid.
    pub unlisted_paid: bool,
}

/// One payment method's invoice treatment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentMethodRule {
    /// Printed as the payment method; the gateway's title when absent.
    #[serde(default)]
    pub label: Option<String>,
    /// The money has arrived when the invoice is issued (`fizetve`).
    #[serde(default)]
    pub paid: bool,
}

/// Which VAT code a 0% line gets, and how foreign rates are treated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VatPolicy {
    /// The seller is subject-exempt (alanyi adómentes): every line is `AAM`.
    pub subject_exempt_seller: bool,
    /// 0% code per shop tax class; wins over the rules below.
    pub zero_rate_by_tax_class: BTreeMap<String, String>,
    /// Tax classes whose products are services (for `EUFAD37` instead of `EUT`).
    pub service_tax_classes: Vec<String>,
    /// 0% to an EU business, goods.
    pub eu_business_goods: String,
    /// 0% to an EU business, services: by default `EUFAD37`, reverse charge under § 37 of the
    /// VAT Act (`EUKT` is goods leaving the EU).
    pub eu_business_services: String,
    /// 0% to a buyer outside the EU.
    pub outside_eu: String,
    /// 0% to a domestic buyer or an EU private person; none means such a line is refused.
    pub domestic: Option<String>,
    /// Rates other than Hungary's are another member state's under OSS (`eusAfa`); when off,
    /// such a rate is refused.
    pub oss: bool,
}

impl Default for VatPolicy {
    fn default() -> Self {
        Self {
            subject_exempt_seller: false,
            zero_rate_by_tax_class: BTreeMap::new(),
            service_tax_classes: Vec::new(),
            eu_business_goods: "EUT".to_owned(),
            eu_business_services: "EUFAD37".to_owned(),
            outside_eu: "HO".to_owned(),
            domestic: None,
            oss: false,
        }
    }
}

/// VAT codes the Számla Agent accepts for 0% lines.
pub const VAT_CODES: [&str; 20] = [
    "TAM", "AAM", "EUT", "EUKT", "EUFAD37", "EUFADE", "EUE", "HO", "F.AFA", "K.AFA", "ÁKK", "TAHK",
    "KBAET", "KBAUK", "EAM", "NAM", "ATK", "MAA", "EU", "EUK",
];

/// Hungary's VAT rates; any other positive rate is a foreign (OSS) rate.
pub const HUNGARIAN_RATES: [u8; 4] = [27, 18, 5, 0];

/// Whether `percent` is one of [`HUNGARIAN_RATES`]. A whole percent (scale 0, as shops send and
/// normalised rates are) is compared as an integer, sparing a decimal comparison per rate.
pub(crate) fn is_hungarian_rate(percent: Decimal) -> bool {
    if percent.scale() == 0 {
        u8::try_from(percent.mantissa()).is_ok_and(|rate| HUNGARIAN_RATES.contains(&rate))
    } else {
        HUNGARIAN_RATES
            .iter()
            .any(|&rate| Decimal::from(rate) == percent)
    }
}

/// How the buyer's tax status is derived where the order leaves it open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuyerRules {
    /// Status of a buyer with a company name but no tax number.
    pub company_without_tax_number: TaxStatus,
}

impl Default for BuyerRules {
    fn default() -> Self {
        Self {
            company_without_tax_number: TaxStatus::Unknown,
        }
    }
}

/// The rounding order of line amounts (DOMAIN.md §1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingPolicy {
    /// Net-first for businesses, gross-first for private persons.
    #[default]
    Auto,
    /// net = round(unit × qty); VAT = round(net × rate); gross = net + VAT.
    NetFirst,
    /// gross = round(gross amount); VAT = round(gross × rate / (100 + rate)); net = gross − VAT.
    GrossFirst,
}

/// Line names the mapping writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// Name of a shipping line, followed by the method's title in brackets.
    pub shipping: String,
    /// Name of a fee line, followed by the fee's own name in brackets; empty: the fee's name.
    pub fee: String,
    /// Name of a separate discount line.
    pub discount: String,
    /// Unit of shipping, fee and discount lines.
    pub service_unit: String,
}

impl Default for Labels {
    fn default() -> Self {
        Self {
            shipping: "Szállítás".to_owned(),
            fee: String::new(),
            discount: "Kedvezmény".to_owned(),
            service_unit: "db".to_owned(),
        }
    }
}

/// Whether discounts reduce the product lines or appear as lines of their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountDisplay {
    /// Each product line shows its price after discounts.
    #[default]
    FoldedIntoLines,
    /// Product lines show their price before discounts; one negative line per VAT rate follows.
    SeparateLines,
}

impl ShopSettings {
    /// Settings with every default and the given shop id.
    pub fn new(shop_id: impl Into<String>) -> Self {
        Self {
            shop_id: shop_id.into(),
            seller: SellerSettings::default(),
            invoice: InvoiceSettings::default(),
            receipt: ReceiptSettings::default(),
            language: LanguagePolicy::default(),
            payment_methods: PaymentSettings::default(),
            vat: VatPolicy::default(),
            buyer: BuyerRules::default(),
            rounding: RoundingPolicy::default(),
            labels: Labels::default(),
            discounts: DiscountDisplay::default(),
        }
    }

    /// Reads settings from JSON and validates them.
    pub fn from_json(json: &str) -> Result<Self, ReadError> {
        let settings: Self = read_json(json)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses settings the service would reject or that cannot be applied.
    pub fn validate(&self) -> Result<(), ReadError> {
        let fail = |path: &str, reason: String| {
            Err(ReadError {
                path: path.to_owned(),
                reason,
            })
        };
        if self.shop_id.trim().is_empty() {
            return fail("shop_id", "must not be empty".to_owned());
        }
        if let Some(prefix) = &self.invoice.number_prefix
            && (prefix.is_empty()
                || prefix.len() > 8
                || !prefix.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return fail(
                "invoice.number_prefix",
                format!("`{prefix}` must be 1 to 8 ASCII letters or digits"),
            );
        }
        if let Some(prefix) = &self.receipt.number_prefix {
            // The service refuses any other prefix (337) and one used for invoices (336).
            if prefix.is_empty()
                || prefix.len() > 5
                || !prefix
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            {
                return fail(
                    "receipt.number_prefix",
                    format!("`{prefix}` must be 1 to 5 capital ASCII letters or digits"),
                );
            }
            if self.invoice.number_prefix.as_ref() == Some(prefix) {
                return fail(
                    "receipt.number_prefix",
                    format!("`{prefix}` is the invoice number prefix; receipts need their own"),
                );
            }
        }
        if self.invoice.payment_deadline_days > 365 {
            return fail(
                "invoice.payment_deadline_days",
                format!(
                    "{} days is more than a year",
                    self.invoice.payment_deadline_days
                ),
            );
        }
        if self.invoice.default_unit.trim().is_empty() {
            return fail("invoice.default_unit", "must not be empty".to_owned());
        }
        let codes = [
            ("vat.eu_business_goods", Some(&self.vat.eu_business_goods)),
            (
                "vat.eu_business_services",
                Some(&self.vat.eu_business_services),
            ),
            ("vat.outside_eu", Some(&self.vat.outside_eu)),
            ("vat.domestic", self.vat.domestic.as_ref()),
        ];
        for (path, code) in codes {
            if let Some(code) = code {
                check_vat_code(code).or_else(|reason| fail(path, reason))?;
            }
        }
        for (class, code) in &self.vat.zero_rate_by_tax_class {
            check_vat_code(code)
                .or_else(|reason| fail(&format!("vat.zero_rate_by_tax_class.{class}"), reason))?;
        }
        Ok(())
    }
}

fn check_vat_code(code: &str) -> Result<(), String> {
    if code == "TEHK" {
        return Err("TEHK has been withdrawn by the service".to_owned());
    }
    if VAT_CODES.contains(&code) {
        Ok(())
    } else {
        Err(format!(
            "`{code}` is not a Számla Agent VAT code (one of {})",
            VAT_CODES.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_read_from_a_minimal_json() {
        let settings = ShopSettings::from_json(r#"{"shop_id":"shop-1"}"#).unwrap();
        assert_eq!(settings, ShopSettings::new("shop-1"));
        assert_eq!(settings.invoice.payment_deadline_days, 8);
    }

    #[test]
    fn invalid_settings_name_their_field() {
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","vat":{"domestic":"XYZ"}}"#).unwrap_err();
        assert_eq!(error.path, "vat.domestic");
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","vat":{"outside_eu":"TEHK"}}"#).unwrap_err();
        assert!(error.reason.contains("withdrawn"), "{error}");
        let error = ShopSettings::from_json(
            r#"{"shop_id":"s","vat":{"zero_rate_by_tax_class":{"zero":"NOPE"}}}"#,
        )
        .unwrap_err();
        assert_eq!(error.path, "vat.zero_rate_by_tax_class.zero");
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","invoice":{"number_prefix":"AB-1"}}"#)
                .unwrap_err();
        assert_eq!(error.path, "invoice.number_prefix");
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","receipt":{"number_prefix":"nygta"}}"#)
                .unwrap_err();
        assert_eq!(error.path, "receipt.number_prefix");
        let error = ShopSettings::from_json(
            r#"{"shop_id":"s","invoice":{"number_prefix":"WEB"},"receipt":{"number_prefix":"WEB"}}"#,
        )
        .unwrap_err();
        assert_eq!(error.path, "receipt.number_prefix");
        assert!(error.reason.contains("invoice number prefix"), "{error}");
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","receipt":{"prefix":"NY"}}"#).unwrap_err();
        assert_eq!(error.path, "receipt.prefix");
        let error =
            ShopSettings::from_json(r#"{"shop_id":"s","rounding":"sideways"}"#).unwrap_err();
        assert_eq!(error.path, "rounding");
        let error = ShopSettings::from_json(r#"{"shop_id":"s","unknown":1}"#).unwrap_err();
        assert!(error.reason.contains("unknown"), "{error}");
    }
}
