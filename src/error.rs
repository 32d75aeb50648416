//! Errors of the fallible, non-hot-path operations (loading profiles, card tables and BIN
//! files).
//!
//! Classification itself never fails: problems with a card are [`crate::Reason`]s in the
//! verdict, not errors. No error message ever contains card data: profile errors quote the
//! profile text (unknown keys and ids), so every group of 8 or more digits in them is hidden.

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
impl ProfileError {
    /// An `Invalid` error whose text cannot carry a card number (see [`redact`]).
    pub(crate) fn invalid(origin: &str, message: &str) -> ProfileError {
        ProfileError::Invalid {
            origin: redact(origin),
            message: redact(message),
        }
    }
}

/// Hides anything in an error message that could be a card number: every group of 8 or more
/// digits (spaces or dashes between digits keep a group together) has its digits
/// replaced by `*`. Profile errors quote the profile text (unknown keys and ids), and a card
/// number pasted where a profile was expected must not come back in a message. No location
/// number reaches 8 digits for profile text under 10 MB.
pub(crate) fn redact(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = 0;
        while let Some(&c) = chars.get(i) {
            if c.is_ascii_digit() {
                digits += 1;
                i += 1;
                continue;
            }
            // Separators keep the group together when a digit follows them.
            let mut j = i;
            while chars.get(j).is_some_and(|&c| c == ' ' || c == '-') {
                j += 1;
            }
            if j == i || !chars.get(j).is_some_and(char::is_ascii_digit) {
                break;
            }
            i = j;
        }
        let group = chars.get(start..i).unwrap_or(&[]);
        let hide = digits >= 8 && !is_date(group);
        out.extend(
            group
                .iter()
                .map(|&c| if hide && c.is_ascii_digit() { '*' } else { c }),
        );
    }
    out
}

/// `YYYY-MM-DD`: profile errors quote dates (`today`), which are not card numbers.
fn is_date(group: &[char]) -> bool {
    group.len() == 10
        && group.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redaction_hides_digit_groups_of_eight_or_more() {
        assert_eq!(
            redact("unknown field `4111111111111111` (line 1, column 1)"),
            "unknown field `****************` (line 1, column 1)"
        );
        assert_eq!(
            redact("key `4111 1111-1111 1111`"),
            "key `**** ****-**** ****`"
        );
        assert_eq!(redact("line 1234567, column 12"), "line 1234567, column 12");
        assert_eq!(redact("lengths 8 9 10 11"), "lengths 8 9 10 11");
        assert_eq!(redact("bad date `2026-02-30`"), "bad date `2026-02-30`");
        assert_eq!(redact("`4111-1111-1111`"), "`****-****-****`");
        assert_eq!(redact("id `6212345678`!"), "id `**********`!");
        assert_eq!(redact("卡号6212345678901232。"), "卡号****************。");
        assert_eq!(redact("a - 12345678"), "a - ********");
        assert_eq!(redact(""), "");
    }
}
