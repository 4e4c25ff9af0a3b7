//! The transport against local servers: verified TLS, failure classes, session cookie, keep-alive.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use libinvoice_core::transport::{HttpTransport, TransportConfig, TransportError};

/// Reads one HTTP/1.1 request (headers and a Content-Length body); `None` at end of stream.
fn read_request(reader: &mut impl BufRead) -> Option<Vec<String>> {
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        headers.push(line);
    }
    let length: usize = headers
        .iter()
        .find_map(|h| {
            h.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(headers)
}

const OK_WITH_COOKIE: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: JSESSIONID=s3ss10n; Path=/; HttpOnly\r\n\r\nok";

fn config(url: &str) -> TransportConfig {
    TransportConfig::new(url)
}

#[test]
fn keeps_the_session_cookie_and_reuses_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/szamla/", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&connections);
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        seen.fetch_add(1, Ordering::SeqCst);
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        let mut requests = Vec::new();
        for _ in 0..2 {
            let request = read_request(&mut reader).unwrap();
            writer.write_all(OK_WITH_COOKIE.as_bytes()).unwrap();
            requests.push(request);
        }
        requests
    });
    let transport = HttpTransport::new(config(&url)).unwrap();
    for _ in 0..2 {
        let answer = transport
            .post_to(&url, "text/plain", &[], b"hello")
            .unwrap();
        assert_eq!(
            (answer.status, answer.body.as_slice()),
            (200, b"ok".as_slice())
        );
    }
    let requests = server.join().unwrap();
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "both requests on one connection"
    );
    assert!(
        !requests[0]
            .iter()
            .any(|h| h.starts_with("cookie:") || h.starts_with("Cookie:"))
    );
    assert!(
        requests[1]
            .iter()
            .any(|h| h.eq_ignore_ascii_case("cookie: JSESSIONID=s3ss10n")),
        "{:?}",
        requests[1]
    );
    assert_eq!(
        transport.session_cookie().as_deref(),
        Some("JSESSIONID=s3ss10n")
    );
}

#[test]
fn a_refused_connection_was_certainly_not_sent() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let error = HttpTransport::new(config(&url))
        .unwrap()
        .post_to(&url, "text/plain", &[], b"x")
        .unwrap_err();
    assert!(matches!(error, TransportError::NotSent(_)), "{error:?}");
}

#[test]
fn a_connection_closed_after_the_request_leaves_the_outcome_unknown() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        read_request(&mut reader).unwrap();
        // Dropping the stream closes it: the service may have acted, but no answer comes.
    });
    let error = HttpTransport::new(config(&url))
        .unwrap()
        .post_to(&url, "text/plain", &[], b"x")
        .unwrap_err();
    server.join().unwrap();
    assert!(matches!(error, TransportError::Uncertain(_)), "{error:?}");
}

/// A one-shot HTTPS server with a self-signed certificate for `localhost`; returns its URL and
/// the certificate's PEM.
fn tls_server() -> (String, String, thread::JoinHandle<()>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let server_config = Arc::new(server_config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "https://localhost:{}/",
        listener.local_addr().unwrap().port()
    );
    let handle = thread::spawn(move || {
        // First client: refuses our certificate. Second: trusts it and gets an answer.
        for _ in 0..2 {
            let (stream, _): (TcpStream, _) = listener.accept().unwrap();
            let connection = rustls::ServerConnection::new(Arc::clone(&server_config)).unwrap();
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut reader = BufReader::new(&mut tls);
            if read_request(&mut reader).is_some() {
                tls.write_all(OK_WITH_COOKIE.as_bytes()).unwrap();
                tls.flush().unwrap();
            }
        }
    });
    (url, cert_pem, handle)
}

#[test]
fn a_self_signed_certificate_is_refused_unless_its_ca_is_configured() {
    let (url, cert_pem, server) = tls_server();
    let error = HttpTransport::new(config(&url))
        .unwrap()
        .post_to(&url, "text/plain", &[], b"x")
        .unwrap_err();
    assert!(matches!(error, TransportError::NotSent(_)), "{error:?}");

    let ca_file =
        std::env::temp_dir().join(format!("libinvoice-test-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, cert_pem).unwrap();
    let mut trusting = config(&url);
    trusting.ca_file = Some(ca_file.clone());
    let answer = HttpTransport::new(trusting)
        .unwrap()
        .post_to(&url, "text/plain", &[], b"x")
        .unwrap();
    std::fs::remove_file(ca_file).unwrap();
    assert_eq!(answer.status, 200);
    server.join().unwrap();
}

#[test]
fn an_unreadable_ca_file_is_a_configuration_error() {
    let mut config = config("https://localhost/");
    config.ca_file = Some("/nonexistent/ca.pem".into());
    assert!(matches!(
        HttpTransport::new(config),
        Err(TransportError::Config(_))
    ));
}
