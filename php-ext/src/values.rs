//! PHP values ⇄ the core's serde shapes. Inputs may be PHP arrays or JSON strings; outputs are
//! PHP arrays. Amounts are decimal strings or ints. A PHP float is refused wherever the core
//! reads an amount (with the field's path): a binary float cannot hold most decimal fractions
//! (0.1 + 0.2 != 0.3), and an invoice must carry exactly the amount the shop meant. Floats in
//! fields the core ignores (WooCommerce's `price`) pass harmlessly.
//!
//! An array is read in place (`php_value`); what that cannot read takes the JSON route: PHP's
//! own `json_encode` (a list becomes a JSON array, any other array an object, an empty array
//! `[]`), then the core's JSON reader, which names the failing field. The JSON route is the
//! reference: the in-place reader reads the same, or declines.

use std::borrow::Cow;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use libinvoice_core::ReadError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::php_value::{Declined, PhpValue};

/// The argument `root`, an array or a JSON string, read by `in_place` from the PHP values
/// themselves or, when it declines (or for a string), by `from_json` from JSON text. `root`
/// names the argument in paths (`""` for the order, the root of every mapping path).
pub fn read_with<T>(
    root: &str,
    value: &Zval,
    in_place: impl for<'a> FnOnce(PhpValue<'a>) -> Result<T, Declined>,
    from_json: impl FnOnce(&str) -> Result<T, ReadError>,
) -> Result<T, Error> {
    let value = value.dereference();
    if value.is_array() {
        if let Ok(read) = in_place(PhpValue::new(value)) {
            return Ok(read);
        }
        #[cfg(feature = "test-hooks")]
        crate::test_hooks::count_json_read();
    }
    from_json(&json_text(root, value)?).map_err(|error| Error::unreadable(root, error))
}

/// The argument `root` (an array or a JSON string) read into one of the core's serde shapes.
pub fn read<T: DeserializeOwned>(root: &str, value: &Zval) -> Result<T, Error> {
    read_with(
        root,
        value,
        |value| T::deserialize(value),
        // Tracking every field's path costs more than the parse, and is only needed to say
        // where reading failed: the text is read again with it then.
        |json| serde_json::from_str(json).or_else(|_| libinvoice_core::interop::read(json)),
    )
}

/// The argument `root` as JSON text: a string is taken as JSON already; an array is encoded by
/// PHP's own `json_encode` (floats keep their fraction, so the core can refuse them by path).
fn json_text<'a>(root: &str, value: &'a Zval) -> Result<Cow<'a, str>, Error> {
    const FLAGS: i64 =
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;
    if let Some(text) = value.str() {
        return Ok(Cow::Borrowed(text));
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
        Some(text) => Ok(Cow::Owned(text.to_owned())),
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
