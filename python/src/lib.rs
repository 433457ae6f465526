//! `newsclean._newsclean`: the Rust cleaner behind the `newsclean` Python package.
//!
//! The Python side (`newsclean/__init__.py`) re-exports what this module defines; the
//! cleaning itself is the `newsclean` crate's, unchanged, so Python and the command line
//! give the same output.

mod cleaner;
mod errors;
mod events;
mod html;
mod text;
mod threads;

use pyo3::prelude::*;

#[pymodule]
fn _newsclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<cleaner::Cleaner>()?;
    m.add_class::<html::Page>()?;
    m.add_function(wrap_pyfunction!(cleaner::clean, m)?)?;
    m.add_function(wrap_pyfunction!(cleaner::clean_html, m)?)?;
    m.add("NewscleanError", py.get_type::<errors::NewscleanError>())?;
    m.add("RuleError", py.get_type::<errors::RuleError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
