//! A parsed TOML document that keeps the span of every key and value.
//!
//! Model files are read through this tree rather than through
//! `toml::de::DeTable`, because building the tree straight from the
//! events of `toml_parser` costs about half as much as `DeTable` does for
//! the same file, and linting thousands of services is mostly parsing.
//!
//! The fast builder accepts only documents that are plainly valid: at the
//! first syntax error, or at any table definition it does not handle
//! itself (a redefined key or table, a header that reopens a table built
//! from dotted keys, ...), it gives up and the file is parsed again by
//! `toml::de::DeTable`. That parser then decides: it reports the error
//! with its message and span, or, for a valid document the builder left
//! alone, its result is converted into this tree. So what is accepted, and
//! every error message, is `toml`'s, except for what `toml` lets through
//! although TOML forbids it, or reports without a place, which is refused
//! here with a message of our own (see [`parse`]).

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span as TokenSpan};

/// A key as written, decoded, with its span.
pub(crate) type Key<'i> = Spanned<Cow<'i, str>>;

/// A value with its span.
pub(crate) type Item<'i> = Spanned<Value<'i>>;

/// A TOML value. Floats keep their digits as written, so that decimals
/// are read exactly.
#[derive(Debug, Clone)]
pub(crate) enum Value<'i> {
    String(Cow<'i, str>),
    Integer(Integer),
    Float(Float<'i>),
    Boolean(bool),
    Datetime(Datetime),
    Array(Array<'i>),
    Table(Table<'i>),
}

/// An integer, which TOML limits to 64 bits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Integer(i64);

impl Integer {
    pub fn value(self) -> i64 {
        self.0
    }
}

/// A float as written.
#[derive(Debug, Clone)]
pub(crate) struct Float<'i> {
    text: Cow<'i, str>,
}

impl Float<'_> {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Not `inf` or `nan`, with or without a sign.
    pub fn is_finite(&self) -> bool {
        !self.text.ends_with("inf") && !self.text.ends_with("nan")
    }
}

impl Value<'_> {
    /// A number as plain decimal digits, as FEEL and exact decimals read
    /// them: `0x1F` is `31`, `+1_000.50` is `1000.50`, `1.3e1` is `13`.
    /// `inf` and `nan` stay as they are. `None` for anything but a number.
    pub fn number_text(&self) -> Option<String> {
        match self {
            Value::Integer(i) => Some(i.value().to_string()),
            Value::Float(f) => {
                let text = f.as_str().replace('_', "");
                let text = text.strip_prefix('+').unwrap_or(&text);
                if text.contains(['e', 'E'])
                    && let Ok(decimal) = text.parse::<dec::Decimal128>()
                    && decimal.is_finite()
                {
                    return Some(decimal.to_standard_notation_string());
                }
                Some(text.to_owned())
            }
            _ => None,
        }
    }
}

/// An array, or an array of tables (`[[name]]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Array<'i> {
    items: Vec<Item<'i>>,
    of_tables: bool,
}

impl<'i> std::ops::Deref for Array<'i> {
    type Target = [Item<'i>];

    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<'a, 'i> IntoIterator for &'a Array<'i> {
    type Item = &'a Item<'i>;
    type IntoIter = std::slice::Iter<'a, Item<'i>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A table. Once parsed its entries are in key order (as in a
/// `BTreeMap`), and keys are looked up by binary search.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table<'i> {
    entries: Vec<(Key<'i>, Item<'i>)>,
    /// Only while building: where each key is, once the table is large
    /// enough that searching it entry by entry would be slow.
    index: Option<FxHashMap<String, usize>>,
    /// Only while building: created on the way to a deeper key rather
    /// than by its own header.
    implicit: bool,
    /// Only while building: created by a dotted key (`a.b = 1`).
    dotted: bool,
    /// Only while building: written inline (`{ ... }`), closed for good.
    inline: bool,
}

/// Up to this many entries, a table is searched entry by entry.
const SCAN_UP_TO: usize = 12;

/// From this many entries on, a table being built keeps an index.
const INDEX_FROM: usize = 24;

impl<'i> Table<'i> {
    pub fn get(&self, key: &str) -> Option<&Item<'i>> {
        // Most tables have a handful of keys, most looked-up keys are
        // absent, and a length rarely matches: a scan beats a search.
        if self.entries.len() <= SCAN_UP_TO {
            return self
                .entries
                .iter()
                .find(|(k, _)| {
                    let k = k.get_ref().as_bytes();
                    // The first byte rules out most keys of the same length.
                    k.len() == key.len()
                        && k.first() == key.as_bytes().first()
                        && k == key.as_bytes()
                })
                .map(|(_, v)| v);
        }
        self.entries
            .binary_search_by(|(k, _)| k.get_ref().as_ref().cmp(key))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Item<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Where `key` is while the table is being built.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k.get_ref() == key),
        }
    }

    /// Adds an entry whose key is known to be new.
    fn push(&mut self, key: Key<'i>, item: Item<'i>) -> usize {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.get_ref().to_string(), at);
        } else if at + 1 >= INDEX_FROM {
            let mut index: FxHashMap<String, usize> = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.get_ref().to_string(), i))
                .collect();
            index.insert(key.get_ref().to_string(), at);
            self.index = Some(index);
        }
        self.entries.push((key, item));
        at
    }

    fn implicit(dotted: bool, inline: bool) -> Self {
        Table {
            implicit: true,
            dotted,
            inline,
            ..Table::default()
        }
    }

    /// Puts the entries in key order and drops what only building needs.
    fn seal(&mut self) {
        self.index = None;
        self.entries
            .sort_unstable_by(|(a, _), (b, _)| a.get_ref().cmp(b.get_ref()));
        for (_, item) in &mut self.entries {
            item.get_mut().seal();
        }
    }
}

impl Value<'_> {
    fn seal(&mut self) {
        match self {
            Value::Table(table) => table.seal(),
            Value::Array(array) => {
                for item in &mut array.items {
                    item.get_mut().seal();
                }
            }
            _ => {}
        }
    }
}

impl<'a, 'i> IntoIterator for &'a Table<'i> {
    type Item = (&'a Key<'i>, &'a Item<'i>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Key<'i>, Item<'i>)>,
        fn(&'a (Key<'i>, Item<'i>)) -> (&'a Key<'i>, &'a Item<'i>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// Why a document is not valid TOML, and where, when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl SyntaxError {
    fn new(span: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        SyntaxError {
            message: message.into(),
            span: Some(span),
        }
    }
}

impl From<toml::de::Error> for SyntaxError {
    fn from(error: toml::de::Error) -> Self {
        SyntaxError {
            message: error.message().trim().to_owned(),
            span: error.span(),
        }
    }
}

/// Parses a TOML document whose byte-order mark, if it had one, is
/// already removed. The error is `toml`'s own, with its message and span,
/// unless the builder refused something first that `toml` lets through
/// (`0x` without digits, an integer beyond 64 bits, a dotted key adding to
/// a list, a second byte-order mark) or reports without a place (a key of
/// more than [`MAX_KEY_PARTS`] parts). A value nested too deeply is
/// refused before anything else, since `toml` itself might exhaust the
/// stack on it.
pub(crate) fn parse(text: &str) -> Result<Table<'_>, SyntaxError> {
    let refused = match build(text) {
        Ok(table) => return Ok(table),
        Err(Unbuilt::TooDeep(refused)) => return Err(refused),
        Err(Unbuilt::Refused(refused)) => Some(refused),
        Err(Unbuilt::LeftToToml) => None,
    };
    let error = match DeTable::parse(text) {
        Ok(parsed) => match refused {
            Some(refused) => return Err(refused),
            None => return from_detable(text, parsed.into_inner()),
        },
        Err(error) => SyntaxError::from(error),
    };
    // The earlier of the two; `toml`'s on a tie, ours where `toml` has no place.
    let ours_first = |ours: &SyntaxError| match (&ours.span, &error.span) {
        (Some(ours), Some(theirs)) => ours.start < theirs.start,
        (_, theirs) => theirs.is_none(),
    };
    match refused {
        Some(ours) if ours_first(&ours) => Err(ours),
        _ => Err(error),
    }
}

/// Arrays and inline tables nested deeper than this are left to `toml`,
/// which refuses them: the tree is sealed and dropped recursively.
const MAX_DEPTH: usize = 80;

/// Keys of more parts than this (`a.b.c` has three) are refused: `toml`
/// refuses them too, but without saying where, and building the nested
/// tables of a key of thousands of parts would exhaust the stack.
const MAX_KEY_PARTS: usize = 80;

/// Values nested deeper than this, counting the parts of the header and of
/// every key on the way and the arrays and inline tables around them, are
/// refused: `toml` allows 80 inline tables of keys of 80 parts each, and
/// turning such a document into this tree would exhaust the stack.
const MAX_NESTING: usize = 200;

/// Why the fast path built no tree.
enum Unbuilt {
    /// The document has an error, or something the builder leaves to
    /// `toml`.
    LeftToToml,
    /// The builder refused something `toml` lets through or cannot place.
    Refused(SyntaxError),
    /// Nested too deeply to hand to `toml`; the error is the first refusal.
    TooDeep(SyntaxError),
}

/// The fast path.
fn build(text: &str) -> Result<Table<'_>, Unbuilt> {
    if text.starts_with('\u{feff}') {
        let message = "a second byte-order mark (U+FEFF) begins the file; remove it";
        let error = SyntaxError::new(0..'\u{feff}'.len_utf8(), message);
        return Err(Unbuilt::Refused(error));
    }
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut builder = Builder::new(text);
    let mut first_error: Option<ParseError> = None;
    toml_parser::parser::parse_document(&tokens, &mut builder, &mut first_error);
    if first_error.is_some() || builder.gave_up {
        return Err(match builder.refused {
            Some(refused) if builder.too_deep => Unbuilt::TooDeep(refused),
            Some(refused) => Unbuilt::Refused(refused),
            None => Unbuilt::LeftToToml,
        });
    }
    builder.finish().ok_or(Unbuilt::LeftToToml)
}

/// A header (`[a.b]` or `[[a.b]]`) and what it opened.
struct Header<'i> {
    keys: Vec<Key<'i>>,
    span: std::ops::Range<usize>,
    array: bool,
    /// The table existed, made implicitly by a deeper header, and was
    /// taken out of its parent to be continued; its place holds a stand-in.
    reopened: bool,
}

/// A value being built: an array or inline table still open.
enum Open<'i> {
    Array {
        start: usize,
        items: Vec<Item<'i>>,
    },
    Inline {
        start: usize,
        table: Table<'i>,
        /// Where the key of the value being read begins in `keys`.
        key: Option<usize>,
    },
}

struct Builder<'i> {
    text: &'i str,
    gave_up: bool,
    /// The first thing refused that `toml` would let through or report
    /// without a place.
    refused: Option<SyntaxError>,
    /// Whether a value nested too deeply was refused.
    too_deep: bool,
    root: Table<'i>,
    /// The table under the latest header, taken out of the tree until the
    /// next header (or the end) puts it in its place.
    current: Table<'i>,
    header: Option<Header<'i>>,
    /// Whether a header is being read, and where it began.
    header_start: Option<(usize, bool)>,
    /// The parts of the keys whose values are being read (one key per
    /// open inline table, and one at the top level), then those of the key
    /// being read. A stack, so that no key needs a vector of its own.
    keys: Vec<Key<'i>>,
    /// How many of `keys` belong to keys whose values are being read.
    held: usize,
    /// Where the key of the value being read at the top level begins.
    key: Option<usize>,
    open: Vec<Open<'i>>,
}

impl<'i> Builder<'i> {
    fn new(text: &'i str) -> Self {
        Builder {
            text,
            gave_up: false,
            refused: None,
            too_deep: false,
            root: Table::default(),
            current: Table::default(),
            header: None,
            header_start: None,
            keys: Vec::new(),
            held: 0,
            key: None,
            open: Vec::new(),
        }
    }

    fn refuse(&mut self, span: std::ops::Range<usize>, message: String) {
        self.gave_up = true;
        if self.refused.is_none() {
            self.refused = Some(SyntaxError::new(span, message));
        }
    }

    fn raw(&self, span: TokenSpan, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.text.get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    fn finish(mut self) -> Option<Table<'i>> {
        if !self.open.is_empty() || self.key.is_some() || self.header_start.is_some() {
            return None;
        }
        self.finish_table()?;
        let mut root = self.root;
        root.seal();
        Some(root)
    }

    /// Puts the table under the current header into the tree.
    fn finish_table(&mut self) -> Option<()> {
        let table = std::mem::take(&mut self.current);
        let Some(header) = self.header.take() else {
            self.root = table;
            return Some(());
        };
        let (last, path) = header.keys.split_last()?;
        let parent = descend_for_header(&mut self.root, path)?;
        let item = Spanned::new(header.span.clone(), Value::Table(table));
        if header.array {
            if let Some(at) = parent.position(last.get_ref()) {
                match parent.entries[at].1.get_mut() {
                    Value::Array(array) if array.of_tables => array.items.push(item),
                    _ => return None,
                }
            } else {
                let array = Array {
                    items: vec![item],
                    of_tables: true,
                };
                parent.push(last.clone(), Spanned::new(header.span, Value::Array(array)));
            }
        } else if header.reopened {
            // The key is now the header's, as `toml` has it.
            let at = parent.position(last.get_ref())?;
            parent.entries[at] = (last.clone(), item);
        } else {
            parent.push(last.clone(), item);
        }
        Some(())
    }

    /// Starts the table named by a header just read.
    fn start_table(&mut self, keys: Vec<Key<'i>>, span: std::ops::Range<usize>, array: bool) {
        if self.too_deep {
            return;
        }
        let mut reopened = false;
        let mut current = Table::default();
        if !array {
            let Some((last, path)) = keys.split_last() else {
                self.gave_up = true;
                return;
            };
            let Some(parent) = descend_for_header(&mut self.root, path) else {
                self.gave_up = true;
                return;
            };
            if let Some(at) = parent.position(last.get_ref()) {
                // Only a table made on the way to a deeper header may be
                // defined now; anything else is left to `toml` to report.
                let stand_in = Spanned::new(0..0, Value::Boolean(false));
                let old = std::mem::replace(&mut parent.entries[at].1, stand_in);
                match old.into_inner() {
                    Value::Table(table) if table.implicit && !table.dotted && !table.inline => {
                        current = table;
                        reopened = true;
                    }
                    _ => {
                        self.gave_up = true;
                        return;
                    }
                }
            }
        }
        current.implicit = false;
        current.dotted = false;
        self.current = current;
        self.header = Some(Header {
            keys,
            span,
            array,
            reopened,
        });
    }

    /// A finished value: into the open array or inline table, or under
    /// its key in the current table.
    fn value(&mut self, item: Item<'i>) {
        // A key refused for its length must not make its thousands of
        // nested tables. After merely giving up, building goes on, so that
        // what is refused further on is still found.
        if self.too_deep {
            return;
        }
        let (table, from, inline) = match self.open.last_mut() {
            Some(Open::Array { items, .. }) => {
                items.push(item);
                return;
            }
            Some(Open::Inline { table, key, .. }) => (table, key.take(), true),
            None => (&mut self.current, self.key.take(), false),
        };
        // After an error the parser's events need not fit together.
        let Some(from) = from.filter(|&from| from <= self.keys.len()) else {
            self.gave_up = true;
            return;
        };
        self.held = from;
        match insert(table, self.keys.drain(from..), item, inline) {
            Ok(()) => {}
            Err(Some(list)) => {
                let message = format!(
                    "`{}` is a list, so a dotted key cannot add to it",
                    list.get_ref()
                );
                self.refuse(list.span(), message);
            }
            Err(None) => self.gave_up = true,
        }
    }
}

/// Follows a header's leading keys down from the root, making the tables
/// that do not exist yet.
fn descend_for_header<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
) -> Option<&'t mut Table<'i>> {
    for key in path {
        let at = table.position(key.get_ref()).unwrap_or_else(|| {
            let made = Spanned::new(key.span(), Value::Table(Table::implicit(false, false)));
            table.push(key.clone(), made)
        });
        table = match table.entries[at].1.get_mut() {
            Value::Table(child) if !child.inline => child,
            Value::Array(array) if array.of_tables => match array.items.last_mut()?.get_mut() {
                Value::Table(child) => child,
                _ => return None,
            },
            _ => return None,
        };
    }
    Some(table)
}

/// Puts a value under a possibly dotted key. Going through a table is
/// only done here if that table was itself made by dotted keys. The error
/// is the key part that runs into a list, or `None` where `toml` decides.
fn insert<'i>(
    table: &mut Table<'i>,
    mut keys: impl Iterator<Item = Key<'i>>,
    item: Item<'i>,
    inline: bool,
) -> Result<(), Option<Key<'i>>> {
    let mut last = keys.next().ok_or(None)?;
    let mut table = table;
    for next in keys {
        let at = if let Some(at) = table.position(last.get_ref()) {
            at
        } else {
            let made = Spanned::new(last.span(), Value::Table(Table::implicit(true, inline)));
            table.push(last.clone(), made)
        };
        table = match table.entries[at].1.get_mut() {
            Value::Table(child) if child.implicit && child.dotted => child,
            Value::Array(_) => return Err(Some(last)),
            _ => return Err(None),
        };
        last = next;
    }
    if table.position(last.get_ref()).is_some() {
        return Err(None);
    }
    table.push(last, item);
    Ok(())
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        self.table_open(span, false);
    }

    fn array_table_open(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        self.table_open(span, true);
    }

    fn std_table_close(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        self.table_close(span, false);
    }

    fn array_table_close(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        self.table_close(span, true);
    }

    fn inline_table_open(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) -> bool {
        if self.open.len() >= MAX_DEPTH {
            self.gave_up = true;
            return false;
        }
        self.open.push(Open::Inline {
            start: span.start(),
            table: Table {
                inline: true,
                ..Table::default()
            },
            key: None,
        });
        true
    }

    fn inline_table_close(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        match self.open.pop() {
            Some(Open::Inline {
                start,
                table,
                key: None,
            }) => self.value(Spanned::new(start..span.end(), Value::Table(table))),
            _ => self.gave_up = true,
        }
    }

    fn array_open(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) -> bool {
        if self.open.len() >= MAX_DEPTH {
            self.gave_up = true;
            return false;
        }
        self.open.push(Open::Array {
            start: span.start(),
            items: Vec::new(),
        });
        true
    }

    fn array_close(&mut self, span: TokenSpan, _error: &mut dyn ErrorSink) {
        match self.open.pop() {
            Some(Open::Array { start, items }) => {
                let array = Array {
                    items,
                    of_tables: false,
                };
                self.value(Spanned::new(start..span.end(), Value::Array(array)));
            }
            _ => self.gave_up = true,
        }
    }

    fn simple_key(
        &mut self,
        span: TokenSpan,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) {
        let Some(raw) = self.raw(span, encoding) else {
            self.gave_up = true;
            return;
        };
        let mut key = Cow::Borrowed("");
        raw.decode_key(&mut key, error);
        self.keys.push(Spanned::new(span.start()..span.end(), key));
        // While a header is read, `keys` holds it; after, the keys below it.
        let depth = if self.header_start.is_some() {
            self.keys.len()
        } else {
            self.header.as_ref().map_or(0, |h| h.keys.len()) + self.keys.len() + self.open.len()
        };
        let message = if self.keys.len().saturating_sub(self.held) > MAX_KEY_PARTS {
            format!("this key has more than {MAX_KEY_PARTS} parts; shorten it")
        } else if depth > MAX_NESTING {
            format!(
                "this value lies more than {MAX_NESTING} levels deep, counting every part of \
                 its keys and every table around it; write it less deeply"
            )
        } else {
            return;
        };
        self.refuse(span.start()..span.end(), message);
        self.too_deep = true;
    }

    fn key_val_sep(&mut self, _span: TokenSpan, _error: &mut dyn ErrorSink) {
        let from = self.held;
        self.held = self.keys.len();
        let slot = match self.open.last_mut() {
            Some(Open::Inline { key, .. }) => key,
            Some(Open::Array { .. }) => {
                self.gave_up = true;
                return;
            }
            None => &mut self.key,
        };
        if from == self.held || slot.replace(from).is_some() {
            self.gave_up = true;
        }
    }

    fn scalar(&mut self, span: TokenSpan, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, encoding) else {
            self.gave_up = true;
            return;
        };
        let mut decoded = Cow::Borrowed("");
        let value = match raw.decode_scalar(&mut decoded, error) {
            ScalarKind::String => match lf_string(raw.as_str()) {
                Some(lf) => Value::String(Cow::Owned(lf)),
                None => Value::String(decoded),
            },
            ScalarKind::Boolean(b) => Value::Boolean(b),
            ScalarKind::DateTime => {
                let Ok(datetime) = decoded.parse::<Datetime>() else {
                    self.gave_up = true;
                    return;
                };
                Value::Datetime(datetime)
            }
            ScalarKind::Float => Value::Float(Float { text: decoded }),
            ScalarKind::Integer(radix) => match integer(&decoded, radix.value()) {
                Ok(i) => Value::Integer(i),
                Err(message) => {
                    self.refuse(span.start()..span.end(), message);
                    return;
                }
            },
        };
        self.value(Spanned::new(span.start()..span.end(), value));
    }

    fn comment(&mut self, span: TokenSpan, error: &mut dyn ErrorSink) {
        // Reports control characters, as `toml` does.
        match self.raw(span, None) {
            Some(raw) => raw.decode_comment(error),
            None => self.gave_up = true,
        }
    }

    fn newline(&mut self, span: TokenSpan, error: &mut dyn ErrorSink) {
        match self.raw(span, None) {
            Some(raw) => raw.decode_newline(error),
            None => self.gave_up = true,
        }
    }

    fn error(&mut self, _span: TokenSpan, _error: &mut dyn ErrorSink) {
        self.gave_up = true;
    }
}

impl Builder<'_> {
    fn table_open(&mut self, span: TokenSpan, array: bool) {
        if !self.open.is_empty() || self.key.is_some() || self.header_start.is_some() {
            self.gave_up = true;
            return;
        }
        if self.finish_table().is_none() {
            self.gave_up = true;
            return;
        }
        self.keys.clear();
        self.header_start = Some((span.start(), array));
    }

    fn table_close(&mut self, span: TokenSpan, array: bool) {
        match self.header_start.take() {
            Some((start, was_array)) if was_array == array => {
                let keys = std::mem::take(&mut self.keys);
                self.start_table(keys, start..span.end(), array);
            }
            _ => self.gave_up = true,
        }
    }
}

/// An integer from its digits without separators or prefix. TOML allows
/// only what fits in 64 bits; `toml` lets larger ones, and a prefix
/// without digits (`0x`), through.
fn integer(digits: &str, radix: u32) -> Result<Integer, String> {
    if digits.is_empty() {
        return Err("a number needs digits after its prefix, as in 0x1F".to_owned());
    }
    i64::from_str_radix(digits, radix)
        .map(Integer)
        .map_err(|_| {
            format!(
                "this whole number is too large for TOML, which allows {} to {}",
                i64::MIN,
                i64::MAX
            )
        })
}

/// A multi-line string of a file with CRLF line ends, decoded as if its
/// lines ended in LF, so that a file reads the same whichever line ends
/// git checked it out with. `None` when there is nothing to change.
fn lf_string(raw: &str) -> Option<String> {
    let encoding = if raw.starts_with("\"\"\"") {
        Encoding::MlBasicString
    } else if raw.starts_with("'''") {
        Encoding::MlLiteralString
    } else {
        return None;
    };
    if !raw.contains('\r') {
        return None;
    }
    let lf = raw.replace("\r\n", "\n");
    let span = TokenSpan::new_unchecked(0, lf.len());
    let mut decoded = Cow::Borrowed("");
    let _string =
        Raw::new_unchecked(&lf, Some(encoding), span).decode_scalar(&mut decoded, &mut ());
    Some(decoded.into_owned())
}

/// The tree of a document that `toml` parsed where the fast builder gave up.
fn from_detable<'i>(text: &'i str, table: DeTable<'i>) -> Result<Table<'i>, SyntaxError> {
    let entries = table
        .into_iter()
        .map(|(key, value)| {
            let span = value.span();
            let value = from_devalue(text, value.into_inner(), span.clone())?;
            Ok((key, Spanned::new(span, value)))
        })
        .collect::<Result<_, SyntaxError>>()?;
    Ok(Table {
        entries,
        ..Table::default()
    })
}

fn from_devalue<'i>(
    text: &'i str,
    value: DeValue<'i>,
    span: std::ops::Range<usize>,
) -> Result<Value<'i>, SyntaxError> {
    Ok(match value {
        DeValue::String(s) => lf_string(text.get(span.clone()).unwrap_or(""))
            .map_or(Value::String(s), |lf| Value::String(Cow::Owned(lf))),
        DeValue::Integer(i) => Value::Integer(
            integer(i.as_str(), i.radix()).map_err(|message| SyntaxError::new(span, message))?,
        ),
        DeValue::Float(f) => Value::Float(Float {
            text: Cow::Owned(f.as_str().to_owned()),
        }),
        DeValue::Boolean(b) => Value::Boolean(b),
        DeValue::Datetime(d) => Value::Datetime(d),
        DeValue::Array(array) => Value::Array(Array {
            items: array
                .into_iter()
                .map(|item| {
                    let span = item.span();
                    let value = from_devalue(text, item.into_inner(), span.clone())?;
                    Ok(Spanned::new(span, value))
                })
                .collect::<Result<_, SyntaxError>>()?,
            of_tables: false,
        }),
        DeValue::Table(table) => Value::Table(from_detable(text, table)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::seq::IndexedRandom;
    use rand::{RngExt, SeedableRng};
    use rand_pcg::Pcg64;

    /// What `toml` makes of a document, as this tree.
    fn by_toml(text: &str) -> Result<Table<'_>, SyntaxError> {
        let parsed = DeTable::parse(text).map_err(SyntaxError::from)?;
        from_detable(text, parsed.into_inner())
    }

    fn same_value(a: &Item<'_>, b: &Item<'_>, at: &str) -> Result<(), String> {
        if a.span() != b.span() {
            return Err(format!("{at}: span {:?} vs {:?}", a.span(), b.span()));
        }
        match (a.get_ref(), b.get_ref()) {
            (Value::String(x), Value::String(y)) if x == y => Ok(()),
            (Value::Integer(x), Value::Integer(y)) if x.value() == y.value() => Ok(()),
            (Value::Float(x), Value::Float(y)) if x.as_str() == y.as_str() => Ok(()),
            (Value::Boolean(x), Value::Boolean(y)) if x == y => Ok(()),
            (Value::Datetime(x), Value::Datetime(y)) if x == y => Ok(()),
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y.iter())
                .enumerate()
                .try_for_each(|(i, (x, y))| same_value(x, y, &format!("{at}[{i}]"))),
            (Value::Table(x), Value::Table(y)) => same_table(x, y, at),
            (x, y) => Err(format!("{at}: {x:?} vs {y:?}")),
        }
    }

    fn same_table(a: &Table<'_>, b: &Table<'_>, at: &str) -> Result<(), String> {
        let keys = |t: &Table<'_>| -> Vec<(String, std::ops::Range<usize>)> {
            t.iter()
                .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                .collect()
        };
        if keys(a) != keys(b) {
            return Err(format!("{at}: keys {:?} vs {:?}", keys(a), keys(b)));
        }
        a.iter()
            .zip(b.iter())
            .try_for_each(|((k, x), (_, y))| same_value(x, y, &format!("{at}.{}", k.get_ref())))
    }

    /// Whether the builder read `text` itself (`Some(true)`) or left it to
    /// `toml` (`Some(false)`), failing where the two disagree; `None` for
    /// an invalid document.
    fn check(text: &str) -> Option<bool> {
        let fast = match build(text) {
            Ok(table) => Some(table),
            // Refused by the builder, whatever `toml` says: where `toml`
            // accepts, only for what TOML forbids.
            Err(Unbuilt::Refused(refused) | Unbuilt::TooDeep(refused)) => {
                let forbidden = [
                    "digits after",
                    "too large",
                    "is a list",
                    "byte-order",
                    "deep",
                ];
                assert!(
                    by_toml(text).is_err() || forbidden.iter().any(|f| refused.message.contains(f)),
                    "refused what toml accepts ({refused:?}):\n{text}"
                );
                return None;
            }
            Err(Unbuilt::LeftToToml) => None,
        };
        match (fast, by_toml(text)) {
            (Some(fast), Ok(slow)) => {
                if let Err(difference) = same_table(&fast, &slow, "") {
                    panic!("differs from toml at {difference} in\n{text}");
                }
                Some(true)
            }
            (Some(_), Err(error)) => panic!("accepted what toml rejects ({error:?}):\n{text}"),
            (None, Ok(_)) => Some(false),
            (None, Err(_)) => None,
        }
    }

    #[test]
    fn agrees_with_toml_on_tricky_documents() {
        let documents = [
            "",
            "a = 1",
            "a = 1\na = 2",
            "a.b = 1\na.c = 2",
            "a.b = 1\n[a]\nc = 2",
            "[a.b]\nx = 1\n[a]\ny = 2",
            "[a.b]\nx = 1\n[a]\nb.z = 2",
            "[a]\nb.c = 1\n[a.b]\nd = 2",
            "[a]\nb.c = 1\n[a.b.e]\nd = 2",
            "[a]\n[a]",
            "[a]\nx = 1\n[a.b]\n[a]",
            "a = 1\n[a]",
            "a = [1]\n[[a]]",
            "[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\ny = 3\n[[a.c]]\nz = 4",
            "[[a]]\n[a]",
            "[a]\n[[a]]",
            "[[a.b]]\n[a]\nc = 1",
            "[[a.b]]\n[a]\nb = 1",
            "x = { a = 1, b.c = 2, b.d = 3 }",
            "x = { a = 1, a = 2 }",
            "x = { a.b = 1, a = 2 }",
            "x = { a = { b = 1 }, a.c = 2 }",
            "x = { a = 1 }\nx.b = 2",
            "x = { a = 1 }\n[x.b]",
            "x = { a = 1 }\n[x]",
            "x = [ { a = 1 }, [1, 2, [3]], \"s\" ]",
            "x = [\n  1, # one\n  2,\n]\n",
            "d = 2024-02-30",
            "d = 2024-02-29\nt = 07:32:00\ndt = 1979-05-27T07:32:00Z\nl = 1979-05-27T00:32:00.999",
            "i = 0x_ff",
            "i = 0xff\no = 0o17\nb = 0b101\nn = -1_000\nf = 6.02e+23\ng = -inf\nh = nan",
            "s = 'lit'\nt = \"\"\"\nml \\\n  basic\"\"\"\nu = '''\nml lit'''\nv = \"\\u00e4\\t\"",
            "\"quoted key\" = 1\n'lit key' = 2\n\"a.b\".c = 3",
            "\"\" = 1",
            "a.\"b\".c = 1\na . b . d = 2",
            "[ a . b ]\nx = 1",
            "[a]\nx = 1\n# comment \u{1}",
            "a = \"\u{7f}\"",
            "a = 1 b = 2",
            "[a",
            "a = ",
            "= 1",
            "a = {",
            "a = [1,,2]",
            "a = { b = 1, }",
            "[[a]]\n[[a.b]]\n[a.b.c]\n[[a.b]]\n[[a]]\n[a.b]",
            "a.b.c = 1\n[a.b]",
            "a.b.c = 1\n[a]",
            "a.b.c = 1\n[[a.d]]",
            "[a]\n[a.b]\n[a.b.c]\n[a.d]\n[a.b.e]",
            "\u{feff}a = 1",
            "a = 1\r\nb = 2\r\n",
        ];
        for document in documents {
            // Each of these is either invalid or taken by the fast path.
            assert_ne!(check(document), Some(false), "fell back on {document:?}");
        }
        // Valid, but left to `toml`: a dotted key through a table that a
        // deeper header made. The result is `toml`'s, converted.
        let document = "[a.b.c]\n[a]\nb.d = 1";
        assert_eq!(check(document), Some(false));
        let table = parse(document).unwrap();
        let Some(Value::Table(a)) = table.get("a").map(Spanned::get_ref) else {
            panic!("no table a");
        };
        assert_eq!(a.get("b").map(Spanned::span), Some(3..4));
        // Nesting beyond the limit is left to `toml`'s error.
        let deep = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(build(&deep), Err(Unbuilt::LeftToToml)));
    }

    #[test]
    fn refuses_what_toml_lets_through_or_cannot_place() {
        let long_key = |parts: usize| vec!["a"; parts].join(".");
        let in_list = "[[list.entries]]\ncode = 1\n[list]\nentries.note.text = 1\n";
        let long = format!("x = 1\n{} = 1\n", long_key(81));
        // A document the builder leaves to `toml` for another reason.
        let long_and_reopened = format!("{long}[b.c.d]\n[b]\nc.e = 1\n");
        let cases = [
            ("a = 0x\n", 4..6, "digits after its prefix"),
            ("a = 0b_\n", 4..7, "digits after its prefix"),
            ("a = 9223372036854775808\n", 4..23, "too large for TOML"),
            ("a = -9223372036854775809\n", 4..24, "too large for TOML"),
            (in_list, 33..40, "`entries` is a list"),
            ("\u{feff}a = 1\n", 0..3, "a second byte-order mark"),
            (long.as_str(), 166..167, "more than 80 parts"),
            (long_and_reopened.as_str(), 166..167, "more than 80 parts"),
        ];
        for (text, span, words) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(error.span, Some(span), "{text}");
            assert!(error.message.contains(words), "{text}: {}", error.message);
        }
        // Also after the builder has left the document to `toml`.
        let in_list_reopened = format!("[b.c.d]\n[b]\nc.e = 1\n{in_list}");
        let error = parse(&in_list_reopened).unwrap_err();
        assert!(error.message.contains("`entries` is a list"), "{error:?}");
        // Inline tables of long keys in inline tables: deep, and refused
        // before anything that deep is built, also after leaving the
        // document to `toml`.
        let nested = |levels: usize, parts: usize| {
            let key = long_key(parts);
            format!(
                "[x.y.z]\n[x]\ny.w = 1\n[deep]\nv = {}1{}\n",
                format!("{{ {key} = ").repeat(levels),
                " }".repeat(levels)
            )
        };
        let error = parse(&nested(70, 80)).unwrap_err();
        assert!(error.message.contains("levels deep"), "{error:?}");
        assert!(parse(&nested(10, 10)).is_ok());
        // An earlier error of `toml`'s comes first.
        let error = parse("a = \"open\nb = 0x\n").unwrap_err();
        assert!(
            error.span.as_ref().is_some_and(|s| s.start < 10),
            "{error:?}"
        );
        // A key of tens of thousands of parts is refused, not followed
        // down until the stack runs out.
        assert!(parse(&format!("{} = 1", long_key(30_000))).is_err());
        assert!(parse(&format!("[{}]", long_key(30_000))).is_err());
        // The limits themselves are allowed.
        let limits = format!(
            "{} = 1\nmax = 9223372036854775807\nmin = -9223372036854775808\nhex = 0x7FFF_FFFF_FFFF_FFFF\n",
            long_key(80)
        );
        let table = parse(&limits).unwrap();
        let number = |key: &str| match table.get(key).map(Spanned::get_ref) {
            Some(Value::Integer(i)) => i.value(),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(number("max"), i64::MAX);
        assert_eq!(number("min"), i64::MIN);
        assert_eq!(number("hex"), i64::MAX);
    }

    #[test]
    fn multi_line_strings_read_the_same_with_crlf_as_with_lf() {
        let lf =
            "a = \"\"\"\none\ntwo \\\n  three\"\"\"\nb = '''\nfour\nfive'''\nc = \"six\\r\\n\"\n";
        let crlf = lf.replace('\n', "\r\n");
        // The second pair also has a table the builder leaves to `toml`.
        let reopened = "[x.y.z]\n[x]\ny.w = 1\n";
        for (lf, crlf) in [
            (lf.to_owned(), crlf.clone()),
            (
                format!("{lf}{reopened}"),
                format!("{crlf}{}", reopened.replace('\n', "\r\n")),
            ),
        ] {
            let (lf, crlf) = (parse(&lf).unwrap(), parse(&crlf).unwrap());
            for key in ["a", "b", "c"] {
                let text = |table: &Table<'_>| match table.get(key).map(Spanned::get_ref) {
                    Some(Value::String(s)) => s.to_string(),
                    other => panic!("{key}: {other:?}"),
                };
                assert_eq!(text(&lf), text(&crlf), "{key}");
            }
        }
        let table = parse(&crlf).unwrap();
        let Some(Value::String(a)) = table.get("a").map(Spanned::get_ref) else {
            panic!("no a");
        };
        assert_eq!(a, "one\ntwo three");
        // An escaped line end is content, and stays as written.
        let Some(Value::String(c)) = table.get("c").map(Spanned::get_ref) else {
            panic!("no c");
        };
        assert_eq!(c, "six\r\n");
    }

    fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                toml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }

    /// Every model file of the project, and variants of the samples with
    /// one line removed, repeated or moved: the builder must agree with
    /// `toml` on all of them, and take the fast path on every valid
    /// sample file.
    #[test]
    fn agrees_with_toml_on_the_project_files_and_their_variants() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        toml_files(&root.join("samples"), &mut files);
        let samples = files.len();
        toml_files(&root.join("tests"), &mut files);
        assert!(samples >= 10, "the samples are missing");
        let mut variants = 0;
        for (n, file) in files.iter().enumerate() {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let fast = check(&text);
            if n >= samples {
                continue;
            }
            assert_eq!(
                fast,
                Some(true),
                "{} was not built directly",
                file.display()
            );
            let lines: Vec<&str> = text.lines().collect();
            // At most 40 places in each file, spread over all of it.
            let step = lines.len().div_ceil(40).max(1);
            for i in (0..lines.len()).step_by(step) {
                let mut removed = lines.clone();
                removed.remove(i);
                let mut repeated = lines.clone();
                repeated.insert(i, lines[i]);
                let mut moved = lines.clone();
                let line = moved.remove(i);
                moved.insert((i * 7 + 3) % lines.len(), line);
                for variant in [removed, repeated, moved] {
                    check(&variant.join("\n"));
                    variants += 1;
                }
            }
        }
        assert!(variants > 500, "only {variants} variants");
    }

    const NAMES: &[&str] = &["a", "b", "c", "\"a\"", "'b'", "\"\"", "\"a.b\""];
    const SCALARS: &[&str] = &[
        "1",
        "0x1f",
        "0o7",
        "0b1",
        "+1",
        "-0",
        "1_000",
        "1.5",
        "-1e3",
        "inf",
        "-nan",
        "true",
        "false",
        "1979-05-27",
        "07:32:00",
        "07:32",
        "1979-05-27T07:32:00Z",
        "1979-05-27 07:32:00+01:00",
        "\"s\"",
        "'l'",
        "\"\"\"m\nx\"\"\"",
        "'''m\r\nx'''",
        "\"\\u00e4\"",
        "\"\\e\"",
        "\"\\xff\"",
        "2024-02-30",
        "00",
        "1__0",
        "0x",
        "1.",
        ".5",
    ];

    fn random_key(rng: &mut Pcg64, out: &mut String) {
        for part in 0..rng.random_range(1..=3) {
            if part > 0 {
                out.push_str(pick(rng, &[".", " . "]));
            }
            out.push_str(pick(rng, NAMES));
        }
    }

    fn random_value(rng: &mut Pcg64, out: &mut String, depth: usize) {
        let kind = if depth > 3 { 0 } else { rng.random_range(0..4) };
        match kind {
            0 | 1 => out.push_str(pick(rng, SCALARS)),
            2 => {
                out.push('[');
                for item in 0..rng.random_range(0..4) {
                    if item > 0 {
                        out.push_str(pick(rng, &[",", ", ", ",\n", ", # c\n"]));
                    }
                    random_value(rng, out, depth + 1);
                }
                if rng.random_ratio(1, 3) {
                    out.push(',');
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for entry in 0..rng.random_range(0..4) {
                    if entry > 0 {
                        out.push_str(pick(rng, &[",", ", ", ",\n"]));
                    }
                    random_key(rng, out);
                    out.push_str(" = ");
                    random_value(rng, out, depth + 1);
                }
                if rng.random_ratio(1, 4) {
                    out.push(',');
                }
                out.push('}');
            }
        }
    }

    /// A document of headers and key/value lines made of the pieces above,
    /// valid or not.
    fn random_document(rng: &mut Pcg64) -> String {
        let mut out = String::new();
        if rng.random_ratio(1, 20) {
            out.push('\u{feff}');
        }
        for _ in 0..rng.random_range(0..8) {
            match rng.random_range(0..6) {
                0 => {
                    out.push('[');
                    random_key(rng, &mut out);
                    out.push(']');
                }
                1 => {
                    out.push_str("[[");
                    random_key(rng, &mut out);
                    out.push_str("]]");
                }
                _ => {
                    random_key(rng, &mut out);
                    out.push_str(pick(rng, &["=", " = ", "\t=\t"]));
                    random_value(rng, &mut out, 0);
                }
            }
            out.push_str(pick(
                rng,
                &["\n", "\r\n", " # c\n", "\n\n", " #\u{7f}\n", "\r"],
            ));
        }
        out
    }

    /// Tokens strung together at random: mostly broken documents.
    const SOUP: &[&str] = &[
        "a",
        "b",
        "\"a\"",
        "'b'",
        "\"\"",
        ".",
        " ",
        "=",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        ",",
        "\n",
        "\r\n",
        "\r",
        "1",
        "0x1f",
        "1.5",
        "inf",
        "true",
        "1979-05-27",
        "\"s\"",
        "'''m\n'''",
        "#c",
        "#\u{1}",
        "\t",
        "a.b",
        "\u{feff}",
        "\"\\x\"",
        "2024-02-30",
        "\"",
        "'",
        "\u{e9}",
        "\0",
        "+",
        "-",
        "a = ",
        "[a]\n",
        "x = {",
        "x = [",
    ];

    fn pick<'a>(rng: &mut Pcg64, items: &[&'a str]) -> &'a str {
        items.choose(rng).copied().unwrap_or_default()
    }

    /// `check`, with the document named when the builder panics.
    fn check_or_name(text: &str) -> Option<bool> {
        std::panic::catch_unwind(|| check(text)).unwrap_or_else(|_| panic!("failed on {text:?}"))
    }

    #[test]
    fn agrees_with_toml_on_random_documents() {
        let mut rng = Pcg64::seed_from_u64(20_261_204);
        let mut outcomes = [0_usize; 3];
        for _ in 0..40_000 {
            let outcome = check_or_name(&random_document(&mut rng));
            outcomes[match outcome {
                Some(true) => 0,
                Some(false) => 1,
                None => 2,
            }] += 1;
        }
        let [fast, fallback, invalid] = outcomes;
        // Both kinds must be well represented for the comparison to mean
        // anything, and valid ones must rarely need `toml`.
        assert!(fast > 5_000 && invalid > 5_000, "{outcomes:?}");
        assert!(fallback * 100 < fast, "{outcomes:?}");
        for _ in 0..40_000 {
            let mut text = String::new();
            for _ in 0..rng.random_range(0..14) {
                text.push_str(pick(&mut rng, SOUP));
            }
            check_or_name(&text);
        }
    }
}
