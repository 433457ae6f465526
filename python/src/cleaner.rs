//! The `Cleaner` class and the module-level `clean()`: build the core's cleaner once, then
//! hand it Python strings.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use newsclean::html::InputFormat;
use newsclean::rules::RuleSelection;
use newsclean::Config;
use pyo3::exceptions::PyValueError;
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

use crate::errors;
use crate::events::{self, Collected};
use crate::html::{self, Page};
use crate::text::Utf8;
use crate::threads::Threads;

/// Texts at least this long are cleaned with the GIL released, so other Python threads run
/// meanwhile. Shorter ones keep it: they take microseconds, less than a contended GIL can
/// take to come back.
const DETACH_BYTES: usize = 1024;

/// How many option sets `clean(text, **options)` keeps a built cleaner for.
const SHARED_CLEANERS: usize = 8;

/// What a `Cleaner` is built from: the command line's flags, minus those about files.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    repair: bool,
    boilerplate: bool,
    rules: Vec<PathBuf>,
    disable: Vec<String>,
    enable: Vec<String>,
    input: InputFormat,
    headline: bool,
}

impl Options {
    fn is_default(&self) -> bool {
        self.repair
            && self.boilerplate
            && self.rules.is_empty()
            && self.disable.is_empty()
            && self.enable.is_empty()
            && self.input == InputFormat::Auto
            && self.headline
    }

    /// The core's configuration. Unlike the command line, no user folder of rule packs is
    /// read: a library call depends only on its arguments.
    fn config(&self) -> Config {
        Config::default()
            .with_repair(self.repair)
            .with_boilerplate(self.boilerplate)
            .with_rules(RuleSelection {
                files: self.rules.clone(),
                disable: self.disable.clone(),
                enable: self.enable.clone(),
                user_dir: None,
            })
            .with_input(self.input)
            .with_headline(self.headline)
    }

    fn build(&self, py: Python<'_>) -> PyResult<Arc<newsclean::Cleaner>> {
        let config = self.config();
        py.detach(|| newsclean::Cleaner::new(config))
            .map(Arc::new)
            .map_err(errors::to_py)
    }
}

/// A configured cleaner: build it once (loading rule packs takes milliseconds), then call
/// it for every document. Safe to share between threads.
#[pyclass(module = "newsclean", name = "Cleaner", frozen)]
pub struct Cleaner {
    core: Arc<newsclean::Cleaner>,
    options: Options,
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (repair=true, boilerplate=true, rules=Vec::new(), disable=Vec::new(), enable=Vec::new(), input="auto", headline=true))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        repair: bool,
        boilerplate: bool,
        rules: Vec<PathBuf>,
        disable: Vec<String>,
        enable: Vec<String>,
        input: &str,
        headline: bool,
    ) -> PyResult<Self> {
        let options = Options {
            repair,
            boilerplate,
            rules,
            disable,
            enable,
            input: input_format(input)?,
            headline,
        };
        Ok(Cleaner {
            core: options.build(py)?,
            options,
        })
    }

    /// Cleans one document.
    fn clean<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
        clean_with(&self.core, text)
    }

    /// Cleans one document given as bytes in any encoding, decoded as the command line
    /// decodes a file (BOM, UTF-8, UTF-16, then detection).
    fn clean_bytes<'py>(&self, py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyString>> {
        let mut out = Vec::with_capacity(data.len());
        detach_if_long(py, data.len(), || self.core.clean_reader(data, &mut out))
            .map_err(errors::to_py)?;
        Ok(PyString::new(py, utf8(&out)))
    }

    /// Cleans many documents in parallel, with the GIL released; results in input order.
    #[pyo3(signature = (texts, threads=None))]
    fn clean_many<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = texts.py();
        let threads = Threads::from_arg(threads)?;
        let texts = texts
            .try_iter()?
            .enumerate()
            .map(|(i, item)| {
                let item = item?;
                let text = item.cast::<PyString>().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(format!(
                        "clean_many: item {i} is {}, not str",
                        item.get_type()
                            .name()
                            .map_or_else(|_| "?".into(), |n| n.to_string())
                    ))
                })?;
                Utf8::of(text)
            })
            .collect::<PyResult<Vec<_>>>()?;
        let texts: Vec<&str> = texts.iter().map(Utf8::as_str).collect();
        let core = &*self.core;
        let cleaned = py.detach(|| threads.map(&texts, |text| core.clean_str(text)));
        PyList::new(py, cleaned.iter().map(|text| PyString::new(py, text)))
    }

    /// Extracts the article from one HTML page (`str`, or `bytes` in the encoding the page
    /// declares or detection finds) and cleans it, as `--input html` does; with the page's
    /// metadata. `url` stands in for the page's own address when it names none.
    #[pyo3(signature = (html, url=None))]
    fn clean_html(&self, html: &Bound<'_, PyAny>, url: Option<String>) -> PyResult<Page> {
        html::clean_one(&self.core, html, url)
    }

    /// Many HTML pages, as `clean_html` each, in parallel with the GIL released; results in
    /// input order. `urls`, if given, holds one address (or None) per page.
    #[pyo3(signature = (pages, threads=None, urls=None))]
    fn clean_html_many(
        &self,
        pages: &Bound<'_, PyAny>,
        threads: Option<usize>,
        urls: Option<Vec<Option<String>>>,
    ) -> PyResult<Vec<Page>> {
        html::clean_many(&self.core, pages, Threads::from_arg(threads)?, urls)
    }

    /// Every dropped line and every repair of one document, in order, as dicts.
    fn explain<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
        let py = text.py();
        let text = Utf8::of(text)?;
        let text = text.as_str();
        let mut events = Collected::default();
        detach_if_long(py, text.len(), || {
            self.core.clean_str_report(text, Some(&mut events))
        })
        .map_err(errors::to_py)?;
        let dicts = events
            .0
            .iter()
            .map(|event| event.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, dicts)
    }

    /// The clean text and the document's counts (lines and bytes in and out, dropped lines
    /// by rule, repairs by kind).
    fn clean_with_report<'py>(
        &self,
        text: &Bound<'py, PyString>,
    ) -> PyResult<(Bound<'py, PyString>, Bound<'py, PyDict>)> {
        let py = text.py();
        let text = Utf8::of(text)?;
        let text = text.as_str();
        let (out, report) =
            detach_if_long(py, text.len(), || self.core.clean_str_report(text, None))
                .map_err(errors::to_py)?;
        Ok((PyString::new(py, &out), events::report_dict(py, &report)?))
    }

    /// Pickles as its options (Spark, datatrove and multiprocessing ship cleaners to
    /// workers); the worker builds its own, reading any rule files there.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let o = &slf.get().options;
        let args = (
            o.repair,
            o.boilerplate,
            &o.rules,
            &o.disable,
            &o.enable,
            input_name(o.input),
            o.headline,
        );
        Ok((slf.get_type(), args.into_pyobject(slf.py())?))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let (py, o) = (slf.py(), &slf.get().options);
        let rules: Vec<String> = o.rules.iter().map(|p| p.display().to_string()).collect();
        let list = |items: &[String]| -> PyResult<String> {
            Ok(PyList::new(py, items)?.repr()?.to_string())
        };
        let py_bool = |b: bool| if b { "True" } else { "False" };
        Ok(format!(
            "Cleaner(repair={}, boilerplate={}, rules={}, disable={}, enable={}, input='{}', headline={})",
            py_bool(o.repair),
            py_bool(o.boilerplate),
            list(&rules)?,
            list(&o.disable)?,
            list(&o.enable)?,
            input_name(o.input),
            py_bool(o.headline),
        ))
    }
}

/// Cleans one document with options given as keywords. A cleaner is built once per set of
/// options and kept (the last few sets), so calling this in a loop does not reload rules.
#[pyfunction]
#[pyo3(signature = (text, *, repair=true, boilerplate=true, rules=Vec::new(), disable=Vec::new(), enable=Vec::new(), input="auto", headline=true))]
#[allow(clippy::too_many_arguments)]
pub fn clean<'py>(
    text: &Bound<'py, PyString>,
    repair: bool,
    boilerplate: bool,
    rules: Vec<PathBuf>,
    disable: Vec<String>,
    enable: Vec<String>,
    input: &str,
    headline: bool,
) -> PyResult<Bound<'py, PyString>> {
    let options = Options {
        repair,
        boilerplate,
        rules,
        disable,
        enable,
        input: input_format(input)?,
        headline,
    };
    let core = shared(text.py(), options)?;
    clean_with(&core, text)
}

/// `Cleaner.clean_html` with options given as keywords, on a kept cleaner as `clean()`.
#[pyfunction]
#[pyo3(signature = (html, url=None, *, repair=true, boilerplate=true, rules=Vec::new(), disable=Vec::new(), enable=Vec::new(), headline=true))]
#[allow(clippy::too_many_arguments)]
pub fn clean_html(
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    repair: bool,
    boilerplate: bool,
    rules: Vec<PathBuf>,
    disable: Vec<String>,
    enable: Vec<String>,
    headline: bool,
) -> PyResult<Page> {
    let options = Options {
        repair,
        boilerplate,
        rules,
        disable,
        enable,
        input: InputFormat::Auto,
        headline,
    };
    let core = shared(html.py(), options)?;
    html::clean_one(&core, html, url)
}

/// `input=`: what the command line's `--input` takes.
fn input_format(name: &str) -> PyResult<InputFormat> {
    match name {
        "auto" => Ok(InputFormat::Auto),
        "text" => Ok(InputFormat::Text),
        "html" => Ok(InputFormat::Html),
        _ => Err(PyValueError::new_err(format!(
            "input must be 'auto', 'text' or 'html', not '{name}'"
        ))),
    }
}

fn input_name(input: InputFormat) -> &'static str {
    match input {
        InputFormat::Auto => "auto",
        InputFormat::Text => "text",
        InputFormat::Html => "html",
    }
}

/// The cleaners `clean()` built for option sets other than the default, oldest first.
type Recent = Vec<(Options, Arc<newsclean::Cleaner>)>;

/// The cleaner `clean()` uses for these options: the default one, or one of the last few
/// option sets asked for.
fn shared(py: Python<'_>, options: Options) -> PyResult<Arc<newsclean::Cleaner>> {
    static DEFAULT: PyOnceLock<Arc<newsclean::Cleaner>> = PyOnceLock::new();
    static RECENT: Mutex<Recent> = Mutex::new(Vec::new());
    let recent = || RECENT.lock().unwrap_or_else(PoisonError::into_inner);
    if options.is_default() {
        return DEFAULT
            .get_or_try_init(py, || options.build(py))
            .map(Arc::clone);
    }
    if let Some((_, core)) = recent().iter().find(|(o, _)| *o == options) {
        return Ok(core.clone());
    }
    // Built outside the lock: building releases the GIL, and a thread that holds the GIL
    // must never wait on this lock.
    let core = options.build(py)?;
    let mut recent = recent();
    if recent.len() == SHARED_CLEANERS {
        recent.remove(0);
    }
    recent.push((options, core.clone()));
    Ok(core)
}

fn clean_with<'py>(
    core: &newsclean::Cleaner,
    text: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyString>> {
    let py = text.py();
    let text = Utf8::of(text)?;
    let text = text.as_str();
    let cleaned = detach_if_long(py, text.len(), || core.clean_str(text));
    Ok(PyString::new(py, &cleaned))
}

pub fn detach_if_long<T: Ungil>(py: Python<'_>, len: usize, work: impl Ungil + FnOnce() -> T) -> T {
    match len >= DETACH_BYTES {
        true => py.detach(work),
        false => work(),
    }
}

fn utf8(out: &[u8]) -> &str {
    std::str::from_utf8(out).expect("the pipeline writes UTF-8")
}
