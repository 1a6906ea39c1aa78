#!/usr/bin/env python3
"""hoego vs Hugo, side by side on the same synthetic blog (a benchmark, not a test).

    cargo build --release && apt-get install hugo
    scripts/bench.py [--posts 10000] [--runs 5] [--work /tmp/hoego-bench] [--corpora plain,code]
                     [--code-blocks 8] [--gen target/release/gen] [--before /tmp/gen-before]

For each corpus (plain: the prose-heavy blog with 0-3 code blocks a post; code: the code-heavy
one, `make-corpus.py --code-blocks 8`, highlighted by both with CSS classes), writes it once
(scripts/make-corpus.py), lays it out as a hoego site and as a Hugo
site (scripts/hugo-site: equivalent pages), builds each once to warm up, then --runs times
alternating, and prints medians of wall time, CPU time (user+sys) and peak RSS with the
hoego/Hugo ratios, for hoego both over its previous output and into a new folder, and the I/O
floor: reading every input and copying hoego's output tree, measured in every round beside the
builds. Hugo builds no search index, so hoego's rows are built with `[search] enabled = false`
(set in the corpus's gen.toml) and one more row, "fresh output, search on", adds the index
(the budget of issue #16) (the machine's speed drifts; a floor measured once compared with medians of builds made
minutes apart said more about the drift than about hoego). With --before, another hoego binary (the
code before a change) builds into a new folder without the cache in every round too, the two taking
turns to go first, so that a change is measured before and after in one run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, cwd):
    """Runs cmd; returns (wall s, cpu s, peak RSS MiB) of the child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def setup(work, posts, code_blocks):
    corpus = os.path.join(work, "hoego")
    stamp = os.path.join(work, "corpus-args")
    want = f"{posts} {code_blocks}"
    made = open(stamp).read() if os.path.exists(stamp) else ""
    if made != want or not os.path.isdir(os.path.join(corpus, "content")):
        shutil.rmtree(work, ignore_errors=True)
        extra = ["--code-blocks", str(code_blocks)] if code_blocks else []
        subprocess.run([sys.executable, os.path.join(HERE, "make-corpus.py"), corpus, "--posts", str(posts)] + extra,
                       check=True)
        with open(stamp, "w") as f:
            f.write(want)
    hugo = os.path.join(work, "hugo")
    shutil.rmtree(hugo, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "hugo-site"), hugo, ignore=shutil.ignore_patterns("content-extra"))
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(hugo, "content"))
    shutil.copy(os.path.join(HERE, "hugo-site", "content-extra", "archive.md"), os.path.join(hugo, "content", "archive.md"))
    return corpus, hugo


def set_search(corpus, on):
    """Turns the corpus's search index on or off (a `[search]` table at the end of gen.toml)."""
    path = os.path.join(corpus, "gen.toml")
    text = open(path, encoding="utf-8").read()
    text = text.split("\n[search]\n")[0].rstrip("\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + f"\n\n[search]\nenabled = {'true' if on else 'false'}\n")


def io_floor(corpus):
    start = time.perf_counter()
    total = 0
    for d, _, files in os.walk(os.path.join(corpus, "content")):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                total += len(fh.read())
    read = time.perf_counter() - start
    dest = os.path.join(os.path.dirname(corpus), "copy-floor")
    shutil.rmtree(dest, ignore_errors=True)
    start = time.perf_counter()
    shutil.copytree(os.path.join(corpus, "public"), dest)
    copy = time.perf_counter() - start
    shutil.rmtree(dest, ignore_errors=True)
    return read, copy, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/hoego-bench")
    ap.add_argument("--gen", default=os.path.join(ROOT, "target", "release", "gen"))
    ap.add_argument("--corpora", default="plain,code", help="which corpora, in order: plain, code")
    ap.add_argument("--code-blocks", type=float, default=8, help="blocks per post in the code corpus")
    ap.add_argument("--before", help="another gen binary, built before a change: one more row, fresh output, no cache")
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo not found: apt-get install hugo")
    for name in args.corpora.split(","):
        if name not in ("plain", "code"):
            sys.exit(f"unknown corpus {name!r}: plain or code")
        blocks = args.code_blocks if name == "code" else None
        # The plain corpus keeps the folder it always had, so an earlier copy is reused.
        work = args.work if name == "plain" else os.path.join(args.work + "-code")
        print(f"\n## {name} corpus" + (f" ({blocks:g} code blocks a post on average)" if blocks else ""))
        bench(args, work, blocks)


def bench(args, work, code_blocks):
    corpus, hugo = setup(work, args.posts, code_blocks)
    gen_cmd = [args.gen, "build", "--quiet"]
    # The same build into an output folder that does not exist yet (as in CI from a clean
    # clone): every file written, every folder made, nothing to compare with.
    fresh_out = os.path.join(work, "fresh-public")
    fresh_cmd = gen_cmd + ["--output", fresh_out]
    hugo_cmd = ["hugo", "--quiet"]
    # The build cache (.hoego-cache/): "no cache" is a first build, or CI without a cached
    # folder; the other hoego rows find the blocks of the previous build there.
    no_cache = "--no-cache" in subprocess.run([args.gen, "build", "--help"], capture_output=True, text=True).stdout
    set_search(corpus, False)
    run(gen_cmd, corpus)  # warm-up: caches, page cache
    run(hugo_cmd, hugo)
    rows = ["hoego", "hoego, fresh output"] + (["hoego, fresh output, no cache", "hoego, one post edited"] if no_cache else [])
    rows.append("hoego, fresh output, search on")
    if args.before and no_cache:
        rows.append("before, fresh output, no cache")
    results = {k: [] for k in rows + ["hugo"]}
    floors = []
    edited = sorted(os.listdir(os.path.join(corpus, "content", "posts")))[len(rows)]
    edited = os.path.join(corpus, "content", "posts", edited)

    def fresh(extra, gen=None):
        for d in (fresh_out, os.path.join(work, ".fresh-public.hoego-staging")):
            shutil.rmtree(d, ignore_errors=True)
        cmd = fresh_cmd if gen is None else [gen] + fresh_cmd[1:]
        return run(cmd + extra, corpus)

    for i in range(args.runs):
        results["hoego"].append(run(gen_cmd, corpus))
        results["hoego, fresh output"].append(fresh([]))
        if no_cache:
            # Before and after take turns to go first: the machine's drift falls on both alike.
            if args.before and i % 2 == 0:
                results["before, fresh output, no cache"].append(fresh(["--no-cache"], args.before))
            results["hoego, fresh output, no cache"].append(fresh(["--no-cache"]))
            if args.before and i % 2 == 1:
                results["before, fresh output, no cache"].append(fresh(["--no-cache"], args.before))
            # An author's edit: one more line of prose and one more code block in one post.
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\n수정 {i}.\n\n```python\nprint({i})\n```\n")
            results["hoego, one post edited"].append(run(gen_cmd, corpus))
        set_search(corpus, True)
        results["hoego, fresh output, search on"].append(fresh([]))
        index = os.path.join(fresh_out, "pagefind")
        index_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(index) for f in fs) / 1e6
        set_search(corpus, False)
        results["hugo"].append(run(hugo_cmd, hugo))
        floors.append(io_floor(corpus))
        print(f"run {i + 1}/{args.runs}: " + ", ".join(f"{k} {v[-1][0]:.2f} s" for k, v in results.items())
              + f", floor {floors[-1][0] + floors[-1][1]:.2f} s", file=sys.stderr)
    read, copy = (statistics.median(f[j] for f in floors) for j in range(2))
    floor = statistics.median(f[0] + f[1] for f in floors)
    size = floors[0][2]
    med = {k: [statistics.median(x[j] for x in v) for j in range(3)] for k, v in results.items()}
    print(f"\n{args.posts} posts ({size / 1e6:.0f} MB of Markdown), medians of {args.runs} alternating runs\n")
    print("| | wall | CPU | peak RSS | wall / I/O floor |")
    print("|---|---|---|---|---|")
    for k, (w, c, m) in med.items():
        print(f"| {k} | {w:.2f} s | {c:.2f} s | {m:.0f} MiB | {w / floor:.2f}x |")
    for k in rows:
        rw, rc, rm = (med[k][j] / med["hugo"][j] for j in range(3))
        print(f"| {k} / Hugo | {rw:.2f}x | {rc:.2f}x | {rm:.2f}x | |")
    per_round = {k: statistics.median(r[0] / (f[0] + f[1]) for r, f in zip(v, floors)) for k, v in results.items()}
    print("\nmedian of the per-round ratios wall / I/O floor (the machine's speed drifts between rounds): "
          + ", ".join(f"{k} {x:.2f}x" for k, x in per_round.items() if k != "hugo"))
    base = med["hoego, fresh output"][0]
    print(f"\nsearch index: +{med['hoego, fresh output, search on'][0] / base - 1:.0%} wall over \"hoego, fresh output\" "
          f"(budget +15%), {index_mb:.1f} MB ({index_mb * 1000 / args.posts:.1f} MB per 1,000 posts)")
    print(f"\nI/O floor (medians of {args.runs}, one per round): reading all inputs {read:.2f} s + copying hoego's "
          f"output tree {copy:.2f} s = {floor:.2f} s. \"hoego\" rebuilds over its previous output (unchanged files "
          f"are not written again); Hugo rebuilds over its own.")

if __name__ == "__main__":
    main()
