//! `(order, settings) → InvoiceDocument`: exact decimals, the documented rounding order, and a
//! document whose payable total equals what the buyer paid; the same lines as a receipt
//! ([`map_receipt`]) for a private buyer.
//!
//! Reconciliation: each line is rounded to the invoice's scale on its own, so the lines' gross
//! total can land a few minor units away from the order total. That difference is printed on the
//! invoice as a payable correction (`fizetendoKorrekcio`) — never dropped, never hidden in a line.
//! It may be at most 1½ minor units per line plus one; anything larger means the order's lines do not
//! explain its total, and the order is refused with both amounts.

mod buyer;
mod lines;
mod receipt;
mod refund;

use std::borrow::Cow;
use std::sync::OnceLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rust_decimal::Decimal;

pub use buyer::{BuyerTax, buyer_tax, normalize_eu_vat_number, normalize_hungarian_tax_number};
pub use lines::RoundingOrder;
pub use receipt::map_receipt;
pub use refund::{RefundDocument, map_refund};

use crate::document::{
    Buyer, DocumentKind, ExchangeRate, Header, InvoiceDocument, Language, Line, PostalAddress,
    Seller,
};
use crate::error::MappingError;
use crate::money::Currency;
use crate::order::{Address, Order};
use crate::settings::{FulfilmentDate, LanguagePolicy, ShopSettings};
use lines::LineContext;

/// Hungarian invoices are dated in Hungarian calendar days.
fn budapest() -> &'static TimeZone {
    // Looked up once: each lookup searches the time zone database.
    static BUDAPEST: OnceLock<TimeZone> = OnceLock::new();
    BUDAPEST.get_or_init(|| TimeZone::get("Europe/Budapest").unwrap_or(TimeZone::UTC))
}

/// The calendar day a timestamp falls on in Hungary.
pub fn hungarian_date(timestamp: Timestamp) -> Date {
    // The civil time alone: a `Zoned` would clone the time zone and carry it along.
    budapest().to_datetime(timestamp).date()
}

/// Today in Hungary, for callers that issue now.
pub fn today() -> Date {
    hungarian_date(Timestamp::now())
}

/// Maps an order to a normal invoice issued on `issue_date`.
pub fn map<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
    issue_date: Date,
) -> Result<InvoiceDocument<'a>, MappingError> {
    map_as(order, settings, issue_date, DocumentKind::Invoice)
}

/// Maps an order to a document of the given kind (proforma, deposit, …).
pub fn map_as<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
    issue_date: Date,
    kind: DocumentKind,
) -> Result<InvoiceDocument<'a>, MappingError> {
    build_document(
        order,
        settings,
        issue_date,
        kind,
        order.totals.total,
        order_charges,
    )
}

/// Everything the order charged, as invoice lines: products, shipping and fees, then separate
/// discount lines.
fn order_charges<'a>(context: &LineContext<'a>) -> Result<Vec<Line<'a>>, MappingError> {
    if context.order.line_items.is_empty() {
        return Err(MappingError::new(
            "line_items",
            "an order without products has nothing to issue a document for",
        ));
    }
    let (mut lines, discounts) = context.product_lines()?;
    context.shipping_and_fee_lines(&mut lines)?;
    lines.extend(discounts.into_iter().map(|discount| context.line(discount)));
    Ok(lines)
}

/// Settings checked, buyer derived, and the charges rounded into lines in the buyer's rounding
/// order: what every document of an order, and its receipt, is made of.
fn priced_lines<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
    lines: impl FnOnce(&LineContext<'a>) -> Result<Vec<Line<'a>>, MappingError>,
) -> Result<(BuyerTax, Vec<Line<'a>>), MappingError> {
    settings
        .validate()
        .map_err(|error| MappingError::new(format!("settings.{}", error.path), error.reason))?;
    let buyer_tax = buyer_tax(order, settings)?;
    let rounding = RoundingOrder::for_buyer(settings.rounding, buyer_tax.status);
    let lines = lines(&LineContext::new(order, settings, &buyer_tax, rounding))?;
    Ok((buyer_tax, lines))
}

/// The parts every document shares: the priced lines, the header, the payable total reconciled
/// with `paid`, and the buyer.
fn build_document<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
    issue_date: Date,
    kind: DocumentKind,
    paid: Decimal,
    lines: impl FnOnce(&LineContext<'a>) -> Result<Vec<Line<'a>>, MappingError>,
) -> Result<InvoiceDocument<'a>, MappingError> {
    let (buyer_tax, lines) = priced_lines(order, settings, lines)?;
    let mut header = header(order, settings, issue_date, &lines, &kind)?;
    header.payable_correction = payable_correction(paid, &lines, order.currency, "totals.total")?;
    let buyer = buyer(order, settings, &buyer_tax)?;
    if settings.invoice.e_invoice && buyer.email.is_none() {
        return Err(MappingError::new(
            "buyer.email",
            "an e-invoice is e-mailed to the buyer, who has no e-mail address",
        ));
    }
    Ok(InvoiceDocument {
        kind,
        e_invoice: settings.invoice.e_invoice,
        header,
        seller: seller(settings),
        buyer,
        lines,
    })
}

/// The largest difference rounding explains: per line, rounding the net (½ unit), rounding the
/// VAT (½ unit) and the net's rounding carried into the VAT (under ½ unit, as rates are below
/// 100%) — 1½ units — plus the shop's own rounding of the order total (WooCommerce's "round at
/// subtotal" can move it by one).
pub fn max_payable_correction(line_count: usize, currency: Currency) -> Decimal {
    let half_units = Decimal::from(3 * line_count + 2);
    currency.minor_unit() * half_units / Decimal::TWO
}

/// The difference between what was paid and the lines' gross total, if rounding explains it.
fn payable_correction(
    paid: Decimal,
    lines: &[Line],
    currency: Currency,
    path: &str,
) -> Result<Option<Decimal>, MappingError> {
    let gross = gross_total(lines);
    let difference = paid - gross;
    let tolerance = max_payable_correction(lines.len(), currency);
    if difference.abs() > tolerance {
        return Err(MappingError::new(
            path,
            format!(
                "the lines add up to {gross} {currency}, but the buyer paid {paid} {currency}: a difference of {difference} is more than rounding can explain"
            ),
        ));
    }
    Ok((!difference.is_zero()).then(|| difference.normalize()))
}

/// The lines' gross total. Their amounts share the invoice's scale, so their mantissas are added
/// as integers; the decimal sum remains for anything else (and a zero, whose sign it decides).
fn gross_total(lines: &[Line]) -> Decimal {
    let scale = lines.first().map_or(0, |line| line.gross.scale());
    let mantissas = lines.iter().try_fold(0i64, |total, line| {
        let mantissa = i64::try_from(line.gross.mantissa()).ok()?;
        (line.gross.scale() == scale).then_some(())?;
        total.checked_add(mantissa)
    });
    mantissas
        .filter(|&total| total != 0)
        .and_then(|total| Decimal::try_new(total, scale).ok())
        .unwrap_or_else(|| lines.iter().map(|line| line.gross).sum())
}

fn header<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
    issue_date: Date,
    lines: &[Line],
    kind: &DocumentKind,
) -> Result<Header<'a>, MappingError> {
    let payment_method = payment_method(order, settings)?;
    let rule = settings
        .payment_methods
        .methods
        .get(&order.payment_method.id);
    let paid = *kind != DocumentKind::Proforma
        && rule.map_or(settings.payment_methods.unlisted_paid, |rule| rule.paid);
    let due_date = if paid {
        issue_date
    } else {
        issue_date
            .checked_add(i64::from(settings.invoice.payment_deadline_days).days())
            .map_err(|error| {
                MappingError::new("settings.invoice.payment_deadline_days", error.to_string())
            })?
    };
    let comment = match (
        trimmed_non_blank(settings.invoice.comment.as_deref()),
        trimmed_non_blank(order.customer_note.as_deref())
            .filter(|_| settings.invoice.include_customer_note),
    ) {
        (Some(shop), Some(customer)) => Some(Cow::Owned([shop, "\n", customer].concat())),
        (one, other) => one.or(other).map(Cow::Borrowed),
    };
    Ok(Header {
        issue_date,
        fulfilment_date: fulfilment_date(order, settings.invoice.fulfilment_date, issue_date),
        due_date,
        payment_method,
        language: language(order, settings.language),
        comment,
        exchange_rate: exchange_rate(order, settings),
        order_number: order_number(order),
        proforma_number: None,
        number_prefix: settings.invoice.number_prefix.as_deref().map(Cow::Borrowed),
        payable_correction: None,
        paid,
        eu_vat: lines.iter().any(is_foreign_rate),
        currency: order.currency,
    })
}

/// A foreign currency is converted at the shop's bank's rate of the day (`arfolyamBank`).
fn exchange_rate<'a>(order: &Order, settings: &'a ShopSettings) -> Option<ExchangeRate<'a>> {
    (!order.currency.is_huf()).then(|| ExchangeRate {
        bank: Cow::Borrowed(&settings.invoice.exchange_rate_bank),
        rate: None,
    })
}

fn order_number(order: &Order) -> Option<Cow<'_, str>> {
    Some(Cow::Borrowed(order.number.as_str())).filter(|number| !number.trim().is_empty())
}

/// The payment method as printed (`fizmod`): the shop's label, else the gateway's title or id.
fn payment_method<'a>(
    order: &'a Order,
    settings: &'a ShopSettings,
) -> Result<Cow<'a, str>, MappingError> {
    let method = &order.payment_method;
    settings
        .payment_methods
        .methods
        .get(&method.id)
        .and_then(|rule| rule.label.as_deref())
        .or_else(|| trimmed_non_blank(Some(&method.title)))
        .or_else(|| trimmed_non_blank(Some(&method.id)))
        .map(Cow::Borrowed)
        .ok_or_else(|| MappingError::new("payment_method", "the order names no payment method"))
}

/// The text trimmed, unless nothing is left.
fn trimmed_non_blank(text: Option<&str>) -> Option<&str> {
    text.map(lines::trimmed).filter(|text| !text.is_empty())
}

fn is_foreign_rate(line: &Line) -> bool {
    let percent = line.vat_rate.percent();
    !percent.is_zero() && !crate::settings::is_hungarian_rate(percent)
}

fn fulfilment_date(order: &Order, source: FulfilmentDate, issue_date: Date) -> Date {
    let candidates = match source {
        FulfilmentDate::Paid => [order.paid_at, order.completed_at],
        FulfilmentDate::Completed => [order.completed_at, order.paid_at],
        FulfilmentDate::Created => [order.created_at, None],
        FulfilmentDate::Issue => [None, None],
    };
    candidates
        .into_iter()
        .flatten()
        .next()
        .map_or(issue_date, hungarian_date)
}

fn language(order: &Order, policy: LanguagePolicy) -> Language {
    match policy {
        LanguagePolicy::Fixed { language } => language,
        LanguagePolicy::FromLocale { fallback } => order
            .locale
            .as_deref()
            .and_then(Language::from_locale)
            .unwrap_or(fallback),
    }
}

fn seller(settings: &ShopSettings) -> Seller<'_> {
    let seller = &settings.seller;
    Seller {
        bank: seller.bank.as_deref().map(Cow::Borrowed),
        bank_account: seller.bank_account.as_deref().map(Cow::Borrowed),
        email_reply_to: seller.email_reply_to.as_deref().map(Cow::Borrowed),
        email_subject: seller.email_subject.as_deref().map(Cow::Borrowed),
        email_text: seller.email_text.as_deref().map(Cow::Borrowed),
        signer_name: seller.signer_name.as_deref().map(Cow::Borrowed),
    }
}

fn invoice_address<'a>(address: &'a Address, name: Option<&'a str>) -> PostalAddress<'a> {
    let country = address.country.trim();
    PostalAddress {
        name: name.map(Cow::Borrowed),
        country: (!country.is_empty()).then(|| {
            if country.bytes().any(|byte| byte.is_ascii_lowercase()) {
                Cow::Owned(country.to_ascii_uppercase())
            } else {
                Cow::Borrowed(country)
            }
        }),
        postcode: Cow::Borrowed(address.postcode.trim()),
        city: Cow::Borrowed(address.city.trim()),
        street: address.street(),
    }
}

fn buyer<'a>(
    order: &'a Order,
    settings: &ShopSettings,
    tax: &BuyerTax,
) -> Result<Buyer<'a>, MappingError> {
    let source = &order.buyer;
    let name = source.invoice_name();
    if name.is_empty() {
        return Err(MappingError::new(
            "buyer",
            "the buyer has neither a name nor a company name",
        ));
    }
    let billing = &source.billing_address;
    for (field, value) in [
        ("postcode", &billing.postcode),
        ("city", &billing.city),
        ("address_1", &billing.address_1),
    ] {
        if value.trim().is_empty() {
            return Err(MappingError::new(
                format!("buyer.billing_address.{field}"),
                "an invoice needs the buyer's full billing address",
            ));
        }
    }
    let email = trimmed_non_blank(source.email.as_deref()).map(Cow::Borrowed);
    let postal_address = order
        .shipping_address
        .as_ref()
        .filter(|shipping| {
            !shipping.address_1.trim().is_empty()
                && (shipping.address_1 != billing.address_1
                    || shipping.city != billing.city
                    || shipping.postcode != billing.postcode)
        })
        .map(|shipping| invoice_address(shipping, shipping.name.as_deref()));
    Ok(Buyer {
        name,
        address: invoice_address(billing, None),
        send_email: settings.invoice.send_email && email.is_some(),
        email,
        tax_status: tax.status,
        tax_number: tax.tax_number.clone().map(Cow::Owned),
        eu_tax_number: tax.eu_vat_number.clone().map(Cow::Owned),
        postal_address,
        customer_id: None,
        phone: trimmed_non_blank(source.phone.as_deref()).map(Cow::Borrowed),
        comment: None,
    })
}
