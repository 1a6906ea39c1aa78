//! WRITE (helper of `output`): every operation by which the writer changes the disk.
//!
//! Each one announces itself to [`failpoint::step`] first, so that the writer's tests can stop
//! it between any two of them. Nothing in `output` may change the disk except through here.
//! This module must not decide anything: it does what it is told, or says why not.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::failpoint::step;

pub(super) fn create_dir(p: &Path) -> io::Result<()> {
    step(p);
    fs::create_dir(p)
}

pub(super) fn create_dir_all(p: &Path) -> io::Result<()> {
    step(p);
    fs::create_dir_all(p)
}

pub(super) fn remove_file(p: &Path) -> io::Result<()> {
    step(p);
    fs::remove_file(p)
}

pub(super) fn remove_dir(p: &Path) -> io::Result<()> {
    step(p);
    fs::remove_dir(p)
}

pub(super) fn remove_dir_all(p: &Path) -> io::Result<()> {
    step(p);
    fs::remove_dir_all(p)
}

pub(super) fn rename(from: &Path, to: &Path) -> io::Result<()> {
    step(from);
    fs::rename(from, to)
}

pub(super) fn hard_link(from: &Path, to: &Path) -> io::Result<()> {
    step(to);
    fs::hard_link(from, to)
}

pub(super) fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    step(to);
    fs::copy(from, to)
}

#[cfg(unix)]
pub(super) fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    step(link);
    std::os::unix::fs::symlink(target, link)
}

/// Creates `p` with `bytes`. A stop between the two halves leaves a torn file, as a kill in
/// the middle of a write would.
pub(super) fn write(p: &Path, bytes: &[u8]) -> io::Result<fs::File> {
    step(p);
    let mut f = fs::File::create(p)?;
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    f.write_all(first)?;
    step(p);
    f.write_all(rest)?;
    Ok(f)
}

/// Swaps two paths in one step (`renameat2(RENAME_EXCHANGE)` on Linux, `RENAME_SWAP` on
/// macOS): at every moment one of the two sites is at each name. `Unsupported` where the
/// system or the filesystem cannot.
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    step(a);
    exchange_now(a, b)
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange_now(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    #[cfg(test)]
    if super::crash_tests::no_exchange() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| match e {
        rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP => {
            io::ErrorKind::Unsupported.into()
        }
        e => io::Error::from(e),
    })
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange_now(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}
