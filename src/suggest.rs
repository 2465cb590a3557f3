//! "Did you mean ...?": the closest known word to a likely typo.

/// The candidate closest to `word` by edit distance, when it is close
/// enough to be a likely typo: at most a third of its length differs
/// (at least one character). Case is ignored.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| !c.is_empty() && *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(closest("lable", ["label", "help", "type"]), Some("label"));
        assert_eq!(
            closest("vehicle_lenght", ["vehicle_length", "age"]),
            Some("vehicle_length")
        );
        assert_eq!(closest("colour", ["label", "help"]), None);
    }
}
