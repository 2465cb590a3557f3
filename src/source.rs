//! Source files and positions within them.
//!
//! Every value loaded from a model file remembers where it came from, so that
//! any later finding can point at a file, a line and a column. Positions are
//! kept as byte spans, which are cheap to store and compare; they are turned
//! into lines and columns (counted in characters, 1-based) only when a
//! finding is actually reported.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A half-open byte range `start..end` in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        // Model files larger than 4 GiB are refused when they are read, so
        // the conversion cannot truncate a real offset.
        Span {
            start: to_u32(start),
            end: to_u32(end.max(start)),
        }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both spans.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// This span moved `offset` bytes to the right.
    #[must_use]
    pub fn shifted(self, offset: usize) -> Span {
        let offset = to_u32(offset);
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// A value together with the place in its file where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned {
            value: &self.value,
            span: self.span,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Index of a [`SourceFile`] in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A file as it was read: its path as the user reached it, and its text.
///
/// A UTF-8 byte-order mark is removed on reading, so that offsets and columns
/// start at the first visible character. Line ends may be `\n` or `\r\n`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as reached from the command-line arguments, for display.
    pub path: PathBuf,
    /// The path relative to the root of its model repository, with `/`
    /// separators, as code scanning reports expect it.
    pub relative: String,
    /// The text, or nothing once it is no longer needed (see
    /// [`SourceMap::forget_texts`]).
    pub text: String,
    /// How many bytes of text were read.
    size: usize,
    line_starts: OnceLock<Vec<u32>>,
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let path = path.into();
        let relative = path.to_string_lossy().replace('\\', "/");
        SourceFile {
            path,
            relative,
            size: text.len(),
            text,
            line_starts: OnceLock::new(),
        }
    }

    /// Sets the path relative to the repository root.
    #[must_use]
    pub fn with_relative(mut self, relative: impl Into<String>) -> Self {
        self.relative = relative.into();
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many bytes of text were read, even after the text is forgotten.
    pub fn size(&self) -> usize {
        self.size
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| to_u32(i + 1)))
                .collect()
        })
    }

    /// Line and column of a byte offset. Offsets inside a multi-byte
    /// character or past the end are clamped to the nearest valid place.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let starts = self.line_starts();
        let offset = offset.min(to_u32(self.text.len()));
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let line_start = starts[line] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[line_start..end]
            .trim_end_matches('\r')
            .chars()
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of the 1-based line `line`, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }
}

/// All files read in one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// The id of the first file: a map may hold one part of a repository
    /// whose files are numbered across parts.
    first: u32,
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map whose first file will have the id `first`.
    pub fn starting_at(first: FileId) -> Self {
        SourceMap {
            first: first.0,
            files: Vec::new(),
        }
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.first + to_u32(self.files.len() - 1))
    }

    /// Takes over the files of `next`, which must continue this map's
    /// numbering.
    /// Forgets the files' texts, keeping their paths and sizes: for
    /// files with nothing to show, so that a large repository is not held
    /// in memory, and the memory is used again for the next files.
    pub fn forget_texts(&mut self) {
        for file in &mut self.files {
            file.text = String::new();
            file.line_starts = OnceLock::new();
        }
    }

    pub fn append(&mut self, next: SourceMap) {
        debug_assert_eq!(next.first, self.first + to_u32(self.files.len()));
        self.files.extend(next.files);
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[(id.0 - self.first) as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(self.first + to_u32(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_mark_is_removed() {
        let file = SourceFile::new("a.toml", "\u{feff}id = 1\n");
        assert_eq!(file.text, "id = 1\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.toml", "a = \"Größe\"\nb = 1\n");
        let offset = file.text.find('e').unwrap();
        assert_eq!(
            file.line_col(u32::try_from(offset).unwrap()),
            LineCol {
                line: 1,
                column: 10
            }
        );
        let b = file.text.find('b').unwrap();
        assert_eq!(
            file.line_col(u32::try_from(b).unwrap()),
            LineCol { line: 2, column: 1 }
        );
    }

    #[test]
    fn crlf_line_ends_do_not_count_as_columns() {
        let file = SourceFile::new("a.toml", "a = 1\r\nb = 2\r\n");
        assert_eq!(file.line_text(1), "a = 1");
        assert_eq!(file.line_col(5), LineCol { line: 1, column: 6 });
        assert_eq!(file.line_col(6), LineCol { line: 1, column: 6 });
        assert_eq!(file.line_col(7), LineCol { line: 2, column: 1 });
    }
}
