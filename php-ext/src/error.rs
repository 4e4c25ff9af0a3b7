//! The exception tree and the one conversion from the core's errors into it.
//!
//! ```text
//! LibInvoice\Exception                  (extends \Exception; also: the persist step refused)
//! ├── MappingException                  input that cannot become a request: public $fieldPath
//! ├── RejectedException                 the service refused: public $vendorCode, $vendorMessage
//! ├── UnsupportedException              the client's service cannot do it (names the Agent)
//! ├── TransportException                the request certainly did not reach the service
//! ├── UnknownOutcomeException           it may have reached it; no readable answer came back
//! ├── ConfigException                   client configuration or an unknown option name
//! └── InternalException                 a libinvoice bug, including a caught panic
//! ```
//!
//! The classes are registered with `ClassBuilder` rather than `#[php_class]` so that they keep
//! `\Exception`'s own object handler: a thrown exception then has its file, line and trace.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, PropertyFlags};
use ext_php_rs::types::{ZendObject, Zval};
use ext_php_rs::zend::{ClassEntry, ce};
use libinvoice_core::agent::WireError;
use libinvoice_core::backend::agent::AgentError;
use libinvoice_core::backend::{BackendError, PersistError, Unsupported};
use libinvoice_core::transport::TransportError;
use libinvoice_core::{MappingError, ReadError};

const BASE: &str = "LibInvoice\\Exception";
const MAPPING: &str = "LibInvoice\\MappingException";
const REJECTED: &str = "LibInvoice\\RejectedException";
const UNSUPPORTED: &str = "LibInvoice\\UnsupportedException";
const TRANSPORT: &str = "LibInvoice\\TransportException";
const UNKNOWN_OUTCOME: &str = "LibInvoice\\UnknownOutcomeException";
const CONFIG: &str = "LibInvoice\\ConfigException";
const INTERNAL: &str = "LibInvoice\\InternalException";

/// Why a call failed; becomes exactly one exception class.
#[derive(Debug)]
pub enum Error {
    /// Input at `field_path` cannot be read or mapped.
    Mapping {
        field_path: String,
        reason: String,
    },
    Rejected {
        code: Option<u32>,
        message: String,
    },
    /// The client's service cannot do it; nothing was sent.
    Unsupported(String),
    Transport(String),
    UnknownOutcome(String),
    Config(String),
    /// The host's persist step refused the attempt record; nothing was sent.
    Persist(String),
    Internal(String),
}

impl Error {
    pub fn mapping(field_path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Mapping {
            field_path: field_path.into(),
            reason: reason.into(),
        }
    }

    /// A read error in the argument `root` (`""` for the order, whose fields are the root of
    /// every mapping path).
    pub fn unreadable(root: &str, error: ReadError) -> Self {
        Self::mapping(join_path(root, &error.path), error.reason)
    }
}

/// `root.path`, with the core's `.` (the whole input) becoming the root itself.
fn join_path(root: &str, path: &str) -> String {
    match (root, path) {
        ("", path) => path.to_owned(),
        (root, "." | "") => root.to_owned(),
        (root, path) if path.starts_with('[') => format!("{root}{path}"),
        (root, path) => format!("{root}.{path}"),
    }
}

impl From<MappingError> for Error {
    fn from(error: MappingError) -> Self {
        Self::mapping(error.path, error.reason)
    }
}

impl From<WireError> for Error {
    fn from(error: WireError) -> Self {
        match error {
            WireError::InvalidCharacter { ref field, .. } => Self::mapping(
                field.clone(),
                error
                    .to_string()
                    .trim_start_matches(&format!("{field}: "))
                    .to_owned(),
            ),
            WireError::InvalidValue { field, reason } => Self::mapping(field, reason),
        }
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        let message = error.to_string();
        match error {
            TransportError::Config(_) => Self::Config(message),
            TransportError::NotSent(_) => Self::Transport(message),
            TransportError::Uncertain(_) => Self::UnknownOutcome(message),
        }
    }
}

impl From<AgentError> for Error {
    fn from(error: AgentError) -> Self {
        match error {
            AgentError::Transport(transport) => transport.into(),
            AgentError::Wire(wire) => wire.into(),
            AgentError::Answer(_) => Self::UnknownOutcome(error.to_string()),
            AgentError::Refused { code, message } => Self::Rejected {
                code: code.map(libinvoice_core::agent::ErrorCode::code),
                message,
            },
        }
    }
}

impl From<Unsupported> for Error {
    fn from(error: Unsupported) -> Self {
        Self::Unsupported(error.to_string())
    }
}

impl From<BackendError> for Error {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::Unsupported(unsupported) => unsupported.into(),
            BackendError::Argument(message) => Self::Config(message),
        }
    }
}

impl From<PersistError> for Error {
    fn from(error: PersistError) -> Self {
        Self::Persist(error.to_string())
    }
}

impl From<Error> for PhpException {
    fn from(error: Error) -> Self {
        match error {
            Error::Mapping { field_path, reason } => throwable(
                MAPPING,
                &format!("{field_path}: {reason}"),
                &[("fieldPath", field_path.into_zval(false))],
            ),
            Error::Rejected { code, message } => throwable(
                REJECTED,
                &format!(
                    "refused by the service ({}): {message}",
                    code.map_or_else(|| "no code".to_owned(), |code| code.to_string())
                ),
                &[
                    ("vendorCode", code.into_zval(false)),
                    ("vendorMessage", message.into_zval(false)),
                ],
            ),
            Error::Unsupported(message) => throwable(UNSUPPORTED, &message, &[]),
            Error::Transport(message) => throwable(TRANSPORT, &message, &[]),
            Error::UnknownOutcome(message) => throwable(UNKNOWN_OUTCOME, &message, &[]),
            Error::Config(message) => throwable(CONFIG, &message, &[]),
            Error::Persist(message) => throwable(BASE, &message, &[]),
            Error::Internal(message) => throwable(INTERNAL, &message, &[]),
        }
    }
}

/// An exception of class `name` with `message` and public properties set; a plain
/// `\Exception` with the same message if the class cannot be made (which would be a bug).
fn throwable(
    name: &str,
    message: &str,
    properties: &[(&str, ext_php_rs::error::Result<Zval>)],
) -> PhpException {
    let fallback = || PhpException::from_message(message.to_owned());
    let Some(class) = ClassEntry::try_find(name) else {
        return fallback();
    };
    // `ZendObject::new` runs `\Exception`'s object handler (file, line, trace); its public
    // constructor sets the protected message, which this scope could not write directly.
    let mut object = ZendObject::new(class);
    if object
        .try_call_method("__construct", vec![&message])
        .is_err()
    {
        return fallback();
    }
    for (property, value) in properties {
        let Ok(value) = value.as_ref().map(Zval::shallow_clone) else {
            return fallback();
        };
        if object.set_property(property, value).is_err() {
            return fallback();
        }
    }
    match object.into_zval(false) {
        Ok(object) => PhpException::new(message.to_owned(), 0, class).with_object(object),
        Err(_) => fallback(),
    }
}

/// Runs the body of an exported function: a failure becomes its exception, and a panic an
/// `InternalException` instead of a crash or ext-php-rs's bare `\Error`.
pub fn guarded<T>(body: impl FnOnce() -> Result<T, Error>) -> Result<T, PhpException> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result.map_err(PhpException::from),
        Err(payload) => Err(Error::Internal(format!(
            "libinvoice panicked: {}",
            panic_message(payload.as_ref())
        ))
        .into()),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

thread_local! {
    /// `LibInvoice\Exception` once registered: the engine's class lookup is not available during
    /// module startup, so the subclasses find their parent here.
    static BASE_CLASS: Cell<Option<&'static ClassEntry>> = const { Cell::new(None) };
}

fn remember_base(class: &'static mut ClassEntry, _: ArgInfoTables) {
    BASE_CLASS.set(Some(class));
}

fn base_class() -> &'static ClassEntry {
    BASE_CLASS
        .get()
        .expect("LibInvoice\\Exception is registered first")
}

fn public_property(name: &str, stub_type: DataType) -> ClassProperty {
    ClassProperty {
        name: name.to_owned(),
        flags: PropertyFlags::Public,
        default: Some(Box::new(|| Ok(Zval::null()))),
        docs: &[],
        ty: Some(stub_type),
        nullable: true,
        readonly: false,
        default_stub: Some("null".to_owned()),
    }
}

/// Registers the exception tree; called once from the module's startup.
pub fn register_exceptions() -> ext_php_rs::error::Result<()> {
    let keep = |_: &'static mut ClassEntry, _: ArgInfoTables| {};
    ClassBuilder::new(BASE)
        .extends((ce::exception, "\\Exception"))
        .registration(remember_base)
        .register()?;
    ClassBuilder::new(MAPPING)
        .extends((base_class, BASE))
        .property(public_property("fieldPath", DataType::String))
        .registration(keep)
        .register()?;
    ClassBuilder::new(REJECTED)
        .extends((base_class, BASE))
        .property(public_property("vendorCode", DataType::Long))
        .property(public_property("vendorMessage", DataType::String))
        .registration(keep)
        .register()?;
    for name in [UNSUPPORTED, TRANSPORT, UNKNOWN_OUTCOME, CONFIG, INTERNAL] {
        ClassBuilder::new(name)
            .extends((base_class, BASE))
            .registration(keep)
            .register()?;
    }
    Ok(())
}
