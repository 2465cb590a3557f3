//! Shared by the diff and graph tests: a small service model to change
//! piece by piece, comparison of two texts of it, and git repositories
//! built commit by commit.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use ozg::diff::{Change, RepositoryDiff, diff_repositories};
use ozg::model::load::load_contents;

/// A service with one of everything the diff compares.
pub const BASE: &str = r#"[service]
id = "permit"
title = "Genehmigung beantragen"
authority = "Stadt Musterstadt"
state = "BW"
valid_from = 2024-01-01
legal_basis = ["§ 1 Mustergesetz"]

[[section]]
id = "applicant"
title = "Antragsteller"

[[section.field]]
id = "name"
label = "Name"
type = "text"
required = true
max_length = 100

[[section.field]]
id = "phone"
label = "Telefon"
type = "phone"

[[field]]
id = "length"
label = "Länge in Metern"
type = "decimal"
required = true
min = 2.0
max = 8.0

[[field]]
id = "zone"
label = "Zone"
type = "choice"
required = true
options = [
  { code = "north", label = "Nord" },
  { code = "south", label = "Süd" },
]

[[field]]
id = "legal_form"
label = "Rechtsform"
type = "choice"
codelist = "legal_forms"

[[computed]]
id = "long_vehicle"
expr = "length > 4.70"

[[decision]]
id = "base_fee"
inputs = ["length"]
rules = [
  { when = ["<= 4.70"], then = "30.00" },
  { when = ["> 4.70"], then = "60.00" },
]

[[fee]]
id = "annual_fee"
label = "Jahresgebühr"
amount = "30.00"
legal_basis = "Gebührensatzung § 2"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
next = [{ to = "review" }]

[[step]]
id = "review"
kind = "task"
title = "Antrag prüfen"
role = "clerk"
decisions = ["approve", "reject", "request_documents"]
deadline = { within = "P14D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "clerk" }
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
  { to = "await_documents", when = 'decision = "request_documents"' },
]

[[step]]
id = "await_documents"
kind = "wait"
title = "Unterlagen abwarten"
events = ["documents_received", "withdrawn"]
next = [
  { to = "review", when = 'event = "documents_received"' },
  { to = "refused", when = 'event = "withdrawn"' },
]

[[step]]
id = "granted"
kind = "end"
title = "Genehmigt"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
title = "Abgelehnt"
outcome = "rejected"

[[deadline]]
id = "decision_deadline"
within = "P3M"
from = "submitted"
on_expiry = "escalate"
escalate_to = "clerk"

[[notification]]
id = "receipt_confirmation"
on = "receipt"
subject = "Eingangsbestätigung"
text = "Ihr Antrag ist bei uns eingegangen. Wir entscheiden innerhalb von drei Monaten."
"#;

pub const CODELIST: &str = r#"[codelist]
id = "legal_forms"
title = "Rechtsformen"
entries = [
  { code = "natural_person", label = "Natürliche Person" },
  { code = "gmbh", label = "GmbH" },
]
"#;

/// The base service with `from` replaced by `to` (which must occur).
pub fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "the base service has no {from:?}");
    BASE.replacen(from, to, 1)
}

/// Compares two texts of the service (with the shared code list as given).
pub fn compare_with_lists(old: &str, new: &str, old_list: &str, new_list: &str) -> RepositoryDiff {
    let files = |service: &str, list: &str| {
        vec![
            (
                "services/permit/service.toml".to_owned(),
                service.as_bytes().to_vec(),
            ),
            (
                "codelists/legal_forms.toml".to_owned(),
                list.as_bytes().to_vec(),
            ),
        ]
    };
    let old = load_contents(Path::new("old"), files(old, old_list));
    let new = load_contents(Path::new("new"), files(new, new_list));
    assert!(old.problems.is_empty(), "{:?}", old.problems);
    assert!(new.problems.is_empty(), "{:?}", new.problems);
    diff_repositories(&old.repository, &new.repository, "old", "new")
}

/// The changes of the service between two texts of it.
pub fn changes(old: &str, new: &str) -> Vec<Change> {
    let diff = compare_with_lists(old, new, CODELIST, CODELIST);
    diff.services.into_iter().flat_map(|s| s.changes).collect()
}

/// A change in one line, for exact comparison: "changed fee `annual_fee`
/// amount \[legal\]" with " BREAKING(reason)" when flagged.
pub fn line(change: &Change) -> String {
    let mut out = format!(
        "{} {}",
        change.action.name(),
        ozg::diff::output::describe::subject_with(change, &str::to_owned)
    );
    let _ = write!(out, " [{}]", change.category.name());
    if let Some(b) = change.breaking {
        let _ = write!(out, " BREAKING({})", b.name());
    }
    out
}

pub fn lines(old: &str, new: &str) -> Vec<String> {
    changes(old, new).iter().map(line).collect()
}

/// Runs git in `dir`, failing the test when it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Writes files (relative path, text) under `dir`.
pub fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Writes the files and commits everything.
pub fn commit(dir: &Path, files: &[(&str, &str)], message: &str) {
    write(dir, files);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

pub const CONFIG: &str = "[project]\nname = \"Test\"\nformat = 1\nstate = \"BW\"\n";

/// Runs the ozg binary in `dir`; returns exit code, stdout and stderr.
pub fn ozg(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("ozg runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
