//! `ozg completions SHELL`: prints the script that teaches a shell to
//! complete ozg's commands and options.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, EXIT_ERROR};

/// Print a completion script for your shell
///
/// Bash: `ozg completions bash > ~/.local/share/bash-completion/completions/ozg`
///
/// Zsh: `ozg completions zsh > ~/.zfunc/_ozg`, with `~/.zfunc` in `fpath`
///
/// Fish: `ozg completions fish > ~/.config/fish/completions/ozg.fish`
///
/// PowerShell: `ozg completions powershell >> $PROFILE`
///
/// Elvish: `ozg completions elvish >> ~/.config/elvish/rc.elv`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write the script for
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

pub fn run(args: &Args) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ozg", &mut script);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the completion script: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
