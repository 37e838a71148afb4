//! `serve`: builds the site, serves it on 127.0.0.1, and rebuilds when a file of the site
//! changes. Open pages reload themselves; a failed rebuild keeps the last good site and
//! shows its errors over the page until they are fixed.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server};

use crate::cmd::report;
use crate::error::Error;
use crate::site::{self, BuildOptions};

/// The endpoint open pages long-poll for a new build.
const RELOAD_PATH: &str = "/__crabsnake/reload";
/// How long one long-poll waits before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(25);

/// The script added to served pages only (never to the built files).
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var version = VERSION;
  var initialErrors = ERRORS;
  function overlay(errors) {
    var box = document.getElementById('crabsnake-errors');
    if (!errors) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement('pre');
      box.id = 'crabsnake-errors';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:99;margin:0;padding:1rem;background:#2d0b0b;color:#ffd7d7;border:2px solid #ff7b72;border-radius:8px;white-space:pre-wrap;font:0.85rem/1.5 ui-monospace,monospace';
      document.body.appendChild(box);
    }
    box.textContent = 'The last rebuild failed; this page shows the last good build.\n\n' + errors;
  }
  function poll() {
    fetch('RELOAD?v=' + version).then(function (r) { return r.json(); }).then(function (s) {
      if (s.version !== version && !s.errors) { location.reload(); return; }
      version = s.version;
      overlay(s.errors);
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  overlay(initialErrors);
  poll();
})();
</script>"#;

/// What the server shares between its request threads and the watcher.
struct ServeState {
    options: BuildOptions,
    status: Mutex<BuildStatus>,
    changed: Condvar,
}

/// The latest build: a version that grows with every rebuild, and its errors if it failed.
#[derive(Clone, Debug, Default)]
struct BuildStatus {
    version: u64,
    errors: Option<String>,
}

impl ServeState {
    /// Rebuilds and tells waiting pages.
    fn rebuild(&self) {
        let errors = match site::build(&self.options) {
            Ok(summary) => {
                report(&summary.diagnostics);
                println!(
                    "{} {} pages in {} ms",
                    if self.status().version == 0 {
                        "built"
                    } else {
                        "rebuilt"
                    },
                    summary.pages,
                    summary.elapsed_ms
                );
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
        let mut status = self.status.lock().unwrap_or_else(|p| p.into_inner());
        status.version += 1;
        status.errors = errors;
        self.changed.notify_all();
    }

    fn status(&self) -> BuildStatus {
        self.status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Waits until the version differs from `seen`, or the poll times out.
    fn wait_for_change(&self, seen: u64) -> BuildStatus {
        let guard = self.status.lock().unwrap_or_else(|p| p.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, POLL_WAIT, |s| s.version == seen)
            .unwrap_or_else(|p| p.into_inner());
        guard.clone()
    }
}

/// Runs the preview server until the process is stopped.
pub fn run(options: BuildOptions, port: u16) -> i32 {
    let server = match Server::http(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return 1;
        }
    };
    let state = Arc::new(ServeState {
        options,
        status: Mutex::new(BuildStatus::default()),
        changed: Condvar::new(),
    });
    // Serve only an output directory crabsnake owns: a refused --out is never published.
    if let Err(e) = crate::output::check_target(&state.options.out) {
        eprintln!("error: {e}");
        return 1;
    }
    state.rebuild();
    let owned = state.options.out.join(crate::output::MARKER).is_file();
    if state.status().errors.is_some() && !owned {
        eprintln!("error: the first build failed and there is no earlier build to serve");
        return 1;
    }
    let _watcher = match watch(Arc::clone(&state)) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", state.options.root.display());
            return 1;
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map_or_else(|| format!("127.0.0.1:{port}"), |a| a.to_string());
    println!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        state.options.out.display()
    );
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || handle(&state, request));
    }
    0
}

/// Watches the site's sources (not the output) and rebuilds after each burst of changes.
fn watch(state: Arc<ServeState>) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    let root = state.options.root.clone();
    watcher.watch(&root, RecursiveMode::Recursive)?;
    let out =
        std::fs::canonicalize(&state.options.out).unwrap_or_else(|_| state.options.out.clone());
    std::thread::spawn(move || {
        while let Ok(event) = rx.recv() {
            // Reading files makes access events too; only writes, creations and removals count.
            let relevant = |e: &notify::Event| {
                !e.kind.is_access() && e.paths.iter().any(|p| is_source(&root, &out, p))
            };
            if !event.is_ok_and(|e| relevant(&e)) {
                continue;
            }
            // Editors write in bursts: wait for quiet before building.
            while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
            state.rebuild();
        }
    });
    Ok(watcher)
}

/// True for files whose change can change the site: not the output, build dirs or dotfiles.
fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if path.starts_with(out) {
        return false;
    }
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let rel = path.strip_prefix(&root).unwrap_or(&path);
    !rel.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || c == "target" || c == "node_modules"
    })
}

fn handle(state: &ServeState, request: Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == RELOAD_PATH {
        let seen = query
            .strip_prefix("v=")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let status = state.wait_for_change(seen);
        let body =
            serde_json::json!({ "version": status.version, "errors": status.errors }).to_string();
        let _ = request.respond(with_type(Response::from_string(body), "application/json"));
        return;
    }
    let Some(file) = resolve(&state.options.out, path) else {
        let page = std::fs::read(state.options.out.join("404.html")).unwrap_or_default();
        let body = inject(&page, &state.status());
        let _ = request.respond(
            with_type(Response::from_data(body), "text/html; charset=utf-8").with_status_code(404),
        );
        return;
    };
    let data = std::fs::read(&file).unwrap_or_default();
    let mime = mime_type(&file);
    let data = if mime.starts_with("text/html") {
        inject(&data, &state.status())
    } else {
        data
    };
    let response = Response::new(
        200.into(),
        Vec::new(),
        Cursor::new(data.clone()),
        Some(data.len()),
        None,
    );
    let _ = request.respond(with_type(response, mime));
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

/// Adds the reload script before `</body>`.
fn inject(html: &[u8], status: &BuildStatus) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    // JSON is valid JavaScript; `</` is escaped so an error cannot close the script.
    let errors = serde_json::to_string(&status.errors)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/");
    let script = RELOAD_SCRIPT
        .replace("VERSION", &status.version.to_string())
        .replace("ERRORS", &errors)
        .replace("RELOAD", RELOAD_PATH);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn with_type<R: std::io::Read>(response: Response<R>, mime: &str) -> Response<R> {
    match Header::from_bytes(&b"Content-Type"[..], mime.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
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

    #[test]
    fn reload_script_goes_before_the_body_end() {
        let status = BuildStatus {
            version: 7,
            errors: Some("a.md:1:1: error: </script>".into()),
        };
        let html = inject(b"<html><body><p>x</p></body></html>", &status);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("var version = 7;"));
        assert!(
            text.contains(r#"var initialErrors = "a.md:1:1: error: <\/script>";"#),
            "{text}"
        );
        assert!(text.contains(RELOAD_PATH));
        assert!(text.ends_with("</script></body></html>"));
    }

    #[test]
    fn output_and_hidden_folders_are_not_sources() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        assert!(!is_source(d.path(), &out, &out.join("index.html")));
        assert!(!is_source(d.path(), &out, &d.path().join(".git/index")));
        assert!(!is_source(d.path(), &out, &d.path().join("target/debug/x")));
        assert!(is_source(d.path(), &out, &d.path().join("content/01-a.md")));
    }
}
