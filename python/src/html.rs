//! `clean_html`: a page through the core's HTML front-end (the article's blocks and the
//! page's metadata), then the same repair, normalize and rule stages as text, as the
//! command line's `--input html` does.

use newsclean::html::{self, Metadata};
use newsclean::{pipeline, Report};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::cleaner::detach_if_long;
use crate::errors;
use crate::events;
use crate::text::Utf8;
use crate::threads::Threads;

/// One cleaned page: its article text and what the page says about itself.
#[pyclass(module = "newsclean", name = "Page", frozen)]
pub struct Page {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    title: Option<String>,
    #[pyo3(get)]
    author: Option<String>,
    #[pyo3(get)]
    date: Option<String>,
    #[pyo3(get)]
    url: Option<String>,
    #[pyo3(get)]
    language: Option<String>,
    #[pyo3(get)]
    site_name: Option<String>,
    #[pyo3(get)]
    encoding: Option<String>,
    counts: Report,
}

#[pymethods]
impl Page {
    /// The page's counts, as `Cleaner.clean_with_report` gives them for a text.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        events::report_dict(py, &self.counts)
    }

    /// The metadata fields the page states (title, author, date, url, language,
    /// site_name), as a dict without the missing ones.
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (key, value) in self.fields() {
            if let Some(value) = value {
                dict.set_item(key, value)?;
            }
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr =
            |text: &str| -> PyResult<String> { Ok(PyString::new(py, text).repr()?.to_string()) };
        let mut out = format!("Page(text={}", repr(&abbreviated(&self.text))?);
        for (key, value) in self.fields() {
            if let Some(value) = value {
                out.push_str(&format!(", {key}={}", repr(value)?));
            }
        }
        out.push(')');
        Ok(out)
    }
}

impl Page {
    fn new(extracted: Extracted, url: Option<String>) -> Self {
        let Metadata {
            title,
            author,
            date,
            url: page_url,
            language,
            site_name,
            ..
        } = extracted.metadata;
        Page {
            text: extracted.text,
            title,
            author,
            date,
            url: page_url.or(url),
            language,
            site_name,
            encoding: extracted.encoding.map(str::to_owned),
            counts: extracted.report,
        }
    }

    fn fields(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("title", &self.title),
            ("author", &self.author),
            ("date", &self.date),
            ("url", &self.url),
            ("language", &self.language),
            ("site_name", &self.site_name),
        ]
    }
}

fn abbreviated(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

/// What the Rust side hands back, before the GIL is held again.
struct Extracted {
    text: String,
    metadata: Metadata,
    encoding: Option<&'static str>,
    report: Report,
}

/// A page as Python gave it, kept alive while Rust reads it.
enum Held<'py> {
    Text(Utf8<'py>),
    Bytes(Bound<'py, PyBytes>),
}

/// A page as the front-end reads it.
#[derive(Clone, Copy)]
enum View<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'py> Held<'py> {
    /// A `str` or `bytes`; `what` names the argument in the error for anything else.
    fn of(obj: &Bound<'py, PyAny>, what: impl FnOnce() -> String) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Utf8::of(text).map(Held::Text);
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Held::Bytes(bytes.clone()));
        }
        let type_name = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".into(), |n| n.to_string());
        Err(PyTypeError::new_err(format!(
            "{} is {type_name}, not str or bytes",
            what()
        )))
    }

    fn view(&self) -> View<'_> {
        match self {
            Held::Text(text) => View::Text(text.as_str()),
            Held::Bytes(bytes) => View::Bytes(bytes.as_bytes()),
        }
    }
}

impl View<'_> {
    fn len(self) -> usize {
        match self {
            View::Text(text) => text.len(),
            View::Bytes(bytes) => bytes.len(),
        }
    }
}

/// A `str` is already text: it is parsed as it is. Bytes are decoded as the command line
/// decodes a page (BOM, `<meta charset>`, then detection).
fn extract(core: &newsclean::Cleaner, page: View<'_>) -> Result<Extracted, newsclean::Error> {
    let config = core.config();
    // The rule book's block rules (the user's packs too), as the command line uses them.
    let rules = match core.rules() {
        Some(book) => book.block_rules(),
        None => html::builtin_block_rules(),
    };
    let mut page = match page {
        View::Text(text) => html::extract_str_with(text, config.html, rules)?,
        View::Bytes(bytes) => html::extract_with(bytes, config.encoding, config.html, rules)?,
    };
    let metadata = std::mem::take(&mut page.metadata);
    let encoding = page.encoding.map(|e| e.name());
    let mut out = Vec::with_capacity(page.text.len());
    let report = pipeline::clean_page(core, page, &mut out, None)?;
    Ok(Extracted {
        text: String::from_utf8(out).expect("the pipeline writes UTF-8"),
        metadata,
        encoding,
        report,
    })
}

/// `clean_html` on one page.
pub fn clean_one(
    core: &newsclean::Cleaner,
    page: &Bound<'_, PyAny>,
    url: Option<String>,
) -> PyResult<Page> {
    let held = Held::of(page, || "html".to_owned())?;
    let view = held.view();
    let extracted =
        detach_if_long(page.py(), view.len(), || extract(core, view)).map_err(errors::to_py)?;
    Ok(Page::new(extracted, url))
}

/// `clean_html_many`: every page on `threads`, results in input order.
pub fn clean_many(
    core: &newsclean::Cleaner,
    pages: &Bound<'_, PyAny>,
    threads: Threads,
    urls: Option<Vec<Option<String>>>,
) -> PyResult<Vec<Page>> {
    let py = pages.py();
    let held = pages
        .try_iter()?
        .enumerate()
        .map(|(i, item)| Held::of(&item?, || format!("clean_html_many: item {i}")))
        .collect::<PyResult<Vec<_>>>()?;
    let urls = match urls {
        Some(urls) if urls.len() != held.len() => {
            return Err(PyValueError::new_err(format!(
                "clean_html_many: {} urls for {} pages",
                urls.len(),
                held.len()
            )))
        }
        Some(urls) => urls,
        None => vec![None; held.len()],
    };
    let views: Vec<View<'_>> = held.iter().map(Held::view).collect();
    let extracted = py.detach(|| threads.map(&views, |page| extract(core, *page)));
    extracted
        .into_iter()
        .zip(urls)
        .enumerate()
        .map(|(i, (result, url))| {
            result
                .map(|e| Page::new(e, url))
                .map_err(|e| errors::to_py_in(&format!("clean_html_many: item {i}"), e))
        })
        .collect()
}
