//! The layers of `src/` import only downwards (docs/architecture.md): `cli` →
//! `ops` → `domain`, with `aws`, `report`, `error` and `interrupt` as plumbing
//! below them. A file that names a layer above its own fails here, and so does
//! a command that imports another command or calls AWS itself.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Lines of code (comments dropped) of every file under `src/<layer>` naming one of
/// `forbidden`, as `file:line: text`.
fn offences(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut found = vec![];
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_domain_imports_no_layer_above_or_below_it() {
    let found = offences(
        "domain",
        &["crate::cli", "crate::ops", "crate::aws", "aws_sdk_"],
    );
    assert!(
        found.is_empty(),
        "the domain must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn aws_access_names_no_command_operation_or_domain() {
    let found = offences("aws", &["crate::cli", "crate::ops", "crate::domain"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn operations_name_no_command() {
    let found = offences("ops", &["crate::cli", "super::super"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_command_imports_another_command() {
    let commands: Vec<String> =
        rust_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/cli"))
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .filter(|n| n != "mod" && n != "stack_args")
            .collect();
    let mut patterns: Vec<String> = vec![];
    for c in &commands {
        patterns.push(format!("super::{c}::"));
        patterns.push(format!("crate::cli::{c}::"));
    }
    let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let found: Vec<String> = offences("cli", &refs)
        .into_iter()
        .filter(|l| !l.contains("src/cli/mod.rs"))
        .collect();
    assert!(
        found.is_empty(),
        "commands share through cli/mod.rs, cli/stack_args.rs or below, never each other:\n{}",
        found.join("\n")
    );
}

/// The names of the SDK client accessors of `crate::aws::Aws` (`cfn`, `ddb`, …),
/// read from `src/aws/mod.rs` so that a client added there is covered too.
fn client_accessors() -> Vec<String> {
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/aws/mod.rs"))
            .unwrap();
    text.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("pub fn ")?;
            let (name, sig) = rest.split_once('(')?;
            sig.contains("-> aws_sdk_").then(|| name.to_string())
        })
        .collect()
}

#[test]
fn commands_name_no_sdk_and_call_no_aws_client() {
    let clients = client_accessors();
    assert!(
        clients.len() >= 5,
        "expected the client accessors of crate::aws::Aws, found {clients:?}"
    );
    // Loading the configuration (`crate::aws::Aws::load`, a target per region) is
    // not an AWS call; calling a client is.
    let mut patterns: Vec<String> = vec!["aws_sdk_".into()];
    for c in &clients {
        patterns.push(format!(".{c}()"));
    }
    let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let found = offences("cli", &refs);
    assert!(
        found.is_empty(),
        "commands call operations; the AWS calls and the SDK types live in ops/ and aws/:\n{}",
        found.join("\n")
    );
}
