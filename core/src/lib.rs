//! libinvoice core: webshop orders in, exact Hungarian invoice documents out.
//!
//! - [`order`]: the neutral webshop order and its readers (own JSON, WooCommerce REST JSON);
//! - [`settings`]: the shop's invoicing settings;
//! - [`mapping`]: `(order, settings) → InvoiceDocument`, exact and reconciled with what was paid;
//! - [`document`]: the invoice document every backend translates from;
//! - [`agent`]: the Számlázz.hu Számla Agent wire format, sans-IO;
//! - [`interop`]: the serde shapes the FFI faces (C, PHP) exchange with their hosts.

pub mod agent;
pub mod backend;
pub mod document;
pub mod error;
pub mod interop;
pub mod issuance;
pub mod mapping;
pub mod money;
pub mod order;
pub mod settings;
pub mod transport;

pub use document::InvoiceDocument;
pub use error::{MappingError, ReadError};
pub use mapping::map;
pub use order::Order;
pub use settings::ShopSettings;
