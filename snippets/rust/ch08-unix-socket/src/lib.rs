//! A tiny line-based service over a Unix domain socket, using only `std`.
//!
//! Protocol: one request per line, one reply per line.
//! `WORDS <text>` replies `OK <number of words>`,
//! `UPPER <text>` replies `OK <text in upper case>`,
//! anything else replies `ERR ...`.

use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::thread;

// ANCHOR: handle
/// Answer one request line. Pure, so it is easy to test and to reuse
/// behind a socket, a pipe or an HTTP handler.
pub fn handle(request: &str) -> String {
    let (command, argument) = request.split_once(' ').unwrap_or((request, ""));
    match command {
        "WORDS" => format!("OK {}", argument.split_whitespace().count()),
        "UPPER" => format!("OK {}", argument.to_uppercase()),
        other => format!("ERR unknown command {other:?}"),
    }
}
// ANCHOR_END: handle

// ANCHOR: serve
/// Read request lines from `input` and write one reply line per request
/// to `output` until the input ends. Works for a socket or for stdin/stdout.
pub fn serve_lines(input: impl io::Read, mut output: impl Write) -> io::Result<()> {
    for line in BufReader::new(input).lines() {
        let reply = handle(&line?);
        output.write_all(reply.as_bytes())?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}

/// Serve one client connection.
pub fn serve_connection(stream: UnixStream) -> io::Result<()> {
    let reader = stream.try_clone()?;
    serve_lines(reader, stream)
}

/// Accept connections forever, one thread per client.
pub fn serve(listener: &UnixListener) -> io::Result<()> {
    for stream in listener.incoming() {
        let stream = stream?;
        thread::spawn(move || {
            if let Err(error) = serve_connection(stream) {
                eprintln!("client error: {error}");
            }
        });
    }
    Ok(())
}
// ANCHOR_END: serve

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::thread;

    #[test]
    fn handles_each_command() {
        assert_eq!(handle("WORDS the quick brown fox"), "OK 4");
        assert_eq!(handle("WORDS"), "OK 0");
        assert_eq!(handle("UPPER crab snake"), "OK CRAB SNAKE");
        assert_eq!(
            handle("DELETE everything"),
            "ERR unknown command \"DELETE\""
        );
    }

    // ANCHOR: test
    #[test]
    fn round_trips_over_a_unix_socket() {
        let dir = std::env::temp_dir().join(format!("ch08-unix-socket-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("words.sock");
        let _ = std::fs::remove_file(&path); // a stale socket from an earlier run
        let listener = UnixListener::bind(&path).unwrap();

        // Serve exactly one connection in the background.
        let server = thread::spawn(move || {
            let (stream, _addr) = listener.accept().unwrap();
            serve_connection(stream).unwrap();
        });

        let mut client = UnixStream::connect(&path).unwrap();
        client
            .write_all(b"WORDS one two three\nUPPER hi\n")
            .unwrap();
        client.shutdown(std::net::Shutdown::Write).unwrap(); // no more requests

        let replies: Vec<String> = BufReader::new(&client)
            .lines()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(replies, ["OK 3", "OK HI"]);

        server.join().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // ANCHOR_END: test

    #[test]
    fn serves_a_socket_pair_without_touching_the_file_system() {
        let (client, server_side) = UnixStream::pair().unwrap();
        let server = thread::spawn(move || serve_connection(server_side).unwrap());
        (&client).write_all(b"FROB\n").unwrap();
        client.shutdown(std::net::Shutdown::Write).unwrap();
        let mut reply = String::new();
        BufReader::new(&client).read_line(&mut reply).unwrap();
        assert_eq!(reply, "ERR unknown command \"FROB\"\n");
        server.join().unwrap();
    }

    #[test]
    fn serves_plain_byte_streams_too() {
        let mut output = Vec::new();
        serve_lines(&b"WORDS a b\nUPPER ok\n"[..], &mut output).unwrap();
        assert_eq!(String::from_utf8(output).unwrap(), "OK 2\nOK OK\n");
    }
}
