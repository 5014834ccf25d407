//! A real headless Chromium driven through chromedriver (WebDriver), one fresh browser and
//! profile per test, one browser at a time. Without Chromium the tests say so loudly and pass,
//! unless `FAVORITE_CONTRACT_REQUIRE_CHROMIUM` is set (CI sets it, so CI never skips).

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set to make a missing Chromium a failure instead of a skip.
const REQUIRE: &str = "FAVORITE_CONTRACT_REQUIRE_CHROMIUM";
/// How long a page may take to reach an expected state.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long chromedriver may take to listen.
const DRIVER_START: Duration = Duration::from_secs(20);

/// One browser at a time: the machine has two cores and each browser several processes.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// chromedriver, its process group killed on drop (it and the browser it started).
struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = rustix::process::Pid::from_child(&self.child);
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        let _ = self.child.wait();
    }
}

/// A browser session; closed by [`Browser::close`], killed on drop otherwise.
pub struct Browser {
    pub client: Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// The browser's console log (`goog:loggingPrefs`), read with chromedriver's log command.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start a headless Chromium whose clock reads `time_zone` (the `TZ` of its process), or
/// `None` (after a loud message) when Chromium is missing and not required.
pub async fn launch(time_zone: &str) -> Option<Browser> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = on_path(&["chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let message = "Chromium or chromedriver is not on PATH: install Debian's `chromium` and \
                       `chromium-driver` (.ci/run does)";
        assert!(
            std::env::var_os(REQUIRE).is_none(),
            "{message}; {REQUIRE} is set"
        );
        eprintln!(
            "\n!!! SKIPPED a browser test: {message}. Set {REQUIRE}=1 to make this a failure.\n"
        );
        return None;
    };
    let turn = ONE_AT_A_TIME.lock().await;
    let port = free_port();
    let mut command = Command::new(&driver);
    command
        .arg(format!("--port={port}"))
        .env("TZ", time_zone)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command.spawn().expect("chromedriver starts");
    let driver = Driver { child };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < DRIVER_START,
            "chromedriver did not listen on {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let profile = tempfile::tempdir().unwrap();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}/"))
        .await
        .expect("a WebDriver session");
    Some(Browser {
        client,
        _driver: driver,
        _profile: profile,
        _turn: turn,
    })
}

impl Browser {
    /// Run a script (`return …`) and give its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
    }

    /// Wait until a JavaScript expression is truthy; `what` names it in the failure.
    pub async fn wait(&self, expression: &str, what: &str) {
        let started = Instant::now();
        loop {
            let value = self.js(&format!("return !!({expression});")).await;
            if value == Value::Bool(true) {
                return;
            }
            if started.elapsed() > WAIT {
                let page = self.js("return document.body.innerText").await;
                panic!(
                    "timed out waiting for {what} ({expression}); page text:\n{}",
                    page.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Click the element a CSS selector names, as a user would.
    pub async fn click(&self, selector: &str) {
        self.client
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|err| panic!("no `{selector}`: {err}"))
            .click()
            .await
            .unwrap_or_else(|err| panic!("cannot click `{selector}`: {err}"));
    }

    /// Type into an input, after clearing it, as a user would.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let element = self.client.find(Locator::Css(selector)).await.unwrap();
        element.clear().await.unwrap();
        element.send_keys(text).await.unwrap();
    }

    /// Set a form control's value and fire `change`, as a user editing it would.
    pub async fn set(&self, selector: &str, value: &str) {
        let script = format!(
            "const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event('change', {{ bubbles: true }})); return e.value;",
            json!(selector),
            json!(value)
        );
        assert_eq!(self.js(&script).await, json!(value), "{selector}");
    }

    /// An element's text.
    pub async fn text(&self, selector: &str) -> String {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.innerText : null;",
            json!(selector)
        );
        self.js(&script)
            .await
            .as_str()
            .unwrap_or_else(|| panic!("no `{selector}`"))
            .to_owned()
    }

    /// The console messages logged since the last call, as `LEVEL message`.
    pub async fn log(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("the browser log");
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["level"].as_str().unwrap_or("?"),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The errors (and warnings) the page logged since the last call.
    pub async fn problems(&self) -> Vec<String> {
        self.log()
            .await
            .into_iter()
            .filter(|line| line.starts_with("SEVERE") || line.starts_with("WARNING"))
            .collect()
    }

    /// Save a screenshot of the page.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// End the session (and the browser).
    pub async fn close(self) {
        let Browser { client, .. } = self;
        client.close().await.unwrap();
    }
}
