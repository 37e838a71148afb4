//! `serve`: builds the site, serves it on 127.0.0.1, and rebuilds when a source of the site
//! changes. Open pages reload themselves; a failed rebuild keeps the last good site and
//! shows its errors over the page until they are fixed.
//!
//! The server is axum on a small tokio runtime: files are streamed by tower-http's `ServeDir`
//! (a 100 MB download never sits in memory), a page waiting for the next build is a future,
//! not a thread, requests in flight are bounded, and accept errors such as running out of file
//! descriptors are waited out instead of ending the server. Only `Host: localhost` (or a
//! loopback address) is answered unless `--bind` names another address, so a web page cannot
//! reach the preview through DNS rebinding.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::cmd::report;
use crate::error::Error;
use crate::render::RenderCache;
use crate::script_json::script_json;
use crate::site::{self, BuildOptions};

/// The endpoint open pages long-poll for a new build.
const RELOAD_PATH: &str = "/__crabsnake/reload";
/// How long one long-poll waits before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Files being sent at once; more requests wait their turn.
const MAX_REQUESTS: usize = 64;
/// Pages waiting for the next build at once; more are told to come back later.
const MAX_POLLS: usize = 512;
/// How long the sources must be quiet before a rebuild starts: editors save in bursts of a
/// few milliseconds, and every millisecond here is one more before the page reloads.
const QUIET: Duration = Duration::from_millis(10);

/// The script added to served pages only (never to the built files). It reads its data from
/// the JSON element before it, so no error text is ever pasted into script code.
const RELOAD_SCRIPT: &str = r#"<script>
(() => {
  const data = JSON.parse(document.getElementById('crabsnake-reload').textContent);
  let version = data.version;
  const overlay = (errors) => {
    let box = document.getElementById('crabsnake-errors');
    if (!errors) { box?.remove(); return; }
    if (!box) {
      box = document.createElement('pre');
      box.id = 'crabsnake-errors';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:99;margin:0;padding:1rem;background:#2d0b0b;color:#ffd7d7;border:2px solid #ff7b72;border-radius:8px;white-space:pre-wrap;font:0.85rem/1.5 ui-monospace,monospace';
      document.body.appendChild(box);
    }
    box.textContent = 'The last rebuild failed; this page shows the last good build.\n\n' + errors;
  };
  const poll = () => {
    fetch(data.path + '?v=' + version).then((r) => {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then((s) => {
      if (s.version !== version && !s.errors) { location.reload(); return; }
      version = s.version;
      overlay(s.errors);
      poll();
    }).catch(() => setTimeout(poll, 1000));
  };
  overlay(data.errors);
  poll();
})();
</script>"#;

/// Where to listen.
#[derive(Debug, Clone, Copy)]
pub struct Listen {
    pub port: u16,
    /// `None`: 127.0.0.1, answering only requests addressed to the local machine.
    pub bind: Option<IpAddr>,
}

/// What the server shares between its requests and the watcher.
struct ServeState {
    options: BuildOptions,
    /// Pages of the last build, reused for the chapters an edit did not touch.
    cache: std::sync::Mutex<RenderCache>,
    status: watch::Sender<BuildStatus>,
    /// Requests sending files now.
    requests: Semaphore,
    /// Pages waiting for the next build now.
    polls: Semaphore,
    /// Any Host is answered (the user bound a non-loopback address on purpose).
    any_host: bool,
    /// The sources' watcher, once it runs, and the folders outside the site it follows.
    watch: std::sync::Mutex<Outside>,
}

/// Folders outside the site that builds read from (a book's includes from the repository
/// around it), each watched on its own, not recursively, as soon as a build has read it.
#[derive(Default)]
struct Outside {
    watcher: Option<notify::RecommendedWatcher>,
    wanted: std::collections::BTreeSet<PathBuf>,
    watched: std::collections::BTreeSet<PathBuf>,
}

impl Outside {
    /// Watches every wanted folder not watched yet.
    fn follow(&mut self) {
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        for folder in &self.wanted {
            if !self.watched.contains(folder)
                && watcher.watch(folder, RecursiveMode::NonRecursive).is_ok()
            {
                self.watched.insert(folder.clone());
            }
        }
    }
}

/// The latest build: a version that grows with every rebuild, and its errors if it failed.
#[derive(Clone, Debug, Default, Serialize)]
struct BuildStatus {
    version: u64,
    errors: Option<String>,
}

impl ServeState {
    /// Rebuilds after `changed` files changed, and tells waiting pages. Only chapters'
    /// Markdown files are known to affect their own page alone; any other change (a snippet,
    /// a decision table, a template, `site.toml`) renders every page again.
    fn rebuild(&self, changed: &[PathBuf]) {
        let first = self.status.borrow().version == 0;
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let content = self.options.root.join("content");
        // A book's chapters may include each other's files ({{#include}} anywhere), and
        // SUMMARY.md is a Markdown file that orders every page: any change renders all.
        let chapters_only = !crate::book::is_book(&self.options.root)
            && changed
                .iter()
                .all(|p| p.starts_with(&content) && p.extension().is_some_and(|e| e == "md"));
        if !chapters_only {
            cache.forget();
        }
        let errors = match site::build_with(&self.options, Some(&mut cache)) {
            Ok(summary) => {
                let mut outside = self.watch.lock().unwrap_or_else(|e| e.into_inner());
                outside.wanted.extend(summary.read_outside.iter().cloned());
                outside.follow();
                drop(outside);
                report(&summary.diagnostics);
                let verb = if first { "built" } else { "rebuilt" };
                println!(
                    "{verb} {} pages in {} ms",
                    summary.pages, summary.elapsed_ms
                );
                if std::env::var_os("CRABSNAKE_TIMINGS").is_some() {
                    print!("{}", summary.timings);
                }
                None
            }
            Err(failure) => {
                report(&failure.diagnostics);
                let mut text: Vec<String> = failure
                    .diagnostics
                    .sorted()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                if !matches!(failure.error, Error::Input { .. }) {
                    eprintln!("error: {}", failure.error);
                    text.push(failure.error.to_string());
                }
                eprintln!("error: rebuild failed; still serving the last good build");
                Some(text.join("\n"))
            }
        };
        self.status.send_modify(|s| {
            s.version += 1;
            s.errors = errors;
        });
    }

    /// Only requests addressed to this machine by name or loopback address are answered.
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        if self.any_host {
            return true;
        }
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        is_local_host(host)
    }
}

/// `localhost`, `127.0.0.1`, `[::1]` and other loopback addresses, with or without a port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Runs the preview server until the process is stopped.
pub fn run(options: BuildOptions, listen: Listen) -> i32 {
    let ip = listen.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener = match std::net::TcpListener::bind(SocketAddr::new(ip, listen.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {ip}:{}: {e}", listen.port);
            return 1;
        }
    };
    // Serve only an output directory crabsnake owns: a refused --out is never published.
    if let Err(e) = crate::output::check_target(&options.out) {
        eprintln!("error: {e}");
        return 1;
    }
    // Code blocks are highlighted once per serve: an edit to prose costs no highlighting.
    crate::highlight::Highlighter::shared().remember(true);
    let state = Arc::new(ServeState {
        options,
        cache: Default::default(),
        status: watch::Sender::new(BuildStatus::default()),
        requests: Semaphore::new(MAX_REQUESTS),
        polls: Semaphore::new(MAX_POLLS),
        any_host: !ip.is_loopback(),
        watch: Default::default(),
    });
    state.rebuild(&[]);
    let owned = state.options.out.join(crate::output::MARKER).is_file();
    if state.status.borrow().errors.is_some() && !owned {
        eprintln!("error: the first build failed and there is no earlier build to serve");
        return 1;
    }
    match watch_sources(Arc::clone(&state)) {
        Ok(watcher) => {
            let mut outside = state.watch.lock().unwrap_or_else(|e| e.into_inner());
            outside.watcher = Some(watcher);
            outside.follow();
        }
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", state.options.root.display());
            return 1;
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(MAX_REQUESTS)
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let addr = listener
        .local_addr()
        .map_or_else(|_| format!("{ip}:{}", listen.port), |a| a.to_string());
    println!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        state.options.out.display()
    );
    let served = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(RELOAD_PATH, get(reload))
            .fallback(page)
            .with_state(state);
        axum::serve(listener, app).await
    });
    match served {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            1
        }
    }
}

/// The query of a long-poll: the version the page shows.
#[derive(Deserialize)]
struct Poll {
    #[serde(default)]
    v: u64,
}

/// Answers when the build differs from the page's version, or after [`POLL_WAIT`].
async fn reload(
    State(state): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(poll): Query<Poll>,
) -> Response {
    if !state.host_allowed(&headers) {
        return forbidden();
    }
    let Ok(_waiting) = state.polls.try_acquire() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "too many open pages").into_response();
    };
    let mut changes = state.status.subscribe();
    if changes.borrow_and_update().version == poll.v {
        let _ = tokio::time::timeout(POLL_WAIT, changes.changed()).await;
    }
    let status = changes.borrow().clone();
    let body = serde_json::to_string(&status).unwrap_or_else(|_| "{}".into());
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A file of the output: pages with the reload script added, everything else streamed.
async fn page(State(state): State<Arc<ServeState>>, request: Request) -> Response {
    if !state.host_allowed(request.headers()) {
        return forbidden();
    }
    let Ok(_sending) = state.requests.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let out = &state.options.out;
    match resolve(out, request.uri().path()) {
        Some(file) if file.extension().is_some_and(|e| e == "html") => {
            match tokio::fs::read(&file).await {
                Ok(html) => html_response(StatusCode::OK, &html, &state),
                Err(e) => read_error(&file, &e),
            }
        }
        Some(_) => match ServeDir::new(out).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        },
        None => {
            let html = tokio::fs::read(out.join("404.html"))
                .await
                .unwrap_or_default();
            html_response(StatusCode::NOT_FOUND, &html, &state)
        }
    }
}

fn html_response(code: StatusCode, html: &[u8], state: &ServeState) -> Response {
    let body = inject(html, &state.status.borrow());
    (
        code,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A file that exists but cannot be read is an error, never an empty page.
fn read_error(file: &Path, e: &std::io::Error) -> Response {
    eprintln!("error: cannot read {}: {e}", file.display());
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("cannot read {}: {e}", file.display()),
    )
        .into_response()
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "crabsnake serve answers only requests for localhost; use --bind to serve others",
    )
        .into_response()
}

/// Watches the site's sources (not the output) and rebuilds after each burst of changes.
fn watch_sources(state: Arc<ServeState>) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    let root = state.options.root.clone();
    let out = state.options.out.clone();
    // The root itself for site.toml, and each source folder in it: never the output, so
    // serving files (which reads them) makes no events at all.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for entry in std::fs::read_dir(&root)?.flatten() {
        let path = entry.path();
        if path.is_dir() && is_source(&root, &out, &path) {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    std::thread::spawn(move || {
        // Reading files makes access events too; only writes, creations and removals count.
        let relevant = |event: &notify::Result<notify::Event>| {
            event.as_ref().is_ok_and(|e| {
                !e.kind.is_access()
                    && e.paths.iter().any(|p| {
                        is_source(&root, &out, p) || {
                            let outside = state.watch.lock().unwrap_or_else(|e| e.into_inner());
                            p.parent().is_some_and(|f| outside.watched.contains(f))
                        }
                    })
            })
        };
        let paths =
            |event: notify::Result<notify::Event>| event.map(|e| e.paths).unwrap_or_default();
        while let Ok(event) = rx.recv() {
            if !relevant(&event) {
                continue;
            }
            let mut changed = paths(event);
            // Wait for the sources to be quiet; events that do not count do not delay it.
            let mut quiet_at = Instant::now() + QUIET;
            loop {
                let left = quiet_at.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(e) if relevant(&e) => {
                        changed.extend(paths(e));
                        quiet_at = Instant::now() + QUIET;
                    }
                    Ok(_) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            state.rebuild(&changed);
        }
    });
    Ok(watcher)
}

/// True for files whose change can change the site: not the output, build dirs or dotfiles.
fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    use crate::output::resolved;
    let (root, out, path) = (resolved(root), resolved(out), resolved(path));
    if path.starts_with(&out) {
        return false;
    }
    let rel = path.strip_prefix(&root).unwrap_or(&path);
    !rel.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || c == "target" || c == "node_modules"
    })
}

/// Maps a URL path to a file under `out`; `None` for anything missing or outside it.
fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::markdown::links::percent_decode(url_path);
    let mut file = out.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

/// Adds the reload data and script before `</body>`.
fn inject(html: &[u8], status: &BuildStatus) -> Vec<u8> {
    #[derive(Serialize)]
    struct Data<'a> {
        version: u64,
        errors: &'a Option<String>,
        path: &'a str,
    }
    let data = script_json(&Data {
        version: status.version,
        errors: &status.errors,
        path: RELOAD_PATH,
    });
    let script = format!(
        "<script type=\"application/json\" id=\"crabsnake-reload\">{data}</script>{RELOAD_SCRIPT}"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_files_and_refuses_to_leave_the_output() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("index.html"), "i").unwrap();
        std::fs::write(d.path().join("a b.html"), "a").unwrap();
        assert_eq!(resolve(d.path(), "/"), Some(d.path().join("index.html")));
        assert_eq!(
            resolve(d.path(), "/a%20b.html"),
            Some(d.path().join("a b.html"))
        );
        assert_eq!(resolve(d.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(d.path(), "/missing.html"), None);
    }

    /// The JSON element's text, parsed back the way the page script parses it.
    fn data_of(html: &str) -> serde_json::Value {
        let start = html.find("id=\"crabsnake-reload\">").unwrap() + 22;
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn reload_data_goes_before_the_body_end() {
        let status = BuildStatus {
            version: 7,
            errors: Some("a.md:1:1: error: x".into()),
        };
        let html = inject(b"<html><body><p>x</p></body></html>", &status);
        let text = String::from_utf8(html).unwrap();
        assert_eq!(data_of(&text)["version"], 7);
        assert_eq!(data_of(&text)["path"], RELOAD_PATH);
        assert!(text.ends_with("</script></body></html>"));
    }

    #[test]
    fn hostile_error_text_cannot_break_out_of_the_script() {
        let hostile = "a.md:1:1: error: <!--<script> </script><b> & VERSION ERRORS RELOAD \u{2028}";
        let status = BuildStatus {
            version: 3,
            errors: Some(hostile.into()),
        };
        let text = String::from_utf8(inject(b"<body></body>", &status)).unwrap();
        // One JSON element and one script, each closed once, and the text comes back whole.
        assert_eq!(text.matches("</script>").count(), 2, "{text}");
        assert!(!text.contains("<!--"));
        assert_eq!(data_of(&text)["errors"], hostile);
        assert_eq!(data_of(&text)["version"], 3);
    }

    #[test]
    fn only_local_hosts_are_answered() {
        for host in [
            "localhost",
            "localhost:3000",
            "127.0.0.1:80",
            "[::1]:3000",
            "LOCALHOST",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn output_and_hidden_folders_are_not_sources() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        assert!(!is_source(d.path(), &out, &out.join("index.html")));
        assert!(!is_source(d.path(), &out, &d.path().join(".git/index")));
        assert!(!is_source(d.path(), &out, &d.path().join("target/debug/x")));
        assert!(!is_source(
            d.path(),
            &out,
            &d.path().join(".public.tmp-1/a.html")
        ));
        assert!(is_source(d.path(), &out, &d.path().join("content/01-a.md")));
    }
}
