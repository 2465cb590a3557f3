//! The lint rules, and the registry from which their documentation is
//! generated.
//!
//! Rules are grouped by what they look at: the files themselves, references
//! between parts of a service, the process graph, expressions, and the
//! domain (legal metadata, form constraints, decision tables). Each group
//! is one module with the rules' definitions next to the code that checks
//! them. Codes are stable: `OZG1xx` files, `OZG2xx` references, `OZG3xx`
//! process, `OZG4xx` expressions, `OZG5xx` domain, `OZG6xx` scenarios,
//! `OZG7xx` FIM quality.

pub mod dependencies;
pub mod docs;
pub mod domain;
pub mod expressions;
pub mod files;
pub mod fim;
pub mod guards;
pub mod process;
pub mod references;
pub mod scenarios;
pub mod tables;

use crate::lint::{Diagnostic, Severity};
use crate::model::{Repository, Service};

/// A check with a stable code, a name and its documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, such as `OZG302`.
    pub code: &'static str,
    /// Stable name in kebab case, such as `unreachable-step`.
    pub name: &'static str,
    /// What the rule finds, in one line.
    pub summary: &'static str,
    pub severity: Severity,
    /// What the rule checks and why it matters (Markdown).
    pub explanation: &'static str,
    /// A model the rule reports (TOML).
    pub wrong: &'static str,
    /// The same model written right (TOML).
    pub right: &'static str,
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &files::TOML_SYNTAX,
    &files::UNKNOWN_KEY,
    &files::WRONG_TYPE,
    &files::MISSING_KEY,
    &files::DUPLICATE_ID,
    &files::INVALID_VALUE,
    &files::FOLDER_MISMATCH,
    &files::FORMAT_VERSION,
    &files::UNKNOWN_RULE,
    &references::UNKNOWN_STEP,
    &references::UNKNOWN_ROLE,
    &references::UNKNOWN_CODELIST,
    &expressions::UNKNOWN_NAME,
    &references::EXPIRY_TARGET,
    &references::UNDECLARED_DECISION,
    &process::START_STEP,
    &process::UNREACHABLE_STEP,
    &process::NO_WAY_TO_END,
    &process::END_WITH_TRANSITIONS,
    &process::UNHANDLED_DECISION,
    &process::DEFAULT_NOT_LAST,
    &process::GUARD_GAP,
    &process::GUARD_OVERLAP,
    &process::UNMATCHED_SPLIT,
    &process::STEP_SHAPE,
    &expressions::FEEL_SYNTAX,
    &expressions::TYPE_MISMATCH,
    &expressions::NOT_BOOLEAN,
    &expressions::NOT_A_NUMBER,
    &domain::LEIKA_FORMAT,
    &domain::VALID_FROM,
    &domain::VALIDITY_ORDER,
    &domain::UNKNOWN_STATE,
    &domain::MISSING_LEGAL_BASIS,
    &domain::INVALID_DURATION,
    &domain::MISSING_LABEL,
    &domain::CHOICE_WITHOUT_OPTIONS,
    &domain::MIN_ABOVE_MAX,
    &domain::CONDITION_CYCLE,
    &domain::OVERLAPPING_RULES,
    &domain::UNUSED_COMPUTED,
    &domain::UNUSED_ROLE,
    &domain::EXTERNAL_CODELIST,
    &domain::INVALID_PATTERN,
    &domain::RULE_CELLS,
    &domain::SPLIT_SUM,
    &scenarios::UNKNOWN_FIELD,
    &scenarios::UNKNOWN_STEP,
    &scenarios::UNKNOWN_DECISION,
    &scenarios::UNKNOWN_ITEM,
    &scenarios::DATE_ORDER,
    &scenarios::WITHOUT_SERVICE,
    &fim::RULE_AS_TEXT,
    &fim::RULE_WITHOUT_TEXT,
    &fim::FIM_ID,
    &fim::VERSION_MIX,
    &fim::EMPTY_GROUP,
    &fim::SINGLE_ELEMENT_GROUP,
    &fim::CODELIST_URN,
    &fim::CODELIST_VERSION,
    &fim::FEW_CODES,
    &fim::DUPLICATE_LABEL,
    &fim::HELP_REPEATS_LABEL,
    &fim::TEXT_LENGTH,
    &fim::VALUE_RANGE,
    &fim::LEGAL_BASIS,
    &fim::REPEATED_ELEMENT,
];

/// The rule with this code or name (codes are matched case-insensitively).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Runs every rule over the repository. Services are checked in parallel.
pub fn check_repository(repository: &Repository) -> Vec<Diagnostic> {
    let mut out = check_shared(repository);
    out.extend(check_part(repository));
    out
}

/// Checks of what every service uses: the settings and the code lists.
pub fn check_shared(repository: &Repository) -> Vec<Diagnostic> {
    let mut out = files::check_repository(repository);
    out.extend(domain::check_repository(repository));
    out
}

/// Checks of the services and scenarios of a repository (or of a part of
/// one that holds them), in parallel.
pub fn check_part(repository: &Repository) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut out = scenarios::check_repository(repository);
    let per_service: Vec<Vec<Diagnostic>> = repository
        .services
        .par_iter()
        .map(|s| check_service(repository, s))
        .collect();
    out.extend(per_service.into_iter().flatten());
    out
}

fn check_service(repository: &Repository, service: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    files::check_service(service, &mut out);
    references::check_service(repository, service, &mut out);
    process::check_service(repository, service, &mut out);
    expressions::check_service(repository, service, &mut out);
    domain::check_service(repository, service, &mut out);
    dependencies::check_service(service, &mut out);
    tables::check_service(repository, service, &mut out);
    fim::check_service(repository, service, &mut out);
    out
}
