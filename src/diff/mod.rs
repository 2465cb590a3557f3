//! `ozg diff`: what a legal change changes, in the terms of the domain.
//!
//! A reviewer in a legal department does not read TOML diffs. This module
//! compares two versions of a model repository element by element, matched
//! by id and never by line position, and describes every difference as a
//! [`Change`]: which fee, deadline, field or step changed, from what to
//! what, from which date, how it matters (legal, applicant-facing,
//! process, wording) and whether it can break cases already in progress.
//!
//! The two versions come from git revisions (read through `gix`, without a
//! `git` program), the working tree, or two folders ([`snapshot`]). A
//! service whose file is the same in both versions is recognised by its
//! content hash and never parsed, so that a change of a hundred services in
//! a repository of ten thousand costs about a hundred parses.
//!
//! The rules for classifying and flagging changes are in [`compare`];
//! `docs/diff.md` describes them for reviewers, together with the output
//! formats ([`output`]). On request, [`cases`] also runs the scenarios and
//! generated applications of every changed service through both versions
//! and reports what comes out differently.

pub mod amounts;
pub mod cases;
pub mod compare;
pub mod messages;
pub mod output;
pub mod snapshot;
pub mod value;
pub mod words;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::graph::ProcessGraph;
use crate::model::Repository;
use crate::model::load::{Loaded, Problem};

pub use cases::{Behaviour, CaseOptions};
pub use compare::{Context, compare_codelists, compare_services};
pub use snapshot::{Side, Snapshot, SnapshotError};
pub use value::Value;

/// How a change matters, from the most to the least weighty. The order is
/// the order in which reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Fee amounts and conditions, deadlines, legal basis, validity.
    Legal,
    /// What the applicant sees and must enter: fields, constraints, options.
    Applicant,
    /// How a case is worked on: steps, transitions, guards, roles.
    Process,
    /// Labels, help texts, notification texts.
    Wording,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Legal,
        Category::Applicant,
        Category::Process,
        Category::Wording,
    ];

    /// The name in machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            Category::Legal => "legal",
            Category::Applicant => "applicant",
            Category::Process => "process",
            Category::Wording => "wording",
        }
    }
}

/// The kind of model element a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Element {
    Service,
    Field,
    Section,
    /// An inline option of a choice field; the parent is the field.
    Option,
    CodeList,
    /// An entry of a shared code list; the parent is the code list.
    CodeListEntry,
    Computed,
    DecisionTable,
    /// A row of a decision table, by its 1-based position; the parent is
    /// the table.
    DecisionRule,
    Fee,
    Role,
    /// The process as a whole (its start step).
    Process,
    Step,
    /// A transition, by its target; the parent is the step it leaves.
    Transition,
    /// A deadline of the case, by id, or of a step (id and parent are the
    /// step).
    Deadline,
    Notification,
}

impl Element {
    /// The name in machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            Element::Service => "service",
            Element::Field => "field",
            Element::Section => "section",
            Element::Option => "option",
            Element::CodeList => "codelist",
            Element::CodeListEntry => "codelist_entry",
            Element::Computed => "computed",
            Element::DecisionTable => "decision_table",
            Element::DecisionRule => "decision_rule",
            Element::Fee => "fee",
            Element::Role => "role",
            Element::Process => "process",
            Element::Step => "step",
            Element::Transition => "transition",
            Element::Deadline => "deadline",
            Element::Notification => "notification",
        }
    }
}

/// Which element a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub element: Element,
    pub id: String,
    /// The element it belongs to: the field of an option, the table of a
    /// rule, the step of a transition or step deadline.
    pub parent: Option<String>,
}

impl Target {
    pub fn new(element: Element, id: impl Into<String>) -> Self {
        Target {
            element,
            id: id.into(),
            parent: None,
        }
    }

    #[must_use]
    pub fn within(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }
}

/// What happened to the element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Added,
    Removed,
    /// A property of the element changed (see [`Change::property`]).
    Changed,
    /// The element was removed and added again under a new id with the same
    /// content; the target names the new id.
    Renamed {
        from: String,
    },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Removed => "removed",
            Action::Changed => "changed",
            Action::Renamed { .. } => "renamed",
        }
    }
}

/// Why a change can break cases in progress or applications made before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breaking {
    /// A step cases may wait in was removed: they have nowhere to be.
    WaitingStepRemoved,
    /// A step cases may wait in has a new id: cases in it are lost.
    WaitingStepRenamed,
    /// A step cases may wait in is now of another kind.
    WaitingStepKindChanged,
    /// A decision a case in the task may be about to take was removed.
    DecisionRemoved,
    /// An event a waiting case may receive was removed.
    EventRemoved,
    /// A field must now be answered where it could be left empty.
    BecameRequired,
    /// A new field that must be answered.
    NewRequiredField,
    /// The type of answer changed, so earlier answers may not fit.
    TypeChanged,
    /// The upper limit was lowered or introduced.
    MaxLowered,
    /// The lower limit was raised or introduced.
    MinRaised,
    MinLengthRaised,
    MaxLengthLowered,
    /// The pattern an answer must match changed or was introduced.
    PatternChanged,
    /// Fewer digits are allowed after the decimal point.
    DecimalsLowered,
    /// An option earlier applications may have chosen is gone.
    OptionRemoved,
    /// A file kind earlier applications may have uploaded is refused.
    FileKindRemoved,
    MaxSizeLowered,
    MinItemsRaised,
    MaxItemsLowered,
    /// A new or changed check of the input may refuse earlier answers.
    CheckAdded,
    /// The field moved into or out of a repeatable group, so its answers
    /// have another shape.
    GroupChanged,
    /// A repeatable group must be filled in more often, or may be less often.
    RepeatNarrowed,
    /// The field takes its options from another code list that lacks some
    /// of the earlier codes.
    CodeListReplaced,
}

impl Breaking {
    /// The name in machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            Breaking::WaitingStepRemoved => "waiting_step_removed",
            Breaking::WaitingStepRenamed => "waiting_step_renamed",
            Breaking::WaitingStepKindChanged => "waiting_step_kind_changed",
            Breaking::DecisionRemoved => "decision_removed",
            Breaking::EventRemoved => "event_removed",
            Breaking::BecameRequired => "became_required",
            Breaking::NewRequiredField => "new_required_field",
            Breaking::TypeChanged => "type_changed",
            Breaking::MaxLowered => "max_lowered",
            Breaking::MinRaised => "min_raised",
            Breaking::MinLengthRaised => "min_length_raised",
            Breaking::MaxLengthLowered => "max_length_lowered",
            Breaking::PatternChanged => "pattern_changed",
            Breaking::DecimalsLowered => "decimals_lowered",
            Breaking::OptionRemoved => "option_removed",
            Breaking::FileKindRemoved => "file_kind_removed",
            Breaking::MaxSizeLowered => "max_size_lowered",
            Breaking::MinItemsRaised => "min_items_raised",
            Breaking::MaxItemsLowered => "max_items_lowered",
            Breaking::CheckAdded => "check_added",
            Breaking::GroupChanged => "group_changed",
            Breaking::RepeatNarrowed => "repeat_narrowed",
            Breaking::CodeListReplaced => "codelist_replaced",
        }
    }
}

/// One difference between two versions of a service or code list.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub target: Target,
    pub action: Action,
    /// The key that changed (`amount`, `max`, `label`, ...), for
    /// [`Action::Changed`].
    pub property: Option<&'static str>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub category: Category,
    pub breaking: Option<Breaking>,
    /// The date from which the change applies: the new version's
    /// `valid_from`.
    pub applies_from: Option<Date>,
}

/// Whether a service was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceStatus {
    Added,
    Removed,
    Changed,
}

impl ServiceStatus {
    pub fn name(self) -> &'static str {
        match self {
            ServiceStatus::Added => "added",
            ServiceStatus::Removed => "removed",
            ServiceStatus::Changed => "changed",
        }
    }
}

/// Something a reviewer should know about a service's change as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Legal content changed but `valid_from` did not: the new rules would
    /// apply to every application since the old date.
    ValidFromUnchanged,
}

impl Note {
    pub fn name(self) -> &'static str {
        match self {
            Note::ValidFromUnchanged => "valid_from_unchanged",
        }
    }
}

/// The changes of one service.
#[derive(Debug, Clone)]
pub struct ServiceDiff {
    pub id: String,
    /// The title of the newer version (of the older when removed).
    pub title: Option<String>,
    pub status: ServiceStatus,
    /// The file, relative to the model repository root.
    pub file: String,
    pub old_valid_from: Option<Date>,
    pub new_valid_from: Option<Date>,
    pub changes: Vec<Change>,
    pub notes: Vec<Note>,
    /// The process of the newer version with added, removed and changed
    /// steps and transitions marked, when the process changed.
    pub process: Option<ProcessGraph>,
}

impl ServiceDiff {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking.is_some())
    }

    /// The changes of one category, in the order found.
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.category == category)
    }
}

/// The changes of one shared code list.
#[derive(Debug, Clone)]
pub struct CodeListDiff {
    pub id: String,
    pub title: Option<String>,
    pub status: ServiceStatus,
    pub file: String,
    pub changes: Vec<Change>,
}

/// Counts that show what work a diff did, for `-v` and for tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Services present in either version.
    pub services: usize,
    /// Services whose files were identical and were not parsed.
    pub unchanged_skipped: usize,
    /// Service files parsed (one per version of each changed service).
    pub service_files_parsed: usize,
}

/// Everything that differs between two versions of a model repository.
#[derive(Debug, Clone)]
pub struct RepositoryDiff {
    /// What the older version is: a revision as given, or a folder.
    pub from: String,
    /// What the newer version is.
    pub to: String,
    pub services: Vec<ServiceDiff>,
    pub codelists: Vec<CodeListDiff>,
    /// Model files that could not be read completely; their services are
    /// compared as far as they could be read.
    pub problems: Vec<FileProblem>,
    pub stats: Stats,
    /// What the changed services do differently, when asked for
    /// (`--cases`).
    pub behaviour: Option<Behaviour>,
}

impl RepositoryDiff {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.codelists.is_empty()
    }

    pub fn is_breaking(&self) -> bool {
        self.services.iter().any(ServiceDiff::is_breaking)
            || self
                .codelists
                .iter()
                .any(|c| c.changes.iter().any(|c| c.breaking.is_some()))
    }
}

/// A problem found while loading one version of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProblem {
    /// Which version: the `from` or `to` label.
    pub version: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

/// Why two versions could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
}

/// Compares two snapshots of a model repository, parsing only the files
/// that differ. `paths` (relative to the model repository root, with `/`)
/// limits the comparison to services and code lists under them; empty
/// means everything.
pub fn diff_snapshots(
    old: &Snapshot,
    new: &Snapshot,
    paths: &[String],
) -> Result<RepositoryDiff, DiffError> {
    diff_snapshots_with(old, new, paths, None)
}

/// [`diff_snapshots`], and with `cases` also the behavioural comparison
/// of the changed services ([`cases`]).
pub fn diff_snapshots_with(
    old: &Snapshot,
    new: &Snapshot,
    paths: &[String],
    cases: Option<&CaseOptions>,
) -> Result<RepositoryDiff, DiffError> {
    let plan = snapshot::plan(old, new, paths)?;
    let old_loaded = old.load(&plan.old_files)?;
    let new_loaded = new.load(&plan.new_files)?;
    let mut problems = file_problems(&old.label, &old_loaded);
    problems.extend(file_problems(&new.label, &new_loaded));
    let mut diff = diff_repositories(
        &old_loaded.repository,
        &new_loaded.repository,
        &old.label,
        &new.label,
    );
    // A service file that could not be parsed yields no service, which
    // would read as the service being added or removed; it is named
    // among the problems instead.
    diff.services.retain(|service| {
        let unreadable_side = match service.status {
            ServiceStatus::Removed => &new.label,
            ServiceStatus::Added => &old.label,
            ServiceStatus::Changed => return true,
        };
        !problems
            .iter()
            .any(|p| p.version == *unreadable_side && p.file == service.file)
    });
    diff.problems = problems;
    // Code lists are always loaded, since fields refer to them; only
    // those under the selected paths are reported.
    diff.codelists
        .retain(|c| snapshot::selected(&c.file, paths));
    diff.stats = Stats {
        services: plan.services,
        unchanged_skipped: plan.unchanged,
        service_files_parsed: old_loaded.repository.services.len()
            + new_loaded.repository.services.len(),
    };
    if let Some(options) = cases {
        diff.behaviour = Some(cases::compare_behaviour(old, new, &diff, options)?);
    }
    Ok(diff)
}

/// Compares two loaded repositories: every service and code list in
/// either. Used by [`diff_snapshots`] on the changed files only.
pub fn diff_repositories(
    old: &Repository,
    new: &Repository,
    from: &str,
    to: &str,
) -> RepositoryDiff {
    let context = Context { old, new };
    let mut ids: Vec<&str> = old
        .services
        .iter()
        .chain(&new.services)
        .map(|s| s.meta.id.value.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let services = ids
        .into_iter()
        .filter_map(|id| {
            let diff = compare_services(old.service(id), new.service(id), &context)?;
            (!diff.changes.is_empty() || diff.status != ServiceStatus::Changed).then_some(diff)
        })
        .collect();

    let mut list_ids: Vec<&str> = old
        .codelists
        .iter()
        .chain(new.codelists.iter())
        .map(|c| c.id.value.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    list_ids.sort_unstable();
    list_ids.dedup();
    let codelists = list_ids
        .into_iter()
        .filter_map(|id| {
            let diff = compare_codelists(old.codelist(id), new.codelist(id), &context)?;
            (!diff.changes.is_empty() || diff.status != ServiceStatus::Changed).then_some(diff)
        })
        .collect();

    RepositoryDiff {
        from: from.to_owned(),
        to: to.to_owned(),
        services,
        codelists,
        problems: Vec::new(),
        stats: Stats::default(),
        behaviour: None,
    }
}

fn file_problems(version: &str, loaded: &Loaded) -> Vec<FileProblem> {
    loaded
        .problems
        .iter()
        .map(|problem| {
            let file = loaded.repository.sources.get(problem.file);
            let at = file.line_col(problem.span.start);
            FileProblem {
                version: version.to_owned(),
                file: file.relative.clone(),
                line: at.line,
                column: at.column,
                problem: problem.clone(),
            }
        })
        .collect()
}

/// Compares the model repository at two git revisions, or a revision and
/// the working tree (`to` = `None`). The git repository is found from
/// `start` upwards; the model repository is the folder with `ozg.toml`
/// at or above `start`, which may lie deeper than the git root. `paths`
/// (relative to `start`, or absolute) limit the comparison.
pub fn diff_revisions(
    start: &Path,
    from: &str,
    to: Option<&str>,
    paths: &[PathBuf],
) -> Result<RepositoryDiff, DiffError> {
    diff_revisions_with(start, from, to, paths, None)
}

/// [`diff_revisions`], and with `cases` also the behavioural comparison
/// of the changed services ([`cases`]).
pub fn diff_revisions_with(
    start: &Path,
    from: &str,
    to: Option<&str>,
    paths: &[PathBuf],
    cases: Option<&CaseOptions>,
) -> Result<RepositoryDiff, DiffError> {
    let location = snapshot::Location::discover(start)?;
    let old = location.snapshot(&Side::Revision(from.to_owned()))?;
    let new = match to {
        Some(to) => location.snapshot(&Side::Revision(to.to_owned()))?,
        None => location.snapshot(&Side::WorkingTree)?,
    };
    let paths = location.relative_paths(start, paths)?;
    diff_snapshots_with(&old, &new, &paths, cases)
}

/// Compares two folders holding model repositories.
pub fn diff_directories(
    old: &Path,
    new: &Path,
    paths: &[PathBuf],
) -> Result<RepositoryDiff, DiffError> {
    diff_directories_with(old, new, paths, None)
}

/// [`diff_directories`], and with `cases` also the behavioural comparison
/// of the changed services ([`cases`]).
pub fn diff_directories_with(
    old: &Path,
    new: &Path,
    paths: &[PathBuf],
    cases: Option<&CaseOptions>,
) -> Result<RepositoryDiff, DiffError> {
    let old_snapshot = Snapshot::directory(old)?;
    let new_snapshot = Snapshot::directory(new)?;
    let paths = paths
        .iter()
        .map(|p| {
            p.to_string_lossy()
                .replace('\\', "/")
                .trim_matches('/')
                .to_owned()
        })
        .collect::<Vec<_>>();
    diff_snapshots_with(&old_snapshot, &new_snapshot, &paths, cases)
}

/// Loads the given files (relative to the model repository root) of the
/// model repository at a git revision; the repository is found from
/// `start` as in [`diff_revisions`].
pub fn load_revision(start: &Path, revision: &str, files: &[String]) -> Result<Loaded, DiffError> {
    let location = snapshot::Location::discover(start)?;
    let snapshot = location.snapshot(&Side::Revision(revision.to_owned()))?;
    Ok(snapshot.load(files)?)
}

/// The process of `new` with what changed since `old` marked; everything
/// is marked added when there is no older version.
pub fn process_changes(
    old: Option<(&crate::model::Service, &Repository)>,
    new: (&crate::model::Service, &Repository),
) -> ProcessGraph {
    let Some((old_service, old_repo)) = old else {
        let mut graph = ProcessGraph::from_service(new.0);
        for node in &mut graph.nodes {
            node.status = crate::graph::Status::Added;
        }
        for edge in &mut graph.edges {
            edge.status = crate::graph::Status::Added;
        }
        return graph;
    };
    let context = Context {
        old: old_repo,
        new: new.1,
    };
    compare_services(Some(old_service), Some(new.0), &context)
        .and_then(|diff| diff.process)
        .unwrap_or_else(|| ProcessGraph::from_service(new.0))
}
