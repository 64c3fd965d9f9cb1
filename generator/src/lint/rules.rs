//! The rule table: every rule `oagen lint` knows, with its default severity, why it
//! exists and what to do about a finding. Findings take their hint from here unless
//! the check has a more precise one.

use crate::diagnostics::Severity;

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The file cannot be read as an OpenAPI 3.0 document at all (exit code 2).
    Input,
    /// The document breaks the OpenAPI 3.0 specification.
    Validity,
    /// The document is valid but worse for its readers and tools.
    Quality,
    /// What matters to a generated Rust client in particular.
    Sdk,
}

impl Category {
    /// The category's name in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Input => "input",
            Category::Validity => "validity",
            Category::Quality => "quality",
            Category::Sdk => "sdk",
        }
    }
}

/// One lint rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The stable id used in outputs and in the config file.
    pub id: &'static str,
    /// The severity when the config file does not change it.
    pub severity: Severity,
    /// What the rule is about.
    pub category: Category,
    /// Why the rule exists, in one line.
    pub rationale: &'static str,
    /// What to do about a finding, unless the finding says more precisely.
    pub hint: &'static str,
}

const fn rule(
    id: &'static str,
    severity: Severity,
    category: Category,
    rationale: &'static str,
    hint: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        category,
        rationale,
        hint,
    }
}

use Category::{Input, Quality, Sdk, Validity};
use Severity::{Error, Info, Warning};

/// Every rule, input problems first.
pub const RULES: &[Rule] = &[
    // Input: these stop linting of the file and give exit code 2; they cannot be configured.
    rule("unreadable-file", Error, Input, "A file that cannot be read cannot be checked.", "Check that the path is right and the file is UTF-8 text."),
    rule("file-too-large", Error, Input, "Very large inputs are refused rather than exhausting memory.", "Split the document, or lint a bundled file under the size limit."),
    rule("empty-file", Error, Input, "An empty file is not an OpenAPI document.", "Point the linter at an OpenAPI 3.0 document."),
    rule("malformed-json", Error, Input, "A file that is not JSON cannot be read by any tool.", "Fix the JSON syntax at the position shown."),
    rule("malformed-yaml", Error, Input, "A file that is not YAML cannot be read by any tool.", "Fix the YAML syntax at the position shown."),
    rule("unsupported-yaml", Error, Input, "OpenAPI documents are JSON trees; YAML-only constructs have no JSON meaning.", "Use plain strings as mapping keys."),
    rule("number-out-of-range", Error, Input, "A number too large for a 64-bit float has no JSON value: tools would read it as a string, infinity or an error.", "Write a number a 64-bit float holds, or quote it to keep it as a string."),
    rule("nesting-too-deep", Error, Input, "Lists and mappings nested more than 128 levels deep are refused rather than exhausting time or the stack.", "No API description nests this deep: check how the file was made."),
    rule("not-openapi", Error, Input, "Only OpenAPI 3.0 documents can be linted.", "Add `openapi: 3.0.3` at the top, or point the linter at an OpenAPI document."),
    rule("unsupported-version", Error, Input, "Only Swagger 2.0 and OpenAPI 3.0.x are read; other versions differ in structure.", "Convert the document to OpenAPI 3.0, or to Swagger 2.0."),
    // Validity.
    rule("invalid-openapi", Error, Validity, "A document that does not match the OpenAPI 3.0 structure is read differently, or not at all, by each tool.", "Fix the node so it matches the OpenAPI 3.0 specification."),
    // Validity of references to other files, which the bundle resolves (`crate::front::bundle`).
    rule("remote-ref", Error, Validity, "oagen never fetches a document over the network: the spec must not change with what a server returns.", "Vendor the file next to the spec and reference it by a relative path."),
    rule("external-ref-unreadable", Error, Validity, "A `$ref` naming a file that is missing or unreadable leaves its part undefined.", "Fix the path: it is relative to the file that holds the `$ref`."),
    rule("external-ref-outside", Error, Validity, "A spec must not make the linter or generator read files outside its own directory tree.", "Move the file under the spec's directory, or pass --allow-outside-refs if you trust the spec."),
    rule("unresolved-external-ref", Error, Validity, "A `$ref` whose fragment names nothing in the other file leaves its part undefined.", "Fix the fragment after `#` so it names a node of that file."),
    rule("external-ref-cycle", Error, Validity, "A path item, operation or other part that is copied in cannot contain itself.", "Break the cycle; only schemas may refer to themselves."),
    rule("copied-too-often", Error, Validity, "A part referenced from several places, level after level, would be copied until the document doubles at each level.", "Reference the part from fewer places, or make it a component that is referenced rather than copied."),
    rule("external-ref-too-deep", Error, Validity, "Parts copied into each other many files deep are refused rather than exhausting the stack.", "Reference the deepest parts as components instead of nesting files."),
    rule("external-ref-name-clash", Error, Validity, "A component made of another file's part must not take the name of one the document defines.", "Rename the component, or reference the file from it."),
    rule("unresolved-ref", Error, Validity, "A `$ref` that points at nothing leaves the schema or object it stands for undefined.", "Fix the reference or add the component it names."),
    rule("ref-cycle", Error, Validity, "A chain of `$ref`s that comes back to itself never reaches the object it stands for.", "Make one of the references point at the object itself."),
    rule("ref-chain-too-long", Error, Validity, "A chain of more than 64 `$ref`s, each naming another `$ref`, is refused rather than followed without bound.", "Point the reference at the object the chain ends at."),
    // Validity rules the generator reads past, building a working client all the same:
    // advice, so warnings. Lint errs only where strict generation refuses (the generator's
    // refusal of an undeclared path parameter or an undefined scheme is that error).
    rule("path-params", Warning, Validity, "Every `{name}` of a path template needs exactly one required path parameter, and every path parameter needs its `{name}`.", "Declare each template name under `parameters` with `in: path` and `required: true`, and remove path parameters the template does not name."),
    rule("duplicate-operation-id", Warning, Validity, "operationIds must be unique; tools key operations by them.", "Give each operation its own operationId."),
    rule("security-defined", Warning, Validity, "A security requirement must name a scheme defined under components/securitySchemes.", "Define the scheme under components/securitySchemes, or fix the name in the requirement."),
    rule("enum-type-mismatch", Warning, Validity, "An enum value of another type than its schema can never be valid.", "Make every enum value match the schema's `type` (quote strings that look like numbers)."),
    rule("nullable-without-type", Warning, Validity, "In OpenAPI 3.0, `nullable` only has a meaning beside `type`.", "Add the `type` the value has when it is not null."),
    rule("required-undefined", Warning, Validity, "A required property that is not defined has no schema, so no tool knows its type.", "Define the property under `properties`, or remove it from `required`."),
    rule("duplicate-parameter", Warning, Validity, "A parameter is identified by its name and location; a second one with both the same is ambiguous.", "Remove or rename one of the two parameters."),
    rule("server-url", Warning, Validity, "A server URL must be a URL once its variables are filled in, and each variable must be defined.", "Fix the URL, and define each `{variable}` under the server's `variables` with a `default`."),
    // Quality: the common ground of spectral:oas and redocly's recommended rules.
    rule("operation-id", Warning, Quality, "An operationId gives the operation a stable name in tools and generated code.", "Add an `operationId` (camelCase, unique) to the operation."),
    rule("operation-summary", Warning, Quality, "A summary is the one line documentation and tools show for the operation.", "Add a short `summary` to the operation."),
    rule("operation-description", Warning, Quality, "A description tells users what the operation does beyond its summary.", "Add a `description` to the operation."),
    rule("operation-tags", Warning, Quality, "Tags group operations in documentation and in the generated client.", "Add a `tags` list naming the operation's group."),
    rule("operation-2xx-response", Warning, Quality, "An operation without a success response documents no result.", "Document the success response (200, 201, 204, ...)."),
    rule("operation-4xx-response", Warning, Quality, "Clients need to know the errors an operation can return.", "Document at least one 4xx response (400, 401, 404, ...)."),
    rule("tag-defined", Warning, Quality, "Tags used by operations should be declared at the top level, where they get a description and an order.", "Declare the tag in the top-level `tags` list."),
    rule("unused-component", Warning, Quality, "A component nothing references is dead weight, or a sign of a missing reference.", "Reference the component, or remove it."),
    rule("info-contact", Warning, Quality, "Users of the API need someone to contact.", "Add `info.contact` with a name, url or email."),
    rule("info-license", Warning, Quality, "Users need to know under which license the API description is published.", "Add `info.license` with a `name` and a `url`."),
    rule("info-description", Warning, Quality, "The API's description is the first thing its documentation shows.", "Add `info.description`."),
    rule("servers-defined", Warning, Quality, "Without `servers`, clients do not know where the API lives.", "Add a `servers` list with the API's base URL."),
    rule("trailing-slash", Warning, Quality, "A trailing slash on a path or server URL gives URLs with `//` or an extra slash that servers may treat differently.", "Remove the trailing slash."),
    rule("path-query-string", Warning, Quality, "A query string in a path key is not part of the template; query parameters belong under `parameters`.", "Move the query string to parameters with `in: query`."),
    rule("ambiguous-paths", Warning, Quality, "Two path templates that can match the same URL make routing depend on order.", "Rename one of the paths so that a literal segment tells them apart."),
    rule("unsafe-markdown", Warning, Quality, "Markdown with `<script>` or `javascript:` runs code in documentation viewers.", "Remove the script tag or `javascript:` link from the text."),
    rule("enum-duplicate", Warning, Quality, "A value listed twice in an enum is a mistake, and becomes a duplicate variant.", "Remove the repeated value."),
    // SDK-specific: what matters to a generated Rust client.
    rule("rust-name-collision", Warning, Sdk, "Two names that become the same Rust identifier get numbered (`name2`), which nobody can guess.", "Rename one of them so that they differ in more than case or punctuation."),
    rule("secret-not-marked", Warning, Sdk, "A field whose name says it holds a secret should say so in its schema, so every tool can redact it.", "Add `format: password` (or `x-sensitive: true`) to the field's schema."),
    rule("error-response-schema", Warning, Sdk, "An error response without a schema gives the client no error body to decode.", "Add `content` with a schema (for example a shared ErrorResponse) to the error response."),
    rule("inline-schema-name", Info, Sdk, "An inline object or union schema gets a type name made up by the generator from where it is used.", "Move the schema to components/schemas under the name you want, and `$ref` it."),
    rule("oneof-ambiguous", Warning, Sdk, "A client decodes a `oneOf` by trying its variants; variants that accept the same values cannot be told apart.", "Give the variants required properties, distinct types or a `discriminator`."),
    rule("generator-unsupported", Error, Sdk, "oagen cannot generate this construct, so codegen would fail on it.", "Change the construct as the message says, or leave it out of the spec."),
    rule("schema-loosened", Info, Sdk, "A JSON Schema 2020-12 keyword with no OpenAPI 3.0 counterpart (`if`/`then`/`else`, `dependentSchemas`, `unevaluatedProperties`, `$dynamicRef`, tuples) cannot be expressed in the generated types, which then accept more than the schema allows.", "Validate what the keyword requires in your own code, or describe the value without it."),
    rule("feature-loosened", Info, Sdk, "An OpenAPI 3.1 or 3.2 feature (a streamed `itemSchema`, a JSON `querystring`, the device authorization flow) is generated in a simpler form than the document describes.", "Read the finding's message for what the client does instead."),
    rule("generator-warning", Warning, Sdk, "oagen generates this, but not as the spec means it.", "Change the construct as the message says."),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The severity's name in outputs and in the config file.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_documented() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(
                RULES[..index].iter().all(|r| r.id != rule.id),
                "duplicate rule {}",
                rule.id
            );
            assert!(
                rule.rationale.ends_with('.') && rule.hint.ends_with('.'),
                "{}",
                rule.id
            );
        }
    }
}
