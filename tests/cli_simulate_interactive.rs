//! The interactive mode of `ozg simulate`, driven by a scripted prompter:
//! which questions are asked, in which order, what happens to invalid
//! answers, and the scenario a session writes.

mod engine_support;

use engine_support::{Probe, day};
use ozg::simulate::interactive::{
    Answer, Ask, Interactive, Options, ScriptedPrompter, Stopped, run,
};
use ozg::simulate::scenario::write_scenario;

const SERVICE: &str = r#"
[[field]]
id = "family_name"
label = "Familienname"
help = "Wie im Ausweis."
type = "text"
required = true

[[field]]
id = "vehicle_length"
label = "Länge des Fahrzeugs in Metern"
type = "decimal"
required = true
min = 2.0
max = 8.0

[[field]]
id = "company_car"
label = "Firmenwagen"
type = "boolean"
required = true

[[field]]
id = "employer_letter"
label = "Bestätigung des Arbeitgebers"
type = "file"
visible = "company_car"
required = true
file_kinds = ["pdf"]

[[section]]
id = "dogs"
title = "Hunde"
repeat = { min = 1, max = 3 }

[[section.field]]
id = "breed"
label = "Rasse"
type = "choice"
required = true
options = [{ code = "labrador", label = "Labrador" }, { code = "pitbull", label = "Pit Bull" }]

[[section.field]]
id = "certificate"
label = "Wesenstest"
type = "text"
visible = 'breed = "pitbull"'
required = true

[[fee]]
id = "fee"
label = "Gebühr"
amount = "count(dogs) * 120.00"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
title = "Antrag prüfen"
role = "clerk"
decisions = ["approve", "reject"]
deadline = { within = "P2W", from = "entered", on_expiry = "escalate", escalate_to = "clerk", label = "Bearbeitungsfrist" }
next = [
  { to = "granted", when = 'decision = "approve"' },
  { to = "refused", when = 'decision = "reject"' },
]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"
"#;

fn text(t: &str) -> Answer {
    Answer::Text(t.to_owned())
}

fn options() -> Options {
    Options {
        submitted: day("2024-03-01"),
        ask_submitted: true,
        planned: Vec::new(),
    }
}

/// The answers for a whole valid form: no company car, one labrador.
fn form_answers() -> Vec<Answer> {
    vec![
        text("Schneider"),
        text("4,85"),
        Answer::Selected(1), // Nein
        text("1"),
        Answer::Selected(0), // labrador
        text("04.03.2024"),
    ]
}

fn session(
    probe: &Probe,
    answers: Vec<Answer>,
) -> (Result<Interactive, Stopped>, ScriptedPrompter) {
    let mut prompter = ScriptedPrompter::new(answers);
    let model = &probe.repository.services[0];
    let result = run(
        &probe.repository,
        model,
        &probe.service,
        &mut prompter,
        &options(),
    );
    (result, prompter)
}

fn keys(prompter: &ScriptedPrompter) -> Vec<String> {
    prompter.asked.iter().map(|q| q.key.clone()).collect()
}

#[test]
fn fields_are_asked_in_form_order_then_the_submission_date() {
    let probe = Probe::new(SERVICE);
    let (_, prompter) = session(&probe, form_answers());
    assert_eq!(
        keys(&prompter)[..6],
        [
            "family_name",
            "vehicle_length",
            "company_car",
            "dogs",
            "dogs[1].breed",
            "submitted"
        ]
    );
}

#[test]
fn question_carries_label_help_and_type() {
    let probe = Probe::new(SERVICE);
    let (_, prompter) = session(&probe, form_answers());
    let first = &prompter.asked[0];
    assert_eq!(first.prompt, "Familienname");
    assert_eq!(first.help.as_deref(), Some("Wie im Ausweis."));
    let length = &prompter.asked[1];
    assert_eq!(
        length.hint.as_deref(),
        Some("Zahl, z. B. 4,85; 2,0 bis 8,0")
    );
}

#[test]
fn hidden_field_is_not_asked() {
    let probe = Probe::new(SERVICE);
    let (_, prompter) = session(&probe, form_answers());
    assert!(!keys(&prompter).contains(&"employer_letter".to_owned()));
}

#[test]
fn field_shown_by_an_earlier_answer_is_asked() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers[2] = Answer::Selected(0); // Ja: company car
    answers.insert(3, text("bestaetigung.pdf"));
    let (result, prompter) = session(&probe, answers);
    assert_eq!(keys(&prompter)[3], "employer_letter");
    assert!(result.expect("completed").simulation.validation.is_empty());
}

#[test]
fn invalid_answer_is_asked_again_with_the_engine_message() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.insert(1, text("9,5"));
    let (_, prompter) = session(&probe, answers);
    assert_eq!(keys(&prompter)[1..3], ["vehicle_length", "vehicle_length"]);
    assert_eq!(prompter.asked[1].error, None);
    assert_eq!(
        prompter.asked[2].error.as_deref(),
        Some("Der Wert darf nicht größer als 8,0 sein.")
    );
}

#[test]
fn empty_answer_to_a_required_field_is_asked_again() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.insert(0, text(""));
    let (_, prompter) = session(&probe, answers);
    assert_eq!(
        prompter.asked[1].error.as_deref(),
        Some("Bitte füllen Sie dieses Feld aus.")
    );
}

#[test]
fn group_asks_how_many_entries_then_each_entry_with_its_own_visibility() {
    let probe = Probe::new(SERVICE);
    let answers = vec![
        text("Schneider"),
        text("4,85"),
        Answer::Selected(1),
        text("2"),
        Answer::Selected(1), // pitbull
        text("W-17"),
        Answer::Selected(0), // labrador
        text("04.03.2024"),
    ];
    let (result, prompter) = session(&probe, answers);
    assert_eq!(
        keys(&prompter)[3..8],
        [
            "dogs",
            "dogs[1].breed",
            "dogs[1].certificate",
            "dogs[2].breed",
            "submitted"
        ]
    );
    let simulation = result.expect("completed").simulation;
    assert_eq!(simulation.fees_total.to_string(), "240.00");
}

#[test]
fn number_of_entries_outside_the_group_limits_is_asked_again() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.insert(3, text("4"));
    let (_, prompter) = session(&probe, answers);
    assert_eq!(
        prompter.asked[4].error.as_deref(),
        Some("Bitte geben Sie eine ganze Zahl von 1 bis 3 an.")
    );
}

#[test]
fn open_task_offers_its_decisions_time_passing_and_stopping() {
    let probe = Probe::new(SERVICE);
    let (_, prompter) = session(&probe, form_answers());
    let next = prompter.asked.last().expect("asked what next");
    assert_eq!(next.key, "next");
    let Ask::Select { options, .. } = &next.ask else {
        panic!("a selection: {next:?}");
    };
    let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Entscheidung in „Antrag prüfen“ (review): approve",
            "Entscheidung in „Antrag prüfen“ (review): reject",
            "Zeit vergehen lassen bis …",
            "Simulation beenden",
        ]
    );
}

#[test]
fn decision_is_taken_on_the_day_given_and_shown_in_the_timeline() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.extend([Answer::Selected(0), text("06.03.2024")]);
    let (result, prompter) = session(&probe, answers);
    let simulation = result.expect("completed").simulation;
    assert_eq!(simulation.outcome_name(), "approved");
    assert_eq!(simulation.taken[0].0, day("2024-03-06"));
    assert!(
        prompter
            .shown
            .iter()
            .any(|s| s.contains("Mi 06.03.2024  Entscheidung in „Antrag prüfen“ (review): approve")),
        "{:#?}",
        prompter.shown
    );
}

#[test]
fn letting_time_pass_defaults_to_the_day_the_next_deadline_expires() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.extend([Answer::Selected(2), text("")]);
    let (result, prompter) = session(&probe, answers);
    let date_question = prompter.asked.iter().rfind(|q| q.key == "date").unwrap();
    // Entered on Monday 4 March; two weeks end on the 18th, expiring on the 19th.
    assert_eq!(
        date_question.ask,
        Ask::Text {
            default: Some("19.03.2024".to_owned())
        }
    );
    let simulation = result.expect("completed").simulation;
    assert!(
        prompter
            .shown
            .iter()
            .any(|s| s.contains("Eskalation an Sachbearbeitung (clerk)"))
    );
    assert_eq!(simulation.outcome_name(), "open");
}

#[test]
fn date_before_the_last_event_is_asked_again() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.extend([Answer::Selected(0), text("01.03.2024"), text("05.03.2024")]);
    let (result, prompter) = session(&probe, answers);
    let dates: Vec<_> = prompter.asked.iter().filter(|q| q.key == "date").collect();
    assert_eq!(dates.len(), 2);
    assert!(dates[1].error.as_deref().unwrap().contains("Mo 04.03.2024"));
    assert_eq!(result.unwrap().simulation.outcome_name(), "approved");
}

#[test]
fn stopping_in_the_form_simulates_nothing() {
    let probe = Probe::new(SERVICE);
    let (result, _) = session(&probe, vec![text("Schneider"), Answer::Stop]);
    assert!(result.is_err());
}

#[test]
fn stopping_at_an_open_step_keeps_the_case_open() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.push(Answer::Selected(3));
    let (result, _) = session(&probe, answers);
    let simulation = result.expect("completed").simulation;
    assert_eq!(simulation.outcome_name(), "open");
    assert!(simulation.taken.is_empty());
}

#[test]
fn submission_date_that_makes_the_application_invalid_asks_the_field_again() {
    let probe = Probe::new(&SERVICE.replace(
        "type = \"text\"\nrequired = true\n\n[[field]]\nid = \"vehicle_length\"",
        "type = \"text\"\nrequired = true\n\n[[field]]\nid = \"start\"\nlabel = \"Beginn\"\ntype = \"date\"\nrequired = true\nvalidate = [{ rule = \"start >= submitted\", message = \"Nicht rückwirkend.\" }]\n\n[[field]]\nid = \"vehicle_length\"",
    ));
    let answers = vec![
        text("Schneider"),
        text("02.03.2024"), // valid for the provisional 1 March
        text("4,85"),
        Answer::Selected(1),
        text("1"),
        Answer::Selected(0),
        text("04.03.2024"), // submitted later: the start lies before it
        text("05.03.2024"),
    ];
    let (result, prompter) = session(&probe, answers);
    let again = &prompter.asked[7];
    assert_eq!(again.key, "start");
    assert_eq!(again.error.as_deref(), Some("Nicht rückwirkend."));
    assert!(result.unwrap().simulation.validation.is_empty());
}

#[test]
fn session_written_as_a_scenario_passes_ozg_test() {
    let probe = Probe::new(SERVICE);
    let mut answers = form_answers();
    answers.extend([Answer::Selected(0), text("06.03.2024")]);
    let (result, _) = session(&probe, answers);
    let session = result.expect("completed");
    let model = &probe.repository.services[0];
    let text = write_scenario("Interaktiv", &session.input, model, &session.simulation);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("ozg.toml"),
        "[project]\nname = \"P\"\nformat = 1\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("services/probe/scenarios")).unwrap();
    let service_text = format!("{}{SERVICE}", engine_support::header("NI", ""));
    std::fs::write(root.join("services/probe/service.toml"), service_text).unwrap();
    std::fs::write(
        root.join("services/probe/scenarios/interactive.toml"),
        &text,
    )
    .unwrap();
    let loaded =
        ozg::model::load::load_repository(root, &ozg::model::load::Selection::All).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}\n{text}", loaded.problems);
    let results = ozg::testing::run_repository(&loaded.repository, None);
    assert_eq!(results.len(), 1);
    assert!(
        matches!(results[0].verdict, ozg::testing::Verdict::Passed),
        "{:?}\n{text}",
        results[0].verdict
    );
    assert!(text.contains("vehicle_length = 4.85"), "{text}");
    assert!(text.contains("company_car = false"), "{text}");
}
