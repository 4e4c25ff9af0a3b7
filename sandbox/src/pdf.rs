//! A minimal PDF writer: A4 pages of text lines in DejaVu Sans, embedded as a composite
//! (Type0, Identity-H) TrueType font with a ToUnicode map, so that every Hungarian letter
//! (ő, ű, Ő, Ű, …) renders and can be extracted as text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;

struct EmbeddedFont {
    face: ttf_parser::Face<'static>,
    /// The whole font file, zlib-compressed once: the same for every document.
    compressed: Vec<u8>,
    original_length: usize,
}

static FONT: LazyLock<EmbeddedFont> = LazyLock::new(|| {
    let data = dejavu::sans::regular();
    EmbeddedFont {
        face: ttf_parser::Face::parse(data, 0).expect("the bundled DejaVu Sans parses"),
        compressed: miniz_oxide::deflate::compress_to_vec_zlib(data, 6),
        original_length: data.len(),
    }
});

/// One line of text placed on a page.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub size: f32,
    pub x: f32,
    pub text: String,
    /// Vertical space taken before the next line.
    pub advance: f32,
}

/// A document built line by line; pages break automatically.
#[derive(Debug, Default)]
pub struct Document {
    lines: Vec<TextLine>,
}

impl Document {
    pub fn line(&mut self, size: f32, x: f32, text: impl Into<String>) -> &mut Self {
        self.lines.push(TextLine {
            size,
            x,
            text: text.into(),
            advance: size * 1.45,
        });
        self
    }

    /// Several texts at given x positions on the same baseline (a table row).
    pub fn row(&mut self, size: f32, cells: &[(f32, String)]) -> &mut Self {
        let last = cells.len().saturating_sub(1);
        for (index, (x, text)) in cells.iter().enumerate() {
            self.lines.push(TextLine {
                size,
                x: *x,
                text: text.clone(),
                advance: if index == last { size * 1.45 } else { 0.0 },
            });
        }
        self
    }

    pub fn gap(&mut self, points: f32) -> &mut Self {
        self.lines.push(TextLine {
            size: 1.0,
            x: MARGIN,
            text: String::new(),
            advance: points,
        });
        self
    }

    /// Serializes the document.
    #[expect(clippy::too_many_lines, reason = "the PDF objects in file order")]
    pub fn render(&self) -> Vec<u8> {
        let font = &*FONT;
        let mut glyphs: BTreeMap<u16, char> = BTreeMap::new();
        let mut pages: Vec<String> = vec![String::new()];
        let mut y = PAGE_HEIGHT - MARGIN;
        for line in &self.lines {
            if y - line.size < MARGIN {
                pages.push(String::new());
                y = PAGE_HEIGHT - MARGIN;
            }
            if !line.text.is_empty() {
                let mut hex = String::new();
                for c in line.text.chars() {
                    let glyph = font.face.glyph_index(c).map_or(0, |g| g.0);
                    glyphs.entry(glyph).or_insert(c);
                    let _ = write!(hex, "{glyph:04X}");
                }
                if let Some(page) = pages.last_mut() {
                    let _ = writeln!(
                        page,
                        "BT /F1 {:.1} Tf {:.2} {:.2} Td <{hex}> Tj ET",
                        line.size,
                        line.x,
                        y - line.size
                    );
                }
            }
            y -= line.advance;
        }

        let mut writer = ObjectWriter::default();
        let catalog = writer.reserve();
        let pages_root = writer.reserve();
        let type0 = writer.reserve();
        let cid_font = writer.reserve();
        let descriptor = writer.reserve();
        let font_file = writer.reserve();
        let to_unicode = writer.reserve();

        let mut kids = Vec::new();
        for content in &pages {
            let content_id = writer.reserve();
            writer.stream(content_id, "", content.as_bytes());
            let page_id = writer.reserve();
            writer.object(
                page_id,
                &format!(
                    "<< /Type /Page /Parent {pages_root} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources << /Font << /F1 {type0} 0 R >> >> /Contents {content_id} 0 R >>"
                ),
            );
            kids.push(format!("{page_id} 0 R"));
        }
        writer.object(
            catalog,
            &format!("<< /Type /Catalog /Pages {pages_root} 0 R >>"),
        );
        writer.object(
            pages_root,
            &format!(
                "<< /Type /Pages /Kids [{}] /Count {} >>",
                kids.join(" "),
                kids.len()
            ),
        );
        writer.object(
            type0,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ),
        );
        let scale = 1000.0 / f32::from(font.face.units_per_em());
        let widths: Vec<String> = glyphs
            .keys()
            .map(|&glyph| {
                let advance = font
                    .face
                    .glyph_hor_advance(ttf_parser::GlyphId(glyph))
                    .unwrap_or(0);
                format!("{glyph} [{:.0}]", f32::from(advance) * scale)
            })
            .collect();
        writer.object(
            cid_font,
            &format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 600 /W [{}] >>",
                widths.join(" ")
            ),
        );
        let bbox = font.face.global_bounding_box();
        let metric = |value: i16| (f32::from(value) * scale).round();
        writer.object(
            descriptor,
            &format!(
                "<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {font_file} 0 R >>",
                metric(bbox.x_min),
                metric(bbox.y_min),
                metric(bbox.x_max),
                metric(bbox.y_max),
                metric(font.face.ascender()),
                metric(font.face.descender()),
                metric(font.face.capital_height().unwrap_or(700)),
            ),
        );
        writer.stream(
            font_file,
            &format!("/Length1 {} /Filter /FlateDecode", font.original_length),
            &font.compressed,
        );
        writer.stream(to_unicode, "", to_unicode_cmap(&glyphs).as_bytes());
        writer.finish(catalog)
    }
}

fn to_unicode_cmap(glyphs: &BTreeMap<u16, char>) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = glyphs.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (glyph, c) in chunk {
            let mut units = [0u16; 2];
            let utf16 = c
                .encode_utf16(&mut units)
                .iter()
                .fold(String::new(), |mut hex, unit| {
                    let _ = write!(hex, "{unit:04X}");
                    hex
                });
            let _ = writeln!(cmap, "<{glyph:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// Numbers objects and records their byte offsets for the cross-reference table.
#[derive(Default)]
struct ObjectWriter {
    out: Vec<u8>,
    offsets: BTreeMap<usize, usize>,
    count: usize,
}

impl ObjectWriter {
    fn reserve(&mut self) -> usize {
        self.count += 1;
        self.count
    }

    fn header(&mut self) {
        if self.out.is_empty() {
            self.out.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
        }
    }

    fn object(&mut self, id: usize, body: &str) {
        self.header();
        self.offsets.insert(id, self.out.len());
        self.out
            .extend_from_slice(format!("{id} 0 obj\n{body}\nendobj\n").as_bytes());
    }

    fn stream(&mut self, id: usize, dictionary: &str, data: &[u8]) {
        self.header();
        self.offsets.insert(id, self.out.len());
        self.out.extend_from_slice(
            format!(
                "{id} 0 obj\n<< /Length {} {dictionary} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn finish(mut self, root: usize) -> Vec<u8> {
        self.header();
        let xref = self.out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.count + 1);
        for id in 1..=self.count {
            let offset = self.offsets.get(&id).copied().unwrap_or(0);
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.count + 1
        );
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}

/// The left edge of the text area.
pub const LEFT: f32 = MARGIN;
