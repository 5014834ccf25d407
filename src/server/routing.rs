//! Which resource a path names. Production matches attribute routes case-insensitively
//! (production conventions, "Transport and routing"); the mock's own admin resources live under
//! [`ADMIN_PREFIX`] at the root, outside any base path, so they never clash with the API.

use crate::contract::contract;

/// Where the mock's admin resources live. Never under the base path, and not under `/api`.
pub const ADMIN_PREFIX: &str = "/__mock/";

/// What a request path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `POST {base}/api/client/ClientFavoriteDataInfo`.
    Action,
    /// A path under `{base}/api/` that names no action: Web API answers 404 with an HttpError.
    ApiNotFound,
    /// A path outside `{base}/api/`. Under IIS this never reaches Web API and IIS sends its HTML
    /// 404 page; the mock answers the same HttpError body as [`Route::ApiNotFound`] instead.
    OutsideApi,
    /// A mock admin resource.
    Admin(AdminRoute),
}

/// The admin resources under [`ADMIN_PREFIX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AdminRoute {
    /// `GET /__mock/requests`: the journal.
    Requests,
    /// `GET /__mock/health`: status, dataset summary, uptime.
    Health,
    /// `POST /__mock/reload`: reload the dataset.
    Reload,
    /// Anything else under the prefix.
    Unknown,
}

impl AdminRoute {
    /// The one method each admin resource accepts.
    pub(crate) fn method(self) -> Option<http::Method> {
        match self {
            AdminRoute::Requests | AdminRoute::Health => Some(http::Method::GET),
            AdminRoute::Reload => Some(http::Method::POST),
            AdminRoute::Unknown => None,
        }
    }

    /// Whether the resource changes the mock's state (a web page must not trigger it).
    pub(crate) fn changes_state(self) -> bool {
        self.method().is_some_and(|m| m != http::Method::GET)
    }
}

/// Normalise a configured base path: `lcmanager/` → `/lcmanager`; `""` and `/` → none.
pub(crate) fn normalize_base_path(base: &str) -> Option<String> {
    let trimmed = base.trim().trim_matches('/');
    (!trimmed.is_empty()).then(|| format!("/{trimmed}"))
}

/// Classify a path (without the query). `base` is a normalised base path.
pub(crate) fn route(path: &str, base: Option<&str>) -> Route {
    if let Some(rest) = path.strip_prefix(ADMIN_PREFIX) {
        return Route::Admin(match rest.trim_end_matches('/') {
            "requests" => AdminRoute::Requests,
            "health" => AdminRoute::Health,
            "reload" => AdminRoute::Reload,
            _ => AdminRoute::Unknown,
        });
    }
    let Some(in_app) = strip_prefix_ignore_case(path, base.unwrap_or("")) else {
        return Route::OutsideApi;
    };
    // ASP.NET routing ignores one trailing slash.
    let in_app = in_app.strip_suffix('/').unwrap_or(in_app);
    // `/` + the endpoint path, compared without building the string.
    let action = contract().endpoint.path.trim_matches('/');
    if in_app
        .strip_prefix('/')
        .is_some_and(|rest| rest.eq_ignore_ascii_case(action))
    {
        Route::Action
    } else if in_app.eq_ignore_ascii_case("/api")
        || strip_prefix_ignore_case(in_app, "/api/").is_some()
    {
        Route::ApiNotFound
    } else {
        Route::OutsideApi
    }
}

/// `path` without `prefix` (ASCII case-insensitive), only on a segment boundary.
fn strip_prefix_ignore_case<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &path[prefix.len()..];
    (prefix.ends_with('/') || rest.is_empty() || rest.starts_with('/')).then_some(rest)
}
