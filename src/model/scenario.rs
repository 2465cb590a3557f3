//! Scenarios: worked cases of a service, from
//! `services/<service>/scenarios/<name>.toml`.
//!
//! A scenario is input data, not model: values are kept as they were
//! written, with their spans, and only converted into FEEL values by the
//! engine, which knows the type of each field. The format is described for
//! users in `docs/scenarios.md`.

use crate::model::tree;
use jiff::civil::Date;

use crate::feel::number::Number;
use crate::model::load::ProblemKind;
use crate::model::reader::{Reader, Table, TomlValue, span_of};
use crate::source::{FileId, Span, Spanned};

/// One worked case.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub file: FileId,
    /// The folder of the service the scenario belongs to.
    pub service: String,
    /// The file name without `.toml`.
    pub name: String,
    pub header: Span,
    pub title: Option<Spanned<String>>,
    pub submitted: Option<Spanned<Date>>,
    pub description: Option<Spanned<String>>,
    pub input: Vec<InputEntry>,
    pub events: Vec<ScenarioEvent>,
    pub expect: Expectations,
}

/// A field's value as written in a scenario.
#[derive(Debug, Clone)]
pub struct InputEntry {
    pub field: Spanned<String>,
    pub value: Spanned<InputValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputValue {
    Text(String),
    Number(Number),
    Boolean(bool),
    Date(Date),
    List(Vec<Spanned<InputValue>>),
    /// An entry of a repeatable group, or a file with details.
    Table(Vec<InputEntry>),
}

impl PartialEq for InputEntry {
    fn eq(&self, other: &Self) -> bool {
        self.field.value == other.field.value && self.value.value == other.value.value
    }
}

/// Something that happens after submission.
#[derive(Debug, Clone)]
pub struct ScenarioEvent {
    pub span: Span,
    pub on: Option<Spanned<Date>>,
    /// A duration after the previous event, as written.
    pub after: Option<Spanned<String>>,
    pub step: Option<Spanned<String>>,
    pub decision: Option<Spanned<String>>,
    pub event: Option<Spanned<String>>,
}

/// An amount expected for a name (a fee, an authority).
pub type Amount = (Spanned<String>, Spanned<Number>);

/// What must come out of a scenario. `None` means not checked.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub span: Option<Span>,
    pub outcome: Option<Spanned<String>>,
    pub path: Option<Vec<Spanned<String>>>,
    pub fees_total: Option<Spanned<Number>>,
    pub fees: Vec<(Spanned<String>, Spanned<Number>)>,
    /// Per fee, the amount per authority.
    pub split: Vec<(Spanned<String>, Vec<Amount>)>,
    pub deadlines: Vec<(Spanned<String>, Spanned<Date>)>,
    pub notifications: Option<Vec<Spanned<String>>>,
    pub errors: Option<Vec<Spanned<String>>>,
}

/// The outcomes a scenario may expect: those of end steps, and `open`.
pub const EXPECTED_OUTCOMES: &[&str] = &[
    "approved",
    "rejected",
    "withdrawn",
    "deemed_approved",
    "completed",
    "open",
];

const FILE_KEYS: &[&str] = &["scenario", "input", "event", "expect"];
const SCENARIO_KEYS: &[&str] = &["title", "submitted", "description"];
const EVENT_KEYS: &[&str] = &["on", "after", "step", "decision", "event"];
const EXPECT_KEYS: &[&str] = &[
    "outcome",
    "path",
    "fees_total",
    "fees",
    "split",
    "deadlines",
    "notifications",
    "errors",
];

/// Nesting of input values deeper than this is refused: real forms nest
/// groups a few levels at most.
const MAX_INPUT_DEPTH: usize = 16;

pub(crate) fn read_scenario(
    r: &mut Reader<'_>,
    root: &tree::Table<'_>,
    service: String,
    name: String,
) -> Scenario {
    let top = r.open(root, Span::at(0), "scenario file", FILE_KEYS);
    let mut scenario = Scenario {
        file: r.file,
        service,
        name,
        header: Span::at(0),
        title: None,
        submitted: None,
        description: None,
        input: Vec::new(),
        events: Vec::new(),
        expect: Expectations::default(),
    };
    match r.table(&top, "scenario", "[scenario] table", SCENARIO_KEYS) {
        Some(table) => {
            scenario.header = table.span;
            scenario.title = r.required_string(&table, "title");
            if table.get("submitted").is_none() {
                r.missing(&table, "submitted");
            }
            scenario.submitted = r.date(&table, "submitted");
            scenario.description = r.string(&table, "description");
        }
        None if top.get("scenario").is_none() => {
            r.report(
                Span::at(0),
                ProblemKind::MissingKey {
                    key: "scenario",
                    what: "scenario file",
                },
            );
        }
        None => {}
    }
    if let Some(input) = top.get("input") {
        match input.get_ref() {
            tree::Value::Table(entries) => scenario.input = read_entries(r, entries, 0),
            other => r.wrong_type("input", "table", other, span_of(input)),
        }
    }
    for event in r.tables(&top, "event", "event", EVENT_KEYS) {
        scenario.events.push(ScenarioEvent {
            span: event.span,
            on: r.date(&event, "on"),
            after: r.string(&event, "after"),
            step: r.string(&event, "step"),
            decision: r.string(&event, "decision"),
            event: r.string(&event, "event"),
        });
        if event.get("decision").is_some() && event.get("event").is_some() {
            r.report(
                event.span,
                ProblemKind::Conflicting {
                    keys: &["decision", "event"],
                },
            );
        }
        if event.get("on").is_some() && event.get("after").is_some() {
            r.report(
                event.span,
                ProblemKind::Conflicting {
                    keys: &["on", "after"],
                },
            );
        }
    }
    if let Some(expect) = r.table(&top, "expect", "[expect] table", EXPECT_KEYS) {
        scenario.expect = read_expect(r, &expect);
    }
    scenario
}

fn read_entries(r: &mut Reader<'_>, entries: &tree::Table<'_>, depth: usize) -> Vec<InputEntry> {
    let mut out = Vec::new();
    for (key, value) in entries {
        let field = Spanned::new(key.get_ref().to_string(), span_of(key));
        if let Some(value) = read_value(r, &field.value, value, depth) {
            out.push(InputEntry { field, value });
        }
    }
    // Keep the order of the file, not the parser's order of keys.
    out.sort_by_key(|e| e.field.span.start);
    out
}

fn read_value(
    r: &mut Reader<'_>,
    key: &str,
    value: &TomlValue<'_>,
    depth: usize,
) -> Option<Spanned<InputValue>> {
    let span = span_of(value);
    if depth > MAX_INPUT_DEPTH {
        r.wrong_type(key, "value nested less deeply", value.get_ref(), span);
        return None;
    }
    let read = match value.get_ref() {
        tree::Value::String(s) => InputValue::Text(s.to_string()),
        tree::Value::Integer(_) | tree::Value::Float(_) => {
            InputValue::Number(r.number_of(key, value)?.value)
        }
        tree::Value::Boolean(b) => InputValue::Boolean(*b),
        tree::Value::Datetime(_) => InputValue::Date(r.date_of(key, value)?.value),
        tree::Value::Array(items) => InputValue::List(
            items
                .iter()
                .filter_map(|item| read_value(r, key, item, depth + 1))
                .collect(),
        ),
        tree::Value::Table(entries) => InputValue::Table(read_entries(r, entries, depth + 1)),
    };
    Some(Spanned::new(read, span))
}

/// A number given as a TOML number or as text (`"200.00"`).
fn amount(r: &mut Reader<'_>, key: &str, value: &TomlValue<'_>) -> Option<Spanned<Number>> {
    let span = span_of(value);
    let digits = match value.get_ref() {
        number @ (tree::Value::Integer(_) | tree::Value::Float(_)) => {
            number.number_text().unwrap_or_default()
        }
        tree::Value::String(s) => s.trim().to_owned(),
        other => {
            r.wrong_type(key, "number", other, span);
            return None;
        }
    };
    if let Ok(n) = digits.parse::<Number>() {
        Some(Spanned::new(n, span))
    } else {
        r.report(
            span,
            ProblemKind::NumberOutOfRange {
                key: key.to_owned(),
            },
        );
        None
    }
}

/// The entries of a table given at `key`, each read with `read`.
fn keyed<T>(
    r: &mut Reader<'_>,
    table: &Table<'_, '_>,
    key: &str,
    mut read: impl FnMut(&mut Reader<'_>, &str, &TomlValue<'_>) -> Option<T>,
) -> Vec<(Spanned<String>, T)> {
    let Some(value) = table.get(key) else {
        return Vec::new();
    };
    let tree::Value::Table(entries) = value.get_ref() else {
        r.wrong_type(key, "table", value.get_ref(), span_of(value));
        return Vec::new();
    };
    let mut out: Vec<(Spanned<String>, T)> = entries
        .iter()
        .filter_map(|(k, v)| {
            let name = Spanned::new(k.get_ref().to_string(), span_of(k));
            read(r, &name.value, v).map(|t| (name, t))
        })
        .collect();
    out.sort_by_key(|(k, _)| k.span.start);
    out
}

fn read_expect(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Expectations {
    let list = |r: &mut Reader<'_>, key: &str| t.get(key).map(|_| r.strings(t, key));
    Expectations {
        span: Some(t.span),
        outcome: r.keyword(t, "outcome", EXPECTED_OUTCOMES, |s| {
            EXPECTED_OUTCOMES.contains(&s).then(|| s.to_owned())
        }),
        path: list(r, "path"),
        fees_total: t.get("fees_total").and_then(|v| amount(r, "fees_total", v)),
        fees: keyed(r, t, "fees", amount),
        split: keyed(r, t, "split", |r, key, value| {
            let tree::Value::Table(entries) = value.get_ref() else {
                r.wrong_type(key, "table", value.get_ref(), span_of(value));
                return None;
            };
            let mut shares: Vec<(Spanned<String>, Spanned<Number>)> = entries
                .iter()
                .filter_map(|(k, v)| {
                    let authority = Spanned::new(k.get_ref().to_string(), span_of(k));
                    amount(r, &authority.value, v).map(|n| (authority, n))
                })
                .collect();
            shares.sort_by_key(|(k, _)| k.span.start);
            Some(shares)
        }),
        // The method itself does not fit: its reader lifetime is fixed.
        #[allow(clippy::redundant_closure_for_method_calls)]
        deadlines: keyed(r, t, "deadlines", |r, key, value| r.date_of(key, value)),
        notifications: list(r, "notifications"),
        errors: list(r, "errors"),
    }
}
