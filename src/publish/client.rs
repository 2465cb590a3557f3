//! The HTTP client of the platform API: reads the state and the history,
//! and makes releases and rollbacks, trying transient failures again
//! under one idempotency key.
//!
//! The request and response bodies are the types of
//! [`crate::platform::api`], which `ozg serve` serialises too, so client
//! and server cannot disagree about the wire format. Every answer that is
//! not a success becomes a [`ClientError`] that says what to do; the
//! token is never part of one.

use std::fmt::Write as _;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Body, RequestBuilder, Response};
use reqwest::header::{self, HeaderMap};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::platform::api::{
    self, API_PREFIX, ErrorBody, ReleaseDetail, ReleaseList, ReleaseOutcome, ReleaseRequest,
    RollbackRequest, State,
};
use crate::publish::messages as msg;
use crate::publish::retry::{self, RetryPolicy};
use crate::publish::target::{Target, Token};

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How the client behaves beyond its target.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    /// How long one request may take from sending to the last byte of the
    /// answer. The platform answers 408 after its own limit (60 s by
    /// default), so this should be longer.
    pub timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(120),
        }
    }
}

/// What a long request reports while it runs: the upload, the wait for
/// the answer, and each retry.
pub trait Progress: Send + Sync {
    /// A request body of `bytes` is about to be sent.
    fn sending(&self, _bytes: u64) {}
    /// Another `bytes` of the body went out.
    fn sent(&self, _bytes: u64) {}
    /// The body is out; the platform is working on it.
    fn waiting(&self) {}
    /// An attempt failed in a way that may pass; the next follows after
    /// `wait`.
    fn retrying(&self, _retry: &RetryNotice) {}
    /// The request is over, successfully or not.
    fn done(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// An attempt that will be repeated.
#[derive(Debug, Clone)]
pub struct RetryNotice {
    /// The attempt that follows (2 for the first retry).
    pub attempt: u32,
    /// All attempts there will be at most.
    pub attempts: u32,
    pub wait: Duration,
    /// What went wrong, in words.
    pub reason: String,
}

/// The key that makes all attempts of one write count as one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A new key: `ozg-` and 128 random bits in hex.
    pub fn generate() -> IdempotencyKey {
        let mut bytes = [0u8; 16];
        // Without randomness from the system, the time keeps keys apart;
        // a key only has to differ from this client's other keys.
        if getrandom::fill(&mut bytes).is_err() {
            let nanos = jiff::Timestamp::now().as_nanosecond();
            bytes.copy_from_slice(&nanos.to_le_bytes());
        }
        IdempotencyKey(format!("ozg-{}", crate::platform::auth::hex(&bytes)))
    }

    /// A key given by the caller (a saved plan's); `None` when the
    /// platform would refuse it (1 to 200 visible ASCII characters).
    pub fn from_text(text: &str) -> Option<IdempotencyKey> {
        ((1..=200).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| IdempotencyKey(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A successful answer to a release or rollback.
#[derive(Debug, Clone)]
pub struct Written {
    pub outcome: ReleaseOutcome,
    /// The platform had already carried out the request (an earlier
    /// attempt was stored, its answer lost) and repeated its answer.
    pub replayed: bool,
    /// How many attempts it took.
    pub attempts: u32,
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{}", msg::client_setup(.0))]
    Setup(String),
    /// No connection, or it broke off, or no answer in time, on every
    /// attempt.
    #[error("{}", msg::unreachable(.url, .detail, *.attempts))]
    Unreachable {
        url: String,
        detail: String,
        attempts: u32,
    },
    /// The platform was overloaded or restarting on every attempt.
    #[error("{}", msg::unavailable(.url, *.status, *.attempts))]
    Unavailable {
        url: String,
        status: u16,
        attempts: u32,
    },
    /// 401: the token is missing, unknown, revoked or malformed.
    #[error("{}", msg::unauthorized(.variable))]
    Unauthorized { variable: String },
    /// 403: the token lacks the scope.
    #[error("{}", msg::forbidden(.variable, .scope))]
    Forbidden { variable: String, scope: String },
    /// 412: the state changed since it was read.
    #[error("{}", msg::state_moved())]
    StateMoved { current: Option<String> },
    /// Any other error answer of the platform.
    #[error("{}", msg::rejected(*.status, &.body.message))]
    Rejected { status: u16, body: Box<ErrorBody> },
    /// An answer that is not the platform's: another server, a proxy's
    /// error page.
    #[error("{}", msg::unexpected(.url, *.status, .text))]
    Unexpected {
        url: String,
        status: u16,
        text: String,
    },
}

impl ClientError {
    /// The platform's error code, for answers that carry one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Rejected { body, .. } => Some(&body.code),
            _ => None,
        }
    }
}

/// A client of one platform, with one token.
pub struct Client {
    http: reqwest::blocking::Client,
    base: String,
    token: Token,
    token_env: String,
    options: ClientOptions,
    /// Told of the retries of reads, which have no progress of their own.
    reads: Arc<dyn Progress>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("token_env", &self.token_env)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(
        target: &Target,
        token: Token,
        options: ClientOptions,
    ) -> Result<Client, ClientError> {
        install_crypto();
        let http = reqwest::blocking::Client::builder()
            .user_agent(concat!("ozg/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(options.timeout)
            // A redirect of a release would resend the token elsewhere and
            // turn the POST into a GET; neither is wanted.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError::Setup(e.to_string()))?;
        Ok(Client {
            http,
            base: target.url.clone(),
            token,
            token_env: target.token_env.clone(),
            options,
            reads: Arc::new(Silent),
        })
    }

    /// Reports the retries of reads (the state, the history) to
    /// `progress`, so that a user waiting on an unreachable platform
    /// learns why.
    #[must_use]
    pub fn reporting_reads_to(mut self, progress: Arc<dyn Progress>) -> Client {
        self.reads = progress;
        self
    }

    /// The full address of an API path.
    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// `GET /state`: what the platform serves.
    pub fn state(&self) -> Result<State, ClientError> {
        self.get("/state")
    }

    /// `GET /releases?limit=…&before=…`: the history, newest first.
    pub fn releases(&self, limit: usize, before: Option<u64>) -> Result<ReleaseList, ClientError> {
        let mut path = format!("/releases?limit={limit}");
        if let Some(before) = before {
            let _ = write!(path, "&before={before}");
        }
        self.get(&path)
    }

    /// `GET /releases/{id}`: a release with its files, with their content
    /// when asked.
    pub fn release(&self, id: u64, content: bool) -> Result<ReleaseDetail, ClientError> {
        let query = if content { "?content=true" } else { "" };
        self.get(&format!("/releases/{id}{query}"))
    }

    /// `GET /audit`: the audit log, newest first.
    pub fn audit(&self, limit: usize) -> Result<api::AuditList, ClientError> {
        self.get(&format!("/audit?limit={limit}"))
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let url = self.url(path);
        let (answer, _) = self.send(&url, self.reads.as_ref(), |http| http.get(&url))?;
        decode(&url, &answer)
    }

    /// `POST /releases` with `dry_run`: the platform checks the bundle and
    /// plans it, storing nothing.
    pub fn plan_release(
        &self,
        request: &ReleaseRequest,
        if_match: Option<&str>,
        progress: &Arc<dyn Progress>,
    ) -> Result<ReleaseOutcome, ClientError> {
        let mut request = request.clone();
        request.dry_run = true;
        self.write("/releases", &request, if_match, None, progress)
            .map(|w| w.outcome)
    }

    /// `POST /releases`: makes a release against the state `if_match`.
    pub fn publish(
        &self,
        request: &ReleaseRequest,
        if_match: &str,
        key: &IdempotencyKey,
        progress: &Arc<dyn Progress>,
    ) -> Result<Written, ClientError> {
        self.write("/releases", request, Some(if_match), Some(key), progress)
    }

    /// `POST /rollbacks`: makes an earlier release's content current, or
    /// with `dry_run` plans it.
    pub fn rollback(
        &self,
        request: &RollbackRequest,
        if_match: Option<&str>,
        key: Option<&IdempotencyKey>,
        progress: &Arc<dyn Progress>,
    ) -> Result<Written, ClientError> {
        self.write("/rollbacks", request, if_match, key, progress)
    }

    /// Sends a JSON body; every attempt sends the same bytes, since the
    /// platform recognises a repeated request by its key and its body.
    fn write<B: Serialize>(
        &self,
        path: &str,
        body: &B,
        if_match: Option<&str>,
        key: Option<&IdempotencyKey>,
        progress: &Arc<dyn Progress>,
    ) -> Result<Written, ClientError> {
        let url = self.url(path);
        let bytes =
            Arc::new(serde_json::to_vec(body).map_err(|e| ClientError::Setup(e.to_string()))?);
        let (answer, attempts) = self.send(&url, progress.as_ref(), |http| {
            let mut request = http
                .post(&url)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::sized(
                    Counting {
                        bytes: Arc::clone(&bytes),
                        at: 0,
                        progress: Arc::clone(progress),
                    },
                    bytes.len() as u64,
                ));
            if let Some(if_match) = if_match {
                request = request.header(header::IF_MATCH, if_match);
            }
            if let Some(key) = key {
                request = request.header(api::IDEMPOTENCY_KEY, key.as_str());
            }
            request
        })?;
        let replayed = answer
            .headers
            .get(api::IDEMPOTENT_REPLAY)
            .is_some_and(|v| v == "true");
        let outcome = decode(&url, &answer)?;
        Ok(Written {
            outcome,
            replayed,
            attempts,
        })
    }

    /// Sends a request, trying again on transient failures, and returns
    /// the first answer that is a success, or the error it amounts to.
    fn send(
        &self,
        url: &str,
        progress: &dyn Progress,
        build: impl Fn(&reqwest::blocking::Client) -> RequestBuilder,
    ) -> Result<(Answer, u32), ClientError> {
        let policy = self.options.retry;
        let attempts = policy.retries + 1;
        let mut attempt = 1;
        loop {
            let result = build(&self.http)
                .bearer_auth(self.token.secret())
                .send()
                .and_then(|response| {
                    progress.waiting();
                    read_answer(response)
                });
            let (reason, retry_after, failure) = match result {
                Ok(answer) if answer.status.is_success() => {
                    progress.done();
                    return Ok((answer, attempt));
                }
                Ok(answer) => {
                    let status = answer.status.as_u16();
                    if !retry::is_transient_status(status) {
                        progress.done();
                        return Err(self.error_answer(url, &answer));
                    }
                    let after = answer
                        .headers
                        .get(header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry::retry_after);
                    (
                        msg::status_reason(status),
                        after,
                        ClientError::Unavailable {
                            url: url.to_owned(),
                            status,
                            attempts: attempt,
                        },
                    )
                }
                Err(error) => {
                    let detail = transport_detail(&error);
                    (
                        detail.clone(),
                        None,
                        ClientError::Unreachable {
                            url: url.to_owned(),
                            detail,
                            attempts: attempt,
                        },
                    )
                }
            };
            if attempt >= attempts {
                progress.done();
                return Err(failure);
            }
            let wait = policy.wait(attempt, retry_after);
            attempt += 1;
            progress.retrying(&RetryNotice {
                attempt,
                attempts,
                wait,
                reason,
            });
            std::thread::sleep(wait);
        }
    }

    /// The error an unsuccessful, final answer amounts to.
    fn error_answer(&self, url: &str, answer: &Answer) -> ClientError {
        let status = answer.status;
        let headers = &answer.headers;
        let body: Option<ErrorBody> = serde_json::from_slice(&answer.body).ok();
        match status {
            StatusCode::UNAUTHORIZED => ClientError::Unauthorized {
                variable: self.token_env.clone(),
            },
            StatusCode::FORBIDDEN => ClientError::Forbidden {
                variable: self.token_env.clone(),
                scope: required_scope(headers).unwrap_or_else(|| "publish".to_owned()),
            },
            StatusCode::PRECONDITION_FAILED => ClientError::StateMoved {
                current: headers
                    .get(header::ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            },
            _ => match body {
                Some(body) => ClientError::Rejected {
                    status: status.as_u16(),
                    body: Box::new(body),
                },
                None => ClientError::Unexpected {
                    url: url.to_owned(),
                    status: status.as_u16(),
                    text: excerpt(&String::from_utf8_lossy(&answer.body)),
                },
            },
        }
    }
}

/// An answer read whole.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// Reads the whole answer before it is looked at, so that a connection
/// that breaks off in the middle of the answer counts as a failed attempt
/// (and is tried again) rather than as an unreadable answer.
fn read_answer(response: Response) -> reqwest::Result<Answer> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes()?.to_vec();
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn decode<T: DeserializeOwned>(url: &str, answer: &Answer) -> Result<T, ClientError> {
    serde_json::from_slice(&answer.body).map_err(|_| ClientError::Unexpected {
        url: url.to_owned(),
        status: answer.status.as_u16(),
        text: excerpt(&String::from_utf8_lossy(&answer.body)),
    })
}

/// The scope a 403 asks for, from `WWW-Authenticate: Bearer …, scope="publish"`.
fn required_scope(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::WWW_AUTHENTICATE)?.to_str().ok()?;
    let start = value.find("scope=\"")? + "scope=\"".len();
    let rest = &value[start..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The innermost cause of a transport error: "Connection refused (os
/// error 111)" says more than "error sending request".
fn transport_detail(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return msg::timed_out();
    }
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let text = cause.to_string();
    if text.is_empty() {
        error.to_string()
    } else {
        text
    }
}

/// The beginning of an answer that is not the platform's, for a message.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 300;
    let trimmed = text.trim();
    match trimmed.char_indices().nth(LIMIT) {
        Some((at, _)) => format!("{}…", &trimmed[..at]),
        None => trimmed.to_owned(),
    }
}

/// A request body that tells the progress how much of it went out.
struct Counting {
    bytes: Arc<Vec<u8>>,
    at: usize,
    progress: Arc<dyn Progress>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == 0 {
            self.progress.sending(self.bytes.len() as u64);
        }
        let rest = &self.bytes[self.at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        if n > 0 {
            self.progress.sent(n as u64);
        }
        Ok(n)
    }
}

/// The TLS library needs its cryptography chosen once per process, before
/// the first HTTP client is built (any client, not only this module's);
/// ring is used, which needs no system OpenSSL. Calling it again does no
/// harm.
pub fn install_crypto() {
    // Fails only when a provider is installed already, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_read_from_the_challenge() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::WWW_AUTHENTICATE,
            "Bearer realm=\"ozg\", error=\"insufficient_scope\", scope=\"publish\""
                .parse()
                .unwrap(),
        );
        assert_eq!(required_scope(&headers).as_deref(), Some("publish"));
    }

    #[test]
    fn generated_keys_differ_and_are_accepted_by_the_platform() {
        let a = IdempotencyKey::generate();
        let b = IdempotencyKey::generate();
        assert_ne!(a, b);
        assert!(IdempotencyKey::from_text(a.as_str()).is_some());
    }

    #[test]
    fn keys_the_platform_would_refuse_are_refused() {
        assert!(IdempotencyKey::from_text("").is_none());
        assert!(IdempotencyKey::from_text("with space").is_none());
        assert!(IdempotencyKey::from_text(&"k".repeat(201)).is_none());
    }

    #[test]
    fn a_long_answer_is_cut_for_messages() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(&long).chars().count(), 301);
    }

    #[test]
    fn the_counting_body_reports_what_went_out() {
        use std::sync::atomic::{AtomicU64, Ordering};
        struct Count(AtomicU64);
        impl Progress for Count {
            fn sent(&self, bytes: u64) {
                self.0.fetch_add(bytes, Ordering::Relaxed);
            }
        }
        let count = Arc::new(Count(AtomicU64::new(0)));
        let mut body = Counting {
            bytes: Arc::new(vec![7; 10_000]),
            at: 0,
            progress: Arc::clone(&count) as Arc<dyn Progress>,
        };
        let mut out = Vec::new();
        body.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), 10_000);
        assert_eq!(count.0.load(Ordering::Relaxed), 10_000);
    }
}
