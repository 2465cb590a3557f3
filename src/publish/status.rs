//! `ozg status`: what the platform serves, set against the local
//! repository, service by service.
//!
//! The comparison is by *version hash*, the platform's own identity of a
//! service version (docs/platform.md, "Versions and the version hash"):
//! the SHA-256 of the lines `path<TAB>sha256<LF>`, sorted by path, of the
//! service's `service.toml`, `ozg.toml` and the code lists its fields
//! refer to. Computing it locally needs the files loaded (to find the
//! code lists) but nothing compiled, so a status of a thousand services
//! costs one parse of each. The tests check that this computation agrees
//! with the platform's.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{Repository, Service};
use crate::platform::api::{State, VersionRef};
use crate::platform::release;

/// How a service on the platform stands against the local one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The local version is the platform's latest, and in force.
    InSync,
    /// The local version is published and takes effect on a later date;
    /// until then an earlier version serves.
    Upcoming,
    /// The local version differs from the platform's latest: a change not
    /// published (or published from elsewhere and not here).
    NotPublished,
    /// Only in the local repository: never published.
    New,
    /// Served by the platform, but not in the local repository.
    OnlyOnPlatform,
}

impl Standing {
    /// Whether a publish is due for this service.
    pub fn differs(self) -> bool {
        matches!(
            self,
            Standing::NotPublished | Standing::New | Standing::OnlyOnPlatform
        )
    }
}

/// One service's line of the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub id: String,
    pub standing: Standing,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The local version's hash and first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_valid_from: Option<Date>,
    /// The version the platform serves today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<VersionRef>,
    /// Versions that take effect later.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upcoming: Vec<VersionRef>,
}

/// The version hash of a local service, from the hashes of the files by
/// path.
pub fn version_hash(
    repository: &Repository,
    service: &Service,
    hashes: &BTreeMap<String, String>,
) -> String {
    let paths = release::version_paths(repository, service);
    release::version_hash(&paths, |p| hashes.get(p).map(String::as_str))
}

/// Sets the platform's state against the local repository, whose files
/// have the given hashes. Services are ordered by id.
pub fn compare(
    state: &State,
    repository: &Repository,
    hashes: &BTreeMap<String, String>,
) -> Vec<ServiceStatus> {
    let mut local: BTreeMap<&str, &Service> = BTreeMap::new();
    for service in &repository.services {
        local.insert(service.meta.id.value.as_str(), service);
    }
    let mut out = Vec::new();
    for served in &state.services {
        let latest = served.upcoming.last().or(served.active.as_ref());
        let Some(service) = local.remove(served.id.as_str()) else {
            out.push(ServiceStatus {
                id: served.id.clone(),
                standing: Standing::OnlyOnPlatform,
                title: latest.map(|v| v.title.clone()),
                local_hash: None,
                local_valid_from: None,
                active: served.active.clone(),
                upcoming: served.upcoming.clone(),
            });
            continue;
        };
        let hash = version_hash(repository, service, hashes);
        let standing = match latest {
            Some(v) if v.hash == hash && served.upcoming.iter().any(|u| u.hash == hash) => {
                Standing::Upcoming
            }
            Some(v) if v.hash == hash => Standing::InSync,
            _ => Standing::NotPublished,
        };
        out.push(ServiceStatus {
            id: served.id.clone(),
            standing,
            title: title(service),
            local_hash: Some(hash),
            local_valid_from: valid_from(service),
            active: served.active.clone(),
            upcoming: served.upcoming.clone(),
        });
    }
    for (id, service) in local {
        out.push(ServiceStatus {
            id: id.to_owned(),
            standing: Standing::New,
            title: title(service),
            local_hash: Some(version_hash(repository, service, hashes)),
            local_valid_from: valid_from(service),
            active: None,
            upcoming: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn title(service: &Service) -> Option<String> {
    service.meta.title.as_ref().map(|t| t.value.clone())
}

fn valid_from(service: &Service) -> Option<Date> {
    service.meta.valid_from.as_ref().map(|d| d.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::load_from_memory;
    use crate::platform::api::ServiceState;
    use crate::platform::release::sha256;

    fn repository(files: &[(&str, &str)]) -> (Repository, BTreeMap<String, String>) {
        let loaded = load_from_memory(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
                .collect(),
        );
        let hashes = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), sha256(t.as_bytes())))
            .collect();
        (loaded.repository, hashes)
    }

    fn version(hash: &str, from: &str) -> VersionRef {
        VersionRef {
            hash: hash.to_owned(),
            title: String::new(),
            valid_from: from.parse().unwrap(),
            valid_until: None,
            release: 1,
        }
    }

    const SERVICE: &str = "[service]\nid = \"permit\"\ntitle = \"P\"\nvalid_from = 2024-01-01\n";

    #[test]
    fn the_version_hash_lists_the_service_file_and_the_configuration() {
        let (repo, hashes) = repository(&[
            ("ozg.toml", "[project]\n"),
            ("services/permit/service.toml", SERVICE),
        ]);
        let expected = sha256(
            format!(
                "ozg.toml\t{}\nservices/permit/service.toml\t{}\n",
                sha256(b"[project]\n"),
                sha256(SERVICE.as_bytes())
            )
            .as_bytes(),
        );
        assert_eq!(version_hash(&repo, &repo.services[0], &hashes), expected);
    }

    #[test]
    fn each_standing_is_recognised() {
        let (repo, hashes) = repository(&[("services/permit/service.toml", SERVICE)]);
        let hash = version_hash(&repo, &repo.services[0], &hashes);
        let state = |active: Option<VersionRef>, upcoming: Vec<VersionRef>| State {
            release: Some(1),
            today: "2026-03-02".parse().unwrap(),
            etag: "\"1.2026-03-02\"".to_owned(),
            services: vec![
                ServiceState {
                    id: "permit".to_owned(),
                    active,
                    upcoming,
                },
                ServiceState {
                    id: "gone".to_owned(),
                    active: Some(version("g", "2020-01-01")),
                    upcoming: Vec::new(),
                },
            ],
        };
        let standing = |s: &State| compare(s, &repo, &hashes)[1].standing;
        assert_eq!(
            standing(&state(Some(version(&hash, "2024-01-01")), vec![])),
            Standing::InSync
        );
        assert_eq!(
            standing(&state(
                Some(version("old", "2020-01-01")),
                vec![version(&hash, "2027-01-01")]
            )),
            Standing::Upcoming
        );
        assert_eq!(
            standing(&state(Some(version("other", "2024-01-01")), vec![])),
            Standing::NotPublished
        );
        let s = state(None, vec![]);
        assert_eq!(
            compare(&s, &repo, &hashes)[0].standing,
            Standing::OnlyOnPlatform
        );
    }

    #[test]
    fn a_service_the_platform_lacks_is_new() {
        let (repo, hashes) = repository(&[("services/permit/service.toml", SERVICE)]);
        let state = State {
            release: None,
            today: "2026-03-02".parse().unwrap(),
            etag: "\"0.2026-03-02\"".to_owned(),
            services: Vec::new(),
        };
        assert_eq!(compare(&state, &repo, &hashes)[0].standing, Standing::New);
    }
}
