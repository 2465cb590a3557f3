//! Exports of a service to the formats of other tools.
//!
//! The service model stays the one source: an export is derived from it
//! and can be written again at any time, so nothing is ever edited in the
//! exported file. [`bpmn`] writes the back-office process as BPMN 2.0 for
//! Camunda 8 and the bpmn.io modellers; [`prosimos`] writes the process
//! with a workload profile as a model and parameters for the Prosimos
//! simulator.

pub mod bpmn;
mod ids;
mod merges;
pub mod prosimos;
