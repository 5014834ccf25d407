//! Which resource a path names: the API's routes as the production pipeline matches them
//! ([`crate::pipeline::route`]), and the mock's own admin resources under [`ADMIN_PREFIX`] at
//! the root, outside any base path, so they never clash with the API.

use crate::pipeline;
use http::Method;

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
    /// `GET /__mock/`: the console page (`/__mock` redirects here).
    Console,
    /// `GET /__mock` without the slash: a redirect to the console.
    ConsoleRedirect,
    /// `GET /__mock/console.js`, `…/console.css`, `…/favicon.svg`.
    Asset(Asset),
    /// `GET /__mock/requests`: the journal; `DELETE`: reset it.
    Requests,
    /// `GET /__mock/requests/count`: how many journal entries match the filters.
    RequestsCount,
    /// `GET /__mock/health`: status, dataset summary, uptime.
    Health,
    /// `POST /__mock/reload`: reload the dataset.
    Reload,
    /// `GET /__mock/contract`: the endpoint's documentation, from the contract.
    Contract,
    /// `GET /__mock/dataset`: operators and clients, for the console's dataset browser.
    Dataset,
    /// `GET /__mock/samples`: a client's request as JSON, XML and form bodies.
    Samples,
    /// `GET /__mock/overrides`: list; `POST`: add; `DELETE`: remove all.
    Overrides,
    /// `DELETE /__mock/overrides/{id}`: remove one.
    Override(u64),
    /// Anything else under the prefix.
    Unknown,
}

/// The console's static assets, embedded in the binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Asset {
    /// The page's script.
    Script,
    /// The page's style sheet.
    Style,
    /// The page's icon.
    Icon,
}

impl AdminRoute {
    /// The methods each admin resource accepts (empty for an unknown one).
    pub(crate) fn methods(self) -> &'static [Method] {
        const GET: &[Method] = &[Method::GET];
        match self {
            AdminRoute::Console
            | AdminRoute::ConsoleRedirect
            | AdminRoute::Asset(_)
            | AdminRoute::RequestsCount
            | AdminRoute::Health
            | AdminRoute::Contract
            | AdminRoute::Dataset
            | AdminRoute::Samples => GET,
            AdminRoute::Requests => &[Method::GET, Method::DELETE],
            AdminRoute::Reload => &[Method::POST],
            AdminRoute::Overrides => &[Method::GET, Method::POST, Method::DELETE],
            AdminRoute::Override(_) => &[Method::GET, Method::DELETE],
            AdminRoute::Unknown => &[],
        }
    }
}

/// Whether a method changes the mock's state (a web page must not trigger it).
pub(crate) fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub(crate) use crate::pipeline::normalize_base_path;

/// Classify a path (without the query). `base` is a normalised base path.
pub(crate) fn route(path: &str, base: Option<&str>) -> Route {
    if path == ADMIN_PREFIX.trim_end_matches('/') {
        return Route::Admin(AdminRoute::ConsoleRedirect);
    }
    if let Some(rest) = path.strip_prefix(ADMIN_PREFIX) {
        return Route::Admin(admin_route(rest));
    }
    match pipeline::route(path, base) {
        pipeline::Route::Action => Route::Action,
        pipeline::Route::ApiNotFound => Route::ApiNotFound,
        pipeline::Route::OutsideApi => Route::OutsideApi,
    }
}

fn admin_route(rest: &str) -> AdminRoute {
    match rest {
        "" | "index.html" => return AdminRoute::Console,
        "console.js" => return AdminRoute::Asset(Asset::Script),
        "console.css" => return AdminRoute::Asset(Asset::Style),
        "favicon.svg" => return AdminRoute::Asset(Asset::Icon),
        _ => {}
    }
    match rest.trim_end_matches('/') {
        "requests" => AdminRoute::Requests,
        "requests/count" => AdminRoute::RequestsCount,
        "health" => AdminRoute::Health,
        "reload" => AdminRoute::Reload,
        "contract" => AdminRoute::Contract,
        "dataset" => AdminRoute::Dataset,
        "samples" => AdminRoute::Samples,
        "overrides" => AdminRoute::Overrides,
        other => match other.strip_prefix("overrides/").map(str::parse::<u64>) {
            Some(Ok(id)) => AdminRoute::Override(id),
            _ => AdminRoute::Unknown,
        },
    }
}
