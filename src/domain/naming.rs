//! The limiter name and every AWS name derived from it.
//!
//! `--name X` identifies a limiter; its stack and table are both `ZAEL-X`. The
//! name is validated here, before any AWS call, with one message per rule so
//! the operator knows exactly what to change.

use std::fmt;

/// Prefix shared by the stack and the table of every limiter.
pub const PREFIX: &str = "ZAEL-";
/// Longest limiter name accepted (without the prefix); keeps every derived
/// name (e.g. the role, `ZAEL-X-aggregator-role`) within AWS's limits.
pub const MAX_LEN: usize = 38;
/// Suffix of the aggregator function's name.
const FUNCTION_SUFFIX: &str = "-aggregator";

/// A validated limiter name, stored without the `ZAEL-` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LimiterName(String);

impl LimiterName {
    /// Validates `input`, accepting it with or without the `ZAEL-` prefix.
    pub fn parse(input: &str) -> Result<Self, String> {
        let bare = input.strip_prefix(PREFIX).unwrap_or(input);
        validate(bare)?;
        Ok(LimiterName(bare.to_string()))
    }

    /// The name as the operator gives it, without the prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// CloudFormation stack name: `ZAEL-X`.
    pub fn stack(&self) -> String {
        format!("{PREFIX}{}", self.0)
    }

    /// DynamoDB table name: `ZAEL-X` (same as the stack).
    pub fn table(&self) -> String {
        self.stack()
    }

    /// Aggregator function name: `ZAEL-X-aggregator`.
    pub fn function(&self) -> String {
        format!("{PREFIX}{}{FUNCTION_SUFFIX}", self.0)
    }

    /// Default role name: `ZAEL-X-aggregator-role`.
    pub fn default_role(&self) -> String {
        format!("{}-role", self.function())
    }

    /// Dead-letter queue name: `ZAEL-X-aggregator-dlq`.
    pub fn queue(&self) -> String {
        format!("{}-dlq", self.function())
    }

    /// Log group of the function: `/aws/lambda/ZAEL-X-aggregator`.
    pub fn log_group(&self) -> String {
        format!("/aws/lambda/{}", self.function())
    }

    /// Role name from a `--role-name-format`, where `{}` stands for the default
    /// role name. Validated against IAM's rules.
    pub fn role(&self, format: Option<&str>) -> Result<String, String> {
        let Some(format) = format else {
            return Ok(self.default_role());
        };
        let name = format.replace("{}", &self.default_role());
        validate_role_name(&name).map_err(|why| {
            format!("--role-name-format {format:?} gives the role name {name:?}, which {why}")
        })?;
        Ok(name)
    }
}

impl fmt::Display for LimiterName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// clap value parser for `--name`.
pub fn parse_name(input: &str) -> Result<LimiterName, String> {
    LimiterName::parse(input)
}

fn validate(name: &str) -> Result<(), String> {
    const ALLOWED: &str = "use letters, digits and hyphens only (e.g. my-app-prod)";
    let first = match name.chars().next() {
        None => {
            return Err(
                "the limiter name is empty; give one with --name (e.g. --name my-app)".into(),
            )
        }
        Some(c) => c,
    };
    if !first.is_ascii_alphabetic() {
        return Err(format!(
            "the limiter name {name:?} must start with a letter (it starts with {first:?})"
        ));
    }
    for c in name.chars() {
        let what = match c {
            c if c.is_ascii_alphanumeric() || c == '-' => continue,
            '_' => "an underscore",
            '.' => "a period",
            ' ' => "a space",
            c if c.is_whitespace() => "whitespace",
            _ => "",
        };
        return Err(if what.is_empty() {
            format!("the limiter name {name:?} contains the character {c:?}; {ALLOWED}")
        } else {
            format!("the limiter name {name:?} contains {what}; {ALLOWED}")
        });
    }
    let len = name.chars().count();
    if len > MAX_LEN {
        return Err(format!(
            "the limiter name {name:?} is {len} characters long; at most {MAX_LEN} are allowed \
             so that every derived AWS name fits"
        ));
    }
    Ok(())
}

/// IAM role names: 1–64 characters of `[A-Za-z0-9+=,.@_-]`.
fn validate_role_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if name.len() > 64 {
        return Err(format!("is {} characters long (IAM allows 64)", name.len()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c)))
    {
        return Err(format!(
            "contains {c:?} (IAM allows letters, digits and +=,.@_-)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(name: &str) -> String {
        LimiterName::parse(name).unwrap_err()
    }

    #[test]
    fn accepts_plain_and_prefixed_names() {
        assert_eq!(LimiterName::parse("my-app").unwrap().as_str(), "my-app");
        assert_eq!(
            LimiterName::parse("ZAEL-my-app").unwrap().as_str(),
            "my-app"
        );
        assert_eq!(LimiterName::parse("a").unwrap().stack(), "ZAEL-a");
    }

    #[test]
    fn each_rule_has_its_own_message() {
        assert!(err("").contains("is empty"));
        assert!(err("ZAEL-").contains("is empty"));
        assert!(err("1app").contains("must start with a letter"));
        assert!(err("-app").contains("must start with a letter"));
        assert!(err("my_app").contains("an underscore"));
        assert!(err("my.app").contains("a period"));
        assert!(err("my app").contains("a space"));
        assert!(err("my/app").contains("the character '/'"));
        assert!(err("myäpp").contains("the character 'ä'"));
        assert!(err(&"a".repeat(39)).contains("39 characters long; at most 38"));
        assert!(LimiterName::parse(&"a".repeat(38)).is_ok());
    }

    #[test]
    fn derives_every_name() {
        let n = LimiterName::parse("prod").unwrap();
        assert_eq!(n.stack(), "ZAEL-prod");
        assert_eq!(n.table(), "ZAEL-prod");
        assert_eq!(n.function(), "ZAEL-prod-aggregator");
        assert_eq!(n.default_role(), "ZAEL-prod-aggregator-role");
        assert_eq!(n.queue(), "ZAEL-prod-aggregator-dlq");
        assert_eq!(n.log_group(), "/aws/lambda/ZAEL-prod-aggregator");
    }

    #[test]
    fn role_name_format() {
        let n = LimiterName::parse("prod").unwrap();
        assert_eq!(n.role(None).unwrap(), "ZAEL-prod-aggregator-role");
        assert_eq!(
            n.role(Some("PowerUser-{}")).unwrap(),
            "PowerUser-ZAEL-prod-aggregator-role"
        );
        assert_eq!(n.role(Some("fixed-role")).unwrap(), "fixed-role");
        assert!(n
            .role(Some("bad role {}"))
            .unwrap_err()
            .contains("contains ' '"));
        assert!(n
            .role(Some(&format!("{}-{{}}", "x".repeat(60))))
            .unwrap_err()
            .contains("IAM allows 64"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn accepted_names_give_valid_aws_names(s in "\\PC{0,45}") {
            if let Ok(n) = LimiterName::parse(&s) {
                let ok = |x: &str, max: usize| x.len() <= max
                    && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                // Stack names: 128, letters/digits/hyphens, start with a letter.
                prop_assert!(ok(&n.stack(), 128));
                prop_assert!(n.stack().starts_with(|c: char| c.is_ascii_alphabetic()));
                // Table names: 3–255 of [A-Za-z0-9_.-].
                prop_assert!(n.table().len() >= 3 && ok(&n.table(), 255));
                // Function names: 64; queue names: 80; role names: 64.
                prop_assert!(ok(&n.function(), 64));
                prop_assert!(ok(&n.queue(), 80));
                prop_assert!(ok(&n.default_role(), 64));
                prop_assert!(n.role(None).is_ok());
                prop_assert!(n.log_group().len() <= 512);
            }
        }

        #[test]
        fn validation_never_panics(s in any::<String>()) {
            let _ = LimiterName::parse(&s);
        }
    }
}
