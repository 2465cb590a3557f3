//! `ozg explain [RULE]`: the documentation of a lint rule, or the list of
//! all rules. The text comes from the library, the same as `docs/rules.md`.

use std::io::Write;
use std::process::ExitCode;

use ozg::lint::rules::{RULES, Rule, docs, find_rule};

use super::EXIT_ERROR;

/// Explain a lint rule: what it checks, why, and how to fix a finding
///
/// Without a rule, lists every rule with its code, name, default severity
/// and summary.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule's code (`OZG302`) or name (`unreachable-step`)
    #[arg(value_name = "RULE")]
    rule: Option<String>,
}

pub fn run(args: &Args) -> ExitCode {
    let text = match &args.rule {
        None => docs::index(),
        Some(wanted) => {
            let Some(rule) = lookup(wanted) else {
                eprintln!("{}", messages::unknown_rule(wanted, suggestion(wanted)));
                return ExitCode::from(EXIT_ERROR);
            };
            docs::markdown(rule)
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", messages::cannot_write(&e));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The rule by code (any case) or by name (any case).
fn lookup(wanted: &str) -> Option<&'static Rule> {
    let wanted = wanted.trim();
    find_rule(wanted).or_else(|| find_rule(&wanted.to_lowercase()))
}

/// The rule whose code or name is closest to a mistyped one.
fn suggestion(wanted: &str) -> Option<&'static Rule> {
    let candidates = RULES.iter().flat_map(|r| [r.code, r.name]);
    let closest = ozg::suggest::closest(wanted, candidates)?;
    find_rule(closest)
}

mod messages {
    use ozg::lint::rules::Rule;

    pub fn unknown_rule(wanted: &str, suggestion: Option<&Rule>) -> String {
        let help = match suggestion {
            Some(rule) => format!("did you mean {} ({})?", rule.code, rule.name),
            None => "`ozg explain` without a rule lists all rules".to_owned(),
        };
        format!("error: there is no lint rule `{wanted}`\nhelp: {help}")
    }

    pub fn cannot_write(error: &std::io::Error) -> String {
        format!("error: cannot write the explanation: {error}")
    }
}
