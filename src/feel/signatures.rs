//! The signatures of the DMN 1.5 built-in functions: parameter names (for
//! named arguments), what each parameter accepts, which are optional or
//! repeat, and what the function returns.
//!
//! The table is static data, shared by the checker (which reads it to check
//! calls without evaluating them) and the evaluator (which implements the
//! functions). A function with several forms, like `date(from)` and
//! `date(year, month, day)`, has one [`Signature`] per form; a call matches
//! a function when it matches one of its forms.
//!
//! Besides DMN 1.5 proper, the table holds `is defined`, `get or else` and
//! `last day of month`, which Camunda's FEEL offers and models written for
//! it use.

use crate::feel::types::Type;

/// A built-in function with all its forms.
#[derive(Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub forms: &'static [Signature],
}

/// One form of a built-in function.
#[derive(Debug)]
pub struct Signature {
    pub parameters: &'static [Parameter],
    pub returns: Returns,
}

#[derive(Debug)]
pub struct Parameter {
    /// The name used for named arguments, as the DMN specification gives it.
    pub name: &'static str,
    pub accepts: Accepts,
    pub arity: Arity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Required,
    /// May be left out; only trailing parameters are optional.
    Optional,
    /// The last parameter, given any number of times (also none).
    Variadic,
}

/// What a parameter accepts. Where FEEL allows a choice (a date or a date
/// and time), the choice is one variant, so that the table stays static.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    Any,
    Number,
    String,
    Boolean,
    Date,
    Time,
    DateTime,
    YearsMonthsDuration,
    DaysTimeDuration,
    /// A date or a date and time.
    DateOrDateTime,
    /// A time or a date and time.
    TimeOrDateTime,
    /// Either kind of duration.
    Duration,
    /// A value that can be ordered: number, string, date, time, date and
    /// time or duration.
    Orderable,
    Context,
    Function,
    List(&'static Accepts),
    Range(&'static Accepts),
}

/// What a function returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// A value of this fixed kind.
    Fixed(Accepts),
    /// A value of the same type as the first argument (`abs`, `reverse`).
    First,
    /// An item of the list given as first argument (`min(list)`).
    ItemOfFirst,
    /// A value of the common type of all arguments (`min(a, b, c)`).
    CommonOfAll,
    /// A list of the items of all arguments, lists or single values
    /// (`append`, `concatenate`, `union`).
    ListOfAllItems,
    /// The kind of duration its text describes: `duration("P3M")` is a
    /// years and months duration.
    DurationOfText,
}

impl Accepts {
    /// Whether a value of type `found` may be passed, with FEEL's implicit
    /// conversions between single values and lists of one.
    pub fn accepts(self, found: &Type) -> bool {
        match (self, found) {
            (Accepts::Any, _) | (_, Type::Any | Type::Null) => true,
            (Accepts::List(item), Type::List(found))
            | (Accepts::Range(item), Type::Range(found)) => item.accepts(found),
            (Accepts::List(item), found) => item.accepts(found),
            (expected, Type::List(found)) => expected.accepts(found),
            (Accepts::DateOrDateTime, found) => matches!(found, Type::Date | Type::DateTime),
            (Accepts::TimeOrDateTime, found) => matches!(found, Type::Time | Type::DateTime),
            (Accepts::Duration, found) => found.is_duration(),
            (Accepts::Orderable, found) => found.is_orderable(),
            (Accepts::Context, found) => matches!(found, Type::Context(_)),
            (Accepts::Function, found) => matches!(found, Type::Function(_)),
            (expected, found) => expected.as_type().is_some_and(|t| t == *found),
        }
    }

    /// Whether a value of type `found` may be passed as it is, without
    /// turning a single value into a list or a list of one into its item.
    pub fn accepts_as_is(self, found: &Type) -> bool {
        match (self, found) {
            (Accepts::List(_), Type::List(_)) => self.accepts(found),
            (Accepts::List(_), found) => matches!(found, Type::Any | Type::Null),
            (Accepts::Any, _) => true,
            (_, Type::List(_)) => false,
            _ => self.accepts(found),
        }
    }

    /// The one type this stands for, if it is one.
    pub fn as_type(self) -> Option<Type> {
        Some(match self {
            Accepts::Number => Type::Number,
            Accepts::String => Type::String,
            Accepts::Boolean => Type::Boolean,
            Accepts::Date => Type::Date,
            Accepts::Time => Type::Time,
            Accepts::DateTime => Type::DateTime,
            Accepts::YearsMonthsDuration => Type::YearsMonthsDuration,
            Accepts::DaysTimeDuration => Type::DaysTimeDuration,
            Accepts::List(item) => Type::list(item.as_type().unwrap_or(Type::Any)),
            Accepts::Range(item) => Type::range(item.as_type().unwrap_or(Type::Any)),
            Accepts::Any
            | Accepts::DateOrDateTime
            | Accepts::TimeOrDateTime
            | Accepts::Duration
            | Accepts::Orderable
            | Accepts::Context
            | Accepts::Function => return None,
        })
    }

    /// The most precise type a result of this kind has.
    pub fn result_type(self) -> Type {
        self.as_type().unwrap_or(Type::Any)
    }
}

impl Signature {
    /// How many positional arguments this form takes: at least, and at
    /// most (`None` when the last parameter repeats).
    pub fn argument_counts(&self) -> (usize, Option<usize>) {
        let required = self
            .parameters
            .iter()
            .filter(|p| p.arity == Arity::Required)
            .count();
        let variadic = self.parameters.iter().any(|p| p.arity == Arity::Variadic);
        (required, (!variadic).then_some(self.parameters.len()))
    }

    /// The parameter that the argument at `index` binds to.
    pub fn parameter_at(&self, index: usize) -> Option<&'static Parameter> {
        let parameters: &'static [Parameter] = self.parameters;
        parameters
            .get(index)
            .or_else(|| parameters.last().filter(|p| p.arity == Arity::Variadic))
    }

    pub fn parameter_named(&self, name: &str) -> Option<&'static Parameter> {
        let parameters: &'static [Parameter] = self.parameters;
        parameters.iter().find(|p| p.name == name)
    }
}

/// The built-in function called `name`.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS
        .binary_search_by(|b| b.name.cmp(name))
        .ok()
        .map(|i| &BUILTINS[i])
}

const fn required(name: &'static str, accepts: Accepts) -> Parameter {
    Parameter {
        name,
        accepts,
        arity: Arity::Required,
    }
}

const fn optional(name: &'static str, accepts: Accepts) -> Parameter {
    Parameter {
        name,
        accepts,
        arity: Arity::Optional,
    }
}

const fn variadic(name: &'static str, accepts: Accepts) -> Parameter {
    Parameter {
        name,
        accepts,
        arity: Arity::Variadic,
    }
}

const fn form(parameters: &'static [Parameter], returns: Returns) -> Signature {
    Signature {
        parameters,
        returns,
    }
}

const fn fixed(accepts: Accepts) -> Returns {
    Returns::Fixed(accepts)
}

use Accepts as A;

const LIST: A = A::List(&A::Any);
const NUMBERS: A = A::List(&A::Number);
const ORDERABLES: A = A::List(&A::Orderable);
const BOOLEANS: A = A::List(&A::Boolean);
const STRINGS: A = A::List(&A::String);
const CONTEXTS: A = A::List(&A::Context);
const RANGE: A = A::Range(&A::Orderable);

// The forms of the range relations: each compares two points, a point and
// a range or two ranges, as the DMN specification lists them.
const POINT_POINT: &[Parameter] = &[
    required("point1", A::Orderable),
    required("point2", A::Orderable),
];
const POINT_RANGE: &[Parameter] = &[required("point", A::Orderable), required("range", RANGE)];
const RANGE_POINT: &[Parameter] = &[required("range", RANGE), required("point", A::Orderable)];
const RANGE_RANGE: &[Parameter] = &[required("range1", RANGE), required("range2", RANGE)];
const BOOLEAN: Returns = Returns::Fixed(A::Boolean);

// Functions over numbers take them in a list or one by one: `sum([1, 2])`
// or `sum(1, 2)`.
const NUMBER_LIST: &[Parameter] = &[required("list", NUMBERS)];
const NUMBERS_ONE_BY_ONE: &[Parameter] = &[variadic("n", A::Number)];
const SUM: [Signature; 2] = [
    form(NUMBER_LIST, fixed(A::Number)),
    form(NUMBERS_ONE_BY_ONE, fixed(A::Number)),
];
const MODE: [Signature; 2] = [
    form(NUMBER_LIST, fixed(NUMBERS)),
    form(NUMBERS_ONE_BY_ONE, fixed(NUMBERS)),
];

// The DMN specification calls the parameter of `sqrt`, `log`, `exp`, `odd`
// and `even` `number`, some implementations call it `n`; either name is
// accepted, so that no model written for one of them is refused.
const NUMBER_OR_N_NUMBER: &[Signature] = &[
    form(&[required("number", A::Number)], fixed(A::Number)),
    form(&[required("n", A::Number)], fixed(A::Number)),
];
const NUMBER_OR_N_BOOLEAN: &[Signature] = &[
    form(&[required("number", A::Number)], BOOLEAN),
    form(&[required("n", A::Number)], BOOLEAN),
];

/// Every built-in, sorted by name for lookup.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "abs",
        forms: &[
            form(&[required("n", A::Number)], Returns::First),
            form(&[required("n", A::Duration)], Returns::First),
        ],
    },
    Builtin {
        name: "after",
        forms: &[
            form(POINT_POINT, BOOLEAN),
            form(POINT_RANGE, BOOLEAN),
            form(RANGE_POINT, BOOLEAN),
            form(RANGE_RANGE, BOOLEAN),
        ],
    },
    Builtin {
        name: "all",
        forms: &[
            form(&[required("list", BOOLEANS)], BOOLEAN),
            form(&[variadic("b", A::Boolean)], BOOLEAN),
        ],
    },
    Builtin {
        name: "any",
        forms: &[
            form(&[required("list", BOOLEANS)], BOOLEAN),
            form(&[variadic("b", A::Boolean)], BOOLEAN),
        ],
    },
    Builtin {
        name: "append",
        forms: &[form(
            &[required("list", LIST), variadic("item", A::Any)],
            Returns::ListOfAllItems,
        )],
    },
    Builtin {
        name: "before",
        forms: &[
            form(POINT_POINT, BOOLEAN),
            form(POINT_RANGE, BOOLEAN),
            form(RANGE_POINT, BOOLEAN),
            form(RANGE_RANGE, BOOLEAN),
        ],
    },
    Builtin {
        name: "ceiling",
        forms: &[form(
            &[required("n", A::Number), optional("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "coincides",
        forms: &[form(POINT_POINT, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "concatenate",
        forms: &[form(&[variadic("list", LIST)], Returns::ListOfAllItems)],
    },
    Builtin {
        name: "contains",
        forms: &[form(
            &[required("string", A::String), required("match", A::String)],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "context",
        forms: &[form(&[required("entries", CONTEXTS)], fixed(A::Context))],
    },
    Builtin {
        name: "context merge",
        forms: &[form(&[required("contexts", CONTEXTS)], fixed(A::Context))],
    },
    Builtin {
        name: "context put",
        forms: &[
            form(
                &[
                    required("context", A::Context),
                    required("key", A::String),
                    required("value", A::Any),
                ],
                fixed(A::Context),
            ),
            form(
                &[
                    required("context", A::Context),
                    required("keys", STRINGS),
                    required("value", A::Any),
                ],
                fixed(A::Context),
            ),
        ],
    },
    Builtin {
        name: "count",
        forms: &[form(&[required("list", LIST)], fixed(A::Number))],
    },
    Builtin {
        name: "date",
        forms: &[
            form(&[required("from", A::String)], fixed(A::Date)),
            form(&[required("from", A::DateOrDateTime)], fixed(A::Date)),
            form(
                &[
                    required("year", A::Number),
                    required("month", A::Number),
                    required("day", A::Number),
                ],
                fixed(A::Date),
            ),
        ],
    },
    Builtin {
        name: "date and time",
        forms: &[
            form(&[required("from", A::String)], fixed(A::DateTime)),
            form(
                &[
                    required("date", A::DateOrDateTime),
                    required("time", A::Time),
                ],
                fixed(A::DateTime),
            ),
        ],
    },
    Builtin {
        name: "day of week",
        forms: &[form(
            &[required("date", A::DateOrDateTime)],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "day of year",
        forms: &[form(
            &[required("date", A::DateOrDateTime)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "decimal",
        forms: &[form(
            &[required("n", A::Number), required("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "distinct values",
        forms: &[form(&[required("list", LIST)], Returns::First)],
    },
    Builtin {
        name: "duration",
        forms: &[form(
            &[required("from", A::String)],
            Returns::DurationOfText,
        )],
    },
    Builtin {
        name: "during",
        forms: &[form(POINT_RANGE, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "ends with",
        forms: &[form(
            &[required("string", A::String), required("match", A::String)],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "even",
        forms: NUMBER_OR_N_BOOLEAN,
    },
    Builtin {
        name: "exp",
        forms: NUMBER_OR_N_NUMBER,
    },
    Builtin {
        name: "finished by",
        forms: &[form(RANGE_POINT, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "finishes",
        forms: &[form(POINT_RANGE, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "flatten",
        forms: &[form(&[required("list", LIST)], fixed(LIST))],
    },
    Builtin {
        name: "floor",
        forms: &[form(
            &[required("n", A::Number), optional("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "get entries",
        forms: &[form(&[required("m", A::Context)], fixed(CONTEXTS))],
    },
    Builtin {
        name: "get or else",
        forms: &[form(
            &[required("value", A::Any), required("default", A::Any)],
            Returns::CommonOfAll,
        )],
    },
    Builtin {
        name: "get value",
        forms: &[
            form(
                &[required("m", A::Context), required("key", A::String)],
                fixed(A::Any),
            ),
            form(
                &[required("m", A::Context), required("keys", STRINGS)],
                fixed(A::Any),
            ),
        ],
    },
    Builtin {
        name: "includes",
        forms: &[form(RANGE_POINT, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "index of",
        forms: &[form(
            &[required("list", LIST), required("match", A::Any)],
            fixed(NUMBERS),
        )],
    },
    Builtin {
        name: "insert before",
        forms: &[form(
            &[
                required("list", LIST),
                required("position", A::Number),
                required("newItem", A::Any),
            ],
            Returns::ListOfAllItems,
        )],
    },
    Builtin {
        name: "is",
        forms: &[form(
            &[required("value1", A::Any), required("value2", A::Any)],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "is defined",
        forms: &[form(&[required("value", A::Any)], BOOLEAN)],
    },
    Builtin {
        name: "last day of month",
        forms: &[form(&[required("date", A::DateOrDateTime)], fixed(A::Date))],
    },
    Builtin {
        name: "list contains",
        forms: &[form(
            &[required("list", LIST), required("element", A::Any)],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "list replace",
        forms: &[
            form(
                &[
                    required("list", LIST),
                    required("position", A::Number),
                    required("newItem", A::Any),
                ],
                Returns::ListOfAllItems,
            ),
            form(
                &[
                    required("list", LIST),
                    required("match", A::Function),
                    required("newItem", A::Any),
                ],
                Returns::ListOfAllItems,
            ),
        ],
    },
    Builtin {
        name: "log",
        forms: NUMBER_OR_N_NUMBER,
    },
    Builtin {
        name: "lower case",
        forms: &[form(&[required("string", A::String)], fixed(A::String))],
    },
    Builtin {
        name: "matches",
        forms: &[form(
            &[
                required("input", A::String),
                required("pattern", A::String),
                optional("flags", A::String),
            ],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "max",
        forms: &[
            form(&[required("list", ORDERABLES)], Returns::ItemOfFirst),
            form(
                &[required("c1", A::Orderable), variadic("c", A::Orderable)],
                Returns::CommonOfAll,
            ),
        ],
    },
    Builtin {
        name: "mean",
        forms: &SUM,
    },
    Builtin {
        name: "median",
        forms: &SUM,
    },
    Builtin {
        name: "meets",
        forms: &[form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "met by",
        forms: &[form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "min",
        forms: &[
            form(&[required("list", ORDERABLES)], Returns::ItemOfFirst),
            form(
                &[required("c1", A::Orderable), variadic("c", A::Orderable)],
                Returns::CommonOfAll,
            ),
        ],
    },
    Builtin {
        name: "mode",
        forms: &MODE,
    },
    Builtin {
        name: "modulo",
        forms: &[form(
            &[
                required("dividend", A::Number),
                required("divisor", A::Number),
            ],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "month of year",
        forms: &[form(
            &[required("date", A::DateOrDateTime)],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "not",
        forms: &[form(&[required("negand", A::Boolean)], BOOLEAN)],
    },
    Builtin {
        name: "now",
        forms: &[form(&[], fixed(A::DateTime))],
    },
    Builtin {
        name: "number",
        forms: &[form(
            &[
                required("from", A::String),
                optional("grouping separator", A::String),
                optional("decimal separator", A::String),
            ],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "odd",
        forms: NUMBER_OR_N_BOOLEAN,
    },
    Builtin {
        name: "overlaps",
        forms: &[form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "overlaps after",
        forms: &[form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "overlaps before",
        forms: &[form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "product",
        forms: &SUM,
    },
    Builtin {
        name: "range",
        forms: &[form(
            &[required("from", A::String)],
            fixed(A::Range(&A::Any)),
        )],
    },
    Builtin {
        name: "remove",
        forms: &[form(
            &[required("list", LIST), required("position", A::Number)],
            Returns::First,
        )],
    },
    Builtin {
        name: "replace",
        forms: &[form(
            &[
                required("input", A::String),
                required("pattern", A::String),
                required("replacement", A::String),
                optional("flags", A::String),
            ],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "reverse",
        forms: &[form(&[required("list", LIST)], Returns::First)],
    },
    Builtin {
        name: "round down",
        forms: &[form(
            &[required("n", A::Number), required("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "round half down",
        forms: &[form(
            &[required("n", A::Number), required("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "round half up",
        forms: &[form(
            &[required("n", A::Number), required("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "round up",
        forms: &[form(
            &[required("n", A::Number), required("scale", A::Number)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "sort",
        forms: &[form(
            &[required("list", LIST), optional("precedes", A::Function)],
            Returns::First,
        )],
    },
    Builtin {
        name: "split",
        forms: &[form(
            &[
                required("string", A::String),
                required("delimiter", A::String),
            ],
            fixed(STRINGS),
        )],
    },
    Builtin {
        name: "sqrt",
        forms: NUMBER_OR_N_NUMBER,
    },
    Builtin {
        name: "started by",
        forms: &[form(RANGE_POINT, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "starts",
        forms: &[form(POINT_RANGE, BOOLEAN), form(RANGE_RANGE, BOOLEAN)],
    },
    Builtin {
        name: "starts with",
        forms: &[form(
            &[required("string", A::String), required("match", A::String)],
            BOOLEAN,
        )],
    },
    Builtin {
        name: "stddev",
        forms: &SUM,
    },
    Builtin {
        name: "string",
        forms: &[form(&[required("from", A::Any)], fixed(A::String))],
    },
    Builtin {
        name: "string join",
        forms: &[form(
            &[required("list", STRINGS), optional("delimiter", A::String)],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "string length",
        forms: &[form(&[required("string", A::String)], fixed(A::Number))],
    },
    Builtin {
        name: "sublist",
        forms: &[form(
            &[
                required("list", LIST),
                required("start position", A::Number),
                optional("length", A::Number),
            ],
            Returns::First,
        )],
    },
    Builtin {
        name: "substring",
        forms: &[form(
            &[
                required("string", A::String),
                required("start position", A::Number),
                optional("length", A::Number),
            ],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "substring after",
        forms: &[form(
            &[required("string", A::String), required("match", A::String)],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "substring before",
        forms: &[form(
            &[required("string", A::String), required("match", A::String)],
            fixed(A::String),
        )],
    },
    Builtin {
        name: "sum",
        forms: &SUM,
    },
    Builtin {
        name: "time",
        forms: &[
            form(&[required("from", A::String)], fixed(A::Time)),
            form(&[required("from", A::TimeOrDateTime)], fixed(A::Time)),
            form(
                &[
                    required("hour", A::Number),
                    required("minute", A::Number),
                    required("second", A::Number),
                    optional("offset", A::DaysTimeDuration),
                ],
                fixed(A::Time),
            ),
        ],
    },
    Builtin {
        name: "today",
        forms: &[form(&[], fixed(A::Date))],
    },
    Builtin {
        name: "union",
        forms: &[form(&[variadic("list", LIST)], Returns::ListOfAllItems)],
    },
    Builtin {
        name: "upper case",
        forms: &[form(&[required("string", A::String)], fixed(A::String))],
    },
    Builtin {
        name: "week of year",
        forms: &[form(
            &[required("date", A::DateOrDateTime)],
            fixed(A::Number),
        )],
    },
    Builtin {
        name: "years and months duration",
        forms: &[form(
            &[
                required("from", A::DateOrDateTime),
                required("to", A::DateOrDateTime),
            ],
            fixed(A::YearsMonthsDuration),
        )],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feel::parser::{BUILTIN_NAMES_WITH_SPACES, parse_expression};

    #[test]
    fn the_table_is_sorted_for_lookup() {
        for pair in BUILTINS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn every_builtin_is_found_by_name() {
        for function in BUILTINS {
            assert!(std::ptr::eq(builtin(function.name).unwrap(), function));
        }
        assert!(builtin("round half even").is_none());
    }

    #[test]
    fn every_name_with_spaces_is_known_to_the_parser() {
        for function in BUILTINS.iter().filter(|b| b.name.contains(' ')) {
            assert!(
                BUILTIN_NAMES_WITH_SPACES.contains(&function.name),
                "{}",
                function.name
            );
            assert!(parse_expression(&format!("{}(x)", function.name)).is_ok());
        }
    }

    #[test]
    fn only_trailing_parameters_are_optional_or_repeat() {
        for function in BUILTINS {
            for form in function.forms {
                let first_loose = form
                    .parameters
                    .iter()
                    .position(|p| p.arity != Arity::Required);
                if let Some(first) = first_loose {
                    assert!(
                        form.parameters[first..]
                            .iter()
                            .all(|p| p.arity != Arity::Required),
                        "{}",
                        function.name
                    );
                }
                let variadic = form
                    .parameters
                    .iter()
                    .position(|p| p.arity == Arity::Variadic);
                assert!(
                    variadic.is_none_or(|i| i == form.parameters.len() - 1),
                    "{}",
                    function.name
                );
            }
        }
    }

    #[test]
    fn argument_counts_follow_optional_and_repeating_parameters() {
        let substring = &builtin("substring").unwrap().forms[0];
        assert_eq!(substring.argument_counts(), (2, Some(3)));
        let sum = &builtin("sum").unwrap().forms[1];
        assert_eq!(sum.argument_counts(), (0, None));
        assert_eq!(sum.parameter_at(5).unwrap().name, "n");
    }

    #[test]
    fn parameters_accept_single_values_for_lists_and_lists_of_one_for_values() {
        assert!(NUMBERS.accepts(&Type::Number));
        assert!(A::Number.accepts(&Type::list(Type::Number)));
        assert!(!A::Number.accepts(&Type::String));
        assert!(A::DateOrDateTime.accepts(&Type::DateTime));
        assert!(!A::DateOrDateTime.accepts(&Type::Time));
        assert!(A::Orderable.accepts(&Type::DaysTimeDuration));
        assert!(!A::Orderable.accepts(&Type::Boolean));
    }
}
