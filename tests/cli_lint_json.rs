//! The JSON output of `ozg lint` is valid JSON with the fields that
//! docs/output.md documents, with positions counted as documented.

mod cli_lint_support;

use cli_lint_support::{MIXED_SERVICE, Repo};
use serde_json::Value;

fn findings(repo: &Repo) -> Vec<Value> {
    let run = repo.run(&["lint", "--format", "json"]);
    let parsed: Value = serde_json::from_str(&run.stdout).expect("the output is JSON");
    parsed.as_array().expect("the output is an array").clone()
}

#[test]
fn every_finding_has_the_documented_fields() {
    let findings = findings(&Repo::with_service(MIXED_SERVICE));
    assert_eq!(findings.len(), 3);
    for finding in &findings {
        let object = finding.as_object().expect("each finding is an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "file",
                "help",
                "line",
                "message",
                "name",
                "related",
                "severity"
            ]
        );
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(
                finding[key].as_u64().is_some_and(|n| n >= 1),
                "{key} is 1-based"
            );
        }
        assert!(["error", "warning", "info"].contains(&finding["severity"].as_str().unwrap()));
    }
}

#[test]
fn related_places_have_position_and_message() {
    let findings = findings(&Repo::with_service(MIXED_SERVICE));
    let duplicate = findings
        .iter()
        .find(|f| f["code"] == "OZG105")
        .expect("the duplicate role is reported");
    let related = duplicate["related"]
        .as_array()
        .expect("related is an array");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["file"], "services/hundesteuer/service.toml");
    assert_eq!(related[0]["line"], 22);
    assert_eq!(related[0]["column"], 6);
    assert_eq!(related[0]["end_line"], 22);
    assert_eq!(related[0]["end_column"], 13);
    assert_eq!(related[0]["message"], "the first role with this id");
}

#[test]
fn columns_count_characters_and_end_just_past_the_last_one() {
    // The umlauts before the unknown step take two bytes each in UTF-8;
    // the column must count them as one character each.
    let service = MIXED_SERVICE.replace(
        "next = [{ to = \"granted\", when = 'decision = \"approve\"' }]",
        "next = [{ label = \"Prüfung für Ämter\", to = \"grantd\" }]",
    );
    let findings = findings(&Repo::with_service(&service));
    let unknown = findings
        .iter()
        .find(|f| f["code"] == "OZG201")
        .expect("the unknown step is reported");
    let line = "next = [{ label = \"Prüfung für Ämter\", to = \"grantd\" }]";
    let start = line.find("\"grantd\"").unwrap();
    let expected_column = line[..start].chars().count() + 1;
    assert_eq!(unknown["column"], expected_column);
    assert_eq!(unknown["end_column"], expected_column + "\"grantd\"".len());
}
