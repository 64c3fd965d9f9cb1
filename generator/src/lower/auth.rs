//! Security schemes, merged across specs by where the credential goes.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use crate::ir::{AuthKind, AuthScheme, Docs};
use crate::load::LoadedSpec;
use crate::naming::{self, Scope};

/// The credential kinds of the whole crate, filled as operations name them.
#[derive(Debug, Default)]
pub(crate) struct AuthRegistry {
    pub(crate) schemes: Vec<AuthScheme>,
    names: Scope,
}

impl AuthRegistry {
    /// The index of the credential that scheme `name` of `spec` needs, adding it when new.
    pub(crate) fn scheme_index(&mut self, spec: &LoadedSpec, name: &str) -> Result<usize, String> {
        let schemes = spec
            .openapi
            .components
            .as_ref()
            .map(|c| &c.security_schemes);
        let scheme = match schemes.and_then(|s| s.get(name)) {
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
                (kind, description, naming::snake(name, "api_key"))
            }
        };
        if let Some(index) = self.schemes.iter().position(|s| s.kind == kind) {
            return Ok(index);
        }
        self.schemes.push(AuthScheme {
            name: self.names.claim(setter.trim_start_matches("r#")),
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
