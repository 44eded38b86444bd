# The technology directory: listings, business functions, revisions and moderation.
nav-technology = Technology
tech-title = Technology directory
tech-intro = Which services, hardware and software municipalities use, for each business function.
tech-propose-link = Propose a listing
tech-review-link = { $n ->
    [0] Review queue: nothing waiting
    [one] Review queue: one revision waiting
   *[other] Review queue: { $n } revisions waiting
}
tech-filters = Filter listings
tech-name = Name
tech-function = Business function
tech-functions = Business functions
tech-functions-hint = Choose one to eight.
tech-kind = Kind
tech-vendor = Vendor
tech-vendor-org = Vendor's organization on CivicLink
tech-vendor-org-hint = If the vendor has an organization page here, choose it.
tech-hosting = Hosting
tech-versions = Known versions
tech-versions-hint = One per line, newest first.
tech-website = Website
tech-description = Description
tech-description-hint = What it does and for whom. Markdown: links, lists and code are kept.
tech-summary = What changed
tech-summary-hint = A few words for the history and the moderators.
tech-shown = { $n ->
    [0] No listings on this page.
    [one] One listing on this page.
   *[other] { $n } listings on this page.
}
tech-empty = No listing matches. Try fewer filters, or propose the one you are looking for.
tech-back = Back to the technology directory
tech-back-to = Back to { $name }
tech-suggest-edit = Suggest an edit
tech-history-link = { $n ->
    [one] History (one revision)
   *[other] History ({ $n } revisions)
}
tech-pending-edits = { $n ->
    [one] one edit waits for review
   *[other] { $n } edits wait for review
}
tech-updated = Last changed
tech-propose-title = Propose a listing
tech-propose-intro = A moderator reviews each proposal before it appears in the directory.
tech-edit-title = Suggest an edit
tech-edit-intro = Your edit of { $name } is kept in its history; a moderator reviews it first.
tech-view-listing = View the listing
tech-near-title = Did you mean one of these?
tech-confirm-new = None of these: this is another product.
tech-propose-submit = Propose
tech-edit-submit = Suggest this edit
tech-history-title = History
tech-history-intro = Every revision of { $name }, newest first, with who wrote it and who decided it.
tech-revision-number = Revision { $n }
tech-revision-current = in effect
tech-revision-restores = Restores revision { $n }.
tech-revert = Restore
tech-revert-label = Restore revision { $n }
tech-revert-summary = Restored an earlier revision.
tech-review-title = Review queue
tech-review-waiting = { $n ->
    [0] Nothing waits for review.
    [one] One revision waits for review.
   *[other] { $n } revisions wait for review.
}
tech-approve = Approve
tech-approve-label = Approve the revision of { $name }
tech-reject = Reject
tech-reject-note = Why (optional)
tech-reject-label = Reject the revision of { $name }
tech-flash-proposed = Thank you: a moderator will review your proposal.
tech-flash-published = The listing is published.
tech-flash-edit-proposed = Thank you: a moderator will review your edit.
tech-flash-edited = The listing is updated.
tech-flash-reverted = The earlier revision is restored.
tech-flash-approved = Approved.
tech-flash-rejected = Rejected.
tech-kind-software = Software
tech-kind-hardware = Hardware
tech-kind-service = Service
tech-kind-open_source = Open source
tech-hosting-on_premises = On premises
tech-hosting-vendor_cloud = Vendor cloud
tech-hosting-saas = Software as a service
tech-listing-proposed = Proposed: waiting for a moderator. Only you and the moderators see it.
tech-listing-published = Published
tech-listing-rejected = Rejected by a moderator. Only you and the moderators see it.
tech-revision-pending = waiting for review
tech-revision-approved = approved
tech-revision-rejected = rejected
field-vendor_name = Vendor
field-vendor_org_id = Vendor's organization
field-hosting = Hosting
field-versions = Known versions
field-functions = Business functions
field-summary = What changed
field-number = Revision
field-base = Revision edited
validation-between-1-500 = { $field } must be between 1 and 500.
validation-max-120-chars = { $field } must be at most 120 characters.
validation-max-300-chars = { $field } must be at most 300 characters.
validation-functions-1-to-8 = { $field }: choose one to eight.
validation-max-30-versions = { $field }: at most 30 versions.
validation-version-invalid = { $field }: each version is one line of at most 40 characters.
error-conflict-near-duplicates = Listings with a similar name exist. If yours is another product, say so and propose it again.
error-conflict-function-exists = A business function with this name exists.
error-conflict-listing-exists = A listing with this name exists.
error-conflict-revision-outdated = The listing changed since this edit was written; propose it again against the listing as it is now.
error-conflict-already-decided = This revision was already decided.
error-conflict-restore-unapproved = Only an approved revision can be restored.
error-conflict-restore-current = This revision is already in effect.
audit-action-listing-approve = Listing approved
audit-action-listing-reject = Listing rejected
audit-action-listing-revision-approve = Listing edit approved
audit-action-listing-revision-reject = Listing edit rejected
audit-action-listing-revert = Listing revision restored
audit-action-business-function-create = Business function added
audit-action-business-function-rename = Business function renamed
tech-usage-title = { $n ->
    [0] No organization records using it yet
    [one] Used by one organization
   *[other] Used by { $n } organizations
}
tech-usage-filters = Filter who uses it
tech-usage-add-ours = Our organization uses this
tech-usage-edit-ours = Edit our organization's record
tech-usage-since = since { $date }
tech-usage-users = { $n ->
    [one] one user
   *[other] { $n } users
}
tech-usage-contact = Ask:
tech-usage-open-contract = other municipalities may buy on this contract
tech-usage-stale = Not confirmed for a year.
tech-usage-confirmed = Confirmed
tech-usage-confirm = Still true
tech-usage-confirm-label = Still true: the record of { $org }
tech-usage-edit = Edit
tech-usage-edit-label = Edit the record of { $name }
tech-usage-pages = Pages of organizations using it
tech-usage-range = { $first }–{ $last } of { $total }
tech-usage-none-match = No organization matches these filters.
tech-usage-support-ends = support ends { $date }
tech-usage-form-title = Our use of it
tech-usage-form-intro = What { $org } does with { $name }. Other members see it on the listing; you choose who sees the number of users and the contract.
tech-usage-functions-hint = What it serves at your organization; none ticked: the listing's own.
tech-usage-contact-hint = A colleague willing to talk about it. Their details follow their profile's settings.
tech-usage-procurement = How it was bought
tech-date-hint = As YYYY-MM-DD.
tech-usage-evaluating = Evaluating
tech-usage-piloting = Piloting
tech-usage-production = In production
tech-usage-retiring = Retiring
tech-usage-retired = Retired
tech-audience-members = Every member
tech-audience-organization = Only our organization
tech-route-cooperative = Cooperative agreement
tech-route-all_of_government = All-of-government contract
tech-route-syndicated = Syndicated contract
tech-route-rfp = Request for proposals
tech-route-sole_source = Sole source
tech-route-other = Other
tech-stack-title = Technology in use
tech-stack-heading = Technology at { $org }
tech-stack-count = { $n ->
    [0] No listing recorded yet.
    [one] One listing recorded.
   *[other] { $n } listings recorded.
}
tech-stack-stale = { $n ->
    [one] One record was not confirmed for a year.
   *[other] { $n } records were not confirmed for a year.
}
tech-stack-empty = Record what your organization uses from a listing's page.
tech-stack-other = Other
tech-flash-usage-recorded = Recorded: other members now see your organization uses it.
tech-flash-usage-updated = The record is updated.
tech-flash-usage-confirmed = Confirmed: thank you.
field-version = Version
field-since = In use since
field-support_ends = Support or contract ends
field-users = Users or licences
field-users_visibility = Who sees the number of users
field-contact_id = Contact
field-notes = Notes
field-procurement_route = Procurement route
field-cooperative = Cooperative or contract vehicle
field-contract_reference = Contract reference
field-contract_ends = Contract ends
field-open_to_others = Other municipalities may buy on this contract
field-contract_visibility = Who sees how it was bought
field-listing_id = Listing
validation-number-invalid = { $field } must be a whole number from 0 to 10,000,000.
validation-date-before-since = { $field } cannot be before the date it has been in use since.
validation-contact-not-in-org = { $field } must be an active member of your organization.
error-conflict-usage-exists = Your organization already has a record of it: edit that one.
tech-stack-link = What { $org } uses, by business function
tech-renewals-title = Renewals radar
tech-renewals-intro = Support and contracts that end in the next twelve months, soonest first: municipalities renewing the same thing can buy together.
tech-renewals-count = { $n ->
    [0] Nothing ends in the next twelve months.
    [one] One record ends in the next twelve months.
   *[other] { $n } records end in the next twelve months.
}
tech-renewals-of-listing = Renewals of this listing
tech-contracts-title = Buy on the same contract
tech-contracts-intro = These organizations bought it on a contract other municipalities may join. Ask their contact.
tech-contract-ends = contract ends { $date }

# Ratings and reviews
tech-reviews-title = { $n ->
    [0] Reviews
    [one] One review
   *[other] { $n } reviews
}
tech-rating-mean = { $score } out of 5 overall
tech-rating-of-5 = { $score } out of 5
tech-rating-recommend = { $share } would recommend it
tech-rating-distribution = Overall scores: how many reviews gave each
tech-rating-chart = As a bar
tech-rating-count = Reviews
tech-rating-by-band = Overall score by size of the reviewer's organization
tech-score = { $n } of 5
tech-score-none = Not rated
tech-yes = Yes
tech-no = No
tech-review-write = Write a review
tech-review-edit-yours = Edit your review
tech-review-conflict = Your organization sells this listing, or one that competes with it, so you cannot review it. You may respond to its reviews if it is yours.
tech-reviews-sort = Sort:
tech-reviews-sort-helpful = Most helpful
tech-reviews-sort-newest = Newest
tech-reviews-more = More reviews
tech-review-overall = { $n } out of 5
tech-review-recommends = Would recommend it
tech-review-not-recommends = Would not recommend it
tech-review-hidden = A moderator hid this review after a report: only its author and moderators see it.
tech-review-using-since = their organization has used it since { $date }
tech-review-no-usage = no usage record at their organization
tech-review-helpful-count = { $n ->
    [0] Nobody found this helpful yet
    [one] One member found this helpful
   *[other] { $n } members found this helpful
}
tech-review-edited = { $n ->
    [one] edited once
   *[other] edited { $n } times
}
tech-review-helpful = Helpful
tech-review-helpful-label = Helpful: the review by { $name }
tech-review-unhelpful = Not helpful after all
tech-review-unhelpful-label = Not helpful after all: the review by { $name }
tech-review-report = Report
tech-review-report-label = Report the review by { $name }
tech-review-restore = Show again
tech-review-restore-label = Show again the review by { $name }
tech-response-from = Response from { $org }
tech-response-write = Respond for the vendor
tech-response-write-label = Respond for the vendor to the review by { $name }
tech-response-edit = Edit the response
tech-response-edit-label = Edit the response to the review by { $name }
tech-review-form-title = Your review
tech-review-form-intro = How well does { $name } work for your organization? Other municipalities read this before they buy.
tech-review-form-edit-intro = Change your review of { $name }. Earlier versions stay in its history.
tech-review-text-hint = Pros or cons: at least one. Plain text, at most 3,000 characters.
tech-review-save = Save the review
tech-review-history-title = Versions of a review
tech-review-history-intro = Every version of the review by { $name }, newest first.
tech-back-to-review = Back to the review
tech-report-title = Report a review
tech-report-intro = Tell the moderators what is wrong with the review by { $name }. They decide whether to hide it.
tech-report-note-hint = Needed when the reason is "Other". At most 3,000 characters.
tech-report-send = Send the report
tech-report-spam = Spam or advertising
tech-report-abusive = Abusive or personal
tech-report-off-topic = Not about this listing
tech-report-conflict-of-interest = Written by the vendor or a competitor
tech-report-other = Other
tech-response-title = Respond to a review
tech-response-intro = Your organization sells this listing. Its response shows under the review by { $name }, once per review.
tech-response-hint = Plain text, at most 3,000 characters.
tech-response-send = Publish the response
tech-reports-title = Reported reviews
tech-reports-waiting = { $n ->
    [0] No report is waiting.
    [one] One report is waiting.
   *[other] { $n } reports are waiting.
}
tech-report-hide = Hide review
tech-report-hide-label = Hide review by { $name }
tech-report-dismiss = Dismiss report
tech-report-dismiss-label = Dismiss report on the review by { $name }
tech-flash-review-saved = Your review is saved.
tech-flash-helpful = Marked as helpful.
tech-flash-unhelpful = Vote taken back.
tech-flash-reported = Thank you: the moderators will look at it.
tech-flash-responded = Your response is published.
tech-flash-review-restored = The review shows again.
tech-flash-review-hidden = The review is hidden.
tech-flash-report-dismissed = The report is dismissed.
field-overall = Overall
field-ease = Ease of use
field-support = Quality of support
field-value = Value for money
field-recommend = Would you recommend it?
field-pros = Pros
field-cons = Cons
field-reason = Reason
field-response = Response
field-helpful = Helpful
validation-score-1-to-5 = { $field } must be a whole number from 1 to 5.
validation-review-text-required = Write the pros, the cons or both.
validation-max-3000-chars = { $field } must be at most 3,000 characters.
error-conflict-of-interest = Your organization sells this listing, or one that competes with it: you cannot review it.
error-conflict-review-exists = You have reviewed it already: edit that review.
error-conflict-review-changed = The review changed while you edited it: open it again.
error-conflict-own-review = That is your own review.
error-conflict-report-open = You have reported it already; the moderators will look at it.
error-conflict-response-exists = Another member of your organization has responded to it already.
audit-action-review-hide = Review hidden
audit-action-review-report-dismiss = Review report dismissed
audit-action-review-restore = Review shown again

# Usage records' timelines
tech-record-title = A usage record
tech-record-heading = { $org } and { $name }
tech-timeline-title = Upgrades and changes
tech-timeline-empty = Nothing recorded yet.
tech-timeline-add = Add to the timeline
tech-timeline-save = Add it
tech-timeline-link = Timeline
tech-timeline-link-label = Timeline of { $org }
tech-change-upgrade = upgraded { $from } to { $to }
tech-change-upgrade-to = upgraded to { $to }
tech-change-module = added the module { $title }
tech-change-integration = built an integration: { $title }
tech-change-migration = moved to { $name } from
tech-change-kind-upgrade = Upgrade
tech-change-kind-module = Module added
tech-change-kind-integration = Integration built
tech-change-kind-migration = Migration from another product
tech-change-upgrade-hint = An upgrade: the version reached. The record then shows it.
tech-change-title-hint = A module or an integration: its name.
tech-change-replaced-hint = A migration: the product it replaced, as named in the directory if it is listed there.
tech-change-lesson-hint = What others should know. At most 2,000 characters.
tech-changes-title = Recent upgrades and changes
tech-flash-change-added = Added to the timeline.
field-happened_on = When
field-from_version = From version
field-to_version = To version
field-title = Title
field-replaced = Replaced product
field-lesson = Lesson learned
validation-date-in-future = { $field } cannot be in the future.
validation-replaced-itself = { $field } must be another product than this one.

# Compare and alternatives
tech-compare-title = Compare listings
tech-compare-form = Choose listings to compare
tech-compare-hint = Tick two to four listings, then compare them side by side.
tech-compare-pick = Compare { $name }
tech-compare-selected = Compare the ticked listings
tech-compare-users = Organizations that run it
tech-adoption-title = Adoption
tech-adoption-by-band = Organizations that run it, by size
tech-compare-versions = Versions in use
tech-alternatives-title = Alternatives
tech-alternatives-why = Organizations of your size that run it: { $peers }; in all: { $total }
tech-alternatives-compare = Compare it with the first alternatives
validation-compare-2-to-4 = Choose two to four listings to compare.

# Municipalities like mine
tech-peers-title = Municipalities like mine
tech-peers-intro = Municipalities of a size like yours, near you, that run what you run: the people to call before you buy.
tech-peers-none = No municipality resembles yours yet: record what your organization uses, and peers will show here.
tech-peers-who-run-it = Peers of yours who run it
tech-peer-same-size = the same size as yours
tech-peer-near-size = close to your size
tech-peer-same-region = your region
tech-peer-same-country = your country
tech-peer-shared = { $n ->
    [one] one listing in common
   *[other] { $n } listings in common
}

# Stack import and export
tech-export = Download the stack as CSV
tech-import-title = Import a stack file
tech-import-title-of = Import a stack file for { $org }
tech-import-upload = Choose a file
tech-import-intro = A CSV file with one line per listing, as the download gives. Nothing is written until you have seen the preview and confirmed it; a file with any bad line writes nothing.
tech-import-columns = Columns (only listing is required):
tech-import-preview = Preview the import
tech-import-preview-title = What the import will do
tech-import-preview-counts = { $created } records to add, { $updated } to update.
tech-import-line-col = Line
tech-import-action = What happens
tech-import-create = Added
tech-import-update = Updated
tech-import-confirm = Import these lines
tech-import-refused = The file was not imported: correct these lines and try again.
tech-import-line = Line { $n }
tech-flash-imported = Imported: { $created } records added, { $updated } updated.
field-listing = Listing
field-file = CSV file
field-confirmed_on = Last confirmed
validation-csv-unreadable = The file is not a CSV file.
validation-csv-not-utf8 = The file must be text in UTF-8.
validation-csv-unknown-column = This column is not one of the stack's columns.
validation-csv-no-listing-column = The file needs a listing column.
validation-csv-too-many-lines = A file holds at most 2,000 lines.
validation-csv-line-unreadable = The line does not have as many cells as the header.
validation-csv-empty = The file has no lines after its header.
validation-csv-unknown-listing = No published listing has this name: propose it first, or spell it as the directory does.
validation-csv-listing-twice = This listing is on an earlier line already.

# Freshness
tech-confirm-title = Records to confirm
tech-confirm-intro = Your organization's records that nobody has confirmed for a year. Other municipalities rely on them: confirm each that is still true, or edit it.
tech-confirm-waiting = { $n ->
    [0] No record of your organization waits for a confirmation.
    [one] One record of your organization has not been confirmed for a year.
   *[other] { $n } records of your organization have not been confirmed for a year.
}
tech-confirm-link = Confirm them
tech-confirm-you-contact = you are its contact
tech-discussions-title = Discussions about it
tech-discussions-empty = No discussion names it yet.
tech-discussions-all = All discussions about it
tech-discussions-ask = Ask the members who run it
tech-discussions-start = Start a discussion about it
