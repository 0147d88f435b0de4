//! Background tasks that outlive a panic in their body: the panic is
//! logged, counted in `/metrics` (`atlas_task_panics_total`), and the
//! task started again after a pause that doubles up to five minutes (and
//! starts short again once the task has run well for a while).

use std::future::Future;
use std::time::{Duration, Instant};

const LONGEST_PAUSE: Duration = Duration::from_secs(300);

/// Runs `body` on the runtime, again after each panic. A body that
/// returns is done.
pub fn supervise<F, Fut>(task: &'static str, body: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    supervise_with(task, Duration::from_secs(1), body)
}

pub(crate) fn supervise_with<F, Fut>(task: &'static str, first_pause: Duration, body: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        let mut pause = first_pause;
        loop {
            let started = Instant::now();
            match tokio::spawn(body()).await {
                Ok(()) => return,
                Err(e) if e.is_panic() => {
                    metrics::counter!("atlas_task_panics_total", "task" => task).increment(1);
                    tracing::error!("the background task {task} panicked; starting it again in {pause:?}");
                }
                // Cancelled: the runtime is stopping.
                Err(_) => return,
            }
            if started.elapsed() > LONGEST_PAUSE * 2 {
                pause = first_pause;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_task_that_panics_is_started_again_until_it_finishes() {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = runs.clone();
        let handle = supervise_with("test", Duration::from_millis(5), move || {
            let runs = counted.clone();
            async move {
                if runs.fetch_add(1, Ordering::SeqCst) < 3 {
                    panic!("a bad calendar");
                }
            }
        });
        tokio::time::timeout(Duration::from_secs(10), handle).await.expect("finished").expect("not a panic");
        assert_eq!(runs.load(Ordering::SeqCst), 4, "three panics, then a run to the end");
    }
}
