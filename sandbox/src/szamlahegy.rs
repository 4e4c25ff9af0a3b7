//! Számlahegy at `/api/v1/…`.
//!
//! - `POST /api/v1/invoices` with `{"api_key", "invoice": {…}}`: the key must be known (else
//!   401) and the caller's IP on the account's allow-list (else 403); the invoice is checked
//!   (422 `{"errors": {field: [messages]}}`), a repeated `foreign_id` is refused (422 with
//!   `errors.foreign_id`); the answer (201) is `{"id", "guid", "invoice_number", "kind",
//!   "foreign_id", "net_total", "gross_total"}`.
//! - `GET /api/v1/invoices?foreign_id=…` (sandbox behaviour: the real API documents no
//!   lookup) with `Authorization: Bearer <api key>`: `{"invoices": [ … ]}`.
//! - `GET /user/invoices/download/{guid}` with the same header: the PDF.
//!
//! Amounts are decimal strings or integers. Rows are rounded net-first
//! (net = round(price_slab × quantity), VAT = round(net × tax / 100)), or gross-first when
//! `brutto_priority` is true (gross = round(price_slab × (100 + tax) / 100 × quantity),
//! VAT = round(gross × tax / (100 + tax)), net = gross − VAT). Kinds: N normal and S storno
//! (one series, `<prefix>-<year>-<n>`, as the law wants invoices numbered), D proforma
//! (`D-<prefix>-<n>`), T test (`TESZT-<n>`). A storno cancels rows, so its quantities are
//! negative; N and D refuse negative ones; a test document takes either sign, since it may
//! rehearse a storno. Like the real service, nothing links a storno to the invoice it reverses
//! (its header text names it).

use std::collections::BTreeMap;
use std::hash::{BuildHasher as _, RandomState};
use std::net::IpAddr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::config::Seller;
use crate::faults::Target;
use crate::http::{HttpRequest, HttpResponse};
use crate::service::{Exchange, Service, faulted, today};
use crate::state::{Buyer, Invoice, Item, Kind};

/// The PDF download path, followed by the guid.
pub const DOWNLOAD: &str = "/user/invoices/download/";

/// Fault-rule operation names.
pub const CREATE: &str = "szamlahegy_create";
pub const LOOKUP: &str = "szamlahegy_lookup";
pub const PDF: &str = "szamlahegy_pdf";

/// A Számlahegy account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub api_key: String,
    /// The merchant's IP allow-list; the API key alone is not enough.
    pub allowed_addresses: Vec<IpAddr>,
    pub prefix: String,
    pub seller: Seller,
}

pub const DEMO_API_KEY: &str = "sandbox-szamlahegy-key";
/// An account whose allow-list holds only 192.0.2.10: every local call is refused.
pub const REMOTE_ONLY_API_KEY: &str = "sandbox-szamlahegy-remote-only-key";

pub fn default_accounts(seller: &Seller) -> Vec<Account> {
    vec![
        Account {
            api_key: DEMO_API_KEY.to_owned(),
            allowed_addresses: vec![[127, 0, 0, 1].into(), std::net::Ipv6Addr::LOCALHOST.into()],
            prefix: "SHG".to_owned(),
            seller: seller.clone(),
        },
        Account {
            api_key: REMOTE_ONLY_API_KEY.to_owned(),
            allowed_addresses: vec![[192, 0, 2, 10].into()],
            prefix: "SHR".to_owned(),
            seller: seller.clone(),
        },
    ]
}

/// An issued invoice.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id: u64,
    pub guid: String,
    pub number: String,
    pub kind: String,
    pub foreign_id: Option<String>,
    pub net: Decimal,
    pub gross: Decimal,
    pub pdf: Vec<u8>,
}

impl Issued {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "guid": self.guid,
            "invoice_number": self.number,
            "kind": self.kind,
            "foreign_id": self.foreign_id,
            "net_total": self.net.normalize().to_string(),
            "gross_total": self.gross.normalize().to_string(),
        })
    }
}

/// Invoices per API key.
#[derive(Debug, Default)]
pub struct Ledgers {
    by_key: BTreeMap<String, Vec<Issued>>,
    next_id: u64,
    hasher: RandomState,
}

fn error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::json(status, &json!({ "error": message }))
}

fn invalid(field: &str, message: &str) -> HttpResponse {
    HttpResponse::json(422, &json!({ "errors": { field: [message] } }))
}

impl Service {
    pub(crate) fn lock_szamlahegy(&self) -> std::sync::MutexGuard<'_, Ledgers> {
        self.szamlahegy
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The invoices issued for `api_key`, as the answers describe them.
    pub fn szamlahegy_invoices(&self, api_key: &str) -> Vec<Value> {
        self.lock_szamlahegy()
            .by_key
            .get(api_key)
            .map(|invoices| invoices.iter().map(Issued::json).collect())
            .unwrap_or_default()
    }

    fn szamlahegy_faulted(
        &self,
        operation: &str,
        with_transport: bool,
        process: impl FnOnce() -> HttpResponse,
    ) -> Exchange {
        let target = Target {
            form_field: operation,
            root: operation,
            agent_key: None,
        };
        let fault = self.lock_faults().take(&target, with_transport);
        faulted(fault.as_ref(), || error(503, "maintenance"), process)
    }

    /// The account a call authenticates as, if its IP is allowed.
    fn szamlahegy_account(
        &self,
        request: &HttpRequest,
        key: Option<&str>,
    ) -> Result<&Account, HttpResponse> {
        let account = self
            .config
            .szamlahegy_accounts
            .iter()
            .find(|account| Some(account.api_key.as_str()) == key)
            .ok_or_else(|| error(401, "Invalid API key"))?;
        let caller = request.caller();
        if account.allowed_addresses.contains(&caller) {
            Ok(account)
        } else {
            Err(error(403, &format!("IP address {caller} is not allowed")))
        }
    }

    pub(crate) fn szamlahegy_create(
        &self,
        request: &HttpRequest,
        with_transport: bool,
    ) -> Exchange {
        self.szamlahegy_faulted(CREATE, with_transport, || {
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return error(400, "invalid JSON");
            };
            let account = match self
                .szamlahegy_account(request, body.get("api_key").and_then(Value::as_str))
            {
                Ok(account) => account,
                Err(refused) => return refused,
            };
            let Some(invoice) = body.get("invoice").filter(|i| i.is_object()) else {
                return invalid("invoice", "is missing");
            };
            self.szamlahegy_issue(account, invoice)
                .unwrap_or_else(|refused| refused)
        })
    }

    #[expect(
        clippy::too_many_lines,
        reason = "the service's checks in the order it applies them, then the document"
    )]
    fn szamlahegy_issue(
        &self,
        account: &Account,
        invoice: &Value,
    ) -> Result<HttpResponse, HttpResponse> {
        let text = |name: &str| invoice.get(name).and_then(Value::as_str).map(str::to_owned);
        let required = |name: &str| {
            text(name)
                .filter(|value| !value.trim().is_empty())
                .ok_or_else(|| invalid(name, "can't be blank"))
        };
        let customer_name = required("customer_name")?;
        let kind = required("kind")?;
        if !matches!(kind.as_str(), "N" | "S" | "D" | "T") {
            return Err(invalid("kind", "must be N, S, D or T"));
        }
        let payment_method = required("payment_method")?;
        if !matches!(payment_method.as_str(), "B" | "C") {
            return Err(invalid("payment_method", "must be B or C"));
        }
        let language = text("language").unwrap_or_else(|| "hu".to_owned());
        if !matches!(language.as_str(), "hu" | "en" | "de" | "fr") {
            return Err(invalid("language", "must be hu, en, de or fr"));
        }
        let currency = text("currency").unwrap_or_else(|| "HUF".to_owned());
        let date = |name: &str| text(name).and_then(|t| t.parse::<jiff::civil::Date>().ok());
        let rows = invoice
            .get("invoice_rows_attributes")
            .and_then(Value::as_array)
            .filter(|rows| !rows.is_empty())
            .ok_or_else(|| invalid("invoice_rows_attributes", "can't be blank"))?;
        let items = rows
            .iter()
            .map(|row| item(row, &currency))
            .collect::<Result<Vec<_>, _>>()?;
        let negative = |item: &Item| item.quantity < Decimal::ZERO;
        match kind.as_str() {
            "S" if !items.iter().all(negative) => {
                return Err(invalid(
                    "invoice_rows.quantity",
                    "must be negative on a storno (kind S)",
                ));
            }
            "N" | "D" if items.iter().any(negative) => {
                return Err(invalid(
                    "invoice_rows.quantity",
                    "must not be negative (only a storno, kind S, cancels rows)",
                ));
            }
            _ => {}
        }
        let foreign_id = text("foreign_id");
        let today = today(&jiff::Zoned::now());
        let issue_date = today;
        let mut ledgers = self.lock_szamlahegy();
        let ledgers = &mut *ledgers;
        let invoices = ledgers.by_key.entry(account.api_key.clone()).or_default();
        if foreign_id.is_some() && invoices.iter().any(|i| i.foreign_id == foreign_id) {
            return Err(invalid("foreign_id", "has already been taken"));
        }
        ledgers.next_id += 1;
        let id = ledgers.next_id;
        let serial = invoices
            .iter()
            .filter(|i| series(&i.kind) == series(&kind))
            .count()
            + 1;
        let number = match kind.as_str() {
            "T" => format!("TESZT-{serial}"),
            "D" => format!("D-{}-{serial}", account.prefix),
            _ => format!("{}-{}-{serial}", account.prefix, issue_date.year()),
        };
        let document = Invoice {
            id,
            number: number.clone(),
            kind: match kind.as_str() {
                "D" => Kind::Proforma,
                "S" => Kind::Storno,
                _ => Kind::Invoice,
            },
            e_invoice: invoice
                .get("signed")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            issue_date,
            fulfillment_date: date("perform_date").unwrap_or(issue_date),
            due_date: date("payment_date").unwrap_or(issue_date),
            payment_method: if payment_method == "C" {
                "Készpénz"
            } else {
                "Átutalás"
            }
            .to_owned(),
            currency,
            language,
            comment: text("header"),
            exchange_bank: None,
            exchange_rate: None,
            order_number: None,
            external_id: foreign_id.clone(),
            references: None,
            proforma: None,
            reversed: false,
            consumed: false,
            deleted: false,
            buyer: Buyer {
                name: customer_name,
                country: text("customer_country"),
                zip: text("customer_zip").unwrap_or_default(),
                city: text("customer_city").unwrap_or_default(),
                address: text("customer_address").unwrap_or_default(),
                email: text("customer_email"),
                tax_number: text("customer_vatnr"),
                eu_tax_number: None,
                identifier: None,
            },
            items,
            payments: Vec::new(),
        };
        let issued = Issued {
            id,
            guid: format!(
                "{:016x}{:016x}",
                ledgers.hasher.hash_one(id),
                ledgers.hasher.hash_one((id, &account.api_key))
            ),
            number,
            kind,
            foreign_id,
            net: document.net_total(),
            gross: document.gross_total(),
            pdf: crate::documents::invoice_pdf(&document, &account.seller),
        };
        let answer = HttpResponse::json(201, &issued.json());
        invoices.push(issued);
        Ok(answer)
    }

    pub(crate) fn szamlahegy_lookup(
        &self,
        request: &HttpRequest,
        with_transport: bool,
    ) -> Exchange {
        self.szamlahegy_faulted(LOOKUP, with_transport, || {
            let account = match self.szamlahegy_account(request, bearer(request)) {
                Ok(account) => account,
                Err(refused) => return refused,
            };
            let wanted = request.query_parameter("foreign_id");
            let found: Vec<Value> = self
                .lock_szamlahegy()
                .by_key
                .get(&account.api_key)
                .into_iter()
                .flatten()
                .filter(|invoice| wanted.is_none() || invoice.foreign_id == wanted)
                .map(Issued::json)
                .collect();
            HttpResponse::json(200, &json!({ "invoices": found }))
        })
    }

    pub(crate) fn szamlahegy_pdf(&self, request: &HttpRequest, with_transport: bool) -> Exchange {
        self.szamlahegy_faulted(PDF, with_transport, || {
            let account = match self.szamlahegy_account(request, bearer(request)) {
                Ok(account) => account,
                Err(refused) => return refused,
            };
            let guid = request
                .path
                .trim_end_matches('/')
                .trim_start_matches(DOWNLOAD);
            self.lock_szamlahegy()
                .by_key
                .get(&account.api_key)
                .into_iter()
                .flatten()
                .find(|invoice| invoice.guid == guid)
                .map_or_else(
                    || error(404, "not found"),
                    |invoice| HttpResponse::new(200, "application/pdf", invoice.pdf.clone()),
                )
        })
    }
}

/// The kind whose numbering series `kind` shares: a storno is numbered with the invoices.
fn series(kind: &str) -> &str {
    if kind == "S" { "N" } else { kind }
}

fn bearer(request: &HttpRequest) -> Option<&str> {
    request.header("authorization")?.strip_prefix("Bearer ")
}

/// A decimal from a string or an integer (never a float).
fn decimal(row: &Value, name: &str) -> Result<Decimal, HttpResponse> {
    let text = match row.get(name) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) if number.is_i64() || number.is_u64() => number.to_string(),
        _ => return Err(invalid(name, "must be a decimal string")),
    };
    text.trim()
        .parse()
        .map_err(|_| invalid(name, "must be a decimal string"))
}

fn item(row: &Value, currency: &str) -> Result<Item, HttpResponse> {
    let name = row
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
        .ok_or_else(|| invalid("invoice_rows.name", "can't be blank"))?;
    let quantity = decimal(row, "quantity")?;
    let price = decimal(row, "price_slab")?;
    let tax = decimal(row, "tax")?;
    let scale = if crate::amounts::is_whole_unit_currency(currency) {
        0
    } else {
        2
    };
    let round = |value: Decimal| {
        value.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let hundred = Decimal::ONE_HUNDRED;
    let (net, vat) = if row.get("brutto_priority").and_then(Value::as_bool) == Some(true) {
        let gross = round(price * (hundred + tax) / hundred * quantity);
        let vat = round(gross * tax / (hundred + tax));
        (gross - vat, vat)
    } else {
        let net = round(price * quantity);
        (net, round(net * tax / hundred))
    };
    Ok(Item {
        name: name.to_owned(),
        identifier: row
            .get("productnr")
            .and_then(Value::as_str)
            .map(str::to_owned),
        quantity,
        unit: row
            .get("quantity_type")
            .and_then(Value::as_str)
            .unwrap_or("db")
            .to_owned(),
        unit_price: price,
        vat_rate: tax.normalize().to_string(),
        net,
        vat,
        gross: net + vat,
        comment: row.get("detail").and_then(Value::as_str).map(str::to_owned),
    })
}
