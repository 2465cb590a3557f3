//! The words of every lint finding, kept apart from the checks.
//!
//! Each function returns a finding's message and, where there is one, a
//! help line that says how to fix it. They are written for administrative
//! staff, not programmers: plain words, the model's own terms, and a
//! concrete fix. A translation replaces this module and nothing else.

use jiff::civil::Date;

use crate::model::ExpiryAction;

/// A message and an optional help line.
pub type Text = (String, Option<String>);

fn with_help(message: String, help: impl Into<String>) -> Text {
    (message, Some(help.into()))
}

fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn toml_syntax(parser_message: &str) -> Text {
    let first_line = parser_message.lines().next().unwrap_or(parser_message);
    with_help(
        format!("this file is not valid TOML: {first_line}"),
        "check quotes, brackets and `=` signs around this place; every text value needs quotes",
    )
}

pub fn not_utf8() -> Text {
    with_help(
        "this file is not UTF-8 text; reading stopped here".to_owned(),
        "save the file with the encoding UTF-8 in your editor",
    )
}

pub fn unknown_key(key: &str, what: &str, suggestion: Option<&str>) -> Text {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "remove it, or see docs/format.md for the keys allowed here".to_owned(),
    };
    with_help(format!("unknown key `{key}` in {}", article(what)), help)
}

pub fn wrong_type(key: &str, expected: &str, found: &str) -> Text {
    let quoted = found == "text";
    let hint = match expected {
        "text" | "expression (text)" => "put the value in quotes",
        "whole number" if found == "decimal number" => {
            "write a whole number, without a decimal point"
        }
        "whole number" | "number" if quoted => "write the number without quotes",
        "whole number" | "number" => "write a number, such as 12 or 4.5",
        "true/false" if quoted => "write `true` or `false` without quotes",
        "true/false" => "write `true` or `false`",
        "date" if quoted => "write the date without quotes, as 2024-01-31",
        "date" => "write the date as 2024-01-31",
        _ => "see docs/format.md for how this key is written",
    };
    with_help(
        format!(
            "`{key}` must be {}, but here it is {}",
            article(expected),
            article(found)
        ),
        hint,
    )
}

pub fn missing_key(key: &str, what: &str) -> Text {
    // What a whole file lacks is one of its tables.
    if what.ends_with("file") || what == "ozg.toml" {
        return with_help(
            format!("the {what} has no `[{key}]` table"),
            format!("add a `[{key}]` table with its keys; see docs/format.md"),
        );
    }
    with_help(
        format!("{} has no `{key}`", capitalized(&article(what))),
        format!("add `{key} = …`; see docs/format.md"),
    )
}

pub fn missing_valid_from() -> Text {
    with_help(
        "the service does not say from when it applies (`valid_from`)".to_owned(),
        "add the day the legal situation takes effect, e.g. `valid_from = 2024-01-01`",
    )
}

pub fn missing_format() -> Text {
    with_help(
        "ozg.toml does not name the format version of the repository".to_owned(),
        "add `format = 1` to the [project] table",
    )
}

pub fn unsupported_format(found: i64) -> Text {
    with_help(
        format!(
            "this repository is written in format version {found}, but this ozg reads version {}",
            crate::model::FORMAT_VERSION
        ),
        "use the ozg version the repository was written for, or update ozg",
    )
}

pub fn invalid_keyword(key: &str, value: &str, allowed: &[&str], suggestion: Option<&str>) -> Text {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("allowed are {}", list(allowed)),
    };
    with_help(format!("`{value}` is not a valid `{key}`"), help)
}

pub fn invalid_id(id: &str) -> Text {
    let proposal = id_proposal(id);
    with_help(
        format!("`{id}` cannot be used as an id"),
        if proposal.is_empty() {
            "ids start with a lower-case letter and use only a-z, 0-9 and _".to_owned()
        } else {
            format!("ids use only lower-case letters, digits and _; for example `{proposal}`")
        },
    )
}

/// An id made from arbitrary text, for suggestions.
fn id_proposal(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ if !out.ends_with('_') && !out.is_empty() => out.push('_'),
            _ => {}
        }
    }
    let trimmed = out
        .trim_end_matches('_')
        .trim_start_matches(|c: char| c.is_ascii_digit());
    trimmed.to_owned()
}

pub fn invalid_date(key: &str) -> Text {
    with_help(
        format!("`{key}` must be a calendar date without a time of day"),
        "write it as 2024-01-31, without quotes",
    )
}

pub fn date_as_text(key: &str, text: &str) -> Text {
    let help = match german_date(text) {
        Some(iso) => format!("write it as a date without quotes: `{key} = {iso}`"),
        None => "write the date without quotes, as 2024-01-31".to_owned(),
    };
    with_help(
        format!("`{key}` is written as text (\"{text}\"), not as a date"),
        help,
    )
}

/// Reads `31.12.2023` or `2023-12-31` written as text, for a suggestion.
fn german_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
        return Some(date.to_string());
    }
    text.trim().parse::<Date>().ok().map(|d| d.to_string())
}

pub fn number_out_of_range(key: &str) -> Text {
    with_help(
        format!("the number in `{key}` cannot be read"),
        "write a plain number such as 12 or 4.70",
    )
}

pub fn folder_mismatch(id: &str, folder: &str) -> Text {
    with_help(
        format!("the service id `{id}` differs from its folder name `{folder}`"),
        format!("rename the folder to `{id}` or change the id to `{folder}`"),
    )
}

pub fn codelist_name_mismatch(id: &str, stem: &str) -> Text {
    with_help(
        format!("the code list id `{id}` differs from its file name `{stem}.toml`"),
        format!("rename the file to `{id}.toml` or change the id to `{stem}`"),
    )
}

pub fn conflicting_keys(keys: &[&str]) -> Text {
    with_help(
        format!("only one of {} may be given here", list(keys)),
        "keep the one that applies and remove the others",
    )
}

pub fn unknown_rule(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion)
        .unwrap_or_else(|| "`ozg explain` lists all rules with their codes and names".into());
    with_help(format!("there is no lint rule `{name}`"), help)
}

pub fn invalid_level(level: &str) -> Text {
    with_help(
        format!("`{level}` is not a severity"),
        "use \"error\", \"warning\", \"info\" or \"off\"",
    )
}

pub fn reserved_name(id: &str) -> Text {
    with_help(
        format!("`{id}` is a name ozg gives itself in expressions and cannot be used as an id"),
        format!("choose another id, such as `{id}_value`"),
    )
}

pub fn duplicate_id(id: &str, what: &str, first_what: &str) -> Text {
    let message = if what == first_what {
        format!("there is already {} with the id `{id}`", article(what))
    } else {
        format!(
            "`{id}` is already the id of {}; this {what} needs another id",
            article(first_what)
        )
    };
    with_help(message, "give each one its own id")
}

pub fn first_defined_here(what: &str) -> String {
    format!("the first {what} with this id")
}

pub fn unknown_step(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| "add a [[step]] with this id".into());
    with_help(format!("there is no step `{name}`"), help)
}

pub fn unknown_role(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| "add a [[role]] with this id".into());
    with_help(format!("there is no role `{name}`"), help)
}

pub fn unknown_codelist(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| {
        format!("add codelists/{name}.toml, or use `external_codelist` for a list kept elsewhere")
    });
    with_help(format!("there is no code list `{name}`"), help)
}

fn action_name(action: ExpiryAction) -> &'static str {
    match action {
        ExpiryAction::Escalate => "escalate",
        ExpiryAction::Transition => "transition",
        ExpiryAction::DeemedApproval => "deemed_approval",
    }
}

pub fn expiry_without_target(action: ExpiryAction, needed: &str) -> Text {
    let what = if needed == "to" {
        "which step the case moves to"
    } else {
        "which role is alerted"
    };
    with_help(
        format!("`{}` does not say {what}", action_name(action)),
        format!("add `{needed} = \"…\"` to the deadline"),
    )
}

pub fn expiry_stray_target(action: ExpiryAction, needed: &str) -> Text {
    with_help(
        format!(
            "this key has no effect with `on_expiry = \"{}\"`",
            action_name(action)
        ),
        format!("for this action use `{needed}`, or change `on_expiry`"),
    )
}

pub fn missing_start() -> Text {
    with_help(
        "the process does not say which step a new case starts in".to_owned(),
        "add `[process]` with `start = \"<step id>\"`",
    )
}

pub fn unknown_start(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| "name one of the steps".into());
    with_help(format!("the start step `{name}` does not exist"), help)
}

pub fn unreachable_step(id: &str) -> Text {
    with_help(
        format!("no case can ever reach the step `{id}`"),
        "add a transition to it, or remove the step if it is no longer needed",
    )
}

pub fn no_way_to_end(id: &str, dead_end: bool) -> Text {
    if dead_end {
        with_help(
            format!("the step `{id}` has no way on, and it is not an end"),
            "add transitions (`next`), or make it `kind = \"end\"` with an outcome",
        )
    } else {
        with_help(
            format!("from the step `{id}` no end can be reached; cases would circle forever"),
            "add a transition out of the cycle towards an end step",
        )
    }
}

pub fn end_with_transitions(id: &str) -> Text {
    with_help(
        format!("the end step `{id}` has transitions, which are never taken"),
        "remove `next`, or change the kind of the step",
    )
}

pub fn step_needs(id: &str, kind: &str, key: &str) -> Text {
    with_help(
        format!("the {kind} step `{id}` needs `{key}`"),
        format!("add `{key} = …`; see docs/format.md, section Process"),
    )
}

pub fn step_key_unused(kind: &str, key: &str, belongs_to: &str) -> Text {
    with_help(
        format!("`{key}` has no effect on {} step", article(kind)),
        format!("`{key}` belongs to {belongs_to} steps; remove it or change `kind`"),
    )
}

pub fn guard_on_parallel(kind: &str) -> Text {
    with_help(
        format!("transitions of {} step take no condition", article(kind)),
        "remove `when`; a split takes all its transitions at once",
    )
}

pub fn split_needs_branches(id: &str) -> Text {
    with_help(
        format!("the split `{id}` starts fewer than two branches"),
        "give it two or more transitions, or make it an automatic step",
    )
}

pub fn join_single_exit(id: &str) -> Text {
    with_help(
        format!("the join `{id}` has more than one transition"),
        "a join goes on along one transition; route further in a following step",
    )
}

pub fn default_not_last(id: &str, hidden: usize) -> Text {
    let later = if hidden == 1 {
        "the transition after it is"
    } else {
        "the transitions after it are"
    };
    with_help(
        format!("this transition of `{id}` has no condition, so {later} never taken"),
        "move the transition without `when` to the end of `next`",
    )
}

pub fn undeclared_outcome(
    variable: &str,
    value: &str,
    step: &str,
    suggestion: Option<&str>,
) -> Text {
    let what = if variable == "decision" {
        "decisions"
    } else {
        "events"
    };
    let help = did_you_mean(suggestion).unwrap_or_else(|| {
        format!("add \"{value}\" to the {what} of `{step}`, or test for a declared one")
    });
    with_help(
        format!("`{step}` does not declare \"{value}\" among its {what}, so this never holds"),
        help,
    )
}

pub fn unhandled_decision(decision: &str, step: &str) -> Text {
    with_help(
        format!("no transition of `{step}` handles the decision \"{decision}\""),
        format!(
            "add a transition with `when = 'decision = \"{decision}\"'`, or a default transition"
        ),
    )
}

pub fn guard_overlap(variable: &str, values: &str, earlier_target: &str) -> Text {
    with_help(
        format!(
            "when `{variable}` is {values}, this condition and an earlier one both hold; \
             the earlier transition (to `{earlier_target}`) is taken"
        ),
        "if that is not intended, change the boundaries so the conditions do not overlap",
    )
}

pub fn earlier_guard() -> String {
    "the earlier condition".to_owned()
}

pub fn guard_gap(step: &str, variable: &str, values: &str) -> Text {
    with_help(
        format!(
            "when `{variable}` is {values}, no transition of `{step}` applies and the case is stuck"
        ),
        "cover these values with a condition, or add a transition without `when` at the end",
    )
}

pub fn split_without_join(id: &str, leaks: bool) -> Text {
    if leaks {
        with_help(
            format!("a branch of the split `{id}` ends without passing a join"),
            "lead every branch into the same join step before the case can end",
        )
    } else {
        with_help(
            format!("the branches of the split `{id}` do not meet in one join"),
            "lead every branch into the same join step",
        )
    }
}

pub fn join_without_split(id: &str) -> Text {
    with_help(
        format!("the join `{id}` closes no split"),
        "a join waits for the branches of a split; use an automatic step otherwise",
    )
}

pub fn external_codelist_declared(id: &str) -> Text {
    with_help(
        format!("the code list `{id}` is kept elsewhere; its entries cannot be checked"),
        "if the list is small and stable, add its entries here",
    )
}

pub fn codelist_without_entries(id: &str) -> Text {
    with_help(
        format!("the code list `{id}` has neither `entries` nor `external`"),
        "list its entries, or declare where it is kept with `external = { id, version }`",
    )
}

pub fn external_codelist_field(id: &str) -> Text {
    with_help(
        format!("the options of `{id}` come from an external code list that ozg cannot check"),
        "codes used in conditions and scenarios are not verified against it",
    )
}

pub fn unknown_state(code: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| {
        "use one of BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH".into()
    });
    with_help(format!("`{code}` is not a German federal state"), help)
}

pub fn no_state() -> Text {
    with_help(
        "the service does not say which federal state's public holidays apply".to_owned(),
        "add `state = \"BW\"` (or the right code) here or under [project] in ozg.toml",
    )
}

pub fn leika_format(leika: &str) -> Text {
    let digits = leika.chars().filter(char::is_ascii_digit).count();
    with_help(
        format!(
            "a LeiKa key has 14 digits, but `{leika}` has {digits} digits and {} other characters",
            leika.chars().count() - digits
        ),
        "copy the key from the federal service catalogue, or leave it out if it is not known",
    )
}

pub fn validity_order(from: Date, until: Date) -> Text {
    with_help(
        format!("`valid_until` ({until}) is not after `valid_from` ({from})"),
        "check the two dates; the version applies from `valid_from` to `valid_until`",
    )
}

pub fn valid_from_here() -> String {
    "valid_from is set here".to_owned()
}

pub fn fee_without_legal_basis(id: &str) -> Text {
    with_help(
        format!("the fee `{id}` does not name its legal basis"),
        "add `legal_basis = \"…\"` with the fee schedule entry it rests on",
    )
}

pub fn deadline_without_legal_basis(id: &str) -> Text {
    with_help(
        format!("the deadline `{id}` does not name its legal basis"),
        "add `legal_basis = \"…\"` with the law that sets the deadline",
    )
}

pub fn invalid_duration(text: &str, problem: &str) -> Text {
    with_help(
        format!("`{text}` is not a valid duration: {problem}"),
        "write ISO 8601 durations such as P14D (14 days), P2W (2 weeks), P3M (3 months), P1Y",
    )
}

pub fn months_in_working_days(text: &str) -> Text {
    with_help(
        format!("`{text}` counts months or years, but this deadline counts working days"),
        "give working-day deadlines in days or weeks (P10D, P2W), or use `days = \"calendar\"`",
    )
}

pub fn field_without_label(id: &str) -> Text {
    with_help(
        format!("the field `{id}` has no label"),
        "add `label = \"…\"` with the question the applicant sees",
    )
}

pub fn display_without_text(id: &str) -> Text {
    with_help(
        format!("the display field `{id}` has no text"),
        "add `text = \"…\"` with what the applicant should read",
    )
}

pub fn choice_without_options(id: &str) -> Text {
    with_help(
        format!("the choice field `{id}` has nothing to choose from"),
        "add `options = [...]`, `codelist = \"…\"` or `external_codelist = { … }`",
    )
}

pub fn options_on_non_choice(id: &str, kind: &str) -> Text {
    with_help(
        format!("the field `{id}` is of type `{kind}`, so its options are never offered"),
        "make it `type = \"choice\"`, or remove the options",
    )
}

pub fn min_above_max(low: &str, high: &str) -> Text {
    with_help(
        format!("`{low}` is greater than `{high}`, so no answer can be valid"),
        "check the two values; perhaps they are swapped".to_string(),
    )
}

pub fn limit_does_not_fit(kind: &str) -> Text {
    with_help(
        format!("this limit does not fit a field of type `{kind}`"),
        "numbers limit number fields, dates limit date fields",
    )
}

pub fn key_does_not_fit(key: &str, kind: &str) -> Text {
    with_help(
        format!("`{key}` has no effect on a field of type `{kind}`"),
        "lengths and patterns apply to text fields only",
    )
}

pub fn negative_limit() -> Text {
    with_help(
        "a length or count cannot be negative".to_owned(),
        "use 0 or more",
    )
}

pub fn invalid_pattern(error: &str) -> Text {
    let first = error.lines().last().unwrap_or(error).trim();
    with_help(
        format!("this pattern is not a valid regular expression: {first}"),
        "check brackets and backslashes; in TOML, write patterns in single quotes",
    )
}

pub fn rule_cells(cells: usize, inputs: usize) -> Text {
    with_help(
        format!("this rule has {cells} cells, but the table has {inputs} inputs"),
        "give one cell per input, in order; use \"-\" where the rule does not care",
    )
}

pub fn condition_cycle(what: &str, names: &[&str]) -> Text {
    let circle = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let message = if names.len() <= 2 {
        format!("this {what} depends on itself: {circle}")
    } else {
        format!("these depend on each other in a circle: {circle}")
    };
    with_help(
        message,
        "break the circle: one of them must not depend on the others",
    )
}

pub fn unused_computed(what: &str, id: &str) -> Text {
    with_help(
        format!("no expression uses the {what} `{id}`"),
        "remove it, or use it where it was meant to apply",
    )
}

pub fn overlapping_rules(earlier: usize, later: usize, example: &str) -> Text {
    let when = if example.is_empty() {
        String::new()
    } else {
        format!(" when {example}")
    };
    with_help(
        format!("rule {later} and rule {earlier} both match{when}, but the hit policy is `unique`"),
        "narrow the rules so only one matches, or use `hit_policy = \"first\"` if order decides",
    )
}

pub fn overlapping_rule_here(number: usize) -> String {
    format!("rule {number}")
}

pub fn split_sum(fee: &str, shares: &str, sum: &str) -> Text {
    with_help(
        format!("the shares of the fee `{fee}` add up to {sum} ({shares}), not to the whole fee"),
        "make the shares add up to 1",
    )
}

pub fn feel_syntax(parser_message: &str) -> String {
    format!("this expression cannot be read: {parser_message}")
}

pub fn scenario_without_service(folder: &str) -> Text {
    with_help(
        format!("there is no service in the folder `services/{folder}` for this scenario"),
        "move the scenario into the scenarios folder of its service",
    )
}

pub fn scenario_date_order(on: Date, previous: Option<Date>) -> Text {
    let before = previous.map_or_else(String::new, |p| format!(" ({p})"));
    with_help(
        format!("this event on {on} happens before the one before it{before}"),
        "events happen in the order written; check the dates",
    )
}

pub fn scenario_unknown_step(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| "name a step of the service".into());
    with_help(format!("the service has no step `{name}`"), help)
}

pub fn scenario_step_kind(name: &str, kind: &str) -> Text {
    with_help(
        format!("the step `{name}` is not a {kind} step, so it takes no such action"),
        "decisions go to task steps, events to wait steps",
    )
}

pub fn scenario_unknown_decision(value: &str, step: &str, suggestion: Option<&str>) -> Text {
    let message = if step.is_empty() {
        format!("no step of the service declares \"{value}\"")
    } else {
        format!("the step `{step}` does not declare \"{value}\"")
    };
    let help = did_you_mean(suggestion)
        .unwrap_or_else(|| "use one of the decisions or events the step declares".into());
    with_help(message, help)
}

pub fn scenario_unknown_item(what: &str, name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| format!("name a {what} of the service"));
    with_help(format!("the service has no {what} `{name}`"), help)
}

pub fn scenario_unknown_field(name: &str, suggestion: Option<&str>) -> Text {
    let help = did_you_mean(suggestion).unwrap_or_else(|| "name a field of the form".into());
    with_help(format!("the form has no field `{name}`"), help)
}

pub fn not_boolean(found: &str) -> Text {
    with_help(
        format!("this must be true or false, but it gives a value of type {found}"),
        "compare the value with something, e.g. `count > 1` or `kind = \"x\"`",
    )
}

pub fn not_a_number(found: &str) -> Text {
    with_help(
        format!("this must be a number, but it gives a value of type {found}"),
        "write amounts as numbers without currency sign, with a point: 46.00",
    )
}

pub fn case_deadline_from_entry(id: &str) -> Text {
    with_help(
        format!(
            "the case deadline `{id}` cannot count from entering a step; it belongs to no step"
        ),
        "use `from = \"submitted\"`, or put the deadline on the step it belongs to",
    )
}

pub fn unused_role(id: &str) -> Text {
    with_help(
        format!("no task and no escalation uses the role `{id}`"),
        "remove the role, or assign it to a task",
    )
}

/// "a field", "an error", ... for messages.
fn article(what: &str) -> String {
    let starts_with_vowel = what
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c))
        && !what.starts_with("uni");
    if what.starts_with('[') || what.contains("toml") || what.starts_with('`') {
        format!("the {what}")
    } else if starts_with_vowel {
        format!("an {what}")
    } else {
        format!("a {what}")
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_the_german_way_get_a_concrete_fix() {
        let (_, help) = date_as_text("valid_from", "01.12.2023");
        assert_eq!(
            help.unwrap(),
            "write it as a date without quotes: `valid_from = 2023-12-01`"
        );
    }

    #[test]
    fn ids_are_proposed_from_free_text() {
        assert_eq!(id_proposal("Prüfung Antrag"), "pruefung_antrag");
        assert_eq!(id_proposal("Review Step"), "review_step");
    }
}
