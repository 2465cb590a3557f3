//! One version of a model repository: a git revision, the working tree,
//! or a folder. A snapshot lists its files with their content ids without
//! reading them, so that two snapshots can be compared file by file and
//! only the files that differ are read and parsed.
//!
//! Git revisions are read through `gix`. Content ids are git blob ids; a
//! file on disk gets the id git would give it, so that a revision and the
//! working tree compare by the same key. Two revisions compare each
//! service's folder by its tree id first, which settles an unchanged
//! service without even listing its folder.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use gix::ObjectId;

use crate::model::load::{Loaded, find_root, load_contents};

/// Which version of the repository to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A git revision: a commit, branch, tag, `HEAD~2`, ...
    Revision(String),
    /// The files on disk, as they are now.
    WorkingTree,
    /// A folder holding a model repository, outside git.
    Directory(PathBuf),
}

/// Why a version of the repository could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path} is not inside a git repository")]
    NotInGit { path: PathBuf },
    #[error("the git repository at {path} has no working tree")]
    Bare { path: PathBuf },
    #[error("the revision {revision:?} is not known to git: {message}")]
    UnknownRevision { revision: String, message: String },
    #[error("cannot read {what} from git: {message}")]
    Git { what: String, message: String },
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} lies outside the model repository at {root}")]
    Outside { path: PathBuf, root: PathBuf },
}

/// Where a file's content is.
#[derive(Debug, Clone)]
enum FileRef {
    Blob(ObjectId),
    Disk(PathBuf),
}

/// Where a service's folder is.
#[derive(Debug, Clone)]
enum Folder {
    Tree(ObjectId),
    Disk(PathBuf),
}

/// One version of a model repository, listed but not yet read.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// How the version is named in reports: the revision as given,
    /// `working tree`, or the folder.
    pub label: String,
    /// The prefix of file paths shown for this version.
    display_root: PathBuf,
    repo: Option<gix::Repository>,
    /// `ozg.toml` and `codelists/*.toml`, by path relative to the root.
    files: BTreeMap<String, FileRef>,
    /// Service folders by name.
    services: BTreeMap<String, Folder>,
}

const SERVICE_FILE: &str = "service.toml";
const SCENARIOS: &str = "scenarios";

impl Snapshot {
    /// A folder on disk.
    pub fn directory(root: &Path) -> Result<Snapshot, SnapshotError> {
        if !root.is_dir() {
            return Err(SnapshotError::NotFound {
                path: root.to_path_buf(),
            });
        }
        let mut snapshot = Snapshot {
            label: root.display().to_string(),
            display_root: root.to_path_buf(),
            repo: None,
            files: BTreeMap::new(),
            services: BTreeMap::new(),
        };
        if root.join("ozg.toml").is_file() {
            snapshot
                .files
                .insert("ozg.toml".to_owned(), FileRef::Disk(root.join("ozg.toml")));
        }
        for (name, path) in entries(&root.join("codelists"))? {
            if path.is_file() && is_toml(&name) {
                snapshot
                    .files
                    .insert(format!("codelists/{name}"), FileRef::Disk(path));
            }
        }
        for (name, path) in entries(&root.join("services"))? {
            if path.join(SERVICE_FILE).is_file() {
                snapshot.services.insert(name, Folder::Disk(path));
            }
        }
        Ok(snapshot)
    }

    /// The number of services in this version.
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// Reads and loads the files at the given relative paths.
    pub(crate) fn load(&self, paths: &[String]) -> Result<Loaded, SnapshotError> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            if let Some(bytes) = self.read(path)? {
                files.push((path.clone(), bytes));
            }
        }
        Ok(load_contents(&self.display_root, files))
    }

    /// The content of a file, `None` when this version does not have it.
    fn read(&self, relative: &str) -> Result<Option<Vec<u8>>, SnapshotError> {
        let Some(file) = self.file_ref(relative)? else {
            return Ok(None);
        };
        self.read_ref(relative, file).map(Some)
    }

    fn read_ref(&self, relative: &str, file: FileRef) -> Result<Vec<u8>, SnapshotError> {
        match file {
            FileRef::Disk(path) => {
                std::fs::read(&path).map_err(|source| SnapshotError::Io { path, source })
            }
            FileRef::Blob(id) => {
                let repo = self.git()?;
                let blob = repo.find_blob(id).map_err(|e| git(relative, &e))?;
                Ok(blob.data.clone())
            }
        }
    }

    /// Loads one service with everything it needs to run: `ozg.toml`, the
    /// shared code lists, its `service.toml` and its scenarios. Returns the
    /// loaded files and the content id of each scenario file (by path
    /// relative to the root), so that two versions of a scenario can be
    /// told apart without comparing their text.
    pub(crate) fn load_service(
        &self,
        folder: &str,
    ) -> Result<(Loaded, BTreeMap<String, ObjectId>), SnapshotError> {
        let mut files = Vec::new();
        for (relative, file) in &self.files {
            files.push((relative.clone(), self.read_ref(relative, file.clone())?));
        }
        let service_file = format!("services/{folder}/{SERVICE_FILE}");
        if let Some(bytes) = self.read(&service_file)? {
            files.push((service_file, bytes));
        }
        let mut ids = BTreeMap::new();
        for (relative, file) in self.scenario_files(folder)? {
            let bytes = self.read_ref(&relative, file)?;
            ids.insert(relative.clone(), blob_id(&bytes)?);
            files.push((relative, bytes));
        }
        Ok((load_contents(&self.display_root, files), ids))
    }

    /// The scenario files of a service folder, by path relative to the
    /// root, in order of their names.
    fn scenario_files(&self, folder: &str) -> Result<Vec<(String, FileRef)>, SnapshotError> {
        let relative = |name: &str| format!("services/{folder}/{SCENARIOS}/{name}");
        match self.services.get(folder) {
            None => Ok(Vec::new()),
            Some(Folder::Disk(dir)) => Ok(entries(&dir.join(SCENARIOS))?
                .into_iter()
                .filter(|(name, path)| path.is_file() && is_toml(name))
                .map(|(name, path)| (relative(&name), FileRef::Disk(path)))
                .collect()),
            Some(Folder::Tree(tree)) => {
                let repo = self.git()?;
                let what = format!("services/{folder}/{SCENARIOS}");
                let tree = repo.find_tree(*tree).map_err(|e| git(&what, &e))?;
                let Some(entry) = tree.find_entry(SCENARIOS).filter(|e| e.mode().is_tree()) else {
                    return Ok(Vec::new());
                };
                let scenarios = repo
                    .find_tree(entry.object_id())
                    .map_err(|e| git(&what, &e))?;
                let decoded = scenarios.decode().map_err(|e| git(&what, &e))?;
                let mut out: Vec<(String, FileRef)> = decoded
                    .entries
                    .iter()
                    .filter(|e| e.mode.is_blob())
                    .map(|e| (e.filename.to_string(), e.oid.to_owned()))
                    .filter(|(name, _)| is_toml(name) && !name.starts_with('.'))
                    .map(|(name, id)| (relative(&name), FileRef::Blob(id)))
                    .collect();
                out.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(out)
            }
        }
    }

    fn file_ref(&self, relative: &str) -> Result<Option<FileRef>, SnapshotError> {
        if let Some(file) = self.files.get(relative) {
            return Ok(Some(file.clone()));
        }
        let Some(folder) = relative
            .strip_prefix("services/")
            .and_then(|rest| rest.strip_suffix("/service.toml"))
        else {
            return Ok(None);
        };
        match self.services.get(folder) {
            None => Ok(None),
            Some(Folder::Disk(dir)) => Ok(Some(FileRef::Disk(dir.join(SERVICE_FILE)))),
            Some(Folder::Tree(tree)) => {
                let repo = self.git()?;
                let tree = repo.find_tree(*tree).map_err(|e| git(relative, &e))?;
                let entry = tree.find_entry(SERVICE_FILE);
                Ok(entry
                    .filter(|e| e.mode().is_blob())
                    .map(|e| FileRef::Blob(e.object_id())))
            }
        }
    }

    /// The content id of a service's file: its git blob id.
    fn service_file_id(&self, folder: &str) -> Result<Option<ObjectId>, SnapshotError> {
        let relative = format!("services/{folder}/{SERVICE_FILE}");
        match self.file_ref(&relative)? {
            None => Ok(None),
            Some(FileRef::Blob(id)) => Ok(Some(id)),
            Some(FileRef::Disk(path)) => {
                let bytes = std::fs::read(&path).map_err(|source| SnapshotError::Io {
                    path: path.clone(),
                    source,
                })?;
                blob_id(&bytes).map(Some)
            }
        }
    }

    fn git(&self) -> Result<&gix::Repository, SnapshotError> {
        self.repo.as_ref().ok_or_else(|| SnapshotError::Git {
            what: self.label.clone(),
            message: "no git repository".to_owned(),
        })
    }
}

fn is_toml(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The id git gives a file with this content.
fn blob_id(bytes: &[u8]) -> Result<ObjectId, SnapshotError> {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes).map_err(|e| {
        SnapshotError::Git {
            what: "a file's content id".to_owned(),
            message: e.to_string(),
        }
    })
}

fn git(what: &str, error: &dyn std::fmt::Display) -> SnapshotError {
    SnapshotError::Git {
        what: what.to_owned(),
        message: error.to_string(),
    }
}

/// The entries of a folder, sorted by name, without hidden ones. A missing
/// folder has none.
fn entries(dir: &Path) -> Result<Vec<(String, PathBuf)>, SnapshotError> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(SnapshotError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut out = Vec::new();
    for entry in read {
        let entry = entry.map_err(|source| SnapshotError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.push((name, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// A model repository inside a git repository.
#[derive(Debug, Clone)]
pub struct Location {
    repo: gix::Repository,
    /// The model repository root on disk.
    model_root: PathBuf,
    /// The model root relative to the git working tree, with `/`; empty
    /// when they are the same.
    prefix: String,
}

impl Location {
    /// Finds the git repository holding `start`, and the model repository:
    /// the folder with `ozg.toml` at or above `start`, or `start` itself.
    pub fn discover(start: &Path) -> Result<Location, SnapshotError> {
        if !start.exists() {
            return Err(SnapshotError::NotFound {
                path: start.to_path_buf(),
            });
        }
        let repo = gix::discover(start).map_err(|_| SnapshotError::NotInGit {
            path: start.to_path_buf(),
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| SnapshotError::Bare {
                path: repo.git_dir().to_path_buf(),
            })?
            .to_path_buf();
        let model_root = find_root(start).unwrap_or_else(|| start.to_path_buf());
        let absolute = |p: &Path| {
            std::fs::canonicalize(p).map_err(|source| SnapshotError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let workdir_abs = absolute(&workdir)?;
        let root_abs = absolute(&model_root)?;
        let prefix = root_abs
            .strip_prefix(&workdir_abs)
            .map_err(|_| SnapshotError::Outside {
                path: root_abs.clone(),
                root: workdir_abs.clone(),
            })?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Location {
            repo,
            model_root,
            prefix,
        })
    }

    /// The model repository root on disk.
    pub fn model_root(&self) -> &Path {
        &self.model_root
    }

    /// A version of the model repository.
    pub fn snapshot(&self, side: &Side) -> Result<Snapshot, SnapshotError> {
        match side {
            Side::WorkingTree => {
                let mut snapshot = Snapshot::directory(&self.model_root)?;
                "working tree".clone_into(&mut snapshot.label);
                Ok(snapshot)
            }
            Side::Directory(dir) => Snapshot::directory(dir),
            Side::Revision(revision) => self.revision(revision),
        }
    }

    fn revision(&self, revision: &str) -> Result<Snapshot, SnapshotError> {
        let unknown = |message: String| SnapshotError::UnknownRevision {
            revision: revision.to_owned(),
            message,
        };
        let id = self
            .repo
            .rev_parse_single(revision)
            .map_err(|e| unknown(e.to_string()))?;
        let object = id.object().map_err(|e| unknown(e.to_string()))?;
        let tree = object.peel_to_tree().map_err(|e| unknown(e.to_string()))?;
        let display_root = if self.prefix.is_empty() {
            PathBuf::from(format!("{revision}:"))
        } else {
            PathBuf::from(format!("{revision}:{}", self.prefix))
        };
        let mut snapshot = Snapshot {
            label: revision.to_owned(),
            display_root,
            repo: Some(self.repo.clone()),
            files: BTreeMap::new(),
            services: BTreeMap::new(),
        };
        let root_tree = if self.prefix.is_empty() {
            Some(tree.id)
        } else {
            tree.lookup_entry_by_path(&self.prefix)
                .map_err(|e| git(&self.prefix, &e))?
                .filter(|e| e.mode().is_tree())
                .map(|e| e.object_id())
        };
        // A revision from before the model repository existed has no files.
        let Some(root_tree) = root_tree else {
            return Ok(snapshot);
        };
        for (name, kind, id) in self.tree_entries(root_tree)? {
            match (name.as_str(), kind) {
                ("ozg.toml", EntryKind::Blob) => {
                    snapshot.files.insert(name, FileRef::Blob(id));
                }
                ("codelists", EntryKind::Tree) => {
                    for (file, kind, id) in self.tree_entries(id)? {
                        if kind == EntryKind::Blob && is_toml(&file) && !file.starts_with('.') {
                            snapshot
                                .files
                                .insert(format!("codelists/{file}"), FileRef::Blob(id));
                        }
                    }
                }
                ("services", EntryKind::Tree) => {
                    for (folder, kind, id) in self.tree_entries(id)? {
                        if kind == EntryKind::Tree && !folder.starts_with('.') {
                            snapshot.services.insert(folder, Folder::Tree(id));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(snapshot)
    }

    fn tree_entries(
        &self,
        id: ObjectId,
    ) -> Result<Vec<(String, EntryKind, ObjectId)>, SnapshotError> {
        let tree = self.repo.find_tree(id).map_err(|e| git("a folder", &e))?;
        let decoded = tree.decode().map_err(|e| git("a folder", &e))?;
        Ok(decoded
            .entries
            .iter()
            .filter_map(|entry| {
                let kind = if entry.mode.is_tree() {
                    EntryKind::Tree
                } else if entry.mode.is_blob() {
                    EntryKind::Blob
                } else {
                    return None;
                };
                Some((entry.filename.to_string(), kind, entry.oid.to_owned()))
            })
            .collect())
    }

    /// Paths given on the command line, relative to `start` or absolute,
    /// as paths relative to the model repository root.
    pub fn relative_paths(
        &self,
        start: &Path,
        paths: &[PathBuf],
    ) -> Result<Vec<String>, SnapshotError> {
        let root = normalize(&absolute(&self.model_root));
        paths
            .iter()
            .map(|path| {
                let full = normalize(&absolute(&start.join(path)));
                full.strip_prefix(&root)
                    .map(|rel| {
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .map_err(|_| SnapshotError::Outside {
                        path: path.clone(),
                        root: self.model_root.clone(),
                    })
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Blob,
    Tree,
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Which files of two snapshots to read.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub old_files: Vec<String>,
    pub new_files: Vec<String>,
    /// Services in either version (within the selected paths).
    pub services: usize,
    /// Services whose file is identical in both: not read, not parsed.
    pub unchanged: usize,
}

/// Works out which files differ. `ozg.toml` and the code lists are always
/// read (they are few, and services refer to the code lists); a service
/// is read only when its file differs.
pub(crate) fn plan(
    old: &Snapshot,
    new: &Snapshot,
    paths: &[String],
) -> Result<Plan, SnapshotError> {
    let mut plan = Plan::default();
    for file in old.files.keys() {
        plan.old_files.push(file.clone());
    }
    for file in new.files.keys() {
        plan.new_files.push(file.clone());
    }
    let mut folders: Vec<&String> = old.services.keys().chain(new.services.keys()).collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        let file = format!("services/{folder}/{SERVICE_FILE}");
        if !selected(&file, paths) {
            continue;
        }
        plan.services += 1;
        let unchanged = match (old.services.get(folder), new.services.get(folder)) {
            (Some(Folder::Tree(a)), Some(Folder::Tree(b))) if a == b => true,
            (Some(_), Some(_)) => old.service_file_id(folder)? == new.service_file_id(folder)?,
            _ => false,
        };
        if unchanged {
            plan.unchanged += 1;
            continue;
        }
        if old.services.contains_key(folder) {
            plan.old_files.push(file.clone());
        }
        if new.services.contains_key(folder) {
            plan.new_files.push(file);
        }
    }
    Ok(plan)
}

/// Whether a file lies under one of the paths (all files when none).
pub(crate) fn selected(file: &str, paths: &[String]) -> bool {
    paths.is_empty()
        || paths.iter().any(|p| {
            let p = p.trim_matches('/');
            p.is_empty()
                || p == "."
                || file == p
                || file.starts_with(&format!("{p}/"))
                || p.starts_with(&format!("{}/", file.trim_end_matches("/service.toml")))
        })
}
