//! Differential test: our `xmlszamla` against the `szamlazz-agent` crate's, which was verified
//! against the live service. Both documents are reduced to their (element path, text) sequence
//! in document order, with whitespace trimmed and decimals normalised (`1500.0` = `1500`).
//!
//! Tolerated differences (kept minimal, each removed explicitly below):
//! - delivery note: the oracle always adds `fejlec/szamlaSablon = SzlaFuvarlevelesAlap`
//!   (a PDF layout it forces); our document model carries no template, so we send none.
#![allow(clippy::unwrap_used, clippy::too_many_lines)]

use jiff::civil::date;
use libinvoice_core::agent::{Credentials, InvoiceOptions, ResponseVersion, create_invoice};
use libinvoice_core::document::{
    Buyer, DocumentKind, ExchangeRate, Header, InvoiceDocument, Language, Line, PostalAddress,
    Seller, TaxStatus, VatRate,
};
use libinvoice_core::money::Currency;
use quick_xml::Reader;
use quick_xml::events::Event;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use szamlazz_agent as oracle;
use szamlazz_agent::wire::AgentRequest as _;

/// The document as (path, normalised text) leaves in order.
fn canonical(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(std::str::from_utf8(xml).unwrap());
    // Open elements: name and whether a child element was seen.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut text = String::new();
    let mut leaves = Vec::new();
    let path = |open: &[(String, bool)]| {
        open.iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => {
                if let Some(parent) = open.last_mut() {
                    parent.1 = true;
                }
                open.push((start.local_name().as_ref().to_owned(), false));
                text.clear();
            }
            Event::Empty(start) => {
                let name = start.local_name();
                let name: &str = name.as_ref();
                leaves.push((format!("{}/{name}", path(&open)), String::new()));
            }
            Event::Text(content) => text.push_str(&content.xml10_content()),
            Event::GeneralRef(reference) => text.push(match &*reference {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                other => panic!("unexpected entity {other}"),
            }),
            Event::End(_) => {
                if open.last().is_some_and(|(_, has_children)| !has_children) {
                    leaves.push((path(&open), normalise(text.trim())));
                }
                text.clear();
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    leaves
}

fn normalise(text: &str) -> String {
    match text.parse::<Decimal>() {
        Ok(number) if !text.starts_with('+') => number.normalize().to_string(),
        _ => text.to_owned(),
    }
}

fn to_oracle(
    document: &InvoiceDocument,
    options: &InvoiceOptions,
) -> oracle::ops::invoice::CreateInvoice {
    use oracle::ops::invoice as o;
    let header = &document.header;
    let proforma = header
        .proforma_number
        .clone()
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
        oracle::PaymentMethod::from(header.payment_method.as_str()),
        oracle::Currency::from(header.currency.as_str()),
        header.language.code().parse().unwrap(),
    );
    oracle_header.issue_date = Some(header.issue_date);
    oracle_header.comment.clone_from(&header.comment);
    oracle_header.exchange_rate = header
        .exchange_rate
        .as_ref()
        .map(|rate| oracle::ExchangeRate {
            bank: rate.bank.clone(),
            rate: rate.rate,
        });
    oracle_header.order_number.clone_from(&header.order_number);
    oracle_header
        .number_prefix
        .clone_from(&header.number_prefix);
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
        buyer.name.clone(),
        buyer.address.postcode.clone(),
        buyer.address.city.clone(),
        buyer.address.street.clone(),
    );
    oracle_buyer.country.clone_from(&buyer.address.country);
    oracle_buyer.email.clone_from(&buyer.email);
    oracle_buyer.send_email = Some(buyer.send_email);
    oracle_buyer.taxpayer_status = Some(buyer.tax_status.code().to_string().parse().unwrap());
    oracle_buyer.tax_number.clone_from(&buyer.tax_number);
    oracle_buyer.eu_tax_number.clone_from(&buyer.eu_tax_number);
    oracle_buyer.postal_address = buyer
        .postal_address
        .as_ref()
        .map(|postal| o::PostalAddress {
            name: postal.name.clone(),
            country: postal.country.clone(),
            zip: Some(postal.postcode.clone()),
            city: Some(postal.city.clone()),
            address: Some(postal.street.clone()),
        });
    oracle_buyer.id.clone_from(&buyer.customer_id);
    oracle_buyer.phone.clone_from(&buyer.phone);
    oracle_buyer.comment.clone_from(&buyer.comment);

    let items = document
        .lines
        .iter()
        .map(|line| {
            let mut item = oracle::LineItem::new(
                line.name.clone(),
                line.quantity,
                line.unit.clone(),
                line.unit_net_price,
                oracle::VatRate::from(line.vat_rate.wire()),
                line.net,
                line.vat,
                line.gross,
            );
            item.id.clone_from(&line.sku);
            item.comment.clone_from(&line.comment);
            item
        })
        .collect();

    let mut request = o::CreateInvoice::new(kind, oracle_header, oracle_buyer, items);
    request.e_invoice = document.e_invoice;
    request.download_pdf = options.download_pdf;
    request.external_id.clone_from(&options.external_id);
    request.seller = o::Seller {
        bank: seller.bank.clone(),
        bank_account: seller.bank_account.clone(),
        email: has_email.then(|| oracle::SellerEmail {
            reply_to: seller.email_reply_to.clone(),
            subject: seller.email_subject.clone(),
            body: seller.email_text.clone(),
        }),
        signer_name: seller.signer_name.clone(),
    };
    request
}

fn line(
    name: &str,
    quantity: Decimal,
    unit_net: Decimal,
    rate: VatRate,
    net: Decimal,
    vat: Decimal,
) -> Line {
    Line {
        name: name.to_owned(),
        sku: None,
        quantity,
        unit: "db".to_owned(),
        unit_net_price: unit_net,
        vat_rate: rate,
        net,
        vat,
        gross: net + vat,
        comment: None,
    }
}

fn document(kind: DocumentKind) -> InvoiceDocument {
    InvoiceDocument {
        kind,
        e_invoice: false,
        header: Header {
            issue_date: date(2026, 7, 4),
            fulfilment_date: date(2026, 7, 4),
            due_date: date(2026, 7, 12),
            payment_method: "bankkártya".to_owned(),
            currency: Currency::huf(),
            language: Language::Hu,
            comment: None,
            exchange_rate: None,
            order_number: Some("WC-77".to_owned()),
            proforma_number: None,
            number_prefix: None,
            payable_correction: None,
            paid: true,
            eu_vat: false,
        },
        seller: Seller::default(),
        buyer: Buyer {
            name: "Nagy Péter".to_owned(),
            address: PostalAddress {
                name: None,
                country: None,
                postcode: "6720".to_owned(),
                city: "Szeged".to_owned(),
                street: "Kárász u. 5.".to_owned(),
            },
            email: Some("peter@example.com".to_owned()),
            send_email: true,
            tax_status: TaxStatus::PrivatePerson,
            tax_number: None,
            eu_tax_number: None,
            postal_address: None,
            customer_id: None,
            phone: None,
            comment: None,
        },
        lines: vec![line(
            "Bögre",
            dec!(3),
            dec!(393.66),
            VatRate::Percent(dec!(27)),
            dec!(1181),
            dec!(319),
        )],
    }
}

fn cases() -> Vec<(&'static str, InvoiceDocument, InvoiceOptions)> {
    let plain = InvoiceOptions::default();
    let mut cases = Vec::new();
    for kind in [
        DocumentKind::Invoice,
        DocumentKind::Proforma,
        DocumentKind::DeliveryNote,
        DocumentKind::Deposit,
        DocumentKind::Final {
            deposit_number: "E-2026-5".to_owned(),
        },
        DocumentKind::Corrective {
            original_number: "E-2026-6".to_owned(),
        },
    ] {
        cases.push((kind.slug(), document(kind), plain.clone()));
    }

    let mut full = document(DocumentKind::Invoice);
    full.e_invoice = true;
    full.header.comment = Some("Köszönjük & viszlát <3".to_owned());
    full.header.proforma_number = Some("D-2026-1".to_owned());
    full.header.number_prefix = Some("WEB".to_owned());
    full.header.payable_correction = Some(dec!(-2));
    full.header.paid = false;
    full.seller = Seller {
        bank: Some("OTP".to_owned()),
        bank_account: Some("11111111-22222222".to_owned()),
        email_reply_to: Some("shop@example.com".to_owned()),
        email_subject: None,
        email_text: Some("Számla csatolva".to_owned()),
        signer_name: Some("Kiss Anna".to_owned()),
    };
    full.buyer.tax_status = TaxStatus::HungarianTaxNumber;
    full.buyer.tax_number = Some("12345678-1-42".to_owned());
    r#"Tom & Jerry "Bt" <kft>"#.clone_into(&mut full.buyer.name);
    full.buyer.address.country = Some("HU".to_owned());
    full.buyer.postal_address = Some(PostalAddress {
        name: Some("Raktár".to_owned()),
        country: Some("HU".to_owned()),
        postcode: "1111".to_owned(),
        city: "Budapest".to_owned(),
        street: "Fő u. 1.".to_owned(),
    });
    full.buyer.customer_id = Some("C-9".to_owned());
    full.buyer.phone = Some("+36 30 123 4567".to_owned());
    full.buyer.comment = Some("hátsó kapu".to_owned());
    full.lines.push(Line {
        sku: Some("SKU-1".to_owned()),
        comment: Some("ajándék".to_owned()),
        ..line(
            "Könyv",
            dec!(0.5),
            dec!(3810),
            VatRate::Code("AAM".to_owned()),
            dec!(1905),
            dec!(0),
        )
    });
    cases.push((
        "full-e-invoice",
        full,
        InvoiceOptions {
            download_pdf: true,
            response_version: ResponseVersion::Xml,
            external_id: Some("shop:WC-77:invoice".to_owned()),
            preview: false,
        },
    ));

    let mut eur = document(DocumentKind::Invoice);
    eur.header.currency = Currency::new("EUR").unwrap();
    eur.header.language = Language::En;
    eur.header.exchange_rate = Some(ExchangeRate {
        bank: "MNB".to_owned(),
        rate: Some(dec!(395.12)),
    });
    eur.header.eu_vat = true;
    eur.buyer.tax_status = TaxStatus::EuBusiness;
    eur.buyer.eu_tax_number = Some("ATU12345678".to_owned());
    eur.lines = vec![
        line(
            "Buch",
            dec!(2.5),
            dec!(12.34),
            VatRate::Percent(dec!(5.5)),
            dec!(30.85),
            dec!(1.70),
        ),
        line(
            "Service",
            dec!(1),
            dec!(10.00),
            VatRate::Code("EUKT".to_owned()),
            dec!(10.00),
            dec!(0.00),
        ),
    ];
    cases.push((
        "eur-oss-preview",
        eur,
        InvoiceOptions {
            preview: true,
            ..plain.clone()
        },
    ));

    let mut automatic = document(DocumentKind::Invoice);
    automatic.header.currency = Currency::new("USD").unwrap();
    automatic.header.exchange_rate = Some(ExchangeRate {
        bank: "MNB".to_owned(),
        rate: None,
    });
    cases.push(("usd-automatic-rate", automatic, plain));
    cases
}

#[test]
fn our_xmlszamla_matches_the_oracle() {
    let credentials = Credentials::agent_key("key-1");
    let oracle_credentials = oracle::Credentials::agent_key("key-1");
    for (label, document, options) in cases() {
        assert_eq!(
            options.response_version,
            ResponseVersion::Xml,
            "the oracle always asks for 2"
        );
        let ours = canonical(
            &create_invoice(&document, &credentials, &options)
                .unwrap()
                .xml,
        );
        let request = to_oracle(&document, &options);
        request.validate().unwrap();
        let mut theirs = canonical(&request.write_xml(&oracle_credentials));
        if matches!(document.kind, DocumentKind::DeliveryNote) {
            let template = (
                "xmlszamla/fejlec/szamlaSablon".to_owned(),
                "SzlaFuvarlevelesAlap".to_owned(),
            );
            let before = theirs.len();
            theirs.retain(|leaf| *leaf != template);
            assert_eq!(
                theirs.len(),
                before - 1,
                "{label}: the tolerated template is gone"
            );
        }
        assert!(ours.len() > 20, "{label}: compared {} leaves", ours.len());
        assert_eq!(ours, theirs, "{label}");
    }
}
