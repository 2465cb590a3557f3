//! The static type checker for FEEL: whether a guard, condition, computed
//! value or fee amount is well-typed, without evaluating it.
//!
//! The checker infers a [`Type`] for every expression from the names in
//! scope and FEEL's typing rules, and reports what can certainly not work:
//! unknown names and functions (with a suggestion when a known name is
//! close), operators applied to the wrong kinds of values, calls with the
//! wrong number, names or types of arguments, members a value does not have.
//!
//! It must never report a correct model. Whatever it cannot know is
//! [`Type::Any`], and nothing involving `Any` is reported; `null` fits
//! everywhere; a list may stand for a single value (FEEL turns a list of
//! one item into that item), so lists are never reported where a single
//! value is expected. Where the two branches of an `if` differ in type, the
//! result is `Any` rather than a warning: FEEL allows it, and a later
//! operation that needs a particular type is still checked where the type
//! is certain.

use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::Arc;

use crate::feel::ast::{
    self, Arguments, BinaryOp, ContextEntry, Expr, ExprKind, IterationDomain, Name, Parameter,
    Range, TypeRef, UnaryTest, UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use crate::feel::parser::{KnownNames, NameSet};
use crate::feel::signatures::{
    self, Accepts, Arity, BUILTINS, Builtin, Returns, Signature, builtin,
};
use crate::feel::types::{FunctionType, Type};
use crate::source::Span;

/// The names an expression can see, with their types.
pub trait Scope {
    /// The type of `name`, if it is in scope.
    fn lookup(&self, name: &str) -> Option<Type>;

    /// All names in scope, to suggest one when a name is unknown.
    fn names(&self) -> Vec<String>;

    /// A type defined by the model, for `instance of` and typed
    /// parameters. FEEL's own types are known without it.
    fn type_named(&self, _name: &str) -> Option<Type> {
        None
    }
}

/// No names at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyScope;

impl Scope for EmptyScope {
    fn lookup(&self, _: &str) -> Option<Type> {
        None
    }

    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Names and their types in a map. It also serves as [`KnownNames`] for the
/// parser, so that its names with spaces are read as one name.
#[derive(Debug, Clone, Default)]
pub struct MapScope {
    types: FxHashMap<String, Type>,
    spaced: NameSet,
}

impl MapScope {
    pub fn new() -> Self {
        MapScope::default()
    }

    pub fn insert(&mut self, name: impl Into<String>, ty: Type) -> &mut Self {
        let name = name.into();
        self.spaced.insert(&name);
        self.types.insert(name, ty);
        self
    }

    #[must_use]
    pub fn with(mut self, name: impl Into<String>, ty: Type) -> Self {
        self.insert(name, ty);
        self
    }
}

impl<S: Into<String>> FromIterator<(S, Type)> for MapScope {
    fn from_iter<I: IntoIterator<Item = (S, Type)>>(entries: I) -> Self {
        let mut scope = MapScope::new();
        for (name, ty) in entries {
            scope.insert(name, ty);
        }
        scope
    }
}

impl Scope for MapScope {
    fn lookup(&self, name: &str) -> Option<Type> {
        self.types.get(name).cloned()
    }

    fn names(&self) -> Vec<String> {
        self.types.keys().cloned().collect()
    }
}

impl KnownNames for MapScope {
    fn visit_starting_with(&self, first_word: &str, visit: &mut dyn FnMut(&str)) {
        self.spaced.visit_starting_with(first_word, visit);
    }
}

/// The type of an expression and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub ty: Type,
    pub problems: Vec<Problem>,
}

/// Something that certainly cannot work, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    UnknownName {
        name: String,
        suggestion: Option<String>,
    },
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    /// `on` has no member `name`: a context without that entry, or a
    /// temporal value without that property.
    UnknownMember {
        name: String,
        on: Type,
        suggestion: Option<String>,
    },
    /// A named argument the function has no parameter for.
    UnknownArgument {
        function: String,
        name: String,
        suggestion: Option<String>,
    },
    UnknownType {
        name: String,
        suggestion: Option<String>,
    },
    /// A call by name leaves out a parameter that is not optional.
    MissingArgument {
        function: String,
        parameter: String,
    },
    DuplicateArgument {
        name: String,
    },
    /// The call has `found` arguments; the function takes one of the counts
    /// in `allowed`, or `at_least` and more.
    WrongArgumentCount {
        function: String,
        allowed: Vec<usize>,
        at_least: Option<usize>,
        found: usize,
    },
    /// A value of type `found` where `expected` is needed for `operation`.
    TypeMismatch {
        expected: Expected,
        found: Type,
        operation: Operation,
    },
    /// A binary operator that cannot combine values of these two types.
    InvalidOperands {
        op: BinaryOp,
        left: Type,
        right: Type,
    },
    /// `for`, `some` or `every` over something that is not a list.
    NotAList {
        found: Type,
    },
    /// A call of something that is not a function.
    NotCallable {
        found: Type,
    },
    DuplicateKey {
        name: String,
    },
}

/// What a value should have been.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Type(Type),
    OneOf(Vec<Type>),
    /// A value that can be ordered.
    Orderable,
    Context,
    Function,
    ListOf(Box<Expected>),
    RangeOf(Box<Expected>),
}

/// What the value was needed for.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// The condition of `if`.
    Condition,
    /// The condition of `some` or `every`.
    Quantifier,
    /// An operand of `and` or `or`.
    Logic(BinaryOp),
    Negation,
    /// A bound of `between`, compared with the value.
    Between,
    /// A test of `in` or of a decision table cell, compared with the value
    /// tested.
    Test,
    /// The condition of a filter.
    Filter,
    /// An end of a range.
    RangeBound,
    /// An end of a `for` interval such as `1..n`.
    Interval,
    /// An argument of a function call.
    Argument {
        function: String,
        parameter: String,
    },
}

/// Checks an expression against the names in `scope`.
pub fn check(expr: &Expr, scope: &dyn Scope) -> Checked {
    let mut checker = Checker {
        scope,
        locals: Vec::new(),
        problems: Vec::new(),
    };
    let ty = checker.expr(expr);
    Checked {
        ty,
        problems: checker.problems,
    }
}

/// Checks unary tests (a decision table cell) whose input has type
/// `input`.
pub fn check_unary_tests(tests: &UnaryTests, input: &Type, scope: &dyn Scope) -> Vec<Problem> {
    let mut checker = Checker {
        scope,
        locals: Vec::new(),
        problems: Vec::new(),
    };
    checker.tests(tests, input);
    checker.problems
}

/// A name bound inside the expression: an iteration variable, a parameter,
/// an earlier context entry, `item` in a filter, `?` in a test.
enum Local {
    Name(Name, Type),
    /// Inside a filter over items of unknown shape, any name may be a
    /// member of the item: unknown names are not reported there.
    Open,
}

enum Lookup {
    Found(Type),
    Open,
    Missing,
}

struct Checker<'a> {
    scope: &'a dyn Scope,
    locals: Vec<Local>,
    problems: Vec<Problem>,
}

/// Whether a type says for certain what a value is: not unknown, not
/// `null`, and not a list, which might be a list of one standing for its
/// item.
fn certain(ty: &Type) -> bool {
    !matches!(ty, Type::Any | Type::Null | Type::List(_))
}

impl Checker<'_> {
    fn report(&mut self, kind: ProblemKind, span: Span) {
        self.problems.push(Problem { kind, span });
    }

    fn bind(&mut self, name: &Name, ty: Type) {
        self.locals.push(Local::Name(name.clone(), ty));
    }

    fn lookup(&self, name: &str) -> Lookup {
        let mut open = false;
        for local in self.locals.iter().rev() {
            match local {
                Local::Name(n, ty) if &**n == name => return Lookup::Found(ty.clone()),
                Local::Name(..) => {}
                Local::Open => open = true,
            }
        }
        match self.scope.lookup(name) {
            Some(ty) => Lookup::Found(ty),
            None if open => Lookup::Open,
            None => Lookup::Missing,
        }
    }

    /// Every name visible here, for suggestions.
    fn visible_names(&self) -> Vec<String> {
        let mut names = self.scope.names();
        names.extend(self.locals.iter().filter_map(|local| match local {
            Local::Name(name, _) => Some(name.to_string()),
            Local::Open => None,
        }));
        names
    }

    fn expr(&mut self, expr: &Expr) -> Type {
        match &expr.kind {
            ExprKind::Null => Type::Null,
            ExprKind::Boolean(_) => Type::Boolean,
            ExprKind::Number(_) => Type::Number,
            ExprKind::String(_) => Type::String,
            ExprKind::Temporal(text) => Type::of_temporal_text(text),
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::List(items) => {
                let mut element = Type::Null;
                for item in items {
                    let ty = self.expr(item);
                    element = element.unify(&ty);
                }
                Type::list(element)
            }
            ExprKind::Context(entries) => self.context(entries),
            ExprKind::Range(range) => self.range(range),
            ExprKind::Negate(operand) => self.negate(operand),
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, expr.span),
            ExprKind::Between { value, low, high } => self.between(value, low, high),
            ExprKind::In { value, tests } => {
                let ty = self.expr(value);
                self.tests(tests, &ty);
                Type::Boolean
            }
            ExprKind::InstanceOf { value, type_ref } => {
                self.expr(value);
                self.type_ref(type_ref, expr.span);
                Type::Boolean
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                self.expect_boolean(condition, Operation::Condition);
                let then = self.expr(then);
                let otherwise = self.expr(otherwise);
                then.unify(&otherwise)
            }
            ExprKind::For { iterators, body } => {
                let mark = self.locals.len();
                self.iterators(iterators);
                let body = self.expr(body);
                self.locals.truncate(mark);
                Type::list(body)
            }
            ExprKind::Quantified {
                iterators,
                condition,
                ..
            } => {
                let mark = self.locals.len();
                self.iterators(iterators);
                self.expect_boolean(condition, Operation::Quantifier);
                self.locals.truncate(mark);
                Type::Boolean
            }
            ExprKind::Filter { list, condition } => self.filter(list, condition),
            ExprKind::Path {
                base,
                name,
                name_span,
            } => self.path(base, name, *name_span),
            ExprKind::Call {
                function,
                arguments,
            } => self.call(function, arguments, expr.span),
            ExprKind::Function { parameters, body } => self.function(parameters, body),
        }
    }

    fn name(&mut self, name: &str, span: Span) -> Type {
        match self.lookup(name) {
            Lookup::Found(ty) => ty,
            Lookup::Open => Type::Any,
            Lookup::Missing => {
                if let Some(function) = builtin(name) {
                    return function_type(function);
                }
                let suggestion = suggest(name, self.visible_names());
                self.report(
                    ProblemKind::UnknownName {
                        name: name.to_owned(),
                        suggestion,
                    },
                    span,
                );
                Type::Any
            }
        }
    }

    fn context(&mut self, entries: &[ContextEntry]) -> Type {
        let mark = self.locals.len();
        let mut members: Vec<(Name, Type)> = Vec::with_capacity(entries.len());
        for entry in entries {
            let ty = self.expr(&entry.value);
            if members.iter().any(|(name, _)| *name == entry.key) {
                let name = entry.key.to_string();
                self.report(ProblemKind::DuplicateKey { name }, entry.key_span);
            }
            // Later entries see the earlier ones by name.
            self.bind(&entry.key, ty.clone());
            members.push((entry.key.clone(), ty));
        }
        self.locals.truncate(mark);
        Type::Context(members)
    }

    fn range(&mut self, range: &Range) -> Type {
        let start = range.start.as_ref().map(|e| (self.expr(e), e.span));
        let end = range.end.as_ref().map(|e| (self.expr(e), e.span));
        for (ty, span) in start.iter().chain(&end) {
            if certain(ty) && !ty.is_orderable() {
                self.mismatch(Expected::Orderable, ty, Operation::RangeBound, *span);
            }
        }
        match (start, end) {
            (Some((start, _)), Some((end, span))) => {
                if certain(&start) && certain(&end) && !start.can_order_with(&end) {
                    self.mismatch(
                        Expected::Type(start.clone()),
                        &end,
                        Operation::RangeBound,
                        span,
                    );
                }
                Type::range(start.unify(&end))
            }
            (Some((bound, _)), None) | (None, Some((bound, _))) => Type::range(bound),
            (None, None) => Type::range(Type::Any),
        }
    }

    fn negate(&mut self, operand: &Expr) -> Type {
        let ty = self.expr(operand);
        match ty {
            Type::Number | Type::YearsMonthsDuration | Type::DaysTimeDuration => ty,
            ref other if certain(other) => {
                let expected = Expected::OneOf(vec![
                    Type::Number,
                    Type::YearsMonthsDuration,
                    Type::DaysTimeDuration,
                ]);
                self.mismatch(expected, other, Operation::Negation, operand.span);
                Type::Any
            }
            _ => Type::Any,
        }
    }

    fn mismatch(&mut self, expected: Expected, found: &Type, operation: Operation, span: Span) {
        let found = found.clone();
        self.report(
            ProblemKind::TypeMismatch {
                expected,
                found,
                operation,
            },
            span,
        );
    }

    fn expect_boolean(&mut self, expr: &Expr, operation: Operation) {
        let ty = self.expr(expr);
        if !Type::Boolean.accepts(&ty) {
            self.mismatch(Expected::Type(Type::Boolean), &ty, operation, expr.span);
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, span: Span) -> Type {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            self.expect_boolean(left, Operation::Logic(op));
            self.expect_boolean(right, Operation::Logic(op));
            return Type::Boolean;
        }
        let left = self.expr(left);
        let right = self.expr(right);
        if op.is_comparison() {
            self.compare(op, &left, &right, span);
            return Type::Boolean;
        }
        if !certain(&left) || !certain(&right) {
            return Type::Any;
        }
        arithmetic(op, &left, &right).unwrap_or_else(|| {
            self.report(ProblemKind::InvalidOperands { op, left, right }, span);
            Type::Any
        })
    }

    fn compare(&mut self, op: BinaryOp, left: &Type, right: &Type, span: Span) {
        if !certain(left) || !certain(right) {
            return;
        }
        let fine = if matches!(op, BinaryOp::Equal | BinaryOp::NotEqual) {
            left.can_equal(right)
        } else {
            left.can_order_with(right)
        };
        if !fine {
            let (left, right) = (left.clone(), right.clone());
            self.report(ProblemKind::InvalidOperands { op, left, right }, span);
        }
    }

    fn between(&mut self, value: &Expr, low: &Expr, high: &Expr) -> Type {
        let ty = self.expr(value);
        if certain(&ty) && !ty.is_orderable() {
            self.mismatch(Expected::Orderable, &ty, Operation::Between, value.span);
        }
        for bound in [low, high] {
            let bound_ty = self.expr(bound);
            if certain(&ty)
                && ty.is_orderable()
                && certain(&bound_ty)
                && !ty.can_order_with(&bound_ty)
            {
                self.mismatch(
                    Expected::Type(ty.clone()),
                    &bound_ty,
                    Operation::Between,
                    bound.span,
                );
            }
        }
        Type::Boolean
    }

    fn tests(&mut self, tests: &UnaryTests, input: &Type) {
        match &tests.kind {
            UnaryTestsKind::Any => {}
            UnaryTestsKind::Positive(tests) | UnaryTestsKind::Negated(tests) => {
                for test in tests {
                    self.test(test, input);
                }
            }
        }
    }

    fn test(&mut self, test: &UnaryTest, input: &Type) {
        match &test.kind {
            UnaryTestKind::Compare(op, bound) => {
                let ty = self.expr(bound);
                self.compare(*op, input, &ty, test.span);
            }
            UnaryTestKind::Range(range) => {
                let ty = self.range(range);
                self.expect_in(input, &ty, test.span);
            }
            UnaryTestKind::Expr(expr) => {
                let mark = self.locals.len();
                self.bind(&Arc::from(ast::INPUT_NAME), input.clone());
                let ty = self.expr(expr);
                self.locals.truncate(mark);
                self.expect_in(input, &ty, test.span);
            }
        }
    }

    /// Whether an input of type `input` can match a test whose expression
    /// has type `test`: equal it, be one of its items, or lie in it.
    fn expect_in(&mut self, input: &Type, test: &Type, span: Span) {
        if !certain(input) {
            return;
        }
        let fine = match test {
            // A boolean expression is a condition on `?`.
            Type::Boolean | Type::Any | Type::Null => true,
            Type::List(item) => match &**item {
                Type::Range(item) => !certain(item) || input.can_order_with(item),
                item => !certain(item) || input.can_equal(item),
            },
            Type::Range(item) => !certain(item) || input.can_order_with(item),
            other => input.can_equal(other),
        };
        if !fine {
            let found = match test {
                Type::List(item) | Type::Range(item) => (**item).clone(),
                other => other.clone(),
            };
            self.mismatch(Expected::Type(input.clone()), &found, Operation::Test, span);
        }
    }

    fn iterators(&mut self, iterators: &[ast::Iterator]) {
        for iterator in iterators {
            let item = match &iterator.domain {
                IterationDomain::List(list) => {
                    let ty = self.expr(list);
                    match ty {
                        Type::List(item) | Type::Range(item) => *item,
                        Type::Any | Type::Null => Type::Any,
                        other => {
                            self.report(
                                ProblemKind::NotAList {
                                    found: other.clone(),
                                },
                                list.span,
                            );
                            other
                        }
                    }
                }
                IterationDomain::Interval(from, to) => {
                    let from_ty = self.interval_bound(from);
                    let to_ty = self.interval_bound(to);
                    from_ty.unify(&to_ty)
                }
            };
            // Later iterators and the body see this one.
            self.bind(&iterator.name, item);
        }
    }

    fn interval_bound(&mut self, bound: &Expr) -> Type {
        let ty = self.expr(bound);
        if certain(&ty) && !matches!(ty, Type::Number | Type::Date | Type::DateTime) {
            self.mismatch(
                Expected::Type(Type::Number),
                &ty,
                Operation::Interval,
                bound.span,
            );
            return Type::Any;
        }
        ty
    }

    fn filter(&mut self, list: &Expr, condition: &Expr) -> Type {
        let list_ty = self.expr(list);
        let item = list_ty.element();
        let mark = self.locals.len();
        match &item {
            Type::Context(members) => {
                for (name, ty) in members {
                    self.bind(name, ty.clone());
                }
            }
            Type::Any | Type::Null => self.locals.push(Local::Open),
            _ => {}
        }
        self.bind(&Arc::from("item"), item.clone());
        let condition_ty = self.expr(condition);
        self.locals.truncate(mark);
        match condition_ty {
            Type::Number => item,
            Type::Boolean => Type::list(item),
            ref other if certain(other) => {
                let expected = Expected::OneOf(vec![Type::Boolean, Type::Number]);
                self.mismatch(expected, other, Operation::Filter, condition.span);
                Type::Any
            }
            _ => Type::Any,
        }
    }

    fn path(&mut self, base: &Expr, name: &str, name_span: Span) -> Type {
        let base_ty = self.expr(base);
        if let Some(ty) = base_ty.member(name) {
            return ty;
        }
        let suggestion = suggest(name, base_ty.member_names());
        self.report(
            ProblemKind::UnknownMember {
                name: name.to_owned(),
                on: base_ty,
                suggestion,
            },
            name_span,
        );
        Type::Any
    }

    fn function(&mut self, parameters: &[Parameter], body: &Expr) -> Type {
        let mark = self.locals.len();
        let mut types = Vec::with_capacity(parameters.len());
        for parameter in parameters {
            let ty = parameter.type_ref.as_ref().map_or(Type::Any, |type_ref| {
                self.type_ref(type_ref, parameter.span)
            });
            self.bind(&parameter.name, ty.clone());
            types.push(ty);
        }
        let result = self.expr(body);
        self.locals.truncate(mark);
        Type::Function(Box::new(FunctionType {
            parameters: types,
            result,
        }))
    }

    /// The type a type reference names; an unknown name is reported.
    fn type_ref(&mut self, type_ref: &TypeRef, span: Span) -> Type {
        match type_ref {
            TypeRef::Named(name) => {
                if let Some(ty) = Type::named(name).or_else(|| self.scope.type_named(name)) {
                    return ty;
                }
                let suggestion = suggest(name, Type::NAMES.iter().map(|n| (*n).to_owned()));
                self.report(
                    ProblemKind::UnknownType {
                        name: name.to_string(),
                        suggestion,
                    },
                    span,
                );
                Type::Any
            }
            TypeRef::List(item) => Type::list(self.type_ref(item, span)),
            TypeRef::Range(item) => Type::range(self.type_ref(item, span)),
            TypeRef::Context(members) => Type::Context(
                members
                    .iter()
                    .map(|(name, ty)| (name.clone(), self.type_ref(ty, span)))
                    .collect(),
            ),
            TypeRef::Function(parameters, result) => {
                let parameters = parameters.iter().map(|p| self.type_ref(p, span)).collect();
                let result = self.type_ref(result, span);
                Type::Function(Box::new(FunctionType { parameters, result }))
            }
        }
    }

    // ----- calls ------------------------------------------------------------

    fn call(&mut self, function: &Expr, arguments: &Arguments, span: Span) -> Type {
        let given = self.arguments(arguments);
        if let ExprKind::Name(name) = &function.kind {
            let found = self.lookup(name);
            // A name in scope that holds no function does not hide the
            // built-in of that name: engines differ in whether variables
            // shadow functions, and a form field called `sum` must not make
            // `sum(fees)` wrong.
            let hides_builtin = matches!(&found, Lookup::Found(Type::Function(_) | Type::Any));
            if let Some(builtin) = builtin(name).filter(|_| !hides_builtin) {
                return self.builtin_call(builtin, &given, span);
            }
            if matches!(found, Lookup::Missing) {
                return self.unknown_function(name, function.span);
            }
        }
        let callee = self.expr(function);
        match callee {
            Type::Function(signature) => self.function_call(&signature, function, &given, span),
            ref other if certain(other) => {
                self.report(
                    ProblemKind::NotCallable {
                        found: other.clone(),
                    },
                    function.span,
                );
                Type::Any
            }
            _ => Type::Any,
        }
    }

    fn unknown_function(&mut self, name: &str, span: Span) -> Type {
        let mut candidates: Vec<String> = self
            .visible_names()
            .into_iter()
            .filter(|n| matches!(self.lookup(n), Lookup::Found(Type::Function(_))))
            .collect();
        candidates.extend(BUILTINS.iter().map(|b| b.name.to_owned()));
        let suggestion = suggest(name, candidates);
        self.report(
            ProblemKind::UnknownFunction {
                name: name.to_owned(),
                suggestion,
            },
            span,
        );
        Type::Any
    }

    fn arguments<'e>(&mut self, arguments: &'e Arguments) -> Vec<Given<'e>> {
        match arguments {
            Arguments::Positional(values) => values
                .iter()
                .map(|value| Given {
                    name: None,
                    ty: self.expr(value),
                    value,
                })
                .collect(),
            Arguments::Named(named) => named
                .iter()
                .map(|argument| Given {
                    name: Some((&*argument.name, argument.name_span)),
                    ty: self.expr(&argument.value),
                    value: &argument.value,
                })
                .collect(),
        }
    }

    /// A call of a user-defined function or of a function-typed name.
    fn function_call(
        &mut self,
        signature: &FunctionType,
        function: &Expr,
        given: &[Given],
        span: Span,
    ) -> Type {
        let function_name = match &function.kind {
            ExprKind::Name(name) => name.to_string(),
            _ => String::new(),
        };
        if given.iter().any(|g| g.name.is_some()) {
            // Parameter names of function values are not known here.
            return signature.result.clone();
        }
        if given.len() != signature.parameters.len() {
            let kind = ProblemKind::WrongArgumentCount {
                function: function_name,
                allowed: vec![signature.parameters.len()],
                at_least: None,
                found: given.len(),
            };
            self.report(kind, span);
            return signature.result.clone();
        }
        for (index, (argument, expected)) in given.iter().zip(&signature.parameters).enumerate() {
            if !expected.accepts(&argument.ty) {
                let operation = Operation::Argument {
                    function: function_name.clone(),
                    parameter: (index + 1).to_string(),
                };
                let expected = Expected::Type(expected.clone());
                self.mismatch(expected, &argument.ty, operation, argument.value.span);
            }
        }
        signature.result.clone()
    }

    fn builtin_call(&mut self, function: &'static Builtin, given: &[Given], span: Span) -> Type {
        let bindings = if given.iter().any(|g| g.name.is_some()) {
            self.bind_by_name(function, given, span)
        } else {
            self.bind_by_position(function, given, span)
        };
        let Some(candidates) = bindings else {
            return fallback_result(function);
        };

        // A call is fine when one form accepts every argument; otherwise the
        // form that accepts the most arguments in a row explains best what
        // is wrong.
        let mut fitting = Vec::new();
        let mut best_failure: Option<(usize, &Binding)> = None;
        for binding in &candidates {
            match binding
                .pairs
                .iter()
                .position(|(p, g)| !p.accepts.accepts(&given[*g].ty))
            {
                None => fitting.push(binding),
                Some(failed) => {
                    if best_failure.is_none_or(|(f, _)| failed > f) {
                        best_failure = Some((failed, binding));
                    }
                }
            }
        }
        if fitting.is_empty() {
            let Some((failed, binding)) = best_failure else {
                return fallback_result(function);
            };
            let (parameter, index) = binding.pairs[failed];
            let operation = Operation::Argument {
                function: function.name.to_owned(),
                parameter: parameter.name.to_owned(),
            };
            let argument = &given[index];
            self.mismatch(
                expected_of(parameter.accepts),
                &argument.ty,
                operation,
                argument.value.span,
            );
            return result_of(binding, given);
        }
        // Where some forms take the arguments as they are and others only
        // by converting between lists and single values, the former are
        // meant: `min([1, 2])` is the minimum of a list.
        let as_is: Vec<&Binding> = fitting
            .iter()
            .copied()
            .filter(|b| {
                b.pairs
                    .iter()
                    .all(|(p, g)| p.accepts.accepts_as_is(&given[*g].ty))
            })
            .collect();
        let chosen = if as_is.is_empty() { fitting } else { as_is };
        chosen
            .iter()
            .map(|binding| result_of(binding, given))
            .reduce(|a, b| a.unify(&b))
            .unwrap_or(Type::Any)
    }

    /// The forms that take this many positional arguments, with the
    /// parameter each argument binds to.
    fn bind_by_position(
        &mut self,
        function: &'static Builtin,
        given: &[Given],
        span: Span,
    ) -> Option<Vec<Binding>> {
        let candidates: Vec<Binding> = function
            .forms
            .iter()
            .filter(|form| {
                let (least, most) = form.argument_counts();
                given.len() >= least && most.is_none_or(|most| given.len() <= most)
            })
            .map(|form| Binding {
                form,
                pairs: (0..given.len())
                    .filter_map(|i| form.parameter_at(i).map(|p| (p, i)))
                    .collect(),
            })
            .collect();
        if candidates.is_empty() {
            let (allowed, at_least) = argument_counts(function);
            let kind = ProblemKind::WrongArgumentCount {
                function: function.name.to_owned(),
                allowed,
                at_least,
                found: given.len(),
            };
            self.report(kind, span);
            return None;
        }
        Some(candidates)
    }

    /// The forms that have a parameter for every name given and get every
    /// parameter they require.
    fn bind_by_name(
        &mut self,
        function: &'static Builtin,
        given: &[Given],
        span: Span,
    ) -> Option<Vec<Binding>> {
        for (index, argument) in given.iter().enumerate() {
            let Some((name, name_span)) = argument.name else {
                continue;
            };
            if given[..index]
                .iter()
                .any(|g| g.name.is_some_and(|(n, _)| n == name))
            {
                self.report(
                    ProblemKind::DuplicateArgument {
                        name: name.to_owned(),
                    },
                    name_span,
                );
                return None;
            }
        }
        let bind = |form: &'static Signature| -> Option<Binding> {
            let mut pairs = Vec::with_capacity(given.len());
            for (index, argument) in given.iter().enumerate() {
                pairs.push((form.parameter_named(argument.name?.0)?, index));
            }
            let complete = form
                .parameters
                .iter()
                .filter(|p| p.arity == Arity::Required)
                .all(|p| pairs.iter().any(|(bound, _)| bound.name == p.name));
            complete.then_some(Binding { form, pairs })
        };
        let candidates: Vec<Binding> = function.forms.iter().filter_map(bind).collect();
        if !candidates.is_empty() {
            return Some(candidates);
        }

        let names: Vec<&str> = function
            .forms
            .iter()
            .flat_map(|f| f.parameters.iter().map(|p| p.name))
            .collect();
        if let Some((name, name_span)) = given
            .iter()
            .filter_map(|g| g.name)
            .find(|(name, _)| !names.contains(name))
        {
            let suggestion = suggest(name, names.iter().map(|n| (*n).to_owned()));
            let kind = ProblemKind::UnknownArgument {
                function: function.name.to_owned(),
                name: name.to_owned(),
                suggestion,
            };
            self.report(kind, name_span);
            return None;
        }
        // Every name exists, so some required parameter is missing: name the
        // first one of the form that has all the names given.
        let form = function
            .forms
            .iter()
            .find(|form| {
                given.iter().all(|g| {
                    g.name
                        .is_some_and(|(n, _)| form.parameter_named(n).is_some())
                })
            })
            .unwrap_or(&function.forms[0]);
        if let Some(missing) = form.parameters.iter().find(|p| {
            p.arity == Arity::Required
                && !given
                    .iter()
                    .any(|g| g.name.is_some_and(|(n, _)| n == p.name))
        }) {
            let kind = ProblemKind::MissingArgument {
                function: function.name.to_owned(),
                parameter: missing.name.to_owned(),
            };
            self.report(kind, span);
        }
        None
    }
}

/// An argument as given in a call.
struct Given<'e> {
    name: Option<(&'e str, Span)>,
    ty: Type,
    value: &'e Expr,
}

/// A form of a built-in with the arguments bound to its parameters: pairs
/// of parameter and index of the argument.
struct Binding {
    form: &'static Signature,
    pairs: Vec<(&'static signatures::Parameter, usize)>,
}

/// What a call returns when it could not be matched to a form: the result
/// all forms agree on, or `Any`.
fn fallback_result(function: &Builtin) -> Type {
    let mut results = function.forms.iter().map(|form| match form.returns {
        Returns::Fixed(accepts) => accepts.result_type(),
        _ => Type::Any,
    });
    let first = results.next().unwrap_or(Type::Any);
    results.fold(first, |a, b| a.unify(&b))
}

fn result_of(binding: &Binding, given: &[Given]) -> Type {
    let argument = |position: usize| {
        binding.pairs.iter().find(|(p, _)| {
            binding
                .form
                .parameters
                .iter()
                .position(|q| q.name == p.name)
                == Some(position)
        })
    };
    match binding.form.returns {
        Returns::Fixed(accepts) => accepts.result_type(),
        Returns::First => argument(0).map_or(Type::Any, |(parameter, index)| {
            let ty = given[*index].ty.clone();
            match (parameter.accepts, ty) {
                (Accepts::List(_), ty @ Type::List(_)) => ty,
                (Accepts::List(_), ty) if !matches!(ty, Type::Any) => Type::list(ty),
                // A list of one passed for a single value stands for its item.
                (_, Type::List(item)) => *item,
                (_, ty) => ty,
            }
        }),
        Returns::ItemOfFirst => {
            argument(0).map_or(Type::Any, |(_, index)| given[*index].ty.element())
        }
        Returns::CommonOfAll => binding
            .pairs
            .iter()
            .map(|(_, index)| given[*index].ty.clone())
            .reduce(|a, b| a.unify(&b))
            .unwrap_or(Type::Any),
        Returns::ListOfAllItems => Type::list(
            binding
                .pairs
                .iter()
                .filter(|(p, _)| matches!(p.accepts, Accepts::Any | Accepts::List(_)))
                .map(|(_, index)| given[*index].ty.element())
                .reduce(|a, b| a.unify(&b))
                .unwrap_or(Type::Null),
        ),
        Returns::DurationOfText => match argument(0).map(|(_, index)| &given[*index].value.kind) {
            Some(ExprKind::String(text)) => Type::of_temporal_text(text),
            _ => Type::Any,
        },
    }
}

/// The argument counts a built-in takes: the exact counts of its forms, and
/// the least count of a form whose last parameter repeats.
fn argument_counts(function: &Builtin) -> (Vec<usize>, Option<usize>) {
    let mut allowed = Vec::new();
    let mut at_least: Option<usize> = None;
    for form in function.forms {
        match form.argument_counts() {
            (least, Some(most)) => allowed.extend(least..=most),
            (least, None) => at_least = Some(at_least.map_or(least, |a| a.min(least))),
        }
    }
    allowed.sort_unstable();
    allowed.dedup();
    if let Some(least) = at_least {
        allowed.retain(|count| *count < least);
    }
    (allowed, at_least)
}

fn function_type(function: &Builtin) -> Type {
    let form = &function.forms[0];
    Type::Function(Box::new(FunctionType {
        parameters: form
            .parameters
            .iter()
            .map(|p| p.accepts.result_type())
            .collect(),
        result: match form.returns {
            Returns::Fixed(accepts) => accepts.result_type(),
            _ => Type::Any,
        },
    }))
}

fn expected_of(accepts: Accepts) -> Expected {
    if let Some(ty) = accepts.as_type() {
        return Expected::Type(ty);
    }
    match accepts {
        Accepts::DateOrDateTime => Expected::OneOf(vec![Type::Date, Type::DateTime]),
        Accepts::TimeOrDateTime => Expected::OneOf(vec![Type::Time, Type::DateTime]),
        Accepts::Duration => {
            Expected::OneOf(vec![Type::YearsMonthsDuration, Type::DaysTimeDuration])
        }
        Accepts::Context => Expected::Context,
        Accepts::Function => Expected::Function,
        Accepts::List(item) => Expected::ListOf(Box::new(expected_of(*item))),
        Accepts::Range(item) => Expected::RangeOf(Box::new(expected_of(*item))),
        _ => Expected::Orderable,
    }
}

/// The result of a binary arithmetic operator on values of certain types,
/// by FEEL's rules; `None` when the operator does not apply to them.
fn arithmetic(op: BinaryOp, left: &Type, right: &Type) -> Option<Type> {
    use Type as T;
    let result = match (op, left, right) {
        (
            BinaryOp::Add
            | BinaryOp::Subtract
            | BinaryOp::Multiply
            | BinaryOp::Divide
            | BinaryOp::Power,
            T::Number,
            T::Number,
        ) => T::Number,
        (BinaryOp::Add, T::String, T::String) => T::String,
        (BinaryOp::Add, T::Date, d) | (BinaryOp::Add, d, T::Date) if d.is_duration() => T::Date,
        (BinaryOp::Add, T::DateTime, d) | (BinaryOp::Add, d, T::DateTime) if d.is_duration() => {
            T::DateTime
        }
        (BinaryOp::Add | BinaryOp::Subtract, T::Time, T::DaysTimeDuration)
        | (BinaryOp::Add, T::DaysTimeDuration, T::Time) => T::Time,
        (BinaryOp::Subtract, T::Date | T::DateTime, T::Date | T::DateTime)
        | (BinaryOp::Subtract, T::Time, T::Time) => T::DaysTimeDuration,
        (BinaryOp::Subtract, T::Date, d) if d.is_duration() => T::Date,
        (BinaryOp::Subtract, T::DateTime, d) if d.is_duration() => T::DateTime,
        (BinaryOp::Add | BinaryOp::Subtract, a, b) if a.is_duration() && a == b => a.clone(),
        (BinaryOp::Multiply, d, T::Number) | (BinaryOp::Multiply, T::Number, d)
            if d.is_duration() =>
        {
            d.clone()
        }
        (BinaryOp::Divide, d, T::Number) if d.is_duration() => d.clone(),
        (BinaryOp::Divide, a, b) if a.is_duration() && a == b => T::Number,
        _ => return None,
    };
    Some(result)
}

/// The candidate closest to `name`, when it is close enough to be what was
/// meant: the same name in other capitals, or one within a few typing
/// mistakes (about one per four characters).
fn suggest(name: &str, candidates: impl IntoIterator<Item = String>) -> Option<String> {
    let wanted = name.to_lowercase();
    let length = wanted.chars().count();
    let mut best: Option<(usize, String)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&wanted, &candidate.to_lowercase());
        let close = distance == 0 || (length > 2 && distance <= 1 + length / 4);
        let better = best
            .as_ref()
            .is_none_or(|(d, c)| (distance, &candidate) < (*d, c));
        if close && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

impl Problem {
    /// What is wrong, in plain words.
    pub fn message(&self) -> String {
        messages::message(&self.kind)
    }

    /// How to fix it, where something can be said.
    pub fn help(&self) -> Option<String> {
        messages::help(&self.kind)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::expected(self))
    }
}

/// Every text the checker shows to a user, in one place.
mod messages {
    use super::{BinaryOp, Expected, Operation, ProblemKind, Type};

    /// A type as a phrase in a sentence: "a number", "a list of numbers".
    pub fn a(ty: &Type) -> String {
        match ty {
            Type::Any => "a value".to_owned(),
            Type::Null => "`null`".to_owned(),
            Type::Number => "a number".to_owned(),
            Type::String => "a text (string)".to_owned(),
            Type::Boolean => "a truth value (boolean)".to_owned(),
            Type::Date => "a date".to_owned(),
            Type::Time => "a time".to_owned(),
            Type::DateTime => "a date and time".to_owned(),
            Type::YearsMonthsDuration => "a duration in years and months".to_owned(),
            Type::DaysTimeDuration => "a duration in days and time".to_owned(),
            Type::List(_) => format!("a list (`{ty}`)"),
            Type::Context(_) => format!("a context (`{ty}`)"),
            Type::Range(_) => format!("a range (`{ty}`)"),
            Type::Function(_) => "a function".to_owned(),
        }
    }

    pub fn expected(wanted: &Expected) -> String {
        match wanted {
            Expected::Type(ty) => a(ty),
            Expected::OneOf(types) => {
                let phrases: Vec<String> = types.iter().map(a).collect();
                match phrases.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => phrases.join(""),
                }
            }
            Expected::Orderable => {
                "a value that can be ordered (number, text, date, time or duration)".to_owned()
            }
            Expected::Context => "a context".to_owned(),
            Expected::Function => "a function".to_owned(),
            Expected::ListOf(item) => format!("a list of items that are each {}", expected(item)),
            Expected::RangeOf(item) => format!("a range of {}", expected(item)),
        }
    }

    fn operation(operation: &Operation) -> String {
        match operation {
            Operation::Condition => "the condition of `if`".to_owned(),
            Operation::Quantifier => "the condition after `satisfies`".to_owned(),
            Operation::Logic(op) => format!("`{}`", op.symbol()),
            Operation::Negation => "`-` (negation)".to_owned(),
            Operation::Between => "`between`".to_owned(),
            Operation::Test => "this test".to_owned(),
            Operation::Filter => "the filter in `[...]`".to_owned(),
            Operation::RangeBound => "a bound of this range".to_owned(),
            Operation::Interval => "a bound of this interval".to_owned(),
            Operation::Argument {
                function,
                parameter,
            } if function.is_empty() => {
                format!("argument {parameter}")
            }
            Operation::Argument {
                function,
                parameter,
            } => {
                format!("the argument `{parameter}` of `{function}`")
            }
        }
    }

    fn verb(op: BinaryOp, left: &Type, right: &Type) -> String {
        let (l, r) = (a(left), a(right));
        match op {
            BinaryOp::Add => format!("`+` cannot add {r} to {l}"),
            BinaryOp::Subtract => format!("`-` cannot subtract {r} from {l}"),
            BinaryOp::Multiply => format!("`*` cannot multiply {l} by {r}"),
            BinaryOp::Divide => format!("`/` cannot divide {l} by {r}"),
            BinaryOp::Power => format!("`**` cannot raise {l} to the power of {r}"),
            BinaryOp::Equal | BinaryOp::NotEqual => {
                format!(
                    "`{}` compares {l} with {r}, which can never be equal",
                    op.symbol()
                )
            }
            _ => format!("`{}` cannot compare {l} with {r}", op.symbol()),
        }
    }

    fn count(allowed: &[usize], at_least: Option<usize>) -> String {
        let mut phrases: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        if let Some(least) = at_least {
            phrases.push(format!("{least} or more"));
        }
        let plural = !(phrases.len() == 1 && allowed == [1]);
        let joined = match phrases.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => phrases.join(""),
        };
        format!("{joined} argument{}", if plural { "s" } else { "" })
    }

    pub fn message(kind: &ProblemKind) -> String {
        match kind {
            ProblemKind::UnknownName { name, .. } if name == "?" => {
                "`?` is only known in a test".to_owned()
            }
            ProblemKind::UnknownName { name, .. } => format!("`{name}` is not known here"),
            ProblemKind::UnknownFunction { name, .. } => {
                format!("there is no function called `{name}`")
            }
            ProblemKind::UnknownMember { name, on, .. } => {
                format!("{} has no member `{name}`", capitalised(&a(on)))
            }
            ProblemKind::UnknownArgument { function, name, .. } => {
                format!("`{function}` has no parameter called `{name}`")
            }
            ProblemKind::UnknownType { name, .. } => format!("there is no type called `{name}`"),
            ProblemKind::MissingArgument {
                function,
                parameter,
            } => {
                format!("the argument `{parameter}` of `{function}` is missing")
            }
            ProblemKind::DuplicateArgument { name } => {
                format!("the argument `{name}` is given twice")
            }
            ProblemKind::WrongArgumentCount {
                function,
                allowed,
                at_least,
                found,
            } => {
                let function = if function.is_empty() {
                    "this function"
                } else {
                    function
                };
                format!(
                    "`{function}` takes {}, but {found} {} given",
                    count(allowed, *at_least),
                    if *found == 1 { "is" } else { "are" }
                )
            }
            ProblemKind::TypeMismatch {
                expected: wanted,
                found,
                operation: op,
            } => format!(
                "{} needs {}, but this is {}",
                capitalised(&operation(op)),
                expected(wanted),
                a(found)
            ),
            ProblemKind::InvalidOperands { op, left, right } => verb(*op, left, right),
            ProblemKind::NotAList { found } => {
                format!("this is {}, not a list to go through", a(found))
            }
            ProblemKind::NotCallable { found } => {
                format!("this is {}, not a function that can be called", a(found))
            }
            ProblemKind::DuplicateKey { name } => {
                format!("the entry `{name}` appears twice in this context")
            }
        }
    }

    pub fn help(kind: &ProblemKind) -> Option<String> {
        match kind {
            ProblemKind::UnknownName { name, .. } if name == "?" => Some(
                "`?` stands for the value being tested, in a decision table cell or after `in`"
                    .to_owned(),
            ),
            ProblemKind::UnknownName { name, .. }
                if matches!(
                    name.to_lowercase().as_str(),
                    "yes" | "no" | "ja" | "nein" | "wahr" | "falsch"
                ) =>
            {
                Some("for yes and no, write `true` or `false` without quotes".to_owned())
            }
            ProblemKind::UnknownName { name, .. } if name == "decision" => Some(
                "`decision` is known only in the transitions of a task; a wait step's \
                 transitions read `event`"
                    .to_owned(),
            ),
            ProblemKind::UnknownName {
                suggestion: Some(s),
                ..
            }
            | ProblemKind::UnknownFunction {
                suggestion: Some(s),
                ..
            }
            | ProblemKind::UnknownMember {
                suggestion: Some(s),
                ..
            }
            | ProblemKind::UnknownArgument {
                suggestion: Some(s),
                ..
            }
            | ProblemKind::UnknownType {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            ProblemKind::UnknownName { .. } => Some(
                "check the spelling, or declare the name (for example as a form field or a \
                 computed value)"
                    .to_owned(),
            ),
            ProblemKind::InvalidOperands {
                op: BinaryOp::Add | BinaryOp::Subtract,
                left,
                right,
            } if [left, right]
                .iter()
                .any(|t| matches!(t, Type::Date | Type::DateTime))
                && [left, right].contains(&&Type::Number) =>
            {
                Some(
                    "to move a date, add or subtract a duration, for example \
                     `submitted + duration(\"P14D\")`"
                        .to_owned(),
                )
            }
            ProblemKind::InvalidOperands {
                op: BinaryOp::Add,
                left,
                right,
            } if [left, right].contains(&&Type::String) => Some(
                "to join a number to a text, convert it first: `\"Nr. \" + string(n)`".to_owned(),
            ),
            ProblemKind::InvalidOperands { left, right, .. }
                if [left, right].contains(&&Type::String)
                    && [left, right].contains(&&Type::Number) =>
            {
                Some(
                    "a number written in quotes is a text: write `18`, not `\"18\"`, or convert \
                     with `number(...)`"
                        .to_owned(),
                )
            }
            ProblemKind::TypeMismatch {
                found: Type::String,
                expected: Expected::Type(Type::Boolean),
                ..
            } => Some("`\"true\"` in quotes is a text; write `true` without quotes".to_owned()),
            _ => None,
        }
    }

    fn capitalised(text: &str) -> String {
        let mut chars = text.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }
}
