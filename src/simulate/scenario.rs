//! Writing a simulated case as a scenario file (see `docs/scenarios.md`):
//! what was entered (input, submission date, decisions, events, time
//! passing) and what came out as its expectations, so that `ozg test`
//! keeps the case's result from then on.
//!
//! Values are written as TOML values of their field's kind where they read
//! cleanly as that kind (`vehicle_length = 4.85`, `birth_date =
//! 1990-05-01`), and as the text that was typed otherwise, which the
//! engine reads the same way.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::engine::{Action, Input, RawValue, parse_date, parse_number};
use crate::feel::number::Number;
use crate::model::{Field, FieldType, Service};
use crate::simulate::Simulation;

/// A TOML string literal.
fn string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A TOML key: bare where it can be, quoted otherwise.
fn key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { text.to_owned() } else { string(text) }
}

/// A number as a TOML literal, exactly as the engine holds it.
fn number(n: Number) -> String {
    let text = n.to_string();
    // TOML integers must fit 64 bits; longer numbers are written as text,
    // which scenarios also accept for amounts and the engine for fields.
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !text.contains('.') && digits > 18 {
        string(&text)
    } else {
        text
    }
}

fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "ja" | "yes" => Some(true),
        "false" | "nein" | "no" => Some(false),
        _ => None,
    }
}

/// A value of a field of kind `kind` as a TOML value.
fn value(kind: Option<FieldType>, raw: &RawValue) -> String {
    match (kind, raw) {
        (Some(k), RawValue::Text(t)) if k.is_numeric() => {
            parse_number(t).map_or_else(|| string(t), number)
        }
        (Some(FieldType::Date), RawValue::Text(t)) => {
            parse_date(t).map_or_else(|| string(t), |d| d.to_string())
        }
        (Some(FieldType::Boolean), RawValue::Text(t)) => {
            boolean(t).map_or_else(|| string(t), |b| b.to_string())
        }
        (_, RawValue::Text(t)) => string(t),
        (_, RawValue::Number(n)) => number(*n),
        (_, RawValue::Boolean(b)) => b.to_string(),
        (_, RawValue::Date(d)) => d.to_string(),
        (_, RawValue::List(items)) => {
            let items: Vec<String> = items.iter().map(|i| value(None, i)).collect();
            format!("[{}]", items.join(", "))
        }
        (_, RawValue::Entries(entries)) => {
            let pairs: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), value(None, v)))
                .collect();
            format!("{{ {} }}", pairs.join(", "))
        }
    }
}

/// One entry of a repeatable group as an inline table, its fields in
/// form order.
fn entry(members: &[&Field], raw: &RawValue) -> String {
    let RawValue::Entries(values) = raw else {
        return value(None, raw);
    };
    let mut pairs = Vec::new();
    for member in members {
        if let Some(v) = values.get(&member.id.value) {
            let kind = member.kind.as_ref().map(|k| k.value);
            pairs.push(format!("{} = {}", key(&member.id.value), value(kind, v)));
        }
    }
    for (k, v) in values {
        if !members.iter().any(|m| m.id.value == *k) {
            pairs.push(format!("{} = {}", key(k), value(None, v)));
        }
    }
    format!("{{ {} }}", pairs.join(", "))
}

/// The `[input]` table, in the order of the form.
fn input_table(out: &mut String, input: &Input, service: &Service) {
    let fields = service.fields();
    let mut written: Vec<&str> = Vec::new();
    out.push_str("[input]\n");
    for (field, group) in &fields {
        match group {
            None => {
                let id = field.id.value.as_str();
                if let Some(raw) = input.get(id) {
                    let kind = field.kind.as_ref().map(|k| k.value);
                    let _ = writeln!(out, "{} = {}", key(id), value(kind, raw));
                    written.push(id);
                }
            }
            Some(group) => {
                let id = group.id.value.as_str();
                if written.contains(&id) {
                    continue;
                }
                written.push(id);
                let Some(raw) = input.get(id) else { continue };
                let members: Vec<&Field> = fields
                    .iter()
                    .filter(|(_, g)| g.is_some_and(|g| std::ptr::eq(g, *group)))
                    .map(|(f, _)| *f)
                    .collect();
                match raw {
                    RawValue::List(entries) => {
                        let _ = writeln!(out, "{} = [", key(id));
                        for e in entries {
                            let _ = writeln!(out, "  {},", entry(&members, e));
                        }
                        out.push_str("]\n");
                    }
                    other => {
                        let _ = writeln!(out, "{} = {}", key(id), value(None, other));
                    }
                }
            }
        }
    }
    // Names the form does not know are kept, so that the scenario shows
    // what was given (validation reports them).
    for (k, raw) in input {
        if !written.contains(&k.as_str()) {
            let _ = writeln!(out, "{} = {}", key(k), value(None, raw));
        }
    }
}

fn events(out: &mut String, taken: &[(Date, Action)]) {
    for (date, action) in taken {
        let _ = write!(out, "\n[[event]]\non = {date}\n");
        match action {
            Action::Decide { step, decision } => {
                if let Some(step) = step {
                    let _ = writeln!(out, "step = {}", string(step));
                }
                let _ = writeln!(out, "decision = {}", string(decision));
            }
            Action::Event { step, event } => {
                if let Some(step) = step {
                    let _ = writeln!(out, "step = {}", string(step));
                }
                let _ = writeln!(out, "event = {}", string(event));
            }
            Action::Wait => {}
        }
    }
}

fn list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| string(i)).collect();
    format!("[{}]", items.join(", "))
}

fn expectations(out: &mut String, simulation: &Simulation) {
    out.push_str("\n[expect]\n");
    if simulation.is_invalid() {
        let fields: Vec<&str> = simulation
            .validation
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        let _ = writeln!(out, "errors = {}", list(&fields));
        return;
    }
    let _ = writeln!(out, "outcome = {}", string(simulation.outcome_name()));
    let _ = writeln!(out, "path = {}", list(&simulation.trace.path()));
    let _ = writeln!(out, "fees_total = {}", number(simulation.fees_total));
    if !simulation.fees.is_empty() {
        let fees: Vec<String> = simulation
            .fees
            .iter()
            .map(|f| format!("{} = {}", key(&f.id), number(f.amount)))
            .collect();
        let _ = writeln!(out, "fees = {{ {} }}", fees.join(", "));
    }
    let splits: Vec<String> = simulation
        .fees
        .iter()
        .filter(|f| !f.split.is_empty())
        .map(|f| {
            let shares: Vec<String> = f
                .split
                .iter()
                .map(|s| format!("{} = {}", key(&s.authority), number(s.amount)))
                .collect();
            format!("{} = {{ {} }}", key(&f.id), shares.join(", "))
        })
        .collect();
    if !splits.is_empty() {
        let _ = writeln!(out, "split = {{ {} }}", splits.join(", "));
    }
    let deadlines = simulation.trace.deadlines();
    if !deadlines.is_empty() {
        let ends: Vec<String> = deadlines
            .iter()
            .map(|(id, end)| format!("{} = {end}", key(id)))
            .collect();
        let _ = writeln!(out, "deadlines = {{ {} }}", ends.join(", "));
    }
    let _ = writeln!(
        out,
        "notifications = {}",
        list(&simulation.trace.notifications())
    );
}

/// The scenario file for a simulated case: `input` as entered, the
/// submission date and the actions taken, and the simulation's results
/// as expectations.
pub fn write_scenario(
    title: &str,
    input: &Input,
    service: &Service,
    simulation: &Simulation,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "[scenario]\ntitle = {}\nsubmitted = {}\n\n",
        string(title),
        simulation.submitted
    );
    input_table(&mut out, input, service);
    events(&mut out, &simulation.taken);
    expectations(&mut out, simulation);
    out
}
