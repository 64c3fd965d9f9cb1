//! The error type every operation returns.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Why an operation failed.
///
/// `E` is the operation's own error enum, with one variant per error status the
/// API documents for it. Everything else that can go wrong is a variant here, so a
/// caller can tell an API's answer from a network failure or a surprise.
#[derive(Debug)]
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
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw response body.
        body: Bytes,
    },
    /// The response body did not decode as the documented type; the body is kept.
    Decode {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw response body.
        body: Bytes,
        /// What the decoder found wrong.
        source: serde_json::Error,
    },
    /// No response arrived within the configured time-out.
    Timeout(reqwest::Error),
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
    /// header value with a line break, or a base URL that does not parse).
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Timeout(_)
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
            | Error::Decode { headers, .. } => Some(headers),
            Error::Timeout(_)
            | Error::Transport(_)
            | Error::MissingCredentials { .. }
            | Error::InvalidRequest(_) => None,
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

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { error, status, .. } => write!(f, "the API answered {status}: {error}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(
                    f,
                    "the API answered with undocumented status {status} ({} byte body)",
                    body.len()
                )
            }
            Error::Decode { status, source, .. } => {
                write!(
                    f,
                    "the API answered {status} with a body that did not decode: {source}"
                )
            }
            Error::Timeout(_) => f.write_str("the request timed out"),
            Error::Transport(source) => write!(f, "the request failed: {}", DisplayChain(source)),
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
            Error::Timeout(source) | Error::Transport(source) => Some(source),
            _ => None,
        }
    }
}

/// Prints an error and its sources on one line, since transport errors hide the
/// useful part ("connection refused") a few sources down.
struct DisplayChain<'a>(&'a (dyn std::error::Error + 'static));

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
