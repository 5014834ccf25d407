//! Quoting input in messages: text of any length is cut to a named number of characters, with
//! `…` when something was cut, so one huge value never makes a huge message. Each kind of
//! message names its own limit (a finding's value, a snapshot difference, a diagnostic).

use std::borrow::Cow;

/// `text` cut to its first `max` characters, with `…` when something was cut; borrowed when it
/// is kept whole.
pub(crate) fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    // A text of at most `max` bytes has at most `max` characters.
    if text.len() <= max || text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn long_text_is_cut_by_characters_with_an_ellipsis() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…");
        // Characters, not bytes: three Cyrillic letters are six bytes.
        assert_eq!(excerpt("жжж", 3), "жжж");
        assert_eq!(excerpt("жжжж", 3), "жжж…");
    }
}
