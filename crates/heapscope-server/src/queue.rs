//! The line of runs waiting for a worker: bounded, fair between clients, first come first
//! served.
//!
//! A class presses Visualize at once; answering all but `workers` of them "busy" (what the
//! server did before) fails most of the room. Runs now wait in one line instead, with two
//! bounds so a flood cannot pile up: at most `max_waiting` waiting runs, and none kept
//! waiting past `max_wait` (nor admitted when its estimated wait is plainly hopeless: over
//! twice the bound). Each client holds at most one
//! place in line: a newer submission from the same client takes over its waiting run's
//! place (the older one is answered "replaced"), so a student who edits and presses again
//! neither loses their place nor pushes others back. Order is the order of arrival.
//!
//! The estimate is `ceil(position / workers)` times the mean run time of the last
//! [`RECENT_RUNS`] runs (1 s before the first), which is what the page shows as "about 3 s".
//! A plain mean over a window, not a fast-moving weighted one: a class's runs are mostly a
//! tenth of a second with now and then an endless loop held to its time limit, and a mean
//! that jumps to seconds after two such loops would refuse a whole room for a wait it would
//! not have had.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::oneshot;

/// Who submitted a run, for the one-place-per-client rule (see [`crate::client`]).
pub type ClientId = String;

/// Why a run was not admitted or left the line without running.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The line holds `max_waiting` runs already.
    Full {
        /// Runs waiting.
        waiting: usize,
        /// Seconds after which a retry has a fair chance.
        retry_after: u64,
    },
    /// The estimated wait passes the bound (or the run waited that long).
    TooLong {
        /// The estimate (or the time waited), in seconds.
        wait_secs: f64,
        /// The bound, in seconds.
        max_secs: f64,
        /// Seconds after which a retry has a fair chance.
        retry_after: u64,
    },
    /// The same client submitted a newer run, which took this one's place.
    Replaced,
}

/// Where a waiting run stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Place {
    /// 1 for the next run to start.
    pub position: usize,
    /// Runs waiting in all.
    pub waiting: usize,
    /// Estimated seconds until it starts.
    pub eta_secs: f64,
}

/// The line and the count of runs holding a worker.
pub struct Queue {
    workers: usize,
    max_waiting: usize,
    max_wait: Duration,
    state: Mutex<State>,
}

struct State {
    running: usize,
    line: VecDeque<Waiter>,
    next_seq: u64,
    /// Seconds of the last [`RECENT_RUNS`] runs, oldest first.
    recent: VecDeque<f64>,
    /// Their sum, kept with them.
    recent_sum: f64,
}

/// How far past the bound an estimate must be for a run to be refused on arrival.
pub const ARRIVAL_MARGIN: f64 = 2.0;

/// How many recent runs the wait estimate averages.
pub const RECENT_RUNS: usize = 64;

impl State {
    /// Mean seconds of a recent run; 1 s before the first.
    fn mean_run(&self) -> f64 {
        if self.recent.is_empty() {
            1.0
        } else {
            self.recent_sum / self.recent.len() as f64
        }
    }

    fn record_run(&mut self, secs: f64) {
        if self.recent.len() == RECENT_RUNS {
            if let Some(old) = self.recent.pop_front() {
                self.recent_sum -= old;
            }
        }
        self.recent.push_back(secs);
        self.recent_sum += secs;
    }
}

struct Waiter {
    seq: u64,
    client: ClientId,
    tx: oneshot::Sender<Result<(), Refusal>>,
}

/// What [`Queue::admit`] gives.
pub enum Admission {
    /// A worker is free: run now.
    Now(Slot),
    /// Wait in line.
    Wait(Ticket),
}

/// A worker, held while a run is in progress; given to the next in line when dropped.
pub struct Slot {
    queue: Arc<Queue>,
    started: Instant,
}

/// A place in line; leaving the line (dropping it) frees the place.
pub struct Ticket {
    queue: Arc<Queue>,
    seq: u64,
    rx: Option<oneshot::Receiver<Result<(), Refusal>>>,
    since: Instant,
}

impl Queue {
    /// A line for `workers` workers, holding at most `max_waiting` runs for at most
    /// `max_wait` each.
    pub fn new(workers: usize, max_waiting: usize, max_wait: Duration) -> Arc<Self> {
        Arc::new(Queue {
            workers: workers.max(1),
            max_waiting,
            max_wait,
            state: Mutex::new(State {
                running: 0,
                line: VecDeque::new(),
                next_seq: 0,
                recent: VecDeque::with_capacity(RECENT_RUNS),
                recent_sum: 0.0,
            }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent state (every change is one
        // statement), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs in progress.
    pub fn running(&self) -> usize {
        self.lock().running
    }

    /// Runs waiting.
    pub fn waiting(&self) -> usize {
        self.lock().line.len()
    }

    /// The longest a run may wait.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// Whether a new run from a new client would be admitted now.
    pub fn has_room(&self) -> bool {
        let st = self.lock();
        st.line.len() < self.max_waiting && !self.hopeless(&st, st.line.len() + 1)
    }

    fn eta(&self, st: &State, position: usize) -> f64 {
        position.div_ceil(self.workers) as f64 * st.mean_run()
    }

    /// Whether a run arriving at `position` is refused at once: its estimated wait passes
    /// the bound by more than [`ARRIVAL_MARGIN`] times. Nearer the bound it waits and is
    /// refused only if it really waits that long: an estimate is a mean, and a run refused
    /// on an estimate it would have beaten is a 503 while the line had room.
    fn hopeless(&self, st: &State, position: usize) -> bool {
        self.eta(st, position) > ARRIVAL_MARGIN * self.max_wait.as_secs_f64()
    }

    fn retry_after(&self, st: &State) -> u64 {
        // When about half the line ahead has gone: soon enough to be useful, late enough
        // not to come back into the same crowd.
        let secs = (st.line.len() as f64 / self.workers as f64 / 2.0 * st.mean_run()).ceil();
        (secs as u64).clamp(1, 60)
    }

    /// Admits a run from `client`: a worker now, a place in line, or a refusal.
    pub fn admit(self: &Arc<Self>, client: &str) -> Result<Admission, Refusal> {
        let mut st = self.lock();
        let seq = st.next_seq;
        st.next_seq += 1;
        let (tx, rx) = oneshot::channel();
        let waiter = Waiter {
            seq,
            client: client.to_owned(),
            tx,
        };
        if let Some(i) = st.line.iter().position(|w| w.client == client) {
            // The client's newer run takes its older one's place.
            let old = std::mem::replace(&mut st.line[i], waiter);
            let _ = old.tx.send(Err(Refusal::Replaced));
        } else if st.running < self.workers && st.line.is_empty() {
            st.running += 1;
            return Ok(Admission::Now(Slot {
                queue: self.clone(),
                started: Instant::now(),
            }));
        } else if st.line.len() >= self.max_waiting {
            return Err(Refusal::Full {
                waiting: st.line.len(),
                retry_after: self.retry_after(&st),
            });
        } else {
            let eta = self.eta(&st, st.line.len() + 1);
            if self.hopeless(&st, st.line.len() + 1) {
                return Err(Refusal::TooLong {
                    wait_secs: eta,
                    max_secs: self.max_wait.as_secs_f64(),
                    retry_after: self.retry_after(&st),
                });
            }
            st.line.push_back(waiter);
        }
        Ok(Admission::Wait(Ticket {
            queue: self.clone(),
            seq,
            rx: Some(rx),
            since: Instant::now(),
        }))
    }

    /// A run ended after `took`: the worker goes to the first in line still waiting.
    fn release(&self, took: Duration) {
        let mut st = self.lock();
        if took > Duration::ZERO {
            st.record_run(took.as_secs_f64());
        }
        while let Some(w) = st.line.pop_front() {
            if w.tx.send(Ok(())).is_ok() {
                return; // the worker passes on: `running` stays
            }
        }
        st.running = st.running.saturating_sub(1);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.queue.release(self.started.elapsed());
    }
}

impl Ticket {
    /// Where the run stands now (`None` once it has left the line).
    pub fn place(&self) -> Option<Place> {
        let st = self.queue.lock();
        let i = st.line.iter().position(|w| w.seq == self.seq)?;
        Some(Place {
            position: i + 1,
            waiting: st.line.len(),
            eta_secs: self.queue.eta(&st, i + 1),
        })
    }

    /// How long it has waited.
    pub fn waited(&self) -> Duration {
        self.since.elapsed()
    }

    /// Waits for a worker, at most the line's bound in all; `on_place` hears where the
    /// run stands whenever that changes (checked a few times a second).
    pub async fn wait(mut self, on_place: &(dyn Fn(Place) + Send + Sync)) -> Result<Slot, Refusal> {
        let Some(mut rx) = self.rx.take() else {
            return Err(Refusal::Replaced);
        };
        let deadline = tokio::time::Instant::from_std(self.since + self.queue.max_wait);
        let mut last = None;
        loop {
            if let Some(p) = self.place() {
                if last != Some(p) {
                    on_place(p);
                    last = Some(p);
                }
            }
            tokio::select! {
                r = &mut rx => {
                    return match r {
                        Ok(Ok(())) => Ok(Slot { queue: self.queue.clone(), started: Instant::now() }),
                        Ok(Err(refusal)) => Err(refusal),
                        // The queue never drops a sender without sending.
                        Err(_) => Err(Refusal::Replaced),
                    };
                }
                _ = tokio::time::sleep_until(deadline) => {
                    // Put the receiver back so that `drop` frees a worker handed over
                    // in the meantime.
                    self.rx = Some(rx);
                    let st = self.queue.lock();
                    let retry_after = self.queue.retry_after(&st);
                    return Err(Refusal::TooLong {
                        wait_secs: self.since.elapsed().as_secs_f64(),
                        max_secs: self.queue.max_wait.as_secs_f64(),
                        retry_after,
                    });
                }
                _ = tokio::time::sleep(Duration::from_millis(250)) => {}
            }
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let handed = {
            let mut st = self.queue.lock();
            if let Some(i) = st.line.iter().position(|w| w.seq == self.seq) {
                st.line.remove(i);
                false
            } else {
                // Out of line: a worker may have been handed to it that nobody will use.
                matches!(self.rx.as_mut().map(|rx| rx.try_recv()), Some(Ok(Ok(()))))
            }
        };
        if handed {
            self.queue.release(Duration::ZERO);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_place(_: Place) {}

    #[tokio::test]
    async fn first_come_first_served_one_place_per_client_and_bounded() {
        let q = Queue::new(1, 2, Duration::from_secs(30));
        let Ok(Admission::Now(running)) = q.admit("a") else {
            panic!("a free worker runs at once")
        };
        let Ok(Admission::Wait(b)) = q.admit("b") else {
            panic!("b waits")
        };
        let Ok(Admission::Wait(c)) = q.admit("c") else {
            panic!("c waits")
        };
        assert_eq!(c.place().map(|p| p.position), Some(2));
        assert!(matches!(
            q.admit("d"),
            Err(Refusal::Full { waiting: 2, .. })
        ));
        // b again: takes over its own place, first in line; the older run is replaced.
        let Ok(Admission::Wait(b2)) = q.admit("b") else {
            panic!("b's newer run waits")
        };
        assert_eq!(b2.place().map(|p| p.position), Some(1));
        assert_eq!(b.wait(&no_place).await.err(), Some(Refusal::Replaced));
        drop(running);
        let slot = b2
            .wait(&no_place)
            .await
            .expect("b's newer run gets the worker");
        assert_eq!(c.place().map(|p| p.position), Some(1));
        drop(slot);
        let _c = c.wait(&no_place).await.expect("then c");
        assert_eq!((q.running(), q.waiting()), (1, 0));
    }

    #[tokio::test]
    async fn a_ticket_that_leaves_frees_its_place_and_an_unused_worker() {
        let q = Queue::new(1, 4, Duration::from_secs(30));
        let Ok(Admission::Now(running)) = q.admit("a") else {
            panic!()
        };
        let Ok(Admission::Wait(b)) = q.admit("b") else {
            panic!()
        };
        drop(running); // handed to b, which never takes it
        drop(b);
        assert_eq!((q.running(), q.waiting()), (0, 0));
    }

    #[tokio::test]
    async fn a_wait_past_the_bound_is_refused() {
        let q = Queue::new(1, 8, Duration::from_millis(1500));
        // The first estimate is 1 s a run: position n waits about n s. Positions 1 to 3
        // (up to twice the bound) are admitted; the fourth is refused on arrival.
        let Ok(Admission::Now(_running)) = q.admit("a") else {
            panic!()
        };
        let Ok(Admission::Wait(b)) = q.admit("b") else {
            panic!()
        };
        let Ok(Admission::Wait(_c)) = q.admit("c") else {
            panic!("2 s is within twice the bound: c waits")
        };
        let Ok(Admission::Wait(_d)) = q.admit("d") else {
            panic!("3 s is within twice the bound: d waits")
        };
        assert!(matches!(q.admit("e"), Err(Refusal::TooLong { .. })));
        // Those admitted are refused if they really wait past the bound.
        assert!(matches!(
            b.wait(&no_place).await,
            Err(Refusal::TooLong { .. })
        ));
        assert_eq!(q.waiting(), 2);
    }

    #[tokio::test]
    async fn an_endless_loop_now_and_then_does_not_refuse_the_room() {
        // A class's runs: sixty of a tenth of a second, then two endless loops held to a
        // 10 s limit. The line is then estimated from the window's mean (about 0.4 s a run),
        // so ten students waiting behind one worker are all admitted under a 5 s bound.
        let q = Queue::new(1, 100, Duration::from_secs(5));
        {
            let mut st = q.lock();
            for _ in 0..60 {
                st.record_run(0.1);
            }
            st.record_run(10.0);
            st.record_run(10.0);
        }
        let Ok(Admission::Now(_running)) = q.admit("first") else {
            panic!("a worker is free")
        };
        let mut line = Vec::new();
        for i in 0..10 {
            match q.admit(&format!("student {i}")) {
                Ok(Admission::Wait(t)) => line.push(t),
                _ => panic!("student {i} was refused with the line at {}", q.waiting()),
            }
        }
        let last = line.last().and_then(|t| t.place()).expect("in line");
        assert_eq!((last.position, last.waiting), (10, 10));
        assert!(last.eta_secs < 5.0, "estimate {} s", last.eta_secs);
        // And the window forgets: after 64 more short runs the long ones are gone.
        {
            let mut st = q.lock();
            for _ in 0..RECENT_RUNS {
                st.record_run(0.1);
            }
        }
        let again = line.last().and_then(|t| t.place()).expect("in line");
        assert!(
            (again.eta_secs - 1.0).abs() < 1e-9,
            "estimate {} s",
            again.eta_secs
        );
    }
}
