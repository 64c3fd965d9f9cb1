//! Security schemes, merged across specs by where the credential goes.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use crate::front::LoadedSpec;
use crate::ir::{AuthKind, AuthScheme, Docs};
use crate::naming::{self, Scope};

/// The credential kinds of the whole crate, filled as operations name them.
#[derive(Debug)]
pub(crate) struct AuthRegistry {
    pub(crate) schemes: Vec<AuthScheme>,
    names: Scope,
}

/// The methods `ClientBuilder` has of its own, which a credential setter must not repeat.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "timeout",
    "connect_timeout",
    "max_retries",
    "retry_policy",
    "user_agent",
    "http_client",
    "build",
    "credential",
    "credentials_from_env",
];

impl Default for AuthRegistry {
    fn default() -> Self {
        AuthRegistry {
            schemes: Vec::new(),
            names: Scope::with_reserved(BUILDER_METHODS),
        }
    }
}

/// A setter name for an API key scheme: a keyword gets `_key` rather than `r#`, which would
/// read badly as a builder method and in environment variable names.
fn api_key_setter(scheme: &str) -> String {
    let name = naming::snake(scheme, "api_key");
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_key"),
        None => name,
    }
}

impl AuthRegistry {
    /// The index of the credential that scheme `name` of `spec` needs, adding it when new.
    pub(crate) fn scheme_index(&mut self, spec: &LoadedSpec, name: &str) -> Result<usize, String> {
        let scheme = match spec.outline.security_schemes.get(name) {
            Some(ReferenceOr::Item(scheme)) => scheme,
            Some(ReferenceOr::Reference { reference }) => {
                return Err(format!("security scheme `{name}` is a reference (`{reference}`), which is not supported"))
            }
            None => return Err(format!("the security requirement names `{name}`, which components/securitySchemes does not define")),
        };
        let (kind, description, setter) = match scheme {
            SecurityScheme::HTTP { scheme: http, description, .. } => match http.to_ascii_lowercase().as_str() {
                "bearer" => (AuthKind::Bearer, description, "bearer_token".to_owned()),
                "basic" => (AuthKind::Basic, description, "basic_auth".to_owned()),
                other => return Err(format!("HTTP authentication scheme `{other}` of `{name}` is not supported; bearer and basic are")),
            },
            SecurityScheme::OAuth2 { description, .. } | SecurityScheme::OpenIDConnect { description, .. } => {
                (AuthKind::Bearer, description, "bearer_token".to_owned())
            }
            SecurityScheme::APIKey { location, name: wire, description, .. } => {
                let kind = match location {
                    APIKeyLocation::Header => AuthKind::Header(wire.clone()),
                    APIKeyLocation::Query => AuthKind::Query(wire.clone()),
                    APIKeyLocation::Cookie => AuthKind::Cookie(wire.clone()),
                };
                (kind, description, api_key_setter(name))
            }
        };
        if let Some(index) = self.schemes.iter().position(|s| s.kind == kind) {
            return Ok(index);
        }
        self.schemes.push(AuthScheme {
            name: self.names.claim(&setter),
            kind,
            env_var: String::new(),
            docs: Docs {
                summary: None,
                description: description.clone(),
                example: None,
            },
        });
        Ok(self.schemes.len() - 1)
    }

    /// Names each credential's environment variable after the crate.
    pub(crate) fn finish(mut self, crate_name: &str) -> Vec<AuthScheme> {
        let prefix = crate_name.to_ascii_uppercase().replace('-', "_");
        for scheme in &mut self.schemes {
            scheme.env_var = format!("{prefix}_{}", scheme.name.to_ascii_uppercase());
        }
        self.schemes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_setters_are_never_keywords() {
        assert_eq!(api_key_setter("type"), "type_key");
        assert_eq!(api_key_setter("self"), "self_");
        assert_eq!(api_key_setter("X-Api-Key"), "x_api_key");
        let mut registry = AuthRegistry::default();
        assert_eq!(registry.names.claim("timeout"), "timeout2");
    }
}
