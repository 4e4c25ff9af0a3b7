//! Writes request XML through quick-xml events, in the element order the XSDs prescribe.
//!
//! Every text goes through quick-xml's escaping; what XML 1.0 cannot carry is refused by
//! [`check_text`] with the element's wire path, never sent.

use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use rust_decimal::Decimal;

use super::WireError;
use super::field_writer::{FieldWriter, Path, check_date, check_text, field_path};

const VEC_WRITE: &str = "writing XML into a Vec<u8> cannot fail";

/// Builds one request document; element methods append children to the open element.
pub(crate) struct XmlWriter {
    writer: Writer<Vec<u8>>,
    path: Path,
    /// Scratch space for numbers and dates, reused to avoid an allocation per element.
    scratch: String,
}

impl XmlWriter {
    /// A complete document: declaration, `root` in namespace `http://www.szamlazz.hu/<root>`.
    pub(crate) fn document(
        root: &str,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<Vec<u8>, WireError> {
        let mut xml = Self {
            writer: Writer::new(Vec::with_capacity(4096)),
            path: Vec::new(),
            scratch: String::new(),
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let namespace = ["http://www.szamlazz.hu/", root].concat();
        let mut start = BytesStart::new(root);
        start.push_attribute(("xmlns", namespace.as_str()));
        xml.event(Event::Start(start));
        build(&mut xml)?;
        xml.event(Event::End(BytesEnd::new(root)));
        Ok(xml.writer.into_inner())
    }

    fn event(&mut self, event: Event<'_>) {
        self.writer.write_event(event).expect(VEC_WRITE);
    }

    fn element(
        &mut self,
        name: &'static str,
        position: Option<usize>,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.path.push((name, position));
        self.event(Event::Start(BytesStart::new(name)));
        build(self)?;
        self.event(Event::End(BytesEnd::new(name)));
        self.path.pop();
        Ok(())
    }

    /// Writes a `Display` value (digits, dashes, dots: nothing to escape or refuse).
    fn formatted(&mut self, name: &str, value: impl std::fmt::Display) -> Result<(), WireError> {
        use std::fmt::Write as _;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write!(scratch, "{value}").expect("writing into a String cannot fail");
        let result = self.text(name, &scratch);
        self.scratch = scratch;
        result
    }
}

impl FieldWriter for XmlWriter {
    fn node(
        &mut self,
        name: &'static str,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.element(name, None, build)
    }

    fn repeated_node(
        &mut self,
        name: &'static str,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.element(name, Some(index + 1), build)
    }

    fn text(&mut self, name: &str, value: &str) -> Result<(), WireError> {
        check_text(&self.path, name, value)?;
        self.writer
            .create_element(name)
            .write_text_content(BytesText::new(value))
            .expect(VEC_WRITE);
        Ok(())
    }

    fn integer(&mut self, name: &str, value: u32) -> Result<(), WireError> {
        self.formatted(name, value)
    }

    fn decimal(&mut self, name: &str, value: Decimal) -> Result<(), WireError> {
        self.formatted(name, value)
    }

    fn date(&mut self, name: &str, value: Date) -> Result<(), WireError> {
        check_date(&self.path, name, value)?;
        self.formatted(name, value)
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
    fn escapes_text_and_refuses_control_characters_by_path() {
        let xml = XmlWriter::document("xmlszamla", |w| {
            w.node("vevo", |v| v.text("nev", "A & B <\"Kft\"> 'é'"))
        })
        .unwrap();
        let text = String::from_utf8(xml).unwrap();
        assert!(
            text.contains("<nev>A &amp; B &lt;&quot;Kft&quot;&gt; &apos;é&apos;</nev>"),
            "{text}"
        );

        for bad in ["a\u{1}b", "\u{FFFE}", "\u{FFFF}", "x\u{0}"] {
            let error = XmlWriter::document("xmlszamla", |w| {
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
        assert!(XmlWriter::document("r", |w| w.text("a", "tab\tlf\ncr\r")).is_ok());
    }

    #[test]
    fn decimals_are_plain() {
        let xml = XmlWriter::document("r", |w| {
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
}
