//! Generated model repositories for benchmarks: many services shaped like
//! real ones (about 25 fields in sections and a repeatable group, computed
//! values, a decision table, fees, roles, 8 process steps with guards and
//! deadlines, notifications), each different from the next in ids, figures
//! and labels, and each free of lint findings.

#![allow(dead_code)]
// One template, written out as one text: splitting it would only scatter it.
#![allow(clippy::too_many_lines)]

use std::fmt::Write as _;
use std::path::Path;

/// Writes a repository with `count` services under `root`.
pub fn write_repository(root: &Path, count: usize) -> std::io::Result<u64> {
    std::fs::create_dir_all(root.join("services"))?;
    std::fs::create_dir_all(root.join("codelists"))?;
    std::fs::write(
        root.join("ozg.toml"),
        "[project]\nname = \"Benchmark\"\nformat = 1\nstate = \"NW\"\n",
    )?;
    std::fs::write(root.join("codelists/legal_forms.toml"), CODELIST)?;
    let mut bytes = 0;
    for i in 0..count {
        let id = format!("service_{i:05}");
        let dir = root.join("services").join(&id);
        std::fs::create_dir_all(&dir)?;
        let text = service(i);
        bytes += text.len() as u64;
        std::fs::write(dir.join("service.toml"), text)?;
    }
    Ok(bytes)
}

const CODELIST: &str = r#"[codelist]
id = "legal_forms"
title = "Rechtsformen"
version = "2024-01-01"
entries = [
  { code = "natural_person", label = "Natürliche Person" },
  { code = "gmbh", label = "GmbH" },
  { code = "ag", label = "AG" },
  { code = "ev", label = "Eingetragener Verein" },
]
"#;

/// The text of service number `i`.
pub fn service(i: usize) -> String {
    let mut s = String::with_capacity(6000);
    let fee = 20 + (i % 80);
    let limit = 3 + (i % 5);
    let year = 2020 + (i % 6);
    let _ = write!(
        s,
        r#"[service]
id = "service_{i:05}"
title = "Antrag Nummer {i} auf Erteilung einer Genehmigung"
leika = "990{i:011}"
authority = "Stadt Musterstadt, Fachbereich {dept}"
state = "NW"
valid_from = {year}-01-01
legal_basis = ["§ {para} Mustergesetz", "Gebührensatzung der Stadt Musterstadt"]
description = "Erteilung einer Genehmigung nach § {para} Mustergesetz."

[[section]]
id = "applicant"
title = "Angaben zur antragstellenden Person"

[[section.field]]
id = "family_name"
label = "Familienname"
type = "text"
required = true
max_length = 120

[[section.field]]
id = "given_names"
label = "Vornamen"
type = "text"
required = true
max_length = 120

[[section.field]]
id = "birth_date"
label = "Geburtsdatum"
type = "date"
required = true
max = 2030-12-31

[[section.field]]
id = "email"
label = "E-Mail-Adresse"
type = "email"

[[section.field]]
id = "phone"
label = "Telefonnummer"
type = "phone"

[[section.section]]
id = "address"
title = "Anschrift"

[[section.section.field]]
id = "street"
label = "Straße und Hausnummer"
type = "text"
required = true
max_length = 100

[[section.section.field]]
id = "postal_code"
label = "Postleitzahl"
type = "postal_code"
required = true

[[section.section.field]]
id = "city"
label = "Ort"
type = "text"
required = true
max_length = 80

[[section]]
id = "business"
title = "Angaben zum Betrieb"

[[section.field]]
id = "legal_form"
label = "Rechtsform"
type = "choice"
codelist = "legal_forms"
required = true

[[section.field]]
id = "company_name"
label = "Name des Betriebs"
type = "text"
visible = 'legal_form != "natural_person"'
required = true
max_length = 200

[[section.field]]
id = "employees"
label = "Zahl der Beschäftigten"
type = "integer"
min = 0
max = 100000
required = true

[[section.field]]
id = "area"
label = "Fläche in Quadratmetern"
type = "decimal"
min = 0.0
max = 50000.0
decimals = 2

[[section.field]]
id = "start_date"
label = "Beginn der Tätigkeit"
type = "date"

[[section.field]]
id = "iban"
label = "IBAN für Erstattungen"
type = "iban"

[[section]]
id = "locations"
title = "Betriebsstätten"
repeat = {{ min = 1, max = 10 }}

[[section.field]]
id = "location_name"
label = "Bezeichnung"
type = "text"
required = true
max_length = 80

[[section.field]]
id = "location_area"
label = "Fläche in Quadratmetern"
type = "decimal"
min = 0.0
required = true

[[section]]
id = "attachments"
title = "Unterlagen"

[[section.field]]
id = "site_plan"
label = "Lageplan"
type = "file"
file_kinds = ["pdf", "png", "jpeg"]
max_size_kb = 10000
required = "area > {limit}00"

[[section.field]]
id = "reduced"
label = "Ermäßigung beantragt"
type = "boolean"

[[section.field]]
id = "reduction_proof"
label = "Nachweis der Ermäßigung"
type = "file"
file_kinds = ["pdf"]
visible = "reduced"
required = true

[[section.field]]
id = "consent"
label = "Ich versichere die Richtigkeit meiner Angaben."
type = "boolean"
required = true

[[section.field]]
id = "privacy_note"
type = "display"
text = "Ihre Daten werden nach Art. 6 Abs. 1 lit. e DSGVO verarbeitet."

[[computed]]
id = "total_area"
label = "Gesamtfläche aller Betriebsstätten"
expr = "sum(for l in locations return l.location_area)"

[[computed]]
id = "large_business"
expr = "employees > {limit}0 or total_area > {limit}000"

[[decision]]
id = "base_fee"
label = "Grundgebühr nach Größe"
hit_policy = "unique"
inputs = ["employees", "legal_form"]
legal_basis = "Gebührensatzung Tarifstelle {para}.1"
rules = [
  {{ when = ["< 10", "-"], then = "{fee}.00" }},
  {{ when = ["[10..50)", "-"], then = "{fee2}.00" }},
  {{ when = [">= 50", "-"], then = "{fee3}.00" }},
]

[[fee]]
id = "processing_fee"
label = "Verwaltungsgebühr"
amount = "if reduced then base_fee / 4 else base_fee"
legal_basis = "Gebührensatzung Tarifstelle {para}.1"

[[fee]]
id = "location_fee"
label = "Gebühr je weitere Betriebsstätte"
amount = "(count(locations) - 1) * 13.00"
when = "count(locations) > 1"
legal_basis = "Gebührensatzung Tarifstelle {para}.2"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[[role]]
id = "head"
title = "Fachbereichsleitung"

[process]
start = "receipt"

[[step]]
id = "receipt"
kind = "automatic"
title = "Eingang"
next = [
  {{ to = "senior_review", when = "large_business" }},
  {{ to = "review" }},
]

[[step]]
id = "review"
kind = "task"
title = "Antrag prüfen"
role = "clerk"
decisions = ["approve", "reject", "request_documents"]
deadline = {{ within = "P{days}D", from = "entered", days = "working", on_expiry = "escalate", escalate_to = "head", legal_basis = "Dienstanweisung Nr. {limit}" }}
next = [
  {{ to = "payment", when = 'decision = "approve"' }},
  {{ to = "refused", when = 'decision = "reject"' }},
  {{ to = "await_documents", when = 'decision = "request_documents"' }},
]

[[step]]
id = "senior_review"
kind = "task"
title = "Prüfung durch die Leitung"
role = "head"
decisions = ["approve", "reject"]
next = [
  {{ to = "payment", when = 'decision = "approve"' }},
  {{ to = "refused", when = 'decision = "reject"' }},
]

[[step]]
id = "await_documents"
kind = "wait"
title = "Unterlagen nachreichen"
events = ["documents_received"]
deadline = {{ within = "P4W", from = "entered", on_expiry = "transition", to = "refused", legal_basis = "§ 24 VwVfG" }}
next = [{{ to = "review" }}]

[[step]]
id = "payment"
kind = "wait"
title = "Zahlung abwarten"
events = ["paid"]
deadline = {{ within = "P1M", from = "entered", on_expiry = "transition", to = "refused", legal_basis = "Gebührensatzung § 5" }}
next = [{{ to = "granted" }}]

[[step]]
id = "granted"
kind = "end"
title = "Genehmigt"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
title = "Abgelehnt"
outcome = "rejected"

[[step]]
id = "withdrawn"
kind = "end"
title = "Zurückgenommen"
outcome = "withdrawn"

[[deadline]]
id = "decision_deadline"
label = "Entscheidungsfrist"
within = "P3M"
from = "submitted"
on_expiry = "transition"
to = "withdrawn"
legal_basis = "§ {para} Abs. 3 Mustergesetz"

[[notification]]
id = "receipt_confirmation"
on = "receipt"
subject = "Eingangsbestätigung"
text = "Ihr Antrag Nummer {i} ist bei uns eingegangen."

[[notification]]
id = "decision_letter"
on = "granted"
subject = "Ihre Genehmigung"
text = "Ihr Antrag wurde genehmigt. Die Gebühr beträgt {fee},00 Euro."
"#,
        dept = 10 + i % 40,
        para = 1 + i % 60,
        fee2 = fee * 2,
        fee3 = fee * 3,
        days = 5 + i % 20,
    );
    s
}
