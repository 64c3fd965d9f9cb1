//! The client, its builder, and the one place requests are sent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, COOKIE};

use super::error::Error;
use super::request::{OperationInfo, Request, Response};

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
    credentials: Vec<Option<String>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let configured: Vec<&str> = crate::auth::SCHEMES
            .iter()
            .zip(&self.inner.credentials)
            .filter(|(_, value)| value.is_some())
            .map(|(scheme, _)| scheme.setter)
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &configured)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    pub(crate) credentials: Vec<Option<String>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
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
            http: None,
            credentials: vec![None; crate::auth::SCHEMES.len()],
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and reads the whole response.
    pub(crate) async fn execute<E>(
        &self,
        operation: &OperationInfo,
        mut request: Request,
    ) -> Result<Response, Error<E>> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(operation.method.clone(), url);
        let mut cookies = Vec::new();
        if let Some(chosen) = self.credentials_for(operation)? {
            for &index in chosen {
                let value = self.inner.credentials[index].as_deref().unwrap_or_default();
                match crate::auth::SCHEMES[index].placement {
                    Placement::Bearer => builder = builder.bearer_auth(value),
                    Placement::Basic => {
                        let (user, password) = value.split_once(':').unwrap_or((value, ""));
                        builder = builder.basic_auth(user, Some(password));
                    }
                    Placement::Header(name) => {
                        let mut header = header_value(name, value)?;
                        header.set_sensitive(true);
                        builder = builder.header(name, header);
                    }
                    Placement::Query(name) => request.query.push((name, value.to_owned())),
                    Placement::Cookie(name) => cookies.push(format!("{name}={value}")),
                }
            }
        }
        if !cookies.is_empty() {
            let mut header = header_value(COOKIE.as_str(), &cookies.join("; "))?;
            header.set_sensitive(true);
            builder = builder.header(COOKIE, header);
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{name}` is not a valid header name"))
            })?;
            builder = builder.header(name.clone(), header_value(name.as_str(), value)?);
        }
        if let Some((body, media_type)) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, media_type)
                .body(body);
        }
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Response {
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

fn header_value<E>(name: &str, value: &str) -> Result<HeaderValue, Error<E>> {
    HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!("the value for header `{name}` holds characters a header cannot carry (such as a line break)"))
    })
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
            }),
        })
    }

    /// Stores a credential at the crate's scheme `index`.
    pub(crate) fn credential(mut self, index: usize, value: String) -> Self {
        self.credentials[index] = Some(value);
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
