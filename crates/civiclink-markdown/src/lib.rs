//! What members write (bios now, posts later) is markdown. It is rendered with pulldown-cmark
//! and the HTML is then cleaned by ammonia, which keeps a small allow-list of tags and drops
//! scripts, event handlers, styles, raw HTML it does not know and every URL scheme but http,
//! https and mailto. Links get `rel="nofollow noopener noreferrer"`. Images are not allowed:
//! they would let a writer track who reads.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

/// Renders markdown to HTML that is safe to put in a page as is.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let parser = Parser::new_ext(markdown, options);
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    sanitize(&raw)
}

fn sanitize(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(schemes)
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_renders() {
        assert_eq!(render("**GIS** lead"), "<p><strong>GIS</strong> lead</p>\n");
        let html = render("[site](https://example.org)");
        assert!(html.contains(r#"href="https://example.org""#));
        assert!(html.contains(r#"rel="nofollow noopener noreferrer""#));
    }

    #[test]
    fn scripts_and_dangerous_links_are_neutralised() {
        for attack in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div onclick=\"alert(1)\">x</div>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "![t](https://tracker.example/p.gif)",
        ] {
            let html = render(attack);
            let lower = html.to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "onclick",
                "<iframe",
                "<style",
                "data:",
                "<img",
            ] {
                assert!(!lower.contains(bad), "{attack:?} gave {html:?}");
            }
        }
    }

    #[test]
    fn headings_are_demoted_out_of_the_page_outline() {
        // Members' h1/h2 would break the page's heading order; ammonia drops them to text.
        assert!(!render("# Big").contains("<h1"));
        assert!(render("### Small").contains("<h3>"));
    }
}
