//! `ozg lint`: checking model repositories like a compiler checks code.
//!
//! Each check is a [`Rule`] with a stable code, a name, a default severity
//! and its documentation; `docs/rules.md` and `ozg explain` are generated
//! from those same values, so the documentation cannot drift from the
//! checks. A run loads the repository, turns the loader's problems into
//! findings, runs every rule over the model, then applies the repository's
//! severity settings and the `# ozg: allow` comments.

pub mod conditions;
pub mod messages;
pub mod messages_fim;
pub mod output;
pub mod rules;
pub mod sets;

use std::fmt;
use std::path::PathBuf;

use crate::model::Repository;
use std::sync::Arc;

use crate::model::load::{LoadError, Loaded, Plan, Problem, ProblemKind, load_part, plan_paths};
use crate::source::{FileId, LineCol, SourceFile, SourceMap, Span};

pub use rules::{RULES, Rule, find_rule};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A severity setting from `ozg.toml`: a severity, or the rule switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub const NAMES: &[&str] = &["error", "warning", "info", "off"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "error" => Level::On(Severity::Error),
            "warning" => Level::On(Severity::Warning),
            "info" => Level::On(Severity::Info),
            "off" => Level::Off,
            _ => return None,
        })
    }
}

/// One thing found wrong, at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// Other places that explain the finding (the first of two duplicates).
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            file,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message and help, for showing a finding in one line.
    pub fn into_text(self) -> (String, Option<String>) {
        (self.message, self.help)
    }

    #[must_use]
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub fn with_related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }
}

/// The findings of one repository, with the files they point into.
#[derive(Debug)]
pub struct RepositoryReport {
    pub root: PathBuf,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// How many model files were checked.
    pub files_checked: usize,
}

/// The findings of a whole run, over one or more repositories.
#[derive(Debug, Default)]
pub struct Report {
    pub repositories: Vec<RepositoryReport>,
}

/// A finding with its place resolved to path, line and column, as every
/// output format needs it.
#[derive(Debug, Clone)]
pub struct Finding<'a> {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub file: &'a SourceFile,
    pub span: Span,
    pub start: LineCol,
    /// Just past the last character.
    pub end: LineCol,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub related: Vec<RelatedFinding<'a>>,
}

#[derive(Debug, Clone)]
pub struct RelatedFinding<'a> {
    pub file: &'a SourceFile,
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
    pub message: &'a str,
}

impl Report {
    /// Every finding, in file and position order.
    pub fn findings(&self) -> Vec<Finding<'_>> {
        let mut out = Vec::new();
        for repo in &self.repositories {
            for d in &repo.diagnostics {
                let file = repo.sources.get(d.file);
                out.push(Finding {
                    rule: d.rule,
                    severity: d.severity,
                    file,
                    span: d.span,
                    start: file.line_col(d.span.start),
                    end: file.line_col(d.span.end),
                    message: &d.message,
                    help: d.help.as_deref(),
                    related: d
                        .related
                        .iter()
                        .map(|r| {
                            let file = repo.sources.get(r.file);
                            RelatedFinding {
                                file,
                                span: r.span,
                                start: file.line_col(r.span.start),
                                end: file.line_col(r.span.end),
                                message: &r.message,
                            }
                        })
                        .collect(),
                });
            }
        }
        out
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.repositories
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn files_checked(&self) -> usize {
        self.repositories.iter().map(|r| r.files_checked).sum()
    }
}

/// Why a lint run could not be carried out (as opposed to what it found).
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{path} holds no model files: a model repository has services/<id>/service.toml")]
    NothingToCheck { path: PathBuf },
    #[error("{path} is not valid TOML: {message}")]
    BrokenConfig { path: PathBuf, message: String },
}

/// Lints the given paths: each may be a repository root or any file or
/// folder inside one. Paths in the same repository are checked together.
pub fn lint_paths(paths: &[PathBuf]) -> Result<Report, LintError> {
    let mut report = Report::default();
    for (plan, members) in plan_paths(paths)? {
        let only_config =
            plan.services.is_empty() && plan.shared.iter().all(|f| f.relative() == "ozg.toml");
        if only_config {
            return Err(LintError::NothingToCheck {
                path: members[0].clone(),
            });
        }
        report.repositories.push(lint_plan(&plan)?);
    }
    Ok(report)
}

/// Lints a repository part by part: first its settings and code lists,
/// then each service with its scenarios, in parallel, each dropped once it
/// is checked. A large repository is never held in memory all at once;
/// only the text of the files with findings is kept, for showing them.
fn lint_plan(plan: &Plan) -> Result<RepositoryReport, LintError> {
    use rayon::prelude::*;

    let Loaded {
        repository: mut shared,
        problems,
    } = load_part(&plan.shared, FileId(0))?;
    shared.root.clone_from(&plan.root);
    refuse_broken_config(&shared, &problems)?;
    let mut diagnostics: Vec<Diagnostic> =
        problems.iter().map(rules::files::from_problem).collect();
    diagnostics.extend(rules::check_shared(&shared));
    let mut diagnostics = apply_settings(&shared, diagnostics);

    let parts: Vec<Result<(SourceMap, Vec<Diagnostic>), LoadError>> = plan
        .services
        .par_iter()
        .zip(plan.first_ids())
        .map(|(files, first)| {
            let Loaded {
                repository: part,
                problems,
            } = load_part(files, first)?;
            let codelists = if part.codelists.is_empty() {
                Arc::clone(&shared.codelists)
            } else {
                // A code list named outside the layout is checked with the rest.
                let mut all = shared.codelists.as_ref().clone();
                all.extend(part.codelists.iter().cloned());
                Arc::new(all)
            };
            let part = Repository {
                config: Arc::clone(&shared.config),
                codelists,
                root: plan.root.clone(),
                ..part
            };
            let mut found: Vec<Diagnostic> =
                problems.iter().map(rules::files::from_problem).collect();
            found.extend(rules::check_part(&part));
            let found = apply_settings(&part, found);
            let mut sources = part.sources;
            if found.is_empty() {
                sources.forget_texts();
            }
            Ok((sources, found))
        })
        .collect();

    let mut sources = shared.sources;
    for part in parts {
        let (part_sources, found) = part?;
        sources.append(part_sources);
        diagnostics.extend(found);
    }
    Ok(RepositoryReport {
        root: plan.root.clone(),
        files_checked: sources.len(),
        diagnostics,
        sources,
    })
}

/// A repository whose `ozg.toml` cannot be read is not checked: its
/// settings decide how everything else is checked.
fn refuse_broken_config(repository: &Repository, problems: &[Problem]) -> Result<(), LintError> {
    // A config file that does not parse leaves `config.file` unset, so it
    // is also looked up by its place in the repository.
    let config_file = repository.config.file.or_else(|| {
        repository
            .sources
            .iter()
            .find(|(_, f)| f.relative == "ozg.toml")
            .map(|(id, _)| id)
    });
    let Some(config_file) = config_file else {
        return Ok(());
    };
    for problem in problems.iter().filter(|p| p.file == config_file) {
        let message = match &problem.kind {
            ProblemKind::Syntax { message } => message.as_str(),
            ProblemKind::NotUtf8 { .. } => "this is not UTF-8 text; save the file as UTF-8",
            _ => continue,
        };
        let file = repository.sources.get(config_file);
        let at = file.line_col(problem.span.start);
        return Err(LintError::BrokenConfig {
            path: file.path.clone(),
            message: format!("line {}, column {}: {message}", at.line, at.column),
        });
    }
    Ok(())
}

/// Runs every rule over a loaded repository.
pub fn lint_loaded(loaded: &Loaded) -> Result<RepositoryReport, LintError> {
    let Loaded {
        repository,
        problems,
    } = loaded;
    refuse_broken_config(repository, problems)?;

    let mut diagnostics: Vec<Diagnostic> =
        problems.iter().map(rules::files::from_problem).collect();
    diagnostics.extend(rules::check_repository(repository));
    let diagnostics = apply_settings(repository, diagnostics);
    Ok(RepositoryReport {
        root: repository.root.clone(),
        files_checked: repository.sources.len(),
        diagnostics,
        // The report keeps the files' text to show findings; the caller
        // keeps the model, e.g. to run its scenarios.
        sources: repository.sources.clone(),
    })
}

/// Applies severity settings and `# ozg: allow` comments, then sorts.
fn apply_settings(repository: &Repository, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut comments: rustc_hash::FxHashMap<FileId, rustc_hash::FxHashMap<usize, &str>> =
        rustc_hash::FxHashMap::default();
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match level_for(repository, d.rule) {
                Some(Level::Off) => return None,
                Some(Level::On(severity)) => d.severity = severity,
                None => {}
            }
            let file = repository.sources.get(d.file);
            let comments = comments
                .entry(d.file)
                .or_insert_with(|| comments_by_line(file));
            let comment = comments.get(&file.line_col(d.span.start).line);
            (!comment.is_some_and(|c| allows(c, d.rule))).then_some(d)
        })
        .collect();
    out.sort_by(|a, b| {
        (a.file, a.span.start, a.rule.code).cmp(&(b.file, b.span.start, b.rule.code))
    });
    out.dedup();
    out
}

fn level_for(repository: &Repository, rule: &Rule) -> Option<Level> {
    repository
        .config
        .rule_levels
        .iter()
        .rev()
        .find(|(name, _)| name.value == rule.code || name.value == rule.name)
        .and_then(|(_, level)| Level::from_name(&level.value))
}

/// The comments of a file by their 1-based line, found with TOML's lexer,
/// so that a `#` inside a string, even one of several lines, is not taken
/// for one.
fn comments_by_line(file: &SourceFile) -> rustc_hash::FxHashMap<usize, &str> {
    toml_parser::Source::new(&file.text)
        .lex()
        .filter(|token| token.kind() == toml_parser::lexer::TokenKind::Comment)
        .filter_map(|token| {
            let (start, end) = (token.span().start(), token.span().end());
            let line = file.line_col(u32::try_from(start).ok()?).line;
            Some((line, file.text.get(start..end)?))
        })
        .collect()
}

/// Whether a comment is `# ozg: allow CODE[, CODE...]` naming the rule by
/// code or name.
fn allows(comment: &str, rule: &Rule) -> bool {
    let Some(at) = comment.find("ozg:") else {
        return false;
    };
    let rest = comment[at + 4..].trim_start();
    let Some(list) = rest.strip_prefix("allow") else {
        return false;
    };
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .any(|s| s.eq_ignore_ascii_case(rule.code) || s == rule.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether line `line` of `text` allows OZG513 (unused-role).
    fn allowed(text: &str, line: usize) -> bool {
        let file = SourceFile::new("service.toml", text);
        let rule = rules::find_rule("OZG513").unwrap();
        comments_by_line(&file)
            .get(&line)
            .is_some_and(|comment| allows(comment, rule))
    }

    #[test]
    fn allow_comment_names_rule_by_code_or_name() {
        assert!(allowed("[[role]]  # ozg: allow OZG513", 1));
        assert!(allowed(
            "id = \"x\" # ozg:allow unused-computed, unused-role",
            1
        ));
        assert!(allowed("a = 1\r\n[[role]]  # ozg: allow OZG513\r\n", 2));
        assert!(!allowed("[[role]]  # ozg: allow OZG512", 1));
        assert!(!allowed("[[role]]", 1));
        assert!(!allowed("[[role]]  # ozg: allow OZG513", 2));
    }

    #[test]
    fn allow_comment_inside_a_string_is_text() {
        assert!(!allowed(r#"title = "Hund # ozg: allow OZG513""#, 1));
        assert!(allowed(r#"title = "Hund #1"  # ozg: allow OZG513"#, 1));
        let multi_line = "when = '''\ndogs > 1 # ozg: allow OZG513\n'''\n";
        assert!(!allowed(multi_line, 2));
    }
}
