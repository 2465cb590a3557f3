//! A service's back-office process as BPMN 2.0 XML that Camunda 8 deploys
//! and bpmn.io and Camunda Modeler open with a finished diagram.
//!
//! The export has three stages: [`build`] decides which BPMN element
//! stands for which step, transition and deadline; [`diagram`] lays the
//! elements out with [`crate::graph::layout`]; [`write`] writes the XML.
//! The mapping, and what BPMN and Camunda cannot express (working days,
//! public holidays, the legal meaning of a deemed approval), are described
//! for users in `docs/bpmn.md` and listed in `docs/limits.md`.
//!
//! The output is deterministic: the same service always gives the same
//! bytes, so an exported file can be committed and reviewed.

mod build;
mod diagram;
mod messages;
pub mod plain;
mod write;

use crate::model::{Config, Service};

/// The oldest Camunda 8 version the export is written for: user tasks are
/// Camunda user tasks (`zeebe:userTask`), which 8.5 introduced.
pub const CAMUNDA_VERSION: &str = "8.5.0";

/// Why a service could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum BpmnError {
    /// The model lacks something the process needs; `ozg lint` reports it
    /// too, with its place in the file.
    #[error("{0}")]
    Model(String),
    #[error("{0}")]
    Write(String),
}

/// The service's process as a BPMN 2.0 document for Camunda 8. The
/// federal state (whose public holidays the model's working days skip) is
/// taken from the service, else from the repository's settings.
pub fn to_bpmn(service: &Service, config: &Config) -> Result<String, BpmnError> {
    let definitions = build::build(service, service.state(config))?;
    let diagram = diagram::diagram(&definitions);
    write::document(&definitions, &diagram)
        .map_err(|e| BpmnError::Write(messages::cannot_write(&e)))
}
