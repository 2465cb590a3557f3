//! Shared by the BPMN export tests: the services to export, and running
//! `ozg export bpmn` on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample repository shipped with ozg.
pub fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The ids of every sample service.
pub fn sample_services() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(samples().join("services"))
        .expect("the sample services can be listed")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("service.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// A service that uses what the samples do not: a deemed approval after a
/// case deadline, and a wait on several events with an alerting deadline
/// and guards that read more than the event.
pub const DEEMED_APPROVAL: &str = include_str!("deemed_approval.toml");

pub const CONFIG: &str = "[project]\nname = \"Test\"\nformat = 1\nstate = \"BY\"\n";

/// A repository in `dir` with the given services.
pub fn repository(dir: &Path, services: &[(&str, &str)]) {
    std::fs::write(dir.join("ozg.toml"), CONFIG).unwrap();
    for (id, text) in services {
        let folder = dir.join("services").join(id);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("service.toml"), text).unwrap();
    }
}

/// Runs ozg in `dir`: exit code, stdout, stderr.
pub fn ozg(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("ozg runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The BPMN of a sample service.
pub fn export_sample(id: &str) -> String {
    let (code, xml, stderr) = ozg(&samples(), &["export", "bpmn", id]);
    assert_eq!(code, 0, "exporting {id} failed: {stderr}");
    xml
}

/// The BPMN of the extra test service.
pub fn export_deemed_approval() -> String {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path(), &[("baugenehmigung", DEEMED_APPROVAL)]);
    let (code, xml, stderr) = ozg(dir.path(), &["export", "bpmn", "baugenehmigung"]);
    assert_eq!(code, 0, "exporting the test service failed: {stderr}");
    xml
}

/// Every exported document: each sample and the extra service, by name.
pub fn all_exports() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = sample_services()
        .into_iter()
        .map(|id| {
            let xml = export_sample(&id);
            (id, xml)
        })
        .collect();
    out.push(("baugenehmigung".to_owned(), export_deemed_approval()));
    out
}
