//! What the JSON and XML body walkers share: findings at a place in the body, and whether the
//! object read so far is usable. Each format's reading lives in its own `impl` of
//! [`Walker<Pointer>`] (`json.rs`) or [`Walker<XPath>`] (`xml.rs`).

use crate::checker::finding::Location;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::model::{NetDateTime, Value};
use std::marker::PhantomData;

/// How a walker names a place in the body.
pub(super) trait Paths {
    /// The finding location of `path`.
    fn location(path: &str) -> Location;
}

/// JSON pointers (`/ClientFavorites/0/ProcTime`).
pub(super) enum Pointer {}

impl Paths for Pointer {
    fn location(path: &str) -> Location {
        Location::Pointer(path.to_owned())
    }
}

/// Element paths with 1-based row indices (`/ClientFavoriteDataInfoResponse/…Row[1]/ProcTime`).
pub(super) enum XPath {}

impl Paths for XPath {
    fn location(path: &str) -> Location {
        Location::XPath(path.to_owned())
    }
}

/// Walks a parsed body against its schema, reporting into a [`Sink`].
pub(super) struct Walker<'s, 'p, P> {
    pub(super) sink: &'s mut Sink<'p>,
    /// False once a value could not be read (the typed response would be a guess).
    pub(super) usable: bool,
    paths: PhantomData<P>,
}

impl<'s, 'p, P: Paths> Walker<'s, 'p, P> {
    /// A walker that has found nothing unusable yet.
    pub(super) fn new(sink: &'s mut Sink<'p>) -> Self {
        Walker {
            sink,
            usable: true,
            paths: PhantomData,
        }
    }

    /// Record a finding at `path`.
    pub(super) fn push(
        &mut self,
        rule: RuleId,
        severity: Severity,
        path: &str,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) {
        let location = P::location(path);
        self.sink
            .push(rule, severity, location, expected, actual, message);
    }

    /// Record a violation at `path` that leaves the value unread (and the object unusable).
    pub(super) fn unusable(
        &mut self,
        rule: RuleId,
        path: &str,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) -> Option<Value> {
        self.usable = false;
        self.push(rule, Severity::Violation, path, expected, actual, message);
        None
    }

    /// Compare a date's kind with the profile's expectation (see [`Sink::date_kind`]).
    pub(super) fn date_kind(&mut self, date: &NetDateTime, path: &str) {
        self.sink.date_kind(date, P::location(path));
    }
}
