use clap::Parser;

/// Searches allocate and free many small buffers per request; glibc's
/// allocator spent 13 % of a search's time doing it (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
