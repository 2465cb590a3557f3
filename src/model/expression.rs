//! FEEL expressions as they appear in model files.
//!
//! An expression is written inside a TOML string, so a position within the
//! expression is not simply a position within the file: escapes (`\"`) and
//! the trimmed first line break of multi-line strings shift it. Each
//! [`Expression`] keeps what is needed to translate its own positions into
//! file positions, so that a finding about `vehicle_lenght` in a guard
//! points at exactly those characters in the file.

use crate::feel::ast::{Expr, UnaryTests};
use crate::feel::parser::{ParseError, parse_expression, parse_unary_tests};
use crate::source::Span;

/// A FEEL expression (or a cell of unary tests) with its place in a file,
/// parsed once when the file is loaded.
#[derive(Debug, Clone)]
pub struct Expression {
    /// The expression text, with TOML escapes resolved.
    pub text: String,
    /// The span of the whole TOML string, quotes included.
    pub span: Span,
    offsets: Offsets,
    pub syntax: Syntax,
}

/// What the text was parsed as, and the result.
#[derive(Debug, Clone)]
pub enum Syntax {
    Expression(Result<Expr, ParseError>),
    /// A decision table cell.
    UnaryTests(Result<UnaryTests, ParseError>),
}

#[derive(Debug, Clone)]
enum Offsets {
    /// The text appears in the file unchanged, starting at this offset.
    Verbatim(u32),
    /// For each byte of the text, and one past its end, the file offset.
    Mapped(Box<[u32]>),
}

impl Expression {
    /// An expression read from the TOML string at `span`, whose source text
    /// (quotes included) is `raw` and whose decoded value is `text`.
    pub fn from_feel(text: String, span: Span, raw: &str) -> Self {
        let syntax = Syntax::Expression(parse_expression(&text));
        Expression::new(text, span, raw, syntax)
    }

    /// A decision table cell of unary tests, read like [`Expression::from_feel`].
    pub fn from_cell(text: String, span: Span, raw: &str) -> Self {
        let syntax = Syntax::UnaryTests(parse_unary_tests(&text));
        Expression::new(text, span, raw, syntax)
    }

    /// The parsed expression, if it is one and it parsed.
    pub fn expr(&self) -> Option<&Expr> {
        match &self.syntax {
            Syntax::Expression(Ok(expr)) => Some(expr),
            _ => None,
        }
    }

    /// The parsed unary tests, if they are and they parsed.
    pub fn tests(&self) -> Option<&UnaryTests> {
        match &self.syntax {
            Syntax::UnaryTests(Ok(tests)) => Some(tests),
            _ => None,
        }
    }

    pub fn parse_error(&self) -> Option<&ParseError> {
        match &self.syntax {
            Syntax::Expression(Err(e)) | Syntax::UnaryTests(Err(e)) => Some(e),
            _ => None,
        }
    }

    fn new(text: String, span: Span, raw: &str, syntax: Syntax) -> Self {
        // Most expressions are written between single quotes, or between
        // double quotes without escapes: the text then stands in the file
        // as it is, one character after the opening quote.
        let quoted = |q: char| {
            raw.len() == text.len() + 2
                && raw.starts_with(q)
                && raw.ends_with(q)
                && raw.get(1..raw.len() - 1) == Some(text.as_str())
        };
        if quoted('\'') || (quoted('"') && !raw.contains('\\')) {
            let offsets = Offsets::Verbatim(span.start + 1);
            return Expression {
                text,
                span,
                offsets,
                syntax,
            };
        }
        let offsets = match map_offsets(raw, span.start) {
            Some((decoded, offsets)) if decoded == text => {
                let start = offsets[0];
                let verbatim = offsets.windows(2).all(|w| w[1] == w[0] + 1);
                if verbatim {
                    Offsets::Verbatim(start)
                } else {
                    Offsets::Mapped(offsets.into())
                }
            }
            // The text could not be traced back character by character (it
            // did not come from a TOML string literal): point at the whole
            // value instead.
            _ => Offsets::Mapped(vec![span.start; text.len() + 1].into()),
        };
        Expression {
            text,
            span,
            offsets,
            syntax,
        }
    }

    /// The file span of a span within the expression text.
    pub fn file_span(&self, span: Span) -> Span {
        match &self.offsets {
            Offsets::Verbatim(start) => span.shifted(*start as usize),
            Offsets::Mapped(map) => {
                let at = |i: u32| map[(i as usize).min(map.len() - 1)];
                let start = at(span.start);
                let end = if span.is_empty() { start } else { at(span.end) };
                if end == start && !span.is_empty() {
                    // Not traceable: the whole value.
                    self.span
                } else {
                    Span { start, end }
                }
            }
        }
    }
}

/// Decodes a TOML string literal (quotes included) and records, for each
/// decoded byte and one past the end, the file offset it came from.
/// Returns `None` when `raw` is not a string literal.
fn map_offsets(raw: &str, base: u32) -> Option<(String, Vec<u32>)> {
    let (quote, multiline) = if raw.starts_with("\"\"\"") {
        ('"', true)
    } else if raw.starts_with("'''") {
        ('\'', true)
    } else if raw.starts_with('"') {
        ('"', false)
    } else if raw.starts_with('\'') {
        ('\'', false)
    } else {
        return None;
    };
    let delimiter = if multiline { 3 } else { 1 };
    if raw.len() < 2 * delimiter {
        return None;
    }
    let mut content_start = delimiter;
    let content_end = raw.len() - delimiter;
    if multiline {
        // A line break right after the opening delimiter is not part of the value.
        if raw[content_start..].starts_with("\r\n") {
            content_start += 2;
        } else if raw[content_start..].starts_with('\n') {
            content_start += 1;
        }
    }
    let content = raw.get(content_start..content_end)?;
    let mut decoded = String::with_capacity(content.len());
    let mut offsets = Vec::with_capacity(content.len() + 1);
    let offset_of = |i: usize| base + u32::try_from(content_start + i).unwrap_or(u32::MAX);

    if quote == '\'' {
        decoded.push_str(content);
        offsets.extend((0..=content.len()).map(offset_of));
        return Some((decoded, offsets));
    }

    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            let ch = content[i..].chars().next()?;
            decoded.push(ch);
            for k in 0..ch.len_utf8() {
                offsets.push(offset_of(i + k));
            }
            i += ch.len_utf8();
            continue;
        }
        let escape_start = i;
        let next = *bytes.get(i + 1)?;
        let (ch, len) = match next {
            b'b' => ('\u{8}', 2),
            b't' => ('\t', 2),
            b'n' => ('\n', 2),
            b'f' => ('\u{c}', 2),
            b'r' => ('\r', 2),
            b'e' => ('\u{1b}', 2),
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'x' => (hex_char(content.get(i + 2..i + 4)?)?, 4),
            b'u' => (hex_char(content.get(i + 2..i + 6)?)?, 6),
            b'U' => (hex_char(content.get(i + 2..i + 10)?)?, 10),
            b' ' | b'\t' | b'\r' | b'\n' if multiline => {
                // A line-ending backslash removes all white space up to the
                // next visible character.
                i += 1;
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                continue;
            }
            _ => return None,
        };
        decoded.push(ch);
        for _ in 0..ch.len_utf8() {
            offsets.push(offset_of(escape_start));
        }
        i += len;
    }
    offsets.push(offset_of(content.len()));
    Some((decoded, offsets))
}

fn hex_char(digits: &str) -> Option<char> {
    u32::from_str_radix(digits, 16)
        .ok()
        .and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(line: &str) -> (Expression, &str) {
        let start = line.find(['"', '\'']).unwrap();
        let value: toml::Value = toml::from_str(line).unwrap();
        let text = value
            .as_table()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap();
        let span = Span::new(start, line.len());
        (
            Expression::from_feel(text.to_owned(), span, &line[start..]),
            line,
        )
    }

    fn file_text<'a>(e: &Expression, line: &'a str, needle: &str) -> &'a str {
        let at = e.text.find(needle).unwrap();
        &line[e.file_span(Span::new(at, at + needle.len())).range()]
    }

    #[test]
    fn literal_strings_map_verbatim() {
        let (e, line) = expression(r#"when = 'decision = "approve"'"#);
        assert_eq!(file_text(&e, line, "\"approve\""), "\"approve\"");
    }

    #[test]
    fn escapes_in_basic_strings_are_traced_back() {
        let (e, line) = expression(r#"when = "decision = \"approve\" and x > 1""#);
        assert_eq!(file_text(&e, line, "\"approve\""), r#"\"approve\""#);
        assert_eq!(file_text(&e, line, "x"), "x");
    }

    #[test]
    fn multiline_strings_skip_the_first_line_break() {
        let (e, line) = expression("amount = \"\"\"\nif a then 1 else 2\"\"\"");
        assert_eq!(file_text(&e, line, "else"), "else");
    }
}
