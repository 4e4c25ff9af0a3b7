//! Property tests over random orders priced the way WooCommerce prices them: the mapping either
//! produces a document whose every line is consistent and whose payable total is what the buyer
//! paid, or refuses the order — and it refuses only orders whose total their lines cannot explain.

mod common;

use common::{fee, item, order, rate, recompute_totals, shipping, tax};
use jiff::civil::date;
use libinvoice_core::document::VatRate;
use libinvoice_core::mapping::{map, max_payable_correction};
use libinvoice_core::money::{Currency, round_half_away};
use libinvoice_core::order::{LineItem, Order};
use libinvoice_core::settings::{RoundingPolicy, ShopSettings};
use proptest::prelude::*;
use rust_decimal::Decimal;

const RATES: [(&str, u32); 3] = [("27", 27), ("18", 18), ("5", 5)];

#[derive(Debug, Clone)]
struct LineSpec {
    rate: usize,
    quantity: Decimal,
    unit_price_minor: i64,
}

#[derive(Debug, Clone)]
struct OrderSpec {
    eur: bool,
    store_decimals: u32,
    prices_include_tax: bool,
    lines: Vec<LineSpec>,
    shipping: Option<(i64, Vec<usize>)>,
    fee: Option<(i64, usize)>,
    company: bool,
    policy: RoundingPolicy,
    /// How many minor units the shop's total is off the sum of its lines.
    total_drift: i64,
}

fn quantity() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..=12).prop_map(Decimal::from),
        prop::sample::select(vec![
            Decimal::new(5, 1),
            Decimal::new(15, 1),
            Decimal::new(25, 2),
            Decimal::new(275, 2),
            Decimal::new(1333, 3),
        ]),
    ]
}

fn line() -> impl Strategy<Value = LineSpec> {
    (0..RATES.len(), quantity(), 1i64..200_000).prop_map(|(rate, quantity, unit_price_minor)| {
        LineSpec {
            rate,
            quantity,
            unit_price_minor,
        }
    })
}

fn order_spec() -> impl Strategy<Value = OrderSpec> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(line(), 1..8),
        prop::option::of((1i64..300_000, prop::collection::vec(0..RATES.len(), 1..=2))),
        prop::option::of((-50_000i64..50_000, 0..RATES.len())),
        any::<bool>(),
        prop::sample::select(vec![
            RoundingPolicy::Auto,
            RoundingPolicy::NetFirst,
            RoundingPolicy::GrossFirst,
        ]),
        prop_oneof![8 => Just(0i64), 3 => -1i64..=1, 1 => prop_oneof![-500i64..-50, 50i64..500]],
    )
        .prop_map(
            |(
                eur,
                two_store_decimals,
                prices_include_tax,
                lines,
                shipping,
                fee,
                company,
                policy,
                total_drift,
            )| {
                OrderSpec {
                    eur,
                    store_decimals: if eur || two_store_decimals { 2 } else { 0 },
                    prices_include_tax,
                    lines,
                    shipping: shipping.map(|(net, mut rates)| {
                        rates.dedup();
                        (net, rates)
                    }),
                    fee: fee.filter(|(amount, _)| *amount != 0),
                    company,
                    policy,
                    total_drift,
                }
            },
        )
}

/// Prices one product line as WooCommerce does: the line is priced first (gross when prices
/// include tax), the tax rounded to the store's decimals, and the rest is the net.
fn priced_item(
    spec: &LineSpec,
    minor: Decimal,
    decimals: u32,
    inclusive: bool,
    index: usize,
) -> LineItem {
    let (rate_id, percent) = RATES[spec.rate];
    let percent = Decimal::from(percent);
    let amount = round_half_away(
        Decimal::from(spec.unit_price_minor) * minor * spec.quantity,
        decimals,
    );
    let (net, tax_amount) = if inclusive {
        let tax_amount = round_half_away(
            amount * percent / (Decimal::ONE_HUNDRED + percent),
            decimals,
        );
        (amount - tax_amount, tax_amount)
    } else {
        (
            amount,
            round_half_away(amount * percent / Decimal::ONE_HUNDRED, decimals),
        )
    };
    item(
        &format!("Termék #{index} & <társai>"),
        spec.quantity,
        net,
        tax_amount,
        rate_id,
    )
}

fn build(spec: &OrderSpec) -> Order {
    let currency = if spec.eur { "EUR" } else { "HUF" };
    let minor = if spec.eur {
        Decimal::new(1, 2)
    } else {
        Decimal::ONE
    };
    let decimals = spec.store_decimals;
    let rates = RATES
        .iter()
        .map(|(id, p)| rate(id, Decimal::from(*p)))
        .collect();
    let items = spec
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| priced_item(line, minor, decimals, spec.prices_include_tax, index))
        .collect();
    let mut order = order(currency, rates, items);
    if let Some((net_minor, rate_indexes)) = &spec.shipping {
        let net = Decimal::from(*net_minor) * minor;
        // A split-tax plugin shares the net out by the items' value and taxes each share.
        let share = round_half_away(net / Decimal::from(rate_indexes.len()), decimals);
        let taxes = rate_indexes
            .iter()
            .enumerate()
            .map(|(position, &index)| {
                let part = if position + 1 == rate_indexes.len() {
                    net - share * Decimal::from(position)
                } else {
                    share
                };
                let (id, percent) = RATES[index];
                tax(
                    id,
                    round_half_away(
                        part * Decimal::from(percent) / Decimal::ONE_HUNDRED,
                        decimals,
                    ),
                )
            })
            .collect();
        order.shipping_lines.push(shipping("Futár", net, taxes));
    }
    if let Some((amount_minor, index)) = spec.fee {
        let net = Decimal::from(amount_minor) * minor;
        let (id, percent) = RATES[index];
        let tax_amount = round_half_away(
            net * Decimal::from(percent) / Decimal::ONE_HUNDRED,
            decimals,
        );
        order
            .fee_lines
            .push(fee("Kezelési díj", net, vec![tax(id, tax_amount)]));
    }
    if spec.company {
        order.buyer.company = Some("Minta Kft.".to_owned());
        order.buyer.tax_number = Some("12345676-2-41".to_owned());
    }
    recompute_totals(&mut order);
    order.totals.total =
        round_half_away(order.totals.total, decimals) + Decimal::from(spec.total_drift) * minor;
    order
}

fn settings(policy: RoundingPolicy) -> ShopSettings {
    let mut settings = ShopSettings::new("prop-shop");
    settings.rounding = policy;
    settings
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn documents_reconcile_or_the_order_is_refused(spec in order_spec()) {
        let order = build(&spec);
        let currency: &Currency = &order.currency;
        let settings = settings(spec.policy);
        let result = map(&order, &settings, date(2024, 6, 1));
        let document = match result {
            Ok(document) => document,
            Err(error) => {
                // Only an order whose total is far from its lines may be refused, and it must
                // say so on the total.
                prop_assert!(spec.total_drift.abs() >= 50, "refused a consistent order: {error}");
                prop_assert_eq!(error.path.as_str(), "totals.total");
                return Ok(());
            }
        };
        prop_assert!(spec.total_drift.abs() < 50, "accepted a total its lines do not explain");
        let net_first = match spec.policy {
            RoundingPolicy::NetFirst => true,
            RoundingPolicy::GrossFirst => false,
            RoundingPolicy::Auto => spec.company,
        };
        for line in &document.lines {
            prop_assert_eq!(line.net + line.vat, line.gross);
            for amount in [line.net, line.vat, line.gross] {
                prop_assert_eq!(currency.round(amount), amount, "{} has more decimals than {}", amount, currency);
            }
            prop_assert_eq!(currency.round(line.unit_net_price * line.quantity), line.net);
            let percent = match &line.vat_rate {
                VatRate::Percent(percent) => *percent,
                VatRate::Code(code) => { prop_assert!(false, "unexpected code {}", code); unreachable!() }
            };
            let expected_vat = if net_first {
                currency.round(line.net * percent / Decimal::ONE_HUNDRED)
            } else {
                currency.round(line.gross * percent / (Decimal::ONE_HUNDRED + percent))
            };
            prop_assert_eq!(line.vat, expected_vat);
        }
        let totals = document.totals();
        prop_assert_eq!(totals.payable, order.totals.total);
        let correction = document.header.payable_correction.unwrap_or_default();
        prop_assert!(correction.abs() <= max_payable_correction(document.lines.len(), *currency));
    }
}
