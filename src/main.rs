use clap::Parser;

fn main() -> std::process::ExitCode {
    newsclean::app::run(newsclean::cli::Cli::parse())
}
