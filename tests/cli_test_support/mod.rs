//! Shared pieces of the `ozg test` and `ozg simulate` command-line tests:
//! a small model repository with one service, written into a temporary
//! folder, and a runner for the real binary that records everything it
//! printed.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

pub const CONFIG: &str = "[project]\nname = \"Stadt Musterstadt\"\nformat = 1\nstate = \"BW\"\n";

/// A certificate of good conduct: a fee with a split, a working-day
/// deadline over the Day of German Unity, a payment wait with a deadline
/// that ends the case, and notifications.
pub const SERVICE: &str = r#"[service]
id = "zeugnis"
title = "Führungszeugnis beantragen"
authority = "Stadt Musterstadt, Bürgerservice"
valid_from = 2024-01-01
legal_basis = ["§ 30 BZRG"]

[[field]]
id = "kind"
label = "Art des Führungszeugnisses"
type = "choice"
required = true
options = [
  { code = "private", label = "Für private Zwecke" },
  { code = "european", label = "Europäisches Führungszeugnis" },
]

[[field]]
id = "birth_date"
label = "Geburtsdatum"
type = "date"
required = true
validate = [{ rule = "birth_date <= submitted - duration(\"P14Y\")", message = "Ein Führungszeugnis erhält, wer mindestens 14 Jahre alt ist." }]

[[section]]
id = "purposes"
title = "Verwendungszwecke"
repeat = { min = 0, max = 3 }

[[section.field]]
id = "purpose"
label = "Zweck"
type = "text"
required = true

[[fee]]
id = "certificate"
label = "Gebühr für das Führungszeugnis"
amount = 'if kind = "european" then 17.00 else 13.00'
legal_basis = "JVKostG Nr. 1130"
split = [
  { authority = "Bundesamt für Justiz", share = "3/5" },
  { authority = "Meldebehörde", share = "2/5" },
]

[[role]]
id = "clerk"
title = "Bürgerservice"

[[role]]
id = "head"
title = "Amtsleitung"

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
title = "Antrag eingegangen"
next = [{ to = "check" }]

[[step]]
id = "check"
kind = "task"
title = "Identität prüfen"
role = "clerk"
decisions = ["forward", "reject"]
deadline = { within = "P3D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "head", label = "Weiterleitungsfrist" }
next = [
  { to = "await_payment", when = 'decision = "forward"' },
  { to = "refused", when = 'decision = "reject"' },
]

[[step]]
id = "await_payment"
kind = "wait"
title = "Warten auf Zahlung"
events = ["payment_received"]
deadline = { within = "P2W", from = "entered", on_expiry = "transition", to = "cancelled", label = "Zahlungsfrist" }
next = [{ to = "forwarded" }]

[[step]]
id = "forwarded"
kind = "end"
title = "An das Bundesamt übermittelt"
outcome = "completed"

[[step]]
id = "refused"
kind = "end"
title = "Abgelehnt"
outcome = "rejected"

[[step]]
id = "cancelled"
kind = "end"
title = "Nicht bezahlt"
outcome = "withdrawn"

[[notification]]
id = "receipt_confirmation"
on = "receipt"
subject = "Eingangsbestätigung"
text = "Ihr Antrag ist eingegangen."

[[notification]]
id = "payment_request"
on = "await_payment"
when = "fees_total > 0"
subject = "Bitte zahlen Sie die Gebühr"
text = "Bitte zahlen Sie."
"#;

/// A scenario that passes: submitted on Wednesday 2 October 2024, the day
/// before the Day of German Unity.
pub const PASSING: &str = r#"[scenario]
title = "Privat, bezahlt"
submitted = 2024-10-02

[input]
kind = "private"
birth_date = 1990-05-01

[[event]]
on = 2024-10-04
decision = "forward"

[[event]]
after = "P3D"
event = "payment_received"

[expect]
outcome = "completed"
path = ["receipt", "check", "await_payment", "forwarded"]
fees_total = 13.00
fees = { certificate = 13.00 }
split = { certificate = { "Bundesamt für Justiz" = 7.80, "Meldebehörde" = 5.20 } }
deadlines = { check = 2024-10-08, await_payment = 2024-10-18 }
notifications = ["receipt_confirmation", "payment_request"]
"#;

/// A scenario whose expectations do not hold: the European certificate
/// costs 17 euros, and the case is completed, not approved.
pub const FAILING: &str = r#"[scenario]
title = "Europäisch, falsche Erwartung"
submitted = 2024-10-02

[input]
kind = "european"
birth_date = 1990-05-01

[[event]]
on = 2024-10-04
decision = "forward"

[[event]]
on = 2024-10-07
event = "payment_received"

[expect]
outcome = "approved"
fees_total = 13.00
deadlines = { check = 2024-10-07 }
"#;

/// A scenario that expects validation errors.
pub const INVALID: &str = r#"[scenario]
title = "Zu jung, Zweck fehlt"
submitted = 2024-10-02

[input]
kind = "private"
birth_date = 2015-01-01
purposes = [{ purpose = "Verein" }, {}]

[expect]
errors = ["birth_date", "purposes[2].purpose"]
"#;

/// A model repository in a temporary folder.
pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// The repository with the service and the given scenarios
    /// (`name`, text) in its scenarios folder.
    pub fn with_scenarios(scenarios: &[(&str, &str)]) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        repo.write("ozg.toml", CONFIG);
        repo.write("services/zeugnis/service.toml", SERVICE);
        for (name, text) in scenarios {
            repo.write(&format!("services/zeugnis/scenarios/{name}.toml"), text);
        }
        repo
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("files lie in a folder")).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(path)).unwrap()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// Runs `ozg` with the arguments in the repository's folder, with no
    /// terminal and nothing on standard input.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ozg"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the ozg binary runs");
        child
            .stdin
            .take()
            .expect("standard input is piped")
            .write_all(stdin.as_bytes())
            .expect("standard input can be written");
        let output = child.wait_with_output().expect("the ozg binary ends");
        Run {
            args: args.join(" "),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// What a run of the binary printed, and how it ended.
pub struct Run {
    pub args: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole run as one text, for a snapshot; timings are replaced,
    /// since they differ from run to run.
    pub fn transcript(&self) -> String {
        let text = format!(
            "args: {}\nexit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        let timing = regex::Regex::new(r"\(\d+\.\d+ s\)").unwrap();
        timing.replace_all(&text, "(TIME)").into_owned()
    }
}
