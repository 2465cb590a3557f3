//! The request and response bodies of the platform's HTTP API, version 1.
//!
//! These types are the contract between `ozg serve` and its clients
//! (`ozg publish`, `ozg releases`, `ozg rollback`, `ozg status`): both sides
//! serialise the same structs, so the wire format cannot drift between
//! them. `docs/openapi.yaml` describes the same shapes for other clients.
//!
//! Dates are calendar dates in German time (`2026-02-07`); instants are
//! RFC 3339 timestamps in UTC. Amounts of money are strings holding the
//! exact decimal (`"46.00"`), never JSON numbers, so no client reads them
//! through binary floating point.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where every endpoint lives.
pub const API_PREFIX: &str = "/api/v1";

/// The address `ozg serve` listens on unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8480";

/// Header carrying the key that makes a repeated request count as one.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Header set on a response that repeats the stored answer to an earlier
/// request with the same idempotency key.
pub const IDEMPOTENT_REPLAY: &str = "idempotent-replay";

/// The `code` of an [`ErrorBody`]: stable names a client may match on.
pub mod code {
    /// The body is not JSON, not UTF-8, or not of the expected shape.
    pub const INVALID_JSON: &str = "invalid_json";
    /// A bundle's paths, hashes, ids or texts are malformed (400), or its removals contradict the state (422).
    pub const INVALID_BUNDLE: &str = "invalid_bundle";
    /// An unknown or repeated query parameter, or a value of the wrong kind.
    pub const INVALID_QUERY: &str = "invalid_query";
    /// A release number or case id that cannot be one.
    pub const INVALID_ID: &str = "invalid_id";
    /// The `If-Match` header cannot be read.
    pub const INVALID_IF_MATCH: &str = "invalid_if_match";
    /// The `Idempotency-Key` header is not 1 to 200 visible ASCII characters.
    pub const INVALID_IDEMPOTENCY_KEY: &str = "invalid_idempotency_key";
    /// A decision, event or step name is empty or too long.
    pub const INVALID_VALUE: &str = "invalid_value";
    /// The request body could not be read.
    pub const UNREADABLE_BODY: &str = "unreadable_body";
    /// No token, or an unknown, revoked or malformed one (401).
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// The token lacks the scope (403).
    pub const INSUFFICIENT_SCOPE: &str = "insufficient_scope";
    /// No such endpoint.
    pub const NOT_FOUND: &str = "not_found";
    /// No such release.
    pub const UNKNOWN_RELEASE: &str = "unknown_release";
    /// The platform does not serve the service.
    pub const UNKNOWN_SERVICE: &str = "unknown_service";
    /// No such case.
    pub const UNKNOWN_CASE: &str = "unknown_case";
    /// The endpoint does not take the method.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// The request took longer than `--request-timeout` (408).
    pub const TIMEOUT: &str = "timeout";
    /// The case cannot take the decision or event (409).
    pub const ACTION_REFUSED: &str = "action_refused";
    /// The case's personal data are erased; it cannot change (409).
    pub const CASE_ERASED: &str = "case_erased";
    /// The server was not started with `--test-clock` (409).
    pub const CLOCK_NOT_SETTABLE: &str = "clock_not_settable";
    /// `If-Match` does not match the current state (412).
    pub const PRECONDITION_FAILED: &str = "precondition_failed";
    /// The body exceeds `--max-body` (413).
    pub const BODY_TOO_LARGE: &str = "body_too_large";
    /// A file's content does not have the hash given (422).
    pub const HASH_MISMATCH: &str = "hash_mismatch";
    /// A file came without content and the platform does not hold its hash (422).
    pub const UNKNOWN_CONTENT: &str = "unknown_content";
    /// The bundle has lint errors, listed in `diagnostics` (422).
    pub const LINT_ERRORS: &str = "lint_errors";
    /// A service cannot be served: no `valid_from`, does not compile, bad `retention`, id used twice (422).
    pub const INVALID_SERVICE: &str = "invalid_service";
    /// A served service is neither in the bundle nor in `remove_services` (422).
    pub const MISSING_SERVICES: &str = "missing_services";
    /// The key was used for a different request (422).
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    /// The application has validation errors, listed in `field_errors` (422).
    pub const INVALID_APPLICATION: &str = "invalid_application";
    /// No version of the service is valid on the submission date (422).
    pub const NO_VERSION: &str = "no_version";
    /// The submission date lies after today (422).
    pub const SUBMITTED_IN_FUTURE: &str = "submitted_in_future";
    /// The date of a decision or event lies after today (422).
    pub const DATE_IN_FUTURE: &str = "date_in_future";
    /// A release or rollback without `If-Match` (428).
    pub const PRECONDITION_REQUIRED: &str = "precondition_required";
    /// The database failed (500).
    pub const INTERNAL: &str = "internal";

    /// Every code, for documentation and tests.
    pub const ALL: &[&str] = &[
        INVALID_JSON,
        INVALID_BUNDLE,
        INVALID_QUERY,
        INVALID_ID,
        INVALID_IF_MATCH,
        INVALID_IDEMPOTENCY_KEY,
        INVALID_VALUE,
        UNREADABLE_BODY,
        UNAUTHORIZED,
        INSUFFICIENT_SCOPE,
        NOT_FOUND,
        UNKNOWN_RELEASE,
        UNKNOWN_SERVICE,
        UNKNOWN_CASE,
        METHOD_NOT_ALLOWED,
        TIMEOUT,
        ACTION_REFUSED,
        CASE_ERASED,
        CLOCK_NOT_SETTABLE,
        PRECONDITION_FAILED,
        BODY_TOO_LARGE,
        HASH_MISMATCH,
        UNKNOWN_CONTENT,
        LINT_ERRORS,
        INVALID_SERVICE,
        MISSING_SERVICES,
        IDEMPOTENCY_KEY_REUSED,
        INVALID_APPLICATION,
        NO_VERSION,
        SUBMITTED_IN_FUTURE,
        DATE_IN_FUTURE,
        PRECONDITION_REQUIRED,
        INTERNAL,
    ];
}

/// The body of every answer that is not a success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable, machine-readable reason: `invalid_bundle`, `lint_errors`,
    /// `precondition_failed`, ... (listed in docs/platform.md).
    pub code: String,
    /// What went wrong and what to do, in plain words.
    pub message: String,
    /// Lint findings that stopped a release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<LintDiagnostic>,
    /// Validation errors of an application, per field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
    /// Paths of bundle files sent without content whose hash the platform
    /// does not hold (`unknown_content`): send these with content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_content: Vec<String>,
}

/// One lint finding, placed in a file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintDiagnostic {
    /// The rule's code, `OZG302`.
    pub code: String,
    /// The rule's name, `unreachable-step`.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The file's path in the bundle.
    pub file: String,
    /// 1-based line and column (columns count characters).
    pub line: usize,
    pub column: usize,
}

/// A validation error of an application, for the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// `vehicle_length`, or in a repeatable group `dogs[2].breed`.
    pub field: String,
    pub label: String,
    /// The message in German.
    pub message: String,
}

/// `GET /api/v1/health`: the server is up. Needs no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    /// The version of `ozg` serving.
    pub version: String,
}

/// `GET /api/v1/state`: what the platform serves, per service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The latest release, `None` before the first.
    pub release: Option<u64>,
    /// Today in German time, by the platform's clock: it decides which
    /// versions are active.
    pub today: Date,
    /// The same value as the `ETag` header: send it as `If-Match` when
    /// publishing.
    pub etag: String,
    /// Services ordered by id.
    pub services: Vec<ServiceState>,
}

/// One service in the state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceState {
    pub id: String,
    /// The version applications submitted today get; `None` when no
    /// version has taken effect yet, or the last one has expired.
    pub active: Option<VersionRef>,
    /// Versions that take effect later, by date.
    pub upcoming: Vec<VersionRef>,
}

/// A version of a service, as it was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRef {
    /// The version's content hash (see docs/platform.md, "Version hash").
    pub hash: String,
    pub title: String,
    pub valid_from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// The release that brought this version.
    pub release: u64,
}

/// `POST /api/v1/releases`: a bundle of model files to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseRequest {
    /// The git commit the bundle was built from.
    #[serde(default)]
    pub commit: Option<String>,
    /// Who made the change; defaults to the token's name.
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    /// Every file of the release: `ozg.toml`, `codelists/<id>.toml`,
    /// `services/<id>/service.toml`, `services/<id>/scenarios/<name>.toml`.
    pub files: Vec<BundleFile>,
    /// Services to take off the platform. A service the platform serves
    /// must be either in `files` or here: leaving it out is refused.
    #[serde(default)]
    pub remove_services: Vec<String>,
    /// Only check the bundle and return the plan; store nothing. The same
    /// as the query parameter `?dry_run=true`.
    #[serde(default)]
    pub dry_run: bool,
}

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleFile {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// SHA-256 of the content's UTF-8 bytes, lower-case hex.
    pub sha256: String,
    /// The text. May be left out when the platform already holds content
    /// with this hash (any file of an earlier release).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl BundleFile {
    /// A file with its content and the SHA-256 of that content.
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> BundleFile {
        let content = content.into();
        BundleFile {
            path: path.into(),
            sha256: crate::platform::release::sha256(content.as_bytes()),
            content: Some(content),
        }
    }

    /// The same file listed by its hash only, for content the platform
    /// already holds.
    #[must_use]
    pub fn without_content(mut self) -> BundleFile {
        self.content = None;
        self
    }
}

/// `POST /api/v1/rollbacks`: make an earlier release's content current again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollbackRequest {
    /// The release whose content becomes current.
    pub release: u64,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The answer to a release or rollback, carried out or planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseOutcome {
    /// `true` when nothing was stored.
    pub dry_run: bool,
    /// The release created; `None` for a dry run.
    pub release: Option<ReleaseSummary>,
    /// The state the plan was computed against: publish with this value
    /// as `If-Match` to apply exactly this plan.
    pub based_on: String,
    /// The state after the release (`None` for a dry run): the new `ETag`.
    pub etag: Option<String>,
    pub plan: Plan,
    /// Lint findings below error severity.
    #[serde(default)]
    pub warnings: Vec<LintDiagnostic>,
}

/// What a release changes, service by service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Plan {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Ordered by service id.
    pub services: Vec<PlannedService>,
}

/// How one service changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedService {
    pub id: String,
    pub change: Change,
    /// The version after the release (`None` when removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// The latest version before the release (`None` when added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_valid_from: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Changed,
    Removed,
    Unchanged,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
            Change::Unchanged => "unchanged",
        }
    }

    pub fn from_name(name: &str) -> Option<Change> {
        Some(match name {
            "added" => Change::Added,
            "changed" => Change::Changed,
            "removed" => Change::Removed,
            "unchanged" => Change::Unchanged,
            _ => return None,
        })
    }
}

/// A release in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSummary {
    pub id: u64,
    pub kind: ReleaseKind,
    pub created_at: Timestamp,
    /// The name of the token that made it.
    pub token: String,
    pub author: Option<String>,
    pub message: Option<String>,
    pub commit: Option<String>,
    /// For a rollback: the release whose content it restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<u64>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    Publish,
    Rollback,
}

impl ReleaseKind {
    pub fn name(self) -> &'static str {
        match self {
            ReleaseKind::Publish => "publish",
            ReleaseKind::Rollback => "rollback",
        }
    }
}

/// `GET /api/v1/releases`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseList {
    pub releases: Vec<ReleaseSummary>,
    /// Pass as `?before=` to read the next, older page; `None` at the end.
    pub next_before: Option<u64>,
}

/// `GET /api/v1/releases/{id}`: one release's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDetail {
    pub release: ReleaseSummary,
    /// What the release changed against the state before it.
    pub plan: Plan,
    /// Every file of the release, by path; content only with
    /// `?content=true`.
    pub files: Vec<ReleaseFile>,
    /// Per service, the versions in force after this release, by date.
    pub services: Vec<ServiceTimeline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseFile {
    pub path: String,
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTimeline {
    pub id: String,
    pub versions: Vec<VersionRef>,
}

/// `POST /api/v1/services/{id}/applications`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    /// Field values by field id. Numbers may be JSON numbers or strings;
    /// either way they are read exactly. Dates are `YYYY-MM-DD` strings; a
    /// repeatable group is an array of objects.
    pub input: serde_json::Map<String, serde_json::Value>,
    /// The day the application was submitted; defaults to today in
    /// German time. May not lie in the future.
    #[serde(default)]
    pub submitted: Option<Date>,
}

/// `POST /api/v1/cases/{id}/decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The task; needed only when several are open.
    #[serde(default)]
    pub step: Option<String>,
    pub decision: String,
    /// The day of the decision; defaults to today. Not before the last
    /// thing that happened to the case, not in the future.
    #[serde(default)]
    pub date: Option<Date>,
}

/// `POST /api/v1/cases/{id}/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRequest {
    #[serde(default)]
    pub step: Option<String>,
    pub event: String,
    #[serde(default)]
    pub date: Option<Date>,
}

/// A case, as the engine computes it today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: String,
    pub service: String,
    /// The hash of the service version the case runs under: the one valid
    /// on its submission date.
    pub version: String,
    pub submitted: Date,
    pub created_at: Timestamp,
    /// `open` or `closed`.
    pub status: CaseStatus,
    /// `approved`, `rejected`, `withdrawn`, `deemed_approved`,
    /// `completed`; `None` while open.
    pub outcome: Option<String>,
    /// The day the case ended.
    pub closed_on: Option<Date>,
    /// The form input as submitted; `None` once erased.
    pub input: Option<serde_json::Map<String, serde_json::Value>>,
    pub fees: Vec<FeeView>,
    /// Exact decimal euros.
    pub fees_total: String,
    /// Fees whose amount could not be computed, by id.
    #[serde(default)]
    pub fee_errors: Vec<String>,
    /// Steps waiting for a decision or an event.
    pub open_steps: Vec<OpenStep>,
    pub deadlines: Vec<DeadlineView>,
    /// The steps entered, in order.
    pub path: Vec<String>,
    /// The notifications sent, in order.
    pub notifications: Vec<String>,
    /// Everything that happened, with dates (see docs/platform.md).
    pub trace: Vec<serde_json::Value>,
    /// The decisions and events posted, in order.
    pub actions: Vec<CaseAction>,
    /// Problems the engine met (a deadline it could not compute).
    #[serde(default)]
    pub problems: Vec<String>,
    /// Set once the personal data are erased.
    pub erased: Option<Erasure>,
    /// The last day the case's data are kept once it is closed, by the
    /// service's `retention`; `None` when open or when the service sets
    /// no retention.
    pub retained_until: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeView {
    pub id: String,
    pub label: String,
    pub amount: String,
    #[serde(default)]
    pub split: Vec<ShareView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    pub authority: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenStep {
    pub id: String,
    pub title: String,
    /// `task` or `wait`.
    pub kind: String,
    pub role: Option<String>,
    /// The decisions (task) or events (wait) it accepts.
    pub accepts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub id: String,
    pub label: Option<String>,
    /// The last day of the deadline.
    pub end: Date,
    /// `running`, `met` or `expired`.
    pub status: String,
}

/// A decision or event posted to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAction {
    pub date: Date,
    /// `decision` or `event`.
    pub kind: String,
    pub step: Option<String>,
    pub value: String,
    /// The token that posted it.
    pub token: String,
    pub at: Timestamp,
}

/// How and when a case's personal data were erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub at: Timestamp,
    /// The token that erased it, or `retention` for automatic erasure.
    pub by: String,
    /// `request` or `retention`.
    pub reason: String,
}

/// `GET /api/v1/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditList {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: u64,
    pub at: Timestamp,
    /// The token's name; `command line` for token changes made with
    /// `ozg serve token`, `retention` for automatic erasure.
    pub token: String,
    /// `release`, `rollback`, `erasure`, `token_added`, `token_revoked`,
    /// `clock_set`.
    pub action: String,
    /// What it acted on: a release id, a case id, a token name.
    pub subject: String,
    pub detail: serde_json::Value,
}

/// `GET`/`PUT /api/v1/clock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub now: Timestamp,
    /// Today in German time.
    pub today: Date,
    /// `system`, `fixed` (`--now`) or `test` (`--test-clock`).
    pub mode: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockRequest {
    pub now: Timestamp,
}
