//! The `ozg` command-line tool. All work is done by the library; this file
//! only hands over to the command-line layer.

mod cli;

// Linting and simulating build many small values on several threads at
// once; mimalloc serves those faster than the system allocator (about a
// fifth less CPU time for `ozg lint` on 10,000 services, see
// docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
