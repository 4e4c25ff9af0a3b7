//! Operations, their form fields, and the multipart body that carries a request's XML.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use memchr::memmem::Finder;

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
    /// The request document alone.
    pub xml: Vec<u8>,
    /// `multipart/form-data; boundary=…`.
    pub content_type: String,
    pub body: Vec<u8>,
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

/// Deterministic, so bodies are reproducible; a suffix is added if the XML contains it.
const BOUNDARY_BASE: &str = "libinvoice-agent-3f9c2a71d5e8";

impl WireRequest {
    pub(crate) fn new(operation: Operation, xml: Vec<u8>) -> Self {
        let boundary = boundary_for(&xml);
        let field_name = operation.field_name();
        let mut body = Vec::with_capacity(xml.len() + 256);
        for part in [
            "--",
            &boundary,
            "\r\nContent-Disposition: form-data; name=\"",
            field_name,
            "\"; filename=\"",
            operation.root(),
            ".xml\"\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n",
        ] {
            body.extend_from_slice(part.as_bytes());
        }
        body.extend_from_slice(&xml);
        for part in ["\r\n--", &boundary, "--\r\n"] {
            body.extend_from_slice(part.as_bytes());
        }
        Self {
            field_name,
            xml,
            content_type: ["multipart/form-data; boundary=", &boundary].concat(),
            body,
        }
    }
}

fn boundary_for(xml: &[u8]) -> Cow<'static, str> {
    // Building a searcher costs about as much as searching a request with it: the one for the
    // base boundary, which almost every request takes, is built once.
    static BASE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(BOUNDARY_BASE));
    if BASE.find(xml).is_none() {
        return Cow::Borrowed(BOUNDARY_BASE);
    }
    let mut suffix = 1u32;
    loop {
        let boundary = format!("{BOUNDARY_BASE}-{suffix}");
        if memchr::memmem::find(xml, boundary.as_bytes()).is_none() {
            return Cow::Owned(boundary);
        }
        suffix += 1;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn body_wraps_the_xml_as_a_file_part() {
        let request = WireRequest::new(Operation::QueryTaxpayer, b"<xml/>".to_vec());
        let body = String::from_utf8(request.body.clone()).unwrap();
        let boundary = request
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(
            body.contains(
                "name=\"action-szamla_agent_taxpayer\"; filename=\"xmltaxpayer.xml\"\r\n"
            )
        );
        assert!(body.contains("\r\n\r\n<xml/>\r\n"));
        assert!(body.ends_with(&format!("\r\n--{boundary}--\r\n")));
        assert!(!format!("{request:?}").contains("<xml/>"));
    }

    #[test]
    fn boundary_never_occurs_in_the_xml() {
        let xml = format!("<a>{BOUNDARY_BASE} {BOUNDARY_BASE}-1</a>");
        let request = WireRequest::new(Operation::InvoiceData, xml.clone().into_bytes());
        let boundary = request
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(boundary, format!("{BOUNDARY_BASE}-2"));
        assert!(!xml.contains(&format!("--{boundary}")));
    }
}
