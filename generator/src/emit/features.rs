//! Cargo features for large APIs: one per operation group, so a user of one
//! part of a big API compiles only that part.
//!
//! A type is compiled when any group that uses it (through parameters, bodies,
//! responses or errors, directly or inside other types) is enabled. Types no
//! operation uses are compiled with the `full` feature, which enables every group
//! and is on by default.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Crate, Operation, Payload, SpecModule, TypeKind, TypeRef};

/// Above this many operations a crate gets one feature per group.
pub const GATE_ABOVE_OPERATIONS: usize = 100;

/// Which features compile what.
#[derive(Debug)]
pub struct FeaturePlan {
    /// Whether the crate has per-group features at all.
    pub enabled: bool,
    /// Per module, per type: the features of the groups that use it.
    type_users: Vec<Vec<BTreeSet<String>>>,
    /// Every group feature, in order.
    pub all: Vec<String>,
}

/// The feature name of a group: its accessor without a raw prefix.
pub fn group_feature(accessor: &str) -> String {
    accessor.trim_start_matches("r#").to_owned()
}

impl FeaturePlan {
    /// Works out, for every type, the groups that use it.
    pub fn new(krate: &Crate) -> Self {
        let operations: usize = krate
            .modules
            .iter()
            .flat_map(|m| &m.groups)
            .map(|g| g.operations.len())
            .sum();
        let enabled = operations > GATE_ABOVE_OPERATIONS;
        let all = krate
            .modules
            .iter()
            .flat_map(|m| &m.groups)
            .map(|g| group_feature(&g.accessor))
            .collect();
        let type_users = krate
            .modules
            .iter()
            .map(|module| {
                if enabled {
                    users_of_types(module)
                } else {
                    vec![BTreeSet::new(); module.types.len()]
                }
            })
            .collect();
        FeaturePlan {
            enabled,
            type_users,
            all,
        }
    }

    /// The `#[cfg]` for a group's items, if the crate gates groups.
    pub fn group_cfg(&self, accessor: &str) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        let feature = group_feature(accessor);
        quote!(#[cfg(feature = #feature)])
    }

    /// The `#[cfg]` for a type's items: the groups that use it, or `full`.
    pub fn type_cfg(&self, module: usize, id: usize) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        let users = &self.type_users[module][id];
        if users.len() == self.all.len() {
            TokenStream::new()
        } else if users.is_empty() {
            quote!(#[cfg(feature = "full")])
        } else {
            let users = users.iter();
            quote!(#[cfg(any(#(feature = #users),*))])
        }
    }
}

/// For each type of `module`, the features of the groups whose operations reach it.
fn users_of_types(module: &SpecModule) -> Vec<BTreeSet<String>> {
    let mut users = vec![BTreeSet::new(); module.types.len()];
    for group in &module.groups {
        let feature = group_feature(&group.accessor);
        let mut pending: Vec<&TypeRef> = group.operations.iter().flat_map(roots).collect();
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
                TypeRef::Named(id) => {
                    // A type already marked for this group has had its children visited.
                    let first_visit = users[id.0].insert(feature.clone());
                    if !first_visit {
                        continue;
                    }
                    match &module.types[id.0].kind {
                        TypeKind::Struct(fields) => pending.extend(fields.iter().map(|f| &f.ty)),
                        TypeKind::Union(variants) => pending.extend(variants.iter().map(|v| &v.ty)),
                        TypeKind::Alias(inner) => pending.push(inner),
                        TypeKind::StringEnum(_) => {}
                    }
                }
                _ => {}
            }
        }
    }
    users
}

/// The types an operation names directly.
pub(super) fn roots(op: &Operation) -> Vec<&TypeRef> {
    fn payload(p: &Payload) -> Option<&TypeRef> {
        match p {
            Payload::Json(ty) => Some(ty),
            _ => None,
        }
    }
    let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.iter().map(|b| &b.ty));
    roots.extend(op.success.iter().filter_map(|r| payload(&r.payload)));
    roots.extend(op.errors.iter().filter_map(|e| payload(&e.payload)));
    roots
}

/// Puts `cfg` before every top-level item of `items`. Emitted items end with a
/// brace-delimited body or a `;`; attributes (`#` then a bracketed group) and
/// everything else belong to the item that follows.
pub fn gate(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut at_item_start = true;
    for token in items {
        if at_item_start {
            out.extend(cfg.clone());
        }
        let ends_item = match &token {
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            TokenTree::Punct(punct) => punct.as_char() == ';',
            _ => false,
        };
        out.extend(std::iter::once(token));
        at_item_start = ends_item;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_cfg() {
        let items = quote! {
            #[doc = "A"]
            #[derive(Debug)]
            pub struct A { pub x: i32 }
            impl A { pub fn new() -> Self { A { x: 1 } } }
            pub type B = Vec<A>;
            pub struct C(pub i32);
        };
        let gated = gate(items, &quote!(#[cfg(feature = "f")])).to_string();
        assert_eq!(gated.matches("cfg (feature = \"f\")").count(), 4, "{gated}");
        assert!(
            gated.starts_with("# [cfg (feature = \"f\")] # [doc = \"A\"]"),
            "{gated}"
        );
    }
}
