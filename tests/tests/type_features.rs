//! What each generated type derives and which cargo feature compiles it: serde impls
//! by the direction a type travels, webhook payloads behind a feature of their own, and
//! types files that one feature compiles declared only with that feature, so rustc does
//! not read them when it is off.

use std::fmt::Write as _;
use std::path::Path;

use oagen::Config;
use tests::project_root;

/// The generated crate of `spec`, as (path, contents) pairs.
fn generate(spec: &Path) -> Vec<(String, String)> {
    let config = Config::new(vec![spec.to_path_buf()], "type_features test");
    let generated = oagen::generate(&config)
        .unwrap_or_else(|d| panic!("{} does not generate: {d:#?}", spec.display()));
    generated
        .files
        .into_iter()
        .map(|file| (file.path, file.contents))
        .collect()
}

fn file<'f>(files: &'f [(String, String)], path: &str) -> &'f str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no file {path}"))
}

/// The attribute lines above `pub struct name` or `pub enum name`, and the serde
/// impls written for it by hand, as one text.
fn derives_of(types: &str, name: &str) -> String {
    let lines: Vec<&str> = types.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("pub struct {name} {{") || *l == format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no type {name}"));
    let mut found: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#["))
        .copied()
        .collect();
    found.reverse();
    let mut text = found.join("\n");
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("impl")
            && line.contains(&format!("for {name} {{"))
            && line.contains("serde::")
        {
            let _ = write!(text, "\n{}\n{line}", lines[i - 1]);
        }
    }
    text
}

#[test]
fn each_type_derives_the_serde_impls_its_use_needs() {
    let spec = project_root().join("tests/fixtures/serde-directions.yaml");
    let files = generate(&spec);
    let types = file(&files, "src/serde_directions/types.rs");
    let cases = [
        (
            "ThingRequest",
            "serde::Serialize)]",
            "derive(serde::Deserialize)",
        ),
        ("Thing", "serde::Deserialize)]", "derive(serde::Serialize)"),
        (
            "Problem",
            "serde::Deserialize)]",
            "derive(serde::Serialize)",
        ),
        (
            "ThingChanged",
            "serde::Deserialize)]",
            "derive(serde::Serialize)",
        ),
    ];
    for (name, derived, behind_feature) in cases {
        let derives = derives_of(types, name);
        assert!(
            derives.contains(&format!(
                "#[derive(Debug, Clone, PartialEq, Default, {derived}"
            )) || derives.contains(&format!("#[derive(Debug, Clone, PartialEq, {derived}")),
            "{name} derives only what its use needs:\n{derives}"
        );
        assert!(
            derives.contains(&format!(
                "#[cfg_attr(feature = \"serde-both-ways\", {behind_feature})]"
            )),
            "{name} gets the other impl with serde-both-ways:\n{derives}"
        );
    }
    for name in ["Label", "Unused", "Stamp"] {
        let derives = derives_of(types, name);
        assert!(
            derives.contains("serde::Serialize, serde::Deserialize)]")
                && !derives.contains("serde-both-ways"),
            "{name}, used both ways, not at all or inside an unused type, derives both:\n{derives}"
        );
    }
    // The open enums' impls are written by hand; the one not needed waits for the feature.
    let colour = derives_of(types, "Colour");
    assert!(
        colour.contains(
            "#[cfg(feature = \"serde-both-ways\")]\nimpl<'de> serde::Deserialize<'de> for Colour {"
        ) && colour.contains("\nimpl serde::Serialize for Colour {"),
        "a sent enum deserializes only with the feature:\n{colour}"
    );
    let shade = derives_of(types, "Shade");
    assert!(
        shade.contains("#[cfg(feature = \"serde-both-ways\")]\nimpl serde::Serialize for Shade {")
            && shade.contains("\nimpl<'de> serde::Deserialize<'de> for Shade {"),
        "a received enum serializes only with the feature:\n{shade}"
    );
    assert!(file(&files, "Cargo.toml").contains("\nserde-both-ways = []\n"));
}

/// A spec of more than 100 operations, so the crate gets group features, and of
/// more than 400 types, so its types are split into parts: a group `alpha` whose
/// operations each return a type of their own, a group tagged `full` (one of the
/// crate's own feature names), and webhook payloads.
fn big_spec() -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Big\n  version: '1'\nservers:\n  - url: https://big.example.com\npaths:\n",
    );
    let response = |name: &str| {
        format!(
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/{name}'\n"
        )
    };
    for i in 0..410 {
        let _ = write!(
            spec,
            "  /alpha/{i}:\n    get:\n      operationId: alpha{i}\n      tags: [alpha]\n{}",
            response(&format!("Alpha{i}"))
        );
    }
    let _ = write!(
        spec,
        "  /everything:\n    get:\n      operationId: everything\n      tags: [full]\n{}",
        response("Shared")
    );
    spec.push_str("x-webhooks:\n");
    for i in 0..3 {
        let _ = write!(
            spec,
            "  hook{i}:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Hook{i}'\n      responses:\n        '200':\n          description: ok\n"
        );
    }
    spec.push_str("components:\n  schemas:\n");
    let object = "      type: object\n      properties:\n        id:\n          type: string\n";
    for i in 0..410 {
        let _ = write!(spec, "    Alpha{i}:\n{object}");
    }
    for name in ["Shared", "Hook0", "Hook1", "Hook2"] {
        let _ = write!(spec, "    {name}:\n{object}");
    }
    // Used by nothing, so compiled with `full`, and holding a webhook payload.
    spec.push_str("    Orphan:\n      type: object\n      properties:\n        hook:\n          $ref: '#/components/schemas/Hook1'\n");
    spec
}

#[test]
fn webhook_payloads_and_one_group_s_types_are_compiled_only_with_their_feature() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = dir.path().join("big.yaml");
    std::fs::write(&spec, big_spec()).expect("the spec can be written");
    let files = generate(&spec);

    let manifest = file(&files, "Cargo.toml");
    for line in [
        "\nfull = [\"alpha\", \"full-operations\"]\n",
        "\nfull-operations = []\n",
        "\nwebhook-payloads = []\n",
    ] {
        assert!(
            manifest.contains(line),
            "Cargo.toml lacks {line:?}:\n{manifest}"
        );
    }

    // Every part is declared behind the one feature that compiles all of its types.
    let index = file(&files, "src/big/types/mod.rs");
    let part_of = |ty: &str| -> String {
        let (path, _) = files
            .iter()
            .find(|(path, text)| {
                path.starts_with("src/big/types/part_")
                    && text.contains(&format!("pub struct {ty} {{"))
            })
            .unwrap_or_else(|| panic!("no part holds {ty}"));
        path.trim_start_matches("src/big/types/")
            .trim_end_matches(".rs")
            .to_owned()
    };
    for (ty, feature) in [
        ("Alpha0", "alpha"),
        ("Alpha409", "alpha"),
        ("Hook2", "webhook-payloads"),
    ] {
        let part = part_of(ty);
        assert!(
            index.contains(&format!("#[cfg(feature = \"{feature}\")]\nmod {part};")),
            "{ty}'s {part} is declared only with `{feature}`:\n{index}"
        );
    }
    let hooks = file(&files, &format!("src/big/types/{}.rs", part_of("Hook0")));
    assert!(
        hooks.contains("#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]\n"),
        "a webhook payload is only decoded:\n{hooks}"
    );
    // Inside a part that one feature compiles, items carry no `cfg` of their own.
    assert!(!hooks.contains("#[cfg(feature"), "{hooks}");
    // A payload held by a type that `full` compiles is compiled with `full` too.
    let orphan = file(&files, &format!("src/big/types/{}.rs", part_of("Hook1")));
    assert!(
        orphan.contains(
            "#[cfg(any(feature = \"full\", feature = \"webhook-payloads\"))]\n/// The `Hook1` schema."
        ),
        "{orphan}"
    );
}
