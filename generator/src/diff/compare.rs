//! Comparing two API surfaces, change by change, each classified breaking or not.
//!
//! "Breaking" means code written against the old crate may stop compiling or
//! start behaving differently with the new one:
//!
//! - removing or renaming anything a user names (a method, a type, a field, an
//!   enum value, an error variant, a builder setter) is breaking;
//! - a new required parameter or request body (a new method argument), a type
//!   that changed, or a presence that changed (`T` ↔ `Option<T>`) is breaking;
//! - a new required field in a type a request carries is breaking (its `new`
//!   constructor takes one more argument); in a response-only type it is not
//!   (structs are `#[non_exhaustive]`, so nobody builds them field by field);
//! - a new union variant is breaking: unions are exhaustive, so a `match`
//!   over one stops compiling;
//! - a new string-enum value is not: string enums are open (`#[non_exhaustive]`,
//!   with `Unknown` for values the client does not know), so every `match` has a
//!   `_` arm already. It does change behaviour (the value used to decode as
//!   `Unknown`), which the message says;
//! - a new error variant is not: error enums are `#[non_exhaustive]`. It does
//!   change behaviour (the status used to arrive as `Error::UnexpectedStatus`),
//!   which the message says;
//! - new methods, optional parameters, optional fields and types are not.

use std::collections::BTreeMap;

use super::surface::{ApiSurface, ModuleSurface, OperationSurface, TypeSurface};
use super::{Change, ChangeKind, Side};

/// Every change from `old` to `new`. Modules pair by name, or by position when
/// each side has exactly one (two versions of one file may be named differently).
pub fn compare(old: &ApiSurface, new: &ApiSurface) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.modules.len() == 1 && new.modules.len() == 1 {
        compare_modules(&old.modules[0], &new.modules[0], &mut changes);
        return changes;
    }
    for o in &old.modules {
        match new.modules.iter().find(|n| n.name == o.name) {
            Some(n) => compare_modules(o, n, &mut changes),
            None => changes.push(Change::new(
                ChangeKind::ModuleRemoved,
                true,
                &o.name,
                format!("{}::*", o.name),
                format!("module `{}` (from {}) was removed", o.name, o.source),
                Side::Old,
                "",
            )),
        }
    }
    for n in &new.modules {
        if !old.modules.iter().any(|o| o.name == n.name) {
            changes.push(Change::new(
                ChangeKind::ModuleAdded,
                false,
                &n.name,
                format!("{}::*", n.name),
                format!("module `{}` (from {}) was added", n.name, n.source),
                Side::New,
                "",
            ));
        }
    }
    changes
}

fn compare_modules(old: &ModuleSurface, new: &ModuleSurface, out: &mut Vec<Change>) {
    let module = new.name.as_str();
    let new_ops: BTreeMap<&str, &OperationSurface> =
        new.operations.iter().map(|o| (o.key.as_str(), o)).collect();
    let old_ops: BTreeMap<&str, &OperationSurface> =
        old.operations.iter().map(|o| (o.key.as_str(), o)).collect();
    for o in &old.operations {
        match new_ops.get(o.key.as_str()) {
            Some(n) => compare_operations(module, o, n, out),
            None => out.push(Change::new(
                ChangeKind::MethodRemoved,
                true,
                module,
                call(o),
                format!(
                    "method `{}` ({}) was removed, and with it {}",
                    call(o),
                    o.key,
                    its_types(module, o)
                ),
                Side::Old,
                &o.pointer,
            )),
        }
    }
    for n in &new.operations {
        if !old_ops.contains_key(n.key.as_str()) {
            out.push(Change::new(
                ChangeKind::MethodAdded,
                false,
                module,
                call(n),
                format!("method `{}` ({}) was added", call(n), n.key),
                Side::New,
                &n.pointer,
            ));
        }
    }
    let new_types: BTreeMap<&str, &TypeSurface> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let old_types: BTreeMap<&str, &TypeSurface> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for o in &old.types {
        match new_types.get(o.name.as_str()) {
            Some(n) => compare_types(module, o, n, out),
            None => out.push(Change::new(
                ChangeKind::TypeRemoved,
                true,
                module,
                type_path(module, &o.name),
                format!("{} `{}` was removed", o.kind, type_path(module, &o.name)),
                Side::Old,
                &o.pointer,
            )),
        }
    }
    for n in &new.types {
        if !old_types.contains_key(n.name.as_str()) {
            out.push(Change::new(
                ChangeKind::TypeAdded,
                false,
                module,
                type_path(module, &n.name),
                format!("{} `{}` was added", n.kind, type_path(module, &n.name)),
                Side::New,
                &n.pointer,
            ));
        }
    }
}

/// The public types an operation brings: its error enum and, where recorded, its
/// request builder, as paths a user would have written.
fn its_types(module: &str, op: &OperationSurface) -> String {
    let error = format!("the error enum `{module}::{}`", op.error_enum);
    match op.builder.is_empty() {
        true => error,
        false => format!("the request builder `{module}::{}` and {error}", op.builder),
    }
}

fn call(op: &OperationSurface) -> String {
    format!("client.{}().{}()", op.accessor, op.method)
}

fn type_path(module: &str, name: &str) -> String {
    format!("{module}::types::{name}")
}

fn compare_operations(
    module: &str,
    old: &OperationSurface,
    new: &OperationSurface,
    out: &mut Vec<Change>,
) {
    let subject = call(new);
    if old.accessor != new.accessor || old.method != new.method {
        out.push(Change::new(
            ChangeKind::MethodRenamed,
            true,
            module,
            subject.clone(),
            format!(
                "method `{}` ({}) was renamed to `{}`",
                call(old),
                new.key,
                subject
            ),
            Side::New,
            &new.pointer,
        ));
    }
    // Parameters, by where they go and their wire name.
    for o in &old.params {
        let found = new
            .params
            .iter()
            .find(|n| n.wire_name == o.wire_name && n.location == o.location);
        let what = |required: bool| {
            if required {
                "argument"
            } else {
                "setter"
            }
        };
        match found {
            None => out.push(Change::new(
                ChangeKind::ParameterRemoved,
                true,
                module,
                subject.clone(),
                format!(
                    "`{subject}`: {} parameter `{}` ({} `{}`) was removed",
                    o.location,
                    o.wire_name,
                    what(o.required),
                    o.name
                ),
                Side::Old,
                &o.pointer,
            )),
            Some(n) => {
                if o.ty != n.ty {
                    out.push(Change::new(
                        ChangeKind::ParameterTypeChanged,
                        true,
                        module,
                        subject.clone(),
                        format!(
                            "`{subject}`: parameter `{}` changed type from `{}` to `{}`",
                            n.name, o.ty, n.ty
                        ),
                        Side::New,
                        &n.pointer,
                    ));
                }
                if o.required != n.required {
                    out.push(Change::new(
                        ChangeKind::ParameterRequiredChanged,
                        true,
                        module,
                        subject.clone(),
                        format!(
                            "`{subject}`: parameter `{}` became {} (a method {} instead of a builder {})",
                            n.name,
                            if n.required { "required" } else { "optional" },
                            what(n.required),
                            what(o.required),
                        ),
                        Side::New,
                        &n.pointer,
                    ));
                }
                if o.name != n.name && o.ty == n.ty {
                    out.push(Change::new(
                        ChangeKind::ParameterRenamed,
                        !n.required,
                        module,
                        subject.clone(),
                        format!(
                            "`{subject}`: parameter `{}` is now named `{}`",
                            o.name, n.name
                        ),
                        Side::New,
                        &n.pointer,
                    ));
                }
            }
        }
    }
    for n in &new.params {
        if !old
            .params
            .iter()
            .any(|o| o.wire_name == n.wire_name && o.location == n.location)
        {
            out.push(Change::new(
                ChangeKind::ParameterAdded,
                n.required,
                module,
                subject.clone(),
                if n.required {
                    format!(
                        "`{subject}`: new required {} parameter `{}`: the method takes a new argument `{}: {}`",
                        n.location, n.wire_name, n.name, n.ty
                    )
                } else {
                    format!(
                        "`{subject}`: new optional {} parameter `{}`: builder setter `.{}({})`",
                        n.location, n.wire_name, n.name, n.ty
                    )
                },
                Side::New,
                &n.pointer,
            ));
        }
    }
    match (&old.body, &new.body) {
        (None, Some(n)) => out.push(Change::new(
            ChangeKind::BodyAdded,
            n.required,
            module,
            subject.clone(),
            format!(
                "`{subject}`: new {} request body `{}`",
                if n.required { "required" } else { "optional" },
                n.ty
            ),
            Side::New,
            &n.pointer,
        )),
        (Some(o), None) => out.push(Change::new(
            ChangeKind::BodyRemoved,
            true,
            module,
            subject.clone(),
            format!("`{subject}`: the request body `{}` was removed", o.ty),
            Side::Old,
            &o.pointer,
        )),
        (Some(o), Some(n)) => {
            if o.ty != n.ty {
                out.push(Change::new(
                    ChangeKind::BodyTypeChanged,
                    true,
                    module,
                    subject.clone(),
                    format!(
                        "`{subject}`: the request body changed type from `{}` to `{}`",
                        o.ty, n.ty
                    ),
                    Side::New,
                    &n.pointer,
                ));
            }
            if o.required != n.required {
                out.push(Change::new(
                    ChangeKind::BodyRequiredChanged,
                    true,
                    module,
                    subject.clone(),
                    format!(
                        "`{subject}`: the request body became {}",
                        if n.required { "required" } else { "optional" }
                    ),
                    Side::New,
                    &n.pointer,
                ));
            }
        }
        (None, None) => {}
    }
    if old.success != new.success {
        out.push(Change::new(
            ChangeKind::SuccessTypeChanged,
            true,
            module,
            subject.clone(),
            format!(
                "`{subject}`: the success type changed from `{}` to `{}`",
                old.success, new.success
            ),
            Side::New,
            &new.success_pointer,
        ));
    }
    for o in &old.errors {
        match new.errors.iter().find(|n| n.status == o.status) {
            None => out.push(Change::new(
                ChangeKind::ErrorVariantRemoved,
                true,
                module,
                subject.clone(),
                format!(
                    "`{}::{}` was removed (status {}): that status now arrives as `Error::UnexpectedStatus`",
                    old.error_enum, o.variant, o.status
                ),
                Side::Old,
                &o.pointer,
            )),
            Some(n) if n.variant != o.variant || n.payload != o.payload => {
                out.push(Change::new(
                    ChangeKind::ErrorVariantChanged,
                    true,
                    module,
                    subject.clone(),
                    format!(
                        "`{}::{}({})` (status {}) became `{}::{}({})`",
                        old.error_enum,
                        o.variant,
                        o.payload,
                        o.status,
                        new.error_enum,
                        n.variant,
                        n.payload
                    ),
                    Side::New,
                    &n.pointer,
                ));
            }
            Some(_) => {}
        }
    }
    for n in &new.errors {
        if !old.errors.iter().any(|o| o.status == n.status) {
            out.push(Change::new(
                ChangeKind::ErrorVariantAdded,
                false,
                module,
                subject.clone(),
                format!(
                    "new error variant `{}::{}({})` for status {}; such responses used to arrive as `Error::UnexpectedStatus` (the enum is `#[non_exhaustive]`, so this compiles)",
                    new.error_enum, n.variant, n.payload, n.status
                ),
                Side::New,
                &n.pointer,
            ));
        }
    }
}

/// A kind of type with its indefinite article: "an enum", "a struct".
fn with_article(kind: &str) -> String {
    let article = match kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        true => "an",
        false => "a",
    };
    format!("{article} {kind}")
}

fn compare_types(module: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Vec<Change>) {
    let subject = type_path(module, &new.name);
    if old.kind != new.kind {
        out.push(Change::new(
            ChangeKind::TypeKindChanged,
            true,
            module,
            subject.clone(),
            format!(
                "`{subject}` changed from {} to {}",
                with_article(&old.kind),
                with_article(&new.kind)
            ),
            Side::New,
            &new.pointer,
        ));
        return;
    }
    for o in &old.fields {
        match new.fields.iter().find(|n| n.wire_name == o.wire_name) {
            None => out.push(Change::new(
                ChangeKind::FieldRemoved,
                true,
                module,
                subject.clone(),
                format!("field `{subject}::{}` was removed", o.name),
                Side::Old,
                &o.pointer,
            )),
            Some(n) => {
                if o.ty != n.ty {
                    out.push(Change::new(
                        ChangeKind::FieldTypeChanged,
                        true,
                        module,
                        subject.clone(),
                        format!(
                            "field `{subject}::{}` changed type from `{}` to `{}`",
                            n.name, o.ty, n.ty
                        ),
                        Side::New,
                        &n.pointer,
                    ));
                }
                if o.presence != n.presence {
                    out.push(Change::new(
                        ChangeKind::FieldPresenceChanged,
                        true,
                        module,
                        subject.clone(),
                        format!(
                            "field `{subject}::{}` changed from {} to {} (`{}` → `{}`)",
                            n.name,
                            o.presence,
                            n.presence,
                            wrap(&o.presence, &o.ty),
                            wrap(&n.presence, &n.ty)
                        ),
                        Side::New,
                        &n.pointer,
                    ));
                }
                if o.name != n.name {
                    out.push(Change::new(
                        ChangeKind::FieldRenamed,
                        true,
                        module,
                        subject.clone(),
                        format!("field `{subject}::{}` is now named `{}`", o.name, n.name),
                        Side::New,
                        &n.pointer,
                    ));
                }
            }
        }
    }
    for n in &new.fields {
        if old.fields.iter().any(|o| o.wire_name == n.wire_name) {
            continue;
        }
        let required = n.presence.starts_with("required");
        let breaking = required && new.in_request;
        let note = match (required, new.in_request) {
            (true, true) => ": requests must now set it, and `new` takes it as an argument",
            (true, false) => " (in a response type; its `new` takes one more argument)",
            (false, _) => "",
        };
        out.push(Change::new(
            if required {
                ChangeKind::RequiredFieldAdded
            } else {
                ChangeKind::FieldAdded
            },
            breaking,
            module,
            subject.clone(),
            format!(
                "new {} field `{subject}::{}: {}`{note}",
                n.presence,
                n.name,
                wrap(&n.presence, &n.ty)
            ),
            Side::New,
            &n.pointer,
        ));
    }
    for o in &old.values {
        if !new.values.contains(o) {
            out.push(Change::new(
                ChangeKind::EnumValueRemoved,
                true,
                module,
                subject.clone(),
                format!("enum `{subject}` lost the value `{o}` (it now decodes as `Unknown`)"),
                Side::Old,
                &old.pointer,
            ));
        }
    }
    for n in &new.values {
        if !old.values.contains(n) {
            out.push(Change::new(
                ChangeKind::EnumValueAdded,
                false,
                module,
                subject.clone(),
                format!(
                    "enum `{subject}` gained the value `{n}`, which used to decode as `Unknown` and now has a variant of its own (the enum is `#[non_exhaustive]`, so this compiles)"
                ),
                Side::New,
                &new.pointer,
            ));
        }
    }
    for o in &old.variants {
        if !new.variants.contains(o) {
            out.push(Change::new(
                ChangeKind::UnionVariantRemoved,
                true,
                module,
                subject.clone(),
                format!("union `{subject}` lost the variant `{o}`"),
                Side::Old,
                &old.pointer,
            ));
        }
    }
    for n in &new.variants {
        if !old.variants.contains(n) {
            out.push(Change::new(
                ChangeKind::UnionVariantAdded,
                true,
                module,
                subject.clone(),
                format!("union `{subject}` gained the variant `{n}`"),
                Side::New,
                &new.pointer,
            ));
        }
    }
    if old.alias != new.alias {
        out.push(Change::new(
            ChangeKind::AliasChanged,
            true,
            module,
            subject.clone(),
            format!(
                "`{subject}` now stands for `{}` instead of `{}`",
                new.alias.as_deref().unwrap_or("?"),
                old.alias.as_deref().unwrap_or("?")
            ),
            Side::New,
            &new.pointer,
        ));
    }
}

/// The field's Rust type with the `Option`s its presence adds.
fn wrap(presence: &str, ty: &str) -> String {
    match presence {
        "required" => ty.to_owned(),
        "optional, nullable" => format!("Option<Option<{ty}>>"),
        _ => format!("Option<{ty}>"),
    }
}
