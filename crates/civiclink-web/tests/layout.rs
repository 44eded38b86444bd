//! The shape of the edge, checked on its source: the kit imports no capability, a capability's
//! folder imports no other's, and no file imports one that imports it back (directly or through
//! others). Imports are read as `crate::…` and `super::…` paths in the source text.

#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file of the crate by its path under `src/` without `.rs` (`kit/page`, `people/mod`, `lib`).
type Graph = BTreeMap<String, BTreeSet<String>>;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path a file defines: `kit/page` for `kit/page.rs`, `people` for `people/mod.rs`.
fn module_of(file: &str) -> String {
    file.strip_suffix("/mod").unwrap_or(file).to_owned()
}

/// The files `text` (the source of `file`) names, among `files`.
fn imports(file: &str, text: &str, files: &BTreeSet<String>) -> BTreeSet<String> {
    let module = module_of(file);
    let parent = match module.rsplit_once('/') {
        Some((p, _)) => p.to_owned(),
        None => String::new(),
    };
    // A mod.rs names its children by their bare names (`home::routes()`).
    let own_dir = if file.ends_with("/mod") || file == "lib" {
        module.clone()
    } else {
        String::new()
    };
    let mut found = BTreeSet::new();
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    for w in words {
        let parts: Vec<&str> = w.split("::").filter(|p| !p.is_empty()).collect();
        let (base, rest): (String, &[&str]) = match parts.first() {
            Some(&"crate") => (String::new(), &parts[1..]),
            Some(&"super") => (parent.clone(), &parts[1..]),
            Some(_) if !own_dir.is_empty() || file == "lib" => {
                let dir = if file == "lib" {
                    String::new()
                } else {
                    own_dir.clone()
                };
                (dir, &parts[..])
            }
            _ => continue,
        };
        // The longest prefix of the path that is a file of the crate.
        let mut best = None;
        let mut path = base.clone();
        for p in rest {
            path = if path.is_empty() {
                (*p).to_owned()
            } else {
                format!("{path}/{p}")
            };
            if files.contains(&path) {
                best = Some(path.clone());
            } else if files.contains(&format!("{path}/mod")) {
                best = Some(format!("{path}/mod"));
            }
        }
        match best {
            Some(target) if target != file => {
                found.insert(target);
            }
            // `crate::AppError` and the like: an item of the root.
            None if parts.first() == Some(&"crate") && file != "lib" => {
                found.insert("lib".to_owned());
            }
            _ => {}
        }
    }
    found
}

fn graph(src: &Path) -> Graph {
    let mut paths = Vec::new();
    sources(src, &mut paths);
    let name = |p: &Path| {
        p.strip_prefix(src)
            .expect("under src")
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/")
    };
    let files: BTreeSet<String> = paths.iter().map(|p| name(p)).collect();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read source");
            let file = name(p);
            let edges = imports(&file, &text, &files);
            (file, edges)
        })
        .collect()
}

/// A circle of imports, if there is one: the files along it.
fn circle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        at: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == at) {
            let mut c = stack[i..].to_vec();
            c.push(at.to_owned());
            return Some(c);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.to_owned());
        for next in g.get(at).into_iter().flatten() {
            if let Some(c) = visit(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(at.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|k| visit(g, k, &mut Vec::new(), &mut done))
}

fn folder(file: &str) -> Option<&str> {
    file.split_once('/').map(|(f, _)| f)
}

/// Imports that cross the lines: kit → a capability, one capability → another, or anything
/// but the root → the root.
fn crossings(g: &Graph) -> Vec<String> {
    let mut bad = Vec::new();
    for (from, tos) in g {
        for to in tos {
            let wrong = match (folder(from), folder(to)) {
                _ if to == "lib" => true,
                (Some("kit"), Some(t)) => t != "kit",
                (Some("kit"), None) => true,
                (Some(f), Some(t)) => t != "kit" && t != f,
                _ => false,
            };
            if wrong {
                bad.push(format!("{from} -> {to}"));
            }
        }
    }
    bad
}

#[test]
fn the_edge_has_no_import_circle_and_capabilities_stay_in_their_folders() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    assert!(
        g.contains_key("kit/page") && g.contains_key("people/mod"),
        "the layout was not read: {:?}",
        g.keys().collect::<Vec<_>>()
    );
    assert!(
        g["people/mod"].contains("people/home"),
        "a mod.rs's use of its children was not seen"
    );
    assert!(
        g["kit/page"].contains("kit/session"),
        "crate:: imports were not seen"
    );
    assert_eq!(circle(&g), None, "an import circle");
    assert_eq!(
        crossings(&g),
        Vec::<String>::new(),
        "imports across folders"
    );
}

#[test]
fn the_checks_see_a_circle_and_a_crossing() {
    let files: BTreeSet<String> = ["lib", "kit/mod", "kit/a", "kit/b", "people/mod", "people/x"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut g = Graph::new();
    g.insert(
        "kit/a".into(),
        imports("kit/a", "use crate::kit::b::Thing;", &files),
    );
    g.insert(
        "kit/b".into(),
        imports("kit/b", "fn f() { super::a::g() }", &files),
    );
    assert!(circle(&g).is_some(), "{g:?}");
    let mut h = Graph::new();
    h.insert(
        "kit/a".into(),
        imports("kit/a", "let _ = crate::people::x::f();", &files),
    );
    h.insert(
        "people/x".into(),
        imports("people/x", "use crate::AppState; // crate::kit::b", &files),
    );
    assert_eq!(
        crossings(&h),
        vec!["kit/a -> people/x".to_owned(), "people/x -> lib".to_owned()]
    );
}
