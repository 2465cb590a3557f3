//! Reading a case's input as a modeller gives it on the command line or in
//! a file: `NAME=VALUE` assignments (`vehicle_length=4,85`,
//! `dogs[2].breed=labrador`), `STEP=DECISION@DATE` actions, a scenario
//! file, or a JSON object of field values.
//!
//! Values stay text here: the engine reads each by its field's type, as
//! generously as an applicant would type it (`4,85`, `31.12.2024`, `ja`).
//! Only the shape is decided here: which field, which entry of a
//! repeatable group, and whether a multiple choice holds several codes.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::engine::{Action, Input, RawValue, input_from_json, input_from_scenario, parse_date};
use crate::model::load::load_paths;
use crate::model::{FieldType, Service};
use crate::suggest::closest;

/// Where a value goes: a field, or a field of one entry of a repeatable
/// group (entries counted from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    Field(String),
    Member {
        group: String,
        entry: usize,
        field: String,
    },
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Field(id) => f.write_str(id),
            FieldPath::Member {
                group,
                entry,
                field,
            } => write!(f, "{group}[{entry}].{field}"),
        }
    }
}

/// One `NAME=VALUE` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub path: FieldPath,
    pub value: String,
}

/// Why an assignment, an action or an input file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("`{given}` is not NAME=VALUE; write for example `vehicle_length=4,85`")]
    NoEquals { given: String },
    #[error(
        "`{given}` names no field; write a field id, or `group[N].field` for an entry of a repeatable group"
    )]
    BadName { given: String },
    #[error("entries of `{group}` are counted from 1; write `{group}[1].{field}`")]
    EntryZero { group: String, field: String },
    #[error("the form has no field `{name}`{}", did_you_mean(.suggestion.as_deref()))]
    UnknownField {
        name: String,
        suggestion: Option<String>,
    },
    #[error(
        "`{name}` is a repeatable group; give its fields per entry, as `{name}[1].FIELD=VALUE`"
    )]
    GroupAsField { name: String },
    #[error("`{name}` is not a repeatable group; write `{name}=VALUE`")]
    NotAGroup { name: String },
    #[error("the repeatable group `{group}` has no field `{field}`{}", did_you_mean(.suggestion.as_deref()))]
    UnknownMember {
        group: String,
        field: String,
        suggestion: Option<String>,
    },
    #[error(
        "`{given}` is not STEP=NAME; write for example `review=approve` or `review=approve@2024-03-06`"
    )]
    BadAction { given: String },
    #[error("`{given}` is not a date; write it as 2024-03-06 or 06.03.2024")]
    BadDate { given: String },
}

fn did_you_mean(name: Option<&str>) -> String {
    name.map_or_else(String::new, |n| format!("; did you mean `{n}`?"))
}

/// Reads `NAME=VALUE` or `group[N].field=VALUE`.
pub fn parse_assignment(text: &str) -> Result<Assignment, InputError> {
    let (name, value) = text.split_once('=').ok_or_else(|| InputError::NoEquals {
        given: text.to_owned(),
    })?;
    let name = name.trim();
    let bad = || InputError::BadName {
        given: name.to_owned(),
    };
    let path = match name.split_once('[') {
        None => {
            if !is_id(name) {
                return Err(bad());
            }
            FieldPath::Field(name.to_owned())
        }
        Some((group, rest)) => {
            let (number, field) = rest.split_once("].").ok_or_else(bad)?;
            let entry: usize = number.trim().parse().map_err(|_| bad())?;
            if !is_id(group) || !is_id(field) {
                return Err(bad());
            }
            if entry == 0 {
                return Err(InputError::EntryZero {
                    group: group.to_owned(),
                    field: field.to_owned(),
                });
            }
            FieldPath::Member {
                group: group.to_owned(),
                entry,
                field: field.to_owned(),
            }
        }
    };
    Ok(Assignment {
        path,
        value: value.to_owned(),
    })
}

fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The value of a field as typed: a multiple choice takes its codes
/// separated by commas, everything else the text as it is.
pub fn raw_value(kind: Option<FieldType>, text: &str) -> RawValue {
    if kind == Some(FieldType::MultiChoice) {
        RawValue::List(
            text.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| RawValue::Text(c.to_owned()))
                .collect(),
        )
    } else {
        RawValue::Text(text.to_owned())
    }
}

/// Puts the assignments into `input`, in order; a later one for the same
/// field replaces an earlier one (and a value from a file). Entries of a
/// group are created up to the highest number given.
pub fn apply(
    input: &mut Input,
    assignments: &[Assignment],
    service: &Service,
) -> Result<(), InputError> {
    let fields = service.fields();
    let groups: Vec<&str> = service
        .sections()
        .into_iter()
        .filter(|s| s.repeat.is_some())
        .map(|s| s.id.value.as_str())
        .collect();
    for assignment in assignments {
        match &assignment.path {
            FieldPath::Field(name) => {
                let field = fields
                    .iter()
                    .find(|(f, g)| g.is_none() && f.id.value == *name);
                let Some((field, _)) = field else {
                    if groups.contains(&name.as_str()) {
                        return Err(InputError::GroupAsField { name: name.clone() });
                    }
                    let top: Vec<&str> = fields
                        .iter()
                        .filter(|(_, g)| g.is_none())
                        .map(|(f, _)| f.id.value.as_str())
                        .collect();
                    return Err(InputError::UnknownField {
                        name: name.clone(),
                        suggestion: closest(name, top).map(str::to_owned),
                    });
                };
                let kind = field.kind.as_ref().map(|k| k.value);
                input.insert(name.clone(), raw_value(kind, &assignment.value));
            }
            FieldPath::Member {
                group,
                entry,
                field,
            } => {
                if !groups.contains(&group.as_str()) {
                    return Err(if fields.iter().any(|(f, _)| f.id.value == *group) {
                        InputError::NotAGroup {
                            name: group.clone(),
                        }
                    } else {
                        InputError::UnknownField {
                            name: group.clone(),
                            suggestion: closest(group, groups.iter().copied()).map(str::to_owned),
                        }
                    });
                }
                let members: Vec<_> = fields
                    .iter()
                    .filter(|(_, g)| g.is_some_and(|g| g.id.value == *group))
                    .map(|(f, _)| f)
                    .collect();
                let Some(member) = members.iter().find(|f| f.id.value == *field) else {
                    return Err(InputError::UnknownMember {
                        group: group.clone(),
                        field: field.clone(),
                        suggestion: closest(field, members.iter().map(|f| f.id.value.as_str()))
                            .map(str::to_owned),
                    });
                };
                let kind = member.kind.as_ref().map(|k| k.value);
                set_member(
                    input,
                    group,
                    *entry,
                    field,
                    raw_value(kind, &assignment.value),
                );
            }
        }
    }
    Ok(())
}

/// Sets a field of entry `entry` (from 1) of `group`, creating entries up
/// to it.
pub fn set_member(input: &mut Input, group: &str, entry: usize, field: &str, value: RawValue) {
    let list = input
        .entry(group.to_owned())
        .or_insert_with(|| RawValue::List(Vec::new()));
    if !matches!(list, RawValue::List(_)) {
        *list = RawValue::List(Vec::new());
    }
    let RawValue::List(entries) = list else {
        return;
    };
    while entries.len() < entry {
        entries.push(RawValue::Entries(Input::new()));
    }
    if let RawValue::Entries(values) = &mut entries[entry - 1] {
        values.insert(field.to_owned(), value);
    } else {
        entries[entry - 1] = RawValue::Entries(Input::from([(field.to_owned(), value)]));
    }
}

/// A decision or an event as given on the command line:
/// `[STEP=]NAME[@DATE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionArg {
    pub step: Option<String>,
    pub name: String,
    pub date: Option<Date>,
}

/// Reads `STEP=NAME`, `STEP=NAME@DATE`, or `NAME` alone when only one
/// step can take it.
pub fn parse_action(text: &str) -> Result<ActionArg, InputError> {
    let bad = || InputError::BadAction {
        given: text.to_owned(),
    };
    let (rest, date) = match text.rsplit_once('@') {
        Some((rest, date)) => {
            let parsed = parse_date(date).ok_or_else(|| InputError::BadDate {
                given: date.to_owned(),
            })?;
            (rest, Some(parsed))
        }
        None => (text, None),
    };
    let (step, name) = match rest.split_once('=') {
        Some((step, name)) => (Some(step.trim()), name.trim()),
        None => (None, rest.trim()),
    };
    if step.is_some_and(|s| !is_id(s)) || name.is_empty() {
        return Err(bad());
    }
    Ok(ActionArg {
        step: step.map(str::to_owned),
        name: name.to_owned(),
        date,
    })
}

/// Reads a date as typed: `2024-03-06` or `06.03.2024`.
pub fn parse_day(text: &str) -> Result<Date, InputError> {
    parse_date(text).ok_or_else(|| InputError::BadDate {
        given: text.to_owned(),
    })
}

impl ActionArg {
    /// The engine's action: a decision, or an event.
    pub fn decision(&self) -> Action {
        Action::Decide {
            step: self.step.clone(),
            decision: self.name.clone(),
        }
    }

    pub fn event(&self) -> Action {
        Action::Event {
            step: self.step.clone(),
            event: self.name.clone(),
        }
    }
}

/// What an input file holds.
#[derive(Debug, Clone, Default)]
pub struct InputFile {
    pub input: Input,
    /// A scenario's submission date.
    pub submitted: Option<Date>,
    /// A scenario's events, dated.
    pub actions: Vec<(Date, Action)>,
    pub title: Option<String>,
}

/// Why an input file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InputFileError {
    #[error("cannot read {path}: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error("{path} is not valid JSON: {message}")]
    Json { path: PathBuf, message: String },
    #[error(
        "{path} must hold one JSON object of field values, such as {{\"vehicle_length\": \"4.85\"}}"
    )]
    NotAnObject { path: PathBuf },
    #[error("{path} is not a scenario file: it has no [scenario] table")]
    NotAScenario { path: PathBuf },
    /// The scenario file has mistakes; each is `file:line:column: message`.
    #[error("{path} cannot be read as a scenario:\n{}", .problems.join("\n"))]
    Scenario {
        path: PathBuf,
        problems: Vec<String>,
    },
}

/// Reads a scenario file (`.toml`: its input, submission date and events)
/// or a JSON object of field values (`.json`, or any file that starts
/// with `{`).
pub fn read_input_file(path: &Path) -> Result<InputFile, InputFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| InputFileError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let is_json =
        path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    if is_json {
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| InputFileError::Json {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        let serde_json::Value::Object(object) = value else {
            return Err(InputFileError::NotAnObject {
                path: path.to_path_buf(),
            });
        };
        return Ok(InputFile {
            input: input_from_json(&object),
            ..InputFile::default()
        });
    }
    read_scenario_file(path)
}

fn read_scenario_file(path: &Path) -> Result<InputFile, InputFileError> {
    let unreadable = |message: String| InputFileError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let loaded = load_paths(&[path.to_path_buf()]).map_err(|e| unreadable(e.to_string()))?;
    let Some((loaded, _)) = loaded.into_iter().next() else {
        return Err(InputFileError::NotAScenario {
            path: path.to_path_buf(),
        });
    };
    let repository = &loaded.repository;
    let Some(scenario) = repository.scenarios.first() else {
        return Err(InputFileError::NotAScenario {
            path: path.to_path_buf(),
        });
    };
    let problems: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.file == scenario.file)
        .map(|problem| {
            let file = repository.sources.get(problem.file);
            let at = file.line_col(problem.span.start);
            let (message, _) = crate::lint::rules::files::from_problem(problem).into_text();
            format!(
                "{}:{}:{}: {message}",
                file.path.display(),
                at.line,
                at.column
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(InputFileError::Scenario {
            path: path.to_path_buf(),
            problems,
        });
    }
    let actions = crate::testing::actions(scenario).map_err(|e| InputFileError::Scenario {
        path: path.to_path_buf(),
        problems: vec![e.to_string()],
    })?;
    Ok(InputFile {
        input: input_from_scenario(&scenario.input),
        submitted: scenario.submitted.as_ref().map(|s| s.value),
        actions,
        title: scenario.title.as_ref().map(|t| t.value.clone()),
    })
}
