//! A simulated case as JSON, for scripts and other tools.
//!
//! Amounts are written as strings with two decimals (`"27.60"`), so that
//! no reader turns them into binary floating point; dates as ISO 8601
//! (`"2024-03-04"`). The trace events carry a `kind` and the fields of
//! [`crate::engine::TraceEvent`].

use serde_json::{Value, json};

use crate::engine::{Action, CompiledService};
use crate::feel::number::{Number, RoundingMode};
use crate::simulate::{Simulation, Stop, messages as msg};

/// An amount with two decimals.
fn amount(n: Number) -> String {
    n.round(2, RoundingMode::HalfUp).unwrap_or(n).to_string()
}

fn action(action: &Action) -> Value {
    serde_json::to_value(action).unwrap_or(Value::Null)
}

/// The simulation as one JSON object.
pub fn to_json(service: &CompiledService, simulation: &Simulation) -> Value {
    let fees: Vec<Value> = simulation
        .fees
        .iter()
        .map(|fee| {
            json!({
                "id": fee.id,
                "label": fee.label,
                "amount": amount(fee.amount),
                "split": fee.split.iter().map(|s| json!({
                    "authority": s.authority,
                    "amount": amount(s.amount),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let stop = simulation.stop.as_ref().map(|stop| match stop {
        Stop::Stuck { error } => json!({
            "kind": "stuck",
            "message": error.to_string(),
            "message_de": msg::case_error(error),
        }),
        Stop::Refused {
            date,
            action: refused,
            error,
        } => json!({
            "kind": "refused",
            "date": date.to_string(),
            "action": action(refused),
            "message": error.to_string(),
            "message_de": msg::case_error(error),
        }),
    });
    let valid = !simulation.is_invalid();
    json!({
        "service": service.id,
        "title": service.title,
        "state": service.state.code(),
        "submitted": simulation.submitted.to_string(),
        "valid": valid,
        "validation_errors": simulation.validation,
        "fees": fees,
        "fees_total": amount(simulation.fees_total),
        "fee_errors": simulation.fee_errors,
        "trace": simulation.trace,
        "path": simulation.trace.path(),
        "outcome": if valid { Value::from(simulation.outcome_name()) } else { Value::Null },
        "open_steps": simulation.open,
        "running_deadlines": simulation.running.iter().map(|(id, end)| json!({
            "deadline": id,
            "end": end.to_string(),
        })).collect::<Vec<_>>(),
        "actions": simulation.taken.iter().map(|(date, taken)| json!({
            "date": date.to_string(),
            "action": action(taken),
        })).collect::<Vec<_>>(),
        "stop": stop,
        "warnings": simulation.warnings,
    })
}
