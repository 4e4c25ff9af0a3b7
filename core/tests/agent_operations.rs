//! Every Számla Agent operation through `AgentClient`, on the happy path and with its main
//! refusal, against the sandbox — once over HTTP and once in-process through an `Exchange`
//! that hands requests straight to the sandbox's service.
#![allow(clippy::unwrap_used, clippy::too_many_lines)]

mod common;

use std::sync::Arc;

use jiff::Timestamp;
use libinvoice_core::agent::{
    CreateReceipt, Credentials, DeleteProforma, EmailText, ErrorCode, GetReceipt, InvoiceSelector,
    PaymentEntry, QueryTaxpayer, RegisterPayment, ResponseVersion, ReverseReceipt, SendReceipt,
};
use libinvoice_core::backend::agent::{AgentClient, AgentError};
use libinvoice_core::backend::{Outcome, issue};
use libinvoice_core::document::{DocumentKind, InvoiceDocument};
use libinvoice_core::issuance::AttemptRecord;
use libinvoice_core::mapping::today;
use libinvoice_core::transport::{Exchange, HttpAnswer, Method, TransportConfig, TransportError};
use libinvoice_sandbox::{
    Config, DEMO_AGENT_KEY, HttpRequest, STRICT_AGENT_KEY, Sandbox, ServerOptions, Service,
};
use rust_decimal_macros::dec;

/// Hands each request to the sandbox's service without a socket.
struct InProcess(Arc<Service>);

impl Exchange for InProcess {
    fn request(
        &self,
        _method: Method,
        _path: &str,
        _headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> Result<HttpAnswer, TransportError> {
        let (content_type, body) = body.unwrap_or_default();
        let answer = self
            .0
            .handle(&HttpRequest::post("/szamla/", content_type, body.to_vec()));
        Ok(HttpAnswer {
            status: answer.status,
            headers: answer
                .headers
                .into_iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), value))
                .collect(),
            body: answer.body,
        })
    }
}

fn document(kind: DocumentKind) -> InvoiceDocument<'static> {
    InvoiceDocument {
        kind,
        ..common::example_document()
    }
}

fn issue_once(client: &AgentClient, document: &InvoiceDocument, external_id: &str) -> Outcome {
    let mut record = AttemptRecord::new(external_id.to_owned(), "1842".to_owned());
    issue(
        &client.create(document),
        &mut record,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap()
}

fn number(outcome: Outcome) -> String {
    match outcome {
        Outcome::Issued(document) => document.number,
        other => panic!("expected an issued document, got {other:?}"),
    }
}

fn refused_code(outcome: &Outcome) -> Option<u32> {
    match outcome {
        Outcome::Rejected { code, .. } => *code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn refusal(result: Result<impl std::fmt::Debug, AgentError>) -> Option<ErrorCode> {
    match result {
        Err(AgentError::Refused { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn every_operation(client: &AgentClient, strict: &AgentClient) {
    // Invoice, e-invoice (and an account without e-invoicing: 54).
    let invoice = number(issue_once(
        client,
        &document(DocumentKind::Invoice),
        "ops-1",
    ));
    let mut e_invoice = document(DocumentKind::Invoice);
    e_invoice.e_invoice = true;
    number(issue_once(client, &e_invoice, "ops-2"));
    assert_eq!(
        refused_code(&issue_once(strict, &e_invoice, "ops-3")),
        Some(54)
    );

    // Proforma, and its deletion (335 once it is gone).
    let proforma = number(issue_once(
        client,
        &document(DocumentKind::Proforma),
        "ops-4",
    ));
    client
        .delete_proforma(&DeleteProforma::ByNumber(proforma.clone()))
        .unwrap();
    assert_eq!(
        refusal(client.delete_proforma(&DeleteProforma::ByNumber(proforma))),
        Some(ErrorCode::from_code(335))
    );

    // Deposit and final (73 without the deposit); delivery note.
    let deposit = number(issue_once(
        client,
        &document(DocumentKind::Deposit),
        "ops-5",
    ));
    let final_invoice = DocumentKind::Final {
        deposit_number: deposit,
    };
    number(issue_once(client, &document(final_invoice), "ops-6"));
    let orphan = DocumentKind::Final {
        deposit_number: "SBX-1999-1".to_owned(),
    };
    assert_eq!(
        refused_code(&issue_once(client, &document(orphan), "ops-7")),
        Some(73)
    );
    number(issue_once(
        client,
        &document(DocumentKind::DeliveryNote),
        "ops-8",
    ));

    // Corrective (7 when the original does not exist).
    let corrective = DocumentKind::Corrective {
        original_number: invoice.clone(),
    };
    number(issue_once(client, &document(corrective), "ops-9"));
    let missing = DocumentKind::Corrective {
        original_number: "SBX-1999-2".to_owned(),
    };
    assert_eq!(
        refused_code(&issue_once(client, &document(missing), "ops-10")),
        Some(7)
    );

    // Credit entry: the outstanding amount drops to zero.
    let gross = document(DocumentKind::Invoice).totals().gross;
    let paid = client
        .register_payment(&RegisterPayment {
            invoice_number: invoice.clone(),
            additive: true,
            entries: vec![PaymentEntry {
                date: today(),
                title: "átutalás".to_owned(),
                amount: gross,
                description: None,
            }],
            response_version: ResponseVersion::Xml,
        })
        .unwrap();
    assert_eq!(paid.outstanding, Some(dec!(0)));

    // PDF and data queries (7 for an unknown number).
    let pdf = client
        .invoice_pdf(InvoiceSelector::Number(invoice.clone()))
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        refusal(client.invoice_pdf(InvoiceSelector::Number("SBX-1999-3".to_owned()))),
        Some(ErrorCode::MissingData)
    );
    let record = client
        .invoice_data(InvoiceSelector::ExternalId("ops-1".to_owned()), false)
        .unwrap();
    assert_eq!(record.number, invoice);
    assert_eq!(record.gross_total, Some(gross));

    // Storno of a fresh invoice, then a storno of the storno (14); an invoice that has a
    // corrective cannot be reversed (221).
    let second = number(issue_once(
        client,
        &document(DocumentKind::Invoice),
        "ops-11",
    ));
    let mut storno_record = AttemptRecord::new("ops-12".to_owned(), "1842".to_owned());
    let storno = number(
        issue(
            &client.reverse(&second, false),
            &mut storno_record,
            &mut |_| Ok(()),
            Timestamp::now(),
        )
        .unwrap(),
    );
    for (target, id, code) in [(storno, "ops-13", 14), (invoice, "ops-14", 221)] {
        let mut record = AttemptRecord::new(id.to_owned(), "1842".to_owned());
        let outcome = issue(
            &client.reverse(&target, false),
            &mut record,
            &mut |_| Ok(()),
            Timestamp::now(),
        )
        .unwrap();
        assert_eq!(refused_code(&outcome), Some(code));
    }

    // Receipts: create (338 for a reused call id), get, e-mail, reverse; 339 when unknown.
    let receipt = CreateReceipt {
        call_id: Some("ops-receipt-1".to_owned()),
        ..common::coffee_receipt()
    };
    let created = client.create_receipt(&receipt).unwrap();
    let receipt_number = created.receipt.unwrap().number;
    assert_eq!(
        refusal(client.create_receipt(&receipt)),
        Some(ErrorCode::from_code(338))
    );
    let fetched = client
        .get_receipt(&GetReceipt {
            receipt_number: receipt_number.clone(),
            download_pdf: false,
        })
        .unwrap();
    assert_eq!(fetched.receipt.unwrap().number, receipt_number);
    client
        .send_receipt(&SendReceipt {
            receipt_number: receipt_number.clone(),
            recipients: vec!["vevo@example.hu".to_owned()],
            email: EmailText::default(),
        })
        .unwrap();
    let reversed = client
        .reverse_receipt(&ReverseReceipt {
            receipt_number,
            download_pdf: false,
        })
        .unwrap();
    assert!(reversed.receipt.is_some());
    assert_eq!(
        refusal(client.get_receipt(&GetReceipt {
            receipt_number: "NYGTA-1999-9".to_owned(),
            download_pdf: false,
        })),
        Some(ErrorCode::from_code(339))
    );

    // Taxpayer lookup: a registered company, and an unknown one.
    let known = client
        .query_taxpayer(&QueryTaxpayer {
            tax_number_base: "13421739".to_owned(),
        })
        .unwrap();
    assert_eq!(known.valid, Some(true));
    assert!(known.name.unwrap().starts_with("KBOSS.HU"));
    let unknown = client
        .query_taxpayer(&QueryTaxpayer {
            tax_number_base: "99999999".to_owned(),
        })
        .unwrap();
    assert_ne!(unknown.valid, Some(true));
}

#[test]
fn every_operation_over_http() {
    let sandbox = Sandbox::start(
        Service::new(Config::default(), None).unwrap(),
        &ServerOptions::default(),
    )
    .unwrap();
    let client = |key: &str| {
        AgentClient::new(
            TransportConfig::new(sandbox.url()),
            Credentials::agent_key(key),
        )
        .unwrap()
    };
    every_operation(&client(DEMO_AGENT_KEY), &client(STRICT_AGENT_KEY));
    let wrong_key = client("not-a-key").invoice_pdf(InvoiceSelector::Number("SBX-1".to_owned()));
    assert_eq!(refusal(wrong_key), Some(ErrorCode::from_code(3)));
    sandbox.stop();
}

#[test]
fn every_operation_in_process() {
    let service = Arc::new(Service::new(Config::default(), None).unwrap());
    let client = |key: &str| {
        AgentClient::with_exchange(
            Box::new(InProcess(Arc::clone(&service))),
            Credentials::agent_key(key),
        )
    };
    every_operation(&client(DEMO_AGENT_KEY), &client(STRICT_AGENT_KEY));
    let wrong_key = client("not-a-key").invoice_pdf(InvoiceSelector::Number("SBX-1".to_owned()));
    assert_eq!(refusal(wrong_key), Some(ErrorCode::from_code(3)));
}
