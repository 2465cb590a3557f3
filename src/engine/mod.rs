//! The execution engine: running a service the way the law runs it.
//!
//! One engine serves `ozg test`, `ozg simulate`, the behavioural diff and
//! the platform. A service is compiled once ([`CompiledService`]): every
//! expression is parsed and compiled for a fixed layout of variables, every
//! deadline duration read. An application is then validated against the
//! form ([`CompiledService::validate`]), assessed (computed values,
//! decision tables, fees: [`CompiledService::assess`]), and run through the
//! process as a [`Case`] that records a [`Trace`] of everything that
//! happened, with dates.
//!
//! A case is a pure function of its inputs: the service, the application,
//! the submission date, and the decisions and events that followed. The
//! platform stores exactly those and replays them, so that no engine state
//! needs to be stored.

mod case;
pub(crate) mod compile;
mod input;
pub mod messages;
mod validate;

pub use case::{Action, Case, CaseError, CaseOutcome, Trace, TraceEvent};
pub use compile::{
    Assessment, CompileError, CompiledService, DeadlineInfo, FeeCharge, ShareCharge, StepInfo,
};
pub use input::{Input, RawValue, input_from_json, input_from_scenario};
pub use validate::{ValidationError, parse_date, parse_number};
