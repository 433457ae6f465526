//! Python strings in and out. A Python `str` may hold lone surrogates (`"\ud800"`, from
//! `surrogateescape` decoding or a JSON `\ud800` escape), which UTF-8 cannot: each becomes
//! U+FFFD, as an invalid byte does when the command line decodes a file, and a surrogate
//! pair held as two code points is joined into its character.

use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The UTF-8 of a Python string, borrowed from a `bytes` object while it is alive.
pub enum Utf8<'py> {
    Encoded(Bound<'py, PyBytes>),
    Replaced(String),
}

impl<'py> Utf8<'py> {
    pub fn of(text: &Bound<'py, PyString>) -> PyResult<Self> {
        match text.encode_utf8() {
            Ok(bytes) => Ok(Utf8::Encoded(bytes)),
            Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(text.py()) => {
                replace_surrogates(text).map(Utf8::Replaced)
            }
            Err(err) => Err(err),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Utf8::Encoded(bytes) => {
                std::str::from_utf8(bytes.as_bytes()).expect("Python's strict UTF-8 encoder")
            }
            Utf8::Replaced(text) => text,
        }
    }
}

fn replace_surrogates(text: &Bound<'_, PyString>) -> PyResult<String> {
    let units = text.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
    let units = units.cast::<PyBytes>()?.as_bytes();
    let units = units
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    Ok(char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect())
}
