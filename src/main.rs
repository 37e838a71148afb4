//! The command line: parses arguments, runs one command, sets the exit code
//! (0 ok, 1 problems in the site's input, 2 usage).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use crabsnake::cmd;
use crabsnake::site::BuildOptions;

/// Build a documentation site from Markdown chapters in content/.
#[derive(Parser, Debug)]
#[command(name = "crabsnake", version, about, long_about = None)]
struct Cli {
    /// The site directory (holding site.toml, content/, templates/, static/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where build and serve write the site [default: ROOT/public].
    #[arg(long, global = true, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Where the site is published (https://user.github.io/repo/), for the sitemap, canonical
    /// links and link previews [default: site.toml's base_url].
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Highlight every code block and check every Python fragment again, without the build
    /// cache (kept in $CRABSNAKE_CACHE_DIR, else $XDG_CACHE_HOME/crabsnake, else
    /// ~/.cache/crabsnake).
    #[arg(long, global = true)]
    no_cache: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output directory (the default command).
    Build {
        /// Include chapters marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Do the whole build without writing; report every problem; exit 1 if any.
    Check {
        /// Include chapters marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change; open pages reload themselves.
    Serve {
        /// The port to listen on.
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on (default 127.0.0.1). Any other address also answers
        /// requests for other host names, so only use it on a network you trust.
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// Include chapters marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Compile and run every chapter's Rust blocks (as `mdbook test` does, rustdoc's
    /// attributes honoured) and run its `pycon` blocks as Python doctests.
    Test {
        /// A folder of compiled libraries for `extern crate` (rustc's -L; repeatable).
        #[arg(short = 'L', long = "library-path", value_name = "DIR")]
        library_paths: Vec<PathBuf>,
        /// Seconds a test program may run before it is stopped and counts as failed.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Only the chapters whose path contains this text.
        #[arg(long, value_name = "TEXT")]
        chapter: Option<String>,
    },
    /// Write content/NN-title.md for a new chapter (never overwrites).
    New {
        /// The chapter's title.
        title: String,
    },
}

fn main() {
    let cli = Cli::parse();
    // A book writes where mdBook would (`book/`, or its build-dir); a site to `public/`.
    let out = cli.out.clone().unwrap_or_else(|| {
        if crabsnake::book::is_book(&cli.root) {
            crabsnake::book::default_out(&cli.root)
        } else {
            cli.root.join("public")
        }
    });
    let options = |drafts: bool, write: bool| BuildOptions {
        root: cli.root.clone(),
        out: out.clone(),
        drafts,
        write,
        keep_files: false,
        base_url: cli.base_url.clone(),
        cache_dir: if cli.no_cache {
            None
        } else {
            crabsnake::cache::default_dir()
        },
    };
    // Run in the wrong folder, every file would be "missing": say the one thing that is wrong.
    if !cli.root.join("site.toml").is_file()
        && !cli.root.join("content").is_dir()
        && !crabsnake::book::is_book(&cli.root)
    {
        let shown = std::path::absolute(&cli.root).unwrap_or_else(|_| cli.root.clone());
        eprintln!(
            "error: {} is not a crabsnake site or an mdBook book (no site.toml, no content/, no \
             book.toml): run crabsnake from the site's folder, or pass --root DIR",
            shown.display()
        );
        std::process::exit(2);
    }
    let code = match cli.command {
        None => cmd::build::run(&options(false, true), false),
        Some(Command::Build { drafts, timings }) => {
            cmd::build::run(&options(drafts, true), timings)
        }
        Some(Command::Check { drafts, timings }) => {
            cmd::build::run(&options(drafts, false), timings)
        }
        Some(Command::Serve { port, bind, drafts }) => {
            cmd::serve::run(options(drafts, true), cmd::serve::Listen { port, bind })
        }
        Some(Command::Test {
            library_paths,
            timeout,
            chapter,
        }) => cmd::test::run(&crabsnake::doctest::TestOptions {
            root: cli.root.clone(),
            library_paths,
            timeout: std::time::Duration::from_secs(timeout),
            filter: chapter,
        }),
        Some(Command::New { title }) => cmd::new::run(&cli.root, &title),
    };
    std::process::exit(code);
}
