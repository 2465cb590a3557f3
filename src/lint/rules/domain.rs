//! Rules of the domain: legal metadata (`LeiKa` key, validity, federal state,
//! legal basis, deadlines), the form's constraints, decision tables, and
//! parts of a service that are declared but never used.

use rustc_hash::FxHashSet;

use crate::calendar::{DeadlineDuration, State};
use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::model::{Bound, DayCount, Deadline, FieldType, Repository, Service, StepKind};
use crate::source::{FileId, Span, Spanned};

pub static LEIKA_FORMAT: Rule = Rule {
    code: "OZG501",
    name: "leika-format",
    summary: "The LeiKa key is not 14 digits.",
    severity: Severity::Error,
    explanation: "The key of the federal service catalogue (Leistungskatalog, LeiKa) has \
        exactly 14 digits. Write it as text, so that leading zeros are kept. Leave it out \
        where the real key is not known rather than inventing one.",
    wrong: "leika = \"9905800900100\"",
    right: "leika = \"99058009001000\"",
};

pub static VALID_FROM: Rule = Rule {
    code: "OZG502",
    name: "valid-from",
    summary: "`valid_from` is missing or not a date.",
    severity: Severity::Error,
    explanation: "Every service version states the day its legal situation takes effect. \
        Applications submitted on or after that day are handled by this version; the \
        platform switches over at midnight German time. Write the date as a TOML date, \
        without quotes: `valid_from = 2023-12-01`.",
    wrong: "valid_from = \"01.12.2023\"",
    right: "valid_from = 2023-12-01",
};

pub static VALIDITY_ORDER: Rule = Rule {
    code: "OZG503",
    name: "validity-order",
    summary: "`valid_until` is not after `valid_from`.",
    severity: Severity::Error,
    explanation: "A version that ends before or on the day it begins applies to no \
        application at all. Usually the two dates are swapped or a year is wrong.",
    wrong: "valid_from = 2024-01-01\nvalid_until = 2023-12-31",
    right: "valid_from = 2024-01-01\nvalid_until = 2024-12-31",
};

pub static UNKNOWN_STATE: Rule = Rule {
    code: "OZG504",
    name: "unknown-state",
    summary: "The federal state code is unknown, or no state is given.",
    severity: Severity::Error,
    explanation: "Legal deadlines depend on the public holidays of the federal state. The \
        state is given as one of the codes BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, \
        ST, SH, TH (also with the prefix `DE-`), in the service or as the project default in \
        `ozg.toml`.",
    wrong: "state = \"BAW\"",
    right: "state = \"BW\"",
};

pub static MISSING_LEGAL_BASIS: Rule = Rule {
    code: "OZG505",
    name: "missing-legal-basis",
    summary: "A fee or a deadline without its legal basis.",
    severity: Severity::Warning,
    explanation: "Fees and deadlines bind citizens and must rest on a law or statute. \
        Naming it (`legal_basis`) lets reviewers check the figure and tells the next modeller \
        what to look at when the law changes.",
    wrong: "[[fee]]\nid = \"card\"\nlabel = \"Gebühr\"\namount = \"46.00\"",
    right: "[[fee]]\nid = \"card\"\nlabel = \"Gebühr\"\namount = \"46.00\"\n\
        legal_basis = \"PAuswGebV § 1 Abs. 1\"",
};

pub static INVALID_DURATION: Rule = Rule {
    code: "OZG506",
    name: "invalid-duration",
    summary: "A deadline duration is not a valid ISO 8601 duration.",
    severity: Severity::Error,
    explanation: "Durations are written in ISO 8601: `P14D` (14 days), `P2W` (two weeks), \
        `P3M` (three months), `P1Y` (one year), or combined such as `P1M14D`. Deadlines are \
        counted in whole days, so times of day (`PT24H`) are not allowed; working-day \
        deadlines count days or weeks only.",
    wrong: "deadline = { within = \"14 Tage\", on_expiry = \"escalate\", escalate_to = \"head\" }",
    right: "deadline = { within = \"P14D\", on_expiry = \"escalate\", escalate_to = \"head\" }",
};

pub static MISSING_LABEL: Rule = Rule {
    code: "OZG507",
    name: "missing-label",
    summary: "A field without a label, or a section without a title.",
    severity: Severity::Error,
    explanation: "Applicants see a field's `label` as the question they answer and a \
        section's `title` as its heading. Without it, the form cannot be filled in \
        sensibly. Read-only `display` fields need their `text` instead.",
    wrong: "[[field]]\nid = \"birth_date\"\ntype = \"date\"",
    right: "[[field]]\nid = \"birth_date\"\nlabel = \"Geburtsdatum\"\ntype = \"date\"",
};

pub static CHOICE_WITHOUT_OPTIONS: Rule = Rule {
    code: "OZG508",
    name: "choice-without-options",
    summary: "A choice field without options or code list, or options on a field that is no choice.",
    severity: Severity::Error,
    explanation: "A `choice` or `multi_choice` field offers the entries of its `options`, its \
        `codelist` or its `external_codelist`. Without any of them there is nothing to \
        choose; on other field types those keys have no effect.",
    wrong: "[[field]]\nid = \"legal_form\"\nlabel = \"Rechtsform\"\ntype = \"choice\"",
    right: "[[field]]\nid = \"legal_form\"\nlabel = \"Rechtsform\"\ntype = \"choice\"\n\
        codelist = \"legal_forms\"",
};

pub static MIN_ABOVE_MAX: Rule = Rule {
    code: "OZG509",
    name: "min-above-max",
    summary: "A lower limit above its upper limit, or a limit that does not fit the field.",
    severity: Severity::Error,
    explanation: "`min` must not exceed `max` (likewise `min_length`/`max_length`, \
        `min_items`/`max_items` and the `repeat` limits of a group), or no answer could be \
        valid. Number limits belong to number fields, date limits to date fields, lengths and \
        patterns to text fields.",
    wrong: "min = 8.0\nmax = 2.0",
    right: "min = 2.0\nmax = 8.0",
};

pub static CONDITION_CYCLE: Rule = Rule {
    code: "OZG510",
    name: "condition-cycle",
    summary: "Conditions or computed values that depend on each other in a circle.",
    severity: Severity::Error,
    explanation: "Whether a field is shown may depend on other fields, and a computed value \
        on other values, but not in a circle: if `a` is shown only when `b` is answered and \
        `b` only when `a` is, neither can ever be shown. The finding names the whole circle.",
    wrong: "[[field]]\nid = \"a\"\nvisible = \"b != null\"\n\n[[field]]\nid = \"b\"\n\
        visible = \"a != null\"",
    right: "[[field]]\nid = \"a\"\n\n[[field]]\nid = \"b\"\nvisible = \"a != null\"",
};

pub static OVERLAPPING_RULES: Rule = Rule {
    code: "OZG511",
    name: "overlapping-rules",
    summary: "Two rules of a decision table with hit policy `unique` can match the same input.",
    severity: Severity::Error,
    explanation: "With hit policy `unique`, exactly one rule may match any input. If two can \
        match, the table has no result for those inputs. Narrow the rules so they do not \
        overlap, or use hit policy `first` if the order is meant to decide.",
    wrong: "rules = [\n  { when = [\"<= 4.70\"], then = \"360.00\" },\n  \
        { when = [\">= 4.70\"], then = \"480.00\" },\n]",
    right: "rules = [\n  { when = [\"<= 4.70\"], then = \"360.00\" },\n  \
        { when = [\"> 4.70\"], then = \"480.00\" },\n]",
};

pub static UNUSED_COMPUTED: Rule = Rule {
    code: "OZG512",
    name: "unused-computed",
    summary: "A computed value or decision table that nothing uses.",
    severity: Severity::Warning,
    explanation: "A computed value or decision table that no expression refers to has no \
        effect. It may be left over from an earlier version, or the expression that should \
        use it refers to something else.",
    wrong: "[[computed]]\nid = \"age\"\nexpr = \"years and months duration(birth_date, \
        submitted).years\"\n\n[[fee]]\nid = \"card\"\nlabel = \"Gebühr\"\n\
        amount = \"46.00\"",
    right: "[[fee]]\nid = \"card\"\nlabel = \"Gebühr\"\n\
        amount = \"if age < 24 then 27.60 else 46.00\"",
};

pub static UNUSED_ROLE: Rule = Rule {
    code: "OZG513",
    name: "unused-role",
    summary: "A role that no task and no escalation uses.",
    severity: Severity::Warning,
    explanation: "Roles are the offices that work on cases. A role that no task names and no \
        deadline escalates to does no work in this service.",
    wrong: "[[role]]\nid = \"archive\"\ntitle = \"Archiv\"",
    right: "# remove the role, or give it a task:\n[[step]]\nid = \"file\"\nkind = \"task\"\n\
        role = \"archive\"",
};

pub static EXTERNAL_CODELIST: Rule = Rule {
    code: "OZG514",
    name: "external-codelist",
    summary: "A code list is only referenced externally, so its entries cannot be checked.",
    severity: Severity::Warning,
    explanation: "A code list kept outside the repository (for example in the federal \
        XRepository) is known only by its id and version. ozg cannot check that guards and \
        scenarios use codes that exist in it. Where the list is small and stable, import it \
        into `codelists/`.",
    wrong: "external_codelist = { id = \"urn:de:bund:destatis:bevoelkerungsstatistik:\
        schluessel:staat\", version = \"2024-01-01\" }",
    right: "codelist = \"staaten\"   # codelists/staaten.toml with its entries",
};

pub static INVALID_PATTERN: Rule = Rule {
    code: "OZG515",
    name: "invalid-pattern",
    summary: "A field's `pattern` is not a valid regular expression.",
    severity: Severity::Error,
    explanation: "`pattern` is a regular expression that the whole answer must match. If it \
        is not valid, no answer can be checked against it.",
    wrong: "pattern = \"[0-9{5}\"",
    right: "pattern = \"[0-9]{5}\"",
};

pub static RULE_CELLS: Rule = Rule {
    code: "OZG516",
    name: "rule-cells",
    summary: "A decision rule has not one cell per input.",
    severity: Severity::Error,
    explanation: "Each rule of a decision table tests every input, in order: `when` has as \
        many cells as `inputs` has expressions. Use `-` for an input the rule does not care \
        about.",
    wrong: "inputs = [\"age\", \"disabled\"]\nrules = [{ when = [\"< 24\"], then = \"27.60\" }]",
    right: "inputs = [\"age\", \"disabled\"]\nrules = [{ when = [\"< 24\", \"-\"], then = \"27.60\" }]",
};

pub static SPLIT_SUM: Rule = Rule {
    code: "OZG517",
    name: "split-sum",
    summary: "The shares of a fee split do not add up to the whole fee.",
    severity: Severity::Error,
    explanation: "When a fee is split between authorities, each receives its `share`, and \
        together they must receive the whole fee: the shares add up to 1.",
    wrong: "split = [\n  { authority = \"Bundesamt für Justiz\", share = \"3/5\" },\n  \
        { authority = \"Meldebehörde\", share = \"1/5\" },\n]",
    right: "split = [\n  { authority = \"Bundesamt für Justiz\", share = \"3/5\" },\n  \
        { authority = \"Meldebehörde\", share = \"2/5\" },\n]",
};

/// Whether `code` names a federal state, as `BW` or `DE-BW`.
pub fn is_state(code: &str) -> bool {
    code.parse::<State>().is_ok()
}

/// Checks that need the whole repository: the code lists and the project
/// default state.
pub fn check_repository(repository: &Repository) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let (Some(file), Some(state)) = (repository.config.file, &repository.config.state) {
        check_state(&mut out, file, state);
    }
    for list in repository.codelists.iter() {
        if let Some(external) = &list.external {
            let (message, help) = msg::external_codelist_declared(&list.id.value);
            out.push(
                Diagnostic::new(&EXTERNAL_CODELIST, list.file, external.span, message)
                    .with_optional_help(help),
            );
        }
        if list.entries.is_none() && list.external.is_none() && !list.id.value.is_empty() {
            let (message, help) = msg::codelist_without_entries(&list.id.value);
            out.push(
                Diagnostic::new(
                    &crate::lint::rules::files::MISSING_KEY,
                    list.file,
                    list.header,
                    message,
                )
                .with_optional_help(help),
            );
        }
    }
    out
}

fn check_state(out: &mut Vec<Diagnostic>, file: FileId, state: &Spanned<String>) {
    if !is_state(&state.value) {
        let suggestion = crate::suggest::closest(&state.value, State::ALL.iter().map(|s| s.code()));
        let (message, help) = msg::unknown_state(&state.value, suggestion);
        out.push(
            Diagnostic::new(&UNKNOWN_STATE, file, state.span, message).with_optional_help(help),
        );
    }
}

pub fn check_service(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    let meta = &service.meta;
    if let Some(leika) = &meta.leika
        && !(leika.value.len() == 14 && leika.value.bytes().all(|b| b.is_ascii_digit()))
    {
        let (message, help) = msg::leika_format(&leika.value);
        out.push(
            Diagnostic::new(&LEIKA_FORMAT, file, leika.span, message).with_optional_help(help),
        );
    }
    if let (Some(from), Some(until)) = (&meta.valid_from, &meta.valid_until)
        && until.value <= from.value
    {
        let (message, help) = msg::validity_order(from.value, until.value);
        out.push(
            Diagnostic::new(&VALIDITY_ORDER, file, until.span, message)
                .with_optional_help(help)
                .with_related(file, from.span, msg::valid_from_here()),
        );
    }
    match &meta.state {
        Some(state) => check_state(out, file, state),
        None if repository.config.state.is_none() && !meta.id.value.is_empty() => {
            let (message, help) = msg::no_state();
            out.push(
                Diagnostic::new(&UNKNOWN_STATE, file, meta.header, message)
                    .with_optional_help(help),
            );
        }
        None => {}
    }

    for fee in &service.fees {
        if fee.legal_basis.is_none() && !fee.id.value.is_empty() {
            let (message, help) = msg::fee_without_legal_basis(&fee.id.value);
            out.push(
                Diagnostic::new(&MISSING_LEGAL_BASIS, file, fee.header, message)
                    .with_optional_help(help),
            );
        }
    }
    let deadlines = service
        .process
        .steps
        .iter()
        .filter_map(|s| s.deadline.as_ref())
        .chain(&service.process.deadlines);
    for deadline in deadlines {
        check_duration(file, deadline, out);
        if let Some(from) = &deadline.from
            && !deadline.of_step
            && from.value == crate::model::Anchor::Entered
        {
            let (message, help) = msg::case_deadline_from_entry(&deadline.id.value);
            out.push(
                Diagnostic::new(
                    &crate::lint::rules::files::INVALID_VALUE,
                    file,
                    from.span,
                    message,
                )
                .with_optional_help(help),
            );
        }
        if deadline.legal_basis.is_none() {
            let (message, help) = msg::deadline_without_legal_basis(&deadline.id.value);
            out.push(
                Diagnostic::new(&MISSING_LEGAL_BASIS, file, deadline.span, message)
                    .with_optional_help(help),
            );
        }
    }

    if let Some(retention) = &meta.retention
        && let Err(error) = retention.value.parse::<DeadlineDuration>()
    {
        let (message, help) = msg::invalid_duration(&retention.value, &error.to_string());
        out.push(
            Diagnostic::new(&INVALID_DURATION, file, retention.span, message)
                .with_optional_help(help),
        );
    }
    check_fields(repository, service, out);
    check_sections(service, out);
    check_roles_used(service, out);
    for decision in &service.decisions {
        for rule in &decision.rules {
            if rule.when.len() != decision.inputs.len() && decision.inputs_span.is_some() {
                let span = rule.when_span.unwrap_or(rule.span);
                let (message, help) = msg::rule_cells(rule.when.len(), decision.inputs.len());
                out.push(
                    Diagnostic::new(&RULE_CELLS, file, span, message).with_optional_help(help),
                );
            }
        }
    }
}

fn check_fields(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    for (field, _) in service.fields() {
        let Some(kind) = field.kind.as_ref().map(|k| k.value) else {
            continue;
        };
        let id = &field.id.value;
        if kind == FieldType::Display {
            if field.text.is_none() {
                let (message, help) = msg::display_without_text(id);
                out.push(
                    Diagnostic::new(&MISSING_LABEL, file, field.header, message)
                        .with_optional_help(help),
                );
            }
        } else if field.label.is_none() {
            let (message, help) = msg::field_without_label(id);
            out.push(
                Diagnostic::new(&MISSING_LABEL, file, field.header, message)
                    .with_optional_help(help),
            );
        }

        let has_source = field.options.is_some()
            || field.codelist.is_some()
            || field.external_codelist.is_some();
        if kind.is_choice() && !has_source {
            let (message, help) = msg::choice_without_options(id);
            out.push(
                Diagnostic::new(&CHOICE_WITHOUT_OPTIONS, file, field.header, message)
                    .with_optional_help(help),
            );
        }
        if !kind.is_choice() {
            let stray = field
                .options
                .as_ref()
                .map(|o| o.span)
                .or(field.codelist.as_ref().map(|c| c.span))
                .or(field.external_codelist.as_ref().map(|e| e.span));
            if let Some(span) = stray {
                let (message, help) = msg::options_on_non_choice(id, kind.name());
                out.push(
                    Diagnostic::new(&CHOICE_WITHOUT_OPTIONS, file, span, message)
                        .with_optional_help(help),
                );
            }
        }
        if let Some(options) = &field.options
            && options.value.is_empty()
        {
            let (message, help) = msg::choice_without_options(id);
            out.push(
                Diagnostic::new(&CHOICE_WITHOUT_OPTIONS, file, options.span, message)
                    .with_optional_help(help),
            );
        }
        if let Some(external) = &field.external_codelist {
            let (message, help) = msg::external_codelist_field(id);
            out.push(
                Diagnostic::new(&EXTERNAL_CODELIST, file, external.span, message)
                    .with_optional_help(help),
            );
        }
        if let Some(list) = field
            .codelist
            .as_ref()
            .and_then(|c| repository.codelist(&c.value))
            && list.external.is_some()
        {
            let span = field.codelist.as_ref().map_or(field.header, |c| c.span);
            let (message, help) = msg::external_codelist_field(id);
            out.push(
                Diagnostic::new(&EXTERNAL_CODELIST, file, span, message).with_optional_help(help),
            );
        }

        check_limits(file, field, kind, out);
        if let Some(pattern) = &field.pattern
            && let Err(error) = regex::Regex::new(&pattern.value)
        {
            let (message, help) = msg::invalid_pattern(&error.to_string());
            out.push(
                Diagnostic::new(&INVALID_PATTERN, file, pattern.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

fn check_limits(
    file: FileId,
    field: &crate::model::Field,
    kind: FieldType,
    out: &mut Vec<Diagnostic>,
) {
    let mut report = |span: Span, (message, help): (String, Option<String>)| {
        out.push(Diagnostic::new(&MIN_ABOVE_MAX, file, span, message).with_optional_help(help));
    };
    if let (Some(min), Some(max)) = (&field.min, &field.max) {
        let inverted = match (&min.value, &max.value) {
            (Bound::Number(a), Bound::Number(b)) => a > b,
            (Bound::Date(a), Bound::Date(b)) => a > b,
            _ => false,
        };
        if inverted {
            report(min.span, msg::min_above_max("min", "max"));
        }
    }
    for bound in [&field.min, &field.max].into_iter().flatten() {
        let fits = match bound.value {
            Bound::Number(_) => kind.is_numeric(),
            Bound::Date(_) => kind == FieldType::Date,
        };
        if !fits {
            report(bound.span, msg::limit_does_not_fit(kind.name()));
        }
    }
    for (low, high, low_key, high_key) in [
        (
            &field.min_length,
            &field.max_length,
            "min_length",
            "max_length",
        ),
        (&field.min_items, &field.max_items, "min_items", "max_items"),
    ] {
        if let (Some(low), Some(high)) = (low, high)
            && low.value > high.value
        {
            report(low.span, msg::min_above_max(low_key, high_key));
        }
    }
    for length in [
        &field.min_length,
        &field.max_length,
        &field.min_items,
        &field.max_items,
    ]
    .into_iter()
    .flatten()
    {
        if length.value < 0 {
            report(length.span, msg::negative_limit());
        }
    }
    let textual = kind.is_textual();
    for (span, key) in [
        (field.min_length.as_ref().map(|l| l.span), "min_length"),
        (field.max_length.as_ref().map(|l| l.span), "max_length"),
        (field.pattern.as_ref().map(|p| p.span), "pattern"),
    ] {
        if let Some(span) = span
            && !textual
        {
            report(span, msg::key_does_not_fit(key, kind.name()));
        }
    }
}

fn check_sections(service: &Service, out: &mut Vec<Diagnostic>) {
    for section in service.sections() {
        if let Some(repeat) = &section.repeat
            && let (Some(min), Some(max)) = (&repeat.min, &repeat.max)
            && min.value > max.value
        {
            let (message, help) = msg::min_above_max("min", "max");
            out.push(
                Diagnostic::new(&MIN_ABOVE_MAX, service.file, min.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

fn check_roles_used(service: &Service, out: &mut Vec<Diagnostic>) {
    let mut used: FxHashSet<&str> = FxHashSet::default();
    for step in &service.process.steps {
        if step.kind() == Some(StepKind::Task)
            && let Some(role) = &step.role
        {
            used.insert(&role.value);
        }
        if let Some(role) = step.deadline.as_ref().and_then(|d| d.escalate_to.as_ref()) {
            used.insert(&role.value);
        }
    }
    for deadline in &service.process.deadlines {
        if let Some(role) = &deadline.escalate_to {
            used.insert(&role.value);
        }
    }
    for role in &service.roles {
        if !role.id.value.is_empty() && !used.contains(role.id.value.as_str()) {
            let (message, help) = msg::unused_role(&role.id.value);
            out.push(
                Diagnostic::new(&UNUSED_ROLE, service.file, role.id.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

/// A deadline's duration must be ISO 8601, and in whole days or weeks when
/// it counts working days.
fn check_duration(file: FileId, deadline: &Deadline, out: &mut Vec<Diagnostic>) {
    let Some(within) = &deadline.within else {
        return;
    };
    match within.value.parse::<DeadlineDuration>() {
        Err(error) => {
            let (message, help) = msg::invalid_duration(&within.value, &error.to_string());
            out.push(
                Diagnostic::new(&INVALID_DURATION, file, within.span, message)
                    .with_optional_help(help),
            );
        }
        Ok(duration)
            if deadline.day_count() == DayCount::Working && duration.has_months_or_years() =>
        {
            let (message, help) = msg::months_in_working_days(&within.value);
            out.push(
                Diagnostic::new(&INVALID_DURATION, file, within.span, message)
                    .with_optional_help(help),
            );
        }
        Ok(_) => {}
    }
}
