//! Golden tests: each order in `examples/orders/` with the demo shop's settings → the reviewed
//! Számla Agent XML in `tests/golden/`. Set `UPDATE_GOLDEN=1` to rewrite them after a reviewed
//! change. Every golden request must also be valid against the vendor's XSDs.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use common::xsd::{both_schemas, require_xmllint, shared_xsd_dir, xmllint};
use jiff::civil::date;
use libinvoice_core::agent::{InvoiceOptions, ResponseVersion, preview_invoice_xml};
use libinvoice_core::issuance::{Purpose, external_id};
use libinvoice_core::mapping::map;
use libinvoice_core::order::{self, Order};
use libinvoice_core::settings::ShopSettings;
use quick_xml::Reader;
use quick_xml::events::Event;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_order(path: &Path) -> Order {
    let json = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("woocommerce-") {
        order::woocommerce::from_rest_json(&json).unwrap()
    } else {
        order::from_json(&json).unwrap()
    }
}

/// One element per line, indented, so a golden diff reads like the invoice. Text is copied as
/// it was escaped on the wire.
fn pretty(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut depth = 0usize;
    let mut after_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Decl(decl) => write!(out, "<?{}?>", &decl[..]).unwrap(),
            Event::Start(start) => {
                write!(out, "\n{}<{}>", "  ".repeat(depth), &start[..]).unwrap();
                depth += 1;
                after_text = false;
            }
            Event::Empty(empty) => {
                write!(out, "\n{}<{}/>", "  ".repeat(depth), &empty[..]).unwrap();
            }
            Event::End(end) => {
                depth -= 1;
                if !after_text {
                    write!(out, "\n{}", "  ".repeat(depth)).unwrap();
                }
                write!(out, "</{}>", &end[..]).unwrap();
                after_text = false;
            }
            Event::Text(text) => {
                out.push_str(&text[..]);
                after_text = true;
            }
            Event::GeneralRef(reference) => {
                write!(out, "&{};", &reference[..]).unwrap();
                after_text = true;
            }
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    out + "\n"
}

#[test]
fn example_orders_produce_the_reviewed_agent_xml() {
    let settings_json =
        std::fs::read_to_string(workspace().join("examples/settings/demo-shop.json")).unwrap();
    let settings = ShopSettings::from_json(&settings_json).unwrap();
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let xsd_dir = shared_xsd_dir();
    if xsd_dir.is_some() {
        require_xmllint();
    }
    let mut orders: Vec<PathBuf> = std::fs::read_dir(workspace().join("examples/orders"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    orders.sort();
    assert!(
        orders.len() >= 7,
        "examples/orders/ holds the golden inputs"
    );
    let mut mismatches = Vec::new();
    for path in orders {
        let order = read_order(&path);
        let document = map(&order, &settings, date(2026, 11, 23)).unwrap();
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
        let xml = preview_invoice_xml(&document, &options).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if let Some(dir) = &xsd_dir {
            for xsd in both_schemas(dir, "xmlszamla") {
                xmllint(&xsd, xml.as_bytes(), &stem).unwrap();
            }
        }
        let golden = golden_dir.join(format!("{stem}.xml"));
        let actual = pretty(&xml);
        if update {
            std::fs::create_dir_all(&golden_dir).unwrap();
            std::fs::write(&golden, &actual).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(actual.as_str()) {
            mismatches.push(format!("{}:\n{actual}", golden.display()));
        }
    }
    assert!(
        mismatches.is_empty(),
        "output differs from the reviewed golden files (UPDATE_GOLDEN=1 rewrites them):\n{}",
        mismatches.join("\n")
    );
}
