//! The JSON format: the whole diff as one object, for programs. Numbers
//! that are money or limits are strings, so that no reader turns them
//! into binary floating point. The shape is documented in `docs/diff.md`.

use serde_json::{Map, Value as Json, json};

use crate::diff::cases::{
    Answer, Behaviour, CaseProblem, Difference, FieldError, ServiceBehaviour, ValidityGroup,
    messages as says,
};
use crate::diff::value::Value;
use crate::diff::words::{self, Segment};
use crate::diff::{Change, CodeListDiff, RepositoryDiff, ServiceDiff, messages};

/// The version of this JSON shape; raised when a field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

pub fn to_json(diff: &RepositoryDiff) -> Json {
    let mut out = summary(diff);
    // Present only when asked for, so that readers of the plain diff see
    // the same object as before.
    if let (Some(behaviour), Json::Object(map)) = (&diff.behaviour, &mut out) {
        map.insert("behaviour".into(), behaviour_json(behaviour));
    }
    out
}

fn summary(diff: &RepositoryDiff) -> Json {
    json!({
        "format": FORMAT_VERSION,
        "from": diff.from,
        "to": diff.to,
        "changed": !diff.is_empty(),
        "breaking": diff.is_breaking(),
        "services": diff.services.iter().map(service).collect::<Vec<_>>(),
        "codelists": diff.codelists.iter().map(codelist).collect::<Vec<_>>(),
        "problems": diff.problems.iter().map(|p| json!({
            "version": p.version,
            "file": p.file,
            "line": p.line,
            "column": p.column,
        })).collect::<Vec<_>>(),
        "stats": {
            "services": diff.stats.services,
            "unchanged_skipped": diff.stats.unchanged_skipped,
            "service_files_parsed": diff.stats.service_files_parsed,
        },
    })
}

fn service(s: &ServiceDiff) -> Json {
    json!({
        "id": s.id,
        "title": s.title,
        "status": s.status.name(),
        "file": s.file,
        "valid_from": {
            "old": s.old_valid_from.map(|d| d.to_string()),
            "new": s.new_valid_from.map(|d| d.to_string()),
        },
        "breaking": s.is_breaking(),
        "notes": s.notes.iter().map(|n| json!({
            "kind": n.name(),
            "message": messages::note(*n, s.old_valid_from),
        })).collect::<Vec<_>>(),
        "changes": s.changes.iter().map(change).collect::<Vec<_>>(),
    })
}

fn codelist(c: &CodeListDiff) -> Json {
    json!({
        "id": c.id,
        "title": c.title,
        "status": c.status.name(),
        "file": c.file,
        "changes": c.changes.iter().map(change).collect::<Vec<_>>(),
    })
}

fn change(c: &Change) -> Json {
    let mut out = Map::new();
    out.insert("element".into(), json!(c.target.element.name()));
    out.insert("id".into(), json!(c.target.id));
    out.insert("parent".into(), json!(c.target.parent));
    out.insert("action".into(), json!(c.action.name()));
    if let crate::diff::Action::Renamed { from } = &c.action {
        out.insert("renamed_from".into(), json!(from));
    }
    out.insert("property".into(), json!(c.property));
    out.insert("category".into(), json!(c.category.name()));
    out.insert(
        "breaking".into(),
        c.breaking.map_or(
            Json::Null,
            |b| json!({ "reason": b.name(), "explanation": messages::breaking(b) }),
        ),
    );
    out.insert(
        "applies_from".into(),
        json!(c.applies_from.map(|d| d.to_string())),
    );
    out.insert("old".into(), c.old.as_ref().map_or(Json::Null, value));
    out.insert("new".into(), c.new.as_ref().map_or(Json::Null, value));
    if let (Some(Value::Wording(old)), Some(Value::Wording(new))) = (&c.old, &c.new) {
        out.insert("words".into(), segments(&words::compare(old, new)));
    }
    Json::Object(out)
}

fn value(v: &Value) -> Json {
    match v {
        Value::Text(t) => json!({ "kind": "text", "text": t }),
        Value::Wording(t) => json!({ "kind": "wording", "text": t }),
        Value::Summary(t) => json!({ "kind": "summary", "text": t }),
        Value::Expression(e) => json!({ "kind": "expression", "text": e }),
        Value::Duration(d) => json!({ "kind": "duration", "text": d }),
        Value::Number(n) => json!({ "kind": "number", "value": n.to_string() }),
        Value::Integer(i) => json!({ "kind": "integer", "value": i }),
        Value::Bool(b) => json!({ "kind": "boolean", "value": b }),
        Value::Date(d) => json!({ "kind": "date", "value": d.to_string() }),
        Value::List(items) => json!({ "kind": "list", "items": items }),
        Value::Amount(a) => json!({
            "kind": "amount",
            "expression": a.expression.trim(),
            "amounts": a.values.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "depends_on": a.depends_on,
            "display": crate::diff::value::amount_display(a),
        }),
        Value::Row(r) => json!({
            "kind": "rule",
            "inputs": r.inputs,
            "when": r.cells,
            "then": r.then,
            "annotation": r.annotation,
        }),
    }
}

fn segments(segments: &[Segment]) -> Json {
    Json::Array(
        segments
            .iter()
            .map(|s| match s {
                Segment::Same(t) => json!({ "same": t }),
                Segment::Removed(t) => json!({ "removed": t }),
                Segment::Added(t) => json!({ "added": t }),
            })
            .collect(),
    )
}

fn behaviour_json(behaviour: &Behaviour) -> Json {
    json!({
        "sample": behaviour.sample,
        "seed": behaviour.seed,
        "services": behaviour.services.iter().map(service_behaviour).collect::<Vec<_>>(),
    })
}

fn service_behaviour(b: &ServiceBehaviour) -> Json {
    let sample = b.sample.as_ref().map_or(Json::Null, |s| {
        json!({
            "submitted": s.submitted.to_string(),
            "generated": s.generated,
            "valid_both": s.valid_both,
            "same": s.same,
            "invalid_both": s.invalid_both,
            "groups": s.groups.iter().map(|g| json!({
                "count": g.count,
                "differences": g.differences.iter().map(difference).collect::<Vec<_>>(),
                "example": answers(&g.example),
            })).collect::<Vec<_>>(),
            "more": { "applications": s.more, "groups": s.more_groups },
            "valid_only_old": s.valid_only_old.iter().map(validity).collect::<Vec<_>>(),
            "valid_only_new": s.valid_only_new.iter().map(validity).collect::<Vec<_>>(),
        })
    });
    json!({
        "id": b.id,
        "differs": b.differs(),
        "problems": b.problems.iter().map(problem).collect::<Vec<_>>(),
        "scenarios_run": b.scenarios_run,
        "scenarios": b.scenarios.iter().map(|s| json!({
            "name": s.name,
            "title": s.title,
            "file": s.file,
            "from_old": s.from_old,
            "differences": s.differences.iter().map(difference).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "sample": sample,
    })
}

fn problem(p: &CaseProblem) -> Json {
    let mut out = match p {
        CaseProblem::Compile { version, .. } => {
            json!({ "kind": "compile", "version": version.name() })
        }
        CaseProblem::Scenario { name, .. } => json!({ "kind": "scenario", "scenario": name }),
    };
    if let Json::Object(map) = &mut out {
        map.insert("message".into(), json!(says::problem(p)));
    }
    out
}

fn difference(d: &Difference) -> Json {
    let mut out = match d {
        Difference::Validity { old, new } | Difference::Path { old, new } => {
            json!({ "old": old, "new": new })
        }
        Difference::Outcome { old, new } => {
            json!({ "old": says::outcome(*old), "new": says::outcome(*new) })
        }
        Difference::FeeTotal { old, new } => {
            json!({ "old": old.to_string(), "new": new.to_string() })
        }
        Difference::Deadline { id, old, new } => json!({
            "id": id,
            "old": old.map(|d| d.to_string()),
            "new": new.map(|d| d.to_string()),
        }),
    };
    if let Json::Object(map) = &mut out {
        map.insert("kind".into(), json!(d.kind()));
        map.insert("text".into(), json!(says::difference(d)));
    }
    out
}

fn validity(g: &ValidityGroup) -> Json {
    json!({
        "count": g.count,
        "errors": g.errors.iter().map(|e: &FieldError| json!({
            "field": e.field,
            "message": e.message,
        })).collect::<Vec<_>>(),
        "example": answers(&g.example),
    })
}

fn answers(answers: &[Answer]) -> Json {
    Json::Array(
        answers
            .iter()
            .map(|a| {
                json!({
                    "field": a.field,
                    "value": a.value.as_ref().map_or(Json::Null, crate::engine::RawValue::to_json),
                })
            })
            .collect(),
    )
}
