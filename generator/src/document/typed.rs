//! Schema objects typed straight from the tree, without serde.
//!
//! `openapiv3` reads a schema through an untagged `ReferenceOr` and two flattened
//! structs, so serde buffers every schema into its private `Content` form, then
//! copies that buffer again for each nested schema: on GitHub's spec that was most of
//! the time the checks and lowering spent. This module builds the same
//! `openapiv3::Schema` values by reading the tree's fields directly.
//!
//! It follows `openapiv3`'s rules exactly where a schema reads fine, and gives up
//! (`None`) wherever serde might refuse it: a field of the wrong kind, an unknown
//! shape. Callers then take the serde path, which says what is wrong. So the fast path
//! changes how long a read takes, never what it yields; a test checks the two against
//! each other on every schema of the fixtures and the corpus.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, ExternalDocumentation,
    IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType,
    Type,
};
use serde_json::{Number, Value};

use super::tree::{Node, NodeSet, Object};

/// Reads a schema or a `$ref` to one, as deserializing a `ReferenceOr<Schema>` would.
pub fn reference_or_schema(node: Node<'_>) -> Result<ReferenceOr<Schema>, serde_json::Error> {
    match (Fast { stubs: None }).reference_or(node) {
        Some(read) => Ok(read),
        None => node.deserialize(),
    }
}

/// Reads a schema, as deserializing a `Schema` would.
pub fn schema(node: Node<'_>) -> Result<Schema, serde_json::Error> {
    match (Fast { stubs: None }).schema(node) {
        Some(read) => Ok(read),
        None => node.deserialize(),
    }
}

/// Whether `node` reads as a `Schema`, the nodes in `stubs` read as `{}`, as
/// deserializing [`Node::stubbing`] would find. `false` says only that the fast path
/// gave up: the caller asks serde why.
pub fn schema_reads<'t>(node: Node<'t>, stubs: &NodeSet<'t>) -> bool {
    (Fast { stubs: Some(stubs) }).schema(node).is_some()
}

/// What `{}` reads as: a schema of any value, with nothing said about it.
fn empty_schema() -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }
}

/// The reader, with the nodes that read as `{}` (see [`schema_reads`]).
struct Fast<'s, 't> {
    stubs: Option<&'s NodeSet<'t>>,
}

/// The fields `openapiv3` reads a schema's kind from, as it declares them before
/// deciding which kind the schema is.
#[derive(Default)]
struct RawKind {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl<'t> Fast<'_, 't> {
    fn is_stub(&self, node: Node<'t>) -> bool {
        self.stubs.is_some_and(|stubs| stubs.contains(node))
    }

    /// A string `$ref` wins whatever its siblings say, as `openapiv3`'s untagged enum
    /// has it; any other `$ref` is a field the schema does not know.
    fn reference_or(&self, node: Node<'t>) -> Option<ReferenceOr<Schema>> {
        if self.is_stub(node) {
            return Some(ReferenceOr::Item(empty_schema()));
        }
        match super::resolve::reference_of(node) {
            Some(reference) => Some(ReferenceOr::Reference {
                reference: reference.to_owned(),
            }),
            None => self.schema(node).map(ReferenceOr::Item),
        }
    }

    fn boxed(&self, node: Node<'t>) -> Option<ReferenceOr<Box<Schema>>> {
        Some(match self.reference_or(node)? {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        })
    }

    fn schema(&self, node: Node<'t>) -> Option<Schema> {
        if self.is_stub(node) {
            return Some(empty_schema());
        }
        let object = node.as_object()?;
        let mut data = SchemaData::default();
        let mut raw = RawKind::default();
        for (key, value) in object.iter() {
            self.field(key, value, &mut data, &mut raw)?;
        }
        Some(Schema {
            schema_data: data,
            schema_kind: kind(raw),
        })
    }

    /// Reads one field of a schema into the data or the kind's fields. `null` is an
    /// absent value for every optional field, as serde reads it.
    fn field(
        &self,
        key: &str,
        value: Node<'t>,
        data: &mut SchemaData,
        raw: &mut RawKind,
    ) -> Option<()> {
        match key {
            "nullable" => data.nullable = value.as_bool()?,
            "readOnly" => data.read_only = value.as_bool()?,
            "writeOnly" => data.write_only = value.as_bool()?,
            "deprecated" => data.deprecated = value.as_bool()?,
            "externalDocs" => data.external_docs = optional(value, external_docs)?,
            "example" => data.example = optional(value, |v| Some(v.to_json()))?,
            "title" => data.title = optional(value, string)?,
            "description" => data.description = optional(value, string)?,
            "discriminator" => data.discriminator = optional(value, discriminator)?,
            "default" => data.default = optional(value, |v| Some(v.to_json()))?,
            "type" => raw.typ = optional(value, string)?,
            "pattern" => raw.pattern = optional(value, string)?,
            "multipleOf" => raw.multiple_of = optional(value, number)?,
            "exclusiveMinimum" => raw.exclusive_minimum = optional(value, Node::as_bool)?,
            "exclusiveMaximum" => raw.exclusive_maximum = optional(value, Node::as_bool)?,
            "minimum" => raw.minimum = optional(value, number)?,
            "maximum" => raw.maximum = optional(value, number)?,
            "properties" => raw.properties = optional(value, |v| self.properties(v))?,
            "required" => raw.required = optional(value, strings)?,
            "additionalProperties" => {
                raw.additional_properties = optional(value, |v| self.additional(v))?;
            }
            "minProperties" => raw.min_properties = optional(value, size)?,
            "maxProperties" => raw.max_properties = optional(value, size)?,
            "items" => raw.items = optional(value, |v| self.boxed(v))?,
            "minItems" => raw.min_items = optional(value, size)?,
            "maxItems" => raw.max_items = optional(value, size)?,
            "uniqueItems" => raw.unique_items = optional(value, Node::as_bool)?,
            "enum" => raw.enumeration = optional(value, values)?,
            "format" => raw.format = optional(value, string)?,
            "minLength" => raw.min_length = optional(value, size)?,
            "maxLength" => raw.max_length = optional(value, size)?,
            "oneOf" => raw.one_of = optional(value, |v| self.list(v))?,
            "allOf" => raw.all_of = optional(value, |v| self.list(v))?,
            "anyOf" => raw.any_of = optional(value, |v| self.list(v))?,
            "not" => raw.not = optional(value, |v| self.reference_or(v).map(Box::new))?,
            _ if key.starts_with("x-") => {
                data.extensions.insert(key.to_owned(), value.to_json());
            }
            _ => {}
        }
        Some(())
    }

    fn properties(&self, node: Node<'t>) -> Option<IndexMap<String, ReferenceOr<Box<Schema>>>> {
        let object = node.as_object()?;
        let mut properties = IndexMap::with_capacity(object.len());
        for (name, schema) in object.iter() {
            properties.insert(name.to_owned(), self.boxed(schema)?);
        }
        Some(properties)
    }

    fn list(&self, node: Node<'t>) -> Option<Vec<ReferenceOr<Schema>>> {
        let array = node.as_array()?;
        array.iter().map(|item| self.reference_or(item)).collect()
    }

    /// `true` or `false`, or a schema: the order `openapiv3`'s untagged enum tries.
    fn additional(&self, node: Node<'t>) -> Option<AdditionalProperties> {
        if let Some(any) = node.as_bool() {
            return Some(AdditionalProperties::Any(any));
        }
        let schema = self.reference_or(node)?;
        Some(AdditionalProperties::Schema(Box::new(schema)))
    }
}

/// `None` for `null`, else what `read` makes of the value (`None` inside: give up).
fn optional<'t, T>(value: Node<'t>, read: impl FnOnce(Node<'t>) -> Option<T>) -> Option<Option<T>> {
    if value.is_null() {
        return Some(None);
    }
    read(value).map(Some)
}

fn string(node: Node<'_>) -> Option<String> {
    node.as_str().map(str::to_owned)
}

fn strings(node: Node<'_>) -> Option<Vec<String>> {
    node.as_array()?.iter().map(string).collect()
}

fn number(node: Node<'_>) -> Option<Number> {
    node.as_number().cloned()
}

/// A count: serde reads a `usize` only from a whole number that is not negative.
fn size(node: Node<'_>) -> Option<usize> {
    usize::try_from(node.as_number()?.as_u64()?).ok()
}

fn values(node: Node<'_>) -> Option<Vec<Value>> {
    Some(node.as_array()?.iter().map(Node::to_json).collect())
}

/// The `x-` fields of an object, as `openapiv3` keeps them.
fn extensions(object: Object<'_>) -> IndexMap<String, Value> {
    object
        .iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.to_owned(), value.to_json()))
        .collect()
}

fn external_docs(node: Node<'_>) -> Option<ExternalDocumentation> {
    let object = node.as_object()?;
    Some(ExternalDocumentation {
        description: match object.get("description") {
            Some(description) => optional(description, string)?,
            None => None,
        },
        url: string(object.get("url")?)?,
        extensions: extensions(object),
    })
}

fn discriminator(node: Node<'_>) -> Option<Discriminator> {
    let object = node.as_object()?;
    let mapping = match object.get("mapping") {
        Some(mapping) if !mapping.is_null() => {
            let mapping = mapping.as_object()?;
            let mut read = IndexMap::with_capacity(mapping.len());
            for (key, target) in mapping.iter() {
                read.insert(key.to_owned(), string(target)?);
            }
            read
        }
        // A `mapping` of `null` is for serde a map it cannot read: let it say so.
        Some(_) => return None,
        None => IndexMap::new(),
    };
    Some(Discriminator {
        property_name: string(object.get("propertyName")?)?,
        mapping,
        extensions: extensions(object),
    })
}

/// Whether every enumerated value is `null` or passes `check`.
fn enumeration_is(values: &Option<Vec<Value>>, check: fn(&Value) -> bool) -> bool {
    values
        .iter()
        .flatten()
        .all(|value| value.is_null() || check(value))
}

/// The enumerated values as `T`, `null` as `None`; called only after
/// [`enumeration_is`] passed with the matching check.
fn enumeration_as<T>(values: Option<Vec<Value>>, read: fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    values
        .unwrap_or_default()
        .iter()
        .map(|value| if value.is_null() { None } else { read(value) })
        .collect()
}

fn whole(number: &Option<Number>) -> bool {
    number.as_ref().is_none_or(Number::is_i64)
}

fn float(number: Option<Number>) -> Option<f64> {
    number.as_ref().and_then(Number::as_f64)
}

fn integer(number: Option<Number>) -> Option<i64> {
    number.as_ref().and_then(Number::as_i64)
}

/// Decides a schema's kind from its fields, by `openapiv3`'s rules: a `type` with only
/// the fields that type allows is that type; one composition keyword alone is that
/// composition; anything else is a schema of any kind that keeps every field.
fn kind(mut raw: RawKind) -> SchemaKind {
    let has_string = raw.pattern.is_some() || raw.min_length.is_some() || raw.max_length.is_some();
    let has_number = raw.multiple_of.is_some()
        || raw.exclusive_minimum.is_some()
        || raw.exclusive_maximum.is_some()
        || raw.minimum.is_some()
        || raw.maximum.is_some();
    let has_object = raw.properties.is_some()
        || raw.required.is_some()
        || raw.additional_properties.is_some()
        || raw.min_properties.is_some()
        || raw.max_properties.is_some();
    let has_array = raw.items.is_some()
        || raw.min_items.is_some()
        || raw.max_items.is_some()
        || raw.unique_items.is_some();
    let compositions = [
        raw.one_of.is_some(),
        raw.all_of.is_some(),
        raw.any_of.is_some(),
        raw.not.is_some(),
    ];
    let composed = compositions.iter().filter(|&&is| is).count();
    let has_enum = raw.enumeration.is_some();
    let has_format = raw.format.is_some();
    let typed = match raw.typ.as_deref() {
        Some(_) if composed > 0 => None,
        Some("string")
            if !has_number
                && !has_object
                && !has_array
                && enumeration_is(&raw.enumeration, Value::is_string) =>
        {
            Some(Type::String(StringType {
                format: raw.format.take().into(),
                pattern: raw.pattern.take(),
                enumeration: enumeration_as(raw.enumeration.take(), |v| {
                    v.as_str().map(str::to_owned)
                }),
                min_length: raw.min_length,
                max_length: raw.max_length,
            }))
        }
        Some("number")
            if !has_string
                && !has_object
                && !has_array
                && enumeration_is(&raw.enumeration, Value::is_number) =>
        {
            Some(Type::Number(NumberType {
                format: raw.format.take().into(),
                multiple_of: float(raw.multiple_of.take()),
                exclusive_minimum: raw.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: raw.exclusive_maximum.unwrap_or_default(),
                minimum: float(raw.minimum.take()),
                maximum: float(raw.maximum.take()),
                enumeration: enumeration_as(raw.enumeration.take(), Value::as_f64),
            }))
        }
        Some("integer")
            if !has_string
                && !has_object
                && !has_array
                && enumeration_is(&raw.enumeration, Value::is_i64)
                && whole(&raw.multiple_of)
                && whole(&raw.minimum)
                && whole(&raw.maximum) =>
        {
            Some(Type::Integer(IntegerType {
                format: raw.format.take().into(),
                multiple_of: integer(raw.multiple_of.take()),
                exclusive_minimum: raw.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: raw.exclusive_maximum.unwrap_or_default(),
                minimum: integer(raw.minimum.take()),
                maximum: integer(raw.maximum.take()),
                enumeration: enumeration_as(raw.enumeration.take(), Value::as_i64),
            }))
        }
        Some("boolean")
            if !has_string
                && !has_number
                && !has_object
                && !has_array
                && !has_format
                && enumeration_is(&raw.enumeration, Value::is_boolean) =>
        {
            Some(Type::Boolean(BooleanType {
                enumeration: enumeration_as(raw.enumeration.take(), Value::as_bool),
            }))
        }
        Some("object") if !has_string && !has_number && !has_array && !has_enum && !has_format => {
            Some(Type::Object(ObjectType {
                properties: raw.properties.take().unwrap_or_default(),
                required: raw.required.take().unwrap_or_default(),
                additional_properties: raw.additional_properties.take(),
                min_properties: raw.min_properties,
                max_properties: raw.max_properties,
            }))
        }
        Some("array") if !has_string && !has_number && !has_object && !has_enum && !has_format => {
            Some(Type::Array(ArrayType {
                items: raw.items.take(),
                min_items: raw.min_items,
                max_items: raw.max_items,
                unique_items: raw.unique_items.unwrap_or_default(),
            }))
        }
        _ => None,
    };
    if let Some(typed) = typed {
        return SchemaKind::Type(typed);
    }
    let alone = raw.typ.is_none()
        && !has_string
        && !has_number
        && !has_object
        && !has_array
        && !has_enum
        && !has_format
        && composed == 1;
    if alone {
        if let Some(one_of) = raw.one_of.take() {
            return SchemaKind::OneOf { one_of };
        }
        if let Some(all_of) = raw.all_of.take() {
            return SchemaKind::AllOf { all_of };
        }
        if let Some(any_of) = raw.any_of.take() {
            return SchemaKind::AnyOf { any_of };
        }
        if let Some(not) = raw.not.take() {
            return SchemaKind::Not { not };
        }
    }
    SchemaKind::Any(any(raw))
}

/// A schema of any kind, keeping every field it has.
fn any(raw: RawKind) -> AnySchema {
    AnySchema {
        typ: raw.typ,
        pattern: raw.pattern,
        multiple_of: float(raw.multiple_of),
        exclusive_minimum: raw.exclusive_minimum,
        exclusive_maximum: raw.exclusive_maximum,
        minimum: float(raw.minimum),
        maximum: float(raw.maximum),
        properties: raw.properties.unwrap_or_default(),
        required: raw.required.unwrap_or_default(),
        additional_properties: raw.additional_properties,
        min_properties: raw.min_properties,
        max_properties: raw.max_properties,
        items: raw.items,
        min_items: raw.min_items,
        max_items: raw.max_items,
        unique_items: raw.unique_items,
        enumeration: raw.enumeration.unwrap_or_default(),
        format: raw.format,
        min_length: raw.min_length,
        max_length: raw.max_length,
        one_of: raw.one_of.unwrap_or_default(),
        all_of: raw.all_of.unwrap_or_default(),
        any_of: raw.any_of.unwrap_or_default(),
        not: raw.not,
    }
}
