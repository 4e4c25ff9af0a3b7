//! Renders stored documents: the `szamla` query answer, the receipt answer, and PDFs.

use std::collections::BTreeMap;

use base64::Engine as _;
use rust_decimal::Decimal;

use crate::answer::amount;
use crate::config::Seller;
use crate::pdf::{Document, LEFT};
use crate::state::{Invoice, Item, Kind, Receipt};
use crate::xml::XmlWriter;

/// Totals per VAT rate, in first-seen order of the rates.
fn totals_by_rate(items: &[Item]) -> Vec<(String, Decimal, Decimal, Decimal)> {
    let mut order: Vec<String> = Vec::new();
    let mut sums: BTreeMap<String, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    for item in items {
        if !sums.contains_key(&item.vat_rate) {
            order.push(item.vat_rate.clone());
        }
        let entry = sums.entry(item.vat_rate.clone()).or_default();
        entry.0 += item.net;
        entry.1 += item.vat;
        entry.2 += item.gross;
    }
    order
        .into_iter()
        .filter_map(|rate| sums.get(&rate).map(|(n, v, g)| (rate.clone(), *n, *v, *g)))
        .collect()
}

/// Writes `afakulcs` (and `afatipus` for a VAT code, whose rate is 0).
fn write_rate(w: &mut XmlWriter, rate: &str) {
    if rate.parse::<Decimal>().is_ok() {
        w.text("afakulcs", rate);
    } else {
        w.text("afatipus", rate).text("afakulcs", "0");
    }
}

/// The `szamla` document `xmlszamlaxml` answers with (shape of the vendor's sample).
#[expect(
    clippy::too_many_lines,
    reason = "one element after the other, in the document's order"
)]
pub fn invoice_xml(invoice: &Invoice, seller: &Seller, pdf: Option<&[u8]>) -> String {
    let mut w = XmlWriter::new(
        "szamla",
        "http://www.szamlazz.hu/szamla",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    );
    w.open("szallito").text("nev", &seller.name);
    w.open("cim")
        .text("orszag", &seller.country)
        .text("irsz", &seller.zip)
        .text("telepules", &seller.city)
        .text("cim", &seller.address)
        .close();
    w.text("adoszam", &seller.tax_number)
        .text_opt("adoszameu", seller.eu_tax_number.as_deref());
    w.open("bank")
        .text("nev", &seller.bank)
        .text("bankszamla", &seller.bank_account)
        .close();
    w.close();

    let appearance = match invoice.kind {
        Kind::Proforma | Kind::DeliveryNote => 0,
        _ if invoice.e_invoice => 2,
        _ => 1,
    };
    w.open("alap")
        .text("id", invoice.id)
        .text("szamlaszam", &invoice.number)
        .text("tipus", invoice.kind.code())
        .text("eszamla", appearance)
        .text_opt("hivszamlaszam", invoice.references.as_deref())
        .text_opt("hivdijbekszam", invoice.proforma.as_deref())
        .text("kelt", invoice.issue_date)
        .text("telj", invoice.fulfillment_date)
        .text("fizh", invoice.due_date)
        .text("fizmod", &invoice.payment_method)
        .text_opt("rendelesszam", invoice.order_number.as_deref())
        .text_opt("kulsoAzon", invoice.external_id.as_deref())
        .text("nyelv", &invoice.language)
        .text("devizanem", &invoice.currency)
        .text_opt("devizabank", invoice.exchange_bank.as_deref());
    if let Some(rate) = invoice.exchange_rate {
        w.text("devizaarf", amount(rate));
    }
    w.text_opt("megjegyzes", invoice.comment.as_deref())
        .text("teszt", "false")
        .text("sztornozott", invoice.reversed)
        .close();

    let buyer = &invoice.buyer;
    w.open("vevo").text("nev", &buyer.name);
    w.text_opt("azonosito", buyer.identifier.as_deref());
    w.open("cim")
        .text_opt("orszag", buyer.country.as_deref())
        .text("irsz", &buyer.zip)
        .text("telepules", &buyer.city)
        .text("cim", &buyer.address)
        .close();
    w.text_opt("email", buyer.email.as_deref())
        .text_opt("adoszam", buyer.tax_number.as_deref())
        .text_opt("adoszameu", buyer.eu_tax_number.as_deref())
        .close();

    w.open("tetelek");
    for item in &invoice.items {
        w.open("tetel")
            .text("nev", &item.name)
            .text_opt("azonosito", item.identifier.as_deref())
            .text("mennyiseg", amount(item.quantity))
            .text("mennyisegiegyseg", &item.unit)
            .text("nettoegysegar", amount(item.unit_price));
        write_rate(&mut w, &item.vat_rate);
        w.text("netto", amount(item.net))
            .text("afa", amount(item.vat))
            .text("brutto", amount(item.gross))
            .text_opt("megjegyzes", item.comment.as_deref())
            .close();
    }
    w.close();

    w.open("osszegek");
    for (rate, net, vat, gross) in totals_by_rate(&invoice.items) {
        w.open("afakulcsossz");
        write_rate(&mut w, &rate);
        w.text("netto", amount(net))
            .text("afa", amount(vat))
            .text("brutto", amount(gross))
            .close();
    }
    w.open("totalossz")
        .text("netto", amount(invoice.net_total()))
        .text("afa", amount(invoice.vat_total()))
        .text("brutto", amount(invoice.gross_total()))
        .close();
    w.close();

    if !invoice.payments.is_empty() {
        w.open("kifizetesek");
        for payment in &invoice.payments {
            w.open("kifizetes")
                .text("datum", payment.date)
                .text("jogcim", &payment.title)
                .text("osszeg", amount(payment.amount))
                .text_opt("megjegyzes", payment.description.as_deref())
                .close();
        }
        w.close();
    }
    if let Some(pdf) = pdf {
        w.text("pdf", base64::engine::general_purpose::STANDARD.encode(pdf));
    }
    w.finish()
}

/// The `xmlnyugtavalasz` success answer (shape of the vendor's sample).
pub fn receipt_xml(receipt: &Receipt, pdf: Option<&[u8]>) -> String {
    let mut w = XmlWriter::new(
        "xmlnyugtavalasz",
        "http://www.szamlazz.hu/xmlnyugtavalasz",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    );
    w.text("sikeres", "true");
    if let Some(pdf) = pdf {
        w.text(
            "nyugtaPdf",
            base64::engine::general_purpose::STANDARD.encode(pdf),
        );
    }
    w.open("nyugta")
        .open("alap")
        .text("id", receipt.id)
        .text_opt("hivasAzonosito", receipt.call_id.as_deref())
        .text("nyugtaszam", &receipt.number)
        .text("tipus", &receipt.kind)
        .text("stornozott", receipt.reversed)
        .text_opt("stornozottNyugtaszam", receipt.reversed_number.as_deref())
        .text("kelt", receipt.issue_date)
        .text("fizmod", &receipt.payment_method)
        .text("penznem", &receipt.currency)
        .text_opt("devizabank", receipt.exchange_bank.as_deref());
    if let Some(rate) = receipt.exchange_rate {
        w.text("devizaarf", amount(rate));
    }
    w.text_opt("megjegyzes", receipt.comment.as_deref())
        .text("teszt", "false")
        .text_opt("rendelesSzam", receipt.order_number.as_deref())
        .close();
    w.open("tetelek");
    for item in &receipt.items {
        w.open("tetel")
            .text_opt("azonosito", item.identifier.as_deref())
            .text("megnevezes", &item.name)
            .text("mennyiseg", amount(item.quantity))
            .text("mennyisegiEgyseg", &item.unit)
            .text("nettoEgysegar", amount(item.unit_price))
            .text("netto", amount(item.net));
        write_rate(&mut w, &item.vat_rate);
        w.text("afa", amount(item.vat))
            .text("brutto", amount(item.gross))
            .close();
    }
    w.close();
    if !receipt.tenders.is_empty() {
        w.open("kifizetesek");
        for tender in &receipt.tenders {
            w.open("kifizetes")
                .text("fizetoeszkoz", &tender.method)
                .text("osszeg", amount(tender.amount))
                .text_opt("leiras", tender.description.as_deref())
                .close();
        }
        w.close();
    }
    w.open("osszegek");
    for (rate, net, vat, gross) in totals_by_rate(&receipt.items) {
        w.open("afakulcsossz");
        write_rate(&mut w, &rate);
        w.text("netto", amount(net))
            .text("afa", amount(vat))
            .text("brutto", amount(gross))
            .close();
    }
    let net: Decimal = receipt.items.iter().map(|i| i.net).sum();
    let vat: Decimal = receipt.items.iter().map(|i| i.vat).sum();
    let gross: Decimal = receipt.items.iter().map(|i| i.gross).sum();
    w.open("totalossz")
        .text("netto", amount(net))
        .text("afa", amount(vat))
        .text("brutto", amount(gross))
        .close();
    w.finish()
}

const COLUMNS: [f32; 6] = [LEFT, 250.0, 330.0, 390.0, 450.0, 510.0];

fn item_rows(doc: &mut Document, items: &[Item], currency: &str) {
    doc.row(
        8.5,
        &[
            (COLUMNS[0], "Megnevezés".to_owned()),
            (COLUMNS[1], "Mennyiség".to_owned()),
            (COLUMNS[2], "Egységár".to_owned()),
            (COLUMNS[3], "ÁFA".to_owned()),
            (COLUMNS[4], "Nettó".to_owned()),
            (COLUMNS[5], "Bruttó".to_owned()),
        ],
    );
    for item in items {
        let rate = if item.vat_rate.parse::<Decimal>().is_ok() {
            format!("{}%", item.vat_rate)
        } else {
            item.vat_rate.clone()
        };
        doc.row(
            8.5,
            &[
                (COLUMNS[0], item.name.chars().take(40).collect()),
                (
                    COLUMNS[1],
                    format!("{} {}", amount(item.quantity), item.unit),
                ),
                (COLUMNS[2], amount(item.unit_price)),
                (COLUMNS[3], rate),
                (COLUMNS[4], amount(item.net)),
                (COLUMNS[5], amount(item.gross)),
            ],
        );
    }
    let net: Decimal = items.iter().map(|i| i.net).sum();
    let vat: Decimal = items.iter().map(|i| i.vat).sum();
    let gross: Decimal = items.iter().map(|i| i.gross).sum();
    doc.gap(8.0)
        .line(
            10.0,
            330.0,
            format!("Nettó összesen: {} {currency}", amount(net)),
        )
        .line(
            10.0,
            330.0,
            format!("ÁFA összesen: {} {currency}", amount(vat)),
        )
        .line(
            12.0,
            330.0,
            format!("Bruttó összesen: {} {currency}", amount(gross)),
        );
}

/// The invoice PDF; `preview` prints a watermark line instead of a number.
pub fn invoice_pdf(invoice: &Invoice, seller: &Seller) -> Vec<u8> {
    let mut doc = Document::default();
    let title = if invoice.e_invoice && !matches!(invoice.kind, Kind::Proforma | Kind::DeliveryNote)
    {
        format!("E-{}", invoice.kind.title().to_lowercase())
    } else {
        invoice.kind.title().to_owned()
    };
    doc.line(20.0, LEFT, title);
    if invoice.number.is_empty() {
        doc.line(11.0, LEFT, "ELŐNÉZET – nem kiállított számla");
    } else {
        doc.line(11.0, LEFT, format!("Számlaszám: {}", invoice.number));
    }
    if let Some(reference) = &invoice.references {
        doc.line(9.0, LEFT, format!("Hivatkozott számla: {reference}"));
    }
    if let Some(order) = &invoice.order_number {
        doc.line(9.0, LEFT, format!("Rendelésszám: {order}"));
    }
    doc.gap(6.0)
        .row(
            10.0,
            &[(LEFT, "Eladó".to_owned()), (320.0, "Vevő".to_owned())],
        )
        .row(
            9.0,
            &[
                (LEFT, seller.name.clone()),
                (320.0, invoice.buyer.name.clone()),
            ],
        )
        .row(
            9.0,
            &[
                (
                    LEFT,
                    format!("{} {}, {}", seller.zip, seller.city, seller.address),
                ),
                (
                    320.0,
                    format!(
                        "{} {}, {}",
                        invoice.buyer.zip, invoice.buyer.city, invoice.buyer.address
                    ),
                ),
            ],
        )
        .row(
            9.0,
            &[
                (LEFT, format!("Adószám: {}", seller.tax_number)),
                (
                    320.0,
                    invoice
                        .buyer
                        .tax_number
                        .as_ref()
                        .map_or(String::new(), |t| format!("Adószám: {t}")),
                ),
            ],
        )
        .line(
            9.0,
            LEFT,
            format!("Bankszámla: {} ({})", seller.bank_account, seller.bank),
        )
        .gap(6.0)
        .line(
            9.0,
            LEFT,
            format!(
                "Kelt: {}   Teljesítés: {}   Fizetési határidő: {}   Fizetési mód: {}",
                invoice.issue_date,
                invoice.fulfillment_date,
                invoice.due_date,
                invoice.payment_method
            ),
        )
        .gap(6.0);
    item_rows(&mut doc, &invoice.items, &invoice.currency);
    if let Some(comment) = &invoice.comment {
        doc.gap(6.0)
            .line(9.0, LEFT, format!("Megjegyzés: {comment}"));
    }
    doc.render()
}

/// The receipt PDF.
pub fn receipt_pdf(receipt: &Receipt, seller: &Seller) -> Vec<u8> {
    let mut doc = Document::default();
    doc.line(
        18.0,
        LEFT,
        if receipt.kind == "SN" {
            "Sztornó nyugta"
        } else {
            "Nyugta"
        },
    )
    .line(11.0, LEFT, format!("Nyugtaszám: {}", receipt.number))
    .line(
        9.0,
        LEFT,
        format!(
            "{} — {} {}, {}",
            seller.name, seller.zip, seller.city, seller.address
        ),
    )
    .line(
        9.0,
        LEFT,
        format!(
            "Kelt: {}   Fizetési mód: {}",
            receipt.issue_date, receipt.payment_method
        ),
    )
    .gap(6.0);
    item_rows(&mut doc, &receipt.items, &receipt.currency);
    doc.render()
}
