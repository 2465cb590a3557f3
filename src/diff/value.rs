//! The values a change shows: old and new, in the notation a reviewer
//! expects. Money is written the German way (`1.234,50 €`), constant fee
//! amounts as amounts, computed ones as the amounts they can take beside
//! the expression itself.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::feel::number::Number;

/// An old or new value of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Plain text: a label, a title, an id, a keyword.
    Text(String),
    /// Text shown with a word-level comparison (labels, help texts,
    /// notification texts).
    Wording(String),
    Number(Number),
    Integer(i64),
    Bool(bool),
    Date(Date),
    /// An ISO 8601 duration as written (`P14D`).
    Duration(String),
    /// A FEEL expression as written.
    Expression(String),
    /// A fee amount: the expression, and the amounts it can take.
    Amount(Amount),
    /// A list of texts (legal bases, decisions, file kinds).
    List(Vec<String>),
    /// A row of a decision table.
    Row(Row),
    /// A short description of an added or removed element.
    Summary(String),
}

/// A fee amount as written and as far as it can be worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub expression: String,
    /// The amounts the expression can take, in the order they appear,
    /// when there are few and they do not depend on free input; empty when
    /// they cannot be worked out.
    pub values: Vec<Number>,
    /// The form fields the amount depends on.
    pub depends_on: Vec<String>,
}

impl Amount {
    /// The single constant amount, when the expression is one.
    pub fn constant(&self) -> Option<Number> {
        match self.values.as_slice() {
            [one] if self.depends_on.is_empty() => Some(*one),
            _ => None,
        }
    }
}

/// A decision table row: its cells, its result and its annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The table's inputs, one per cell.
    pub inputs: Vec<String>,
    pub cells: Vec<String>,
    pub then: String,
    pub annotation: Option<String>,
}

impl Value {
    /// The value in one line, as the human and markdown formats show it.
    pub fn display(&self) -> String {
        match self {
            Value::Text(t) | Value::Wording(t) | Value::Summary(t) => t.clone(),
            Value::Expression(e) => e.clone(),
            Value::Duration(d) => d.clone(),
            Value::Number(n) => german_number(*n),
            Value::Integer(i) => i.to_string(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            Value::Date(d) => d.to_string(),
            Value::Amount(a) => amount_display(a),
            Value::List(items) => {
                if items.is_empty() {
                    "(none)".to_owned()
                } else {
                    items.join(", ")
                }
            }
            Value::Row(row) => {
                let mut out = row.cells.join(" | ");
                let _ = write!(out, " → {}", row.then);
                if let Some(a) = &row.annotation {
                    let _ = write!(out, " ({a})");
                }
                out
            }
        }
    }
}

/// The amounts of a fee in one line: `30,00 €`, or `240,00 € / 360,00 €`.
/// An amount that cannot be worked out is shown as its expression.
pub fn amount_display(amount: &Amount) -> String {
    if amount.values.is_empty() {
        amount.expression.clone()
    } else {
        amount
            .values
            .iter()
            .map(|n| money(*n))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// An amount in euros, German notation, rounded half up to whole cents:
/// `1.234,50 €`.
pub fn money(n: Number) -> String {
    let text = n.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let (int, cents) = round_cents(int, frac);
    let grouped = group_thousands(&int);
    let sign = if negative && (int != "0" || cents != "00") {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped},{cents} €")
}

/// A number in German notation, keeping its digits: `4,70`.
pub fn german_number(n: Number) -> String {
    let text = n.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(int))
    } else {
        format!("{sign}{},{frac}", group_thousands(int))
    }
}

/// Rounds `int.frac` half up to two decimals; returns the integer digits
/// and the two cent digits.
fn round_cents(int: &str, frac: &str) -> (String, String) {
    let mut digits: Vec<u8> = int.bytes().map(|b| b - b'0').collect();
    let mut cents: Vec<u8> = frac.bytes().take(2).map(|b| b - b'0').collect();
    cents.resize(2, 0);
    let round_up = frac.as_bytes().get(2).is_some_and(|&b| b >= b'5');
    if round_up {
        // Add one cent, carrying through the cents into the euros.
        let mut carry = true;
        for d in cents.iter_mut().rev().chain(digits.iter_mut().rev()) {
            if !carry {
                break;
            }
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
            }
        }
        if carry {
            digits.insert(0, 1);
        }
    }
    let int: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    (
        int.to_owned(),
        cents.iter().map(|d| char::from(b'0' + d)).collect(),
    )
}

fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        text.parse().unwrap()
    }

    #[test]
    fn money_is_written_with_comma_and_two_decimals() {
        assert_eq!(money(n("30")), "30,00 €");
        assert_eq!(money(n("27.6")), "27,60 €");
        assert_eq!(money(n("1234.5")), "1.234,50 €");
    }

    #[test]
    fn money_rounds_half_up_to_cents() {
        assert_eq!(money(n("7.125")), "7,13 €");
        assert_eq!(money(n("9.995")), "10,00 €");
        assert_eq!(money(n("0.004")), "0,00 €");
    }

    #[test]
    fn numbers_keep_their_digits_in_german_notation() {
        assert_eq!(german_number(n("4.70")), "4,70");
        assert_eq!(german_number(n("100000")), "100.000");
    }
}
