//! Decision tables, as in DMN: input expressions, rules of unary tests with
//! an output expression, and a hit policy that says what happens when
//! several rules match.
//!
//! A table is compiled once, like any FEEL expression, and then evaluated
//! for many cases. The result is a plain [`Value`], so that later
//! expressions can use it; what went wrong is reported as a typed
//! [`DecisionError`], never as a panic.

use std::fmt;

use crate::feel::ast::{Expr, UnaryTests};
use crate::feel::eval::{Compiled, CompiledTests, compile, compile_unary_tests};
use crate::feel::number::Number;
use crate::feel::value::Value;

/// What a table does when more than one rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitPolicy {
    /// At most one rule may match; several matching is an error in the
    /// table.
    Unique,
    /// The first matching rule, in the order written, wins.
    First,
    /// The outputs of all matching rules are added up (DMN's `C+`).
    CollectSum,
}

impl HitPolicy {
    /// The policy's name as DMN abbreviates it.
    pub fn code(self) -> &'static str {
        match self {
            HitPolicy::Unique => "U",
            HitPolicy::First => "F",
            HitPolicy::CollectSum => "C+",
        }
    }
}

/// One rule as written: one cell of unary tests per input, and the output.
#[derive(Debug, Clone, Copy)]
pub struct RuleSource<'a> {
    pub tests: &'a [UnaryTests],
    pub output: &'a Expr,
}

/// The parts of a table as written, before compilation.
#[derive(Debug, Clone, Copy)]
pub struct TableSource<'a> {
    pub inputs: &'a [Expr],
    pub rules: &'a [RuleSource<'a>],
    pub hit_policy: HitPolicy,
    /// The output when no rule matches; null when absent.
    pub default_output: Option<&'a Expr>,
}

/// A compiled decision table.
#[derive(Debug)]
pub struct DecisionTable {
    inputs: Vec<Compiled>,
    rules: Vec<Rule>,
    hit_policy: HitPolicy,
    default_output: Option<Compiled>,
}

#[derive(Debug)]
struct Rule {
    tests: Vec<CompiledTests>,
    output: Compiled,
}

/// The outcome of a table for one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub value: Value,
    /// The matching rules, numbered from 1 in the order written; empty
    /// when the default output (or null) was taken.
    pub rules: Vec<usize>,
}

/// Why a table could not be built or gave no valid result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// A rule has a different number of cells than the table has inputs.
    RuleWidth {
        rule: usize,
        inputs: usize,
        cells: usize,
    },
    /// Under the unique hit policy, several rules matched.
    SeveralRulesMatch { rules: Vec<usize> },
    /// Under collect-sum, a matching rule's output is not a number.
    OutputNotANumber { rule: usize },
}

impl DecisionError {
    /// What the table yields instead of a result: FEEL's null.
    pub fn value(&self) -> Value {
        Value::Null
    }
}

fn rule_list(rules: &[usize]) -> String {
    rules
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for DecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionError::RuleWidth {
                rule,
                inputs,
                cells,
            } => write!(
                f,
                "rule {rule} has {cells} condition cells, but the table has {inputs} inputs; \
                 give the rule one cell per input (use \"-\" for \"any value\")"
            ),
            DecisionError::SeveralRulesMatch { rules } => write!(
                f,
                "rules {} all match, but the table's hit policy \"unique\" allows only one; \
                 make the rules' conditions exclusive, or use the hit policy \"first\"",
                rule_list(rules)
            ),
            DecisionError::OutputNotANumber { rule } => write!(
                f,
                "rule {rule} matches, but its output is not a number, so the outputs cannot \
                 be added up; give every rule of a collect-sum table a number as output"
            ),
        }
    }
}

impl std::error::Error for DecisionError {}

impl DecisionTable {
    /// Compiles a table whose expressions see the variables `names`.
    pub fn new(source: &TableSource, names: &[&str]) -> Result<DecisionTable, DecisionError> {
        let mut rules = Vec::with_capacity(source.rules.len());
        for (index, rule) in source.rules.iter().enumerate() {
            if rule.tests.len() != source.inputs.len() {
                return Err(DecisionError::RuleWidth {
                    rule: index + 1,
                    inputs: source.inputs.len(),
                    cells: rule.tests.len(),
                });
            }
            rules.push(Rule {
                tests: rule
                    .tests
                    .iter()
                    .map(|t| compile_unary_tests(t, names))
                    .collect(),
                output: compile(rule.output, names),
            });
        }
        Ok(DecisionTable {
            inputs: source.inputs.iter().map(|e| compile(e, names)).collect(),
            rules,
            hit_policy: source.hit_policy,
            default_output: source.default_output.map(|e| compile(e, names)),
        })
    }

    pub fn hit_policy(&self) -> HitPolicy {
        self.hit_policy
    }

    /// Evaluates the table with `vars` in the order of the names it was
    /// compiled with. A test that cannot be decided (null) does not match.
    pub fn evaluate(&self, vars: &[Value]) -> Result<Hit, DecisionError> {
        let inputs: Vec<Value> = self.inputs.iter().map(|i| i.eval(vars)).collect();
        let rule_matches = |rule: &Rule| {
            rule.tests
                .iter()
                .zip(&inputs)
                .all(|(test, input)| test.test(input, vars) == Some(true))
        };
        let matched: Vec<usize> = match self.hit_policy {
            HitPolicy::First => self
                .rules
                .iter()
                .position(rule_matches)
                .into_iter()
                .collect(),
            _ => (0..self.rules.len())
                .filter(|&i| rule_matches(&self.rules[i]))
                .collect(),
        };
        if matched.is_empty() {
            let value = self
                .default_output
                .as_ref()
                .map_or(Value::Null, |d| d.eval(vars));
            return Ok(Hit {
                value,
                rules: Vec::new(),
            });
        }
        let numbered: Vec<usize> = matched.iter().map(|i| i + 1).collect();
        match self.hit_policy {
            HitPolicy::Unique if matched.len() > 1 => {
                Err(DecisionError::SeveralRulesMatch { rules: numbered })
            }
            HitPolicy::Unique | HitPolicy::First => Ok(Hit {
                value: self.rules[matched[0]].output.eval(vars),
                rules: numbered,
            }),
            HitPolicy::CollectSum => {
                let mut total = Number::ZERO;
                for &i in &matched {
                    let Value::Number(n) = self.rules[i].output.eval(vars) else {
                        return Err(DecisionError::OutputNotANumber { rule: i + 1 });
                    };
                    match total.checked_add(n) {
                        Some(sum) => total = sum,
                        None => {
                            return Ok(Hit {
                                value: Value::Null,
                                rules: numbered,
                            });
                        }
                    }
                }
                Ok(Hit {
                    value: Value::Number(total),
                    rules: numbered,
                })
            }
        }
    }
}
