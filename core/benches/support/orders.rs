//! The benchmark order and shop, shared by `benches/pipeline.rs` (criterion, wall-clock) and
//! `examples/stages.rs` (one stage at a time, for instruction counts under callgrind).

use jiff::civil::{Date, date};
use libinvoice_core::agent::{InvoiceOptions, ResponseVersion};
use libinvoice_core::settings::ShopSettings;
use serde_json::json;

/// The issue date of every benchmark document.
pub const ISSUE_DATE: Date = date(2026, 11, 23);

const RATES: [(u64, &str); 3] = [(1, "27.0000"), (2, "18.0000"), (3, "5.0000")];

/// A WooCommerce REST order with `lines` products over three VAT rates, shaped and rounded the
/// way WooCommerce emits it (whole-forint store, net totals, taxes per rate id).
pub fn woocommerce_order(lines: usize) -> String {
    let mut items = Vec::new();
    let mut total = 0u64;
    let mut tax_per_rate = [0u64; 3];
    for index in 0..lines {
        let rate_index = index % 3;
        let (rate_id, percent) = [(1u64, 27u64), (2, 18), (3, 5)][rate_index];
        let quantity = 1 + (index as u64 % 4);
        let net = quantity * (1_000 + 137 * index as u64);
        let tax = (net * percent + 50) / 100;
        total += net + tax;
        tax_per_rate[rate_index] += tax;
        items.push(json!({
            "id": 100 + index, "name": format!("Termék {index} – „különleges” & <jó>"),
            "product_id": 500 + index, "variation_id": 0, "quantity": quantity,
            "tax_class": "", "subtotal": format!("{net}.00"), "subtotal_tax": format!("{tax}.00"),
            "total": format!("{net}.00"), "total_tax": format!("{tax}.00"),
            "taxes": [{"id": rate_id, "total": format!("{tax}.00"), "subtotal": format!("{tax}.00")}],
            "meta_data": [], "sku": format!("SKU-{index}"), "price": f64::from(u32::try_from(net).unwrap()) / f64::from(u32::try_from(quantity).unwrap()),
            "image": {"id": "", "src": ""}, "parent_name": null
        }));
    }
    let shipping_tax = 405;
    total += 1_500 + shipping_tax;
    tax_per_rate[0] += shipping_tax;
    let tax_lines: Vec<_> = RATES
        .iter()
        .zip(tax_per_rate)
        .map(|((id, percent), tax)| {
            json!({"id": 900 + id, "rate_code": format!("HU-AFA-{id}"), "rate_id": id,
                   "label": "ÁFA", "compound": false, "tax_total": format!("{tax}.00"),
                   "shipping_tax_total": "0.00", "rate_percent": percent.parse::<f64>().unwrap(),
                   "meta_data": []})
        })
        .collect();
    json!({
        "id": 4242, "parent_id": 0, "status": "processing", "currency": "HUF", "version": "9.8.5",
        "prices_include_tax": false, "date_created": "2026-11-20T10:00:00",
        "date_created_gmt": "2026-11-20T09:00:00", "date_paid_gmt": "2026-11-20T09:01:00",
        "date_completed_gmt": null, "discount_total": "0.00", "discount_tax": "0.00",
        "shipping_total": "1500.00", "shipping_tax": "405.00", "cart_tax": "0.00",
        "total": format!("{total}.00"), "total_tax": "0.00", "customer_id": 7,
        "billing": {"first_name": "Anna", "last_name": "Kovács", "company": "", "address_1": "Váci út 12.",
                    "address_2": "", "city": "Budapest", "state": "", "postcode": "1132",
                    "country": "HU", "email": "anna@example.hu", "phone": "+36301234567"},
        "shipping": {"first_name": "", "last_name": "", "company": "", "address_1": "",
                     "address_2": "", "city": "", "state": "", "postcode": "", "country": ""},
        "payment_method": "stripe", "payment_method_title": "Bankkártya", "transaction_id": "pi_1",
        "customer_note": "", "number": "4242", "meta_data": [{"id": 1, "key": "_wc_order_attribution", "value": {"a": [1, 2]}}],
        "line_items": items, "tax_lines": tax_lines,
        "shipping_lines": [{"id": 77, "method_title": "GLS", "method_id": "flat_rate", "instance_id": "1",
                            "total": "1500.00", "total_tax": "405.00",
                            "taxes": [{"id": 1, "total": "405.00", "subtotal": ""}], "meta_data": []}],
        "fee_lines": [], "coupon_lines": [], "refunds": [], "_links": {"self": [{"href": "https://shop.example/wp-json/wc/v3/orders/4242"}]}
    })
    .to_string()
}

pub fn settings() -> ShopSettings {
    ShopSettings::new("bench-shop")
}

pub fn options() -> InvoiceOptions {
    InvoiceOptions {
        download_pdf: true,
        response_version: ResponseVersion::Xml,
        external_id: Some("li-bench_shop-4242-invoice-0".to_owned()),
        preview: false,
    }
}
