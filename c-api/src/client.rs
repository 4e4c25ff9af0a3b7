//! A client of one service: a Számla Agent account (issuing exactly once, storno, and every
//! direct operation), a PayBill store or a Számlahegy account (issuing, and for Számlahegy
//! storno; the rest is refused as unsupported).

use std::ffi::{CString, c_char, c_int, c_void};
use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use libinvoice_core::agent::{
    Credentials, DeleteProforma, GetReceipt, InvoiceSelector, QueryTaxpayer, ReverseReceipt, Secret,
};
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::paybill::{PayBillClient, StoreLogin};
use libinvoice_core::backend::szamlahegy::SzamlahegyClient;
use libinvoice_core::backend::{OnceOperation, Outcome, Reversal, issue};
use libinvoice_core::issuance::AttemptRecord;
use libinvoice_core::transport::TransportConfig;

use crate::document::invoice_document;
use crate::ffi::{
    Failure, Out, boundary, guarded, invoice_result, json, object, optional_text, owned_json, text,
};
use libinvoice_core::interop::{
    BackendClient, CreateReceiptRequest, InvoiceRecordJson, OutcomeJson, PaymentAnswerJson,
    ReceiptAnswerJson, RegisterPaymentRequest, SendReceiptRequest, TaxpayerJson,
};

/// A client of one service (a Számla Agent account, a PayBill store or a Számlahegy account):
/// endpoints, keys, timeouts and trusted CA. Thread-safe: one client may be used from several
/// threads at once. Free it with `invoice_client_free`.
#[allow(non_camel_case_types)]
pub struct invoice_client(BackendClient);

/// Which invoice a query means.
#[allow(non_camel_case_types)]
#[repr(u32)]
pub enum invoice_selector {
    /// The invoice number (`szamlaszam`).
    Number = 1,
    /// The last invoice issued with this order number (`rendelesSzam`).
    OrderNumber = 2,
    /// The external id it was issued with (`szamlaKulsoAzon`).
    ExternalId = 3,
}

fn selector(kind: u32, value: &str) -> Result<InvoiceSelector, Failure> {
    const NUMBER: u32 = invoice_selector::Number as u32;
    const ORDER_NUMBER: u32 = invoice_selector::OrderNumber as u32;
    const EXTERNAL_ID: u32 = invoice_selector::ExternalId as u32;
    let value = value.to_owned();
    match kind {
        NUMBER => Ok(InvoiceSelector::Number(value)),
        ORDER_NUMBER => Ok(InvoiceSelector::OrderNumber(value)),
        EXTERNAL_ID => Ok(InvoiceSelector::ExternalId(value)),
        other => Err(Failure::new(
            invoice_result::InvalidArgument,
            format!("selector: {other} is not an INVOICE_SELECTOR_* value"),
        )),
    }
}

/// The host's store for attempt records: called with the record as JSON (NUL-terminated, and
/// its length without the NUL) before every send and after every answer; returns 0 once the
/// record is stored durably, anything else to stop before sending.
#[allow(non_camel_case_types)]
pub type invoice_persist_fn = Option<
    unsafe extern "C" fn(user: *mut c_void, record_json: *const c_char, len: usize) -> c_int,
>;

/// How to reach one service: its URL, timeouts in milliseconds (0 picks the default: 10 s to
/// connect, 60 s for the whole exchange) and an optional PEM bundle to trust.
fn transport(
    endpoint: &str,
    ca_file: Option<&str>,
    connect_timeout_ms: u32,
    total_timeout_ms: u32,
) -> TransportConfig {
    let mut config = TransportConfig::new(endpoint);
    if connect_timeout_ms > 0 {
        config.connect_timeout = Duration::from_millis(connect_timeout_ms.into());
    }
    if total_timeout_ms > 0 {
        config.total_timeout = Duration::from_millis(total_timeout_ms.into());
    }
    config.ca_file = ca_file.map(PathBuf::from);
    config
}

/// Hands a new client to C.
fn hand_out(out: Out<'_, *mut invoice_client>, client: BackendClient) {
    out.set(Box::into_raw(Box::new(invoice_client(client))));
}

/// Creates a Számla Agent client: every operation.
///
/// `endpoint`: the Agent's URL (`https://www.szamlazz.hu/szamla/` in production). `agent_key`:
/// the account's Számla Agent key; it never appears in any message. `ca_file` may be NULL
/// (trust the web PKI) or a PEM bundle to trust instead. Timeouts in milliseconds; 0 picks the
/// default (10 s to connect, 60 s for the whole exchange).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_new(
    endpoint: *const c_char,
    endpoint_len: usize,
    agent_key: *const c_char,
    agent_key_len: usize,
    ca_file: *const c_char,
    ca_file_len: usize,
    connect_timeout_ms: u32,
    total_timeout_ms: u32,
    client_out: *mut *mut invoice_client,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, endpoint, agent_key, ca_file) = unsafe {
            (
                Out::new("client_out", client_out)?,
                text("endpoint", endpoint, endpoint_len)?,
                text("agent_key", agent_key, agent_key_len)?,
                optional_text("ca_file", ca_file, ca_file_len)?,
            )
        };
        let config = transport(endpoint, ca_file, connect_timeout_ms, total_timeout_ms);
        let client = AgentClient::new(config, Credentials::agent_key(agent_key))?;
        hand_out(out, BackendClient::Agent(client));
        Ok(())
    })
}

/// Creates a BIG FISH PayBill client: it issues plain invoices for successful gateway
/// transactions (`invoice_client_issue_paybill`) and nothing else (`INVOICE_RESULT_UNSUPPORTED`).
///
/// `gateway_url`: the gateway's PayBill URL (`https://system-test.paymentgateway.hu/api/payment/`
/// for its test system). `store_name` / `api_key`: the store's gateway login. `shop_name`
/// names the shop in the User-Agent. `agent_endpoint` / `agent_key`: the merchant's Számla
/// Agent account behind the store (its key travels inside the invoice data; libinvoice asks
/// the Agent directly whether an invoice exists). Neither key appears in any message.
/// `ca_file` and the timeouts are as for `invoice_client_new` and apply to both services.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_new_paybill(
    gateway_url: *const c_char,
    gateway_url_len: usize,
    store_name: *const c_char,
    store_name_len: usize,
    api_key: *const c_char,
    api_key_len: usize,
    shop_name: *const c_char,
    shop_name_len: usize,
    agent_endpoint: *const c_char,
    agent_endpoint_len: usize,
    agent_key: *const c_char,
    agent_key_len: usize,
    ca_file: *const c_char,
    ca_file_len: usize,
    connect_timeout_ms: u32,
    total_timeout_ms: u32,
    client_out: *mut *mut invoice_client,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, gateway, store_name, api_key, shop, agent_endpoint, agent_key, ca_file) = unsafe {
            (
                Out::new("client_out", client_out)?,
                text("gateway_url", gateway_url, gateway_url_len)?,
                text("store_name", store_name, store_name_len)?,
                text("api_key", api_key, api_key_len)?,
                text("shop_name", shop_name, shop_name_len)?,
                text("agent_endpoint", agent_endpoint, agent_endpoint_len)?,
                text("agent_key", agent_key, agent_key_len)?,
                optional_text("ca_file", ca_file, ca_file_len)?,
            )
        };
        let agent = AgentClient::new(
            transport(
                agent_endpoint,
                ca_file,
                connect_timeout_ms,
                total_timeout_ms,
            ),
            Credentials::agent_key(agent_key),
        )?;
        let client = PayBillClient::new(
            transport(gateway, ca_file, connect_timeout_ms, total_timeout_ms),
            StoreLogin {
                store_name: store_name.to_owned(),
                api_key: Secret::new(api_key),
            },
            shop,
            agent,
        )?;
        hand_out(out, BackendClient::PayBill(client));
        Ok(())
    })
}

/// Creates a Számlahegy client: it issues (`invoice_client_issue`) and reverses
/// (`invoice_client_reverse_document`, given the original); everything else is
/// `INVOICE_RESULT_UNSUPPORTED`.
///
/// `server_url`: the server's base URL (`https://szamlahegy.hu`). `api_key`: the account's
/// API key; it never appears in any message. `test_mode` issues test invoices. `ca_file` and
/// the timeouts are as for `invoice_client_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_new_szamlahegy(
    server_url: *const c_char,
    server_url_len: usize,
    api_key: *const c_char,
    api_key_len: usize,
    test_mode: bool,
    ca_file: *const c_char,
    ca_file_len: usize,
    connect_timeout_ms: u32,
    total_timeout_ms: u32,
    client_out: *mut *mut invoice_client,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, server, api_key, ca_file) = unsafe {
            (
                Out::new("client_out", client_out)?,
                text("server_url", server_url, server_url_len)?,
                text("api_key", api_key, api_key_len)?,
                optional_text("ca_file", ca_file, ca_file_len)?,
            )
        };
        let client = SzamlahegyClient::new(
            transport(server, ca_file, connect_timeout_ms, total_timeout_ms),
            Secret::new(api_key),
            test_mode,
        )?;
        hand_out(out, BackendClient::Szamlahegy(client));
        Ok(())
    })
}

/// Frees a client; NULL is accepted and ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_free(client: *mut invoice_client) {
    guarded((), || {
        if !client.is_null() {
            // SAFETY: a non-NULL client came from `Box::into_raw` in `invoice_client_new` and
            // the caller gives up its ownership here.
            drop(unsafe { Box::from_raw(client) });
        }
    });
}

/// Calls the host's persist callback with `record`.
fn persist_with(
    callback: unsafe extern "C" fn(*mut c_void, *const c_char, usize) -> c_int,
    user: *mut c_void,
    record: &AttemptRecord,
) -> Result<(), String> {
    let json = serde_json::to_string(record).map_err(|error| error.to_string())?;
    let len = json.len();
    let json = CString::new(json).map_err(|error| error.to_string())?;
    // SAFETY: the host registered this callback for exactly this call; the JSON outlives it.
    match unsafe { callback(user, json.as_ptr(), len) } {
        0 => Ok(()),
        status => Err(format!("the persist callback returned {status}")),
    }
}

/// What an outcome means as a result code.
fn outcome_failure(outcome: &Outcome) -> Option<Failure> {
    match outcome {
        Outcome::Issued(_) => None,
        Outcome::Rejected { code, message } => Some(Failure::refused(
            *code,
            format!(
                "refused by the service ({}): {message}",
                code.map_or_else(|| "no code".to_owned(), |code| code.to_string())
            ),
        )),
        Outcome::Unknown { reason } => Some(Failure::new(
            invoice_result::OutcomeUnknown,
            format!("outcome unknown: {reason}"),
        )),
        Outcome::RetryLater { not_before } => Some(Failure::new(
            invoice_result::RetryLater,
            format!("nothing may be sent before {not_before}"),
        )),
        Outcome::SendLimitReached => Some(Failure::new(
            invoice_result::SendLimitReached,
            "five sends without a definite answer: a human must decide",
        )),
    }
}

/// One step of the protocol over whichever operation the client's backend makes.
type Step<'s> = &'s mut dyn FnMut(&dyn OnceOperation) -> Result<Outcome, Failure>;

/// The shared body of the issue and reverse functions: one step of the exactly-once protocol,
/// with both the outcome and the updated record handed back. `start` picks the operation and
/// runs the step over it.
///
/// # Safety
/// The pointers follow the header's conventions.
unsafe fn issue_once(
    start: impl FnOnce(Step<'_>) -> Result<Result<Outcome, Failure>, Failure>,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> Result<(), Failure> {
    // SAFETY (for this block): the pointers follow the header's conventions.
    let (outcome_out, record_out, record) = unsafe {
        (
            Out::new("outcome_json_out", outcome_json_out)?,
            Out::new("record_json_out", record_json_out)?,
            text("record_json", record_json, record_json_len)?,
        )
    };
    let persist =
        persist.ok_or_else(|| Failure::new(invoice_result::NullParameter, "persist is NULL"))?;
    let mut record: AttemptRecord = json("record_json", record)?;
    let mut step = |operation: &dyn OnceOperation| {
        issue(
            operation,
            &mut record,
            &mut |record| persist_with(persist, user, record),
            Timestamp::now(),
        )
        .map_err(|error| Failure::new(invoice_result::PersistAborted, error.to_string()))
    };
    let outcome = start(&mut step)??;
    let failure = outcome_failure(&outcome);
    record_out.set(owned_json(&record)?);
    outcome_out.set(owned_json(&OutcomeJson::from(outcome))?);
    failure.map_or(Ok(()), Err)
}

/// Issues `document` exactly once: one step of the protocol for the attempt record
/// `record_json` (from `invoice_attempt_record_new`, or as last stored). Works on every
/// client except PayBill's, which invoices a transaction: use `invoice_client_issue_paybill`
/// (`INVOICE_RESULT_INVALID_ARGUMENT` here). A document kind the backend cannot issue (a
/// proforma through PayBill, say) is `INVOICE_RESULT_UNSUPPORTED`.
///
/// `persist(user, record_json, len)` is called before every send and after every answer; the
/// host must store the record durably before returning 0. `user` is passed through untouched.
///
/// `*outcome_json_out` is `{"outcome": "issued", "number", "net_total", "gross_total",
/// "pdf_base64"}`, `{"outcome": "rejected", "code", "message", "account_problem"}`, `{"outcome": "unknown",
/// "reason"}`, `{"outcome": "retry_later", "not_before"}` or `{"outcome":
/// "send_limit_reached"}`; `*record_json_out` is the record to store. Both are set, and must
/// be freed, when the result is OK, 300 (rejected) or 500–502; they are NULL otherwise.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_issue(
    client: *const invoice_client,
    document: *const invoice_document,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        let start = |step: Step<'_>| {
            // SAFETY (for this block): the pointers follow the header's conventions.
            let (client, document) =
                unsafe { (object("client", client)?, object("document", document)?) };
            Ok(client.0.with_issue(&document.0, None, step)?)
        };
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            issue_once(
                start,
                record_json,
                record_json_len,
                persist,
                user,
                outcome_json_out,
                record_json_out,
            )
        }
    })
}

/// Issues `document` exactly once through a PayBill client (`invoice_client_new_paybill`) as
/// the invoice of gateway transaction `transaction_id` (32 hexadecimal digits; anything else,
/// or a client of another backend, is `INVOICE_RESULT_INVALID_ARGUMENT`). PayBill issues
/// plain invoices only (others: `INVOICE_RESULT_UNSUPPORTED`). Everything else is as for
/// `invoice_client_issue`; the gateway's refusals (`UnknownTransaction`,
/// `AlreadyInvoicedTransaction`, …) come back as `{"outcome": "rejected"}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_issue_paybill(
    client: *const invoice_client,
    transaction_id: *const c_char,
    transaction_id_len: usize,
    document: *const invoice_document,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        let start = |step: Step<'_>| {
            // SAFETY (for this block): the pointers follow the header's conventions.
            let (client, transaction, document) = unsafe {
                (
                    object("client", client)?,
                    text("transaction_id", transaction_id, transaction_id_len)?,
                    object("document", document)?,
                )
            };
            if !matches!(client.0, BackendClient::PayBill(_)) {
                return Err(Failure::new(
                    invoice_result::InvalidArgument,
                    format!(
                        "client: a {} client, not PayBill: use invoice_client_issue",
                        client.0.name()
                    ),
                ));
            }
            Ok(client.0.with_issue(&document.0, Some(transaction), step)?)
        };
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            issue_once(
                start,
                record_json,
                record_json_len,
                persist,
                user,
                outcome_json_out,
                record_json_out,
            )
        }
    })
}

/// The `start` of both reverse functions for [`issue_once`]: the storno of `invoice_number`,
/// with the original document when one is given (`None` for `invoice_client_reverse`, which
/// takes none).
///
/// # Safety
/// The pointers follow the header's conventions.
unsafe fn reverse_start(
    client: *const invoice_client,
    invoice_number: *const c_char,
    invoice_number_len: usize,
    original: Option<*const invoice_document>,
    e_invoice: bool,
) -> impl FnOnce(Step<'_>) -> Result<Result<Outcome, Failure>, Failure> {
    move |step: Step<'_>| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (client, number, original) = unsafe {
            (
                object("client", client)?,
                text("invoice_number", invoice_number, invoice_number_len)?,
                original
                    .map(|original| object("original", original))
                    .transpose()?,
            )
        };
        let reversal = Reversal {
            original_number: number,
            e_invoice,
            original: original.map(|original| &original.0),
        };
        Ok(client.0.with_reverse(reversal, step)?)
    }
}

/// Reverses (stornos) invoice `invoice_number` exactly once; the storno is dated today.
/// Everything else is as for `invoice_client_issue` (use a record whose external id was made
/// with purpose `"storno"`). PayBill cannot reverse: `INVOICE_RESULT_UNSUPPORTED`. Számlahegy
/// needs the original document: use `invoice_client_reverse_document` (here
/// `INVOICE_RESULT_INVALID_ARGUMENT`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_reverse(
    client: *const invoice_client,
    invoice_number: *const c_char,
    invoice_number_len: usize,
    e_invoice: bool,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            issue_once(
                reverse_start(client, invoice_number, invoice_number_len, None, e_invoice),
                record_json,
                record_json_len,
                persist,
                user,
                outcome_json_out,
                record_json_out,
            )
        }
    })
}

/// Reverses invoice `invoice_number` exactly once as `invoice_client_reverse` does, given
/// `original`, the document it was issued from (as mapped, or rebuilt with
/// `invoice_document_from_json`; NULL is `INVOICE_RESULT_NULL_PARAMETER`). Számlahegy, which
/// has no "reverse invoice X" call, needs it: its storno is an invoice of kind S (a test
/// document in test mode) with the original's buyer, currency and rows, quantities negated,
/// naming the original in its header. The Számla Agent reverses by number and ignores it;
/// PayBill cannot reverse (`INVOICE_RESULT_UNSUPPORTED`). An original that is not an invoice
/// is `INVOICE_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_reverse_document(
    client: *const invoice_client,
    invoice_number: *const c_char,
    invoice_number_len: usize,
    original: *const invoice_document,
    e_invoice: bool,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            issue_once(
                reverse_start(
                    client,
                    invoice_number,
                    invoice_number_len,
                    Some(original),
                    e_invoice,
                ),
                record_json,
                record_json_len,
                persist,
                user,
                outcome_json_out,
                record_json_out,
            )
        }
    })
}

/// Issues a receipt exactly once: `request_json` as `invoice_order_map_receipt` makes it (or as
/// `invoice_client_receipt_create` takes it), with a record whose external id was made with
/// purpose `"receipt"`; that id is sent as the call id (`hivasAzonosito`), which the service
/// accepts once, so a receipt whose answer was lost is found by it and adopted, never issued
/// twice. Everything else is as for `invoice_client_issue`; an issued outcome's `number` is the
/// receipt number. Only a Számla Agent client issues receipts (others:
/// `INVOICE_RESULT_UNSUPPORTED`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_issue_receipt(
    client: *const invoice_client,
    request_json: *const c_char,
    request_json_len: usize,
    record_json: *const c_char,
    record_json_len: usize,
    persist: invoice_persist_fn,
    user: *mut c_void,
    outcome_json_out: *mut *mut c_char,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        let start = |step: Step<'_>| {
            // SAFETY (for this block): the pointers follow the header's conventions.
            let (client, request) = unsafe {
                (
                    object("client", client)?,
                    text("request_json", request_json, request_json_len)?,
                )
            };
            let agent = client.0.agent("issue a receipt")?;
            let request: CreateReceiptRequest = json("request_json", request)?;
            Ok(step(&agent.issue_receipt(&request.into())))
        };
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            issue_once(
                start,
                record_json,
                record_json_len,
                persist,
                user,
                outcome_json_out,
                record_json_out,
            )
        }
    })
}

/// Registers payments (credit entries, at most five) on an invoice.
///
/// `request_json`: `{"invoice_number": "…", "additive": true, "entries": [{"date":
/// "YYYY-MM-DD", "title": "átutalás", "amount": "12700", "description": null}]}` (`additive`
/// defaults to true: keep the entries already recorded). `*answer_json_out`:
/// `{"invoice_number", "net_total", "gross_total", "outstanding"}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_payment_register(
    client: *const invoice_client,
    request_json: *const c_char,
    request_json_len: usize,
    answer_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, client, request) = unsafe {
            (
                Out::new("answer_json_out", answer_json_out)?,
                object("client", client)?,
                text("request_json", request_json, request_json_len)?,
            )
        };
        let agent = client.0.agent("register a payment")?;
        let request: RegisterPaymentRequest = json("request_json", request)?;
        let answer = agent.register_payment(&request.into())?;
        out.set(owned_json(&PaymentAnswerJson::from(&answer))?);
        Ok(())
    })
}

/// The PDF of an invoice, chosen by `selector` (an `INVOICE_SELECTOR_*` value) and `value`.
/// `*pdf_out` / `*pdf_len_out` receive the bytes; free them with `invoice_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_invoice_pdf(
    client: *const invoice_client,
    selector_kind: u32,
    value: *const c_char,
    value_len: usize,
    pdf_out: *mut *mut u8,
    pdf_len_out: *mut usize,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, len_out, client, value) = unsafe {
            (
                Out::new("pdf_out", pdf_out)?,
                Out::new("pdf_len_out", pdf_len_out)?,
                object("client", client)?,
                text("value", value, value_len)?,
            )
        };
        let pdf = client
            .0
            .agent("download an invoice PDF")?
            .invoice_pdf(selector(selector_kind, value)?)?
            .into_boxed_slice();
        len_out.set(pdf.len());
        out.set(Box::into_raw(pdf).cast::<u8>());
        Ok(())
    })
}

/// An invoice's data as the service holds it, chosen as for `invoice_client_invoice_pdf`.
///
/// `*record_json_out`: `{"number", "kind" (SZ, E, D, SL, ES, VS, HS, SS), "referenced_number",
/// "proforma_number", "order_number", "external_id", "reversed", "issue_date",
/// "fulfilment_date", "due_date", "currency", "buyer_name", "buyer_email", "lines": [{"name",
/// "sku", "quantity", "unit", "unit_net_price", "vat_rate", "net", "vat", "gross"}],
/// "net_total", "vat_total", "gross_total", "pdf_base64"}` (`pdf_base64` only with
/// `include_pdf`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_invoice_data(
    client: *const invoice_client,
    selector_kind: u32,
    value: *const c_char,
    value_len: usize,
    include_pdf: bool,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, client, value) = unsafe {
            (
                Out::new("record_json_out", record_json_out)?,
                object("client", client)?,
                text("value", value, value_len)?,
            )
        };
        let record = client
            .0
            .agent("query invoice data")?
            .invoice_data(selector(selector_kind, value)?, include_pdf)?;
        out.set(owned_json(&InvoiceRecordJson::from(&record))?);
        Ok(())
    })
}

/// Deletes a proforma by its number (`INVOICE_SELECTOR_NUMBER`) or by order number
/// (`INVOICE_SELECTOR_ORDER_NUMBER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_proforma_delete(
    client: *const invoice_client,
    selector_kind: u32,
    value: *const c_char,
    value_len: usize,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (client, value) =
            unsafe { (object("client", client)?, text("value", value, value_len)?) };
        let request = match selector(selector_kind, value)? {
            InvoiceSelector::Number(number) => DeleteProforma::ByNumber(number),
            InvoiceSelector::OrderNumber(number) => DeleteProforma::ByOrderNumber(number),
            InvoiceSelector::ExternalId(_) => {
                return Err(Failure::new(
                    invoice_result::InvalidArgument,
                    "selector: a proforma is deleted by number or order number, not external id",
                ));
            }
        };
        client
            .0
            .agent("delete a proforma")?
            .delete_proforma(&request)?;
        Ok(())
    })
}

/// Issues a receipt. Store `call_id` before calling: a repeat with the same id is refused with
/// vendor code 338 instead of making a second receipt. (`invoice_client_issue_receipt` does
/// that bookkeeping, and the reconciliation, for you.)
///
/// `request_json`: `{"call_id", "prefix", "payment_method", "currency", "exchange_rate":
/// {"bank", "rate"} | null, "comment", "order_number", "download_pdf", "lines": [{"name",
/// "sku", "quantity", "unit", "unit_net_price", "vat_rate": {"percent": "27"} | {"code":
/// "AAM"}, "net", "vat", "gross", "comment"}]}`. `*answer_json_out`: `{"receipt": {"number",
/// "call_id", "kind", "reversed", "reversed_number", "issue_date", "payment_method",
/// "currency", "order_number", "lines", "net_total", "vat_total", "gross_total"},
/// "pdf_base64"}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_receipt_create(
    client: *const invoice_client,
    request_json: *const c_char,
    request_json_len: usize,
    answer_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, client, request) = unsafe {
            (
                Out::new("answer_json_out", answer_json_out)?,
                object("client", client)?,
                text("request_json", request_json, request_json_len)?,
            )
        };
        let agent = client.0.agent("issue a receipt")?;
        let request: CreateReceiptRequest = json("request_json", request)?;
        let answer = agent.create_receipt(&request.into())?;
        out.set(owned_json(&ReceiptAnswerJson::from(&answer))?);
        Ok(())
    })
}

/// The shared body of the receipt operations addressed by receipt number.
///
/// # Safety
/// The pointers follow the header's conventions.
unsafe fn receipt_by_number(
    client: *const invoice_client,
    receipt_number: *const c_char,
    receipt_number_len: usize,
    answer_json_out: *mut *mut c_char,
    operation: &str,
    run: impl FnOnce(
        &AgentClient,
        String,
    ) -> Result<
        libinvoice_core::agent::ReceiptAnswer,
        libinvoice_core::backend::agent::AgentError,
    >,
) -> Result<(), Failure> {
    // SAFETY (for this block): the pointers follow the header's conventions.
    let (out, client, number) = unsafe {
        (
            Out::new("answer_json_out", answer_json_out)?,
            object("client", client)?,
            text("receipt_number", receipt_number, receipt_number_len)?,
        )
    };
    let answer = run(client.0.agent(operation)?, number.to_owned())?;
    out.set(owned_json(&ReceiptAnswerJson::from(&answer))?);
    Ok(())
}

/// Reverses a receipt; the answer is as for `invoice_client_receipt_create`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_receipt_reverse(
    client: *const invoice_client,
    receipt_number: *const c_char,
    receipt_number_len: usize,
    download_pdf: bool,
    answer_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            receipt_by_number(
                client,
                receipt_number,
                receipt_number_len,
                answer_json_out,
                "reverse a receipt",
                |client, receipt_number| {
                    client.reverse_receipt(&ReverseReceipt {
                        receipt_number,
                        download_pdf,
                    })
                },
            )
        }
    })
}

/// Fetches a receipt; the answer is as for `invoice_client_receipt_create`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_receipt_get(
    client: *const invoice_client,
    receipt_number: *const c_char,
    receipt_number_len: usize,
    download_pdf: bool,
    answer_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY: the pointers follow the header's conventions.
        unsafe {
            receipt_by_number(
                client,
                receipt_number,
                receipt_number_len,
                answer_json_out,
                "fetch a receipt",
                |client, receipt_number| {
                    client.get_receipt(&GetReceipt {
                        receipt_number,
                        download_pdf,
                    })
                },
            )
        }
    })
}

/// E-mails an issued receipt. `request_json`: `{"receipt_number", "recipients": ["…"],
/// "reply_to", "subject", "text"}` (the last three optional).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_receipt_send(
    client: *const invoice_client,
    request_json: *const c_char,
    request_json_len: usize,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (client, request) = unsafe {
            (
                object("client", client)?,
                text("request_json", request_json, request_json_len)?,
            )
        };
        let agent = client.0.agent("send a receipt")?;
        let request: SendReceiptRequest = json("request_json", request)?;
        agent.send_receipt(&request.into())?;
        Ok(())
    })
}

/// Looks a Hungarian taxpayer up in NAV's register by the 8-digit base of the tax number.
///
/// `*answer_json_out`: `{"success", "error_code", "error_message", "valid", "name",
/// "tax_number_base", "vat_code", "county_code", "addresses": [{"kind", "country_code",
/// "postal_code", "city", "street_name", "public_place_category", "number", "building",
/// "staircase", "floor", "door"}]}`; `valid` is false or null for an unknown number.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_client_taxpayer_query(
    client: *const invoice_client,
    tax_number_base: *const c_char,
    tax_number_base_len: usize,
    answer_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, client, base) = unsafe {
            (
                Out::new("answer_json_out", answer_json_out)?,
                object("client", client)?,
                text("tax_number_base", tax_number_base, tax_number_base_len)?,
            )
        };
        let answer = client
            .0
            .agent("query a taxpayer")?
            .query_taxpayer(&QueryTaxpayer {
                tax_number_base: base.to_owned(),
            })?;
        out.set(owned_json(&TaxpayerJson::from(&answer))?);
        Ok(())
    })
}
