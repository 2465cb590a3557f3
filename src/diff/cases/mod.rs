//! `ozg diff --cases`: what a change does to applications, found by
//! running them.
//!
//! The element-by-element comparison says that a fee's expression
//! changed; this module says what that means for applicants: "612 of 1000
//! sampled applications: fee total 360,00 € → 200,00 €". For every service
//! that changed between the two versions (and exists in both), each
//! version is compiled against its own repository snapshot, and then run
//!
//! - on every scenario of the service: those of the newer version, and
//!   those of the older version that were removed or changed since, each
//!   with its own submission date and events;
//! - on generated applications ([`sample`]), all submitted on the newer
//!   version's `valid_from`: the question is "what would this application
//!   get under the old rules, and what under the new ones". After
//!   submission every task takes its first declared decision and every
//!   wait receives its first declared event on the same day, so that the
//!   paths of both versions are comparable.
//!
//! What is compared is the outcome, the path of steps, the fee total and
//! the end dates of the deadlines. Applications that differ are grouped by
//! what differs, with one example showing the fields the differing rules
//! look at. Applications valid under one version only are counted apart,
//! grouped by the errors the other version reports.
//!
//! Every application comes from its own generator seeded from the seed,
//! the service id and its number, so that the report is the same on every
//! run and the first N applications of a larger sample are the same as
//! those of a sample of N.

pub mod messages;
mod rules;
mod sample;

use std::collections::{BTreeMap, BTreeSet};

use gix::ObjectId;
use jiff::civil::Date;
use rand::SeedableRng;
use rand_pcg::Pcg64;
use rayon::prelude::*;

use crate::diff::snapshot::{Snapshot, SnapshotError};
use crate::diff::{RepositoryDiff, ServiceStatus};
use crate::engine::{Action, Case, CaseOutcome, CompiledService, Input, RawValue, StepInfo};
use crate::feel::number::Number;
use crate::model::scenario::Scenario;
use crate::model::{Repository, Service, StepKind};
use crate::testing::run_scenario;

use rules::Relevance;
use sample::{FormShape, Generator};

/// Generated applications per changed service when `--sample` is not
/// given.
pub const DEFAULT_SAMPLE: usize = 1000;
/// The seed when `--seed` is not given: fixed, so that reports can be
/// compared from one run to the next.
pub const DEFAULT_SEED: u64 = 1;

/// How an application invalid under both versions is repaired: its wrong
/// answers are drawn again at most this many times.
const REPAIRS: usize = 16;
/// Decisions and events taken for one generated application at most; a
/// process whose first decisions lead round in a circle stops here.
const MOST_ACTIONS: usize = 50;
/// Groups of differing applications listed per service; the others are
/// summed up.
const MOST_GROUPS: usize = 20;

/// What to run against both versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseOptions {
    /// Generated applications per changed service.
    pub sample: usize,
    /// The seed of the generator.
    pub seed: u64,
}

impl Default for CaseOptions {
    fn default() -> Self {
        CaseOptions {
            sample: DEFAULT_SAMPLE,
            seed: DEFAULT_SEED,
        }
    }
}

/// The behavioural comparison of every service that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    pub sample: usize,
    pub seed: u64,
    /// One per changed service, in the order of the diff's services.
    pub services: Vec<ServiceBehaviour>,
}

impl Behaviour {
    pub fn service(&self, id: &str) -> Option<&ServiceBehaviour> {
        self.services.iter().find(|s| s.id == id)
    }
}

/// Which of the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Old,
    New,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Old => "old",
            Version::New => "new",
        }
    }
}

/// Something that kept a part of the comparison from running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseProblem {
    /// A version of the service cannot be compiled; nothing was run.
    Compile { version: Version, message: String },
    /// A scenario cannot be run in either version.
    Scenario { name: String, message: String },
}

/// How one changed service behaves in both versions.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceBehaviour {
    pub id: String,
    pub problems: Vec<CaseProblem>,
    /// Scenarios run against both versions.
    pub scenarios_run: usize,
    /// The scenarios whose result differs.
    pub scenarios: Vec<ScenarioDifference>,
    /// The generated applications; `None` when none were asked for or
    /// the service could not be compiled.
    pub sample: Option<SampleComparison>,
}

impl ServiceBehaviour {
    /// Whether anything came out differently.
    pub fn differs(&self) -> bool {
        !self.scenarios.is_empty()
            || self.sample.as_ref().is_some_and(|s| {
                !s.groups.is_empty() || !s.valid_only_old.is_empty() || !s.valid_only_new.is_empty()
            })
    }
}

/// A scenario that comes out differently.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDifference {
    /// The file name without `.toml`.
    pub name: String,
    pub title: Option<String>,
    /// The file, relative to the model repository root.
    pub file: String,
    /// The scenario was taken from the older version, since the newer one
    /// removed or changed it.
    pub from_old: bool,
    pub differences: Vec<Difference>,
}

/// What the generated applications came to.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleComparison {
    /// The day every application was submitted on.
    pub submitted: Date,
    pub generated: usize,
    /// Valid under both versions: these are compared.
    pub valid_both: usize,
    /// Valid under both and with the same result.
    pub same: usize,
    /// Applications with the same differences, the largest group first.
    pub groups: Vec<DifferenceGroup>,
    /// Applications in groups beyond those listed, and how many groups.
    pub more: usize,
    pub more_groups: usize,
    /// Valid under the older version only, grouped by the newer one's
    /// errors.
    pub valid_only_old: Vec<ValidityGroup>,
    /// Valid under the newer version only, grouped by the older one's
    /// errors.
    pub valid_only_new: Vec<ValidityGroup>,
    /// Not valid under either version, even after drawing their wrong
    /// answers again.
    pub invalid_both: usize,
}

/// Applications that differ in the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct DifferenceGroup {
    pub count: usize,
    pub differences: Vec<Difference>,
    /// The first application of the group, with the answers to the fields
    /// the differing rules look at; empty when they look at none.
    pub example: Vec<Answer>,
}

/// Applications one version refuses with the same errors.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidityGroup {
    pub count: usize,
    pub errors: Vec<FieldError>,
    /// The first application of the group, with the fields in error.
    pub example: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// `vehicle_length`, or `dogs[2].breed`.
    pub field: String,
    pub message: String,
}

/// One answer of an example application.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The field, or `group[n].field` for a member of a repeatable group.
    pub field: String,
    /// `None` when the field was left empty.
    pub value: Option<RawValue>,
}

/// One way in which the two versions treat an application differently.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// Valid in one version and not in the other, or refused for other
    /// fields: the fields in error, empty when valid.
    Validity {
        old: Vec<String>,
        new: Vec<String>,
    },
    /// How the case ended; `None` while it is open.
    Outcome {
        old: Option<CaseOutcome>,
        new: Option<CaseOutcome>,
    },
    Path {
        old: Vec<String>,
        new: Vec<String>,
    },
    FeeTotal {
        old: Number,
        new: Number,
    },
    /// A deadline's end date; `None` when it did not start.
    Deadline {
        id: String,
        old: Option<Date>,
        new: Option<Date>,
    },
}

impl Difference {
    /// The name in machine-readable output.
    pub fn kind(&self) -> &'static str {
        match self {
            Difference::Validity { .. } => "validity",
            Difference::Outcome { .. } => "outcome",
            Difference::Path { .. } => "path",
            Difference::FeeTotal { .. } => "fee_total",
            Difference::Deadline { .. } => "deadline",
        }
    }
}

/// Runs the changed services of `diff` in both snapshots.
pub(crate) fn compare_behaviour(
    old: &Snapshot,
    new: &Snapshot,
    diff: &RepositoryDiff,
    options: &CaseOptions,
) -> Result<Behaviour, SnapshotError> {
    let mut services = Vec::new();
    for service in &diff.services {
        if service.status != ServiceStatus::Changed {
            continue;
        }
        let folder = service
            .file
            .strip_prefix("services/")
            .and_then(|f| f.strip_suffix("/service.toml"))
            .unwrap_or(&service.id);
        let (old_loaded, old_ids) = old.load_service(folder)?;
        let (new_loaded, new_ids) = new.load_service(folder)?;
        let versions = Versions {
            id: &service.id,
            old: &old_loaded.repository,
            new: &new_loaded.repository,
            old_ids: &old_ids,
            new_ids: &new_ids,
        };
        if let Some(behaviour) = versions.compare(options) {
            services.push(behaviour);
        }
    }
    Ok(Behaviour {
        sample: options.sample,
        seed: options.seed,
        services,
    })
}

/// Both versions of one service, with the content ids of their scenario
/// files.
struct Versions<'a> {
    id: &'a str,
    old: &'a Repository,
    new: &'a Repository,
    old_ids: &'a BTreeMap<String, ObjectId>,
    new_ids: &'a BTreeMap<String, ObjectId>,
}

impl Versions<'_> {
    fn compare(&self, options: &CaseOptions) -> Option<ServiceBehaviour> {
        let old_service = self.old.service(self.id)?;
        let new_service = self.new.service(self.id)?;
        let mut behaviour = ServiceBehaviour {
            id: self.id.to_owned(),
            problems: Vec::new(),
            scenarios_run: 0,
            scenarios: Vec::new(),
            sample: None,
        };
        let compiled = |version: Version, repository: &Repository, service: &Service| {
            CompiledService::compile(repository, service).map_err(|e| CaseProblem::Compile {
                version,
                message: e.to_string(),
            })
        };
        let old = compiled(Version::Old, self.old, old_service);
        let new = compiled(Version::New, self.new, new_service);
        let (old, new) = match (old, new) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                behaviour.problems.extend(old.err());
                behaviour.problems.extend(new.err());
                return Some(behaviour);
            }
        };
        self.compare_scenarios(&old, &new, &mut behaviour);
        if options.sample > 0 {
            let services = Services {
                old: (old_service, self.old, &old),
                new: (new_service, self.new, &new),
            };
            behaviour.sample = Some(services.sample(self.id, options));
        }
        Some(behaviour)
    }

    /// The scenarios to run: all of the newer version, and those of the
    /// older version that the newer one removed or changed.
    fn scenarios(&self) -> Vec<(&Scenario, bool)> {
        let file = |repository: &Repository, scenario: &Scenario| {
            repository.sources.get(scenario.file).relative.clone()
        };
        let folder_of = |repository: &Repository| {
            repository
                .service(self.id)
                .map(|s| s.folder.clone())
                .unwrap_or_default()
        };
        let new_folder = folder_of(self.new);
        let old_folder = folder_of(self.old);
        let mut out: Vec<(&Scenario, bool)> = self
            .new
            .scenarios
            .iter()
            .filter(|s| s.service == new_folder)
            .map(|s| (s, false))
            .collect();
        for scenario in self
            .old
            .scenarios
            .iter()
            .filter(|s| s.service == old_folder)
        {
            let path = file(self.old, scenario);
            if self.new_ids.get(&path) != self.old_ids.get(&path) {
                out.push((scenario, true));
            }
        }
        out
    }

    fn compare_scenarios(
        &self,
        old: &CompiledService,
        new: &CompiledService,
        behaviour: &mut ServiceBehaviour,
    ) {
        for (scenario, from_old) in self.scenarios() {
            let runs =
                run_scenario(old, scenario).and_then(|o| Ok((o, run_scenario(new, scenario)?)));
            let (old_run, new_run) = match runs {
                Ok(runs) => runs,
                Err(error) => {
                    behaviour.problems.push(CaseProblem::Scenario {
                        name: scenario.name.clone(),
                        message: error.to_string(),
                    });
                    continue;
                }
            };
            behaviour.scenarios_run += 1;
            let differences =
                differences(&Treatment::of_run(&old_run), &Treatment::of_run(&new_run));
            if differences.is_empty() {
                continue;
            }
            let repository = if from_old { self.old } else { self.new };
            behaviour.scenarios.push(ScenarioDifference {
                name: scenario.name.clone(),
                title: scenario.title.as_ref().map(|t| t.value.clone()),
                file: repository.sources.get(scenario.file).relative.clone(),
                from_old,
                differences,
            });
        }
    }
}

/// A version of a service: the model, its repository and its compiled form.
type Compiled<'a> = (&'a Service, &'a Repository, &'a CompiledService);

struct Services<'a> {
    old: Compiled<'a>,
    new: Compiled<'a>,
}

/// What one generated application came to in both versions.
struct Sampled {
    input: Input,
    old: Treatment,
    new: Treatment,
}

impl Services<'_> {
    fn sample(&self, id: &str, options: &CaseOptions) -> SampleComparison {
        let submitted = self
            .new
            .2
            .valid_from
            .or(self.old.2.valid_from)
            .unwrap_or(FALLBACK_SUBMISSION);
        let generator = Generator::new(
            &[(self.new.0, self.new.1), (self.old.0, self.old.1)],
            submitted,
        );
        let shapes = (FormShape::of(self.old.0), FormShape::of(self.new.0));
        let key = stable_hash(id.as_bytes());
        let sampled: Vec<Sampled> = (0..options.sample)
            .into_par_iter()
            .map(|number| {
                let mut rng = Pcg64::seed_from_u64(seed_for(options.seed, key, number));
                self.one(&generator, &shapes, submitted, &mut rng)
            })
            .collect();

        let mut relevance = Relevance::default();
        relevance.collect(self.old.0);
        relevance.collect(self.new.0);
        summarise(&sampled, submitted, &generator, &relevance)
    }

    fn one(
        &self,
        generator: &Generator<'_>,
        (old_shape, new_shape): &(FormShape, FormShape),
        submitted: Date,
        rng: &mut Pcg64,
    ) -> Sampled {
        let mut input = generator.generate(rng);
        let mut attempt = 0;
        loop {
            let old = run_policy(self.old.2, &old_shape.project(&input), submitted);
            let new = run_policy(self.new.2, &new_shape.project(&input), submitted);
            match (&old, &new) {
                (Treatment::Invalid(a), Treatment::Invalid(b)) if attempt < REPAIRS => {
                    // Only answers both versions refuse are drawn again: an
                    // answer one version accepts shows a difference.
                    let a: BTreeSet<String> = a.iter().map(|e| e.field.clone()).collect();
                    let b: BTreeSet<String> = b.iter().map(|e| e.field.clone()).collect();
                    let both: BTreeSet<String> = a.intersection(&b).cloned().collect();
                    let wrong = if both.is_empty() { &a | &b } else { both };
                    generator.regenerate(&mut input, &wrong, rng);
                    attempt += 1;
                }
                _ => return Sampled { input, old, new },
            }
        }
    }
}

/// The submission day of generated applications when neither version
/// says from when it applies.
const FALLBACK_SUBMISSION: Date = jiff::civil::date(2024, 1, 1);

fn summarise(
    sampled: &[Sampled],
    submitted: Date,
    generator: &Generator<'_>,
    relevance: &Relevance,
) -> SampleComparison {
    let mut comparison = SampleComparison {
        submitted,
        generated: sampled.len(),
        valid_both: 0,
        same: 0,
        groups: Vec::new(),
        more: 0,
        more_groups: 0,
        valid_only_old: Vec::new(),
        valid_only_new: Vec::new(),
        invalid_both: 0,
    };
    let mut groups: Vec<DifferenceGroup> = Vec::new();
    for one in sampled {
        match (&one.old, &one.new) {
            (Treatment::Invalid(_), Treatment::Invalid(_)) => comparison.invalid_both += 1,
            (Treatment::Ran(_), Treatment::Invalid(errors)) => {
                add_validity(
                    &mut comparison.valid_only_old,
                    errors,
                    &one.input,
                    generator,
                );
            }
            (Treatment::Invalid(errors), Treatment::Ran(_)) => {
                add_validity(
                    &mut comparison.valid_only_new,
                    errors,
                    &one.input,
                    generator,
                );
            }
            (Treatment::Ran(_), Treatment::Ran(_)) => {
                comparison.valid_both += 1;
                let differences = differences(&one.old, &one.new);
                if differences.is_empty() {
                    comparison.same += 1;
                } else if let Some(group) = groups.iter_mut().find(|g| g.differences == differences)
                {
                    group.count += 1;
                } else {
                    let fields = relevant_fields(&differences, relevance);
                    groups.push(DifferenceGroup {
                        count: 1,
                        example: generator.example(&one.input, &fields),
                        differences,
                    });
                }
            }
        }
    }
    // The largest groups first; among equal ones, the first found.
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    if groups.len() > MOST_GROUPS {
        let rest = groups.split_off(MOST_GROUPS);
        comparison.more = rest.iter().map(|g| g.count).sum();
        comparison.more_groups = rest.len();
    }
    comparison.groups = groups;
    for list in [
        &mut comparison.valid_only_old,
        &mut comparison.valid_only_new,
    ] {
        list.sort_by_key(|g| std::cmp::Reverse(g.count));
    }
    comparison
}

fn add_validity(
    groups: &mut Vec<ValidityGroup>,
    errors: &[FieldError],
    input: &Input,
    generator: &Generator<'_>,
) {
    if let Some(group) = groups.iter_mut().find(|g| g.errors == errors) {
        group.count += 1;
        return;
    }
    let fields: BTreeSet<String> = errors.iter().map(|e| base_field(&e.field)).collect();
    groups.push(ValidityGroup {
        count: 1,
        errors: errors.to_vec(),
        example: generator.example(input, &fields),
    });
}

/// The field id of an error path: `dogs[2].breed` is `breed`.
fn base_field(path: &str) -> String {
    path.rsplit_once('.')
        .map_or(path, |(_, field)| field)
        .to_owned()
}

/// The fields the rules behind the differences look at: fees for the fee
/// total, transition guards for the outcome, path and deadlines.
fn relevant_fields(differences: &[Difference], relevance: &Relevance) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    for difference in differences {
        match difference {
            Difference::FeeTotal { .. } => fields.extend(relevance.fees.iter().cloned()),
            Difference::Outcome { .. } | Difference::Path { .. } | Difference::Deadline { .. } => {
                fields.extend(relevance.process.iter().cloned());
            }
            Difference::Validity { old, new } => {
                fields.extend(old.iter().chain(new).map(|f| base_field(f)));
            }
        }
    }
    fields
}

/// What an application came to in one version.
#[derive(Debug, Clone, PartialEq)]
enum Treatment {
    Invalid(Vec<FieldError>),
    Ran(Summary),
}

/// What is compared of a case. Single fees, splits and notifications are
/// not (see docs/limits.md): the total is what the applicant pays.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    outcome: Option<CaseOutcome>,
    path: Vec<String>,
    fees_total: Number,
    deadlines: Vec<(String, Date)>,
}

impl Treatment {
    fn of_run(run: &crate::testing::Run) -> Treatment {
        if !run.validation.is_empty() {
            return Treatment::Invalid(field_errors(&run.validation));
        }
        Treatment::Ran(Summary {
            outcome: run.outcome,
            path: run.trace.path().into_iter().map(str::to_owned).collect(),
            fees_total: run
                .assessment
                .as_ref()
                .map_or(Number::ZERO, |a| a.fees_total),
            deadlines: run
                .trace
                .deadlines()
                .into_iter()
                .map(|(d, end)| (d.to_owned(), end))
                .collect(),
        })
    }
}

fn field_errors(errors: &[crate::engine::ValidationError]) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = errors
        .iter()
        .map(|e| FieldError {
            field: e.field.clone(),
            message: e.message.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

/// Runs a generated application: validation, then the case with every
/// task taking its first declared decision and every wait receiving its
/// first declared event, on the day of submission. Other decisions, later
/// days and expiring deadlines are not tried (see docs/limits.md); a task
/// without declared decisions leaves the case open.
fn run_policy(service: &CompiledService, input: &Input, submitted: Date) -> Treatment {
    let assessment = match service.check(input, submitted) {
        Ok(assessment) => assessment,
        Err(errors) => return Treatment::Invalid(field_errors(&errors)),
    };
    let (mut case, _) = Case::start(service, &assessment, submitted);
    let steps: Vec<StepInfo<'_>> = service.steps().collect();
    for _ in 0..MOST_ACTIONS {
        if case.outcome().is_some() {
            break;
        }
        let Some(action) = case
            .open_steps()
            .first()
            .and_then(|open| steps.iter().find(|s| s.id == *open))
            .and_then(first_action)
        else {
            break;
        };
        if case.act(case.today(), &action).is_err() {
            break;
        }
    }
    Treatment::Ran(Summary {
        outcome: case.outcome(),
        path: case.trace().path().into_iter().map(str::to_owned).collect(),
        fees_total: assessment.fees_total,
        deadlines: case
            .trace()
            .deadlines()
            .into_iter()
            .map(|(d, end)| (d.to_owned(), end))
            .collect(),
    })
}

fn first_action(step: &StepInfo<'_>) -> Option<Action> {
    let name = Some(step.id.to_owned());
    match step.kind {
        StepKind::Task => step.decisions.first().map(|d| Action::Decide {
            step: name,
            decision: d.clone(),
        }),
        StepKind::Wait => step.events.first().map(|e| Action::Event {
            step: name,
            event: e.clone(),
        }),
        _ => None,
    }
}

/// The fields in error, none for a valid application.
fn error_fields(treatment: &Treatment) -> Vec<String> {
    match treatment {
        Treatment::Invalid(errors) => {
            let mut fields: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
            fields.dedup();
            fields
        }
        Treatment::Ran(_) => Vec::new(),
    }
}

/// How the two results differ, in a fixed order.
fn differences(old: &Treatment, new: &Treatment) -> Vec<Difference> {
    let (Treatment::Ran(old), Treatment::Ran(new)) = (old, new) else {
        let (old, new) = (error_fields(old), error_fields(new));
        return if old == new {
            Vec::new()
        } else {
            vec![Difference::Validity { old, new }]
        };
    };
    let mut out = Vec::new();
    if old.outcome != new.outcome {
        out.push(Difference::Outcome {
            old: old.outcome,
            new: new.outcome,
        });
    }
    if old.path != new.path {
        out.push(Difference::Path {
            old: old.path.clone(),
            new: new.path.clone(),
        });
    }
    if old.fees_total.cmp_value(new.fees_total).is_ne() {
        out.push(Difference::FeeTotal {
            old: old.fees_total,
            new: new.fees_total,
        });
    }
    let end =
        |list: &[(String, Date)], id: &str| list.iter().find(|(d, _)| d == id).map(|(_, e)| *e);
    let mut ids: Vec<&str> = old.deadlines.iter().map(|(d, _)| d.as_str()).collect();
    for (id, _) in &new.deadlines {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    for id in ids {
        let (a, b) = (end(&old.deadlines, id), end(&new.deadlines, id));
        if a != b {
            out.push(Difference::Deadline {
                id: id.to_owned(),
                old: a,
                new: b,
            });
        }
    }
    out
}

/// FNV-1a: a hash that is the same in every build and on every machine,
/// unlike the standard library's.
fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The seed of application `number` of a service.
fn seed_for(seed: u64, service: u64, number: usize) -> u64 {
    let number = u64::try_from(number).unwrap_or(u64::MAX);
    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ service.rotate_left(21)
        ^ number.wrapping_mul(0xd1b5_4a32_d192_ed03)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_does_not_change() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn applications_of_one_service_get_different_seeds() {
        let key = stable_hash(b"bewohnerparkausweis");
        assert_ne!(seed_for(1, key, 0), seed_for(1, key, 1));
        assert_ne!(seed_for(1, key, 0), seed_for(2, key, 0));
    }
}
