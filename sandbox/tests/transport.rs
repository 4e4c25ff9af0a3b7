//! Faults, keep-alive, persistence and the PDF, over real sockets.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use libinvoice_sandbox::{Config, Delivery, HttpRequest, Service};
use szamlazz_agent::ResponseError;
use szamlazz_agent::ops::invoice::{CreationOutcome, InvoiceKind};
use szamlazz_agent::ops::query_xml::QueryInvoiceXml;
use szamlazz_agent::types::InvoiceSelector;
use szamlazz_agent::wire::AgentRequest;

fn add_fault(sandbox: &libinvoice_sandbox::Sandbox, rule: &str) {
    let response = post(
        &format!("{}/control/faults", sandbox.base_url()),
        "application/json",
        rule.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        response.status(),
        Some(200),
        "{}",
        String::from_utf8_lossy(response.body())
    );
}

#[test]
fn lost_answer_leaves_the_invoice_queryable_by_external_id() {
    let sandbox = start();
    add_fault(
        &sandbox,
        r#"{"kind": "close_after_commit", "operation": "xmlszamla", "count": 1}"#,
    );
    let request = invoice(InvoiceKind::invoice(), "ORD-LOST", "shop:ORD-LOST:invoice");
    let wire = request.to_wire(&demo()).unwrap();
    assert!(
        post(&sandbox.url(), &wire.content_type, &wire.body).is_err(),
        "the answer is lost"
    );

    let found = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::ExternalId("shop:ORD-LOST:invoice".into())),
        &demo(),
    )
    .unwrap();
    assert_eq!(found.info.order_number.as_deref(), Some("ORD-LOST"));
    // The rule was spent: the next create is answered.
    assert!(matches!(
        send(&sandbox, &request, &demo()).unwrap(),
        CreationOutcome::Issued(_)
    ));
}

#[test]
fn lost_answer_in_process_via_dispatch() {
    let service = Service::new(Config::default(), None).unwrap();
    service.add_faults(
        libinvoice_sandbox::faults::parse_rules(br#"{"kind":"close_after_commit"}"#).unwrap(),
    );
    let wire = invoice(InvoiceKind::invoice(), "ORD-X", "ext-x")
        .to_wire(&demo())
        .unwrap();
    let exchange = service.dispatch(&HttpRequest::post(
        "/szamla/",
        &wire.content_type,
        wire.body,
    ));
    assert!(matches!(exchange.delivery, Delivery::Close));
    let invoices = &service.snapshot().ledgers[libinvoice_sandbox::DEMO_AGENT_KEY].invoices;
    assert_eq!(invoices[0].external_id.as_deref(), Some("ext-x"));
}

#[test]
fn service_faults_reach_the_client_as_errors() {
    let sandbox = start();
    let request = invoice(InvoiceKind::invoice(), "ORD-F", "ext-f");
    add_fault(
        &sandbox,
        r#"[{"kind":"maintenance","count":1},{"kind":"http_status","status":502,"count":1},{"kind":"html_page","count":1},{"kind":"truncated_xml","count":1},{"kind":"close_before_answer","count":1}]"#,
    );
    assert!(matches!(
        send(&sandbox, &request, &demo()),
        Err(ResponseError::ServiceUnavailable(_))
    ));
    assert!(matches!(
        send(&sandbox, &request, &demo()),
        Err(ResponseError::HttpStatus { status: 502, .. })
    ));
    assert!(matches!(
        send(&sandbox, &request, &demo()),
        Err(ResponseError::Parse(_))
    ));
    assert!(matches!(
        send(&sandbox, &request, &demo()),
        Err(ResponseError::Parse(_))
    ));
    let wire = request.to_wire(&demo()).unwrap();
    assert!(post(&sandbox.url(), &wire.content_type, &wire.body).is_err());
    // The truncated answer's invoice was stored; the others were not processed.
    let state = sandbox.service().snapshot();
    assert_eq!(
        state.ledgers[libinvoice_sandbox::DEMO_AGENT_KEY]
            .invoices
            .len(),
        1
    );

    add_fault(
        &sandbox,
        r#"{"kind":"delay","ms":300,"agent_key":"sandbox-demo-agent-key","count":1}"#,
    );
    let started = Instant::now();
    send(&sandbox, &request, &demo()).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

fn read_response(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let sandbox = start();
    let wire = QueryInvoiceXml::new(InvoiceSelector::ExternalId("none".into()))
        .to_wire(&demo())
        .unwrap();
    let mut stream = TcpStream::connect(sandbox.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    for _ in 0..2 {
        let head = format!(
            "POST /szamla/ HTTP/1.1\r\nHost: sandbox\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            wire.content_type,
            wire.body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&wire.body).unwrap();
        let response = read_response(&mut stream);
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.contains("Connection: keep-alive"), "{response}");
    }
}

#[test]
fn state_file_survives_a_restart() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("state.json");
    let sandbox = start_with(Service::new(Config::default(), Some(path.clone())).unwrap());
    send(
        &sandbox,
        &invoice(InvoiceKind::invoice(), "ORD-P", "ext-persist"),
        &demo(),
    )
    .unwrap();
    sandbox.stop();

    let sandbox = start_with(Service::new(Config::default(), Some(path)).unwrap());
    let found = send(
        &sandbox,
        &QueryInvoiceXml::new(InvoiceSelector::ExternalId("ext-persist".into())),
        &demo(),
    )
    .unwrap();
    assert_eq!(found.info.order_number.as_deref(), Some("ORD-P"));
    // Numbering continues after the restart.
    let CreationOutcome::Issued(next) = send(
        &sandbox,
        &invoice(InvoiceKind::invoice(), "ORD-Q", "q"),
        &demo(),
    )
    .unwrap() else {
        panic!("not issued");
    };
    assert!(
        next.invoice_number.as_str().ends_with("-2"),
        "{}",
        next.invoice_number.as_str()
    );
}

/// Needs `pdftotext` (Debian package poppler-utils): fails, not skips, without it.
#[test]
fn pdf_shows_number_parties_lines_and_totals_with_accents() {
    let sandbox = start();
    let CreationOutcome::Issued(created) = send(
        &sandbox,
        &invoice(InvoiceKind::invoice(), "ORD-PDF", "pdf"),
        &demo(),
    )
    .unwrap() else {
        panic!("not issued");
    };
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("invoice.pdf");
    created.pdf.unwrap().save_to(&path).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is required (apt-get install poppler-utils)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        created.invoice_number.as_str(),
        "Sandbox Demó Kft.",
        "Őrült Űrhajós Kft.",
        "Árvíztűrő tükörfúrógép",
        "Szállítás",
        "Bruttó összesen: 27305 HUF",
        "őűŐŰáé",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}
