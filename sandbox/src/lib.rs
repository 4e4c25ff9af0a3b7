//! An offline stand-in for the Számlázz.hu Számla Agent.
//!
//! It takes the same `multipart/form-data` requests, validates them the way the service
//! does (structure and element order of the vendor schemas, credentials, prefixes, line
//! amounts, document links), keeps documents in memory (optionally in a JSON file),
//! answers in the service's shapes (`valaszVerzio` 1 and 2, `szlahu_*` headers, real PDFs),
//! and misbehaves on request (delays, dropped connections, lost answers, HTTP errors).
//!
//! The same server emulates PayBill ([`paybill`], at `/api/payment/`, issuing through the
//! Agent emulation) and Számlahegy ([`szamlahegy`], at `/api/v1/…`), with the same faults.
//!
//! ```no_run
//! use libinvoice_sandbox::{Config, Sandbox, ServerOptions, Service};
//!
//! let service = Service::new(Config::default(), None)?;
//! let sandbox = Sandbox::start(service, &ServerOptions::default())?;
//! println!("{}", sandbox.url());
//! sandbox.stop();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod amounts;
pub mod answer;
pub mod config;
mod documents;
pub mod faults;
pub mod http;
pub mod multipart;
pub mod paybill;
mod pdf;
pub mod schema;
mod server;
pub mod service;
pub mod state;
pub mod szamlahegy;
pub mod xml;

pub use config::{Config, DEMO_AGENT_KEY, STRICT_AGENT_KEY};
pub use faults::{Fault, FaultRule};
pub use http::{HttpRequest, HttpResponse};
pub use server::{Sandbox, ServerOptions};
pub use service::{Delivery, Exchange, Operation, Service};
