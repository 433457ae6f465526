//! The `newsclean` command: everything it does is in the library's `app` module.

fn main() -> std::process::ExitCode {
    newsclean::cli_main()
}
