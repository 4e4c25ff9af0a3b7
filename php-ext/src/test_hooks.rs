//! Hidden functions the PHP tests use (built with the `test-hooks` feature only).

use std::cell::Cell;

use ext_php_rs::prelude::*;

use crate::error::guarded;

/// Panics inside the boundary, to prove the caller gets an `InternalException`.
#[php_function]
#[php(name = "LibInvoice\\__debug_panic")]
pub fn debug_panic() -> PhpResult<()> {
    guarded(|| panic!("deliberate panic from LibInvoice\\__debug_panic"))
}

thread_local! {
    static JSON_READS: Cell<i64> = const { Cell::new(0) };
}

/// An array argument was read through `json_encode` because the in-place reader declined it.
pub fn count_json_read() {
    JSON_READS.set(JSON_READS.get() + 1);
}

/// How many array arguments took the JSON route so far: the tests prove with it which inputs
/// are read in place (a decline is otherwise invisible, only slower).
#[php_function]
#[php(name = "LibInvoice\\__debug_json_reads")]
pub fn debug_json_reads() -> i64 {
    JSON_READS.get()
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(debug_panic))
        .function(wrap_function!(debug_json_reads))
}
