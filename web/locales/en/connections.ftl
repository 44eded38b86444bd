# Connections, requests, blocks and follows: the "My network" page and the buttons on profiles.

nav-connections = My network
connections-title = My network
connections-incoming = Requests for you
connections-incoming-none = No one is waiting for your answer.
connections-outgoing = Requests you sent
connections-outgoing-none = You have no requests waiting for an answer.
connections-asked = Asked
connections-sent = Sent
connections-accept-label = Accept the request of { $name }
connections-decline-label = Decline the request of { $name }
connections-withdraw-label = Withdraw the request to { $name }
connections-mine = My connections
connections-mine-none = You have no connections yet. Find colleagues in the directory and ask them to connect.
connections-remove-label = Remove the connection with { $name }
connections-remove-confirm = Remove your connection with { $name }? You can ask to connect again later.
connections-remove-yes = Yes, remove
connections-remove-yes-label = Yes, remove the connection with { $name }
connections-following = What I follow
connections-following-none = You follow no one yet.
connections-organization = Organization
connections-unfollow-label = Stop following { $name }
connections-blocked = Members I blocked
connections-blocked-none = You have blocked no one.
connections-unblock-label = Unblock { $name }
connections-flash-requested = Your request was sent.
connections-flash-accepted = You are now connected.
connections-flash-declined = The request was declined.
connections-flash-withdrawn = Your request was withdrawn.
connections-flash-removed = The connection was removed.
connections-flash-blocked = The member is blocked: they can no longer ask to connect with you or see what you share with your connections.
connections-flash-unblocked = The member is no longer blocked.
connections-flash-followed = You now follow them.
connections-flash-unfollowed = You no longer follow them.
connections-flash-followed-org = You now follow this organization.
connections-flash-unfollowed-org = You no longer follow this organization.

connect-title = Connection
connect-status-none = You are not connected.
connect-status-sent = You asked to connect; the request is waiting for an answer.
connect-status-received = This member asked to connect with you.
connect-status-connected = You are connected.
connect-status-you-blocked = You blocked this member.
connect-status-unavailable = You cannot connect with this member.
connect-followers = { $n ->
    [0] No followers
    [one] One follower
   *[other] { $n } followers
}
connect-note = A note (optional)
connect-note-hint = A few words on why you want to connect, at most 500 characters.
connect-request = Ask to connect
connect-withdraw = Withdraw the request
connect-accept = Accept
connect-decline = Decline
connect-remove = Remove the connection
connect-follow = Follow
connect-unfollow = Stop following
connect-block = Block
connect-block-hint = A blocked member cannot ask to connect with you or see what you share with your connections; any connection between you ends.
connect-unblock = Unblock

error-conflict-connect-self = You cannot connect with yourself.
error-conflict-connect-you-blocked = You blocked this member: unblock them first.
error-conflict-already-connected = You are already connected.
error-conflict-already-requested = You already asked this member to connect.
error-conflict-block-self = You cannot block yourself.
error-conflict-follow-self = You cannot follow yourself.
