//! What `ozg diff` reports for each kind of change, and how it classifies
//! and flags it: one behaviour per test, on a small service changed one
//! piece at a time.

mod diff_support;

use diff_support::{BASE, CODELIST, changes, compare_with_lists, edit, lines};
use ozg::diff::value::Value;
use ozg::diff::{Action, Category, Note};

#[test]
fn an_identical_service_has_no_changes() {
    assert!(lines(BASE, BASE).is_empty());
}

#[test]
fn reformatting_an_expression_is_not_a_change() {
    let new = edit(
        "{ to = \"granted\", when = 'decision = \"approve\"' }",
        "{ to = \"granted\", when = 'decision   =   \"approve\"' }",
    );
    assert!(lines(BASE, &new).is_empty());
}

#[test]
fn a_constant_fee_amount_is_legal_and_shown_in_euros() {
    let new = edit("amount = \"30.00\"", "amount = \"200.00\"");
    let found = changes(BASE, &new);
    assert_eq!(
        found.iter().map(diff_support::line).collect::<Vec<_>>(),
        ["changed fee annual_fee amount [legal]"]
    );
    let shown = |v: &Option<Value>| v.as_ref().unwrap().display();
    assert_eq!(shown(&found[0].old), "30,00 €");
    assert_eq!(shown(&found[0].new), "200,00 €");
}

#[test]
fn every_change_applies_from_the_new_valid_from() {
    let new = edit("amount = \"30.00\"", "amount = \"200.00\"")
        .replace("valid_from = 2024-01-01", "valid_from = 2025-04-01");
    let found = changes(BASE, &new);
    assert!(found.len() == 2);
    for change in found {
        assert_eq!(change.applies_from.unwrap().to_string(), "2025-04-01");
    }
}

#[test]
fn a_fee_from_a_decision_table_lists_the_amounts_it_can_take() {
    let new = edit("amount = \"30.00\"", "amount = \"base_fee\"");
    let found = changes(BASE, &new);
    let Some(Value::Amount(amount)) = &found[0].new else {
        panic!("not an amount: {found:?}");
    };
    assert_eq!(
        found[0].new.as_ref().unwrap().display(),
        "30,00 € / 60,00 €"
    );
    assert_eq!(amount.depends_on, ["length"]);
}

#[test]
fn a_changed_table_row_changes_the_amounts_of_the_fee_that_uses_it() {
    let old = edit("amount = \"30.00\"", "amount = \"base_fee\"");
    let new = old.replace("then = \"60.00\"", "then = \"90.00\"");
    assert_eq!(
        lines(&old, &new),
        [
            "changed decision table base_fee rule 2 rule [legal]",
            "changed fee annual_fee amount [legal]",
        ]
    );
}

#[test]
fn a_decision_table_nothing_legal_uses_is_process() {
    let new = BASE.replace("then = \"60.00\"", "then = \"90.00\"");
    assert_eq!(
        lines(BASE, &new),
        ["changed decision table base_fee rule 2 rule [process]"]
    );
}

#[test]
fn decision_rules_are_matched_by_position() {
    let new = edit(
        "  { when = [\"> 4.70\"], then = \"60.00\" },\n",
        "  { when = [\"> 4.70\"], then = \"60.00\" },\n  { when = [\"> 8\"], then = \"0\" },\n",
    );
    assert_eq!(
        lines(BASE, &new),
        ["added decision table base_fee rule 3 [process]"]
    );
}

#[test]
fn fee_condition_legal_basis_and_label() {
    let new = edit(
        "legal_basis = \"Gebührensatzung § 2\"",
        "legal_basis = \"Gebührensatzung § 3\"\nwhen = \"long_vehicle\"",
    )
    .replace("label = \"Jahresgebühr\"", "label = \"Gebühr je Jahr\"");
    assert_eq!(
        lines(BASE, &new),
        [
            "changed fee annual_fee when [legal]",
            "changed fee annual_fee legal_basis [legal]",
            "changed fee annual_fee label [wording]",
        ]
    );
}

#[test]
fn added_and_removed_fees_are_legal() {
    let new =
        format!("{BASE}\n[[fee]]\nid = \"express\"\nlabel = \"Eilzuschlag\"\namount = \"10.00\"\n");
    assert_eq!(lines(BASE, &new), ["added fee express [legal]"]);
    assert_eq!(lines(&new, BASE), ["removed fee express [legal]"]);
}

#[test]
fn a_computed_value_a_fee_depends_on_is_legal() {
    let old = edit(
        "amount = \"30.00\"",
        "amount = \"if long_vehicle then 60 else 30\"",
    );
    let new = old.replace("expr = \"length > 4.70\"", "expr = \"length > 5.00\"");
    assert_eq!(
        lines(&old, &new),
        ["changed computed value long_vehicle expr [legal]"]
    );
}

#[test]
fn deadline_duration_day_count_and_expiry_are_legal() {
    let new = edit(
        "within = \"P14D\", from = \"entered\", days = \"working\"",
        "within = \"P10D\", from = \"entered\", days = \"calendar\"",
    )
    .replace(
        "within = \"P3M\"\nfrom = \"submitted\"\non_expiry = \"escalate\"\nescalate_to = \"clerk\"",
        "within = \"P3M\"\nfrom = \"submitted\"\non_expiry = \"deemed_approval\"\nto = \"granted\"",
    );
    assert_eq!(
        lines(BASE, &new),
        [
            "changed deadline of step review within [legal]",
            "changed deadline of step review days [legal]",
            "changed deadline decision_deadline on_expiry [legal]",
            "changed deadline decision_deadline to [legal]",
            "changed deadline decision_deadline escalate_to [process]",
        ]
    );
}

#[test]
fn legal_basis_validity_and_authority_are_legal_and_the_title_is_wording() {
    let new = edit(
        "legal_basis = [\"§ 1 Mustergesetz\"]",
        "legal_basis = [\"§ 2 Mustergesetz\"]",
    )
    .replace(
        "valid_from = 2024-01-01",
        "valid_from = 2024-07-01\nvalid_until = 2025-12-31",
    )
    .replace(
        "authority = \"Stadt Musterstadt\"",
        "authority = \"Kreis Musterland\"",
    )
    .replace(
        "title = \"Genehmigung beantragen\"",
        "title = \"Genehmigung online beantragen\"",
    );
    assert_eq!(
        lines(BASE, &new),
        [
            "changed service permit title [wording]",
            "changed service permit authority [legal]",
            "changed service permit valid_from [legal]",
            "changed service permit valid_until [legal]",
            "changed service permit legal_basis [legal]",
        ]
    );
}

#[test]
fn a_legal_change_without_a_new_valid_from_gets_a_note() {
    let new = edit("amount = \"30.00\"", "amount = \"200.00\"");
    let diff = compare_with_lists(BASE, &new, CODELIST, CODELIST);
    assert_eq!(diff.services[0].notes, [Note::ValidFromUnchanged]);
}

#[test]
fn a_field_that_became_required_is_breaking() {
    let new = edit("type = \"phone\"", "type = \"phone\"\nrequired = true");
    assert_eq!(
        lines(BASE, &new),
        ["changed field phone required [applicant] BREAKING(became_required)"]
    );
}

#[test]
fn a_field_that_is_no_longer_required_is_not_breaking() {
    let old = edit("type = \"phone\"", "type = \"phone\"\nrequired = true");
    assert_eq!(
        lines(&old, BASE),
        ["changed field phone required [applicant]"]
    );
}

#[test]
fn a_new_required_field_is_breaking_and_a_new_optional_one_is_not() {
    let required = format!(
        "{BASE}\n[[field]]\nid = \"email\"\nlabel = \"E-Mail\"\ntype = \"email\"\nrequired = true\n"
    );
    let optional =
        format!("{BASE}\n[[field]]\nid = \"email\"\nlabel = \"E-Mail\"\ntype = \"email\"\n");
    assert_eq!(
        lines(BASE, &required),
        ["added field email [applicant] BREAKING(new_required_field)"]
    );
    assert_eq!(lines(BASE, &optional), ["added field email [applicant]"]);
}

#[test]
fn a_removed_field_is_applicant_facing() {
    let new = edit(
        "[[section.field]]\nid = \"phone\"\nlabel = \"Telefon\"\ntype = \"phone\"\n",
        "",
    );
    assert_eq!(lines(BASE, &new), ["removed field phone [applicant]"]);
}

#[test]
fn a_lowered_maximum_is_breaking_and_a_raised_one_is_not() {
    let lowered = edit("max = 8.0", "max = 6.0");
    let raised = edit("max = 8.0", "max = 9.0");
    assert_eq!(
        lines(BASE, &lowered),
        ["changed field length max [applicant] BREAKING(max_lowered)"]
    );
    assert_eq!(
        lines(BASE, &raised),
        ["changed field length max [applicant]"]
    );
}

#[test]
fn a_raised_minimum_is_breaking() {
    let new = edit("min = 2.0", "min = 2.5");
    assert_eq!(
        lines(BASE, &new),
        ["changed field length min [applicant] BREAKING(min_raised)"]
    );
}

#[test]
fn a_lowered_maximum_length_is_breaking() {
    let new = edit("max_length = 100", "max_length = 80");
    assert_eq!(
        lines(BASE, &new),
        ["changed field name max_length [applicant] BREAKING(max_length_lowered)"]
    );
}

#[test]
fn a_new_pattern_is_breaking() {
    let new = edit(
        "max_length = 100",
        "max_length = 100\npattern = \"[A-Z].*\"",
    );
    assert_eq!(
        lines(BASE, &new),
        ["changed field name pattern [applicant] BREAKING(pattern_changed)"]
    );
}

#[test]
fn a_changed_type_is_breaking() {
    let new = edit("type = \"decimal\"", "type = \"integer\"");
    assert_eq!(
        lines(BASE, &new),
        ["changed field length type [applicant] BREAKING(type_changed)"]
    );
}

#[test]
fn a_removed_option_is_breaking_an_added_one_is_not_a_relabelled_one_is_wording() {
    let new = edit(
        "  { code = \"north\", label = \"Nord\" },\n  { code = \"south\", label = \"Süd\" },",
        "  { code = \"north\", label = \"Norden\" },\n  { code = \"east\", label = \"Ost\" },",
    );
    assert_eq!(
        lines(BASE, &new),
        [
            "changed field zone option north label [wording]",
            "removed field zone option south [applicant] BREAKING(option_removed)",
            "added field zone option east [applicant]",
        ]
    );
}

#[test]
fn a_removed_entry_of_a_shared_code_list_is_breaking() {
    let new_list = CODELIST.replace("  { code = \"gmbh\", label = \"GmbH\" },\n", "");
    let diff = compare_with_lists(BASE, BASE, CODELIST, &new_list);
    assert!(diff.services.is_empty());
    let lines: Vec<String> = diff.codelists[0]
        .changes
        .iter()
        .map(diff_support::line)
        .collect();
    assert_eq!(
        lines,
        ["removed code list legal_forms entry gmbh [applicant] BREAKING(option_removed)"]
    );
}

#[test]
fn a_field_moved_into_a_section_is_reported_where_it_went() {
    let new = edit(
        "[[section.field]]\nid = \"phone\"\nlabel = \"Telefon\"\ntype = \"phone\"\n",
        "",
    ) + "\n[[section]]\nid = \"contact\"\ntitle = \"Kontakt\"\n\n[[section.field]]\nid = \"phone\"\nlabel = \"Telefon\"\ntype = \"phone\"\n";
    assert_eq!(
        lines(BASE, &new),
        [
            "changed field phone section [applicant]",
            "added section contact [applicant]",
        ]
    );
}

#[test]
fn a_label_change_is_wording_shown_word_by_word() {
    let new = edit(
        "label = \"Länge in Metern\"",
        "label = \"Länge des Fahrzeugs in Metern\"",
    );
    let found = changes(BASE, &new);
    assert_eq!(
        found.iter().map(diff_support::line).collect::<Vec<_>>(),
        ["changed field length label [wording]"]
    );
    let described = ozg::diff::output::describe::describe(&found[0]);
    let ozg::diff::output::describe::Detail::Words(words) = described.detail else {
        panic!("not compared word by word");
    };
    assert_eq!(
        ozg::diff::words::plain(&words),
        "Länge {+des Fahrzeugs +}in Metern"
    );
}

#[test]
fn a_notification_text_is_wording() {
    let new = edit("innerhalb von drei Monaten", "innerhalb von sechs Wochen");
    assert_eq!(
        lines(BASE, &new),
        ["changed notification receipt_confirmation text [wording]"]
    );
}

#[test]
fn a_role_added_is_process() {
    let new = format!("{BASE}\n[[role]]\nid = \"head\"\ntitle = \"Leitung\"\n");
    assert_eq!(lines(BASE, &new), ["added role head [process]"]);
}

#[test]
fn a_removed_task_step_is_breaking_and_a_removed_automatic_step_is_not() {
    let without_wait = edit(
        "  { to = \"await_documents\", when = 'decision = \"request_documents\"' },\n",
        "",
    )
    .replace(
        "decisions = [\"approve\", \"reject\", \"request_documents\"]",
        "decisions = [\"approve\", \"reject\"]",
    );
    let i = without_wait
        .find("[[step]]\nid = \"await_documents\"")
        .unwrap();
    let j = without_wait[i..]
        .find("[[step]]\nid = \"granted\"")
        .unwrap()
        + i;
    let without_wait = format!("{}{}", &without_wait[..i], &without_wait[j..]);
    assert_eq!(
        lines(BASE, &without_wait),
        [
            "changed step review decisions [process] BREAKING(decision_removed)",
            "removed transition review → await_documents [process]",
            "removed step await_documents [process] BREAKING(waiting_step_removed)",
        ]
    );
    let direct = edit(
        "[[step]]\nid = \"receipt\"\nkind = \"automatic\"\nnext = [{ to = \"review\" }]\n",
        "",
    )
    .replace("start = \"receipt\"", "start = \"review\"")
    .replace("on = \"receipt\"", "on = \"review\"");
    assert_eq!(
        lines(BASE, &direct),
        [
            "changed process permit start [process]",
            "removed step receipt [process]",
            "changed notification receipt_confirmation on [process]",
        ]
    );
}

#[test]
fn a_renamed_step_is_reported_as_a_rename_and_flagged_breaking() {
    let new = BASE
        .replace("id = \"review\"", "id = \"examination\"")
        .replace("to = \"review\"", "to = \"examination\"");
    let found = changes(BASE, &new);
    assert_eq!(
        found.iter().map(diff_support::line).collect::<Vec<_>>(),
        ["renamed step examination [process] BREAKING(waiting_step_renamed)"]
    );
    assert_eq!(
        found[0].action,
        Action::Renamed {
            from: "review".to_owned()
        }
    );
}

#[test]
fn a_removed_wait_event_is_breaking() {
    let new = edit(
        "events = [\"documents_received\", \"withdrawn\"]",
        "events = [\"documents_received\"]",
    )
    .replace(
        "  { to = \"refused\", when = 'event = \"withdrawn\"' },\n",
        "",
    );
    assert_eq!(
        lines(BASE, &new),
        [
            "changed step await_documents events [process] BREAKING(event_removed)",
            "removed transition await_documents → refused [process]",
        ]
    );
}

#[test]
fn a_changed_guard_and_an_added_transition_are_process() {
    let new = edit(
        "{ to = \"granted\", when = 'decision = \"approve\"' }",
        "{ to = \"granted\", when = 'decision = \"approve\" and not(long_vehicle)' }",
    )
    .replace(
        "next = [{ to = \"review\" }]",
        "next = [{ to = \"refused\", when = \"length > 10\" }, { to = \"review\" }]",
    );
    assert_eq!(
        lines(BASE, &new),
        [
            "added transition receipt → refused [process]",
            "changed transition review → granted when [process]",
        ]
    );
}

#[test]
fn transitions_in_another_order_are_a_process_change() {
    let new = edit(
        "  { to = \"granted\", when = 'decision = \"approve\"' },\n  { to = \"refused\", when = 'decision = \"reject\"' },\n",
        "  { to = \"refused\", when = 'decision = \"reject\"' },\n  { to = \"granted\", when = 'decision = \"approve\"' },\n",
    );
    assert_eq!(
        lines(BASE, &new),
        ["changed step review order of transitions [process]"]
    );
}

#[test]
fn an_added_service_and_a_removed_service_are_reported_whole() {
    use std::path::Path;
    let loaded = |files: Vec<(&str, &str)>| {
        ozg::model::load::load_contents(
            Path::new("x"),
            files
                .into_iter()
                .map(|(p, t)| (p.to_owned(), t.as_bytes().to_vec()))
                .collect(),
        )
    };
    let old = loaded(vec![]);
    let new = loaded(vec![("services/permit/service.toml", BASE)]);
    let diff = ozg::diff::diff_repositories(&old.repository, &new.repository, "a", "b");
    assert_eq!(diff.services[0].status, ozg::diff::ServiceStatus::Added);
    assert_eq!(diff.services[0].changes[0].category, Category::Legal);
    let back = ozg::diff::diff_repositories(&new.repository, &old.repository, "b", "a");
    assert_eq!(back.services[0].status, ozg::diff::ServiceStatus::Removed);
}
