//! Exactly-once issuing against the offline Számla Agent, over HTTP: the happy path, the lost
//! answer reconciled by a second client, a connection dropped before the service acted,
//! maintenance, refusals, the five-send limit, a burst of concurrent issuers, and storno.
#![allow(clippy::unwrap_used)]

mod common;

use common::{attempt_record as record, example_document as document, receipts_in};

use std::sync::{Arc, Mutex};
use std::thread;

use jiff::Timestamp;
use libinvoice_core::agent::Credentials;
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::{OnceOperation, Outcome, PersistError, issue};
use libinvoice_core::issuance::{
    AttemptRecord, AttemptState, MAX_SENDS, Purpose, SETTLE_TIME, external_id,
};
use libinvoice_core::transport::TransportConfig;
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

fn client(sandbox: &Sandbox) -> AgentClient {
    AgentClient::new(
        TransportConfig::new(sandbox.url()),
        Credentials::agent_key(DEMO_AGENT_KEY),
    )
    .unwrap()
}

const CREATE: &str = "action-xmlagentxmlfile";
const STORNO: &str = "action-szamla_agent_st";

fn fault(fault: Fault, count: u32) -> FaultRule {
    fault_on(CREATE, fault, count)
}

fn fault_on(operation: &str, fault: Fault, count: u32) -> FaultRule {
    FaultRule {
        fault,
        operation: Some(operation.to_owned()),
        agent_key: None,
        count: Some(count),
    }
}

/// Runs one protocol step with a host store that always accepts the record.
fn issue_now(operation: &dyn OnceOperation, record: &mut AttemptRecord, now: Timestamp) -> Outcome {
    issue(operation, record, &mut |_| Ok(()), now).unwrap()
}

/// Issues the example order and returns the invoice number.
fn issued_invoice(client: &AgentClient) -> String {
    let document = document();
    issued_number(&issue_now(
        &client.create(&document),
        &mut record(&document),
        Timestamp::now(),
    ))
}

fn invoices_in(sandbox: &Sandbox) -> usize {
    sandbox
        .service()
        .snapshot()
        .ledgers
        .values()
        .map(|ledger| ledger.invoices.len())
        .sum()
}

/// A host store that keeps every persisted record, as an order meta table would.
fn remember(log: &mut Vec<AttemptRecord>) -> impl FnMut(&AttemptRecord) -> Result<(), String> + '_ {
    |record| {
        log.push(record.clone());
        Ok(())
    }
}

fn issued_number(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Issued(document) => document.number.clone(),
        other => panic!("expected an issued invoice, got {other:?}"),
    }
}

#[test]
fn an_order_is_issued_once_with_its_totals_and_pdf() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    let document = document();
    let mut record = record(&document);
    let mut log = Vec::new();
    let outcome = issue(
        &client.create(&document),
        &mut record,
        &mut remember(&mut log),
        Timestamp::now(),
    )
    .unwrap();
    let Outcome::Issued(issued) = &outcome else {
        panic!("{outcome:?}")
    };
    let totals = document.totals();
    assert_eq!(
        (issued.net_total, issued.gross_total),
        (Some(totals.net), Some(totals.gross))
    );
    assert!(issued.pdf.as_deref().unwrap().starts_with(b"%PDF"));
    // The intent was stored before the send, the outcome after it.
    assert_eq!(log[0].state, AttemptState::InFlight);
    assert_eq!(log[0].sends, 1);
    assert_eq!(
        log.last().unwrap().state,
        AttemptState::Issued {
            number: issued.number.clone()
        }
    );

    // Asking again with the stored record sends nothing.
    let again = issue(
        &client.create(&document),
        &mut record,
        &mut remember(&mut log),
        Timestamp::now(),
    )
    .unwrap();
    assert_eq!(issued_number(&again), issued.number);
    assert_eq!(invoices_in(&sandbox), 1);
    sandbox.stop();
}

#[test]
fn a_lost_answer_is_reconciled_by_a_second_client_without_a_second_invoice() {
    let sandbox = sandbox();
    sandbox
        .service()
        .add_faults([fault(Fault::CloseAfterCommit, 1)]);
    let document = document();
    let mut stored = record(&document);
    let first = issue_now(
        &client(&sandbox).create(&document),
        &mut stored,
        Timestamp::now(),
    );
    assert!(matches!(first, Outcome::Unknown { .. }), "{first:?}");
    assert_eq!(invoices_in(&sandbox), 1, "the service did issue it");

    // Another worker picks the stored record up: it queries, adopts, and both agree.
    let second_client = client(&sandbox);
    let second = issue_now(
        &second_client.create(&document),
        &mut stored,
        Timestamp::now(),
    );
    let number = issued_number(&second);
    let Outcome::Issued(adopted) = &second else {
        unreachable!()
    };
    assert!(
        adopted.pdf.as_deref().unwrap().starts_with(b"%PDF"),
        "the PDF comes with the query"
    );
    assert_eq!(
        stored.state,
        AttemptState::Issued {
            number: number.clone()
        }
    );
    assert_eq!(stored.sends, 1);
    assert_eq!(invoices_in(&sandbox), 1);
    let snapshot = sandbox.service().snapshot();
    let numbers: Vec<_> = snapshot
        .ledgers
        .values()
        .flat_map(|l| l.invoices.iter().map(|i| i.number.clone()))
        .collect();
    assert_eq!(numbers, vec![number]);
    sandbox.stop();
}

#[test]
fn a_connection_dropped_before_the_service_acted_is_resent_only_after_a_query() {
    let sandbox = sandbox();
    sandbox
        .service()
        .add_faults([fault(Fault::CloseBeforeAnswer, 1)]);
    let client = client(&sandbox);
    let document = document();
    let mut record = record(&document);
    let start = Timestamp::now();
    let first = issue_now(&client.create(&document), &mut record, start);
    assert!(matches!(first, Outcome::Unknown { .. }), "{first:?}");
    // Too soon after the send to trust "not found": wait for the settle time.
    let soon = issue_now(&client.create(&document), &mut record, start);
    assert!(matches!(soon, Outcome::RetryLater { .. }), "{soon:?}");
    assert_eq!(invoices_in(&sandbox), 0);
    let later = start.checked_add(SETTLE_TIME).unwrap();
    let outcome = issue_now(&client.create(&document), &mut record, later);
    issued_number(&outcome);
    assert_eq!(record.sends, 2);
    assert_eq!(invoices_in(&sandbox), 1);
    sandbox.stop();
}

#[test]
fn html_pages_and_truncated_answers_are_unknown_and_reconciled() {
    for fault_kind in [
        Fault::HttpStatus { status: 502 },
        Fault::HtmlPage,
        Fault::TruncatedXml,
    ] {
        let sandbox = sandbox();
        sandbox.service().add_faults([fault(fault_kind.clone(), 1)]);
        let client = client(&sandbox);
        let document = document();
        let mut record = record(&document);
        let first = issue_now(&client.create(&document), &mut record, Timestamp::now());
        assert!(
            matches!(first, Outcome::Unknown { .. }),
            "{fault_kind:?}: {first:?}"
        );
        let later = Timestamp::now().checked_add(SETTLE_TIME).unwrap();
        let second = issue_now(&client.create(&document), &mut record, later);
        issued_number(&second);
        assert_eq!(invoices_in(&sandbox), 1, "{fault_kind:?}");
        sandbox.stop();
    }
}

#[test]
fn maintenance_means_retry_later_and_five_sends_is_the_limit() {
    let sandbox = sandbox();
    sandbox
        .service()
        .add_faults([fault(Fault::Maintenance, MAX_SENDS)]);
    let client = client(&sandbox);
    let document = document();
    let mut record = record(&document);
    let mut now = Timestamp::now();
    for _ in 0..MAX_SENDS {
        let outcome = issue_now(&client.create(&document), &mut record, now);
        let Outcome::RetryLater { not_before } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(not_before > now);
        let early = issue_now(&client.create(&document), &mut record, now);
        assert_eq!(
            early,
            Outcome::RetryLater { not_before },
            "nothing is sent before the time"
        );
        now = not_before;
    }
    let outcome = issue_now(&client.create(&document), &mut record, now);
    assert_eq!(outcome, Outcome::SendLimitReached);
    assert_eq!(record.sends, MAX_SENDS);
    assert_eq!(invoices_in(&sandbox), 0);
    sandbox.stop();
}

#[test]
fn a_refusal_is_final_and_names_the_vendor_code() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    let mut document = document();
    document.header.number_prefix = Some("NOPE".into());
    let mut record = record(&document);
    let outcome = issue_now(&client.create(&document), &mut record, Timestamp::now());
    let Outcome::Rejected { code, message } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(code, Some(202));
    assert!(!message.is_empty());
    let again = issue_now(&client.create(&document), &mut record, Timestamp::now());
    assert!(matches!(
        again,
        Outcome::Rejected {
            code: Some(202),
            ..
        }
    ));
    assert_eq!(record.sends, 1, "a refused request is not sent again");
    sandbox.stop();
}

#[test]
fn a_store_that_cannot_record_the_intent_stops_the_send() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    let document = document();
    let mut record = record(&document);
    let result = issue(
        &client.create(&document),
        &mut record,
        &mut |_| Err("disk full".to_owned()),
        Timestamp::now(),
    );
    assert_eq!(result, Err(PersistError("disk full".to_owned())));
    assert_eq!(invoices_in(&sandbox), 0);
    sandbox.stop();
}

/// Twenty workers race on one order. The host's store accepts a record only from the worker
/// that read the latest version (a compare-and-swap, as a database row version would), so
/// exactly one records the intent and sends; the others stop before sending.
#[test]
fn twenty_concurrent_issuers_produce_one_invoice() {
    let sandbox = sandbox();
    let document = Arc::new(document());
    let store = Arc::new(Mutex::new((0u64, record(&document))));
    let workers: Vec<_> = (0..20)
        .map(|_| {
            let (store, document, url) = (Arc::clone(&store), Arc::clone(&document), sandbox.url());
            thread::spawn(move || {
                let client = AgentClient::new(
                    TransportConfig::new(url),
                    Credentials::agent_key(DEMO_AGENT_KEY),
                )
                .unwrap();
                let (mut version, mut record) = store.lock().unwrap().clone();
                let mut compare_and_swap = |next: &AttemptRecord| {
                    let mut stored = store.lock().unwrap();
                    if stored.0 != version {
                        return Err("another worker holds this order".to_owned());
                    }
                    version += 1;
                    *stored = (version, next.clone());
                    Ok(())
                };
                issue(
                    &client.create(&document),
                    &mut record,
                    &mut compare_and_swap,
                    Timestamp::now(),
                )
            })
        })
        .collect();
    let results: Vec<_> = workers
        .into_iter()
        .map(|worker| worker.join().unwrap())
        .collect();
    assert_eq!(invoices_in(&sandbox), 1, "{results:?}");
    // Late workers may have adopted the invoice by query, or been told to wait: never a send.
    let (_, mut record) = store.lock().unwrap().clone();
    assert_eq!(record.sends, 1, "one intent was recorded: {results:?}");
    let again = issue_now(
        &client(&sandbox).create(&document),
        &mut record,
        Timestamp::now(),
    );
    let number = issued_number(&again);
    for result in &results {
        if let Ok(Outcome::Issued(document)) = result {
            assert_eq!(
                document.number, number,
                "every worker reports the same invoice"
            );
        }
    }
    assert_eq!(invoices_in(&sandbox), 1);
    sandbox.stop();
}

#[test]
fn a_storno_is_issued_once_and_a_second_storno_is_refused() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    let number = issued_invoice(&client);

    sandbox
        .service()
        .add_faults([fault_on(STORNO, Fault::CloseAfterCommit, 1)]);
    let storno_id = external_id("e2e-shop", "1842", Purpose::Storno, 0);
    let mut storno_record = AttemptRecord::new(storno_id, "1842".to_owned());
    let lost = issue(
        &client.reverse(&number, false),
        &mut storno_record,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap();
    assert!(matches!(lost, Outcome::Unknown { .. }), "{lost:?}");
    let adopted = issue(
        &client.reverse(&number, false),
        &mut storno_record,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap();
    let storno_number = issued_number(&adopted);
    assert_ne!(storno_number, number);
    assert_eq!(storno_record.sends, 1);

    let mut second = AttemptRecord::new("li-e2e-second-storno".to_owned(), "1842".to_owned());
    let refused = issue(
        &client.reverse(&number, false),
        &mut second,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap();
    assert!(
        matches!(refused, Outcome::Rejected { code: Some(_), .. }),
        "{refused:?}"
    );
    sandbox.stop();
}

#[test]
fn a_storno_whose_original_was_reversed_meanwhile_is_not_sent_again() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    let number = issued_invoice(&client);
    sandbox
        .service()
        .add_faults([fault_on(STORNO, Fault::CloseBeforeAnswer, 1)]);
    let mut ours = AttemptRecord::new(
        external_id("e2e-shop", "1842", Purpose::Storno, 0),
        "1842".to_owned(),
    );
    let dropped = issue(
        &client.reverse(&number, false),
        &mut ours,
        &mut |_| Ok(()),
        Timestamp::now(),
    )
    .unwrap();
    assert!(matches!(dropped, Outcome::Unknown { .. }), "{dropped:?}");
    // Meanwhile someone reverses the invoice with another storno.
    let mut theirs = AttemptRecord::new("li-elsewhere-storno".to_owned(), "1842".to_owned());
    issued_number(
        &issue(
            &client.reverse(&number, false),
            &mut theirs,
            &mut |_| Ok(()),
            Timestamp::now(),
        )
        .unwrap(),
    );
    let later = Timestamp::now().checked_add(SETTLE_TIME).unwrap();
    let outcome = issue(
        &client.reverse(&number, false),
        &mut ours,
        &mut |_| Ok(()),
        later,
    )
    .unwrap();
    let Outcome::Rejected {
        code: None,
        message,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("already reversed"), "{message}");
    assert_eq!(ours.sends, 1, "our storno was not sent again");
    sandbox.stop();
}

#[test]
fn a_receipt_is_created_once_under_its_call_id() {
    let sandbox = sandbox();
    sandbox.service().add_faults([fault_on(
        "action-szamla_agent_nyugta_create",
        Fault::CloseAfterCommit,
        1,
    )]);
    let client = client(&sandbox);
    let receipt = common::coffee_receipt();
    let call_id = external_id("e2e-shop", "1842", Purpose::Receipt, 0);
    let mut record = AttemptRecord::new(call_id.clone(), "1842".to_owned());
    let lost = issue_now(
        &client.issue_receipt(&receipt),
        &mut record,
        Timestamp::now(),
    );
    assert!(matches!(lost, Outcome::Unknown { .. }), "{lost:?}");
    let adopted = issue_now(
        &client.issue_receipt(&receipt),
        &mut record,
        Timestamp::now(),
    );
    let number = issued_number(&adopted);
    assert_eq!(record.sends, 1);

    // A host that lost its record sends again: the call id is refused (338), the receipt is
    // found under it, and the next step adopts it.
    let mut forgotten = AttemptRecord::new(call_id, "1842".to_owned());
    let refused = issue_now(
        &client.issue_receipt(&receipt),
        &mut forgotten,
        Timestamp::now(),
    );
    assert!(matches!(refused, Outcome::Unknown { .. }), "{refused:?}");
    let again = issue_now(
        &client.issue_receipt(&receipt),
        &mut forgotten,
        Timestamp::now(),
    );
    assert_eq!(issued_number(&again), number);
    assert_eq!(receipts_in(&sandbox), 1);
    sandbox.stop();
}
