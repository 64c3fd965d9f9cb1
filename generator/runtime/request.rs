//! Requests as operations describe them, and responses as they read them.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{from_json, Error};
use super::response::Response;

/// What the runtime needs to know about an operation, fixed at generation time.
#[derive(Debug)]
pub(crate) struct OperationInfo {
    /// The operation's id, for errors and traces.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/api/keys/{id}`, for traces (never the filled-in path).
    pub path: &'static str,
    /// The accepted sets of credentials, as indexes into the crate's schemes;
    /// empty when the operation needs none.
    pub security: &'static [&'static [usize]],
}

impl OperationInfo {
    /// Whether sending the request twice has the same effect as sending it once (RFC 9110,
    /// and the QUERY method of OpenAPI 3.2, which is safe like GET).
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET
                | Method::HEAD
                | Method::OPTIONS
                | Method::PUT
                | Method::DELETE
                | Method::TRACE
        ) || self.method.as_str() == "QUERY"
    }
}

/// Settings for one call, overriding the client's.
#[derive(Clone, Default)]
pub(crate) struct RequestOptions {
    pub timeout: Option<Duration>,
    pub deadline: Option<Duration>,
    pub max_retries: Option<u32>,
    pub max_body_size: Option<usize>,
    pub retry_non_idempotent: bool,
    /// Headers the caller set for this call; a later one of a name replaces an earlier.
    pub headers: HeaderMap,
    /// Why a header the caller passed cannot be sent, reported when the call is made.
    pub invalid_header: Option<String>,
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values a caller adds may be credentials, so only their names show.
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("max_body_size", &self.max_body_size)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("headers", &headers)
            .field("invalid_header", &self.invalid_header)
            .finish()
    }
}

impl RequestOptions {
    /// Sets header `name` to `value` for this call, replacing any earlier value, or
    /// records why it cannot be sent.
    pub fn set_header(&mut self, name: &str, value: &str) {
        match call_header(name, value) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
            }
            Err(reason) => {
                // The first refusal is the one reported; later headers cannot undo it.
                self.invalid_header.get_or_insert(reason);
            }
        }
    }
}

/// Headers a call cannot set: they frame the message or the connection, and only the
/// HTTP client may write them (a wrong `Content-Length` would drop the body).
pub(crate) const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// A per-call header checked: a valid name the client does not reserve, and a value
/// of visible ASCII, spaces and tabs. The value is marked sensitive, since it may be
/// a credential.
fn call_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    if RESERVED_HEADERS.contains(&name.as_str()) {
        return Err(format!(
            "the header `{name}` is set by the HTTP client and cannot be set for a call"
        ));
    }
    let visible = value
        .bytes()
        .all(|byte| matches!(byte, b' ' | b'\t' | 0x21..=0x7E));
    let mut value = match HeaderValue::from_str(value) {
        Ok(value) if visible => value,
        _ => {
            return Err(format!(
                "the value for header `{name}` holds characters other than visible ASCII, spaces and tabs"
            ))
        }
    };
    value.set_sensitive(true);
    Ok((name, value))
}

/// Adds the per-call settings to a request builder; every operation's builder has them.
// A crate whose spec has no operations uses neither the macro nor its re-export.
#[allow(unused_macros)]
macro_rules! request_options {
    ($builder:ident) => {
        impl $builder<'_> {
            /// Sets the time-out of each attempt of this call (connecting and reading),
            /// replacing the client's.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Sets the longest this call may take, all attempts and the waits between
            /// them included, replacing the client's deadline.
            pub fn with_deadline(mut self, deadline: ::std::time::Duration) -> Self {
                self.options.deadline = Some(deadline);
                self
            }

            /// Sets how many times this call is retried after a connection error or a
            /// 408, 429 or 5xx answer, replacing the client's setting; 0 disables retries.
            pub fn with_max_retries(mut self, retries: u32) -> Self {
                self.options.max_retries = Some(retries);
                self
            }

            /// Sets the largest response body this call reads into memory, in bytes,
            /// replacing the client's limit; a larger one fails the call with
            /// [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
            pub fn with_max_body_size(mut self, bytes: usize) -> Self {
                self.options.max_body_size = Some(bytes);
                self
            }

            /// Allows retrying this call even though its method is not idempotent
            /// (POST, PATCH). Only do this when sending it twice is harmless, or when
            /// the API honours the idempotency key every attempt then carries (one
            /// random UUID for all attempts, in the header the client names,
            /// `Idempotency-Key` by default, unless this call sets that header itself).
            pub fn with_non_idempotent_retries(mut self) -> Self {
                self.options.retry_non_idempotent = true;
                self
            }

            /// Sets a header on this call, such as `Prefer` or an idempotency key,
            /// replacing any value the client or an earlier call of this method set.
            /// Its value never shows in `Debug` output.
            ///
            /// A name that is not valid, a header the HTTP client must write itself
            /// (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`...) or a
            /// value with anything but visible ASCII, spaces and tabs fails the call
            /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before
            /// anything is sent.
            pub fn with_header(mut self, name: &str, value: &str) -> Self {
                self.options.set_header(name, value);
                self
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use request_options;

/// One request, built by an operation and sent (perhaps several times) by the client.
#[derive(Debug, Default)]
pub(crate) struct Request {
    pub path: String,
    pub query: Vec<(Cow<'static, str>, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub cookies: Vec<(&'static str, String)>,
    pub body: Option<(Bytes, String)>,
}

impl Request {
    /// A request for the already-encoded `path`.
    pub fn new(path: String) -> Self {
        Request {
            path,
            ..Request::default()
        }
    }

    /// Adds a query pair.
    pub fn query(&mut self, name: &'static str, value: &impl ToParam) {
        self.query.push((Cow::Borrowed(name), value.to_param()));
    }

    /// Adds a query parameter that is not a plain value (an object, or a union
    /// that may be a list), written through serde: `name[key]=value` for
    /// `deepObject`, `key=value` for exploded `form`, `name=key,value,...` otherwise.
    pub fn query_object<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        deep: bool,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(|e| {
            Error::InvalidRequest(format!(
                "the query parameter `{name}` did not serialize: {e}"
            ))
        })?;
        match value {
            serde_json::Value::Object(fields) if deep => {
                for (key, field) in fields {
                    self.query_deep(format!("{name}[{key}]"), field);
                }
            }
            serde_json::Value::Object(fields) if explode => {
                for (key, field) in fields {
                    self.query_deep(key, field);
                }
            }
            serde_json::Value::Object(fields) => {
                let pairs: Vec<String> = fields
                    .iter()
                    .flat_map(|(key, field)| [key.clone(), query_text(field)])
                    .collect();
                self.query.push((Cow::Borrowed(name), pairs.join(",")));
            }
            serde_json::Value::Array(items) if !explode => {
                let items: Vec<String> = items.iter().map(query_text).collect();
                self.query.push((Cow::Borrowed(name), items.join(",")));
            }
            other => self.query_deep(name.to_owned(), other),
        }
        Ok(())
    }

    /// Adds `value` under `key`: objects one level deeper, lists as repeated pairs.
    fn query_deep(&mut self, key: String, value: serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(fields) => {
                for (inner, field) in fields {
                    self.query_deep(format!("{key}[{inner}]"), field);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.query
                        .push((Cow::Owned(key.clone()), query_text(&item)));
                }
            }
            scalar => self.query.push((Cow::Owned(key), query_text(&scalar))),
        }
    }

    /// Adds one query pair per item (the `form`, `explode: true` style).
    pub fn query_each<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.query(name, value);
        }
    }

    /// Adds one query pair holding every item, joined by `separator` (the `form`
    /// style without `explode`, `spaceDelimited` and `pipeDelimited`).
    pub fn query_joined<T: ToParam>(&mut self, name: &'static str, values: &[T], separator: char) {
        let joined: Vec<String> = values.iter().map(ToParam::to_param).collect();
        self.query.push((
            Cow::Borrowed(name),
            joined.join(separator.encode_utf8(&mut [0; 4])),
        ));
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: &impl ToParam) {
        self.headers.push((name, value.to_param()));
    }

    /// Adds the idempotency key an operation declares as a header parameter: the
    /// caller's, or else a fresh random one. It is added once per call, so every attempt
    /// of the call carries the same key and the API can tell a retry from a new call.
    pub fn idempotency_key(&mut self, name: &'static str, value: Option<&impl ToParam>) {
        let key = value.map_or_else(super::client::new_idempotency_key, ToParam::to_param);
        self.headers.push((name, key));
    }

    /// Adds a header holding a comma-separated list (the `simple` style).
    pub fn header_list<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let joined: Vec<String> = values.iter().map(ToParam::to_param).collect();
        self.headers.push((name, joined.join(",")));
    }

    /// Adds a cookie parameter.
    pub fn cookie(&mut self, name: &'static str, value: &impl ToParam) {
        self.cookies.push((name, value.to_param()));
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        media_type: &'static str,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| invalid_body(&e))?;
        self.body = Some((Bytes::from(bytes), media_type.to_owned()));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from a flat model.
    pub fn form<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        media_type: &'static str,
    ) -> Result<(), Error<E>> {
        let text = serde_urlencoded::to_string(body).map_err(|e| invalid_body(&e))?;
        self.body = Some((Bytes::from(text), media_type.to_owned()));
        Ok(())
    }

    /// Sets a `multipart/form-data` body with one part per top-level field of the
    /// model: text for strings and numbers, one part per item for lists, JSON for
    /// nested objects; absent and null fields are left out.
    pub fn multipart<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let serde_json::Value::Object(fields) =
            serde_json::to_value(body).map_err(|e| invalid_body(&e))?
        else {
            return Err(Error::InvalidRequest(
                "a multipart body must be an object".to_owned(),
            ));
        };
        let boundary = format!(
            "oagen-{:016x}{:016x}",
            super::client::random(),
            super::client::random()
        );
        let mut out = Vec::new();
        for (name, value) in &fields {
            let items: Vec<&serde_json::Value> = match value {
                serde_json::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                let (content, kind) = match item {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(text) => (text.clone(), "text/plain; charset=utf-8"),
                    serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                        (item.to_string(), "application/json")
                    }
                    scalar => (scalar.to_string(), "text/plain; charset=utf-8"),
                };
                let name = name.replace('"', "%22");
                out.extend_from_slice(
                    format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\ncontent-type: {kind}\r\n\r\n").as_bytes(),
                );
                out.extend_from_slice(content.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((
            Bytes::from(out),
            format!("multipart/form-data; boundary={boundary}"),
        ));
        Ok(())
    }

    /// Sets a body sent as it is.
    pub fn raw(&mut self, body: impl Into<Bytes>, media_type: &'static str) {
        self.body = Some((body.into(), media_type.to_owned()));
    }
}

/// A JSON value as query text: strings as they are, anything else as JSON.
fn query_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn invalid_body<E>(error: &dyn std::fmt::Display) -> Error<E> {
    Error::InvalidRequest(format!("the body did not serialize: {error}"))
}

/// Percent-encodes a path segment, so a value cannot add segments, a query or a fragment.
///
/// A value that is empty, `.` or `..` would still change the path (URL parsers resolve dot
/// segments, even percent-encoded ones), so it becomes [`INVALID_SEGMENT`] and the call fails
/// with [`Error::InvalidRequest`] before anything is sent.
pub(crate) fn encode_path(value: &impl ToParam) -> String {
    let raw = value.to_param();
    if matches!(raw.as_str(), "" | "." | "..") {
        return INVALID_SEGMENT.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What [`encode_path`] puts in place of a value that cannot be a path segment; no encoded
/// value holds it, so the client can refuse the request.
pub(crate) const INVALID_SEGMENT: &str = "\u{0}";

/// Encodes a cookie value (RFC 6265 `cookie-octet`s), so `;` or `,` cannot add a cookie.
pub(crate) fn encode_cookie(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
            && byte != b'%'
        {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A value that can be written in a path, query or header.
pub(crate) trait ToParam {
    /// The value as text.
    fn to_param(&self) -> String;
}

macro_rules! to_param_via_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

to_param_via_display!(
    String,
    str,
    bool,
    i32,
    i64,
    f32,
    f64,
    uuid::Uuid,
    std::net::Ipv4Addr,
    std::net::Ipv6Addr,
    chrono::NaiveDate
);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// A schema that allows any value: a string is sent as it is, anything else as JSON text.
impl ToParam for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl<T: ToParam> ToParam for super::secret::Secret<T> {
    fn to_param(&self) -> String {
        self.expose().to_param()
    }
}

/// A response as it arrived; its status decides how it is read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// The status as a number, for matching against documented statuses.
    pub fn code(&self) -> u16 {
        self.status.as_u16()
    }

    fn with<T, E>(self, value: T) -> Result<Response<T>, Error<E>> {
        Ok(Response {
            status: self.status,
            headers: self.headers,
            value,
        })
    }

    /// Decodes a documented success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match from_json(&self.body) {
            Ok(value) => self.with(value),
            Err(source) => Err(Error::Decode {
                status: self.status,
                headers: self.headers,
                body: self.body,
                source,
            }),
        }
    }

    /// A documented success without a body.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        self.with(())
    }

    /// A documented text body.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.with(text)
    }

    /// A documented body of another media type, as bytes.
    pub fn bytes<E>(self) -> Result<Response<Bytes>, Error<E>> {
        let body = self.body.clone();
        self.with(body)
    }

    /// A documented error whose JSON body `variant` wraps.
    pub fn api_error<T: DeserializeOwned, E>(self, variant: impl FnOnce(T) -> E) -> Error<E> {
        match from_json(&self.body) {
            Ok(body) => Error::Api {
                error: variant(body),
                status: self.status,
                headers: self.headers,
            },
            Err(source) => Error::Decode {
                status: self.status,
                headers: self.headers,
                body: self.body,
                source,
            },
        }
    }

    /// A documented error whose body is not JSON or not documented.
    pub fn api_error_raw<E>(self, variant: impl FnOnce(Bytes) -> E) -> Error<E> {
        Error::Api {
            error: variant(self.body),
            status: self.status,
            headers: self.headers,
        }
    }

    /// A status the operation does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query pairs, sorted: serde_json keeps object keys sorted or in insertion
    /// order depending on a feature another crate may enable.
    fn pairs(request: &Request) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = request
            .query
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        pairs.sort();
        pairs
    }

    fn owned(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn query_is_idempotent_and_other_extension_methods_are_not() {
        let info = |method: &[u8]| OperationInfo {
            id: "op",
            method: Method::from_bytes(method).expect("a method"),
            path: "/",
            security: &[],
        };
        assert!(info(b"QUERY").is_idempotent());
        assert!(info(b"GET").is_idempotent());
        assert!(!info(b"COPY").is_idempotent());
        assert!(!info(b"POST").is_idempotent());
    }

    #[test]
    fn lists_not_exploded_are_one_pair_of_joined_items() {
        let mut request = Request::default();
        let tags = ["a".to_owned(), "b c".to_owned()];
        request.query_joined("csv", &tags, ',');
        request.query_joined("ssv", &tags, ' ');
        request.query_joined("pipes", &[1, 2, 3], '|');
        request.query_each("multi", &tags);
        assert_eq!(
            pairs(&request),
            owned(&[
                ("csv", "a,b c"),
                ("multi", "a"),
                ("multi", "b c"),
                ("pipes", "1|2|3"),
                ("ssv", "a b c"),
            ])
        );
    }

    #[test]
    fn object_query_parameters_follow_their_style() {
        let filter = serde_json::json!({"status": "open", "tags": ["a", "b"], "owner": {"id": 7}, "gone": null});
        // (deep, explode, expected pairs)
        type Case<'a> = (bool, bool, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                true,
                true,
                &[
                    ("f[gone]", ""),
                    ("f[owner][id]", "7"),
                    ("f[status]", "open"),
                    ("f[tags]", "a"),
                    ("f[tags]", "b"),
                ],
            ),
            (
                false,
                true,
                &[
                    ("owner[id]", "7"),
                    ("status", "open"),
                    ("tags", "a"),
                    ("tags", "b"),
                ],
            ),
            (false, false, &[]),
        ];
        for (deep, explode, expected) in cases {
            let mut request = Request::default();
            request
                .query_object::<_, ()>("f", &filter, *deep, *explode)
                .unwrap();
            if !deep && !explode {
                // One pair whose text lists key,value pairs in the map's order.
                let joined = &pairs(&request)[0].1;
                for part in [
                    "gone,null",
                    "owner,{\"id\":7}",
                    "status,open",
                    "tags,[\"a\",\"b\"]",
                ] {
                    assert!(joined.contains(part), "{joined}");
                }
                continue;
            }
            let mut expected = owned(expected);
            // A null member of a deep object is left out, like an absent one.
            expected.retain(|(k, _)| k != "f[gone]");
            expected.sort();
            assert_eq!(pairs(&request), expected, "deep={deep} explode={explode}");
        }
    }

    #[test]
    fn call_headers_are_sensitive_and_replace_earlier_values() {
        let (name, value) = call_header("X-Upstream-Key", "k-1").unwrap();
        assert_eq!(name.as_str(), "x-upstream-key");
        assert!(value.is_sensitive(), "a per-call value may be a credential");
        let mut options = RequestOptions::default();
        options.set_header("X-Trace", "first");
        options.set_header("x-trace", "second");
        let values: Vec<_> = options.headers.get_all("x-trace").iter().collect();
        assert_eq!(values, ["second"]);
        options.set_header("Host", "evil.example.com");
        options.set_header("X-Late", "caf\u{e9}");
        let reason = options.invalid_header.as_deref().unwrap_or_default();
        assert!(
            reason.contains("`host`"),
            "the first refusal is reported: {reason}"
        );
    }

    #[test]
    fn unions_that_may_be_lists_repeat_or_join() {
        let mut request = Request::default();
        request
            .query_object::<_, ()>("cwes", &serde_json::json!(["79", "89"]), false, true)
            .unwrap();
        request
            .query_object::<_, ()>("one", &serde_json::json!("79"), false, true)
            .unwrap();
        request
            .query_object::<_, ()>("joined", &serde_json::json!(["a", "b"]), false, false)
            .unwrap();
        let mut expected = owned(&[
            ("cwes", "79"),
            ("cwes", "89"),
            ("one", "79"),
            ("joined", "a,b"),
        ]);
        expected.sort();
        assert_eq!(pairs(&request), expected);
    }
}
