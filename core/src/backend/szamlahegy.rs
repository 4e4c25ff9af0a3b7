//! Számlahegy: JSON over HTTPS. POST `{server}/api/v1/invoices` with `{"api_key", "invoice"}`;
//! the answer names the invoice's `id` and `guid`; the PDF is at
//! `{server}/user/invoices/download/{guid}`. The service also checks the caller's IP against
//! the merchant's allow-list.
//!
//! Choices where the vendor documents nothing (the sandbox implements them):
//! - amounts are decimal strings (Rails casts them to decimals exactly; a JSON number would be
//!   read as a float);
//! - the reconciling query is `GET {server}/api/v1/invoices?foreign_id=…` and the PDF download
//!   is authenticated, both with `Authorization: Bearer <api key>` (a guid alone must not hand
//!   out an invoice);
//! - the invoice number is the answer's `invoice_number`, or its `id` when absent;
//! - `foreign_id` is our external id, so the service's refusal of a duplicate `foreign_id`
//!   means the invoice exists, and the query by `foreign_id` adopts it.
//!
//! A storno is an invoice of kind `S` (a test document, `T`, in test mode) with its own
//! `foreign_id`: Számlahegy has no "reverse invoice X" call, so the storno repeats the original's
//! buyer, currency, dates and rows with the quantities negated, and names the original in its
//! header text. Nothing on the service links the two, so unlike the Agent's storno the query
//! cannot tell whether another storno already reversed the original.
//!
//! What Számlahegy cannot carry is refused, naming the Számla Agent: other kinds than invoice
//! and proforma, 0% VAT codes (TAM, AAM, EUT, …: its rows carry a rate only), a payable
//! correction, an exchange rate, languages other than hu/en/de/fr.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value, json};

use super::{
    BackendError, FoundDocument, InvoicingBackend, IssuedDocument, OnceOperation, QueryOutcome,
    Reversal, SendOutcome, Unsupported, already_issued, json_text, unsent,
};
use crate::agent::Secret;
use crate::document::{DocumentKind, InvoiceDocument, Language, Line, VatRate};
use crate::transport::{
    Exchange, HttpAnswer, HttpTransport, Method, TransportConfig, TransportError,
};

/// The backend's name in messages.
pub const SZAMLAHEGY_BACKEND: &str = "Számlahegy";

/// The production server.
pub const SZAMLAHEGY_SERVER: &str = "https://ugyfel.szamlahegy.hu";

const INVOICES: &str = "/api/v1/invoices";

/// Builds the `POST /api/v1/invoices` body. `test_mode` issues kind `T` (a test invoice).
pub fn invoice_request(
    document: &InvoiceDocument,
    api_key: &Secret,
    external_id: &str,
    test_mode: bool,
) -> Result<Vec<u8>, Unsupported> {
    let kind = kind_code(&document.kind, test_mode)?;
    request_body(api_key, document, external_id, kind)
}

/// Builds the `POST /api/v1/invoices` body of the storno reversing `reversal.original`
/// (see [`storno`]).
pub fn storno_request(
    reversal: Reversal<'_>,
    api_key: &Secret,
    external_id: &str,
    test_mode: bool,
) -> Result<Vec<u8>, BackendError> {
    let storno = storno(reversal)?;
    Ok(request_body(
        api_key,
        &storno,
        external_id,
        storno_kind(test_mode),
    )?)
}

fn request_body(
    api_key: &Secret,
    document: &InvoiceDocument,
    external_id: &str,
    kind: &'static str,
) -> Result<Vec<u8>, Unsupported> {
    let invoice = invoice_json(document, external_id, kind)?;
    Ok(json!({ "api_key": api_key.expose(), "invoice": invoice })
        .to_string()
        .into_bytes())
}

fn refuse(operation: impl Into<String>) -> Unsupported {
    Unsupported::use_agent(SZAMLAHEGY_BACKEND, operation)
}

/// The kind code: `N` normal, `D` proforma, `T` test.
fn kind_code(kind: &DocumentKind, test_mode: bool) -> Result<&'static str, Unsupported> {
    match kind {
        DocumentKind::Invoice if test_mode => Ok("T"),
        DocumentKind::Invoice => Ok("N"),
        DocumentKind::Proforma => Ok("D"),
        other => Err(refuse(format!("issue a {} document", other.slug()))),
    }
}

/// `S`, or `T` in test mode: a test invoice's storno must not be a real one.
fn storno_kind(test_mode: bool) -> &'static str {
    if test_mode { "T" } else { "S" }
}

/// The storno of `reversal.original` as a document: the original's buyer, currency, language
/// and dates, its lines with quantity and amounts negated (the service rounds halves away from
/// zero, so each negated row's amounts are exactly the original's negated), not marked paid
/// (the refund is not this document's to record), an e-invoice when the original is one or
/// `reversal.e_invoice` asks, and a header text naming the original. Refused without the
/// original, or when the original is not an invoice.
pub fn storno(reversal: Reversal<'_>) -> Result<InvoiceDocument<'_>, BackendError> {
    let number = reversal.original_number;
    let original = reversal.original.ok_or_else(|| {
        BackendError::Argument(format!(
            "{SZAMLAHEGY_BACKEND} reverses invoice {number} with a storno invoice that cancels its rows: give the original document"
        ))
    })?;
    if original.kind != DocumentKind::Invoice {
        return Err(BackendError::Argument(format!(
            "{SZAMLAHEGY_BACKEND} reverses invoices: the original of {number} given is a {} document",
            original.kind.slug()
        )));
    }
    let mut storno = original.clone();
    storno.e_invoice |= reversal.e_invoice;
    storno.header.paid = false;
    storno.header.comment = Some(Cow::Owned(storno_text(original.header.language, number)));
    for line in &mut storno.lines {
        line.quantity = -line.quantity;
        line.net = -line.net;
        line.vat = -line.vat;
        line.gross = -line.gross;
    }
    Ok(storno)
}

/// The header text naming the reversed invoice, in the invoice's language.
fn storno_text(language: Language, original_number: &str) -> String {
    match language {
        Language::En => format!("Cancellation (storno) of invoice {original_number}"),
        Language::De => format!("Stornierung der Rechnung {original_number}"),
        Language::Fr => format!("Annulation (storno) de la facture {original_number}"),
        _ => format!("A(z) {original_number} számú számla sztornója"),
    }
}

fn invoice_json(
    document: &InvoiceDocument,
    external_id: &str,
    kind: &'static str,
) -> Result<Value, Unsupported> {
    let header = &document.header;
    if header
        .payable_correction
        .is_some_and(|correction| !correction.is_zero())
    {
        return Err(refuse("carry a payable correction (fizetendoKorrekcio)"));
    }
    if header.exchange_rate.is_some() {
        return Err(refuse("carry an exchange rate"));
    }
    if !matches!(
        header.language,
        Language::Hu | Language::En | Language::De | Language::Fr
    ) {
        return Err(refuse(format!(
            "issue an invoice in language `{}`",
            header.language.code()
        )));
    }
    let buyer = &document.buyer;
    let mut invoice = Map::new();
    let mut put = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            invoice.insert(name.to_owned(), Value::String(value.to_owned()));
        }
    };
    put("customer_name", Some(&buyer.name));
    put("customer_city", Some(&buyer.address.city));
    put("customer_address", Some(&buyer.address.street));
    put("customer_zip", Some(&buyer.address.postcode));
    put("customer_country", buyer.address.country.as_deref());
    put(
        "customer_vatnr",
        buyer
            .tax_number
            .as_deref()
            .or(buyer.eu_tax_number.as_deref()),
    );
    put("customer_email", buyer.email.as_deref());
    put(
        "customer_contact_name",
        buyer
            .postal_address
            .as_ref()
            .and_then(|p| p.name.as_deref()),
    );
    put(
        "payment_method",
        Some(payment_method(&header.payment_method)),
    );
    put("payment_date", Some(&header.due_date.to_string()));
    put("perform_date", Some(&header.fulfilment_date.to_string()));
    let issue_date = header.issue_date.to_string();
    put("paid_at", header.paid.then_some(issue_date.as_str()));
    put("header", header.comment.as_deref());
    put("kind", Some(kind));
    put("foreign_id", Some(external_id));
    put("language", Some(header.language.code()));
    put("currency", Some(header.currency.as_str()));
    invoice.insert("signed".to_owned(), Value::Bool(document.e_invoice));
    // Gross-first rounding for private persons, as the mapping rounds their lines.
    let brutto_priority = !buyer.tax_status.is_business();
    let rows = document
        .lines
        .iter()
        .map(|line| row(line, brutto_priority))
        .collect::<Result<Vec<_>, _>>()?;
    invoice.insert("invoice_rows_attributes".to_owned(), Value::Array(rows));
    Ok(Value::Object(invoice))
}

/// `C` for cash (and cash on delivery), `B` (transfer) for everything else.
fn payment_method(printed: &str) -> &'static str {
    let lower = printed.to_lowercase();
    if ["készpénz", "utánvét", "cash"]
        .iter()
        .any(|word| lower.contains(word))
    {
        "C"
    } else {
        "B"
    }
}

fn row(line: &Line, brutto_priority: bool) -> Result<Value, Unsupported> {
    let VatRate::Percent(rate) = &line.vat_rate else {
        return Err(refuse(format!(
            "carry the 0% VAT code {} (line `{}`)",
            line.vat_rate.wire(),
            line.name
        )));
    };
    let mut row = json!({
        "name": line.name,
        "quantity": line.quantity.to_string(),
        "quantity_type": line.unit,
        "price_slab": line.unit_net_price.to_string(),
        "tax": rate.normalize().to_string(),
        "brutto_priority": brutto_priority,
    });
    if let Some(object) = row.as_object_mut() {
        if let Some(sku) = &line.sku {
            object.insert("productnr".to_owned(), Value::String(sku.to_string()));
        }
        if let Some(comment) = &line.comment {
            object.insert("detail".to_owned(), Value::String(comment.clone()));
        }
    }
    Ok(row)
}

/// An invoice as the service's answers describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SzamlahegyInvoice {
    pub id: String,
    pub guid: String,
    pub number: String,
    pub kind: Option<String>,
    pub foreign_id: Option<String>,
    pub net_total: Option<rust_decimal::Decimal>,
    pub gross_total: Option<rust_decimal::Decimal>,
}

/// Reads one invoice object (`id`, `guid`, optional `invoice_number`, `kind`, `foreign_id`,
/// totals as decimal strings).
pub fn parse_invoice(value: &Value) -> Option<SzamlahegyInvoice> {
    let text = |name: &'static str| json_text(value.get(name)?, name).ok().flatten();
    let amount = |name: &'static str| text(name).and_then(|t| crate::money::amount::parse(&t).ok());
    let id = text("id")?;
    Some(SzamlahegyInvoice {
        number: text("invoice_number").unwrap_or_else(|| id.clone()),
        guid: text("guid")?,
        id,
        kind: text("kind"),
        foreign_id: text("foreign_id"),
        net_total: amount("net_total"),
        gross_total: amount("gross_total"),
    })
}

/// The service's words on a refusal: `error`, or the `errors` object.
fn refusal_text(answer: &HttpAnswer) -> String {
    let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
    let detail = body
        .get("error")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| body.get("errors").map(Value::to_string))
        .unwrap_or_else(|| {
            String::from_utf8_lossy(&answer.body)
                .chars()
                .take(300)
                .collect()
        });
    format!("Számlahegy HTTP {}: {detail}", answer.status)
}

fn is_duplicate_foreign_id(answer: &HttpAnswer) -> bool {
    answer.status == 422
        && serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|body| body.get("errors")?.get("foreign_id").cloned())
            .is_some()
}

/// A Számlahegy account.
pub struct SzamlahegyClient {
    server: Box<dyn Exchange>,
    api_key: Secret,
    test_mode: bool,
}

impl fmt::Debug for SzamlahegyClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SzamlahegyClient")
            .field("api_key", &self.api_key)
            .field("test_mode", &self.test_mode)
            .finish_non_exhaustive()
    }
}

impl SzamlahegyClient {
    /// A client for the server at `config.endpoint` (e.g. [`SZAMLAHEGY_SERVER`]); `test_mode`
    /// issues test invoices (kind `T`).
    pub fn new(
        config: TransportConfig,
        api_key: Secret,
        test_mode: bool,
    ) -> Result<Self, TransportError> {
        Ok(Self::with_exchange(
            Box::new(HttpTransport::new(config)?),
            api_key,
            test_mode,
        ))
    }

    pub fn with_exchange(server: Box<dyn Exchange>, api_key: Secret, test_mode: bool) -> Self {
        Self {
            server,
            api_key,
            test_mode,
        }
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.api_key.expose())
    }

    /// An invoice's PDF by its guid.
    pub fn pdf(&self, guid: &str) -> Result<Vec<u8>, String> {
        let path = format!("/user/invoices/download/{}", encoded(guid));
        let bearer = self.bearer();
        let answer = self
            .server
            .request(Method::Get, &path, &[("Authorization", &bearer)], None)
            .map_err(|error| error.to_string())?;
        if answer.status == 200 && answer.body.starts_with(b"%PDF") {
            Ok(answer.body)
        } else {
            Err(refusal_text(&answer))
        }
    }

    /// The invoice carrying `foreign_id`, if any.
    pub fn find_by_foreign_id(
        &self,
        foreign_id: &str,
    ) -> Result<Option<SzamlahegyInvoice>, String> {
        let path = format!("{INVOICES}?foreign_id={}", encoded(foreign_id));
        let bearer = self.bearer();
        let answer = self
            .server
            .request(Method::Get, &path, &[("Authorization", &bearer)], None)
            .map_err(|error| error.to_string())?;
        if answer.status != 200 {
            return Err(refusal_text(&answer));
        }
        let body: Value = serde_json::from_slice(&answer.body)
            .map_err(|error| format!("Számlahegy: unreadable answer: {error}"))?;
        Ok(body
            .get("invoices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(parse_invoice)
            .find(|invoice| invoice.foreign_id.as_deref() == Some(foreign_id)))
    }

    /// The invoice as issued, with its PDF when the download works (the invoice exists
    /// either way).
    fn issued(&self, invoice: &SzamlahegyInvoice) -> IssuedDocument {
        IssuedDocument {
            number: invoice.number.clone(),
            net_total: invoice.net_total,
            gross_total: invoice.gross_total,
            pdf: self.pdf(&invoice.guid).ok(),
        }
    }
}

fn encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

impl InvoicingBackend for SzamlahegyClient {
    fn name(&self) -> &'static str {
        SZAMLAHEGY_BACKEND
    }

    fn issue_document<'a>(
        &'a self,
        document: &'a InvoiceDocument,
    ) -> Result<Box<dyn OnceOperation + 'a>, Unsupported> {
        let kind = kind_code(&document.kind, self.test_mode)?;
        Ok(Box::new(CreateInvoice {
            client: self,
            document: Cow::Borrowed(document),
            kind,
        }))
    }

    /// A storno invoice built from `reversal.original` ([`storno`]), which it needs.
    fn reverse_invoice<'a>(
        &'a self,
        reversal: Reversal<'a>,
    ) -> Result<Box<dyn OnceOperation + 'a>, BackendError> {
        Ok(Box::new(CreateInvoice {
            client: self,
            document: Cow::Owned(storno(reversal)?),
            kind: storno_kind(self.test_mode),
        }))
    }
}

/// Issuing one document (an invoice, a proforma, a storno) through Számlahegy.
struct CreateInvoice<'a> {
    client: &'a SzamlahegyClient,
    document: Cow<'a, InvoiceDocument<'a>>,
    kind: &'static str,
}

impl OnceOperation for CreateInvoice<'_> {
    fn send(&self, external_id: &str) -> SendOutcome {
        let client = self.client;
        let body = match request_body(&client.api_key, &self.document, external_id, self.kind) {
            Ok(body) => body,
            Err(unsupported) => {
                return SendOutcome::Rejected {
                    code: None,
                    message: unsupported.to_string(),
                };
            }
        };
        let answer = match client.server.request(
            Method::Post,
            INVOICES,
            &[],
            Some(("application/json", &body)),
        ) {
            Ok(answer) => answer,
            Err(error) => return unsent(error),
        };
        match answer.status {
            200 | 201 => {
                let invoice = serde_json::from_slice::<Value>(&answer.body)
                    .ok()
                    .as_ref()
                    .and_then(parse_invoice);
                match invoice {
                    Some(invoice) => SendOutcome::Issued(client.issued(&invoice)),
                    None => SendOutcome::Unknown {
                        reason: format!(
                            "Számlahegy HTTP {}: the answer names no invoice",
                            answer.status
                        ),
                    },
                }
            }
            _ if is_duplicate_foreign_id(&answer) => {
                already_issued(&refusal_text(&answer), self.find(external_id))
            }
            // Authentication, IP allow-list and validation refusals: nothing was issued.
            400..=499 => SendOutcome::Rejected {
                code: None,
                message: refusal_text(&answer),
            },
            _ => SendOutcome::Unknown {
                reason: refusal_text(&answer),
            },
        }
    }

    fn find(&self, external_id: &str) -> QueryOutcome {
        match self.client.find_by_foreign_id(external_id) {
            Ok(Some(invoice)) => QueryOutcome::Found(FoundDocument {
                kind_matches: invoice.kind.as_deref().is_none_or(|kind| kind == self.kind),
                reversed: false,
                order_number: None,
                document: self.client.issued(&invoice),
            }),
            Ok(None) => QueryOutcome::NotFound,
            Err(reason) => QueryOutcome::Failed { reason },
        }
    }
}
