//! Writes request XML straight into a byte buffer, in the element order the XSDs prescribe.
//!
//! Every element is a start tag, text and an end tag: no event dispatch, no copies of the
//! delimiters. Text is escaped as quick-xml's `escape` does (`<`, `>`, `&`, `'`, `"` and CR), in
//! the same pass that finds what XML 1.0 cannot carry, which [`check_text`] then refuses with the
//! element's wire path, never sent.

// Element writers are inlined into their callers (`inline(always)`): the tags are then
// constants, and copying one becomes a few stores instead of a call to `memcpy`.
#![allow(clippy::inline_always)]

use std::io::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::WireError;
use super::field_writer::{FieldWriter, Path, Tag, check_date, check_text, field_path};

/// Builds one request document; element methods append children to the open element.
pub(crate) struct XmlWriter {
    out: Vec<u8>,
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
        Self::document_after(Vec::with_capacity(expected_len), root, build)
    }

    /// [`XmlWriter::document`] appended to `out` (a multipart body's opening).
    pub(crate) fn document_after(
        out: Vec<u8>,
        root: &str,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<Vec<u8>, WireError> {
        let mut xml = Self {
            out,
            path: Vec::new(),
        };
        // Roots are fixed ASCII names: nothing in the namespace needs escaping.
        for part in [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><",
            root,
            " xmlns=\"http://www.szamlazz.hu/",
            root,
            "\">",
        ] {
            xml.out.extend_from_slice(part.as_bytes());
        }
        build(&mut xml)?;
        for part in ["</", root, ">"] {
            xml.out.extend_from_slice(part.as_bytes());
        }
        Ok(xml.out)
    }

    fn nested(
        &mut self,
        tag: Tag,
        position: Option<usize>,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.path.push((tag.name, position));
        self.out.extend_from_slice(tag.start.as_bytes());
        build(self)?;
        self.out.extend_from_slice(tag.end.as_bytes());
        self.path.pop();
        Ok(())
    }

    /// One element whose content `write` appends, already escaped.
    #[inline(always)]
    fn element(&mut self, tag: Tag, write: impl FnOnce(&mut Vec<u8>)) {
        self.out.extend_from_slice(tag.start.as_bytes());
        write(&mut self.out);
        self.out.extend_from_slice(tag.end.as_bytes());
    }

    /// `value` escaped: runs without a byte [`worth_a_look`] are copied whole, until what is
    /// left is short enough that pushing it byte by byte costs less than finding the next one.
    fn push_text(&mut self, name: &str, value: &str) -> Result<(), WireError> {
        let mut rest = value.as_bytes();
        let mut checked = false;
        while rest.len() >= SHORT_TEXT {
            let Some(found) = next_worth_a_look(rest) else {
                self.out.extend_from_slice(rest);
                return Ok(());
            };
            self.out.extend_from_slice(&rest[..found]);
            self.push_looked_at(rest[found], name, value, &mut checked)?;
            rest = &rest[found + 1..];
        }
        for &byte in rest {
            if WORTH_A_LOOK[usize::from(byte)] {
                self.push_looked_at(byte, name, value, &mut checked)?;
            } else {
                self.out.push(byte);
            }
        }
        Ok(())
    }

    /// A byte [`worth_a_look`], escaped; the first that may start a character XML 1.0 cannot
    /// carry has the whole value checked. Inlined: an entity is a few stores, less than a call.
    #[inline(always)]
    fn push_looked_at(
        &mut self,
        byte: u8,
        name: &str,
        value: &str,
        checked: &mut bool,
    ) -> Result<(), WireError> {
        // Each entity a literal, so its copy is a store rather than a call.
        match byte {
            b'<' => self.out.extend_from_slice(b"&lt;"),
            b'>' => self.out.extend_from_slice(b"&gt;"),
            b'&' => self.out.extend_from_slice(b"&amp;"),
            b'\'' => self.out.extend_from_slice(b"&apos;"),
            b'"' => self.out.extend_from_slice(b"&quot;"),
            b'\r' => self.out.extend_from_slice(b"&#13;"),
            _ => self.push_unusual(byte, name, value, checked)?,
        }
        Ok(())
    }

    /// A control character or the lead byte of U+FFFE/U+FFFF: rare, so kept out of line.
    #[cold]
    #[inline(never)]
    fn push_unusual(
        &mut self,
        byte: u8,
        name: &str,
        value: &str,
        checked: &mut bool,
    ) -> Result<(), WireError> {
        if !*checked && !matches!(byte, b'\t' | b'\n') {
            check_text(&self.path, name, value)?;
            *checked = true;
        }
        self.out.push(byte);
        Ok(())
    }
}

/// Below this many bytes, text is escaped byte by byte.
const SHORT_TEXT: usize = 16;

/// The position of the first byte [`worth_a_look`]. Whole chunks are tested with comparisons
/// only, which the compiler runs on all their bytes at once; the chunk holding one, and the
/// tail, byte by byte.
fn next_worth_a_look(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 16;
    let mut skipped = 0;
    for chunk in bytes.chunks_exact(CHUNK) {
        if chunk
            .iter()
            .fold(false, |found, &byte| found | worth_a_look(byte))
        {
            break;
        }
        skipped += CHUNK;
    }
    // One by one, a table lookup is cheaper than the comparisons.
    bytes[skipped..]
        .iter()
        .position(|&byte| WORTH_A_LOOK[usize::from(byte)])
        .map(|found| skipped + found)
}

/// Escaped (quick-xml's `escape` set: `<`, `>`, `&`, `'`, `"`, CR), or possibly refused: a
/// control character, or the lead byte of U+FFFE and U+FFFF.
// `|`, not `||`: without branches the compiler tests a whole chunk at once.
#[allow(clippy::needless_bitwise_bool)]
const fn worth_a_look(byte: u8) -> bool {
    (byte < 0x20)
        | (byte == b'<')
        | (byte == b'>')
        | (byte == b'&')
        | (byte == b'\'')
        | (byte == b'"')
        | (byte == 0xEF)
}

static WORTH_A_LOOK: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < table.len() {
        #[allow(clippy::cast_possible_truncation)] // below 256
        let value = byte as u8;
        table[byte] = worth_a_look(value);
        byte += 1;
    }
    table
};

impl FieldWriter for XmlWriter {
    fn node(
        &mut self,
        tag: Tag,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(tag, None, build)
    }

    fn repeated_node(
        &mut self,
        tag: Tag,
        index: usize,
        build: impl FnOnce(&mut Self) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        self.nested(tag, Some(index + 1), build)
    }

    #[inline(always)]
    fn text(&mut self, tag: Tag, value: &str) -> Result<(), WireError> {
        self.out.extend_from_slice(tag.start.as_bytes());
        let bytes = value.as_bytes();
        // Short text with nothing to escape, the usual case, is copied without a call.
        if bytes.len() < SHORT_TEXT && !bytes.iter().any(|&byte| WORTH_A_LOOK[usize::from(byte)]) {
            self.out.extend_from_slice(bytes);
        } else {
            self.push_text(tag.name, value)?;
        }
        self.out.extend_from_slice(tag.end.as_bytes());
        Ok(())
    }

    fn integer(&mut self, tag: Tag, value: u32) -> Result<(), WireError> {
        let mut digits = itoa::Buffer::new();
        // Digits: nothing to escape or refuse.
        self.element(tag, |out| {
            out.extend_from_slice(digits.format(value).as_bytes());
        });
        Ok(())
    }

    #[inline(always)]
    fn decimal(&mut self, tag: Tag, value: Decimal) -> Result<(), WireError> {
        // A sign, digits and a point: nothing to escape or refuse.
        self.element(tag, |out| push_plain_decimal(out, value));
        Ok(())
    }

    fn date(&mut self, tag: Tag, value: Date) -> Result<(), WireError> {
        check_date(&self.path, tag.name, value)?;
        // Digits and dashes: nothing to escape or refuse.
        self.element(tag, |out| push_date(out, value));
        Ok(())
    }

    fn invalid(&self, name: &str, reason: impl Into<String>) -> WireError {
        WireError::InvalidValue {
            field: field_path(&self.path, name),
            reason: reason.into(),
        }
    }
}

/// `YYYY-MM-DD` as `Date`'s `Display` prints a year in 1..=9999, without the formatting
/// machinery: the eight digits of YYYYMMDD at once ([`digit_lanes`]), the dashes put between.
fn push_date(out: &mut Vec<u8>, value: Date) {
    let number = u32::try_from(value.year()).unwrap_or_default() * 10_000
        + u32::try_from(value.month()).unwrap_or_default() * 100
        + u32::try_from(value.day()).unwrap_or_default();
    let [y1, y2, y3, y4, m1, m2, d1, d2] = (digit_lanes(number) | ASCII_ZEROS).to_le_bytes();
    out.extend_from_slice(&[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]);
}

/// What `Decimal`'s `Display` prints: the sign (also of a negative zero), the mantissa's digits,
/// zero-padded so a point `scale` digits from the right has at least one digit before it.
///
/// A whole, non-negative amount (most amounts of a forint invoice) is written inline: the frame
/// of the general path cost as much as its digits.
#[inline(always)]
fn push_plain_decimal(out: &mut Vec<u8>, value: Decimal) {
    if value.scale() == 0 && !value.is_sign_negative() {
        if let Ok(magnitude) = u32::try_from(value.mantissa()) {
            if magnitude < 100_000_000 {
                push_eight_digits_or_fewer(out, magnitude);
                return;
            }
        }
    }
    push_any_plain_decimal(out, value);
}

/// `number` (below 10^8) in decimal digits: its eight digits at once ([`digit_lanes`]), written
/// as one fixed-size copy, the leading zeros cut off. A call to `itoa` and a `memcpy` of its
/// digits cost twice as much.
#[inline(always)]
fn push_eight_digits_or_fewer(out: &mut Vec<u8>, number: u32) {
    let lanes = digit_lanes(number);
    // The first byte is the first digit: leading zero digits are the low zero bytes.
    let leading_zeros = (lanes.trailing_zeros() / 8).min(7);
    let digits = (lanes | ASCII_ZEROS) >> (8 * leading_zeros);
    let start = out.len();
    out.extend_from_slice(&digits.to_le_bytes());
    out.truncate(start + 8 - leading_zeros as usize);
}

/// `'0'` in every byte: a digit's value becomes its character.
const ASCII_ZEROS: u64 = 0x3030_3030_3030_3030;

/// The eight decimal digits of `number` (below 10^8), one per byte of the result, the first
/// digit in the lowest byte, worked out without a loop: halves, then pairs, then digits, each
/// step dividing every lane at once by a multiplication.
#[inline(always)]
fn digit_lanes(number: u32) -> u64 {
    let number = u64::from(number);
    // Lanes of 32 bits: the first four digits, then the last four.
    let mut lanes = (number / 10_000) | ((number % 10_000) << 32);
    // Each lane below 10^4 divided by 100 ((v × 10486) >> 20), then split into 16-bit lanes.
    let hundreds = ((lanes * 10_486) >> 20) & 0x0000_007F_0000_007F;
    lanes = hundreds | ((lanes - hundreds * 100) << 16);
    // Each 16-bit lane below 100 divided by 10 ((v × 103) >> 10), then split into bytes.
    let tens = ((lanes * 103) >> 10) & 0x000F_000F_000F_000F;
    tens | ((lanes - tens * 10) << 8)
}

/// [`push_plain_decimal`] for any value. A mantissa within a `u64` (any invoice amount) is
/// formatted without `Display`'s per-digit division loop, into one buffer copied once; a larger
/// one is left to `Display`.
#[inline(never)]
fn push_any_plain_decimal(out: &mut Vec<u8>, value: Decimal) {
    let Ok(magnitude) = u64::try_from(value.mantissa().unsigned_abs()) else {
        write!(out, "{value}").expect("writing into a Vec<u8> cannot fail");
        return;
    };
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(magnitude).as_bytes();
    let scale = value.scale() as usize;
    if scale == 0 {
        out.extend_from_slice(digits);
        return;
    }
    // The digits right-aligned over zeros (at most 20 digits, or 28 decimals and the zero
    // before the point), then the whole part moved one place left to make room for the point.
    let mut buffer = [b'0'; 30];
    let whole = digits.len().saturating_sub(scale).max(1);
    let len = whole + 1 + scale;
    buffer[len - digits.len()..len].copy_from_slice(digits);
    buffer.copy_within(1..=whole, 0);
    buffer[whole] = b'.';
    out.extend_from_slice(&buffer[..len]);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::agent::field_writer::tag;
    use rust_decimal_macros::dec;

    #[test]
    fn escapes_text_and_refuses_control_characters_by_path() {
        let xml = XmlWriter::document("xmlszamla", 0, |w| {
            w.node(tag!("vevo"), |v| v.text(tag!("nev"), "A & B <\"Kft\"> 'é'"))
        })
        .unwrap();
        let text = String::from_utf8(xml).unwrap();
        assert!(
            text.contains("<nev>A &amp; B &lt;&quot;Kft&quot;&gt; &apos;é&apos;</nev>"),
            "{text}"
        );

        for bad in ["a\u{1}b", "\u{FFFE}", "\u{FFFF}", "x\u{0}"] {
            let error = XmlWriter::document("xmlszamla", 0, |w| {
                w.node(tag!("tetelek"), |t| {
                    t.repeated_node(tag!("tetel"), 1, |i| i.text(tag!("megnevezes"), bad))
                })
            })
            .unwrap_err();
            assert!(
                error.to_string().contains("tetelek/tetel[2]/megnevezes"),
                "{error}"
            );
        }
        assert!(XmlWriter::document("r", 0, |w| w.text(tag!("a"), "tab\tlf\ncr\r")).is_ok());
    }

    #[test]
    fn text_is_escaped_as_quick_xml_escapes_it() {
        for text in [
            "",
            "plain",
            "Termék 1 – „különleges” & <jó>",
            "<>&'\"\r",
            "a\rb\tc\nd\u{FFFD}\u{F000}\u{EFFF}&",
            "&&&",
            "ends with <",
        ] {
            let xml = XmlWriter::document("r", 0, |w| w.text(tag!("a"), text)).unwrap();
            let expected = format!("<a>{}</a></r>", quick_xml::escape::escape(text));
            assert!(xml.ends_with(expected.as_bytes()), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the text, it is refused for what XML 1.0 cannot carry, or escaped exactly as
        /// quick-xml escapes it.
        #[test]
        fn any_text_is_refused_or_escaped_as_quick_xml_does(
            text in "[a-z\\x00-\\x20<>&'\"\u{E000}-\u{E0FF}\u{FFF0}-\u{FFFF}é–„”]{0,80}"
        ) {
            let written = XmlWriter::document("r", 0, |w| w.text(tag!("a"), &text));
            match check_text(&Vec::new(), "a", &text) {
                Ok(()) => {
                    let expected = format!("<a>{}</a></r>", quick_xml::escape::escape(text.as_str()));
                    proptest::prop_assert!(written.unwrap().ends_with(expected.as_bytes()));
                }
                Err(error) => proptest::prop_assert_eq!(written.unwrap_err(), error),
            }
        }
    }

    proptest::proptest! {
        /// Whole numbers below 10^8 are printed as `Display` prints them.
        #[test]
        fn eight_digits_print_as_display_does(number in 0u32..100_000_000) {
            let mut out = b"x".to_vec();
            push_eight_digits_or_fewer(&mut out, number);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), format!("x{number}"));
        }
    }

    #[test]
    fn dates_print_as_display_does() {
        for (year, month, day) in [(1, 1, 1), (999, 12, 31), (2026, 11, 23), (9999, 7, 4)] {
            let value = jiff::civil::date(year, month, day);
            let mut out = Vec::new();
            push_date(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
    }

    #[test]
    fn the_declaration_and_root_are_written_as_quick_xml_writes_them() {
        let xml = XmlWriter::document("xmlszamla", 0, |_| Ok(())).unwrap();
        let mut writer = quick_xml::Writer::new(Vec::new());
        let mut start = quick_xml::events::BytesStart::new("xmlszamla");
        start.push_attribute(("xmlns", "http://www.szamlazz.hu/xmlszamla"));
        for event in [
            quick_xml::events::Event::Decl(quick_xml::events::BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                None,
            )),
            quick_xml::events::Event::Start(start),
            quick_xml::events::Event::End(quick_xml::events::BytesEnd::new("xmlszamla")),
        ] {
            writer.write_event(event).unwrap();
        }
        assert_eq!(xml, writer.into_inner());
    }

    #[test]
    fn decimals_are_plain() {
        let xml = XmlWriter::document("r", 0, |w| {
            w.decimal(tag!("a"), dec!(0.0000000001))?;
            w.decimal(tag!("b"), dec!(79228162514264337593543950335))?;
            w.decimal(tag!("c"), dec!(1500.00))
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
            dec!(1500),
            dec!(18446744073709551615),
            dec!(18446744073709551616),
            dec!(0.00),
            negative_zero,
            dec!(-0.005),
            dec!(0.15),
            dec!(-1181),
            dec!(333.3),
            dec!(1500.00),
            dec!(-12.50),
            dec!(0.05),
            dec!(123.4),
            dec!(0.0001234),
            dec!(-1844674407370955.1615),
            dec!(0.0000000018446744073709551615),
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
