//! Our invoice document as the `szamlazz-agent` crate's `CreateInvoice`: the oracle the wire
//! layer is tested and benchmarked against.

use libinvoice_core::agent::InvoiceOptions;
use libinvoice_core::document::{DocumentKind, InvoiceDocument};
use szamlazz_agent as oracle;

/// The same invoice, built with the oracle's own types.
#[allow(clippy::too_many_lines, clippy::unwrap_used)]
pub fn to_oracle(
    document: &InvoiceDocument,
    options: &InvoiceOptions,
) -> oracle::ops::invoice::CreateInvoice {
    use oracle::ops::invoice as o;
    let header = &document.header;
    let proforma = header
        .proforma_number
        .as_deref()
        .map(oracle::InvoiceNumber::from);
    let kind = match &document.kind {
        DocumentKind::Invoice => o::InvoiceKind::Invoice {
            proforma_number: proforma,
        },
        DocumentKind::Proforma => o::InvoiceKind::Proforma,
        DocumentKind::DeliveryNote => o::InvoiceKind::DeliveryNote,
        DocumentKind::Deposit => o::InvoiceKind::Prepayment {
            proforma_number: proforma,
        },
        DocumentKind::Final { deposit_number } => o::InvoiceKind::Final {
            prepayment_number: Some(deposit_number.clone().into()),
            proforma_number: proforma,
        },
        DocumentKind::Corrective { original_number } => o::InvoiceKind::Corrective {
            corrected_number: original_number.clone().into(),
        },
    };
    let mut oracle_header = o::InvoiceHeader::new(
        header.fulfilment_date,
        header.due_date,
        oracle::PaymentMethod::from(header.payment_method.as_ref()),
        oracle::Currency::from(header.currency.as_str()),
        header.language.code().parse().unwrap(),
    );
    oracle_header.issue_date = Some(header.issue_date);
    oracle_header.comment = header.comment.as_deref().map(str::to_owned);
    oracle_header.exchange_rate = header
        .exchange_rate
        .as_ref()
        .map(|rate| oracle::ExchangeRate {
            bank: rate.bank.to_string(),
            rate: rate.rate,
        });
    oracle_header.order_number = header.order_number.as_deref().map(str::to_owned);
    oracle_header.number_prefix = header.number_prefix.as_deref().map(str::to_owned);
    oracle_header.payable_adjustment = header.payable_correction;
    oracle_header.paid = Some(header.paid);
    oracle_header.eu_vat = header.eu_vat.then_some(true);
    oracle_header.preview_pdf = options.preview.then_some(true);

    let seller = &document.seller;
    let has_email = seller.email_reply_to.is_some()
        || seller.email_subject.is_some()
        || seller.email_text.is_some();
    let buyer = &document.buyer;
    let mut oracle_buyer = o::Buyer::new(
        buyer.name.to_string(),
        buyer.address.postcode.to_string(),
        buyer.address.city.to_string(),
        buyer.address.street.to_string(),
    );
    oracle_buyer.country = buyer.address.country.as_deref().map(str::to_owned);
    oracle_buyer.email = buyer.email.as_deref().map(str::to_owned);
    oracle_buyer.send_email = Some(buyer.send_email);
    oracle_buyer.taxpayer_status = Some(buyer.tax_status.code().to_string().parse().unwrap());
    oracle_buyer.tax_number = buyer.tax_number.as_deref().map(str::to_owned);
    oracle_buyer.eu_tax_number = buyer.eu_tax_number.as_deref().map(str::to_owned);
    oracle_buyer.postal_address = buyer
        .postal_address
        .as_ref()
        .map(|postal| o::PostalAddress {
            name: postal.name.as_deref().map(str::to_owned),
            country: postal.country.as_deref().map(str::to_owned),
            zip: Some(postal.postcode.to_string()),
            city: Some(postal.city.to_string()),
            address: Some(postal.street.to_string()),
        });
    oracle_buyer.id = buyer.customer_id.as_deref().map(str::to_owned);
    oracle_buyer.phone = buyer.phone.as_deref().map(str::to_owned);
    oracle_buyer.comment = buyer.comment.as_deref().map(str::to_owned);

    let items = document
        .lines
        .iter()
        .map(|line| {
            let mut item = oracle::LineItem::new(
                line.name.to_string(),
                line.quantity,
                line.unit.to_string(),
                line.unit_net_price,
                oracle::VatRate::from(line.vat_rate.wire()),
                line.net,
                line.vat,
                line.gross,
            );
            item.id = line.sku.as_deref().map(str::to_owned);
            item.comment.clone_from(&line.comment);
            item
        })
        .collect();

    let mut request = o::CreateInvoice::new(kind, oracle_header, oracle_buyer, items);
    request.e_invoice = document.e_invoice;
    request.download_pdf = options.download_pdf;
    request.external_id.clone_from(&options.external_id);
    request.seller = o::Seller {
        bank: seller.bank.as_deref().map(str::to_owned),
        bank_account: seller.bank_account.as_deref().map(str::to_owned),
        email: has_email.then(|| oracle::SellerEmail {
            reply_to: seller.email_reply_to.as_deref().map(str::to_owned),
            subject: seller.email_subject.as_deref().map(str::to_owned),
            body: seller.email_text.as_deref().map(str::to_owned),
        }),
        signer_name: seller.signer_name.as_deref().map(str::to_owned),
    };
    request
}
