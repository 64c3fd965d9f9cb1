//! What errors say, tested against in-process servers: the `Display` of a documented
//! error (the status, the server's code and message, never the raw body), the
//! `ApiError` accessors every operation's error enum shares, the choice of the message
//! and code fields in bodies of other shapes (the error-bodies client), source chains
//! that a reporter prints with each cause once, and time-outs that name the operation
//! and the limit.

use std::error::Error as StdError;
use std::net::TcpListener;
use std::time::Duration;

use altostrat::control_plane::types::ErrorResponse;
use altostrat::control_plane::RotateApiCredentialsError;
use altostrat::keys::types::CreateApiKeyRequest;
use altostrat::uuid::Uuid;
use altostrat::{ApiError, Client, Error, StatusCode, TimeLimit};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "error-reports-token-7d1e";

const SITE_ID: &str = "d290f1ee-6c54-4b01-90e6-d701748f0851";

const CREDENTIALS_PATH: &str = "/control-plane/d290f1ee-6c54-4b01-90e6-d701748f0851/credentials";

fn client(uri: &str) -> Client {
    Client::builder()
        .base_url(uri)
        .bearer_token(TOKEN)
        .build()
        .expect("a client for the mock server builds")
}

fn site_id() -> Uuid {
    Uuid::parse_str(SITE_ID).unwrap()
}

/// A server that answers every request with `response`.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The error `rotate_api_credentials` fails with when the server answers `response`.
async fn rotate_error(response: ResponseTemplate) -> Error<RotateApiCredentialsError> {
    let server = server_answering(response).await;
    client(&server.uri())
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("the server answers with an error")
}

/// Each error and its sources, as a reporter (anyhow, eyre) prints them: one line each.
fn report_lines(error: &dyn StdError) -> Vec<String> {
    let mut lines = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        lines.push(cause.to_string());
        source = cause.source();
    }
    lines
}

/// A reporter prints no cause twice: no line holds the line of a cause below it, so no
/// error both prints its source and returns it.
fn assert_each_cause_printed_once(what: &str, lines: &[String]) {
    for (at, line) in lines.iter().enumerate() {
        for cause in &lines[at + 1..] {
            assert!(
                !line.contains(cause.as_str()),
                "{what}: `{line}` prints its cause `{cause}`, which it also returns: {lines:#?}"
            );
        }
    }
}

/// What a function that reports the documented error of any operation reads through
/// `ApiError`: the same code for two operations' enums.
fn summary<E: ApiError>(error: &Error<E>) -> (Option<StatusCode>, Option<String>, Option<String>) {
    (
        error.status(),
        error.code().map(str::to_owned),
        error.message().map(str::to_owned),
    )
}

// ---------------------------------------------------------------------------
// Display of documented errors
// ---------------------------------------------------------------------------

/// `Display` shows the status, then the server's code and message; without a message it
/// shows what the spec documents for the status; never the body's other fields.
#[tokio::test]
async fn api_error_display_shows_the_servers_code_and_message() {
    let cases = [
        (
            404,
            json!({"type": "invalid_request_error", "code": "parameter_missing",
                   "message": "The 'name' parameter is required for this request.",
                   "doc_url": "https://docs.example.com/errors/doc-url-9f3"}),
            "the API answered 404 Not Found [parameter_missing]: The 'name' parameter is required for this request.",
        ),
        (
            404,
            json!({"message": "No site has this id."}),
            "the API answered 404 Not Found: No site has this id.",
        ),
        (
            401,
            json!({"code": "token_expired", "doc_url": "https://docs.example.com/doc-url-9f3"}),
            "the API answered 401 Unauthorized [token_expired]: Unauthorized.",
        ),
        (
            404,
            json!({}),
            "the API answered 404 Not Found: Not Found - The specified site does not exist.",
        ),
    ];
    for (status, body, expected) in cases {
        let error = rotate_error(ResponseTemplate::new(status).set_body_json(&body)).await;
        let display = error.to_string();
        assert_eq!(display, expected, "{status} {body}");
        assert!(!display.contains("doc-url-9f3"), "{display}");
        assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
    }
}

/// The server's text is shown on one line, with control characters and direction
/// overrides escaped and its length capped, while `message()` returns it whole.
#[tokio::test]
async fn server_text_is_escaped_and_capped_in_display() {
    let forged = "bad name\nERROR forged log line \u{1b}[31m\u{202e}desrever";
    let long = format!("{forged} {}", "x".repeat(1000));
    let body = json!({"code": "bad\ncode", "message": long});
    let error = rotate_error(ResponseTemplate::new(404).set_body_json(&body)).await;
    let display = error.to_string();

    assert!(!display.contains('\n'), "{display}");
    assert!(!display.contains('\u{1b}'), "{display}");
    assert!(!display.contains('\u{202e}'), "{display}");
    assert!(
        display.starts_with(
            "the API answered 404 Not Found [bad\\ncode]: bad name\\nERROR forged log line \\u{1b}[31m\\u{202e}desrever xxx"
        ),
        "{display}"
    );
    assert!(display.ends_with("x…"), "{display}");
    // The first 300 characters of the message: the forged part, a space, then `x`s.
    let shown = display.split_once("]: ").unwrap().1;
    let xs = 300 - forged.chars().count() - 1;
    assert_eq!(shown.chars().filter(|c| *c == 'x').count(), xs, "{display}");
    assert_eq!(error.message(), Some(long.as_str()), "message() is whole");
    assert_eq!(error.code(), Some("bad\ncode"));
}

// ---------------------------------------------------------------------------
// ApiError: one way to read any operation's error
// ---------------------------------------------------------------------------

/// `Error` and the enum's `ApiError` give the status, headers, code, message, what the
/// spec documents and the decoded body, for any operation through one function.
#[tokio::test]
async fn api_error_accessors_read_any_operation() {
    let body = json!({"type": "invalid_request_error", "code": "site_missing",
                      "message": "No site has this id.", "doc_url": "https://docs.example.com"});
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREDENTIALS_PATH))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-42")
                .set_body_json(&body),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/keys"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"code": "name_missing", "message": "A key needs a name."})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let rotate = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("the site is missing");
    let request = CreateApiKeyRequest::new("", vec!["sites:read".into()]);
    let create = client
        .api_keys()
        .create(&request)
        .await
        .expect_err("the name is missing");

    let owned = |s: &str| Some(s.to_owned());
    assert_eq!(
        summary(&rotate),
        (
            Some(StatusCode::NOT_FOUND),
            owned("site_missing"),
            owned("No site has this id.")
        )
    );
    assert_eq!(
        summary(&create),
        (
            Some(StatusCode::BAD_REQUEST),
            owned("name_missing"),
            owned("A key needs a name.")
        )
    );
    assert_eq!(
        rotate
            .headers()
            .and_then(|h| h.get("x-request-id"))
            .unwrap(),
        "req-42"
    );

    let api = rotate.api_error().expect("a documented error");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.documented(),
        "Not Found - The specified site does not exist."
    );
    let decoded: ErrorResponse = serde_json::from_value(body).unwrap();
    let reached = api
        .body()
        .and_then(|body| body.downcast_ref::<ErrorResponse>());
    assert_eq!(reached, Some(&decoded));
    assert_eq!(api, &RotateApiCredentialsError::NotFound(decoded));
    assert!(api.source().is_none(), "a decoded body has no cause");
    assert!(
        rotate.source().is_none(),
        "Display prints the enum, so it is no source"
    );
}

/// The message and code are read from the fields each body shape keeps them in: top
/// level, RFC 9457 problem details, nested objects, the first item of a list, fields an
/// extension chose, never a secret, a required string and a string enum.
#[tokio::test]
async fn message_and_code_come_from_each_body_shape() {
    use error_bodies_client::Error as BodiesError;

    /// The code, message and `Display` of an error of the error-bodies client.
    fn said<E: error_bodies_client::ApiError>(
        result: Result<(), BodiesError<E>>,
    ) -> (Option<String>, Option<String>, String) {
        let error = result.expect_err("the server answers with an error");
        assert!(error.api_error().is_some(), "documented: {error:?}");
        (
            error.code().map(str::to_owned),
            error.message().map(str::to_owned),
            error.to_string(),
        )
    }

    /// The operation's path, the status and body the server sends, and the code,
    /// message and `Display` the error must give.
    type Case<'a> = (
        &'a str,
        u16,
        Value,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "/flat",
            404,
            json!({"type": "not_found", "code": "no_thing", "message": "No thing."}),
            Some("no_thing"),
            Some("No thing."),
            "the API answered 404 Not Found [no_thing]: No thing.",
        ),
        (
            "/problem",
            409,
            json!({"type": "https://example.com/probs/taken", "title": "Taken", "status": 409, "detail": "The name is taken."}),
            Some("https://example.com/probs/taken"),
            Some("The name is taken."),
            "the API answered 409 Conflict [https://example.com/probs/taken]: The name is taken.",
        ),
        (
            "/problem",
            400,
            json!({"title": "Bad", "detail": null}),
            None,
            None,
            "the API answered 400 Bad Request: A problem (RFC 9457).",
        ),
        (
            "/nested",
            429,
            json!({"error": {"message": "Rate limit reached.", "type": "requests", "code": "rate_limit_exceeded"}}),
            Some("rate_limit_exceeded"),
            Some("Rate limit reached."),
            "the API answered 429 Too Many Requests [rate_limit_exceeded]: Rate limit reached.",
        ),
        (
            "/listed",
            403,
            json!({"success": false, "errors": [{"code": 10000, "message": "Authentication error"}, {"code": 2, "message": "second"}]}),
            None,
            Some("Authentication error"),
            "the API answered 403 Forbidden: Authentication error",
        ),
        (
            "/listed",
            403,
            json!({"success": false, "errors": []}),
            None,
            None,
            "the API answered 403 Forbidden: Not allowed.",
        ),
        (
            "/chosen",
            409,
            json!({"message": "generic", "code": "ignored", "error": {"reason": "The row is locked."}}),
            None,
            Some("The row is locked."),
            "the API answered 409 Conflict: The row is locked.",
        ),
        (
            "/secret",
            401,
            json!({"message": "hunter2-secret-5c1", "detail": "hunter2-detail-5c2", "code": "hunter2-code-5c3", "title": "Log in first."}),
            None,
            Some("Log in first."),
            "the API answered 401 Unauthorized: Log in first.",
        ),
        (
            "/strict",
            422,
            json!({"message": "The port is out of range.", "code": "invalid"}),
            Some("invalid"),
            Some("The port is out of range."),
            "the API answered 422 Unprocessable Entity [invalid]: The port is out of range.",
        ),
    ];
    for (at, status, body, code, message, display) in cases {
        let server = MockServer::start().await;
        Mock::given(path(*at))
            .respond_with(ResponseTemplate::new(*status).set_body_json(body))
            .mount(&server)
            .await;
        let client = error_bodies_client::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let calls = client.error_bodies();
        let got = match *at {
            "/flat" => said(calls.get_flat().await),
            "/problem" => said(calls.get_problem().await),
            "/nested" => said(calls.get_nested().await),
            "/listed" => said(calls.get_listed().await),
            "/chosen" => said(calls.get_chosen().await),
            "/secret" => said(calls.get_secret().await),
            "/strict" => said(calls.get_strict().await),
            other => unreachable!("no operation at {other}"),
        };
        let expected = (
            code.map(str::to_owned),
            message.map(str::to_owned),
            (*display).to_owned(),
        );
        assert_eq!(got, expected, "{at} {status} {body}");
    }
}

/// A documented text body is raw text: it is kept in the variant but never shown.
#[tokio::test]
async fn a_text_error_body_is_not_shown() {
    let server = server_answering(
        ResponseTemplate::new(503).set_body_raw("<html>raw-page-3e8</html>", "text/plain"),
    )
    .await;
    let client = error_bodies_client::Client::builder()
        .base_url(server.uri())
        .retry_policy(error_bodies_client::RetryPolicy {
            max_retries: 0,
            ..Default::default()
        })
        .build()
        .unwrap();
    let error = client
        .error_bodies()
        .get_strict()
        .await
        .expect_err("the server answers 503");
    assert_eq!(
        error.to_string(),
        "the API answered 503 Service Unavailable: Anything else."
    );
    assert_eq!(error.message(), None);
    let api = error.api_error().expect("`default` is documented");
    let body =
        error_bodies_client::ApiError::body(api).and_then(|body| body.downcast_ref::<String>());
    assert_eq!(body.map(String::as_str), Some("<html>raw-page-3e8</html>"));
}

// ---------------------------------------------------------------------------
// Sources: each cause printed once
// ---------------------------------------------------------------------------

/// A transport failure, a body that does not decode and a time-out return their cause
/// from `source()` and do not print it, so a reporter prints each cause once; the
/// chain still reaches what went wrong ("Connection refused"), and `display_chain`
/// prints it on one line.
#[tokio::test]
async fn reporters_print_each_cause_once() {
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let transport = client(&closed)
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("nothing listens");
    assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    assert_eq!(transport.to_string(), "the request failed to connect");
    let lines = report_lines(&transport);
    assert_each_cause_printed_once("Transport", &lines);
    assert!(lines.len() > 1, "the cause is a source: {lines:#?}");
    let chain = transport.display_chain().to_string();
    assert!(
        chain.starts_with("the request failed to connect: ") && chain.contains("refused"),
        "{chain}"
    );
    assert_eq!(chain, lines.join(": "));

    let decode = rotate_error(
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": "not-a-uuid", "api_port": "hunter2"})),
    )
    .await;
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    let lines = report_lines(&decode);
    assert_each_cause_printed_once("Decode", &lines);
    assert_eq!(
        lines[0],
        "the API answered 200 OK with a body that did not decode as the documented type"
    );
    assert!(
        lines[1].starts_with("at `"),
        "the source names the field: {lines:#?}"
    );
    assert!(!lines.join("\n").contains("hunter2"), "{lines:#?}");

    let slow = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let timeout = Client::builder()
        .base_url(slow.uri())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap()
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("too slow");
    let lines = report_lines(&timeout);
    assert_each_cause_printed_once("Timeout", &lines);
    assert!(lines.len() > 1, "the cause is a source: {lines:#?}");

    let api =
        rotate_error(ResponseTemplate::new(404).set_body_json(json!({"message": "gone"}))).await;
    assert_eq!(report_lines(&api), ["the API answered 404 Not Found: gone"]);
}

// ---------------------------------------------------------------------------
// Time-outs
// ---------------------------------------------------------------------------

/// A time-out names the operation and the limit that passed: the attempt's time-out,
/// or the call's deadline when that was shorter.
#[tokio::test]
async fn a_time_out_names_the_operation_and_the_limit() {
    let slow = server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = Client::builder()
        .base_url(slow.uri())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();

    let attempt = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .await
        .expect_err("too slow");
    assert!(
        matches!(
            attempt,
            Error::Timeout {
                operation: "rotateApiCredentials",
                limit: TimeLimit::Attempt(limit),
                ..
            } if limit == Duration::from_millis(150)
        ),
        "{attempt:?}"
    );
    assert_eq!(
        attempt.to_string(),
        "`rotateApiCredentials` timed out: no response within the 150ms time-out of an attempt"
    );

    let deadline = client
        .site_operations()
        .rotate_api_credentials(site_id())
        .with_timeout(Duration::from_secs(30))
        .with_deadline(Duration::from_millis(200))
        .await
        .expect_err("too slow");
    assert!(
        matches!(
            deadline,
            Error::Timeout {
                limit: TimeLimit::Deadline(limit),
                ..
            } if limit == Duration::from_millis(200)
        ),
        "{deadline:?}"
    );
    assert_eq!(
        deadline.to_string(),
        "`rotateApiCredentials` timed out: no response within the 200ms deadline of the call"
    );
}
