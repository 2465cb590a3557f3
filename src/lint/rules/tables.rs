//! Checks of decision tables and fee splits that need their expressions:
//! rules that overlap under hit policy `unique`, and split shares that do
//! not add up to the whole fee.

use crate::feel::ast::{BinaryOp, Expr, ExprKind};
use crate::lint::Diagnostic;
use crate::lint::conditions::{self, Domain, ValueSet};
use crate::lint::messages as msg;
use crate::lint::rules::domain::{OVERLAPPING_RULES, SPLIT_SUM};
use crate::lint::rules::guards::FieldDomains;
use crate::model::{DecisionTable, HitPolicy, Repository, Service};

pub fn check_service(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let unique = service
        .decisions
        .iter()
        .filter(|t| t.hit_policy() == HitPolicy::Unique);
    let mut unique = unique.peekable();
    if unique.peek().is_some() {
        let fields = FieldDomains::new(repository, service);
        for table in unique {
            check_overlaps(&fields, service, table, out);
        }
    }
    check_splits(service, out);
}

/// The domain of a table's input: the field's, when the input is a field,
/// else read from the constants its cells compare with.
fn input_domain(fields: &FieldDomains, table: &DecisionTable, column: usize) -> Option<Domain> {
    if let Some(ExprKind::Name(name)) = table.inputs.get(column)?.expr().map(|e| &e.kind)
        && let Some(domain) = fields.get(name)
    {
        return Some(domain);
    }
    let candidates = [
        Domain::Number { integer: false },
        Domain::Text(None),
        Domain::Boolean,
        Domain::Date,
    ];
    candidates.into_iter().find(|domain| {
        table.rules.iter().all(|rule| {
            rule.when
                .get(column)
                .and_then(|cell| cell.tests())
                .is_some_and(|tests| conditions::tests_set(tests, domain).is_some())
        })
    })
}

fn check_overlaps(
    fields: &FieldDomains,
    service: &Service,
    table: &DecisionTable,
    out: &mut Vec<Diagnostic>,
) {
    let columns = table.inputs.len();
    let domains: Vec<Option<Domain>> = (0..columns)
        .map(|c| input_domain(fields, table, c))
        .collect();
    // Each rule's cells as sets; `None` where a cell cannot be decided.
    let rules: Vec<Option<Vec<ValueSet>>> = table
        .rules
        .iter()
        .map(|rule| {
            if rule.when.len() != columns {
                return None;
            }
            rule.when
                .iter()
                .zip(&domains)
                .map(|(cell, domain)| conditions::tests_set(cell.tests()?, domain.as_ref()?))
                .collect()
        })
        .collect();
    for (j, later) in rules.iter().enumerate() {
        let Some(later) = later else { continue };
        for (i, earlier) in rules[..j].iter().enumerate() {
            let Some(earlier) = earlier else { continue };
            let shared: Option<Vec<ValueSet>> = earlier
                .iter()
                .zip(later)
                .map(|(a, b)| a.intersection(b))
                .collect();
            let Some(shared) = shared else { continue };
            if shared.iter().any(ValueSet::is_empty) {
                continue;
            }
            let example: Vec<String> = shared
                .iter()
                .zip(&domains)
                .zip(&table.inputs)
                .filter_map(|((set, domain), input)| {
                    let domain = domain.as_ref()?;
                    (set != &ValueSet::all(domain))
                        .then(|| format!("`{}` is {}", input.text, set.describe(domain)))
                })
                .collect();
            let (message, help) = msg::overlapping_rules(i + 1, j + 1, &example.join(" and "));
            out.push(
                Diagnostic::new(
                    &OVERLAPPING_RULES,
                    service.file,
                    table.rules[j].span,
                    message,
                )
                .with_optional_help(help)
                .with_related(
                    service.file,
                    table.rules[i].span,
                    msg::overlapping_rule_here(i + 1),
                ),
            );
            break;
        }
    }
}

/// A fraction `numerator / denominator`, for adding shares exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fraction {
    numerator: i128,
    denominator: i128,
}

impl Fraction {
    fn of_decimal(text: &str) -> Option<Fraction> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if fraction.len() > 18 || whole.len() > 18 {
            return None;
        }
        let digits: i128 = format!("{whole}{fraction}").parse().ok()?;
        let denominator = 10_i128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        Some(
            Fraction {
                numerator: digits,
                denominator,
            }
            .reduced(),
        )
    }

    fn reduced(self) -> Fraction {
        let divisor = gcd(self.numerator.abs(), self.denominator.abs()).max(1);
        let sign = if self.denominator < 0 { -1 } else { 1 };
        Fraction {
            numerator: sign * self.numerator / divisor,
            denominator: sign * self.denominator / divisor,
        }
    }

    fn add(self, other: Fraction) -> Option<Fraction> {
        let numerator = self
            .numerator
            .checked_mul(other.denominator)?
            .checked_add(other.numerator.checked_mul(self.denominator)?)?;
        let denominator = self.denominator.checked_mul(other.denominator)?;
        Some(
            Fraction {
                numerator,
                denominator,
            }
            .reduced(),
        )
    }

    fn divide(self, other: Fraction) -> Option<Fraction> {
        if other.numerator == 0 {
            return None;
        }
        let numerator = self.numerator.checked_mul(other.denominator)?;
        let denominator = self.denominator.checked_mul(other.numerator)?;
        Some(
            Fraction {
                numerator,
                denominator,
            }
            .reduced(),
        )
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The value of a constant share: a number or a quotient of numbers.
fn constant_share(expr: &Expr) -> Option<Fraction> {
    match &expr.kind {
        ExprKind::Number(n) => Fraction::of_decimal(&n.to_string()),
        ExprKind::Binary(BinaryOp::Divide, a, b) => constant_share(a)?.divide(constant_share(b)?),
        _ => None,
    }
}

fn check_splits(service: &Service, out: &mut Vec<Diagnostic>) {
    for fee in &service.fees {
        if fee.split.is_empty() {
            continue;
        }
        let mut total = Fraction {
            numerator: 0,
            denominator: 1,
        };
        let mut texts = Vec::new();
        for share in &fee.split {
            let Some(expression) = &share.share else {
                return;
            };
            let Some(value) = expression.expr().and_then(constant_share) else {
                return;
            };
            let Some(sum) = total.add(value) else { return };
            total = sum;
            texts.push(expression.text.trim().to_owned());
        }
        if total
            != (Fraction {
                numerator: 1,
                denominator: 1,
            })
        {
            let span = fee.split_span.unwrap_or(fee.header);
            let sum = format!("{}/{}", total.numerator, total.denominator);
            let (message, help) = msg::split_sum(&fee.id.value, &texts.join(" + "), &sum);
            out.push(
                Diagnostic::new(&SPLIT_SUM, service.file, span, message).with_optional_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_exactly() {
        let a = Fraction::of_decimal("1")
            .unwrap()
            .divide(Fraction::of_decimal("3").unwrap());
        let b = Fraction::of_decimal("2")
            .unwrap()
            .divide(Fraction::of_decimal("3").unwrap());
        assert_eq!(
            a.unwrap().add(b.unwrap()),
            Some(Fraction {
                numerator: 1,
                denominator: 1
            })
        );
        let c = Fraction::of_decimal("0.4")
            .unwrap()
            .add(Fraction::of_decimal("0.6").unwrap());
        assert_eq!(
            c,
            Some(Fraction {
                numerator: 1,
                denominator: 1
            })
        );
    }
}
