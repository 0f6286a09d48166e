//! Hidden `completions`: shell completions and the man page, generated from the
//! clap tree (committed under completions/ and docs/, kept in step by a test).

use clap::CommandFactory;

use crate::error::{Error, Result};

/// What to generate.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// bash completions.
    Bash,
    /// zsh completions.
    Zsh,
    /// fish completions.
    Fish,
    /// PowerShell completions.
    Powershell,
    /// elvish completions.
    Elvish,
    /// The man page (roff).
    Man,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shell (or `man`).
    #[arg(value_enum)]
    pub kind: Kind,
}

/// Renders completions or the man page to bytes.
pub fn render(kind: Kind) -> Result<Vec<u8>> {
    use clap_complete::Shell;
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    let shell = match kind {
        Kind::Bash => Shell::Bash,
        Kind::Zsh => Shell::Zsh,
        Kind::Fish => Shell::Fish,
        Kind::Powershell => Shell::PowerShell,
        Kind::Elvish => Shell::Elvish,
        Kind::Man => {
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Error::failure(format!("could not render the man page: {e}")))?;
            return Ok(out);
        }
    };
    clap_complete::generate(shell, &mut cmd, "zae-limiter", &mut out);
    Ok(out)
}

impl Args {
    /// Prints the generated text.
    pub fn run(self) -> Result<i32> {
        use std::io::Write;
        let bytes = render(self.kind)?;
        let _ = std::io::stdout().write_all(&bytes);
        Ok(0)
    }
}
