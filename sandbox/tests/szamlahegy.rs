//! The Számlahegy emulation in process, with raw JSON: storno invoices (kind S), the row signs
//! each kind accepts, one numbering series for invoices and stornos, and `DELETE
//! /control/state` forgetting every service's state.
#![allow(clippy::unwrap_used, reason = "tests: a failure is the test failing")]

use libinvoice_sandbox::szamlahegy::DEMO_API_KEY;
use libinvoice_sandbox::{Config, HttpRequest, HttpResponse, Service};
use serde_json::{Value, json};

fn service() -> Service {
    Service::new(Config::default(), None).unwrap()
}

/// An invoice of `kind` with `foreign_id`: two rows of `quantities`, one net-first and one
/// gross-first.
fn invoice(kind: &str, foreign_id: &str, quantities: [&str; 2]) -> Value {
    json!({
        "customer_name": "Teszt Elek",
        "customer_zip": "1111",
        "customer_city": "Budapest",
        "customer_address": "Fő utca 1.",
        "payment_method": "B",
        "kind": kind,
        "foreign_id": foreign_id,
        "currency": "HUF",
        "invoice_rows_attributes": [
            {"name": "Póló", "quantity": quantities[0], "quantity_type": "db",
             "price_slab": "3937", "tax": "27", "brutto_priority": true},
            {"name": "Szállítás", "quantity": quantities[1], "quantity_type": "db",
             "price_slab": "1000.5", "tax": "27"},
        ],
    })
}

fn create(service: &Service, invoice: &Value) -> (u16, Value) {
    let body = json!({ "api_key": DEMO_API_KEY, "invoice": invoice });
    answer(&service.handle(&HttpRequest::post(
        "/api/v1/invoices",
        "application/json",
        body.to_string().into_bytes(),
    )))
}

fn answer(response: &HttpResponse) -> (u16, Value) {
    (
        response.status,
        serde_json::from_slice(&response.body).unwrap(),
    )
}

fn request(method: &str, path: &str) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        ..HttpRequest::default()
    }
}

#[test]
fn a_storno_cancels_rows_in_the_invoices_series() {
    let service = service();
    let year = jiff::Zoned::now().year();
    let (status, original) = create(&service, &invoice("N", "order-1", ["2", "1"]));
    assert_eq!(status, 201, "{original}");
    assert_eq!(original["invoice_number"], format!("SHG-{year}-1"));
    let (status, storno) = create(&service, &invoice("S", "order-1-storno", ["-2", "-1"]));
    assert_eq!(status, 201, "{storno}");
    assert_eq!(storno["kind"], "S");
    assert_eq!(storno["invoice_number"], format!("SHG-{year}-2"));
    // Both rounding orders are symmetric in sign: the storno is the invoice negated.
    for total in ["net_total", "gross_total"] {
        assert_eq!(
            storno[total],
            format!("-{}", original[total].as_str().unwrap()),
            "{total}"
        );
    }
    let (_, proforma) = create(&service, &invoice("D", "order-2-proforma", ["1", "1"]));
    assert_eq!(
        proforma["invoice_number"], "D-SHG-1",
        "proformas keep their own series"
    );
    let (_, next) = create(&service, &invoice("N", "order-3", ["1", "1"]));
    assert_eq!(next["invoice_number"], format!("SHG-{year}-3"));

    let mut lookup = request("GET", "/api/v1/invoices");
    lookup.query = "foreign_id=order-1-storno".to_owned();
    lookup.headers = vec![("authorization".to_owned(), format!("Bearer {DEMO_API_KEY}"))];
    let (_, found) = answer(&service.handle(&lookup));
    assert_eq!(found["invoices"], json!([storno]));
}

#[test]
fn only_a_storno_has_negative_rows_and_only_negative_ones() {
    let service = service();
    for (kind, quantities) in [
        ("S", ["-1", "1"]),
        ("S", ["0", "-1"]),
        ("N", ["1", "-1"]),
        ("D", ["-1", "-1"]),
    ] {
        let (status, refusal) = create(
            &service,
            &invoice(kind, &format!("{kind}-{quantities:?}"), quantities),
        );
        assert_eq!(status, 422, "{kind} {quantities:?}: {refusal}");
        assert!(
            refusal["errors"]["invoice_rows.quantity"].is_array(),
            "{refusal}"
        );
    }
    // A test document may rehearse either.
    for (foreign_id, quantities) in [("test-1", ["1", "1"]), ("test-2", ["-1", "-1"])] {
        let (status, issued) = create(&service, &invoice("T", foreign_id, quantities));
        assert_eq!(status, 201, "{issued}");
    }
    let (status, refusal) = create(&service, &invoice("X", "x", ["1", "1"]));
    assert_eq!(
        (status, &refusal["errors"]["kind"]),
        (422, &json!(["must be N, S, D or T"]))
    );
}

#[test]
fn a_storno_foreign_id_is_unique_across_kinds() {
    let service = service();
    assert_eq!(create(&service, &invoice("N", "same", ["1", "1"])).0, 201);
    let (status, refusal) = create(&service, &invoice("S", "same", ["-1", "-1"]));
    assert_eq!(status, 422);
    assert_eq!(
        refusal["errors"]["foreign_id"],
        json!(["has already been taken"])
    );
}

#[test]
fn deleting_the_state_forgets_every_service() {
    let service = service();
    assert_eq!(
        create(&service, &invoice("N", "order-1", ["1", "1"])).0,
        201
    );
    let transaction = service.create_paybill_transaction("sdk_test", "HUF", true);
    let (status, _) = answer(&service.handle(&request("DELETE", "/control/state")));
    assert_eq!(status, 200);
    assert!(service.szamlahegy_invoices(DEMO_API_KEY).is_empty());
    assert!(service.paybill_transaction(&transaction).is_none());
    let (_, again) = create(&service, &invoice("N", "order-1", ["1", "1"]));
    assert_eq!(
        again["invoice_number"],
        format!("SHG-{}-1", jiff::Zoned::now().year()),
        "numbering starts again"
    );
}
