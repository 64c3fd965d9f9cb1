//! Emit the `types` module of a spec: structs, open string enums, unions, aliases and newtypes.
//!
//! Types are written as text through [`Source`], not as token streams: they are
//! most of a big spec's code, and skipping the parse and print of tokens makes
//! generation several times faster (see the `text` module).

use super::docs;
use super::features::{FeaturePlan, Serde, TypeFile, TypeGate, SERDE_FEATURE};
use super::text::{Source, Written};
use crate::escape::{self, rust_string};
use crate::ir::{
    is_plain_value, EnumValue, Field, Presence, SpecModule, TypeDef, TypeId, TypeKind, TypeRef,
    UnionVariant,
};

/// Above this many arguments a constructor trips clippy's `too_many_arguments`.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// A Rust type as source text; `prefix` is the path to the `types` module from where it is used.
pub fn rust_type(ty: &TypeRef, module: &SpecModule, prefix: &str) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Ipv4 => "std::net::Ipv4Addr".into(),
        TypeRef::Ipv6 => "std::net::Ipv6Addr".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "bytes::Bytes".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner, module, prefix)),
        TypeRef::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(inner, module, prefix)
        ),
        TypeRef::Named(id) => format!("{prefix}{}", module.types[id.0].name),
    }
}

/// The module docs of a spec's types.
fn types_doc(module: &SpecModule, source: &mut Source) {
    source.inner_doc(&format!(
        "The data types of the {} ({}): request bodies, responses and the values they hold.",
        escape::markdown(&module.title),
        escape::code_span(&module.source)
    ));
}

/// The items of the types `ids`, each behind the features that use it, unless
/// the whole file is (`file_gated`).
fn type_items(
    module: &SpecModule,
    module_index: usize,
    plan: &FeaturePlan,
    ids: impl IntoIterator<Item = usize>,
    file_gated: bool,
    source: &mut Source,
) {
    for id in ids {
        let mut items = Items {
            source,
            gate: plan.type_gate(module_index, id).filter(|_| !file_gated),
            serde: plan.serde(module_index, id),
        };
        type_def(TypeId(id), &module.types[id], module, &mut items);
    }
}

/// Where a type's items go: each opens with a blank line and the type's `#[cfg]`.
struct Items<'s, 'p> {
    source: &'s mut Source,
    gate: Option<TypeGate<'p>>,
    /// The serde impls the type's use needs.
    serde: Serde,
}

impl Items<'_, '_> {
    /// Starts the next item and returns the source to write it to.
    fn next(&mut self) -> &mut Source {
        self.source.blank();
        match self.gate {
            None => {}
            Some(TypeGate::Full) => self
                .source
                .attribute("cfg", &[r#"feature = "full""#.to_owned()]),
            Some(TypeGate::AnyOf(features)) => self.source.cfg_any(features),
        }
        self.source
    }
}

/// `types.rs`, holding every type of a spec module.
pub fn types_file(module: &SpecModule, module_index: usize, plan: &FeaturePlan) -> Written {
    let mut source = Source::default();
    types_doc(module, &mut source);
    type_items(
        module,
        module_index,
        plan,
        0..module.types.len(),
        false,
        &mut source,
    );
    source.finish()
}

/// `types/mod.rs` of a spec with many types: the docs, and every part re-exported,
/// so the types have one namespace however they are split across files. A part
/// whose types one feature compiles is declared only with that feature, so rustc
/// reads it only then.
pub fn types_index(module: &SpecModule, gates: &[Option<String>]) -> Written {
    let mut source = Source::default();
    types_doc(module, &mut source);
    for (part, gate) in (1..).zip(gates) {
        let gate = |source: &mut Source| {
            if let Some(feature) = gate {
                source.cfg_any([feature]);
            }
        };
        source.blank();
        gate(&mut source);
        source.line(&format!("mod part_{part};"));
        source.blank();
        gate(&mut source);
        // With only some features enabled a part can be empty, leaving its re-export unused.
        source.line("#[allow(unused_imports)]");
        source.line(&format!("pub use part_{part}::*;"));
    }
    source.finish()
}

/// `types/part_N.rs`: the types of `file`, which see the others through the parent.
pub fn types_part(
    module: &SpecModule,
    module_index: usize,
    plan: &FeaturePlan,
    file: &TypeFile,
) -> Written {
    let mut source = Source::default();
    source.inner_doc(&match &file.feature {
        Some(feature) => format!(
            "A part of the types: those only the feature {} compiles; all are re-exported from `types`.",
            escape::code_span(feature)
        ),
        None => "A part of the types, split only to keep files small; all are re-exported from `types`."
            .to_owned(),
    });
    source.blank();
    source.line("#[allow(unused_imports)]");
    source.line("use super::*;");
    let ids = file.ids.iter().copied();
    type_items(
        module,
        module_index,
        plan,
        ids,
        file.feature.is_some(),
        &mut source,
    );
    source.finish()
}
fn type_def(id: TypeId, def: &TypeDef, module: &SpecModule, items: &mut Items) {
    let fallback = format!("The {} schema.", escape::code_span(&def.name));
    let doc = docs::text(&def.docs, &fallback);
    let name = def.name.as_str();
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(name, &doc, fields, module, items),
        TypeKind::StringEnum(values) => string_enum(name, &doc, values, items),
        TypeKind::Union(variants) => {
            let serde = items.serde;
            union(name, &doc, variants, module, serde, items.next());
            if is_plain_value(&TypeRef::Named(id), &|id: TypeId| {
                module.types.get(id.0).map(|t| &t.kind)
            }) {
                union_to_param(name, variants, items.next());
            }
        }
        TypeKind::Alias(ty) => {
            let source = items.next();
            source.doc(&doc);
            source.alias(name, &rust_type(ty, module, ""));
        }
        TypeKind::Newtype(ty) => newtype(name, &doc, &rust_type(ty, module, ""), items),
    }
}

/// A type that wraps `inner`, for an alias that contains itself. It is transparent on
/// the wire, and `Deref` and `From` let it be read and built like the type it wraps.
/// Every newtype wraps a `Vec`, a map or another newtype, so each has a `Default`.
fn newtype(name: &str, doc: &str, inner: &str, items: &mut Items) {
    let serde = items.serde;
    let source = items.next();
    source.doc(&format!(
        "{doc}\n\nA type of its own wrapping {}, since it contains itself (a Rust type alias \
         cannot); it derefs to what it wraps and converts from it.",
        escape::code_span(&inner.replace("std::collections::", ""))
    ));
    source.line(&format!(
        "#[derive(Debug, Clone, Default, PartialEq, {})]",
        serde.derives()
    ));
    optional_serde_derives(serde, source);
    source.line("#[serde(transparent)]");
    source.tuple_struct(&format!("pub struct {name}"), &format!("pub {inner}"));
    items
        .next()
        .impl_block(&format!("impl std::ops::Deref for {name}"), |source| {
            source.associated_type("Target", inner);
            source.function("fn deref", &["&self".into()], "&Self::Target", |source| {
                source.line("&self.0");
            });
        });
    items
        .next()
        .impl_block(&format!("impl std::ops::DerefMut for {name}"), |source| {
            source.function(
                "fn deref_mut",
                &["&mut self".into()],
                "&mut Self::Target",
                |source| source.line("&mut self.0"),
            );
        });
    items
        .next()
        .impl_block(&format!("impl From<{inner}> for {name}"), |source| {
            source.function("fn from", &[format!("value: {inner}")], "Self", |source| {
                source.line("Self(value)");
            });
        });
}

/// The serde derives the type's use does not need, behind [`SERDE_FEATURE`].
fn optional_serde_derives(serde: Serde, source: &mut Source) {
    if let Some(line) = serde.optional_derives() {
        source.line(&line);
    }
}

/// A hand-written serde impl's item: behind [`SERDE_FEATURE`] when the type's use
/// does not need it.
fn serde_impl(needed: bool, source: &mut Source) -> &mut Source {
    if !needed {
        source.attribute("cfg", &[format!("feature = \"{SERDE_FEATURE}\"")]);
    }
    source
}

/// The field's declared type, with the `Box` and `Option`s its presence adds.
fn field_type(field: &Field, module: &SpecModule) -> String {
    let mut ty = rust_type(&field.ty, module, "");
    if field.secret {
        ty = format!("crate::Secret<{ty}>");
    }
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
    }
}

fn struct_def(name: &str, doc: &str, fields: &[Field], module: &SpecModule, items: &mut Items) {
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    let derive_default = if required.is_empty() { "Default, " } else { "" };
    let serde = items.serde;
    let source = items.next();
    source.doc(doc);
    source.line(&format!(
        "#[derive(Debug, Clone, PartialEq, {derive_default}{})]",
        serde.derives()
    ));
    optional_serde_derives(serde, source);
    source.line("#[non_exhaustive]");
    if fields.is_empty() {
        source.line(&format!("pub struct {name} {{}}"));
    } else {
        source.block(&format!("pub struct {name} {{"), "}", |source| {
            for field in fields {
                field_declaration(field, module, source);
            }
        });
    }
    if !required.is_empty() {
        constructor(name, fields, &required, module, items.next());
    }
}

fn field_declaration(field: &Field, module: &SpecModule, source: &mut Source) {
    let mut text = docs::text(
        &field.docs,
        &format!("The {} property.", escape::code_span(&field.wire_name)),
    );
    if field.secret {
        text.push_str("\n\nA secret: it prints as `[REDACTED]`; read it with `expose()`.");
    }
    text.push_str(match field.presence {
        Presence::Required => "",
        Presence::RequiredNullable => "\n\nAlways sent; `None` is `null`.",
        Presence::Optional => "",
        Presence::OptionalNullable => "\n\n`None` when absent, `Some(None)` when `null`.",
    });
    source.doc(&text);
    if field.name.trim_start_matches("r#") != field.wire_name {
        let rename = format!("rename = {}", rust_string(&field.wire_name));
        source.attribute("serde", &[rename]);
    }
    let skip_none = || {
        vec![
            "default".to_owned(),
            r#"skip_serializing_if = "Option::is_none""#.to_owned(),
        ]
    };
    match field.presence {
        Presence::Required | Presence::RequiredNullable => {}
        Presence::Optional => source.attribute("serde", &skip_none()),
        Presence::OptionalNullable => {
            let mut args = skip_none();
            args.push(r#"with = "crate::runtime::nullable""#.to_owned());
            source.attribute("serde", &args);
        }
    }
    source.field(&format!("pub {}", field.name), &field_type(field, module));
}

fn constructor(
    name: &str,
    fields: &[Field],
    required: &[&Field],
    module: &SpecModule,
    source: &mut Source,
) {
    let params: Vec<String> = required
        .iter()
        .map(|field| {
            let ty = rust_type(&field.ty, module, "");
            let ty = if field.presence == Presence::RequiredNullable {
                format!("Option<{ty}>")
            } else if field.ty == TypeRef::String {
                "impl Into<String>".to_owned()
            } else {
                ty
            };
            format!("{}: {ty}", field.name)
        })
        .collect();
    let inits: Vec<String> = fields.iter().map(field_init).collect();
    let doc = if fields.len() > required.len() {
        "Creates the value from its required fields; the optional ones start as `None`."
    } else {
        "Creates the value from its fields."
    };
    source.impl_block(&format!("impl {name}"), |source| {
        source.doc(doc);
        if required.len() > CLIPPY_MAX_ARGUMENTS {
            source.line("#[allow(clippy::too_many_arguments)]");
        }
        source.function("pub fn new", &params, "Self", |source| {
            source.struct_literal("Self", &inits);
        });
    });
}

/// A field's initialiser in the constructor: callers pass plain values; the
/// constructor adds the `Into`, `Secret` and `Box` layers.
fn field_init(field: &Field) -> String {
    let name = &field.name;
    if !matches!(
        field.presence,
        Presence::Required | Presence::RequiredNullable
    ) {
        return format!("{name}: None");
    }
    let mut value = name.clone();
    if field.presence == Presence::RequiredNullable {
        if field.secret {
            value = format!("{value}.map(crate::Secret::new)");
        }
        if field.boxed {
            value = format!("{value}.map(Box::new)");
        }
    } else {
        if field.ty == TypeRef::String {
            value = format!("{value}.into()");
        }
        if field.secret {
            value = format!("crate::Secret::new({value})");
        }
        if field.boxed {
            value = format!("Box::new({value})");
        }
    }
    if value == *name {
        value
    } else {
        format!("{name}: {value}")
    }
}

/// An open string enum: `#[non_exhaustive]`, so a value added to the API later breaks
/// neither decoding nor a caller's `match`, with the values this client does not know
/// in `Unknown`. Only `From<&str>` (which decoding goes through) makes an `Unknown`, and
/// never for a known value, so equality agrees with the wire.
fn string_enum(name: &str, doc: &str, values: &[EnumValue], items: &mut Items) {
    let source = items.next();
    source.doc(&format!(
        "{doc}\n\nValues this version of the client does not know decode as `Unknown`, and the\n\
         enum is `#[non_exhaustive]`, so a value added to the API later breaks neither\n\
         decoding nor a `match` (which needs a `_` arm)."
    ));
    source.line("#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    source.line("#[non_exhaustive]");
    source.block(&format!("pub enum {name} {{"), "}", |source| {
        for value in values {
            source.doc(&format!("The value {}.", escape::code_span(&value.wire)));
            source.line(&format!("{},", value.name));
        }
        source.doc(
            "A value this version of the client does not know, kept as it was sent (`as_str()`).\n\n\
             Only decoding and `From<&str>` make one, and never for a value that has a variant.",
        );
        source.tuple_variant("Unknown", &format!("crate::UnknownValue<{name}>"));
    });
    items.next().impl_block(&format!("impl {name}"), |source| {
        source.doc("The value as it is sent on the wire.");
        source.function("pub fn as_str", &["&self".into()], "&str", |source| {
            source.block("match self {", "}", |source| {
                for value in values {
                    source.arm(&format!("Self::{}", value.name), &rust_string(&value.wire));
                }
                source.line("Self::Unknown(value) => value.as_str(),");
            });
        });
    });
    items
        .next()
        .impl_block(&format!("impl std::fmt::Display for {name}"), |source| {
            source.function(
                "fn fmt",
                &["&self".into(), "f: &mut std::fmt::Formatter<'_>".into()],
                "std::fmt::Result",
                |source| source.line("f.write_str(self.as_str())"),
            );
        });
    items
        .next()
        .impl_block(&format!("impl From<&str> for {name}"), |source| {
            source.doc("The variant of `value`: `Unknown` only when no variant has it.");
            source.function("fn from", &["value: &str".into()], "Self", |source| {
                source.block("match value {", "}", |source| {
                    for value in values {
                        source.arm(&rust_string(&value.wire), &format!("Self::{}", value.name));
                    }
                    source.arm(
                        "other",
                        "Self::Unknown(crate::UnknownValue::new(other.to_owned()))",
                    );
                });
            });
        });
    let serde = items.serde;
    string_enum_serialize(name, serde_impl(serde.serialize, items.next()));
    string_enum_deserialize(name, serde_impl(serde.deserialize, items.next()));
    items.next().impl_block(
        &format!("impl crate::runtime::request::ToParam for {name}"),
        |source| {
            source.function("fn to_param", &["&self".into()], "String", |source| {
                source.line("self.as_str().to_owned()");
            });
        },
    );
}

/// An open string enum's `Serialize`: the value as it is sent.
fn string_enum_serialize(name: &str, source: &mut Source) {
    source.impl_block(&format!("impl serde::Serialize for {name}"), |source| {
        source.function(
            "fn serialize<S: serde::Serializer>",
            &["&self".into(), "serializer: S".into()],
            "Result<S::Ok, S::Error>",
            |source| source.line("serializer.serialize_str(self.as_str())"),
        );
    });
}

/// An open string enum's `Deserialize`, through `From<&str>`, so an unknown value
/// decodes as `Unknown`.
fn string_enum_deserialize(name: &str, source: &mut Source) {
    source.impl_block(
        &format!("impl<'de> serde::Deserialize<'de> for {name}"),
        |source| {
            source.function(
                "fn deserialize<D: serde::Deserializer<'de>>",
                &["deserializer: D".into()],
                "Result<Self, D::Error>",
                |source| {
                    source.line(
                        "let value = <String as serde::Deserialize>::deserialize(deserializer)?;",
                    );
                    source.line("Ok(Self::from(value.as_str()))");
                },
            );
        },
    );
}

fn union(
    name: &str,
    doc: &str,
    variants: &[UnionVariant],
    module: &SpecModule,
    serde: Serde,
    source: &mut Source,
) {
    source.doc(&format!(
        "{doc}\n\nDecoding tries each shape in order and keeps the first that fits."
    ));
    source.line(&format!(
        "#[derive(Debug, Clone, PartialEq, {})]",
        serde.derives()
    ));
    optional_serde_derives(serde, source);
    source.line("#[serde(untagged)]");
    source.block(&format!("pub enum {name} {{"), "}", |source| {
        for variant in variants {
            let ty = rust_type(&variant.ty, module, "");
            source.doc(&format!(
                "The value as {}.",
                escape::code_span(&ty.replace(' ', ""))
            ));
            let ty = if variant.boxed {
                format!("Box<{ty}>")
            } else {
                ty
            };
            source.tuple_variant(&variant.name, &ty);
        }
    });
}

/// Lets a union of plain values be a path, query or header parameter.
fn union_to_param(name: &str, variants: &[UnionVariant], source: &mut Source) {
    source.impl_block(
        &format!("impl crate::runtime::request::ToParam for {name}"),
        |source| {
            source.function("fn to_param", &["&self".into()], "String", |source| {
                source.block("match self {", "}", |source| {
                    for variant in variants {
                        source.arm(
                            &format!("Self::{}(value)", variant.name),
                            "value.to_param()",
                        );
                    }
                });
            });
        },
    );
}
