//! `ozg eval`: evaluates one FEEL expression and prints its value.
//!
//! Variables are given as FEEL literals (`--var fee=46.00`,
//! `--var birth_date='date("1990-05-01")'`). The result is printed as a
//! FEEL literal or, with `--format json`, as typed JSON. Exit codes: 0 when
//! the expression was evaluated (a null result included), 2 when the
//! expression or a variable could not be read.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::ValueEnum;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};

use ozg::feel::eval::compile;
use ozg::feel::names::free_names;
use ozg::feel::parser::{ParseError, parse_expression, parse_expression_with};
use ozg::feel::value::Value;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The FEEL expression, e.g. `if age < 24 then 27.60 else 46.00`.
    pub expression: String,

    /// A variable as NAME=VALUE, where VALUE is a FEEL literal
    /// (`--var age=30`, `--var birth_date='date("1990-05-01")'`).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Feel)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A FEEL literal: `46.00`, `"text"`, `date("2026-02-28")`.
    Feel,
    /// Typed JSON: `{"type": "number", "value": "46.00"}`.
    Json,
}

/// What the user is told; kept apart from the logic so that it can be
/// translated.
mod messages {
    pub fn var_without_equals(var: &str) -> String {
        format!("the variable `{var}` has no value")
    }

    pub fn var_without_equals_help() -> &'static str {
        "write the variable as NAME=VALUE, for example --var fee=46.00"
    }

    pub fn var_without_name(var: &str) -> String {
        format!("the variable `{var}` has no name before `=`")
    }

    pub fn bad_var_value(name: &str) -> String {
        format!("the value of the variable `{name}` is not a valid FEEL literal")
    }

    pub fn unknown_name(name: &str, suggestion: Option<&str>) -> String {
        let hint = match suggestion {
            Some(s) => format!("; did you mean `{s}`?"),
            None => format!(": give it with --var {name}=VALUE"),
        };
        format!("warning: `{name}` has no value, so it counts as null{hint}")
    }

    pub fn var_source(name: &str) -> String {
        format!("value of --var {name}")
    }

    pub const EXPRESSION_SOURCE: &str = "expression";

    pub const LABEL: &str = "here";
}

/// A problem with the command line, rendered with the text it is about.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
struct InputError {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl InputError {
    fn plain(message: String, text: &str, help: Option<String>) -> Self {
        InputError {
            message,
            source_code: NamedSource::new("--var", text.to_owned()),
            span: None,
            label: String::new(),
            help,
        }
    }

    /// A syntax error in the expression itself.
    fn in_expression(error: ParseError, text: &str) -> Self {
        InputError {
            message: error.message,
            source_code: NamedSource::new(messages::EXPRESSION_SOURCE, text.to_owned()),
            span: Some(SourceSpan::from(error.span.range())),
            label: messages::LABEL.to_owned(),
            help: error.help,
        }
    }

    /// A syntax error in a variable's value: the headline names the
    /// variable, the label says what is wrong where.
    fn in_variable(error: ParseError, name: &str, text: &str) -> Self {
        InputError {
            message: messages::bad_var_value(name),
            source_code: NamedSource::new(messages::var_source(name), text.to_owned()),
            span: Some(SourceSpan::from(error.span.range())),
            label: error.message,
            help: error.help,
        }
    }
}

pub fn run(args: &Args) -> ExitCode {
    match evaluate(args) {
        Ok(value) => {
            match args.format {
                Format::Feel => println!("{value}"),
                Format::Json => println!("{}", value.to_json()),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", render(&error));
            ExitCode::from(2)
        }
    }
}

fn evaluate(args: &Args) -> Result<Value, Box<InputError>> {
    let mut names: Vec<String> = Vec::with_capacity(args.vars.len());
    let mut values: Vec<Value> = Vec::with_capacity(args.vars.len());
    for var in &args.vars {
        let (name, value) = variable(var)?;
        // A later --var of the same name wins, as in a shell.
        if let Some(i) = names.iter().position(|n| *n == name) {
            values[i] = value;
        } else {
            names.push(name);
            values.push(value);
        }
    }
    let expr = parse_expression_with(&args.expression, &names)
        .map_err(|error| Box::new(InputError::in_expression(error, &args.expression)))?;
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    // FEEL gives an unknown name the value null, which silently changes
    // the result of a typo; say so, without changing the result.
    let mut warned: Vec<&str> = Vec::new();
    for (name, _) in free_names(&expr) {
        if !name_refs.contains(&name) && !warned.contains(&name) {
            warned.push(name);
            let suggestion = ozg::suggest::closest(name, name_refs.iter().copied());
            eprintln!("{}", messages::unknown_name(name, suggestion));
        }
    }
    Ok(compile(&expr, &name_refs).eval(&values))
}

/// Reads `NAME=VALUE`; the value is any FEEL expression without variables,
/// usually a literal.
fn variable(var: &str) -> Result<(String, Value), Box<InputError>> {
    let Some((name, text)) = var.split_once('=') else {
        return Err(Box::new(InputError::plain(
            messages::var_without_equals(var),
            var,
            Some(messages::var_without_equals_help().to_owned()),
        )));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(Box::new(InputError::plain(
            messages::var_without_name(var),
            var,
            None,
        )));
    }
    let expr = parse_expression(text)
        .map_err(|error| Box::new(InputError::in_variable(error, name, text)))?;
    Ok((name.to_owned(), compile(&expr, &[]).eval(&[])))
}

fn render(error: &InputError) -> String {
    let theme = if std::io::stderr().is_terminal() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    // Rendering into a String cannot fail.
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut out, error);
    out
}
