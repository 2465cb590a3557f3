//! Reading code lists in genericode 1.0, the format of the federal
//! XRepository and of FIM code list exports.
//!
//! A genericode list is a table: columns, keys naming the column(s) that
//! identify a row, and rows of values. The importer needs two columns, the
//! code and its label. The code column is the key the list recommends
//! (`recommendedKeyColumn` in XÖV genericode 4, `empfohleneCodeSpalte` in
//! version 3), else the one a FIM field names (`codeKey`), else the first
//! key. The label column is the one the field names (`nameKey`), else the
//! column of a second key (FIM exports declare `codenameKey`), else the
//! first other column.

use crate::fim::xdf::clean_line;
use crate::fim::xml::{Element, Position};

/// The namespace of genericode 1.0.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

/// A code list read from a genericode file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericodeList {
    pub short_name: String,
    pub long_name: Option<String>,
    pub version: Option<String>,
    pub canonical_uri: Option<String>,
    pub canonical_version_uri: Option<String>,
    pub columns: Vec<Column>,
    /// Column ids of each key, in order; the recommended key first.
    pub keys: Vec<Vec<String>>,
    /// Each row as (column id, value) pairs.
    pub rows: Vec<Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub required: bool,
}

/// Why a file is not a readable genericode list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenericodeError {
    NotGenericode { position: Position },
    NoColumns { position: Position },
}

/// An entry of a code list: a code and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub label: String,
}

/// What reading the entries of a list noticed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    pub entries: Vec<Entry>,
    pub code_column: String,
    pub label_column: Option<String>,
    /// Rows without a code, left out.
    pub rows_without_code: usize,
    /// Codes that appeared again, left out after their first row.
    pub duplicate_codes: Vec<String>,
}

/// Whether `root` is a genericode code list.
pub fn is_genericode(root: &Element) -> bool {
    root.name == "CodeList" && root.namespace.as_deref() == Some(NAMESPACE)
}

/// Reads a genericode code list from its root element.
pub fn read(root: &Element) -> Result<GenericodeList, GenericodeError> {
    if !is_genericode(root) {
        return Err(GenericodeError::NotGenericode {
            position: root.position,
        });
    }
    let identification = child(root, "Identification");
    let text_of = |name: &str| {
        identification
            .and_then(|i| child(i, name))
            .map(|e| clean_line(&e.text))
            .filter(|t| !t.is_empty())
    };
    let column_set = child(root, "ColumnSet").ok_or(GenericodeError::NoColumns {
        position: root.position,
    })?;
    let columns: Vec<Column> = children(column_set, "Column")
        .filter_map(|c| {
            Some(Column {
                id: c.attribute("Id")?.trim().to_owned(),
                required: c.attribute("Use") == Some("required"),
            })
        })
        .collect();
    if columns.is_empty() {
        return Err(GenericodeError::NoColumns {
            position: column_set.position,
        });
    }
    let mut keys: Vec<(bool, Vec<String>)> = children(column_set, "Key")
        .map(|key| {
            let recommended = descendants_named(key, "recommendedKeyColumn")
                || descendants_named(key, "empfohleneCodeSpalte");
            let refs = children(key, "ColumnRef")
                .filter_map(|r| r.attribute("Ref"))
                .map(|r| r.trim().to_owned())
                .collect();
            (recommended, refs)
        })
        .collect();
    // A stable sort keeps the written order among keys of equal standing.
    keys.sort_by_key(|(recommended, _)| !recommended);

    let rows = child(root, "SimpleCodeList")
        .map(|list| {
            children(list, "Row")
                .map(|row| read_row(row, &columns))
                .collect()
        })
        .unwrap_or_default();
    Ok(GenericodeList {
        short_name: text_of("ShortName").unwrap_or_default(),
        long_name: text_of("LongName"),
        version: text_of("Version"),
        canonical_uri: text_of("CanonicalUri"),
        canonical_version_uri: text_of("CanonicalVersionUri"),
        columns,
        keys: keys.into_iter().map(|(_, refs)| refs).collect(),
        rows,
    })
}

/// The values of one row. A value without `ColumnRef` belongs to the
/// column after the previous value's, as genericode defines.
fn read_row(row: &Element, columns: &[Column]) -> Vec<(String, String)> {
    let mut values = Vec::new();
    let mut next = 0;
    for value in children(row, "Value") {
        let index = match value.attribute("ColumnRef") {
            Some(reference) => columns.iter().position(|c| c.id == reference.trim()),
            None => (next < columns.len()).then_some(next),
        };
        let Some(index) = index else { continue };
        next = index + 1;
        if let Some(simple) = child(value, "SimpleValue") {
            values.push((columns[index].id.clone(), clean_line(&simple.text)));
        }
    }
    values
}

impl GenericodeList {
    /// The entries with code and label, from the columns chosen as the
    /// module documentation says.
    pub fn entries(&self, code_key: Option<&str>, name_key: Option<&str>) -> Entries {
        let code_column = code_key
            .filter(|k| self.has_column(k))
            .map(str::to_owned)
            .or_else(|| self.keys.first().and_then(|k| k.first().cloned()))
            .or_else(|| {
                self.columns
                    .iter()
                    .find(|c| c.required)
                    .map(|c| c.id.clone())
            })
            .unwrap_or_else(|| self.columns[0].id.clone());
        let label_column = name_key
            .filter(|k| self.has_column(k) && *k != code_column)
            .map(str::to_owned)
            .or_else(|| {
                self.keys
                    .iter()
                    .skip(1)
                    .filter_map(|k| k.first())
                    .find(|c| **c != code_column)
                    .cloned()
            })
            .or_else(|| {
                self.columns
                    .iter()
                    .find(|c| c.id != code_column)
                    .map(|c| c.id.clone())
            });

        let mut out = Entries {
            code_column: code_column.clone(),
            label_column: label_column.clone(),
            ..Entries::default()
        };
        for row in &self.rows {
            let value = |column: &str| {
                row.iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, v)| v.clone())
                    .filter(|v| !v.is_empty())
            };
            let Some(code) = value(&code_column) else {
                out.rows_without_code += 1;
                continue;
            };
            if out.entries.iter().any(|e| e.code == code) {
                out.duplicate_codes.push(code);
                continue;
            }
            let label = label_column
                .as_deref()
                .and_then(value)
                .unwrap_or_else(|| code.clone());
            out.entries.push(Entry { code, label });
        }
        out
    }

    fn has_column(&self, id: &str) -> bool {
        self.columns.iter().any(|c| c.id == id)
    }
}

fn children<'a>(element: &'a Element, name: &'a str) -> impl Iterator<Item = &'a Element> {
    element.children.iter().filter(move |c| c.name == name)
}

fn child<'a>(element: &'a Element, name: &'a str) -> Option<&'a Element> {
    children(element, name).next()
}

fn descendants_named(element: &Element, name: &str) -> bool {
    element
        .children
        .iter()
        .any(|c| c.name == name || descendants_named(c, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fim::xml::parse_str;

    fn list(column_set: &str, rows: &str) -> GenericodeList {
        let text = format!(
            "<gc:CodeList xmlns:gc=\"{NAMESPACE}\" xmlns:x=\"http://xoev.de/schemata/genericode/4\">\
             <Identification><ShortName>Liste</ShortName><Version>2024-01-01</Version>\
             <CanonicalUri>urn:de:test:liste</CanonicalUri></Identification>\
             <ColumnSet>{column_set}</ColumnSet><SimpleCodeList>{rows}</SimpleCodeList>\
             </gc:CodeList>"
        );
        read(&parse_str(&text).unwrap()).unwrap()
    }

    const COLUMNS: &str = "<Column Id=\"schluessel\" Use=\"required\"/><Column Id=\"kurz\"/>\
        <Column Id=\"lang\"/>";

    #[test]
    fn the_recommended_key_gives_the_code_column() {
        let list = list(
            &format!(
                "{COLUMNS}<Key Id=\"a\"><ColumnRef Ref=\"kurz\"/></Key>\
                 <Key Id=\"b\"><Annotation><AppInfo><x:recommendedKeyColumn/></AppInfo>\
                 </Annotation><ColumnRef Ref=\"schluessel\"/></Key>"
            ),
            "<Row><Value ColumnRef=\"schluessel\"><SimpleValue>001</SimpleValue></Value>\
             <Value ColumnRef=\"kurz\"><SimpleValue>eins</SimpleValue></Value></Row>",
        );
        let entries = list.entries(None, None);
        assert_eq!(entries.code_column, "schluessel");
        assert_eq!(entries.label_column.as_deref(), Some("kurz"));
        assert_eq!(
            entries.entries,
            vec![Entry {
                code: "001".into(),
                label: "eins".into()
            }]
        );
    }

    #[test]
    fn the_field_can_name_the_columns() {
        let list = list(
            &format!("{COLUMNS}<Key Id=\"k\"><ColumnRef Ref=\"schluessel\"/></Key>"),
            "<Row><Value><SimpleValue>1</SimpleValue></Value><Value><SimpleValue>kurz</SimpleValue>\
             </Value><Value><SimpleValue>lang</SimpleValue></Value></Row>",
        );
        let entries = list.entries(Some("schluessel"), Some("lang"));
        assert_eq!(entries.entries[0].label, "lang");
    }

    #[test]
    fn values_without_column_reference_follow_the_previous_one() {
        let list = list(
            COLUMNS,
            "<Row><Value ColumnRef=\"kurz\"><SimpleValue>k</SimpleValue></Value>\
             <Value><SimpleValue>l</SimpleValue></Value></Row>",
        );
        assert_eq!(
            list.rows[0],
            vec![("kurz".into(), "k".into()), ("lang".into(), "l".into())]
        );
    }

    #[test]
    fn rows_without_code_and_repeated_codes_are_left_out_and_counted() {
        let list = list(
            &format!("{COLUMNS}<Key Id=\"k\"><ColumnRef Ref=\"schluessel\"/></Key>"),
            "<Row><Value><SimpleValue>1</SimpleValue></Value></Row>\
             <Row><Value ColumnRef=\"kurz\"><SimpleValue>x</SimpleValue></Value></Row>\
             <Row><Value><SimpleValue>1</SimpleValue></Value></Row>",
        );
        let entries = list.entries(None, None);
        assert_eq!(entries.entries.len(), 1);
        assert_eq!(entries.entries[0].label, "1");
        assert_eq!(entries.rows_without_code, 1);
        assert_eq!(entries.duplicate_codes, vec!["1".to_owned()]);
    }

    #[test]
    fn identification_is_read() {
        let list = list(COLUMNS, "");
        assert_eq!(list.short_name, "Liste");
        assert_eq!(list.version.as_deref(), Some("2024-01-01"));
        assert_eq!(list.canonical_uri.as_deref(), Some("urn:de:test:liste"));
    }
}
