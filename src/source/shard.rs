//! Splitting a list of inputs between machines with no coordinator: `--shard I/N` keeps the
//! inputs whose position in the list is I modulo N, and `--files-from` reads the list.

use std::io::{self, BufRead};
use std::path::PathBuf;
use std::str::FromStr;

/// `I/N`: this worker's index and the number of workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not I/N with 0 <= I < N (say 0/4)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Keeps every N-th item, starting at the I-th.
    pub fn take<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index)
            .map(|(_, item)| item)
            .collect()
    }
}

/// Reads a list of paths, one a line (empty lines ignored) or NUL-separated.
pub fn read_list(input: &mut dyn BufRead, nul_separated: bool) -> io::Result<Vec<PathBuf>> {
    let separator = if nul_separated { 0 } else { b'\n' };
    let mut paths = Vec::new();
    let mut item = Vec::new();
    loop {
        item.clear();
        if input.read_until(separator, &mut item)? == 0 {
            return Ok(paths);
        }
        let mut name = item.strip_suffix(&[separator]).unwrap_or(&item);
        if !nul_separated {
            name = name.strip_suffix(b"\r").unwrap_or(name);
        }
        if !name.is_empty() {
            paths.push(path_from_bytes(name));
        }
    }
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_list_once() {
        let items: Vec<usize> = (0..11).collect();
        let mut seen: Vec<usize> = (0..3)
            .flat_map(|i| Shard { index: i, count: 3 }.take(items.clone()))
            .collect();
        seen.sort();
        assert_eq!(seen, items);
        assert!("3/3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert_eq!("1/2".parse::<Shard>(), Ok(Shard { index: 1, count: 2 }));
    }

    #[test]
    fn lists_by_line_or_nul() {
        let lines = read_list(&mut &b"a.txt\r\n\nb c.txt\n"[..], false).unwrap();
        assert_eq!(lines, [PathBuf::from("a.txt"), PathBuf::from("b c.txt")]);
        let nul = read_list(&mut &b"a\nb\0c\0"[..], true).unwrap();
        assert_eq!(nul, [PathBuf::from("a\nb"), PathBuf::from("c")]);
    }
}
