//! Why a dataset could not be loaded: every problem found, each naming the file, the line, the
//! JSON path, what was expected and what was found.

use std::fmt;
use std::path::PathBuf;

/// At most this many problems are kept and reported; the rest are only counted, so a badly
/// broken million-entry file cannot produce a million-line message.
pub const MAX_PROBLEMS: usize = 100;

/// What kind of rule a problem breaks (a closed set, for callers that react to kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The text is not JSON.
    Syntax,
    /// A value has the wrong JSON type or an unreadable form (date, decimal, offset, range).
    Type,
    /// A top-level key or record field that the format does not have.
    UnknownField,
    /// A required top-level key or record field is absent.
    MissingField,
    /// A top-level section appears in two files of a folder.
    DuplicateSection,
    /// Two records of one kind share an id (or two operators share a token or site code).
    DuplicateId,
    /// A reference to a record that does not exist.
    Dangling,
    /// A link or cheque names goods of another operator than the client's.
    ForeignGoods,
    /// A money value or setting below zero, or money with more than 2 decimals.
    BadAmount,
    /// Confirmation fields that contradict each other or the offer.
    Inconsistent,
    /// More active links in an entry than the operator's `max_link_goods`.
    TooManyLinks,
}

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file (or the folder, for a section missing from every file).
    pub file: String,
    /// 1-based line, when the place could be found in the text.
    pub line: Option<usize>,
    /// JSON path of the offending value, e.g. `$.entries[12].links[0].list_data_id`.
    pub path: String,
    /// The rule broken.
    pub kind: ProblemKind,
    /// What the format requires.
    pub expected: String,
    /// What the file holds.
    pub found: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.file, line)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(
            f,
            "{}: expected {}, found {}",
            self.path, self.expected, self.found
        )
    }
}

/// Why a dataset could not be loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// A file or folder could not be read.
    #[error("cannot read dataset file {path}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The I/O failure.
        #[source]
        source: std::io::Error,
    },
    /// The dataset's files are larger than the limit (found before reading them, or while
    /// reading a file that grew or has no size, such as a pipe).
    #[error(
        "dataset file {path} makes the dataset larger than its limit of {limit} bytes \
         (--max-dataset-bytes); found {found}"
    )]
    TooLarge {
        /// The file that went over the limit.
        path: PathBuf,
        /// The limit, bytes.
        limit: u64,
        /// What was found (`N bytes in all`, or `more bytes while reading`).
        found: String,
    },
    /// A folder holds no `.json` file.
    #[error("dataset folder {path} holds no .json file")]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// The files were read but break the format or its rules.
    #[error("{}", render(.problems, *.total))]
    Invalid {
        /// The problems kept (at most [`MAX_PROBLEMS`]), ordered by file and line.
        problems: Vec<Problem>,
        /// How many were found in all.
        total: usize,
    },
    /// A dataset file could not be written.
    #[error("cannot write dataset file {path}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O failure.
        #[source]
        source: std::io::Error,
    },
}

fn render(problems: &[Problem], total: usize) -> String {
    let mut out = format!(
        "invalid dataset: {total} problem{}",
        if total == 1 { "" } else { "s" }
    );
    for problem in problems {
        out.push_str("\n  ");
        out.push_str(&problem.to_string());
    }
    if total > problems.len() {
        out.push_str(&format!(
            "\n  … and {} more (only the first {MAX_PROBLEMS} are listed)",
            total - problems.len()
        ));
    }
    out
}

/// Collects problems up to [`MAX_PROBLEMS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
    /// Byte offset of each kept problem when known (for ordering within a file).
    pub(crate) offsets: Vec<Option<usize>>,
    pub(crate) total: usize,
}

impl Problems {
    /// Record a problem found at a JSON path (its line is looked up later, only on failure).
    pub(crate) fn add(
        &mut self,
        file: &str,
        path: String,
        kind: ProblemKind,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.push(
            Problem {
                file: file.to_owned(),
                line: None,
                path,
                kind,
                expected: expected.into(),
                found: found.into(),
            },
            None,
        );
    }

    /// Record a problem whose position is already known.
    pub(crate) fn push(&mut self, problem: Problem, offset: Option<usize>) {
        self.total += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
            self.offsets.push(offset);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub(crate) fn is_full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }
}
