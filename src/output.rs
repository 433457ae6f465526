//! Writing an output without losing data. Every file newsclean writes (`-o FILE`, the
//! mirrored tree of a folder run, `--in-place`, `--report`) goes through [`Outputs::write`],
//! which decides by what the target is at the moment of writing:
//!
//! - missing, or a regular file: a temporary file beside it, renamed over it only when the
//!   whole output was written; a replaced file keeps its mode, owner (when permitted) and
//!   extended attributes; a new one gets the mode asked for, less the umask;
//! - a symlink: written through, by these same rules, to the file it points to (the link
//!   stays); a dangling link is refused;
//! - a character device or a FIFO (`/dev/null`, a named pipe): written directly, never
//!   replaced;
//! - a folder, a block device or a socket: refused.
//!
//! Temporary files are named `.NAME.RANDOM.PID.newsclean-tmp`. The first write into a folder
//! removes the ones there whose process is gone (a `kill -9`, a power cut); a signal removes
//! the ones of the running process (see [`crate::signals`]).

use std::collections::HashSet;
use std::ffi::{CString, OsStr};
use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const TEMP_SUFFIX: &str = ".newsclean-tmp";

/// The identity of a file (device and inode), to tell whether two paths are one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    pub fn of(meta: &Metadata) -> Self {
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    /// The file a path names, following symlinks; `None` if there is none.
    pub fn of_path(path: &Path) -> Option<Self> {
        fs::metadata(path).ok().map(|m| Self::of(&m))
    }
}

/// What a file looked like when it was read, to notice that it changed before it is replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    id: FileId,
    len: u64,
    mtime: (i64, i64),
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Self {
        Stamp {
            id: FileId::of(meta),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// How one output is written, beyond the rules every output follows.
#[derive(Debug, Default)]
pub struct Replace<'a> {
    /// Refuse to write if the target is one of these files (the inputs of the run).
    pub not_one_of: &'a [FileId],
    /// `--in-place`: replace the target only if it is still this file, as it was read.
    pub unchanged_since: Option<&'a Stamp>,
    /// `--in-place --backup`: keep the replaced file under this name first. An existing
    /// file (or symlink) of that name is never replaced: the output is refused instead.
    pub backup: Option<&'a Path>,
    /// The permission bits of a new file, before the umask (default 0o666).
    pub new_mode: Option<u32>,
    /// Flush the file to disk before the rename (one output per run: worth a disk flush).
    pub sync: bool,
}

/// Why an output was not written. The caller names the target.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("is a folder; not written")]
    Folder,
    #[error("is a {0}; not written")]
    Special(&'static str),
    #[error("is a symlink to a missing file; not written")]
    DanglingSymlink,
    #[error("is one of the inputs; not written (use --in-place to rewrite an input)")]
    IsAnInput,
    #[error("changed while it was being cleaned (size or modification time); left alone")]
    Changed,
    #[error("backup {0} already exists; left alone (remove it or choose another --backup)")]
    BackupExists(PathBuf),
    #[error("cannot make the backup {0}")]
    Backup(PathBuf, #[source] io::Error),
    #[error("cannot create a temporary file in {0}")]
    Temporary(PathBuf, #[source] io::Error),
    #[error("cannot open")]
    Open(#[source] io::Error),
    #[error("cannot write")]
    Write(#[source] io::Error),
    #[error("cannot replace it")]
    Rename(#[source] io::Error),
}

/// The temporary files this process has open, for the signal handler to remove.
#[derive(Debug, Default)]
pub struct TempFiles {
    state: Mutex<TempState>,
}

#[derive(Debug, Default)]
struct TempState {
    paths: HashSet<PathBuf>,
    /// The process is stopping: no new temporary file may be created.
    closed: bool,
}

impl TempFiles {
    /// Removes every temporary file in progress and refuses new ones.
    pub fn remove_all(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.closed = true;
        for path in state.paths.drain() {
            let _ = fs::remove_file(path);
        }
    }

    /// Creates a temporary file and tracks it; both under the lock, so that a signal
    /// arriving in between cannot miss it.
    fn create(
        &self,
        builder: &tempfile::Builder,
        dir: &Path,
    ) -> io::Result<tempfile::NamedTempFile> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.closed {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
        }
        let tmp = builder.tempfile_in(dir)?;
        state.paths.insert(tmp.path().to_path_buf());
        Ok(tmp)
    }

    fn forget(&self, path: &Path) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paths.remove(path);
    }
}

/// The writer of one run's outputs.
#[derive(Debug, Default)]
pub struct Outputs {
    temps: Arc<TempFiles>,
    /// Folders already cleared of stale temporary files in this run.
    swept: Mutex<HashSet<PathBuf>>,
}

/// What a target is, and so how it is written.
enum Plan {
    /// Missing: a temporary file renamed into place.
    Create(PathBuf),
    /// A regular file: a temporary file renamed over it, keeping its metadata.
    Replace(PathBuf, Metadata),
    /// A character device or a FIFO: opened and written.
    Direct(PathBuf),
}

impl Outputs {
    pub fn new() -> Self {
        Outputs::default()
    }

    /// The temporary files in progress, shared with the signal handler.
    pub fn temp_files(&self) -> Arc<TempFiles> {
        Arc::clone(&self.temps)
    }

    /// Writes `target` with what `fill` writes, by the rules in the module's description.
    /// An error of `fill` is returned as it is (nothing is replaced); an error about the
    /// target names it.
    pub fn write<T>(
        &self,
        target: &Path,
        how: &Replace<'_>,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let value = self.write_unless(target, how, |out| fill(out).map(Some))?;
        Ok(value.expect("the fill always asks to keep its output"))
    }

    /// Like [`Outputs::write`], but `fill` may answer `None`: its output is not wanted and
    /// the target is left alone (`--in-place` on a file that is already clean). A device or
    /// FIFO has been written to by then.
    pub fn write_unless<T>(
        &self,
        target: &Path,
        how: &Replace<'_>,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<Option<T>>,
    ) -> anyhow::Result<Option<T>> {
        let named = |e: WriteError| anyhow::Error::new(e).context(target.display().to_string());
        match plan(target, how).map_err(named)? {
            Plan::Direct(path) => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(|e| named(WriteError::Open(e)))?;
                let mut out = Watched::new(file);
                let result = fill(&mut out);
                out.check().map_err(named)?;
                result
            }
            Plan::Create(path) => self.through_temporary(&path, None, how, fill, named),
            Plan::Replace(path, meta) => {
                self.through_temporary(&path, Some(&meta), how, fill, named)
            }
        }
    }

    fn through_temporary<T>(
        &self,
        path: &Path,
        existing: Option<&Metadata>,
        how: &Replace<'_>,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<Option<T>>,
        named: impl Fn(WriteError) -> anyhow::Error,
    ) -> anyhow::Result<Option<T>> {
        let dir = parent_of(path);
        self.sweep(dir);
        let suffix = format!(".{}{TEMP_SUFFIX}", std::process::id());
        let mode = existing.map_or(how.new_mode.unwrap_or(0o666), |m| m.mode());
        let prefix = temp_prefix(path);
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(&prefix)
            .suffix(&suffix)
            .permissions(Permissions::from_mode(mode & 0o777));
        let mut tmp = self
            .temps
            .create(&builder, dir)
            .map_err(|e| named(WriteError::Temporary(dir.to_path_buf(), e)))?;
        let tmp_path = tmp.path().to_path_buf();
        // Dropping `tmp` on any way out below removes the temporary file.
        let result = (|| {
            let mut out = Watched::new(tmp.as_file_mut());
            let result = fill(&mut out);
            out.check().map_err(&named)?;
            let Some(value) = result? else {
                return Ok(None);
            };
            if let Some(meta) = existing {
                keep_metadata(tmp.as_file(), meta, path);
            }
            if how.sync {
                tmp.as_file()
                    .sync_all()
                    .map_err(|e| named(WriteError::Write(e)))?;
            }
            if let Some(stamp) = how.unchanged_since {
                let now = fs::metadata(path).map(|m| Stamp::of(&m));
                if now.ok().as_ref() != Some(stamp) {
                    return Err(named(WriteError::Changed));
                }
            }
            if let Some(backup) = how.backup {
                make_backup(path, backup).map_err(&named)?;
            }
            tmp.persist(path)
                .map_err(|e| named(WriteError::Rename(e.error)))?;
            Ok(Some(value))
        })();
        self.temps.forget(&tmp_path);
        result
    }

    /// Removes the temporary files of ours in `dir` whose process is gone, once a run.
    fn sweep(&self, dir: &Path) {
        {
            let mut swept = self.swept.lock().unwrap_or_else(|e| e.into_inner());
            if !swept.insert(dir.to_path_buf()) {
                return;
            }
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = stale_temp_pid(&name) else {
                continue;
            };
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            if regular && !process_is_alive(pid) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Decides how `target` is written, following a symlink to the file it names.
fn plan(target: &Path, how: &Replace<'_>) -> Result<Plan, WriteError> {
    let mut path = target.to_path_buf();
    let meta = match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Plan::Create(path)),
        Err(e) => return Err(WriteError::Open(e)),
        Ok(meta) if meta.file_type().is_symlink() => {
            path = fs::canonicalize(target).map_err(|_| WriteError::DanglingSymlink)?;
            fs::metadata(&path).map_err(WriteError::Open)?
        }
        Ok(meta) => meta,
    };
    if how.not_one_of.contains(&FileId::of(&meta)) {
        return Err(WriteError::IsAnInput);
    }
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(Plan::Replace(path, meta))
    } else if kind.is_char_device() || kind.is_fifo() {
        match how.unchanged_since {
            Some(_) => Err(WriteError::Special(special_name(&meta))),
            None => Ok(Plan::Direct(path)),
        }
    } else if kind.is_dir() {
        Err(WriteError::Folder)
    } else {
        Err(WriteError::Special(special_name(&meta)))
    }
}

/// What kind of file that is not a regular file or a folder this is, for messages.
pub fn special_name(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_fifo() {
        "FIFO"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `.NAME.`, with NAME cut short enough that the temporary name stays under 255 bytes.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut end = name.len().min(100);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.", &name[..end])
}

/// The process id in one of our temporary names, `.NAME.RANDOM.PID.newsclean-tmp`.
fn stale_temp_pid(name: &OsStr) -> Option<i32> {
    let name = name.to_str()?;
    let rest = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (_, pid) = rest.rsplit_once('.')?;
    let pid: i32 = pid.parse().ok()?;
    (pid > 0 && pid != std::process::id() as i32).then_some(pid)
}

fn process_is_alive(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Keeps the replaced file's mode, owner and extended attributes on its replacement. Each
/// is best effort: only root may give a file to someone else, and not every file system
/// has extended attributes.
fn keep_metadata(file: &File, meta: &Metadata, path: &Path) {
    copy_xattrs(path, file);
    let _ = file.set_permissions(Permissions::from_mode(meta.mode() & 0o7777));
    let same_owner = file
        .metadata()
        .is_ok_and(|m| m.uid() == meta.uid() && m.gid() == meta.gid());
    if !same_owner {
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
        // A change of owner clears the set-id bits: put them back.
        let _ = file.set_permissions(Permissions::from_mode(meta.mode() & 0o7777));
    }
}

/// Copies the extended attributes of the file at `from` onto `to`, best effort.
fn copy_xattrs(from: &Path, to: &File) {
    use std::os::fd::AsRawFd;
    let Ok(from) = CString::new(from.as_os_str().as_bytes()) else {
        return;
    };
    let mut names = vec![0u8; 4096];
    // SAFETY: the buffers are valid for the lengths passed; the results are checked.
    let len = unsafe { libc::listxattr(from.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if len <= 0 {
        return;
    }
    names.truncate(len as usize);
    let mut value = vec![0u8; 64 * 1024];
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let Ok(name) = CString::new(name) else {
            continue;
        };
        // SAFETY: as above.
        let got = unsafe {
            libc::getxattr(
                from.as_ptr(),
                name.as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        if got < 0 {
            continue;
        }
        // SAFETY: as above; the file descriptor is open for the call.
        unsafe {
            libc::fsetxattr(
                to.as_raw_fd(),
                name.as_ptr(),
                value.as_ptr().cast(),
                got as usize,
                0,
            )
        };
    }
}

/// Keeps the file at `path` under the name `backup`: a hard link to it when the file
/// system allows, else a copy. Never replaces anything, never follows a symlink.
fn make_backup(path: &Path, backup: &Path) -> Result<(), WriteError> {
    let exists = |e: &io::Error| e.kind() == io::ErrorKind::AlreadyExists;
    match fs::hard_link(path, backup) {
        Ok(()) => return Ok(()),
        Err(e) if exists(&e) => return Err(WriteError::BackupExists(backup.to_path_buf())),
        Err(_) => {}
    }
    // `create_new` refuses any existing name, a symlink (even dangling) included.
    let mut copy = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(backup)
        .map_err(|e| match exists(&e) {
            true => WriteError::BackupExists(backup.to_path_buf()),
            false => WriteError::Backup(backup.to_path_buf(), e),
        })?;
    let copied = File::open(path)
        .and_then(|mut original| io::copy(&mut original, &mut copy))
        .and_then(|_| copy.sync_all());
    if let Err(e) = copied {
        drop(copy);
        let _ = fs::remove_file(backup);
        return Err(WriteError::Backup(backup.to_path_buf(), e));
    }
    if let Ok(meta) = fs::metadata(path) {
        keep_metadata(&copy, &meta, path);
    }
    Ok(())
}

/// A writer that remembers its first error, so that a failed fill can be told apart: the
/// output could not be written (named by the target) or the input could not be cleaned.
pub(crate) struct Watched<W> {
    inner: W,
    failed: Option<io::Error>,
}

impl<W: Write> Watched<W> {
    pub(crate) fn new(inner: W) -> Self {
        Watched {
            inner,
            failed: None,
        }
    }

    /// The first write error, if any: the output could not be written (the caller names
    /// the target), whatever error the fill then reported about its input.
    fn check(&mut self) -> Result<(), WriteError> {
        match self.failed.take() {
            Some(e) => Err(WriteError::Write(e)),
            None => Ok(()),
        }
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.inner.write(data).inspect_err(|e| self.note(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| self.note(e))
    }
}

impl<W> Watched<W> {
    /// A write failed: what follows cannot reach the output.
    pub(crate) fn has_failed(&self) -> bool {
        self.failed.is_some()
    }

    pub(crate) fn into_inner(self) -> W {
        self.inner
    }

    fn note(&mut self, e: &io::Error) {
        if self.failed.is_none() {
            self.failed = Some(io::Error::new(e.kind(), e.to_string()));
        }
    }
}

/// Runs `fill` on a stream that is not a file we create (standard output): an error
/// writing it names the stream, whatever error the fill reports about its input.
pub fn write_stream<T>(
    name: &str,
    out: &mut dyn Write,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut out = Watched::new(out);
    let result = fill(&mut out);
    match out.check() {
        Ok(()) => result,
        Err(e) => Err(anyhow::Error::new(e).context(name.to_owned())),
    }
}
