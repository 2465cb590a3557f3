//! Ids for imported fields, sections, services and code lists.
//!
//! Model ids are lower-case ASCII (`[a-z][a-z0-9_]*`), while FIM names are
//! German prose. Umlauts and ß are transliterated as German writes them
//! without umlauts (ä → ae, ß → ss), other accented letters lose their
//! accent, everything else becomes an underscore.
//!
//! One FIM field is often used in several places (the same "name" field for
//! the applicant and the employer), and every place becomes a field of its
//! own. Ids must be unique within a service, so a name that occurs more
//! than once is qualified by the groups around it, nearest first, until the
//! places differ (`arbeitgeber_name`, `antragsteller_name`); only places
//! whose whole group path is the same get a number.

use std::collections::{HashMap, HashSet};

/// Names that the model gives a meaning of its own, or that are words of
/// FEEL, and that an id therefore must not take.
pub const RESERVED: &[&str] = &[
    "submitted",
    "decision",
    "event",
    "fees_total",
    "item",
    "and",
    "or",
    "not",
    "true",
    "false",
    "null",
    "if",
    "then",
    "else",
    "for",
    "in",
    "return",
    "some",
    "every",
    "satisfies",
    "between",
    "instance",
    "of",
    "function",
    "external",
];

/// Whether `id` is a valid model id: a lower-case letter, then lower-case
/// letters, digits and underscores.
pub fn is_valid(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The longest part (from one name) of an id.
pub const PART_LENGTH: usize = 40;

/// `text` as an id part: lower-case ASCII letters, digits and underscores,
/// at most `max` characters, cut at a word boundary where possible. May be
/// empty or start with a digit; see [`id_from`].
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match transliterate(c) {
            Some(letters) => out.push_str(letters),
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => out.push('_'),
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if !(c == '_' && (collapsed.is_empty() || collapsed.ends_with('_'))) {
            collapsed.push(c);
        }
    }
    let mut result = collapsed.trim_end_matches('_').to_owned();
    if result.len() > max {
        let cut = result[..=max]
            .rfind('_')
            .filter(|&i| i >= max / 2)
            .unwrap_or(max);
        result.truncate(cut);
        result = result.trim_end_matches('_').to_owned();
    }
    result
}

/// An id from a name: its slug, with `prefix_` before it when it would
/// start with a digit, or `fallback` when nothing of the name is left.
pub fn id_from(name: &str, prefix: &str, fallback: &str) -> String {
    // FIM names explain themselves in brackets ("Ort Inland (ohne
    // Ortsteil)"); the words before them make the better id.
    let short = without_brackets(name);
    let slug = match slug(&short, PART_LENGTH) {
        s if s.is_empty() => slug(name, PART_LENGTH),
        s => s,
    };
    if slug.is_empty() {
        let fallback = self::slug(fallback, PART_LENGTH);
        return if fallback.starts_with(|c: char| c.is_ascii_lowercase()) {
            fallback
        } else {
            format!("{prefix}_{fallback}")
        };
    }
    if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}_{slug}")
    } else {
        slug
    }
}

/// `text` without the parts in round brackets.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ů' | 'ū' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// One place to name: its own id part and the id parts of the groups
/// around it, outermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub base: String,
    pub groups: Vec<String>,
}

/// Unique ids for `places`, in their order, none of them in [`RESERVED`]
/// or in `taken`.
///
/// A base used by several places is qualified, for each place, by the
/// nearest enclosing group in which its path differs from the paths of all
/// the others: the "name" of the applicant and of the employer become
/// `antragsteller_name` and `arbeitgeber_name`, however deep the groups
/// that both share. Places whose paths do not differ at all are numbered.
pub fn unique(places: &[Place], taken: &[&str]) -> Vec<String> {
    let mut by_base: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, place) in places.iter().enumerate() {
        by_base.entry(place.base.as_str()).or_default().push(i);
    }
    let ancestor = |i: usize, k: usize| {
        let groups = &places[i].groups;
        groups.len().checked_sub(k).map(|at| groups[at].as_str())
    };
    let candidates: Vec<String> = (0..places.len())
        .map(|i| {
            let others = &by_base[places[i].base.as_str()];
            if others.len() == 1 {
                return places[i].base.clone();
            }
            let level = (1..=places[i].groups.len()).find(|&k| {
                others
                    .iter()
                    .filter(|&&j| j != i)
                    .all(|&j| ancestor(j, k) != ancestor(i, k))
            });
            match level.and_then(|k| ancestor(i, k)) {
                Some(group) => format!("{group}_{}", places[i].base),
                None => places[i].base.clone(),
            }
        })
        .collect();

    let mut used: HashSet<String> = taken
        .iter()
        .chain(RESERVED)
        .map(|id| (*id).to_owned())
        .collect();
    let mut out = Vec::with_capacity(places.len());
    for id in candidates {
        let mut chosen = id.clone();
        let mut number = 1;
        while used.contains(&chosen) {
            number += 1;
            chosen = format!("{id}_{number}");
        }
        used.insert(chosen.clone());
        out.push(chosen);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(base: &str, groups: &[&str]) -> Place {
        Place {
            base: base.into(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    #[test]
    fn umlauts_and_sharp_s_are_transliterated() {
        assert_eq!(slug("Größe Person", 32), "groesse_person");
        assert_eq!(slug("Straße / Hausnummer", 32), "strasse_hausnummer");
        assert_eq!(
            slug("Übermittlung à la carte", 32),
            "uebermittlung_a_la_carte"
        );
    }

    #[test]
    fn punctuation_and_spaces_become_single_underscores() {
        assert_eq!(slug("  E-Mail (dienstlich)!  ", 32), "e_mail_dienstlich");
    }

    #[test]
    fn long_names_are_cut_at_a_word_boundary() {
        let cut = slug(
            "Benachrichtigung über die Beschäftigung einer schwangeren Frau",
            32,
        );
        assert_eq!(cut, "benachrichtigung_ueber_die");
    }

    #[test]
    fn explanations_in_brackets_are_left_out_of_ids() {
        assert_eq!(
            id_from("Ort Inland (ohne Ortsteil)", "gruppe", "G1"),
            "ort_inland"
        );
        assert_eq!(id_from("(Sonstiges)", "feld", "F1"), "sonstiges");
    }

    #[test]
    fn ids_never_start_with_a_digit_and_never_end_empty() {
        assert_eq!(id_from("2. Wohnsitz", "feld", "F1"), "feld_2_wohnsitz");
        assert_eq!(id_from("§§", "feld", "F00000013"), "f00000013");
        assert_eq!(id_from("", "gruppe", "12"), "gruppe_12");
    }

    #[test]
    fn a_name_used_once_keeps_its_plain_id() {
        let ids = unique(&[place("vorname", &["antragsteller"])], &[]);
        assert_eq!(ids, ["vorname"]);
    }

    #[test]
    fn places_of_one_name_are_qualified_by_their_nearest_differing_group() {
        let ids = unique(
            &[
                place("name", &["antrag", "antragsteller"]),
                place("name", &["antrag", "arbeitgeber"]),
                place("ort", &["antrag", "arbeitgeber"]),
            ],
            &[],
        );
        assert_eq!(ids, ["antragsteller_name", "arbeitgeber_name", "ort"]);
    }

    #[test]
    fn places_with_the_same_path_are_numbered() {
        let ids = unique(&[place("zeile", &["zone"]), place("zeile", &["zone"])], &[]);
        assert_eq!(ids, ["zeile", "zeile_2"]);
    }

    #[test]
    fn only_the_differing_group_qualifies_a_place_not_the_groups_all_share() {
        let ids = unique(
            &[
                place("strasse", &["antragsteller", "inland", "angaben"]),
                place("strasse", &["ausbildung", "inland", "angaben"]),
                place("strasse", &["arbeitgeber", "angaben"]),
            ],
            &[],
        );
        assert_eq!(
            ids,
            [
                "antragsteller_strasse",
                "ausbildung_strasse",
                "arbeitgeber_strasse"
            ]
        );
    }

    #[test]
    fn reserved_and_taken_names_are_avoided() {
        let ids = unique(&[place("event", &[]), place("review", &[])], &["review"]);
        assert_eq!(ids, ["event_2", "review_2"]);
    }

    #[test]
    fn a_qualified_id_that_meets_another_plain_one_is_numbered() {
        let ids = unique(
            &[
                place("anschrift_ort", &[]),
                place("ort", &["anschrift"]),
                place("ort", &["kontakt"]),
            ],
            &[],
        );
        assert_eq!(ids.len(), 3);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 3, "{ids:?}");
    }
}
