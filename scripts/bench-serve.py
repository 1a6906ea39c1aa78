#!/usr/bin/env python3
"""Edit -> served latency of `gen serve` (a benchmark, not a test).

    cargo build --release
    scripts/make-corpus.py /tmp/c10k --posts 10000
    scripts/bench-serve.py /tmp/c10k [--edits 20] [--gen target/release/gen]

Starts `gen serve` on the site, then 20 times: appends a unique marker to one post (or puts
it in the post's title, or appends it to a yearly retrospective, whose goals feed year pages,
or to a template) and measures the time until the served page contains it. Then writes new
posts (a new URL: every list and the link map change) and measures the time until each is
served. Prints the medians.
"""
import argparse
import os
import re
import statistics
import subprocess
import time
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def wait_for(url, marker, limit=120.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if marker in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.002)
    raise SystemExit(f"timed out waiting for {marker} at {url}")


def measure(path, url, edits, make):
    original = open(path, encoding="utf-8").read()
    times = []
    try:
        for i in range(edits):
            marker = f"bench-marker-{i}-{time.time_ns()}"
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(make(original, marker))
            wait_for(url, marker)
            times.append(time.perf_counter() - start)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    return times


def measure_new(site, base, count):
    """Writes `count` new posts one after another, each timed until its page is served; then
    deletes them (and waits until the last is gone, so that nothing after is measured with it)."""
    made, times = [], []
    try:
        for i in range(count):
            marker = f"bench-new-{i}-{time.time_ns()}"
            path = os.path.join(site, "content", "posts", f"2020-06-15-bench-new-{i}.md")
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"---\ntitle: \"{marker}\"\n---\n새 글.\n")
            made.append(path)
            wait_for(f"{base}/2020/bench-new-{i}/", marker)
            times.append(time.perf_counter() - start)
    finally:
        for path in made:
            os.remove(path)
        if made:
            wait_gone(f"{base}/2020/bench-new-{len(made) - 1}/")
    return times


def wait_gone(url, limit=120.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if "bench-new" not in fetch(url):
            return
        time.sleep(0.01)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--gen", default="target/release/gen")
    args = ap.parse_args()
    proc = subprocess.Popen([args.gen, "serve", "--port", "0", "--root", args.site], stdout=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        base = first.split(" at ")[1].split()[0].rstrip("/")
        posts = sorted(os.listdir(os.path.join(args.site, "content", "posts")))
        post = os.path.join(args.site, "content", "posts", posts[len(posts) // 2])
        slug = posts[len(posts) // 2][11:-3]
        year = posts[len(posts) // 2][:4]
        page = f"{base}/{year}/{slug}/"
        wait_for(page, "<html")
        post_times = measure(post, page, args.edits, lambda text, m: text + f"\n\n{m}\n")
        # A title edit changes front matter: the site is assembled again, and every list that
        # shows the post (home, tags, its year, its neighbours) is rendered again.
        title_times = measure(post, page, args.edits, lambda text, m: re.sub(
            r'^title: "?(.*?)"?$', lambda t: f'title: "{t.group(1)} {m}"', text, count=1, flags=re.M))
        retros = [p for p in posts if "회고" in open(os.path.join(args.site, "content", "posts", p), encoding="utf-8").read(200)]
        retro_name = retros[len(retros) // 2]
        retro = os.path.join(args.site, "content", "posts", retro_name)
        retro_page = f"{base}/{retro_name[:4]}/{retro_name[11:-3]}/"
        wait_for(retro_page, "<html")
        retro_times = measure(retro, retro_page, args.edits, lambda text, m: text + f"\n\n{m}\n")
        tpl_dir = os.path.join(args.site, "templates")
        os.makedirs(tpl_dir, exist_ok=True)
        tpl = os.path.join(tpl_dir, "post.html")
        open(tpl, "w").write('{% extends "theme/post.html" %}')
        wait_for(page, "<html")
        tpl_times = measure(tpl, page, max(3, args.edits // 4),
                            lambda text, m: text + "{% block head %}<meta name=\"bench\" content=\"" + m + "\">{% endblock head %}")
        os.remove(tpl)
        new_times = measure_new(args.site, base, max(3, args.edits // 4))
        print(f"post edit -> served: median {statistics.median(post_times)*1000:.0f} ms over {len(post_times)} edits")
        print(f"title edit -> served: median {statistics.median(title_times)*1000:.0f} ms over {len(title_times)} edits")
        print(f"retrospective edit -> served: median {statistics.median(retro_times)*1000:.0f} ms over {len(retro_times)} edits")
        print(f"template edit -> served: median {statistics.median(tpl_times)*1000:.0f} ms over {len(tpl_times)} edits")
        print(f"new post -> served: median {statistics.median(new_times)*1000:.0f} ms over {len(new_times)} posts")
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
