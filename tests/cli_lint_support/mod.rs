//! Shared pieces of the command-line tests: small model repositories
//! written into temporary folders, and a runner for the real `ozg` binary
//! that records everything it printed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub const CONFIG: &str = "\
[project]
name = \"Steueramt Musterstadt\"
format = 1
state = \"BW\"
";

/// A service with no findings.
pub const CLEAN_SERVICE: &str = r#"[service]
id = "hundesteuer"
title = "Hundesteuer anmelden"
authority = "Stadt Musterstadt, Steueramt"
valid_from = 2024-01-01
legal_basis = ["Hundesteuersatzung § 5"]

[[field]]
id = "dogs"
label = "Anzahl der Hunde"
type = "integer"
required = true
min = 1

[[fee]]
id = "tax"
label = "Hundesteuer"
amount = "84.00"
legal_basis = "Hundesteuersatzung § 5"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve"]
next = [{ to = "granted", when = 'decision = "approve"' }]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"
"#;

/// A service with a duplicate id (an error with a related place), an
/// unused role (a warning) and an unreachable step (an error).
pub const MIXED_SERVICE: &str = r#"[service]
id = "hundesteuer"
title = "Hundesteuer anmelden"
authority = "Stadt Musterstadt, Steueramt"
valid_from = 2024-01-01
legal_basis = ["Hundesteuersatzung § 5"]

[[field]]
id = "dogs"
label = "Anzahl der Hunde"
type = "integer"
required = true
min = 1

[[fee]]
id = "tax"
label = "Hundesteuer"
amount = "84.00"
legal_basis = "Hundesteuersatzung § 5"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[[role]]
id = "clerk"
title = "Amtsleitung"

[[role]]
id = "archive"
title = "Archiv"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve"]
next = [{ to = "granted", when = 'decision = "approve"' }]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "orphan"
kind = "end"
outcome = "rejected"
"#;

/// The clean service with one unused role: a warning and nothing else.
pub fn warning_only_service() -> String {
    CLEAN_SERVICE.replace(
        "[process]",
        "[[role]]\nid = \"archive\"\ntitle = \"Archiv\"\n\n[process]",
    )
}

/// A model repository in a temporary folder.
pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// A repository with `ozg.toml` and the given files.
    pub fn new(files: &[(&str, &str)]) -> Repo {
        let repo = Repo::empty();
        repo.write("ozg.toml", CONFIG);
        for (path, text) in files {
            repo.write(path, text);
        }
        repo
    }

    /// An empty temporary folder.
    pub fn empty() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("a temporary folder can be created"),
        }
    }

    /// A repository with one service of the given text.
    pub fn with_service(service: &str) -> Repo {
        Repo::new(&[("services/hundesteuer/service.toml", service)])
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("files lie in a folder"))
            .expect("folders can be created");
        std::fs::write(path, text).expect("files can be written");
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// Runs `ozg` with the arguments in the repository's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

/// What a run of the binary printed, and how it ended.
pub struct Run {
    pub args: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole run as one text, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "args: {}\nexit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the ozg binary runs");
    Run {
        args: args.join(" "),
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}
