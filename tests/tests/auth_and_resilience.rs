//! Credentials, retries, time-outs, per-call options, secrets and tracing of
//! generated clients, against an in-process mock server.
//!
//! Credential placement is driven through `auth_schemes_client` (generated from
//! `tests/fixtures/auth-schemes.yaml`), which has one operation per kind of
//! credential; everything else through the `altostrat` SDK. Every time bound
//! below follows from the documented retry policy: a wait of between half and
//! all of `initial_backoff * 2^(retry-1)`, capped at `max_backoff`, replaced by
//! a `Retry-After` header capped at `max_retry_after`.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use altostrat::chrono::{DateTime, Utc};
use altostrat::control_plane::types::{ApiCredential, PolicyRequest};
use altostrat::control_plane::ListPoliciesError;
use altostrat::keys::types::ApiKeySecretEnvelope;
use altostrat::uuid::Uuid;
use altostrat::{RetryPolicy, Secret, StatusCode};
use auth_schemes_client as auth;
use serde_json::{json, Value};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// Credentials of the auth-schemes client
// ---------------------------------------------------------------------------

const BEARER: &str = "bearer-tok-3f9a";
const HEADER_KEY: &str = "header-key-8c21";
const QUERY_KEY: &str = "query-key-5e07";
const COOKIE_KEY: &str = "cookie-key-b6d4";
const API_EMAIL: &str = "ops-7d1e@example.com";
const API_KEY: &str = "auth-key-0a93";
/// A basic-auth password long enough to search for in printed output.
const LEAK_USER: &str = "leak-user-41";
const LEAK_PASSWORD: &str = "leak-pass-92";
/// Base64 of `leak-user-41:leak-pass-92`, as it would appear in an `Authorization` header.
const LEAK_BASIC_BASE64: &str = "bGVhay11c2VyLTQxOmxlYWstcGFzcy05Mg==";

/// Header names a credential of the auth-schemes API can travel in.
const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "x-api-key",
    "cookie",
    "x-auth-email",
    "x-auth-key",
];

/// One operation of the auth-schemes API; each accepts different credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Bearer,
    Basic,
    HeaderKey,
    QueryKey,
    CookieKey,
    TwoHeaders,
    Either,
    Public,
}

impl Op {
    /// Every operation.
    const ALL: [Op; 8] = [
        Op::Bearer,
        Op::Basic,
        Op::HeaderKey,
        Op::QueryKey,
        Op::CookieKey,
        Op::TwoHeaders,
        Op::Either,
        Op::Public,
    ];

    /// The operations that need a credential.
    const SECURED: [Op; 7] = [
        Op::Bearer,
        Op::Basic,
        Op::HeaderKey,
        Op::QueryKey,
        Op::CookieKey,
        Op::TwoHeaders,
        Op::Either,
    ];

    /// The operation id, as `Error::MissingCredentials` names it.
    fn id(self) -> &'static str {
        match self {
            Op::Bearer => "getWithBearer",
            Op::Basic => "getWithBasic",
            Op::HeaderKey => "getWithHeaderKey",
            Op::QueryKey => "getWithQueryKey",
            Op::CookieKey => "getWithCookieKey",
            Op::TwoHeaders => "getWithTwoHeaders",
            Op::Either => "getWithEither",
            Op::Public => "getPublic",
        }
    }
}

/// A failed call with the operation's own error type erased, so that one table
/// can hold cases of different operations.
#[derive(Debug)]
struct Failure {
    /// The name of the `Error` variant.
    kind: &'static str,
    /// The operation and the setters `Error::MissingCredentials` names.
    missing: Option<(&'static str, String)>,
    /// The error's `Debug` output.
    debug: String,
    /// The error's `Display` output.
    display: String,
}

/// Erases the operation's error type of `error`.
fn failure<E: fmt::Debug + fmt::Display>(error: auth::Error<E>) -> Failure {
    let kind = match &error {
        auth::Error::Api { .. } => "Api",
        auth::Error::UnexpectedStatus { .. } => "UnexpectedStatus",
        auth::Error::Decode { .. } => "Decode",
        auth::Error::Timeout { .. } => "Timeout",
        auth::Error::Transport(_) => "Transport",
        auth::Error::MissingCredentials { .. } => "MissingCredentials",
        auth::Error::InvalidRequest(_) => "InvalidRequest",
        _ => "another variant",
    };
    let missing = match &error {
        auth::Error::MissingCredentials { operation, needed } => Some((*operation, needed.clone())),
        _ => None,
    };
    Failure {
        kind,
        missing,
        debug: format!("{error:?}"),
        display: error.to_string(),
    }
}

/// Calls `op` on `client`, with a per-call time-out when one is given.
async fn call(client: &auth::Client, op: Op, timeout: Option<Duration>) -> Result<(), Failure> {
    let ops = client.auth_schemes();
    macro_rules! send {
        ($builder:expr) => {{
            let builder = $builder;
            let builder = match timeout {
                Some(timeout) => builder.with_timeout(timeout),
                None => builder,
            };
            builder.await.map(|_| ()).map_err(failure)
        }};
    }
    match op {
        Op::Bearer => send!(ops.get_with_bearer()),
        Op::Basic => send!(ops.get_with_basic()),
        Op::HeaderKey => send!(ops.get_with_header_key()),
        Op::QueryKey => send!(ops.get_with_query_key()),
        Op::CookieKey => send!(ops.get_with_cookie_key()),
        Op::TwoHeaders => send!(ops.get_with_two_headers()),
        Op::Either => send!(ops.get_with_either()),
        Op::Public => send!(ops.get_public()),
    }
}

/// A builder for `base_url` holding every credential the API knows, with
/// basic-auth user `u` and password `p`.
fn all_credentials(base_url: &str) -> auth::ClientBuilder {
    auth::Client::builder()
        .base_url(base_url)
        .bearer_token(BEARER)
        .basic_auth("u", "p")
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .api_email(API_EMAIL)
        .api_key(API_KEY)
}

/// A mock server answering every request with a 200 the auth-schemes client decodes.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
        .mount(&server)
        .await;
    server
}

/// The requests `server` received.
async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("the mock server records requests")
}

/// Every credential `request` carried: each credential header by name (repeats
/// joined with ` | `), and the whole query string under `?`.
fn credentials_sent(request: &Request) -> BTreeMap<String, String> {
    let mut sent = BTreeMap::new();
    for name in CREDENTIAL_HEADERS {
        let values: Vec<&str> = request
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().expect("an ASCII header value"))
            .collect();
        if !values.is_empty() {
            sent.insert(name.to_owned(), values.join(" | "));
        }
    }
    if let Some(query) = request.url.query() {
        sent.insert("?".to_owned(), query.to_owned());
    }
    sent
}

/// A credential map from `(place, value)` pairs, as [`credentials_sent`] builds it.
fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(place, value)| ((*place).to_owned(), (*value).to_owned()))
        .collect()
}

/// Calls `op` with a client built by `configure` and returns the credentials
/// the one request it sent carried.
async fn credentials_for(
    configure: impl FnOnce(&str) -> auth::ClientBuilder,
    op: Op,
) -> BTreeMap<String, String> {
    let server = ok_server().await;
    let client = configure(&server.uri()).build().expect("the client builds");
    call(&client, op, None)
        .await
        .unwrap_or_else(|e| panic!("{op:?} fails: {e:?}"));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 1, "{op:?} sent {} requests", requests.len());
    assert_eq!(requests[0].method.as_str(), "GET", "{op:?}");
    credentials_sent(&requests[0])
}

/// With every credential held, each operation sends exactly the credential it
/// accepts, in its place, and no other; `getWithEither` sends its first
/// accepted set and `getPublic` sends none.
#[tokio::test]
async fn each_placement_sends_exactly_its_credential() {
    let bearer = format!("Bearer {BEARER}");
    let query = format!("api_key={QUERY_KEY}");
    let cookie = format!("session={COOKIE_KEY}");
    let two_headers = [("x-auth-email", API_EMAIL), ("x-auth-key", API_KEY)];
    let cases: [(Op, Vec<(&str, &str)>); 8] = [
        (Op::Bearer, vec![("authorization", bearer.as_str())]),
        (Op::Basic, vec![("authorization", "Basic dTpw")]),
        (Op::HeaderKey, vec![("x-api-key", HEADER_KEY)]),
        (Op::QueryKey, vec![("?", query.as_str())]),
        (Op::CookieKey, vec![("cookie", cookie.as_str())]),
        (Op::TwoHeaders, two_headers.to_vec()),
        (Op::Either, two_headers.to_vec()),
        (Op::Public, vec![]),
    ];
    let ops: Vec<Op> = cases.iter().map(|(op, _)| *op).collect();
    assert_eq!(ops, Op::ALL, "every operation has a case");
    for (op, pairs) in cases {
        let sent = credentials_for(all_credentials, op).await;
        assert_eq!(sent, expected(&pairs), "{op:?}");
    }
}

/// `getWithEither` accepts the two headers or else a bearer token: a client
/// with only one of the sets sends that set, and nothing of the other.
#[tokio::test]
async fn alternatives_send_the_set_the_client_holds() {
    let bearer = format!("Bearer {BEARER}");
    let bearer_only = |url: &str| auth::Client::builder().base_url(url).bearer_token(BEARER);
    let headers_only = |url: &str| {
        auth::Client::builder()
            .base_url(url)
            .api_email(API_EMAIL)
            .api_key(API_KEY)
    };
    // The second set of the requirement, the first being incomplete.
    let bearer_and_email = |url: &str| bearer_only(url).api_email(API_EMAIL);

    let sent = credentials_for(bearer_only, Op::Either).await;
    assert_eq!(sent, expected(&[("authorization", bearer.as_str())]));
    let sent = credentials_for(headers_only, Op::Either).await;
    assert_eq!(
        sent,
        expected(&[("x-auth-email", API_EMAIL), ("x-auth-key", API_KEY)])
    );
    let sent = credentials_for(bearer_and_email, Op::Either).await;
    assert_eq!(sent, expected(&[("authorization", bearer.as_str())]));
}

/// An operation with `security: []` works without credentials.
#[tokio::test]
async fn public_operation_needs_no_credentials() {
    let sent = credentials_for(|url| auth::Client::builder().base_url(url), Op::Public).await;
    assert_eq!(sent, expected(&[]));
}

/// A call whose credentials the client lacks fails with `MissingCredentials`
/// naming the operation and the builder methods of every accepted set, and
/// sends nothing.
#[tokio::test]
async fn missing_credentials_fail_before_sending_and_name_the_setters() {
    type Configure = fn(auth::ClientBuilder) -> auth::ClientBuilder;
    let nothing: Configure = |builder| builder;
    let all_but_bearer: Configure = |builder| {
        builder
            .basic_auth("u", "p")
            .header_key(HEADER_KEY)
            .query_key(QUERY_KEY)
            .cookie_key(COOKIE_KEY)
            .api_email(API_EMAIL)
            .api_key(API_KEY)
    };
    let email_only: Configure = |builder| builder.api_email(API_EMAIL);
    let key_only: Configure = |builder| builder.api_key(API_KEY);
    let either = "`api_email` and `api_key` or `bearer_token`";
    let two = "`api_email` and `api_key`";
    let cases: [(&str, Configure, Op, &str); 12] = [
        ("nothing", nothing, Op::Bearer, "`bearer_token`"),
        ("nothing", nothing, Op::Basic, "`basic_auth`"),
        ("nothing", nothing, Op::HeaderKey, "`header_key`"),
        ("nothing", nothing, Op::QueryKey, "`query_key`"),
        ("nothing", nothing, Op::CookieKey, "`cookie_key`"),
        ("nothing", nothing, Op::TwoHeaders, two),
        ("nothing", nothing, Op::Either, either),
        (
            "all but bearer",
            all_but_bearer,
            Op::Bearer,
            "`bearer_token`",
        ),
        ("email only", email_only, Op::TwoHeaders, two),
        ("key only", key_only, Op::TwoHeaders, two),
        ("email only", email_only, Op::Either, either),
        ("key only", key_only, Op::Either, either),
    ];
    let server = ok_server().await;
    for (label, configure, op, needed) in cases {
        let client = configure(auth::Client::builder().base_url(server.uri()))
            .build()
            .unwrap();
        let failure = call(&client, op, None)
            .await
            .expect_err("a call without its credentials fails");
        assert_eq!(
            failure.missing,
            Some((op.id(), needed.to_owned())),
            "{label}, {op:?}: {failure:?}"
        );
        assert!(
            failure.display.contains(needed),
            "{label}, {op:?}: {}",
            failure.display
        );
    }
    let sent = requests(&server).await;
    assert!(
        sent.is_empty(),
        "{} requests reached the server",
        sent.len()
    );
}

/// `credentials_from_env` reads each credential from its documented variable,
/// and a credential set on the builder afterwards replaces the variable's.
///
/// The variable names are fixed by the generated client; this is the only test
/// that sets or reads them, and each test file is its own process.
#[tokio::test]
async fn credentials_from_env_reads_the_documented_variables() {
    let variables = [
        ("AUTH_SCHEMES_CLIENT_BEARER_TOKEN", "env-bearer-61"),
        ("AUTH_SCHEMES_CLIENT_BASIC_AUTH", "u:p"),
        ("AUTH_SCHEMES_CLIENT_HEADER_KEY", "env-header-62"),
        ("AUTH_SCHEMES_CLIENT_QUERY_KEY", "env-query-63"),
        ("AUTH_SCHEMES_CLIENT_COOKIE_KEY", "env-cookie-64"),
        ("AUTH_SCHEMES_CLIENT_API_EMAIL", "env-email-65@example.com"),
        ("AUTH_SCHEMES_CLIENT_API_KEY", "env-key-66"),
    ];
    let server = ok_server().await;
    for (name, value) in variables {
        std::env::set_var(name, value);
    }
    let from_env = auth::Client::builder()
        .base_url(server.uri())
        .credentials_from_env()
        .build();
    let overridden = auth::Client::builder()
        .base_url(server.uri())
        .credentials_from_env()
        .bearer_token("builder-bearer-67")
        .build();
    for (name, _) in variables {
        std::env::remove_var(name);
    }
    let (from_env, overridden) = (from_env.unwrap(), overridden.unwrap());

    let cases: [(&auth::Client, Op, (&str, &str)); 7] = [
        (
            &from_env,
            Op::Bearer,
            ("authorization", "Bearer env-bearer-61"),
        ),
        (&from_env, Op::Basic, ("authorization", "Basic dTpw")),
        (&from_env, Op::HeaderKey, ("x-api-key", "env-header-62")),
        (&from_env, Op::QueryKey, ("?", "api_key=env-query-63")),
        (
            &from_env,
            Op::CookieKey,
            ("cookie", "session=env-cookie-64"),
        ),
        (&from_env, Op::TwoHeaders, ("x-auth-key", "env-key-66")),
        (
            &overridden,
            Op::Bearer,
            ("authorization", "Bearer builder-bearer-67"),
        ),
    ];
    for (client, op, (place, value)) in cases {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
            .mount(&server)
            .await;
        call(client, op, None)
            .await
            .unwrap_or_else(|e| panic!("{op:?}: {e:?}"));
        let sent = requests(&server).await;
        assert_eq!(sent.len(), 1, "{op:?}");
        let credentials = credentials_sent(&sent[0]);
        assert_eq!(
            credentials.get(place).map(String::as_str),
            Some(value),
            "{op:?}: {credentials:?}"
        );
        if op == Op::TwoHeaders {
            assert_eq!(
                credentials.get("x-auth-email").map(String::as_str),
                Some("env-email-65@example.com")
            );
        }
    }
}

/// Asserts that `text` (labelled `what`) holds none of the credential values.
fn assert_no_credential(what: &str, text: &str) {
    let values = [
        BEARER,
        HEADER_KEY,
        QUERY_KEY,
        COOKIE_KEY,
        API_EMAIL,
        API_KEY,
        LEAK_USER,
        LEAK_PASSWORD,
        LEAK_BASIC_BASE64,
    ];
    for value in values {
        assert!(!text.contains(value), "{what} shows `{value}`: {text}");
    }
}

/// A builder holding every credential, with a basic-auth pair long enough to search for.
fn leak_builder(base_url: &str) -> auth::ClientBuilder {
    all_credentials(base_url).basic_auth(LEAK_USER, LEAK_PASSWORD)
}

/// No credential value shows in the `Debug` of the builder or the client, which
/// name the credentials that are set instead.
#[test]
fn debug_of_builder_and_client_hides_credentials() {
    let builder = leak_builder("http://127.0.0.1:1");
    let builder_debug = format!("{builder:?}");
    let client_debug = format!("{:?}", builder.build().unwrap());
    for (what, debug) in [("builder", builder_debug), ("client", client_debug)] {
        assert_no_credential(what, &debug);
        for setter in ["bearer_token", "basic_auth", "query_key", "api_key"] {
            assert!(
                debug.contains(setter),
                "{what} does not list `{setter}`: {debug}"
            );
        }
    }
}

/// No credential value shows in the `Debug` or `Display` of the error of any
/// operation, for an undocumented status, a refused connection and a time-out,
/// even when the credential travels in the URL.
#[tokio::test]
async fn errors_of_calls_hide_credentials() {
    let teapot = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(418).set_body_string("short and stout"))
        .mount(&teapot)
        .await;
    let slow = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "ok": true }))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&slow)
        .await;
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let cases = [
        ("UnexpectedStatus", teapot.uri(), None),
        ("Transport", closed, None),
        ("Timeout", slow.uri(), Some(Duration::from_millis(100))),
    ];
    for (kind, base_url, timeout) in cases {
        let client = leak_builder(&base_url).max_retries(0).build().unwrap();
        for op in Op::SECURED {
            let failure = call(&client, op, timeout)
                .await
                .expect_err("the call fails");
            assert_eq!(failure.kind, kind, "{op:?}: {failure:?}");
            let what = format!("{kind} of {op:?}");
            assert_no_credential(&format!("Debug of {what}"), &failure.debug);
            assert_no_credential(&format!("Display of {what}"), &failure.display);
        }
    }
}

/// A credential that cannot go into a header (it holds a line break) fails the
/// call with `InvalidRequest` before anything is sent, and the error does not
/// show it.
#[tokio::test]
async fn credential_with_line_break_is_invalid_request() {
    type Configure = fn(auth::ClientBuilder) -> auth::ClientBuilder;
    // A cookie credential is percent-encoded instead (RFC 6265), so a line break in it
    // cannot add a header or a cookie; tests/tests/request_safety.rs proves that.
    let cases: [(Op, Configure); 3] = [
        (Op::Bearer, |builder| {
            builder.bearer_token("leak-pass-92\r\nX: y")
        }),
        (Op::HeaderKey, |builder| {
            builder.header_key("leak-pass-92\r\nX: y")
        }),
        (Op::TwoHeaders, |builder| {
            builder.api_email(API_EMAIL).api_key("leak-pass-92\nX: y")
        }),
    ];
    let server = ok_server().await;
    let mut misclassified = Vec::new();
    for (op, configure) in cases {
        let client = configure(auth::Client::builder().base_url(server.uri()))
            .build()
            .unwrap();
        let failure = call(&client, op, None)
            .await
            .expect_err("the credential cannot be sent");
        assert_no_credential(&format!("{op:?}"), &failure.debug);
        assert_no_credential(&format!("{op:?}"), &failure.display);
        if failure.kind != "InvalidRequest" {
            misclassified.push(format!("{op:?}: {}", failure.debug));
        }
    }
    let sent = requests(&server).await;
    assert!(
        sent.is_empty(),
        "{} requests reached the server",
        sent.len()
    );
    assert!(
        misclassified.is_empty(),
        "not InvalidRequest: {misclassified:#?}"
    );
}

// ---------------------------------------------------------------------------
// Retries and time-outs of the altostrat SDK
// ---------------------------------------------------------------------------

/// The bearer token SDK clients send.
const TOKEN: &str = "sdk-token-2d8b";

/// The site the control-plane calls act on.
const SITE_ID: &str = "d290f1ee-6c54-4b01-90e6-d701748f0851";

/// The path `rotate_api_credentials` requests for [`SITE_ID`].
const CREDENTIALS_PATH: &str = "/control-plane/d290f1ee-6c54-4b01-90e6-d701748f0851/credentials";

/// The policy `update` acts on.
const POLICY_ID: &str = "a1b2c3d4-e5f6-4890-9234-567890abcdef";

fn site_id() -> Uuid {
    Uuid::parse_str(SITE_ID).unwrap()
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// A policy fast enough for tests: two retries, waiting 25–50 ms then 50–100 ms.
fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: ms(50),
        max_backoff: ms(200),
        max_retry_after: Duration::from_secs(2),
        ..RetryPolicy::default()
    }
}

/// An SDK builder for `base_url` with a bearer token and `policy`.
fn sdk_builder(base_url: &str, policy: RetryPolicy) -> altostrat::ClientBuilder {
    altostrat::Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .retry_policy(policy)
}

/// An SDK client for `server` with a bearer token and `policy`.
fn sdk(server: &MockServer, policy: RetryPolicy) -> altostrat::Client {
    sdk_builder(&server.uri(), policy).build().unwrap()
}

/// An `ErrorResponse` body.
fn error_body(code: &str) -> Value {
    json!({ "type": "api_error", "code": code, "message": format!("message for {code}") })
}

/// A response with `status`: an empty policy list for 200, an error body otherwise.
fn policies_answer(status: u16) -> ResponseTemplate {
    let body = if status == 200 {
        json!([])
    } else {
        error_body(&format!("status_{status}"))
    };
    ResponseTemplate::new(status).set_body_json(body)
}

/// Mounts `responses` on `http_method route`, one request each in order; the
/// last one also answers every later request. (Earlier mounts win ties, and
/// each but the last stops matching after one use.)
async fn mount_sequence(
    server: &MockServer,
    http_method: &str,
    route: &str,
    responses: Vec<ResponseTemplate>,
) {
    let last = responses.len() - 1;
    for (index, response) in responses.into_iter().enumerate() {
        let mock = Mock::given(method(http_method))
            .and(path(route))
            .respond_with(response)
            .with_priority(u8::try_from(index + 1).unwrap());
        let mock = if index < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

/// A local port nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// What a call came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// `Error::UnexpectedStatus` with this status.
    Unexpected(u16),
    /// `Error::Api` with this status.
    Api(u16),
}

/// An idempotent `GET` is retried after 408, 429 and 5xx answers, up to
/// `max_retries` times, and never after another 4xx.
#[tokio::test]
async fn idempotent_get_retries_retryable_statuses_only() {
    let cases: [(&[u16], usize, Outcome); 11] = [
        (&[503, 503, 200], 3, Outcome::Ok),
        (&[503, 503, 503], 3, Outcome::Unexpected(503)),
        (&[500, 500, 500], 3, Outcome::Api(500)),
        (&[408, 200], 2, Outcome::Ok),
        (&[429, 200], 2, Outcome::Ok),
        (&[500, 200], 2, Outcome::Ok),
        (&[502, 504, 200], 3, Outcome::Ok),
        (&[404, 200], 1, Outcome::Unexpected(404)),
        (&[400, 200], 1, Outcome::Unexpected(400)),
        (&[401, 200], 1, Outcome::Api(401)),
        (&[200, 503], 1, Outcome::Ok),
    ];
    for (statuses, expected_requests, expected_outcome) in cases {
        let server = MockServer::start().await;
        let answers = statuses.iter().map(|&s| policies_answer(s)).collect();
        mount_sequence(&server, "GET", "/control-plane/policies", answers).await;

        let result = sdk(&server, fast_policy()).policies().list().await;

        let outcome = match result {
            Ok(policies) => {
                assert!(policies.is_empty());
                Outcome::Ok
            }
            Err(altostrat::Error::UnexpectedStatus { status, .. }) => {
                Outcome::Unexpected(status.as_u16())
            }
            Err(altostrat::Error::Api { error, status, .. }) => {
                let variant_matches = match status.as_u16() {
                    401 => matches!(error, ListPoliciesError::Unauthorized(_)),
                    500 => matches!(error, ListPoliciesError::InternalServerError(_)),
                    _ => false,
                };
                assert!(variant_matches, "{statuses:?}: {status} as {error:?}");
                Outcome::Api(status.as_u16())
            }
            Err(other) => panic!("{statuses:?}: unexpected error {other:?}"),
        };
        assert_eq!(outcome, expected_outcome, "{statuses:?}");
        let sent = requests(&server).await.len();
        assert_eq!(sent, expected_requests, "{statuses:?}: requests sent");
    }
}

/// One way of calling the SDK for the method tests.
#[derive(Debug, Clone, Copy)]
enum SdkCall {
    /// `POST` credentials, as is.
    Rotate,
    /// `POST` credentials asking for retries without opting in.
    RotateWithMaxRetries,
    /// `POST` credentials, opted in to retries.
    RotateOptedIn,
    /// `PUT` a policy.
    Update,
}

/// Makes `call` and returns the status of the error it fails with.
async fn status_of_failed(client: &altostrat::Client, call: SdkCall) -> Option<StatusCode> {
    let operations = client.site_operations();
    let body = PolicyRequest::new("Retry policy");
    let policy_id = Uuid::parse_str(POLICY_ID).unwrap();
    let result = match call {
        SdkCall::Rotate => operations.rotate_api_credentials(site_id()).await.map(drop),
        SdkCall::RotateWithMaxRetries => operations
            .rotate_api_credentials(site_id())
            .with_max_retries(4)
            .await
            .map(drop),
        SdkCall::RotateOptedIn => operations
            .rotate_api_credentials(site_id())
            .with_non_idempotent_retries()
            .await
            .map(drop),
        SdkCall::Update => {
            let result = client.policies().update(policy_id, &body).await;
            return result.expect_err("503 is an error").status();
        }
    };
    result.expect_err("503 is an error").status()
}

/// A `POST` is not retried unless the call opts in, even when it asks for
/// retries; a `PUT` is, being idempotent.
#[tokio::test]
async fn only_idempotent_methods_are_retried_unless_the_call_opts_in() {
    let update_path = format!("/control-plane/policies/{POLICY_ID}");
    let cases = [
        (SdkCall::Rotate, "POST", CREDENTIALS_PATH, 1),
        (SdkCall::RotateWithMaxRetries, "POST", CREDENTIALS_PATH, 1),
        (SdkCall::RotateOptedIn, "POST", CREDENTIALS_PATH, 3),
        (SdkCall::Update, "PUT", update_path.as_str(), 3),
    ];
    for (call, http_method, route, expected_requests) in cases {
        let server = MockServer::start().await;
        let answer = ResponseTemplate::new(503).set_body_string("busy");
        mount_sequence(&server, http_method, route, vec![answer]).await;

        let status = status_of_failed(&sdk(&server, fast_policy()), call).await;

        assert_eq!(status, Some(StatusCode::SERVICE_UNAVAILABLE), "{call:?}");
        let sent = requests(&server).await;
        assert_eq!(sent.len(), expected_requests, "{call:?}: requests sent");
        assert!(sent.iter().all(|r| r.method.as_str() == http_method));
    }
}

/// The retry count comes from the call when it sets one, else from the client.
#[tokio::test]
async fn max_retries_of_the_call_replaces_the_clients() {
    let cases: [(Option<u32>, Option<u32>, usize); 5] = [
        (None, None, 3),
        (None, Some(0), 1),
        (Some(0), None, 1),
        (None, Some(4), 5),
        (Some(0), Some(3), 4),
    ];
    for (client_retries, call_retries, expected_requests) in cases {
        let server = MockServer::start().await;
        mount_sequence(
            &server,
            "GET",
            "/control-plane/policies",
            vec![policies_answer(503)],
        )
        .await;
        let mut builder = sdk_builder(&server.uri(), fast_policy());
        if let Some(retries) = client_retries {
            builder = builder.max_retries(retries);
        }
        let client = builder.build().unwrap();
        let mut list = client.policies().list();
        if let Some(retries) = call_retries {
            list = list.with_max_retries(retries);
        }

        let error = list.await.expect_err("503 every time");

        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        let sent = requests(&server).await.len();
        assert_eq!(
            sent, expected_requests,
            "client {client_retries:?}, call {call_retries:?}"
        );
    }
}

/// Two backoff waits from 100 ms capped at 400 ms take 50–100 ms then
/// 100–200 ms: at least 150 ms in all, and not seconds.
#[tokio::test]
async fn backoff_waits_within_the_policy_bounds() {
    let server = MockServer::start().await;
    let answers = vec![
        policies_answer(503),
        policies_answer(503),
        policies_answer(200),
    ];
    mount_sequence(&server, "GET", "/control-plane/policies", answers).await;
    let policy = RetryPolicy {
        initial_backoff: ms(100),
        max_backoff: ms(400),
        ..fast_policy()
    };
    let client = sdk(&server, policy);

    let start = Instant::now();
    client
        .policies()
        .list()
        .await
        .expect("the third try succeeds");
    let elapsed = start.elapsed();

    assert_eq!(requests(&server).await.len(), 3);
    assert!(elapsed >= ms(150), "waited only {elapsed:?}");
    assert!(elapsed < ms(1500), "waited {elapsed:?}");
}

/// An HTTP date `lead` from now, rounded so that it is at least `lead` away.
fn http_date_in(lead: Duration) -> String {
    let at = SystemTime::now() + lead + Duration::from_secs(1);
    DateTime::<Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// A `Retry-After` header, in seconds or as an HTTP date, replaces the backoff
/// wait, up to `max_retry_after`.
#[tokio::test]
async fn retry_after_sets_the_wait_up_to_its_cap() {
    // (header, made when the case starts; max_retry_after; least wait; most wait)
    type Header = fn() -> String;
    let cases: [(Header, Duration, Duration, Duration); 3] = [
        (
            || "1".to_owned(),
            Duration::from_secs(2),
            ms(1000),
            ms(2500),
        ),
        (
            || http_date_in(ms(1200)),
            Duration::from_secs(3),
            ms(1000),
            ms(3500),
        ),
        (|| "100".to_owned(), ms(300), ms(300), ms(2000)),
    ];
    for (make_header, cap, least, most) in cases {
        let header = make_header();
        let server = MockServer::start().await;
        let busy = policies_answer(503).insert_header("Retry-After", header.as_str());
        mount_sequence(
            &server,
            "GET",
            "/control-plane/policies",
            vec![busy, policies_answer(200)],
        )
        .await;
        let policy = RetryPolicy {
            max_retries: 1,
            max_retry_after: cap,
            ..fast_policy()
        };
        let client = sdk(&server, policy);

        let start = Instant::now();
        client.policies().list().await.expect("the retry succeeds");
        let elapsed = start.elapsed();

        assert_eq!(requests(&server).await.len(), 2, "{header}");
        assert!(elapsed >= least, "Retry-After {header}: waited {elapsed:?}");
        assert!(elapsed < most, "Retry-After {header}: waited {elapsed:?}");
    }
}

/// A refused connection of an idempotent call is retried after backoff (two
/// waits of at least 50 and 100 ms) and then fails with `Transport`.
#[tokio::test]
async fn refused_connection_is_retried_then_transport() {
    let policy = RetryPolicy {
        initial_backoff: ms(100),
        max_backoff: ms(400),
        ..fast_policy()
    };
    let client = sdk_builder(&format!("http://127.0.0.1:{}", closed_port()), policy)
        .build()
        .unwrap();

    let start = Instant::now();
    let error = client.policies().list().await.expect_err("nothing listens");
    let elapsed = start.elapsed();

    assert!(
        matches!(error, altostrat::Error::Transport(_)),
        "got {error:?}"
    );
    assert!(
        elapsed >= ms(150),
        "did not wait between tries: {elapsed:?}"
    );
    assert!(elapsed < ms(1500), "waited {elapsed:?}");
}

/// A listener that accepts connections and closes them at once, counting them.
struct Hangup {
    port: u16,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Hangup {
    fn start() -> Hangup {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = thread::spawn({
            let (accepted, stop) = (accepted.clone(), stop.clone());
            move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            accepted.fetch_add(1, Ordering::SeqCst);
                            drop(stream);
                        }
                        Err(_) => thread::sleep(ms(2)),
                    }
                }
            }
        });
        Hangup {
            port,
            accepted,
            stop,
            thread: Some(thread),
        }
    }

    /// Stops listening and returns how many connections were accepted.
    fn finish(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap();
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Hangup {
    /// Stops the listening thread when a test fails before [`Hangup::finish`].
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// A connection the server closes without answering is retried for a `GET`
/// (three connections) and not for a `POST` (one), each ending in `Transport`.
#[tokio::test]
async fn connection_closed_without_answer_is_retried_for_idempotent_calls_only() {
    for (http_method, expected_connections) in [("GET", 3), ("POST", 1)] {
        let hangup = Hangup::start();
        let client = sdk_builder(&format!("http://127.0.0.1:{}", hangup.port), fast_policy())
            .build()
            .unwrap();
        let error = if http_method == "GET" {
            let result = client.policies().list().await;
            format!("{:?}", result.expect_err("no answer"))
        } else {
            let result = client
                .site_operations()
                .rotate_api_credentials(site_id())
                .await;
            format!("{:?}", result.expect_err("no answer"))
        };
        assert!(error.starts_with("Transport"), "{http_method}: {error}");
        assert_eq!(hangup.finish(), expected_connections, "{http_method}");
    }
}

/// A time-out set on one call replaces the client's 30 s.
#[tokio::test]
async fn time_out_of_the_call_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/control-plane/policies"))
        .respond_with(policies_answer(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = sdk_builder(&server.uri(), fast_policy())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let start = Instant::now();
    let error = client
        .policies()
        .list()
        .with_timeout(ms(200))
        .await
        .expect_err("the answer comes too late");
    let elapsed = start.elapsed();

    assert!(
        matches!(error, altostrat::Error::Timeout { .. }),
        "got {error:?}"
    );
    assert!(elapsed >= ms(200), "timed out after {elapsed:?}");
    assert!(elapsed < ms(1500), "timed out after {elapsed:?}");
}

// ---------------------------------------------------------------------------
// Per-call options and raw access
// ---------------------------------------------------------------------------

/// A header added to one call is sent with it.
#[tokio::test]
async fn header_of_the_call_is_sent() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        "/control-plane/policies",
        vec![policies_answer(200)],
    )
    .await;

    sdk(&server, fast_policy())
        .policies()
        .list()
        .with_header("Prefer", "code=404")
        .with_header("Idempotency-Key", "key-1")
        .await
        .expect("the call succeeds");

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    let header = |name: &str| {
        sent[0]
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("prefer").as_deref(), Some("code=404"));
    assert_eq!(header("idempotency-key").as_deref(), Some("key-1"));
    let authorization = format!("Bearer {TOKEN}");
    assert_eq!(header("authorization"), Some(authorization));
}

/// A header that cannot be sent fails the call with `InvalidRequest`, and
/// nothing is sent.
#[tokio::test]
async fn header_that_cannot_be_sent_is_invalid_request() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        "/control-plane/policies",
        vec![policies_answer(200)],
    )
    .await;
    let client = sdk(&server, fast_policy());
    let cases = [
        ("X-Bad", "a\r\nb"),
        ("X-Bad", "a\nb"),
        ("Bad Name", "value"),
        ("", "value"),
    ];
    for (name, value) in cases {
        let error = client
            .policies()
            .list()
            .with_header(name, value)
            .await
            .expect_err("the header cannot be sent");
        assert!(
            matches!(error, altostrat::Error::InvalidRequest(_)),
            "{name:?}: {value:?}: got {error:?}"
        );
    }
    let sent = requests(&server).await;
    assert!(
        sent.is_empty(),
        "{} requests reached the server",
        sent.len()
    );
}

/// `send_with_response` returns the decoded value with the status and headers;
/// an error keeps the headers too, documented or not.
#[tokio::test]
async fn send_with_response_and_errors_keep_status_and_headers() {
    let server = MockServer::start().await;
    let policy = json!([{ "id": POLICY_ID, "name": "Default Corporate Policy" }]);
    mount_sequence(
        &server,
        "GET",
        "/control-plane/policies",
        vec![
            ResponseTemplate::new(200)
                .set_body_json(policy)
                .insert_header("x-request-id", "req-ok"),
            policies_answer(401).insert_header("x-request-id", "req-401"),
            policies_answer(404).insert_header("x-request-id", "req-404"),
        ],
    )
    .await;
    let client = sdk(&server, fast_policy());

    let response = client
        .policies()
        .list()
        .send_with_response()
        .await
        .expect("a 200");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.headers.get("x-request-id").unwrap(), "req-ok");
    let policies = response.into_value();
    assert_eq!(policies.len(), 1);
    assert_eq!(
        policies[0].name.as_deref(),
        Some("Default Corporate Policy")
    );
    assert_eq!(policies[0].id, Some(Uuid::parse_str(POLICY_ID).unwrap()));

    for (status, request_id, is_api) in [(401, "req-401", true), (404, "req-404", false)] {
        let error = client
            .policies()
            .list()
            .send_with_response()
            .await
            .expect_err("an error status");
        assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
        let headers = error.headers().expect("a response arrived");
        assert_eq!(headers.get("x-request-id").unwrap(), request_id);
        assert_eq!(error.api_error().is_some(), is_api, "{status}: {error:?}");
    }
}

// ---------------------------------------------------------------------------
// Secrets and tracing
// ---------------------------------------------------------------------------

/// `Secret` prints as `[REDACTED]`, gives its value through `expose`, and
/// serializes exactly as the value it holds.
#[test]
fn secret_redacts_and_round_trips() {
    let secret = Secret::new("hunter2-canary".to_owned());
    assert_eq!(format!("{secret:?}"), "[REDACTED]");
    assert_eq!(format!("{secret}"), "[REDACTED]");
    assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    [REDACTED],\n)");
    assert_eq!(secret.expose(), "hunter2-canary");
    assert_eq!(
        serde_json::to_value(&secret).unwrap(),
        json!("hunter2-canary")
    );
    let back: Secret<String> = serde_json::from_value(json!("hunter2-canary")).unwrap();
    assert_eq!(back, secret);
    assert_eq!(back.into_exposed(), "hunter2-canary");
}

/// Models holding secrets decode and re-encode to the same JSON, and their
/// `Debug` does not show the secrets.
#[test]
fn models_with_secrets_round_trip_and_redact() {
    let credential = json!({
        "id": "b7a6c5d4-e3f2-1098-7654-3210abcdef98",
        "site_id": SITE_ID,
        "username": "altostrat-api",
        "password": "pw-model-canary",
        "ip_address": "100.64.1.23",
        "api_port": 8728,
        "server_ip": "edge-us-east-1a.ostrat.io",
        "created_at": "2025-10-28T05:00:00Z",
        "updated_at": "2025-10-28T05:00:00Z"
    });
    let envelope = json!({
        "status": "success",
        "data": {
            "message": "API Key created successfully.",
            "key": {
                "id": "api_key_new",
                "object": "api_key",
                "name": "Production automation",
                "key_prefix": "alto_sk_ab123",
                "client_id": "C3HqXo4o6Yb5Kp0oV9x8",
                "created_at": "2026-04-20T00:00:00Z",
                "last_used_at": null,
                "status": "active",
                "permissions": ["sites:read"]
            },
            "secret": "alto_sk_key-canary"
        }
    });

    let decoded: ApiCredential = serde_json::from_value(credential.clone()).unwrap();
    assert_eq!(
        decoded.password.as_ref().map(|p| p.expose().as_str()),
        Some("pw-model-canary")
    );
    assert!(!format!("{decoded:?}").contains("pw-model-canary"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), credential);

    let decoded: ApiKeySecretEnvelope = serde_json::from_value(envelope.clone()).unwrap();
    assert_eq!(decoded.data.secret.expose(), "alto_sk_key-canary");
    assert!(!format!("{decoded:?}").contains("key-canary"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), envelope);
}

/// Collects what a `tracing_subscriber::fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The SDK's span names the operation, the path template, the status and the
/// attempt, and neither the token sent nor the secret received reaches the trace.
#[tokio::test]
async fn tracing_records_the_call_without_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(captured.clone())
        .finish();
    // The test runs on one thread, so the subscriber sees this test's events only.
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let body =
        json!({ "id": "b7a6c5d4-e3f2-1098-7654-3210abcdef98", "password": "pw-trace-canary" });
    mount_sequence(
        &server,
        "POST",
        CREDENTIALS_PATH,
        vec![ResponseTemplate::new(200).set_body_json(body)],
    )
    .await;
    let client = altostrat::Client::builder()
        .base_url(server.uri())
        .bearer_token("sk-trace-canary")
        .build()
        .unwrap();

    let credential = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect("a 200");
    assert_eq!(credential.password.unwrap().expose(), "pw-trace-canary");

    let trace = captured.text();
    for wanted in [
        "operation=\"rotateApiCredentials\"",
        "method=POST",
        "path=\"/control-plane/{siteId}/credentials\"",
        "status=200",
        "attempt=1",
    ] {
        assert!(trace.contains(wanted), "the trace lacks {wanted}: {trace}");
    }
    for unwanted in ["sk-trace-canary", "pw-trace-canary", SITE_ID] {
        assert!(
            !trace.contains(unwanted),
            "the trace shows {unwanted}: {trace}"
        );
    }
}
