//! Gives `libinvoice.so` its versioned soname, so programs link against `libinvoice.so.MAJOR`.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".to_owned());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libinvoice.so.{major}");
    println!("cargo:rerun-if-changed=build.rs");
}
