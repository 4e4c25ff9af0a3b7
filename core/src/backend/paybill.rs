//! BIG FISH Payment Gateway PayBill: a plain invoice for a successful gateway transaction,
//! issued by the merchant's Számla Agent account on the gateway's side.
//!
//! Sans-IO: [`invoice_request`] builds the form POST (`method=Invoice`, `json={"TransactionId",
//! "InvoiceData"}`, HTTP Basic `storeName:apiKey`, a User-Agent naming the shop);
//! [`parse_answer`] reads `ResultCode`, `ResultMessage`, `ResponseId` and `Data` (`header`: the
//! Agent's raw headers, `xml`: `sikeres`, `szamlaszam`, totals, base64 `pdf`). [`PayBillClient`]
//! sends them over an [`Exchange`].
//!
//! Exactly once: `InvoiceData` carries our external id (`beallitasok/szamlaKulsoAzon`), so the
//! reconciling query asks the merchant's Számla Agent account by it — PayBill itself has no
//! query. `AlreadyInvoicedTransaction` means a document exists for the transaction: the same
//! query decides whether it is ours to adopt (see [`super::already_issued`]).

use std::fmt;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::agent::{AgentClient, kind_codes};
use super::{
    BackendError, InvoicingBackend, OnceOperation, QueryOutcome, Reversal, SendOutcome,
    Unsupported, already_issued, answered, issued, json_text, unsent,
};
use crate::agent::{
    self, Credentials, ErrorCode, InvoiceAnswer, InvoiceOptions, ParseError, Pdf, ResponseVersion,
    Secret, WireError,
};
use crate::document::{DocumentKind, InvoiceDocument};
use crate::transport::{Exchange, HttpTransport, TransportConfig, TransportError};

/// The backend's name in messages.
pub const PAYBILL_BACKEND: &str = "PayBill";

/// The gateway's test system.
pub const TEST_GATEWAY: &str = "https://system-test.paymentgateway.hu/api/payment/";

/// A gateway transaction id: 32 hexadecimal digits (an md5 hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionId(String);

impl TransactionId {
    pub fn new(text: &str) -> Result<Self, InvalidTransactionId> {
        if text.len() == 32 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidTransactionId(text.chars().take(64).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("PayBill transaction id `{0}` is not 32 hexadecimal digits")]
pub struct InvalidTransactionId(String);

/// The store's gateway login. The API key reaches the wire only in the Basic auth header.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreLogin {
    pub store_name: String,
    pub api_key: Secret,
}

impl fmt::Debug for StoreLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreLogin")
            .field("store_name", &self.store_name)
            .field("api_key", &self.api_key)
            .finish()
    }
}

/// The gateway's `ResultCode`: its own codes, or a Számlázz.hu error code it relays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultCode {
    Ok,
    AlreadyInvoicedTransaction,
    CurrencyError,
    InactiveStore,
    MissingParameter,
    MissingRemoteAddress,
    UnauthorizedAccess,
    UnauthorizedRemoteAddress,
    UnknownStore,
    UnknownTransaction,
    WrongApikey,
    WrongParameter,
    WrongTransactionStatus,
    /// A Számla Agent error code (`hibakod`) relayed by the gateway.
    Agent(ErrorCode),
    Other(String),
}

impl ResultCode {
    const NAMED: [(&'static str, Self); 13] = [
        ("OK", Self::Ok),
        (
            "AlreadyInvoicedTransaction",
            Self::AlreadyInvoicedTransaction,
        ),
        ("CurrencyError", Self::CurrencyError),
        ("InactiveStore", Self::InactiveStore),
        ("MissingParameter", Self::MissingParameter),
        ("MissingRemoteAddress", Self::MissingRemoteAddress),
        ("UnauthorizedAccess", Self::UnauthorizedAccess),
        ("UnauthorizedRemoteAddress", Self::UnauthorizedRemoteAddress),
        ("UnknownStore", Self::UnknownStore),
        ("UnknownTransaction", Self::UnknownTransaction),
        ("WrongApikey", Self::WrongApikey),
        ("WrongParameter", Self::WrongParameter),
        ("WrongTransactionStatus", Self::WrongTransactionStatus),
    ];

    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if let Some((_, code)) = Self::NAMED.iter().find(|(name, _)| *name == text) {
            return code.clone();
        }
        match text.parse::<u32>() {
            Ok(number) => Self::Agent(ErrorCode::from_code(number)),
            Err(_) => Self::Other(text.to_owned()),
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Agent(code) => write!(f, "{}", code.code()),
            Self::Other(text) => f.write_str(text),
            named => f.write_str(
                Self::NAMED
                    .iter()
                    .find(|(_, code)| code == named)
                    .map_or("?", |(name, _)| name),
            ),
        }
    }
}

/// A form POST ready for the gateway. `Debug` shows neither the auth header nor the body
/// (which carries the merchant's Agent credentials).
#[derive(Clone, PartialEq, Eq)]
pub struct PayBillRequest {
    pub content_type: &'static str,
    /// `Basic base64(storeName:apiKey)`.
    pub authorization: Secret,
    pub user_agent: String,
    pub body: Vec<u8>,
}

impl fmt::Debug for PayBillRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayBillRequest")
            .field("user_agent", &self.user_agent)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The User-Agent the gateway expects: `Invoice | <shop> | <platform> | <version>`.
pub fn user_agent(shop: &str) -> String {
    format!(
        "Invoice | {shop} | Rust libinvoice | {}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Builds the `Invoice` call for `document` on `transaction`. Only plain invoices go through
/// PayBill; every other kind is refused, naming the Számla Agent.
pub fn invoice_request(
    login: &StoreLogin,
    user_agent: &str,
    transaction: &TransactionId,
    document: &InvoiceDocument,
    agent_credentials: &Credentials,
    external_id: &str,
) -> Result<PayBillRequest, PayBillError> {
    refuse_unless_plain(document)?;
    let options = InvoiceOptions {
        download_pdf: true,
        response_version: ResponseVersion::Xml,
        external_id: Some(external_id.to_owned()),
        preview: false,
    };
    let invoice_data = agent::invoice_json(document, agent_credentials, &options)?;
    let mut call = Map::new();
    call.insert(
        "TransactionId".to_owned(),
        Value::String(transaction.0.clone()),
    );
    call.insert("InvoiceData".to_owned(), Value::Object(invoice_data));
    let json = Value::Object(call).to_string();
    let body = format!("method=Invoice&json={}", form_encoded(&json)).into_bytes();
    let credentials = format!("{}:{}", login.store_name, login.api_key.expose());
    Ok(PayBillRequest {
        content_type: "application/x-www-form-urlencoded",
        authorization: Secret::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )),
        user_agent: user_agent.to_owned(),
        body,
    })
}

fn refuse_unless_plain(document: &InvoiceDocument) -> Result<(), Unsupported> {
    match &document.kind {
        DocumentKind::Invoice => Ok(()),
        other => Err(Unsupported::use_agent(
            PAYBILL_BACKEND,
            format!("issue a {} document", other.slug()),
        )),
    }
}

/// `application/x-www-form-urlencoded`: unreserved bytes as they are, the rest `%XX`.
fn form_encoded(text: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SET).to_string()
}

/// Why a PayBill request could not be built; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayBillError {
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
}

/// The gateway's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayBillAnswer {
    pub result: ResultCode,
    pub message: Option<String>,
    pub response_id: Option<String>,
    /// What the Agent reported (`Data.xml`, completed from `Data.header`); default when the
    /// gateway refused before reaching the Agent.
    pub invoice: InvoiceAnswer,
}

/// Reads the gateway's JSON answer. Amounts must be decimal strings or integers: a JSON
/// fraction is refused rather than read through a float.
pub fn parse_answer(body: &[u8]) -> Result<PayBillAnswer, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| ParseError::NotUtf8)?;
    let root: Value = serde_json::from_str(text).map_err(|error| ParseError::Malformed {
        reason: error.to_string(),
    })?;
    let result = root
        .get("ResultCode")
        .and_then(Value::as_str)
        .map(ResultCode::parse)
        .ok_or(ParseError::MissingField("ResultCode"))?;
    let data = root.get("Data");
    let xml = data.and_then(|data| data.get("xml"));
    let from_header = data
        .and_then(|data| data.get("header"))
        .and_then(Value::as_str)
        .and_then(|raw| {
            agent::parse_invoice_answer(ResponseVersion::Headers, &header_lines(raw), b"").ok()
        })
        .unwrap_or_default();
    let field =
        |name: &'static str| xml.and_then(|xml| json_text(xml.get(name)?, name).transpose());
    let amount = |name: &'static str| {
        field(name)
            .transpose()?
            .map(|text| {
                crate::money::amount::parse(&text).map_err(|_| ParseError::InvalidField {
                    field: name,
                    value: text,
                })
            })
            .transpose()
    };
    let success = match field("sikeres").transpose()? {
        Some(text) => text == "true",
        None => result == ResultCode::Ok,
    };
    let error_code = match field("hibakod").transpose()? {
        Some(text) => Some(ErrorCode::from_code(text.parse().map_err(|_| {
            ParseError::InvalidField {
                field: "hibakod",
                value: text.clone(),
            }
        })?)),
        None => match &result {
            ResultCode::Agent(code) => Some(*code),
            _ => None,
        },
    };
    let message = root
        .get("ResultMessage")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let invoice = InvoiceAnswer {
        success,
        error_code,
        error_message: field("hibauzenet").transpose()?.or_else(|| message.clone()),
        invoice_number: field("szamlaszam")
            .transpose()?
            .or(from_header.invoice_number),
        net_total: amount("szamlanetto")?.or(from_header.net_total),
        gross_total: amount("szamlabrutto")?.or(from_header.gross_total),
        pdf: field("pdf")
            .transpose()?
            .map(|text| Pdf::from_base64(&text)),
        ..from_header
    };
    Ok(PayBillAnswer {
        result,
        message,
        response_id: root
            .get("ResponseId")
            .and_then(|id| json_text(id, "ResponseId").ok().flatten()),
        invoice,
    })
}

/// `Data.header`: the Agent's raw HTTP headers, one `name: value` a line.
fn header_lines(raw: &str) -> Vec<(String, String)> {
    raw.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

/// A PayBill store with the merchant's Számla Agent account behind it.
pub struct PayBillClient {
    gateway: Box<dyn Exchange>,
    login: StoreLogin,
    user_agent: String,
    /// The merchant's Agent account: its credentials travel in `InvoiceData`, and reconciling
    /// queries go to it directly.
    agent: AgentClient,
}

impl fmt::Debug for PayBillClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayBillClient")
            .field("login", &self.login)
            .field("user_agent", &self.user_agent)
            .field("agent", &self.agent)
            .finish_non_exhaustive()
    }
}

impl PayBillClient {
    /// A client posting to the gateway's `/api/payment/` over HTTPS, for shop `shop`.
    pub fn new(
        gateway: TransportConfig,
        login: StoreLogin,
        shop: &str,
        agent: AgentClient,
    ) -> Result<Self, TransportError> {
        Ok(Self::with_exchange(
            Box::new(HttpTransport::new(gateway)?),
            login,
            shop,
            agent,
        ))
    }

    pub fn with_exchange(
        gateway: Box<dyn Exchange>,
        login: StoreLogin,
        shop: &str,
        agent: AgentClient,
    ) -> Self {
        Self {
            gateway,
            login,
            user_agent: user_agent(shop),
            agent,
        }
    }

    /// The backend for one gateway transaction (PayBill invoices a transaction, not an order).
    pub fn for_transaction<'a>(&'a self, transaction: &'a TransactionId) -> PayBillTransaction<'a> {
        PayBillTransaction {
            client: self,
            transaction,
        }
    }
}

/// A [`PayBillClient`] bound to one transaction: an [`InvoicingBackend`].
#[derive(Debug, Clone, Copy)]
pub struct PayBillTransaction<'a> {
    client: &'a PayBillClient,
    transaction: &'a TransactionId,
}

impl InvoicingBackend for PayBillTransaction<'_> {
    fn name(&self) -> &'static str {
        PAYBILL_BACKEND
    }

    fn issue_document<'a>(
        &'a self,
        document: &'a InvoiceDocument,
    ) -> Result<Box<dyn OnceOperation + 'a>, Unsupported> {
        refuse_unless_plain(document)?;
        Ok(Box::new(CreateInvoice {
            backend: *self,
            document,
        }))
    }

    fn reverse_invoice<'a>(
        &'a self,
        _reversal: Reversal<'a>,
    ) -> Result<Box<dyn OnceOperation + 'a>, BackendError> {
        Err(Unsupported::use_agent(PAYBILL_BACKEND, "reverse an invoice").into())
    }
}

/// Issuing one plain invoice through PayBill.
struct CreateInvoice<'a> {
    backend: PayBillTransaction<'a>,
    document: &'a InvoiceDocument<'a>,
}

impl OnceOperation for CreateInvoice<'_> {
    fn send(&self, external_id: &str) -> SendOutcome {
        let client = self.backend.client;
        let request = match invoice_request(
            &client.login,
            &client.user_agent,
            self.backend.transaction,
            self.document,
            client.agent.credentials(),
            external_id,
        ) {
            Ok(request) => request,
            Err(error) => {
                return SendOutcome::Rejected {
                    code: None,
                    message: error.to_string(),
                };
            }
        };
        let headers = [
            ("Authorization", request.authorization.expose()),
            ("User-Agent", request.user_agent.as_str()),
        ];
        let answer = match client
            .gateway
            .post(request.content_type, &headers, &request.body)
        {
            Ok(answer) => answer,
            Err(error) => return unsent(error),
        };
        let parsed = match parse_answer(&answer.body) {
            Ok(parsed) => parsed,
            Err(error) => {
                return SendOutcome::Unknown {
                    reason: format!("PayBill HTTP {}: {error}", answer.status),
                };
            }
        };
        let refusal = format!(
            "PayBill {}: {}",
            parsed.result,
            parsed.message.as_deref().unwrap_or("no message")
        );
        match parsed.result {
            ResultCode::Ok | ResultCode::Agent(_) => answered(Ok(parsed.invoice), &answer, issued),
            ResultCode::AlreadyInvoicedTransaction => {
                already_issued(&refusal, self.find(external_id))
            }
            // A code this library does not know: nobody can say whether an invoice was made.
            ResultCode::Other(_) => SendOutcome::Unknown { reason: refusal },
            _ => SendOutcome::Rejected {
                code: None,
                message: refusal,
            },
        }
    }

    fn find(&self, external_id: &str) -> QueryOutcome {
        let codes = kind_codes(&DocumentKind::Invoice);
        self.backend
            .client
            .agent
            .find_by_external_id(external_id, |kind| codes.contains(&kind))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn transaction_ids_are_32_hex_digits() {
        assert!(TransactionId::new("a4d6f6f27f2116da21da62d705dbd7ef").is_ok());
        for bad in [
            "",
            "a4d6f6f27f2116da21da62d705dbd7e",
            "g4d6f6f27f2116da21da62d705dbd7ef",
        ] {
            assert!(TransactionId::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_result_code_round_trips() {
        for (name, code) in ResultCode::NAMED {
            assert_eq!(ResultCode::parse(name), code);
            assert_eq!(code.to_string(), name);
        }
        assert_eq!(
            ResultCode::parse("57"),
            ResultCode::Agent(ErrorCode::from_code(57))
        );
        assert_eq!(
            ResultCode::parse("SomethingNew"),
            ResultCode::Other("SomethingNew".to_owned())
        );
    }

    /// The answer of the vendor's documented example (PDF shortened).
    #[test]
    fn reads_the_documented_answer() {
        let body = br#"{"Data":{"header":"HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nszlahu_kintlevoseg: 0\nszlahu_nettovegosszeg: 30000\nszlahu_szamlaszam: E-2017-282\nszlahu_bruttovegosszeg: 37500\nContent-Type: application/octet-stream","xml":{"sikeres":"true","szamlaszam":"E-2017-282","szamlanetto":"30000","szamlabrutto":"37500","pdf":"\nJVBERi0xLjUK\n"}},"ResultCode":"OK","ResultMessage":null,"ResponseId":"3202109280600047708"}"#;
        let answer = parse_answer(body).unwrap();
        assert_eq!(answer.result, ResultCode::Ok);
        assert_eq!(answer.response_id.as_deref(), Some("3202109280600047708"));
        assert!(answer.invoice.success);
        assert_eq!(answer.invoice.invoice_number.as_deref(), Some("E-2017-282"));
        assert_eq!(answer.invoice.gross_total, Some(37500.into()));
        assert_eq!(
            answer.invoice.outstanding,
            Some(0.into()),
            "from the header"
        );
        assert_eq!(
            answer.invoice.pdf.as_ref().and_then(Pdf::bytes),
            Some(&b"%PDF-1.5\n"[..])
        );
        let float = br#"{"ResultCode":"OK","Data":{"xml":{"szamlanetto":30000.5}}}"#;
        assert!(parse_answer(float).is_err(), "money never through a float");
    }
}
