//! `(order, settings) → CreateReceipt`: the receipt (`nyugta`) a shop may issue to a private
//! buyer instead of an invoice. Its lines are the invoice's lines, amount for amount. A receipt
//! has no payable correction (`fizetendoKorrekcio`) and no payments other than its gross total
//! (code 340), so its lines must add up to exactly what the buyer paid.

use std::borrow::Cow;

use super::{
    BuyerTax, exchange_rate, is_foreign_rate, order_charges, order_number, payable_correction,
    payment_method, priced_lines,
};
use crate::agent::{CreateReceipt, ReceiptLine};
use crate::document::{ExchangeRate, Line};
use crate::error::MappingError;
use crate::order::Order;
use crate::settings::ShopSettings;

/// Maps an order to the receipt to issue for it. The call id (`hivasAzonosito`) is left empty:
/// issuing exactly once ([`crate::backend::agent::AgentClient::issue_receipt`]) sets it to the
/// attempt record's external id.
pub fn map_receipt(order: &Order, settings: &ShopSettings) -> Result<CreateReceipt, MappingError> {
    let (buyer_tax, lines) = priced_lines(order, settings, order_charges)?;
    let prefix = settings.receipt.number_prefix.clone().ok_or_else(|| {
        MappingError::new(
            "settings.receipt.number_prefix",
            "a receipt needs the receipt number prefix registered at the service",
        )
    })?;
    if buyer_tax.status.is_business() {
        return Err(business_buyer(&buyer_tax));
    }
    if let Some(line) = lines.iter().find(|line| is_foreign_rate(line)) {
        return Err(foreign_rate(order, line));
    }
    let paid = order.totals.total;
    if let Some(correction) = payable_correction(paid, &lines, order.currency, "totals.total")? {
        let currency = &order.currency;
        return Err(MappingError::new(
            "totals.total",
            format!(
                "the receipt lines add up to {} {currency}, but the buyer paid {paid} {currency}; a receipt cannot carry the payable correction of {correction} an invoice would: issue an invoice",
                paid - correction
            ),
        ));
    }
    Ok(CreateReceipt {
        call_id: None,
        prefix,
        payment_method: payment_method(order, settings)?.into_owned(),
        currency: order.currency,
        exchange_rate: exchange_rate(order, settings).map(ExchangeRate::into_owned),
        comment: None,
        order_number: order_number(order).map(Cow::into_owned),
        download_pdf: true,
        lines: lines.into_iter().map(receipt_line).collect(),
    })
}

/// A buyer who is a taxable person is owed an invoice; the field that shows it is at fault.
fn business_buyer(buyer: &BuyerTax) -> MappingError {
    let path = if buyer.tax_number.is_some() {
        "buyer.tax_number"
    } else if buyer.eu_vat_number.is_some() {
        "buyer.eu_vat_number"
    } else {
        "buyer.company"
    };
    MappingError::new(
        path,
        format!(
            "a receipt is for private buyers; a business buyer (adoalany {}) is owed an invoice",
            buyer.status.code()
        ),
    )
}

/// The receipt request has no flag for another member state's VAT (`eusAfa`).
fn foreign_rate(order: &Order, line: &Line) -> MappingError {
    let percent = line.vat_rate.percent();
    let path = order
        .tax_rates
        .iter()
        .position(|rate| rate.rate_percent == percent)
        .map_or_else(
            || "tax_rates".to_owned(),
            |index| format!("tax_rates[{index}].rate_percent"),
        );
    MappingError::new(
        path,
        format!(
            "{}% is another member state's VAT (OSS), which a receipt cannot carry: issue an invoice",
            percent.normalize()
        ),
    )
}

fn receipt_line(line: Line) -> ReceiptLine {
    ReceiptLine {
        name: line.name.into_owned(),
        sku: line.sku.map(Cow::into_owned),
        quantity: line.quantity,
        unit: line.unit.into_owned(),
        unit_net_price: line.unit_net_price,
        vat_rate: line.vat_rate,
        net: line.net,
        vat: line.vat,
        gross: line.gross,
        comment: line.comment,
    }
}
