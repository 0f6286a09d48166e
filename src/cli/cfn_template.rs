//! `cfn-template`: print (or write) the embedded CloudFormation template.

use std::path::PathBuf;

use crate::domain::stack::template::TEMPLATE;
use crate::error::{Error, Result};

/// Arguments of `cfn-template`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the template to FILE instead of stdout.
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

impl Args {
    /// Prints or writes the template; identical bytes either way.
    pub fn run(self) -> Result<i32> {
        match self.output_file {
            Some(path) => {
                std::fs::write(&path, TEMPLATE).map_err(|e| {
                    Error::failure(format!("could not write {}: {e}", path.display()))
                        .hint("check the directory exists and is writable")
                })?;
                crate::report::note(format!("wrote the template to {}", path.display()));
            }
            None => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                match out.write_all(TEMPLATE.as_bytes()).and_then(|_| out.flush()) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                    Err(e) => {
                        return Err(Error::failure(format!("could not write the template: {e}")))
                    }
                }
            }
        }
        Ok(0)
    }
}
