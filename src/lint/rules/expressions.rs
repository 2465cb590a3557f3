//! Rules about FEEL expressions: they parse, use known names, and have the
//! type their place needs (a guard is true or false, an amount a number).

use crate::lint::Diagnostic;
use crate::lint::Severity;
use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::model::{Repository, Service};

pub static UNKNOWN_NAME: Rule = Rule {
    code: "OZG204",
    name: "unknown-name",
    summary: "An expression uses a name that is not a field, computed value or decision.",
    severity: Severity::Error,
    explanation: "Expressions may use the fields of the form, computed values, decision \
        tables, `submitted` (the date of the application), and in a task's transitions \
        `decision`. Any other name has no value; it is usually a typo or a field that was \
        renamed.",
    wrong: "when = \"vehicle_lenght > 4.70\"",
    right: "when = \"vehicle_length > 4.70\"",
};

pub static FEEL_SYNTAX: Rule = Rule {
    code: "OZG401",
    name: "feel-syntax",
    summary: "An expression is not valid FEEL.",
    severity: Severity::Error,
    explanation: "Guards, conditions, computed values and amounts are written in FEEL, the \
        expression language of DMN (see docs/feel.md). An expression that cannot be read \
        cannot be evaluated. Common mistakes are `==` instead of `=`, `&&` instead of `and`, \
        and text without double quotes.",
    wrong: "when = 'legal_form == \"gmbh\"'",
    right: "when = 'legal_form = \"gmbh\"'",
};

pub static TYPE_MISMATCH: Rule = Rule {
    code: "OZG402",
    name: "type-mismatch",
    summary: "An expression combines values of kinds that do not fit together.",
    severity: Severity::Error,
    explanation: "A number cannot be compared with a text, a date cannot be added to a \
        number, and so on. Such an expression has no value (`null`) when it is evaluated, so \
        a guard using it never holds and an amount using it is missing.",
    wrong: "when = 'vehicle_length > \"4.70\"'",
    right: "when = \"vehicle_length > 4.70\"",
};

pub static NOT_BOOLEAN: Rule = Rule {
    code: "OZG403",
    name: "not-boolean",
    summary: "A guard or condition that is not true or false.",
    severity: Severity::Error,
    explanation: "Guards (`when`), conditions (`visible`, `required`) and checks (`validate`) \
        must be true or false. An expression with another kind of value, such as a number, \
        never counts as true.",
    wrong: "visible = \"vehicle_count\"",
    right: "visible = \"vehicle_count > 1\"",
};

pub static NOT_A_NUMBER: Rule = Rule {
    code: "OZG404",
    name: "not-a-number",
    summary: "A fee amount or share that is not a number.",
    severity: Severity::Error,
    explanation: "Fee amounts are exact amounts in euros, and shares of a split are \
        fractions; both must be numbers. Write amounts without a currency sign and with a \
        point as decimal separator.",
    wrong: "amount = '\"46,00 €\"'",
    right: "amount = \"46.00\"",
};

/// Checks every expression of a service: that it parses, that it uses
/// only names in scope, and that its type fits its place.
pub fn check_service(_repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    for expression in service.expressions() {
        if let Some(error) = expression.parse_error() {
            out.push(
                Diagnostic::new(
                    &FEEL_SYNTAX,
                    service.file,
                    expression.file_span(error.span),
                    msg::feel_syntax(&error.message),
                )
                .with_optional_help(error.help.clone()),
            );
        }
    }
}
