//! Parsing the Agent's answers. Every parser takes arbitrary bytes and returns a value or a
//! [`ParseError`]; none panics. An answer that cannot be parsed must be treated as an unknown
//! outcome and reconciled (see [`super::classify_result`]).

use std::fmt;

use base64::Engine as _;
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::error_code::ErrorCode;
use super::wire::ResponseVersion;
use super::xml_reader::{Element, parse_document};
use crate::money::amount;

/// An answer body could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the answer is not UTF-8")]
    NotUtf8,
    /// Not well-formed XML, or cut short.
    #[error("the answer is not well-formed XML: {reason}")]
    Malformed { reason: String },
    /// Well-formed, but another document (an HTML page, another operation's answer).
    #[error("expected an answer <{expected}>, found <{found}>")]
    UnexpectedRoot {
        expected: &'static str,
        found: String,
    },
    /// A text answer that is neither a known success nor an `[ERR]` report.
    #[error("unrecognised answer: {excerpt}")]
    Unrecognised { excerpt: String },
    #[error("the answer lacks {0}")]
    MissingField(&'static str),
    #[error("{field}: unreadable value `{value}`")]
    InvalidField { field: &'static str, value: String },
}

/// A PDF delivered base64-encoded (or as the body of a version 1 answer).
///
/// An undecodable PDF does not undo what the answer reports: the document still exists.
#[derive(Clone, PartialEq, Eq)]
pub enum Pdf {
    Bytes(Vec<u8>),
    Undecodable { reason: String },
}

impl Pdf {
    pub(crate) fn from_base64(text: &str) -> Self {
        // The service wraps base64 in lines.
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(compact) {
            Ok(bytes) => Self::Bytes(bytes),
            Err(error) => Self::Undecodable {
                reason: error.to_string(),
            },
        }
    }

    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes(bytes) => Some(bytes),
            Self::Undecodable { .. } => None,
        }
    }
}

impl fmt::Debug for Pdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => write!(f, "Pdf({} bytes)", bytes.len()),
            Self::Undecodable { reason } => write!(f, "Pdf(undecodable: {reason})"),
        }
    }
}

/// The `AgentAnswer` methods of an answer type with `success`, `error_code` and `error_message`
/// fields.
macro_rules! status_fields {
    () => {
        fn success(&self) -> bool {
            self.success
        }
        fn error_code(&self) -> Option<ErrorCode> {
            self.error_code
        }
        fn error_message(&self) -> Option<&str> {
            self.error_message.as_deref()
        }
    };
}

/// What every answer reports: success, or a vendor error code and message.
pub trait AgentAnswer {
    fn success(&self) -> bool;
    fn error_code(&self) -> Option<ErrorCode>;
    /// The service's own words on a failure (`hibauzenet`).
    fn error_message(&self) -> Option<&str>;
    /// The number of the document the answer names (invoice or receipt number).
    fn document_number(&self) -> Option<&str>;
    /// The service said it is down, and why (`szlahu_down`).
    fn down_message(&self) -> Option<&str> {
        None
    }
    fn service_down(&self) -> bool {
        self.down_message().is_some()
    }
}

/// The answer to a create, storno, credit entry or PDF query: `xmlszamlavalasz` (version 2)
/// or `szlahu_*` headers with a PDF or text body (version 1).
#[doc(alias = "xmlszamlavalasz")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceAnswer {
    #[doc(alias = "sikeres")]
    pub success: bool,
    #[doc(alias = "hibakod")]
    #[doc(alias = "szlahu_error_code")]
    pub error_code: Option<ErrorCode>,
    #[doc(alias = "hibauzenet")]
    #[doc(alias = "szlahu_error")]
    pub error_message: Option<String>,
    /// The maintenance message of `szlahu_down`.
    #[doc(alias = "szlahu_down")]
    pub down_message: Option<String>,
    #[doc(alias = "szamlaszam")]
    #[doc(alias = "szlahu_szamlaszam")]
    pub invoice_number: Option<String>,
    /// The service's internal id (version 1 only).
    #[doc(alias = "szlahu_id")]
    pub invoice_id: Option<String>,
    #[doc(alias = "szamlanetto")]
    #[doc(alias = "szlahu_nettovegosszeg")]
    pub net_total: Option<Decimal>,
    #[doc(alias = "szamlabrutto")]
    #[doc(alias = "szlahu_bruttovegosszeg")]
    pub gross_total: Option<Decimal>,
    /// Amount still unpaid.
    #[doc(alias = "kintlevoseg")]
    #[doc(alias = "szlahu_kintlevoseg")]
    pub outstanding: Option<Decimal>,
    /// The buyer's account page.
    #[doc(alias = "vevoifiokurl")]
    #[doc(alias = "szlahu_vevoifiokurl")]
    pub buyer_account_url: Option<String>,
    pub pdf: Option<Pdf>,
}

impl AgentAnswer for InvoiceAnswer {
    status_fields!();
    fn document_number(&self) -> Option<&str> {
        self.invoice_number.as_deref()
    }
    fn down_message(&self) -> Option<&str> {
        self.down_message.as_deref()
    }
}

/// The answer to a receipt create, storno or query (`xmlnyugtavalasz`).
#[doc(alias = "xmlnyugtavalasz")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptAnswer {
    #[doc(alias = "sikeres")]
    pub success: bool,
    #[doc(alias = "hibakod")]
    pub error_code: Option<ErrorCode>,
    #[doc(alias = "hibauzenet")]
    pub error_message: Option<String>,
    #[doc(alias = "nyugtaPdf")]
    pub pdf: Option<Pdf>,
    #[doc(alias = "nyugta")]
    pub receipt: Option<ReceiptRecord>,
}

impl AgentAnswer for ReceiptAnswer {
    status_fields!();
    fn document_number(&self) -> Option<&str> {
        self.receipt.as_ref().map(|receipt| receipt.number.as_str())
    }
}

/// A receipt as the service reports it (`nyugta`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptRecord {
    pub id: Option<String>,
    #[doc(alias = "hivasAzonosito")]
    pub call_id: Option<String>,
    #[doc(alias = "nyugtaszam")]
    pub number: String,
    /// `NY` (receipt) or `SN` (receipt storno).
    #[doc(alias = "tipus")]
    pub kind: Option<String>,
    #[doc(alias = "stornozott")]
    pub reversed: bool,
    #[doc(alias = "stornozottNyugtaszam")]
    pub reversed_number: Option<String>,
    #[doc(alias = "kelt")]
    pub issue_date: Option<Date>,
    #[doc(alias = "fizmod")]
    pub payment_method: Option<String>,
    #[doc(alias = "penznem")]
    pub currency: Option<String>,
    #[doc(alias = "rendelesSzam")]
    pub order_number: Option<String>,
    pub lines: Vec<ReceiptRecordLine>,
    /// `osszegek/totalossz`.
    pub net_total: Option<Decimal>,
    pub vat_total: Option<Decimal>,
    pub gross_total: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecordLine {
    pub name: String,
    pub sku: Option<String>,
    pub quantity: Decimal,
    pub unit: Option<String>,
    pub unit_net_price: Decimal,
    /// `afakulcs` as written (`27`, `27.0`, `AAM`).
    pub vat_rate: Option<String>,
    pub net: Decimal,
    pub vat: Decimal,
    pub gross: Decimal,
}

/// An answer that only says whether it worked: receipt e-mail (`xmlnyugtasendvalasz`),
/// proforma deletion (`xmlszamladbkdelvalasz`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleAnswer {
    #[doc(alias = "sikeres")]
    pub success: bool,
    #[doc(alias = "hibakod")]
    pub error_code: Option<ErrorCode>,
    #[doc(alias = "hibauzenet")]
    pub error_message: Option<String>,
}

impl AgentAnswer for SimpleAnswer {
    status_fields!();
    fn document_number(&self) -> Option<&str> {
        None
    }
}

/// The answer to an invoice data query (`xmlszamlaxml`): the `szamla` document, or an
/// `xmlszamlavalasz` refusal (code 7 when nothing matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceQueryAnswer {
    Found(Box<InvoiceRecord>),
    Refused(Box<InvoiceAnswer>),
}

/// An issued document as the service reports it (`szamla`).
#[doc(alias = "szamla")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceRecord {
    #[doc(alias = "szamlaszam")]
    pub number: String,
    /// `SZ` invoice, `D` proforma, `ES` deposit, `VS` final, `HS` corrective, `SS` storno,
    /// `SL` delivery note (and `E`, seen for e-invoices).
    #[doc(alias = "tipus")]
    pub kind: String,
    /// `eszamla`: 0 or 1 paper, other values electronic.
    #[doc(alias = "eszamla")]
    pub appearance: Option<String>,
    /// The invoice this one refers to: the reversed original of a storno, the corrected one.
    #[doc(alias = "hivszamlaszam")]
    pub referenced_number: Option<String>,
    #[doc(alias = "hivdijbekszam")]
    pub proforma_number: Option<String>,
    #[doc(alias = "rendelesszam")]
    pub order_number: Option<String>,
    /// Present only if the service reports it (`szamlaKulsoAzon`; not in `szamla.xsd`).
    #[doc(alias = "szamlaKulsoAzon")]
    pub external_id: Option<String>,
    /// This invoice has been reversed by a storno (`sztornozott`); absent means live.
    #[doc(alias = "sztornozott")]
    pub reversed: bool,
    #[doc(alias = "kelt")]
    pub issue_date: Option<Date>,
    #[doc(alias = "telj")]
    pub fulfilment_date: Option<Date>,
    #[doc(alias = "fizh")]
    pub due_date: Option<Date>,
    #[doc(alias = "devizanem")]
    pub currency: Option<String>,
    #[doc(alias = "vevo/nev")]
    pub buyer_name: Option<String>,
    #[doc(alias = "vevo/email")]
    pub buyer_email: Option<String>,
    pub lines: Vec<InvoiceRecordLine>,
    /// `osszegek/totalossz`.
    pub net_total: Option<Decimal>,
    pub vat_total: Option<Decimal>,
    pub gross_total: Option<Decimal>,
    /// Test account (`teszt`).
    #[doc(alias = "teszt")]
    pub test: Option<bool>,
    pub pdf: Option<Pdf>,
}

impl InvoiceRecord {
    /// The document kind is the `Storno` one.
    pub fn is_storno(&self) -> bool {
        self.kind == "SS"
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRecordLine {
    #[doc(alias = "nev")]
    pub name: String,
    #[doc(alias = "azonosito")]
    pub sku: Option<String>,
    pub quantity: Decimal,
    pub unit: Option<String>,
    pub unit_net_price: Decimal,
    /// `afakulcs` as written.
    pub vat_rate: Option<String>,
    pub net: Decimal,
    pub vat: Decimal,
    pub gross: Decimal,
    pub comment: Option<String>,
}

/// The NAV taxpayer lookup answer (`QueryTaxpayerResponse`, OSA namespaces).
#[doc(alias = "QueryTaxpayerResponse")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaxpayerAnswer {
    /// `result/funcCode` is `OK`.
    #[doc(alias = "funcCode")]
    pub success: bool,
    /// A numeric `errorCode` (the Agent's own codes, e.g. 57).
    pub error_code: Option<ErrorCode>,
    /// `errorCode` as written; NAV may answer with a non-numeric code.
    #[doc(alias = "errorCode")]
    pub raw_error_code: Option<String>,
    #[doc(alias = "message")]
    pub error_message: Option<String>,
    /// Whether NAV knows the tax number as valid (`taxpayerValidity`).
    #[doc(alias = "taxpayerValidity")]
    pub valid: Option<bool>,
    #[doc(alias = "taxpayerName")]
    pub name: Option<String>,
    /// `taxNumberDetail`: base, VAT code and county code when reported.
    #[doc(alias = "taxpayerId")]
    pub tax_number_base: Option<String>,
    #[doc(alias = "vatCode")]
    pub vat_code: Option<String>,
    #[doc(alias = "countyCode")]
    pub county_code: Option<String>,
    pub addresses: Vec<TaxpayerAddress>,
}

impl AgentAnswer for TaxpayerAnswer {
    status_fields!();
    fn document_number(&self) -> Option<&str> {
        None
    }
}

/// One address of a taxpayer (`taxpayerAddressItem`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaxpayerAddress {
    /// `HQ`, `SITE`, `BRANCH`.
    #[doc(alias = "taxpayerAddressType")]
    pub kind: Option<String>,
    pub country_code: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub street_name: Option<String>,
    pub public_place_category: Option<String>,
    pub number: Option<String>,
    pub building: Option<String>,
    pub staircase: Option<String>,
    pub floor: Option<String>,
    pub door: Option<String>,
}

/// Header lookup: case-insensitive name, blank values count as absent.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn url_decoded(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 300;
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], body.len()),
        None => text.to_owned(),
    }
}

fn decimal(field: &'static str, text: &str) -> Result<Decimal, ParseError> {
    amount::parse(text).map_err(|_| ParseError::InvalidField {
        field,
        value: text.to_owned(),
    })
}

fn decimal_at(
    element: &Element,
    path: &str,
    field: &'static str,
) -> Result<Option<Decimal>, ParseError> {
    element
        .text_at(path)
        .map(|text| decimal(field, text))
        .transpose()
}

fn required_decimal(
    element: &Element,
    path: &str,
    field: &'static str,
) -> Result<Decimal, ParseError> {
    decimal_at(element, path, field)?.ok_or(ParseError::MissingField(field))
}

fn boolean(field: &'static str, text: &str) -> Result<bool, ParseError> {
    match text {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        other => Err(ParseError::InvalidField {
            field,
            value: other.to_owned(),
        }),
    }
}

fn boolean_at(
    element: &Element,
    path: &str,
    field: &'static str,
) -> Result<Option<bool>, ParseError> {
    element
        .text_at(path)
        .map(|text| boolean(field, text))
        .transpose()
}

fn date_at(element: &Element, path: &str, field: &'static str) -> Result<Option<Date>, ParseError> {
    element
        .text_at(path)
        .map(|text| {
            text.parse::<Date>().map_err(|_| ParseError::InvalidField {
                field,
                value: text.to_owned(),
            })
        })
        .transpose()
}

fn error_code(field: &'static str, text: &str) -> Result<ErrorCode, ParseError> {
    text.parse::<u32>()
        .map(ErrorCode::from_code)
        .map_err(|_| ParseError::InvalidField {
            field,
            value: text.to_owned(),
        })
}

fn string_at(element: &Element, path: &str) -> Option<String> {
    element.text_at(path).map(str::to_owned)
}

fn root_named(body: &[u8], expected: &'static str) -> Result<Element, ParseError> {
    let root = parse_document(body)?;
    if root.name == expected {
        Ok(root)
    } else {
        Err(ParseError::UnexpectedRoot {
            expected,
            found: root.name,
        })
    }
}

/// The `sikeres`/`hibakod`/`hibauzenet` triple every Agent envelope starts with.
fn verdict(root: &Element) -> Result<(bool, Option<ErrorCode>, Option<String>), ParseError> {
    let success =
        boolean_at(root, "sikeres", "sikeres")?.ok_or(ParseError::MissingField("sikeres"))?;
    let code = root
        .text_at("hibakod")
        .map(|text| error_code("hibakod", text))
        .transpose()?;
    Ok((success, code, string_at(root, "hibauzenet")))
}

/// Parses the answer to a create, storno, credit entry or PDF query.
///
/// `headers` are the HTTP response headers (names case-insensitive). Version 1 reads the
/// `szlahu_*` headers and takes a `%PDF` body as the PDF; version 2 reads `xmlszamlavalasz`.
/// Either way a `szlahu_down` header wins: the service is down and nothing was done.
pub fn parse_invoice_answer(
    version: ResponseVersion,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<InvoiceAnswer, ParseError> {
    if let Some(down) = header(headers, "szlahu_down") {
        return Ok(InvoiceAnswer {
            down_message: Some(url_decoded(down)),
            ..InvoiceAnswer::default()
        });
    }
    match version {
        ResponseVersion::Headers => parse_headers_answer(headers, body),
        ResponseVersion::Xml => parse_xml_answer(body),
    }
}

fn parse_xml_answer(body: &[u8]) -> Result<InvoiceAnswer, ParseError> {
    let root = root_named(body, "xmlszamlavalasz")?;
    let (success, error_code, error_message) = verdict(&root)?;
    Ok(InvoiceAnswer {
        success,
        error_code,
        error_message,
        down_message: None,
        invoice_number: string_at(&root, "szamlaszam"),
        invoice_id: None,
        net_total: decimal_at(&root, "szamlanetto", "szamlanetto")?,
        gross_total: decimal_at(&root, "szamlabrutto", "szamlabrutto")?,
        outstanding: decimal_at(&root, "kintlevoseg", "kintlevoseg")?,
        buyer_account_url: string_at(&root, "vevoifiokurl"),
        pdf: root.text_at("pdf").map(Pdf::from_base64),
    })
}

fn parse_headers_answer(
    headers: &[(String, String)],
    body: &[u8],
) -> Result<InvoiceAnswer, ParseError> {
    let header_decimal = |name: &'static str| {
        header(headers, name)
            .map(|text| decimal(name, text))
            .transpose()
    };
    let error_code = header(headers, "szlahu_error_code")
        .map(|text| error_code("szlahu_error_code", text))
        .transpose()?;
    let invoice_number = header(headers, "szlahu_szamlaszam").map(url_decoded);
    let is_pdf = body.starts_with(b"%PDF");
    let text_body = String::from_utf8_lossy(body);
    let is_error_text = text_body.trim_start().starts_with("[ERR]");
    let error_message = header(headers, "szlahu_error")
        .map(url_decoded)
        .or_else(|| is_error_text.then(|| excerpt(body)));
    if error_code.is_none() && invoice_number.is_none() && !is_error_text {
        return Err(ParseError::Unrecognised {
            excerpt: excerpt(body),
        });
    }
    Ok(InvoiceAnswer {
        success: error_code.is_none() && !is_error_text,
        error_code,
        error_message,
        down_message: None,
        invoice_number,
        invoice_id: header(headers, "szlahu_id").map(str::to_owned),
        net_total: header_decimal("szlahu_nettovegosszeg")?,
        gross_total: header_decimal("szlahu_bruttovegosszeg")?,
        outstanding: header_decimal("szlahu_kintlevoseg")?,
        buyer_account_url: header(headers, "szlahu_vevoifiokurl").map(url_decoded),
        pdf: is_pdf.then(|| Pdf::Bytes(body.to_vec())),
    })
}

/// Parses the answer to an invoice data query (`xmlszamlaxml`).
pub fn parse_invoice_query_answer(body: &[u8]) -> Result<InvoiceQueryAnswer, ParseError> {
    let root = parse_document(body)?;
    match root.name.as_str() {
        "szamla" => {
            parse_invoice_record(&root).map(|record| InvoiceQueryAnswer::Found(Box::new(record)))
        }
        "xmlszamlavalasz" => {
            parse_xml_answer(body).map(|answer| InvoiceQueryAnswer::Refused(Box::new(answer)))
        }
        _ => Err(ParseError::UnexpectedRoot {
            expected: "szamla",
            found: root.name,
        }),
    }
}

fn parse_invoice_record(root: &Element) -> Result<InvoiceRecord, ParseError> {
    let base = root.child("alap").ok_or(ParseError::MissingField("alap"))?;
    let lines = root
        .child("tetelek")
        .map(|lines| {
            lines
                .children_named("tetel")
                .map(|line| {
                    Ok(InvoiceRecordLine {
                        name: line.text_at("nev").unwrap_or_default().to_owned(),
                        sku: string_at(line, "azonosito"),
                        quantity: required_decimal(line, "mennyiseg", "tetel/mennyiseg")?,
                        unit: string_at(line, "mennyisegiegyseg"),
                        unit_net_price: required_decimal(
                            line,
                            "nettoegysegar",
                            "tetel/nettoegysegar",
                        )?,
                        vat_rate: string_at(line, "afakulcs"),
                        net: required_decimal(line, "netto", "tetel/netto")?,
                        vat: required_decimal(line, "afa", "tetel/afa")?,
                        gross: required_decimal(line, "brutto", "tetel/brutto")?,
                        comment: string_at(line, "megjegyzes"),
                    })
                })
                .collect::<Result<Vec<_>, ParseError>>()
        })
        .transpose()?
        .unwrap_or_default();
    Ok(InvoiceRecord {
        number: string_at(base, "szamlaszam").ok_or(ParseError::MissingField("alap/szamlaszam"))?,
        kind: string_at(base, "tipus").ok_or(ParseError::MissingField("alap/tipus"))?,
        appearance: string_at(base, "eszamla"),
        referenced_number: string_at(base, "hivszamlaszam"),
        proforma_number: string_at(base, "hivdijbekszam"),
        order_number: string_at(base, "rendelesszam"),
        external_id: string_at(base, "szamlaKulsoAzon"),
        reversed: boolean_at(base, "sztornozott", "alap/sztornozott")?.unwrap_or(false),
        issue_date: date_at(base, "kelt", "alap/kelt")?,
        fulfilment_date: date_at(base, "telj", "alap/telj")?,
        due_date: date_at(base, "fizh", "alap/fizh")?,
        currency: string_at(base, "devizanem"),
        buyer_name: string_at(root, "vevo/nev"),
        buyer_email: string_at(root, "vevo/email"),
        lines,
        net_total: decimal_at(root, "osszegek/totalossz/netto", "totalossz/netto")?,
        vat_total: decimal_at(root, "osszegek/totalossz/afa", "totalossz/afa")?,
        gross_total: decimal_at(root, "osszegek/totalossz/brutto", "totalossz/brutto")?,
        test: boolean_at(base, "teszt", "alap/teszt")?,
        pdf: root.text_at("pdf").map(Pdf::from_base64),
    })
}

/// Parses a receipt create, storno or query answer (`xmlnyugtavalasz`).
pub fn parse_receipt_answer(body: &[u8]) -> Result<ReceiptAnswer, ParseError> {
    let root = root_named(body, "xmlnyugtavalasz")?;
    let (success, error_code, error_message) = verdict(&root)?;
    let receipt = root.child("nyugta").map(parse_receipt).transpose()?;
    Ok(ReceiptAnswer {
        success,
        error_code,
        error_message,
        pdf: root.text_at("nyugtaPdf").map(Pdf::from_base64),
        receipt,
    })
}

fn parse_receipt(receipt: &Element) -> Result<ReceiptRecord, ParseError> {
    let base = receipt
        .child("alap")
        .ok_or(ParseError::MissingField("nyugta/alap"))?;
    // The documented example spells line values both `netto` and `nettoErtek`.
    let value = |line: &Element, short: &str, long: &str, field: &'static str| {
        decimal_at(line, short, field)?
            .or(decimal_at(line, long, field)?)
            .ok_or(ParseError::MissingField(field))
    };
    let lines = receipt
        .child("tetelek")
        .map(|lines| {
            lines
                .children_named("tetel")
                .map(|line| {
                    Ok(ReceiptRecordLine {
                        name: line.text_at("megnevezes").unwrap_or_default().to_owned(),
                        sku: string_at(line, "azonosito"),
                        quantity: required_decimal(line, "mennyiseg", "tetel/mennyiseg")?,
                        unit: string_at(line, "mennyisegiEgyseg"),
                        unit_net_price: required_decimal(
                            line,
                            "nettoEgysegar",
                            "tetel/nettoEgysegar",
                        )?,
                        vat_rate: string_at(line, "afakulcs"),
                        net: value(line, "netto", "nettoErtek", "tetel/netto")?,
                        vat: value(line, "afa", "afaErtek", "tetel/afa")?,
                        gross: value(line, "brutto", "bruttoErtek", "tetel/brutto")?,
                    })
                })
                .collect::<Result<Vec<_>, ParseError>>()
        })
        .transpose()?
        .unwrap_or_default();
    Ok(ReceiptRecord {
        id: string_at(base, "id"),
        call_id: string_at(base, "hivasAzonosito"),
        number: string_at(base, "nyugtaszam").ok_or(ParseError::MissingField("alap/nyugtaszam"))?,
        kind: string_at(base, "tipus"),
        reversed: boolean_at(base, "stornozott", "alap/stornozott")?.unwrap_or(false),
        reversed_number: string_at(base, "stornozottNyugtaszam"),
        issue_date: date_at(base, "kelt", "alap/kelt")?,
        payment_method: string_at(base, "fizmod"),
        currency: string_at(base, "penznem"),
        order_number: string_at(base, "rendelesSzam"),
        lines,
        net_total: decimal_at(receipt, "osszegek/totalossz/netto", "totalossz/netto")?,
        vat_total: decimal_at(receipt, "osszegek/totalossz/afa", "totalossz/afa")?,
        gross_total: decimal_at(receipt, "osszegek/totalossz/brutto", "totalossz/brutto")?,
    })
}

fn parse_simple(body: &[u8], root_name: &'static str) -> Result<SimpleAnswer, ParseError> {
    let root = root_named(body, root_name)?;
    let (success, error_code, error_message) = verdict(&root)?;
    Ok(SimpleAnswer {
        success,
        error_code,
        error_message,
    })
}

/// Parses the answer to a receipt e-mail (`xmlnyugtasendvalasz`).
pub fn parse_receipt_send_answer(body: &[u8]) -> Result<SimpleAnswer, ParseError> {
    parse_simple(body, "xmlnyugtasendvalasz")
}

/// Parses the answer to a proforma deletion (`xmlszamladbkdelvalasz`).
pub fn parse_proforma_deletion_answer(body: &[u8]) -> Result<SimpleAnswer, ParseError> {
    parse_simple(body, "xmlszamladbkdelvalasz")
}

/// Parses the NAV taxpayer lookup answer (`QueryTaxpayerResponse`).
pub fn parse_taxpayer_answer(body: &[u8]) -> Result<TaxpayerAnswer, ParseError> {
    let root = root_named(body, "QueryTaxpayerResponse")?;
    let func_code = root
        .text_at("result/funcCode")
        .ok_or(ParseError::MissingField("result/funcCode"))?;
    let raw_error_code = root.text_at("result/errorCode");
    let data = root.child("taxpayerData");
    let detail = data.and_then(|data| data.child("taxNumberDetail"));
    let addresses = data
        .and_then(|data| data.child("taxpayerAddressList"))
        .map(|list| {
            list.children_named("taxpayerAddressItem")
                .map(|item| {
                    let address = item.child("taxpayerAddress");
                    let part = |name: &str| address.and_then(|address| string_at(address, name));
                    TaxpayerAddress {
                        kind: string_at(item, "taxpayerAddressType"),
                        country_code: part("countryCode"),
                        postal_code: part("postalCode"),
                        city: part("city"),
                        street_name: part("streetName"),
                        public_place_category: part("publicPlaceCategory"),
                        number: part("number"),
                        building: part("building"),
                        staircase: part("staircase"),
                        floor: part("floor"),
                        door: part("door"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(TaxpayerAnswer {
        success: func_code == "OK",
        error_code: raw_error_code
            .and_then(|text| text.parse::<u32>().ok())
            .map(ErrorCode::from_code),
        raw_error_code: raw_error_code.map(str::to_owned),
        error_message: string_at(&root, "result/message"),
        valid: boolean_at(&root, "taxpayerValidity", "taxpayerValidity")?,
        name: data.and_then(|data| string_at(data, "taxpayerName")),
        tax_number_base: detail.and_then(|detail| string_at(detail, "taxpayerId")),
        vat_code: detail.and_then(|detail| string_at(detail, "vatCode")),
        county_code: detail.and_then(|detail| string_at(detail, "countyCode")),
        addresses,
    })
}
