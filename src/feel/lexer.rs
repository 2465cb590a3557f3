//! Splits FEEL text into tokens.
//!
//! The lexer knows nothing about names with spaces: `date and time` comes out
//! as three tokens, and the parser decides, from the names it knows, whether
//! they form one name. Tokens carry only their kind and span; their text is
//! read back from the expression when needed, so lexing allocates nothing.
//!
//! A character that cannot start any token does not stop the lexer with an
//! error of its own: it becomes an [`TokenKind::Invalid`] token, and the
//! parser reports it when it gets there. That way the first problem in the
//! text is the one reported, whichever stage finds it.

use std::borrow::Cow;

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A name, or one word of a name with spaces.
    Name,
    Keyword(Keyword),
    /// `12`, `4.70`, `.5`; the sign is a separate token.
    Number,
    /// `"text"`, quotes included. Its escapes have been checked.
    String,
    /// `@` before a string: a temporal literal.
    At,
    Plus,
    Minus,
    Star,
    /// `**`
    Power,
    Slash,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenBrace,
    CloseBrace,
    Comma,
    Dot,
    /// `..` in ranges and `for` intervals.
    DotDot,
    Colon,
    /// `->` in function types.
    Arrow,
    /// `'` or `’`: only meaningful inside names such as `Mother's name`.
    Apostrophe,
    /// Text that is no FEEL token; the lexer stops after it.
    Invalid(LexError),
    /// The end of the text; its span is empty.
    End,
}

/// Words with a fixed meaning. `not`, `item`, `list` and the type names are
/// ordinary names: `not` is a function, the others are only special where a
/// type is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    And,
    Or,
    Between,
    In,
    Instance,
    Of,
    If,
    Then,
    Else,
    For,
    Return,
    Some,
    Every,
    Satisfies,
    Function,
    External,
    Null,
    True,
    False,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        Some(match word {
            "and" => Keyword::And,
            "or" => Keyword::Or,
            "between" => Keyword::Between,
            "in" => Keyword::In,
            "instance" => Keyword::Instance,
            "of" => Keyword::Of,
            "if" => Keyword::If,
            "then" => Keyword::Then,
            "else" => Keyword::Else,
            "for" => Keyword::For,
            "return" => Keyword::Return,
            "some" => Keyword::Some,
            "every" => Keyword::Every,
            "satisfies" => Keyword::Satisfies,
            "function" => Keyword::Function,
            "external" => Keyword::External,
            "null" => Keyword::Null,
            "true" => Keyword::True,
            "false" => Keyword::False,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::And => "and",
            Keyword::Or => "or",
            Keyword::Between => "between",
            Keyword::In => "in",
            Keyword::Instance => "instance",
            Keyword::Of => "of",
            Keyword::If => "if",
            Keyword::Then => "then",
            Keyword::Else => "else",
            Keyword::For => "for",
            Keyword::Return => "return",
            Keyword::Some => "some",
            Keyword::Every => "every",
            Keyword::Satisfies => "satisfies",
            Keyword::Function => "function",
            Keyword::External => "external",
            Keyword::Null => "null",
            Keyword::True => "true",
            Keyword::False => "false",
        }
    }
}

/// Why a piece of text is no token. The span of the [`TokenKind::Invalid`]
/// token points at the offending characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexError {
    /// A `"` without its closing `"`; the span is the opening quote.
    UnclosedString,
    /// A `/*` without `*/`; the span is the opening `/*`.
    UnclosedComment,
    /// A backslash escape that FEEL does not know, such as `\d`.
    UnknownEscape,
    /// `\u` or `\U` not followed by enough hexadecimal digits.
    ShortUnicodeEscape,
    /// A `\u` escape that names no character (a lone surrogate, or a
    /// value beyond the last code point).
    NoSuchCharacter,
    /// `&&` or `&`
    Ampersand,
    /// `||` or `|`
    Pipe,
    /// `!` not followed by `=`
    Bang,
    /// `^`
    Caret,
    /// `%`
    Percent,
    /// `;`
    Semicolon,
    /// Typographic quotes such as `„`, `“` or `”`.
    CurlyQuote,
    /// Any other character that has no meaning in FEEL.
    Character(char),
}

/// Splits `text` into tokens, ending with one [`TokenKind::End`] token.
/// After an [`TokenKind::Invalid`] token, only the end follows.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 3 + 2);
    tokens.extend(Lexer::new(text));
    tokens
}

/// An iterator over the tokens of a text, ending with (and including) one
/// [`TokenKind::End`] token.
pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    finished: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            finished: false,
        }
    }

    fn peek_byte(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Skips white space and comments. Returns the span of an unclosed
    /// block comment, if one runs to the end of the text.
    fn skip_trivia(&mut self) -> Option<Span> {
        loop {
            match self.peek_byte(0) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => self.pos += 1,
                Some(b'/') if self.peek_byte(1) == Some(b'/') => {
                    while let Some(b) = self.peek_byte(0) {
                        if matches!(b, b'\n' | b'\r') {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.peek_byte(1) == Some(b'*') => {
                    let start = self.pos;
                    let Some(end) = self.text[start + 2..].find("*/") else {
                        self.pos = self.text.len();
                        return Some(Span::new(start, start + 2));
                    };
                    self.pos = start + 2 + end + 2;
                }
                Some(b) if b >= 0x80 => match self.peek_char() {
                    Some(c) if is_white_space(c) => self.pos += c.len_utf8(),
                    _ => return None,
                },
                _ => return None,
            }
        }
    }

    fn token(&self, kind: TokenKind, start: usize) -> Token {
        Token {
            kind,
            span: Span::new(start, self.pos),
        }
    }

    fn invalid(&mut self, error: LexError, span: Span) -> Token {
        self.finished = true;
        Token {
            kind: TokenKind::Invalid(error),
            span,
        }
    }

    fn name(&mut self, start: usize) -> Token {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii() {
                if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'?') {
                    break;
                }
                self.pos += 1;
            } else {
                match self.peek_char() {
                    Some(c) if is_name_part(c) => self.pos += c.len_utf8(),
                    _ => break,
                }
            }
        }
        self.finish_name(start)
    }

    fn finish_name(&self, start: usize) -> Token {
        let kind = Keyword::from_word(&self.text[start..self.pos])
            .map_or(TokenKind::Name, TokenKind::Keyword);
        self.token(kind, start)
    }

    fn number(&mut self, start: usize) -> Token {
        self.skip_digits();
        if self.peek_byte(0) == Some(b'.') && self.peek_byte(1).is_some_and(|b| b.is_ascii_digit())
        {
            self.pos += 1;
            self.skip_digits();
        }
        self.token(TokenKind::Number, start)
    }

    fn skip_digits(&mut self) {
        while self.peek_byte(0).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// Reads a string literal whose opening quote is at `start`, checking
    /// its escapes. Its value is produced later by [`string_value`].
    fn string(&mut self, start: usize) -> Token {
        self.pos = start + 1;
        while let Some(b) = self.peek_byte(0) {
            match b {
                b'"' => {
                    self.pos += 1;
                    return self.token(TokenKind::String, start);
                }
                b'\\' => {
                    if let Err((error, span)) = check_escape(self.text, self.pos) {
                        return self.invalid(error, span);
                    }
                    self.pos += escape_len(self.bytes, self.pos);
                }
                _ => self.pos += 1,
            }
        }
        self.invalid(LexError::UnclosedString, Span::new(start, start + 1))
    }

    fn symbol(&mut self, start: usize, c: char) -> Token {
        use TokenKind as T;
        let next = self.peek_byte(1);
        let (kind, len) = match c {
            '+' => (T::Plus, 1),
            '-' if next == Some(b'>') => (T::Arrow, 2),
            '-' => (T::Minus, 1),
            '*' if next == Some(b'*') => (T::Power, 2),
            '*' => (T::Star, 1),
            '/' => (T::Slash, 1),
            '=' => (T::Equal, 1),
            '!' if next == Some(b'=') => (T::NotEqual, 2),
            '<' if next == Some(b'=') => (T::LessOrEqual, 2),
            '<' => (T::Less, 1),
            '>' if next == Some(b'=') => (T::GreaterOrEqual, 2),
            '>' => (T::Greater, 1),
            '(' => (T::OpenParen, 1),
            ')' => (T::CloseParen, 1),
            '[' => (T::OpenBracket, 1),
            ']' => (T::CloseBracket, 1),
            '{' => (T::OpenBrace, 1),
            '}' => (T::CloseBrace, 1),
            ',' => (T::Comma, 1),
            '.' if next == Some(b'.') => (T::DotDot, 2),
            '.' => (T::Dot, 1),
            ':' => (T::Colon, 1),
            '@' => (T::At, 1),
            '\'' | '\u{2019}' => (T::Apostrophe, c.len_utf8()),
            _ => {
                let (error, len) = match c {
                    '&' => (LexError::Ampersand, if next == Some(b'&') { 2 } else { 1 }),
                    '|' => (LexError::Pipe, if next == Some(b'|') { 2 } else { 1 }),
                    '!' => (LexError::Bang, 1),
                    '^' => (LexError::Caret, 1),
                    '%' => (LexError::Percent, 1),
                    ';' => (LexError::Semicolon, 1),
                    '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => {
                        (LexError::CurlyQuote, c.len_utf8())
                    }
                    _ => (LexError::Character(c), c.len_utf8()),
                };
                return self.invalid(error, Span::new(start, start + len));
            }
        };
        self.pos = start + len;
        self.token(kind, start)
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.finished {
            return None;
        }
        if let Some(comment) = self.skip_trivia() {
            return Some(self.invalid(LexError::UnclosedComment, comment));
        }
        let start = self.pos;
        let Some(&byte) = self.bytes.get(start) else {
            self.finished = true;
            return Some(self.token(TokenKind::End, start));
        };
        Some(match byte {
            b'0'..=b'9' => self.number(start),
            b'.' if self.peek_byte(1).is_some_and(|b| b.is_ascii_digit()) => self.number(start),
            b'"' => self.string(start),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'?' => {
                self.pos += 1;
                self.name(start)
            }
            _ => {
                // A byte exists at `start`, and `start` is a character
                // boundary, so a character follows.
                let c = self.peek_char().unwrap_or(char::REPLACEMENT_CHARACTER);
                if !c.is_ascii() && is_name_start(c) {
                    self.pos += c.len_utf8();
                    self.name(start)
                } else {
                    self.symbol(start, c)
                }
            }
        })
    }
}

/// Checks the escape sequence starting with the backslash at `at`.
fn check_escape(text: &str, at: usize) -> Result<(), (LexError, Span)> {
    let bytes = text.as_bytes();
    match bytes.get(at + 1) {
        Some(b'u' | b'U') => match decode_code_point(text, at) {
            Ok(_) => Ok(()),
            Err(error) => Err((error, Span::new(at, at + escape_len(bytes, at)))),
        },
        // Simple escapes are fine, and the DMN grammar lets a backslash
        // that starts no escape stand for itself, which regular expressions
        // rely on (`"\d+"`, `"\s"`).
        Some(_) => Ok(()),
        None => Err((LexError::UnknownEscape, Span::new(at, at + 1))),
    }
}

/// The length in bytes of the escape sequence at `at`, as far as it goes:
/// two for a simple escape, up to six (`\uXXXX`) or eight (`\UXXXXXX`) for a
/// code point, twelve for a surrogate pair written as two escapes.
fn escape_len(bytes: &[u8], at: usize) -> usize {
    let digits = match bytes.get(at + 1) {
        Some(b'u') => 4,
        Some(b'U') => 6,
        _ => return 2,
    };
    let hex = bytes[at + 2..]
        .iter()
        .take(digits)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    let single = 2 + hex;
    if digits == 4 && hex == 4 {
        let unit = hex_value(&bytes[at + 2..at + 6]);
        let low_follows = bytes.get(at + 6) == Some(&b'\\')
            && bytes.get(at + 7) == Some(&b'u')
            && bytes
                .get(at + 8..at + 12)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if (0xD800..0xDC00).contains(&unit) && low_follows {
            return 12;
        }
    }
    single
}

fn hex_value(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |value, &b| {
        value * 16 + char::from(b).to_digit(16).unwrap_or(0)
    })
}

/// Decodes a `\u`/`\U` escape at `at` into a character. A high surrogate
/// followed by a low surrogate escape forms one character, as in
/// `"\uD83D\uDE00"`.
fn decode_code_point(text: &str, at: usize) -> Result<char, LexError> {
    let bytes = text.as_bytes();
    let len = escape_len(bytes, at);
    let wanted = if bytes[at + 1] == b'u' { 4 } else { 6 };
    if len < 2 + wanted {
        return Err(LexError::ShortUnicodeEscape);
    }
    let value = if len == 12 {
        let high = hex_value(&bytes[at + 2..at + 6]);
        let low = hex_value(&bytes[at + 8..at + 12]);
        if !(0xDC00..0xE000).contains(&low) {
            return Err(LexError::NoSuchCharacter);
        }
        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    } else {
        hex_value(&bytes[at + 2..at + 2 + wanted])
    };
    char::from_u32(value).ok_or(LexError::NoSuchCharacter)
}

/// The value of a string token (quotes included) whose escapes the lexer
/// has already checked.
pub fn string_value(token_text: &str) -> Cow<'_, str> {
    let inner = token_text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(token_text);
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut value = String::with_capacity(inner.len());
    let bytes = inner.as_bytes();
    let mut pos = 0;
    while let Some(offset) = inner[pos..].find('\\') {
        value.push_str(&inner[pos..pos + offset]);
        let at = pos + offset;
        let len = escape_len(bytes, at).min(inner.len() - at);
        match bytes.get(at + 1) {
            Some(b'n') => value.push('\n'),
            Some(b'r') => value.push('\r'),
            Some(b't') => value.push('\t'),
            Some(b'u' | b'U') => {
                value.push(decode_code_point(inner, at).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Some(&b @ (b'\'' | b'"' | b'\\')) => value.push(char::from(b)),
            Some(_) => {
                value.push('\\');
                pos = at + 1;
                continue;
            }
            None => {}
        }
        pos = at + len;
    }
    value.push_str(&inner[pos..]);
    Cow::Owned(value)
}

/// White space as FEEL defines it, beyond ASCII.
pub fn is_white_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0b}'
            | '\u{0c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{180e}'
            | '\u{2000}'
            ..='\u{200b}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Characters that may start a name: letters of nearly every script, `_`
/// and `?` (the input of a unary test).
pub fn is_name_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_' || c == '?';
    }
    !is_white_space(c)
        && matches!(c,
            '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2ff}'
            | '\u{370}'..='\u{37d}' | '\u{37f}'..='\u{1fff}' | '\u{200c}'..='\u{200d}'
            | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}' | '\u{3001}'..='\u{d7ff}'
            | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}' | '\u{10000}'..='\u{effff}')
}

/// Characters that may continue a name: those that start one, digits and a
/// few combining marks.
pub fn is_name_part(c: char) -> bool {
    is_name_start(c)
        || c.is_ascii_digit()
        || matches!(c, '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|t| &text[t.span.range()])
            .collect()
    }

    #[test]
    fn operators_are_split_greedily() {
        use TokenKind as T;
        assert_eq!(
            kinds("a**b<=c>=d!=e->f..g"),
            [
                T::Name,
                T::Power,
                T::Name,
                T::LessOrEqual,
                T::Name,
                T::GreaterOrEqual,
                T::Name,
                T::NotEqual,
                T::Name,
                T::Arrow,
                T::Name,
                T::DotDot,
                T::Name,
                T::End
            ]
        );
    }

    #[test]
    fn a_range_of_integers_is_not_read_as_decimals() {
        assert_eq!(texts("1..3"), ["1", "..", "3", ""]);
        assert_eq!(texts("1.5..3.25"), ["1.5", "..", "3.25", ""]);
        assert_eq!(texts(".5"), [".5", ""]);
    }

    #[test]
    fn names_may_contain_letters_of_other_scripts_digits_and_question_marks() {
        assert_eq!(texts("Größe_2 ?"), ["Größe_2", "?", ""]);
        assert_eq!(
            kinds("and andere"),
            [
                TokenKind::Keyword(Keyword::And),
                TokenKind::Name,
                TokenKind::End
            ]
        );
    }

    #[test]
    fn comments_and_unicode_white_space_are_skipped() {
        assert_eq!(
            texts("a // rest\n+ /* b */ c\u{a0}d"),
            ["a", "+", "c", "d", ""]
        );
    }

    #[test]
    fn an_unclosed_comment_is_invalid_at_its_opening() {
        let tokens = tokenize("a /* b");
        assert_eq!(
            tokens[1].kind,
            TokenKind::Invalid(LexError::UnclosedComment)
        );
        assert_eq!(tokens[1].span, Span::new(2, 4));
        assert_eq!(tokens.len(), 2);
    }

    #[test]
    fn string_escapes_are_resolved() {
        assert_eq!(
            string_value(r#""a\"b\\c\nd\u00e4\U01F600""#),
            "a\"b\\c\nd\u{e4}\u{1f600}"
        );
        assert_eq!(string_value(r#""\uD83D\uDE00""#), "\u{1f600}");
    }

    #[test]
    fn an_unclosed_string_is_invalid_at_its_quote() {
        let tokens = tokenize("x = \"abc");
        assert_eq!(tokens[2].kind, TokenKind::Invalid(LexError::UnclosedString));
        assert_eq!(tokens[2].span, Span::new(4, 5));
    }

    #[test]
    fn unknown_and_broken_escapes_are_invalid_where_they_stand() {
        let tokens = tokenize(r#""a\db""#);
        assert_eq!(tokens[0].kind, TokenKind::String);
        assert_eq!(string_value(r#""a\db""#), r"a\db");
        assert_eq!(
            tokenize(r#""\u12""#)[0].kind,
            TokenKind::Invalid(LexError::ShortUnicodeEscape)
        );
        assert_eq!(
            tokenize(r#""\uD800""#)[0].kind,
            TokenKind::Invalid(LexError::NoSuchCharacter)
        );
        assert_eq!(
            tokenize(r#""\U110000""#)[0].kind,
            TokenKind::Invalid(LexError::NoSuchCharacter)
        );
    }

    #[test]
    fn characters_from_other_languages_are_invalid_with_their_own_kind() {
        assert_eq!(
            tokenize("a && b")[1].kind,
            TokenKind::Invalid(LexError::Ampersand)
        );
        assert_eq!(tokenize("a && b")[1].span, Span::new(2, 4));
        assert_eq!(tokenize("!a")[0].kind, TokenKind::Invalid(LexError::Bang));
        assert_eq!(
            tokenize("„a“")[0].kind,
            TokenKind::Invalid(LexError::CurlyQuote)
        );
        assert_eq!(
            tokenize("#")[0].kind,
            TokenKind::Invalid(LexError::Character('#'))
        );
    }
}
