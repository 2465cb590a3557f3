//! The words of the FIM importer: its errors, its warnings, and the
//! comments and notes it writes into the files it creates.
//!
//! They are written for administrative staff: what happened, where, and
//! what to do. A translation replaces this module and nothing else. Texts
//! that end up in front of applicants (the legal references added to help
//! texts) are German like the FIM content they come with.

use std::path::Path;

use jiff::civil::Date;

use crate::fim::genericode::GenericodeError;
use crate::fim::xdf::{Cardinality, NoteKind, ReadError};
use crate::fim::xml::{Position, XmlError};
use crate::fim::{FimError, Warning, WarningKind};

fn at(path: &Path, position: Option<Position>) -> String {
    match position {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    }
}

/// The text of an error, with the file and place it concerns.
pub fn error(error: &FimError) -> String {
    match error {
        FimError::Read { path, source } => format!("cannot read {}: {source}", path.display()),
        FimError::Xml { path, error } => {
            format!("{}: {}", at(path, error.position()), xml_error(error))
        }
        FimError::Message { path, error } => match error {
            ReadError::NotXdatenfelder {
                position,
                name,
                namespace,
            } => format!(
                "{}: this is not an XDatenfelder file: its root element is <{name}> in {}; \
                 FIM forms use a namespace that starts with urn:xoev-de:fim:standard:xdatenfelder",
                at(path, Some(*position)),
                namespace.as_deref().map_or_else(
                    || "no namespace".to_owned(),
                    |n| format!("the namespace {n}")
                ),
            ),
            ReadError::CodeList { position } => format!(
                "{}: this is a genericode code list, not a form; put it next to the schema or \
                 pass its folder with --codelists",
                at(path, Some(*position))
            ),
            ReadError::Missing {
                position,
                parent,
                element,
            } => format!(
                "{}: <{parent}> has no <{element}>, which the import needs; the file is \
                 incomplete or not an XDatenfelder schema, group or field",
                at(path, Some(*position))
            ),
        },
        FimError::EmptyForm { path, position } => format!(
            "{}: the schema holds no field and no group (FIM 1078, 1023); there is nothing to \
             import",
            at(path, Some(*position))
        ),
        FimError::NotAFolder { path } => format!(
            "{} is not a folder; --codelists needs the folder that holds the genericode files",
            path.display()
        ),
        FimError::UnknownState { given } => format!(
            "`{given}` is not a federal state; use one of BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, \
             RP, SL, SN, ST, SH, TH"
        ),
        FimError::NoState { config } => format!(
            "no federal state is known: {} names none, or does not exist yet. Say whose public \
             holidays apply, for example with --state BW",
            config.display()
        ),
        FimError::InvalidServiceId { given } => format!(
            "`{given}` cannot be a service id; ids start with a lower-case letter and use only \
             a-z, 0-9 and _"
        ),
        FimError::ServiceIdForManyFiles => "--id names one service, but several files are \
            imported; leave --id out or import one file at a time"
            .to_owned(),
        FimError::BrokenConfig { path, detail } => format!(
            "{} is not valid TOML ({detail}); correct it before importing into this repository",
            path.display()
        ),
        FimError::WouldOverwrite { paths } => format!(
            "these files exist with other content: {}. Nothing was written. Use --force to \
             replace them, or import into another folder",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        FimError::Write { path, source } => format!("cannot write {}: {source}", path.display()),
    }
}

/// What is wrong with a file that is not readable XML, without the place.
pub fn xml_error(error: &XmlError) -> String {
    match error {
        XmlError::UnknownEncoding { label } => format!(
            "the file declares the encoding \"{label}\", which cannot be read; save it as UTF-8"
        ),
        XmlError::Encoding { encoding, .. } => format!(
            "the file is not valid {encoding} text here; save it as UTF-8 or correct the \
             encoding in its first line"
        ),
        XmlError::Syntax { detail, .. } => format!(
            "the file is not well-formed XML here ({detail}); a tag may be misspelt, not closed \
             or cut off"
        ),
        XmlError::Unclosed { name, opened, .. } => format!(
            "the file ends before <{name}> (opened at line {}, column {}) is closed; it is \
             probably cut off",
            opened.line, opened.column
        ),
        XmlError::UnknownEntity { name, .. } => format!(
            "unknown entity &{name}; XML knows only &amp; &lt; &gt; &quot; &apos; and character \
             references such as &#228;"
        ),
        XmlError::UnboundPrefix { prefix, .. } => {
            format!("the prefix `{prefix}:` is used but not declared with xmlns:{prefix}=\"…\"")
        }
        XmlError::TooDeep { .. } => format!(
            "elements are nested more than {} deep; this is not a FIM file",
            crate::fim::xml::MAX_DEPTH
        ),
        XmlError::Empty => "the file holds no XML element".to_owned(),
        XmlError::SecondRoot { .. } => {
            "a second top-level element; an XML file has exactly one".to_owned()
        }
    }
}

/// An XML error with its place, for a file named elsewhere.
pub fn xml_error_with_place(error: &XmlError) -> String {
    match error.position() {
        Some(p) => format!("line {}, column {}: {}", p.line, p.column, xml_error(error)),
        None => xml_error(error),
    }
}

pub fn genericode_error(error: &GenericodeError) -> String {
    match error {
        GenericodeError::NotGenericode { position } => format!(
            "line {}, column {}: the root element is not a genericode <CodeList>",
            position.line, position.column
        ),
        GenericodeError::NoColumns { position } => format!(
            "line {}, column {}: the code list declares no columns",
            position.line, position.column
        ),
    }
}

/// A warning as one line: place, the word `warning`, and the text.
pub fn warning(warning: &Warning) -> String {
    format!(
        "{}: warning: {}",
        at(&warning.file, warning.position),
        warning_text(&warning.kind)
    )
}

#[allow(clippy::too_many_lines, reason = "one arm per warning, like a table")]
fn warning_text(kind: &WarningKind) -> String {
    match kind {
        WarningKind::Read(note) => match note {
            NoteKind::MissingCardinality => "this place has no cardinality (`anzahl`, FIM 1021); \
                it is imported as optional (0:1)"
                .to_owned(),
            NoteKind::BadCardinality { text } => format!(
                "the cardinality \"{text}\" is not of the form 1:1, 0:1 or 1:* (FIM 1046, 1047); \
                 it is imported as optional (0:1)"
            ),
            NoteKind::BadPrecision { text } => format!(
                "the precision settings \"{text}\" cannot be read; the field is imported without \
                 lengths, value range or pattern"
            ),
            NoteKind::RuleWithoutId => "a rule without id; it is kept without one".to_owned(),
        },
        WarningKind::NoInputKind { field } => format!(
            "field \"{field}\" has no field kind (`feldart`, FIM 1027); it is imported as an \
             input field"
        ),
        WarningKind::NoDataType { field } => format!(
            "field \"{field}\" has no data type (`datentyp`, FIM 1028); it is imported as text"
        ),
        WarningKind::SelectWithoutList { field } => format!(
            "selection field \"{field}\" has neither a code list nor values (FIM 1018); add \
             `options` or a `codelist`"
        ),
        WarningKind::ListOnNonSelect { field, kind } => format!(
            "field \"{field}\" has the field kind `{kind}` but a code list (FIM 1017); it is \
             imported as a choice"
        ),
        WarningKind::UnknownInputKind { field, kind } => format!(
            "field \"{field}\" has the unknown field kind `{kind}`; it is imported as an input \
             field"
        ),
        WarningKind::UnknownDataType { field, data_type } => format!(
            "field \"{field}\" has the unknown data type `{data_type}`; it is imported as text"
        ),
        WarningKind::NoTimeType { field, data_type } => format!(
            "field \"{field}\" has the data type `{data_type}`, for which the model has no type; \
             it is imported as text"
        ),
        WarningKind::ReadOnlyAsDisplay { field } => format!(
            "field \"{field}\" is read-only (`lock`); it is imported as a display field that \
             shows its content"
        ),
        WarningKind::ContentNotKept { field } => format!(
            "field \"{field}\" gives a value in advance (`inhalt`), which the model cannot hold; \
             it is kept as a comment"
        ),
        WarningKind::SettingNotKept {
            field,
            key,
            value,
            kind,
        } => format!(
            "field \"{field}\": `{key}` \"{value}\" cannot be read or does not fit a `{kind}` \
             field (FIM 1012, 1015, 1016); it is kept as a comment"
        ),
        WarningKind::ChoiceGroup { group } => format!(
            "group \"{group}\" is a choice group (exactly one of its elements); the model has no \
             such group, so it is imported as a section with a comment"
        ),
        WarningKind::CodeListRowsLeftOut {
            file,
            without_code,
            duplicates,
        } => {
            let mut parts = Vec::new();
            if *without_code > 0 {
                parts.push(format!("{without_code} rows without a code"));
            }
            if !duplicates.is_empty() {
                parts.push(format!(
                    "rows repeating the codes {}",
                    duplicates.join(", ")
                ));
            }
            format!("{}: {} are left out", file.display(), parts.join(" and "))
        }
        WarningKind::UnknownMediaType { field, media_type } => format!(
            "field \"{field}\": the media type {media_type} has no file kind in the model; it is \
             kept as a comment"
        ),
        WarningKind::MaxSizeNotKept { field, value } => format!(
            "field \"{field}\": the file size limit {value} (`maxSize`) states no unit; it is \
             kept as a comment, set `max_size_kb` by hand"
        ),
        WarningKind::SchemaRulePlaced {
            rule,
            target,
            named,
        } => {
            if *named {
                format!(
                    "rule {rule} of the whole schema is kept on \"{target}\", the last element \
                     its text names"
                )
            } else {
                format!(
                    "rule {rule} of the whole schema names no element of the form; it is kept \
                     on \"{target}\", the first element"
                )
            }
        }
        WarningKind::ExternalCodeList {
            uri,
            version,
            fields,
            other_version,
        } => {
            let other = other_version
                .as_ref()
                .map_or_else(String::new, |(file, found)| {
                    format!(
                        " ({} holds version {found}, whose codes may differ)",
                        file.display()
                    )
                });
            format!(
                "code list {uri} (version {}) is not at hand{other}; {} keep{} it as \
                 `external_codelist`. Put its genericode file next to the schema or pass \
                 --codelists DIR to import it",
                if version.is_empty() {
                    "not given"
                } else {
                    version
                },
                quoted_list(fields),
                if fields.len() == 1 { "s" } else { "" },
            )
        }
        WarningKind::InvalidValidFrom { text } => {
            format!("`gueltigAb` \"{text}\" is not a date; `valid_from` is set to the import date")
        }
        WarningKind::NoLegalBasis => "the schema names no legal basis (`bezug`); `legal_basis` \
            is left empty for you to fill in, and `ozg lint` reminds you"
            .to_owned(),
        WarningKind::NoAuthority => "no responsible authority was given (--authority); \
            `authority` is left empty for you to fill in"
            .to_owned(),
        WarningKind::UnreadableCodeList { detail } => {
            format!("this genericode file cannot be read and is skipped: {detail}")
        }
    }
}

fn quoted_list(names: &[String]) -> String {
    let mut distinct: Vec<String> = Vec::new();
    for name in names {
        let quoted = format!("\"{name}\"");
        if !distinct.contains(&quoted) {
            distinct.push(quoted);
        }
    }
    match names.len() {
        1 => format!("field {}", distinct[0]),
        n => format!("{n} fields ({})", distinct.join(", ")),
    }
}

/// The comment at the top of an imported service file.
#[allow(clippy::too_many_arguments, reason = "one line of text per value")]
pub fn service_header(
    file_name: &str,
    kind: &str,
    id: &str,
    version: Option<&str>,
    name: &str,
    format: &str,
    message: &str,
    date: Date,
) -> Vec<String> {
    let version = version.map_or_else(String::new, |v| format!(" version {v}"));
    vec![
        format!("Imported by `ozg import fim` on {date} from {file_name}:"),
        format!("FIM {kind} {id}{version} \"{name}\" ({format}, message {message})."),
        "This is a starting point, not a finished service: check the authority, the legal"
            .to_owned(),
        "basis and the process, and turn every FIM rule (fim_rules) into `visible`,".to_owned(),
        "`required` or `validate` expressions. See docs/fim.md for how FIM was mapped.".to_owned(),
    ]
}

pub fn valid_until_note(until: &str) -> String {
    format!("FIM says the schema is valid until {until}; that is not taken over as valid_until.")
}

pub fn authority_note() -> String {
    "Name the responsible authority here.".to_owned()
}

pub fn legal_basis_note() -> String {
    "FIM names no legal basis for this schema: add the laws the service rests on.".to_owned()
}

pub fn form_note() -> String {
    "The form, as FIM describes it.".to_owned()
}

pub fn wrapper_note(fim_id: &str, cardinality: Cardinality) -> String {
    let times = match cardinality.max {
        Some(max) => format!("{} to {max} times", cardinality.min),
        None => format!("{} or more times", cardinality.min),
    };
    format!(
        "FIM field {fim_id} may be given {times} ({cardinality}): each entry of this group is one \
         answer."
    )
}

pub fn choice_group_note() -> String {
    "FIM choice group: exactly one of its elements is to be filled in; express that with \
     `visible` or `validate` conditions."
        .to_owned()
}

pub fn content_note(content: &str) -> String {
    format!("FIM gives this value in advance (inhalt): {content}")
}

pub fn dropped_note(key: &str, value: &str) -> String {
    format!("FIM {key} \"{value}\" is not taken over; see the import warnings.")
}

pub fn rule_with_script(text: &str, script: &str) -> String {
    if text.is_empty() {
        format!("Skript:\n{script}")
    } else {
        format!("{text}\n\nSkript:\n{script}")
    }
}

/// The comment at the top of an imported code list file.
pub fn codelist_header(
    file_name: &str,
    uri: &str,
    version: &str,
    code_column: &str,
    label_column: Option<&str>,
) -> Vec<String> {
    let version = if version.is_empty() {
        String::new()
    } else {
        format!(", version {version}")
    };
    let label = label_column.map_or_else(
        || "labels repeat the codes".to_owned(),
        |c| format!("labels from column \"{c}\""),
    );
    vec![
        format!("Imported by `ozg import fim` from {file_name}:"),
        format!("genericode code list {uri}{version}."),
        format!("Codes from column \"{code_column}\", {label}."),
    ]
}

/// One line of the import report for a service.
pub fn service_written(
    source: &Path,
    path: &Path,
    summary: &crate::fim::mapping::Summary,
) -> String {
    let mut parts = vec![
        count(summary.fields, "field", "fields"),
        count(summary.groups, "group", "groups"),
    ];
    if summary.wrappers > 0 {
        parts.push(count(summary.wrappers, "repeated field", "repeated fields"));
    }
    let lists = summary.codelist_fields + summary.external_fields + summary.inline_fields;
    if lists > 0 {
        parts.push(format!(
            "{} ({} from code lists, {} external, {} with values)",
            count(lists, "choice", "choices"),
            summary.codelist_fields,
            summary.external_fields,
            summary.inline_fields
        ));
    }
    parts.push(count(summary.rules, "FIM rule", "FIM rules"));
    format!(
        "{} → {}: {}",
        source.display(),
        path.display(),
        parts.join(", ")
    )
}

pub fn file_written(path: &Path, state: crate::fim::Written) -> String {
    let what = match state {
        crate::fim::Written::Created => "created",
        crate::fim::Written::Replaced => "replaced",
        crate::fim::Written::Unchanged => "unchanged",
    };
    format!("{what} {}", path.display())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
