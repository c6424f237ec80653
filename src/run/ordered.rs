//! Parallel work handed on in input order: the workers take items in order, and each result is handed
//! on as soon as every earlier one has been, so the results held at any time stay within a budget,
//! whatever the number of items.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How much finished work may wait for an earlier, slower item, in the units of a `weigh` function.
#[derive(Debug, Clone, Copy)]
pub struct Budget<W> {
    pub weigh: W,
    pub limit: usize,
}

/// Runs `work` on each of `items` on the current rayon pool and calls `take` with each result, in the
/// order of `items`.
///
/// Workers claim indices from one counter, so work starts in input order (`rayon`'s own splitting would
/// start the second half of the input at once and hold half the results back). The worker that finishes
/// the next expected item hands it on, with any later ones that were waiting for it; `take` is called
/// by one worker at a time. While the waiting results weigh `budget.limit` or more, a worker starts no
/// item but the oldest unfinished one: a slow item lets the others run ahead as far as the budget
/// allows (a count of items would stall every thread behind one large spreadsheet), and no further.
pub fn in_order<I: Sync, T: Send, W: Fn(&T) -> usize + Sync>(
    items: &[I],
    work: impl Fn(&I) -> T + Sync,
    budget: Budget<W>,
    take: impl FnMut(T) + Send,
) {
    let workers = rayon::current_num_threads().clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let handoff = Mutex::new(Handoff {
        waiting: BTreeMap::new(),
        held: 0,
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
                    while index != state.expected && state.held >= budget.limit {
                        state = handed_on
                            .wait(state)
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                    }
                    drop(state);
                    let result = work(item);
                    let weight = (budget.weigh)(&result);
                    lock(&handoff).hand_on(index, result, weight);
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

/// The results that finished before an earlier one (with their weights), and where they go.
struct Handoff<T, F> {
    waiting: BTreeMap<usize, (T, usize)>,
    held: usize,
    expected: usize,
    take: F,
}

impl<T, F: FnMut(T)> Handoff<T, F> {
    fn hand_on(&mut self, index: usize, result: T, weight: usize) {
        self.waiting.insert(index, (result, weight));
        self.held += weight;
        while let Some((result, weight)) = self.waiting.remove(&self.expected) {
            self.held -= weight;
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
                every(8),
                |r| seen.push(r),
            );
        });
        assert_eq!(seen, (0..200).map(|i| i * 10).collect::<Vec<_>>());
    }

    /// One slow item in four: the others run ahead until the waiting results weigh the budget (the
    /// four threads may each finish one more item), and no further.
    #[test]
    fn waiting_results_stay_within_the_budget() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let unfinished = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        pool.install(|| {
            in_order(
                &(0..400).collect::<Vec<_>>(),
                |&i| {
                    let now = unfinished.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    if i % 50 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    i
                },
                every(10),
                |_| {
                    unfinished.fetch_sub(1, Ordering::SeqCst);
                },
            );
        });
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 10 + 4, "{most} results held at once");
        assert!(most >= 8, "the others ran ahead of the slow item ({most})");
    }

    fn every(limit: usize) -> Budget<fn(&usize) -> usize> {
        Budget {
            weigh: |_| 1,
            limit,
        }
    }

    #[test]
    fn nothing_to_do_is_fine() {
        let mut seen = Vec::<usize>::new();
        in_order(&[], |&i: &usize| i, every(1), |r| seen.push(r));
        assert!(seen.is_empty());
    }

    #[test]
    fn one_thread_runs_everything() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut seen = Vec::new();
        pool.install(|| in_order(&[0, 1, 2, 3, 4], |&i| i, every(0), |r| seen.push(r)));
        assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    }
}
