//! `DefaultContentNegotiator` (contracts/reference/wire.md#response-format, contracts/reference/wire.md#charsets): one match per writing formatter, then the
//! best match by category, then the charset.

use super::header::{self, ParsedMediaType, Range};
use super::{Charset, MediaType, NegotiationInput, ResponseType};
use std::cmp::Ordering;

/// The writing formatters in `HttpConfiguration.Formatters` order (the form formatters never
/// write, so they produce no match).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Writer {
    Json,
    Xml,
}

const WRITERS: [Writer; 2] = [Writer::Json, Writer::Xml];

/// `SupportedEncodings` of both writers, in order.
const ENCODINGS: [Charset; 2] = [Charset::Utf8, Charset::Utf16Le];

/// `FormattingUtilities.Match`: the quality of a match that carries no q-value.
const MATCH: f64 = 1.0;

impl Writer {
    fn supported(self) -> [MediaType; 2] {
        match self {
            Writer::Json => [MediaType::ApplicationJson, MediaType::TextJson],
            Writer::Xml => [MediaType::ApplicationXml, MediaType::TextXml],
        }
    }
}

/// `MediaTypeFormatterMatchRanking`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ranking {
    CanWriteType,
    Mapping,
    Accept(Range),
    RequestMediaType,
}

#[derive(Clone, Copy, Debug)]
struct Match {
    media: MediaType,
    quality: f64,
    ranking: Ranking,
}

/// `UpdateBestMatch`: replace only on a strictly higher quality (ties keep the earlier formatter).
fn update(current: Option<Match>, candidate: Option<Match>) -> Option<Match> {
    match (current, candidate) {
        (Some(c), Some(p)) => Some(if p.quality > c.quality { p } else { c }),
        (None, p) => p,
        (c, None) => c,
    }
}

/// `MediaTypeWithQualityHeaderValueComparer`: q-value, then `*/*` < `type/*` < literal.
fn compare_accept(a: &ParsedMediaType<'_>, b: &ParsedMediaType<'_>) -> Ordering {
    let qa = a.quality().unwrap_or(MATCH);
    let qb = b.quality().unwrap_or(MATCH);
    let diff = qa - qb;
    if diff < 0.0 {
        return Ordering::Less;
    }
    if diff > 0.0 {
        return Ordering::Greater;
    }
    // The C# comparer only ranks ranges against different types/subtypes; equal media types
    // (and equal categories) compare equal, which is what comparing the categories gives.
    a.range().cmp(&b.range())
}

/// `XmlHttpRequestHeaderMapping`: applies only with no Accept values or exactly `*/*`, when
/// `X-Requested-With` contains `XMLHttpRequest` (OrdinalIgnoreCase substring).
fn xhr_mapping(input: &NegotiationInput<'_>, accept: &[ParsedMediaType<'_>]) -> Option<Match> {
    let accept_allows = match accept {
        [] => true,
        [only] => only.media_type == "*/*",
        _ => false,
    };
    let header = input.x_requested_with?;
    (accept_allows && contains_ignore_case(header, "XMLHttpRequest")).then_some(Match {
        media: MediaType::ApplicationJson,
        quality: MATCH,
        ranking: Ranking::Mapping,
    })
}

/// `IndexOf(needle, OrdinalIgnoreCase) != -1`, comparing simple upper-case mappings per char.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let upper = |c: char| {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    };
    let hay: Vec<char> = haystack.chars().map(upper).collect();
    let pat: Vec<char> = needle.chars().map(upper).collect();
    hay.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// `MatchAcceptHeader`: the first sorted Accept value (q ≠ 0) that one of the writer's media
/// types falls inside.
fn match_accept(writer: Writer, sorted: &[ParsedMediaType<'_>]) -> Option<Match> {
    sorted.iter().find_map(|accept| {
        let quality = accept.quality();
        if quality == Some(0.0) {
            return None;
        }
        writer.supported().into_iter().find_map(|media| {
            let (ty, subtype) = media.type_subtype();
            accept.contains(ty, subtype).map(|range| Match {
                media,
                quality: quality.unwrap_or(MATCH),
                ranking: Ranking::Accept(range),
            })
        })
    })
}

/// `MatchRequestMediaType`: the first writer media type inside the request's Content-Type.
fn match_request(writer: Writer, content_type: Option<&ParsedMediaType<'_>>) -> Option<Match> {
    let content_type = content_type?;
    writer.supported().into_iter().find_map(|media| {
        let (ty, subtype) = media.type_subtype();
        content_type.contains(ty, subtype).map(|_| Match {
            media,
            quality: MATCH,
            ranking: Ranking::RequestMediaType,
        })
    })
}

/// `SelectResponseMediaTypeFormatter`.
fn select(matches: &[Match]) -> Option<Match> {
    let mut on_type = None;
    let mut mapping = None;
    let mut literal = None;
    let mut subtype = None;
    let mut all = None;
    let mut request = None;
    for &m in matches {
        match m.ranking {
            Ranking::CanWriteType => on_type = on_type.or(Some(m)),
            Ranking::Mapping => mapping = update(mapping, Some(m)),
            Ranking::Accept(Range::Literal) => literal = update(literal, Some(m)),
            Ranking::Accept(Range::Subtype) => subtype = update(subtype, Some(m)),
            Ranking::Accept(Range::All) => all = update(all, Some(m)),
            Ranking::RequestMediaType => request = request.or(Some(m)),
        }
    }
    // A mapping wins unless an Accept match has a strictly higher quality.
    if let Some(map) = mapping {
        let best = update(update(update(Some(map), literal), subtype), all);
        if best.is_some_and(|b| b.ranking == Ranking::Mapping) {
            return Some(map);
        }
    }
    if literal.is_some() || subtype.is_some() || all.is_some() {
        return update(update(literal, subtype), all);
    }
    request.or(on_type)
}

/// `SelectResponseCharacterEncoding`: Accept-Charset (sorted by q, `*` last among equals), then
/// the request Content-Type's charset, then UTF-8.
fn charset(input: &NegotiationInput<'_>, content_type: Option<&ParsedMediaType<'_>>) -> Charset {
    let accepted = input
        .accept_charset
        .and_then(header::parse_accept_charset)
        .unwrap_or_default();
    let sorted = header::order_by_descending(accepted, |a, b| {
        let diff = a.1.unwrap_or(MATCH) - b.1.unwrap_or(MATCH);
        if diff < 0.0 {
            Ordering::Less
        } else if diff > 0.0 {
            Ordering::Greater
        } else if a.0.eq_ignore_ascii_case(b.0) {
            Ordering::Equal
        } else if a.0 == "*" {
            Ordering::Less
        } else if b.0 == "*" {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    });
    for (value, quality) in &sorted {
        if *quality == Some(0.0) {
            continue;
        }
        if let Some(found) = ENCODINGS
            .into_iter()
            .find(|e| *value == "*" || value.eq_ignore_ascii_case(e.web_name()))
        {
            return found;
        }
    }
    content_type
        .and_then(|ct| ct.param("charset"))
        .and_then(|p| p.value)
        .and_then(|declared| {
            ENCODINGS
                .into_iter()
                .find(|e| declared.eq_ignore_ascii_case(e.web_name()))
        })
        .unwrap_or(Charset::Utf8)
}

/// The negotiated response type; never fails (no 406: `ExcludeMatchOnTypeOnly` is false).
pub(super) fn negotiate(input: &NegotiationInput<'_>) -> ResponseType {
    // An Accept value that does not parse hides the whole header (see `header`).
    let accept = input
        .accept
        .and_then(header::parse_accept)
        .unwrap_or_default();
    let content_type = input.content_type.and_then(header::parse_content_type);
    let mapping = xhr_mapping(input, &accept);
    let sorted = header::order_by_descending(accept, compare_accept);

    let matches: [Match; 2] = WRITERS.map(|writer| {
        let mapped = (writer == Writer::Json).then_some(mapping).flatten();
        mapped
            .or_else(|| match_accept(writer, &sorted))
            .or_else(|| match_request(writer, content_type.as_ref()))
            .unwrap_or(Match {
                media: writer.supported()[0],
                quality: MATCH,
                ranking: Ranking::CanWriteType,
            })
    });
    let media = select(&matches).map_or(MediaType::ApplicationJson, |m| m.media);
    ResponseType {
        media,
        charset: charset(input, content_type.as_ref()),
    }
}
