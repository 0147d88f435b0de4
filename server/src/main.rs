use clap::Parser;

fn main() {
    let cli = server::cli::Cli::parse();
    server::cli::init_logging();
    let runtime = tokio::runtime::Runtime::new().expect("cannot start the async runtime");
    // One clear line and a non-zero exit, never a backtrace: the operator
    // needs to know what is wrong and how to fix it.
    if let Err(e) = runtime.block_on(server::cli::run(cli)) {
        eprintln!("atlas: error: {e}");
        std::process::exit(1);
    }
}
