//! Orders in, invoice documents and receipts out: settings validation, mapping, refunds,
//! receipts, previews, and the exactly-once bookkeeping a host starts with (external ids, fresh
//! attempt records).

use std::sync::Arc;

use ext_php_rs::binary::Binary;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::FromZval;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use libinvoice_core::agent::{InvoiceOptions, preview_invoice_xml_bytes};
use libinvoice_core::document::InvoiceDocument;
use libinvoice_core::interop::{CreateReceiptRequest, MapOptions, PurposeRequest, RefundRequest};
use libinvoice_core::issuance::{AttemptRecord, external_id};
use libinvoice_core::mapping::RefundDocument;
use libinvoice_core::order::{self, Order};
use libinvoice_core::settings::ShopSettings;
use self_cell::self_cell;
use serde::Deserialize;

use crate::error::{Error, guarded};
use crate::values::{read, read_with, to_php_array};

/// An invoice document, ready to preview or issue. Made by `map_order`, `map_refund` or
/// `Document::fromArray`; immutable.
#[php_class]
#[php(name = "LibInvoice\\Document")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct Document(Held);

/// A mapped document's lines borrow their names, SKUs and units from the order and the shop's
/// settings, and the PHP object outlives both arguments: it keeps them (the settings shared)
/// rather than copying that text into every document.
enum Held {
    Mapped(Mapped),
    /// Read from an array or JSON, or a corrective invoice (rare, so its text is copied).
    Owned(Box<InvoiceDocument<'static>>),
}

/// What a mapped document borrows from.
struct Sources {
    order: Order,
    settings: Arc<ShopSettings>,
}

self_cell!(
    struct Mapped {
        owner: Sources,
        #[covariant]
        dependent: InvoiceDocument,
    }
);

impl Document {
    pub(crate) fn document(&self) -> &InvoiceDocument<'_> {
        match &self.0 {
            Held::Mapped(mapped) => mapped.borrow_dependent(),
            Held::Owned(document) => document,
        }
    }

    fn owned(document: InvoiceDocument<'static>) -> Self {
        Self(Held::Owned(Box::new(document)))
    }
}

#[php_impl]
impl Document {
    /// Reads a document from `toArray()`'s array or `toJson()`'s string.
    pub fn from_array(document: &Zval) -> PhpResult<Self> {
        guarded(|| read("document", document).map(Self::owned))
    }

    /// The document as an array (amounts as decimal strings).
    pub fn to_array(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| to_php_array(self.document()))
    }

    /// Net, VAT and gross per VAT rate and overall, and the payable amount (decimal strings).
    pub fn totals(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guarded(|| to_php_array(&self.document().totals()))
    }

    /// The document as JSON, for storing it between requests.
    pub fn to_json(&self) -> PhpResult<String> {
        guarded(|| {
            serde_json::to_string(self.document())
                .map_err(|error| Error::Internal(error.to_string()))
        })
    }

    /// The Számla Agent XML (`xmlszamla`) the document would be sent as, without credentials:
    /// safe to show or log. Handed to PHP as the writer's bytes, copied once into the PHP
    /// string: a Rust `String` would check all of it as UTF-8 again and copy it once more.
    pub fn to_xml(&self) -> PhpResult<Binary<u8>> {
        guarded(|| {
            Ok(Binary::from(preview_invoice_xml_bytes(
                self.document(),
                &InvoiceOptions::default(),
            )?))
        })
    }
}

/// The shop's invoicing settings, read and checked once (`new Settings($array)` throws the
/// `MappingException` `validate_settings` would). Accepted wherever settings are, it spares
/// each call reading and checking them again; immutable.
#[php_class]
#[php(name = "LibInvoice\\Settings")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
#[derive(Clone)]
pub struct Settings(Arc<ShopSettings>);

#[php_impl]
impl Settings {
    /// Reads and checks `settings`: an array, a JSON string or another `Settings`.
    pub fn __construct(settings: &Zval) -> PhpResult<Self> {
        guarded(|| read_settings(settings).map(Self))
    }
}

fn read_order(order: &Zval, format: &str) -> Result<Order, Error> {
    match format {
        "woocommerce" => read_with(
            "",
            order,
            |value| order::woocommerce::from_rest(value),
            order::woocommerce::from_rest_json,
        ),
        "libinvoice" => read_with(
            "",
            order,
            |value| Order::deserialize(value),
            order::from_json,
        ),
        other => Err(Error::Config(format!(
            "format: \"{other}\" is neither \"woocommerce\" nor \"libinvoice\""
        ))),
    }
}

/// A `Settings` object's settings, or the settings read from an array or a JSON string.
fn read_settings(settings: &Zval) -> Result<Arc<ShopSettings>, Error> {
    if let Some(held) = <&Settings>::from_zval(settings) {
        return Ok(Arc::clone(&held.0));
    }
    let read: ShopSettings = read("settings", settings)?;
    read.validate()
        .map_err(|error| Error::unreadable("settings", error))?;
    Ok(Arc::new(read))
}

/// Checks the shop's settings exactly as `map_order` does before mapping: returns nothing, or
/// throws the `MappingException` mapping would (`fieldPath` `settings.vat.domestic`, …).
#[php_function]
#[php(name = "LibInvoice\\validate_settings")]
pub fn validate_settings(settings: &Zval) -> PhpResult<()> {
    guarded(|| read_settings(settings).map(drop))
}

/// Maps an order to an invoice document.
///
/// `format` is "woocommerce" (a WooCommerce REST v3 order) or "libinvoice" (our own schema).
/// `options`: `['issue_date' => 'YYYY-MM-DD', 'kind' => ['type' => 'invoice' | 'proforma' |
/// …]]`, both optional: a normal invoice dated today (Hungarian calendar day) by default.
#[php_function]
#[php(name = "LibInvoice\\map_order")]
#[php(defaults(format = "\"woocommerce\""))]
pub fn map_order(
    order: &Zval,
    settings: &Zval,
    format: &str,
    options: Option<&Zval>,
) -> PhpResult<Document> {
    guarded(|| {
        let options: MapOptions = match options {
            Some(options) if !options.is_null() => read("options", options)?,
            _ => MapOptions::default(),
        };
        let sources = Sources {
            order: read_order(order, format)?,
            settings: read_settings(settings)?,
        };
        let mapped = Mapped::try_new(sources, |sources| {
            options.map(&sources.order, &sources.settings)
        })?;
        Ok(Document(Held::Mapped(mapped)))
    })
}

/// Maps a refund of an order whose invoice was already issued.
///
/// `refund`: `['refund_id' => …, 'original_number' => <the order's invoice number>,
/// 'issue_date' => 'YYYY-MM-DD' (optional)]`. Returns the corrective invoice to issue for a
/// partial refund, or null for a full refund: then reverse `original_number` with
/// `Client::reverse` (through Számlahegy, with the original document).
#[php_function]
#[php(name = "LibInvoice\\map_refund")]
#[php(defaults(format = "\"woocommerce\""))]
pub fn map_refund(
    order: &Zval,
    settings: &Zval,
    refund: &Zval,
    format: &str,
) -> PhpResult<Option<Document>> {
    guarded(|| {
        let refund: RefundRequest = read("refund", refund)?;
        let order = read_order(order, format)?;
        let settings = read_settings(settings)?;
        Ok(match refund.map(&order, &settings)? {
            RefundDocument::Corrective(document) => Some(Document::owned(document.into_owned())),
            RefundDocument::Storno { .. } => None,
        })
    })
}

/// Maps an order to the receipt (`nyugta`) a shop may issue to a private buyer instead of an
/// invoice: the invoice's lines, amount for amount, totalling what the buyer paid. Returns the
/// request array `Client::issueReceipt` and `Client::createReceipt` take, with `call_id` null
/// (issuing exactly once sets it to the record's external id). The settings need
/// `receipt.number_prefix`; a business buyer, another member state's VAT or a total only an
/// invoice's payable correction explains throws `MappingException`.
#[php_function]
#[php(name = "LibInvoice\\map_receipt")]
#[php(defaults(format = "\"woocommerce\""))]
pub fn map_receipt(order: &Zval, settings: &Zval, format: &str) -> PhpResult<ZBox<ZendHashTable>> {
    guarded(|| {
        let order = read_order(order, format)?;
        let settings = read_settings(settings)?;
        let receipt = libinvoice_core::mapping::map_receipt(&order, &settings)?;
        to_php_array(&CreateReceiptRequest::from(receipt))
    })
}

/// The deterministic external id (`szamlaKulsoAzon`) of one document of an order.
///
/// `purpose`: `'storno'`, `'receipt'`, or `['issue' => ['type' => 'invoice']]` (any document
/// kind as in `map_order`'s options). `generation` grows when an order is invoiced again after a storno.
#[php_function]
#[php(name = "LibInvoice\\external_id")]
#[php(defaults(generation = 0))]
pub fn external_id_of(
    shop_id: &str,
    order_id: &str,
    purpose: &Zval,
    generation: i64,
) -> PhpResult<String> {
    guarded(|| {
        let generation = u32::try_from(generation).map_err(|_| {
            Error::mapping(
                "generation",
                format!("{generation} is not in 0..=4294967295"),
            )
        })?;
        // A bare string here is a word ("storno", "receipt"), not JSON text.
        let purpose: PurposeRequest = match purpose.str() {
            Some(word) => libinvoice_core::interop::read(&serde_json::json!(word).to_string())
                .map_err(|error| Error::unreadable("purpose", error))?,
            None => read("purpose", purpose)?,
        };
        Ok(external_id(
            shop_id,
            order_id,
            purpose.purpose(),
            generation,
        ))
    })
}

/// A fresh attempt record (nothing sent yet): `['external_id', 'order_number', 'sends',
/// 'state', 'last_attempt_at']`. The host stores it with the order and passes it to
/// `Client::issue`, `Client::reverse` or `Client::issueReceipt`.
#[php_function]
#[php(name = "LibInvoice\\new_attempt_record")]
pub fn new_attempt_record(external_id: &str, order_number: &str) -> PhpResult<ZBox<ZendHashTable>> {
    guarded(|| {
        to_php_array(&AttemptRecord::new(
            external_id.to_owned(),
            order_number.to_owned(),
        ))
    })
}

/// Adds this module's functions and class to the extension.
pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(validate_settings))
        .function(wrap_function!(map_order))
        .function(wrap_function!(map_refund))
        .function(wrap_function!(map_receipt))
        .function(wrap_function!(external_id_of))
        .function(wrap_function!(new_attempt_record))
        .class::<Document>()
        .class::<Settings>()
}
