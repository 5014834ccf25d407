//! What binding gave for a request body the mock has bound before, so a repeated request is
//! not read again.
//!
//! Binding ([`crate::codec::bind`]) is a pure function of the `Content-Type`, the body and
//! the bind options; the options are fixed for the server's life but for the dataset's time
//! zone and "now", which only a reload changes. So the key is the `Content-Type`, the body
//! and the dataset's generation, compared byte for byte (a hash alone could confuse two
//! bodies).
//!
//! Kept: the result for a body of at most [`MAX_MEMO_BODY_BYTES`], diagnostics and all (a
//! hit gives the very diagnostics a fresh read would); a larger body is read afresh each
//! time. Bounded ([`super::kept`]): [`MAX_MEMO_BINDS`] results and [`MAX_MEMO_BIND_BYTES`]
//! per worker thread, a result weighing twice its key (every string a bound request holds is
//! copied from the body), its own size and what its diagnostics hold.

use super::kept::{Bounds, Kept, KeptStats};
use crate::codec::{BindOptions, Bound, Diagnostic, UnsupportedMediaType};

/// The largest body whose binding is kept, bytes.
pub const MAX_MEMO_BODY_BYTES: usize = 4 * 1024;
/// Bindings kept at most per worker thread.
pub const MAX_MEMO_BINDS: usize = 512;
/// Weight of the bindings kept at most per worker thread, bytes.
pub const MAX_MEMO_BIND_BYTES: usize = 2 * 1024 * 1024;

const BOUNDS: Bounds = Bounds {
    entries: MAX_MEMO_BINDS,
    bytes: MAX_MEMO_BIND_BYTES,
};

/// What binding gives.
type BindResult = Result<Bound, UnsupportedMediaType>;

/// The `Content-Type` (absent and empty told apart), the body and the dataset's generation,
/// in one block.
#[derive(Debug, PartialEq, Eq, Hash)]
struct BindKey(Box<[u8]>);

impl BindKey {
    fn new(content_type: Option<&str>, body: &[u8], generation: u64) -> BindKey {
        let content_type = content_type.map(str::as_bytes);
        let type_len = content_type.map_or(0, <[u8]>::len);
        let mut key = Vec::with_capacity(8 + 1 + 8 + type_len + body.len());
        key.extend_from_slice(&generation.to_le_bytes());
        key.push(u8::from(content_type.is_some()));
        // The type's length, so no body can pass for the end of another type.
        key.extend_from_slice(&(type_len as u64).to_le_bytes());
        key.extend_from_slice(content_type.unwrap_or_default());
        key.extend_from_slice(body);
        BindKey(key.into_boxed_slice())
    }
}

/// The memo.
#[derive(Debug)]
pub(crate) struct BindMemo {
    kept: Kept<BindKey, BindResult>,
}

impl Default for BindMemo {
    fn default() -> Self {
        BindMemo {
            kept: Kept::new(BOUNDS),
        }
    }
}

impl BindMemo {
    #[cfg(test)]
    fn with_shards(count: usize) -> BindMemo {
        BindMemo {
            kept: Kept::with_shards(count, BOUNDS),
        }
    }

    /// What `bind` gives for these arguments, from the memo when this body was bound before
    /// under the same dataset `generation`. `bind` is [`crate::codec::bind`] (a test's
    /// stand-in counts its calls). `options` are not part of the key: they must be the same
    /// for every call with one `generation`, as the server's are (its settings are fixed, and
    /// the dataset's zone and "now" change only with a reload, which moves the generation).
    pub(crate) fn bind(
        &self,
        generation: u64,
        content_type: Option<&str>,
        body: &[u8],
        options: &BindOptions,
        bind: impl FnOnce(Option<&str>, &[u8], &BindOptions) -> BindResult,
    ) -> BindResult {
        if body.len() > MAX_MEMO_BODY_BYTES {
            return bind(content_type, body, options);
        }
        let key = BindKey::new(content_type, body, generation);
        self.kept.get_or_insert(
            key,
            || bind(content_type, body, options),
            |key, result| {
                let diagnostics = match result {
                    Ok(bound) => bound.diagnostics.iter().map(Diagnostic::held_bytes).sum(),
                    Err(_) => 0,
                };
                Some(2 * key.0.len() + size_of::<BindResult>() + diagnostics)
            },
        )
    }

    /// Hits, misses and bindings kept.
    pub(crate) fn stats(&self) -> KeptStats {
        self.kept.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::{BindMemo, BindResult, MAX_MEMO_BODY_BYTES};
    use crate::codec::{self, BindOptions};
    use std::cell::Cell;

    const JSON: Option<&str> = Some("application/json");

    /// What the memo gives, and whether binding ran.
    fn bind(
        memo: &BindMemo,
        generation: u64,
        content_type: Option<&str>,
        body: &[u8],
    ) -> (BindResult, bool) {
        let ran = Cell::new(false);
        let result = memo.bind(
            generation,
            content_type,
            body,
            &BindOptions::default(),
            |t, b, o| {
                ran.set(true);
                codec::bind(t, b, o)
            },
        );
        (result, ran.get())
    }

    #[test]
    fn a_repeated_body_is_bound_once_and_gives_what_binding_gives() {
        let memo = BindMemo::with_shards(1);
        let body = br#"{"Operator":1,"Client":1006,"SiteCode":"w"}"#;
        let (first, ran) = bind(&memo, 1, JSON, body);
        assert!(ran);
        let (again, ran) = bind(&memo, 1, JSON, body);
        assert!(!ran);
        assert_eq!(again, first);
        assert_eq!(again, codec::bind(JSON, body, &BindOptions::default()));
        let request = again.expect("json").request.expect("binds");
        assert_eq!(
            (request.client, request.site_code.as_deref()),
            (1006, Some("w"))
        );
    }

    #[test]
    fn another_type_body_or_generation_is_bound_afresh() {
        let memo = BindMemo::with_shards(1);
        let body = br#"{"Client":1006}"#;
        assert!(bind(&memo, 1, JSON, body).1);
        let differing: [(u64, Option<&str>, &[u8]); 5] = [
            (2, JSON, body),
            (1, Some("application/json; charset=utf-16"), body),
            (1, Some("text/json"), body),
            (1, JSON, br#"{"Client":1007}"#),
            // The type's end moved into the body: told apart by the type's length.
            (1, Some("application/jso"), b"n{\"Client\":1006}"),
        ];
        for (generation, content_type, body) in differing {
            assert!(
                bind(&memo, generation, content_type, body).1,
                "{generation} {content_type:?} {}",
                String::from_utf8_lossy(body)
            );
        }
        // No Content-Type and an empty one are two keys.
        let memo = BindMemo::with_shards(1);
        assert!(bind(&memo, 1, None, b"").1);
        assert!(bind(&memo, 1, Some(""), b"").1);
    }

    #[test]
    fn an_odd_body_is_kept_with_its_diagnostics_and_a_large_one_is_read_each_time() {
        let memo = BindMemo::with_shards(1);
        let odd = br#"{"Client":1006,"Client":1007}"#;
        let first = bind(&memo, 1, JSON, odd).0.expect("json");
        assert!(
            !first.diagnostics.is_empty(),
            "a repeated member is noticed"
        );
        let (again, ran) = bind(&memo, 1, JSON, odd);
        assert!(!ran);
        assert_eq!(again.expect("json").diagnostics, first.diagnostics);
        let padded = format!(
            r#"{{"Client":1006,"SiteCode":"{}"}}"#,
            "s".repeat(MAX_MEMO_BODY_BYTES)
        );
        assert!(bind(&memo, 1, JSON, padded.as_bytes()).1);
        assert!(bind(&memo, 1, JSON, padded.as_bytes()).1);
        assert_eq!(memo.stats().kept, 1);
    }

    #[test]
    fn an_unsupported_type_is_kept_as_the_refusal_binding_gave() {
        let memo = BindMemo::with_shards(1);
        let options = BindOptions::default();
        let plain = Some("text/plain");
        let first = memo.bind(1, plain, b"Client=1", &options, codec::bind);
        let again = memo.bind(1, plain, b"Client=1", &options, |_, _, _| {
            unreachable!("kept")
        });
        assert_eq!(first, again);
        assert!(first.is_err());
    }
}
