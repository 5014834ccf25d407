//! Byte classes of .NET's `XmlUTF8TextReader` (its `charType` table), used where quick-xml's
//! events are coarser than .NET's nodes: .NET splits character data into a whitespace node
//! (`[ \t\n]` runs), text nodes (runs of "text" bytes) and one-off nodes (`]`, a lone `\r`, a
//! character in U+F000–U+FFFF, a reference), and rejects bytes quick-xml lets through.

/// XML whitespace as .NET's reader and `XmlConverter.IsWhitespace` see it.
pub(super) fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether `s` is only XML whitespace (`MoveToContent` skips such text and CDATA nodes).
pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(is_xml_space)
}

/// A byte `ReadText` keeps in a text node (`charType & 8`): everything except C0 controls
/// other than tab and LF, `\r`, `&`, `<`, `]`, and the lead byte `0xEF`.
fn is_text_byte(b: u8) -> bool {
    !matches!(b, 0x00..=0x08 | 0x0B..=0x1F | b'&' | b'<' | b']' | 0xEF)
}

/// Skip the whitespace nodes .NET reads at the start of a run of character data: `[ \t\n]`,
/// `\r\n`, and a lone `\r` (a complex-text node holding `\n`). Returns the offset of the first
/// byte of the next node.
pub(super) fn skip_space_nodes(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_xml_space(bytes[i]) {
        i += 1;
    }
    i
}

/// End of the .NET node that starts at `i` inside a run of character data (no `<` or `&`):
/// a text run, a lone `]`, a 3-byte character led by `0xEF`, or one `\r`.
pub(super) fn char_node_end(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        None => i,
        Some(0xEF) => (i + 3).min(bytes.len()),
        Some(&b) if is_text_byte(b) => {
            let mut j = i;
            while j < bytes.len() && is_text_byte(bytes[j]) {
                j += 1;
            }
            j
        }
        Some(_) => i + 1,
    }
}

/// End of the first .NET node in the character data `bytes[start..end]`: the whitespace node
/// when the data begins with whitespace (`ReadWhitespace` reads `[ \t\n]`; `\r\n` is read as
/// that node, a lone `\r` is a one-byte node), else the node at `start`.
pub(super) fn first_node_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let space_run = |mut i: usize| {
        while i < end && matches!(bytes[i], b' ' | b'\t' | b'\n') {
            i += 1;
        }
        i
    };
    match bytes.get(start) {
        Some(b' ' | b'\t' | b'\n') => space_run(start),
        Some(b'\r') if bytes.get(start + 1) == Some(&b'\n') => space_run(start + 1),
        Some(b'\r') => start + 1,
        _ => char_node_end(bytes, start).min(end),
    }
}

/// Whether .NET would treat the text starting at `start` (a whole quick-xml text event ending at
/// `end`) as one *atomic* text node: a single text run directly followed by `<` that does not
/// open `<!` (`XmlUTF8TextReader.ReadText`). Atomic content is converted before the next node is
/// read, so its conversion error wins over a later syntax error.
pub(super) fn is_atomic_text(doc: &[u8], start: usize, end: usize) -> bool {
    start < end
        && doc
            .get(start)
            .is_some_and(|&b| is_text_byte(b) && !is_xml_space(b))
        && char_node_end(doc, start) == end
        && doc.get(end) == Some(&b'<')
        && doc.get(end + 1) != Some(&b'!')
}

/// A byte or sequence .NET refuses in character data, with what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BadText {
    /// A C0 control other than tab, CR, LF: "The byte 0x01 is not valid at this location."
    Control(u8),
    /// U+FFFE or U+FFFF: "Characters with hexadecimal values 0xFFFE and 0xFFFF are not valid."
    NonCharacter,
    /// `]]>` in text: "']]>' not valid in text node content."
    CdataClose,
}

/// The first refused byte in character data `bytes[start..end]`, with its offset.
pub(super) fn find_bad_text(bytes: &[u8], start: usize, end: usize) -> Option<(usize, BadText)> {
    let mut i = start;
    while i < end {
        match bytes[i] {
            b @ (0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F) => return Some((i, BadText::Control(b))),
            0xEF if is_non_character(bytes, i) => return Some((i, BadText::NonCharacter)),
            b']' if bytes.get(i + 1) == Some(&b']') && bytes.get(i + 2) == Some(&b'>') => {
                return Some((i, BadText::CdataClose));
            }
            _ => i += 1,
        }
    }
    None
}

/// The first refused byte in a comment or CDATA body (controls only in comments).
pub(super) fn find_bad_markup(
    bytes: &[u8],
    start: usize,
    end: usize,
    controls: bool,
) -> Option<(usize, BadText)> {
    (start..end).find_map(|i| match bytes[i] {
        b @ (0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F) if controls => Some((i, BadText::Control(b))),
        0xEF if is_non_character(bytes, i) => Some((i, BadText::NonCharacter)),
        _ => None,
    })
}

fn is_non_character(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
}

/// The name at `i` as `ReadQualifiedName` reads it (name bytes: ASCII letters, digits, `-`,
/// `.`, `_`, `:` and any non-ASCII byte); returns its end.
pub(super) fn name_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b'.' | b'_' | b':'))
        || j < bytes.len() && bytes[j] >= 0x80
    {
        j += 1;
    }
    j
}
