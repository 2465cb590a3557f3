//! Application input as it arrives: from a scenario file, from the command
//! line, or as JSON over HTTP. Values are kept as given and only turned
//! into FEEL values once the field they belong to, and so their type, is
//! known.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::feel::number::Number;
use crate::model::scenario::{InputEntry, InputValue};

/// A value as the applicant gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Text(String),
    Number(Number),
    Boolean(bool),
    Date(Date),
    List(Vec<RawValue>),
    /// An entry of a repeatable group, or a file with details.
    Entries(Input),
}

/// The values of an application, by field id.
pub type Input = BTreeMap<String, RawValue>;

impl RawValue {
    /// The value of a scenario entry.
    pub fn from_scenario(value: &InputValue) -> RawValue {
        match value {
            InputValue::Text(t) => RawValue::Text(t.clone()),
            InputValue::Number(n) => RawValue::Number(*n),
            InputValue::Boolean(b) => RawValue::Boolean(*b),
            InputValue::Date(d) => RawValue::Date(*d),
            InputValue::List(items) => RawValue::List(
                items
                    .iter()
                    .map(|i| RawValue::from_scenario(&i.value))
                    .collect(),
            ),
            InputValue::Table(entries) => RawValue::Entries(input_from_scenario(entries)),
        }
    }

    /// A value from JSON, as the platform receives it. Numbers are read
    /// from their decimal text, never through binary floating point.
    pub fn from_json(value: &serde_json::Value) -> Option<RawValue> {
        Some(match value {
            serde_json::Value::Null => return None,
            serde_json::Value::Bool(b) => RawValue::Boolean(*b),
            serde_json::Value::Number(n) => RawValue::Number(n.to_string().parse().ok()?),
            serde_json::Value::String(s) => RawValue::Text(s.clone()),
            serde_json::Value::Array(items) => {
                RawValue::List(items.iter().filter_map(RawValue::from_json).collect())
            }
            serde_json::Value::Object(map) => RawValue::Entries(
                map.iter()
                    .filter_map(|(k, v)| Some((k.clone(), RawValue::from_json(v)?)))
                    .collect(),
            ),
        })
    }

    /// The value as JSON, for storing and showing it.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            RawValue::Text(t) => serde_json::Value::String(t.clone()),
            RawValue::Number(n) => serde_json::Value::String(n.to_string()),
            RawValue::Boolean(b) => serde_json::Value::Bool(*b),
            RawValue::Date(d) => serde_json::Value::String(d.to_string()),
            RawValue::List(items) => {
                serde_json::Value::Array(items.iter().map(RawValue::to_json).collect())
            }
            RawValue::Entries(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The input of a scenario.
pub fn input_from_scenario(entries: &[InputEntry]) -> Input {
    entries
        .iter()
        .map(|e| {
            (
                e.field.value.clone(),
                RawValue::from_scenario(&e.value.value),
            )
        })
        .collect()
}

/// Reads the input from a JSON object.
pub fn input_from_json(object: &serde_json::Map<String, serde_json::Value>) -> Input {
    object
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), RawValue::from_json(v)?)))
        .collect()
}
