//! Emit the `types` module of a spec: structs, open string enums, unions and aliases.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::features::{gate, FeaturePlan};
use crate::ir::{
    is_plain_value, EnumValue, Field, Presence, SpecModule, TypeDef, TypeId, TypeKind, TypeRef,
    UnionVariant,
};
use crate::naming::ident;

/// Above this many arguments a constructor trips clippy's `too_many_arguments`.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The tokens of a Rust type; `prefix` is the path to the `types` module from where it is used.
pub fn rust_type(ty: &TypeRef, module: &SpecModule, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Ipv4 => quote!(std::net::Ipv4Addr),
        TypeRef::Ipv6 => quote!(std::net::Ipv6Addr),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, module, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, module, prefix);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(id) => {
            let name = ident(&module.types[id.0].name);
            quote!(#prefix #name)
        }
    }
}

/// The module docs of a spec's types.
fn types_doc(module: &SpecModule) -> TokenStream {
    docs::inner_attrs(&format!(
        "The data types of the {} (`{}`): request bodies, responses and the values they hold.",
        docs::markdown(&module.title),
        module.source
    ))
}

/// The items of the types in `range`, each behind the features that use it.
fn type_items(
    module: &SpecModule,
    module_index: usize,
    plan: &FeaturePlan,
    range: Range<usize>,
) -> TokenStream {
    let mut items = TokenStream::new();
    for id in range {
        let def = &module.types[id];
        items.extend(gate(
            type_def(TypeId(id), def, module),
            &plan.type_cfg(module_index, id),
        ));
    }
    items
}

/// `types.rs`, holding every type of a spec module.
pub fn types_file(module: &SpecModule, module_index: usize, plan: &FeaturePlan) -> TokenStream {
    let doc = types_doc(module);
    let items = type_items(module, module_index, plan, 0..module.types.len());
    quote! {
        #doc
        #items
    }
}

/// `types/mod.rs` of a spec with many types: the docs, and every part re-exported,
/// so the types have one namespace however they are split across files.
pub fn types_index(module: &SpecModule, parts: usize) -> TokenStream {
    let doc = types_doc(module);
    let parts = (1..=parts).map(|n| {
        let part = quote::format_ident!("part_{}", n);
        // With only some features enabled a part can be empty, leaving its re-export unused.
        quote! { mod #part; #[allow(unused_imports)] pub use #part::*; }
    });
    quote! {
        #doc
        #(#parts)*
    }
}

/// `types/part_N.rs`: the types in `range`, which see the others through the parent.
pub fn types_part(
    module: &SpecModule,
    module_index: usize,
    plan: &FeaturePlan,
    range: Range<usize>,
) -> TokenStream {
    let items = type_items(module, module_index, plan, range);
    quote! {
        //! A part of the types, split only to keep files small; all are re-exported from `types`.
        #[allow(unused_imports)]
        use super::*;
        #items
    }
}

fn type_def(id: TypeId, def: &TypeDef, module: &SpecModule) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let doc = docs::attrs(&docs::text(&def.docs, &fallback));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&name, &doc, fields, module),
        TypeKind::StringEnum(values) => string_enum(&name, &doc, values),
        TypeKind::Union(variants) => {
            let mut tokens = union(&name, &doc, variants, module);
            if is_plain_value(&TypeRef::Named(id), &|id: TypeId| {
                module.types.get(id.0).map(|t| &t.kind)
            }) {
                tokens.extend(union_to_param(&name, variants));
            }
            tokens
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, module, &TokenStream::new());
            quote! { #doc pub type #name = #ty; }
        }
    }
}

/// The field's declared type, with the `Box` and `Option`s its presence adds.
fn field_type(field: &Field, module: &SpecModule) -> TokenStream {
    let mut ty = rust_type(&field.ty, module, &TokenStream::new());
    if field.secret {
        ty = quote!(crate::Secret<#ty>);
    }
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    }
}

fn struct_def(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[Field],
    module: &SpecModule,
) -> TokenStream {
    let declarations = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = field_type(field, module);
        let mut text = docs::text(&field.docs, &format!("The `{}` property.", field.wire_name));
        if field.secret {
            text.push_str("\n\nA secret: it prints as `[REDACTED]`; read it with `expose()`.");
        }
        text.push_str(match field.presence {
            Presence::Required => "",
            Presence::RequiredNullable => "\n\nAlways sent; `None` is `null`.",
            Presence::Optional => "",
            Presence::OptionalNullable => "\n\n`None` when absent, `Some(None)` when `null`.",
        });
        let doc = docs::attrs(&text);
        let rename = (field.name.trim_start_matches("r#") != field.wire_name).then(|| {
            let wire = &field.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let presence = match field.presence {
            Presence::Required | Presence::RequiredNullable => TokenStream::new(),
            Presence::Optional => quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
            Presence::OptionalNullable => quote! {
                #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::nullable")]
            },
        };
        quote! { #doc #rename #presence pub #field_name: #ty, }
    });
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    let derive_default = required.is_empty().then(|| quote!(Default,));
    let constructor = (!required.is_empty()).then(|| constructor(name, fields, &required, module));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#declarations)*
        }
        #constructor
    }
}

fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    required: &[&Field],
    module: &SpecModule,
) -> TokenStream {
    let params = required.iter().map(|field| {
        let field_name = ident(&field.name);
        let mut ty = rust_type(&field.ty, module, &TokenStream::new());
        if field.presence == Presence::RequiredNullable {
            ty = quote!(Option<#ty>);
        } else if field.ty == TypeRef::String {
            ty = quote!(impl Into<String>);
        }
        quote!(#field_name: #ty)
    });
    let inits = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        if !matches!(
            field.presence,
            Presence::Required | Presence::RequiredNullable
        ) {
            return quote!(#field_name: None);
        }
        // Callers pass plain values; the constructor adds the `Into`, `Secret` and `Box` layers.
        let mut value = quote!(#field_name);
        let mut wrapped = false;
        if field.presence == Presence::RequiredNullable {
            if field.secret {
                value = quote!(#value.map(crate::Secret::new));
                wrapped = true;
            }
            if field.boxed {
                value = quote!(#value.map(Box::new));
                wrapped = true;
            }
        } else {
            if field.ty == TypeRef::String {
                value = quote!(#value.into());
                wrapped = true;
            }
            if field.secret {
                value = quote!(crate::Secret::new(#value));
                wrapped = true;
            }
            if field.boxed {
                value = quote!(Box::new(#value));
                wrapped = true;
            }
        }
        if wrapped {
            quote!(#field_name: #value)
        } else {
            quote!(#field_name)
        }
    });
    let allow = (required.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = docs::attrs(if fields.len() > required.len() {
        "Creates the value from its required fields; the optional ones start as `None`."
    } else {
        "Creates the value from its fields."
    });
    quote! {
        impl #name {
            #doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, doc: &TokenStream, values: &[EnumValue]) -> TokenStream {
    let variants = values.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = docs::attrs(&format!("The value {}.", docs::code_span(&v.wire)));
        quote! { #doc #variant, }
    });
    let as_str = values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from = values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #doc
        ///
        /// Values this version of the client does not know decode as `Unknown`, so a
        /// value added to the API later does not break decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as it was sent.
            Unknown(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }

        impl crate::runtime::request::ToParam for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

fn union(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[UnionVariant],
    module: &SpecModule,
) -> TokenStream {
    let declarations = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = rust_type(&v.ty, module, &TokenStream::new());
        let doc = docs::attrs(&format!(
            "The value as {}.",
            docs::code_span(&ty.to_string().replace(' ', ""))
        ));
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote! { #doc #variant(#ty), }
    });
    quote! {
        #doc
        ///
        /// Decoding tries each shape in order and keeps the first that fits.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
        }
    }
}

/// Lets a union of plain values be a path, query or header parameter.
fn union_to_param(name: &proc_macro2::Ident, variants: &[UnionVariant]) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => value.to_param(),)
    });
    quote! {
        impl crate::runtime::request::ToParam for #name {
                        fn to_param(&self) -> String {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
