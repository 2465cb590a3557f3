//! FIM quality rules: checks from the catalogue of FIM quality messages
//! (the `1xxx` codes of the federal FIM quality assurance) that apply to
//! what the model holds, for fields and sections that carry a FIM
//! reference (`fim = { … }`) and for services that use them.
//!
//! Where an existing rule already checks the same thing for every field
//! (a choice without options, a length on a number field, a lower limit
//! above the upper one), it is not repeated here. Each rule names the FIM
//! message code it corresponds to, so that findings can be compared with
//! the reports of FIM editors.

use rustc_hash::FxHashMap;

use crate::lint::messages_fim as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::model::{
    CodeEntry, Field, FieldType, FimReference, FimRule, FormItem, Repository, Section, Service,
};
use crate::source::{FileId, Span};

pub static RULE_AS_TEXT: Rule = Rule {
    code: "OZG701",
    name: "fim-rule-as-text",
    summary: "A FIM rule kept as text is not checked (FIM 1104).",
    severity: Severity::Warning,
    explanation: "FIM rules are mostly prose (`Wenn Feld F… = 001, dann muss …`), and `ozg \
        import fim` keeps them as `fim_rules` on the field or section they concern. ozg does not \
        execute them: until a rule is written as a FEEL condition, an application that breaks it \
        is accepted. FIM itself reports rules without a script (FIM 1104). Express each rule as \
        `visible`, `required` or `validate`, then remove it from `fim_rules`.",
    wrong: "[[field]]\nid = \"entbindungstermin\"\nlabel = \"Tag der Entbindung\"\n\
        type = \"date\"\nfim_rules = [\n  { id = \"R00000044\", text = \"Wenn Feld F00000462 = \
        002, dann muss F00000468 befüllt werden.\" },\n]",
    right: "[[field]]\nid = \"entbindungstermin\"\nlabel = \"Tag der Entbindung\"\n\
        type = \"date\"\nrequired = 'status_frau = \"002\"'",
};

pub static RULE_WITHOUT_TEXT: Rule = Rule {
    code: "OZG702",
    name: "fim-rule-without-text",
    summary: "A FIM rule without text (FIM 1024).",
    severity: Severity::Warning,
    explanation: "A FIM rule says in words what an answer must satisfy. A rule with an empty \
        text says nothing: nobody can turn it into a condition. FIM requires the text of a rule \
        (FIM 1024). Write what it requires, or remove it.",
    wrong: "fim_rules = [{ id = \"R00000044\", text = \"\" }]",
    right: "fim_rules = [{ id = \"R00000044\", text = \"Wenn Feld F00000462 = 002, dann muss \
        F00000468 befüllt werden.\" }]",
};

pub static FIM_ID: Rule = Rule {
    code: "OZG703",
    name: "fim-id",
    summary: "A FIM reference whose id or version is not a FIM id or version (FIM 1038, 1039).",
    severity: Severity::Warning,
    explanation: "A field's `fim` reference names the FIM data field it comes from, a \
        section's the FIM data field group: `F` or `G` and 8 or 11 digits, and a version such as \
        `1.2`. A reference that does not have this form cannot be looked up in the FIM \
        repositories, so the field's origin and its later versions are lost (FIM 1038, 1039).",
    wrong: "[[field]]\nid = \"familienname\"\nlabel = \"Familienname\"\ntype = \"text\"\n\
        fim = { id = \"G60000227\", version = \"v1\" }",
    right: "[[field]]\nid = \"familienname\"\nlabel = \"Familienname\"\ntype = \"text\"\n\
        fim = { id = \"F60000227\", version = \"1.1\" }",
};

pub static VERSION_MIX: Rule = Rule {
    code: "OZG704",
    name: "fim-version-mix",
    summary: "One FIM element or code list used in several versions (FIM 1003, 1037).",
    severity: Severity::Warning,
    explanation: "A service normally uses each FIM element, and each code list, in one version. \
        Two versions side by side (the street field in version 1.1 for the applicant and 1.2 \
        for the employer) usually mean that one place was not updated (FIM 1003, 1037).",
    wrong: "fim = { id = \"F60000243\", version = \"1.1\" }\n# … elsewhere in the service:\n\
        fim = { id = \"F60000243\", version = \"1.2\" }",
    right: "fim = { id = \"F60000243\", version = \"1.2\" }\n# … elsewhere in the service:\n\
        fim = { id = \"F60000243\", version = \"1.2\" }",
};

pub static EMPTY_GROUP: Rule = Rule {
    code: "OZG705",
    name: "fim-empty-group",
    summary: "A section from a FIM group that holds nothing (FIM 1023).",
    severity: Severity::Error,
    explanation: "A FIM data field group holds at least one element (FIM 1023). A section that \
        comes from one but holds no field and no section shows the applicant a heading with \
        nothing to fill in; its fields were probably lost.",
    wrong: "[[section]]\nid = \"anschrift\"\ntitle = \"Anschrift\"\n\
        fim = { id = \"G60000088\", version = \"1.2\" }",
    right: "[[section]]\nid = \"anschrift\"\ntitle = \"Anschrift\"\n\
        fim = { id = \"G60000088\", version = \"1.2\" }\n\n[[section.field]]\nid = \"strasse\"\n\
        label = \"Straße\"\ntype = \"text\"",
};

pub static SINGLE_ELEMENT_GROUP: Rule = Rule {
    code: "OZG706",
    name: "fim-single-element-group",
    summary: "A section from a FIM group that holds a single element (FIM 1106).",
    severity: Severity::Warning,
    explanation: "A FIM data field group should hold more than one element (FIM 1106): a group \
        around a single field adds a heading but no structure. Keep it only where the group \
        repeats or its heading helps the applicant.",
    wrong: "[[section]]\nid = \"kontakt\"\ntitle = \"Kontakt\"\n\
        fim = { id = \"G00000016\", version = \"1.0\" }\n\n[[section.field]]\nid = \"telefon\"\n\
        label = \"Telefon\"\ntype = \"phone\"",
    right: "[[field]]\nid = \"telefon\"\nlabel = \"Telefon\"\ntype = \"phone\"",
};

pub static CODELIST_URN: Rule = Rule {
    code: "OZG707",
    name: "fim-codelist-urn",
    summary: "An external code list of a FIM field whose id is not a URN (FIM 1005, 1048).",
    severity: Severity::Warning,
    explanation: "FIM refers to code lists by their URN in the XRepository, such as \
        `urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat`, written without \
        umlauts or spaces (FIM 1005, 1048). Another id cannot be looked up, so nobody can \
        check which codes the field accepts.",
    wrong: "external_codelist = { id = \"C00000009\", version = \"2017-01-01\" }",
    right: "external_codelist = { id = \"urn:de:bund:destatis:bevoelkerungsstatistik:\
        schluessel:staat\", version = \"2017-01-01\" }",
};

pub static CODELIST_VERSION: Rule = Rule {
    code: "OZG708",
    name: "fim-codelist-version",
    summary: "An external code list of a FIM field whose version is not a date (FIM 1105).",
    severity: Severity::Warning,
    explanation: "Versions of FIM code lists are the dates they were published, written \
        `2024-02-01` (FIM 1105). Another version (`2`) is hard to compare and to find in the \
        XRepository.",
    wrong: "external_codelist = { id = \"urn:de:xoev:codeliste:erreichbarkeit\", version = \"2\" }",
    right: "external_codelist = { id = \"urn:de:xoev:codeliste:erreichbarkeit\", \
        version = \"2019-06-28\" }",
};

pub static FEW_CODES: Rule = Rule {
    code: "OZG709",
    name: "fim-few-codes",
    summary: "A FIM choice with fewer than two entries to choose from (FIM 1044).",
    severity: Severity::Warning,
    explanation: "A FIM code list or value list has at least two entries (FIM 1044): with one, \
        there is nothing to choose. A single answer is a `boolean` (a box to tick) or a `display` \
        field.",
    wrong: "type = \"choice\"\noptions = [{ code = \"001\", label = \"ja\" }]",
    right: "type = \"boolean\"",
};

pub static DUPLICATE_LABEL: Rule = Rule {
    code: "OZG710",
    name: "fim-duplicate-label",
    summary: "Two entries of a FIM choice with the same label (FIM 1093).",
    severity: Severity::Warning,
    explanation: "Applicants choose by the label, not by the code. Two entries with the same \
        label cannot be told apart, and the applicant picks one of them by chance (FIM 1093).",
    wrong: "options = [\n  { code = \"001\", label = \"Sonstiges\" },\n  \
        { code = \"009\", label = \"Sonstiges\" },\n]",
    right: "options = [\n  { code = \"001\", label = \"Sonstiges Arbeitsverhältnis\" },\n  \
        { code = \"009\", label = \"Sonstiges Ausbildungsverhältnis\" },\n]",
};

pub static HELP_REPEATS_LABEL: Rule = Rule {
    code: "OZG711",
    name: "fim-help-repeats-label",
    summary: "The help text of a FIM field only repeats its label (FIM 1098, 1099).",
    severity: Severity::Warning,
    explanation: "A help text explains what to enter and where to find it. One that repeats \
        the label tells the applicant nothing new (FIM 1098, 1099). The legal reference that \
        `ozg import fim` adds below the help text is not counted.",
    wrong: "label = \"Geburtsort\"\nhelp = \"Geburtsort\"",
    right: "label = \"Geburtsort\"\nhelp = \"Geben Sie den Ort an, in dem die Person geboren \
        wurde (z. B. Berlin).\"",
};

pub static TEXT_LENGTH: Rule = Rule {
    code: "OZG712",
    name: "fim-text-length",
    summary: "A FIM text field without `min_length` or `max_length` (FIM 1102).",
    severity: Severity::Info,
    explanation: "FIM asks for the shortest and longest answer of text fields where they can be \
        given (FIM 1102): the registers and letters the data goes to have limits, and an answer \
        that does not fit is cut off or refused later. This is a recommendation, reported as \
        information.",
    wrong: "[[field]]\nid = \"ort\"\nlabel = \"Ort\"\ntype = \"text\"\n\
        fim = { id = \"F60000247\", version = \"1.1\" }",
    right: "[[field]]\nid = \"ort\"\nlabel = \"Ort\"\ntype = \"text\"\nmin_length = 1\n\
        max_length = 50\nfim = { id = \"F60000247\", version = \"1.1\" }",
};

pub static VALUE_RANGE: Rule = Rule {
    code: "OZG713",
    name: "fim-value-range",
    summary: "A FIM number or date field without `min` or `max` (FIM 1103).",
    severity: Severity::Info,
    explanation: "FIM asks for a value range of number, money and date fields where one can be \
        given (FIM 1103): a range catches typing errors such as a birth year 1099. This is a \
        recommendation, reported as information.",
    wrong: "[[field]]\nid = \"jahr\"\nlabel = \"Jahr\"\ntype = \"integer\"\n\
        fim = { id = \"F60000233\", version = \"1.1\" }",
    right: "[[field]]\nid = \"jahr\"\nlabel = \"Jahr\"\ntype = \"integer\"\nmin = 1850\n\
        max = 2080\nfim = { id = \"F60000233\", version = \"1.1\" }",
};

pub static LEGAL_BASIS: Rule = Rule {
    code: "OZG714",
    name: "fim-legal-basis",
    summary: "A service built from FIM elements without a legal basis (FIM 1006, 1051).",
    severity: Severity::Warning,
    explanation: "FIM schemas rest on a legal basis (`Bezug zur Handlungsgrundlage`, FIM 1006, \
        1051), and so does the service built from them. `ozg import fim` takes it from the \
        schema and leaves `legal_basis` empty where the schema names none; fill it in.",
    wrong: "legal_basis = []",
    right: "legal_basis = [\"§ 18b AufenthG\"]",
};

pub static REPEATED_ELEMENT: Rule = Rule {
    code: "OZG715",
    name: "fim-repeated-element",
    summary: "The same FIM element twice in one group (FIM 1004, 1025).",
    severity: Severity::Warning,
    explanation: "Within one group (or at the top of the form) each FIM element appears once in \
        a given version (FIM 1004, 1025). Two fields from the same element ask the same question \
        twice; repeated answers belong in a repeatable group (`repeat`).",
    wrong: "[[field]]\nid = \"zeile_1\"\nfim = { id = \"F60000262\", version = \"1.1\" }\n\n\
        [[field]]\nid = \"zeile_2\"\nfim = { id = \"F60000262\", version = \"1.1\" }",
    right: "[[section]]\nid = \"zeilen\"\ntitle = \"Anschrift\"\nrepeat = { min = 2, max = 5 }\n\n\
        [[section.field]]\nid = \"zeile\"\nfim = { id = \"F60000262\", version = \"1.1\" }",
};

/// Runs the FIM rules over one service.
pub fn check_service(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    let fields = service.fields();
    let sections = service.sections();
    let has_fim =
        fields.iter().any(|(f, _)| f.fim.is_some()) || sections.iter().any(|s| s.fim.is_some());
    if !has_fim {
        return;
    }

    if service
        .meta
        .legal_basis
        .iter()
        .all(|l| l.value.trim().is_empty())
        && !service.meta.id.value.is_empty()
    {
        let span = service
            .meta
            .legal_basis
            .first()
            .map_or(service.meta.header, |l| l.span);
        push(out, &LEGAL_BASIS, file, span, msg::no_legal_basis());
    }
    for (field, _) in &fields {
        check_rules(file, &field.fim_rules, &field.id.value, out);
        if let Some(fim) = &field.fim {
            check_reference(file, fim, 'F', "data field", out);
            check_field(repository, file, field, out);
        }
    }
    for section in &sections {
        check_rules(file, &section.fim_rules, &section.id.value, out);
        if let Some(fim) = &section.fim {
            check_reference(file, fim, 'G', "data field group", out);
            match section.items.len() {
                0 => push(
                    out,
                    &EMPTY_GROUP,
                    file,
                    section.header,
                    msg::empty_group(&section.id.value),
                ),
                1 => push(
                    out,
                    &SINGLE_ELEMENT_GROUP,
                    file,
                    section.header,
                    msg::single_element_group(&section.id.value),
                ),
                _ => {}
            }
        }
        check_repeated_elements(file, &section.items, out);
    }
    check_repeated_elements(file, &service.form, out);
    check_versions(file, &fields, &sections, out);
}

fn push(
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    file: FileId,
    span: Span,
    text: (String, Option<String>),
) {
    let (message, help) = text;
    out.push(Diagnostic::new(rule, file, span, message).with_optional_help(help));
}

fn check_rules(file: FileId, rules: &[FimRule], owner: &str, out: &mut Vec<Diagnostic>) {
    for rule in rules {
        let Some(text) = &rule.text else { continue };
        let id = rule.id.as_ref().map(|i| i.value.as_str());
        if text.value.trim().is_empty() {
            push(
                out,
                &RULE_WITHOUT_TEXT,
                file,
                rule.span,
                msg::rule_without_text(owner),
            );
        } else {
            push(
                out,
                &RULE_AS_TEXT,
                file,
                rule.span,
                msg::rule_as_text(id, owner),
            );
        }
    }
}

fn check_reference(
    file: FileId,
    fim: &FimReference,
    letter: char,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    match &fim.id {
        Some(id) if id.value.trim().is_empty() => {
            push(out, &FIM_ID, file, id.span, msg::empty_fim_id(what));
        }
        Some(id) if !is_fim_id(&id.value, letter) => {
            push(
                out,
                &FIM_ID,
                file,
                id.span,
                msg::bad_fim_id(&id.value, letter, what),
            );
        }
        _ => {}
    }
    if let Some(version) = &fim.version
        && !is_fim_version(&version.value)
    {
        push(
            out,
            &FIM_ID,
            file,
            version.span,
            msg::bad_fim_version(&version.value),
        );
    }
}

/// `F` or `G`, then 8 digits (FIM until 2022) or 11 (since).
fn is_fim_id(id: &str, letter: char) -> bool {
    id.strip_prefix(letter).is_some_and(|digits| {
        matches!(digits.len(), 8 | 11) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

fn is_fim_version(version: &str) -> bool {
    !version.is_empty()
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn check_field(repository: &Repository, file: FileId, field: &Field, out: &mut Vec<Diagnostic>) {
    let Some(kind) = field.kind.as_ref().map(|k| k.value) else {
        return;
    };
    let id = &field.id.value;
    if kind.is_choice() {
        check_choice(repository, file, field, out);
    }
    if let (Some(label), Some(help)) = (&field.label, &field.help) {
        let first_paragraph = help.value.split("\n\n").next().unwrap_or_default();
        if same_words(first_paragraph, &label.value) {
            push(
                out,
                &HELP_REPEATS_LABEL,
                file,
                help.span,
                msg::help_repeats_label(id),
            );
        }
    }
    if kind == FieldType::Text {
        let missing = match (&field.min_length, &field.max_length) {
            (None, None) => Some("min_length` or `max_length"),
            (None, Some(_)) => Some("min_length"),
            (Some(_), None) => Some("max_length"),
            (Some(_), Some(_)) => None,
        };
        if let Some(missing) = missing {
            push(
                out,
                &TEXT_LENGTH,
                file,
                field.header,
                msg::text_without_length(id, missing),
            );
        }
    }
    if kind.is_numeric() || kind == FieldType::Date {
        let missing = match (&field.min, &field.max) {
            (None, None) => Some("min` or `max"),
            (None, Some(_)) => Some("min"),
            (Some(_), None) => Some("max"),
            (Some(_), Some(_)) => None,
        };
        if let Some(missing) = missing {
            push(
                out,
                &VALUE_RANGE,
                file,
                field.header,
                msg::without_range(id, missing),
            );
        }
    }
}

/// Whether two texts are the same words, ignoring case, spacing and a
/// final full stop.
fn same_words(a: &str, b: &str) -> bool {
    let normal = |s: &str| {
        s.trim()
            .trim_end_matches('.')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    !a.trim().is_empty() && normal(a) == normal(b)
}

fn check_choice(repository: &Repository, file: FileId, field: &Field, out: &mut Vec<Diagnostic>) {
    let id = &field.id.value;
    if let Some(options) = &field.options {
        if options.value.len() == 1 {
            push(out, &FEW_CODES, file, options.span, msg::few_codes(id, 1));
        }
        check_labels(file, &options.value, out);
    }
    if let Some(name) = &field.codelist
        && let Some(list) = repository.codelist(&name.value)
        && let Some(entries) = &list.entries
        && entries.value.len() < 2
    {
        let text = msg::few_codes(id, entries.value.len());
        push(out, &FEW_CODES, file, name.span, text);
    }
    if let Some(external) = &field.external_codelist {
        if let Some(list_id) = &external.id
            && !is_urn(&list_id.value)
        {
            push(
                out,
                &CODELIST_URN,
                file,
                list_id.span,
                msg::codelist_not_urn(&list_id.value),
            );
        }
        if let Some(version) = &external.version
            && version.value.parse::<jiff::civil::Date>().is_err()
        {
            push(
                out,
                &CODELIST_VERSION,
                file,
                version.span,
                msg::codelist_version_not_date(&version.value),
            );
        }
    }
}

/// Duplicate labels among entries, reported at the second.
fn check_labels(file: FileId, entries: &[CodeEntry], out: &mut Vec<Diagnostic>) {
    let mut first: FxHashMap<String, Span> = FxHashMap::default();
    for entry in entries {
        let Some(label) = &entry.label else { continue };
        let key = label.value.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            Some(&span) => {
                let (message, help) = msg::duplicate_label(&label.value);
                out.push(
                    Diagnostic::new(&DUPLICATE_LABEL, file, label.span, message)
                        .with_optional_help(help)
                        .with_related(file, span, msg::first_label_here()),
                );
            }
            None => {
                first.insert(key, label.span);
            }
        }
    }
}

/// A URN as RFC 8141 writes it: `urn:`, a namespace id, `:`, and a
/// specific string of ASCII letters, digits and the allowed punctuation.
fn is_urn(id: &str) -> bool {
    let Some(rest) = id
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("urn:"))
        .map(|_| &id[4..])
    else {
        return false;
    };
    let Some((namespace, specific)) = rest.split_once(':') else {
        return false;
    };
    let namespace_ok = (2..=32).contains(&namespace.len())
        && namespace
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let specific_ok = !specific.is_empty()
        && specific
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b));
    namespace_ok && specific_ok
}

/// The same FIM element in the same version twice among the direct items
/// of one group or of the form.
fn check_repeated_elements(file: FileId, items: &[FormItem], out: &mut Vec<Diagnostic>) {
    let mut first: FxHashMap<(String, String), Span> = FxHashMap::default();
    for item in items {
        let fim = match item {
            FormItem::Field(f) => f.fim.as_ref(),
            FormItem::Section(s) => s.fim.as_ref(),
        };
        let Some((id, version)) = fim.and_then(|f| Some((f.id.as_ref()?, f.version.as_ref()?)))
        else {
            continue;
        };
        let key = (id.value.clone(), version.value.clone());
        match first.get(&key) {
            Some(&span) => {
                let (message, help) = msg::repeated_element(&id.value, &version.value);
                out.push(
                    Diagnostic::new(&REPEATED_ELEMENT, file, id.span, message)
                        .with_optional_help(help)
                        .with_related(file, span, msg::first_element_here()),
                );
            }
            None => {
                first.insert(key, id.span);
            }
        }
    }
}

/// Elements and external code lists used in more than one version,
/// reported at each use whose version differs from the first.
fn check_versions(
    file: FileId,
    fields: &[(&Field, Option<&Section>)],
    sections: &[&Section],
    out: &mut Vec<Diagnostic>,
) {
    let mut elements: FxHashMap<&str, (&str, Span)> = FxHashMap::default();
    let references = fields
        .iter()
        .filter_map(|(f, _)| f.fim.as_ref())
        .chain(sections.iter().filter_map(|s| s.fim.as_ref()));
    for fim in references {
        let (Some(id), Some(version)) = (&fim.id, &fim.version) else {
            continue;
        };
        match elements.get(id.value.as_str()) {
            Some(&(first, span)) if first != version.value => {
                let (message, help) = msg::version_mix(&id.value, &version.value, first);
                out.push(
                    Diagnostic::new(&VERSION_MIX, file, version.span, message)
                        .with_optional_help(help)
                        .with_related(file, span, msg::other_version_here()),
                );
            }
            Some(_) => {}
            None => {
                elements.insert(&id.value, (&version.value, version.span));
            }
        }
    }
    let mut lists: FxHashMap<&str, (&str, Span)> = FxHashMap::default();
    for (field, _) in fields {
        if field.fim.is_none() {
            continue;
        }
        let Some(external) = &field.external_codelist else {
            continue;
        };
        let (Some(id), Some(version)) = (&external.id, &external.version) else {
            continue;
        };
        match lists.get(id.value.as_str()) {
            Some(&(first, span)) if first != version.value => {
                let (message, help) = msg::codelist_version_mix(&id.value, &version.value, first);
                out.push(
                    Diagnostic::new(&VERSION_MIX, file, version.span, message)
                        .with_optional_help(help)
                        .with_related(file, span, msg::other_version_here()),
                );
            }
            Some(_) => {}
            None => {
                lists.insert(&id.value, (&version.value, version.span));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fim_ids_have_a_letter_and_eight_or_eleven_digits() {
        assert!(is_fim_id("F00000013", 'F'));
        assert!(is_fim_id("G60000000088", 'G'));
        assert!(!is_fim_id("G00000013", 'F'));
        assert!(!is_fim_id("F123", 'F'));
        assert!(!is_fim_id("F0000001x", 'F'));
    }

    #[test]
    fn fim_versions_are_numbers_separated_by_points() {
        assert!(is_fim_version("1.0"));
        assert!(is_fim_version("1.2.0"));
        assert!(!is_fim_version("v1"));
        assert!(!is_fim_version("1..2"));
        assert!(!is_fim_version(""));
    }

    #[test]
    fn urns_are_ascii_with_a_namespace() {
        assert!(is_urn(
            "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat"
        ));
        assert!(is_urn("urn:xoev-de:fim:codeliste:xdatenfelder.feldart"));
        assert!(!is_urn("urn:de:fim:codeliste:artbeschäftigungsverhältnis"));
        assert!(!is_urn("C00000009"));
        assert!(!is_urn("urn:de"));
        assert!(!is_urn("urn:de:mit leerzeichen"));
    }

    #[test]
    fn help_that_repeats_the_label_is_found_regardless_of_case_and_full_stop() {
        assert!(same_words("Geburtsort.", "geburtsort"));
        assert!(!same_words("Geben Sie den Geburtsort an.", "Geburtsort"));
    }
}
