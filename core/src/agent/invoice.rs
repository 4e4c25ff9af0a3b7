//! `xmlszamla`: issuing an invoice (any [`DocumentKind`]) from an [`InvoiceDocument`].
//!
//! Element order follows the downloadable `xmlszamla.xsd`. We never write `csoportazonosito`,
//! `torloKod`, `szamlaSablon` or `simpleItems`, the elements on which it and the docs-page
//! schema disagree, so the document is valid against both.

use super::WireError;
use super::credentials::Credentials;
use super::field_writer::{FieldWriter, JsonWriter};
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
    root.node("beallitasok", |settings| {
        if let Some(credentials) = credentials {
            settings.credentials(credentials)?;
        }
        settings.bool("eszamla", document.e_invoice)?;
        settings.bool("szamlaLetoltes", options.download_pdf)?;
        settings.integer("valaszVerzio", options.response_version.code().into())?;
        settings.text_opt("szamlaKulsoAzon", options.external_id.as_deref())
    })?;
    root.node("fejlec", |header| {
        write_header(header, &document.kind, &document.header, options.preview)
    })?;
    root.node("elado", |seller| write_seller(seller, &document.seller))?;
    root.node("vevo", |buyer| write_buyer(buyer, &document.buyer))?;
    root.node("tetelek", |lines| {
        if document.lines.is_empty() {
            return Err(lines.invalid("tetel", "an invoice needs at least one line"));
        }
        for (index, line) in document.lines.iter().enumerate() {
            lines.repeated_node("tetel", index, |item| write_line(item, line))?;
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
    xml.date("keltDatum", header.issue_date)?;
    xml.date("teljesitesDatum", header.fulfilment_date)?;
    xml.date("fizetesiHataridoDatum", header.due_date)?;
    xml.text("fizmod", &header.payment_method)?;
    xml.text("penznem", header.currency.as_str())?;
    xml.text("szamlaNyelve", header.language.code())?;
    xml.text_opt("megjegyzes", header.comment.as_deref())?;
    if let Some(rate) = &header.exchange_rate {
        xml.text("arfolyamBank", &rate.bank)?;
        xml.decimal_opt("arfolyam", rate.rate)?;
    }
    xml.text_opt("rendelesSzam", header.order_number.as_deref())?;
    xml.text_opt("dijbekeroSzamlaszam", header.proforma_number.as_deref())?;
    // The kind flags sit in XSD order: elolegszamla, vegszamla, helyesbitoszamla, dijbekero,
    // szallitolevel.
    match kind {
        DocumentKind::Invoice => {}
        DocumentKind::Deposit => xml.bool("elolegszamla", true)?,
        DocumentKind::Final { deposit_number } => {
            xml.bool("vegszamla", true)?;
            xml.text("elolegSzamlaszam", deposit_number)?;
        }
        DocumentKind::Corrective { original_number } => {
            xml.bool("helyesbitoszamla", true)?;
            xml.text("helyesbitettSzamlaszam", original_number)?;
        }
        DocumentKind::Proforma => xml.bool("dijbekero", true)?,
        DocumentKind::DeliveryNote => xml.bool("szallitolevel", true)?,
    }
    xml.text_opt("szamlaszamElotag", header.number_prefix.as_deref())?;
    xml.decimal_opt("fizetendoKorrekcio", header.payable_correction)?;
    xml.bool("fizetve", header.paid)?;
    if header.eu_vat {
        xml.bool("eusAfa", true)?;
    }
    if preview {
        xml.bool("elonezetpdf", true)?;
    }
    Ok(())
}

fn write_seller<W: FieldWriter>(xml: &mut W, seller: &Seller) -> Result<(), WireError> {
    xml.text_opt("bank", seller.bank.as_deref())?;
    xml.text_opt("bankszamlaszam", seller.bank_account.as_deref())?;
    xml.text_opt("emailReplyto", seller.email_reply_to.as_deref())?;
    xml.text_opt("emailTargy", seller.email_subject.as_deref())?;
    xml.text_opt("emailSzoveg", seller.email_text.as_deref())?;
    xml.text_opt("alairoNeve", seller.signer_name.as_deref())
}

fn write_buyer<W: FieldWriter>(xml: &mut W, buyer: &Buyer) -> Result<(), WireError> {
    xml.text("nev", &buyer.name)?;
    xml.text_opt("orszag", buyer.address.country.as_deref())?;
    xml.text("irsz", &buyer.address.postcode)?;
    xml.text("telepules", &buyer.address.city)?;
    xml.text("cim", &buyer.address.street)?;
    xml.text_opt("email", buyer.email.as_deref())?;
    xml.bool("sendEmail", buyer.send_email)?;
    xml.text(
        "adoalany",
        itoa::Buffer::new().format(buyer.tax_status.code()),
    )?;
    xml.text_opt("adoszam", buyer.tax_number.as_deref())?;
    xml.text_opt("adoszamEU", buyer.eu_tax_number.as_deref())?;
    if let Some(postal) = &buyer.postal_address {
        xml.text_opt("postazasiNev", postal.name.as_deref())?;
        xml.text_opt("postazasiOrszag", postal.country.as_deref())?;
        xml.text("postazasiIrsz", &postal.postcode)?;
        xml.text("postazasiTelepules", &postal.city)?;
        xml.text("postazasiCim", &postal.street)?;
    }
    xml.text_opt("azonosito", buyer.customer_id.as_deref())?;
    xml.text_opt("telefonszam", buyer.phone.as_deref())?;
    xml.text_opt("megjegyzes", buyer.comment.as_deref())
}

fn write_line<W: FieldWriter>(xml: &mut W, line: &Line) -> Result<(), WireError> {
    xml.text("megnevezes", &line.name)?;
    xml.text_opt("azonosito", line.sku.as_deref())?;
    xml.decimal("mennyiseg", line.quantity)?;
    xml.text("mennyisegiEgyseg", &line.unit)?;
    xml.decimal("nettoEgysegar", line.unit_net_price)?;
    xml.vat_rate("afakulcs", &line.vat_rate)?;
    xml.decimal("nettoErtek", line.net)?;
    xml.decimal("afaErtek", line.vat)?;
    xml.decimal("bruttoErtek", line.gross)?;
    xml.text_opt("megjegyzes", line.comment.as_deref())
}
