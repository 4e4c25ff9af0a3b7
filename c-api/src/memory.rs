//! Releasing what libinvoice hands out, the library's version, and the last error.

use std::ffi::{CStr, CString, c_char};

use crate::ffi::{self, guarded};

/// libinvoice's version ("0.1.0"), equal to `LIBINVOICE_VERSION` in the header it was built
/// with. A static string: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn invoice_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => panic!("the package version contains a NUL byte"),
        };
    guarded(c"".as_ptr(), || VERSION.as_ptr())
}

/// Why the last call on this thread failed: NUL-terminated UTF-8, empty after a successful
/// call. It names the field path for bad input and the vendor code and message for a refusal,
/// and never contains the agent key. Valid until the next libinvoice call on this thread; do
/// not free it.
#[unsafe(no_mangle)]
pub extern "C" fn invoice_last_error_message() -> *const c_char {
    guarded(c"".as_ptr(), ffi::last_error_message)
}

/// The Számla Agent's error code (`hibakod`) behind the last failure on this thread, or 0 when
/// the service gave none.
#[unsafe(no_mangle)]
pub extern "C" fn invoice_last_error_vendor_code() -> u32 {
    guarded(0, ffi::last_error_vendor_code)
}

/// Frees a string libinvoice returned through an out-parameter; NULL is accepted and ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_string_free(string: *mut c_char) {
    guarded((), || {
        if !string.is_null() {
            // SAFETY: a non-NULL string came from `CString::into_raw` in this library and the
            // caller gives up its ownership here.
            drop(unsafe { CString::from_raw(string) });
        }
    });
}

/// Frees bytes libinvoice returned (a PDF) with their length; NULL is accepted and ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn invoice_bytes_free(bytes: *mut u8, len: usize) {
    guarded((), || {
        if !bytes.is_null() {
            // SAFETY: non-NULL bytes came from a boxed slice of exactly `len` bytes in this
            // library, and the caller gives up its ownership here.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(bytes, len)) });
        }
    });
}

/// Panics inside the boundary, so tests can prove a panic becomes `INVOICE_RESULT_PANIC` and
/// the process goes on. Only in builds with the `test-hooks` feature.
#[cfg(feature = "test-hooks")]
#[unsafe(no_mangle)]
pub extern "C" fn invoice_debug_panic() -> crate::invoice_result {
    ffi::boundary(|| panic!("deliberate panic from invoice_debug_panic"))
}
