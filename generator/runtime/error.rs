//! The error type every operation returns, the trait every operation's error enum
//! implements, and how errors print without secrets.
//!
//! How an error speaks:
//!
//! - **The server's words.** Every operation's error enum implements [`ApiError`]:
//!   its status, the server's message and code (read from the fields of the error
//!   body the generator chose: `message`, `detail`, `error_description`, `error` or
//!   `title`, and `code` or `type`, or those an `x-oagen-error-message` or
//!   `x-oagen-error-code` extension names), the decoded body, and what the API
//!   documents the status to mean. [`Error`] offers the same through
//!   [`Error::status`], [`Error::headers`], [`Error::message`], [`Error::code`] and
//!   [`Error::api_error`], so one function can report the error of any operation.
//! - **`Display` says what happened, once.** An API error prints its status, then
//!   the server's code and message (`the API answered 404 Not Found
//!   [site_missing]: No site has this id.`), or what the API documents when the
//!   body has no message. The server's text is cut at [`MAX_SHOWN_CHARS`]
//!   characters and its control characters are escaped, so it cannot forge log
//!   lines; a raw body, a credential and a sensitive header never print.
//! - **Causes are sources, never text.** An error with a cause (a body that did
//!   not decode, a time-out, a transport failure) returns it from
//!   [`source`](std::error::Error::source) and leaves it out of its own `Display`,
//!   so error reporters (`anyhow`, `eyre`) print each cause once.
//!   [`Error::display_chain`] prints the whole chain on one line for a log without
//!   a reporter.
//! - **A time-out names the operation and the limit** that passed ([`TimeLimit`]).

use std::any::Any;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use reqwest::StatusCode;

use super::secret::REDACTED;

/// The most characters of a server's message or code that `Display` shows; the rest
/// is cut and marked with `…`. [`ApiError::message`] returns the whole text.
pub(crate) const MAX_SHOWN_CHARS: usize = 300;

/// What every operation's error enum tells about the server's answer, so that one
/// function can report the documented errors of any operation.
///
/// The generator implements it for each enum: the message and code come from the
/// string fields of the error body its schema names `message`, `detail`,
/// `error_description`, `error` or `title` (the first present), and `code` or `type`,
/// looked for at the top of the body and then inside an `error` object or the first
/// item of an `errors` list; an `x-oagen-error-message` or `x-oagen-error-code`
/// extension on the schema names another field (`detail`, `error.reason`) or none
/// (`false`). Fields that hold secrets are never chosen.
///
/// A function that reports the error of any operation takes an
/// `&Error<impl ApiError>` and reads [`Error::message`] and [`Error::code`], or
/// [`Error::api_error`] for the enum itself.
pub trait ApiError: std::error::Error + Send + Sync + 'static {
    /// The response status.
    fn status(&self) -> StatusCode;

    /// What the API documents this response to mean (its `description`).
    fn documented(&self) -> &'static str;

    /// The server's message, when the body has one: whole, unescaped, as sent.
    fn message(&self) -> Option<&str>;

    /// The server's error code, when the body has one: whole, unescaped, as sent.
    fn code(&self) -> Option<&str>;

    /// The decoded body, to downcast to the body's type
    /// (`body.downcast_ref::<types::ErrorResponse>()`); `None` when the response
    /// documents no body. Matching on the enum gives the same value typed.
    fn body(&self) -> Option<&(dyn Any + Send + Sync)>;
}

/// Why an operation failed.
///
/// `E` is the operation's own error enum, with one variant per error status the
/// API documents for it. Everything else that can go wrong is a variant here, so a
/// caller can tell an API's answer from a network failure or a surprise.
///
/// `Debug` and `Display` never print a raw response body or a sensitive header: they
/// show the body's length, and `[REDACTED]` for credential headers
/// (`authorization`, `cookie`, `set-cookie`, names with `key`, `token`, `secret`...,
/// and every header the API declares as a credential). `Display` shows of a
/// documented error's body only the server's message and code (see [`ApiError`]),
/// capped and escaped. The body itself stays reachable, unredacted, through
/// [`Error::raw_body`] and the variants' fields.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the API documents as an error for this operation.
    Api {
        /// The documented error, decoded from the body.
        error: E,
        /// The response status.
        status: StatusCode,
        /// The response headers (for example a request id).
        headers: HeaderMap,
    },
    /// The server answered with a status the API does not document for this operation.
    ///
    /// A redirect (3xx) the API does not document arrives here too, with its
    /// `Location` header: the client follows no redirects, so credentials and
    /// bodies never travel to another origin.
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw response body, unredacted: it may hold secrets, so do not log it.
        body: Bytes,
    },
    /// The response body did not decode as the documented type; the body is kept.
    Decode {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw response body, unredacted: it may hold secrets, so do not log it.
        body: Bytes,
        /// What the decoder found wrong: the expected type and where, with the
        /// values it found left out, since they may be secrets. The line and
        /// column of a data error are part of its message (`line()` and
        /// `column()` are 0), since serde_json builds no positioned error from a
        /// rewritten message.
        source: serde_json::Error,
    },
    /// The response body is larger than the limit of the client or the call
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)), so
    /// it was not read to its end.
    BodyTooLarge {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The limit, in bytes.
        limit: usize,
        /// The length the `Content-Length` header announced, when it did and it was
        /// above the limit (the body was then not read at all).
        content_length: Option<u64>,
    },
    /// No response arrived within a time limit: the attempt's time-out, the call's
    /// deadline or the time-out for connecting.
    Timeout {
        /// The operation's id (its `operationId`, or its method and path).
        operation: &'static str,
        /// The limit that passed.
        limit: TimeLimit,
        /// The HTTP client's error.
        source: reqwest::Error,
    },
    /// The request could not be sent or the response could not be read
    /// (connection refused, DNS, TLS, a reset connection).
    Transport(reqwest::Error),
    /// The operation needs credentials the client was not given.
    MissingCredentials {
        /// The operation's id.
        operation: &'static str,
        /// The builder methods that would supply an accepted set of credentials.
        needed: String,
    },
    /// The request could not be built from the arguments given (for example a
    /// header value with a line break, or a header the client must set itself).
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Timeout { .. }
            | Error::Transport(_)
            | Error::MissingCredentials { .. }
            | Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::BodyTooLarge { headers, .. } => Some(headers),
            Error::Timeout { .. }
            | Error::Transport(_)
            | Error::MissingCredentials { .. }
            | Error::InvalidRequest(_) => None,
        }
    }

    /// The raw response body of an undocumented status or of a body that did not
    /// decode, **unredacted**: it may hold secrets (a created key, a password), so
    /// hand it only to code that may see them, and do not log it.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The documented error, when the server sent one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Takes the documented error out, when the server sent one.
    pub fn into_api_error(self) -> Option<E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E: ApiError> Error<E> {
    /// The server's message, when it answered with a documented error whose body
    /// has one (see [`ApiError::message`]).
    pub fn message(&self) -> Option<&str> {
        self.api_error()?.message()
    }

    /// The server's error code, when it answered with a documented error whose body
    /// has one (see [`ApiError::code`]).
    pub fn code(&self) -> Option<&str> {
        self.api_error()?.code()
    }
}

impl<E: fmt::Debug + fmt::Display> Error<E> {
    /// This error and each of its sources on one line, separated by `: `, for a log
    /// written without an error reporter (`the request failed to connect: error
    /// sending request: ...: Connection refused`). `Display` shows this error only.
    pub fn display_chain(&self) -> impl fmt::Display + '_ {
        DisplayChain(self)
    }
}

/// The time limit a call ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// The time-out of one attempt
    /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout), or the call's
    /// `with_timeout`).
    Attempt(Duration),
    /// The deadline of the whole call, every attempt and wait included
    /// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline), or the call's
    /// `with_deadline`).
    Deadline(Duration),
    /// The time-out for connecting
    /// ([`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout));
    /// `None` when the HTTP client came from
    /// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client), whose own
    /// setting it is.
    Connect(Option<Duration>),
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::Attempt(limit) => write!(f, "the {limit:?} time-out of an attempt"),
            TimeLimit::Deadline(limit) => write!(f, "the {limit:?} deadline of the call"),
            TimeLimit::Connect(Some(limit)) => write!(f, "the {limit:?} time-out for connecting"),
            TimeLimit::Connect(None) => {
                f.write_str("the time-out for connecting of the HTTP client given to the builder")
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                error,
                status,
                headers,
            } => f
                .debug_struct("Api")
                .field("error", error)
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .finish(),
            Error::UnexpectedStatus {
                status,
                headers,
                body,
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("body", &BodyLength(body.len()))
                .finish(),
            Error::Decode {
                status,
                headers,
                body,
                source,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("body", &BodyLength(body.len()))
                .field("source", source)
                .finish(),
            Error::BodyTooLarge {
                status,
                headers,
                limit,
                content_length,
            } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("limit", limit)
                .field("content_length", content_length)
                .finish(),
            Error::Timeout {
                operation,
                limit,
                source,
            } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("limit", limit)
                .field("source", source)
                .finish(),
            Error::Transport(source) => f.debug_tuple("Transport").field(source).finish(),
            Error::MissingCredentials { operation, needed } => f
                .debug_struct("MissingCredentials")
                .field("operation", operation)
                .field("needed", needed)
                .finish(),
            Error::InvalidRequest(reason) => f.debug_tuple("InvalidRequest").field(reason).finish(),
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The operation's enum prints the status and what the server said.
            Error::Api { error, .. } => write!(f, "the API answered {error}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(
                    f,
                    "the API answered with undocumented status {status} ({} byte body)",
                    body.len()
                )
            }
            Error::Decode { status, .. } => {
                write!(
                    f,
                    "the API answered {status} with a body that did not decode as the documented type"
                )
            }
            Error::BodyTooLarge {
                status,
                limit,
                content_length,
                ..
            } => {
                write!(
                    f,
                    "the API answered {status} with a body over the {limit} byte limit"
                )?;
                match content_length {
                    Some(length) => write!(f, " ({length} bytes announced, none read)"),
                    None => f.write_str(" (reading stopped at the limit)"),
                }
            }
            Error::Timeout {
                operation, limit, ..
            } => write!(f, "`{operation}` timed out: no response within {limit}"),
            Error::Transport(source) => f.write_str(transport_failure(source)),
            Error::MissingCredentials { operation, needed } => {
                write!(f, "`{operation}` needs credentials the client does not have; set {needed} on the client builder")
            }
            Error::InvalidRequest(reason) => write!(f, "the request could not be built: {reason}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Timeout { source, .. } | Error::Transport(source) => Some(source),
            // An operation's enum holds a decoded body, not an error with a cause,
            // and `Display` prints it, so it is no source.
            Error::Api { .. }
            | Error::UnexpectedStatus { .. }
            | Error::BodyTooLarge { .. }
            | Error::MissingCredentials { .. }
            | Error::InvalidRequest(_) => None,
        }
    }
}

/// What went wrong in a transport failure, told from the HTTP client's error without
/// printing it: the error itself is the source.
fn transport_failure(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "the request failed to connect"
    } else if error.is_body() || error.is_decode() {
        "the response could not be read to its end"
    } else if error.is_request() {
        "the request could not be sent"
    } else {
        "the request failed"
    }
}

/// Prints an error and its sources on one line (see [`Error::display_chain`]).
struct DisplayChain<'a>(&'a dyn std::error::Error);

impl fmt::Display for DisplayChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// The `Display` of every operation's error enum: the status, then the server's code
/// in brackets and its message, or what the API documents when the body has no
/// message (`404 Not Found [site_missing]: No site has this id.`).
pub(crate) fn fmt_api_error(error: &dyn ApiError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}", error.status())?;
    if let Some(code) = error.code() {
        write!(f, " [{}]", ServerText(code))?;
    }
    match error.message() {
        Some(message) => write!(f, ": {}", ServerText(message)),
        None if error.documented().is_empty() => Ok(()),
        None => write!(f, ": {}", error.documented()),
    }
}

/// The status an error variant of an exact status stands for. A variant is made only
/// from a response of its status, so a status no response can have (a spec's `42`)
/// belongs to a variant that is never made, and the fallback is never seen.
pub(crate) fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Text a server sent, as `Display` shows it: at most [`MAX_SHOWN_CHARS`] characters,
/// with control characters and bidirectional overrides escaped (`\n`, `\u{202e}`), so
/// it stays on one line and reads as it is.
struct ServerText<'a>(&'a str);

impl fmt::Display for ServerText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_SHOWN_CHARS) {
            if c.is_control() || is_bidi_control(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if chars.next().is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// The characters that change the direction text is shown in, which can make a
/// log line read differently from what it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A body as `Debug` shows it: its length only.
struct BodyLength(usize);

impl fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// Headers as `Debug` shows them: every name, and the value of each that cannot hold a
/// credential.
pub(crate) struct RedactedHeaders<'a>(pub &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let shown = if value.is_sensitive() || is_sensitive_header(name) {
                    Shown::Redacted
                } else {
                    Shown::Text(value.to_str().unwrap_or("<not text>"))
                };
                (name.as_str(), shown)
            }))
            .finish()
    }
}

/// A header value in `Debug` output.
enum Shown<'a> {
    Text(&'a str),
    Redacted,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Text(text) => fmt::Debug::fmt(text, f),
            Shown::Redacted => f.write_str(REDACTED),
        }
    }
}

/// Parts of header names that mark a credential: `x-api-key`, `x-auth-token`,
/// `x-session-id`, `x-amz-security-token`, `x-hub-signature`...
const SENSITIVE_NAME_PARTS: &[&str] = &[
    "auth",
    "cookie",
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "session",
    "credential",
    "signature",
];

/// Whether a header named `name` may carry a credential, so its value is never printed:
/// by its name, or because the API declares a credential in a header of that name.
fn is_sensitive_header(name: &HeaderName) -> bool {
    let declared = crate::auth::SCHEMES
        .iter()
        .filter_map(|scheme| match scheme.placement {
            super::client::Placement::Header(header) => Some(header),
            _ => None,
        });
    is_sensitive_name(name.as_str(), declared)
}

/// Whether the lower-case header name `name` looks like a credential's or is one of
/// the `declared` credential headers (in any case).
fn is_sensitive_name<'a>(name: &str, mut declared: impl Iterator<Item = &'a str>) -> bool {
    SENSITIVE_NAME_PARTS.iter().any(|part| name.contains(part))
        || declared.any(|header| header.eq_ignore_ascii_case(name))
}

/// Decodes a JSON body. On failure the error names the path of the field that did not
/// decode (`data.port`) and what was expected, never the value found (see
/// [`decode_error`]).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let source = decode_error(error.into_inner());
        match path.as_str() {
            "." => source,
            _ => <serde_json::Error as serde::de::Error>::custom(format!("at `{path}`: {source}")),
        }
    })?;
    // As `serde_json::from_slice` does: nothing but white space may follow the value.
    deserializer.end().map_err(decode_error)?;
    Ok(value)
}

/// A decode error that names what was expected and where, without the values found.
///
/// serde's messages quote what they found (`invalid type: string "hunter2", expected
/// u16`), and the value may be a secret of the body, so data errors are rewritten:
/// the found value keeps only its kind (`string`), an unknown variant or field is not
/// named, and any other quoted text is left out. Syntax and end-of-input errors quote
/// nothing and are kept as they are.
pub(crate) fn decode_error(source: serde_json::Error) -> serde_json::Error {
    if !source.is_data() {
        return source;
    }
    let (line, column) = (source.line(), source.column());
    let text = source.to_string();
    let message = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&text);
    let message = without_values(message);
    <serde_json::Error as serde::de::Error>::custom(if line == 0 {
        message
    } else {
        format!("{message} at line {line} column {column}")
    })
}

/// `message` with the values it quotes left out (see [`decode_error`]).
fn without_values(message: &str) -> String {
    // The expected part comes from the target type, never from the body, and serde
    // writes it last, so the last `, expected ` separates it from what was found.
    let (found, expected) = match message.rfind(", expected ") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(unexpected) = found.strip_prefix(prefix) {
            return format!("{prefix}{}{expected}", value_kind(unexpected));
        }
    }
    for (prefix, none) in [
        ("unknown variant", ", there are no variants"),
        ("unknown field", ", there are no fields"),
    ] {
        if message.starts_with(prefix) {
            let known = if message.ends_with(none) {
                none
            } else {
                expected
            };
            return format!("{prefix}{known}");
        }
    }
    // Missing and duplicate fields are named after the target type's own fields.
    if found.starts_with("missing field `") || found.starts_with("duplicate field `") {
        return message.to_owned();
    }
    unquoted(message)
}

/// The kind of a value serde found (`string`, `integer`, `map`), without the value.
fn value_kind(unexpected: &str) -> &'static str {
    const KINDS: &[&str] = &[
        "boolean",
        "integer",
        "floating point",
        "character",
        "string",
        "byte array",
        "unit value",
        "Option value",
        "newtype struct",
        "sequence",
        "map",
        "enum",
        "unit variant",
        "newtype variant",
        "tuple variant",
        "struct variant",
    ];
    KINDS
        .iter()
        .find(|kind| unexpected == **kind || unexpected.starts_with(&format!("{kind} ")))
        .copied()
        .unwrap_or("a value")
}

/// `text` with everything between backticks or double quotes replaced by `…`.
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(quote) if c == quote => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Port {
        port: u16,
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    enum Kind {
        #[serde(rename = "tcp")]
        Tcp,
    }

    fn decode(json: &str) -> String {
        let source = serde_json::from_str::<Port>(json).expect_err("the JSON does not decode");
        decode_error(source).to_string()
    }

    #[test]
    fn decode_errors_keep_the_expected_type_but_not_the_value() {
        let cases = [
            (
                r#"{"port": "hunter2, expected secret", "kind": "tcp"}"#,
                "invalid type: string, expected u16 at line 1 column 35",
            ),
            (
                r#"{"port": 70000, "kind": "tcp"}"#,
                "invalid value: integer, expected u16 at line 1 column 14",
            ),
            (
                r#"{"port": 1, "kind": "hunter2`, expected x"}"#,
                "unknown variant, expected `tcp` at line 1 column 42",
            ),
            (
                r#"{"kind": "tcp"}"#,
                "missing field `port` at line 1 column 15",
            ),
            (
                r#"{"port": 1,"#,
                "EOF while parsing a value at line 1 column 11",
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(decode(json), expected, "{json}");
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Listing {
        data: Vec<Port>,
    }

    #[test]
    fn decoding_names_the_path_of_the_field_but_not_its_value() {
        let failed = |json: &str| {
            from_json::<Listing>(json.as_bytes())
                .expect_err("the JSON does not decode")
                .to_string()
        };
        let message =
            failed(r#"{"data": [{"port": 1, "kind": "tcp"}, {"port": "hunter2", "kind": "tcp"}]}"#);
        assert!(
            message.starts_with("at `data[1].port`: invalid type: string, expected u16"),
            "{message}"
        );
        assert!(!message.contains("hunter2"), "{message}");
        // What serde_json::from_slice refuses after the value is refused too.
        let trailing = failed(r#"{"data": []} x"#);
        assert!(trailing.contains("trailing characters"), "{trailing}");
        assert!(from_json::<Listing>(br#" {"data": []} "#).is_ok());
    }

    #[test]
    fn credential_headers_are_known_by_name_or_declaration() {
        let declared = || ["X-Tenant-Email", "X-Api-Key"].into_iter();
        for name in [
            "authorization",
            "proxy-authorization",
            "cookie",
            "set-cookie",
            "x-api-key",
            "x-auth-token",
            "x-amz-security-token",
        ] {
            assert!(is_sensitive_name(name, std::iter::empty()), "{name}");
        }
        assert!(is_sensitive_name("x-tenant-email", declared()));
        for name in ["x-request-id", "content-type", "location", "x-tenant-email"] {
            assert!(!is_sensitive_name(name, std::iter::empty()), "{name}");
        }
        assert!(!is_sensitive_name("x-request-id", declared()));
    }

    #[test]
    fn other_messages_lose_their_quoted_text() {
        assert_eq!(
            without_values("UUID parsing failed: found `hunter2` at 1"),
            "UUID parsing failed: found `…` at 1"
        );
        assert_eq!(without_values("bad \"hunter2"), "bad \"…");
    }
}
