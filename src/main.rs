//! The `zae-limiter` binary: parse, run, turn the outcome into an exit code.

use clap::Parser;
use zae_limiter::cli::Cli;
use zae_limiter::error::exit;

fn main() {
    // Our errors are printed by us; a panic (a bug) still gets one plain line.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in zae-limiter: {info}");
        eprintln!("  hint: this is a bug; please report it with the command you ran");
    }));
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            std::process::exit(exit::FAILURE);
        }
    };
    let code = match runtime.block_on(cli.run()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
