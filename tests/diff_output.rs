//! The three report formats of `ozg diff`, pinned as whole outputs: one
//! change of each category and a breaking rename, rendered as human
//! text, markdown and JSON.

mod diff_support;

use diff_support::{BASE, CODELIST, compare_with_lists};
use ozg::diff::RepositoryDiff;
use ozg::diff::output::{Format, Options, render};

/// A legal change, an applicant-facing breaking one, a renamed step and a
/// reworded notification, from a new date.
fn example() -> RepositoryDiff {
    let new = BASE
        .replace("valid_from = 2024-01-01", "valid_from = 2025-01-01")
        .replace("amount = \"30.00\"", "amount = \"base_fee\"")
        .replace("max = 8.0", "max = 6.0")
        .replace("id = \"review\"", "id = \"examination\"")
        .replace("to = \"review\"", "to = \"examination\"")
        .replace("innerhalb von drei Monaten", "innerhalb von sechs Wochen");
    compare_with_lists(BASE, &new, CODELIST, CODELIST)
}

fn rendered(format: Format) -> String {
    let mut out = Vec::new();
    render(&example(), format, Options::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn human_format_groups_changes_by_service_and_category() {
    insta::assert_snapshot!(rendered(Format::Human));
}

#[test]
fn markdown_format_has_summary_details_and_a_process_diagram() {
    insta::assert_snapshot!(rendered(Format::Markdown));
}

#[test]
fn json_format_lists_every_change_with_its_classification() {
    insta::assert_snapshot!(rendered(Format::Json));
}

#[test]
fn human_format_is_coloured_only_when_asked() {
    let mut out = Vec::new();
    render(&example(), Format::Human, Options { color: true }, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().contains("\x1b["));
    assert!(!rendered(Format::Human).contains('\x1b'));
}

#[test]
fn no_changes_is_said_in_one_line() {
    let diff = compare_with_lists(BASE, BASE, CODELIST, CODELIST);
    let mut out = Vec::new();
    render(&diff, Format::Human, Options::default(), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "No changes between old and new.\n"
    );
}
