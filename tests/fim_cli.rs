//! `ozg import fim` from the command line: broken input is an error with
//! its file, line and column and exit code 2, nothing is written then, and
//! a successful import exits with 0 and puts its warnings on stderr.

#![allow(
    clippy::doc_markdown,
    reason = "FIM's names (XDatenfelder, XRepository) are words here, not code"
)]

use std::path::Path;
use std::process::{Command, Output};

const V2: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";

const SCHEMA: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf=\"urn:xoev-de:fim:standard:xdatenfelder_2\">\n\
<xdf:stammdatenschema>\n\
<xdf:identifikation><xdf:id>S00000001</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>\n\
<xdf:name>Testantrag</xdf:name>\n\
<xdf:bezug>§ 1 TestG</xdf:bezug>\n\
<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>\n\
<xdf:datenfeld><xdf:identifikation><xdf:id>F00000001</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>\n\
<xdf:name>Geschlecht</xdf:name><xdf:feldart><code>select</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>\n\
<xdf:codelisteReferenz><xdf:genericodeIdentification><xdf:canonicalIdentification>urn:de:test:geschlecht</xdf:canonicalIdentification><xdf:version>2024-01-01</xdf:version></xdf:genericodeIdentification></xdf:codelisteReferenz>\n\
</xdf:datenfeld>\n\
</xdf:enthaelt></xdf:struktur>\n\
</xdf:stammdatenschema>\n\
</xdf:xdatenfelder.stammdatenschema.0102>\n";

fn ozg(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn import(dir: &Path, file: &str, content: &str, extra: &[&str]) -> Output {
    std::fs::write(dir.join(file), content).unwrap();
    let mut args = vec![
        "import",
        "fim",
        file,
        "--out",
        "repo",
        "--date",
        "2024-05-01",
    ];
    args.extend(extra);
    ozg(&args, dir)
}

#[test]
fn a_successful_import_exits_with_0_and_reports_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(dir.path(), "schema.xml", SCHEMA, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains(
        "schema.xml:10:1: warning: code list urn:de:test:geschlecht (version 2024-01-01) is not at hand"
    ));
    assert!(
        dir.path()
            .join("repo/services/testantrag/service.toml")
            .is_file()
    );
    assert!(dir.path().join("repo/ozg.toml").is_file());
}

#[test]
fn a_truncated_file_is_an_error_at_its_end_naming_the_open_element() {
    let dir = tempfile::tempdir().unwrap();
    let cut = &SCHEMA[..SCHEMA.find("<xdf:name>Geschlecht").unwrap()];
    let output = import(dir.path(), "cut.xml", cut, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cut.xml:9:1: the file ends before <datenfeld> (opened at line 8, column 1) is \
         closed; it is probably cut off\n"
    );
    assert!(!dir.path().join("repo").exists());
}

#[test]
fn a_file_in_another_namespace_is_refused_at_its_root_element() {
    let dir = tempfile::tempdir().unwrap();
    let other = SCHEMA.replace(V2, "urn:example:forms");
    let output = import(dir.path(), "other.xml", &other, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: other.xml:2:1: this is not an XDatenfelder file: its root element is \
             <xdatenfelder.stammdatenschema.0102> in the namespace urn:example:forms"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_field_without_identification_is_refused_at_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let broken = SCHEMA.replace(
        "<xdf:identifikation><xdf:id>F00000001</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>",
        "",
    );
    let output = import(dir.path(), "broken.xml", &broken, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: broken.xml:8:1: <datenfeld> has no <identifikation>, which the import needs"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn misspelt_tags_are_an_error_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let broken = SCHEMA.replace(
        "<xdf:name>Testantrag</xdf:name>",
        "<xdf:name>Testantrag</xdf:nam>",
    );
    let output = import(dir.path(), "broken.xml", &broken, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: broken.xml:5:"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("not well-formed XML"));
}

#[test]
fn a_code_list_given_as_input_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let list = "<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"/>";
    let output = import(dir.path(), "C1.xml", list, &["--state", "BW"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("this is a genericode code list, not a form"));
}

#[test]
fn without_a_known_federal_state_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(dir.path(), "schema.xml", SCHEMA, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("for example with --state BW"));
    assert!(!dir.path().join("repo").exists());
}

#[test]
fn the_state_of_an_existing_repository_is_enough() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("repo")).unwrap();
    std::fs::write(
        dir.path().join("repo/ozg.toml"),
        "[project]\nname = \"Repo\"\nformat = 1\nstate = \"HH\"\n",
    )
    .unwrap();
    let output = import(dir.path(), "schema.xml", SCHEMA, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let config = std::fs::read_to_string(dir.path().join("repo/ozg.toml")).unwrap();
    assert!(config.contains("state = \"HH\""), "ozg.toml was changed");
}

#[test]
fn a_changed_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        import(dir.path(), "schema.xml", SCHEMA, &["--state", "BW"])
            .status
            .code(),
        Some(0)
    );
    let service = dir.path().join("repo/services/testantrag/service.toml");
    std::fs::write(&service, "# edited by hand\n").unwrap();

    let refused = import(dir.path(), "schema.xml", SCHEMA, &["--state", "BW"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("Nothing was written. Use --force"));
    assert_eq!(
        std::fs::read_to_string(&service).unwrap(),
        "# edited by hand\n"
    );

    let forced = import(
        dir.path(),
        "schema.xml",
        SCHEMA,
        &["--state", "BW", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&service)
            .unwrap()
            .starts_with("# Imported by")
    );
}

#[test]
fn an_unknown_state_is_an_argument_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(dir.path(), "schema.xml", SCHEMA, &["--state", "XY"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`XY` is not a federal state"));
}
