## Organization pages
org-edit = Edit this organization
org-edit-page = Edit the organization's page
org-follow-label = Follow { $org }
org-unfollow-label = Stop following { $org }
org-view-page = See its page
org-members = Members
org-no-members = No members yet.
field-size_band = Size
field-it_team_size = IT team size
field-website = Website
field-description = Description
field-municipality_type = Type of municipality
org-municipality-type-none = Not a municipality, or not set
org-municipality_type-optional = Type of municipality (optional)
org-it_team_size-optional = IT team size (optional)
org-website-optional = Website (optional)
org-description-optional = Description (optional)
size-band-under_10k = Under 10,000 people
size-band-10k_50k = 10,000 to 50,000 people
size-band-50k_250k = 50,000 to 250,000 people
size-band-250k_1m = 250,000 to 1 million people
size-band-over_1m = Over 1 million people
municipality-type-city = City
municipality-type-town = Town
municipality-type-township = Township
municipality-type-village = Village
municipality-type-county = County
municipality-type-region = Region
municipality-type-municipality = Municipality
municipality-type-city_council = City council
municipality-type-district_council = District council
municipality-type-regional_council = Regional council
municipality-type-unitary_council = Unitary council
members-org-change = Change organization
members-org-new = New organization
members-org-move = Move
members-org-history = Organizations over time
members-org-now = now

## Organization administrators and claims to belong
org-admins = Administrators
org-admins-none = No administrators yet: the association's administrators look after this page.
org-admin-step-down = Step down as administrator
org-admin-step-down-confirm = You will no longer edit this organization's page or decide who belongs to it. The association's administrators can give you the role back.
org-admin-step-down-last = You are its only administrator: the organization will have no administrator, and claims will go to the association's administrators.
org-admin-step-down-yes = Yes, step down
org-admin-flash-added = The member now administers this organization.
org-admin-flash-removed = That member no longer administers this organization.
org-admins-manage = Organization administrators
org-admins-manage-intro = Administrators edit this organization's page and decide who belongs to it. They must be active members of it.
org-admin-remove = Remove
org-admin-remove-label = Remove { $name } as administrator
org-admin-add = Make administrator
org-admin-add-none = No active member of this organization can be made administrator.
org-claims-link = { $n ->
    [0] Claims to belong
    [one] Claims to belong (one waiting)
   *[other] Claims to belong ({ $n } waiting)
}
org-claim-title = Do you work here?
org-claim-intro = Ask to be listed as a member of this organization. Its administrators will decide.
org-claim-note = A note for the administrators (optional)
org-claim-note-hint = Your role there, your team, at most { $max } characters.
org-claim-submit = Claim to work here
org-claim-pending = Your claim to work for { $org } is waiting for a decision.
org-claim-withdraw = Withdraw my claim
org-claim-flash-sent = Your claim was sent to the organization's administrators.
org-claim-flash-withdrawn = You withdrew your claim.
org-claim-flash-approved = { $name } is now a member of this organization.
org-claim-flash-declined = You declined the claim of { $name }.
org-claims-title = Claims to belong
org-claims-intro = Members who say they work for { $org }.
org-claims-pending = Waiting for a decision
org-claims-none = No claim is waiting.
org-claims-now-at = Now at { $org }
org-claims-asked = asked
org-claims-decided = Decided
org-claims-decided-none = Nothing decided yet.
org-claims-when = Decided on
org-claim-approve = Approve
org-claim-approve-label = Approve the claim of { $name }
org-claim-decline = Decline
org-claim-decline-label = Decline the claim of { $name }
org-claim-status-pending = Waiting
org-claim-status-approved = Approved
org-claim-status-declined = Declined
org-claim-status-withdrawn = Withdrawn
org-edit-title = Edit the organization's page
org-edit-intro = The page of { $org }.
org-edit-saved = The organization's page is saved.
org-edit-identity-hint = The name, kind and place of an organization are changed by its association's administrators.
error-conflict-already-in-org = You are already a member of this organization.
error-conflict-claim-pending = You already have a claim waiting for a decision. Withdraw it first.
error-conflict-claim-decided = This claim was already decided or withdrawn.
validation-max-1000-chars = { $field } must be at most 1000 characters.
validation-org-admin-not-in-org = { $field } must be an active member of this organization.
validation-org-admin-not-active = { $field } must be an active member of this organization.
field-member_id = Member
email-claim-waiting-subject = { $name } says they work for { $org }
email-claim-waiting-body = { $name } asked to be listed as a member of { $org } on CivicLink. As an administrator, you can approve or decline the claim.
email-claim-waiting-action = See the claims
email-claim-approved-subject = You are now listed at { $org }
email-claim-approved-body = Your claim to work for { $org } was approved. Your profile now shows it.
email-claim-approved-action = See my profile
email-claim-declined-subject = Your claim to work for { $org }
email-claim-declined-body = An administrator reviewed your claim to work for { $org } and could not approve it. If you think this is a mistake, please contact them or your association.
home-org-admin = Organizations you administer
home-claims-waiting = { $n ->
    [0] no claim waiting
    [one] one claim to belong waiting
   *[other] { $n } claims to belong waiting
}
