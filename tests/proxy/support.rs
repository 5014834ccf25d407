//! Servers and requests the proxy tests share.

use favorite_contract::{
    HttpClient, HttpRequest, HttpResponse, MockServer, ProxyConfig, ProxyHandle, ProxyServer,
    RequestBody, ServerHandle, Target,
};
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The action's path.
pub const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
/// The bearer token the tests send.
pub const TOKEN: &str = "proxy-suite";
/// How long any exchange may take before a test fails instead of hanging.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Our mock on 127.0.0.1, any free port.
pub async fn mock() -> ServerHandle {
    MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await
        .unwrap()
}

/// A proxy to `upstream` (a base URL), its configuration changed by `change`.
pub async fn proxy(upstream: &str, change: impl FnOnce(&mut ProxyConfig)) -> ProxyHandle {
    let mut config = ProxyConfig::new(Target::parse(upstream).unwrap());
    change(&mut config);
    ProxyServer::start(config, "127.0.0.1:0").await.unwrap()
}

/// A client for a base URL.
pub fn client(url: &str) -> HttpClient {
    HttpClient::new(Target::parse(url).unwrap(), DEADLINE, 4).unwrap()
}

/// A request of the action with this body, Content-Type and headers.
pub fn post(content_type: &str, body: &str, extra: &[(&str, &str)]) -> HttpRequest {
    let mut headers = vec![
        ("Authorization".to_owned(), format!("Bearer {TOKEN}")),
        ("Content-Type".to_owned(), content_type.to_owned()),
    ];
    headers.extend(
        extra
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    HttpRequest {
        method: "POST".into(),
        path: ACTION.into(),
        headers,
        body: RequestBody::Text(body.to_owned()),
        format: None,
    }
}

/// Send and read the whole answer.
pub async fn send(client: &HttpClient, request: &HttpRequest) -> HttpResponse {
    client.send(request).await.unwrap().response
}

/// The proxy's journal, parsed.
pub async fn journal(proxy: &ProxyHandle) -> Value {
    let client = client(&proxy.url());
    let request = HttpRequest {
        method: "GET".into(),
        path: "/__proxy/exchanges".into(),
        headers: Vec::new(),
        body: RequestBody::Text(String::new()),
        format: None,
    };
    let response = send(&client, &request).await;
    assert_eq!(response.status, 200);
    serde_json::from_slice(&response.body).unwrap()
}

/// The rule ids of a journal entry's findings.
pub fn entry_rules(entry: &Value) -> Vec<String> {
    entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// The rule ids named by an `X-Contract-Findings` value (`N; a, b`).
pub fn header_rules(response: &HttpResponse) -> Vec<String> {
    response
        .header("x-contract-findings")
        .and_then(|v| v.split_once("; "))
        .map(|(_, rules)| rules.split(", ").map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A response as it crossed the wire: the status line and headers as written (name case
/// kept), and the body.
#[derive(Debug)]
pub struct Raw {
    pub head: Vec<String>,
    pub body: Vec<u8>,
}

impl Raw {
    /// The head without its `Date` line (two answers a second apart differ there only).
    pub fn head_without_date(&self) -> Vec<String> {
        self.head
            .iter()
            .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
            .cloned()
            .collect()
    }
}

/// Send raw request bytes (which must ask for `Connection: close`) and read the answer to the
/// end of the connection.
pub async fn raw(addr: &str, request: &[u8]) -> Raw {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(request).await.unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await.unwrap();
        bytes
    };
    let bytes = tokio::time::timeout(DEADLINE, exchange).await.unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split])
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    Raw {
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

/// `host:port` of a base URL.
pub fn authority(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}
