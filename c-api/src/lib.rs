//! libinvoice's C ABI: `libinvoice.so` / `libinvoice.a` with `include/libinvoice.h`.
//!
//! A thin face over `libinvoice-core`: it converts types and errors and catches panics, nothing
//! else. The conventions every function follows are stated once, in the header's preamble
//! (cbindgen.toml): strings in as pointer + length (UTF-8), results through out-parameters,
//! NULL for a required pointer gives `INVOICE_RESULT_NULL_PARAMETER`, every `_free` accepts
//! NULL, and `invoice_last_error_message()` explains any result other than OK.
// The exported functions' safety contract is the header's conventions, stated once there.
#![allow(clippy::missing_safety_doc)]
// A C signature passes each string as two arguments.
#![allow(clippy::too_many_arguments)]

mod client;
mod document;
mod ffi;
mod memory;

pub use client::{invoice_client, invoice_persist_fn, invoice_selector};
pub use document::{invoice_document, invoice_order_format};
pub use ffi::invoice_result;

#[cfg(test)]
mod tests {
    #[test]
    fn the_header_carries_the_package_version() {
        let header = include_str!("../include/libinvoice.h");
        let expected = [
            ("MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
            ("MINOR", env!("CARGO_PKG_VERSION_MINOR")),
            ("PATCH", env!("CARGO_PKG_VERSION_PATCH")),
        ];
        for (part, number) in expected {
            let define = format!("#define LIBINVOICE_VERSION_{part} {number}\n");
            assert!(header.contains(&define), "missing `{define}`");
        }
        let version = format!(
            "#define LIBINVOICE_VERSION \"{}\"\n",
            env!("CARGO_PKG_VERSION")
        );
        assert!(header.contains(&version), "missing `{version}`");
    }
}
