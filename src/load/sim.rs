//! The discrete-event simulation of a service's workload.
//!
//! Cases run through the compiled service exactly as `Case` runs them in
//! the engine (the same guards on the same variable slots, the same
//! deadlines from the legal calendar, splits, joins and ends), but in
//! seconds rather than days, and without a trace: a million cases must
//! not build a million traces.
//!
//! What happens is driven by one queue of future events, ordered by time
//! and, among events at the same second, by the order in which they were
//! scheduled, so that a run is a pure function of its inputs:
//!
//! - an application arrives (taken from the generator, which runs ahead
//!   on other threads);
//! - a person finishes the work of a task, and the task's decision is
//!   drawn;
//! - an applicant answers a wait;
//! - a deadline expires, at midnight after its last day.
//!
//! Tasks queue for the people of their role: first come, first served,
//! one task per person at a time, and a started task is finished by the
//! person who started it, pausing outside that role's working hours. Of
//! several free people the one with the lowest number takes the task.
//! When a deadline moves a case away from a task, the task's work stops
//! (or it leaves the queue) and the person takes the next task.
//!
//! Each case draws its durations, decisions and answers from its own
//! random stream, so that changing the staff of a role leaves what the
//! applicants do unchanged: a comparison of two staffing levels with the
//! same seed compares the same applications.
//!
//! Not modelled (see `docs/limits.md`): priorities in the queues (escalated
//! cases do not jump ahead), differences between the people of a role,
//! work for the role an escalation alerts, notifications. Activities still
//! going on at the end are not written to the event log. A case that
//! enters more than 10,000 steps is cut off as looping.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};
use std::sync::mpsc::Receiver;

use jiff::civil::Date;

use crate::calendar::deadline_end;
use crate::engine::compile::DeadlineSpec;
use crate::engine::{CaseOutcome, CompiledService, ValidationError};
use crate::feel::number::Number;
use crate::feel::value::Value;
use crate::load::clock::{DAY, Days, WorkCalendar, day_of, start_of};
use crate::load::eventlog::{EventLog, Row, RowKind};
use crate::load::messages as msg;
use crate::load::profile::{BacklogPeriod, Profile, StepPlan};
use crate::load::random::{Purpose, Random};
use crate::load::report::{
    Applications, Backlog, BacklogRow, Cases, Count, CycleTime, DeadlineReport, FeeAmount, Fees,
    OutcomeAmount, Period, Refusal, Report, RoleShare, ServiceInfo, StaffReport, Summary,
    TaskReport, TransitionCount, WaitReport, amount_text, to_f64,
};
use crate::load::{Progress, SimulationError};
use crate::model::{Anchor, ExpiryAction, Outcome, StepKind};

/// Steps one action may enter before the process counts as looping (as in
/// the engine).
const MAX_STEPS_AT_ONCE: usize = 10_000;
/// Steps one case may enter in all; beyond, it counts as looping.
const MAX_STEPS_PER_CASE: u32 = 10_000;
/// How often progress is reported, in cases.
const PROGRESS_EVERY: u64 = 4096;

/// An application, generated, validated and assessed, ready to arrive.
pub(crate) struct Prepared {
    pub arrival: u64,
    pub date: Date,
    pub case: Result<Assessed, Vec<ValidationError>>,
}

pub(crate) struct Assessed {
    pub vars: Vec<Value>,
    pub fees_total: Number,
    /// Fees whose amount could not be computed.
    pub fee_errors: Vec<String>,
}

/// Applications in the order they arrive, numbered from `first`.
pub(crate) struct Batch {
    pub first: u64,
    pub items: Vec<Prepared>,
}

/// Something that will happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scheduled {
    time: u64,
    seq: u64,
    event: Event,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(other.time, other.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The future events, ordered by time and then by the order they were
/// scheduled.
///
/// Deadlines expire at midnight, and there are many of them: most are met
/// long before, but their expiry stays scheduled until it is due and then
/// finds the deadline gone. Events at midnight therefore go into a bucket
/// per day, where adding and skipping cost nothing, and only the others
/// into the binary heap, which stays small.
#[derive(Debug, Default)]
struct EventQueue {
    seq: u64,
    heap: BinaryHeap<Reverse<Scheduled>>,
    /// Events at the start of each day, in the order scheduled.
    days: Vec<Vec<(u64, Event)>>,
    /// The first day that may hold events not yet taken, and how many of
    /// its events have been taken.
    day: usize,
    taken: usize,
}

impl EventQueue {
    fn push(&mut self, time: u64, event: Event) {
        self.seq += 1;
        if !time.is_multiple_of(DAY) {
            self.heap.push(Reverse(Scheduled {
                time,
                seq: self.seq,
                event,
            }));
            return;
        }
        let day = day_of(time);
        if self.days.len() <= day {
            self.days.resize_with(day + 1, Vec::new);
        }
        self.days[day].push((self.seq, event));
        // Days before `self.day` were found empty when looking ahead; none
        // of their events has been taken, since their time has not come.
        if day < self.day {
            self.day = day;
            self.taken = 0;
        }
    }

    /// The time and order of the next midnight event.
    fn next_midnight(&mut self) -> Option<(u64, u64)> {
        while self.day < self.days.len() {
            if let Some(&(seq, _)) = self.days[self.day].get(self.taken) {
                return Some((start_of(self.day), seq));
            }
            self.days[self.day] = Vec::new();
            self.day += 1;
            self.taken = 0;
        }
        None
    }

    fn peek_time(&mut self) -> Option<u64> {
        let other = self.heap.peek().map(|Reverse(s)| (s.time, s.seq));
        match (self.next_midnight(), other) {
            (Some(a), Some(b)) => Some(a.min(b).0),
            (Some(a), None) => Some(a.0),
            (None, b) => b.map(|b| b.0),
        }
    }

    fn pop(&mut self) -> Option<Event> {
        let other = self.heap.peek().map(|Reverse(s)| (s.time, s.seq));
        match (self.next_midnight(), other) {
            (Some(a), b) if b.is_none_or(|b| a < b) => {
                let (_, event) = self.days[self.day][self.taken];
                self.taken += 1;
                Some(event)
            }
            _ => self.heap.pop().map(|Reverse(s)| s.event),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    WorkDone { slot: u32, case: u64, token: u32 },
    Answer { slot: u32, case: u64, token: u32 },
    Expire { slot: u32, case: u64, instance: u32 },
}

/// An open task or wait of a case.
#[derive(Debug, Clone, Copy)]
struct Token {
    id: u32,
    step: usize,
    entered: u64,
    state: TokenState,
}

#[derive(Debug, Clone, Copy)]
enum TokenState {
    Queued,
    Working {
        person: u32,
        start: u64,
        seconds: u64,
    },
    Waiting,
}

/// A deadline that is running.
#[derive(Debug, Clone, Copy)]
struct Running {
    instance: u32,
    deadline: usize,
    token: Option<u32>,
}

/// A case in progress. Slots are reused, keeping their vectors' memory.
#[derive(Debug)]
struct Slot {
    /// The case number, from 1; 0 while the slot is free.
    case: u64,
    arrival: u64,
    submitted_day: usize,
    vars: Vec<Value>,
    fees_total: Number,
    random: Random,
    tokens: Vec<Token>,
    next_token: u32,
    /// Branches arrived per join step.
    arrived: Vec<u32>,
    running: Vec<Running>,
    next_instance: u32,
    deemed: bool,
    entered: u32,
    stuck: bool,
    /// Per deadline: whether it ran, and whether it expired.
    ran: Vec<bool>,
    missed: Vec<bool>,
}

#[derive(Debug, Clone, Copy)]
struct QueueEntry {
    slot: u32,
    case: u64,
    token: u32,
}

#[derive(Debug)]
struct Role {
    free: BinaryHeap<Reverse<u32>>,
    queue: VecDeque<QueueEntry>,
    /// Seconds of work done, in all and per day.
    busy: u64,
    busy_by_day: Vec<u64>,
    calendar: WorkCalendar,
}

/// A deadline of the service: a case deadline or a step's.
#[derive(Debug)]
struct DeadlineRef<'s> {
    spec: &'s DeadlineSpec,
    step: Option<usize>,
    /// End day per start day, computed once each.
    ends: Vec<End>,
}

/// The end of a deadline for one start day, once computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    NotComputed,
    Day(usize),
    /// The legal calendar cannot compute it (outside the known years).
    Unknown,
}

/// Why a case cannot go on.
#[derive(Debug, Clone, Copy)]
enum Halt {
    Stuck(usize),
    Loop,
}

/// Why a task or wait was left other than by its own decision or event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cancel {
    Deadline,
    CaseEnded,
}

#[derive(Debug, Default)]
struct TaskStats {
    started: u64,
    completed: u64,
    cancelled: u64,
    work: u64,
    waits: Vec<u32>,
    calendar_wait: u64,
    decisions: Vec<u64>,
}

#[derive(Debug, Default)]
struct WaitStats {
    entered: u64,
    answered: u64,
    never: u64,
    unanswered: u64,
    answer_seconds: u64,
    events: Vec<u64>,
}

#[derive(Debug, Default, Clone)]
struct DeadlineStats {
    cases: u64,
    met: u64,
    missed: u64,
    open: u64,
    started: u64,
    expired: u64,
    escalations: u64,
}

#[derive(Debug, Default)]
struct Stats {
    submitted: u64,
    last_arrival: u64,
    first: Option<Date>,
    last: Option<Date>,
    refused: u64,
    refusals: BTreeMap<String, (String, u64)>,
    started: u64,
    ended: u64,
    stuck: u64,
    stuck_at: BTreeMap<usize, u64>,
    looping: u64,
    outcomes: [u64; 5],
    escalations: u64,
    deemed_expiries: u64,
    cycle_calendar: Vec<u32>,
    cycle_working: Vec<u32>,
    tasks: Vec<TaskStats>,
    waits: Vec<WaitStats>,
    deadlines: Vec<DeadlineStats>,
    deadline_errors: u64,
    deadline_error: Option<String>,
    fee_errors: u64,
    fees_by_outcome: [(u64, Number); 6],
    fees_by_fee: Vec<(u64, Number)>,
    fees_total: Number,
    transitions: Vec<Vec<u64>>,
    /// By deadline: moves to its target.
    deadline_moves: Vec<u64>,
    backlog_arrived: Vec<u64>,
    backlog_ended: Vec<u64>,
}

const OUTCOME_NAMES: [&str; 6] = [
    "approved",
    "rejected",
    "withdrawn",
    "deemed_approved",
    "completed",
    "open",
];

fn outcome_index(outcome: CaseOutcome) -> usize {
    match outcome {
        CaseOutcome::Approved => 0,
        CaseOutcome::Rejected => 1,
        CaseOutcome::Withdrawn => 2,
        CaseOutcome::DeemedApproved => 3,
        CaseOutcome::Completed => 4,
    }
}

fn outcome_of(outcome: Option<Outcome>) -> CaseOutcome {
    match outcome {
        Some(Outcome::Approved) => CaseOutcome::Approved,
        Some(Outcome::Rejected) => CaseOutcome::Rejected,
        Some(Outcome::Withdrawn) => CaseOutcome::Withdrawn,
        Some(Outcome::DeemedApproved) => CaseOutcome::DeemedApproved,
        Some(Outcome::Completed) | None => CaseOutcome::Completed,
    }
}

/// Seconds as `u32` for samples; longer spans (over 136 years) are capped.
fn sample(seconds: u64) -> u32 {
    u32::try_from(seconds).unwrap_or(u32::MAX)
}

/// The longest piece of work: 10,000 hours, more than five working years.
/// Longer draws (from a distribution with a long tail or an absurd mean)
/// are cut, so that finding their end stays cheap.
const LONGEST_WORK: f64 = 10_000.0 * 3600.0;
/// The longest time until an answer: 100 years, the longest simulation.
const LONGEST_ANSWER: f64 = 36_525.0 * 86_400.0;

/// A duration in units of `unit` seconds, drawn as whole seconds, at
/// least 0 and at most `longest`.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the value is rounded and limited to 0..=longest first"
)]
fn seconds(amount: f64, unit: f64, longest: f64) -> u64 {
    let x = (amount * unit).round();
    if x.is_nan() || x <= 0.0 {
        0
    } else {
        x.min(longest) as u64
    }
}

pub(crate) struct Simulation<'s, 'w> {
    service: &'s CompiledService,
    profile: &'s Profile,
    seed: u64,
    days: Days,
    now: u64,
    /// The simulation stops before this time.
    horizon: u64,
    stopped_at_horizon: bool,
    events: EventQueue,
    slots: Vec<Slot>,
    free_slots: Vec<u32>,
    roles: Vec<Role>,
    deadlines: Vec<DeadlineRef<'s>>,
    step_deadline: Vec<Option<usize>>,
    stats: Stats,
    log: Option<EventLog<'w>>,
    cases_requested: u64,
}

impl<'s, 'w> Simulation<'s, 'w> {
    pub fn new(
        service: &'s CompiledService,
        profile: &'s Profile,
        seed: u64,
        horizon: u64,
        cases_requested: u64,
        log: Option<EventLog<'w>>,
    ) -> Simulation<'s, 'w> {
        let plan = &profile.plan;
        let days = Days::new(plan.state, profile.arrivals.start);
        let roles = plan
            .roles
            .iter()
            .map(|r| Role {
                free: (0..r.people).map(Reverse).collect(),
                queue: VecDeque::new(),
                busy: 0,
                busy_by_day: Vec::new(),
                calendar: WorkCalendar::new(&r.hours, r.weekdays),
            })
            .collect();
        let mut deadlines: Vec<DeadlineRef<'s>> = service
            .case_deadlines
            .iter()
            .map(|spec| DeadlineRef {
                spec,
                step: None,
                ends: Vec::new(),
            })
            .collect();
        let mut step_deadline = vec![None; service.steps.len()];
        for (i, step) in service.steps.iter().enumerate() {
            if let Some(spec) = &step.deadline {
                step_deadline[i] = Some(deadlines.len());
                deadlines.push(DeadlineRef {
                    spec,
                    step: Some(i),
                    ends: Vec::new(),
                });
            }
        }
        let stats = Stats {
            tasks: service
                .steps
                .iter()
                .map(|s| TaskStats {
                    decisions: vec![0; s.decisions.len()],
                    ..TaskStats::default()
                })
                .collect(),
            waits: service
                .steps
                .iter()
                .map(|s| WaitStats {
                    events: vec![0; s.events.len()],
                    ..WaitStats::default()
                })
                .collect(),
            deadlines: vec![DeadlineStats::default(); deadlines.len()],
            deadline_moves: vec![0; deadlines.len()],
            transitions: service
                .steps
                .iter()
                .map(|s| vec![0; s.next.len()])
                .collect(),
            fees_by_fee: vec![(0, Number::from_i64(0)); service.fees.len()],
            fees_by_outcome: [(0, Number::from_i64(0)); 6],
            fees_total: Number::from_i64(0),
            ..Stats::default()
        };
        Simulation {
            service,
            profile,
            seed,
            days,
            now: 0,
            horizon,
            stopped_at_horizon: false,
            events: EventQueue::default(),
            slots: Vec::new(),
            free_slots: Vec::new(),
            roles,
            deadlines,
            step_deadline,
            stats,
            log,
            cases_requested,
        }
    }

    /// Runs until nothing more happens or the horizon is reached.
    pub fn run(
        mut self,
        batches: &Receiver<Batch>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Report, SimulationError> {
        let mut batch: Option<(u64, std::vec::IntoIter<Prepared>)> = None;
        let mut next: Option<(u64, Prepared)> = None;
        loop {
            if next.is_none() {
                loop {
                    if let Some((first, items)) = &mut batch
                        && let Some(item) = items.next()
                    {
                        next = Some((*first, item));
                        *first += 1;
                        break;
                    }
                    match batches.recv() {
                        Ok(b) => batch = Some((b.first, b.items.into_iter())),
                        Err(_) => break,
                    }
                }
            }
            let arrival = next.as_ref().map(|(_, p)| p.arrival);
            let event = self.events.peek_time();
            let take_event = match (event, arrival) {
                (Some(e), Some(a)) => e <= a,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let time = if take_event { event } else { arrival }.unwrap_or(0);
            if time >= self.horizon {
                self.stopped_at_horizon = true;
                break;
            }
            self.now = self.now.max(time);
            if take_event {
                if let Some(event) = self.events.pop() {
                    self.handle(event);
                }
            } else if let Some((index, prepared)) = next.take() {
                self.arrive(index, prepared);
                if self.stats.submitted.is_multiple_of(PROGRESS_EVERY) {
                    progress(Progress {
                        submitted: self.stats.submitted,
                        ended: self.stats.ended,
                        total: self.cases_requested,
                    });
                }
            }
        }
        progress(Progress {
            submitted: self.stats.submitted,
            ended: self.stats.ended,
            total: self.cases_requested,
        });
        self.finish()
    }

    /// Schedules an event; one after the end of the simulation would never
    /// happen and is not kept.
    fn schedule(&mut self, time: u64, event: Event) {
        if time < self.horizon {
            self.events.push(time, event);
        }
    }

    // -------------------------------------------------------------------
    // Arrivals
    // -------------------------------------------------------------------

    fn arrive(&mut self, index: u64, prepared: Prepared) {
        let Prepared {
            arrival,
            date,
            case: prepared,
        } = prepared;
        let stats = &mut self.stats;
        stats.submitted += 1;
        stats.last_arrival = arrival;
        stats.first.get_or_insert(date);
        stats.last = Some(date);
        let assessed = match prepared {
            Ok(assessed) => assessed,
            Err(errors) => {
                stats.refused += 1;
                for error in errors {
                    let entry = stats
                        .refusals
                        .entry(error.field)
                        .or_insert((error.message, 0));
                    entry.1 += 1;
                }
                return;
            }
        };
        stats.started += 1;
        stats.fee_errors += u64::try_from(assessed.fee_errors.len()).unwrap_or(0);
        stats.fees_total = stats
            .fees_total
            .checked_add(assessed.fees_total)
            .unwrap_or(stats.fees_total);
        for (fee, total) in self.service.fees.iter().zip(&mut stats.fees_by_fee) {
            if let Some(Value::Number(amount)) = assessed.vars.get(fee.slot) {
                total.0 += 1;
                total.1 = total.1.checked_add(*amount).unwrap_or(total.1);
            }
        }
        let period = self.period_of(arrival);
        grow(&mut self.stats.backlog_arrived, period);
        self.stats.backlog_arrived[period] += 1;

        let slot = self.allocate(index + 1, arrival, assessed);
        let case = index + 1;
        let submitted_day = day_of(arrival);
        for d in 0..self.service.case_deadlines.len() {
            self.start_deadline(slot, d, None, submitted_day);
        }
        let mut budget = MAX_STEPS_AT_ONCE;
        let result = self.enter(slot, case, self.service.start, &mut budget);
        self.halted(slot, case, result);
    }

    fn allocate(&mut self, case: u64, arrival: u64, assessed: Assessed) -> usize {
        let steps = self.service.steps.len();
        let deadlines = self.deadlines.len();
        let random = Random::stream(self.seed, Purpose::Case, case - 1);
        let index = if let Some(free) = self.free_slots.pop() {
            free as usize
        } else {
            self.slots.push(Slot {
                case: 0,
                arrival: 0,
                submitted_day: 0,
                vars: Vec::new(),
                fees_total: Number::from_i64(0),
                random: random.clone(),
                tokens: Vec::new(),
                next_token: 0,
                arrived: vec![0; steps],
                running: Vec::new(),
                next_instance: 0,
                deemed: false,
                entered: 0,
                stuck: false,
                ran: vec![false; deadlines],
                missed: vec![false; deadlines],
            });
            self.slots.len() - 1
        };
        let slot = &mut self.slots[index];
        slot.case = case;
        slot.arrival = arrival;
        slot.submitted_day = day_of(arrival);
        slot.vars = assessed.vars;
        slot.fees_total = assessed.fees_total;
        slot.random = random;
        slot.tokens.clear();
        slot.next_token = 0;
        slot.arrived.iter_mut().for_each(|a| *a = 0);
        slot.running.clear();
        slot.next_instance = 0;
        slot.deemed = false;
        slot.entered = 0;
        slot.stuck = false;
        slot.ran.iter_mut().for_each(|r| *r = false);
        slot.missed.iter_mut().for_each(|m| *m = false);
        index
    }

    fn is_open(&self, slot: usize, case: u64) -> bool {
        self.slots[slot].case == case
    }

    /// Records that a case could not go on.
    fn halted(&mut self, slot: usize, case: u64, result: Result<(), Halt>) {
        let Err(halt) = result else { return };
        if !self.is_open(slot, case) || self.slots[slot].stuck {
            return;
        }
        self.slots[slot].stuck = true;
        self.stats.stuck += 1;
        match halt {
            Halt::Stuck(step) => *self.stats.stuck_at.entry(step).or_insert(0) += 1,
            Halt::Loop => self.stats.looping += 1,
        }
    }

    // -------------------------------------------------------------------
    // Moving through the process (as `Case` does in the engine)
    // -------------------------------------------------------------------

    fn enter(
        &mut self,
        slot: usize,
        case: u64,
        step: usize,
        budget: &mut usize,
    ) -> Result<(), Halt> {
        if !self.is_open(slot, case) {
            return Ok(());
        }
        if *budget == 0 || self.slots[slot].entered >= MAX_STEPS_PER_CASE {
            return Err(Halt::Loop);
        }
        *budget -= 1;
        self.slots[slot].entered += 1;
        let service = self.service;
        let spec = &service.steps[step];
        match spec.kind {
            StepKind::End => {
                self.end_case(slot, step);
                Ok(())
            }
            StepKind::Task => {
                let token = self.open_token(slot, step, TokenState::Queued);
                self.start_step_deadline(slot, step, token);
                self.assign(slot, case, step, token);
                Ok(())
            }
            StepKind::Wait => {
                let token = self.open_token(slot, step, TokenState::Waiting);
                self.start_step_deadline(slot, step, token);
                self.await_answer(slot, case, step, token);
                Ok(())
            }
            StepKind::Automatic => {
                self.log_instant(slot, step, RowKind::Automatic, "", "");
                self.route(slot, case, step, budget)
            }
            StepKind::Split => {
                for &(target, _) in &spec.next {
                    if !self.is_open(slot, case) {
                        break;
                    }
                    self.enter(slot, case, target, budget)?;
                }
                Ok(())
            }
            StepKind::Join => {
                let arrived = &mut self.slots[slot].arrived[step];
                *arrived += 1;
                if (*arrived as usize) < spec.join_expects {
                    return Ok(());
                }
                *arrived = 0;
                self.route(slot, case, step, budget)
            }
        }
    }

    /// Takes the first transition of `step` whose guard holds.
    fn route(
        &mut self,
        slot: usize,
        case: u64,
        step: usize,
        budget: &mut usize,
    ) -> Result<(), Halt> {
        if !self.is_open(slot, case) {
            return Ok(());
        }
        let spec = &self.service.steps[step];
        let vars = &self.slots[slot].vars;
        let taken = spec
            .next
            .iter()
            .enumerate()
            .find_map(|(i, (target, guard))| {
                let holds = guard
                    .as_ref()
                    .is_none_or(|g| g.eval(vars) == Value::Boolean(true));
                holds.then_some((i, *target))
            });
        let Some((i, target)) = taken else {
            return Err(Halt::Stuck(step));
        };
        self.stats.transitions[step][i] += 1;
        self.enter(slot, case, target, budget)
    }

    fn open_token(&mut self, slot: usize, step: usize, state: TokenState) -> u32 {
        let now = self.now;
        let s = &mut self.slots[slot];
        let id = s.next_token;
        s.next_token += 1;
        s.tokens.push(Token {
            id,
            step,
            entered: now,
            state,
        });
        id
    }

    fn token_mut(&mut self, slot: usize, token: u32) -> Option<&mut Token> {
        self.slots[slot].tokens.iter_mut().find(|t| t.id == token)
    }

    /// Gives a task to a free person of its role, or queues it.
    fn assign(&mut self, slot: usize, case: u64, step: usize, token: u32) {
        let StepPlan::Task { role, .. } = self.profile.plan.steps[step] else {
            return;
        };
        if let Some(Reverse(person)) = self.roles[role].free.pop() {
            self.start_work(role, person, slot, token);
        } else {
            self.roles[role].queue.push_back(QueueEntry {
                slot: slot_u32(slot),
                case,
                token,
            });
        }
    }

    fn start_work(&mut self, role: usize, person: u32, slot: usize, token: u32) {
        let case = self.slots[slot].case;
        let Some(t) = self.token_mut(slot, token) else {
            return;
        };
        let (step, since) = (t.step, t.entered);
        let StepPlan::Task { hours, .. } = self.profile.plan.steps[step] else {
            return;
        };
        let work = seconds(
            hours.sample(&mut self.slots[slot].random),
            3600.0,
            LONGEST_WORK,
        );
        let calendar = &mut self.roles[role].calendar;
        let start = calendar.start_at_or_after(&mut self.days, self.now);
        let end = calendar.finish(&mut self.days, start, work);
        let waited =
            calendar.before(&mut self.days, start) - calendar.before(&mut self.days, since);
        if let Some(t) = self.token_mut(slot, token) {
            t.state = TokenState::Working {
                person,
                start,
                seconds: work,
            };
        }
        let stats = &mut self.stats.tasks[step];
        stats.started += 1;
        stats.waits.push(sample(waited));
        stats.calendar_wait += start - since;
        self.schedule(
            end,
            Event::WorkDone {
                slot: slot_u32(slot),
                case,
                token,
            },
        );
    }

    /// A person of `role` is free again: the next task in the queue, if
    /// any, is theirs.
    fn release(&mut self, role: usize, person: u32) {
        while let Some(entry) = self.roles[role].queue.pop_front() {
            let slot = entry.slot as usize;
            let waiting = self.is_open(slot, entry.case)
                && self.slots[slot]
                    .tokens
                    .iter()
                    .any(|t| t.id == entry.token && matches!(t.state, TokenState::Queued));
            if waiting {
                self.start_work(role, person, slot, entry.token);
                return;
            }
        }
        self.roles[role].free.push(Reverse(person));
    }

    fn await_answer(&mut self, slot: usize, case: u64, step: usize, token: u32) {
        let StepPlan::Wait { days, never, .. } = self.profile.plan.steps[step] else {
            return;
        };
        self.stats.waits[step].entered += 1;
        let random = &mut self.slots[slot].random;
        let answers = !random.chance(never);
        match days {
            Some(days) if answers => {
                let delay = seconds(days.sample(random), to_f64(DAY), LONGEST_ANSWER);
                self.schedule(
                    self.now + delay,
                    Event::Answer {
                        slot: slot_u32(slot),
                        case,
                        token,
                    },
                );
            }
            _ => self.stats.waits[step].never += 1,
        }
    }

    // -------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------

    fn handle(&mut self, event: Event) {
        match event {
            Event::WorkDone { slot, case, token } => self.work_done(slot as usize, case, token),
            Event::Answer { slot, case, token } => self.answered(slot as usize, case, token),
            Event::Expire {
                slot,
                case,
                instance,
            } => self.expire(slot as usize, case, instance),
        }
    }

    fn work_done(&mut self, slot: usize, case: u64, token: u32) {
        let (service, profile) = (self.service, self.profile);
        if !self.is_open(slot, case) {
            return;
        }
        let Some(&Token {
            step,
            entered,
            state:
                TokenState::Working {
                    person,
                    start,
                    seconds,
                },
            ..
        }) = self.slots[slot].tokens.iter().find(|t| t.id == token)
        else {
            return;
        };
        let StepPlan::Task {
            role,
            ref cumulative,
            ref values,
            ..
        } = profile.plan.steps[step]
        else {
            return;
        };
        self.record_work(role, start, self.now);
        let stats = &mut self.stats.tasks[step];
        stats.completed += 1;
        stats.work += seconds;

        let decision = if values.is_empty() {
            None
        } else {
            let i = self.slots[slot].random.pick(cumulative);
            self.stats.tasks[step].decisions[i] += 1;
            Some(i)
        };
        let outcome = decision.map_or("", |i| service.steps[step].decisions[i].as_str());
        self.log_row(Row {
            case,
            activity: &service.steps[step].id,
            kind: RowKind::Task,
            enabled: entered,
            start,
            end: self.now,
            role: &profile.plan.roles[role].id,
            person: Some(person),
            outcome,
        });

        let slot_of_decision = service.decision_slot;
        if let Some(i) = decision {
            self.slots[slot].vars[slot_of_decision] = values[i].clone();
        }
        self.leave(slot, token, None);
        let mut budget = MAX_STEPS_AT_ONCE;
        let result = self.route(slot, case, step, &mut budget);
        if self.is_open(slot, case) {
            self.slots[slot].vars[slot_of_decision] = Value::Null;
        }
        self.halted(slot, case, result);
        self.release(role, person);
    }

    fn answered(&mut self, slot: usize, case: u64, token: u32) {
        let (service, profile) = (self.service, self.profile);
        if !self.is_open(slot, case) {
            return;
        }
        let Some(&Token {
            step,
            entered,
            state: TokenState::Waiting,
            ..
        }) = self.slots[slot].tokens.iter().find(|t| t.id == token)
        else {
            return;
        };
        let StepPlan::Wait {
            ref cumulative,
            ref values,
            ..
        } = profile.plan.steps[step]
        else {
            return;
        };
        let event = if values.is_empty() {
            None
        } else {
            Some(self.slots[slot].random.pick(cumulative))
        };
        let stats = &mut self.stats.waits[step];
        stats.answered += 1;
        stats.answer_seconds += self.now - entered;
        if let Some(i) = event {
            stats.events[i] += 1;
        }
        let outcome = event.map_or("", |i| service.steps[step].events[i].as_str());
        self.log_row(Row {
            case,
            activity: &service.steps[step].id,
            kind: RowKind::Wait,
            enabled: entered,
            start: entered,
            end: self.now,
            role: "",
            person: None,
            outcome,
        });
        let event_slot = service.event_slot;
        if let Some(i) = event {
            self.slots[slot].vars[event_slot] = values[i].clone();
        }
        self.leave(slot, token, None);
        let mut budget = MAX_STEPS_AT_ONCE;
        let result = self.route(slot, case, step, &mut budget);
        if self.is_open(slot, case) {
            self.slots[slot].vars[event_slot] = Value::Null;
        }
        self.halted(slot, case, result);
    }

    fn expire(&mut self, slot: usize, case: u64, instance: u32) {
        if !self.is_open(slot, case) {
            return;
        }
        let Some(position) = self.slots[slot]
            .running
            .iter()
            .position(|r| r.instance == instance)
        else {
            return;
        };
        let running = self.slots[slot].running.remove(position);
        let d = running.deadline;
        self.slots[slot].missed[d] = true;
        self.stats.deadlines[d].expired += 1;
        let spec = self.deadlines[d].spec;
        let action = match spec.action {
            ExpiryAction::Escalate => "escalate",
            ExpiryAction::Transition => "transition",
            ExpiryAction::DeemedApproval => "deemed_approval",
        };
        let role = if spec.action == ExpiryAction::Escalate {
            spec.escalate_to.as_deref().unwrap_or("")
        } else {
            ""
        };
        self.log_row(Row {
            case,
            activity: &spec.id,
            kind: RowKind::Deadline,
            enabled: self.now,
            start: self.now,
            end: self.now,
            role,
            person: None,
            outcome: action,
        });
        match spec.action {
            ExpiryAction::Escalate => {
                self.stats.deadlines[d].escalations += 1;
                self.stats.escalations += 1;
            }
            ExpiryAction::Transition | ExpiryAction::DeemedApproval => {
                let Some(target) = spec.to else { return };
                if spec.action == ExpiryAction::DeemedApproval {
                    self.slots[slot].deemed = true;
                    self.stats.deemed_expiries += 1;
                }
                // A step deadline moves its step on; a case deadline moves
                // the whole case.
                let leaving: Vec<u32> = match running.token {
                    Some(token) => vec![token],
                    None => self.slots[slot].tokens.iter().map(|t| t.id).collect(),
                };
                for token in leaving {
                    self.leave(slot, token, Some(Cancel::Deadline));
                }
                self.stats.deadline_moves[d] += 1;
                let mut budget = MAX_STEPS_AT_ONCE;
                let result = self.enter(slot, case, target, &mut budget);
                self.halted(slot, case, result);
            }
        }
    }

    // -------------------------------------------------------------------
    // Leaving steps, deadlines, ending cases
    // -------------------------------------------------------------------

    /// The case leaves an open task or wait: its deadlines stop. With a
    /// `cancel` reason the task's work stops or it leaves the queue.
    fn leave(&mut self, slot: usize, token: u32, cancel: Option<Cancel>) {
        let Some(position) = self.slots[slot].tokens.iter().position(|t| t.id == token) else {
            return;
        };
        let left = self.slots[slot].tokens.remove(position);
        let mut r = 0;
        while r < self.slots[slot].running.len() {
            if self.slots[slot].running[r].token == Some(token) {
                self.slots[slot].running.remove(r);
            } else {
                r += 1;
            }
        }
        if let Some(cancel) = cancel {
            self.cancelled(slot, &left, cancel);
        }
    }

    fn cancelled(&mut self, slot: usize, token: &Token, cancel: Cancel) {
        let (service, profile) = (self.service, self.profile);
        let case = self.slots[slot].case;
        let step = token.step;
        let outcome = match cancel {
            Cancel::Deadline => "deadline",
            Cancel::CaseEnded => "cancelled",
        };
        match (token.state, &profile.plan.steps[step]) {
            (TokenState::Working { person, start, .. }, &StepPlan::Task { role, .. }) => {
                self.record_work(role, start, self.now);
                self.stats.tasks[step].cancelled += 1;
                self.log_row(Row {
                    case,
                    activity: &service.steps[step].id,
                    kind: RowKind::Task,
                    enabled: token.entered,
                    start: start.min(self.now),
                    end: self.now,
                    role: &profile.plan.roles[role].id,
                    person: Some(person),
                    outcome,
                });
                self.release(role, person);
            }
            (TokenState::Queued, &StepPlan::Task { role, .. }) => {
                self.stats.tasks[step].cancelled += 1;
                self.log_row(Row {
                    case,
                    activity: &service.steps[step].id,
                    kind: RowKind::Task,
                    enabled: token.entered,
                    start: self.now,
                    end: self.now,
                    role: &profile.plan.roles[role].id,
                    person: None,
                    outcome,
                });
            }
            (TokenState::Waiting, _) => {
                self.stats.waits[step].unanswered += 1;
                self.log_row(Row {
                    case,
                    activity: &service.steps[step].id,
                    kind: RowKind::Wait,
                    enabled: token.entered,
                    start: token.entered,
                    end: self.now,
                    role: "",
                    person: None,
                    outcome,
                });
            }
            _ => {}
        }
    }

    /// Counts the work a person of `role` did from `from` to `to`, day by
    /// day, within the role's working hours.
    fn record_work(&mut self, role: usize, from: u64, to: u64) {
        if to <= from {
            return;
        }
        let r = &mut self.roles[role];
        for day in day_of(from)..=day_of(to - 1) {
            let a = from.max(start_of(day));
            let b = to.min(start_of(day + 1));
            let done = r
                .calendar
                .before(&mut self.days, b)
                .saturating_sub(r.calendar.before(&mut self.days, a));
            grow(&mut r.busy_by_day, day);
            r.busy_by_day[day] += done;
            r.busy += done;
        }
    }

    fn start_step_deadline(&mut self, slot: usize, step: usize, token: u32) {
        if let Some(d) = self.step_deadline[step] {
            self.start_deadline(slot, d, Some(token), day_of(self.now));
        }
    }

    fn start_deadline(&mut self, slot: usize, d: usize, token: Option<u32>, entered_day: usize) {
        let spec = self.deadlines[d].spec;
        let from = match spec.anchor {
            Anchor::Entered => entered_day,
            Anchor::Submitted => self.slots[slot].submitted_day,
        };
        let Some(end_day) = self.deadline_end(d, from) else {
            return;
        };
        let s = &mut self.slots[slot];
        let instance = s.next_instance;
        s.next_instance += 1;
        s.running.push(Running {
            instance,
            deadline: d,
            token,
        });
        s.ran[d] = true;
        let case = s.case;
        self.stats.deadlines[d].started += 1;
        self.schedule(
            start_of(end_day + 1),
            Event::Expire {
                slot: slot_u32(slot),
                case,
                instance,
            },
        );
    }

    /// The last day of deadline `d` started on day `from`, computed by the
    /// legal calendar once per start day.
    fn deadline_end(&mut self, d: usize, from: usize) -> Option<usize> {
        let known = self.deadlines[d]
            .ends
            .get(from)
            .copied()
            .unwrap_or(End::NotComputed);
        let end = match known {
            End::Day(day) => return Some(day),
            End::Unknown => None,
            End::NotComputed => {
                let spec = self.deadlines[d].spec;
                let date = self.days.date(from);
                let end = match deadline_end(date, &spec.within, spec.days, self.service.state) {
                    Ok(end) => self.days.day_of(end.end),
                    Err(error) => {
                        self.stats.deadline_error.get_or_insert_with(|| {
                            msg::deadline_error(&spec.id, &error.to_string())
                        });
                        None
                    }
                };
                let ends = &mut self.deadlines[d].ends;
                if ends.len() <= from {
                    ends.resize(from + 1, End::NotComputed);
                }
                ends[from] = end.map_or(End::Unknown, End::Day);
                end
            }
        };
        if end.is_none() {
            self.stats.deadline_errors += 1;
        }
        end
    }

    fn end_case(&mut self, slot: usize, step: usize) {
        let outcome = if self.slots[slot].deemed {
            CaseOutcome::DeemedApproved
        } else {
            outcome_of(self.service.steps[step].outcome)
        };
        // Other branches still open stop; their deadlines are met.
        let tokens = std::mem::take(&mut self.slots[slot].tokens);
        self.slots[slot].running.clear();
        for token in &tokens {
            self.cancelled(slot, token, Cancel::CaseEnded);
        }
        self.log_instant(slot, step, RowKind::End, outcome.name(), "");
        self.classify_deadlines(slot);

        let now = self.now;
        let s = &self.slots[slot];
        let arrival = s.arrival;
        let fees = s.fees_total;
        let stats = &mut self.stats;
        stats.ended += 1;
        let index = outcome_index(outcome);
        stats.outcomes[index] += 1;
        let by_outcome = &mut stats.fees_by_outcome[index];
        by_outcome.0 += 1;
        by_outcome.1 = by_outcome.1.checked_add(fees).unwrap_or(by_outcome.1);
        stats.cycle_calendar.push(sample(now - arrival));
        let working = self.days.working_time_before(now) - self.days.working_time_before(arrival);
        self.stats.cycle_working.push(sample(working));
        let period = self.period_of(now);
        grow(&mut self.stats.backlog_ended, period);
        self.stats.backlog_ended[period] += 1;

        let s = &mut self.slots[slot];
        s.case = 0;
        s.vars = Vec::new();
        self.free_slots.push(slot_u32(slot));
    }

    /// Counts, for each deadline that ran in the case, whether it was met,
    /// missed, or is still running.
    fn classify_deadlines(&mut self, slot: usize) {
        let s = &self.slots[slot];
        for d in 0..self.deadlines.len() {
            if !s.ran[d] {
                continue;
            }
            let stats = &mut self.stats.deadlines[d];
            stats.cases += 1;
            if s.missed[d] {
                stats.missed += 1;
            } else if s.running.iter().any(|r| r.deadline == d) {
                stats.open += 1;
            } else {
                stats.met += 1;
            }
        }
    }

    fn period_of(&mut self, t: u64) -> usize {
        let day = day_of(t);
        match self.profile.run.backlog {
            BacklogPeriod::Week => (day + self.days.weekday(0)) / 7,
            BacklogPeriod::Month => {
                let first = self.days.first();
                let date = self.days.date(day);
                let months = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month());
                usize::try_from(months(date) - months(first)).unwrap_or(0)
            }
        }
    }

    // -------------------------------------------------------------------
    // The event log
    // -------------------------------------------------------------------

    fn log_row(&mut self, row: Row<'_>) {
        if let Some(log) = &mut self.log {
            log.write(&row, &mut self.days);
        }
    }

    fn log_instant(&mut self, slot: usize, step: usize, kind: RowKind, outcome: &str, role: &str) {
        let service = self.service;
        if self.log.is_none() {
            return;
        }
        let case = self.slots[slot].case;
        let now = self.now;
        self.log_row(Row {
            case,
            activity: &service.steps[step].id,
            kind,
            enabled: now,
            start: now,
            end: now,
            role,
            person: None,
            outcome,
        });
    }

    // -------------------------------------------------------------------
    // The report
    // -------------------------------------------------------------------

    fn finish(mut self) -> Result<Report, SimulationError> {
        let end = if self.stopped_at_horizon {
            self.horizon
        } else {
            self.now
        };
        self.now = end;

        // Cases still open.
        let profile = self.profile;
        let mut open = 0;
        for slot in 0..self.slots.len() {
            if self.slots[slot].case == 0 {
                continue;
            }
            open += 1;
            self.classify_deadlines(slot);
            let fees = self.slots[slot].fees_total;
            let by_outcome = &mut self.stats.fees_by_outcome[5];
            by_outcome.0 += 1;
            by_outcome.1 = by_outcome.1.checked_add(fees).unwrap_or(by_outcome.1);
            for token in self.slots[slot].tokens.clone() {
                if let (TokenState::Working { start, .. }, StepPlan::Task { role, .. }) =
                    (token.state, &profile.plan.steps[token.step])
                {
                    self.record_work(*role, start, end);
                }
            }
        }

        if let Some(log) = self.log.take() {
            log.finish()?;
        }

        let report = self.report(end, open);
        Ok(report)
    }

    #[allow(clippy::too_many_lines)]
    fn report(mut self, end: u64, open: u64) -> Report {
        let service = self.service;
        let profile = self.profile;
        let stats = &mut self.stats;

        let tasks = service
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, step)| {
                let StepPlan::Task { role, .. } = profile.plan.steps[i] else {
                    return None;
                };
                let t = &mut stats.tasks[i];
                Some(TaskReport {
                    step: step.id.clone(),
                    title: step.title.clone(),
                    role: profile.plan.roles[role].id.clone(),
                    started: t.started,
                    completed: t.completed,
                    cancelled: t.cancelled,
                    work_hours: mean(t.work, t.completed) / 3600.0,
                    queue_wait_hours: Summary::of(&mut t.waits, 3600.0),
                    queue_wait_calendar_hours: mean(t.calendar_wait, t.started) / 3600.0,
                    decisions: step
                        .decisions
                        .iter()
                        .zip(&t.decisions)
                        .map(|(name, count)| Count {
                            name: name.clone(),
                            count: *count,
                        })
                        .collect(),
                })
            })
            .collect();

        let waits = service
            .steps
            .iter()
            .enumerate()
            .filter(|(i, _)| matches!(profile.plan.steps[*i], StepPlan::Wait { .. }))
            .map(|(i, step)| {
                let w = &stats.waits[i];
                WaitReport {
                    step: step.id.clone(),
                    title: step.title.clone(),
                    entered: w.entered,
                    answered: w.answered,
                    never_answered: w.never,
                    left_unanswered: w.unanswered,
                    answer_days: mean(w.answer_seconds, w.answered) / to_f64(DAY),
                    events: step
                        .events
                        .iter()
                        .zip(&w.events)
                        .map(|(name, count)| Count {
                            name: name.clone(),
                            count: *count,
                        })
                        .collect(),
                }
            })
            .collect();

        let deadlines = self
            .deadlines
            .iter()
            .zip(&stats.deadlines)
            .map(|(d, s)| DeadlineReport {
                id: d.spec.id.clone(),
                label: Some(d.spec.label.clone()).filter(|l| !l.is_empty()),
                step: d.step.map(|i| service.steps[i].id.clone()),
                within: d.spec.within.to_string(),
                days: d.spec.days.as_str().to_owned(),
                on_expiry: match d.spec.action {
                    ExpiryAction::Escalate => "escalate",
                    ExpiryAction::Transition => "transition",
                    ExpiryAction::DeemedApproval => "deemed_approval",
                }
                .to_owned(),
                cases: s.cases,
                met: s.met,
                missed: s.missed,
                open: s.open,
                share_met: (s.met + s.missed > 0).then(|| to_f64(s.met) / to_f64(s.met + s.missed)),
                started: s.started,
                expired: s.expired,
                escalations: s.escalations,
            })
            .collect();

        let arriving_until = start_of(day_of(stats.last_arrival) + 1).min(end);
        let mut staff = Vec::new();
        for (plan, role) in profile.plan.roles.iter().zip(&mut self.roles) {
            let people = u64::from(plan.people);
            let available = people * role.calendar.before(&mut self.days, end);
            let available_arriving = people * role.calendar.before(&mut self.days, arriving_until);
            let busy_arriving: u64 = role.busy_by_day.iter().take(day_of(arriving_until)).sum();
            staff.push(StaffReport {
                role: plan.id.clone(),
                title: plan.title.clone(),
                people: plan.people,
                hours: plan.hours.to_string(),
                available_hours: to_f64(available) / 3600.0,
                busy_hours: to_f64(role.busy) / 3600.0,
                utilisation: share(role.busy, available),
                utilisation_while_arriving: share(busy_arriving, available_arriving),
            });
        }

        let mut transitions = Vec::new();
        for (i, step) in service.steps.iter().enumerate() {
            for (j, (target, _)) in step.next.iter().enumerate() {
                transitions.push(TransitionCount {
                    from: step.id.clone(),
                    to: service.steps[*target].id.clone(),
                    by: "guard".to_owned(),
                    count: stats.transitions[i][j],
                });
            }
        }
        for (d, moves) in self.deadlines.iter().zip(&stats.deadline_moves) {
            if let Some(target) = d.spec.to
                && d.spec.action != ExpiryAction::Escalate
            {
                transitions.push(TransitionCount {
                    from: d
                        .step
                        .map_or_else(|| "(case)".to_owned(), |s| service.steps[s].id.clone()),
                    to: service.steps[target].id.clone(),
                    by: "deadline".to_owned(),
                    count: *moves,
                });
            }
        }

        let backlog = self.backlog(end);
        let stats = &mut self.stats;

        let mut refusals: Vec<Refusal> = stats
            .refusals
            .iter()
            .map(|(field, (message, count))| Refusal {
                field: field.clone(),
                message: message.clone(),
                count: *count,
            })
            .collect();
        refusals.sort_by(|a, b| b.count.cmp(&a.count).then(a.field.cmp(&b.field)));

        let mut warnings = Vec::new();
        if stats.refused > 0 {
            warnings.push(msg::refused_warning(stats.refused, &refusals));
        }
        if stats.stuck > 0 {
            let steps: Vec<(String, u64)> = stats
                .stuck_at
                .iter()
                .map(|(s, n)| (service.steps[*s].id.clone(), *n))
                .collect();
            warnings.push(msg::stuck_warning(stats.stuck, &steps, stats.looping));
        }
        if stats.deadline_errors > 0 {
            warnings.push(msg::deadline_warning(
                stats.deadline_errors,
                stats.deadline_error.as_deref().unwrap_or(""),
            ));
        }
        if stats.fee_errors > 0 {
            warnings.push(msg::fee_warning(stats.fee_errors));
        }
        if stats.submitted < self.cases_requested {
            warnings.push(msg::fewer_cases_warning(
                stats.submitted,
                self.cases_requested,
            ));
        }

        let end_date = self.days.date(day_of(end));
        let end_text = format!(
            "{end_date}T{:02}:{:02}:{:02}",
            (end % DAY) / 3600,
            (end % 3600) / 60,
            end % 60
        );
        Report {
            service: ServiceInfo {
                id: service.id.clone(),
                title: service.title.clone(),
                state: service.state.code().to_owned(),
            },
            profile: profile.title.clone(),
            seed: self.seed,
            cases_requested: self.cases_requested,
            period: Period {
                start: self.days.first(),
                end: end_text,
                days: to_f64(end) / to_f64(DAY),
            },
            applications: Applications {
                submitted: stats.submitted,
                first: stats.first,
                last: stats.last,
                refused: stats.refused,
                refusals,
            },
            cases: Cases {
                started: stats.started,
                ended: stats.ended,
                open,
                stuck: stats.stuck,
                approved: stats.outcomes[0],
                rejected: stats.outcomes[1],
                withdrawn: stats.outcomes[2],
                deemed_approved: stats.outcomes[3],
                completed: stats.outcomes[4],
                escalations: stats.escalations,
                deemed_approvals: stats.deemed_expiries,
            },
            cycle_time: CycleTime {
                working_days: Summary::of(&mut stats.cycle_working, to_f64(DAY)),
                calendar_days: Summary::of(&mut stats.cycle_calendar, to_f64(DAY)),
            },
            tasks,
            waits,
            deadlines,
            staff,
            backlog,
            fees: Fees {
                total: amount_text(stats.fees_total),
                by_outcome: OUTCOME_NAMES
                    .iter()
                    .zip(&stats.fees_by_outcome)
                    .filter(|(_, (cases, _))| *cases > 0)
                    .map(|(name, (cases, amount))| OutcomeAmount {
                        outcome: (*name).to_owned(),
                        cases: *cases,
                        amount: amount_text(*amount),
                    })
                    .collect(),
                by_fee: service
                    .fees
                    .iter()
                    .zip(&stats.fees_by_fee)
                    .map(|(fee, (cases, amount))| FeeAmount {
                        id: fee.id.clone(),
                        label: fee.label.clone(),
                        cases: *cases,
                        amount: amount_text(*amount),
                    })
                    .collect(),
            },
            transitions,
            warnings,
        }
    }

    fn backlog(&mut self, end: u64) -> Backlog {
        let period = self.profile.run.backlog;
        let last = self.period_of(end.saturating_sub(1));
        let first_day = self.days.first();

        // Work done and working time available, per role and period.
        let periods = last + 1;
        let mut busy = vec![vec![0_u64; periods]; self.roles.len()];
        let mut available = vec![vec![0_u64; periods]; self.roles.len()];
        let days = if end == 0 { 0 } else { day_of(end - 1) + 1 };
        for day in 0..days {
            let p = self.period_of(start_of(day)).min(last);
            let (from, to) = (start_of(day), start_of(day + 1).min(end));
            for (r, (role, plan)) in self
                .roles
                .iter_mut()
                .zip(&self.profile.plan.roles)
                .enumerate()
            {
                busy[r][p] += role.busy_by_day.get(day).copied().unwrap_or(0);
                let open = role
                    .calendar
                    .before(&mut self.days, to)
                    .saturating_sub(role.calendar.before(&mut self.days, from));
                available[r][p] += u64::from(plan.people) * open;
            }
        }

        let mut rows = Vec::new();
        let mut open = 0_u64;
        for p in 0..periods {
            let arrived = self.stats.backlog_arrived.get(p).copied().unwrap_or(0);
            let ended = self.stats.backlog_ended.get(p).copied().unwrap_or(0);
            open = (open + arrived).saturating_sub(ended);
            let start = period_start(period, first_day, p, &mut self.days);
            let utilisation = self
                .profile
                .plan
                .roles
                .iter()
                .enumerate()
                .map(|(r, plan)| RoleShare {
                    role: plan.id.clone(),
                    utilisation: share(busy[r][p], available[r][p]),
                })
                .collect();
            rows.push(BacklogRow {
                start,
                arrived,
                ended,
                open,
                utilisation,
            });
        }
        Backlog { period, rows }
    }
}

/// `part / whole`, or 0 when there is no whole.
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        to_f64(part) / to_f64(whole)
    }
}

/// The first day of backlog period `p`.
fn period_start(period: BacklogPeriod, first: Date, p: usize, days: &mut Days) -> Date {
    match period {
        BacklogPeriod::Week => {
            let monday = days.weekday(0);
            let offset = i64::try_from(p * 7).unwrap_or(0) - i64::try_from(monday).unwrap_or(0);
            jiff::Span::new()
                .try_days(offset)
                .ok()
                .and_then(|s| first.checked_add(s).ok())
                .unwrap_or(first)
        }
        BacklogPeriod::Month => {
            let start = first.first_of_month();
            jiff::Span::new()
                .try_months(i64::try_from(p).unwrap_or(0))
                .ok()
                .and_then(|s| start.checked_add(s).ok())
                .unwrap_or(start)
        }
    }
}

fn grow(counts: &mut Vec<u64>, index: usize) {
    if counts.len() <= index {
        counts.resize(index + 1, 0);
    }
}

fn mean(total: u64, count: u64) -> f64 {
    if count == 0 {
        0.0
    } else {
        to_f64(total) / to_f64(count)
    }
}

fn slot_u32(slot: usize) -> u32 {
    u32::try_from(slot).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(token: u32) -> Event {
        Event::WorkDone {
            slot: 0,
            case: 1,
            token,
        }
    }

    #[test]
    fn events_come_by_time_then_in_the_order_scheduled() {
        let mut queue = EventQueue::default();
        queue.push(DAY + 5, work(1));
        queue.push(DAY, work(2));
        queue.push(3 * DAY, work(3));
        queue.push(DAY, work(4));
        queue.push(DAY - 1, work(5));
        let order: Vec<Event> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(order, vec![work(5), work(2), work(4), work(1), work(3)]);
    }

    #[test]
    fn an_event_scheduled_before_days_looked_ahead_is_not_missed() {
        let mut queue = EventQueue::default();
        queue.push(5 * DAY, work(1));
        assert_eq!(queue.peek_time(), Some(5 * DAY));
        queue.push(2 * DAY, work(2));
        assert_eq!(queue.pop(), Some(work(2)));
        assert_eq!(queue.pop(), Some(work(1)));
        assert_eq!(queue.pop(), None);
    }
}
