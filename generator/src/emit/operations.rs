//! Emit a spec module's `mod.rs`: group structs, one request builder and one
//! error enum per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::features::FeaturePlan;
use super::models::rust_type;
use crate::escape;
use crate::ir::{
    BodyEncoding, ErrorCase, Operation, OperationGroup, ParamLocation, Parameter, Payload,
    Presence, QueryStyle, RequestBody, Response, SpecModule, StatusMatch, TextFieldPath,
    TextFieldStep, TypeRef,
};
use crate::lower::path_template_names;
use crate::naming::ident;

/// The `mod.rs` of a spec module: its docs, its types, and one file per group
/// re-exported, each behind its feature when the crate has them.
pub fn module_file(module: &SpecModule, plan: &FeaturePlan) -> TokenStream {
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
    let doc = docs::inner_attrs(&text);
    let groups = module.groups.iter().map(|group| {
        let file = ident(&group_file_name(module, group));
        let cfg = plan.group_cfg(&group.accessor);
        quote! {
            #cfg
            mod #file;
            #cfg
            pub use #file::*;
        }
    });
    quote! {
        #doc
        pub mod types;
        #(#groups)*
    }
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
pub fn group_file(group: &OperationGroup, module: &SpecModule) -> TokenStream {
    let doc = docs::inner_attrs(&format!(
        "The operations reached through [`Client::{}`](crate::Client::{}).",
        group.accessor, group.accessor
    ));
    let items = group_items(group, module);
    let names_types = group
        .operations
        .iter()
        .flat_map(super::features::roots)
        .any(names_a_type);
    let import = names_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #doc
        #import
        #items
    }
}

/// Paths from `mod.rs` to the module's types.
fn ty(ty: &TypeRef, module: &SpecModule) -> TokenStream {
    rust_type(ty, module, "types::")
        .parse()
        .expect("a Rust type written by `rust_type` lexes")
}

fn group_items(group: &OperationGroup, module: &SpecModule) -> TokenStream {
    let name = ident(&group.struct_name);
    let accessor = &group.accessor;
    let doc = docs::attrs(&format!(
        "{}\n\nReached through [`Client::{accessor}`](crate::Client::{accessor}).",
        docs::text(&group.docs, "Operations of the API.")
    ));
    let methods = group.operations.iter().map(|op| start_method(op, module));
    let operations = group
        .operations
        .iter()
        .map(|op| operation_items(op, module));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #name<'a> {
            #(#methods)*
        }

        #(#operations)*
    }
}

/// The type a required parameter is taken as: strings by `impl Into<String>`.
fn argument_type(param: &Parameter, module: &SpecModule) -> TokenStream {
    match param.ty {
        TypeRef::String => quote!(impl Into<String>),
        _ => ty(&param.ty, module),
    }
}

/// The method on the group struct that starts a request.
fn start_method(op: &Operation, module: &SpecModule) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut params = Vec::new();
    let mut fields = vec![quote!(client: self.client)];
    for param in &op.params {
        let name = ident(&param.name);
        if param.required {
            let arg = argument_type(param, module);
            params.push(quote!(#name: #arg));
            fields.push(if param.ty == TypeRef::String {
                quote!(#name: #name.into())
            } else {
                quote!(#name)
            });
        } else {
            fields.push(quote!(#name: None));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let (arg, _, store) = body_types(body, module);
            params.push(quote!(body: #arg));
            fields.push(if store.to_string() == "body" {
                quote!(body)
            } else {
                quote!(body: #store)
            });
        } else {
            fields.push(quote!(body: None));
        }
    }
    fields.push(quote!(options: Default::default()));
    let mut text = docs::text(&op.docs, &format!("Calls {}.", operation_span(op)));
    text.push_str(&format!("\n\n{}", operation_span(op)));
    if op.deprecated {
        text.push_str("\n\nThe API marks this operation as deprecated.");
    }
    let has_options =
        op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required);
    text.push_str(&if has_options {
        format!("\n\nReturns a [`{}`]: set optional parameters on it, then `.await` it to send the request.", op.builder_name)
    } else {
        format!("\n\nReturns a [`{}`]: `.await` it to send the request.", op.builder_name)
    });
    let doc = docs::attrs(&text);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "the API marks this operation as deprecated"]));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#params),*) -> #builder<'a> {
            #builder { #(#fields),* }
        }
    }
}

fn operation_items(op: &Operation, module: &SpecModule) -> TokenStream {
    let builder = builder_struct(op, module);
    let errors = error_enum(op, module);
    let success = success_enum(op, module);
    quote! { #builder #errors #success }
}

/// How a body is taken, held and stored: models by reference, text and bytes by value.
fn body_types(body: &RequestBody, module: &SpecModule) -> (TokenStream, TokenStream, TokenStream) {
    match body.encoding {
        BodyEncoding::Text => (
            quote!(impl Into<String>),
            quote!(String),
            quote!(body.into()),
        ),
        BodyEncoding::Bytes => (
            quote!(impl Into<bytes::Bytes>),
            quote!(bytes::Bytes),
            quote!(body.into()),
        ),
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
            let model = ty(&body.ty, module);
            (quote!(&'a #model), quote!(&'a #model), quote!(body))
        }
    }
}

/// What a successful call returns.
fn success_type(op: &Operation, module: &SpecModule) -> TokenStream {
    match (&op.success_enum_name, op.success.first()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(first)) => payload_type(&first.payload, module),
        (None, None) => quote!(()),
    }
}

fn payload_type(payload: &Payload, module: &SpecModule) -> TokenStream {
    match payload {
        Payload::None => quote!(()),
        Payload::Json(json) => ty(json, module),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(bytes::Bytes),
    }
}

fn builder_struct(op: &Operation, module: &SpecModule) -> TokenStream {
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let output = success_type(op, module);
    let mut fields = vec![
        quote!(client: &'a crate::Client,),
        quote!(options: crate::runtime::request::RequestOptions,),
    ];
    let mut setters = Vec::new();
    for param in &op.params {
        let name = ident(&param.name);
        let param_ty = ty(&param.ty, module);
        if param.required {
            fields.push(quote!(#name: #param_ty,));
        } else {
            fields.push(quote!(#name: Option<#param_ty>,));
            let (arg, value) = match param.ty {
                TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
                _ => (param_ty.clone(), quote!(value)),
            };
            let where_ = match param.location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path parameter",
            };
            let doc = docs::attrs(&format!(
                "{}\n\nSets the optional {where_} {}.",
                docs::text(&param.docs, "An optional parameter."),
                escape::code_span(&param.wire_name)
            ));
            setters.push(quote! {
                #doc
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = Some(#value);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let (arg, field, store) = body_types(body, module);
        if body.required {
            fields.push(quote!(body: #field,));
        } else {
            fields.push(quote!(body: Option<#field>,));
            let doc = docs::attrs(&docs::text(&body.docs, "Sets the optional request body."));
            setters.push(quote! {
                #doc
                pub fn body(mut self, body: #arg) -> Self {
                    self.body = Some(#store);
                    self
                }
            });
        }
    }
    let doc = docs::attrs(&format!(
        "A {} request, ready to send: `.await` it, or call [`send`]({}::send).",
        operation_span(op),
        op.builder_name
    ));
    let send = send_fn(op, module);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #send
        }

        crate::runtime::request::request_options!(#builder);

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#output, crate::Error<#error>>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

/// The `format!` that fills the path template with percent-encoded arguments.
fn path_expression(op: &Operation) -> TokenStream {
    let names = path_template_names(&op.path);
    if names.is_empty() {
        let path = &op.path;
        return quote!(String::from(#path));
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
    let args = names.iter().map(|wire| {
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == *wire)
            .expect("lowering declares every template parameter");
        let name = ident(&param.name);
        quote!(crate::runtime::request::encode_path(&self.#name))
    });
    quote!(format!(#format, #(#args),*))
}

fn send_fn(op: &Operation, module: &SpecModule) -> TokenStream {
    let error = ident(&op.error_name);
    let output = success_type(op, module);
    let id = &op.id;
    let security = op.security.iter().map(|set| {
        let indexes = set.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#indexes),*])
    });
    let path = path_expression(op);
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|param| {
            let name = ident(&param.name);
            let wire = &param.wire_name;
            let is_list = matches!(param.ty, TypeRef::Vec(_));
            let add = match (param.location, is_list, param.style) {
                (ParamLocation::Query, _, QueryStyle::Joined { separator }) => {
                    quote!(request.query_joined(#wire, value, #separator))
                }
                (ParamLocation::Query, _, QueryStyle::DeepObject) => {
                    quote!(request.query_object(#wire, value, true, true)?)
                }
                (ParamLocation::Query, _, QueryStyle::Form { explode }) => {
                    quote!(request.query_object(#wire, value, false, #explode)?)
                }
                (ParamLocation::Query, false, _) => quote!(request.query(#wire, value)),
                (ParamLocation::Query, true, _) => quote!(request.query_each(#wire, value)),
                (ParamLocation::Header, false, _) => quote!(request.header(#wire, value)),
                (ParamLocation::Header, true, _) => quote!(request.header_list(#wire, value)),
                (ParamLocation::Cookie, _, _) => quote!(request.cookie(#wire, value)),
                (ParamLocation::Path, _, _) => unreachable!("path parameters are filtered out"),
            };
            if param.required {
                quote! { let value = &self.#name; #add; }
            } else if is_idempotency_key(param) {
                quote! { request.idempotency_key(#wire, self.#name.as_ref()); }
            } else {
                quote! { if let Some(value) = &self.#name { #add; } }
            }
        });
    let body = op.body.as_ref().map(|body| {
        let media_type = &body.media_type;
        let set = match body.encoding {
            BodyEncoding::Json => quote!(request.json(body, #media_type)?),
            BodyEncoding::Form => quote!(request.form(body, #media_type)?),
            BodyEncoding::Multipart => quote!(request.multipart(body)?),
            BodyEncoding::Text | BodyEncoding::Bytes => quote!(request.raw(body, #media_type)),
        };
        if body.required {
            quote! { let body = self.body; #set; }
        } else {
            quote! { if let Some(body) = self.body { #set; } }
        }
    });
    let arms = response_arms(op);
    let adds_to_request =
        op.body.is_some() || op.params.iter().any(|p| p.location != ParamLocation::Path);
    let mutability = adds_to_request.then(|| quote!(mut));
    let mut text = String::from("Sends the request and reads the response.");
    text.push_str("\n\n# Errors\n\nReturns [`Error::Api`](crate::Error::Api) with a [`");
    text.push_str(&op.error_name);
    text.push_str("`] for each error status the API documents, and the other [`Error`](crate::Error) variants for undocumented statuses, bodies that do not decode, time-outs and transport failures.");
    let doc = docs::attrs(&text);
    let doc_with_response = docs::attrs(&format!(
        "Like [`send`]({}::send), and also returns the response's status and headers.\n\n# Errors\n\nAs for `send`.",
        op.builder_name
    ));
    let template = &op.path;
    let (operation_info, operation) = operation_info(op, quote!(#id), quote!(#template), security);
    quote! {
        #doc
        pub async fn send(self) -> Result<#output, crate::Error<#error>> {
            self.send_with_response().await.map(crate::Response::into_value)
        }

        #doc_with_response
        pub async fn send_with_response(self) -> Result<crate::Response<#output>, crate::Error<#error>> {
            #operation_info
            let #mutability request = crate::runtime::request::Request::new(#path);
            #(#params)*
            #body
            let response = self.client.execute(#operation, request, &self.options).await?;
            match response.code() {
                #(#arms)*
            }
        }
    }
}

/// The methods `reqwest::Method` has a constant for.
const STANDARD_METHODS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
];

/// The statement declaring the operation's `OperationInfo`, and the expression that
/// borrows it. A standard method is a constant, so the info is a `static`; any other
/// (3.2's `QUERY`, an additional operation's `COPY`) is built from its name, which
/// lowering took from the document and is a valid method token.
fn operation_info(
    op: &Operation,
    id: TokenStream,
    template: TokenStream,
    security: impl Iterator<Item = TokenStream>,
) -> (TokenStream, TokenStream) {
    if STANDARD_METHODS.contains(&op.http_method.as_str()) {
        let method = proc_macro2::Ident::new(&op.http_method, proc_macro2::Span::call_site());
        let info = quote! {
            static OPERATION: crate::runtime::request::OperationInfo = crate::runtime::request::OperationInfo {
                id: #id,
                method: reqwest::Method::#method,
                path: #template,
                security: &[#(#security),*],
            };
        };
        return (info, quote!(&OPERATION));
    }
    let bytes = Literal::byte_string(op.http_method.as_bytes());
    let expect = format!("`{}` is a valid HTTP method token", op.http_method);
    let info = quote! {
        let operation = crate::runtime::request::OperationInfo {
            id: #id,
            method: reqwest::Method::from_bytes(#bytes).expect(#expect),
            path: #template,
            security: &[#(#security),*],
        };
    };
    (info, quote!(&operation))
}

/// The `match` pattern for a documented status.
fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Exact(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(class * 100);
            let high = Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn response_arms(op: &Operation) -> Vec<TokenStream> {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for response in &op.success {
        let pattern = status_pattern(response.status);
        let read = read_success(&response.payload);
        let arm = if let Some(name) = &op.success_enum_name {
            let name = ident(name);
            let variant = ident(&response.variant);
            match response.payload {
                Payload::None => quote!(#pattern => #read.map(|r| r.map(|()| #name::#variant)),),
                _ => quote!(#pattern => #read.map(|r| r.map(#name::#variant)),),
            }
        } else {
            quote!(#pattern => #read,)
        };
        arms.push((response.status, arm));
    }
    let error_name = ident(&op.error_name);
    for case in &op.errors {
        arms.push((case.status, error_arm(case, &error_name)));
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
    let mut arms: Vec<TokenStream> = arms.into_iter().map(|(_, arm)| arm).collect();
    if !has_default {
        arms.push(quote!(_ => Err(response.unexpected()),));
    }
    arms
}

fn read_success(payload: &Payload) -> TokenStream {
    match payload {
        Payload::None => quote!(response.empty()),
        Payload::Json(_) => quote!(response.json()),
        Payload::Text => quote!(response.text()),
        Payload::Bytes => quote!(response.bytes()),
    }
}

fn error_arm(case: &ErrorCase, error_name: &proc_macro2::Ident) -> TokenStream {
    let pattern = status_pattern(case.status);
    let variant = ident(&case.variant);
    let carries_status = !matches!(case.status, StatusMatch::Exact(_));
    match (&case.payload, carries_status) {
        (Payload::Json(_), false) => {
            quote!(#pattern => Err(response.api_error(#error_name::#variant)),)
        }
        (Payload::Json(_), true) => quote!(#pattern => {
            let status = response.status;
            Err(response.api_error(|body| #error_name::#variant { status, body }))
        }),
        (Payload::None, false) => {
            quote!(#pattern => Err(response.api_error_raw(|_| #error_name::#variant)),)
        }
        (Payload::None, true) => quote!(#pattern => {
            let status = response.status;
            Err(response.api_error_raw(|_| #error_name::#variant { status }))
        }),
        (Payload::Text, false) => {
            quote!(#pattern => Err(response.api_error_raw(|body| #error_name::#variant(String::from_utf8_lossy(&body).into_owned()))),)
        }
        (Payload::Text, true) => quote!(#pattern => {
            let status = response.status;
            Err(response.api_error_raw(|body| #error_name::#variant { status, body: String::from_utf8_lossy(&body).into_owned() }))
        }),
        (Payload::Bytes, false) => {
            quote!(#pattern => Err(response.api_error_raw(#error_name::#variant)),)
        }
        (Payload::Bytes, true) => quote!(#pattern => {
            let status = response.status;
            Err(response.api_error_raw(|body| #error_name::#variant { status, body }))
        }),
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "any other status".to_owned(),
    }
}

fn error_enum(op: &Operation, module: &SpecModule) -> TokenStream {
    let name = ident(&op.error_name);
    let variants = op.errors.iter().map(|case| {
        let variant = ident(&case.variant);
        let label = status_label(case.status);
        let description = escape::markdown(case.description.trim());
        let doc = docs::attrs(&format!("{label}: {description}"));
        let body_ty = match &case.payload {
            Payload::None => None,
            other => Some(payload_type(other, module)),
        };
        if matches!(case.status, StatusMatch::Exact(_)) {
            match body_ty {
                Some(body) => quote! { #doc #variant(#body), },
                None => quote! { #doc #variant, },
            }
        } else {
            let body_field = body_ty.map(|body| {
                quote! {
                    /// The decoded body.
                    body: #body,
                }
            });
            quote! {
                #doc
                #variant {
                    /// The status the server sent.
                    status: reqwest::StatusCode,
                    #body_field
                },
            }
        }
    });
    let doc = docs::attrs(&format!(
        "The error statuses the API documents for {}, one variant each.\n\nArrives inside [`Error::Api`](crate::Error::Api). [`ApiError`](crate::ApiError) gives its status and what the server said, which `Display` shows.",
        operation_span(op)
    ));
    let api_error = api_error_impl(op, module);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::runtime::error::fmt_api_error(self, f)
            }
        }

        // Its variants hold decoded bodies, not errors, so it has no source.
        impl std::error::Error for #name {}

        #api_error
    }
}

/// The `ApiError` implementation of an operation's error enum: each variant's status
/// and description, and what its body says.
fn api_error_impl(op: &Operation, module: &SpecModule) -> TokenStream {
    let name = ident(&op.error_name);
    let [status, documented, message, code, body] = if op.errors.is_empty() {
        // An enum without variants has no value, so no method is ever called.
        std::array::from_fn(|_| quote!(match *self {}))
    } else {
        let status = op.errors.iter().map(|case| {
            let value = match case.status {
                StatusMatch::Exact(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(crate::runtime::error::status(#code))
                }
                StatusMatch::Range(_) | StatusMatch::Default => quote!(*status),
            };
            let pattern = variant_pattern(case, false, true);
            quote!(#pattern => #value,)
        });
        let documented = op.errors.iter().map(|case| {
            // `Display` prints it, so it is one line of plain text.
            let text = escape::plain_line(&case.description);
            let pattern = variant_pattern(case, false, false);
            quote!(#pattern => #text,)
        });
        [
            quote!(match self { #(#status)* }),
            quote!(match self { #(#documented)* }),
            body_arms(op, module, |case| {
                case.server_text.message.as_ref().map(text_access)
            }),
            body_arms(op, module, |case| {
                case.server_text.code.as_ref().map(text_access)
            }),
            body_arms(op, module, |case| {
                (case.payload != Payload::None).then(|| quote!(Some(body)))
            }),
        ]
    };
    quote! {
        impl crate::ApiError for #name {
            fn status(&self) -> reqwest::StatusCode {
                #status
            }

            fn documented(&self) -> &'static str {
                #documented
            }

            fn message(&self) -> Option<&str> {
                #message
            }

            fn code(&self) -> Option<&str> {
                #code
            }

            fn body(&self) -> Option<&(dyn std::any::Any + Send + Sync)> {
                #body
            }
        }
    }
}

/// The pattern of an error variant, binding its body (when it has one) as `body` when
/// `bind_body`, and the status of a range or `default` variant as `status` when
/// `bind_status`.
fn variant_pattern(case: &ErrorCase, bind_body: bool, bind_status: bool) -> TokenStream {
    let variant = ident(&case.variant);
    let has_body = case.payload != Payload::None;
    if let StatusMatch::Exact(_) = case.status {
        return match (has_body, bind_body) {
            (true, true) => quote!(Self::#variant(body)),
            (true, false) => quote!(Self::#variant(_)),
            (false, _) => quote!(Self::#variant),
        };
    }
    let status = bind_status.then(|| quote!(status,));
    let body = (has_body && bind_body).then(|| quote!(body,));
    quote!(Self::#variant { #status #body .. })
}

/// A `match self` giving, for each variant, `value` of its body (bound as `body`);
/// variants whose bodies have one type and one value share an arm, and the variants
/// `value` gives nothing for return `None`.
fn body_arms(
    op: &Operation,
    module: &SpecModule,
    value: impl Fn(&ErrorCase) -> Option<TokenStream>,
) -> TokenStream {
    // (the body type and value, as text; the arm's patterns; its value)
    let mut arms: Vec<(String, Vec<TokenStream>, TokenStream)> = Vec::new();
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
        return quote!(None);
    }
    let arms = arms
        .iter()
        .map(|(_, patterns, value)| quote!(#(#patterns)|* => #value,));
    let others = others.then(|| quote!(_ => None,));
    quote!(match self { #(#arms)* #others })
}

/// How far a read of a body's fields has come: a place every field so far was
/// required to be in, or an `Option<&T>` once one was optional or a list's first item.
enum Access {
    Place(TokenStream),
    Optional(TokenStream),
}

/// The `Option<&str>` expression that reads the text field `path` leads to from `body`.
fn text_access(path: &TextFieldPath) -> TokenStream {
    let Some((last, through)) = path.steps.split_last() else {
        return quote!(None);
    };
    let access = through
        .iter()
        .fold(Access::Place(quote!(body)), |access, step| match access {
            Access::Place(place) => field_value(quote!(#place), step),
            Access::Optional(option) => {
                let field = ident(&step.name);
                match field_value(quote!(v), step) {
                    Access::Place(_) => Access::Optional(quote!(#option.map(|v| &v.#field))),
                    Access::Optional(inner) => {
                        Access::Optional(quote!(#option.and_then(|v| #inner)))
                    }
                }
            }
        });
    match access {
        Access::Place(place) => text_value(place, last, path.is_enum),
        Access::Optional(option) => {
            let field = ident(&last.name);
            match last.presence {
                // `and_then` with a closure that always returns `Some` is a `map`.
                Presence::Required => quote!(#option.map(|v| v.#field.as_str())),
                _ => {
                    let text = text_value(quote!(v), last, path.is_enum);
                    quote!(#option.and_then(|v| #text))
                }
            }
        }
    }
}

/// The field `step` of `owner`: a place when it is required and not a list's first
/// item, else an `Option<&T>`.
fn field_value(owner: TokenStream, step: &TextFieldStep) -> Access {
    let field = ident(&step.name);
    let value = quote!(#owner.#field);
    let first = step.first_item.then(|| quote!(.and_then(|v| v.first())));
    match (step.presence, step.first_item) {
        (Presence::Required, false) => Access::Place(value),
        (Presence::Required, true) => Access::Optional(quote!(#value.first())),
        (Presence::Optional | Presence::RequiredNullable, _) => {
            Access::Optional(quote!(#value.as_ref() #first))
        }
        (Presence::OptionalNullable, _) => {
            Access::Optional(quote!(#value.as_ref().and_then(Option::as_ref) #first))
        }
    }
}

/// The text field `step` of `owner` as an `Option<&str>`: a string read as one, a
/// string enum through its `as_str`.
fn text_value(owner: TokenStream, step: &TextFieldStep, is_enum: bool) -> TokenStream {
    let field = ident(&step.name);
    let value = quote!(#owner.#field);
    match (step.presence, is_enum) {
        (Presence::Required, _) => quote!(Some(#value.as_str())),
        (Presence::Optional | Presence::RequiredNullable, false) => quote!(#value.as_deref()),
        (Presence::Optional | Presence::RequiredNullable, true) => {
            quote!(#value.as_ref().map(|v| v.as_str()))
        }
        (Presence::OptionalNullable, false) => {
            quote!(#value.as_ref().and_then(Option::as_deref))
        }
        (Presence::OptionalNullable, true) => {
            quote!(#value.as_ref().and_then(Option::as_ref).map(|v| v.as_str()))
        }
    }
}

fn success_enum(op: &Operation, module: &SpecModule) -> Option<TokenStream> {
    let name = ident(op.success_enum_name.as_ref()?);
    let variants = op.success.iter().map(|response: &Response| {
        let variant = ident(&response.variant);
        let doc = docs::attrs(&format!(
            "{}: {}",
            status_label(response.status),
            escape::markdown(response.description.trim())
        ));
        match &response.payload {
            Payload::None => quote! { #doc #variant, },
            other => {
                let body = payload_type(other, module);
                quote! { #doc #variant(#body), }
            }
        }
    });
    let doc = docs::attrs(&format!(
        "The success responses of {}, which differ by status.",
        operation_span(op)
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// Whether `param` is the idempotency key header an operation declares, which the
/// client fills with a fresh key when the caller gives none.
fn is_idempotency_key(param: &Parameter) -> bool {
    param.location == ParamLocation::Header
        && !matches!(param.ty, TypeRef::Vec(_))
        && param.wire_name.eq_ignore_ascii_case("idempotency-key")
}
