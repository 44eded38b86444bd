## Member directory
dir-title = Member directory
dir-nav = Finding people
dir-filters = Filter the directory
dir-org-filter = Members of { $org } only.
dir-org-filter-clear = Show the members of every organization
dir-name = Name
dir-size-band = Population served
dir-sort = Sort by
dir-sort-name = Name
dir-sort-recent = Recent activity
dir-export = Download these results (CSV, the first { $max } at most)
dir-empty = Nobody matches these filters.
dir-members-none-match = No member matches these filters.
dir-members-none = There are no members to show.
dir-clear-filters = Clear the filters
dir-pages = Pages of results
dir-first = Back to the first page
dir-prev = Previous page
dir-next = Next page
dir-shown = { $n ->
    [0] No members on this page.
    [one] One member on this page.
   *[other] { $n } members on this page.
}
dir-size-under_10k = Under 10,000
dir-size-10k_50k = 10,000 to 50,000
dir-size-50k_250k = 50,000 to 250,000
dir-size-250k_1m = 250,000 to 1 million
dir-size-over_1m = Over 1 million
dir-csv-name = Name
dir-csv-handle = Handle
dir-csv-role = Role
dir-csv-organization = Organization
dir-csv-region = Region
dir-csv-country = Country
dir-csv-association = Association
dir-csv-job-title = Job title
dir-csv-expertise = Expertise

## Organization directory
dir-orgs-title = Organizations
dir-org-name = Name of the organization
dir-org-members = See its members in the directory
dir-org-members-label = See its members in the directory: { $org }
dir-orgs-shown = { $n ->
    [0] No organizations on this page.
    [one] One organization on this page.
   *[other] { $n } organizations on this page.
}

## People you may know
suggest-title = People you may know
suggest-lead = Colleagues you are not connected with yet, and why we think you may know them.
suggest-empty = No suggestions yet. Connect with colleagues and add your areas of expertise to get some.
suggest-connect-label = Ask to connect with { $name }
suggest-shared-connections = { $n ->
    [one] One shared connection
   *[other] { $n } shared connections
}
suggest-same-organization = also at { $org }
suggest-same-region = also in { $region }
suggest-same-size-band = a municipality of a similar size
suggest-shared-expertise = { $n ->
    [one] one area of expertise in common
   *[other] { $n } areas of expertise in common
}

## Fields and problems of the directory's filters
field-q = The search
field-sort = The sort order
field-cursor = The page link
field-limit = The page size
validation-cursor-invalid = { $field } is not valid: start again from the first page.
validation-limit-invalid = { $field } must be between 1 and 100.
