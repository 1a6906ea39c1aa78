//! The engine of `tests/it/fuzz.rs`: a mutation fuzzer on stable Rust, without coverage guidance
//! (`cargo fuzz` needs nightly, which cannot be installed here). It takes seed inputs, mutates
//! them ([`mutate`]) and runs each under `catch_unwind`. A panic is a finding: the input is
//! written to `<target dir>/fuzz-crashes/<target>-<hash>` and the seed printed. An input slower
//! than [`Settings::slow`] twice in a row is written as `<target>-slow-<hash>`: a possible
//! non-linear path.
//!
//! What `catch_unwind` cannot catch (a stack overflow, an abort, a hang, memory running out)
//! leaves `<target>-in-progress` behind, the input that was running; a watchdog turns a hang
//! or runaway memory into `<target>-hang-<hash>` / `<target>-memory-<hash>` and stops the
//! process. Each iteration's generator is seeded from the run's seed, the target and the
//! iteration number, so one seed always makes the same inputs.

#![allow(dead_code)] // each test uses part of the engine

pub mod mutate;
pub mod seeds;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// One thing to fuzz.
pub struct Target {
    pub name: &'static str,
    /// Runs one input; a panic is a finding.
    pub run: fn(&[u8]),
    pub seeds: Vec<Vec<u8>>,
    /// Tokens worth inserting for this target beyond [`mutate::DICTIONARY`] (file names…).
    pub tokens: &'static [&'static str],
    /// Inputs are cut to this length after mutation (seeds run once as they are).
    pub max_len: usize,
}

/// How long to fuzz a target.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    Iterations(u64),
    Time(Duration),
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub budget: Budget,
    pub seed: u64,
    /// An input taking longer is reported as slow.
    pub slow: Duration,
    /// An input taking longer stops the process (it may never finish).
    pub hang: Duration,
    /// Resident memory past this stops the process.
    pub max_rss: u64,
    pub out_dir: PathBuf,
}

impl Settings {
    /// Limits for this build: a debug build runs roughly ten times slower.
    pub fn new(budget: Budget, seed: u64) -> Settings {
        let scale = if cfg!(debug_assertions) { 15 } else { 1 };
        Settings {
            budget,
            seed,
            slow: Duration::from_secs(2 * scale),
            hang: Duration::from_secs(60 * scale),
            max_rss: 4 << 30,
            out_dir: crash_dir(),
        }
    }
}

/// `<target dir>/fuzz-crashes` (`CARGO_TARGET_DIR` is honoured), or `HOEGO_FUZZ_OUT`.
pub fn crash_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HOEGO_FUZZ_OUT") {
        return dir.into();
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("fuzz-crashes")
}

#[derive(Debug)]
pub struct Finding {
    pub file: PathBuf,
    pub iteration: u64,
    pub secs: f64,
    pub message: String,
}

#[derive(Debug)]
pub struct Report {
    pub target: &'static str,
    pub seed: u64,
    pub iterations: u64,
    pub elapsed: Duration,
    pub crashes: Vec<Finding>,
    pub slow: Vec<Finding>,
    /// Panics seen, by place (the same bug is written to disk only a few times).
    pub panics_by_place: BTreeMap<String, u64>,
    /// The slowest inputs: (seconds, iteration, length), slowest first.
    pub slowest: Vec<(f64, u64, usize)>,
}

impl Report {
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mut s = format!(
            "{:<12} seed {:<20} {:>9} execs in {:>7.1} s = {:>8.1} execs/s; {} panic(s) at {} place(s), {} slow",
            self.target,
            self.seed,
            self.iterations,
            secs,
            self.iterations as f64 / secs.max(1e-9),
            self.panics_by_place.values().sum::<u64>(),
            self.panics_by_place.len(),
            self.slow.len(),
        );
        let slowest: Vec<String> = self
            .slowest
            .iter()
            .map(|(s, i, n)| format!("{}:{}:{i} {s:.3} s ({n} B)", self.target, self.seed))
            .collect();
        s.push_str(&format!("\n  slowest: {}", slowest.join(", ")));
        for f in self.crashes.iter().chain(&self.slow) {
            s.push_str(&format!(
                "\n  {}:{}:{} ({:.2} s): {}\n    input: {}",
                self.target,
                self.seed,
                f.iteration,
                f.secs,
                f.message,
                f.file.display()
            ));
        }
        s
    }
}

/// Fuzzes `target`: first every seed as it is, then mutants, until the budget is spent.
pub fn run(target: &Target, settings: &Settings) -> Report {
    install_panic_hook();
    std::fs::create_dir_all(&settings.out_dir).expect("crash folder");
    let in_progress = settings.out_dir.join(format!("{}-in-progress", target.name));
    let watch = Watchdog::start(target.name, &in_progress, settings);
    let mut report = Report {
        target: target.name,
        seed: settings.seed,
        iterations: 0,
        elapsed: Duration::ZERO,
        crashes: Vec::new(),
        slow: Vec::new(),
        panics_by_place: BTreeMap::new(),
        slowest: Vec::new(),
    };
    let started = Instant::now();
    let mut i = 0u64;
    loop {
        let done = match settings.budget {
            Budget::Iterations(n) => i >= n,
            Budget::Time(d) => started.elapsed() >= d,
        };
        if done {
            break;
        }
        let input = input(target, settings.seed, i);
        // Left behind only if the process dies on this input.
        let _ = std::fs::write(&in_progress, &input);
        watch.begin();
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        let took = t.elapsed();
        watch.end();
        note_slowest(&mut report.slowest, (took.as_secs_f64(), i, input.len()));
        if let Err(payload) = outcome {
            let message = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| payload_text(&*payload));
            let place = message.lines().next().unwrap_or("").to_owned();
            let seen = report.panics_by_place.entry(place).or_insert(0);
            *seen += 1;
            if *seen <= 3 {
                let file = save(&settings.out_dir, target.name, "", &input);
                report.crashes.push(Finding { file, iteration: i, secs: took.as_secs_f64(), message });
            }
        } else if took > settings.slow {
            // Once more: on a busy machine (or the site target's file system) a pause is not a
            // slow path. Slow only if both runs were.
            watch.begin();
            let again = Instant::now();
            let _ = catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
            let again = again.elapsed();
            watch.end();
            if again > settings.slow {
                let file = save(&settings.out_dir, target.name, "slow-", &input);
                let (a, b, limit) = (took.as_secs_f64(), again.as_secs_f64(), settings.slow.as_secs_f64());
                let message = format!("took {a:.2} s, then {b:.2} s (limit {limit:.0} s)");
                report.slow.push(Finding { file, iteration: i, secs: a.min(b), message });
            }
        }
        i += 1;
    }
    watch.stop();
    let _ = std::fs::remove_file(&in_progress);
    report.iterations = i;
    report.elapsed = started.elapsed();
    report
}

fn note_slowest(top: &mut Vec<(f64, u64, usize)>, run: (f64, u64, usize)) {
    if top.len() < 3 || run.0 > top[top.len() - 1].0 {
        top.push(run);
        top.sort_by(|a, b| b.0.total_cmp(&a.0));
        top.truncate(3);
    }
}

/// Iteration `i`'s input: the seeds as they are, then mutants, each from a generator seeded by
/// the run's seed, the target's name and `i` alone (so any one can be made again).
pub fn input(target: &Target, seed: u64, i: u64) -> Vec<u8> {
    if let Some(s) = target.seeds.get(i as usize) {
        return s.clone();
    }
    let name_key = xxhash_rust::xxh3::xxh3_64(target.name.as_bytes());
    let mut rng = mutate::Rng::new(seed ^ name_key ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut input = target.seeds[rng.below(target.seeds.len())].clone();
    mutate::mutate(&mut input, &mut rng, &target.seeds, target.tokens, target.max_len);
    input
}

/// Writes an input under its hash; returns the file.
pub fn save(dir: &Path, target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let file = dir.join(format!("{target}-{kind}{:016x}", xxhash_rust::xxh3::xxh3_64(input)));
    let _ = std::fs::write(&file, input);
    file
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic with a non-text payload".into())
}

thread_local! {
    /// While this thread fuzzes, panics are recorded here instead of printed.
    static QUIET: RefCell<bool> = const { RefCell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Quietens panics on the fuzzing thread (thousands of expected-looking backtraces would bury
/// the report) and keeps their place and message; other threads print as usual.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(|q| *q.borrow()) {
                let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
                let text = payload_text(info.payload());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panicked at {place}: {text}")));
            } else {
                default(info);
            }
        }));
    });
    QUIET.with(|q| *q.borrow_mut() = true);
}

/// Watches the input that is running: past `hang`, or past `max_rss` of memory, it keeps the
/// input and ends the process (neither can be caught).
struct Watchdog {
    /// Milliseconds since `epoch` when the running input started, plus one; 0 when idle.
    running_since: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    epoch: Instant,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(target: &'static str, in_progress: &Path, settings: &Settings) -> Watchdog {
        let running_since = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let epoch = Instant::now();
        let (since, halt, file, s) = (running_since.clone(), stop.clone(), in_progress.to_owned(), settings.clone());
        let thread = std::thread::spawn(move || {
            while !halt.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(250));
                let began = since.load(Ordering::Relaxed);
                let now = epoch.elapsed().as_millis() as u64 + 1;
                let running = Duration::from_millis(now.saturating_sub(began));
                let why = if began > 0 && running > s.hang {
                    Some("hang-")
                } else if resident_bytes().is_some_and(|r| r > s.max_rss) {
                    Some("memory-")
                } else {
                    None
                };
                if let Some(kind) = why {
                    let input = std::fs::read(&file).unwrap_or_default();
                    let kept = save(&s.out_dir, target, kind, &input);
                    eprintln!("fuzz {target}: {kind}limit passed; input kept in {}", kept.display());
                    std::process::exit(3);
                }
            }
        });
        Watchdog { running_since, stop, epoch, thread: Some(thread) }
    }

    fn begin(&self) {
        self.running_since.store(self.epoch.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
    }

    fn end(&self) {
        self.running_since.store(0, Ordering::Relaxed);
    }

    fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The process's resident memory (Linux; `None` elsewhere).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The stack a build's worker threads have: 2 MiB in a release build, as rayon gives them; a
/// debug build's frames are several times larger, so 16 MiB there.
const WORKER_STACK: usize = if cfg!(debug_assertions) { 16 << 20 } else { 2 << 20 };

/// Runs `f` on a thread with a worker's stack, after giving rayon's pool the same.
pub fn on_worker_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    static POOL: Once = Once::new();
    // Fails only if a pool exists already; that one's stacks are the default, 2 MiB.
    POOL.call_once(|| drop(rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK).build_global()));
    let stack = WORKER_STACK;
    let handle = std::thread::Builder::new().stack_size(stack).spawn(f).expect("fuzz thread");
    match handle.join() {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}
