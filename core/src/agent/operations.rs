//! The requests other than invoice creation: storno, credit entries, queries, proforma
//! deletion, receipts and the NAV taxpayer lookup. Each has a `to_wire(&Credentials)`.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::WireError;
use super::credentials::Credentials;
use super::field_writer::{FieldWriter as _, Tag, tag};
use super::wire::{Operation, ResponseVersion, WireRequest};
use super::xml_writer::XmlWriter;
use crate::document::{ExchangeRate, VatRate};
use crate::money::Currency;

/// Enough for any of these requests but a receipt with many lines.
const EXPECTED_XML_LEN: usize = 2048;

fn build(
    operation: Operation,
    body: impl FnOnce(&mut XmlWriter) -> Result<(), WireError>,
) -> Result<WireRequest, WireError> {
    WireRequest::build(operation, EXPECTED_XML_LEN, body)
}

/// The notification e-mail the service sends to the buyer (`emailReplyto`, `emailTargy`,
/// `emailSzoveg`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmailText {
    #[doc(alias = "emailReplyto")]
    pub reply_to: Option<String>,
    #[doc(alias = "emailTargy")]
    pub subject: Option<String>,
    #[doc(alias = "emailSzoveg")]
    pub text: Option<String>,
}

impl EmailText {
    fn write(&self, xml: &mut XmlWriter) -> Result<(), WireError> {
        xml.text_opt(tag!("emailReplyto"), self.reply_to.as_deref())?;
        xml.text_opt(tag!("emailTargy"), self.subject.as_deref())?;
        xml.text_opt(tag!("emailSzoveg"), self.text.as_deref())
    }
}

/// Reverses (stornos) an invoice (`xmlszamlast`). The storno is issued today (code 352
/// otherwise): leave `issue_date` empty unless it is today.
#[doc(alias = "xmlszamlast")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReverseInvoice {
    #[doc(alias = "szamlaszam")]
    pub invoice_number: String,
    #[doc(alias = "keltDatum")]
    pub issue_date: Option<Date>,
    #[doc(alias = "teljesitesDatum")]
    pub fulfilment_date: Option<Date>,
    #[doc(alias = "eszamla")]
    pub e_invoice: bool,
    #[doc(alias = "szamlaLetoltes")]
    pub download_pdf: bool,
    pub response_version: ResponseVersion,
    /// External id of the storno invoice itself (`szamlaKulsoAzon`).
    #[doc(alias = "szamlaKulsoAzon")]
    pub external_id: Option<String>,
    /// Where the service e-mails the storno; `None` sends no address.
    #[doc(alias = "email")]
    pub buyer_email: Option<String>,
    pub seller_email: Option<EmailText>,
}

impl ReverseInvoice {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::ReverseInvoice, |root| {
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)?;
                settings.bool(tag!("eszamla"), self.e_invoice)?;
                settings.bool(tag!("szamlaLetoltes"), self.download_pdf)?;
                settings.text(
                    tag!("valaszVerzio"),
                    &self.response_version.code().to_string(),
                )?;
                settings.text_opt(tag!("szamlaKulsoAzon"), self.external_id.as_deref())
            })?;
            root.node(tag!("fejlec"), |header| {
                header.text(tag!("szamlaszam"), &self.invoice_number)?;
                header.date_opt(tag!("keltDatum"), self.issue_date)?;
                header.date_opt(tag!("teljesitesDatum"), self.fulfilment_date)?;
                header.text(tag!("tipus"), "SS")
            })?;
            if let Some(email) = &self.seller_email {
                root.node(tag!("elado"), |seller| email.write(seller))?;
            }
            if let Some(address) = &self.buyer_email {
                root.node(tag!("vevo"), |buyer| buyer.text(tag!("email"), address))?;
            }
            Ok(())
        })
    }
}

/// One credit entry (`kifizetes`).
#[doc(alias = "kifizetes")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEntry {
    #[doc(alias = "datum")]
    pub date: Date,
    /// How it was paid, as printed (`jogcim`), e.g. `átutalás`.
    #[doc(alias = "jogcim")]
    pub title: String,
    #[doc(alias = "osszeg")]
    pub amount: Decimal,
    #[doc(alias = "leiras")]
    pub description: Option<String>,
}

/// Registers credit entries (payments) on an invoice (`xmlszamlakifiz`); at most five.
#[doc(alias = "xmlszamlakifiz")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPayment {
    #[doc(alias = "szamlaszam")]
    pub invoice_number: String,
    /// Keep the entries already recorded (`additiv`); `false` replaces them.
    #[doc(alias = "additiv")]
    pub additive: bool,
    pub entries: Vec<PaymentEntry>,
    pub response_version: ResponseVersion,
}

/// The XSD's limit on `kifizetes` per request.
const MAX_PAYMENT_ENTRIES: usize = 5;

impl RegisterPayment {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::RegisterPayment, |root| {
            if self.entries.len() > MAX_PAYMENT_ENTRIES {
                return Err(root.invalid(
                    "kifizetes",
                    format!(
                        "{} credit entries; one request carries at most {MAX_PAYMENT_ENTRIES}",
                        self.entries.len()
                    ),
                ));
            }
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)?;
                settings.text(tag!("szamlaszam"), &self.invoice_number)?;
                settings.bool(tag!("additiv"), self.additive)?;
                settings.text(
                    tag!("valaszVerzio"),
                    &self.response_version.code().to_string(),
                )
            })?;
            for (index, entry) in self.entries.iter().enumerate() {
                root.repeated_node(tag!("kifizetes"), index, |payment| {
                    payment.date(tag!("datum"), entry.date)?;
                    payment.text(tag!("jogcim"), &entry.title)?;
                    payment.decimal(tag!("osszeg"), entry.amount)?;
                    payment.text_opt(tag!("leiras"), entry.description.as_deref())
                })?;
            }
            Ok(())
        })
    }
}

/// Which invoice a query means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceSelector {
    #[doc(alias = "szamlaszam")]
    Number(String),
    /// The last invoice issued with this order number.
    #[doc(alias = "rendelesSzam")]
    OrderNumber(String),
    #[doc(alias = "szamlaKulsoAzon")]
    ExternalId(String),
}

impl InvoiceSelector {
    /// Writes the selector around `between`, the element the XSD puts between the number and
    /// order number on one side and the external id on the other.
    fn write_around(
        &self,
        xml: &mut XmlWriter,
        between: impl FnOnce(&mut XmlWriter) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        match self {
            Self::Number(number) => xml.text(tag!("szamlaszam"), number)?,
            Self::OrderNumber(number) => xml.text(tag!("rendelesSzam"), number)?,
            Self::ExternalId(_) => {}
        }
        between(xml)?;
        if let Self::ExternalId(id) = self {
            xml.text(tag!("szamlaKulsoAzon"), id)?;
        }
        Ok(())
    }
}

/// Fetches an invoice's PDF (`xmlszamlapdf`); credentials sit under the root.
#[doc(alias = "xmlszamlapdf")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePdf {
    pub selector: InvoiceSelector,
    pub response_version: ResponseVersion,
}

impl InvoicePdf {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::InvoicePdf, |root| {
            root.credentials(credentials)?;
            self.selector.write_around(root, |root| {
                root.text(
                    tag!("valaszVerzio"),
                    &self.response_version.code().to_string(),
                )
            })
        })
    }
}

/// Fetches an invoice's data as a `szamla` document (`xmlszamlaxml`); credentials sit under
/// the root. This is how an uncertain create is reconciled.
#[doc(alias = "xmlszamlaxml")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceData {
    pub selector: InvoiceSelector,
    /// Include the PDF in the answer (`pdf`).
    #[doc(alias = "pdf")]
    pub include_pdf: bool,
}

impl InvoiceData {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::InvoiceData, |root| {
            root.credentials(credentials)?;
            self.selector
                .write_around(root, |root| root.bool(tag!("pdf"), self.include_pdf))
        })
    }
}

/// Deletes a proforma (`xmlszamladbkdel`), by its number or by order number.
#[doc(alias = "xmlszamladbkdel")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteProforma {
    #[doc(alias = "szamlaszam")]
    ByNumber(String),
    #[doc(alias = "rendelesszam")]
    ByOrderNumber(String),
}

impl DeleteProforma {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::DeleteProforma, |root| {
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)
            })?;
            root.node(tag!("fejlec"), |header| match self {
                Self::ByNumber(number) => header.text(tag!("szamlaszam"), number),
                // Lower-case `sz`: this XSD spells it differently from the others.
                Self::ByOrderNumber(number) => header.text(tag!("rendelesszam"), number),
            })
        })
    }
}

/// One receipt line (`tetel`); the value elements are `netto`/`afa`/`brutto` here.
#[doc(alias = "tetel")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    #[doc(alias = "megnevezes")]
    pub name: String,
    #[doc(alias = "azonosito")]
    pub sku: Option<String>,
    #[doc(alias = "mennyiseg")]
    pub quantity: Decimal,
    #[doc(alias = "mennyisegiEgyseg")]
    pub unit: String,
    #[doc(alias = "nettoEgysegar")]
    pub unit_net_price: Decimal,
    pub vat_rate: VatRate,
    #[doc(alias = "netto")]
    pub net: Decimal,
    #[doc(alias = "afa")]
    pub vat: Decimal,
    #[doc(alias = "brutto")]
    pub gross: Decimal,
    #[doc(alias = "megjegyzes")]
    pub comment: Option<String>,
}

/// Issues a receipt (`xmlnyugtacreate`). Persist `call_id` before the first send: a repeat
/// is answered with code 338 instead of a second receipt.
#[doc(alias = "xmlnyugtacreate")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateReceipt {
    #[doc(alias = "hivasAzonosito")]
    pub call_id: Option<String>,
    /// The receipt number prefix registered on the account (`elotag`).
    #[doc(alias = "elotag")]
    pub prefix: String,
    #[doc(alias = "fizmod")]
    pub payment_method: String,
    #[doc(alias = "penznem")]
    pub currency: Currency,
    /// `devizabank` and `devizaarf` for a foreign-currency receipt.
    pub exchange_rate: Option<ExchangeRate<'static>>,
    #[doc(alias = "megjegyzes")]
    pub comment: Option<String>,
    #[doc(alias = "rendelesSzam")]
    pub order_number: Option<String>,
    #[doc(alias = "pdfLetoltes")]
    pub download_pdf: bool,
    pub lines: Vec<ReceiptLine>,
}

impl CreateReceipt {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::CreateReceipt, |root| {
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)?;
                settings.bool(tag!("pdfLetoltes"), self.download_pdf)
            })?;
            root.node(tag!("fejlec"), |header| {
                header.text_opt(tag!("hivasAzonosito"), self.call_id.as_deref())?;
                header.text(tag!("elotag"), &self.prefix)?;
                header.text(tag!("fizmod"), &self.payment_method)?;
                header.text(tag!("penznem"), self.currency.as_str())?;
                if let Some(rate) = &self.exchange_rate {
                    header.decimal_opt(tag!("devizaarf"), rate.rate)?;
                    header.text(tag!("devizabank"), &rate.bank)?;
                }
                header.text_opt(tag!("megjegyzes"), self.comment.as_deref())?;
                header.text_opt(tag!("rendelesSzam"), self.order_number.as_deref())
            })?;
            root.node(tag!("tetelek"), |lines| {
                if self.lines.is_empty() {
                    return Err(lines.invalid("tetel", "a receipt needs at least one line"));
                }
                for (index, line) in self.lines.iter().enumerate() {
                    lines.repeated_node(tag!("tetel"), index, |item| {
                        item.text(tag!("megnevezes"), &line.name)?;
                        item.text_opt(tag!("azonosito"), line.sku.as_deref())?;
                        item.decimal(tag!("mennyiseg"), line.quantity)?;
                        item.text(tag!("mennyisegiEgyseg"), &line.unit)?;
                        item.decimal(tag!("nettoEgysegar"), line.unit_net_price)?;
                        item.vat_rate(tag!("afakulcs"), &line.vat_rate)?;
                        item.decimal(tag!("netto"), line.net)?;
                        item.decimal(tag!("afa"), line.vat)?;
                        item.decimal(tag!("brutto"), line.gross)?;
                        item.text_opt(tag!("megjegyzes"), line.comment.as_deref())
                    })?;
                }
                Ok(())
            })
        })
    }
}

/// Reverses a receipt (`xmlnyugtast`).
#[doc(alias = "xmlnyugtast")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReverseReceipt {
    #[doc(alias = "nyugtaszam")]
    pub receipt_number: String,
    #[doc(alias = "pdfLetoltes")]
    pub download_pdf: bool,
}

impl ReverseReceipt {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        receipt_by(
            Operation::ReverseReceipt,
            (tag!("nyugtaszam"), &self.receipt_number),
            self.download_pdf,
            credentials,
        )
    }
}

/// `xmlnyugtast` and `xmlnyugtaget` name one receipt the same way: by its number
/// (`nyugtaszam`) or by the call id it was created with (`hivasAzonosito`).
fn receipt_by(
    operation: Operation,
    selector: (Tag, &str),
    download_pdf: bool,
    credentials: &Credentials,
) -> Result<WireRequest, WireError> {
    build(operation, |root| {
        root.node(tag!("beallitasok"), |settings| {
            settings.credentials(credentials)?;
            settings.bool(tag!("pdfLetoltes"), download_pdf)
        })?;
        root.node(tag!("fejlec"), |header| header.text(selector.0, selector.1))
    })
}

/// Fetches a receipt (`xmlnyugtaget`).
#[doc(alias = "xmlnyugtaget")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReceipt {
    #[doc(alias = "nyugtaszam")]
    pub receipt_number: String,
    #[doc(alias = "pdfLetoltes")]
    pub download_pdf: bool,
}

impl GetReceipt {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        receipt_by(
            Operation::GetReceipt,
            (tag!("nyugtaszam"), &self.receipt_number),
            self.download_pdf,
            credentials,
        )
    }
}

/// Fetches the receipt created with a call id (`xmlnyugtaget` by `hivasAzonosito`): how an
/// uncertain receipt creation is reconciled.
#[doc(alias = "xmlnyugtaget")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReceiptByCallId {
    #[doc(alias = "hivasAzonosito")]
    pub call_id: String,
    #[doc(alias = "pdfLetoltes")]
    pub download_pdf: bool,
}

impl GetReceiptByCallId {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        receipt_by(
            Operation::GetReceipt,
            (tag!("hivasAzonosito"), &self.call_id),
            self.download_pdf,
            credentials,
        )
    }
}

/// E-mails an issued receipt (`xmlnyugtasend`).
#[doc(alias = "xmlnyugtasend")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    #[doc(alias = "nyugtaszam")]
    pub receipt_number: String,
    /// Recipients. The wire has one `email` element; several addresses are sent
    /// comma-separated, a syntax the vendor does not document.
    #[doc(alias = "email")]
    pub recipients: Vec<String>,
    pub email: EmailText,
}

impl SendReceipt {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::SendReceipt, |root| {
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)
            })?;
            root.node(tag!("fejlec"), |header| {
                header.text(tag!("nyugtaszam"), &self.receipt_number)
            })?;
            root.node(tag!("emailKuldes"), |sending| {
                if self.recipients.is_empty() {
                    return Err(sending.invalid("email", "at least one recipient is needed"));
                }
                sending.text(tag!("email"), &self.recipients.join(","))?;
                self.email.write(sending)
            })
        })
    }
}

/// Looks a Hungarian taxpayer up at NAV (`xmltaxpayer`) by the 8-digit base of the tax number.
#[doc(alias = "xmltaxpayer")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTaxpayer {
    /// The first 8 digits of `12345678-1-42` (`torzsszam`).
    #[doc(alias = "torzsszam")]
    pub tax_number_base: String,
}

impl QueryTaxpayer {
    pub fn to_wire(&self, credentials: &Credentials) -> Result<WireRequest, WireError> {
        build(Operation::QueryTaxpayer, |root| {
            let base = &self.tax_number_base;
            if base.len() != 8 || !base.bytes().all(|b| b.is_ascii_digit()) {
                return Err(root.invalid(
                    "torzsszam",
                    format!("`{base}` is not the 8-digit base of a Hungarian tax number"),
                ));
            }
            root.node(tag!("beallitasok"), |settings| {
                settings.credentials(credentials)
            })?;
            root.text(tag!("torzsszam"), base)
        })
    }
}
