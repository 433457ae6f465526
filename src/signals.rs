//! Ctrl-C, SIGTERM and SIGHUP. A folder run finishes the files in progress and starts no
//! more (a second signal stops it at once); every other mode stops at once. Either way no
//! temporary file of ours is left behind, and a process that stops at once dies by the
//! signal, so that its parent sees why (a shell prints 130 or 143).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::output::TempFiles;

/// The flag a folder run polls between files.
#[derive(Debug, Clone, Default)]
pub struct Interrupts {
    requested: Arc<AtomicBool>,
    graceful: Arc<AtomicBool>,
}

impl Interrupts {
    /// Starts the thread that receives the signals. `temps` are removed before the process
    /// stops.
    pub fn install(temps: Arc<TempFiles>) -> io::Result<Self> {
        let this = Interrupts::default();
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        let (requested, graceful) = (Arc::clone(&this.requested), Arc::clone(&this.graceful));
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let first = !requested.swap(true, Ordering::SeqCst);
                    if first && graceful.load(Ordering::SeqCst) {
                        continue;
                    }
                    temps.remove_all();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(this)
    }

    /// From now on the first signal only sets the flag (a folder run finishes its files in
    /// progress); a second one stops at once.
    pub fn finish_files_in_progress(&self) {
        self.graceful.store(true, Ordering::SeqCst);
    }

    /// The flag set by the first signal.
    pub fn flag(&self) -> &AtomicBool {
        &self.requested
    }
}
