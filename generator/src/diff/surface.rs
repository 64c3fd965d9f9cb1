//! The public API of a generated crate as plain data: what [`super::compare`] compares.
//!
//! A surface is built from the [`ir`](crate::ir) and the spec's tree (for the JSON
//! pointer of each item). Everything is keyed by what a user of the crate sees:
//! operations by HTTP method and path (so a renamed method is recognised),
//! types and fields by their Rust names, and types are written as Rust type text.
//! It serializes to JSON, which is how `cargo xtask codegen` keeps the API of the
//! committed crate (`generated/api.json`) to compare the next generation with.

use std::collections::BTreeMap;

use crate::document::tree::{Node, Tree};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{escape_pointer_token, pointer};
use crate::ir::{
    Crate, ParamLocation, Payload, Presence, SpecModule, StatusMatch, TypeDef, TypeId, TypeKind,
    TypeRef,
};

/// The API of a whole crate: one module per spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiSurface {
    /// One entry per spec module, in generation order.
    pub modules: Vec<ModuleSurface>,
}

/// The API generated from one spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModuleSurface {
    /// The Rust module, such as `control_plane`.
    pub name: String,
    /// The spec file name it came from, such as `control-plane.yaml`.
    pub source: String,
    /// Every operation, in spec order.
    pub operations: Vec<OperationSurface>,
    /// Every named type, by name.
    pub types: Vec<TypeSurface>,
}

/// One method of the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `METHOD /path`: what identifies the operation across versions.
    pub key: String,
    /// The group accessor, such as `site_operations`.
    pub accessor: String,
    /// The method, such as `rotate_api_credentials`.
    pub method: String,
    /// The error enum, such as `RotateApiCredentialsError`.
    pub error_enum: String,
    /// The request builder the method returns, such as `RotateApiCredentials`
    /// (empty in an `api.json` written before it was recorded).
    #[serde(default)]
    pub builder: String,
    /// The JSON pointer of the operation in its spec.
    pub pointer: String,
    /// Every parameter.
    pub params: Vec<ParamSurface>,
    /// The request body, if any.
    pub body: Option<BodySurface>,
    /// What a successful call returns, as Rust type text.
    pub success: String,
    /// The pointer of the success response(s).
    pub success_pointer: String,
    /// One entry per error variant.
    pub errors: Vec<ErrorSurface>,
}

/// A parameter: a method argument when required, a builder setter otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParamSurface {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Its Rust type.
    pub ty: String,
    /// Whether it is a method argument.
    pub required: bool,
    /// Its JSON pointer.
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BodySurface {
    /// Its Rust type.
    pub ty: String,
    /// Whether it is a method argument.
    pub required: bool,
    /// Its JSON pointer.
    pub pointer: String,
}

/// One variant of an operation's error enum.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorSurface {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// The variant name.
    pub variant: String,
    /// What it carries, as Rust type text (`()` for nothing).
    pub payload: String,
    /// Its JSON pointer.
    pub pointer: String,
}

/// A named type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeSurface {
    /// The Rust name.
    pub name: String,
    /// `struct`, `enum` (a string enum), `union`, `alias` or `newtype`.
    pub kind: String,
    /// Where it is defined (a component schema, or where an inline schema is used).
    pub pointer: String,
    /// Whether a request (a parameter or a body) can contain it.
    pub in_request: bool,
    /// A struct's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSurface>,
    /// A string enum's wire values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// A union's variants, as `Name(Type)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// What an alias stands for, or what a newtype wraps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// A field of a struct.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The Rust name.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// Its Rust type without the `Option`s presence adds (`Secret<String>` for a secret).
    pub ty: String,
    /// `required`, `required, nullable`, `optional` or `optional, nullable`.
    pub presence: String,
    /// Its JSON pointer.
    pub pointer: String,
}

impl ApiSurface {
    /// The surface of a lowered crate; `raws[i]` is the tree of the spec of `krate.modules[i]`.
    pub fn of(krate: &Crate, raws: &[&Tree]) -> ApiSurface {
        ApiSurface {
            modules: krate
                .modules
                .iter()
                .enumerate()
                .map(|(i, m)| module_surface(m, raws.get(i).map(|raw| raw.root())))
                .collect(),
        }
    }
}

fn module_surface(module: &SpecModule, raw: Option<Node<'_>>) -> ModuleSurface {
    let mut type_pointers: BTreeMap<usize, String> = BTreeMap::new();
    let mut in_request = vec![false; module.types.len()];
    // Component schemas first: their names are what the types are named after.
    let mut components: BTreeMap<String, &str> = BTreeMap::new();
    for name in raw
        .and_then(|raw| raw.pointer("/components/schemas"))
        .and_then(Node::as_object)
        .into_iter()
        .flat_map(|m| m.keys())
    {
        components
            .entry(crate::naming::type_name(name))
            .or_insert(name);
    }
    for (id, def) in module.types.iter().enumerate() {
        if let Some(name) = components.get(&def.name) {
            type_pointers.insert(id, pointer(["components", "schemas", name]));
        }
    }
    let mut operations = Vec::new();
    for group in &module.groups {
        for op in &group.operations {
            let op_at = operation_pointer(&op.path, &op.http_method);
            let params = op
                .params
                .iter()
                .map(|p| {
                    let at =
                        param_pointer(raw, &op.path, &op.http_method, &p.wire_name, p.location)
                            .unwrap_or_else(|| format!("{op_at}/parameters"));
                    note_type(&p.ty, &at, &mut type_pointers);
                    mark_request(&p.ty, module, &mut in_request);
                    ParamSurface {
                        name: p.name.clone(),
                        wire_name: p.wire_name.clone(),
                        location: match p.location {
                            ParamLocation::Path => "path",
                            ParamLocation::Query => "query",
                            ParamLocation::Header => "header",
                            ParamLocation::Cookie => "cookie",
                        }
                        .to_owned(),
                        ty: type_text(&p.ty, module),
                        required: p.required,
                        pointer: at,
                    }
                })
                .collect();
            let body = op.body.as_ref().map(|b| {
                let at = format!("{op_at}/requestBody");
                note_type(&b.ty, &at, &mut type_pointers);
                mark_request(&b.ty, module, &mut in_request);
                BodySurface {
                    ty: type_text(&b.ty, module),
                    required: b.required,
                    pointer: at,
                }
            });
            let mut success_pointer = format!("{op_at}/responses");
            for response in &op.success {
                let at = format!("{op_at}/responses/{}", status_text(response.status));
                if let Payload::Json(ty) = &response.payload {
                    note_type(ty, &at, &mut type_pointers);
                }
                if op.success.len() == 1 {
                    success_pointer = at;
                }
            }
            let success = match op.success.as_slice() {
                [] => "()".to_owned(),
                [one] => payload_text(&one.payload, module),
                many => format!(
                    "{} {{ {} }}",
                    op.success_enum_name
                        .clone()
                        .unwrap_or_else(|| format!("{}Response", op.builder_name)),
                    many.iter()
                        .map(|r| format!(
                            "{}: {}({})",
                            status_text(r.status),
                            r.variant,
                            payload_text(&r.payload, module)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let errors = op
                .errors
                .iter()
                .map(|e| {
                    let at = format!("{op_at}/responses/{}", status_text(e.status));
                    if let Payload::Json(ty) = &e.payload {
                        note_type(ty, &at, &mut type_pointers);
                    }
                    ErrorSurface {
                        status: status_text(e.status),
                        variant: e.variant.clone(),
                        payload: payload_text(&e.payload, module),
                        pointer: at,
                    }
                })
                .collect();
            operations.push(OperationSurface {
                key: format!("{} {}", op.http_method, op.path),
                accessor: group.accessor.clone(),
                method: op.method_name.clone(),
                error_enum: op.error_name.clone(),
                builder: op.builder_name.clone(),
                pointer: op_at,
                params,
                body,
                success,
                success_pointer,
                errors,
            });
        }
    }
    // Types reached through other types get a pointer below their parent's.
    loop {
        let mut added = false;
        for (id, def) in module.types.iter().enumerate() {
            let Some(at) = type_pointers.get(&id).cloned() else {
                continue;
            };
            for (child, child_at) in children(def, &at) {
                if let std::collections::btree_map::Entry::Vacant(slot) =
                    type_pointers.entry(child.0)
                {
                    slot.insert(child_at);
                    added = true;
                }
            }
        }
        if !added {
            break;
        }
    }
    let mut types: Vec<TypeSurface> = module
        .types
        .iter()
        .enumerate()
        .map(|(id, def)| {
            type_surface(
                def,
                module,
                type_pointers.get(&id).cloned().unwrap_or_default(),
                in_request[id],
            )
        })
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    ModuleSurface {
        name: module.name.clone(),
        source: module.source.clone(),
        operations,
        types,
    }
}

fn type_surface(def: &TypeDef, module: &SpecModule, at: String, in_request: bool) -> TypeSurface {
    let mut surface = TypeSurface {
        name: def.name.clone(),
        pointer: at.clone(),
        in_request,
        ..TypeSurface::default()
    };
    match &def.kind {
        TypeKind::Struct(fields) => {
            surface.kind = "struct".into();
            surface.fields = fields
                .iter()
                .map(|f| {
                    let mut ty = type_text(&f.ty, module);
                    if f.secret {
                        ty = format!("Secret<{ty}>");
                    }
                    FieldSurface {
                        name: f.name.clone(),
                        wire_name: f.wire_name.clone(),
                        ty,
                        presence: match f.presence {
                            Presence::Required => "required",
                            Presence::RequiredNullable => "required, nullable",
                            Presence::Optional => "optional",
                            Presence::OptionalNullable => "optional, nullable",
                        }
                        .into(),
                        pointer: format!("{at}/properties/{}", escape_pointer_token(&f.wire_name)),
                    }
                })
                .collect();
        }
        TypeKind::StringEnum(values) => {
            // The kind names what a user may rely on: a `match` needs a wildcard arm.
            surface.kind = "non-exhaustive enum".into();
            surface.values = values.iter().map(|v| v.wire.clone()).collect();
        }
        TypeKind::Union(variants) => {
            surface.kind = "union".into();
            surface.variants = variants
                .iter()
                .map(|v| format!("{}({})", v.name, type_text(&v.ty, module)))
                .collect();
        }
        TypeKind::Alias(ty) => {
            surface.kind = "alias".into();
            surface.alias = Some(type_text(ty, module));
        }
        TypeKind::Newtype(ty) => {
            surface.kind = "newtype".into();
            surface.alias = Some(type_text(ty, module));
        }
    }
    surface
}

/// The named types directly inside `def`, each with a pointer below `at`.
fn children(def: &TypeDef, at: &str) -> Vec<(TypeId, String)> {
    let mut out = Vec::new();
    let mut push = |ty: &TypeRef, child_at: String| {
        if let Some(id) = named_in(ty) {
            out.push((id, child_at));
        }
    };
    match &def.kind {
        TypeKind::Struct(fields) => {
            for f in fields {
                push(
                    &f.ty,
                    format!("{at}/properties/{}", escape_pointer_token(&f.wire_name)),
                );
            }
        }
        TypeKind::Union(variants) => {
            for v in variants {
                push(&v.ty, at.to_owned());
            }
        }
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => push(ty, at.to_owned()),
        TypeKind::StringEnum(_) => {}
    }
    out
}

/// The named type a reference ends in, through `Vec` and maps.
fn named_in(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner),
        _ => None,
    }
}

fn note_type(ty: &TypeRef, at: &str, pointers: &mut BTreeMap<usize, String>) {
    if let Some(id) = named_in(ty) {
        pointers.entry(id.0).or_insert_with(|| at.to_owned());
    }
}

/// Marks every type reachable from `ty` as part of a request.
fn mark_request(ty: &TypeRef, module: &SpecModule, marks: &mut [bool]) {
    let Some(id) = named_in(ty) else { return };
    if marks[id.0] {
        return;
    }
    marks[id.0] = true;
    let def = &module.types[id.0];
    match &def.kind {
        TypeKind::Struct(fields) => fields
            .iter()
            .for_each(|f| mark_request(&f.ty, module, marks)),
        TypeKind::Union(variants) => variants
            .iter()
            .for_each(|v| mark_request(&v.ty, module, marks)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => mark_request(ty, module, marks),
        TypeKind::StringEnum(_) => {}
    }
}

/// Finds where a parameter is declared: on the operation, or on its path item.
/// The pointer of the operation of `method` at `path` in the loaded document: a
/// fixed field of the path item, or for a method OpenAPI 3.0 has no field for
/// (`QUERY`, `COPY`), its entry under [`crate::document::EXTRA_OPERATIONS`].
fn operation_pointer(path: &str, method: &str) -> String {
    let item_at = format!("/paths/{}", escape_pointer_token(path));
    let lower = method.to_ascii_lowercase();
    if crate::document::METHODS.contains(&lower.as_str()) {
        format!("{item_at}/{lower}")
    } else {
        format!(
            "{item_at}/{}/{}",
            crate::document::EXTRA_OPERATIONS,
            escape_pointer_token(method)
        )
    }
}

fn param_pointer(
    raw: Option<Node<'_>>,
    path: &str,
    method: &str,
    wire: &str,
    location: ParamLocation,
) -> Option<String> {
    let want_in = match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let item_at = format!("/paths/{}", escape_pointer_token(path));
    let op_at = operation_pointer(path, method);
    for list_at in [
        format!("{op_at}/parameters"),
        format!("{item_at}/parameters"),
    ] {
        let list = raw.and_then(|raw| raw.pointer(&list_at));
        let Some(list) = list.and_then(Node::as_array) else {
            continue;
        };
        for (index, node) in list.iter().enumerate() {
            let node = match node.get("$ref").and_then(Node::as_str) {
                Some(r) => r
                    .strip_prefix('#')
                    .and_then(|p| raw?.pointer(p))
                    .unwrap_or(node),
                None => node,
            };
            if node.get("name").and_then(Node::as_str) == Some(wire)
                && node.get("in").and_then(Node::as_str) == Some(want_in)
            {
                return Some(format!("{list_at}/{index}"));
            }
        }
    }
    None
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn payload_text(payload: &Payload, module: &SpecModule) -> String {
    match payload {
        Payload::None => "()".to_owned(),
        Payload::Json(ty) => type_text(ty, module),
        Payload::Text => "String".to_owned(),
        Payload::Bytes => "Bytes".to_owned(),
    }
}

/// A type as Rust text, as the client declares it but with library types by
/// their bare names (`Uuid`, `DateTime<Utc>`), which is how people read them.
pub fn type_text(ty: &TypeRef, module: &SpecModule) -> String {
    let declared = crate::emit::rust_type(ty, module, "");
    [
        "std::collections::",
        "std::net::",
        "chrono::",
        "uuid::",
        "bytes::",
    ]
    .iter()
    .fold(declared, |text, path| text.replace(path, ""))
}
