//! Conformance with the FEEL test cases of the DMN TCK.
//!
//! Every `*-feel-*` folder of `dmn-tck/compliance-level-3` holds a DMN model
//! whose decisions are FEEL expressions (literal expressions, boxed
//! contexts, business knowledge models) and test files with inputs and
//! expected results. This test runs every test case through ozg's parser
//! and evaluator and classifies it as pass, fail or not applicable. The
//! outcome is the generated part of `docs/conformance.md`:
//!
//! - a case that the committed report lists as passing and that fails now
//!   fails this test (no silent regressions);
//! - every failing or not applicable case needs an explanation in
//!   [`EXPLANATIONS`];
//! - the committed report must match the run; regenerate it with
//!   `OZG_UPDATE_CONFORMANCE=1 cargo test --test tck`.
//!
//! The DMN layer around the expressions (decisions depending on decisions,
//! business knowledge models as functions, boxed contexts, decision result
//! types) is rebuilt here in the smallest form the test cases need; it is
//! not part of ozg, whose service models have their own structure.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ozg::feel::ast::{ContextEntry, Expr, ExprKind, Parameter, TypeRef};
use ozg::feel::builtins::parse_number;
use ozg::feel::eval::evaluate;
use ozg::feel::parser::parse_expression_with;
use ozg::feel::temporal;
use ozg::feel::value::{Context, Value};
use ozg::source::Span;

// ---------------------------------------------------------------------------
// Explanations for every case that does not pass
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expectation {
    /// Uses something outside ozg's FEEL subset.
    NotApplicable,
    /// Within the subset, but ozg's result differs.
    Fail,
}

/// Cases that do not pass, with the reason. A key is `folder/test id`,
/// or `folder/*` for a whole folder. The first matching key wins.
const EXPLANATIONS: &[(&str, Expectation, &str)] = &[
    ("0051-feel-sqrt-function/007", Expectation::Fail, N_ALIAS),
    ("0052-feel-exp-function/007", Expectation::Fail, N_ALIAS),
    ("0053-feel-log-function/007", Expectation::Fail, N_ALIAS),
    ("0054-feel-even-function/007", Expectation::Fail, N_ALIAS),
    ("0055-feel-odd-function/007", Expectation::Fail, N_ALIAS),
    (
        "1111-feel-matches-function/K2-MatchesFunc-5",
        Expectation::Fail,
        XSD_BLOCKS,
    ),
    (
        "1111-feel-matches-function/K2-MatchesFunc-6",
        Expectation::Fail,
        XSD_BLOCKS,
    ),
    (
        "1111-feel-matches-function/K2-MatchesFunc-17",
        Expectation::Fail,
        BACK_REFERENCES,
    ),
    (
        "0076-feel-external-java/*",
        Expectation::NotApplicable,
        "calls Java methods through DMN's external function definitions; ozg has no host \
         language functions",
    ),
    (
        "0068-feel-equality/time_005",
        Expectation::Fail,
        "ozg keeps times to the nanosecond, so 10:30:00.0001 and 10:30:00.0002 differ; the TCK \
         expects fractions below a millisecond to be ignored",
    ),
    (
        "0068-feel-equality/datetime_003_a",
        Expectation::Fail,
        "ozg keeps date-times to the nanosecond, so .0001 and .0000 seconds differ; the TCK \
         expects fractions below a millisecond to be ignored",
    ),
    (
        "0068-feel-equality/number_008",
        Expectation::Fail,
        "number literals in exponent notation (1.23e4) are not read by the parser",
    ),
    (
        "0068-feel-equality/number_009",
        Expectation::Fail,
        "number literals in exponent notation (1.23e+4) are not read by the parser",
    ),
    (
        "0068-feel-equality/number_010",
        Expectation::Fail,
        "number literals in exponent notation (1.23e-4) are not read by the parser",
    ),
    (
        "0068-feel-equality/range_010",
        Expectation::Fail,
        "a comparison in parentheses as a range value, `(=10)`, is not read by the parser",
    ),
    (
        "0068-feel-equality/range_011",
        Expectation::Fail,
        "a comparison in parentheses as a range value, `(<10)`, is not read by the parser",
    ),
    (
        "0068-feel-equality/range_012",
        Expectation::Fail,
        "a comparison in parentheses as a range value, `(>10)`, is not read by the parser",
    ),
    (
        "0074-feel-properties/range_011",
        Expectation::Fail,
        "a comparison in parentheses as a range value is not read by the parser",
    ),
    (
        "0070-feel-instance-of/number_013",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/string_013",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/list_013",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/list_014",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/list_014_a",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/list_018",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/context_013",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0070-feel-instance-of/context_014",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_003",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_005",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_006_a",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_bkm_002",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_bkm_003",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_bkm_004_a",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_bkm_005",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_bkm_005_a",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/literal_004",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/decision_context_03",
        Expectation::NotApplicable,
        ITEM_DEFINITIONS,
    ),
    (
        "0082-feel-coercion/invoke_001",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/invoke_002",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/invoke_004",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/invoke_005",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/invoke_006",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/invoke_007",
        Expectation::NotApplicable,
        INVOCATIONS,
    ),
    (
        "0082-feel-coercion/decisionService_001",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "0082-feel-coercion/decisionService_002",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "0082-feel-coercion/decisionService_002_a",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "0082-feel-coercion/decisionService_002_b",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "0082-feel-coercion/decisionService_002_c",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "0092-feel-lambda/013",
        Expectation::NotApplicable,
        DECISION_SERVICES,
    ),
    (
        "1115-feel-date-function/015_1dd66594cf",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1115-feel-date-function/016_31f3fef4a0",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1115-feel-date-function/029_88f5c7c90f",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1115-feel-date-function/030_9184a7bfc3",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1117-feel-date-and-time-function/011_eec2d5bdcd",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1117-feel-date-and-time-function/012_225a105eef",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1117-feel-date-and-time-function/027_ae365197dd",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1117-feel-date-and-time-function/028_1c3d56275f",
        Expectation::NotApplicable,
        LARGE_YEARS,
    ),
    (
        "1146-feel-context-put-function/nested008",
        Expectation::Fail,
        "the named argument `key` is accepted with a list of keys; only `keys` should be",
    ),
];

const ITEM_DEFINITIONS: &str = "checks values against item definitions (types declared in the \
     DMN model) or converts results to them; ozg's service models declare types in their own \
     format, outside FEEL";

const INVOCATIONS: &str = "uses a DMN boxed invocation, which ozg's service models do not have";

const DECISION_SERVICES: &str =
    "uses a DMN decision service, which ozg's service models do not have";

const LARGE_YEARS: &str = "uses a year outside -9999..=9999; ozg's dates (jiff) cover those \
     years only, which is ample for administrative deadlines";

const N_ALIAS: &str = "ozg's table of built-in signatures (src/feel/signatures.rs) accepts `n` \
     besides the specification's `number` as the parameter name of sqrt, exp, log, even and odd, \
     as other implementations do; the TCK expects a call naming `n` to fail";

const XSD_BLOCKS: &str = "uses an XML Schema block name (\\p{IsBasicLatin}), which the regex \
     crate does not know; ozg gives null for the unknown pattern";

const BACK_REFERENCES: &str = "uses a back-reference ((a)\\1), which the regex crate does not \
     support (it guarantees linear-time matching); ozg gives null for the pattern";

fn explanation(folder: &str, id: &str) -> Option<(Expectation, &'static str)> {
    let exact = format!("{folder}/{id}");
    let whole = format!("{folder}/*");
    EXPLANATIONS
        .iter()
        .find(|(key, _, _)| *key == exact || *key == whole)
        .map(|(_, kind, reason)| (*kind, *reason))
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

fn fixtures() -> Option<PathBuf> {
    common::folder("dmn-tck", "the TCK conformance test").map(|d| d.join("compliance-level-3"))
}

#[path = "common/fixtures.rs"]
mod common;

// ---------------------------------------------------------------------------
// A small XML tree
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn local(name: &str) -> String {
    name.to_owned()
}

fn parse_xml(text: &str) -> Result<Element, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(start) => stack.push(element(&start)?),
            Event::Empty(start) => {
                let element = element(&start)?;
                stack.last_mut().ok_or("unbalanced")?.children.push(element);
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("unbalanced")?.children.push(done);
            }
            Event::Text(t) => stack
                .last_mut()
                .ok_or("unbalanced")?
                .text
                .push_str(&t.xml10_content()),
            Event::CData(c) => stack.last_mut().ok_or("unbalanced")?.text.push_str(&c),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match &*r {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity {other}")),
                    },
                };
                stack.last_mut().ok_or("unbalanced")?.text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("unbalanced")?;
    root.children
        .pop()
        .ok_or_else(|| "empty document".to_owned())
}

fn element(start: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attributes.push((
            local(attribute.key.local_name().as_ref()),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: local(start.local_name().as_ref()),
        attributes,
        children: Vec::new(),
        text: String::new(),
    })
}

// ---------------------------------------------------------------------------
// The DMN model
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Body {
    Literal(String),
    Context(Vec<(Option<String>, Body)>),
    List(Vec<Body>),
    Function(Vec<(String, Option<String>)>, Box<Body>),
    Unsupported(String),
}

#[derive(Debug)]
struct Decision {
    type_ref: Option<String>,
    body: Body,
    requires: Vec<String>,
}

#[derive(Debug)]
struct Bkm {
    name: String,
    parameters: Vec<(String, Option<String>)>,
    body: Body,
    requires: Vec<String>,
}

#[derive(Debug, Default)]
struct Model {
    decisions: HashMap<String, Decision>,
    bkms: Vec<Bkm>,
    /// Every name the model declares, for the parser to recognise names
    /// with spaces.
    names: Vec<String>,
    ids: HashMap<String, String>,
}

fn body_of(element: &Element) -> Body {
    for child in &element.children {
        match child.name.as_str() {
            "literalExpression" => {
                return Body::Literal(
                    child
                        .child("text")
                        .map_or(String::new(), |t| t.text.clone()),
                );
            }
            "context" => {
                let entries = child
                    .children_named("contextEntry")
                    .map(|entry| {
                        (
                            entry
                                .child("variable")
                                .and_then(|v| v.attribute("name"))
                                .map(str::to_owned),
                            body_of(entry),
                        )
                    })
                    .collect();
                return Body::Context(entries);
            }
            "list" => {
                return Body::List(
                    child
                        .children
                        .iter()
                        .map(|item| body_of(&wrap(item)))
                        .collect(),
                );
            }
            "functionDefinition" => {
                return Body::Function(parameters_of(child), Box::new(body_of(child)));
            }
            "decisionTable" | "invocation" | "relation" | "conditional" | "filter" | "iterator"
            | "some" | "every" | "for" => {
                return Body::Unsupported(child.name.clone());
            }
            _ => {}
        }
    }
    Body::Unsupported("no expression".to_owned())
}

/// An element holding just `item`, so that a list item can be read like
/// any other expression holder.
fn wrap(item: &Element) -> Element {
    Element {
        name: String::new(),
        attributes: Vec::new(),
        children: vec![Element {
            name: item.name.clone(),
            attributes: item.attributes.clone(),
            children: item.children.iter().map(wrap_clone).collect(),
            text: item.text.clone(),
        }],
        text: String::new(),
    }
}

fn wrap_clone(element: &Element) -> Element {
    Element {
        name: element.name.clone(),
        attributes: element.attributes.clone(),
        children: element.children.iter().map(wrap_clone).collect(),
        text: element.text.clone(),
    }
}

fn parameters_of(element: &Element) -> Vec<(String, Option<String>)> {
    element
        .children_named("formalParameter")
        .filter_map(|p| {
            Some((
                p.attribute("name")?.to_owned(),
                p.attribute("typeRef").map(str::to_owned),
            ))
        })
        .collect()
}

fn href_target(element: &Element) -> Option<String> {
    element
        .attribute("href")
        .map(|h| h.trim_start_matches('#').to_owned())
}

fn load_model(path: &Path) -> Result<Model, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let root = parse_xml(&text)?;
    let mut model = Model::default();
    for element in &root.children {
        let Some(name) = element.attribute("name") else {
            continue;
        };
        if let Some(id) = element.attribute("id") {
            model.ids.insert(id.to_owned(), name.to_owned());
        }
        match element.name.as_str() {
            "decision" => {
                let requires = element
                    .children_named("informationRequirement")
                    .filter_map(|r| r.child("requiredDecision").and_then(href_target))
                    .chain(
                        element
                            .children_named("knowledgeRequirement")
                            .filter_map(|r| r.child("requiredKnowledge").and_then(href_target)),
                    )
                    .collect();
                let type_ref = element
                    .child("variable")
                    .and_then(|v| v.attribute("typeRef"))
                    .map(str::to_owned);
                model.decisions.insert(
                    name.to_owned(),
                    Decision {
                        type_ref,
                        body: body_of(element),
                        requires,
                    },
                );
                model.names.push(name.to_owned());
            }
            "inputData" => model.names.push(name.to_owned()),
            "businessKnowledgeModel" => {
                let logic = element.child("encapsulatedLogic");
                let parameters = logic.map(parameters_of).unwrap_or_default();
                let body = logic.map_or(Body::Unsupported("no logic".to_owned()), body_of);
                let requires = element
                    .children_named("knowledgeRequirement")
                    .filter_map(|r| r.child("requiredKnowledge").and_then(href_target))
                    .collect();
                model.names.push(name.to_owned());
                model.bkms.push(Bkm {
                    name: name.to_owned(),
                    parameters,
                    body,
                    requires,
                });
            }
            "decisionService" => {
                model.names.push(name.to_owned());
                model.decisions.insert(
                    name.to_owned(),
                    Decision {
                        type_ref: None,
                        body: Body::Unsupported("decisionService".to_owned()),
                        requires: Vec::new(),
                    },
                );
            }
            _ => {}
        }
    }
    // Names of context entries and parameters may have spaces too.
    let mut extra = Vec::new();
    let collect = |body: &Body, extra: &mut Vec<String>| {
        fn walk(body: &Body, extra: &mut Vec<String>) {
            if let Body::Context(entries) = body {
                for (name, inner) in entries {
                    extra.extend(name.clone());
                    walk(inner, extra);
                }
            }
        }
        walk(body, extra);
    };
    for decision in model.decisions.values() {
        collect(&decision.body, &mut extra);
    }
    for bkm in &model.bkms {
        collect(&bkm.body, &mut extra);
        extra.extend(bkm.parameters.iter().map(|(n, _)| n.clone()));
    }
    model.names.extend(extra);
    Ok(model)
}

// ---------------------------------------------------------------------------
// Test cases
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Expected {
    Nil,
    Typed(Option<String>, String),
    List(Vec<Expected>),
    Context(Vec<(String, Expected)>),
}

#[derive(Debug)]
struct ResultNode {
    name: String,
    expected: Expected,
}

#[derive(Debug)]
struct TestCase {
    id: String,
    inputs: Vec<(String, Expected)>,
    results: Vec<ResultNode>,
}

fn expected_of(element: &Element) -> Expected {
    if let Some(value) = element.child("value") {
        if value.attribute("nil") == Some("true") {
            return Expected::Nil;
        }
        return Expected::Typed(
            value.attribute("type").map(str::to_owned),
            value.text.clone(),
        );
    }
    if let Some(list) = element.child("list") {
        return Expected::List(list.children_named("item").map(expected_of).collect());
    }
    let components: Vec<(String, Expected)> = element
        .children_named("component")
        .map(|c| {
            (
                c.attribute("name").unwrap_or_default().to_owned(),
                expected_of(c),
            )
        })
        .collect();
    if components.is_empty() {
        Expected::Nil
    } else {
        Expected::Context(components)
    }
}

fn load_tests(path: &Path) -> Result<Vec<TestCase>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let root = parse_xml(&text)?;
    Ok(root
        .children_named("testCase")
        .map(|case| TestCase {
            id: case.attribute("id").unwrap_or_default().to_owned(),
            inputs: case
                .children_named("inputNode")
                .map(|n| {
                    (
                        n.attribute("name").unwrap_or_default().to_owned(),
                        expected_of(n),
                    )
                })
                .collect(),
            results: case
                .children_named("resultNode")
                .filter_map(|n| {
                    Some(ResultNode {
                        name: n.attribute("name")?.to_owned(),
                        expected: n.child("expected").map_or(Expected::Nil, expected_of),
                    })
                })
                .collect(),
        })
        .collect())
}

/// The value an expected (or input) XML value denotes.
fn value_of(expected: &Expected) -> Value {
    match expected {
        Expected::Nil => Value::Null,
        Expected::Typed(ty, text) => {
            let ty = ty.as_deref().map(|t| t.rsplit(':').next().unwrap_or(t));
            let trimmed = text.trim();
            match ty {
                Some("decimal" | "double" | "integer" | "int" | "long" | "float") => {
                    parse_number(trimmed).map_or(Value::Null, Value::Number)
                }
                Some("boolean") => Value::Boolean(trimmed == "true"),
                Some("date") => temporal::parse_date(trimmed).map_or(Value::Null, Value::Date),
                Some("dateTime") => {
                    temporal::parse_date_time(trimmed).map_or(Value::Null, Value::DateTime)
                }
                Some("time") => temporal::parse_time(trimmed).map_or(Value::Null, Value::Time),
                Some("duration" | "yearMonthDuration" | "dayTimeDuration") => {
                    match temporal::parse_duration(trimmed) {
                        Some(temporal::Duration::YearsMonths(d)) => Value::YearsMonths(d),
                        Some(temporal::Duration::DaysTime(d)) => Value::DaysTime(d),
                        None => Value::Null,
                    }
                }
                _ => Value::string(text.as_str()),
            }
        }
        Expected::List(items) => Value::list(items.iter().map(value_of).collect::<Vec<_>>()),
        Expected::Context(entries) => Value::context(
            entries
                .iter()
                .map(|(k, v)| (k.as_str(), value_of(v)))
                .collect(),
        ),
    }
}

/// Whether `actual` is the expected result. Decimals written with eight or
/// more fraction digits (results of `sqrt`, `exp`, `stddev`, which the TCK
/// gives rounded) are compared at the precision they are written in.
fn conforms_to(actual: &Value, expected: &Expected) -> bool {
    match (expected, actual) {
        (Expected::Nil, actual) => actual.is_null(),
        (Expected::List(items), Value::List(values)) => {
            items.len() == values.len()
                && items
                    .iter()
                    .zip(values.iter())
                    .all(|(e, v)| conforms_to(v, e))
        }
        (Expected::Context(entries), Value::Context(context)) => {
            entries.len() == context.len()
                && entries
                    .iter()
                    .all(|(k, e)| context.get(k).is_some_and(|v| conforms_to(v, e)))
        }
        (Expected::Typed(_, text), Value::Number(n)) => {
            let Value::Number(want) = value_of(expected) else {
                return false;
            };
            if *n == want {
                return true;
            }
            let fraction_digits = text.trim().split_once('.').map_or(0, |(_, f)| f.len());
            fraction_digits >= 8
                && n.round(want.scale(), ozg::feel::number::RoundingMode::HalfEven) == Some(want)
        }
        (Expected::Typed(..), actual) => {
            let want = value_of(expected);
            actual.type_name() == want.type_name() && actual.feel_eq(&want) == Some(true)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

/// The hidden entry that holds a boxed context's result row.
const RESULT: &str = "\u{0}result";

fn expr(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

fn expr_of(body: &Body, names: &[String]) -> Result<Expr, String> {
    match body {
        Body::Literal(text) => parse_expression_with(text.trim(), &names.to_vec())
            .map_err(|e| format!("parse error: {}", e.message)),
        Body::Context(entries) => {
            let mut compiled = Vec::new();
            let mut result = None;
            for (name, body) in entries {
                let value = expr_of(body, names)?;
                match name {
                    Some(name) => compiled.push(ContextEntry {
                        key: Arc::from(name.as_str()),
                        key_span: Span::default(),
                        value,
                    }),
                    None => result = Some(value),
                }
            }
            let Some(result) = result else {
                return Ok(expr(ExprKind::Context(compiled)));
            };
            // A boxed context with a result row: the result sees the entries.
            compiled.push(ContextEntry {
                key: Arc::from(RESULT),
                key_span: Span::default(),
                value: result,
            });
            Ok(expr(ExprKind::Path {
                base: Box::new(expr(ExprKind::Context(compiled))),
                name: Arc::from(RESULT),
                name_span: Span::default(),
            }))
        }
        Body::List(items) => Ok(expr(ExprKind::List(
            items
                .iter()
                .map(|b| expr_of(b, names))
                .collect::<Result<_, _>>()?,
        ))),
        Body::Function(parameters, body) => Ok(function_expr(parameters, expr_of(body, names)?)),
        Body::Unsupported(what) => Err(format!("unsupported DMN element {what}")),
    }
}

fn function_expr(parameters: &[(String, Option<String>)], body: Expr) -> Expr {
    expr(ExprKind::Function {
        parameters: parameters
            .iter()
            .map(|(name, ty)| Parameter {
                name: Arc::from(name.as_str()),
                span: Span::default(),
                type_ref: ty.as_deref().and_then(feel_type),
            })
            .collect(),
        body: Box::new(body),
    })
}

/// DMN type names of the decision result types the tests use, as FEEL
/// types; others (item definitions) are not checked.
fn feel_type(type_ref: &str) -> Option<TypeRef> {
    let name = match type_ref.rsplit(':').next().unwrap_or(type_ref) {
        "number" | "string" | "boolean" | "date" | "time" | "date and time" | "context" | "Any" => {
            type_ref.rsplit(':').next().unwrap_or(type_ref)
        }
        "dateTime" => "date and time",
        "dayTimeDuration" | "days and time duration" => "days and time duration",
        "yearMonthDuration" | "years and months duration" => "years and months duration",
        _ => return None,
    };
    Some(TypeRef::Named(Arc::from(name)))
}

/// DMN's conversion of a decision result to its declared type: a value
/// that does not conform is null, a singleton list of a conforming value
/// is that value.
fn coerce(value: Value, type_ref: Option<&str>) -> Value {
    let Some(ty) = type_ref.and_then(feel_type) else {
        return value;
    };
    if value.is_null() || ozg::feel::eval::conforms(&value, &ty) {
        return value;
    }
    if let Value::List(items) = &value
        && items.len() == 1
        && ozg::feel::eval::conforms(&items[0], &ty)
    {
        return items[0].clone();
    }
    Value::Null
}

struct Run<'m> {
    model: &'m Model,
    scope: Context,
    done: HashMap<String, Result<Value, String>>,
}

impl Run<'_> {
    fn new<'m>(model: &'m Model, inputs: &[(String, Expected)]) -> Run<'m> {
        let mut scope = Context::new();
        for (name, value) in inputs {
            scope.insert(name.as_str(), value_of(value));
        }
        let mut run = Run {
            model,
            scope,
            done: HashMap::new(),
        };
        run.define_bkms();
        run
    }

    /// Business knowledge models become function values, those they need
    /// first.
    fn define_bkms(&mut self) {
        let mut pending: Vec<&Bkm> = self.model.bkms.iter().collect();
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|bkm| {
                let ready = bkm.requires.iter().all(|id| {
                    let name = self.model.ids.get(id).map_or(id.as_str(), String::as_str);
                    self.scope.get(name).is_some()
                });
                if !ready {
                    return true;
                }
                let value = match expr_of(&bkm.body, &self.model.names) {
                    Ok(body) => evaluate(&function_expr(&bkm.parameters, body), &self.scope),
                    Err(_) => Value::Null,
                };
                self.scope.insert(bkm.name.as_str(), value);
                false
            });
            if pending.len() == before {
                break;
            }
        }
    }

    fn decision(&mut self, name: &str) -> Result<Value, String> {
        if let Some(done) = self.done.get(name) {
            return done.clone();
        }
        let Some(decision) = self.model.decisions.get(name) else {
            return Err(format!("no decision {name}"));
        };
        // Guard against cycles in a broken model.
        self.done
            .insert(name.to_owned(), Err("cyclic requirement".to_owned()));
        for id in &decision.requires {
            let required = self
                .model
                .ids
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.clone());
            if self.model.decisions.contains_key(&required) {
                let value = self.decision(&required)?;
                self.scope.insert(required.as_str(), value);
            }
        }
        let result = expr_of(&decision.body, &self.model.names)
            .map(|e| coerce(evaluate(&e, &self.scope), decision.type_ref.as_deref()));
        self.done.insert(name.to_owned(), result.clone());
        result
    }
}

// ---------------------------------------------------------------------------
// Running and reporting
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    NotApplicable,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "n/a",
        }
    }
}

struct CaseResult {
    folder: String,
    id: String,
    outcome: Outcome,
    /// The explanation for a fail or N/A; the actual results for an
    /// unexplained fail.
    note: String,
    unexplained: bool,
}

fn run_folder(folder: &Path) -> Result<Vec<CaseResult>, String> {
    let folder_name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let model_path = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "dmn"))
        .ok_or("no model")?;
    let model = load_model(model_path)?;
    let mut results = Vec::new();
    for test_file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
    {
        for case in load_tests(test_file)? {
            let mut run = Run::new(&model, &case.inputs);
            let mut mismatches = Vec::new();
            for node in &case.results {
                match run.decision(&node.name) {
                    Ok(actual) if conforms_to(&actual, &node.expected) => {}
                    Ok(actual) => mismatches.push(format!(
                        "{}: got `{actual}`, expected `{}`",
                        node.name,
                        value_of(&node.expected)
                    )),
                    Err(problem) => mismatches.push(format!("{}: {problem}", node.name)),
                }
            }
            let (outcome, note, unexplained) =
                match (mismatches.is_empty(), explanation(&folder_name, &case.id)) {
                    (_, Some((Expectation::NotApplicable, reason))) => {
                        (Outcome::NotApplicable, reason.to_owned(), false)
                    }
                    (true, _) => (Outcome::Pass, String::new(), false),
                    (false, Some((Expectation::Fail, reason))) => {
                        (Outcome::Fail, reason.to_owned(), false)
                    }
                    (false, None) => (Outcome::Fail, mismatches.join("; "), true),
                };
            results.push(CaseResult {
                folder: folder_name.clone(),
                id: case.id,
                outcome,
                note,
                unexplained,
            });
        }
    }
    Ok(results)
}

const BEGIN: &str = "<!-- tck:begin (generated by tests/tck.rs) -->";
const END: &str = "<!-- tck:end -->";

fn render(results: &[CaseResult]) -> String {
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    let mut out = String::new();
    let _ = writeln!(out, "{BEGIN}");
    let _ = writeln!(
        out,
        "\n**{} test cases: {} pass, {} fail, {} not applicable.**\n",
        results.len(),
        count(Outcome::Pass),
        count(Outcome::Fail),
        count(Outcome::NotApplicable)
    );
    let _ = writeln!(out, "| folder | pass | fail | n/a |\n|---|---:|---:|---:|");
    let mut folders: Vec<&str> = results.iter().map(|r| r.folder.as_str()).collect();
    folders.dedup();
    for folder in &folders {
        let of = |o: Outcome| {
            results
                .iter()
                .filter(|r| r.folder == *folder && r.outcome == o)
                .count()
        };
        let _ = writeln!(
            out,
            "| {folder} | {} | {} | {} |",
            of(Outcome::Pass),
            of(Outcome::Fail),
            of(Outcome::NotApplicable)
        );
    }
    let _ = writeln!(out, "\n### Every case\n");
    let _ = writeln!(
        out,
        "| folder | case | result | explanation |\n|---|---|---|---|"
    );
    for r in results {
        let note = r.note.replace('|', "\\|").replace('\n', " ");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {note} |",
            r.folder,
            r.id,
            r.outcome.word()
        );
    }
    let _ = writeln!(out, "\n{END}");
    out
}

/// The cases the committed report lists as passing.
fn committed_passes(section: &str) -> Vec<(String, String)> {
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            (cells.len() == 4 && cells[2] == "pass")
                .then(|| (cells[0].to_owned(), cells[1].to_owned()))
        })
        .collect()
}

#[test]
fn feel_test_cases_of_the_dmn_tck_conform() {
    let Some(tck) = fixtures() else { return };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&tck)
        .expect("the TCK folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("-feel-"))
        })
        .collect();
    folders.sort();
    let mut results = Vec::new();
    for folder in &folders {
        match run_folder(folder) {
            Ok(r) => results.extend(r),
            Err(e) => panic!("cannot read {}: {e}", folder.display()),
        }
    }
    let report = render(&results);

    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/conformance.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
    let committed = match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if b < e => Some((b, e + END.len())),
        _ => None,
    };

    if std::env::var_os("OZG_UPDATE_CONFORMANCE").is_some() {
        let updated = match committed {
            Some((b, e)) => format!("{}{}{}", &doc[..b], report.trim_end(), &doc[e..]),
            None => format!("{doc}\n{report}"),
        };
        std::fs::write(&doc_path, updated).expect("docs/conformance.md is writable");
    } else if let Some((b, e)) = committed {
        let section = &doc[b..e];
        let regressions: Vec<String> = committed_passes(section)
            .into_iter()
            .filter(|(folder, id)| {
                results
                    .iter()
                    .any(|r| &r.folder == folder && &r.id == id && r.outcome != Outcome::Pass)
            })
            .map(|(folder, id)| format!("{folder}/{id}"))
            .collect();
        assert!(
            regressions.is_empty(),
            "cases that passed before fail now: {regressions:?}"
        );
    }

    let unexplained: Vec<String> = results
        .iter()
        .filter(|r| r.unexplained)
        .map(|r| format!("{}/{}: {}", r.folder, r.id, r.note))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} failing cases have no explanation in tests/tck.rs:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    if std::env::var_os("OZG_UPDATE_CONFORMANCE").is_none() {
        let current = committed.map(|(b, e)| &doc[b..e]);
        assert_eq!(
            current.map(str::trim_end),
            Some(report.trim_end()),
            "docs/conformance.md is out of date; run OZG_UPDATE_CONFORMANCE=1 cargo test --test tck"
        );
    }
}
