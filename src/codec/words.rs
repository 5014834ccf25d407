//! Eight bytes at a time: word-at-a-time tests that let the writers skip runs of text that
//! needs no escaping (the bit tricks of "Bit Twiddling Hacks", exact for "is there such a
//! byte in the word").

/// `0x0101…01`: one in every byte of a word.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// `0x8080…80`: the high bit of every byte of a word.
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether some byte of `word` is below `n` (`n` <= 0x80; the classic "has less" bit trick,
/// exact for this question).
pub(crate) const fn has_byte_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * n as u64) & !word & HIGHS != 0
}

/// Whether some byte of `word` equals `b`.
pub(crate) const fn has_byte(word: u64, b: u8) -> bool {
    has_byte_below(word ^ (ONES * b as u64), 1)
}

/// The eight bytes of `bytes` at `i` as a word, if there are eight.
pub(crate) fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_ne_bytes(chunk))
}

#[cfg(test)]
mod tests;
