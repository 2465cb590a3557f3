//! From a FIM message to a service skeleton of the model.
//!
//! Groups become sections, fields become fields, each place of use its own
//! (see [`crate::fim::ids`] for their ids). The cardinality of a place says
//! whether a field is required and whether a group repeats:
//!
//! | `anzahl` | field | group |
//! |---|---|---|
//! | `1:1` | `required = true` | section |
//! | `0:1` | optional | `repeat = { min = 0, max = 1 }` |
//! | `m:n`, `m:*` (n > 1) | wrapped in a repeatable section | `repeat = { min = m, max = n }` |
//!
//! An optional group becomes a repeatable group of at most one entry, so
//! that the fields it requires are required only when the group is filled
//! in, which is what FIM means by it. FIM rules are kept as prose on the
//! element they are attached to; rules of the whole schema go to the last
//! element their text names. Nothing is dropped silently: what the model
//! cannot hold is kept as a comment in the file and reported as a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::fim::genericode::{Entry, GenericodeList};
use crate::fim::ids::{self, Place};
use crate::fim::xdf::{
    Cardinality, CodeListRef, Container, Content, DataField, Item, Message, Meta, Rule, Usage,
};
use crate::fim::xml::Position;
use crate::fim::{Warning, WarningKind};
use crate::model::FieldType;

/// A service as the importer will write it.
#[derive(Debug, Clone)]
pub struct ServiceDraft {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub authority: String,
    pub state: Option<String>,
    pub valid_from: Date,
    pub legal_basis: Vec<String>,
    /// Comment lines for the top of the file.
    pub header: Vec<String>,
    pub form: Vec<FormNode>,
}

// Fields are most of a form and read far more often than moved.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum FormNode {
    Field(FieldDraft),
    Section(SectionDraft),
}

/// The FIM element a field or section comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FimRef {
    pub id: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDraft {
    pub id: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepeatDraft {
    pub min: u32,
    pub max: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct SectionDraft {
    pub id: String,
    pub title: String,
    pub fim: Option<FimRef>,
    pub repeat: Option<RepeatDraft>,
    pub rules: Vec<RuleDraft>,
    pub help: Option<String>,
    pub legal_basis: Vec<String>,
    /// Comment lines written above the section.
    pub notes: Vec<String>,
    pub items: Vec<FormNode>,
    /// Whether the section only wraps a repeated field.
    pub wrapper: bool,
}

/// A lower or upper limit as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The digits of a number, valid as a TOML number.
    Number(String),
    Date(Date),
}

#[derive(Debug, Clone)]
pub struct FieldDraft {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub legal_basis: Vec<String>,
    pub kind: FieldType,
    pub required: bool,
    /// A FIM hidden field: kept, but never shown (`visible = "false"`).
    pub hidden: bool,
    pub fim: Option<FimRef>,
    pub rules: Vec<RuleDraft>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub pattern: Option<String>,
    pub min: Option<Limit>,
    pub max: Option<Limit>,
    pub options: Vec<Entry>,
    pub codelist: Option<String>,
    pub external_codelist: Option<(String, String)>,
    pub file_kinds: Vec<String>,
    /// The text of a `display` field.
    pub text: Option<String>,
    /// Comment lines written above the field.
    pub notes: Vec<String>,
}

/// A code list as it will be written.
#[derive(Debug, Clone)]
pub struct CodeListDraft {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub entries: Vec<Entry>,
    pub header: Vec<String>,
}

/// A genericode file at hand.
#[derive(Debug, Clone)]
pub struct AvailableList {
    pub path: PathBuf,
    pub list: GenericodeList,
}

/// Counts of what one import produced, for the report and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Fields, counting every place a FIM field is used.
    pub fields: usize,
    /// Sections made from FIM groups.
    pub groups: usize,
    /// Sections made to repeat a single field.
    pub wrappers: usize,
    /// Choice fields whose list was imported into `codelists/`.
    pub codelist_fields: usize,
    /// Choice fields that keep a reference to a list not at hand.
    pub external_fields: usize,
    /// Choice fields with the values listed in the field itself.
    pub inline_fields: usize,
    /// Kept FIM rules, counting every place.
    pub rules: usize,
}

/// What the importer needs to know besides the message.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    pub source: &'a Path,
    pub date: Date,
    pub state: Option<String>,
    pub authority: Option<String>,
    pub service_id: Option<String>,
}

/// Code lists imported so far, by canonical URI and version, shared by
/// all files of one run so that a list used twice is written once.
#[derive(Debug, Default)]
pub struct CodeListRegistry {
    pub lists: BTreeMap<(String, String), CodeListDraft>,
}

/// Maps one message to a service draft.
pub fn map_message(
    message: &Message,
    settings: &Settings<'_>,
    available: &[AvailableList],
    registry: &mut CodeListRegistry,
    warnings: &mut Vec<Warning>,
) -> (ServiceDraft, Summary) {
    let mut mapper = Mapper {
        source: settings.source,
        available,
        registry,
        warnings,
        summary: Summary::default(),
        external: BTreeMap::new(),
        other_versions: BTreeMap::new(),
    };
    let (meta, form) = match &message.content {
        Content::Schema(schema) => {
            let mut form: Vec<FormNode> = schema.children.iter().map(|u| mapper.usage(u)).collect();
            mapper.place_schema_rules(&schema.rules, &mut form);
            (&schema.meta, form)
        }
        Content::Group(group) => {
            let one = Usage {
                cardinality: Cardinality {
                    min: 1,
                    max: Some(1),
                },
                references: Vec::new(),
                item: Item::Group(group.clone()),
                position: group.meta.position,
            };
            (&group.meta, vec![mapper.usage(&one)])
        }
        Content::Field(field) => {
            let one = Usage {
                cardinality: Cardinality {
                    min: 1,
                    max: Some(1),
                },
                references: Vec::new(),
                item: Item::Field(field.clone()),
                position: field.meta.position,
            };
            (&field.meta, vec![mapper.usage(&one)])
        }
    };
    mapper.report_external_lists();
    let mut form = form;
    assign_ids(&mut form);

    let service = mapper.service(message, meta, settings, form);
    (service, mapper.summary)
}

/// The service id from its title, or from the FIM id when the title has no
/// letters.
pub fn service_id(title: &str, fim_id: &str) -> String {
    let slug = ids::slug(title, SERVICE_ID_LENGTH);
    match slug.chars().next() {
        Some(c) if c.is_ascii_lowercase() => slug,
        Some(_) => format!("service_{slug}"),
        None => ids::id_from("", "service", fim_id),
    }
}

/// Service ids are folder names too; long titles are cut to this.
const SERVICE_ID_LENGTH: usize = 48;

/// Reads `2021-03-01`, also with a time behind it.
fn parse_date(text: &str) -> Option<Date> {
    text.get(..10)?.parse().ok()
}

struct Mapper<'a, 'w> {
    source: &'a Path,
    available: &'a [AvailableList],
    registry: &'a mut CodeListRegistry,
    warnings: &'w mut Vec<Warning>,
    summary: Summary,
    /// External lists and the labels of the fields that use them.
    external: BTreeMap<(String, String), (Position, Vec<String>)>,
    /// External lists of which another version is at hand: its file and
    /// version.
    other_versions: BTreeMap<(String, String), (PathBuf, String)>,
}

impl Mapper<'_, '_> {
    fn warn(&mut self, position: Option<Position>, kind: WarningKind) {
        self.warnings.push(Warning {
            file: self.source.to_path_buf(),
            position,
            kind,
        });
    }

    /// The service around the form: metadata and the header comment.
    fn service(
        &mut self,
        message: &Message,
        meta: &Meta,
        settings: &Settings<'_>,
        form: Vec<FormNode>,
    ) -> ServiceDraft {
        let valid_from = match meta.valid_from.as_deref() {
            None => settings.date,
            Some(text) => parse_date(text).unwrap_or_else(|| {
                self.warn(
                    Some(meta.position),
                    WarningKind::InvalidValidFrom { text: text.into() },
                );
                settings.date
            }),
        };
        if meta.references.is_empty() {
            self.warn(Some(meta.position), WarningKind::NoLegalBasis);
        }
        let authority = settings.authority.clone().unwrap_or_else(|| {
            self.warn(None, WarningKind::NoAuthority);
            String::new()
        });
        let title = meta.name.clone();
        let id = settings
            .service_id
            .clone()
            .unwrap_or_else(|| service_id(&title, &meta.id));
        let kind = match &message.content {
            Content::Schema(_) => "Stammdatenschema",
            Content::Group(_) => "Datenfeldgruppe",
            Content::Field(_) => "Datenfeld",
        };
        let file_name = settings.source.file_name().map_or_else(
            || settings.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut header = crate::fim::messages::service_header(
            &file_name,
            kind,
            &meta.id,
            meta.version.as_deref(),
            &meta.name,
            &message.version.label(),
            &message.kind,
            settings.date,
        );
        if let Some(until) = &meta.valid_until {
            header.push(crate::fim::messages::valid_until_note(until));
        }
        ServiceDraft {
            id,
            title,
            description: meta.description.clone(),
            authority,
            state: settings.state.clone(),
            valid_from,
            legal_basis: meta.references.clone(),
            header,
            form,
        }
    }

    fn usage(&mut self, usage: &Usage) -> FormNode {
        match &usage.item {
            Item::Group(group) => FormNode::Section(self.group(group, usage)),
            Item::Field(field) => {
                let repeated = usage.cardinality.is_repeated();
                let mut draft = self.field(field, usage);
                if !repeated {
                    return FormNode::Field(draft);
                }
                draft.required = draft.kind != FieldType::Display && !draft.hidden;
                self.summary.wrappers += 1;
                FormNode::Section(SectionDraft {
                    id: String::new(),
                    title: draft.label.clone(),
                    fim: None,
                    repeat: Some(RepeatDraft {
                        min: usage.cardinality.min,
                        max: usage.cardinality.max,
                    }),
                    rules: Vec::new(),
                    help: None,
                    legal_basis: Vec::new(),
                    notes: vec![crate::fim::messages::wrapper_note(
                        &field.meta.id,
                        usage.cardinality,
                    )],
                    items: vec![FormNode::Field(draft)],
                    wrapper: true,
                })
            }
        }
    }

    fn group(&mut self, group: &Container, usage: &Usage) -> SectionDraft {
        self.summary.groups += 1;
        let cardinality = usage.cardinality;
        let repeat = (cardinality
            != Cardinality {
                min: 1,
                max: Some(1),
            })
        .then_some(RepeatDraft {
            min: cardinality.min,
            max: cardinality.max,
        });
        let mut notes = Vec::new();
        let references = merged_references(&usage.references, &group.meta.references);
        // The model has no "exactly one of" group; the modeller writes the
        // condition. See docs/limits.md.
        if group.group_kind.as_deref() == Some("X") {
            notes.push(crate::fim::messages::choice_group_note());
            self.warn(
                Some(group.meta.position),
                WarningKind::ChoiceGroup {
                    group: group.meta.name.clone(),
                },
            );
        }
        let rules = self.rules(&group.rules);
        let items = group.children.iter().map(|u| self.usage(u)).collect();
        SectionDraft {
            id: ids::id_from(&group.meta.name, "gruppe", &group.meta.id),
            title: group
                .meta
                .label
                .clone()
                .unwrap_or_else(|| group.meta.name.clone()),
            fim: Some(FimRef {
                id: group.meta.id.clone(),
                version: group.meta.version.clone(),
            }),
            repeat,
            rules,
            help: group.meta.help.clone(),
            legal_basis: references,
            notes,
            items,
            wrapper: false,
        }
    }

    fn rules(&mut self, rules: &[Rule]) -> Vec<RuleDraft> {
        self.summary.rules += rules.len();
        rules.iter().map(rule_draft).collect()
    }

    fn field(&mut self, field: &DataField, usage: &Usage) -> FieldDraft {
        self.summary.fields += 1;
        let meta = &field.meta;
        let position = Some(meta.position);
        let name = meta.name.clone();
        let label = meta.label.clone().unwrap_or_else(|| meta.name.clone());
        let references = merged_references(&usage.references, &meta.references);
        let help = meta.help.clone();
        let mut notes = Vec::new();

        let (input_kind, kind) = self.field_type(field);
        let hidden = input_kind == "hidden" && kind != FieldType::Display;

        let mut draft = FieldDraft {
            id: ids::id_from(&name, "feld", &meta.id),
            label: label.clone(),
            help,
            legal_basis: references,
            kind,
            required: usage.cardinality.min >= 1 && kind != FieldType::Display && !hidden,
            hidden,
            fim: Some(FimRef {
                id: meta.id.clone(),
                version: meta.version.clone(),
            }),
            rules: self.rules(&field.rules),
            min_length: None,
            max_length: None,
            pattern: None,
            min: None,
            max: None,
            options: Vec::new(),
            codelist: None,
            external_codelist: None,
            file_kinds: Vec::new(),
            text: None,
            notes: Vec::new(),
        };
        self.limits(field, &mut draft, &mut notes);
        match kind {
            FieldType::Choice => self.choice(field, &mut draft),
            FieldType::Display => {
                draft.text = Some(field.content.clone().unwrap_or_else(|| label.clone()));
            }
            FieldType::File => self.file(field, &mut draft, &mut notes),
            _ => {}
        }
        if kind != FieldType::Display
            && let Some(content) = &field.content
        {
            notes.push(crate::fim::messages::content_note(content));
            self.warn(
                position,
                WarningKind::ContentNotKept {
                    field: name.clone(),
                },
            );
        }
        draft.notes = notes;
        draft
    }

    /// The FIM field kind (lower case) and the model's field type.
    fn field_type(&mut self, field: &DataField) -> (String, FieldType) {
        let position = Some(field.meta.position);
        let name = &field.meta.name;
        let input_kind = if let Some(kind) = &field.input_kind {
            kind.to_ascii_lowercase()
        } else {
            let field = name.clone();
            self.warn(position, WarningKind::NoInputKind { field });
            "input".to_owned()
        };
        let has_list = field.codelist.is_some() || !field.values.is_empty();
        let kind = match input_kind.as_str() {
            "select" => {
                if !has_list {
                    let field = name.clone();
                    self.warn(position, WarningKind::SelectWithoutList { field });
                }
                FieldType::Choice
            }
            "label" => FieldType::Display,
            "lock" | "locked" => {
                let field = name.clone();
                self.warn(position, WarningKind::ReadOnlyAsDisplay { field });
                FieldType::Display
            }
            other => {
                let (field_name, kind) = (name.clone(), other.to_owned());
                if !matches!(other, "input" | "hidden") {
                    let warning = WarningKind::UnknownInputKind {
                        field: field_name.clone(),
                        kind: kind.clone(),
                    };
                    self.warn(position, warning);
                }
                if has_list {
                    let warning = WarningKind::ListOnNonSelect {
                        field: field_name,
                        kind,
                    };
                    self.warn(position, warning);
                    FieldType::Choice
                } else {
                    self.data_type(field, position)
                }
            }
        };
        (input_kind, kind)
    }

    /// The field type of an input field, by its FIM data type.
    fn data_type(&mut self, field: &DataField, position: Option<Position>) -> FieldType {
        let name = &field.meta.name;
        let Some(data_type) = field.data_type.as_deref().map(str::to_ascii_lowercase) else {
            self.warn(
                position,
                WarningKind::NoDataType {
                    field: name.clone(),
                },
            );
            return FieldType::Text;
        };
        match data_type.as_str() {
            "text" | "text_latin" | "string" | "string.latin" => FieldType::Text,
            "date" => FieldType::Date,
            "bool" => FieldType::Boolean,
            "num" => FieldType::Decimal,
            "num_int" => FieldType::Integer,
            "num_currency" => FieldType::Money,
            "file" => FieldType::File,
            "obj" => FieldType::Display,
            // The model has no time of day; see docs/limits.md.
            "time" | "datetime" => {
                self.warn(
                    position,
                    WarningKind::NoTimeType {
                        field: name.clone(),
                        data_type,
                    },
                );
                FieldType::Text
            }
            _ => {
                self.warn(
                    position,
                    WarningKind::UnknownDataType {
                        field: name.clone(),
                        data_type,
                    },
                );
                FieldType::Text
            }
        }
    }

    /// Lengths, pattern and value range, where they fit the field type.
    fn limits(&mut self, field: &DataField, draft: &mut FieldDraft, notes: &mut Vec<String>) {
        let precision = &field.precision;
        let position = Some(field.meta.position);
        let kind = draft.kind;
        let not_kept =
            |this: &mut Self, key: &'static str, value: &str, notes: &mut Vec<String>| {
                notes.push(crate::fim::messages::dropped_note(key, value));
                this.warn(
                    position,
                    WarningKind::SettingNotKept {
                        field: field.meta.name.clone(),
                        key,
                        value: value.to_owned(),
                        kind: kind.name(),
                    },
                );
            };
        for (key, value, slot) in [
            ("minLength", &precision.min_length, &mut draft.min_length),
            ("maxLength", &precision.max_length, &mut draft.max_length),
        ] {
            let Some(value) = value else { continue };
            match value.parse::<u32>() {
                Ok(n) if kind == FieldType::Text => *slot = Some(n),
                _ => not_kept(self, key, value, notes),
            }
        }
        if let Some(pattern) = &precision.pattern {
            if kind == FieldType::Text && regex::Regex::new(pattern).is_ok() {
                draft.pattern = Some(pattern.clone());
            } else {
                not_kept(self, "pattern", pattern, notes);
            }
        }
        for (key, value, slot) in [
            ("minValue", &precision.min_value, &mut draft.min),
            ("maxValue", &precision.max_value, &mut draft.max),
        ] {
            let Some(value) = value else { continue };
            let limit = match kind {
                FieldType::Integer => number_literal(value)
                    .filter(|n| !n.contains(['.', 'e', 'E']))
                    .map(Limit::Number),
                FieldType::Decimal | FieldType::Money => number_literal(value).map(Limit::Number),
                FieldType::Date => parse_date(value)
                    .filter(|_| value.len() == 10)
                    .map(Limit::Date),
                _ => None,
            };
            match limit {
                Some(limit) => *slot = Some(limit),
                None => not_kept(self, key, value, notes),
            }
        }
    }

    fn choice(&mut self, field: &DataField, draft: &mut FieldDraft) {
        if !field.values.is_empty() {
            self.summary.inline_fields += 1;
            draft.options = field
                .values
                .iter()
                .map(|v| Entry {
                    code: v.code.clone(),
                    label: if v.name.is_empty() {
                        v.code.clone()
                    } else {
                        v.name.clone()
                    },
                })
                .collect();
            return;
        }
        let Some(reference) = &field.codelist else {
            return;
        };
        if let Some(id) = self.import_list(field, reference) {
            self.summary.codelist_fields += 1;
            draft.codelist = Some(id);
            return;
        }
        self.summary.external_fields += 1;
        let (id, version) = external_key(reference);
        self.external
            .entry((id.clone(), version.clone()))
            .or_insert_with(|| (reference.position, Vec::new()))
            .1
            .push(field.meta.name.clone());
        draft.external_codelist = Some((id, version));
    }

    /// Imports the list a field refers to when a genericode file of it is
    /// at hand; returns its id in `codelists/`.
    fn import_list(&mut self, field: &DataField, reference: &CodeListRef) -> Option<String> {
        let found = match find_list(self.available, reference) {
            ListMatch::Found(found) => found,
            ListMatch::OtherVersion(other) => {
                let version = other.list.version.clone().unwrap_or_default();
                self.other_versions
                    .entry(external_key(reference))
                    .or_insert_with(|| (other.path.clone(), version));
                return None;
            }
            ListMatch::NotFound => return None,
        };
        let list = &found.list;
        let uri = list.canonical_uri.clone().unwrap_or_default();
        let version = list.version.clone().unwrap_or_default();
        let key = (uri.clone(), version.clone());
        if let Some(existing) = self.registry.lists.get(&key) {
            return Some(existing.id.clone());
        }
        let entries = list.entries(field.code_key.as_deref(), field.name_key.as_deref());
        if entries.rows_without_code > 0 || !entries.duplicate_codes.is_empty() {
            self.warn(
                None,
                WarningKind::CodeListRowsLeftOut {
                    file: found.path.clone(),
                    without_code: entries.rows_without_code,
                    duplicates: entries.duplicate_codes.clone(),
                },
            );
        }
        let title = if list.short_name.is_empty() {
            uri.clone()
        } else {
            list.short_name.clone()
        };
        let base = ids::id_from(
            &title,
            "liste",
            reference.fim_id.as_deref().unwrap_or("liste"),
        );
        let mut id = base.clone();
        let mut number = 1;
        while self.registry.lists.values().any(|l| l.id == id) {
            number += 1;
            id = format!("{base}_{number}");
        }
        let file_name = found
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let header = crate::fim::messages::codelist_header(
            &file_name,
            &uri,
            &version,
            &entries.code_column,
            entries.label_column.as_deref(),
        );
        self.registry.lists.insert(
            key,
            CodeListDraft {
                id: id.clone(),
                title,
                version: list.version.clone(),
                entries: entries.entries,
                header,
            },
        );
        Some(id)
    }

    fn file(&mut self, field: &DataField, draft: &mut FieldDraft, notes: &mut Vec<String>) {
        let position = Some(field.meta.position);
        for media_type in &field.media_types {
            match file_kind(media_type) {
                Some(kind) if !draft.file_kinds.iter().any(|k| k == kind) => {
                    draft.file_kinds.push(kind.to_owned());
                }
                Some(_) => {}
                None => {
                    notes.push(crate::fim::messages::dropped_note("mediaType", media_type));
                    self.warn(
                        position,
                        WarningKind::UnknownMediaType {
                            field: field.meta.name.clone(),
                            media_type: media_type.clone(),
                        },
                    );
                }
            }
        }
        // XDatenfelder does not say in which unit `maxSize` is given, so it
        // is not guessed; see docs/limits.md.
        if let Some(size) = &field.max_size {
            notes.push(crate::fim::messages::dropped_note("maxSize", size));
            self.warn(
                position,
                WarningKind::MaxSizeNotKept {
                    field: field.meta.name.clone(),
                    value: size.clone(),
                },
            );
        }
    }

    /// Attaches the rules of the whole schema to the element they concern:
    /// the last element their text names, else the first of the form.
    fn place_schema_rules(&mut self, rules: &[Rule], form: &mut [FormNode]) {
        for rule in rules {
            self.summary.rules += 1;
            let draft = rule_draft(rule);
            let named = named_elements(&draft.text);
            let target = named
                .iter()
                .rev()
                .find(|fim_id| find_node(form, fim_id).is_some());
            let (node, placed) = match target {
                Some(fim_id) => (find_node(form, fim_id), true),
                None => (form.first_mut(), false),
            };
            let Some(node) = node else {
                continue;
            };
            let (label, rules) = match node {
                FormNode::Field(f) => (f.label.clone(), &mut f.rules),
                FormNode::Section(s) => (s.title.clone(), &mut s.rules),
            };
            rules.push(draft);
            self.warn(
                Some(rule.position),
                WarningKind::SchemaRulePlaced {
                    rule: rule.id.clone(),
                    target: label,
                    named: placed,
                },
            );
        }
    }

    /// One warning per code list that is not at hand.
    fn report_external_lists(&mut self) {
        let external = std::mem::take(&mut self.external);
        for (key, (position, fields)) in external {
            let other_version = self.other_versions.get(&key).cloned();
            let (uri, version) = key;
            self.warn(
                Some(position),
                WarningKind::ExternalCodeList {
                    uri,
                    version,
                    fields,
                    other_version,
                },
            );
        }
    }
}

/// The id and version an external code list is kept under.
fn external_key(reference: &CodeListRef) -> (String, String) {
    let id = reference
        .uri
        .clone()
        .or_else(|| reference.fim_id.clone())
        .unwrap_or_default();
    (id, reference.version.clone().unwrap_or_default())
}

fn rule_draft(rule: &Rule) -> RuleDraft {
    let mut text = rule
        .text
        .clone()
        .or_else(|| rule.name.clone())
        .unwrap_or_default();
    if let Some(script) = &rule.script {
        text = crate::fim::messages::rule_with_script(&text, script);
    }
    RuleDraft {
        id: (!rule.id.is_empty()).then(|| rule.id.clone()),
        text,
    }
}

/// The references of a place and of its element, each once.
fn merged_references(usage: &[String], element: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for reference in usage.iter().chain(element) {
        if !out.contains(reference) {
            out.push(reference.clone());
        }
    }
    out
}

/// FIM ids of fields and groups named in a rule's text, in order.
fn named_elements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && matches!(chars[i], 'F' | 'G') {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let ends_word = chars
                .get(i + 1 + digits)
                .is_none_or(|c| !c.is_alphanumeric());
            if digits >= 5 && ends_word {
                out.push(chars[i..=i + digits].iter().collect());
                i += digits;
            }
        }
        i += 1;
    }
    out
}

/// The first node, depth first, that comes from the FIM element `fim_id`.
fn find_node<'a>(form: &'a mut [FormNode], fim_id: &str) -> Option<&'a mut FormNode> {
    for node in form.iter_mut() {
        let matches = match &*node {
            FormNode::Field(f) => f.fim.as_ref().is_some_and(|r| r.id == fim_id),
            FormNode::Section(s) => s.fim.as_ref().is_some_and(|r| r.id == fim_id),
        };
        if matches {
            return Some(node);
        }
        if let FormNode::Section(section) = node
            && let Some(found) = find_node(&mut section.items, fim_id)
        {
            return Some(found);
        }
    }
    None
}

/// Which genericode file a code list reference means.
#[derive(Debug, Clone, Copy)]
pub enum ListMatch<'a> {
    /// The list in the version referenced (or in any version, when the
    /// reference names none).
    Found(&'a AvailableList),
    /// The list, but in another version than referenced.
    OtherVersion(&'a AvailableList),
    NotFound,
}

/// The genericode list a reference means: by canonical URI, else by the
/// FIM list id at the start of the file name (`C00000020_genericode.xml`).
/// A list in another version is not taken instead: its codes may differ.
pub fn find_list<'a>(available: &'a [AvailableList], reference: &CodeListRef) -> ListMatch<'a> {
    let candidates: Vec<&AvailableList> = match &reference.uri {
        Some(uri) => available
            .iter()
            .filter(|a| a.list.canonical_uri.as_deref() == Some(uri.as_str()))
            .collect(),
        None => match &reference.fim_id {
            Some(fim_id) => available
                .iter()
                .filter(|a| {
                    a.path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(fim_id.as_str()))
                })
                .collect(),
            None => Vec::new(),
        },
    };
    let Some(first) = candidates.first() else {
        return ListMatch::NotFound;
    };
    match &reference.version {
        None => ListMatch::Found(first),
        Some(version) => candidates
            .iter()
            .find(|a| a.list.version.as_deref() == Some(version.as_str()))
            .map_or(ListMatch::OtherVersion(first), |a| ListMatch::Found(a)),
    }
}

/// A number as a valid TOML literal: digits with an optional fraction
/// after a point or a German decimal comma.
fn number_literal(text: &str) -> Option<String> {
    let text = text.trim().replace(',', ".");
    let (sign, digits) = match text.strip_prefix(['-', '+']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole = if whole.is_empty() && fraction.is_some() {
        "0"
    } else {
        whole
    };
    if !is_digits(whole) || fraction.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    // TOML forbids leading zeros in numbers.
    let trimmed = whole.trim_start_matches('0');
    let whole = if trimmed.is_empty() { "0" } else { trimmed };
    let sign = if sign == "-" { "-" } else { "" };
    Some(match fraction {
        Some(fraction) => format!("{sign}{whole}.{fraction}"),
        None => format!("{sign}{whole}"),
    })
}

/// The file kind for a media type, as `file_kinds` names it.
fn file_kind(media_type: &str) -> Option<&'static str> {
    Some(match media_type.trim().to_ascii_lowercase().as_str() {
        "application/pdf" => "pdf",
        "image/jpeg" | "image/jpg" => "jpeg",
        "image/png" => "png",
        "image/tiff" => "tiff",
        "image/gif" => "gif",
        "image/bmp" => "bmp",
        "image/svg+xml" => "svg",
        "text/plain" => "txt",
        "text/csv" => "csv",
        "text/xml" | "application/xml" => "xml",
        "application/json" => "json",
        "application/zip" => "zip",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        _ => return None,
    })
}

/// Gives every section and field of the form a unique id.
fn assign_ids(form: &mut [FormNode]) {
    fn collect(nodes: &[FormNode], groups: &mut Vec<String>, out: &mut Vec<Place>) {
        for node in nodes {
            match node {
                FormNode::Field(field) => out.push(Place {
                    base: field.id.clone(),
                    groups: groups.clone(),
                }),
                // A wrapper takes its id from its field, after the fact.
                FormNode::Section(section) if section.wrapper => {
                    collect(&section.items, groups, out);
                }
                FormNode::Section(section) => {
                    out.push(Place {
                        base: section.id.clone(),
                        groups: groups.clone(),
                    });
                    groups.push(section.id.clone());
                    collect(&section.items, groups, out);
                    groups.pop();
                }
            }
        }
    }
    fn apply(nodes: &mut [FormNode], ids: &mut std::vec::IntoIter<String>) {
        for node in nodes {
            match node {
                FormNode::Field(field) => field.id = ids.next().unwrap_or_default(),
                FormNode::Section(section) if section.wrapper => {
                    apply(&mut section.items, ids);
                }
                FormNode::Section(section) => {
                    section.id = ids.next().unwrap_or_default();
                    apply(&mut section.items, ids);
                }
            }
        }
    }
    fn name_wrappers(nodes: &mut [FormNode], taken: &mut Vec<String>) {
        for node in nodes {
            if let FormNode::Section(section) = node {
                name_wrappers(&mut section.items, taken);
                if section.wrapper {
                    let field = match section.items.first() {
                        Some(FormNode::Field(f)) => f.id.clone(),
                        _ => String::from("liste"),
                    };
                    let base = format!("{field}_liste");
                    let mut id = base.clone();
                    let mut number = 1;
                    while taken.contains(&id) {
                        number += 1;
                        id = format!("{base}_{number}");
                    }
                    taken.push(id.clone());
                    section.id = id;
                }
            }
        }
    }
    let mut places = Vec::new();
    collect(form, &mut Vec::new(), &mut places);
    let ids = ids::unique(&places, &[]);
    let mut taken = ids.clone();
    apply(form, &mut ids.into_iter());
    name_wrappers(form, &mut taken);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_valid_toml_literals() {
        assert_eq!(number_literal("1850").as_deref(), Some("1850"));
        assert_eq!(number_literal(" 4,70 ").as_deref(), Some("4.70"));
        assert_eq!(number_literal(".5").as_deref(), Some("0.5"));
        assert_eq!(number_literal("-007").as_deref(), Some("-7"));
        assert_eq!(number_literal("+3").as_deref(), Some("3"));
        assert_eq!(number_literal("1e3"), None);
        assert_eq!(number_literal("zehn"), None);
        assert_eq!(number_literal("1."), None);
    }

    #[test]
    fn rule_texts_name_the_elements_they_concern() {
        let text = "Wenn Feld F00000463 \"X\" = 009, dann muss F00000601 befüllt werden; \
                    Feldgruppe G60000086 oder F1 oder XF00000001.";
        assert_eq!(
            named_elements(text),
            ["F00000463", "F00000601", "G60000086"]
        );
    }

    #[test]
    fn service_ids_come_from_the_title() {
        assert_eq!(
            service_id("Antrag Blaue Karte EU", "S00000121"),
            "antrag_blaue_karte_eu"
        );
        assert_eq!(service_id("§", "S00000121"), "s00000121");
    }

    #[test]
    fn media_types_become_file_kinds() {
        assert_eq!(file_kind("application/pdf"), Some("pdf"));
        assert_eq!(file_kind("IMAGE/JPEG"), Some("jpeg"));
        assert_eq!(file_kind("application/x-unknown"), None);
    }
}
