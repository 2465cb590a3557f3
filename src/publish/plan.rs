//! The plan of a release, as a reviewer reads it: the platform's own plan
//! (which services it adds, changes, removes or keeps, from which date)
//! with the legal changes of each changed service in words, and the plan
//! file that `ozg publish --plan-out` saves and `--plan` applies.
//!
//! The platform decides what changes; this module only adds the words.
//! They come from the semantic diff of `ozg diff`
//! ([`crate::diff::diff_repositories`]) between the platform's latest
//! release and the local files, computed for the files that differ only:
//! a change of one service in a thousand parses two service files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::diff::output::describe::{Detail, describe};
use crate::diff::{self, ServiceStatus, words};
use crate::model::load::load_contents;
use crate::platform::api::{Change, LintDiagnostic, Plan, ReleaseFile, State};
use crate::publish::bundle::{Bundle, ManifestEntry, ReleaseText};
use crate::publish::messages as msg;
use crate::publish::target::Target;

/// A file on one side of a comparison: its hash, and its content where it
/// is known.
#[derive(Debug, Clone)]
pub struct SideFile {
    pub path: String,
    pub sha256: String,
    pub bytes: Option<Vec<u8>>,
}

impl SideFile {
    pub fn from_bundle(bundle: &Bundle) -> Vec<SideFile> {
        bundle
            .files
            .iter()
            .map(|f| SideFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                bytes: Some(f.bytes.clone()),
            })
            .collect()
    }

    pub fn from_release(files: &[ReleaseFile]) -> Vec<SideFile> {
        files
            .iter()
            .map(|f| SideFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                bytes: f.content.as_ref().map(|c| c.clone().into_bytes()),
            })
            .collect()
    }
}

/// One change of a service or code list, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// `legal`, `applicant`, `process` or `wording`.
    pub category: String,
    /// `~ fee annual_fee amount: 30,00 € → 200,00 €`.
    pub text: String,
    /// Why it may break cases in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaking: Option<String>,
    /// The expressions before and after, for amounts that are more than
    /// a constant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

/// How one service changes, for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePlan {
    pub id: String,
    pub change: Change,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The new version's first day (the kept version's for unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// The platform's latest version's first day before the release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_valid_from: Option<Date>,
    /// The day the change takes effect on the platform: the new version's
    /// `valid_from`, or today when that has passed; today for a removal.
    /// `None` for an unchanged service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub takes_effect: Option<Date>,
    /// The legal changes in words (changed services only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeLine>,
    /// What a reviewer should know besides the changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How one shared code list changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeListPlan {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `new`, `removed` or `changed`.
    pub status: String,
    pub changes: Vec<ChangeLine>,
}

/// The plan of a release or rollback, as shown and saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    /// The platform's address.
    pub target: String,
    /// The state the plan was made against (its `ETag`).
    pub based_on: String,
    /// The platform's latest release when the plan was made.
    pub release: Option<u64>,
    /// Today on the platform, in German time.
    pub today: Date,
    /// The commit the bundle was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub services: Vec<ServicePlan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codelists: Vec<CodeListPlan>,
    /// Other files that differ from the platform's: `ozg.toml`, scenarios.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_files: Vec<String>,
    /// Lint warnings the platform reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<LintDiagnostic>,
}

impl PlanView {
    /// Whether the plan changes any service.
    pub fn changes_services(&self) -> bool {
        self.added + self.changed + self.removed > 0
    }
}

/// The words for each changed service and code list, and the other files
/// that differ.
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    services: BTreeMap<String, (Vec<ChangeLine>, Vec<String>)>,
    /// Service folders whose `service.toml` differs.
    files_changed: BTreeSet<String>,
    codelists: Vec<CodeListPlan>,
    other_files: Vec<String>,
    /// Titles on the newer side, by service id.
    titles: BTreeMap<String, String>,
}

/// Whether comparing `old` with `new` needs the content of the older
/// side: only when a service file or code list is on both sides with
/// different content.
pub fn needs_content(old: &[SideFile], new: &[SideFile]) -> bool {
    let old: BTreeMap<&str, &str> = old
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    new.iter()
        .any(|f| compared(&f.path) && old.get(f.path.as_str()).is_some_and(|sha| *sha != f.sha256))
}

/// Files whose changes are put into words.
fn compared(path: &str) -> bool {
    path.starts_with("codelists/") || service_of(path).is_some()
}

/// The service folder of a `services/<id>/service.toml` path.
fn service_of(path: &str) -> Option<&str> {
    path.strip_prefix("services/")?
        .strip_suffix("/service.toml")
}

/// Puts the differences between two sets of files into words. Only files
/// whose hashes differ are parsed; the code lists and `ozg.toml` go along
/// on both sides, since services refer to them.
pub fn summarise(old: &[SideFile], new: &[SideFile]) -> Summaries {
    let old_by_path: BTreeMap<&str, &SideFile> = old.iter().map(|f| (f.path.as_str(), f)).collect();
    let new_by_path: BTreeMap<&str, &SideFile> = new.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut summaries = Summaries::default();
    let mut differing = BTreeSet::new();
    for path in old_by_path.keys().chain(new_by_path.keys()) {
        let before = old_by_path.get(path).map(|f| f.sha256.as_str());
        let after = new_by_path.get(path).map(|f| f.sha256.as_str());
        if before != after {
            differing.insert(*path);
        }
    }
    for path in &differing {
        match service_of(path) {
            Some(folder) if old_by_path.contains_key(path) && new_by_path.contains_key(path) => {
                summaries.files_changed.insert(folder.to_owned());
            }
            Some(_) => {}
            None if path.starts_with("codelists/") => {}
            None => summaries.other_files.push((*path).to_owned()),
        }
    }

    // Both sides load the shared files and the service files that differ;
    // a service on one side only needs no words beyond "new" or "removed".
    let wanted = |path: &str| match service_of(path) {
        Some(folder) => summaries.files_changed.contains(folder),
        None => path == "ozg.toml" || path.starts_with("codelists/"),
    };
    let contents = |files: &[SideFile]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|f| wanted(&f.path))
            .filter_map(|f| Some((f.path.clone(), f.bytes.clone()?)))
            .collect()
    };
    let codelists_differ = differing.iter().any(|p| p.starts_with("codelists/"));
    if !summaries.files_changed.is_empty() || codelists_differ {
        let old_repo = load_contents(Path::new(""), contents(old)).repository;
        let new_repo = load_contents(Path::new(""), contents(new)).repository;
        let found = diff::diff_repositories(&old_repo, &new_repo, "platform", "local");
        for service in found.services {
            if service.status != ServiceStatus::Changed {
                continue;
            }
            let lines = service.changes.iter().map(change_line).collect();
            let notes = service
                .notes
                .iter()
                .map(|n| diff::messages::note(*n, service.old_valid_from))
                .collect();
            summaries.services.insert(service.id, (lines, notes));
        }
        summaries.codelists = found
            .codelists
            .into_iter()
            .map(|c| CodeListPlan {
                id: c.id,
                title: c.title,
                status: diff::messages::status(c.status).to_owned(),
                changes: c.changes.iter().map(change_line).collect(),
            })
            .collect();
        for service in &new_repo.services {
            if let Some(title) = &service.meta.title {
                summaries
                    .titles
                    .insert(service.meta.id.value.clone(), title.value.clone());
            }
        }
    }
    summaries
}

/// A change as one line of text, as `ozg diff` shows it.
fn change_line(change: &diff::Change) -> ChangeLine {
    let described = describe(change);
    let detail = match &described.detail {
        Detail::Text(text) => text.clone(),
        Detail::FromTo(from, to) => format!("{from} → {to}"),
        Detail::Words(segments) => words::plain(segments),
    };
    let text = if detail.is_empty() {
        format!("{} {}", described.sign, described.subject)
    } else {
        format!("{} {}: {detail}", described.sign, described.subject)
    };
    let (was, now) = described
        .expressions
        .map_or((None, None), |(was, now)| (Some(was), Some(now)));
    ChangeLine {
        category: change.category.name().to_owned(),
        text,
        breaking: change
            .breaking
            .map(|b| diff::messages::breaking(b).to_owned()),
        was,
        now,
    }
}

/// Where the plan is shown and what it is about.
pub struct PlanContext<'a> {
    pub target: &'a Target,
    pub state: &'a State,
    pub commit: Option<String>,
    /// Titles of the local services, by id.
    pub titles: &'a dyn Fn(&str) -> Option<String>,
}

/// The platform's plan with the words added.
pub fn view(
    plan: &Plan,
    based_on: &str,
    context: &PlanContext<'_>,
    summaries: &Summaries,
    warnings: Vec<LintDiagnostic>,
) -> PlanView {
    let today = context.state.today;
    let platform_title = |id: &str| {
        let service = context.state.services.iter().find(|s| s.id == id)?;
        service
            .active
            .as_ref()
            .or(service.upcoming.last())
            .map(|v| v.title.clone())
    };
    let services = plan
        .services
        .iter()
        .map(|s| {
            let title = (context.titles)(&s.id)
                .or_else(|| summaries.titles.get(&s.id).cloned())
                .or_else(|| platform_title(&s.id));
            let takes_effect = match s.change {
                Change::Added | Change::Changed => s.valid_from.map(|d| d.max(today)),
                Change::Removed => Some(today),
                Change::Unchanged => None,
            };
            let (changes, mut notes) = summaries.services.get(&s.id).cloned().unwrap_or_default();
            if s.change == Change::Changed && changes.is_empty() {
                notes.push(if summaries.files_changed.contains(&s.id) {
                    msg::only_form_changed()
                } else {
                    msg::dependency_changed()
                });
            }
            ServicePlan {
                id: s.id.clone(),
                change: s.change,
                title,
                valid_from: s.valid_from,
                previous_valid_from: s.previous_valid_from,
                takes_effect,
                changes: if s.change == Change::Changed {
                    changes
                } else {
                    Vec::new()
                },
                notes: if s.change == Change::Changed {
                    notes
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    PlanView {
        target: context.target.url.clone(),
        based_on: based_on.to_owned(),
        release: context.state.release,
        today,
        commit: context.commit.clone(),
        added: plan.added,
        changed: plan.changed,
        removed: plan.removed,
        unchanged: plan.unchanged,
        services,
        codelists: summaries.codelists.clone(),
        other_files: summaries.other_files.clone(),
        warnings,
    }
}

/// What the plan file's `format` says.
pub const PLAN_FORMAT: &str = "ozg-publish-plan";
/// The version of the plan file format this build writes and reads.
pub const PLAN_VERSION: u32 = 1;

/// A file of a saved plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedFile {
    pub path: String,
    pub sha256: String,
    /// Whether its content is sent: the platform did not hold the hash
    /// when the plan was made.
    pub upload: bool,
}

/// A saved plan: everything needed to make exactly the release that was
/// planned, and to refuse when anything has moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Always [`PLAN_FORMAT`].
    pub format: String,
    /// [`PLAN_VERSION`].
    pub version: u32,
    pub created_at: Timestamp,
    /// The `ozg` that made it.
    pub ozg_version: String,
    /// The platform: its address and the variable holding the token (never
    /// the token).
    pub target: Target,
    /// The state's `ETag` the plan was made against; sent as `If-Match`.
    pub based_on: String,
    /// The key of the release request: applying the plan twice makes one
    /// release.
    pub idempotency_key: String,
    /// Commit, author and message of the release.
    pub release: ReleaseText,
    #[serde(default)]
    pub remove_services: Vec<String>,
    /// Every file of the bundle, by path and SHA-256.
    pub files: Vec<PlannedFile>,
    /// The platform already served exactly these files when the plan was
    /// made: applying the plan sends nothing.
    #[serde(default)]
    pub nothing_to_publish: bool,
    /// What the platform said the release will change, in words.
    pub plan: PlanView,
}

/// Why a plan file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("{}", msg::plan_unreadable(.path, .source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", msg::plan_not_a_plan(.path, .message))]
    Invalid { path: PathBuf, message: String },
    #[error("{}", msg::plan_version(.path, *.version))]
    Version { path: PathBuf, version: u32 },
    #[error("{}", msg::plan_not_written(.path, .source))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl PlanFile {
    /// The manifest of the planned bundle.
    pub fn manifest(&self) -> Vec<ManifestEntry> {
        self.files
            .iter()
            .map(|f| ManifestEntry {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
            })
            .collect()
    }

    pub fn load(path: &Path) -> Result<PlanFile, PlanFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| PlanFileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // The format and version are looked at first, so that a plan of a
        // later ozg is named as such rather than as broken.
        let head: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| PlanFileError::Invalid {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        if head.get("format").and_then(|f| f.as_str()) != Some(PLAN_FORMAT) {
            return Err(PlanFileError::Invalid {
                path: path.to_path_buf(),
                message: msg::plan_format_missing(),
            });
        }
        let version = head
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0);
        if version != PLAN_VERSION {
            return Err(PlanFileError::Version {
                path: path.to_path_buf(),
                version,
            });
        }
        serde_json::from_value(head).map_err(|e| PlanFileError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Writes the plan, replacing the file only once it is complete.
    pub fn save(&self, path: &Path) -> Result<(), PlanFileError> {
        let write = |source| PlanFileError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| write(std::io::Error::other(e.to_string())))?;
        text.push('\n');
        let partial = path.with_extension("partial");
        std::fs::write(&partial, text).map_err(write)?;
        std::fs::rename(&partial, path).map_err(write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::release::sha256;

    const SERVICE: &str = r#"[service]
id = "permit"
title = "Bewohnerparkausweis"
authority = "Stadt"
valid_from = VALID

[[fee]]
id = "annual_fee"
label = "Jahresgebühr"
amount = "AMOUNT"
"#;

    fn side(files: &[(&str, String)]) -> Vec<SideFile> {
        files
            .iter()
            .map(|(path, text)| SideFile {
                path: (*path).to_owned(),
                sha256: sha256(text.as_bytes()),
                bytes: Some(text.clone().into_bytes()),
            })
            .collect()
    }

    fn permit(valid: &str, amount: &str) -> String {
        SERVICE.replace("VALID", valid).replace("AMOUNT", amount)
    }

    #[test]
    fn a_changed_fee_is_put_into_words() {
        let old = side(&[(
            "services/permit/service.toml",
            permit("2023-06-13", "30.00"),
        )]);
        let new = side(&[(
            "services/permit/service.toml",
            permit("2023-12-01", "200.00"),
        )]);
        let summaries = summarise(&old, &new);
        let (lines, _) = &summaries.services["permit"];
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("30,00 € → 200,00 €")),
            "{texts:?}"
        );
    }

    #[test]
    fn unchanged_files_are_not_compared() {
        let text = permit("2023-06-13", "30.00");
        let old = side(&[("services/permit/service.toml", text.clone())]);
        let new = side(&[("services/permit/service.toml", text)]);
        assert!(!needs_content(&old, &new));
        assert!(summarise(&old, &new).services.is_empty());
    }

    #[test]
    fn content_is_needed_only_for_files_on_both_sides() {
        let old = side(&[("services/a/service.toml", permit("2023-06-13", "30.00"))]);
        let new = side(&[
            ("services/a/service.toml", permit("2023-06-13", "30.00")),
            ("services/b/service.toml", permit("2023-06-13", "30.00")),
            ("ozg.toml", "[project]\n".to_owned()),
        ]);
        assert!(!needs_content(&old, &new));
    }

    #[test]
    fn other_changed_files_are_listed() {
        let old = side(&[("ozg.toml", "[project]\n".to_owned())]);
        let new = side(&[
            ("ozg.toml", "[project]\nname = \"x\"\n".to_owned()),
            (
                "services/permit/scenarios/a.toml",
                "[scenario]\n".to_owned(),
            ),
        ]);
        assert_eq!(
            summarise(&old, &new).other_files,
            ["ozg.toml", "services/permit/scenarios/a.toml"]
        );
    }
}
