//! Word-level comparison of texts, for labels, help texts and
//! notification texts: a reviewer sees which words changed, not two whole
//! paragraphs to compare by eye.

use similar::{ChangeTag, TextDiff};

/// A piece of a compared text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Same(String),
    Removed(String),
    Added(String),
}

/// The old text turned into the new one, word by word. White space
/// belongs to the words around it, so that joining the `Same` and `Added`
/// pieces gives the new text, and `Same` and `Removed` the old one.
pub fn compare(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let piece = match change.tag() {
            ChangeTag::Equal => Segment::Same(text.to_owned()),
            ChangeTag::Delete => Segment::Removed(text.to_owned()),
            ChangeTag::Insert => Segment::Added(text.to_owned()),
        };
        // Merge neighbours of the same kind, so that a changed phrase is one
        // piece rather than one per word.
        match (out.last_mut(), piece) {
            (Some(Segment::Same(a)), Segment::Same(b))
            | (Some(Segment::Removed(a)), Segment::Removed(b))
            | (Some(Segment::Added(a)), Segment::Added(b)) => a.push_str(&b),
            (_, piece) => out.push(piece),
        }
    }
    absorb_spaces(&out)
}

/// A space between two changed pieces is shown as part of both, so that
/// `[-alte Frist-]{+neue Frist+}` reads as whole phrases.
fn absorb_spaces(segments: &[Segment]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        if let Segment::Same(space) = &segments[i]
            && space.trim().is_empty()
            && i > 0
            && i + 1 < segments.len()
            && !matches!(segments[i - 1], Segment::Same(_))
            && !matches!(segments[i + 1], Segment::Same(_))
        {
            // Fold the space into the removed and the added text around it.
            let removed = out.iter_mut().rev().find_map(|s| match s {
                Segment::Removed(t) => Some(t),
                _ => None,
            });
            if let Some(t) = removed {
                t.push_str(space);
            } else {
                out.push(Segment::Removed(space.clone()));
            }
            out.push(Segment::Added(space.clone()));
            i += 1;
            continue;
        }
        out.push(segments[i].clone());
        i += 1;
    }
    // Put removed text before added text within each changed run, and merge.
    let mut merged: Vec<Segment> = Vec::with_capacity(out.len());
    let mut removed = String::new();
    let mut added = String::new();
    for segment in out {
        match segment {
            Segment::Removed(t) => removed.push_str(&t),
            Segment::Added(t) => added.push_str(&t),
            Segment::Same(t) => {
                flush(&mut merged, &mut removed, &mut added);
                merged.push(Segment::Same(t));
            }
        }
    }
    flush(&mut merged, &mut removed, &mut added);
    merged
}

fn flush(out: &mut Vec<Segment>, removed: &mut String, added: &mut String) {
    if !removed.is_empty() {
        out.push(Segment::Removed(std::mem::take(removed)));
    }
    if !added.is_empty() {
        out.push(Segment::Added(std::mem::take(added)));
    }
}

/// The comparison in plain text, as `git diff --word-diff` writes it:
/// `[-removed-]{+added+}`.
pub fn plain(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Same(t) => out.push_str(t),
            Segment::Removed(t) => {
                out.push_str("[-");
                out.push_str(t);
                out.push_str("-]");
            }
            Segment::Added(t) => {
                out.push_str("{+");
                out.push_str(t);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_and_the_rest_kept() {
        let segments = compare(
            "Die Frist beträgt vier Wochen.",
            "Die Frist beträgt zwei Wochen.",
        );
        assert_eq!(
            plain(&segments),
            "Die Frist beträgt [-vier-]{+zwei+} Wochen."
        );
    }

    #[test]
    fn a_changed_phrase_is_one_piece() {
        let segments = compare("innerhalb von vier Wochen", "bis zum Monatsende");
        assert_eq!(
            plain(&segments),
            "[-innerhalb von vier Wochen-]{+bis zum Monatsende+}"
        );
    }
}
