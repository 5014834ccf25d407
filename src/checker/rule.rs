//! The closed set of rules the checker applies, each with a stable id, a one-line description
//! and the document section it comes from.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The server breaks the contract: a client would fail, lose data or be misled.
    Violation,
    /// The server differs from an interpretation the profile pins (paging base, date kind, …);
    /// a real implementation may legitimately differ.
    ProfileDeviation,
    /// Not what production writes, but every known client copes (a non-canonical lexical form,
    /// money of another scale).
    Warning,
}

impl Severity {
    /// Stable kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Violation => "violation",
            Severity::ProfileDeviation => "profile-deviation",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The family a rule belongs to (the part of its id before the dot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleFamily {
    /// Status, headers, error bodies.
    Http,
    /// JSON body shape and lexical forms.
    Json,
    /// XML body shape and lexical forms.
    Xml,
    /// Format-independent value rules (date kind).
    Date,
    /// Invariants of one response.
    Inv,
    /// Relations between several responses.
    Meta,
    /// Hostile-input rules.
    Hostile,
    /// Differences from the reference engine.
    Oracle,
}

/// Declares [`RuleId`] with its id, description and source in one table, so the three can never
/// drift apart and every rule has all three.
macro_rules! rules {
    ($( $(#[$meta:meta])* $variant:ident = $id:literal, $family:ident, $desc:literal, $source:literal; )*) => {
        /// A rule of the checker. Ids are stable: reports, profiles and CI filters use them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $( $(#[$meta])* $variant, )*
        }

        impl RuleId {
            /// Every rule, in declaration (report) order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            /// The stable id (`json.decimal-form`).
            pub fn id(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// One line saying what the rule demands.
            pub fn description(self) -> &'static str {
                match self { $(RuleId::$variant => $desc,)* }
            }

            /// Where the rule comes from: `;`-separated citations of reference sections, each a
            /// repository path and anchor (`contracts/reference/wire.md#xml-member-order`).
            pub fn source(self) -> &'static str {
                match self { $(RuleId::$variant => $source,)* }
            }

            /// The rule's family.
            pub fn family(self) -> RuleFamily {
                match self { $(RuleId::$variant => RuleFamily::$family,)* }
            }
        }
    };
}

rules! {
    /// Status code for the situation.
    HttpStatus = "http.status", Http,
        "the status code is the one production sends for the situation",
        "contracts/reference/production.md#status-codes; contracts/reference/wire.md#error-bodies";
    /// Content-Type per negotiation.
    HttpContentType = "http.content-type", Http,
        "the Content-Type is the negotiated media type and charset",
        "contracts/reference/wire.md#response-format; contracts/reference/wire.md#charsets";
    /// Body bytes decode in the declared charset.
    HttpEncoding = "http.encoding", Http,
        "the body's bytes are valid in the declared charset",
        "contracts/reference/wire.md#charsets";
    /// CORS headers.
    HttpCors = "http.cors", Http,
        "a request with Origin gets Access-Control-Allow-Origin (CorsOptions.AllowAll)",
        "contracts/reference/production.md#cors";
    /// Allow header on 405.
    HttpAllow = "http.allow", Http,
        "a 405 carries an Allow header listing POST",
        "contracts/reference/wire.md#status-405";
    /// HttpError body shape.
    HttpErrorBody = "http.error-body", Http,
        "an error status carries an HttpError body {\"Message\":…} / <Error><Message>…</Message></Error>",
        "contracts/reference/wire.md#error-bodies";
    /// A complete response.
    HttpResponse = "http.response", Http,
        "every request gets a complete HTTP response (no reset, no close without an answer, a body of at most 8 MiB)",
        "contracts/reference/production.md#robustness";
    /// Well-formed JSON.
    JsonSyntax = "json.syntax", Json,
        "the body is well-formed JSON (RFC 8259) as Json.NET writes it",
        "contracts/reference/wire.md#json-write";
    /// Exact property set.
    JsonPropertySet = "json.property-set", Json,
        "every contract member is present exactly once, no other property, names case-sensitive",
        "contracts/reference/wire.md#json-write; contracts/reference/wire.md#checker-policy";
    /// Property order (profile).
    JsonPropertyOrder = "json.property-order", Json,
        "properties come in Json.NET order (checked only when the profile asks)",
        "contracts/reference/wire.md#json-write";
    /// JSON types.
    JsonType = "json.type", Json,
        "each value has the JSON type of its C# type (integer, number, string, boolean, array, object)",
        "contracts/reference/wire.md#json-write";
    /// Integer range.
    JsonIntRange = "json.int-range", Json,
        "integers fit their C# type (Int16, Int32, Int64)",
        "contracts/reference/wire.md#primitive-forms; contracts/reference/wire.md#json-write";
    /// Null only where nullable.
    JsonNull = "json.null", Json,
        "null appears only on nullable members (Json.NET emits nulls, never omits them)",
        "contracts/reference/wire.md#json-write";
    /// Decimal lexical form.
    JsonDecimalForm = "json.decimal-form", Json,
        "decimals are JSON numbers in Json.NET form: scale kept, `.0` on integral values, no exponent",
        "contracts/reference/wire.md#decimal-forms; contracts/reference/wire.md#json-write";
    /// Date lexical form.
    JsonDateForm = "json.date-form", Json,
        "dates are strings yyyy-MM-ddTHH:mm:ss[.fffffff] with trailing zeros trimmed and a suffix by kind",
        "contracts/reference/wire.md#datetime-forms; contracts/reference/wire.md#datetime-kinds";
    /// Well-formed XML.
    XmlSyntax = "xml.syntax", Xml,
        "the body is well-formed, namespace-well-formed XML without a DTD",
        "contracts/reference/wire.md#xml-reader-settings; contracts/reference/wire.md#xml-writer";
    /// Root element.
    XmlRoot = "xml.root", Xml,
        "the root element is the response's data-contract name",
        "contracts/reference/wire.md#xml-names";
    /// Member namespaces.
    XmlNamespace = "xml.namespace", Xml,
        "each element is in its declaring class's namespace (base members in …Abstractions)",
        "contracts/reference/wire.md#xml-namespaces";
    /// DataContract order.
    XmlOrder = "xml.order", Xml,
        "members come in DataContractSerializer order (base first, then ordinal by name)",
        "contracts/reference/wire.md#xml-member-order; contracts/reference/wire.md#xml-read-algorithm";
    /// Member set.
    XmlMemberSet = "xml.member-set", Xml,
        "every contract member is present exactly once, no other element, no stray text",
        "contracts/reference/wire.md#xml-read-algorithm; contracts/reference/wire.md#xml-writer";
    /// Row element names.
    XmlRowName = "xml.row-name", Xml,
        "collection items are named after the row's data-contract name (Outer.Inner)",
        "contracts/reference/wire.md#xml-names; contracts/reference/wire.md#xml-collections";
    /// i:nil only where nullable.
    XmlNil = "xml.nil", Xml,
        "i:nil=\"true\" appears only on nullable members",
        "contracts/reference/wire.md#xml-read-cases; contracts/reference/wire.md#xml-writer";
    /// XML lexical forms.
    XmlLexical = "xml.lexical", Xml,
        "values use the XmlConvert forms (ints, decimals without exponent, true/false, dates)",
        "contracts/reference/wire.md#primitive-forms; contracts/reference/wire.md#decimal-forms; contracts/reference/wire.md#datetime-forms";
    /// Date kind (profile).
    DateKind = "date.kind", Date,
        "dates carry the kind the profile expects (Unspecified: no suffix; Local: server offset)",
        "contracts/reference/domain.md#dates; contracts/reference/wire.md#datetime-kinds";
    /// TotalRowsSelect = len(ClientFavorites).
    InvTotalRowsSelect = "inv.total-rows-select", Inv,
        "TotalRowsSelect equals the number of ClientFavorites rows",
        "contracts/reference/domain.md#invariants";
    /// TotalRowsSelect ≤ TotalRows.
    InvTotalRows = "inv.total-rows", Inv,
        "TotalRowsSelect ≤ TotalRows ≤ CountOffer, TotalRows = CountOffer without filters",
        "contracts/reference/domain.md#invariants; contracts/reference/domain.md#client-favorites";
    /// TotalRowsSelect ≤ Length.
    InvPageLength = "inv.page-length", Inv,
        "TotalRowsSelect ≤ Length when Length > 0",
        "contracts/reference/domain.md#invariants";
    /// Page size per the paging profile.
    InvPageSize = "inv.page-size", Inv,
        "TotalRowsSelect is the page size the profile's paging gives for Start, Length and TotalRows",
        "contracts/reference/domain.md#paging";
    /// RemainLinkGoods = max(0, Max − Now).
    InvRemainLinkGoods = "inv.remain-link-goods", Inv,
        "RemainLinkGoods = max(0, MaxLinkGoods − NowLinkGoods)",
        "contracts/reference/domain.md#link-goods; contracts/reference/domain.md#invariants";
    /// NowLinkGoods agrees with ListFavorites.
    InvNowLinkGoods = "inv.now-link-goods", Inv,
        "active ListFavorites rows ≤ NowLinkGoods ≤ ListFavorites rows",
        "contracts/reference/domain.md#list-favorites; contracts/reference/domain.md#link-goods";
    /// Counts ≥ 0.
    InvNonNegative = "inv.non-negative", Inv,
        "every count and money value is ≥ 0",
        "contracts/reference/domain.md#invariants";
    /// CountConfirm ≤ CountOffer.
    InvCountConfirm = "inv.count-confirm", Inv,
        "confirmed rows returned ≤ CountConfirm ≤ CountOffer",
        "contracts/reference/domain.md#offer-counts; contracts/reference/domain.md#invariants";
    /// 1 ≤ CountSelect ≤ CountOffer.
    InvCountSelect = "inv.count-select", Inv,
        "each GroupFavorites CountSelect is between 1 and CountOffer",
        "contracts/reference/domain.md#group-favorites";
    /// Avg × Count ≈ Sum.
    InvAvgFavorite = "inv.avg-favorite", Inv,
        "|AvgFavorite × CountPurchases − SumGain| ≤ 0.005 × CountPurchases (AvgFavorite rounded to 2 decimals)",
        "contracts/reference/domain.md#purchases; contracts/reference/domain.md#averages; contracts/reference/domain.md#invariants";
    /// CountPurchases = 0 ⇒ SumGain = 0.
    InvSumGainZero = "inv.sum-gain-zero", Inv,
        "CountPurchases = 0 ⇒ SumGain = 0 and AvgFavorite = 0",
        "contracts/reference/domain.md#invariants";
    /// ErrorCode = 0 ⇔ Message empty.
    InvErrorMessage = "inv.error-message", Inv,
        "ErrorCode = 0 ⇔ Message is empty (null tolerated per profile)",
        "contracts/reference/domain.md#invariants; contracts/reference/production.md#business-errors";
    /// ErrorCode ≠ 0 ⇒ no data.
    InvErrorEmpty = "inv.error-empty", Inv,
        "ErrorCode ≠ 0 ⇒ every array empty (null per profile) and every number 0",
        "contracts/reference/domain.md#invariants; contracts/reference/domain.md#business-errors";
    /// Business error codes and messages.
    InvBusinessError = "inv.business-error", Inv,
        "ErrorCode is a contract code with its message; a request invalid on its own never succeeds",
        "contracts/reference/domain.md#business-errors; contracts/reference/domain.md#check-order";
    /// Rows inside the period.
    InvPeriod = "inv.period", Inv,
        "each ClientFavorites ProcTime lies in the request's period (calendar days, profile ends)",
        "contracts/reference/domain.md#period; contracts/reference/domain.md#invariants";
    /// Filters honoured.
    InvFilter = "inv.filter", Inv,
        "with ClientFavoriteId only that entry is returned",
        "contracts/reference/domain.md#client-favorites";
    /// Money scale 2.
    InvMoneyScale = "inv.money-scale", Inv,
        "money values have scale 2 (decimal(18,2))",
        "contracts/reference/domain.md#money";
    /// No duplicate ids.
    InvDuplicateId = "inv.duplicate-id", Inv,
        "no row id appears twice in ClientFavorites, ListFavorites or GroupFavorites",
        "contracts/reference/domain.md#data; contracts/reference/domain.md#invariants";
    /// Row order (profile).
    InvOrder = "inv.order", Inv,
        "rows are ordered as the profile pins (ClientFavorites by ProcTime, Id descending; …)",
        "contracts/reference/domain.md#client-favorites; contracts/reference/domain.md#group-favorites; contracts/reference/domain.md#list-favorites";
    /// Null arrays (profile).
    InvNullArray = "inv.null-array", Inv,
        "arrays are [] rather than null unless the profile tolerates null",
        "contracts/reference/domain.md#business-errors; contracts/reference/domain.md#profile-choices";
    /// TotalRows independent of paging.
    MetaTotalRowsPaging = "meta.total-rows-paging", Meta,
        "TotalRows and every field but ClientFavorites/TotalRowsSelect do not depend on Start/Length",
        "contracts/reference/domain.md#metamorphic";
    /// Pages concatenate.
    MetaPagingConcat = "meta.paging-concat", Meta,
        "consecutive pages concatenate to the unpaged list",
        "contracts/reference/domain.md#metamorphic";
    /// Period narrowing.
    MetaPeriodNarrowing = "meta.period-narrowing", Meta,
        "narrowing the period never adds rows or raises counts and leaves unfiltered fields unchanged",
        "contracts/reference/domain.md#metamorphic";
    /// Filter narrowing.
    MetaFilterNarrowing = "meta.filter-narrowing", Meta,
        "adding ListDataId or ClientFavoriteId never adds rows",
        "contracts/reference/domain.md#metamorphic";
    /// Format equivalence.
    MetaFormatEquivalence = "meta.format-equivalence", Meta,
        "the same request in JSON, XML and form encoding yields the same data",
        "contracts/reference/domain.md#metamorphic; contracts/reference/wire.md#checker-policy";
    /// Repeat.
    MetaRepeat = "meta.repeat", Meta,
        "repeating a request yields the same answer",
        "contracts/reference/domain.md#metamorphic";
    /// No 2xx with data for a failing request.
    HostileNo2xxData = "hostile.no-2xx-data", Hostile,
        "a request that must fail never gets a 2xx with data",
        "contracts/reference/production.md#auth; contracts/reference/production.md#status-codes";
    /// No stack traces.
    HostileStackTrace = "hostile.stack-trace", Hostile,
        "no body reveals a stack trace, an exception type or message detail",
        "contracts/reference/wire.md#error-detail";
    /// Timeouts.
    HostileTimeout = "hostile.timeout", Hostile,
        "the server answers within the time limit",
        "contracts/reference/production.md#robustness";
    /// Cross-operator isolation.
    HostileCrossOperator = "hostile.cross-operator", Hostile,
        "a client of another operator gets ErrorCode 2 and no data (never reveal which)",
        "contracts/reference/domain.md#business-errors";
    /// Oracle difference.
    OracleDiff = "oracle.diff", Oracle,
        "the response equals the reference engine's answer field by field",
        "contracts/reference/domain.md#data";
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A rule id that is not one of [`RuleId::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected a rule id such as `json.decimal-form`, found `{found}`")]
pub struct UnknownRule {
    /// The text given.
    pub found: String,
}

impl FromStr for RuleId {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<RuleId, UnknownRule> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownRule {
                found: s.to_owned(),
            })
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
