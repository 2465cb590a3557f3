//! Running `ozg publish`, `releases`, `rollback` and `status` as a user
//! does: a model repository in a temporary git working tree, the real
//! binary, and the real `ozg serve` from `platform_support`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

use crate::platform_support::{BIN, Server};

/// The name of the publishing token the tests make.
pub const TOKEN_NAME: &str = "ci";

/// A model repository in its own git working tree.
pub struct Repo {
    pub dir: TempDir,
}

/// What a run of `ozg` printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for checks that do not care where a text went.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl Repo {
    /// The project's sample repository, committed.
    pub fn samples() -> Repo {
        let dir = tempfile::tempdir().expect("a temporary folder can be created");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        copy_tree(&samples, dir.path());
        let repo = Repo { dir };
        repo.git(&["init", "-q"]);
        repo.commit("Initial models");
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the working tree, failing the test when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=Test Author",
                "-c",
                "user.email=test@example.org",
            ])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Commits everything and returns the commit's id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// Replaces `from` by `to` in a file, which must contain it.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let full = self.path().join(path);
        let text = std::fs::read_to_string(&full).expect("the file exists");
        assert!(text.contains(from), "{path} does not contain {from:?}");
        std::fs::write(&full, text.replacen(from, to, 1)).expect("the file can be written");
    }

    /// Raises the residents' parking permit's annual fee from 200 € to
    /// `euros`, and its scenario with it, so that the checks still pass.
    pub fn change_fee(&self, euros: &str) {
        self.edit(
            "services/bewohnerparkausweis/service.toml",
            "amount = \"200.00\"",
            &format!("amount = \"{euros}\""),
        );
        let scenario = "services/bewohnerparkausweis/scenarios/approved_and_paid.toml";
        self.edit(
            scenario,
            "fees_total = 200.00",
            &format!("fees_total = {euros}"),
        );
        self.edit(
            scenario,
            "fees = { annual_fee = 200.00 }",
            &format!("fees = {{ annual_fee = {euros} }}"),
        );
    }

    /// Runs `ozg` in the working tree with `OZG_TOKEN` set to `token`
    /// (unset for `None`), without a terminal.
    pub fn ozg(&self, token: Option<&str>, args: &[&str]) -> Run {
        let mut command = self.command(token, args);
        let output = command.output().expect("ozg runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The command [`Repo::ozg`] runs, to start it in the background.
    pub fn command(&self, token: Option<&str>, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("OZG_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(token) = token {
            command.env("OZG_TOKEN", token);
        }
        command
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }
}

/// Copies a folder and everything under it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the folder can be made");
    for entry in std::fs::read_dir(from).expect("the folder can be read") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("the file can be copied");
        }
    }
}

/// A server and a token that may read and publish.
pub fn server_with_token() -> (Server, String) {
    let server = Server::start();
    let token = server.token(TOKEN_NAME, &["read", "publish"]);
    (server, token)
}

/// The platform's state, read over HTTP.
pub fn state(server: &Server, token: &str) -> Value {
    let reply = server.get("/api/v1/state", token);
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

/// The latest release's id, `None` on an empty platform.
pub fn latest(server: &Server, token: &str) -> Option<u64> {
    state(server, token)["release"].as_u64()
}

/// The hash of the version of `service` that applications get today.
pub fn active_hash(server: &Server, token: &str, service: &str) -> String {
    let state = state(server, token);
    let services = state["services"].as_array().expect("services");
    let entry = services
        .iter()
        .find(|s| s["id"] == service)
        .unwrap_or_else(|| panic!("{service} is not served: {state}"));
    entry["active"]["hash"]
        .as_str()
        .expect("an active version")
        .to_owned()
}

/// The audit log, newest first.
pub fn audit(server: &Server, token: &str) -> Vec<Value> {
    let reply = server.get("/api/v1/audit?limit=100", token);
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["entries"].as_array().expect("entries").clone()
}

/// The audit entries of releases and rollbacks, newest first.
pub fn audit_writes(server: &Server, token: &str) -> Vec<Value> {
    audit(server, token)
        .into_iter()
        .filter(|e| e["action"] == "release" || e["action"] == "rollback")
        .collect()
}

/// A release as the platform returns it.
pub fn release(server: &Server, token: &str, id: u64) -> Value {
    let reply = server.get(&format!("/api/v1/releases/{id}"), token);
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}
