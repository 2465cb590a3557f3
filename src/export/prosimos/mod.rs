//! A service with a workload profile as a simulation model for Prosimos,
//! the business process simulator of the University of Tartu: a plain
//! BPMN process and the JSON file of simulation parameters.
//!
//! Prosimos reads only plain BPMN elements, so [`process`] builds a
//! simplified process of its own (tasks, waits as catch events, gateways;
//! no deadlines) and the BPMN export lays it out and writes it.
//! [`parameters`] translates the profile: arrivals with their calendar, a
//! resource pool and a weekly calendar per role, task and answer times as
//! distributions in seconds, and the probability of every branch. Routing
//! that depends on the application's data reaches Prosimos only as branch
//! shares, which an ozg simulation of the same profile measures.
//!
//! What Prosimos cannot express (public holidays, monthly factors,
//! deadlines, applicants who never answer) is approximated or left out;
//! every export lists what it approximated. The mapping is described for
//! users in `docs/prosimos.md`, the limits also in `docs/limits.md`.

mod messages;
mod parameters;
mod process;

use crate::export::bpmn::BpmnError;
use crate::export::bpmn::plain::to_plain_bpmn;
use crate::feel::names::free_names;
use crate::load::{Profile, TransitionCount};
use crate::model::{Config, Service, StepKind};

pub use parameters::arrival_mean_seconds;

/// The Prosimos version the parameters are written for.
pub const PROSIMOS_VERSION: &str = "2.1.0";

/// A service and profile as Prosimos reads them.
#[derive(Debug, Clone)]
pub struct Export {
    /// The simplified process, BPMN 2.0 XML with a diagram.
    pub bpmn: String,
    /// The simulation parameters, pretty JSON ending with a newline.
    pub parameters: String,
    /// The moment the profile's arrivals start, as Prosimos's
    /// `starting_at` wants it: midnight of the first day, German winter
    /// time (ozg ignores summer time, and so does a fixed offset).
    pub starting_at: String,
    /// What Prosimos cannot express and how the export approximated it,
    /// one line each.
    pub approximations: Vec<String>,
}

/// Branch shares an ozg simulation of the same profile measured: how
/// often each transition was taken, out of how many applications.
#[derive(Debug, Clone, Copy)]
pub struct Measured<'a> {
    pub transitions: &'a [TransitionCount],
    pub cases: u64,
}

/// Why a service could not be exported for Prosimos.
#[derive(Debug, thiserror::Error)]
pub enum ProsimosError {
    /// The model or profile lacks something the simulation needs.
    #[error("{0}")]
    Model(String),
    #[error(transparent)]
    Bpmn(#[from] BpmnError),
}

/// Whether some step routes by the application's data (a guard reads
/// more than a task's `decision` or a wait's `event`), so that the export
/// needs the branch shares of an ozg simulation.
pub fn needs_measured_shares(service: &Service) -> bool {
    service.process.steps.iter().any(|step| {
        let own = match step.kind() {
            Some(StepKind::Task) => Some("decision"),
            Some(StepKind::Wait) => Some("event"),
            _ => None,
        };
        let targets: std::collections::HashSet<&str> = step
            .next
            .iter()
            .filter_map(|t| t.to.as_ref().map(|t| t.value.as_str()))
            .collect();
        targets.len() > 1
            && step
                .next
                .iter()
                .filter_map(|t| t.when.as_ref()?.expr())
                .any(|e| free_names(e).iter().any(|(n, _)| Some(*n) != own))
    })
}

/// Writes the service's process with the workload `profile` (read for
/// this service) as a Prosimos model and parameters. `measured` gives the
/// branch shares of routing by data (see [`needs_measured_shares`]); where
/// it is missing, such branches get equal shares, which the
/// approximations say.
pub fn to_prosimos(
    service: &Service,
    config: &Config,
    profile: &Profile,
    measured: Option<Measured<'_>>,
) -> Result<Export, ProsimosError> {
    let mut approximations = Vec::new();
    let model = process::build(
        service,
        profile,
        measured.map(|m| (m.transitions, m.cases)),
        &mut approximations,
    )?;
    let parameters =
        parameters::parameters(&model, profile, service.state(config), &mut approximations);
    let bpmn = to_plain_bpmn(&model.process)?;
    let mut json = serde_json::to_string_pretty(&parameters)
        .map_err(|e| ProsimosError::Model(e.to_string()))?;
    json.push('\n');
    Ok(Export {
        bpmn,
        parameters: json,
        starting_at: format!("{}T00:00:00+01:00", profile.arrivals.start),
        approximations,
    })
}
