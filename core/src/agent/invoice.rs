//! `xmlszamla`: issuing an invoice (any [`DocumentKind`]) from an [`InvoiceDocument`].
//!
//! Element order follows the downloadable `xmlszamla.xsd`. We never write `csoportazonosito`,
//! `torloKod`, `szamlaSablon` or `simpleItems`, the elements on which it and the docs-page
//! schema disagree, so the document is valid against both.

use super::WireError;
use super::credentials::Credentials;
use super::field_writer::{FieldWriter, JsonWriter, tag};
use super::wire::{Operation, ResponseVersion, WireRequest};
use super::xml_writer::XmlWriter;
use crate::document::{Buyer, DocumentKind, Header, InvoiceDocument, Line, Seller};

/// Request settings that are not part of the invoice itself (`beallitasok`, `elonezetpdf`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceOptions {
    /// Return the PDF in the answer (`szamlaLetoltes`).
    #[doc(alias = "szamlaLetoltes")]
    pub download_pdf: bool,
    pub response_version: ResponseVersion,
    /// Our idempotency handle: the invoice can later be queried by it (`szamlaKulsoAzon`).
    #[doc(alias = "szamlaKulsoAzon")]
    pub external_id: Option<String>,
    /// Render a preview PDF and issue nothing (`fejlec/elonezetpdf`).
    #[doc(alias = "elonezetpdf")]
    pub preview: bool,
}

/// Builds the `xmlszamla` request for `document`.
pub fn create_invoice(
    document: &InvoiceDocument,
    credentials: &Credentials,
    options: &InvoiceOptions,
) -> Result<WireRequest, WireError> {
    WireRequest::build(
        Operation::CreateInvoice,
        expected_xml_len(document),
        |root| write_invoice(root, document, Some(credentials), options),
    )
}

/// The `xmlszamla` XML `document` would be sent as, without credentials: safe to show or log.
pub fn preview_invoice_xml(
    document: &InvoiceDocument,
    options: &InvoiceOptions,
) -> Result<String, WireError> {
    let xml = preview_invoice_xml_bytes(document, options)?;
    // The writer produces UTF-8 from `str` values only.
    Ok(String::from_utf8_lossy(&xml).into_owned())
}

/// [`preview_invoice_xml`] as the writer's UTF-8 bytes, for a host whose strings are bytes (PHP):
/// checking them as a Rust `String` again cost a third of writing them.
pub fn preview_invoice_xml_bytes(
    document: &InvoiceDocument,
    options: &InvoiceOptions,
) -> Result<Vec<u8>, WireError> {
    XmlWriter::document(
        Operation::CreateInvoice.root(),
        expected_xml_len(document),
        |root| write_invoice(root, document, None, options),
    )
}

/// Typical sizes of the XML around the lines and of one line, to size the output once.
const HEADER_XML_LEN: usize = 1536;
const LINE_XML_LEN: usize = 384;

fn expected_xml_len(document: &InvoiceDocument) -> usize {
    HEADER_XML_LEN + LINE_XML_LEN * document.lines.len()
}

/// `document` as the JSON twin of `xmlszamla` (PayBill's `InvoiceData`): the same fields in
/// the same nesting, `tetelek` an array.
pub(crate) fn invoice_json(
    document: &InvoiceDocument,
    credentials: &Credentials,
    options: &InvoiceOptions,
) -> Result<serde_json::Map<String, serde_json::Value>, WireError> {
    JsonWriter::object(|root| write_invoice(root, document, Some(credentials), options))
}

fn write_invoice<W: FieldWriter>(
    root: &mut W,
    document: &InvoiceDocument,
    credentials: Option<&Credentials>,
    options: &InvoiceOptions,
) -> Result<(), WireError> {
    root.node(tag!("beallitasok"), |settings| {
        if let Some(credentials) = credentials {
            settings.credentials(credentials)?;
        }
        settings.bool(tag!("eszamla"), document.e_invoice)?;
        settings.bool(tag!("szamlaLetoltes"), options.download_pdf)?;
        settings.integer(tag!("valaszVerzio"), options.response_version.code().into())?;
        settings.text_opt(tag!("szamlaKulsoAzon"), options.external_id.as_deref())
    })?;
    root.node(tag!("fejlec"), |header| {
        write_header(header, &document.kind, &document.header, options.preview)
    })?;
    root.node(tag!("elado"), |seller| {
        write_seller(seller, &document.seller)
    })?;
    root.node(tag!("vevo"), |buyer| write_buyer(buyer, &document.buyer))?;
    root.node(tag!("tetelek"), |lines| {
        if document.lines.is_empty() {
            return Err(lines.invalid("tetel", "an invoice needs at least one line"));
        }
        for (index, line) in document.lines.iter().enumerate() {
            lines.repeated_node(tag!("tetel"), index, |item| write_line(item, line))?;
        }
        Ok(())
    })
}

fn write_header<W: FieldWriter>(
    xml: &mut W,
    kind: &DocumentKind,
    header: &Header,
    preview: bool,
) -> Result<(), WireError> {
    xml.date(tag!("keltDatum"), header.issue_date)?;
    xml.date(tag!("teljesitesDatum"), header.fulfilment_date)?;
    xml.date(tag!("fizetesiHataridoDatum"), header.due_date)?;
    xml.text(tag!("fizmod"), &header.payment_method)?;
    xml.text(tag!("penznem"), header.currency.as_str())?;
    xml.text(tag!("szamlaNyelve"), header.language.code())?;
    xml.text_opt(tag!("megjegyzes"), header.comment.as_deref())?;
    if let Some(rate) = &header.exchange_rate {
        xml.text(tag!("arfolyamBank"), &rate.bank)?;
        xml.decimal_opt(tag!("arfolyam"), rate.rate)?;
    }
    xml.text_opt(tag!("rendelesSzam"), header.order_number.as_deref())?;
    xml.text_opt(
        tag!("dijbekeroSzamlaszam"),
        header.proforma_number.as_deref(),
    )?;
    // The kind flags sit in XSD order: elolegszamla, vegszamla, helyesbitoszamla, dijbekero,
    // szallitolevel.
    match kind {
        DocumentKind::Invoice => {}
        DocumentKind::Deposit => xml.bool(tag!("elolegszamla"), true)?,
        DocumentKind::Final { deposit_number } => {
            xml.bool(tag!("vegszamla"), true)?;
            xml.text(tag!("elolegSzamlaszam"), deposit_number)?;
        }
        DocumentKind::Corrective { original_number } => {
            xml.bool(tag!("helyesbitoszamla"), true)?;
            xml.text(tag!("helyesbitettSzamlaszam"), original_number)?;
        }
        DocumentKind::Proforma => xml.bool(tag!("dijbekero"), true)?,
        DocumentKind::DeliveryNote => xml.bool(tag!("szallitolevel"), true)?,
    }
    xml.text_opt(tag!("szamlaszamElotag"), header.number_prefix.as_deref())?;
    xml.decimal_opt(tag!("fizetendoKorrekcio"), header.payable_correction)?;
    xml.bool(tag!("fizetve"), header.paid)?;
    if header.eu_vat {
        xml.bool(tag!("eusAfa"), true)?;
    }
    if preview {
        xml.bool(tag!("elonezetpdf"), true)?;
    }
    Ok(())
}

fn write_seller<W: FieldWriter>(xml: &mut W, seller: &Seller) -> Result<(), WireError> {
    xml.text_opt(tag!("bank"), seller.bank.as_deref())?;
    xml.text_opt(tag!("bankszamlaszam"), seller.bank_account.as_deref())?;
    xml.text_opt(tag!("emailReplyto"), seller.email_reply_to.as_deref())?;
    xml.text_opt(tag!("emailTargy"), seller.email_subject.as_deref())?;
    xml.text_opt(tag!("emailSzoveg"), seller.email_text.as_deref())?;
    xml.text_opt(tag!("alairoNeve"), seller.signer_name.as_deref())
}

fn write_buyer<W: FieldWriter>(xml: &mut W, buyer: &Buyer) -> Result<(), WireError> {
    xml.text(tag!("nev"), &buyer.name)?;
    xml.text_opt(tag!("orszag"), buyer.address.country.as_deref())?;
    xml.text(tag!("irsz"), &buyer.address.postcode)?;
    xml.text(tag!("telepules"), &buyer.address.city)?;
    xml.text(tag!("cim"), &buyer.address.street)?;
    xml.text_opt(tag!("email"), buyer.email.as_deref())?;
    xml.bool(tag!("sendEmail"), buyer.send_email)?;
    xml.text(
        tag!("adoalany"),
        itoa::Buffer::new().format(buyer.tax_status.code()),
    )?;
    xml.text_opt(tag!("adoszam"), buyer.tax_number.as_deref())?;
    xml.text_opt(tag!("adoszamEU"), buyer.eu_tax_number.as_deref())?;
    if let Some(postal) = &buyer.postal_address {
        xml.text_opt(tag!("postazasiNev"), postal.name.as_deref())?;
        xml.text_opt(tag!("postazasiOrszag"), postal.country.as_deref())?;
        xml.text(tag!("postazasiIrsz"), &postal.postcode)?;
        xml.text(tag!("postazasiTelepules"), &postal.city)?;
        xml.text(tag!("postazasiCim"), &postal.street)?;
    }
    xml.text_opt(tag!("azonosito"), buyer.customer_id.as_deref())?;
    xml.text_opt(tag!("telefonszam"), buyer.phone.as_deref())?;
    xml.text_opt(tag!("megjegyzes"), buyer.comment.as_deref())
}

fn write_line<W: FieldWriter>(xml: &mut W, line: &Line) -> Result<(), WireError> {
    xml.text(tag!("megnevezes"), &line.name)?;
    xml.text_opt(tag!("azonosito"), line.sku.as_deref())?;
    xml.decimal(tag!("mennyiseg"), line.quantity)?;
    xml.text(tag!("mennyisegiEgyseg"), &line.unit)?;
    xml.decimal(tag!("nettoEgysegar"), line.unit_net_price)?;
    xml.vat_rate(tag!("afakulcs"), &line.vat_rate)?;
    xml.decimal(tag!("nettoErtek"), line.net)?;
    xml.decimal(tag!("afaErtek"), line.vat)?;
    xml.decimal(tag!("bruttoErtek"), line.gross)?;
    xml.text_opt(tag!("megjegyzes"), line.comment.as_deref())
}
