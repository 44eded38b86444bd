//! The catalogs are compiled in by a macro that cargo cannot see reading them: without this, a
//! changed or new `.ftl` file would not rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=../../web/locales");
}
