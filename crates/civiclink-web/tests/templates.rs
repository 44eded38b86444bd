//! Templates hold no words of their own: every user-facing text comes from the catalogs
//! (`page.t("key")`), so French is never left behind. This test fails the build when a template
//! contains literal text between tags or in an attribute people read (aria-label, title, alt,
//! placeholder, label).

use std::path::{Path, PathBuf};

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            templates(&p, out);
        } else if p.extension().is_some_and(|x| x == "html" || x == "txt") {
            out.push(p);
        }
    }
}

/// Removes `open … close` spans, replacing each with `with`.
fn strip(s: &str, open: &str, close: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        match rest[i + open.len()..].find(close) {
            Some(j) => rest = &rest[i + open.len() + j + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn has_words(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Literal text found in one template: between tags, and in readable attributes.
fn literal_text(source: &str) -> Vec<String> {
    let s = strip(source, "{#", "#}", "");
    let s = strip(&s, "{%", "%}", " ");
    let s = strip(&s, "{{", "}}", " ");
    let mut found = Vec::new();
    // Entities such as &amp; are markup, not words.
    let mut text = String::new();
    let chars = s.chars();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in chars {
        match c {
            '<' => {
                if has_words(&strip(&text, "&", ";", "")) {
                    found.push(text.trim().to_owned());
                }
                text.clear();
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                for attr in [
                    "aria-label=\"",
                    "title=\"",
                    "alt=\"",
                    "placeholder=\"",
                    "label=\"",
                ] {
                    let mut rest = tag.as_str();
                    while let Some(i) = rest.find(attr) {
                        // Only whole attribute names (not data-title=…).
                        let before = rest[..i].chars().last();
                        let after = &rest[i + attr.len()..];
                        let value = after.split('"').next().unwrap_or("");
                        if before.is_none_or(char::is_whitespace) && has_words(value) {
                            found.push(format!("{attr}{value}\""));
                        }
                        rest = after;
                    }
                }
            }
            _ if in_tag => tag.push(c),
            _ => text.push(c),
        }
    }
    if has_words(&strip(&text, "&", ";", "")) {
        found.push(text.trim().to_owned());
    }
    found
}

#[test]
fn templates_contain_no_literal_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/templates");
    let mut files = Vec::new();
    templates(&root, &mut files);
    assert!(
        files.len() > 15,
        "no templates found under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for f in &files {
        let source = std::fs::read_to_string(f).unwrap_or_default();
        for text in literal_text(&source) {
            problems.push(format!("{}: {text:?}", f.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "literal text outside the catalogs:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_literal_text() {
    assert_eq!(
        literal_text("<p>{{ page.t(\"x\") }}</p>"),
        Vec::<String>::new()
    );
    assert_eq!(literal_text("<p>Hello</p>"), vec!["Hello".to_owned()]);
    assert_eq!(
        literal_text("<button aria-label=\"Approve\">{{ x }}</button>"),
        vec!["aria-label=\"Approve\"".to_owned()]
    );
    assert!(literal_text("<a href=\"/x?a=1&amp;b=2\">{{ y }}</a> · ◆").is_empty());
    assert!(literal_text("{# a comment with words #}<p>{% if x %}{% endif %}</p>").is_empty());
}
