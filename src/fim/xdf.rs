//! Reading XDatenfelder messages into plain values.
//!
//! XDatenfelder 1, 2 and 3.0.0 differ little in what the importer needs:
//! the schema or group at the top, groups and fields nested through
//! `struktur`/`enthaelt` with a cardinality (`anzahl`) per place, field kind
//! and data type as codes, precision settings (a JSON-like text in version 2,
//! attributes in version 3), code list references and rules. The reader
//! takes what it knows from each version and skips everything else, so that
//! files with extra or newer elements still import. Elements are matched by
//! local name in the message's own namespace (or in none, as some exports
//! write their `code` children).
//!
//! Only what the model cannot do without is required: a message element,
//! an id for every field and group, and content in every `enthaelt`. Gaps
//! elsewhere become notes, which the importer reports as warnings.

use crate::fim::xml::{Element, Position};

/// All XDatenfelder namespaces start with this.
pub const NAMESPACE_PREFIX: &str = "urn:xoev-de:fim:standard:xdatenfelder";

/// The XDatenfelder version, from the namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
    V3,
    /// A namespace of the family this build does not know; read like 3.
    Other(String),
}

impl Version {
    fn from_namespace(namespace: &str) -> Version {
        let suffix = namespace
            .strip_prefix(NAMESPACE_PREFIX)
            .unwrap_or_default()
            .trim_start_matches(['_', '-', ':']);
        match suffix.split('.').next().unwrap_or_default() {
            "1" => Version::V1,
            "2" => Version::V2,
            "3" => Version::V3,
            _ => Version::Other(suffix.to_owned()),
        }
    }

    /// How the version is named to users.
    pub fn label(&self) -> String {
        match self {
            Version::V1 => "XDatenfelder 1".to_owned(),
            Version::V2 => "XDatenfelder 2".to_owned(),
            Version::V3 => "XDatenfelder 3".to_owned(),
            Version::Other(suffix) => format!("XDatenfelder {suffix}"),
        }
    }
}

/// One XDatenfelder message.
#[derive(Debug, Clone)]
pub struct Message {
    pub version: Version,
    /// The local name of the root element, e.g.
    /// `xdatenfelder.stammdatenschema.0102`.
    pub kind: String,
    pub content: Content,
    pub notes: Vec<Note>,
}

/// What a message carries.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per message; boxing buys nothing"
)]
pub enum Content {
    /// A Stammdatenschema: the whole form of a service.
    Schema(Container),
    /// A single group with everything inside it.
    Group(Container),
    /// A single field.
    Field(DataField),
}

/// What every schema, group and field has.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub id: String,
    pub version: Option<String>,
    pub name: String,
    /// The label shown when the form is filled in (`bezeichnungEingabe`).
    pub label: Option<String>,
    /// The help shown when the form is filled in (`hilfetextEingabe`).
    pub help: Option<String>,
    pub description: Option<String>,
    /// Legal and other references (`bezug`), one entry per element.
    pub references: Vec<String>,
    /// `RNG` (bound by law), `HAR` (harmonised) or `ABS` (abstract).
    pub element_kind: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub position: Position,
}

/// A schema or a group: the elements it holds, in order.
#[derive(Debug, Clone, Default)]
pub struct Container {
    pub meta: Meta,
    /// The kind of group (`art` in version 3); `X` is a choice between
    /// the children.
    pub group_kind: Option<String>,
    pub rules: Vec<Rule>,
    pub children: Vec<Usage>,
}

/// One place where a field or group is used, with its cardinality there.
#[derive(Debug, Clone)]
pub struct Usage {
    pub cardinality: Cardinality,
    /// References given for this use (`struktur/bezug`).
    pub references: Vec<String>,
    pub item: Item,
    pub position: Position,
}

// Fields are most of a form and read far more often than moved.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Field(DataField),
    Group(Container),
}

/// How often an element may or must be given: `min:max`, `max` `None`
/// for no upper limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cardinality {
    pub min: u32,
    pub max: Option<u32>,
}

impl Cardinality {
    pub const OPTIONAL: Cardinality = Cardinality {
        min: 0,
        max: Some(1),
    };

    /// Reads `1:1`, `0:1`, `0:*`, `1:n`, `2:5` and a bare `1`.
    pub fn parse(text: &str) -> Option<Cardinality> {
        let text = text.trim();
        let (min, max) = match text.split_once(':') {
            Some((min, max)) => (min.trim(), max.trim()),
            None => (text, text),
        };
        let min: u32 = min.parse().ok()?;
        let max = match max {
            "*" | "n" | "N" | "" => None,
            digits => Some(digits.parse().ok()?),
        };
        // `0:0` and `2:1` allow no valid answer; they are read as mistakes.
        if max.is_some_and(|max| max == 0 || max < min) {
            return None;
        }
        Some(Cardinality { min, max })
    }

    pub fn is_repeated(self) -> bool {
        self.max.is_none_or(|max| max > 1)
    }
}

impl std::fmt::Display for Cardinality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max {
            Some(max) => write!(f, "{}:{max}", self.min),
            None => write!(f, "{}:*", self.min),
        }
    }
}

/// A data field.
#[derive(Debug, Clone, Default)]
pub struct DataField {
    pub meta: Meta,
    /// `feldart`: input, select, label, hidden, lock (locked in version 3).
    pub input_kind: Option<String>,
    /// `datentyp`: text, text_latin, date, time, datetime, bool, num,
    /// num_int, num_currency, file, obj.
    pub data_type: Option<String>,
    pub precision: Precision,
    /// `inhalt`: the text of a static field, or a value given in advance.
    pub content: Option<String>,
    pub codelist: Option<CodeListRef>,
    /// Values listed in the field itself (`werte`, version 3).
    pub values: Vec<ListValue>,
    /// The code list columns to use (version 3).
    pub code_key: Option<String>,
    pub name_key: Option<String>,
    pub max_size: Option<String>,
    pub media_types: Vec<String>,
    pub rules: Vec<Rule>,
}

/// The precision settings of a field; values as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Precision {
    pub min_length: Option<String>,
    pub max_length: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub pattern: Option<String>,
}

/// A reference to a code list kept elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeListRef {
    /// The FIM id of the list (`C…`), where given.
    pub fim_id: Option<String>,
    /// The canonical URI, a URN.
    pub uri: Option<String>,
    pub version: Option<String>,
    pub position: Position,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListValue {
    pub code: String,
    pub name: String,
}

/// A rule, mostly prose.
#[derive(Debug, Clone, Default)]
pub struct Rule {
    pub id: String,
    pub version: Option<String>,
    pub name: Option<String>,
    /// The rule in words (`definition` in version 2, `freitextRegel` in 3).
    pub text: Option<String>,
    /// A script, when it holds more than the empty template.
    pub script: Option<String>,
    pub position: Position,
}

/// Something the reader noticed but could work around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub position: Position,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// A place without `anzahl`; read as `0:1`.
    MissingCardinality,
    /// An `anzahl` that is not `min:max`; read as `0:1`.
    BadCardinality { text: String },
    /// Precision settings that could not be read.
    BadPrecision { text: String },
    /// A rule without an id.
    RuleWithoutId,
}

/// Why a message cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The root element is not an XDatenfelder message.
    NotXdatenfelder {
        position: Position,
        name: String,
        namespace: Option<String>,
    },
    /// The file is a genericode code list, not a message.
    CodeList { position: Position },
    /// A required element is missing.
    Missing {
        position: Position,
        parent: String,
        element: &'static str,
    },
}

/// Reads the message whose root element is `root`.
pub fn read_message(root: &Element) -> Result<Message, ReadError> {
    let namespace = root.namespace.as_deref().unwrap_or_default();
    if !namespace.starts_with(NAMESPACE_PREFIX) {
        if root.name == "CodeList" && namespace.contains("genericode") {
            return Err(ReadError::CodeList {
                position: root.position,
            });
        }
        return Err(ReadError::NotXdatenfelder {
            position: root.position,
            name: root.name.clone(),
            namespace: root.namespace.clone(),
        });
    }
    let node = Node {
        element: root,
        ns: namespace,
    };
    let mut reader = Reader { notes: Vec::new() };
    let content = if let Some(schema) = node.child("stammdatenschema") {
        Content::Schema(reader.container(schema)?)
    } else if let Some(group) = node.child("datenfeldgruppe") {
        Content::Group(reader.container(group)?)
    } else if let Some(field) = node.child("datenfeld") {
        Content::Field(reader.field(field)?)
    } else {
        return Err(ReadError::Missing {
            position: root.position,
            parent: root.name.clone(),
            element: "stammdatenschema",
        });
    };
    Ok(Message {
        version: Version::from_namespace(namespace),
        kind: root.name.clone(),
        content,
        notes: reader.notes,
    })
}

/// An element of the message, with the namespace its children are in.
#[derive(Clone, Copy)]
struct Node<'a> {
    element: &'a Element,
    ns: &'a str,
}

impl<'a> Node<'a> {
    fn children(self, name: &'a str) -> impl Iterator<Item = Node<'a>> {
        self.element
            .children
            .iter()
            .filter(move |c| c.name == name && c.namespace.as_deref().is_none_or(|n| n == self.ns))
            .map(move |element| Node {
                element,
                ns: self.ns,
            })
    }

    fn child(self, name: &'a str) -> Option<Node<'a>> {
        self.children(name).next()
    }

    /// The text of a child, on one line, when it has any.
    fn line(self, name: &'a str) -> Option<String> {
        self.child(name)
            .map(|c| clean_line(&c.element.text))
            .filter(|t| !t.is_empty())
    }

    /// The text of a child with its line breaks, when it has any.
    fn block(self, name: &'a str) -> Option<String> {
        self.child(name)
            .map(|c| clean_block(&c.element.text))
            .filter(|t| !t.is_empty())
    }

    /// A code value: `<name><code>X</code></name>`, or the text of `<name>`
    /// where an export leaves the `code` element out.
    fn code(self, name: &'a str) -> Option<String> {
        let child = self.child(name)?;
        let code = child
            .element
            .children
            .iter()
            .find(|c| c.name == "code")
            .map_or_else(|| clean_line(&child.element.text), |c| clean_line(&c.text));
        (!code.is_empty()).then_some(code)
    }

    fn position(self) -> Position {
        self.element.position
    }

    fn missing(self, element: &'static str) -> ReadError {
        ReadError::Missing {
            position: self.position(),
            parent: self.element.name.clone(),
            element,
        }
    }
}

struct Reader {
    notes: Vec<Note>,
}

impl Reader {
    fn meta(node: Node<'_>) -> Result<Meta, ReadError> {
        let identification = node
            .child("identifikation")
            .ok_or_else(|| node.missing("identifikation"))?;
        let id = identification
            .line("id")
            .ok_or_else(|| identification.missing("id"))?;
        let label = node
            .line("bezeichnungEingabe")
            .or_else(|| node.line("bezeichnung"));
        let name = node
            .line("name")
            .or_else(|| label.clone())
            .unwrap_or_else(|| id.clone());
        Ok(Meta {
            version: identification.line("version"),
            name,
            label,
            help: node
                .block("hilfetextEingabe")
                .or_else(|| node.block("hilfetext")),
            description: node
                .block("beschreibung")
                .or_else(|| node.block("definition")),
            references: references(node),
            element_kind: node.code("schemaelementart"),
            valid_from: node.line("gueltigAb"),
            valid_until: node.line("gueltigBis"),
            position: node.position(),
            id,
        })
    }

    fn container(&mut self, node: Node<'_>) -> Result<Container, ReadError> {
        let meta = Self::meta(node)?;
        let rules = self.rules(node);
        let mut children = Vec::new();
        for structure in node.children("struktur") {
            children.push(self.usage(structure)?);
        }
        Ok(Container {
            meta,
            group_kind: node.code("art"),
            rules,
            children,
        })
    }

    fn usage(&mut self, structure: Node<'_>) -> Result<Usage, ReadError> {
        let contains = structure
            .child("enthaelt")
            .ok_or_else(|| structure.missing("enthaelt"))?;
        let item = if let Some(group) = contains.child("datenfeldgruppe") {
            Item::Group(self.container(group)?)
        } else if let Some(field) = contains.child("datenfeld") {
            Item::Field(self.field(field)?)
        } else {
            return Err(contains.missing("datenfeld"));
        };
        let cardinality = match structure.child("anzahl") {
            None => {
                self.note(structure.position(), NoteKind::MissingCardinality);
                Cardinality::OPTIONAL
            }
            Some(count) => {
                let text = clean_line(&count.element.text);
                Cardinality::parse(&text).unwrap_or_else(|| {
                    self.note(count.position(), NoteKind::BadCardinality { text });
                    Cardinality::OPTIONAL
                })
            }
        };
        Ok(Usage {
            cardinality,
            references: references(structure),
            item,
            position: structure.position(),
        })
    }

    fn field(&mut self, node: Node<'_>) -> Result<DataField, ReadError> {
        let meta = Self::meta(node)?;
        let precision = match node.child("praezisierung") {
            Some(p) => self.precision(p),
            None => Precision::default(),
        };
        let codelist = node.child("codelisteReferenz").map(|reference| {
            let identification = reference
                .child("genericodeIdentification")
                .unwrap_or(reference);
            CodeListRef {
                fim_id: reference.child("identifikation").and_then(|i| i.line("id")),
                uri: identification.line("canonicalIdentification"),
                version: identification.line("version"),
                position: reference.position(),
            }
        });
        let values = node
            .child("werte")
            .map(|values| {
                values
                    .children("wert")
                    .filter_map(|value| {
                        Some(ListValue {
                            code: value.line("code")?,
                            name: value.line("name").unwrap_or_default(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(DataField {
            input_kind: node.code("feldart"),
            data_type: node.code("datentyp"),
            precision,
            content: node.block("inhalt"),
            codelist,
            values,
            code_key: node.line("codeKey"),
            name_key: node.line("nameKey"),
            max_size: node.line("maxSize"),
            media_types: node
                .children("mediaType")
                .map(|m| clean_line(&m.element.text))
                .filter(|m| !m.is_empty())
                .collect(),
            rules: self.rules(node),
            meta,
        })
    }

    fn rules(&mut self, node: Node<'_>) -> Vec<Rule> {
        let mut rules = Vec::new();
        for rule in node.children("regel") {
            let identification = rule.child("identifikation");
            let id = identification
                .and_then(|i| i.line("id"))
                .unwrap_or_default();
            if id.is_empty() {
                self.note(rule.position(), NoteKind::RuleWithoutId);
            }
            let script = rule
                .block("skript")
                .or_else(|| rule.block("script"))
                .filter(|s| !is_empty_script(s));
            rules.push(Rule {
                id,
                version: identification.and_then(|i| i.line("version")),
                name: rule.line("name"),
                text: rule
                    .block("freitextRegel")
                    .or_else(|| rule.block("definition"))
                    .or_else(|| rule.block("beschreibung")),
                script,
                position: rule.position(),
            });
        }
        rules
    }

    /// Precision settings from attributes (version 3) and from the text
    /// (version 2, sometimes also 3); attributes win.
    fn precision(&mut self, node: Node<'_>) -> Precision {
        let mut precision = Precision::default();
        let text = node.element.text.trim();
        if !text.is_empty() {
            match parse_precision_text(text) {
                Some(pairs) => {
                    for (key, value) in pairs {
                        precision.set(&key, &value);
                    }
                }
                None => self.note(
                    node.position(),
                    NoteKind::BadPrecision {
                        text: clean_line(text),
                    },
                ),
            }
        }
        for (key, value) in &node.element.attributes {
            precision.set(key, value);
        }
        precision
    }

    fn note(&mut self, position: Position, kind: NoteKind) {
        self.notes.push(Note { position, kind });
    }
}

impl Precision {
    fn set(&mut self, key: &str, value: &str) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            return;
        }
        let slot = match key {
            "minLength" => &mut self.min_length,
            "maxLength" => &mut self.max_length,
            "minValue" => &mut self.min_value,
            "maxValue" => &mut self.max_value,
            "pattern" => &mut self.pattern,
            _ => return,
        };
        *slot = Some(value);
    }

    pub fn is_empty(&self) -> bool {
        *self == Precision::default()
    }
}

/// Every non-empty `bezug` child, one entry per line.
fn references(node: Node<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for reference in node.children("bezug") {
        for line in clean_block(&reference.element.text).lines() {
            let line = clean_line(line)
                .trim_end_matches([';', ','])
                .trim_end()
                .to_owned();
            // Editors write "-" for "none".
            if line.chars().any(char::is_alphanumeric) && !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// The pairs of a JSON-like precision text such as
/// `{"minLength":"1","maxLength":"80"}`. Real files also hold unquoted
/// numbers and stray whitespace; JSON is tried first, then a lenient
/// reading of `key: value` pairs.
pub fn parse_precision_text(text: &str) -> Option<Vec<(String, String)>> {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) {
        let pairs = map
            .into_iter()
            .filter_map(|(key, value)| match value {
                serde_json::Value::String(s) => Some((key, s)),
                serde_json::Value::Number(n) => Some((key, n.to_string())),
                _ => None,
            })
            .collect();
        return Some(pairs);
    }
    let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
    let mut pairs = Vec::new();
    let mut rest = inner;
    while !rest.trim().is_empty() {
        let (key, after) = take_token(rest.trim_start(), ':')?;
        let (value, after) = take_token(after.trim_start(), ',')?;
        pairs.push((key, value));
        rest = after;
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// A quoted or bare token up to `separator`; returns it and what follows
/// the separator.
fn take_token(text: &str, separator: char) -> Option<(String, &str)> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    let raw = &text[..i + 2];
                    let value = serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| quoted[..i].to_owned());
                    let after = quoted[i + 1..].trim_start();
                    let after = after.strip_prefix(separator).unwrap_or(after);
                    return Some((value, after));
                }
                _ => escaped = false,
            }
        }
        None
    } else {
        let end = text.find(separator).unwrap_or(text.len());
        let token = text[..end].trim();
        if token.is_empty() {
            return None;
        }
        let after = text.get(end + separator.len_utf8()..).unwrap_or_default();
        Some((token.trim_matches('\'').to_owned(), after))
    }
}

/// Whether a script is only the empty template that editors write.
fn is_empty_script(script: &str) -> bool {
    let compact: String = script.chars().filter(|c| !c.is_whitespace()).collect();
    compact.is_empty() || compact == "functionscript(){}"
}

/// Text on one line: whitespace runs (also line breaks) become one space.
pub fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with its line breaks: Windows and old Mac line ends become `\n`,
/// each line is trimmed, blank lines at the start and end are dropped and
/// runs of blank lines become one.
pub fn clean_block(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    for line in normalized.lines() {
        let line = clean_line(line);
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fim::xml::parse_str;

    const V2: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";

    fn message(body: &str) -> Result<Message, ReadError> {
        let text = format!(
            "<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf=\"{V2}\">{body}\
             </xdf:xdatenfelder.stammdatenschema.0102>"
        );
        read_message(&parse_str(&text).unwrap())
    }

    #[test]
    fn cardinalities_are_read_in_all_written_forms() {
        let read = |t| Cardinality::parse(t);
        assert_eq!(
            read("1:1"),
            Some(Cardinality {
                min: 1,
                max: Some(1)
            })
        );
        assert_eq!(read(" 0 : * "), Some(Cardinality { min: 0, max: None }));
        assert_eq!(read("1:n"), Some(Cardinality { min: 1, max: None }));
        assert_eq!(
            read("2:5"),
            Some(Cardinality {
                min: 2,
                max: Some(5)
            })
        );
        assert_eq!(
            read("1"),
            Some(Cardinality {
                min: 1,
                max: Some(1)
            })
        );
        assert_eq!(read("eins"), None);
        assert_eq!(read("-1:1"), None);
        assert_eq!(read("2:1"), None);
        assert_eq!(read("0:0"), None);
    }

    #[test]
    fn precision_text_is_read_as_json() {
        let pairs =
            parse_precision_text(r#"{"minLength":"5","pattern":"[0-9]{5}\\.x","maxLength":5}"#);
        assert_eq!(
            pairs.unwrap(),
            vec![
                ("maxLength".to_owned(), "5".to_owned()),
                ("minLength".to_owned(), "5".to_owned()),
                ("pattern".to_owned(), "[0-9]{5}\\.x".to_owned()),
            ]
        );
    }

    #[test]
    fn precision_text_that_is_not_json_is_read_leniently() {
        let pairs = parse_precision_text("{minLength: 1, \"maxLength\" : '80' ,}").unwrap();
        assert_eq!(
            pairs,
            vec![
                ("minLength".to_owned(), "1".to_owned()),
                ("maxLength".to_owned(), "80".to_owned()),
            ]
        );
        assert_eq!(parse_precision_text("zwischen 1 und 80"), None);
    }

    #[test]
    fn blocks_keep_line_breaks_but_lose_indentation() {
        assert_eq!(
            clean_block("\n   Erste Zeile\r\n     zweite  Zeile\r\n\r\n\r\n dritte\n   "),
            "Erste Zeile\nzweite Zeile\n\ndritte"
        );
    }

    #[test]
    fn the_empty_script_template_is_no_script() {
        assert!(is_empty_script("function script() {\r\n\r\n}"));
        assert!(!is_empty_script("function script() { return x > 1; }"));
    }

    #[test]
    fn a_field_without_identification_is_an_error_at_its_place() {
        let error = message(
            "<xdf:stammdatenschema><xdf:identifikation><xdf:id>S1</xdf:id></xdf:identifikation>\
             <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>\
             <xdf:datenfeld><xdf:name>x</xdf:name></xdf:datenfeld>\
             </xdf:enthaelt></xdf:struktur></xdf:stammdatenschema>",
        )
        .unwrap_err();
        assert!(matches!(
            error,
            ReadError::Missing { element: "identifikation", ref parent, .. } if parent == "datenfeld"
        ));
    }

    #[test]
    fn a_structure_without_content_is_an_error() {
        let error = message(
            "<xdf:stammdatenschema><xdf:identifikation><xdf:id>S1</xdf:id></xdf:identifikation>\
             <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl></xdf:struktur></xdf:stammdatenschema>",
        )
        .unwrap_err();
        assert!(matches!(
            error,
            ReadError::Missing {
                element: "enthaelt",
                ..
            }
        ));
    }

    #[test]
    fn a_message_without_schema_is_an_error() {
        let error = message("<xdf:header/>").unwrap_err();
        assert!(matches!(
            error,
            ReadError::Missing {
                element: "stammdatenschema",
                ..
            }
        ));
    }

    #[test]
    fn another_namespace_is_not_xdatenfelder() {
        let root = parse_str("<schema xmlns=\"urn:example\"/>").unwrap();
        assert!(matches!(
            read_message(&root),
            Err(ReadError::NotXdatenfelder { ref name, .. }) if name == "schema"
        ));
    }

    #[test]
    fn a_missing_cardinality_is_noted_and_read_as_optional() {
        let message = message(
            "<xdf:stammdatenschema><xdf:identifikation><xdf:id>S1</xdf:id></xdf:identifikation>\
             <xdf:struktur><xdf:enthaelt><xdf:datenfeld><xdf:identifikation><xdf:id>F1</xdf:id>\
             </xdf:identifikation></xdf:datenfeld></xdf:enthaelt></xdf:struktur>\
             </xdf:stammdatenschema>",
        )
        .unwrap();
        assert_eq!(message.notes[0].kind, NoteKind::MissingCardinality);
        let Content::Schema(schema) = message.content else {
            panic!("not a schema")
        };
        assert_eq!(schema.children[0].cardinality, Cardinality::OPTIONAL);
    }

    #[test]
    fn versions_come_from_the_namespace() {
        assert_eq!(Version::from_namespace(V2), Version::V2);
        assert_eq!(
            Version::from_namespace("urn:xoev-de:fim:standard:xdatenfelder_3.0.0"),
            Version::V3
        );
        assert_eq!(
            Version::from_namespace("urn:xoev-de:fim:standard:xdatenfelder_1.0"),
            Version::V1
        );
    }
}
