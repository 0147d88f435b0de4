//! One router per area of the site, which remembers its paths, so tests
//! can walk every route the public can reach (a lockdown must cover a
//! route added tomorrow too).

use super::AppState;
use axum::routing::MethodRouter;
use axum::Router;

pub struct Area {
    pub router: Router<AppState>,
    pub paths: Vec<String>,
}

impl Area {
    pub fn new() -> Self {
        Area { router: Router::new(), paths: Vec::new() }
    }

    pub fn route(mut self, path: &str, handler: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, handler);
        self.paths.push(path.to_string());
        self
    }

    /// This area under a prefix (`/api`).
    pub fn nest(self, prefix: &str) -> Self {
        Area { router: Router::new().nest(prefix, self.router), paths: self.paths.into_iter().map(|p| format!("{prefix}{p}")).collect() }
    }

    /// Open data: any site may read these answers from a visitor's browser
    /// (GET and HEAD only, never with cookies or credentials).
    pub fn open_to_any_origin(mut self) -> Self {
        use axum::http::{header, Method};
        use tower_http::cors::{Any, CorsLayer};
        let cors = CorsLayer::new()
            .allow_origin(Any)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE, header::ACCEPT_LANGUAGE])
            .expose_headers([header::ETAG, header::LAST_MODIFIED]);
        self.router = self.router.layer(cors);
        self
    }

    pub fn merge(mut self, other: Area) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }
}

impl Default for Area {
    fn default() -> Self {
        Area::new()
    }
}
