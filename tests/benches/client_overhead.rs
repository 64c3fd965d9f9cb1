//! Per-call overhead of the generated client against a hand-written `reqwest` call.
//!
//! Both make the same request (`GET /control-plane/policies` with a bearer token)
//! to the same local keep-alive server and decode the same body into the same
//! type; the difference is what the generated client adds (request building,
//! credential selection, status dispatch, retries bookkeeping). Rounds alternate
//! between the two so machine noise hits both alike. Run with
//! `cargo bench -p tests --bench client_overhead` or `cargo xtask bench`.

use std::time::{Duration, Instant};

use altostrat::control_plane::types::Policy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CALLS_PER_ROUND: usize = 2_000;
const ROUNDS: usize = 7;
const TOKEN: &str = "bench-token";

/// The body every call decodes: two policies, as the spec's example shows them.
const BODY: &str = r#"[{"id":"a1b2c3d4-e5f6-4890-9234-567890abcdef","name":"Default Corporate Policy","slug":"default-corporate-policy-a1b2c3d4e5","default":true,"custom_input_rules":false,"trusted_networks":["10.0.0.0/8"],"winbox":{"enabled":true,"port":8291,"networks":["198.51.100.0/24"]},"ssh":{"enabled":true,"port":22,"networks":["198.51.100.0/24"]},"sites":["d290f1ee-6c54-4b01-90e6-d701748f0851"],"created_at":"2025-10-29T01:00:00Z","updated_at":"2025-10-29T02:30:00Z"},{"id":"b1b2c3d4-e5f6-4890-9234-567890abcdef","name":"Branch","slug":"branch","default":false,"custom_input_rules":true,"trusted_networks":[],"sites":[],"created_at":"2025-10-29T01:00:00Z","updated_at":"2025-10-29T02:30:00Z"}]"#;

/// Serves the same JSON response to every request on every connection, keeping connections open.
async fn serve(listener: TcpListener) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let response = response.clone();
        tokio::spawn(async move {
            let mut buffer = vec![0u8; 8192];
            let mut pending = Vec::new();
            loop {
                let Ok(read) = socket.read(&mut buffer).await else {
                    return;
                };
                if read == 0 {
                    return;
                }
                pending.extend_from_slice(&buffer[..read]);
                // GET requests have no body: each blank line ends one request.
                while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                    pending.drain(..end + 4);
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            }
        });
    }
}

async fn generated_round(client: &altostrat::Client) -> Duration {
    let started = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        let policies = client
            .policies()
            .list()
            .await
            .expect("the generated call succeeds");
        assert_eq!(policies.len(), 2);
    }
    started.elapsed()
}

async fn handwritten_round(http: &reqwest::Client, url: &str) -> Duration {
    let started = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        let response = http
            .get(url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("the request is sent");
        assert_eq!(response.status(), 200);
        let body = response.bytes().await.expect("the body is read");
        let policies: Vec<Policy> = serde_json::from_slice(&body).expect("the body decodes");
        assert_eq!(policies.len(), 2);
    }
    started.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn per_call(round: Duration) -> f64 {
    round.as_secs_f64() * 1e6 / CALLS_PER_ROUND as f64
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port is free");
    let base = format!(
        "http://{}",
        listener.local_addr().expect("the listener has an address")
    );
    tokio::spawn(serve(listener));

    let client = altostrat::Client::builder()
        .base_url(&base)
        .bearer_token(TOKEN)
        .build()
        .expect("the client builds");
    let http = reqwest::Client::builder().build().expect("reqwest builds");
    let url = format!("{base}/control-plane/policies");

    // Warm both connection pools and the allocator before measuring.
    generated_round(&client).await;
    handwritten_round(&http, &url).await;

    let mut generated = Vec::with_capacity(ROUNDS);
    let mut handwritten = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        generated.push(generated_round(&client).await);
        handwritten.push(handwritten_round(&http, &url).await);
    }
    let generated = per_call(median(generated));
    let handwritten = per_call(median(handwritten));
    println!(
        "client overhead: {ROUNDS} rounds of {CALLS_PER_ROUND} sequential calls, median per call"
    );
    println!("  generated client   {generated:8.2} µs");
    println!("  hand-written reqwest {handwritten:6.2} µs");
    println!(
        "  ratio              {:8.3} (target: at most 1.05)",
        generated / handwritten
    );
}
