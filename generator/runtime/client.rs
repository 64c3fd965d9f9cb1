//! The client, its builder, and the one place requests are sent and retried.

use std::fmt;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE, RETRY_AFTER};
use reqwest::StatusCode;

use super::error::{Error, TimeLimit};
use super::request::{OperationInfo, RawResponse, Request, RequestOptions};
use super::secret::{Credential, REDACTED};

/// The time-out of each attempt when the builder sets none.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The time-out for connecting when the builder sets none.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest a call may take, every attempt and wait included, when the builder sets none.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The largest response body read into memory when the builder sets none: 32 MiB.
const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// The header of the idempotency key that opted-in non-idempotent retries carry.
const DEFAULT_IDEMPOTENCY_HEADER: &str = "idempotency-key";

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
/// random jitter; a `Retry-After` header (seconds or an HTTP date) replaces it: at
/// least `initial_backoff`, at most `max_retry_after`, plus a random extra of up to a
/// quarter, so that callers told the same wait do not return at the same instant.
///
/// Retries spend from a budget the client's clones share: `retry_budget` retries,
/// refilled by a tenth of a retry for each call that succeeds at its first attempt,
/// so an outage cannot multiply the traffic the client sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retries. Default 2.
    pub max_retries: u32,
    /// The wait before the first retry, and the shortest wait a `Retry-After`
    /// header can ask for. Default 200 ms.
    pub initial_backoff: Duration,
    /// The longest wait computed by backoff. Default 5 s.
    pub max_backoff: Duration,
    /// The longest wait a `Retry-After` header can ask for. Default 30 s.
    pub max_retry_after: Duration,
    /// The retries the client may make while calls keep failing; 0 disables
    /// retries. Default 50.
    pub retry_budget: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            retry_budget: 50,
        }
    }
}

/// The retries a client has left, in tenths of a retry: a retry spends ten, a call
/// that succeeds at its first attempt earns one back, up to the policy's budget.
#[derive(Debug)]
struct RetryBudget {
    tenths: AtomicU32,
    capacity: u32,
}

impl RetryBudget {
    fn new(retries: u32) -> Self {
        let capacity = retries.saturating_mul(10);
        RetryBudget {
            tenths: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Takes one retry from the budget, or says there is none left.
    fn spend(&self) -> bool {
        self.tenths
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| t.checked_sub(10))
            .is_ok()
    }

    /// Earns back a tenth of a retry.
    fn earn(&self) {
        let capacity = self.capacity;
        // A full budget has nothing to earn; the failed update is that case.
        let _ = self
            .tenths
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                (t < capacity).then_some(t + 1)
            });
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
    credentials: Vec<Option<Credential>>,
    retry: RetryPolicy,
    budget: RetryBudget,
    timeout: Duration,
    /// The time-out for connecting, when the client built its own HTTP client.
    connect_timeout: Option<Duration>,
    deadline: Duration,
    max_body_size: usize,
    idempotency_header: HeaderName,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &configured(&self.inner.credentials))
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_body_size", &self.inner.max_body_size)
            .finish_non_exhaustive()
    }
}

/// The setters of the credentials that are set, never their values.
fn configured(credentials: &[Option<Credential>]) -> Vec<&'static str> {
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
    deadline: Duration,
    max_body_size: usize,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    idempotency_header: String,
    allow_insecure_http: bool,
    credentials: Vec<Option<Credential>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(printable_url))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("max_body_size", &self.max_body_size)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("idempotency_header", &self.idempotency_header)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("credentials", &configured(&self.credentials))
            .finish_non_exhaustive()
    }
}

/// A URL the builder was given, as `Debug` shows it: the user and password, the query
/// and the fragment, which can all carry a credential, become `[REDACTED]`, and so
/// does a whole URL that does not parse, since its parts cannot be told apart.
fn printable_url(url: &str) -> String {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return REDACTED.to_owned();
    };
    let Some(host) = parsed.host_str() else {
        return REDACTED.to_owned();
    };
    let mut out = format!("{}://", parsed.scheme());
    if !parsed.username().is_empty() || parsed.password().is_some() {
        out.push_str(REDACTED);
        out.push('@');
    }
    out.push_str(host);
    if let Some(port) = parsed.port() {
        out.push_str(&format!(":{port}"));
    }
    out.push_str(parsed.path());
    if parsed.query().is_some() {
        out.push('?');
        out.push_str(REDACTED);
    }
    if parsed.fragment().is_some() {
        out.push('#');
        out.push_str(REDACTED);
    }
    out
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            idempotency_header: DEFAULT_IDEMPOTENCY_HEADER.to_owned(),
            allow_insecure_http: false,
            credentials: vec![None; crate::auth::SCHEMES.len()],
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, retrying as the policy, the budget and the deadline allow,
    /// and reads the whole response.
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
        if let Some(reason) = &options.invalid_header {
            return Err(Error::InvalidRequest(reason.clone()));
        }
        let credentials = self.credentials_for(operation)?;
        let started = Instant::now();
        let deadline = options.deadline.unwrap_or(self.inner.deadline);
        let retry = &self.inner.retry;
        let retries_allowed = operation.is_idempotent() || options.retry_non_idempotent;
        let max_retries = if retries_allowed {
            options.max_retries.unwrap_or(retry.max_retries)
        } else {
            0
        };
        let mut extra_headers = options.headers.clone();
        if !operation.is_idempotent() && max_retries > 0 {
            // One key for every attempt, so the API can tell a retry from a new call;
            // a key the caller passed, per call or as a parameter, is kept as it is.
            let name = &self.inner.idempotency_header;
            let passed = extra_headers.contains_key(name)
                || request
                    .headers
                    .iter()
                    .any(|(header, _)| header.eq_ignore_ascii_case(name.as_str()));
            if !passed {
                extra_headers.insert(name.clone(), idempotency_key());
            }
        }
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
            let remaining = deadline.saturating_sub(started.elapsed());
            let attempt_timeout = options.timeout.unwrap_or(self.inner.timeout);
            // A time-out names the limit that bounded this attempt: its own, or what
            // was left of the call's deadline when that was shorter.
            let (timeout, reported) = if remaining < attempt_timeout {
                (remaining, TimeLimit::Deadline(deadline))
            } else {
                (attempt_timeout, TimeLimit::Attempt(attempt_timeout))
            };
            let limits = Limits {
                operation: operation.id,
                timeout,
                reported,
                connect: self.inner.connect_timeout,
            };
            let send = self.send_once(
                operation,
                &request,
                options,
                &extra_headers,
                credentials,
                limits,
            );
            #[cfg(feature = "tracing")]
            let send = tracing::Instrument::instrument(send, span.clone());
            let result = send.await;
            #[cfg(feature = "tracing")]
            if let Ok(response) = &result {
                span.record("status", response.status.as_u16());
            }
            let wait = match &result {
                Ok(response) if is_retryable_status(response.status) => {
                    Some(retry_after(&response.headers).map(|after| retry_after_wait(retry, after)))
                }
                Err(Error::Transport(error)) if error.is_connect() || error.is_request() => {
                    Some(None)
                }
                _ => None,
            };
            let Some(after) = wait else {
                if attempt == 1 && result.is_ok() {
                    self.inner.budget.earn();
                }
                return result;
            };
            let delay = after.unwrap_or_else(|| backoff(retry, attempt));
            let in_time = started.elapsed() + delay < deadline;
            if attempt > max_retries || !in_time || !self.inner.budget.spend() {
                return result;
            }
            #[cfg(feature = "tracing")]
            tracing::debug!(parent: &span, attempt, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: builds the HTTP request from `request` and reads the whole
    /// response, up to the body size limit.
    async fn send_once<E>(
        &self,
        operation: &OperationInfo,
        request: &Request,
        options: &RequestOptions,
        extra_headers: &HeaderMap,
        credentials: Option<&'static [usize]>,
        limits: Limits,
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
                .map(Credential::expose)
                .unwrap_or_default();
            match crate::auth::SCHEMES[index].placement {
                Placement::Bearer => {
                    // Built here rather than by reqwest, so a line break in the token is
                    // an InvalidRequest before sending, not a transport error.
                    let text = Credential::new(format!("Bearer {value}"));
                    builder = builder.header(
                        AUTHORIZATION,
                        sensitive(AUTHORIZATION.as_str(), text.expose())?,
                    );
                }
                Placement::Basic => {
                    let (user, password) = value.split_once(':').unwrap_or((value, ""));
                    builder = builder.basic_auth(user, Some(password));
                }
                Placement::Header(name) => builder = builder.header(name, sensitive(name, value)?),
                Placement::Query(name) => query.push((name, value)),
                Placement::Cookie(name) => cookies.push(Credential::new(format!(
                    "{name}={}",
                    super::request::encode_cookie(value)
                ))),
            }
        }
        cookies.extend(request.cookies.iter().map(|(name, value)| {
            Credential::new(format!("{name}={}", super::request::encode_cookie(value)))
        }));
        if !cookies.is_empty() {
            let joined: Vec<&str> = cookies.iter().map(Credential::expose).collect();
            let joined = Credential::new(joined.join("; "));
            builder = builder.header(COOKIE, sensitive(COOKIE.as_str(), joined.expose())?);
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
        if let Some((body, media_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, media_type.as_str())
                .body(body.clone());
        }
        let mut http_request = builder.build().map_err(|error| limits.error(error))?;
        // A header the caller set for this call replaces whatever the operation set.
        for (name, value) in extra_headers {
            http_request.headers_mut().insert(name, value.clone());
        }
        // Applied to every request, so a `reqwest::Client` of the caller's keeps it too.
        *http_request.timeout_mut() = Some(limits.timeout);
        let response = self
            .inner
            .http
            .execute(http_request)
            .await
            .map_err(|error| limits.error(error))?;
        let limit = options.max_body_size.unwrap_or(self.inner.max_body_size);
        read_response(response, limit, limits).await
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

/// Reads the status, headers and body of `response`, refusing a body over `limit`
/// bytes: at once when `Content-Length` announces one, else as soon as the bytes
/// read pass it, so an endless body cannot fill the memory.
async fn read_response<E>(
    mut response: reqwest::Response,
    limit: usize,
    limits: Limits,
) -> Result<RawResponse, Error<E>> {
    let status = response.status();
    let announced = response.content_length();
    let headers = std::mem::take(response.headers_mut());
    let too_large = |headers, content_length| Error::BodyTooLarge {
        status,
        headers,
        limit,
        content_length,
    };
    if let Some(length) = announced.filter(|&length| length > limit as u64) {
        return Err(too_large(headers, Some(length)));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| limits.error(error))?
    {
        if chunk.len() > limit - body.len() {
            return Err(too_large(headers, None));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body: Bytes::from(body),
    })
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

/// The wait before a retry a `Retry-After` header asked for: held between
/// `initial_backoff` and `max_retry_after`, plus a random extra of up to a quarter.
fn retry_after_wait(policy: &RetryPolicy, after: Duration) -> Duration {
    let base = after
        .min(policy.max_retry_after)
        .max(policy.initial_backoff);
    base + jitter(base / 4)
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
    half + jitter(full - half)
}

/// A random duration from zero up to `spread`.
fn jitter(spread: Duration) -> Duration {
    let spread = u64::try_from(spread.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(if spread == 0 { 0 } else { random() % spread })
}

/// A pseudo-random number for jitter and keys, from the standard library's randomly
/// seeded hasher.
pub(crate) fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// A fresh random (version 4) UUID, the idempotency key of one call.
fn idempotency_key() -> HeaderValue {
    HeaderValue::from_str(&new_idempotency_key()).expect("a UUID is a valid header value")
}

/// A fresh random (version 4) UUID as text.
pub(crate) fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&random().to_le_bytes());
    bytes[8..].copy_from_slice(&random().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
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

/// The time limits of one attempt, and the operation a time-out names.
#[derive(Debug, Clone, Copy)]
struct Limits {
    operation: &'static str,
    /// How long the attempt may take.
    timeout: Duration,
    /// The limit a time-out of the attempt as a whole reports.
    reported: TimeLimit,
    /// The time-out for connecting, when the client built its own HTTP client.
    connect: Option<Duration>,
}

impl Limits {
    /// The error for a failure of the HTTP client during the attempt: a time-out
    /// names the operation and the limit that passed.
    fn error<E>(self, error: reqwest::Error) -> Error<E> {
        // The URL can carry a credential in its query, so it never goes into an error.
        let error = error.without_url();
        if !error.is_timeout() {
            return Error::Transport(error);
        }
        // The HTTP client reports the connect time-out as a connect error; the
        // attempt's own time-out, even while connecting, is not one.
        let limit = if error.is_connect() {
            TimeLimit::Connect(self.connect)
        } else {
            self.reported
        };
        Error::Timeout {
            operation: self.operation,
            limit,
            source: error,
        }
    }
}

impl ClientBuilder {
    /// Sets the base URL, such as `https://api.example.com`. Defaults to the API's first server.
    ///
    /// It must be `http` or `https`, without a user, password, query or fragment
    /// ([`build`](Self::build) refuses one otherwise), and a plain `http` URL to a host
    /// other than the local machine is refused while the client holds credentials,
    /// unless [`allow_insecure_http`](Self::allow_insecure_http) is called.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the time-out of each attempt of a call, from connecting to reading the
    /// body. Defaults to 30 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the time-out for opening a connection. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the longest a call may take, every attempt and every wait between them
    /// included. No retry starts that would end its wait past it, and the attempt
    /// under way when it passes fails with [`Error::Timeout`]. Defaults to 60 seconds.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sets the largest response body a call reads into memory, in bytes; a larger
    /// one fails the call with [`Error::BodyTooLarge`]. A `Content-Length` over it is
    /// refused before reading, and a body without one is cut off at it. Defaults to
    /// 32 MiB.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
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

    /// Sets the header that carries the idempotency key of a non-idempotent call
    /// that opted into retries. Defaults to `Idempotency-Key`; a header the HTTP
    /// client sets itself (`Host`, `Content-Length`...) is refused at build.
    pub fn idempotency_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = name.into();
        self
    }

    /// Allows a plain `http` base URL to a host other than the local machine while
    /// the client holds credentials, which then travel unencrypted.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Sets the `User-Agent` header. Defaults to this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots).
    ///
    /// The time-out and the deadline set here still apply to every call; the
    /// connect time-out, the user agent and the redirect policy are the client's
    /// own. Build it with `redirect(reqwest::redirect::Policy::none())`, as this
    /// crate builds its own, or it may send credentials where a redirect points.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// When the base URL is missing, does not parse, is not `http` or `https`,
    /// holds a user, password, query or fragment, or is plain `http` to another
    /// machine while the client holds credentials (see
    /// [`allow_insecure_http`](Self::allow_insecure_http)); when the idempotency
    /// header is not a valid header name or one the HTTP client sets; or when the
    /// HTTP client cannot be built.
    pub fn build(self) -> Result<Client, BuildError> {
        let Some(url) = self.base_url.as_deref().or(crate::DEFAULT_BASE_URL) else {
            return Err(BuildError(
                "the API names no server, so `base_url` must be set".to_owned(),
            ));
        };
        let holds_credentials = self.credentials.iter().any(Option::is_some);
        let base_url = checked_base_url(url, holds_credentials && !self.allow_insecure_http)?;
        let idempotency_header = HeaderName::from_bytes(self.idempotency_header.as_bytes())
            .ok()
            .filter(|name| !super::request::RESERVED_HEADERS.contains(&name.as_str()))
            .ok_or_else(|| {
                BuildError(format!(
                    "`{}` cannot carry the idempotency key: it is not a valid header name, or the HTTP client sets it",
                    self.idempotency_header
                ))
            })?;
        let connect_timeout = self.http.is_none().then_some(self.connect_timeout);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                // A redirect arrives as its status: following one could carry a
                // credential or a body to another origin.
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .build()
                .map_err(|e| BuildError(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                budget: RetryBudget::new(self.retry.retry_budget),
                retry: self.retry,
                timeout: self.timeout,
                connect_timeout,
                deadline: self.deadline,
                max_body_size: self.max_body_size,
                idempotency_header,
            }),
        })
    }

    /// Stores a credential at the crate's scheme `index`.
    pub(crate) fn credential(mut self, index: usize, value: String) -> Self {
        self.credentials[index] = Some(Credential::new(value));
        self
    }
}

/// The base URL `url` without its trailing slash, once it is known to be one requests
/// can safely be sent to. Errors never quote the URL: it may hold a password.
fn checked_base_url(url: &str, needs_tls: bool) -> Result<String, BuildError> {
    let refuse = |why: &str| Err(BuildError(format!("the base URL {why}")));
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return refuse("does not parse as a URL");
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return refuse("must start with `https://` or `http://`");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse(
            "holds a user or password; set credentials with the builder's credential methods",
        );
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return refuse("must not have a query (`?`) or a fragment (`#`)");
    }
    if needs_tls && parsed.scheme() == "http" && !is_loopback(&parsed) {
        return refuse(
            "is plain `http` to another machine, which would send the credentials unencrypted; use `https`, or call `allow_insecure_http`",
        );
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Whether `url` points at this machine, where plain `http` does not cross a network.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
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

    #[test]
    fn retry_after_waits_have_a_floor_a_cap_and_jitter() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(2),
            ..RetryPolicy::default()
        };
        let mut waits = std::collections::BTreeSet::new();
        for _ in 0..100 {
            let floor = retry_after_wait(&policy, Duration::ZERO);
            assert!(
                floor >= Duration::from_millis(100) && floor <= Duration::from_millis(125),
                "{floor:?}"
            );
            let asked = retry_after_wait(&policy, Duration::from_secs(1));
            assert!(
                asked >= Duration::from_secs(1) && asked <= Duration::from_millis(1250),
                "{asked:?}"
            );
            waits.insert(asked);
            let capped = retry_after_wait(&policy, Duration::from_secs(600));
            assert!(
                capped >= Duration::from_secs(2) && capped <= Duration::from_millis(2500),
                "{capped:?}"
            );
        }
        assert!(
            waits.len() > 50,
            "the same Retry-After gave {} waits",
            waits.len()
        );
    }

    #[test]
    fn retry_budget_runs_out_and_refills_slowly() {
        let budget = RetryBudget::new(2);
        assert!(budget.spend() && budget.spend());
        assert!(!budget.spend(), "a third retry was allowed");
        for _ in 0..9 {
            budget.earn();
        }
        assert!(!budget.spend(), "nine successes bought a whole retry");
        budget.earn();
        assert!(budget.spend(), "ten successes did not buy a retry");
    }

    #[test]
    fn printable_urls_hide_userinfo_query_and_fragment() {
        let cases = [
            (
                "https://user:pw@api.example.com:8443/v1",
                "https://[REDACTED]@api.example.com:8443/v1",
            ),
            (
                "https://api.example.com/v1?key=k",
                "https://api.example.com/v1?[REDACTED]",
            ),
            (
                "https://api.example.com/#k",
                "https://api.example.com/#[REDACTED]",
            ),
            ("https://api.example.com", "https://api.example.com/"),
            // Userinfo with a `/` or `?` does not parse; none of it may show.
            ("https://user:p/ss@api.example.com", "[REDACTED]"),
            ("https://user:p?ss@api.example.com", "[REDACTED]"),
            ("a:b@c", "[REDACTED]"),
        ];
        for (url, shown) in cases {
            assert_eq!(printable_url(url), shown, "{url}");
        }
    }

    #[test]
    fn idempotency_keys_are_random_version_4_uuids() {
        let first = idempotency_key();
        let second = idempotency_key();
        assert_ne!(first, second);
        let key: uuid::Uuid = first.to_str().unwrap().parse().unwrap();
        assert_eq!(key.get_version_num(), 4);
    }
}
