//! `gen`: parse the command line and hand over to the library; the exit status is all that
//! happens here.

use clap::Parser;

fn main() -> std::process::ExitCode {
    hoego::cli::run(hoego::cli::Cli::parse())
}
