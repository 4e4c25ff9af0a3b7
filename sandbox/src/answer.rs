//! The shapes of the service's answers: `xmlszamlavalasz`, `szlahu_*` headers, the
//! receipt, proforma-deletion and NAV taxpayer envelopes.

use std::fmt::Write as _;

use base64::Engine as _;
use rust_decimal::Decimal;

use crate::http::HttpResponse;
use crate::xml::XmlWriter;

/// A refusal with the service's numeric code (`hibakod`) and Hungarian message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentError {
    pub code: u16,
    pub message: String,
}

impl AgentError {
    pub fn new(code: u16, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn schema(detail: &str) -> Self {
        Self::new(57, format!("XML beolvasási hiba. {detail}"))
    }

    pub fn missing(what: &str) -> Self {
        Self::new(7, format!("Hiányzó adat: {what}."))
    }
}

const XML_CONTENT_TYPE: &str = "application/xml; charset=UTF-8";
const XSI: &str = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

/// Which answer a request asked for (`valaszVerzio`; 1 when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Plain text or raw PDF bytes, everything else in `szlahu_*` headers.
    Text,
    /// The `xmlszamlavalasz` document.
    Xml,
}

/// URL-encodes a header value the way the service does (`+` for spaces).
pub fn header_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// Plain decimal text without trailing zeros (`38100`, `12.5`).
pub fn amount(value: Decimal) -> String {
    value.normalize().to_string()
}

/// What an issued or queried invoice answer reports.
#[derive(Debug, Clone)]
pub struct InvoiceSummary {
    pub id: u64,
    pub number: String,
    pub net: Decimal,
    pub gross: Decimal,
    pub outstanding: Decimal,
    pub customer_account_url: String,
}

/// A successful `xmlszamlavalasz`-family answer, or its version 1 equivalent.
pub fn invoice_success(
    version: Version,
    summary: Option<&InvoiceSummary>,
    with_balance: bool,
    pdf: Option<&[u8]>,
) -> HttpResponse {
    let mut response = match version {
        Version::Xml => {
            let mut w = XmlWriter::new(
                "xmlszamlavalasz",
                "http://www.szamlazz.hu/xmlszamlavalasz",
                XSI,
            );
            w.text("sikeres", "true");
            if let Some(summary) = summary {
                w.text("szamlaszam", &summary.number)
                    .text("szamlanetto", amount(summary.net))
                    .text("szamlabrutto", amount(summary.gross));
                if with_balance {
                    w.text("kintlevoseg", amount(summary.outstanding))
                        .text("vevoifiokurl", &summary.customer_account_url);
                }
            }
            if let Some(pdf) = pdf {
                w.text("pdf", base64::engine::general_purpose::STANDARD.encode(pdf));
            }
            HttpResponse::new(200, XML_CONTENT_TYPE, w.finish())
        }
        Version::Text => match pdf {
            Some(pdf) => HttpResponse::new(200, "application/pdf", pdf.to_vec()),
            None => HttpResponse::text(
                200,
                &format!(
                    "xmlagentresponse=DONE;{}",
                    summary.map_or("", |s| s.number.as_str())
                ),
            ),
        },
    };
    if let Some(summary) = summary {
        response = response
            .with_header("szlahu_id", summary.id.to_string())
            .with_header("szlahu_szamlaszam", header_encode(&summary.number))
            .with_header("szlahu_nettovegosszeg", amount(summary.net))
            .with_header("szlahu_bruttovegosszeg", amount(summary.gross));
        if with_balance {
            response = response
                .with_header("szlahu_kintlevoseg", amount(summary.outstanding))
                .with_header(
                    "szlahu_vevoifiokurl",
                    header_encode(&summary.customer_account_url),
                );
        }
    }
    response
}

/// A refusal in the `xmlszamlavalasz` family. `headers`: whether the operation also
/// reports it in `szlahu_error*` headers (version 1 always does: it has no body to use).
pub fn invoice_error(version: Version, error: &AgentError, headers: bool) -> HttpResponse {
    let response = match version {
        Version::Xml => {
            let mut w = XmlWriter::new(
                "xmlszamlavalasz",
                "http://www.szamlazz.hu/xmlszamlavalasz",
                XSI,
            );
            w.text("sikeres", "false")
                .text("hibakod", error.code)
                .cdata("hibauzenet", &error.message);
            HttpResponse::new(200, XML_CONTENT_TYPE, w.finish())
        }
        Version::Text => HttpResponse::text(
            200,
            &format!("xmlagentresponse=ERROR;{};{}", error.code, error.message),
        ),
    };
    if headers || version == Version::Text {
        with_error_headers(response, error)
    } else {
        response
    }
}

pub fn with_error_headers(response: HttpResponse, error: &AgentError) -> HttpResponse {
    response
        .with_header("szlahu_error_code", error.code.to_string())
        .with_header("szlahu_error", header_encode(&error.message))
}

/// `xmlszamladbkdelvalasz`, success or refusal (also in headers).
pub fn proforma_deletion(result: Result<(), &AgentError>) -> HttpResponse {
    let mut w = XmlWriter::new(
        "xmlszamladbkdelvalasz",
        "http://www.szamlazz.hu/xmlszamladbkdelvalasz",
        XSI,
    );
    match result {
        Ok(()) => {
            w.text("sikeres", "true");
            HttpResponse::new(200, XML_CONTENT_TYPE, w.finish())
        }
        Err(error) => {
            w.text("sikeres", "false")
                .text("hibakod", error.code)
                .cdata("hibauzenet", &error.message);
            with_error_headers(HttpResponse::new(200, XML_CONTENT_TYPE, w.finish()), error)
        }
    }
}

/// An `xmlnyugtavalasz` or `xmlnyugtasendvalasz` refusal.
pub fn receipt_error(root: &'static str, error: &AgentError) -> HttpResponse {
    let mut w = XmlWriter::new(root, &format!("http://www.szamlazz.hu/{root}"), XSI);
    w.text("sikeres", "false")
        .text("hibakod", error.code)
        .text("hibauzenet", &error.message);
    HttpResponse::new(200, XML_CONTENT_TYPE, w.finish())
}

/// The NAV envelope of a taxpayer query.
pub fn taxpayer_envelope(
    request_id: &str,
    timestamp: &str,
    body: impl FnOnce(&mut XmlWriter),
) -> HttpResponse {
    let mut w = XmlWriter::new(
        "QueryTaxpayerResponse",
        "http://schemas.nav.gov.hu/OSA/2.0/api",
        " xmlns:ns2=\"http://schemas.nav.gov.hu/OSA/2.0/data\"",
    );
    w.open("header")
        .text("requestId", request_id)
        .text("timestamp", timestamp)
        .text("requestVersion", "2.0")
        .close();
    body(&mut w);
    HttpResponse::new(200, XML_CONTENT_TYPE, w.finish())
}

/// A refusal of a taxpayer query in the NAV envelope.
pub fn taxpayer_error(timestamp: &str, error: &AgentError) -> HttpResponse {
    taxpayer_envelope("-", timestamp, |w| {
        w.open("result")
            .text("funcCode", "ERROR")
            .text("errorCode", error.code)
            .text("message", &error.message)
            .close();
    })
}

pub fn xml_document(body: String) -> HttpResponse {
    HttpResponse::new(200, XML_CONTENT_TYPE, body)
}
