//! A value that must not leak into logs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What `Debug` and `Display` print instead of a secret.
pub const REDACTED: &str = "[REDACTED]";

/// A value that prints as `[REDACTED]` and is reached only through [`Secret::expose`].
///
/// Passwords, tokens and keys in requests and responses have this type, so
/// logging a response with `{:?}` does not reveal them. It serializes and
/// deserializes exactly as the value it holds.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value, for the one place that needs it (a vault, a connection).
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Takes the value out.
    pub fn into_exposed(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

/// A credential the client holds: printed as `[REDACTED]`, and overwritten with zeros
/// when dropped, so a dropped client does not leave its token in freed memory.
///
/// Only the copy held here is wiped; the copies the HTTP stack makes of a header
/// while sending it are out of the crate's reach.
#[derive(Clone)]
pub(crate) struct Credential(String);

impl Credential {
    /// Holds `value`.
    pub(crate) fn new(value: String) -> Self {
        Credential(value)
    }

    /// The value, for placing it on a request.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Takes the value out as bytes overwritten with zeros, leaving it empty.
    fn wipe(&mut self) -> Vec<u8> {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.iter_mut().for_each(|byte| *byte = 0);
        // Keeps the compiler from dropping the writes as dead stores before the free.
        std::hint::black_box(&mut bytes);
        bytes
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Drop for Credential {
    fn drop(&mut self) {
        drop(self.wipe());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_wiped_in_place_and_never_printed() {
        let mut credential = Credential::new("tok-3e1f".to_owned());
        assert_eq!(format!("{credential:?}"), REDACTED);
        let address = credential.expose().as_ptr();
        let wiped = credential.wipe();
        // The same allocation, so no copy of the token is left behind unwiped.
        assert_eq!(wiped.as_ptr(), address);
        assert_eq!(wiped, vec![0; 8]);
        assert_eq!(credential.expose(), "");
    }
}
