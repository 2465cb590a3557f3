//! How FIM elements map onto the model, each on a small XDatenfelder
//! document written for the purpose: cardinalities, field kinds and data
//! types, precision, code lists, rules, legal references, ids.

#![allow(
    clippy::doc_markdown,
    reason = "FIM's names (XDatenfelder, XRepository) are words here, not code"
)]

use jiff::civil::date;
use ozg::fim::{self, Import, ImportOptions, WarningKind};
use ozg::model::load::{Selection, load_repository};
use ozg::model::{Bound, FieldType, FormItem, Repository, Requirement, Section, Service};

const V2: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";
const V3: &str = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0";

fn field(id: &str, name: &str, feldart: &str, datentyp: &str, extra: &str) -> String {
    format!(
        "<xdf:datenfeld><xdf:identifikation><xdf:id>{id}</xdf:id><xdf:version>1.0</xdf:version>\
         </xdf:identifikation><xdf:name>{name}</xdf:name>\
         <xdf:bezeichnungEingabe>{name}</xdf:bezeichnungEingabe>\
         <xdf:feldart><code>{feldart}</code></xdf:feldart>\
         <xdf:datentyp><code>{datentyp}</code></xdf:datentyp>{extra}</xdf:datenfeld>"
    )
}

fn text_field(id: &str, name: &str) -> String {
    field(id, name, "input", "text", "")
}

fn place(anzahl: &str, element: &str) -> String {
    format!(
        "<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt>{element}</xdf:enthaelt>\
         </xdf:struktur>"
    )
}

fn group(id: &str, name: &str, places: &[String]) -> String {
    format!(
        "<xdf:datenfeldgruppe><xdf:identifikation><xdf:id>{id}</xdf:id>\
         <xdf:version>1.0</xdf:version></xdf:identifikation><xdf:name>{name}</xdf:name>\
         {}</xdf:datenfeldgruppe>",
        places.concat()
    )
}

fn schema(extra: &str, places: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf=\"{V2}\"><xdf:stammdatenschema>\
         <xdf:identifikation><xdf:id>S00000001</xdf:id><xdf:version>1.0</xdf:version>\
         </xdf:identifikation><xdf:name>Testantrag</xdf:name>{extra}{}\
         </xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>",
        places.concat()
    )
}

struct Imported {
    import: Import,
    repository: Repository,
    dir: tempfile::TempDir,
}

impl Imported {
    fn service(&self) -> &Service {
        &self.repository.services[0]
    }

    fn text(&self) -> String {
        let service = &self.import.services[0].draft.id;
        std::fs::read_to_string(
            self.dir
                .path()
                .join(format!("out/services/{service}/service.toml")),
        )
        .unwrap()
    }
}

/// Writes `xml` (and the `extra` files) into a folder, imports it and
/// loads the result.
fn import_with(xml: &str, extra: &[(&str, &str)]) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("schema.xml");
    std::fs::write(&input, xml).unwrap();
    for (name, content) in extra {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let options = ImportOptions {
        codelist_dirs: Vec::new(),
        state: Some("NW".into()),
        authority: Some("Stadt Musterstadt".into()),
        service_id: None,
        date: date(2024, 5, 1),
    };
    let import = fim::import(&[input], &options).unwrap();
    let out = dir.path().join("out");
    let files = fim::render(&import, &out);
    fim::write_files(&out, &files, false).unwrap();
    let loaded = load_repository(&out, &Selection::All).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Imported {
        import,
        repository: loaded.repository,
        dir,
    }
}

fn import(xml: &str) -> Imported {
    import_with(xml, &[])
}

fn section<'a>(service: &'a Service, fim_id: &str) -> &'a Section {
    service
        .sections()
        .into_iter()
        .find(|s| {
            s.fim
                .as_ref()
                .and_then(|f| f.id.as_ref())
                .is_some_and(|i| i.value == fim_id)
        })
        .unwrap()
}

fn field_ids(service: &Service) -> Vec<(String, String)> {
    service
        .fields()
        .iter()
        .map(|(f, _)| {
            let fim = f.fim.as_ref().unwrap().id.as_ref().unwrap().value.clone();
            (f.id.value.clone(), fim)
        })
        .collect()
}

fn is_required(service: &Service, id: &str) -> bool {
    let (field, _) = service
        .fields()
        .into_iter()
        .find(|(f, _)| f.id.value == id)
        .unwrap();
    matches!(&field.required, Some(Requirement::Always(r)) if r.value)
}

#[test]
fn a_field_used_in_two_groups_becomes_one_field_per_place_named_after_its_group() {
    let name = text_field("F00000001", "Name");
    let imported = import(&schema(
        "",
        &[
            place(
                "1:1",
                &group("G00000001", "Antragsteller", &[place("1:1", &name)]),
            ),
            place(
                "1:1",
                &group("G00000002", "Arbeitgeber", &[place("1:1", &name)]),
            ),
        ],
    ));
    assert_eq!(
        field_ids(imported.service()),
        [
            ("antragsteller_name".to_owned(), "F00000001".to_owned()),
            ("arbeitgeber_name".to_owned(), "F00000001".to_owned()),
        ]
    );
}

#[test]
fn ids_are_transliterated_from_german_names() {
    let imported = import(&schema(
        "",
        &[place("1:1", &text_field("F00000001", "Größe Straße (Ü)"))],
    ));
    assert_eq!(imported.service().fields()[0].0.id.value, "groesse_strasse");
}

#[test]
fn cardinality_decides_whether_a_field_is_required() {
    let imported = import(&schema(
        "",
        &[
            place("1:1", &text_field("F00000001", "Pflicht")),
            place("0:1", &text_field("F00000002", "Freiwillig")),
        ],
    ));
    assert!(is_required(imported.service(), "pflicht"));
    assert!(!is_required(imported.service(), "freiwillig"));
}

#[test]
fn an_optional_group_repeats_at_most_once_so_its_fields_are_required_only_when_it_is_given() {
    let imported = import(&schema(
        "",
        &[place(
            "0:1",
            &group(
                "G00000001",
                "Postfach",
                &[place("1:1", &text_field("F00000001", "Nummer"))],
            ),
        )],
    ));
    let repeat = section(imported.service(), "G00000001")
        .repeat
        .as_ref()
        .unwrap();
    assert_eq!(repeat.min.as_ref().unwrap().value, 0);
    assert_eq!(repeat.max.as_ref().unwrap().value, 1);
    assert!(is_required(imported.service(), "nummer"));
}

#[test]
fn a_group_given_once_is_a_plain_section_and_one_given_often_repeats_without_limit() {
    let inner = [place("1:1", &text_field("F00000001", "Kennung"))];
    let imported = import(&schema(
        "",
        &[
            place("1:1", &group("G00000001", "Einmal", &inner)),
            place("1:*", &group("G00000002", "Oft", &inner)),
        ],
    ));
    assert!(section(imported.service(), "G00000001").repeat.is_none());
    let repeat = section(imported.service(), "G00000002")
        .repeat
        .as_ref()
        .unwrap();
    assert_eq!(repeat.min.as_ref().unwrap().value, 1);
    assert!(repeat.max.is_none());
}

#[test]
fn a_repeated_field_is_wrapped_in_a_repeatable_section() {
    let imported = import(&schema(
        "",
        &[place("2:5", &text_field("F00000087", "Zeile"))],
    ));
    let FormItem::Section(wrapper) = &imported.service().form[0] else {
        panic!("not wrapped")
    };
    assert!(wrapper.fim.is_none());
    assert_eq!(wrapper.id.value, "zeile_liste");
    let repeat = wrapper.repeat.as_ref().unwrap();
    assert_eq!(
        (
            repeat.min.as_ref().unwrap().value,
            repeat.max.as_ref().unwrap().value
        ),
        (2, 5)
    );
    assert!(is_required(imported.service(), "zeile"));
}

#[test]
fn field_kinds_and_data_types_map_onto_field_types() {
    let cases = [
        ("input", "text", FieldType::Text),
        ("input", "text_latin", FieldType::Text),
        ("input", "date", FieldType::Date),
        ("input", "bool", FieldType::Boolean),
        ("input", "num", FieldType::Decimal),
        ("input", "num_int", FieldType::Integer),
        ("input", "num_currency", FieldType::Money),
        ("input", "file", FieldType::File),
        ("input", "obj", FieldType::Display),
        ("label", "text", FieldType::Display),
        ("lock", "text", FieldType::Display),
        ("input", "time", FieldType::Text),
    ];
    let places: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (feldart, datentyp, _))| {
            place(
                "0:1",
                &field(
                    &format!("F{i:08}"),
                    &format!("Feld {i}"),
                    feldart,
                    datentyp,
                    "",
                ),
            )
        })
        .collect();
    let imported = import(&schema("", &places));
    let types: Vec<FieldType> = imported
        .service()
        .fields()
        .iter()
        .map(|(f, _)| f.kind.as_ref().unwrap().value)
        .collect();
    let expected: Vec<FieldType> = cases.iter().map(|c| c.2).collect();
    assert_eq!(types, expected);
}

#[test]
fn hidden_fields_are_kept_but_never_shown_nor_required() {
    let imported = import(&schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", "Kennung", "hidden", "text", ""),
        )],
    ));
    let (field, _) = &imported.service().fields()[0];
    assert_eq!(field.visible.as_ref().unwrap().text, "false");
    assert!(field.required.is_none());
}

#[test]
fn version_2_precision_text_gives_lengths_and_pattern() {
    let extra = r#"<xdf:praezisierung>{"minLength":"5","maxLength":"5","pattern":"[0-9]{5}"}</xdf:praezisierung>"#;
    let imported = import(&schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", "PLZ", "input", "text", extra),
        )],
    ));
    let (field, _) = &imported.service().fields()[0];
    assert_eq!(field.min_length.as_ref().unwrap().value, 5);
    assert_eq!(field.max_length.as_ref().unwrap().value, 5);
    assert_eq!(field.pattern.as_ref().unwrap().value, "[0-9]{5}");
}

#[test]
fn version_3_precision_attributes_give_a_value_range() {
    let xml = format!(
        "<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf=\"{V3}\"><xdf:datenfeldgruppe>\
         <xdf:identifikation><xdf:id>G60000000083</xdf:id><xdf:version>1.1.0</xdf:version>\
         </xdf:identifikation><xdf:name>Geburtsdatum</xdf:name>{}</xdf:datenfeldgruppe>\
         </xdf:xdatenfelder.datenfeldgruppe.0103>",
        place(
            "1:1",
            &field(
                "F60000000233",
                "Jahr",
                "input",
                "num_int",
                "<xdf:praezisierung minValue=\"1850\" maxValue=\"2080\"/>"
            )
        )
    );
    let imported = import(&xml);
    let (field, _) = &imported.service().fields()[0];
    let number = |b: &Option<ozg::source::Spanned<Bound>>| match &b.as_ref().unwrap().value {
        Bound::Number(n) => n.to_string(),
        Bound::Date(d) => d.to_string(),
    };
    assert_eq!(
        (number(&field.min), number(&field.max)),
        ("1850".into(), "2080".into())
    );
}

#[test]
fn settings_that_do_not_fit_the_type_are_kept_as_comments_and_reported() {
    let extra = r#"<xdf:praezisierung>{"maxLength":"10"}</xdf:praezisierung>"#;
    let imported = import(&schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", "Datum", "input", "date", extra),
        )],
    ));
    assert!(imported.service().fields()[0].0.max_length.is_none());
    assert!(
        imported
            .text()
            .contains("# FIM maxLength \"10\" is not taken over")
    );
    assert!(imported.import.warnings.iter().any(|w| matches!(
        &w.kind,
        WarningKind::SettingNotKept {
            key: "maxLength",
            ..
        }
    )));
}

const LIST_REFERENCE: &str = "<xdf:codelisteReferenz><xdf:identifikation><xdf:id>C00000020\
    </xdf:id></xdf:identifikation><xdf:genericodeIdentification><xdf:canonicalIdentification>\
    urn:de:test:status</xdf:canonicalIdentification><xdf:version>2020-02-06</xdf:version>\
    </xdf:genericodeIdentification></xdf:codelisteReferenz>";

const GENERICODE: &str = "<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\">\
    <Identification><ShortName>Status</ShortName><Version>2020-02-06</Version>\
    <CanonicalUri>urn:de:test:status</CanonicalUri></Identification><ColumnSet>\
    <Column Id=\"code\" Use=\"required\"/><Column Id=\"name\"/><Key Id=\"codeKey\">\
    <ColumnRef Ref=\"code\"/></Key></ColumnSet><SimpleCodeList>\
    <Row><Value ColumnRef=\"code\"><SimpleValue>001</SimpleValue></Value>\
    <Value ColumnRef=\"name\"><SimpleValue>schwanger</SimpleValue></Value></Row>\
    <Row><Value ColumnRef=\"code\"><SimpleValue>002</SimpleValue></Value>\
    <Value ColumnRef=\"name\"><SimpleValue>stillend</SimpleValue></Value></Row>\
    </SimpleCodeList></gc:CodeList>";

#[test]
fn a_code_list_next_to_the_schema_is_imported_with_codes_and_labels() {
    let xml = schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", "Status", "select", "text", LIST_REFERENCE),
        )],
    );
    let imported = import_with(&xml, &[("C00000020_genericode.xml", GENERICODE)]);
    let (field, _) = &imported.service().fields()[0];
    let list = imported
        .repository
        .codelist(&field.codelist.as_ref().unwrap().value)
        .unwrap();
    let entries: Vec<(String, String)> = list
        .entries
        .as_ref()
        .unwrap()
        .value
        .iter()
        .map(|e| {
            (
                e.code.value.clone(),
                e.label.as_ref().unwrap().value.clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("001".into(), "schwanger".into()),
            ("002".into(), "stillend".into())
        ]
    );
}

#[test]
fn a_code_list_not_at_hand_is_kept_as_an_external_reference_and_reported() {
    let xml = schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", "Status", "select", "text", LIST_REFERENCE),
        )],
    );
    let imported = import(&xml);
    let external = imported.service().fields()[0]
        .0
        .external_codelist
        .clone()
        .unwrap();
    assert_eq!(external.id.unwrap().value, "urn:de:test:status");
    assert_eq!(external.version.unwrap().value, "2020-02-06");
    let reported = imported
        .import
        .warnings
        .iter()
        .filter(|w| matches!(&w.kind, WarningKind::ExternalCodeList { uri, .. } if uri == "urn:de:test:status"))
        .count();
    assert_eq!(reported, 1);
}

#[test]
fn a_rule_of_the_schema_is_kept_on_the_last_field_its_text_names() {
    let rule = "<xdf:regel><xdf:identifikation><xdf:id>R00000001</xdf:id></xdf:identifikation>\
        <xdf:name>Sonstiges</xdf:name><xdf:definition>Wenn F00000001 = 009, dann muss F00000002 \
        befüllt werden.</xdf:definition><xdf:script>function script() {}</xdf:script></xdf:regel>";
    let imported = import(&schema(
        rule,
        &[
            place("1:1", &text_field("F00000001", "Art")),
            place("0:1", &text_field("F00000002", "Sonstiges")),
        ],
    ));
    let rules: Vec<(String, usize)> = imported
        .service()
        .fields()
        .iter()
        .map(|(f, _)| (f.id.value.clone(), f.fim_rules.len()))
        .collect();
    assert_eq!(rules, [("art".into(), 0), ("sonstiges".into(), 1)]);
    let (field, _) = &imported.service().fields()[1];
    assert_eq!(
        field.fim_rules[0].text.as_ref().unwrap().value,
        "Wenn F00000001 = 009, dann muss F00000002 befüllt werden."
    );
}

#[test]
fn legal_references_go_to_the_legal_basis_of_service_and_field() {
    let extra =
        "<xdf:hilfetextEingabe>Wie im Pass.</xdf:hilfetextEingabe><xdf:bezug>§ 5 PassG</xdf:bezug>";
    let imported = import(&schema(
        "<xdf:bezug>§ 1 PassG&#13;\n§ 2 PassG</xdf:bezug>",
        &[place(
            "1:1",
            &field("F00000001", "Name", "input", "text", extra),
        )],
    ));
    let legal: Vec<&str> = imported
        .service()
        .meta
        .legal_basis
        .iter()
        .map(|l| l.value.as_str())
        .collect();
    assert_eq!(legal, ["§ 1 PassG", "§ 2 PassG"]);
    let (field, _) = &imported.service().fields()[0];
    assert_eq!(field.help.as_ref().unwrap().value, "Wie im Pass.");
    let field_legal: Vec<&str> = field.legal_basis.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(field_legal, ["§ 5 PassG"]);
}

#[test]
fn a_schema_without_legal_basis_gets_an_empty_one_and_a_warning() {
    let imported = import(&schema(
        "",
        &[place("1:1", &text_field("F00000001", "Name"))],
    ));
    assert!(imported.service().meta.legal_basis.is_empty());
    assert!(
        imported
            .import
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::NoLegalBasis)
    );
}

#[test]
fn valid_from_is_the_fim_date_or_else_the_import_date() {
    let imported = import(&schema(
        "<xdf:gueltigAb>2021-03-01</xdf:gueltigAb>",
        &[place("1:1", &text_field("F00000001", "A"))],
    ));
    assert_eq!(
        imported.service().meta.valid_from.as_ref().unwrap().value,
        date(2021, 3, 1)
    );
    let imported = import(&schema("", &[place("1:1", &text_field("F00000001", "A"))]));
    assert_eq!(
        imported.service().meta.valid_from.as_ref().unwrap().value,
        date(2024, 5, 1)
    );
}

#[test]
fn the_file_says_where_it_was_imported_from() {
    let imported = import(&schema("", &[place("1:1", &text_field("F00000001", "A"))]));
    let text = imported.text();
    assert!(text.starts_with("# Imported by `ozg import fim` on 2024-05-01 from schema.xml:\n"));
    assert!(text.contains("# FIM Stammdatenschema S00000001 version 1.0 \"Testantrag\""));
}

#[test]
fn labels_with_quotes_backslashes_and_line_breaks_survive_the_round_trip() {
    let name = "Name \"Rufname\" C:\\Pfad";
    let extra = "<xdf:hilfetextEingabe>Zeile eins\n   Zeile \"zwei\"\"\"\"</xdf:hilfetextEingabe>";
    let imported = import(&schema(
        "",
        &[place(
            "1:1",
            &field("F00000001", name, "input", "text", extra),
        )],
    ));
    let (field, _) = &imported.service().fields()[0];
    assert_eq!(field.label.as_ref().unwrap().value, name);
    assert_eq!(
        field.help.as_ref().unwrap().value,
        "Zeile eins\nZeile \"zwei\"\"\"\""
    );
}

#[test]
fn the_generated_process_has_a_review_that_approves_or_rejects() {
    let imported = import(&schema("", &[place("1:1", &text_field("F00000001", "A"))]));
    let steps: Vec<&str> = imported
        .service()
        .process
        .steps
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    assert_eq!(steps, ["receipt", "review", "granted", "refused"]);
    assert_eq!(imported.service().roles[0].id.value, "clerk");
}
