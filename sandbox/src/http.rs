//! Transport-neutral request and response values, shared by the socket server and the
//! in-process entry point.

/// An HTTP request as the sandbox sees it.
#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// The query string, without `?` (empty when absent).
    pub query: String,
    /// The caller's IP (the socket peer); `None` in process, which counts as loopback.
    pub remote_addr: Option<std::net::IpAddr>,
    /// Header names are lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A `POST` with the given content type and body.
    pub fn post(path: &str, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            method: "POST".to_owned(),
            path: path.to_owned(),
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body,
            ..Self::default()
        }
    }

    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The caller's address as the allow-lists see it.
    pub fn caller(&self) -> std::net::IpAddr {
        self.remote_addr
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
    }

    /// A query parameter, percent-decoded.
    pub fn query_parameter(&self, name: &str) -> Option<String> {
        crate::multipart::parse_urlencoded(self.query.as_bytes())
            .into_iter()
            .find(|part| part.name == name)
            .map(|part| String::from_utf8_lossy(&part.data).into_owned())
    }

    /// The value of a cookie sent in the `Cookie` header.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                (key.trim() == name).then(|| value.trim())
            })
    }
}

/// An HTTP response as the sandbox produces it.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    pub fn text(status: u16, text: &str) -> Self {
        Self::new(status, "text/plain; charset=UTF-8", text)
    }
}
