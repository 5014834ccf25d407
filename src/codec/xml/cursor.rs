//! The forward-only member cursor of DataContractSerializer's generated class reader
//! (contracts/reference/wire.md#xml-read-algorithm; `XmlObjectSerializerReadContext.GetMemberIndex`):
//!
//! ```text
//! memberIndex = -1
//! for each child element:
//!     search i in (memberIndex+1 .. N) where (localName, ns) == member[i]   // exact
//!     found → read member i, memberIndex = i
//!     not found → skip the element; no error
//! ```
//!
//! The search is .NET's; the classification of a skip (why the element was dropped) is ours.

use crate::contract::TypeSchema;

/// Where a child element goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    /// Read it into field `field` (an index into `schema.fields`).
    Read(usize),
    /// Skip it, for this reason.
    Skip(SkipReason),
}

/// Why DataContractSerializer skipped an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SkipReason {
    /// A member that precedes the last member read: it arrived too late.
    OutOfOrder {
        /// The member it would have filled.
        field: usize,
        /// The member already read that made it late.
        after: usize,
    },
    /// A member already read: the first value wins.
    Duplicate {
        /// The member.
        field: usize,
    },
    /// The local name of a member, in another namespace.
    WrongNamespace {
        /// The member.
        field: usize,
    },
    /// A member's name differing only in case (in any namespace).
    WrongCase {
        /// The member.
        field: usize,
    },
    /// Not a member at all.
    Unknown,
}

/// The cursor over one object's members.
#[derive(Debug)]
pub(super) struct MemberCursor {
    schema: &'static TypeSchema,
    /// Position in `xml_order` of the last member read.
    last: Option<usize>,
    /// Whether each field (by field index) was read.
    read: Vec<bool>,
}

impl MemberCursor {
    /// A cursor before the first member.
    pub(super) fn new(schema: &'static TypeSchema) -> Self {
        MemberCursor {
            schema,
            last: None,
            read: vec![false; schema.fields.len()],
        }
    }

    /// Decide what happens to a child element `(local, namespace)`.
    pub(super) fn place(&mut self, local: &str, namespace: &str) -> Placement {
        let order = &self.schema.xml_order;
        let fields = &self.schema.fields;
        let from = self.last.map_or(0, |l| l + 1);
        let matches = |i: usize| fields[i].name == local && fields[i].namespace == namespace;
        if let Some(pos) = (from..order.len()).find(|&p| matches(order[p])) {
            self.last = Some(pos);
            self.read[order[pos]] = true;
            return Placement::Read(order[pos]);
        }
        Placement::Skip(self.classify(local, namespace))
    }

    fn classify(&self, local: &str, namespace: &str) -> SkipReason {
        let fields = &self.schema.fields;
        if let Some(field) = self.schema.field_index(local) {
            if fields[field].namespace != namespace {
                return SkipReason::WrongNamespace { field };
            }
            if self.read[field] {
                return SkipReason::Duplicate { field };
            }
            // Exact match not found after the cursor, so it is at or before it.
            let after = self.last.map_or(field, |l| self.schema.xml_order[l]);
            return SkipReason::OutOfOrder { field, after };
        }
        match fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(local))
        {
            Some(field) => SkipReason::WrongCase { field },
            None => SkipReason::Unknown,
        }
    }

    /// Fields never read, in XML order.
    pub(super) fn unread(&self) -> impl Iterator<Item = usize> + '_ {
        self.schema
            .xml_order
            .iter()
            .copied()
            .filter(|&i| !self.read[i])
    }
}
