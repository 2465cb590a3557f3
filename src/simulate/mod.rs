//! Simulating one case of a service: the library side of
//! `ozg simulate SERVICE`.
//!
//! A modeller gives an application (field values), a submission date and
//! what happens afterwards (decisions, events, time passing), and sees the
//! case as a dated timeline: the steps it goes through, the deadlines with
//! their end dates and why they moved, the notifications, the fees, and
//! how it ends. The same run can be written as a scenario file, so that a
//! case tried out by hand becomes a regression test for `ozg test`.
//!
//! The input can come from the command line ([`input`]), from a file, or
//! be asked for question by question ([`interactive`]); in every case the
//! simulation itself is [`simulate`], a pure function of the service and
//! a [`Plan`].

pub mod input;
pub mod interactive;
pub mod json;
pub mod messages;
pub mod scenario;
pub mod timeline;

use jiff::civil::Date;

use crate::calendar::{State, is_working_day};
use crate::engine::{
    Action, Case, CaseError, CaseOutcome, CompiledService, FeeCharge, Input, Trace, ValidationError,
};
use crate::feel::number::Number;
use crate::model::StepKind;

/// When a planned action happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On this day.
    On(Date),
    /// On the first working day after the previous action (or after the
    /// submission, for the first one).
    NextWorkingDay,
}

/// Something that is to happen to the case after submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAction {
    pub when: When,
    pub action: Action,
}

/// Everything a single-case simulation needs besides the service.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub input: Input,
    pub submitted: Date,
    /// Applied in order.
    pub actions: Vec<PlannedAction>,
    /// After the last action, time passes up to this day, so that
    /// deadlines that end before it expire.
    pub until: Option<Date>,
}

/// A step where the case waits at the end of the simulation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenStep {
    pub step: String,
    pub title: String,
    /// `task` or `wait`.
    pub kind: &'static str,
    /// The decisions (task) or events (wait) the step accepts.
    pub accepts: Vec<String>,
}

/// Why a simulation stopped before all its actions were taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// No transition of a step applied, or the process looped: a defect of
    /// the model.
    Stuck { error: CaseError },
    /// An action could not be taken (the step is not open, the decision is
    /// not declared, the date lies before the last one): a mistake in what
    /// was asked for.
    Refused {
        date: Date,
        action: Action,
        error: CaseError,
    },
}

/// What a single-case simulation came to.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub submitted: Date,
    /// Validation errors; when there are any, no case was started.
    pub validation: Vec<ValidationError>,
    pub fees: Vec<FeeCharge>,
    pub fees_total: Number,
    /// Fees whose amount could not be computed.
    pub fee_errors: Vec<String>,
    pub trace: Trace,
    /// How the case ended; `None` while it is open (or never started).
    pub outcome: Option<CaseOutcome>,
    /// Where the case waits, when it is open.
    pub open: Vec<OpenStep>,
    /// The deadlines still running at the end, with their last day.
    pub running: Vec<(String, Date)>,
    /// The actions taken, each with its date, in order; time passing up
    /// to a day is an [`Action::Wait`].
    pub taken: Vec<(Date, Action)>,
    pub stop: Option<Stop>,
    /// Problems that did not stop the case (a deadline whose end cannot be
    /// computed).
    pub warnings: Vec<String>,
}

impl Simulation {
    /// Whether the application was refused by validation.
    pub fn is_invalid(&self) -> bool {
        !self.validation.is_empty()
    }

    /// The outcome's name as scenarios write it: `approved`, ..., or
    /// `open`.
    pub fn outcome_name(&self) -> &'static str {
        self.outcome.map_or("open", CaseOutcome::name)
    }
}

/// The first working day after `date` in `state`.
pub fn next_working_day(date: Date, state: State) -> Date {
    let mut day = date;
    // A year has at most a handful of consecutive days off; the bound only
    // guards against the end of the calendar.
    for _ in 0..31 {
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => return day,
        }
        if is_working_day(state, day) {
            return day;
        }
    }
    day
}

/// The date of a planned action that follows an action on `previous`.
pub fn date_of(when: When, previous: Date, state: State) -> Date {
    match when {
        When::On(date) => date,
        When::NextWorkingDay => next_working_day(previous, state),
    }
}

/// A case being simulated: the running engine case plus what was taken.
/// The interactive session drives it one action at a time; [`simulate`]
/// drives it through a whole plan.
pub struct Session<'s> {
    service: &'s CompiledService,
    submitted: Date,
    validation: Vec<ValidationError>,
    assessment: Option<crate::engine::Assessment>,
    case: Option<Case<'s>>,
    taken: Vec<(Date, Action)>,
    stop: Option<Stop>,
}

impl<'s> Session<'s> {
    /// Validates the application and, when it is valid, assesses it and
    /// starts its case.
    pub fn start(service: &'s CompiledService, input: &Input, submitted: Date) -> Session<'s> {
        let mut session = Session {
            service,
            submitted,
            validation: Vec::new(),
            assessment: None,
            case: None,
            taken: Vec::new(),
            stop: None,
        };
        match service.check(input, submitted) {
            Ok(assessment) => {
                let (case, error) = Case::start(service, &assessment, submitted);
                session.stop = error.map(|error| Stop::Stuck { error });
                session.assessment = Some(assessment);
                session.case = Some(case);
            }
            Err(validation) => session.validation = validation,
        }
        session
    }

    /// The case, when the application was valid.
    pub fn case(&self) -> Option<&Case<'s>> {
        self.case.as_ref()
    }

    /// Whether more can happen: the application was valid, the case has
    /// not ended and nothing stopped it.
    pub fn can_go_on(&self) -> bool {
        self.stop.is_none() && self.case.as_ref().is_some_and(|c| c.outcome().is_none())
    }

    /// The day of the last thing that happened.
    pub fn today(&self) -> Date {
        self.case.as_ref().map_or(self.submitted, Case::today)
    }

    /// Takes an action on `date`. An action that cannot be taken is
    /// refused and leaves the case as it was; a case that gets stuck
    /// stops the session.
    pub fn act(&mut self, date: Date, action: &Action) -> Result<(), CaseError> {
        let Some(case) = self.case.as_mut() else {
            return Err(CaseError::Closed);
        };
        // Refused actions must not leave half a step behind: try on a copy.
        let mut trial = case.clone();
        let result = if *action == Action::Wait {
            trial.advance_to(date)
        } else {
            trial.act(date, action)
        };
        match result {
            Ok(()) => {
                *case = trial;
                self.taken.push((date, action.clone()));
                Ok(())
            }
            Err(error @ (CaseError::Stuck { .. } | CaseError::Loop(_))) => {
                *case = trial;
                self.taken.push((date, action.clone()));
                self.stop = Some(Stop::Stuck {
                    error: error.clone(),
                });
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// Records an action that was refused, so that the simulation reports
    /// it; the session takes no further action after it.
    pub fn refuse(&mut self, date: Date, action: Action, error: CaseError) {
        self.stop = Some(Stop::Refused {
            date,
            action,
            error,
        });
    }

    /// The steps where the case waits, with what they accept.
    pub fn open_steps(&self) -> Vec<OpenStep> {
        let Some(case) = &self.case else {
            return Vec::new();
        };
        if case.outcome().is_some() {
            return Vec::new();
        }
        let steps: Vec<_> = self.service.steps().collect();
        case.open_steps()
            .into_iter()
            .filter_map(|id| steps.iter().find(|s| s.id == id))
            .map(|s| OpenStep {
                step: s.id.to_owned(),
                title: s.title.to_owned(),
                kind: if s.kind == StepKind::Task {
                    "task"
                } else {
                    "wait"
                },
                accepts: case.accepts(s.id).into_iter().map(str::to_owned).collect(),
            })
            .collect()
    }

    /// What the session came to so far.
    pub fn finish(&self) -> Simulation {
        let (fees, fees_total, fee_errors) = match &self.assessment {
            Some(a) => (a.fees.clone(), a.fees_total, a.fee_errors.clone()),
            None => (Vec::new(), Number::from_i64(0), Vec::new()),
        };
        let (trace, outcome, running, warnings) = match &self.case {
            Some(case) => (
                case.trace().clone(),
                case.outcome(),
                case.running_deadlines()
                    .into_iter()
                    .map(|(d, end)| (d.to_owned(), end))
                    .collect(),
                case.warnings.iter().map(ToString::to_string).collect(),
            ),
            None => (Trace::default(), None, Vec::new(), Vec::new()),
        };
        Simulation {
            submitted: self.submitted,
            validation: self.validation.clone(),
            fees,
            fees_total,
            fee_errors,
            trace,
            outcome,
            open: self.open_steps(),
            running: if outcome.is_some() {
                Vec::new()
            } else {
                running
            },
            taken: self.taken.clone(),
            stop: self.stop.clone(),
            warnings,
        }
    }
}

/// Runs a plan: validation, assessment, the case, each action in turn,
/// and time passing up to `until`. The first action that cannot be taken
/// stops the simulation; what happened up to it is kept.
pub fn simulate(service: &CompiledService, plan: &Plan) -> Simulation {
    let mut session = Session::start(service, &plan.input, plan.submitted);
    let mut previous = plan.submitted;
    for planned in &plan.actions {
        if !session.can_go_on() {
            if session.stop.is_none() && session.case.is_some() {
                // The case ended before this action: say so.
                let date = date_of(planned.when, previous, service.state);
                session.refuse(date, planned.action.clone(), CaseError::Closed);
            }
            break;
        }
        let date = date_of(planned.when, previous, service.state);
        if let Err(error) = session.act(date, &planned.action)
            && session.stop.is_none()
        {
            session.refuse(date, planned.action.clone(), error);
            break;
        }
        previous = date;
    }
    if let Some(until) = plan.until
        && session.can_go_on()
        && let Err(error) = session.act(until, &Action::Wait)
        && session.stop.is_none()
    {
        session.refuse(until, Action::Wait, error);
    }
    session.finish()
}
