//! Parallel work handed on in input order: the workers take items in order, and each result is handed
//! on as soon as every earlier one has been, so only a few results per thread are ever held, never the
//! whole run's.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How far past the oldest unfinished item the workers may run: a slow document lets the others go
/// ahead this far, and no further, so that the results waiting for it stay few.
pub fn window(workers: usize) -> usize {
    workers * 4 + 4
}

/// Runs `work` on each of `items` on the current rayon pool and calls `take` with each result, in the
/// order of `items`.
///
/// Workers claim indices from one counter, so work starts in input order (`rayon`'s own splitting would
/// start the second half of the input at once and hold half the results back). The worker that finishes
/// the next expected item hands it on, with any later ones that were waiting for it; `take` is called
/// by one worker at a time. A worker whose item is a `window` past the oldest unfinished one waits.
pub fn in_order<I: Sync, T: Send>(
    items: &[I],
    work: impl Fn(&I) -> T + Sync,
    take: impl FnMut(T) + Send,
) {
    let count = items.len();
    let workers = rayon::current_num_threads().clamp(1, count.max(1));
    let window = window(workers);
    let next = AtomicUsize::new(0);
    let handoff = Mutex::new(Handoff {
        waiting: BTreeMap::new(),
        expected: 0,
        take,
    });
    let handed_on = Condvar::new();
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    let mut state = lock(&handoff);
                    while index >= state.expected + window {
                        state = handed_on
                            .wait(state)
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                    }
                    drop(state);
                    let result = work(item);
                    lock(&handoff).hand_on(index, result);
                    handed_on.notify_all();
                }
            });
        }
    });
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The results that finished before an earlier one, and where they go.
struct Handoff<T, F> {
    waiting: BTreeMap<usize, T>,
    expected: usize,
    take: F,
}

impl<T, F: FnMut(T)> Handoff<T, F> {
    fn hand_on(&mut self, index: usize, result: T) {
        self.waiting.insert(index, result);
        while let Some(result) = self.waiting.remove(&self.expected) {
            (self.take)(result);
            self.expected += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_order_they_finish_in() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let mut seen = Vec::new();
        pool.install(|| {
            in_order(
                &(0..200).collect::<Vec<_>>(),
                |&i| {
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    i * 10
                },
                |r| seen.push(r),
            );
        });
        assert_eq!(seen, (0..200).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn few_results_wait_at_any_time() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        pool.install(|| {
            in_order(
                &(0..400).collect::<Vec<_>>(),
                |&i| {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    if i % 5 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    i
                },
                |_| {
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                },
            );
        });
        assert!(
            most.load(Ordering::SeqCst) <= window(4),
            "{} results held at once",
            most.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn nothing_to_do_is_fine() {
        let mut seen = Vec::<usize>::new();
        in_order(&[], |&i: &usize| i, |r| seen.push(r));
        assert!(seen.is_empty());
    }

    #[test]
    fn one_thread_runs_everything() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut seen = Vec::new();
        pool.install(|| in_order(&[0, 1, 2, 3, 4], |&i| i, |r| seen.push(r)));
        assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    }
}
