//! Independent documents from one stream, cleaned on several threads and written in input
//! order: one thread reads, `threads` workers clean, the calling thread writes.
//!
//! Memory stays bounded: at most `max_in_flight` documents are between being read and
//! being written (queued, being cleaned, or finished and waiting for an earlier one), so a
//! slow document holds the stream back instead of letting the others pile up.
//! The writer flushes whenever it would wait, so a record goes out as soon as it and every
//! record before it are done (a caller that writes one record and waits for its answer, as
//! Spark's `RDD.pipe` may, is never left waiting on a buffer).

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, RecvError, TryRecvError};
use std::sync::Mutex;

/// How many documents may be in flight for `threads` workers.
pub fn default_in_flight(threads: usize) -> usize {
    4 * threads.max(1)
}

/// The number of workers for `-j N`: `None` or 0 is every core.
#[cfg(feature = "cli")]
pub fn worker_count(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// What the writer is asked to do.
pub enum Step<R> {
    /// Write the next result, in input order.
    Write(R),
    /// Everything ready is written and the writer would wait (or the stream ended): flush.
    Flush,
}

/// Reads jobs with `read` until it returns `None`, runs `work` on each on `threads` threads,
/// and hands the results to `write` in the order the jobs were read, with a
/// [`Step::Flush`] whenever the writer has written everything that is ready and would wait.
///
/// Stops at the first error from `write` and returns it (the reader and workers
/// stop soon after: nothing reads what they produce). With one thread, everything runs on
/// the calling thread, one job at a time, with a flush after every result.
pub fn ordered<J, R, E>(
    threads: usize,
    max_in_flight: usize,
    read: impl FnMut() -> Option<J> + Send,
    work: impl Fn(J) -> R + Sync,
    mut write: impl FnMut(Step<R>) -> Result<(), E>,
) -> Result<(), E>
where
    J: Send,
    R: Send,
{
    let mut read = read;
    if threads <= 1 {
        while let Some(job) = read() {
            write(Step::Write(work(job)))?;
            write(Step::Flush)?;
        }
        return Ok(());
    }
    let max_in_flight = max_in_flight.max(1);
    // A slot is taken (a token sent) before a job is read and given back (a token received)
    // when its result is written: the channel's capacity bounds the documents in flight.
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(max_in_flight);
    let (job_tx, job_rx) = mpsc::channel::<(u64, J)>();
    let (done_tx, done_rx) = mpsc::channel::<(u64, R)>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut seq = 0u64;
            // The writer dropped its end (it stopped): read no further.
            while slot_tx.send(()).is_ok() {
                let Some(job) = read() else { break };
                if job_tx.send((seq, job)).is_err() {
                    break;
                }
                seq += 1;
            }
        });
        for _ in 0..threads {
            let (job_rx, done_tx, work) = (&job_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                let next = job_rx.lock().expect("a worker panicked").recv();
                let Ok((seq, job)) = next else { break };
                if done_tx.send((seq, work(job))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        write_in_order(done_rx, slot_rx, &mut write)
    })
}

/// The writer's side of [`ordered`]. Owns the receivers, so that returning early (an error)
/// closes them and the other threads stop.
fn write_in_order<R, E>(
    done: Receiver<(u64, R)>,
    slots: Receiver<()>,
    write: &mut impl FnMut(Step<R>) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0u64;
    loop {
        let (seq, result) = match done.try_recv() {
            Ok(item) => item,
            Err(TryRecvError::Empty) => {
                write(Step::Flush)?;
                match done.recv() {
                    Ok(item) => item,
                    Err(RecvError) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        waiting.insert(seq, result);
        while let Some(result) = waiting.remove(&next) {
            write(Step::Write(result))?;
            next += 1;
            // Gives the slot back; the reader may have stopped, which is fine.
            let _ = slots.try_recv();
        }
    }
    debug_assert!(waiting.is_empty(), "every job read was done");
    write(Step::Flush)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: usize, in_flight: usize, n: u64) -> Vec<u64> {
        let mut next = 0u64;
        let mut out = Vec::new();
        ordered(
            threads,
            in_flight,
            || {
                next += 1;
                (next <= n).then_some(next)
            },
            |x| {
                // Uneven work, so that later jobs often finish first.
                if x % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                x * 10
            },
            |step| {
                if let Step::Write(r) = step {
                    out.push(r);
                }
                Ok::<_, ()>(())
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn results_come_out_in_input_order_for_every_thread_count() {
        let expected: Vec<u64> = (1..=500).map(|x| x * 10).collect();
        for threads in [1, 2, 3, 8] {
            for in_flight in [1, 2, 16] {
                assert_eq!(run(threads, in_flight, 500), expected, "-j{threads}");
            }
        }
        assert!(run(4, 4, 0).is_empty());
    }

    #[test]
    fn no_more_than_the_bound_is_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let read_count = AtomicUsize::new(0);
        let mut written = 0usize;
        let mut most = 0usize;
        ordered(
            4,
            3,
            || (read_count.fetch_add(1, Ordering::SeqCst) < 200).then_some(()),
            |()| std::thread::yield_now(),
            |step| {
                let Step::Write(()) = step else {
                    return Ok::<_, ()>(());
                };
                // The job just written was counted as read; at most 3 were read and unwritten.
                let read = read_count.load(Ordering::SeqCst).min(200);
                most = most.max(read - written);
                written += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(written, 200);
        assert!(most <= 3, "{most} documents in flight");
    }

    #[test]
    fn a_write_error_stops_the_stream() {
        let mut next = 0u64;
        let mut written = 0;
        let result = ordered(
            2,
            4,
            || {
                next += 1;
                Some(next)
            },
            |x| x,
            |step| match step {
                Step::Write(50) => Err("closed"),
                Step::Write(_) => {
                    written += 1;
                    Ok(())
                }
                Step::Flush => Ok(()),
            },
        );
        assert_eq!(result, Err("closed"));
        assert_eq!(written, 49);
    }
}
