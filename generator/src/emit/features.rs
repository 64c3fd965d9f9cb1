//! What each type is compiled under and with: the cargo features of large APIs,
//! and the serde impls each type's use needs.
//!
//! Features: a big API gets one per operation group, so a user of one part
//! compiles only that part. A type is compiled when any group that uses it
//! (through parameters, bodies, responses or errors, directly or inside other
//! types) is enabled. Webhook payloads, which no operation uses, are compiled with
//! [`WEBHOOK_FEATURE`]; types nothing uses with `full`, which enables every group
//! and is on by default.
//!
//! Serde: a type the client only sends derives `Serialize`, one it only receives
//! (a response, an error body, a webhook payload) derives `Deserialize`, and only a
//! type used both ways, or not at all, derives both; [`SERDE_FEATURE`] adds the
//! rest. The derives are most of the time rustc spends on a big crate, and a
//! derive nothing calls would be paid for on every build of every user.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::ir::{Crate, Operation, Payload, SpecModule, TypeId, TypeKind, TypeRef};

/// Above this many operations a crate gets one feature per group.
pub const GATE_ABOVE_OPERATIONS: usize = 100;

/// The feature that compiles webhook payload types. A group's feature has a hyphen
/// only in the `-operations` that [`group_feature`] adds, so no group takes this name.
pub const WEBHOOK_FEATURE: &str = "webhook-payloads";

/// The feature that enables every group, on by default.
const FULL: &str = "full";

/// The features every generated crate defines itself, which no group may take.
const OWN_FEATURES: &[&str] = &["default", FULL, "tracing"];

/// Which features compile what, and which serde impls each type derives.
#[derive(Debug)]
pub struct FeaturePlan {
    /// Whether the crate has per-group features at all.
    pub enabled: bool,
    /// Whether some module has webhook payloads, so [`WEBHOOK_FEATURE`] exists.
    pub webhooks: bool,
    /// Per module, per type: who uses it and how.
    usage: Vec<Vec<Usage>>,
    /// Every group feature, in order.
    pub all: Vec<String>,
}

/// How the client uses one type.
#[derive(Debug, Clone, Default)]
struct Usage {
    /// The features of the groups (and [`WEBHOOK_FEATURE`]) that reach it.
    features: BTreeSet<String>,
    /// Whether a request (a parameter or a body) holds it, or it is unused or
    /// inside an unused type.
    sent: bool,
    /// Whether a response, an error body or a webhook payload holds it, or it is
    /// unused or inside an unused type.
    received: bool,
}

/// The feature that gives every type both serde impls, for users who store what
/// they receive or decode what they send. Off by default: it costs compile time.
pub const SERDE_FEATURE: &str = "serde-both-ways";

/// The serde impls a type has without [`SERDE_FEATURE`]; with it, it has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serde {
    /// Whether it implements `Serialize`.
    pub serialize: bool,
    /// Whether it implements `Deserialize`.
    pub deserialize: bool,
}

impl Serde {
    /// The derive list's serde part, such as `serde::Serialize, serde::Deserialize`.
    pub fn derives(self) -> String {
        self.names(true).join(", ")
    }

    /// The `cfg_attr` that derives the impls only [`SERDE_FEATURE`] adds, if any.
    pub fn optional_derives(self) -> Option<String> {
        let missing = self.names(false);
        (!missing.is_empty()).then(|| {
            format!(
                "#[cfg_attr(feature = \"{SERDE_FEATURE}\", derive({}))]",
                missing.join(", ")
            )
        })
    }

    /// The impls the type has (`present`) or lacks without the feature.
    fn names(self, present: bool) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.serialize == present {
            names.push("serde::Serialize");
        }
        if self.deserialize == present {
            names.push("serde::Deserialize");
        }
        names
    }
}

/// The feature name of a group: its accessor without a raw prefix, and with
/// `-operations` after it when that would be one of the crate's own features.
pub fn group_feature(accessor: &str) -> String {
    let name = accessor.trim_start_matches("r#");
    if OWN_FEATURES.contains(&name) {
        format!("{name}-operations")
    } else {
        name.to_owned()
    }
}

impl FeaturePlan {
    /// Works out, for every type, the groups that use it and in which direction.
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
        let webhooks = krate.modules.iter().any(|m| !m.webhook_payloads.is_empty());
        let usage = krate.modules.iter().map(usage_of_types).collect();
        FeaturePlan {
            enabled,
            webhooks,
            usage,
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
        let users = &self.usage[module][id].features;
        let groups = users
            .iter()
            .filter(|f| *f != WEBHOOK_FEATURE && *f != FULL)
            .count();
        if groups == self.all.len() {
            None
        } else if users.iter().all(|f| f == FULL) {
            Some(TypeGate::Full)
        } else {
            Some(TypeGate::AnyOf(users))
        }
    }

    /// The serde impls a type has: what its use needs (both when nothing uses it).
    pub fn serde(&self, module: usize, id: usize) -> Serde {
        let usage = &self.usage[module][id];
        Serde {
            serialize: usage.sent,
            deserialize: usage.received,
        }
    }
}

/// One file of a module's types.
#[derive(Debug, Clone)]
pub struct TypeFile {
    /// The types it holds, in id order.
    pub ids: Vec<usize>,
    /// The one feature every type of the file is compiled under, when they share
    /// one: the file's module declaration carries it, so rustc does not even read
    /// the file when the feature is off.
    pub feature: Option<String>,
}

impl FeaturePlan {
    /// A module's types split into files of at most `per_file`: the types only one
    /// feature compiles (one group, the webhook payloads, or only `full`) in files of
    /// their own, the rest, in id order, in shared files.
    pub fn type_files(&self, module: usize, per_file: usize) -> Vec<TypeFile> {
        let count = self.usage[module].len();
        let mut by_feature: IndexMap<Option<String>, Vec<usize>> = IndexMap::new();
        for id in 0..count {
            let feature = match self.type_gate(module, id) {
                Some(TypeGate::Full) => Some(FULL.to_owned()),
                Some(TypeGate::AnyOf(features)) if features.len() == 1 => features.first().cloned(),
                _ => None,
            };
            by_feature.entry(feature).or_default().push(id);
        }
        // The shared types first, so a crate without features keeps its order.
        by_feature.sort_by(|a, _, b, _| a.is_some().cmp(&b.is_some()));
        let mut files = Vec::new();
        for (feature, ids) in by_feature {
            files.extend(ids.chunks(per_file).map(|chunk| TypeFile {
                ids: chunk.to_vec(),
                feature: feature.clone(),
            }));
        }
        files
    }
}

/// Which features compile a type that not every group uses.
#[derive(Debug, Clone, Copy)]
pub enum TypeGate<'p> {
    /// No operation or webhook uses it, or only a type that nothing uses holds it:
    /// only `full`.
    Full,
    /// The features of the groups whose operations reach it.
    AnyOf(&'p BTreeSet<String>),
}

/// For each type of `module`: the features of the groups whose operations reach
/// it (and [`WEBHOOK_FEATURE`] for a webhook payload), and whether it is sent or
/// received.
fn usage_of_types(module: &SpecModule) -> Vec<Usage> {
    let mut usage = vec![Usage::default(); module.types.len()];
    for group in &module.groups {
        let feature = group_feature(&group.accessor);
        let roots = group.operations.iter().flat_map(roots);
        reach(module, roots.map(|(ty, _)| ty), |id| {
            usage[id.0].features.insert(feature.clone())
        });
    }
    let webhooks = module.webhook_payloads.iter().map(|id| TypeRef::Named(*id));
    let webhooks: Vec<TypeRef> = webhooks.collect();
    reach(module, webhooks.iter(), |id| {
        usage[id.0].features.insert(WEBHOOK_FEATURE.to_owned())
    });
    let operations = module.groups.iter().flat_map(|g| &g.operations);
    let (sent, received): (Vec<_>, Vec<_>) = operations
        .flat_map(roots)
        .partition(|(_, direction)| *direction == Direction::Sent);
    reach(module, sent.into_iter().map(|(ty, _)| ty), |id| {
        !std::mem::replace(&mut usage[id.0].sent, true)
    });
    let received = received.into_iter().map(|(ty, _)| ty).chain(&webhooks);
    reach(module, received, |id| {
        !std::mem::replace(&mut usage[id.0].received, true)
    });
    // A type nothing uses keeps both impls and is compiled with `full`, and so must
    // every type inside it be, whatever the operations do with that one: one that no
    // group reaches (a webhook payload's, say) gets `full` too.
    let unused: Vec<TypeRef> = (0..usage.len())
        .filter(|id| !usage[*id].sent && !usage[*id].received)
        .map(|id| TypeRef::Named(TypeId(id)))
        .collect();
    let mut visited = vec![false; usage.len()];
    reach(module, &unused, |id| {
        let usage = &mut usage[id.0];
        usage.sent = true;
        usage.received = true;
        if usage.features.iter().all(|f| f == WEBHOOK_FEATURE) {
            usage.features.insert(FULL.to_owned());
        }
        !std::mem::replace(&mut visited[id.0], true)
    });
    usage
}

/// Visits every named type `roots` reach, through fields, variants and aliases.
/// `mark` records a visit and says whether it was the first, so a type's
/// children are visited once and cycles end.
fn reach<'m>(
    module: &'m SpecModule,
    roots: impl IntoIterator<Item = &'m TypeRef>,
    mut mark: impl FnMut(TypeId) -> bool,
) {
    let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
            TypeRef::Named(id) => {
                if !mark(*id) {
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

/// Which way a type an operation names travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// In the request: a parameter or the body.
    Sent,
    /// In the response: a success or an error body.
    Received,
}

/// The types an operation names directly, each with the way it travels.
pub(super) fn roots(op: &Operation) -> Vec<(&TypeRef, Direction)> {
    fn payload(p: &Payload) -> Option<&TypeRef> {
        match p {
            Payload::Json(ty) => Some(ty),
            _ => None,
        }
    }
    let sent = op
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty));
    let received = op.success.iter().filter_map(|r| payload(&r.payload));
    let received = received.chain(op.errors.iter().filter_map(|e| payload(&e.payload)));
    sent.map(|ty| (ty, Direction::Sent))
        .chain(received.map(|ty| (ty, Direction::Received)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_never_takes_a_feature_the_crate_defines_itself() {
        assert_eq!(group_feature("default"), "default-operations");
        assert_eq!(group_feature("full"), "full-operations");
        assert_eq!(group_feature("tracing"), "tracing-operations");
        assert_eq!(group_feature("r#type"), "type");
        assert_eq!(group_feature("webhooks"), "webhooks");
    }
}
