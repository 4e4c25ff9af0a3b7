//! PHP values ⇄ the JSON the core reads and writes. Inputs may be PHP arrays or JSON strings;
//! outputs are PHP arrays. Amounts are decimal strings or ints. A PHP float is passed on as a
//! JSON float, which the core refuses wherever it reads an amount (with the field's path): a
//! binary float cannot hold most decimal fractions (0.1 + 0.2 != 0.3), and an invoice must
//! carry exactly the amount the shop meant. Floats in fields the core ignores (WooCommerce's
//! `price`) pass harmlessly.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::error::{Error, join_path};

/// The argument `root` as JSON text: a string is taken as JSON already, an array is converted.
/// `root` names the argument in paths (`""` for the order, the root of every mapping path).
pub fn json_text(root: &str, value: &Zval) -> Result<String, Error> {
    let value = value.dereference();
    if let Some(text) = value.str() {
        return Ok(text.to_owned());
    }
    if value.is_array() {
        return Ok(to_json(root, value)?.to_string());
    }
    Err(Error::mapping(
        root_name(root),
        format!(
            "expected an array or a JSON string, got {}",
            value.get_type()
        ),
    ))
}

/// The argument `root` (an array or a JSON string) read into one of the core's serde shapes.
pub fn read<T: DeserializeOwned>(root: &str, value: &Zval) -> Result<T, Error> {
    libinvoice_core::interop::read(&json_text(root, value)?)
        .map_err(|error| Error::unreadable(root, error))
}

fn root_name(root: &str) -> &str {
    if root.is_empty() { "order" } else { root }
}

/// Converts a PHP value to JSON; `path` is where it sits, for error messages.
fn to_json(path: &str, value: &Zval) -> Result<Value, Error> {
    let value = value.dereference();
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(number) = value.long() {
        return Ok(Value::Number(number.into()));
    }
    if let Some(float) = value.double() {
        return Number::from_f64(float).map(Value::Number).ok_or_else(|| {
            Error::mapping(root_name(path), format!("{float} is not a finite number"))
        });
    }
    if let Some(text) = value.str() {
        return Ok(Value::String(text.to_owned()));
    }
    if let Some(array) = value.array() {
        return array_to_json(path, array);
    }
    Err(Error::mapping(
        root_name(path),
        format!("{} cannot be converted to JSON", value.get_type()),
    ))
}

/// A PHP list (keys 0, 1, 2, …; also the empty array) becomes a JSON array, any other array a
/// JSON object.
fn array_to_json(path: &str, array: &ZendHashTable) -> Result<Value, Error> {
    if array.has_sequential_keys() {
        return array
            .values()
            .enumerate()
            .map(|(index, item)| to_json(&format!("{}[{index}]", root_name(path)), item))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    let mut object = Map::with_capacity(array.len());
    for (key, item) in array {
        let key = key.to_string();
        let item = to_json(&join_path(path, &key), item)?;
        object.insert(key, item);
    }
    Ok(Value::Object(object))
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
