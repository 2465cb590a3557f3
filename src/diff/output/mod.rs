//! Rendering a [`RepositoryDiff`] for its readers: `human` for a
//! terminal, `markdown` for a merge-request comment (summary tables,
//! collapsible details, Mermaid diagrams of changed processes), `json` for
//! programs. Every format is deterministic, so that outputs can be
//! compared and snapshot-tested. The formats are described in
//! `docs/diff.md`.

pub mod describe;
pub mod human;
pub mod json;
pub mod markdown;

use std::io::{self, Write};

use crate::diff::RepositoryDiff;

/// An output format of `ozg diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Markdown,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Human, Format::Markdown, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "changes grouped by service, for reading in a terminal",
            Format::Markdown => "a merge-request comment with tables, details and diagrams",
            Format::Json => "one JSON object for programs (see docs/diff.md)",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How a report is rendered beyond its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Colour the human format (only on a terminal, and not with `NO_COLOR`).
    pub color: bool,
}

/// Writes the diff in the given format.
pub fn render(
    diff: &RepositoryDiff,
    format: Format,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => out.write_all(human::render(diff, options).as_bytes()),
        Format::Markdown => out.write_all(markdown::render(diff).as_bytes()),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json::to_json(diff))?;
            out.write_all(b"\n")
        }
    }
}
