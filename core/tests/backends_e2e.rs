//! PayBill and Számlahegy against the sandbox over HTTP: every PayBill result code reached and
//! mapped, Számlahegy's refusals, exactly once under a lost answer through each backend, and
//! operations a backend cannot do refused with the name of the one that can.
#![allow(clippy::unwrap_used)]

mod common;

use common::{attempt_record as record, example_document as document};

use jiff::Timestamp;
use libinvoice_core::agent::{Credentials, Secret};
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::paybill::{
    PayBillClient, ResultCode, StoreLogin, TransactionId, parse_answer,
};
use libinvoice_core::backend::szamlahegy::SzamlahegyClient;
use libinvoice_core::backend::{
    BackendError, InvoicingBackend, OnceOperation, Outcome, Reversal, issue,
};
use libinvoice_core::document::{DocumentKind, InvoiceDocument};
use libinvoice_core::issuance::{AttemptRecord, Purpose, external_id};
use libinvoice_core::transport::{HttpTransport, TransportConfig};
use libinvoice_sandbox::paybill::{TEST_STORE, TEST_STORE_KEY};
use libinvoice_sandbox::szamlahegy::{DEMO_API_KEY, REMOTE_ONLY_API_KEY};
use libinvoice_sandbox::{
    Config, DEMO_AGENT_KEY, Fault, FaultRule, Sandbox, ServerOptions, Service,
};

fn sandbox() -> Sandbox {
    Sandbox::start(
        Service::new(Config::default(), None).unwrap(),
        &ServerOptions::default(),
    )
    .unwrap()
}

fn paybill(sandbox: &Sandbox, store: &str, key: &str) -> PayBillClient {
    let agent = AgentClient::new(
        TransportConfig::new(sandbox.url()),
        Credentials::agent_key(DEMO_AGENT_KEY),
    )
    .unwrap();
    PayBillClient::new(
        TransportConfig::new(format!("{}/api/payment/", sandbox.base_url())),
        StoreLogin {
            store_name: store.to_owned(),
            api_key: Secret::new(key),
        },
        "e2e-shop.example",
        agent,
    )
    .unwrap()
}

fn szamlahegy(sandbox: &Sandbox, key: &str, test_mode: bool) -> SzamlahegyClient {
    SzamlahegyClient::new(
        TransportConfig::new(sandbox.base_url()),
        Secret::new(key),
        test_mode,
    )
    .unwrap()
}

fn transaction(sandbox: &Sandbox, store: &str, currency: &str, successful: bool) -> TransactionId {
    TransactionId::new(
        &sandbox
            .service()
            .create_paybill_transaction(store, currency, successful),
    )
    .unwrap()
}

/// One step of the protocol for `operation`, the host storing every record.
fn step(operation: &dyn OnceOperation, record: &mut AttemptRecord) -> Outcome {
    issue(operation, record, &mut |_| Ok(()), Timestamp::now()).unwrap()
}

fn issue_once(
    backend: &dyn InvoicingBackend,
    document: &InvoiceDocument,
    record: &mut AttemptRecord,
) -> Outcome {
    step(backend.issue_document(document).unwrap().as_ref(), record)
}

fn reversal<'a>(number: &'a str, original: Option<&'a InvoiceDocument>) -> Reversal<'a> {
    Reversal {
        original_number: number,
        e_invoice: false,
        original,
    }
}

/// A fresh attempt record for reversing `original`'s invoice.
fn storno_record(original: &InvoiceDocument) -> AttemptRecord {
    let order_number = original.header.order_number.clone().unwrap().into_owned();
    AttemptRecord::new(
        external_id("e2e-shop", &order_number, Purpose::Storno, 0),
        order_number,
    )
}

fn reverse_once(
    backend: &dyn InvoicingBackend,
    reversal: Reversal<'_>,
    record: &mut AttemptRecord,
) -> Outcome {
    step(backend.reverse_invoice(reversal).unwrap().as_ref(), record)
}

fn number_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Issued(document) => document.number.clone(),
        other => panic!("expected an issued invoice, got {other:?}"),
    }
}

fn agent_invoices(sandbox: &Sandbox) -> usize {
    sandbox
        .service()
        .snapshot()
        .ledgers
        .values()
        .map(|ledger| ledger.invoices.len())
        .sum()
}

fn lost_answer(operation: &str) -> FaultRule {
    FaultRule {
        fault: Fault::CloseAfterCommit,
        operation: Some(operation.to_owned()),
        agent_key: None,
        count: Some(1),
    }
}

#[test]
fn paybill_issues_the_invoice_with_its_pdf_through_the_merchants_agent() {
    let sandbox = sandbox();
    let client = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let transaction = transaction(&sandbox, TEST_STORE, "HUF", true);
    let document = document();
    let outcome = issue_once(
        &client.for_transaction(&transaction),
        &document,
        &mut record(&document),
    );
    let Outcome::Issued(issued) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        issued.pdf.as_deref().unwrap().starts_with(b"%PDF"),
        "the one-time PDF is handed over"
    );
    assert_eq!(issued.gross_total, Some(document.totals().gross));
    assert_eq!(
        sandbox
            .service()
            .paybill_transaction(transaction.as_str())
            .unwrap()
            .invoice,
        Some(issued.number.clone())
    );
    assert_eq!(agent_invoices(&sandbox), 1);
}

/// Sends once with a fresh record and returns the refusal message.
fn refusal(backend: &dyn InvoicingBackend, document: &InvoiceDocument) -> Outcome {
    issue_once(backend, document, &mut record(document))
}

fn assert_rejected_with(outcome: &Outcome, code: &str) {
    match outcome {
        Outcome::Rejected { message, .. } => assert!(message.contains(code), "{code}: {message}"),
        other => panic!("{code}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn every_paybill_result_code_is_reached_and_mapped() {
    let sandbox = sandbox();
    let document = document();
    let good = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let stranger = TransactionId::new("0123456789abcdef0123456789abcdef").unwrap();

    let cases: Vec<(&str, PayBillClient, TransactionId)> = vec![
        (
            "UnknownStore",
            paybill(&sandbox, "nope", "x"),
            stranger.clone(),
        ),
        (
            "WrongApikey",
            paybill(&sandbox, TEST_STORE, "wrong"),
            stranger.clone(),
        ),
        (
            "InactiveStore",
            paybill(&sandbox, "sandbox-inactive", "sandbox-inactive-key"),
            stranger.clone(),
        ),
        (
            "MissingRemoteAddress",
            paybill(&sandbox, "sandbox-no-address", "sandbox-no-address-key"),
            stranger.clone(),
        ),
        (
            "UnauthorizedRemoteAddress",
            paybill(&sandbox, "sandbox-remote-only", "sandbox-remote-only-key"),
            stranger.clone(),
        ),
        (
            "UnauthorizedAccess",
            paybill(&sandbox, "sandbox-no-paybill", "sandbox-no-paybill-key"),
            stranger.clone(),
        ),
        (
            "UnknownTransaction",
            paybill(&sandbox, TEST_STORE, TEST_STORE_KEY),
            stranger,
        ),
        (
            "WrongTransactionStatus",
            paybill(&sandbox, TEST_STORE, TEST_STORE_KEY),
            transaction(&sandbox, TEST_STORE, "HUF", false),
        ),
        (
            "CurrencyError",
            paybill(&sandbox, TEST_STORE, TEST_STORE_KEY),
            transaction(&sandbox, TEST_STORE, "EUR", true),
        ),
    ];
    for (code, client, transaction) in &cases {
        assert_rejected_with(
            &refusal(&client.for_transaction(transaction), &document),
            code,
        );
    }

    // A Számla Agent code relayed by the gateway keeps its number.
    let mut unregistered = document.clone();
    unregistered.header.number_prefix = Some("NOPE".into());
    let relayed = refusal(
        &good.for_transaction(&transaction(&sandbox, TEST_STORE, "HUF", true)),
        &unregistered,
    );
    assert!(
        matches!(
            relayed,
            Outcome::Rejected {
                code: Some(202),
                ..
            }
        ),
        "{relayed:?}"
    );
}

/// MissingParameter and WrongParameter need a malformed call, which the client never makes.
#[test]
fn malformed_paybill_calls_are_refused_with_their_codes() {
    let sandbox = sandbox();
    let raw = HttpTransport::new(TransportConfig::new(sandbox.base_url())).unwrap();
    let auth = format!(
        "Basic {}",
        base64_encode(&format!("{TEST_STORE}:{TEST_STORE_KEY}"))
    );
    for (body, code) in [
        ("method=Invoice", ResultCode::MissingParameter),
        ("method=Refund&json=%7B%7D", ResultCode::WrongParameter),
    ] {
        let answer = raw
            .post_to(
                &format!("{}/api/payment/", sandbox.base_url()),
                "application/x-www-form-urlencoded",
                &[("Authorization", &auth)],
                body.as_bytes(),
            )
            .unwrap();
        assert_eq!(parse_answer(&answer.body).unwrap().result, code);
    }
}

#[test]
fn an_already_invoiced_transaction_is_adopted_if_ours_and_refused_if_not() {
    let sandbox = sandbox();
    let document = document();
    let good = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let paid = transaction(&sandbox, TEST_STORE, "HUF", true);
    let first = number_of(&issue_once(
        &good.for_transaction(&paid),
        &document,
        &mut record(&document),
    ));
    let mut fresh = record(&document);
    let again = issue_once(&good.for_transaction(&paid), &document, &mut fresh);
    assert!(
        matches!(&again, Outcome::Unknown { reason } if reason.contains("AlreadyInvoicedTransaction")),
        "{again:?}"
    );
    assert_eq!(
        number_of(&issue_once(
            &good.for_transaction(&paid),
            &document,
            &mut fresh
        )),
        first
    );
    // Someone else's invoice on the transaction is a refusal for a human.
    let mut other_order = document.clone();
    other_order.header.order_number = Some("other".into());
    let mut foreign = AttemptRecord::new("li-elsewhere-1".to_owned(), "other".to_owned());
    let foreign_outcome = issue_once(&good.for_transaction(&paid), &other_order, &mut foreign);
    assert_rejected_with(&foreign_outcome, "AlreadyInvoicedTransaction");
}

fn base64_encode(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn paybill_lost_answer_yields_one_invoice_that_both_clients_report() {
    let sandbox = sandbox();
    sandbox
        .service()
        .add_faults([lost_answer("paybill_invoice")]);
    let paid = transaction(&sandbox, TEST_STORE, "HUF", true);
    let document = document();
    let mut stored = record(&document);
    let first_client = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let first = issue_once(&first_client.for_transaction(&paid), &document, &mut stored);
    assert!(matches!(first, Outcome::Unknown { .. }), "{first:?}");
    let mut first_copy = stored.clone();

    let second_client = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let second = number_of(&issue_once(
        &second_client.for_transaction(&paid),
        &document,
        &mut stored,
    ));
    let retried = number_of(&issue_once(
        &first_client.for_transaction(&paid),
        &document,
        &mut first_copy,
    ));
    assert_eq!(second, retried);
    assert_eq!(stored.sends, 1);
    assert_eq!(agent_invoices(&sandbox), 1);
}

#[test]
fn szamlahegy_issues_test_invoices_with_pdfs_and_refuses_strangers() {
    let sandbox = sandbox();
    let document = document();
    let client = szamlahegy(&sandbox, DEMO_API_KEY, true);
    let outcome = issue_once(&client, &document, &mut record(&document));
    let Outcome::Issued(issued) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(issued.number.starts_with("TESZT-"), "{}", issued.number);
    assert!(issued.pdf.as_deref().unwrap().starts_with(b"%PDF"));
    assert_eq!(issued.gross_total, Some(document.totals().gross));

    assert_rejected_with(
        &refusal(&szamlahegy(&sandbox, "wrong", false), &document),
        "401",
    );
    assert_rejected_with(
        &refusal(&szamlahegy(&sandbox, REMOTE_ONLY_API_KEY, false), &document),
        "is not allowed",
    );
    assert_eq!(sandbox.service().szamlahegy_invoices(DEMO_API_KEY).len(), 1);
}

#[test]
fn szamlahegy_lost_answer_and_duplicate_foreign_id_yield_one_invoice() {
    let sandbox = sandbox();
    sandbox
        .service()
        .add_faults([lost_answer("szamlahegy_create")]);
    let document = document();
    let mut stored = record(&document);
    let first_client = szamlahegy(&sandbox, DEMO_API_KEY, false);
    let first = issue_once(&first_client, &document, &mut stored);
    assert!(matches!(first, Outcome::Unknown { .. }), "{first:?}");
    let mut first_copy = stored.clone();
    let second_client = szamlahegy(&sandbox, DEMO_API_KEY, false);
    let second = number_of(&issue_once(&second_client, &document, &mut stored));
    let retried = number_of(&issue_once(&first_client, &document, &mut first_copy));
    assert_eq!(second, retried);

    // A worker without the record sends again: the duplicate foreign_id leads to adoption.
    let mut fresh = record(&document);
    let duplicate = issue_once(&second_client, &document, &mut fresh);
    assert!(
        matches!(duplicate, Outcome::Unknown { .. }),
        "{duplicate:?}"
    );
    assert_eq!(
        number_of(&issue_once(&second_client, &document, &mut fresh)),
        second
    );
    assert_eq!(sandbox.service().szamlahegy_invoices(DEMO_API_KEY).len(), 1);
}

/// The invoice numbered `number` among `invoices` (as the sandbox's answers describe them).
fn szamlahegy_invoice<'a>(
    invoices: &'a [serde_json::Value],
    number: &str,
) -> &'a serde_json::Value {
    invoices
        .iter()
        .find(|invoice| invoice["invoice_number"] == number)
        .unwrap()
}

#[test]
fn szamlahegy_reverses_an_invoice_with_a_storno_invoice_cancelling_it() {
    let sandbox = sandbox();
    let document = document();
    let client = szamlahegy(&sandbox, DEMO_API_KEY, false);
    let original = number_of(&issue_once(&client, &document, &mut record(&document)));
    let mut stored = storno_record(&document);
    let outcome = reverse_once(&client, reversal(&original, Some(&document)), &mut stored);
    let Outcome::Issued(storno) = &outcome else {
        panic!("{outcome:?}")
    };
    let totals = document.totals();
    assert_eq!(storno.net_total, Some(-totals.net));
    assert_eq!(storno.gross_total, Some(-totals.gross));
    assert!(storno.pdf.as_deref().unwrap().starts_with(b"%PDF"));
    let year = jiff::Zoned::now().year();
    assert_eq!(
        (original.as_str(), storno.number.as_str()),
        (
            format!("SHG-{year}-1").as_str(),
            format!("SHG-{year}-2").as_str()
        ),
        "one series for invoices and stornos"
    );
    let invoices = sandbox.service().szamlahegy_invoices(DEMO_API_KEY);
    let issued = szamlahegy_invoice(&invoices, &storno.number);
    assert_eq!(issued["kind"], "S");
    assert_eq!(issued["foreign_id"], stored.external_id.as_str());

    // The stored record again: done, nothing sent.
    let again = reverse_once(&client, reversal(&original, Some(&document)), &mut stored);
    assert_eq!(number_of(&again), storno.number);
    assert_eq!(stored.sends, 1);
    assert_eq!(sandbox.service().szamlahegy_invoices(DEMO_API_KEY).len(), 2);
}

#[test]
fn szamlahegy_storno_lost_answer_yields_one_storno() {
    let sandbox = sandbox();
    let document = document();
    let client = szamlahegy(&sandbox, DEMO_API_KEY, false);
    let original = number_of(&issue_once(&client, &document, &mut record(&document)));
    sandbox
        .service()
        .add_faults([lost_answer("szamlahegy_create")]);
    let mut stored = storno_record(&document);
    let first = reverse_once(&client, reversal(&original, Some(&document)), &mut stored);
    assert!(matches!(first, Outcome::Unknown { .. }), "{first:?}");
    let adopted = number_of(&reverse_once(
        &client,
        reversal(&original, Some(&document)),
        &mut stored,
    ));
    assert_eq!(stored.sends, 1, "adopted by query, not sent again");

    // A worker without the record sends again: the duplicate foreign_id leads to adoption.
    let mut fresh = storno_record(&document);
    let duplicate = reverse_once(&client, reversal(&original, Some(&document)), &mut fresh);
    assert!(
        matches!(duplicate, Outcome::Unknown { .. }),
        "{duplicate:?}"
    );
    assert_eq!(
        number_of(&reverse_once(
            &client,
            reversal(&original, Some(&document)),
            &mut fresh
        )),
        adopted
    );
    let invoices = sandbox.service().szamlahegy_invoices(DEMO_API_KEY);
    assert_eq!(invoices.len(), 2);
    assert_eq!(szamlahegy_invoice(&invoices, &adopted)["kind"], "S");
}

#[test]
fn szamlahegy_reverses_a_test_invoice_with_a_test_document() {
    let sandbox = sandbox();
    let document = document();
    let client = szamlahegy(&sandbox, DEMO_API_KEY, true);
    let original = number_of(&issue_once(&client, &document, &mut record(&document)));
    let storno = number_of(&reverse_once(
        &client,
        reversal(&original, Some(&document)),
        &mut storno_record(&document),
    ));
    assert_eq!((original.as_str(), storno.as_str()), ("TESZT-1", "TESZT-2"));
    let invoices = sandbox.service().szamlahegy_invoices(DEMO_API_KEY);
    assert_eq!(
        szamlahegy_invoice(&invoices, &storno)["gross_total"],
        format!("-{}", document.totals().gross.normalize())
    );
}

#[test]
fn the_szamlahegy_storno_request_cancels_the_originals_rows_exactly() {
    use libinvoice_core::backend::szamlahegy::{invoice_request, storno, storno_request};
    let mut original = document();
    // A fractional quantity too: the sign is all that changes.
    original.lines[0].quantity = rust_decimal::Decimal::new(15, 1);
    let key = Secret::new("shg-key-SECRET");
    let body = |bytes: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
    let invoice = body(invoice_request(&original, &key, "li-e2e-shop-1-invoice-0", false).unwrap());
    let mut wanted = reversal("SHG-2026-7", Some(&original));
    wanted.e_invoice = true;
    let request = body(storno_request(wanted, &key, "li-e2e-shop-1-storno-0", false).unwrap());
    assert_eq!(request["api_key"], "shg-key-SECRET");
    let (invoice, request) = (&invoice["invoice"], &request["invoice"]);
    assert_eq!(request["kind"], "S");
    assert_eq!(request["foreign_id"], "li-e2e-shop-1-storno-0");
    assert_eq!(request["signed"], true);
    assert_eq!(request["header"], "A(z) SHG-2026-7 számú számla sztornója");
    assert!(request.get("paid_at").is_none(), "{request}");
    for field in [
        "customer_name",
        "customer_city",
        "customer_address",
        "customer_zip",
        "customer_country",
        "customer_email",
        "payment_method",
        "payment_date",
        "perform_date",
        "language",
        "currency",
    ] {
        assert_eq!(request[field], invoice[field], "{field}");
    }
    let (rows, storno_rows) = (
        invoice["invoice_rows_attributes"].as_array().unwrap(),
        request["invoice_rows_attributes"].as_array().unwrap(),
    );
    assert_eq!(rows.len(), storno_rows.len());
    for (row, storno_row) in rows.iter().zip(storno_rows) {
        let mut cancelled = row.clone();
        cancelled["quantity"] = format!("-{}", row["quantity"].as_str().unwrap()).into();
        assert_eq!(storno_row, &cancelled);
    }
    assert_eq!(storno_rows[0]["quantity"], "-1.5");

    // The storno document itself: every amount negated, every line still adds up.
    let cancelling = storno(wanted).unwrap();
    for (line, negated) in original.lines.iter().zip(&cancelling.lines) {
        assert_eq!(
            (negated.quantity, negated.net, negated.vat, negated.gross),
            (-line.quantity, -line.net, -line.vat, -line.gross)
        );
        assert_eq!(negated.unit_net_price, line.unit_net_price);
        assert_eq!(negated.net + negated.vat, negated.gross);
    }
    assert_eq!(cancelling.totals().gross, -original.totals().gross);

    let mut english = original.clone();
    english.header.language = libinvoice_core::document::Language::En;
    let test_mode = body(
        storno_request(
            reversal("SHG-2026-7", Some(&english)),
            &key,
            "li-e2e-shop-1-storno-0",
            true,
        )
        .unwrap(),
    );
    assert_eq!(
        test_mode["invoice"]["kind"], "T",
        "a test invoice's storno is a test document"
    );
    assert_eq!(
        test_mode["invoice"]["header"],
        "Cancellation (storno) of invoice SHG-2026-7"
    );
}

#[test]
fn what_a_backend_cannot_do_is_refused_naming_the_agent() {
    let sandbox = sandbox();
    let paybill = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let paid = transaction(&sandbox, TEST_STORE, "HUF", true);
    let through_paybill = paybill.for_transaction(&paid);
    let szamlahegy = szamlahegy(&sandbox, DEMO_API_KEY, false);
    let backends: [&dyn InvoicingBackend; 2] = [&through_paybill, &szamlahegy];
    let mut deposit = document();
    deposit.kind = DocumentKind::Deposit;
    let mut proforma = document();
    proforma.kind = DocumentKind::Proforma;
    for backend in backends {
        let message = backend.issue_document(&deposit).err().unwrap().to_string();
        assert!(message.contains(backend.name()), "{message}");
        assert!(
            message.ends_with("use the Számla Agent backend"),
            "{message}"
        );
    }
    let with_original = Reversal {
        original: Some(&proforma),
        ..reversal("SBX-2026-1", None)
    };
    let message = through_paybill
        .reverse_invoice(with_original)
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        "PayBill cannot reverse an invoice: use the Számla Agent backend"
    );
    // Számlahegy reverses, but only an invoice it is given.
    for (original, missing) in [
        (None, "give the original document"),
        (Some(&proforma), "is a proforma document"),
    ] {
        let refused = szamlahegy
            .reverse_invoice(reversal("SHG-2026-1", original))
            .err()
            .unwrap();
        assert!(
            matches!(&refused, BackendError::Argument(message) if message.contains(missing) && message.contains("SHG-2026-1")),
            "{refused:?}"
        );
    }
    assert!(through_paybill.issue_document(&proforma).is_err());
    assert!(
        szamlahegy.issue_document(&proforma).is_ok(),
        "Számlahegy issues proformas (kind D)"
    );
    assert_eq!(agent_invoices(&sandbox), 0, "nothing was sent");
}

#[test]
fn the_paybill_request_is_the_documented_shape_and_hides_its_secrets() {
    use libinvoice_core::backend::paybill::{invoice_request, user_agent};
    let document = document();
    let login = StoreLogin {
        store_name: TEST_STORE.to_owned(),
        api_key: Secret::new("store-key-SECRET"),
    };
    let transaction = TransactionId::new("a4d6f6f27f2116da21da62d705dbd7ef").unwrap();
    let request = invoice_request(
        &login,
        &user_agent("merchant-store.com"),
        &transaction,
        &document,
        &Credentials::agent_key("agent-key-SECRET"),
        "li-e2e-1-invoice-0",
    )
    .unwrap();
    assert_eq!(
        request.user_agent,
        format!(
            "Invoice | merchant-store.com | Rust libinvoice | {}",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        request.authorization.expose(),
        format!(
            "Basic {}",
            base64_encode(&format!("{TEST_STORE}:store-key-SECRET"))
        )
    );
    let form = String::from_utf8(request.body.clone()).unwrap();
    let json = form
        .strip_prefix("method=Invoice&json=")
        .map(|encoded| {
            percent_encoding::percent_decode_str(encoded)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .unwrap();
    let call: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(call["TransactionId"], "a4d6f6f27f2116da21da62d705dbd7ef");
    let data = &call["InvoiceData"];
    assert_eq!(data["beallitasok"]["szamlaagentkulcs"], "agent-key-SECRET");
    assert_eq!(
        data["beallitasok"]["valaszVerzio"], 2,
        "a number, as documented"
    );
    assert_eq!(data["beallitasok"]["szamlaKulsoAzon"], "li-e2e-1-invoice-0");
    assert_eq!(data["fejlec"]["penznem"], "HUF");
    let lines = data["tetelek"].as_array().unwrap();
    assert_eq!(lines.len(), document.lines.len());
    assert_eq!(
        lines[0]["bruttoErtek"],
        document.lines[0].gross.to_string(),
        "amounts are exact decimal strings, as documented"
    );
    let shown = format!("{request:?} {login:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn gateway_faults_map_to_retry_later_or_unknown() {
    let sandbox = sandbox();
    let document = document();
    let client = paybill(&sandbox, TEST_STORE, TEST_STORE_KEY);
    let paid = transaction(&sandbox, TEST_STORE, "HUF", true);
    let rule = |fault| FaultRule {
        fault,
        operation: Some("paybill_invoice".to_owned()),
        agent_key: None,
        count: Some(1),
    };
    sandbox.service().add_faults([
        rule(Fault::Maintenance),
        rule(Fault::HttpStatus { status: 502 }),
    ]);
    let maintenance = refusal(&client.for_transaction(&paid), &document);
    assert!(
        matches!(maintenance, Outcome::RetryLater { .. }),
        "{maintenance:?}"
    );
    let bad_gateway = refusal(&client.for_transaction(&paid), &document);
    assert!(
        matches!(bad_gateway, Outcome::Unknown { .. }),
        "{bad_gateway:?}"
    );
    assert_eq!(agent_invoices(&sandbox), 0);
}
