//! The Számla Agent stand-in: routing, faults, and the operations themselves.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::amounts::{self, LineAmounts, VatRate};
use crate::answer::{self, AgentError, InvoiceSummary, Version};
use crate::config::{Account, Config, Login};
use crate::documents;
use crate::faults::{Fault, FaultPlan, Target};
use crate::http::{HttpRequest, HttpResponse};
use crate::multipart;
use crate::schema;
use crate::state::{Buyer, Invoice, Item, Kind, Ledger, Payment, Receipt, Store, Tender};
use crate::xml::Element;

/// The Agent operations, by the form field that selects them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    CreateInvoice,
    ReverseInvoice,
    RegisterPayment,
    InvoicePdf,
    InvoiceXml,
    DeleteProforma,
    CreateReceipt,
    ReverseReceipt,
    GetReceipt,
    SendReceipt,
    Taxpayer,
}

impl Operation {
    pub const ALL: [Self; 11] = [
        Self::CreateInvoice,
        Self::ReverseInvoice,
        Self::RegisterPayment,
        Self::InvoicePdf,
        Self::InvoiceXml,
        Self::DeleteProforma,
        Self::CreateReceipt,
        Self::ReverseReceipt,
        Self::GetReceipt,
        Self::SendReceipt,
        Self::Taxpayer,
    ];

    pub fn form_field(self) -> &'static str {
        match self {
            Self::CreateInvoice => "action-xmlagentxmlfile",
            Self::ReverseInvoice => "action-szamla_agent_st",
            Self::RegisterPayment => "action-szamla_agent_kifiz",
            Self::InvoicePdf => "action-szamla_agent_pdf",
            Self::InvoiceXml => "action-szamla_agent_xml",
            Self::DeleteProforma => "action-szamla_agent_dijbekero_torlese",
            Self::CreateReceipt => "action-szamla_agent_nyugta_create",
            Self::ReverseReceipt => "action-szamla_agent_nyugta_storno",
            Self::GetReceipt => "action-szamla_agent_nyugta_get",
            Self::SendReceipt => "action-szamla_agent_nyugta_send",
            Self::Taxpayer => "action-szamla_agent_taxpayer",
        }
    }

    pub fn root(self) -> &'static str {
        match self {
            Self::CreateInvoice => "xmlszamla",
            Self::ReverseInvoice => "xmlszamlast",
            Self::RegisterPayment => "xmlszamlakifiz",
            Self::InvoicePdf => "xmlszamlapdf",
            Self::InvoiceXml => "xmlszamlaxml",
            Self::DeleteProforma => "xmlszamladbkdel",
            Self::CreateReceipt => "xmlnyugtacreate",
            Self::ReverseReceipt => "xmlnyugtast",
            Self::GetReceipt => "xmlnyugtaget",
            Self::SendReceipt => "xmlnyugtasend",
            Self::Taxpayer => "xmltaxpayer",
        }
    }

    fn schema(self) -> &'static [schema::Field] {
        match self {
            Self::CreateInvoice => schema::XMLSZAMLA,
            Self::ReverseInvoice => schema::XMLSZAMLAST,
            Self::RegisterPayment => schema::XMLSZAMLAKIFIZ,
            Self::InvoicePdf => schema::XMLSZAMLAPDF,
            Self::InvoiceXml => schema::XMLSZAMLAXML,
            Self::DeleteProforma => schema::XMLSZAMLADBKDEL,
            Self::CreateReceipt => schema::XMLNYUGTACREATE,
            Self::ReverseReceipt => schema::XMLNYUGTAST,
            Self::GetReceipt => schema::XMLNYUGTAGET,
            Self::SendReceipt => schema::XMLNYUGTASEND,
            Self::Taxpayer => schema::XMLTAXPAYER,
        }
    }

    fn from_field(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.form_field() == name)
    }

    /// Where the credentials sit: under the root for the two invoice queries.
    fn credentials_holder(self, root: &Element) -> Option<&Element> {
        match self {
            Self::InvoicePdf | Self::InvoiceXml => Some(root),
            _ => root.child("beallitasok"),
        }
    }

    /// How this operation answers a refusal.
    fn refusal(self, version: Version, error: &AgentError, timestamp: &str) -> HttpResponse {
        match self {
            Self::CreateInvoice | Self::ReverseInvoice | Self::InvoicePdf => {
                answer::invoice_error(version, error, true)
            }
            // Reported in the body only (observed on the service).
            Self::RegisterPayment | Self::InvoiceXml => {
                answer::invoice_error(version, error, false)
            }
            Self::DeleteProforma => answer::proforma_deletion(Err(error)),
            Self::CreateReceipt | Self::ReverseReceipt | Self::GetReceipt => {
                answer::receipt_error("xmlnyugtavalasz", error)
            }
            Self::SendReceipt => answer::receipt_error("xmlnyugtasendvalasz", error),
            Self::Taxpayer => answer::taxpayer_error(timestamp, error),
        }
    }
}

/// What the transport does with a request.
#[derive(Debug)]
pub enum Delivery {
    Respond(HttpResponse),
    /// Close the connection without answering.
    Close,
}

/// The outcome of a request, before the transport acts on it.
#[derive(Debug)]
pub struct Exchange {
    pub delay: Duration,
    pub delivery: Delivery,
}

/// The sandbox service: configuration, state, faults.
pub struct Service {
    pub(crate) config: Config,
    store: Mutex<Store>,
    faults: Mutex<FaultPlan>,
    state_file: Option<PathBuf>,
    sessions: AtomicU64,
    /// Gateway transactions; held across a PayBill invoice so a transaction is invoiced once.
    pub(crate) paybill: Mutex<crate::paybill::Transactions>,
    pub(crate) szamlahegy: Mutex<crate::szamlahegy::Ledgers>,
}

impl Service {
    /// A service with the given accounts, starting from `state_file` when it exists.
    pub fn new(config: Config, state_file: Option<PathBuf>) -> Result<Self, String> {
        let store = match &state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                serde_json::from_str(&text)
                    .map_err(|e| format!("cannot parse {}: {e}", path.display()))?
            }
            _ => Store::default(),
        };
        let mut plan = FaultPlan::default();
        for account in &config.accounts {
            plan.add(account.faults.iter().cloned().map(|mut rule| {
                rule.agent_key = Some(account.agent_key.clone());
                rule
            }));
        }
        Ok(Self {
            config,
            store: Mutex::new(store),
            faults: Mutex::new(plan),
            state_file,
            sessions: AtomicU64::new(0),
            paybill: Mutex::default(),
            szamlahegy: Mutex::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A copy of the current state.
    pub fn snapshot(&self) -> Store {
        self.lock_store().clone()
    }

    /// Forgets every document of the three services and every PayBill transaction (as
    /// `DELETE /control/state` does). One lock at a time: a PayBill invoice holds the
    /// transactions while it takes the Agent's store.
    pub fn reset(&self) {
        *self.lock_store() = Store::default();
        self.persist();
        *self.lock_paybill() = crate::paybill::Transactions::default();
        *self.lock_szamlahegy() = crate::szamlahegy::Ledgers::default();
    }

    fn lock_store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-written document: every
        // operation validates before it mutates, so the data is usable either way.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn lock_faults(&self) -> std::sync::MutexGuard<'_, FaultPlan> {
        self.faults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds fault rules (as the control endpoint does).
    pub fn add_faults(&self, rules: impl IntoIterator<Item = crate::faults::FaultRule>) {
        self.lock_faults().add(rules);
    }

    /// Answers a request in process. Faults that only exist on a socket (delay, closing
    /// the connection) are left for the socket server; use [`Service::dispatch`] to see them.
    pub fn handle(&self, request: &HttpRequest) -> HttpResponse {
        match self.exchange(request, false).delivery {
            Delivery::Respond(response) => response,
            Delivery::Close => HttpResponse::text(500, "connection closed"),
        }
    }

    /// Answers a request with every fault applied, for a transport to act on.
    pub fn dispatch(&self, request: &HttpRequest) -> Exchange {
        self.exchange(request, true)
    }

    fn exchange(&self, request: &HttpRequest, with_transport: bool) -> Exchange {
        let respond = |response| Exchange {
            delay: Duration::ZERO,
            delivery: Delivery::Respond(response),
        };
        let path = request.path.trim_end_matches('/');
        match (request.method.as_str(), path) {
            ("POST", "/szamla") => self.agent(request, with_transport),
            ("GET", "/szamla") => respond(HttpResponse::text(
                200,
                "Számla Agent sandbox: POST multipart/form-data here.",
            )),
            ("POST", "/api/payment") => self.paybill_call(request, with_transport),
            ("POST", "/api/v1/invoices") => self.szamlahegy_create(request, with_transport),
            ("GET", "/api/v1/invoices") => self.szamlahegy_lookup(request, with_transport),
            ("GET", download) if download.starts_with(crate::szamlahegy::DOWNLOAD) => {
                self.szamlahegy_pdf(request, with_transport)
            }
            ("POST", "/control/paybill/transactions") => {
                respond(self.paybill_control(&request.body))
            }
            ("POST", "/control/faults") => {
                respond(match crate::faults::parse_rules(&request.body) {
                    Ok(rules) => {
                        self.add_faults(rules);
                        self.faults_json()
                    }
                    Err(message) => {
                        HttpResponse::json(400, &serde_json::json!({ "error": message }))
                    }
                })
            }
            ("GET", "/control/faults") => respond(self.faults_json()),
            ("DELETE", "/control/faults") => {
                self.lock_faults().clear();
                respond(self.faults_json())
            }
            ("GET", "/control/state") => respond(HttpResponse::json(
                200,
                &serde_json::to_value(self.snapshot()).unwrap_or_default(),
            )),
            ("DELETE", "/control/state") => {
                self.reset();
                respond(HttpResponse::json(
                    200,
                    &serde_json::json!({ "reset": true }),
                ))
            }
            _ => respond(HttpResponse::text(404, "not found")),
        }
    }

    fn faults_json(&self) -> HttpResponse {
        HttpResponse::json(
            200,
            &serde_json::json!({ "active": serde_json::to_value(self.lock_faults().rules()).unwrap_or_default() }),
        )
    }

    fn agent(&self, request: &HttpRequest, with_transport: bool) -> Exchange {
        let content_type = request.header("content-type").unwrap_or_default();
        let parts = multipart::parse(content_type, &request.body).unwrap_or_else(|| {
            if content_type.starts_with("application/x-www-form-urlencoded") {
                multipart::parse_urlencoded(&request.body)
            } else {
                Vec::new()
            }
        });
        let now = jiff::Zoned::now();
        let timestamp = now.timestamp().to_string();
        let selected = parts
            .iter()
            .find_map(|part| Operation::from_field(&part.name).map(|op| (op, part)));
        let Some((operation, part)) = selected else {
            let error = AgentError::new(
                53,
                "Az XML fájl nem került elküldésre (multipart/form-data fájl mező szükséges).",
            );
            return self.finish(request, answer::invoice_error(Version::Xml, &error, true));
        };
        let parsed = crate::xml::parse(&part.data);
        let version = match &parsed {
            Ok(root) if operation == Operation::InvoiceXml => {
                let _ = root;
                Version::Xml
            }
            Ok(root) => match root.find("valaszVerzio").map(|v| v.text.trim()) {
                Some("2") => Version::Xml,
                _ => Version::Text,
            },
            Err(_) => Version::Xml,
        };
        let agent_key = parsed
            .as_ref()
            .ok()
            .and_then(|root| root.find("szamlaagentkulcs"))
            .map(|key| key.text.trim().to_owned());
        let target = Target {
            form_field: operation.form_field(),
            root: operation.root(),
            agent_key: agent_key.as_deref(),
        };
        let fault = self.lock_faults().take(&target, with_transport);
        let maintenance = || {
            let error = AgentError::new(
                1,
                "A rendszer karbantartás alatt áll, kérjük próbálja újra később.",
            );
            let response = operation
                .refusal(version, &error, &timestamp)
                .with_header("szlahu_down", answer::header_encode(&error.message));
            answer::with_error_headers(response, &error)
        };
        let process = || {
            if part.filename.is_none() {
                let error = AgentError::new(
                    53,
                    "Az XML fájl nem került elküldésre: a mezőt fájlként kell küldeni.",
                );
                return operation.refusal(version, &error, &timestamp);
            }
            match parsed {
                Err(detail) => operation.refusal(version, &AgentError::schema(&detail), &timestamp),
                Ok(root) => match self.run(operation, &root, version, &now) {
                    Ok(response) => response,
                    Err(error) => operation.refusal(version, &error, &timestamp),
                },
            }
        };
        let mut exchange = faulted(fault.as_ref(), maintenance, process);
        if let Delivery::Respond(response) = exchange.delivery {
            exchange.delivery = self.finish(request, response).delivery;
        }
        exchange
    }

    /// Sets the session cookie the service hands out, unless the client sent one back.
    fn finish(&self, request: &HttpRequest, response: HttpResponse) -> Exchange {
        let response = if request.cookie("JSESSIONID").is_some() {
            response
        } else {
            let serial = self.sessions.fetch_add(1, Ordering::Relaxed);
            let nanos = jiff::Timestamp::now().as_nanosecond();
            response.with_header(
                "Set-Cookie",
                format!(
                    "JSESSIONID={:016X}{serial:08X}; Path=/szamla; HttpOnly",
                    u64::try_from(nanos.unsigned_abs() % u128::from(u64::MAX)).unwrap_or_default()
                ),
            )
        };
        Exchange {
            delay: Duration::ZERO,
            delivery: Delivery::Respond(response),
        }
    }

    pub(crate) fn run(
        &self,
        operation: Operation,
        root: &Element,
        version: Version,
        now: &jiff::Zoned,
    ) -> Result<HttpResponse, AgentError> {
        schema::validate(root, operation.root(), operation.schema())
            .map_err(|detail| AgentError::schema(&detail))?;
        let login = operation
            .credentials_holder(root)
            .and_then(Login::from_element)
            .ok_or_else(|| AgentError::new(3, "Bejelentkezési hiba - hiányzó számla agent kulcs vagy felhasználónév és jelszó."))?;
        let account = self.config.account(&login).ok_or_else(|| {
            AgentError::new(3, "Bejelentkezési hiba - a megadott login név és jelszó pároshoz nem létezik felhasználó")
        })?;
        let today = today(now);
        let mut store = self.lock_store();
        let ledger = store.ledgers.entry(account.agent_key.clone()).or_default();
        let context = Context {
            account,
            today,
            version,
            timestamp: now.timestamp().to_string(),
        };
        let (response, changed) = match operation {
            Operation::CreateInvoice => (create_invoice(&context, ledger, root)?, true),
            Operation::ReverseInvoice => (reverse_invoice(&context, ledger, root)?, true),
            Operation::RegisterPayment => (register_payment(&context, ledger, root)?, true),
            Operation::InvoicePdf => (invoice_pdf(&context, ledger, root)?, false),
            Operation::InvoiceXml => (invoice_xml(&context, ledger, root)?, false),
            Operation::DeleteProforma => (delete_proforma(ledger, root)?, true),
            Operation::CreateReceipt => (create_receipt(&context, ledger, root)?, true),
            Operation::ReverseReceipt => (reverse_receipt(&context, ledger, root)?, true),
            Operation::GetReceipt => (get_receipt(&context, ledger, root)?, false),
            Operation::SendReceipt => (send_receipt(ledger, root)?, true),
            Operation::Taxpayer => (self.taxpayer(&context, root), false),
        };
        drop(store);
        if changed {
            self.persist();
        }
        Ok(response)
    }

    /// Writes the state file (whole, then renamed into place, so a crash never leaves a
    /// half-written file).
    fn persist(&self) {
        let Some(path) = &self.state_file else {
            return;
        };
        let Ok(text) = serde_json::to_string_pretty(&*self.lock_store()) else {
            return;
        };
        let temporary = path.with_extension("tmp");
        if std::fs::write(&temporary, text).is_ok() {
            let _ = std::fs::rename(&temporary, path);
        }
    }

    fn taxpayer(&self, context: &Context<'_>, root: &Element) -> HttpResponse {
        let prefix = root.text_of("torzsszam").unwrap_or_default();
        let request_id = format!("SANDBOX{prefix}");
        let found = self.config.taxpayers.iter().find(|t| t.prefix == prefix);
        answer::taxpayer_envelope(&request_id, &context.timestamp, |w| {
            w.open("result").text("funcCode", "OK").close();
            if found.is_some() {
                w.open("software")
                    .text("softwareId", "SANDBOX000000000001")
                    .text("softwareName", "Számla Agent sandbox")
                    .text("softwareOperation", "ONLINE_SERVICE")
                    .text("softwareMainVersion", env!("CARGO_PKG_VERSION"))
                    .text("softwareDevName", "libinvoice")
                    .text("softwareDevContact", "sandbox@example.invalid")
                    .close();
                w.text("infoDate", "2004-12-26T23:00:00.000Z");
            }
            w.text("taxpayerValidity", found.is_some());
            if let Some(taxpayer) = found {
                w.open("taxpayerData")
                    .text("taxpayerName", &taxpayer.name)
                    .open("taxNumberDetail")
                    .text("ns2:taxpayerId", &taxpayer.prefix)
                    .text("ns2:vatCode", &taxpayer.vat_code)
                    .close()
                    .open("taxpayerAddressList")
                    .open("taxpayerAddressItem")
                    .text("taxpayerAddressType", "HQ")
                    .open("taxpayerAddress")
                    .text("ns2:countryCode", &taxpayer.country_code)
                    .text("ns2:postalCode", &taxpayer.postal_code)
                    .text("ns2:city", &taxpayer.city)
                    .text("ns2:streetName", &taxpayer.street_name)
                    .text("ns2:publicPlaceCategory", &taxpayer.public_place_category)
                    .text("ns2:number", &taxpayer.number)
                    .close()
                    .close()
                    .close()
                    .close();
            }
        })
    }
}

/// Applies `fault` to a request: answers in its place (an HTTP error, an HTML page,
/// `maintenance()`), or runs `process` (which may commit) and then delays, closes the
/// connection, or cuts the answer short. Every emulated service shares it.
pub(crate) fn faulted(
    fault: Option<&Fault>,
    maintenance: impl FnOnce() -> HttpResponse,
    process: impl FnOnce() -> HttpResponse,
) -> Exchange {
    let respond = |delay, response| Exchange {
        delay,
        delivery: Delivery::Respond(response),
    };
    let mut delay = Duration::ZERO;
    match fault {
        Some(Fault::CloseBeforeAnswer) => {
            return Exchange {
                delay,
                delivery: Delivery::Close,
            };
        }
        Some(Fault::HttpStatus { status }) => {
            let page = format!(
                "<html><head><title>{status}</title></head><body><h1>{status}</h1><p>Upstream error (sandbox fault).</p></body></html>"
            );
            return respond(
                delay,
                HttpResponse::new(*status, "text/html; charset=UTF-8", page),
            );
        }
        Some(Fault::HtmlPage) => {
            let page = "<!DOCTYPE html><html><head><title>Számlázz.hu</title></head><body><p>Karbantartás miatt az oldal nem érhető el.</p></body></html>";
            return respond(
                delay,
                HttpResponse::new(200, "text/html; charset=UTF-8", page),
            );
        }
        Some(Fault::Maintenance) => return respond(delay, maintenance()),
        Some(Fault::Delay { ms }) => delay = Duration::from_millis(*ms),
        Some(Fault::CloseAfterCommit | Fault::TruncatedXml) | None => {}
    }
    let mut response = process();
    match fault {
        Some(Fault::CloseAfterCommit) => Exchange {
            delay,
            delivery: Delivery::Close,
        },
        Some(Fault::TruncatedXml) => {
            let half = response.body.len() / 2;
            response.body.truncate(half);
            respond(delay, response)
        }
        _ => respond(delay, response),
    }
}

/// Today's calendar date in Hungary.
pub(crate) fn today(now: &jiff::Zoned) -> Date {
    now.in_tz("Europe/Budapest")
        .map_or_else(|_| now.date(), |zoned| zoned.date())
}

struct Context<'a> {
    account: &'a Account,
    today: Date,
    version: Version,
    timestamp: String,
}

/// What the answers report about an invoice.
fn summary(invoice: &Invoice) -> InvoiceSummary {
    InvoiceSummary {
        id: invoice.id,
        number: invoice.number.clone(),
        net: invoice.net_total(),
        gross: invoice.gross_total(),
        outstanding: invoice.outstanding(),
        customer_account_url: format!(
            "http://localhost/szamla/?page=vevoifiokpay&szfejguid={:016x}",
            invoice.id
        ),
    }
}

fn decimal(element: &Element, name: &str) -> Decimal {
    element
        .text_of(name)
        .and_then(amounts::parse_xsd_double)
        .unwrap_or_default()
}

fn date(element: &Element, name: &str) -> Option<Date> {
    element.text_of(name).and_then(|text| text.parse().ok())
}

fn owned(element: &Element, name: &str) -> Option<String> {
    element.text_of(name).map(str::to_owned)
}

fn empty() -> Element {
    Element::default()
}

/// Reads and checks line items: `names` are the element names of net, VAT and gross.
fn read_items(
    items: &Element,
    currency: &str,
    names: [&str; 3],
    receipt: bool,
) -> Result<Vec<Item>, AgentError> {
    let mut read = Vec::new();
    for (index, tetel) in items.children_named("tetel").enumerate() {
        let name = tetel.text_of("megnevezes").unwrap_or_default().to_owned();
        let rate_text = tetel.text_of("afakulcs").unwrap_or_default();
        let rate = VatRate::parse(rate_text).ok_or_else(|| {
            AgentError::schema(&format!(
                "Ismeretlen áfakulcs: '{rate_text}' ({}. tétel).",
                index + 1
            ))
        })?;
        let line = LineAmounts {
            unit_price: decimal(tetel, "nettoEgysegar"),
            quantity: decimal(tetel, "mennyiseg"),
            rate: rate.clone(),
            net: decimal(tetel, names[0]),
            vat: decimal(tetel, names[1]),
            gross: decimal(tetel, names[2]),
        };
        if receipt {
            amounts::check_receipt_line(index + 1, &line, currency)?;
            amounts::check_line_consistency(index + 1, &name, &line, currency)?;
        } else {
            amounts::check_line(index + 1, &name, &line, currency)?;
        }
        read.push(Item {
            name,
            identifier: owned(tetel, "azonosito"),
            quantity: line.quantity,
            unit: tetel
                .text_of("mennyisegiEgyseg")
                .unwrap_or_default()
                .to_owned(),
            unit_price: line.unit_price,
            vat_rate: rate.wire(),
            net: line.net,
            vat: line.vat,
            gross: line.gross,
            comment: owned(tetel, "megjegyzes"),
        });
    }
    Ok(read)
}

fn kind_of(header: &Element) -> Result<Kind, AgentError> {
    let flags = [
        ("dijbekero", Kind::Proforma),
        ("szallitolevel", Kind::DeliveryNote),
        ("elolegszamla", Kind::Deposit),
        ("vegszamla", Kind::Final),
        ("helyesbitoszamla", Kind::Corrective),
    ];
    let set: Vec<Kind> = flags
        .iter()
        .filter(|(name, _)| header.flag(name))
        .map(|(_, kind)| *kind)
        .collect();
    match set.as_slice() {
        [] => Ok(Kind::Invoice),
        [kind] => Ok(*kind),
        _ => Err(AgentError::schema(
            "Egy számla egyszerre csak egy típusú lehet (dijbekero, szallitolevel, elolegszamla, vegszamla, helyesbitoszamla).",
        )),
    }
}

/// The prefix part of an invoice number (`SBX-2026-3` → `SBX`).
fn prefix_of(number: &str) -> &str {
    let mut pieces = number.rsplitn(3, '-');
    let (Some(_), Some(_), Some(prefix)) = (pieces.next(), pieces.next(), pieces.next()) else {
        return number;
    };
    prefix
}

#[expect(
    clippy::too_many_lines,
    reason = "the service's checks in the order it applies them"
)]
fn create_invoice(
    context: &Context<'_>,
    ledger: &mut Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let header = root.child("fejlec").unwrap_or(&empty);
    let vevo = root.child("vevo").unwrap_or(&empty);
    let e_invoice = settings.flag("eszamla");
    if e_invoice && !context.account.e_invoicing {
        return Err(AgentError::new(
            54,
            "Az e-számla kiállítása nincs engedélyezve ezen a fiókon.",
        ));
    }
    let prefix = match header.text_of("szamlaszamElotag") {
        Some(prefix) => prefix.to_owned(),
        None => context
            .account
            .prefixes
            .first()
            .cloned()
            .unwrap_or_default(),
    };
    if !context.account.prefixes.contains(&prefix) {
        return Err(AgentError::new(
            202,
            format!("A számlaszám előtag ({prefix}) nincs regisztrálva a számlatömbök között."),
        ));
    }
    let kind = kind_of(header)?;
    let currency = header.text_of("penznem").unwrap_or_default().to_owned();
    let items = read_items(
        root.child("tetelek").unwrap_or(&empty),
        &currency,
        ["nettoErtek", "afaErtek", "bruttoErtek"],
        false,
    )?;
    let order_number = owned(header, "rendelesSzam");

    let references = match kind {
        Kind::Final => {
            let wanted = header.text_of("elolegSzamlaszam");
            let deposit = ledger
                .invoices
                .iter()
                .filter(|i| {
                    i.kind == Kind::Deposit
                        && i.is_live()
                        && !i.reversed
                        && !i.consumed
                        && wanted.is_none_or(|n| n == i.number)
                        && (wanted.is_some()
                            || (order_number.is_some() && i.order_number == order_number))
                })
                .max_by_key(|i| i.id);
            let Some(deposit) = deposit else {
                return Err(AgentError::new(
                    73,
                    format!(
                        "A hivatkozott előlegszámla nem beazonosítható. Rendelésszám: {}, előlegszámla száma: {}.",
                        order_number.as_deref().unwrap_or(""),
                        wanted.unwrap_or("")
                    ),
                ));
            };
            Some(deposit.number.clone())
        }
        Kind::Corrective => {
            let wanted = header
                .text_of("helyesbitettSzamlaszam")
                .ok_or_else(|| AgentError::missing("helyesbitettSzamlaszam"))?;
            if !ledger
                .invoices
                .iter()
                .any(|i| i.number == wanted && i.is_live())
            {
                return Err(AgentError::new(
                    7,
                    format!("Hiányzó adat: a helyesbítendő számla ({wanted}) nem található."),
                ));
            }
            Some(wanted.to_owned())
        }
        _ => None,
    };
    let proforma = header.text_of("dijbekeroSzamlaszam").map(str::to_owned);
    if let Some(number) = &proforma
        && !ledger
            .invoices
            .iter()
            .any(|i| i.kind == Kind::Proforma && i.number == *number && i.is_live())
    {
        return Err(AgentError::new(
            335,
            format!("nincs ilyen díjbekérő a rendszerben ({number})"),
        ));
    }
    if context.account.forbid_duplicate_order_numbers
        && !matches!(kind, Kind::Storno | Kind::Corrective)
        && let Some(order) = &order_number
        && ledger.invoices.iter().any(|i| {
            i.kind == kind && i.is_live() && !i.reversed && i.order_number.as_ref() == Some(order)
        })
    {
        return Err(AgentError::new(
            71,
            format!(
                "Már létező rendelésszám: {order}. Az ismétlődés engedélyezhető a Beállítások oldalon."
            ),
        ));
    }

    let issue_date = date(header, "keltDatum").unwrap_or(context.today);
    let mut invoice = Invoice {
        id: 0,
        number: String::new(),
        kind,
        e_invoice,
        issue_date,
        fulfillment_date: date(header, "teljesitesDatum").unwrap_or(issue_date),
        due_date: date(header, "fizetesiHataridoDatum").unwrap_or(issue_date),
        payment_method: header.text_of("fizmod").unwrap_or_default().to_owned(),
        currency,
        language: header.text_of("szamlaNyelve").unwrap_or("hu").to_owned(),
        comment: owned(header, "megjegyzes"),
        exchange_bank: owned(header, "arfolyamBank"),
        exchange_rate: header
            .text_of("arfolyam")
            .and_then(amounts::parse_xsd_double),
        order_number,
        external_id: owned(settings, "szamlaKulsoAzon"),
        references,
        proforma,
        reversed: false,
        consumed: false,
        deleted: false,
        buyer: Buyer {
            name: vevo.text_of("nev").unwrap_or_default().to_owned(),
            country: owned(vevo, "orszag"),
            zip: vevo.text_of("irsz").unwrap_or_default().to_owned(),
            city: vevo.text_of("telepules").unwrap_or_default().to_owned(),
            address: vevo.text_of("cim").unwrap_or_default().to_owned(),
            email: owned(vevo, "email"),
            tax_number: owned(vevo, "adoszam"),
            eu_tax_number: owned(vevo, "adoszamEU"),
            identifier: owned(vevo, "azonosito"),
        },
        items,
        payments: Vec::new(),
    };
    let download = settings.flag("szamlaLetoltes");
    if header.flag("elonezetpdf") {
        let pdf = documents::invoice_pdf(&invoice, &context.account.seller);
        return Ok(answer::invoice_success(
            context.version,
            None,
            false,
            Some(&pdf),
        ));
    }

    invoice.id = ledger.allocate_id();
    invoice.number = match kind {
        Kind::Proforma => format!("D-{prefix}-{}", ledger.next_in(&format!("D-{prefix}"))),
        Kind::DeliveryNote => format!("SL-{prefix}-{}", ledger.next_in(&format!("SL-{prefix}"))),
        _ => {
            let year = issue_date.year();
            format!(
                "{prefix}-{year}-{}",
                ledger.next_in(&format!("{prefix}-{year}"))
            )
        }
    };
    if matches!(kind, Kind::Invoice | Kind::Deposit | Kind::Final) {
        // Issuing an invoice turns the named proforma, or one under the same order
        // number, into an invoice: it then answers 7 like a deleted one.
        for other in &mut ledger.invoices {
            let named = invoice.proforma.as_ref() == Some(&other.number);
            let same_order =
                invoice.order_number.is_some() && other.order_number == invoice.order_number;
            if other.kind == Kind::Proforma && (named || same_order) {
                other.consumed = true;
            }
        }
    }
    if kind == Kind::Final
        && let Some(deposit) = invoice
            .references
            .as_deref()
            .and_then(|n| ledger.invoices.iter_mut().find(|i| i.number == n))
    {
        deposit.consumed = true;
    }
    Ok(keep_and_answer(context, ledger, invoice, download))
}

/// Stores a newly issued document and answers with its summary (and its PDF when asked).
fn keep_and_answer(
    context: &Context<'_>,
    ledger: &mut Ledger,
    invoice: Invoice,
    download: bool,
) -> HttpResponse {
    let pdf = download.then(|| documents::invoice_pdf(&invoice, &context.account.seller));
    let summary = summary(&invoice);
    ledger.invoices.push(invoice);
    answer::invoice_success(context.version, Some(&summary), true, pdf.as_deref())
}

fn reverse_invoice(
    context: &Context<'_>,
    ledger: &mut Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let header = root.child("fejlec").unwrap_or(&empty);
    let e_invoice = settings.flag("eszamla");
    if e_invoice && !context.account.e_invoicing {
        return Err(AgentError::new(
            54,
            "Az e-számla kiállítása nincs engedélyezve ezen a fiókon.",
        ));
    }
    let number = header.text_of("szamlaszam").unwrap_or_default();
    let original = ledger
        .invoices
        .iter()
        .find(|i| i.number == number && !i.deleted)
        .cloned()
        .ok_or_else(|| {
            AgentError::new(
                7,
                format!("Hiányzó adat: a sztornózandó számla ({number}) nem található."),
            )
        })?;
    if original.kind == Kind::Storno || original.reversed {
        return Err(AgentError::new(
            14,
            "Sztornó és jóváíró számlát nem lehet sem sztornózni, sem jóváírni.",
        ));
    }
    if matches!(original.kind, Kind::Proforma | Kind::DeliveryNote) {
        return Err(AgentError::new(
            7,
            format!("Hiányzó adat: {number} nem számla, nem sztornózható."),
        ));
    }
    if ledger.invoices.iter().any(|i| {
        i.kind == Kind::Corrective && i.references.as_deref() == Some(number) && !i.reversed
    }) {
        return Err(AgentError::new(
            221,
            "Ez a számla nem sztornózható (van helyesbítő számlája).",
        ));
    }
    if let Some(issue) = date(header, "keltDatum")
        && issue != context.today
    {
        return Err(AgentError::new(
            352,
            format!("A számla kelte csak a mai nap lehet: {}.", context.today),
        ));
    }
    let prefix = prefix_of(&original.number).to_owned();
    let year = context.today.year();
    let mut storno = original.clone();
    storno.id = ledger.allocate_id();
    storno.number = format!(
        "{prefix}-{year}-{}",
        ledger.next_in(&format!("{prefix}-{year}"))
    );
    storno.kind = Kind::Storno;
    storno.e_invoice = original.e_invoice || e_invoice;
    storno.issue_date = context.today;
    storno.fulfillment_date = date(header, "teljesitesDatum").unwrap_or(original.fulfillment_date);
    storno.comment = owned(header, "megjegyzes");
    storno.external_id = owned(settings, "szamlaKulsoAzon");
    storno.references = Some(original.number.clone());
    storno.payments = Vec::new();
    storno.consumed = false;
    if let Some(email) = root.child("vevo").and_then(|v| v.text_of("email")) {
        storno.buyer.email = Some(email.to_owned());
    }
    for item in &mut storno.items {
        item.quantity = -item.quantity;
        item.net = -item.net;
        item.vat = -item.vat;
        item.gross = -item.gross;
    }
    if let Some(original) = ledger.invoice_mut(number) {
        original.reversed = true;
        // Reversal removes the original's recorded payments (observed on the service).
        original.payments.clear();
    }
    Ok(keep_and_answer(
        context,
        ledger,
        storno,
        settings.flag("szamlaLetoltes"),
    ))
}

fn register_payment(
    context: &Context<'_>,
    ledger: &mut Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let number = settings.text_of("szamlaszam").unwrap_or_default();
    let payments: Vec<Payment> = root
        .children_named("kifizetes")
        .map(|k| Payment {
            date: date(k, "datum").unwrap_or(context.today),
            title: k.text_of("jogcim").unwrap_or_default().to_owned(),
            amount: decimal(k, "osszeg"),
            description: owned(k, "leiras"),
        })
        .collect();
    let invoice = ledger
        .invoices
        .iter_mut()
        .find(|i| i.number == number && i.is_live())
        .ok_or_else(|| {
            AgentError::new(
                7,
                format!("Hiányzó adat: a számla ({number}) nem található."),
            )
        })?;
    if invoice.kind == Kind::Storno || invoice.reversed {
        return Err(AgentError::new(
            463,
            "Sztornózó vagy sztornózott számlához nem tartozhat kifizetettségi információ.",
        ));
    }
    if !settings.flag("additiv") {
        invoice.payments.clear();
    }
    invoice.payments.extend(payments);
    let summary = summary(invoice);
    Ok(answer::invoice_success(
        context.version,
        Some(&summary),
        true,
        None,
    ))
}

/// Finds the invoice a query names: by number, else the newest by order number or
/// external id. Proformas turned into invoices and deleted ones are not found.
fn select_invoice<'a>(ledger: &'a Ledger, root: &Element) -> Result<&'a Invoice, AgentError> {
    let live = ledger.invoices.iter().filter(|i| i.is_live());
    let found = if let Some(number) = root.text_of("szamlaszam") {
        live.filter(|i| i.number == number).max_by_key(|i| i.id)
    } else if let Some(order) = root.text_of("rendelesSzam") {
        live.filter(|i| i.order_number.as_deref() == Some(order))
            .max_by_key(|i| i.id)
    } else if let Some(external) = root.text_of("szamlaKulsoAzon") {
        live.filter(|i| i.external_id.as_deref() == Some(external))
            .max_by_key(|i| i.id)
    } else {
        return Err(AgentError::missing(
            "szamlaszam, rendelesSzam vagy szamlaKulsoAzon",
        ));
    };
    found.ok_or_else(|| AgentError::new(7, "Hiányzó adat: a keresett számla nem található."))
}

fn invoice_pdf(
    context: &Context<'_>,
    ledger: &Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let invoice = select_invoice(ledger, root)?;
    let pdf = documents::invoice_pdf(invoice, &context.account.seller);
    Ok(answer::invoice_success(
        context.version,
        Some(&summary(invoice)),
        false,
        Some(&pdf),
    ))
}

fn invoice_xml(
    context: &Context<'_>,
    ledger: &Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let invoice = select_invoice(ledger, root)?;
    let pdf = root
        .flag("pdf")
        .then(|| documents::invoice_pdf(invoice, &context.account.seller));
    Ok(answer::xml_document(documents::invoice_xml(
        invoice,
        &context.account.seller,
        pdf.as_deref(),
    )))
}

fn delete_proforma(ledger: &mut Ledger, root: &Element) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let header = root.child("fejlec").unwrap_or(&empty);
    let number = header.text_of("szamlaszam");
    let order = header.text_of("rendelesszam");
    if number.is_none() && order.is_none() {
        return Err(AgentError::missing("szamlaszam vagy rendelesszam"));
    }
    let mut deleted = 0;
    for invoice in &mut ledger.invoices {
        let matches = number.is_some_and(|n| n == invoice.number)
            || (number.is_none() && order.is_some() && invoice.order_number.as_deref() == order);
        if invoice.kind == Kind::Proforma && invoice.is_live() && matches {
            invoice.deleted = true;
            deleted += 1;
        }
    }
    if deleted == 0 {
        return Err(AgentError::new(
            335,
            "nincs ilyen díjbekérő a rendszerben, már törlésre került vagy nem is létezett",
        ));
    }
    Ok(answer::proforma_deletion(Ok(())))
}

fn receipt_prefix_is_valid(prefix: &str) -> bool {
    (1..=5).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn create_receipt(
    context: &Context<'_>,
    ledger: &mut Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let header = root.child("fejlec").unwrap_or(&empty);
    let prefix = header.text_of("elotag").unwrap_or_default().to_owned();
    if !receipt_prefix_is_valid(&prefix) {
        return Err(AgentError::new(
            337,
            format!(
                "Érvénytelen nyugta előtag ({prefix}): csak nagybetűk és számok, legfeljebb 5 karakter."
            ),
        ));
    }
    if context.account.prefixes.contains(&prefix) {
        return Err(AgentError::new(
            336,
            format!("A(z) {prefix} előtag már számlákhoz van használva."),
        ));
    }
    let call_id = owned(header, "hivasAzonosito");
    if let Some(call_id) = &call_id
        && ledger
            .receipts
            .iter()
            .any(|r| r.call_id.as_ref() == Some(call_id))
    {
        return Err(AgentError::new(
            338,
            format!("A hívásazonosító ({call_id}) már használatban van."),
        ));
    }
    let currency = header.text_of("penznem").unwrap_or_default().to_owned();
    let items = read_items(
        root.child("tetelek").unwrap_or(&empty),
        &currency,
        ["netto", "afa", "brutto"],
        true,
    )?;
    let tenders: Vec<Tender> = root
        .child("kifizetesek")
        .map(|k| {
            k.children_named("kifizetes")
                .map(|t| Tender {
                    method: t.text_of("fizetoeszkoz").unwrap_or_default().to_owned(),
                    amount: decimal(t, "osszeg"),
                    description: owned(t, "leiras"),
                })
                .collect()
        })
        .unwrap_or_default();
    let gross: Decimal = items.iter().map(|i| i.gross).sum();
    let paid: Decimal = tenders.iter().map(|t| t.amount).sum();
    if !tenders.is_empty() && paid != gross {
        return Err(AgentError::new(
            340,
            format!(
                "A kifizetések összege ({paid}) nem egyezik a nyugta bruttó végösszegével ({gross})."
            ),
        ));
    }
    let year = context.today.year();
    let receipt = Receipt {
        id: ledger.allocate_id(),
        number: format!(
            "{prefix}-{year}-{}",
            ledger.next_in(&format!("NY:{prefix}-{year}"))
        ),
        call_id,
        kind: "NY".to_owned(),
        reversed: false,
        reversed_number: None,
        issue_date: context.today,
        payment_method: header.text_of("fizmod").unwrap_or_default().to_owned(),
        currency,
        exchange_bank: owned(header, "devizabank"),
        exchange_rate: header
            .text_of("devizaarf")
            .and_then(amounts::parse_xsd_double),
        comment: owned(header, "megjegyzes"),
        order_number: owned(header, "rendelesSzam"),
        items,
        tenders,
        emailed_to: Vec::new(),
    };
    let pdf = settings
        .flag("pdfLetoltes")
        .then(|| documents::receipt_pdf(&receipt, &context.account.seller));
    let body = documents::receipt_xml(&receipt, pdf.as_deref());
    ledger.receipts.push(receipt);
    Ok(answer::xml_document(body))
}

fn reverse_receipt(
    context: &Context<'_>,
    ledger: &mut Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let header = root.child("fejlec").unwrap_or(&empty);
    let number = header.text_of("nyugtaszam").unwrap_or_default();
    let original = ledger
        .receipt(number)
        .filter(|r| r.kind == "NY" && !r.reversed)
        .cloned()
        .ok_or_else(|| {
            AgentError::new(
                339,
                format!("Nem létező vagy már sztornózott nyugta: {number}."),
            )
        })?;
    let call_id = owned(header, "hivasAzonosito");
    if let Some(call_id) = &call_id
        && ledger
            .receipts
            .iter()
            .any(|r| r.call_id.as_ref() == Some(call_id))
    {
        return Err(AgentError::new(
            338,
            format!("A hívásazonosító ({call_id}) már használatban van."),
        ));
    }
    let mut reversal = original.clone();
    let prefix = prefix_of(number).to_owned();
    let year = context.today.year();
    reversal.id = ledger.allocate_id();
    reversal.number = format!(
        "{prefix}-{year}-{}",
        ledger.next_in(&format!("NY:{prefix}-{year}"))
    );
    reversal.call_id = call_id;
    "SN".clone_into(&mut reversal.kind);
    reversal.reversed_number = Some(number.to_owned());
    reversal.issue_date = context.today;
    reversal.emailed_to = Vec::new();
    for item in &mut reversal.items {
        item.quantity = -item.quantity;
        item.net = -item.net;
        item.vat = -item.vat;
        item.gross = -item.gross;
    }
    for tender in &mut reversal.tenders {
        tender.amount = -tender.amount;
    }
    if let Some(original) = ledger.receipts.iter_mut().find(|r| r.number == number) {
        original.reversed = true;
    }
    let pdf = settings
        .flag("pdfLetoltes")
        .then(|| documents::receipt_pdf(&reversal, &context.account.seller));
    let body = documents::receipt_xml(&reversal, pdf.as_deref());
    ledger.receipts.push(reversal);
    Ok(answer::xml_document(body))
}

fn get_receipt(
    context: &Context<'_>,
    ledger: &Ledger,
    root: &Element,
) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let settings = root.child("beallitasok").unwrap_or(&empty);
    let header = root.child("fejlec").unwrap_or(&empty);
    let receipts = ledger.receipts.iter();
    let found = if let Some(number) = header.text_of("nyugtaszam") {
        receipts.filter(|r| r.number == number).max_by_key(|r| r.id)
    } else if let Some(order) = header.text_of("rendelesSzam") {
        receipts
            .filter(|r| r.order_number.as_deref() == Some(order))
            .max_by_key(|r| r.id)
    } else if let Some(call_id) = header.text_of("hivasAzonosito") {
        receipts
            .filter(|r| r.call_id.as_deref() == Some(call_id))
            .max_by_key(|r| r.id)
    } else {
        return Err(AgentError::missing("nyugtaszam"));
    };
    let receipt = found.ok_or_else(|| AgentError::new(339, "Nem létező nyugta."))?;
    let pdf = settings
        .flag("pdfLetoltes")
        .then(|| documents::receipt_pdf(receipt, &context.account.seller));
    Ok(answer::xml_document(documents::receipt_xml(
        receipt,
        pdf.as_deref(),
    )))
}

fn send_receipt(ledger: &mut Ledger, root: &Element) -> Result<HttpResponse, AgentError> {
    let empty = empty();
    let header = root.child("fejlec").unwrap_or(&empty);
    let number = header.text_of("nyugtaszam").unwrap_or_default();
    let receipt = ledger
        .receipts
        .iter_mut()
        .find(|r| r.number == number)
        .ok_or_else(|| AgentError::new(339, format!("Nem létező nyugta: {number}.")))?;
    let address = root
        .child("emailKuldes")
        .and_then(|e| owned(e, "email"))
        .or_else(|| receipt.emailed_to.last().cloned())
        .ok_or_else(|| AgentError::missing("email elem"))?;
    receipt.emailed_to.push(address);
    let mut w = crate::xml::XmlWriter::new(
        "xmlnyugtasendvalasz",
        "http://www.szamlazz.hu/xmlnyugtasendvalasz",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    );
    w.text("sikeres", "true")
        .text("hibakod", "")
        .text("hibauzenet", "");
    Ok(answer::xml_document(w.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_number_prefixes() {
        assert_eq!(prefix_of("SBX-2026-12"), "SBX");
        assert_eq!(prefix_of("MY-SHOP-2026-1"), "MY-SHOP");
        assert_eq!(prefix_of("odd"), "odd");
    }
}
