//! A strict-enough `multipart/form-data` reader: the Agent takes its XML from a file part.

/// One form field.
#[derive(Debug, Clone)]
pub struct FormPart {
    pub name: String,
    /// Present when the part was sent as a file (`filename=` in its disposition).
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// Reads the parts of a `multipart/form-data` body; `None` when the body is not one.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<FormPart>> {
    let boundary = boundary(content_type)?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..header_end]).ok()?;
        let content = &rest[header_end + 4..];
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let end = find(content, &closing)?;
        let (name, filename) = disposition(headers)?;
        parts.push(FormPart {
            name,
            filename,
            data: content[..end].to_vec(),
        });
        rest = &content[end + closing.len()..];
    }
}

/// Reads an `application/x-www-form-urlencoded` body into fields (never files).
pub fn parse_urlencoded(body: &[u8]) -> Vec<FormPart> {
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            FormPart {
                name: String::from_utf8_lossy(&percent_decode(name)).into_owned(),
                filename: None,
                data: percent_decode(value),
            }
        })
        .collect()
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut index = 0;
    while index < input.len() {
        match input[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = input.get(index + 1..index + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                if let Some(byte) = hex {
                    out.push(byte);
                    index += 2;
                } else {
                    out.push(b'%');
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    out
}

fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find(|line| {
        line.split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let (_, value) = line.split_once(':')?;
    let mut name = None;
    let mut filename = None;
    for param in value.split(';').skip(1) {
        let Some((key, raw)) = param.split_once('=') else {
            continue;
        };
        let raw = raw.trim().trim_matches('"').to_owned();
        match key.trim() {
            "name" => name = Some(raw),
            "filename" => filename = Some(raw),
            _ => {}
        }
    }
    Some((name?, filename))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_file_and_field_parts() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"action-xmlagentxmlfile\"; filename=\"a.xml\"\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--XX\r\nContent-Disposition: form-data; name=\"plain\"\r\n\r\nv\r\n--XX--\r\n";
        let parts = parse("multipart/form-data; boundary=XX", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "action-xmlagentxmlfile");
        assert_eq!(parts[0].filename.as_deref(), Some("a.xml"));
        assert_eq!(parts[0].data, b"<a/>");
        assert_eq!(parts[1].filename, None);
    }

    #[test]
    fn malformed_bodies_are_refused_not_panicking() {
        for body in [
            &b""[..],
            b"--XX",
            b"--XX\r\n",
            b"--XX\r\nContent-Disposition: form-data\r\n\r\nx",
        ] {
            assert!(parse("multipart/form-data; boundary=XX", body).is_none());
        }
        assert!(parse("text/plain", b"--XX--").is_none());
    }

    #[test]
    fn urlencoded_fields_decode() {
        let parts = parse_urlencoded(b"action-xmlagentxmlfile=%3Ca%2F%3E+x&bad=%G");
        assert_eq!(parts[0].data, b"<a/> x");
        assert_eq!(parts[1].data, b"%G");
    }
}
