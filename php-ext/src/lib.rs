//! libinvoice's PHP extension (`extension=libinvoice`, namespace `LibInvoice\`).
//!
//! A thin face over `libinvoice-core`: it converts PHP values and the core's errors and catches
//! panics, nothing else. The PHP API is declared in `stubs/libinvoice.stub.php`, which a PHPUnit
//! test keeps in step with the loaded extension.

mod client;
mod document;
mod error;
mod php_value;
#[cfg(feature = "test-hooks")]
mod test_hooks;
mod values;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// libinvoice's version ("0.1.0").
#[php_function]
#[php(name = "LibInvoice\\version")]
pub fn version() -> &'static str {
    VERSION
}

/// The `libinvoice` section of `php -i` / `phpinfo()`.
// ext-php-rs's table macros expand to `unsafe` calls into PHP's info printer.
#[allow(unsafe_code, clippy::unwrap_used)]
extern "C" fn module_info(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("libinvoice support", "enabled");
    info_table_row!("version", VERSION);
    info_table_row!("ext-php-rs", "0.16");
    info_table_row!(
        "build",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    info_table_row!(
        "test hooks",
        if cfg!(feature = "test-hooks") {
            "compiled in"
        } else {
            "absent"
        }
    );
    info_table_row!(
        "allocator",
        if cfg!(feature = "mimalloc") {
            "mimalloc"
        } else {
            "system"
        }
    );
    info_table_end!();
}

/// Registers the exception tree before anything can throw. A failure (or a panic, which must
/// not unwind into the engine) makes PHP report that the module could not start.
extern "C" fn startup(_type: i32, _module_number: i32) -> i32 {
    const SUCCESS: i32 = 0;
    const FAILURE: i32 = -1;
    match std::panic::catch_unwind(error::register_exceptions) {
        Ok(Ok(())) => SUCCESS,
        Ok(Err(_)) | Err(_) => FAILURE,
    }
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = module
        .name("libinvoice")
        .version(VERSION)
        .startup_function(startup)
        .info_function(module_info)
        .function(wrap_function!(version))
        .class::<client::Client>();
    let module = document::register(module);
    #[cfg(feature = "test-hooks")]
    let module = test_hooks::register(module);
    module
}

/// See the `mimalloc` feature (php-ext/Cargo.toml).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
