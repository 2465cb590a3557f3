//! Broken models, one defect each, and the exact finding each must get.
//!
//! Every `tests/lint_cases/<name>.toml` is a service file. Its `# expect:`
//! comments list the findings it must get and nothing else, as
//! `CODE line:column` (or `CODE path line:column` for a finding in another
//! file), or `none`. A case that needs more than one file is a folder
//! holding a whole repository and an `expect.txt` in the same notation.
//! A service file's folder in the temporary repository is its service id
//! unless a `# folder: name` comment says otherwise.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use ozg::lint::{RULES, lint_paths};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_cases")
}

/// The expectations written in `text`, one per `# expect:` line.
fn expectations(text: &str, default_path: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("# expect:"))
        .map(str::trim)
        .filter(|e| *e != "none")
        .map(|e| {
            let parts: Vec<&str> = e.split_whitespace().collect();
            match parts.as_slice() {
                [code, at] => format!("{code} {default_path} {at}"),
                [code, path, at] => format!("{code} {path} {at}"),
                _ => panic!("cannot read expectation `{e}`"),
            }
        })
        .collect()
}

/// Runs one case and returns (expected, actual).
fn run_case(path: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let expected = if path.is_dir() {
        copy_dir(path, root);
        expectations(&fs::read_to_string(path.join("expect.txt")).unwrap(), "")
    } else {
        let text = fs::read_to_string(path).unwrap();
        let folder = text
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("# folder:")
                    .map(|f| f.trim().to_owned())
            })
            .unwrap_or_else(|| service_id(&text));
        let relative = format!("services/{folder}/service.toml");
        fs::write(
            root.join("ozg.toml"),
            "[project]\nname = \"Test\"\nformat = 1\nstate = \"BW\"\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("services").join(&folder)).unwrap();
        fs::write(root.join(&relative), &text).unwrap();
        expectations(&text, &relative)
    };
    let report = lint_paths(&[root.to_path_buf()]).unwrap();
    let actual = report
        .findings()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f.rule.code, f.file.relative, f.start.line, f.start.column
            )
        })
        .collect();
    (expected, actual)
}

/// The id in the `[service]` table, written as `id = "..."`.
fn service_id(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.trim() != "[service]")
        .find_map(|l| l.trim().strip_prefix("id = \""))
        .map(|rest| rest.trim_end_matches('"').to_owned())
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "expect.txt" {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn all_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_case_gets_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let (expected, actual) = run_case(&case);
        if expected != actual {
            failures.push(format!(
                "{}:\n  expected: {:?}\n  actual:   {:?}",
                case.file_name().unwrap().to_string_lossy(),
                expected,
                actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_case() {
    let mut covered = BTreeSet::new();
    for case in all_cases() {
        let (expected, _) = run_case(&case);
        covered.extend(
            expected
                .iter()
                .map(|e| e.split(' ').next().unwrap().to_owned()),
        );
    }
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a broken model in tests/lint_cases: {missing:?}"
    );
}
