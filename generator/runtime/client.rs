//! The client, its builder, and the one place requests are sent and retried.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE, RETRY_AFTER};
use reqwest::StatusCode;

use super::error::Error;
use super::request::{OperationInfo, RawResponse, Request, RequestOptions};
use super::secret::Secret;

/// The time-out for a whole request when the builder sets none.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The time-out for connecting when the builder sets none.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a credential goes on a request.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password>`; the credential is `user:password`.
    Basic,
    /// A header with this name.
    Header(&'static str),
    /// A query parameter with this name.
    Query(&'static str),
    /// A cookie with this name.
    Cookie(&'static str),
}

/// A credential kind of the API: the builder method that sets it and where it goes.
#[derive(Debug)]
pub(crate) struct Scheme {
    /// The builder method that sets it, for error messages.
    pub setter: &'static str,
    /// Where it goes.
    pub placement: Placement,
}

/// When and how often failed calls are tried again.
///
/// A call is retried after a connection error or a 408, 429 or 5xx answer, and
/// only when its method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE) unless the
/// call opts in. The wait doubles from `initial_backoff` up to `max_backoff`, with
/// random jitter; a `Retry-After` header (seconds or an HTTP date) replaces it, up
/// to `max_retry_after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retries. Default 2.
    pub max_retries: u32,
    /// The wait before the first retry. Default 200 ms.
    pub initial_backoff: Duration,
    /// The longest wait computed by backoff. Default 5 s.
    pub max_backoff: Duration,
    /// The longest wait a `Retry-After` header can ask for. Default 30 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::builder`]; reach operations through the accessor
/// methods, one per group of the API.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Option<Secret<String>>>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &configured(&self.inner.credentials))
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// The setters of the credentials that are set, never their values.
fn configured(credentials: &[Option<Secret<String>>]) -> Vec<&'static str> {
    crate::auth::SCHEMES
        .iter()
        .zip(credentials)
        .filter(|(_, value)| value.is_some())
        .map(|(scheme, _)| scheme.setter)
        .collect()
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    credentials: Vec<Option<Secret<String>>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("credentials", &configured(&self.credentials))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            credentials: vec![None; crate::auth::SCHEMES.len()],
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, retrying as the policy allows, and reads the whole response.
    pub(crate) async fn execute<E>(
        &self,
        operation: &OperationInfo,
        request: Request,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error<E>> {
        if request.path.contains(super::request::INVALID_SEGMENT) {
            return Err(Error::InvalidRequest(
                "a path parameter is empty, `.` or `..`, which would change the path".to_owned(),
            ));
        }
        if let Some(name) = &options.invalid_header {
            return Err(Error::InvalidRequest(format!(
                "the header `{name}` given for this call has a name or value that cannot be sent"
            )));
        }
        let credentials = self.credentials_for(operation)?;
        let retry = &self.inner.retry;
        let retries_allowed = operation.is_idempotent() || options.retry_non_idempotent;
        let max_retries = if retries_allowed {
            options.max_retries.unwrap_or(retry.max_retries)
        } else {
            0
        };
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!(
            "request",
            operation = operation.id,
            method = %operation.method,
            path = operation.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        let mut attempt = 0;
        loop {
            attempt += 1;
            #[cfg(feature = "tracing")]
            span.record("attempt", attempt);
            let send = self.send_once(operation, &request, options, credentials);
            #[cfg(feature = "tracing")]
            let send = tracing::Instrument::instrument(send, span.clone());
            let result = send.await;
            #[cfg(feature = "tracing")]
            if let Ok(response) = &result {
                span.record("status", response.status.as_u16());
            }
            let wait = match &result {
                Ok(response) if is_retryable_status(response.status) => Some(
                    retry_after(&response.headers).map(|after| after.min(retry.max_retry_after)),
                ),
                Err(Error::Transport(error)) if error.is_connect() || error.is_request() => {
                    Some(None)
                }
                _ => None,
            };
            match wait {
                Some(after) if attempt <= max_retries => {
                    let delay = after.unwrap_or_else(|| backoff(retry, attempt));
                    #[cfg(feature = "tracing")]
                    tracing::debug!(parent: &span, attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                }
                _ => return result,
            }
        }
    }

    /// One attempt: builds the HTTP request from `request` and reads the whole response.
    async fn send_once<E>(
        &self,
        operation: &OperationInfo,
        request: &Request,
        options: &RequestOptions,
        credentials: Option<&'static [usize]>,
    ) -> Result<RawResponse, Error<E>> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(operation.method.clone(), url);
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        let mut cookies = Vec::new();
        for &index in credentials.unwrap_or_default() {
            let value = self.inner.credentials[index]
                .as_ref()
                .map(|s| s.expose().as_str())
                .unwrap_or_default();
            match crate::auth::SCHEMES[index].placement {
                Placement::Bearer => {
                    // Built here rather than by reqwest, so a line break in the token is
                    // an InvalidRequest before sending, not a transport error.
                    builder = builder.header(
                        AUTHORIZATION,
                        sensitive(AUTHORIZATION.as_str(), &format!("Bearer {value}"))?,
                    );
                }
                Placement::Basic => {
                    let (user, password) = value.split_once(':').unwrap_or((value, ""));
                    builder = builder.basic_auth(user, Some(password));
                }
                Placement::Header(name) => builder = builder.header(name, sensitive(name, value)?),
                Placement::Query(name) => query.push((name, value)),
                Placement::Cookie(name) => {
                    cookies.push(format!("{name}={}", super::request::encode_cookie(value)))
                }
            }
        }
        cookies.extend(
            request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={}", super::request::encode_cookie(value))),
        );
        if !cookies.is_empty() {
            builder = builder.header(COOKIE, sensitive(COOKIE.as_str(), &cookies.join("; "))?);
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{name}` is not a valid header name"))
            })?;
            builder = builder.header(name.clone(), header_value(name.as_str(), value)?);
        }
        for (name, value) in &options.headers {
            builder = builder.header(name, value);
        }
        if let Some((body, media_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, media_type.as_str())
                .body(body.clone());
        }
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        let mut response = builder.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// The first accepted set of credentials the client holds, `None` when the
    /// operation needs none, or an error naming what is missing.
    fn credentials_for<E>(
        &self,
        operation: &OperationInfo,
    ) -> Result<Option<&'static [usize]>, Error<E>> {
        if operation.security.is_empty() {
            return Ok(None);
        }
        let held =
            |set: &&&'static [usize]| set.iter().all(|&i| self.inner.credentials[i].is_some());
        if let Some(set) = operation.security.iter().find(held) {
            return Ok(Some(set));
        }
        let needed: Vec<String> = operation
            .security
            .iter()
            .map(|set| {
                let setters: Vec<String> = set
                    .iter()
                    .map(|&i| format!("`{}`", crate::auth::SCHEMES[i].setter))
                    .collect();
                setters.join(" and ")
            })
            .collect();
        Err(Error::MissingCredentials {
            operation: operation.id,
            needed: needed.join(" or "),
        })
    }
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Exponential backoff with jitter: a random wait between half and all of
/// `initial * 2^(attempt-1)`, capped at `max_backoff`.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let doubling = 2u32.saturating_pow(attempt.saturating_sub(1));
    let full = policy
        .initial_backoff
        .saturating_mul(doubling)
        .min(policy.max_backoff);
    let half = full / 2;
    let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
    half + Duration::from_nanos(if spread == 0 { 0 } else { random() % spread })
}

/// A pseudo-random number for jitter, from the standard library's randomly seeded hasher.
pub(crate) fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

fn header_value<E>(name: &str, value: &str) -> Result<HeaderValue, Error<E>> {
    HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!(
            "the value for header `{name}` holds characters a header cannot carry (such as a line break)"
        ))
    })
}

/// A header value marked sensitive, so HTTP tooling does not print it.
fn sensitive<E>(name: &str, value: &str) -> Result<HeaderValue, Error<E>> {
    let mut header = header_value(name, value)?;
    header.set_sensitive(true);
    Ok(header)
}

fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    // The URL can carry a credential in its query, so it never goes into an error.
    let error = error.without_url();
    if error.is_timeout() {
        Error::Timeout(error)
    } else {
        Error::Transport(error)
    }
}

impl ClientBuilder {
    /// Sets the base URL, such as `https://api.example.com`. Defaults to the API's first server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the time-out for a whole request, from connecting to reading the body. Defaults to 30 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the time-out for opening a connection. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how many times a failed call is retried; 0 disables retries. Defaults to 2.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Replaces the whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header. Defaults to this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots); the time-outs
    /// and user agent set here are then not applied.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = match self
            .base_url
            .or_else(|| crate::DEFAULT_BASE_URL.map(str::to_owned))
        {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                return Err(BuildError(
                    "the API names no server, so `base_url` must be set".to_owned(),
                ))
            }
        };
        reqwest::Url::parse(&base_url)
            .map_err(|e| BuildError(format!("the base URL `{base_url}` does not parse: {e}")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| BuildError(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                retry: self.retry,
            }),
        })
    }

    /// Stores a credential at the crate's scheme `index`.
    pub(crate) fn credential(mut self, index: usize, value: String) -> Self {
        self.credentials[index] = Some(Secret::new(value));
        self
    }
}

/// Why a [`ClientBuilder`] could not build a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        for _ in 0..100 {
            let first = backoff(&policy, 1);
            assert!(
                first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
                "{first:?}"
            );
            let second = backoff(&policy, 2);
            assert!(
                second >= Duration::from_millis(100) && second <= Duration::from_millis(200),
                "{second:?}"
            );
            let capped = backoff(&policy, 10);
            assert!(
                capped >= Duration::from_millis(150) && capped <= Duration::from_millis(300),
                "{capped:?}"
            );
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        let later =
            chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(120));
        let date = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
