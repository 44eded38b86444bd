## Activity feed
feed-title = Recent activity
feed-empty = Nothing new from your connections and the members and organizations you follow.
feed-older = Older activity
feed-profile-updated = { $name } updated their profile
feed-member-renamed = { $name } changed their name
feed-connection-accepted = { $name } connected with { $other }
feed-organization-updated = { $name } updated its page
