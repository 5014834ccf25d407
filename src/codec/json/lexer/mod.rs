//! A small re-implementation of Json.NET's `JsonTextReader` (13.x, with the 6.x differences
//! selected by [`JsonNet`]): its lenient tokenizer, its state machine, its container stack and
//! path (`ClientFavorites[0].Id`), and its line/position bookkeeping.
//!
//! The serializer emulation in `bind` drives this reader exactly as `JsonSerializerInternalReader`
//! drives Json.NET's, so *where the reader stands after an error* matters as much as the error
//! itself: it decides whether Json.NET recovers (member keeps its default) or gives up (request
//! null). Positions are what Json.NET reports: the 1-based line, and the number of UTF-16 units
//! between the start of the line and the reader's cursor (usually the end of the token).

mod container;
mod legacy;
mod literals;
mod numbers;
mod position;
mod strings;
mod structure;
mod typed;
mod value;

use crate::codec::datetime::Clock;
use crate::codec::{Capped, JsonNet};
use crate::model::NetDateTime;
use rust_decimal::Decimal;
use std::cell::Cell;
use std::ops::Range;

pub(crate) use typed::ReadType;
pub(crate) use value::normalize_big;

/// Reads a body may cost at most this many reader steps per byte (plus [`STEP_BASE`]). Json.NET
/// always advances, so this is a guard against emulation defects, never reached by valid input:
/// exceeding it aborts the read with a [`FaultKind::Limit`] fault instead of looping forever.
pub(crate) const STEPS_PER_BYTE: u64 = 8;
/// Fixed allowance of reader steps added to the per-byte budget.
pub(crate) const STEP_BASE: u64 = 64;
/// `found` excerpts of the body are cut to this many characters.
pub(crate) const FOUND_MAX_CHARS: usize = 80;

/// Json.NET's `JsonToken` (the subset a `JsonTextReader` produces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    None,
    StartObject,
    StartArray,
    StartConstructor,
    PropertyName,
    Comment,
    Integer,
    Float,
    String,
    Boolean,
    Null,
    Undefined,
    EndObject,
    EndArray,
    EndConstructor,
    Date,
}

impl Token {
    /// The enum member name, as Json.NET messages print it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Token::None => "None",
            Token::StartObject => "StartObject",
            Token::StartArray => "StartArray",
            Token::StartConstructor => "StartConstructor",
            Token::PropertyName => "PropertyName",
            Token::Comment => "Comment",
            Token::Integer => "Integer",
            Token::Float => "Float",
            Token::String => "String",
            Token::Boolean => "Boolean",
            Token::Null => "Null",
            Token::Undefined => "Undefined",
            Token::EndObject => "EndObject",
            Token::EndArray => "EndArray",
            Token::EndConstructor => "EndConstructor",
            Token::Date => "Date",
        }
    }

    fn is_start(self) -> bool {
        matches!(
            self,
            Token::StartObject | Token::StartArray | Token::StartConstructor
        )
    }
}

/// The value of the current token (`JsonReader.Value`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    /// No value (structural tokens, null, undefined).
    None,
    /// `int` or `long`.
    Int(i64),
    /// A `BigInteger`, kept as its (validated) decimal text.
    Big(String),
    /// `double`.
    Float(f64),
    /// `decimal`.
    Dec(Decimal),
    /// `string` (also property names and comments).
    Str(String),
    /// `bool`.
    Bool(bool),
    /// `DateTime`.
    Date(NetDateTime),
}

/// `JsonReader.State`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Start,
    Property,
    ObjectStart,
    Object,
    ArrayStart,
    Array,
    PostValue,
    ConstructorStart,
    Constructor,
    Finished,
}

/// `JsonContainerType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Container {
    None,
    Object,
    Array,
    Constructor,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Container::None => "None",
            Container::Object => "Object",
            Container::Array => "Array",
            Container::Constructor => "Constructor",
        }
    }
}

/// `JsonPosition`: one level of the container stack.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    kind: Container,
    /// Index of the last finished value (arrays and constructors); starts at -1.
    pub(crate) index: i64,
    name: Option<String>,
}

impl Frame {
    fn new(kind: Container) -> Frame {
        Frame {
            kind,
            index: -1,
            name: None,
        }
    }

    fn has_index(&self) -> bool {
        matches!(self.kind, Container::Array | Container::Constructor)
    }
}

/// What went wrong, for the human-facing sentence (the Json.NET text is kept verbatim beside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// A value the member type cannot take (`1.5` for an Int32, `"abc"` for a decimal).
    NotA,
    /// A number outside the member type's range.
    OutOfRange,
    /// `null` (or `""`) for a non-nullable value type.
    NullForValueType,
    /// Malformed JSON.
    Syntax,
    /// The body ends too early.
    End,
    /// Nesting deeper than the reader's MaxDepth.
    TooDeep,
    /// An object or array where the member needs something else (or the reverse).
    Shape,
    /// A `$ref`/`$id` metadata problem.
    Reference,
    /// The emulation's own step budget ran out (never expected).
    Limit,
}

/// A Json.NET exception: its message, where the reader stood, and what was being read.
#[derive(Clone, Debug)]
pub(crate) struct Fault {
    pub(crate) kind: FaultKind,
    /// The exception message before Json.NET appends the path (`Input string '1.5' is not a
    /// valid integer.`).
    pub(crate) message: String,
    /// The full message as ModelState shows it (`… Path 'Client', line 1, position 13.`).
    pub(crate) text: String,
    /// Json.NET path when the exception was created.
    pub(crate) path: String,
    /// Line (Json.NET's `LineNumber`).
    pub(crate) line: u32,
    /// Position (Json.NET's `LinePosition`).
    pub(crate) position: u32,
    /// The offending body text, if any.
    pub(crate) found: Option<String>,
    /// Byte offset of the reader, to order diagnostics.
    pub(crate) offset: usize,
}

/// Non-standard syntax Json.NET accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lenient {
    Comment,
    SingleQuotes,
    UnquotedName,
    TrailingComma,
    EmptyValue,
    Undefined,
    NonFinite,
    Constructor,
    HexNumber,
    OctalNumber,
    RawControlChar,
    EscapedApostrophe,
    NulChar,
}

/// Where a lenient construct was met.
#[derive(Clone, Debug)]
pub(crate) struct LenientEvent {
    pub(crate) what: Lenient,
    pub(crate) found: String,
    pub(crate) path: String,
    pub(crate) line: u32,
    pub(crate) position: u32,
    pub(crate) offset: usize,
}

/// A remembered reader position (see [`Reader::mark`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    line: u32,
    line_start: usize,
    pos: usize,
}

/// Cached UTF-16 column of a byte offset in the current line (positions are asked in order).
#[derive(Clone, Copy)]
struct ColumnCache {
    line_start: usize,
    byte: usize,
    units: u32,
}

/// The reader.
pub(crate) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// `CharPos`, as a byte offset.
    pos: usize,
    line: u32,
    line_start: usize,
    state: State,
    token: Token,
    value: Val,
    /// Byte offset where the value being read started (for `found`).
    value_start: usize,
    stack: Vec<Frame>,
    current: Frame,
    max_depth: usize,
    exceeded_max_depth: bool,
    version: JsonNet,
    clock: Clock,
    /// Byte offset of the comma just passed, to spot `,}` / `,]` / `,,`.
    after_comma: Option<usize>,
    /// The first lenient constructs met (each becomes a diagnostic), the rest counted.
    lenient: Capped<LenientEvent>,
    column: Cell<ColumnCache>,
    steps: u64,
    step_limit: u64,
    /// The typed read in progress when 6.x typed reads go through `Read()`.
    read_as: ReadType,
    /// The body range of the last string read, when it had no escapes (the text is then
    /// verbatim in the body).
    plain_string: Option<Range<usize>>,
    /// The last verbatim string tested with [`strict_date`] and the outcome.
    strict_hint: Option<(Range<usize>, bool)>,
}

impl<'a> Reader<'a> {
    /// A reader over decoded body text.
    pub(crate) fn new(
        text: &'a str,
        max_depth: usize,
        version: JsonNet,
        clock: Clock,
    ) -> Reader<'a> {
        let len = u64::try_from(text.len()).unwrap_or(u64::MAX);
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            state: State::Start,
            token: Token::None,
            value: Val::None,
            value_start: 0,
            stack: Vec::new(),
            current: Frame::new(Container::None),
            max_depth,
            exceeded_max_depth: false,
            version,
            clock,
            after_comma: None,
            lenient: Capped::default(),
            column: Cell::new(ColumnCache {
                line_start: 0,
                byte: 0,
                units: 0,
            }),
            steps: 0,
            step_limit: len.saturating_mul(STEPS_PER_BYTE).saturating_add(STEP_BASE),
            read_as: ReadType::Read,
            plain_string: None,
            strict_hint: None,
        }
    }

    /// Whether `text`, a slice of the body, is a strict date, if the reader already tested
    /// exactly that text (so the binder need not parse a date twice).
    pub(crate) fn known_strict(&self, text: &str) -> Option<bool> {
        let (range, strict) = self.strict_hint.as_ref()?;
        let start = (text.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (*range == (start..start + text.len())).then_some(*strict)
    }

    // ---------------------------------------------------------------- accessors

    /// `TokenType`.
    pub(crate) fn token(&self) -> Token {
        self.token
    }

    /// `Value`.
    pub(crate) fn value(&self) -> &Val {
        &self.value
    }

    /// Move a string value (a property name) out of the token, leaving no value; empty for
    /// any other value, which stays in place.
    pub(crate) fn take_str_value(&mut self) -> String {
        match std::mem::replace(&mut self.value, Val::None) {
            Val::Str(s) => s,
            other => {
                self.value = other;
                String::new()
            }
        }
    }

    /// Byte offset of the cursor.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    /// The body text of the value just read (from its first character to the cursor).
    pub(crate) fn value_text(&self) -> String {
        excerpt(self.value_raw())
    }

    /// The body text of the value just read, uncut.
    pub(crate) fn value_raw(&self) -> &'a str {
        self.text.get(self.value_start..self.pos).unwrap_or("")
    }

    /// Take the lenient-syntax events noticed so far: the first ones, and how many more.
    pub(crate) fn take_lenient(&mut self) -> (Vec<LenientEvent>, usize) {
        std::mem::take(&mut self.lenient).into_parts()
    }

    /// The text after the cursor (for trailing-content checks once the root is read).
    pub(crate) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// `Depth`.
    pub(crate) fn depth(&self) -> usize {
        let extra = usize::from(!(self.token.is_start() || self.current.kind == Container::None));
        self.stack.len() + extra
    }

    /// `GetPosition(depth).Position`: the index of the array at `depth`.
    pub(crate) fn index_at(&self, depth: usize) -> i64 {
        self.stack.get(depth).unwrap_or(&self.current).index
    }

    // ---------------------------------------------------------------- faults

    /// `JsonReaderException.Create(this, message)` / `JsonSerializationException.Create`.
    pub(crate) fn fault(&self, kind: FaultKind, message: impl Into<String>) -> Fault {
        let message = message.into();
        let path = self.path();
        let line = self.line_number();
        let position = self.line_position();
        Fault {
            kind,
            text: format_message(&message, &path, line, position),
            message,
            path,
            line,
            position,
            found: None,
            offset: self.pos,
        }
    }

    /// A fault that records the value text being read as `found`.
    pub(crate) fn fault_at_value(&self, kind: FaultKind, message: impl Into<String>) -> Fault {
        let mut fault = self.fault(kind, message);
        let text = self.value_text();
        if !text.is_empty() {
            fault.found = Some(text);
        }
        fault
    }

    fn unexpected_char(&self, c: char) -> Fault {
        let mut fault = self.fault(
            FaultKind::Syntax,
            format!("Unexpected character encountered while parsing value: {c}."),
        );
        fault.found = Some(c.to_string());
        fault
    }

    fn unexpected_end(&self) -> Fault {
        self.fault(FaultKind::End, "Unexpected end when reading JSON.")
    }

    /// Count one reader step against the budget.
    fn step(&mut self) -> Result<(), Fault> {
        self.steps += 1;
        if self.steps > self.step_limit {
            return Err(self.fault(
                FaultKind::Limit,
                format!(
                    "The emulated reader exceeded its budget of {} steps.",
                    self.step_limit
                ),
            ));
        }
        Ok(())
    }

    fn note(&mut self, what: Lenient, from: usize) {
        // Past the cap only the count is kept: no path, position or excerpt is built.
        if !self.lenient.has_room() {
            self.lenient.omit();
            return;
        }
        let found = excerpt(self.text.get(from..self.pos).unwrap_or(""));
        let event = LenientEvent {
            what,
            found,
            path: self.path(),
            line: self.line_number(),
            position: self.line_position(),
            offset: self.pos,
        };
        self.lenient.push(event);
    }
}

/// `JsonPosition.FormatMessage`.
pub(crate) fn format_message(message: &str, path: &str, line: u32, position: u32) -> String {
    let mut out = if message.ends_with("\r\n") {
        message.to_owned()
    } else {
        let mut m = message.trim().to_owned();
        if !m.ends_with('.') {
            m.push('.');
        }
        m.push(' ');
        m
    };
    out.push_str(&format!("Path '{path}', line {line}, position {position}."));
    out
}

/// Cut body text for `found` fields.
pub(crate) fn excerpt(s: &str) -> String {
    excerpt_cow(s).into_owned()
}

/// [`excerpt`], borrowing the text when it is short enough to be kept whole.
pub(crate) fn excerpt_cow(s: &str) -> std::borrow::Cow<'_, str> {
    crate::excerpt::excerpt(s, FOUND_MAX_CHARS)
}
