//! Builders for orders in tests: amounts as WooCommerce computes them.
#![allow(dead_code, clippy::unwrap_used)]

pub mod oracle;
pub mod xsd;

use libinvoice_core::document::{Line, VatRate};
use libinvoice_core::money::Currency;
use libinvoice_core::order::{
    Address, Buyer, FeeLine, LineItem, Order, OrderTotals, PaymentMethod, ShippingLine, TaxAmount,
    TaxRate,
};
use rust_decimal::Decimal;

pub fn rate(id: &str, percent: Decimal) -> TaxRate {
    TaxRate {
        id: id.to_owned(),
        rate_percent: percent,
        label: format!("ÁFA {percent}%"),
    }
}

pub fn tax(rate_id: &str, total: Decimal) -> TaxAmount {
    TaxAmount {
        rate_id: rate_id.to_owned(),
        total,
        subtotal: Some(total),
    }
}

pub fn item(
    name: &str,
    quantity: Decimal,
    net: Decimal,
    tax_amount: Decimal,
    rate_id: &str,
) -> LineItem {
    LineItem {
        name: name.to_owned(),
        sku: None,
        quantity,
        unit: None,
        tax_class: None,
        subtotal: net,
        subtotal_tax: tax_amount,
        total: net,
        total_tax: tax_amount,
        taxes: if rate_id.is_empty() {
            vec![]
        } else {
            vec![tax(rate_id, tax_amount)]
        },
    }
}

pub fn shipping(title: &str, net: Decimal, taxes: Vec<TaxAmount>) -> ShippingLine {
    ShippingLine {
        method_id: "flat_rate".to_owned(),
        method_title: title.to_owned(),
        total: net,
        total_tax: taxes.iter().map(|t| t.total).sum(),
        taxes,
    }
}

pub fn fee(name: &str, net: Decimal, taxes: Vec<TaxAmount>) -> FeeLine {
    FeeLine {
        name: name.to_owned(),
        tax_class: None,
        total: net,
        total_tax: taxes.iter().map(|t| t.total).sum(),
        taxes,
    }
}

/// A Budapest private buyer's order; the total is the sum of every line's net and tax.
pub fn order(currency: &str, rates: Vec<TaxRate>, line_items: Vec<LineItem>) -> Order {
    let mut order = Order {
        id: "1001".to_owned(),
        number: "1001".to_owned(),
        status: Some("processing".to_owned()),
        currency: Currency::new(currency).unwrap(),
        created_at: Some("2024-03-01T09:00:00Z".parse().unwrap()),
        paid_at: Some("2024-03-01T09:05:00Z".parse().unwrap()),
        completed_at: None,
        payment_method: PaymentMethod {
            id: "stripe".to_owned(),
            title: "Bankkártya".to_owned(),
            transaction_id: None,
        },
        buyer: Buyer {
            first_name: "Éva".to_owned(),
            last_name: "Kovács".to_owned(),
            company: None,
            tax_number: None,
            eu_vat_number: None,
            email: Some("eva@example.hu".to_owned()),
            phone: None,
            billing_address: Address {
                name: None,
                country: "HU".to_owned(),
                postcode: "1051".to_owned(),
                city: "Budapest".to_owned(),
                address_1: "Október 6. utca 12.".to_owned(),
                address_2: None,
            },
        },
        shipping_address: None,
        customer_note: None,
        locale: None,
        prices_include_tax: true,
        vat_exempt: false,
        tax_rates: rates,
        line_items,
        shipping_lines: vec![],
        fee_lines: vec![],
        coupon_lines: vec![],
        refunds: vec![],
        totals: OrderTotals {
            total: Decimal::ZERO,
            total_tax: Decimal::ZERO,
            discount_total: Decimal::ZERO,
            discount_tax: Decimal::ZERO,
            shipping_total: Decimal::ZERO,
            shipping_tax: Decimal::ZERO,
        },
    };
    recompute_totals(&mut order);
    order
}

/// Sets the order totals to what its lines add up to.
pub fn recompute_totals(order: &mut Order) {
    let items = order.line_items.iter().map(|i| (i.total, i.total_tax));
    let shipping = order.shipping_lines.iter().map(|s| (s.total, s.total_tax));
    let fees = order.fee_lines.iter().map(|f| (f.total, f.total_tax));
    let (net, tax) = items
        .chain(shipping)
        .chain(fees)
        .fold((Decimal::ZERO, Decimal::ZERO), |(n, t), (net, tax)| {
            (n + net, t + tax)
        });
    order.totals.total = net + tax;
    order.totals.total_tax = tax;
    order.totals.shipping_total = order.shipping_lines.iter().map(|s| s.total).sum();
    order.totals.shipping_tax = order.shipping_lines.iter().map(|s| s.total_tax).sum();
}

/// An invoice line whose gross is its net plus VAT.
pub fn invoice_line(
    name: &str,
    quantity: Decimal,
    unit_net: Decimal,
    rate: VatRate,
    net: Decimal,
    vat: Decimal,
) -> Line<'static> {
    Line {
        name: name.to_owned().into(),
        sku: None,
        quantity,
        unit: "db".into(),
        unit_net_price: unit_net,
        vat_rate: rate,
        net,
        vat,
        gross: net + vat,
        comment: None,
    }
}

/// A one-line cash receipt for 1,270 Ft, without a call id.
pub fn coffee_receipt() -> libinvoice_core::agent::CreateReceipt {
    libinvoice_core::agent::CreateReceipt {
        call_id: None,
        prefix: "NYGTA".to_owned(),
        payment_method: "készpénz".to_owned(),
        currency: Currency::huf(),
        exchange_rate: None,
        comment: None,
        order_number: Some("1842".to_owned()),
        download_pdf: true,
        lines: vec![libinvoice_core::agent::ReceiptLine {
            name: "Kávé".to_owned(),
            sku: None,
            quantity: Decimal::ONE,
            unit: "db".to_owned(),
            unit_net_price: Decimal::from(1000),
            vat_rate: VatRate::Percent(Decimal::from(27)),
            net: Decimal::from(1000),
            vat: Decimal::from(270),
            gross: Decimal::from(1270),
            comment: None,
        }],
    }
}

/// `examples/orders/woocommerce-basic.json` mapped for shop `e2e-shop`, issued today.
pub fn example_document() -> libinvoice_core::document::InvoiceDocument<'static> {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/orders/woocommerce-basic.json"
    ))
    .unwrap();
    libinvoice_core::mapping::map(
        &libinvoice_core::order::woocommerce::from_rest_json(&json).unwrap(),
        &libinvoice_core::settings::ShopSettings::new("e2e-shop"),
        libinvoice_core::mapping::today(),
    )
    .unwrap()
    .into_owned()
}

/// A fresh attempt record for issuing `document` in shop `e2e-shop`.
pub fn attempt_record(
    document: &libinvoice_core::document::InvoiceDocument,
) -> libinvoice_core::issuance::AttemptRecord {
    use libinvoice_core::issuance::{AttemptRecord, Purpose, external_id};
    let order_number = document.header.order_number.clone().unwrap().into_owned();
    AttemptRecord::new(
        external_id("e2e-shop", &order_number, Purpose::Issue(&document.kind), 0),
        order_number,
    )
}

/// How many receipts the sandbox holds, across its accounts.
pub fn receipts_in(sandbox: &libinvoice_sandbox::Sandbox) -> usize {
    sandbox
        .service()
        .snapshot()
        .ledgers
        .values()
        .map(|ledger| ledger.receipts.len())
        .sum()
}
