//! The choice of the fields an error body keeps the server's message and code in,
//! which the generated `ApiError` implementations read.
//!
//! By default the message is the first string field named [`MESSAGE_FIELDS`] and the
//! code the first named [`CODE_FIELDS`], looked for at the top of the body, then
//! inside an `error` object or the first item of an `errors` list. The schema's
//! `x-oagen-error-message` and `x-oagen-error-code` extensions name another field as
//! a dot-separated path of property names (`detail`, `error.reason`), or none
//! (`false`). The choice is made once every type is lowered, since a body's fields
//! are known only then.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::ir::{
    ErrorTextFields, Field, OperationGroup, Payload, TextFieldPath, TextFieldStep, TypeDef,
    TypeKind, TypeRef,
};

/// The extension naming the message field of an error schema.
pub(crate) const MESSAGE_EXTENSION: &str = "x-oagen-error-message";

/// The extension naming the code field of an error schema.
pub(crate) const CODE_EXTENSION: &str = "x-oagen-error-code";

/// The names a message field goes by, most specific first: RFC 9457 problem details
/// have a `detail` and a `title`, OAuth errors an `error_description`.
const MESSAGE_FIELDS: &[&str] = &["message", "detail", "error_description", "error", "title"];

/// The names a code field goes by.
const CODE_FIELDS: &[&str] = &["code", "type"];

/// The fields a body nests its error in: an object (`{"error": {"message": ..}}`) or
/// a list whose first item is read (`{"errors": [{"detail": ..}]}`).
const NESTING_FIELDS: &[&str] = &["error", "errors"];

/// How many aliases a field's type is followed through before the choice gives up (a
/// cycle of aliases).
const MAX_ALIASES: usize = 8;

/// What an error schema's extensions ask for one of its two fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Requested {
    /// No extension: the default choice.
    Default,
    /// `false`: the body has no such field.
    Nothing,
    /// A path of property names, and where the extension is written.
    Path { names: Vec<String>, at: String },
}

/// What an error schema's extensions ask for, read while its operation is lowered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRequest {
    pub(crate) message: Requested,
    pub(crate) code: Requested,
}

/// The requests of one module, by error enum and variant name.
pub(crate) type TextRequests = BTreeMap<(String, String), TextRequest>;

/// Reads the extensions of the error body's schema found at `at`, whose extension
/// values `extension` looks up; `None` when it has neither. A value that is not a
/// path or `false` is reported.
pub(crate) fn read_request(
    extension: impl Fn(&str) -> Option<Value>,
    file: &Path,
    at: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<TextRequest> {
    let mut read = |name: &str| {
        let Some(value) = extension(name) else {
            return Requested::Default;
        };
        let extension_at = format!("{at}/{name}");
        let requested = match (value.as_bool(), value.as_str()) {
            (Some(false), _) => Some(Requested::Nothing),
            (_, Some(path)) => {
                let names: Vec<String> = path.split('.').map(str::to_owned).collect();
                let valid = !names.iter().any(String::is_empty);
                valid.then(|| Requested::Path {
                    names,
                    at: extension_at.clone(),
                })
            }
            _ => None,
        };
        requested.unwrap_or_else(|| {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-error-field",
                    file,
                    extension_at,
                    format!("`{name}` must name a field of the error body, or be `false`"),
                )
                .with_hint("write the property names from the body to the field, joined by `.` (such as `detail` or `error.message`), or `false` for none"),
            );
            Requested::Default
        })
    };
    let request = TextRequest {
        message: read(MESSAGE_EXTENSION),
        code: read(CODE_EXTENSION),
    };
    (request.message != Requested::Default || request.code != Requested::Default).then_some(request)
}

/// Chooses the message and code fields of every documented JSON error body of
/// `groups`, whose types are `types`, honouring `requests`; reports each request that
/// names no text field.
pub(crate) fn choose(
    groups: &mut [OperationGroup],
    types: &[TypeDef],
    requests: &TextRequests,
    file: &Path,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for op in groups.iter_mut().flat_map(|group| &mut group.operations) {
        for case in &mut op.errors {
            let Payload::Json(body) = &case.payload else {
                continue;
            };
            let request = requests.get(&(op.error_name.clone(), case.variant.clone()));
            let (message, code) = request.map_or((&Requested::Default, &Requested::Default), |r| {
                (&r.message, &r.code)
            });
            let mut pick = |requested: &Requested, defaults: &[&str]| match requested {
                Requested::Default => default_path(body, types, defaults),
                Requested::Nothing => None,
                Requested::Path { names, at } => {
                    let path = named_path(body, types, names);
                    if path.is_none() {
                        diagnostics.push(not_a_text_field(names, at, file));
                    }
                    path
                }
            };
            case.server_text = ErrorTextFields {
                message: pick(message, MESSAGE_FIELDS),
                code: pick(code, CODE_FIELDS),
            };
        }
    }
    diagnostics
}

fn not_a_text_field(names: &[String], at: &str, file: &Path) -> Diagnostic {
    Diagnostic::error(
        "invalid-error-field",
        file,
        at,
        format!(
            "the error body has no string field `{}` to read the server's text from",
            names.join(".")
        ),
    )
    .with_hint("name a string or string-enum property that is not a secret, through objects or lists of objects (such as `error.message`), or write `false` for none")
}

/// The default field among `names` (first match, in that order) at the top of the
/// body, else inside one of its [`NESTING_FIELDS`].
fn default_path(body: &TypeRef, types: &[TypeDef], names: &[&str]) -> Option<TextFieldPath> {
    let fields = struct_fields(body, types)?;
    if let Some(path) = first_text_field(fields, types, names, Vec::new()) {
        return Some(path);
    }
    NESTING_FIELDS.iter().find_map(|nesting| {
        let field = readable(fields, nesting)?;
        let (inner, first_item) = nested_struct(&field.ty, types)?;
        let step = step(field, first_item);
        first_text_field(inner, types, names, vec![step])
    })
}

/// The first of `names` that is a text field of `fields`, reached through `steps`.
fn first_text_field(
    fields: &[Field],
    types: &[TypeDef],
    names: &[&str],
    steps: Vec<TextFieldStep>,
) -> Option<TextFieldPath> {
    names.iter().find_map(|name| {
        let field = readable(fields, name)?;
        let is_enum = text_kind(&field.ty, types)?;
        let mut steps = steps.clone();
        steps.push(step(field, false));
        Some(TextFieldPath { steps, is_enum })
    })
}

/// The field a path of property names leads to, when it is a text field reached
/// through objects and lists of objects.
fn named_path(body: &TypeRef, types: &[TypeDef], names: &[String]) -> Option<TextFieldPath> {
    let (last, through) = names.split_last()?;
    let mut fields = struct_fields(body, types)?;
    let mut steps = Vec::with_capacity(names.len());
    for name in through {
        let field = readable(fields, name)?;
        let (inner, first_item) = nested_struct(&field.ty, types)?;
        steps.push(step(field, first_item));
        fields = inner;
    }
    let field = readable(fields, last)?;
    let is_enum = text_kind(&field.ty, types)?;
    steps.push(step(field, false));
    Some(TextFieldPath { steps, is_enum })
}

fn step(field: &Field, first_item: bool) -> TextFieldStep {
    TextFieldStep {
        name: field.name.clone(),
        presence: field.presence,
        first_item,
    }
}

/// The field of `fields` whose property is named `name`, unless it holds a secret,
/// which never reaches an error's `Display`.
fn readable<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields
        .iter()
        .find(|field| field.wire_name == name && !field.secret)
}

/// The fields of the struct `ty` is, through aliases.
fn struct_fields<'a>(ty: &TypeRef, types: &'a [TypeDef]) -> Option<&'a [Field]> {
    match named_kind(ty, types)? {
        TypeKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

/// The fields of the struct `ty` is, or of the struct its list holds (then `true`),
/// through aliases (Cloudflare's `errors` is an alias of a list of messages).
fn nested_struct<'a>(ty: &TypeRef, types: &'a [TypeDef]) -> Option<(&'a [Field], bool)> {
    match unaliased(ty, types)? {
        TypeRef::Vec(item) => Some((struct_fields(item, types)?, true)),
        other => Some((struct_fields(other, types)?, false)),
    }
}

/// Whether `ty` reads as text: `Some(false)` for a string, `Some(true)` for a
/// string enum, through aliases.
fn text_kind(ty: &TypeRef, types: &[TypeDef]) -> Option<bool> {
    match unaliased(ty, types)? {
        TypeRef::String => Some(false),
        other => match named_kind(other, types)? {
            TypeKind::StringEnum(_) => Some(true),
            _ => None,
        },
    }
}

/// The kind of the named type `ty` is, through aliases.
fn named_kind<'a>(ty: &TypeRef, types: &'a [TypeDef]) -> Option<&'a TypeKind> {
    match unaliased(ty, types)? {
        TypeRef::Named(id) => types.get(id.0).map(|def| &def.kind),
        _ => None,
    }
}

/// `ty` with the aliases it names followed: a type that is not a named alias.
fn unaliased<'a>(ty: &'a TypeRef, types: &'a [TypeDef]) -> Option<&'a TypeRef> {
    let mut ty = ty;
    for _ in 0..MAX_ALIASES {
        let TypeRef::Named(id) = ty else {
            return Some(ty);
        };
        match &types.get(id.0)?.kind {
            TypeKind::Alias(inner) => ty = inner,
            _ => return Some(ty),
        }
    }
    None
}
