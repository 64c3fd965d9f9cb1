//! Emit the crate-level files: `Cargo.toml`, `README.md`, `lib.rs` and `auth.rs`.

use super::docs;
use super::features::{FeaturePlan, SERDE_FEATURE, WEBHOOK_FEATURE};
use super::text::{Source, Written};
use crate::escape::{self, code_span, doc_code_block, rust_string, toml_key, toml_string};
use crate::ir::{
    AuthKind, AuthScheme, Crate, Operation, ParamLocation, Payload, SpecModule, StatusMatch,
    TypeKind, TypeRef,
};

/// The dependencies of every generated crate, chosen to build with only a Rust
/// toolchain and a C compiler: rustls with `ring` needs no cmake or OpenSSL.
const DEPENDENCIES: &str = r#"[dependencies]
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
# The path of the field a body fails to decode at (`data.secret`), which serde_json does not give.
serde_path_to_error = "0.1"
# Form bodies; already in reqwest's dependency tree.
serde_urlencoded = "0.7"
# Only for sleeping between retries; reqwest already runs on tokio.
tokio = { version = "1", default-features = false, features = ["time"] }
tracing = { version = "0.1", default-features = false, features = ["std"], optional = true }
uuid = { version = "1", features = ["serde"] }

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }
"#;

/// The features every generated crate has.
const TRACING_FEATURE: &str =
    "# A span per call (operation, method, path template, status, attempt); never credentials.
tracing = [\"dep:tracing\"]
";

/// `Cargo.toml`, standalone: its own `[workspace]` so a copy builds anywhere.
pub fn cargo_toml(krate: &Crate, features: &FeaturePlan) -> String {
    let mut text = format!(
        "[package]\nname = {}\nversion = {}\nedition = \"2021\"\nrust-version = \"1.85\"\ndescription = {}\nlicense = \"MIT OR Apache-2.0\"\n\n{DEPENDENCIES}",
        toml_string(&krate.name),
        toml_string(&krate.version),
        toml_string(&krate.description)
    );
    text.push_str("\n[features]\n");
    if features.enabled {
        let quoted: Vec<String> = features.all.iter().map(|f| toml_string(f)).collect();
        text.push_str(
            "# One feature per group of operations; `full` (the default) enables them all.\n",
        );
        text.push_str("default = [\"full\"]\n");
        text.push_str(&format!("full = [{}]\n", quoted.join(", ")));
        for feature in &features.all {
            text.push_str(&format!("{} = []\n", toml_key(feature)));
        }
        if features.webhooks {
            text.push_str(&format!(
                "# The webhook payload types, for a server that receives them; not in `full`.\n{WEBHOOK_FEATURE} = []\n"
            ));
        }
    }
    text.push_str(&format!(
        "# Both serde impls on every type: by default a type the client only sends is only `Serialize`,\n# and one it only receives only `Deserialize`.\n{SERDE_FEATURE} = []\n"
    ));
    text.push_str(TRACING_FEATURE);
    if krate.own_workspace {
        text.push_str(
            "\n# A workspace of its own, so the crate builds wherever it is copied.\n[workspace]\n",
        );
    }
    text
}

/// `README.md`: what the crate is and a working example, also the crate's front page.
pub fn readme(krate: &Crate, features: &FeaturePlan) -> String {
    let mut out = format!(
        "# {}\n\n{}\n\n",
        escape::markdown(&krate.name),
        escape::markdown(&krate.description)
    );
    out.push_str("It was generated from these OpenAPI documents:\n\n");
    for module in &krate.modules {
        let operations: usize = module.groups.iter().map(|g| g.operations.len()).sum();
        out.push_str(&format!(
            "- {}: {} {}, in module [`{}`]({}), {} operations\n",
            code_span(&module.source),
            escape::markdown(&module.title),
            escape::markdown(&module.api_version),
            module.name,
            module.name,
            operations
        ));
    }
    out.push_str(&format!(
        "\n## Using it\n\nThe crate builds on its own: depend on it by path or git, or copy this folder into your repository.\n\n{}\n",
        doc_code_block("toml", &dependency_line(&krate.name, ""))
    ));
    out.push_str("Build a [`Client`] once and reuse it; each group of operations hangs off an accessor method. ");
    out.push_str(
        "A call returns a request builder: set optional parameters on it, then `.await` it. ",
    );
    out.push_str("Every operation has its own error enum, with one variant per documented error status, inside [`Error::Api`].\n\n");
    if let Some(example) = example(krate) {
        out.push_str(&doc_code_block("rust,no_run", &example));
        out.push('\n');
    }
    if !krate.auth.is_empty() {
        out.push_str("## Credentials\n\nSet them on the builder, or call `credentials_from_env()` to read them from these variables:\n\n");
        for scheme in &krate.auth {
            out.push_str(&format!(
                "- {}: [`ClientBuilder::{}`]\n",
                code_span(&scheme.env_var),
                scheme.name
            ));
        }
        out.push('\n');
    }
    if features.enabled {
        let first = features.all.first().map_or("", String::as_str);
        let options = format!(
            ", default-features = false, features = [{}]",
            toml_string(first)
        );
        out.push_str(&format!(
            "## Features\n\nThe API is large, so each group of operations is a cargo feature, and a type is compiled only when a group that uses it is. The default feature `full` enables every group; to build only what you use:\n\n{}\nThe groups: {}.\n\n",
            doc_code_block("toml", &dependency_line(&krate.name, &options)),
            features.all.iter().map(|f| code_span(f)).collect::<Vec<_>>().join(", ")
        ));
        if features.webhooks {
            out.push_str(&format!(
                "The types of the webhook payloads the API sends to your server are compiled with the feature {}, which `full` leaves out.\n\n",
                code_span(WEBHOOK_FEATURE)
            ));
        }
    }
    out.push_str(&format!(
        "## Serde\n\nA type the client only sends implements `serde::Serialize`, and one it only receives (a response, an error body, a webhook payload) `serde::Deserialize`, so the crate compiles little code it never runs; a type nothing uses, and what it holds, implements both. To store what you receive as JSON, or decode a request body, enable the feature {}, which gives every type both.\n\n",
        code_span(SERDE_FEATURE)
    ));
    out.push_str("## Errors\n\n[`Error`] tells apart a documented error status (`Error::Api`, holding the operation's enum), a status the API does not document (`UnexpectedStatus`, with the raw body), a body that does not decode (`Decode`, body kept), a body over the size limit (`BodyTooLarge`), a time-out, a transport failure and missing credentials. Every operation's enum implements [`ApiError`]: the status, the server's message and code, and the decoded body, which [`Error::message`] and [`Error::code`] give for any operation. `Display` shows the status and what the server said, once: a cause (a transport failure, a decode error) is the error's `source()`, never printed with it, and [`Error::display_chain`] prints the whole chain on one line. A time-out names the operation and the [`TimeLimit`] that passed.\n");
    out
}

/// The `[dependencies]` table that depends on the crate by path, with more `options`
/// (`, key = value` pairs) in its inline table.
fn dependency_line(name: &str, options: &str) -> String {
    format!(
        "[dependencies]\n{} = {{ path = {}{options} }}\n",
        toml_key(name),
        toml_string(&format!("../{name}"))
    )
}

/// A `no_run` example calling the first operation whose arguments are easy to write.
fn example(krate: &Crate) -> Option<String> {
    let (module, accessor, op) = krate.modules.iter().find_map(|module| {
        module.groups.iter().find_map(|group| {
            group
                .operations
                .iter()
                .find(|op| is_simple(op, module))
                .map(|op| (module, &group.accessor, op))
        })
    })?;
    let crate_ident = krate.name.replace('-', "_");
    let mut code =
        String::from("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    code.push_str(&format!("let client = {crate_ident}::Client::builder()\n"));
    if let Some(scheme) = krate.auth.first() {
        let credential = match scheme.kind {
            AuthKind::Basic => format!(
                ".basic_auth(\"user\", std::env::var({})?)",
                rust_string(&scheme.env_var)
            ),
            _ => format!(
                ".{}(std::env::var({})?)",
                scheme.name,
                rust_string(&scheme.env_var)
            ),
        };
        code.push_str(&format!("    {credential}\n"));
    }
    code.push_str("    .timeout(std::time::Duration::from_secs(30))\n    .build()?;\n\n");
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let value = example_value(
            &param.ty,
            param.docs.example.as_deref(),
            &crate_ident,
            module,
        );
        code.push_str(&format!("let {} = {value};\n", param.name));
        args.push(param.name.clone());
    }
    let error = format!("{crate_ident}::{}::{}", module.name, op.error_name);
    code.push_str(&format!(
        "match client.{accessor}().{}({}).await {{\n",
        op.method_name,
        args.join(", ")
    ));
    code.push_str("    Ok(response) => println!(\"{response:?}\"),\n");
    if let Some(case) = op
        .errors
        .iter()
        .find(|e| matches!(e.status, StatusMatch::Exact(_)))
    {
        let binding = if case.payload == Payload::None {
            String::new()
        } else {
            "(body)".to_owned()
        };
        let print = if binding.is_empty() {
            "\"documented error\"".to_owned()
        } else {
            "\"documented error: {body:?}\"".to_owned()
        };
        code.push_str(&format!(
            "    Err({crate_ident}::Error::Api {{ error: {error}::{}{binding}, .. }}) => eprintln!({print}),\n",
            case.variant
        ));
    }
    code.push_str("    Err(other) => return Err(other.into()),\n}\n# Ok(())\n# }\n");
    Some(code)
}

fn is_simple(op: &Operation, module: &SpecModule) -> bool {
    let body_ok = op.body.as_ref().is_none_or(|b| !b.required);
    body_ok
        && op
            .params
            .iter()
            .filter(|p| p.required)
            .all(|p| p.location == ParamLocation::Path && simple_type(&p.ty, module))
}

fn simple_type(ty: &TypeRef, module: &SpecModule) -> bool {
    match ty {
        TypeRef::String | TypeRef::Uuid | TypeRef::I32 | TypeRef::I64 | TypeRef::Bool => true,
        TypeRef::Named(id) => match &module.types[id.0].kind {
            TypeKind::Alias(inner) => simple_type(inner, module),
            _ => false,
        },
        _ => false,
    }
}

fn example_value(
    ty: &TypeRef,
    example: Option<&str>,
    crate_ident: &str,
    module: &SpecModule,
) -> String {
    let text = example.and_then(|e| serde_json::from_str::<serde_json::Value>(e).ok());
    match ty {
        TypeRef::Uuid => {
            // Only an example that is a UUID is used: the example parses it with `?`.
            let value = text
                .as_ref()
                .and_then(|v| v.as_str())
                .filter(|v| is_uuid(v))
                .unwrap_or("00000000-0000-0000-0000-000000000000");
            format!(
                "{}.parse::<{crate_ident}::uuid::Uuid>()?",
                rust_string(value)
            )
        }
        TypeRef::String => rust_string(text.as_ref().and_then(|v| v.as_str()).unwrap_or("example")),
        TypeRef::I32 | TypeRef::I64 => text
            .as_ref()
            .and_then(|v| v.as_i64())
            .unwrap_or(1)
            .to_string(),
        TypeRef::Bool => text
            .as_ref()
            .and_then(|v| v.as_bool())
            .unwrap_or(true)
            .to_string(),
        TypeRef::Named(id) => match &module.types[id.0].kind {
            TypeKind::Alias(inner) => example_value(inner, example, crate_ident, module),
            _ => unreachable!("only simple types get examples"),
        },
        _ => unreachable!("only simple types get examples"),
    }
}

/// Whether `text` is a UUID in its hyphenated form, as the `uuid` crate parses it.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `lib.rs`: module tree, re-exports, the default server and the group accessors.
pub fn lib_rs(krate: &Crate, features: &FeaturePlan) -> Written {
    let mut s = Source::default();
    s.line(r#"#![doc = include_str!("../README.md")]"#);
    s.line("#![forbid(unsafe_code)]");
    s.line("#![warn(missing_docs)]");
    s.line("// Errors carry the response (status, headers, body) so callers can inspect");
    s.line("// it; they are returned on the failure path only, where size costs little.");
    s.line("#![allow(clippy::result_large_err)]");
    for item in ["mod auth;", "pub mod custom;", "mod runtime;"] {
        s.blank();
        s.line(item);
    }
    for module in &krate.modules {
        s.blank();
        s.doc(&format!(
            "The {} ({}).",
            escape::markdown(&module.title),
            code_span(&module.source)
        ));
        s.line(&format!("pub mod {};", module.name));
    }
    for export in [
        "runtime::client::{BuildError, Client, ClientBuilder, RetryPolicy}",
        "runtime::error::{ApiError, Error, TimeLimit}",
        "runtime::response::Response",
        "runtime::secret::Secret",
        "runtime::unknown::UnknownValue",
        "reqwest::header::HeaderMap",
        "reqwest::StatusCode",
        "{bytes, chrono, serde_json, uuid}",
    ] {
        s.blank();
        s.line(&format!("pub use {export};"));
    }
    s.blank();
    s.doc("The server requests go to unless the builder sets another: the API's first server.");
    let base_url = match &krate.default_base_url {
        Some(url) => format!("Some({})", rust_string(url)),
        None => "None".to_owned(),
    };
    constant(
        &mut s,
        "pub(crate) const DEFAULT_BASE_URL: Option<&str>",
        &base_url,
    );
    s.blank();
    s.impl_block("impl Client", |s| {
        for module in &krate.modules {
            for group in &module.groups {
                s.doc(&docs::text(&group.docs, "Operations of the API."));
                if let Some(feature) = features.group_gate(&group.accessor) {
                    s.cfg_any([&feature]);
                }
                let ty = format!("{}::{}", module.name, group.struct_name);
                let head = format!("pub fn {}", group.accessor);
                s.function(&head, &["&self".into()], &format!("{ty}<'_>"), |s| {
                    s.struct_literal(&ty, &["client: self".into()]);
                });
            }
        }
    });
    s.finish()
}

/// `head = value;`, the value on the next line when the whole does not fit. A
/// longer value (a server URL past the width) is left to rustfmt.
fn constant(s: &mut Source, head: &str, value: &str) {
    let one_line = format!("{head} = {value};");
    if s.fits_deeper(0, &one_line) {
        return s.line(&one_line);
    }
    s.line(&format!("{head} ="));
    s.block_deeper(&[&format!("{value};")]);
}

/// `auth.rs`: the API's credential kinds and the builder methods that set them.
pub fn auth_rs(krate: &Crate) -> Written {
    let mut s = Source::default();
    s.inner_doc("The API's credential kinds and the builder methods that set them.");
    s.blank();
    let schemes: Vec<[String; 2]> = krate
        .auth
        .iter()
        .map(|scheme| {
            let placement = match &scheme.kind {
                AuthKind::Bearer => "Placement::Bearer".to_owned(),
                AuthKind::Basic => "Placement::Basic".to_owned(),
                AuthKind::Header(name) => format!("Placement::Header({})", rust_string(name)),
                AuthKind::Query(name) => format!("Placement::Query({})", rust_string(name)),
                AuthKind::Cookie(name) => format!("Placement::Cookie({})", rust_string(name)),
            };
            [
                format!("setter: {},", rust_string(&scheme.name)),
                format!("placement: {placement},"),
            ]
        })
        .collect();
    // An API without credentials names no placement, so it imports none.
    if !schemes.is_empty() {
        s.line("use crate::runtime::client::{Placement, Scheme};");
        s.blank();
    }
    s.doc("Every credential kind the API's operations use, in a fixed order.");
    match schemes.as_slice() {
        [] => s.line("pub(crate) const SCHEMES: &[crate::runtime::client::Scheme] = &[];"),
        // rustfmt carries a lone element over from the line of the `&[`.
        [only] => {
            s.block(
                "pub(crate) const SCHEMES: &[Scheme] = &[Scheme {",
                "}];",
                |s| {
                    for field in only {
                        s.line(field);
                    }
                },
            );
        }
        many => {
            s.block("pub(crate) const SCHEMES: &[Scheme] = &[", "];", |s| {
                for fields in many {
                    s.block("Scheme {", "},", |s| {
                        for field in fields {
                            s.line(field);
                        }
                    });
                }
            });
        }
    }
    s.blank();
    s.impl_block("impl crate::ClientBuilder", |s| {
        for (index, scheme) in krate.auth.iter().enumerate() {
            setter(index, scheme, s);
        }
        let vars: Vec<String> = krate
            .auth
            .iter()
            .map(|s| format!("- {}", code_span(&s.env_var)))
            .collect();
        s.doc(&format!(
            "Reads credentials from the environment, where set:\n\n{}\n\nCredentials set on the builder later replace these.",
            if vars.is_empty() { "(this API uses none)".to_owned() } else { vars.join("\n") }
        ));
        let receiver = if krate.auth.is_empty() { "self" } else { "mut self" };
        s.function("pub fn credentials_from_env", &[receiver.into()], "Self", |s| {
            for (index, scheme) in krate.auth.iter().enumerate() {
                let var = rust_string(&scheme.env_var);
                s.block(&format!("if let Ok(value) = std::env::var({var}) {{"), "}", |s| {
                    s.line(&format!("self = self.credential({index}, value);"));
                });
            }
            s.line("self");
        });
    });
    s.finish()
}

fn setter(index: usize, scheme: &AuthScheme, s: &mut Source) {
    let described = scheme
        .docs
        .description
        .as_deref()
        .map(escape::markdown)
        .unwrap_or_default();
    let (what, params, value): (String, &[&str], &str) = match &scheme.kind {
        AuthKind::Bearer => (
            "Sets the bearer token sent as `Authorization: Bearer <token>`.".to_owned(),
            &["token: impl Into<String>"],
            "token.into()",
        ),
        AuthKind::Basic => (
            "Sets the user and password sent as `Authorization: Basic`.".to_owned(),
            &["user: impl AsRef<str>", "password: impl AsRef<str>"],
            r#"format!("{}:{}", user.as_ref(), password.as_ref())"#,
        ),
        AuthKind::Header(header) => (
            format!("Sets the API key sent in the {} header.", code_span(header)),
            &["key: impl Into<String>"],
            "key.into()",
        ),
        AuthKind::Query(param) => (
            format!(
                "Sets the API key sent as the {} query parameter.",
                code_span(param)
            ),
            &["key: impl Into<String>"],
            "key.into()",
        ),
        AuthKind::Cookie(cookie) => (
            format!("Sets the API key sent in the {} cookie.", code_span(cookie)),
            &["key: impl Into<String>"],
            "key.into()",
        ),
    };
    s.doc(&format!(
        "{what}{}\n\n`credentials_from_env` reads it from {}.",
        if described.is_empty() {
            String::new()
        } else {
            format!("\n\n{described}")
        },
        code_span(&scheme.env_var)
    ));
    let mut all = vec!["self".to_owned()];
    all.extend(params.iter().map(|p| (*p).to_owned()));
    s.function(&format!("pub fn {}", scheme.name), &all, "Self", |s| {
        s.call(
            "self.credential",
            &[index.to_string(), value.to_owned()],
            "",
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeRef;

    fn module() -> SpecModule {
        SpecModule {
            name: "api".into(),
            title: String::new(),
            api_version: String::new(),
            description: None,
            source: String::new(),
            types: Vec::new(),
            groups: Vec::new(),
            webhook_payloads: Vec::new(),
        }
    }

    #[test]
    fn a_uuid_example_is_a_parsed_literal_through_the_crate_path() {
        let valid = example_value(
            &TypeRef::Uuid,
            Some("\"3fa85f64-5717-4562-b3fc-2c963f66afa6\""),
            "my_api",
            &module(),
        );
        assert_eq!(
            valid,
            "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\".parse::<my_api::uuid::Uuid>()?"
        );
        let hostile = example_value(
            &TypeRef::Uuid,
            Some("\"x\\n```\\nstd::process::exit(1);\""),
            "my_api",
            &module(),
        );
        assert_eq!(
            hostile,
            "\"00000000-0000-0000-0000-000000000000\".parse::<my_api::uuid::Uuid>()?"
        );
        let string = example_value(&TypeRef::String, Some("\"a\\n\\\"b\""), "my_api", &module());
        assert_eq!(string, "\"a\\n\\\"b\"");
    }
}
