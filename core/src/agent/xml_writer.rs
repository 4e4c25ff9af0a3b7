//! Writes request XML with quick-xml, in the element order the XSDs prescribe.
//!
//! quick-xml writes the declaration and the root element; the elements inside are a start tag,
//! text and an end tag written straight into its output (`Writer::get_mut`), which spares its
//! per-event dispatch and the small copies it makes of each delimiter. Every text goes through
//! quick-xml's escaping; what XML 1.0 cannot carry is refused by [`check_text`] with the
//! element's wire path, never sent.

use std::io::Write as _;

use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::escape::escape;
use quick_xml::events::{BytesDecl, BytesStart, Event};
use rust_decimal::Decimal;

use super::WireError;
use super::field_writer::{FieldWriter, Path, check_date, check_text, field_path};

const VEC_WRITE: &str = "writing XML into a Vec<u8> cannot fail";

/// Builds one request document; element methods append children to the open element.
pub(crate) struct XmlWriter {
    writer: Writer<Vec<u8>>,
    path: Path,
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
}

impl FieldWriter for XmlWriter {
    fn node(
        &mut self,
        name: &'static str,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(name, None, build)
    }

    fn repeated_node(
        &mut self,
        name: &'static str,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(name, Some(index + 1), build)
    }

    fn text(&mut self, name: &str, value: &str) -> Result<(), WireError> {
        check_text(&self.path, name, value)?;
        self.element(name, |out| out.extend_from_slice(escape(value).as_bytes()));
        Ok(())
    }

    fn integer(&mut self, name: &str, value: u32) -> Result<(), WireError> {
        let mut digits = itoa::Buffer::new();
        // Digits: nothing to escape or refuse.
        self.element(name, |out| {
            out.extend_from_slice(digits.format(value).as_bytes());
        });
        Ok(())
    }

    fn decimal(&mut self, name: &str, value: Decimal) -> Result<(), WireError> {
        // A sign, digits and a point: nothing to escape or refuse.
        self.element(name, |out| push_plain_decimal(out, value));
        Ok(())
    }

    fn date(&mut self, name: &str, value: Date) -> Result<(), WireError> {
        check_date(&self.path, name, value)?;
        // Digits and dashes: nothing to escape or refuse.
        self.element(name, |out| write!(out, "{value}").expect(VEC_WRITE));
        Ok(())
    }

    fn invalid(&self, name: &str, reason: impl Into<String>) -> WireError {
        WireError::InvalidValue {
            field: field_path(&self.path, name),
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
            w.decimal("a", dec!(0.0000000001))?;
            w.decimal("b", dec!(79228162514264337593543950335))?;
            w.decimal("c", dec!(1500.00))
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
