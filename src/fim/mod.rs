//! Importing FIM forms: XDatenfelder schemas and groups, with the genericode
//! code lists they use, become service skeletons of the model.
//!
//! FIM (Föderales Informationsmanagement) describes the forms of German
//! administrative services: data fields and groups of fields, their kinds,
//! types, precision, help texts and legal references, code lists and rules.
//! The importer reads XDatenfelder 1, 2 and 3 messages ([`xdf`]) and
//! genericode lists ([`genericode`]) from an element tree ([`xml`]), maps
//! them onto the model ([`mapping`]) and writes TOML ([`write`]). What the
//! model cannot hold is kept as comments and reported as warnings; see
//! `docs/fim.md` for every mapping and `docs/limits.md` for what is lost.
//!
//! The steps are separate so that each can be tested and reused: [`import`]
//! reads and maps, [`render`] turns the result into files, and
//! [`write_files`] puts them on disk, refusing to overwrite changed files
//! unless asked to.

#![allow(
    clippy::doc_markdown,
    reason = "FIM's names (XDatenfelder, XRepository) are words here, not code"
)]

pub mod genericode;
pub mod ids;
pub mod mapping;
pub mod messages;
pub mod write;
pub mod xdf;
pub mod xml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::calendar::State;
use crate::fim::mapping::{
    AvailableList, CodeListDraft, CodeListRegistry, ServiceDraft, Settings, Summary,
};
use crate::fim::xdf::{Content, NoteKind};
use crate::fim::xml::Position;

/// Choices the user makes for an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Folders with genericode files, searched before the folders of the
    /// input files.
    pub codelist_dirs: Vec<PathBuf>,
    /// The federal state whose holidays apply, as a code such as `BW`.
    pub state: Option<String>,
    /// The responsible authority.
    pub authority: Option<String>,
    /// The service id; only for a single input file.
    pub service_id: Option<String>,
    /// The day of the import, for `valid_from` where FIM gives none.
    pub date: Date,
}

/// Everything read and mapped, not yet written.
#[derive(Debug)]
pub struct Import {
    pub services: Vec<ImportedService>,
    pub codelists: Vec<CodeListDraft>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug)]
pub struct ImportedService {
    pub source: PathBuf,
    pub draft: ServiceDraft,
    pub summary: Summary,
}

/// Something the importer could work around, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub kind: WarningKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// Noticed while reading the message.
    Read(NoteKind),
    NoInputKind {
        field: String,
    },
    NoDataType {
        field: String,
    },
    SelectWithoutList {
        field: String,
    },
    ListOnNonSelect {
        field: String,
        kind: String,
    },
    UnknownInputKind {
        field: String,
        kind: String,
    },
    UnknownDataType {
        field: String,
        data_type: String,
    },
    NoTimeType {
        field: String,
        data_type: String,
    },
    ReadOnlyAsDisplay {
        field: String,
    },
    ContentNotKept {
        field: String,
    },
    SettingNotKept {
        field: String,
        key: &'static str,
        value: String,
        kind: &'static str,
    },
    ChoiceGroup {
        group: String,
    },
    CodeListRowsLeftOut {
        file: PathBuf,
        without_code: usize,
        duplicates: Vec<String>,
    },
    UnknownMediaType {
        field: String,
        media_type: String,
    },
    MaxSizeNotKept {
        field: String,
        value: String,
    },
    SchemaRulePlaced {
        rule: String,
        target: String,
        named: bool,
    },
    ExternalCodeList {
        uri: String,
        version: String,
        fields: Vec<String>,
        /// A genericode file with another version of the list, and that
        /// version.
        other_version: Option<(PathBuf, String)>,
    },
    InvalidValidFrom {
        text: String,
    },
    NoLegalBasis,
    NoAuthority,
    UnreadableCodeList {
        detail: String,
    },
}

/// Why an import could not be carried out.
#[derive(Debug)]
pub enum FimError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Xml {
        path: PathBuf,
        error: xml::XmlError,
    },
    Message {
        path: PathBuf,
        error: xdf::ReadError,
    },
    /// A schema or group without any element (FIM 1023, 1078).
    EmptyForm {
        path: PathBuf,
        position: Position,
    },
    NotAFolder {
        path: PathBuf,
    },
    UnknownState {
        given: String,
    },
    /// Neither `--state` nor the repository names a federal state.
    NoState {
        config: PathBuf,
    },
    InvalidServiceId {
        given: String,
    },
    ServiceIdForManyFiles,
    BrokenConfig {
        path: PathBuf,
        detail: String,
    },
    /// Files that exist with other content.
    WouldOverwrite {
        paths: Vec<PathBuf>,
    },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for FimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&messages::error(self))
    }
}

impl std::error::Error for FimError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FimError::Read { source, .. } | FimError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&messages::warning(self))
    }
}

/// Reads and maps every file in `files`.
pub fn import(files: &[PathBuf], options: &ImportOptions) -> Result<Import, FimError> {
    let state = match &options.state {
        Some(given) => Some(
            given
                .parse::<State>()
                .map_err(|_| FimError::UnknownState {
                    given: given.clone(),
                })?
                .code()
                .to_owned(),
        ),
        None => None,
    };
    if let Some(id) = &options.service_id {
        if files.len() > 1 {
            return Err(FimError::ServiceIdForManyFiles);
        }
        if !ids::is_valid(id) {
            return Err(FimError::InvalidServiceId { given: id.clone() });
        }
    }

    let mut warnings = Vec::new();
    let available = find_codelists(files, &options.codelist_dirs, &mut warnings)?;
    let mut registry = CodeListRegistry::default();
    let mut services: Vec<ImportedService> = Vec::new();
    for path in files {
        let message = read_message_file(path)?;
        warnings.extend(message.notes.iter().map(|note| Warning {
            file: path.clone(),
            position: Some(note.position),
            kind: WarningKind::Read(note.kind.clone()),
        }));
        if let Some(position) = empty_form(&message.content) {
            return Err(FimError::EmptyForm {
                path: path.clone(),
                position,
            });
        }
        let settings = Settings {
            source: path,
            date: options.date,
            state: state.clone(),
            authority: options.authority.clone(),
            service_id: options.service_id.clone(),
        };
        let (mut draft, summary) = mapping::map_message(
            &message,
            &settings,
            &available,
            &mut registry,
            &mut warnings,
        );
        // Two files with the same title still become two services.
        let base = draft.id.clone();
        let mut number = 1;
        while services.iter().any(|s| s.draft.id == draft.id) {
            number += 1;
            draft.id = format!("{base}_{number}");
        }
        services.push(ImportedService {
            source: path.clone(),
            draft,
            summary,
        });
    }
    // Warnings in the order of the files and of the places in them; those
    // about code list files first, since they were found first.
    warnings.sort_by_key(|w| {
        let file = files.iter().position(|f| *f == w.file).map_or(0, |i| i + 1);
        (file, w.position.is_none(), w.position)
    });
    Ok(Import {
        services,
        codelists: registry.lists.into_values().collect(),
        warnings,
    })
}

/// Reads one XDatenfelder file.
pub fn read_message_file(path: &Path) -> Result<xdf::Message, FimError> {
    let bytes = std::fs::read(path).map_err(|source| FimError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let root = xml::parse_bytes(&bytes).map_err(|error| FimError::Xml {
        path: path.to_path_buf(),
        error,
    })?;
    xdf::read_message(&root).map_err(|error| FimError::Message {
        path: path.to_path_buf(),
        error,
    })
}

/// The place of a schema or group that holds nothing.
fn empty_form(content: &Content) -> Option<Position> {
    match content {
        Content::Schema(c) | Content::Group(c) if c.children.is_empty() => Some(c.meta.position),
        _ => None,
    }
}

/// The genericode files in the given folders and next to the inputs.
fn find_codelists(
    inputs: &[PathBuf],
    dirs: &[PathBuf],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<AvailableList>, FimError> {
    for dir in dirs {
        if !dir.is_dir() {
            return Err(FimError::NotAFolder { path: dir.clone() });
        }
    }
    let mut folders: Vec<PathBuf> = dirs.to_vec();
    for input in inputs {
        let parent = match input.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folders.contains(&parent) {
            folders.push(parent);
        }
    }
    let inputs: BTreeSet<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
            .collect();
        paths.sort();
        for path in paths {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if inputs.contains(&canonical) || !seen.insert(canonical) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            // Other XML files lie next to schemas too; only files that
            // mention genericode are read, and only their problems reported.
            if !contains(&bytes, b"genericode") {
                continue;
            }
            let parsed = xml::parse_bytes(&bytes)
                .map_err(|e| messages::xml_error_with_place(&e))
                .and_then(|root| {
                    if genericode::is_genericode(&root) {
                        genericode::read(&root)
                            .map(Some)
                            .map_err(|e| messages::genericode_error(&e))
                    } else {
                        Ok(None)
                    }
                });
            match parsed {
                Ok(Some(list)) => out.push(AvailableList { path, list }),
                Ok(None) => {}
                Err(detail) => warnings.push(Warning {
                    file: path,
                    position: None,
                    kind: WarningKind::UnreadableCodeList { detail },
                }),
            }
        }
    }
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A file to write, relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub content: String,
}

/// The files of an import: one `service.toml` per input, one file per
/// imported code list, and `ozg.toml` when the repository has none.
pub fn render(import: &Import, out: &Path) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for service in &import.services {
        files.push(OutputFile {
            path: Path::new("services")
                .join(&service.draft.id)
                .join("service.toml"),
            content: write::service_toml(&service.draft),
        });
    }
    for list in &import.codelists {
        files.push(OutputFile {
            path: Path::new("codelists").join(format!("{}.toml", list.id)),
            content: write::codelist_toml(list),
        });
    }
    if !out.join("ozg.toml").exists() {
        let name = std::path::absolute(out)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| String::from("FIM"));
        let state = import.services.iter().find_map(|s| s.draft.state.clone());
        files.push(OutputFile {
            path: PathBuf::from("ozg.toml"),
            content: write::project_toml(&name, state.as_deref()),
        });
    }
    files
}

/// The federal state `ozg.toml` in `out` names, if it exists and names one.
pub fn project_state(out: &Path) -> Result<Option<String>, FimError> {
    let path = out.join("ozg.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(FimError::Read { path, source }),
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| FimError::BrokenConfig {
        path: path.clone(),
        detail: e.message().to_owned(),
    })?;
    Ok(table
        .get("project")
        .and_then(|p| p.get("state"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned))
}

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Replaced,
    Unchanged,
}

/// Writes `files` under `out`. Files that exist with other content are
/// replaced only with `force`; otherwise nothing at all is written.
pub fn write_files(
    out: &Path,
    files: &[OutputFile],
    force: bool,
) -> Result<Vec<(PathBuf, Written)>, FimError> {
    let mut plan = Vec::new();
    let mut conflicts = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        let state = match std::fs::read(&path) {
            Ok(existing) if existing == file.content.as_bytes() => Written::Unchanged,
            Ok(_) => {
                conflicts.push(path.clone());
                Written::Replaced
            }
            Err(_) => Written::Created,
        };
        plan.push((path, state, file));
    }
    if !conflicts.is_empty() && !force {
        return Err(FimError::WouldOverwrite { paths: conflicts });
    }
    let mut done = Vec::new();
    for (path, state, file) in plan {
        if state != Written::Unchanged {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| FimError::Write {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(&path, &file.content).map_err(|source| FimError::Write {
                path: path.clone(),
                source,
            })?;
        }
        done.push((file.path.clone(), state));
    }
    Ok(done)
}
