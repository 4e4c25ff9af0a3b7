//! Errors that name where the problem is: a field path and a reason.

use std::fmt;

/// Input could not be read: malformed JSON, a wrong type, a float where an amount belongs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ReadError {
    /// Where in the input (`line_items[2].quantity`); `.` for the document itself.
    pub path: String,
    pub reason: String,
}

/// Deserializes JSON into `T`, reporting the path of the first failing field.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, ReadError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        ReadError {
            path,
            reason: error.into_inner().to_string(),
        }
    })?;
    deserializer.end().map_err(|error| ReadError {
        path: ".".to_owned(),
        reason: error.to_string(),
    })?;
    Ok(value)
}

/// An order and settings could not become a valid invoice document. Nothing was produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct MappingError {
    /// The input field at fault (`line_items[2].taxes[0]`, `settings.vat.zero_rate`).
    pub path: String,
    pub reason: String,
}

impl MappingError {
    pub fn new(path: impl fmt::Display, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

/// A field path such as `line_items[3].taxes[0]`, spelled out only when an error names it: the
/// mapping checks every line, and formatting each path up front cost more than the checks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FieldPath<'a> {
    Root(&'a str),
    Field(&'a FieldPath<'a>, &'static str),
    Index(&'a FieldPath<'a>, usize),
}

impl FieldPath<'_> {
    pub(crate) fn field(&self, name: &'static str) -> FieldPath<'_> {
        FieldPath::Field(self, name)
    }

    pub(crate) fn index(&self, index: usize) -> FieldPath<'_> {
        FieldPath::Index(self, index)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root(root) => f.write_str(root),
            Self::Field(parent, name) => write!(f, "{parent}.{name}"),
            Self::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn field_paths_spell_fields_and_positions() {
        let root = FieldPath::Root("refunds[0]");
        let lines = root.field("lines");
        assert_eq!(
            lines.index(2).field("taxes").to_string(),
            "refunds[0].lines[2].taxes"
        );
    }
}
