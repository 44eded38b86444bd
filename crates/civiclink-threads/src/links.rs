//! The addresses of threads' pages. Every category, thread and post in an answer carries
//! `url`, the absolute address of its page; a post's is its anchor on the thread's page where
//! it is shown.

use std::sync::Arc;

use crate::{POSTS_PAGE, PostId, ThreadId};

/// The site's public address, and the pages under it.
#[derive(Clone, Debug)]
pub struct Links {
    base: Arc<str>,
}

impl Links {
    /// `public_url` is the address members use; a trailing slash is dropped.
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').into(),
        }
    }

    pub(crate) fn category(&self, slug: &str) -> String {
        format!("{}/threads/c/{slug}", self.base)
    }

    pub(crate) fn thread(&self, id: ThreadId) -> String {
        format!("{}/threads/{id}", self.base)
    }

    /// Post `number` of thread `thread`: its anchor on the page of the thread that shows it.
    pub(crate) fn post(&self, thread: ThreadId, number: i32, id: PostId) -> String {
        let page = page_of(number);
        if page == 1 {
            format!("{}#post-{id}", self.thread(thread))
        } else {
            format!("{}?page={page}#post-{id}", self.thread(thread))
        }
    }
}

/// The page of a thread that shows post `number` (numbers start at 1).
pub fn page_of(number: i32) -> u32 {
    let n = u32::try_from(number.max(1)).unwrap_or(1);
    (n - 1) / POSTS_PAGE + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_anchored_on_the_page_that_shows_it() {
        let links = Links::new("https://civiclink.example.org/");
        let t = ThreadId::new();
        let p = PostId::new();
        assert_eq!(
            links.post(t, 1, p),
            format!("https://civiclink.example.org/threads/{t}#post-{p}")
        );
        let n = i32::try_from(POSTS_PAGE).unwrap_or(50);
        assert!(links.post(t, n, p).contains(&format!("{t}#post")));
        assert!(links.post(t, n + 1, p).contains("?page=2#post-"));
        assert_eq!(page_of(0), 1);
    }
}
