//! What a published site needs beyond its pages: `sitemap.xml` and `robots.txt` for search
//! engines, and the absolute URL of each page (canonical links, link previews). All of it
//! needs `base_url`; a site without one gets none of it rather than wrong addresses.

use std::path::PathBuf;

use crate::config::Config;

/// The absolute URL of a page of the site, when the site says where it is published.
pub fn absolute(config: &Config, url: &str) -> Option<String> {
    let base = config.base_url.trim();
    if base.is_empty() {
        return None;
    }
    let page = if url == "index.html" { "" } else { url };
    Some(format!("{}/{page}", base.trim_end_matches('/')))
}

/// `sitemap.xml` listing every page, and `robots.txt` pointing at it (unless the site has its
/// own `robots.txt`).
pub fn files(config: &Config, pages: &[String], own_robots: bool) -> Vec<(PathBuf, Vec<u8>)> {
    let Some(root) = absolute(config, "index.html") else {
        return Vec::new();
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        if let Some(url) = absolute(config, page) {
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&url)));
        }
    }
    xml.push_str("</urlset>\n");
    let mut out = vec![(PathBuf::from("sitemap.xml"), xml.into_bytes())];
    if !own_robots {
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {root}sitemap.xml\n");
        out.push((PathBuf::from("robots.txt"), robots.into_bytes()));
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base: &str) -> Config {
        Config {
            base_url: base.into(),
            ..crate::config::fallback()
        }
    }

    #[test]
    fn absolute_urls_need_a_base_and_index_is_the_root() {
        assert_eq!(absolute(&config(""), "a.html"), None);
        let c = config("https://user.github.io/repo");
        assert_eq!(
            absolute(&c, "a.html").as_deref(),
            Some("https://user.github.io/repo/a.html")
        );
        assert_eq!(
            absolute(&c, "index.html").as_deref(),
            Some("https://user.github.io/repo/")
        );
    }

    #[test]
    fn sitemap_lists_pages_and_robots_points_at_it() {
        let c = config("https://x.test/guide/");
        let f = files(&c, &["index.html".into(), "a&b.html".into()], false);
        let sitemap = String::from_utf8(f[0].1.clone()).unwrap();
        assert!(sitemap.contains("<loc>https://x.test/guide/</loc>"));
        assert!(sitemap.contains("<loc>https://x.test/guide/a&amp;b.html</loc>"));
        let robots = String::from_utf8(f[1].1.clone()).unwrap();
        assert!(robots.contains("Sitemap: https://x.test/guide/sitemap.xml"));
        assert_eq!(
            files(&c, &[], true).len(),
            1,
            "a site's own robots.txt wins"
        );
        assert!(files(&config(""), &[], false).is_empty());
    }
}
