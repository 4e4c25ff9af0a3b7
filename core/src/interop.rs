//! The serde shapes the FFI faces (c-api, php-ext) share where the core's own types have no serde:
//! requests a host writes, and the answers and outcomes libinvoice hands back. Amounts are
//! decimal strings (integers are accepted on input, fractions as JSON numbers are refused);
//! dates are `YYYY-MM-DD`; PDFs inside answers are base64. Each face documents the shapes in its
//! own terms (the C header, the PHP stubs).

use crate::agent::{
    CreateReceipt, EmailText, ErrorCode, InvoiceAnswer, InvoiceRecord, InvoiceRecordLine,
    PaymentEntry, Pdf, ReceiptAnswer, ReceiptLine, ReceiptRecord, ReceiptRecordLine,
    RegisterPayment, ResponseVersion, SendReceipt, TaxpayerAddress, TaxpayerAnswer,
};
use crate::backend::{BackendError, Outcome, Reversal};
use crate::document::{DocumentKind, ExchangeRate, InvoiceDocument, VatRate};
use crate::error::{MappingError, ReadError};
use crate::issuance::Purpose;
use crate::mapping::{RefundDocument, map_as, map_refund, today};
use crate::money::{Currency, amount};
use crate::order::Order;
use crate::settings::ShopSettings;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

fn base64_of(pdf: Option<&Pdf>) -> Option<String> {
    pdf.and_then(Pdf::bytes).map(|bytes| BASE64.encode(bytes))
}

/// Reads JSON into one of these shapes, naming the path of the first failing field.
pub fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, ReadError> {
    crate::error::read_json(json)
}

/// Options of mapping an order.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MapOptions {
    /// Defaults to today in Hungary.
    pub issue_date: Option<Date>,
    /// Defaults to a normal invoice.
    pub kind: Option<DocumentKind>,
}

impl MapOptions {
    /// Maps `order` as these options say: by default a normal invoice dated today in Hungary.
    pub fn map<'a>(
        self,
        order: &'a Order,
        settings: &'a ShopSettings,
    ) -> Result<InvoiceDocument<'a>, MappingError> {
        map_as(
            order,
            settings,
            self.issue_date.unwrap_or_else(today),
            self.kind.unwrap_or(DocumentKind::Invoice),
        )
    }
}

/// A refund to map.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    pub refund_id: String,
    /// The number of the invoice issued for the order.
    pub original_number: String,
    /// Defaults to today in Hungary.
    pub issue_date: Option<Date>,
}

impl RefundRequest {
    /// Maps this refund of `order`: the storno to make, or the corrective invoice to issue.
    pub fn map<'a>(
        &self,
        order: &'a Order,
        settings: &'a ShopSettings,
    ) -> Result<RefundDocument<'a>, MappingError> {
        map_refund(
            order,
            &self.refund_id,
            settings,
            self.issue_date.unwrap_or_else(today),
            &self.original_number,
        )
    }
}

/// What an external id is for: `"storno"`, `"receipt"` or `{"issue": <document kind>}`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PurposeRequest {
    Issue(DocumentKind),
    Storno,
    Receipt,
}

impl PurposeRequest {
    pub fn purpose(&self) -> Purpose<'_> {
        match self {
            Self::Issue(kind) => Purpose::Issue(kind),
            Self::Storno => Purpose::Storno,
            Self::Receipt => Purpose::Receipt,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaymentEntryRequest {
    date: Date,
    title: String,
    #[serde(with = "amount")]
    amount: Decimal,
    description: Option<String>,
}

/// Payments to register on an invoice.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterPaymentRequest {
    invoice_number: String,
    #[serde(default = "keep_earlier_entries")]
    additive: bool,
    entries: Vec<PaymentEntryRequest>,
}

fn keep_earlier_entries() -> bool {
    true
}

impl From<RegisterPaymentRequest> for RegisterPayment {
    fn from(request: RegisterPaymentRequest) -> Self {
        Self {
            invoice_number: request.invoice_number,
            additive: request.additive,
            entries: request
                .entries
                .into_iter()
                .map(|entry| PaymentEntry {
                    date: entry.date,
                    title: entry.title,
                    amount: entry.amount,
                    description: entry.description,
                })
                .collect(),
            response_version: ResponseVersion::Xml,
        }
    }
}

/// A request shape that mirrors a core type field for field converts both ways: hosts write
/// requests, and libinvoice hands mapped ones (a receipt) back in the same shape.
macro_rules! mirror {
    ($core:ident <=> $shape:ident { $($field:ident),* } lists { $($list:ident),* }) => {
        impl From<$shape> for $core {
            fn from(shape: $shape) -> Self {
                Self {
                    $($field: shape.$field,)*
                    $($list: shape.$list.into_iter().map(Into::into).collect(),)*
                }
            }
        }

        impl From<$core> for $shape {
            fn from(core: $core) -> Self {
                Self {
                    $($field: core.$field,)*
                    $($list: core.$list.into_iter().map(Into::into).collect(),)*
                }
            }
        }
    };
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptLineRequest {
    name: String,
    sku: Option<String>,
    #[serde(with = "amount")]
    quantity: Decimal,
    unit: String,
    #[serde(with = "amount")]
    unit_net_price: Decimal,
    vat_rate: VatRate,
    #[serde(with = "amount")]
    net: Decimal,
    #[serde(with = "amount")]
    vat: Decimal,
    #[serde(with = "amount")]
    gross: Decimal,
    comment: Option<String>,
}

mirror!(ReceiptLine <=> ReceiptLineRequest {
    name, sku, quantity, unit, unit_net_price, vat_rate, net, vat, gross, comment
} lists {});

/// A receipt to issue: what a host writes, and what [`map_receipt`] makes of an order.
///
/// [`map_receipt`]: crate::mapping::map_receipt
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateReceiptRequest {
    call_id: Option<String>,
    prefix: String,
    payment_method: String,
    currency: Currency,
    exchange_rate: Option<ExchangeRate<'static>>,
    comment: Option<String>,
    order_number: Option<String>,
    #[serde(default)]
    download_pdf: bool,
    lines: Vec<ReceiptLineRequest>,
}

mirror!(CreateReceipt <=> CreateReceiptRequest {
    call_id, prefix, payment_method, currency, exchange_rate, comment, order_number, download_pdf
} lists { lines });

/// A receipt to e-mail.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendReceiptRequest {
    receipt_number: String,
    recipients: Vec<String>,
    reply_to: Option<String>,
    subject: Option<String>,
    text: Option<String>,
}

impl From<SendReceiptRequest> for SendReceipt {
    fn from(request: SendReceiptRequest) -> Self {
        Self {
            receipt_number: request.receipt_number,
            recipients: request.recipients,
            email: EmailText {
                reply_to: request.reply_to,
                subject: request.subject,
                text: request.text,
            },
        }
    }
}

/// The outcome of issuing or reversing exactly once, tagged by `outcome`.
#[derive(Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum OutcomeJson {
    Issued {
        number: String,
        #[serde(with = "amount::option")]
        net_total: Option<Decimal>,
        #[serde(with = "amount::option")]
        gross_total: Option<Decimal>,
        pdf_base64: Option<String>,
    },
    Rejected {
        code: Option<u32>,
        message: String,
        /// The account is unusable (wrong key, blocked login): alert a human.
        account_problem: bool,
    },
    Unknown {
        reason: String,
    },
    RetryLater {
        not_before: Timestamp,
    },
    SendLimitReached,
}

impl From<Outcome> for OutcomeJson {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Issued(document) => Self::Issued {
                number: document.number,
                net_total: document.net_total,
                gross_total: document.gross_total,
                pdf_base64: document.pdf.map(|pdf| BASE64.encode(pdf)),
            },
            Outcome::Rejected { code, message } => Self::Rejected {
                account_problem: code
                    .is_some_and(|code| ErrorCode::from_code(code).is_account_problem()),
                code,
                message,
            },
            Outcome::Unknown { reason } => Self::Unknown { reason },
            Outcome::RetryLater { not_before } => Self::RetryLater { not_before },
            Outcome::SendLimitReached => Self::SendLimitReached,
        }
    }
}

/// The answer to registering payments.
#[derive(Serialize)]
pub struct PaymentAnswerJson<'a> {
    invoice_number: Option<&'a str>,
    #[serde(with = "amount::option")]
    net_total: Option<Decimal>,
    #[serde(with = "amount::option")]
    gross_total: Option<Decimal>,
    /// What the buyer still owes.
    #[serde(with = "amount::option")]
    outstanding: Option<Decimal>,
}

impl<'a> From<&'a InvoiceAnswer> for PaymentAnswerJson<'a> {
    fn from(answer: &'a InvoiceAnswer) -> Self {
        Self {
            invoice_number: answer.invoice_number.as_deref(),
            net_total: answer.net_total,
            gross_total: answer.gross_total,
            outstanding: answer.outstanding,
        }
    }
}

/// One line of an invoice or receipt the service reports.
#[derive(Serialize)]
struct RecordLineJson<'a> {
    name: &'a str,
    sku: Option<&'a str>,
    quantity: Decimal,
    unit: Option<&'a str>,
    unit_net_price: Decimal,
    vat_rate: Option<&'a str>,
    net: Decimal,
    vat: Decimal,
    gross: Decimal,
}

/// Invoice and receipt lines have the same fields but distinct core types.
macro_rules! record_line_from {
    ($($line:ty),+) => {$(
        impl<'a> From<&'a $line> for RecordLineJson<'a> {
            fn from(line: &'a $line) -> Self {
                Self {
                    name: &line.name,
                    sku: line.sku.as_deref(),
                    quantity: line.quantity,
                    unit: line.unit.as_deref(),
                    unit_net_price: line.unit_net_price,
                    vat_rate: line.vat_rate.as_deref(),
                    net: line.net,
                    vat: line.vat,
                    gross: line.gross,
                }
            }
        }
    )+};
}

record_line_from!(InvoiceRecordLine, ReceiptRecordLine);

/// An invoice as the service holds it.
#[derive(Serialize)]
pub struct InvoiceRecordJson<'a> {
    number: &'a str,
    kind: &'a str,
    referenced_number: Option<&'a str>,
    proforma_number: Option<&'a str>,
    order_number: Option<&'a str>,
    external_id: Option<&'a str>,
    reversed: bool,
    issue_date: Option<Date>,
    fulfilment_date: Option<Date>,
    due_date: Option<Date>,
    currency: Option<&'a str>,
    buyer_name: Option<&'a str>,
    buyer_email: Option<&'a str>,
    lines: Vec<RecordLineJson<'a>>,
    #[serde(with = "amount::option")]
    net_total: Option<Decimal>,
    #[serde(with = "amount::option")]
    vat_total: Option<Decimal>,
    #[serde(with = "amount::option")]
    gross_total: Option<Decimal>,
    pdf_base64: Option<String>,
}

impl<'a> From<&'a InvoiceRecord> for InvoiceRecordJson<'a> {
    fn from(record: &'a InvoiceRecord) -> Self {
        Self {
            number: &record.number,
            kind: &record.kind,
            referenced_number: record.referenced_number.as_deref(),
            proforma_number: record.proforma_number.as_deref(),
            order_number: record.order_number.as_deref(),
            external_id: record.external_id.as_deref(),
            reversed: record.reversed,
            issue_date: record.issue_date,
            fulfilment_date: record.fulfilment_date,
            due_date: record.due_date,
            currency: record.currency.as_deref(),
            buyer_name: record.buyer_name.as_deref(),
            buyer_email: record.buyer_email.as_deref(),
            lines: record.lines.iter().map(Into::into).collect(),
            net_total: record.net_total,
            vat_total: record.vat_total,
            gross_total: record.gross_total,
            pdf_base64: base64_of(record.pdf.as_ref()),
        }
    }
}

#[derive(Serialize)]
struct ReceiptRecordJson<'a> {
    number: &'a str,
    call_id: Option<&'a str>,
    kind: Option<&'a str>,
    reversed: bool,
    reversed_number: Option<&'a str>,
    issue_date: Option<Date>,
    payment_method: Option<&'a str>,
    currency: Option<&'a str>,
    order_number: Option<&'a str>,
    lines: Vec<RecordLineJson<'a>>,
    #[serde(with = "amount::option")]
    net_total: Option<Decimal>,
    #[serde(with = "amount::option")]
    vat_total: Option<Decimal>,
    #[serde(with = "amount::option")]
    gross_total: Option<Decimal>,
}

impl<'a> From<&'a ReceiptRecord> for ReceiptRecordJson<'a> {
    fn from(receipt: &'a ReceiptRecord) -> Self {
        Self {
            number: &receipt.number,
            call_id: receipt.call_id.as_deref(),
            kind: receipt.kind.as_deref(),
            reversed: receipt.reversed,
            reversed_number: receipt.reversed_number.as_deref(),
            issue_date: receipt.issue_date,
            payment_method: receipt.payment_method.as_deref(),
            currency: receipt.currency.as_deref(),
            order_number: receipt.order_number.as_deref(),
            lines: receipt.lines.iter().map(Into::into).collect(),
            net_total: receipt.net_total,
            vat_total: receipt.vat_total,
            gross_total: receipt.gross_total,
        }
    }
}

/// The answer of the receipt operations.
#[derive(Serialize)]
pub struct ReceiptAnswerJson<'a> {
    receipt: Option<ReceiptRecordJson<'a>>,
    pdf_base64: Option<String>,
}

impl<'a> From<&'a ReceiptAnswer> for ReceiptAnswerJson<'a> {
    fn from(answer: &'a ReceiptAnswer) -> Self {
        Self {
            receipt: answer.receipt.as_ref().map(Into::into),
            pdf_base64: base64_of(answer.pdf.as_ref()),
        }
    }
}

#[derive(Serialize)]
struct TaxpayerAddressJson<'a> {
    kind: Option<&'a str>,
    country_code: Option<&'a str>,
    postal_code: Option<&'a str>,
    city: Option<&'a str>,
    street_name: Option<&'a str>,
    public_place_category: Option<&'a str>,
    number: Option<&'a str>,
    building: Option<&'a str>,
    staircase: Option<&'a str>,
    floor: Option<&'a str>,
    door: Option<&'a str>,
}

impl<'a> From<&'a TaxpayerAddress> for TaxpayerAddressJson<'a> {
    fn from(address: &'a TaxpayerAddress) -> Self {
        Self {
            kind: address.kind.as_deref(),
            country_code: address.country_code.as_deref(),
            postal_code: address.postal_code.as_deref(),
            city: address.city.as_deref(),
            street_name: address.street_name.as_deref(),
            public_place_category: address.public_place_category.as_deref(),
            number: address.number.as_deref(),
            building: address.building.as_deref(),
            staircase: address.staircase.as_deref(),
            floor: address.floor.as_deref(),
            door: address.door.as_deref(),
        }
    }
}

/// A taxpayer as NAV knows it.
#[derive(Serialize)]
pub struct TaxpayerJson<'a> {
    success: bool,
    error_code: Option<&'a str>,
    error_message: Option<&'a str>,
    /// Whether NAV knows the tax number as valid; absent when NAV did not say.
    valid: Option<bool>,
    name: Option<&'a str>,
    tax_number_base: Option<&'a str>,
    vat_code: Option<&'a str>,
    county_code: Option<&'a str>,
    addresses: Vec<TaxpayerAddressJson<'a>>,
}

impl<'a> From<&'a TaxpayerAnswer> for TaxpayerJson<'a> {
    fn from(answer: &'a TaxpayerAnswer) -> Self {
        Self {
            success: answer.success,
            error_code: answer.raw_error_code.as_deref(),
            error_message: answer.error_message.as_deref(),
            valid: answer.valid,
            name: answer.name.as_deref(),
            tax_number_base: answer.tax_number_base.as_deref(),
            vat_code: answer.vat_code.as_deref(),
            county_code: answer.county_code.as_deref(),
            addresses: answer.addresses.iter().map(Into::into).collect(),
        }
    }
}

/// The client a face (C, PHP) holds: one account of one of the three services. Issuing and
/// reversing go through [`crate::backend::InvoicingBackend`]; every other operation is the
/// Agent's alone and is refused with [`Unsupported`] on the others.
#[derive(Debug)]
pub enum BackendClient {
    Agent(crate::backend::agent::AgentClient),
    PayBill(crate::backend::paybill::PayBillClient),
    Szamlahegy(crate::backend::szamlahegy::SzamlahegyClient),
}

impl BackendClient {
    pub fn name(&self) -> &'static str {
        use crate::backend::InvoicingBackend as _;
        use crate::backend::paybill::PAYBILL_BACKEND;
        match self {
            Self::Agent(agent) => agent.name(),
            Self::PayBill(_) => PAYBILL_BACKEND,
            Self::Szamlahegy(szamlahegy) => szamlahegy.name(),
        }
    }

    /// The Agent account for `operation` (`register a payment`, …), which only the Agent does.
    pub fn agent(
        &self,
        operation: &str,
    ) -> Result<&crate::backend::agent::AgentClient, crate::backend::Unsupported> {
        match self {
            Self::Agent(agent) => Ok(agent),
            other => Err(crate::backend::Unsupported::use_agent(
                other.name(),
                operation,
            )),
        }
    }

    /// Runs `run` with the operation issuing `document`: PayBill needs the gateway
    /// `transaction` (32 hex digits) it invoices, the other backends take none.
    pub fn with_issue<R>(
        &self,
        document: &InvoiceDocument,
        transaction: Option<&str>,
        run: impl FnOnce(&dyn crate::backend::OnceOperation) -> R,
    ) -> Result<R, BackendError> {
        use crate::backend::InvoicingBackend as _;
        use crate::backend::paybill::TransactionId;
        match (self, transaction) {
            (Self::PayBill(client), Some(transaction)) => {
                let transaction = TransactionId::new(transaction)
                    .map_err(|error| BackendError::Argument(error.to_string()))?;
                let backend = client.for_transaction(&transaction);
                Ok(run(backend.issue_document(document)?.as_ref()))
            }
            (Self::PayBill(_), None) => Err(BackendError::Argument(
                "PayBill invoices a gateway transaction: give its transaction id".to_owned(),
            )),
            (other, Some(_)) => Err(BackendError::Argument(format!(
                "a transaction id is for PayBill, not the {} backend",
                other.name()
            ))),
            (Self::Agent(client), None) => Ok(run(client.issue_document(document)?.as_ref())),
            (Self::Szamlahegy(client), None) => Ok(run(client.issue_document(document)?.as_ref())),
        }
    }

    /// Runs `run` with the operation reversing `reversal.original_number`.
    pub fn with_reverse<R>(
        &self,
        reversal: Reversal<'_>,
        run: impl FnOnce(&dyn crate::backend::OnceOperation) -> R,
    ) -> Result<R, BackendError> {
        use crate::backend::InvoicingBackend as _;
        use crate::backend::paybill::PAYBILL_BACKEND;
        let operation = match self {
            Self::Agent(client) => client.reverse_invoice(reversal)?,
            Self::Szamlahegy(client) => client.reverse_invoice(reversal)?,
            Self::PayBill(_) => {
                return Err(crate::backend::Unsupported::use_agent(
                    PAYBILL_BACKEND,
                    "reverse an invoice",
                )
                .into());
            }
        };
        Ok(run(operation.as_ref()))
    }
}
