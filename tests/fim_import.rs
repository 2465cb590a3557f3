//! `ozg import fim` on the real FIM files in the shared fixtures: every
//! XDatenfelder file there imports into a service that `ozg lint` accepts
//! with warnings only, and whose fields, groups, types, code lists and
//! rules match the source.
//!
//! The expectations are read from the XML by a small reader of this test's
//! own, not by the importer, so that a mistake in the importer cannot hide
//! behind the same mistake in its check. The fixtures lie in
//! `shared/fixtures/fim` beside the repository (or `$OZG_FIXTURES/fim`); without them the
//! tests fail when `CI` is set and are skipped with a notice otherwise.

#![allow(
    clippy::doc_markdown,
    reason = "FIM's names (XDatenfelder, XRepository) are words here, not code"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::date;
use ozg::fim::{self, ImportOptions};
use ozg::lint::{Severity, lint_paths};
use ozg::model::load::{Selection, load_repository};
use ozg::model::{Field, FieldType, FormItem, Repository, Section};
use quick_xml::events::Event;

#[path = "common/fixtures.rs"]
mod common;

fn fixtures() -> Option<PathBuf> {
    common::folder("fim", "the FIM import tests")
}

/// An element as this test reads it: local name, attributes, text,
/// children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &Node> {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn text_of(&self, path: &[&str]) -> Option<String> {
        let mut node = self;
        for name in path {
            node = node.child(name)?;
        }
        Some(node.text.trim().to_owned()).filter(|t| !t.is_empty())
    }
}

fn read_tree(path: &Path) -> (String, Node) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut stack = vec![Node::default()];
    let mut namespace = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                if stack.len() == 1 {
                    namespace = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref().starts_with("xmlns"))
                        .map(|a| a.value.to_string())
                        .unwrap_or_default();
                }
                stack.push(Node {
                    name: e.local_name().as_ref().to_owned(),
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                let node = Node {
                    name: e.local_name().as_ref().to_owned(),
                    ..Node::default()
                };
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                stack.last_mut().unwrap().text.push_str(s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = stack.pop().unwrap().children.pop().unwrap();
    (namespace, root)
}

/// What the test expects of one field place.
#[derive(Debug, PartialEq)]
struct ExpectedField {
    fim_id: String,
    kind: FieldType,
    required: bool,
    /// `(min, max)` of the group that wraps a repeated field.
    repeat: Option<(i64, Option<i64>)>,
    codelist: Option<(String, String)>,
}

/// A group place: its FIM id and the FIM ids of the groups inside it.
#[derive(Debug, PartialEq)]
struct Group {
    id: String,
    children: Vec<Group>,
}

#[derive(Debug, Default)]
struct Expected {
    fields: Vec<ExpectedField>,
    groups: Vec<Group>,
    rules: usize,
}

/// The model type for a FIM field kind and data type, as docs/fim.md
/// states it.
fn expected_type(feldart: &str, datentyp: &str, has_list: bool) -> FieldType {
    match (feldart, datentyp) {
        ("select", _) => FieldType::Choice,
        ("label" | "lock" | "locked", _) => FieldType::Display,
        _ if has_list => FieldType::Choice,
        (_, "date") => FieldType::Date,
        (_, "bool") => FieldType::Boolean,
        (_, "num") => FieldType::Decimal,
        (_, "num_int") => FieldType::Integer,
        (_, "num_currency") => FieldType::Money,
        (_, "file") => FieldType::File,
        (_, "obj") => FieldType::Display,
        _ => FieldType::Text,
    }
}

fn cardinality(text: &str) -> (i64, Option<i64>) {
    let (min, max) = text.split_once(':').unwrap();
    let max = match max.trim() {
        "*" | "n" => None,
        n => Some(n.parse().unwrap()),
    };
    (min.trim().parse().unwrap(), max)
}

fn collect(container: &Node, expected: &mut Expected, groups: &mut Vec<Group>) {
    expected.rules += container.all("regel").count();
    for structure in container.all("struktur") {
        let (min, max) = cardinality(&structure.text_of(&["anzahl"]).unwrap());
        let content = structure.child("enthaelt").unwrap();
        if let Some(group) = content.child("datenfeldgruppe") {
            let mut inner = Vec::new();
            collect(group, expected, &mut inner);
            groups.push(Group {
                id: group.text_of(&["identifikation", "id"]).unwrap(),
                children: inner,
            });
        } else {
            let field = content.child("datenfeld").unwrap();
            expected.rules += field.all("regel").count();
            let code = |name: &str| {
                field
                    .text_of(&[name, "code"])
                    .or_else(|| field.text_of(&[name]))
                    .unwrap_or_default()
            };
            let reference = field.child("codelisteReferenz").map(|r| {
                let g = r.child("genericodeIdentification").unwrap_or(r);
                (
                    g.text_of(&["canonicalIdentification"]).unwrap(),
                    g.text_of(&["version"]).unwrap_or_default(),
                )
            });
            let feldart = code("feldart");
            let kind = expected_type(&feldart, &code("datentyp"), reference.is_some());
            let repeated = max.is_none_or(|m| m > 1);
            expected.fields.push(ExpectedField {
                fim_id: field.text_of(&["identifikation", "id"]).unwrap(),
                kind,
                required: kind != FieldType::Display
                    && feldart != "hidden"
                    && (repeated || min >= 1),
                repeat: repeated.then_some((min, max)),
                codelist: reference,
            });
        }
    }
}

fn expectations(path: &Path) -> Option<Expected> {
    let (namespace, root) = read_tree(path);
    if !namespace.starts_with("urn:xoev-de:fim:standard:xdatenfelder") {
        return None;
    }
    let mut expected = Expected::default();
    if let Some(schema) = root.child("stammdatenschema") {
        let mut groups = Vec::new();
        collect(schema, &mut expected, &mut groups);
        expected.groups = groups;
    } else {
        let group = root.child("datenfeldgruppe").unwrap();
        let mut inner = Vec::new();
        collect(group, &mut expected, &mut inner);
        expected.groups = vec![Group {
            id: group.text_of(&["identifikation", "id"]).unwrap(),
            children: inner,
        }];
    }
    Some(expected)
}

/// Genericode lists in the fixtures: (URI, version) → number of rows.
fn genericode_lists(dir: &Path) -> BTreeMap<(String, String), usize> {
    let mut lists = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let (_, root) = read_tree(&path);
        if root.name != "CodeList" {
            continue;
        }
        let uri = root.text_of(&["Identification", "CanonicalUri"]).unwrap();
        let version = root.text_of(&["Identification", "Version"]).unwrap();
        let rows = root
            .child("SimpleCodeList")
            .map_or(0, |l| l.all("Row").count());
        lists.insert((uri, version), rows);
    }
    lists
}

/// What the importer made, read back through the model loader.
struct Imported {
    repository: Repository,
    root: PathBuf,
    _temp: tempfile::TempDir,
}

fn import(path: &Path) -> Imported {
    let temp = tempfile::tempdir().unwrap();
    let options = ImportOptions {
        codelist_dirs: Vec::new(),
        state: Some("BW".into()),
        authority: Some("Landratsamt Musterkreis".into()),
        service_id: None,
        date: date(2024, 5, 1),
    };
    let import = fim::import(&[path.to_path_buf()], &options).unwrap();
    let files = fim::render(&import, temp.path());
    fim::write_files(temp.path(), &files, false).unwrap();
    let loaded = load_repository(temp.path(), &Selection::All).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Imported {
        repository: loaded.repository,
        root: temp.path().to_path_buf(),
        _temp: temp,
    }
}

fn fim_groups(items: &[FormItem]) -> Vec<Group> {
    let mut out = Vec::new();
    for item in items {
        if let FormItem::Section(section) = item {
            match &section.fim {
                Some(fim) => out.push(Group {
                    id: fim.id.as_ref().unwrap().value.clone(),
                    children: fim_groups(&section.items),
                }),
                // A section without FIM reference only wraps a repeated field.
                None => out.extend(fim_groups(&section.items)),
            }
        }
    }
    out
}

fn fields_with_wrapper(
    items: &[FormItem],
    wrapper: Option<&Section>,
    out: &mut Vec<(Seen, Option<Repeat>)>,
) {
    for item in items {
        match item {
            FormItem::Field(field) => out.push((
                Seen::of(field),
                wrapper.and_then(|w| w.repeat.as_ref()).map(|r| {
                    (
                        r.min.as_ref().unwrap().value,
                        r.max.as_ref().map(|m| m.value),
                    )
                }),
            )),
            FormItem::Section(section) => {
                let wrapper = section.fim.is_none().then_some(section);
                fields_with_wrapper(&section.items, wrapper, out);
            }
        }
    }
}

/// The `(min, max)` of a repeatable group.
type Repeat = (i64, Option<i64>);

/// The parts of a loaded field this test compares.
#[derive(Debug)]
struct Seen {
    fim_id: String,
    kind: FieldType,
    required: bool,
    codelist: Option<String>,
    external: Option<(String, String)>,
}

impl Seen {
    fn of(field: &Field) -> Seen {
        Seen {
            fim_id: field
                .fim
                .as_ref()
                .unwrap()
                .id
                .as_ref()
                .unwrap()
                .value
                .clone(),
            kind: field.kind.as_ref().unwrap().value,
            required: matches!(&field.required, Some(ozg::model::Requirement::Always(r)) if r.value),
            codelist: field.codelist.as_ref().map(|c| c.value.clone()),
            external: field.external_codelist.as_ref().map(|e| {
                (
                    e.id.as_ref().unwrap().value.clone(),
                    e.version.as_ref().unwrap().value.clone(),
                )
            }),
        }
    }
}

fn xdatenfelder_files(dir: &Path) -> Vec<(PathBuf, Expected)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let found: Vec<(PathBuf, Expected)> = files
        .into_iter()
        .filter_map(|p| expectations(&p).map(|e| (p, e)))
        .collect();
    assert!(found.len() >= 3, "expected the three XDatenfelder fixtures");
    found
}

#[test]
fn every_fixture_imports_into_a_service_that_lints_with_warnings_only() {
    let Some(dir) = fixtures() else { return };
    for (path, _) in xdatenfelder_files(&dir) {
        let imported = import(&path);
        let report = lint_paths(std::slice::from_ref(&imported.root)).unwrap();
        let errors: Vec<String> = report
            .findings()
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| {
                format!(
                    "{} {}:{} {}",
                    f.rule.code, f.start.line, f.start.column, f.message
                )
            })
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        for finding in report.findings() {
            assert!(
                finding.rule.code == "OZG514" || finding.rule.code.starts_with("OZG7"),
                "{}: unexpected {} {}",
                path.display(),
                finding.rule.code,
                finding.message
            );
        }
    }
}

#[test]
fn every_place_of_a_fim_field_becomes_a_field_with_its_type_and_requirement() {
    let Some(dir) = fixtures() else { return };
    for (path, expected) in xdatenfelder_files(&dir) {
        let imported = import(&path);
        let service = &imported.repository.services[0];
        let mut actual = Vec::new();
        fields_with_wrapper(&service.form, None, &mut actual);
        assert_eq!(actual.len(), expected.fields.len(), "{}", path.display());
        for ((field, repeat), want) in actual.iter().zip(&expected.fields) {
            let place = format!("{}: {}", path.display(), want.fim_id);
            assert_eq!(field.fim_id, want.fim_id, "{place}");
            assert_eq!(field.kind, want.kind, "{place}");
            assert_eq!(field.required, want.required, "{place}");
            assert_eq!(*repeat, want.repeat, "{place}");
        }
    }
}

#[test]
fn groups_become_sections_nested_as_in_the_source() {
    let Some(dir) = fixtures() else { return };
    for (path, expected) in xdatenfelder_files(&dir) {
        let imported = import(&path);
        let service = &imported.repository.services[0];
        assert_eq!(
            fim_groups(&service.form),
            expected.groups,
            "{}",
            path.display()
        );
    }
}

#[test]
fn code_lists_at_hand_are_imported_and_the_others_kept_as_references() {
    let Some(dir) = fixtures() else { return };
    let lists = genericode_lists(&dir);
    for (path, expected) in xdatenfelder_files(&dir) {
        let imported = import(&path);
        let service = &imported.repository.services[0];
        let mut actual = Vec::new();
        fields_with_wrapper(&service.form, None, &mut actual);
        for ((field, _), want) in actual.iter().zip(&expected.fields) {
            let Some((uri, version)) = &want.codelist else {
                assert!(field.codelist.is_none() && field.external.is_none());
                continue;
            };
            match lists.get(&(uri.clone(), version.clone())) {
                Some(&rows) => {
                    let id = field
                        .codelist
                        .as_ref()
                        .unwrap_or_else(|| panic!("{uri} not imported"));
                    let list = imported.repository.codelist(id).unwrap();
                    assert_eq!(list.entries.as_ref().unwrap().value.len(), rows, "{uri}");
                    assert_eq!(list.version.as_ref().unwrap().value, *version);
                }
                None => assert_eq!(
                    field.external,
                    Some((uri.clone(), version.clone())),
                    "{uri}"
                ),
            }
        }
    }
}

#[test]
fn every_fim_rule_is_kept_where_it_was_and_reported_by_the_linter() {
    let Some(dir) = fixtures() else { return };
    for (path, expected) in xdatenfelder_files(&dir) {
        let imported = import(&path);
        let service = &imported.repository.services[0];
        let kept: usize = service
            .fields()
            .iter()
            .map(|(f, _)| f.fim_rules.len())
            .sum::<usize>()
            + service
                .sections()
                .iter()
                .map(|s| s.fim_rules.len())
                .sum::<usize>();
        assert_eq!(kept, expected.rules, "{}", path.display());
        let report = lint_paths(std::slice::from_ref(&imported.root)).unwrap();
        let warned = report
            .findings()
            .iter()
            .filter(|f| f.rule.code == "OZG701")
            .count();
        assert_eq!(warned, expected.rules, "{}", path.display());
    }
}

fn count(groups: &[Group]) -> usize {
    groups.iter().map(|g| 1 + count(&g.children)).sum()
}

#[test]
fn the_blue_card_schema_has_the_numbers_its_source_states() {
    let Some(dir) = fixtures() else { return };
    let path = dir.join("xdf2-BlaueKarte.xml");
    let (_, expected) = xdatenfelder_files(&dir)
        .into_iter()
        .find(|(p, _)| *p == path)
        .unwrap();
    // SOURCES.md: 88 fields, 29 groups, 3 prose rules.
    assert_eq!(expected.fields.len(), 88);
    assert_eq!(count(&expected.groups), 29);
    assert_eq!(expected.rules, 3);
    let imported = import(&path);
    let service = &imported.repository.services[0];
    assert_eq!(service.fields().len(), 88);
    assert_eq!(count(&fim_groups(&service.form)), 29);
}

#[test]
fn importing_twice_gives_the_same_files() {
    let Some(dir) = fixtures() else { return };
    let files: Vec<PathBuf> = xdatenfelder_files(&dir)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let options = ImportOptions {
        codelist_dirs: Vec::new(),
        state: Some("BY".into()),
        authority: None,
        service_id: None,
        date: date(2024, 5, 1),
    };
    let render = || {
        let import = fim::import(&files, &options).unwrap();
        fim::render(&import, Path::new("/nonexistent/repository"))
    };
    assert_eq!(render(), render());
}

#[test]
fn a_real_file_cut_off_anywhere_gives_a_positioned_error_never_a_panic() {
    let Some(dir) = fixtures() else { return };
    let bytes = std::fs::read(dir.join("xdf2-S00000094.xml")).unwrap();
    for cut in (1..bytes.len()).step_by(997) {
        let result = fim::xml::parse_bytes(&bytes[..cut]);
        let error = result.expect_err("a cut file is not well-formed");
        assert!(error.position().is_some(), "cut at {cut}: {error:?}");
    }
}
