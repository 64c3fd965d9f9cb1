//! A decoded response together with its status and headers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A successful response: the decoded value, with the status and headers it came with.
///
/// Returned by each request builder's `send_with_response`; `.await` and `send`
/// return just the value.
#[derive(Debug, Clone)]
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
