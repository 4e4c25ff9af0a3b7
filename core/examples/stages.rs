//! `core/benches/instructions.sh` (part of `make bench`): runs one stage of the benchmark
//! pipeline N times, so that callgrind's instruction counts (repeatable whatever else the
//! machine does) can be taken per stage: (count at N) − (count at 0), divided by N.
//!
//! Usage: stages STAGE N, where STAGE is one of `map-encode-20`, `map-20`, `encode-20`,
//! `oracle-20` (szamlazz-agent writing the same request), `parse-40`, `map-encode-40`,
//! `parse-map-encode-40` (the whole pipeline, so map + encode can also be counted as its
//! difference from `parse-40`).
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
#![recursion_limit = "256"]

#[path = "../tests/common/oracle.rs"]
mod oracle;
#[path = "../benches/support/orders.rs"]
mod orders;

use std::hint::black_box;

use libinvoice_core::agent::{Credentials, create_invoice};
use libinvoice_core::mapping::map;
use libinvoice_core::order::woocommerce::from_rest_json;
use orders::{ISSUE_DATE, options, settings, woocommerce_order};
use szamlazz_agent::wire::AgentRequest as _;

fn main() {
    let mut args = std::env::args().skip(1);
    let stage = args.next().expect("a stage name");
    let runs: usize = args.next().expect("a run count").parse().expect("a number");
    let lines = if stage.ends_with("-40") { 40 } else { 20 };
    let json = woocommerce_order(lines);
    let order = from_rest_json(&json).unwrap();
    let settings = settings();
    let options = options();
    let credentials = Credentials::agent_key("bench-key");
    // Built before the loop, so the counts at N = 0 include it and the difference does not.
    let document = map(&order, &settings, ISSUE_DATE).unwrap();
    let oracle_request = oracle::to_oracle(&document, &options);
    let oracle_credentials = szamlazz_agent::Credentials::agent_key("bench-key");
    for _ in 0..runs {
        match stage.as_str() {
            "map-encode-20" | "map-encode-40" => {
                let document = map(black_box(&order), &settings, ISSUE_DATE).unwrap();
                black_box(create_invoice(&document, &credentials, &options).unwrap());
            }
            "map-20" => {
                black_box(map(black_box(&order), &settings, ISSUE_DATE).unwrap());
            }
            "encode-20" => {
                black_box(create_invoice(black_box(&document), &credentials, &options).unwrap());
            }
            "oracle-20" => {
                black_box(
                    black_box(&oracle_request)
                        .to_wire(&oracle_credentials)
                        .unwrap(),
                );
            }
            "parse-40" => {
                black_box(from_rest_json(black_box(&json)).unwrap());
            }
            "parse-map-encode-40" => {
                let order = from_rest_json(black_box(&json)).unwrap();
                let document = map(&order, &settings, ISSUE_DATE).unwrap();
                black_box(create_invoice(&document, &credentials, &options).unwrap());
            }
            other => panic!("unknown stage {other}"),
        }
    }
}
