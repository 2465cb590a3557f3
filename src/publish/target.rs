//! Where to publish: a platform's address and the environment variable
//! that holds its token.
//!
//! A target is named in `ozg.toml` (`[targets.staging]` with `url` and
//! `token_env`) or given as an address with the token in `OZG_TOKEN`. The
//! token itself is never written anywhere: not in `ozg.toml`, not in a
//! plan file, not in a message. Only the name of its variable is, so that
//! a message can say which variable to fix.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Config;
use crate::publish::messages as msg;

/// The variable that holds the token when the address is given with
/// `--url`, or when a target in `ozg.toml` names none.
pub const DEFAULT_TOKEN_ENV: &str = "OZG_TOKEN";

/// A platform to publish to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The name under `[targets]` in `ozg.toml`; `None` for an address
    /// given directly.
    pub name: Option<String>,
    /// The platform's base address, without the API path:
    /// `https://platform.example.org`.
    pub url: String,
    /// The environment variable that holds the token.
    pub token_env: String,
}

impl Target {
    /// How the target is named in messages: its name, or its address.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} ({})", self.url),
            None => self.url.clone(),
        }
    }

    /// Whether the address uses plain HTTP to another machine, so that the
    /// token would travel unencrypted.
    pub fn sends_token_in_clear(&self) -> bool {
        let Ok(url) = reqwest::Url::parse(&self.url) else {
            return false;
        };
        let host = url.host_str().unwrap_or_default();
        let loopback = host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        url.scheme() == "http" && !loopback
    }

    /// Reads the token from the target's environment variable.
    pub fn token(&self) -> Result<Token, TargetError> {
        let variable = self.token_env.clone();
        match std::env::var(&self.token_env) {
            Ok(value) if value.trim().is_empty() => Err(TargetError::NoToken { variable }),
            Ok(value) => {
                let value = value.trim().to_owned();
                // A header value must be visible ASCII; anything else is a
                // copying mistake, and the platform would refuse it anyway.
                if value.bytes().all(|b| b.is_ascii_graphic()) {
                    Ok(Token(value))
                } else {
                    Err(TargetError::TokenUnusable { variable })
                }
            }
            Err(std::env::VarError::NotPresent) => Err(TargetError::NoToken { variable }),
            Err(std::env::VarError::NotUnicode(_)) => Err(TargetError::TokenUnusable { variable }),
        }
    }
}

/// A bearer token. Its `Debug` output hides the secret, so that it cannot
/// end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Token {
        Token(secret.into())
    }

    /// The secret, for the `Authorization` header and nothing else.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Why no target could be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("{}", msg::no_target(.known))]
    NoTarget { known: Vec<String> },
    #[error("{}", msg::no_config_for_target(.name))]
    NoConfig { name: String },
    #[error("{}", msg::unknown_target(.name, .known))]
    Unknown { name: String, known: Vec<String> },
    #[error("{}", msg::target_without_url(.name))]
    NoUrl { name: String },
    #[error("{}", msg::invalid_url(.url, .reason))]
    InvalidUrl { url: String, reason: String },
    #[error("{}", msg::no_token(.variable))]
    NoToken { variable: String },
    #[error("{}", msg::token_unusable(.variable))]
    TokenUnusable { variable: String },
}

/// Works out the target from `--target NAME` (looked up in `ozg.toml`) or
/// `--url URL` (token in [`DEFAULT_TOKEN_ENV`]).
pub fn resolve(
    config: Option<&Config>,
    name: Option<&str>,
    url: Option<&str>,
) -> Result<Target, TargetError> {
    let known = || {
        config
            .map(|c| c.targets.iter().map(|t| t.name.value.clone()).collect())
            .unwrap_or_default()
    };
    if let Some(url) = url {
        return Ok(Target {
            name: None,
            url: check_url(url)?,
            token_env: DEFAULT_TOKEN_ENV.to_owned(),
        });
    }
    let Some(name) = name else {
        return Err(TargetError::NoTarget { known: known() });
    };
    let Some(config) = config.filter(|c| c.file.is_some()) else {
        return Err(TargetError::NoConfig {
            name: name.to_owned(),
        });
    };
    // A later table of the same name wins, as later keys do in TOML
    // settings elsewhere in ozg.
    let Some(target) = config.targets.iter().rev().find(|t| t.name.value == name) else {
        return Err(TargetError::Unknown {
            name: name.to_owned(),
            known: known(),
        });
    };
    let Some(url) = &target.url else {
        return Err(TargetError::NoUrl {
            name: name.to_owned(),
        });
    };
    Ok(Target {
        name: Some(name.to_owned()),
        url: check_url(&url.value)?,
        token_env: target.token_env.as_ref().map_or_else(
            || DEFAULT_TOKEN_ENV.to_owned(),
            |variable| variable.value.clone(),
        ),
    })
}

/// Checks a platform address and returns it without a trailing slash.
fn check_url(text: &str) -> Result<String, TargetError> {
    let invalid = |reason: String| TargetError::InvalidUrl {
        url: without_userinfo(text),
        reason,
    };
    if !text.contains("://") {
        return Err(invalid(msg::url_without_scheme()));
    }
    let url = reqwest::Url::parse(text.trim()).map_err(|e| invalid(e.to_string()))?;
    if url.path().trim_end_matches('/').ends_with("/api/v1") {
        return Err(invalid(msg::url_with_api_path()));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(msg::url_scheme(url.scheme())));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in the address would be shown in every message that
        // names the target, this one included: it shows the address
        // without them.
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(TargetError::InvalidUrl {
            url: shown.to_string(),
            reason: msg::url_with_credentials(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(msg::url_with_query()));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// An address as it may be shown: whatever stands between `://` and an
/// `@` may be a password, even in an address too broken to parse.
fn without_userinfo(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_owned();
    };
    let end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    match text[start..end].rfind('@') {
        Some(at) => format!("{}{}", &text[..start], &text[start + at + 1..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_loses_its_trailing_slash() {
        let target = resolve(None, None, Some("https://platform.example.org/ozg/")).unwrap();
        assert_eq!(target.url, "https://platform.example.org/ozg");
        assert_eq!(target.token_env, DEFAULT_TOKEN_ENV);
    }

    #[test]
    fn an_address_with_credentials_is_refused() {
        let error = resolve(None, None, Some("https://user:secret@example.org")).unwrap_err();
        assert!(matches!(error, TargetError::InvalidUrl { .. }));
        assert!(!error.to_string().contains("secret@"));
    }

    #[test]
    fn a_broken_address_with_credentials_is_shown_without_them() {
        let error = resolve(None, None, Some("https://user:se cret@exa mple.org/x")).unwrap_err();
        assert!(!error.to_string().contains("cret"), "{error}");
    }

    #[test]
    fn an_address_that_names_the_api_path_is_refused_with_the_base_to_give() {
        let error = resolve(None, None, Some("http://127.0.0.1:8480/api/v1/")).unwrap_err();
        assert!(error.to_string().contains("without /api/v1"), "{error}");
    }

    #[test]
    fn an_address_without_scheme_asks_for_the_whole_address() {
        let error = resolve(None, None, Some("localhost:8480")).unwrap_err();
        assert!(error.to_string().contains("http://"), "{error}");
        let error = resolve(None, None, Some("foo")).unwrap_err();
        assert!(error.to_string().contains("http://"), "{error}");
    }

    #[test]
    fn an_address_that_is_not_http_is_refused() {
        let error = resolve(None, None, Some("ftp://example.org")).unwrap_err();
        assert!(matches!(error, TargetError::InvalidUrl { .. }));
    }

    #[test]
    fn neither_name_nor_address_is_an_error() {
        assert!(matches!(
            resolve(None, None, None),
            Err(TargetError::NoTarget { .. })
        ));
    }

    #[test]
    fn plain_http_to_another_machine_sends_the_token_in_clear() {
        let target = |url: &str| Target {
            name: None,
            url: url.to_owned(),
            token_env: DEFAULT_TOKEN_ENV.to_owned(),
        };
        assert!(target("http://platform.example.org").sends_token_in_clear());
        assert!(!target("http://127.0.0.1:8480").sends_token_in_clear());
        assert!(!target("http://localhost:8480").sends_token_in_clear());
        assert!(!target("https://platform.example.org").sends_token_in_clear());
    }

    #[test]
    fn a_token_does_not_show_in_debug_output() {
        let token = Token::new("ozg_0123456789");
        assert!(!format!("{token:?}").contains("0123456789"));
    }
}
