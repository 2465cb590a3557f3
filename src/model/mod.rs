//! The service model: what a model repository describes, as Rust values.
//!
//! Every value remembers the span it was written at, so that any later
//! analysis can point at the exact place in the file. Values that could not
//! be read (a wrong type, a malformed date) are absent (`None`) rather than
//! replaced by defaults: the loader has already reported them, and later
//! checks must not report them a second time.
//!
//! The format itself is described for users in `docs/format.md`.

pub mod expression;
pub mod load;
pub(crate) mod reader;
pub mod scenario;
pub(crate) mod tree;

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

pub use expression::Expression;

use crate::feel::number::Number;
use crate::source::{FileId, SourceMap, Span, Spanned};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// Everything loaded from one model repository.
#[derive(Debug, Default)]
pub struct Repository {
    /// The folder holding `ozg.toml`, or the folder given when there is none.
    pub root: PathBuf,
    pub sources: SourceMap,
    /// Shared, so that the parts of a large repository can be checked one
    /// at a time beside the same settings and code lists.
    pub config: Arc<Config>,
    pub services: Vec<Service>,
    pub codelists: Arc<Vec<CodeList>>,
    pub scenarios: Vec<scenario::Scenario>,
}

impl Repository {
    pub fn codelist(&self, id: &str) -> Option<&CodeList> {
        self.codelists.iter().find(|c| c.id.value == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.meta.id.value == id)
    }
}

/// Settings from `ozg.toml`.
#[derive(Debug, Default)]
pub struct Config {
    /// The file, when the repository has one.
    pub file: Option<FileId>,
    pub name: Option<Spanned<String>>,
    pub format: Option<Spanned<i64>>,
    pub state: Option<Spanned<String>>,
    /// Severity overrides, keyed by rule code or name as written.
    pub rule_levels: Vec<(Spanned<String>, Spanned<String>)>,
    pub targets: Vec<Target>,
}

/// A platform that services can be published to.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: Spanned<String>,
    pub url: Option<Spanned<String>>,
    pub token_env: Option<Spanned<String>>,
}

/// One service, from `services/<id>/service.toml`.
#[derive(Debug)]
pub struct Service {
    pub file: FileId,
    /// The name of the folder the file lies in.
    pub folder: String,
    pub meta: Metadata,
    /// Fields and sections in the order written.
    pub form: Vec<FormItem>,
    pub computed: Vec<Computed>,
    pub decisions: Vec<DecisionTable>,
    pub fees: Vec<Fee>,
    pub roles: Vec<Role>,
    pub process: Process,
    pub notifications: Vec<Notification>,
}

#[derive(Debug, Default)]
pub struct Metadata {
    /// Span of the `[service]` header, for findings about missing keys.
    pub header: Span,
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub leika: Option<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
    pub state: Option<Spanned<String>>,
    pub valid_from: Option<Spanned<Date>>,
    pub valid_until: Option<Spanned<Date>>,
    pub legal_basis: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub fee_rounding: Option<Spanned<Rounding>>,
    pub retention: Option<Spanned<String>>,
}

/// How computed fees are rounded to whole cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// Commercial rounding: half a cent and more rounds away from zero.
    #[default]
    HalfUp,
    HalfEven,
    Down,
    Up,
}

impl Rounding {
    pub const NAMES: &[&str] = &["half_up", "half_even", "down", "up"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "half_up" => Rounding::HalfUp,
            "half_even" => Rounding::HalfEven,
            "down" => Rounding::Down,
            "up" => Rounding::Up,
            _ => return None,
        })
    }
}

/// A field or a section of the form.
// Fields are the bulk of a form and are read far more often than moved;
// boxing them would cost an allocation each for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum FormItem {
    Field(Field),
    Section(Section),
}

/// A group of fields under a heading; repeatable when `repeat` is set.
#[derive(Debug)]
pub struct Section {
    pub header: Span,
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    pub visible: Option<Expression>,
    pub repeat: Option<Repeat>,
    pub fim: Option<FimReference>,
    pub fim_rules: Vec<FimRule>,
    /// The laws the section's content rests on.
    pub legal_basis: Vec<Spanned<String>>,
    pub items: Vec<FormItem>,
}

/// How often a repeatable group may be filled in.
#[derive(Debug, Clone)]
pub struct Repeat {
    pub span: Span,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
}

#[derive(Debug)]
pub struct Field {
    /// Span of the `[[field]]` header, for findings about missing keys.
    pub header: Span,
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    /// The laws the field rests on.
    pub legal_basis: Vec<Spanned<String>>,
    pub kind: Option<Spanned<FieldType>>,
    pub required: Option<Requirement>,
    pub visible: Option<Expression>,
    pub validate: Vec<Validation>,
    pub fim: Option<FimReference>,
    pub fim_rules: Vec<FimRule>,
    pub min: Option<Spanned<Bound>>,
    pub max: Option<Spanned<Bound>>,
    pub min_length: Option<Spanned<i64>>,
    pub max_length: Option<Spanned<i64>>,
    pub pattern: Option<Spanned<String>>,
    pub multiline: Option<Spanned<bool>>,
    pub decimals: Option<Spanned<i64>>,
    pub options: Option<Spanned<Vec<CodeEntry>>>,
    pub codelist: Option<Spanned<String>>,
    pub external_codelist: Option<ExternalCodeList>,
    pub min_items: Option<Spanned<i64>>,
    pub max_items: Option<Spanned<i64>>,
    pub file_kinds: Vec<Spanned<String>>,
    pub max_size_kb: Option<Spanned<i64>>,
    /// The text of a `display` field.
    pub text: Option<Spanned<String>>,
}

/// The kinds of answers a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    Text,
    Integer,
    Decimal,
    Money,
    Date,
    Boolean,
    Choice,
    MultiChoice,
    File,
    Email,
    Phone,
    Iban,
    PostalCode,
    Display,
}

impl FieldType {
    pub const ALL: &[FieldType] = &[
        FieldType::Text,
        FieldType::Integer,
        FieldType::Decimal,
        FieldType::Money,
        FieldType::Date,
        FieldType::Boolean,
        FieldType::Choice,
        FieldType::MultiChoice,
        FieldType::File,
        FieldType::Email,
        FieldType::Phone,
        FieldType::Iban,
        FieldType::PostalCode,
        FieldType::Display,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Money => "money",
            FieldType::Date => "date",
            FieldType::Boolean => "boolean",
            FieldType::Choice => "choice",
            FieldType::MultiChoice => "multi_choice",
            FieldType::File => "file",
            FieldType::Email => "email",
            FieldType::Phone => "phone",
            FieldType::Iban => "iban",
            FieldType::PostalCode => "postal_code",
            FieldType::Display => "display",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        FieldType::ALL.iter().copied().find(|t| t.name() == name)
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Decimal | FieldType::Money
        )
    }

    pub fn is_choice(self) -> bool {
        matches!(self, FieldType::Choice | FieldType::MultiChoice)
    }

    /// Whether the field takes text typed by the applicant, so that lengths
    /// and patterns apply.
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            FieldType::Text
                | FieldType::Email
                | FieldType::Phone
                | FieldType::Iban
                | FieldType::PostalCode
        )
    }
}

/// A lower or upper limit of a number or date field.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Number(Number),
    Date(Date),
}

/// Whether a field must be answered: always, or when a condition holds.
#[derive(Debug)]
pub enum Requirement {
    Always(Spanned<bool>),
    When(Expression),
}

/// An extra check of the input, with the message the applicant sees.
#[derive(Debug)]
pub struct Validation {
    pub span: Span,
    pub rule: Option<Expression>,
    pub message: Option<Spanned<String>>,
}

/// The FIM element a field or section was taken from.
#[derive(Debug, Clone)]
pub struct FimReference {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
}

/// A FIM rule kept as prose; it is not executed.
#[derive(Debug, Clone)]
pub struct FimRule {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
}

/// An entry of a code list: a code and its label.
#[derive(Debug, Clone)]
pub struct CodeEntry {
    pub span: Span,
    pub code: Spanned<String>,
    pub label: Option<Spanned<String>>,
}

/// A code list kept outside the repository, known by id and version only.
#[derive(Debug, Clone)]
pub struct ExternalCodeList {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
}

/// A shared code list from `codelists/<id>.toml`.
#[derive(Debug, Clone)]
pub struct CodeList {
    pub file: FileId,
    /// The file name without `.toml`.
    pub file_stem: String,
    pub header: Span,
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub entries: Option<Spanned<Vec<CodeEntry>>>,
    pub external: Option<ExternalCodeList>,
}

#[derive(Debug)]
pub struct Computed {
    pub header: Span,
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub expr: Option<Expression>,
}

/// A decision table, evaluated like a DMN decision table.
#[derive(Debug)]
pub struct DecisionTable {
    pub header: Span,
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub hit_policy: Option<Spanned<HitPolicy>>,
    pub inputs: Vec<Expression>,
    /// Span of the `inputs` array.
    pub inputs_span: Option<Span>,
    pub rules: Vec<DecisionRule>,
    pub default: Option<Expression>,
    pub legal_basis: Option<Spanned<String>>,
}

impl DecisionTable {
    pub fn hit_policy(&self) -> HitPolicy {
        self.hit_policy
            .as_ref()
            .map_or(HitPolicy::Unique, |h| h.value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitPolicy {
    Unique,
    First,
    CollectSum,
}

impl HitPolicy {
    pub const NAMES: &[&str] = &["unique", "first", "collect_sum"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "unique" => HitPolicy::Unique,
            "first" => HitPolicy::First,
            "collect_sum" => HitPolicy::CollectSum,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            HitPolicy::Unique => "unique",
            HitPolicy::First => "first",
            HitPolicy::CollectSum => "collect_sum",
        }
    }
}

/// One row of a decision table.
#[derive(Debug)]
pub struct DecisionRule {
    pub span: Span,
    /// One cell of unary tests per input.
    pub when: Vec<Expression>,
    pub when_span: Option<Span>,
    pub then: Option<Expression>,
    pub annotation: Option<Spanned<String>>,
}

#[derive(Debug)]
pub struct Fee {
    pub header: Span,
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub amount: Option<Expression>,
    pub when: Option<Expression>,
    pub legal_basis: Option<Spanned<String>>,
    pub split: Vec<FeeShare>,
    /// Span of the `split` list, when there is one.
    pub split_span: Option<Span>,
}

/// The part of a fee one authority receives.
#[derive(Debug)]
pub struct FeeShare {
    pub span: Span,
    pub authority: Option<Spanned<String>>,
    pub share: Option<Expression>,
}

#[derive(Debug)]
pub struct Role {
    pub header: Span,
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

/// The back-office process.
#[derive(Debug, Default)]
pub struct Process {
    /// Span of the `[process]` header, when there is one.
    pub header: Option<Span>,
    pub start: Option<Spanned<String>>,
    pub steps: Vec<Step>,
    /// Deadlines of the whole case.
    pub deadlines: Vec<Deadline>,
}

impl Process {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id.value == id)
    }
}

#[derive(Debug)]
pub struct Step {
    pub header: Span,
    pub id: Spanned<String>,
    pub kind: Option<Spanned<StepKind>>,
    pub title: Option<Spanned<String>>,
    pub role: Option<Spanned<String>>,
    pub decisions: Vec<Spanned<String>>,
    pub decisions_span: Option<Span>,
    pub events: Vec<Spanned<String>>,
    pub deadline: Option<Deadline>,
    pub outcome: Option<Spanned<Outcome>>,
    pub next: Vec<Transition>,
    /// Span of the `next` array, when there is one.
    pub next_span: Option<Span>,
}

impl Step {
    pub fn kind(&self) -> Option<StepKind> {
        self.kind.as_ref().map(|k| k.value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Automatic,
    Task,
    Wait,
    Split,
    Join,
    End,
}

impl StepKind {
    pub const ALL: &[StepKind] = &[
        StepKind::Automatic,
        StepKind::Task,
        StepKind::Wait,
        StepKind::Split,
        StepKind::Join,
        StepKind::End,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StepKind::Automatic => "automatic",
            StepKind::Task => "task",
            StepKind::Wait => "wait",
            StepKind::Split => "split",
            StepKind::Join => "join",
            StepKind::End => "end",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        StepKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

/// How a case ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Approved,
    Rejected,
    Withdrawn,
    DeemedApproved,
    Completed,
}

impl Outcome {
    pub const ALL: &[Outcome] = &[
        Outcome::Approved,
        Outcome::Rejected,
        Outcome::Withdrawn,
        Outcome::DeemedApproved,
        Outcome::Completed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::Withdrawn => "withdrawn",
            Outcome::DeemedApproved => "deemed_approved",
            Outcome::Completed => "completed",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Outcome::ALL.iter().copied().find(|o| o.name() == name)
    }
}

/// A way from one step to the next.
#[derive(Debug)]
pub struct Transition {
    pub span: Span,
    pub to: Option<Spanned<String>>,
    pub when: Option<Expression>,
    pub label: Option<Spanned<String>>,
}

/// A deadline: a duration from an anchor, and what happens when it passes.
#[derive(Debug)]
pub struct Deadline {
    pub span: Span,
    /// The id of a case deadline; a step's deadline is named after its step.
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub within: Option<Spanned<String>>,
    pub from: Option<Spanned<Anchor>>,
    pub days: Option<Spanned<DayCount>>,
    pub on_expiry: Option<Spanned<ExpiryAction>>,
    pub escalate_to: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub legal_basis: Option<Spanned<String>>,
    /// Whether this is a step's deadline (rather than the whole case's).
    pub of_step: bool,
}

impl Deadline {
    /// What the deadline counts from: as written, or by default the entry
    /// into its step for a step's deadline, the submission for the case's.
    pub fn anchor(&self) -> Anchor {
        let default = if self.of_step {
            Anchor::Entered
        } else {
            Anchor::Submitted
        };
        self.from.as_ref().map_or(default, |a| a.value)
    }

    pub fn day_count(&self) -> DayCount {
        self.days.as_ref().map_or(DayCount::Calendar, |d| d.value)
    }
}

/// What a deadline is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The day the application was received.
    Submitted,
    /// The day the case entered the step.
    Entered,
}

impl Anchor {
    pub const NAMES: &[&str] = &["submitted", "entered"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "submitted" => Anchor::Submitted,
            "entered" => Anchor::Entered,
            _ => return None,
        })
    }
}

/// Whether a deadline counts all days or working days only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCount {
    Calendar,
    Working,
}

impl DayCount {
    pub const NAMES: &[&str] = &["calendar", "working"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "calendar" => DayCount::Calendar,
            "working" => DayCount::Working,
            _ => return None,
        })
    }
}

/// What happens when a deadline passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryAction {
    /// The case stays where it is; the role named in `escalate_to` is alerted.
    Escalate,
    /// The case moves to the step named in `to`.
    Transition,
    /// The application counts as granted; the case moves to `to`.
    DeemedApproval,
}

impl ExpiryAction {
    pub const NAMES: &[&str] = &["escalate", "transition", "deemed_approval"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "escalate" => ExpiryAction::Escalate,
            "transition" => ExpiryAction::Transition,
            "deemed_approval" => ExpiryAction::DeemedApproval,
            _ => return None,
        })
    }
}

/// A message to the applicant, sent on entering a step.
#[derive(Debug)]
pub struct Notification {
    pub header: Span,
    pub id: Spanned<String>,
    pub on: Option<Spanned<String>>,
    pub when: Option<Expression>,
    pub subject: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
}

impl Service {
    /// All fields of the form, depth first, with the repeatable group each
    /// belongs to (the innermost one), if any.
    pub fn fields(&self) -> Vec<(&Field, Option<&Section>)> {
        fn walk<'a>(
            items: &'a [FormItem],
            group: Option<&'a Section>,
            out: &mut Vec<(&'a Field, Option<&'a Section>)>,
        ) {
            for item in items {
                match item {
                    FormItem::Field(field) => out.push((field, group)),
                    FormItem::Section(section) => {
                        let group = if section.repeat.is_some() {
                            Some(section)
                        } else {
                            group
                        };
                        walk(&section.items, group, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.form, None, &mut out);
        out
    }

    /// All sections of the form, depth first.
    pub fn sections(&self) -> Vec<&Section> {
        fn walk<'a>(items: &'a [FormItem], out: &mut Vec<&'a Section>) {
            for item in items {
                if let FormItem::Section(section) = item {
                    out.push(section);
                    walk(&section.items, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.form, &mut out);
        out
    }

    /// Every expression of the service, including decision table cells.
    pub fn expressions(&self) -> Vec<&Expression> {
        let mut all: Vec<&Expression> = Vec::new();
        for (field, _) in self.fields() {
            all.extend(field.visible.iter());
            if let Some(Requirement::When(e)) = &field.required {
                all.push(e);
            }
            all.extend(field.validate.iter().filter_map(|v| v.rule.as_ref()));
        }
        for section in self.sections() {
            all.extend(section.visible.iter());
        }
        all.extend(self.computed.iter().filter_map(|c| c.expr.as_ref()));
        for decision in &self.decisions {
            all.extend(decision.inputs.iter());
            for rule in &decision.rules {
                all.extend(rule.when.iter().chain(rule.then.iter()));
            }
            all.extend(decision.default.iter());
        }
        for fee in &self.fees {
            all.extend(fee.amount.iter().chain(fee.when.iter()));
            all.extend(fee.split.iter().filter_map(|s| s.share.as_ref()));
        }
        for step in &self.process.steps {
            all.extend(step.next.iter().filter_map(|t| t.when.as_ref()));
        }
        all.extend(self.notifications.iter().filter_map(|n| n.when.as_ref()));
        all
    }

    /// The effective federal state code: the service's own, else the
    /// repository's default.
    pub fn state<'a>(&'a self, config: &'a Config) -> Option<&'a str> {
        self.meta
            .state
            .as_ref()
            .or(config.state.as_ref())
            .map(|s| s.value.as_str())
    }
}
