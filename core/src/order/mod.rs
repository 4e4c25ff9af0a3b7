//! The neutral webshop order: what a shop charged, line by line, as the shop computed it.
//!
//! Amounts are exact decimals as the shop stored them (already rounded by the shop); the mapping
//! decides how they become invoice lines. Readers turn external shapes into this model:
//! [`from_json`] for our own schema (`docs/order-schema.md`) and [`woocommerce::from_rest_json`]
//! for WooCommerce REST API v3 orders.

pub mod woocommerce;

use std::borrow::Cow;

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::ReadError;
use crate::money::{Currency, amount};

/// A paid (or to-be-paid) webshop order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The shop's internal id (stable; part of the external invoice id).
    pub id: String,
    /// The order number shown to the buyer (`rendelesSzam` on the invoice).
    #[doc(alias = "rendelesSzam")]
    pub number: String,
    #[serde(default)]
    pub status: Option<String>,
    pub currency: Currency,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub paid_at: Option<Timestamp>,
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    #[serde(default)]
    pub payment_method: PaymentMethod,
    pub buyer: Buyer,
    #[serde(default)]
    pub shipping_address: Option<Address>,
    #[serde(default)]
    pub customer_note: Option<String>,
    /// The buyer's locale as the shop knows it (`hu_HU`, `en`, …).
    #[serde(default)]
    pub locale: Option<String>,
    /// Whether the shop's prices were entered including tax.
    #[serde(default)]
    pub prices_include_tax: bool,
    /// The order is VAT-exempt (a plugin validated the buyer's EU VAT number).
    #[serde(default)]
    pub vat_exempt: bool,
    /// The tax rates the order's lines refer to by id.
    #[serde(default)]
    pub tax_rates: Vec<TaxRate>,
    pub line_items: Vec<LineItem>,
    #[serde(default)]
    pub shipping_lines: Vec<ShippingLine>,
    #[serde(default)]
    pub fee_lines: Vec<FeeLine>,
    #[serde(default)]
    pub coupon_lines: Vec<CouponLine>,
    #[serde(default)]
    pub refunds: Vec<Refund>,
    pub totals: OrderTotals,
}

/// How the buyer paid (the shop's gateway id and its title).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentMethod {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// The gateway's transaction id (PayBill needs it).
    #[serde(default)]
    pub transaction_id: Option<String>,
}

/// The buyer as the shop recorded them at checkout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub company: Option<String>,
    /// Hungarian tax number (`12345678-1-42`).
    #[doc(alias = "adoszam")]
    #[serde(default)]
    pub tax_number: Option<String>,
    /// EU VAT number with its country prefix (`DE123456789`).
    #[doc(alias = "adoszamEU")]
    #[serde(default)]
    pub eu_vat_number: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub billing_address: Address,
}

impl Buyer {
    /// The name an invoice is made out to: the company if there is one, else the person.
    pub fn invoice_name(&self) -> Cow<'_, str> {
        match self.company.as_deref().map(str::trim) {
            Some(company) if !company.is_empty() => Cow::Borrowed(company),
            _ => self.person_name(),
        }
    }

    /// First and last name, trimmed, a space between them when both are there (only then
    /// copied: otherwise the name is one of them).
    pub fn person_name(&self) -> Cow<'_, str> {
        match (self.first_name.trim(), self.last_name.trim()) {
            ("", name) | (name, "") => Cow::Borrowed(name),
            (first, last) => Cow::Owned([first, " ", last].concat()),
        }
    }
}

/// A postal address; `country` is an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub address_1: String,
    #[serde(default)]
    pub address_2: Option<String>,
}

impl Address {
    /// Street lines joined the way an invoice prints them (copied only when there are two).
    pub fn street(&self) -> Cow<'_, str> {
        match self.address_2.as_deref().map(str::trim) {
            Some(second) if !second.is_empty() => {
                Cow::Owned(format!("{} {second}", self.address_1.trim()))
            }
            _ => Cow::Borrowed(self.address_1.trim()),
        }
    }
}

/// A tax rate the shop applied, referred to by id from the lines' [`TaxAmount`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxRate {
    pub id: String,
    /// The rate in percent as the shop configured it (27, 18, 5, 0, 19 …).
    #[serde(with = "amount")]
    pub rate_percent: Decimal,
    #[serde(default)]
    pub label: String,
}

/// One rate's share of a line's tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxAmount {
    pub rate_id: String,
    /// Tax after discounts.
    #[serde(with = "amount")]
    pub total: Decimal,
    /// Tax before discounts (line items only).
    #[serde(
        default,
        with = "amount::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub subtotal: Option<Decimal>,
}

/// A product line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineItem {
    pub name: String,
    #[serde(default)]
    pub sku: Option<String>,
    /// May have decimals (0.5 kg).
    #[serde(with = "amount")]
    pub quantity: Decimal,
    /// Unit of measure (`db`, `kg`); the shop settings' default when absent.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub tax_class: Option<String>,
    /// Net line amount before discounts.
    #[serde(with = "amount")]
    pub subtotal: Decimal,
    #[serde(with = "amount")]
    pub subtotal_tax: Decimal,
    /// Net line amount after discounts.
    #[serde(with = "amount")]
    pub total: Decimal,
    #[serde(with = "amount")]
    pub total_tax: Decimal,
    #[serde(default)]
    pub taxes: Vec<TaxAmount>,
}

/// A shipping line; its tax may be split over several rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippingLine {
    #[serde(default)]
    pub method_id: String,
    pub method_title: String,
    /// Net shipping amount.
    #[serde(with = "amount")]
    pub total: Decimal,
    #[serde(with = "amount")]
    pub total_tax: Decimal,
    #[serde(default)]
    pub taxes: Vec<TaxAmount>,
}

/// A fee line (may be negative, as a discount fee is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeLine {
    pub name: String,
    #[serde(default)]
    pub tax_class: Option<String>,
    #[serde(with = "amount")]
    pub total: Decimal,
    #[serde(with = "amount")]
    pub total_tax: Decimal,
    #[serde(default)]
    pub taxes: Vec<TaxAmount>,
}

/// A coupon the buyer used; its effect is already in the line items' totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponLine {
    pub code: String,
    #[serde(with = "amount")]
    pub discount: Decimal,
    #[serde(with = "amount")]
    pub discount_tax: Decimal,
}

/// A refund; `lines` carries the refunded quantities and amounts when the shop recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    pub id: String,
    /// Refunded gross amount, positive.
    #[serde(with = "amount")]
    pub amount: Decimal,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub lines: Vec<RefundLine>,
}

/// One refunded line: positive quantity and amounts of what is given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundLine {
    pub name: String,
    #[serde(with = "amount")]
    pub quantity: Decimal,
    /// Net amount refunded.
    #[serde(with = "amount")]
    pub total: Decimal,
    #[serde(with = "amount")]
    pub total_tax: Decimal,
    #[serde(default)]
    pub taxes: Vec<TaxAmount>,
}

/// The order's totals as the shop computed them. `total` is what the buyer paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderTotals {
    #[serde(with = "amount")]
    pub total: Decimal,
    #[serde(with = "amount")]
    pub total_tax: Decimal,
    #[serde(default, with = "amount")]
    pub discount_total: Decimal,
    #[serde(default, with = "amount")]
    pub discount_tax: Decimal,
    #[serde(default, with = "amount")]
    pub shipping_total: Decimal,
    #[serde(default, with = "amount")]
    pub shipping_tax: Decimal,
}

impl Order {
    /// The rate a line's tax entry refers to.
    pub fn tax_rate(&self, rate_id: &str) -> Option<&TaxRate> {
        self.tax_rates.iter().find(|rate| rate.id == rate_id)
    }
}

/// Reads an order in libinvoice's own JSON schema (`docs/order-schema.md`).
pub fn from_json(json: &str) -> Result<Order, ReadError> {
    crate::error::read_json(json)
}
