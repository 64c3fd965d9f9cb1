//! Every Rust identifier the generator writes is made here.
//!
//! Spec names are free text: they may be keywords, start with digits, hold
//! punctuation or differ only by case. This module turns them into identifiers,
//! derives names for things the spec leaves unnamed (an operation without an
//! `operationId`, an inline schema), and resolves collisions within a [`Scope`].

use std::collections::HashSet;

/// Keywords of Rust 2021, strict and reserved, which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names the runtime or the standard prelude already uses at a module's top level;
/// a generated type with one of these names would shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Client",
    "ClientBuilder",
    "Error",
    "Secret",
    "BTreeMap",
    "Uuid",
    "DateTime",
    "Utc",
    "NaiveDate",
    "Bytes",
    "Value",
    // Traits the generated code names unqualified (`Box<dyn Future<..> + Send>`, derives).
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Future",
    "Pin",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Deserialize",
    "From",
    "Into",
    "Drop",
    "Fn",
    "FnOnce",
    "FnMut",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
];

/// Words a person leaves out when turning a summary into a method name.
const FILLER_WORDS: &[&str] = &[
    "a", "an", "the", "all", "its", "their", "your", "our", "specific", "given", "one", "existing",
    "new", "single",
];

/// Words after which a summary names the context, not the action ("for a site").
const PREPOSITIONS: &[&str] = &[
    "for", "of", "on", "in", "from", "to", "with", "by", "within", "at", "into", "via", "using",
    "under", "across",
];

/// The longest summary, in words, that still reads as a method name.
const MAX_SUMMARY_WORDS: usize = 5;

fn escape_keyword(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Splits free text into ASCII alphanumeric words, keeping case boundaries.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
}

/// The longest identifier made from spec text, in characters. Module names become file
/// names, which file systems cap at 255 bytes; longer names only make code unreadable.
const MAX_IDENT_LEN: usize = 64;

/// `name` cut to [`MAX_IDENT_LEN`]; names are ASCII here, so any byte is a boundary.
fn shorten(mut name: String) -> String {
    if name.len() > MAX_IDENT_LEN {
        name.truncate(MAX_IDENT_LEN);
        while name.ends_with('_') {
            name.pop();
        }
    }
    name
}

/// The words of `text` (ASCII letters, digits and spaces, as [`clean`] leaves it), split
/// exactly where `heck` splits them, so that names do not change: at spaces, between a
/// lowercase letter and an uppercase one (`user|Id`), and before the last capital of a
/// run that a lowercase letter follows (`HTTP|Server`). A digit takes the case of the
/// letter before it (`v2|Api`, `ID2|Name`).
///
/// `heck` itself handles any Unicode text, one character at a time through a formatter;
/// on the ASCII text here this is about ten times faster, and names are made for every
/// property and inline schema of a spec. The tests check it against `heck`.
fn case_words(text: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    let mut words = Vec::new();
    for word in text.split(' ') {
        let bytes = word.as_bytes();
        let (mut start, mut case) = (0, Case::None);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                words.push(&word[start..]);
                break;
            };
            let case_after = match c {
                b'a'..=b'z' => Case::Lower,
                b'A'..=b'Z' => Case::Upper,
                _ => case,
            };
            if case_after == Case::Lower && next.is_ascii_uppercase() {
                words.push(&word[start..=i]);
                (start, case) = (i + 1, Case::None);
            } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                words.push(&word[start..i]);
                (start, case) = (i, Case::None);
            } else {
                case = case_after;
            }
        }
    }
    words
}

/// `text` in `snake_case`, as `heck` would write it.
fn snake_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for word in case_words(&clean(text)) {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// `text` in `PascalCase`, as `heck` would write it.
fn pascal_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in case_words(&clean(text)) {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// A `snake_case` identifier for `raw`, or `fallback` when `raw` has no usable characters.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = shorten(snake_case(raw));
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    escape_keyword(name)
}

/// A `PascalCase` identifier for `raw`; `fallback` when empty; `digit_prefix` before a leading digit.
pub fn pascal(raw: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut name = shorten(pascal_case(raw));
    if name.is_empty() {
        name = fallback.to_owned();
    }
    // `Self_` would trip `non_camel_case_types`, and so would `Self_2` after a collision.
    if name == "Self" {
        name = "SelfType".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{digit_prefix}{name}");
    }
    escape_keyword(name)
}

/// A type name for a schema named `raw`, never shadowing a name the generated code relies on.
pub fn type_name(raw: &str) -> String {
    let name = pascal(raw, "Schema", "T");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Schema")
    } else {
        name
    }
}

/// A variant name for a string enum value.
pub fn enum_variant(raw: &str) -> String {
    let name = pascal(raw, "Empty", "Value");
    // `Unknown` is the variant that keeps values the spec does not list.
    if name == "Unknown" {
        "UnknownValue".to_owned()
    } else {
        name
    }
}

/// The module name for a spec file's stem, such as `control_plane` for `control-plane.yaml`.
pub fn module_name(stem: &str) -> String {
    let name = snake(stem, "api");
    // `r#` modules read badly in paths; a suffix is clearer.
    match name.strip_prefix("r#") {
        Some(raw) => format!("{raw}_api"),
        None => name,
    }
}

/// A set of names already taken in one namespace; claiming resolves collisions.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether `name` is free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Takes `candidate`, or `candidate2`, `candidate3`, ... when it is taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        // A numbered keyword is no longer a keyword, so the `r#` goes.
        let stem = candidate.strip_prefix("r#").unwrap_or(candidate);
        (2..)
            .map(|n| format!("{stem}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// The singular of an English plural, good enough for resource names.
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies") {
        if !stem.is_empty() {
            return format!("{stem}y");
        }
    }
    for suffix in ["sses", "ches", "shes", "xes", "zzes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return w[..w.len() - 1].to_owned();
    }
    w
}

/// Third-person verbs at the start of a summary ("Lists keys") in the imperative.
fn imperative(word: &str) -> String {
    match word {
        "lists" | "gets" | "creates" | "deletes" | "updates" | "returns" | "retrieves"
        | "removes" | "adds" | "sets" | "revokes" | "rotates" | "replaces" | "uploads"
        | "downloads" | "performs" | "reads" | "writes" | "starts" | "stops" | "cancels"
        | "enables" | "disables" => word[..word.len() - 1].to_owned(),
        "fetches" | "searches" | "patches" | "pushes" => word[..word.len() - 2].to_owned(),
        _ => word.to_owned(),
    }
}

/// The words of an operation's name, lower case: from its `operationId`, else its
/// summary when that reads as a short action, else its method and path.
pub fn operation_words(
    operation_id: Option<&str>,
    summary: Option<&str>,
    method: &str,
    path: &str,
) -> Vec<String> {
    if let Some(id) = operation_id {
        let words = words_of(id);
        if !words.is_empty() {
            return words;
        }
    }
    if let Some(words) = summary.and_then(summary_words) {
        return words;
    }
    path_words(method, path)
}

fn words_of(text: &str) -> Vec<String> {
    case_words(&clean(text))
        .into_iter()
        .map(str::to_ascii_lowercase)
        .collect()
}

fn summary_words(summary: &str) -> Option<Vec<String>> {
    let lower = summary.to_ascii_lowercase();
    let mut words: Vec<String> = Vec::new();
    for word in lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if PREPOSITIONS.contains(&word) && !words.is_empty() {
            break;
        }
        if FILLER_WORDS.contains(&word) {
            continue;
        }
        words.push(if words.is_empty() {
            imperative(word)
        } else {
            word.to_owned()
        });
    }
    (!words.is_empty() && words.len() <= MAX_SUMMARY_WORDS).then_some(words)
}

/// `GET /keys` → list keys, `GET /keys/{id}` → get key, `POST /keys/{id}/rotate` → rotate key.
fn path_words(method: &str, path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_in_param = segments.last().is_some_and(|s| s.starts_with('{'));
    let literals: Vec<&str> = segments
        .iter()
        .copied()
        .filter(|s| !s.starts_with('{'))
        .collect();
    let last = literals.last().copied().unwrap_or("root");
    let last_follows_param =
        segments.len() >= 2 && !ends_in_param && segments[segments.len() - 2].starts_with('{');
    let method = method.to_ascii_lowercase();
    let (verb, noun): (String, String) = match method.as_str() {
        "get" if ends_in_param => ("get".into(), singular(last)),
        "get" => ("list".into(), last.to_owned()),
        "post" if last_follows_param && literals.len() >= 2 => {
            (last.to_owned(), singular(literals[literals.len() - 2]))
        }
        "post" => ("create".into(), singular(last)),
        "put" => ("replace".into(), singular(last)),
        "patch" => ("update".into(), singular(last)),
        "delete" => ("delete".into(), singular(last)),
        other => (other.to_owned(), singular(last)),
    };
    let mut words = words_of(&verb);
    words.extend(words_of(&noun));
    words
}

/// Removes the group's own words from an operation's words (`create api key` in
/// group `API Keys` becomes `create`), when something meaningful is left.
pub fn strip_group_words(words: &[String], group: &str) -> Vec<String> {
    let group: Vec<String> = words_of(group).iter().map(|w| singular(w)).collect();
    let singulars: Vec<String> = words.iter().map(|w| singular(w)).collect();
    let mut best: Option<(usize, usize)> = None;
    for start in 0..singulars.len() {
        let len = singulars[start..]
            .iter()
            .zip(&group)
            .take_while(|(a, b)| a == b)
            .count();
        if len > 0 && best.is_none_or(|(_, l)| len > l) {
            best = Some((start, len));
        }
    }
    match best {
        Some((start, len)) if words.len() > len => words[..start]
            .iter()
            .chain(&words[start + len..])
            .cloned()
            .collect(),
        _ => words.to_vec(),
    }
}

/// Whether a property name says its value is a secret: a password, a secret, a
/// private or API key, or a token that is not a paging cursor.
pub fn sounds_secret(name: &str) -> bool {
    let words = words_of(name);
    let has = |w: &str| words.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let names_a_credential = has("password")
        || has("passwd")
        || has("passphrase")
        || has("secret")
        || pair("private", "key")
        || pair("api", "key")
        || pair("access", "key")
        || words.last().is_some_and(|w| w == "token");
    // `key_prefix`, `api_key_id`, `token_type`, `next_page_token` name things about a credential, not the credential.
    let describes_one = matches!(
        words.last().map(String::as_str),
        Some(
            "id" | "ids"
                | "prefix"
                | "type"
                | "name"
                | "count"
                | "hint"
                | "url"
                | "at"
                | "expires"
                | "length"
        )
    ) || has("page")
        || has("cursor")
        || has("continuation")
        || has("next");
    names_a_credential && !describes_one
}

/// Method names clippy expects to mean what the standard library means by them
/// (`should_implement_trait`, `new_ret_no_self`); an operation gets `_op` after one.
const STD_METHOD_NAMES: &[&str] = &[
    "new",
    "clone",
    "default",
    "drop",
    "deref",
    "deref_mut",
    "eq",
    "cmp",
    "hash",
    "from_str",
    "from_iter",
    "into_iter",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "shl",
    "shr",
    "bitand",
    "bitor",
    "bitxor",
    "index",
    "index_mut",
    "next",
];

/// Joins lower-case words as a method name.
pub fn method_from_words(words: &[String]) -> String {
    let name = snake(&words.join("_"), "call");
    if STD_METHOD_NAMES.contains(&name.as_str()) {
        format!("{name}_op")
    } else {
        name
    }
}

/// Joins lower-case words as a type name.
pub fn type_from_words(words: &[String]) -> String {
    type_name(&words.join("_"))
}

/// The variant name for a documented status: its reason phrase in `PascalCase`.
pub fn status_variant(status: u16) -> String {
    let phrase = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        _ => return format!("Status{status}"),
    };
    phrase.to_owned()
}

/// The variant name for a status class such as `4XX`.
pub fn range_variant(class: u16) -> String {
    match class {
        1 => "Informational".to_owned(),
        2 => "Success".to_owned(),
        3 => "Redirection".to_owned(),
        4 => "ClientError".to_owned(),
        5 => "ServerError".to_owned(),
        other => format!("Status{other}xx"),
    }
}

/// The variant name for the `default` response.
pub const DEFAULT_VARIANT: &str = "Other";

#[cfg(test)]
mod tests {
    use super::*;

    /// Our case conversion gives exactly `heck`'s names: on hand-picked shapes, and on
    /// 200,000 strings drawn from the characters that decide word boundaries.
    #[test]
    fn case_conversion_matches_heck() {
        use heck::{ToPascalCase, ToSnakeCase};
        let mut inputs: Vec<String> = [
            "",
            " ",
            "userId",
            "HTTPServer",
            "v2Api",
            "ID2Name",
            "a1B",
            "A1b",
            "ABc",
            "aBC",
            "x-request-id",
            "__proto__",
            "Self",
            "already_snake",
            "IPv4Address",
            "URLs",
            "a  b",
            "9lives",
            "ÄpfelSaft",
            "dns_records_for_a_zone",
            "getV1UserByID",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let alphabet: Vec<char> = "aAzZ09 _-./äÉ".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((state >> (8 + 5 * i)) % alphabet.len() as u64) as usize])
                .collect();
            inputs.push(text);
        }
        for input in &inputs {
            let cleaned = clean(input);
            assert_eq!(snake_case(input), cleaned.to_snake_case(), "{input:?}");
            assert_eq!(pascal_case(input), cleaned.to_pascal_case(), "{input:?}");
        }
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn identifiers_are_escaped_and_cased() {
        let cases = [
            ("type", "r#type"),
            ("self", "self_"),
            ("userId", "user_id"),
            ("2fa", "_2fa"),
            ("X-Request-ID", "x_request_id"),
            ("", "field"),
            ("ключ", "field"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake(raw, "field"), expected, "snake({raw:?})");
        }
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(method_from_words(&words(&["new"])), "new_op");
        assert_eq!(method_from_words(&words(&["clone"])), "clone_op");
        assert_eq!(type_name("Error"), "ErrorSchema");
        assert_eq!(type_name("send"), "SendSchema");
        assert_eq!(type_name("api-key.list"), "ApiKeyList");
        assert_eq!(enum_variant("site.recreate_tunnel"), "SiteRecreateTunnel");
        assert_eq!(enum_variant("1"), "Value1");
        assert_eq!(enum_variant("unknown"), "UnknownValue");
        assert_eq!(module_name("control-plane"), "control_plane");
        assert_eq!(module_name("type"), "type_api");
        assert_eq!(snake(&"a_".repeat(5000), "x").len(), 63);
        assert_eq!(type_name(&"b".repeat(5000)).len(), 64);
    }

    #[test]
    fn collisions_get_numbered() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("user_id"), "user_id");
        assert_eq!(scope.claim("user_id"), "user_id2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type2");
    }

    #[test]
    fn operation_names_read_like_a_person_chose_them() {
        // (operationId, summary, method, path, expected words)
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            &'a str,
            &'a str,
            &'a [&'a str],
        );
        let cases: &[Case] = &[
            (None, Some("Rotate API credentials for a site"), "POST", "/control-plane/{siteId}/credentials", &["rotate", "api", "credentials"]),
            (None, Some("List all policies"), "GET", "/control-plane/policies", &["list", "policies"]),
            (None, Some("Perform an action on a site"), "POST", "/x", &["perform", "action"]),
            (Some("createApiKey"), Some("Create an API key"), "POST", "/api/keys", &["create", "api", "key"]),
            (None, None, "GET", "/api/keys", &["list", "keys"]),
            (None, None, "GET", "/api/keys/{id}", &["get", "key"]),
            (None, None, "POST", "/api/keys/{id}/rotate", &["rotate", "key"]),
            (None, None, "DELETE", "/api/keys/{id}", &["delete", "key"]),
            (None, Some("Lists the keys"), "GET", "/k", &["list", "keys"]),
            (None, Some("Retrieves the details of a policy, including its rules and the sites it is applied to and more"), "GET", "/policies/{id}", &["retrieve", "details"]),
        ];
        for (id, summary, method, path, expected) in cases {
            assert_eq!(
                operation_words(*id, *summary, method, path),
                words(expected),
                "{summary:?} {method} {path}"
            );
        }
    }

    #[test]
    fn group_words_are_stripped_when_something_is_left() {
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["create", "api", "key"], "API Keys", &["create"]),
            (&["list", "policies"], "Policies", &["list"]),
            (
                &["create", "transient", "access", "session"],
                "Transient Access",
                &["create", "session"],
            ),
            (
                &["list", "transient", "port", "forwards"],
                "Transient Port Forwarding",
                &["list", "forwards"],
            ),
            (
                &["rotate", "api", "credentials"],
                "Site Operations",
                &["rotate", "api", "credentials"],
            ),
            (&["policies"], "Policies", &["policies"]),
        ];
        for (input, group, expected) in cases {
            assert_eq!(
                strip_group_words(&words(input), group),
                words(expected),
                "{input:?} in {group}"
            );
        }
    }

    #[test]
    fn secret_names_are_recognised_without_catching_their_metadata() {
        for name in [
            "password",
            "secret",
            "api_key",
            "privateKey",
            "client_secret",
            "access_token",
            "X-Auth-Key-Passphrase",
        ] {
            assert!(sounds_secret(name), "{name} should be secret");
        }
        for name in [
            "username",
            "key_prefix",
            "api_key_id",
            "token_type",
            "next_page_token",
            "secret_expires_at",
            "onclick",
        ] {
            assert!(!sounds_secret(name), "{name} should not be secret");
        }
    }

    #[test]
    fn singular_handles_common_plurals() {
        for (plural, single) in [
            ("policies", "policy"),
            ("accesses", "access"),
            ("keys", "key"),
            ("status", "status"),
            ("notes", "note"),
        ] {
            assert_eq!(singular(plural), single);
        }
    }
}
