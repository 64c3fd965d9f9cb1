//! The intermediate representation between a spec and Rust tokens.
//!
//! It holds resolved facts only: every `$ref` is a [`TypeId`], every name is the
//! final Rust identifier chosen by [`crate::naming`], and nothing is optional that
//! lowering has already validated. Emit reads this and nothing else.

/// The whole generated crate.
#[derive(Debug, Clone)]
pub struct Crate {
    /// The package name, such as `altostrat`.
    pub name: String,
    /// The package version.
    pub version: String,
    /// One sentence for the crate's documentation and `Cargo.toml`.
    pub description: String,
    /// Whether `Cargo.toml` declares its own `[workspace]`.
    pub own_workspace: bool,
    /// The base URL used when the caller sets none: the first spec's first server.
    pub default_base_url: Option<String>,
    /// Every credential kind any operation uses.
    pub auth: Vec<AuthScheme>,
    /// One module per spec file, in the order given.
    pub modules: Vec<SpecModule>,
}

/// The code generated from one spec file.
#[derive(Debug, Clone)]
pub struct SpecModule {
    /// The module name, such as `control_plane`.
    pub name: String,
    /// The spec's title, for docs.
    pub title: String,
    /// The spec's version, for docs.
    pub api_version: String,
    /// The spec's description, for docs.
    pub description: Option<String>,
    /// The spec file name, for docs.
    pub source: String,
    /// Every named type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Operations grouped the way the client exposes them (by tag).
    pub groups: Vec<OperationGroup>,
    /// The types sent as webhook payloads: the API's requests to the caller's server.
    pub webhook_payloads: Vec<TypeId>,
}

/// An index into [`SpecModule::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named type of the generated crate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    /// Documentation from the schema's title, description and example.
    pub docs: Docs,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with named properties.
    Struct(Vec<Field>),
    /// A string enum that also keeps values added to the spec later.
    StringEnum(Vec<EnumValue>),
    /// A value that is one of several shapes (`oneOf`/`anyOf`), told apart by trying each in order.
    Union(Vec<UnionVariant>),
    /// Another name for a type (a component schema that is an array or a scalar).
    Alias(TypeRef),
    /// A type of its own that wraps another (a one-field tuple struct, transparent on the
    /// wire): what an alias becomes when its definition reaches itself, such as
    /// `Tree: {additionalProperties: {$ref: Tree}}`, since a Rust type alias cannot recurse.
    Newtype(TypeRef),
}

/// A property of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust field name (may be a keyword, which emit writes as a raw identifier).
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The property's type, without the `Option` that `presence` adds.
    pub ty: TypeRef,
    /// Whether the property must be present and whether it may be `null`.
    pub presence: Presence,
    /// Whether the field needs a `Box` to break a cycle of types.
    pub boxed: bool,
    /// Whether the value is a secret (a password, token or key) that must not be printed.
    pub secret: bool,
    /// Documentation from the property's schema.
    pub docs: Docs,
}

/// Required, optional and nullable, kept distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, sent as `null` when `None`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    OptionalNullable,
}

/// One value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Whether the variant needs a `Box` to break a cycle of types.
    pub boxed: bool,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `std::net::Ipv4Addr`.
    Ipv4,
    /// `std::net::Ipv6Addr`.
    Ipv6,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value: `serde_json::Value`.
    Json,
    /// Raw bytes (`bytes::Bytes`), for bodies that are not JSON.
    Bytes,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `std::collections::BTreeMap<String, T>` for `additionalProperties`.
    Map(Box<TypeRef>),
    /// A named type of the same module.
    Named(TypeId),
}

/// Documentation text gathered from a spec node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// A one-line summary or title.
    pub summary: Option<String>,
    /// The longer description (CommonMark).
    pub description: Option<String>,
    /// An example value, as JSON text.
    pub example: Option<String>,
}

/// The operations behind one accessor of the client, such as `client.api_keys()`.
#[derive(Debug, Clone)]
pub struct OperationGroup {
    /// The accessor method on the client, such as `api_keys`.
    pub accessor: String,
    /// The struct the accessor returns, such as `ApiKeys`.
    pub struct_name: String,
    /// The tag's description.
    pub docs: Docs,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method on the group struct, such as `rotate_api_credentials`.
    pub method_name: String,
    /// The request builder struct, such as `RotateApiCredentials`.
    pub builder_name: String,
    /// The per-operation error enum, such as `RotateApiCredentialsError`.
    pub error_name: String,
    /// The enum of success responses, when their bodies differ by status; `None`
    /// when one type covers every success status.
    pub success_enum_name: Option<String>,
    /// The operation's `operationId`, or the method + path when it has none.
    pub id: String,
    /// The summary and description.
    pub docs: Docs,
    /// Whether the spec marks the operation deprecated.
    pub deprecated: bool,
    /// The HTTP method in upper case.
    pub http_method: String,
    /// The path template as written in the spec, such as `/api/keys/{id}`.
    pub path: String,
    /// Every parameter, path ones first in template order.
    pub params: Vec<Parameter>,
    /// The JSON request body, if any.
    pub body: Option<RequestBody>,
    /// The documented 2xx responses.
    pub success: Vec<Response>,
    /// The documented non-2xx responses, exact statuses first, then ranges, then `default`.
    pub errors: Vec<ErrorCase>,
    /// The accepted sets of credentials, each a list of indexes into [`Crate::auth`];
    /// empty when the operation needs none. The first set the client holds is sent.
    pub security: Vec<Vec<usize>>,
}

/// A way of sending credentials, merged across specs by where they go.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The builder setter and credential key, such as `bearer_token` or `api_email`.
    pub name: String,
    /// Where the credential goes.
    pub kind: AuthKind,
    /// The environment variable the builder reads it from, such as `ALTOSTRAT_BEARER_TOKEN`.
    pub env_var: String,
    /// The scheme's description.
    pub docs: Docs,
}

/// Where a credential goes on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2.0 and OpenID Connect).
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// A query string pair.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The Rust argument or setter name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it (a method argument) or may (a builder setter).
    pub required: bool,
    /// How a query parameter that is not a plain value is written.
    pub style: QueryStyle,
    /// Its description.
    pub docs: Docs,
}

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// A plain value, or one pair per item of a list (`form` with `explode`).
    Plain,
    /// A list as one pair, its items joined by `separator`: `,` for `form` without
    /// `explode`, a space for `spaceDelimited`, `|` for `pipeDelimited`.
    Joined {
        /// What stands between two items.
        separator: char,
    },
    /// An object as `key=value` pairs (`explode`) or as `name=key,value,...`.
    Form {
        /// Whether each property becomes a pair of its own.
        explode: bool,
    },
    /// An object as `name[key]=value` pairs.
    DeepObject,
}
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The body's type: a model for JSON, forms and multipart, `String` for text,
    /// `Bytes` for anything else.
    pub ty: TypeRef,
    /// How the value becomes bytes on the wire.
    pub encoding: BodyEncoding,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its description.
    pub docs: Docs,
}

/// How a request body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one part per top-level field.
    Multipart,
    /// Text, as given.
    Text,
    /// Bytes, as given.
    Bytes,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// Exactly this status.
    Exact(u16),
    /// A whole class, such as `4XX` (holds 4).
    Range(u16),
    /// Every status not listed otherwise.
    Default,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body is documented.
    None,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body.
    Text,
    /// Raw bytes of another media type.
    Bytes,
}

/// A documented success response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status or statuses it covers.
    pub status: StatusMatch,
    /// The name of its variant when several success responses differ.
    pub variant: String,
    /// How its body is read.
    pub payload: Payload,
    /// The response's description.
    pub description: String,
}

/// A documented error response: one variant of the operation's error enum.
#[derive(Debug, Clone)]
pub struct ErrorCase {
    /// The status or statuses it covers.
    pub status: StatusMatch,
    /// The variant name, such as `NotFound` or `ClientError`.
    pub variant: String,
    /// How its body is read.
    pub payload: Payload,
    /// The response's description.
    pub description: String,
    /// Where its body keeps the server's message and code.
    pub server_text: ErrorTextFields,
}

/// Where a documented error body keeps the server's own words: the fields that the
/// `message()` and `code()` of the runtime's `ApiError` trait read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorTextFields {
    /// The field holding the server's message; `None` when the body has none.
    pub message: Option<TextFieldPath>,
    /// The field holding the server's error code; `None` when the body has none.
    pub code: Option<TextFieldPath>,
}

/// The way from an error body to one of its text fields, through nested objects or
/// the first item of a list: `error.message`, `errors[0].detail`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFieldPath {
    /// The fields followed from the body, the text field last.
    pub steps: Vec<TextFieldStep>,
    /// Whether the text field is a string enum (read with its `as_str`) rather than
    /// a string.
    pub is_enum: bool,
}

/// One field of a [`TextFieldPath`].
#[derive(Debug, Clone, PartialEq)]
pub struct TextFieldStep {
    /// The Rust field name.
    pub name: String,
    /// Whether the field may be absent or `null`.
    pub presence: Presence,
    /// Whether the field is a list whose first item the path goes on into.
    pub first_item: bool,
}

/// How deep [`is_plain_value`] follows aliases before it gives up (a cycle of aliases).
const MAX_ALIAS_DEPTH: usize = 32;

/// Whether values of `ty` can be written as text in a path, query or header:
/// scalars, string enums, any JSON value (written as its text), unions of
/// those, and arrays of those. `kind_of` looks
/// up a named type.
pub fn is_plain_value<'a>(ty: &TypeRef, kind_of: &impl Fn(TypeId) -> Option<&'a TypeKind>) -> bool {
    is_plain_within(ty, kind_of, 0)
}

fn is_plain_within<'a>(
    ty: &TypeRef,
    kind_of: &impl Fn(TypeId) -> Option<&'a TypeKind>,
    depth: usize,
) -> bool {
    let scalar = |inner: &TypeRef| {
        !matches!(inner, TypeRef::Vec(_)) && is_plain_within(inner, kind_of, depth + 1)
    };
    if depth > MAX_ALIAS_DEPTH {
        return false;
    }
    match ty {
        TypeRef::Vec(inner) => scalar(inner),
        TypeRef::Map(_) | TypeRef::Bytes => false,
        TypeRef::Named(id) => match kind_of(*id) {
            Some(TypeKind::StringEnum(_)) => true,
            Some(TypeKind::Alias(inner)) => scalar(inner),
            Some(TypeKind::Union(variants)) => variants.iter().all(|v| scalar(&v.ty)),
            // A newtype holds itself somewhere inside, so it is never one plain value.
            Some(TypeKind::Struct(_) | TypeKind::Newtype(_)) | None => false,
        },
        _ => true,
    }
}
