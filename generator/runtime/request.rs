//! Requests as operations describe them, and responses as they read them.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::Error;

/// What the runtime needs to know about an operation, fixed at generation time.
#[derive(Debug)]
pub(crate) struct OperationInfo {
    /// The operation's id, for errors.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The accepted sets of credentials, as indexes into the crate's schemes;
    /// empty when the operation needs none.
    pub security: &'static [&'static [usize]],
}

/// One request, built by an operation and sent by the client.
#[derive(Debug, Default)]
pub(crate) struct Request {
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(Vec<u8>, &'static str)>,
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
        self.query.push((name, value.to_param()));
    }

    /// Adds one query pair per item (the `form`, `explode: true` style).
    pub fn query_each<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.query(name, value);
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: &impl ToParam) {
        self.headers.push((name, value.to_param()));
    }

    /// Adds a header holding a comma-separated list (the `simple` style).
    pub fn header_list<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let joined: Vec<String> = values.iter().map(ToParam::to_param).collect();
        self.headers.push((name, joined.join(",")));
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        media_type: &'static str,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("the body did not serialize: {e}")))?;
        self.body = Some((bytes, media_type));
        Ok(())
    }
}

/// Percent-encodes a path segment, so a value cannot add segments, a query or a fragment.
pub(crate) fn encode_path(value: &impl ToParam) -> String {
    let raw = value.to_param();
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

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// A response whose status decides how it is read.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Response {
    /// The status as a number, for matching against documented statuses.
    pub fn code(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes a documented success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            headers: self.headers,
            body: self.body,
            source,
        })
    }

    /// A documented success without a body.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A documented text body.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// A documented body of another media type, as bytes.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// A documented error whose JSON body `variant` wraps.
    pub fn api_error<T: DeserializeOwned, E>(self, variant: impl FnOnce(T) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
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
