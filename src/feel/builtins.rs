//! The built-in function library of FEEL (DMN 1.5, chapter 10.3.4).
//!
//! Each built-in is a plain function over already evaluated arguments, in
//! the order of its parameters. The parameters themselves are described in
//! [`signatures`], which the compiler uses to turn named arguments into
//! positions once, so that no name is looked up while evaluating. A call
//! with arguments of the wrong type, or with too few or too many, yields
//! null, as FEEL prescribes.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::{Arc, OnceLock};

use crate::feel::eval::{call_function, duration_value, path};
use crate::feel::number::{Number, RoundingMode};
use crate::feel::signatures::{self, Accepts};
use crate::feel::temporal::{self, Date, DateTime, DaysTime, Time, YearsMonths, Zone};
use crate::feel::value::{Context, Range, Value};

/// A built-in function: its implementation. Its parameters (names, which
/// are optional, what each accepts) are in [`signatures`], shared with the
/// static checker.
pub struct Builtin {
    pub name: &'static str,
    /// False for functions whose result depends on more than their
    /// arguments (`now()`), which must not be computed at compile time.
    pub pure: bool,
    pub call: fn(&[Value]) -> Value,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// How the arguments of one call reach a built-in: which argument fills
/// each parameter, and which parameters take a single value, so that a
/// list of one item given there is replaced by that item (DMN 10.3.2.9.4).
#[derive(Debug, Clone, Default)]
pub struct Binding {
    /// For each parameter up to the last one given, the index of the
    /// argument that fills it; `None` passes null.
    pub order: Vec<Option<usize>>,
    /// For each parameter (the last repeating for variadic ones), whether
    /// it takes a single value.
    pub single: Vec<bool>,
}

impl Binding {
    /// Whether the argument at `index` goes to a single-value parameter.
    pub fn takes_single(&self, index: usize) -> bool {
        self.single
            .get(index)
            .or(self.single.last())
            .copied()
            .unwrap_or(false)
    }

    /// Replaces a list of one item by the item where a single value is
    /// expected.
    pub fn convert(&self, index: usize, value: Value) -> Value {
        match value {
            Value::List(items) if items.len() == 1 && self.takes_single(index) => items[0].clone(),
            other => other,
        }
    }
}

fn single_flags(form: &signatures::Signature) -> Vec<bool> {
    form.parameters
        .iter()
        .map(|p| !matches!(p.accepts, Accepts::List(_) | Accepts::Any))
        .collect()
}

impl Builtin {
    fn forms(&self) -> &'static [signatures::Signature] {
        signatures::builtin(self.name).map_or(&[], |b| b.forms)
    }

    /// Whether some form takes `count` positional arguments.
    pub fn accepts_arity(&self, count: usize) -> bool {
        self.bind_positional(count).is_some()
    }

    /// The binding of `count` positional arguments: the first form that
    /// takes that many.
    pub fn bind_positional(&self, count: usize) -> Option<Binding> {
        let form = self.forms().iter().find(|form| {
            let (least, most) = form.argument_counts();
            count >= least && most.is_none_or(|most| count <= most)
        })?;
        Some(Binding {
            order: (0..count).map(Some).collect(),
            single: single_flags(form),
        })
    }

    /// The binding of named arguments: the first form that has a
    /// parameter of every given name. A required parameter that is not
    /// named is passed as null, as FEEL prescribes; omitted optional ones
    /// at the end are left out.
    pub fn bind_named(&self, names: &[&str]) -> Option<Binding> {
        let form = self
            .forms()
            .iter()
            .find(|form| names.iter().all(|n| form.parameter_named(n).is_some()))?;
        let mut order: Vec<Option<usize>> = form
            .parameters
            .iter()
            .map(|parameter| names.iter().position(|n| *n == parameter.name))
            .collect();
        while order.last() == Some(&None)
            && form.parameters[order.len() - 1].arity != signatures::Arity::Required
        {
            order.pop();
        }
        Some(Binding {
            order,
            single: single_flags(form),
        })
    }

    /// Calls with positional arguments, checking their number and
    /// converting lists of one item where single values are expected.
    pub fn call_positional(&self, args: &[Value]) -> Value {
        let Some(binding) = self.bind_positional(args.len()) else {
            return Value::Null;
        };
        let args: Vec<Value> = args
            .iter()
            .enumerate()
            .map(|(i, a)| binding.convert(i, a.clone()))
            .collect();
        (self.call)(&args)
    }
}

/// The built-in called `name`, if there is one.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    static INDEX: OnceLock<std::collections::HashMap<&'static str, &'static Builtin>> =
        OnceLock::new();
    INDEX
        .get_or_init(|| BUILTINS.iter().map(|b| (b.name, b)).collect())
        .get(name)
        .copied()
}

/// All built-ins.
pub fn builtins() -> &'static [Builtin] {
    BUILTINS
}

macro_rules! builtin {
    ($name:literal, $f:expr) => {
        Builtin {
            name: $name,
            pure: true,
            call: $f,
        }
    };
    (impure $name:literal, $f:expr) => {
        Builtin {
            name: $name,
            pure: false,
            call: $f,
        }
    };
}

static BUILTINS: &[Builtin] = &[
    // Conversion
    builtin!("date", date),
    builtin!("time", time),
    builtin!("date and time", date_and_time),
    builtin!("duration", duration),
    builtin!("years and months duration", years_and_months_duration),
    builtin!("number", number),
    builtin!("string", string),
    builtin!("range", range),
    // Boolean
    builtin!("not", not),
    builtin!("is defined", |a| Value::Boolean(!a[0].is_null())),
    builtin!("get or else", |a| if a[0].is_null() {
        a[1].clone()
    } else {
        a[0].clone()
    }),
    // String
    builtin!("substring", substring),
    builtin!("string length", string_length),
    builtin!("upper case", |a| map_str(&a[0], str::to_uppercase)),
    builtin!("lower case", |a| map_str(&a[0], str::to_lowercase)),
    builtin!("substring before", substring_before),
    builtin!("substring after", substring_after),
    builtin!("replace", replace),
    builtin!("contains", |a| str_test(a, |s, m| s.contains(m))),
    builtin!("starts with", |a| str_test(a, |s, m| s.starts_with(m))),
    builtin!("ends with", |a| str_test(a, |s, m| s.ends_with(m))),
    builtin!("matches", matches),
    builtin!("split", split),
    builtin!("string join", string_join),
    // List
    builtin!("list contains", list_contains),
    builtin!("count", |a| list_op(&a[0], |l| Value::number(len(l)))),
    builtin!("min", |a| variadic(a, |l| extreme(l, Ordering::Less))),
    builtin!("max", |a| variadic(a, |l| extreme(l, Ordering::Greater))),
    builtin!("sum", |a| variadic(a, sum)),
    builtin!("mean", |a| variadic(a, mean)),
    builtin!("all", |a| variadic(a, all)),
    builtin!("any", |a| variadic(a, any)),
    builtin!("product", |a| variadic(a, product)),
    builtin!("median", |a| variadic(a, median)),
    builtin!("stddev", |a| variadic(a, stddev)),
    builtin!("mode", |a| variadic(a, mode)),
    builtin!("sublist", sublist),
    builtin!("append", append),
    builtin!("concatenate", concatenate),
    builtin!("insert before", insert_before),
    builtin!("remove", remove),
    builtin!("reverse", |a| {
        list_op(&a[0], |l| {
            Value::list(l.iter().rev().cloned().collect::<Vec<_>>())
        })
    }),
    builtin!("index of", index_of),
    builtin!("union", union),
    builtin!("distinct values", |a| list_op(&a[0], |l| {
        Value::list(distinct(l))
    })),
    builtin!("flatten", |a| {
        list_op(&a[0], |l| {
            let mut out = Vec::new();
            flatten_into(l, &mut out);
            Value::list(out)
        })
    }),
    builtin!("sort", sort),
    builtin!("list replace", list_replace),
    // Numeric
    builtin!("decimal", |a| round_with(a, RoundingMode::HalfEven)),
    builtin!("floor", |a| round_with(a, RoundingMode::Floor)),
    builtin!("ceiling", |a| round_with(a, RoundingMode::Ceiling)),
    builtin!("round up", |a| round_with(a, RoundingMode::Up)),
    builtin!("round down", |a| round_with(a, RoundingMode::Down)),
    builtin!("round half up", |a| round_with(a, RoundingMode::HalfUp)),
    builtin!("round half down", |a| round_with(a, RoundingMode::HalfDown)),
    builtin!("abs", abs),
    builtin!("modulo", |a| match (&a[0], &a[1]) {
        (Value::Number(x), Value::Number(y)) => Value::from_number(x.modulo(*y)),
        _ => Value::Null,
    }),
    builtin!("sqrt", |a| num_op(&a[0], Number::sqrt)),
    builtin!("log", |a| num_op(&a[0], Number::ln)),
    builtin!("exp", |a| num_op(&a[0], Number::exp)),
    builtin!("odd", |a| parity(&a[0], true)),
    builtin!("even", |a| parity(&a[0], false)),
    // Temporal
    builtin!("is", is),
    builtin!("day of year", |a| {
        date_op(&a[0], |d| Value::number(i64::from(d.day_of_year())))
    }),
    builtin!("day of week", |a| {
        date_op(&a[0], |d| Value::string(temporal::weekday_name(d)))
    }),
    builtin!("month of year", |a| {
        date_op(&a[0], |d| Value::string(temporal::month_name(d)))
    }),
    builtin!("week of year", |a| date_op(&a[0], |d| {
        Value::number(temporal::iso_week(d))
    })),
    builtin!("last day of month", |a| date_op(&a[0], |d| {
        Value::Date(d.last_of_month())
    })),
    builtin!(impure "now", |_| Value::DateTime(now())),
    builtin!(impure "today", |_| Value::Date(now().local.date())),
    // Ranges
    builtin!("before", before),
    builtin!("after", after),
    builtin!("meets", meets),
    builtin!("met by", |a| meets(&[a[1].clone(), a[0].clone()])),
    builtin!("overlaps", overlaps),
    builtin!("overlaps before", overlaps_before),
    builtin!("overlaps after", |a| {
        overlaps_before(&[a[1].clone(), a[0].clone()])
    }),
    builtin!("finishes", finishes),
    builtin!("finished by", |a| {
        finishes(&[a[1].clone(), a[0].clone()])
    }),
    builtin!("includes", |a| { during(&[a[1].clone(), a[0].clone()]) }),
    builtin!("during", during),
    builtin!("starts", starts),
    builtin!("started by", |a| { starts(&[a[1].clone(), a[0].clone()]) }),
    builtin!("coincides", coincides),
    // Contexts
    builtin!("get value", get_value),
    builtin!("get entries", get_entries),
    builtin!("context", context),
    builtin!("context put", context_put),
    builtin!("context merge", context_merge),
];

// ---------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------

fn len<T>(items: &[T]) -> i64 {
    i64::try_from(items.len()).unwrap_or(i64::MAX)
}

fn int(value: &Value) -> Option<i64> {
    value.as_number()?.to_i64()
}

/// An integer argument, truncating a fraction, as FEEL does for positions
/// and lengths (`substring("foobar", 3, 3.8)` takes three characters).
fn truncated_int(value: &Value) -> Option<i64> {
    value.as_number()?.round(0, RoundingMode::Down)?.to_i64()
}

fn list_op(value: &Value, f: impl FnOnce(&[Value]) -> Value) -> Value {
    match value {
        Value::List(items) => f(items),
        Value::Null => Value::Null,
        other => f(std::slice::from_ref(other)),
    }
}

/// Functions such as `sum` take either one list or the items themselves.
fn variadic(args: &[Value], f: impl FnOnce(&[Value]) -> Value) -> Value {
    match args {
        [] => Value::Null,
        [single] => list_op(single, f),
        many => f(many),
    }
}

fn num_op(value: &Value, f: impl FnOnce(Number) -> Option<Number>) -> Value {
    match value {
        Value::Number(n) => Value::from_number(f(*n)),
        _ => Value::Null,
    }
}

fn map_str(value: &Value, f: impl FnOnce(&str) -> String) -> Value {
    match value {
        Value::String(s) => Value::string(f(s)),
        _ => Value::Null,
    }
}

fn str_test(args: &[Value], f: impl FnOnce(&str, &str) -> bool) -> Value {
    match (&args[0], &args[1]) {
        (Value::String(s), Value::String(m)) => Value::Boolean(f(s, m)),
        _ => Value::Null,
    }
}

fn date_of(value: &Value) -> Option<Date> {
    match value {
        Value::Date(d) => Some(*d),
        Value::DateTime(dt) => Some(dt.local.date()),
        _ => None,
    }
}

fn date_op(value: &Value, f: impl FnOnce(Date) -> Value) -> Value {
    date_of(value).map_or(Value::Null, f)
}

// ---------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------

fn date(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => temporal::parse_date(s).map_or(Value::Null, Value::Date),
        [Value::Date(d)] => Value::Date(*d),
        [Value::DateTime(dt)] => Value::Date(dt.local.date()),
        [year, month, day] => match (int(year), int(month), int(day)) {
            (Some(y), Some(m), Some(d)) => {
                temporal::date_from_parts(y, m, d).map_or(Value::Null, Value::Date)
            }
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

fn time(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => temporal::parse_time(s).map_or(Value::Null, Value::Time),
        [Value::Time(t)] => Value::Time(t.clone()),
        [Value::DateTime(dt)] => Value::Time(Time {
            local: dt.local.time(),
            zone: dt.zone.clone(),
        }),
        [Value::Date(_)] => Value::Time(Time {
            local: jiff::civil::Time::midnight(),
            zone: Some(Zone::Offset(0)),
        }),
        [hour, minute, second, rest @ ..] => {
            let (Some(h), Some(m), Some(s)) = (int(hour), int(minute), second.as_number()) else {
                return Value::Null;
            };
            let zone = match rest {
                [] | [Value::Null] => None,
                [Value::DaysTime(offset)] => {
                    let seconds = offset.nanos / 1_000_000_000;
                    if offset.nanos % 1_000_000_000 != 0 || seconds.abs() > 14 * 3600 {
                        return Value::Null;
                    }
                    Some(Zone::Offset(i32::try_from(seconds).unwrap_or(0)))
                }
                _ => return Value::Null,
            };
            temporal::time_from_parts(h, m, s)
                .map_or(Value::Null, |local| Value::Time(Time { local, zone }))
        }
        _ => Value::Null,
    }
}

fn date_and_time(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => temporal::parse_date_time(s).map_or(Value::Null, Value::DateTime),
        [Value::DateTime(dt)] => Value::DateTime(dt.clone()),
        [Value::Date(d)] => Value::DateTime(DateTime::from_date(*d)),
        [date, Value::Time(t)] => match date_of(date) {
            Some(d) => Value::DateTime(DateTime {
                local: d.to_datetime(t.local),
                zone: t.zone.clone(),
            }),
            None => Value::Null,
        },
        _ => Value::Null,
    }
}

fn duration(args: &[Value]) -> Value {
    match &args[0] {
        Value::String(s) => temporal::parse_duration(s).map_or(Value::Null, duration_value),
        d @ (Value::YearsMonths(_) | Value::DaysTime(_)) => d.clone(),
        _ => Value::Null,
    }
}

fn years_and_months_duration(args: &[Value]) -> Value {
    let as_datetime = |v: &Value| match v {
        Value::Date(d) => Some(d.to_datetime(jiff::civil::Time::midnight())),
        Value::DateTime(dt) => Some(dt.local),
        _ => None,
    };
    match (as_datetime(&args[0]), as_datetime(&args[1])) {
        (Some(from), Some(to)) => Value::YearsMonths(YearsMonths {
            months: temporal::months_between(from, to),
        }),
        _ => Value::Null,
    }
}

fn number(args: &[Value]) -> Value {
    let Value::String(text) = &args[0] else {
        return Value::Null;
    };
    let grouping = match args.get(1).unwrap_or(&Value::Null) {
        Value::Null => None,
        Value::String(s) if matches!(&**s, " " | "," | ".") => Some(&**s),
        _ => return Value::Null,
    };
    let decimal = match args.get(2).unwrap_or(&Value::Null) {
        Value::Null => None,
        Value::String(s) if matches!(&**s, "," | ".") => Some(&**s),
        _ => return Value::Null,
    };
    if grouping.is_some() && grouping == decimal {
        return Value::Null;
    }
    let mut plain = match grouping {
        Some(g) => text.replace(g, ""),
        None => text.to_string(),
    };
    if let Some(d) = decimal {
        plain = plain.replace(d, ".");
    }
    parse_number(&plain).map_or(Value::Null, Value::Number)
}

/// A number as `number()` and `string()` conversions accept it: a plain
/// decimal, optionally with an exponent (`1.2e3`).
pub fn parse_number(text: &str) -> Option<Number> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let base: Number = mantissa.parse().ok()?;
    let Some(exponent) = exponent else {
        return Some(base);
    };
    let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let decimal: dec::Decimal128 = text.parse().ok()?;
    decimal.is_finite().then_some(Number(decimal))
}

/// The text `string(value)` gives: strings as they are, other values as
/// their FEEL literal without the constructor (`2026-02-28`, `P1Y`).
pub fn to_plain_string(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::String(s) => s.to_string(),
        Value::Date(d) => {
            let mut s = String::new();
            let _ = temporal::format_date(*d, &mut s);
            s
        }
        Value::Time(t) => t.to_string(),
        Value::DateTime(dt) => dt.to_string(),
        Value::YearsMonths(d) => d.to_string(),
        Value::DaysTime(d) => d.to_string(),
        other => other.to_string(),
    })
}

fn string(args: &[Value]) -> Value {
    to_plain_string(&args[0]).map_or(Value::Null, Value::string)
}

/// `range("[1..10]")`: a range from its FEEL text, with literal ends.
fn range(args: &[Value]) -> Value {
    let Value::String(text) = &args[0] else {
        return Value::Null;
    };
    parse_range(text.trim()).unwrap_or(Value::Null)
}

fn parse_range(text: &str) -> Option<Value> {
    let endpoint = |s: &str| -> Option<Value> {
        let s = s.trim();
        if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            return Some(Value::string(inner));
        }
        if let Some(inner) = s.strip_prefix("@\"").and_then(|r| r.strip_suffix('"')) {
            return literal_temporal(inner);
        }
        for (prefix, f) in [
            ("date and time(\"", date_and_time as fn(&[Value]) -> Value),
            ("date(\"", date),
            ("time(\"", time),
            ("duration(\"", duration),
        ] {
            if let Some(inner) = s.strip_prefix(prefix).and_then(|r| r.strip_suffix("\")")) {
                let v = f(&[Value::string(inner)]);
                return (!v.is_null()).then_some(v);
            }
        }
        parse_number(s).map(Value::Number)
    };
    for (op, closed, is_start) in [
        ("<=", true, false),
        (">=", true, true),
        ("<", false, false),
        (">", false, true),
    ] {
        if let Some(rest) = text.strip_prefix(op) {
            let value = endpoint(rest)?;
            let range = if is_start {
                Range {
                    start: Some(value),
                    start_closed: closed,
                    end: None,
                    end_closed: false,
                }
            } else {
                Range {
                    start: None,
                    start_closed: false,
                    end: Some(value),
                    end_closed: closed,
                }
            };
            return Some(Value::Range(Arc::new(range)));
        }
    }
    let start_closed = match text.chars().next()? {
        '[' => true,
        '(' | ']' => false,
        _ => return None,
    };
    let end_closed = match text.chars().last()? {
        ']' => true,
        ')' | '[' => false,
        _ => return None,
    };
    let inner = &text[1..text.len() - 1];
    let (a, b) = inner.split_once("..")?;
    let (start, end) = (endpoint(a)?, endpoint(b)?);
    start.feel_cmp(&end)?;
    Some(Value::Range(Arc::new(Range {
        start: Some(start),
        start_closed,
        end: Some(end),
        end_closed,
    })))
}

fn literal_temporal(text: &str) -> Option<Value> {
    if let Some(d) = temporal::parse_duration(text) {
        return Some(duration_value(d));
    }
    if text.contains('T') {
        return temporal::parse_date_time(text).map(Value::DateTime);
    }
    temporal::parse_date(text)
        .map(Value::Date)
        .or_else(|| temporal::parse_time(text).map(Value::Time))
}

// ---------------------------------------------------------------------------
// Boolean
// ---------------------------------------------------------------------------

fn not(args: &[Value]) -> Value {
    match &args[0] {
        Value::Boolean(b) => Value::Boolean(!b),
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

fn string_length(args: &[Value]) -> Value {
    match &args[0] {
        Value::String(s) => Value::number(len_chars(s)),
        _ => Value::Null,
    }
}

fn len_chars(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX)
}

/// The part of `count` items that `start` (1-based, negative from the
/// end) and `length` select, clamped to the items there are, as `XPath`'s
/// `substring` does. `None` for position 0, which denotes nothing.
fn window(count: usize, start: i64, length: Option<i64>) -> Option<std::ops::Range<usize>> {
    let count = i64::try_from(count).ok()?;
    let first = match start {
        0 => return None,
        s if s > 0 => s - 1,
        s => count + s,
    };
    let end = length.map_or(count, |l| first.saturating_add(l.max(0)));
    let clamp = |i: i64| usize::try_from(i.clamp(0, count)).unwrap_or(0);
    let (first, end) = (clamp(first), clamp(end));
    Some(first..end.max(first))
}

fn substring(args: &[Value]) -> Value {
    let Value::String(s) = &args[0] else {
        return Value::Null;
    };
    let Some(start) = truncated_int(&args[1]) else {
        return Value::Null;
    };
    let length = match args.get(2) {
        None => None,
        Some(v) => match truncated_int(v) {
            Some(l) => Some(l),
            None => return Value::Null,
        },
    };
    let Some(range) = window(s.chars().count(), start, length) else {
        return Value::Null;
    };
    Value::string(
        s.chars()
            .skip(range.start)
            .take(range.len())
            .collect::<String>(),
    )
}

fn substring_before(args: &[Value]) -> Value {
    match (&args[0], &args[1]) {
        (Value::String(s), Value::String(m)) => Value::string(
            s.find(&**m)
                .filter(|_| !m.is_empty())
                .map_or("", |i| &s[..i]),
        ),
        _ => Value::Null,
    }
}

fn substring_after(args: &[Value]) -> Value {
    match (&args[0], &args[1]) {
        (Value::String(s), Value::String(m)) => {
            if m.is_empty() {
                return Value::String(s.clone());
            }
            Value::string(s.find(&**m).map_or("", |i| &s[i + m.len()..]))
        }
        _ => Value::Null,
    }
}

/// Translates a pattern with `XPath` flags (`i`, `m`, `s`, `x`, `q`) into a
/// regular expression, or `None` when a flag is unknown or the pattern
/// invalid.
fn regex(pattern: &str, flags: Option<&Value>) -> Option<regex::Regex> {
    let flags = match flags {
        None | Some(Value::Null) => "",
        Some(Value::String(f)) => f,
        Some(_) => return None,
    };
    if !flags
        .chars()
        .all(|c| matches!(c, 'i' | 'm' | 's' | 'x' | 'q'))
    {
        return None;
    }
    let mut builder_pattern = if flags.contains('q') {
        regex::escape(pattern)
    } else {
        xsd_pattern(pattern, flags.contains('x'), flags.contains('s'))
    };
    // XML Schema patterns have no back-references in character classes
    // and no `\0`; refuse them rather than read them differently.
    if !flags.contains('q') && has_invalid_escape(&builder_pattern) {
        return None;
    }
    let mut prefix = String::new();
    for (flag, inline) in [('i', 'i'), ('m', 'm'), ('s', 's')] {
        if flags.contains(flag) {
            prefix.push(inline);
        }
    }
    if !prefix.is_empty() {
        builder_pattern = format!("(?{prefix}){builder_pattern}");
    }
    regex::Regex::new(&builder_pattern).ok()
}

/// Rewrites an XML Schema pattern into the regex crate's dialect: `.`
/// does not match a carriage return either, class subtraction
/// `[A-Z-[OI]]` becomes `[A-Z--[OI]]`, and with the `x` flag white space
/// is dropped outside character classes (inside them it stays, as `XPath`
/// prescribes).
fn xsd_pattern(pattern: &str, strip_space: bool, dot_all: bool) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut class_depth = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                // White space goes before escapes are read: `\ s` is `\s`.
                if strip_space && class_depth == 0 {
                    while chars
                        .next_if(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                        .is_some()
                    {}
                }
                out.push('\\');
                out.extend(chars.next());
            }
            '[' => {
                class_depth += 1;
                out.push('[');
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            '-' if class_depth > 0 && chars.peek() == Some(&'[') => out.push_str("--"),
            ' ' | '\t' | '\n' | '\r' if strip_space && class_depth == 0 => {}
            '.' if class_depth == 0 && !dot_all => out.push_str("[^\\n\\r]"),
            c => out.push(c),
        }
    }
    out
}

fn has_invalid_escape(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1].is_ascii_digit() {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// `XPath` replacement strings use `$n` for groups and `\$`, `\\` for the
/// characters themselves; the regex crate wants `${n}` and `$$`.
fn replacement(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '$' => out.push_str("$$"),
                '\\' => out.push('\\'),
                _ => return None,
            },
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    return None;
                }
                out.push_str("${");
                out.push_str(&digits);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn replace(args: &[Value]) -> Value {
    let (Value::String(input), Value::String(pattern), Value::String(with)) =
        (&args[0], &args[1], &args[2])
    else {
        return Value::Null;
    };
    let Some(re) = regex(pattern, args.get(3)) else {
        return Value::Null;
    };
    // XPath refuses a pattern that matches the empty string.
    if re.is_match("") {
        return Value::Null;
    }
    let quoted = matches!(args.get(3), Some(Value::String(f)) if f.contains('q'));
    let with = if quoted {
        with.replace('$', "$$")
    } else {
        match replacement(with) {
            Some(w) => w,
            None => return Value::Null,
        }
    };
    Value::string(re.replace_all(input, with.as_str()).into_owned())
}

fn matches(args: &[Value]) -> Value {
    let (Value::String(input), Value::String(pattern)) = (&args[0], &args[1]) else {
        return Value::Null;
    };
    match regex(pattern, args.get(2)) {
        Some(re) => Value::Boolean(re.is_match(input)),
        None => Value::Null,
    }
}

fn split(args: &[Value]) -> Value {
    let (Value::String(s), Value::String(delimiter)) = (&args[0], &args[1]) else {
        return Value::Null;
    };
    let Some(re) = regex(delimiter, None) else {
        return Value::Null;
    };
    if re.is_match("") {
        return Value::Null;
    }
    Value::list(re.split(s).map(Value::string).collect::<Vec<_>>())
}

fn string_join(args: &[Value]) -> Value {
    let delimiter = match args.get(1) {
        None | Some(Value::Null) => "",
        Some(Value::String(d)) => d,
        Some(_) => return Value::Null,
    };
    list_op(&args[0], |items| {
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) => parts.push(&**s),
                Value::Null => {}
                _ => return Value::Null,
            }
        }
        Value::string(parts.join(delimiter))
    })
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

fn list_contains(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        Value::Boolean(
            items
                .iter()
                .any(|item| item.feel_eq(&args[1]) == Some(true)),
        )
    })
}

fn extreme(items: &[Value], wanted: Ordering) -> Value {
    let Some(mut best) = items.first() else {
        return Value::Null;
    };
    for item in &items[1..] {
        match item.feel_cmp(best) {
            Some(order) if order == wanted => best = item,
            Some(_) => {}
            None => return Value::Null,
        }
    }
    if best.feel_cmp(best).is_none() {
        return Value::Null;
    }
    best.clone()
}

fn numbers(items: &[Value]) -> Option<Vec<Number>> {
    items.iter().map(Value::as_number).collect()
}

fn sum(items: &[Value]) -> Value {
    let Some(numbers) = numbers(items) else {
        return Value::Null;
    };
    if numbers.is_empty() {
        return Value::Null;
    }
    Value::from_number(
        numbers
            .iter()
            .try_fold(Number::ZERO, |acc, n| acc.checked_add(*n)),
    )
}

fn mean(items: &[Value]) -> Value {
    let Some(numbers) = numbers(items) else {
        return Value::Null;
    };
    if numbers.is_empty() {
        return Value::Null;
    }
    let total = numbers
        .iter()
        .try_fold(Number::ZERO, |acc, n| acc.checked_add(*n));
    Value::from_number(total.and_then(|t| t.checked_div(Number::from_i64(len(&numbers)))))
}

fn product(items: &[Value]) -> Value {
    let Some(numbers) = numbers(items) else {
        return Value::Null;
    };
    if numbers.is_empty() {
        return Value::Null;
    }
    Value::from_number(
        numbers
            .iter()
            .try_fold(Number::from_i64(1), |acc, n| acc.checked_mul(*n)),
    )
}

fn sorted_numbers(items: &[Value]) -> Option<Vec<Number>> {
    let mut numbers = numbers(items)?;
    numbers.sort_by(|a, b| a.cmp_value(*b));
    Some(numbers)
}

fn median(items: &[Value]) -> Value {
    let Some(numbers) = sorted_numbers(items) else {
        return Value::Null;
    };
    let n = numbers.len();
    if n == 0 {
        return Value::Null;
    }
    if n % 2 == 1 {
        return Value::Number(numbers[n / 2]);
    }
    let pair = numbers[n / 2 - 1].checked_add(numbers[n / 2]);
    Value::from_number(pair.and_then(|p| p.checked_div(Number::from_i64(2))))
}

/// The sample standard deviation (divided by n - 1).
fn stddev(items: &[Value]) -> Value {
    let Some(numbers) = numbers(items) else {
        return Value::Null;
    };
    let n = len(&numbers);
    if n < 2 {
        return Value::Null;
    }
    let result = (|| {
        let total = numbers
            .iter()
            .try_fold(Number::ZERO, |acc, x| acc.checked_add(*x))?;
        let mean = total.checked_div(Number::from_i64(n))?;
        let squares = numbers.iter().try_fold(Number::ZERO, |acc, x| {
            let d = x.checked_sub(mean)?;
            acc.checked_add(d.checked_mul(d)?)
        })?;
        squares.checked_div(Number::from_i64(n - 1))?.sqrt()
    })();
    Value::from_number(result)
}

fn mode(items: &[Value]) -> Value {
    let Some(numbers) = sorted_numbers(items) else {
        return Value::Null;
    };
    let mut best: Vec<Number> = Vec::new();
    let mut best_count = 0;
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j < numbers.len() && numbers[j] == numbers[i] {
            j += 1;
        }
        let count = j - i;
        match count.cmp(&best_count) {
            Ordering::Greater => {
                best = vec![numbers[i]];
                best_count = count;
            }
            Ordering::Equal => best.push(numbers[i]),
            Ordering::Less => {}
        }
        i = j;
    }
    Value::list(best.into_iter().map(Value::Number).collect::<Vec<_>>())
}

fn all(items: &[Value]) -> Value {
    let mut unknown = false;
    for item in items {
        match item {
            Value::Boolean(false) => return Value::Boolean(false),
            Value::Boolean(true) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Value::Null
    } else {
        Value::Boolean(true)
    }
}

fn any(items: &[Value]) -> Value {
    let mut unknown = false;
    for item in items {
        match item {
            Value::Boolean(true) => return Value::Boolean(true),
            Value::Boolean(false) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Value::Null
    } else {
        Value::Boolean(false)
    }
}

/// A 1-based position (negative from the end) as an index into `count`
/// items.
fn position(value: &Value, count: usize) -> Option<usize> {
    let p = int(value)?;
    let count = i64::try_from(count).ok()?;
    let index = if p > 0 { p - 1 } else { count + p };
    if p == 0 || index < 0 || index >= count {
        return None;
    }
    usize::try_from(index).ok()
}

fn sublist(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let Some(start) = int(&args[1]) else {
            return Value::Null;
        };
        let length = match args.get(2) {
            None => None,
            Some(v) => match int(v) {
                Some(l) => Some(l),
                None => return Value::Null,
            },
        };
        match window(items.len(), start, length) {
            Some(range) => Value::list(items[range].to_vec()),
            None => Value::Null,
        }
    })
}

fn append(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let mut out = items.to_vec();
        out.extend_from_slice(&args[1..]);
        Value::list(out)
    })
}

fn concatenate(args: &[Value]) -> Value {
    let mut out = Vec::new();
    for arg in args {
        match arg {
            Value::List(items) => out.extend_from_slice(items),
            _ => return Value::Null,
        }
    }
    Value::list(out)
}

fn insert_before(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let index = match int(&args[1]) {
            // Inserting before the position just past the end appends.
            Some(p) if p > 0 && usize::try_from(p - 1).ok() == Some(items.len()) => items.len(),
            _ => match position(&args[1], items.len()) {
                Some(i) => i,
                None => return Value::Null,
            },
        };
        let mut out = items.to_vec();
        out.insert(index, args[2].clone());
        Value::list(out)
    })
}

fn remove(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let Some(index) = position(&args[1], items.len()) else {
            return Value::Null;
        };
        let mut out = items.to_vec();
        out.remove(index);
        Value::list(out)
    })
}

fn list_replace(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let mut out = items.to_vec();
        match &args[1] {
            Value::Function(matcher) => {
                for item in &mut out {
                    match call_function(matcher, &[item.clone(), args[2].clone()]) {
                        Value::Boolean(true) => *item = args[2].clone(),
                        Value::Boolean(false) => {}
                        _ => return Value::Null,
                    }
                }
            }
            position_value => {
                let Some(index) = position(position_value, items.len()) else {
                    return Value::Null;
                };
                out[index] = args[2].clone();
            }
        }
        Value::list(out)
    })
}

fn index_of(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let positions: Vec<Value> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.feel_eq(&args[1]) == Some(true))
            .map(|(i, _)| Value::number(i64::try_from(i + 1).unwrap_or(i64::MAX)))
            .collect();
        Value::list(positions)
    })
}

fn distinct(items: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.iter().any(|seen| seen.feel_eq(item) == Some(true)) {
            out.push(item.clone());
        }
    }
    out
}

fn union(args: &[Value]) -> Value {
    let mut all = Vec::new();
    for arg in args {
        match arg {
            Value::List(items) => all.extend_from_slice(items),
            _ => return Value::Null,
        }
    }
    Value::list(distinct(&all))
}

fn flatten_into(items: &[Value], out: &mut Vec<Value>) {
    for item in items {
        match item {
            Value::List(inner) => flatten_into(inner, out),
            other => out.push(other.clone()),
        }
    }
}

/// Sorts by `precedes(a, b)`. A stable merge sort that never relies on
/// the comparison being consistent: a user-written `precedes` may be
/// anything, and an inconsistent one must give some order, not a crash.
fn sort(args: &[Value]) -> Value {
    let Value::Function(precedes) = &args[1] else {
        return Value::Null;
    };
    list_op(&args[0], |items| {
        let mut failed = false;
        let mut less = |a: &Value, b: &Value| -> bool {
            if let Value::Boolean(result) = call_function(precedes, &[a.clone(), b.clone()]) {
                return result;
            }
            failed = true;
            false
        };
        let sorted = merge_sort(items.to_vec(), &mut less);
        if failed {
            Value::Null
        } else {
            Value::list(sorted)
        }
    })
}

fn merge_sort(mut items: Vec<Value>, less: &mut dyn FnMut(&Value, &Value) -> bool) -> Vec<Value> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, less);
    let right = merge_sort(right, less);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        // Take from the right only when it strictly precedes, for
        // stability.
        if less(r, l) {
            out.extend(right.next());
        } else {
            out.extend(left.next());
        }
    }
    out.extend(left);
    out.extend(right);
    out
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// Scales beyond what Decimal128 can represent are refused.
const MAX_SCALE: i64 = 6176;
const MIN_SCALE: i64 = -6111;

fn round_with(args: &[Value], mode: RoundingMode) -> Value {
    let Value::Number(n) = &args[0] else {
        return Value::Null;
    };
    let scale = match args.get(1) {
        None => 0,
        Some(v) => match truncated_int(v) {
            Some(s) if (MIN_SCALE..=MAX_SCALE).contains(&s) => s,
            _ => return Value::Null,
        },
    };
    let result = n.round(i32::try_from(scale).unwrap_or(0), mode);
    // A result with more digits than Decimal128 holds is not refused by
    // the spec; it is the number itself when rounding changes nothing.
    Value::Number(result.unwrap_or(*n))
}

fn abs(args: &[Value]) -> Value {
    match &args[0] {
        Value::Number(n) => Value::Number(n.abs()),
        Value::YearsMonths(d) => d.months.checked_abs().map_or(Value::Null, |months| {
            Value::YearsMonths(YearsMonths { months })
        }),
        Value::DaysTime(d) => d
            .nanos
            .checked_abs()
            .map_or(Value::Null, |nanos| Value::DaysTime(DaysTime { nanos })),
        _ => Value::Null,
    }
}

fn parity(value: &Value, odd: bool) -> Value {
    let Value::Number(n) = value else {
        return Value::Null;
    };
    if !n.is_integer() {
        return Value::Null;
    }
    match n.modulo(Number::from_i64(2)) {
        Some(r) => Value::Boolean(r.is_zero() != odd),
        None => Value::Null,
    }
}

// ---------------------------------------------------------------------------
// Temporal
// ---------------------------------------------------------------------------

fn now() -> DateTime {
    let zoned = jiff::ZonedDateTime::now();
    let offset = zoned.offset().seconds();
    DateTime {
        local: zoned.datetime(),
        zone: Some(Zone::Offset(offset)),
    }
}

/// `is(a, b)`: the same type and the same value, including the zone.
fn is(args: &[Value]) -> Value {
    let (a, b) = (&args[0], &args[1]);
    let same = match (a, b) {
        (Value::Time(x), Value::Time(y)) => x == y,
        (Value::DateTime(x), Value::DateTime(y)) => x == y,
        _ => a.type_name() == b.type_name() && a.feel_eq(b) == Some(true),
    };
    Value::Boolean(same)
}

/// The properties of temporal values and ranges (`date.year`).
pub fn property(value: &Value, name: &str) -> Value {
    let number = |n: i64| Value::number(n);
    let offset_value = |seconds: Option<i32>| {
        seconds.map_or(Value::Null, |s| {
            Value::DaysTime(DaysTime::from_seconds(i64::from(s)))
        })
    };
    let zone_name = |zone: &Option<Zone>| match zone {
        Some(Zone::Named(name)) => Value::String(name.clone()),
        _ => Value::Null,
    };
    match value {
        Value::Date(d) => match name {
            "year" => number(i64::from(d.year())),
            "month" => number(i64::from(d.month())),
            "day" => number(i64::from(d.day())),
            "weekday" => number(temporal::weekday_number(*d)),
            _ => Value::Null,
        },
        Value::DateTime(dt) => match name {
            "year" => number(i64::from(dt.local.year())),
            "month" => number(i64::from(dt.local.month())),
            "day" => number(i64::from(dt.local.day())),
            "weekday" => number(temporal::weekday_number(dt.local.date())),
            "hour" => number(i64::from(dt.local.hour())),
            "minute" => number(i64::from(dt.local.minute())),
            "second" => number(i64::from(dt.local.second())),
            "time offset" => offset_value(dt.offset_seconds()),
            "timezone" => zone_name(&dt.zone),
            _ => Value::Null,
        },
        Value::Time(t) => match name {
            "hour" => number(i64::from(t.local.hour())),
            "minute" => number(i64::from(t.local.minute())),
            "second" => number(i64::from(t.local.second())),
            "time offset" => offset_value(t.offset_seconds()),
            "timezone" => zone_name(&t.zone),
            _ => Value::Null,
        },
        Value::YearsMonths(d) => match name {
            "years" => number(d.years()),
            "months" => number(d.months_part()),
            _ => Value::Null,
        },
        Value::DaysTime(d) => {
            let n = |x: i128| Value::from_number(Number::from_i128(x));
            match name {
                "days" => n(d.days()),
                "hours" => n(d.hours()),
                "minutes" => n(d.minutes()),
                "seconds" => Value::Number(d.seconds()),
                _ => Value::Null,
            }
        }
        Value::Range(r) => match name {
            "start" => r.start.clone().unwrap_or(Value::Null),
            "end" => r.end.clone().unwrap_or(Value::Null),
            "start included" => Value::Boolean(r.start_closed),
            "end included" => Value::Boolean(r.end_closed),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------
// Ranges (DMN 1.5, 10.3.4.9): a point is treated as the range [p..p].
// ---------------------------------------------------------------------------

struct Ends {
    start: Option<Value>,
    start_closed: bool,
    end: Option<Value>,
    end_closed: bool,
}

fn ends(value: &Value) -> Option<Ends> {
    match value {
        Value::Range(r) => Some(Ends {
            start: r.start.clone(),
            start_closed: r.start_closed,
            end: r.end.clone(),
            end_closed: r.end_closed,
        }),
        Value::Null
        | Value::Function(_)
        | Value::List(_)
        | Value::Context(_)
        | Value::Boolean(_) => None,
        point => Some(Ends {
            start: Some(point.clone()),
            start_closed: true,
            end: Some(point.clone()),
            end_closed: true,
        }),
    }
}

fn two_ends(args: &[Value]) -> Option<(Ends, Ends)> {
    Some((ends(&args[0])?, ends(&args[1])?))
}

/// Three-valued comparison helper: `None` when incomparable.
fn cmp(a: &Value, b: &Value) -> Option<Ordering> {
    a.feel_cmp(b)
}

fn boolean(result: Option<bool>) -> Value {
    result.map_or(Value::Null, Value::Boolean)
}

/// `a` lies entirely before `b`.
fn before(args: &[Value]) -> Value {
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| {
        let (Some(a_end), Some(b_start)) = (&a.end, &b.start) else {
            return Some(false);
        };
        let order = cmp(a_end, b_start)?;
        Some(order.is_lt() || (order.is_eq() && !(a.end_closed && b.start_closed)))
    })())
}

fn after(args: &[Value]) -> Value {
    before(&[args[1].clone(), args[0].clone()])
}

fn meets(args: &[Value]) -> Value {
    let (Value::Range(_), Value::Range(_)) = (&args[0], &args[1]) else {
        return Value::Null;
    };
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| {
        let (Some(a_end), Some(b_start)) = (&a.end, &b.start) else {
            return Some(false);
        };
        Some(a.end_closed && b.start_closed && cmp(a_end, b_start)?.is_eq())
    })())
}

fn overlaps(args: &[Value]) -> Value {
    let Some((first, second)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| {
        // They overlap unless one lies entirely before the other.
        let a_before_b = match (&first.end, &second.start) {
            (Some(e), Some(s)) => {
                let o = cmp(e, s)?;
                o.is_lt() || (o.is_eq() && !(first.end_closed && second.start_closed))
            }
            _ => false,
        };
        let b_before_a = match (&second.end, &first.start) {
            (Some(e), Some(s)) => {
                let o = cmp(e, s)?;
                o.is_lt() || (o.is_eq() && !(second.end_closed && first.start_closed))
            }
            _ => false,
        };
        Some(!a_before_b && !b_before_a)
    })())
}

/// `a` starts before `b` starts and ends inside `b`.
fn overlaps_before(args: &[Value]) -> Value {
    let (Value::Range(_), Value::Range(_)) = (&args[0], &args[1]) else {
        return Value::Null;
    };
    let Some((first, second)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| {
        let starts_before = match (&first.start, &second.start) {
            (None, Some(_)) => true,
            (_, None) => false,
            (Some(x), Some(y)) => {
                let o = cmp(x, y)?;
                o.is_lt() || (o.is_eq() && first.start_closed && !second.start_closed)
            }
        };
        let (Some(a_end), Some(b_start)) = (&first.end, &second.start) else {
            return Some(false);
        };
        let o = cmp(a_end, b_start)?;
        let ends_after_b_start =
            o.is_gt() || (o.is_eq() && first.end_closed && second.start_closed);
        let ends_before_b_end = match &second.end {
            None => true,
            Some(b_end) => {
                let o = cmp(a_end, b_end)?;
                o.is_lt() || (o.is_eq() && (!first.end_closed || second.end_closed))
            }
        };
        Some(starts_before && ends_after_b_start && ends_before_b_end)
    })())
}

/// Compares the ends of two ranges as `(start equal, end equal)`, each
/// with closedness; helper for `starts`, `finishes`, `coincides`.
fn same_end(x: Option<&Value>, x_closed: bool, y: Option<&Value>, y_closed: bool) -> Option<bool> {
    match (x, y) {
        (None, None) => Some(true),
        (Some(a), Some(b)) => Some(x_closed == y_closed && cmp(a, b)?.is_eq()),
        _ => Some(false),
    }
}

fn finishes(args: &[Value]) -> Value {
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    let a_is_point = !matches!(args[0], Value::Range(_));
    boolean((|| {
        if a_is_point {
            let (Some(p), Some(end)) = (&a.end, &b.end) else {
                return Some(false);
            };
            return Some(b.end_closed && cmp(p, end)?.is_eq());
        }
        let ends_same = same_end(a.end.as_ref(), a.end_closed, b.end.as_ref(), b.end_closed)?;
        Some(ends_same && contains_start(&b, &a)?)
    })())
}

fn starts(args: &[Value]) -> Value {
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    let a_is_point = !matches!(args[0], Value::Range(_));
    boolean((|| {
        if a_is_point {
            let (Some(p), Some(start)) = (&a.start, &b.start) else {
                return Some(false);
            };
            return Some(b.start_closed && cmp(p, start)?.is_eq());
        }
        let starts_same = same_end(
            a.start.as_ref(),
            a.start_closed,
            b.start.as_ref(),
            b.start_closed,
        )?;
        Some(starts_same && contains_end(&b, &a)?)
    })())
}

/// The start of `inner` lies within or at the start of `outer`.
fn contains_start(outer: &Ends, inner: &Ends) -> Option<bool> {
    match (&outer.start, &inner.start) {
        (None, _) => Some(true),
        (Some(_), None) => Some(false),
        (Some(o), Some(i)) => {
            let order = cmp(i, o)?;
            Some(order.is_gt() || (order.is_eq() && (outer.start_closed || !inner.start_closed)))
        }
    }
}

/// The end of `inner` lies within or at the end of `outer`.
fn contains_end(outer: &Ends, inner: &Ends) -> Option<bool> {
    match (&outer.end, &inner.end) {
        (None, _) => Some(true),
        (Some(_), None) => Some(false),
        (Some(o), Some(i)) => {
            let order = cmp(i, o)?;
            Some(order.is_lt() || (order.is_eq() && (outer.end_closed || !inner.end_closed)))
        }
    }
}

/// `a` lies within `b`.
fn during(args: &[Value]) -> Value {
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| Some(contains_start(&b, &a)? && contains_end(&b, &a)?))())
}

fn coincides(args: &[Value]) -> Value {
    let Some((a, b)) = two_ends(args) else {
        return Value::Null;
    };
    boolean((|| {
        Some(
            same_end(
                a.start.as_ref(),
                a.start_closed,
                b.start.as_ref(),
                b.start_closed,
            )? && same_end(a.end.as_ref(), a.end_closed, b.end.as_ref(), b.end_closed)?,
        )
    })())
}

// ---------------------------------------------------------------------------
// Contexts
// ---------------------------------------------------------------------------

fn get_value(args: &[Value]) -> Value {
    match (&args[0], &args[1]) {
        (Value::Context(c), Value::String(key)) => c.get(key).cloned().unwrap_or(Value::Null),
        (Value::Context(_), Value::List(keys)) => {
            let mut current = args[0].clone();
            for key in keys.iter() {
                let Value::String(key) = key else {
                    return Value::Null;
                };
                current = path(&current, key);
            }
            current
        }
        _ => Value::Null,
    }
}

fn get_entries(args: &[Value]) -> Value {
    let Value::Context(c) = &args[0] else {
        return Value::Null;
    };
    let entries: Vec<Value> = c
        .iter()
        .map(|(k, v)| {
            Value::context(
                [("key", Value::String(k.clone())), ("value", v.clone())]
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    Value::list(entries)
}

fn context(args: &[Value]) -> Value {
    let entries: Cow<[Value]> = match &args[0] {
        Value::List(items) => Cow::Borrowed(&items[..]),
        c @ Value::Context(_) => Cow::Owned(vec![c.clone()]),
        _ => return Value::Null,
    };
    let mut out = Context::new();
    for entry in entries.iter() {
        let Value::Context(entry) = entry else {
            return Value::Null;
        };
        let (Some(Value::String(key)), Some(value)) = (entry.get("key"), entry.get("value")) else {
            return Value::Null;
        };
        if out.get(key).is_some() {
            return Value::Null;
        }
        out.insert(key.clone(), value.clone());
    }
    Value::context(out)
}

fn context_put(args: &[Value]) -> Value {
    fn put(context: &Value, keys: &[Value], value: &Value) -> Option<Value> {
        let Value::Context(c) = context else {
            return None;
        };
        let (Value::String(key), rest) = (keys.first()?, &keys[1..]) else {
            return None;
        };
        let mut out = (**c).clone();
        let new_value = if rest.is_empty() {
            value.clone()
        } else {
            put(c.get(key).unwrap_or(&Value::Null), rest, value)?
        };
        out.insert(key.clone(), new_value);
        Some(Value::context(out))
    }
    let keys = match &args[1] {
        k @ Value::String(_) => vec![k.clone()],
        Value::List(keys) if !keys.is_empty() => keys.to_vec(),
        _ => return Value::Null,
    };
    put(&args[0], &keys, &args[2]).unwrap_or(Value::Null)
}

fn context_merge(args: &[Value]) -> Value {
    list_op(&args[0], |items| {
        let mut out = Context::new();
        for item in items {
            let Value::Context(c) = item else {
                return Value::Null;
            };
            for (k, v) in c.iter() {
                out.insert(k.clone(), v.clone());
            }
        }
        Value::context(out)
    })
}
