## Discussion threads
nav-threads = Discussions
threads-title = Discussions
threads-intro = Ask how other municipalities did it, and share what you learned. Each discussion can name the technologies it is about.
threads-all = All discussions
threads-category-restricted = Only some members see this category.
threads-new-link = Start a discussion
threads-mine = My discussions
threads-unanswered = Unanswered questions
threads-filters = Filter discussions
threads-category = Category
threads-kind = Kind
threads-tag = Tag
threads-empty = No discussions here yet.
threads-categories = Categories
threads-count = { $n ->
    [one] { $n } discussion
   *[other] { $n } discussions
}
threads-answered = Answered
threads-kind-discussion = Discussion
threads-kind-question = Question
threads-kind-hint = A question lets you mark the reply that answered it.
threads-locked = Locked
threads-locked-notice = This discussion is locked: it takes no new replies.
threads-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
threads-last-post = last post by { $name }
threads-new-title = Start a discussion
threads-new-intro = Give it a title that says what you want to know, and name the technologies it is about so that the members who run them find it.
threads-pick-category = Choose a category
threads-markdown-hint = Markdown: **bold**, *italic*, [links](https://example.org), lists, tables, > quotes and ``` code blocks.
threads-tags-hint = Up to 5, separated by commas.
threads-listings-hint = The technology listings it is about (up to 10). Hold Ctrl or Cmd to pick several.
threads-about-my-org = It is about { $name }
threads-post = Post the discussion
threads-about = About:
threads-pages = Pages of this discussion
threads-edited = { $n ->
    [one] edited once
   *[other] edited { $n } times
}
threads-in-reply-to = in reply to { $name }
threads-accepted = Accepted answer
threads-post-deleted = This post was deleted.
threads-post-hidden = A moderator hid this post.
threads-reply = Reply
threads-quote = Quote
threads-edit = Edit
threads-reply-to-label = Reply to post { $n }
threads-quote-label = Quote post { $n }
threads-edit-label = Edit post { $n }
threads-accept = Accept this answer
threads-unaccept = Unaccept this answer
threads-accept-label = Accept this answer, post { $n }
threads-unaccept-label = Unaccept this answer, post { $n }
threads-reply-title = Your reply
threads-post-reply = Post the reply
threads-back-to = Back to { $title }
threads-replying-to = Replying to { $name }:
threads-back-to-post = Back to the post
threads-edit-title = Edit the post
threads-reason-hint = You are editing another member's post: say why. The reason is kept in the moderation log.
threads-save = Save
threads-history-title = Versions of the post
threads-version = Version { $n }
threads-version-title = Title: { $title }
threads-flash-created = Your discussion is posted.
threads-flash-replied = Your reply is posted.
threads-flash-edited = The post is saved; its earlier version is kept.
threads-flash-accepted = The answer is marked accepted.
threads-flash-unaccepted = The answer is no longer marked accepted.
field-category = Category
field-text = Text
field-reply = Reply
field-tags = Tags
field-listings = Technologies
field-orgs = Organizations
field-reply_to = The post replied to
field-page = Page
error-conflict-category-exists = A category with this name exists already.
error-conflict-thread-locked = This discussion is locked: it takes no new replies.
error-conflict-not-a-question = Only a question has an accepted answer.
error-conflict-accept-first-post = The question itself cannot be its answer.
validation-max-30000-chars = { $field } must be at most 30,000 characters.
validation-max-5-tags = { $field }: at most 5.
validation-listing-unknown = { $field }: one of them is not a published listing.
validation-org-unknown = { $field }: one of them is not an organization.
validation-category-unknown = { $field }: choose a category you can post in.
validation-reply-to-other-thread = { $field } is not a post of this discussion.
audit-action-category-create = Created a discussion category
audit-action-category-member-add = Let a member into a category
audit-action-category-member-remove = Took a member out of a category
audit-action-post-moderator-edit = Edited a member's post
nav-notifications = Notifications
nav-unread = { $n } new
notifications-title = Notifications
notifications-unread = { $n ->
    [0] Nothing new.
    [one] { $n } unread notification.
   *[other] { $n } unread notifications.
}
notifications-mark-read = Mark all read
notifications-empty = No notifications yet. Watch a category or a discussion to hear of what is new in it.
notifications-new = New
notifications-flash-read = Your notifications are marked read.
notification-reply = { $name } replied in a discussion you watch:
notification-replied-to = { $name } replied to you:
notification-accepted = { $name } accepted your answer:
notification-new-thread = { $name } started a discussion in a category you watch:
notification-asked = { $name } asks the members who run a technology your organization uses:
threads-level = Notify me of
threads-level-form = Notifications for this page
threads-level-save = Save
threads-level-muted = Nothing (muted)
threads-level-normal = Replies to me
threads-level-watching-first = New discussions
threads-level-watching = Every post
threads-flash-level = Your notification setting is saved.
field-level = Notification setting
field-upto = Up to
threads-flag = Flag
threads-flag-label = Flag post { $n }
threads-flag-title = Flag a post for the moderators
threads-flag-intro = Tell the moderators what is wrong with this post. They decide; its author does not learn who flagged it.
threads-flag-note-hint = Optional, unless the reason is something else. At most 1000 characters.
threads-flag-send = Send to the moderators
threads-flag-spam = Spam or advertising
threads-flag-off-topic = Off topic
threads-flag-inappropriate = Inappropriate or hostile
threads-flag-other = Something else
threads-flag-by = flagged by { $by }; written by { $author }
threads-flags-title = Flagged posts
threads-flags-empty = No flag is waiting.
threads-hide = Hide the post
threads-hide-label = Hide the post in { $title }
threads-dismiss = Dismiss the flag
threads-dismiss-label = Dismiss the flag in { $title }
threads-delete = Delete
threads-delete-label = Delete post { $n }
threads-restore = Restore
threads-restore-label = Restore post { $n }
threads-moderate = Moderate this discussion
threads-lock = Locked: no new replies
threads-pin = Pinned in its category
threads-pin-globally = Pinned in every list
threads-move-to = Category
threads-flash-flagged = Thank you: the moderators will look at it.
threads-flash-hidden = The post is hidden.
threads-flash-deleted = The post is deleted.
threads-flash-restored = The post is shown again.
threads-flash-dismissed = The flag is dismissed.
threads-flash-moderated = The discussion is updated.
field-flag-reason = Reason
error-conflict-flag-own = You cannot flag your own post.
error-conflict-flag-open = You flagged this post already; the moderators have not decided yet.
error-conflict-post-not-hidden = This post is neither hidden nor deleted.
audit-action-post-hide = Hid a post
audit-action-post-delete = Deleted a post
audit-action-post-restore = Restored a post
audit-action-post-flag-dismiss = Dismissed a flag
audit-action-thread-lock = Locked or unlocked a discussion
audit-action-thread-pin = Pinned or unpinned a discussion
audit-action-thread-move = Moved a discussion
notification-reaction = { $name } reacted to your post:
notification-reaction-more = { $name } and { $others } more reacted to your post:
threads-reaction-like = 👍 Like
threads-reaction-thanks = 🙏 Thanks
threads-reaction-insightful = 💡 Insightful
threads-reaction-same-here = 🤝 We do this too
threads-bookmark = Bookmark
threads-unbookmark = Remove the bookmark
threads-bookmarks = My bookmarks
threads-watched = Watched
threads-flash-bookmarked = Bookmarked.
threads-flash-unbookmarked = The bookmark is removed.
error-conflict-react-own = You cannot react to your own post.
field-reaction = Reaction
threads-unread = { $n ->
    [one] { $n } new
   *[other] { $n } new
}
threads-new-since = New since your last visit
threads-slow-mode = Slow mode: seconds between two posts of a member (0: off)
threads-slow-mode-on = { $n ->
    [one] slow mode: one post a second per member
   *[other] slow mode: one post every { $n } seconds per member
}
error-silenced = A moderator has silenced you in discussions until { $until }.
error-conflict-silence-self = You cannot silence yourself.
field-slow_mode_secs = Slow mode
field-days = Days
audit-action-thread-slow-mode = Set a discussion's slow mode
audit-action-member-silence = Silenced a member in discussions
audit-action-member-unsilence = Lifted a member's silence
