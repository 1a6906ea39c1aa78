#!/usr/bin/env python3
"""Deterministic synthetic blog for benchmarks: N mixed Korean/English posts over ten years.

    scripts/make-corpus.py OUT_DIR [--posts 10000] [--seed 1] [--code-blocks 8]

Writes OUT_DIR/gen.toml and OUT_DIR/content/posts/*.md: about 10 KB of Markdown per post with
headings, lists, task lists, tables, footnotes, links, 0-3 fenced code blocks, 1-4 tags from a
pool, and about one post in twelve a yearly retrospective with goals. Same seed, same bytes.

--code-blocks N makes a code-heavy blog instead: N fenced blocks a post on average (about one
post in twenty has 30-45), in the languages of scripts/corpus_code.py (Java, Kotlin,
TypeScript, JSX, SQL, YAML, Dockerfile, Bash, Go, Python, Rust, JSON, diff... and fences with
no language), each 3-60 lines (median about 13) cut from a real-looking file, spread through
the prose. Without it the corpus is byte for byte what it always was.
"""
import argparse
import os
import random

import corpus_code

KO = ("배포 파이프라인을 정리하면서 알게 된 것은 작은 자동화가 쌓이면 큰 차이를 만든다는 점이다. "
      "장애가 났을 때 가장 먼저 본 것은 대시보드였고, 그 다음은 로그였다. 쿠버네티스 노드가 "
      "갑자기 NotReady로 바뀌었고 원인은 디스크 압박이었다. 데이터베이스 커넥션 풀을 늘리기 전에 "
      "쿼리부터 다시 보자고 팀에 제안했다. ").split(". ")
EN = ("We rolled the change out behind a feature flag and watched the error budget. "
      "The p99 latency dropped from 800 ms to 120 ms after the index was added. "
      "Observability is not a dashboard, it is the ability to ask new questions. "
      "Retries without jitter turned a small blip into a thundering herd. ").split(". ")
TAGS = ["rust", "go", "kubernetes", "쿠버네티스", "postgresql", "데이터베이스", "장애", "회고",
        "terraform", "aws", "ci", "관측성", "성능", "커리어", "kafka", "nginx", "python", "docker"]
CODE = {
    "rust": 'fn main() {\n    let xs: Vec<u32> = (1..=10).collect();\n    println!("{}", xs.iter().sum::<u32>());\n}',
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}',
    "python": "def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a",
    "yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3",
    "sql": "SELECT user_id, count(*)\nFROM orders\nWHERE created_at > now() - interval '1 day'\nGROUP BY 1;",
    "bash": "set -euo pipefail\nkubectl rollout status deploy/api --timeout=120s",
}


def paragraph(rng, n):
    out = []
    for _ in range(n):
        out.append((rng.choice(KO) if rng.random() < 0.7 else rng.choice(EN)).strip() + ".")
    return " ".join(out)


def post(rng, i, year, code_blocks=None):
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    retro = i % 12 == 0
    title = f"{year}년 회고" if retro else f"{rng.choice(['장애 기록', '성능 튜닝', 'Notes on', '배포 이야기'])} #{i}"
    if retro:
        month, day = 12, 30
    tags = rng.sample(TAGS, rng.randint(1, 4))
    fm = [f'title: "{title}"', f"date: {year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}",
          f"tags: [{', '.join(tags)}]"]
    if retro:
        fm.append("goals: [책 12권 읽기, 블로그 24편, 하프 마라톤]")
    body = [paragraph(rng, 4), "", "<!-- more -->", ""]
    while sum(len(x) for x in body) < 9000:
        body += [f"## 섹션 {len(body)}", "", paragraph(rng, 6), ""]
        body += ["- 항목 하나", "- [x] 끝낸 일", "- [ ] 남은 일", ""]
        if rng.random() < 0.3:
            body += ["| 지표 | 이전 | 이후 |", "|---|---|---|", "| p99 | 800ms | 120ms |", ""]
        if rng.random() < 0.25:
            body += [paragraph(rng, 2) + "[^1]", "", "[^1]: 각주 설명.", ""]
        if rng.random() < 0.2:
            body += ["[문서](https://example.com/docs) 참고.", ""]
    if code_blocks is None:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            lang = rng.choice(list(CODE))
            body += [f"```{lang}", CODE[lang], "```", ""]
    else:
        # Its own generator, so the prose is the plain corpus's whatever the knob says.
        # Between blocks of prose (after a blank line), never inside a list or a table.
        crng = random.Random(f"code-{i}")
        for _ in range(corpus_code.block_count(crng, code_blocks)):
            lang, code = corpus_code.block(crng)
            at = crng.choice([j for j in range(4, len(body) + 1) if body[j - 1] == ""])
            body[at:at] = [f"```{lang}", code, "```", ""]
    return f"{year}-{month:02d}-{day:02d}-post-{i}.md", "---\n" + "\n".join(fm) + "\n---\n" + "\n".join(body) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--code-blocks", type=float, default=None,
                    help="fenced code blocks per post on average (a code-heavy blog)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    posts = os.path.join(args.out, "content", "posts")
    os.makedirs(posts, exist_ok=True)
    with open(os.path.join(args.out, "gen.toml"), "w", encoding="utf-8") as f:
        f.write('title = "Bench"\nbase_url = "https://bench.example.com/"\n')
    for i in range(args.posts):
        name, text = post(rng, i, 2015 + i % 10, args.code_blocks)
        with open(os.path.join(posts, name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
