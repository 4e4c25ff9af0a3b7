//! The Számla Agent backend: every operation of DOMAIN.md's table over an [`Exchange`], and
//! invoice creation and reversal as [`OnceOperation`]s for the exactly-once protocol.

pub use super::RETRY_AFTER;
use super::{
    AGENT_BACKEND, BackendError, FoundDocument, InvoicingBackend, IssuedDocument, OnceOperation,
    QueryOutcome, Reversal, SendOutcome, Unsupported, already_issued, answered, issued, unsent,
};
use crate::agent::{
    self, CreateReceipt, Credentials, DeleteProforma, ErrorCode, GetReceipt, GetReceiptByCallId,
    InvoiceAnswer, InvoiceData, InvoiceOptions, InvoicePdf, InvoiceQueryAnswer, InvoiceRecord,
    InvoiceSelector, ParseError, QueryTaxpayer, ReceiptAnswer, RegisterPayment, ResponseVersion,
    ReverseInvoice, ReverseReceipt, SendReceipt, SimpleAnswer, TaxpayerAnswer, WireError,
    WireRequest,
};
use crate::document::{DocumentKind, InvoiceDocument};
use crate::transport::{Exchange, HttpAnswer, HttpTransport, TransportConfig, TransportError};

/// Why a direct (not exactly-once) operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("unreadable answer: {0}")]
    Answer(#[from] ParseError),
    /// The service refused (`hibakod`, `hibauzenet`).
    #[error("refused by the service ({}): {message}", code.map_or_else(|| "no code".to_owned(), |c| c.code().to_string()))]
    Refused {
        code: Option<ErrorCode>,
        message: String,
    },
}

/// A Számla Agent account: where to reach it and how to log in.
pub struct AgentClient {
    transport: Box<dyn Exchange>,
    credentials: Credentials,
}

impl std::fmt::Debug for AgentClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentClient")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl AgentClient {
    /// A client reaching the service over HTTPS.
    pub fn new(config: TransportConfig, credentials: Credentials) -> Result<Self, TransportError> {
        Ok(Self::with_exchange(
            Box::new(HttpTransport::new(config)?),
            credentials,
        ))
    }

    /// A client reaching the service through `transport`.
    pub fn with_exchange(transport: Box<dyn Exchange>, credentials: Credentials) -> Self {
        Self {
            transport,
            credentials,
        }
    }

    fn post(&self, wire: &WireRequest) -> Result<HttpAnswer, TransportError> {
        self.transport.post(wire.content_type, &[], &wire.body)
    }

    fn invoice_answer(
        &self,
        wire: &WireRequest,
        version: ResponseVersion,
    ) -> Result<InvoiceAnswer, AgentError> {
        let answer = self.post(wire)?;
        let parsed = agent::parse_invoice_answer(version, &answer.headers, &answer.body)?;
        refused_unless_success(parsed)
    }

    /// Creating `document` exactly once (pass to [`super::issue`]).
    pub fn create<'a>(&'a self, document: &'a InvoiceDocument) -> CreateDocument<'a> {
        CreateDocument {
            client: self,
            document,
        }
    }

    /// Creating `receipt` exactly once: its call id (`hivasAzonosito`) is the external id, so a
    /// repeated send is refused (338) and the receipt is found by it.
    pub fn issue_receipt<'a>(&'a self, receipt: &'a CreateReceipt) -> IssueReceipt<'a> {
        IssueReceipt {
            client: self,
            receipt,
        }
    }

    /// Reversing invoice `original_number` exactly once; the storno is issued today.
    pub fn reverse<'a>(&'a self, original_number: &'a str, e_invoice: bool) -> Reverse<'a> {
        Reverse {
            client: self,
            original_number,
            e_invoice,
        }
    }

    /// Registers payments on an invoice (`xmlszamlakifiz`); answers the outstanding amount.
    pub fn register_payment(&self, request: &RegisterPayment) -> Result<InvoiceAnswer, AgentError> {
        self.invoice_answer(&request.to_wire(&self.credentials)?, ResponseVersion::Xml)
    }

    /// The PDF of an invoice (`xmlszamlapdf`).
    pub fn invoice_pdf(&self, selector: InvoiceSelector) -> Result<Vec<u8>, AgentError> {
        let request = InvoicePdf {
            selector,
            response_version: ResponseVersion::Xml,
        };
        let answer =
            self.invoice_answer(&request.to_wire(&self.credentials)?, ResponseVersion::Xml)?;
        answer
            .pdf
            .as_ref()
            .and_then(|pdf| pdf.bytes().map(<[u8]>::to_vec))
            .ok_or(AgentError::Answer(ParseError::MissingField(
                "a readable pdf",
            )))
    }

    /// An invoice's data (`xmlszamlaxml`).
    pub fn invoice_data(
        &self,
        selector: InvoiceSelector,
        include_pdf: bool,
    ) -> Result<InvoiceRecord, AgentError> {
        let request = InvoiceData {
            selector,
            include_pdf,
        };
        let answer = self.post(&request.to_wire(&self.credentials)?)?;
        match agent::parse_invoice_query_answer(&answer.body)? {
            InvoiceQueryAnswer::Found(record) => Ok(*record),
            InvoiceQueryAnswer::Refused(refusal) => Err(refusal_of(refusal.as_ref())),
        }
    }

    /// Deletes a proforma (`xmlszamladbkdel`).
    pub fn delete_proforma(&self, request: &DeleteProforma) -> Result<SimpleAnswer, AgentError> {
        let answer = self.post(&request.to_wire(&self.credentials)?)?;
        refused_unless_success(agent::parse_proforma_deletion_answer(&answer.body)?)
    }

    /// Creates a receipt (`xmlnyugtacreate`); its call id guards against duplicates (338).
    pub fn create_receipt(&self, request: &CreateReceipt) -> Result<ReceiptAnswer, AgentError> {
        self.receipt(&request.to_wire(&self.credentials)?)
    }

    /// Reverses a receipt (`xmlnyugtast`).
    pub fn reverse_receipt(&self, request: &ReverseReceipt) -> Result<ReceiptAnswer, AgentError> {
        self.receipt(&request.to_wire(&self.credentials)?)
    }

    /// Fetches a receipt (`xmlnyugtaget`).
    pub fn get_receipt(&self, request: &GetReceipt) -> Result<ReceiptAnswer, AgentError> {
        self.receipt(&request.to_wire(&self.credentials)?)
    }

    fn receipt(&self, wire: &WireRequest) -> Result<ReceiptAnswer, AgentError> {
        let answer = self.post(wire)?;
        refused_unless_success(agent::parse_receipt_answer(&answer.body)?)
    }

    /// E-mails a receipt (`xmlnyugtasend`).
    pub fn send_receipt(&self, request: &SendReceipt) -> Result<SimpleAnswer, AgentError> {
        let answer = self.post(&request.to_wire(&self.credentials)?)?;
        refused_unless_success(agent::parse_receipt_send_answer(&answer.body)?)
    }

    /// Looks a Hungarian taxpayer up in NAV's register (`xmltaxpayer`).
    pub fn query_taxpayer(&self, request: &QueryTaxpayer) -> Result<TaxpayerAnswer, AgentError> {
        let answer = self.post(&request.to_wire(&self.credentials)?)?;
        Ok(agent::parse_taxpayer_answer(&answer.body)?)
    }

    /// Sends a create or storno request and classifies what came back.
    fn send_issuing(&self, wire: Result<WireRequest, WireError>) -> SendOutcome {
        let wire = match wire {
            Ok(wire) => wire,
            Err(error) => {
                return SendOutcome::Rejected {
                    code: None,
                    message: error.to_string(),
                };
            }
        };
        let answer = match self.post(&wire) {
            Ok(answer) => answer,
            Err(error) => return unsent(error),
        };
        answered(
            agent::parse_invoice_answer(ResponseVersion::Xml, &answer.headers, &answer.body),
            &answer,
            issued,
        )
    }

    /// The account's credentials, which PayBill's `InvoiceData` carries.
    pub(crate) fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Queries by external id and describes what it finds.
    pub(crate) fn find_by_external_id(
        &self,
        external_id: &str,
        matches_kind: impl Fn(&str) -> bool,
    ) -> QueryOutcome {
        match self.invoice_data(InvoiceSelector::ExternalId(external_id.to_owned()), true) {
            Ok(record) => QueryOutcome::Found(FoundDocument {
                kind_matches: matches_kind(&record.kind),
                reversed: record.reversed,
                order_number: record.order_number.clone(),
                document: IssuedDocument {
                    pdf: record
                        .pdf
                        .as_ref()
                        .and_then(|pdf| pdf.bytes().map(<[u8]>::to_vec)),
                    net_total: record.net_total,
                    gross_total: record.gross_total,
                    number: record.number,
                },
            }),
            Err(AgentError::Refused {
                code: Some(ErrorCode::MissingData),
                ..
            }) => QueryOutcome::NotFound,
            Err(error) => QueryOutcome::Failed {
                reason: error.to_string(),
            },
        }
    }
}

fn refusal_of(answer: &(impl agent::AgentAnswer + ?Sized)) -> AgentError {
    AgentError::Refused {
        code: answer.error_code(),
        message: answer.error_message().unwrap_or_default().to_owned(),
    }
}

fn refused_unless_success<A: agent::AgentAnswer>(answer: A) -> Result<A, AgentError> {
    if answer.success() {
        Ok(answer)
    } else {
        Err(refusal_of(&answer))
    }
}

impl InvoicingBackend for AgentClient {
    fn name(&self) -> &'static str {
        AGENT_BACKEND
    }

    fn issue_document<'a>(
        &'a self,
        document: &'a InvoiceDocument,
    ) -> Result<Box<dyn OnceOperation + 'a>, Unsupported> {
        Ok(Box::new(self.create(document)))
    }

    /// By number: the service holds the original.
    fn reverse_invoice<'a>(
        &'a self,
        reversal: Reversal<'a>,
    ) -> Result<Box<dyn OnceOperation + 'a>, BackendError> {
        Ok(Box::new(
            self.reverse(reversal.original_number, reversal.e_invoice),
        ))
    }
}

/// The `tipus` codes the service reports for each document kind.
pub(crate) fn kind_codes(kind: &DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::Invoice => &["SZ", "E"],
        DocumentKind::Proforma => &["D"],
        DocumentKind::DeliveryNote => &["SL"],
        DocumentKind::Deposit => &["ES"],
        DocumentKind::Final { .. } => &["VS"],
        DocumentKind::Corrective { .. } => &["HS"],
    }
}

/// Issuing one document through the Agent.
pub struct CreateDocument<'a> {
    client: &'a AgentClient,
    document: &'a InvoiceDocument<'a>,
}

impl OnceOperation for CreateDocument<'_> {
    fn send(&self, external_id: &str) -> SendOutcome {
        let options = InvoiceOptions {
            download_pdf: true,
            response_version: ResponseVersion::Xml,
            external_id: Some(external_id.to_owned()),
            preview: false,
        };
        self.client.send_issuing(agent::create_invoice(
            self.document,
            &self.client.credentials,
            &options,
        ))
    }

    fn find(&self, external_id: &str) -> QueryOutcome {
        let codes = kind_codes(&self.document.kind);
        self.client
            .find_by_external_id(external_id, |kind| codes.contains(&kind))
    }
}

/// Reversing one invoice through the Agent.
pub struct Reverse<'a> {
    client: &'a AgentClient,
    original_number: &'a str,
    e_invoice: bool,
}

impl OnceOperation for Reverse<'_> {
    fn send(&self, external_id: &str) -> SendOutcome {
        let request = ReverseInvoice {
            invoice_number: self.original_number.to_owned(),
            issue_date: None,
            fulfilment_date: None,
            e_invoice: self.e_invoice,
            download_pdf: true,
            response_version: ResponseVersion::Xml,
            external_id: Some(external_id.to_owned()),
            buyer_email: None,
            seller_email: None,
        };
        self.client
            .send_issuing(request.to_wire(&self.client.credentials))
    }

    /// Our storno by its external id; failing that, the original's reversal state: reversed by
    /// some other storno means ours must not be sent.
    fn find(&self, external_id: &str) -> QueryOutcome {
        let ours = self
            .client
            .find_by_external_id(external_id, |kind| kind == "SS");
        if ours != QueryOutcome::NotFound {
            return ours;
        }
        let original = InvoiceSelector::Number(self.original_number.to_owned());
        match self.client.invoice_data(original, false) {
            Ok(record) if record.reversed => QueryOutcome::Conflict {
                reason: format!(
                    "invoice {} was already reversed by another storno",
                    self.original_number
                ),
            },
            Ok(_) => QueryOutcome::NotFound,
            Err(error) => QueryOutcome::Failed {
                reason: error.to_string(),
            },
        }
    }
}

/// Creating one receipt through the Agent.
pub struct IssueReceipt<'a> {
    client: &'a AgentClient,
    receipt: &'a CreateReceipt,
}

/// A receipt as an issued document.
fn receipt_document(answer: &ReceiptAnswer) -> IssuedDocument {
    let receipt = answer.receipt.as_ref();
    IssuedDocument {
        number: receipt.map(|r| r.number.clone()).unwrap_or_default(),
        net_total: receipt.and_then(|r| r.net_total),
        gross_total: receipt.and_then(|r| r.gross_total),
        pdf: answer
            .pdf
            .as_ref()
            .and_then(|pdf| pdf.bytes().map(<[u8]>::to_vec)),
    }
}

impl OnceOperation for IssueReceipt<'_> {
    fn send(&self, external_id: &str) -> SendOutcome {
        let request = CreateReceipt {
            call_id: Some(external_id.to_owned()),
            ..self.receipt.clone()
        };
        let wire = match request.to_wire(&self.client.credentials) {
            Ok(wire) => wire,
            Err(error) => {
                return SendOutcome::Rejected {
                    code: None,
                    message: error.to_string(),
                };
            }
        };
        let answer = match self.client.post(&wire) {
            Ok(answer) => answer,
            Err(error) => return unsent(error),
        };
        let parsed = agent::parse_receipt_answer(&answer.body);
        if matches!(&parsed, Ok(refusal) if refusal.error_code == Some(ErrorCode::from_code(338))) {
            return already_issued(
                "the receipt call id was already used (338)",
                self.find(external_id),
            );
        }
        answered(parsed, &answer, receipt_document)
    }

    fn find(&self, external_id: &str) -> QueryOutcome {
        let query = GetReceiptByCallId {
            call_id: external_id.to_owned(),
            download_pdf: true,
        };
        let found = query
            .to_wire(&self.client.credentials)
            .map_err(AgentError::from)
            .and_then(|wire| self.client.receipt(&wire));
        match found {
            Ok(answer) => {
                let receipt = answer.receipt.as_ref();
                QueryOutcome::Found(FoundDocument {
                    order_number: receipt.and_then(|r| r.order_number.clone()),
                    // `SN` is a receipt storno, never what a create made.
                    kind_matches: receipt.and_then(|r| r.kind.as_deref()) != Some("SN"),
                    reversed: receipt.is_some_and(|r| r.reversed),
                    document: receipt_document(&answer),
                })
            }
            Err(AgentError::Refused { code, .. }) if code == Some(ErrorCode::from_code(339)) => {
                QueryOutcome::NotFound
            }
            Err(error) => QueryOutcome::Failed {
                reason: error.to_string(),
            },
        }
    }
}
