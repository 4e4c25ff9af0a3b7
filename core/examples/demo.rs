//! `make demo`: maps a WooCommerce REST order with a shop's settings and shows the invoice
//! document and the Számla Agent XML it would be sent as.
//!
//! Usage: demo ORDER.json [SETTINGS.json]

use std::process::ExitCode;

use libinvoice_core::agent::{InvoiceOptions, ResponseVersion, preview_invoice_xml};
use libinvoice_core::document::InvoiceDocument;
use libinvoice_core::issuance::{Purpose, external_id};
use libinvoice_core::mapping::{map, today};
use libinvoice_core::order::woocommerce::from_rest_json;
use libinvoice_core::settings::ShopSettings;

const DEFAULT_SETTINGS: &str = "examples/settings/demo-shop.json";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let order_path = args
        .next()
        .unwrap_or_else(|| "examples/orders/woocommerce-basic.json".to_owned());
    let settings_path = args.next().unwrap_or_else(|| DEFAULT_SETTINGS.to_owned());
    match run(&order_path, &settings_path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("demo: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(order_path: &str, settings_path: &str) -> Result<(), String> {
    let read =
        |path: &str| std::fs::read_to_string(path).map_err(|error| format!("{path}: {error}"));
    let order =
        from_rest_json(&read(order_path)?).map_err(|error| format!("{order_path}: {error}"))?;
    let settings = ShopSettings::from_json(&read(settings_path)?)
        .map_err(|error| format!("{settings_path}: {error}"))?;
    let document = map(&order, &settings, today()).map_err(|error| format!("mapping: {error}"))?;
    print_document(&document);
    let options = InvoiceOptions {
        download_pdf: true,
        response_version: ResponseVersion::Xml,
        external_id: Some(external_id(
            &settings.shop_id,
            &order.id,
            Purpose::Issue(&document.kind),
            0,
        )),
        preview: false,
    };
    let xml =
        preview_invoice_xml(&document, &options).map_err(|error| format!("encoding: {error}"))?;
    println!("\nSzámla Agent request (xmlszamla; credentials are added only when sending):\n{xml}");
    Ok(())
}

fn print_document(document: &InvoiceDocument) {
    let header = &document.header;
    let currency = &header.currency;
    println!(
        "Invoice for order {} — {} ({:?})",
        header.order_number.as_deref().unwrap_or("-"),
        document.buyer.name,
        document.buyer.tax_status
    );
    println!(
        "Issued {}, fulfilled {}, due {}, {} ({})",
        header.issue_date,
        header.fulfilment_date,
        header.due_date,
        header.payment_method,
        if header.paid { "paid" } else { "to be paid" }
    );
    println!(
        "\n{:<44} {:>8} {:>10} {:>6} {:>10} {:>9} {:>10}",
        "Line", "Qty", "Unit net", "VAT", "Net", "VAT", "Gross"
    );
    for line in &document.lines {
        println!(
            "{:<44} {:>8} {:>10} {:>6} {:>10} {:>9} {:>10}",
            truncate(&line.name, 44),
            format!("{} {}", line.quantity, line.unit),
            line.unit_net_price,
            line.vat_rate.wire(),
            line.net,
            line.vat,
            line.gross
        );
    }
    let totals = document.totals();
    println!("\nTotals per VAT rate ({currency}):");
    for rate in &totals.per_rate {
        println!(
            "  {:>6}  net {:>10}  VAT {:>9}  gross {:>10}",
            rate.vat_rate.wire(),
            rate.net,
            rate.vat,
            rate.gross
        );
    }
    println!(
        "  {:>6}  net {:>10}  VAT {:>9}  gross {:>10}",
        "all", totals.net, totals.vat, totals.gross
    );
    if let Some(correction) = header.payable_correction {
        println!("  payable correction {correction}");
    }
    println!("  payable {} {currency}", totals.payable);
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars().take(width - 1).chain(['…']).collect()
    }
}
