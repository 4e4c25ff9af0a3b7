//! Invoice operations driven by szamlazz-agent requests, over HTTP and in process.

#![allow(clippy::too_many_lines, reason = "a lifecycle reads best as one story")]

mod common;

use common::*;
use libinvoice_sandbox::{Config, HttpRequest, STRICT_AGENT_KEY, Service};
use rust_decimal_macros::dec;
use szamlazz_agent::ops::credit_entry::{CreditEntry, RegisterCreditEntry};
use szamlazz_agent::ops::invoice::{CreationOutcome, InvoiceKind};
use szamlazz_agent::ops::proforma::{DeleteProforma, ProformaSelector};
use szamlazz_agent::ops::query_pdf::QueryInvoicePdf;
use szamlazz_agent::ops::query_xml::QueryInvoiceXml;
use szamlazz_agent::ops::storno::StornoInvoice;
use szamlazz_agent::types::{DocumentType, InvoiceNumber, InvoiceSelector};
use szamlazz_agent::wire::RawResponse;
use szamlazz_agent::{Credentials, PaymentMethod};

fn issued(outcome: CreationOutcome) -> szamlazz_agent::ops::invoice::CreatedInvoice {
    match outcome {
        CreationOutcome::Issued(created) => created,
        other => panic!("expected an issued invoice, got {other:?}"),
    }
}

#[test]
fn invoice_lifecycle_over_http() {
    let sandbox = start();
    let year = today().year();
    let created = issued(
        send(
            &sandbox,
            &invoice(InvoiceKind::invoice(), "ORD-1", "shop:ORD-1:invoice"),
            &demo(),
        )
        .unwrap(),
    );
    assert_eq!(created.invoice_number.as_str(), format!("SBX-{year}-1"));
    assert_eq!(created.net_total, Some(dec!(21500)));
    assert_eq!(created.gross_total, Some(dec!(27305)));
    assert_eq!(created.outstanding, Some(dec!(27305)));
    assert!(
        created
            .pdf
            .as_ref()
            .is_some_and(|pdf| pdf.as_bytes().starts_with(b"%PDF-"))
    );

    let document = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::ExternalId("shop:ORD-1:invoice".into())),
        &demo(),
    )
    .unwrap();
    assert_eq!(document.info.invoice_number, created.invoice_number);
    assert_eq!(document.info.order_number.as_deref(), Some("ORD-1"));
    assert_eq!(document.info.document_type, DocumentType::Invoice);
    assert_eq!(document.totals.total.gross, dec!(27305));
    assert_eq!(document.items.len(), 2);
    assert_eq!(document.buyer.name, "Őrült Űrhajós Kft.");

    let pdf = send(
        &sandbox,
        &QueryInvoicePdf::new(InvoiceSelector::OrderNumber("ORD-1".into())),
        &demo(),
    )
    .unwrap();
    assert!(pdf.pdf.as_bytes().starts_with(b"%PDF-"));

    let mut payment = RegisterCreditEntry::new(created.invoice_number.clone());
    payment
        .entries
        .push(CreditEntry::new(
            date("2026-07-05"),
            PaymentMethod::Transfer,
            dec!(27305),
        ))
        .unwrap();
    let balance = send(&sandbox, &payment, &demo()).unwrap();
    assert_eq!(balance.outstanding, Some(dec!(0)));
    let document = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::InvoiceNumber(
            created.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    assert_eq!(document.credit_entries.len(), 1);

    let storno = send(
        &sandbox,
        &StornoInvoice::new(created.invoice_number.clone()),
        &demo(),
    )
    .unwrap();
    let storno = storno.numbered().unwrap().clone();
    assert_eq!(storno.invoice_number.as_str(), format!("SBX-{year}-2"));
    assert_eq!(storno.gross_total, Some(dec!(-27305)));
    let reversed = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::InvoiceNumber(
            created.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    assert_eq!(reversed.info.reversed, Some(true));
    assert!(
        reversed.credit_entries.is_empty(),
        "reversal removes payments"
    );
    let storno_doc = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::InvoiceNumber(
            storno.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    assert_eq!(storno_doc.info.document_type, DocumentType::Storno);
    assert_eq!(
        storno_doc.info.referenced_invoice_number,
        Some(created.invoice_number.clone())
    );

    let error = send(&sandbox, &payment, &demo()).unwrap_err();
    assert_eq!(code(&error), "463");
    let error = send(
        &sandbox,
        &StornoInvoice::new(storno.invoice_number.clone()),
        &demo(),
    )
    .unwrap_err();
    assert_eq!(code(&error), "14");
    sandbox.stop();
}

#[test]
fn invoice_refusals_in_process() {
    let service = Service::new(Config::default(), None).unwrap();
    let unknown = Credentials::agent_key("no-such-key");
    assert_eq!(
        code(
            &handle(
                &service,
                &invoice(InvoiceKind::invoice(), "O", "E"),
                &unknown
            )
            .unwrap_err()
        ),
        "3"
    );

    let mut request = invoice(InvoiceKind::invoice(), "O", "E");
    request.header.number_prefix = Some("NOPE".into());
    assert_eq!(
        code(&handle(&service, &request, &demo()).unwrap_err()),
        "202"
    );

    let strict = Credentials::agent_key(STRICT_AGENT_KEY);
    let mut request = invoice(InvoiceKind::invoice(), "DUP-1", "E1");
    request.e_invoice = true;
    assert_eq!(
        code(&handle(&service, &request, &strict).unwrap_err()),
        "54"
    );
    handle(
        &service,
        &invoice(InvoiceKind::invoice(), "DUP-1", "E1"),
        &strict,
    )
    .unwrap();
    assert_eq!(
        code(
            &handle(
                &service,
                &invoice(InvoiceKind::invoice(), "DUP-1", "E2"),
                &strict
            )
            .unwrap_err()
        ),
        "71"
    );
    // Another kind may repeat the order number.
    handle(
        &service,
        &invoice(InvoiceKind::prepayment(), "DUP-1", "E3"),
        &strict,
    )
    .unwrap();

    let final_kind = InvoiceKind::Final {
        prepayment_number: Some(InvoiceNumber::new("SBX-2026-999")),
        proforma_number: None,
    };
    assert_eq!(
        code(&handle(&service, &invoice(final_kind, "F-1", "F"), &demo()).unwrap_err()),
        "73"
    );
    let corrective = InvoiceKind::Corrective {
        corrected_number: InvoiceNumber::new("SBX-2026-998"),
    };
    assert_eq!(
        code(&handle(&service, &invoice(corrective, "C-1", "C"), &demo()).unwrap_err()),
        "7"
    );
    assert_eq!(
        code(
            &handle(
                &service,
                &QueryInvoiceXml::new(InvoiceSelector::ExternalId("missing".into())),
                &demo()
            )
            .unwrap_err()
        ),
        "7"
    );
    assert_eq!(
        code(
            &handle(
                &service,
                &QueryInvoicePdf::new(InvoiceSelector::InvoiceNumber(InvoiceNumber::new("X-1"))),
                &demo()
            )
            .unwrap_err()
        ),
        "7"
    );
    assert_eq!(
        code(
            &handle(
                &service,
                &StornoInvoice::new(InvoiceNumber::new("X-1")),
                &demo()
            )
            .unwrap_err()
        ),
        "7"
    );
    let mut payment = RegisterCreditEntry::new(InvoiceNumber::new("X-1"));
    payment
        .entries
        .push(CreditEntry::new(
            date("2026-07-05"),
            PaymentMethod::Cash,
            dec!(1),
        ))
        .unwrap();
    assert_eq!(code(&handle(&service, &payment, &demo()).unwrap_err()), "7");
}

#[test]
fn deposit_final_and_corrective_links() {
    let service = Service::new(Config::default(), None).unwrap();
    let deposit = issued(
        handle(
            &service,
            &invoice(InvoiceKind::prepayment(), "ORD-D", "dep"),
            &demo(),
        )
        .unwrap(),
    );
    let final_kind = InvoiceKind::Final {
        prepayment_number: Some(deposit.invoice_number.clone()),
        proforma_number: None,
    };
    let final_invoice = issued(
        handle(
            &service,
            &invoice(final_kind.clone(), "ORD-D", "fin"),
            &demo(),
        )
        .unwrap(),
    );
    let document = handle(
        &service,
        &QueryInvoiceXml::new(InvoiceSelector::InvoiceNumber(
            final_invoice.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    assert_eq!(document.info.document_type, DocumentType::Final);
    // One final invoice per deposit.
    assert_eq!(
        code(&handle(&service, &invoice(final_kind, "ORD-D", "fin2"), &demo()).unwrap_err()),
        "73"
    );

    let original = issued(
        handle(
            &service,
            &invoice(InvoiceKind::invoice(), "ORD-C", "orig"),
            &demo(),
        )
        .unwrap(),
    );
    let corrective = InvoiceKind::Corrective {
        corrected_number: original.invoice_number.clone(),
    };
    handle(&service, &invoice(corrective, "ORD-C", "corr"), &demo()).unwrap();
    assert_eq!(
        code(
            &handle(
                &service,
                &StornoInvoice::new(original.invoice_number.clone()),
                &demo()
            )
            .unwrap_err()
        ),
        "221"
    );

    let other = issued(
        handle(
            &service,
            &invoice(InvoiceKind::invoice(), "ORD-S", "s"),
            &demo(),
        )
        .unwrap(),
    );
    let mut storno = StornoInvoice::new(other.invoice_number.clone());
    storno.issue_date = Some(today().yesterday().unwrap());
    assert_eq!(
        code(&handle(&service, &storno, &demo()).unwrap_err()),
        "352"
    );
}

#[test]
fn proforma_deletion() {
    let sandbox = start();
    let proforma = issued(
        send(
            &sandbox,
            &invoice(InvoiceKind::Proforma, "ORD-P", "pro"),
            &demo(),
        )
        .unwrap(),
    );
    assert!(proforma.invoice_number.as_str().starts_with("D-SBX-"));
    send(
        &sandbox,
        &DeleteProforma::new(ProformaSelector::InvoiceNumber(
            proforma.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap();
    let error = send(
        &sandbox,
        &DeleteProforma::new(ProformaSelector::InvoiceNumber(
            proforma.invoice_number.clone(),
        )),
        &demo(),
    )
    .unwrap_err();
    assert_eq!(code(&error), "335");
    let error = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::ExternalId("pro".into())),
        &demo(),
    )
    .unwrap_err();
    assert_eq!(code(&error), "7");
    send(
        &sandbox,
        &invoice(InvoiceKind::Proforma, "ORD-P2", "pro2"),
        &demo(),
    )
    .unwrap();
    send(
        &sandbox,
        &DeleteProforma::new(ProformaSelector::OrderNumber("ORD-P2".into())),
        &demo(),
    )
    .unwrap();
}

fn raw(service: &Service, field: &str, xml: &str, as_file: bool) -> RawResponse {
    let (content_type, body) = multipart(field, xml, as_file);
    let response = service.handle(&HttpRequest::post("/szamla/", &content_type, body));
    RawResponse::new(response.headers, response.body).with_status(response.status)
}

fn header_code(response: &RawResponse) -> Option<String> {
    response.header("szlahu_error_code").map(str::to_owned)
}

#[test]
fn line_amount_rules_259_to_264() {
    let service = Service::new(Config::default(), None).unwrap();
    let key = libinvoice_sandbox::DEMO_AGENT_KEY;
    let cases = [
        (raw_item("10000", "2", "27", "20000", "5400", "25400"), None),
        (raw_item("393.66", "3", "27", "1181", "319", "1500"), None),
        (
            raw_item("10000", "2", "27", "20002", "5400", "25402"),
            Some("259"),
        ),
        (
            raw_item("10000", "2", "27", "20000", "5000", "25000"),
            Some("260"),
        ),
        (
            raw_item("10000", "2", "TAM", "20000", "1", "20001"),
            Some("260"),
        ),
        (
            raw_item("10000", "2", "27", "20000", "5400", "25401"),
            Some("261"),
        ),
        (
            raw_item("10000.5", "2", "27", "20001.5", "5400", "25401.5"),
            Some("262"),
        ),
        (
            raw_item("10000", "2", "27", "20000", "-5400", "14600"),
            Some("263"),
        ),
        (
            raw_item("10000", "2", "27", "20000", "5400", "25400.5"),
            Some("264"),
        ),
        (
            raw_item("10000", "2", "TEHK", "20000", "0", "20000"),
            Some("57"),
        ),
    ];
    for (item, expected) in cases {
        let response = raw(
            &service,
            "action-xmlagentxmlfile",
            &raw_invoice(key, 2, false, "", &item),
            true,
        );
        assert_eq!(header_code(&response).as_deref(), expected, "{item}");
    }
}

#[test]
fn structure_errors_name_the_element() {
    let service = Service::new(Config::default(), None).unwrap();
    let key = libinvoice_sandbox::DEMO_AGENT_KEY;
    let good = raw_invoice(
        key,
        2,
        false,
        "",
        &raw_item("100", "1", "27", "100", "27", "127"),
    );
    let swapped = good.replace(
        "<fizmod>Átutalás</fizmod><penznem>HUF</penznem>",
        "<penznem>HUF</penznem><fizmod>Átutalás</fizmod>",
    );
    let response = raw(&service, "action-xmlagentxmlfile", &swapped, true);
    assert_eq!(header_code(&response).as_deref(), Some("57"));
    let message = response.szlahu("szlahu_error").unwrap();
    assert!(
        message.contains("'penznem'") && message.contains("fizmod"),
        "{message}"
    );

    let missing = good.replace("<szamlaNyelve>hu</szamlaNyelve>", "");
    let message = raw(&service, "action-xmlagentxmlfile", &missing, true)
        .szlahu("szlahu_error")
        .unwrap();
    assert!(message.contains("szamlaNyelve"), "{message}");

    assert_eq!(
        header_code(&raw(
            &service,
            "action-xmlagentxmlfile",
            "<xmlszamla><oops>",
            true
        ))
        .as_deref(),
        Some("57")
    );
    assert_eq!(
        header_code(&raw(&service, "action-xmlagentxmlfile", &good, false)).as_deref(),
        Some("53")
    );
    let response = service.handle(&HttpRequest::post(
        "/szamla/",
        "multipart/form-data; boundary=x",
        b"garbage".to_vec(),
    ));
    assert_eq!(response.header("szlahu_error_code"), Some("53"));
    let response = service.handle(&HttpRequest::post("/szamla/", "text/plain", Vec::new()));
    assert_eq!(response.header("szlahu_error_code"), Some("53"));
}

#[test]
fn answer_version_1_is_pdf_and_headers() {
    let service = Service::new(Config::default(), None).unwrap();
    let key = libinvoice_sandbox::DEMO_AGENT_KEY;
    let xml = raw_invoice(
        key,
        1,
        true,
        "<rendelesSzam>V1</rendelesSzam>",
        &raw_item("100", "1", "27", "100", "27", "127"),
    );
    let response = raw(&service, "action-xmlagentxmlfile", &xml, true);
    assert!(response.body().starts_with(b"%PDF-"));
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/pdf")
    );
    assert!(
        response
            .header("szlahu_szamlaszam")
            .unwrap()
            .starts_with("SBX-")
    );
    assert_eq!(response.header("szlahu_bruttovegosszeg"), Some("127"));
    assert_eq!(response.header("szlahu_kintlevoseg"), Some("127"));
    assert!(response.header("szlahu_id").is_some());
    assert!(
        response
            .session_cookie()
            .unwrap()
            .starts_with("JSESSIONID=")
    );

    let bad = raw_invoice(
        "wrong",
        1,
        true,
        "",
        &raw_item("100", "1", "27", "100", "27", "127"),
    );
    let response = raw(&service, "action-xmlagentxmlfile", &bad, true);
    assert_eq!(header_code(&response).as_deref(), Some("3"));
    assert!(
        response
            .szlahu("szlahu_error")
            .unwrap()
            .contains("Bejelentkezési hiba")
    );
}

#[test]
fn answers_match_the_vendor_sample_shapes() {
    let service = Service::new(Config::default(), None).unwrap();
    let key = libinvoice_sandbox::DEMO_AGENT_KEY;
    let xml = raw_invoice(
        key,
        2,
        false,
        "",
        &raw_item("100", "1", "27", "100", "27", "127"),
    );
    let body = String::from_utf8(
        raw(&service, "action-xmlagentxmlfile", &xml, true)
            .body()
            .to_vec(),
    )
    .unwrap();
    assert!(
        body.contains("<xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\""),
        "{body}"
    );
    for element in [
        "<sikeres>true</sikeres>",
        "<szamlaszam>",
        "<szamlanetto>100</szamlanetto>",
        "<szamlabrutto>127</szamlabrutto>",
        "<kintlevoseg>127</kintlevoseg>",
    ] {
        assert!(body.contains(element), "{element} in {body}");
    }
    let query = format!(
        r#"<xmlszamlaxml xmlns="http://www.szamlazz.hu/xmlszamlaxml"><szamlaagentkulcs>{key}</szamlaagentkulcs><szamlaszam>SBX-{}-1</szamlaszam></xmlszamlaxml>"#,
        today().year()
    );
    let body = String::from_utf8(
        raw(&service, "action-szamla_agent_xml", &query, true)
            .body()
            .to_vec(),
    )
    .unwrap();
    for element in [
        "<szamla xmlns=\"http://www.szamlazz.hu/szamla\"",
        "<szallito>",
        "<alap>",
        "<tipus>SZ</tipus>",
        "<vevo>",
        "<tetelek>",
        "<osszegek>",
        "<afakulcsossz>",
        "<totalossz>",
    ] {
        assert!(body.contains(element), "{element} in {body}");
    }
}
