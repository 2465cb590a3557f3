//! Applications and cases on the platform.
//!
//! A case is stored as what determines it: the service version it runs
//! under, the form input, the submission date and the dated decisions and
//! events posted since. Everything else (fees, deadlines, open steps, the
//! outcome) is computed again by the engine whenever the case is read, up
//! to the platform's today, so a deadline that passed overnight has taken
//! its action by the next read without any job having run.
//!
//! Erasure removes the input, the only personal data, and keeps a
//! snapshot of the facts computed just before: dates, steps, decisions,
//! deadlines, outcome and fees. An erased case can no longer change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};

use crate::calendar::DeadlineDuration;
use crate::engine::{Action, Assessment, Case, CompiledService, TraceEvent, input_from_json};
use crate::model::StepKind;
use crate::model::load::load_from_memory;
use crate::platform::api::{
    CaseAction, CaseStatus, CaseView, DeadlineView, Erasure, FeeView, OpenStep, ShareView,
};
use crate::platform::error::ApiError;
use crate::platform::messages as msg;
use crate::platform::release;
use crate::platform::store::{self, Store, StoreError, parse_date};

/// Compiled service versions, by hash. Versions never change, so an entry
/// never goes stale; the cache is only emptied when it grows large.
#[derive(Default)]
pub struct CompileCache {
    map: Mutex<HashMap<String, Arc<CompiledService>>>,
}

/// Compiled versions kept at most.
const CACHE_LIMIT: usize = 512;

impl CompileCache {
    pub fn get(&self, store: &Store, hash: &str) -> Result<Arc<CompiledService>, ApiError> {
        if let Some(found) = self
            .map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(hash)
        {
            return Ok(Arc::clone(found));
        }
        let files = store.read(|c| release::version_files(c, hash))?;
        let loaded = load_from_memory(files);
        let repository = loaded.repository;
        let service = repository
            .services
            .first()
            .ok_or_else(|| ApiError::internal(msg::version_missing(hash)))?;
        let compiled = CompiledService::compile(&repository, service)
            .map_err(|e| ApiError::internal(msg::version_broken(hash, &e.to_string())))?;
        let compiled = Arc::new(compiled);
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(hash.to_owned(), Arc::clone(&compiled));
        Ok(compiled)
    }
}

/// A case as stored.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub id: String,
    pub service: String,
    pub version: String,
    pub submitted: Date,
    pub created_at: Timestamp,
    pub input: Option<serde_json::Map<String, serde_json::Value>>,
    pub actions: Vec<CaseAction>,
    pub erased: Option<Erasure>,
    /// The facts kept after erasure.
    pub snapshot: Option<CaseView>,
}

fn corrupt(what: &str, e: &impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

pub fn load(connection: &Connection, id: &str) -> Result<Option<StoredCase>, StoreError> {
    let row = connection
        .query_row(
            "SELECT id, service_id, version_hash, submitted, created_at, input, actions,
                    erased_at, erased_by, erasure_reason, snapshot
             FROM cases WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    [
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(6)?,
                    ],
                    [
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ],
                ))
            },
        )
        .optional()?;
    let Some(([id, service, version, submitted, created_at, actions], optional)) = row else {
        return Ok(None);
    };
    let [input, erased_at, erased_by, reason, snapshot] = optional;
    let input = input
        .map(|i| serde_json::from_str(&i).map_err(|e| corrupt("case input", &e)))
        .transpose()?;
    let actions = serde_json::from_str(&actions).map_err(|e| corrupt("case actions", &e))?;
    let erased = match (erased_at, erased_by, reason) {
        (Some(at), Some(by), Some(reason)) => Some(Erasure {
            at: store::parse_timestamp(&at)?,
            by,
            reason,
        }),
        _ => None,
    };
    let snapshot = snapshot
        .map(|s| serde_json::from_str(&s).map_err(|e| corrupt("case snapshot", &e)))
        .transpose()?;
    Ok(Some(StoredCase {
        id,
        service,
        version,
        submitted: parse_date(&submitted)?,
        created_at: store::parse_timestamp(&created_at)?,
        input,
        actions,
        erased,
        snapshot,
    }))
}

pub fn insert(connection: &Connection, case: &StoredCase) -> Result<(), StoreError> {
    connection.execute(
        "INSERT INTO cases (id, service_id, version_hash, submitted, created_at, input, actions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            case.id,
            case.service,
            case.version,
            case.submitted.to_string(),
            case.created_at.to_string(),
            case.input
                .as_ref()
                .map(|i| serde_json::Value::Object(i.clone()).to_string()),
            serde_json::to_string(&case.actions).unwrap_or_else(|_| "[]".to_owned()),
        ],
    )?;
    Ok(())
}

/// Stores the actions and what the case came to.
pub fn update(
    connection: &Connection,
    case: &StoredCase,
    view: &CaseView,
) -> Result<(), StoreError> {
    connection.execute(
        "UPDATE cases SET actions = ?2, outcome = ?3, closed_on = ?4 WHERE id = ?1",
        params![
            case.id,
            serde_json::to_string(&case.actions).unwrap_or_else(|_| "[]".to_owned()),
            view.outcome,
            view.closed_on.map(|d| d.to_string()),
        ],
    )?;
    Ok(())
}

/// A case replayed up to some day.
pub struct Replay<'s> {
    pub case: Case<'s>,
    pub assessment: Assessment,
    pub problems: Vec<String>,
}

/// Runs the stored case through the engine again: the assessment, the
/// start, and each stored action on its date.
pub fn replay<'s>(service: &'s CompiledService, stored: &StoredCase) -> Replay<'s> {
    let input = input_from_json(stored.input.as_ref().unwrap_or(&serde_json::Map::new()));
    let assessment = service.assess(&input, stored.submitted);
    let mut problems: Vec<String> = assessment
        .fee_errors
        .iter()
        .map(|f| msg::fee_not_computed(f))
        .collect();
    let (mut case, error) = Case::start(service, &assessment, stored.submitted);
    problems.extend(error.map(|e| e.to_string()));
    for action in &stored.actions {
        // Stored actions were accepted once; the same engine accepts them
        // again. Should one fail all the same, the case shows why.
        if let Err(e) = case.act(action.date, &engine_action(action)) {
            problems.push(e.to_string());
        }
    }
    Replay {
        case,
        assessment,
        problems,
    }
}

/// The engine's form of a stored action.
pub fn engine_action(action: &CaseAction) -> Action {
    if action.kind == "event" {
        Action::Event {
            step: action.step.clone(),
            event: action.value.clone(),
        }
    } else {
        Action::Decide {
            step: action.step.clone(),
            decision: action.value.clone(),
        }
    }
}

/// Lets time pass up to `today` (never backwards: a test clock set back
/// leaves the case as it was).
pub fn advance(replay: &mut Replay<'_>, today: Date) {
    let until = today.max(replay.case.today());
    if let Err(e) = replay.case.advance_to(until) {
        replay.problems.push(e.to_string());
    }
}

/// What the case shows.
pub fn view(
    service: &CompiledService,
    stored: &StoredCase,
    replay: &Replay<'_>,
    retention: Option<&str>,
) -> CaseView {
    let case = &replay.case;
    let trace = case.trace();
    let closed_on = trace.events.iter().find_map(|e| match e {
        TraceEvent::Ended { date, .. } => Some(*date),
        _ => None,
    });
    let mut problems = replay.problems.clone();
    problems.extend(case.warnings.iter().map(ToString::to_string));
    let open_steps = case
        .open_steps()
        .into_iter()
        .map(|id| {
            let info = service.steps().find(|s| s.id == id);
            OpenStep {
                id: id.to_owned(),
                title: info.map(|s| s.title.to_owned()).unwrap_or_default(),
                kind: match info.map(|s| s.kind) {
                    Some(StepKind::Wait) => "wait".to_owned(),
                    _ => "task".to_owned(),
                },
                role: info.and_then(|s| s.role.map(str::to_owned)),
                accepts: case.accepts(id).into_iter().map(str::to_owned).collect(),
            }
        })
        .collect();
    CaseView {
        id: stored.id.clone(),
        service: stored.service.clone(),
        version: stored.version.clone(),
        submitted: stored.submitted,
        created_at: stored.created_at,
        status: if case.outcome().is_some() {
            CaseStatus::Closed
        } else {
            CaseStatus::Open
        },
        outcome: case.outcome().map(|o| o.name().to_owned()),
        closed_on,
        input: stored.input.clone(),
        fees: replay
            .assessment
            .fees
            .iter()
            .map(|f| FeeView {
                id: f.id.clone(),
                label: f.label.clone(),
                amount: f.amount.to_string(),
                split: f
                    .split
                    .iter()
                    .map(|s| ShareView {
                        authority: s.authority.clone(),
                        amount: s.amount.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        fees_total: replay.assessment.fees_total.to_string(),
        fee_errors: replay.assessment.fee_errors.clone(),
        open_steps,
        deadlines: deadlines(service, &trace.events),
        path: trace.path().into_iter().map(str::to_owned).collect(),
        notifications: trace
            .notifications()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        trace: trace
            .events
            .iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
        actions: stored.actions.clone(),
        problems,
        erased: stored.erased.clone(),
        retained_until: closed_on.and_then(|c| retained_until(c, retention?)),
    }
}

/// Each deadline as it stands: the latest time it started, and whether it
/// was met, expired, or is still running.
fn deadlines(service: &CompiledService, events: &[TraceEvent]) -> Vec<DeadlineView> {
    let mut out: Vec<DeadlineView> = Vec::new();
    for event in events {
        let (id, end, status) = match event {
            TraceEvent::DeadlineStarted { deadline, end, .. } => (deadline, *end, "running"),
            TraceEvent::DeadlineMet { deadline, end, .. } => (deadline, *end, "met"),
            TraceEvent::DeadlineExpired { deadline, end, .. } => (deadline, *end, "expired"),
            _ => continue,
        };
        let entry = DeadlineView {
            id: id.clone(),
            label: service.deadline_label(id).map(str::to_owned),
            end,
            status: status.to_owned(),
        };
        match out.iter_mut().find(|d| d.id == *id) {
            Some(existing) => *existing = entry,
            None => out.push(entry),
        }
    }
    out
}

/// The last day a case closed on `closed` is kept, by `retention`.
pub fn retained_until(closed: Date, retention: &str) -> Option<Date> {
    let duration: DeadlineDuration = retention.parse().ok()?;
    let span = jiff::Span::new()
        .try_years(i64::from(duration.years()))
        .and_then(|s| s.try_months(i64::from(duration.months())))
        .and_then(|s| s.try_weeks(i64::from(duration.weeks())))
        .and_then(|s| s.try_days(i64::from(duration.days())))
        .ok()?;
    closed.checked_add(span).ok()
}

/// Erases the personal data of a case in the open transaction: the input
/// goes, the snapshot of everything else stays.
pub fn erase(
    tx: &Connection,
    view: &CaseView,
    by: &str,
    reason: &str,
    at: Timestamp,
) -> Result<CaseView, StoreError> {
    let mut kept = view.clone();
    kept.input = None;
    kept.erased = Some(Erasure {
        at,
        by: by.to_owned(),
        reason: reason.to_owned(),
    });
    let snapshot = serde_json::to_string(&kept).map_err(|e| corrupt("case snapshot", &e))?;
    tx.execute(
        "UPDATE cases SET input = NULL, snapshot = ?2, erased_at = ?3, erased_by = ?4,
                          erasure_reason = ?5, outcome = ?6, closed_on = ?7
         WHERE id = ?1",
        params![
            view.id,
            snapshot,
            at.to_string(),
            by,
            reason,
            view.outcome,
            view.closed_on.map(|d| d.to_string())
        ],
    )?;
    store::audit(
        tx,
        at,
        by,
        "erasure",
        &view.id,
        &serde_json::json!({ "reason": reason, "service": view.service }),
    )?;
    Ok(kept)
}

/// Computes the view of a stored case as of `today`; an erased case shows
/// its snapshot.
pub fn current_view(
    store: &Store,
    cache: &CompileCache,
    stored: &StoredCase,
    today: Date,
) -> Result<CaseView, ApiError> {
    if let Some(snapshot) = &stored.snapshot {
        return Ok(snapshot.clone());
    }
    let service = cache.get(store, &stored.version)?;
    let retention = store.read(|c| release::version_retention(c, &stored.version))?;
    let mut replayed = replay(&service, stored);
    advance(&mut replayed, today);
    Ok(view(&service, stored, &replayed, retention.as_deref()))
}

/// The automatic erasure: every closed case whose retention period has
/// passed by `today` loses its personal data. Returns how many were
/// erased.
pub fn sweep_retention(
    store: &Store,
    cache: &CompileCache,
    today: Date,
    now: Timestamp,
) -> Result<usize, ApiError> {
    // A case that is known to be closed is due on a date computed without
    // the engine; only cases still open (or due) are run again.
    let candidates: Vec<(String, Option<String>, String)> = store.read(|c| {
        let mut statement = c.prepare(
            "SELECT c.id, c.closed_on, v.retention FROM cases c
             JOIN versions v ON v.hash = c.version_hash
             WHERE c.erased_at IS NULL AND v.retention IS NOT NULL",
        )?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    })?;
    let candidates = candidates
        .into_iter()
        .filter_map(|(id, closed_on, retention)| {
            let until = closed_on
                .as_deref()
                .and_then(|c| c.parse::<Date>().ok())
                .and_then(|c| retained_until(c, &retention));
            match until {
                Some(until) if today <= until => None,
                _ => Some(id),
            }
        });
    let mut erased = 0;
    for id in candidates {
        let done = store.write(|tx| -> Result<bool, ApiError> {
            let Some(stored) = load(tx, &id)? else {
                return Ok(false);
            };
            if stored.erased.is_some() {
                return Ok(false);
            }
            let view = current_view(store, cache, &stored, today)?;
            match view.retained_until {
                Some(until) if today > until => {
                    erase(tx, &view, "retention", "retention", now)?;
                    Ok(true)
                }
                _ => {
                    if view.closed_on.is_some() {
                        update(tx, &stored, &view)?;
                    }
                    Ok(false)
                }
            }
        })?;
        if done {
            erased += 1;
        }
    }
    Ok(erased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_counts_calendar_months_and_years_from_closure() {
        let closed: Date = "2024-01-31".parse().unwrap();
        assert_eq!(
            retained_until(closed, "P1M"),
            Some("2024-02-29".parse().unwrap())
        );
        assert_eq!(
            retained_until(closed, "P1Y"),
            Some("2025-01-31".parse().unwrap())
        );
        assert_eq!(retained_until(closed, "one year"), None);
    }
}
