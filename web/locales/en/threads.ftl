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
