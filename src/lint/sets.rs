//! Sets of values that a guard or a decision-table cell accepts.
//!
//! Where a condition compares one value with constants (`vehicle_length >
//! 4.70`, `decision = "approve"`, `legal_form in ["gmbh", "ag"]`), the set of
//! values for which it holds can be written down exactly, and so can the
//! values that no condition of a step covers, or that two conditions both
//! cover. Ordered values (numbers, dates) are unions of intervals; other
//! values are finite sets or the complement of one.

use std::cmp::Ordering;
use std::fmt;

/// A union of disjoint, sorted intervals of an ordered type.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervals<T> {
    parts: Vec<Interval<T>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Interval<T> {
    pub low: End<T>,
    pub high: End<T>,
}

/// One end of an interval.
#[derive(Debug, Clone, PartialEq)]
pub enum End<T> {
    Unbounded,
    Closed(T),
    Open(T),
}

impl<T> End<T> {
    fn value(&self) -> Option<&T> {
        match self {
            End::Unbounded => None,
            End::Closed(v) | End::Open(v) => Some(v),
        }
    }
}

/// Orders values of a type that is only partially ordered in general (like
/// decimals with NaN) but totally ordered for the values that occur here.
pub trait Point: Clone + fmt::Display {
    fn compare(&self, other: &Self) -> Ordering;
    /// Whether no value lies strictly between `self` and `next`: true for
    /// consecutive whole numbers of an integer field, and for consecutive
    /// days.
    fn adjacent(&self, _next: &Self) -> bool {
        false
    }
}

/// Compares two lower ends: which one starts first.
fn cmp_low<T: Point>(a: &End<T>, b: &End<T>) -> Ordering {
    match (a, b) {
        (End::Unbounded, End::Unbounded) => Ordering::Equal,
        (End::Unbounded, _) => Ordering::Less,
        (_, End::Unbounded) => Ordering::Greater,
        (x, y) => {
            let (xv, yv) = (x.value().expect("bounded"), y.value().expect("bounded"));
            xv.compare(yv).then_with(|| match (x, y) {
                (End::Closed(_), End::Open(_)) => Ordering::Less,
                (End::Open(_), End::Closed(_)) => Ordering::Greater,
                _ => Ordering::Equal,
            })
        }
    }
}

/// Compares two upper ends: which one ends first.
fn cmp_high<T: Point>(a: &End<T>, b: &End<T>) -> Ordering {
    match (a, b) {
        (End::Unbounded, End::Unbounded) => Ordering::Equal,
        (End::Unbounded, _) => Ordering::Greater,
        (_, End::Unbounded) => Ordering::Less,
        (x, y) => {
            let (xv, yv) = (x.value().expect("bounded"), y.value().expect("bounded"));
            xv.compare(yv).then_with(|| match (x, y) {
                (End::Open(_), End::Closed(_)) => Ordering::Less,
                (End::Closed(_), End::Open(_)) => Ordering::Greater,
                _ => Ordering::Equal,
            })
        }
    }
}

impl<T: Point> Interval<T> {
    fn is_empty(&self) -> bool {
        match (&self.low, &self.high) {
            (End::Unbounded, _) | (_, End::Unbounded) => false,
            (low, high) => {
                let (l, h) = (
                    low.value().expect("bounded"),
                    high.value().expect("bounded"),
                );
                match l.compare(h) {
                    Ordering::Greater => true,
                    Ordering::Equal => !matches!((low, high), (End::Closed(_), End::Closed(_))),
                    Ordering::Less => {
                        matches!((low, high), (End::Open(_), End::Open(_))) && l.adjacent(h)
                    }
                }
            }
        }
    }

    /// Whether `self` (which starts no later than `next`) touches or
    /// overlaps `next`, so that the two merge into one interval.
    fn joins(&self, next: &Self) -> bool {
        match (&self.high, &next.low) {
            (End::Unbounded, _) | (_, End::Unbounded) => true,
            (high, low) => {
                let (h, l) = (
                    high.value().expect("bounded"),
                    low.value().expect("bounded"),
                );
                match h.compare(l) {
                    Ordering::Greater => true,
                    Ordering::Equal => {
                        matches!(high, End::Closed(_)) || matches!(low, End::Closed(_))
                    }
                    Ordering::Less => {
                        matches!((high, low), (End::Closed(_), End::Closed(_))) && h.adjacent(l)
                    }
                }
            }
        }
    }
}

impl<T: Point> Intervals<T> {
    pub fn empty() -> Self {
        Intervals { parts: Vec::new() }
    }

    pub fn all() -> Self {
        Intervals {
            parts: vec![Interval {
                low: End::Unbounded,
                high: End::Unbounded,
            }],
        }
    }

    pub fn of(low: End<T>, high: End<T>) -> Self {
        Intervals::normalized(vec![Interval { low, high }])
    }

    pub fn point(value: T) -> Self {
        Intervals::of(End::Closed(value.clone()), End::Closed(value))
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn is_all(&self) -> bool {
        matches!(
            self.parts.as_slice(),
            [Interval {
                low: End::Unbounded,
                high: End::Unbounded
            }]
        )
    }

    fn normalized(mut parts: Vec<Interval<T>>) -> Self {
        parts.retain(|p| !p.is_empty());
        parts.sort_by(|a, b| cmp_low(&a.low, &b.low));
        let mut merged: Vec<Interval<T>> = Vec::with_capacity(parts.len());
        for part in parts {
            match merged.last_mut() {
                Some(last) if last.joins(&part) => {
                    if cmp_high(&part.high, &last.high) == Ordering::Greater {
                        last.high = part.high;
                    }
                }
                _ => merged.push(part),
            }
        }
        Intervals { parts: merged }
    }

    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        Intervals::normalized(self.parts.iter().chain(&other.parts).cloned().collect())
    }

    #[must_use]
    pub fn intersection(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        for a in &self.parts {
            for b in &other.parts {
                let low = if cmp_low(&a.low, &b.low) == Ordering::Greater {
                    &a.low
                } else {
                    &b.low
                };
                let high = if cmp_high(&a.high, &b.high) == Ordering::Less {
                    &a.high
                } else {
                    &b.high
                };
                out.push(Interval {
                    low: low.clone(),
                    high: high.clone(),
                });
            }
        }
        Intervals::normalized(out)
    }

    #[must_use]
    pub fn complement(&self) -> Self {
        let mut out = Vec::new();
        let mut low = End::Unbounded;
        for part in &self.parts {
            let high = match &part.low {
                End::Unbounded => None,
                End::Closed(v) => Some(End::Open(v.clone())),
                End::Open(v) => Some(End::Closed(v.clone())),
            };
            if let Some(high) = high {
                out.push(Interval {
                    low: low.clone(),
                    high,
                });
            }
            low = match &part.high {
                End::Unbounded => return Intervals::normalized(out),
                End::Closed(v) => End::Open(v.clone()),
                End::Open(v) => End::Closed(v.clone()),
            };
        }
        out.push(Interval {
            low,
            high: End::Unbounded,
        });
        Intervals::normalized(out)
    }
}

impl<T: Point> fmt::Display for Intervals<T> {
    /// FEEL unary tests that describe the set: `< 2`, `4.70`,
    /// `(4.20..4.70]`, joined by commas.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| match (&p.low, &p.high) {
                (End::Unbounded, End::Unbounded) => "any value".to_owned(),
                (End::Unbounded, End::Closed(h)) => format!("<= {h}"),
                (End::Unbounded, End::Open(h)) => format!("< {h}"),
                (End::Closed(l), End::Unbounded) => format!(">= {l}"),
                (End::Open(l), End::Unbounded) => format!("> {l}"),
                (End::Closed(l), End::Closed(h)) if l.compare(h) == Ordering::Equal => {
                    format!("{l}")
                }
                (low, high) => {
                    let open = if matches!(low, End::Closed(_)) {
                        '['
                    } else {
                        '('
                    };
                    let close = if matches!(high, End::Closed(_)) {
                        ']'
                    } else {
                        ')'
                    };
                    let (l, h) = (
                        low.value().expect("bounded"),
                        high.value().expect("bounded"),
                    );
                    format!("{open}{l}..{h}{close}")
                }
            })
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// A set of values without order: the listed ones, or all but the listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discrete {
    Only(Vec<String>),
    AllBut(Vec<String>),
}

impl Discrete {
    pub fn all() -> Self {
        Discrete::AllBut(Vec::new())
    }

    pub fn empty() -> Self {
        Discrete::Only(Vec::new())
    }

    pub fn only(values: impl IntoIterator<Item = String>) -> Self {
        let mut values: Vec<String> = values.into_iter().collect();
        values.sort();
        values.dedup();
        Discrete::Only(values)
    }

    pub fn contains(&self, value: &str) -> bool {
        match self {
            Discrete::Only(v) => v.iter().any(|x| x == value),
            Discrete::AllBut(v) => !v.iter().any(|x| x == value),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Discrete::Only(v) if v.is_empty())
    }

    #[must_use]
    pub fn complement(&self) -> Self {
        match self {
            Discrete::Only(v) => Discrete::AllBut(v.clone()),
            Discrete::AllBut(v) => Discrete::Only(v.clone()),
        }
    }

    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        match (self, other) {
            (Discrete::Only(a), Discrete::Only(b)) => Discrete::only(a.iter().chain(b).cloned()),
            (Discrete::AllBut(a), Discrete::AllBut(b)) => {
                Discrete::AllBut(a.iter().filter(|x| b.contains(x)).cloned().collect())
            }
            (Discrete::Only(only), Discrete::AllBut(but))
            | (Discrete::AllBut(but), Discrete::Only(only)) => {
                Discrete::AllBut(but.iter().filter(|x| !only.contains(x)).cloned().collect())
            }
        }
    }

    #[must_use]
    pub fn intersection(&self, other: &Self) -> Self {
        self.complement().union(&other.complement()).complement()
    }

    /// The values of `universe` (a finite domain) that are in the set.
    pub fn within(&self, universe: &[String]) -> Vec<String> {
        universe
            .iter()
            .filter(|v| self.contains(v))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Point for i64 {
        fn compare(&self, other: &Self) -> Ordering {
            self.cmp(other)
        }
    }

    fn lt(v: i64) -> Intervals<i64> {
        Intervals::of(End::Unbounded, End::Open(v))
    }

    fn gt(v: i64) -> Intervals<i64> {
        Intervals::of(End::Open(v), End::Unbounded)
    }

    #[test]
    fn a_boundary_left_out_by_both_sides_is_the_gap() {
        let covered = lt(5).union(&gt(5));
        assert_eq!(covered.complement().to_string(), "5");
    }

    #[test]
    fn closed_and_open_ends_meet_without_gap() {
        let covered = Intervals::of(End::Unbounded, End::Closed(5)).union(&gt(5));
        assert!(covered.is_all());
    }

    #[test]
    fn overlap_of_two_closed_boundaries_is_one_point() {
        let a = Intervals::of(End::Unbounded, End::Closed(5));
        let b = Intervals::of(End::Closed(5), End::Unbounded);
        assert_eq!(a.intersection(&b).to_string(), "5");
    }

    #[test]
    fn ranges_are_described_in_feel() {
        let set = Intervals::of(End::Open(1), End::Closed(4)).union(&gt(9));
        assert_eq!(set.to_string(), "(1..4], > 9");
        assert_eq!(set.complement().to_string(), "<= 1, (4..9]");
    }

    #[test]
    fn discrete_sets_follow_set_algebra() {
        let approve = Discrete::only(["approve".to_owned()]);
        let not_approve = approve.complement();
        assert!(approve.union(&not_approve) == Discrete::all());
        assert!(approve.intersection(&not_approve).is_empty());
        assert_eq!(
            Discrete::only(["a".into(), "b".into()])
                .intersection(&Discrete::AllBut(vec!["a".into()])),
            Discrete::only(["b".to_owned()])
        );
    }
}
