//! Reading typed, spanned values out of parsed TOML tables.
//!
//! The loader reads every table through a [`Reader`], which reports what is
//! wrong (an unknown key, a value of the wrong type, a missing key) as a
//! [`Problem`] and carries on, so that one run reports everything that is
//! wrong in a file, not just the first thing.

use crate::model::tree;
use jiff::civil::Date;

use crate::feel::number::Number;
use crate::model::Expression;
use crate::model::load::{Problem, ProblemKind};
use crate::source::{FileId, Span, Spanned};

pub(crate) type TomlValue<'i> = crate::model::tree::Item<'i>;

/// A TOML table with its span and the name of what it describes.
#[derive(Clone)]
pub(crate) struct Table<'t, 'i> {
    pub entries: &'t tree::Table<'i>,
    /// The header (`[[field]]`) or the inline table, for findings about
    /// missing keys.
    pub span: Span,
    /// What the table describes, for messages: "field", "step", ...
    pub what: &'static str,
    /// Misspelt keys, each with the known key it most likely means. Their
    /// values are read as if the key had been spelt right, so that one typo
    /// gives one finding and not a second one for the "missing" key.
    misspelt: Vec<(&'static str, &'t str)>,
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn get(&self, key: &str) -> Option<&'t TomlValue<'i>> {
        self.entries.get(key).or_else(|| {
            let (_, written) = self.misspelt.iter().find(|(meant, _)| *meant == key)?;
            self.entries.get(written)
        })
    }
}

/// How to read the text of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parse {
    Expression,
    /// Decision table cells.
    UnaryTests,
}

/// Reads values from the tables of one file and collects its problems.
pub(crate) struct Reader<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub problems: Vec<Problem>,
}

pub(crate) fn span_of<T>(value: &toml::Spanned<T>) -> Span {
    Span::from(value.span())
}

/// The name of a TOML value's type, in the words of the format docs.
pub(crate) fn type_name(value: &tree::Value<'_>) -> &'static str {
    match value {
        tree::Value::String(_) => "text",
        tree::Value::Integer(_) => "whole number",
        tree::Value::Float(_) => "decimal number",
        tree::Value::Boolean(_) => "true/false",
        tree::Value::Datetime(_) => "date",
        tree::Value::Array(_) => "list",
        tree::Value::Table(_) => "table",
    }
}

impl<'a> Reader<'a> {
    pub fn new(file: FileId, text: &'a str) -> Self {
        Reader {
            file,
            text,
            problems: Vec::new(),
        }
    }

    pub fn report(&mut self, span: Span, kind: ProblemKind) {
        self.problems.push(Problem {
            file: self.file,
            span,
            kind,
        });
    }

    /// Opens a table, reporting keys that are not among `known`.
    pub fn open<'t, 'i>(
        &mut self,
        entries: &'t tree::Table<'i>,
        span: Span,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Table<'t, 'i> {
        let mut misspelt = Vec::new();
        for (key, _) in entries {
            let name: &'t str = key.get_ref().as_ref();
            if !known.contains(&name) {
                let suggestion = closest(name, known);
                if let Some(meant) = suggestion
                    && !entries.contains_key(meant)
                    && !misspelt.iter().any(|(m, _)| *m == meant)
                {
                    misspelt.push((meant, name));
                }
                self.report(
                    span_of(key),
                    ProblemKind::UnknownKey {
                        key: name.to_owned(),
                        what,
                        suggestion,
                    },
                );
            }
        }
        Table {
            entries,
            span,
            what,
            misspelt,
        }
    }

    /// The value at `key` as a table, opened with `known` keys.
    pub fn table<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &'static str,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Option<Table<'t, 'i>> {
        let value = parent.get(key)?;
        match value.get_ref() {
            tree::Value::Table(entries) => Some(self.open(entries, span_of(value), what, known)),
            other => {
                self.wrong_type(key, "table", other, span_of(value));
                None
            }
        }
    }

    /// The value at `key` as an array of tables, each opened with `known`.
    pub fn tables<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &'static str,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let tree::Value::Array(array) = value.get_ref() else {
            self.wrong_type(key, "list of tables", value.get_ref(), span_of(value));
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in array {
            match item.get_ref() {
                tree::Value::Table(entries) => {
                    tables.push(self.open(entries, span_of(item), what, known));
                }
                other => self.wrong_type(key, "table", other, span_of(item)),
            }
        }
        tables
    }

    pub fn wrong_type(
        &mut self,
        key: &str,
        expected: &'static str,
        found: &tree::Value<'_>,
        span: Span,
    ) {
        self.report(
            span,
            ProblemKind::WrongType {
                key: key.to_owned(),
                expected,
                found: type_name(found),
            },
        );
    }

    pub fn missing(&mut self, table: &Table<'_, '_>, key: &'static str) {
        self.report(
            table.span,
            ProblemKind::MissingKey {
                key,
                what: table.what,
            },
        );
    }

    pub fn string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            tree::Value::String(s) => Some(Spanned::new(s.to_string(), span_of(value))),
            other => {
                self.wrong_type(key, "text", other, span_of(value));
                None
            }
        }
    }

    pub fn required_string(
        &mut self,
        table: &Table<'_, '_>,
        key: &'static str,
    ) -> Option<Spanned<String>> {
        if table.get(key).is_none() {
            self.missing(table, key);
        }
        self.string(table, key)
    }

    /// A required id; when it is missing or unreadable, an empty id at the
    /// table, which later checks skip.
    pub fn id(&mut self, table: &Table<'_, '_>, key: &'static str) -> Spanned<String> {
        let id = self.required_string(table, key);
        if let Some(id) = &id
            && !is_valid_id(&id.value)
        {
            self.report(
                id.span,
                ProblemKind::InvalidId {
                    id: id.value.clone(),
                },
            );
        }
        id.unwrap_or_else(|| Spanned::new(String::new(), table.span))
    }

    pub fn bool(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<bool>> {
        let value = table.get(key)?;
        match value.get_ref() {
            tree::Value::Boolean(b) => Some(Spanned::new(*b, span_of(value))),
            other => {
                self.wrong_type(key, "true/false", other, span_of(value));
                None
            }
        }
    }

    pub fn integer(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<i64>> {
        let value = table.get(key)?;
        match value.get_ref() {
            tree::Value::Integer(i) => Some(Spanned::new(i.value(), span_of(value))),
            other => {
                self.wrong_type(key, "whole number", other, span_of(value));
                None
            }
        }
    }

    /// A number written as a TOML integer or float, read exactly from its
    /// digits, never through binary floating point.
    pub fn number(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<Number>> {
        let value = table.get(key)?;
        self.number_of(key, value)
    }

    /// A value that must be a number, read exactly; see [`Reader::number`].
    pub fn number_of(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Spanned<Number>> {
        let span = span_of(value);
        let Some(digits) = value.get_ref().number_text() else {
            self.wrong_type(key, "number", value.get_ref(), span);
            return None;
        };
        if let Some(n) = exact_number(&digits) {
            Some(Spanned::new(n, span))
        } else {
            self.report(span, ProblemKind::NumberOutOfRange { key: key.into() });
            None
        }
    }

    pub fn date(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<Date>> {
        let value = table.get(key)?;
        self.date_of(key, value)
    }

    /// A value that must be a date (without time of day).
    pub fn date_of(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Spanned<Date>> {
        let span = span_of(value);
        match value.get_ref() {
            tree::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                let date = dt.date?;
                let converted = i8::try_from(date.month)
                    .ok()
                    .zip(i8::try_from(date.day).ok());
                if let Some(date) = converted
                    .and_then(|(m, d)| Date::new(i16::try_from(date.year).ok()?, m, d).ok())
                {
                    Some(Spanned::new(date, span))
                } else {
                    self.report(span, ProblemKind::InvalidDate { key: key.into() });
                    None
                }
            }
            tree::Value::Datetime(_) => {
                self.report(span, ProblemKind::DateWithTime { key: key.into() });
                None
            }
            tree::Value::String(s) => {
                self.report(
                    span,
                    ProblemKind::DateAsText {
                        key: key.into(),
                        text: s.to_string(),
                    },
                );
                None
            }
            other => {
                self.wrong_type(key, "date", other, span);
                None
            }
        }
    }

    /// A limit of a field: a date for date fields, else a number.
    pub fn bound(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        date: bool,
    ) -> Option<Spanned<Bound>> {
        let is_date = matches!(table.get(key)?.get_ref(), tree::Value::Datetime(_));
        if date || is_date {
            self.date(table, key).map(|d| d.map(Bound::Date))
        } else {
            self.number(table, key).map(|n| n.map(Bound::Number))
        }
    }

    /// A list of strings; a single string is refused with a hint to write
    /// a list.
    pub fn strings(&mut self, table: &Table<'_, '_>, key: &str) -> Vec<Spanned<String>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let tree::Value::Array(array) = value.get_ref() else {
            self.wrong_type(key, "list of texts", value.get_ref(), span_of(value));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array {
            match item.get_ref() {
                tree::Value::String(s) => out.push(Spanned::new(s.to_string(), span_of(item))),
                other => self.wrong_type(key, "text", other, span_of(item)),
            }
        }
        out
    }

    /// A single string or a list of strings (as `legal_basis` allows).
    pub fn string_or_strings(&mut self, table: &Table<'_, '_>, key: &str) -> Vec<Spanned<String>> {
        match table.get(key).map(toml::Spanned::get_ref) {
            Some(tree::Value::String(_)) => self.string(table, key).into_iter().collect(),
            _ => self.strings(table, key),
        }
    }

    pub fn expression(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Expression> {
        let value = table.get(key)?;
        self.expression_of(key, value, Parse::Expression)
    }

    /// The FEEL source text of a value: a string, or a plain number or
    /// boolean, which where an expression is expected is an expression too
    /// (`amount = 13.00` reads as `amount = "13.00"`).
    pub fn expression_of(
        &mut self,
        key: &str,
        value: &TomlValue<'_>,
        parse: Parse,
    ) -> Option<Expression> {
        let span = span_of(value);
        let text = match value.get_ref() {
            tree::Value::String(s) => s.to_string(),
            // FEEL would read `inf` as a name.
            tree::Value::Float(f) if !f.is_finite() => {
                self.report(span, ProblemKind::NumberOutOfRange { key: key.into() });
                return None;
            }
            number @ (tree::Value::Integer(_) | tree::Value::Float(_)) => {
                number.number_text().unwrap_or_default()
            }
            tree::Value::Boolean(b) => b.to_string(),
            other => {
                self.wrong_type(key, "expression (text)", other, span);
                return None;
            }
        };
        let raw = self.text.get(span.range()).unwrap_or("");
        Some(match parse {
            Parse::Expression => Expression::from_feel(text, span, raw),
            Parse::UnaryTests => Expression::from_cell(text, span, raw),
        })
    }

    /// A list of expressions, or of decision table cells.
    pub fn expressions(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        parse: Parse,
    ) -> (Vec<Expression>, Option<Span>) {
        let Some(value) = table.get(key) else {
            return (Vec::new(), None);
        };
        let tree::Value::Array(array) = value.get_ref() else {
            self.wrong_type(key, "list of expressions", value.get_ref(), span_of(value));
            return (Vec::new(), None);
        };
        let items = array
            .iter()
            .filter_map(|item| self.expression_of(key, item, parse))
            .collect();
        (items, Some(span_of(value)))
    }

    /// A keyword from a fixed set (`kind = "task"`), converted by `parse`.
    pub fn keyword<T>(
        &mut self,
        table: &Table<'_, '_>,
        key: &'static str,
        allowed: &'static [&'static str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let text = self.string(table, key)?;
        if let Some(value) = parse(&text.value) {
            return Some(Spanned::new(value, text.span));
        }
        self.report(
            text.span,
            ProblemKind::InvalidKeyword {
                key,
                value: text.value.clone(),
                allowed,
                suggestion: closest(&text.value, allowed),
            },
        );
        None
    }
}

use crate::model::Bound;

/// Whether `id` is a valid id: a lower-case letter, then lower-case letters,
/// digits and underscores.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads a decimal number exactly, also in exponent notation (`1e3`).
fn exact_number(digits: &str) -> Option<Number> {
    let decimal: dec::Decimal128 = digits.parse().ok()?;
    decimal.is_finite().then_some(Number(decimal))
}

/// The allowed word closest to `word`, if it is a likely typo.
pub fn closest(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    crate::suggest::closest(word, candidates.iter().copied())
}
