//! Workload simulation: can the staff of a service keep its deadlines
//! when applications rise?
//!
//! A [`Profile`] says how many applications arrive and when, what the
//! applicants enter, how long work and answers take, which decisions are
//! taken how often, and how many people of each role work when.
//! [`simulate`] then runs many generated applications through the
//! compiled service, with the engine's own validation, fees, guards and
//! legal deadlines, on the working calendar of the service's federal
//! state, and reports cycle times, queue waits, deadlines met, staff
//! utilisation, the backlog and fee revenue ([`Report`]). An event log for
//! process-mining tools can be written alongside.
//!
//! The same seed gives the same report and log, byte for byte: every
//! random number comes from a stream named by the seed and the case, and
//! the samplers compute the same bits on every platform (see `random`).
//!
//! Applications are generated, validated and assessed on worker threads
//! in batches, ahead of the simulation, which runs on the calling thread
//! and consumes them in order.
//!
//! The profile format and the outputs are described in `docs/load.md`.

mod applicant;
mod clock;
mod distribution;
mod eventlog;
pub mod messages;
mod profile;
mod random;
mod report;
mod sim;

use std::io::Write;
use std::sync::mpsc::{SyncSender, sync_channel};

use rayon::prelude::*;

use crate::engine::CompiledService;
use crate::feel::value::Value;
use crate::load::applicant::Generator;
use crate::load::clock::{ArrivalProcess, Days, day_of, start_of};
use crate::load::eventlog::EventLog;
use crate::load::random::{Purpose, Random};
use crate::load::sim::{Assessed, Batch, Prepared, Simulation};

pub use clock::{Hours, HoursProblem, WEEKDAYS};
pub use distribution::{Distribution, ParameterProblem};
pub use eventlog::HEADER as EVENT_LOG_HEADER;
pub use profile::{
    Arrivals, BacklogPeriod, DateUnit, InputRule, InputSource, MAX_PEOPLE, Profile, ProfileError,
    ProfileErrorKind, RunSettings, Staff, TaskProfile, WaitProfile,
};
pub use report::{
    Applications, Backlog, BacklogRow, Cases, Count, CycleTime, DeadlineReport, FeeAmount, Fees,
    OutcomeAmount, Period, Refusal, Report, RoleShare, ServiceInfo, StaffReport, Summary,
    TaskReport, TransitionCount, WaitReport, write_human, write_json,
};

/// Applications simulated when neither the command line nor the profile
/// says how many.
pub const DEFAULT_CASES: u64 = 1000;

/// The most applications one run simulates: far beyond any real service,
/// and a bound for the memory the statistics take (about 20 bytes per
/// case).
pub const MAX_CASES: u64 = 100_000_000;

/// The simulation stops at the latest this many years after its start,
/// whatever remains open: far beyond any real question, and a bound for
/// profiles whose applications would take forever to arrive.
pub const HORIZON_YEARS: i16 = 100;

/// Applications generated per batch.
const BATCH: u64 = 2048;

/// Settings of a run that override the profile's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub cases: Option<u64>,
    pub seed: Option<u64>,
}

/// How far a run has come, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Applications submitted so far.
    pub submitted: u64,
    /// Cases ended so far.
    pub ended: u64,
    /// Applications asked for.
    pub total: u64,
}

/// Why a simulation could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// The profile was read for another service.
    #[error("{}", messages::other_service(.profile, .service))]
    OtherService { profile: String, service: String },
    /// The event log could not be written.
    #[error("the event log could not be written: {0}")]
    EventLog(#[from] std::io::Error),
}

/// Simulates the workload of `profile` on `service` (the service the
/// profile was read for). Writes the event log to `events`, when given,
/// and reports progress to `progress` now and then.
pub fn simulate(
    service: &CompiledService,
    profile: &Profile,
    options: Options,
    events: Option<&mut dyn Write>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SimulationError> {
    if profile.service != service.id {
        return Err(SimulationError::OtherService {
            profile: profile.service.clone(),
            service: service.id.clone(),
        });
    }
    let cases = options
        .cases
        .or(profile.run.cases)
        .unwrap_or(DEFAULT_CASES)
        .min(MAX_CASES);
    let seed = options.seed.or(profile.run.seed).unwrap_or(0);
    let horizon = horizon(profile);
    let log = events.map(EventLog::new);

    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<Batch>(2);
        scope.spawn(move || produce(service, profile, seed, cases, horizon, &sender));
        let simulation = Simulation::new(service, profile, seed, horizon, cases, log);
        simulation.run(&receiver, progress)
    })
}

/// The moment the simulation stops: the end of `until`, or the horizon.
fn horizon(profile: &Profile) -> u64 {
    let start = profile.arrivals.start;
    let limit = start
        .checked_add(jiff::Span::new().years(HORIZON_YEARS))
        .unwrap_or(jiff::civil::Date::MAX);
    let last = profile.run.until.map_or(limit, |until| until.min(limit));
    let days = (last - start).get_days();
    start_of(usize::try_from(days).unwrap_or(0) + 1)
}

/// Generates, validates and assesses the applications in batches, in the
/// order they arrive, and hands them to the simulation.
fn produce(
    service: &CompiledService,
    profile: &Profile,
    seed: u64,
    cases: u64,
    horizon: u64,
    sender: &SyncSender<Batch>,
) {
    let arrivals = &profile.arrivals;
    let days = Days::new(profile.plan.state, arrivals.start);
    let mut process = ArrivalProcess::new(
        Random::stream(seed, Purpose::Arrivals, 0),
        arrivals.per_day,
        arrivals.monthly,
        &arrivals.hours,
        days,
        0,
        day_of(horizon),
    );
    let mut dates = Days::new(profile.plan.state, arrivals.start);
    let generator = Generator::new(service, &profile.plan);
    let mut first = 0;
    while first < cases {
        let wanted = BATCH.min(cases - first);
        let mut times = Vec::new();
        for _ in 0..wanted {
            match process.next() {
                Some(t) if t < horizon => times.push((t, dates.date(day_of(t)))),
                _ => break,
            }
        }
        let count = times.len() as u64;
        let items: Vec<Prepared> = times
            .par_iter()
            .enumerate()
            .map_init(
                || generator.template(),
                |input, (i, &(arrival, date))| {
                    generator.generate(seed, first + i as u64, date, input);
                    // Validated and assessed with the form settled once.
                    let case = service.check(input, date).map(|mut assessment| {
                        for (value, kept) in
                            assessment.vars.iter_mut().zip(&profile.plan.kept_slots)
                        {
                            if !kept {
                                *value = Value::Null;
                            }
                        }
                        Assessed {
                            fees_total: assessment.fees_total,
                            fee_errors: assessment.fee_errors,
                            vars: assessment.vars,
                        }
                    });
                    Prepared {
                        arrival,
                        date,
                        case,
                    }
                },
            )
            .collect();
        if sender.send(Batch { first, items }).is_err() || count < wanted {
            break;
        }
        first += count;
    }
}
