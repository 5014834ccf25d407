//! Path classification.

use crate::server::routing::*;

#[test]
fn the_action_matches_case_insensitively_with_an_optional_trailing_slash() {
    for path in [
        "/api/client/ClientFavoriteDataInfo",
        "/API/Client/clientfavoritedatainfo",
        "/api/client/ClientFavoriteDataInfo/",
    ] {
        assert_eq!(route(path, None), Route::Action, "{path}");
    }
}

#[test]
fn other_api_paths_are_api_404s_and_the_rest_is_outside() {
    assert_eq!(route("/api/client/ClientInfo", None), Route::ApiNotFound);
    assert_eq!(route("/api", None), Route::ApiNotFound);
    assert_eq!(
        route("/api/client/ClientFavoriteDataInfo/x", None),
        Route::ApiNotFound
    );
    assert_eq!(route("/", None), Route::OutsideApi);
    assert_eq!(route("/apix/client", None), Route::OutsideApi);
    assert_eq!(route("/index.html", None), Route::OutsideApi);
}

#[test]
fn a_base_path_is_required_when_configured() {
    let base = normalize_base_path("lcmanager/");
    assert_eq!(base.as_deref(), Some("/lcmanager"));
    let base = base.as_deref();
    assert_eq!(
        route("/LCManager/api/client/ClientFavoriteDataInfo", base),
        Route::Action
    );
    assert_eq!(
        route("/api/client/ClientFavoriteDataInfo", base),
        Route::OutsideApi
    );
    assert_eq!(route("/lcmanager/api/x", base), Route::ApiNotFound);
    assert_eq!(route("/lcmanagerx/api/x", base), Route::OutsideApi);
}

#[test]
fn admin_paths_live_at_the_root_whatever_the_base_path() {
    let base = Some("/lcmanager");
    assert_eq!(
        route("/__mock/requests", base),
        Route::Admin(AdminRoute::Requests)
    );
    assert_eq!(
        route("/__mock/health/", None),
        Route::Admin(AdminRoute::Health)
    );
    assert_eq!(
        route("/__mock/reload", None),
        Route::Admin(AdminRoute::Reload)
    );
    assert_eq!(route("/__mock/x", None), Route::Admin(AdminRoute::Unknown));
    assert_eq!(route("/lcmanager/__mock/health", base), Route::OutsideApi);
    assert_eq!(normalize_base_path(" / "), None);
}
