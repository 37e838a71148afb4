// ANCHOR: main
use std::io;
use std::os::unix::net::UnixListener;

fn main() -> io::Result<()> {
    let arg = std::env::args().nth(1);
    match arg.as_deref() {
        // `--stdio`: the same protocol over stdin and stdout, for a parent
        // process that talks to us through a pipe.
        Some("--stdio") => ch08_unix_socket::serve_lines(io::stdin().lock(), io::stdout().lock()),
        Some(path) => {
            let _ = std::fs::remove_file(path); // stale socket from a previous run
            let listener = UnixListener::bind(path)?;
            eprintln!("listening on {path}");
            ch08_unix_socket::serve(&listener)
        }
        None => {
            eprintln!("usage: ch08-unix-socket <socket-path> | --stdio");
            std::process::exit(2);
        }
    }
}
// ANCHOR_END: main
