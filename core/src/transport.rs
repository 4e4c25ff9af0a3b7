//! HTTPS to the services: the only module doing network I/O. TLS is always verified (against
//! the bundled web PKI roots, or the CA file a test or private deployment names); timeouts are
//! bounded; the service's `JSESSIONID` cookie is kept per client; connections are reused.

use std::io::Read;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig, parse_pem};

/// The Számla Agent's production endpoint.
pub const AGENT_ENDPOINT: &str = "https://www.szamlazz.hu/szamla/";

/// Answers larger than this are refused (an invoice PDF is a few hundred kilobytes).
const MAX_ANSWER_BYTES: u64 = 32 * 1024 * 1024;

/// Where and how to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportConfig {
    pub endpoint: String,
    /// Connecting, including TLS, must finish within this (default 10 s).
    pub connect_timeout: Duration,
    /// The whole exchange must finish within this (default 60 s, like the vendor's clients).
    pub total_timeout: Duration,
    /// Trust this PEM bundle instead of the web PKI roots (a sandbox or private CA).
    pub ca_file: Option<PathBuf>,
    pub user_agent: String,
}

impl TransportConfig {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            ca_file: None,
            user_agent: format!("libinvoice/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self::new(AGENT_ENDPOINT)
    }
}

/// An HTTP answer, whatever its status: the services report errors in 200 answers too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Why an exchange failed, split by what it means for exactly-once issuing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The client is misconfigured (unreadable CA file, bad endpoint).
    #[error("transport configuration: {0}")]
    Config(String),
    /// The request certainly did not reach the service (no connection, TLS refused): safe to
    /// send again later.
    #[error("not sent: {0}")]
    NotSent(String),
    /// The request may have reached the service (timeout or reset after sending): the outcome
    /// is unknown and must be reconciled.
    #[error("outcome unknown: {0}")]
    Uncertain(String),
}

/// An HTTP method the services use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// Something that sends a request to a service and brings the answer back: [`HttpTransport`]
/// in production; a test or an integrator may hand in another (an in-process service).
pub trait Exchange: Send + Sync {
    /// Sends a request to `path` appended to the service's endpoint (`""`: the endpoint
    /// itself); `body` is `(content type, bytes)`.
    fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> Result<HttpAnswer, TransportError>;

    /// POSTs `body` to the service's endpoint with extra headers.
    fn post(
        &self,
        content_type: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpAnswer, TransportError> {
        self.request(Method::Post, "", headers, Some((content_type, body)))
    }
}

impl Exchange for HttpTransport {
    fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> Result<HttpAnswer, TransportError> {
        let url = if path.is_empty() {
            self.config.endpoint.clone()
        } else {
            [self.config.endpoint.trim_end_matches('/'), path].concat()
        };
        self.send_to(method, &url, headers, body)
    }
}

/// A keep-alive HTTPS client for one service account.
pub struct HttpTransport {
    agent: ureq::Agent,
    config: TransportConfig,
    session_cookie: Mutex<Option<String>>,
}

impl std::fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTransport")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    pub fn new(config: TransportConfig) -> Result<Self, TransportError> {
        let roots = match &config.ca_file {
            Some(path) => RootCerts::new_with_certs(&read_ca_file(path)?),
            None => RootCerts::WebPki,
        };
        let tls = TlsConfig::builder().root_certs(roots).build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.total_timeout))
            .user_agent(config.user_agent.as_str())
            .max_redirects(0)
            .build()
            .new_agent();
        Ok(Self {
            agent,
            config,
            session_cookie: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &TransportConfig {
        &self.config
    }

    /// POSTs `body` to `url` with extra headers, sending the session cookie if one was set.
    pub fn post_to(
        &self,
        url: &str,
        content_type: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpAnswer, TransportError> {
        self.send_to(Method::Post, url, headers, Some((content_type, body)))
    }

    fn send_to(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> Result<HttpAnswer, TransportError> {
        let cookie = self
            .session_cookie
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut extra: Vec<(&str, &str)> = headers.to_vec();
        if let Some(cookie) = cookie.as_deref() {
            extra.push(("Cookie", cookie));
        }
        let sent = match (method, body) {
            (Method::Post, body) => {
                let (content_type, bytes) = body.unwrap_or(("application/octet-stream", &[]));
                let mut request = self.agent.post(url).header("Content-Type", content_type);
                for (name, value) in &extra {
                    request = request.header(*name, *value);
                }
                request.send(bytes)
            }
            (Method::Get, _) => {
                let mut request = self.agent.get(url);
                for (name, value) in &extra {
                    request = request.header(*name, *value);
                }
                request.call()
            }
        };
        let mut response = sent.map_err(classify)?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(MAX_ANSWER_BYTES)
            .read_to_end(&mut body)
            .map_err(|error| TransportError::Uncertain(format!("reading the answer: {error}")))?;
        self.keep_session(&headers);
        Ok(HttpAnswer {
            status,
            headers,
            body,
        })
    }

    fn keep_session(&self, headers: &[(String, String)]) {
        let session = headers
            .iter()
            .filter(|(name, _)| name == "set-cookie")
            .filter_map(|(_, value)| value.split(';').next())
            .find(|pair| pair.trim_start().starts_with("JSESSIONID="));
        if let Some(pair) = session {
            *self
                .session_cookie
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(pair.trim().to_owned());
        }
    }

    /// The session cookie the service set, if any (for tests and diagnostics).
    pub fn session_cookie(&self) -> Option<String> {
        self.session_cookie
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn read_ca_file(path: &PathBuf) -> Result<Vec<Certificate<'static>>, TransportError> {
    let pem = std::fs::read(path)
        .map_err(|error| TransportError::Config(format!("CA file {}: {error}", path.display())))?;
    let certificates: Vec<Certificate<'static>> = parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(PemItem::Certificate(certificate)) => Some(certificate),
            _ => None,
        })
        .collect();
    if certificates.is_empty() {
        return Err(TransportError::Config(format!(
            "CA file {} holds no PEM certificate",
            path.display()
        )));
    }
    Ok(certificates)
}

/// Sorts a failure into "certainly not sent" and "maybe sent".
fn classify(error: ureq::Error) -> TransportError {
    use ureq::Error;
    use ureq::Timeout;
    let message = error.to_string();
    match error {
        Error::BadUri(_) | Error::RequireHttpsOnly(_) | Error::Pem(_) => {
            TransportError::Config(message)
        }
        Error::HostNotFound
        | Error::ConnectionFailed
        | Error::Tls(_)
        | Error::Rustls(_)
        | Error::Timeout(Timeout::Resolve | Timeout::Connect) => TransportError::NotSent(message),
        Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable
            ) || is_handshake_refusal(&io) =>
        {
            TransportError::NotSent(message)
        }
        _ => TransportError::Uncertain(message),
    }
}

/// A certificate the client refused: the handshake failed, so no request byte was sent.
fn is_handshake_refusal(io: &std::io::Error) -> bool {
    io.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|tls| {
            matches!(
                tls,
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::NoCertificatesPresented
                    | rustls::Error::PeerIncompatible(_)
                    | rustls::Error::UnsupportedNameType
            )
        })
}
