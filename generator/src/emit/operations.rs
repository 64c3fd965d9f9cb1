//! Emit a spec module's `mod.rs` and its group files: group structs, one request
//! builder and one error enum per operation.
//!
//! Like the types, operations are written as text laid out as rustfmt lays it out
//! (see the `text` module): a big spec's operations are most of what rustfmt would
//! otherwise have to be run over. Where a statement's layout depends on the length
//! of a name or a string from the spec, the writer picks the layout rustfmt picks,
//! or, for a shape it does not model, marks the file inexact so rustfmt lays it out.

use super::docs;
use super::features::FeaturePlan;
use super::models::rust_type;
use super::text::{Source, Written, ARRAY_WIDTH, CALL_ARGS_WIDTH, STRUCT_LIT_WIDTH};
use crate::escape::{self, rust_string};
use crate::ir::{
    BodyEncoding, ErrorCase, Operation, OperationGroup, ParamLocation, Parameter, Payload,
    Presence, QueryStyle, RequestBody, SpecModule, StatusMatch, TextFieldPath, TextFieldStep,
    TypeRef,
};
use crate::lower::path_template_names;

/// The `mod.rs` of a spec module: its docs, its types, and one file per group
/// re-exported, each behind its feature when the crate has them.
pub fn module_file(module: &SpecModule, plan: &FeaturePlan) -> Written {
    let mut text = format!(
        "The {} (version {}), from {}.",
        escape::markdown(&module.title),
        escape::markdown(&module.api_version),
        escape::code_span(&module.source)
    );
    if let Some(description) = &module.description {
        text.push_str("\n\n");
        text.push_str(&escape::markdown(description));
    }
    let mut s = Source::default();
    s.inner_doc(&text);
    s.blank();
    s.line("pub mod types;");
    for group in &module.groups {
        let file = group_file_name(module, group);
        let gate = plan.group_gate(&group.accessor);
        for item in [format!("mod {file};"), format!("pub use {file}::*;")] {
            s.blank();
            if let Some(feature) = &gate {
                s.cfg_any([feature]);
            }
            s.line(&item);
        }
    }
    s.finish()
}

/// The method and path of an operation as inline code, such as `` `GET /keys/{id}` ``.
fn operation_span(op: &Operation) -> String {
    escape::code_span(&format!("{} {}", op.http_method, op.path))
}

/// Whether `ty` is or holds a named type (written `types::Name`).
fn names_a_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => names_a_type(inner),
        _ => false,
    }
}

/// The module (and file) name of a group: its accessor, unless that is the spec
/// module's own name, which would nest a module in one of the same name.
pub fn group_file_name(module: &SpecModule, group: &OperationGroup) -> String {
    let name = group.accessor.trim_start_matches("r#");
    if name == module.name {
        format!("{name}_operations")
    } else {
        group.accessor.clone()
    }
}

/// A group's file: its struct, and each operation's builder and error enum.
pub fn group_file(group: &OperationGroup, module: &SpecModule) -> Written {
    let mut s = Source::default();
    s.inner_doc(&format!(
        "The operations reached through [`Client::{}`](crate::Client::{}).",
        group.accessor, group.accessor
    ));
    let names_types = group
        .operations
        .iter()
        .flat_map(super::features::roots)
        .any(|(ty, _)| names_a_type(ty));
    if names_types {
        s.blank();
        s.line("use super::types;");
    }
    group_struct(group, module, &mut s);
    for op in &group.operations {
        builder_struct(op, module, &mut s);
        error_enum(op, module, &mut s);
        success_enum(op, module, &mut s);
    }
    s.finish()
}

/// Paths from a group file to the module's types.
fn ty(ty: &TypeRef, module: &SpecModule) -> String {
    rust_type(ty, module, "types::")
}

fn group_struct(group: &OperationGroup, module: &SpecModule, s: &mut Source) {
    let name = &group.struct_name;
    let accessor = &group.accessor;
    s.blank();
    s.doc(&format!(
        "{}\n\nReached through [`Client::{accessor}`](crate::Client::{accessor}).",
        docs::text(&group.docs, "Operations of the API.")
    ));
    s.line("#[derive(Debug, Clone, Copy)]");
    s.block(&format!("pub struct {name}<'a> {{"), "}", |s| {
        s.line("pub(crate) client: &'a crate::Client,");
    });
    s.blank();
    s.impl_block(&format!("impl<'a> {name}<'a>"), |s| {
        for op in &group.operations {
            start_method(op, module, s);
        }
    });
}

/// The type a required parameter is taken as: strings by `impl Into<String>`.
fn argument_type(param: &Parameter, module: &SpecModule) -> String {
    match param.ty {
        TypeRef::String => "impl Into<String>".into(),
        _ => ty(&param.ty, module),
    }
}

/// The method on the group struct that starts a request.
fn start_method(op: &Operation, module: &SpecModule, s: &mut Source) {
    let builder = &op.builder_name;
    let mut params = vec!["&self".to_owned()];
    let mut fields = vec!["client: self.client".to_owned()];
    for param in &op.params {
        let name = &param.name;
        if param.required {
            params.push(format!("{name}: {}", argument_type(param, module)));
            fields.push(if param.ty == TypeRef::String {
                format!("{name}: {name}.into()")
            } else {
                name.clone()
            });
        } else {
            fields.push(format!("{name}: None"));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let (arg, _, store) = body_types(body, module);
            params.push(format!("body: {arg}"));
            fields.push(if store == "body" {
                store.to_owned()
            } else {
                format!("body: {store}")
            });
        } else {
            fields.push("body: None".into());
        }
    }
    fields.push("options: Default::default()".into());
    let mut text = docs::text(&op.docs, &format!("Calls {}.", operation_span(op)));
    text.push_str(&format!("\n\n{}", operation_span(op)));
    if op.deprecated {
        text.push_str("\n\nThe API marks this operation as deprecated.");
    }
    let has_options =
        op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required);
    text.push_str(&if has_options {
        format!("\n\nReturns a [`{builder}`]: set optional parameters on it, then `.await` it to send the request.")
    } else {
        format!("\n\nReturns a [`{builder}`]: `.await` it to send the request.")
    });
    s.doc(&text);
    if op.deprecated {
        s.line(r#"#[deprecated = "the API marks this operation as deprecated"]"#);
    }
    let head = format!("pub fn {}", op.method_name);
    s.function(&head, &params, &format!("{builder}<'a>"), |s| {
        s.struct_literal(builder, &fields);
    });
}

/// How a body is taken, held and stored: models by reference, text and bytes by value.
fn body_types(body: &RequestBody, module: &SpecModule) -> (String, String, &'static str) {
    match body.encoding {
        BodyEncoding::Text => ("impl Into<String>".into(), "String".into(), "body.into()"),
        BodyEncoding::Bytes => (
            "impl Into<bytes::Bytes>".into(),
            "bytes::Bytes".into(),
            "body.into()",
        ),
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
            let model = format!("&'a {}", ty(&body.ty, module));
            (model.clone(), model, "body")
        }
    }
}

/// What a successful call returns.
fn success_type(op: &Operation, module: &SpecModule) -> String {
    match (&op.success_enum_name, op.success.first()) {
        (Some(name), _) => name.clone(),
        (None, Some(first)) => payload_type(&first.payload, module),
        (None, None) => "()".into(),
    }
}

fn payload_type(payload: &Payload, module: &SpecModule) -> String {
    match payload {
        Payload::None => "()".into(),
        Payload::Json(json) => ty(json, module),
        Payload::Text => "String".into(),
        Payload::Bytes => "bytes::Bytes".into(),
    }
}

fn builder_struct(op: &Operation, module: &SpecModule, s: &mut Source) {
    let builder = &op.builder_name;
    s.blank();
    s.doc(&format!(
        "A {} request, ready to send: `.await` it, or call [`send`]({builder}::send).",
        operation_span(op),
    ));
    s.line("#[derive(Debug, Clone)]");
    s.line(r#"#[must_use = "a request does nothing until it is awaited"]"#);
    s.block(&format!("pub struct {builder}<'a> {{"), "}", |s| {
        s.field("client", "&'a crate::Client");
        s.field("options", "crate::runtime::request::RequestOptions");
        for param in &op.params {
            let param_ty = ty(&param.ty, module);
            if param.required {
                s.field(&param.name, &param_ty);
            } else {
                s.field(&param.name, &format!("Option<{param_ty}>"));
            }
        }
        if let Some(body) = &op.body {
            let (_, field, _) = body_types(body, module);
            if body.required {
                s.field("body", &field);
            } else {
                s.field("body", &format!("Option<{field}>"));
            }
        }
    });
    s.blank();
    s.impl_block(&format!("impl<'a> {builder}<'a>"), |s| {
        for param in op.params.iter().filter(|p| !p.required) {
            setter(param, module, s);
        }
        if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
            let (arg, _, store) = body_types(body, module);
            s.doc(&docs::text(&body.docs, "Sets the optional request body."));
            s.function(
                "pub fn body",
                &["mut self".into(), format!("body: {arg}")],
                "Self",
                |s| {
                    s.line(&format!("self.body = Some({store});"));
                    s.line("self");
                },
            );
        }
        send_fns(op, module, s);
    });
    s.blank();
    let options = format!("crate::runtime::request::request_options!({builder});");
    if s.fits(&options) {
        s.line(&options);
    } else {
        // rustfmt adds no comma after a macro's last argument.
        s.block("crate::runtime::request::request_options!(", ");", |s| {
            s.line(builder);
        });
    }
    s.blank();
    let output = success_type(op, module);
    s.impl_block(
        &format!("impl<'a> std::future::IntoFuture for {builder}<'a>"),
        |s| {
            s.associated_type(
                "Output",
                &format!("Result<{output}, crate::Error<{}>>", op.error_name),
            );
            s.associated_type(
                "IntoFuture",
                "std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>",
            );
            s.function(
                "fn into_future",
                &["self".into()],
                "Self::IntoFuture",
                |s| {
                    s.line("Box::pin(self.send())");
                },
            );
        },
    );
}

/// The setter of an optional parameter.
fn setter(param: &Parameter, module: &SpecModule, s: &mut Source) {
    let (arg, value) = match param.ty {
        TypeRef::String => ("impl Into<String>".to_owned(), "value.into()"),
        _ => (ty(&param.ty, module), "value"),
    };
    let where_ = match param.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    };
    s.doc(&format!(
        "{}\n\nSets the optional {where_} {}.",
        docs::text(&param.docs, "An optional parameter."),
        escape::code_span(&param.wire_name)
    ));
    let name = &param.name;
    let head = format!("pub fn {name}");
    s.function(
        &head,
        &["mut self".into(), format!("value: {arg}")],
        "Self",
        |s| {
            s.line(&format!("self.{name} = Some({value});"));
            s.line("self");
        },
    );
}

fn send_fns(op: &Operation, module: &SpecModule, s: &mut Source) {
    let error = &op.error_name;
    let output = success_type(op, module);
    s.doc(&format!(
        "Sends the request and reads the response.\n\n# Errors\n\nReturns [`Error::Api`](crate::Error::Api) with a [`{error}`] for each error status the API documents, and the other [`Error`](crate::Error) variants for undocumented statuses, bodies that do not decode, time-outs and transport failures."
    ));
    let result = format!("Result<{output}, crate::Error<{error}>>");
    s.function("pub async fn send", &["self".into()], &result, |s| {
        s.line("self.send_with_response()");
        s.block_deeper(&[".await", ".map(crate::Response::into_value)"]);
    });
    s.doc(&format!(
        "Like [`send`]({}::send), and also returns the response's status and headers.\n\n# Errors\n\nAs for `send`.",
        op.builder_name
    ));
    let result = format!("Result<crate::Response<{output}>, crate::Error<{error}>>");
    if has_overlapping_arms(op) {
        // The exact status comes first in the `match`, so it wins over the class
        // that holds it; that is the point, not the mistake clippy warns of.
        s.line("#[allow(clippy::match_overlapping_arm)]");
    }
    s.function(
        "pub async fn send_with_response",
        &["self".into()],
        &result,
        |s| send_body(op, s),
    );
}

fn send_body(op: &Operation, s: &mut Source) {
    let operation = operation_info(op, s);
    let adds_to_request =
        op.body.is_some() || op.params.iter().any(|p| p.location != ParamLocation::Path);
    let binding = if adds_to_request {
        "let mut request ="
    } else {
        "let request ="
    };
    request_statement(op, binding, s);
    for param in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        param_statement(param, s);
    }
    if let Some(body) = &op.body {
        let media_type = rust_string(&body.media_type);
        let (method, args, end) = match body.encoding {
            BodyEncoding::Json => ("request.json", vec!["body".into(), media_type], "?;"),
            BodyEncoding::Form => ("request.form", vec!["body".into(), media_type], "?;"),
            BodyEncoding::Multipart => ("request.multipart", vec!["body".into()], "?;"),
            BodyEncoding::Text | BodyEncoding::Bytes => {
                ("request.raw", vec!["body".into(), media_type], ";")
            }
        };
        if body.required {
            s.line("let body = self.body;");
            s.call(method, &args, end);
        } else {
            s.block("if let Some(body) = self.body {", "}", |s| {
                s.call(method, &args, end);
            });
        }
    }
    s.line("let response = self");
    s.block_deeper(&[
        ".client",
        &format!(".execute({operation}, request, &self.options)"),
        ".await?;",
    ]);
    s.block("match response.code() {", "}", |s| response_arms(op, s));
}

/// How one parameter that is not in the path is added to the request.
fn param_statement(param: &Parameter, s: &mut Source) {
    let wire = rust_string(&param.wire_name);
    let name = &param.name;
    if !param.required && is_idempotency_key(param) {
        return s.call(
            "request.idempotency_key",
            &[wire, format!("self.{name}.as_ref()")],
            ";",
        );
    }
    let is_list = matches!(param.ty, TypeRef::Vec(_));
    let value = "value".to_owned();
    let (method, args, end): (&str, Vec<String>, &str) =
        match (param.location, is_list, param.style) {
            (ParamLocation::Query, _, QueryStyle::Joined { separator }) => (
                "request.query_joined",
                vec![wire, value, format!("{separator:?}")],
                ";",
            ),
            (ParamLocation::Query, _, QueryStyle::DeepObject) => (
                "request.query_object",
                vec![wire, value, "true".into(), "true".into()],
                "?;",
            ),
            (ParamLocation::Query, _, QueryStyle::Form { explode }) => (
                "request.query_object",
                vec![wire, value, "false".into(), explode.to_string()],
                "?;",
            ),
            (ParamLocation::Query, false, _) => ("request.query", vec![wire, value], ";"),
            (ParamLocation::Query, true, _) => ("request.query_each", vec![wire, value], ";"),
            (ParamLocation::Header, false, _) => ("request.header", vec![wire, value], ";"),
            (ParamLocation::Header, true, _) => ("request.header_list", vec![wire, value], ";"),
            (ParamLocation::Cookie, _, _) => ("request.cookie", vec![wire, value], ";"),
            (ParamLocation::Path, _, _) => unreachable!("path parameters are filtered out"),
        };
    if param.required {
        s.line(&format!("let value = &self.{name};"));
        s.call(method, &args, end);
    } else {
        s.block(&format!("if let Some(value) = &self.{name} {{"), "}", |s| {
            s.call(method, &args, end);
        });
    }
}

/// `let request = Request::new(path);`, the path a literal or a `format!` that
/// fills the template with percent-encoded arguments.
fn request_statement(op: &Operation, binding: &str, s: &mut Source) {
    const NEW: &str = "crate::runtime::request::Request::new";
    let names = path_template_names(&op.path);
    if names.is_empty() {
        let literal = rust_string(&op.path);
        let argument = format!("String::from({literal})");
        let one_line = format!("{binding} {NEW}({argument});");
        let short = argument.chars().count() <= CALL_ARGS_WIDTH;
        if short && s.fits(&one_line) {
            return s.line(&one_line);
        }
        let next_line = format!("{NEW}({argument});");
        if short && s.fits_deeper(1, &next_line) {
            s.line(binding);
            return s.block_deeper(&[&next_line]);
        }
        // The last argument is carried over onto the lines after, as rustfmt does.
        return s.block(&format!("{binding} {NEW}(String::from("), "));", |s| {
            s.line(&format!("{literal},"))
        });
    }
    // The template is read as `path_template_names` reads it, so there is one `{}`
    // for each name, in order: a `{` with no `}` after it is literal text.
    let literal = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let mut chunks = op.path.split('{');
    let mut format = literal(chunks.next().unwrap_or_default());
    for chunk in chunks {
        match chunk.split_once('}') {
            Some((_, after)) => {
                format.push_str("{}");
                format.push_str(&literal(after));
            }
            None => {
                format.push_str("{{");
                format.push_str(&literal(chunk));
            }
        }
    }
    let mut args = vec![rust_string(&format)];
    args.extend(names.iter().map(|wire| {
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == *wire)
            .expect("lowering declares every template parameter");
        format!("crate::runtime::request::encode_path(&self.{})", param.name)
    }));
    // The arguments of a `format!` are always too long for one line, so the
    // macro is carried over onto the lines after, one argument a line, with no
    // comma after the last (rustfmt adds none inside a macro's parentheses).
    s.block(&format!("{binding} {NEW}(format!("), "));", |s| {
        let last = args.len() - 1;
        for (index, arg) in args.iter().enumerate() {
            let comma = if index < last { "," } else { "" };
            s.line(&format!("{arg}{comma}"));
        }
    });
}

/// Whether an exact status the operation documents lies in a class (`4XX`) it
/// also documents, so two arms of the status `match` overlap.
fn has_overlapping_arms(op: &Operation) -> bool {
    let statuses: Vec<StatusMatch> = op
        .success
        .iter()
        .map(|r| r.status)
        .chain(op.errors.iter().map(|e| e.status))
        .collect();
    statuses.iter().any(|status| match status {
        StatusMatch::Exact(code) => statuses.contains(&StatusMatch::Range(code / 100)),
        _ => false,
    })
}

/// The methods `reqwest::Method` has a constant for.
const STANDARD_METHODS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
];

/// Writes the statement declaring the operation's `OperationInfo`, and returns
/// the expression that borrows it. A standard method is a constant, so the info
/// is a `static`; any other (3.2's `QUERY`, an additional operation's `COPY`) is
/// built from its name, which lowering took from the document and is a valid
/// method token.
fn operation_info(op: &Operation, s: &mut Source) -> &'static str {
    let sets: Vec<String> = op
        .security
        .iter()
        .map(|set| {
            let indexes: Vec<String> = set.iter().map(usize::to_string).collect();
            format!("&[{}]", indexes.join(", "))
        })
        .collect();
    let security = sets.join(", ");
    if security.chars().count() > ARRAY_WIDTH {
        // rustfmt puts a long array's elements one per line; that layout is not written here.
        s.give_up();
    }
    let fields = |s: &mut Source, method: &dyn Fn(&mut Source)| {
        string_field(s, "id", &op.id);
        method(s);
        string_field(s, "path", &op.path);
        s.line(&format!("security: &[{security}],"));
    };
    if STANDARD_METHODS.contains(&op.http_method.as_str()) {
        let method = format!("method: reqwest::Method::{},", op.http_method);
        s.line("static OPERATION: crate::runtime::request::OperationInfo =");
        s.indented(|s| {
            s.block("crate::runtime::request::OperationInfo {", "};", |s| {
                fields(s, &|s| s.line(&method));
            });
        });
        return "&OPERATION";
    }
    let bytes = escape::rust_byte_string(&op.http_method);
    let expect = rust_string(&format!(
        "`{}` is a valid HTTP method token",
        op.http_method
    ));
    s.block(
        "let operation = crate::runtime::request::OperationInfo {",
        "};",
        |s| {
            fields(s, &|s| {
                // Always past rustfmt's chain width, so broken before `.expect`.
                s.line(&format!("method: reqwest::Method::from_bytes({bytes})"));
                s.block_deeper(&[&format!(".expect({expect}),")]);
            });
        },
    );
    "&operation"
}

/// `name: "value",` in a struct literal: the literal on a line of its own when the
/// whole does not fit. A literal cannot be broken, so past the width there too
/// rustfmt keeps the whole statement as written.
fn string_field(s: &mut Source, name: &str, value: &str) {
    let literal = rust_string(value);
    let one_line = format!("{name}: {literal},");
    if s.fits(&one_line) {
        return s.line(&one_line);
    }
    // On a line of its own, rustfmt measures the literal without the comma after
    // it, which may end one column past the width.
    if s.fits_deeper(1, &literal) {
        s.line(&format!("{name}:"));
        return s.indented(|s| s.unbreakable_line(&format!("{literal},")));
    }
    s.unbreakable_line(&one_line);
}

/// The `match` pattern for a documented status.
fn status_pattern(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{}..={}", class * 100, class * 100 + 99),
        StatusMatch::Default => "_".into(),
    }
}

/// What one arm of the `match` on the status evaluates to.
enum StatusArm {
    /// A success, read (and wrapped in the success enum) by this expression.
    Success(String),
    /// An error status: `Err(response.{method}({argument}))`.
    Error(ErrorCall),
}

/// `Err(response.{method}(...))` for an error status. The argument is the
/// variant, or a closure `|param| variant`; a variant of a range or `default` is
/// a struct literal holding the status, which the arm binds first.
struct ErrorCall {
    /// `api_error` or `api_error_raw`.
    method: &'static str,
    /// The closure's parameter, when the argument is a closure.
    param: Option<&'static str>,
    /// The variant's path, such as `GetKeyError::NotFound`.
    path: String,
    /// What follows the path: nothing, a tuple's field `(..)`, or a struct's fields.
    holds: Holds,
}

/// What an error variant is built with.
enum Holds {
    /// Nothing, or the body itself (the path is the constructor).
    Nothing,
    /// One tuple field, this expression.
    Tuple(&'static str),
    /// Struct fields (`status`, `body`, `body: ...`).
    Fields(Vec<&'static str>),
}

impl ErrorCall {
    /// The variant, built.
    fn value(&self) -> String {
        match &self.holds {
            Holds::Nothing => self.path.clone(),
            Holds::Tuple(field) => format!("{}({field})", self.path),
            Holds::Fields(fields) => format!("{} {{ {} }}", self.path, fields.join(", ")),
        }
    }

    /// The call's argument: the variant, built, or the closure that builds it.
    fn argument(&self) -> String {
        match self.param {
            Some(param) => format!("|{param}| {}", self.value()),
            None => self.value(),
        }
    }
}

fn response_arms(op: &Operation, s: &mut Source) {
    let mut arms: Vec<(StatusMatch, StatusArm)> = Vec::new();
    for response in &op.success {
        let read = read_success(&response.payload);
        let value = match &op.success_enum_name {
            Some(name) => {
                let variant = &response.variant;
                match response.payload {
                    Payload::None => format!("{read}.map(|r| r.map(|()| {name}::{variant}))"),
                    _ => format!("{read}.map(|r| r.map({name}::{variant}))"),
                }
            }
            None => read.to_owned(),
        };
        arms.push((response.status, StatusArm::Success(value)));
    }
    for case in &op.errors {
        arms.push((case.status, error_arm(case, &op.error_name)));
    }
    // Exact statuses before ranges before `default`, so no arm hides another.
    arms.sort_by_key(|(status, _)| match status {
        StatusMatch::Exact(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    for (status, arm) in &arms {
        let pattern = status_pattern(*status);
        match arm {
            StatusArm::Success(value) => s.arm(&pattern, value),
            StatusArm::Error(call) => match &call.holds {
                Holds::Fields(fields) => {
                    s.block(&format!("{pattern} => {{"), "}", |s| {
                        s.line("let status = response.status;");
                        struct_variant_call(call, fields, s);
                    });
                }
                _ => error_value_arm(&pattern, call, s),
            },
        }
    }
    if !has_default {
        s.arm("_", "Err(response.unexpected())");
    }
}

/// `pattern => Err(response.api_error(Error::Variant)),`: in a block when it does
/// not fit on one line, and, when it does not fit in the block either, on the
/// arm's line again with the method call on a line of its own.
fn error_value_arm(pattern: &str, error: &ErrorCall, s: &mut Source) {
    let argument = error.argument();
    let value = format!("Err(response.{}({argument}))", error.method);
    let one_line = format!("{pattern} => {value},");
    if s.fits(&one_line) {
        return s.line(&one_line);
    }
    if s.fits_deeper(1, &value) {
        return s.block(&format!("{pattern} => {{"), "}", |s| s.line(&value));
    }
    let call = format!(".{}({argument}))", error.method);
    // Found by running rustfmt over the corpus: the block stays while the call's
    // line in it leaves four columns free.
    if s.fits_deeper(2, &format!("{call}    ")) {
        return s.block(&format!("{pattern} => {{"), "}", |s| {
            s.line("Err(response");
            s.block_deeper(&[&call]);
        });
    }
    let line = format!("{call},");
    if s.fits_deeper(1, &line) {
        s.line(&format!("{pattern} => Err(response"));
        return s.block_deeper(&[&line]);
    }
    // Else the error's variant goes on a line of its own, as the call's argument.
    let open = format!("{pattern} => Err(response.{}(", error.method);
    match error.param {
        // A closure is carried over with its body in a block.
        Some(param) => {
            let body = error.value();
            if s.fits_deeper(1, &body) {
                return s.block(&format!("{open}|{param}| {{"), "})),", |s| s.line(&body));
            }
            // rustfmt would break the closure's body (a text body's conversion) further.
            s.give_up();
        }
        None if s.fits_deeper(1, &format!("{argument},")) => {
            return s.block(&open, ")),", |s| s.line(&format!("{argument},")));
        }
        None => {}
    }
    // Past the width even there: rustfmt keeps the whole `match` as written.
    s.line(&format!("{pattern} => Err(response"));
    s.indented(|s| s.unbreakable_line(&line));
}

/// `Err(response.api_error(|body| Error::Variant { status, body }))`, the last
/// statement of a range's arm, laid out as rustfmt lays out a call whose last
/// argument is a closure building a struct variant.
fn struct_variant_call(error: &ErrorCall, fields: &[&str], s: &mut Source) {
    let param = error.param.unwrap_or("_");
    let method = format!(".{}(|{param}| ", error.method);
    let path = &error.path;
    let literal = error.value();
    let one_line = format!("Err(response{method}{literal}))");
    if fields.join(", ").chars().count() > STRUCT_LIT_WIDTH {
        // A struct literal too long for one line (a text body's): not modelled here.
        s.give_up();
        return s.line(&one_line);
    }
    if s.fits(&one_line) {
        return s.line(&one_line);
    }
    // rustfmt puts the method call on a line of its own when it fits there, as that
    // takes fewer lines than carrying the closure over.
    let own_line = format!("{method}{literal}))");
    if s.fits_deeper(1, &own_line) {
        s.line("Err(response");
        return s.block_deeper(&[&own_line]);
    }
    let field_lines = |s: &mut Source| {
        for field in fields {
            s.line(&format!("{field},"));
        }
    };
    // Past that, by measures found by running rustfmt over the corpus: when the call
    // up to the struct literal's brace fits one level deeper with two columns to
    // spare, `Err`'s argument goes on lines of its own and the literal is broken;
    // else the closure's body is put in a block, the literal broken if it must be.
    let first = format!("response{method}{path} {{");
    if s.fits_deeper(1, &format!("{first}  ")) {
        return s.block("Err(", ")", |s| s.block(&first, "}),", field_lines));
    }
    if s.fits_deeper(1, &format!("{path} {{")) {
        return s.block(&format!("Err(response{method}{{"), "}))", |s| {
            let fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
            s.struct_literal(path, &fields);
        });
    }
    // A name too long for that too: rustfmt breaks before the method call and
    // leaves its first line long, which is as far as it gets.
    s.block("Err(", ")", |s| {
        s.line("response");
        s.indented(|s| {
            s.unbreakable_line(&format!("{method}{path} {{"));
            s.indented(field_lines);
            s.line("}),");
        });
    });
}

fn read_success(payload: &Payload) -> &'static str {
    match payload {
        Payload::None => "response.empty()",
        Payload::Json(_) => "response.json()",
        Payload::Text => "response.text()",
        Payload::Bytes => "response.bytes()",
    }
}

fn error_arm(case: &ErrorCase, error_name: &str) -> StatusArm {
    let path = format!("{error_name}::{}", case.variant);
    let carries_status = !matches!(case.status, StatusMatch::Exact(_));
    let text = "String::from_utf8_lossy(&body).into_owned()";
    let (method, param, holds) = match (&case.payload, carries_status) {
        (Payload::Json(_), false) => ("api_error", None, Holds::Nothing),
        (Payload::Json(_), true) => (
            "api_error",
            Some("body"),
            Holds::Fields(vec!["status", "body"]),
        ),
        (Payload::Bytes, false) => ("api_error_raw", None, Holds::Nothing),
        (Payload::Bytes, true) => (
            "api_error_raw",
            Some("body"),
            Holds::Fields(vec!["status", "body"]),
        ),
        (Payload::None, false) => ("api_error_raw", Some("_"), Holds::Nothing),
        (Payload::None, true) => ("api_error_raw", Some("_"), Holds::Fields(vec!["status"])),
        (Payload::Text, false) => ("api_error_raw", Some("body"), Holds::Tuple(text)),
        (Payload::Text, true) => (
            "api_error_raw",
            Some("body"),
            Holds::Fields(vec![
                "status",
                "body: String::from_utf8_lossy(&body).into_owned()",
            ]),
        ),
    };
    StatusArm::Error(ErrorCall {
        method,
        param,
        path,
        holds,
    })
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "any other status".to_owned(),
    }
}

fn error_enum(op: &Operation, module: &SpecModule, s: &mut Source) {
    let name = &op.error_name;
    s.blank();
    s.doc(&format!(
        "The error statuses the API documents for {}, one variant each.\n\nArrives inside [`Error::Api`](crate::Error::Api). [`ApiError`](crate::ApiError) gives its status and what the server said, which `Display` shows.",
        operation_span(op)
    ));
    s.line("#[derive(Debug, Clone, PartialEq)]");
    s.line("#[non_exhaustive]");
    if op.errors.is_empty() {
        s.line(&format!("pub enum {name} {{}}"));
    } else {
        s.block(&format!("pub enum {name} {{"), "}", |s| {
            for case in &op.errors {
                let description = escape::markdown(case.description.trim());
                s.doc(&format!("{}: {description}", status_label(case.status)));
                let body_ty = match &case.payload {
                    Payload::None => None,
                    other => Some(payload_type(other, module)),
                };
                let variant = &case.variant;
                match (matches!(case.status, StatusMatch::Exact(_)), body_ty) {
                    (true, Some(body)) => s.tuple_variant(variant, &body),
                    (true, None) => s.line(&format!("{variant},")),
                    (false, body) => s.block(&format!("{variant} {{"), "},", |s| {
                        s.doc("The status the server sent.");
                        s.field("status", "reqwest::StatusCode");
                        if let Some(body) = body {
                            s.doc("The decoded body.");
                            s.field("body", &body);
                        }
                    }),
                }
            }
        });
    }
    s.blank();
    s.impl_block(&format!("impl std::fmt::Display for {name}"), |s| {
        s.function(
            "fn fmt",
            &["&self".into(), "f: &mut std::fmt::Formatter<'_>".into()],
            "std::fmt::Result",
            |s| s.line("crate::runtime::error::fmt_api_error(self, f)"),
        );
    });
    s.blank();
    // Its variants hold decoded bodies, not errors, so it has no source.
    s.line(&format!("impl std::error::Error for {name} {{}}"));
    s.blank();
    api_error_impl(op, module, s);
}

/// The `ApiError` implementation of an operation's error enum: each variant's status
/// and description, and what its body says.
fn api_error_impl(op: &Operation, module: &SpecModule, s: &mut Source) {
    s.impl_block(
        &format!("impl crate::ApiError for {}", op.error_name),
        |s| {
            api_error_method(op, s, "fn status", "reqwest::StatusCode", |s| {
                status_match(op, s);
            });
            api_error_method(op, s, "fn documented", "&'static str", |s| {
                documented_match(op, s);
            });
            api_error_method(op, s, "fn message", "Option<&str>", |s| {
                body_match(op, module, s, |case| {
                    case.server_text.message.as_ref().map(text_access)
                });
            });
            api_error_method(op, s, "fn code", "Option<&str>", |s| {
                body_match(op, module, s, |case| {
                    case.server_text.code.as_ref().map(text_access)
                });
            });
            let any = "Option<&(dyn std::any::Any + Send + Sync)>";
            api_error_method(op, s, "fn body", any, |s| {
                body_match(op, module, s, |case| {
                    (case.payload != Payload::None).then(|| "Some(body)".to_owned())
                });
            });
        },
    );
}

/// One method of `ApiError`, taking `&self`.
fn api_error_method(
    op: &Operation,
    s: &mut Source,
    head: &str,
    ret: &str,
    body: impl FnOnce(&mut Source),
) {
    s.function(head, &["&self".into()], ret, |s| {
        if op.errors.is_empty() {
            // An enum without variants has no value, so no method is ever called.
            s.line("match *self {}");
        } else {
            body(s);
        }
    });
}

fn status_match(op: &Operation, s: &mut Source) {
    s.block("match self {", "}", |s| {
        for case in &op.errors {
            let value = match case.status {
                StatusMatch::Exact(code) => format!("crate::runtime::error::status({code})"),
                StatusMatch::Range(_) | StatusMatch::Default => "*status".into(),
            };
            s.arm(&variant_pattern(case, false, true), &value);
        }
    });
}

fn documented_match(op: &Operation, s: &mut Source) {
    s.block("match self {", "}", |s| {
        for case in &op.errors {
            // `Display` prints it, so it is one line of plain text.
            let text = rust_string(&escape::plain_line(&case.description));
            let pattern = variant_pattern(case, false, false);
            let one_line = format!("{pattern} => {text},");
            if s.fits(&one_line) {
                s.line(&one_line);
            } else {
                // Too long even in a block, the literal makes rustfmt keep the `match` as written.
                s.block(&format!("{pattern} => {{"), "}", |s| {
                    s.unbreakable_line(&text)
                });
            }
        }
    });
}

/// The pattern of an error variant, binding its body (when it has one) as `body` when
/// `bind_body`, and the status of a range or `default` variant as `status` when
/// `bind_status`.
fn variant_pattern(case: &ErrorCase, bind_body: bool, bind_status: bool) -> String {
    let variant = &case.variant;
    let has_body = case.payload != Payload::None;
    if let StatusMatch::Exact(_) = case.status {
        return match (has_body, bind_body) {
            (true, true) => format!("Self::{variant}(body)"),
            (true, false) => format!("Self::{variant}(_)"),
            (false, _) => format!("Self::{variant}"),
        };
    }
    let mut bound = Vec::new();
    if bind_status {
        bound.push("status");
    }
    if has_body && bind_body {
        bound.push("body");
    }
    bound.push("..");
    format!("Self::{variant} {{ {} }}", bound.join(", "))
}

/// A `match self` giving, for each variant, `value` of its body (bound as `body`);
/// variants whose bodies have one type and one value share an arm, and the variants
/// `value` gives nothing for return `None`.
fn body_match(
    op: &Operation,
    module: &SpecModule,
    s: &mut Source,
    value: impl Fn(&ErrorCase) -> Option<String>,
) {
    // (the body type and value, as text; the arm's patterns; its value)
    let mut arms: Vec<(String, Vec<String>, String)> = Vec::new();
    let mut others = false;
    for case in &op.errors {
        let Some(value) = value(case) else {
            others = true;
            continue;
        };
        let key = format!("{} {value}", payload_type(&case.payload, module));
        let pattern = variant_pattern(case, true, false);
        match arms.iter_mut().find(|(known, _, _)| *known == key) {
            Some((_, patterns, _)) => patterns.push(pattern),
            None => arms.push((key, vec![pattern], value)),
        }
    }
    if arms.is_empty() {
        return s.line("None");
    }
    s.block("match self {", "}", |s| {
        for (_, patterns, value) in &arms {
            s.or_arm(patterns, value);
        }
        if others {
            s.arm("_", "None");
        }
    });
}

/// How far a read of a body's fields has come: a place every field so far was
/// required to be in, or an `Option<&T>` once one was optional or a list's first item.
enum Access {
    Place(String),
    Optional(String),
}

/// The `Option<&str>` expression that reads the text field `path` leads to from `body`.
fn text_access(path: &TextFieldPath) -> String {
    let Some((last, through)) = path.steps.split_last() else {
        return "None".into();
    };
    let access = through
        .iter()
        .fold(Access::Place("body".into()), |access, step| match access {
            Access::Place(place) => field_value(&place, step),
            Access::Optional(option) => {
                let field = &step.name;
                match field_value("v", step) {
                    Access::Place(_) => Access::Optional(format!("{option}.map(|v| &v.{field})")),
                    Access::Optional(inner) => {
                        Access::Optional(format!("{option}.and_then(|v| {inner})"))
                    }
                }
            }
        });
    match access {
        Access::Place(place) => text_value(&place, last, path.is_enum),
        Access::Optional(option) => {
            let field = &last.name;
            match last.presence {
                // `and_then` with a closure that always returns `Some` is a `map`.
                Presence::Required => format!("{option}.map(|v| v.{field}.as_str())"),
                _ => {
                    let text = text_value("v", last, path.is_enum);
                    format!("{option}.and_then(|v| {text})")
                }
            }
        }
    }
}

/// The field `step` of `owner`: a place when it is required and not a list's first
/// item, else an `Option<&T>`.
fn field_value(owner: &str, step: &TextFieldStep) -> Access {
    let value = format!("{owner}.{}", step.name);
    let first = if step.first_item {
        ".and_then(|v| v.first())"
    } else {
        ""
    };
    match (step.presence, step.first_item) {
        (Presence::Required, false) => Access::Place(value),
        (Presence::Required, true) => Access::Optional(format!("{value}.first()")),
        (Presence::Optional | Presence::RequiredNullable, _) => {
            Access::Optional(format!("{value}.as_ref(){first}"))
        }
        (Presence::OptionalNullable, _) => {
            Access::Optional(format!("{value}.as_ref().and_then(Option::as_ref){first}"))
        }
    }
}

/// The text field `step` of `owner` as an `Option<&str>`: a string read as one, a
/// string enum through its `as_str`.
fn text_value(owner: &str, step: &TextFieldStep, is_enum: bool) -> String {
    let value = format!("{owner}.{}", step.name);
    match (step.presence, is_enum) {
        (Presence::Required, _) => format!("Some({value}.as_str())"),
        (Presence::Optional | Presence::RequiredNullable, false) => format!("{value}.as_deref()"),
        (Presence::Optional | Presence::RequiredNullable, true) => {
            format!("{value}.as_ref().map(|v| v.as_str())")
        }
        (Presence::OptionalNullable, false) => {
            format!("{value}.as_ref().and_then(Option::as_deref)")
        }
        (Presence::OptionalNullable, true) => {
            format!("{value}.as_ref().and_then(Option::as_ref).map(|v| v.as_str())")
        }
    }
}

fn success_enum(op: &Operation, module: &SpecModule, s: &mut Source) {
    let Some(name) = &op.success_enum_name else {
        return;
    };
    s.blank();
    s.doc(&format!(
        "The success responses of {}, which differ by status.",
        operation_span(op)
    ));
    s.line("#[derive(Debug, Clone, PartialEq)]");
    s.block(&format!("pub enum {name} {{"), "}", |s| {
        for response in &op.success {
            s.doc(&format!(
                "{}: {}",
                status_label(response.status),
                escape::markdown(response.description.trim())
            ));
            match &response.payload {
                Payload::None => s.line(&format!("{},", response.variant)),
                other => s.tuple_variant(&response.variant, &payload_type(other, module)),
            }
        }
    });
}

/// Whether `param` is the idempotency key header an operation declares, which the
/// client fills with a fresh key when the caller gives none.
fn is_idempotency_key(param: &Parameter) -> bool {
    param.location == ParamLocation::Header
        && !matches!(param.ty, TypeRef::Vec(_))
        && param.wire_name.eq_ignore_ascii_case("idempotency-key")
}
