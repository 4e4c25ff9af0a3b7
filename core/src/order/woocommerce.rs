//! Reader for WooCommerce REST API v3 order JSON (`/wp-json/wc/v3/orders/<id>`).

use super::Order;
use crate::error::ReadError;

/// Reads an order exactly as WooCommerce's REST API emits it.
pub fn from_rest_json(json: &str) -> Result<Order, ReadError> {
    let _ = json;
    todo!("WooCommerce REST reader")
}
