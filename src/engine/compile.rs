//! Compiling a service for execution, and assessing an application:
//! computed values, decision tables and fees.
//!
//! Every expression is compiled once for a fixed layout of variable slots
//! (the form's fields, `submitted`, computed values, decisions, fees, and
//! `decision`/`event` for transitions), so that evaluating it is a walk
//! over an array, not a lookup by name.

use std::collections::HashMap;

use jiff::civil::Date;
use regex::Regex;

use crate::calendar::{DayCount as CalendarDays, DeadlineDuration, State};
use crate::feel::ast::Expr;
use crate::feel::decision::{
    DecisionTable as CompiledTable, HitPolicy as TableHitPolicy, RuleSource, TableSource,
};
use crate::feel::eval::{Compiled, compile};
use crate::feel::names::free_names;
use crate::feel::number::{Number, RoundingMode};
use crate::feel::value::Value;
use crate::model::{
    Anchor, Bound, DayCount, Deadline, ExpiryAction, FieldType, FormItem, HitPolicy, Outcome,
    Repository, Requirement, Rounding, Section, Service, StepKind,
};

/// Why a service cannot be run. A service that `ozg lint` accepts
/// compiles; these errors name what the linter reports in more detail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    #[error("the service has no valid start step")]
    NoStart,
    #[error("the service names no valid federal state")]
    NoState,
    #[error("the step `{step}` has no valid kind")]
    StepKind { step: String },
    #[error("the transition from `{step}` leads to `{to}`, which does not exist")]
    UnknownTarget { step: String, to: String },
    #[error("the expression `{text}` cannot be read")]
    Syntax { text: String },
    #[error("the deadline `{id}` has no valid duration")]
    Duration { id: String },
    #[error("the field `{field}` has no valid type")]
    FieldType { field: String },
    #[error("the decision table `{id}` is not well formed")]
    Table { id: String },
}

/// Indices of the fixed variable slots.
pub(crate) const SUBMITTED: usize = 0;

/// A compiled service, ready to run many applications.
#[derive(Debug)]
pub struct CompiledService {
    pub id: String,
    pub title: String,
    pub state: State,
    pub valid_from: Option<Date>,
    pub(crate) rounding: RoundingMode,
    /// Names of the variable slots, in order.
    pub(crate) names: Vec<String>,
    /// The ids an application may give at its top level (fields outside
    /// groups, and groups), sorted for looking them up.
    pub(crate) input_keys: Vec<String>,
    pub(crate) fields: Vec<FieldSpec>,
    pub(crate) groups: Vec<GroupSpec>,
    pub(crate) sections: Vec<SectionSpec>,
    /// Computed values and decision tables, in an order in which each comes
    /// after what it uses.
    pub(crate) derived: Vec<Derived>,
    pub(crate) fees: Vec<FeeSpec>,
    pub(crate) fees_total_slot: usize,
    pub(crate) decision_slot: usize,
    pub(crate) event_slot: usize,
    pub(crate) steps: Vec<StepSpec>,
    pub(crate) start: usize,
    pub(crate) case_deadlines: Vec<DeadlineSpec>,
    pub(crate) notifications: Vec<NotificationSpec>,
}

/// A field of the form.
#[derive(Debug)]
pub(crate) struct FieldSpec {
    pub id: String,
    pub label: String,
    pub kind: FieldType,
    /// The repeatable group it belongs to.
    pub group: Option<usize>,
    /// Its slot: in the base layout for top-level fields, in the group
    /// layout (after the base slots) for group members.
    pub slot: usize,
    /// The sections it lies in, innermost last.
    pub sections: Vec<usize>,
    pub visible: Option<Compiled>,
    pub required: Required,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub pattern: Option<Regex>,
    pub decimals: Option<i64>,
    /// The allowed codes; `None` when they are not known (external list).
    pub options: Option<Vec<String>>,
    pub min_items: Option<i64>,
    pub max_items: Option<i64>,
    pub file_kinds: Vec<String>,
    pub max_size_kb: Option<i64>,
    pub validations: Vec<(Compiled, String)>,
}

#[derive(Debug)]
pub(crate) enum Required {
    Never,
    Always,
    When(Compiled),
}

/// A repeatable group.
#[derive(Debug)]
pub(crate) struct GroupSpec {
    pub id: String,
    pub slot: usize,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Its fields, as indices into `fields`.
    pub members: Vec<usize>,
    /// The section it is.
    pub section: usize,
    /// The sections around it and its own, outermost first.
    pub sections: Vec<usize>,
    /// Names of the group layout: the base names, then the members.
    pub names_len: usize,
}

/// A section with a visibility condition, evaluated in the layout of the
/// group it lies in (if any).
#[derive(Debug)]
pub(crate) struct SectionSpec {
    pub visible: Option<Compiled>,
}

#[derive(Debug)]
pub(crate) enum Derived {
    Computed { slot: usize, expr: Compiled },
    Table { slot: usize, table: CompiledTable },
}

#[derive(Debug)]
pub(crate) struct FeeSpec {
    pub id: String,
    pub label: String,
    pub slot: usize,
    pub amount: Compiled,
    pub when: Option<Compiled>,
    pub split: Vec<(String, Compiled)>,
}

#[derive(Debug)]
pub(crate) struct StepSpec {
    pub id: String,
    pub title: String,
    pub kind: StepKind,
    pub role: Option<String>,
    pub decisions: Vec<String>,
    pub events: Vec<String>,
    pub deadline: Option<DeadlineSpec>,
    pub outcome: Option<Outcome>,
    /// Targets and guards, in order.
    pub next: Vec<(usize, Option<Compiled>)>,
    /// For a join: how many branches must arrive.
    pub join_expects: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct DeadlineSpec {
    pub id: String,
    pub label: String,
    pub within: DeadlineDuration,
    pub anchor: Anchor,
    pub days: CalendarDays,
    pub action: ExpiryAction,
    pub escalate_to: Option<String>,
    pub to: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct NotificationSpec {
    pub id: String,
    pub subject: String,
    pub step: usize,
    pub when: Option<Compiled>,
}

/// A step as seen from outside the engine.
#[derive(Debug, Clone, Copy)]
pub struct StepInfo<'s> {
    pub id: &'s str,
    pub title: &'s str,
    pub kind: StepKind,
    pub role: Option<&'s str>,
    pub decisions: &'s [String],
    pub events: &'s [String],
}

/// A deadline as seen from outside the engine: enough to explain its end
/// date in a timeline.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineInfo<'s> {
    pub id: &'s str,
    /// The label, or `None` when the model gives none.
    pub label: Option<&'s str>,
    pub within: &'s DeadlineDuration,
    pub anchor: Anchor,
    pub days: CalendarDays,
    pub action: crate::model::ExpiryAction,
    pub escalate_to: Option<&'s str>,
    /// The step a `transition` or `deemed_approval` leads to.
    pub to: Option<&'s str>,
    /// The step the deadline hangs on; `None` for a case deadline.
    pub step: Option<&'s str>,
}

/// A fee charged, rounded to cents.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeCharge {
    pub id: String,
    pub label: String,
    pub amount: Number,
    pub split: Vec<ShareCharge>,
}

/// The part of a fee one authority receives.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareCharge {
    pub authority: String,
    pub amount: Number,
}

/// What an application comes to: its values, and the fees charged.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The variable slots, filled.
    pub(crate) vars: Vec<Value>,
    pub fees: Vec<FeeCharge>,
    pub fees_total: Number,
    /// Fees whose amount could not be computed (an expression gave no
    /// number), by id.
    pub fee_errors: Vec<String>,
}

impl Assessment {
    /// The value of a name in the base layout (a field, computed value,
    /// decision or fee).
    pub fn value(&self, service: &CompiledService, name: &str) -> Option<&Value> {
        let slot = service.names.iter().position(|n| n == name)?;
        self.vars.get(slot)
    }
}

/// Builds the slot layout and compiles everything.
struct Builder<'a> {
    repository: &'a Repository,
    names: Vec<String>,
}

/// The ids an application may give at its top level, sorted.
fn input_keys(fields: &[FieldSpec], groups: &[GroupSpec]) -> Vec<String> {
    let mut keys: Vec<String> = fields
        .iter()
        .filter(|f| f.group.is_none())
        .map(|f| f.id.clone())
        .chain(groups.iter().map(|g| g.id.clone()))
        .collect();
    keys.sort_unstable();
    keys
}

impl CompiledService {
    /// Compiles a service of `repository`.
    pub fn compile(repository: &Repository, service: &Service) -> Result<Self, CompileError> {
        let mut builder = Builder {
            repository,
            names: vec!["submitted".to_owned()],
        };
        let state = service
            .state(&repository.config)
            .and_then(|s| s.parse::<State>().ok())
            .ok_or(CompileError::NoState)?;

        // Slots: fields outside groups, groups, computed values, decisions,
        // fees, the total, and what transitions see.
        let items = service.fields();
        let mut group_sections: Vec<&Section> = Vec::new();
        for section in service.sections() {
            if section.repeat.is_some() {
                group_sections.push(section);
            }
        }
        for (field, group) in &items {
            if group.is_none() && !field_is_display(field) {
                builder.names.push(field.id.value.clone());
            }
        }
        let group_slots: Vec<usize> = group_sections
            .iter()
            .map(|g| {
                builder.names.push(g.id.value.clone());
                builder.names.len() - 1
            })
            .collect();
        for computed in &service.computed {
            builder.names.push(computed.id.value.clone());
        }
        for decision in &service.decisions {
            builder.names.push(decision.id.value.clone());
        }
        for fee in &service.fees {
            builder.names.push(fee.id.value.clone());
        }
        builder.names.push("fees_total".to_owned());
        let fees_total_slot = builder.names.len() - 1;
        builder.names.push("decision".to_owned());
        let decision_slot = builder.names.len() - 1;
        builder.names.push("event".to_owned());
        let event_slot = builder.names.len() - 1;

        let (fields, groups, sections) = builder.form(service, &group_sections, &group_slots)?;
        let derived = builder.derived(service)?;
        let fees = builder.fees(service)?;
        let (steps, start, case_deadlines) = builder.process(service)?;
        let mut notifications = Vec::new();
        for n in &service.notifications {
            let on = n.on.as_ref().map(|o| o.value.as_str());
            let Some(step) = steps.iter().position(|s| Some(s.id.as_str()) == on) else {
                continue;
            };
            notifications.push(NotificationSpec {
                id: n.id.value.clone(),
                subject: n
                    .subject
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                step,
                when: n.when.as_ref().map(|w| builder.expr(w)).transpose()?,
            });
        }

        Ok(CompiledService {
            input_keys: input_keys(&fields, &groups),
            id: service.meta.id.value.clone(),
            title: service
                .meta
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            state,
            valid_from: service.meta.valid_from.as_ref().map(|d| d.value),
            rounding: match service.meta.fee_rounding.as_ref().map(|r| r.value) {
                None | Some(Rounding::HalfUp) => RoundingMode::HalfUp,
                Some(Rounding::HalfEven) => RoundingMode::HalfEven,
                Some(Rounding::Down) => RoundingMode::Down,
                Some(Rounding::Up) => RoundingMode::Up,
            },
            names: builder.names,
            fields,
            groups,
            sections,
            derived,
            fees,
            fees_total_slot,
            decision_slot,
            event_slot,
            steps,
            start,
            case_deadlines,
            notifications,
        })
    }

    /// The ids of the steps, in the order written.
    pub fn step_ids(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|s| s.id.as_str())
    }

    /// The steps, in the order written, for showing and simulating them.
    pub fn steps(&self) -> impl Iterator<Item = StepInfo<'_>> {
        self.steps.iter().map(|s| StepInfo {
            id: &s.id,
            title: &s.title,
            kind: s.kind,
            role: s.role.as_deref(),
            decisions: &s.decisions,
            events: &s.events,
        })
    }

    /// The label of a deadline (a case deadline's, or a step's, by id).
    pub fn deadline_label(&self, id: &str) -> Option<&str> {
        self.case_deadlines
            .iter()
            .chain(self.steps.iter().filter_map(|s| s.deadline.as_ref()))
            .find(|d| d.id == id)
            .map(|d| d.label.as_str())
            .filter(|l| !l.is_empty())
    }

    /// A deadline of the case or of a step, by id (a step's deadline has
    /// the step's id).
    pub fn deadline(&self, id: &str) -> Option<DeadlineInfo<'_>> {
        let case = self.case_deadlines.iter().map(|d| (d, None));
        let steps = self
            .steps
            .iter()
            .filter_map(|s| s.deadline.as_ref().map(|d| (d, Some(s.id.as_str()))));
        case.chain(steps)
            .find(|(d, _)| d.id == id)
            .map(|(d, step)| DeadlineInfo {
                id: &d.id,
                label: Some(d.label.as_str()).filter(|l| !l.is_empty()),
                within: &d.within,
                anchor: d.anchor,
                days: d.days,
                action: d.action,
                escalate_to: d.escalate_to.as_deref(),
                to: d.to.map(|t| self.steps[t].id.as_str()),
                step,
            })
    }

    pub(crate) fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Computes the values derived from the (validated) application: the
    /// visible fields' values, computed values, decision tables and fees.
    pub fn assess(&self, input: &crate::engine::Input, submitted: Date) -> Assessment {
        self.assess_values(self.form_values(input, submitted))
    }

    /// Fees from the form's values, computed values and decisions.
    pub(crate) fn assess_values(&self, mut vars: Vec<Value>) -> Assessment {
        let mut fees = Vec::new();
        let mut fee_errors = Vec::new();
        let mut total = Number::from_i64(0);
        for fee in &self.fees {
            let charged = fee
                .when
                .as_ref()
                .is_none_or(|w| w.eval(&vars) == Value::Boolean(true));
            if !charged {
                continue;
            }
            let Some(amount) = fee
                .amount
                .eval(&vars)
                .as_number()
                .and_then(|n| self.cents(n))
            else {
                fee_errors.push(fee.id.clone());
                continue;
            };
            vars[fee.slot] = Value::Number(amount);
            total = total.checked_add(amount).unwrap_or(total);
            let split = self.split(amount, &fee.split, &vars);
            fees.push(FeeCharge {
                id: fee.id.clone(),
                label: fee.label.clone(),
                amount,
                split,
            });
        }
        vars[self.fees_total_slot] = Value::Number(total);
        Assessment {
            vars,
            fees,
            fees_total: total,
            fee_errors,
        }
    }

    /// Rounds an amount to whole cents by the service's rule.
    fn cents(&self, amount: Number) -> Option<Number> {
        amount.round(2, self.rounding)
    }

    /// Each authority's share rounded to cents; the last receives the
    /// rest, so that the parts always add up to the fee.
    fn split(
        &self,
        amount: Number,
        shares: &[(String, Compiled)],
        vars: &[Value],
    ) -> Vec<ShareCharge> {
        let mut out = Vec::new();
        let mut given = Number::from_i64(0);
        for (i, (authority, share)) in shares.iter().enumerate() {
            let part = if i + 1 == shares.len() {
                amount.checked_sub(given)
            } else {
                share
                    .eval(vars)
                    .as_number()
                    .and_then(|s| amount.checked_mul(s))
                    .and_then(|p| self.cents(p))
            };
            let Some(part) = part else { continue };
            given = given.checked_add(part).unwrap_or(given);
            out.push(ShareCharge {
                authority: authority.clone(),
                amount: part,
            });
        }
        out
    }

    /// Computed values and decision tables, in dependency order.
    pub(crate) fn evaluate_derived(&self, vars: &mut [Value]) {
        for derived in &self.derived {
            match derived {
                Derived::Computed { slot, expr } => vars[*slot] = expr.eval(vars),
                Derived::Table { slot, table } => {
                    vars[*slot] = match table.evaluate(vars) {
                        // The model format defines a sum over no rules as
                        // 0 (docs/format.md), where DMN leaves it null: a
                        // tax table in which no rule applies charges
                        // nothing rather than failing the fee.
                        Ok(hit)
                            if hit.rules.is_empty()
                                && hit.value == Value::Null
                                && table.hit_policy() == TableHitPolicy::CollectSum =>
                        {
                            Value::Number(Number::from_i64(0))
                        }
                        Ok(hit) => hit.value,
                        Err(_) => Value::Null,
                    };
                }
            }
        }
    }
}

/// Compiles an expression of the model for the layout `names`.
fn compile_in(
    expression: &crate::model::Expression,
    names: &[&str],
) -> Result<Compiled, CompileError> {
    let expr = expression.expr().ok_or_else(|| CompileError::Syntax {
        text: expression.text.clone(),
    })?;
    Ok(compile(expr, names))
}

fn field_is_display(field: &crate::model::Field) -> bool {
    field
        .kind
        .as_ref()
        .is_some_and(|k| k.value == FieldType::Display)
}

impl Builder<'_> {
    fn names(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }

    fn expr(&self, expression: &crate::model::Expression) -> Result<Compiled, CompileError> {
        compile_in(expression, &self.names())
    }

    #[allow(clippy::type_complexity)]
    fn form(
        &self,
        service: &Service,
        group_sections: &[&Section],
        group_slots: &[usize],
    ) -> Result<(Vec<FieldSpec>, Vec<GroupSpec>, Vec<SectionSpec>), CompileError> {
        let base = self.names();
        let mut groups: Vec<GroupSpec> = Vec::new();
        let mut group_names: Vec<Vec<&str>> = Vec::new();
        let mut sections = Vec::new();
        let mut fields = Vec::new();

        // The sections in the order `Service::sections` lists them.
        let all_sections = service.sections();
        for (i, section) in group_sections.iter().enumerate() {
            let members: Vec<&str> = service
                .fields()
                .into_iter()
                .filter(|(f, g)| {
                    g.is_some_and(|g| std::ptr::eq(g, *section)) && !field_is_display(f)
                })
                .map(|(f, _)| f.id.value.as_str())
                .collect();
            let mut names = base.clone();
            names.extend(members.iter().copied());
            groups.push(GroupSpec {
                id: section.id.value.clone(),
                slot: group_slots[i],
                min: section
                    .repeat
                    .as_ref()
                    .and_then(|r| r.min.as_ref())
                    .map(|m| m.value),
                max: section
                    .repeat
                    .as_ref()
                    .and_then(|r| r.max.as_ref())
                    .map(|m| m.value),
                members: Vec::new(),
                section: all_sections
                    .iter()
                    .position(|s| std::ptr::eq(*s, *section))
                    .unwrap_or_default(),
                names_len: names.len(),
                sections: Vec::new(),
            });
            group_names.push(names);
        }

        let ordered = fields_in_order(service, &all_sections, group_sections);

        for group in &mut groups {
            group.sections = section_chain(&service.form, group.section, &all_sections)
                .unwrap_or_else(|| vec![group.section]);
        }
        for section in &all_sections {
            let group = group_sections
                .iter()
                .position(|g| std::ptr::eq(*g, *section));
            // A group's own visibility is decided outside the group.
            let enclosing_group = if group.is_some() {
                None
            } else {
                enclosing(&ordered, section)
            };
            let names: Vec<&str> = match enclosing_group {
                Some(g) => group_names[g].clone(),
                None => base.clone(),
            };
            let visible = section
                .visible
                .as_ref()
                .map(|v| compile_in(v, &names))
                .transpose()?;
            sections.push(SectionSpec { visible });
        }

        for (field, section_chain, group) in ordered {
            let names = match group {
                Some(g) => &group_names[g],
                None => &base,
            };
            let Some(spec) = self.field_spec(field, section_chain, group, names)? else {
                continue;
            };
            if let Some(g) = group {
                groups[g].members.push(fields.len());
            }
            fields.push(spec);
        }
        Ok((fields, groups, sections))
    }

    /// One field, compiled in the layout `names`; `None` for fields that
    /// take no answer.
    fn field_spec(
        &self,
        field: &crate::model::Field,
        sections: Vec<usize>,
        group: Option<usize>,
        names: &[&str],
    ) -> Result<Option<FieldSpec>, CompileError> {
        let kind = field
            .kind
            .as_ref()
            .map(|k| k.value)
            .ok_or_else(|| CompileError::FieldType {
                field: field.id.value.clone(),
            })?;
        if kind == FieldType::Display {
            return Ok(None);
        }
        let compile_here = |e: &crate::model::Expression| compile_in(e, names);
        let required = match &field.required {
            None | Some(Requirement::Always(crate::source::Spanned { value: false, .. })) => {
                Required::Never
            }
            Some(Requirement::Always(_)) => Required::Always,
            Some(Requirement::When(condition)) => Required::When(compile_here(condition)?),
        };
        let validations = field
            .validate
            .iter()
            .filter_map(|v| {
                let rule = v.rule.as_ref()?;
                let message = v
                    .message
                    .as_ref()
                    .map(|m| m.value.clone())
                    .unwrap_or_default();
                Some(compile_here(rule).map(|c| (c, message)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let options = if let Some(options) = &field.options {
            Some(options.value.iter().map(|e| e.code.value.clone()).collect())
        } else {
            field
                .codelist
                .as_ref()
                .and_then(|c| self.repository.codelist(&c.value))
                .and_then(|list| list.entries.as_ref())
                .map(|entries| entries.value.iter().map(|e| e.code.value.clone()).collect())
        };
        Ok(Some(FieldSpec {
            id: field.id.value.clone(),
            label: field
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            kind,
            group,
            slot: names.iter().position(|n| *n == field.id.value).unwrap_or(0),
            sections,
            visible: field.visible.as_ref().map(compile_here).transpose()?,
            required,
            min: field.min.as_ref().map(|m| m.value.clone()),
            max: field.max.as_ref().map(|m| m.value.clone()),
            min_length: field.min_length.as_ref().map(|l| l.value),
            max_length: field.max_length.as_ref().map(|l| l.value),
            pattern: field
                .pattern
                .as_ref()
                .and_then(|p| Regex::new(&format!("^(?:{})$", p.value)).ok()),
            decimals: field.decimals.as_ref().map(|d| d.value),
            options,
            min_items: field.min_items.as_ref().map(|m| m.value),
            max_items: field.max_items.as_ref().map(|m| m.value),
            file_kinds: field
                .file_kinds
                .iter()
                .map(|k| k.value.to_lowercase())
                .collect(),
            max_size_kb: field.max_size_kb.as_ref().map(|m| m.value),
            validations,
        }))
    }

    /// Computed values and decision tables, ordered so that each comes
    /// after the ones it uses.
    fn derived(&self, service: &Service) -> Result<Vec<Derived>, CompileError> {
        let ids: Vec<&str> = service
            .computed
            .iter()
            .map(|c| c.id.value.as_str())
            .chain(service.decisions.iter().map(|d| d.id.value.as_str()))
            .collect();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let uses_of = |exprs: Vec<&Expr>| -> Vec<usize> {
            exprs
                .into_iter()
                .flat_map(free_names)
                .filter_map(|(name, _)| index.get(name).copied())
                .collect()
        };
        let uses: Vec<Vec<usize>> = service
            .computed
            .iter()
            .map(|c| uses_of(c.expr.iter().filter_map(|e| e.expr()).collect()))
            .chain(service.decisions.iter().map(|d| {
                let exprs = d
                    .inputs
                    .iter()
                    .chain(d.rules.iter().filter_map(|r| r.then.as_ref()))
                    .chain(d.default.iter())
                    .filter_map(|e| e.expr())
                    .collect();
                uses_of(exprs)
            }))
            .collect();

        let names = self.names();
        let slot_of = |id: &str| names.iter().position(|n| *n == id).unwrap_or(0);
        topological(&uses)
            .into_iter()
            .map(|i| {
                if let Some(c) = service.computed.get(i) {
                    let expr = c
                        .expr
                        .as_ref()
                        .ok_or_else(|| CompileError::Syntax {
                            text: String::new(),
                        })
                        .and_then(|e| self.expr(e))?;
                    Ok(Derived::Computed {
                        slot: slot_of(&c.id.value),
                        expr,
                    })
                } else {
                    let d = &service.decisions[i - service.computed.len()];
                    let table = compile_table(d, &names)?;
                    Ok(Derived::Table {
                        slot: slot_of(&d.id.value),
                        table,
                    })
                }
            })
            .collect()
    }

    fn fees(&self, service: &Service) -> Result<Vec<FeeSpec>, CompileError> {
        let names = self.names();
        service
            .fees
            .iter()
            .map(|fee| {
                let amount = fee
                    .amount
                    .as_ref()
                    .ok_or_else(|| CompileError::Syntax {
                        text: String::new(),
                    })
                    .and_then(|e| self.expr(e))?;
                let split = fee
                    .split
                    .iter()
                    .filter_map(|s| {
                        let authority = s.authority.as_ref()?.value.clone();
                        Some(
                            s.share
                                .as_ref()
                                .map(|e| self.expr(e))
                                .transpose()
                                .map(|c| (authority, c)),
                        )
                    })
                    .map(|r| {
                        r.and_then(|(a, c)| {
                            Ok((
                                a,
                                c.ok_or(CompileError::Syntax {
                                    text: String::new(),
                                })?,
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(FeeSpec {
                    id: fee.id.value.clone(),
                    label: fee
                        .label
                        .as_ref()
                        .map(|l| l.value.clone())
                        .unwrap_or_default(),
                    slot: names.iter().position(|n| *n == fee.id.value).unwrap_or(0),
                    amount,
                    when: fee.when.as_ref().map(|w| self.expr(w)).transpose()?,
                    split,
                })
            })
            .collect()
    }

    #[allow(clippy::type_complexity)]
    fn process(
        &self,
        service: &Service,
    ) -> Result<(Vec<StepSpec>, usize, Vec<DeadlineSpec>), CompileError> {
        let process = &service.process;
        let index_of = |id: &str| process.steps.iter().position(|s| s.id.value == id);
        let deadline = |d: &Deadline| -> Result<DeadlineSpec, CompileError> {
            let within = d
                .within
                .as_ref()
                .and_then(|w| w.value.parse::<DeadlineDuration>().ok())
                .ok_or_else(|| CompileError::Duration {
                    id: d.id.value.clone(),
                })?;
            Ok(DeadlineSpec {
                id: d.id.value.clone(),
                label: d
                    .label
                    .as_ref()
                    .map(|l| l.value.clone())
                    .unwrap_or_default(),
                within,
                anchor: d.anchor(),
                days: match d.day_count() {
                    DayCount::Calendar => CalendarDays::Calendar,
                    DayCount::Working => CalendarDays::Working,
                },
                action: d.on_expiry.as_ref().map(|a| a.value).ok_or_else(|| {
                    CompileError::Duration {
                        id: d.id.value.clone(),
                    }
                })?,
                escalate_to: d.escalate_to.as_ref().map(|r| r.value.clone()),
                to: d.to.as_ref().and_then(|t| index_of(&t.value)),
            })
        };

        let mut steps = Vec::new();
        for step in &process.steps {
            let kind = step.kind().ok_or_else(|| CompileError::StepKind {
                step: step.id.value.clone(),
            })?;
            let next = step
                .next
                .iter()
                .map(|t| {
                    let to = t.to.as_ref().map(|t| t.value.as_str()).unwrap_or_default();
                    let target = index_of(to).ok_or_else(|| CompileError::UnknownTarget {
                        step: step.id.value.clone(),
                        to: to.to_owned(),
                    })?;
                    let guard = t.when.as_ref().map(|w| self.expr(w)).transpose()?;
                    Ok((target, guard))
                })
                .collect::<Result<Vec<_>, CompileError>>()?;
            steps.push(StepSpec {
                id: step.id.value.clone(),
                title: step
                    .title
                    .as_ref()
                    .map_or_else(|| step.id.value.clone(), |t| t.value.clone()),
                kind,
                role: step.role.as_ref().map(|r| r.value.clone()),
                decisions: step.decisions.iter().map(|d| d.value.clone()).collect(),
                events: step.events.iter().map(|e| e.value.clone()).collect(),
                deadline: step.deadline.as_ref().map(deadline).transpose()?,
                outcome: step.outcome.as_ref().map(|o| o.value),
                next,
                join_expects: 0,
            });
        }
        count_join_branches(&mut steps);
        let start = process
            .start
            .as_ref()
            .and_then(|s| index_of(&s.value))
            .ok_or(CompileError::NoStart)?;
        let case_deadlines = process
            .deadlines
            .iter()
            .map(deadline)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((steps, start, case_deadlines))
    }
}

/// The innermost repeatable group that holds `section`, found through a
/// field that lies in it.
fn enclosing(ordered: &[PlacedField<'_>], section: &Section) -> Option<usize> {
    ordered.iter().find_map(|(field, _, group)| {
        let inside = section_contains(section, field);
        if inside { *group } else { None }
    })
}

/// The chain of sections from the outermost down to section `target`.
fn section_chain(items: &[FormItem], target: usize, all: &[&Section]) -> Option<Vec<usize>> {
    for item in items {
        if let FormItem::Section(section) = item {
            let index = all.iter().position(|s| std::ptr::eq(*s, section))?;
            if index == target {
                return Some(vec![index]);
            }
            if let Some(mut chain) = section_chain(&section.items, target, all) {
                chain.insert(0, index);
                return Some(chain);
            }
        }
    }
    None
}

fn section_contains(section: &Section, field: &crate::model::Field) -> bool {
    section.items.iter().any(|item| match item {
        FormItem::Field(f) => std::ptr::eq(f, field),
        FormItem::Section(s) => section_contains(s, field),
    })
}

/// Depth-first topological order of items given what each uses; a circle
/// (which the linter reports) is broken where it is found.
fn topological(uses: &[Vec<usize>]) -> Vec<usize> {
    fn visit(i: usize, uses: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>) {
        if state[i] != 0 {
            return;
        }
        state[i] = 1;
        for &j in &uses[i] {
            visit(j, uses, state, order);
        }
        state[i] = 2;
        order.push(i);
    }
    let mut order = Vec::with_capacity(uses.len());
    let mut state = vec![0_u8; uses.len()];
    for i in 0..uses.len() {
        visit(i, uses, &mut state, &mut order);
    }
    order
}

/// Compiles a decision table of the model.
fn compile_table(
    d: &crate::model::DecisionTable,
    names: &[&str],
) -> Result<CompiledTable, CompileError> {
    let table_error = || CompileError::Table {
        id: d.id.value.clone(),
    };
    let inputs: Vec<Expr> = d
        .inputs
        .iter()
        .map(|e| e.expr().cloned().ok_or_else(table_error))
        .collect::<Result<_, _>>()?;
    let cells: Vec<Vec<crate::feel::ast::UnaryTests>> = d
        .rules
        .iter()
        .map(|r| {
            r.when
                .iter()
                .map(|c| c.tests().cloned().ok_or_else(table_error))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let outputs: Vec<&Expr> = d
        .rules
        .iter()
        .map(|r| {
            r.then
                .as_ref()
                .and_then(|t| t.expr())
                .ok_or_else(table_error)
        })
        .collect::<Result<_, _>>()?;
    let rules: Vec<RuleSource> = cells
        .iter()
        .zip(&outputs)
        .map(|(tests, output)| RuleSource { tests, output })
        .collect();
    let source = TableSource {
        inputs: &inputs,
        rules: &rules,
        hit_policy: match d.hit_policy() {
            HitPolicy::Unique => crate::feel::decision::HitPolicy::Unique,
            HitPolicy::First => crate::feel::decision::HitPolicy::First,
            HitPolicy::CollectSum => crate::feel::decision::HitPolicy::CollectSum,
        },
        default_output: d.default.as_ref().and_then(|e| e.expr()),
    };
    CompiledTable::new(&source, names).map_err(|_| table_error())
}

/// The fields of the form in the order written, each with the chain of
/// sections around it and the repeatable group it lies in.
type PlacedField<'s> = (&'s crate::model::Field, Vec<usize>, Option<usize>);

fn fields_in_order<'s>(
    service: &'s Service,
    all_sections: &[&Section],
    group_sections: &[&Section],
) -> Vec<PlacedField<'s>> {
    let mut stack = vec![Walk {
        sections: Vec::new(),
        group: None,
        items: &service.form,
    }];
    let mut ordered: Vec<PlacedField<'s>> = Vec::new();
    while let Some(walk) = stack.pop() {
        for item in walk.items.iter().rev() {
            match item {
                FormItem::Field(field) => ordered.push((field, walk.sections.clone(), walk.group)),
                FormItem::Section(section) => {
                    let index = all_sections
                        .iter()
                        .position(|s| std::ptr::eq(*s, section))
                        .unwrap_or_default();
                    let group = group_sections
                        .iter()
                        .position(|g| std::ptr::eq(*g, section))
                        .or(walk.group);
                    let mut chain = walk.sections.clone();
                    chain.push(index);
                    stack.push(Walk {
                        sections: chain,
                        group,
                        items: &section.items,
                    });
                }
            }
        }
    }
    // The stack visits sections after the fields beside them; the order in
    // the file is the form's order.
    ordered.sort_by_key(|(f, _, _)| f.header.start);
    ordered
}

/// A place in the walk over the form: the items of a section, with the
/// chain of sections around them and the group they lie in.
struct Walk<'w> {
    sections: Vec<usize>,
    group: Option<usize>,
    items: &'w [FormItem],
}

/// For each join, the number of branches that arrive at it: each branch of
/// a split that reaches the join (before any other join) counts once.
fn count_join_branches(steps: &mut [StepSpec]) {
    let mut expects = vec![0_usize; steps.len()];
    for split in steps.iter().filter(|s| s.kind == StepKind::Split) {
        for &(branch, _) in &split.next {
            let mut seen = vec![false; steps.len()];
            let mut queue = std::collections::VecDeque::from([branch]);
            let mut joins = Vec::new();
            while let Some(at) = queue.pop_front() {
                if std::mem::replace(&mut seen[at], true) {
                    continue;
                }
                match steps[at].kind {
                    StepKind::Join => joins.push(at),
                    StepKind::End => {}
                    _ => queue.extend(steps[at].next.iter().map(|(to, _)| *to)),
                }
            }
            for join in joins {
                expects[join] += 1;
            }
        }
    }
    for (step, expected) in steps.iter_mut().zip(expects) {
        step.join_expects = expected.max(1);
    }
}
