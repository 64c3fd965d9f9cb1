//! Cargo features for large APIs: one per operation group, so a user of one
//! part of a big API compiles only that part.
//!
//! A type is compiled when any group that uses it (through parameters, bodies,
//! responses or errors, directly or inside other types) is enabled. Types no
//! operation uses are compiled with the `full` feature, which enables every group
//! and is on by default.

use std::collections::BTreeSet;

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

    /// The feature a group's items are compiled under, if the crate gates groups.
    pub fn group_gate(&self, accessor: &str) -> Option<String> {
        self.enabled.then(|| group_feature(accessor))
    }

    /// The features that compile a type's items, if the crate gates groups and
    /// not every group uses the type.
    pub fn type_gate(&self, module: usize, id: usize) -> Option<TypeGate<'_>> {
        if !self.enabled {
            return None;
        }
        let users = &self.type_users[module][id];
        if users.len() == self.all.len() {
            None
        } else if users.is_empty() {
            Some(TypeGate::Full)
        } else {
            Some(TypeGate::AnyOf(users))
        }
    }
}

/// Which features compile a type that not every group uses.
#[derive(Debug, Clone, Copy)]
pub enum TypeGate<'p> {
    /// No operation uses it: only `full`.
    Full,
    /// The features of the groups whose operations reach it.
    AnyOf(&'p BTreeSet<String>),
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
                        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => pending.push(inner),
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
