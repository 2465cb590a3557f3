//! The HTTP layer: routes, authorisation, limits, logging, and the
//! handlers that tie requests to storage, releases and cases.
//!
//! Handlers parse and check what they can without the database, then hand
//! the rest to a blocking thread, since `SQLite` and the engine are
//! synchronous. Every request body is read by the handler itself, so that
//! every malformed request gets the same JSON error shape.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_http::timeout::TimeoutLayer;

use crate::engine::input_from_json;
use crate::platform::api::code;
use crate::platform::api::{
    self, API_PREFIX, ApplicationRequest, AuditEntry, AuditList, CaseAction, ClockRequest,
    ClockView, DecisionRequest, EventRequest, FieldError, Health, ReleaseKind, ReleaseList,
    ReleaseOutcome, ReleaseRequest, RollbackRequest,
};
use crate::platform::auth::{self, Identity, Scope};
use crate::platform::cases::{self, CompileCache, StoredCase};
use crate::platform::clock::{Clock, ClockMode};
use crate::platform::error::ApiError;
use crate::platform::messages as msg;
use crate::platform::release::{self, FileEntry, NewRelease};
use crate::platform::store::{self, Store, StoreError, to_i64, to_u64};

/// What the server shares between requests.
pub struct Platform {
    pub store: Store,
    pub clock: Clock,
    pub cache: CompileCache,
    pub max_body: usize,
    pub verbose: bool,
    /// The last state answer, by its `ETag`.
    state_cache: Mutex<Option<(String, Bytes)>>,
}

impl Platform {
    pub fn new(store: Store, clock: Clock, max_body: usize, verbose: bool) -> Platform {
        Platform {
            store,
            clock,
            cache: CompileCache::default(),
            max_body,
            verbose,
            state_cache: Mutex::new(None),
        }
    }
}

type Shared = Arc<Platform>;

/// Every endpoint, as method and path below [`API_PREFIX`]: the router
/// serves exactly these, and `docs/openapi.yaml` describes exactly these
/// (a test holds the three together).
pub const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/health"),
    ("GET", "/state"),
    ("GET", "/releases"),
    ("POST", "/releases"),
    ("GET", "/releases/{id}"),
    ("POST", "/rollbacks"),
    ("POST", "/services/{id}/applications"),
    ("GET", "/cases/{id}"),
    ("POST", "/cases/{id}/decisions"),
    ("POST", "/cases/{id}/events"),
    ("DELETE", "/cases/{id}/personal-data"),
    ("GET", "/audit"),
    ("GET", "/clock"),
    ("PUT", "/clock"),
];

/// The router with every endpoint, limit and the request log.
pub fn router(platform: Shared, timeout: Duration) -> Router {
    let max_body = platform.max_body;
    let api = Router::new()
        .route("/health", get(health))
        .route("/state", get(get_state))
        .route("/releases", get(list_releases).post(post_release))
        .route("/releases/{id}", get(get_release))
        .route("/rollbacks", post(post_rollback))
        .route("/services/{id}/applications", post(post_application))
        .route("/cases/{id}", get(get_case))
        .route("/cases/{id}/decisions", post(post_decision))
        .route("/cases/{id}/events", post(post_event))
        .route("/cases/{id}/personal-data", delete(erase_case))
        .route("/audit", get(list_audit))
        .route("/clock", get(get_clock).put(put_clock))
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest(API_PREFIX, api)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Outside the timeout, so that it sees the timeout's answer.
        .layer(middleware::from_fn(timeout_as_json))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&platform),
            log_request,
        ))
        .with_state(platform)
}

/// One line per request at `-v`: method, path, status, time. Never the
/// query, headers or body, where tokens and personal data travel.
async fn log_request(State(platform): State<Shared>, request: Request, next: Next) -> Response {
    if !platform.verbose {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    eprintln!(
        "{} {method} {path} {} {:.1} ms",
        Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| Timestamp::now()),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// The timeout layer answers with an empty body; give it the JSON shape.
async fn timeout_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::REQUEST_TIMEOUT
        && response.headers().get(header::CONTENT_TYPE).is_none()
    {
        return ApiError::new(StatusCode::REQUEST_TIMEOUT, code::TIMEOUT, msg::timeout())
            .into_response();
    }
    response
}

async fn not_found() -> ApiError {
    ApiError::not_found(code::NOT_FOUND, msg::route_not_found())
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        code::METHOD_NOT_ALLOWED,
        msg::method_not_allowed(),
    )
}

/// Runs synchronous work (`SQLite`, the engine) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::internal(msg::task_failed()))?
}

/// Checks the bearer token and its scope.
async fn authorize(
    platform: &Shared,
    headers: &HeaderMap,
    scope: Scope,
) -> Result<Identity, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(false));
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .filter(|s| !s.is_empty() && s.len() <= 200)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::unauthorized(true))?;
    let platform = Arc::clone(platform);
    let identity = blocking(move || Ok(auth::identify(&platform.store, &secret)?))
        .await?
        .ok_or_else(|| ApiError::unauthorized(true))?;
    if identity.allows(scope) {
        Ok(identity)
    } else {
        Err(ApiError::forbidden(scope.name()))
    }
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

fn body_bytes(body: Result<Bytes, BytesRejection>, limit: usize) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::BODY_TOO_LARGE,
                msg::body_too_large(limit),
            )
        } else {
            ApiError::bad_request(
                code::UNREADABLE_BODY,
                msg::body_unreadable(&rejection.body_text()),
            )
        }
    })
}

/// The text of a path parameter; one that is not valid UTF-8 after
/// percent-decoding gets the JSON error shape like any other.
fn path_text(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(text)| text)
        .map_err(|_| ApiError::bad_request(code::INVALID_ID, msg::path_parameter()))
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        // serde's message names the field or position; it never echoes a
        // long value.
        ApiError::bad_request(code::INVALID_JSON, msg::invalid_json(&e.to_string()))
    })
}

/// The query parameters, each at most once.
fn query_pairs(query: Option<&str>, allowed: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !allowed.contains(&key) {
            return Err(ApiError::bad_request(
                code::INVALID_QUERY,
                msg::invalid_query(&format!(
                    "unknown parameter `{}`",
                    key.chars().take(40).collect::<String>()
                )),
            ));
        }
        if out.iter().any(|(k, _)| k == key) {
            return Err(ApiError::bad_request(
                code::INVALID_QUERY,
                msg::invalid_query(&format!("`{key}` is given twice")),
            ));
        }
        out.push((key.to_owned(), value.to_owned()));
    }
    Ok(out)
}

fn query_flag(pairs: &[(String, String)], name: &str) -> Result<bool, ApiError> {
    match pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
    {
        None | Some("false" | "0") => Ok(false),
        Some("true" | "1" | "") => Ok(true),
        Some(_) => Err(ApiError::bad_request(
            code::INVALID_QUERY,
            msg::invalid_query(&format!("`{name}` must be true or false")),
        )),
    }
}

fn query_number(pairs: &[(String, String)], name: &str) -> Result<Option<u64>, ApiError> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| {
            v.parse::<u64>().map_err(|_| {
                ApiError::bad_request(
                    code::INVALID_QUERY,
                    msg::invalid_query(&format!("`{name}` must be a whole number")),
                )
            })
        })
        .transpose()
}

/// Page size of lists: `limit`, 1 to 500, default 50.
fn page_limit(pairs: &[(String, String)]) -> Result<usize, ApiError> {
    let limit = query_number(pairs, "limit")?.unwrap_or(50).clamp(1, 500);
    Ok(usize::try_from(limit).unwrap_or(50))
}

// ---------------------------------------------------------------- health

async fn health() -> Response {
    json_response(
        StatusCode::OK,
        &Health {
            status: "ok".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
    )
}

// ----------------------------------------------------------------- state

async fn get_state(
    State(platform): State<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Read).await?;
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let p = Arc::clone(&platform);
    let (etag, body) = blocking(move || {
        let today = p.clock.today();
        let latest = p.store.read(store::latest_release)?;
        let etag = release::etag(latest, today);
        let cached = p
            .state_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|(tag, _)| *tag == etag)
            .map(|(_, body)| body.clone());
        if let Some(body) = cached {
            return Ok((etag, body));
        }
        let state = p.store.read(|c| release::state(c, today))?;
        let body =
            Bytes::from(serde_json::to_vec(&state).map_err(|e| ApiError::internal(e.to_string()))?);
        *p.state_cache.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((state.etag.clone(), body.clone()));
        Ok((state.etag, body))
    })
    .await?;
    let etag_value = HeaderValue::from_str(&etag).map_err(|e| ApiError::internal(e.to_string()))?;
    if if_none_match.is_some_and(|v| matches_etag(&v, &etag)) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag_value),
        ],
        Body::from(body),
    )
        .into_response())
}

/// Whether an `If-Match`/`If-None-Match` value names `etag` (or is `*`).
fn matches_etag(header_value: &str, etag: &str) -> bool {
    header_value
        .split(',')
        .map(str::trim)
        .any(|v| v == "*" || v == etag || v.strip_prefix("W/") == Some(etag))
}

// -------------------------------------------------------------- releases

/// The checks every request that makes a release shares.
struct WriteHeaders {
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

fn write_headers(headers: &HeaderMap) -> Result<WriteHeaders, ApiError> {
    let if_match = headers
        .get(header::IF_MATCH)
        .map(|v| {
            v.to_str()
                .map(str::to_owned)
                .map_err(|_| ApiError::bad_request(code::INVALID_IF_MATCH, msg::invalid_if_match()))
        })
        .transpose()?;
    Ok(WriteHeaders {
        if_match,
        idempotency_key: idempotency_key(headers)?,
    })
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    headers
        .get(api::IDEMPOTENCY_KEY)
        .map(|v| {
            v.to_str()
                .ok()
                .filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
                .map(str::to_owned)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        code::INVALID_IDEMPOTENCY_KEY,
                        msg::idempotency_key_invalid(),
                    )
                })
        })
        .transpose()
}

/// A stored answer to an earlier request with the same key.
struct StoredAnswer {
    status: u16,
    body: String,
}

/// The stored answer for `key`, or an error when the key was used for
/// another request.
fn find_answer(
    connection: &Connection,
    key: &str,
    endpoint: &str,
    body_hash: &str,
) -> Result<Option<StoredAnswer>, ApiError> {
    let row: Option<(String, String, i64, String)> = connection
        .query_row(
            "SELECT endpoint, body_sha256, status, response FROM idempotency WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .map_err(StoreError::from)?;
    match row {
        None => Ok(None),
        Some((stored_endpoint, stored_hash, status, body)) => {
            if stored_endpoint != endpoint || stored_hash != body_hash {
                return Err(ApiError::unprocessable(
                    code::IDEMPOTENCY_KEY_REUSED,
                    msg::idempotency_key_reused(),
                ));
            }
            Ok(Some(StoredAnswer {
                status: u16::try_from(status).unwrap_or(200),
                body,
            }))
        }
    }
}

fn store_answer(
    tx: &Connection,
    key: Option<&str>,
    endpoint: &str,
    body_hash: &str,
    status: StatusCode,
    body: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    if let Some(key) = key {
        tx.execute(
            "INSERT INTO idempotency (key, endpoint, body_sha256, status, response, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key,
                endpoint,
                body_hash,
                status.as_u16(),
                body,
                at.to_string()
            ],
        )?;
    }
    Ok(())
}

fn replay_answer(answer: &StoredAnswer, extra: &[(HeaderName, String)]) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        answer.body.clone(),
    )
        .into_response();
    response.headers_mut().insert(
        HeaderName::from_static(api::IDEMPOTENT_REPLAY),
        HeaderValue::from_static("true"),
    );
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(name.clone(), value);
        }
    }
    response
}

/// Compares `If-Match` with the current state; `None` means the request
/// sent none, which only a dry run may do.
fn check_if_match(if_match: Option<&str>, current: &str, dry_run: bool) -> Result<(), ApiError> {
    match if_match {
        None if dry_run => Ok(()),
        None => Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            code::PRECONDITION_REQUIRED,
            msg::precondition_required(),
        )),
        Some(value) if matches_etag(value, current) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            code::PRECONDITION_FAILED,
            msg::precondition_failed(current),
        )
        .with_header(header::ETAG, current.to_owned())),
    }
}

/// A release or rollback must name the state it was made against; only a
/// dry run may leave it out.
fn require_if_match(write: &WriteHeaders, dry_run: bool) -> Result<(), ApiError> {
    if write.if_match.is_none() && !dry_run {
        return check_if_match(None, "", false);
    }
    Ok(())
}

/// The headers of a created release, also when its answer is repeated.
fn release_headers(outcome: &ReleaseOutcome) -> Vec<(HeaderName, String)> {
    let mut out = Vec::new();
    if let Some(release) = &outcome.release {
        out.push((
            header::LOCATION,
            format!("{API_PREFIX}/releases/{}", release.id),
        ));
    }
    if let Some(etag) = &outcome.etag {
        out.push((header::ETAG, etag.clone()));
    }
    out
}

fn release_response(status: StatusCode, outcome: &ReleaseOutcome) -> Response {
    let mut response = json_response(status, outcome);
    for (name, value) in release_headers(outcome) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// What a release or rollback request leads to.
enum Written {
    Created(ReleaseOutcome),
    Planned(ReleaseOutcome),
    Repeated(StoredAnswer),
}

fn written_response(written: Written) -> Response {
    match written {
        Written::Created(outcome) => release_response(StatusCode::CREATED, &outcome),
        Written::Planned(outcome) => release_response(StatusCode::OK, &outcome),
        Written::Repeated(answer) => {
            let extra = serde_json::from_str::<ReleaseOutcome>(&answer.body)
                .map(|o| release_headers(&o))
                .unwrap_or_default();
            replay_answer(&answer, &extra)
        }
    }
}

async fn post_release(
    State(platform): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Publish).await?;
    let pairs = query_pairs(query.as_deref(), &["dry_run"])?;
    let body = body_bytes(body, platform.max_body)?;
    let request: ReleaseRequest = parse_json(&body)?;
    let dry_run = request.dry_run || query_flag(&pairs, "dry_run")?;
    release::check_bundle(
        &request.files,
        &request.remove_services,
        release::text_limits(
            request.commit.as_deref(),
            request.author.as_deref(),
            request.message.as_deref(),
        ),
    )?;
    let write = write_headers(&headers)?;
    require_if_match(&write, dry_run)?;
    let body_hash = release::sha256(&body);
    let p = Arc::clone(&platform);
    let written = blocking(move || publish(&p, &who, request, dry_run, &write, &body_hash)).await?;
    Ok(written_response(written))
}

const RELEASES_ENDPOINT: &str = "POST /api/v1/releases";
const ROLLBACKS_ENDPOINT: &str = "POST /api/v1/rollbacks";

fn publish(
    platform: &Platform,
    who: &Identity,
    request: ReleaseRequest,
    dry_run: bool,
    write: &WriteHeaders,
    body_hash: &str,
) -> Result<Written, ApiError> {
    let key = write.idempotency_key.as_deref().filter(|_| !dry_run);
    if let Some(key) = key
        && let Some(answer) = platform
            .store
            .read(|c| find_answer(c, key, RELEASES_ENDPOINT, body_hash))?
    {
        return Ok(Written::Repeated(answer));
    }
    // An outdated If-Match is refused before the costly checks; the check
    // that counts is made again under the write lock.
    platform.store.read(|c| -> Result<(), ApiError> {
        let current = release::etag(store::latest_release(c)?, platform.clock.today());
        check_if_match(write.if_match.as_deref(), &current, true)
    })?;
    let ReleaseRequest {
        commit,
        author,
        message,
        files,
        remove_services,
        ..
    } = request;
    let files: Vec<FileEntry> = platform
        .store
        .read(|c| release::resolve_contents(c, files))?;
    let analysis = release::analyse(&files)?;

    let decide = |c: &Connection| -> Result<_, ApiError> {
        let latest = store::latest_release(c)?;
        let current = release::etag(latest, platform.clock.today());
        check_if_match(write.if_match.as_deref(), &current, dry_run)?;
        let timeline = release::timeline(c, latest)?;
        let (plan, next) =
            release::plan(&timeline, &analysis.versions, &remove_services, latest + 1)?;
        Ok((current, plan, next))
    };
    if dry_run {
        let (current, plan, _) = platform.store.read(decide)?;
        return Ok(Written::Planned(ReleaseOutcome {
            dry_run: true,
            release: None,
            based_on: current,
            etag: None,
            plan,
            warnings: analysis.warnings,
        }));
    }
    let result = platform.store.write(|tx| {
        if let Some(key) = key
            && let Some(answer) = find_answer(tx, key, RELEASES_ENDPOINT, body_hash)?
        {
            return Ok(Written::Repeated(answer));
        }
        let (current, plan, next) = decide(tx)?;
        let text = ReleaseText {
            author: author.as_deref().or(Some(who.name.as_str())),
            message: message.as_deref(),
            commit: commit.as_deref(),
        };
        let outcome = store_release(
            platform,
            tx,
            who,
            &text,
            &files,
            &analysis,
            (current, plan, next),
        )?;
        let body =
            serde_json::to_string(&outcome).map_err(|e| ApiError::internal(e.to_string()))?;
        let at = outcome
            .release
            .as_ref()
            .map_or_else(Timestamp::now, |r| r.created_at);
        store_answer(
            tx,
            key,
            RELEASES_ENDPOINT,
            body_hash,
            StatusCode::CREATED,
            &body,
            at,
        )?;
        Ok(Written::Created(outcome))
    });
    if result.is_ok() {
        *platform
            .state_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }
    result
}

/// Who wrote a release and why.
struct ReleaseText<'a> {
    author: Option<&'a str>,
    message: Option<&'a str>,
    commit: Option<&'a str>,
}

/// Stores a planned release with its content and audit entry in the open
/// transaction.
fn store_release(
    platform: &Platform,
    tx: &Connection,
    who: &Identity,
    text: &ReleaseText<'_>,
    files: &[FileEntry],
    analysis: &release::Analysis,
    (current, plan, next): (String, api::Plan, release::Timeline),
) -> Result<ReleaseOutcome, ApiError> {
    let now = platform.clock.now();
    release::insert_content(tx, files, &analysis.versions)?;
    let listed: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .collect();
    let summary = release::insert_release(
        tx,
        &NewRelease {
            kind: ReleaseKind::Publish,
            at: now,
            token: &who.name,
            author: text.author,
            message: text.message,
            commit: text.commit,
            rollback_of: None,
        },
        &listed,
        &plan,
        &next,
    )?;
    store::audit(
        tx,
        now,
        &who.name,
        "release",
        &summary.id.to_string(),
        &serde_json::json!({
            "commit": summary.commit,
            "added": plan.added, "changed": plan.changed,
            "removed": plan.removed, "unchanged": plan.unchanged,
        }),
    )?;
    Ok(ReleaseOutcome {
        dry_run: false,
        etag: Some(release::etag(summary.id, platform.clock.date_of(now))),
        release: Some(summary),
        based_on: current,
        plan,
        warnings: analysis.warnings.clone(),
    })
}

async fn post_rollback(
    State(platform): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Publish).await?;
    let pairs = query_pairs(query.as_deref(), &["dry_run"])?;
    let body = body_bytes(body, platform.max_body)?;
    let request: RollbackRequest = parse_json(&body)?;
    let dry_run = request.dry_run || query_flag(&pairs, "dry_run")?;
    release::check_bundle(
        &[],
        &[],
        release::text_limits(None, request.author.as_deref(), request.message.as_deref()),
    )?;
    let write = write_headers(&headers)?;
    require_if_match(&write, dry_run)?;
    let body_hash = release::sha256(&body);
    let p = Arc::clone(&platform);
    let written =
        blocking(move || rollback(&p, &who, &request, dry_run, &write, &body_hash)).await?;
    Ok(written_response(written))
}

fn rollback(
    platform: &Platform,
    who: &Identity,
    request: &RollbackRequest,
    dry_run: bool,
    write: &WriteHeaders,
    body_hash: &str,
) -> Result<Written, ApiError> {
    let key = write.idempotency_key.as_deref().filter(|_| !dry_run);
    let decide = |c: &Connection| -> Result<_, ApiError> {
        if release::release_summary(c, request.release)?.is_none() {
            return Err(ApiError::not_found(
                code::UNKNOWN_RELEASE,
                msg::unknown_release(request.release),
            ));
        }
        let latest = store::latest_release(c)?;
        let current = release::etag(latest, platform.clock.today());
        check_if_match(write.if_match.as_deref(), &current, dry_run)?;
        let now_timeline = release::timeline(c, latest)?;
        let target = release::timeline(c, request.release)?;
        let plan = release::plan_rollback(&now_timeline, &target);
        Ok((current, plan, target))
    };
    if dry_run {
        let (current, plan, _) = platform.store.read(decide)?;
        return Ok(Written::Planned(ReleaseOutcome {
            dry_run: true,
            release: None,
            based_on: current,
            etag: None,
            plan,
            warnings: Vec::new(),
        }));
    }
    let result = platform.store.write(|tx| {
        if let Some(key) = key
            && let Some(answer) = find_answer(tx, key, ROLLBACKS_ENDPOINT, body_hash)?
        {
            return Ok(Written::Repeated(answer));
        }
        let (current, plan, target) = decide(tx)?;
        let files = release::release_files(tx, request.release)?;
        let now = platform.clock.now();
        let summary = release::insert_release(
            tx,
            &NewRelease {
                kind: ReleaseKind::Rollback,
                at: now,
                token: &who.name,
                author: request.author.as_deref().or(Some(who.name.as_str())),
                message: request.message.as_deref(),
                commit: None,
                rollback_of: Some(request.release),
            },
            &files,
            &plan,
            &target,
        )?;
        store::audit(
            tx,
            now,
            &who.name,
            "rollback",
            &summary.id.to_string(),
            &serde_json::json!({ "rollback_of": request.release }),
        )?;
        let outcome = ReleaseOutcome {
            dry_run: false,
            etag: Some(release::etag(summary.id, platform.clock.date_of(now))),
            release: Some(summary),
            based_on: current,
            plan,
            warnings: Vec::new(),
        };
        let text =
            serde_json::to_string(&outcome).map_err(|e| ApiError::internal(e.to_string()))?;
        store_answer(
            tx,
            key,
            ROLLBACKS_ENDPOINT,
            body_hash,
            StatusCode::CREATED,
            &text,
            now,
        )?;
        Ok(Written::Created(outcome))
    });
    if result.is_ok() {
        *platform
            .state_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }
    result
}

async fn list_releases(
    State(platform): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Read).await?;
    let pairs = query_pairs(query.as_deref(), &["limit", "before"])?;
    let limit = page_limit(&pairs)?;
    let before = query_number(&pairs, "before")?;
    let p = Arc::clone(&platform);
    let releases =
        blocking(move || Ok(p.store.read(|c| release::list_releases(c, before, limit))?)).await?;
    let next_before = (releases.len() == limit)
        .then(|| releases.last().map(|r| r.id))
        .flatten();
    Ok(json_response(
        StatusCode::OK,
        &ReleaseList {
            releases,
            next_before,
        },
    ))
}

fn release_id(text: &str) -> Result<u64, ApiError> {
    text.parse::<u64>()
        .ok()
        .filter(|id| *id > 0 && i64::try_from(*id).is_ok())
        .ok_or_else(|| ApiError::bad_request(code::INVALID_ID, msg::release_id_invalid(text)))
}

async fn get_release(
    State(platform): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Read).await?;
    let id = path_text(id)?;
    let pairs = query_pairs(query.as_deref(), &["content"])?;
    let content = query_flag(&pairs, "content")?;
    let id = release_id(&id)?;
    let p = Arc::clone(&platform);
    let detail = blocking(move || Ok(p.store.read(|c| release::release_detail(c, id, content))?))
        .await?
        .ok_or_else(|| ApiError::not_found(code::UNKNOWN_RELEASE, msg::unknown_release(id)))?;
    Ok(json_response(StatusCode::OK, &detail))
}

// ----------------------------------------------------------------- cases

fn case_id(text: &str) -> Result<String, ApiError> {
    if text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(text.to_owned())
    } else {
        Err(ApiError::bad_request(
            code::INVALID_ID,
            msg::case_id_invalid(text),
        ))
    }
}

fn case_endpoint(method: &Method, path: &str) -> String {
    format!("{method} {path}")
}

fn case_response(status: StatusCode, view: &api::CaseView) -> Response {
    let mut response = json_response(status, view);
    if status == StatusCode::CREATED
        && let Ok(value) = HeaderValue::from_str(&format!("{API_PREFIX}/cases/{}", view.id))
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

async fn post_application(
    State(platform): State<Shared>,
    headers: HeaderMap,
    service: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Apply).await?;
    let service = path_text(service)?;
    let body = body_bytes(body, platform.max_body)?;
    if !release::valid_id(&service) {
        return Err(ApiError::bad_request(
            code::INVALID_ID,
            msg::invalid_service_id(&service),
        ));
    }
    let request: ApplicationRequest = parse_json(&body)?;
    let key = idempotency_key(&headers)?;
    let endpoint = case_endpoint(
        &Method::POST,
        &format!("/api/v1/services/{service}/applications"),
    );
    let body_hash = release::sha256(&body);
    let p = Arc::clone(&platform);
    blocking(move || {
        if let Some(key) = &key
            && let Some(answer) = p
                .store
                .read(|c| find_answer(c, key, &endpoint, &body_hash))?
        {
            return Ok(replay_answer(&answer, &[]));
        }
        let view = apply(&p, &service, request, key.as_deref(), &endpoint, &body_hash)?;
        match view {
            Ok(view) => Ok(case_response(StatusCode::CREATED, &view)),
            Err(answer) => Ok(replay_answer(&answer, &[])),
        }
    })
    .await
}

fn apply(
    platform: &Platform,
    service: &str,
    request: ApplicationRequest,
    key: Option<&str>,
    endpoint: &str,
    body_hash: &str,
) -> Result<Result<api::CaseView, StoredAnswer>, ApiError> {
    let today = platform.clock.today();
    let submitted = request.submitted.unwrap_or(today);
    if submitted > today {
        return Err(ApiError::unprocessable(
            code::SUBMITTED_IN_FUTURE,
            msg::submitted_in_future(submitted, today),
        ));
    }
    let version = platform.store.read(|c| -> Result<_, ApiError> {
        if !release::is_served(c, service)? {
            return Err(ApiError::not_found(
                code::UNKNOWN_SERVICE,
                msg::unknown_service(service),
            ));
        }
        release::version_on(c, service, submitted)?.ok_or_else(|| {
            ApiError::unprocessable(code::NO_VERSION, msg::no_version_on(service, submitted))
        })
    })?;
    let compiled = platform.cache.get(&platform.store, &version)?;
    let input = input_from_json(&request.input);
    let errors = compiled.validate(&input, submitted);
    if !errors.is_empty() {
        let count = errors.len();
        return Err(ApiError::unprocessable(
            code::INVALID_APPLICATION,
            msg::application_invalid(count),
        )
        .with_field_errors(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: e.field,
                    label: e.label,
                    message: e.message,
                })
                .collect(),
        ));
    }
    let stored = StoredCase {
        id: auth::random_hex(16).map_err(|e| ApiError::internal(e.to_string()))?,
        service: service.to_owned(),
        version,
        submitted,
        created_at: platform.clock.now(),
        input: Some(request.input),
        actions: Vec::new(),
        erased: None,
        snapshot: None,
    };
    let view = cases::current_view(&platform.store, &platform.cache, &stored, today)?;
    platform.store.write(|tx| {
        if let Some(key) = key
            && let Some(answer) = find_answer(tx, key, endpoint, body_hash)?
        {
            return Ok(Err(answer));
        }
        cases::insert(tx, &stored)?;
        cases::update(tx, &stored, &view)?;
        let text = serde_json::to_string(&view).map_err(|e| ApiError::internal(e.to_string()))?;
        store_answer(
            tx,
            key,
            endpoint,
            body_hash,
            StatusCode::CREATED,
            &text,
            stored.created_at,
        )?;
        Ok(Ok(view))
    })
}

async fn get_case(
    State(platform): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Apply).await?;
    let id = path_text(id)?;
    let id = case_id(&id)?;
    let p = Arc::clone(&platform);
    let view = blocking(move || {
        let stored = p
            .store
            .read(|c| cases::load(c, &id))?
            .ok_or_else(|| ApiError::not_found(code::UNKNOWN_CASE, msg::unknown_case(&id)))?;
        cases::current_view(&p.store, &p.cache, &stored, p.clock.today())
    })
    .await?;
    Ok(json_response(StatusCode::OK, &view))
}

/// A decision or an event, as posted.
struct Posted {
    kind: &'static str,
    step: Option<String>,
    value: String,
    date: Option<jiff::civil::Date>,
}

async fn post_decision(
    State(platform): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Apply).await?;
    let id = path_text(id)?;
    let body = body_bytes(body, platform.max_body)?;
    let id = case_id(&id)?;
    let request: DecisionRequest = parse_json(&body)?;
    let posted = Posted {
        kind: "decision",
        step: request.step,
        value: request.decision,
        date: request.date,
    };
    post_action(platform, who, id, posted, &headers, &body, "decisions").await
}

async fn post_event(
    State(platform): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Apply).await?;
    let id = path_text(id)?;
    let body = body_bytes(body, platform.max_body)?;
    let id = case_id(&id)?;
    let request: EventRequest = parse_json(&body)?;
    let posted = Posted {
        kind: "event",
        step: request.step,
        value: request.event,
        date: request.date,
    };
    post_action(platform, who, id, posted, &headers, &body, "events").await
}

fn valid_name(text: &str) -> bool {
    (1..=200).contains(&text.len()) && !text.contains('\0')
}

async fn post_action(
    platform: Shared,
    who: Identity,
    id: String,
    posted: Posted,
    headers: &HeaderMap,
    body: &[u8],
    what: &'static str,
) -> Result<Response, ApiError> {
    if !valid_name(&posted.value) {
        return Err(ApiError::bad_request(
            code::INVALID_VALUE,
            msg::empty_value(posted.kind),
        ));
    }
    if posted.step.as_deref().is_some_and(|s| !valid_name(s)) {
        return Err(ApiError::bad_request(
            code::INVALID_VALUE,
            msg::empty_value("step"),
        ));
    }
    let key = idempotency_key(headers)?;
    let endpoint = case_endpoint(&Method::POST, &format!("/api/v1/cases/{id}/{what}"));
    let body_hash = release::sha256(body);
    blocking(move || {
        let p = &platform;
        if let Some(key) = &key
            && let Some(answer) = p
                .store
                .read(|c| find_answer(c, key, &endpoint, &body_hash))?
        {
            return Ok(replay_answer(&answer, &[]));
        }
        let today = p.clock.today();
        let result = p.store.write(
            |tx| -> Result<Result<api::CaseView, StoredAnswer>, ApiError> {
                if let Some(key) = &key
                    && let Some(answer) = find_answer(tx, key, &endpoint, &body_hash)?
                {
                    return Ok(Err(answer));
                }
                let mut stored = cases::load(tx, &id)?.ok_or_else(|| {
                    ApiError::not_found(code::UNKNOWN_CASE, msg::unknown_case(&id))
                })?;
                if stored.erased.is_some() {
                    return Err(ApiError::conflict(code::CASE_ERASED, msg::case_erased(&id)));
                }
                let date = posted.date.unwrap_or(today);
                if date > today {
                    return Err(ApiError::unprocessable(
                        code::DATE_IN_FUTURE,
                        msg::action_in_future(date, today),
                    ));
                }
                let service = p.cache.get(&p.store, &stored.version)?;
                let retention = p
                    .store
                    .read(|c| release::version_retention(c, &stored.version))?;
                let action = CaseAction {
                    date,
                    kind: posted.kind.to_owned(),
                    step: posted.step.clone(),
                    value: posted.value.clone(),
                    token: who.name.clone(),
                    at: p.clock.now(),
                };
                let mut replayed = cases::replay(&service, &stored);
                replayed
                    .case
                    .act(date, &cases::engine_action(&action))
                    .map_err(|e| {
                        ApiError::conflict(
                            code::ACTION_REFUSED,
                            msg::action_refused(&e.to_string()),
                        )
                    })?;
                cases::advance(&mut replayed, today);
                stored.actions.push(action);
                let view = cases::view(&service, &stored, &replayed, retention.as_deref());
                cases::update(tx, &stored, &view)?;
                let text =
                    serde_json::to_string(&view).map_err(|e| ApiError::internal(e.to_string()))?;
                store_answer(
                    tx,
                    key.as_deref(),
                    &endpoint,
                    &body_hash,
                    StatusCode::OK,
                    &text,
                    p.clock.now(),
                )?;
                Ok(Ok(view))
            },
        )?;
        Ok(match result {
            Ok(view) => case_response(StatusCode::OK, &view),
            Err(answer) => replay_answer(&answer, &[]),
        })
    })
    .await
}

async fn erase_case(
    State(platform): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Admin).await?;
    let id = path_text(id)?;
    let id = case_id(&id)?;
    let p = Arc::clone(&platform);
    let view = blocking(move || {
        p.store.write(|tx| {
            let stored = cases::load(tx, &id)?
                .ok_or_else(|| ApiError::not_found(code::UNKNOWN_CASE, msg::unknown_case(&id)))?;
            if let Some(snapshot) = stored.snapshot {
                return Ok(snapshot);
            }
            let view = cases::current_view(&p.store, &p.cache, &stored, p.clock.today())?;
            Ok(cases::erase(
                tx,
                &view,
                &who.name,
                "request",
                p.clock.now(),
            )?)
        })
    })
    .await?;
    Ok(json_response(StatusCode::OK, &view))
}

// ----------------------------------------------------------------- audit

async fn list_audit(
    State(platform): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Read).await?;
    let pairs = query_pairs(query.as_deref(), &["limit", "before"])?;
    let limit = page_limit(&pairs)?;
    let before = query_number(&pairs, "before")?;
    let p = Arc::clone(&platform);
    let entries = blocking(move || Ok(p.store.read(|c| audit_entries(c, before, limit))?)).await?;
    let next_before = (entries.len() == limit)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(json_response(
        StatusCode::OK,
        &AuditList {
            entries,
            next_before,
        },
    ))
}

fn audit_entries(
    connection: &Connection,
    before: Option<u64>,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT id, at, token, action, subject, detail FROM audit
         WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = statement.query_map(
        params![before.map_or(i64::MAX, to_i64), to_i64(limit as u64)],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, token, action, subject, detail) = row?;
        out.push(AuditEntry {
            id: to_u64(id),
            at: store::parse_timestamp(&at)?,
            token,
            action,
            subject,
            detail: serde_json::from_str(&detail)
                .map_err(|e| StoreError::Corrupt(format!("audit detail: {e}")))?,
        });
    }
    Ok(out)
}

// ----------------------------------------------------------------- clock

fn clock_view(clock: &Clock) -> ClockView {
    let now = clock.now();
    ClockView {
        now,
        today: clock.date_of(now),
        mode: clock.mode().name().to_owned(),
    }
}

async fn get_clock(
    State(platform): State<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&platform, &headers, Scope::Read).await?;
    Ok(json_response(StatusCode::OK, &clock_view(&platform.clock)))
}

async fn put_clock(
    State(platform): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let who = authorize(&platform, &headers, Scope::Admin).await?;
    let body = body_bytes(body, platform.max_body)?;
    let request: ClockRequest = parse_json(&body)?;
    if platform.clock.mode() != ClockMode::Test {
        return Err(ApiError::conflict(
            code::CLOCK_NOT_SETTABLE,
            msg::clock_not_settable(),
        ));
    }
    let p = Arc::clone(&platform);
    blocking(move || {
        p.clock.set(request.now);
        p.store.write(|tx| {
            store::audit(
                tx,
                p.clock.now(),
                &who.name,
                "clock_set",
                &request.now.to_string(),
                &serde_json::json!({}),
            )
        })?;
        // Setting the clock is how tests let time pass: erase what is due
        // now, before answering.
        cases::sweep_retention(&p.store, &p.cache, p.clock.today(), p.clock.now())?;
        Ok(())
    })
    .await?;
    Ok(json_response(StatusCode::OK, &clock_view(&platform.clock)))
}

// ---------------------------------------------------------------- serving

/// Runs the retention sweep now and then every `every`.
pub async fn retention_loop(platform: Shared, every: Duration) {
    let mut interval = tokio::time::interval(every);
    loop {
        interval.tick().await;
        let p = Arc::clone(&platform);
        let result = blocking(move || {
            cases::sweep_retention(&p.store, &p.cache, p.clock.today(), p.clock.now())
        })
        .await;
        match result {
            Ok(0) => {}
            Ok(n) if platform.verbose => {
                eprintln!("retention: erased the personal data of {n} closed cases");
            }
            Ok(_) => {}
            Err(e) => eprintln!("retention: {}", e.body().message),
        }
    }
}

/// Serves until `shutdown` completes, then lets running requests finish.
pub async fn run(
    platform: Shared,
    listener: tokio::net::TcpListener,
    timeout: Duration,
    retention_every: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = tokio::spawn(retention_loop(Arc::clone(&platform), retention_every));
    let app = router(platform, timeout);
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    result
}
