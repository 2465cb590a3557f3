//! The interactive simulation: the form asked question by question, then
//! the case driven step by step.
//!
//! The questions and what follows from each answer live here, in the
//! library; how a question is put to a person is a [`Prompter`]'s
//! business. The command line puts them on a terminal; tests answer them
//! from a script ([`ScriptedPrompter`]).
//!
//! The form is asked in the order written. Before each field the form's
//! visibility is evaluated with the answers so far, so that a hidden field
//! is never asked. Each answer is checked at once with the engine's own
//! validation, and the field asked again with its message while the
//! answer is not valid. A repeatable group first asks how many entries it
//! gets, then each entry's fields.
//!
//! Display texts are shown only when they have no `visible` condition of
//! their own: the engine compiles no conditions for fields that take no
//! answer (see docs/limits.md). Repeatable groups nested inside repeatable
//! groups are not asked.

use std::collections::VecDeque;

use jiff::civil::Date;

use crate::engine::messages::{german_date, german_number};
use crate::engine::{Action, CompiledService, Input, RawValue, parse_date};
use crate::model::{Bound, Field, FieldType, FormItem, Repository, Requirement, Section, Service};
use crate::simulate::input::set_member;
use crate::simulate::timeline::Timeline;
use crate::simulate::{
    PlannedAction, Session, Simulation, date_of, messages as msg, next_working_day,
};

/// One option of a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    /// The code or name behind the label, shown beside it.
    pub code: Option<String>,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Typed text; an empty answer leaves the field empty.
    Text { default: Option<String> },
    /// One of the options.
    Select {
        options: Vec<Choice>,
        default: usize,
    },
    /// Any number of the options.
    MultiSelect { options: Vec<Choice> },
}

/// A question to the person simulating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// What is asked: a field path (`vehicle_length`, `dogs[2].breed`), a
    /// group's id for its number of entries, `submitted`, `next` for the
    /// next action, or `date` for its day.
    pub key: String,
    pub prompt: String,
    pub help: Option<String>,
    /// The kind of answer and its limits: `Zahl, z. B. 4,85; 2 bis 8`.
    pub hint: Option<String>,
    /// Why the previous answer was not accepted.
    pub error: Option<String>,
    pub ask: Ask,
}

/// An answer to a [`Question`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Text(String),
    /// The index of the chosen option.
    Selected(usize),
    /// The indices of the chosen options.
    SelectedMany(Vec<usize>),
    /// The person wants to stop.
    Stop,
}

/// Puts questions to a person and shows them what happens.
pub trait Prompter {
    fn ask(&mut self, question: &Question) -> Answer;
    /// Shows text (a heading, a display text, lines of the timeline).
    fn show(&mut self, text: &str);
}

/// A prompter that answers from a script, for tests: each question takes
/// the next answer; when the script is used up, it stops.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    pub answers: VecDeque<Answer>,
    /// Every question asked, in order.
    pub asked: Vec<Question>,
    /// Everything shown, in order.
    pub shown: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> ScriptedPrompter {
        ScriptedPrompter {
            answers: answers.into_iter().collect(),
            asked: Vec::new(),
            shown: Vec::new(),
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, question: &Question) -> Answer {
        self.asked.push(question.clone());
        self.answers.pop_front().unwrap_or(Answer::Stop)
    }

    fn show(&mut self, text: &str) {
        self.shown.push(text.to_owned());
    }
}

/// What the session starts from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The submission date: the default answer, and the date visibility
    /// and validation use while the form is filled in.
    pub submitted: Date,
    /// Whether to ask for the submission date (not when it was given).
    pub ask_submitted: bool,
    /// Actions given beforehand, taken before asking for more.
    pub planned: Vec<PlannedAction>,
}

/// What an interactive session came to.
#[derive(Debug, Clone)]
pub struct Interactive {
    /// The form input as entered.
    pub input: Input,
    pub simulation: Simulation,
}

/// The person stopped before the application was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped before the application was complete; no case was simulated")]
pub struct Stopped;

/// Asks for the form, the submission date and the actions, and simulates
/// the case as it goes.
pub fn run(
    repository: &Repository,
    model: &Service,
    service: &CompiledService,
    prompter: &mut dyn Prompter,
    options: &Options,
) -> Result<Interactive, Stopped> {
    let mut form = FormAsker {
        repository,
        service,
        prompter,
        submitted: options.submitted,
        input: Input::new(),
        headings: Vec::new(),
    };
    form.items(&model.form, None)?;
    let submitted = if options.ask_submitted {
        form.submission_date()?
    } else {
        options.submitted
    };
    form.submitted = submitted;
    form.correct(model)?;
    let input = form.input;

    let mut timeline = Timeline::new(service, model);
    let mut session = Session::start(service, &input, submitted);
    let first = session.finish();
    if first.is_invalid() {
        prompter.show(&timeline.summary(&first));
        return Ok(Interactive {
            input,
            simulation: first,
        });
    }
    prompter.show(&timeline.fees(&first));
    let mut shown = 0;
    show_new(&session, &mut timeline, prompter, &mut shown, submitted);

    let mut previous = submitted;
    for planned in &options.planned {
        if !session.can_go_on() {
            break;
        }
        let date = date_of(planned.when, previous, service.state);
        if let Err(error) = session.act(date, &planned.action) {
            prompter.show(&msg::action_refused(&msg::case_error(&error)));
        }
        previous = date;
        show_new(&session, &mut timeline, prompter, &mut shown, submitted);
    }
    while session.can_go_on() {
        let Some((date, action)) = next_action(&session, service, prompter) else {
            break;
        };
        if let Err(error) = session.act(date, &action) {
            prompter.show(&msg::action_refused(&msg::case_error(&error)));
        }
        show_new(&session, &mut timeline, prompter, &mut shown, submitted);
    }
    Ok(Interactive {
        input,
        simulation: session.finish(),
    })
}

/// Shows the timeline lines of events not shown yet.
fn show_new(
    session: &Session<'_>,
    timeline: &mut Timeline<'_>,
    prompter: &mut dyn Prompter,
    shown: &mut usize,
    submitted: Date,
) {
    let Some(case) = session.case() else { return };
    let events = &case.trace().events;
    if *shown < events.len() {
        let text = timeline.events(&events[*shown..], submitted);
        *shown = events.len();
        prompter.show(text.trim_end_matches('\n'));
    }
}

/// One offer of the "what next" question.
enum Offer {
    Act(Action),
    /// A decision or event to be typed, for a step that declares none.
    Free {
        step: String,
        task: bool,
    },
    TimePasses,
    Stop,
}

/// What can happen next: each open step's decisions or events, time
/// passing, and stopping; each with its label.
fn offers(session: &Session<'_>) -> (Vec<Offer>, Vec<Choice>) {
    let mut offers = Vec::new();
    let mut options = Vec::new();
    for open in session.open_steps() {
        let name = msg::step(&open.title, &open.step);
        let task = open.kind == "task";
        if open.accepts.is_empty() {
            options.push(Choice {
                label: if task {
                    msg::offer_decision(&name, "…")
                } else {
                    msg::offer_event(&name, "…")
                },
                code: None,
            });
            offers.push(Offer::Free {
                step: open.step.clone(),
                task,
            });
        }
        for value in &open.accepts {
            let (label, action) = if task {
                (
                    msg::offer_decision(&name, value),
                    Action::Decide {
                        step: Some(open.step.clone()),
                        decision: value.clone(),
                    },
                )
            } else {
                (
                    msg::offer_event(&name, value),
                    Action::Event {
                        step: Some(open.step.clone()),
                        event: value.clone(),
                    },
                )
            };
            options.push(Choice { label, code: None });
            offers.push(Offer::Act(action));
        }
    }
    options.push(Choice {
        label: msg::offer_time_passes(),
        code: None,
    });
    offers.push(Offer::TimePasses);
    options.push(Choice {
        label: msg::offer_stop(),
        code: None,
    });
    offers.push(Offer::Stop);
    (offers, options)
}

/// Asks what happens next and on which day; `None` when the person stops.
fn next_action(
    session: &Session<'_>,
    service: &CompiledService,
    prompter: &mut dyn Prompter,
) -> Option<(Date, Action)> {
    let today = session.today();
    let (offers, options) = offers(session);
    let question = Question {
        key: "next".to_owned(),
        prompt: msg::what_next(today),
        help: None,
        hint: None,
        error: None,
        ask: Ask::Select {
            options,
            default: 0,
        },
    };
    let chosen = match prompter.ask(&question) {
        Answer::Selected(i) => offers.get(i)?,
        _ => return None,
    };
    let (action, default) = match chosen {
        Offer::Stop => return None,
        Offer::Act(action) => (action.clone(), next_working_day(today, service.state)),
        Offer::Free { step, task } => {
            let name = ask_text(
                prompter,
                "value",
                if *task { "Entscheidung" } else { "Ereignis" },
            )?;
            let action = if *task {
                Action::Decide {
                    step: Some(step.clone()),
                    decision: name,
                }
            } else {
                Action::Event {
                    step: Some(step.clone()),
                    event: name,
                }
            };
            (action, next_working_day(today, service.state))
        }
        Offer::TimePasses => {
            // By default, up to the day on which the next deadline expires.
            let default = session
                .case()
                .and_then(|c| c.running_deadlines().first().map(|(_, end)| *end))
                .and_then(|end| end.tomorrow().ok())
                .filter(|d| *d > today)
                .unwrap_or_else(|| next_working_day(today, service.state));
            (Action::Wait, default)
        }
    };
    let prompt = if action == Action::Wait {
        msg::until_which_day()
    } else {
        msg::on_which_day()
    };
    let date = ask_date(prompter, "date", prompt, default, Some(today))?;
    Some((date, action))
}

fn ask_text(prompter: &mut dyn Prompter, key: &str, prompt: &str) -> Option<String> {
    let mut question = Question {
        key: key.to_owned(),
        prompt: prompt.to_owned(),
        help: None,
        hint: None,
        error: None,
        ask: Ask::Text { default: None },
    };
    loop {
        match prompter.ask(&question) {
            Answer::Text(t) if !t.trim().is_empty() => return Some(t.trim().to_owned()),
            Answer::Stop => return None,
            _ => question.error = Some(msg::enter_something()),
        }
    }
}

/// Asks for a day, again while the answer is not one (or lies before
/// `not_before`).
fn ask_date(
    prompter: &mut dyn Prompter,
    key: &str,
    prompt: &str,
    default: Date,
    not_before: Option<Date>,
) -> Option<Date> {
    let mut question = Question {
        key: key.to_owned(),
        prompt: prompt.to_owned(),
        help: None,
        hint: Some(msg::day(default)),
        error: None,
        ask: Ask::Text {
            default: Some(german_date(default)),
        },
    };
    loop {
        let text = match prompter.ask(&question) {
            Answer::Text(t) => t,
            Answer::Stop => return None,
            Answer::Selected(_) | Answer::SelectedMany(_) => String::new(),
        };
        let date = if text.trim().is_empty() {
            Some(default)
        } else {
            parse_date(&text)
        };
        match date {
            Some(d) if not_before.is_some_and(|n| d < n) => {
                question.error = not_before.map(msg::date_not_before);
            }
            Some(d) => return Some(d),
            None => question.error = Some(msg::not_a_date()),
        }
    }
}

/// Where a question about a field goes: a top-level field, or a field of
/// an entry of a group.
#[derive(Debug, Clone, Copy)]
struct Entry<'m> {
    group: &'m str,
    /// Counted from 1.
    number: usize,
}

struct FormAsker<'a, 'p> {
    repository: &'a Repository,
    service: &'a CompiledService,
    prompter: &'p mut dyn Prompter,
    /// The submission date visibility and validation use.
    submitted: Date,
    input: Input,
    /// Section headings not shown yet: shown before the first question
    /// inside them.
    headings: Vec<String>,
}

impl<'m> FormAsker<'_, '_> {
    fn items(&mut self, items: &'m [FormItem], entry: Option<Entry<'m>>) -> Result<(), Stopped> {
        for item in items {
            match item {
                FormItem::Field(field) => self.field(field, entry)?,
                FormItem::Section(section) if section.repeat.is_some() => {
                    if entry.is_none() {
                        self.group(section)?;
                    }
                }
                FormItem::Section(section) => {
                    let depth = self.headings.len();
                    if let Some(title) = &section.title {
                        self.headings.push(msg::section(&title.value));
                    }
                    self.items(&section.items, entry)?;
                    self.headings.truncate(depth);
                }
            }
        }
        Ok(())
    }

    fn show_headings(&mut self) {
        for heading in std::mem::take(&mut self.headings) {
            self.prompter.show(&heading);
        }
    }

    fn shown(&self) -> Vec<String> {
        self.service.shown_fields(&self.input, self.submitted)
    }

    fn group(&mut self, section: &'m Section) -> Result<(), Stopped> {
        let id = section.id.value.as_str();
        if !self.shown().iter().any(|s| s == id) {
            return Ok(());
        }
        let title = section.title.as_ref().map_or(id, |t| t.value.as_str());
        let repeat = section.repeat.as_ref();
        let min = repeat
            .and_then(|r| r.min.as_ref())
            .and_then(|m| usize::try_from(m.value).ok())
            .unwrap_or(0);
        // Without a maximum, a hundred entries are more than any
        // simulation by hand needs.
        let max = repeat
            .and_then(|r| r.max.as_ref())
            .and_then(|m| usize::try_from(m.value).ok())
            .unwrap_or(100)
            .max(min);
        self.show_headings();
        let mut question = Question {
            key: id.to_owned(),
            prompt: msg::how_many_entries(title),
            help: None,
            hint: Some(format!("{min}–{max}")),
            error: None,
            ask: Ask::Text {
                default: Some(min.max(1).min(max).to_string()),
            },
        };
        let count = loop {
            match self.prompter.ask(&question) {
                Answer::Stop => return Err(Stopped),
                Answer::Text(t) => match t.trim().parse::<usize>() {
                    Ok(n) if (min..=max).contains(&n) => break n,
                    _ => question.error = Some(msg::not_a_count(min, max)),
                },
                _ => question.error = Some(msg::not_a_count(min, max)),
            }
        };
        self.input.insert(
            id.to_owned(),
            RawValue::List(vec![RawValue::Entries(Input::new()); count]),
        );
        for number in 1..=count {
            self.headings.push(msg::entry(title, number));
            self.items(&section.items, Some(Entry { group: id, number }))?;
            self.headings.clear();
        }
        Ok(())
    }

    fn field(&mut self, field: &'m Field, entry: Option<Entry<'m>>) -> Result<(), Stopped> {
        let kind = field.kind.as_ref().map(|k| k.value);
        if kind == Some(FieldType::Display) {
            if field.visible.is_none()
                && let Some(text) = &field.text
            {
                self.show_headings();
                self.prompter.show(text.value.trim());
            }
            return Ok(());
        }
        let path = match entry {
            None => field.id.value.clone(),
            Some(e) => format!("{}[{}].{}", e.group, e.number, field.id.value),
        };
        if !self.shown().contains(&path) {
            return Ok(());
        }
        self.show_headings();
        self.ask_field(field, entry, &path)
    }

    /// Asks a field until its answer passes validation.
    fn ask_field(
        &mut self,
        field: &Field,
        entry: Option<Entry<'_>>,
        path: &str,
    ) -> Result<(), Stopped> {
        let (mut question, options) = self.question(field, path);
        loop {
            let answer = self.prompter.ask(&question);
            if answer == Answer::Stop {
                return Err(Stopped);
            }
            let value = answer_value(field, &options, &answer);
            self.set(field, entry, value);
            let errors = self.service.validate(&self.input, self.submitted);
            match errors.iter().find(|e| e.field == path) {
                Some(error) => question.error = Some(error.message.clone()),
                None => return Ok(()),
            }
        }
    }

    fn set(&mut self, field: &Field, entry: Option<Entry<'_>>, value: Option<RawValue>) {
        let id = field.id.value.as_str();
        match (entry, value) {
            (None, Some(v)) => {
                self.input.insert(id.to_owned(), v);
            }
            (None, None) => {
                self.input.remove(id);
            }
            (Some(e), Some(v)) => set_member(&mut self.input, e.group, e.number, id, v),
            (Some(e), None) => {
                if let Some(RawValue::List(entries)) = self.input.get_mut(e.group)
                    && let Some(RawValue::Entries(values)) = entries.get_mut(e.number - 1)
                {
                    values.remove(id);
                }
            }
        }
    }

    /// The kind of answer a field takes and its limits, as a hint.
    fn hint(field: &Field, optional: bool) -> String {
        let kind = field.kind.as_ref().map(|k| k.value);
        let mut hints: Vec<String> = Vec::new();
        if let Some(kind) = kind {
            hints.push(msg::type_hint(kind).to_owned());
        }
        let bound = |b: &Option<crate::source::Spanned<Bound>>| {
            b.as_ref().map(|b| match &b.value {
                Bound::Number(n) => german_number(*n),
                Bound::Date(d) => german_date(*d),
            })
        };
        if let Some(range) = msg::range(bound(&field.min).as_deref(), bound(&field.max).as_deref())
        {
            hints.push(range);
        }
        if let Some(max) = &field.max_length {
            hints.push(format!("≤ {} Zeichen", max.value));
        }
        if !field.file_kinds.is_empty() {
            let kinds: Vec<String> = field.file_kinds.iter().map(|k| k.value.clone()).collect();
            hints.push(msg::file_kinds(&kinds));
        }
        if optional {
            hints.push(msg::optional().to_owned());
        }
        hints.join("; ")
    }

    /// The question for a field, and the codes behind its options.
    fn question(&self, field: &Field, path: &str) -> (Question, Vec<Option<String>>) {
        let kind = field.kind.as_ref().map(|k| k.value);
        // Conditionally required fields may be left empty when the
        // condition does not hold; validation says when it does.
        let always = matches!(&field.required, Some(Requirement::Always(r)) if r.value);
        let optional = field.required.is_none()
            || !always && !matches!(field.required, Some(Requirement::When(_)));
        let hint = Self::hint(field, optional);
        let choices = self.options(field);
        let mut codes: Vec<Option<String>> = Vec::new();
        let ask = match (kind, choices) {
            (Some(FieldType::Boolean), _) => {
                let mut options = vec![
                    Choice {
                        label: msg::yes().to_owned(),
                        code: None,
                    },
                    Choice {
                        label: msg::no().to_owned(),
                        code: None,
                    },
                ];
                codes = vec![Some("ja".to_owned()), Some("nein".to_owned())];
                if !always {
                    options.push(Choice {
                        label: "—".to_owned(),
                        code: None,
                    });
                    codes.push(None);
                }
                Ask::Select {
                    options,
                    default: 0,
                }
            }
            (Some(FieldType::Choice), Some(entries)) => {
                let mut options = Vec::new();
                for (code, label) in entries {
                    options.push(Choice {
                        label,
                        code: Some(code.clone()),
                    });
                    codes.push(Some(code));
                }
                if !always {
                    options.push(Choice {
                        label: "—".to_owned(),
                        code: None,
                    });
                    codes.push(None);
                }
                Ask::Select {
                    options,
                    default: 0,
                }
            }
            (Some(FieldType::MultiChoice), Some(entries)) => {
                let mut options = Vec::new();
                for (code, label) in entries {
                    options.push(Choice {
                        label,
                        code: Some(code.clone()),
                    });
                    codes.push(Some(code));
                }
                Ask::MultiSelect { options }
            }
            _ => Ask::Text { default: None },
        };
        let question = Question {
            key: path.to_owned(),
            prompt: field
                .label
                .as_ref()
                .map_or_else(|| field.id.value.clone(), |l| l.value.clone()),
            help: field.help.as_ref().map(|h| h.value.clone()),
            hint: Some(hint),
            error: None,
            ask,
        };
        (question, codes)
    }

    /// The codes and labels of a choice, when they are known.
    fn options(&self, field: &Field) -> Option<Vec<(String, String)>> {
        let entries = match (&field.options, &field.codelist) {
            (Some(options), _) => &options.value,
            (None, Some(list)) => {
                &self
                    .repository
                    .codelist(&list.value)?
                    .entries
                    .as_ref()?
                    .value
            }
            (None, None) => return None,
        };
        Some(
            entries
                .iter()
                .map(|e| {
                    let label = e
                        .label
                        .as_ref()
                        .map_or_else(|| e.code.value.clone(), |l| l.value.clone());
                    (e.code.value.clone(), label)
                })
                .collect(),
        )
    }

    fn submission_date(&mut self) -> Result<Date, Stopped> {
        ask_date(
            self.prompter,
            "submitted",
            msg::submission_date(),
            self.submitted,
            None,
        )
        .ok_or(Stopped)
    }

    /// Asks again for the fields that the final submission date makes
    /// invalid, until the application is valid or no field can be asked.
    fn correct(&mut self, model: &'m Service) -> Result<(), Stopped> {
        let mut told = false;
        loop {
            let errors = self.service.validate(&self.input, self.submitted);
            let Some(error) = errors.first() else {
                return Ok(());
            };
            let Some((field, entry)) = find_field(model, &error.field) else {
                // Nothing to ask (a group with too few entries, a name the
                // form does not know): the simulation reports it.
                return Ok(());
            };
            if !told {
                self.prompter.show(&msg::still_invalid());
                told = true;
            }
            let path = error.field.clone();
            let (mut question, options) = self.question(field, &path);
            question.error = Some(error.message.clone());
            loop {
                let answer = self.prompter.ask(&question);
                if answer == Answer::Stop {
                    return Err(Stopped);
                }
                let value = answer_value(field, &options, &answer);
                self.set(field, entry, value);
                let errors = self.service.validate(&self.input, self.submitted);
                match errors.iter().find(|e| e.field == path) {
                    Some(e) => question.error = Some(e.message.clone()),
                    None => break,
                }
            }
        }
    }
}

/// The field a validation error's path names.
fn find_field<'m>(model: &'m Service, path: &'m str) -> Option<(&'m Field, Option<Entry<'m>>)> {
    let fields = model.fields();
    match path.split_once('[') {
        None => fields
            .iter()
            .find(|(f, g)| g.is_none() && f.id.value == path)
            .map(|(f, _)| (*f, None)),
        Some((group, rest)) => {
            let (number, member) = rest.split_once("].")?;
            let number: usize = number.parse().ok()?;
            fields
                .iter()
                .find(|(f, g)| g.is_some_and(|g| g.id.value == group) && f.id.value == member)
                .map(|(f, _)| (*f, Some(Entry { group, number })))
        }
    }
}

/// The value an answer gives a field; `None` leaves it empty.
fn answer_value(field: &Field, codes: &[Option<String>], answer: &Answer) -> Option<RawValue> {
    let kind = field.kind.as_ref().map(|k| k.value);
    match answer {
        Answer::Text(text) if text.trim().is_empty() => None,
        Answer::Text(text) => Some(crate::simulate::input::raw_value(kind, text.trim())),
        Answer::Selected(i) => codes
            .get(*i)
            .cloned()
            .flatten()
            .map(|code| match code.as_str() {
                "ja" if kind == Some(FieldType::Boolean) => RawValue::Boolean(true),
                "nein" if kind == Some(FieldType::Boolean) => RawValue::Boolean(false),
                _ => RawValue::Text(code),
            }),
        Answer::SelectedMany(chosen) => {
            let items: Vec<RawValue> = chosen
                .iter()
                .filter_map(|i| codes.get(*i).cloned().flatten())
                .map(RawValue::Text)
                .collect();
            (!items.is_empty()).then_some(RawValue::List(items))
        }
        Answer::Stop => None,
    }
}
