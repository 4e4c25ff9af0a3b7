//! The structure every Agent request is written through, whatever carries it: XML for the
//! Számla Agent ([`super::xml_writer::XmlWriter`]), JSON for PayBill's `InvoiceData`
//! ([`JsonWriter`]), which the gateway turns back into `xmlszamla`. Writing the invoice once
//! against [`FieldWriter`] keeps both wires the same invoice.
//!
//! Text XML 1.0 cannot carry is refused on both (PayBill's JSON becomes XML too), with the wire
//! path of the field (`vevo/nev`, `tetelek/tetel[2]/megnevezes`).

// The provided methods are inlined (`inline(always)`) so the element name stays a constant in
// the XML writer's element code.
#![allow(clippy::inline_always)]

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::WireError;
use super::credentials::Credentials;
use crate::document::VatRate;
use crate::money::normalized;

/// Open elements, with the 1-based position of repeated ones, for error paths only.
pub(crate) type Path = Vec<(&'static str, Option<usize>)>;

/// An element's name with its start and end tags spelled out ([`tag!`]): the XML writer copies
/// them from constants instead of assembling them from the name (about 35 instructions fewer
/// per invoice line).
#[derive(Clone, Copy)]
pub(crate) struct Tag {
    pub name: &'static str,
    pub start: &'static str,
    pub end: &'static str,
}

/// The [`Tag`] of the element `name`.
macro_rules! tag {
    ($name:literal) => {
        $crate::agent::field_writer::Tag {
            name: $name,
            start: concat!("<", $name, ">"),
            end: concat!("</", $name, ">"),
        }
    };
}
pub(crate) use tag;

/// Appends named fields to the open element.
pub(crate) trait FieldWriter: Sized {
    /// A child holding other fields.
    fn node(
        &mut self,
        tag: Tag,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError>;

    /// One of several same-named children; errors name it with its 1-based position.
    fn repeated_node(
        &mut self,
        tag: Tag,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError>;

    fn text(&mut self, tag: Tag, value: &str) -> Result<(), WireError>;

    /// A count or code the wire writes as a number (`valaszVerzio`).
    fn integer(&mut self, tag: Tag, value: u32) -> Result<(), WireError>;

    /// A decimal in plain notation (`1500`, `12.50`, never an exponent).
    fn decimal(&mut self, tag: Tag, value: Decimal) -> Result<(), WireError>;

    /// An `xs:date` (`YYYY-MM-DD`).
    fn date(&mut self, tag: Tag, value: Date) -> Result<(), WireError>;

    /// Refuses a value the operation cannot send, naming the field.
    fn invalid(&self, name: &str, reason: impl Into<String>) -> WireError;

    #[inline(always)]
    fn text_opt(&mut self, tag: Tag, value: Option<&str>) -> Result<(), WireError> {
        match value {
            Some(value) => self.text(tag, value),
            None => Ok(()),
        }
    }

    #[inline(always)]
    fn bool(&mut self, tag: Tag, value: bool) -> Result<(), WireError> {
        self.text(tag, if value { "true" } else { "false" })
    }

    #[inline(always)]
    fn decimal_opt(&mut self, tag: Tag, value: Option<Decimal>) -> Result<(), WireError> {
        value.map_or(Ok(()), |value| self.decimal(tag, value))
    }

    fn date_opt(&mut self, tag: Tag, value: Option<Date>) -> Result<(), WireError> {
        value.map_or(Ok(()), |value| self.date(tag, value))
    }

    /// A VAT rate as `afakulcs` spells it: `27`, `5.5`, `AAM`.
    #[inline(always)]
    fn vat_rate(&mut self, tag: Tag, rate: &VatRate) -> Result<(), WireError> {
        match rate {
            VatRate::Percent(percent) => self.decimal(tag, normalized(*percent)),
            VatRate::Code(code) => self.text(tag, code),
        }
    }

    /// `felhasznalo` + `jelszo`, or `szamlaagentkulcs`, in XSD order.
    fn credentials(&mut self, credentials: &Credentials) -> Result<(), WireError> {
        match credentials {
            Credentials::UserPassword { username, password } => {
                self.text(tag!("felhasznalo"), username)?;
                self.text(tag!("jelszo"), password.expose())
            }
            Credentials::AgentKey(key) => self.text(tag!("szamlaagentkulcs"), key.expose()),
        }
    }
}

/// `beallitasok/vevo/nev` for field `nev` under the open elements.
pub(crate) fn field_path(path: &Path, name: &str) -> String {
    let mut text = String::new();
    for (element, position) in path {
        text.push_str(element);
        if let Some(position) = position {
            text.push('[');
            text.push_str(&position.to_string());
            text.push(']');
        }
        text.push('/');
    }
    text.push_str(name);
    text
}

/// Refuses text XML 1.0 cannot carry.
pub(crate) fn check_text(path: &Path, name: &str, value: &str) -> Result<(), WireError> {
    match first_non_xml10_char(value) {
        Some(character) => Err(WireError::InvalidCharacter {
            field: field_path(path, name),
            code_point: u32::from(character),
        }),
        None => Ok(()),
    }
}

/// Years outside 1..=9999 have no `xs:date` spelling.
pub(crate) fn check_date(path: &Path, name: &str, value: Date) -> Result<(), WireError> {
    if (1..=9999).contains(&value.year()) {
        Ok(())
    } else {
        Err(WireError::InvalidValue {
            field: field_path(path, name),
            reason: format!("date {value} is outside the years 1 to 9999"),
        })
    }
}

/// The first character XML 1.0 cannot carry, if any.
fn first_non_xml10_char(text: &str) -> Option<char> {
    // Only control bytes and the 0xEF lead byte of U+FFFE/U+FFFF can start a refused character;
    // most text has neither and skips decoding. Folding over every byte, rather than stopping
    // at the first suspect one, lets the compiler check many bytes at once.
    let suspects = text.bytes().fold(0u8, |suspects, byte| {
        suspects | u8::from(byte < 0x20 || byte == 0xEF)
    });
    if suspects == 0 {
        return None;
    }
    text.chars().find(|&c| !is_xml10_char(c))
}

/// The `Char` production of XML 1.0 (lone surrogates cannot occur in a Rust `str`).
fn is_xml10_char(character: char) -> bool {
    matches!(
        character,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'
    )
}

/// Builds the JSON twin of an Agent request: elements become keys, a run of repeated
/// children (`tetelek/tetel`) becomes the parent's array. Values are strings, as in PayBill's
/// documented example, so amounts keep their exact decimal text; counts are numbers.
pub(crate) struct JsonWriter {
    frames: Vec<Frame>,
    path: Path,
}

#[derive(Default)]
struct Frame {
    fields: Map<String, Value>,
    /// Repeated children, in order: when present they are the element's value.
    items: Vec<Value>,
}

impl Frame {
    fn into_value(self) -> Value {
        if self.items.is_empty() {
            Value::Object(self.fields)
        } else {
            Value::Array(self.items)
        }
    }
}

impl JsonWriter {
    /// A complete object.
    pub(crate) fn object(
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<Map<String, Value>, WireError> {
        let mut json = Self {
            frames: vec![Frame::default()],
            path: Vec::new(),
        };
        build(&mut json)?;
        Ok(json
            .frames
            .pop()
            .map(|frame| frame.fields)
            .unwrap_or_default())
    }

    fn current(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the root frame lives as long as the writer")
    }

    fn nested(
        &mut self,
        name: &'static str,
        position: Option<usize>,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<Value, WireError> {
        self.path.push((name, position));
        self.frames.push(Frame::default());
        build(self)?;
        self.path.pop();
        Ok(self.frames.pop().expect("pushed above").into_value())
    }

    fn insert(&mut self, name: &str, value: Value) {
        self.current().fields.insert(name.to_owned(), value);
    }
}

impl FieldWriter for JsonWriter {
    fn node(
        &mut self,
        tag: Tag,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        let value = self.nested(tag.name, None, build)?;
        self.insert(tag.name, value);
        Ok(())
    }

    fn repeated_node(
        &mut self,
        tag: Tag,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        let value = self.nested(tag.name, Some(index + 1), build)?;
        self.current().items.push(value);
        Ok(())
    }

    fn text(&mut self, tag: Tag, value: &str) -> Result<(), WireError> {
        check_text(&self.path, tag.name, value)?;
        self.insert(tag.name, Value::String(value.to_owned()));
        Ok(())
    }

    fn integer(&mut self, tag: Tag, value: u32) -> Result<(), WireError> {
        self.insert(tag.name, Value::from(value));
        Ok(())
    }

    fn decimal(&mut self, tag: Tag, value: Decimal) -> Result<(), WireError> {
        self.insert(tag.name, Value::String(value.to_string()));
        Ok(())
    }

    fn date(&mut self, tag: Tag, value: Date) -> Result<(), WireError> {
        check_date(&self.path, tag.name, value)?;
        self.insert(tag.name, Value::String(value.to_string()));
        Ok(())
    }

    fn invalid(&self, name: &str, reason: impl Into<String>) -> WireError {
        WireError::InvalidValue {
            field: field_path(&self.path, name),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn repeated_children_become_an_array_and_amounts_stay_exact_strings() {
        let json = JsonWriter::object(|w| {
            w.node(tag!("beallitasok"), |s| s.integer(tag!("valaszVerzio"), 2))?;
            w.node(tag!("tetelek"), |lines| {
                for (index, amount) in [dec!(0.1), dec!(79228162514264337593543950335)]
                    .into_iter()
                    .enumerate()
                {
                    lines.repeated_node(tag!("tetel"), index, |line| {
                        line.decimal(tag!("nettoErtek"), amount)
                    })?;
                }
                Ok(())
            })
        })
        .unwrap();
        assert_eq!(
            Value::Object(json),
            serde_json::json!({
                "beallitasok": {"valaszVerzio": 2},
                "tetelek": [{"nettoErtek": "0.1"}, {"nettoErtek": "79228162514264337593543950335"}]
            })
        );
    }

    #[test]
    fn refuses_what_xml_cannot_carry_by_path() {
        let error = JsonWriter::object(|w| {
            w.node(tag!("tetelek"), |t| {
                t.repeated_node(tag!("tetel"), 1, |i| i.text(tag!("megnevezes"), "a\u{1}"))
            })
        })
        .unwrap_err();
        assert!(
            error.to_string().contains("tetelek/tetel[2]/megnevezes"),
            "{error}"
        );
    }
}
