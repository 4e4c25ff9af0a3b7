//! Shared helpers: real szamlazz-agent requests sent over HTTP or through `handle`.
#![allow(
    dead_code,
    reason = "each test binary uses its own subset of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use libinvoice_sandbox::{Config, DEMO_AGENT_KEY, HttpRequest, Sandbox, ServerOptions, Service};
use szamlazz_agent::ops::invoice::{Buyer, CreateInvoice, InvoiceHeader, InvoiceKind};
use szamlazz_agent::wire::{AgentRequest, RawResponse};
use szamlazz_agent::{
    Credentials, Currency, Date, Language, LineItem, PaymentMethod, Rounding, VatRate,
};

pub fn demo() -> Credentials {
    Credentials::agent_key(DEMO_AGENT_KEY)
}

pub fn start() -> Sandbox {
    start_with(Service::new(Config::default(), None).unwrap())
}

pub fn start_with(service: Service) -> Sandbox {
    Sandbox::start(service, &ServerOptions::default()).unwrap()
}

pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// POSTs raw bytes and returns the answer as the client crate reads it.
pub fn post(url: &str, content_type: &str, body: &[u8]) -> Result<RawResponse, ureq::Error> {
    let mut response = http_agent()
        .post(url)
        .header("Content-Type", content_type)
        .send(body)?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?;
    Ok(RawResponse::new(headers, body).with_status(status))
}

/// Sends a szamlazz-agent request over HTTP and parses the answer with the crate.
pub fn send<R: AgentRequest>(
    sandbox: &Sandbox,
    request: &R,
    credentials: &Credentials,
) -> Result<R::Response, szamlazz_agent::ResponseError> {
    let wire = request.to_wire(credentials).unwrap();
    let raw = post(&sandbox.url(), &wire.content_type, &wire.body).unwrap();
    request.parse(&raw)
}

/// The same through the in-process entry point.
pub fn handle<R: AgentRequest>(
    service: &Service,
    request: &R,
    credentials: &Credentials,
) -> Result<R::Response, szamlazz_agent::ResponseError> {
    let wire = request.to_wire(credentials).unwrap();
    let response = service.handle(&HttpRequest::post(
        "/szamla/",
        &wire.content_type,
        wire.body,
    ));
    request.parse(&RawResponse::new(response.headers, response.body).with_status(response.status))
}

/// The wire code of a refusal.
pub fn code(error: &szamlazz_agent::ResponseError) -> String {
    match error {
        szamlazz_agent::ResponseError::Api(api) => api.code.code().to_owned(),
        other => format!("not an API error: {other}"),
    }
}

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}

pub fn item(name: &str, quantity: i64, unit_price: i64) -> LineItem {
    LineItem::try_calculated(
        name,
        quantity.into(),
        "db",
        unit_price.into(),
        VatRate::percent(27),
        Rounding::minor_unit(&Currency::HUF),
    )
    .unwrap()
}

/// A plain HUF invoice with an order number and an external id.
pub fn invoice(kind: InvoiceKind, order: &str, external: &str) -> CreateInvoice {
    let header = InvoiceHeader {
        order_number: Some(order.to_owned()),
        ..InvoiceHeader::new(
            date("2026-07-04"),
            date("2026-07-12"),
            PaymentMethod::Transfer,
            Currency::HUF,
            Language::Hungarian,
        )
    };
    CreateInvoice {
        external_id: Some(external.to_owned()),
        download_pdf: true,
        ..CreateInvoice::new(
            kind,
            header,
            Buyer::new(
                "Őrült Űrhajós Kft.",
                "1111",
                "Budapest",
                "Fő utca 1. (őűŐŰáé)",
            ),
            vec![
                item("Árvíztűrő tükörfúrógép", 2, 10_000),
                item("Szállítás", 1, 1_500),
            ],
        )
    }
}

/// A multipart body as the service expects it; `as_file: false` sends a plain field.
pub fn multipart(field: &str, xml: &str, as_file: bool) -> (String, Vec<u8>) {
    let boundary = "sandbox-test-boundary";
    let filename = if as_file {
        format!("; filename=\"{field}.xml\"")
    } else {
        String::new()
    };
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"{filename}\r\nContent-Type: text/xml\r\n\r\n{xml}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// An `xmlszamla` request written by hand, for cases the client crate refuses to build.
pub fn raw_invoice(
    key: &str,
    version: u8,
    download: bool,
    header_extra: &str,
    items: &str,
) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xmlszamla xmlns="http://www.szamlazz.hu/xmlszamla">
  <beallitasok><szamlaagentkulcs>{key}</szamlaagentkulcs><eszamla>false</eszamla><szamlaLetoltes>{download}</szamlaLetoltes><valaszVerzio>{version}</valaszVerzio></beallitasok>
  <fejlec><teljesitesDatum>2026-07-04</teljesitesDatum><fizetesiHataridoDatum>2026-07-12</fizetesiHataridoDatum><fizmod>Átutalás</fizmod><penznem>HUF</penznem><szamlaNyelve>hu</szamlaNyelve>{header_extra}</fejlec>
  <elado></elado>
  <vevo><nev>Kovács Bt.</nev><irsz>2030</irsz><telepules>Érd</telepules><cim>Tárnoki út 23.</cim></vevo>
  <tetelek>{items}</tetelek>
</xmlszamla>"#
    )
}

pub fn raw_item(
    unit: &str,
    quantity: &str,
    rate: &str,
    net: &str,
    vat: &str,
    gross: &str,
) -> String {
    format!(
        "<tetel><megnevezes>Eladó izé</megnevezes><mennyiseg>{quantity}</mennyiseg><mennyisegiEgyseg>db</mennyisegiEgyseg><nettoEgysegar>{unit}</nettoEgysegar><afakulcs>{rate}</afakulcs><nettoErtek>{net}</nettoErtek><afaErtek>{vat}</afaErtek><bruttoErtek>{gross}</bruttoErtek></tetel>"
    )
}

pub fn today() -> Date {
    jiff::Zoned::now().in_tz("Europe/Budapest").unwrap().date()
}
