//! The values FEEL expressions produce.
//!
//! Values are cheap to clone (lists, contexts and strings are shared behind
//! `Arc`) and `Send + Sync`, so that one compiled expression can be
//! evaluated for many cases in parallel. Equality and order follow FEEL,
//! not Rust: comparing values of different types has no answer (null), so
//! they are methods returning `Option` rather than `PartialEq`/`PartialOrd`.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::sync::Arc;

use crate::feel::ast::Name;
use crate::feel::eval::Closure;
use crate::feel::number::Number;
use crate::feel::temporal::{self, Date, DateTime, DaysTime, Time, YearsMonths};

/// A FEEL value.
#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Null,
    Boolean(bool),
    Number(Number),
    String(Arc<str>),
    Date(Date),
    Time(Time),
    DateTime(DateTime),
    YearsMonths(YearsMonths),
    DaysTime(DaysTime),
    List(Arc<[Value]>),
    Context(Arc<Context>),
    Range(Arc<Range>),
    Function(Function),
}

/// A context: named entries in the order they were written.
#[derive(Clone, Default)]
pub struct Context {
    entries: Vec<(Name, Value)>,
}

/// A range of values. An end that is `None` is unbounded, as in `< 10`.
#[derive(Clone)]
pub struct Range {
    pub start: Option<Value>,
    pub start_closed: bool,
    pub end: Option<Value>,
    pub end_closed: bool,
}

/// A function value: a built-in or one defined in an expression.
#[derive(Clone)]
pub enum Function {
    Builtin(&'static crate::feel::builtins::Builtin),
    Closure(Arc<Closure>),
}

impl Context {
    pub fn new() -> Self {
        Context::default()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v)
    }

    /// Sets `key`, replacing an existing entry in place or appending one.
    pub fn insert(&mut self, key: impl Into<Name>, value: Value) {
        let key = key.into();
        if let Some(entry) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            entry.1 = value;
        } else {
            self.entries.push((key, value));
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Name, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<Name>> FromIterator<(K, Value)> for Context {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut context = Context::new();
        for (k, v) in iter {
            context.insert(k, v);
        }
        context
    }
}

impl Value {
    pub fn string(text: impl Into<Arc<str>>) -> Value {
        Value::String(text.into())
    }

    pub fn number(n: impl Into<Number>) -> Value {
        Value::Number(n.into())
    }

    pub fn list(items: impl Into<Arc<[Value]>>) -> Value {
        Value::List(items.into())
    }

    pub fn context(context: Context) -> Value {
        Value::Context(Arc::new(context))
    }

    /// A number result, or null when the operation had none.
    pub fn from_number(n: Option<Number>) -> Value {
        n.map_or(Value::Null, Value::Number)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The FEEL type name, as `instance of` and `--format json` use it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Boolean(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Date(_) => "date",
            Value::Time(_) => "time",
            Value::DateTime(_) => "date and time",
            Value::YearsMonths(_) => "years and months duration",
            Value::DaysTime(_) => "days and time duration",
            Value::List(_) => "list",
            Value::Context(_) => "context",
            Value::Range(_) => "range",
            Value::Function(_) => "function",
        }
    }

    /// FEEL equality: `None` (null) when the values are of different types
    /// or cannot be compared; null equals only null.
    pub fn feel_eq(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Null, Value::Null) => Some(true),
            (Value::Null, _) | (_, Value::Null) => Some(false),
            (Value::Boolean(a), Value::Boolean(b)) => Some(a == b),
            (Value::Number(a), Value::Number(b)) => Some(a == b),
            (Value::String(a), Value::String(b)) => Some(a == b),
            (Value::Date(a), Value::Date(b)) => Some(a == b),
            (Value::Time(a), Value::Time(b)) => a.compare(b).map(Ordering::is_eq),
            (Value::DateTime(a), Value::DateTime(b)) => a.compare(b).map(Ordering::is_eq),
            (Value::YearsMonths(a), Value::YearsMonths(b)) => Some(a == b),
            (Value::DaysTime(a), Value::DaysTime(b)) => Some(a == b),
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                all_equal(a.iter().zip(b.iter()).map(|(x, y)| x.feel_eq(y)))
            }
            (Value::Context(a), Value::Context(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                all_equal(
                    a.iter()
                        .map(|(k, v)| b.get(k).map_or(Some(false), |w| v.feel_eq(w))),
                )
            }
            (Value::Range(a), Value::Range(b)) => {
                if a.start_closed != b.start_closed || a.end_closed != b.end_closed {
                    return Some(false);
                }
                let ends = |x: &Option<Value>, y: &Option<Value>| match (x, y) {
                    (None, None) => Some(true),
                    (Some(x), Some(y)) => x.feel_eq(y),
                    _ => Some(false),
                };
                all_equal([ends(&a.start, &b.start), ends(&a.end, &b.end)].into_iter())
            }
            (Value::Function(a), Value::Function(b)) => Some(a.same(b)),
            _ => None,
        }
    }

    /// FEEL order: numbers, strings, dates, times, date-times and durations
    /// of one kind are ordered; anything else has no order (null).
    pub fn feel_cmp(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Time(a), Value::Time(b)) => a.compare(b),
            (Value::DateTime(a), Value::DateTime(b)) => a.compare(b),
            (Value::YearsMonths(a), Value::YearsMonths(b)) => Some(a.cmp(b)),
            (Value::DaysTime(a), Value::DaysTime(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The items of a list; any other value is treated as a list holding
    /// just that value, as FEEL does where a list is expected.
    pub fn as_items(&self) -> std::borrow::Cow<'_, [Value]> {
        match self {
            Value::List(items) => std::borrow::Cow::Borrowed(items),
            other => std::borrow::Cow::Owned(vec![other.clone()]),
        }
    }

    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Combines element comparisons: false wins, then null, then true.
fn all_equal(results: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for result in results {
        match result {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

impl Range {
    /// Whether `value` lies in the range; null when it cannot be compared
    /// with an end.
    pub fn contains(&self, value: &Value) -> Option<bool> {
        if let Some(start) = &self.start {
            let order = value.feel_cmp(start)?;
            let inside = if self.start_closed {
                order.is_ge()
            } else {
                order.is_gt()
            };
            if !inside {
                return Some(false);
            }
        }
        if let Some(end) = &self.end {
            let order = value.feel_cmp(end)?;
            let inside = if self.end_closed {
                order.is_le()
            } else {
                order.is_lt()
            };
            if !inside {
                return Some(false);
            }
        }
        Some(true)
    }
}

impl Function {
    fn same(&self, other: &Function) -> bool {
        match (self, other) {
            (Function::Builtin(a), Function::Builtin(b)) => std::ptr::eq(*a, *b),
            (Function::Closure(a), Function::Closure(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------
// Display as FEEL literals
// ---------------------------------------------------------------------------

/// Writes a string as a FEEL string literal.
pub fn write_string_literal(text: &str, f: &mut impl fmt::Write) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{:04x}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// A context key is written bare when it is a simple name and quoted
/// otherwise, so that the output reads back as the same context.
fn write_key(key: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let simple = key
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(
            key,
            "true"
                | "false"
                | "null"
                | "and"
                | "or"
                | "not"
                | "in"
                | "if"
                | "then"
                | "else"
                | "for"
                | "some"
                | "every"
                | "return"
                | "satisfies"
                | "between"
                | "instance"
                | "of"
                | "function"
        );
    if simple {
        f.write_str(key)
    } else {
        write_string_literal(key, f)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write_string_literal(s, f),
            Value::Date(d) => {
                f.write_str("date(\"")?;
                temporal::format_date(*d, f)?;
                f.write_str("\")")
            }
            Value::Time(t) => write!(f, "time(\"{t}\")"),
            Value::DateTime(dt) => write!(f, "date and time(\"{dt}\")"),
            Value::YearsMonths(d) => write!(f, "duration(\"{d}\")"),
            Value::DaysTime(d) => write!(f, "duration(\"{d}\")"),
            Value::List(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            Value::Context(context) => {
                f.write_char('{')?;
                for (i, (key, value)) in context.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_key(key, f)?;
                    write!(f, ": {value}")?;
                }
                f.write_char('}')
            }
            Value::Range(range) => write!(f, "{range}"),
            Value::Function(function) => write!(f, "{function}"),
        }
    }
}

impl fmt::Display for Range {
    /// `[1..10]`, `(1..10)`, and for one unbounded end the comparison that
    /// denotes it: `< 10`, `>= 5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.start, &self.end) {
            (Some(start), Some(end)) => {
                f.write_char(if self.start_closed { '[' } else { '(' })?;
                write!(f, "{start}..{end}")?;
                f.write_char(if self.end_closed { ']' } else { ')' })
            }
            (None, Some(end)) => write!(f, "{} {end}", if self.end_closed { "<=" } else { "<" }),
            (Some(start), None) => {
                write!(f, "{} {start}", if self.start_closed { ">=" } else { ">" })
            }
            (None, None) => f.write_str("[null..null]"),
        }
    }
}

impl fmt::Display for Function {
    /// A built-in is shown by its name, which evaluates back to it; a
    /// function defined in an expression by its parameter list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Function::Builtin(builtin) => f.write_str(builtin.name),
            Function::Closure(closure) => {
                f.write_str("function(")?;
                for (i, name) in closure.parameter_names().iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(name)?;
                }
                f.write_char(')')
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Typed JSON
// ---------------------------------------------------------------------------

impl Value {
    /// The value as typed JSON: `{"type": "number", "value": "46.00"}`.
    ///
    /// Numbers are strings holding the exact decimal, so that no JSON
    /// reader turns them into binary floating point; temporal values are
    /// ISO 8601 strings; lists hold typed values and contexts map their
    /// keys, in order, to typed values. A range is
    /// `{"start": .., "end": .., "start included": .., "end included": ..}`
    /// with typed ends (null when unbounded), and a function is its FEEL
    /// text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) -> fmt::Result {
        write!(out, "{{\"type\": \"{}\", \"value\": ", self.type_name())?;
        match self {
            Value::Null => out.push_str("null"),
            Value::Boolean(b) => write!(out, "{b}")?,
            Value::Number(n) => json_string(&n.to_string(), out),
            Value::String(s) => json_string(s, out),
            Value::Date(d) => {
                let mut text = String::new();
                temporal::format_date(*d, &mut text)?;
                json_string(&text, out);
            }
            Value::Time(t) => json_string(&t.to_string(), out),
            Value::DateTime(dt) => json_string(&dt.to_string(), out),
            Value::YearsMonths(d) => json_string(&d.to_string(), out),
            Value::DaysTime(d) => json_string(&d.to_string(), out),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_json(out)?;
                }
                out.push(']');
            }
            Value::Context(context) => {
                out.push('{');
                for (i, (key, value)) in context.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    json_string(key, out);
                    out.push_str(": ");
                    value.write_json(out)?;
                }
                out.push('}');
            }
            Value::Range(range) => {
                let end = |value: &Option<Value>, out: &mut String| {
                    if let Some(v) = value {
                        return v.write_json(out);
                    }
                    out.push_str("null");
                    Ok(())
                };
                out.push_str("{\"start\": ");
                end(&range.start, out)?;
                out.push_str(", \"end\": ");
                end(&range.end, out)?;
                write!(
                    out,
                    ", \"start included\": {}, \"end included\": {}}}",
                    range.start_closed, range.end_closed
                )?;
            }
            Value::Function(function) => json_string(&function.to_string(), out),
        }
        out.push('}');
        Ok(())
    }
}

fn json_string(text: &str, out: &mut String) {
    out.push_str(&serde_json::Value::String(text.to_owned()).to_string());
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Value::Context(Arc::new(self.clone())), f)
    }
}

impl fmt::Debug for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Structural equality for tests and caches: the same type and the same
/// FEEL-equal content. Unlike [`Value::feel_eq`], null equals null and
/// nothing else, and values of different types are simply unequal.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Null, _) | (_, Value::Null) => false,
            (Value::Time(a), Value::Time(b)) => a == b,
            (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Context(a), Value::Context(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k) == Some(v))
            }
            _ => self.feel_eq(other) == Some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Value {
        Value::Number(text.parse().unwrap())
    }

    #[test]
    fn values_print_as_feel_literals() {
        let context: Context = [("a", n("1")), ("first name", Value::string("Ada \"A\""))]
            .into_iter()
            .collect();
        let value = Value::list(vec![
            n("46.00"),
            Value::Date(temporal::parse_date("2026-02-28").unwrap()),
            Value::YearsMonths(YearsMonths { months: 14 }),
            Value::context(context),
            Value::Null,
        ]);
        assert_eq!(
            value.to_string(),
            r#"[46.00, date("2026-02-28"), duration("P1Y2M"), {a: 1, "first name": "Ada \"A\""}, null]"#
        );
    }

    #[test]
    fn values_of_different_types_have_no_equality() {
        assert_eq!(n("100").feel_eq(&Value::string("100")), None);
        assert_eq!(n("100").feel_eq(&Value::Null), Some(false));
        assert_eq!(Value::Null.feel_eq(&Value::Null), Some(true));
    }

    #[test]
    fn lists_are_equal_item_by_item() {
        let a = Value::list(vec![n("1"), n("2")]);
        let b = Value::list(vec![n("1.0"), n("2.00")]);
        let c = Value::list(vec![n("2"), n("1")]);
        assert_eq!(a.feel_eq(&b), Some(true));
        assert_eq!(a.feel_eq(&c), Some(false));
    }

    #[test]
    fn contexts_are_equal_regardless_of_entry_order() {
        let a: Context = [("x", n("1")), ("y", n("2"))].into_iter().collect();
        let b: Context = [("y", n("2")), ("x", n("1"))].into_iter().collect();
        assert_eq!(Value::context(a).feel_eq(&Value::context(b)), Some(true));
    }

    #[test]
    fn open_range_ends_exclude_the_end_point() {
        let range = Range {
            start: Some(n("1")),
            start_closed: false,
            end: Some(n("5")),
            end_closed: true,
        };
        assert_eq!(range.contains(&n("1")), Some(false));
        assert_eq!(range.contains(&n("5")), Some(true));
        assert_eq!(range.contains(&Value::string("x")), None);
    }

    #[test]
    fn json_keeps_numbers_exact_and_entries_in_order() {
        let context: Context = [
            ("z", n("46.00")),
            ("a", Value::list(vec![Value::Null, Value::Boolean(true)])),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            Value::context(context).to_json(),
            r#"{"type": "context", "value": {"z": {"type": "number", "value": "46.00"}, "a": {"type": "list", "value": [{"type": "null", "value": null}, {"type": "boolean", "value": true}]}}}"#
        );
    }

    #[test]
    fn values_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Value>();
    }
}
