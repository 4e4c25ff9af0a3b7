//! Operations, their form fields, and the multipart body that carries a request's XML.

use std::fmt;
use std::ops::Range;

use super::WireError;
use super::xml_writer::XmlWriter;

/// The HTTPS endpoint every operation is `POST`ed to.
pub const ENDPOINT: &str = "https://www.szamlazz.hu/szamla/";

/// A Számla Agent operation: its XML root and the multipart field that selects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Invoice, e-invoice, proforma, delivery note, deposit, final or corrective invoice.
    #[doc(alias = "xmlszamla")]
    CreateInvoice,
    /// Storno.
    #[doc(alias = "xmlszamlast")]
    ReverseInvoice,
    /// Credit entries (payments) on an invoice.
    #[doc(alias = "xmlszamlakifiz")]
    RegisterPayment,
    #[doc(alias = "xmlszamlapdf")]
    InvoicePdf,
    #[doc(alias = "xmlszamlaxml")]
    InvoiceData,
    #[doc(alias = "xmlszamladbkdel")]
    DeleteProforma,
    #[doc(alias = "xmlnyugtacreate")]
    CreateReceipt,
    #[doc(alias = "xmlnyugtast")]
    ReverseReceipt,
    #[doc(alias = "xmlnyugtaget")]
    GetReceipt,
    #[doc(alias = "xmlnyugtasend")]
    SendReceipt,
    /// NAV taxpayer lookup.
    #[doc(alias = "xmltaxpayer")]
    QueryTaxpayer,
}

impl Operation {
    /// The request document's root element (its namespace is `http://www.szamlazz.hu/<root>`).
    pub fn root(self) -> &'static str {
        match self {
            Self::CreateInvoice => "xmlszamla",
            Self::ReverseInvoice => "xmlszamlast",
            Self::RegisterPayment => "xmlszamlakifiz",
            Self::InvoicePdf => "xmlszamlapdf",
            Self::InvoiceData => "xmlszamlaxml",
            Self::DeleteProforma => "xmlszamladbkdel",
            Self::CreateReceipt => "xmlnyugtacreate",
            Self::ReverseReceipt => "xmlnyugtast",
            Self::GetReceipt => "xmlnyugtaget",
            Self::SendReceipt => "xmlnyugtasend",
            Self::QueryTaxpayer => "xmltaxpayer",
        }
    }

    /// The multipart form field whose name selects the operation.
    pub fn field_name(self) -> &'static str {
        match self {
            Self::CreateInvoice => "action-xmlagentxmlfile",
            Self::ReverseInvoice => "action-szamla_agent_st",
            Self::RegisterPayment => "action-szamla_agent_kifiz",
            Self::InvoicePdf => "action-szamla_agent_pdf",
            Self::InvoiceData => "action-szamla_agent_xml",
            Self::DeleteProforma => "action-szamla_agent_dijbekero_torlese",
            Self::CreateReceipt => "action-szamla_agent_nyugta_create",
            Self::ReverseReceipt => "action-szamla_agent_nyugta_storno",
            Self::GetReceipt => "action-szamla_agent_nyugta_get",
            Self::SendReceipt => "action-szamla_agent_nyugta_send",
            Self::QueryTaxpayer => "action-szamla_agent_taxpayer",
        }
    }
}

/// Which answer shape a create or storno asks for (`valaszVerzio`).
#[doc(alias = "valaszVerzio")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ResponseVersion {
    /// 1: a PDF or text body with `szlahu_*` headers.
    Headers,
    /// 2: an `xmlszamlavalasz` XML body.
    #[default]
    Xml,
}

impl ResponseVersion {
    /// The wire value: `1` or `2`.
    pub fn code(self) -> u8 {
        match self {
            Self::Headers => 1,
            Self::Xml => 2,
        }
    }
}

/// A request ready to POST to [`ENDPOINT`]: `body` with header `Content-Type: content_type`.
///
/// `Debug` shows sizes only: the XML carries the credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// The multipart field carrying the XML, which selects the operation.
    pub field_name: &'static str,
    /// `multipart/form-data; boundary=…`.
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Where in `body` the request document is.
    xml: Range<usize>,
}

impl fmt::Debug for WireRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WireRequest")
            .field("field_name", &self.field_name)
            .field("xml_len", &self.xml.len())
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The multipart boundary. No XML [`XmlWriter`] writes contains an apostrophe — text escapes it
/// as `&apos;`, and tags, the declaration and the namespace have none — so a boundary with one
/// never occurs in a request, and no request has to be searched for it.
macro_rules! boundary {
    () => {
        "libinvoice'agent'3f9c2a71d5e8"
    };
}

const CONTENT_TYPE: &str = concat!("multipart/form-data; boundary=", boundary!());
const CLOSING_DELIMITER: &str = concat!("\r\n--", boundary!(), "--\r\n");

impl WireRequest {
    /// `operation`'s request, the root element's content written by `write_xml` (as
    /// [`XmlWriter::document`] does) straight into the multipart body, which is sized for
    /// `expected_xml_len` bytes of XML.
    pub(crate) fn build(
        operation: Operation,
        expected_xml_len: usize,
        write_xml: impl FnOnce(&mut XmlWriter) -> Result<(), WireError>,
    ) -> Result<Self, WireError> {
        let field_name = operation.field_name();
        let mut body = Vec::with_capacity(expected_xml_len + 256);
        for part in [
            concat!(
                "--",
                boundary!(),
                "\r\nContent-Disposition: form-data; name=\""
            ),
            field_name,
            "\"; filename=\"",
            operation.root(),
            ".xml\"\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n",
        ] {
            body.extend_from_slice(part.as_bytes());
        }
        let start = body.len();
        let mut body = XmlWriter::document_after(body, operation.root(), write_xml)?;
        let xml = start..body.len();
        debug_assert!(!body[xml.clone()].contains(&b'\''));
        body.extend_from_slice(CLOSING_DELIMITER.as_bytes());
        Ok(Self {
            field_name,
            content_type: CONTENT_TYPE,
            body,
            xml,
        })
    }

    /// The request document alone.
    pub fn xml(&self) -> &[u8] {
        &self.body[self.xml.clone()]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::agent::field_writer::{FieldWriter as _, tag};

    fn taxpayer_request(text: &str) -> WireRequest {
        WireRequest::build(Operation::QueryTaxpayer, 0, |xml| {
            xml.text(tag!("torzsszam"), text)
        })
        .unwrap()
    }

    #[test]
    fn body_wraps_the_xml_as_a_file_part() {
        let request = taxpayer_request("12345678");
        let body = String::from_utf8(request.body.clone()).unwrap();
        let boundary = request
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let xml = std::str::from_utf8(request.xml()).unwrap();
        assert!(xml.starts_with("<?xml") && xml.ends_with("</xmltaxpayer>"));
        assert!(xml.contains("<torzsszam>12345678</torzsszam>"));
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(
            body.contains(
                "name=\"action-szamla_agent_taxpayer\"; filename=\"xmltaxpayer.xml\"\r\n"
            )
        );
        assert!(body.contains(&format!("\r\n\r\n{xml}\r\n")));
        assert!(body.ends_with(&format!("\r\n--{boundary}--\r\n")));
        assert!(!format!("{request:?}").contains("12345678"));
    }

    #[test]
    fn boundary_never_occurs_in_the_xml() {
        // Text spelling the boundary, with and without the delimiter's dashes and line break.
        let boundary = boundary!();
        let text = format!("{boundary} --{boundary}\r\n--{boundary}--");
        let request = taxpayer_request(&text);
        let xml = std::str::from_utf8(request.xml()).unwrap();
        assert!(!xml.contains(boundary));
        assert!(xml.contains("libinvoice&apos;agent&apos;"));
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert_eq!(body.matches(boundary).count(), 2);
    }
}
