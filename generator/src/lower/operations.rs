//! Lowering of paths and operations: parameters, bodies, responses and security.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody as SpecRequestBody, Response as SpecResponse, SecurityRequirement,
    StatusCode,
};
use serde::de::DeserializeOwned;

use super::auth::AuthRegistry;
use super::error_fields::{self, TextRequests};
use super::types::{SchemaRef, TypeLowering};
use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::document::tree::Node;
use crate::front::check::invalid_openapi;
use crate::front::LoadedSpec;
use crate::ir::{
    BodyEncoding, Docs, ErrorCase, ErrorTextFields, Operation, OperationGroup, ParamLocation,
    Parameter, Payload, QueryStyle, RequestBody, Response, StatusMatch, TypeRef,
};
use crate::naming::{self, Scope};

/// Everything one spec's operations lower into.
pub(crate) struct OperationLowering<'s, 't> {
    pub(crate) spec: &'s LoadedSpec,
    pub(crate) types: &'t mut TypeLowering<'s>,
    pub(crate) auth: &'t mut AuthRegistry,
    /// Pascal-case names at the module's top level: group structs, builders, error enums.
    pub(crate) module_names: Scope,
    /// The group to put operations without a tag in.
    pub(crate) default_group: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// One warning per operation left out because lowering it reported errors.
    pub(crate) skipped: Vec<Diagnostic>,
    /// What error schemas' extensions ask of the message and code fields, applied
    /// once the types are lowered ([`error_fields::choose`]).
    pub(crate) text_requests: TextRequests,
}

/// A group being filled: its tag, docs and operations with their method-name scope.
struct GroupBuilder {
    docs: Docs,
    methods: Scope,
    operations: Vec<Operation>,
}

impl OperationLowering<'_, '_> {
    /// Lowers every operation of the spec, grouped by first tag in the spec's tag order.
    pub(crate) fn lower_all(&mut self) -> IndexMap<String, (Docs, Vec<Operation>)> {
        let spec = self.spec;
        let mut groups: IndexMap<String, GroupBuilder> = IndexMap::new();
        for tag in &spec.outline.tags {
            let docs = Docs {
                summary: None,
                description: tag.description.clone(),
                example: None,
            };
            groups.insert(
                tag.name.clone(),
                GroupBuilder {
                    docs,
                    methods: Scope::default(),
                    operations: Vec::new(),
                },
            );
        }
        let paths = spec.raw.get("paths").and_then(Node::as_object);
        // Keys that are not paths are extensions (`x-...`), as `openapiv3` reads them too.
        let path_items = paths
            .into_iter()
            .flat_map(|paths| paths.iter())
            .filter(|(path, _)| path.starts_with('/'));
        for (path, node) in path_items {
            let path_at = format!("/paths/{}", escape_pointer_token(path));
            // Each path item is typed only while it is lowered, like each schema.
            let item = match node.deserialize::<ReferenceOr<openapiv3::PathItem>>() {
                Ok(ReferenceOr::Item(item)) => item,
                Ok(ReferenceOr::Reference { reference }) => {
                    match self.resolve::<openapiv3::PathItem>(&reference, &path_at) {
                        Some(item) => item,
                        None => continue,
                    }
                }
                Err(error) => {
                    let diagnostic = invalid_openapi(&spec.path, (path_at, error.to_string()));
                    self.diagnostics.push(diagnostic);
                    continue;
                }
            };
            let extra = self.extra_operations(&item, &path_at);
            let operations = item
                .iter()
                .map(|(method, operation)| (method, format!("{path_at}/{method}"), operation))
                .chain(
                    extra
                        .iter()
                        .map(|(method, at, operation)| (method.as_str(), at.clone(), operation)),
                );
            for (method, at, operation) in operations {
                let group_name = operation
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| self.default_group.clone());
                let group = groups
                    .entry(group_name.clone())
                    .or_insert_with(|| GroupBuilder {
                        docs: Docs::default(),
                        methods: Scope::default(),
                        operations: Vec::new(),
                    });
                // Each parameter keeps its own pointer: path-level ones live under the path item.
                let mut params: Vec<(ReferenceOr<SpecParameter>, String)> = item
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.clone(), format!("{path_at}/parameters/{i}")))
                    .collect();
                params.extend(
                    operation
                        .parameters
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (p.clone(), format!("{at}/parameters/{i}"))),
                );
                if let Some(op) = self.lower_operation(
                    path,
                    method,
                    operation,
                    &params,
                    &group_name,
                    &mut group.methods,
                    &at,
                ) {
                    group.operations.push(op);
                }
            }
        }
        groups
            .into_iter()
            .filter(|(_, g)| !g.operations.is_empty())
            .map(|(name, g)| (name, (g.docs, g.operations)))
            .collect()
    }

    /// The operations of a path item whose method OpenAPI 3.0 has no field for (3.2's
    /// `query` and `additionalOperations`), which the upgrade keeps under
    /// [`crate::document::EXTRA_OPERATIONS`]: each with its method and pointer.
    fn extra_operations(
        &mut self,
        item: &openapiv3::PathItem,
        path_at: &str,
    ) -> Vec<(String, String, SpecOperation)> {
        let Some(serde_json::Value::Object(extra)) =
            item.extensions.get(crate::document::EXTRA_OPERATIONS)
        else {
            return Vec::new();
        };
        let mut operations = Vec::with_capacity(extra.len());
        for (method, operation) in extra {
            let at = format!(
                "{path_at}/{}/{}",
                crate::document::EXTRA_OPERATIONS,
                escape_pointer_token(method)
            );
            // The upgrade checks 3.2's methods; a document may also write the
            // extension itself, with any key.
            if !crate::document::is_http_token(method) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-openapi",
                        &self.spec.path,
                        at,
                        format!(
                            "`{method}` is not an HTTP method: a method is a token of letters, \
                             digits and the characters !#$%&'*+-.^_`|~"
                        ),
                    )
                    .with_hint("name the method with those characters only, such as `COPY`"),
                );
                continue;
            }
            match serde_json::from_value::<SpecOperation>(operation.clone()) {
                Ok(operation) => operations.push((method.clone(), at, operation)),
                Err(error) => self
                    .diagnostics
                    .push(invalid_openapi(&self.spec.path, (at, error.to_string()))),
            }
        }
        operations
    }

    /// Builds the operation groups, naming their structs in the module scope; also
    /// returns the diagnostics, the operations skipped and the error schemas' requests.
    pub(crate) fn into_groups(
        mut self,
        grouped: IndexMap<String, (Docs, Vec<Operation>)>,
        accessors: &mut Scope,
    ) -> (
        Vec<OperationGroup>,
        Vec<Diagnostic>,
        Vec<Diagnostic>,
        TextRequests,
    ) {
        let groups = grouped
            .into_iter()
            .map(|(tag, (docs, operations))| OperationGroup {
                accessor: accessors.claim(&naming::snake(&tag, "operations")),
                struct_name: self.module_names.claim(&naming::type_name(&tag)),
                docs: if docs == Docs::default() {
                    Docs {
                        summary: Some(format!("Operations tagged `{tag}`.")),
                        ..Docs::default()
                    }
                } else {
                    docs
                },
                operations,
            })
            .collect();
        (
            groups,
            std::mem::take(&mut self.diagnostics),
            std::mem::take(&mut self.skipped),
            std::mem::take(&mut self.text_requests),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &SpecOperation,
        params: &[(ReferenceOr<SpecParameter>, String)],
        group: &str,
        methods: &mut Scope,
        at: &str,
    ) -> Option<Operation> {
        let errors_before = self.error_count();
        let words = naming::operation_words(
            operation.operation_id.as_deref(),
            operation.summary.as_deref(),
            method,
            path,
        );
        let builder_name = self.module_names.claim(&naming::type_from_words(&words));
        let error_name = self.module_names.claim(&format!("{builder_name}Error"));
        let short = naming::method_from_words(&naming::strip_group_words(&words, group));
        let method_name = if methods.is_free(&short) {
            methods.claim(&short)
        } else {
            methods.claim(&naming::method_from_words(&words))
        };

        let params = self.lower_params(path, params, &builder_name, at);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|b| self.lower_body(b, &builder_name, &format!("{at}/requestBody")));
        let (success, errors) = self.lower_responses(operation, &builder_name, &error_name, at);
        let success_enum_name = needs_success_enum(&success)
            .then(|| self.module_names.claim(&format!("{builder_name}Response")));
        let security = self.lower_security(operation.security.as_ref(), at);
        if self.error_count() > errors_before {
            let id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase()));
            self.skipped.push(Diagnostic::warning(
                "skipped-operation",
                &self.spec.path,
                at,
                format!("operation `{id}` is not generated because of the errors reported for it"),
            ));
            return None;
        }
        Some(Operation {
            method_name,
            builder_name,
            error_name,
            success_enum_name,
            id: operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase())),
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                example: None,
            },
            deprecated: operation.deprecated,
            // A fixed field (`get`) names its method in lower case; the methods of
            // 3.2's `additionalOperations` are sent with the capitalization written.
            http_method: match crate::document::METHODS.contains(&method) {
                true => method.to_ascii_uppercase(),
                false => method.to_owned(),
            },
            path: path.to_owned(),
            params,
            body,
            success,
            errors,
            security,
        })
    }

    fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .chain(&self.types.diagnostics)
            .filter(|d| d.is_error())
            .count()
    }

    /// Resolves a local reference, following chains of references
    /// ([`crate::document::resolve::follow`]), to a node of type `T`; reports failures at `at`.
    fn resolve<T: DeserializeOwned>(&mut self, reference: &str, at: &str) -> Option<T> {
        let node = crate::document::resolve::follow_or_report(
            &self.spec.raw,
            &self.spec.path,
            reference,
            at,
            &mut self.diagnostics,
        )?;
        match node.deserialize() {
            Ok(value) => Some(value),
            Err(error) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-ref-target",
                        &self.spec.path,
                        at,
                        format!(
                            "`$ref: {reference}` points at something of the wrong kind: {error}"
                        ),
                    )
                    .with_hint("point the reference at the kind of object this position needs"),
                );
                None
            }
        }
    }

    fn lower_params(
        &mut self,
        path: &str,
        params: &[(ReferenceOr<SpecParameter>, String)],
        builder_name: &str,
        at: &str,
    ) -> Vec<Parameter> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: IndexMap<(String, &'static str), (SpecParameter, String)> = IndexMap::new();
        for (param, param_at) in params {
            let param = match param {
                ReferenceOr::Item(p) => p.clone(),
                ReferenceOr::Reference { reference } => {
                    match self.resolve::<SpecParameter>(reference, param_at) {
                        Some(p) => p,
                        None => continue,
                    }
                }
            };
            let location = match &param {
                SpecParameter::Path { .. } => "path",
                SpecParameter::Query { .. } => "query",
                SpecParameter::Header { .. } => "header",
                SpecParameter::Cookie { .. } => "cookie",
            };
            merged.insert(
                (param.parameter_data_ref().name.clone(), location),
                (param, param_at.clone()),
            );
        }

        let template: Vec<&str> = path_template_names(path);
        let mut names = Scope::with_reserved(&[
            "client",
            "body",
            "options",
            "send",
            "send_with_response",
            "into_future",
            "with_timeout",
            "with_max_retries",
            "with_non_idempotent_retries",
            "with_header",
        ]);
        let mut lowered = Vec::new();
        // Parameters already reported, so the template check does not report them again.
        let mut reported: Vec<&str> = Vec::new();
        for ((wire_name, location), (param, param_at)) in &merged {
            let data = param.parameter_data_ref();
            let location = match *location {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                _ => ParamLocation::Cookie,
            };
            if location == ParamLocation::Path && !template.contains(&wire_name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "path-param-not-in-template",
                        &self.spec.path,
                        param_at.as_str(),
                        format!(
                            "path parameter `{wire_name}` does not appear in the path `{path}`"
                        ),
                    )
                    .with_hint(format!(
                        "add `{{{wire_name}}}` to the path or make the parameter a query parameter"
                    )),
                );
                continue;
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{builder_name}{}", naming::type_name(wire_name));
                    self.types
                        .type_ref(SchemaRef::from(schema), &hint, param_at)
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.diagnostics.push(
                        Diagnostic::error("unsupported-parameter", &self.spec.path, param_at.as_str(), format!("parameter `{wire_name}` is described by `content`, which is not supported yet"))
                            .with_hint("describe the parameter with a `schema`"),
                    );
                    continue;
                }
            };
            // A parameter is text on the wire, so a schema that allows anything means a string.
            let ty = if ty == TypeRef::Json {
                TypeRef::String
            } else {
                ty
            };
            // Query parameters that are not plain values (objects, unions with lists)
            // are written through serde in the style the spec gives.
            let style = match param {
                SpecParameter::Query { style, .. } if self.types.is_parameter_type(&ty) => {
                    list_style(style, data.explode, &ty)
                }
                _ if self.types.is_parameter_type(&ty) => QueryStyle::Plain,
                SpecParameter::Query {
                    style: openapiv3::QueryStyle::DeepObject,
                    ..
                } => QueryStyle::DeepObject,
                SpecParameter::Query { .. } => QueryStyle::Form {
                    explode: data.explode.unwrap_or(true),
                },
                _ => QueryStyle::Plain,
            };
            if style == QueryStyle::Plain && !self.types.is_parameter_type(&ty) {
                reported.push(wire_name.as_str());
                self.diagnostics.push(
                    Diagnostic::error("unsupported-parameter", &self.spec.path, param_at.as_str(), format!("parameter `{wire_name}` has an object or union schema, which cannot be sent as a plain value yet"))
                        .with_hint("give the parameter a scalar, enum or array-of-scalar schema"),
                );
                continue;
            }
            lowered.push(Parameter {
                name: names.claim(&naming::snake(wire_name, "param")),
                wire_name: wire_name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                style,
                docs: Docs {
                    summary: None,
                    description: data.description.clone(),
                    example: data.example.as_ref().map(|e| e.to_string()),
                },
            });
        }
        for name in template.iter().filter(|name| !reported.contains(name)) {
            if !lowered
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
            {
                self.diagnostics.push(
                    Diagnostic::error("path-param-undeclared", &self.spec.path, at, format!("the path template names `{{{name}}}` but the operation declares no path parameter `{name}`"))
                        .with_hint(format!("declare `{name}` under `parameters` with `in: path` and `required: true`")),
                );
            }
        }
        // Path parameters come first, in the order the template names them.
        lowered.sort_by_key(|p| match p.location {
            ParamLocation::Path => template.iter().position(|n| *n == p.wire_name).unwrap_or(0),
            _ => usize::MAX,
        });
        lowered
    }

    fn lower_body(
        &mut self,
        body: &ReferenceOr<SpecRequestBody>,
        builder_name: &str,
        at: &str,
    ) -> Option<RequestBody> {
        let body = match body {
            ReferenceOr::Item(b) => b.clone(),
            ReferenceOr::Reference { reference } => {
                self.resolve::<SpecRequestBody>(reference, at)?
            }
        };
        // JSON is preferred; otherwise forms, multipart, text, then raw bytes.
        let Some((media_type, content, encoding)) = pick_body_media_type(&body.content) else {
            self.diagnostics.push(
                Diagnostic::error(
                    "empty-request-body",
                    &self.spec.path,
                    format!("{at}/content"),
                    "the request body lists no media type",
                )
                .with_hint("add a media type, such as `application/json`, under `content`"),
            );
            return None;
        };
        let content_at = format!("{at}/content/{}/schema", escape_pointer_token(media_type));
        let ty = match encoding {
            BodyEncoding::Text => TypeRef::String,
            BodyEncoding::Bytes => TypeRef::Bytes,
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                self.media_type(content, &format!("{builder_name}Request"), &content_at)
            }
        };
        Some(RequestBody {
            ty,
            encoding,
            media_type: media_type.clone(),
            required: body.required,
            docs: Docs {
                summary: None,
                description: body.description.clone(),
                example: None,
            },
        })
    }

    fn media_type(&mut self, content: &MediaType, hint: &str, at: &str) -> TypeRef {
        match &content.schema {
            Some(schema) => self.types.type_ref(schema.into(), hint, at),
            None => TypeRef::Json,
        }
    }

    fn lower_responses(
        &mut self,
        operation: &SpecOperation,
        builder_name: &str,
        error_name: &str,
        at: &str,
    ) -> (Vec<Response>, Vec<ErrorCase>) {
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Scope::default();
        let responses = operation
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(n) => (StatusMatch::Exact(*n), code.to_string(), r),
                StatusCode::Range(n) => (StatusMatch::Range(*n), code.to_string(), r),
            });
        let default = operation
            .responses
            .default
            .iter()
            .map(|r| (StatusMatch::Default, "default".to_owned(), r));
        for (status, key, response) in responses.chain(default) {
            let response_at = format!("{at}/responses/{key}");
            let response = match response {
                ReferenceOr::Item(r) => r.clone(),
                ReferenceOr::Reference { reference } => {
                    match self.resolve::<SpecResponse>(reference, &response_at) {
                        Some(r) => r,
                        None => continue,
                    }
                }
            };
            let is_success = match status {
                StatusMatch::Exact(n) => (200..300).contains(&n),
                StatusMatch::Range(n) => n == 2,
                StatusMatch::Default => false,
            };
            let variant = variants.claim(&match status {
                StatusMatch::Exact(n) => naming::status_variant(n),
                StatusMatch::Range(n) => naming::range_variant(n),
                StatusMatch::Default => naming::DEFAULT_VARIANT.to_owned(),
            });
            let hint = if is_success {
                format!("{builder_name}Response")
            } else {
                format!("{builder_name}{variant}")
            };
            let payload = self.payload(&response, &hint, &response_at);
            if is_success {
                success.push(Response {
                    status,
                    variant,
                    payload,
                    description: response.description.clone(),
                });
            } else {
                if let Some(request) = self.error_text_request(&response, &response_at) {
                    let key = (error_name.to_owned(), variant.clone());
                    self.text_requests.insert(key, request);
                }
                errors.push(ErrorCase {
                    status,
                    variant,
                    payload,
                    description: response.description.clone(),
                    // Chosen once the body's type is lowered.
                    server_text: ErrorTextFields::default(),
                });
            }
        }
        // With no documented success, `default` describes the success as well as failures.
        if success.is_empty() {
            if let Some(index) = errors.iter().position(|e| e.status == StatusMatch::Default) {
                let default = errors.remove(index);
                success.push(Response {
                    status: StatusMatch::Range(2),
                    variant: "Success".to_owned(),
                    payload: default.payload.clone(),
                    description: default.description.clone(),
                });
                errors.push(default);
            }
        }
        errors.sort_by_key(|e| match e.status {
            StatusMatch::Exact(n) => (0, n),
            StatusMatch::Range(n) => (1, n),
            StatusMatch::Default => (2, 0),
        });
        (success, errors)
    }

    fn payload(&mut self, response: &SpecResponse, hint: &str, at: &str) -> Payload {
        if response.content.is_empty() {
            return Payload::None;
        }
        if let Some((media_type, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let content_at = format!("{at}/content/{}/schema", escape_pointer_token(media_type));
            return Payload::Json(self.media_type(content, hint, &content_at));
        }
        if response.content.keys().any(|m| m.starts_with("text/")) {
            Payload::Text
        } else {
            Payload::Bytes
        }
    }

    /// What the schema of an error response's JSON body asks, through its extensions,
    /// of the fields its message and code are read from; `None` when it asks nothing.
    fn error_text_request(
        &mut self,
        response: &SpecResponse,
        response_at: &str,
    ) -> Option<error_fields::TextRequest> {
        let (media_type, content) = response.content.iter().find(|(m, _)| is_json(m))?;
        let file = &self.spec.path;
        match content.schema.as_ref()? {
            ReferenceOr::Item(schema) => {
                let at = format!(
                    "{response_at}/content/{}/schema",
                    escape_pointer_token(media_type)
                );
                let extensions = &schema.schema_data.extensions;
                error_fields::read_request(
                    |name| extensions.get(name).cloned(),
                    file,
                    &at,
                    &mut self.diagnostics,
                )
            }
            ReferenceOr::Reference { reference } => {
                // The type lowering reports a reference that cannot be followed.
                let raw = &self.spec.raw;
                let schema = crate::document::resolve::follow(raw, reference).ok()?;
                let at = crate::document::resolve::local_pointer(reference).ok()?;
                error_fields::read_request(
                    |name| schema.get(name).map(Node::to_json),
                    file,
                    &at,
                    &mut self.diagnostics,
                )
            }
        }
    }

    fn lower_security(
        &mut self,
        security: Option<&Vec<SecurityRequirement>>,
        at: &str,
    ) -> Vec<Vec<usize>> {
        let (requirements, req_at) = match security {
            Some(s) => (s.clone(), format!("{at}/security")),
            None => (
                self.spec.outline.security.clone().unwrap_or_default(),
                "/security".to_owned(),
            ),
        };
        // An empty requirement means credentials are optional; the client still sends what it has.
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut set = Vec::new();
            for scheme in requirement.keys() {
                let scheme_at = format!("{req_at}/{index}/{}", escape_pointer_token(scheme));
                match self.auth.scheme_index(self.spec, scheme) {
                    Ok(index) => set.push(index),
                    Err(message) => self.diagnostics.push(
                        Diagnostic::error("undefined-security-scheme", &self.spec.path, scheme_at.as_str(), message)
                            .with_hint(format!("define `{scheme}` under components/securitySchemes or remove it from the requirement")),
                    ),
                }
            }
            alternatives.push(set);
        }
        alternatives
    }
}

/// The media type a request body is sent as, and how it is encoded: JSON first,
/// then forms, multipart and text; any other type is sent as raw bytes.
fn pick_body_media_type(
    content: &IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    let encoding = |media_type: &str| match media_essence(media_type).as_str() {
        m if is_json(m) => (0, BodyEncoding::Json),
        "application/x-www-form-urlencoded" => (1, BodyEncoding::Form),
        "multipart/form-data" => (2, BodyEncoding::Multipart),
        m if m.starts_with("text/") => (3, BodyEncoding::Text),
        _ => (4, BodyEncoding::Bytes),
    };
    // `min_by_key` keeps the first of equals, so spec order breaks ties.
    content
        .iter()
        .map(|(media_type, schema)| (media_type, schema, encoding(media_type)))
        .min_by_key(|(_, _, (rank, _))| *rank)
        .map(|(media_type, schema, (_, encoding))| (media_type, schema, encoding))
}

/// Whether a media type carries JSON.
/// How a query parameter of plain values is written: a list not exploded is one pair
/// of joined items; anything else one pair per value. `explode` defaults to true for
/// `form` only, as the specification says.
fn list_style(style: &openapiv3::QueryStyle, explode: Option<bool>, ty: &TypeRef) -> QueryStyle {
    let (separator, exploded_by_default) = match style {
        openapiv3::QueryStyle::Form => (',', true),
        openapiv3::QueryStyle::SpaceDelimited => (' ', false),
        openapiv3::QueryStyle::PipeDelimited => ('|', false),
        openapiv3::QueryStyle::DeepObject => return QueryStyle::Plain,
    };
    match ty {
        TypeRef::Vec(_) if !explode.unwrap_or(exploded_by_default) => {
            QueryStyle::Joined { separator }
        }
        _ => QueryStyle::Plain,
    }
}

pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A media type without its parameters, in lower case: `Application/JSON; charset=utf-8` → `application/json`.
fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `{name}`s of a path template, in order.
pub fn path_template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn needs_success_enum(success: &[Response]) -> bool {
    success
        .windows(2)
        .any(|pair| pair[0].payload != pair[1].payload)
}
