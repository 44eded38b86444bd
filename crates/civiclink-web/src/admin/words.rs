//! The words of administration pages that the page frame does not know.

use civiclink_accounts::JoinRequestStatus;
use civiclink_i18n::t;

use crate::kit::page::{Page, Val};

/// Administration's words on [`Page`], for the templates of this folder.
pub(crate) trait AdminWords {
    /// A join request's status: pending, approved, declined.
    fn request_status(&self, s: impl Val<JoinRequestStatus>) -> String;
}

impl AdminWords for Page {
    fn request_status(&self, s: impl Val<JoinRequestStatus>) -> String {
        t(self.lang, &format!("request-status-{}", s.val().as_str()))
    }
}
