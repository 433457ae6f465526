//! The core's errors as Python exceptions, with the command line's one-line messages.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

create_exception!(
    newsclean,
    NewscleanError,
    PyValueError,
    "A document or a configuration newsclean cannot work with."
);
create_exception!(
    newsclean,
    RuleError,
    NewscleanError,
    "A rule pack that does not load, or an unknown rule id: the message names the file, line and rule."
);

/// The message the command line prints after `newsclean: `, as the matching exception.
pub fn to_py(err: newsclean::Error) -> PyErr {
    let message = err.one_line();
    as_exception(&err, message)
}

/// Like [`to_py`], the message led by what failed (`clean_html_many: item 3`).
pub fn to_py_in(context: &str, err: newsclean::Error) -> PyErr {
    let message = format!("{context}: {}", err.one_line());
    as_exception(&err, message)
}

fn as_exception(err: &newsclean::Error, message: String) -> PyErr {
    let is_rules = matches!(err, newsclean::Error::Rules(_));
    match is_rules {
        true => RuleError::new_err(message),
        false => NewscleanError::new_err(message),
    }
}
