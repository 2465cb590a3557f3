//! `docs/rules.md` is generated from the rules themselves. This test fails
//! when the committed file differs from what the rules would generate,
//! for example after a rule was added; it says how to regenerate it.

use std::path::PathBuf;

use ozg::lint::rules::docs::{REGENERATE, all_rules_markdown};

#[test]
fn committed_rules_doc_matches_the_rules() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = all_rules_markdown();
    if std::env::var_os("OZG_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs/rules.md can be written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()))
            + 1;
        panic!(
            "docs/rules.md is out of date with the rules (first difference on line {line}).\n\
             Regenerate it with: {REGENERATE}"
        );
    }
}
