//! Tells the scheduler when the wall clock jumps: it was set, or the machine woke from sleep.
//!
//! On Linux the kernel does this with no periodic wake-up at all: a timer on the real-time
//! clock, armed far in the future with `TFD_TIMER_CANCEL_ON_SET`, is cancelled at every
//! discontinuous change of that clock, and resuming from suspend is one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;

/// Whether jumps of the wall clock are being watched; while not, the scheduler polls.
#[derive(Clone)]
pub struct Watching(Arc<AtomicBool>);

impl Watching {
    /// True while a jump is sure to wake the scheduler.
    pub fn is_on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Sends on `wake` at every jump of the wall clock, where the platform can tell.
pub fn watch_jumps(wake: Sender<()>) -> Watching {
    let watching = Watching(Arc::new(AtomicBool::new(false)));
    #[cfg(target_os = "linux")]
    linux::watch(wake, watching.clone());
    #[cfg(not(target_os = "linux"))]
    drop(wake);
    watching
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::atomic::Ordering;
    use std::sync::mpsc::Sender;

    use rustix::fd::OwnedFd;
    use rustix::io::Errno;
    use rustix::time::{
        timerfd_create, timerfd_settime, Itimerspec, TimerfdClockId, TimerfdFlags,
        TimerfdTimerFlags, Timespec,
    };

    use super::Watching;

    /// 2200-01-01: an expiry the timer never reaches, so that only a jump ends its wait.
    const FAR_FUTURE: i64 = 7_258_118_400;

    /// Arms `timer` to be cancelled by the next jump of the real-time clock.
    fn arm(timer: &OwnedFd) -> rustix::io::Result<()> {
        let zero = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        let far_future = Timespec {
            tv_sec: FAR_FUTURE,
            tv_nsec: 0,
        };
        timerfd_settime(
            timer,
            TimerfdTimerFlags::ABSTIME | TimerfdTimerFlags::CANCEL_ON_SET,
            &Itimerspec {
                it_interval: zero,
                it_value: far_future,
            },
        )
        .map(drop)
    }

    /// Starts the watching thread, and turns `watching` on while it runs.
    pub fn watch(wake: Sender<()>, watching: Watching) {
        let timer = match timerfd_create(TimerfdClockId::Realtime, TimerfdFlags::CLOEXEC) {
            Ok(timer) => timer,
            Err(err) => return eprintln!("mooring: cannot watch the clock ({err}); polling"),
        };
        if let Err(err) = arm(&timer) {
            return eprintln!("mooring: cannot watch the clock ({err}); polling");
        }
        watching.0.store(true, Ordering::Relaxed);
        let on = watching.clone();
        let started = std::thread::Builder::new()
            .name("mooring-clock".into())
            .spawn(move || {
                let mut expirations = [0u8; 8];
                loop {
                    match rustix::io::read(&timer, &mut expirations) {
                        Err(Errno::CANCELED) => {
                            if wake.send(()).is_err() || arm(&timer).is_err() {
                                break;
                            }
                        }
                        Err(Errno::INTR) => {}
                        // The year 2200, or a failure: polling takes over.
                        _ => break,
                    }
                }
                on.0.store(false, Ordering::Relaxed);
            });
        if started.is_err() {
            watching.0.store(false, Ordering::Relaxed);
        }
    }
}
