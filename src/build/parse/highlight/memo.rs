//! PARSE (gen serve): the highlighted blocks `gen serve` keeps in memory between rebuilds, by
//! a hash of their language and code, within a budget of bytes. Past the budget the blocks used
//! longest ago go first: a long session of edits to code would otherwise keep every version of
//! every block ever saved. A block that went is highlighted again when it is next needed, to
//! the same HTML. Highlights nothing itself and touches no file.

use std::collections::HashMap;
use std::sync::Mutex;

use super::BlockStore;

/// What `gen serve` keeps: 7,501 blocks of the code-heavy corpus come to 60 MB of HTML
/// (docs/performance.md), so a large blog's blocks all fit, and old versions go first.
pub const BUDGET: usize = 256 << 20;

/// What one block costs besides its HTML: the key, the map's slot, the string's header.
const OVERHEAD: usize = 64;

pub(super) struct Memo {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Key -> (the block's HTML or `None` for plain, when it was last used).
    blocks: HashMap<u64, (Option<String>, u64)>,
    /// Counts uses: the order in which blocks were last used.
    clock: u64,
    bytes: usize,
}

fn cost(html: &Option<String>) -> usize {
    OVERHEAD + html.as_ref().map_or(0, String::len)
}

impl Memo {
    pub(super) fn new(budget: usize) -> Memo {
        Memo { budget, inner: Mutex::new(Inner::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

impl Inner {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Drops the blocks used longest ago until a quarter of the budget is free, so that the
    /// sort is paid once per many insertions, not on each.
    fn shrink(&mut self, budget: usize) {
        let target = budget - budget / 4;
        let mut by_age: Vec<(u64, u64)> = self.blocks.iter().map(|(k, (_, used))| (*used, *k)).collect();
        by_age.sort_unstable();
        for (_, key) in by_age {
            if self.bytes <= target {
                break;
            }
            if let Some((html, _)) = self.blocks.remove(&key) {
                self.bytes -= cost(&html);
            }
        }
    }
}

impl BlockStore for Memo {
    fn block(&self, lang: &str, code: &str, make: &mut dyn FnMut() -> Option<String>) -> Option<String> {
        let key = crate::digest::key(&[&lang, &code]);
        {
            let mut inner = self.lock();
            let now = inner.tick();
            if let Some((hit, used)) = inner.blocks.get_mut(&key) {
                *used = now;
                return hit.clone();
            }
        }
        // Highlighted outside the lock: other threads highlight other blocks meanwhile.
        let out = make();
        let mut inner = self.lock();
        let now = inner.tick();
        let added = cost(&out);
        if let Some((old, _)) = inner.blocks.insert(key, (out.clone(), now)) {
            inner.bytes -= cost(&old);
        }
        inner.bytes += added;
        if inner.bytes > self.budget {
            inner.shrink(self.budget);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(n: usize) -> Option<String> {
        Some("x".repeat(n))
    }

    /// Asks `memo` for a block, counting the blocks it had to highlight.
    fn get(memo: &Memo, made: &std::cell::Cell<usize>, code: &str, len: usize) {
        memo.block("rust", code, &mut || {
            made.set(made.get() + 1);
            html(len)
        });
    }

    #[test]
    fn the_memo_stays_within_its_budget_and_drops_the_blocks_used_longest_ago() {
        let budget = 10 * (OVERHEAD + 100);
        let (memo, made) = (Memo::new(budget), std::cell::Cell::new(0));
        for i in 0..8 {
            get(&memo, &made, &format!("block {i}"), 100);
        }
        get(&memo, &made, "block 0", 100);
        assert_eq!(made.get(), 8, "a kept block is not highlighted again");
        for i in 8..40 {
            get(&memo, &made, &format!("block {i}"), 100);
            assert!(memo.bytes() <= budget, "{} bytes after block {i}", memo.bytes());
        }
        assert_eq!(made.get(), 40);
        get(&memo, &made, "block 39", 100);
        assert_eq!(made.get(), 40, "the newest block is kept");
        get(&memo, &made, "block 1", 100);
        assert_eq!(made.get(), 41, "an old block went, and is highlighted again when needed");
    }

    #[test]
    fn a_block_used_again_outlives_blocks_added_after_it() {
        let (memo, made) = (Memo::new(4 * (OVERHEAD + 10)), std::cell::Cell::new(0));
        get(&memo, &made, "kept", 10);
        for i in 0..20 {
            get(&memo, &made, &format!("other {i}"), 10);
            get(&memo, &made, "kept", 10);
        }
        assert_eq!(made.get(), 21, "`kept` was highlighted once, each other block once");
    }

    #[test]
    fn plain_blocks_are_remembered_too() {
        let memo = Memo::new(BUDGET);
        let mut made = 0;
        for _ in 0..3 {
            assert_eq!(
                memo.block("nosuchlanguage", "code", &mut || {
                    made += 1;
                    None
                }),
                None
            );
        }
        assert_eq!(made, 1);
    }
}
