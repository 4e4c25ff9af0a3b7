//! The mapping rules, one behaviour per test.

mod common;

use common::{fee, item, order, rate, recompute_totals, shipping, tax};
use jiff::civil::date;
use libinvoice_core::document::{DocumentKind, TaxStatus, VatRate};
use libinvoice_core::mapping::{RefundDocument, map, map_as, map_refund};
use libinvoice_core::order::{Refund, RefundLine};
use libinvoice_core::settings::{DiscountDisplay, PaymentMethodRule, ShopSettings};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn settings() -> ShopSettings {
    ShopSettings::new("shop-1")
}

fn percent(value: Decimal) -> VatRate {
    VatRate::Percent(value)
}

#[test]
fn private_buyer_is_invoiced_gross_first_and_total_matches_payment() {
    // 3 × 500 Ft gross at 27%: WooCommerce stores net 1181.10 and tax 318.90.
    let order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(3), dec!(1181.10), dec!(318.90), "1")],
    );
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    let line = &document.lines[0];
    assert_eq!(
        (line.net, line.vat, line.gross),
        (dec!(1181), dec!(319), dec!(1500))
    );
    assert_eq!(line.vat_rate, percent(dec!(27)));
    assert_eq!(document.buyer.tax_status, TaxStatus::PrivatePerson);
    let totals = document.totals();
    assert_eq!(totals.payable, dec!(1500));
    assert_eq!(document.header.payable_correction, None);
    assert_eq!(document.header.issue_date, date(2024, 3, 2));
    assert_eq!(document.header.fulfilment_date, date(2024, 3, 1));
    assert_eq!(document.header.order_number.as_deref(), Some("1001"));
    assert_eq!(document.header.payment_method, "Bankkártya");
}

#[test]
fn company_with_tax_number_is_invoiced_net_first() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Szék", dec!(3), dec!(1181.10), dec!(318.90), "1")],
    );
    order.buyer.company = Some("Példa Kft.".to_owned());
    order.buyer.tax_number = Some("12345676-2-41".to_owned());
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    assert_eq!(document.buyer.name, "Példa Kft.");
    assert_eq!(document.buyer.tax_status, TaxStatus::HungarianTaxNumber);
    assert_eq!(document.buyer.tax_number.as_deref(), Some("12345676-2-41"));
    let line = &document.lines[0];
    // net = round(1181.10) = 1181; VAT = round(1181 × 0.27 = 318.87) = 319.
    assert_eq!(
        (line.net, line.vat, line.gross),
        (dec!(1181), dec!(319), dec!(1500))
    );
}

#[test]
fn a_wrong_check_digit_is_refused_with_its_field() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Szék", dec!(1), dec!(1000), dec!(270), "1")],
    );
    order.buyer.tax_number = Some("12345678-1-42".to_owned());
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "buyer.tax_number");
    assert!(error.reason.contains("check digit"), "{error}");
}

#[test]
fn shipping_taxed_at_several_rates_becomes_one_line_per_rate() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27)), rate("2", dec!(5))],
        vec![
            item("Könyv", dec!(1), dec!(3000), dec!(150), "2"),
            item("Toll", dec!(1), dec!(1000), dec!(270), "1"),
        ],
    );
    // 1000 Ft net shipping split 3:1 by the books' and pens' value: 250 at 27%, 750 at 5%.
    order.shipping_lines = vec![shipping(
        "GLS",
        dec!(1000),
        vec![tax("1", dec!(67.50)), tax("2", dec!(37.50))],
    )];
    recompute_totals(&mut order);
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    let shipping_lines: Vec<_> = document
        .lines
        .iter()
        .filter(|line| line.name == "Szállítás (GLS)")
        .collect();
    assert_eq!(shipping_lines.len(), 2);
    assert_eq!(shipping_lines[0].vat_rate, percent(dec!(27)));
    assert_eq!(shipping_lines[0].net + shipping_lines[1].net, dec!(1000));
    assert_eq!(shipping_lines[1].vat_rate, percent(dec!(5)));
    assert_eq!(document.totals().payable, order.totals.total);
    let per_rate = document.totals().per_rate;
    assert_eq!(per_rate.len(), 2, "totals per VAT rate: {per_rate:?}");
}

#[test]
fn a_negative_fee_spread_over_rates_is_split_too() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27)), rate("2", dec!(18))],
        vec![
            item("Kenyér", dec!(2), dec!(1000), dec!(180), "2"),
            item("Bor", dec!(1), dec!(2000), dec!(540), "1"),
        ],
    );
    order.fee_lines = vec![fee(
        "Hűségkedvezmény",
        dec!(-300),
        vec![tax("1", dec!(-54)), tax("2", dec!(-18))],
    )];
    recompute_totals(&mut order);
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    let fees: Vec<_> = document
        .lines
        .iter()
        .filter(|line| line.name == "Hűségkedvezmény")
        .collect();
    assert_eq!(fees.len(), 2);
    let mut labelled = settings();
    labelled.labels.fee = "Díj".to_owned();
    let relabelled = map(&order, &labelled, date(2024, 3, 2)).unwrap();
    assert!(
        relabelled
            .lines
            .iter()
            .any(|line| line.name == "Díj (Hűségkedvezmény)")
    );
    assert!(fees.iter().all(|line| line.gross < Decimal::ZERO));
    assert_eq!(document.totals().payable, order.totals.total);
}

#[test]
fn a_zero_rate_line_needs_a_code_from_the_settings() {
    let order = order(
        "HUF",
        vec![rate("9", dec!(0))],
        vec![item("Tankönyv", dec!(1), dec!(2000), dec!(0), "9")],
    );
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "line_items[0].taxes");
    assert!(error.reason.contains("VAT code"), "{error}");

    let mut with_code = settings();
    with_code.vat.domestic = Some("TAM".to_owned());
    let document = map(&order, &with_code, date(2024, 3, 2)).unwrap();
    assert_eq!(document.lines[0].vat_rate, VatRate::Code("TAM".to_owned()));
    assert_eq!(document.lines[0].vat, Decimal::ZERO);
}

#[test]
fn an_eu_business_gets_reverse_charge_codes_for_goods_and_services() {
    let mut order = order(
        "EUR",
        vec![],
        vec![
            item("Widget", dec!(2), dec!(40.00), dec!(0), ""),
            item("Setup service", dec!(1), dec!(15.50), dec!(0), ""),
        ],
    );
    order.line_items[1].tax_class = Some("services".to_owned());
    order.buyer.company = Some("Beispiel GmbH".to_owned());
    order.buyer.eu_vat_number = Some("DE123456789".to_owned());
    order.buyer.billing_address.country = "DE".to_owned();
    order.vat_exempt = true;
    let mut settings = settings();
    settings.vat.service_tax_classes = vec!["services".to_owned()];
    let document = map(&order, &settings, date(2024, 3, 2)).unwrap();
    assert_eq!(document.buyer.tax_status, TaxStatus::EuBusiness);
    assert_eq!(document.buyer.eu_tax_number.as_deref(), Some("DE123456789"));
    assert_eq!(document.lines[0].vat_rate, VatRate::Code("EUT".to_owned()));
    assert_eq!(
        document.lines[1].vat_rate,
        VatRate::Code("EUFAD37".to_owned())
    );
    assert_eq!(document.lines[0].unit_net_price, dec!(20.00));
    let rate = document.header.exchange_rate.as_ref().unwrap();
    assert_eq!((rate.bank.as_ref(), rate.rate), ("MNB", None));
}

#[test]
fn a_company_outside_the_eu_gets_the_third_country_code() {
    let mut order = order(
        "EUR",
        vec![],
        vec![item("Widget", dec!(1), dec!(10), dec!(0), "")],
    );
    order.buyer.company = Some("Example Inc.".to_owned());
    order.buyer.billing_address.country = "US".to_owned();
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    assert_eq!(document.buyer.tax_status, TaxStatus::NonEuBusiness);
    assert_eq!(document.lines[0].vat_rate, VatRate::Code("HO".to_owned()));
}

#[test]
fn a_foreign_rate_needs_oss() {
    let mut order = order(
        "EUR",
        vec![rate("de", dec!(19))],
        vec![item("Widget", dec!(1), dec!(10.00), dec!(1.90), "de")],
    );
    order.buyer.billing_address.country = "DE".to_owned();
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "line_items[0].taxes");
    let mut oss = settings();
    oss.vat.oss = true;
    let document = map(&order, &oss, date(2024, 3, 2)).unwrap();
    assert!(document.header.eu_vat);
    assert_eq!(document.totals().payable, dec!(11.90));
}

#[test]
fn lines_that_do_not_explain_the_total_are_refused_with_both_amounts() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    order.totals.total = dec!(1300);
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "totals.total");
    assert!(
        error.reason.contains("1270") && error.reason.contains("1300"),
        "{error}"
    );
}

#[test]
fn a_rounding_difference_is_printed_as_a_payable_correction() {
    // WooCommerce rounding at subtotal can charge one forint more than the lines add up to.
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![
            item("A", dec!(1), dec!(100.30), dec!(27.08), "1"),
            item("B", dec!(1), dec!(100.30), dec!(27.08), "1"),
        ],
    );
    // Each line rounds to 127 Ft; the order rounded 254.76 once, to 255.
    order.totals.total = dec!(255);
    let shop = settings();
    let document = map(&order, &shop, date(2024, 3, 2)).unwrap();
    let totals = document.totals();
    assert_eq!(totals.gross, dec!(254));
    assert_eq!(document.header.payable_correction, Some(dec!(1)));
    assert_eq!(totals.payable, dec!(255));
}

#[test]
fn net_first_rounding_of_a_two_decimal_forint_shop_is_explained_by_the_correction() {
    // Found by the property test: 1.5 × 25,875 Ft at 27% in a shop keeping two decimals.
    // Net-first rounds the net up (38,813) and the VAT of that net up again (10,480), while the
    // shop charged one forint less than its own line total.
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item(
            "Párna",
            dec!(1.5),
            dec!(38812.50),
            dec!(10479.38),
            "1",
        )],
    );
    order.totals.total = dec!(49290.88);
    let mut settings = settings();
    settings.rounding = libinvoice_core::settings::RoundingPolicy::NetFirst;
    let document = map(&order, &settings, date(2024, 3, 2)).unwrap();
    assert_eq!(document.totals().gross, dec!(49293));
    assert_eq!(document.header.payable_correction, Some(dec!(-2.12)));
    assert_eq!(document.totals().payable, dec!(49290.88));
}

#[test]
fn a_tax_that_is_not_the_rate_of_the_net_is_refused() {
    let order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(180), "1")],
    );
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "line_items[0].total_tax");
}

#[test]
fn an_unknown_rate_id_is_refused_with_its_path() {
    let order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "7")],
    );
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "line_items[0].taxes[0].rate_id");
}

#[test]
fn discounts_can_be_separate_lines_per_rate() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(2), dec!(1800), dec!(486), "1")],
    );
    order.line_items[0].subtotal = dec!(2000);
    order.line_items[0].subtotal_tax = dec!(540);
    let mut separate = settings();
    separate.discounts = DiscountDisplay::SeparateLines;
    let document = map(&order, &separate, date(2024, 3, 2)).unwrap();
    assert_eq!(document.lines.len(), 2);
    assert_eq!(document.lines[0].gross, dec!(2540));
    assert_eq!(document.lines[1].name, "Kedvezmény");
    assert_eq!(document.lines[1].gross, dec!(-254));
    assert_eq!(document.totals().payable, dec!(2286));
    let shop = settings();
    let folded = map(&order, &shop, date(2024, 3, 2)).unwrap();
    assert_eq!(folded.lines.len(), 1);
    assert_eq!(folded.lines[0].gross, dec!(2286));
}

#[test]
fn the_payment_date_is_a_hungarian_calendar_day() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    // 22:30 UTC on 31 March is 00:30 on 1 April in Budapest (summer time).
    order.paid_at = Some("2024-03-31T22:30:00Z".parse().unwrap());
    let shop = settings();
    let document = map(&order, &shop, date(2024, 4, 2)).unwrap();
    assert_eq!(document.header.fulfilment_date, date(2024, 4, 1));
}

#[test]
fn unpaid_orders_get_the_payment_deadline() {
    let order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    let mut settings = settings();
    settings.invoice.payment_deadline_days = 15;
    settings.payment_methods.methods.insert(
        "stripe".to_owned(),
        PaymentMethodRule {
            label: Some("Bankkártya (Stripe)".to_owned()),
            paid: false,
        },
    );
    let document = map(&order, &settings, date(2024, 3, 2)).unwrap();
    assert!(!document.header.paid);
    assert_eq!(document.header.due_date, date(2024, 3, 17));
    assert_eq!(document.header.payment_method, "Bankkártya (Stripe)");
    settings
        .payment_methods
        .methods
        .get_mut("stripe")
        .unwrap()
        .paid = true;
    let paid = map(&order, &settings, date(2024, 3, 2)).unwrap();
    assert!(paid.header.paid);
    assert_eq!(paid.header.due_date, date(2024, 3, 2));
    let proforma = map_as(&order, &settings, date(2024, 3, 2), DocumentKind::Proforma).unwrap();
    assert!(!proforma.header.paid);
}

#[test]
fn an_e_invoice_needs_the_buyers_email() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    order.buyer.email = None;
    let mut settings = settings();
    settings.invoice.e_invoice = true;
    let error = map(&order, &settings, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "buyer.email");
}

#[test]
fn missing_address_and_empty_orders_are_refused() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    order.buyer.billing_address.city = " ".to_owned();
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "buyer.billing_address.city");
    order.line_items.clear();
    let shop = settings();
    let error = map(&order, &shop, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "line_items");
}

#[test]
fn refunds_become_a_storno_or_a_corrective_invoice() {
    let mut order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(2), dec!(2000), dec!(540), "1")],
    );
    order.refunds = vec![
        Refund {
            id: "r-full".to_owned(),
            amount: dec!(2540),
            reason: None,
            lines: vec![],
        },
        Refund {
            id: "r-one".to_owned(),
            amount: dec!(1270),
            reason: Some("Törött".to_owned()),
            lines: vec![RefundLine {
                name: "Bögre".to_owned(),
                quantity: dec!(1),
                total: dec!(1000),
                total_tax: dec!(270),
                taxes: vec![tax("1", dec!(270))],
            }],
        },
        Refund {
            id: "r-vague".to_owned(),
            amount: dec!(100),
            reason: None,
            lines: vec![],
        },
    ];
    let today = date(2024, 3, 5);
    let shop = settings();
    assert_eq!(
        map_refund(&order, "r-full", &shop, today, "E-2024-1").unwrap(),
        RefundDocument::Storno {
            original_number: "E-2024-1".to_owned()
        }
    );
    let RefundDocument::Corrective(corrective) =
        map_refund(&order, "r-one", &shop, today, "E-2024-1").unwrap()
    else {
        panic!("a partial refund is a corrective invoice");
    };
    assert_eq!(
        corrective.kind,
        DocumentKind::Corrective {
            original_number: "E-2024-1".to_owned()
        }
    );
    assert_eq!(corrective.lines[0].quantity, dec!(-1));
    assert_eq!(corrective.totals().payable, dec!(-1270));
    let error = map_refund(&order, "r-vague", &settings(), today, "E-2024-1").unwrap_err();
    assert_eq!(error.path, "refunds[2].lines");
    let error = map_refund(&order, "nope", &settings(), today, "E-2024-1").unwrap_err();
    assert_eq!(error.path, "refunds");
}

#[test]
fn invalid_settings_are_refused_before_mapping() {
    let order = order(
        "HUF",
        vec![rate("1", dec!(27))],
        vec![item("Bögre", dec!(1), dec!(1000), dec!(270), "1")],
    );
    let mut settings = settings();
    settings.vat.domestic = Some("TEHK".to_owned());
    let error = map(&order, &settings, date(2024, 3, 2)).unwrap_err();
    assert_eq!(error.path, "settings.vat.domestic");
}
