#!/usr/bin/env python3
"""Cargo.toml's `rust-version` must equal what the dependencies need (a CI check).

    scripts/check-rust-version.py

Reads `cargo metadata --format-version 1` (every package in Cargo.lock, on every platform,
dev-dependencies included) and takes the highest `rust-version` the dependencies declare.
Cargo.toml says less: a user with that Rust cannot build hoego. It says more: it asks for a
newer Rust than anything needs. Either way this exits 1 and says which packages set the
figure. Packages that declare no `rust-version` cannot be counted, and are not.
"""

import json
import subprocess
import sys


def version(text):
    """'1.85' and '1.85.0' compare equal."""
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        check=True, capture_output=True, text=True).stdout)
    ours = set(meta["workspace_members"])
    mine = [p for p in meta["packages"] if p["id"] in ours]
    deps = [p for p in meta["packages"] if p["id"] not in ours and p.get("rust_version")]
    need = max(version(p["rust_version"]) for p in deps)
    setters = sorted(f"{p['name']} {p['version']}" for p in deps if version(p["rust_version"]) == need)
    figure = ".".join(str(n) for n in need).removesuffix(".0")
    bad = False
    for p in mine:
        said = p.get("rust_version")
        if said is None or version(said) != need:
            print(f"{p['name']}: Cargo.toml says rust-version = {said!r}, the dependencies need {figure} "
                  f"({', '.join(setters)}); set rust-version = \"{figure}\"", file=sys.stderr)
            bad = True
    if bad:
        return 1
    undeclared = sum(1 for p in meta["packages"] if p["id"] not in ours and not p.get("rust_version"))
    print(f"rust-version {figure}: the highest of {len(deps)} dependencies' ({', '.join(setters)}); "
          f"{undeclared} declare none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
