//! A small HTTP/1.1 server on std::net: an acceptor thread hands connections to a pool
//! of workers; each worker serves its connection with keep-alive until the client
//! closes it, goes idle, or a fault closes it.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::http::{HttpRequest, HttpResponse};
use crate::service::{Delivery, Service};

const MAX_HEADER_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// How often an idle worker looks at the stop flag.
const POLL: Duration = Duration::from_millis(100);
/// A keep-alive connection idle for this long is closed, freeing its worker.
const IDLE_LIMIT: Duration = Duration::from_secs(15);

/// A running server; [`Sandbox::stop`] (or drop) shuts it down.
pub struct Sandbox {
    address: SocketAddr,
    service: Arc<Service>,
    stopping: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub listen: SocketAddr,
    pub workers: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            workers: 4,
        }
    }
}

impl Sandbox {
    /// Binds and starts serving `service`.
    pub fn start(service: Service, options: &ServerOptions) -> std::io::Result<Self> {
        let listener = TcpListener::bind(options.listen)?;
        let address = listener.local_addr()?;
        let service = Arc::new(service);
        let stopping = Arc::new(AtomicBool::new(false));
        let workers = options.workers.max(1);
        let (sender, receiver) = sync_channel::<TcpStream>(workers * 4);
        let receiver = Arc::new(Mutex::new(receiver));
        let mut threads = Vec::new();
        for _ in 0..workers {
            let receiver = Arc::clone(&receiver);
            let service = Arc::clone(&service);
            let stopping = Arc::clone(&stopping);
            threads.push(std::thread::spawn(move || {
                worker(&receiver, &service, &stopping);
            }));
        }
        let accept_stopping = Arc::clone(&stopping);
        threads.push(std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream
                    && sender.send(stream).is_err()
                {
                    break;
                }
            }
        }));
        Ok(Self {
            address,
            service,
            stopping,
            threads,
        })
    }

    /// The Agent endpoint, e.g. `http://127.0.0.1:40123/szamla/`.
    pub fn url(&self) -> String {
        format!("http://{}/szamla/", self.address)
    }

    /// The server's root, for the `/control/…` endpoints.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn service(&self) -> &Service {
        &self.service
    }

    /// Stops accepting, lets workers finish the request in hand, and joins every thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wakes the acceptor blocked in accept().
        let _ = TcpStream::connect(self.address);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn worker(receiver: &Mutex<Receiver<TcpStream>>, service: &Service, stopping: &AtomicBool) {
    loop {
        let next = {
            let Ok(receiver) = receiver.lock() else {
                return;
            };
            receiver.recv_timeout(POLL)
        };
        match next {
            Ok(stream) => serve_connection(stream, service, stopping),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn serve_connection(stream: TcpStream, service: &Service, stopping: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(POLL));
    let peer = stream.peer_addr().ok().map(|address| address.ip());
    let Ok(writer) = stream.try_clone() else {
        return;
    };
    let mut writer = writer;
    let mut reader = BufReader::new(stream);
    loop {
        let mut request = match read_request(&mut reader, stopping) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(status) => {
                let _ = write_response(
                    &mut writer,
                    &HttpResponse::text(status, "bad request"),
                    false,
                );
                return;
            }
        };
        request.request.remote_addr = peer;
        let keep_alive = wants_keep_alive(&request);
        let exchange = service.dispatch(&request.request);
        if !exchange.delay.is_zero() {
            std::thread::sleep(exchange.delay);
        }
        match exchange.delivery {
            Delivery::Close => {
                let _ = writer.shutdown(std::net::Shutdown::Both);
                return;
            }
            Delivery::Respond(response) => {
                if write_response(&mut writer, &response, keep_alive).is_err() || !keep_alive {
                    return;
                }
            }
        }
    }
}

struct ReadRequest {
    request: HttpRequest,
    http10: bool,
}

fn wants_keep_alive(request: &ReadRequest) -> bool {
    match request.request.header("connection") {
        Some(value) if value.eq_ignore_ascii_case("close") => false,
        Some(value) if value.eq_ignore_ascii_case("keep-alive") => true,
        _ => !request.http10,
    }
}

/// Reads one request; `Ok(None)` when the connection closed or idled out, `Err(status)`
/// for a request that cannot be read.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    stopping: &AtomicBool,
) -> Result<Option<ReadRequest>, u16> {
    let mut head = Vec::new();
    let idle_since = Instant::now();
    loop {
        let mut line = Vec::new();
        match read_line(reader, &mut line) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if head.is_empty()
                    && (stopping.load(Ordering::SeqCst) || idle_since.elapsed() > IDLE_LIMIT)
                {
                    return Ok(None);
                }
                if !head.is_empty() && idle_since.elapsed() > IDLE_LIMIT {
                    return Err(408);
                }
                head.extend_from_slice(&line);
                continue;
            }
            Err(_) => return Ok(None),
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEADER_BYTES {
            return Err(431);
        }
        if head == b"\r\n" || head == b"\n" {
            // Tolerates blank lines between pipelined requests.
            head.clear();
            continue;
        }
        if head.ends_with(b"\r\n\r\n") || head.ends_with(b"\n\n") {
            break;
        }
    }
    let head = String::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(target), Some(version)) = (
        request_line.next(),
        request_line.next(),
        request_line.next(),
    ) else {
        return Err(400);
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut request = HttpRequest {
        method: method.to_owned(),
        path: target.split('?').next().unwrap_or_default().to_owned(),
        query: target
            .split_once('?')
            .map(|(_, query)| query.to_owned())
            .unwrap_or_default(),
        headers,
        body: Vec::new(),
        remote_addr: None,
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    request.body = if chunked {
        read_chunked(reader)?
    } else {
        let length: usize = match request.header("content-length") {
            Some(value) => value.trim().parse().map_err(|_| 400u16)?,
            None => 0,
        };
        if length > MAX_BODY_BYTES {
            return Err(413);
        }
        read_exact(reader, length)?
    };
    Ok(Some(ReadRequest {
        request,
        http10: version.eq_ignore_ascii_case("HTTP/1.0"),
    }))
}

fn read_line(reader: &mut BufReader<TcpStream>, line: &mut Vec<u8>) -> std::io::Result<usize> {
    reader.read_until(b'\n', line)
}

/// Reads `length` bytes, waiting through read timeouts (a slow body is not idleness).
fn read_exact(reader: &mut BufReader<TcpStream>, length: usize) -> Result<Vec<u8>, u16> {
    let mut body = vec![0u8; length];
    let mut filled = 0;
    let started = Instant::now();
    while filled < length {
        match reader.read(&mut body[filled..]) {
            Ok(0) => return Err(400),
            Ok(read) => filled += read,
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if started.elapsed() > IDLE_LIMIT {
                    return Err(408);
                }
            }
            Err(_) => return Err(400),
        }
    }
    Ok(body)
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, u16> {
    let mut body = Vec::new();
    loop {
        let mut size_line = Vec::new();
        read_line(reader, &mut size_line).map_err(|_| 400u16)?;
        let size_text = String::from_utf8_lossy(&size_line);
        let size_text = size_text.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| 400u16)?;
        if body.len() + size > MAX_BODY_BYTES {
            return Err(413);
        }
        if size == 0 {
            // Trailers end with an empty line.
            loop {
                let mut trailer = Vec::new();
                if read_line(reader, &mut trailer).map_err(|_| 400u16)? == 0
                    || trailer == b"\r\n"
                    || trailer == b"\n"
                {
                    return Ok(body);
                }
            }
        }
        body.extend(read_exact(reader, size)?);
        let mut end = Vec::new();
        read_line(reader, &mut end).map_err(|_| 400u16)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_response(
    writer: &mut TcpStream,
    response: &HttpResponse,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {}\r\n", value.replace(['\r', '\n'], " "));
    }
    let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    writer.write_all(head.as_bytes())?;
    writer.write_all(&response.body)?;
    writer.flush()
}
