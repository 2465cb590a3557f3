//! Reading typed values with their places out of a parsed profile.
//!
//! Profiles are parsed with `toml`'s spanned document tables, as model
//! files are, so that every problem points at its line and column. A
//! [`Reader`] reports what is wrong (an unknown key, a value of the wrong
//! type, a missing key) and carries on, so that one reading shows every
//! problem of a file.

use jiff::civil::Date;
use toml::de::{DeTable, DeValue};

use crate::load::profile::{ProfileError, ProfileErrorKind};
use crate::source::{Span, Spanned};

pub(crate) type TomlValue<'i> = toml::Spanned<DeValue<'i>>;

pub(crate) fn span_of<T>(value: &toml::Spanned<T>) -> Span {
    Span::from(value.span())
}

/// The name of a TOML value's type, in the words of the docs.
pub(crate) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "whole number",
        DeValue::Float(_) => "decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "date",
        DeValue::Array(_) => "list",
        DeValue::Table(_) => "table",
    }
}

/// A table of the profile, with its place and what it describes.
pub(crate) struct Table<'t, 'i> {
    pub entries: &'t DeTable<'i>,
    pub span: Span,
    pub what: &'static str,
    /// Misspelt keys, each with the known key it most likely means; their
    /// values are read as if spelt right, so that a typo gives one problem.
    misspelt: Vec<(&'static str, &'t str)>,
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn get(&self, key: &str) -> Option<&'t TomlValue<'i>> {
        self.entries.get(key).or_else(|| {
            let (_, written) = self.misspelt.iter().find(|(meant, _)| *meant == key)?;
            self.entries.get(*written)
        })
    }
}

/// Collects the problems of one file.
#[derive(Default)]
pub(crate) struct Reader {
    pub errors: Vec<ProfileError>,
}

impl Reader {
    pub fn report(&mut self, span: Span, kind: ProfileErrorKind) {
        self.errors.push(ProfileError { span, kind });
    }

    /// Opens a table, reporting keys that are not among `known`.
    pub fn open<'t, 'i>(
        &mut self,
        entries: &'t DeTable<'i>,
        span: Span,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Table<'t, 'i> {
        let mut misspelt = Vec::new();
        for (key, _) in entries {
            let name: &'t str = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let suggestion = crate::suggest::closest(name, known.iter().copied());
            if let Some(meant) = suggestion
                && !entries.contains_key(meant)
                && !misspelt.iter().any(|(m, _)| *m == meant)
            {
                misspelt.push((meant, name));
            }
            self.report(
                span_of(key),
                ProfileErrorKind::UnknownKey {
                    key: name.to_owned(),
                    what,
                    suggestion,
                },
            );
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
            DeValue::Table(entries) => Some(self.open(entries, span_of(value), what, known)),
            other => {
                self.wrong_type(key, "table", other, span_of(value));
                None
            }
        }
    }

    pub fn wrong_type(
        &mut self,
        key: &str,
        expected: &'static str,
        found: &DeValue<'_>,
        span: Span,
    ) {
        self.report(
            span,
            ProfileErrorKind::WrongType {
                key: key.to_owned(),
                expected,
                found: type_name(found),
            },
        );
    }

    pub fn missing(&mut self, table: &Table<'_, '_>, key: &'static str) {
        self.report(
            table.span,
            ProfileErrorKind::MissingKey {
                key,
                what: table.what,
            },
        );
    }

    pub fn string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(s.to_string(), span_of(value))),
            other => {
                self.wrong_type(key, "text", other, span_of(value));
                None
            }
        }
    }

    pub fn integer(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<i64>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                if let Ok(n) = i64::from_str_radix(&digits, i.radix()) {
                    Some(Spanned::new(n, span_of(value)))
                } else {
                    self.report(
                        span_of(value),
                        ProfileErrorKind::NumberOutOfRange { key: key.into() },
                    );
                    None
                }
            }
            other => {
                self.wrong_type(key, "whole number", other, span_of(value));
                None
            }
        }
    }

    pub fn date(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Spanned<Date>> {
        let value = table.get(key)?;
        self.date_of(key, value)
    }

    /// A value that must be a date without time of day.
    pub fn date_of(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Spanned<Date>> {
        let span = span_of(value);
        match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                let date = dt.date?;
                let converted = i8::try_from(date.month)
                    .ok()
                    .zip(i8::try_from(date.day).ok())
                    .and_then(|(m, d)| Date::new(i16::try_from(date.year).ok()?, m, d).ok());
                if let Some(date) = converted {
                    Some(Spanned::new(date, span))
                } else {
                    self.report(span, ProfileErrorKind::InvalidDate { key: key.into() });
                    None
                }
            }
            DeValue::Datetime(_) => {
                self.report(span, ProfileErrorKind::DateWithTime { key: key.into() });
                None
            }
            DeValue::String(s) => {
                self.report(
                    span,
                    ProfileErrorKind::DateAsText {
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

    /// A list of texts.
    pub fn strings(&mut self, table: &Table<'_, '_>, key: &str) -> Vec<Spanned<String>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(key, "list of texts", value.get_ref(), span_of(value));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(s.to_string(), span_of(item))),
                other => self.wrong_type(key, "text", other, span_of(item)),
            }
        }
        out
    }

    /// A word from a fixed set, converted by `parse`.
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
            ProfileErrorKind::InvalidKeyword {
                key,
                value: text.value.clone(),
                allowed,
                suggestion: crate::suggest::closest(&text.value, allowed.iter().copied()),
            },
        );
        None
    }
}
