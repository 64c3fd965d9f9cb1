//! Requests that can't be bent: values a caller passes (perhaps from an attacker) must not
//! change the path, the query, the headers or the cookies of the request that is sent.
//!
//! A raw TCP listener records the exact request head each call sends, so the checks are on
//! the bytes on the wire, not on what a mock server's parser makes of them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers every request with an empty 404 and keeps each request's head.
struct Recorder {
    base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
}

impl Recorder {
    async fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (h, c) = (heads.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                let heads = h.clone();
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&buffer).into_owned();
                    let head = text.split("\r\n\r\n").next().unwrap_or_default().to_owned();
                    heads.lock().expect("not poisoned").push(head);
                    let _ = socket
                        .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .await;
                });
            }
        });
        Recorder {
            base_url,
            heads,
            connections,
        }
    }

    /// The request line of the last request.
    fn last_line(&self) -> String {
        let heads = self.heads.lock().expect("not poisoned");
        let head = heads.last().expect("a request arrived");
        head.lines().next().unwrap_or_default().to_owned()
    }

    /// The value of header `name` in the last request.
    fn last_header(&self, name: &str) -> Vec<String> {
        let heads = self.heads.lock().expect("not poisoned");
        let head = heads.last().expect("a request arrived");
        head.lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    fn count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn sdk(server: &Recorder) -> altostrat::Client {
    altostrat::Client::builder()
        .base_url(&server.base_url)
        .bearer_token("token")
        .max_retries(0)
        .build()
        .expect("the client builds")
}

fn auth_client(server: &Recorder) -> auth_schemes_client::ClientBuilder {
    auth_schemes_client::Client::builder()
        .base_url(&server.base_url)
        .max_retries(0)
}

/// Percent-encodes every byte but the RFC 3986 unreserved ones, as a path segment must be.
fn segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    let server = Recorder::start().await;
    let client = sdk(&server);
    let values = [
        "a/b",
        "../../admin",
        "..%2F..%2Fadmin",
        "a?admin=1",
        "a#fragment",
        "100%",
        "%2e%2e",
        "a b",
        "ключ/日本",
        "a;b=c,d",
        "a\r\nX-Injected: 1",
        "\u{0}",
        "...",
        "~user",
    ];
    for value in values {
        let before = server.count();
        let _ = client.api_keys().retrieve(value).await;
        assert_eq!(server.count(), before + 1, "{value:?} was not sent");
        let expected = format!("GET /api/keys/{} HTTP/1.1", segment(value));
        assert_eq!(server.last_line(), expected, "path parameter {value:?}");
        let target = expected.split(' ').nth(1).unwrap_or_default();
        assert_eq!(target.matches('/').count(), 3, "{value:?} added a segment");
        assert!(
            !target.contains(['?', '#']),
            "{value:?} reached the query or fragment"
        );
    }
}

#[tokio::test]
async fn path_parameters_that_would_move_the_path_are_refused_before_sending() {
    let server = Recorder::start().await;
    let client = sdk(&server);
    for value in ["", ".", ".."] {
        let result = client.api_keys().retrieve(value).await;
        assert!(
            matches!(result, Err(altostrat::Error::InvalidRequest(_))),
            "{value:?}: {result:?}"
        );
        let result = client.api_keys().delete(value).await;
        assert!(
            matches!(result, Err(altostrat::Error::InvalidRequest(_))),
            "{value:?}: {result:?}"
        );
    }
    assert_eq!(server.count(), 0, "a refused call reached the server");
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    let server = Recorder::start().await;
    let client = sdk(&server);
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u{0}b"] {
        let result = client
            .api_keys()
            .list()
            .with_header("X-Request-Source", value)
            .await;
        assert!(
            matches!(result, Err(altostrat::Error::InvalidRequest(_))),
            "{value:?}: {result:?}"
        );
        let bad_token = altostrat::Client::builder()
            .base_url(&server.base_url)
            .bearer_token(format!("token{value}"))
            .build()
            .expect("the client builds");
        let result = bad_token.api_keys().list().await;
        assert!(
            matches!(result, Err(altostrat::Error::InvalidRequest(_))),
            "bearer {value:?}: {result:?}"
        );
        let header_key = auth_client(&server)
            .header_key(format!("key{value}"))
            .build()
            .expect("the client builds");
        let result = header_key.auth_schemes().get_with_header_key().await;
        assert!(
            matches!(result, Err(auth_schemes_client::Error::InvalidRequest(_))),
            "header key {value:?}: {result:?}"
        );
    }
    assert_eq!(server.count(), 0, "a refused call reached the server");
}

#[tokio::test]
async fn query_values_are_form_encoded() {
    let server = Recorder::start().await;
    let cases = [
        ("a&admin=1", "a%26admin%3D1"),
        ("x=y", "x%3Dy"),
        ("a#frag", "a%23frag"),
        ("1+1 2", "1%2B1+2"),
        ("100%", "100%25"),
        ("ключ", "%D0%BA%D0%BB%D1%8E%D1%87"),
        ("a\r\nb", "a%0D%0Ab"),
    ];
    for (value, encoded) in cases {
        let client = auth_client(&server)
            .query_key(value)
            .build()
            .expect("the client builds");
        let _ = client.auth_schemes().get_with_query_key().await;
        assert_eq!(
            server.last_line(),
            format!("GET /query-key?api_key={encoded} HTTP/1.1"),
            "query value {value:?}"
        );
    }
}

#[tokio::test]
async fn cookie_values_cannot_add_cookies() {
    let server = Recorder::start().await;
    let client = auth_client(&server)
        .cookie_key("abc; admin=1, role=root \"x\"\\%")
        .build()
        .expect("the client builds");
    let _ = client.auth_schemes().get_with_cookie_key().await;
    assert_eq!(
        server.last_header("cookie"),
        ["session=abc%3B%20admin=1%2C%20role=root%20%22x%22%5C%25"]
    );
}
