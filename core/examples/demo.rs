//! `make demo`: a WooCommerce REST order invoiced end to end. It maps the order with a shop's
//! settings, shows the invoice document and the Számla Agent XML, starts the offline sandbox,
//! issues the invoice through the exactly-once protocol, prints the number and totals the
//! service answered, writes the PDF under `out/`, and stops the sandbox.
//!
//! Usage: demo ORDER.json [SETTINGS.json]

use std::process::ExitCode;

use jiff::Timestamp;
use libinvoice_core::agent::{Credentials, InvoiceOptions, ResponseVersion, preview_invoice_xml};
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::{Outcome, issue};
use libinvoice_core::document::InvoiceDocument;
use libinvoice_core::issuance::AttemptRecord;
use libinvoice_core::issuance::{Purpose, external_id};
use libinvoice_core::mapping::{map, today};
use libinvoice_core::order::woocommerce::from_rest_json;
use libinvoice_core::settings::ShopSettings;
use libinvoice_core::transport::TransportConfig;
use libinvoice_sandbox::{Config, DEMO_AGENT_KEY, Sandbox, ServerOptions, Service};
use rust_decimal::Decimal;

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
    issue_against_sandbox(
        &document,
        options.external_id.unwrap_or_default(),
        &order.number,
    )
}

/// Issues `document` through the offline sandbox and saves the PDF it answers with.
fn issue_against_sandbox(
    document: &InvoiceDocument,
    external_id: String,
    order_number: &str,
) -> Result<(), String> {
    let service = Service::new(Config::default(), None)?;
    let sandbox = Sandbox::start(service, &ServerOptions::default())
        .map_err(|error| format!("sandbox: {error}"))?;
    println!("\nSandbox listening on {}", sandbox.url());
    let client = AgentClient::new(
        TransportConfig::new(sandbox.url()),
        Credentials::agent_key(DEMO_AGENT_KEY),
    )
    .map_err(|error| format!("client: {error}"))?;
    // The demo keeps the attempt record in memory; a shop stores it with the order.
    let mut record = AttemptRecord::new(external_id, order_number.to_owned());
    let outcome = issue(
        &client.create(document),
        &mut record,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .map_err(|error| error.to_string())?;
    sandbox.stop();
    let Outcome::Issued(issued) = outcome else {
        return Err(format!(
            "the sandbox did not issue the invoice: {outcome:?}"
        ));
    };
    let currency = &document.header.currency;
    let shown = |value: Option<Decimal>| {
        value.map_or_else(|| "-".to_owned(), |v| format!("{v} {currency}"))
    };
    let vat = issued
        .net_total
        .zip(issued.gross_total)
        .map(|(net, gross)| gross - net);
    println!(
        "Issued invoice {} after {} send(s)",
        issued.number, record.sends
    );
    println!(
        "  net {}, VAT {}, gross {}",
        shown(issued.net_total),
        shown(vat),
        shown(issued.gross_total)
    );
    let pdf = issued.pdf.ok_or("the answer carried no PDF")?;
    std::fs::create_dir_all("out").map_err(|error| format!("out/: {error}"))?;
    let path = format!("out/{}.pdf", issued.number);
    std::fs::write(&path, pdf).map_err(|error| format!("{path}: {error}"))?;
    println!("  PDF written to {path}");
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
