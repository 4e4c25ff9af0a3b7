//! A client of one service: a Számla Agent account (issuing exactly once, storno, and every
//! direct operation), a PayBill store or a Számlahegy account (issuing, and for Számlahegy
//! storno; the rest throws `UnsupportedException`).

use std::path::PathBuf;
use std::time::Duration;

use ext_php_rs::binary::Binary;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use jiff::Timestamp;
use libinvoice_core::agent::{
    Credentials, DeleteProforma, GetReceipt, InvoiceSelector, QueryTaxpayer, ReverseReceipt, Secret,
};
use libinvoice_core::backend::agent::AgentClient;
use libinvoice_core::backend::paybill::{PayBillClient, StoreLogin};
use libinvoice_core::backend::szamlahegy::SzamlahegyClient;
use libinvoice_core::backend::{OnceOperation, Reversal, issue};
use libinvoice_core::interop::{
    BackendClient, CreateReceiptRequest, InvoiceRecordJson, OutcomeJson, PaymentAnswerJson,
    ReceiptAnswerJson, RegisterPaymentRequest, SendReceiptRequest, TaxpayerJson,
};
use libinvoice_core::issuance::AttemptRecord;
use libinvoice_core::transport::TransportConfig;
use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, guarded};
use crate::values::{read, to_php_array};

/// A client of one service (a Számla Agent account, a PayBill store or a Számlahegy account):
/// endpoints, keys, timeouts and trusted CA. The keys live only inside the Rust object: no PHP
/// property holds them, so `var_dump` and `print_r` cannot show them.
#[php_class]
#[php(name = "LibInvoice\\Client")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct Client(BackendClient);

/// What `issue` and `reverse` return: the outcome, and the record the host must store.
#[derive(Serialize)]
struct Step<'a> {
    outcome: OutcomeJson,
    record: &'a AttemptRecord,
}

fn selector(kind: &str, value: &str) -> Result<InvoiceSelector, Error> {
    let value = value.to_owned();
    match kind {
        "number" => Ok(InvoiceSelector::Number(value)),
        "order_number" => Ok(InvoiceSelector::OrderNumber(value)),
        "external_id" => Ok(InvoiceSelector::ExternalId(value)),
        other => Err(Error::Config(format!(
            "selector: \"{other}\" is not \"number\", \"order_number\" or \"external_id\""
        ))),
    }
}

/// Hands `record` to the host's persist callable; `false` or an exception refuses it (the
/// exception then reaches the caller unchanged).
fn persist_with(persist: &ZendCallable, record: &AttemptRecord) -> Result<(), String> {
    let record = to_php_array(record)
        .map_err(|_| "the attempt record cannot be handed to PHP".to_owned())?;
    match persist.try_call(vec![&record]) {
        Ok(answer) if answer.is_false() => Err("the persist callable returned false".to_owned()),
        Ok(_) => Ok(()),
        Err(_) => Err("the persist callable failed".to_owned()),
    }
}

/// One step of the exactly-once protocol for `operation` and the stored `record`.
fn step(
    operation: &dyn OnceOperation,
    mut record: AttemptRecord,
    persist: &ZendCallable,
) -> Result<ZBox<ZendHashTable>, Error> {
    let outcome = issue(
        operation,
        &mut record,
        &mut |record| persist_with(persist, record),
        Timestamp::now(),
    )?;
    to_php_array(&Step {
        outcome: outcome.into(),
        record: &record,
    })
}

fn millis(name: &str, value: i64) -> Result<Option<Duration>, Error> {
    match u64::try_from(value) {
        Ok(0) => Ok(None),
        Ok(millis) => Ok(Some(Duration::from_millis(millis))),
        Err(_) => Err(Error::Config(format!("{name}: {value} is negative"))),
    }
}

/// How to reach one service: its URL, timeouts in milliseconds (0: the default) and an
/// optional PEM bundle to trust.
fn transport(
    endpoint: &str,
    ca_file: Option<&str>,
    connect_timeout_ms: i64,
    total_timeout_ms: i64,
) -> Result<TransportConfig, Error> {
    let mut config = TransportConfig::new(endpoint);
    if let Some(timeout) = millis("connect_timeout_ms", connect_timeout_ms)? {
        config.connect_timeout = timeout;
    }
    if let Some(timeout) = millis("total_timeout_ms", total_timeout_ms)? {
        config.total_timeout = timeout;
    }
    config.ca_file = ca_file.map(PathBuf::from);
    Ok(config)
}

#[php_impl]
// ext-php-rs hands a callable argument over by value.
#[allow(clippy::needless_pass_by_value)]
impl Client {
    /// A Számla Agent client: every operation. `endpoint`: the Agent's URL
    /// (`https://www.szamlazz.hu/szamla/` in production). `agent_key`: the account's Számla
    /// Agent key; it never appears in a message. `ca_file`: a PEM bundle to trust instead of the
    /// web PKI. Timeouts in milliseconds; 0 picks the default (10 s to connect, 60 s for the
    /// whole exchange).
    #[php(defaults(connect_timeout_ms = 0, total_timeout_ms = 0))]
    pub fn __construct(
        endpoint: &str,
        agent_key: &str,
        ca_file: Option<String>,
        connect_timeout_ms: i64,
        total_timeout_ms: i64,
    ) -> PhpResult<Self> {
        guarded(|| {
            let config = transport(
                endpoint,
                ca_file.as_deref(),
                connect_timeout_ms,
                total_timeout_ms,
            )?;
            Ok(Self(BackendClient::Agent(AgentClient::new(
                config,
                Credentials::agent_key(agent_key),
            )?)))
        })
    }

    /// A BIG FISH PayBill client: issues plain invoices for successful gateway transactions
    /// (`issuePayBill`) and nothing else (`UnsupportedException`). `agent_endpoint` /
    /// `agent_key`: the merchant's Számla Agent account behind the store. The CA file and
    /// timeouts apply to both services.
    #[php(defaults(connect_timeout_ms = 0, total_timeout_ms = 0))]
    #[allow(clippy::too_many_arguments)]
    pub fn pay_bill(
        gateway_url: &str,
        store_name: &str,
        api_key: &str,
        shop_name: &str,
        agent_endpoint: &str,
        agent_key: &str,
        ca_file: Option<String>,
        connect_timeout_ms: i64,
        total_timeout_ms: i64,
    ) -> PhpResult<Self> {
        guarded(|| {
            let ca_file = ca_file.as_deref();
            let agent = AgentClient::new(
                transport(
                    agent_endpoint,
                    ca_file,
                    connect_timeout_ms,
                    total_timeout_ms,
                )?,
                Credentials::agent_key(agent_key),
            )?;
            Ok(Self(BackendClient::PayBill(PayBillClient::new(
                transport(gateway_url, ca_file, connect_timeout_ms, total_timeout_ms)?,
                StoreLogin {
                    store_name: store_name.to_owned(),
                    api_key: Secret::new(api_key),
                },
                shop_name,
                agent,
            )?)))
        })
    }

    /// A Számlahegy client: issues, and reverses given the original document; everything else
    /// throws `UnsupportedException`. `test_mode` issues test invoices.
    #[php(defaults(test_mode = false, connect_timeout_ms = 0, total_timeout_ms = 0))]
    pub fn szamlahegy(
        server_url: &str,
        api_key: &str,
        test_mode: bool,
        ca_file: Option<String>,
        connect_timeout_ms: i64,
        total_timeout_ms: i64,
    ) -> PhpResult<Self> {
        guarded(|| {
            Ok(Self(BackendClient::Szamlahegy(SzamlahegyClient::new(
                transport(
                    server_url,
                    ca_file.as_deref(),
                    connect_timeout_ms,
                    total_timeout_ms,
                )?,
                Secret::new(api_key),
                test_mode,
            )?)))
        })
    }

    /// The service this client issues through: 'Számla Agent', 'PayBill' or 'Számlahegy'.
    pub fn backend(&self) -> &'static str {
        self.0.name()
    }

    /// Issues `document` exactly once: one step of the protocol for the attempt record (from
    /// `new_attempt_record`, or as last stored). `persist(array $record)` is called before
    /// every send and after every answer and must store the record durably; returning false or
    /// throwing stops before anything is sent. Returns `['outcome' => ['outcome' => 'issued' |
    /// 'rejected' | 'unknown' | 'retry_later' | 'send_limit_reached', …], 'record' => […]]`.
    pub fn issue(
        &self,
        document: &Document,
        record: &Zval,
        persist: ZendCallable,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let record = read("record", record)?;
            self.0.with_issue(document.document(), None, |operation| {
                step(operation, record, &persist)
            })?
        })
    }

    /// Issues `document` exactly once through a PayBill client as the invoice of gateway
    /// transaction `transaction_id` (32 hexadecimal digits; anything else, or a client of
    /// another backend, throws `ConfigException`); otherwise as `issue`. PayBill issues plain
    /// invoices only (others: `UnsupportedException`).
    pub fn issue_pay_bill(
        &self,
        transaction_id: &str,
        document: &Document,
        record: &Zval,
        persist: ZendCallable,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let record = read("record", record)?;
            if !matches!(self.0, BackendClient::PayBill(_)) {
                return Err(Error::Config(format!(
                    "a {} client, not PayBill: use issue()",
                    self.0.name()
                )));
            }
            self.0
                .with_issue(document.document(), Some(transaction_id), |operation| {
                    step(operation, record, &persist)
                })?
        })
    }

    /// Reverses (stornos) invoice `invoice_number` exactly once, dated today; as `issue`, with a
    /// record whose external id was made for purpose 'storno'. `original`: the document the
    /// invoice was issued from. Számlahegy needs it (its storno is an invoice of kind S that
    /// cancels the original's rows; without it: `ConfigException`); the Számla Agent reverses
    /// by number.
    pub fn reverse(
        &self,
        invoice_number: &str,
        e_invoice: bool,
        record: &Zval,
        persist: ZendCallable,
        original: Option<&Document>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let record = read("record", record)?;
            let reversal = Reversal {
                original_number: invoice_number,
                e_invoice,
                original: original.map(Document::document),
            };
            self.0
                .with_reverse(reversal, |operation| step(operation, record, &persist))?
        })
    }

    /// Issues a receipt exactly once: `receipt` as `map_receipt` makes it (or as `createReceipt`
    /// takes it), with a record whose external id was made for purpose 'receipt'. That id is
    /// sent as the call id (`hivasAzonosito`), which the service accepts once: a receipt whose
    /// answer was lost is found by it and adopted, never issued twice. Otherwise as `issue`;
    /// an issued outcome's `number` is the receipt number.
    pub fn issue_receipt(
        &self,
        receipt: &Zval,
        record: &Zval,
        persist: ZendCallable,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let record = read("record", record)?;
            let agent = self.0.agent("issue a receipt")?;
            let receipt: CreateReceiptRequest = read("receipt", receipt)?;
            step(&agent.issue_receipt(&receipt.into()), record, &persist)
        })
    }

    /// Registers payments (credit entries) on an invoice: `['invoice_number' => …, 'additive'
    /// => true, 'entries' => [['date' => 'YYYY-MM-DD', 'title' => 'átutalás', 'amount' =>
    /// '12700']]]`. Returns `['invoice_number', 'net_total', 'gross_total', 'outstanding']`.
    pub fn register_payment(&self, request: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("register a payment")?;
            let request: RegisterPaymentRequest = read("request", request)?;
            let answer = agent.register_payment(&request.into())?;
            to_php_array(&PaymentAnswerJson::from(&answer))
        })
    }

    /// The PDF of an invoice; `selector` is 'number', 'order_number' or 'external_id'.
    pub fn invoice_pdf(&self, selector_kind: &str, value: &str) -> PhpResult<Binary<u8>> {
        guarded(|| {
            let agent = self.0.agent("download an invoice PDF")?;
            Ok(Binary::from(
                agent.invoice_pdf(selector(selector_kind, value)?)?,
            ))
        })
    }

    /// An invoice's data as the service holds it (`pdf_base64` only with `include_pdf`).
    #[php(defaults(include_pdf = false))]
    pub fn invoice_data(
        &self,
        selector_kind: &str,
        value: &str,
        include_pdf: bool,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("query invoice data")?;
            let record = agent.invoice_data(selector(selector_kind, value)?, include_pdf)?;
            to_php_array(&InvoiceRecordJson::from(&record))
        })
    }

    /// Deletes a proforma by its number ('number') or by order number ('order_number').
    pub fn delete_proforma(&self, selector_kind: &str, value: &str) -> PhpResult<()> {
        guarded(|| {
            let agent = self.0.agent("delete a proforma")?;
            let request = match selector(selector_kind, value)? {
                InvoiceSelector::Number(number) => DeleteProforma::ByNumber(number),
                InvoiceSelector::OrderNumber(number) => DeleteProforma::ByOrderNumber(number),
                InvoiceSelector::ExternalId(_) => {
                    return Err(Error::Config(
                        "selector: a proforma is deleted by number or order number".to_owned(),
                    ));
                }
            };
            agent.delete_proforma(&request)?;
            Ok(())
        })
    }

    /// Issues a receipt. Store `call_id` first: a repeat with the same id is refused (338)
    /// instead of making a second receipt (`issueReceipt` does that bookkeeping). Returns
    /// `['receipt' => […], 'pdf_base64' => …]`.
    pub fn create_receipt(&self, request: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("issue a receipt")?;
            let request: CreateReceiptRequest = read("request", request)?;
            let answer = agent.create_receipt(&request.into())?;
            to_php_array(&ReceiptAnswerJson::from(&answer))
        })
    }

    /// Reverses a receipt; the answer is as for `createReceipt`.
    #[php(defaults(download_pdf = false))]
    pub fn reverse_receipt(
        &self,
        receipt_number: &str,
        download_pdf: bool,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("reverse a receipt")?;
            let answer = agent.reverse_receipt(&ReverseReceipt {
                receipt_number: receipt_number.to_owned(),
                download_pdf,
            })?;
            to_php_array(&ReceiptAnswerJson::from(&answer))
        })
    }

    /// Fetches a receipt; the answer is as for `createReceipt`.
    #[php(defaults(download_pdf = false))]
    pub fn get_receipt(
        &self,
        receipt_number: &str,
        download_pdf: bool,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("fetch a receipt")?;
            let answer = agent.get_receipt(&GetReceipt {
                receipt_number: receipt_number.to_owned(),
                download_pdf,
            })?;
            to_php_array(&ReceiptAnswerJson::from(&answer))
        })
    }

    /// E-mails an issued receipt: `['receipt_number', 'recipients' => […], 'reply_to',
    /// 'subject', 'text']` (the last three optional).
    pub fn send_receipt(&self, request: &Zval) -> PhpResult<()> {
        guarded(|| {
            let agent = self.0.agent("send a receipt")?;
            let request: SendReceiptRequest = read("request", request)?;
            agent.send_receipt(&request.into())?;
            Ok(())
        })
    }

    /// Looks a Hungarian taxpayer up in NAV's register by the 8-digit base of the tax number.
    pub fn query_taxpayer(&self, tax_number_base: &str) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| {
            let agent = self.0.agent("query a taxpayer")?;
            let answer = agent.query_taxpayer(&QueryTaxpayer {
                tax_number_base: tax_number_base.to_owned(),
            })?;
            to_php_array(&TaxpayerJson::from(&answer))
        })
    }
}
