## Profiles
profile-edit = Edit my profile
profile-view-as = See my profile as
profile-view-as-prompt = See my profile as:
profile-view-as-myself = myself
profile-view-as-member = a member
profile-view-as-connection = a connection
profile-viewing-as = You are seeing your profile as { $who ->
    [member] a member who is not your connection
    [connection] one of your connections
   *[other] yourself
} sees it.
profile-about = About
profile-expertise = Expertise
profile-contact = Contact
profile-details = Details
profile-years = { $n ->
    [one] One year
   *[other] { $n } years
}
profile-links = Links
profile-nothing-shared = This member has not shared more yet.
profile-not-in-directory = Not listed in the member directory.
profile-edit-title = Edit my profile
profile-edit-lead = Colleagues find you by what you write here. For each field, choose who may see it.
profile-section-about = About you
profile-section-visibility = Who sees what
profile-bio-hint = Markdown: **bold**, *italic*, [links](https://example.org), lists. At most 10,000 characters.
profile-bio-language-hint = The language your bio is written in.
profile-bio-language-none = Not set
profile-links-hint = One web address per line, at most 10.
profile-expertise-hint = Other areas, separated by commas.
profile-expertise-other = Other areas of expertise
profile-handle-hint = Your address on CivicLink: { $address }
profile-years-hint = A whole number, 0 to 70.
profile-in-directory = List me in the member directory
profile-save = Save my profile
profile-saved = Your profile was saved.
profile-name-always = Your name, organization and handle are always visible to members.
visibility-everyone = Every member
visibility-connections = My connections only
visibility-nobody = Only me
language-en = English
language-fr = French
error-conflict-handle = This handle is taken: choose another one.

## Fields of the profile
field-handle = Handle
field-job_title = Job title
field-department = Department
field-bio = Bio
field-bio_language = Language of the bio
field-years_in_municipal_it = Years in municipal IT
field-location = Location
field-links = Links
field-expertise = Areas of expertise
field-visibility = Visibility
field-in_directory = Member directory
field-language = Language

## Curated areas of expertise
expertise-gis = GIS and mapping
expertise-cybersecurity = Cybersecurity
expertise-networking = Networking
expertise-cloud = Cloud
expertise-microsoft-365 = Microsoft 365
expertise-erp-finance = ERP and finance
expertise-hr-payroll = HR and payroll
expertise-asset-management = Asset management
expertise-permitting-licensing = Permitting and licensing
expertise-records-management = Records management
expertise-service-desk = Service desk
expertise-data-analytics = Data and analytics
expertise-open-data = Open data
expertise-web-digital-services = Web and digital services
expertise-telephony = Telephony
expertise-public-safety = Public safety systems
expertise-procurement = IT procurement
expertise-project-management = Project management
expertise-identity-access = Identity and access
expertise-backup-recovery = Backup and recovery

## Data rights
privacy-download = Download my data
privacy-delete = Delete my account
privacy-delete-title = Delete my account
privacy-delete-lead = This erases your name, email address, password, profile, connections and follows for good. What you wrote stays, shown as from a former member. You cannot undo this.
privacy-delete-confirm-hint = Type your email address to confirm.
privacy-delete-submit = Delete my account for good
privacy-deleted = Your account was deleted.
field-confirm_email = Your email address
validation-confirm-email = { $field } does not match the address of your account.

## Profile photo
field-avatar = Profile photo
profile-avatar-title = Profile photo
profile-avatar-choose = Choose a picture
profile-avatar-hint = A PNG, JPEG or WebP picture of at most 5 MB. It is cropped to a square and shown small; any location or camera details in the file are removed.
profile-avatar-upload = Upload photo
profile-avatar-remove = Remove my photo
profile-avatar-saved = Your photo was updated.
profile-avatar-removed = Your photo was removed.
validation-avatar-format = { $field } must be a PNG, JPEG or WebP picture.
validation-avatar-missing = Choose a photo to upload.
validation-avatar-too-large = { $field } must be at most 5 MB.
validation-avatar-too-many-pixels = { $field } is too large a picture: at most 40 megapixels.
