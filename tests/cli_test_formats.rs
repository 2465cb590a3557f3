//! `ozg test --format json` and `--format junit`: reports that machines
//! read, checked by reading them back.

mod cli_test_support;

use cli_test_support::{FAILING, PASSING, Repo};
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

#[test]
fn json_report_lists_each_scenario_with_its_mismatches() {
    let repo = Repo::with_scenarios(&[("paid", PASSING), ("wrong", FAILING)]);
    let run = repo.run(&["test", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let items = report.as_array().expect("a list");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["scenario"], "paid");
    assert_eq!(items[0]["status"], "passed");
    assert_eq!(items[1]["status"], "failed");
    let mismatches: Vec<(&str, &str, &str)> = items[1]["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["what"].as_str().unwrap(),
                m["expected"].as_str().unwrap(),
                m["actual"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        mismatches,
        [
            ("outcome", "approved", "completed"),
            ("deadline check", "2024-10-07", "2024-10-08"),
            ("fees total", "13,00 €", "17,00 €"),
        ]
    );
}

#[test]
fn json_report_goes_alone_to_standard_output() {
    let repo = Repo::with_scenarios(&[("paid", PASSING)]);
    let run = repo.run(&["test", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

fn name_of(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_owned()
}

fn attribute(start: &BytesStart<'_>, key: &str) -> Option<String> {
    start.attributes().find_map(|a| {
        let a = a.expect("a well-formed attribute");
        (a.key.local_name().as_ref() == key).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .expect("a readable value")
                .into_owned()
        })
    })
}

/// The `testcase` elements of a `JUnit` report, each with its name and the
/// kinds of the elements inside it (`failure`, `error`).
fn test_cases(xml: &str) -> Vec<(String, Vec<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut cases: Vec<(String, Vec<String>)> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = name_of(&e);
                if name == "testcase" {
                    cases.push((attribute(&e, "name").expect("a name"), Vec::new()));
                } else if (name == "failure" || name == "error")
                    && let Some(last) = cases.last_mut()
                {
                    last.1.push(name);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cases
}

#[test]
fn junit_report_has_a_test_case_per_scenario_and_a_failure_for_the_failing_one() {
    let repo = Repo::with_scenarios(&[("paid", PASSING), ("wrong", FAILING)]);
    let run = repo.run(&["test", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let cases = test_cases(&run.stdout);
    assert_eq!(
        cases,
        [
            ("Privat, bezahlt".to_owned(), vec![]),
            (
                "Europäisch, falsche Erwartung".to_owned(),
                vec!["failure".to_owned()]
            ),
        ]
    );
    assert!(
        run.stdout
            .contains("outcome: expected approved, actual completed"),
        "{}",
        run.stdout
    );
}

#[test]
fn junit_report_can_be_written_to_a_file() {
    let repo = Repo::with_scenarios(&[("paid", PASSING)]);
    let run = repo.run(&["test", "--format", "junit", "--output", "report.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.is_empty());
    let cases = test_cases(&repo.read("report.xml"));
    assert_eq!(cases.len(), 1);
}
