//! The words an applicant reads when an application is refused, and the
//! words of a case's timeline.
//!
//! Validation messages go to applicants of German authorities and are
//! written in German, in the plain words of a form ("Bitte geben Sie …
//! an."). Each message is one function, kept apart from the checks, so
//! that other languages can be added here alone.

use crate::feel::number::Number;

pub fn required() -> String {
    "Bitte füllen Sie dieses Feld aus.".to_owned()
}

pub fn not_a_number() -> String {
    "Bitte geben Sie eine Zahl an, z. B. 4,85.".to_owned()
}

pub fn not_whole() -> String {
    "Bitte geben Sie eine ganze Zahl an.".to_owned()
}

pub fn too_many_decimals(decimals: i64) -> String {
    match decimals {
        0 => not_whole(),
        1 => "Bitte geben Sie höchstens eine Nachkommastelle an.".to_owned(),
        n => format!("Bitte geben Sie höchstens {n} Nachkommastellen an."),
    }
}

pub fn not_a_date() -> String {
    "Bitte geben Sie ein Datum an, z. B. 31.12.2024.".to_owned()
}

pub fn not_yes_no() -> String {
    "Bitte wählen Sie Ja oder Nein.".to_owned()
}

pub fn not_text() -> String {
    "Bitte geben Sie einen Text an.".to_owned()
}

pub fn below_min(min: &str) -> String {
    format!("Der Wert darf nicht kleiner als {min} sein.")
}

pub fn above_max(max: &str) -> String {
    format!("Der Wert darf nicht größer als {max} sein.")
}

pub fn date_before(min: &str) -> String {
    format!("Das Datum darf nicht vor dem {min} liegen.")
}

pub fn date_after(max: &str) -> String {
    format!("Das Datum darf nicht nach dem {max} liegen.")
}

pub fn too_short(min: i64) -> String {
    format!("Bitte geben Sie mindestens {min} Zeichen ein.")
}

pub fn too_long(max: i64) -> String {
    format!("Bitte geben Sie höchstens {max} Zeichen ein.")
}

pub fn pattern() -> String {
    "Die Eingabe hat nicht das erwartete Format.".to_owned()
}

pub fn email() -> String {
    "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de.".to_owned()
}

pub fn phone() -> String {
    "Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + an.".to_owned()
}

pub fn iban() -> String {
    "Die IBAN ist nicht gültig. Bitte prüfen Sie Ihre Eingabe.".to_owned()
}

pub fn postal_code() -> String {
    "Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.".to_owned()
}

pub fn not_an_option(value: &str) -> String {
    format!("„{value}“ steht nicht zur Auswahl.")
}

pub fn too_few_items(min: i64) -> String {
    format!("Bitte wählen Sie mindestens {min} Einträge aus.")
}

pub fn too_many_items(max: i64) -> String {
    format!("Bitte wählen Sie höchstens {max} Einträge aus.")
}

pub fn file_kind(kinds: &[String]) -> String {
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_uppercase()).collect();
    format!(
        "Bitte laden Sie eine Datei dieser Art hoch: {}.",
        kinds.join(", ")
    )
}

pub fn file_too_large(max_kb: i64) -> String {
    format!("Die Datei ist zu groß. Erlaubt sind höchstens {max_kb} KB.")
}

pub fn too_few_entries(min: i64) -> String {
    format!("Bitte geben Sie mindestens {min} Einträge an.")
}

pub fn too_many_entries(max: i64) -> String {
    format!("Bitte geben Sie höchstens {max} Einträge an.")
}

pub fn not_a_list() -> String {
    "Bitte geben Sie die Einträge als Liste an.".to_owned()
}

pub fn unknown_field() -> String {
    "Dieses Feld gibt es im Formular nicht.".to_owned()
}

pub fn check_failed() -> String {
    "Die Angabe ist nicht zulässig.".to_owned()
}

/// An amount in German notation: `1.234,50 €`.
pub fn euros(amount: Number) -> String {
    let text = match amount.round(2, crate::feel::number::RoundingMode::HalfUp) {
        Some(rounded) => rounded.to_string(),
        None => amount.to_string(),
    };
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{fraction:0<2} €")
}

/// A number in German notation for messages: `4,70`.
pub fn german_number(n: Number) -> String {
    n.to_string().replace('.', ",")
}

/// A date in German notation: `31.12.2024`.
pub fn german_date(date: jiff::civil::Date) -> String {
    format!("{:02}.{:02}.{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_written_the_german_way() {
        assert_eq!(euros("1234.5".parse().unwrap()), "1.234,50 €");
        assert_eq!(euros("30".parse().unwrap()), "30,00 €");
        assert_eq!(euros("27.60".parse().unwrap()), "27,60 €");
    }
}
