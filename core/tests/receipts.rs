//! Receipts from orders: the invoice's lines amount for amount, a total equal to what was paid,
//! refusals with field paths, valid `xmlnyugtacreate` XML, and issuing exactly once against the
//! offline Számla Agent.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::xsd::{both_schemas, require_xmllint, shared_xsd_dir, xmllint};
use common::{item, order, rate, receipts_in};
use jiff::Timestamp;
use jiff::civil::date;
use libinvoice_core::agent::{CreateReceipt, Credentials};
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::{Outcome, issue};
use libinvoice_core::document::{InvoiceDocument, TaxStatus};
use libinvoice_core::interop::CreateReceiptRequest;
use libinvoice_core::issuance::{AttemptRecord, AttemptState, Purpose, external_id};
use libinvoice_core::mapping::{map, map_receipt};
use libinvoice_core::order::{self, Order};
use libinvoice_core::settings::ShopSettings;
use libinvoice_core::transport::TransportConfig;
use libinvoice_sandbox::{
    Config, DEMO_AGENT_KEY, Fault, FaultRule, Sandbox, ServerOptions, Service,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The demo shop's settings, which carry a receipt number prefix.
fn demo_settings() -> ShopSettings {
    let json = std::fs::read_to_string(workspace().join("examples/settings/demo-shop.json"));
    ShopSettings::from_json(&json.unwrap()).unwrap()
}

fn settings() -> ShopSettings {
    let mut settings = ShopSettings::new("shop-1");
    settings.receipt.number_prefix = Some("NYGTA".to_owned());
    settings
}

fn example(name: &str) -> Order {
    let json = std::fs::read_to_string(workspace().join(format!("examples/orders/{name}.json")));
    let json = json.unwrap();
    if name.starts_with("woocommerce-") {
        order::woocommerce::from_rest_json(&json).unwrap()
    } else {
        order::from_json(&json).unwrap()
    }
}

/// The example orders of private buyers, who may get a receipt.
const PRIVATE: [&str; 5] = [
    "own-schema",
    "woocommerce-basic",
    "woocommerce-eur",
    "woocommerce-fee-and-kg",
    "woocommerce-mixed-rates",
];

fn assert_same_lines(receipt: &CreateReceipt, document: &InvoiceDocument, name: &str) {
    assert_eq!(receipt.lines.len(), document.lines.len(), "{name}");
    for (receipt_line, line) in receipt.lines.iter().zip(&document.lines) {
        assert_eq!(receipt_line.name, line.name, "{name}");
        assert_eq!(receipt_line.sku.as_deref(), line.sku.as_deref(), "{name}");
        assert_eq!(receipt_line.quantity, line.quantity, "{name}");
        assert_eq!(receipt_line.unit, line.unit, "{name}");
        assert_eq!(receipt_line.unit_net_price, line.unit_net_price, "{name}");
        assert_eq!(receipt_line.vat_rate, line.vat_rate, "{name}");
        assert_eq!(
            (receipt_line.net, receipt_line.vat, receipt_line.gross),
            (line.net, line.vat, line.gross),
            "{name}: {}",
            line.name
        );
        assert_eq!(receipt_line.comment, line.comment, "{name}");
    }
}

#[test]
fn a_receipt_carries_the_invoice_lines_and_totals_what_was_paid() {
    let settings = demo_settings();
    for name in PRIVATE {
        let order = example(name);
        let document = map(&order, &settings, date(2026, 11, 23)).unwrap();
        let receipt = map_receipt(&order, &settings).unwrap();
        assert_same_lines(&receipt, &document, name);
        let gross: Decimal = receipt.lines.iter().map(|line| line.gross).sum();
        assert_eq!(
            gross, order.totals.total,
            "{name}: the receipt totals the payment"
        );
        assert_eq!(receipt.prefix, "NYGTA");
        assert_eq!(
            receipt.payment_method, document.header.payment_method,
            "{name}"
        );
        assert_eq!(receipt.currency, document.header.currency, "{name}");
        assert_eq!(
            receipt.exchange_rate, document.header.exchange_rate,
            "{name}"
        );
        assert_eq!(
            receipt.order_number.as_deref(),
            document.header.order_number.as_deref(),
            "{name}"
        );
        assert_eq!(
            receipt.call_id, None,
            "the exactly-once protocol sets the call id"
        );
        assert!(receipt.download_pdf);
    }
}

#[test]
fn every_mapped_receipt_is_valid_against_the_vendor_schemas() {
    let Some(dir) = shared_xsd_dir() else { return };
    require_xmllint();
    let settings = demo_settings();
    let credentials = Credentials::agent_key("xsd-check");
    for name in PRIVATE {
        let receipt = CreateReceipt {
            call_id: Some(external_id("demo-shop", name, Purpose::Receipt, 0)),
            ..map_receipt(&example(name), &settings).unwrap()
        };
        let wire = receipt.to_wire(&credentials).unwrap();
        for xsd in both_schemas(&dir, "xmlnyugtacreate") {
            xmllint(&xsd, wire.xml(), name).unwrap();
        }
    }
}

#[test]
fn a_receipt_needs_no_buyer_details() {
    let mut order = example("woocommerce-basic");
    order.buyer.first_name.clear();
    order.buyer.last_name.clear();
    order.buyer.email = None;
    order.buyer.billing_address.address_1.clear();
    let error = map(&order, &demo_settings(), date(2026, 11, 23)).unwrap_err();
    assert_eq!(error.path, "buyer", "an invoice names its buyer");
    let receipt = map_receipt(&order, &demo_settings()).unwrap();
    assert_eq!(receipt.lines.len(), 4);
}

#[test]
fn a_business_buyer_is_owed_an_invoice() {
    let settings = demo_settings();
    let error = map_receipt(&example("woocommerce-company"), &settings).unwrap_err();
    assert_eq!(error.path, "buyer.tax_number");
    assert!(error.reason.contains("owed an invoice"), "{error}");
    let error = map_receipt(&example("woocommerce-eu-company"), &settings).unwrap_err();
    assert_eq!(error.path, "buyer.eu_vat_number");

    // A company without a tax number follows the shop's rule for its status.
    let mut order = example("woocommerce-basic");
    order.buyer.company = Some("Példa Bt.".to_owned());
    map_receipt(&order, &settings).unwrap();
    let mut strict = settings.clone();
    strict.buyer.company_without_tax_number = TaxStatus::HungarianTaxNumber;
    assert_eq!(
        map_receipt(&order, &strict).unwrap_err().path,
        "buyer.company"
    );
}

#[test]
fn a_receipt_needs_its_number_prefix() {
    let order = example("woocommerce-basic");
    let error = map_receipt(&order, &ShopSettings::new("shop-1")).unwrap_err();
    assert_eq!(error.path, "settings.receipt.number_prefix");
    let mut settings = settings();
    settings.receipt.number_prefix = Some("toolong".to_owned());
    let error = map_receipt(&order, &settings).unwrap_err();
    assert_eq!(error.path, "settings.receipt.number_prefix");
}

#[test]
fn a_total_only_a_payable_correction_explains_is_refused() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    order.totals.total = dec!(1271);
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    assert_eq!(document.header.payable_correction, Some(dec!(1)));
    let error = map_receipt(&order, &settings()).unwrap_err();
    assert_eq!(error.path, "totals.total");
    assert!(
        error.reason.contains("1270 HUF") && error.reason.contains("1271 HUF"),
        "{error}"
    );
}

#[test]
fn another_member_states_vat_stays_on_invoices() {
    let mut order = order(
        "EUR",
        vec![rate("de", dec!(19))],
        vec![item("Widget", dec!(1), dec!(10.00), dec!(1.90), "de")],
    );
    order.buyer.billing_address.country = "DE".to_owned();
    let mut settings = settings();
    settings.vat.oss = true;
    let error = map_receipt(&order, &settings).unwrap_err();
    assert_eq!(error.path, "tax_rates[0].rate_percent");
    assert!(error.reason.contains("OSS"), "{error}");
}

#[test]
fn the_request_shape_round_trips() {
    let receipt = map_receipt(&example("woocommerce-eur"), &demo_settings()).unwrap();
    let json = serde_json::to_string(&CreateReceiptRequest::from(receipt.clone())).unwrap();
    assert!(json.contains(r#""gross":"#), "{json}");
    let request: CreateReceiptRequest = libinvoice_core::interop::read(&json).unwrap();
    assert_eq!(CreateReceipt::from(request), receipt);
}

fn sandbox() -> Sandbox {
    Sandbox::start(
        Service::new(Config::default(), None).unwrap(),
        &ServerOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_mapped_receipt_is_issued_exactly_once() {
    let sandbox = sandbox();
    let client = AgentClient::new(
        TransportConfig::new(sandbox.url()),
        Credentials::agent_key(DEMO_AGENT_KEY),
    )
    .unwrap();
    let order = example("woocommerce-basic");
    let receipt = map_receipt(&order, &demo_settings()).unwrap();
    let id = external_id("demo-shop", &order.id, Purpose::Receipt, 0);
    let mut record = AttemptRecord::new(id, order.number.clone());
    let mut stored = Vec::new();
    let outcome = issue(
        &client.issue_receipt(&receipt),
        &mut record,
        &mut |record| {
            stored.push(record.clone());
            Ok(())
        },
        Timestamp::now(),
    )
    .unwrap();
    let Outcome::Issued(issued) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(issued.number.starts_with("NYGTA-"), "{}", issued.number);
    assert_eq!(issued.gross_total, Some(order.totals.total));
    assert!(issued.pdf.unwrap().starts_with(b"%PDF"));

    // The stored record is done: nothing is sent.
    let again = issue(
        &client.issue_receipt(&receipt),
        &mut record,
        &mut |_| panic!("nothing to store when nothing is sent"),
        Timestamp::now(),
    )
    .unwrap();
    assert!(matches!(&again, Outcome::Issued(done) if done.number == issued.number));

    // A worker that died after storing its intent left `in_flight`: the next call finds the
    // receipt by its call id and adopts it.
    let mut in_flight = stored[0].clone();
    assert_eq!(in_flight.state, AttemptState::InFlight);
    let adopted = issue(
        &client.issue_receipt(&receipt),
        &mut in_flight,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap();
    assert!(matches!(&adopted, Outcome::Issued(found) if found.number == issued.number));
    assert_eq!(in_flight.sends, 1);
    assert_eq!(receipts_in(&sandbox), 1);
    sandbox.stop();
}

#[test]
fn a_lost_answer_is_reconciled_by_the_call_id() {
    let sandbox = sandbox();
    sandbox.service().add_faults([FaultRule {
        fault: Fault::CloseAfterCommit,
        operation: Some("action-szamla_agent_nyugta_create".to_owned()),
        agent_key: None,
        count: Some(1),
    }]);
    let client = AgentClient::new(
        TransportConfig::new(sandbox.url()),
        Credentials::agent_key(DEMO_AGENT_KEY),
    )
    .unwrap();
    let order = example("woocommerce-mixed-rates");
    let receipt = map_receipt(&order, &demo_settings()).unwrap();
    let id = external_id("demo-shop", &order.id, Purpose::Receipt, 0);
    let mut record = AttemptRecord::new(id, order.number.clone());
    let mut step = || {
        issue(
            &client.issue_receipt(&receipt),
            &mut record,
            &mut |_| Ok(()),
            Timestamp::now(),
        )
        .unwrap()
    };
    assert!(matches!(step(), Outcome::Unknown { .. }));
    let Outcome::Issued(adopted) = step() else {
        panic!("the lost receipt was not adopted")
    };
    assert_eq!(adopted.gross_total, Some(order.totals.total));
    assert_eq!(record.sends, 1);
    assert_eq!(receipts_in(&sandbox), 1);
    sandbox.stop();
}
