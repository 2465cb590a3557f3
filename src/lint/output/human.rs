//! The human format: diagnostics as a compiler prints them.
//!
//! Each finding shows its severity, code and rule name, the message, the
//! file with line and column, the lines around the place with the spot
//! underlined, the related places (each with its own snippet), and the
//! help line. The drawing is done by miette's graphical handler.
//!
//! miette counts columns in bytes, while ozg counts characters (a German
//! label with an umlaut before the spot would otherwise shift the column).
//! So the location shown in the snippet's frame is computed here and given
//! to miette as the snippet's name, with miette's own position turned off.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceCode, SourceSpan,
};

use super::{Options, display_path, messages};
use crate::lint::{Finding, Report, Severity};
use crate::source::{LineCol, SourceFile, Span};

/// Writes every finding (only errors when quiet) and, unless quiet, the
/// summary line.
pub fn render(report: &Report, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(options);
    let mut texts = Texts::default();
    for finding in report.findings() {
        if options.quiet && finding.severity != Severity::Error {
            continue;
        }
        let diagnostic = HumanDiagnostic::new(&finding, &mut texts);
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, &diagnostic)
            .map_err(|_| io::Error::other("a finding could not be formatted"))?;
        writeln!(out, "{}", rendered.trim_end())?;
        writeln!(out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", super::summary(report))?;
    }
    Ok(())
}

fn handler(options: &Options) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(options.width)
        .without_primary_span_start()
        .with_show_related_as_nested(true)
        .without_syntax_highlighting()
}

/// The text of each file, shared by all findings in it, so that a file
/// with many findings is copied once.
#[derive(Default)]
struct Texts {
    by_file: HashMap<usize, Arc<String>>,
}

impl Texts {
    fn get(&mut self, file: &SourceFile) -> Arc<String> {
        let key = std::ptr::from_ref(file) as usize;
        Arc::clone(
            self.by_file
                .entry(key)
                .or_insert_with(|| Arc::new(printable(&file.text))),
        )
    }
}

/// The text with every control character but tab and line ends replaced
/// by `?`, so that a stray escape sequence in a model file cannot act on
/// the terminal. One-byte characters are replaced by one byte and the
/// two-byte C1 controls by two, so every span keeps its offsets.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

type Snippet = NamedSource<Arc<String>>;

/// Lines longer than this are cut around the spot when shown.
const LONGEST_LINE: usize = 400;

/// The snippet of a finding and its spot in it. Usually that is the whole
/// file; when a line around the spot is very long (a minified or broken
/// file), it is only the spot's line, cut to a window around the spot
/// after as many empty lines as keep its line number right.
fn snippet(
    texts: &mut Texts,
    file: &SourceFile,
    start: LineCol,
    span: Span,
) -> (Snippet, SourceSpan) {
    let name = format!("{}:{}:{}", display_path(file), start.line, start.column);
    let text = texts.get(file);
    let at = span.range().start.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let shown_start = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let shown_end = text
        .get(line_end + 1..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| line_end + 1 + i);
    if text[shown_start..shown_end]
        .lines()
        .all(|line| line.len() <= LONGEST_LINE)
    {
        return (NamedSource::new(name, text), source_span(span));
    }
    let mut from = at.saturating_sub(LONGEST_LINE / 2).max(line_start);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + LONGEST_LINE / 2).min(line_end);
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let mut excerpt = "\n".repeat(start.line.saturating_sub(1));
    if from > line_start {
        excerpt.push('…');
    }
    let offset = excerpt.len() + (at - from);
    excerpt.push_str(&text[from..to]);
    if to < line_end {
        excerpt.push('…');
    }
    let len = span.len().min(to - at);
    (
        NamedSource::new(name, Arc::new(excerpt)),
        SourceSpan::new(offset.into(), len),
    )
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.range().start.into(), span.len())
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// One finding, in the shape miette renders.
struct HumanDiagnostic {
    heading: String,
    message: String,
    severity: Severity,
    help: Option<String>,
    source: Snippet,
    span: SourceSpan,
    related: Vec<RelatedPlace>,
}

impl HumanDiagnostic {
    fn new(finding: &Finding<'_>, texts: &mut Texts) -> Self {
        let (source, span) = snippet(texts, finding.file, finding.start, finding.span);
        HumanDiagnostic {
            heading: messages::heading(finding.severity, finding.rule.code, finding.rule.name),
            message: finding.message.to_owned(),
            severity: finding.severity,
            help: finding.help.map(str::to_owned),
            source,
            span,
            related: finding
                .related
                .iter()
                .map(|r| {
                    let (source, span) = snippet(texts, r.file, r.start, r.span);
                    RelatedPlace {
                        message: r.message.to_owned(),
                        source,
                        span,
                    }
                })
                .collect(),
        }
    }
}

impl fmt::Debug for HumanDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HumanDiagnostic")
            .field("heading", &self.heading)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for HumanDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HumanDiagnostic {}

impl MietteDiagnostic for HumanDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.heading))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.severity))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, self.span),
        )))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn MietteDiagnostic),
        ))
    }
}

/// A place that explains a finding, such as the first of two duplicates.
struct RelatedPlace {
    message: String,
    source: Snippet,
    span: SourceSpan,
}

impl fmt::Debug for RelatedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelatedPlace")
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for RelatedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedPlace {}

impl MietteDiagnostic for RelatedPlace {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, self.span),
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{printable, render};
    use crate::lint::output::Options;
    use crate::lint::{Diagnostic, Report, RepositoryReport, find_rule};
    use crate::source::{SourceFile, SourceMap, Span};

    const SERVICE: &str = "[[field]]\nid = \"größe\"\nlabel = \"Größe\", codelist = \"farben\"\n";
    const CODELIST: &str = "[codelist]\nid = \"farbe\"\n";

    /// A report with a finding after umlauts on its line, pointing at a
    /// related place in another file, and a warning.
    fn report() -> Report {
        let mut sources = SourceMap::default();
        let service = sources.add(SourceFile::new("services/a/service.toml", SERVICE));
        let codelist = sources.add(SourceFile::new("codelists/farbe.toml", CODELIST));
        let at = |text: &str, needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let unknown = Diagnostic::new(
            find_rule("OZG203").unwrap(),
            service,
            at(SERVICE, "\"farben\""),
            "there is no code list `farben`",
        )
        .with_help("did you mean `farbe`?")
        .with_related(codelist, at(CODELIST, "\"farbe\""), "the code list `farbe`");
        let unused = Diagnostic::new(
            find_rule("OZG512").unwrap(),
            service,
            at(SERVICE, "\"größe\""),
            "nothing uses `größe`",
        );
        Report {
            repositories: vec![RepositoryReport {
                root: PathBuf::from("."),
                sources,
                diagnostics: vec![unknown, unused],
                files_checked: 2,
            }],
        }
    }

    fn rendered(options: &Options) -> String {
        let mut out = Vec::new();
        render(&report(), options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn related_place_in_another_file_gets_its_own_snippet() {
        insta::assert_snapshot!(rendered(&Options::default()));
    }

    #[test]
    fn location_column_counts_characters_not_bytes() {
        // `label = "Größe", codelist = ` has 28 characters but 30 bytes.
        let text = rendered(&Options::default());
        assert!(text.contains("[services/a/service.toml:3:29]"), "{text}");
    }

    #[test]
    fn a_very_long_line_is_shown_cut_around_the_spot_with_its_line_number() {
        let text = format!("[service]\nnote = \"{}\" oops = 1\n", "x".repeat(100_000));
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("services/a/service.toml", &text));
        let start = text.find("oops").unwrap();
        let finding = Diagnostic::new(
            find_rule("OZG101").unwrap(),
            file,
            Span::new(start, start + 4),
            "this file is not valid TOML",
        );
        let report = Report {
            repositories: vec![RepositoryReport {
                root: PathBuf::from("."),
                sources,
                diagnostics: vec![finding],
                files_checked: 1,
            }],
        };
        let mut out = Vec::new();
        render(&report, &Options::default(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.len() < 3_000, "{} bytes", out.len());
        assert!(out.contains(" 2 │ …x"), "{out}");
        assert!(out.contains("oops = 1"), "{out}");
        assert!(out.contains("services/a/service.toml:2:"), "{out}");
    }

    #[test]
    fn control_characters_of_the_model_are_not_written_to_the_terminal() {
        let text = "a = \"\u{1b}[31mred\u{0}\u{85}\"\n";
        let shown = printable(text);
        assert_eq!(shown, "a = \"?[31mred???\"\n");
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn colour_only_when_asked_for() {
        assert!(!rendered(&Options::default()).contains('\u{1b}'));
        let coloured = Options {
            color: true,
            ..Options::default()
        };
        assert!(rendered(&coloured).contains('\u{1b}'));
    }

    #[test]
    fn quiet_shows_only_errors_and_no_summary() {
        let quiet = Options {
            quiet: true,
            ..Options::default()
        };
        let text = rendered(&quiet);
        assert!(text.contains("error[OZG203] unknown-codelist"), "{text}");
        assert!(!text.contains("OZG512"), "{text}");
        assert!(!text.contains("in 2 files"), "{text}");
    }
}
