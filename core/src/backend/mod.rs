//! Issuing through a service, exactly once. A backend turns one operation (create a document,
//! reverse one) into a send and a reconciling query; [`issue`] runs the protocol of
//! [`crate::issuance`] around them, persisting the attempt record through the host's callback
//! before every send.

pub mod agent;

use jiff::Timestamp;

use crate::issuance::{AttemptRecord, NextStep, retry_time};
pub use crate::issuance::{FoundDocument, IssuedDocument, QueryOutcome, SendOutcome};

/// One operation that must take effect exactly once, and how to ask whether it already did.
pub trait OnceOperation {
    /// Sends the operation tagged with `external_id`.
    fn send(&self, external_id: &str) -> SendOutcome;
    /// Looks for a document carrying `external_id`.
    fn find(&self, external_id: &str) -> QueryOutcome;
}

/// The outcome of [`issue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Issued(IssuedDocument),
    /// Refused; nothing was issued.
    Rejected {
        code: Option<u32>,
        message: String,
    },
    /// The service may or may not have issued it: call [`issue`] again with the stored record
    /// (it queries before anything is sent again).
    Unknown {
        reason: String,
    },
    /// Nothing may be sent before `not_before`.
    RetryLater {
        not_before: Timestamp,
    },
    /// Five sends without a definite answer: a human must decide.
    SendLimitReached,
}

/// The host could not store the attempt record; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the attempt record could not be stored, so nothing was sent: {0}")]
pub struct PersistError(pub String);

/// Runs one step of the exactly-once protocol for `operation`: adopts a finished result,
/// reconciles an uncertain one by query, or sends — after `persist` has stored the intent.
pub fn issue(
    operation: &dyn OnceOperation,
    record: &mut AttemptRecord,
    persist: &mut dyn FnMut(&AttemptRecord) -> Result<(), String>,
    now: Timestamp,
) -> Result<Outcome, PersistError> {
    let mut found = None;
    let mut step = record.next_step(now);
    if step == NextStep::Query {
        let query = operation.find(&record.external_id);
        step = record.record_query(&query, now);
        persist(record).map_err(PersistError)?;
        match query {
            QueryOutcome::Found(adopted) => found = Some(adopted.document),
            QueryOutcome::Failed { reason } => return Ok(Outcome::Unknown { reason }),
            QueryOutcome::NotFound | QueryOutcome::Conflict { .. } => {}
        }
    }
    Ok(match step {
        NextStep::Send { record: intent } => {
            persist(&intent).map_err(PersistError)?;
            *record = intent;
            let sent = operation.send(&record.external_id);
            record.record_send(&sent, now);
            persist(record).map_err(PersistError)?;
            match sent {
                SendOutcome::Issued(document) => Outcome::Issued(document),
                SendOutcome::Rejected { code, message } => Outcome::Rejected { code, message },
                SendOutcome::Unknown { reason } => Outcome::Unknown { reason },
                SendOutcome::RetryLater { after, .. } => Outcome::RetryLater {
                    not_before: retry_time(now, after),
                },
            }
        }
        NextStep::Done { number } => Outcome::Issued(found.unwrap_or(IssuedDocument {
            number,
            ..IssuedDocument::default()
        })),
        NextStep::Rejected { code, message } => Outcome::Rejected { code, message },
        NextStep::Wait { until } => Outcome::RetryLater { not_before: until },
        NextStep::Query => Outcome::Unknown {
            reason: "the service could not be asked whether the document exists".to_owned(),
        },
        NextStep::SendLimitReached => Outcome::SendLimitReached,
    })
}
