//! The `upplint` command: parses arguments and hands over to the library.

fn main() -> std::process::ExitCode {
    upplint::cli::main()
}
