//! Releases: checking a bundle, planning what it changes, storing it, and
//! reading the history and the state back.
//!
//! A release is a complete snapshot of the model repository (every file by
//! path and SHA-256) together with the *timeline* of each service: the
//! versions in force from their `valid_from` dates on. Publishing a
//! version with `valid_from` D keeps the service's earlier versions that
//! took effect before D and replaces those from D on, so a legal change
//! can be published ahead of its date and the version before it keeps
//! serving until then. A rollback copies an earlier release's files and
//! timelines into a new release.
//!
//! A *service version* is what a case needs to be run again later: the
//! service's `service.toml`, the code lists it refers to and `ozg.toml`
//! (which may set the federal state). Its hash is the SHA-256 of the
//! lines `path<TAB>sha256<LF>` of those files, sorted by path; scenarios
//! are kept with the release but are not part of a version.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::calendar::DeadlineDuration;
use crate::engine::CompiledService;
use crate::lint::{Severity, lint_loaded};
use crate::model::load::load_from_memory;
use crate::model::{Repository, Service};
use crate::platform::api::code;
use crate::platform::api::{
    BundleFile, Change, LintDiagnostic, Plan, PlannedService, ReleaseDetail, ReleaseFile,
    ReleaseKind, ReleaseSummary, ServiceState, ServiceTimeline, State, VersionRef,
};
use crate::platform::auth::hex;
use crate::platform::error::ApiError;
use crate::platform::messages as msg;
use crate::platform::store::{self, StoreError, parse_date, to_i64, to_u64};

/// Most files one bundle may hold.
pub const MAX_FILES: usize = 50_000;
/// Longest path in a bundle, in bytes.
const MAX_PATH: usize = 255;
/// Longest name of one path segment (a folder or file name).
const MAX_SEGMENT: usize = 100;
/// Longest commit, author or message.
const MAX_COMMIT: usize = 200;
const MAX_AUTHOR: usize = 200;
const MAX_MESSAGE: usize = 10_000;

/// A file of a bundle with its content at hand.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub content: String,
}

/// A service version found in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub service: String,
    pub hash: String,
    pub title: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub retention: Option<String>,
    /// Paths of the files the version consists of.
    pub files: Vec<String>,
}

/// What linting a bundle found, when it found no error.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub versions: Vec<Version>,
    pub warnings: Vec<LintDiagnostic>,
}

/// One entry of a service's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub valid_from: Date,
    pub hash: String,
    /// The release that brought the version.
    pub since: u64,
}

/// Per service id, its versions by date.
pub type Timeline = BTreeMap<String, Vec<Entry>>;

/// A service id: a lower-case letter, then lower-case letters, digits and
/// underscores, as in the model format.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    (1..=MAX_SEGMENT).contains(&id.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_segment(segment: &str) -> bool {
    let mut chars = segment.chars();
    (1..=MAX_SEGMENT).contains(&segment.len())
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !segment.contains("..")
}

/// Model files end in `.toml`, written in lower case as the loader expects.
fn is_toml(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e == "toml")
}

fn valid_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks a path of a bundle: one of the places a model repository keeps
/// its files, written with `/`, without `..`, absolute parts or
/// backslashes. Returns the message for the client when it is not.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.len() > MAX_PATH {
        return Err(msg::path_too_long(MAX_PATH));
    }
    if path.contains('\\') || path.starts_with('/') || path.contains(':') {
        return Err(msg::path_not_relative(path));
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err(msg::path_not_relative(path));
    }
    if !parts.iter().all(|p| valid_segment(p)) {
        return Err(msg::path_characters(path));
    }
    let fits = match parts.as_slice() {
        ["ozg.toml"] => true,
        ["codelists", name] => is_toml(name),
        ["services", id, "service.toml"] => valid_id(id),
        ["services", id, "scenarios", name] => valid_id(id) && is_toml(name),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(msg::path_not_a_model_file(path))
    }
}

/// Checks the form of a bundle: paths, hashes, lengths, services to
/// remove. Nothing here needs the database.
pub fn check_bundle(
    files: &[BundleFile],
    remove: &[String],
    texts: [(&str, Option<&str>, usize); 3],
) -> Result<(), ApiError> {
    let bad = |message: String| ApiError::bad_request(code::INVALID_BUNDLE, message);
    if files.len() > MAX_FILES {
        return Err(bad(msg::too_many_files(MAX_FILES)));
    }
    let mut seen = BTreeSet::new();
    for file in files {
        check_path(&file.path).map_err(bad)?;
        if !valid_sha256(&file.sha256) {
            return Err(bad(msg::invalid_sha256(&file.path)));
        }
        if !seen.insert(file.path.as_str()) {
            return Err(bad(msg::duplicate_path(&file.path)));
        }
    }
    let mut removed = BTreeSet::new();
    for id in remove {
        if !valid_id(id) {
            return Err(bad(msg::invalid_service_id(id)));
        }
        if !removed.insert(id.as_str()) {
            return Err(bad(msg::duplicate_removal(id)));
        }
    }
    for (name, value, max) in texts {
        if value.is_some_and(|v| v.len() > max || v.contains('\0')) {
            return Err(bad(msg::text_too_long(name, max)));
        }
    }
    Ok(())
}

/// The limits of the free-text fields of a release.
pub fn text_limits<'a>(
    commit: Option<&'a str>,
    author: Option<&'a str>,
    message: Option<&'a str>,
) -> [(&'static str, Option<&'a str>, usize); 3] {
    [
        ("commit", commit, MAX_COMMIT),
        ("author", author, MAX_AUTHOR),
        ("message", message, MAX_MESSAGE),
    ]
}

/// SHA-256 of text, lower-case hex.
pub fn sha256(text: &[u8]) -> String {
    hex(&Sha256::digest(text))
}

/// Verifies the content sent and fetches the content left out from the
/// files already stored.
pub fn resolve_contents(
    connection: &Connection,
    files: Vec<BundleFile>,
) -> Result<Vec<FileEntry>, ApiError> {
    let mut out = Vec::with_capacity(files.len());
    let mut missing = Vec::new();
    for file in files {
        let content = match file.content {
            Some(content) => {
                let actual = sha256(content.as_bytes());
                if actual != file.sha256 {
                    return Err(ApiError::unprocessable(
                        code::HASH_MISMATCH,
                        msg::hash_mismatch(&file.path, &file.sha256, &actual),
                    ));
                }
                content
            }
            None => {
                if let Some(content) = store::blob(connection, &file.sha256)? {
                    content
                } else {
                    missing.push(file.path);
                    continue;
                }
            }
        };
        out.push(FileEntry {
            path: file.path,
            sha256: file.sha256,
            content,
        });
    }
    if !missing.is_empty() {
        // All of them at once, so that the client can send them in one go.
        return Err(
            ApiError::unprocessable(code::UNKNOWN_CONTENT, msg::unknown_content(&missing))
                .with_missing_content(missing),
        );
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Lints the bundle as `ozg lint` would, compiles every service, and finds
/// the service versions. Any error refuses the bundle.
pub fn analyse(files: &[FileEntry]) -> Result<Analysis, ApiError> {
    let loaded = load_from_memory(
        files
            .iter()
            .map(|f| (f.path.clone(), f.content.clone().into_bytes()))
            .collect(),
    );
    let report = lint_loaded(&loaded).map_err(|e| {
        ApiError::unprocessable(code::LINT_ERRORS, msg::bundle_unreadable(&e.to_string()))
    })?;
    let (errors, warnings): (Vec<_>, Vec<_>) = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = report.sources.get(d.file);
            let at = file.line_col(d.span.start);
            LintDiagnostic {
                code: d.rule.code.to_owned(),
                rule: d.rule.name.to_owned(),
                severity: d.severity.name().to_owned(),
                message: d.message.clone(),
                help: d.help.clone(),
                file: file.relative.clone(),
                line: at.line,
                column: at.column,
            }
        })
        .partition(|d| d.severity == Severity::Error.name());
    if !errors.is_empty() {
        return Err(
            ApiError::unprocessable(code::LINT_ERRORS, msg::lint_errors(errors.len()))
                .with_diagnostics(errors),
        );
    }

    let repository = loaded.repository;
    let by_path: HashMap<&str, &FileEntry> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut versions = repository
        .services
        .par_iter()
        .map(|service| version_of(&repository, service, &by_path))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = BTreeSet::new();
    for v in &versions {
        if !seen.insert(v.service.as_str()) {
            return Err(ApiError::unprocessable(
                code::INVALID_SERVICE,
                msg::service_twice(&v.service),
            ));
        }
    }
    versions.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(Analysis { versions, warnings })
}

/// The files a version of `service` consists of, sorted: its service
/// file, `ozg.toml` and the code lists its fields use.
pub fn version_paths(repository: &Repository, service: &Service) -> Vec<String> {
    let mut paths = vec![repository.sources.get(service.file).relative.clone()];
    if let Some(config) = repository.config.file {
        paths.push(repository.sources.get(config).relative.clone());
    }
    for (field, _) in service.fields() {
        if let Some(list) = &field.codelist
            && let Some(codelist) = repository.codelist(&list.value)
        {
            paths.push(repository.sources.get(codelist.file).relative.clone());
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The hash of a version made of `paths`: the SHA-256 of the lines
/// `path<TAB>sha256<LF>`, with the files' hashes from `sha_of`. The
/// platform and `ozg status` compute it alike, so that they compare.
pub fn version_hash<'a>(paths: &[String], sha_of: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut listing = String::new();
    for path in paths {
        listing.push_str(path);
        listing.push('\t');
        listing.push_str(sha_of(path).unwrap_or_default());
        listing.push('\n');
    }
    sha256(listing.as_bytes())
}

/// The version a service of the bundle makes, once it is known to run.
fn version_of(
    repository: &Repository,
    service: &Service,
    by_path: &HashMap<&str, &FileEntry>,
) -> Result<Version, ApiError> {
    let id = service.meta.id.value.clone();
    let path = &repository.sources.get(service.file).relative;
    let invalid = |message: String| ApiError::unprocessable(code::INVALID_SERVICE, message);
    let Some(valid_from) = service.meta.valid_from.as_ref().map(|d| d.value) else {
        return Err(invalid(msg::no_valid_from(&id, path)));
    };
    if let Err(e) = CompiledService::compile(repository, service) {
        return Err(invalid(msg::does_not_compile(&id, &e.to_string())));
    }
    if let Some(retention) = &service.meta.retention
        && retention.value.parse::<DeadlineDuration>().is_err()
    {
        return Err(invalid(msg::invalid_retention(&id, &retention.value)));
    }

    let paths = version_paths(repository, service);
    let hash = version_hash(&paths, |p| by_path.get(p).map(|f| f.sha256.as_str()));
    Ok(Version {
        service: id,
        hash,
        title: service
            .meta
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        valid_from,
        valid_until: service.meta.valid_until.as_ref().map(|d| d.value),
        retention: service.meta.retention.as_ref().map(|r| r.value.clone()),
        files: paths,
    })
}

/// The timeline in force after release `release` (empty for 0).
pub fn timeline(connection: &Connection, release: u64) -> Result<Timeline, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT service_id, valid_from, version_hash, since_release FROM timeline
         WHERE release_id = ?1 ORDER BY service_id, valid_from",
    )?;
    let rows = statement.query_map([to_i64(release)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Timeline::new();
    for row in rows {
        let (service, from, hash, since) = row?;
        out.entry(service).or_default().push(Entry {
            valid_from: parse_date(&from)?,
            hash,
            since: to_u64(since),
        });
    }
    Ok(out)
}

/// Plans a release against the current timeline: what changes per
/// service, and the timeline afterwards. `release` is the id the new
/// release will get.
pub fn plan(
    current: &Timeline,
    versions: &[Version],
    remove: &[String],
    release: u64,
) -> Result<(Plan, Timeline), ApiError> {
    let mut next = Timeline::new();
    let mut services = Vec::new();
    let bundled: BTreeSet<&str> = versions.iter().map(|v| v.service.as_str()).collect();
    for id in remove {
        if bundled.contains(id.as_str()) {
            return Err(ApiError::unprocessable(
                code::INVALID_BUNDLE,
                msg::removed_and_bundled(id),
            ));
        }
        if !current.contains_key(id) {
            return Err(ApiError::unprocessable(
                code::INVALID_BUNDLE,
                msg::removing_unknown(id),
            ));
        }
    }
    let missing: Vec<&str> = current
        .keys()
        .map(String::as_str)
        .filter(|id| !bundled.contains(id) && !remove.iter().any(|r| r == id))
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::unprocessable(
            code::MISSING_SERVICES,
            msg::services_left_out(&missing),
        ));
    }
    for v in versions {
        let entries = current.get(&v.service);
        let latest = entries.and_then(|e| e.last());
        let change = match latest {
            None => Change::Added,
            Some(l) if l.hash == v.hash => Change::Unchanged,
            Some(_) => Change::Changed,
        };
        let timeline = if let (Change::Unchanged, Some(entries)) = (change, entries) {
            entries.clone()
        } else {
            {
                let mut kept: Vec<Entry> = entries
                    .map(|e| {
                        e.iter()
                            .filter(|x| x.valid_from < v.valid_from)
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                kept.push(Entry {
                    valid_from: v.valid_from,
                    hash: v.hash.clone(),
                    since: release,
                });
                kept
            }
        };
        next.insert(v.service.clone(), timeline);
        services.push(PlannedService {
            id: v.service.clone(),
            change,
            hash: Some(v.hash.clone()),
            valid_from: Some(v.valid_from),
            previous_hash: latest.map(|l| l.hash.clone()),
            previous_valid_from: latest.map(|l| l.valid_from),
        });
    }
    for id in remove {
        let latest = current.get(id).and_then(|e| e.last());
        services.push(PlannedService {
            id: id.clone(),
            change: Change::Removed,
            hash: None,
            valid_from: None,
            previous_hash: latest.map(|l| l.hash.clone()),
            previous_valid_from: latest.map(|l| l.valid_from),
        });
    }
    Ok((summarise(services), next))
}

/// Plans a rollback: the target's timeline replaces the current one.
pub fn plan_rollback(current: &Timeline, target: &Timeline) -> Plan {
    let ids: BTreeSet<&String> = current.keys().chain(target.keys()).collect();
    let services = ids
        .into_iter()
        .map(|id| {
            let before = current.get(id).and_then(|e| e.last());
            let after = target.get(id).and_then(|e| e.last());
            let change = match (before, after) {
                (None, _) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(b), Some(a)) if b.hash == a.hash && current.get(id) == target.get(id) => {
                    Change::Unchanged
                }
                (Some(_), Some(_)) => Change::Changed,
            };
            PlannedService {
                id: id.clone(),
                change,
                hash: after.map(|a| a.hash.clone()),
                valid_from: after.map(|a| a.valid_from),
                previous_hash: before.map(|b| b.hash.clone()),
                previous_valid_from: before.map(|b| b.valid_from),
            }
        })
        .collect();
    summarise(services)
}

fn summarise(mut services: Vec<PlannedService>) -> Plan {
    services.sort_by(|a, b| a.id.cmp(&b.id));
    let count = |c: Change| services.iter().filter(|s| s.change == c).count();
    Plan {
        added: count(Change::Added),
        changed: count(Change::Changed),
        removed: count(Change::Removed),
        unchanged: count(Change::Unchanged),
        services,
    }
}

/// What a new release records besides its content.
pub struct NewRelease<'a> {
    pub kind: ReleaseKind,
    pub at: Timestamp,
    pub token: &'a str,
    pub author: Option<&'a str>,
    pub message: Option<&'a str>,
    pub commit: Option<&'a str>,
    pub rollback_of: Option<u64>,
}

/// Stores a release in the open transaction and returns its summary.
/// `files` are (path, sha256) pairs; their blobs must be stored already.
pub fn insert_release(
    tx: &Connection,
    meta: &NewRelease<'_>,
    files: &[(String, String)],
    plan: &Plan,
    next: &Timeline,
) -> Result<ReleaseSummary, StoreError> {
    tx.execute(
        "INSERT INTO releases (kind, created_at, token, author, message, git_commit, rollback_of,
                               added, changed, removed, unchanged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            meta.kind.name(),
            meta.at.to_string(),
            meta.token,
            meta.author,
            meta.message,
            meta.commit,
            meta.rollback_of.map(to_i64),
            to_i64(plan.added as u64),
            to_i64(plan.changed as u64),
            to_i64(plan.removed as u64),
            to_i64(plan.unchanged as u64)
        ],
    )?;
    let id = to_u64(tx.last_insert_rowid());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO release_files (release_id, path, sha256) VALUES (?1, ?2, ?3)",
        )?;
        for (path, sha) in files {
            insert.execute(params![to_i64(id), path, sha])?;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO release_changes (release_id, service_id, change, hash, valid_from,
                                          previous_hash, previous_valid_from)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for s in &plan.services {
            insert.execute(params![
                to_i64(id),
                s.id,
                s.change.name(),
                s.hash,
                s.valid_from.map(|d| d.to_string()),
                s.previous_hash,
                s.previous_valid_from.map(|d| d.to_string())
            ])?;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO timeline (release_id, service_id, valid_from, version_hash, since_release)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (service, entries) in next {
            for e in entries {
                insert.execute(params![
                    to_i64(id),
                    service,
                    e.valid_from.to_string(),
                    e.hash,
                    to_i64(e.since)
                ])?;
            }
        }
    }
    Ok(ReleaseSummary {
        id,
        kind: meta.kind,
        created_at: meta.at,
        token: meta.token.to_owned(),
        author: meta.author.map(str::to_owned),
        message: meta.message.map(str::to_owned),
        commit: meta.commit.map(str::to_owned),
        rollback_of: meta.rollback_of,
        added: plan.added,
        changed: plan.changed,
        removed: plan.removed,
        unchanged: plan.unchanged,
    })
}

/// Stores blobs and versions that are new.
pub fn insert_content(
    tx: &Connection,
    files: &[FileEntry],
    versions: &[Version],
) -> Result<(), StoreError> {
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO blobs (sha256, content) VALUES (?1, ?2)")?;
    for f in files {
        insert.execute(params![f.sha256, f.content])?;
    }
    let by_path: HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let mut insert_version = tx.prepare_cached(
        "INSERT OR IGNORE INTO versions (hash, service_id, title, valid_from, valid_until, retention)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_file = tx.prepare_cached(
        "INSERT OR IGNORE INTO version_files (version_hash, path, sha256) VALUES (?1, ?2, ?3)",
    )?;
    for v in versions {
        let added = insert_version.execute(params![
            v.hash,
            v.service,
            v.title,
            v.valid_from.to_string(),
            v.valid_until.map(|d| d.to_string()),
            v.retention
        ])?;
        if added > 0 {
            for path in &v.files {
                let sha = by_path.get(path.as_str()).copied().unwrap_or_default();
                insert_file.execute(params![v.hash, path, sha])?;
            }
        }
    }
    Ok(())
}

/// The files of a stored release, by path.
pub fn release_files(
    connection: &Connection,
    release: u64,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT path, sha256 FROM release_files WHERE release_id = ?1 ORDER BY path",
    )?;
    let rows = statement.query_map([to_i64(release)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const SUMMARY_COLUMNS: &str = "id, kind, created_at, token, author, message, git_commit, \
                               rollback_of, added, changed, removed, unchanged";

fn summary_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok(RawSummary {
        id: row.get(0)?,
        kind: row.get(1)?,
        created_at: row.get(2)?,
        token: row.get(3)?,
        author: row.get(4)?,
        message: row.get(5)?,
        commit: row.get(6)?,
        rollback_of: row.get(7)?,
        counts: [row.get(8)?, row.get(9)?, row.get(10)?, row.get(11)?],
    })
}

struct RawSummary {
    id: i64,
    kind: String,
    created_at: String,
    token: String,
    author: Option<String>,
    message: Option<String>,
    commit: Option<String>,
    rollback_of: Option<i64>,
    counts: [i64; 4],
}

impl RawSummary {
    fn into_summary(self) -> Result<ReleaseSummary, StoreError> {
        let count = |i: usize| usize::try_from(self.counts[i]).unwrap_or(0);
        Ok(ReleaseSummary {
            id: to_u64(self.id),
            kind: if self.kind == "rollback" {
                ReleaseKind::Rollback
            } else {
                ReleaseKind::Publish
            },
            created_at: store::parse_timestamp(&self.created_at)?,
            token: self.token,
            author: self.author,
            message: self.message,
            commit: self.commit,
            rollback_of: self.rollback_of.map(to_u64),
            added: count(0),
            changed: count(1),
            removed: count(2),
            unchanged: count(3),
        })
    }
}

/// Releases, newest first, older than `before` when given.
pub fn list_releases(
    connection: &Connection,
    before: Option<u64>,
    limit: usize,
) -> Result<Vec<ReleaseSummary>, StoreError> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM releases WHERE id < ?1 ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = statement.query_map(
        params![before.map_or(i64::MAX, to_i64), to_i64(limit as u64)],
        summary_of,
    )?;
    rows.map(|r| r.map_err(StoreError::from)?.into_summary())
        .collect()
}

pub fn release_summary(
    connection: &Connection,
    id: u64,
) -> Result<Option<ReleaseSummary>, StoreError> {
    connection
        .query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM releases WHERE id = ?1"),
            [to_i64(id)],
            summary_of,
        )
        .optional()?
        .map(RawSummary::into_summary)
        .transpose()
}

/// One release with its files, plan and timelines.
pub fn release_detail(
    connection: &Connection,
    id: u64,
    with_content: bool,
) -> Result<Option<ReleaseDetail>, StoreError> {
    let Some(release) = release_summary(connection, id)? else {
        return Ok(None);
    };
    let mut statement = connection.prepare_cached(
        "SELECT f.path, f.sha256, length(CAST(b.content AS BLOB)),
                CASE WHEN ?2 THEN b.content END
         FROM release_files f JOIN blobs b ON b.sha256 = f.sha256
         WHERE f.release_id = ?1 ORDER BY f.path",
    )?;
    let files = statement
        .query_map(params![to_i64(id), with_content], |r| {
            Ok(ReleaseFile {
                path: r.get(0)?,
                sha256: r.get(1)?,
                size: to_u64(r.get(2)?),
                content: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut statement = connection.prepare_cached(
        "SELECT service_id, change, hash, valid_from, previous_hash, previous_valid_from
         FROM release_changes WHERE release_id = ?1 ORDER BY service_id",
    )?;
    let rows = statement.query_map([to_i64(id)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut services = Vec::new();
    for row in rows {
        let (sid, change, hash, from, previous_hash, previous_from) = row?;
        services.push(PlannedService {
            id: sid,
            change: Change::from_name(&change)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown change `{change}`")))?,
            hash,
            valid_from: from.as_deref().map(parse_date).transpose()?,
            previous_hash,
            previous_valid_from: previous_from.as_deref().map(parse_date).transpose()?,
        });
    }
    let plan = summarise(services);
    let timelines = timeline(connection, id)?;
    let meta = version_meta(connection, &timelines)?;
    let services = timelines
        .iter()
        .map(|(sid, entries)| ServiceTimeline {
            id: sid.clone(),
            versions: entries.iter().map(|e| version_ref(e, &meta)).collect(),
        })
        .collect();
    Ok(Some(ReleaseDetail {
        release,
        plan,
        files,
        services,
    }))
}

/// Title and end of validity of each version in a timeline.
type VersionMeta = HashMap<String, (String, Option<Date>)>;

fn version_meta(connection: &Connection, timelines: &Timeline) -> Result<VersionMeta, StoreError> {
    let mut out = VersionMeta::new();
    let mut statement =
        connection.prepare_cached("SELECT title, valid_until FROM versions WHERE hash = ?1")?;
    for entries in timelines.values() {
        for e in entries {
            if out.contains_key(&e.hash) {
                continue;
            }
            let (title, until): (String, Option<String>) =
                statement.query_row([&e.hash], |r| Ok((r.get(0)?, r.get(1)?)))?;
            out.insert(
                e.hash.clone(),
                (title, until.as_deref().map(parse_date).transpose()?),
            );
        }
    }
    Ok(out)
}

fn version_ref(entry: &Entry, meta: &VersionMeta) -> VersionRef {
    let (title, until) = meta.get(&entry.hash).cloned().unwrap_or_default();
    VersionRef {
        hash: entry.hash.clone(),
        title,
        valid_from: entry.valid_from,
        valid_until: until,
        release: entry.since,
    }
}

/// The state's entity tag: the latest release and the German day, since
/// either changes which versions are active.
pub fn etag(release: u64, today: Date) -> String {
    format!("\"{release}.{today}\"")
}

/// The state after the latest release, as of `today`.
pub fn state(connection: &Connection, today: Date) -> Result<State, StoreError> {
    let release = store::latest_release(connection)?;
    let timelines = timeline(connection, release)?;
    let meta = version_meta(connection, &timelines)?;
    let services = timelines
        .iter()
        .map(|(id, entries)| {
            let active_index = entries.iter().rposition(|e| e.valid_from <= today);
            let active = active_index
                .map(|i| version_ref(&entries[i], &meta))
                .filter(|v| v.valid_until.is_none_or(|u| today <= u));
            let upcoming = entries
                .iter()
                .filter(|e| e.valid_from > today)
                .map(|e| version_ref(e, &meta))
                .collect();
            ServiceState {
                id: id.clone(),
                active,
                upcoming,
            }
        })
        .collect();
    Ok(State {
        release: (release > 0).then_some(release),
        today,
        etag: etag(release, today),
        services,
    })
}

/// The version of `service` that applies to an application submitted on
/// `date`, by the latest release: its hash, or `None` when the service is
/// not served or no version is valid on that day.
pub fn version_on(
    connection: &Connection,
    service: &str,
    date: Date,
) -> Result<Option<String>, StoreError> {
    let release = store::latest_release(connection)?;
    let found: Option<(String, Option<String>)> = connection
        .query_row(
            "SELECT t.version_hash, v.valid_until FROM timeline t
             JOIN versions v ON v.hash = t.version_hash
             WHERE t.release_id = ?1 AND t.service_id = ?2 AND t.valid_from <= ?3
             ORDER BY t.valid_from DESC LIMIT 1",
            params![to_i64(release), service, date.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((hash, until)) = found else {
        return Ok(None);
    };
    let until = until.as_deref().map(parse_date).transpose()?;
    Ok(until.is_none_or(|u| date <= u).then_some(hash))
}

/// Whether the latest release serves `service` at all.
pub fn is_served(connection: &Connection, service: &str) -> Result<bool, StoreError> {
    let release = store::latest_release(connection)?;
    Ok(connection.query_row(
        "SELECT EXISTS(SELECT 1 FROM timeline WHERE release_id = ?1 AND service_id = ?2)",
        params![to_i64(release), service],
        |r| r.get(0),
    )?)
}

/// The files of a version, with content, for compiling it.
pub fn version_files(
    connection: &Connection,
    hash: &str,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT f.path, b.content FROM version_files f JOIN blobs b ON b.sha256 = f.sha256
         WHERE f.version_hash = ?1 ORDER BY f.path",
    )?;
    let rows = statement.query_map([hash], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?.into_bytes()))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The service id, retention and validity of a stored version.
pub fn version_retention(
    connection: &Connection,
    hash: &str,
) -> Result<Option<String>, StoreError> {
    Ok(connection
        .query_row(
            "SELECT retention FROM versions WHERE hash = ?1",
            [hash],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(service: &str, hash: &str, from: &str) -> Version {
        Version {
            service: service.to_owned(),
            hash: hash.to_owned(),
            title: String::new(),
            valid_from: from.parse().unwrap(),
            valid_until: None,
            retention: None,
            files: Vec::new(),
        }
    }

    fn entry(hash: &str, from: &str, since: u64) -> Entry {
        Entry {
            valid_from: from.parse().unwrap(),
            hash: hash.to_owned(),
            since,
        }
    }

    #[test]
    fn paths_outside_the_model_layout_are_refused() {
        assert!(check_path("services/dog_tax/service.toml").is_ok());
        assert!(check_path("services/dog_tax/scenarios/a-1.toml").is_ok());
        assert!(check_path("codelists/breeds.toml").is_ok());
        assert!(check_path("ozg.toml").is_ok());
        for bad in [
            "../ozg.toml",
            "/etc/passwd",
            "services\\x\\service.toml",
            "services/../service.toml",
            "services/x/./service.toml",
            "services/Dog/service.toml",
            "services/x/other.toml",
            "README.md",
            "codelists/x.json",
            "C:/ozg.toml",
            "services//service.toml",
        ] {
            assert!(check_path(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_later_version_keeps_the_earlier_one_until_its_date() {
        let current = Timeline::from([("x".to_owned(), vec![entry("a", "2024-01-01", 1)])]);
        let (plan, next) = plan(&current, &[version("x", "b", "2025-01-01")], &[], 2).unwrap();
        assert_eq!(plan.changed, 1);
        assert_eq!(
            next["x"],
            vec![entry("a", "2024-01-01", 1), entry("b", "2025-01-01", 2)]
        );
    }

    #[test]
    fn a_version_replaces_those_from_its_date_on() {
        let current = Timeline::from([(
            "x".to_owned(),
            vec![entry("a", "2024-01-01", 1), entry("b", "2025-01-01", 2)],
        )]);
        let (_, next) = plan(&current, &[version("x", "c", "2024-06-01")], &[], 3).unwrap();
        assert_eq!(
            next["x"],
            vec![entry("a", "2024-01-01", 1), entry("c", "2024-06-01", 3)]
        );
    }

    #[test]
    fn a_served_service_left_out_of_a_bundle_is_refused() {
        let current = Timeline::from([("x".to_owned(), vec![entry("a", "2024-01-01", 1)])]);
        let error = plan(&current, &[version("y", "b", "2024-01-01")], &[], 2).unwrap_err();
        assert_eq!(error.body().code, code::MISSING_SERVICES);
        let (plan, next) = plan(
            &current,
            &[version("y", "b", "2024-01-01")],
            &["x".to_owned()],
            2,
        )
        .unwrap();
        assert_eq!((plan.added, plan.removed), (1, 1));
        assert!(!next.contains_key("x"));
    }
}
