//! The engine's encoded answers, kept by everything that decides them, so a request the mock
//! has answered before is answered again without running the engine and the writer.
//!
//! The engine is a pure function of the bound request, the dataset, the settings and the
//! JWT's operator, and the writer of the answer and the negotiated type: the key holds each of
//! these that can differ between two requests to one server (the settings are fixed for its
//! life; the dataset is named by its generation, which a reload changes). Binding has a memo
//! of its own ([`super::bind_memo`]); diagnostics, overrides, scenarios and the journal run
//! for every request.
//!
//! Bounded ([`super::kept`]): [`MAX_CACHED_ANSWERS`] answers and [`MAX_CACHED_ANSWER_BYTES`]
//! of bodies per worker thread; a full shard is emptied and fills again. An answer larger
//! than [`MAX_CACHED_BODY_BYTES`] is not kept.

use super::kept::{Bounds, Kept, KeptStats};
use crate::codec::ResponseType;
use crate::model::{NetDateTime, Request};
use bytes::Bytes;

/// Answers a shard keeps at most.
pub const MAX_CACHED_ANSWERS: usize = 512;
/// Bytes of answer bodies a shard keeps at most.
pub const MAX_CACHED_ANSWER_BYTES: usize = 4 * 1024 * 1024;
/// The largest answer body kept, bytes.
pub const MAX_CACHED_BODY_BYTES: usize = 64 * 1024;

const BOUNDS: Bounds = Bounds {
    entries: MAX_CACHED_ANSWERS,
    bytes: MAX_CACHED_ANSWER_BYTES,
};

/// The bound request's members, each of which the engine may read.
type RequestKey = (
    i32,
    Option<i32>,
    Option<i32>,
    Option<NetDateTime>,
    Option<NetDateTime>,
    Option<i32>,
    Option<i32>,
    i16,
    Option<i64>,
    Option<String>,
);

/// Everything an answer depends on besides the server's fixed settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AnswerKey {
    request: RequestKey,
    negotiated: ResponseType,
    jwt_operator: Option<i16>,
    generation: u64,
}

impl AnswerKey {
    /// The key of `request` answered as `negotiated`, for a JWT naming `jwt_operator`, from
    /// the dataset of `generation`.
    pub(crate) fn new(
        request: &Request,
        negotiated: ResponseType,
        jwt_operator: Option<i16>,
        generation: u64,
    ) -> AnswerKey {
        // Named without `..`: a member added to the request must be added to the key.
        let Request {
            client,
            client_favorite_id,
            list_data_id,
            beg_date,
            end_date,
            start,
            length,
            operator,
            token,
            site_code,
        } = request;
        AnswerKey {
            request: (
                *client,
                *client_favorite_id,
                *list_data_id,
                *beg_date,
                *end_date,
                *start,
                *length,
                *operator,
                *token,
                site_code.clone(),
            ),
            negotiated,
            jwt_operator,
            generation,
        }
    }
}

/// The cache: a [`Kept`] map of bodies.
#[derive(Debug)]
pub(crate) struct AnswerCache {
    kept: Kept<AnswerKey, Bytes>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache {
            kept: Kept::new(BOUNDS),
        }
    }
}

impl AnswerCache {
    #[cfg(test)]
    fn with_shards(count: usize) -> AnswerCache {
        AnswerCache {
            kept: Kept::with_shards(count, BOUNDS),
        }
    }

    /// The body kept for `key`, or the one `answer` produces (kept when it is small enough).
    pub(crate) fn get_or_insert(&self, key: AnswerKey, answer: impl FnOnce() -> Bytes) -> Bytes {
        self.kept.get_or_insert(key, answer, |_, body| {
            (body.len() <= MAX_CACHED_BODY_BYTES).then_some(body.len())
        })
    }

    /// Hits, misses and answers kept.
    pub(crate) fn stats(&self) -> KeptStats {
        self.kept.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::{AnswerCache, AnswerKey, MAX_CACHED_ANSWERS, MAX_CACHED_BODY_BYTES};
    use crate::codec::{Charset, MediaType, ResponseType};
    use crate::model::Request;
    use bytes::Bytes;

    const JSON: ResponseType = ResponseType {
        media: MediaType::ApplicationJson,
        charset: Charset::Utf8,
    };
    const XML: ResponseType = ResponseType {
        media: MediaType::ApplicationXml,
        charset: Charset::Utf8,
    };

    fn request(client: i32) -> Request {
        Request {
            client,
            ..Request::default()
        }
    }

    /// What the cache answers for `key`, and whether it ran the producer.
    fn ask(cache: &AnswerCache, key: AnswerKey, body: &str) -> (Bytes, bool) {
        let mut ran = false;
        let answer = cache.get_or_insert(key, || {
            ran = true;
            Bytes::from(body.to_owned())
        });
        (answer, ran)
    }

    #[test]
    fn a_repeated_request_is_answered_from_the_cache_and_anything_that_differs_is_not() {
        let cache = AnswerCache::with_shards(1);
        let base = AnswerKey::new(&request(1006), JSON, None, 1);
        assert_eq!(
            ask(&cache, base.clone(), "first"),
            (Bytes::from("first"), true)
        );
        assert_eq!(ask(&cache, base, "second"), (Bytes::from("first"), false));
        let paged = Request {
            start: Some(2),
            ..request(1006)
        };
        let site = Request {
            site_code: Some("w".to_owned()),
            ..request(1006)
        };
        let differing = [
            AnswerKey::new(&request(1007), JSON, None, 1),
            AnswerKey::new(&paged, JSON, None, 1),
            AnswerKey::new(&site, JSON, None, 1),
            AnswerKey::new(&request(1006), XML, None, 1),
            AnswerKey::new(&request(1006), JSON, Some(2), 1),
            // A reloaded dataset.
            AnswerKey::new(&request(1006), JSON, None, 2),
        ];
        for key in differing {
            assert!(ask(&cache, key.clone(), "other").1, "{key:?}");
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.kept), (1, 7, 7));
    }

    #[test]
    fn a_full_shard_starts_again_and_a_large_answer_is_not_kept() {
        let cache = AnswerCache::with_shards(1);
        for client in 0..MAX_CACHED_ANSWERS {
            let key = AnswerKey::new(&request(client as i32), JSON, None, 1);
            ask(&cache, key, "x");
        }
        assert_eq!(cache.stats().kept, MAX_CACHED_ANSWERS);
        ask(&cache, AnswerKey::new(&request(-1), JSON, None, 1), "x");
        assert_eq!(cache.stats().kept, 1);
        let large = "y".repeat(MAX_CACHED_BODY_BYTES + 1);
        let key = AnswerKey::new(&request(-2), JSON, None, 1);
        assert!(ask(&cache, key.clone(), &large).1);
        assert!(ask(&cache, key, &large).1, "produced again");
    }
}
