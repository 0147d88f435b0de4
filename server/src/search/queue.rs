//! Searches run on their own threads, first come first served.
//!
//! A search is milliseconds of CPU. Run on the async workers, it holds up
//! every other request waiting on that worker, and under load whichever
//! request a worker happens to pick next goes first, so the slowest
//! answers waited twice as long as the typical one (see
//! docs/performance.md). One queue in arrival order in front of a thread
//! per core keeps the wait about the same for everyone.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

pub struct SearchQueue {
    jobs: mpsc::Sender<Job>,
}

impl SearchQueue {
    /// A queue served by `threads` threads (at least one).
    pub fn new(threads: usize) -> SearchQueue {
        let (jobs, waiting) = mpsc::channel::<Job>();
        let waiting = Arc::new(Mutex::new(waiting));
        for i in 0..threads.max(1) {
            let waiting = Arc::clone(&waiting);
            std::thread::Builder::new()
                .name(format!("search-{i}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job.
                    let next = match waiting.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = next else { return };
                    // A job that panics loses its answer, not the thread.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                })
                .expect("cannot start a search thread");
        }
        SearchQueue { jobs }
    }

    /// One thread per core.
    pub fn per_core() -> SearchQueue {
        SearchQueue::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// Runs `work` on the queue's threads after everything queued before
    /// it; `None` if it panicked.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_come_back_and_a_panic_loses_only_its_own() {
        let queue = SearchQueue::new(1);
        assert_eq!(queue.run(|| 2 + 2).await, Some(4));
        assert_eq!(queue.run(|| -> u8 { panic!("a broken search") }).await, None);
        assert_eq!(queue.run(|| "still serving").await, Some("still serving"), "the thread survived the panic");
        let queue = Arc::new(queue);
        let asked: Vec<_> = (0..50)
            .map(|i| {
                let queue = Arc::clone(&queue);
                tokio::spawn(async move { queue.run(move || i).await })
            })
            .collect();
        for (i, answer) in asked.into_iter().enumerate() {
            assert_eq!(answer.await.unwrap(), Some(i));
        }
    }
}
