//! The OpenAPI object model, as data: which fields of which part hold which kind of
//! part (one, a map of them or a list of them), which hold prose for readers, and
//! which hold data that no walk enters.
//!
//! Every walker of a document reads its positions from here and from nowhere else:
//! the walk of [`crate::document::walk`] (the reference check, lint and the upgrade of
//! 3.1 and 3.2 documents) and the bundler's walk (`front/bundle.rs`). So a key means
//! what its position says, never what its name suggests: `schema` is a schema under a
//! parameter and the name of a property under `properties`; `$ref` is a reference in
//! a part that may be one, and plain data inside `default`, `example`, an example's
//! `value`, `enum`, `const`, a link's `parameters` or an `x-` extension (but for the
//! two extensions oagen gives a meaning: `x-webhooks` and
//! [`crate::document::EXTRA_OPERATIONS`]).
//!
//! The tables are the union of Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2: no field of
//! one version means something else in another, so a field a version lacks is only
//! absent from its documents. The one exception is the document itself, whose 2.0
//! form ([`Part::Swagger2`]) has maps of reusable parts at the top.
//!
//! Adding a field is one line in its part's table.

/// A kind of part of the object model: an object with fields of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The OpenAPI 3.x document.
    Document,
    /// The Swagger 2.0 document.
    Swagger2,
    /// The Info Object.
    Info,
    /// A Server Object.
    Server,
    /// A Tag Object.
    Tag,
    /// The Components Object.
    Components,
    /// The Paths Object: path items by path.
    Paths,
    /// A Path Item Object (under `paths`, `webhooks`, a callback or `components/pathItems`).
    PathItem,
    /// An Operation Object.
    Operation,
    /// A Parameter Object.
    Parameter,
    /// A Header Object.
    Header,
    /// A Request Body Object.
    RequestBody,
    /// The Responses Object: responses by status.
    Responses,
    /// A Response Object.
    Response,
    /// A Media Type Object.
    MediaType,
    /// An Encoding Object.
    Encoding,
    /// An Example Object.
    Example,
    /// A Link Object.
    Link,
    /// A Callback Object: path items by runtime expression.
    Callback,
    /// A Security Scheme Object.
    SecurityScheme,
    /// A Schema Object (or a boolean schema).
    Schema,
    /// A Discriminator Object.
    Discriminator,
}

/// What the value of a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// One part.
    One(Part),
    /// A map whose every entry is a part.
    Map(Part),
    /// A list whose every item is a part.
    List(Part),
    /// One part, or a list of them (a schema's `items`, a tuple in older drafts).
    OneOrList(Part),
    /// Text meant for readers: a `title`, `summary` or `description`.
    Prose,
    /// Data in the document's own terms (an example, a default): never entered.
    Data,
    /// A map of names to reference strings (a discriminator's `mapping`).
    Mapping,
}

/// What the keys of a part that are not its fields hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entries {
    /// Nothing: such a key is unknown, or an extension when it starts with `x-`.
    None,
    /// A part for each key that starts with `/` (the Paths Object).
    ByPath(Part),
    /// A part for each key that is no extension (`x-`) and no `$ref`.
    ByName(Part),
}

/// One part's fields, in the order they are listed, and what its other keys hold.
struct Object {
    fields: &'static [(&'static str, Field)],
    entries: Entries,
}

use Field::{Data, List, Map, Mapping, One, OneOrList, Prose};

const DOCUMENT: Object = Object {
    fields: &[
        ("info", One(Part::Info)),
        ("servers", List(Part::Server)),
        ("tags", List(Part::Tag)),
        ("paths", One(Part::Paths)),
        ("webhooks", Map(Part::PathItem)),
        // The upgrade keeps 3.1's `webhooks` as `x-webhooks`, the name 3.0 specs use
        // (Lob's), so both hold path items.
        ("x-webhooks", Map(Part::PathItem)),
        ("components", One(Part::Components)),
    ],
    entries: Entries::None,
};

const SWAGGER2: Object = Object {
    fields: &[
        ("info", One(Part::Info)),
        ("tags", List(Part::Tag)),
        ("paths", One(Part::Paths)),
        ("definitions", Map(Part::Schema)),
        ("parameters", Map(Part::Parameter)),
        ("responses", Map(Part::Response)),
        ("securityDefinitions", Map(Part::SecurityScheme)),
    ],
    entries: Entries::None,
};

const INFO: Object = Object {
    fields: &[("title", Prose), ("summary", Prose), ("description", Prose)],
    entries: Entries::None,
};

const SERVER: Object = Object {
    fields: &[("description", Prose)],
    entries: Entries::None,
};

const TAG: Object = Object {
    fields: &[("summary", Prose), ("description", Prose)],
    entries: Entries::None,
};

const COMPONENTS: Object = Object {
    fields: &[
        ("schemas", Map(Part::Schema)),
        ("responses", Map(Part::Response)),
        ("parameters", Map(Part::Parameter)),
        ("examples", Map(Part::Example)),
        ("requestBodies", Map(Part::RequestBody)),
        ("headers", Map(Part::Header)),
        ("securitySchemes", Map(Part::SecurityScheme)),
        ("links", Map(Part::Link)),
        ("callbacks", Map(Part::Callback)),
        ("pathItems", Map(Part::PathItem)),
        ("mediaTypes", Map(Part::MediaType)),
    ],
    entries: Entries::None,
};

const PATHS: Object = Object {
    fields: &[],
    entries: Entries::ByPath(Part::PathItem),
};

/// A path item's operations come in the order of [`crate::document::METHODS`], then
/// 3.2's `query`, then those of other methods.
const PATH_ITEM: Object = Object {
    fields: &[
        ("get", One(Part::Operation)),
        ("put", One(Part::Operation)),
        ("post", One(Part::Operation)),
        ("delete", One(Part::Operation)),
        ("options", One(Part::Operation)),
        ("head", One(Part::Operation)),
        ("patch", One(Part::Operation)),
        ("trace", One(Part::Operation)),
        ("query", One(Part::Operation)),
        ("additionalOperations", Map(Part::Operation)),
        // Where the upgrade keeps the operations of methods 3.0 has no field for.
        (crate::document::EXTRA_OPERATIONS, Map(Part::Operation)),
        ("summary", Prose),
        ("description", Prose),
        ("servers", List(Part::Server)),
        ("parameters", List(Part::Parameter)),
    ],
    entries: Entries::None,
};

const OPERATION: Object = Object {
    fields: &[
        ("summary", Prose),
        ("description", Prose),
        ("servers", List(Part::Server)),
        ("parameters", List(Part::Parameter)),
        ("requestBody", One(Part::RequestBody)),
        ("responses", One(Part::Responses)),
        ("callbacks", Map(Part::Callback)),
    ],
    entries: Entries::None,
};

/// A parameter's fields, which a header shares (it is a parameter without `name`
/// and `in`); `items`, `default` and `enum` are Swagger 2.0's.
const PARAMETER: Object = Object {
    fields: &[
        ("description", Prose),
        ("schema", One(Part::Schema)),
        ("items", One(Part::Schema)),
        ("content", Map(Part::MediaType)),
        ("examples", Map(Part::Example)),
        ("example", Data),
        ("default", Data),
        ("enum", Data),
    ],
    entries: Entries::None,
};

const REQUEST_BODY: Object = Object {
    fields: &[("description", Prose), ("content", Map(Part::MediaType))],
    entries: Entries::None,
};

const RESPONSES: Object = Object {
    fields: &[],
    entries: Entries::ByName(Part::Response),
};

/// A response's fields; `schema` and `examples` (a map of media types to data) are
/// Swagger 2.0's.
const RESPONSE: Object = Object {
    fields: &[
        ("summary", Prose),
        ("description", Prose),
        ("headers", Map(Part::Header)),
        ("content", Map(Part::MediaType)),
        ("links", Map(Part::Link)),
        ("schema", One(Part::Schema)),
        ("examples", Data),
    ],
    entries: Entries::None,
};

const MEDIA_TYPE: Object = Object {
    fields: &[
        ("schema", One(Part::Schema)),
        ("itemSchema", One(Part::Schema)),
        ("examples", Map(Part::Example)),
        ("example", Data),
        ("encoding", Map(Part::Encoding)),
        ("prefixEncoding", List(Part::Encoding)),
        ("itemEncoding", One(Part::Encoding)),
    ],
    entries: Entries::None,
};

/// An encoding's fields: 3.2 nests encodings for the parts of a multipart part.
const ENCODING: Object = Object {
    fields: &[
        ("headers", Map(Part::Header)),
        ("encoding", Map(Part::Encoding)),
        ("prefixEncoding", List(Part::Encoding)),
        ("itemEncoding", One(Part::Encoding)),
    ],
    entries: Entries::None,
};

const EXAMPLE: Object = Object {
    fields: &[
        ("summary", Prose),
        ("description", Prose),
        ("value", Data),
        ("dataValue", Data),
        ("serializedValue", Data),
    ],
    entries: Entries::None,
};

/// A link: its `parameters` and `requestBody` are runtime expressions or data.
const LINK: Object = Object {
    fields: &[
        ("description", Prose),
        ("server", One(Part::Server)),
        ("parameters", Data),
        ("requestBody", Data),
    ],
    entries: Entries::None,
};

const CALLBACK: Object = Object {
    fields: &[],
    entries: Entries::ByName(Part::PathItem),
};

const SECURITY_SCHEME: Object = Object {
    fields: &[("description", Prose)],
    entries: Entries::None,
};

/// A schema's fields, JSON Schema's keywords of every draft OpenAPI uses: those that
/// hold schemas are walked as schemas, so that a reference in one is found as it
/// would be read.
const SCHEMA: Object = Object {
    fields: &[
        ("title", Prose),
        ("description", Prose),
        ("properties", Map(Part::Schema)),
        ("items", OneOrList(Part::Schema)),
        ("allOf", List(Part::Schema)),
        ("oneOf", List(Part::Schema)),
        ("anyOf", List(Part::Schema)),
        ("additionalProperties", One(Part::Schema)),
        ("discriminator", One(Part::Discriminator)),
        ("not", One(Part::Schema)),
        ("patternProperties", Map(Part::Schema)),
        ("$defs", Map(Part::Schema)),
        ("definitions", Map(Part::Schema)),
        ("dependentSchemas", Map(Part::Schema)),
        ("prefixItems", List(Part::Schema)),
        ("if", One(Part::Schema)),
        ("then", One(Part::Schema)),
        ("else", One(Part::Schema)),
        ("contains", One(Part::Schema)),
        ("propertyNames", One(Part::Schema)),
        ("additionalItems", One(Part::Schema)),
        ("unevaluatedItems", One(Part::Schema)),
        ("unevaluatedProperties", One(Part::Schema)),
        ("contentSchema", One(Part::Schema)),
        ("default", Data),
        ("example", Data),
        ("examples", Data),
        ("enum", Data),
        ("const", Data),
    ],
    entries: Entries::None,
};

const DISCRIMINATOR: Object = Object {
    fields: &[("mapping", Mapping)],
    entries: Entries::None,
};

impl Part {
    fn object(self) -> &'static Object {
        match self {
            Part::Document => &DOCUMENT,
            Part::Swagger2 => &SWAGGER2,
            Part::Info => &INFO,
            Part::Server => &SERVER,
            Part::Tag => &TAG,
            Part::Components => &COMPONENTS,
            Part::Paths => &PATHS,
            Part::PathItem => &PATH_ITEM,
            Part::Operation => &OPERATION,
            Part::Parameter | Part::Header => &PARAMETER,
            Part::RequestBody => &REQUEST_BODY,
            Part::Responses => &RESPONSES,
            Part::Response => &RESPONSE,
            Part::MediaType => &MEDIA_TYPE,
            Part::Encoding => &ENCODING,
            Part::Example => &EXAMPLE,
            Part::Link => &LINK,
            Part::Callback => &CALLBACK,
            Part::SecurityScheme => &SECURITY_SCHEME,
            Part::Schema => &SCHEMA,
            Part::Discriminator => &DISCRIMINATOR,
        }
    }

    /// Whether a `$ref` in this part makes it a reference to another part of its kind
    /// (a Reference Object, or a schema's `$ref`).
    pub fn is_referable(self) -> bool {
        matches!(
            self,
            Part::PathItem
                | Part::Parameter
                | Part::Header
                | Part::RequestBody
                | Part::Response
                | Part::MediaType
                | Part::Example
                | Part::Link
                | Part::Callback
                | Part::SecurityScheme
                | Part::Schema
        )
    }

    /// Whether this part can hold parts of its own kind without end (schemas in
    /// schemas, callbacks in the operations of callbacks), which a walk bounds.
    pub fn nests(self) -> bool {
        matches!(self, Part::Schema | Part::Callback)
    }

    /// The fields of this part, in the order its table lists them.
    pub fn fields(self) -> impl Iterator<Item = (&'static str, Field)> {
        self.object().fields.iter().copied()
    }

    /// What the value of `key` in this part holds. `is_array` tells whether that
    /// value is a list, for the fields that hold one part or a list of them.
    pub fn child(self, key: &str, is_array: bool) -> Place {
        let object = self.object();
        if let Some((_, field)) = object.fields.iter().find(|(name, _)| *name == key) {
            return Place::of(*field, is_array);
        }
        if key == "$ref" && self.is_referable() {
            return Place::Reference;
        }
        match object.entries {
            Entries::ByPath(part) if key.starts_with('/') => Place::Part(part),
            Entries::ByName(part) if !key.starts_with("x-") && key != "$ref" => Place::Part(part),
            _ if key.starts_with("x-") => Place::Extension,
            _ => Place::Unknown,
        }
    }
}

/// What a node is, by its position in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One part.
    Part(Part),
    /// A map whose every entry is a part.
    Map(Part),
    /// A list whose every item is a part.
    List(Part),
    /// Text meant for readers.
    Prose,
    /// Data, never entered.
    Data,
    /// A map of names to reference strings (a discriminator's `mapping`).
    Mapping,
    /// The `$ref` of a part that may be a reference.
    Reference,
    /// An extension (`x-...`) the object model gives no meaning.
    Extension,
    /// A key the object model has no place for here (a schema's `type`, `info`'s
    /// `contact`): nothing to walk into.
    Unknown,
}

impl Place {
    fn of(field: Field, is_array: bool) -> Place {
        match field {
            One(part) => Place::Part(part),
            Map(part) => Place::Map(part),
            List(part) => Place::List(part),
            OneOrList(part) if is_array => Place::List(part),
            OneOrList(part) => Place::Part(part),
            Prose => Place::Prose,
            Data => Place::Data,
            Mapping => Place::Mapping,
        }
    }

    /// What the value of `key` in a node at this place is.
    pub fn child(self, key: &str, is_array: bool) -> Place {
        match self {
            Place::Part(part) => part.child(key, is_array),
            Place::Map(part) => Place::Part(part),
            Place::Data => Place::Data,
            _ => Place::Unknown,
        }
    }

    /// What each item of a list at this place is.
    pub fn item(self) -> Place {
        match self {
            Place::List(part) => Place::Part(part),
            Place::Data => Place::Data,
            _ => Place::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Part] = &[
        Part::Document,
        Part::Swagger2,
        Part::Info,
        Part::Server,
        Part::Tag,
        Part::Components,
        Part::Paths,
        Part::PathItem,
        Part::Operation,
        Part::Parameter,
        Part::Header,
        Part::RequestBody,
        Part::Responses,
        Part::Response,
        Part::MediaType,
        Part::Encoding,
        Part::Example,
        Part::Link,
        Part::Callback,
        Part::SecurityScheme,
        Part::Schema,
        Part::Discriminator,
    ];

    /// A field listed twice would make the second row dead: lookups find the first.
    #[test]
    fn no_part_lists_a_field_twice() {
        for part in ALL {
            let names: Vec<&str> = part.fields().map(|(name, _)| name).collect();
            for (index, name) in names.iter().enumerate() {
                assert!(
                    !names[..index].contains(name),
                    "{part:?} lists `{name}` twice"
                );
            }
        }
    }

    /// Each kind of part is found at its positions, whatever the keys around it.
    #[test]
    fn each_part_is_found_at_its_position() {
        let cases: &[(Part, &str, bool, Place)] = &[
            (Part::Document, "paths", false, Place::Part(Part::Paths)),
            (
                Part::Document,
                "x-webhooks",
                false,
                Place::Map(Part::PathItem),
            ),
            (
                Part::Swagger2,
                "definitions",
                false,
                Place::Map(Part::Schema),
            ),
            (Part::Paths, "/pets", false, Place::Part(Part::PathItem)),
            (Part::Paths, "pets", false, Place::Unknown),
            (Part::Paths, "x-paths", false, Place::Extension),
            (Part::PathItem, "query", false, Place::Part(Part::Operation)),
            (
                Part::PathItem,
                crate::document::EXTRA_OPERATIONS,
                false,
                Place::Map(Part::Operation),
            ),
            (Part::PathItem, "$ref", false, Place::Reference),
            (Part::Operation, "$ref", false, Place::Unknown),
            (Part::Responses, "200", false, Place::Part(Part::Response)),
            (Part::Responses, "x-status", false, Place::Extension),
            (Part::Callback, "{$url}", false, Place::Part(Part::PathItem)),
            (Part::Callback, "$ref", false, Place::Reference),
            (Part::Header, "schema", false, Place::Part(Part::Schema)),
            (
                Part::MediaType,
                "itemEncoding",
                false,
                Place::Part(Part::Encoding),
            ),
            (Part::Encoding, "headers", false, Place::Map(Part::Header)),
            (Part::Schema, "items", false, Place::Part(Part::Schema)),
            (Part::Schema, "items", true, Place::List(Part::Schema)),
            (Part::Schema, "type", false, Place::Unknown),
            (Part::Schema, "title", false, Place::Prose),
            (Part::Discriminator, "mapping", false, Place::Mapping),
        ];
        for &(part, key, is_array, place) in cases {
            assert_eq!(part.child(key, is_array), place, "{part:?} / {key}");
        }
        assert_eq!(
            Place::Map(Part::Schema).child("x-not-an-extension", false),
            Place::Part(Part::Schema)
        );
        assert_eq!(
            Place::List(Part::Parameter).item(),
            Place::Part(Part::Parameter)
        );
    }

    /// Data values are never parts, and nothing under them is.
    #[test]
    fn data_values_are_data_all_the_way_down() {
        let data: &[(Part, &str)] = &[
            (Part::Schema, "default"),
            (Part::Schema, "example"),
            (Part::Schema, "examples"),
            (Part::Schema, "enum"),
            (Part::Schema, "const"),
            (Part::Parameter, "example"),
            (Part::MediaType, "example"),
            (Part::Example, "value"),
            (Part::Link, "parameters"),
            (Part::Link, "requestBody"),
        ];
        for &(part, key) in data {
            let place = part.child(key, false);
            assert_eq!(place, Place::Data, "{part:?} / {key}");
            assert_eq!(place.child("$ref", false), Place::Data);
            assert_eq!(place.item(), Place::Data);
        }
        for part in ALL {
            assert_eq!(
                part.child("x-anything", false),
                Place::Extension,
                "{part:?}"
            );
        }
    }

    /// The path item lists its operations in the order of `METHODS`, which lint's
    /// findings (a duplicate operationId is reported at the second) depend on.
    #[test]
    fn operations_come_in_the_order_of_methods() {
        let operations: Vec<&str> = Part::PathItem
            .fields()
            .filter(|(_, field)| *field == One(Part::Operation))
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            &operations[..crate::document::METHODS.len()],
            crate::document::METHODS
        );
    }
}
