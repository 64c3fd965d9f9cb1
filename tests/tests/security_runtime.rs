//! The runtime's security guarantees (issue 15), each against servers on 127.0.0.1:
//! credentials stay with their origin, no secret shows in an error, buffered bodies
//! are bounded, and retries and per-call requests cannot be turned against the API
//! or the caller.
//!
//! Credential placement is driven through `auth_schemes_client` (generated from
//! `tests/fixtures/auth-schemes.yaml`, one operation per kind of credential), the
//! rest through the `altostrat` SDK.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use altostrat::control_plane::RotateApiCredentialsError;
use altostrat::keys::types::CreateApiKeyRequest;
use altostrat::uuid::Uuid;
use altostrat::{RetryPolicy, StatusCode};
use auth_schemes_client as auth;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const BEARER: &str = "bearer-tok-71c2";
const BASIC_USER: &str = "basic-user-19";
const BASIC_PASSWORD: &str = "basic-pass-83";
/// Base64 of `basic-user-19:basic-pass-83`, as it travels in `Authorization`.
const BASIC_BASE64: &str = "YmFzaWMtdXNlci0xOTpiYXNpYy1wYXNzLTgz";
const HEADER_KEY: &str = "header-key-5d0e";
const QUERY_KEY: &str = "query-key-a4f6";
const COOKIE_KEY: &str = "cookie-key-2b97";
const API_EMAIL: &str = "ops-c3e8@example.com";
const API_KEY: &str = "auth-key-6f14";
/// The SDK's bearer token.
const TOKEN: &str = "sdk-token-9e3a";
/// The site whose credentials `rotate_api_credentials` rotates.
const SITE_ID: &str = "d290f1ee-6c54-4b01-90e6-d701748f0851";

/// Every credential value a client of these tests holds.
const CREDENTIALS: [&str; 10] = [
    BEARER,
    BASIC_USER,
    BASIC_PASSWORD,
    BASIC_BASE64,
    HEADER_KEY,
    QUERY_KEY,
    COOKIE_KEY,
    API_EMAIL,
    API_KEY,
    TOKEN,
];

/// One operation of the auth-schemes API per credential placement: bearer, basic,
/// an API key in a header, the query and a cookie, two headers at once, and a
/// choice between two sets.
#[derive(Debug, Clone, Copy)]
enum Op {
    Bearer,
    Basic,
    HeaderKey,
    QueryKey,
    CookieKey,
    TwoHeaders,
    Either,
}

const SECURED: [Op; 7] = [
    Op::Bearer,
    Op::Basic,
    Op::HeaderKey,
    Op::QueryKey,
    Op::CookieKey,
    Op::TwoHeaders,
    Op::Either,
];

/// What a failed auth-schemes call came to, with the operation's error type erased.
#[derive(Debug)]
struct Failure {
    status: Option<StatusCode>,
    location: Option<String>,
}

fn failure<E: std::fmt::Debug>(error: auth::Error<E>) -> Failure {
    let location = error
        .headers()
        .and_then(|headers| headers.get("location"))
        .map(|value| value.to_str().unwrap().to_owned());
    assert!(
        matches!(error, auth::Error::UnexpectedStatus { .. }),
        "not an undocumented status: {error:?}"
    );
    Failure {
        status: error.status(),
        location,
    }
}

/// Calls `op`, expecting it to fail with an undocumented status.
async fn call_failing(client: &auth::Client, op: Op) -> Failure {
    let ops = client.auth_schemes();
    let result = match op {
        Op::Bearer => ops.get_with_bearer().await.map(drop).map_err(failure),
        Op::Basic => ops.get_with_basic().await.map(drop).map_err(failure),
        Op::HeaderKey => ops.get_with_header_key().await.map(drop).map_err(failure),
        Op::QueryKey => ops.get_with_query_key().await.map(drop).map_err(failure),
        Op::CookieKey => ops.get_with_cookie_key().await.map(drop).map_err(failure),
        Op::TwoHeaders => ops.get_with_two_headers().await.map(drop).map_err(failure),
        Op::Either => ops.get_with_either().await.map(drop).map_err(failure),
    };
    result.expect_err("the call fails")
}

/// A builder for `base_url` holding every credential the auth-schemes API knows.
fn all_credentials(base_url: &str) -> auth::ClientBuilder {
    auth::Client::builder()
        .base_url(base_url)
        .bearer_token(BEARER)
        .basic_auth(BASIC_USER, BASIC_PASSWORD)
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .api_email(API_EMAIL)
        .api_key(API_KEY)
}

/// An SDK builder for `base_url` with a bearer token and quick retries.
fn sdk_builder(base_url: &str) -> altostrat::ClientBuilder {
    altostrat::Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: ms(20),
            max_backoff: ms(40),
            ..RetryPolicy::default()
        })
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

fn site_id() -> Uuid {
    SITE_ID.parse().unwrap()
}

/// A mock server answering every request with `answer`.
async fn server_answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(answer).mount(&server).await;
    server
}

/// The requests `server` received.
async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

/// Asserts that `text` (labelled `what`) holds no credential value and none of `also`.
fn assert_hides(what: &str, text: &str, also: &[&str]) {
    for value in CREDENTIALS.iter().chain(also) {
        assert!(!text.contains(value), "{what} shows `{value}`: {text}");
    }
}

// ---------------------------------------------------------------------------
// 1. Credentials stay with their origin
// ---------------------------------------------------------------------------

/// A redirect to another origin (another port of the same host) is not followed,
/// whatever its status and whichever credential the call carries: it arrives as
/// its own status with its `Location`, the other origin receives nothing (so no
/// credential, no `Referer` naming a query key), and its answer is never taken
/// for the API's.
#[tokio::test]
async fn redirects_are_not_followed_with_any_credential() {
    let elsewhere =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))).await;
    let target = format!("{}/collect", elsewhere.uri());
    for status in [301, 302, 303, 307, 308] {
        let api =
            server_answering(ResponseTemplate::new(status).insert_header("location", &target))
                .await;
        let client = all_credentials(&api.uri()).build().unwrap();
        for op in SECURED {
            let failure = call_failing(&client, op).await;
            assert_eq!(failure.status.map(|s| s.as_u16()), Some(status), "{op:?}");
            assert_eq!(failure.location.as_deref(), Some(target.as_str()), "{op:?}");
        }
        let sent = requests(&api).await;
        assert_eq!(sent.len(), SECURED.len(), "{status}: one request per call");
        assert!(
            sent.iter().all(|r| !r.headers.contains_key("referer")),
            "{status}: a request carried a Referer"
        );
    }
    let leaked = requests(&elsewhere).await;
    assert!(
        leaked.is_empty(),
        "the other origin received {} requests, the first with {:?} {:?}",
        leaked.len(),
        leaked.first().map(|r| &r.headers),
        leaked.first().map(|r| r.url.query())
    );
}

/// A `POST` with a body answered by a 307 or 308 (which ask to replay the body)
/// is not replayed to the other origin.
#[tokio::test]
async fn redirected_post_body_is_not_replayed_elsewhere() {
    let elsewhere = server_answering(ResponseTemplate::new(201)).await;
    let target = format!("{}/collect", elsewhere.uri());
    for status in [307, 308] {
        let api =
            server_answering(ResponseTemplate::new(status).insert_header("location", &target))
                .await;
        let client = sdk_builder(&api.uri()).build().unwrap();
        let body = CreateApiKeyRequest::new("ci-bot", vec!["sites:read".into()]);
        let error = client
            .api_keys()
            .create(&body)
            .await
            .expect_err("a redirect is not the API's answer");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests(&api).await.len(), 1);
    }
    assert!(
        requests(&elsewhere).await.is_empty(),
        "the body reached the other origin"
    );
}

// ---------------------------------------------------------------------------
// 2. No secret in any error
// ---------------------------------------------------------------------------

/// A secret a response body holds.
const BODY_SECRET: &str = "sk-live-body-0c5d";
/// A cookie a response sets.
const SET_COOKIE: &str = "sid=cookie-value-77aa; HttpOnly";

/// Headers a hostile or careless server might answer with, the sensitive ones with
/// values that must not be printed, and one harmless header that must be.
fn with_sensitive_headers(answer: ResponseTemplate) -> ResponseTemplate {
    answer
        .insert_header("set-cookie", SET_COOKIE)
        .insert_header("authorization", "Bearer echoed-token-31")
        .insert_header("proxy-authorization", "Basic cHJveHk6cHc=")
        .insert_header("x-api-key", "echoed-key-48")
        .insert_header("x-auth-key", "echoed-auth-key-52")
        .insert_header("x-session-token", "echoed-session-60")
        .insert_header("x-request-id", "req-visible-1")
}

/// The values [`with_sensitive_headers`] sets that must stay hidden.
const SENSITIVE_VALUES: [&str; 6] = [
    "cookie-value-77aa",
    "echoed-token-31",
    "cHJveHk6cHc=",
    "echoed-key-48",
    "echoed-auth-key-52",
    "echoed-session-60",
];

/// Asserts that an error's `Debug` shows the status, the harmless header, the
/// sensitive headers' names but not their values, and no body text; and that its
/// `Display` shows none of them either.
fn assert_redacted(what: &str, debug: &str, display: &str, status: &str) {
    let mut hidden = SENSITIVE_VALUES.to_vec();
    hidden.push(BODY_SECRET);
    assert_hides(&format!("Debug of {what}"), debug, &hidden);
    assert_hides(&format!("Display of {what}"), display, &hidden);
    for shown in [
        status,
        "req-visible-1",
        "set-cookie",
        "x-api-key",
        "[REDACTED]",
    ] {
        assert!(
            debug.contains(shown),
            "Debug of {what} lacks `{shown}`: {debug}"
        );
    }
}

/// An undocumented status: `Debug` shows status, redacted headers and the body's
/// length; the body itself is reachable, unredacted, through `raw_body`.
#[tokio::test]
async fn undocumented_status_prints_no_body_or_sensitive_header() {
    let body = format!(r#"{{"secret": "{BODY_SECRET}"}}"#);
    let answer = with_sensitive_headers(ResponseTemplate::new(418).set_body_string(body.clone()));
    let server = server_answering(answer).await;
    let client = all_credentials(&server.uri()).build().unwrap();
    let error = client
        .auth_schemes()
        .get_with_header_key()
        .await
        .expect_err("418 is not documented");
    let (debug, display) = (format!("{error:?}"), error.to_string());
    assert_redacted("UnexpectedStatus", &debug, &display, "418");
    assert!(
        debug.contains(&format!("<{} bytes>", body.len())),
        "{debug}"
    );
    assert_eq!(error.raw_body().map(|b| b.as_ref()), Some(body.as_bytes()));
}

/// A documented error (`Error::Api`) prints its headers redacted too.
#[tokio::test]
async fn documented_error_prints_no_sensitive_header() {
    let body = json!({"type": "not_found", "code": "site_missing", "message": "no such site"});
    let answer = with_sensitive_headers(ResponseTemplate::new(404).set_body_json(body));
    let server = server_answering(answer).await;
    let error = sdk_builder(&server.uri())
        .build()
        .unwrap()
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("404 is an error");
    assert!(matches!(
        error,
        altostrat::Error::Api {
            error: RotateApiCredentialsError::NotFound(_),
            ..
        }
    ));
    assert_redacted("Api", &format!("{error:?}"), &error.to_string(), "404");
}

/// A body that does not decode: neither `Debug` nor `Display` quotes the value
/// serde found (here a created key's secret where an object belongs), while the
/// message still says what was expected; the body stays reachable.
#[tokio::test]
async fn decode_error_names_the_expected_type_without_the_value() {
    let body = json!({
        "status": "success",
        "data": {"message": "created", "key": BODY_SECRET, "secret": BODY_SECRET}
    });
    let answer = with_sensitive_headers(ResponseTemplate::new(201).set_body_json(body.clone()));
    let server = server_answering(answer).await;
    let request = CreateApiKeyRequest::new("ci-bot", vec!["sites:read".into()]);
    let error = sdk_builder(&server.uri())
        .build()
        .unwrap()
        .api_keys()
        .create(&request)
        .await
        .expect_err("the body does not decode");
    assert!(
        matches!(error, altostrat::Error::Decode { .. }),
        "{error:?}"
    );
    // The decoder's message is the error's source: the whole chain is checked.
    let (debug, display) = (format!("{error:?}"), error.display_chain().to_string());
    assert_redacted("Decode", &debug, &display, "201");
    // The field is named by its path, its value never.
    assert!(
        display.contains("at `data.key`: invalid type: string, expected struct ApiKey"),
        "{display}"
    );
    let raw: serde_json::Value = serde_json::from_slice(error.raw_body().unwrap()).unwrap();
    assert_eq!(raw, body);
}

/// `send_with_response` returns a `Response` whose `Debug` redacts headers too.
#[tokio::test]
async fn response_debug_redacts_sensitive_headers() {
    let answer =
        with_sensitive_headers(ResponseTemplate::new(200).set_body_json(json!({"ok": true})));
    let server = server_answering(answer).await;
    let client = all_credentials(&server.uri()).build().unwrap();
    let response = client
        .auth_schemes()
        .get_with_bearer()
        .send_with_response()
        .await
        .unwrap();
    let debug = format!("{response:?}");
    assert_hides("Debug of Response", &debug, &SENSITIVE_VALUES);
    assert!(debug.contains("req-visible-1"), "{debug}");
}

/// The value of a header set for one call never shows in the `Debug` of the
/// request builder; its name does.
#[test]
fn per_call_header_values_are_redacted_in_builder_debug() {
    let client = all_credentials("http://127.0.0.1:1").build().unwrap();
    let builder = client
        .auth_schemes()
        .get_with_bearer()
        .with_header("X-Upstream-Key", "per-call-secret-77")
        .with_header("Prefer", "per-call-prefer-78");
    let debug = format!("{builder:?}");
    assert_hides(
        "Debug of a request builder",
        &debug,
        &["per-call-secret-77", "per-call-prefer-78"],
    );
    assert!(debug.contains("x-upstream-key"), "{debug}");
}

/// A user or password in the base URL is refused at build, and neither the
/// builder's `Debug` nor the error prints it.
#[test]
fn userinfo_in_the_base_url_is_refused_and_never_printed() {
    for url in [
        "https://admin:pw-in-url-5@auth.example.com",
        "https://pw-in-url-5@auth.example.com/v1",
        "https://admin:pw-in-url-5@auth.example.com:8443/v1?x=1",
    ] {
        let builder = auth::Client::builder().base_url(url).bearer_token(BEARER);
        assert_hides(
            "Debug of the builder",
            &format!("{builder:?}"),
            &["pw-in-url-5"],
        );
        let error = builder.build().expect_err("userinfo is refused");
        assert_hides(
            "Debug of BuildError",
            &format!("{error:?}"),
            &["pw-in-url-5"],
        );
        assert_hides("BuildError", &error.to_string(), &["pw-in-url-5"]);
        assert!(error.to_string().contains("user or password"), "{error}");
    }
}

// ---------------------------------------------------------------------------
// 3. Bounded memory
// ---------------------------------------------------------------------------

/// Starts a one-connection HTTP server on 127.0.0.1 that reads a request and then
/// writes `head` followed by `body` chunks until the client stops reading. Returns
/// its base URL and a receiver of the number of body bytes it managed to write.
fn raw_server(head: String, chunk: Option<Vec<u8>>) -> (String, mpsc::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (sent, written) = mpsc::channel();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).unwrap();
            if read == 0 {
                return;
            }
            request.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(head.as_bytes()).unwrap();
        let mut total = 0;
        if let Some(chunk) = chunk {
            // An endless chunked body: it stops only when the client goes away.
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            while stream.write_all(&framed).is_ok() {
                total += chunk.len();
            }
        } else {
            // The body never comes; the client must not wait for it.
            thread::sleep(Duration::from_secs(5));
        }
        let _ = sent.send(total);
    });
    (url, written)
}

/// An endless chunked body is cut off at the client's limit with `BodyTooLarge`:
/// the call ends at once instead of buffering until the time-out, and the server
/// could write only what the socket buffers hold.
#[tokio::test]
async fn endless_chunked_body_is_cut_off_at_the_limit() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nset-cookie: sid=chunked-cookie-3\r\n\r\n";
    let (url, written) = raw_server(head.to_owned(), Some(vec![b' '; 16 * 1024]));
    let client = all_credentials(&url)
        .max_body_size(64 * 1024)
        .build()
        .unwrap();
    let started = Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        client.auth_schemes().get_with_bearer(),
    )
    .await
    .expect("the call ends well before its time-out");
    let error = result.expect_err("the body is over the limit");
    assert!(
        matches!(
            error,
            auth::Error::BodyTooLarge {
                limit: 65536,
                content_length: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_hides(
        "Debug of BodyTooLarge",
        &format!("{error:?}"),
        &["chunked-cookie-3"],
    );
    // Waited for off the runtime's thread, which must stay free to close the connection.
    let total = tokio::task::spawn_blocking(move || written.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the server stops writing once the client is gone");
    assert!(total < 64 * 1024 * 1024, "the server wrote {total} bytes");
}

/// A `Content-Length` over the default limit (32 MiB) is refused before any of
/// the body is read: the server here never sends it.
#[tokio::test]
async fn announced_length_over_the_default_limit_is_refused_before_reading() {
    let announced = 32 * 1024 * 1024 + 1;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\n\r\n"
    );
    let (url, _) = raw_server(head, None);
    let client = all_credentials(&url).build().unwrap();
    let started = Instant::now();
    let error = client
        .auth_schemes()
        .get_with_bearer()
        .await
        .expect_err("the body is over the limit");
    assert!(
        matches!(
            error,
            auth::Error::BodyTooLarge {
                limit: 33_554_432,
                content_length: Some(length),
                ..
            } if length == announced as u64
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// The limit of a call replaces the client's, in both directions.
#[tokio::test]
async fn limit_of_the_call_replaces_the_clients() {
    let body = format!(r#"{{"ok": true, "pad": "{}"}}"#, "x".repeat(2000));
    let server = server_answering(ResponseTemplate::new(200).set_body_string(body)).await;
    let small = all_credentials(&server.uri())
        .max_body_size(1000)
        .build()
        .unwrap();
    let large = all_credentials(&server.uri()).build().unwrap();

    let error = small
        .auth_schemes()
        .get_with_bearer()
        .await
        .expect_err("over 1000 bytes");
    assert!(matches!(
        error,
        auth::Error::BodyTooLarge {
            limit: 1000,
            content_length: Some(_),
            ..
        }
    ));
    small
        .auth_schemes()
        .get_with_bearer()
        .with_max_body_size(4096)
        .await
        .expect("the call's limit allows it");
    let error = large
        .auth_schemes()
        .get_with_bearer()
        .with_max_body_size(100)
        .await
        .expect_err("over the call's limit");
    assert!(matches!(
        error,
        auth::Error::BodyTooLarge { limit: 100, .. }
    ));
}

// ---------------------------------------------------------------------------
// 4. Retries and requests
// ---------------------------------------------------------------------------

/// The values of header `name` in each of `requests`.
fn header_values(requests: &[Request], name: &str) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned()))
        .collect()
}

/// An opted-in `POST` retry carries an idempotency key: one random UUID for all
/// attempts of a call, a new one for the next call, in the header the client
/// names; a key the call sets itself is kept; a call without retries sends none.
#[tokio::test]
async fn opted_in_post_retries_carry_one_idempotency_key() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let client = sdk_builder(&server.uri()).build().unwrap();
    let rotate = || client.site_operations().rotate_api_credentials(site_id());

    rotate()
        .with_non_idempotent_retries()
        .await
        .expect_err("503");
    rotate()
        .with_non_idempotent_retries()
        .await
        .expect_err("503");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 6, "three attempts per call");
    let keys = header_values(&sent, "idempotency-key");
    let first = keys[0].clone().expect("the first attempt carries a key");
    let key: Uuid = first.parse().expect("the key is a UUID");
    assert_eq!(key.get_version_num(), 4);
    assert!(
        keys[..3]
            .iter()
            .all(|k| k.as_deref() == Some(first.as_str())),
        "{keys:?}"
    );
    let second = keys[3].clone().expect("the second call carries a key");
    assert_ne!(first, second, "two calls share a key");
    assert!(
        keys[3..]
            .iter()
            .all(|k| k.as_deref() == Some(second.as_str())),
        "{keys:?}"
    );

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    rotate().await.expect_err("503");
    rotate()
        .with_non_idempotent_retries()
        .with_header("Idempotency-Key", "caller-key-1")
        .await
        .expect_err("503");
    let keys = header_values(&requests(&server).await, "idempotency-key");
    let caller = Some("caller-key-1".to_owned());
    assert_eq!(keys, vec![None, caller.clone(), caller.clone(), caller]);

    let named = server_answering(ResponseTemplate::new(503)).await;
    let client = sdk_builder(&named.uri())
        .idempotency_header("X-Once")
        .build()
        .unwrap();
    client
        .site_operations()
        .rotate_api_credentials(site_id())
        .with_non_idempotent_retries()
        .await
        .expect_err("503");
    let sent = requests(&named).await;
    assert_eq!(sent.len(), 3);
    assert!(header_values(&sent, "idempotency-key")
        .iter()
        .all(Option::is_none));
    let keys = header_values(&sent, "x-once");
    assert!(
        keys[0].is_some() && keys.iter().all(|k| *k == keys[0]),
        "{keys:?}"
    );
}

/// An operation that declares an `Idempotency-Key` header gets a fresh key on every
/// call the caller gives none to, the same on each attempt; the caller's key wins.
#[tokio::test]
async fn a_declared_idempotency_key_is_sent_by_default() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let client = auth::Client::builder()
        .base_url(server.uri())
        .retry_policy(auth::RetryPolicy {
            max_retries: 2,
            initial_backoff: ms(20),
            max_backoff: ms(40),
            ..auth::RetryPolicy::default()
        })
        .build()
        .unwrap();
    let post = || client.auth_schemes().post_with_idempotency_key();

    post().await.expect_err("503");
    post().with_non_idempotent_retries().await.expect_err("503");
    post()
        .idempotency_key("caller-key-2")
        .await
        .expect_err("503");
    let keys = header_values(&requests(&server).await, "idempotency-key");
    assert_eq!(keys.len(), 5, "one attempt, three, then one: {keys:?}");
    let first: Uuid = keys[0].as_deref().expect("a key").parse().expect("a UUID");
    assert_eq!(first.get_version_num(), 4);
    let retried = keys[1].clone().expect("a key");
    assert_ne!(retried, first.to_string(), "two calls share a key");
    assert!(
        keys[1..4]
            .iter()
            .all(|k| k.as_deref() == Some(retried.as_str())),
        "{keys:?}"
    );
    assert_eq!(keys[4].as_deref(), Some("caller-key-2"));
}

/// The idempotency key cannot go into a header that frames the message (a
/// `Content-Length` of a UUID would break every retried request) or into a name
/// that is not valid.
#[test]
fn idempotency_header_must_be_one_a_call_may_set() {
    for name in [
        "Content-Length",
        "host",
        "Transfer-Encoding",
        "bad name",
        "",
    ] {
        let error = sdk_builder("https://v1.api.altostrat.io")
            .idempotency_header(name)
            .build()
            .expect_err(name);
        assert!(
            error.to_string().contains("idempotency key"),
            "{name}: {error}"
        );
    }
}

/// `Retry-After: 0` has a floor (the policy's `initial_backoff`), and equal
/// `Retry-After` waits are spread by jitter rather than all ending together.
#[tokio::test]
async fn retry_after_waits_have_a_floor_and_jitter() {
    let answer = ResponseTemplate::new(503).insert_header("retry-after", "0");
    let server = server_answering(answer).await;
    let policy = RetryPolicy {
        max_retries: 1,
        initial_backoff: ms(300),
        ..RetryPolicy::default()
    };
    let client = sdk_builder(&server.uri())
        .retry_policy(policy)
        .build()
        .unwrap();
    let calls = (0..8).map(|_| {
        let client = client.clone();
        async move {
            let started = Instant::now();
            client.policies().list().await.expect_err("503");
            started.elapsed()
        }
    });
    let mut elapsed = Vec::new();
    for call in calls.map(tokio::spawn) {
        elapsed.push(call.await.unwrap());
    }
    assert_eq!(requests(&server).await.len(), 16);
    for wait in &elapsed {
        assert!(
            *wait >= ms(300),
            "a retry came after {wait:?}, under the floor"
        );
        assert!(*wait < ms(1500), "a retry came after {wait:?}");
    }
    let spread = *elapsed.iter().max().unwrap() - *elapsed.iter().min().unwrap();
    assert!(
        spread >= ms(5),
        "eight retries ended within {spread:?}: {elapsed:?}"
    );
}

/// The deadline bounds a whole call: a slow attempt ends at it with `Timeout`
/// even when the time-out is longer, and no retry starts whose wait would pass it.
#[tokio::test]
async fn deadline_bounds_the_call_with_its_retries() {
    let slow = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(ms(3000)),
    )
    .await;
    let client = sdk_builder(&slow.uri())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .policies()
        .list()
        .with_deadline(ms(300))
        .await
        .expect_err("too slow");
    assert!(
        matches!(error, altostrat::Error::Timeout { .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < ms(2000), "{:?}", started.elapsed());

    let busy = server_answering(ResponseTemplate::new(503)).await;
    let policy = RetryPolicy {
        max_retries: 20,
        initial_backoff: ms(100),
        max_backoff: ms(100),
        ..RetryPolicy::default()
    };
    let client = sdk_builder(&busy.uri())
        .retry_policy(policy)
        .deadline(ms(400))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.policies().list().await.expect_err("503");
    // The last attempt either answered or ran into the deadline itself.
    let in_time = error.status() == Some(StatusCode::SERVICE_UNAVAILABLE)
        || matches!(error, altostrat::Error::Timeout { .. });
    assert!(in_time, "{error:?}");
    assert!(started.elapsed() < ms(1500), "{:?}", started.elapsed());
    let sent = requests(&busy).await.len();
    // Waits of 50 to 100 ms fit at most eight times into 400 ms.
    assert!(
        (2..=9).contains(&sent),
        "{sent} attempts within the deadline"
    );
}

/// Retries spend from a budget the client's clones share, so failing calls stop
/// multiplying traffic once it is spent.
#[tokio::test]
async fn retry_budget_caps_the_retries_of_a_client() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let policy = RetryPolicy {
        max_retries: 2,
        initial_backoff: ms(10),
        max_backoff: ms(20),
        retry_budget: 3,
        ..RetryPolicy::default()
    };
    let client = sdk_builder(&server.uri())
        .retry_policy(policy)
        .build()
        .unwrap();
    let clone = client.clone();
    let mut counts = Vec::new();
    for caller in [&client, &clone, &client, &clone] {
        let before = requests(&server).await.len();
        caller.policies().list().await.expect_err("503");
        counts.push(requests(&server).await.len() - before);
    }
    assert_eq!(counts, vec![3, 2, 1, 1], "attempts per call");
}

/// A `reqwest::Client` of the caller's keeps the SDK's time-out.
#[tokio::test]
async fn own_http_client_keeps_the_time_out() {
    let slow = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(ms(3000)),
    )
    .await;
    let client = sdk_builder(&slow.uri())
        .http_client(reqwest::Client::new())
        .timeout(ms(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.policies().list().await.expect_err("too slow");
    assert!(
        matches!(error, altostrat::Error::Timeout { .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < ms(2000), "{:?}", started.elapsed());
}

/// Base URLs are `http` or `https` without userinfo, query or fragment, and plain
/// `http` to another machine is refused while the client holds credentials unless
/// the caller opts in.
#[test]
fn base_urls_are_checked_at_build() {
    let refused_for_everyone = [
        ("ftp://auth.example.com", "https://"),
        ("file:///etc/passwd", "https://"),
        ("not a url", "does not parse"),
        ("https://auth.example.com/?tenant=1", "query"),
        ("https://auth.example.com/v1#frag", "fragment"),
        ("https://user@auth.example.com", "user or password"),
    ];
    for (url, reason) in refused_for_everyone {
        for builder in [
            auth::Client::builder(),
            auth::Client::builder().bearer_token(BEARER),
        ] {
            let error = builder.base_url(url).build().expect_err(url);
            assert!(error.to_string().contains(reason), "{url}: {error}");
        }
    }
    let insecure = || {
        auth::Client::builder()
            .base_url("http://auth.example.com")
            .bearer_token(BEARER)
    };
    let error = insecure().build().expect_err("plain http with a token");
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    insecure().allow_insecure_http().build().expect("opted in");
    auth::Client::builder()
        .base_url("http://auth.example.com")
        .build()
        .expect("no credential to expose");
    for url in [
        "https://auth.example.com/v1/",
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ] {
        let client = all_credentials(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(!client.base_url().ends_with('/'), "{}", client.base_url());
    }
}

/// `with_header` replaces: a second value of a name, in any case, is the one sent,
/// and it replaces the operation's own header of that name.
#[tokio::test]
async fn per_call_header_replaces_rather_than_appends() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))).await;
    let client = all_credentials(&server.uri()).build().unwrap();
    client
        .auth_schemes()
        .get_with_bearer()
        .with_header("X-Trace", "first")
        .with_header("x-trace", "second")
        .with_header("User-Agent", "runbook/2")
        .await
        .unwrap();
    let sent = requests(&server).await;
    let values = |name: &str| -> Vec<&str> {
        sent[0]
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    };
    assert_eq!(values("x-trace"), ["second"]);
    assert_eq!(values("user-agent"), ["runbook/2"]);
}

/// `with_header` refuses the headers that frame the message and values that are
/// not visible ASCII, spaces and tabs, before anything is sent.
#[tokio::test]
async fn per_call_header_refuses_framing_headers_and_non_ascii() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))).await;
    let client = all_credentials(&server.uri()).build().unwrap();
    let cases = [
        ("Host", "evil.example.com"),
        ("content-length", "0"),
        ("Transfer-Encoding", "chunked"),
        ("X-Name", "caf\u{e9}"),
        ("X-Name", "a\u{7f}b"),
        ("X-Name", "a\u{1}b"),
    ];
    for (name, value) in cases {
        let error = client
            .auth_schemes()
            .get_with_bearer()
            .with_header(name, value)
            .await
            .expect_err("the header is refused");
        assert!(
            matches!(error, auth::Error::InvalidRequest(_)),
            "{name}: {error:?}"
        );
    }
    assert!(
        requests(&server).await.is_empty(),
        "a refused header was sent"
    );
}
