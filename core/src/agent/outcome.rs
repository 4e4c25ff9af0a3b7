//! What an answer means for exactly-once issuing: was something issued, refused, or is it
//! unknown and must be reconciled by a query before any resend.

use super::error_code::ErrorCode;
use super::response::{AgentAnswer, ParseError};

/// The outcome of one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeClass {
    /// The operation took effect (for a create: the document exists under the returned
    /// number).
    Issued,
    /// The service refused with a definite error code; nothing was issued.
    Rejected,
    /// Nobody knows: query by external id or order number before deciding to resend.
    Unknown,
    /// The service is down or in maintenance; nothing was done, send again later.
    RetryLater,
}

/// Classifies a parsed answer.
///
/// - success, or code 56 (issued, e-mail failed) together with a number → `Issued`;
/// - code 1 or `szlahu_down` → `RetryLater`;
/// - code 55 (e-invoice signing failed) or 56 without a number → `Unknown`: the vendor does
///   not say whether a document was made;
/// - any other documented code → `Rejected`;
/// - a failure without a code, or with a code this library does not know → `Unknown`.
pub fn classify(answer: &impl AgentAnswer) -> OutcomeClass {
    if answer.service_down() {
        return OutcomeClass::RetryLater;
    }
    if answer.success() {
        return OutcomeClass::Issued;
    }
    match answer.error_code() {
        Some(ErrorCode::Maintenance) => OutcomeClass::RetryLater,
        Some(ErrorCode::IssuedButEmailFailed) if answer.document_number().is_some() => {
            OutcomeClass::Issued
        }
        Some(
            ErrorCode::IssuedButEmailFailed
            | ErrorCode::EInvoiceSigningFailed
            | ErrorCode::Unknown(_),
        )
        | None => OutcomeClass::Unknown,
        Some(_) => OutcomeClass::Rejected,
    }
}

/// Classifies the result of parsing: an answer that could not be parsed (an HTML error page,
/// a truncated or garbled body) is `Unknown`.
pub fn classify_result<A: AgentAnswer>(parsed: &Result<A, ParseError>) -> OutcomeClass {
    parsed.as_ref().map_or(OutcomeClass::Unknown, classify)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::agent::InvoiceAnswer;

    fn failed(code: u32, number: Option<&str>) -> InvoiceAnswer {
        InvoiceAnswer {
            error_code: Some(ErrorCode::from_code(code)),
            invoice_number: number.map(str::to_owned),
            ..InvoiceAnswer::default()
        }
    }

    #[test]
    fn classes() {
        let issued = InvoiceAnswer {
            success: true,
            invoice_number: Some("E-1".into()),
            ..InvoiceAnswer::default()
        };
        assert_eq!(classify(&issued), OutcomeClass::Issued);
        assert_eq!(classify(&failed(56, Some("E-1"))), OutcomeClass::Issued);
        assert_eq!(classify(&failed(56, None)), OutcomeClass::Unknown);
        assert_eq!(classify(&failed(1, None)), OutcomeClass::RetryLater);
        for code in [3, 7, 57, 71, 152, 259, 352] {
            assert_eq!(
                classify(&failed(code, None)),
                OutcomeClass::Rejected,
                "{code}"
            );
        }
        assert_eq!(classify(&failed(55, None)), OutcomeClass::Unknown);
        assert_eq!(classify(&failed(9999, None)), OutcomeClass::Unknown);
        assert_eq!(
            classify(&InvoiceAnswer::default()),
            OutcomeClass::Unknown,
            "failure without a code"
        );
        let down = InvoiceAnswer {
            down_message: Some("maintenance".into()),
            ..InvoiceAnswer::default()
        };
        assert_eq!(classify(&down), OutcomeClass::RetryLater);
        let garbled: Result<InvoiceAnswer, ParseError> = Err(ParseError::NotUtf8);
        assert_eq!(classify_result(&garbled), OutcomeClass::Unknown);
    }
}
