//! Validation against the vendor's XSDs in `../shared/szamlazz-xsd/` (never copied into the
//! project: where that directory is absent, the tests that need it say so and skip).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn shared_xsd_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/szamlazz-xsd");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: ../shared/szamlazz-xsd not found");
        None
    }
}

pub fn require_xmllint() {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    assert!(
        found,
        "xmllint is missing: install it with `apt-get install libxml2-utils` (the Makefile does)"
    );
}

/// Validates `xml` against `xsd` with xmllint; returns xmllint's complaint on failure.
pub fn xmllint(xsd: &Path, xml: &[u8], label: &str) -> Result<(), String> {
    let mut child = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(xml).unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{label} against {}:\n{}\n{}",
            xsd.display(),
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(xml)
        ))
    }
}

/// The downloadable schema and the one shown on the docs page, which differ slightly.
pub fn both_schemas(dir: &Path, root: &str) -> [PathBuf; 2] {
    [
        dir.join(format!("{root}.xsd")),
        dir.join("docs-inline").join(format!("{root}.xsd")),
    ]
}
