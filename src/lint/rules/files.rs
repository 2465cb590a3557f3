//! Rules about the files themselves: syntax, keys, value types, ids.
//!
//! Most of these findings come from the loader, which notices them while
//! reading; this module gives them their rule and their words. Duplicate ids
//! are found here, after loading, because a duplicate is only visible once
//! all of a file has been read.

use rustc_hash::FxHashMap;

use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Level, Severity};
use crate::model::load::{Problem, ProblemKind};
use crate::model::{CodeEntry, Repository, Service};
use crate::source::{FileId, Span, Spanned};

pub static TOML_SYNTAX: Rule = Rule {
    code: "OZG101",
    name: "toml-syntax",
    summary: "The file is not valid TOML.",
    severity: Severity::Error,
    explanation: "A model file must be valid TOML, or nothing in it can be read. Typical \
        mistakes are a missing closing quote or bracket, a key written twice in the same table, \
        and text without quotes. A file that is not UTF-8 text is reported by this rule too.",
    wrong: "[service]\nid = \"hundesteuer\ntitle = \"Hundesteuer anmelden\"",
    right: "[service]\nid = \"hundesteuer\"\ntitle = \"Hundesteuer anmelden\"",
};

pub static UNKNOWN_KEY: Rule = Rule {
    code: "OZG102",
    name: "unknown-key",
    summary: "A key that the format does not know.",
    severity: Severity::Error,
    explanation: "Every key of a model file has a meaning described in docs/format.md. A key \
        the format does not know is most often a typo; it would otherwise be ignored silently, \
        and the setting the author meant would not apply.",
    wrong: "[[field]]\nid = \"name\"\nlable = \"Name\"\ntype = \"text\"",
    right: "[[field]]\nid = \"name\"\nlabel = \"Name\"\ntype = \"text\"",
};

pub static WRONG_TYPE: Rule = Rule {
    code: "OZG103",
    name: "wrong-type",
    summary: "A value of the wrong kind, such as text where a number belongs.",
    severity: Severity::Error,
    explanation: "Each key takes one kind of value: text in quotes, a number, `true` or \
        `false`, a date, a list or a table. A value of another kind cannot be used.",
    wrong: "[[field]]\nid = \"count\"\nlabel = \"Anzahl\"\ntype = \"integer\"\nmax = \"10\"",
    right: "[[field]]\nid = \"count\"\nlabel = \"Anzahl\"\ntype = \"integer\"\nmax = 10",
};

pub static MISSING_KEY: Rule = Rule {
    code: "OZG104",
    name: "missing-key",
    summary: "A key that must be there is missing.",
    severity: Severity::Error,
    explanation: "Some keys are required: every field needs an `id` and a `type`, every step \
        an `id` and a `kind`, every service its metadata. The finding points at the table that \
        lacks the key.",
    wrong: "[[step]]\nid = \"review\"\nrole = \"clerk\"",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"",
};

pub static DUPLICATE_ID: Rule = Rule {
    code: "OZG105",
    name: "duplicate-id",
    summary: "Two things of the same kind share an id.",
    severity: Severity::Error,
    explanation: "Ids name fields, steps, roles, fees and code list entries; expressions, \
        transitions and scenarios refer to them. Two with the same id make every reference \
        ambiguous. Fields, sections, computed values, decision tables and fees share one set \
        of names, since all of them can be used in expressions. The finding points at the \
        second occurrence and shows the first.",
    wrong: "[[role]]\nid = \"clerk\"\ntitle = \"Sachbearbeitung\"\n\n\
        [[role]]\nid = \"clerk\"\ntitle = \"Amtsleitung\"",
    right: "[[role]]\nid = \"clerk\"\ntitle = \"Sachbearbeitung\"\n\n\
        [[role]]\nid = \"head_of_office\"\ntitle = \"Amtsleitung\"",
};

pub static INVALID_VALUE: Rule = Rule {
    code: "OZG106",
    name: "invalid-value",
    summary: "A value outside the allowed set, or an id that is not written as ids are.",
    severity: Severity::Error,
    explanation: "Some keys take one of a fixed set of words (`kind = \"task\"`, \
        `hit_policy = \"first\"`). Ids start with a lower-case letter and use only lower-case \
        letters, digits and underscores, so that they can be used as names in expressions. \
        Dates are dates without a time of day.",
    wrong: "[[step]]\nid = \"Review Step\"\nkind = \"tsk\"",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"",
};

pub static FOLDER_MISMATCH: Rule = Rule {
    code: "OZG107",
    name: "folder-mismatch",
    summary: "A service's id differs from its folder name, or a code list's from its file name.",
    severity: Severity::Error,
    explanation: "`services/<id>/service.toml` and `codelists/<id>.toml` are found by their \
        names. An id that differs from the name of its folder or file makes the repository \
        hard to navigate and breaks references by path.",
    wrong: "# services/hundesteuer/service.toml\n[service]\nid = \"dog_tax\"",
    right: "# services/hundesteuer/service.toml\n[service]\nid = \"hundesteuer\"",
};

pub static FORMAT_VERSION: Rule = Rule {
    code: "OZG108",
    name: "format-version",
    summary: "`ozg.toml` names no format version, or one this ozg does not read.",
    severity: Severity::Error,
    explanation: "`project.format` says which version of the model format the repository is \
        written in, so that a later ozg can migrate it. A version newer than this ozg knows \
        means ozg must be updated.",
    wrong: "[project]\nname = \"Online-Dienste\"",
    right: "[project]\nname = \"Online-Dienste\"\nformat = 1",
};

pub static UNKNOWN_RULE: Rule = Rule {
    code: "OZG109",
    name: "unknown-rule",
    summary: "A severity setting in `ozg.toml` names no rule, or no severity.",
    severity: Severity::Error,
    explanation: "`[lint.rules]` changes the severity of rules by code or name, to `error`, \
        `warning`, `info` or `off`. A setting for a rule that does not exist has no effect.",
    wrong: "[lint.rules]\nunused-rolle = \"off\"",
    right: "[lint.rules]\nunused-role = \"off\"",
};

/// The finding for a problem the loader found.
pub fn from_problem(problem: &Problem) -> Diagnostic {
    use crate::lint::rules::domain;
    let at = |rule: &'static Rule, (message, help): (String, Option<String>)| {
        Diagnostic::new(rule, problem.file, problem.span, message).with_optional_help(help)
    };
    match &problem.kind {
        ProblemKind::Syntax { message } => at(&TOML_SYNTAX, msg::toml_syntax(message)),
        ProblemKind::NotUtf8 { .. } => at(&TOML_SYNTAX, msg::not_utf8()),
        ProblemKind::UnknownKey {
            key,
            what,
            suggestion,
        } => at(&UNKNOWN_KEY, msg::unknown_key(key, what, *suggestion)),
        ProblemKind::WrongType {
            key,
            expected,
            found,
        } => {
            if key == "valid_from" {
                at(&domain::VALID_FROM, msg::wrong_type(key, expected, found))
            } else {
                at(&WRONG_TYPE, msg::wrong_type(key, expected, found))
            }
        }
        ProblemKind::MissingKey { key, what } => match *key {
            "valid_from" => at(&domain::VALID_FROM, msg::missing_valid_from()),
            "format" => at(&FORMAT_VERSION, msg::missing_format()),
            "label" | "title" if matches!(*what, "field" | "section") => {
                at(&domain::MISSING_LABEL, msg::missing_key(key, what))
            }
            _ => at(&MISSING_KEY, msg::missing_key(key, what)),
        },
        ProblemKind::InvalidKeyword {
            key,
            value,
            allowed,
            suggestion,
        } => at(
            &INVALID_VALUE,
            msg::invalid_keyword(key, value, allowed, *suggestion),
        ),
        ProblemKind::InvalidId { id } => at(&INVALID_VALUE, msg::invalid_id(id)),
        ProblemKind::InvalidDate { key } | ProblemKind::DateWithTime { key } => {
            let rule = if key == "valid_from" {
                &domain::VALID_FROM
            } else {
                &INVALID_VALUE
            };
            at(rule, msg::invalid_date(key))
        }
        ProblemKind::DateAsText { key, text } => {
            let rule = if key == "valid_from" {
                &domain::VALID_FROM
            } else {
                &INVALID_VALUE
            };
            at(rule, msg::date_as_text(key, text))
        }
        ProblemKind::NumberOutOfRange { key } => at(&INVALID_VALUE, msg::number_out_of_range(key)),
        ProblemKind::UnsupportedFormat { found } => {
            at(&FORMAT_VERSION, msg::unsupported_format(*found))
        }
        ProblemKind::FolderMismatch { id, folder } => {
            at(&FOLDER_MISMATCH, msg::folder_mismatch(id, folder))
        }
        ProblemKind::Conflicting { keys } => at(&INVALID_VALUE, msg::conflicting_keys(keys)),
    }
}

/// Repository-wide checks: code list ids and names, and the rule settings.
pub fn check_repository(repository: &Repository) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for list in repository.codelists.iter() {
        seen.check(&mut out, list.file, &list.id, "code list");
        if !list.id.value.is_empty() && list.id.value != list.file_stem {
            let (message, help) = msg::codelist_name_mismatch(&list.id.value, &list.file_stem);
            out.push(
                Diagnostic::new(&FOLDER_MISMATCH, list.file, list.id.span, message)
                    .with_optional_help(help),
            );
        }
        if let Some(entries) = &list.entries {
            check_entries(&mut out, list.file, &entries.value);
        }
    }
    if let Some(file) = repository.config.file {
        for (name, level) in &repository.config.rule_levels {
            if crate::lint::find_rule(&name.value).is_none() {
                let names: Vec<&'static str> = crate::lint::RULES
                    .iter()
                    .flat_map(|r| [r.code, r.name])
                    .collect();
                let suggestion = crate::suggest::closest(&name.value, names.iter().copied());
                let (message, help) = msg::unknown_rule(&name.value, suggestion);
                out.push(
                    Diagnostic::new(&UNKNOWN_RULE, file, name.span, message)
                        .with_optional_help(help),
                );
            }
            if Level::from_name(&level.value).is_none() {
                let (message, help) = msg::invalid_level(&level.value);
                out.push(
                    Diagnostic::new(&UNKNOWN_RULE, file, level.span, message)
                        .with_optional_help(help),
                );
            }
        }
    }
    out
}

/// Names that expressions provide themselves and that no field may take.
pub const RESERVED_NAMES: &[&str] = &["submitted", "decision", "event", "fees_total", "item"];

/// Duplicate ids within one service.
pub fn check_service(service: &Service, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    let mut names = Seen::default();
    for (field, _) in service.fields() {
        names.check(out, file, &field.id, "field");
        if let Some(options) = &field.options {
            check_entries(out, file, &options.value);
        }
    }
    for section in service.sections() {
        names.check(out, file, &section.id, "section");
    }
    for computed in &service.computed {
        names.check(out, file, &computed.id, "computed value");
    }
    for decision in &service.decisions {
        names.check(out, file, &decision.id, "decision table");
    }
    for fee in &service.fees {
        names.check(out, file, &fee.id, "fee");
    }
    for (id, &(span, _)) in &names.first {
        if RESERVED_NAMES.contains(id) {
            let (message, help) = msg::reserved_name(id);
            out.push(Diagnostic::new(&DUPLICATE_ID, file, span, message).with_optional_help(help));
        }
    }

    let mut steps = Seen::default();
    for step in &service.process.steps {
        steps.check(out, file, &step.id, "step");
        let mut decisions = Seen::default();
        for decision in &step.decisions {
            decisions.check(out, file, decision, "decision");
        }
        let mut events = Seen::default();
        for event in &step.events {
            events.check(out, file, event, "event");
        }
    }
    let mut roles = Seen::default();
    for role in &service.roles {
        roles.check(out, file, &role.id, "role");
    }
    let mut deadlines = Seen::default();
    for deadline in &service.process.deadlines {
        deadlines.check(out, file, &deadline.id, "deadline");
    }
    let mut notifications = Seen::default();
    for notification in &service.notifications {
        notifications.check(out, file, &notification.id, "notification");
    }
}

fn check_entries(out: &mut Vec<Diagnostic>, file: FileId, entries: &[CodeEntry]) {
    let mut codes = Seen::default();
    for entry in entries {
        codes.check(out, file, &entry.code, "code");
    }
}

/// The first occurrence of each id seen so far, by kind.
#[derive(Default)]
struct Seen<'a> {
    first: FxHashMap<&'a str, (Span, &'static str)>,
}

impl<'a> Seen<'a> {
    fn check(
        &mut self,
        out: &mut Vec<Diagnostic>,
        file: FileId,
        id: &'a Spanned<String>,
        what: &'static str,
    ) {
        if id.value.is_empty() {
            return;
        }
        match self.first.get(id.value.as_str()) {
            Some(&(first, first_what)) => {
                let (message, help) = msg::duplicate_id(&id.value, what, first_what);
                out.push(
                    Diagnostic::new(&DUPLICATE_ID, file, id.span, message)
                        .with_optional_help(help)
                        .with_related(file, first, msg::first_defined_here(first_what)),
                );
            }
            None => {
                self.first.insert(&id.value, (id.span, what));
            }
        }
    }
}
