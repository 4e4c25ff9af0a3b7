//! The BIG FISH Payment Gateway's PayBill `Invoice` method at `/api/payment/`.
//!
//! Stores log in with HTTP Basic `storeName:apiKey` from an allowed remote address;
//! transactions (made through `POST /control/paybill/transactions`) are invoiced at most once.
//! `InvoiceData` is turned into `xmlszamla` in schema order and issued by the Agent emulation
//! itself, on the merchant's Agent account named in `beallitasok`, so checks, numbering, the
//! PDF and later Agent queries by `szamlaKulsoAzon` are the Agent's.
//!
//! Checks, in order: `MissingParameter` (no auth, `method`, `json`, `TransactionId` or
//! `InvoiceData`), `WrongParameter` (method not `Invoice`, unreadable JSON, a transaction id
//! that is not 32 hex digits, `InvoiceData` that is not `xmlszamla`), `UnknownStore`,
//! `WrongApikey`, `InactiveStore`, `MissingRemoteAddress` (the store has no allowed address),
//! `UnauthorizedRemoteAddress` (the caller is not one of them), `UnauthorizedAccess` (PayBill
//! not enabled for the store), `UnknownTransaction` (none, or another store's),
//! `WrongTransactionStatus` (not successful), `AlreadyInvoicedTransaction`, `CurrencyError`
//! (`fejlec/penznem` differs from the transaction's); then the Agent's own codes, relayed as
//! `ResultCode` (e.g. `57`, `259`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{BuildHasher as _, RandomState};
use std::net::IpAddr;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::answer::Version;
use crate::faults::Target;
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{self, Content, Field};
use crate::service::{Exchange, Operation, Service, faulted};
use crate::xml::Element;

/// The fault-rule operation name of the `Invoice` call.
pub const OPERATION: &str = "paybill_invoice";

/// A gateway store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Store {
    pub name: String,
    pub api_key: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// The PayBill add-on is enabled (it must be requested from the gateway).
    #[serde(default = "yes")]
    pub paybill_enabled: bool,
    /// Remote addresses allowed to call for this store; empty answers `MissingRemoteAddress`.
    #[serde(default)]
    pub allowed_addresses: Vec<IpAddr>,
}

fn yes() -> bool {
    true
}

/// The documented test store.
pub const TEST_STORE: &str = "sdk_test";
pub const TEST_STORE_KEY: &str = "86af3-80e4f-f8228-9498f-910ad";

pub fn default_stores() -> Vec<Store> {
    let loopback: Vec<IpAddr> = vec![[127, 0, 0, 1].into(), std::net::Ipv6Addr::LOCALHOST.into()];
    let store = |name: &str, active, paybill_enabled, allowed_addresses| Store {
        name: name.to_owned(),
        api_key: format!("{name}-key"),
        active,
        paybill_enabled,
        allowed_addresses,
    };
    vec![
        Store {
            api_key: TEST_STORE_KEY.to_owned(),
            ..store(TEST_STORE, true, true, loopback.clone())
        },
        store("sandbox-inactive", false, true, loopback.clone()),
        store("sandbox-no-paybill", true, false, loopback),
        store("sandbox-no-address", true, true, Vec::new()),
        // TEST-NET-1: never the caller.
        store(
            "sandbox-remote-only",
            true,
            true,
            vec![[192, 0, 2, 10].into()],
        ),
    ]
}

/// A gateway transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transaction {
    pub store: String,
    pub currency: String,
    pub successful: bool,
    /// The invoice number once invoiced.
    pub invoice: Option<String>,
}

/// Transactions by id.
#[derive(Debug, Default)]
pub struct Transactions {
    by_id: BTreeMap<String, Transaction>,
    hasher: RandomState,
}

#[derive(Deserialize)]
struct NewTransaction {
    store: String,
    #[serde(default = "huf")]
    currency: String,
    #[serde(default = "yes")]
    successful: bool,
}

fn huf() -> String {
    "HUF".to_owned()
}

/// A gateway refusal: `ResultCode` and `ResultMessage`.
struct Refusal(String, String);

fn refusal(code: &str, message: impl Into<String>) -> Refusal {
    Refusal(code.to_owned(), message.into())
}

impl Service {
    /// Creates a transaction of `store` and returns its 32-hex-digit id.
    pub fn create_paybill_transaction(
        &self,
        store: &str,
        currency: &str,
        successful: bool,
    ) -> String {
        let mut transactions = self.lock_paybill();
        let serial = transactions.by_id.len() as u64;
        let id = format!(
            "{:016x}{:016x}",
            transactions.hasher.hash_one(serial),
            transactions.hasher.hash_one((serial, store))
        );
        transactions.by_id.insert(
            id.clone(),
            Transaction {
                store: store.to_owned(),
                currency: currency.to_owned(),
                successful,
                invoice: None,
            },
        );
        id
    }

    /// A transaction as the gateway holds it.
    pub fn paybill_transaction(&self, id: &str) -> Option<Transaction> {
        self.lock_paybill().by_id.get(id).cloned()
    }

    pub(crate) fn lock_paybill(&self) -> std::sync::MutexGuard<'_, Transactions> {
        self.paybill
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn paybill_control(&self, body: &[u8]) -> HttpResponse {
        match serde_json::from_slice::<NewTransaction>(body) {
            Ok(new) => HttpResponse::json(
                200,
                &json!({ "transaction_id": self.create_paybill_transaction(&new.store, &new.currency, new.successful) }),
            ),
            Err(error) => HttpResponse::json(400, &json!({ "error": error.to_string() })),
        }
    }

    pub(crate) fn paybill_call(&self, request: &HttpRequest, with_transport: bool) -> Exchange {
        let target = Target {
            form_field: OPERATION,
            root: OPERATION,
            agent_key: None,
        };
        let fault = self.lock_faults().take(&target, with_transport);
        faulted(
            fault.as_ref(),
            || {
                gateway_answer(
                    &refusal(
                        "1",
                        "A rendszer karbantartás alatt áll, kérjük próbálja újra később.",
                    ),
                    None,
                )
            },
            || match self.paybill_invoice(request) {
                Ok((header, xml)) => gateway_answer(&refusal("OK", ""), Some((header, xml))),
                Err(refused) => gateway_answer(&refused, None),
            },
        )
    }

    #[expect(
        clippy::too_many_lines,
        reason = "the gateway's checks in the order it applies them"
    )]
    fn paybill_invoice(&self, request: &HttpRequest) -> Result<(String, Value), Refusal> {
        let (store_name, api_key) = basic_auth(request)
            .ok_or_else(|| refusal("MissingParameter", "Missing authorization"))?;
        let form = crate::multipart::parse_urlencoded(&request.body);
        let field = |name: &str| {
            form.iter()
                .find(|part| part.name == name)
                .map(|part| String::from_utf8_lossy(&part.data).into_owned())
        };
        let method =
            field("method").ok_or_else(|| refusal("MissingParameter", "Missing method"))?;
        let call = field("json").ok_or_else(|| refusal("MissingParameter", "Missing json"))?;
        if method != "Invoice" {
            return Err(refusal(
                "WrongParameter",
                format!("Unknown method: {method}"),
            ));
        }
        let call: Value = serde_json::from_str(&call)
            .map_err(|error| refusal("WrongParameter", format!("Invalid json: {error}")))?;
        let transaction_id = call
            .get("TransactionId")
            .and_then(Value::as_str)
            .ok_or_else(|| refusal("MissingParameter", "Missing TransactionId"))?;
        let invoice_data = call
            .get("InvoiceData")
            .ok_or_else(|| refusal("MissingParameter", "Missing InvoiceData"))?;
        if transaction_id.len() != 32 || !transaction_id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(refusal("WrongParameter", "Invalid TransactionId"));
        }
        let store = self
            .config
            .paybill_stores
            .iter()
            .find(|store| store.name == store_name)
            .ok_or_else(|| refusal("UnknownStore", format!("Unknown store: {store_name}")))?;
        if store.api_key != api_key {
            return Err(refusal("WrongApikey", "Wrong API key"));
        }
        if !store.active {
            return Err(refusal("InactiveStore", "The store is inactive"));
        }
        if store.allowed_addresses.is_empty() {
            return Err(refusal(
                "MissingRemoteAddress",
                "The store has no allowed remote address",
            ));
        }
        let caller = request.caller();
        if !store.allowed_addresses.contains(&caller) {
            return Err(refusal(
                "UnauthorizedRemoteAddress",
                format!("Unauthorized remote address: {caller}"),
            ));
        }
        if !store.paybill_enabled {
            return Err(refusal(
                "UnauthorizedAccess",
                "PayBill is not enabled for this store",
            ));
        }
        // Held until the transaction is marked invoiced: two calls cannot both invoice it.
        let mut transactions = self.lock_paybill();
        let transaction = transactions
            .by_id
            .get_mut(transaction_id)
            .filter(|transaction| transaction.store == store.name)
            .ok_or_else(|| refusal("UnknownTransaction", "Unknown transaction"))?;
        if !transaction.successful {
            return Err(refusal(
                "WrongTransactionStatus",
                "The transaction is not successful",
            ));
        }
        if transaction.invoice.is_some() {
            return Err(refusal(
                "AlreadyInvoicedTransaction",
                "The transaction has already been invoiced",
            ));
        }
        let currency = invoice_data
            .get("fejlec")
            .and_then(|header| header.get("penznem"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if currency != transaction.currency {
            return Err(refusal(
                "CurrencyError",
                format!(
                    "Currency {currency} differs from the transaction's {}",
                    transaction.currency
                ),
            ));
        }
        let root = xmlszamla(invoice_data)
            .map_err(|detail| refusal("WrongParameter", format!("InvoiceData: {detail}")))?;
        let now = jiff::Zoned::now();
        let response = self
            .run(Operation::CreateInvoice, &root, Version::Xml, &now)
            .map_err(|error| Refusal(error.code.to_string(), error.message))?;
        let answer = crate::xml::parse(&response.body)
            .map_err(|detail| refusal("WrongParameter", detail))?;
        let text = |name: &str| answer.text_of(name).unwrap_or_default().to_owned();
        transaction.invoice = Some(text("szamlaszam"));
        let mut header = String::from("HTTP/1.1 200 OK\n");
        for (name, value) in &response.headers {
            let _ = writeln!(header, "{name}: {value}");
        }
        Ok((
            header,
            json!({
                "sikeres": text("sikeres"),
                "szamlaszam": text("szamlaszam"),
                "szamlanetto": text("szamlanetto"),
                "szamlabrutto": text("szamlabrutto"),
                "pdf": text("pdf"),
            }),
        ))
    }
}

fn gateway_answer(result: &Refusal, data: Option<(String, Value)>) -> HttpResponse {
    let Refusal(code, message) = result;
    let data = data.map_or(
        Value::Null,
        |(header, xml)| json!({ "header": header, "xml": xml }),
    );
    HttpResponse::json(
        200,
        &json!({
            "Data": data,
            "ResultCode": code,
            "ResultMessage": if message.is_empty() { Value::Null } else { Value::String(message.clone()) },
            "ResponseId": jiff::Timestamp::now().as_microsecond().to_string(),
        }),
    )
}

fn basic_auth(request: &HttpRequest) -> Option<(String, String)> {
    let encoded = request.header("authorization")?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (store, key) = text.split_once(':')?;
    Some((store.to_owned(), key.to_owned()))
}

/// `InvoiceData` as the `xmlszamla` element tree, children in schema order (JSON objects
/// have none); keys the schema does not know are refused.
fn xmlszamla(data: &Value) -> Result<Element, String> {
    let mut root = element("xmlszamla", data, Content::Sequence(schema::XMLSZAMLA))?;
    root.namespace = Some("http://www.szamlazz.hu/xmlszamla".to_owned());
    Ok(root)
}

fn element(name: &str, value: &Value, content: Content) -> Result<Element, String> {
    let mut element = Element {
        name: name.to_owned(),
        ..Element::default()
    };
    match (content, value) {
        (Content::Simple(_), Value::String(text)) => element.text.clone_from(text),
        (Content::Simple(_), Value::Bool(flag)) => element.text = flag.to_string(),
        (Content::Simple(_), Value::Number(number)) => element.text = number.to_string(),
        // `tetelek: [...]` stands for `tetelek/tetel*`.
        (Content::Sequence([only]), Value::Array(items)) => {
            for item in items {
                element
                    .children
                    .push(self::element(only.name, item, only.content)?);
            }
        }
        (Content::Sequence(fields) | Content::All(fields), Value::Object(map)) => {
            if let Some(unknown) = map
                .keys()
                .find(|key| !fields.iter().any(|f| f.name == *key))
            {
                return Err(format!("unknown field {name}.{unknown}"));
            }
            for field in fields {
                push_field(&mut element, field, map.get(field.name))?;
            }
        }
        _ => return Err(format!("{name}: unexpected value {value}")),
    }
    Ok(element)
}

fn push_field(parent: &mut Element, field: &Field, value: Option<&Value>) -> Result<(), String> {
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) if field.max != Some(1) => {
            for item in items {
                parent
                    .children
                    .push(element(field.name, item, field.content)?);
            }
        }
        Some(value) => parent
            .children
            .push(element(field.name, value, field.content)?),
    }
    Ok(())
}
