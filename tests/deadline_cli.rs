//! `ozg deadline` run as a real program: whole outputs and exit codes.

use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ozg_deadline(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
        .arg("deadline")
        .args(args)
        .output()
        .expect("the ozg binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn prints_the_end_date_alone() {
    let run = ozg_deadline(&["--from", "2026-01-31", "--within", "P1M", "--state", "BE"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "2026-03-02\n", "")
    );
}

#[test]
fn accepts_iso_state_codes_in_any_case() {
    let run = ozg_deadline(&[
        "--from",
        "2018-10-17",
        "--within",
        "P14D",
        "--state",
        "de-ni",
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "2018-11-01\n"));
}

#[test]
fn explains_the_end_with_verbose() {
    let run = ozg_deadline(&[
        "--from",
        "2025-09-19",
        "--within",
        "P14D",
        "--state",
        "SL",
        "-v",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "2025-10-06\n\
         The event is on Friday, 2025-09-19. That day is not counted (§ 187 (1) BGB).\n\
         A deadline of 14 days (P14D), counted in calendar days, ends on Friday, 2025-10-03 \
         (§ 188 (1) BGB).\n\
         An end on a Saturday, Sunday or public holiday in Saarland (SL) moves to the next \
         working day (§ 193 BGB, § 31 (3) VwVfG). Passed over:\n\
         \x20 2025-10-03 Tag der Deutschen Einheit\n\
         \x20 2025-10-04 Saturday\n\
         \x20 2025-10-05 Sunday\n\
         The deadline ends on Monday, 2025-10-06.\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn counts_working_days_across_easter() {
    let run = ozg_deadline(&[
        "--from",
        "2026-03-31",
        "--within",
        "P14D",
        "--state",
        "NI",
        "--days",
        "working",
        "-v",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "2026-04-22\n\
         The event is on Tuesday, 2026-03-31. That day is not counted (§ 187 (1) BGB).\n\
         A deadline of 14 days (P14D), counted in working days, counts Monday to Friday, except \
         public holidays in Niedersachsen (NI).\n\
         Not counted:\n\
         \x20 2026-04-03 Karfreitag\n\
         \x20 2026-04-04 Saturday\n\
         \x20 2026-04-05 Sunday\n\
         \x20 2026-04-06 Ostermontag\n\
         \x20 2026-04-11 Saturday\n\
         \x20 2026-04-12 Sunday\n\
         \x20 2026-04-18 Saturday\n\
         \x20 2026-04-19 Sunday\n\
         The deadline ends on Wednesday, 2026-04-22, the 14th working day after the event.\n"
    );
}

#[test]
fn prints_json_with_the_end_the_nominal_end_and_the_skipped_days() {
    let run = ozg_deadline(&[
        "--from",
        "2026-01-31",
        "--within",
        "P1M",
        "--state",
        "BE",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        r#"{
  "end": "2026-03-02",
  "nominal_end": "2026-02-28",
  "from": "2026-01-31",
  "within": "P1M",
  "days": "calendar",
  "state": "BE",
  "skipped": [
    {
      "date": "2026-02-28",
      "kind": "saturday",
      "reason": "Saturday"
    },
    {
      "date": "2026-03-01",
      "kind": "sunday",
      "reason": "Sunday"
    }
  ],
  "explanation": [
    "The event is on Saturday, 2026-01-31. That day is not counted (§ 187 (1) BGB).",
    "A deadline of 1 month (P1M), counted in calendar days, ends on the last day of the month, Saturday, 2026-02-28, because February 2026 has no day 31 (§ 188 (2), (3) BGB).",
    "An end on a Saturday, Sunday or public holiday in Berlin (BE) moves to the next working day (§ 193 BGB, § 31 (3) VwVfG). Passed over:",
    "  2026-02-28 Saturday",
    "  2026-03-01 Sunday",
    "The deadline ends on Monday, 2026-03-02."
  ]
}
"#
    );
}

#[test]
fn json_names_holidays_by_kind_and_german_name() {
    let run = ozg_deadline(&[
        "--from",
        "2018-10-17",
        "--within",
        "P14D",
        "--state",
        "NI",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["end"], "2018-11-01");
    assert_eq!(
        json["skipped"],
        serde_json::json!([{"date": "2018-10-31", "kind": "holiday", "reason": "Reformationstag"}])
    );
}

#[test]
fn a_bad_date_exits_2_with_a_message() {
    let run = ozg_deadline(&["--from", "2026-02-30", "--within", "P1M", "--state", "BE"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: invalid value '2026-02-30' for '--from <DATE>': 2026-02-30 does not exist in the \
         calendar. Check the month and day, for example 2026-02-28 rather than 2026-02-30.\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn a_date_in_another_format_exits_2_with_the_right_format() {
    let run = ozg_deadline(&["--from", "31.01.2026", "--within", "P1M", "--state", "BE"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: invalid value '31.01.2026' for '--from <DATE>': \"31.01.2026\" is not a date. \
         Write it as YYYY-MM-DD, for example 2026-01-31.\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn a_bad_duration_exits_2_with_a_message() {
    let run = ozg_deadline(&["--from", "2026-01-31", "--within", "PT24H", "--state", "BE"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: invalid value 'PT24H' for '--within <DURATION>': \"PT24H\" is not a valid \
         deadline duration: legal deadlines are counted in whole days, so hours, minutes and \
         seconds (the part from character 2 on) are not allowed. Write days instead, for \
         example \"P1D\" rather than \"PT24H\".\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn an_unknown_state_exits_2_with_the_list_of_codes() {
    let run = ozg_deadline(&["--from", "2026-01-31", "--within", "P1M", "--state", "XX"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: invalid value 'XX' for '--state <CODE>': \"XX\" is not a German federal state. \
         Use one of the codes BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH \
         (for example \"BY\" or \"DE-BY\" for Bayern).\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn months_counted_in_working_days_exit_2_with_a_message() {
    let run = ozg_deadline(&[
        "--from",
        "2026-01-31",
        "--within",
        "P1M",
        "--state",
        "BE",
        "--days",
        "working",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: The deadline \"P1M\" has months or years, but it is counted in working days. A \
         month or year has no fixed number of working days, so only days and weeks (5 working \
         days each) can be counted that way. Write the deadline in days or weeks, for example \
         \"P10D\" or \"P2W\", or count it in calendar days.\n"
    );
}

#[test]
fn a_deadline_beyond_the_recorded_holidays_exits_2_with_a_message() {
    let run = ozg_deadline(&["--from", "2035-12-20", "--within", "P1M", "--state", "BE"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: The deadline needs to know whether 2036-01-20 is a public holiday, but public \
         holidays are only recorded for the years 1995 to 2035. Deadlines that reach other \
         years cannot be computed reliably; check the date by hand with the holiday law of \
         that year.\n"
    );
}

#[test]
fn a_missing_argument_exits_2() {
    let run = ozg_deadline(&["--from", "2026-01-31", "--within", "P1M"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--state <CODE>"), "{}", run.stderr);
}
