//! The value an open string enum keeps when this version of the client does not know it.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A value of the string enum `E` that this version of the client does not know,
/// kept exactly as it was sent.
///
/// Only the client makes one, and only for a string that is none of `E`'s known
/// values, so a known value is always its own variant: `E::from("ssh")` is never
/// `Unknown`, and two values are equal exactly when they serialize the same. The
/// type parameter ties it to its enum, so an unknown value of one enum cannot be
/// put into another that knows it.
pub struct UnknownValue<E> {
    value: String,
    enum_type: PhantomData<fn() -> E>,
}

impl<E> UnknownValue<E> {
    /// Wraps `value`, which the caller has checked is none of `E`'s known values.
    pub(crate) fn new(value: String) -> Self {
        UnknownValue {
            value,
            enum_type: PhantomData,
        }
    }

    /// The value as it was sent.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

// Written out rather than derived: a derive would require `E` itself to be `Clone`,
// `PartialEq` and so on, which only the string inside matters for.

impl<E> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        UnknownValue::new(self.value.clone())
    }
}

impl<E> PartialEq for UnknownValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<E> Eq for UnknownValue<E> {}

impl<E> Hash for UnknownValue<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<E> fmt::Debug for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UnknownValue").field(&self.value).finish()
    }
}

impl<E> fmt::Display for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<E> AsRef<str> for UnknownValue<E> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}
