//! The exactly-once protocol. Invoice creation has no idempotency key, so the core decides, from
//! an attempt record the host persists, whether a send is safe, a query must come first, the
//! caller must wait, or a human must look.
//!
//! The host's loop: call [`AttemptRecord::next_step`]; on [`NextStep::Send`], persist the record
//! it returns **before** sending; after the answer, [`AttemptRecord::record_send`] and persist
//! again. A record left `InFlight` (the worker died mid-send) reads as an unknown outcome.

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::document::DocumentKind;

/// The vendor's rule: the same request is sent at most five times, then a human decides.
pub const MAX_SENDS: u32 = 5;

/// A create can stall for a minute on the service and still land; a query sooner than this after
/// an unknown outcome cannot prove that nothing was issued.
pub const SETTLE_TIME: SignedDuration = SignedDuration::from_secs(120);

/// What an external id is for: issuing a document of some kind, or reversing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    Issue(&'a DocumentKind),
    Storno,
    /// A receipt: the external id is its call id (`hivasAzonosito`).
    Receipt,
}

/// A deterministic external id (`szamlaKulsoAzon`) per shop, order, purpose and generation
/// (a new generation after a storno re-invoices the same order).
pub fn external_id(shop_id: &str, order_id: &str, purpose: Purpose<'_>, generation: u32) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    format!(
        "li-{}-{}-{}-{generation}",
        clean(shop_id),
        clean(order_id),
        match purpose {
            Purpose::Issue(kind) => kind.slug(),
            Purpose::Storno => "storno",
            Purpose::Receipt => "receipt",
        }
    )
}

/// Where one document's issuing stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AttemptState {
    /// Nothing sent yet.
    New,
    /// Intent recorded, a send started and its answer not recorded.
    InFlight,
    /// The last send's outcome is unknown: reconcile by query before anything else.
    Unknown,
    /// The service asked to come back later; nothing was issued.
    RetryLater { not_before: Timestamp },
    /// Issued (or adopted after a query).
    Issued { number: String },
    /// Refused by the service; nothing was issued.
    Rejected { code: Option<u32>, message: String },
}

/// What the host stores per (order, document kind) and passes back on every call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub external_id: String,
    pub order_number: String,
    /// Sends so far of this request.
    pub sends: u32,
    #[serde(flatten)]
    pub state: AttemptState,
    pub last_attempt_at: Option<Timestamp>,
}

/// What the caller should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Persist `record` (the intent), then send.
    Send { record: AttemptRecord },
    /// Ask the service whether the document exists (by external id / order number) first.
    Query,
    /// Nothing may be sent before `until`.
    Wait { until: Timestamp },
    /// Already issued.
    Done { number: String },
    /// Rejected: fix the input and start a new record.
    Rejected { code: Option<u32>, message: String },
    /// Five sends without a definite answer: a human must decide.
    SendLimitReached,
}

/// A document the service issued.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IssuedDocument {
    pub number: String,
    pub net_total: Option<Decimal>,
    pub gross_total: Option<Decimal>,
    /// The PDF, when the answer carried one.
    pub pdf: Option<Vec<u8>>,
}

/// What a send came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Issued(IssuedDocument),
    /// Refused; nothing was issued.
    Rejected {
        code: Option<u32>,
        message: String,
    },
    /// Nothing was done; send again after `after`.
    RetryLater {
        after: SignedDuration,
        reason: String,
    },
    /// It may or may not have been issued.
    Unknown {
        reason: String,
    },
}

/// What a reconciling query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryOutcome {
    /// A document with our external id exists.
    Found(FoundDocument),
    NotFound,
    /// Nothing carries our external id, but the service's state rules the operation out (the
    /// invoice to reverse was already reversed by another storno): a human decides.
    Conflict {
        reason: String,
    },
    /// The query itself failed; ask again later.
    Failed {
        reason: String,
    },
}

/// A document the service holds, as a query describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDocument {
    pub document: IssuedDocument,
    pub order_number: Option<String>,
    pub kind_matches: bool,
    pub reversed: bool,
}

impl AttemptRecord {
    pub fn new(external_id: String, order_number: String) -> Self {
        Self {
            external_id,
            order_number,
            sends: 0,
            state: AttemptState::New,
            last_attempt_at: None,
        }
    }

    /// Decides the next step at `now`.
    pub fn next_step(&self, now: Timestamp) -> NextStep {
        match &self.state {
            AttemptState::Issued { number } => NextStep::Done {
                number: number.clone(),
            },
            AttemptState::Rejected { code, message } => NextStep::Rejected {
                code: *code,
                message: message.clone(),
            },
            AttemptState::InFlight | AttemptState::Unknown => NextStep::Query,
            AttemptState::RetryLater { not_before } if now < *not_before => {
                NextStep::Wait { until: *not_before }
            }
            AttemptState::New | AttemptState::RetryLater { .. } => self.send_now(now),
        }
    }

    fn send_now(&self, now: Timestamp) -> NextStep {
        if self.sends >= MAX_SENDS {
            return NextStep::SendLimitReached;
        }
        NextStep::Send {
            record: Self {
                sends: self.sends + 1,
                state: AttemptState::InFlight,
                last_attempt_at: Some(now),
                ..self.clone()
            },
        }
    }

    /// Records the answer to the send that `next_step` allowed.
    pub fn record_send(&mut self, outcome: &SendOutcome, now: Timestamp) {
        self.state = match outcome {
            SendOutcome::Issued(document) => AttemptState::Issued {
                number: document.number.clone(),
            },
            SendOutcome::Rejected { code, message } => AttemptState::Rejected {
                code: *code,
                message: message.clone(),
            },
            SendOutcome::RetryLater { after, .. } => AttemptState::RetryLater {
                not_before: retry_time(now, *after),
            },
            SendOutcome::Unknown { .. } => AttemptState::Unknown,
        };
    }

    /// Records what a reconciling query found, and says what follows. A found document is
    /// adopted only when it is ours: same order number, same kind, not reversed.
    pub fn record_query(&mut self, outcome: &QueryOutcome, now: Timestamp) -> NextStep {
        match outcome {
            QueryOutcome::Found(found) => {
                let same_order = found
                    .order_number
                    .as_deref()
                    .is_none_or(|number| number == self.order_number);
                let number = &found.document.number;
                if same_order && found.kind_matches && !found.reversed {
                    self.state = AttemptState::Issued {
                        number: number.clone(),
                    };
                    return NextStep::Done {
                        number: number.clone(),
                    };
                }
                // Our external id on someone else's or a reversed document: a human decides.
                let message = format!(
                    "the service holds {} under external id {}, but it is not this order's live document",
                    number, self.external_id
                );
                self.state = AttemptState::Rejected {
                    code: None,
                    message: message.clone(),
                };
                NextStep::Rejected {
                    code: None,
                    message,
                }
            }
            QueryOutcome::NotFound => {
                let settled_at = self
                    .last_attempt_at
                    .and_then(|at| at.checked_add(SETTLE_TIME).ok())
                    .unwrap_or(now);
                if now < settled_at {
                    return NextStep::Wait { until: settled_at };
                }
                self.state = AttemptState::RetryLater { not_before: now };
                self.send_now(now)
            }
            QueryOutcome::Conflict { reason } => {
                self.state = AttemptState::Rejected {
                    code: None,
                    message: reason.clone(),
                };
                NextStep::Rejected {
                    code: None,
                    message: reason.clone(),
                }
            }
            QueryOutcome::Failed { .. } => NextStep::Query,
        }
    }
}

/// When a retry-later answer allows the next send.
pub fn retry_time(now: Timestamp, after: SignedDuration) -> Timestamp {
    now.saturating_add(after).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + seconds).unwrap()
    }

    fn record() -> AttemptRecord {
        AttemptRecord::new(
            external_id("shop 1", "42", Purpose::Issue(&DocumentKind::Invoice), 0),
            "42".to_owned(),
        )
    }

    fn unknown() -> SendOutcome {
        SendOutcome::Unknown {
            reason: "connection reset".to_owned(),
        }
    }

    fn sent(record: &AttemptRecord, now: Timestamp) -> AttemptRecord {
        match record.next_step(now) {
            NextStep::Send { record } => record,
            other => panic!("expected a send, got {other:?}"),
        }
    }

    #[test]
    fn external_ids_are_deterministic_and_safe() {
        assert_eq!(record().external_id, "li-shop_1-42-invoice-0");
        assert_ne!(
            external_id("s", "42", Purpose::Issue(&DocumentKind::Proforma), 0),
            external_id("s", "42", Purpose::Storno, 0)
        );
    }

    #[test]
    fn a_send_is_recorded_before_it_happens() {
        let record = sent(&record(), at(0));
        assert_eq!(record.state, AttemptState::InFlight);
        assert_eq!(record.sends, 1);
        // A worker that died here left InFlight behind: the next one queries, never resends.
        assert_eq!(record.next_step(at(1)), NextStep::Query);
    }

    #[test]
    fn an_unknown_outcome_is_reconciled_by_query_before_any_resend() {
        let mut record = sent(&record(), at(0));
        record.record_send(&unknown(), at(60));
        assert_eq!(record.next_step(at(61)), NextStep::Query);
        // Too early to be sure nothing landed.
        assert_eq!(
            record.record_query(&QueryOutcome::NotFound, at(61)),
            NextStep::Wait { until: at(120) }
        );
        let NextStep::Send { record: resend } =
            record.record_query(&QueryOutcome::NotFound, at(130))
        else {
            panic!("nothing found after the settle time: send again");
        };
        assert_eq!(resend.sends, 2);
    }

    #[test]
    fn a_found_invoice_is_adopted_only_if_it_is_ours() {
        let mut record = sent(&record(), at(0));
        record.record_send(&unknown(), at(1));
        let found = FoundDocument {
            document: IssuedDocument {
                number: "E-2024-7".to_owned(),
                ..IssuedDocument::default()
            },
            order_number: Some("42".to_owned()),
            kind_matches: true,
            reversed: false,
        };
        assert_eq!(
            record
                .clone()
                .record_query(&QueryOutcome::Found(found.clone()), at(2)),
            NextStep::Done {
                number: "E-2024-7".to_owned()
            }
        );
        let reversed = FoundDocument {
            reversed: true,
            ..found.clone()
        };
        assert!(matches!(
            record
                .clone()
                .record_query(&QueryOutcome::Found(reversed), at(2)),
            NextStep::Rejected { code: None, .. }
        ));
        let other_order = FoundDocument {
            order_number: Some("43".to_owned()),
            ..found
        };
        assert!(matches!(
            record.record_query(&QueryOutcome::Found(other_order), at(2)),
            NextStep::Rejected { code: None, .. }
        ));
    }

    #[test]
    fn a_conflict_found_by_the_query_is_final() {
        let mut record = sent(&record(), at(0));
        record.record_send(&unknown(), at(1));
        let reason = "invoice E-1 was already reversed by another storno".to_owned();
        let step = record.record_query(
            &QueryOutcome::Conflict {
                reason: reason.clone(),
            },
            at(200),
        );
        assert_eq!(
            step,
            NextStep::Rejected {
                code: None,
                message: reason
            }
        );
        assert!(matches!(
            record.next_step(at(300)),
            NextStep::Rejected { .. }
        ));
        assert_eq!(record.sends, 1);
    }

    #[test]
    fn never_more_than_five_sends() {
        let mut record = record();
        let mut now = 0;
        for _ in 0..MAX_SENDS {
            record = sent(&record, at(now));
            record.record_send(
                &SendOutcome::RetryLater {
                    after: SignedDuration::from_secs(30),
                    reason: "maintenance".to_owned(),
                },
                at(now),
            );
            assert_eq!(
                record.next_step(at(now + 1)),
                NextStep::Wait {
                    until: at(now + 30)
                }
            );
            now += 30;
        }
        assert_eq!(record.sends, MAX_SENDS);
        assert_eq!(record.next_step(at(now)), NextStep::SendLimitReached);
    }

    #[test]
    fn records_round_trip_through_json() {
        let mut record = sent(&record(), at(0));
        record.record_send(
            &SendOutcome::Issued(IssuedDocument {
                number: "E-1".to_owned(),
                ..IssuedDocument::default()
            }),
            at(1),
        );
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains("\"state\":\"issued\""), "{json}");
        assert_eq!(
            serde_json::from_str::<AttemptRecord>(&json).unwrap(),
            record
        );
    }
}
