//! The words of a simulated case: timeline lines, summaries and the
//! questions of the interactive mode.
//!
//! Modellers are administrative staff who work in German; the timeline and
//! the questions are written in German, like the form and the validation
//! messages they show. Each text is one function here, apart from the
//! logic, so that other languages can be added in this file alone.

use jiff::civil::{Date, Weekday};

use crate::calendar::{DayCount, DeadlineDuration};
use crate::engine::CaseOutcome;
use crate::model::FieldType;

/// A date the German way with its weekday: `Mo 04.03.2024`.
pub fn day(date: Date) -> String {
    let weekday = match date.weekday() {
        Weekday::Monday => "Mo",
        Weekday::Tuesday => "Di",
        Weekday::Wednesday => "Mi",
        Weekday::Thursday => "Do",
        Weekday::Friday => "Fr",
        Weekday::Saturday => "Sa",
        Weekday::Sunday => "So",
    };
    format!(
        "{weekday} {:02}.{:02}.{}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// A step named for people: `„Antrag prüfen“ (review)`.
pub fn step(title: &str, id: &str) -> String {
    if title.is_empty() || title == id {
        format!("„{id}“")
    } else {
        format!("„{title}“ ({id})")
    }
}

/// A deadline named for people: `„Bearbeitungsfrist“ (review)`.
pub fn deadline(label: Option<&str>, id: &str) -> String {
    match label {
        Some(label) => format!("„{label}“ ({id})"),
        None => format!("„{id}“"),
    }
}

/// A deadline's length in words: `10 Arbeitstage`, `3 Monate`,
/// `1 Monat und 14 Tage`.
pub fn length(within: &DeadlineDuration, days: DayCount) -> String {
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if within.years() > 0 {
        parts.push(unit(within.years(), "Jahr", "Jahre"));
    }
    if within.months() > 0 {
        parts.push(unit(within.months(), "Monat", "Monate"));
    }
    if within.weeks() > 0 {
        parts.push(unit(within.weeks(), "Woche", "Wochen"));
    }
    if within.days() > 0 {
        parts.push(match days {
            DayCount::Working => unit(within.days(), "Arbeitstag", "Arbeitstage"),
            DayCount::Calendar => unit(within.days(), "Tag", "Tage"),
        });
    }
    let text = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} und {last}", init.join(", ")),
    };
    if days == DayCount::Working && within.days() == 0 {
        format!("{text} (in Arbeitstagen)")
    } else {
        text
    }
}

pub fn submitted() -> String {
    "Antrag eingereicht".to_owned()
}

pub fn step_passed(step: &str) -> String {
    format!("Schritt {step} durchlaufen")
}

pub fn task_begins(step: &str, role: Option<&str>) -> String {
    match role {
        Some(role) => format!("Aufgabe {step} beginnt, für {role}"),
        None => format!("Aufgabe {step} beginnt"),
    }
}

pub fn wait_begins(step: &str) -> String {
    format!("Warten in {step} beginnt")
}

pub fn step_ends(step: &str) -> String {
    format!("Schritt {step} endet")
}

pub fn split(step: &str) -> String {
    format!("Verzweigung {step}: die parallelen Zweige beginnen")
}

pub fn join_reached(step: &str) -> String {
    format!("Ein Zweig erreicht die Zusammenführung {step}")
}

pub fn join_done(step: &str) -> String {
    format!("Zusammenführung {step}: alle Zweige sind da")
}

pub fn end_reached(step: &str) -> String {
    format!("Endschritt {step} erreicht")
}

pub fn decided(step: &str, decision: &str) -> String {
    format!("Entscheidung in {step}: {decision}")
}

pub fn received(step: &str, event: &str) -> String {
    format!("Ereignis in {step}: {event}")
}

pub fn deadline_started(deadline: &str, length: &str, from: Date, end: Date) -> String {
    format!(
        "Frist {deadline} läuft: {length} ab {}, letzter Tag {}",
        day(from),
        day(end)
    )
}

/// Why a calendar deadline's end moved off its nominal day.
pub fn deadline_moved(nominal: Date, reasons: &[String]) -> String {
    format!(
        "rechnerisch {}; übersprungen: {} (§ 193 BGB)",
        day(nominal),
        reasons.join(", ")
    )
}

/// The holidays a working-day deadline did not count.
pub fn holidays_not_counted(reasons: &[String]) -> String {
    format!("nicht gezählt: {}", reasons.join(", "))
}

/// The month was too short for the start day's number (§ 188 Abs. 3 BGB).
pub fn month_too_short(reached: Date) -> String {
    format!(
        "der Monat hat diesen Tag nicht, daher der Monatsletzte {} (§ 188 Abs. 3 BGB)",
        day(reached)
    )
}

/// A passed-over day: `Sa 16.03.2024`, or a holiday with its name:
/// `Reformationstag (Mi 31.10.2018)`.
pub fn skipped_day(date: Date, holiday: Option<&str>) -> String {
    match holiday {
        Some(name) => format!("{name} ({})", day(date)),
        None => day(date),
    }
}

pub fn deadline_met(deadline: &str, end: Date) -> String {
    format!("Frist {deadline} eingehalten (letzter Tag {})", day(end))
}

pub fn deadline_expired(deadline: &str, end: Date) -> String {
    format!("Frist {deadline} abgelaufen (letzter Tag war {})", day(end))
}

pub fn expiry_escalate() -> String {
    "Folge: Eskalation, der Fall bleibt, wo er ist".to_owned()
}

pub fn expiry_transition(target: &str) -> String {
    format!("Folge: Übergang zu {target}")
}

pub fn expiry_deemed(target: &str) -> String {
    format!("Folge: Genehmigungsfiktion, der Antrag gilt als genehmigt; weiter zu {target}")
}

pub fn escalated(role: &str) -> String {
    format!("Eskalation an {role}")
}

pub fn notified(subject: &str, id: &str) -> String {
    if subject.is_empty() {
        format!("Nachricht an die antragstellende Person ({id})")
    } else {
        format!("Nachricht an die antragstellende Person: „{subject}“ ({id})")
    }
}

pub fn ended(outcome: CaseOutcome) -> String {
    format!("Fall abgeschlossen: {}", outcome_words(outcome))
}

pub fn stuck(step: &str) -> String {
    format!("Der Fall hängt in {step} fest: keine Bedingung der Übergänge trifft zu")
}

/// An outcome in words, with its name: `bewilligt (approved)`.
pub fn outcome_words(outcome: CaseOutcome) -> String {
    let words = match outcome {
        CaseOutcome::Approved => "bewilligt",
        CaseOutcome::Rejected => "abgelehnt",
        CaseOutcome::Withdrawn => "zurückgenommen",
        CaseOutcome::DeemedApproved => "gilt als genehmigt",
        CaseOutcome::Completed => "erledigt",
    };
    format!("{words} ({})", outcome.name())
}

/// The title of a saved scenario that was given none.
pub fn scenario_title(submitted: Date, outcome: Option<CaseOutcome>, invalid: bool) -> String {
    let result = if invalid {
        "ungültiger Antrag".to_owned()
    } else {
        outcome.map_or_else(|| "offen".to_owned(), outcome_words)
    };
    format!(
        "Simulierter Fall, eingereicht am {}: {result}",
        crate::engine::messages::german_date(submitted)
    )
}

pub fn heading_fees() -> &'static str {
    "Gebühren"
}

pub fn no_fees() -> String {
    "Gebühren: keine".to_owned()
}

pub fn fees_total() -> &'static str {
    "Summe"
}

pub fn share_of(authority: &str) -> String {
    format!("davon {authority}")
}

pub fn fee_not_computed(id: &str) -> String {
    format!("Die Gebühr {id} konnte nicht berechnet werden: ihr Ausdruck ergibt keine Zahl.")
}

pub fn heading_timeline() -> &'static str {
    "Verlauf"
}

pub fn invalid(count: usize) -> String {
    if count == 1 {
        "Der Antrag ist ungültig (1 Fehler); es wird kein Fall begonnen:".to_owned()
    } else {
        format!("Der Antrag ist ungültig ({count} Fehler); es wird kein Fall begonnen:")
    }
}

pub fn result(outcome: CaseOutcome) -> String {
    format!("Ergebnis: {}", outcome_words(outcome))
}

pub fn result_open() -> String {
    "Ergebnis: offen".to_owned()
}

pub fn waits_for_decision(step: &str, decisions: &[String]) -> String {
    if decisions.is_empty() {
        format!("Der Fall wartet in {step} auf eine Entscheidung.")
    } else {
        format!(
            "Der Fall wartet in {step} auf eine Entscheidung: {}",
            decisions.join(", ")
        )
    }
}

pub fn waits_for_event(step: &str, events: &[String]) -> String {
    if events.is_empty() {
        format!("Der Fall wartet in {step} auf ein Ereignis.")
    } else {
        format!(
            "Der Fall wartet in {step} auf ein Ereignis: {}",
            events.join(", ")
        )
    }
}

pub fn running_deadline(deadline: &str, end: Date) -> String {
    format!("Frist {deadline} läuft bis {}", day(end))
}

pub fn stopped_stuck(reason: &str) -> String {
    format!("Die Simulation endet hier: {reason}")
}

pub fn stopped_refused(what: &str, date: Date, reason: &str) -> String {
    format!("{what} am {} ist nicht möglich: {reason}", day(date))
}

pub fn what_decision(decision: &str) -> String {
    format!("Die Entscheidung „{decision}“")
}

pub fn what_event(event: &str) -> String {
    format!("Das Ereignis „{event}“")
}

pub fn what_waiting() -> String {
    "Das Verstreichen der Zeit".to_owned()
}

pub fn warning(text: &str) -> String {
    format!("Hinweis: {text}")
}

// ---------------------------------------------------------------------------
// Questions of the interactive mode
// ---------------------------------------------------------------------------

/// What kind of answer a field takes, with its limits, as a hint.
pub fn type_hint(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "Text",
        FieldType::Integer => "ganze Zahl",
        FieldType::Decimal => "Zahl, z. B. 4,85",
        FieldType::Money => "Betrag in Euro, z. B. 27,60",
        FieldType::Date => "Datum, z. B. 31.12.2024",
        FieldType::Boolean => "Ja oder Nein",
        FieldType::Choice => "Auswahl",
        FieldType::MultiChoice => "Mehrfachauswahl",
        FieldType::File => "Dateiname, z. B. nachweis.pdf",
        FieldType::Email => "E-Mail-Adresse",
        FieldType::Phone => "Telefonnummer",
        FieldType::Iban => "IBAN",
        FieldType::PostalCode => "Postleitzahl, fünf Ziffern",
        FieldType::Display => "Hinweis",
    }
}

pub fn range(min: Option<&str>, max: Option<&str>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} bis {max}")),
        (Some(min), None) => Some(format!("mindestens {min}")),
        (None, Some(max)) => Some(format!("höchstens {max}")),
        (None, None) => None,
    }
}

pub fn optional() -> &'static str {
    "freiwillig, leer lassen zum Überspringen"
}

pub fn file_kinds(kinds: &[String]) -> String {
    format!("erlaubt: {}", kinds.join(", "))
}

pub fn section(title: &str) -> String {
    format!("— {title} —")
}

pub fn how_many_entries(title: &str) -> String {
    format!("Wie viele Einträge für „{title}“?")
}

pub fn entry(title: &str, number: usize) -> String {
    format!("— {title}, Eintrag {number} —")
}

pub fn not_a_count(min: usize, max: usize) -> String {
    format!("Bitte geben Sie eine ganze Zahl von {min} bis {max} an.")
}

pub fn submission_date() -> &'static str {
    "Tag der Antragstellung"
}

pub fn not_a_date() -> String {
    "Bitte geben Sie ein Datum an, z. B. 04.03.2024 oder 2024-03-04.".to_owned()
}

pub fn date_not_before(today: Date) -> String {
    format!(
        "Das Datum darf nicht vor dem {} liegen, dem Tag des letzten Geschehens.",
        day(today)
    )
}

pub fn still_invalid() -> String {
    "Der Antrag ist mit diesem Tag der Antragstellung nicht gültig; bitte korrigieren Sie:"
        .to_owned()
}

pub fn what_next(today: Date) -> String {
    format!("Was geschieht als Nächstes? (zuletzt {})", day(today))
}

pub fn offer_decision(step: &str, decision: &str) -> String {
    format!("Entscheidung in {step}: {decision}")
}

pub fn offer_event(step: &str, event: &str) -> String {
    format!("Ereignis in {step}: {event}")
}

pub fn offer_time_passes() -> String {
    "Zeit vergehen lassen bis …".to_owned()
}

pub fn offer_stop() -> String {
    "Simulation beenden".to_owned()
}

pub fn on_which_day() -> &'static str {
    "An welchem Tag?"
}

pub fn until_which_day() -> &'static str {
    "Bis zu welchem Tag?"
}

pub fn enter_something() -> String {
    "Bitte geben Sie etwas ein.".to_owned()
}

pub fn action_refused(reason: &str) -> String {
    format!("Das geht nicht: {reason}")
}

pub fn yes() -> &'static str {
    "Ja"
}

pub fn no() -> &'static str {
    "Nein"
}

/// Why the engine refused an action, in German.
pub fn case_error(error: &crate::engine::CaseError) -> String {
    use crate::engine::CaseError;
    let kind_words = |kind: &str| {
        if kind == "task" {
            "Aufgabe"
        } else {
            "Warteschritt"
        }
    };
    match error {
        CaseError::Closed => {
            "Der Fall ist abgeschlossen; es kann nichts mehr geschehen.".to_owned()
        }
        CaseError::DateBefore { today, .. } => date_not_before(*today),
        CaseError::NothingOpen { kind } => format!("Es ist keine {} offen.", kind_words(kind)),
        CaseError::Ambiguous { kind, steps } => format!(
            "Mehrere Schritte der Art {} sind offen ({steps}); bitte den Schritt nennen.",
            kind_words(kind)
        ),
        CaseError::NotOpen { kind, step } => {
            format!("Die {} „{step}“ ist nicht offen.", kind_words(kind))
        }
        CaseError::Undeclared { step, value } => {
            format!("Der Schritt „{step}“ sieht „{value}“ nicht vor.")
        }
        CaseError::Stuck { step } => format!(
            "Im Schritt „{step}“ trifft keine Bedingung der Übergänge zu; der Fall hängt fest."
        ),
        CaseError::Deadline { deadline, reason } => {
            format!("Das Ende der Frist „{deadline}“ lässt sich nicht berechnen: {reason}")
        }
        CaseError::Loop(steps) => format!(
            "Der Fall hat mehr als {steps} Schritte auf einmal durchlaufen; der Ablauf kreist."
        ),
    }
}
