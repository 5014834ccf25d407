//! Where things are in a JSON text: the JSON path at a byte offset, and the line of a JSON path.
//!
//! Used only on the error path (a file that failed to parse or validate), so the happy path never
//! pays for it. The walker is tolerant: it never fails on malformed text, it just stops making
//! sense after the first syntax error, which is where the reported position is anyway.

use std::collections::{HashMap, HashSet};

/// One open container.
struct Frame {
    array: bool,
    /// Length of the path text up to the container itself.
    base: usize,
    /// Array: index of the current element.
    index: usize,
    /// Array: the current element has begun. Object: a key was read and its value is pending.
    started: bool,
}

/// What a walk stops at.
enum Stop<'p> {
    /// The byte offset whose path is wanted.
    At(usize),
    /// Record the line of the first member or element at each of these paths.
    Lines(&'p HashSet<&'p str>, HashMap<String, usize>),
}

struct Walker<'a> {
    text: &'a [u8],
    path: String,
    frames: Vec<Frame>,
    line: usize,
    counted_to: usize,
}

impl<'a> Walker<'a> {
    fn new(text: &'a [u8]) -> Walker<'a> {
        Walker {
            text,
            path: String::from("$"),
            frames: Vec::new(),
            line: 1,
            counted_to: 0,
        }
    }

    /// The 1-based line of byte `offset` (offsets only move forward during a walk).
    fn line_at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        if end > self.counted_to {
            self.line += self.text[self.counted_to..end]
                .iter()
                .filter(|&&c| c == b'\n')
                .count();
            self.counted_to = end;
        }
        self.line
    }

    /// A new path segment begins at `offset` (an array element or an object member).
    fn mark(&mut self, offset: usize, stop: &mut Stop<'_>) {
        if let Stop::Lines(wanted, found) = stop
            && wanted.contains(self.path.as_str())
            && !found.contains_key(&self.path)
        {
            let line = self.line_at(offset);
            found.insert(self.path.clone(), line);
        }
    }

    /// A value token starts at `offset`: in an array it opens the next element's segment.
    fn value_start(&mut self, offset: usize, stop: &mut Stop<'_>) {
        let Some(top) = self.frames.last_mut() else {
            return;
        };
        if top.array && !top.started {
            top.started = true;
            let (base, index) = (top.base, top.index);
            self.path.truncate(base);
            self.path.push('[');
            self.path.push_str(&index.to_string());
            self.path.push(']');
            self.mark(offset, stop);
        }
    }

    fn key(&mut self, raw: &[u8], offset: usize, stop: &mut Stop<'_>) {
        let Some(top) = self.frames.last_mut() else {
            return;
        };
        top.started = true;
        let base = top.base;
        self.path.truncate(base);
        push_key(&mut self.path, &String::from_utf8_lossy(raw));
        self.mark(offset, stop);
    }

    fn expecting_key(&self) -> bool {
        self.frames.last().is_some_and(|f| !f.array && !f.started)
    }

    /// Walk until `stop` is satisfied; returns the path at the stop offset (or at the end).
    fn walk(&mut self, stop: &mut Stop<'_>) -> String {
        let text = self.text;
        let target = match stop {
            Stop::At(t) => Some(*t),
            Stop::Lines(..) => None,
        };
        let mut i = 0;
        if target.is_none() {
            self.mark(0, stop);
        }
        loop {
            while i < text.len() && text[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= text.len() || target.is_some_and(|t| t < i) {
                return self.path.clone();
            }
            let hit = |end: usize| target.is_some_and(|t| (i..end).contains(&t));
            match text[i] {
                c @ (b'{' | b'[') => {
                    self.value_start(i, stop);
                    if hit(i + 1) {
                        return self.path.clone();
                    }
                    self.frames.push(Frame {
                        array: c == b'[',
                        base: self.path.len(),
                        index: 0,
                        started: false,
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    if let Some(frame) = self.frames.pop() {
                        self.path.truncate(frame.base);
                    }
                    if hit(i + 1) {
                        return self.path.clone();
                    }
                    i += 1;
                }
                b',' => {
                    if let Some(top) = self.frames.last_mut() {
                        top.started = false;
                        if top.array {
                            // Point at the next element already (a file cut after the comma is
                            // missing that element); its line is marked when it starts.
                            top.index += 1;
                            let (base, index) = (top.base, top.index);
                            self.path.truncate(base);
                            self.path.push_str(&format!("[{index}]"));
                        }
                    }
                    i += 1;
                }
                b':' => i += 1,
                b'"' => {
                    let end = string_end(text, i);
                    if self.expecting_key() {
                        let raw = &text[i + 1..end.saturating_sub(1).max(i + 1)];
                        self.key(raw, i, stop);
                    } else {
                        self.value_start(i, stop);
                    }
                    if hit(end) {
                        return self.path.clone();
                    }
                    i = end;
                }
                _ => {
                    let end = scalar_end(text, i);
                    self.value_start(i, stop);
                    if hit(end) {
                        return self.path.clone();
                    }
                    i = end;
                }
            }
        }
    }
}

/// Append an object member's segment: `.name` for identifier-like keys, `['key']` otherwise.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let plain = key.chars().enumerate().all(|(n, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (n > 0 && c.is_ascii_digit())
    });
    if plain && !key.is_empty() {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str("['");
        path.push_str(key);
        path.push_str("']");
    }
}

/// Offset just past the string starting at `start` (a `"`), or the end of the text.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// Offset just past a number or literal starting at `start`.
fn scalar_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() && !matches!(text[i], b',' | b'}' | b']' | b':' | b'"') {
        if text[i].is_ascii_whitespace() {
            break;
        }
        i += 1;
    }
    i
}

/// The JSON path of the innermost value, member or container at byte `offset`.
pub(crate) fn path_at(text: &[u8], offset: usize) -> String {
    Walker::new(text).walk(&mut Stop::At(offset))
}

/// The line of the first occurrence of each wanted path (paths not found are absent).
pub(crate) fn lines_of(text: &[u8], wanted: &HashSet<&str>) -> HashMap<String, usize> {
    let mut stop = Stop::Lines(wanted, HashMap::new());
    Walker::new(text).walk(&mut stop);
    match stop {
        Stop::Lines(_, found) => found,
        Stop::At(_) => HashMap::new(),
    }
}

/// The byte offset of the last byte serde_json consumed when it reported `line`:`column`
/// (both 1-based; column 0 means nothing on that line was consumed yet).
pub(crate) fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    let mut seen = 1;
    if line > 1 {
        for (i, &c) in text.iter().enumerate() {
            if c == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    (start + column).saturating_sub(1).min(text.len())
}

/// The 1-based line and column of byte `offset`.
pub(crate) fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let end = offset.min(text.len());
    let before = &text[..end];
    let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    (line, end - line_start + 1)
}
