//! A small element tree read with quick-xml, for the FIM readers.
//!
//! XDatenfelder and genericode files are a few hundred kilobytes at most,
//! and their readers look up children by name in any order, so a tree is
//! simpler and safer than reading events directly. Elements keep their
//! namespace URI, their local name and the line and column they start at,
//! so that every later complaint about the content can point at its place.
//!
//! The bytes are decoded first: the encoding comes from a byte-order mark
//! or the XML declaration (UTF-8 when neither says anything), and bytes that
//! are not valid in it are reported with their position.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

/// A place in a file: line and column, both counted from 1, columns in
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One element with its attributes, text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The namespace URI, or `None` for an element in no namespace.
    pub namespace: Option<String>,
    /// The local name, without prefix.
    pub name: String,
    /// Attributes by local name, namespace declarations left out.
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own text (character data, references and CDATA
    /// sections, in order), without the text of its children.
    pub text: String,
    pub position: Position,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The element's name as written in messages: `<name>`.
    pub fn display_name(&self) -> String {
        format!("<{}>", self.name)
    }
}

/// Why a file could not be read as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// The declaration names an encoding that cannot be read.
    UnknownEncoding { label: String },
    /// Bytes that are not valid in the file's encoding.
    Encoding {
        position: Position,
        encoding: &'static str,
    },
    /// Not well-formed XML, as the parser words it.
    Syntax { position: Position, detail: String },
    /// The file ends while elements are still open.
    Unclosed {
        position: Position,
        name: String,
        opened: Position,
    },
    /// An entity other than the five predefined ones and character
    /// references.
    UnknownEntity { position: Position, name: String },
    /// A namespace prefix that no `xmlns:` declaration binds.
    UnboundPrefix { position: Position, prefix: String },
    /// Elements nested deeper than any real file needs.
    TooDeep { position: Position },
    /// No element at all.
    Empty,
    /// Content after the root element has been closed.
    SecondRoot { position: Position },
}

impl XmlError {
    pub fn position(&self) -> Option<Position> {
        match self {
            XmlError::Encoding { position, .. }
            | XmlError::Syntax { position, .. }
            | XmlError::Unclosed { position, .. }
            | XmlError::UnknownEntity { position, .. }
            | XmlError::UnboundPrefix { position, .. }
            | XmlError::TooDeep { position }
            | XmlError::SecondRoot { position } => Some(*position),
            XmlError::UnknownEncoding { .. } | XmlError::Empty => None,
        }
    }
}

/// Elements deeper than this are refused rather than risking the stack in
/// the readers that walk the tree; real XDatenfelder files stay below 60.
pub const MAX_DEPTH: usize = 256;

/// Decodes `bytes` and reads them as an element tree.
pub fn parse_bytes(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = decode(bytes)?;
    parse_str(&text)
}

/// Decodes a whole file into text, by its byte-order mark or declaration.
pub fn decode(bytes: &[u8]) -> Result<String, XmlError> {
    let (detected, bom) = match quick_xml::encoding::detect_encoding(bytes) {
        Some(detected) => (detected.encoding(), detected.bom_len()),
        None => (UTF_8, 0),
    };
    let body = &bytes[bom..];
    // A UTF-16 file announces itself in its first bytes; for everything
    // else the declaration, which is plain ASCII, names the encoding.
    let encoding = if detected == UTF_8 {
        declared_encoding(body)?.unwrap_or(UTF_8)
    } else {
        detected
    };
    decode_with(body, encoding)
}

/// The encoding named in the XML declaration at the start of `body`.
fn declared_encoding(body: &[u8]) -> Result<Option<&'static Encoding>, XmlError> {
    if !body.starts_with(b"<?xml") {
        return Ok(None);
    }
    let limit = body.len().min(1024);
    let Some(end) = body[..limit].windows(2).position(|w| w == b"?>") else {
        return Ok(None);
    };
    let declaration = String::from_utf8_lossy(&body[..end + 2]);
    let mut reader = quick_xml::Reader::from_str(&declaration);
    let Ok(Event::Decl(decl)) = reader.read_event() else {
        return Ok(None);
    };
    let Some(Ok(label)) = decl.encoding() else {
        return Ok(None);
    };
    match Encoding::for_label(label.trim().as_bytes()) {
        // A file whose first bytes are ASCII cannot be UTF-16, whatever its
        // declaration claims; such files are UTF-8 in practice.
        Some(encoding)
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            Ok(Some(UTF_8))
        }
        Some(encoding) => Ok(Some(encoding)),
        None => Err(XmlError::UnknownEncoding {
            label: label.trim().to_owned(),
        }),
    }
}

fn decode_with(body: &[u8], encoding: &'static Encoding) -> Result<String, XmlError> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => {
                let valid = String::from_utf8_lossy(&body[..error.valid_up_to()]);
                Err(XmlError::Encoding {
                    position: position_at(&valid, valid.len()),
                    encoding: UTF_8.name(),
                })
            }
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(_, _) | encoding_rs::DecoderResult::OutputFull => {
            Err(XmlError::Encoding {
                position: position_at(&text, text.len()),
                encoding: encoding.name(),
            })
        }
    }
}

/// The line and column of byte `offset` in `text`.
pub fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Reads well-formed XML text into its root element.
pub fn parse_str(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(syntax_error(text, at, &error));
            }
        };
        let position = || position_at(text, start);
        match event {
            // The root is set only once the stack is empty again.
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError::SecondRoot {
                    position: position(),
                });
            }
            Event::Start(tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep {
                        position: position(),
                    });
                }
                stack.push(element(&reader, &tag, position())?);
            }
            Event::Empty(tag) => {
                let element = element(&reader, &tag, position())?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                if let Some(element) = stack.pop() {
                    close(&mut stack, &mut root, element);
                }
            }
            Event::Text(content) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content.xml10_content());
                }
            }
            Event::CData(content) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved: Cow<'_, str> = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&reference) {
                        Some(s) => Cow::Borrowed(s),
                        None => {
                            return Err(XmlError::UnknownEntity {
                                position: position(),
                                name: reference.to_string(),
                            });
                        }
                    },
                    Err(error) => return Err(syntax_error(text, start, &error)),
                };
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&resolved);
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(XmlError::Unclosed {
                        position: position_at(text, text.len()),
                        name: open.name.clone(),
                        opened: open.position,
                    });
                }
                return root.ok_or(XmlError::Empty);
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn element(
    reader: &NsReader<&[u8]>,
    tag: &BytesStart<'_>,
    position: Position,
) -> Result<Element, XmlError> {
    let (namespace, local) = reader.resolver().resolve_element(tag.name());
    let namespace = match namespace {
        ResolveResult::Bound(ns) => Some(ns.into_inner().to_owned()),
        ResolveResult::Unbound => None,
        ResolveResult::Unknown(prefix) => {
            return Err(XmlError::UnboundPrefix { position, prefix });
        }
    };
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|error| XmlError::Syntax {
            position,
            detail: error.to_string(),
        })?;
        let key: &str = attribute.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (_, local_key) = reader.resolver().resolve_attribute(attribute.key);
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| XmlError::Syntax {
                position,
                detail: error.to_string(),
            })?;
        attributes.push((local_key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(Element {
        namespace,
        name: local.as_ref().to_owned(),
        attributes,
        children: Vec::new(),
        text: String::new(),
        position,
    })
}

fn syntax_error(text: &str, offset: usize, error: &quick_xml::Error) -> XmlError {
    XmlError::Syntax {
        position: position_at(text, offset),
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_namespace_local_name_and_position() {
        let root = parse_str("<a:x xmlns:a=\"urn:a\">\n  <a:y k=\"v\">t</a:y><z/></a:x>").unwrap();
        assert_eq!(root.namespace.as_deref(), Some("urn:a"));
        assert_eq!(root.name, "x");
        let y = &root.children[0];
        assert_eq!((y.name.as_str(), y.text.as_str()), ("y", "t"));
        assert_eq!(y.attribute("k"), Some("v"));
        assert_eq!(y.position, Position { line: 2, column: 3 });
        assert_eq!(root.children[1].namespace, None);
    }

    #[test]
    fn references_and_cdata_become_text() {
        let root = parse_str("<x>a &amp; b&#13;&#x41;<![CDATA[<c>]]></x>").unwrap();
        assert_eq!(root.text, "a & b\rA<c>");
    }

    #[test]
    fn a_truncated_file_names_the_open_element_and_where_it_began() {
        let error = parse_str("<x>\n  <y>text").unwrap_err();
        assert_eq!(
            error,
            XmlError::Unclosed {
                position: Position {
                    line: 2,
                    column: 10
                },
                name: "y".into(),
                opened: Position { line: 2, column: 3 },
            }
        );
    }

    #[test]
    fn mismatched_end_tags_are_reported_at_their_place() {
        let error = parse_str("<x>\n<y></z></x>").unwrap_err();
        assert!(matches!(error, XmlError::Syntax { position, .. } if position.line == 2));
    }

    #[test]
    fn an_undeclared_prefix_is_an_error() {
        let error = parse_str("<p:x/>").unwrap_err();
        assert!(matches!(error, XmlError::UnboundPrefix { prefix, .. } if prefix == "p"));
    }

    #[test]
    fn latin1_files_are_decoded_by_their_declaration() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><x>Gr".to_vec();
        bytes.extend([0xF6, 0xDF, b'e']);
        bytes.extend(b"</x>");
        assert_eq!(parse_bytes(&bytes).unwrap().text, "Größe");
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_are_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<x>Straße</x>".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(parse_bytes(&bytes).unwrap().text, "Straße");
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_position() {
        let error = parse_bytes(b"<x>\nab\xFF</x>").unwrap_err();
        assert_eq!(
            error,
            XmlError::Encoding {
                position: Position { line: 2, column: 3 },
                encoding: "UTF-8"
            }
        );
    }

    #[test]
    fn an_unknown_declared_encoding_is_refused() {
        let error = parse_bytes(b"<?xml version=\"1.0\" encoding=\"klingon\"?><x/>").unwrap_err();
        assert_eq!(
            error,
            XmlError::UnknownEncoding {
                label: "klingon".into()
            }
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        let text = "<a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(parse_str(&text), Err(XmlError::TooDeep { .. })));
    }

    #[test]
    fn unknown_entities_are_refused() {
        assert!(matches!(
            parse_str("<x>&nbsp;</x>"),
            Err(XmlError::UnknownEntity { name, .. }) if name == "nbsp"
        ));
    }

    #[test]
    fn an_empty_file_has_no_root() {
        assert_eq!(parse_str("  "), Err(XmlError::Empty));
    }
}
