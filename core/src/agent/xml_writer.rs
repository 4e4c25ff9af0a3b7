//! Writes request XML with quick-xml, in the element order the XSDs prescribe.
//!
//! quick-xml writes the declaration and the root element; the elements inside are a start tag,
//! text and an end tag written straight into its output (`Writer::get_mut`), which spares its
//! per-event dispatch and the small copies it makes of each delimiter. Every text goes through
//! quick-xml's escaping. Text XML 1.0 cannot carry is refused with the wire path of the element
//! (`vevo/nev`, `tetelek/tetel[2]/megnevezes`), never sent.

use std::io::Write as _;

use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::escape::escape;
use quick_xml::events::{BytesDecl, BytesStart, Event};
use rust_decimal::Decimal;

use super::WireError;
use super::credentials::Credentials;
use crate::document::VatRate;

const VEC_WRITE: &str = "writing XML into a Vec<u8> cannot fail";

/// Builds one request document; element methods append children to the open element.
pub(crate) struct XmlWriter {
    writer: Writer<Vec<u8>>,
    /// Open elements, with the 1-based position of repeated ones, for error paths only.
    path: Vec<(&'static str, Option<usize>)>,
}

impl XmlWriter {
    /// A complete document: declaration, `root` in namespace `http://www.szamlazz.hu/<root>`.
    /// Reserving `expected_len` bytes up front spares regrowing and copying the output.
    pub(crate) fn document(
        root: &str,
        expected_len: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<Vec<u8>, WireError> {
        let mut xml = Self {
            writer: Writer::new(Vec::with_capacity(expected_len)),
            path: Vec::new(),
        };
        let namespace = ["http://www.szamlazz.hu/", root].concat();
        let mut start = BytesStart::new(root);
        start.push_attribute(("xmlns", namespace.as_str()));
        for event in [
            Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
            Event::Start(start),
        ] {
            xml.writer.write_event(event).expect(VEC_WRITE);
        }
        build(&mut xml)?;
        xml.end_tag(root);
        Ok(xml.writer.into_inner())
    }

    fn start_tag(&mut self, name: &str) {
        let out = self.writer.get_mut();
        out.push(b'<');
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
    }

    fn end_tag(&mut self, name: &str) {
        let out = self.writer.get_mut();
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
    }

    fn field_path(&self, name: &str) -> String {
        let mut path = String::new();
        for (element, position) in &self.path {
            path.push_str(element);
            if let Some(position) = position {
                path.push('[');
                path.push_str(&position.to_string());
                path.push(']');
            }
            path.push('/');
        }
        path.push_str(name);
        path
    }

    /// A child element holding other elements.
    pub(crate) fn node(
        &mut self,
        name: &'static str,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(name, None, build)
    }

    /// One of several same-named children; errors name it with its 1-based position.
    pub(crate) fn repeated_node(
        &mut self,
        name: &'static str,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(name, Some(index + 1), build)
    }

    fn nested(
        &mut self,
        name: &'static str,
        position: Option<usize>,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.path.push((name, position));
        self.start_tag(name);
        build(self)?;
        self.end_tag(name);
        self.path.pop();
        Ok(())
    }

    /// One element whose content `write` appends, already escaped.
    fn element(&mut self, name: &str, write: impl FnOnce(&mut Vec<u8>)) {
        self.start_tag(name);
        write(self.writer.get_mut());
        self.end_tag(name);
    }

    /// A text element.
    pub(crate) fn text(&mut self, name: &str, value: &str) -> Result<(), WireError> {
        if let Some(character) = first_non_xml10_char(value) {
            return Err(WireError::InvalidCharacter {
                field: self.field_path(name),
                code_point: u32::from(character),
            });
        }
        self.element(name, |out| {
            out.extend_from_slice(escape(value).as_bytes());
        });
        Ok(())
    }

    pub(crate) fn text_opt(&mut self, name: &str, value: Option<&str>) -> Result<(), WireError> {
        value.map_or(Ok(()), |value| self.text(name, value))
    }

    pub(crate) fn bool(&mut self, name: &str, value: bool) -> Result<(), WireError> {
        self.text(name, if value { "true" } else { "false" })
    }

    /// A decimal in plain notation (`1500`, `12.50`, never an exponent).
    pub(crate) fn decimal(&mut self, name: &str, value: Decimal) {
        // A sign, digits and a point: nothing to escape or refuse.
        self.element(name, |out| push_plain_decimal(out, value));
    }

    pub(crate) fn integer(&mut self, name: &str, value: impl itoa::Integer) {
        let mut digits = itoa::Buffer::new();
        // A sign and digits: nothing to escape or refuse.
        self.element(name, |out| {
            out.extend_from_slice(digits.format(value).as_bytes());
        });
    }

    pub(crate) fn decimal_opt(&mut self, name: &str, value: Option<Decimal>) {
        if let Some(value) = value {
            self.decimal(name, value);
        }
    }

    /// An `xs:date` (`YYYY-MM-DD`); years outside 1..=9999 have no such spelling.
    pub(crate) fn date(&mut self, name: &str, value: Date) -> Result<(), WireError> {
        if !(1..=9999).contains(&value.year()) {
            return Err(WireError::InvalidValue {
                field: self.field_path(name),
                reason: format!("date {value} is outside the years 1 to 9999"),
            });
        }
        // Digits and dashes: nothing to escape or refuse.
        self.element(name, |out| write!(out, "{value}").expect(VEC_WRITE));
        Ok(())
    }
    pub(crate) fn date_opt(&mut self, name: &str, value: Option<Date>) -> Result<(), WireError> {
        value.map_or(Ok(()), |value| self.date(name, value))
    }

    /// A VAT rate as `afakulcs` spells it: `27`, `5.5`, `AAM`.
    pub(crate) fn vat_rate(&mut self, name: &str, rate: &VatRate) -> Result<(), WireError> {
        match rate {
            VatRate::Percent(percent) => {
                self.decimal(name, percent.normalize());
                Ok(())
            }
            VatRate::Code(code) => self.text(name, code),
        }
    }

    /// `felhasznalo` + `jelszo`, or `szamlaagentkulcs`, in XSD order.
    pub(crate) fn credentials(&mut self, credentials: &Credentials) -> Result<(), WireError> {
        match credentials {
            Credentials::UserPassword { username, password } => {
                self.text("felhasznalo", username)?;
                self.text("jelszo", password.expose())
            }
            Credentials::AgentKey(key) => self.text("szamlaagentkulcs", key.expose()),
        }
    }

    /// Refuses a value the operation cannot send, naming the element.
    pub(crate) fn invalid(&self, name: &str, reason: impl Into<String>) -> WireError {
        WireError::InvalidValue {
            field: self.field_path(name),
            reason: reason.into(),
        }
    }
}

/// What `Decimal`'s `Display` prints, without its per-digit division loop: the sign (also of a
/// negative zero), the mantissa's digits, zero-padded so a point `scale` digits from the right
/// has at least one digit before it.
fn push_plain_decimal(out: &mut Vec<u8>, value: Decimal) {
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let mut digits_buffer = itoa::Buffer::new();
    let magnitude = value.mantissa().unsigned_abs();
    // Formatting a `u128` costs 128-bit divisions even for the usual small amounts.
    let digits = match u64::try_from(magnitude) {
        Ok(small) => digits_buffer.format(small),
        Err(_) => digits_buffer.format(magnitude),
    };
    let scale = value.scale() as usize;
    let digits = digits.as_bytes();
    if scale == 0 {
        out.extend_from_slice(digits);
        return;
    }
    if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(fraction);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', scale - digits.len()));
        out.extend_from_slice(digits);
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn escapes_text_and_refuses_control_characters_by_path() {
        let xml = XmlWriter::document("xmlszamla", 0, |w| {
            w.node("vevo", |v| v.text("nev", "A & B <\"Kft\"> 'é'"))
        })
        .unwrap();
        let text = String::from_utf8(xml).unwrap();
        assert!(
            text.contains("<nev>A &amp; B &lt;&quot;Kft&quot;&gt; &apos;é&apos;</nev>"),
            "{text}"
        );

        for bad in ["a\u{1}b", "\u{FFFE}", "\u{FFFF}", "x\u{0}"] {
            let error = XmlWriter::document("xmlszamla", 0, |w| {
                w.node("tetelek", |t| {
                    t.repeated_node("tetel", 1, |i| i.text("megnevezes", bad))
                })
            })
            .unwrap_err();
            assert!(
                error.to_string().contains("tetelek/tetel[2]/megnevezes"),
                "{error}"
            );
        }
        assert!(XmlWriter::document("r", 0, |w| w.text("a", "tab\tlf\ncr\r")).is_ok());
    }

    #[test]
    fn decimals_are_plain() {
        let xml = XmlWriter::document("r", 0, |w| {
            w.decimal("a", dec!(0.0000000001));
            w.decimal("b", dec!(79228162514264337593543950335));
            w.decimal("c", dec!(1500.00));
            Ok(())
        })
        .unwrap();
        let text = String::from_utf8(xml).unwrap();
        assert!(text.contains("<a>0.0000000001</a>"), "{text}");
        assert!(
            text.contains("<b>79228162514264337593543950335</b>"),
            "{text}"
        );
        assert!(text.contains("<c>1500.00</c>"), "{text}");
        assert!(!text.to_ascii_lowercase().contains("e-"), "{text}");
    }

    #[test]
    fn decimals_print_as_display_does() {
        let mut negative_zero = dec!(0.00);
        negative_zero.set_sign_negative(true);
        for value in [
            dec!(0),
            dec!(0.00),
            negative_zero,
            dec!(-0.005),
            dec!(0.15),
            dec!(-1181),
            dec!(333.3),
            dec!(1500.00),
            dec!(0.0000000000000000000000000001),
            dec!(-79228162514264337593543950335),
            dec!(7.9228162514264337593543950335),
        ] {
            let mut plain = Vec::new();
            push_plain_decimal(&mut plain, value);
            assert_eq!(String::from_utf8(plain).unwrap(), value.to_string());
        }
    }
}
