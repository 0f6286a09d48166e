//! `lambda-export`: write the aggregator's deployment package, or describe it.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::OutputArgs;
use crate::error::{Error, Result};
use crate::ops::aggregator;

/// Arguments of `lambda-export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the zip.
    #[arg(
        short = 'o',
        long = "output-file",
        value_name = "FILE",
        default_value = "lambda.zip"
    )]
    pub output_file: PathBuf,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Describe the package (files, size, SHA-256) without writing it.
    #[arg(long)]
    pub info: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// What `--info` reports.
#[derive(Debug, Serialize)]
pub struct PackageInfo {
    /// Tool (and aggregator) version.
    pub version: String,
    /// Files in the zip.
    pub files: Vec<String>,
    /// The handler the template names.
    pub handler: String,
    /// Size in bytes.
    pub size_bytes: usize,
    /// SHA-256, base64, as Lambda reports `CodeSha256`.
    pub code_sha256: String,
}

impl fmt::Display for PackageInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "aggregator package {}", self.version)?;
        writeln!(f, "  files:       {}", self.files.join(", "))?;
        writeln!(f, "  handler:     {}", self.handler)?;
        writeln!(f, "  size:        {} bytes", self.size_bytes)?;
        writeln!(f, "  code sha256: {}", self.code_sha256)
    }
}

impl Args {
    /// Writes or describes the package.
    pub fn run(self) -> Result<i32> {
        let zip = aggregator::package();
        if self.info {
            let info = PackageInfo {
                version: env!("CARGO_PKG_VERSION").to_string(),
                files: vec![aggregator::HANDLER_FILE.to_string()],
                handler: aggregator::HANDLER.to_string(),
                size_bytes: zip.len(),
                code_sha256: aggregator::code_sha256(&zip),
            };
            crate::report::emit(self.output.output, &info)?;
            return Ok(0);
        }
        let path = &self.output_file;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true);
        if self.force {
            opts.create(true).truncate(true);
        } else {
            opts.create_new(true);
        }
        let mut file = opts.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::failure(format!(
                    "{} already exists; it was left untouched",
                    path.display()
                ))
                .hint("pass --force to overwrite it, or -o to write elsewhere")
            } else {
                Error::failure(format!("could not create {}: {e}", path.display()))
            }
        })?;
        file.write_all(&zip)
            .map_err(|e| Error::failure(format!("could not write {}: {e}", path.display())))?;
        crate::report::note(format!(
            "wrote {} ({} bytes, CodeSha256 {})",
            path.display(),
            zip.len(),
            aggregator::code_sha256(&zip)
        ));
        Ok(0)
    }
}
