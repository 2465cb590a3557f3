//! Finding and loading model repositories.
//!
//! Loading never stops at the first mistake: a file that is not valid TOML
//! is reported and skipped, a key of the wrong type is reported and left
//! out, and everything else is still loaded, so that one run of `ozg lint`
//! shows every problem. Problems are returned as data; deciding how severe
//! they are and how to word them is the linter's business.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::tree;
use rayon::prelude::*;

use crate::model::reader::{Parse, Reader, Table, span_of};
use crate::model::scenario::Scenario;
use crate::model::{
    Anchor, CodeEntry, CodeList, Computed, Config, DayCount, Deadline, DecisionRule, DecisionTable,
    ExpiryAction, ExternalCodeList, Fee, FeeShare, Field, FieldType, FimReference, FimRule,
    FormItem, HitPolicy, Metadata, Notification, Outcome, Process, Repeat, Repository, Requirement,
    Role, Rounding, Section, Service, Step, StepKind, Target, Transition, Validation,
};
use crate::source::{FileId, SourceFile, SourceMap, Span, Spanned};

/// Something wrong in a model file, found while loading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: FileId,
    pub span: Span,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The file is not valid TOML.
    Syntax {
        message: String,
    },
    /// The file is not UTF-8 text.
    NotUtf8 {
        valid_up_to: usize,
    },
    UnknownKey {
        key: String,
        what: &'static str,
        suggestion: Option<&'static str>,
    },
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    MissingKey {
        key: &'static str,
        what: &'static str,
    },
    InvalidKeyword {
        key: &'static str,
        value: String,
        allowed: &'static [&'static str],
        suggestion: Option<&'static str>,
    },
    InvalidId {
        id: String,
    },
    InvalidDate {
        key: String,
    },
    DateWithTime {
        key: String,
    },
    DateAsText {
        key: String,
        text: String,
    },
    NumberOutOfRange {
        key: String,
    },
    /// The repository declares a format version this build cannot read.
    UnsupportedFormat {
        found: i64,
    },
    /// A service file lies in a folder whose name differs from its id.
    FolderMismatch {
        id: String,
        folder: String,
    },
    /// Both an inline value and a reference were given where one is allowed.
    Conflicting {
        keys: &'static [&'static str],
    },
}

/// Why a repository could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is larger than 4 GiB; model files must be smaller")]
    TooLarge { path: PathBuf },
}

/// The outcome of loading: the model, and what was wrong with it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub repository: Repository,
    pub problems: Vec<Problem>,
}

const CONFIG_FILE: &str = "ozg.toml";

/// The repository root for `path`: the nearest folder at or above it that
/// holds `ozg.toml`. Returns `None` when there is none. The root is
/// expressed relative to `path` as the user wrote it, so that reported file
/// paths read the way the user reached them.
pub fn find_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_file() {
        parent_of(path)
    } else {
        path.to_path_buf()
    };
    let mut candidate = start;
    for _ in 0..64 {
        if candidate.join(CONFIG_FILE).is_file() {
            return Some(candidate);
        }
        let absolute = std::path::absolute(&candidate).ok()?;
        absolute.parent()?;
        candidate = parent_of(&candidate);
    }
    None
}

/// The parent of a path, also for relative paths without one (`.` → `..`).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !path.ends_with("..") => {
            parent.to_path_buf()
        }
        _ if path.as_os_str().is_empty() || path == Path::new(".") => PathBuf::from(".."),
        _ if path.ends_with("..") => path.join(".."),
        _ => PathBuf::from("."),
    }
}

/// Loads the repositories that `paths` lie in: each path may be a
/// repository root or any file or folder inside one; paths in the same
/// repository are loaded together, with only the services they name (and
/// every code list). Returns each repository with the paths that led to it.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<(Loaded, Vec<PathBuf>)>, LoadError> {
    plan_paths(paths)?
        .into_iter()
        .map(|(plan, members)| Ok((load_plan(plan)?, members)))
        .collect()
}

/// The plans of the repositories that `paths` lie in (see [`load_paths`]),
/// each with the paths that led to it.
pub fn plan_paths(paths: &[PathBuf]) -> Result<Vec<(Plan, Vec<PathBuf>)>, LoadError> {
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(LoadError::NotFound { path: path.clone() });
        }
        let root = find_root(path).unwrap_or_else(|| {
            if path.is_file() {
                standalone_root(path)
            } else {
                path.clone()
            }
        });
        match groups.iter_mut().find(|(r, _)| same_path(r, &root)) {
            Some((_, members)) => members.push(path.clone()),
            None => groups.push((root, vec![path.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(root, members)| {
            // Paths, not everything, even when the root itself is named: a
            // file named beside it outside the layout is loaded too.
            let selection = Selection::Paths(members.clone());
            Ok((plan_repository(&root, &selection)?, members))
        })
        .collect()
}

/// A file outside any repository is read on its own, as if its folder
/// were the root.
fn standalone_root(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Which files of a repository to load.
#[derive(Debug, Clone, Default)]
pub enum Selection {
    /// Every service and code list.
    #[default]
    All,
    /// Services and code lists under these paths, plus every code list
    /// (services refer to them).
    Paths(Vec<PathBuf>),
}

/// A file of a repository to be read: what it is, where it lies, and its
/// path relative to the repository root.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    role: FileRole,
    path: PathBuf,
    relative: String,
}

/// The files of a repository, in the parts they can be loaded in: what
/// every service needs (`ozg.toml` and the code lists), then each service
/// with its scenarios. A service and its scenarios can be loaded, checked
/// and dropped on their own, so that a large repository need not be held in
/// memory all at once.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub root: PathBuf,
    pub shared: Vec<PlannedFile>,
    /// Per service folder: `service.toml` (when present) and the
    /// scenarios; files named outside the layout each form a part of their
    /// own.
    pub services: Vec<Vec<PlannedFile>>,
}

impl Plan {
    /// How many files the plan holds.
    pub fn len(&self) -> usize {
        self.shared.len() + self.services.iter().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first file id of each service part, when the shared files come
    /// first and the parts follow in order.
    pub fn first_ids(&self) -> Vec<FileId> {
        let mut next = self.shared.len();
        self.services
            .iter()
            .map(|part| {
                let first = next;
                next += part.len();
                FileId(u32::try_from(first).unwrap_or(u32::MAX))
            })
            .collect()
    }
}

impl PlannedFile {
    /// The path relative to the repository root.
    pub fn relative(&self) -> &str {
        &self.relative
    }
}

/// Lists the files of the repository at `root` that `selection` asks for.
pub fn plan_repository(root: &Path, selection: &Selection) -> Result<Plan, LoadError> {
    if !root.exists() {
        return Err(LoadError::NotFound {
            path: root.to_path_buf(),
        });
    }
    let mut plan = Plan {
        root: root.to_path_buf(),
        ..Plan::default()
    };
    let planned = |role, path, relative| PlannedFile {
        role,
        path,
        relative,
    };
    let config_path = root.join(CONFIG_FILE);
    if config_path.is_file() {
        plan.shared.push(planned(
            FileRole::Config,
            config_path,
            String::from(CONFIG_FILE),
        ));
    }
    for (path, relative) in list_files(&root.join("codelists"), "codelists", is_toml_path)? {
        plan.shared
            .push(planned(FileRole::CodeList, path, relative));
    }
    // The selected paths made absolute once, not once per file.
    let within: Option<Vec<PathBuf>> = match selection {
        Selection::All => None,
        Selection::Paths(paths) => Some(paths.iter().filter_map(|p| absolute(p)).collect()),
    };
    let includes = |file: &Path| match &within {
        None => true,
        Some(dirs) => absolute(file).is_some_and(|f| dirs.iter().any(|d| f.starts_with(d))),
    };
    // Looking into each service's folder costs a few system calls; with
    // thousands of services that is worth spreading over the threads.
    let parts: Vec<Result<Vec<PlannedFile>, LoadError>> =
        list_dirs(&root.join("services"), "services")?
            .into_par_iter()
            .map(|(dir, relative_dir)| {
                let mut part = Vec::new();
                let file = dir.join("service.toml");
                if file.is_file() && includes(&file) {
                    part.push(planned(
                        FileRole::Service,
                        file,
                        format!("{relative_dir}/service.toml"),
                    ));
                }
                let scenarios_relative = format!("{relative_dir}/scenarios");
                for (path, relative) in
                    list_files(&dir.join("scenarios"), &scenarios_relative, is_toml_path)?
                {
                    if includes(&path) {
                        part.push(planned(FileRole::Scenario, path, relative));
                    }
                }
                Ok(part)
            })
            .collect();
    for part in parts {
        let part = part?;
        if !part.is_empty() {
            plan.services.push(part);
        }
    }
    if let Selection::Paths(paths) = selection {
        // Files named directly that do not lie where the layout expects them
        // are still loaded, as what their content says they are.
        for path in paths.iter().filter(|p| p.is_file()) {
            let planned_already = plan
                .shared
                .iter()
                .chain(plan.services.iter().flatten())
                .any(|f| same_file(&f.path, path));
            if !planned_already {
                let relative = path.to_string_lossy().replace('\\', "/");
                plan.services
                    .push(vec![planned(FileRole::ByContent, path.clone(), relative)]);
            }
        }
    }
    Ok(plan)
}

fn is_toml_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Reads and loads planned files, numbering them from `first`. Files are
/// read and parsed in parallel.
pub fn load_part(files: &[PlannedFile], first: FileId) -> Result<Loaded, LoadError> {
    let read: Vec<Result<ReadFile, LoadError>> = files
        .par_iter()
        .map(|planned| {
            let (text, invalid_at) = read_text(&planned.path)?;
            let file = SourceFile::new(display_path(&planned.path), text)
                .with_relative(planned.relative.clone());
            Ok((planned.role, file, invalid_at))
        })
        .collect();
    let read = read.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(load_files(read, first))
}

/// Loads the repository rooted at `root`.
pub fn load_repository(root: &Path, selection: &Selection) -> Result<Loaded, LoadError> {
    load_plan(plan_repository(root, selection)?)
}

/// Loads every file of a plan as one repository.
fn load_plan(plan: Plan) -> Result<Loaded, LoadError> {
    let files: Vec<PlannedFile> = plan
        .shared
        .iter()
        .chain(plan.services.iter().flatten())
        .cloned()
        .collect();
    let mut loaded = load_part(&files, FileId(0))?;
    loaded.repository.root = plan.root;
    Ok(loaded)
}

/// Loads a repository from files held in memory (a release sent to the
/// platform, a revision read from git) instead of from disk. Each file is
/// given by its path relative to the repository root, with `/` separators,
/// and its bytes; files are recognised by their place as
/// [`load_repository`] recognises them (`ozg.toml`, `codelists/*.toml`,
/// `services/<id>/service.toml`, `services/<id>/scenarios/*.toml`), and
/// other files are ignored. `root` is only shown in paths: the file
/// `services/x/service.toml` is shown as `root/services/x/service.toml`.
pub fn load_contents(root: &Path, files: Vec<(String, Vec<u8>)>) -> Loaded {
    let read: Vec<ReadFile> = files
        .into_iter()
        .filter_map(|(relative, bytes)| {
            let role = role_by_place(&relative)?;
            let (text, invalid_at) = text_of(bytes);
            let file = SourceFile::new(root.join(&relative), text).with_relative(relative);
            Some((role, file, invalid_at))
        })
        .collect();
    let mut loaded = load_files(read, FileId(0));
    loaded.repository.root = root.to_path_buf();
    loaded
}

/// [`load_contents`] with paths shown relative to the repository root.
pub fn load_from_memory(files: Vec<(String, Vec<u8>)>) -> Loaded {
    load_contents(Path::new(""), files)
}

/// What a file is, by its place in the repository layout. Hidden files
/// and folders (`.name`) are not part of the model.
fn role_by_place(relative: &str) -> Option<FileRole> {
    let parts: Vec<&str> = relative.split('/').collect();
    let visible = |name: &str| !name.starts_with('.');
    match parts.as_slice() {
        [CONFIG_FILE] => Some(FileRole::Config),
        ["codelists", name] if is_toml(name) && visible(name) => Some(FileRole::CodeList),
        ["services", dir, "service.toml"] if visible(dir) => Some(FileRole::Service),
        ["services", dir, "scenarios", name] if visible(dir) && visible(name) && is_toml(name) => {
            Some(FileRole::Scenario)
        }
        _ => None,
    }
}

fn is_toml(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Parses files already read, in parallel, numbering them from `first`.
fn load_files(read: Vec<ReadFile>, first: FileId) -> Loaded {
    let mut sources = SourceMap::starting_at(first);
    let mut jobs = Vec::new();
    for (role, file, invalid_at) in read {
        let id = sources.add(file);
        jobs.push((role, id, invalid_at));
    }

    let results: Vec<FileResult> = jobs
        .par_iter()
        .map(|&(role, id, invalid_at)| load_file(role, id, sources.get(id), invalid_at))
        .collect();

    let mut loaded = Loaded::default();
    let mut codelists = Vec::new();
    for result in results {
        loaded.problems.extend(result.problems);
        match result.content {
            Content::Config(config) => loaded.repository.config = Arc::new(config),
            Content::Service(service) => loaded.repository.services.push(*service),
            Content::CodeList(list) => codelists.push(list),
            Content::Scenario(scenario) => loaded.repository.scenarios.push(*scenario),
            Content::None => {}
        }
    }
    loaded.repository.codelists = Arc::new(codelists);
    loaded.repository.sources = sources;
    loaded
}

/// The path made absolute, without `.` and `..`.
fn absolute(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path).ok().map(|p| normalize(&p))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (absolute(a), absolute(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The path as the user will read it: `./services/x` is `services/x`.
fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn list_dirs(dir: &Path, relative: &str) -> Result<Vec<(PathBuf, String)>, LoadError> {
    list_entries(dir, relative, Path::is_dir)
}

fn list_files(
    dir: &Path,
    relative: &str,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<(PathBuf, String)>, LoadError> {
    list_entries(dir, relative, |p| p.is_file() && keep(p))
}

/// The entries of `dir` that `keep` accepts, sorted by name, each with its
/// path relative to the repository root. A missing folder has no entries.
fn list_entries(
    dir: &Path,
    relative: &str,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LoadError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && keep(&path) {
            out.push((path, format!("{relative}/{name}")));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a file as text. Invalid UTF-8 is not an I/O error but a finding;
/// the text up to the first invalid byte is returned with its position.
fn read_text(path: &Path) -> Result<(String, Option<usize>), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if u32::try_from(bytes.len()).is_err() {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Ok(text_of(bytes))
}

/// The text of a file's bytes, cut at the first invalid UTF-8 byte, whose
/// offset is returned with it.
fn text_of(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid_up_to);
            (
                String::from_utf8(bytes).unwrap_or_default(),
                Some(valid_up_to),
            )
        }
    }
}

/// A file read from disk, with the offset of its first invalid UTF-8 byte.
type ReadFile = (FileRole, SourceFile, Option<usize>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileRole {
    Config,
    Service,
    CodeList,
    Scenario,
    /// Named on the command line outside the usual layout.
    ByContent,
}

enum Content {
    Config(Config),
    Service(Box<Service>),
    CodeList(CodeList),
    Scenario(Box<Scenario>),
    None,
}

struct FileResult {
    content: Content,
    problems: Vec<Problem>,
}

fn load_file(
    role: FileRole,
    id: FileId,
    file: &SourceFile,
    invalid_at: Option<usize>,
) -> FileResult {
    let mut reader = Reader::new(id, &file.text);
    if let Some(valid_up_to) = invalid_at {
        reader.report(Span::at(valid_up_to), ProblemKind::NotUtf8 { valid_up_to });
        return FileResult {
            content: Content::None,
            problems: reader.problems,
        };
    }
    let root = match tree::parse(&file.text) {
        Ok(root) => root,
        Err(error) => {
            let span = error.span.map_or(Span::at(0), Span::from);
            let message = error.message;
            reader.report(span, ProblemKind::Syntax { message });
            return FileResult {
                content: Content::None,
                problems: reader.problems,
            };
        }
    };
    let role = match role {
        FileRole::ByContent if root.contains_key("codelist") => FileRole::CodeList,
        FileRole::ByContent if root.contains_key("project") => FileRole::Config,
        FileRole::ByContent if root.contains_key("scenario") => FileRole::Scenario,
        FileRole::ByContent => FileRole::Service,
        other => other,
    };
    let content = match role {
        FileRole::Config => Content::Config(read_config(&mut reader, &root)),
        FileRole::CodeList => {
            let stem = file
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            Content::CodeList(read_codelist(&mut reader, &root, stem.unwrap_or_default()))
        }
        FileRole::Scenario => {
            // services/<service>/scenarios/<name>.toml
            let name = file
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            let service = file
                .path
                .parent()
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned());
            Content::Scenario(Box::new(crate::model::scenario::read_scenario(
                &mut reader,
                &root,
                service.unwrap_or_default(),
                name.unwrap_or_default(),
            )))
        }
        FileRole::Service | FileRole::ByContent => {
            let folder = file
                .path
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Content::Service(Box::new(read_service(&mut reader, &root, folder)))
        }
    };
    FileResult {
        content,
        problems: reader.problems,
    }
}

const CONFIG_KEYS: &[&str] = &["project", "lint", "targets"];
const PROJECT_KEYS: &[&str] = &["name", "format", "state"];
const LINT_KEYS: &[&str] = &["rules"];
const TARGET_KEYS: &[&str] = &["url", "token_env"];

fn read_config(r: &mut Reader<'_>, root: &tree::Table<'_>) -> Config {
    let top = r.open(root, Span::at(0), "ozg.toml", CONFIG_KEYS);
    let mut config = Config {
        file: Some(r.file),
        ..Config::default()
    };
    if let Some(project) = r.table(&top, "project", "[project] table", PROJECT_KEYS) {
        config.name = r.string(&project, "name");
        if project.get("format").is_none() {
            r.missing(&project, "format");
        }
        config.format = r.integer(&project, "format");
        if let Some(format) = &config.format
            && format.value != crate::model::FORMAT_VERSION
        {
            r.report(
                format.span,
                ProblemKind::UnsupportedFormat {
                    found: format.value,
                },
            );
        }
        config.state = r.string(&project, "state");
    } else {
        r.report(
            Span::at(0),
            ProblemKind::MissingKey {
                key: "project",
                what: "ozg.toml",
            },
        );
    }
    if let Some(lint) = r.table(&top, "lint", "[lint] table", LINT_KEYS)
        && let Some(rules) = lint.get("rules")
    {
        match rules.get_ref() {
            tree::Value::Table(entries) => {
                for (key, value) in entries {
                    let name = Spanned::new(key.get_ref().to_string(), span_of(key));
                    match value.get_ref() {
                        tree::Value::String(level) => config
                            .rule_levels
                            .push((name, Spanned::new(level.to_string(), span_of(value)))),
                        other => r.wrong_type(&name.value, "text", other, span_of(value)),
                    }
                }
            }
            other => r.wrong_type("rules", "table", other, span_of(rules)),
        }
    }
    if let Some(targets) = top.get("targets") {
        match targets.get_ref() {
            tree::Value::Table(entries) => {
                for (name, value) in entries {
                    let tree::Value::Table(fields) = value.get_ref() else {
                        r.wrong_type(name.get_ref(), "table", value.get_ref(), span_of(value));
                        continue;
                    };
                    let table = r.open(fields, span_of(value), "publish target", TARGET_KEYS);
                    let url = r.required_string(&table, "url");
                    let token_env = r.string(&table, "token_env");
                    config.targets.push(Target {
                        name: Spanned::new(name.get_ref().to_string(), span_of(name)),
                        url,
                        token_env,
                    });
                }
            }
            other => r.wrong_type("targets", "table", other, span_of(targets)),
        }
    }
    config
}

const CODELIST_FILE_KEYS: &[&str] = &["codelist"];
const CODELIST_KEYS: &[&str] = &["id", "title", "version", "entries", "external"];
const ENTRY_KEYS: &[&str] = &["code", "label"];
const EXTERNAL_KEYS: &[&str] = &["id", "version"];

fn read_codelist(r: &mut Reader<'_>, root: &tree::Table<'_>, file_stem: String) -> CodeList {
    let top = r.open(root, Span::at(0), "code list file", CODELIST_FILE_KEYS);
    let table = r.table(&top, "codelist", "code list", CODELIST_KEYS);
    let Some(table) = table else {
        if top.get("codelist").is_none() {
            r.report(
                Span::at(0),
                ProblemKind::MissingKey {
                    key: "codelist",
                    what: "code list file",
                },
            );
        }
        return CodeList {
            file: r.file,
            file_stem,
            header: Span::at(0),
            id: Spanned::new(String::new(), Span::at(0)),
            title: None,
            version: None,
            entries: None,
            external: None,
        };
    };
    let id = r.id(&table, "id");
    let entries = read_entries(r, &table, "entries");
    let external = read_external(r, &table, "external");
    if entries.is_some() && external.is_some() {
        r.report(
            table.span,
            ProblemKind::Conflicting {
                keys: &["entries", "external"],
            },
        );
    }
    CodeList {
        file: r.file,
        file_stem,
        header: table.span,
        title: r.required_string(&table, "title"),
        version: r.string(&table, "version"),
        id,
        entries,
        external,
    }
}

fn read_entries(
    r: &mut Reader<'_>,
    table: &Table<'_, '_>,
    key: &'static str,
) -> Option<Spanned<Vec<CodeEntry>>> {
    let span = span_of(table.get(key)?);
    let entries = r
        .tables(table, key, "code list entry", ENTRY_KEYS)
        .iter()
        .map(|entry| CodeEntry {
            span: entry.span,
            code: r
                .required_string(entry, "code")
                .unwrap_or_else(|| Spanned::new(String::new(), entry.span)),
            label: r.required_string(entry, "label"),
        })
        .collect();
    Some(Spanned::new(entries, span))
}

fn read_external(
    r: &mut Reader<'_>,
    table: &Table<'_, '_>,
    key: &'static str,
) -> Option<ExternalCodeList> {
    let external = r.table(table, key, "external code list", EXTERNAL_KEYS)?;
    Some(ExternalCodeList {
        span: external.span,
        id: r.required_string(&external, "id"),
        version: r.required_string(&external, "version"),
    })
}

const SERVICE_FILE_KEYS: &[&str] = &[
    "service",
    "field",
    "section",
    "computed",
    "decision",
    "fee",
    "role",
    "process",
    "step",
    "deadline",
    "notification",
];
const SERVICE_KEYS: &[&str] = &[
    "id",
    "title",
    "leika",
    "authority",
    "state",
    "valid_from",
    "valid_until",
    "legal_basis",
    "description",
    "fee_rounding",
    "retention",
];

fn read_service(r: &mut Reader<'_>, root: &tree::Table<'_>, folder: String) -> Service {
    let top = r.open(root, Span::at(0), "service file", SERVICE_FILE_KEYS);
    let meta = if let Some(table) = r.table(&top, "service", "[service] table", SERVICE_KEYS) {
        read_metadata(r, &table)
    } else {
        if top.get("service").is_none() {
            r.report(
                Span::at(0),
                ProblemKind::MissingKey {
                    key: "service",
                    what: "service file",
                },
            );
        }
        Metadata {
            id: Spanned::new(String::new(), Span::at(0)),
            ..Metadata::default()
        }
    };
    if !meta.id.value.is_empty() && !folder.is_empty() && meta.id.value != folder {
        r.report(
            meta.id.span,
            ProblemKind::FolderMismatch {
                id: meta.id.value.clone(),
                folder: folder.clone(),
            },
        );
    }
    let mut form = Vec::new();
    for table in r.tables(&top, "field", "field", FIELD_KEYS) {
        form.push(FormItem::Field(read_field(r, &table)));
    }
    for table in r.tables(&top, "section", "section", SECTION_KEYS) {
        form.push(FormItem::Section(read_section(r, &table, 0)));
    }
    // Fields and sections are written as separate arrays; restore the order
    // in which they appear in the file.
    form.sort_by_key(|item| match item {
        FormItem::Field(f) => f.header.start,
        FormItem::Section(s) => s.header.start,
    });

    let computed = r
        .tables(&top, "computed", "computed value", COMPUTED_KEYS)
        .iter()
        .map(|t| Computed {
            header: t.span,
            id: r.id(t, "id"),
            label: r.string(t, "label"),
            expr: required_expression(r, t, "expr"),
        })
        .collect();
    let decisions = r
        .tables(&top, "decision", "decision table", DECISION_KEYS)
        .iter()
        .map(|t| read_decision(r, t))
        .collect();
    let fees = r
        .tables(&top, "fee", "fee", FEE_KEYS)
        .iter()
        .map(|t| read_fee(r, t))
        .collect();
    let roles = r
        .tables(&top, "role", "role", ROLE_KEYS)
        .iter()
        .map(|t| Role {
            header: t.span,
            id: r.id(t, "id"),
            title: r.required_string(t, "title"),
            description: r.string(t, "description"),
        })
        .collect();
    let process = read_process(r, &top);
    let notifications = r
        .tables(&top, "notification", "notification", NOTIFICATION_KEYS)
        .iter()
        .map(|t| Notification {
            header: t.span,
            id: r.id(t, "id"),
            on: r.required_string(t, "on"),
            when: r.expression(t, "when"),
            subject: r.required_string(t, "subject"),
            text: r.required_string(t, "text"),
        })
        .collect();

    Service {
        file: r.file,
        folder,
        meta,
        form,
        computed,
        decisions,
        fees,
        roles,
        process,
        notifications,
    }
}

fn required_expression(
    r: &mut Reader<'_>,
    table: &Table<'_, '_>,
    key: &'static str,
) -> Option<crate::model::Expression> {
    if table.get(key).is_none() {
        r.missing(table, key);
    }
    r.expression(table, key)
}

fn read_metadata(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Metadata {
    if t.get("legal_basis").is_none() {
        r.missing(t, "legal_basis");
    }
    if t.get("valid_from").is_none() {
        r.missing(t, "valid_from");
    }
    Metadata {
        header: t.span,
        id: r.id(t, "id"),
        title: r.required_string(t, "title"),
        leika: r.string(t, "leika"),
        authority: r.required_string(t, "authority"),
        state: r.string(t, "state"),
        valid_from: r.date(t, "valid_from"),
        valid_until: r.date(t, "valid_until"),
        legal_basis: r.string_or_strings(t, "legal_basis"),
        description: r.string(t, "description"),
        fee_rounding: r.keyword(t, "fee_rounding", Rounding::NAMES, Rounding::from_name),
        retention: r.string(t, "retention"),
    }
}

const FIELD_KEYS: &[&str] = &[
    "id",
    "label",
    "help",
    "type",
    "required",
    "visible",
    "validate",
    "fim",
    "fim_rules",
    "min",
    "max",
    "min_length",
    "max_length",
    "pattern",
    "multiline",
    "decimals",
    "options",
    "codelist",
    "external_codelist",
    "min_items",
    "max_items",
    "file_kinds",
    "max_size_kb",
    "text",
    "legal_basis",
];
const FIELD_TYPE_NAMES: &[&str] = &[
    "text",
    "integer",
    "decimal",
    "money",
    "date",
    "boolean",
    "choice",
    "multi_choice",
    "file",
    "email",
    "phone",
    "iban",
    "postal_code",
    "display",
];
const VALIDATE_KEYS: &[&str] = &["rule", "message"];
const FIM_KEYS: &[&str] = &["id", "version"];
const FIM_RULE_KEYS: &[&str] = &["id", "text"];
const SECTION_KEYS: &[&str] = &[
    "id",
    "title",
    "help",
    "visible",
    "repeat",
    "fim",
    "fim_rules",
    "legal_basis",
    "field",
    "section",
];
const REPEAT_KEYS: &[&str] = &["min", "max"];

fn read_field(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Field {
    let kind = if t.get("type").is_some() {
        r.keyword(t, "type", FIELD_TYPE_NAMES, FieldType::from_name)
    } else {
        r.missing(t, "type");
        None
    };
    let is_date = kind.as_ref().is_some_and(|k| k.value == FieldType::Date);
    let required = match t.get("required") {
        Some(value) if matches!(value.get_ref(), tree::Value::Boolean(_)) => {
            r.bool(t, "required").map(Requirement::Always)
        }
        Some(_) => r.expression(t, "required").map(Requirement::When),
        None => None,
    };
    let validate = r
        .tables(t, "validate", "check", VALIDATE_KEYS)
        .iter()
        .map(|v| Validation {
            span: v.span,
            rule: required_expression(r, v, "rule"),
            message: r.required_string(v, "message"),
        })
        .collect();
    let options = read_entries(r, t, "options");
    let codelist = r.string(t, "codelist");
    let external_codelist = read_external(r, t, "external_codelist");
    let sources = [
        options.is_some(),
        codelist.is_some(),
        external_codelist.is_some(),
    ];
    if sources.iter().filter(|given| **given).count() > 1 {
        r.report(
            t.span,
            ProblemKind::Conflicting {
                keys: &["options", "codelist", "external_codelist"],
            },
        );
    }
    Field {
        header: t.span,
        id: r.id(t, "id"),
        label: r.string(t, "label"),
        help: r.string(t, "help"),
        legal_basis: r.string_or_strings(t, "legal_basis"),
        kind,
        required,
        visible: r.expression(t, "visible"),
        validate,
        fim: read_fim(r, t),
        fim_rules: read_fim_rules(r, t),
        min: r.bound(t, "min", is_date),
        max: r.bound(t, "max", is_date),
        min_length: r.integer(t, "min_length"),
        max_length: r.integer(t, "max_length"),
        pattern: r.string(t, "pattern"),
        multiline: r.bool(t, "multiline"),
        decimals: r.integer(t, "decimals"),
        options,
        codelist,
        external_codelist,
        min_items: r.integer(t, "min_items"),
        max_items: r.integer(t, "max_items"),
        file_kinds: r.strings(t, "file_kinds"),
        max_size_kb: r.integer(t, "max_size_kb"),
        text: r.string(t, "text"),
    }
}

fn read_fim(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Option<FimReference> {
    let fim = r.table(t, "fim", "FIM reference", FIM_KEYS)?;
    Some(FimReference {
        span: fim.span,
        id: r.required_string(&fim, "id"),
        version: r.string(&fim, "version"),
    })
}

fn read_fim_rules(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Vec<FimRule> {
    r.tables(t, "fim_rules", "FIM rule", FIM_RULE_KEYS)
        .iter()
        .map(|rule| FimRule {
            span: rule.span,
            id: r.string(rule, "id"),
            text: r.required_string(rule, "text"),
        })
        .collect()
}

/// Sections may nest; deeper than this is refused rather than risking the
/// stack on a hostile file.
const MAX_SECTION_DEPTH: usize = 32;

fn read_section(r: &mut Reader<'_>, t: &Table<'_, '_>, depth: usize) -> Section {
    let repeat = r
        .table(t, "repeat", "repeat setting", REPEAT_KEYS)
        .map(|repeat| Repeat {
            span: repeat.span,
            min: r.integer(&repeat, "min"),
            max: r.integer(&repeat, "max"),
        });
    let mut items = Vec::new();
    for field in r.tables(t, "field", "field", FIELD_KEYS) {
        items.push(FormItem::Field(read_field(r, &field)));
    }
    if depth < MAX_SECTION_DEPTH {
        for section in r.tables(t, "section", "section", SECTION_KEYS) {
            items.push(FormItem::Section(read_section(r, &section, depth + 1)));
        }
    } else if let Some(nested) = t.get("section") {
        r.report(
            span_of(nested),
            ProblemKind::UnknownKey {
                key: "section".into(),
                what: "section nested more than 32 deep",
                suggestion: None,
            },
        );
    }
    items.sort_by_key(|item| match item {
        FormItem::Field(f) => f.header.start,
        FormItem::Section(s) => s.header.start,
    });
    Section {
        header: t.span,
        id: r.id(t, "id"),
        title: r.required_string(t, "title"),
        help: r.string(t, "help"),
        visible: r.expression(t, "visible"),
        repeat,
        fim: read_fim(r, t),
        fim_rules: read_fim_rules(r, t),
        legal_basis: r.string_or_strings(t, "legal_basis"),
        items,
    }
}

const COMPUTED_KEYS: &[&str] = &["id", "label", "expr"];
const DECISION_KEYS: &[&str] = &[
    "id",
    "label",
    "hit_policy",
    "inputs",
    "rules",
    "default",
    "legal_basis",
];
const RULE_KEYS: &[&str] = &["when", "then", "annotation"];

fn read_decision(r: &mut Reader<'_>, t: &Table<'_, '_>) -> DecisionTable {
    if t.get("inputs").is_none() {
        r.missing(t, "inputs");
    }
    if t.get("rules").is_none() {
        r.missing(t, "rules");
    }
    let (inputs, inputs_span) = r.expressions(t, "inputs", Parse::Expression);
    let rules = r
        .tables(t, "rules", "decision rule", RULE_KEYS)
        .iter()
        .map(|rule| {
            if rule.get("when").is_none() {
                r.missing(rule, "when");
            }
            let (when, when_span) = r.expressions(rule, "when", Parse::UnaryTests);
            DecisionRule {
                span: rule.span,
                when,
                when_span,
                then: required_expression(r, rule, "then"),
                annotation: r.string(rule, "annotation"),
            }
        })
        .collect();
    DecisionTable {
        header: t.span,
        id: r.id(t, "id"),
        label: r.string(t, "label"),
        hit_policy: r.keyword(t, "hit_policy", HitPolicy::NAMES, HitPolicy::from_name),
        inputs,
        inputs_span,
        rules,
        default: r.expression(t, "default"),
        legal_basis: r.string(t, "legal_basis"),
    }
}

const FEE_KEYS: &[&str] = &["id", "label", "amount", "when", "legal_basis", "split"];
const SHARE_KEYS: &[&str] = &["authority", "share"];

fn read_fee(r: &mut Reader<'_>, t: &Table<'_, '_>) -> Fee {
    let split = r
        .tables(t, "split", "fee share", SHARE_KEYS)
        .iter()
        .map(|s| FeeShare {
            span: s.span,
            authority: r.required_string(s, "authority"),
            share: required_expression(r, s, "share"),
        })
        .collect();
    Fee {
        header: t.span,
        id: r.id(t, "id"),
        label: r.required_string(t, "label"),
        amount: required_expression(r, t, "amount"),
        when: r.expression(t, "when"),
        legal_basis: r.string(t, "legal_basis"),
        split,
        split_span: t.get("split").map(span_of),
    }
}

const ROLE_KEYS: &[&str] = &["id", "title", "description"];
const PROCESS_KEYS: &[&str] = &["start"];
const STEP_KEYS: &[&str] = &[
    "id",
    "kind",
    "title",
    "role",
    "decisions",
    "events",
    "deadline",
    "outcome",
    "next",
];
const STEP_KIND_NAMES: &[&str] = &["automatic", "task", "wait", "split", "join", "end"];
const OUTCOME_NAMES: &[&str] = &[
    "approved",
    "rejected",
    "withdrawn",
    "deemed_approved",
    "completed",
];
const TRANSITION_KEYS: &[&str] = &["to", "when", "label"];
const STEP_DEADLINE_KEYS: &[&str] = &[
    "label",
    "within",
    "from",
    "days",
    "on_expiry",
    "escalate_to",
    "to",
    "legal_basis",
];
const CASE_DEADLINE_KEYS: &[&str] = &[
    "id",
    "label",
    "within",
    "from",
    "days",
    "on_expiry",
    "escalate_to",
    "to",
    "legal_basis",
];
const NOTIFICATION_KEYS: &[&str] = &["id", "on", "when", "subject", "text"];

fn read_process(r: &mut Reader<'_>, top: &Table<'_, '_>) -> Process {
    let mut process = Process::default();
    if let Some(table) = r.table(top, "process", "[process] table", PROCESS_KEYS) {
        process.header = Some(table.span);
        process.start = r.string(&table, "start");
    }
    for t in r.tables(top, "step", "step", STEP_KEYS) {
        let id = r.id(&t, "id");
        let kind = if t.get("kind").is_some() {
            r.keyword(&t, "kind", STEP_KIND_NAMES, StepKind::from_name)
        } else {
            r.missing(&t, "kind");
            None
        };
        let deadline = r
            .table(&t, "deadline", "deadline", STEP_DEADLINE_KEYS)
            .map(|d| read_deadline(r, &d, Spanned::new(id.value.clone(), d.span), true));
        let next = r
            .tables(&t, "next", "transition", TRANSITION_KEYS)
            .iter()
            .map(|n| Transition {
                span: n.span,
                to: r.required_string(n, "to"),
                when: r.expression(n, "when"),
                label: r.string(n, "label"),
            })
            .collect();
        process.steps.push(Step {
            header: t.span,
            kind,
            title: r.string(&t, "title"),
            role: r.string(&t, "role"),
            decisions: r.strings(&t, "decisions"),
            decisions_span: t.get("decisions").map(span_of),
            events: r.strings(&t, "events"),
            deadline,
            outcome: r.keyword(&t, "outcome", OUTCOME_NAMES, Outcome::from_name),
            next,
            next_span: t.get("next").map(span_of),
            id,
        });
    }
    for t in r.tables(top, "deadline", "deadline", CASE_DEADLINE_KEYS) {
        let id = r.id(&t, "id");
        process.deadlines.push(read_deadline(r, &t, id, false));
    }
    process
}

fn read_deadline(
    r: &mut Reader<'_>,
    t: &Table<'_, '_>,
    id: Spanned<String>,
    of_step: bool,
) -> Deadline {
    if t.get("on_expiry").is_none() {
        r.missing(t, "on_expiry");
    }
    Deadline {
        span: t.span,
        id,
        label: r.string(t, "label"),
        within: r.required_string(t, "within"),
        from: r.keyword(t, "from", Anchor::NAMES, Anchor::from_name),
        days: r.keyword(t, "days", DayCount::NAMES, DayCount::from_name),
        on_expiry: r.keyword(t, "on_expiry", ExpiryAction::NAMES, ExpiryAction::from_name),
        escalate_to: r.string(t, "escalate_to"),
        to: r.string(t, "to"),
        legal_basis: r.string(t, "legal_basis"),
        of_step,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Service, Vec<Problem>) {
        let file = SourceFile::new("services/x/service.toml", text);
        let result = load_file(FileRole::Service, FileId(0), &file, None);
        match result.content {
            Content::Service(service) => (*service, result.problems),
            _ => panic!("not a service"),
        }
    }

    #[test]
    fn unknown_keys_are_reported_with_a_suggestion() {
        let (_, problems) = load_text("[service]\nid = \"x\"\ntitel = \"A\"\n");
        let unknown = problems
            .iter()
            .find_map(|p| match &p.kind {
                ProblemKind::UnknownKey {
                    key, suggestion, ..
                } => Some((key.clone(), *suggestion)),
                _ => None,
            })
            .unwrap();
        assert_eq!(unknown, ("titel".to_owned(), Some("title")));
    }

    #[test]
    fn fields_and_sections_keep_the_order_of_the_file() {
        let (service, _) =
            load_text("[[field]]\nid = \"a\"\n[[section]]\nid = \"s\"\n[[field]]\nid = \"b\"\n");
        let order: Vec<&str> = service
            .form
            .iter()
            .map(|item| match item {
                FormItem::Field(f) => f.id.value.as_str(),
                FormItem::Section(s) => s.id.value.as_str(),
            })
            .collect();
        assert_eq!(order, ["a", "s", "b"]);
    }

    #[test]
    fn numbers_are_read_exactly_from_their_digits() {
        let (service, _) = load_text("[[field]]\nid = \"a\"\ntype = \"decimal\"\nmin = 4.70\n");
        let FormItem::Field(field) = &service.form[0] else {
            panic!()
        };
        match &field.min.as_ref().unwrap().value {
            crate::model::Bound::Number(n) => assert_eq!(n.to_string(), "4.70"),
            other @ crate::model::Bound::Date(_) => panic!("{other:?}"),
        }
    }

    #[test]
    fn files_in_memory_load_by_their_place_in_the_repository() {
        let loaded = load_from_memory(vec![
            (
                "ozg.toml".into(),
                b"[project]\nname = \"x\"\nformat = 1\n".to_vec(),
            ),
            (
                "services/a/service.toml".into(),
                b"[service]\nid = \"a\"\n".to_vec(),
            ),
            (
                "codelists/c.toml".into(),
                b"[codelist]\nid = \"c\"\n".to_vec(),
            ),
            ("README.md".into(), b"not a model".to_vec()),
        ]);
        assert_eq!(loaded.repository.services.len(), 1);
        assert_eq!(loaded.repository.codelists.len(), 1);
        assert!(loaded.repository.config.file.is_some());
        assert_eq!(loaded.repository.sources.len(), 3);
    }

    #[test]
    fn a_syntax_error_is_a_problem_not_a_failure() {
        let file = SourceFile::new("s.toml", "[service\nid = 1");
        let result = load_file(FileRole::Service, FileId(0), &file, None);
        assert!(matches!(
            result.problems[0].kind,
            ProblemKind::Syntax { .. }
        ));
    }
}
