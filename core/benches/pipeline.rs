//! The two figures of docs/benchmarks.md:
//! - a typed 20-line order → invoice document → Számla Agent request bytes, beside the
//!   `szamlazz-agent` crate writing the request for the same invoice;
//! - a 40-line WooCommerce REST order JSON → request bytes, with the parse alone (and a generic
//!   `serde_json::Value` parse, the floor the issue names) and map + encode alone reported
//!   separately.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
#![recursion_limit = "256"]

#[path = "../tests/common/oracle.rs"]
mod oracle;
#[path = "support/orders.rs"]
mod orders;

use orders::{ISSUE_DATE, options, settings, woocommerce_order};

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use libinvoice_core::agent::{Credentials, create_invoice};
use libinvoice_core::mapping::map;
use libinvoice_core::order::Order;
use libinvoice_core::order::woocommerce::from_rest_json;
use libinvoice_core::settings::ShopSettings;
use szamlazz_agent::wire::AgentRequest as _;

fn request_bytes(order: &Order, settings: &ShopSettings, credentials: &Credentials) -> Vec<u8> {
    let document = map(order, settings, ISSUE_DATE).unwrap();
    create_invoice(&document, credentials, &options())
        .unwrap()
        .body
}

fn typed_order_to_request(c: &mut Criterion) {
    let order = from_rest_json(&woocommerce_order(20)).unwrap();
    let settings = settings();
    let credentials = Credentials::agent_key("bench-key");
    let document = map(&order, &settings, ISSUE_DATE).unwrap();
    let oracle_request = oracle::to_oracle(&document, &options());
    let oracle_credentials = szamlazz_agent::Credentials::agent_key("bench-key");

    let mut group = c.benchmark_group("typed 20-line order → Agent request");
    group.bench_function("libinvoice: map + encode", |b| {
        b.iter(|| request_bytes(black_box(&order), &settings, &credentials));
    });
    group.bench_function("szamlazz-agent: encode the same invoice", |b| {
        b.iter(|| {
            black_box(&oracle_request)
                .to_wire(&oracle_credentials)
                .unwrap()
        });
    });
    group.finish();
}

fn woocommerce_json_to_request(c: &mut Criterion) {
    let json = woocommerce_order(40);
    let settings = settings();
    let credentials = Credentials::agent_key("bench-key");
    let mut group = c.benchmark_group("WooCommerce REST 40-line order JSON → Agent request");
    group.bench_function("serde_json::Value parse (reference floor)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap());
    });
    group.bench_function("libinvoice: parse", |b| {
        b.iter(|| from_rest_json(black_box(&json)).unwrap());
    });
    let order = from_rest_json(&json).unwrap();
    group.bench_function("libinvoice: map + encode (order parsed beforehand)", |b| {
        b.iter(|| request_bytes(black_box(&order), &settings, &credentials));
    });
    group.bench_function("libinvoice: parse + map + encode", |b| {
        b.iter(|| {
            request_bytes(
                &from_rest_json(black_box(&json)).unwrap(),
                &settings,
                &credentials,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, typed_order_to_request, woocommerce_json_to_request);
criterion_main!(benches);
