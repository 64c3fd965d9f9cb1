//! Behaviour tests of the generated `altostrat` SDK against an in-process mock server.
//!
//! Each test pins one promise the generated client makes to its callers: how a
//! request goes out (method, path, credentials, body) and how every kind of
//! answer comes back (a decoded success, a documented error, an undocumented
//! status, a body that does not decode, a time-out, a transport failure).

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

use altostrat::chrono::{DateTime, TimeZone, Utc};
use altostrat::control_plane::types::{ApiCredential, ErrorResponse, TransientAccessType};
use altostrat::control_plane::RotateApiCredentialsError;
use altostrat::keys::types::{ApiKey, ApiKeyObject, CreateApiKeyRequest, ListApiKeysResponse};
use altostrat::uuid::Uuid;
use altostrat::{Client, Error, StatusCode};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The bearer token test clients send.
const TOKEN: &str = "test-token-5f2c9a";

/// The site the control-plane tests act on.
const SITE_ID: &str = "d290f1ee-6c54-4b01-90e6-d701748f0851";

/// The path `rotate_api_credentials` must request for [`SITE_ID`].
const CREDENTIALS_PATH: &str = "/control-plane/d290f1ee-6c54-4b01-90e6-d701748f0851/credentials";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A client for `server` that holds a bearer token.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .build()
        .expect("a client for the mock server builds")
}

fn site_id() -> Uuid {
    Uuid::parse_str(SITE_ID).unwrap()
}

fn utc(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, min, sec)
        .unwrap()
}

/// The seed's example `ApiCredential` body.
fn credential_body() -> Value {
    json!({
        "id": "b7a6c5d4-e3f2-1098-7654-3210abcdef98",
        "site_id": SITE_ID,
        "username": "altostrat-api",
        "password": "Extr3m3lyS3cur3P@ssw0rdG3n3r@t3d",
        "ip_address": "100.64.1.23",
        "api_port": 8728,
        "server_ip": "edge-us-east-1a.ostrat.io",
        "created_at": "2025-10-28T05:00:00Z",
        "updated_at": "2025-10-28T05:00:00Z"
    })
}

/// An `ErrorResponse` body whose fields all derive from `code`, so bodies of
/// different statuses differ.
fn error_body(code: &str) -> Value {
    json!({
        "type": "invalid_request_error",
        "code": code,
        "message": format!("message for {code}"),
        "doc_url": format!("https://docs.altostrat.io/errors/{code}")
    })
}

/// The `ErrorResponse` that [`error_body`] must decode to.
fn expected_error(code: &str) -> ErrorResponse {
    let mut error = ErrorResponse::default();
    error.r#type = Some("invalid_request_error".to_owned());
    error.code = Some(code.to_owned());
    error.message = Some(format!("message for {code}"));
    error.doc_url = Some(format!("https://docs.altostrat.io/errors/{code}"));
    error
}

/// An `ApiKey` body; `last_used_at` is left out when `None`.
fn api_key_body(id: &str, last_used_at: Option<Value>) -> Value {
    let mut key = json!({
        "id": id,
        "object": "api_key",
        "name": "Production automation",
        "key_prefix": "alto_sk_ab123",
        "client_id": "C3HqXo4o6Yb5Kp0oV9x8",
        "created_at": "2026-04-20T00:00:00Z",
        "status": "active",
        "permissions": ["sites:read", "scripts:write"]
    });
    if let Some(value) = last_used_at {
        key["last_used_at"] = value;
    }
    key
}

/// Three keys that differ only in `last_used_at`: a timestamp, `null`, absent.
fn three_keys() -> Value {
    json!([
        api_key_body("api_key_used", Some(json!("2026-04-21T09:30:00Z"))),
        api_key_body("api_key_null", Some(Value::Null)),
        api_key_body("api_key_absent", None),
    ])
}

/// Checks the keys of [`three_keys`] after decoding.
fn assert_three_keys(keys: &[ApiKey]) {
    let ids: Vec<&str> = keys.iter().map(|key| key.id.as_str()).collect();
    assert_eq!(ids, ["api_key_used", "api_key_null", "api_key_absent"]);
    let first = &keys[0];
    assert_eq!(first.object, ApiKeyObject::ApiKey);
    assert_eq!(first.created_at, utc(2026, 4, 20, 0, 0, 0));
    assert_eq!(
        first.permissions.as_deref(),
        Some(&["sites:read".to_owned(), "scripts:write".to_owned()][..])
    );
    assert_eq!(first.last_used_at, Some(Some(utc(2026, 4, 21, 9, 30, 0))));
    assert_eq!(keys[1].last_used_at, Some(None), "`null` is `Some(None)`");
    assert_eq!(keys[2].last_used_at, None, "an absent field is `None`");
}

/// The one request `server` received, failing unless there was exactly one.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header_str<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Mounts a `POST` credentials route answering `response`.
async fn mount_rotate(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(CREDENTIALS_PATH))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

// ---------------------------------------------------------------------------
// Success: the request that goes out and the body that comes back
// ---------------------------------------------------------------------------

/// A 200 decodes into real types with the right values, from a `POST` to the
/// site's credentials path that carries the bearer token.
#[tokio::test]
async fn rotate_credentials_sends_post_with_token_and_decodes_credential() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREDENTIALS_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(credential_body()))
        .expect(1)
        .mount(&server)
        .await;

    let credential: ApiCredential = client(&server)
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect("a 200 with the example body decodes");

    let id: Uuid = credential.id.expect("id");
    let credential_site: Uuid = credential.site_id.expect("site_id");
    let ip: Ipv4Addr = credential.ip_address.expect("ip_address");
    let created: DateTime<Utc> = credential.created_at.expect("created_at");
    let updated: DateTime<Utc> = credential.updated_at.expect("updated_at");
    assert_eq!(
        id,
        Uuid::parse_str("b7a6c5d4-e3f2-1098-7654-3210abcdef98").unwrap()
    );
    assert_eq!(credential_site, site_id());
    assert_eq!(ip, Ipv4Addr::new(100, 64, 1, 23));
    assert_eq!(created, utc(2025, 10, 28, 5, 0, 0));
    assert_eq!(updated, utc(2025, 10, 28, 5, 0, 0));
    assert_eq!(credential.username.as_deref(), Some("altostrat-api"));
    let password = credential
        .password
        .as_ref()
        .expect("the password is present");
    assert_eq!(password.expose(), "Extr3m3lyS3cur3P@ssw0rdG3n3r@t3d");
    // The secret decodes, but printing the credential does not reveal it.
    assert!(!format!("{credential:?}").contains("Extr3m3ly"));
    assert_eq!(credential.api_port, Some(8728));
    assert_eq!(
        credential.server_ip.as_deref(),
        Some("edge-us-east-1a.ostrat.io")
    );

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), CREDENTIALS_PATH);
    assert_eq!(request.url.query(), None);
    let authorization = format!("Bearer {TOKEN}");
    assert_eq!(
        header_str(&request, "authorization"),
        Some(authorization.as_str())
    );
}

// ---------------------------------------------------------------------------
// Errors: dispatch by status code
// ---------------------------------------------------------------------------

/// Each documented error status arrives as `Error::Api` with its own variant,
/// the body decoded, the real status, and the response headers.
#[tokio::test]
async fn documented_error_statuses_map_to_their_own_variants() {
    type Variant = fn(ErrorResponse) -> RotateApiCredentialsError;
    let cases: [(u16, &str, Variant); 3] = [
        (
            401,
            "unauthenticated",
            RotateApiCredentialsError::Unauthorized,
        ),
        (404, "site_not_found", RotateApiCredentialsError::NotFound),
        (
            500,
            "internal_error",
            RotateApiCredentialsError::InternalServerError,
        ),
    ];
    for (status, code, variant) in cases {
        let server = MockServer::start().await;
        let request_id = format!("req-{status}");
        mount_rotate(
            &server,
            ResponseTemplate::new(status)
                .set_body_json(error_body(code))
                .insert_header("x-request-id", request_id.as_str()),
        )
        .await;

        let error = client(&server)
            .site_operations()
            .rotate_api_credentials(site_id())
            .await
            .expect_err("an error status is an error");

        let header = error
            .headers()
            .and_then(|headers| headers.get("x-request-id"))
            .map(|value| value.to_str().unwrap().to_owned());
        assert_eq!(header.as_deref(), Some(request_id.as_str()), "{status}");
        assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
        match error {
            Error::Api {
                error,
                status: got_status,
                ..
            } => {
                assert_eq!(got_status.as_u16(), status);
                assert_eq!(error, variant(expected_error(code)), "{status}");
            }
            other => panic!("{status}: expected Error::Api, got {other:?}"),
        }
    }
}

/// A status the operation does not document is `UnexpectedStatus`, with the
/// status and the raw body bytes exactly as sent.
#[tokio::test]
async fn undocumented_status_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    let body: Vec<u8> = b"\xff\xfe I'm a teapot {\"not\": \"decoded\"}\r\n".to_vec();
    mount_rotate(
        &server,
        ResponseTemplate::new(418).set_body_raw(body.clone(), "application/octet-stream"),
    )
    .await;

    let error = client(&server)
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("418 is an error");

    match error {
        Error::UnexpectedStatus {
            status,
            body: got,
            headers,
        } => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(got.as_ref(), body.as_slice());
            assert_eq!(
                headers.get("content-type").map(|v| v.to_str().unwrap()),
                Some("application/octet-stream")
            );
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
}

/// A success body that does not decode is `Decode`, keeping the status and body.
#[tokio::test]
async fn success_body_that_does_not_decode_is_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"api_port": "not a number"}"#;
    mount_rotate(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;

    let error = client(&server)
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("a body that does not decode is an error");

    match error {
        Error::Decode {
            status,
            body: got,
            source,
            ..
        } => {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(got.as_ref(), body.as_bytes());
            assert!(source.is_data(), "a type mismatch, not {source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A documented error status whose body is not the documented shape is
/// `Decode` (dispatch is by status), never `Api` with a made-up body or
/// another status's variant.
#[tokio::test]
async fn documented_error_status_with_wrong_body_is_decode_error() {
    let cases: [(u16, &str); 3] = [(404, "not json"), (401, r#"{"code": 42}"#), (500, "")];
    for (status, body) in cases {
        let server = MockServer::start().await;
        mount_rotate(
            &server,
            ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        )
        .await;

        let error = client(&server)
            .site_operations()
            .rotate_api_credentials(site_id())
            .await
            .expect_err("an error status is an error");

        match error {
            Error::Decode {
                status: got_status,
                body: got,
                ..
            } => {
                assert_eq!(got_status.as_u16(), status);
                assert_eq!(got.as_ref(), body.as_bytes(), "{status}");
            }
            other => panic!("{status} {body:?}: expected Error::Decode, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Keys: unions, nullable fields, request bodies
// ---------------------------------------------------------------------------

/// Both shapes of the list's `oneOf` decode, each into its own variant, and
/// `last_used_at` keeps a timestamp, `null` and absent apart.
#[tokio::test]
async fn list_keys_decodes_both_one_of_shapes() {
    let bare = three_keys();
    let envelope = json!({ "status": "success", "data": three_keys() });
    for (shape, body) in [("bare array", bare), ("envelope", envelope)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/keys"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;

        let list = client(&server)
            .api_keys()
            .list()
            .await
            .unwrap_or_else(|e| panic!("{shape}: {e}"));

        match (shape, list) {
            ("bare array", ListApiKeysResponse::ApiKeyList(keys)) => assert_three_keys(&keys),
            ("envelope", ListApiKeysResponse::ApiKeyListEnvelope(envelope)) => {
                assert_eq!(envelope.status.as_deref(), Some("success"));
                assert_three_keys(&envelope.data);
            }
            (shape, other) => panic!("{shape} decoded as the wrong variant: {other:?}"),
        }
    }
}

/// `last_used_at` re-serializes as it arrived: a timestamp, `null`, or left out.
#[test]
fn nullable_field_round_trips_null_and_absent() {
    let keys: Vec<ApiKey> = serde_json::from_value(three_keys()).unwrap();
    let written: Vec<Value> = keys
        .iter()
        .map(|key| serde_json::to_value(key).unwrap())
        .collect();
    assert_eq!(written[0]["last_used_at"], json!("2026-04-21T09:30:00Z"));
    assert_eq!(written[1].get("last_used_at"), Some(&Value::Null));
    assert_eq!(written[2].get("last_used_at"), None);
}

/// Creating a key sends the body as JSON with its content type, and the 201
/// envelope decodes with its secret.
#[tokio::test]
async fn create_key_sends_json_body_and_decodes_secret() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "name": "Production automation",
        "permissions": ["sites:read", "scripts:write"]
    });
    let secret = "alto_sk_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
    Mock::given(method("POST"))
        .and(path("/api/keys"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "status": "success",
            "data": {
                "message": "API Key created successfully.",
                "key": api_key_body("api_key_new", Some(Value::Null)),
                "secret": secret
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let body = CreateApiKeyRequest::new(
        "Production automation".to_owned(),
        vec!["sites:read".to_owned(), "scripts:write".to_owned()],
    );
    let created = client(&server)
        .api_keys()
        .create(&body)
        .await
        .expect("a 201 with the envelope decodes");

    assert_eq!(created.status, "success");
    assert_eq!(created.data.secret.expose(), secret);
    assert!(
        !format!("{created:?}").contains(secret),
        "Debug must redact the key's secret"
    );
    assert_eq!(created.data.message, "API Key created successfully.");
    assert_eq!(created.data.key.id, "api_key_new");
    assert_eq!(created.data.key.last_used_at, Some(None));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        header_str(&request, "content-type"),
        Some("application/json")
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, expected_body);
}

// ---------------------------------------------------------------------------
// Open enums and unknown fields
// ---------------------------------------------------------------------------

/// Known enum values decode to their variants, an unlisted one to
/// `Unknown`; each re-serializes to the wire value, and extra fields
/// the spec does not list are ignored.
#[tokio::test]
async fn open_enum_keeps_unknown_values_and_extra_fields_are_ignored() {
    let cases = [
        ("winbox", TransientAccessType::Winbox),
        ("ssh", TransientAccessType::Ssh),
        ("telnet", TransientAccessType::from("telnet")),
    ];
    assert!(
        matches!(&cases[2].1, TransientAccessType::Unknown(value) if value.as_str() == "telnet"),
        "{:?}",
        cases[2].1
    );
    let body: Vec<Value> = cases
        .iter()
        .map(|(wire, _)| {
            json!({
                "id": "f0e9d8c7-b6a5-4f3e-9d1c-0b9a8e7f6d5c",
                "type": wire,
                "port": 45821,
                "added_in_a_later_version": { "nested": [1, 2, 3] },
                "another_new_field": null
            })
        })
        .collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/control-plane/{SITE_ID}/transient-accesses")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let accesses = client(&server)
        .transient_access()
        .list(site_id())
        .await
        .expect("unknown values and fields still decode");

    assert_eq!(accesses.len(), cases.len());
    for ((wire, expected), access) in cases.iter().zip(&accesses) {
        assert_eq!(access.r#type.as_ref(), Some(expected), "{wire}");
        assert_eq!(access.port, Some(45821));
        let written = serde_json::to_value(access).unwrap();
        assert_eq!(written["type"], json!(wire));
        let mut keys: Vec<&str> = written
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "port", "type"], "{wire}");
    }
}

/// What one open enum of the SDK makes of a wire value.
#[derive(Debug, PartialEq)]
struct Decoded {
    /// Whether decoding gave `Unknown`.
    unknown: bool,
    /// `as_str()` of the decoded value.
    as_str: String,
    /// `Display` of the decoded value.
    shown: String,
    /// The decoded value serialized again.
    written: Value,
    /// Whether `From<&str>` gives a value equal to the decoded one.
    from_str_agrees: bool,
}

/// Decodes a wire value as the enum `$ty`, reporting what became of it.
macro_rules! probe {
    ($ty:ident) => {
        (
            stringify!($ty),
            (|wire: &str| -> Decoded {
                let decoded: $ty =
                    serde_json::from_value(json!(wire)).expect("every string decodes");
                Decoded {
                    unknown: matches!(decoded, $ty::Unknown(_)),
                    as_str: decoded.as_str().to_owned(),
                    shown: decoded.to_string(),
                    written: serde_json::to_value(&decoded).expect("an enum serializes"),
                    from_str_agrees: $ty::from(wire) == decoded,
                }
            }) as fn(&str) -> Decoded,
        )
    };
}

/// Every open enum of the SDK, listed in `generated/api.json`, decodes each of its
/// known values to a variant and never to `Unknown`, so a value equals every other
/// value that serializes the same; a value it does not know decodes to `Unknown`,
/// keeps its text, and serializes back unchanged.
#[test]
fn known_enum_values_never_decode_as_unknown_and_unknown_ones_round_trip() {
    use altostrat::control_plane::types::{
        CreateTransientAccessRequestType, SiteActionRequestAction,
    };
    let probes: BTreeMap<&str, fn(&str) -> Decoded> = BTreeMap::from([
        probe!(TransientAccessType),
        probe!(CreateTransientAccessRequestType),
        probe!(SiteActionRequestAction),
        probe!(ApiKeyObject),
    ]);
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(tests::project_root().join("generated/api.json"))
            .expect("generated/api.json is readable"),
    )
    .expect("generated/api.json is JSON");
    let enums: Vec<(&str, Vec<&str>)> = api["api"]["modules"]
        .as_array()
        .expect("the API lists modules")
        .iter()
        .flat_map(|module| module["types"].as_array().expect("modules list types"))
        .filter(|ty| ty["kind"] == "non-exhaustive enum")
        .map(|ty| {
            let values = ty["values"].as_array().expect("an enum lists its values");
            (
                ty["name"].as_str().expect("types are named"),
                values
                    .iter()
                    .map(|v| v.as_str().expect("a string"))
                    .collect(),
            )
        })
        .collect();
    let listed: Vec<&str> = enums.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        listed.iter().copied().collect::<BTreeSet<_>>(),
        probes.keys().copied().collect(),
        "every enum of the SDK has a probe here"
    );
    for (name, values) in enums {
        let probe = probes[name];
        for wire in values.into_iter().chain(["a value added later", ""]) {
            let known = !matches!(wire, "a value added later" | "");
            assert_eq!(
                probe(wire),
                Decoded {
                    unknown: !known,
                    as_str: wire.to_owned(),
                    shown: wire.to_owned(),
                    written: json!(wire),
                    from_str_agrees: true,
                },
                "{name}: {wire:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

/// An operation that needs a bearer token fails before sending anything when
/// the client has none, and names the builder method to call.
#[tokio::test]
async fn missing_token_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(credential_body()))
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let error = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("no token, no request");

    match error {
        Error::MissingCredentials { needed, .. } => {
            assert!(
                needed.contains("bearer_token"),
                "names the setter: {needed}"
            );
        }
        other => panic!("expected Error::MissingCredentials, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap();
    assert!(requests.is_empty(), "sent {} requests", requests.len());
}

/// The token never shows in `Debug` output of the client or its builder.
#[test]
fn debug_output_hides_token() {
    let builder = Client::builder()
        .base_url("http://127.0.0.1:1")
        .bearer_token(TOKEN);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?}");
    for debug in [builder_debug, client_debug] {
        assert!(!debug.contains(TOKEN), "the token leaks: {debug}");
    }
}

// ---------------------------------------------------------------------------
// Network failures
// ---------------------------------------------------------------------------

/// A response slower than the client's time-out is `Timeout`.
#[tokio::test]
async fn slow_response_is_timeout() {
    let server = MockServer::start().await;
    mount_rotate(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(credential_body())
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("the response comes too late");

    assert!(matches!(error, Error::Timeout { .. }), "got {error:?}");
    assert_eq!(error.status(), None);
}

/// A connection that cannot be opened is `Transport`.
#[tokio::test]
async fn closed_port_is_transport_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_token(TOKEN)
        .build()
        .unwrap();

    let error = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("nothing listens on the port");

    assert!(matches!(error, Error::Transport(_)), "got {error:?}");
    assert_eq!(error.status(), None);
}

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

/// A path parameter is percent-encoded into one segment: it cannot add
/// segments, climb with `..`, or start a query or fragment.
#[tokio::test]
async fn path_parameter_is_percent_encoded() {
    let server = MockServer::start().await;
    let encoded = "/api/keys/a%2F..%2Fb%3Fc%23d";
    Mock::given(method("GET"))
        .and(path(encoded))
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_body("api_key_x", None)))
        .expect(1)
        .mount(&server)
        .await;

    let key = client(&server)
        .api_keys()
        .retrieve("a/../b?c#d")
        .await
        .expect("the encoded path reaches the route");
    assert_eq!(key.id, "api_key_x");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), encoded);
    assert_eq!(request.url.query(), None);
    assert_eq!(request.url.fragment(), None);
    assert_eq!(request.url.path_segments().unwrap().count(), 3);
}
