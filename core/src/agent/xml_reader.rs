//! Reads an answer body into a small element tree (local names, direct text), refusing
//! anything that is not one complete, well-formed XML document. Never panics.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::response::ParseError;

/// Deeper nesting than any Agent answer has is refused, which also bounds recursion.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Element {
    /// The local name, namespace prefix dropped.
    pub(crate) name: String,
    /// The element's own text (text, CDATA and references), not its children's.
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
}

impl Element {
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// Follows a `/`-separated path of child names.
    pub(crate) fn find(&self, path: &str) -> Option<&Element> {
        path.split('/')
            .try_fold(self, |element, name| element.child(name))
    }

    /// The trimmed text at `path`; `None` when absent or blank (the service writes empty
    /// elements for absent values).
    pub(crate) fn text_at(&self, path: &str) -> Option<&str> {
        self.find(path)
            .map(|element| element.text.trim())
            .filter(|text| !text.is_empty())
    }
}

fn local_name(qualified: &str) -> String {
    qualified
        .rsplit_once(':')
        .map_or(qualified, |(_, local)| local)
        .to_owned()
}

fn malformed(reason: impl Into<String>) -> ParseError {
    ParseError::Malformed {
        reason: reason.into(),
    }
}

/// Parses `body` as one XML document and returns its root element.
pub(crate) fn parse_document(body: &[u8]) -> Result<Element, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| ParseError::NotUtf8)?;
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| malformed(error.to_string()))?;
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                if root.is_some() {
                    return Err(malformed("content after the root element"));
                }
                if open.len() >= MAX_DEPTH {
                    return Err(malformed("elements nested too deeply"));
                }
                let element = Element {
                    name: local_name(start.name().as_ref()),
                    ..Element::default()
                };
                if is_empty {
                    close(&mut open, &mut root, element);
                } else {
                    open.push(element);
                }
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start.
                let element = open.pop().ok_or_else(|| malformed("unbalanced end tag"))?;
                close(&mut open, &mut root, element);
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                match open.last_mut() {
                    Some(element) => element.text.push_str(&content),
                    None if content.trim().is_empty() => {}
                    None => return Err(malformed("text outside the root element")),
                }
            }
            Event::CData(data) => {
                let element = open
                    .last_mut()
                    .ok_or_else(|| malformed("CDATA outside the root element"))?;
                element.text.push_str(&data.xml10_content());
            }
            Event::GeneralRef(reference) => {
                let element = open
                    .last_mut()
                    .ok_or_else(|| malformed("reference outside the root element"))?;
                let character = match &*reference {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => reference
                        .resolve_char_ref()
                        .map_err(|error| malformed(error.to_string()))?
                        .ok_or_else(|| malformed(format!("unknown entity &{other};")))?,
                };
                element.text.push(character);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !open.is_empty() {
        return Err(malformed(
            "the document ends before its elements are closed",
        ));
    }
    root.ok_or_else(|| malformed("no root element"))
}

fn close(open: &mut [Element], root: &mut Option<Element>, element: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_text_cdata_and_references() {
        let root = parse_document(
            br#"<?xml version="1.0"?><a:r xmlns:a="urn:x"><a:b>x &amp; &#233;</a:b><c><![CDATA[<y>]]></c><d/></a:r>"#,
        )
        .unwrap();
        assert_eq!(root.name, "r");
        assert_eq!(root.text_at("b"), Some("x & é"));
        assert_eq!(root.text_at("c"), Some("<y>"));
        assert!(root.child("d").is_some());
        assert_eq!(root.text_at("d"), None);
    }

    #[test]
    fn refuses_incomplete_or_foreign_documents() {
        for body in [
            &b"<r><a>1</a>"[..],
            b"<r><a>1</b></r>",
            b"",
            b"[ERR] something",
            b"<r/><r/>",
            b"<r>&nbsp;</r>",
            b"\xff\xfe",
        ] {
            assert!(parse_document(body).is_err(), "{body:?}");
        }
        let deep = "<a>".repeat(1000);
        assert!(parse_document(deep.as_bytes()).is_err());
    }
}
