//! A change put into words, shared by the human and markdown formats:
//! what it is about, and what it changed from and to.

use crate::diff::messages;
use crate::diff::value::{Amount, Value, amount_display};
use crate::diff::words::{self, Segment};
use crate::diff::{Action, Change, Element};

/// The parts of one line of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// `+` added, `-` removed, `~` changed, `>` renamed.
    pub sign: char,
    /// What the change is about: "fee `annual_fee` amount".
    pub subject: String,
    /// From what to what, or what was added or removed.
    pub detail: Detail,
    /// Old and new expressions, to be shown side by side, when the
    /// change is about an expression that is more than a constant.
    pub expressions: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Plain text.
    Text(String),
    /// A text compared word by word.
    Words(Vec<Segment>),
    /// Old → new.
    FromTo(String, String),
}

pub fn describe(change: &Change) -> Described {
    let sign = match change.action {
        Action::Added => '+',
        Action::Removed => '-',
        Action::Changed => '~',
        Action::Renamed { .. } => '>',
    };
    let subject = subject_with(change, &str::to_owned);
    let detail = detail(change);
    let expressions = expressions(change);
    Described {
        sign,
        subject,
        detail,
        expressions,
    }
}

/// "fee `annual_fee`", "field `parking_zone` option neuburg",
/// "transition review → granted".
/// The subject with ids passed through `id` (the markdown format sets
/// them as code), and the property that changed.
pub fn subject_with(change: &Change, id: &dyn Fn(&str) -> String) -> String {
    let target = &change.target;
    let name = messages::element(target.element);
    let mut out = match (target.element, &target.parent) {
        (Element::Transition, Some(step)) => {
            format!("transition {} → {}", id(step), id(&target.id))
        }
        (Element::Deadline, Some(step)) => format!("deadline of step {}", id(step)),
        (Element::Option, Some(field)) => {
            format!("field {} option {}", id(field), id(&target.id))
        }
        (Element::CodeListEntry, Some(list)) => {
            format!("code list {} entry {}", id(list), id(&target.id))
        }
        (Element::DecisionRule, Some(table)) => {
            format!("decision table {} rule {}", id(table), target.id)
        }
        _ => format!("{name} {}", id(&target.id)),
    };
    if let Some(property) = change.property {
        out.push(' ');
        out.push_str(property);
    }
    out
}

fn detail(change: &Change) -> Detail {
    if let Action::Renamed { from } = &change.action {
        return Detail::Text(messages::renamed(from, &change.target.id));
    }
    match (&change.old, &change.new) {
        (Some(Value::Wording(old)), Some(Value::Wording(new))) => {
            Detail::Words(words::compare(old, new))
        }
        (Some(Value::List(old)), Some(Value::List(new))) => list_change(old, new),
        (Some(Value::Amount(old)), Some(Value::Amount(new))) => {
            Detail::FromTo(amount(old), amount(new))
        }
        (Some(old), Some(new)) => Detail::FromTo(old.display(), new.display()),
        (None, Some(value)) | (Some(value), None) => Detail::Text(match value {
            Value::Amount(a) => amount(a),
            other => other.display(),
        }),
        (None, None) => Detail::Text(String::new()),
    }
}

/// A fee amount with what it depends on: "240,00 € / 360,00 € (by
/// `vehicle_length`)".
fn amount(amount: &Amount) -> String {
    let shown = amount_display(amount);
    if amount.values.is_empty() || amount.depends_on.is_empty() {
        shown
    } else {
        format!("{shown} ({})", messages::depends_on(&amount.depends_on))
    }
}

/// A list change shown by what left and what came: "removed: a; added: b".
fn list_change(old: &[String], new: &[String]) -> Detail {
    let removed: Vec<&str> = old
        .iter()
        .filter(|x| !new.contains(x))
        .map(String::as_str)
        .collect();
    let added: Vec<&str> = new
        .iter()
        .filter(|x| !old.contains(x))
        .map(String::as_str)
        .collect();
    if removed.is_empty() && added.is_empty() {
        // Same items, another order.
        return Detail::FromTo(old.join(", "), new.join(", "));
    }
    let mut parts = Vec::new();
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join("; ")));
    }
    if !added.is_empty() {
        parts.push(format!("added {}", added.join("; ")));
    }
    Detail::Text(parts.join(", "))
}

/// Old and new expression texts when they are worth showing beside the
/// values: amounts that are not plain constants, and changed expressions.
fn expressions(change: &Change) -> Option<(String, String)> {
    match (&change.old, &change.new) {
        (Some(Value::Amount(old)), Some(Value::Amount(new))) => {
            let plain = |a: &Amount| a.constant().is_some();
            (!(plain(old) && plain(new))).then(|| {
                (
                    old.expression.trim().to_owned(),
                    new.expression.trim().to_owned(),
                )
            })
        }
        _ => None,
    }
}
