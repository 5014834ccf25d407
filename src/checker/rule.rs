//! The closed set of rules the checker applies, each with a stable id, a one-line description,
//! the severities it reports and the document section it comes from.
//!
//! # Severity policy
//!
//! Every finding is graded by what fixes the behaviour it concerns
//! ([`SEVERITY_POLICY`], `contracts/reference/domain.md#severity`):
//!
//! - a **violation** is anything the contract, the HTTP specification or the domain rules fix:
//!   statuses, headers HTTP requires, the data and how it is computed, the row orders the domain
//!   pins, and every byte form a client can misread or fail on;
//! - a **profile deviation** is only a difference on a point the domain rules mark as a profile
//!   choice (`contracts/reference/domain.md#profile-choices`): paging, period ends, the order of
//!   `ClientFavorites`, `null` for empty lists, date kind, …;
//! - a **warning** is legal but risky: bytes the .NET writers never produce that every client
//!   still reads to the same value (`contracts/reference/wire.md#writer-deviations`).
//!
//! A profile's `severity` map may re-grade any rule; nothing else changes a grade.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Where the severity policy is written down.
pub const SEVERITY_POLICY: &str = "contracts/reference/domain.md#severity";

/// How much a finding matters ([`SEVERITY_POLICY`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// What the contract, the HTTP specification or the domain rules fix is broken: a client
    /// fails, loses data, reads another value or is misled. Fails the run.
    Violation,
    /// A difference on a point the domain rules mark as a profile choice (paging base, date
    /// kind, `ClientFavorites` order, …); a real implementation may legitimately choose
    /// otherwise. Fails the run only under `--strict`.
    ProfileDeviation,
    /// Legal but risky: not what the .NET writers produce, yet every client reads the same
    /// value (whitespace, escaping, `+7` for `7`). Fails the run only under `--strict`.
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

/// Declares [`RuleId`] with its id, family, grades, description and source in one table, so they
/// can never drift apart and every rule has all of them.
macro_rules! rules {
    ($( $(#[$meta:meta])* $variant:ident = $id:literal, $family:ident, [$($grade:ident),+], $desc:literal, $source:literal; )*) => {
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

            /// The severities the rule reports under the built-in policy
            /// ([`SEVERITY_POLICY`]), before a profile's `severity` overrides; the description
            /// says which case gets which when there are several.
            pub fn grades(self) -> &'static [Severity] {
                match self { $(RuleId::$variant => &[$(Severity::$grade),+],)* }
            }
        }
    };
}

rules! {
    /// Status code for the situation.
    HttpStatus = "http.status", Http, [Violation],
        "the status code is the one production sends for the situation",
        "contracts/reference/production.md#status-codes; contracts/reference/wire.md#error-bodies";
    /// Content-Type per negotiation.
    HttpContentType = "http.content-type", Http, [Violation, Warning],
        "the Content-Type is the negotiated media type and charset (warning: no charset parameter)",
        "contracts/reference/wire.md#response-format; contracts/reference/wire.md#charsets";
    /// Body bytes decode in the declared charset; no byte-order mark.
    HttpEncoding = "http.encoding", Http, [Violation, Warning],
        "the body's bytes are valid in the declared charset, without a byte-order mark (violation in JSON, which RFC 8259 forbids it in; warning in XML)",
        "contracts/reference/wire.md#charsets; contracts/reference/wire.md#writer-deviations";
    /// CORS headers.
    HttpCors = "http.cors", Http, [Violation, Warning],
        "a request with Origin gets Access-Control-Allow-Origin (CorsOptions.AllowAll; warning: `*`)",
        "contracts/reference/production.md#cors";
    /// Allow header on 405.
    HttpAllow = "http.allow", Http, [Violation],
        "a 405 carries an Allow header listing POST",
        "contracts/reference/wire.md#status-405";
    /// WWW-Authenticate on 401.
    HttpChallenge = "http.challenge", Http, [Violation],
        "a 401 carries WWW-Authenticate with a Bearer challenge (RFC 9110 requires a challenge; production sends `Bearer`)",
        "contracts/reference/production.md#auth-401";
    /// HttpError body shape.
    HttpErrorBody = "http.error-body", Http, [Violation, ProfileDeviation, Warning],
        "an error status carries an HttpError body {\"Message\":…} / <Error><Message>…</Message></Error> (profile deviation: the message in another language; warning: a key HttpError never writes)",
        "contracts/reference/wire.md#error-bodies; contracts/reference/domain.md#profile-choices";
    /// A complete response.
    HttpResponse = "http.response", Http, [Violation, Warning],
        "every request gets a complete HTTP response (no reset, no close without an answer, a body of at most 8 MiB; warning: a case the runner could not send, or an exchange too large for the proxy to judge)",
        "contracts/reference/production.md#robustness";
    /// Well-formed JSON.
    JsonSyntax = "json.syntax", Json, [Violation],
        "the body is well-formed JSON (RFC 8259) as Json.NET writes it",
        "contracts/reference/wire.md#json-write";
    /// Exact property set.
    JsonPropertySet = "json.property-set", Json, [Violation],
        "every contract member is present exactly once, no other property, names case-sensitive",
        "contracts/reference/wire.md#json-write; contracts/reference/wire.md#checker-policy";
    /// Property order (profile).
    JsonPropertyOrder = "json.property-order", Json, [ProfileDeviation],
        "properties come in Json.NET order (checked only when the profile asks)",
        "contracts/reference/wire.md#json-write; contracts/reference/domain.md#profile-choices";
    /// JSON types.
    JsonType = "json.type", Json, [Violation],
        "each value has the JSON type of its C# type (integer, number, string, boolean, array, object)",
        "contracts/reference/wire.md#json-write";
    /// Integer range.
    JsonIntRange = "json.int-range", Json, [Violation],
        "integers fit their C# type (Int16, Int32, Int64)",
        "contracts/reference/wire.md#primitive-forms; contracts/reference/wire.md#json-write";
    /// Null only where nullable.
    JsonNull = "json.null", Json, [Violation],
        "null appears only on nullable members (Json.NET emits nulls, never omits them)",
        "contracts/reference/wire.md#json-write";
    /// Decimal lexical form.
    JsonDecimalForm = "json.decimal-form", Json, [Violation],
        "decimals are JSON numbers in Json.NET form: scale kept, `.0` on integral values, no exponent (a .NET client reads another scale)",
        "contracts/reference/wire.md#decimal-forms; contracts/reference/wire.md#json-write; contracts/reference/wire.md#writer-deviations";
    /// Date lexical form.
    JsonDateForm = "json.date-form", Json, [Violation, Warning],
        "dates are strings yyyy-MM-ddTHH:mm:ss[.fffffff] with a suffix by kind (violation: a form clients parse differently, e.g. a space for `T` or a date alone; warning: the same instant for every reader, e.g. trailing fraction zeros)",
        "contracts/reference/wire.md#datetime-forms; contracts/reference/wire.md#datetime-kinds; contracts/reference/wire.md#writer-deviations";
    /// Bytes Json.NET never writes that every reader reads alike.
    JsonLayout = "json.layout", Json, [Warning],
        "the body is laid out as Json.NET writes it: compact, no whitespace around or between tokens, Json.NET's string escapes, no negative zero",
        "contracts/reference/wire.md#json-write; contracts/reference/wire.md#writer-deviations";
    /// Well-formed XML.
    XmlSyntax = "xml.syntax", Xml, [Violation],
        "the body is well-formed, namespace-well-formed XML without a DTD",
        "contracts/reference/wire.md#xml-reader-settings; contracts/reference/wire.md#xml-writer";
    /// Root element.
    XmlRoot = "xml.root", Xml, [Violation],
        "the root element is the response's data-contract name",
        "contracts/reference/wire.md#xml-names";
    /// Member namespaces.
    XmlNamespace = "xml.namespace", Xml, [Violation],
        "each element is in its declaring class's namespace (base members in …Abstractions)",
        "contracts/reference/wire.md#xml-namespaces";
    /// DataContract order.
    XmlOrder = "xml.order", Xml, [Violation],
        "members come in DataContractSerializer order (base first, then ordinal by name)",
        "contracts/reference/wire.md#xml-member-order; contracts/reference/wire.md#xml-read-algorithm";
    /// Member set.
    XmlMemberSet = "xml.member-set", Xml, [Violation],
        "every contract member is present exactly once, no other element, no stray text",
        "contracts/reference/wire.md#xml-read-algorithm; contracts/reference/wire.md#xml-writer";
    /// Row element names.
    XmlRowName = "xml.row-name", Xml, [Violation],
        "collection items are named after the row's data-contract name (Outer.Inner)",
        "contracts/reference/wire.md#xml-names; contracts/reference/wire.md#xml-collections";
    /// i:nil only where nullable.
    XmlNil = "xml.nil", Xml, [Violation, Warning],
        "i:nil=\"true\" appears only on nullable members, spelled `true` (warning: a `nil` attribute outside the XMLSchema-instance namespace)",
        "contracts/reference/wire.md#xml-read-cases; contracts/reference/wire.md#xml-writer; contracts/reference/wire.md#writer-deviations";
    /// XML lexical forms.
    XmlLexical = "xml.lexical", Xml, [Violation, Warning],
        "values use the XmlConvert forms (violation: a form .NET rejects or clients read differently — `1` for `true`, a space in a date; warning: `+7`, `007`, padding)",
        "contracts/reference/wire.md#primitive-forms; contracts/reference/wire.md#decimal-forms; contracts/reference/wire.md#datetime-forms; contracts/reference/wire.md#writer-deviations";
    /// Bytes DataContractSerializer never writes.
    XmlLayout = "xml.layout", Xml, [Violation, Warning],
        "the body is laid out as Web API's XmlWriter writes it: no declaration, one line, unprefixed names, DataContractSerializer's tags and escapes (a warning; violation: a declaration naming an encoding or another version)",
        "contracts/reference/wire.md#xml-writer; contracts/reference/wire.md#writer-deviations";
    /// Date kind (profile).
    DateKind = "date.kind", Date, [ProfileDeviation],
        "dates carry the kind the profile expects (Unspecified: no suffix; Local: server offset)",
        "contracts/reference/domain.md#dates; contracts/reference/wire.md#datetime-kinds";
    /// TotalRowsSelect = len(ClientFavorites).
    InvTotalRowsSelect = "inv.total-rows-select", Inv, [Violation],
        "TotalRowsSelect equals the number of ClientFavorites rows",
        "contracts/reference/domain.md#invariants";
    /// TotalRowsSelect ≤ TotalRows.
    InvTotalRows = "inv.total-rows", Inv, [Violation],
        "TotalRowsSelect ≤ TotalRows ≤ CountOffer, TotalRows = CountOffer without ClientFavoriteId/ListDataId",
        "contracts/reference/domain.md#invariants; contracts/reference/domain.md#client-favorites; contracts/reference/domain.md#offer-counts";
    /// TotalRowsSelect ≤ Length.
    InvPageLength = "inv.page-length", Inv, [Violation],
        "TotalRowsSelect ≤ Length when Length > 0",
        "contracts/reference/domain.md#invariants";
    /// Page size per the paging profile.
    InvPageSize = "inv.page-size", Inv, [ProfileDeviation],
        "TotalRowsSelect is the page size the profile's paging gives for Start, Length and TotalRows",
        "contracts/reference/domain.md#paging";
    /// RemainLinkGoods = max(0, Max − Now).
    InvRemainLinkGoods = "inv.remain-link-goods", Inv, [Violation],
        "RemainLinkGoods = max(0, MaxLinkGoods − NowLinkGoods)",
        "contracts/reference/domain.md#link-goods; contracts/reference/domain.md#invariants";
    /// NowLinkGoods agrees with ListFavorites.
    InvNowLinkGoods = "inv.now-link-goods", Inv, [Violation],
        "NowLinkGoods = the number of ListFavorites rows with NoActive false",
        "contracts/reference/domain.md#list-favorites; contracts/reference/domain.md#link-goods";
    /// Counts ≥ 0.
    InvNonNegative = "inv.non-negative", Inv, [Violation],
        "every count and money value is ≥ 0",
        "contracts/reference/domain.md#invariants";
    /// CountConfirm against CountOffer and the rows.
    InvCountConfirm = "inv.count-confirm", Inv, [Violation],
        "confirmed rows returned ≤ CountConfirm ≤ CountOffer, unconfirmed rows returned ≤ CountOffer − CountConfirm (equal when the page holds the whole period); without a period CountPurchases > 0 ⇒ CountConfirm ≥ 1",
        "contracts/reference/domain.md#offer-counts; contracts/reference/domain.md#invariants; contracts/reference/domain.md#list-relations";
    /// 1 ≤ CountSelect ≤ CountOffer.
    InvCountSelect = "inv.count-select", Inv, [Violation],
        "each GroupFavorites CountSelect is between 1 and CountOffer",
        "contracts/reference/domain.md#group-favorites";
    /// Avg × Count ≈ Sum.
    InvAvgFavorite = "inv.avg-favorite", Inv, [Violation],
        "|AvgFavorite × CountPurchases − SumGain| ≤ 0.005 × CountPurchases (AvgFavorite rounded to 2 decimals)",
        "contracts/reference/domain.md#purchases; contracts/reference/domain.md#averages; contracts/reference/domain.md#invariants";
    /// CountPurchases = 0 ⇒ SumGain = 0.
    InvSumGainZero = "inv.sum-gain-zero", Inv, [Violation],
        "CountPurchases = 0 ⇒ SumGain = 0 and AvgFavorite = 0",
        "contracts/reference/domain.md#invariants";
    /// ErrorCode = 0 ⇔ Message empty.
    InvErrorMessage = "inv.error-message", Inv, [Violation, ProfileDeviation],
        "ErrorCode = 0 ⇔ Message is empty (profile deviation: null on success when the profile reports it)",
        "contracts/reference/domain.md#invariants; contracts/reference/production.md#business-errors";
    /// ErrorCode ≠ 0 ⇒ no data.
    InvErrorEmpty = "inv.error-empty", Inv, [Violation],
        "ErrorCode ≠ 0 ⇒ every array empty (null per profile) and every number 0",
        "contracts/reference/domain.md#invariants; contracts/reference/domain.md#business-errors";
    /// Business error codes and messages.
    InvBusinessError = "inv.business-error", Inv, [Violation, ProfileDeviation],
        "ErrorCode is a contract code with its message; a request invalid on its own never succeeds (profile deviation: another code the request can fail, as the order of checks is a profile choice)",
        "contracts/reference/domain.md#business-errors; contracts/reference/domain.md#check-order";
    /// Rows inside the period.
    InvPeriod = "inv.period", Inv, [Violation, ProfileDeviation],
        "each ClientFavorites ProcTime lies in the request's period (violation: outside even the widest reading; profile deviation: outside only the profile's ends)",
        "contracts/reference/domain.md#period; contracts/reference/domain.md#invariants";
    /// Filters honoured.
    InvFilter = "inv.filter", Inv, [Violation],
        "with ClientFavoriteId only that entry is returned",
        "contracts/reference/domain.md#client-favorites";
    /// Money scale 2.
    InvMoneyScale = "inv.money-scale", Inv, [Warning],
        "money values have scale 2 (decimal(18,2)); another scale is the same amount, but shows differently in a .NET client",
        "contracts/reference/domain.md#money";
    /// No duplicate ids.
    InvDuplicateId = "inv.duplicate-id", Inv, [Violation],
        "no row id appears twice in ClientFavorites, ListFavorites or GroupFavorites",
        "contracts/reference/domain.md#data; contracts/reference/domain.md#invariants";
    /// ClientFavorites order (profile).
    InvOrder = "inv.order", Inv, [ProfileDeviation],
        "ClientFavorites rows come in the order the profile pins (ProcTime, then Id, descending by default)",
        "contracts/reference/domain.md#client-favorites; contracts/reference/domain.md#profile-choices";
    /// GroupFavorites and ListFavorites order (fixed).
    InvFixedOrder = "inv.fixed-order", Inv, [Violation],
        "GroupFavorites rows come by CountSelect descending then Id, ListFavorites rows by link Id: orders the domain fixes",
        "contracts/reference/domain.md#group-favorites; contracts/reference/domain.md#list-favorites";
    /// Null arrays (profile).
    InvNullArray = "inv.null-array", Inv, [ProfileDeviation],
        "arrays are [] rather than null unless the profile tolerates null",
        "contracts/reference/domain.md#business-errors; contracts/reference/domain.md#profile-choices";
    /// A list other members prove non-empty.
    InvProvenRows = "inv.proven-rows", Inv, [Violation],
        "a list other members prove non-empty is neither null nor empty, whatever the profile tolerates for empty lists",
        "contracts/reference/domain.md#list-relations";
    /// ListFavorites goods reflected in GroupFavorites.
    InvGoodsInGroups = "inv.goods-in-groups", Inv, [Violation],
        "when the selected entry lies in the period, GroupFavorites has a row for each ListFavorites goods item (exactly those when it is the period's only entry)",
        "contracts/reference/domain.md#list-relations; contracts/reference/domain.md#group-favorites; contracts/reference/domain.md#selected-entry";
    /// Narrowing filters against the other lists.
    InvFilterCounts = "inv.filter-counts", Inv, [Violation],
        "with ListDataId, TotalRows is that goods item's CountSelect (at most it with ClientFavoriteId); with ClientFavoriteId, TotalRows ≤ 1, and without a period it is 1 unless ListDataId names goods ListFavorites lacks",
        "contracts/reference/domain.md#list-relations; contracts/reference/domain.md#client-favorites";
    /// The selected entry's state in ListFavorites.
    InvSelectedEntry = "inv.selected-entry", Inv, [Violation],
        "ListFavorites shows the selected entry: every row NoActive when the ClientFavoriteId entry is deactivated, and no rows when no entry is active",
        "contracts/reference/domain.md#list-relations; contracts/reference/domain.md#selected-entry; contracts/reference/domain.md#list-favorites";
    /// One goods item, one name.
    InvGoodsNames = "inv.goods-names", Inv, [Violation],
        "a goods item has one Name across ListFavorites and GroupFavorites (and one Code and UrlImage in ListFavorites)",
        "contracts/reference/domain.md#list-relations";
    /// TotalRows independent of paging.
    MetaTotalRowsPaging = "meta.total-rows-paging", Meta, [Violation],
        "TotalRows and every field but ClientFavorites/TotalRowsSelect do not depend on Start/Length",
        "contracts/reference/domain.md#metamorphic";
    /// Pages concatenate.
    MetaPagingConcat = "meta.paging-concat", Meta, [Violation],
        "consecutive pages concatenate to the unpaged list",
        "contracts/reference/domain.md#metamorphic";
    /// Period narrowing.
    MetaPeriodNarrowing = "meta.period-narrowing", Meta, [Violation],
        "narrowing the period never adds rows or raises counts and leaves unfiltered fields unchanged",
        "contracts/reference/domain.md#metamorphic";
    /// Filter narrowing.
    MetaFilterNarrowing = "meta.filter-narrowing", Meta, [Violation],
        "adding ListDataId or ClientFavoriteId never adds rows",
        "contracts/reference/domain.md#metamorphic";
    /// Format equivalence.
    MetaFormatEquivalence = "meta.format-equivalence", Meta, [Violation],
        "the same request in JSON, XML and form encoding yields the same data",
        "contracts/reference/domain.md#metamorphic; contracts/reference/wire.md#checker-policy";
    /// Repeat.
    MetaRepeat = "meta.repeat", Meta, [Violation],
        "repeating a request yields the same answer",
        "contracts/reference/domain.md#metamorphic";
    /// No 2xx with data for a failing request.
    HostileNo2xxData = "hostile.no-2xx-data", Hostile, [Violation],
        "a request that must fail never gets a 2xx with data",
        "contracts/reference/production.md#auth; contracts/reference/production.md#status-codes";
    /// No stack traces.
    HostileStackTrace = "hostile.stack-trace", Hostile, [Violation],
        "no body reveals a stack trace, an exception type or message detail",
        "contracts/reference/wire.md#error-detail";
    /// Timeouts.
    HostileTimeout = "hostile.timeout", Hostile, [Violation],
        "the server answers within the time limit",
        "contracts/reference/production.md#robustness";
    /// Cross-operator isolation.
    HostileCrossOperator = "hostile.cross-operator", Hostile, [Violation],
        "a client of another operator gets ErrorCode 2 and no data (never reveal which)",
        "contracts/reference/domain.md#business-errors";
    /// Oracle difference.
    OracleDiff = "oracle.diff", Oracle, [Violation],
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
