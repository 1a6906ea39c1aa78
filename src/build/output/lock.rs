//! WRITE (helper of `output`): one build at a time per output folder.
//!
//! Two builds writing one output at once (an editor's build-on-save beside a terminal build)
//! used to mix their files and publish a site with a fraction of its pages. A build now holds
//! an advisory lock on a file beside the output, `.<name>.hoego-lock`, from before it reads
//! the output until its new site is swapped in. The operating system drops the lock when the
//! process ends, however it ends, so a killed build never leaves a stale lock. A second build
//! waits for the first (saying so once) or, past its `--lock-timeout`, gives up. The lock file
//! stays: removing it would let a third build lock a file nobody else sees. This module locks;
//! it must not read or write the site.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to wait for another build of the same output, and whom to tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct LockWait {
    /// `None`: wait as long as it takes.
    pub timeout: Option<Duration>,
    /// Called once when the lock is held by another build, with the lock file's path.
    pub on_wait: Option<fn(&Path)>,
}

/// The lock, held while this value lives; [`super::Staging::begin`] takes it.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    /// The output folder, symbolic links resolved: what the build writes.
    pub(super) output: PathBuf,
}

/// Why no lock was taken.
#[derive(Debug)]
pub enum LockError {
    /// Another build held it for all of `--lock-timeout`.
    Busy { lock_file: PathBuf, waited: Duration },
    /// The lock file could not be made or locked.
    Io(anyhow::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { lock_file, waited } => write!(
                f,
                "another gen build is writing this output (it holds {}); gave up after {:.1} s: wait for it to finish, or raise --lock-timeout",
                lock_file.display(),
                waited.as_secs_f64()
            ),
            LockError::Io(e) => write!(f, "{e:#}"),
        }
    }
}

/// Locks `output` (already resolved: see [`super::resolve`]) for one build.
pub fn lock(output: &Path, wait: &LockWait) -> Result<Lock, LockError> {
    let (parent, name) = super::beside(output);
    std::fs::create_dir_all(&parent)
        .map_err(|e| LockError::Io(anyhow::Error::new(e).context(format!("cannot create {}", parent.display()))))?;
    let lock_file = parent.join(format!(".{name}.hoego-lock"));
    let file =
        OpenOptions::new().create(true).truncate(false).write(true).open(&lock_file).map_err(|e| {
            LockError::Io(anyhow::Error::new(e).context(format!("cannot open {}", lock_file.display())))
        })?;
    let start = Instant::now();
    let mut told = false;
    let mut pause = Duration::from_millis(5);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file, output: output.to_path_buf() }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                let e = anyhow::Error::new(e).context(format!("cannot lock {}", lock_file.display()));
                return Err(LockError::Io(e));
            }
        }
        let waited = start.elapsed();
        if wait.timeout.is_some_and(|t| waited >= t) {
            return Err(LockError::Busy { lock_file, waited });
        }
        if !told {
            told = true;
            if let Some(tell) = wait.on_wait {
                tell(&lock_file);
            }
        }
        // std has no timed lock: poll, backing off to a fifth of a second.
        let left = wait.timeout.map_or(Duration::MAX, |t| t.saturating_sub(waited));
        std::thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_millis(200));
    }
}
