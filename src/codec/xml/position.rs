//! Two kinds of positions.
//!
//! - [`LineIndex`]: where something is in the document, for our diagnostics (1-based line and
//!   column in characters; `\n`, `\r\n` and a lone `\r` end a line).
//! - [`net_line_position`]: the "line L position P" .NET prints. Web API reads the body through
//!   `XmlDictionaryReader.CreateTextReader(stream, …)`, a *streamed* `XmlUTF8TextReader`. Before
//!   every `Read()` it calls `XmlBufferReader.SetWindow(ElementNode.BufferOffset, …)`, which
//!   moves the unread bytes down to just after the start tag of the innermost open element,
//!   discarding everything already consumed inside it. Its `IXmlLineInfo` then counts lines and
//!   byte columns in that *compacted* buffer (`GetRows` + `GetPosition`), at the read offset.
//!   So the reported buffer is: the start tags of the open elements, back to back, followed by
//!   the bytes of the node being read up to where the reader stopped. For the doc's example,
//!   `<ClientFavoriteDataInfoRequest>` (31 bytes) just read at the start of the body gives
//!   "line 1 position 32": the offset is 31, just after the start tag, and positions are 1-based.
//!   A row starts after `\r`, `\n` or `\r\n` and counts only when it starts strictly before the
//!   offset, so an offset just after a newline still reports the previous line.

/// Line starts of a document, for 1-based line/column of byte offsets.
#[derive(Debug)]
pub(super) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub(super) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line and character column of byte `offset` in `text`.
    pub(super) fn locate(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(column))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The line and position `XmlUTF8TextReader` reports when its read offset is the end of
/// `buffer`, its compacted buffer (see the module docs).
pub(super) fn net_line_position(buffer: &[u8]) -> (u32, u32) {
    let offset = buffer.len();
    let mut line = 1usize;
    let mut row_start = 0usize;
    let mut i = 0;
    while i < offset {
        if matches!(buffer[i], b'\r' | b'\n') {
            if buffer[i] == b'\r' && buffer.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            let next = i + 1;
            if next < offset {
                line += 1;
                row_start = next;
            }
        }
        i += 1;
    }
    (to_u32(line), to_u32(offset - row_start + 1))
}
