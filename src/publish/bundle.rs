//! The bundle: every model file of the repository, by path and SHA-256,
//! as the platform receives it.
//!
//! The files are found as the loader finds them (`ozg.toml`,
//! `codelists/*.toml`, `services/<id>/service.toml`,
//! `services/<id>/scenarios/*.toml`, hidden names left out), read once,
//! and hashed. The same bytes are linted, tested and sent, so what was
//! checked is exactly what is published. Content goes along only for
//! files whose hash the platform does not hold yet.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::load::{Loaded, load_contents};
use crate::platform::api::{BundleFile, ReleaseFile, ReleaseRequest};
use crate::platform::release::{check_path, sha256};
use crate::publish::messages as msg;

/// A model file read from disk.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Relative to the repository root, with `/`.
    pub path: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// One line of a bundle's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
}

/// The model files of a repository, sorted by path.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The repository root as given, for the paths shown in findings.
    pub root: PathBuf,
    pub files: Vec<LocalFile>,
}

/// What was wrong with the files of a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{}", msg::cannot_read(.path, .source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", msg::no_services(.root))]
    Empty { root: PathBuf },
    #[error("{}", msg::path_refused(.path, .reason))]
    Path { path: String, reason: String },
    #[error("{}", msg::not_text(.path))]
    NotText { path: String },
}

/// Who made a release and why, as the platform records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseText {
    pub commit: Option<String>,
    pub author: Option<String>,
    pub message: Option<String>,
}

impl Bundle {
    /// Reads the model files of the repository at `root`.
    pub fn read(root: &Path) -> Result<Bundle, BundleError> {
        let mut paths = Vec::new();
        if root.join("ozg.toml").is_file() {
            paths.push("ozg.toml".to_owned());
        }
        for name in names(&root.join("codelists"), Path::is_file)? {
            if is_toml(&name) {
                paths.push(format!("codelists/{name}"));
            }
        }
        for folder in names(&root.join("services"), Path::is_dir)? {
            let dir = root.join("services").join(&folder);
            if dir.join("service.toml").is_file() {
                paths.push(format!("services/{folder}/service.toml"));
            }
            for name in names(&dir.join("scenarios"), Path::is_file)? {
                if is_toml(&name) {
                    paths.push(format!("services/{folder}/scenarios/{name}"));
                }
            }
        }
        let files = paths
            .into_par_iter()
            .map(|path| {
                let full = root.join(&path);
                let bytes = std::fs::read(&full).map_err(|source| BundleError::Io {
                    path: full.clone(),
                    source,
                })?;
                Ok(LocalFile {
                    sha256: sha256(&bytes),
                    path,
                    bytes,
                })
            })
            .collect::<Result<Vec<_>, BundleError>>()?;
        let mut bundle = Bundle {
            root: root.to_path_buf(),
            files,
        };
        bundle.files.sort_by(|a, b| a.path.cmp(&b.path));
        if bundle.service_paths().next().is_none() {
            return Err(BundleError::Empty {
                root: root.to_path_buf(),
            });
        }
        Ok(bundle)
    }

    /// Paths of the service files.
    pub fn service_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.starts_with("services/") && p.ends_with("/service.toml"))
    }

    pub fn file(&self, path: &str) -> Option<&LocalFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Every file by path and hash.
    pub fn manifest(&self) -> Vec<ManifestEntry> {
        self.files
            .iter()
            .map(|f| ManifestEntry {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
            })
            .collect()
    }

    /// Loads every file into the model, with paths shown under the root.
    pub fn load(&self) -> Loaded {
        self.load_only(|_| true)
    }

    /// Loads the files whose paths `keep` accepts.
    pub fn load_only(&self, keep: impl Fn(&str) -> bool) -> Loaded {
        let files = self
            .files
            .iter()
            .filter(|f| keep(&f.path))
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        load_contents(&shown_root(&self.root), files)
    }

    /// Whether the platform's release holds exactly these files.
    pub fn same_files_as(&self, release: &[ReleaseFile]) -> bool {
        release.len() == self.files.len()
            && release
                .iter()
                .zip(&self.files)
                .all(|(r, f)| r.path == f.path && r.sha256 == f.sha256)
    }

    /// Checks that the platform will take every path (`Path` names the
    /// first it would refuse).
    pub fn check_paths(&self) -> Result<(), BundleError> {
        for file in &self.files {
            check_path(&file.path).map_err(|reason| BundleError::Path {
                path: file.path.clone(),
                reason,
            })?;
        }
        Ok(())
    }

    /// The release request: every file, with content only where `upload`
    /// says so.
    pub fn request(
        &self,
        upload: &dyn Fn(&LocalFile) -> bool,
        text: &ReleaseText,
        remove: &[String],
    ) -> Result<ReleaseRequest, BundleError> {
        let files = self
            .files
            .iter()
            .map(|f| {
                let content = if upload(f) {
                    Some(
                        String::from_utf8(f.bytes.clone()).map_err(|_| BundleError::NotText {
                            path: f.path.clone(),
                        })?,
                    )
                } else {
                    None
                };
                Ok(BundleFile {
                    path: f.path.clone(),
                    sha256: f.sha256.clone(),
                    content,
                })
            })
            .collect::<Result<Vec<_>, BundleError>>()?;
        Ok(ReleaseRequest {
            commit: text.commit.clone(),
            author: text.author.clone(),
            message: text.message.clone(),
            files,
            remove_services: remove.to_vec(),
            dry_run: false,
        })
    }

    /// The files that differ from a manifest: changed, missing here, or
    /// not in the manifest.
    pub fn differences(&self, manifest: &[ManifestEntry]) -> Vec<String> {
        let planned: BTreeMap<&str, &str> = manifest
            .iter()
            .map(|e| (e.path.as_str(), e.sha256.as_str()))
            .collect();
        let here: BTreeMap<&str, &str> = self
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.sha256.as_str()))
            .collect();
        let mut out: Vec<String> = planned
            .iter()
            .filter(|(path, sha)| here.get(*path) != Some(*sha))
            .map(|(path, _)| (*path).to_owned())
            .collect();
        out.extend(
            here.keys()
                .filter(|p| !planned.contains_key(*p))
                .map(|p| (*p).to_owned()),
        );
        out.sort();
        out
    }
}

/// The hashes of a release's files.
pub fn hashes(files: &[ReleaseFile]) -> HashSet<String> {
    files.iter().map(|f| f.sha256.clone()).collect()
}

/// Paths are shown relative to where the user is: `services/x` rather
/// than `./services/x`.
fn shown_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

fn is_toml(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "toml")
}

/// The names in a folder that `keep` accepts, without hidden ones, sorted.
/// A missing folder has none.
fn names(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<String>, BundleError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(BundleError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| BundleError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && keep(&entry.path()) {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    #[test]
    fn only_model_files_are_bundled() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ozg.toml", "[project]\n");
        write(dir.path(), "README.md", "no\n");
        write(dir.path(), "codelists/a.toml", "");
        write(dir.path(), "codelists/.hidden.toml", "");
        write(dir.path(), "services/x/service.toml", "");
        write(dir.path(), "services/x/notes.txt", "");
        write(dir.path(), "services/x/scenarios/one.toml", "");
        write(dir.path(), "history/x/2020.toml", "");
        let bundle = Bundle::read(dir.path()).unwrap();
        let paths: Vec<&str> = bundle.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "codelists/a.toml",
                "ozg.toml",
                "services/x/scenarios/one.toml",
                "services/x/service.toml"
            ]
        );
    }

    #[test]
    fn a_folder_without_services_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ozg.toml", "[project]\n");
        assert!(matches!(
            Bundle::read(dir.path()),
            Err(BundleError::Empty { .. })
        ));
    }

    #[test]
    fn content_goes_only_where_asked() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ozg.toml", "[project]\n");
        write(dir.path(), "services/x/service.toml", "[service]\n");
        let bundle = Bundle::read(dir.path()).unwrap();
        let request = bundle
            .request(&|f| f.path == "ozg.toml", &ReleaseText::default(), &[])
            .unwrap();
        assert_eq!(request.files[0].content.as_deref(), Some("[project]\n"));
        assert_eq!(request.files[1].content, None);
        assert_eq!(request.files[1].sha256, sha256(b"[service]\n"));
    }

    #[test]
    fn differences_name_changed_missing_and_extra_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ozg.toml", "[project]\n");
        write(dir.path(), "services/x/service.toml", "changed\n");
        write(dir.path(), "services/y/service.toml", "extra\n");
        let bundle = Bundle::read(dir.path()).unwrap();
        let manifest = vec![
            ManifestEntry {
                path: "ozg.toml".to_owned(),
                sha256: sha256(b"[project]\n"),
            },
            ManifestEntry {
                path: "services/x/service.toml".to_owned(),
                sha256: sha256(b"before\n"),
            },
            ManifestEntry {
                path: "services/z/service.toml".to_owned(),
                sha256: sha256(b"gone\n"),
            },
        ];
        assert_eq!(
            bundle.differences(&manifest),
            [
                "services/x/service.toml",
                "services/y/service.toml",
                "services/z/service.toml"
            ]
        );
    }

    #[test]
    fn a_path_the_platform_would_refuse_is_named() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "services/Bad Name/service.toml", "");
        let bundle = Bundle::read(dir.path()).unwrap();
        match bundle.check_paths() {
            Err(BundleError::Path { path, .. }) => {
                assert_eq!(path, "services/Bad Name/service.toml");
            }
            other => panic!("{other:?}"),
        }
    }
}
