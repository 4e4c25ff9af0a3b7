//! PHP values ⇄ the JSON the core reads and writes. Inputs may be PHP arrays or JSON strings;
//! outputs are PHP arrays. Amounts are decimal strings or ints. A PHP float is passed on as a
//! JSON float, which the core refuses wherever it reads an amount (with the field's path): a
//! binary float cannot hold most decimal fractions (0.1 + 0.2 != 0.3), and an invoice must
//! carry exactly the amount the shop meant. Floats in fields the core ignores (WooCommerce's
//! `price`) pass harmlessly. A PHP list becomes a JSON array and any other array an object, as
//! `json_encode` does; an empty array is a JSON array.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::Error;

/// The argument `root` as JSON text: a string is taken as JSON already; an array is encoded by
/// PHP's own `json_encode` (floats keep their fraction, so the core can refuse them by path).
/// `root` names the argument in paths (`""` for the order, the root of every mapping path).
pub fn json_text(root: &str, value: &Zval) -> Result<String, Error> {
    const FLAGS: i64 =
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;
    let value = value.dereference();
    if let Some(text) = value.str() {
        return Ok(text.to_owned());
    }
    if !value.is_array() {
        return Err(Error::mapping(
            root_name(root),
            format!(
                "expected an array or a JSON string, got {}",
                value.get_type()
            ),
        ));
    }
    let encoded = php_function("json_encode")?
        .try_call(vec![value, &FLAGS])
        .map_err(|error| internal(&error))?;
    match encoded.str() {
        Some(text) => Ok(text.to_owned()),
        None => Err(Error::mapping(root_name(root), json_error()?)),
    }
}

// `ext/json`'s flag values, fixed by PHP.
const JSON_UNESCAPED_SLASHES: i64 = 64;
const JSON_UNESCAPED_UNICODE: i64 = 256;
const JSON_PRESERVE_ZERO_FRACTION: i64 = 1024;

fn php_function(name: &str) -> Result<ZendCallable<'static>, Error> {
    ZendCallable::try_from_name(name).map_err(|error| internal(&error))
}

/// Why the last `json_encode` failed (a NaN or INF float, a resource, a recursive array).
fn json_error() -> Result<String, Error> {
    let message = php_function("json_last_error_msg")?
        .try_call(vec![])
        .map_err(|error| internal(&error))?;
    Ok(message.str().unwrap_or("not encodable as JSON").to_owned())
}

/// The argument `root` (an array or a JSON string) read into one of the core's serde shapes.
pub fn read<T: DeserializeOwned>(root: &str, value: &Zval) -> Result<T, Error> {
    libinvoice_core::interop::read(&json_text(root, value)?)
        .map_err(|error| Error::unreadable(root, error))
}

fn root_name(root: &str) -> &str {
    if root.is_empty() { "order" } else { root }
}

/// Converts a core value (a struct or map in serde terms) to a PHP array.
pub fn to_php_array(value: &impl Serialize) -> Result<ZBox<ZendHashTable>, Error> {
    match serde_json::to_value(value) {
        Ok(Value::Object(fields)) => object_to_array(fields),
        Ok(other) => Err(Error::Internal(format!(
            "an answer is not an object but {other}"
        ))),
        Err(error) => Err(Error::Internal(format!(
            "an answer cannot be represented: {error}"
        ))),
    }
}

fn object_to_array(fields: Map<String, Value>) -> Result<ZBox<ZendHashTable>, Error> {
    let mut array = ZendHashTable::with_capacity(capacity(fields.len()));
    for (key, item) in fields {
        array
            .insert(key.as_str(), from_json(item)?)
            .map_err(|error| internal(&error))?;
    }
    Ok(array)
}

fn from_json(value: Value) -> Result<Zval, Error> {
    let mut zval = Zval::new();
    match value {
        Value::Null => zval.set_null(),
        Value::Bool(flag) => zval.set_bool(flag),
        // The core writes amounts as strings; its only numbers are counts and codes.
        Value::Number(number) => match number.as_i64() {
            Some(integer) => zval.set_long(integer),
            None => zval
                .set_string(&number.to_string(), false)
                .map_err(|error| internal(&error))?,
        },
        Value::String(text) => zval
            .set_string(&text, false)
            .map_err(|error| internal(&error))?,
        Value::Array(items) => {
            let mut array = ZendHashTable::with_capacity(capacity(items.len()));
            for item in items {
                array
                    .push(from_json(item)?)
                    .map_err(|error| internal(&error))?;
            }
            zval.set_hashtable(array);
        }
        Value::Object(fields) => zval.set_hashtable(object_to_array(fields)?),
    }
    Ok(zval)
}

fn capacity(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn internal(error: &ext_php_rs::error::Error) -> Error {
    Error::Internal(format!("a PHP value could not be built: {error}"))
}
