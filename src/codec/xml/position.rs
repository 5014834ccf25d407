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

use std::cell::{Cell, RefCell};

/// Line starts of a document, for 1-based line/column of byte offsets. The document is scanned
/// lazily, only as far as the offsets asked for: a request body is usually located once, near
/// its start (the root element), so most of it is never scanned.
#[derive(Debug)]
pub(super) struct LineIndex {
    /// Line starts found so far, ascending.
    starts: RefCell<Vec<usize>>,
    /// Bytes before this offset have been scanned.
    scanned: Cell<usize>,
    /// The last offset located: its line start and 1-based column. The next offset on the same
    /// line is counted from there, so locating element after element along one long line costs
    /// the distance between them rather than the length of the line each time.
    last: Cell<Located>,
}

#[derive(Clone, Copy, Debug)]
struct Located {
    line_start: usize,
    offset: usize,
    column: usize,
}

impl Default for LineIndex {
    fn default() -> Self {
        LineIndex {
            starts: RefCell::new(vec![0]),
            scanned: Cell::new(0),
            last: Cell::new(Located {
                line_start: 0,
                offset: 0,
                column: 1,
            }),
        }
    }
}

impl LineIndex {
    /// Index the lines of `text` (all of it).
    #[cfg(test)]
    pub(super) fn new(text: &str) -> Self {
        let index = LineIndex::default();
        index.scan_to(text, text.len());
        index
    }

    /// Record the line starts produced by the bytes before `limit` (a `\r\n` pair straddling
    /// `limit` is read whole).
    fn scan_to(&self, text: &str, limit: usize) {
        let bytes = text.as_bytes();
        let mut starts = self.starts.borrow_mut();
        let mut i = self.scanned.get();
        while i < limit.min(bytes.len()) {
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
        self.scanned.set(self.scanned.get().max(i));
    }

    /// 1-based line and character column of byte `offset` in `text`.
    pub(super) fn locate(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // Every line start at or before `offset` comes from a byte before it.
        self.scan_to(text, offset);
        let starts = self.starts.borrow();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let last = self.last.get();
        let chars =
            |range: std::ops::Range<usize>| text.get(range).map_or(0, |s| s.chars().count());
        let column = if last.line_start != start {
            chars(start..offset) + 1
        } else if last.offset <= offset {
            last.column + chars(last.offset..offset)
        } else {
            last.column.saturating_sub(chars(offset..last.offset))
        };
        self.last.set(Located {
            line_start: start,
            offset,
            column,
        });
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
