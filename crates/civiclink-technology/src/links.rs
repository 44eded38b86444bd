//! The addresses of the directory's pages. Every listing, usage record, review and timeline
//! entry in an answer carries `url`, the absolute address of its page (as GitHub's `html_url`
//! does), built from the site's public address.

use std::sync::Arc;

use civiclink_domain::OrgId;

use crate::{ListingId, ReviewId, UsageChangeId, UsageRecordId};

/// The site's public address, and the pages under it.
#[derive(Clone, Debug)]
pub struct Links {
    base: Arc<str>,
}

impl Links {
    /// `public_url` is the address members use (`https://civiclink.example.org`); a trailing
    /// slash is dropped.
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').into(),
        }
    }

    pub(crate) fn listing(&self, id: ListingId) -> String {
        format!("{}/technology/listings/{id}", self.base)
    }

    /// A usage record, where the listing's page lists it.
    pub(crate) fn usage(&self, listing: ListingId, id: UsageRecordId) -> String {
        format!("{}#usage-{id}", self.listing(listing))
    }

    /// A usage record's own page, with its timeline.
    pub(crate) fn record(&self, id: UsageRecordId) -> String {
        format!("{}/technology/usage/{id}", self.base)
    }

    pub(crate) fn change(&self, record: UsageRecordId, id: UsageChangeId) -> String {
        format!("{}#change-{id}", self.record(record))
    }

    /// An organization's stack, grouped by business function.
    pub(crate) fn stack(&self, org: OrgId) -> String {
        format!("{}/organizations/{org}/stack", self.base)
    }

    pub(crate) fn review(&self, listing: ListingId, id: ReviewId) -> String {
        format!("{}#review-{id}", self.listing(listing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_absolute_under_the_public_address() {
        let links = Links::new("https://civiclink.example.org/");
        let id = ListingId::new();
        assert_eq!(
            links.listing(id),
            format!("https://civiclink.example.org/technology/listings/{id}")
        );
        let review = ReviewId::new();
        assert!(
            links
                .review(id, review)
                .ends_with(&format!("#review-{review}"))
        );
    }
}
