//! Reader for WooCommerce REST API v3 order JSON (`/wp-json/wc/v3/orders/<id>`).
//!
//! The JSON is deserialized straight into private structs shaped like WooCommerce's schema (only
//! the fields the invoice needs; everything else, `_links`, images, line meta, is skipped without
//! being built), then converted to the neutral [`Order`]. Errors carry the path in WooCommerce's
//! own terms (`line_items[2].total`).
//!
//! Numbers are read exactly: amounts are decimal strings or integers and a float amount is an
//! error. Two non-money fields may legitimately be JSON floats, `tax_lines[].rate_percent` (5.5)
//! and a plugin's decimal `quantity` (0.5): they are read through the shortest decimal text that
//! round-trips the float, which is exactly what PHP's `json_encode` wrote.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::{
    Address, Buyer, CouponLine, FeeLine, LineItem, Order, OrderTotals, PaymentMethod, Refund,
    ShippingLine, TaxAmount, TaxRate,
};
use crate::error::{ReadError, read_json};
use crate::money::{Currency, amount};

/// Reads an order exactly as WooCommerce's REST API emits it.
pub fn from_rest_json(json: &str) -> Result<Order, ReadError> {
    // Tracking the path of every field costs several times the parse itself; input is almost
    // always valid, so the path is only worked out again when reading has already failed.
    match serde_json::from_str::<WcOrder>(json) {
        Ok(order) => Ok(order.into_order()),
        Err(_) => read_json::<WcOrder>(json).map(WcOrder::into_order),
    }
}

/// Reads an order shaped like WooCommerce's REST JSON from any serde data format: the PHP
/// extension reads PHP arrays in place rather than encoding them to JSON first. Errors carry no
/// field path; [`from_rest_json`] names one.
pub fn from_rest<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Order, D::Error> {
    WcOrder::deserialize(deserializer).map(WcOrder::into_order)
}

/// Order meta keys under which Hungarian invoicing and EU VAT plugins store the buyer's tax number.
const TAX_NUMBER_META_KEYS: &[&str] = &[
    "_billing_tax_number",
    "_billing_vat_number",
    "billing_tax_number",
    "_billing_adoszam",
    "adoszam",
    "vat_number",
    "_vat_number",
];

/// Order meta keys under which multilingual plugins store the order's language.
const LOCALE_META_KEYS: &[&str] = &["wpml_language", "_locale"];

/// Meta key WooCommerce core sets at checkout when the customer is VAT-exempt.
const VAT_EXEMPT_META_KEY: &str = "is_vat_exempt";

#[derive(Deserialize)]
struct WcOrder {
    #[serde(deserialize_with = "id_text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    number: String,
    #[serde(default, deserialize_with = "text")]
    status: String,
    currency: Currency,
    #[serde(default)]
    prices_include_tax: bool,
    #[serde(default, deserialize_with = "gmt_timestamp")]
    date_created_gmt: Option<Timestamp>,
    #[serde(default, deserialize_with = "gmt_timestamp")]
    date_paid_gmt: Option<Timestamp>,
    #[serde(default, deserialize_with = "gmt_timestamp")]
    date_completed_gmt: Option<Timestamp>,
    #[serde(with = "amount")]
    total: Decimal,
    #[serde(with = "amount")]
    total_tax: Decimal,
    #[serde(default, with = "amount")]
    discount_total: Decimal,
    #[serde(default, with = "amount")]
    discount_tax: Decimal,
    #[serde(default, with = "amount")]
    shipping_total: Decimal,
    #[serde(default, with = "amount")]
    shipping_tax: Decimal,
    #[serde(default)]
    billing: WcAddress,
    #[serde(default)]
    shipping: WcAddress,
    #[serde(default, deserialize_with = "text")]
    payment_method: String,
    #[serde(default, deserialize_with = "text")]
    payment_method_title: String,
    #[serde(default, deserialize_with = "text")]
    transaction_id: String,
    #[serde(default, deserialize_with = "text")]
    customer_note: String,
    #[serde(default)]
    meta_data: MetaFacts,
    #[serde(deserialize_with = "converted::<_, WcLineItem, _>")]
    line_items: Vec<LineItem>,
    #[serde(default)]
    tax_lines: Vec<WcTaxLine>,
    #[serde(default, deserialize_with = "converted::<_, WcShippingLine, _>")]
    shipping_lines: Vec<ShippingLine>,
    #[serde(default, deserialize_with = "converted::<_, WcFeeLine, _>")]
    fee_lines: Vec<FeeLine>,
    #[serde(default, deserialize_with = "converted::<_, WcCouponLine, _>")]
    coupon_lines: Vec<CouponLine>,
    #[serde(default, deserialize_with = "converted::<_, WcRefund, _>")]
    refunds: Vec<Refund>,
}

/// `billing` and `shipping` share this shape (`shipping` has no e-mail).
#[derive(Deserialize, Default)]
#[serde(default)]
struct WcAddress {
    #[serde(deserialize_with = "text")]
    first_name: String,
    #[serde(deserialize_with = "text")]
    last_name: String,
    #[serde(deserialize_with = "text")]
    company: String,
    #[serde(deserialize_with = "text")]
    address_1: String,
    #[serde(deserialize_with = "text")]
    address_2: String,
    #[serde(deserialize_with = "text")]
    city: String,
    #[serde(deserialize_with = "text")]
    postcode: String,
    #[serde(deserialize_with = "text")]
    country: String,
    #[serde(deserialize_with = "text")]
    email: String,
    #[serde(deserialize_with = "text")]
    phone: String,
}

/// One meta entry, borrowing its text from the input where it can: only a few keys matter.
#[derive(Deserialize)]
struct WcMeta<'a> {
    #[serde(default, borrow, deserialize_with = "borrowed_text")]
    key: Cow<'a, str>,
    #[serde(default, borrow)]
    value: MetaValue<'a>,
}

#[derive(Deserialize)]
struct WcLineItem {
    #[serde(deserialize_with = "text")]
    name: String,
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(deserialize_with = "exact_number")]
    quantity: Decimal,
    #[serde(default, deserialize_with = "text")]
    tax_class: String,
    #[serde(with = "amount")]
    subtotal: Decimal,
    #[serde(with = "amount")]
    subtotal_tax: Decimal,
    #[serde(with = "amount")]
    total: Decimal,
    #[serde(with = "amount")]
    total_tax: Decimal,
    #[serde(default)]
    taxes: Vec<WcTax>,
}

/// One rate's share of a line's tax; `subtotal` is `""` on shipping and fee lines. A `total` of
/// `""` is a rate the line does not use: once an administrator saves the order's items,
/// WooCommerce stores an empty amount for every other rate of the order on every line.
#[derive(Deserialize)]
struct WcTax {
    #[serde(deserialize_with = "id_text")]
    id: String,
    #[serde(deserialize_with = "amount_or_empty")]
    total: Option<Decimal>,
    #[serde(default, deserialize_with = "amount_or_empty")]
    subtotal: Option<Decimal>,
}

#[derive(Deserialize)]
struct WcTaxLine {
    #[serde(deserialize_with = "id_text")]
    rate_id: String,
    #[serde(default, deserialize_with = "text")]
    label: String,
    #[serde(deserialize_with = "exact_number")]
    rate_percent: Decimal,
}

#[derive(Deserialize)]
struct WcShippingLine {
    #[serde(default, deserialize_with = "text")]
    method_id: String,
    #[serde(default, deserialize_with = "text")]
    method_title: String,
    #[serde(with = "amount")]
    total: Decimal,
    #[serde(with = "amount")]
    total_tax: Decimal,
    #[serde(default)]
    taxes: Vec<WcTax>,
}

#[derive(Deserialize)]
struct WcFeeLine {
    #[serde(deserialize_with = "text")]
    name: String,
    #[serde(default, deserialize_with = "text")]
    tax_class: String,
    #[serde(with = "amount")]
    total: Decimal,
    #[serde(with = "amount")]
    total_tax: Decimal,
    #[serde(default)]
    taxes: Vec<WcTax>,
}

#[derive(Deserialize)]
struct WcCouponLine {
    #[serde(deserialize_with = "text")]
    code: String,
    #[serde(with = "amount")]
    discount: Decimal,
    #[serde(default, with = "amount")]
    discount_tax: Decimal,
}

#[derive(Deserialize)]
struct WcRefund {
    #[serde(deserialize_with = "id_text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    reason: String,
    /// Negative in WooCommerce (`"-1270.00"`).
    #[serde(with = "amount")]
    total: Decimal,
}

impl WcOrder {
    fn into_order(self) -> Order {
        let facts = self.meta_data;
        let tax_rates = tax_rates(self.tax_lines);
        let shipping_address = self.shipping.into_shipping_address();
        let number = if self.number.is_empty() {
            self.id.clone()
        } else {
            self.number
        };
        Order {
            id: self.id,
            number,
            status: non_empty(self.status),
            currency: self.currency,
            created_at: self.date_created_gmt,
            paid_at: self.date_paid_gmt,
            completed_at: self.date_completed_gmt,
            payment_method: PaymentMethod {
                id: self.payment_method,
                title: self.payment_method_title,
                transaction_id: non_empty(self.transaction_id),
            },
            buyer: self
                .billing
                .into_buyer(facts.tax_number, facts.eu_vat_number),
            shipping_address,
            customer_note: non_empty(self.customer_note),
            locale: facts.locale,
            prices_include_tax: self.prices_include_tax,
            vat_exempt: facts.vat_exempt,
            tax_rates,
            line_items: self.line_items,
            shipping_lines: self.shipping_lines,
            fee_lines: self.fee_lines,
            coupon_lines: self.coupon_lines,
            refunds: self.refunds,
            totals: OrderTotals {
                total: self.total,
                total_tax: self.total_tax,
                discount_total: self.discount_total,
                discount_tax: self.discount_tax,
                shipping_total: self.shipping_total,
                shipping_tax: self.shipping_tax,
            },
        }
    }
}

/// One rate per `rate_id` (WooCommerce writes one tax line per rate; keep the first if repeated).
fn tax_rates(tax_lines: Vec<WcTaxLine>) -> Vec<TaxRate> {
    let mut rates: Vec<TaxRate> = Vec::with_capacity(tax_lines.len());
    for line in tax_lines {
        if rates.iter().all(|rate| rate.id != line.rate_id) {
            rates.push(TaxRate {
                id: line.rate_id,
                rate_percent: line.rate_percent,
                label: line.label,
            });
        }
    }
    rates
}

impl WcAddress {
    fn person_name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_owned()
    }

    fn postal(self, name: Option<String>) -> Address {
        Address {
            name,
            country: self.country,
            postcode: self.postcode,
            city: self.city,
            address_1: self.address_1,
            address_2: non_empty(self.address_2),
        }
    }

    fn into_buyer(self, tax_number: Option<String>, eu_vat_number: Option<String>) -> Buyer {
        let Self {
            first_name,
            last_name,
            company,
            address_1,
            address_2,
            city,
            postcode,
            country,
            email,
            phone,
        } = self;
        Buyer {
            first_name,
            last_name,
            company: non_empty(company),
            tax_number,
            eu_vat_number,
            email: non_empty(email),
            phone: non_empty(phone),
            billing_address: Address {
                name: None,
                country,
                postcode,
                city,
                address_1,
                address_2: non_empty(address_2),
            },
        }
    }

    /// WooCommerce sends an all-empty `shipping` object for orders that ship nothing.
    fn into_shipping_address(self) -> Option<Address> {
        let has_address = [&self.address_1, &self.address_2, &self.city, &self.postcode]
            .iter()
            .any(|part| !part.trim().is_empty());
        if !has_address {
            return None;
        }
        let person = self.person_name();
        let company = self.company.trim();
        let name = match (company.is_empty(), person.is_empty()) {
            (true, true) => None,
            (true, false) => Some(person),
            (false, true) => Some(company.to_owned()),
            (false, false) => Some(format!("{company}, {person}")),
        };
        Some(self.postal(name))
    }
}

/// Converts a line's taxes, leaving out the rates it does not use (`total` `""`); only product
/// lines have a pre-discount subtotal per rate.
fn convert_taxes(taxes: Vec<WcTax>, keep_subtotal: bool) -> Vec<TaxAmount> {
    taxes
        .into_iter()
        .filter_map(|tax| {
            Some(TaxAmount {
                rate_id: tax.id,
                total: tax.total?,
                subtotal: if keep_subtotal { tax.subtotal } else { None },
            })
        })
        .collect()
}

impl From<WcLineItem> for LineItem {
    fn from(line: WcLineItem) -> Self {
        Self {
            name: line.name,
            sku: non_empty(line.sku),
            quantity: line.quantity,
            unit: None,
            tax_class: non_empty(line.tax_class),
            subtotal: line.subtotal,
            subtotal_tax: line.subtotal_tax,
            total: line.total,
            total_tax: line.total_tax,
            taxes: convert_taxes(line.taxes, true),
        }
    }
}

impl From<WcShippingLine> for ShippingLine {
    fn from(line: WcShippingLine) -> Self {
        Self {
            method_id: line.method_id,
            method_title: line.method_title,
            total: line.total,
            total_tax: line.total_tax,
            taxes: convert_taxes(line.taxes, false),
        }
    }
}

impl From<WcFeeLine> for FeeLine {
    fn from(line: WcFeeLine) -> Self {
        Self {
            name: line.name,
            tax_class: non_empty(line.tax_class),
            total: line.total,
            total_tax: line.total_tax,
            taxes: convert_taxes(line.taxes, false),
        }
    }
}

impl From<WcCouponLine> for CouponLine {
    fn from(line: WcCouponLine) -> Self {
        Self {
            code: line.code,
            discount: line.discount,
            discount_tax: line.discount_tax,
        }
    }
}

impl From<WcRefund> for Refund {
    fn from(line: WcRefund) -> Self {
        Self {
            id: line.id,
            amount: line.total.abs(),
            reason: non_empty(line.reason),
            lines: Vec::new(),
        }
    }
}

/// A list of lines read straight into the core's type, each converted as it is read: no list
/// of WooCommerce's shapes is built, copied and freed. Errors and capacity as serde's `Vec`.
fn converted<'de, D, W, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de> + Into<T>,
{
    struct ConvertedVisitor<W, T>(PhantomData<(W, T)>);

    impl<'de, W: Deserialize<'de> + Into<T>, T> Visitor<'de> for ConvertedVisitor<W, T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // A length announced by the input is trusted only so far, as serde does.
            const MAX_PREALLOC_BYTES: usize = 1024 * 1024;
            let cap = seq.size_hint().unwrap_or(0);
            let mut lines = Vec::with_capacity(cap.min(MAX_PREALLOC_BYTES / size_of::<T>().max(1)));
            while let Some(line) = seq.next_element::<W>()? {
                lines.push(line.into());
            }
            Ok(lines)
        }
    }

    deserializer.deserialize_seq(ConvertedVisitor::<W, T>(PhantomData))
}

/// What the order meta says about the buyer: tax numbers, VAT exemption, language.
#[derive(Default)]
struct MetaFacts {
    tax_number: Option<String>,
    eu_vat_number: Option<String>,
    vat_exempt: bool,
    locale: Option<String>,
}

impl MetaFacts {
    fn note(&mut self, entry: &WcMeta<'_>) {
        let MetaValue::Text(value) = &entry.value else {
            return;
        };
        let value = value.trim();
        let key = entry.key.as_ref();
        if key == VAT_EXEMPT_META_KEY {
            self.vat_exempt = value.eq_ignore_ascii_case("yes");
        } else if TAX_NUMBER_META_KEYS.contains(&key) && !value.is_empty() {
            match classify_tax_number(value) {
                TaxNumber::Hungarian(number) => {
                    self.tax_number.get_or_insert(number);
                }
                TaxNumber::Eu(number) => {
                    self.eu_vat_number.get_or_insert(number);
                }
            }
        } else if LOCALE_META_KEYS.contains(&key) && !value.is_empty() {
            self.locale.get_or_insert_with(|| value.to_owned());
        }
    }
}

/// `meta_data` read entry by entry into what it says, keeping no entry: orders carry dozens.
impl<'de> Deserialize<'de> for MetaFacts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MetaVisitor;

        impl<'de> Visitor<'de> for MetaVisitor {
            type Value = MetaFacts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MetaFacts, A::Error> {
                let mut facts = MetaFacts::default();
                while let Some(entry) = seq.next_element::<WcMeta<'de>>()? {
                    facts.note(&entry);
                }
                Ok(facts)
            }
        }

        deserializer.deserialize_seq(MetaVisitor)
    }
}

enum TaxNumber {
    Hungarian(String),
    Eu(String),
}

/// An EU VAT number starts with its country's two letters (`DE129273398`, `HU12345676`);
/// anything else is taken as a Hungarian tax number, put in `12345678-1-42` form when it has
/// exactly its 11 digits. The mapping validates it; the reader only sorts it.
fn classify_tax_number(value: &str) -> TaxNumber {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let starts_with_country =
        compact.len() >= 2 && compact.chars().take(2).all(|c| c.is_ascii_alphabetic());
    if starts_with_country {
        return TaxNumber::Eu(compact.to_ascii_uppercase());
    }
    let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_dashes = compact.chars().all(|c| c.is_ascii_digit() || c == '-');
    if only_digits_and_dashes && digits.len() == 11 {
        TaxNumber::Hungarian(format!(
            "{}-{}-{}",
            &digits[..8],
            &digits[8..9],
            &digits[9..]
        ))
    } else {
        TaxNumber::Hungarian(value.to_owned())
    }
}

fn non_empty(text: String) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        Some(text)
    }
}

/// A meta value: WooCommerce allows any JSON here, only scalar text is of interest.
#[derive(Default)]
enum MetaValue<'a> {
    Text(Cow<'a, str>),
    #[default]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for MetaValue<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MetaValueVisitor;

        impl<'de> Visitor<'de> for MetaValueVisitor {
            type Value = MetaValue<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Owned(value)))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Borrowed(if value {
                    "yes"
                } else {
                    "no"
                })))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Owned(value.to_string())))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(MetaValue::Text(Cow::Owned(value.to_string())))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MetaValue::Other)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MetaValue::Other)
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MetaValue::Other)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MetaValue::Other)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MetaValue::Other)
            }
        }

        deserializer.deserialize_any(MetaValueVisitor)
    }
}

/// The key `serde_json` hands numbers over with when its `arbitrary_precision` feature is on
/// (feature unification can turn it on from another crate in the build).
const ARBITRARY_PRECISION_KEY: &str = "$serde_json::private::Number";

/// The exact text of a number delivered as an `arbitrary_precision` map; `None` for other maps.
fn arbitrary_precision_number<'de, A: de::MapAccess<'de>>(
    mut map: A,
) -> Result<Option<String>, A::Error> {
    match map.next_key::<String>()? {
        Some(key) if key == ARBITRARY_PRECISION_KEY => map.next_value().map(Some),
        _ => Ok(None),
    }
}

/// Text that WooCommerce (or a plugin) may send as a string, an integer or `null` (→ empty).
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor::new(true))
}

/// [`text`], borrowed from the input where it can be.
fn borrowed_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_any(TextVisitor::new(true))
}

/// An id: WooCommerce sends integers, some plugins strings; ours are strings.
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor::new(false))
}

/// Reads text as a `String`, or as a `Cow` that borrows what the input lends.
struct TextVisitor<T> {
    allow_null: bool,
    text: PhantomData<T>,
}

impl<T> TextVisitor<T> {
    fn new(allow_null: bool) -> Self {
        Self {
            allow_null,
            text: PhantomData,
        }
    }
}

impl<'de, T: From<&'de str> + From<String>> Visitor<'de> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.allow_null {
            f.write_str("a string, an integer or null")
        } else {
            f.write_str("an id as an integer or a string")
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Ok(T::from(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Ok(T::from(value.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        if self.allow_null {
            Ok(T::from(String::new()))
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        match arbitrary_precision_number(map)? {
            Some(number) if !number.contains(['.', 'e', 'E']) => Ok(T::from(number)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// A number that is not money but may be a JSON float (a rate of 5.5, a quantity of 0.5):
/// integers and decimal strings directly, floats through their shortest round-trip text.
fn exact_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    struct ExactNumberVisitor;

    impl<'de> Visitor<'de> for ExactNumberVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number or a decimal string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
            amount::parse(value).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(value))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
            // `Display` for f64 is the shortest text that reads back as the same float, so
            // 5.5 becomes "5.5", never 5.4999999999999996447…
            amount::parse(&value.to_string()).map_err(E::custom)
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
            match arbitrary_precision_number(map)? {
                Some(number) => amount::parse(&number).map_err(de::Error::custom),
                None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }

    deserializer.deserialize_any(ExactNumberVisitor)
}

/// A tax subtotal or total: an amount, or `""`/`null` where WooCommerce has none (a subtotal on
/// shipping and fees, a rate the line does not use).
fn amount_or_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    struct AmountOrEmptyVisitor;

    impl<'de> Visitor<'de> for AmountOrEmptyVisitor {
        type Value = Option<Decimal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an amount as a decimal string or an integer, or an empty string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            if value.trim().is_empty() {
                Ok(None)
            } else {
                amount::AmountVisitor.visit_str(value).map(Some)
            }
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            amount::AmountVisitor.visit_i64(value).map(Some)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            amount::AmountVisitor.visit_u64(value).map(Some)
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
            amount::AmountVisitor.visit_f64(value).map(Some)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            amount::AmountVisitor.visit_map(map).map(Some)
        }
    }

    deserializer.deserialize_any(AmountOrEmptyVisitor)
}

/// WooCommerce's `*_gmt` dates: `2024-03-01T10:15:00`, UTC without a suffix, or `null`.
/// A value with an explicit offset (`…Z`, `…+01:00`) is honoured as well.
fn gmt_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    struct GmtVisitor;

    impl Visitor<'_> for GmtVisitor {
        type Value = Option<Timestamp>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a UTC date and time like \"2024-03-01T10:15:00\", or null")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            // Only text with an offset can be a `Timestamp`: WooCommerce's usual offset-less
            // form skips that parse, whose failure builds (allocates) an error.
            if may_hold_offset(value) {
                if let Ok(timestamp) = value.parse::<Timestamp>() {
                    return Ok(Some(timestamp));
                }
            }
            value
                .parse::<jiff::civil::DateTime>()
                .and_then(|civil| jiff::tz::TimeZone::UTC.to_timestamp(civil))
                .map(Some)
                .map_err(|error| {
                    E::custom(format!("`{value}` is not a UTC date and time: {error}"))
                })
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    deserializer.deserialize_any(GmtVisitor)
}

/// Whether `value` might end in an offset (`Z`, `+01:00`, `-05:00`), which is all that starts
/// with one of these letters in jiff's grammar. A date takes at least 8 bytes (`20240301`), so
/// its own dashes (`2024-03-01`) are not looked at.
fn may_hold_offset(value: &str) -> bool {
    value
        .get(8..)
        .is_none_or(|rest| rest.contains(['Z', 'z', '+', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `gmt_timestamp` read before it looked for an offset: a `Timestamp` first, else
    /// a civil date and time taken as UTC.
    fn timestamp_first(value: &str) -> Result<Option<Timestamp>, String> {
        if let Ok(timestamp) = value.parse::<Timestamp>() {
            return Ok(Some(timestamp));
        }
        value
            .parse::<jiff::civil::DateTime>()
            .and_then(|civil| jiff::tz::TimeZone::UTC.to_timestamp(civil))
            .map(Some)
            .map_err(|error| format!("`{value}` is not a UTC date and time: {error}"))
    }

    #[test]
    fn gmt_dates_read_as_a_timestamp_first_would() {
        for value in [
            "2024-03-01T10:15:00",
            "2024-03-01 10:15:00",
            "2024-03-01T10:15:00.250",
            "2024-03-01T10:15",
            "2024-03-01",
            "20240301T101500",
            "2024-03-01T10:15:00Z",
            "2024-03-01t10:15:00z",
            "2024-03-01T10:15:00+01:00",
            "2024-03-01T10:15:00-05:00",
            "20240301T101500-0500",
            "2024-03-01T10:15:00+01:00[Europe/Budapest]",
            "2024-03-01T10:15:00[Europe/Budapest]",
            "+002024-03-01T10:15:00Z",
            "-000001-03-01T10:15:00",
            "2024-02-30T10:15:00",
            "2024-03-01T25:00:00",
            "tegnap",
            "2024",
            "árvíztűrő tükörfúrógép",
        ] {
            let read = gmt_timestamp(serde_json::Value::from(value)).map_err(|e| e.to_string());
            assert_eq!(read, timestamp_first(value), "{value}");
        }
    }
}
