//! Errors of the fallible, non-hot-path operations (loading profile files).
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
