//! The boundary every exported function goes through: panics caught, failures turned into an
//! `invoice_result` plus a thread-local message, arguments checked, outputs written.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use libinvoice_core::backend::agent::AgentError;
use libinvoice_core::backend::{BackendError, Unsupported};
use libinvoice_core::transport::TransportError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What every fallible libinvoice function returns. The numbers are stable and never reused:
/// 0 success; 1xx the call's arguments; 2xx the order, settings or mapping; 3xx the service
/// refused; 4xx reaching the service; 5xx the outcome must be settled later; 9xx libinvoice
/// itself. `invoice_last_error_message()` says why.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum invoice_result {
    Ok = 0,
    /// A required pointer argument was NULL.
    NullParameter = 100,
    /// A string argument was not UTF-8.
    InvalidUtf8 = 101,
    /// A JSON argument was malformed or not of the documented shape (the message names the
    /// field path).
    InvalidJson = 102,
    /// A value the operation cannot carry (an unknown enum number, a malformed tax number).
    InvalidArgument = 103,
    /// The order could not be read (the message names the field path).
    OrderUnreadable = 200,
    /// The settings could not be read or are invalid (the message names the field path).
    SettingsInvalid = 201,
    /// The order and settings cannot become an invoice (the message names the field path).
    MappingFailed = 202,
    /// The service refused; nothing was done. `invoice_last_error_vendor_code()` has its code.
    Refused = 300,
    /// The client's service cannot do this operation (PayBill and Számlahegy only issue, and
    /// Számlahegy reverses); nothing was sent. The message names the backend that can: the
    /// Számla Agent.
    Unsupported = 301,
    /// The client is misconfigured (unreadable CA file, bad endpoint).
    TransportConfig = 400,
    /// The request certainly did not reach the service; it is safe to try again.
    NotSent = 401,
    /// The request may have reached the service but no answer came back.
    AnswerUncertain = 402,
    /// The service answered with something that is not a readable answer.
    AnswerUnreadable = 403,
    /// The service may or may not have issued the document: call again with the stored record
    /// (libinvoice queries before anything is sent again).
    OutcomeUnknown = 500,
    /// The service asked to come back later; the outcome JSON says when.
    RetryLater = 501,
    /// Five sends without a definite answer: a human must decide.
    SendLimitReached = 502,
    /// The persist callback returned non-zero; keep the record the host last stored.
    PersistAborted = 503,
    /// A libinvoice bug (an output that cannot be represented).
    Internal = 900,
    /// libinvoice panicked; the call was abandoned and the process goes on.
    Panic = 901,
}

/// Why a call failed: its result code, a human-readable reason, and the vendor's error code
/// when the service gave one.
#[derive(Debug)]
pub(crate) struct Failure {
    result: invoice_result,
    message: String,
    vendor_code: Option<u32>,
}

impl Failure {
    pub(crate) fn new(result: invoice_result, message: impl Into<String>) -> Self {
        Self {
            result,
            message: message.into(),
            vendor_code: None,
        }
    }

    pub(crate) fn refused(code: Option<u32>, message: impl Into<String>) -> Self {
        Self {
            vendor_code: code,
            ..Self::new(invoice_result::Refused, message)
        }
    }

    fn null(name: &str) -> Self {
        Self::new(invoice_result::NullParameter, format!("{name} is NULL"))
    }
}

impl From<TransportError> for Failure {
    fn from(error: TransportError) -> Self {
        let result = match error {
            TransportError::Config(_) => invoice_result::TransportConfig,
            TransportError::NotSent(_) => invoice_result::NotSent,
            TransportError::Uncertain(_) => invoice_result::AnswerUncertain,
        };
        Self::new(result, error.to_string())
    }
}

impl From<Unsupported> for Failure {
    fn from(error: Unsupported) -> Self {
        Self::new(invoice_result::Unsupported, error.to_string())
    }
}

impl From<BackendError> for Failure {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::Unsupported(unsupported) => unsupported.into(),
            BackendError::Argument(message) => Self::new(invoice_result::InvalidArgument, message),
        }
    }
}

impl From<AgentError> for Failure {
    fn from(error: AgentError) -> Self {
        match error {
            AgentError::Transport(transport) => transport.into(),
            AgentError::Wire(_) => Self::new(invoice_result::InvalidArgument, error.to_string()),
            AgentError::Answer(_) => Self::new(invoice_result::AnswerUnreadable, error.to_string()),
            AgentError::Refused { code, .. } => Self::refused(
                code.map(libinvoice_core::agent::ErrorCode::code),
                error.to_string(),
            ),
        }
    }
}

/// The last failure on this thread, kept for `invoice_last_error_*`.
struct LastError {
    message: CString,
    vendor_code: u32,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError {
        message: CString::default(),
        vendor_code: 0,
    });
}

fn remember(failure: Option<&Failure>) {
    let (message, vendor_code) = failure.map_or((String::new(), 0), |failure| {
        (failure.message.clone(), failure.vendor_code.unwrap_or(0))
    });
    // A message with a NUL inside is cut there rather than lost.
    let message = CString::new(message).unwrap_or_else(|error| {
        let end = error.nul_position();
        let mut bytes = error.into_vec();
        bytes.truncate(end);
        CString::new(bytes).unwrap_or_default()
    });
    LAST_ERROR.with(|last| {
        *last.borrow_mut() = LastError {
            message,
            vendor_code,
        }
    });
}

/// The last failure's message; valid until the next libinvoice call on this thread.
pub(crate) fn last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().message.as_ptr())
}

pub(crate) fn last_error_vendor_code() -> u32 {
    LAST_ERROR.with(|last| last.borrow().vendor_code)
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// Runs the body of a function returning `invoice_result`: a panic becomes
/// `INVOICE_RESULT_PANIC`, a failure its code; either way the thread's last error is set (and
/// cleared on success).
pub(crate) fn boundary(body: impl FnOnce() -> Result<(), Failure>) -> invoice_result {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => None,
        Ok(Err(failure)) => Some(failure),
        Err(payload) => Some(Failure::new(
            invoice_result::Panic,
            format!("libinvoice panicked: {}", panic_message(payload.as_ref())),
        )),
    };
    remember(failure.as_ref());
    failure.map_or(invoice_result::Ok, |failure| failure.result)
}

/// Runs the body of a function that returns no `invoice_result` (accessors, `_free`): a panic
/// yields `on_panic`.
pub(crate) fn guarded<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// A string argument given as pointer and length, checked to be UTF-8.
///
/// # Safety
/// A non-NULL `pointer` must point to `len` readable bytes that stay unchanged during the call.
pub(crate) unsafe fn text<'a>(
    name: &str,
    pointer: *const c_char,
    len: usize,
) -> Result<&'a str, Failure> {
    // SAFETY: the caller guarantees what the function's contract says.
    unsafe { optional_text(name, pointer, len) }?.ok_or_else(|| Failure::null(name))
}

/// Like [`text`], but NULL means "not given".
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn optional_text<'a>(
    name: &str,
    pointer: *const c_char,
    len: usize,
) -> Result<Option<&'a str>, Failure> {
    if pointer.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and the caller promises `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(pointer.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map(Some).map_err(|error| {
        Failure::new(
            invoice_result::InvalidUtf8,
            format!(
                "{name}: not UTF-8 (invalid byte at offset {})",
                error.valid_up_to()
            ),
        )
    })
}

/// A JSON argument read into `T`; a failure names the argument and the field path.
pub(crate) fn json<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, Failure> {
    libinvoice_core::interop::read(text)
        .map_err(|error| Failure::new(invoice_result::InvalidJson, format!("{name}: {error}")))
}

/// An object handed in by reference.
///
/// # Safety
/// A non-NULL `pointer` must come from libinvoice and not have been freed.
pub(crate) unsafe fn object<'a, T>(name: &str, pointer: *const T) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live object when non-NULL.
    unsafe { pointer.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// What an output parameter is set to before the call does anything, so a failed call leaves
/// nothing to free.
pub(crate) trait Blank {
    const BLANK: Self;
}

impl<T> Blank for *mut T {
    const BLANK: Self = ptr::null_mut();
}

impl Blank for usize {
    const BLANK: Self = 0;
}

/// An output parameter, checked to be non-NULL and already blanked.
pub(crate) struct Out<'a, T>(&'a mut T);

impl<T: Blank> Out<'_, T> {
    /// # Safety
    /// A non-NULL `pointer` must be valid for writing a `T`.
    pub(crate) unsafe fn new(name: &str, pointer: *mut T) -> Result<Self, Failure> {
        // SAFETY: the caller guarantees a writable `T` when non-NULL; `write` does not read
        // the possibly uninitialised old value.
        unsafe {
            if pointer.is_null() {
                return Err(Failure::null(name));
            }
            pointer.write(T::BLANK);
            Ok(Self(&mut *pointer))
        }
    }

    pub(crate) fn set(self, value: T) {
        *self.0 = value;
    }
}

/// Hands a string to C as a NUL-terminated copy; free it with `invoice_string_free`.
pub(crate) fn owned_string(text: String) -> Result<*mut c_char, Failure> {
    CString::new(text).map(CString::into_raw).map_err(|_| {
        Failure::new(
            invoice_result::Internal,
            "an output string contains a NUL byte",
        )
    })
}

/// Serializes `value` and hands the JSON to C.
pub(crate) fn owned_json(value: &impl Serialize) -> Result<*mut c_char, Failure> {
    let json = serde_json::to_string(value)
        .map_err(|error| Failure::new(invoice_result::Internal, error.to_string()))?;
    owned_string(json)
}
