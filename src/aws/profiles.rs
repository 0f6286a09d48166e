//! Checking that a named AWS profile exists before anything else, so that a
//! typo in `--profile` is named as such rather than reported as missing
//! credentials.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// Whether `name` has a section in the config file (`[profile name]`, or
/// `[name]`) or the credentials file (`[name]`). Pure.
pub fn defined(config: &str, credentials: &str, name: &str) -> bool {
    let sections = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
            .map(|inner| inner.split_whitespace().map(str::to_string).collect())
            .collect()
    };
    let in_config = sections(config).iter().any(|words| match words.as_slice() {
        [p, n] => p == "profile" && n == name,
        [n] => n == name,
        _ => false,
    });
    in_config
        || sections(credentials)
            .iter()
            .any(|w| w.len() == 1 && w[0] == name)
}

fn file(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        home.join(".aws").join(default)
    })
}

/// Fails, naming the files looked in, when the profile is defined in neither.
pub fn check(name: &str) -> Result<()> {
    let config = file("AWS_CONFIG_FILE", "config");
    let credentials = file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    if defined(&read(&config), &read(&credentials), name) {
        return Ok(());
    }
    Err(Error::failure(format!(
        "the AWS profile `{name}` is not defined in {} or {}",
        config.display(),
        credentials.display()
    ))
    .hint("check --profile / AWS_PROFILE against `aws configure list-profiles`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_in_either_file() {
        let config = "[default]\nregion = us-east-1\n\n[profile ops]\nregion = eu-west-1\n[ profile  spaced ]\n[sso-session corp]\n";
        let creds = "[ci]\naws_access_key_id = x\n";
        for known in ["default", "ops", "spaced", "ci"] {
            assert!(defined(config, creds, known), "{known}");
        }
        for unknown in ["nosuch", "profile", "corp", "sso-session", ""] {
            assert!(!defined(config, creds, unknown), "{unknown}");
        }
        assert!(!defined("", "", "default"));
    }
}
