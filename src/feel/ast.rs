//! The syntax tree of FEEL expressions and unary tests.
//!
//! The tree is shared by the static checker, the evaluator and the exporters,
//! so it stays close to the language as written: it records what the author
//! wrote, with spans, and leaves name resolution to whoever walks it. Spans
//! are byte offsets into the expression text.

use std::sync::Arc;

use crate::feel::number::Number;
use crate::source::Span;

/// A name as written in an expression. FEEL names may contain spaces
/// (`years and months duration`); they are stored as written, with runs of
/// white space collapsed to one space.
pub type Name = Arc<str>;

/// An expression with the span it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true`, `false`
    Boolean(bool),
    /// `46.00`, `.5`: kept exact, with the scale as written.
    Number(Number),
    /// `"text"`, with escapes already resolved.
    String(Arc<str>),
    /// `@"2026-02-07"`, `@"P3M"`: a temporal literal, interpreted on
    /// evaluation like the matching conversion function.
    Temporal(Arc<str>),
    /// A variable, or a function when it is called.
    Name(Name),
    /// `[1, 2, 3]`
    List(Vec<Expr>),
    /// `{ name: "x", "other key": 2 }`
    Context(Vec<ContextEntry>),
    /// `[1..10]`, `(a..b]`, `]1..10[`, and comparisons used as range values.
    Range(Box<Range>),
    /// `-x`
    Negate(Box<Expr>),
    /// `a + b`, `a = b`, `a and b`, ...
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `x between a and b`
    Between {
        value: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    /// `x in (1, 2)`, `x in [1..5]`, `x in > 3`: the value against positive
    /// unary tests, true when any test holds.
    In {
        value: Box<Expr>,
        tests: Box<UnaryTests>,
    },
    /// `x instance of number`
    InstanceOf { value: Box<Expr>, type_ref: TypeRef },
    /// `if c then a else b`
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `for x in xs, y in 1..3 return x * y`
    For {
        iterators: Vec<Iterator>,
        body: Box<Expr>,
    },
    /// `some x in xs satisfies x > 1`, `every ...`
    Quantified {
        quantifier: Quantifier,
        iterators: Vec<Iterator>,
        condition: Box<Expr>,
    },
    /// `list[item > 2]` or `list[1]`
    Filter {
        list: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `date.year`, `applicant.name`
    Path {
        base: Box<Expr>,
        name: Name,
        name_span: Span,
    },
    /// `round half up(x, 2)`, `f(a: 1)`
    Call {
        function: Box<Expr>,
        arguments: Arguments,
    },
    /// `function(a, b) a + b`
    Function {
        parameters: Vec<Parameter>,
        body: Box<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

impl BinaryOp {
    /// The operator as written in FEEL.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Power => "**",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Equal
                | BinaryOp::NotEqual
                | BinaryOp::Less
                | BinaryOp::LessOrEqual
                | BinaryOp::Greater
                | BinaryOp::GreaterOrEqual
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContextEntry {
    pub key: Name,
    pub key_span: Span,
    pub value: Expr,
}

/// A range with optional ends. An end that is `None` is unbounded, as in the
/// range value of `< 10`.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub start: Option<Expr>,
    pub end: Option<Expr>,
    pub start_closed: bool,
    pub end_closed: bool,
}

/// One `name in domain` of a `for`, `some` or `every`.
#[derive(Debug, Clone, PartialEq)]
pub struct Iterator {
    pub name: Name,
    pub name_span: Span,
    pub domain: IterationDomain,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IterationDomain {
    /// `x in list`
    List(Expr),
    /// `i in 1..3`: the integers from one bound to the other.
    Interval(Expr, Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Some,
    Every,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Arguments {
    Positional(Vec<Expr>),
    Named(Vec<NamedArgument>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct NamedArgument {
    pub name: Name,
    pub name_span: Span,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: Name,
    pub span: Span,
    pub type_ref: Option<TypeRef>,
}

/// A type as written after `instance of` or on a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `number`, `string`, `date and time`, `Any`, ...
    Named(Name),
    /// `list<number>`
    List(Box<TypeRef>),
    /// `range<date>`
    Range(Box<TypeRef>),
    /// `context<name: string, age: number>`
    Context(Vec<(Name, TypeRef)>),
    /// `function<number, number> -> number`
    Function(Vec<TypeRef>, Box<TypeRef>),
}

/// Comma-separated unary tests, as in a decision table cell or on the right
/// of `in`: the input matches when any of the tests holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UnaryTests {
    pub kind: UnaryTestsKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnaryTestsKind {
    /// `-`: matches every input.
    Any,
    /// `t1, t2, ...`: matches when any test holds.
    Positive(Vec<UnaryTest>),
    /// `not(t1, t2, ...)`: matches when no test holds.
    Negated(Vec<UnaryTest>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnaryTest {
    pub kind: UnaryTestKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnaryTestKind {
    /// `< 4.70`, `>= date("2024-01-01")`, `!= "x"`, `= 3`
    Compare(BinaryOp, Expr),
    /// `[4.20..4.70]`, `(0..10)`
    Range(Range),
    /// Any other expression. It holds when the input equals its value, or,
    /// when its value is a list, is contained in it; when the expression
    /// mentions the input as `?` and yields a boolean, it holds when true;
    /// when it yields a range, the input must lie in it.
    Expr(Expr),
}

/// The name under which a unary test sees its input (`? > 3`).
pub const INPUT_NAME: &str = "?";
