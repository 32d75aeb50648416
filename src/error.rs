//! Errors of the fallible, non-hot-path operations (loading profiles, card tables and BIN
//! files).
//!
//! Classification itself never fails: problems with a card are [`crate::Reason`]s in the
//! verdict, not errors. No error message ever contains card data.

/// A terminal profile file could not be loaded.
///
/// ```
/// let e = binclass::Profile::from_toml("accept = [\"visa\", \"vissa\"]").unwrap_err();
/// assert!(e.to_string().contains("vissa"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The file could not be read.
    #[error("{path}: cannot read profile: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The text is not a valid profile (bad syntax, unknown key, unknown scheme id, bad value).
    #[error("{origin}: invalid profile: {message}")]
    Invalid {
        /// Where the text came from (a path, or `<string>`).
        origin: String,
        /// What is wrong, with line and column where the parser gives them.
        message: String,
    },
}

/// A runtime card table or BIN file could not be loaded. Whatever was serving before is
/// still serving: loading never touches a live table.
///
/// ```
/// let e = binclass::Table::from_file("no/such/update.csv").unwrap_err();
/// assert!(e.to_string().starts_with("no/such/update.csv: cannot read"));
/// assert!(e.errors().is_empty());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file was read but is not valid: every problem, as `FILE:LINE: what is wrong`.
    #[error("{0}")]
    Invalid(crate::datafile::DataErrors),
}

impl LoadError {
    /// The located problems (empty for [`LoadError::Io`]).
    pub fn errors(&self) -> &[crate::datafile::DataError] {
        match self {
            LoadError::Io { .. } => &[],
            LoadError::Invalid(e) => &e.0,
        }
    }
}
