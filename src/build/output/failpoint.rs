//! WRITE (helper of `output`): a place to stop the writer between two filesystem operations.
//!
//! Every operation that changes the disk in `output` calls [`step`] first. In a release or
//! debug build of gen it does nothing and compiles away. In `output`'s unit tests a test arms
//! it for one folder: the `n`th operation under that folder, and every one after it, unwinds
//! instead of running, which is what a `kill -9` at that moment leaves behind (no cleanup code
//! runs and no later write happens). The tests then check that the published folder is the
//! old site or the new one, never a mix, and that the next build recovers. This module must
//! not do anything else.

/// Called before each disk-changing operation on `path`.
#[cfg(not(test))]
#[inline(always)]
pub(super) fn step(_path: &std::path::Path) {}

#[cfg(test)]
pub(super) use armed::step;

#[cfg(test)]
pub(super) mod armed {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard};

    /// The payload a stopped writer unwinds with (`resume_unwind` skips the panic hook, so
    /// hundreds of stops print nothing).
    #[derive(Debug)]
    pub struct Killed;

    struct Armed {
        under: PathBuf,
        left: usize,
        fired: bool,
        seen: usize,
    }

    static ARMED: Mutex<Option<Armed>> = Mutex::new(None);
    /// Held by a test for as long as it arms: one armed folder at a time.
    static TURN: Mutex<()> = Mutex::new(());

    fn armed() -> MutexGuard<'static, Option<Armed>> {
        ARMED.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn step(path: &Path) {
        let mut guard = armed();
        let Some(a) = guard.as_mut().filter(|a| path.starts_with(&a.under)) else { return };
        a.seen += 1;
        if !a.fired && a.left > 0 {
            a.left -= 1;
            return;
        }
        a.fired = true;
        drop(guard);
        std::panic::resume_unwind(Box::new(Killed));
    }

    /// Stops every operation under `under` from the `n`th on (0: the first) while the returned
    /// guard lives.
    pub struct Guard {
        _turn: MutexGuard<'static, ()>,
    }

    pub fn arm(under: &Path, n: usize) -> Guard {
        let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
        *armed() = Some(Armed { under: under.to_path_buf(), left: n, fired: false, seen: 0 });
        Guard { _turn: turn }
    }

    impl Guard {
        /// Whether the writer was stopped; else the number of operations it made.
        pub fn result(&self) -> Result<usize, ()> {
            match armed().as_ref() {
                Some(a) if a.fired => Err(()),
                Some(a) => Ok(a.seen),
                None => Ok(0),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            *armed() = None;
        }
    }
}
