//! Which resource a path names: the API's routes as the production pipeline matches them
//! ([`crate::pipeline::route`]), and the mock's own admin resources under [`ADMIN_PREFIX`] at
//! the root, outside any base path, so they never clash with the API.

use crate::pipeline;

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

pub(crate) use crate::pipeline::normalize_base_path;

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
    match pipeline::route(path, base) {
        pipeline::Route::Action => Route::Action,
        pipeline::Route::ApiNotFound => Route::ApiNotFound,
        pipeline::Route::OutsideApi => Route::OutsideApi,
    }
}
