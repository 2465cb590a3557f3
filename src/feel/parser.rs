//! The FEEL parser: text to [`crate::feel::ast`].
//!
//! A hand-written recursive descent parser with precedence climbing for the
//! binary operators, following the grammar of DMN 1.5, chapter 10. It reads
//! whole expressions (guards, computed values, fee amounts) and unary tests
//! (decision table cells).
//!
//! Operator precedence, from loosest to tightest:
//!
//! | level | operators |
//! |---|---|
//! | 1 | `if`, `for`, `some`, `every`, `function` (their last part reaches as far as possible) |
//! | 2 | `or` |
//! | 3 | `and` |
//! | 4 | `=`, `!=`, `<`, `<=`, `>`, `>=`, `between`, `in`, `instance of` (not chained) |
//! | 5 | `+`, `-` |
//! | 6 | `*`, `/` |
//! | 7 | `**` |
//! | 8 | unary `-` |
//! | 9 | `.name`, `[filter]`, `(arguments)` |
//!
//! All binary operators group from the left, `**` included. Arithmetic
//! negation binds tighter than `**`, as the DMN grammar orders its rules
//! (negation after exponentiation): `-2 ** 2` is `(-2) ** 2`, which is 4.
//! Comparisons do not chain: `1 < x < 10` is refused with a hint to use
//! `between` or `and`, because reading it as `(1 < x) < 10` is never what
//! the author meant. `instance of` stands with the comparisons, so that
//! `a + b instance of number` tests the sum.
//!
//! Names with spaces (`date and time`, `Full Name`) cannot be told apart
//! from several names without knowing them. The parser knows the names of
//! the built-in functions and whatever the caller passes as
//! [`KnownNames`]; where several known names start at the same word, the
//! longest wins. Any other name is a single word.
//!
//! Spans are byte offsets into the text. A parenthesised expression's span
//! includes its parentheses. Nesting is limited to [`MAX_DEPTH`] levels so
//! that neither the parser nor anyone walking the tree can run out of stack.
//!
//! Where this parser refuses or reads differently what other FEEL
//! implementations accept, `docs/limits.md` says so.

use std::collections::HashMap;
use std::sync::Arc;

use dec::{Context, Decimal128};

use crate::feel::ast::{
    self, Arguments, BinaryOp, ContextEntry, Expr, ExprKind, IterationDomain, NamedArgument,
    Parameter, Quantifier, Range, TypeRef, UnaryTest, UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use crate::feel::lexer::{self, Keyword, LexError, Lexer, Token, TokenKind};
use crate::feel::number::Number;
use crate::source::Span;

/// How deeply expressions may nest, counting both brackets and operators
/// (`a + b + c` holds one `+` inside another). Real guards and fee formulas stay far below
/// this; the limit exists so that hostile or generated input gives an error
/// instead of exhausting the stack of the parser, the checker or the
/// evaluator.
pub const MAX_DEPTH: u32 = 100;

/// FEEL numbers keep 34 significant digits; a literal with more could not
/// be kept exactly.
const MAX_NUMBER_DIGITS: usize = 34;

/// A syntax error, with the place it was found and, where one can be
/// given, advice on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// Names the parser should recognise even though they contain spaces or
/// other characters that would otherwise split them (`Full Name`,
/// `e-mail`).
pub trait KnownNames {
    /// Calls `visit` with every known name whose first word is
    /// `first_word`. Names of a single word may be left out: they are
    /// recognised anyway.
    fn visit_starting_with(&self, first_word: &str, visit: &mut dyn FnMut(&str));
}

/// No names beyond those of the built-in functions.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNames;

impl KnownNames for NoNames {
    fn visit_starting_with(&self, _: &str, _: &mut dyn FnMut(&str)) {}
}

/// A small list of names, searched one by one.
impl<S: AsRef<str>> KnownNames for Vec<S> {
    fn visit_starting_with(&self, first_word: &str, visit: &mut dyn FnMut(&str)) {
        visit_listed(self, first_word, visit);
    }
}

/// A small list of names, searched one by one.
impl<S: AsRef<str>, const N: usize> KnownNames for [S; N] {
    fn visit_starting_with(&self, first_word: &str, visit: &mut dyn FnMut(&str)) {
        visit_listed(self, first_word, visit);
    }
}

fn visit_listed<S: AsRef<str>>(names: &[S], first_word: &str, visit: &mut dyn FnMut(&str)) {
    for name in names {
        let name = name.as_ref();
        if first_word_of(name) == Some(first_word) {
            visit(name);
        }
    }
}

/// A set of names indexed by their first word, for many names.
#[derive(Debug, Clone, Default)]
pub struct NameSet {
    by_first_word: HashMap<Box<str>, Vec<Box<str>>>,
}

impl NameSet {
    pub fn new() -> Self {
        NameSet::default()
    }

    pub fn insert(&mut self, name: &str) {
        let mut words = Lexer::new(name);
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            return;
        };
        if first.kind == TokenKind::End || second.kind == TokenKind::End {
            return;
        }
        let names = self
            .by_first_word
            .entry(name[first.span.range()].into())
            .or_default();
        if !names.iter().any(|known| &**known == name) {
            names.push(name.into());
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for NameSet {
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Self {
        let mut set = NameSet::new();
        for name in names {
            set.insert(name.as_ref());
        }
        set
    }
}

impl KnownNames for NameSet {
    fn visit_starting_with(&self, first_word: &str, visit: &mut dyn FnMut(&str)) {
        for name in self.by_first_word.get(first_word).into_iter().flatten() {
            visit(name);
        }
    }
}

fn first_word_of(name: &str) -> Option<&str> {
    let token = Lexer::new(name).next()?;
    matches!(token.kind, TokenKind::Name | TokenKind::Keyword(_)).then(|| &name[token.span.range()])
}

/// The names of DMN 1.5 that contain spaces: built-in functions, types and
/// the properties of temporal values and ranges.
pub const BUILTIN_NAMES_WITH_SPACES: &[&str] = &[
    "date and time",
    "days and time duration",
    "years and months duration",
    "round up",
    "round down",
    "round half up",
    "round half down",
    "string length",
    "string join",
    "upper case",
    "lower case",
    "substring before",
    "substring after",
    "starts with",
    "ends with",
    "list contains",
    "list replace",
    "insert before",
    "index of",
    "distinct values",
    "is defined",
    "get or else",
    "get value",
    "get entries",
    "context put",
    "context merge",
    "day of year",
    "day of week",
    "month of year",
    "week of year",
    "last day of month",
    "met by",
    "overlaps before",
    "overlaps after",
    "finished by",
    "started by",
    "time offset",
    "start included",
    "end included",
];

fn builtin_names_starting_with(word: &str) -> &'static [&'static str] {
    // A match on the first word keeps the common case, a name that starts
    // no built-in name, to one comparison chain without hashing.
    match word {
        "date" => &["date and time"],
        "days" => &["days and time duration"],
        "years" => &["years and months duration"],
        "round" => &["round up", "round down", "round half up", "round half down"],
        "string" => &["string length", "string join"],
        "upper" => &["upper case"],
        "lower" => &["lower case"],
        "substring" => &["substring before", "substring after"],
        "starts" => &["starts with"],
        "ends" => &["ends with"],
        "list" => &["list contains", "list replace"],
        "insert" => &["insert before"],
        "index" => &["index of"],
        "distinct" => &["distinct values"],
        "is" => &["is defined"],
        "get" => &["get or else", "get value", "get entries"],
        "context" => &["context put", "context merge"],
        "day" => &["day of year", "day of week"],
        "month" => &["month of year"],
        "week" => &["week of year"],
        "last" => &["last day of month"],
        "met" => &["met by"],
        "overlaps" => &["overlaps before", "overlaps after"],
        "finished" => &["finished by"],
        "started" => &["started by"],
        "time" => &["time offset"],
        "start" => &["start included"],
        "end" => &["end included"],
        _ => &[],
    }
}

/// Parses a FEEL expression.
pub fn parse_expression(text: &str) -> Result<Expr, ParseError> {
    parse_expression_with(text, &NoNames)
}

/// Parses a FEEL expression, recognising `names` as names even where they
/// contain spaces.
pub fn parse_expression_with(text: &str, names: &dyn KnownNames) -> Result<Expr, ParseError> {
    let mut parser = Parser::new(text, names)?;
    let (expr, _) = parser.expression()?;
    parser.expect_end()?;
    Ok(expr)
}

/// Parses unary tests, as written in a decision table cell: `-`,
/// `< 4.70`, `[1..5], > 10`, `not("GmbH", "AG")`, `? > 3`.
pub fn parse_unary_tests(text: &str) -> Result<UnaryTests, ParseError> {
    parse_unary_tests_with(text, &NoNames)
}

/// Parses unary tests, recognising `names` as names even where they contain
/// spaces.
pub fn parse_unary_tests_with(
    text: &str,
    names: &dyn KnownNames,
) -> Result<UnaryTests, ParseError> {
    let mut parser = Parser::new(text, names)?;
    parser.top_level_tests()
}

/// An expression and the depth of its tree.
type Parsed<T = Expr> = Result<(T, u32), ParseError>;

/// Binding strength of binary operators; higher binds tighter.
const OR: u8 = 1;
const AND: u8 = 2;
const COMPARISON: u8 = 3;
const ADDITIVE: u8 = 4;
const MULTIPLICATIVE: u8 = 5;
const POWER: u8 = 6;

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    names: &'a dyn KnownNames,
    nesting: u32,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, names: &'a dyn KnownNames) -> Result<Self, ParseError> {
        // Spans are 32-bit; an expression this long is no expression.
        if u32::try_from(text.len()).is_err() {
            return Err(messages::too_long());
        }
        Ok(Parser {
            text,
            tokens: lexer::tokenize(text),
            pos: 0,
            names,
            nesting: 0,
        })
    }

    // ----- token access -------------------------------------------------

    fn peek(&self) -> Token {
        self.tokens[self.pos]
    }

    fn peek_at(&self, ahead: usize) -> Token {
        self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)]
    }

    fn is(&self, kind: TokenKind) -> bool {
        self.peek().kind == kind
    }

    fn is_keyword(&self, keyword: Keyword) -> bool {
        self.is(TokenKind::Keyword(keyword))
    }

    fn bump(&mut self) -> Token {
        let token = self.peek();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Token> {
        self.is(kind).then(|| self.bump())
    }

    fn previous(&self) -> Option<Token> {
        self.pos.checked_sub(1).map(|i| self.tokens[i])
    }

    fn text_of(&self, token: Token) -> &'a str {
        &self.text[token.span.range()]
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(messages::nested_too_deeply(self.peek().span));
        }
        Ok(())
    }

    // ----- expressions --------------------------------------------------

    fn expression(&mut self) -> Parsed {
        self.enter()?;
        let result = self.binary(OR);
        self.nesting -= 1;
        result
    }

    // The functions on the path of recursion (`binary`, `unary`, `postfix`,
    // `primary`, `parenthesised`) only dispatch; building nodes happens in
    // helpers that have returned before the next level begins. Unoptimised
    // builds give every temporary its own stack slot, and this keeps a level
    // of nesting within a few kilobytes there too.

    fn binary(&mut self, min_strength: u8) -> Parsed {
        let left = self.unary()?;
        self.binary_rest(left, min_strength)
    }

    /// The operators and right operands that follow `left`, as far as they
    /// bind at least as strongly as `min_strength`.
    fn binary_rest(&mut self, mut left: (Expr, u32), min_strength: u8) -> Parsed {
        while let Some(strength) = binary_strength(self.peek().kind) {
            if strength < min_strength {
                break;
            }
            left = if strength == COMPARISON {
                self.comparison(left)?
            } else {
                self.arithmetic_or_logic(left, strength)?
            };
        }
        Ok(left)
    }

    fn arithmetic_or_logic(&mut self, (left, left_depth): (Expr, u32), strength: u8) -> Parsed {
        let operator = self.bump();
        let right = self.binary(strength + 1)?;
        self.binary_node(operator, (left, left_depth), right)
    }

    fn binary_node(
        &self,
        operator: Token,
        (left, left_depth): (Expr, u32),
        (right, right_depth): (Expr, u32),
    ) -> Parsed {
        let Some(op) = binary_op(operator.kind) else {
            return Err(self.unexpected(None));
        };
        let span = left.span.to(right.span);
        let depth = left_depth.max(right_depth) + 1;
        node(
            ExprKind::Binary(op, Box::new(left), Box::new(right)),
            span,
            depth,
        )
    }

    /// A comparison whose left side is parsed. Comparisons do not chain,
    /// and nothing binding tighter may follow one.
    fn comparison(&mut self, left: (Expr, u32)) -> Parsed {
        let result = match self.peek().kind {
            TokenKind::Keyword(Keyword::Between) => self.between(left)?,
            TokenKind::Keyword(Keyword::In) => self.in_expression(left)?,
            TokenKind::Keyword(Keyword::Instance) => self.instance_of(left)?,
            _ => self.compare(left)?,
        };
        if binary_strength(self.peek().kind).is_some_and(|s| s >= COMPARISON) {
            return Err(self.after_comparison());
        }
        Ok(result)
    }

    fn compare(&mut self, left: (Expr, u32)) -> Parsed {
        let operator = self.bump();
        self.check_operator_typo(operator)?;
        let right = self.binary(ADDITIVE)?;
        self.binary_node(operator, left, right)
    }

    fn between(&mut self, (value, value_depth): (Expr, u32)) -> Parsed {
        self.bump();
        let (low, low_depth) = self.binary(ADDITIVE)?;
        if !self.is_keyword(Keyword::And) {
            return Err(self.keyword_missing(messages::between_needs_and));
        }
        self.bump();
        let (high, high_depth) = self.binary(ADDITIVE)?;
        let span = value.span.to(high.span);
        let depth = value_depth.max(low_depth).max(high_depth) + 1;
        let kind = ExprKind::Between {
            value: Box::new(value),
            low: Box::new(low),
            high: Box::new(high),
        };
        node(kind, span, depth)
    }

    fn in_expression(&mut self, (value, value_depth): (Expr, u32)) -> Parsed {
        self.bump();
        let (tests, tests_depth) = self.in_tests()?;
        let span = value.span.to(tests.span);
        let depth = value_depth.max(tests_depth) + 1;
        node(
            ExprKind::In {
                value: Box::new(value),
                tests: Box::new(tests),
            },
            span,
            depth,
        )
    }

    fn instance_of(&mut self, (value, value_depth): (Expr, u32)) -> Parsed {
        self.bump();
        if !self.is_keyword(Keyword::Of) {
            return Err(self.keyword_missing(messages::instance_needs_of));
        }
        self.bump();
        let type_ref = self.type_ref()?;
        let span = value
            .span
            .to(self.previous().map_or(value.span, |t| t.span));
        node(
            ExprKind::InstanceOf {
                value: Box::new(value),
                type_ref,
            },
            span,
            value_depth + 1,
        )
    }

    /// Operators from other languages that start like a FEEL comparison:
    /// `=>`, `=<`, `==`, `<>`.
    fn check_operator_typo(&self, operator: Token) -> Result<(), ParseError> {
        let next = self.peek();
        if next.span.start != operator.span.end {
            return Ok(());
        }
        let span = operator.span.to(next.span);
        let typo = match (operator.kind, next.kind) {
            (TokenKind::Equal, TokenKind::Greater) => messages::typo("=>", ">=", span),
            (TokenKind::Equal, TokenKind::Less) => messages::typo("=<", "<=", span),
            (TokenKind::Equal, TokenKind::Equal) => messages::double_equals(span),
            (TokenKind::Less, TokenKind::Greater) => messages::typo("<>", "!=", span),
            _ => return Ok(()),
        };
        Err(typo)
    }

    /// Called when a comparison is followed by another operator of the same
    /// or a tighter level, which could only have been meant differently.
    fn after_comparison(&self) -> ParseError {
        let token = self.peek();
        if binary_strength(token.kind) == Some(COMPARISON) {
            messages::chained_comparison(self.text_of(token), token.span)
        } else {
            self.unexpected(None)
        }
    }

    fn unary(&mut self) -> Parsed {
        let first_minus = self.pos;
        while self.is(TokenKind::Minus) {
            self.bump();
        }
        let operand = self.postfix()?;
        self.negations(first_minus, operand)
    }

    /// Wraps `operand` in one negation for each `-` from token `first_minus`
    /// up to the operand.
    fn negations(&self, first_minus: usize, (mut expr, mut depth): (Expr, u32)) -> Parsed {
        let mut index = first_minus;
        while index < self.tokens.len() && self.tokens[index].kind == TokenKind::Minus {
            index += 1;
        }
        for index in (first_minus..index).rev() {
            let span = self.tokens[index].span.to(expr.span);
            (expr, depth) = node(ExprKind::Negate(Box::new(expr)), span, depth + 1)?;
        }
        Ok((expr, depth))
    }

    fn postfix(&mut self) -> Parsed {
        let expr = self.primary()?;
        self.postfix_rest(expr)
    }

    fn postfix_rest(&mut self, mut expr: (Expr, u32)) -> Parsed {
        loop {
            expr = match self.peek().kind {
                TokenKind::Dot => self.path(expr)?,
                // A `[` that cannot open a filter closes a range, as in
                // `]1..10[`.
                TokenKind::OpenBracket if starts_value(self.peek_at(1).kind) => {
                    self.filter(expr)?
                }
                TokenKind::OpenParen => self.call(expr)?,
                _ => return Ok(expr),
            };
        }
    }

    fn path(&mut self, (base, depth): (Expr, u32)) -> Parsed {
        let dot = self.bump();
        if !matches!(self.peek().kind, TokenKind::Name | TokenKind::Keyword(_)) {
            return Err(self.error(messages::name_missing_after(".", dot.span)));
        }
        let (name, name_span) = self.name();
        let span = base.span.to(name_span);
        node(
            ExprKind::Path {
                base: Box::new(base),
                name,
                name_span,
            },
            span,
            depth + 1,
        )
    }

    fn filter(&mut self, (list, depth): (Expr, u32)) -> Parsed {
        let open = self.bump();
        let (condition, condition_depth) = self.expression()?;
        let close = self.expect_close(open, TokenKind::CloseBracket)?;
        let span = list.span.to(close.span);
        let kind = ExprKind::Filter {
            list: Box::new(list),
            condition: Box::new(condition),
        };
        node(kind, span, depth.max(condition_depth) + 1)
    }

    fn call(&mut self, (function, depth): (Expr, u32)) -> Parsed {
        let (arguments, close, arguments_depth) = self.arguments()?;
        let span = function.span.to(close.span);
        let kind = ExprKind::Call {
            function: Box::new(function),
            arguments,
        };
        node(kind, span, depth.max(arguments_depth) + 1)
    }

    fn primary(&mut self) -> Parsed {
        let token = self.peek();
        match token.kind {
            TokenKind::Number | TokenKind::String | TokenKind::At | TokenKind::Name => {
                self.literal_or_name()
            }
            TokenKind::Keyword(keyword) => self.keyword_expression(keyword, token),
            TokenKind::OpenParen => self.parenthesised(),
            TokenKind::OpenBracket => self.list_or_range(),
            TokenKind::CloseBracket if starts_value(self.peek_at(1).kind) => {
                self.range_opened_by_bracket()
            }
            TokenKind::OpenBrace => self.context(),
            TokenKind::Less
            | TokenKind::LessOrEqual
            | TokenKind::Greater
            | TokenKind::GreaterOrEqual => self.comparison_range(),
            _ => Err(self.missing_value()),
        }
    }

    fn literal_or_name(&mut self) -> Parsed {
        let token = self.peek();
        if token.kind == TokenKind::Name {
            let (name, span) = self.name();
            return node(ExprKind::Name(name), span, 1);
        }
        self.bump();
        match token.kind {
            TokenKind::Number => node(ExprKind::Number(self.number(token)?), token.span, 1),
            TokenKind::At => {
                let Some(string) = self.eat(TokenKind::String) else {
                    return Err(self.error(messages::temporal_needs_string(token.span)));
                };
                let value = Arc::from(lexer::string_value(self.text_of(string)));
                node(ExprKind::Temporal(value), token.span.to(string.span), 1)
            }
            _ => {
                let value = Arc::from(lexer::string_value(self.text_of(token)));
                node(ExprKind::String(value), token.span, 1)
            }
        }
    }

    /// `]1..10]`: a range whose start is excluded.
    fn range_opened_by_bracket(&mut self) -> Parsed {
        let open = self.bump();
        let start = self.expression()?;
        if !self.is(TokenKind::DotDot) {
            return Err(self.error(messages::range_needs_dots(open.span)));
        }
        self.range_rest(open, false, start)
    }

    fn keyword_expression(&mut self, keyword: Keyword, token: Token) -> Parsed {
        if self.known_name_end(self.pos).is_some() {
            let (name, span) = self.name();
            return node(ExprKind::Name(name), span, 1);
        }
        match keyword {
            Keyword::Null => {
                self.bump();
                node(ExprKind::Null, token.span, 1)
            }
            Keyword::True | Keyword::False => {
                self.bump();
                node(ExprKind::Boolean(keyword == Keyword::True), token.span, 1)
            }
            Keyword::If => self.if_expression(),
            Keyword::For => self.for_expression(),
            Keyword::Some => self.quantified(Quantifier::Some),
            Keyword::Every => self.quantified(Quantifier::Every),
            Keyword::Function => self.function_definition(),
            _ => Err(self.missing_value()),
        }
    }

    fn number(&self, token: Token) -> Result<Number, ParseError> {
        let text = self.text_of(token);
        if let Some(number) = short_number(text) {
            return Ok(number);
        }
        let significant = text
            .trim_start_matches(['0', '.'])
            .trim_end_matches(|c| c == '0' && text.contains('.'))
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        if significant > MAX_NUMBER_DIGITS || text.len() > 4 * MAX_NUMBER_DIGITS {
            return Err(messages::number_too_long(token.span));
        }
        text.parse()
            .map_err(|_| messages::number_too_long(token.span))
    }

    fn parenthesised(&mut self) -> Parsed {
        let open = self.bump();
        let inner = self.expression()?;
        self.close_parenthesised(open, inner)
    }

    fn close_parenthesised(&mut self, open: Token, (mut inner, depth): (Expr, u32)) -> Parsed {
        if self.is(TokenKind::DotDot) {
            return self.range_rest(open, false, (inner, depth));
        }
        let close = self.expect_close(open, TokenKind::CloseParen)?;
        inner.span = open.span.to(close.span);
        Ok((inner, depth))
    }

    fn list_or_range(&mut self) -> Parsed {
        let open = self.bump();
        if let Some(close) = self.eat(TokenKind::CloseBracket) {
            return node(ExprKind::List(Vec::new()), open.span.to(close.span), 1);
        }
        let (first, first_depth) = self.expression()?;
        if self.is(TokenKind::DotDot) {
            return self.range_rest(open, true, (first, first_depth));
        }
        let (items, close, depth) =
            self.rest_of_list(open, TokenKind::CloseBracket, first, first_depth)?;
        node(ExprKind::List(items), open.span.to(close.span), depth + 1)
    }

    /// The items after the first of a comma-separated list, up to `close`.
    fn rest_of_list(
        &mut self,
        open: Token,
        close: TokenKind,
        first: Expr,
        first_depth: u32,
    ) -> Result<(Vec<Expr>, Token, u32), ParseError> {
        let mut items = vec![first];
        let mut depth = first_depth;
        loop {
            if let Some(close) = self.eat(close) {
                return Ok((items, close, depth));
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Err(self.close_expected(open, close));
            }
            let (item, item_depth) = self.expression()?;
            depth = depth.max(item_depth);
            items.push(item);
        }
    }

    /// A range whose start is read and whose `..` comes next.
    fn range_rest(
        &mut self,
        open: Token,
        start_closed: bool,
        (start, start_depth): (Expr, u32),
    ) -> Parsed {
        let dots = self.bump();
        if !starts_value(self.peek().kind) {
            return Err(self.error(messages::range_end_missing(dots.span)));
        }
        let (end, end_depth) = self.expression()?;
        let close = self.peek();
        let end_closed = match close.kind {
            TokenKind::CloseBracket => true,
            TokenKind::CloseParen | TokenKind::OpenBracket => false,
            TokenKind::End => return Err(messages::range_not_closed(open.span)),
            _ => return Err(self.unexpected(Some(messages::RANGE_CLOSE))),
        };
        self.bump();
        let range = Range {
            start: Some(start),
            end: Some(end),
            start_closed,
            end_closed,
        };
        node(
            ExprKind::Range(Box::new(range)),
            open.span.to(close.span),
            start_depth.max(end_depth) + 1,
        )
    }

    /// `< 10`, `>= 18`: a range with one open end, used as a value.
    fn comparison_range(&mut self) -> Parsed {
        let operator = self.bump();
        let (bound, depth) = self.binary(ADDITIVE)?;
        let span = operator.span.to(bound.span);
        let range = match operator.kind {
            TokenKind::Less | TokenKind::LessOrEqual => Range {
                start: None,
                end: Some(bound),
                start_closed: false,
                end_closed: operator.kind == TokenKind::LessOrEqual,
            },
            _ => Range {
                start: Some(bound),
                end: None,
                start_closed: operator.kind == TokenKind::GreaterOrEqual,
                end_closed: false,
            },
        };
        node(ExprKind::Range(Box::new(range)), span, depth + 1)
    }

    fn context(&mut self) -> Parsed {
        let open = self.bump();
        let mut entries = Vec::new();
        let mut depth = 0;
        if let Some(close) = self.eat(TokenKind::CloseBrace) {
            return node(ExprKind::Context(entries), open.span.to(close.span), 1);
        }
        loop {
            let (key, key_span) = if let Some(string) = self.eat(TokenKind::String) {
                (
                    Arc::from(lexer::string_value(self.text_of(string))),
                    string.span,
                )
            } else if let Some(last) = self.name_before_colon(self.pos) {
                self.joined_name(last)
            } else {
                return Err(self.error(messages::context_entry_malformed(self.peek().span)));
            };
            if self.eat(TokenKind::Colon).is_none() {
                return Err(self.error(messages::colon_missing(key_span)));
            }
            let (value, value_depth) = self.expression()?;
            depth = depth.max(value_depth);
            entries.push(ContextEntry {
                key,
                key_span,
                value,
            });
            if let Some(close) = self.eat(TokenKind::CloseBrace) {
                return node(
                    ExprKind::Context(entries),
                    open.span.to(close.span),
                    depth + 1,
                );
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Err(self.close_expected(open, TokenKind::CloseBrace));
            }
        }
    }

    fn if_expression(&mut self) -> Parsed {
        let start = self.bump();
        let (condition, condition_depth) = self.expression()?;
        if !self.is_keyword(Keyword::Then) {
            return Err(self.keyword_missing(messages::if_needs_then));
        }
        self.bump();
        let (then, then_depth) = self.expression()?;
        if !self.is_keyword(Keyword::Else) {
            return Err(self.keyword_missing(messages::if_needs_else));
        }
        self.bump();
        let (otherwise, otherwise_depth) = self.expression()?;
        let span = start.span.to(otherwise.span);
        let depth = condition_depth.max(then_depth).max(otherwise_depth) + 1;
        let kind = ExprKind::If {
            condition: Box::new(condition),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
        };
        node(kind, span, depth)
    }

    fn for_expression(&mut self) -> Parsed {
        let start = self.bump();
        let (iterators, iterators_depth) = self.iterators("for")?;
        if !self.is_keyword(Keyword::Return) {
            return Err(self.keyword_missing(messages::for_needs_return));
        }
        self.bump();
        let (body, body_depth) = self.expression()?;
        let span = start.span.to(body.span);
        let kind = ExprKind::For {
            iterators,
            body: Box::new(body),
        };
        node(kind, span, iterators_depth.max(body_depth) + 1)
    }

    fn quantified(&mut self, quantifier: Quantifier) -> Parsed {
        let start = self.bump();
        let (iterators, iterators_depth) = self.iterators(self.text_of(start))?;
        if !self.is_keyword(Keyword::Satisfies) {
            return Err(self.keyword_missing(messages::quantifier_needs_satisfies));
        }
        self.bump();
        let (condition, condition_depth) = self.expression()?;
        let span = start.span.to(condition.span);
        let kind = ExprKind::Quantified {
            quantifier,
            iterators,
            condition: Box::new(condition),
        };
        node(kind, span, iterators_depth.max(condition_depth) + 1)
    }

    /// `x in xs, i in 1..3` after `for`, `some` or `every`.
    fn iterators(&mut self, construct: &str) -> Result<(Vec<ast::Iterator>, u32), ParseError> {
        let mut iterators = Vec::new();
        let mut depth = 0;
        loop {
            if !matches!(self.peek().kind, TokenKind::Name) {
                let after = self.previous().map_or(Span::at(0), |t| t.span);
                return Err(self.error(messages::name_missing_after(construct, after)));
            }
            let (name, name_span) = self.name();
            if !self.is_keyword(Keyword::In) {
                return Err(self.error(messages::iterator_needs_in(&name, name_span)));
            }
            self.bump();
            let (domain, domain_depth) = self.expression()?;
            depth = depth.max(domain_depth);
            let domain = if self.eat(TokenKind::DotDot).is_some() {
                let (end, end_depth) = self.expression()?;
                depth = depth.max(end_depth);
                IterationDomain::Interval(domain, end)
            } else {
                IterationDomain::List(domain)
            };
            iterators.push(ast::Iterator {
                name,
                name_span,
                domain,
            });
            if self.eat(TokenKind::Comma).is_none() {
                return Ok((iterators, depth + 1));
            }
        }
    }

    fn function_definition(&mut self) -> Parsed {
        let start = self.bump();
        let Some(open) = self.eat(TokenKind::OpenParen) else {
            return Err(self.error(messages::function_needs_parameters(start.span)));
        };
        let mut parameters = Vec::new();
        if self.eat(TokenKind::CloseParen).is_none() {
            loop {
                if !self.is(TokenKind::Name) {
                    let after = self.previous().map_or(open.span, |t| t.span);
                    return Err(self.error(messages::parameter_name_missing(after)));
                }
                let (name, name_span) = self.name();
                let type_ref = if self.eat(TokenKind::Colon).is_some() {
                    Some(self.type_ref()?)
                } else {
                    None
                };
                let span = name_span.to(self.previous().map_or(name_span, |t| t.span));
                parameters.push(Parameter {
                    name,
                    span,
                    type_ref,
                });
                if self.eat(TokenKind::CloseParen).is_some() {
                    break;
                }
                if self.eat(TokenKind::Comma).is_none() {
                    return Err(self.close_expected(open, TokenKind::CloseParen));
                }
            }
        }
        if self.is_keyword(Keyword::External) {
            return Err(messages::external_function(self.peek().span));
        }
        let (body, body_depth) = self.expression()?;
        let span = start.span.to(body.span);
        node(
            ExprKind::Function {
                parameters,
                body: Box::new(body),
            },
            span,
            body_depth + 1,
        )
    }

    /// The arguments of a call, from `(` to `)`.
    fn arguments(&mut self) -> Result<(Arguments, Token, u32), ParseError> {
        let open = self.bump();
        if let Some(close) = self.eat(TokenKind::CloseParen) {
            return Ok((Arguments::Positional(Vec::new()), close, 0));
        }
        if self.name_before_colon(self.pos).is_some() {
            return self.named_arguments(open);
        }
        let mut arguments = Vec::new();
        let mut depth = 0;
        loop {
            let (argument, argument_depth) = self.expression()?;
            depth = depth.max(argument_depth);
            arguments.push(argument);
            if let Some(close) = self.eat(TokenKind::CloseParen) {
                return Ok((Arguments::Positional(arguments), close, depth));
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Err(self.close_expected(open, TokenKind::CloseParen));
            }
            if self.name_before_colon(self.pos).is_some() {
                return Err(messages::mixed_arguments(self.peek().span));
            }
        }
    }

    fn named_arguments(&mut self, open: Token) -> Result<(Arguments, Token, u32), ParseError> {
        let mut arguments = Vec::new();
        let mut depth = 0;
        loop {
            let Some(last) = self.name_before_colon(self.pos) else {
                return Err(self.error(messages::mixed_arguments(self.peek().span)));
            };
            let (name, name_span) = self.joined_name(last);
            self.bump(); // the `:` that `name_before_colon` found
            let (value, value_depth) = self.expression()?;
            depth = depth.max(value_depth);
            arguments.push(NamedArgument {
                name,
                name_span,
                value,
            });
            if let Some(close) = self.eat(TokenKind::CloseParen) {
                return Ok((Arguments::Named(arguments), close, depth));
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Err(self.close_expected(open, TokenKind::CloseParen));
            }
        }
    }

    // ----- names --------------------------------------------------------

    /// Reads the name at the current token, as long as the longest known
    /// name starting there, or one word.
    fn name(&mut self) -> (ast::Name, Span) {
        let last = self.known_name_end(self.pos).unwrap_or(self.pos);
        self.joined_name(last)
    }

    /// Joins the tokens from the current one to `last` into one name,
    /// writing any white space or comment between them as one space.
    fn joined_name(&mut self, last: usize) -> (ast::Name, Span) {
        let first = self.pos;
        self.pos = last + 1;
        let span = self.tokens[first].span.to(self.tokens[last].span);
        if first == last {
            return (Arc::from(self.text_of(self.tokens[first])), span);
        }
        let mut name = String::with_capacity(span.len());
        for index in first..=last {
            let token = self.tokens[index];
            if index > first && token.span.start > self.tokens[index - 1].span.end {
                name.push(' ');
            }
            name.push_str(self.text_of(token));
        }
        (Arc::from(name), span)
    }

    /// The index of the last token of the longest known name of more than
    /// one token that starts at token `first`.
    fn known_name_end(&self, first: usize) -> Option<usize> {
        let word = self.text_of(self.tokens[first]);
        let mut best: Option<usize> = None;
        let mut consider = |candidate: &str| {
            if let Some(end) = self.match_name(candidate, first) {
                best = Some(best.map_or(end, |b| b.max(end)));
            }
        };
        for candidate in builtin_names_starting_with(word) {
            consider(candidate);
        }
        self.names.visit_starting_with(word, &mut consider);
        best
    }

    /// Whether the tokens from `first` on spell `candidate`: the same words
    /// and symbols, with white space between the same ones.
    fn match_name(&self, candidate: &str, first: usize) -> Option<usize> {
        let mut index = first;
        let mut previous_end = None;
        for expected in Lexer::new(candidate) {
            match expected.kind {
                TokenKind::End => break,
                TokenKind::Invalid(_) => return None,
                _ => {}
            }
            let actual = *self.tokens.get(index)?;
            if matches!(actual.kind, TokenKind::End | TokenKind::Invalid(_))
                || self.text_of(actual) != &candidate[expected.span.range()]
            {
                return None;
            }
            if let Some(previous_end) = previous_end {
                let spaced_as_known = expected.span.start > previous_end;
                let spaced_as_written = actual.span.start > self.tokens[index - 1].span.end;
                if spaced_as_known != spaced_as_written {
                    return None;
                }
            }
            previous_end = Some(expected.span.end);
            index += 1;
        }
        (index > first + 1).then(|| index - 1)
    }

    /// Where a name (of any words and name symbols) followed by `:` starts
    /// at token `first`, the index of its last token. Such a name opens a
    /// named argument or a context entry.
    fn name_before_colon(&self, first: usize) -> Option<usize> {
        if !matches!(
            self.tokens[first].kind,
            TokenKind::Name | TokenKind::Keyword(_)
        ) {
            return None;
        }
        for index in first + 1.. {
            match self.tokens[index].kind {
                TokenKind::Colon => return Some(index - 1),
                TokenKind::Name
                | TokenKind::Keyword(_)
                | TokenKind::Number
                | TokenKind::Dot
                | TokenKind::Slash
                | TokenKind::Minus
                | TokenKind::Plus
                | TokenKind::Star
                | TokenKind::Apostrophe => {}
                _ => return None,
            }
        }
        None
    }

    // ----- types ----------------------------------------------------------

    fn type_ref(&mut self) -> Result<TypeRef, ParseError> {
        self.enter()?;
        let result = self.type_ref_inner();
        self.nesting -= 1;
        result
    }

    fn type_ref_inner(&mut self) -> Result<TypeRef, ParseError> {
        let token = self.peek();
        let generic = self.peek_at(1).kind == TokenKind::Less;
        match (token.kind, self.text_of(token)) {
            (TokenKind::Name, "list" | "range") if generic => {
                self.bump();
                let open = self.bump();
                let inner = Box::new(self.type_ref()?);
                self.expect_type_close(open)?;
                Ok(if self.text_of(token) == "list" {
                    TypeRef::List(inner)
                } else {
                    TypeRef::Range(inner)
                })
            }
            (TokenKind::Name, "context") if generic => {
                self.bump();
                let open = self.bump();
                let mut fields = Vec::new();
                loop {
                    let Some(last) = self.name_before_colon(self.pos) else {
                        return Err(self.error(messages::context_type_field(self.peek().span)));
                    };
                    let (name, _) = self.joined_name(last);
                    self.bump(); // `:`
                    fields.push((name, self.type_ref()?));
                    if self.eat(TokenKind::Comma).is_none() {
                        self.expect_type_close(open)?;
                        return Ok(TypeRef::Context(fields));
                    }
                }
            }
            (TokenKind::Keyword(Keyword::Function), _) if generic => {
                self.bump();
                let open = self.bump();
                let mut parameters = Vec::new();
                if self.eat(TokenKind::Greater).is_none() {
                    loop {
                        parameters.push(self.type_ref()?);
                        if self.eat(TokenKind::Comma).is_none() {
                            self.expect_type_close(open)?;
                            break;
                        }
                    }
                }
                if self.eat(TokenKind::Arrow).is_none() {
                    return Err(self.error(messages::function_type_needs_result(open.span)));
                }
                Ok(TypeRef::Function(parameters, Box::new(self.type_ref()?)))
            }
            (TokenKind::Name | TokenKind::Keyword(_), _) => {
                let (mut name, _) = self.name();
                // A qualified name from an imported model: `tns.Applicant`.
                while self.is(TokenKind::Dot) && self.peek_at(1).kind == TokenKind::Name {
                    self.bump();
                    let (part, _) = self.name();
                    name = Arc::from(format!("{name}.{part}"));
                }
                Ok(TypeRef::Named(name))
            }
            _ => Err(self.error(messages::type_missing(
                self.previous().map_or(token.span, |t| t.span),
            ))),
        }
    }

    fn expect_type_close(&mut self, open: Token) -> Result<(), ParseError> {
        if self.eat(TokenKind::Greater).is_some() {
            return Ok(());
        }
        if self.is(TokenKind::End) {
            return Err(messages::unclosed("<", ">", open.span));
        }
        Err(self.unexpected(Some(messages::TYPE_CLOSE)))
    }

    // ----- unary tests ----------------------------------------------------

    fn top_level_tests(&mut self) -> Result<UnaryTests, ParseError> {
        let first = self.peek();
        if first.kind == TokenKind::Minus && self.peek_at(1).kind == TokenKind::End {
            return Ok(UnaryTests {
                kind: UnaryTestsKind::Any,
                span: first.span,
            });
        }
        if first.kind == TokenKind::End {
            return Err(messages::empty_tests());
        }
        let mut negation_error = None;
        if first.kind == TokenKind::Name
            && self.text_of(first) == "not"
            && self.peek_at(1).kind == TokenKind::OpenParen
        {
            self.bump();
            let open = self.bump();
            match self.tests_until_close(open) {
                Ok((tests, close, _)) if self.is(TokenKind::End) => {
                    let span = first.span.to(close.span);
                    return Ok(UnaryTests {
                        kind: UnaryTestsKind::Negated(tests),
                        span,
                    });
                }
                Ok(_) => {}
                Err(error) => negation_error = Some(error),
            }
            // `not(a) or b` is an expression that calls `not`.
            self.pos = 0;
            self.nesting = 0;
        }
        let positive = self.positive_tests();
        match (positive, negation_error) {
            (Err(_), Some(error)) => Err(error),
            (result, _) => result,
        }
    }

    fn positive_tests(&mut self) -> Result<UnaryTests, ParseError> {
        let mut tests = Vec::new();
        loop {
            tests.push(self.unary_test(true)?.0);
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect_end()?;
        let span = tests[0].span.to(tests[tests.len() - 1].span);
        Ok(UnaryTests {
            kind: UnaryTestsKind::Positive(tests),
            span,
        })
    }

    /// Comma-separated tests after `open` up to the matching `)`.
    fn tests_until_close(
        &mut self,
        open: Token,
    ) -> Result<(Vec<UnaryTest>, Token, u32), ParseError> {
        let mut tests = Vec::new();
        let mut depth = 0;
        loop {
            let (test, test_depth) = self.unary_test(true)?;
            tests.push(test);
            depth = depth.max(test_depth);
            if let Some(close) = self.eat(TokenKind::CloseParen) {
                return Ok((tests, close, depth));
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Err(self.close_expected(open, TokenKind::CloseParen));
            }
        }
    }

    /// One unary test. `whole` allows any expression, as in a decision
    /// table cell; otherwise, right after `in`, the test ends before `and`,
    /// `or` and comparisons.
    fn unary_test(&mut self, whole: bool) -> Parsed<UnaryTest> {
        let token = self.peek();
        if token.kind == TokenKind::Minus
            && matches!(
                self.peek_at(1).kind,
                TokenKind::Comma | TokenKind::CloseParen | TokenKind::End
            )
        {
            return Err(messages::any_test_not_alone(token.span));
        }
        if let Some(op) = test_comparison(token.kind) {
            self.bump();
            let (bound, depth) = self.binary(ADDITIVE)?;
            let span = token.span.to(bound.span);
            return Ok((
                UnaryTest {
                    kind: UnaryTestKind::Compare(op, bound),
                    span,
                },
                depth + 1,
            ));
        }
        let (expr, depth) = if whole {
            self.expression()?
        } else {
            self.binary(ADDITIVE)?
        };
        Ok((test_of_expression(expr), depth + 1))
    }

    /// The tests on the right of `in`: one test, or several in parentheses.
    fn in_tests(&mut self) -> Parsed<UnaryTests> {
        if !self.is(TokenKind::OpenParen) {
            let (test, depth) = self.unary_test(false)?;
            let span = test.span;
            return Ok((
                UnaryTests {
                    kind: UnaryTestsKind::Positive(vec![test]),
                    span,
                },
                depth + 1,
            ));
        }
        self.enter()?;
        let open = self.bump();
        let result = self.parenthesised_tests(open);
        self.nesting -= 1;
        result
    }

    fn parenthesised_tests(&mut self, open: Token) -> Parsed<UnaryTests> {
        let positive = |tests: Vec<UnaryTest>, span: Span| UnaryTests {
            kind: UnaryTestsKind::Positive(tests),
            span,
        };
        if test_comparison(self.peek().kind).is_some() {
            let (tests, close, depth) = self.tests_until_close(open)?;
            return Ok((positive(tests, open.span.to(close.span)), depth + 1));
        }
        let (first, first_depth) = self.expression()?;
        // `(1..5)` is an open range, not a test in parentheses.
        if self.is(TokenKind::DotDot) {
            let (range, depth) = self.range_rest(open, false, (first, first_depth))?;
            let test = test_of_expression(range);
            let span = test.span;
            return Ok((positive(vec![test], span), depth + 2));
        }
        let mut tests = vec![test_of_expression(first)];
        let mut depth = first_depth + 1;
        let close = if self.eat(TokenKind::Comma).is_some() {
            let (rest, close, rest_depth) = self.tests_until_close(open)?;
            tests.extend(rest);
            depth = depth.max(rest_depth);
            close
        } else {
            self.expect_close(open, TokenKind::CloseParen)?
        };
        Ok((positive(tests, open.span.to(close.span)), depth + 1))
    }

    // ----- errors ---------------------------------------------------------

    fn expect_end(&self) -> Result<(), ParseError> {
        let token = self.peek();
        match token.kind {
            TokenKind::End => Ok(()),
            TokenKind::CloseParen | TokenKind::CloseBracket | TokenKind::CloseBrace => {
                Err(messages::unmatched_close(self.text_of(token), token.span))
            }
            _ => Err(self.unexpected(None)),
        }
    }

    /// Prefers the lexer's error when the current token is no token at all:
    /// whatever else went wrong here, that is the real cause.
    fn error(&self, error: ParseError) -> ParseError {
        let token = self.peek();
        match token.kind {
            TokenKind::Invalid(lex_error) => {
                messages::lex_error(lex_error, self.text_of(token), token.span)
            }
            _ => error,
        }
    }

    fn missing_value(&self) -> ParseError {
        let token = self.peek();
        if token.kind == TokenKind::Apostrophe {
            return messages::single_quote(token.span);
        }
        let error = match (self.previous(), token.kind) {
            (None, TokenKind::End) => messages::empty_expression(),
            (Some(previous), _) => {
                messages::value_missing_after(self.text_of(previous), previous.span)
            }
            (None, _) => messages::value_missing_before(&self.describe(token), token.span),
        };
        self.error(error)
    }

    /// The current token cannot stand where it is.
    fn unexpected(&self, expected: Option<&str>) -> ParseError {
        let token = self.peek();
        if token.kind == TokenKind::Apostrophe {
            return messages::single_quote(token.span);
        }
        let previous = self.previous();
        let error = match previous {
            Some(previous)
                if previous.kind == TokenKind::Name && self.text_of(previous) == "not" =>
            {
                messages::not_needs_parentheses(token.span)
            }
            Some(previous) if previous.kind == TokenKind::Name && token.kind == TokenKind::Name => {
                messages::words_in_a_row(self.text_of(previous), self.text_of(token), token.span)
            }
            _ if token.kind == TokenKind::DotDot => messages::dots_outside_range(token.span),
            _ => messages::unexpected(&self.describe(token), expected, token.span),
        };
        self.error(error)
    }

    fn close_expected(&self, open: Token, close: TokenKind) -> ParseError {
        let (open_text, close_text) = (self.text_of(open), close_symbol(close));
        if self.is(TokenKind::End) {
            return self.error(messages::unclosed(open_text, close_text, open.span));
        }
        self.unexpected(Some(&messages::close_or_comma(open_text, close_text)))
    }

    fn expect_close(&mut self, open: Token, close: TokenKind) -> Result<Token, ParseError> {
        if let Some(token) = self.eat(close) {
            return Ok(token);
        }
        if self.is(TokenKind::End) {
            return Err(self.error(messages::unclosed(
                self.text_of(open),
                close_symbol(close),
                open.span,
            )));
        }
        Err(self.unexpected(Some(&messages::close_only(
            self.text_of(open),
            close_symbol(close),
        ))))
    }

    /// A keyword that a construct needs is missing; `message` builds the
    /// error from the span where it was expected.
    fn keyword_missing(&self, message: fn(Span) -> ParseError) -> ParseError {
        let token = self.peek();
        if token.kind == TokenKind::End {
            let at = self.previous().map_or(token.span, |t| t.span);
            return message(at);
        }
        self.error(message(token.span))
    }

    fn describe(&self, token: Token) -> String {
        let text = self.text_of(token);
        match token.kind {
            TokenKind::End => messages::END.to_owned(),
            TokenKind::Number => messages::describe_number(text),
            TokenKind::String => messages::describe_string(text),
            _ => format!("`{text}`"),
        }
    }
}

/// A number literal of at most nine digits (nearly all of them), built
/// from its digits and scale. It equals what [`Number`]'s `from_str` gives,
/// scale included, without the allocation that conversion from text needs.
fn short_number(text: &str) -> Option<Number> {
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    if integer.len() + fraction.len() > 9 {
        return None;
    }
    let coefficient = integer
        .bytes()
        .chain(fraction.bytes())
        .fold(0_u32, |value, digit| value * 10 + u32::from(digit - b'0'));
    let mut value = Decimal128::from(coefficient);
    if !fraction.is_empty() {
        let scale = i32::try_from(fraction.len()).ok()?;
        Context::<Decimal128>::default().set_exponent(&mut value, -scale);
    }
    Some(Number(value))
}

/// A node of the tree, unless the tree would grow deeper than allowed.
fn node(kind: ExprKind, span: Span, depth: u32) -> Parsed {
    if depth > MAX_DEPTH {
        return Err(messages::nested_too_deeply(span));
    }
    Ok((Expr { kind, span }, depth))
}

fn binary_strength(kind: TokenKind) -> Option<u8> {
    Some(match kind {
        TokenKind::Keyword(Keyword::Or) => OR,
        TokenKind::Keyword(Keyword::And) => AND,
        TokenKind::Equal
        | TokenKind::NotEqual
        | TokenKind::Less
        | TokenKind::LessOrEqual
        | TokenKind::Greater
        | TokenKind::GreaterOrEqual
        | TokenKind::Keyword(Keyword::Between | Keyword::In | Keyword::Instance) => COMPARISON,
        TokenKind::Plus | TokenKind::Minus => ADDITIVE,
        TokenKind::Star | TokenKind::Slash => MULTIPLICATIVE,
        TokenKind::Power => POWER,
        _ => return None,
    })
}

fn binary_op(kind: TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::Keyword(Keyword::Or) => BinaryOp::Or,
        TokenKind::Keyword(Keyword::And) => BinaryOp::And,
        TokenKind::Plus => BinaryOp::Add,
        TokenKind::Minus => BinaryOp::Subtract,
        TokenKind::Star => BinaryOp::Multiply,
        TokenKind::Slash => BinaryOp::Divide,
        TokenKind::Power => BinaryOp::Power,
        other => return test_comparison(other),
    })
}

fn test_comparison(kind: TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::Equal => BinaryOp::Equal,
        TokenKind::NotEqual => BinaryOp::NotEqual,
        TokenKind::Less => BinaryOp::Less,
        TokenKind::LessOrEqual => BinaryOp::LessOrEqual,
        TokenKind::Greater => BinaryOp::Greater,
        TokenKind::GreaterOrEqual => BinaryOp::GreaterOrEqual,
        _ => return None,
    })
}

/// Whether a token can begin an expression. Invalid tokens count, so that
/// their own error is reported where they stand.
fn starts_value(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Name
            | TokenKind::Number
            | TokenKind::String
            | TokenKind::At
            | TokenKind::Minus
            | TokenKind::OpenParen
            | TokenKind::OpenBracket
            | TokenKind::OpenBrace
            | TokenKind::Invalid(_)
            | TokenKind::Keyword(
                Keyword::Null
                    | Keyword::True
                    | Keyword::False
                    | Keyword::If
                    | Keyword::For
                    | Keyword::Some
                    | Keyword::Every
                    | Keyword::Function
            )
    )
}

fn close_symbol(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::CloseBracket => "]",
        TokenKind::CloseBrace => "}",
        _ => ")",
    }
}

/// A bracketed range written as a test is a range test; anything else is
/// an expression test.
fn test_of_expression(expr: Expr) -> UnaryTest {
    let span = expr.span;
    match expr.kind {
        ExprKind::Range(range) if range.start.is_some() && range.end.is_some() => UnaryTest {
            kind: UnaryTestKind::Range(*range),
            span,
        },
        kind => UnaryTest {
            kind: UnaryTestKind::Expr(Expr { kind, span }),
            span,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_equal_numbers_read_from_text_scale_included() {
        for text in [
            "0",
            "7",
            "46.00",
            "4.70",
            ".5",
            "0.05",
            "123456789",
            "1.23456789",
            "000012",
        ] {
            let short = short_number(text).unwrap();
            let read: Number = text.parse().unwrap();
            assert_eq!(short.0.to_le_bytes(), read.0.to_le_bytes(), "{text}");
            assert_eq!(short.to_string(), read.to_string(), "{text}");
        }
    }

    #[test]
    fn long_numbers_are_left_to_conversion_from_text() {
        assert!(short_number("1234567890").is_none());
    }

    #[test]
    fn names_are_indexed_by_their_first_word() {
        let names: NameSet = ["Full Name", "Full Name of Partner", "single"]
            .into_iter()
            .collect();
        let mut seen = Vec::new();
        names.visit_starting_with("Full", &mut |name| seen.push(name.to_owned()));
        assert_eq!(seen, ["Full Name", "Full Name of Partner"]);
        names.visit_starting_with("single", &mut |name| seen.push(name.to_owned()));
        assert_eq!(seen.len(), 2, "single words need no index");
    }
}

/// Every text the parser shows to a user, in one place.
mod messages {
    use super::{LexError, ParseError, Span};

    pub const END: &str = "the end of the expression";
    pub const RANGE_CLOSE: &str = "`]`, `)` or `[` to close the range";
    pub const TYPE_CLOSE: &str = "`>` to close the type";

    fn error(message: impl Into<String>, span: Span, help: Option<&str>) -> ParseError {
        ParseError {
            message: message.into(),
            span,
            help: help.map(str::to_owned),
        }
    }

    pub fn describe_number(text: &str) -> String {
        format!("the number `{text}`")
    }

    pub fn describe_string(text: &str) -> String {
        format!("the text {text}")
    }

    pub fn close_or_comma(open: &str, close: &str) -> String {
        format!("`,` or `{close}` (to close the `{open}`)")
    }

    pub fn close_only(open: &str, close: &str) -> String {
        format!("`{close}` (to close the `{open}`)")
    }

    pub fn too_long() -> ParseError {
        error("this expression is too long to be read", Span::at(0), None)
    }

    pub fn empty_expression() -> ParseError {
        error(
            "the expression is empty",
            Span::at(0),
            Some("write a value or a calculation, for example `0` or `age >= 18`"),
        )
    }

    pub fn empty_tests() -> ParseError {
        error(
            "the test is empty",
            Span::at(0),
            Some("write `-` to accept any value, or a test such as `< 10` or `\"GmbH\"`"),
        )
    }

    pub fn value_missing_after(previous: &str, span: Span) -> ParseError {
        error(format!("a value is missing after `{previous}`"), span, None)
    }

    pub fn value_missing_before(found: &str, span: Span) -> ParseError {
        error(format!("a value is missing before {found}"), span, None)
    }

    pub fn unclosed(open: &str, close: &str, open_span: Span) -> ParseError {
        error(
            format!("`{close}` expected to close the `{open}` opened here"),
            open_span,
            Some(&format!("add the missing `{close}`")),
        )
    }

    pub fn unmatched_close(close: &str, span: Span) -> ParseError {
        let open = match close {
            ")" => "(",
            "]" => "[",
            _ => "{",
        };
        error(
            format!("this `{close}` has no matching `{open}`"),
            span,
            Some(&format!(
                "remove it, or add the `{open}` where the group should start"
            )),
        )
    }

    pub fn unexpected(found: &str, expected: Option<&str>, span: Span) -> ParseError {
        let help = match expected {
            Some(expected) => format!("{expected} is expected here"),
            None => "an operator such as `+`, `=` or `and` may be missing before it".to_owned(),
        };
        error(format!("unexpected {found}"), span, Some(&help))
    }

    pub fn words_in_a_row(first: &str, second: &str, span: Span) -> ParseError {
        error(
            format!("unexpected `{second}` after `{first}`"),
            span,
            Some(&format!(
                "if `{first} {second}` is meant as one name, it is only recognised when it is \
                 declared (for example as a form field); otherwise an operator such as `+`, `=` \
                 or `and` is missing between them"
            )),
        )
    }

    pub fn not_needs_parentheses(span: Span) -> ParseError {
        error(
            "`not` must be followed by parentheses",
            span,
            Some("write `not(...)`, for example `not(severely_disabled)`"),
        )
    }

    pub fn typo(written: &str, meant: &str, span: Span) -> ParseError {
        error(
            format!("unexpected `{written}`; did you mean `{meant}`?"),
            span,
            None,
        )
    }

    pub fn double_equals(span: Span) -> ParseError {
        error(
            "unexpected `==`; did you mean `=`?",
            span,
            Some("FEEL compares two values with a single `=`"),
        )
    }

    pub fn single_quote(span: Span) -> ParseError {
        error(
            "unexpected `'`",
            span,
            Some("text is written between double quotes, for example \"GmbH\""),
        )
    }

    pub fn chained_comparison(operator: &str, span: Span) -> ParseError {
        error(
            format!("a comparison cannot be followed directly by `{operator}`"),
            span,
            Some(
                "join two comparisons with `and` (`x > 1 and x < 10`), or test a range with \
                 `between` (`x between 1 and 10`); use parentheses to compare a comparison's \
                 result",
            ),
        )
    }

    pub fn nested_too_deeply(span: Span) -> ParseError {
        error(
            format!(
                "this expression is nested too deeply (more than {} levels)",
                super::MAX_DEPTH
            ),
            span,
            Some("split it into smaller named values"),
        )
    }

    pub fn between_needs_and(span: Span) -> ParseError {
        error(
            "`between` needs `and` between its two bounds",
            span,
            Some("write it like `x between 1 and 10`"),
        )
    }

    pub fn instance_needs_of(span: Span) -> ParseError {
        error(
            "`instance` must be followed by `of`",
            span,
            Some("write `x instance of number`"),
        )
    }

    pub fn if_needs_then(span: Span) -> ParseError {
        error(
            "`then` is missing after the condition of `if`",
            span,
            Some("write it like `if age < 24 then 27.60 else 46.00`"),
        )
    }

    pub fn if_needs_else(span: Span) -> ParseError {
        error(
            "`else` is missing: every `if` needs an `else` part",
            span,
            Some("write it like `if age < 24 then 27.60 else 46.00`"),
        )
    }

    pub fn for_needs_return(span: Span) -> ParseError {
        error(
            "`return` is missing in this `for`",
            span,
            Some("write it like `for v in vehicles return v.length`"),
        )
    }

    pub fn quantifier_needs_satisfies(span: Span) -> ParseError {
        error(
            "`satisfies` is missing",
            span,
            Some("write it like `some v in vehicles satisfies v.length > 4.70`"),
        )
    }

    pub fn iterator_needs_in(name: &str, span: Span) -> ParseError {
        error(
            format!("`in` is missing after `{name}`"),
            span,
            Some("write it like `for v in vehicles return v.length`"),
        )
    }

    pub fn name_missing_after(after: &str, span: Span) -> ParseError {
        error(format!("a name is missing after `{after}`"), span, None)
    }

    pub fn parameter_name_missing(span: Span) -> ParseError {
        error(
            "a parameter name is missing",
            span,
            Some("write it like `function(a, b) a + b`"),
        )
    }

    pub fn function_needs_parameters(span: Span) -> ParseError {
        error(
            "`function` must be followed by its parameters in parentheses",
            span,
            Some("write it like `function(a, b) a + b`"),
        )
    }

    pub fn external_function(span: Span) -> ParseError {
        error(
            "external functions (Java or PMML) are not supported",
            span,
            Some("write the function's body in FEEL instead"),
        )
    }

    pub fn mixed_arguments(span: Span) -> ParseError {
        error(
            "a call must give either all arguments by name or none",
            span,
            Some("write either `f(1, 2)` or `f(a: 1, b: 2)`"),
        )
    }

    pub fn context_entry_malformed(span: Span) -> ParseError {
        error(
            "a context entry must start with a name followed by `:`",
            span,
            Some("write entries like `{ name: \"Erika\", \"postal code\": \"79098\" }`"),
        )
    }

    pub fn colon_missing(span: Span) -> ParseError {
        error(
            "`:` is missing after this name",
            span,
            Some("write entries like `{ name: \"Erika\" }`"),
        )
    }

    pub fn range_needs_dots(span: Span) -> ParseError {
        error(
            "this range has no `..` between its two ends",
            span,
            Some("write it like `]0..10]`"),
        )
    }

    pub fn range_end_missing(span: Span) -> ParseError {
        error(
            "the end of the range is missing after `..`",
            span,
            Some("write it like `[1..10]`"),
        )
    }

    pub fn range_not_closed(open_span: Span) -> ParseError {
        error(
            "this range is never closed",
            open_span,
            Some("close it with `]` to include the end, or `)` to exclude it"),
        )
    }

    pub fn dots_outside_range(span: Span) -> ParseError {
        error(
            "unexpected `..`",
            span,
            Some("a range is written between brackets, for example `[1..10]`"),
        )
    }

    pub fn temporal_needs_string(span: Span) -> ParseError {
        error(
            "`@` must be followed by a date, time or duration in double quotes",
            span,
            Some("write it like @\"2024-01-31\" or @\"P14D\""),
        )
    }

    pub fn number_too_long(span: Span) -> ParseError {
        error(
            "this number has too many digits",
            span,
            Some("numbers are kept exactly up to 34 digits"),
        )
    }

    pub fn type_missing(span: Span) -> ParseError {
        error(
            "a type is missing",
            span,
            Some("write a type such as `number`, `string`, `date` or `list<number>`"),
        )
    }

    pub fn context_type_field(span: Span) -> ParseError {
        error(
            "a field of a context type must be a name followed by `:` and a type",
            span,
            Some("write it like `context<name: string, age: number>`"),
        )
    }

    pub fn function_type_needs_result(span: Span) -> ParseError {
        error(
            "a function type needs `->` and the type of its result",
            span,
            Some("write it like `function<number, number> -> number`"),
        )
    }

    pub fn any_test_not_alone(span: Span) -> ParseError {
        error(
            "`-` (any value) must stand alone",
            span,
            Some("remove the other tests, or remove the `-`"),
        )
    }

    pub fn lex_error(kind: LexError, text: &str, span: Span) -> ParseError {
        match kind {
            LexError::UnclosedString => error(
                "this quote is never closed",
                span,
                Some("add a `\"` where the text ends"),
            ),
            LexError::UnclosedComment => error(
                "this comment is never closed",
                span,
                Some("end it with `*/`"),
            ),
            LexError::UnknownEscape => error(
                format!("`{text}` is not a known escape sequence"),
                span,
                Some(
                    "inside quotes, a backslash starts an escape: `\\\"` for a quote, `\\\\` for \
                     a backslash, `\\n` for a new line, `\\u00e4` for a character by its number",
                ),
            ),
            LexError::ShortUnicodeEscape => error(
                format!("`{text}` is incomplete"),
                span,
                Some("write `\\u` with exactly four hexadecimal digits, as in `\\u00e4`"),
            ),
            LexError::NoSuchCharacter => error(
                format!("`{text}` does not stand for any character"),
                span,
                None,
            ),
            LexError::Ampersand => typo(text, "and", span),
            LexError::Pipe => typo(text, "or", span),
            LexError::Bang => error(
                "unexpected `!`",
                span,
                Some("write `not(...)` to negate, and `!=` for \"not equal\""),
            ),
            LexError::Caret => typo("^", "**", span),
            LexError::Percent => error(
                "unexpected `%`",
                span,
                Some("write `modulo(a, b)` for the remainder, or `x / 100` for a percentage"),
            ),
            LexError::Semicolon => error("unexpected `;`", span, Some("separate values with `,`")),
            LexError::CurlyQuote => error(
                format!("unexpected `{text}`"),
                span,
                Some("text is written between straight double quotes: \"...\""),
            ),
            LexError::Character(c) => error(
                format!("the character `{c}` has no meaning here"),
                span,
                None,
            ),
        }
    }
}
