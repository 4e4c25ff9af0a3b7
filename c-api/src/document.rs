//! Orders in, invoice documents and receipts out: settings validation, mapping, refunds,
//! receipts, document JSON and XML previews, and the exactly-once bookkeeping a host starts with
//! (external ids, new attempt records).

use std::ffi::c_char;

use libinvoice_core::agent::{InvoiceOptions, preview_invoice_xml};
use libinvoice_core::document::InvoiceDocument;
use libinvoice_core::interop::{CreateReceiptRequest, MapOptions, PurposeRequest, RefundRequest};
use libinvoice_core::issuance::{AttemptRecord, external_id};
use libinvoice_core::mapping::{RefundDocument, map_receipt};
use libinvoice_core::order::{self, Order};
use libinvoice_core::settings::ShopSettings;
use libinvoice_core::{MappingError, ReadError};

use crate::ffi::{
    Failure, Out, boundary, guarded, invoice_result, json, object, optional_text, owned_json,
    owned_string, text,
};

/// An invoice document: what the shop's order becomes, ready to preview or issue. Free it with
/// `invoice_document_free`.
#[allow(non_camel_case_types)]
pub struct invoice_document(pub(crate) InvoiceDocument<'static>);

/// Which JSON shape an order is in.
#[allow(non_camel_case_types)]
#[repr(u32)]
pub enum invoice_order_format {
    /// libinvoice's own order schema (docs/order-schema.md).
    Libinvoice = 1,
    /// A WooCommerce REST API v3 order, as WooCommerce emits it.
    Woocommerce = 2,
}

fn read_order(format: u32, json: &str) -> Result<Order, Failure> {
    const LIBINVOICE: u32 = invoice_order_format::Libinvoice as u32;
    const WOOCOMMERCE: u32 = invoice_order_format::Woocommerce as u32;
    let read = match format {
        LIBINVOICE => order::from_json,
        WOOCOMMERCE => order::woocommerce::from_rest_json,
        other => {
            return Err(Failure::new(
                invoice_result::InvalidArgument,
                format!("order_format: {other} is not an INVOICE_ORDER_FORMAT_* value"),
            ));
        }
    };
    read(json).map_err(|error| read_failure(invoice_result::OrderUnreadable, "order", &error))
}

fn read_settings(json: &str) -> Result<ShopSettings, Failure> {
    ShopSettings::from_json(json)
        .map_err(|error| read_failure(invoice_result::SettingsInvalid, "settings", &error))
}

fn read_failure(result: invoice_result, what: &str, error: &ReadError) -> Failure {
    Failure::new(result, format!("{what}: {error}"))
}

fn mapping_failure(error: &MappingError) -> Failure {
    Failure::new(invoice_result::MappingFailed, error.to_string())
}

/// A handle owning `document`, whose text may borrow the order it was mapped from.
fn new_document(document: InvoiceDocument<'_>) -> *mut invoice_document {
    Box::into_raw(Box::new(invoice_document(document.into_owned())))
}

/// Checks the shop's settings as `invoice_order_map` does before mapping: OK, or 201
/// (`INVOICE_RESULT_SETTINGS_INVALID`) with the field path in the message, e.g.
/// `settings: vat.domestic: …`. For a settings page that refuses what mapping would refuse.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_settings_validate(
    settings_json: *const c_char,
    settings_json_len: usize,
) -> invoice_result {
    boundary(|| {
        // SAFETY: the pointer follows the header's conventions.
        let settings = unsafe { text("settings_json", settings_json, settings_json_len)? };
        read_settings(settings).map(drop)
    })
}

/// Maps an order to an invoice document.
///
/// `order_format` is an `INVOICE_ORDER_FORMAT_*` value. `settings_json` is the shop's settings.
/// `options_json` may be NULL; otherwise
/// `{"issue_date": "YYYY-MM-DD", "kind": {"type": "invoice" | "proforma" | "delivery_note" |
/// "deposit" | "final", "deposit_number": … | "corrective", "original_number": …}}`, both
/// optional: the default is a normal invoice issued today (Hungarian calendar day).
/// Failures: 200 (order unreadable), 201 (settings invalid), 202 (mapping refused); the message
/// names the field path, e.g. `line_items[2].tax_rate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_order_map(
    order_json: *const c_char,
    order_json_len: usize,
    order_format: u32,
    settings_json: *const c_char,
    settings_json_len: usize,
    options_json: *const c_char,
    options_json_len: usize,
    document_out: *mut *mut invoice_document,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, order, settings, options) = unsafe {
            (
                Out::new("document_out", document_out)?,
                text("order_json", order_json, order_json_len)?,
                text("settings_json", settings_json, settings_json_len)?,
                optional_text("options_json", options_json, options_json_len)?,
            )
        };
        let options: MapOptions = options
            .map(|options| json("options_json", options))
            .transpose()?
            .unwrap_or_default();
        let order = read_order(order_format, order)?;
        let settings = read_settings(settings)?;
        let document = options
            .map(&order, &settings)
            .map_err(|error| mapping_failure(&error))?;
        out.set(new_document(document));
        Ok(())
    })
}

/// Maps a refund of an order whose invoice was already issued.
///
/// `refund_json`: `{"refund_id": "…", "original_number": "<the order's invoice number>",
/// "issue_date": "YYYY-MM-DD"}` (`issue_date` optional, default today). A full refund needs
/// the original invoice reversed: `*corrective_out` is set to NULL and the caller reverses
/// `original_number` with `invoice_client_reverse` (through Számlahegy:
/// `invoice_client_reverse_document`, with the original document). A partial refund sets
/// `*corrective_out` to the corrective invoice to issue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_order_map_refund(
    order_json: *const c_char,
    order_json_len: usize,
    order_format: u32,
    settings_json: *const c_char,
    settings_json_len: usize,
    refund_json: *const c_char,
    refund_json_len: usize,
    corrective_out: *mut *mut invoice_document,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, order, settings, refund) = unsafe {
            (
                Out::new("corrective_out", corrective_out)?,
                text("order_json", order_json, order_json_len)?,
                text("settings_json", settings_json, settings_json_len)?,
                text("refund_json", refund_json, refund_json_len)?,
            )
        };
        let refund: RefundRequest = json("refund_json", refund)?;
        let order = read_order(order_format, order)?;
        let settings = read_settings(settings)?;
        let mapped = refund
            .map(&order, &settings)
            .map_err(|error| mapping_failure(&error))?;
        if let RefundDocument::Corrective(document) = mapped {
            out.set(new_document(*document));
        }
        Ok(())
    })
}

/// Maps an order to the receipt (`nyugta`) a shop may issue to a private buyer instead of an
/// invoice: the lines the invoice would have, amount for amount, totalling what the buyer paid.
///
/// `*request_json_out` is the receipt request as `invoice_client_receipt_create` and
/// `invoice_client_issue_receipt` take it, with `"call_id": null` (issuing exactly once sets it
/// to the record's external id) and `"download_pdf": true`. The settings need
/// `receipt.number_prefix`. Failures: 200, 201, and 202 when the order cannot become a receipt:
/// a business buyer (owed an invoice), another member state's VAT, or a total that only an
/// invoice's payable correction could explain; the message names the field path.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_order_map_receipt(
    order_json: *const c_char,
    order_json_len: usize,
    order_format: u32,
    settings_json: *const c_char,
    settings_json_len: usize,
    request_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, order, settings) = unsafe {
            (
                Out::new("request_json_out", request_json_out)?,
                text("order_json", order_json, order_json_len)?,
                text("settings_json", settings_json, settings_json_len)?,
            )
        };
        let order = read_order(order_format, order)?;
        let settings = read_settings(settings)?;
        let receipt = map_receipt(&order, &settings).map_err(|error| mapping_failure(&error))?;
        out.set(owned_json(&CreateReceiptRequest::from(receipt))?);
        Ok(())
    })
}

/// Reads a document from its JSON (as `invoice_document_to_json` writes it).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_document_from_json(
    document_json: *const c_char,
    document_json_len: usize,
    document_out: *mut *mut invoice_document,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, document) = unsafe {
            (
                Out::new("document_out", document_out)?,
                text("document_json", document_json, document_json_len)?,
            )
        };
        out.set(new_document(json("document_json", document)?));
        Ok(())
    })
}

/// The document as JSON (amounts as decimal strings). Free with `invoice_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_document_to_json(
    document: *const invoice_document,
    json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, document) = unsafe {
            (
                Out::new("json_out", json_out)?,
                object("document", document)?,
            )
        };
        out.set(owned_json(&document.0)?);
        Ok(())
    })
}

/// The Számla Agent XML (`xmlszamla`) the document would be sent as, without credentials:
/// safe to show or log. Free with `invoice_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_document_preview_xml(
    document: *const invoice_document,
    xml_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, document) =
            unsafe { (Out::new("xml_out", xml_out)?, object("document", document)?) };
        let xml = preview_invoice_xml(&document.0, &InvoiceOptions::default())
            .map_err(|error| Failure::new(invoice_result::MappingFailed, error.to_string()))?;
        out.set(owned_string(xml)?);
        Ok(())
    })
}

/// Frees a document; NULL is accepted and ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_document_free(document: *mut invoice_document) {
    guarded((), || {
        if !document.is_null() {
            // SAFETY: a non-NULL document came from `Box::into_raw` in this library and the
            // caller gives up its ownership here.
            drop(unsafe { Box::from_raw(document) });
        }
    });
}

/// The deterministic external id (`szamlaKulsoAzon`) of one document of an order.
///
/// `purpose_json` is `"storno"`, `"receipt"` or `{"issue": <document kind>}` (kinds as in
/// `invoice_order_map`). `generation` starts at 0 and grows when an order is invoiced again
/// after a storno. Free the result with `invoice_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_external_id(
    shop_id: *const c_char,
    shop_id_len: usize,
    order_id: *const c_char,
    order_id_len: usize,
    purpose_json: *const c_char,
    purpose_json_len: usize,
    generation: u32,
    external_id_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, shop_id, order_id, purpose) = unsafe {
            (
                Out::new("external_id_out", external_id_out)?,
                text("shop_id", shop_id, shop_id_len)?,
                text("order_id", order_id, order_id_len)?,
                text("purpose_json", purpose_json, purpose_json_len)?,
            )
        };
        let purpose: PurposeRequest = json("purpose_json", purpose)?;
        out.set(owned_string(external_id(
            shop_id,
            order_id,
            purpose.purpose(),
            generation,
        ))?);
        Ok(())
    })
}

/// A fresh attempt record (nothing sent yet) as JSON:
/// `{"external_id", "order_number", "sends", "state", "last_attempt_at"}`. The host stores it
/// and passes it to `invoice_client_issue`, `invoice_client_reverse` (`_reverse_document`) or
/// `invoice_client_issue_receipt`. Free with `invoice_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_attempt_record_new(
    external_id: *const c_char,
    external_id_len: usize,
    order_number: *const c_char,
    order_number_len: usize,
    record_json_out: *mut *mut c_char,
) -> invoice_result {
    boundary(|| {
        // SAFETY (for this block): the pointers follow the header's conventions.
        let (out, external_id, order_number) = unsafe {
            (
                Out::new("record_json_out", record_json_out)?,
                text("external_id", external_id, external_id_len)?,
                text("order_number", order_number, order_number_len)?,
            )
        };
        let record = AttemptRecord::new(external_id.to_owned(), order_number.to_owned());
        out.set(owned_json(&record)?);
        Ok(())
    })
}
