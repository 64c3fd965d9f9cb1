//! Lowering of schemas to named types and type references.
//!
//! Every component schema gets its [`TypeId`] before any is converted, so a
//! reference to a schema that is still being converted (a cycle) is just an id.
//! Inline schemas that need a name (objects, enums, unions) get one derived from
//! where they appear.

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::document::tree::Node;
use crate::document::typed;
use crate::front::LoadedSpec;
use crate::ir::{
    Docs, EnumValue, Field, Presence, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant,
};
use crate::naming::{self, Scope};

use crate::front::check::invalid_openapi;

/// How deep schemas may nest before lowering reports them instead of recursing further.
const MAX_DEPTH: usize = 64;

/// A schema or a reference to one, whichever way `openapiv3` boxed it.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// What the members of an `allOf` add up to, and the references already merged.
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    visited: std::collections::HashSet<String>,
}

/// Converts the schemas of one spec into the module's type arena.
pub(crate) struct TypeLowering<'s> {
    spec: &'s LoadedSpec,
    types: Vec<Option<TypeDef>>,
    by_pointer: HashMap<String, TypeId>,
    /// The component schemas that are nothing but a `$ref`.
    bare_refs: std::collections::HashSet<TypeId>,
    resolved: HashMap<String, Rc<Schema>>,
    names: Scope,
    depth: usize,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'s> TypeLowering<'s> {
    /// Assigns an id and a name to every component schema, then converts them all.
    pub(crate) fn new(spec: &'s LoadedSpec) -> Self {
        let mut lowering = TypeLowering {
            spec,
            types: Vec::new(),
            by_pointer: HashMap::new(),
            bare_refs: Default::default(),
            resolved: HashMap::new(),
            names: Scope::default(),
            depth: 0,
            diagnostics: Vec::new(),
        };
        let schemas = spec.raw.pointer("/components/schemas");
        let schemas: Vec<(&str, Node<'_>)> = schemas
            .and_then(Node::as_object)
            .map(|schemas| schemas.iter().collect())
            .unwrap_or_default();
        for (name, _) in &schemas {
            let pointer = format!("#/components/schemas/{}", escape_pointer_token(name));
            let id = lowering.reserve(&naming::type_name(name));
            lowering.by_pointer.insert(pointer, id);
        }
        for (name, node) in schemas {
            let pointer = format!("#/components/schemas/{}", escape_pointer_token(name));
            let id = lowering.by_pointer[&pointer];
            let type_name = lowering.name_of(id).to_owned();
            // Each schema is typed only while it is lowered: a whole typed document would be
            // several times the size of the tree.
            let (kind, docs) = match typed::reference_or_schema(node) {
                Ok(ReferenceOr::Reference { reference }) => {
                    lowering.bare_refs.insert(id);
                    (
                        TypeKind::Alias(lowering.type_ref(
                            SchemaRef::Ref(&reference),
                            &type_name,
                            &pointer,
                        )),
                        Docs::default(),
                    )
                }
                Ok(ReferenceOr::Item(schema)) => (
                    lowering.kind_of(&schema, &type_name, &pointer[1..]),
                    docs_of(&schema),
                ),
                Err(error) => {
                    lowering.diagnostics.push(invalid_openapi(
                        &spec.path,
                        (pointer[1..].to_owned(), error.to_string()),
                    ));
                    (TypeKind::Alias(TypeRef::Json), Docs::default())
                }
            };
            lowering.types[id.0] = Some(TypeDef {
                name: type_name,
                docs,
                kind,
            });
        }
        lowering
    }

    /// The arena, with every reserved slot filled and every cycle of types made one
    /// that Rust accepts: aliases that are only themselves become any JSON value,
    /// aliases that contain themselves become newtypes, and the rest is boxed.
    pub(crate) fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        let mut types: Vec<TypeDef> = std::mem::take(&mut self.types)
            .into_iter()
            .map(|t| t.expect("every reserved type is filled before lowering finishes"))
            .collect();
        for cycle in aliases_of_only_themselves(&types) {
            // A cycle of bare `$ref`s is the reference check's `ref-cycle` error already.
            let reported = cycle.iter().all(|id| self.bare_refs.contains(&TypeId(*id)));
            for id in cycle {
                if !reported {
                    let warning = self.only_itself(&types[id].name, TypeId(id));
                    self.diagnostics.push(warning);
                }
                types[id].kind = TypeKind::Alias(TypeRef::Json);
            }
        }
        wrap_recursive_aliases(&mut types);
        box_cycles(&mut types);
        (types, self.diagnostics)
    }

    /// The warning for a schema whose definition is nothing but itself.
    fn only_itself(&self, name: &str, id: TypeId) -> Diagnostic {
        let at = self
            .by_pointer
            .iter()
            .find(|(_, found)| **found == id)
            .map_or("/components/schemas", |(pointer, _)| &pointer[1..]);
        Diagnostic::warning(
            "schema-only-itself",
            &self.spec.path,
            at,
            format!(
                "`{name}` is defined as nothing but itself (a `$ref`, `allOf` or `oneOf` that \
                 comes back to it), which says nothing about its values, so it is typed as any \
                 JSON value (`serde_json::Value`)"
            ),
        )
        .with_hint("give the schema a `type`, or make the reference point at another schema")
    }

    fn reserve(&mut self, name: &str) -> TypeId {
        let name = self.names.claim(name);
        self.types.push(Some(TypeDef {
            name,
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Json),
        }));
        TypeId(self.types.len() - 1)
    }

    fn name_of(&self, id: TypeId) -> &str {
        &self.types[id.0]
            .as_ref()
            .expect("reserved types keep their name")
            .name
    }

    /// Resolves a local `$ref` to its schema, following chains of references
    /// ([`crate::document::resolve::follow`]).
    pub(crate) fn resolve(&mut self, reference: &str, at: &str) -> Option<Rc<Schema>> {
        if let Some(schema) = self.resolved.get(reference) {
            return Some(schema.clone());
        }
        let node = crate::document::resolve::follow_or_report(
            &self.spec.raw,
            &self.spec.path,
            reference,
            at,
            &mut self.diagnostics,
        )?;
        match typed::schema(node) {
            Ok(schema) => {
                let schema = Rc::new(schema);
                self.resolved.insert(reference.to_owned(), schema.clone());
                Some(schema)
            }
            Err(error) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-schema",
                        &self.spec.path,
                        at,
                        format!("`$ref: {reference}` does not point at a schema: {error}"),
                    )
                    .with_hint("point the reference at a schema object"),
                );
                None
            }
        }
    }

    /// The type `reference` names, if it already has one: a component schema, or a
    /// schema elsewhere that an earlier reference named. Keyed by the canonical
    /// spelling, so `A%20B` finds the schema `A B`.
    pub(crate) fn named(&self, reference: &str) -> Option<TypeId> {
        let reference = crate::document::resolve::canonical(reference);
        self.by_pointer.get(reference.as_ref()).copied()
    }

    /// The type of a schema used in some position; `hint` names it if it needs a name.
    pub(crate) fn type_ref(&mut self, schema: SchemaRef<'_>, hint: &str, at: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.type_of_reference(reference, hint, at),
            SchemaRef::Inline(schema) => self.type_of_inline(schema, hint, at),
        }
    }

    fn type_of_reference(&mut self, reference: &str, hint: &str, at: &str) -> TypeRef {
        if let Some(id) = self.named(reference) {
            return TypeRef::Named(id);
        }
        // Keyed by the canonical spelling, so `A%20B` finds the schema `A B`.
        let reference = crate::document::resolve::canonical(reference);
        let reference = reference.as_ref();
        let Some(schema) = self.resolve(reference, at) else {
            return TypeRef::Json;
        };
        // A reference into the middle of a document: its last token names the type.
        let last = reference.rsplit('/').next().unwrap_or(hint);
        let name = naming::type_name(&crate::diagnostics::unescape_pointer_token(last));
        if needs_name(&schema) {
            let id = self.reserve(&name);
            self.by_pointer.insert(reference.to_owned(), id);
            let type_name = self.name_of(id).to_owned();
            let kind = self.kind_of(&schema, &type_name, &reference[1..]);
            self.types[id.0] = Some(TypeDef {
                name: type_name,
                docs: docs_of(&schema),
                kind,
            });
            TypeRef::Named(id)
        } else {
            self.type_of_inline(&schema, &name, &reference[1..])
        }
    }

    fn type_of_inline(&mut self, schema: &Schema, hint: &str, at: &str) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::error(
                    "too-deep",
                    &self.spec.path,
                    at,
                    format!("schemas nest more than {MAX_DEPTH} levels deep here"),
                )
                .with_hint("name the inner schemas under components/schemas and refer to them"),
            );
            return TypeRef::Json;
        }
        self.depth += 1;
        let result = if needs_name(schema) {
            let id = self.reserve(&naming::type_name(hint));
            let name = self.name_of(id).to_owned();
            let kind = self.kind_of(schema, &name, at);
            self.types[id.0] = Some(TypeDef {
                name,
                docs: docs_of(schema),
                kind,
            });
            TypeRef::Named(id)
        } else {
            match self.kind_of(schema, hint, at) {
                TypeKind::Alias(ty) => ty,
                _ => unreachable!("schemas that need no name lower to an alias"),
            }
        };
        self.depth -= 1;
        result
    }

    /// What a schema becomes when it is given the name `name`.
    fn kind_of(&mut self, schema: &Schema, name: &str, at: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    TypeKind::Alias(string_type(&s.format))
                } else {
                    string_enum(values.into_iter().map(String::as_str))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => TypeKind::Alias(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => TypeKind::Alias(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => TypeKind::Alias(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                TypeKind::Alias(self.array_of(array.items.as_ref().map(SchemaRef::from), name, at))
            }
            SchemaKind::Type(Type::Object(object)) => self.object(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                name,
                at,
            ),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, name, at),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(members, name, &format!("{at}/{keyword}"))
            }
            SchemaKind::Not { .. } => TypeKind::Alias(TypeRef::Json),
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    self.all_of(&any.all_of, name, at)
                } else if !any.properties.is_empty() {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        name,
                        at,
                    )
                } else if !any.one_of.is_empty() {
                    self.union(&any.one_of, name, &format!("{at}/oneOf"))
                } else if !any.any_of.is_empty() {
                    self.union(&any.any_of, name, &format!("{at}/anyOf"))
                } else if let Some(items) = &any.items {
                    TypeKind::Alias(self.array_of(Some(items.into()), name, at))
                } else {
                    TypeKind::Alias(TypeRef::Json)
                }
            }
        }
    }

    fn array_of(&mut self, items: Option<SchemaRef<'_>>, name: &str, at: &str) -> TypeRef {
        match items {
            Some(items) => TypeRef::Vec(Box::new(self.type_ref(
                items,
                &format!("{name}Item"),
                &format!("{at}/items"),
            ))),
            None => TypeRef::Vec(Box::new(TypeRef::Json)),
        }
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        name: &str,
        at: &str,
    ) -> TypeKind {
        if properties.is_empty() {
            let values = match additional {
                Some(AdditionalProperties::Schema(schema)) => self.type_ref(
                    schema.as_ref().into(),
                    &format!("{name}Value"),
                    &format!("{at}/additionalProperties"),
                ),
                _ => TypeRef::Json,
            };
            return TypeKind::Alias(TypeRef::Map(Box::new(values)));
        }
        let mut fields = Vec::with_capacity(properties.len());
        let mut field_names = Scope::default();
        for (wire_name, property) in properties {
            let field_at = format!("{at}/properties/{}", escape_pointer_token(wire_name));
            let hint = format!("{name}{}", naming::type_name(wire_name));
            let property = SchemaRef::from(property);
            let ty = self.type_ref(property, &hint, &field_at);
            let (nullable, secret, docs) = self.property_facts(property, &field_at);
            let presence = match (required.contains(wire_name), nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            fields.push(Field {
                name: field_names.claim(&naming::snake(wire_name, "field")),
                wire_name: wire_name.clone(),
                ty,
                presence,
                boxed: false,
                secret: secret || naming::sounds_secret(wire_name),
                docs,
            });
        }
        TypeKind::Struct(fields)
    }

    /// Whether a property may be null, whether its schema marks it secret, and its
    /// docs (the target's when it is a bare reference).
    fn property_facts(&mut self, property: SchemaRef<'_>, at: &str) -> (bool, bool, Docs) {
        match property {
            SchemaRef::Inline(schema) => {
                let mut nullable = schema.schema_data.nullable || has_null_member(schema);
                let mut secret = marked_secret(schema);
                // A wrapper around one reference is typed as its target, so it is as
                // nullable (`allOf: [$ref]` with `nullable: true`, the 3.0 idiom, or of
                // a nullable schema) and as secret as the target is.
                if let Some(reference) = wrapped_reference(schema) {
                    if let Some(target) = self.resolve(reference, at) {
                        nullable |= target.schema_data.nullable;
                        secret |= marked_secret(&target);
                    }
                }
                (nullable, secret, docs_of(schema))
            }
            SchemaRef::Ref(reference) => match self.resolve(reference, at) {
                Some(schema) => (
                    schema.schema_data.nullable || has_null_member(&schema),
                    marked_secret(&schema),
                    docs_of(&schema),
                ),
                None => (false, false, Docs::default()),
            },
        }
    }

    /// Merges the object members of an `allOf` into one struct.
    fn all_of(&mut self, members: &[ReferenceOr<Schema>], name: &str, at: &str) -> TypeKind {
        if let [only] = members {
            return TypeKind::Alias(self.type_ref(only.into(), name, &format!("{at}/allOf/0")));
        }
        if let Some(first) = self.same_scalar(members, at) {
            // `allOf: [{$ref: Id}, {type: string, description: ...}]` restates one
            // scalar (Lob's ids): the value is the first member's, not an empty struct.
            return TypeKind::Alias(self.type_ref(first.into(), name, &format!("{at}/allOf/0")));
        }
        let mut merged = Merged::default();
        for (index, member) in members.iter().enumerate() {
            self.collect_object(
                member.into(),
                &format!("{at}/allOf/{index}"),
                &mut merged,
                0,
            );
        }
        self.object(
            &merged.properties,
            &merged.required,
            merged.additional.as_ref(),
            name,
            at,
        )
    }

    /// The first member of an `allOf` whose members (references followed) are all
    /// schemas of one scalar type without an `enum`, or `None`.
    fn same_scalar<'m>(
        &mut self,
        members: &'m [ReferenceOr<Schema>],
        at: &str,
    ) -> Option<&'m ReferenceOr<Schema>> {
        let mut kinds = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let schema = match member {
                ReferenceOr::Reference { reference } => {
                    self.resolve(reference, &format!("{at}/allOf/{index}"))?
                }
                ReferenceOr::Item(schema) => Rc::new(schema.clone()),
            };
            let kind = match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => "string",
                SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() => "integer",
                SchemaKind::Type(Type::Number(n)) if n.enumeration.is_empty() => "number",
                SchemaKind::Type(Type::Boolean(b)) if b.enumeration.is_empty() => "boolean",
                _ => return None,
            };
            kinds.push(kind);
        }
        // An empty `allOf` has no first member: it is no scalar either.
        members
            .first()
            .filter(|_| kinds.windows(2).all(|pair| pair[0] == pair[1]))
    }

    fn collect_object(
        &mut self,
        member: SchemaRef<'_>,
        at: &str,
        merged: &mut Merged,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema: Rc<Schema> = match member {
            // A schema reached twice (a cycle, or the same base named twice) adds
            // nothing the second time; following it again would branch without end.
            SchemaRef::Ref(reference) if !merged.visited.insert(reference.to_owned()) => return,
            SchemaRef::Ref(reference) => match self.resolve(reference, at) {
                Some(schema) => schema,
                None => return,
            },
            SchemaRef::Inline(schema) => Rc::new(schema.clone()),
        };
        let (props, req, add, nested): (_, _, _, &[ReferenceOr<Schema>]) = match &schema.schema_kind
        {
            SchemaKind::Type(Type::Object(o)) => {
                (&o.properties, &o.required, &o.additional_properties, &[])
            }
            SchemaKind::Any(a) => (
                &a.properties,
                &a.required,
                &a.additional_properties,
                &a.all_of,
            ),
            SchemaKind::AllOf { all_of } => {
                for (index, inner) in all_of.iter().enumerate() {
                    self.collect_object(
                        inner.into(),
                        &format!("{at}/allOf/{index}"),
                        merged,
                        depth + 1,
                    );
                }
                return;
            }
            _ => {
                self.diagnostics.push(
                    Diagnostic::warning("allof-non-object", &self.spec.path, at, "this `allOf` member is not an object, so it adds no fields to the merged type")
                        .with_hint("make every `allOf` member an object schema"),
                );
                return;
            }
        };
        for (name, property) in props {
            // A later member restates a property more specifically, so it wins.
            merged.properties.insert(name.clone(), property.clone());
        }
        for name in req {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if add.is_some() {
            merged.additional = add.clone();
        }
        for (index, inner) in nested.iter().enumerate() {
            self.collect_object(
                inner.into(),
                &format!("{at}/allOf/{index}"),
                merged,
                depth + 1,
            );
        }
    }

    fn union(&mut self, members: &[ReferenceOr<Schema>], name: &str, at: &str) -> TypeKind {
        // A member that only admits `null` makes the value optional (see
        // `property_facts`), not a variant of its own.
        let members: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, member)| !is_null_only(member))
            .collect();
        match members.as_slice() {
            // No alternatives says nothing usable about the value; take it as any JSON.
            [] => return TypeKind::Alias(TypeRef::Json),
            [(index, only)] => {
                return TypeKind::Alias(self.type_ref(
                    (*only).into(),
                    name,
                    &format!("{at}/{index}"),
                ))
            }
            _ => {}
        }
        let mut variants = Vec::with_capacity(members.len());
        let mut variant_names = Scope::default();
        for (index, member) in members {
            let member_at = format!("{at}/{index}");
            let ty = self.type_ref(
                member.into(),
                &format!("{name}Variant{}", index + 1),
                &member_at,
            );
            let variant = self.variant_name(&ty);
            variants.push(UnionVariant {
                name: variant_names.claim(&variant),
                ty,
                boxed: false,
            });
        }
        TypeKind::Union(variants)
    }

    /// Whether values of `ty` can be written as a path, query or header value.
    pub(crate) fn is_parameter_type(&self, ty: &TypeRef) -> bool {
        crate::ir::is_plain_value(ty, &|id: TypeId| self.types[id.0].as_ref().map(|t| &t.kind))
    }

    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.name_of(*id).to_owned(),
            TypeRef::Vec(inner) => match inner.as_ref() {
                TypeRef::Named(id) => format!("{}List", self.name_of(*id)),
                _ => "Array".to_owned(),
            },
            TypeRef::Map(_) => "Object".to_owned(),
            TypeRef::String
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Ipv4
            | TypeRef::Ipv6 => "String".to_owned(),
            TypeRef::Bool => "Boolean".to_owned(),
            TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
            TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
            TypeRef::Json => "Value".to_owned(),
            TypeRef::Bytes => "Bytes".to_owned(),
        }
    }
}

/// Whether a schema becomes a named type rather than a plain Rust type.
fn needs_name(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            variant_count(members) > 1
        }
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || any.all_of.len() > 1
                || variant_count(&any.one_of) > 1
                || variant_count(&any.any_of) > 1
        }
        _ => false,
    }
}

/// Whether a union member only admits `null`: a schema of nothing but `nullable:
/// true` (and annotations), the 3.0 way to write `{type: "null"}` in a `oneOf`.
/// The reference an inline schema only wraps, which lowering types as the target
/// itself: `allOf: [$ref]`, or a `$ref` in a union whose other members are `null`
/// (`anyOf: [$ref, {type: 'null'}]`).
fn wrapped_reference(schema: &Schema) -> Option<&str> {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => {
            return match all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => Some(reference),
                _ => None,
            }
        }
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) => &any.any_of,
        _ => return None,
    };
    let mut others = members.iter().filter(|member| !is_null_only(member));
    match (others.next(), others.next()) {
        (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
        _ => None,
    }
}

fn is_null_only(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema)
        if schema.schema_data.nullable
            && matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()))
}

/// The members of a union that are variants, not the `null` that makes it optional.
fn variant_count(members: &[ReferenceOr<Schema>]) -> usize {
    members.iter().filter(|m| !is_null_only(m)).count()
}

/// Whether a `oneOf` or `anyOf` schema has a member that only admits `null`.
fn has_null_member(schema: &Schema) -> bool {
    let members = match &schema.schema_kind {
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) => &any.any_of,
        _ => return false,
    };
    members.iter().any(is_null_only)
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => TypeRef::Uuid,
            "ipv4" => TypeRef::Ipv4,
            "ipv6" => TypeRef::Ipv6,
            _ => TypeRef::String,
        },
        _ => TypeRef::String,
    }
}

fn string_enum<'a>(values: impl Iterator<Item = &'a str>) -> TypeKind {
    let mut names = Scope::with_reserved(&["Unknown"]);
    let mut seen = Vec::new();
    let mut variants = Vec::new();
    for wire in values {
        if seen.contains(&wire) {
            continue;
        }
        seen.push(wire);
        variants.push(EnumValue {
            name: names.claim(&naming::enum_variant(wire)),
            wire: wire.to_owned(),
        });
    }
    TypeKind::StringEnum(variants)
}

/// Whether a schema marks its value secret: `format: password` or `x-sensitive: true`.
fn marked_secret(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    );
    password
        || schema.schema_data.extensions.get("x-sensitive") == Some(&serde_json::Value::Bool(true))
}

/// The docs a schema carries.
pub(crate) fn docs_of(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
        example: schema.schema_data.example.as_ref().map(|e| e.to_string()),
    }
}

/// The aliases whose definition is only another alias, around a loop back to
/// themselves (`A: {allOf: [$ref: A]}`): no value is ever described, and as Rust
/// they would be `type A = A;`.
/// Each such cycle's members.
fn aliases_of_only_themselves(types: &[TypeDef]) -> Vec<Vec<usize>> {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(TypeRef::Named(id)) => vec![id.0],
            _ => Vec::new(),
        })
        .collect();
    let mut cycles: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (index, cycle) in cycle_components(&edges).into_iter().enumerate() {
        if let Some(label) = cycle {
            cycles.entry(label).or_default().push(index);
        }
    }
    cycles.into_values().collect()
}

/// Turns each alias that its own definition reaches through other aliases
/// (`Tree = BTreeMap<String, Tree>`, or `A = Vec<B>` with `B = BTreeMap<String, A>`)
/// into a newtype: Rust expands aliases, so such a one would never end (E0391).
/// Structs and enums stop the expansion, so a cycle through one of them needs nothing.
///
/// Once aliases of only themselves are gone, every such cycle passes through a `Vec`
/// or a map, which allocate, so the newtypes never need a `Box`.
fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                named_within(ty, &mut named);
                named.retain(|id| matches!(types[*id].kind, TypeKind::Alias(_)));
                named
            }
            _ => Vec::new(),
        })
        .collect();
    for (def, cycle) in types.iter_mut().zip(cycle_components(&edges)) {
        if let (Some(_), TypeKind::Alias(ty)) = (cycle, &def.kind) {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// Every named type `ty` mentions, however deep in `Vec`s and maps.
fn named_within(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_within(inner, out),
        _ => {}
    }
}

/// Marks the fields and variants that hold a type of their own cycle, so emit boxes them.
fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(|t| direct_children(&t.kind)).collect();
    let component = cycle_components(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let own = component[index];
        let same = |ty: &TypeRef| matches!(ty, TypeRef::Named(id) if own.is_some() && component[id.0] == own);
        match &mut def.kind {
            TypeKind::Struct(fields) => fields.iter_mut().for_each(|f| f.boxed = same(&f.ty)),
            TypeKind::Union(variants) => variants.iter_mut().for_each(|v| v.boxed = same(&v.ty)),
            _ => {}
        }
    }
}

/// The types a type holds inline (not behind a `Vec` or map, which already allocate).
fn direct_children(kind: &TypeKind) -> Vec<usize> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(id.0),
        _ => None,
    };
    match kind {
        TypeKind::Struct(fields) => fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union(variants) => variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct(ty).into_iter().collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// For each node on a cycle, the label of its strongly connected component (shared
/// by exactly the nodes of the cycles through it); `None` for a node on no cycle.
fn cycle_components(edges: &[Vec<usize>]) -> Vec<Option<usize>> {
    let component = strongly_connected(edges);
    let mut sizes = vec![0usize; edges.len()];
    for &label in &component {
        sizes[label] += 1;
    }
    // A node alone in its component is only on a cycle when it holds itself.
    edges
        .iter()
        .enumerate()
        .map(|(node, targets)| {
            let label = component[node];
            (sizes[label] > 1 || targets.contains(&node)).then_some(label)
        })
        .collect()
}

/// Kosaraju's algorithm, iterative so that deep graphs cannot overflow the stack:
/// the component label of each node, in time linear in nodes and edges.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        visited[start] = true;
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[child] {
                    visited[child] = true;
                    stack.push((child, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (label, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        let mut stack = vec![root];
        component[root] = label;
        while let Some(node) = stack.pop() {
            for &parent in &reverse[node] {
                if component[parent] == usize::MAX {
                    component[parent] = label;
                    stack.push(parent);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Docs, Field, Presence, TypeDef, TypeId, TypeKind, TypeRef};

    fn named(id: usize) -> TypeRef {
        TypeRef::Named(TypeId(id))
    }

    fn vec_of(ty: TypeRef) -> TypeRef {
        TypeRef::Vec(Box::new(ty))
    }

    fn map_of(ty: TypeRef) -> TypeRef {
        TypeRef::Map(Box::new(ty))
    }

    fn alias(ty: TypeRef) -> TypeKind {
        TypeKind::Alias(ty)
    }

    fn one_field(ty: TypeRef) -> TypeKind {
        TypeKind::Struct(vec![Field {
            name: "f".into(),
            wire_name: "f".into(),
            ty,
            presence: Presence::Optional,
            boxed: false,
            secret: false,
            docs: Docs::default(),
        }])
    }

    /// What `finish` makes of each type: `alias`, `json` (an alias of only itself),
    /// `newtype`, `struct` or `boxed struct`.
    fn outcome(kinds: Vec<TypeKind>) -> Vec<&'static str> {
        let mut types: Vec<TypeDef> = kinds
            .into_iter()
            .enumerate()
            .map(|(index, kind)| TypeDef {
                name: format!("T{index}"),
                docs: Docs::default(),
                kind,
            })
            .collect();
        for id in super::aliases_of_only_themselves(&types).concat() {
            types[id].kind = TypeKind::Alias(TypeRef::Json);
        }
        super::wrap_recursive_aliases(&mut types);
        super::box_cycles(&mut types);
        types
            .iter()
            .map(|def| match &def.kind {
                TypeKind::Alias(TypeRef::Json) => "json",
                TypeKind::Alias(_) => "alias",
                TypeKind::Newtype(_) => "newtype",
                TypeKind::Struct(fields) if fields.iter().any(|f| f.boxed) => "boxed struct",
                TypeKind::Struct(_) => "struct",
                TypeKind::StringEnum(_) | TypeKind::Union(_) => "enum",
            })
            .collect()
    }

    /// An alias becomes a newtype exactly when expanding it would reach itself; a
    /// struct on the way stops the expansion, and an alias of only itself is any JSON.
    #[test]
    fn aliases_on_a_cycle_of_aliases_become_newtypes() {
        let cases: Vec<(&str, Vec<TypeKind>, Vec<&str>)> = vec![
            (
                "a map of itself",
                vec![alias(map_of(named(0)))],
                vec!["newtype"],
            ),
            (
                "an array of itself",
                vec![alias(vec_of(named(0)))],
                vec!["newtype"],
            ),
            (
                "an array of maps of arrays",
                vec![alias(vec_of(named(1))), alias(map_of(vec_of(named(0))))],
                vec!["newtype", "newtype"],
            ),
            (
                "an alias of an alias on the cycle",
                vec![alias(named(1)), alias(named(2)), alias(vec_of(named(0)))],
                vec!["newtype", "newtype", "newtype"],
            ),
            (
                "an alias of a recursive alias, on no cycle itself",
                vec![alias(vec_of(named(1))), alias(vec_of(named(1)))],
                vec!["alias", "newtype"],
            ),
            (
                "a cycle through a struct",
                vec![alias(vec_of(named(1))), one_field(named(0))],
                vec!["alias", "struct"],
            ),
            (
                "a struct holding itself through an alias",
                vec![alias(named(1)), one_field(named(0))],
                vec!["alias", "boxed struct"],
            ),
            ("only itself", vec![alias(named(0))], vec!["json"]),
            (
                "only each other, and an alias of them",
                vec![alias(named(1)), alias(named(0)), alias(vec_of(named(0)))],
                vec!["json", "json", "alias"],
            ),
            (
                "no cycle",
                vec![alias(vec_of(named(1))), alias(TypeRef::String)],
                vec!["alias", "alias"],
            ),
        ];
        for (case, kinds, expected) in cases {
            assert_eq!(outcome(kinds), expected, "{case}");
        }
    }

    /// A cycle of aliases far longer than any stack would allow recursion over is found
    /// in one linear pass.
    #[test]
    fn a_long_cycle_of_aliases_is_found_without_recursion() {
        let n = 200_000;
        let kinds = (0..n).map(|i| alias(vec_of(named((i + 1) % n)))).collect();
        assert!(outcome(kinds).iter().all(|kind| *kind == "newtype"));
    }

    /// Lint's `inline-schema-name` finds the schemas the generator names: its test on
    /// the tree and the generator's on the typed schema agree.
    #[test]
    fn lint_and_lowering_agree_on_which_schemas_get_a_name() {
        let r = json!({"$ref": "#/components/schemas/X"});
        let schemas = [
            json!({"type": "string", "enum": ["a", "b"]}),
            json!({"type": "string", "enum": ["a", null], "format": "x", "maxLength": 3}),
            json!({"type": "string", "enum": [null]}),
            json!({"type": "string", "enum": ["a"], "minimum": 1}),
            json!({"type": "string"}),
            json!({"type": "integer", "enum": [1, 2]}),
            json!({"type": "object", "properties": {"a": {}}}),
            json!({"type": "object", "properties": {}}),
            json!({"type": "object", "oneOf": [r, r]}),
            json!({"properties": {"a": {}}}),
            json!({"oneOf": [r, r]}),
            json!({"oneOf": [r]}),
            json!({"allOf": [r, r]}),
            json!({"anyOf": [r, r], "nullable": true}),
            json!({"not": r}),
            json!({"type": "array", "items": {"type": "string", "enum": ["a"]}}),
            json!({"enum": ["a", "b"]}),
        ];
        for schema in schemas {
            let tree = crate::document::tree::Tree::from_value(&schema).unwrap();
            let lint = crate::lint::checks::needs_name(tree.root().as_object().unwrap());
            let typed: openapiv3::Schema = serde_json::from_value(schema.clone()).unwrap();
            assert_eq!(lint, super::needs_name(&typed), "{schema}");
        }
    }
}
