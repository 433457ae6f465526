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
    let is_rules = matches!(err, newsclean::Error::Rules(_));
    let message = err.one_line();
    match is_rules {
        true => RuleError::new_err(message),
        false => NewscleanError::new_err(message),
    }
}
