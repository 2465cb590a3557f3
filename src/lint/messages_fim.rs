//! The words of the FIM quality findings (`OZG7xx`), kept apart from the
//! checks like those of every other rule (see `messages.rs`).

use crate::lint::messages::Text;

fn with_help(message: String, help: impl Into<String>) -> Text {
    (message, Some(help.into()))
}

pub fn rule_as_text(id: Option<&str>, owner: &str) -> Text {
    let rule = id.map_or_else(|| "a FIM rule".to_owned(), |id| format!("FIM rule {id}"));
    with_help(
        format!("{rule} on `{owner}` is kept as text and not checked"),
        "express it as a `visible`, `required` or `validate` condition in FEEL, then remove it \
         from `fim_rules`",
    )
}

pub fn rule_without_text(owner: &str) -> Text {
    with_help(
        format!("a FIM rule on `{owner}` has no text (FIM 1024)"),
        "write what the rule requires, or remove it",
    )
}

pub fn bad_fim_id(id: &str, letter: char, what: &str) -> Text {
    with_help(
        format!("`{id}` is not the id of a FIM {what} (FIM 1039)"),
        format!(
            "FIM ids of {what}s are `{letter}` and 8 or 11 digits, such as `{letter}00000013` or \
             `{letter}60000000243`"
        ),
    )
}

pub fn empty_fim_id(what: &str) -> Text {
    with_help(
        format!("the FIM reference of this {what} has no id (FIM 1038)"),
        "write the id of the FIM element, or remove the reference",
    )
}

pub fn bad_fim_version(version: &str) -> Text {
    with_help(
        format!("`{version}` is not a FIM version (FIM 1039)"),
        "FIM versions are numbers separated by points, such as `1.0` or `1.2.0`",
    )
}

pub fn version_mix(id: &str, version: &str, other: &str) -> Text {
    with_help(
        format!(
            "FIM element {id} is used here in version {version}, elsewhere in version {other} (FIM 1003)"
        ),
        "use one version of each FIM element in a service, unless the difference is intended",
    )
}

pub fn codelist_version_mix(id: &str, version: &str, other: &str) -> Text {
    with_help(
        format!(
            "code list {id} is used here in version {version}, elsewhere in version {other} (FIM 1037)"
        ),
        "use one version of each code list in a service",
    )
}

pub fn other_version_here() -> String {
    "the other version is used here".to_owned()
}

pub fn empty_group(id: &str) -> Text {
    with_help(
        format!("section `{id}` holds no field and no section (FIM 1023)"),
        "add the fields of the FIM group, or remove the section",
    )
}

pub fn single_element_group(id: &str) -> Text {
    with_help(
        format!("section `{id}` holds a single element (FIM 1106)"),
        "a FIM group should hold more than one element; check whether the group is needed",
    )
}

pub fn codelist_not_urn(id: &str) -> Text {
    with_help(
        format!("`{id}` is not a URN, as FIM requires for code lists (FIM 1005, 1048)"),
        "write the code list's identifier from the XRepository, such as \
         `urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat`; without umlauts or spaces",
    )
}

pub fn codelist_version_not_date(version: &str) -> Text {
    let found = if version.is_empty() {
        "no version".to_owned()
    } else {
        format!("the version `{version}`")
    };
    with_help(
        format!("the code list has {found}; FIM expects a date (FIM 1105)"),
        "write the version as the date it was published, such as `2024-02-01`",
    )
}

pub fn few_codes(id: &str, count: usize) -> Text {
    with_help(
        format!(
            "choice `{id}` offers {} (FIM 1044)",
            if count == 1 {
                "a single entry".to_owned()
            } else {
                format!("{count} entries")
            }
        ),
        "a FIM code list has at least two entries; a single answer is a `boolean` or `display` \
         field",
    )
}

pub fn duplicate_label(label: &str) -> Text {
    with_help(
        format!("the label \"{label}\" is given to two entries (FIM 1093)"),
        "give every entry its own label, so that applicants can tell them apart",
    )
}

pub fn first_label_here() -> String {
    "first given here".to_owned()
}

pub fn help_repeats_label(id: &str) -> Text {
    with_help(
        format!("the help text of `{id}` only repeats its label (FIM 1098)"),
        "say in the help text what the applicant should enter and where to find it, or leave it out",
    )
}

pub fn text_without_length(id: &str, missing: &str) -> Text {
    with_help(
        format!("text field `{id}` has no `{missing}` (FIM 1102)"),
        "give the shortest and longest answer allowed, for example from the register the data \
         goes to",
    )
}

pub fn without_range(id: &str, missing: &str) -> Text {
    with_help(
        format!("field `{id}` has no `{missing}` (FIM 1103)"),
        "give the smallest and largest value that makes sense, so that typing errors are caught",
    )
}

pub fn no_legal_basis() -> Text {
    with_help(
        "the service uses FIM elements but names no legal basis (FIM 1006, 1051)".to_owned(),
        "add the laws and paragraphs the service rests on to `legal_basis`",
    )
}

pub fn repeated_element(id: &str, version: &str) -> Text {
    with_help(
        format!(
            "FIM element {id} version {version} appears twice in the same group (FIM 1004, 1025)"
        ),
        "use a repeatable group (`repeat`) for repeated answers, or remove the second one",
    )
}

pub fn first_element_here() -> String {
    "first used here".to_owned()
}
