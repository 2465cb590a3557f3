//! Evaluation of FEEL expressions and unary tests.
//!
//! An expression is compiled once into a tree of [`Node`]s in which every
//! name is resolved: variables to numbered slots, built-in functions to
//! their implementation, named arguments to positions, literals to values.
//! Parts that do not depend on variables (`date("2024-01-01")`,
//! `duration("P3M")`) are computed at compile time. Evaluating the compiled
//! form for a case then only walks the tree; it allocates nothing unless
//! the expression builds lists, contexts or strings, or binds names of its
//! own (iterations, filters, contexts, function parameters).
//!
//! Errors never stop evaluation: following FEEL, an operation that has no
//! result (division by zero, values of the wrong type, an unknown name)
//! yields null, and null propagates.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use crate::feel::ast::{
    Arguments, BinaryOp, Expr, ExprKind, INPUT_NAME, IterationDomain, Name, Quantifier, TypeRef,
    UnaryTest, UnaryTestKind, UnaryTests, UnaryTestsKind,
};
use crate::feel::builtins::{self, Binding, Builtin};
use crate::feel::number::Number;
use crate::feel::temporal::{self, Duration};
use crate::feel::value::{Context, Function, Range, Value};

// ---------------------------------------------------------------------------
// Public interface
// ---------------------------------------------------------------------------

/// An expression compiled for a fixed list of variable names.
#[derive(Debug)]
pub struct Compiled {
    node: Node,
    inputs: usize,
    frame: usize,
}

/// Unary tests (a decision table cell, or the right side of `in`) compiled
/// for a fixed list of variable names.
#[derive(Debug)]
pub struct CompiledTests {
    tests: TestsNode,
    inputs: usize,
    frame: usize,
}

/// Compiles `expr` for evaluation with variables bound in the order of
/// `names`. Names the expression uses but `names` lacks evaluate to null.
pub fn compile(expr: &Expr, names: &[&str]) -> Compiled {
    let mut compiler = Compiler::new(names);
    let node = compiler.expr(expr);
    Compiled {
        node,
        inputs: names.len(),
        frame: compiler.max_slot,
    }
}

/// Compiles unary tests; the input they test is bound as `?`.
pub fn compile_unary_tests(tests: &UnaryTests, names: &[&str]) -> CompiledTests {
    let mut compiler = Compiler::new(names);
    compiler.bind(Arc::from(INPUT_NAME));
    let tests = compiler.tests(tests);
    CompiledTests {
        tests,
        inputs: names.len(),
        frame: compiler.max_slot,
    }
}

/// Evaluates `expr` once with the entries of `context` as variables. This
/// compiles on every call; compile once with [`compile`] to evaluate many
/// times.
pub fn evaluate(expr: &Expr, context: &Context) -> Value {
    let names: Vec<&str> = context.iter().map(|(k, _)| &**k).collect();
    let values: Vec<Value> = context.iter().map(|(_, v)| v.clone()).collect();
    compile(expr, &names).eval(&values)
}

impl Compiled {
    /// Evaluates with `vars` in the order of the names given to
    /// [`compile`]. Missing trailing values count as null.
    pub fn eval(&self, vars: &[Value]) -> Value {
        // The common case, a guard or fee over the given variables, needs
        // no slots of its own and so no allocation.
        if self.frame <= self.inputs && vars.len() >= self.inputs {
            let mut env = Env {
                base: &vars[..self.inputs],
                locals: Vec::new(),
            };
            return self.node.eval(&mut env);
        }
        with_frame(vars, self.inputs, self.frame, &[], |env| {
            self.node.eval(env)
        })
    }

    /// Whether the expression is a constant, known without any variable.
    pub fn constant(&self) -> Option<&Value> {
        match &self.node {
            Node::Const(v) => Some(v),
            _ => None,
        }
    }
}

impl CompiledTests {
    /// Whether `input` passes the tests: true, false, or null when a test
    /// could not be decided (values that cannot be compared).
    pub fn test(&self, input: &Value, vars: &[Value]) -> Option<bool> {
        let input = [input.clone()];
        with_frame(vars, self.inputs, self.frame, &input, |env| {
            self.tests.eval(env, self.inputs)
        })
    }
}

/// Runs `f` in an environment holding `vars` (padded with nulls up to
/// `inputs`) followed by `locals` and free slots up to `frame`.
fn with_frame<R>(
    vars: &[Value],
    inputs: usize,
    frame: usize,
    locals: &[Value],
    f: impl FnOnce(&mut Env) -> R,
) -> R {
    if vars.len() >= inputs {
        let mut env = Env::new(&vars[..inputs], frame);
        env.locals[..locals.len()].clone_from_slice(locals);
        f(&mut env)
    } else {
        let mut padded = vars.to_vec();
        padded.resize(inputs, Value::Null);
        let mut env = Env::new(&padded, frame);
        env.locals[..locals.len()].clone_from_slice(locals);
        f(&mut env)
    }
}

/// Calls a function value with positional arguments.
pub fn call_function(function: &Function, args: &[Value]) -> Value {
    match function {
        Function::Builtin(builtin) => builtin.call_positional(args),
        Function::Closure(closure) => closure.call(args),
    }
}

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

/// The slots of one evaluation: the caller's variables, borrowed, and the
/// expression's own bindings.
struct Env<'a> {
    base: &'a [Value],
    locals: Vec<Value>,
}

impl<'a> Env<'a> {
    fn new(base: &'a [Value], frame: usize) -> Self {
        Env {
            base,
            locals: vec![Value::Null; frame.saturating_sub(base.len())],
        }
    }

    fn get(&self, slot: usize) -> &Value {
        if slot < self.base.len() {
            &self.base[slot]
        } else {
            &self.locals[slot - self.base.len()]
        }
    }

    fn set(&mut self, slot: usize, value: Value) {
        let index = slot - self.base.len();
        self.locals[index] = value;
    }

    /// The values of the first `depth` slots, for a closure to keep.
    fn capture(&self, depth: usize) -> Vec<Value> {
        let mut captured = Vec::with_capacity(depth);
        captured.extend_from_slice(&self.base[..depth.min(self.base.len())]);
        if depth > self.base.len() {
            captured.extend_from_slice(&self.locals[..depth - self.base.len()]);
        }
        captured
    }
}

// ---------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug)]
enum Node {
    Const(Value),
    Slot(usize),
    /// A name not bound lexically, looked up in the items of the enclosing
    /// filters (innermost first): `persons[age > 18]`.
    ItemField {
        name: Name,
        item_slots: Vec<usize>,
    },
    /// `item` in a filter: the item, or its entry `item` if it has one.
    FilterItem(usize),
    List(Vec<Node>),
    Context(Vec<(Name, usize, Node)>),
    Range {
        start: Option<Box<Node>>,
        end: Option<Box<Node>>,
        start_closed: bool,
        end_closed: bool,
    },
    Negate(Box<Node>),
    Arith(Arith, Box<Node>, Box<Node>),
    Compare(BinaryOp, Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Between {
        value: Box<Node>,
        low: Box<Node>,
        high: Box<Node>,
    },
    In {
        value: Box<Node>,
        slot: usize,
        tests: Box<TestsNode>,
    },
    InstanceOf(Box<Node>, TypeRef),
    If {
        condition: Box<Node>,
        then: Box<Node>,
        otherwise: Box<Node>,
    },
    For {
        iterators: Vec<IterNode>,
        /// The slot of `partial`, the results so far, when the body uses it.
        partial: Option<usize>,
        body: Box<Node>,
    },
    Quantified {
        quantifier: Quantifier,
        iterators: Vec<IterNode>,
        condition: Box<Node>,
    },
    Filter {
        list: Box<Node>,
        item: usize,
        condition: Box<Node>,
        /// The condition does not mention the item, so it is evaluated
        /// once: a number selects by position, a boolean keeps all or none.
        item_independent: bool,
    },
    Path(Box<Node>, Name),
    /// A built-in with its arguments in parameter order, and which of
    /// them take a single value.
    CallBuiltin(&'static Builtin, Vec<Node>, Binding),
    CallValue(Box<Node>, Vec<Node>),
    CallValueNamed(Box<Node>, Vec<(Name, Node)>),
    Function(Arc<FunctionDef>),
}

#[derive(Debug)]
struct IterNode {
    slot: usize,
    domain: DomainNode,
}

#[derive(Debug)]
enum DomainNode {
    List(Node),
    Interval(Node, Node),
}

#[derive(Debug)]
enum TestsNode {
    Any,
    Positive(Vec<TestNode>),
    Negated(Vec<TestNode>),
}

#[derive(Debug)]
enum TestNode {
    Compare(BinaryOp, Node),
    Range(Node),
    /// An expression; `uses_input` when it mentions `?`.
    Expr(Node, bool),
}

/// A function written in an expression, before it captures its scope.
#[derive(Debug)]
struct FunctionDef {
    parameters: Vec<Name>,
    types: Vec<Option<TypeRef>>,
    /// Slots below `depth` are captured from the defining scope; the
    /// parameters follow.
    depth: usize,
    frame: usize,
    body: Node,
}

/// A function value defined in an expression, with the scope it was
/// defined in.
pub struct Closure {
    def: Arc<FunctionDef>,
    captured: Vec<Value>,
}

impl std::fmt::Debug for Closure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "function({})", self.def.parameters.join(", "))
    }
}

impl Closure {
    pub fn parameter_names(&self) -> &[Name] {
        &self.def.parameters
    }

    /// Calls with positional arguments. A wrong number of arguments, or an
    /// argument that does not conform to a declared parameter type, gives
    /// null.
    pub fn call(&self, args: &[Value]) -> Value {
        let def = &self.def;
        if args.len() != def.parameters.len() {
            return Value::Null;
        }
        for (arg, ty) in args.iter().zip(&def.types) {
            if let Some(ty) = ty
                && !conforms(arg, ty)
            {
                return Value::Null;
            }
        }
        let Some(_guard) = CallDepth::enter() else {
            return Value::Null;
        };
        let mut env = Env::new(&self.captured, def.frame);
        env.locals[..args.len()].clone_from_slice(args);
        def.body.eval(&mut env)
    }

    fn call_named(&self, args: &[(Name, Value)]) -> Value {
        let mut positional = vec![Value::Null; self.def.parameters.len()];
        for (name, value) in args {
            let Some(index) = self.def.parameters.iter().position(|p| p == name) else {
                return Value::Null;
            };
            positional[index] = value.clone();
        }
        self.call(&positional)
    }
}

/// How deeply functions defined in expressions may call each other. A
/// function can be handed itself as an argument and so recurse; past this
/// depth the call gives null instead of exhausting the stack.
const MAX_CALL_DEPTH: u32 = 256;

thread_local! {
    static CALL_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

struct CallDepth;

impl CallDepth {
    fn enter() -> Option<CallDepth> {
        CALL_DEPTH.with(|depth| {
            let current = depth.get();
            (current < MAX_CALL_DEPTH).then(|| {
                depth.set(current + 1);
                CallDepth
            })
        })
    }
}

impl Drop for CallDepth {
    fn drop(&mut self) {
        CALL_DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

// ---------------------------------------------------------------------------
// Compiler
// ---------------------------------------------------------------------------

struct FilterScope {
    item: usize,
    used: bool,
}

struct Compiler {
    /// Names in scope with their slots; later entries shadow earlier ones.
    scope: Vec<(Name, usize)>,
    next_slot: usize,
    max_slot: usize,
    filters: Vec<FilterScope>,
    /// Set when `?` is referred to, for unary tests.
    input_used: bool,
    /// Slots whose use is of interest, with whether they were used.
    watched: Vec<(usize, bool)>,
}

impl Compiler {
    fn new(names: &[&str]) -> Self {
        let mut compiler = Compiler {
            scope: Vec::new(),
            next_slot: 0,
            max_slot: 0,
            filters: Vec::new(),
            input_used: false,
            watched: Vec::new(),
        };
        for name in names {
            compiler.bind(Arc::from(*name));
        }
        compiler
    }

    fn bind(&mut self, name: Name) -> usize {
        let slot = self.next_slot;
        self.scope.push((name, slot));
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        slot
    }

    /// Ends the bindings made since `mark`; their slots are reused.
    fn release(&mut self, mark: (usize, usize)) {
        self.scope.truncate(mark.0);
        self.next_slot = mark.1;
    }

    fn mark(&self) -> (usize, usize) {
        (self.scope.len(), self.next_slot)
    }

    fn lookup(&mut self, name: &str) -> Option<usize> {
        let slot = self
            .scope
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, s)| *s)?;
        if name == INPUT_NAME {
            self.input_used = true;
        }
        // A filter's item is used when the condition names it.
        for filter in &mut self.filters {
            if filter.item == slot {
                filter.used = true;
            }
        }
        for (watched, used) in &mut self.watched {
            if *watched == slot {
                *used = true;
            }
        }
        Some(slot)
    }

    fn name(&mut self, name: &Name) -> Node {
        if let Some(slot) = self.lookup(name) {
            // Inside a filter over contexts, an entry called `item` is
            // meant rather than the item itself.
            if &**name == "item" && self.filters.last().is_some_and(|f| f.item == slot) {
                return Node::FilterItem(slot);
            }
            return Node::Slot(slot);
        }
        if !self.filters.is_empty() {
            for filter in &mut self.filters {
                filter.used = true;
            }
            return Node::ItemField {
                name: name.clone(),
                item_slots: self.filters.iter().rev().map(|f| f.item).collect(),
            };
        }
        if let Some(builtin) = builtins::lookup(name) {
            return Node::Const(Value::Function(Function::Builtin(builtin)));
        }
        Node::Const(Value::Null)
    }

    fn boxed(&mut self, expr: &Expr) -> Box<Node> {
        Box::new(self.expr(expr))
    }

    #[allow(clippy::too_many_lines)]
    fn expr(&mut self, expr: &Expr) -> Node {
        let node = match &expr.kind {
            ExprKind::Null => Node::Const(Value::Null),
            ExprKind::Boolean(b) => Node::Const(Value::Boolean(*b)),
            ExprKind::Number(n) => Node::Const(Value::Number(*n)),
            ExprKind::String(s) => Node::Const(Value::String(s.clone())),
            ExprKind::Temporal(text) => Node::Const(temporal_literal(text)),
            ExprKind::Name(name) => self.name(name),
            ExprKind::List(items) => Node::List(items.iter().map(|e| self.expr(e)).collect()),
            ExprKind::Context(entries) => {
                let duplicate = entries
                    .iter()
                    .enumerate()
                    .any(|(i, entry)| entries[..i].iter().any(|e| e.key == entry.key));
                if duplicate {
                    // A context with two entries of one name has no value.
                    return Node::Const(Value::Null);
                }
                let mark = self.mark();
                let mut compiled = Vec::with_capacity(entries.len());
                for entry in entries {
                    let value = self.expr(&entry.value);
                    let slot = self.bind(entry.key.clone());
                    compiled.push((entry.key.clone(), slot, value));
                }
                self.release(mark);
                Node::Context(compiled)
            }
            ExprKind::Range(range) => Node::Range {
                start: range.start.as_ref().map(|e| self.boxed(e)),
                end: range.end.as_ref().map(|e| self.boxed(e)),
                start_closed: range.start_closed,
                end_closed: range.end_closed,
            },
            ExprKind::Negate(inner) => Node::Negate(self.boxed(inner)),
            ExprKind::Binary(op, left, right) => {
                let left = self.boxed(left);
                let right = self.boxed(right);
                match op {
                    BinaryOp::Add => Node::Arith(Arith::Add, left, right),
                    BinaryOp::Subtract => Node::Arith(Arith::Sub, left, right),
                    BinaryOp::Multiply => Node::Arith(Arith::Mul, left, right),
                    BinaryOp::Divide => Node::Arith(Arith::Div, left, right),
                    BinaryOp::Power => Node::Arith(Arith::Pow, left, right),
                    BinaryOp::And => Node::And(left, right),
                    BinaryOp::Or => Node::Or(left, right),
                    comparison => Node::Compare(*comparison, left, right),
                }
            }
            ExprKind::Between { value, low, high } => Node::Between {
                value: self.boxed(value),
                low: self.boxed(low),
                high: self.boxed(high),
            },
            ExprKind::In { value, tests } => {
                let value = self.boxed(value);
                let mark = self.mark();
                let saved_input = self.input_used;
                let slot = self.bind(Arc::from(INPUT_NAME));
                let tests = self.tests(tests);
                self.input_used = saved_input;
                self.release(mark);
                Node::In {
                    value,
                    slot,
                    tests: Box::new(tests),
                }
            }
            ExprKind::InstanceOf { value, type_ref } => {
                Node::InstanceOf(self.boxed(value), type_ref.clone())
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => Node::If {
                condition: self.boxed(condition),
                then: self.boxed(then),
                otherwise: self.boxed(otherwise),
            },
            ExprKind::For { iterators, body } => {
                let mark = self.mark();
                let iterators = self.iterators(iterators);
                let partial = self.bind(Arc::from("partial"));
                self.watched.push((partial, false));
                let body = self.boxed(body);
                let used = self.watched.pop().is_some_and(|(_, used)| used);
                self.release(mark);
                Node::For {
                    iterators,
                    partial: used.then_some(partial),
                    body,
                }
            }
            ExprKind::Quantified {
                quantifier,
                iterators,
                condition,
            } => {
                let mark = self.mark();
                let iterators = self.iterators(iterators);
                let condition = self.boxed(condition);
                self.release(mark);
                Node::Quantified {
                    quantifier: *quantifier,
                    iterators,
                    condition,
                }
            }
            ExprKind::Filter { list, condition } => {
                let list = self.boxed(list);
                let mark = self.mark();
                let item = self.bind(Arc::from("item"));
                self.filters.push(FilterScope { item, used: false });
                let condition = self.boxed(condition);
                let used = self.filters.pop().is_some_and(|f| f.used);
                self.release(mark);
                Node::Filter {
                    list,
                    item,
                    condition,
                    item_independent: !used,
                }
            }
            ExprKind::Path { base, name, .. } => Node::Path(self.boxed(base), name.clone()),
            ExprKind::Call {
                function,
                arguments,
            } => self.call(function, arguments),
            ExprKind::Function { parameters, body } => {
                let depth = self.next_slot;
                let saved_max = self.max_slot;
                self.max_slot = depth;
                let mark = self.mark();
                for parameter in parameters {
                    self.bind(parameter.name.clone());
                }
                let body = self.expr(body);
                self.release(mark);
                let frame = self.max_slot;
                self.max_slot = saved_max.max(depth);
                Node::Function(Arc::new(FunctionDef {
                    parameters: parameters.iter().map(|p| p.name.clone()).collect(),
                    types: parameters.iter().map(|p| p.type_ref.clone()).collect(),
                    depth,
                    frame,
                    body,
                }))
            }
        };
        node.folded()
    }

    fn iterators(&mut self, iterators: &[crate::feel::ast::Iterator]) -> Vec<IterNode> {
        iterators
            .iter()
            .map(|it| {
                // The domain sees the iterators before it, not its own name.
                let domain = match &it.domain {
                    IterationDomain::List(e) => DomainNode::List(self.expr(e)),
                    IterationDomain::Interval(a, b) => {
                        DomainNode::Interval(self.expr(a), self.expr(b))
                    }
                };
                let slot = self.bind(it.name.clone());
                IterNode { slot, domain }
            })
            .collect()
    }

    fn call(&mut self, function: &Expr, arguments: &Arguments) -> Node {
        if let ExprKind::Name(name) = &function.kind
            && !self.scope.iter().any(|(n, _)| n == name)
            && let Some(builtin) = builtins::lookup(name)
        {
            return match arguments {
                Arguments::Positional(args) => {
                    let Some(binding) = builtin.bind_positional(args.len()) else {
                        return Node::Const(Value::Null);
                    };
                    Node::CallBuiltin(
                        builtin,
                        args.iter().map(|a| self.expr(a)).collect(),
                        binding,
                    )
                }
                Arguments::Named(args) => {
                    let names: Vec<&str> = args.iter().map(|a| &*a.name).collect();
                    let Some(binding) = builtin.bind_named(&names) else {
                        return Node::Const(Value::Null);
                    };
                    let nodes: Vec<Node> = binding
                        .order
                        .iter()
                        .map(|index| match index {
                            Some(i) => self.expr(&args[*i].value),
                            None => Node::Const(Value::Null),
                        })
                        .collect();
                    Node::CallBuiltin(builtin, nodes, binding)
                }
            };
        }
        let callee = self.boxed(function);
        match arguments {
            Arguments::Positional(args) => {
                Node::CallValue(callee, args.iter().map(|a| self.expr(a)).collect())
            }
            Arguments::Named(args) => Node::CallValueNamed(
                callee,
                args.iter()
                    .map(|a| (a.name.clone(), self.expr(&a.value)))
                    .collect(),
            ),
        }
    }

    /// Unary tests of the input bound as `?`, which the caller has bound.
    fn tests(&mut self, tests: &UnaryTests) -> TestsNode {
        match &tests.kind {
            UnaryTestsKind::Any => TestsNode::Any,
            UnaryTestsKind::Positive(list) => {
                TestsNode::Positive(list.iter().map(|t| self.test(t)).collect())
            }
            UnaryTestsKind::Negated(list) => {
                TestsNode::Negated(list.iter().map(|t| self.test(t)).collect())
            }
        }
    }

    fn test(&mut self, test: &UnaryTest) -> TestNode {
        match &test.kind {
            UnaryTestKind::Compare(op, expr) => TestNode::Compare(*op, self.expr(expr)),
            UnaryTestKind::Range(range) => TestNode::Range(
                Node::Range {
                    start: range.start.as_ref().map(|e| self.boxed(e)),
                    end: range.end.as_ref().map(|e| self.boxed(e)),
                    start_closed: range.start_closed,
                    end_closed: range.end_closed,
                }
                .folded(),
            ),
            UnaryTestKind::Expr(expr) => {
                let saved = self.input_used;
                self.input_used = false;
                let node = self.expr(expr);
                let uses_input = self.input_used;
                self.input_used = saved || uses_input;
                TestNode::Expr(node, uses_input)
            }
        }
    }
}

/// The value of `@"..."`: a date-time, date, time or duration, by shape.
fn temporal_literal(text: &str) -> Value {
    if let Some(duration) = temporal::parse_duration(text) {
        return duration_value(duration);
    }
    if text.contains('T') {
        return temporal::parse_date_time(text).map_or(Value::Null, Value::DateTime);
    }
    if let Some(date) = temporal::parse_date(text) {
        return Value::Date(date);
    }
    temporal::parse_time(text).map_or(Value::Null, Value::Time)
}

pub(crate) fn duration_value(duration: Duration) -> Value {
    match duration {
        Duration::YearsMonths(d) => Value::YearsMonths(d),
        Duration::DaysTime(d) => Value::DaysTime(d),
    }
}

impl Node {
    fn is_const(&self) -> bool {
        matches!(self, Node::Const(_))
    }

    /// Computes the node now when everything it depends on is known.
    fn folded(self) -> Node {
        let foldable = match &self {
            Node::List(items) => items.iter().all(Node::is_const),
            Node::Range { start, end, .. } => {
                start.as_ref().is_none_or(|n| n.is_const())
                    && end.as_ref().is_none_or(|n| n.is_const())
            }
            Node::Negate(a) | Node::Path(a, _) | Node::InstanceOf(a, _) => a.is_const(),
            Node::Arith(_, a, b) | Node::Compare(_, a, b) | Node::And(a, b) | Node::Or(a, b) => {
                a.is_const() && b.is_const()
            }
            Node::Between { value, low, high } => {
                value.is_const() && low.is_const() && high.is_const()
            }
            Node::If { condition, .. } => condition.is_const(),
            Node::CallBuiltin(builtin, args, _) => builtin.pure && args.iter().all(Node::is_const),
            _ => false,
        };
        if !foldable {
            return self;
        }
        if let Node::If {
            condition,
            then,
            otherwise,
        } = self
        {
            let Node::Const(condition) = *condition else {
                unreachable!()
            };
            return if matches!(condition, Value::Boolean(true)) {
                *then
            } else {
                *otherwise
            };
        }
        let mut env = Env::new(&[], 0);
        Node::Const(self.eval(&mut env))
    }

    /// The value of a node without cloning when it is a slot or constant.
    fn eval_ref<'e>(&'e self, env: &'e mut Env) -> Cow<'e, Value> {
        match self {
            Node::Const(v) => Cow::Borrowed(v),
            Node::Slot(slot) => Cow::Borrowed(env.get(*slot)),
            other => Cow::Owned(other.eval(env)),
        }
    }

    #[allow(clippy::too_many_lines)]
    fn eval(&self, env: &mut Env) -> Value {
        match self {
            Node::Const(v) => v.clone(),
            Node::Slot(slot) => env.get(*slot).clone(),
            Node::ItemField { name, item_slots } => {
                for slot in item_slots {
                    if let Value::Context(context) = env.get(*slot)
                        && let Some(value) = context.get(name)
                    {
                        return value.clone();
                    }
                }
                Value::Null
            }
            Node::FilterItem(slot) => match env.get(*slot) {
                Value::Context(context) if context.get("item").is_some() => {
                    context.get("item").cloned().unwrap_or(Value::Null)
                }
                item => item.clone(),
            },
            Node::List(items) => Value::list(items.iter().map(|n| n.eval(env)).collect::<Vec<_>>()),
            Node::Context(entries) => {
                let mut context = Context::new();
                for (key, slot, node) in entries {
                    let value = node.eval(env);
                    env.set(*slot, value.clone());
                    context.insert(key.clone(), value);
                }
                Value::context(context)
            }
            Node::Range {
                start,
                end,
                start_closed,
                end_closed,
            } => {
                let start = start.as_ref().map(|n| n.eval(env));
                let end = end.as_ref().map(|n| n.eval(env));
                make_range(start, *start_closed, end, *end_closed)
            }
            Node::Negate(inner) => match inner.eval(env) {
                Value::Number(n) => Value::Number(n.negated()),
                Value::YearsMonths(d) => d.months.checked_neg().map_or(Value::Null, |months| {
                    Value::YearsMonths(temporal::YearsMonths { months })
                }),
                Value::DaysTime(d) => d.nanos.checked_neg().map_or(Value::Null, |nanos| {
                    Value::DaysTime(temporal::DaysTime { nanos })
                }),
                _ => Value::Null,
            },
            Node::Arith(op, a, b) => {
                let a = a.eval_ref(env).into_owned();
                let b = b.eval_ref(env);
                arithmetic(*op, &a, &b)
            }
            Node::Compare(op, a, b) => {
                let a = a.eval_ref(env).into_owned();
                let b = b.eval_ref(env);
                compare(*op, &a, &b)
            }
            Node::And(a, b) => match a.eval(env) {
                Value::Boolean(false) => Value::Boolean(false),
                Value::Boolean(true) => match b.eval(env) {
                    Value::Boolean(v) => Value::Boolean(v),
                    _ => Value::Null,
                },
                _ => match b.eval(env) {
                    Value::Boolean(false) => Value::Boolean(false),
                    _ => Value::Null,
                },
            },
            Node::Or(a, b) => match a.eval(env) {
                Value::Boolean(true) => Value::Boolean(true),
                Value::Boolean(false) => match b.eval(env) {
                    Value::Boolean(v) => Value::Boolean(v),
                    _ => Value::Null,
                },
                _ => match b.eval(env) {
                    Value::Boolean(true) => Value::Boolean(true),
                    _ => Value::Null,
                },
            },
            Node::Between { value, low, high } => {
                let value = value.eval(env);
                let low = low.eval(env);
                let high = high.eval(env);
                match (low.feel_cmp(&value), value.feel_cmp(&high)) {
                    (Some(a), Some(b)) => Value::Boolean(a.is_le() && b.is_le()),
                    _ => Value::Null,
                }
            }
            Node::In { value, slot, tests } => {
                let value = value.eval(env);
                env.set(*slot, value);
                tests.eval(env, *slot).map_or(Value::Null, Value::Boolean)
            }
            Node::InstanceOf(value, ty) => Value::Boolean(conforms(&value.eval(env), ty)),
            Node::If {
                condition,
                then,
                otherwise,
            } => {
                if matches!(condition.eval(env), Value::Boolean(true)) {
                    then.eval(env)
                } else {
                    otherwise.eval(env)
                }
            }
            Node::For {
                iterators,
                partial,
                body,
            } => {
                let mut results = Vec::new();
                let ok = iterate(iterators, env, &mut |env| {
                    if let Some(partial) = partial {
                        env.set(*partial, Value::list(results.clone()));
                    }
                    results.push(body.eval(env));
                    true
                });
                if ok {
                    Value::list(results)
                } else {
                    Value::Null
                }
            }
            Node::Quantified {
                quantifier,
                iterators,
                condition,
            } => {
                let want = matches!(quantifier, Quantifier::Some);
                let mut found = false;
                let ok = iterate(iterators, env, &mut |env| {
                    let holds = matches!(condition.eval(env), Value::Boolean(true));
                    if holds == want {
                        found = true;
                        return false;
                    }
                    true
                });
                if !ok {
                    return Value::Null;
                }
                Value::Boolean(if want { found } else { !found })
            }
            Node::Filter {
                list,
                item,
                condition,
                item_independent,
            } => {
                let list = list.eval(env);
                filter(&list, *item, condition, *item_independent, env)
            }
            Node::Path(base, name) => path(&base.eval(env), name),
            Node::CallBuiltin(builtin, args, binding) => {
                let values: smallvec::SmallVec<[Value; 4]> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| binding.convert(i, a.eval(env)))
                    .collect();
                (builtin.call)(&values)
            }
            Node::CallValue(callee, args) => {
                let callee = callee.eval(env);
                let values: smallvec::SmallVec<[Value; 4]> =
                    args.iter().map(|a| a.eval(env)).collect();
                match callee {
                    Value::Function(function) => call_function(&function, &values),
                    _ => Value::Null,
                }
            }
            Node::CallValueNamed(callee, args) => {
                let callee = callee.eval(env);
                let values: Vec<(Name, Value)> =
                    args.iter().map(|(n, a)| (n.clone(), a.eval(env))).collect();
                match callee {
                    Value::Function(Function::Closure(closure)) => closure.call_named(&values),
                    Value::Function(Function::Builtin(builtin)) => {
                        let names: Vec<&str> = values.iter().map(|(n, _)| &**n).collect();
                        match builtin.bind_named(&names) {
                            Some(binding) => {
                                let args: Vec<Value> = binding
                                    .order
                                    .iter()
                                    .enumerate()
                                    .map(|(position, i)| {
                                        let value = i.map_or(Value::Null, |i| values[i].1.clone());
                                        binding.convert(position, value)
                                    })
                                    .collect();
                                (builtin.call)(&args)
                            }
                            None => Value::Null,
                        }
                    }
                    _ => Value::Null,
                }
            }
            Node::Function(def) => Value::Function(Function::Closure(Arc::new(Closure {
                def: def.clone(),
                captured: env.capture(def.depth),
            }))),
        }
    }
}

fn make_range(
    start: Option<Value>,
    start_closed: bool,
    end: Option<Value>,
    end_closed: bool,
) -> Value {
    // Both ends must be of one ordered type, or null; a range of values
    // that cannot be compared has no meaning.
    if let (Some(a), Some(b)) = (&start, &end)
        && !a.is_null()
        && !b.is_null()
        && a.feel_cmp(b).is_none()
    {
        return Value::Null;
    }
    Value::Range(Arc::new(Range {
        start,
        start_closed,
        end,
        end_closed,
    }))
}

impl TestsNode {
    fn eval(&self, env: &mut Env, input: usize) -> Option<bool> {
        match self {
            TestsNode::Any => Some(true),
            TestsNode::Positive(tests) => any_holds(tests, env, input),
            TestsNode::Negated(tests) => any_holds(tests, env, input).map(|b| !b),
        }
    }
}

/// True when a test holds; otherwise null when a test could not be decided,
/// else false.
fn any_holds(tests: &[TestNode], env: &mut Env, input: usize) -> Option<bool> {
    let mut unknown = false;
    for test in tests {
        match test.eval(env, input) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown { None } else { Some(false) }
}

impl TestNode {
    fn eval(&self, env: &mut Env, input: usize) -> Option<bool> {
        match self {
            TestNode::Compare(op, node) => {
                let value = node.eval_ref(env).into_owned();
                match compare(*op, env.get(input), &value) {
                    Value::Boolean(b) => Some(b),
                    _ => None,
                }
            }
            TestNode::Range(node) => match node.eval_ref(env).into_owned() {
                Value::Range(range) => range.contains(env.get(input)),
                _ => None,
            },
            TestNode::Expr(node, uses_input) => {
                let value = node.eval_ref(env).into_owned();
                let input = env.get(input);
                match &value {
                    Value::Boolean(b) if *uses_input => Some(*b),
                    Value::Range(range) => range.contains(input),
                    // A list holds when the input is one of its items, or
                    // lies in one of its ranges; items of another type
                    // simply do not match.
                    Value::List(items) => Some(items.iter().any(|item| match item {
                        Value::Range(range) => range.contains(input) == Some(true),
                        item => input.feel_eq(item) == Some(true),
                    })),
                    _ => input.feel_eq(&value),
                }
            }
        }
    }
}

/// Runs `body` for every combination of the iterators' values, innermost
/// fastest. `body` returns false to stop early. Returns false when a domain
/// is not iterable.
fn iterate(iterators: &[IterNode], env: &mut Env, body: &mut dyn FnMut(&mut Env) -> bool) -> bool {
    fn go(
        iterators: &[IterNode],
        env: &mut Env,
        body: &mut dyn FnMut(&mut Env) -> bool,
        stop: &mut bool,
    ) -> bool {
        let Some((first, rest)) = iterators.split_first() else {
            if !body(env) {
                *stop = true;
            }
            return true;
        };
        let Some(values) = domain_values(&first.domain, env) else {
            return false;
        };
        for value in values {
            env.set(first.slot, value);
            if !go(rest, env, body, stop) {
                return false;
            }
            if *stop {
                break;
            }
        }
        true
    }
    let mut stop = false;
    go(iterators, env, body, &mut stop)
}

/// Interval domains longer than this are refused, so that a typo such as
/// `1..100000000` cannot exhaust memory.
const MAX_INTERVAL: i64 = 1_000_000;

fn domain_values(domain: &DomainNode, env: &mut Env) -> Option<Vec<Value>> {
    match domain {
        DomainNode::List(node) => match node.eval(env) {
            Value::List(items) => Some(items.to_vec()),
            // A range is not a list; only `a..b` between two iteration
            // bounds counts its values.
            Value::Null | Value::Range(_) => None,
            other => Some(vec![other]),
        },
        DomainNode::Interval(a, b) => {
            let a = a.eval(env);
            let b = b.eval(env);
            match (a, b) {
                (Value::Number(a), Value::Number(b)) => {
                    let (a, b) = (a.to_i64()?, b.to_i64()?);
                    if a.abs_diff(b) > MAX_INTERVAL.unsigned_abs() {
                        return None;
                    }
                    let values: Vec<Value> = if a <= b {
                        (a..=b).map(Value::number).collect()
                    } else {
                        (b..=a).rev().map(Value::number).collect()
                    };
                    Some(values)
                }
                (Value::Date(a), Value::Date(b)) => {
                    let days = temporal::days_between(b, a);
                    if days.abs() > MAX_INTERVAL {
                        return None;
                    }
                    let step = days.signum();
                    (0..=days.abs())
                        .map(|i| temporal::add_days(a, i * step).map(Value::Date))
                        .collect()
                }
                _ => None,
            }
        }
    }
}

fn filter(
    list: &Value,
    item: usize,
    condition: &Node,
    item_independent: bool,
    env: &mut Env,
) -> Value {
    let items = list.as_items();
    if list.is_null() {
        return Value::Null;
    }
    if item_independent {
        return match condition.eval(env) {
            Value::Number(n) => index(&items, n),
            Value::Boolean(true) => Value::list(items.into_owned()),
            Value::Boolean(false) | Value::Null => Value::list(Vec::new()),
            _ => Value::Null,
        };
    }
    let mut kept = Vec::new();
    for (i, value) in items.iter().enumerate() {
        env.set(item, value.clone());
        match condition.eval(env) {
            Value::Boolean(true) => kept.push(value.clone()),
            // A numeric condition that depends on the item is still a
            // position, decided by the first item.
            Value::Number(n) if i == 0 => return index(&items, n),
            _ => {}
        }
    }
    Value::list(kept)
}

/// `list[n]`: 1-based from the start, negative from the end.
fn index(items: &[Value], n: Number) -> Value {
    let Some(n) = n.to_i64() else {
        return Value::Null;
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let position = if n > 0 { n - 1 } else { len + n };
    if n == 0 || position < 0 || position >= len {
        return Value::Null;
    }
    usize::try_from(position)
        .ok()
        .and_then(|p| items.get(p))
        .cloned()
        .unwrap_or(Value::Null)
}

/// `value.name`: a context entry, a property of a temporal value or range,
/// or, over a list, the list of each item's `name`.
pub(crate) fn path(value: &Value, name: &str) -> Value {
    match value {
        Value::Context(context) => context.get(name).cloned().unwrap_or(Value::Null),
        Value::List(items) => Value::list(items.iter().map(|v| path(v, name)).collect::<Vec<_>>()),
        other => builtins::property(other, name),
    }
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

fn arithmetic(op: Arith, left: &Value, right: &Value) -> Value {
    use Value as V;
    match (op, left, right) {
        (_, V::Null, _) | (_, _, V::Null) => V::Null,
        (Arith::Add, V::Number(x), V::Number(y)) => V::from_number(x.checked_add(*y)),
        (Arith::Sub, V::Number(x), V::Number(y)) => V::from_number(x.checked_sub(*y)),
        (Arith::Mul, V::Number(x), V::Number(y)) => V::from_number(x.checked_mul(*y)),
        (Arith::Div, V::Number(x), V::Number(y)) => V::from_number(x.checked_div(*y)),
        (Arith::Pow, V::Number(x), V::Number(y)) => V::from_number(x.pow(*y)),
        (Arith::Add, V::String(x), V::String(y)) => {
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            V::string(s)
        }
        (Arith::Add | Arith::Sub, _, _) => temporal_add_sub(op == Arith::Add, left, right),
        (Arith::Mul, V::YearsMonths(d), V::Number(n))
        | (Arith::Mul, V::Number(n), V::YearsMonths(d)) => {
            d.checked_mul(*n).map_or(V::Null, V::YearsMonths)
        }
        (Arith::Mul, V::DaysTime(d), V::Number(n)) | (Arith::Mul, V::Number(n), V::DaysTime(d)) => {
            d.checked_mul(*n).map_or(V::Null, V::DaysTime)
        }
        (Arith::Div, V::YearsMonths(d), V::Number(n)) => {
            d.checked_div(*n).map_or(V::Null, V::YearsMonths)
        }
        (Arith::Div, V::DaysTime(d), V::Number(n)) => {
            d.checked_div(*n).map_or(V::Null, V::DaysTime)
        }
        (Arith::Div, V::YearsMonths(x), V::YearsMonths(y)) => V::from_number(x.ratio(*y)),
        (Arith::Div, V::DaysTime(x), V::DaysTime(y)) => V::from_number(x.ratio(*y)),
        _ => V::Null,
    }
}

fn temporal_add_sub(add: bool, a: &Value, b: &Value) -> Value {
    use Value as V;
    use temporal::{DaysTime, YearsMonths};
    // The duration to add: as given, or negated for a subtraction.
    let signed_ym = |d: &YearsMonths| {
        let months = if add {
            Some(d.months)
        } else {
            d.months.checked_neg()
        };
        months.map(|months| YearsMonths { months })
    };
    let signed_dt = |d: &DaysTime| {
        let nanos = if add {
            Some(d.nanos)
        } else {
            d.nanos.checked_neg()
        };
        nanos.map(|nanos| DaysTime { nanos })
    };
    let result = match (a, b) {
        (V::YearsMonths(x), V::YearsMonths(y)) => signed_ym(y)
            .and_then(|y| x.months.checked_add(y.months))
            .map(|months| V::YearsMonths(YearsMonths { months })),
        (V::DaysTime(x), V::DaysTime(y)) => signed_dt(y)
            .and_then(|y| x.nanos.checked_add(y.nanos))
            .map(|nanos| V::DaysTime(DaysTime { nanos })),
        (V::Date(d), V::YearsMonths(y)) => signed_ym(y)
            .and_then(|y| temporal::add_months(*d, y.months))
            .map(V::Date),
        (V::Date(d), V::DaysTime(y)) => signed_dt(y)
            .and_then(|y| temporal::date_add_days_time(*d, y))
            .map(V::Date),
        (V::DateTime(d), V::YearsMonths(y)) => signed_ym(y)
            .and_then(|y| d.add_years_months(y))
            .map(V::DateTime),
        (V::DateTime(d), V::DaysTime(y)) => signed_dt(y)
            .and_then(|y| d.add_days_time(y))
            .map(V::DateTime),
        (V::Time(t), V::DaysTime(y)) => signed_dt(y).map(|y| V::Time(t.add_days_time(y))),
        // Addition commutes: a duration plus a date is the date plus it.
        (V::YearsMonths(_) | V::DaysTime(_), V::Date(_) | V::DateTime(_) | V::Time(_)) if add => {
            return temporal_add_sub(true, b, a);
        }
        (V::Date(x), V::Date(y)) if !add => Some(V::DaysTime(DaysTime {
            nanos: i128::from(temporal::days_between(*x, *y)) * 86_400_000_000_000,
        })),
        (V::DateTime(x), V::DateTime(y)) if !add => x.since(y).map(V::DaysTime),
        (V::DateTime(x), V::Date(y)) if !add => {
            x.since(&temporal::DateTime::from_date(*y)).map(V::DaysTime)
        }
        (V::Date(x), V::DateTime(y)) if !add => {
            temporal::DateTime::from_date(*x).since(y).map(V::DaysTime)
        }
        (V::Time(x), V::Time(y)) if !add => x.since(y).map(V::DaysTime),
        _ => None,
    };
    result.unwrap_or(V::Null)
}

fn compare(op: BinaryOp, a: &Value, b: &Value) -> Value {
    let result = match op {
        BinaryOp::Equal => a.feel_eq(b),
        BinaryOp::NotEqual => a.feel_eq(b).map(|e| !e),
        BinaryOp::Less => a.feel_cmp(b).map(Ordering::is_lt),
        BinaryOp::LessOrEqual => a.feel_cmp(b).map(Ordering::is_le),
        BinaryOp::Greater => a.feel_cmp(b).map(Ordering::is_gt),
        BinaryOp::GreaterOrEqual => a.feel_cmp(b).map(Ordering::is_ge),
        _ => None,
    };
    result.map_or(Value::Null, Value::Boolean)
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// Whether `value` is an instance of the type `ty`.
pub fn conforms(value: &Value, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => match &**name {
            "Any" => !value.is_null(),
            "Null" => value.is_null(),
            "number" => matches!(value, Value::Number(_)),
            "string" => matches!(value, Value::String(_)),
            "boolean" => matches!(value, Value::Boolean(_)),
            "date" => matches!(value, Value::Date(_)),
            "time" => matches!(value, Value::Time(_)),
            "date and time" | "dateTime" => matches!(value, Value::DateTime(_)),
            "years and months duration" | "yearMonthDuration" => {
                matches!(value, Value::YearsMonths(_))
            }
            "days and time duration" | "dayTimeDuration" => matches!(value, Value::DaysTime(_)),
            "list" => matches!(value, Value::List(_)),
            "context" => matches!(value, Value::Context(_)),
            "function" => matches!(value, Value::Function(_)),
            "range" => matches!(value, Value::Range(_)),
            _ => false,
        },
        TypeRef::List(item) => match value {
            Value::List(items) => items.iter().all(|v| v.is_null() || conforms(v, item)),
            _ => false,
        },
        TypeRef::Range(item) => match value {
            Value::Range(range) => [&range.start, &range.end]
                .into_iter()
                .flatten()
                .all(|v| v.is_null() || conforms(v, item)),
            _ => false,
        },
        TypeRef::Context(entries) => match value {
            Value::Context(context) => entries.iter().all(|(name, ty)| {
                context
                    .get(name)
                    .is_some_and(|v| v.is_null() || conforms(v, ty))
            }),
            _ => false,
        },
        TypeRef::Function(parameters, _) => match value {
            Value::Function(Function::Closure(closure)) => {
                closure.parameter_names().len() == parameters.len()
            }
            Value::Function(Function::Builtin(builtin)) => builtin.accepts_arity(parameters.len()),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feel::ast::{ContextEntry, Iterator as Iter, Parameter};
    use crate::source::Span;

    fn e(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
        }
    }

    fn num(text: &str) -> Expr {
        e(ExprKind::Number(text.parse().unwrap()))
    }

    fn name(n: &str) -> Expr {
        e(ExprKind::Name(Arc::from(n)))
    }

    fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
        e(ExprKind::Binary(op, Box::new(a), Box::new(b)))
    }

    fn list(items: Vec<Expr>) -> Expr {
        e(ExprKind::List(items))
    }

    fn call(f: &str, args: Vec<Expr>) -> Expr {
        e(ExprKind::Call {
            function: Box::new(name(f)),
            arguments: Arguments::Positional(args),
        })
    }

    fn n(text: &str) -> Value {
        Value::Number(text.parse().unwrap())
    }

    fn run(expr: &Expr) -> Value {
        compile(expr, &[]).eval(&[])
    }

    #[test]
    fn variables_are_read_from_their_slots() {
        let expr = bin(BinaryOp::Greater, name("vehicle_length"), num("4.70"));
        let compiled = compile(&expr, &["vehicle_length"]);
        assert_eq!(compiled.eval(&[n("4.71")]), Value::Boolean(true));
        assert_eq!(compiled.eval(&[n("4.70")]), Value::Boolean(false));
        assert_eq!(compiled.eval(&[Value::Null]), Value::Null);
    }

    #[test]
    fn unknown_names_evaluate_to_null() {
        assert_eq!(
            run(&bin(BinaryOp::Add, name("nowhere"), num("1"))),
            Value::Null
        );
    }

    #[test]
    fn constant_parts_are_computed_at_compile_time() {
        let expr = call("date", vec![e(ExprKind::String(Arc::from("2024-01-31")))]);
        let compiled = compile(&expr, &[]);
        assert_eq!(
            compiled.constant().map(ToString::to_string).as_deref(),
            Some("date(\"2024-01-31\")")
        );
    }

    #[test]
    fn decimal_arithmetic_is_exact() {
        let expr = bin(
            BinaryOp::Equal,
            bin(BinaryOp::Add, num("0.1"), num("0.2")),
            num("0.3"),
        );
        assert_eq!(run(&expr), Value::Boolean(true));
        assert_eq!(run(&bin(BinaryOp::Divide, num("1"), num("0"))), Value::Null);
    }

    #[test]
    fn conjunction_is_three_valued() {
        let null = e(ExprKind::Null);
        let f = e(ExprKind::Boolean(false));
        assert_eq!(
            run(&bin(BinaryOp::And, null.clone(), f.clone())),
            Value::Boolean(false)
        );
        assert_eq!(run(&bin(BinaryOp::Or, null, f)), Value::Null);
    }

    #[test]
    fn filters_see_the_item_and_its_entries() {
        let person = |age: &str| {
            e(ExprKind::Context(vec![ContextEntry {
                key: Arc::from("age"),
                key_span: Span::default(),
                value: num(age),
            }]))
        };
        let people = list(vec![person("12"), person("40"), person("70")]);
        let by_entry = e(ExprKind::Filter {
            list: Box::new(people.clone()),
            condition: Box::new(bin(BinaryOp::Greater, name("age"), num("18"))),
        });
        assert_eq!(run(&by_entry).to_string(), "[{age: 40}, {age: 70}]");
        let by_index = e(ExprKind::Filter {
            list: Box::new(list(vec![num("1"), num("2"), num("3")])),
            condition: Box::new(e(ExprKind::Negate(Box::new(num("1"))))),
        });
        assert_eq!(run(&by_index), n("3"));
        let by_item = e(ExprKind::Filter {
            list: Box::new(list(vec![num("1"), num("2"), num("3")])),
            condition: Box::new(bin(BinaryOp::GreaterOrEqual, name("item"), num("2"))),
        });
        assert_eq!(run(&by_item).to_string(), "[2, 3]");
    }

    #[test]
    fn for_loops_can_refer_to_partial_results() {
        let body = e(ExprKind::If {
            condition: Box::new(bin(BinaryOp::Equal, name("i"), num("0"))),
            then: Box::new(num("1")),
            otherwise: Box::new(bin(
                BinaryOp::Multiply,
                name("i"),
                e(ExprKind::Filter {
                    list: Box::new(name("partial")),
                    condition: Box::new(e(ExprKind::Negate(Box::new(num("1"))))),
                }),
            )),
        });
        let expr = e(ExprKind::For {
            iterators: vec![Iter {
                name: Arc::from("i"),
                name_span: Span::default(),
                domain: IterationDomain::Interval(num("0"), num("4")),
            }],
            body: Box::new(body),
        });
        assert_eq!(run(&expr).to_string(), "[1, 1, 2, 6, 24]");
    }

    #[test]
    fn closures_capture_their_scope() {
        // {a: 10, f: function(b) a * b, r: f(3)}.r
        let function = e(ExprKind::Function {
            parameters: vec![Parameter {
                name: Arc::from("b"),
                span: Span::default(),
                type_ref: None,
            }],
            body: Box::new(bin(BinaryOp::Multiply, name("a"), name("b"))),
        });
        let entry = |key: &str, value: Expr| ContextEntry {
            key: Arc::from(key),
            key_span: Span::default(),
            value,
        };
        let context = e(ExprKind::Context(vec![
            entry("a", num("10")),
            entry("f", function),
            entry("r", call("f", vec![num("3")])),
        ]));
        let expr = e(ExprKind::Path {
            base: Box::new(context),
            name: Arc::from("r"),
            name_span: Span::default(),
        });
        assert_eq!(run(&expr), n("30"));
    }

    #[test]
    fn named_arguments_are_mapped_to_positions() {
        let arguments = Arguments::Named(vec![
            crate::feel::ast::NamedArgument {
                name: Arc::from("scale"),
                name_span: Span::default(),
                value: num("2"),
            },
            crate::feel::ast::NamedArgument {
                name: Arc::from("n"),
                name_span: Span::default(),
                value: num("2.345"),
            },
        ]);
        let expr = e(ExprKind::Call {
            function: Box::new(name("round half up")),
            arguments,
        });
        assert_eq!(run(&expr).to_string(), "2.35");
    }

    #[test]
    fn a_month_after_the_end_of_january_is_the_end_of_february() {
        let expr = bin(
            BinaryOp::Add,
            e(ExprKind::Temporal(Arc::from("2026-01-31"))),
            e(ExprKind::Temporal(Arc::from("P1M"))),
        );
        assert_eq!(run(&expr).to_string(), "date(\"2026-02-28\")");
    }

    #[test]
    fn unary_tests_match_ranges_lists_and_comparisons() {
        let tests = UnaryTests {
            kind: UnaryTestsKind::Positive(vec![
                UnaryTest {
                    kind: UnaryTestKind::Compare(BinaryOp::Less, num("2")),
                    span: Span::default(),
                },
                UnaryTest {
                    kind: UnaryTestKind::Range(crate::feel::ast::Range {
                        start: Some(num("4.20")),
                        end: Some(num("4.70")),
                        start_closed: false,
                        end_closed: true,
                    }),
                    span: Span::default(),
                },
            ]),
            span: Span::default(),
        };
        let compiled = compile_unary_tests(&tests, &[]);
        assert_eq!(compiled.test(&n("1"), &[]), Some(true));
        assert_eq!(compiled.test(&n("4.20"), &[]), Some(false));
        assert_eq!(compiled.test(&n("4.70"), &[]), Some(true));
        assert_eq!(compiled.test(&Value::string("x"), &[]), None);
    }
}
