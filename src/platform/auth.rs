//! Access tokens: who may do what on the platform.
//!
//! A token is a random 256-bit secret handed out once, when it is made;
//! the platform keeps only its SHA-256, so a copy of the database gives no
//! working token. Each token has a name (shown in the history and the
//! audit log) and scopes. `admin` includes every other scope and `publish`
//! includes `read`, because publishing starts by reading the state; `apply`
//! stands alone, so that a token for the application front end cannot
//! publish and a publishing pipeline cannot read personal data.

use std::fmt;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::platform::store::{self, Store, StoreError};

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Read the state, the release history and the audit log.
    Read,
    /// Publish releases and roll back (includes `read`).
    Publish,
    /// Submit applications, read cases, post decisions and events.
    Apply,
    /// Everything, and erase personal data, set the test clock.
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Read, Scope::Publish, Scope::Apply, Scope::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Publish => "publish",
            Scope::Apply => "apply",
            Scope::Admin => "admin",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether holding `self` grants `wanted`.
    pub fn grants(self, wanted: Scope) -> bool {
        self == wanted || self == Scope::Admin || (self == Scope::Publish && wanted == Scope::Read)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The token a request was made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub scopes: Vec<Scope>,
}

impl Identity {
    pub fn allows(&self, wanted: Scope) -> bool {
        self.scopes.iter().any(|s| s.grants(wanted))
    }
}

/// A token as `ozg serve token list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// Why a token could not be made or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(
        "`{0}` cannot name a token: use 1 to 64 letters, digits, `-`, `_` or `.`, \
         starting with a letter or digit"
    )]
    InvalidName(String),
    #[error("a token named `{0}` exists already; revoke it first or choose another name")]
    Exists(String),
    #[error("there is no active token named `{0}`; `ozg serve token list` shows them")]
    Unknown(String),
    #[error("a token needs at least one scope: read, publish, apply or admin")]
    NoScope,
    #[error("the system's random number source failed: {0}")]
    Random(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for TokenError {
    fn from(e: rusqlite::Error) -> Self {
        TokenError::Store(StoreError::Sql(e))
    }
}

/// The prefix of every secret, so that a leaked one is recognisable.
const SECRET_PREFIX: &str = "ozg_";

/// The name the audit log gives changes made on the command line.
pub const COMMAND_LINE: &str = "command line";

pub fn valid_token_name(name: &str) -> bool {
    let mut chars = name.chars();
    (1..=64).contains(&name.len())
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The SHA-256 of a secret, as stored.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `n` random bytes from the operating system, as hex.
pub fn random_hex(n: usize) -> Result<String, TokenError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(hex(&bytes))
}

/// Makes a token and returns its secret, which is not stored and cannot be
/// shown again.
pub fn add_token(
    store: &Store,
    name: &str,
    scopes: &[Scope],
    now: Timestamp,
) -> Result<String, TokenError> {
    if !valid_token_name(name) {
        return Err(TokenError::InvalidName(name.to_owned()));
    }
    if scopes.is_empty() {
        return Err(TokenError::NoScope);
    }
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    let secret = format!("{SECRET_PREFIX}{}", random_hex(32)?);
    let scope_list = scope_text(&scopes);
    store.write(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM tokens WHERE name = ?1 AND revoked_at IS NULL)",
            [name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(TokenError::Exists(name.to_owned()));
        }
        tx.execute(
            "INSERT INTO tokens (name, secret_sha256, scopes, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, secret_hash(&secret), scope_list, now.to_string()],
        )?;
        store::audit(
            tx,
            now,
            COMMAND_LINE,
            "token_added",
            name,
            &serde_json::json!({ "scopes": scope_list.split(' ').collect::<Vec<_>>() }),
        )?;
        Ok(())
    })?;
    Ok(secret)
}

/// Revokes the active token named `name`: it stops working at once, also
/// for a server that is running.
pub fn revoke_token(store: &Store, name: &str, now: Timestamp) -> Result<(), TokenError> {
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE tokens SET revoked_at = ?1 WHERE name = ?2 AND revoked_at IS NULL",
            params![now.to_string(), name],
        )?;
        if changed == 0 {
            return Err(TokenError::Unknown(name.to_owned()));
        }
        store::audit(
            tx,
            now,
            COMMAND_LINE,
            "token_revoked",
            name,
            &serde_json::json!({}),
        )?;
        Ok(())
    })
}

/// Every token, active and revoked, by name.
pub fn list_tokens(store: &Store) -> Result<Vec<TokenInfo>, StoreError> {
    store.read(|c| {
        let mut statement = c.prepare(
            "SELECT name, scopes, created_at, revoked_at FROM tokens ORDER BY name, created_at",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, scopes, created, revoked) = row?;
            out.push(TokenInfo {
                name,
                scopes: parse_scopes(&scopes),
                created_at: store::parse_timestamp(&created)?,
                revoked_at: revoked.as_deref().map(store::parse_timestamp).transpose()?,
            });
        }
        Ok(out)
    })
}

/// The active token whose secret this is.
pub fn identify(store: &Store, secret: &str) -> Result<Option<Identity>, StoreError> {
    let hash = secret_hash(secret);
    store.read(|c| {
        let row: Option<(String, String)> = c
            .query_row(
                "SELECT name, scopes FROM tokens WHERE secret_sha256 = ?1 AND revoked_at IS NULL",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.map(|(name, scopes)| Identity {
            name,
            scopes: parse_scopes(&scopes),
        }))
    })
}

fn scope_text(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split(' ').filter_map(Scope::from_name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_grants_every_scope_and_publish_grants_read() {
        for s in Scope::ALL {
            assert!(Scope::Admin.grants(s));
        }
        assert!(Scope::Publish.grants(Scope::Read));
        assert!(!Scope::Publish.grants(Scope::Apply));
        assert!(!Scope::Read.grants(Scope::Publish));
        assert!(!Scope::Apply.grants(Scope::Read));
    }

    #[test]
    fn token_names_are_short_plain_words() {
        assert!(valid_token_name("ci-staging.1"));
        assert!(!valid_token_name(""));
        assert!(!valid_token_name("-x"));
        assert!(!valid_token_name("a b"));
        assert!(!valid_token_name(&"x".repeat(65)));
    }
}
