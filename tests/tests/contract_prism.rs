//! Contract tests of the generated `altostrat` SDK against Prism mock servers.
//!
//! One Prism (`tests/prism`, pinned by its lock file) runs per spec. Every
//! operation of both specs is called through the generated client with valid
//! arguments: once for its documented success, and once per documented error
//! status, asked for with `Prefer: code=N`. Each answer must arrive as the type
//! or error variant the client promises, and Prism must report no violation in
//! its `sl-violations` header, neither of the request the client sent nor of the
//! response it served from the spec's examples.
//!
//! A table below lists every operation with its documented statuses, and the
//! test checks that table against the specs themselves, so an operation or a
//! status added to a spec fails the test until the table covers it.
//!
//! Prism is installed with `npm ci --prefix tests/prism` (`cargo xtask test`
//! does it when npm is available); `PRISM_BIN` points at another binary. Without
//! Prism the test fails when `CI` is set and is skipped, loudly, otherwise.

use std::collections::BTreeMap;
use std::fs::File;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use altostrat::control_plane as cp;
use altostrat::control_plane::types::{
    CreateTransientAccessRequest, CreateTransientAccessRequestType, CreateTransientForwardRequest,
    PolicyRequest, ServiceAccess, SiteActionRequest, SiteActionRequestAction,
};
use altostrat::keys;
use altostrat::keys::types::CreateApiKeyRequest;
use altostrat::uuid::Uuid;
use altostrat::{Client, Error, HeaderMap, Response, StatusCode};
use tests::project_root;

/// The bearer token every call sends.
const TOKEN: &str = "contract-test-token";

/// The response header in which Prism lists request and response violations.
const VIOLATIONS: &str = "sl-violations";

/// How long Prism may take to accept connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

const SITE_ID: Uuid = Uuid::from_u128(0xd290f1ee_6c54_4b01_90e6_d701748f0851);
const POLICY_ID: Uuid = Uuid::from_u128(0xa1b2c3d4_e5f6_4890_9234_567890abcdef);
const ACCESS_ID: Uuid = Uuid::from_u128(0xf0e9d8c7_b6a5_4f3e_9d1c_0b9a8e7f6d5c);
const FORWARD_ID: Uuid = Uuid::from_u128(0xc4b3a291_8765_4fed_ba98_76543210fedc);

/// An API key id: `api_key_` and 27 letters or digits.
const KEY_ID: &str = "api_key_2m3h5n7k9j8g7f6e5d4c3b2a9Xz";

// ---------------------------------------------------------------------------
// Request bodies, built with the generated types
// ---------------------------------------------------------------------------

/// A policy with every field set, for create and update.
static POLICY: LazyLock<PolicyRequest> = LazyLock::new(|| {
    let service = |port: i64| {
        let mut access = ServiceAccess::default();
        access.enabled = Some(true);
        access.port = Some(port);
        access.networks = Some(vec!["198.51.100.0/24".to_owned()]);
        access
    };
    let mut policy = PolicyRequest::new("Default Corporate Policy");
    policy.trusted_networks = Some(vec!["10.0.0.0/8".to_owned()]);
    policy.winbox = Some(service(8291));
    policy.ssh = Some(service(22));
    policy.http = Some(service(80));
    policy.https = Some(service(443));
    policy.telnet = Some(service(23));
    policy.ftp = Some(service(21));
    policy.api = Some(service(8728));
    policy.api_ssl = Some(service(8729));
    policy.custom_input_rules = Some(false);
    policy.sites = Some(vec![SITE_ID]);
    policy
});

static TRANSIENT_ACCESS: LazyLock<CreateTransientAccessRequest> = LazyLock::new(|| {
    CreateTransientAccessRequest::new(
        60,
        CreateTransientAccessRequestType::Winbox,
        true,
        false,
        "203.0.113.42/32",
    )
});

static TRANSIENT_FORWARD: LazyLock<CreateTransientForwardRequest> = LazyLock::new(|| {
    CreateTransientForwardRequest::new(
        120,
        "203.0.113.42/32",
        Ipv4Addr::new(192, 168, 88, 25),
        8080,
    )
});

static SITE_ACTION: LazyLock<SiteActionRequest> =
    LazyLock::new(|| SiteActionRequest::new(SiteActionRequestAction::SiteRecreateTunnel));

static API_KEY: LazyLock<CreateApiKeyRequest> = LazyLock::new(|| {
    CreateApiKeyRequest::new(
        "Production automation",
        vec!["sites:read".to_owned(), "scripts:write".to_owned()],
    )
});

// ---------------------------------------------------------------------------
// The operations: one row each, with the statuses the spec documents
// ---------------------------------------------------------------------------

/// What one call came back as, whatever the operation.
enum Outcome {
    /// A documented success whose body decoded.
    Success {
        status: StatusCode,
        headers: HeaderMap,
    },
    /// `Error::Api`: a documented error whose body decoded into the variant of `variant_status`.
    Api {
        status: StatusCode,
        variant_status: u16,
        headers: HeaderMap,
    },
    /// Anything else, described.
    Other(String),
}

impl Outcome {
    /// The outcome in one line, for failure messages.
    fn describe(&self) -> String {
        match self {
            Outcome::Success { status, headers } => {
                format!("a decoded success {status}{}", violations_note(headers))
            }
            Outcome::Api {
                status,
                variant_status,
                headers,
            } => format!(
                "Error::Api {status} as the variant for {variant_status}{}",
                violations_note(headers)
            ),
            Outcome::Other(description) => description.clone(),
        }
    }
}

/// Calls an operation, adding `Prefer: code=N` when given a status.
type Call = for<'a> fn(&'a Client, Option<u16>) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// One operation of a spec.
struct Operation {
    /// `METHOD /path` as the spec writes it.
    name: &'static str,
    /// The documented success status.
    success: u16,
    /// The documented error statuses.
    errors: &'static [u16],
    call: Call,
}

/// A row of the table: the operation's name and success status, its error enum
/// with each variant's status, and the call with valid arguments.
macro_rules! operation {
    (
        $name:literal => $success:literal,
        $module:ident::$error:ident { $($variant:ident => $status:literal),+ $(,)? },
        |$client:ident| $request:expr $(,)?
    ) => {
        Operation {
            name: $name,
            success: $success,
            errors: &[$($status),+],
            call: |$client, prefer| {
                Box::pin(async move {
                    let mut request = $request;
                    if let Some(code) = prefer {
                        request = request.with_header("Prefer", &format!("code={code}"));
                    }
                    outcome(
                        request.send_with_response().await,
                        |error: &$module::$error| match error {
                            $($module::$error::$variant(_) => $status,)+
                            _ => 0,
                        },
                    )
                })
            },
        }
    };
}

/// Every operation of `control-plane.yaml`.
fn control_plane_operations() -> Vec<Operation> {
    vec![
        operation!(
            "GET /control-plane/policies" => 200,
            cp::ListPoliciesError { Unauthorized => 401, InternalServerError => 500 },
            |client| client.policies().list()
        ),
        operation!(
            "POST /control-plane/policies" => 201,
            cp::CreatePolicyError {
                BadRequest => 400,
                Unauthorized => 401,
                InternalServerError => 500,
            },
            |client| client.policies().create(&POLICY)
        ),
        operation!(
            "GET /control-plane/policies/{policyId}" => 200,
            cp::RetrievePolicyError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.policies().retrieve(POLICY_ID)
        ),
        operation!(
            "PUT /control-plane/policies/{policyId}" => 200,
            cp::UpdatePolicyError {
                BadRequest => 400,
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.policies().update(POLICY_ID, &POLICY)
        ),
        operation!(
            "GET /control-plane/{siteId}/transient-accesses" => 200,
            cp::ListTransientAccessesError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.transient_access().list(SITE_ID)
        ),
        operation!(
            "POST /control-plane/{siteId}/transient-accesses" => 201,
            cp::CreateTransientAccessSessionError {
                BadRequest => 400,
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.transient_access().create_session(SITE_ID, &TRANSIENT_ACCESS)
        ),
        operation!(
            "GET /control-plane/{siteId}/transient-accesses/{accessId}" => 200,
            cp::RetrieveTransientAccessSessionError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.transient_access().retrieve_session(SITE_ID, ACCESS_ID)
        ),
        operation!(
            "DELETE /control-plane/{siteId}/transient-accesses/{accessId}" => 204,
            cp::RevokeTransientAccessSessionError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.transient_access().revoke_session(SITE_ID, ACCESS_ID)
        ),
        operation!(
            "GET /control-plane/{siteId}/transient-forward" => 200,
            cp::ListTransientPortForwardsError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.transient_port_forwarding().list_forwards(SITE_ID)
        ),
        operation!(
            "POST /control-plane/{siteId}/transient-forward" => 201,
            cp::CreateTransientPortForwardError {
                BadRequest => 400,
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client
                .transient_port_forwarding()
                .create_forward(SITE_ID, &TRANSIENT_FORWARD)
        ),
        operation!(
            "GET /control-plane/{siteId}/transient-forward/{forwardId}" => 200,
            cp::RetrieveTransientPortForwardError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client
                .transient_port_forwarding()
                .retrieve_forward(SITE_ID, FORWARD_ID)
        ),
        operation!(
            "DELETE /control-plane/{siteId}/transient-forward/{forwardId}" => 204,
            cp::RevokeTransientPortForwardError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client
                .transient_port_forwarding()
                .revoke_forward(SITE_ID, FORWARD_ID)
        ),
        operation!(
            "GET /control-plane/{siteId}/credentials" => 200,
            cp::GetApiCredentialsError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.site_operations().get_api_credentials(SITE_ID)
        ),
        operation!(
            "POST /control-plane/{siteId}/credentials" => 200,
            cp::RotateApiCredentialsError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.site_operations().rotate_api_credentials(SITE_ID)
        ),
        operation!(
            "POST /control-plane/{siteId}/action" => 200,
            cp::PerformActionError {
                BadRequest => 400,
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.site_operations().perform_action(SITE_ID, &SITE_ACTION)
        ),
        operation!(
            "GET /control-plane/{siteId}/notes" => 200,
            cp::ListSiteNotesError {
                Unauthorized => 401,
                NotFound => 404,
                InternalServerError => 500,
            },
            |client| client.site_notes().list(SITE_ID)
        ),
    ]
}

/// Every operation of `keys.yaml`.
fn keys_operations() -> Vec<Operation> {
    vec![
        operation!(
            "GET /api/keys" => 200,
            keys::ListApiKeysError { Unauthorized => 401 },
            |client| client.api_keys().list()
        ),
        operation!(
            "POST /api/keys" => 201,
            keys::CreateApiKeyError { BadRequest => 400, Unauthorized => 401 },
            |client| client.api_keys().create(&API_KEY)
        ),
        operation!(
            "GET /api/keys/{id}" => 200,
            keys::RetrieveApiKeyError { Unauthorized => 401, NotFound => 404 },
            |client| client.api_keys().retrieve(KEY_ID)
        ),
        operation!(
            "DELETE /api/keys/{id}" => 204,
            keys::DeleteApiKeyError {
                Unauthorized => 401,
                NotFound => 404,
                UnprocessableEntity => 422,
            },
            |client| client.api_keys().delete(KEY_ID)
        ),
        operation!(
            "POST /api/keys/{id}/rotate" => 200,
            keys::RotateApiKeyError { Unauthorized => 401, NotFound => 404 },
            |client| client.api_keys().rotate(KEY_ID)
        ),
    ]
}

/// Normalizes a call's result; `variant_status` gives the status of the error
/// enum's variant that arrived.
fn outcome<T, E: std::fmt::Debug + std::fmt::Display>(
    result: Result<Response<T>, Error<E>>,
    variant_status: impl Fn(&E) -> u16,
) -> Outcome {
    match result {
        Ok(response) => Outcome::Success {
            status: response.status,
            headers: response.headers,
        },
        Err(Error::Api {
            error,
            status,
            headers,
        }) => Outcome::Api {
            status,
            variant_status: variant_status(&error),
            headers,
        },
        Err(Error::UnexpectedStatus {
            status,
            headers,
            body,
        }) => Outcome::Other(format!(
            "undocumented status {status}, body {}{}",
            String::from_utf8_lossy(&body),
            violations_note(&headers)
        )),
        Err(Error::Decode {
            status,
            headers,
            body,
            source,
        }) => Outcome::Other(format!(
            "{status} with a body that did not decode ({source}): {}{}",
            String::from_utf8_lossy(&body),
            violations_note(&headers)
        )),
        Err(other) => Outcome::Other(other.display_chain().to_string()),
    }
}

/// `; sl-violations: …` when Prism sent the header, for messages.
fn violations_note(headers: &HeaderMap) -> String {
    match headers.get(VIOLATIONS) {
        Some(value) => format!(
            "; {VIOLATIONS}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// The table against the specs
// ---------------------------------------------------------------------------

/// Each operation of a spec as `METHOD /path`, with its success and error statuses.
fn documented_operations(spec: &Path) -> BTreeMap<String, (Vec<u16>, Vec<u16>)> {
    let loaded = oagen::front::load(spec)
        .unwrap_or_else(|error| panic!("{} does not load: {error:?}", spec.display()));
    let raw = loaded.raw.to_json();
    let paths = raw["paths"].as_object().expect("the spec has `paths`");
    let mut operations = BTreeMap::new();
    for (path, item) in paths {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(responses) = item.get(method).map(|operation| &operation["responses"]) else {
                continue;
            };
            let (mut success, mut errors) = (Vec::new(), Vec::new());
            for status in responses.as_object().expect("`responses` is a map").keys() {
                let code: u16 = status.parse().unwrap_or_else(|_| {
                    panic!("{method} {path}: status `{status}` is not a number this test can ask Prism for")
                });
                if (200..300).contains(&code) {
                    success.push(code);
                } else {
                    errors.push(code);
                }
            }
            errors.sort_unstable();
            operations.insert(
                format!("{} {path}", method.to_uppercase()),
                (success, errors),
            );
        }
    }
    operations
}

/// Fails unless `operations` lists exactly the spec's operations and statuses.
fn assert_table_matches_spec(spec: &Path, operations: &[Operation]) {
    let documented = documented_operations(spec);
    let table: BTreeMap<String, (Vec<u16>, Vec<u16>)> = operations
        .iter()
        .map(|op| {
            let mut errors = op.errors.to_vec();
            errors.sort_unstable();
            (op.name.to_owned(), (vec![op.success], errors))
        })
        .collect();
    assert_eq!(
        operations.len(),
        table.len(),
        "the table for {} names an operation twice",
        spec.display()
    );
    assert_eq!(
        table,
        documented,
        "the table of operations (left) differs from {} (right)",
        spec.display()
    );
}

// ---------------------------------------------------------------------------
// Prism
// ---------------------------------------------------------------------------

/// The Prism binary, or `None` when it is not installed and this is not CI.
fn prism_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("tests/prism/node_modules/.bin/prism"));
    if bin.is_file() {
        return Some(bin);
    }
    let why = format!(
        "Prism is not installed at {}. Install it with `npm ci --prefix tests/prism` \
         (needs Node.js and npm), or set PRISM_BIN to a Prism binary",
        bin.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("the contract tests against Prism must run in CI: {why}");
    }
    let bar = "!".repeat(78);
    report(&format!(
        "{bar}\n!! SKIPPED: the contract suite against Prism did NOT run.\n!! {why}.\n{bar}"
    ));
    None
}

/// Writes a line to stderr like `eprintln!`, but past the test harness's capture,
/// so it shows even when the test passes (a skip must not go unnoticed).
fn report(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// A running Prism mock server, killed when dropped.
struct Prism {
    spec: &'static str,
    child: Child,
    address: SocketAddr,
    /// Prism's stdout and stderr, shown when it fails to start.
    log: tempfile::NamedTempFile,
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 for `specs/<spec>`; see [`Prism::wait_until_ready`].
    fn start(bin: &Path, spec: &'static str) -> Prism {
        let address = free_address();
        let log = tempfile::NamedTempFile::new().expect("a temporary file for Prism's output");
        let output = || File::options().append(true).open(log.path()).unwrap();
        // `mock` runs one node process (`--multiprocess` is off by default), so
        // killing the child stops Prism.
        let child = Command::new(bin)
            .arg("mock")
            .arg(project_root().join("specs").join(spec))
            .args(["-h", "127.0.0.1", "-p", &address.port().to_string()])
            .stdin(Stdio::null())
            .stdout(output())
            .stderr(output())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", bin.display()));
        Prism {
            spec,
            child,
            address,
            log,
        }
    }

    /// Waits until Prism accepts connections, failing with its output if it
    /// exits or takes longer than [`STARTUP_TIMEOUT`].
    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("Prism's status") {
                panic!(
                    "Prism for {} exited ({status}) before accepting connections:\n{}",
                    self.spec,
                    self.output()
                );
            }
            if TcpStream::connect_timeout(&self.address, Duration::from_millis(200)).is_ok() {
                return;
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                panic!(
                    "Prism for {} did not accept connections on {} within {STARTUP_TIMEOUT:?}:\n{}",
                    self.spec,
                    self.address,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn output(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An address on 127.0.0.1 that was free a moment ago.
fn free_address() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("the listener's address")
}

/// A client for `prism` with a bearer token and no retries, so each call is one request.
fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(prism.base_url())
        .bearer_token(TOKEN)
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client for Prism builds")
}

// ---------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------

/// What the run found.
#[derive(Default)]
struct Tally {
    operations: usize,
    statuses: usize,
    violations: usize,
    problems: Vec<String>,
}

impl Tally {
    /// Counts the violations Prism reported in `headers`, recording each report.
    fn violations(&mut self, call: &str, headers: &HeaderMap) {
        let Some(value) = headers.get(VIOLATIONS) else {
            return;
        };
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let count = serde_json::from_str::<Vec<serde_json::Value>>(&text)
            .map(|list| list.len())
            .unwrap_or(1);
        self.violations += count;
        self.problems.push(format!(
            "{call}: Prism reported {count} violation(s): {text}"
        ));
    }
}

/// Calls `operation` for its success and for each documented error status.
async fn check(client: &Client, operation: &Operation, tally: &mut Tally) {
    let call = format!("{} (success)", operation.name);
    tally.operations += 1;
    match (operation.call)(client, None).await {
        Outcome::Success { status, headers } => {
            if status.as_u16() != operation.success {
                tally.problems.push(format!(
                    "{call}: status {status}, documented {}",
                    operation.success
                ));
            }
            tally.violations(&call, &headers);
        }
        other => tally.problems.push(format!(
            "{call}: expected a decoded success, got {}",
            other.describe()
        )),
    }
    for &code in operation.errors {
        let call = format!("{} (Prefer: code={code})", operation.name);
        tally.statuses += 1;
        match (operation.call)(client, Some(code)).await {
            Outcome::Api {
                status,
                variant_status,
                headers,
            } => {
                if status.as_u16() != code || variant_status != code {
                    tally.problems.push(format!(
                        "{call}: status {status} arrived as the variant for {variant_status}"
                    ));
                }
                tally.violations(&call, &headers);
            }
            other => tally.problems.push(format!(
                "{call}: expected Error::Api, got {}",
                other.describe()
            )),
        }
    }
}

/// A request Prism must reject (a key name too short, no permissions) comes
/// back with `sl-violations`, so their absence elsewhere means something.
async fn violations_are_seen_when_present(client: &Client) {
    let invalid = CreateApiKeyRequest::new("x", Vec::new());
    let result = client
        .api_keys()
        .create(&invalid)
        .send_with_response()
        .await;
    let headers = match &result {
        Ok(response) => &response.headers,
        Err(error) => error
            .headers()
            .unwrap_or_else(|| panic!("no response to an invalid request: {error}")),
    };
    let violations = headers
        .get(VIOLATIONS)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    assert!(
        violations.contains("permissions"),
        "Prism did not report the invalid body in `{VIOLATIONS}` (got {violations:?}), \
         so the checks for its absence prove nothing"
    );
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_operation_and_documented_status_matches_the_specs_under_prism() {
    let started = Instant::now();
    let tables = [
        ("control-plane.yaml", control_plane_operations()),
        ("keys.yaml", keys_operations()),
    ];
    for (spec, operations) in &tables {
        assert_table_matches_spec(&project_root().join("specs").join(spec), operations);
    }
    let Some(bin) = prism_bin() else {
        return;
    };
    // Both servers start together; each takes about a second.
    let mut servers: Vec<Prism> = tables
        .iter()
        .map(|(spec, _)| Prism::start(&bin, spec))
        .collect();
    for server in &mut servers {
        server.wait_until_ready();
    }
    let ready = started.elapsed();

    let mut tally = Tally::default();
    for ((_, operations), server) in tables.iter().zip(&servers) {
        let client = client(server);
        for operation in operations {
            check(&client, operation, &mut tally).await;
        }
    }
    let keys_server = servers
        .iter()
        .find(|server| server.spec == "keys.yaml")
        .expect("a Prism for keys.yaml");
    violations_are_seen_when_present(&client(keys_server)).await;

    report(&format!(
        "contract (Prism): {} operations called, {} error statuses checked, {} violations found \
         (Prism ready after {ready:.1?}, total {:.1?})",
        tally.operations,
        tally.statuses,
        tally.violations,
        started.elapsed()
    ));
    assert!(
        tally.problems.is_empty() && tally.violations == 0,
        "{} problem(s) against Prism:\n{}",
        tally.problems.len(),
        tally.problems.join("\n")
    );
}
