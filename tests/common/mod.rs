//! Measuring a child's peak memory, shared by the test files that bound it.

use std::fs;
use std::io::{Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::time::Duration;

/// What a run of the binary on `feed`'s stdin ended with: its exit code, its stderr and its
/// peak resident memory in KiB.
pub struct Measured {
    pub code: Option<i32>,
    pub stderr: String,
    pub peak_kib: u64,
}

/// Runs the binary with `args`, `feed` writing its stdin (a write error, when the child has
/// stopped reading, is the feed's to handle). The peak is the child's own high-water mark
/// (`VmHWM`), read from /proc after every megabyte written and then until it exits: the
/// figure `wait4` reports starts from this process's own peak at the spawn, which the tests
/// running beside it raise.
pub fn run_measured(args: &[&str], feed: impl FnOnce(&mut dyn Write)) -> Measured {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut sink = [0u8; 1 << 16];
        while stdout.read(&mut sink).unwrap_or(0) > 0 {}
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut input = PeakWatch {
        stdin: child.stdin.take().unwrap(),
        status: format!("/proc/{}/status", child.id()),
        unread: 0,
        peak: 0,
    };
    feed(&mut input);
    let _ = input.stdin.flush();
    let PeakWatch {
        stdin,
        status,
        mut peak,
        ..
    } = input;
    drop(stdin);
    // Until it exits (the mark is gone once the process is a zombie).
    while child.try_wait().unwrap().is_none() {
        peak = peak.max(vm_hwm_kib(&status).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(2));
    }
    let code = child.wait().unwrap().code();
    drain.join().unwrap();
    Measured {
        code,
        stderr: errors.join().unwrap(),
        peak_kib: peak,
    }
}

/// A child's stdin that reads the child's peak memory after every megabyte written to it.
struct PeakWatch {
    stdin: ChildStdin,
    status: String,
    unread: usize,
    peak: u64,
}

impl Write for PeakWatch {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.stdin.write(buf)?;
        self.unread += n;
        if self.unread >= 1 << 20 {
            self.unread = 0;
            self.peak = self.peak.max(vm_hwm_kib(&self.status).unwrap_or(0));
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stdin.flush()
    }
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    fs::read_to_string(status)
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
