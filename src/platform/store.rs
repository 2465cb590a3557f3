//! The platform's durable storage: one `SQLite` database in the data folder.
//!
//! Every write runs in one transaction on the single writer connection,
//! which a mutex guards: a release, a rollback, a case and its actions are
//! stored whole or not at all, and checks that must see the latest state
//! (the `If-Match` of a release, the open steps of a case) run under the
//! same lock as the write they guard. The database runs in WAL mode with
//! `synchronous = FULL`, so a write is on disk before it is acknowledged
//! and a crash at any point leaves the last committed state. Readers use
//! their own connections from a small pool and never wait for the writer.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "ozg-platform.sqlite";

/// Bumped whenever the schema changes; a database of another version is
/// refused rather than misread.
const SCHEMA_VERSION: i64 = 1;

/// Connections kept for readers; more are opened under load and closed
/// again.
const READER_POOL: usize = 8;

const SCHEMA: &str = r"
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    content TEXT NOT NULL
);
CREATE TABLE versions (
    hash        TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_until TEXT,
    retention   TEXT
);
CREATE TABLE version_files (
    version_hash TEXT NOT NULL REFERENCES versions(hash),
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (version_hash, path)
);
CREATE TABLE releases (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    token       TEXT NOT NULL,
    author      TEXT,
    message     TEXT,
    git_commit  TEXT,
    rollback_of INTEGER REFERENCES releases(id),
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL
);
CREATE TABLE release_files (
    release_id INTEGER NOT NULL REFERENCES releases(id),
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (release_id, path)
);
CREATE TABLE release_changes (
    release_id          INTEGER NOT NULL REFERENCES releases(id),
    service_id          TEXT NOT NULL,
    change              TEXT NOT NULL,
    hash                TEXT,
    valid_from          TEXT,
    previous_hash       TEXT,
    previous_valid_from TEXT,
    PRIMARY KEY (release_id, service_id)
);
CREATE TABLE timeline (
    release_id    INTEGER NOT NULL REFERENCES releases(id),
    service_id    TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    version_hash  TEXT NOT NULL REFERENCES versions(hash),
    since_release INTEGER NOT NULL,
    PRIMARY KEY (release_id, service_id, valid_from)
);
CREATE TABLE idempotency (
    key         TEXT PRIMARY KEY,
    endpoint    TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE tokens (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);
CREATE UNIQUE INDEX tokens_active_name ON tokens(name) WHERE revoked_at IS NULL;
CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    service_id     TEXT NOT NULL,
    version_hash   TEXT NOT NULL REFERENCES versions(hash),
    submitted      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    input          TEXT,
    actions        TEXT NOT NULL,
    outcome        TEXT,
    closed_on      TEXT,
    erased_at      TEXT,
    erased_by      TEXT,
    erasure_reason TEXT,
    snapshot       TEXT
);
CREATE INDEX cases_not_erased ON cases(erased_at, closed_on);
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    token   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL
);
";

/// Why the storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the database {path} cannot be opened: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} was written by another version of ozg (schema {found}, this \
         version reads {SCHEMA_VERSION}); use a matching ozg or a new data folder"
    )]
    Schema { path: PathBuf, found: i64 },
    #[error("the database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
}

/// The database of one data folder.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// Opens (and on first use creates) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let writer = open_connection(&path, false)?;
        migrate(&writer, &path)?;
        Ok(Store {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Runs `work` in one transaction on the writer connection. The
    /// transaction commits when `work` returns `Ok`, and is rolled back
    /// otherwise.
    pub fn write<T, E>(
        &self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut connection = lock(&self.writer);
        let tx = connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = work(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Runs `work` on a reader connection.
    pub fn read<T, E>(&self, work: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let pooled = lock(&self.readers).pop();
        let connection = match pooled {
            Some(c) => c,
            None => open_connection(&self.path, true).map_err(E::from)?,
        };
        let result = work(&connection);
        let mut readers = lock(&self.readers);
        if readers.len() < READER_POOL {
            readers.push(connection);
        }
        result
    }
}

/// A poisoned lock only means another request panicked while holding it;
/// `SQLite`'s transaction was rolled back when its guard was dropped, so the
/// connection is still sound.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn open_connection(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let open_error = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let connection = Connection::open_with_flags(path, flags).map_err(open_error)?;
    connection
        .busy_timeout(Duration::from_secs(10))
        .map_err(open_error)?;
    if !read_only {
        // WAL lets readers go on while a release is written; FULL syncs the
        // log on every commit, so an acknowledged write survives a power cut.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(open_error)?;
    }
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(open_error)?;
    connection
        .pragma_update(None, "foreign_keys", "ON")
        .map_err(open_error)?;
    Ok(connection)
}

fn migrate(connection: &Connection, path: &Path) -> Result<(), StoreError> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |r| r.get(0))?;
    match version {
        0 => {
            connection.execute_batch(&format!(
                "BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))?;
            Ok(())
        }
        SCHEMA_VERSION => Ok(()),
        found => Err(StoreError::Schema {
            path: path.to_path_buf(),
            found,
        }),
    }
}

/// The id of the latest release, 0 before the first.
pub fn latest_release(connection: &Connection) -> Result<u64, StoreError> {
    let id: Option<i64> = connection.query_row("SELECT max(id) FROM releases", [], |r| r.get(0))?;
    Ok(id.and_then(|i| u64::try_from(i).ok()).unwrap_or(0))
}

/// Appends an entry to the audit log.
pub fn audit(
    tx: &Connection,
    at: jiff::Timestamp,
    token: &str,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit (at, token, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.to_string(), token, action, subject, detail.to_string()],
    )?;
    Ok(())
}

/// The content of a blob, if stored.
pub fn blob(connection: &Connection, sha256: &str) -> Result<Option<String>, StoreError> {
    Ok(connection
        .query_row(
            "SELECT content FROM blobs WHERE sha256 = ?1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?)
}

/// Converts an integer column that holds a count or an id.
pub fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

pub fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Reads a date column written by this module.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("`{text}` is not a date")))
}

pub fn parse_timestamp(text: &str) -> Result<jiff::Timestamp, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("`{text}` is not a timestamp")))
}
