//! What a workload simulation found, and how it is written: as a table
//! for people and as JSON for scripts. The JSON fields are described in
//! `docs/load.md`.

use std::io::{self, Write};

use jiff::civil::Date;
use serde::Serialize;

use crate::feel::number::{Number, RoundingMode};
use crate::load::messages as msg;
use crate::load::profile::BacklogPeriod;

/// The results of a workload simulation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub service: ServiceInfo,
    /// The profile's title.
    pub profile: Option<String>,
    pub seed: u64,
    /// The number of applications asked for.
    pub cases_requested: u64,
    pub period: Period,
    pub applications: Applications,
    pub cases: Cases,
    pub cycle_time: CycleTime,
    pub tasks: Vec<TaskReport>,
    pub waits: Vec<WaitReport>,
    pub deadlines: Vec<DeadlineReport>,
    pub staff: Vec<StaffReport>,
    pub backlog: Backlog,
    pub fees: Fees,
    /// How often each transition was taken.
    pub transitions: Vec<TransitionCount>,
    /// Things to know about the run: applications the form refused,
    /// deadlines that could not be computed, cases that got stuck.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceInfo {
    pub id: String,
    pub title: String,
    pub state: String,
}

/// The simulated period: from midnight of the first day to the last
/// moment simulated.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub start: Date,
    /// ISO date and time, German civil time.
    pub end: String,
    pub days: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Applications {
    /// Applications submitted (valid or not).
    pub submitted: u64,
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// Applications the form refused; they start no case.
    pub refused: u64,
    /// Why, by field: the most frequent first.
    pub refusals: Vec<Refusal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub field: String,
    pub message: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cases {
    pub started: u64,
    pub ended: u64,
    /// Cases not ended when the simulation stopped.
    pub open: u64,
    /// Open cases of which no transition applied, or that looped.
    pub stuck: u64,
    pub approved: u64,
    pub rejected: u64,
    pub withdrawn: u64,
    pub deemed_approved: u64,
    pub completed: u64,
    /// Deadlines that expired and escalated.
    pub escalations: u64,
    /// Deadlines that expired with a deemed approval.
    pub deemed_approvals: u64,
}

/// From submission to the end of the case, for ended cases.
#[derive(Debug, Clone, Serialize)]
pub struct CycleTime {
    /// Only Monday to Friday outside public holidays count, 24 hours each.
    pub working_days: Summary,
    pub calendar_days: Summary,
}

/// Mean and percentiles (nearest rank) of a sample.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Summary {
    pub count: u64,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
}

impl Summary {
    /// Summarises samples given in seconds, in units of `unit` seconds.
    pub(crate) fn of(samples: &mut [u32], unit: f64) -> Summary {
        if samples.is_empty() {
            return Summary::default();
        }
        samples.sort_unstable();
        let n = samples.len();
        let sum: u64 = samples.iter().map(|&s| u64::from(s)).sum();
        let rank = |p: f64| {
            // Nearest rank: the smallest value with at least p of the
            // sample at or below it.
            let position = (p * to_f64(n as u64)).ceil();
            let index = usize::try_from(position_to_u64(position)).unwrap_or(n);
            f64::from(samples[index.clamp(1, n) - 1]) / unit
        };
        Summary {
            count: n as u64,
            mean: to_f64(sum) / to_f64(n as u64) / unit,
            p50: rank(0.5),
            p90: rank(0.9),
            p99: rank(0.99),
        }
    }
}

#[allow(
    clippy::cast_precision_loss,
    reason = "counts and sums of seconds stay far below 2^53"
)]
pub(crate) fn to_f64(n: u64) -> f64 {
    n as f64
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a rank is a small non-negative whole number"
)]
fn position_to_u64(x: f64) -> u64 {
    x.max(0.0) as u64
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub step: String,
    pub title: String,
    pub role: String,
    /// Work started.
    pub started: u64,
    pub completed: u64,
    /// Work stopped, or never started, because the case moved on.
    pub cancelled: u64,
    /// Hours of work per completed task.
    pub work_hours: f64,
    /// From entering the task until work starts, in the role's working
    /// hours.
    pub queue_wait_hours: Summary,
    /// The same wait in calendar hours (nights and weekends included).
    pub queue_wait_calendar_hours: f64,
    pub decisions: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaitReport {
    pub step: String,
    pub title: String,
    pub entered: u64,
    pub answered: u64,
    /// Applicants drawn never to answer.
    pub never_answered: u64,
    /// Left by a deadline or because the case ended elsewhere.
    pub left_unanswered: u64,
    /// Calendar days until the answer, for answered waits.
    pub answer_days: f64,
    pub events: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineReport {
    pub id: String,
    pub label: Option<String>,
    /// The step it hangs on; `None` for a case deadline.
    pub step: Option<String>,
    pub within: String,
    pub days: String,
    pub on_expiry: String,
    /// Cases in which it ran.
    pub cases: u64,
    /// Cases in which it never expired.
    pub met: u64,
    /// Cases in which it expired at least once.
    pub missed: u64,
    /// Cases still running it when the simulation stopped.
    pub open: u64,
    /// `met / (met + missed)`; `None` when no case decided it.
    pub share_met: Option<f64>,
    /// Times it started and expired (a step entered twice starts its
    /// deadline twice).
    pub started: u64,
    pub expired: u64,
    pub escalations: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffReport {
    pub role: String,
    pub title: String,
    pub people: u32,
    pub hours: String,
    /// Working hours of all people of the role in the simulated period.
    pub available_hours: f64,
    /// Hours of work done in them.
    pub busy_hours: f64,
    /// Busy hours over available hours, for the whole period.
    pub utilisation: f64,
    /// The same up to the end of the day the last application arrived,
    /// leaving out the time in which only the last cases are finished.
    pub utilisation_while_arriving: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Backlog {
    pub period: BacklogPeriod,
    pub rows: Vec<BacklogRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BacklogRow {
    /// The first day of the week (a Monday) or month.
    pub start: Date,
    /// Cases started in it.
    pub arrived: u64,
    pub ended: u64,
    /// Cases open at its end.
    pub open: u64,
    /// Per staffed role: busy hours over available hours in the period.
    pub utilisation: Vec<RoleShare>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleShare {
    pub role: String,
    pub utilisation: f64,
}

/// Fees computed by the service for the cases, in exact euros written as
/// text with two decimals.
#[derive(Debug, Clone, Serialize)]
pub struct Fees {
    /// All fees of all cases started.
    pub total: String,
    /// By how the case ended (`open` for cases not ended).
    pub by_outcome: Vec<OutcomeAmount>,
    pub by_fee: Vec<FeeAmount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeAmount {
    pub outcome: String,
    pub cases: u64,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeeAmount {
    pub id: String,
    pub label: String,
    /// Cases charged this fee.
    pub cases: u64,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TransitionCount {
    pub from: String,
    pub to: String,
    /// `guard` for a transition of the step, `deadline` for an expiry.
    pub by: String,
    pub count: u64,
}

/// An amount as exact euros with two decimals, `1234.50`.
pub(crate) fn amount_text(amount: Number) -> String {
    let rounded = amount.round(2, RoundingMode::HalfUp).unwrap_or(amount);
    let text = rounded.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut fraction = fraction.to_owned();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    format!("{whole}.{fraction}")
}

/// Writes the report as pretty JSON, ending with a newline.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes the report as tables for people.
pub fn write_human(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let r = report;
    writeln!(
        out,
        "{}",
        msg::heading(&r.service.id, &r.service.title, r.seed)
    )?;
    if let Some(title) = &r.profile {
        writeln!(out, "{}", msg::profile_line(title))?;
    }
    writeln!(
        out,
        "{}",
        msg::period_line(r.period.start, &r.period.end, r.period.days)
    )?;
    writeln!(out, "{}", msg::applications_line(&r.applications))?;
    writeln!(out, "{}", msg::cases_line(&r.cases))?;

    let tables = [
        Some(cycle_table(r)),
        task_table(r),
        wait_table(r),
        deadline_table(r),
        staff_table(r),
        Some(fee_table(r)),
        backlog_table(r),
    ];
    for table in tables.iter().flatten() {
        writeln!(out)?;
        table.write(out)?;
    }

    if !r.warnings.is_empty() {
        writeln!(out)?;
        for warning in &r.warnings {
            writeln!(out, "warning: {warning}")?;
        }
    }
    Ok(())
}

fn cycle_table(r: &Report) -> Table {
    let c = &r.cycle_time;
    let mut table = Table::new(&["cycle time", "cases", "mean", "p50", "p90", "p99"]);
    table.row(summary_row("working days", c.working_days, 1));
    table.row(summary_row("calendar days", c.calendar_days, 1));
    table
}

fn task_table(r: &Report) -> Option<Table> {
    if r.tasks.is_empty() {
        return None;
    }
    let mut table = Table::new(&[
        "task",
        "role",
        "done",
        "cancelled",
        "work h",
        "wait h mean",
        "wait h p90",
        "wait calendar h",
    ]);
    for t in &r.tasks {
        table.row(vec![
            t.step.clone(),
            t.role.clone(),
            t.completed.to_string(),
            t.cancelled.to_string(),
            fixed(t.work_hours, 2),
            fixed(t.queue_wait_hours.mean, 2),
            fixed(t.queue_wait_hours.p90, 2),
            fixed(t.queue_wait_calendar_hours, 1),
        ]);
    }
    Some(table)
}

fn wait_table(r: &Report) -> Option<Table> {
    if r.waits.is_empty() {
        return None;
    }
    let mut table = Table::new(&[
        "wait",
        "entered",
        "answered",
        "never",
        "left unanswered",
        "answer days",
    ]);
    for w in &r.waits {
        table.row(vec![
            w.step.clone(),
            w.entered.to_string(),
            w.answered.to_string(),
            w.never_answered.to_string(),
            w.left_unanswered.to_string(),
            fixed(w.answer_days, 1),
        ]);
    }
    Some(table)
}

fn deadline_table(r: &Report) -> Option<Table> {
    if r.deadlines.is_empty() {
        return None;
    }
    let mut table = Table::new(&[
        "deadline",
        "within",
        "cases",
        "met",
        "missed",
        "open",
        "share met",
        "on expiry",
        "expired",
    ]);
    for d in &r.deadlines {
        table.row(vec![
            d.id.clone(),
            format!("{} {}", d.within, d.days),
            d.cases.to_string(),
            d.met.to_string(),
            d.missed.to_string(),
            d.open.to_string(),
            d.share_met.map_or_else(|| "-".to_owned(), percent),
            d.on_expiry.clone(),
            d.expired.to_string(),
        ]);
    }
    Some(table)
}

fn staff_table(r: &Report) -> Option<Table> {
    if r.staff.is_empty() {
        return None;
    }
    let mut table = Table::new(&[
        "staff",
        "people",
        "hours",
        "available h",
        "busy h",
        "utilisation",
        "while arriving",
    ]);
    for s in &r.staff {
        table.row(vec![
            s.role.clone(),
            s.people.to_string(),
            s.hours.clone(),
            fixed(s.available_hours, 0),
            fixed(s.busy_hours, 0),
            percent(s.utilisation),
            percent(s.utilisation_while_arriving),
        ]);
    }
    Some(table)
}

fn fee_table(r: &Report) -> Table {
    let mut table = Table::new(&["fees by outcome", "cases", "euros"]);
    for o in &r.fees.by_outcome {
        table.row(vec![
            o.outcome.clone(),
            o.cases.to_string(),
            o.amount.clone(),
        ]);
    }
    table.row(vec![
        "all".to_owned(),
        r.cases.started.to_string(),
        r.fees.total.clone(),
    ]);
    table
}

fn backlog_table(r: &Report) -> Option<Table> {
    if r.backlog.rows.is_empty() {
        return None;
    }
    let first = match r.backlog.period {
        BacklogPeriod::Week => "week from",
        BacklogPeriod::Month => "month",
    };
    let mut heading = vec![
        first.to_owned(),
        "arrived".to_owned(),
        "ended".to_owned(),
        "open at end".to_owned(),
    ];
    heading.extend(r.staff.iter().map(|s| format!("{} busy", s.role)));
    let heading: Vec<&str> = heading.iter().map(String::as_str).collect();
    let mut table = Table::new(&heading);
    for row in &r.backlog.rows {
        let start = match r.backlog.period {
            BacklogPeriod::Week => row.start.to_string(),
            BacklogPeriod::Month => format!("{:04}-{:02}", row.start.year(), row.start.month()),
        };
        let mut cells = vec![
            start,
            row.arrived.to_string(),
            row.ended.to_string(),
            row.open.to_string(),
        ];
        cells.extend(row.utilisation.iter().map(|u| percent(u.utilisation)));
        table.row(cells);
    }
    Some(table)
}

fn summary_row(name: &str, s: Summary, digits: usize) -> Vec<String> {
    vec![
        name.to_owned(),
        s.count.to_string(),
        fixed(s.mean, digits),
        fixed(s.p50, digits),
        fixed(s.p90, digits),
        fixed(s.p99, digits),
    ]
}

fn percent(share: f64) -> String {
    format!("{}%", fixed(share * 100.0, 1))
}

fn fixed(x: f64, digits: usize) -> String {
    format!("{x:.digits$}")
}

/// A plain text table: the first column left-aligned, the others right.
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(heading: &[&str]) -> Table {
        Table {
            rows: vec![heading.iter().map(|h| (*h).to_owned()).collect()],
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let pad = widths[c].saturating_sub(cell.chars().count());
                if c == 0 {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str("  ");
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_ranks() {
        let mut samples: Vec<u32> = (1..=100).rev().collect();
        let s = Summary::of(&mut samples, 1.0);
        assert_eq!((s.p50, s.p90, s.p99), (50.0, 90.0, 99.0));
        assert!((s.mean - 50.5).abs() < 1e-9);
    }

    #[test]
    fn amounts_have_two_decimals() {
        assert_eq!(amount_text(Number::from_i64(200)), "200.00");
        assert_eq!(amount_text("27.6".parse().unwrap()), "27.60");
    }
}
