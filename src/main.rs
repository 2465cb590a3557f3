//! The `ozg` command-line tool. All work is done by the library; this file
//! only hands over to the command-line layer.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
