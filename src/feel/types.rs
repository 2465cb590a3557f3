//! Static types of FEEL values, as the checker infers them without
//! evaluating anything.
//!
//! [`Type::Any`] stands for "not known": a value whose type the checker
//! cannot tell (an input of unknown shape, the result of an `if` whose
//! branches differ). Nothing involving `Any` is ever reported, so that one
//! unknown does not cascade into many findings. [`Type::Null`] is the type of
//! `null`, which FEEL allows wherever any value is allowed.
//!
//! Types print in FEEL's own spelling (`number`, `list<string>`,
//! `context<length: number>`), so messages can show them as an author would
//! write them after `instance of`.

use std::fmt;

use crate::feel::ast::{Name, TypeRef};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Not known; compatible with everything.
    Any,
    /// The type of `null`.
    Null,
    Number,
    String,
    Boolean,
    Date,
    Time,
    DateTime,
    YearsMonthsDuration,
    DaysTimeDuration,
    List(Box<Type>),
    /// A context with exactly these members, in the order written. A
    /// context whose members are not known is [`Type::Any`].
    Context(Vec<(Name, Type)>),
    Range(Box<Type>),
    Function(Box<FunctionType>),
}

/// The type of a function value: a user-defined function or a built-in
/// used as a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionType {
    pub parameters: Vec<Type>,
    pub result: Type,
}

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn range(element: Type) -> Type {
        Type::Range(Box::new(element))
    }

    pub fn context<'a>(members: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Context(
            members
                .into_iter()
                .map(|(name, ty)| (Name::from(name), ty))
                .collect(),
        )
    }

    /// Whether the type says nothing certain: `Any` or `null`.
    pub fn is_open(&self) -> bool {
        matches!(self, Type::Any | Type::Null)
    }

    pub fn is_duration(&self) -> bool {
        matches!(self, Type::YearsMonthsDuration | Type::DaysTimeDuration)
    }

    /// Values of this type can be ordered with `<`, `>` and in ranges.
    pub fn is_orderable(&self) -> bool {
        matches!(
            self,
            Type::Number
                | Type::String
                | Type::Date
                | Type::Time
                | Type::DateTime
                | Type::YearsMonthsDuration
                | Type::DaysTimeDuration
        )
    }

    /// Whether a value of type `found` may stand where this type is
    /// expected, with FEEL's implicit conversions: `null` fits everywhere, a
    /// single value fits where a list is expected (it becomes a list of one),
    /// and a list fits where one value is expected (a list of one item stands
    /// for that item).
    pub fn accepts(&self, found: &Type) -> bool {
        match (self, found) {
            (Type::Any, _) | (_, Type::Any | Type::Null) => true,
            (Type::List(expected), Type::List(found))
            | (Type::Range(expected), Type::Range(found)) => expected.accepts(found),
            (Type::List(expected), found) => expected.accepts(found),
            (expected, Type::List(found)) => expected.accepts(found),
            (Type::Context(expected), Type::Context(found)) => {
                expected.iter().all(|(name, expected)| {
                    found
                        .iter()
                        .any(|(n, found)| n == name && expected.accepts(found))
                })
            }
            (Type::Function(expected), Type::Function(found)) => {
                expected.parameters.len() == found.parameters.len()
                    && expected.result.accepts(&found.result)
            }
            (expected, found) => expected == found,
        }
    }

    /// Whether two values of these types may be ordered against each
    /// other. A date and a date and time may: the date counts as its
    /// midnight.
    pub fn can_order_with(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Date | Type::DateTime, Type::Date | Type::DateTime) => true,
            (a, b) => a.is_orderable() && a == b,
        }
    }

    /// Whether `=` between values of these types could ever be true, as
    /// far as simple values go. Lists, contexts, ranges and functions are
    /// left alone: a list of one item may equal a single value.
    pub fn can_equal(&self, other: &Type) -> bool {
        let simple = |t: &Type| {
            matches!(
                t,
                Type::Number
                    | Type::String
                    | Type::Boolean
                    | Type::Date
                    | Type::Time
                    | Type::DateTime
                    | Type::YearsMonthsDuration
                    | Type::DaysTimeDuration
            )
        };
        if !simple(self) || !simple(other) {
            return true;
        }
        self == other
            || matches!(
                (self, other),
                (Type::Date | Type::DateTime, Type::Date | Type::DateTime)
            )
            || (self.is_duration() && other.is_duration())
    }

    /// The type that covers values of both types, as for the two branches of
    /// an `if` or the items of a list. Types that differ in kind give
    /// `Any`: FEEL allows such mixes, and the checker does not track unions.
    #[must_use]
    pub fn unify(&self, other: &Type) -> Type {
        match (self, other) {
            (a, b) if a == b => a.clone(),
            (Type::Null, t) | (t, Type::Null) => t.clone(),
            (Type::List(a), Type::List(b)) => Type::list(a.unify(b)),
            (Type::Range(a), Type::Range(b)) => Type::range(a.unify(b)),
            (Type::Context(a), Type::Context(b))
                if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0) =>
            {
                Type::Context(
                    a.iter()
                        .zip(b)
                        .map(|(x, y)| (x.0.clone(), x.1.unify(&y.1)))
                        .collect(),
                )
            }
            _ => Type::Any,
        }
    }

    /// The element type when this is a list, or the type itself for a
    /// single value, which FEEL treats as a list of one where a list is
    /// needed.
    #[must_use]
    pub fn element(&self) -> Type {
        match self {
            Type::List(element) => (**element).clone(),
            other => other.clone(),
        }
    }

    /// The type of member `name` (`applicant.name`, `date.year`), `None`
    /// when values of this type certainly have no such member, `Some(Any)`
    /// when it cannot be known.
    pub fn member(&self, name: &str) -> Option<Type> {
        match self {
            Type::Any | Type::Null => Some(Type::Any),
            Type::Context(members) => members
                .iter()
                .find(|(n, _)| &**n == name)
                .map(|(_, t)| t.clone()),
            // A path on a list reads the member of every item.
            Type::List(element) => element.member(name).map(Type::list),
            Type::Range(element) => match name {
                "start" | "end" => Some((**element).clone()),
                "start included" | "end included" => Some(Type::Boolean),
                _ => None,
            },
            other => other
                .properties()
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.clone()),
        }
    }

    /// The names of the members a value of this type has, for suggestions.
    pub fn member_names(&self) -> Vec<String> {
        match self {
            Type::Context(members) => members.iter().map(|(n, _)| n.to_string()).collect(),
            Type::List(element) => element.member_names(),
            Type::Range(_) => ["start", "end", "start included", "end included"]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            other => other
                .properties()
                .iter()
                .map(|(n, _)| (*n).to_owned())
                .collect(),
        }
    }

    /// The properties of temporal values.
    fn properties(&self) -> &'static [(&'static str, Type)] {
        const DATE: &[(&str, Type)] = &[
            ("year", Type::Number),
            ("month", Type::Number),
            ("day", Type::Number),
            ("weekday", Type::Number),
        ];
        const TIME: &[(&str, Type)] = &[
            ("hour", Type::Number),
            ("minute", Type::Number),
            ("second", Type::Number),
            ("time offset", Type::DaysTimeDuration),
            ("timezone", Type::String),
        ];
        const DATE_TIME: &[(&str, Type)] = &[
            ("year", Type::Number),
            ("month", Type::Number),
            ("day", Type::Number),
            ("weekday", Type::Number),
            ("hour", Type::Number),
            ("minute", Type::Number),
            ("second", Type::Number),
            ("time offset", Type::DaysTimeDuration),
            ("timezone", Type::String),
        ];
        const YEARS_MONTHS: &[(&str, Type)] = &[("years", Type::Number), ("months", Type::Number)];
        const DAYS_TIME: &[(&str, Type)] = &[
            ("days", Type::Number),
            ("hours", Type::Number),
            ("minutes", Type::Number),
            ("seconds", Type::Number),
        ];
        match self {
            Type::Date => DATE,
            Type::Time => TIME,
            Type::DateTime => DATE_TIME,
            Type::YearsMonthsDuration => YEARS_MONTHS,
            Type::DaysTimeDuration => DAYS_TIME,
            _ => &[],
        }
    }

    /// The type a type reference (after `instance of`, or on a parameter)
    /// names; `None` for a name FEEL does not define.
    pub fn from_type_ref(type_ref: &TypeRef) -> Option<Type> {
        Some(match type_ref {
            TypeRef::Named(name) => Type::named(name)?,
            TypeRef::List(element) => Type::list(Type::from_type_ref(element)?),
            TypeRef::Range(element) => Type::range(Type::from_type_ref(element)?),
            TypeRef::Context(members) => Type::Context(
                members
                    .iter()
                    .map(|(name, t)| Some((name.clone(), Type::from_type_ref(t)?)))
                    .collect::<Option<_>>()?,
            ),
            TypeRef::Function(parameters, result) => Type::Function(Box::new(FunctionType {
                parameters: parameters
                    .iter()
                    .map(Type::from_type_ref)
                    .collect::<Option<_>>()?,
                result: Type::from_type_ref(result)?,
            })),
        })
    }

    /// The built-in type with this name.
    pub fn named(name: &str) -> Option<Type> {
        Some(match name {
            "number" => Type::Number,
            "string" => Type::String,
            "boolean" => Type::Boolean,
            "date" => Type::Date,
            "time" => Type::Time,
            "date and time" => Type::DateTime,
            "years and months duration" => Type::YearsMonthsDuration,
            "days and time duration" => Type::DaysTimeDuration,
            "Null" => Type::Null,
            // Without their parts written out, these say no more than
            // `Any` for checking.
            "Any" | "context" | "function" => Type::Any,
            "list" => Type::list(Type::Any),
            "range" => Type::range(Type::Any),
            _ => return None,
        })
    }

    /// The names [`Type::named`] knows, for suggestions.
    pub const NAMES: &'static [&'static str] = &[
        "number",
        "string",
        "boolean",
        "date",
        "time",
        "date and time",
        "years and months duration",
        "days and time duration",
        "Null",
        "Any",
        "context",
        "function",
        "list",
        "range",
    ];

    /// The type of a temporal literal (`@"2024-01-31"`) or of the
    /// conversion functions applied to a string literal, from the shape of
    /// its text. Text of no recognisable shape gives `Any`: whether it is
    /// valid is for the evaluator to say.
    pub fn of_temporal_text(text: &str) -> Type {
        let text = text.trim();
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        if let Some(duration) = unsigned.strip_prefix('P') {
            return duration_type(duration);
        }
        let bytes = unsigned.as_bytes();
        let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let date_part = (0..4).all(is_digit) && bytes.get(4) == Some(&b'-');
        let time_part = is_digit(0) && is_digit(1) && bytes.get(2) == Some(&b':');
        if date_part {
            let date_end = unsigned.find(['T', 't']).unwrap_or(unsigned.len());
            if date_end == unsigned.len() {
                Type::Date
            } else {
                Type::DateTime
            }
        } else if time_part {
            Type::Time
        } else {
            Type::Any
        }
    }
}

/// `P1Y2M` is a years and months duration, `P3DT4H` a days and time
/// duration; a mix of both fits neither.
fn duration_type(designators: &str) -> Type {
    let (date_part, time_part) = designators.split_once('T').unwrap_or((designators, ""));
    let years_months = date_part.contains(['Y', 'M']);
    let days_time = date_part.contains('D') || !time_part.is_empty();
    match (years_months, days_time) {
        (true, false) => Type::YearsMonthsDuration,
        (false, true) => Type::DaysTimeDuration,
        _ => Type::Any,
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("Any"),
            Type::Null => f.write_str("Null"),
            Type::Number => f.write_str("number"),
            Type::String => f.write_str("string"),
            Type::Boolean => f.write_str("boolean"),
            Type::Date => f.write_str("date"),
            Type::Time => f.write_str("time"),
            Type::DateTime => f.write_str("date and time"),
            Type::YearsMonthsDuration => f.write_str("years and months duration"),
            Type::DaysTimeDuration => f.write_str("days and time duration"),
            Type::List(element) => write!(f, "list<{element}>"),
            Type::Range(element) => write!(f, "range<{element}>"),
            Type::Context(members) => {
                f.write_str("context<")?;
                for (i, (name, ty)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}: {ty}")?;
                }
                f.write_str(">")
            }
            Type::Function(function) => {
                f.write_str("function<")?;
                for (i, parameter) in function.parameters.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{parameter}")?;
                }
                write!(f, "> -> {}", function.result)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feel::parser::parse_expression;

    #[test]
    fn types_print_in_feel_spelling() {
        let vehicle = Type::context([("length", Type::Number), ("plate", Type::String)]);
        assert_eq!(
            Type::list(vehicle).to_string(),
            "list<context<length: number, plate: string>>"
        );
        assert_eq!(Type::DateTime.to_string(), "date and time");
        let function = Type::Function(Box::new(FunctionType {
            parameters: vec![Type::Number, Type::range(Type::Date)],
            result: Type::Boolean,
        }));
        assert_eq!(
            function.to_string(),
            "function<number, range<date>> -> boolean"
        );
    }

    #[test]
    fn null_and_any_fit_everywhere() {
        assert!(Type::Number.accepts(&Type::Null));
        assert!(Type::Number.accepts(&Type::Any));
        assert!(Type::Any.accepts(&Type::String));
    }

    #[test]
    fn single_values_and_lists_of_one_convert_into_each_other() {
        assert!(Type::list(Type::Number).accepts(&Type::Number));
        assert!(Type::Number.accepts(&Type::list(Type::Number)));
        assert!(!Type::Number.accepts(&Type::list(Type::String)));
    }

    #[test]
    fn a_context_fits_where_fewer_members_are_expected() {
        let wanted = Type::context([("length", Type::Number)]);
        let given = Type::context([("length", Type::Number), ("plate", Type::String)]);
        assert!(wanted.accepts(&given));
        assert!(!given.accepts(&wanted));
    }

    #[test]
    fn different_kinds_do_not_fit() {
        assert!(!Type::Number.accepts(&Type::String));
        assert!(!Type::Date.accepts(&Type::DateTime));
    }

    #[test]
    fn dates_order_with_dates_and_times_but_booleans_do_not_order() {
        assert!(Type::Date.can_order_with(&Type::DateTime));
        assert!(!Type::Boolean.can_order_with(&Type::Boolean));
        assert!(!Type::Number.can_order_with(&Type::String));
    }

    #[test]
    fn unifying_different_kinds_gives_any_and_null_gives_the_other() {
        assert_eq!(Type::Number.unify(&Type::String), Type::Any);
        assert_eq!(Type::Null.unify(&Type::Number), Type::Number);
        assert_eq!(
            Type::list(Type::Null).unify(&Type::list(Type::Date)),
            Type::list(Type::Date)
        );
    }

    #[test]
    fn temporal_values_have_their_properties() {
        assert_eq!(Type::Date.member("year"), Some(Type::Number));
        assert_eq!(
            Type::DateTime.member("time offset"),
            Some(Type::DaysTimeDuration)
        );
        assert_eq!(Type::YearsMonthsDuration.member("days"), None);
        assert_eq!(Type::range(Type::Date).member("start"), Some(Type::Date));
    }

    #[test]
    fn a_path_on_a_list_reads_the_member_of_each_item() {
        let vehicles = Type::list(Type::context([("length", Type::Number)]));
        assert_eq!(vehicles.member("length"), Some(Type::list(Type::Number)));
        assert_eq!(vehicles.member("width"), None);
    }

    #[test]
    fn temporal_text_is_typed_by_its_shape() {
        assert_eq!(Type::of_temporal_text("2026-02-07"), Type::Date);
        assert_eq!(
            Type::of_temporal_text("2026-02-07T10:00:00@Europe/Berlin"),
            Type::DateTime
        );
        assert_eq!(Type::of_temporal_text("10:30:00+01:00"), Type::Time);
        assert_eq!(Type::of_temporal_text("P3M"), Type::YearsMonthsDuration);
        assert_eq!(Type::of_temporal_text("-P1Y2M"), Type::YearsMonthsDuration);
        assert_eq!(Type::of_temporal_text("P14D"), Type::DaysTimeDuration);
        assert_eq!(Type::of_temporal_text("PT2H"), Type::DaysTimeDuration);
        assert_eq!(Type::of_temporal_text("P1Y2D"), Type::Any);
        assert_eq!(Type::of_temporal_text("soon"), Type::Any);
    }

    #[test]
    fn type_references_become_types() {
        let parsed =
            parse_expression("x instance of list<context<a: number, b: date and time>>").unwrap();
        let crate::feel::ast::ExprKind::InstanceOf { type_ref, .. } = parsed.kind else {
            panic!()
        };
        assert_eq!(
            Type::from_type_ref(&type_ref),
            Some(Type::list(Type::context([
                ("a", Type::Number),
                ("b", Type::DateTime)
            ])))
        );
        assert_eq!(Type::from_type_ref(&TypeRef::Named("nummber".into())), None);
    }
}
