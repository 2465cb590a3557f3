//! Rendering a lint [`Report`] for people and for CI systems.
//!
//! One report, six formats: `human` reads like a compiler's diagnostics;
//! `json` is the project's own machine format; `sarif`, `github`, `gitlab`
//! and `junit` are the formats that code scanning, workflow annotations,
//! merge request widgets and test reporters read. Each format is one
//! module; [`render`] picks one. Every format is deterministic: the same
//! report always renders to the same bytes, so that CI output can be
//! compared and snapshot-tested. The formats are described for their
//! readers in `docs/output.md`.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod messages;
pub mod sarif;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::lint::{Report, Severity};

/// An output format of `ozg lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Compiler-like diagnostics with source snippets, for people.
    #[default]
    Human,
    /// A JSON array of findings (see `docs/output.md`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations.
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
    /// `JUnit` XML, for test report widgets.
    Junit,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
        }
    }

    /// What the format is for, in one line (for `--help`).
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "diagnostics with source snippets, for reading",
            Format::Json => "a JSON array of findings",
            Format::Sarif => "SARIF 2.1.0, for GitHub code scanning",
            Format::Github => "GitHub Actions annotations",
            Format::Gitlab => "GitLab Code Quality report",
            Format::Junit => "JUnit XML, for test report widgets",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given is not an output format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", messages::unknown_format(.0))]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::from_name(s).ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// How a report is rendered, beyond its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Colour the human format (only when writing to a terminal).
    pub color: bool,
    /// Width in columns at which the human format wraps text.
    pub width: usize,
    /// Human format: show only errors, and no summary line.
    pub quiet: bool,
    /// Warnings fail the run, like errors (`JUnit`: they become failures).
    pub deny_warnings: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            color: false,
            width: 100,
            quiet: false,
            deny_warnings: false,
        }
    }
}

impl Options {
    /// Colour and width for a report that goes to a terminal or elsewhere.
    /// Colour is used only for the human format on a terminal, and never
    /// when the user asked for none (`NO_COLOR`); a file or a pipe gets a
    /// fixed width, so that the report is the same on every machine.
    pub fn for_destination(
        format: Format,
        on_terminal: bool,
        no_color: bool,
        terminal_width: Option<usize>,
    ) -> Options {
        let fixed = Options::default();
        Options {
            color: format == Format::Human && on_terminal && !no_color,
            width: match terminal_width {
                Some(width) if on_terminal => width.max(20),
                _ => fixed.width,
            },
            ..fixed
        }
    }
}

/// Whether the value of the environment variable `NO_COLOR` asks for no
/// colour: it does when it is set to anything but the empty string.
pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Writes the report in the given format.
pub fn render(
    report: &Report,
    format: Format,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Junit => junit::render(report, options, out),
    }
}

/// Whether a finding of this severity fails the run. Information never
/// does; warnings do only when they are denied.
pub fn fails_run(severity: Severity, deny_warnings: bool) -> bool {
    match severity {
        Severity::Error => true,
        Severity::Warning => deny_warnings,
        Severity::Info => false,
    }
}

/// Whether the report fails the run (exit code 1 of `ozg lint`).
pub fn report_fails(report: &Report, deny_warnings: bool) -> bool {
    [Severity::Error, Severity::Warning]
        .into_iter()
        .any(|s| fails_run(s, deny_warnings) && report.count(s) > 0)
}

/// The one-line summary: "2 errors, 1 warning in 12 files" or "no problems
/// found in 12 files".
pub fn summary(report: &Report) -> String {
    messages::summary(
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.files_checked(),
    )
}

/// The path of a file as the user reached it, with `/` separators and
/// without a leading `./`, as annotations and people read it best.
pub(crate) fn display_path(file: &crate::source::SourceFile) -> String {
    let path = file.path.to_string_lossy().replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn only_errors_fail_unless_warnings_are_denied() {
        assert!(fails_run(Severity::Error, false));
        assert!(!fails_run(Severity::Warning, false));
        assert!(fails_run(Severity::Warning, true));
        assert!(!fails_run(Severity::Info, true));
    }

    #[test]
    fn colour_only_for_the_human_format_on_a_terminal_without_no_color() {
        assert!(Options::for_destination(Format::Human, true, false, Some(80)).color);
        assert!(!Options::for_destination(Format::Human, true, true, Some(80)).color);
        assert!(!Options::for_destination(Format::Human, false, false, None).color);
        assert!(!Options::for_destination(Format::Json, true, false, Some(80)).color);
    }

    #[test]
    fn width_is_fixed_unless_on_a_terminal() {
        assert_eq!(
            Options::for_destination(Format::Human, true, false, Some(132)).width,
            132
        );
        assert_eq!(
            Options::for_destination(Format::Human, false, false, Some(132)).width,
            100
        );
        assert_eq!(
            Options::for_destination(Format::Human, true, false, None).width,
            100
        );
    }

    #[test]
    fn empty_no_color_does_not_count() {
        use std::ffi::OsStr;
        assert!(no_color_requested(Some(OsStr::new("1"))));
        assert!(!no_color_requested(Some(OsStr::new(""))));
        assert!(!no_color_requested(None));
    }

    #[test]
    fn leading_dot_segments_are_dropped_from_displayed_paths() {
        let file = crate::source::SourceFile::new("./././services/a/service.toml", "");
        assert_eq!(display_path(&file), "services/a/service.toml");
    }
}
