//! What git says about the model repository: the commit a bundle is built
//! from, and whether the files differ from it.
//!
//! Git is read through `gix`, without a `git` program. The working tree
//! is compared with `HEAD` file by file: each model file on disk gets the
//! blob id git would give it, and a file whose id differs from the one in
//! `HEAD`, a file `HEAD` lacks (untracked or only staged) and a file
//! missing on disk all make the tree "dirty" for publishing. Files
//! outside the model layout (a README, the CI configuration) do not
//! count: they are not published.
//!
//! Git's content filters are not applied: with `core.autocrlf` or
//! `.gitattributes` conversions, a file checked out with other line
//! endings than it was committed with counts as changed. See
//! docs/limits.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gix::ObjectId;

use crate::publish::bundle::Bundle;
use crate::publish::messages as msg;

/// The commit `HEAD` points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hex id.
    pub id: String,
    pub author: String,
    /// The first line of the message.
    pub summary: String,
}

/// How a model file differs from `HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Modified,
    /// On disk, but not in `HEAD`.
    Untracked,
    /// In `HEAD`, but not on disk.
    Deleted,
}

/// A model file that differs from `HEAD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub state: FileState,
}

/// Where the model repository stands in git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitStatus {
    /// Not inside a git repository: no commit to record.
    Outside,
    Inside {
        /// `None` before the first commit.
        commit: Option<Commit>,
        /// Model files that differ from `HEAD`, by path.
        differences: Vec<Difference>,
    },
}

impl GitStatus {
    pub fn commit(&self) -> Option<&Commit> {
        match self {
            GitStatus::Inside { commit, .. } => commit.as_ref(),
            GitStatus::Outside => None,
        }
    }

    /// Whether the files are exactly those of a commit.
    pub fn is_clean(&self) -> bool {
        matches!(self, GitStatus::Inside { commit: Some(_), differences } if differences.is_empty())
    }

    /// What to record as the release's commit: the id, marked `-dirty`
    /// when the files differ from it, so that the history does not claim
    /// a commit holds what was published when it does not.
    pub fn recorded_commit(&self) -> Option<String> {
        let commit = self.commit()?;
        Some(if self.is_clean() {
            commit.id.clone()
        } else {
            format!("{}-dirty", commit.id)
        })
    }
}

/// Why git could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{}", msg::git_unreadable(.what, .message))]
    Unreadable { what: String, message: String },
}

fn unreadable(what: &str, error: &dyn std::fmt::Display) -> GitError {
    GitError::Unreadable {
        what: what.to_owned(),
        message: error.to_string(),
    }
}

/// The git repository around a model repository.
struct Location {
    repo: gix::Repository,
    /// The model root relative to the working tree, with `/`; empty when
    /// they are the same.
    prefix: String,
}

impl Location {
    /// `None` when `root` is not inside a git working tree.
    fn discover(root: &Path) -> Result<Option<Location>, GitError> {
        let Ok(repo) = gix::discover(root) else {
            return Ok(None);
        };
        let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
            return Ok(None);
        };
        let absolute = |p: &Path| -> Result<PathBuf, GitError> {
            std::fs::canonicalize(p).map_err(|e| unreadable(&p.display().to_string(), &e))
        };
        let root_abs = absolute(root)?;
        let workdir_abs = absolute(&workdir)?;
        let Ok(inner) = root_abs.strip_prefix(&workdir_abs) else {
            return Ok(None);
        };
        let prefix = inner
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Some(Location { repo, prefix }))
    }

    /// The commit at `HEAD` and its tree, `None` before the first commit.
    fn head(&self) -> Result<Option<(Commit, ObjectId)>, GitError> {
        let mut head = self.repo.head().map_err(|e| unreadable("HEAD", &e))?;
        if head.is_unborn() {
            return Ok(None);
        }
        let commit = head.peel_to_commit().map_err(|e| unreadable("HEAD", &e))?;
        let author = commit
            .author()
            .map(|a| a.name.to_string().trim().to_owned())
            .unwrap_or_default();
        let summary = commit
            .message()
            .map(|m| m.summary().to_string())
            .unwrap_or_default();
        let tree = commit.tree_id().map_err(|e| unreadable("HEAD", &e))?;
        Ok(Some((
            Commit {
                id: commit.id.to_string(),
                author,
                summary,
            },
            tree.detach(),
        )))
    }

    /// The model files in a commit's tree, by path relative to the model
    /// root, with their blob ids; found as the loader finds them on disk.
    fn model_files(&self, tree: ObjectId) -> Result<BTreeMap<String, ObjectId>, GitError> {
        let mut out = BTreeMap::new();
        let root = if self.prefix.is_empty() {
            Some(tree)
        } else {
            let tree = self
                .repo
                .find_tree(tree)
                .map_err(|e| unreadable("HEAD", &e))?;
            tree.lookup_entry_by_path(&self.prefix)
                .map_err(|e| unreadable(&self.prefix, &e))?
                .filter(|e| e.mode().is_tree())
                .map(|e| e.object_id())
        };
        // A commit from before the model repository existed has no files.
        let Some(root) = root else {
            return Ok(out);
        };
        for (name, is_tree, id) in self.entries(root)? {
            match (name.as_str(), is_tree) {
                ("ozg.toml", false) => {
                    out.insert(name, id);
                }
                ("codelists", true) => {
                    for (file, is_tree, id) in self.entries(id)? {
                        if !is_tree && is_toml(&file) {
                            out.insert(format!("codelists/{file}"), id);
                        }
                    }
                }
                ("services", true) => {
                    for (folder, is_tree, id) in self.entries(id)? {
                        if is_tree {
                            self.service_files(&folder, id, &mut out)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn service_files(
        &self,
        folder: &str,
        tree: ObjectId,
        out: &mut BTreeMap<String, ObjectId>,
    ) -> Result<(), GitError> {
        for (name, is_tree, id) in self.entries(tree)? {
            match (name.as_str(), is_tree) {
                ("service.toml", false) => {
                    out.insert(format!("services/{folder}/service.toml"), id);
                }
                ("scenarios", true) => {
                    for (file, is_tree, id) in self.entries(id)? {
                        if !is_tree && is_toml(&file) {
                            out.insert(format!("services/{folder}/scenarios/{file}"), id);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The visible entries of a tree: name, whether it is a tree, id.
    /// Links and submodules are not model files and are left out.
    fn entries(&self, id: ObjectId) -> Result<Vec<(String, bool, ObjectId)>, GitError> {
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|e| unreadable("a folder", &e))?;
        let decoded = tree.decode().map_err(|e| unreadable("a folder", &e))?;
        Ok(decoded
            .entries
            .iter()
            .filter(|e| e.mode.is_tree() || e.mode.is_blob())
            .map(|e| (e.filename.to_string(), e.mode.is_tree(), e.oid.to_owned()))
            .filter(|(name, _, _)| !name.starts_with('.'))
            .collect())
    }
}

fn is_toml(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "toml")
}

/// The id git gives a file with this content.
fn blob_id(bytes: &[u8]) -> Result<ObjectId, GitError> {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
        .map_err(|e| unreadable("a file's content id", &e))
}

/// Compares the bundle read from disk with `HEAD`.
pub fn inspect(bundle: &Bundle) -> Result<GitStatus, GitError> {
    let Some(location) = Location::discover(&bundle.root)? else {
        return Ok(GitStatus::Outside);
    };
    let (commit, committed) = match location.head()? {
        Some((commit, tree)) => (Some(commit), location.model_files(tree)?),
        None => (None, BTreeMap::new()),
    };
    let mut differences = Vec::new();
    for file in &bundle.files {
        let state = match committed.get(&file.path) {
            None => Some(FileState::Untracked),
            Some(id) if *id != blob_id(&file.bytes)? => Some(FileState::Modified),
            Some(_) => None,
        };
        if let Some(state) = state {
            differences.push(Difference {
                path: file.path.clone(),
                state,
            });
        }
    }
    for path in committed.keys() {
        if bundle.file(path).is_none() {
            differences.push(Difference {
                path: path.clone(),
                state: FileState::Deleted,
            });
        }
    }
    differences.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(GitStatus::Inside {
        commit,
        differences,
    })
}

/// Model files by path, with their content.
pub type Files = Vec<(String, Vec<u8>)>;

/// The model files at `HEAD`, with their content: `None` outside git or
/// before the first commit.
pub fn head_files(root: &Path) -> Result<Option<(Commit, Files)>, GitError> {
    let Some(location) = Location::discover(root)? else {
        return Ok(None);
    };
    let Some((commit, tree)) = location.head()? else {
        return Ok(None);
    };
    let mut files = Vec::new();
    for (path, id) in location.model_files(tree)? {
        let blob = location
            .repo
            .find_blob(id)
            .map_err(|e| unreadable(&path, &e))?;
        files.push((path, blob.data.clone()));
    }
    Ok(Some((commit, files)))
}
