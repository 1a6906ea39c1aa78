"""Realistic fenced code for scripts/make-corpus.py --code-blocks: the languages most common on
Korean tech blogs, each a real-looking source file of 20-60 lines from which a block takes a
window of lines, with its identifiers and numbers varied so that blocks are not copies of each
other (real blogs rarely repeat a block, and a cache must not look better than it is)."""

SOURCES = {
    "java": '''package com.example.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    private final OrderRepository orderRepository;
    private final PaymentClient paymentClient;

    public OrderService(OrderRepository orderRepository, PaymentClient paymentClient) {
        this.orderRepository = orderRepository;
        this.paymentClient = paymentClient;
    }

    @Transactional
    public Order place(Long userId, List<LineItem> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("주문 항목이 비어 있습니다");
        }
        long total = items.stream().mapToLong(i -> i.price() * i.quantity()).sum();
        Order order = new Order(userId, items, total, Instant.now());
        orderRepository.save(order);
        paymentClient.charge(userId, total);
        return order;
    }

    @Transactional(readOnly = true)
    public Optional<Order> find(Long id) {
        return orderRepository.findById(id);
    }

    // N+1 문제: fetch join으로 한 번에 가져온다
    public List<Order> recent(int limit) {
        return orderRepository.findRecentWithItems(limit);
    }
}''',
    "kotlin": '''package com.example.feed

import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

data class Post(val id: Long, val title: String, val likes: Int = 0)

class FeedRepository(private val api: FeedApi, private val cache: PostCache) {
    suspend fun load(userId: Long): List<Post> = coroutineScope {
        val mine = async { api.posts(userId) }
        val friends = async { api.friendPosts(userId) }
        (mine.await() + friends.await())
            .distinctBy { it.id }
            .sortedByDescending { it.likes }
    }

    fun observe(): Flow<List<Post>> = cache.stream().map { posts ->
        posts.filter { it.title.isNotBlank() }
    }

    companion object {
        const val PAGE_SIZE = 20
        private const val TAG = "FeedRepository"
    }
}

fun main() {
    val post = Post(id = 1, title = "코루틴 정리")
    println("${post.title}: ${post.likes}")
    when (post.likes) {
        0 -> println("아직 없음")
        in 1..10 -> println("조금")
        else -> println("많음")
    }
}''',
    "typescript": '''import { Injectable } from "@nestjs/common";
import type { Request, Response } from "express";

export interface User {
  id: number;
  name: string;
  email?: string;
  roles: ReadonlyArray<"admin" | "member">;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

@Injectable()
export class UserService {
  private readonly users = new Map<number, User>();

  async find(id: number): Promise<Result<User>> {
    const user = this.users.get(id);
    if (!user) {
      return { ok: false, error: `user ${id} not found` };
    }
    return { ok: true, value: user };
  }

  handler = async (req: Request, res: Response): Promise<void> => {
    const id = Number(req.params.id);
    const result = await this.find(id);
    res.status(result.ok ? 200 : 404).json(result);
  };
}

export function debounce<F extends (...args: unknown[]) => void>(fn: F, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: Parameters<F>) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}''',
    "jsx": '''import React, { useEffect, useState } from "react";
import PropTypes from "prop-types";

export default function TodoList({ userId, onDone }) {
  const [todos, setTodos] = useState([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    fetch(`/api/users/${userId}/todos`)
      .then((res) => res.json())
      .then((data) => {
        if (!cancelled) {
          setTodos(data);
          setLoading(false);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [userId]);

  if (loading) return <p className="muted">불러오는 중...</p>;

  return (
    <ul className="todo-list">
      {todos.map((todo) => (
        <li key={todo.id} onClick={() => onDone(todo.id)}>
          <input type="checkbox" checked={todo.done} readOnly />
          {todo.title}
        </li>
      ))}
    </ul>
  );
}

TodoList.propTypes = { userId: PropTypes.number.isRequired, onDone: PropTypes.func };''',
    "javascript": '''const express = require("express");
const { Pool } = require("pg");

const app = express();
const pool = new Pool({ max: 10, idleTimeoutMillis: 30000 });

app.use(express.json());

app.get("/health", (req, res) => res.send("ok"));

app.get("/users/:id", async (req, res, next) => {
  try {
    const { rows } = await pool.query("SELECT * FROM users WHERE id = $1", [req.params.id]);
    if (rows.length === 0) {
      return res.status(404).json({ message: "없는 사용자" });
    }
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

// 재시도는 지수 백오프와 지터로
async function retry(fn, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (e) {
      const delay = Math.min(1000 * 2 ** i, 10000) * Math.random();
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  throw new Error("retry: gave up");
}

app.listen(process.env.PORT || 3000);''',
    "sql": '''-- 지난 7일 동안 주문이 많은 사용자
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_created
    ON orders (user_id, created_at DESC);

SELECT u.id,
       u.name,
       count(o.id)            AS order_count,
       sum(o.total_amount)    AS revenue,
       max(o.created_at)      AS last_order
FROM users u
JOIN orders o ON o.user_id = u.id
WHERE o.created_at >= now() - interval '7 days'
  AND o.status IN ('PAID', 'SHIPPED')
GROUP BY u.id, u.name
HAVING count(o.id) > 3
ORDER BY revenue DESC
LIMIT 50;

EXPLAIN (ANALYZE, BUFFERS)
SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 10;

WITH monthly AS (
    SELECT date_trunc('month', created_at) AS month, sum(total_amount) AS total
    FROM orders
    GROUP BY 1
)
SELECT month, total, total - lag(total) OVER (ORDER BY month) AS diff
FROM monthly;

UPDATE users SET last_login_at = now() WHERE id = 42;
DELETE FROM sessions WHERE expires_at < now();''',
    "yaml": '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-server
  namespace: production
  labels:
    app: api-server
    team: platform
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: api-server
  template:
    metadata:
      labels:
        app: api-server
    spec:
      containers:
        - name: api
          image: registry.example.com/api-server:1.24.3
          ports:
            - containerPort: 8080
          env:
            - name: SPRING_PROFILES_ACTIVE
              value: "prod"
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-secret
                  key: password
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 1Gi
          readinessProbe:
            httpGet:
              path: /actuator/health
              port: 8080
            initialDelaySeconds: 10''',
    "dockerfile": '''# syntax=docker/dockerfile:1
FROM eclipse-temurin:21-jdk AS build
WORKDIR /app
COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle ./gradle
RUN ./gradlew dependencies --no-daemon
COPY src ./src
RUN ./gradlew bootJar --no-daemon -x test

FROM eclipse-temurin:21-jre-alpine
RUN addgroup -S app && adduser -S app -G app
USER app
WORKDIR /app
COPY --from=build /app/build/libs/*.jar app.jar
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Duser.timezone=Asia/Seoul"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1
ENTRYPOINT ["sh", "-c", "java $JAVA_OPTS -jar app.jar"]''',
    "bash": '''#!/usr/bin/env bash
set -euo pipefail

NAMESPACE=${NAMESPACE:-production}
DEPLOY=api-server
TIMEOUT=180

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

if ! kubectl get ns "$NAMESPACE" >/dev/null 2>&1; then
  log "namespace $NAMESPACE not found"
  exit 1
fi

kubectl -n "$NAMESPACE" set image "deploy/$DEPLOY" api="registry.example.com/$DEPLOY:$1"
if ! kubectl -n "$NAMESPACE" rollout status "deploy/$DEPLOY" --timeout="${TIMEOUT}s"; then
  log "rollout failed, rolling back"
  kubectl -n "$NAMESPACE" rollout undo "deploy/$DEPLOY"
  exit 1
fi

for pod in $(kubectl -n "$NAMESPACE" get pods -l app=$DEPLOY -o name); do
  kubectl -n "$NAMESPACE" logs "$pod" --tail=20 | grep -i error || true
done

find /var/log/app -name '*.log' -mtime +7 -exec gzip {} \\;
du -sh /var/log/app | awk '{print $1}'
log "done"''',
    "go": '''package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"sync"
	"time"
)

type Cache struct {
	mu    sync.RWMutex
	items map[string]entry
}

type entry struct {
	value   []byte
	expires time.Time
}

func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.items[key]
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e.value, true
}

func handler(c *Cache) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if v, ok := c.Get(r.URL.Path); ok {
			w.Write(v)
			return
		}
		if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
			http.Error(w, "timeout", http.StatusGatewayTimeout)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"status": "miss"})
	}
}

func main() {
	c := &Cache{items: make(map[string]entry)}
	log.Fatal(http.ListenAndServe(":8080", handler(c)))
}''',
    "python": '''import asyncio
import logging
from dataclasses import dataclass, field
from typing import Iterable

import aiohttp

logger = logging.getLogger(__name__)


@dataclass
class Job:
    url: str
    retries: int = 3
    tags: list[str] = field(default_factory=list)


async def fetch(session: aiohttp.ClientSession, job: Job) -> str | None:
    for attempt in range(job.retries):
        try:
            async with session.get(job.url, timeout=10) as resp:
                resp.raise_for_status()
                return await resp.text()
        except aiohttp.ClientError as e:
            logger.warning("attempt %d failed for %s: %s", attempt + 1, job.url, e)
            await asyncio.sleep(2 ** attempt)
    return None


async def crawl(urls: Iterable[str], concurrency: int = 8) -> dict[str, int]:
    sem = asyncio.Semaphore(concurrency)
    sizes = {}

    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with sem:
                body = await fetch(session, Job(url))
                sizes[url] = len(body or "")

        await asyncio.gather(*(one(u) for u in urls))
    return sizes


if __name__ == "__main__":
    print(asyncio.run(crawl(["https://example.com"] * 3)))''',
    "rust": '''use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::sync::RwLock;

#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    pub labels: HashMap<String, String>,
}

pub struct Registry {
    metrics: Arc<RwLock<Vec<Metric>>>,
}

impl Registry {
    pub fn new() -> Self {
        Self { metrics: Arc::new(RwLock::new(Vec::new())) }
    }

    pub async fn record(&self, name: &str, value: f64) {
        let mut m = self.metrics.write().await;
        m.push(Metric { name: name.to_owned(), value, labels: HashMap::new() });
    }

    pub async fn p99(&self, name: &str) -> Option<f64> {
        let m = self.metrics.read().await;
        let mut xs: Vec<f64> = m.iter().filter(|x| x.name == name).map(|x| x.value).collect();
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        xs.get(xs.len() * 99 / 100).copied()
    }
}

fn parse_port(s: &str) -> Result<u16> {
    s.parse::<u16>().with_context(|| format!("bad port: {s}"))
}

#[tokio::main]
async fn main() -> Result<()> {
    let port = parse_port("8080")?;
    let r = Registry::new();
    r.record("latency_ms", 120.0).await;
    println!("listening on {port}, p99 = {:?}", r.p99("latency_ms").await);
    Ok(())
}''',
    "json": '''{
  "name": "blog-frontend",
  "version": "2.3.1",
  "private": true,
  "scripts": {
    "dev": "next dev",
    "build": "next build",
    "lint": "eslint . --ext .ts,.tsx",
    "test": "jest --coverage"
  },
  "dependencies": {
    "next": "14.1.0",
    "react": "18.2.0",
    "react-dom": "18.2.0",
    "zustand": "^4.5.0"
  },
  "devDependencies": {
    "@types/react": "^18.2.48",
    "eslint": "^8.56.0",
    "jest": "^29.7.0",
    "typescript": "^5.3.3"
  },
  "engines": { "node": ">=18" },
  "browserslist": ["> 0.5%", "last 2 versions", "not dead"],
  "retries": 3,
  "enabled": true,
  "timeout": null
}''',
    "diff": '''diff --git a/src/main/java/com/example/OrderService.java b/src/main/java/com/example/OrderService.java
index 3f2a1b4..8c9d0e7 100644
--- a/src/main/java/com/example/OrderService.java
+++ b/src/main/java/com/example/OrderService.java
@@ -21,11 +21,14 @@ public class OrderService {
     @Transactional
     public Order place(Long userId, List<LineItem> items) {
-        long total = 0;
-        for (LineItem i : items) {
-            total += i.price() * i.quantity();
-        }
+        if (items.isEmpty()) {
+            throw new IllegalArgumentException("empty order");
+        }
+        long total = items.stream()
+            .mapToLong(i -> i.price() * i.quantity())
+            .sum();
         Order order = new Order(userId, items, total, Instant.now());
         orderRepository.save(order);
-        paymentClient.charge(userId, total);
+        paymentClient.charge(userId, total, idempotencyKey(order));
         return order;
     }''',
    "": '''$ kubectl get pods -n production
NAME                          READY   STATUS             RESTARTS   AGE
api-server-7d9f8b6c5d-2xkqp   1/1     Running            0          3d2h
api-server-7d9f8b6c5d-8hj4w   0/1     CrashLoopBackOff   14         47m
worker-5c6b7d8e9f-q1w2e       1/1     Running            2          12d

2024-03-02T10:15:32.123+09:00 ERROR 1 --- [nio-8080-exec-7] o.h.engine.jdbc.spi.SqlExceptionHelper
  : HikariPool-1 - Connection is not available, request timed out after 30000ms.
java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available
    at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
    at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)

프로젝트 구조
├── src
│   ├── main
│   └── test
└── build.gradle.kts''',
}

# How often each language appears (roughly, on Korean tech blogs); "" is a fence without one.
WEIGHTS = {"java": 12, "kotlin": 6, "typescript": 9, "jsx": 5, "javascript": 9, "sql": 8, "yaml": 9,
           "dockerfile": 4, "bash": 12, "go": 5, "python": 9, "rust": 3, "json": 6, "diff": 2, "": 8}
LANGS = list(WEIGHTS)
CUM = []
_t = 0
for _l in LANGS:
    _t += WEIGHTS[_l]
    CUM.append(_t)

NAMES = ["user", "order", "item", "payment", "session", "config", "result", "count", "buffer",
         "request", "response", "client", "server", "cache", "token", "event", "metric", "node"]


def block_count(rng, average):
    """Blocks in one post: most posts a few, about one in twenty 30 or more; the mean is `average`."""
    if rng.random() < 0.05:
        return rng.randint(30, 45)
    rest = max(average - 0.05 * 37.5, 0) / 0.95
    return min(int(rng.expovariate(1 / rest) + 0.5) if rest > 0 else 0, 29)


def block(rng):
    """(language, code): a window of 3-60 lines (median about 14) of one language's source."""
    lang = rng.choices(LANGS, cum_weights=CUM)[0]
    lines = SOURCES[lang].split("\n")
    n = min(len(lines), max(3, int(rng.lognormvariate(2.6, 0.6))))
    start = rng.randint(0, len(lines) - n)
    code = "\n".join(lines[start:start + n])
    # Vary names and numbers: each block differs, as each post's code does.
    a, b = rng.sample(NAMES, 2)
    code = code.replace("user", a).replace("order", b).replace("42", str(rng.randint(1, 9999)))
    return lang, code.rstrip("\n") or "x"
