//! Publishing model repositories to a platform, the way infrastructure
//! teams know it from Terraform: first a plan of what will change on the
//! platform, then exactly that plan applied, with exit codes a pipeline
//! can use. The library side of `ozg publish`, `ozg releases`, `ozg
//! rollback` and `ozg status`.
//!
//! - [`target`]: which platform, and the variable holding its token;
//! - [`bundle`]: the model files as they are sent, by path and SHA-256;
//! - [`git`]: the commit a bundle is built from, and whether the files
//!   differ from it;
//! - [`checks`]: lint and scenarios, which must pass before a publish;
//! - [`client`] and [`retry`]: the HTTP API, with transient failures tried
//!   again under one idempotency key;
//! - [`plan`]: the platform's plan with the changes in words, and plan
//!   files;
//! - [`status`]: the platform against the local repository;
//! - [`output`]: how all of it is shown.
//!
//! The platform makes the plan ([`Publication::plan`] asks it for a dry
//! run), so what is shown is what the platform will do. Every write names
//! the state it was planned against (`If-Match`): if anything was
//! released in between, the platform refuses and nothing happens.

pub mod bundle;
pub mod checks;
pub mod client;
pub mod git;
pub mod messages;
pub mod output;
pub mod plan;
pub mod retry;
pub mod status;
pub mod target;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::platform::api::{ReleaseDetail, ReleaseOutcome, ReleaseRequest, State, code};
use crate::publish::bundle::{Bundle, BundleError, LocalFile};
use crate::publish::client::{Client, ClientError, IdempotencyKey, Progress, Written};
use crate::publish::plan::{SideFile, Summaries};

pub use crate::publish::client::ClientOptions;
pub use crate::publish::target::{Target, TargetError, Token};

/// Why a publish, rollback or status could not be carried out. Refusals
/// by lint or scenarios are not errors: they are findings, in
/// [`checks::Checks`].
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Git(#[from] git::GitError),
    #[error(transparent)]
    PlanFile(#[from] plan::PlanFileError),
    #[error("{}", .0)]
    Lint(String),
    #[error("{}", messages::dirty(.0))]
    Dirty(Vec<git::Difference>),
    #[error("{}", messages::not_in_git())]
    NotInGit,
    #[error("{}", messages::no_commit())]
    NoCommit,
    #[error("{}", messages::left_out(.0))]
    LeftOut(Vec<String>),
    #[error("{}", messages::remove_unknown(.0))]
    RemoveUnknown(String),
    #[error("{}", messages::remove_bundled(.0))]
    RemoveBundled(String),
    #[error("{}", messages::plan_mismatch(.0))]
    PlanMismatch(Vec<String>),
    #[error("{}", messages::plan_other_commit(.planned.as_deref(), .now.as_deref()))]
    PlanOtherCommit {
        planned: Option<String>,
        now: Option<String>,
    },
    #[error("{}", messages::plan_other_target(.planned, .given))]
    PlanOtherTarget { planned: String, given: String },
    #[error("{}", messages::plan_key_invalid())]
    PlanKey,
    #[error("{}", messages::unknown_release(*.0))]
    UnknownRelease(u64),
}

impl PublishError {
    /// The platform's answer when it refused the release with findings:
    /// lint errors to show like `ozg lint` shows them.
    pub fn platform_error(&self) -> Option<&crate::platform::api::ErrorBody> {
        match self {
            PublishError::Client(ClientError::Rejected { body, .. }) => Some(body.as_ref()),
            _ => None,
        }
    }
}

/// Refuses a bundle that is not exactly a commit, unless allowed.
pub fn check_committed(status: &git::GitStatus) -> Result<(), PublishError> {
    match status {
        git::GitStatus::Outside => Err(PublishError::NotInGit),
        git::GitStatus::Inside { commit: None, .. } => Err(PublishError::NoCommit),
        git::GitStatus::Inside { differences, .. } if !differences.is_empty() => {
            Err(PublishError::Dirty(differences.clone()))
        }
        git::GitStatus::Inside { .. } => Ok(()),
    }
}

/// A publish in progress: the platform's state and latest release, read
/// once at the start, against which everything is planned.
pub struct Publication<'c> {
    client: &'c Client,
    pub state: State,
    /// The latest release's files (without content), `None` on an empty
    /// platform.
    pub latest: Option<ReleaseDetail>,
    /// Hashes the platform holds: those of the latest release's files.
    known: HashSet<String>,
}

impl<'c> Publication<'c> {
    /// Reads the state and the latest release.
    pub fn begin(client: &'c Client) -> Result<Publication<'c>, PublishError> {
        let state = client.state()?;
        let latest = match state.release {
            Some(id) => Some(client.release(id, false)?),
            None => None,
        };
        let known = latest
            .as_ref()
            .map(|r| bundle::hashes(&r.files))
            .unwrap_or_default();
        Ok(Publication {
            client,
            state,
            latest,
            known,
        })
    }

    /// Whether the platform's latest release holds exactly these files, so
    /// that there is nothing to publish.
    pub fn serves(&self, bundle: &Bundle) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|r| bundle.same_files_as(&r.files))
    }

    /// Checks the services to remove against the state and the bundle, and
    /// that no served service is left out without being removed.
    pub fn check_removals(&self, bundle: &Bundle, remove: &[String]) -> Result<(), PublishError> {
        let local: BTreeSet<&str> = bundle
            .service_paths()
            .filter_map(|p| p.strip_prefix("services/")?.strip_suffix("/service.toml"))
            .collect();
        for id in remove {
            if local.contains(id.as_str()) {
                return Err(PublishError::RemoveBundled(id.clone()));
            }
            if !self.state.services.iter().any(|s| &s.id == id) {
                return Err(PublishError::RemoveUnknown(id.clone()));
            }
        }
        let left_out: Vec<String> = self
            .state
            .services
            .iter()
            .filter(|s| !local.contains(s.id.as_str()) && !remove.contains(&s.id))
            .map(|s| s.id.clone())
            .collect();
        if left_out.is_empty() {
            Ok(())
        } else {
            Err(PublishError::LeftOut(left_out))
        }
    }

    /// The changes in words, against the latest release. Fetches the
    /// latest release's content only when a service file or code list on
    /// both sides differs.
    pub fn summaries(&self, bundle: &Bundle) -> Result<Summaries, PublishError> {
        let new = SideFile::from_bundle(bundle);
        let Some(latest) = &self.latest else {
            return Ok(plan::summarise(&[], &new));
        };
        let mut old = SideFile::from_release(&latest.files);
        if plan::needs_content(&old, &new) {
            let detail = self.client.release(latest.release.id, true)?;
            old = SideFile::from_release(&detail.files);
        }
        Ok(plan::summarise(&old, &new))
    }

    /// Whether a file's content goes along: the platform does not hold
    /// its hash.
    pub fn uploads(&self, file: &LocalFile) -> bool {
        !self.known.contains(&file.sha256)
    }

    /// The release request, with content only for what the platform lacks.
    pub fn request(
        &self,
        bundle: &Bundle,
        text: &bundle::ReleaseText,
        remove: &[String],
    ) -> Result<ReleaseRequest, PublishError> {
        Ok(bundle.request(&|f| self.uploads(f), text, remove)?)
    }

    /// Asks the platform for its plan of the release (a dry run against
    /// the state read at the start).
    pub fn plan(
        &self,
        bundle: &Bundle,
        request: &ReleaseRequest,
        progress: &Arc<dyn Progress>,
    ) -> Result<ReleaseOutcome, PublishError> {
        let mut request = request.clone();
        loop {
            match self
                .client
                .plan_release(&request, Some(&self.state.etag), progress)
            {
                Err(error) if missing_content(&error, &request) => {
                    add_content(&mut request, bundle, &error)?;
                }
                other => return Ok(other?),
            }
        }
    }

    /// Makes the release against the state `if_match`.
    pub fn apply(
        &self,
        bundle: &Bundle,
        request: &ReleaseRequest,
        if_match: &str,
        key: &IdempotencyKey,
        progress: &Arc<dyn Progress>,
    ) -> Result<Written, PublishError> {
        apply(self.client, bundle, request, if_match, key, progress)
    }
}

/// Sends a release; when the platform lacks content it was expected to
/// hold, sends the files it names again with content, under the same key
/// (the platform keeps no answer to a refused request, so the key is
/// still free).
pub fn apply(
    client: &Client,
    bundle: &Bundle,
    request: &ReleaseRequest,
    if_match: &str,
    key: &IdempotencyKey,
    progress: &Arc<dyn Progress>,
) -> Result<Written, PublishError> {
    let mut request = request.clone();
    loop {
        match client.publish(&request, if_match, key, progress) {
            Err(error) if missing_content(&error, &request) => {
                add_content(&mut request, bundle, &error)?;
            }
            other => return Ok(other?),
        }
    }
}

/// Whether the platform refused because it lacks content that the
/// request can still send (so that asking again makes progress).
fn missing_content(error: &ClientError, request: &ReleaseRequest) -> bool {
    match error {
        ClientError::Rejected { body, .. } if body.code == code::UNKNOWN_CONTENT => {
            body.missing_content.iter().any(|path| {
                request
                    .files
                    .iter()
                    .any(|f| &f.path == path && f.content.is_none())
            })
        }
        _ => false,
    }
}

fn add_content(
    request: &mut ReleaseRequest,
    bundle: &Bundle,
    error: &ClientError,
) -> Result<(), PublishError> {
    let ClientError::Rejected { body, .. } = error else {
        return Ok(());
    };
    for file in &mut request.files {
        if file.content.is_none() && body.missing_content.contains(&file.path) {
            let local = bundle
                .file(&file.path)
                .ok_or_else(|| PublishError::PlanMismatch(vec![file.path.clone()]))?;
            file.content =
                Some(
                    String::from_utf8(local.bytes.clone()).map_err(|_| BundleError::NotText {
                        path: file.path.clone(),
                    })?,
                );
        }
    }
    Ok(())
}
