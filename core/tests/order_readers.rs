//! The order readers against the example orders in `examples/orders/`, and their error paths.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use libinvoice_core::order::{self, Order, woocommerce};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/orders")
}

fn example_text(name: &str) -> String {
    std::fs::read_to_string(examples_dir().join(name)).unwrap()
}

fn woocommerce_example(name: &str) -> Order {
    woocommerce::from_rest_json(&example_text(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn woocommerce_example_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| {
            name.starts_with("woocommerce-")
                && std::path::Path::new(name)
                    .extension()
                    .is_some_and(|extension| extension == "json")
        })
        .collect();
    names.sort();
    names
}

/// The basic example with one change applied, as WooCommerce JSON text.
fn basic_with(change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&example_text("woocommerce-basic.json")).unwrap();
    change(&mut value);
    value.to_string()
}

fn read_error(json: &str) -> (String, String) {
    let error = woocommerce::from_rest_json(json).unwrap_err();
    (error.path, error.reason)
}

/// The Hungarian tax number's 8th digit checks the first seven (weights 9, 7, 3, 1, 9, 7, 3).
fn hungarian_check_digit_is_valid(tax_number: &str) -> bool {
    let digits: Vec<u32> = tax_number
        .chars()
        .take(8)
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let sum: u32 = digits[..7]
        .iter()
        .zip([9, 7, 3, 1, 9, 7, 3])
        .map(|(digit, weight)| digit * weight)
        .sum();
    (10 - sum % 10) % 10 == digits[7]
}

#[test]
fn every_example_reads() {
    let names = woocommerce_example_names();
    assert_eq!(names.len(), 6, "{names:?}");
    for name in &names {
        woocommerce_example(name);
    }
    order::from_json(&example_text("own-schema.json")).unwrap();
}

#[test]
fn basic_order_reads_buyer_lines_totals_and_dates() {
    let order = woocommerce_example("woocommerce-basic.json");
    assert_eq!(order.id, "1842");
    assert_eq!(order.number, "1842");
    assert_eq!(order.status.as_deref(), Some("processing"));
    assert_eq!(order.currency.as_str(), "HUF");
    assert!(order.prices_include_tax);
    assert!(!order.vat_exempt);
    assert_eq!(
        order.created_at.unwrap().to_string(),
        "2024-03-01T10:15:00Z"
    );
    assert_eq!(order.paid_at.unwrap().to_string(), "2024-03-01T10:16:12Z");
    assert_eq!(order.completed_at, None);

    assert_eq!(order.payment_method.id, "stripe");
    assert_eq!(order.payment_method.title, "Bankkártya (Stripe)");
    assert_eq!(
        order.payment_method.transaction_id.as_deref(),
        Some("pi_3OpQ2kLkdIwHu7ix0aB1cD2e")
    );

    let buyer = &order.buyer;
    assert_eq!(buyer.invoice_name(), "Anna Kovács");
    assert_eq!(buyer.company, None);
    assert_eq!(buyer.tax_number, None);
    assert_eq!(buyer.email.as_deref(), Some("kovacs.anna@example.hu"));
    assert_eq!(buyer.billing_address.postcode, "1132");
    assert_eq!(buyer.billing_address.city, "Budapest");
    assert_eq!(buyer.billing_address.country, "HU");
    assert_eq!(buyer.billing_address.street(), "Váci út 12. 3. emelet 7.");
    let shipping_address = order.shipping_address.as_ref().unwrap();
    assert_eq!(shipping_address.name.as_deref(), Some("Anna Kovács"));
    assert_eq!(order.customer_note, None);

    assert_eq!(order.tax_rates.len(), 1);
    let rate = order.tax_rate("1").unwrap();
    assert_eq!(rate.rate_percent, dec!(27));
    assert_eq!(rate.label, "ÁFA 27%");

    assert_eq!(order.line_items.len(), 3);
    let mug = &order.line_items[1];
    assert_eq!(mug.name, "Kerámia bögre 3 dl");
    assert_eq!(mug.sku.as_deref(), Some("BOG-300"));
    assert_eq!(mug.quantity, dec!(2));
    assert_eq!(mug.tax_class, None);
    assert_eq!((mug.total, mug.total_tax), (dec!(5496), dec!(1484)));
    assert_eq!(mug.taxes.len(), 1);
    assert_eq!(mug.taxes[0].rate_id, "1");
    assert_eq!(mug.taxes[0].total, dec!(1484));
    assert_eq!(mug.taxes[0].subtotal, Some(dec!(1484)));

    let shipping = &order.shipping_lines[0];
    assert_eq!(shipping.method_id, "flat_rate");
    assert_eq!(shipping.method_title, "GLS házhozszállítás");
    assert_eq!(
        (shipping.total, shipping.total_tax),
        (dec!(1181), dec!(319))
    );
    assert_eq!(shipping.taxes[0].subtotal, None);

    assert_eq!(order.totals.total, dec!(21340));
    assert_eq!(order.totals.total_tax, dec!(4537));
    assert_eq!(order.totals.shipping_total, dec!(1181));
    assert_eq!(order.totals.shipping_tax, dec!(319));
    assert_eq!(order.totals.discount_total, Decimal::ZERO);
}

#[test]
fn mixed_rates_keep_every_rate_and_split_shipping_tax() {
    let order = woocommerce_example("woocommerce-mixed-rates.json");
    let rates: Vec<(&str, Decimal)> = order
        .tax_rates
        .iter()
        .map(|rate| (rate.id.as_str(), rate.rate_percent))
        .collect();
    assert_eq!(rates, [("1", dec!(27)), ("2", dec!(18)), ("3", dec!(5))]);

    let milk = &order.line_items[1];
    assert_eq!(milk.tax_class.as_deref(), Some("kedvezmenyes-18"));
    assert_eq!(milk.quantity, dec!(4));
    assert_eq!((milk.subtotal, milk.total), (dec!(1322), dec!(1190)));
    assert_eq!(milk.taxes[0].rate_id, "2");
    assert_eq!(milk.taxes[0].total, dec!(214));
    assert_eq!(milk.taxes[0].subtotal, Some(dec!(238)));

    let shipping_taxes: Vec<(&str, Decimal)> = order.shipping_lines[0]
        .taxes
        .iter()
        .map(|tax| (tax.rate_id.as_str(), tax.total))
        .collect();
    assert_eq!(
        shipping_taxes,
        [("1", dec!(220)), ("2", dec!(83)), ("3", dec!(11))]
    );

    assert_eq!(order.coupon_lines.len(), 1);
    assert_eq!(order.coupon_lines[0].code, "tavasz10");
    assert_eq!(order.coupon_lines[0].discount, dec!(432));
    assert_eq!(order.coupon_lines[0].discount_tax, dec!(91));
    assert_eq!(order.totals.discount_total, dec!(432));
    assert_eq!(order.totals.discount_tax, dec!(91));
    assert_eq!(order.totals.total, dec!(6521));
}

#[test]
fn company_order_reads_tax_number_and_refund() {
    let order = woocommerce_example("woocommerce-company.json");
    let buyer = &order.buyer;
    assert_eq!(buyer.company.as_deref(), Some("Példa Kereskedelmi Kft."));
    assert_eq!(buyer.invoice_name(), "Példa Kereskedelmi Kft.");
    assert_eq!(buyer.tax_number.as_deref(), Some("26147859-2-09"));
    assert!(hungarian_check_digit_is_valid("26147859-2-09"));
    assert_eq!(buyer.eu_vat_number, None);
    assert!(!order.prices_include_tax);

    let shipping_address = order.shipping_address.as_ref().unwrap();
    assert_eq!(
        shipping_address.name.as_deref(),
        Some("Példa Kereskedelmi Kft., Gábor Szabó")
    );
    assert_eq!(shipping_address.street(), "Határ út 3. Raktár B");
    assert_eq!(
        order.customer_note.as_deref(),
        Some("Kérjük a számlára a PO-2024-118 rendelésszámot is írják rá.")
    );
    assert_eq!(order.payment_method.transaction_id, None);
    assert_eq!(
        order.completed_at.unwrap().to_string(),
        "2024-05-08T12:05:10Z"
    );

    assert_eq!(order.totals.total, dec!(137795.00));
    assert_eq!(order.totals.total.to_string(), "137795.00");
    assert_eq!(order.refunds.len(), 1);
    let refund = &order.refunds[0];
    assert_eq!(refund.id, "2031");
    assert_eq!(refund.amount, dec!(1270.00));
    assert_eq!(
        refund.reason.as_deref(),
        Some("Sérült termék (1 db kábelrendező)")
    );
    assert!(refund.lines.is_empty());
}

#[test]
fn eu_company_is_vat_exempt_with_untaxed_lines() {
    let order = woocommerce_example("woocommerce-eu-company.json");
    assert!(order.vat_exempt);
    assert_eq!(order.buyer.eu_vat_number.as_deref(), Some("DE129273398"));
    assert_eq!(order.buyer.tax_number, None);
    assert_eq!(order.buyer.billing_address.country, "DE");
    assert_eq!(order.buyer.billing_address.city, "München");
    assert!(order.tax_rates.is_empty());
    for line in &order.line_items {
        assert!(line.taxes.is_empty(), "{}", line.name);
        assert_eq!(line.total_tax, Decimal::ZERO);
    }
    assert!(order.shipping_lines[0].taxes.is_empty());
    assert_eq!(order.totals.total, dec!(45000));
    assert_eq!(order.totals.total_tax, Decimal::ZERO);
}

#[test]
fn eur_order_keeps_cents_and_unrounded_rate_taxes() {
    let order = woocommerce_example("woocommerce-eur.json");
    assert_eq!(order.currency.as_str(), "EUR");
    assert_eq!(order.locale.as_deref(), Some("hu"));
    // WooCommerce sent an all-empty `shipping` object: nothing ships to a separate address.
    assert_eq!(order.shipping_address, None);
    assert_eq!(order.line_items[0].total, dec!(39.90));
    assert_eq!(order.line_items[0].total_tax, dec!(10.77));
    // With "round at subtotal" WooCommerce keeps the per-rate taxes unrounded.
    assert_eq!(order.line_items[0].taxes[0].total, dec!(10.773));
    assert_eq!(order.shipping_lines[0].taxes[0].total, dec!(1.3473));
    assert_eq!(order.totals.total, dec!(85.55));
    assert_eq!(order.totals.total_tax, dec!(18.19));
    assert_eq!(
        order.payment_method.transaction_id.as_deref(),
        Some("8AB12345CD678901E")
    );
}

#[test]
fn fee_and_kg_order_keeps_decimal_quantity_fees_and_names() {
    let order = woocommerce_example("woocommerce-fee-and-kg.json");
    let cheese = &order.line_items[0];
    assert_eq!(cheese.quantity, dec!(0.5));
    assert_eq!(cheese.name, "Trappista sajt \"Őrségi\" & <füstölt>");
    assert_eq!(order.line_items[1].name, "Tönkölyliszt 'Ősi' – ŐŰ őűáéíóú");
    assert_eq!(order.buyer.first_name, "Ödön");
    assert_eq!(order.buyer.last_name, "Kőházi-Szűcs");
    assert_eq!(
        order.buyer.billing_address.address_1,
        "Fő utca 1. \"B\" ép."
    );
    assert_eq!(order.buyer.phone, None);
    assert_eq!(
        order.customer_note.as_deref(),
        Some("Kérem, csengessen kétszer! <3 & köszönöm")
    );
    assert_eq!(order.paid_at, None);
    // 01:30 in Budapest on 27 October is still the 26th in UTC.
    assert_eq!(
        order.created_at.unwrap().to_string(),
        "2024-10-26T23:30:00Z"
    );

    assert_eq!(order.fee_lines.len(), 2);
    let cod_fee = &order.fee_lines[0];
    assert_eq!(cod_fee.name, "Utánvét díja");
    assert_eq!((cod_fee.total, cod_fee.total_tax), (dec!(400), dec!(108)));
    let discount_fee = &order.fee_lines[1];
    assert_eq!(discount_fee.name, "Törzsvásárlói kedvezmény & <ajándék>");
    assert_eq!(discount_fee.tax_class, None);
    assert_eq!(discount_fee.total, dec!(-500));
    assert_eq!(discount_fee.total_tax, dec!(-116));
    let spread: Vec<(&str, Decimal, Option<Decimal>)> = discount_fee
        .taxes
        .iter()
        .map(|tax| (tax.rate_id.as_str(), tax.total, tax.subtotal))
        .collect();
    assert_eq!(spread, [("1", dec!(-79), None), ("2", dec!(-37), None)]);
    assert_eq!(order.totals.total, dec!(6119));
}

#[test]
fn own_schema_example_reads_and_round_trips() {
    let order = order::from_json(&example_text("own-schema.json")).unwrap();
    assert_eq!(order.id, "shop-7/order/3150");
    assert_eq!(order.locale.as_deref(), Some("hu_HU"));
    assert_eq!(order.paid_at.unwrap().to_string(), "2024-12-05T09:31:15Z");
    assert_eq!(order.line_items[0].quantity, dec!(4));
    assert_eq!(order.line_items[1].unit.as_deref(), Some("csomag"));
    assert_eq!(order.tax_rate("3").unwrap().rate_percent, dec!(5));
    assert_eq!(order.refunds[0].amount, dec!(1190));
    assert_eq!(order.refunds[0].lines[0].taxes[0].total, dec!(57));
    assert_eq!(order.totals.total, dec!(6150));
    assert_eq!(paid_by_lines(&order), order.totals.total);

    let written = serde_json::to_string(&order).unwrap();
    assert_eq!(order::from_json(&written).unwrap(), order);
}

/// What the lines charge: product lines, shipping and fees, each with its tax.
fn paid_by_lines(order: &Order) -> Decimal {
    let products: Decimal = order
        .line_items
        .iter()
        .map(|line| line.total + line.total_tax)
        .sum();
    let shipping: Decimal = order
        .shipping_lines
        .iter()
        .map(|line| line.total + line.total_tax)
        .sum();
    let fees: Decimal = order
        .fee_lines
        .iter()
        .map(|line| line.total + line.total_tax)
        .sum();
    products + shipping + fees
}

/// DOMAIN.md §4: with "round at subtotal" lines plus taxes may miss the total by one minor unit.
#[test]
fn woocommerce_examples_add_up_to_what_was_paid() {
    for name in woocommerce_example_names() {
        let order = woocommerce_example(&name);
        let tolerance = order.currency.minor_unit();
        let difference = (paid_by_lines(&order) - order.totals.total).abs();
        assert!(
            difference <= tolerance,
            "{name}: lines add up to {}, order total {}",
            paid_by_lines(&order),
            order.totals.total
        );

        let line_taxes: Decimal = order
            .line_items
            .iter()
            .map(|line| line.total_tax)
            .chain(order.shipping_lines.iter().map(|line| line.total_tax))
            .chain(order.fee_lines.iter().map(|line| line.total_tax))
            .sum();
        assert!(
            (line_taxes - order.totals.total_tax).abs() <= tolerance,
            "{name}: line taxes {line_taxes}, order total_tax {}",
            order.totals.total_tax
        );

        let shipping: Decimal = order.shipping_lines.iter().map(|line| line.total).sum();
        assert_eq!(shipping, order.totals.shipping_total, "{name}");
    }
}

/// Every rate's share over all lines matches the example's `tax_lines[]` totals, and every tax
/// entry refers to a rate the order declares.
#[test]
fn woocommerce_examples_tax_per_rate_matches_tax_lines() {
    for name in woocommerce_example_names() {
        let order = woocommerce_example(&name);
        let raw: Value = serde_json::from_str(&example_text(&name)).unwrap();
        let tolerance = order.currency.minor_unit();
        let entries = order
            .line_items
            .iter()
            .flat_map(|line| &line.taxes)
            .chain(order.shipping_lines.iter().flat_map(|line| &line.taxes))
            .chain(order.fee_lines.iter().flat_map(|line| &line.taxes));
        for entry in entries.clone() {
            assert!(
                order.tax_rate(&entry.rate_id).is_some(),
                "{name}: rate {}",
                entry.rate_id
            );
        }
        for tax_line in raw["tax_lines"].as_array().unwrap() {
            let rate_id = tax_line["rate_id"].to_string();
            let declared =
                decimal(&tax_line["tax_total"]) + decimal(&tax_line["shipping_tax_total"]);
            let charged: Decimal = entries
                .clone()
                .filter(|entry| entry.rate_id == rate_id)
                .map(|entry| entry.total)
                .sum();
            assert!(
                (declared - charged).abs() <= tolerance,
                "{name}: rate {rate_id} declares {declared}, lines charge {charged}"
            );
        }
    }
}

fn decimal(value: &Value) -> Decimal {
    value.as_str().unwrap().parse().unwrap()
}

/// Once an administrator saves an order's items (any save of the edit screen), WooCommerce keeps
/// an empty tax amount for every other rate of the order on every line, and the REST API lists
/// them (`{"id": 2, "total": "", "subtotal": ""}`); they are rates the line does not use.
#[test]
fn empty_tax_amounts_of_unused_rates_are_left_out() {
    let plain = woocommerce_example("woocommerce-mixed-rates.json");
    let edited = woocommerce::from_rest_json(
        &{
            let mut value: Value =
                serde_json::from_str(&example_text("woocommerce-mixed-rates.json")).unwrap();
            let rate_ids: Vec<Value> = value["tax_lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|line| line["rate_id"].clone())
                .collect();
            for lines in ["line_items", "shipping_lines", "fee_lines"] {
                for line in value[lines].as_array_mut().unwrap() {
                    let taxes = line["taxes"].as_array_mut().unwrap();
                    for rate_id in &rate_ids {
                        if !taxes.iter().any(|tax| &tax["id"] == rate_id) {
                            taxes.insert(0, json!({"id": rate_id, "total": "", "subtotal": ""}));
                        }
                    }
                }
            }
            value
        }
        .to_string(),
    )
    .unwrap();
    assert_eq!(edited, plain);
}

#[test]
fn float_money_is_refused_with_its_path() {
    let (path, reason) = read_error(&basic_with(|order| {
        order["line_items"][0]["total"] = json!(12.5);
    }));
    assert_eq!(path, "line_items[0].total");
    assert!(reason.contains("floating-point"), "{reason}");

    let (path, _) = read_error(&basic_with(|order| order["total"] = json!(21340.0)));
    assert_eq!(path, "total");

    let (path, _) = read_error(&basic_with(|order| {
        order["shipping_lines"][0]["taxes"][0]["total"] = json!(319.5);
    }));
    assert_eq!(path, "shipping_lines[0].taxes[0].total");

    let (path, _) = read_error(&basic_with(|order| {
        order["refunds"] = json!([{"id": 9, "reason": "", "total": -1.5}]);
    }));
    assert_eq!(path, "refunds[0].total");

    // A float is as wrong in a line tax's subtotal as anywhere else.
    let (path, _) = read_error(&basic_with(|order| {
        order["line_items"][2]["taxes"][0]["subtotal"] = json!(822.76);
    }));
    assert_eq!(path, "line_items[2].taxes[0].subtotal");
}

#[test]
fn missing_required_fields_name_where_they_are_missing() {
    let (path, reason) = read_error(&basic_with(|order| {
        order["line_items"][1]
            .as_object_mut()
            .unwrap()
            .remove("total");
    }));
    assert_eq!(path, "line_items[1]");
    assert!(reason.contains("missing field `total`"), "{reason}");

    let (path, reason) = read_error(&basic_with(|order| {
        order.as_object_mut().unwrap().remove("currency");
    }));
    assert_eq!(path, ".");
    assert!(reason.contains("missing field `currency`"), "{reason}");

    let (path, reason) = read_error(&basic_with(|order| {
        order["tax_lines"][0]
            .as_object_mut()
            .unwrap()
            .remove("rate_percent");
    }));
    assert_eq!(path, "tax_lines[0]");
    assert!(reason.contains("rate_percent"), "{reason}");
}

#[test]
fn wrong_types_name_their_field() {
    type Change = fn(&mut Value);
    let cases: [(Change, &str); 7] = [
        (
            |o| o["line_items"][0]["quantity"] = json!(true),
            "line_items[0].quantity",
        ),
        (|o| o["line_items"] = json!({}), "line_items"),
        (
            |o| o["line_items"][2]["total_tax"] = json!("sok"),
            "line_items[2].total_tax",
        ),
        (|o| o["currency"] = json!("forint"), "currency"),
        (|o| o["date_paid_gmt"] = json!("tegnap"), "date_paid_gmt"),
        (
            |o| o["tax_lines"][0]["rate_percent"] = json!("huszonhét"),
            "tax_lines[0].rate_percent",
        ),
        (
            |o| o["billing"]["city"] = json!(["Budapest"]),
            "billing.city",
        ),
    ];
    for (change, expected_path) in cases {
        let (path, reason) = read_error(&basic_with(change));
        assert_eq!(path, expected_path, "{reason}");
        assert!(!reason.is_empty());
    }
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    assert!(woocommerce::from_rest_json("").is_err());
    assert!(woocommerce::from_rest_json("{\"id\": 1,").is_err());
    assert!(woocommerce::from_rest_json("[]").is_err());
    let (path, _) = read_error(&format!("{} trailing", basic_with(|_| {})));
    assert_eq!(path, ".");
}

#[test]
fn rate_percent_is_read_exactly_from_integers_floats_and_strings() {
    for (written, expected) in [
        (json!(27), dec!(27)),
        (json!(5.5), dec!(5.5)),
        (json!(0.1), dec!(0.1)),
        (json!(7.7), dec!(7.7)),
        (json!("18"), dec!(18)),
        (json!("5.5"), dec!(5.5)),
    ] {
        let order = woocommerce::from_rest_json(&basic_with(|order| {
            order["tax_lines"][0]["rate_percent"] = written.clone();
        }))
        .unwrap();
        let read = order.tax_rates[0].rate_percent;
        assert_eq!(read, expected, "{written}");
        assert_eq!(read.to_string(), expected.to_string(), "{written}");
    }
}

#[test]
fn quantities_come_as_integers_or_decimal_strings() {
    for (written, expected) in [
        (json!(3), dec!(3)),
        (json!("0.5"), dec!(0.5)),
        (json!("1.25"), dec!(1.25)),
        // A decimal-quantity plugin may make WooCommerce emit a float.
        (json!(0.5), dec!(0.5)),
    ] {
        let order = woocommerce::from_rest_json(&basic_with(|order| {
            order["line_items"][0]["quantity"] = written.clone();
        }))
        .unwrap();
        assert_eq!(order.line_items[0].quantity, expected, "{written}");
    }
}

#[test]
fn ids_may_be_integers_or_strings() {
    let order = woocommerce::from_rest_json(&basic_with(|order| {
        order["id"] = json!("1842");
        order["number"] = json!(1842);
        order["tax_lines"][0]["rate_id"] = json!("1");
        order["line_items"][0]["taxes"][0]["id"] = json!("1");
    }))
    .unwrap();
    assert_eq!(order.id, "1842");
    assert_eq!(order.number, "1842");
    assert_eq!(order.tax_rates[0].id, "1");
    assert_eq!(order.line_items[0].taxes[0].rate_id, "1");

    let (path, _) = read_error(&basic_with(|order| order["id"] = json!(null)));
    assert_eq!(path, "id");
}

#[test]
fn tax_numbers_are_sorted_from_meta() {
    let with_meta = |entries: Value| {
        woocommerce::from_rest_json(&basic_with(|order| order["meta_data"] = entries)).unwrap()
    };

    let order = with_meta(json!([{"id": 1, "key": "adoszam", "value": "26147859209"}]));
    assert_eq!(order.buyer.tax_number.as_deref(), Some("26147859-2-09"));

    let order = with_meta(json!([
        {"id": 1, "key": "_billing_vat_number", "value": " hu 26147859 "},
        {"id": 2, "key": "billing_tax_number", "value": "26147859-2-09"},
        {"id": 3, "key": "vat_number", "value": "DE129273398"},
    ]));
    assert_eq!(order.buyer.eu_vat_number.as_deref(), Some("HU26147859"));
    assert_eq!(order.buyer.tax_number.as_deref(), Some("26147859-2-09"));

    // Any JSON may sit in meta values; unrelated or structured ones are skipped.
    let order = with_meta(json!([
        {"id": 1, "key": "_wcpdf_invoice_settings", "value": {"a": [1, 2.5, {"b": null}]}},
        {"id": 2, "key": "_billing_tax_number", "value": ""},
        {"id": 3, "key": "is_vat_exempt", "value": true},
        {"id": 4, "key": "_locale", "value": "de_DE"},
        {"id": 5, "key": "_some_float", "value": 12.5},
    ]));
    assert_eq!(order.buyer.tax_number, None);
    assert!(order.vat_exempt);
    assert_eq!(order.locale.as_deref(), Some("de_DE"));
}

#[test]
fn timestamps_accept_gmt_offsets_and_null() {
    let order = woocommerce::from_rest_json(&basic_with(|order| {
        order["date_created_gmt"] = json!("2024-03-01T10:15:00Z");
        order["date_paid_gmt"] = json!(null);
        order.as_object_mut().unwrap().remove("date_completed_gmt");
    }))
    .unwrap();
    assert_eq!(
        order.created_at.unwrap().to_string(),
        "2024-03-01T10:15:00Z"
    );
    assert_eq!(order.paid_at, None);
    assert_eq!(order.completed_at, None);
}

#[test]
fn a_forty_line_order_reads() {
    let json = basic_with(|order| {
        let line = order["line_items"][0].clone();
        order["line_items"] = Value::Array(vec![line; 40]);
    });
    let order = woocommerce::from_rest_json(&json).unwrap();
    assert_eq!(order.line_items.len(), 40);
}
