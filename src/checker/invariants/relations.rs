//! Relations between the three lists and the counts of one successful answer
//! (contracts/reference/domain.md#list-relations): `ClientFavorites`, `ListFavorites` and
//! `GroupFavorites` are computed from the same entries, so some rows of one prove rows of
//! another. Each relation holds for every correct implementation whatever its data; the ones
//! that need "no period" rely on the profile reading missing ends as unbounded.

use super::Inv;
use crate::checker::profile::MissingEnd;
use crate::checker::rule::RuleId;
use crate::model::{ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, Request};
use std::collections::BTreeMap;

/// What the request and the answer establish before any relation is checked.
struct Facts<'r> {
    /// The request as bound.
    request: &'r Request,
    /// No `BegDate`, no `EndDate`, and the profile reads missing ends as unbounded: the period
    /// holds every visible entry of the client.
    no_period: bool,
    /// The row of the `ClientFavoriteId` entry, when the answer returns it.
    cfi_row: Option<&'r ClientFavoriteRow>,
    /// `ListFavorites` rows (none when null).
    lf: &'r [ListFavoriteRow],
    /// `GroupFavorites` rows (none when null).
    gf: &'r [GroupFavoriteRow],
}

impl Facts<'_> {
    /// Why the selected entry (contracts/reference/domain.md#selected-entry) is known to lie in
    /// the period, so that `GroupFavorites` counts its links.
    fn selected_in_period(&self) -> Option<&'static str> {
        if self.cfi_row.is_some() {
            Some("the ClientFavoriteId entry is among the ClientFavorites rows")
        } else if self.no_period && self.request.client_favorite_id.is_some() {
            Some(
                "without a period every visible entry, the ClientFavoriteId one included, is in it",
            )
        } else if self.no_period && !self.lf.is_empty() {
            Some("without a period every visible entry, the current one included, is in it")
        } else {
            None
        }
    }

    /// The `CountSelect` of goods item `id` (0 when `GroupFavorites` has no row for it).
    fn count_select(&self, id: i32) -> i32 {
        self.gf
            .iter()
            .find(|g| g.id == id)
            .map_or(0, |g| g.count_select)
    }

    /// Whether `ListFavorites` shows goods item `id`.
    fn lists(&self, id: i32) -> bool {
        self.lf.iter().any(|l| l.list_data_id == id)
    }
}

/// Which lists were found missing although proven (their own relations are then not checked
/// again: one finding per fault).
#[derive(Default)]
struct Missing {
    list_favorites: bool,
    group_favorites: bool,
}

impl Inv<'_, '_, '_> {
    /// Relations that need no request: names of one goods item, NowLinkGoods proving
    /// ListFavorites, unconfirmed rows against the counts.
    pub(super) fn relations(&mut self, request: Option<&Request>) {
        let r = self.r;
        self.goods_names();
        self.unconfirmed_rows();
        let Some(request) = request else {
            if r.now_link_goods > 0 {
                self.proven(
                    "ListFavorites",
                    r.list_favorites.is_none(),
                    r.list_favorites.as_ref().map_or(0, Vec::len),
                    &[format!(
                        "NowLinkGoods is {}: the selected entry has that many active links",
                        r.now_link_goods
                    )],
                );
            }
            return;
        };
        let profile = self.sink.profile;
        let facts = Facts {
            request,
            no_period: request.beg_date.is_none()
                && request.end_date.is_none()
                && profile.period.missing_end == MissingEnd::Unbounded,
            cfi_row: request
                .client_favorite_id
                .and_then(|id| r.client_favorites.iter().flatten().find(|row| row.id == id)),
            lf: r.list_favorites.as_deref().unwrap_or_default(),
            gf: r.group_favorites.as_deref().unwrap_or_default(),
        };
        let missing = self.proven_rows(&facts);
        if !missing.group_favorites {
            self.goods_in_groups(&facts);
        }
        self.filter_counts(&facts, &missing);
        self.selected_entry(&facts);
        self.confirm_counts(&facts);
    }

    /// Report `list` when it is null or empty although `proofs` show it has rows.
    fn proven(&mut self, list: &str, null: bool, len: usize, proofs: &[String]) -> bool {
        if proofs.is_empty() || len > 0 {
            return false;
        }
        let (actual, why) = if null {
            (
                "null",
                "null stands for an empty list, which other members contradict; the profile's \
                 tolerance of null applies to empty lists only",
            )
        } else {
            ("[]", "other members prove this list has rows")
        };
        self.violation(
            RuleId::InvProvenRows,
            format!("/{list}"),
            format!("rows: {}", proofs.join("; ")),
            actual,
            why,
        );
        true
    }

    fn proven_rows(&mut self, facts: &Facts<'_>) -> Missing {
        let r = self.r;
        let q = facts.request;
        let mut lf_proofs = Vec::new();
        if r.now_link_goods > 0 {
            lf_proofs.push(format!(
                "NowLinkGoods is {}: the selected entry has that many active links",
                r.now_link_goods
            ));
        }
        if let (Some(entry), Some(goods), true) =
            (q.client_favorite_id, q.list_data_id, r.total_rows > 0)
        {
            lf_proofs.push(format!(
                "ClientFavoriteId {entry} with ListDataId {goods} returns the entry, so the \
                 selected entry links goods {goods}"
            ));
        }
        let mut gf_proofs = Vec::new();
        if let (Some(why), false) = (facts.selected_in_period(), facts.lf.is_empty()) {
            gf_proofs.push(format!(
                "ListFavorites shows goods of the selected entry, and {why}"
            ));
        }
        if let (Some(goods), true) = (q.list_data_id, r.total_rows > 0) {
            gf_proofs.push(format!(
                "ListDataId {goods} narrows ClientFavorites to {} entries of the period that \
                 link it",
                r.total_rows
            ));
        }
        if facts.no_period && r.count_purchases > 0 {
            gf_proofs.push(format!(
                "CountPurchases is {} without a period: an active link of a confirmed entry made \
                 them favourite, and the period holds every entry",
                r.count_purchases
            ));
        }
        Missing {
            list_favorites: self.proven(
                "ListFavorites",
                r.list_favorites.is_none(),
                facts.lf.len(),
                &lf_proofs,
            ),
            group_favorites: self.proven(
                "GroupFavorites",
                r.group_favorites.is_none(),
                facts.gf.len(),
                &gf_proofs,
            ),
        }
    }

    /// The selected entry's goods are counted in `GroupFavorites` when it lies in the period;
    /// when it is the period's only entry, `GroupFavorites` holds exactly its goods.
    fn goods_in_groups(&mut self, facts: &Facts<'_>) {
        let Some(why) = facts.selected_in_period() else {
            return;
        };
        let mut reported = Vec::new();
        for (i, row) in facts.lf.iter().enumerate() {
            let goods = row.list_data_id;
            if facts.count_select(goods) > 0 || reported.contains(&goods) {
                continue;
            }
            reported.push(goods);
            self.violation(
                RuleId::InvGoodsInGroups,
                format!("/ListFavorites/{i}/ListDataId"),
                format!("a GroupFavorites row with Id {goods}"),
                "no such row",
                format!(
                    "GroupFavorites counts every goods item linked by an entry of the period, and \
                     {why}"
                ),
            );
        }
        if self.r.count_offer != 1 {
            return;
        }
        for (i, row) in facts.gf.iter().enumerate() {
            if !facts.lists(row.id) {
                self.violation(
                    RuleId::InvGoodsInGroups,
                    format!("/GroupFavorites/{i}/Id"),
                    "only goods ListFavorites shows (the period's only entry is the selected one)",
                    format!("goods {}", row.id),
                    format!(
                        "CountOffer is 1 and {why}: GroupFavorites counts that entry's goods only"
                    ),
                );
            }
        }
    }

    /// `TotalRows` under the two narrowing filters, against the other lists.
    fn filter_counts(&mut self, facts: &Facts<'_>, missing: &Missing) {
        let q = facts.request;
        if let Some(entry) = q.client_favorite_id {
            self.entry_filter(facts, missing, entry);
        }
        let Some(goods) = q.list_data_id else {
            return;
        };
        if missing.group_favorites {
            return;
        }
        let total = self.r.total_rows;
        let count = facts.count_select(goods);
        let (broken, relation, why) = match q.client_favorite_id {
            None => (
                total != count,
                "=",
                "both count the entries of the period that link the goods item",
            ),
            Some(_) => (
                total > count,
                "≤",
                "the entry returned is one of the entries of the period that link the goods item",
            ),
        };
        if broken {
            self.violation(
                RuleId::InvFilterCounts,
                "/TotalRows",
                format!("{relation} {count} (CountSelect of goods {goods} in GroupFavorites)"),
                total.to_string(),
                format!("with ListDataId {goods}, {why}"),
            );
        }
    }

    /// `ClientFavoriteId` names one entry: at most one row, one without a period unless
    /// `ListDataId` excludes it, and with both filters returning it, its goods in
    /// `ListFavorites`.
    fn entry_filter(&mut self, facts: &Facts<'_>, missing: &Missing, entry: i32) {
        let r = self.r;
        let total = r.total_rows;
        if total > 1 {
            self.violation(
                RuleId::InvFilterCounts,
                "/TotalRows",
                format!("0 or 1 (ClientFavoriteId {entry} names one entry)"),
                total.to_string(),
                "ClientFavoriteId narrows ClientFavorites to that one entry",
            );
            return;
        }
        let goods = facts.request.list_data_id;
        if facts.no_period && !missing.list_favorites {
            // ListFavorites shows the entry's links, so it tells whether ListDataId keeps it;
            // a null list (when the profile allows one) tells nothing.
            let expected = match goods {
                None => Some(1),
                Some(_) if r.list_favorites.is_none() => None,
                Some(g) => Some(i32::from(facts.lists(g))),
            };
            if let Some(expected) = expected.filter(|e| *e != total) {
                let why = match goods {
                    None => "the entry exists (else business error 6)".to_owned(),
                    Some(g) if expected == 1 => {
                        format!("it links goods {g}, as ListFavorites shows")
                    }
                    Some(g) => format!("ListFavorites, its links, has no goods {g}"),
                };
                self.violation(
                    RuleId::InvFilterCounts,
                    "/TotalRows",
                    expected.to_string(),
                    total.to_string(),
                    format!(
                        "without a period every visible entry is in it, so ClientFavoriteId \
                         {entry} returns {} row: {why}",
                        if expected == 1 { "its" } else { "no" }
                    ),
                );
            }
        }
        if let (Some(g), true, false) = (goods, total > 0, missing.list_favorites)
            && !facts.lists(g)
        {
            self.violation(
                RuleId::InvFilterCounts,
                "/ListFavorites",
                format!("a row with ListDataId {g}"),
                "none",
                format!(
                    "ClientFavoriteId {entry} with ListDataId {g} returns the entry, so it \
                         links goods {g}, and ListFavorites shows its links"
                ),
            );
        }
    }

    /// `ListFavorites` shows the selected entry's state.
    fn selected_entry(&mut self, facts: &Facts<'_>) {
        let r = self.r;
        let q = facts.request;
        if let Some(row) = facts.cfi_row.filter(|row| row.no_active) {
            for (i, link) in facts.lf.iter().enumerate() {
                if !link.no_active {
                    self.violation(
                        RuleId::InvSelectedEntry,
                        format!("/ListFavorites/{i}/NoActive"),
                        "true",
                        "false",
                        format!(
                            "the selected entry {} is deactivated (its row shows NoActive true), \
                             and a link of a deactivated entry is shown deactivated",
                            row.id
                        ),
                    );
                }
            }
        }
        // The whole period on the page, no filter, no period: every visible entry is a row.
        let rows = r.client_favorites.as_deref().unwrap_or_default();
        let whole = facts.no_period
            && q.client_favorite_id.is_none()
            && q.list_data_id.is_none()
            && i64::try_from(rows.len()).ok() == Some(i64::from(r.total_rows));
        if whole && rows.iter().all(|row| row.no_active) && !facts.lf.is_empty() {
            self.violation(
                RuleId::InvSelectedEntry,
                "/ListFavorites",
                "no rows",
                format!("{} rows", facts.lf.len()),
                format!(
                    "every one of the client's {} entries is deactivated, so there is no current \
                     entry to show the goods of",
                    rows.len()
                ),
            );
        }
    }

    /// `CountConfirm` against the rows and the purchases, beyond `CountConfirm ≤ CountOffer`.
    fn confirm_counts(&mut self, facts: &Facts<'_>) {
        let r = self.r;
        let q = facts.request;
        let rows = r.client_favorites.as_deref().unwrap_or_default();
        let confirmed = rows.iter().filter(|row| row.confirm).count();
        let whole = q.client_favorite_id.is_none()
            && q.list_data_id.is_none()
            && i64::try_from(rows.len()).ok() == Some(i64::from(r.total_rows));
        if whole && i64::try_from(confirmed).ok() != Some(i64::from(r.count_confirm)) {
            self.violation(
                RuleId::InvCountConfirm,
                "/CountConfirm",
                format!(
                    "{confirmed} (the confirmed rows: the page holds every entry of the period)"
                ),
                r.count_confirm.to_string(),
                "without filters and with every row on the page, ClientFavorites is the period's \
                 entries that CountConfirm counts",
            );
        }
        if facts.no_period && r.count_purchases > 0 && r.count_confirm < 1 {
            self.violation(
                RuleId::InvCountConfirm,
                "/CountConfirm",
                "≥ 1",
                r.count_confirm.to_string(),
                format!(
                    "CountPurchases is {} without a period: a favourite purchase needs a confirmed \
                     entry, and the period holds every entry",
                    r.count_purchases
                ),
            );
        }
    }

    /// The rows returned that are not confirmed are entries of the period that are not
    /// confirmed, which the counts leave room for.
    fn unconfirmed_rows(&mut self) {
        let r = self.r;
        let unconfirmed = r
            .client_favorites
            .iter()
            .flatten()
            .filter(|row| !row.confirm)
            .count();
        let unconfirmed = i64::try_from(unconfirmed).unwrap_or(i64::MAX);
        // With no unconfirmed row this is `CountConfirm ≤ CountOffer`, reported in counts.rs.
        let bound = i64::from(r.count_offer) - unconfirmed;
        if unconfirmed > 0 && i64::from(r.count_confirm) > bound {
            self.violation(
                RuleId::InvCountConfirm,
                "/CountConfirm",
                format!(
                    "≤ {bound} (CountOffer {} less the {unconfirmed} unconfirmed rows returned)",
                    r.count_offer
                ),
                r.count_confirm.to_string(),
                "returned rows are entries of the period, so its unconfirmed entries number at \
                 least the unconfirmed rows",
            );
        }
    }

    /// One goods item has one `Name` in both lists, and one `Code` and `UrlImage` in
    /// `ListFavorites`: they are the goods item's own.
    fn goods_names(&mut self) {
        let r = self.r;
        let mut first: BTreeMap<i32, &ListFavoriteRow> = BTreeMap::new();
        for (i, row) in r.list_favorites.iter().flatten().enumerate() {
            let Some(seen) = first.get(&row.list_data_id) else {
                first.insert(row.list_data_id, row);
                continue;
            };
            for (member, a, b) in [
                ("Name", &seen.name, &row.name),
                ("Code", &seen.code, &row.code),
                ("UrlImage", &seen.url_image, &row.url_image),
            ] {
                if a != b {
                    self.violation(
                        RuleId::InvGoodsNames,
                        format!("/ListFavorites/{i}/{member}"),
                        shown(a),
                        shown(b),
                        format!(
                            "both rows show goods {}; its {member} is the goods item's own",
                            row.list_data_id
                        ),
                    );
                }
            }
        }
        for (i, row) in r.group_favorites.iter().flatten().enumerate() {
            if let Some(seen) = first.get(&row.id).filter(|seen| seen.name != row.name) {
                self.violation(
                    RuleId::InvGoodsNames,
                    format!("/GroupFavorites/{i}/Name"),
                    format!(
                        "{} (as ListFavorites names goods {})",
                        shown(&seen.name),
                        row.id
                    ),
                    shown(&row.name),
                    "both lists show the goods item's own name",
                );
            }
        }
    }
}

fn shown(value: &Option<String>) -> String {
    value.as_ref().map_or("null".to_owned(), |v| {
        format!("\"{}\"", crate::checker::body::clip(v))
    })
}
