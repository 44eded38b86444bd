# CivicLink, English. Every key here exists in fr/main.ftl too (a test checks it).

## Layout
site-name = CivicLink
site-tagline = the private network for municipal IT
skip-to-content = Skip to main content
nav-main = Main
nav-profile = My profile
nav-directory = Directory
nav-home = Home
nav-admin = Administration
nav-login = Log in
nav-join = Join
nav-logout = Log out
nav-language = Language
switch-language = Français
title-suffix = CivicLink

## Errors shown as pages or API messages
error-heading-not-found = Page not found
error-heading-forbidden = Not allowed
error-heading-rate-limited = Too many attempts
error-heading-gone = This link no longer works
error-heading-server = Something went wrong
error-heading-other = There is a problem
error-number = Error { $status }
error-go-home = Go to the home page
error-go-directory = Search the member directory
error-page-not-found = The page or member you are looking for does not exist, or is not visible to you.
error-page-forbidden = You do not have permission to see this page or to do this.
error-hint-not-found = Check the address for a typing mistake. If someone sent you this link, what it led to may have moved or been removed.
error-hint-forbidden = If you think you should have access, ask an administrator of your association.
error-hint-rate-limited = This protects accounts from guessing. Wait a little, then try again.
error-hint-gone = Ask for a new link, or start again from the home page.
error-hint-server = The problem was recorded. Wait a moment and try again; if it keeps happening, tell an administrator of your association.
error-hint-other = Go back, check what you entered, and try again.
error-unauthenticated = Log in to continue.
error-forbidden = You are not allowed to do this.
error-membership_lapsed = Your membership has lapsed: renew it to continue.
error-not_found = Not found.
error-bad_request = The request could not be understood.
error-payload_too_large = The request is too large.
error-csrf_failed = The form expired or was sent from another site: reload the page and try again.
error-rate_limited = Too many attempts: try again in { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}.
error-internal = Something went wrong on our side; please try again.
error-busy = The server is busy: please try again in a moment.
error-method_not_allowed = This method is not allowed here.
error-unsupported_media_type = Send the request as JSON (API) or as a form.
error-timeout = The request took too long.
error-invalid_credentials = Email or password is incorrect.
error-email_not_verified = Confirm your email address first: we sent you a link.
error-awaiting_approval = Your request to join is waiting for an administrator's approval.
error-join_declined = Your request to join was declined.
error-suspended = Your membership is suspended.
error-invalid_token = This link is not valid.
error-bearer-invalid = This API token is not valid: it is unknown, revoked or expired, or its member cannot sign in.
error-insufficient_scope = This API token may only read. Make a token with the write scope to change anything.
error-session_required = Sign in with your password to do this: API tokens cannot.
error-token_expired = This link has expired.
error-token_used = This link was already used.
error-invite_unavailable = This invitation is { $reason ->
    [revoked] revoked
    [expired] expired
   *[used] used up
}.
error-conflict-email = A member with this email address exists.
error-conflict-association-name = An association with this name exists.
error-conflict-organization-name = An organization with this name exists in the association.
error-conflict-already-approved = This request was already approved.
error-conflict-already-declined = This request was already declined.
error-conflict-decided-elsewhere = This request was decided by someone else.
error-conflict-own-role = You cannot change your own role or status.
error-conflict-own-expiry = You cannot change the end of your own membership: another administrator renews it.
error-summary-title = There is a problem
error-prefix = Error:

## Validation: { $field } is the field's label
validation-required = { $field } is required.
validation-control-chars = { $field } must not contain control characters.
validation-max-100-chars = { $field } must be at most 100 characters.
validation-max-200-chars = { $field } must be at most 200 characters.
validation-max-256-chars = { $field } must be at most 256 characters.
validation-max-2000-chars = { $field } must be at most 2000 characters.
validation-min-10-chars = { $field } must be at least 10 characters.
validation-email-invalid = { $field } must be an email address such as name@example.org.
validation-country-invalid = { $field } must be a two-letter country code such as CA or NZ.
validation-kind-invalid = { $field } must be municipality, vendor or partner.
validation-role-invalid = { $field } is not a known role.
validation-status-invalid = { $field } is not a known status.
validation-population-invalid = { $field } must be a whole number between 0 and 400,000,000.
validation-invalid-choice = { $field } is not a valid choice.
validation-unknown-association = { $field } is not a known association.
validation-org-not-in-association = { $field } is not an organization of the chosen association.
validation-request-status-invalid = { $field } must be pending, approved, declined or all.
validation-date-invalid = { $field } must be a date (YYYY-MM-DD) or an RFC 3339 time.
validation-between-1-1000 = { $field } must be between 1 and 1000.
validation-between-1-90 = { $field } must be between 1 and 90.
validation-between-1-365 = { $field } must be between 1 and 365.
validation-status-active-or-suspended = { $field } can only be set to active or suspended.
validation-approve-to-activate = Approve the join request to activate a pending member.
validation-site-admin-only-outside = A member outside every association can only be a site admin.
validation-password-mismatch = The two passwords are not the same.
validation-body = { $field } could not be read: { $detail }

## Field labels
field-email = Email address
field-display_name = Name
field-password = Password
field-password_confirm = New password again
field-association_id = Association
field-org_id = Organization
field-message = Message
field-max_uses = Number of uses
field-valid_days = Days valid
field-note = Note
field-name = Name
field-short_name = Short name
field-country = Country
field-region = Region
field-population = Population
field-kind = Kind
field-role = Role
field-status = Status
field-membership_expires_at = Member until
field-body = The request body
field-actor_id = Administrator
field-token = The link

## Roles, statuses, kinds
role-member = Member
role-moderator = Moderator
role-association_admin = Association admin
role-site_admin = Site admin
status-pending = Pending
status-active = Active
status-suspended = Suspended
status-lapsed = Lapsed
kind-municipality = Municipality
kind-vendor = Vendor
kind-partner = Partner
request-status-pending = Waiting for a decision
request-status-approved = Approved
request-status-declined = Declined
request-status-all = All

## Dates and numbers
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-format = { $month } { $day }, { $year }
datetime-format = { $date }, { $hour }:{ $minute } UTC
relative-now = just now
relative-minutes = { $n ->
    [one] one minute ago
   *[other] { $n } minutes ago
}
relative-hours = { $n ->
    [one] one hour ago
   *[other] { $n } hours ago
}
relative-days = { $n ->
    [one] yesterday
   *[other] { $n } days ago
}

## Log in
login-title = Log in
login-heading = Log in to CivicLink
login-lead = The private network for the people who run municipal IT.
login-submit = Log in
login-forgot = Forgot your password?
login-new = New to CivicLink?
login-ask-to-join = Ask to join
logged-out = You are logged out.

## Join
join-title = Join CivicLink
join-lead = CivicLink is for staff of member municipalities and their partners. An administrator of your association reviews each request.
join-name-label = Your name
join-name-hint = As colleagues know you.
join-email-label = Work email address
join-email-hint = We send a link to confirm it.
join-password-hint = At least 10 characters.
join-association-choose = Choose your association
join-org-hint = Your municipality or company, if it is listed.
join-org-not-listed = Not listed
join-message-label = Message to the administrators (optional)
join-message-hint = Your role, your team, what you hope to find here.
join-submit = Ask to join
join-already-member = Already a member?
join-sent-title = Check your email
join-sent = Check your email: we sent a link to confirm your address (it expires in 48 hours).
join-sent-review = Once your address is confirmed, an administrator of your association reviews your request. We will email you when it is approved.
join-sent-invite = Your membership starts as soon as you confirm it.
invite-lead = You are invited to join { $association }.
invite-lead-org = You are invited to join { $association } as a member of { $org }.
invite-submit = Join

## Email confirmation
verify-title = Confirm your email address
verify-lead = Press the button to confirm that this email address is yours.
verify-submit = Confirm my email address
verified-title = Email address confirmed
verified-active = Your email address is confirmed and your membership is active.
verified-awaiting = Your email address is confirmed. An administrator of your association will now review your request; we will email you when it is approved.

## Password reset
reset-title = Reset your password
reset-lead = Enter the email address of your account. We will send you a link to choose a new password.
reset-submit = Send the link
reset-back = Back to log in
reset-sent = If this address has an account, we sent it a link to choose a new password (it expires in one hour).
reset-form-title = Choose a new password
reset-new-password = New password
reset-form-submit = Change my password
reset-done = Your password was changed. Log in with your new password.

## Home and renewal
home-title = Home
home-welcome = Welcome, { $name }
home-membership = Your membership
home-association = Association
home-organization = Organization
home-role = Role
home-member-until = Member until
home-no-end = No end date
home-admin = Administration
home-requests = { $n ->
    [0] No join requests are waiting.
    [one] One join request is waiting for a decision.
   *[other] { $n } join requests are waiting for a decision.
}
home-review = Review join requests
renew-title = Renew your membership
renew-ended-on = Your CivicLink membership ended on { $date }.
renew-ended = Your CivicLink membership has ended.
renew-body = Everything you wrote is kept. To get back in, ask { $association } to renew your membership; an administrator sets a new end date and you can continue where you left off.
renew-your-association = your association
renew-ask-title = Ask for a renewal
renew-ask-note-label = A note for the administrators (optional)
renew-ask-note-hint = For example, your role now, or when your organization renewed its membership. At most 1000 characters.
renew-ask-submit = Ask { $association } to renew my membership
renew-asked-on = You asked on { $date }, and the administrators were emailed. You can ask again from { $again }.
renew-asked-now = Your request was sent: the administrators of { $association } were emailed.
error-conflict-renewal-not-lapsed = Your membership is current: there is nothing to renew.
error-conflict-renewal-asked = You already asked for a renewal in the last day. The administrators were told; you can ask again tomorrow.
error-conflict-too-many-tokens = You already have 50 working tokens. Revoke one you no longer use first.
email-renewal-asked-subject = { $name } asks to renew their CivicLink membership
email-renewal-asked-body = The membership of { $name } ({ $email }, { $org }) has lapsed, and they ask for it to be renewed. As an administrator of their association, you can set a new end date on their page.
email-renewal-asked-note = Their note: "{ $note }"
email-renewal-asked-action = Open their page
email-renewal-no-org = no organization

## Administration
admin-nav = Administration
admin-requests = Join requests
admin-invites = Invitations
admin-members = Members
admin-organizations = Organizations
admin-associations = Associations
admin-audit = Audit log
admin-show = Show
admin-filter = Filter
admin-any = Any
admin-none = None
admin-yes = Yes
admin-no = No
admin-actions = Actions
requests-none = No requests to show.
requests-email = Email
requests-confirmed = confirmed
requests-unconfirmed = not yet confirmed
requests-asked = Asked
requests-status = Status
requests-approve = Approve
requests-approve-label = Approve { $name }
requests-decline = Decline
requests-decline-label = Decline { $name }
requests-approved = The request from { $name } was approved.
requests-declined = The request from { $name } was declined.
invites-created = The invitation link is ready.
invites-copy-now = Copy it now: it is shown only once.
invites-link = Invitation link
invites-new = New invitation
invites-org-optional = Organization (optional)
invites-max-uses = How many people may use it
invites-max-uses-hint = 1 to 1000.
invites-valid-days = Days it stays valid
invites-valid-days-hint = 1 to 90.
invites-note = Note (optional)
invites-note-hint = Only administrators see it.
invites-submit = Create the invitation link
invites-made = Invitations made
invites-none = No invitations yet.
invites-used = Used
invites-used-of = { $uses } of { $max }
invites-expires = Expires
invites-state = State
invites-revoked = Revoked
invites-usable = Usable
invites-spent = Spent or expired
invites-revoke = Revoke
invites-revoked-flash = The invitation was revoked.
members-search = Name or email
members-filter-label = Filter members
members-shown = { $n ->
    [one] One member shown.
   *[other] { $n } members shown.
}
members-pages = Pages of the member list
members-next-page = Next page
members-first-page = Back to the first page
members-email = Email
members-email-confirmed = Email confirmed
members-joined = Joined
members-change = Change membership
members-own = You cannot change your own role or status.
members-unchanged = { $status } (unchanged)
members-reinstate = Reinstate (active)
members-suspend = Suspend
members-until-hint = The membership ends at the end of that day (UTC). Leave empty for a membership without end.
members-save = Save changes
members-updated = { $name } was updated.
orgs-add = Add an organization
orgs-all = All organizations
orgs-region-hint = Province, state or region.
orgs-country-hint = Two-letter code, such as CA or NZ.
orgs-population-optional = Population (optional)
orgs-submit = Add the organization
orgs-added = { $name } was added.
orgs-in = { $kind } in { $association }.
associations-add = Add an association
associations-submit = Add the association
audit-filter-label = Filter the audit log
audit-when = When
audit-who = Who
audit-action = Action
audit-target = Target
audit-details = Details
audit-from = From
audit-system = System
audit-older = Older entries
audit-action-join-request-approve = Approved a join request
audit-action-join-request-decline = Declined a join request
audit-action-invite-create = Made an invitation link
audit-action-invite-revoke = Revoked an invitation link
audit-action-member-suspend = Suspended a member
audit-action-member-reinstate = Reinstated a member
audit-action-member-status-change = Changed a member's status
audit-action-member-role-change = Changed a member's role
audit-action-member-expiry-change = Changed the end of a membership
audit-action-member-org-change = Moved a member to another organization
audit-action-member-export = Downloaded their own data
audit-action-api-token-create = Made an API token
audit-action-api-token-revoke = Revoked an API token
audit-action-member-erase = Deleted their own account
audit-action-association-create = Added an association
audit-action-organization-create = Added an organization
audit-action-organization-update = Changed an organization
audit-action-org-admin-add = Made a member administrator of an organization
audit-action-org-admin-remove = Ended a member's administration of an organization
audit-action-org-claim-approve = Approved a claim to work for an organization
audit-action-org-claim-decline = Declined a claim to work for an organization
audit-change = { $from } → { $to }
audit-no-end = no end
audit-former-member = Former member
audit-target-invite = Invitation link
audit-target-join-request = Join request
audit-from-server = server, no web request (a command or the demo data)

## API messages
api-join-accepted = Check your email: we sent a link to confirm your address (it expires in 48 hours).
api-reset-accepted = If this address has an account, we sent it a link to choose a new password (it expires in one hour).

## Emails
email-greeting = Hello { $name },
email-closing = The CivicLink team
email-button-fallback = If the button does not work, copy this address into your browser:
email-verify-subject = Confirm your email address for CivicLink
email-verify-body = Please confirm that this is your email address. The link works once and expires in 48 hours.
email-verify-ignore = If you did not ask to join CivicLink, you can ignore this message.
email-verify-action = Confirm my email address
email-exists-subject = You already have a CivicLink account
email-exists-body = Someone, probably you, tried to join CivicLink with this email address, which already has an account.
email-exists-hint = You can log in, or reset your password if you have forgotten it.
email-exists-reset = Reset your password: { $link }
email-exists-action = Log in
email-reset-subject = Reset your CivicLink password
email-reset-body = Use the link below to choose a new password. It works once and expires in one hour.
email-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.
email-reset-action = Choose a new password
email-approved-subject = Welcome to CivicLink: your membership is approved
email-approved-body = Your request to join CivicLink was approved. You can log in now.
email-approved-action = Log in
email-declined-subject = Your request to join CivicLink
email-declined-body = An administrator of your association reviewed your request to join CivicLink and could not approve it.
email-declined-hint = If you think this is a mistake, please contact your association.

## Validation of profiles and connections
validation-handle-invalid = { $field } must be 3 to 30 characters: lower-case letters, digits, - and _, starting with a letter.
validation-handle-reserved = { $field } may not start with "former-": such addresses belong to erased accounts.
validation-tag-invalid = { $field } must be 2 to 40 letters, digits, spaces or dashes.
validation-max-30-tags = { $field } can hold at most 30 tags.
validation-years-invalid = { $field } must be a whole number between 0 and 70.
validation-link-invalid = { $field } must be web addresses starting with https:// or http://.
validation-max-10-links = { $field } can hold at most 10 links.
validation-max-10000-chars = { $field } must be at most 10,000 characters.
validation-note-too-long = { $field } must be at most 500 characters.
