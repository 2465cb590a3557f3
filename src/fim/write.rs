//! Writing imported services and code lists as TOML in the model's format.
//!
//! The files are written by hand rather than through a serializer so that
//! they read like the examples in `docs/format.md`: keys in a fixed order,
//! sections nested as `[[section.section.field]]`, comments above the
//! tables they explain, and prose in multi-line strings. Every string goes
//! through [`string`], which escapes what TOML requires, so that quotes,
//! backslashes, line breaks and umlauts come back unchanged when the file
//! is read; a test reads every kind of value back to make sure.

use std::fmt::Write as _;

use crate::fim::mapping::{
    CodeListDraft, FieldDraft, FimRef, FormNode, Limit, RepeatDraft, RuleDraft, SectionDraft,
    ServiceDraft,
};
use crate::fim::messages;
use crate::model::FieldType;

/// The id of the role of the generated process.
pub const ROLE: &str = "clerk";

/// The text of `service.toml` for an imported service.
pub fn service_toml(service: &ServiceDraft) -> String {
    let mut out = String::new();
    comment(&mut out, &service.header);
    out.push('\n');

    out.push_str("[service]\n");
    key(&mut out, "id", &string(&service.id));
    key(&mut out, "title", &string(&service.title));
    if service.authority.is_empty() {
        comment(&mut out, &[messages::authority_note()]);
    }
    key(&mut out, "authority", &string(&service.authority));
    if let Some(state) = &service.state {
        key(&mut out, "state", &string(state));
    }
    key(&mut out, "valid_from", &service.valid_from.to_string());
    if service.legal_basis.is_empty() {
        comment(&mut out, &[messages::legal_basis_note()]);
    }
    key(&mut out, "legal_basis", &string_list(&service.legal_basis));
    if let Some(description) = &service.description {
        key(&mut out, "description", &string(description));
    }

    out.push_str(PROCESS);
    out.push('\n');
    comment(&mut out, &[messages::form_note()]);
    for node in &service.form {
        out.push('\n');
        form_node(&mut out, node, "");
    }
    out
}

/// The minimal process every import gets: receipt, one review with
/// approve or reject, and an end for each.
const PROCESS: &str = r#"
[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
title = "Eingang des Antrags"
next = [{ to = "review" }]

[[step]]
id = "review"
kind = "task"
title = "Antrag prüfen"
role = "clerk"
decisions = ["approve", "reject"]
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
]

[[step]]
id = "granted"
kind = "end"
title = "Antrag bewilligt"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
title = "Antrag abgelehnt"
outcome = "rejected"
"#;

fn form_node(out: &mut String, node: &FormNode, prefix: &str) {
    match node {
        FormNode::Field(field) => write_field(out, field, prefix),
        FormNode::Section(section) => write_section(out, section, prefix),
    }
}

fn write_section(out: &mut String, section: &SectionDraft, prefix: &str) {
    let path = format!("{prefix}section");
    comment(out, &section.notes);
    let _ = writeln!(out, "[[{path}]]");
    key(out, "id", &string(&section.id));
    key(out, "title", &string(&section.title));
    if let Some(help) = &section.help {
        key(out, "help", &string(help));
    }
    if !section.legal_basis.is_empty() {
        key(out, "legal_basis", &string_list(&section.legal_basis));
    }
    if let Some(fim) = &section.fim {
        key(out, "fim", &fim_ref(fim));
    }
    if let Some(repeat) = section.repeat {
        key(out, "repeat", &repeat_table(repeat));
    }
    write_rules(out, &section.rules, &path);
    for item in &section.items {
        out.push('\n');
        form_node(out, item, &format!("{path}."));
    }
}

fn write_field(out: &mut String, field: &FieldDraft, prefix: &str) {
    let path = format!("{prefix}field");
    comment(out, &field.notes);
    let _ = writeln!(out, "[[{path}]]");
    key(out, "id", &string(&field.id));
    key(out, "label", &string(&field.label));
    if let Some(help) = &field.help {
        key(out, "help", &string(help));
    }
    if !field.legal_basis.is_empty() {
        key(out, "legal_basis", &string_list(&field.legal_basis));
    }
    key(out, "type", &string(field.kind.name()));
    if field.required {
        key(out, "required", "true");
    }
    if field.hidden {
        key(out, "visible", &string("false"));
    }
    if let Some(n) = field.min_length {
        key(out, "min_length", &n.to_string());
    }
    if let Some(n) = field.max_length {
        key(out, "max_length", &n.to_string());
    }
    if let Some(pattern) = &field.pattern {
        key(out, "pattern", &string(pattern));
    }
    for (name, limit) in [("min", &field.min), ("max", &field.max)] {
        match limit {
            Some(Limit::Number(digits)) => key(out, name, digits),
            Some(Limit::Date(date)) => key(out, name, &date.to_string()),
            None => {}
        }
    }
    if let Some(codelist) = &field.codelist {
        key(out, "codelist", &string(codelist));
    }
    if let Some((id, version)) = &field.external_codelist {
        key(
            out,
            "external_codelist",
            &format!("{{ id = {}, version = {} }}", string(id), string(version)),
        );
    }
    if !field.options.is_empty() {
        out.push_str("options = [\n");
        for entry in &field.options {
            let _ = writeln!(
                out,
                "  {{ code = {}, label = {} }},",
                inline_string(&entry.code),
                inline_string(&entry.label)
            );
        }
        out.push_str("]\n");
    }
    if !field.file_kinds.is_empty() {
        key(out, "file_kinds", &string_list(&field.file_kinds));
    }
    if field.kind == FieldType::Display
        && let Some(text) = &field.text
    {
        key(out, "text", &string(text));
    }
    if let Some(fim) = &field.fim {
        key(out, "fim", &fim_ref(fim));
    }
    write_rules(out, &field.rules, &path);
}

fn write_rules(out: &mut String, rules: &[RuleDraft], path: &str) {
    for rule in rules {
        let _ = writeln!(out, "\n[[{path}.fim_rules]]");
        if let Some(id) = &rule.id {
            key(out, "id", &string(id));
        }
        key(out, "text", &string(&rule.text));
    }
}

fn fim_ref(fim: &FimRef) -> String {
    match &fim.version {
        Some(version) => format!(
            "{{ id = {}, version = {} }}",
            string(&fim.id),
            string(version)
        ),
        None => format!("{{ id = {} }}", string(&fim.id)),
    }
}

fn repeat_table(repeat: RepeatDraft) -> String {
    match repeat.max {
        Some(max) => format!("{{ min = {}, max = {max} }}", repeat.min),
        None => format!("{{ min = {} }}", repeat.min),
    }
}

/// The text of `codelists/<id>.toml` for an imported code list.
pub fn codelist_toml(list: &CodeListDraft) -> String {
    let mut out = String::new();
    comment(&mut out, &list.header);
    out.push_str("\n[codelist]\n");
    key(&mut out, "id", &string(&list.id));
    key(&mut out, "title", &string(&list.title));
    if let Some(version) = &list.version {
        key(&mut out, "version", &string(version));
    }
    out.push_str("entries = [\n");
    for entry in &list.entries {
        let _ = writeln!(
            out,
            "  {{ code = {}, label = {} }},",
            inline_string(&entry.code),
            inline_string(&entry.label)
        );
    }
    out.push_str("]\n");
    out
}

/// The text of a new `ozg.toml`.
pub fn project_toml(name: &str, state: Option<&str>) -> String {
    let mut out = String::from("[project]\n");
    key(&mut out, "name", &string(name));
    key(
        &mut out,
        "format",
        &crate::model::FORMAT_VERSION.to_string(),
    );
    if let Some(state) = state {
        key(&mut out, "state", &string(state));
    }
    out
}

fn key(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {value}");
}

/// Comment lines; line breaks inside a note start a new comment line.
fn comment(out: &mut String, lines: &[String]) {
    for line in lines.iter().flat_map(|l| l.lines()) {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
}

fn string_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| inline_string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML string for a key of its own: multi-line when the text has line
/// breaks, so that prose stays readable.
pub fn string(text: &str) -> String {
    if text.contains('\n') {
        multiline_string(text)
    } else {
        inline_string(text)
    }
}

/// A TOML basic string on one line, for use anywhere (also in inline
/// tables and lists).
pub fn inline_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string. The line break after the opening quotes
/// is not part of the value, and the closing quotes follow the last
/// character directly, so the value is exactly `text`.
fn multiline_string(text: &str) -> String {
    // Quotes stay readable: only a third quote in a row, and quotes right
    // before the closing delimiter, need escaping.
    let trailing_quotes = text.len() - text.trim_end_matches('"').len();
    let escape_from = text.len() - trailing_quotes;
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str("\"\"\"\n");
    let mut run = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' if run == 2 || i >= escape_from => {
                out.push_str("\\\"");
                run = 0;
            }
            '"' => {
                out.push('"');
                run += 1;
            }
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
        if c != '"' {
            run = 0;
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(rendered: &str) -> String {
        let table: toml::Table = toml::from_str(&format!("v = {rendered}\n")).unwrap();
        table["v"].as_str().unwrap().to_owned()
    }

    #[test]
    fn strings_round_trip_through_toml() {
        for text in [
            "plain",
            "Größe & \"Augenfarbe\"",
            "C:\\Pfad\\datei",
            "zwei\nZeilen",
            "\nbeginnt mit Zeilenumbruch",
            "endet mit Anführungszeichen\"",
            "\"\"\" drei Anführungszeichen \"\"\"\nund mehr",
            "Tab\tund Steuerzeichen \u{7}\u{7f}\r",
            "Zeilenende mit Backslash \\\nnächste Zeile",
            "",
        ] {
            assert_eq!(read_back(&string(text)), text, "{text:?}");
            assert_eq!(read_back(&inline_string(text)), text, "{text:?}");
        }
    }

    #[test]
    fn prose_with_line_breaks_is_written_as_a_multiline_string() {
        assert_eq!(string("a\nb"), "\"\"\"\na\nb\"\"\"");
        assert_eq!(string("a"), "\"a\"");
    }
}
