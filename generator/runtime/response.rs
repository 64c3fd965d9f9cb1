//! A decoded response together with its status and headers.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::RedactedHeaders;

/// A successful response: the decoded value, with the status and headers it came with.
///
/// Returned by each request builder's `send_with_response`; `.await` and `send`
/// return just the value. `Debug` leaves out the values of credential headers
/// (`set-cookie`, for one), as it does for errors.
#[derive(Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers (for example a request id).
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

impl<T> Response<T> {
    /// Takes the decoded body out.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Transforms the decoded body, keeping the status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("value", &self.value)
            .finish()
    }
}
