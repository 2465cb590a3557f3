//! Where the shared test data lies: real FIM files and the DMN TCK.
//!
//! They are not part of the repository. Tests look for them in
//! `$OZG_FIXTURES`, else in `shared/fixtures` beside the repository or
//! beside any folder above it (so that a clone anywhere below the folder
//! that holds `shared/` finds them).

use std::path::{Path, PathBuf};

/// The fixtures folder, if there is one.
pub fn root() -> Option<PathBuf> {
    if let Some(root) = std::env::var_os("OZG_FIXTURES") {
        return Some(PathBuf::from(root));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/fixtures"))
        .find(|candidate| candidate.is_dir())
}

/// The fixture folder `name` (such as `fim`), if present. When it is
/// missing, fails if the environment variable `CI` is set (continuous
/// integration must run every test), and otherwise says on stderr that
/// `what` is skipped.
pub fn folder(name: &str, what: &str) -> Option<PathBuf> {
    let dir = root().map(|r| r.join(name));
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        return Some(dir);
    }
    let message = format!(
        "the fixtures folder `{name}` was not found in $OZG_FIXTURES or in shared/fixtures \
         beside the repository or a folder above it"
    );
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("skipping {what}: {message}");
    None
}
