//! Where `clean_many` runs: the calling thread, rayon's global pool (all cores), or a pool
//! of a given size, built once per size and kept for later calls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::PyResult;
use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// How many threads a batch is spread over.
pub enum Threads {
    One,
    AllCores,
    Pool(Arc<ThreadPool>),
}

impl Threads {
    pub fn from_arg(threads: Option<usize>) -> PyResult<Self> {
        match threads {
            None => Ok(Threads::AllCores),
            Some(0) => Err(PyValueError::new_err(
                "threads must be at least 1 (or None for all cores)",
            )),
            Some(1) => Ok(Threads::One),
            Some(n) => pool(n).map(Threads::Pool),
        }
    }

    /// `f` applied to every item, results in input order.
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        match self {
            Threads::One => items.iter().map(f).collect(),
            Threads::AllCores => items.par_iter().map(f).collect(),
            Threads::Pool(pool) => pool.install(|| items.par_iter().map(f).collect()),
        }
    }
}

fn pool(threads: usize) -> PyResult<Arc<ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(pool) = pools.get(&threads) {
        return Ok(pool.clone());
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("newsclean-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let pool = Arc::new(pool);
    pools.insert(threads, pool.clone());
    Ok(pool)
}
