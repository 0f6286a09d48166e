//! The template of a CloudFormation resource import: the deploy template cut down to
//! the table. Pure.
//!
//! AWS's rules for an `IMPORT` change set: every resource it imports has a
//! `DeletionPolicy`, and the import changes nothing else — no other resource is
//! added or changed, no `Outputs` appear. So the import template holds the deploy
//! template's header, parameters and conditions (the table's properties refer to
//! them) and the table resource exactly as deploy declares it, and nothing more; the
//! rest of the stack is added by the ordinary update that follows.

/// Logical id of the table in the template.
pub const TABLE_LOGICAL_ID: &str = "RateLimitsTable";

/// The import template for `template` (the deploy template). `None` when the template
/// has no `Resources:` section or no table resource at its top level.
pub fn import_template(template: &str) -> Option<String> {
    let lines: Vec<&str> = template.lines().collect();
    let resources = lines.iter().position(|l| *l == "Resources:")?;
    let table_header = format!("  {TABLE_LOGICAL_ID}:");
    let start = resources + lines[resources..].iter().position(|l| *l == table_header)?;
    // The resource ends at the next line indented by exactly two spaces (the next
    // resource) or at the next top-level key (e.g. Outputs).
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_resource_or_section(l))
        .map_or(lines.len(), |i| start + 1 + i);
    let mut out: Vec<&str> = lines[..=resources].to_vec();
    out.extend(trim_trailing_blank(&lines[start..end]));
    let mut text = out.join("\n");
    text.push('\n');
    Some(text)
}

fn is_resource_or_section(line: &str) -> bool {
    let indent = line.len() - line.trim_start().len();
    let content = line.trim_start();
    !content.is_empty() && !content.starts_with('#') && indent <= 2
}

fn trim_trailing_blank<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let keep = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    lines[..keep].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stack::template::TEMPLATE;

    fn resource_names(text: &str) -> Vec<String> {
        let mut in_resources = false;
        let mut names = vec![];
        for l in text.lines() {
            if !l.starts_with(' ') && !l.is_empty() {
                in_resources = l == "Resources:";
            } else if in_resources && l.starts_with("  ") && !l.starts_with("   ") {
                let t = l.trim();
                if !t.starts_with('#') && t.ends_with(':') {
                    names.push(t.trim_end_matches(':').to_string());
                }
            }
        }
        names
    }

    #[test]
    fn holds_only_the_table_with_its_deletion_policy_and_no_outputs() {
        let t = import_template(TEMPLATE).unwrap();
        assert_eq!(resource_names(&t), vec![TABLE_LOGICAL_ID]);
        assert!(resource_names(TEMPLATE).len() > 5);
        assert!(!t.contains("\nOutputs:"));
        assert!(t.contains("    DeletionPolicy: Retain"));
        // Parameters and conditions the table refers to come along.
        assert!(t.contains("\nParameters:") && t.contains("  PITRRecoveryPeriodDays:"));
        assert!(t.contains("  TableDeletionProtected:"));
        // The table's declaration is the deploy template's, verbatim.
        let block_start = TEMPLATE.find("  RateLimitsTable:").unwrap();
        let block = &t[t.find("  RateLimitsTable:").unwrap()..];
        assert!(TEMPLATE[block_start..].starts_with(block.trim_end()));
        assert!(block.contains("StreamSpecification") && block.contains("GSI2"));
    }

    #[test]
    fn a_table_last_in_the_template_is_cut_to_the_end() {
        let t = "A: 1\nResources:\n  X:\n    Type: T\n  RateLimitsTable:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n\n";
        assert_eq!(
            import_template(t).unwrap(),
            "A: 1\nResources:\n  RateLimitsTable:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n"
        );
    }

    #[test]
    fn no_table_no_import_template() {
        assert_eq!(import_template("Resources:\n  X:\n    Type: T\n"), None);
        assert_eq!(import_template("Parameters: {}\n"), None);
    }
}
