//! The HTTP header grammar of `System.Net.Http` (.NET Framework 4.x): `MediaTypeHeaderParser`,
//! `StringWithQualityHeaderParser` and `BaseHeaderParser`'s list handling.
//!
//! Web host copies headers with `TryAddWithoutValidation`, so parsing happens lazily when the
//! typed collection is read, and a raw value that fails to parse is kept as "invalid" and left out
//! of the typed view. Because `BaseHeaderParser` stores a list only when *every* element parses,
//! one bad element in `Accept` hides the whole header (it reads as "no Accept"); a malformed
//! `Content-Type` reads as no Content-Type.

/// One parameter of a media type: `name[=value]`, the value raw (quotes kept, as .NET keeps them).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Param<'a> {
    pub(super) name: &'a str,
    pub(super) value: Option<&'a str>,
}

/// A parsed media type (`MediaTypeHeaderValue`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ParsedMediaType<'a> {
    /// `type/subtype` with case kept and whitespace around `/` removed.
    pub(super) media_type: String,
    pub(super) params: Vec<Param<'a>>,
}

/// How broad a media type is (`MediaTypeHeaderValueRange`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Range {
    /// `*/*`.
    All,
    /// `type/*`.
    Subtype,
    /// `type/subtype`.
    Literal,
}

impl<'a> ParsedMediaType<'a> {
    fn split(&self) -> (&str, &str) {
        self.media_type
            .split_once('/')
            .unwrap_or((self.media_type.as_str(), ""))
    }

    /// `ParsedMediaTypeHeaderValue`: `*/*` is the all range, `x/*` a subtype range.
    pub(super) fn range(&self) -> Range {
        match self.split() {
            ("*", "*") => Range::All,
            (_, "*") => Range::Subtype,
            _ => Range::Literal,
        }
    }

    /// `MediaTypeHeaderValueExtensions.IsSubsetOf(supported, self)` for a parameterless supported
    /// type: the range of `self` when `type/subtype` falls inside it.
    pub(super) fn contains(&self, supported_type: &str, supported_subtype: &str) -> Option<Range> {
        let (ty, subtype) = self.split();
        let range = self.range();
        if !ty.eq_ignore_ascii_case(supported_type) {
            (range == Range::All).then_some(range)
        } else if !subtype.eq_ignore_ascii_case(supported_subtype) {
            (range == Range::Subtype).then_some(range)
        } else {
            Some(range)
        }
    }

    /// The first parameter of that name (`NameValueHeaderValue.Find`, case-insensitive).
    pub(super) fn param(&self, name: &str) -> Option<&Param<'a>> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// `MediaTypeWithQualityHeaderValue.Quality` (see [`parse_quality`]).
    pub(super) fn quality(&self) -> Option<f64> {
        self.param("q")
            .and_then(|p| p.value)
            .and_then(parse_quality)
    }
}

/// `HeaderUtilities.GetQuality`: `double.TryParse(value, AllowDecimalPoint, Invariant)`, so `0.5`,
/// `.5`, `5.` and `2` parse (no range check on media types), as do the invariant symbols `NaN`,
/// `Infinity`, `-Infinity` which `Double.TryParse` checks after a failed parse. Anything else
/// (quoted, signed, exponent) is `None`, which .NET treats as q=1.
pub(super) fn parse_quality(text: &str) -> Option<f64> {
    let digits = text.trim_end_matches('\0');
    let shape_ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if shape_ok {
        return digits.parse().ok();
    }
    match text.trim() {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// `HttpRuleParser.IsTokenChar`: RFC 2616 token characters.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn token_len(s: &[u8], start: usize) -> usize {
    s.get(start..).map_or(0, |rest| {
        rest.iter().take_while(|&&b| is_token_byte(b)).count()
    })
}

/// `HttpRuleParser.GetWhitespaceLength`: SP, HT, and CRLF folding followed by SP or HT.
fn ws_len(s: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        match s.get(i..) {
            Some([b' ' | b'\t', ..]) => i += 1,
            Some([b'\r', b'\n', b' ' | b'\t', ..]) => i += 3,
            _ => return i - start,
        }
    }
}

/// `HttpRuleParser.GetQuotedStringLength`: `"…"` with `\x` pairs where `x` is ASCII.
fn quoted_len(s: &[u8], start: usize) -> usize {
    if s.get(start) != Some(&b'"') {
        return 0;
    }
    let mut i = start + 1;
    while let Some(&b) = s.get(i) {
        match b {
            b'"' => return i + 1 - start,
            b'\\' => match s.get(i + 1) {
                Some(next) if next.is_ascii() => i += 2,
                _ => return 0,
            },
            _ => i += 1,
        }
    }
    0
}

/// `NameValueHeaderValue.GetNameValueLength`: `name [= token|quoted-string]`.
fn name_value<'a>(text: &'a str, start: usize) -> Option<(usize, Param<'a>)> {
    let s = text.as_bytes();
    let name_len = token_len(s, start);
    if name_len == 0 {
        return None;
    }
    let name = text.get(start..start + name_len)?;
    let mut i = start + name_len;
    i += ws_len(s, i);
    if s.get(i) != Some(&b'=') {
        return Some((i - start, Param { name, value: None }));
    }
    i += 1;
    i += ws_len(s, i);
    let mut value_len = token_len(s, i);
    if value_len == 0 {
        value_len = quoted_len(s, i);
    }
    if value_len == 0 {
        return None;
    }
    let value = text.get(i..i + value_len)?;
    i += value_len;
    i += ws_len(s, i);
    Some((
        i - start,
        Param {
            name,
            value: Some(value),
        },
    ))
}

/// `MediaTypeHeaderValue.GetMediaTypeLength`: `type / subtype *(; name[=value])`. A `;` must be
/// followed by a parameter, so `application/json;` is invalid.
fn media_type<'a>(text: &'a str, start: usize) -> Option<(usize, ParsedMediaType<'a>)> {
    let s = text.as_bytes();
    let type_len = token_len(s, start);
    if type_len == 0 {
        return None;
    }
    let mut i = start + type_len;
    i += ws_len(s, i);
    if s.get(i) != Some(&b'/') {
        return None;
    }
    i += 1;
    i += ws_len(s, i);
    let subtype_len = token_len(s, i);
    if subtype_len == 0 {
        return None;
    }
    let media_type = format!(
        "{}/{}",
        text.get(start..start + type_len)?,
        text.get(i..i + subtype_len)?
    );
    i += subtype_len;
    i += ws_len(s, i);
    let mut params = Vec::new();
    if s.get(i) == Some(&b';') {
        i += 1;
        i += ws_len(s, i);
        loop {
            let (len, param) = name_value(text, i)?;
            params.push(param);
            i += len;
            i += ws_len(s, i);
            if s.get(i) != Some(&b';') {
                break;
            }
            i += 1;
            i += ws_len(s, i);
        }
    }
    Some((i - start, ParsedMediaType { media_type, params }))
}

/// `StringWithQualityHeaderValue`: `token [; q=number]` with `0 <= q <= 1` (validated at parse).
fn string_with_quality(text: &str, start: usize) -> Option<(usize, (&str, Option<f64>))> {
    let s = text.as_bytes();
    let len = token_len(s, start);
    if len == 0 {
        return None;
    }
    let value = text.get(start..start + len)?;
    let mut i = start + len;
    i += ws_len(s, i);
    if s.get(i) != Some(&b';') {
        return Some((i - start, (value, None)));
    }
    i += 1;
    i += ws_len(s, i);
    if !matches!(s.get(i), Some(b'q' | b'Q')) {
        return None;
    }
    i += 1;
    i += ws_len(s, i);
    if s.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    i += ws_len(s, i);
    // `HttpRuleParser.GetNumberLength(allowDecimal)`: digits with one optional dot, not first.
    if s.get(i) == Some(&b'.') {
        return None;
    }
    let mut end = i;
    let mut dot = false;
    while let Some(&b) = s.get(end) {
        match b {
            b'0'..=b'9' => end += 1,
            b'.' if !dot => {
                dot = true;
                end += 1;
            }
            _ => break,
        }
    }
    let quality: f64 = text.get(i..end)?.parse().ok()?;
    if !(0.0..=1.0).contains(&quality) {
        return None;
    }
    end += ws_len(s, end);
    Some((end - start, (value, Some(quality))))
}

/// `HeaderUtilities.GetNextNonEmptyOrWhitespaceIndex`: skip whitespace and, for lists, any run of
/// `,` separators. Returns the new index and whether a separator was seen.
fn next_value(s: &[u8], start: usize, list: bool) -> (usize, bool) {
    let mut i = start + ws_len(s, start);
    if s.get(i) != Some(&b',') {
        return (i, false);
    }
    i += 1;
    i += ws_len(s, i);
    if list {
        while s.get(i) == Some(&b',') {
            i += 1;
            i += ws_len(s, i);
        }
    }
    (i, true)
}

/// `BaseHeaderParser.TryParseValue` over a whole raw value. `None` when any element is invalid
/// (the whole raw value is then "invalid" in .NET's header store).
fn parse_values<'a, T>(
    text: &'a str,
    list: bool,
    element: impl Fn(&'a str, usize) -> Option<(usize, T)>,
) -> Option<Vec<T>> {
    let s = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    loop {
        if index == s.len() {
            // An empty list is valid; an empty single value is not.
            return (list || !out.is_empty()).then_some(out);
        }
        let (current, separator) = next_value(s, index, list);
        if separator && !list {
            return None;
        }
        if current == s.len() {
            return list.then_some(out);
        }
        let (len, value) = element(text, current)?;
        let (after, separator) = next_value(s, current + len, list);
        if (separator && !list) || (!separator && after < s.len()) {
            return None;
        }
        out.push(value);
        index = after;
        if !list {
            return (index == s.len()).then_some(out);
        }
    }
}

/// A `Content-Type` value, or `None` when .NET would find it invalid (and see no Content-Type).
pub(super) fn parse_content_type(text: &str) -> Option<ParsedMediaType<'_>> {
    parse_values(text, false, media_type)?.into_iter().next()
}

/// An `Accept` value: all media ranges, or `None` when any element is invalid.
pub(super) fn parse_accept(text: &str) -> Option<Vec<ParsedMediaType<'_>>> {
    parse_values(text, true, media_type)
}

/// An `Accept-Charset` value: `(charset, q)` pairs, or `None` when any element is invalid.
pub(super) fn parse_accept_charset(text: &str) -> Option<Vec<(&str, Option<f64>)>> {
    parse_values(text, true, string_with_quality)
}

/// `Enumerable.OrderByDescending` as .NET Framework 4.x sorts (`EnumerableSorter.QuickSort` over an
/// index map, ties broken by original position). Reproduced rather than using a stable sort
/// because the media-type comparer is not a total order when a q-value is `NaN`.
pub(super) fn order_by_descending<T>(
    items: Vec<T>,
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    use std::cmp::Ordering;
    if items.len() <= 1 {
        return items;
    }
    let mut map: Vec<usize> = (0..items.len()).collect();
    // Descending: the comparison is negated; ties fall back to index order.
    let keys = |a: usize, b: usize| -> Ordering {
        match compare(&items[a], &items[b]) {
            Ordering::Equal => a.cmp(&b),
            other => other.reverse(),
        }
    };
    let last = isize::try_from(items.len() - 1).unwrap_or(isize::MAX);
    quick_sort(&mut map, 0, last, &keys);
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    map.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn quick_sort(
    map: &mut [usize],
    mut left: isize,
    mut right: isize,
    keys: &dyn Fn(usize, usize) -> std::cmp::Ordering,
) {
    use std::cmp::Ordering;
    // Signed indices as in the C# original: `j` may step below `left`, even to -1.
    let len = isize::try_from(map.len()).unwrap_or(isize::MAX);
    let at = |map: &[usize], k: isize| map[k as usize];
    loop {
        let (mut i, mut j) = (left, right);
        let x = at(map, left + ((right - left) >> 1));
        loop {
            while i < len && keys(x, at(map, i)) == Ordering::Greater {
                i += 1;
            }
            while j >= 0 && keys(x, at(map, j)) == Ordering::Less {
                j -= 1;
            }
            if i > j {
                break;
            }
            if i < j {
                map.swap(i as usize, j as usize);
            }
            i += 1;
            j -= 1;
            if i > j {
                break;
            }
        }
        if j - left <= right - i {
            if left < j {
                quick_sort(map, left, j, keys);
            }
            left = i;
        } else {
            if i < right {
                quick_sort(map, i, right, keys);
            }
            right = j;
        }
        if left >= right {
            return;
        }
    }
}
