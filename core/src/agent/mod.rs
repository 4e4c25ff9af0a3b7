//! The Számlázz.hu Számla Agent wire format: requests and responses, sans-IO.
//!
//! Requests become a [`WireRequest`] (the XML and the multipart body to POST to [`ENDPOINT`]);
//! answers are parsed from the body and headers the caller received, and [`classify_result`] turns
//! them into an [`OutcomeClass`] that says whether a document exists.

mod credentials;
mod error_code;
mod field_writer;
mod invoice;
mod operations;
mod outcome;
mod response;
mod wire;
mod xml_reader;
mod xml_writer;

pub use credentials::{Credentials, Secret};
pub use error_code::ErrorCode;
pub(crate) use invoice::invoice_json;
pub use invoice::{InvoiceOptions, create_invoice, preview_invoice_xml, preview_invoice_xml_bytes};
pub use operations::{
    CreateReceipt, DeleteProforma, EmailText, GetReceipt, GetReceiptByCallId, InvoiceData,
    InvoicePdf, InvoiceSelector, PaymentEntry, QueryTaxpayer, ReceiptLine, RegisterPayment,
    ReverseInvoice, ReverseReceipt, SendReceipt,
};
pub use outcome::{OutcomeClass, classify, classify_result};
pub use response::{
    AgentAnswer, InvoiceAnswer, InvoiceQueryAnswer, InvoiceRecord, InvoiceRecordLine, ParseError,
    Pdf, ReceiptAnswer, ReceiptRecord, ReceiptRecordLine, SimpleAnswer, TaxpayerAddress,
    TaxpayerAnswer, parse_invoice_answer, parse_invoice_query_answer,
    parse_proforma_deletion_answer, parse_receipt_answer, parse_receipt_send_answer,
    parse_taxpayer_answer,
};
pub use wire::{ENDPOINT, Operation, ResponseVersion, WireRequest};

/// A request could not be written. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// XML 1.0 cannot carry this character (a control character, U+FFFE, U+FFFF).
    #[error("{field}: character U+{code_point:04X} cannot be sent in XML")]
    InvalidCharacter { field: String, code_point: u32 },
    /// The operation cannot carry this value.
    #[error("{field}: {reason}")]
    InvalidValue { field: String, reason: String },
}
