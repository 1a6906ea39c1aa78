//! ASSEMBLE: one post, page or year intro of the site model, in its two shapes. While
//! assembly places it (URL, date, neighbours, what kind of retrospective it is) it is a
//! [`Draft`] holding its Markdown; the Markdown stage turns every draft into an [`Entry`]
//! holding the HTML instead. An entry is built whole and nothing writes into it after; its
//! placing is shared, so that `gen serve` can keep it across builds. Both read as their
//! [`Placed`] part.
//! Nothing here renders, counts or reads files.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::dates::PostDate;
use crate::discover::{Kind, Source};
use crate::fields::FrontMatter;
use crate::markdown::Rendered;

/// Where an entry is in the site, and what its front matter says.
#[derive(Debug, Clone)]
pub struct Placed {
    pub kind: Kind,
    pub source: Source,
    pub fm: Arc<FrontMatter>,
    pub slug: String,
    /// Site path, unencoded, without the base path: `/2023/회고/`.
    pub url: String,
    /// Always set for posts; for pages only when front matter gives one.
    pub date: Option<PostDate>,
    pub body_line: usize,
    /// The next newer and next older post.
    pub newer: Option<PostId>,
    pub older: Option<PostId>,
    /// For a yearly retrospective, the year it covers.
    pub retro: Option<i16>,
    /// A retrospective of a week, month, project, event... (not a year): listed on the year
    /// page of its publication, "그 밖의 회고".
    pub other_retro: bool,
    /// Dated after the build's "now": left out unless `--drafts`, marked when shown.
    pub future: bool,
}

/// An entry being assembled: placed, its Markdown not rendered yet.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Shared: `gen serve` keeps it while the file's front matter and place stay the same.
    pub placed: Arc<Placed>,
    pub body: Arc<str>,
    /// [`crate::content::Doc::digest`]: what the file said, for `gen serve`'s caches.
    pub digest: u64,
    /// What placing it found worth a word (a slug cut to fit a file name): said by assembly,
    /// which reports in the order of the files.
    pub note: Option<crate::error::Diagnostic>,
}

/// A post (dated, under `content/posts/`), a standalone page or a year intro, rendered.
#[derive(Debug, Clone)]
pub struct Entry {
    pub placed: Arc<Placed>,
    /// Shared with `gen serve`'s cache, which keeps it across rebuilds.
    pub rendered: Arc<Rendered>,
    /// `gen serve`: covers the file, where it lives and its rendered Markdown: the version of
    /// the entry as pages read it (`view::Versions`; 0 in `gen build`).
    pub fingerprint: u64,
    /// The draft's [`Draft::digest`].
    pub digest: u64,
}

impl Deref for Draft {
    type Target = Placed;
    fn deref(&self) -> &Placed {
        &self.placed
    }
}

/// Assembly places a draft step by step (whether it is scheduled, neighbours), while it is
/// the only holder of its placing.
impl DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut Placed {
        Arc::make_mut(&mut self.placed)
    }
}

impl Deref for Entry {
    type Target = Placed;
    fn deref(&self) -> &Placed {
        &self.placed
    }
}

/// A post: its place in [`super::Site::posts`] (newest first). Pages, year intros, years,
/// terms and series have indices of their own; a `PostId` is never taken for one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(pub usize);

impl PostId {
    pub fn index(self) -> usize {
        self.0
    }
}

impl std::ops::Index<PostId> for [Entry] {
    type Output = Entry;
    fn index(&self, id: PostId) -> &Entry {
        &self[id.0]
    }
}

impl std::ops::Index<PostId> for Vec<Entry> {
    type Output = Entry;
    fn index(&self, id: PostId) -> &Entry {
        &self[id.0]
    }
}

impl std::ops::IndexMut<PostId> for [Entry] {
    fn index_mut(&mut self, id: PostId) -> &mut Entry {
        &mut self[id.0]
    }
}

impl std::ops::IndexMut<PostId> for Vec<Entry> {
    fn index_mut(&mut self, id: PostId) -> &mut Entry {
        &mut self[id.0]
    }
}

/// Each post's id and the post, newest first.
pub fn with_ids(posts: &[Entry]) -> impl DoubleEndedIterator<Item = (PostId, &Entry)> + ExactSizeIterator {
    posts.iter().enumerate().map(|(i, p)| (PostId(i), p))
}
