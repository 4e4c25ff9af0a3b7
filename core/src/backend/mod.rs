//! Issuing through a service, exactly once. A backend turns one operation (create a document,
//! reverse one) into a send and a reconciling query; [`issue`] runs the protocol of
//! [`crate::issuance`] around them, persisting the attempt record through the host's callback
//! before every send.
//!
//! Three services, one interface ([`InvoicingBackend`]): the Számla Agent ([`agent`]) does
//! everything; PayBill ([`paybill`]) and Számlahegy ([`szamlahegy`]) do less and refuse the
//! rest with [`Unsupported`], which names the backend that can.

pub mod agent;
pub mod paybill;
pub mod szamlahegy;

use jiff::{SignedDuration, Timestamp};

use crate::agent::{AgentAnswer, InvoiceAnswer, OutcomeClass, ParseError};
use crate::document::InvoiceDocument;
use crate::issuance::{AttemptRecord, NextStep, retry_time};
pub use crate::issuance::{FoundDocument, IssuedDocument, QueryOutcome, SendOutcome};
use crate::transport::{HttpAnswer, TransportError};

/// One operation that must take effect exactly once, and how to ask whether it already did.
pub trait OnceOperation {
    /// Sends the operation tagged with `external_id`.
    fn send(&self, external_id: &str) -> SendOutcome;
    /// Looks for a document carrying `external_id`.
    fn find(&self, external_id: &str) -> QueryOutcome;
}

/// How long to wait after the service was down or unreachable before sending again.
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_secs(60);

/// A service that issues invoices: each backend translates the [`InvoiceDocument`] into its
/// service's request and the answers back into [`SendOutcome`] / [`QueryOutcome`], so
/// [`issue`] runs the same exactly-once protocol over any of them.
pub trait InvoicingBackend {
    /// The backend's name, as [`Unsupported`] reports it.
    fn name(&self) -> &'static str;

    /// Issuing `document` exactly once (pass to [`issue`]), or why this service cannot.
    fn issue_document<'a>(
        &'a self,
        document: &'a InvoiceDocument,
    ) -> Result<Box<dyn OnceOperation + 'a>, Unsupported>;

    /// Reversing an invoice (storno) exactly once, or why this service cannot, or what it
    /// lacks to.
    fn reverse_invoice<'a>(
        &'a self,
        reversal: Reversal<'a>,
    ) -> Result<Box<dyn OnceOperation + 'a>, BackendError>;
}

/// The invoice a storno reverses.
#[derive(Debug, Clone, Copy)]
pub struct Reversal<'a> {
    /// The original invoice's number (`szamlaszam`).
    pub original_number: &'a str,
    /// Whether the storno is an e-invoice.
    pub e_invoice: bool,
    /// The original as it was issued, when the host has it. The Számla Agent reverses by
    /// number alone; Számlahegy has no such call, so its storno is built from the original's
    /// rows and needs it.
    pub original: Option<&'a InvoiceDocument<'a>>,
}

/// Why an issue or reverse operation was not started; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The service cannot do it.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
    /// An argument the operation needs was missing or malformed (a PayBill transaction id, the
    /// original of a Számlahegy storno), or given to a backend that takes none.
    #[error("{0}")]
    Argument(String),
}

/// The name of the Számla Agent backend, which can do what the others refuse.
pub const AGENT_BACKEND: &str = "Számla Agent";

/// An operation the chosen service cannot do; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{backend} cannot {operation}: use the {alternative} backend")]
pub struct Unsupported {
    pub backend: &'static str,
    /// What was asked (`issue a proforma`, `reverse an invoice`).
    pub operation: String,
    /// The backend that can.
    pub alternative: &'static str,
}

impl Unsupported {
    /// Refused here, possible through the Számla Agent.
    pub fn use_agent(backend: &'static str, operation: impl Into<String>) -> Self {
        Self {
            backend,
            operation: operation.into(),
            alternative: AGENT_BACKEND,
        }
    }
}

/// What a failed exchange means for the send: unreached is "retry later", maybe-reached is
/// "unknown", a misconfigured client is a refusal.
pub(crate) fn unsent(error: TransportError) -> SendOutcome {
    match error {
        TransportError::NotSent(reason) => SendOutcome::RetryLater {
            after: RETRY_AFTER,
            reason,
        },
        TransportError::Config(reason) => SendOutcome::Rejected {
            code: None,
            message: reason,
        },
        TransportError::Uncertain(reason) => SendOutcome::Unknown { reason },
    }
}

/// What an Agent answer to a create, storno or receipt means (straight from the Agent, or
/// relayed by PayBill): issued (described by `issued`), refused with a vendor code, retry later,
/// or unknown.
pub(crate) fn answered<A: AgentAnswer>(
    parsed: Result<A, ParseError>,
    answer: &HttpAnswer,
    issued: impl FnOnce(&A) -> IssuedDocument,
) -> SendOutcome {
    match (crate::agent::classify_result(&parsed), parsed) {
        (OutcomeClass::Issued, Ok(answer)) => SendOutcome::Issued(issued(&answer)),
        (OutcomeClass::Rejected, Ok(answer)) => SendOutcome::Rejected {
            code: answer.error_code().map(crate::agent::ErrorCode::code),
            message: answer.error_message().unwrap_or_default().to_owned(),
        },
        (OutcomeClass::RetryLater, parsed) => SendOutcome::RetryLater {
            after: RETRY_AFTER,
            reason: parsed
                .ok()
                .and_then(|answer| {
                    answer
                        .down_message()
                        .or(answer.error_message())
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "the service is down".to_owned()),
        },
        (_, parsed) => SendOutcome::Unknown {
            reason: match parsed {
                Ok(answer) => answer
                    .error_message()
                    .unwrap_or("no definite answer")
                    .to_owned(),
                Err(error) => format!("HTTP {}: {error}", answer.status),
            },
        },
    }
}

pub(crate) fn issued(answer: &InvoiceAnswer) -> IssuedDocument {
    IssuedDocument {
        number: answer.invoice_number.clone().unwrap_or_default(),
        net_total: answer.net_total,
        gross_total: answer.gross_total,
        pdf: answer
            .pdf
            .as_ref()
            .and_then(|pdf| pdf.bytes().map(<[u8]>::to_vec)),
    }
}

/// The service refused a send because a document already exists for it (PayBill's
/// `AlreadyInvoicedTransaction`, Számlahegy's duplicate `foreign_id`). `ours` is what a query
/// by our external id found: a document of ours is left for the protocol's next query to adopt
/// (with its checks of order, kind and reversal); none means someone else issued it, which a
/// human must sort out.
pub(crate) fn already_issued(refusal: &str, ours: QueryOutcome) -> SendOutcome {
    match ours {
        QueryOutcome::Found(found) => SendOutcome::Unknown {
            reason: format!(
                "{refusal}; the service holds {} under our external id: the next call adopts it",
                found.document.number
            ),
        },
        QueryOutcome::NotFound => SendOutcome::Rejected {
            code: None,
            message: format!(
                "{refusal}, but no document carries our external id: it was issued elsewhere, a human decides"
            ),
        },
        QueryOutcome::Conflict { reason } => SendOutcome::Rejected {
            code: None,
            message: format!("{refusal}: {reason}"),
        },
        QueryOutcome::Failed { reason } => SendOutcome::Unknown {
            reason: format!("{refusal}; the query for our document failed: {reason}"),
        },
    }
}

/// A JSON string, boolean or integer as text; `null` as absent; a fraction is refused rather
/// than read through a float.
pub(crate) fn json_text(
    value: &serde_json::Value,
    name: &'static str,
) -> Result<Option<String>, ParseError> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        Value::Number(number) if number.is_i64() || number.is_u64() => Ok(Some(number.to_string())),
        other => Err(ParseError::InvalidField {
            field: name,
            value: other.to_string(),
        }),
    }
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
