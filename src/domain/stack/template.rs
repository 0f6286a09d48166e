//! The embedded CloudFormation template: the one `deploy` uses and
//! `cfn-template` prints.

/// `templates/limiter.yaml`, compiled in so the binary is self-contained.
pub const TEMPLATE: &str = include_str!("../../../templates/limiter.yaml");

/// Normalises a template body for comparison: trailing whitespace and blank
/// lines do not make two templates different.
pub fn normalise(body: &str) -> String {
    body.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a deployed template body differs from the embedded one.
pub fn differs(deployed: &str) -> bool {
    normalise(deployed) != normalise(TEMPLATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_every_parameter_the_tool_passes() {
        for p in crate::domain::stack::params::ALL {
            assert!(
                TEMPLATE.contains(&format!("\n  {p}:")),
                "template lacks parameter {p}"
            );
        }
    }

    #[test]
    fn whitespace_does_not_count_as_a_difference() {
        let padded = format!("{}\n\n", TEMPLATE.replace('\n', "  \n"));
        assert!(!differs(&padded));
        assert!(differs(&TEMPLATE.replace("RateLimitsTable", "Other")));
    }
}
