# Solidarity Atlas, English. One message per key; volunteers translate this
# file into app/locales/<language>/main.ftl with the same keys.

site-name = Solidarity Atlas
# The language code of this file, for the browser (plural rules, number formats).
lang-code = en
site-tagline = Find migrant-justice groups, health-access campaigns and reporting centres near you.
site-tagline-short = Find migrant-justice groups and help near you.
skip-to-content = Skip to content
language-switcher = Language
nav-home = Home

## Kinds of listing (an operator may add more; unknown kinds show their stored label)
kind-solidarity_group = Solidarity group
kind-pnp_chapter = Health-access campaign chapter
kind-reporting_centre = Reporting centre

## Home page
home-heading = Groups and places on the map
home-intro = Every listing here was checked by a volunteer moderator. Groups choose how precisely they are shown.
home-near-heading = Find groups near you
home-near-label = Town, postcode district or postcode
home-near-placeholder = e.g. Sheffield or S1
home-near-submit = Find near me
home-near-map = Or open the map: it can use your location
home-search-heading = Search the library and the directory
home-join-heading = Add your group or a resource
home-join-text = A volunteer moderator checks everything before it is public.
home-share = Share a resource
home-kinds-heading = On the map
home-recent-heading = Recently added
home-all-listings = All listings
home-resources-heading = New in the library
home-all-resources = The whole library
home-popular-heading = Most read this month
filter-label = Filter by name, kind or town
filter-placeholder = e.g. Sheffield
filter-submit = Filter
filter-clear = Show all
listing-count = { $count ->
    [one] { $count } listing
   *[other] { $count } listings
}
# { $shown } is filled in as the visitor types; { $total } is the whole list.
filter-showing = Showing { $shown } of { $total }
listings-empty = There are no listings yet.
listings-none-match = Nothing matches “{ $query }”. Try a shorter word or the name of a nearby town.
listing-in-town = in { $town }
listing-in-town-region = in { $town }, { $region }

## Errors
not-found-title = Page not found
not-found-body = There is no page at this address. It may have moved, or the link may be mistyped.
not-found-home = Go to the home page
error-title = Something went wrong

footer-sample-data = The listings shown in this demonstration are fictional sample data.

## Navigation
nav-listings = Directory
nav-map = Map

## Directory (/listings)
listings-title = Directory
listings-intro = Groups, campaign chapters and reporting centres. Say where you are to see the nearest first.
near-label = Near (town, postcode district or postcode)
near-placeholder = e.g. Sheffield, M14 or SW1A 1AA
near-not-found = We could not find “{ $place }”. Try a town name or a postcode district such as S1.
near-unknown = We don’t know the place “{ $place }”.
near-did-you-mean = Did you mean:
near-everywhere = Or show results from everywhere
near-no-postcodes = This site has no postcode list loaded yet, so “{ $place }” cannot be found. Try the name of your town instead.
near-showing = Nearest to { $place } first.
radius-label = Within
radius-any = any distance
radius-km = { $km } km
kind-label = Kind
kind-any = All kinds
tag-label = Activity
tag-any = Any activity
lang-label = Language spoken
lang-any = Any language
near-submit = Find
filters-more = More filters
filters-apply = Show listings
filters-reset = Clear filters
listings-results = { $count ->
    [0] No listings match.
    [one] { $count } listing matches.
   *[other] { $count } listings match.
}
listings-empty-filtered = Nothing matches these filters. Try a wider distance or clear the filters.
distance-km = { $km } km away
page-previous = Previous page
page-next = Next page
page-position = Page { $page } of { $pages }
# What the pagination's landmark is called (its own text says which page).
pagination = Pages

## One listing
listing-where = Where
listing-precision-exact = Shown at its exact address (a public building).
listing-precision-approximate = Shown approximately, within about 1 km, at the group's choice.
listing-precision-area = Shown by town only, at the group's choice.
listing-address = Address
listing-meets = When
listing-accessibility = Accessibility
listing-activities = Activities
listing-languages = Languages spoken
list-separator = { ", " }
listing-contact = Contact
listing-website = Website
listing-email = Email
listing-phone = Phone
listing-social = Social media
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday
listing-confirmed = Last confirmed as active: { $date }
listing-on-map = See on the map
listing-help-title = Help near here
listing-help-accompany = Groups who go with people to report, nearest to { $town } first
listing-help-groups = All groups within 25 km of { $town }
listing-help-guides = Guides for people who report: your rights, what to bring, what happens
listing-directions = Directions
listing-directions-app = in your maps app
listing-back = Back to the directory

## Map page
map-title = Map
map-intro = Move the map or say where you are; the list below follows the map.
map-locate = Use my location
map-locate-note = “Use my location” rounds your position to about 5 km in your browser before anything is sent to this site, and never puts it in the page’s address.
map-search = Find
map-legend = Key
map-in-view = In view
map-in-view-count = { $count ->
    [one] { $count } listing in view
   *[other] { $count } listings in view
}
map-loading = Loading…
map-no-js = The map needs JavaScript. The directory works without it.
map-picture-alt = A map of this view, with a dot or a number for each listing or group of listings.
map-zoom-in = Zoom in to see these listings

## Library
nav-library = Library
nav-search = Search
library-title = Library
library-intro = Toolkits, guides, know-your-rights sheets, templates and recordings shared by the movement.
library-count = { $count ->
    [0] No resources match.
    [one] { $count } resource
   *[other] { $count } resources
}
library-empty = There are no resources here yet.
library-by-kind = By kind
library-by-topic = By topic
library-by-language = By language
library-all = All
resource-kind-toolkit = Toolkit
resource-kind-guide = Guide
resource-kind-know-your-rights = Know your rights
resource-kind-template = Template
resource-kind-recording = Recording
resource-kind-reading = Reading list
resource-kind-other = Other
resource-open = Open the original
resource-published = Published { $date }
resource-by = By { $publisher }
resource-topics = Topics
resource-languages = Languages
resource-print = Print this page
resource-back = Back to the library
resource-offline = This page is saved on this device: you can open it again without a connection.

## Search
search-title = Search
search-label = Search the library and the directory
search-placeholder = e.g. hospital charges, reporting centre, centre de signalement
search-submit = Search
search-results = { $count ->
    [0] No results.
    [one] { $count } result
   *[other] { $count } results
}
search-none = Nothing found for “{ $query }”. Check the spelling, try fewer words, or browse the library.
search-type-resource = Resource
search-type-listing = Group or place
search-filter-type = Show
search-type-all = Everything

## Navigation for taking part
nav-register = Register your group
nav-sign-in = Sign in
nav-account = Your account
lockdown-banner = For safety, locations and the map are hidden for now. The resource library is still open.

## Forms
form-errors-title = Please check these fields
form-required = (required)

## Register your group
register-title = Register your group
register-intro = Put your group on the map in a few minutes. No account needed: we email you a link to confirm, then a volunteer moderator checks it before anyone else sees it.
register-name = Name of the group
register-kind = What kind of group
register-summary = One sentence about what you do
register-summary-hint = Shown in lists and search results.
register-description = More about the group
register-description-hint = Optional. Web addresses you write here become links.
register-where = Where
register-town = Town, or the first half of a postcode
register-town-hint = For example Rotherham or S60. This name is shown publicly.
register-picker = Map: click to place the group
register-picker-hint = Or click the map to place the group. How precisely it is shown depends on your choice below.
register-precision = How precisely should the map show you?
register-precision-area = Only the town (safest: recommended for most groups)
register-precision-approximate = Approximately, within about 1 km
register-precision-exact = The exact address (only for public buildings, never where people live)
register-address = Address
register-address-hint = Only for public buildings shown at their exact address.
register-region = Region
register-latitude = Latitude
register-latitude-hint = Decimal degrees, e.g. 53.43. Leave empty to use the town's centre.
register-longitude = Longitude
register-meets = Anything else about when you meet
register-meets-hint = Optional. For example: not in August, or “call first”.
register-meet-legend = Your regular meeting
register-meet-hint = Optional. If you meet at a regular time, choose it here: once a moderator approves your group, it is listed in What’s on.
register-meet-none = No regular time
register-meet-day = Day
register-meet-repeat = How often
register-meet-weekly = Every week
register-meet-fortnightly = Every other week
register-meet-monthly-1 = The first of the month (for example the first Saturday)
register-meet-monthly-2 = The second of the month
register-meet-monthly-3 = The third of the month
register-meet-monthly-4 = The fourth of the month
register-meet-monthly-last = The last of the month
register-languages = Languages spoken at the group
register-languages-codes = Language codes separated by commas, e.g. en, ar, fa.
register-other-languages = Other languages
register-other-languages-hint = Any other languages, by name, separated by commas: for example Pashto, Somali.
register-tags = Activities
register-tags-hint = Separated by commas, e.g. english conversation, football.
register-accessibility = Accessibility
register-website = Website
register-phone = Phone
register-phone-hint = A UK number, for example 0114 496 0000 or 07700 900123.
register-channels = How people can join you
register-channels-hint = All optional. Each one appears on your public page only if you tick “Show publicly” under it. Never give a personal number that could put someone at risk.
register-show-publicly = Show publicly
register-whatsapp = WhatsApp group invite link
register-whatsapp-hint = In WhatsApp: the group’s name › Invite via link › Copy link. It starts with https://chat.whatsapp.com/
register-signal = Signal group link
register-signal-hint = In Signal: the group’s name › Group link › Share › Copy. It starts with https://signal.group/
register-telegram = Telegram group or channel
register-telegram-hint = Its invite link, starting with https://t.me/
listing-join-whatsapp = Join the WhatsApp group
listing-join-signal = Join the Signal group
listing-join-telegram = Join on Telegram
problem-not-uk-phone = “{ $given }” is not a UK phone number. Write it like 0114 496 0000, 07700 900123 or +44 7700 900123.
problem-not-invite-link = “{ $given }” is not a { $app ->
        [whatsapp] WhatsApp
        [signal] Signal
       *[telegram] Telegram
    } invite link. Copy the link from the app: it starts with { $app ->
        [whatsapp] https://chat.whatsapp.com/
        [signal] https://signal.group/
       *[telegram] https://t.me/
    }
problem-not-ticked-to-publish = You gave this but did not tick “Show publicly” under it. Tick it to show this on your page, or empty the field: we keep only what the page shows.
register-public-email = Public email
register-social = Social media links
register-social-hint = Web addresses, separated by commas: a WhatsApp, Signal or Telegram invite link, a Facebook or Instagram page.
register-contact = How we reach you
register-contact-email = Your email address
register-contact-email-hint = We send the confirmation link here. It is not shown publicly unless you tick the box below.
register-show-email = Show this address publicly on the listing
register-moderation-note = A moderator checks every submission before it appears. We will email you when it is published.
register-submit = Send for checking

## Share a resource
share-title = Share a resource
share-intro = Suggest a toolkit, guide, know-your-rights sheet, template or recording for the library. A moderator checks it first.
share-resource-title = Title
share-kind = What kind of resource
share-url = Link
share-url-hint = Where it can be read or downloaded, starting with https://
share-body = Text
share-topics = Topics
share-publisher = Who published it
share-contact-email-hint = We send the confirmation link here. It is never shown publicly.
share-submit = Send for checking

## After a form
thanks-registered-title = Check your email
thanks-registered-body = We have sent you a link. Open it within 48 hours to send your group to the moderators. Nothing is public until a moderator approves it.
thanks-without-mail-title = Thank you: it has reached us
thanks-without-mail-body = This site sends no email yet, so there is no link to open: a volunteer moderator will find what you sent and check it. Nothing is public until a moderator approves it.
event-form-venue-town-hint = Or its postcode. Without the map, the event is shown at this town.
mod-archive-title = Take it off the map
mod-approved-published = Approved and published.
mod-approved-see = See it
thanks-shared-title = Check your email
thanks-shared-body = We have sent you a link. Open it within 48 hours to send the resource to the moderators.
thanks-confirmed-title = Thank you
thanks-confirmed-body = Your submission is with the moderators. We will email you when they have decided.
thanks-sign-in-title = Check your email
thanks-sign-in-body = If this address belongs to an account, a sign-in link is on its way. It works once, for one hour.
thanks-message-title = Message sent
thanks-message-body = We have passed your message on to the group. They will reply to your email address if they can.
thanks-report-title = Thank you for telling us
thanks-report-body = A moderator will look at this listing.
thanks-claim-title = Check your email
thanks-claim-body = We have sent you a link. Open it within 48 hours; a moderator then decides whether you can look after this listing.
thanks-edit-title = Changes sent
thanks-edit-body = A moderator will check your changes. Until then the listing stays as it was.
thanks-deleted-title = Your account is deleted
thanks-deleted-body = Your account, the listings only you looked after and everything you sent us have been deleted.
thanks-still-active-title = Thank you
thanks-still-active-body = The listing is marked as still active.

## Signing in and emailed links
login-title = Sign in
login-intro = Enter your email address and we will send you a link to sign in. No password needed.
login-email = Email address
login-submit = Send me a link
login-confirm-title = Sign in to Solidarity Atlas
login-submit-link = Sign in
confirm-title = Confirm your submission
confirm-submit = Confirm and send to the moderators
still-active-title = Is the group still active?
still-active-submit = Yes, we are still active

## Your account
account-title = Your account
account-signed-in-as = Signed in as { $email }
account-moderate = Go to the moderation queue
account-listings = Listings you look after
account-no-listings = You do not look after any listings yet.
account-view = view
account-edit = edit
account-submissions = What you have sent
account-no-submissions = Nothing yet.
account-your-data = Your data
account-export = Download everything we hold about you (JSON)
account-delete-confirm = I understand that this deletes my account, the listings only I look after and everything I sent
account-delete = Delete my account
account-sign-out = Sign out
status-unconfirmed = waiting for the email link
status-pending = waiting for a moderator
status-approved = approved
status-rejected = not approved
status-published = published
status-archived = archived
edit-title = Edit listing
edit-intro = Your changes go to a moderator. The listing stays as it is until they approve them.
edit-not-yours = You can only edit listings you look after.
edit-submit = Send changes for checking

## Contact, report, claim
listing-back-to-listing = Back to the listing
contact-title = Message { $name }
contact-intro = We pass your message on by email. The group's address is not shown to you; yours is shown to them so they can reply.
contact-your-name = Your name
contact-your-email = Your email address
contact-your-email-hint = The group replies to this address.
contact-message = Your message
contact-submit = Send message
report-title = Report a problem with { $name }
report-intro = Tell the moderators what is wrong. You do not need to give your name.
report-category = What is wrong?
report-category-wrong = The information is wrong
report-category-closed = The group has closed
report-category-unsafe = This listing puts people at risk
report-category-duplicate = It is listed twice
report-message = Details
report-message-hint = Optional.
report-submit = Send report
claim-title = Look after { $name }
claim-intro = Are you part of this group? Ask to look after its listing, so you can keep it up to date. A moderator decides.
claim-email-hint = We send a confirmation link here. It is not shown publicly.
claim-message = How are you connected to the group?
claim-message-hint = This helps the moderator decide.
claim-submit = Ask to look after this listing
listing-contact-form = Send them a message
listing-report = Report a problem
listing-claim = Is this your group?
listing-may-be-inactive = This group has not confirmed for more than 15 months that it is still active.

## Dates
date-format = { $day } { $month } { $year }
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
map-zoom-in-button = Zoom in
map-zoom-out-button = Zoom out


## Moderation and admin pages
mod-published = Published (YYYY-MM-DD)
mod-nav = Moderation
mod-queue = Queue
mod-log = Audit log
mod-admin = Admin
mod-queue-title = Moderation queue
mod-filter-all = All
mod-filter-listings = Listings
mod-filter-resources = Resources
mod-waiting = Waiting for a decision ({ $count })
mod-nothing-waiting = Nothing is waiting. Thank you.
mod-col-sent = Sent
mod-col-what = What
mod-col-name = Name
mod-what-create-listing = New listing
mod-what-edit-listing = Changes to a listing
mod-what-claim-listing = Claim of a listing
mod-what-create-resource = New resource
mod-what-edit-resource = Changes to a resource
mod-what-claim-resource = Claim of a resource
mod-reports = Reports ({ $count })
mod-no-reports = No open reports.
mod-note = Note
mod-close-report = Close report
mod-submission-title = Submission
mod-status = Status:
mod-sent-by = sent { $date } by { $email }
mod-region = region { $region }
mod-reason-given = Reason given:
mod-duplicates = Possible duplicates
mod-listing-archived = This listing is archived. Approving this change keeps it archived: it stays hidden from the public.
mod-km-away = about { $km } km away
mod-what-changes = What changes
mod-col-field = Field
mod-col-now = Now
mod-col-proposed = Proposed
mod-approve = Approve
mod-correct-hint = You can correct the record before approving.
mod-approve-submit = Approve and publish
mod-reject = Reject
mod-reject-reason = Reason (sent to the sender)
mod-history-title = Listing history
mod-public-page = public page
mod-archive-reason = Why archive it?
mod-archive-submit = Archive (take off the map)
mod-correct-title = Correct this listing
mod-correct-listing-hint = Change what is wrong and say why: the listing changes at once, with a revision and a line in the log.
mod-correct-reason = What was wrong
mod-correct-reason-hint = For example: “the location was wrong, reported by the group”. Kept in the log.
mod-correct-submit = Save the correction
mod-correct-from-report = Correct the listing
mod-revisions = Revisions ({ $count })
mod-record = Record
mod-log-empty = Nothing has happened yet.
mod-col-when = When
mod-col-who = Who
mod-col-on = On
mod-col-why = Why
mod-pages = Pages
mod-next = Next page
mod-previous = Previous page
mod-newer = Newer
mod-older = Older
admin-lockdown = Lockdown
admin-lockdown-on = Lockdown is ON: no location, map or listing is shown to the public. The library stays up.
admin-lockdown-off = Lockdown is off. Switch it on to hide every location and map from the public at once, for example during a far-right mobilisation.
admin-reason = Reason (kept in the audit log)
admin-lockdown-end = End lockdown
admin-lockdown-start = Start lockdown
admin-outbox = Outbox
admin-outbox-hint = Every email the site sent, newest first. Without an SMTP server configured (ATLAS_SMTP_URL), this is where mail waits to be read.
problem-no-mail-server = This site has no mail server yet. Set ATLAS_SMTP_URL and restart it; then mail waiting here is sent.
problem-no-such-mail = There is no such message in the outbox.
problem-mail-not-delivered = The mail server did not take it: { $reason }. It stays in the outbox and is tried again every hour.
admin-send-now = Send now
admin-send-again = Send again (its links were cut when it was sent)
admin-mail-failed = Last try failed:
admin-no-mail = No mail yet.
admin-sent = sent
admin-not-sent = not sent

## Emails (plain text; { $link } must stay on a line of its own)
mail-confirm-subject = Please confirm your submission to Solidarity Atlas
mail-confirm-body =
    Hello,

    Someone (we hope you) sent a submission to Solidarity Atlas with this address.

    To send it to our moderators, open this link within 48 hours:

    { $link }

    If this was not you, ignore this message and nothing will be published.
mail-approved-subject = Your submission to Solidarity Atlas was approved
mail-approved-body =
    Hello,

    “{ $title }” has been approved by a moderator and is now on Solidarity Atlas.

    Thank you.
mail-rejected-subject = Your submission to Solidarity Atlas
mail-rejected-body =
    Hello,

    A moderator did not approve “{ $title }” for Solidarity Atlas.

    Their reason: { $reason }

    You are welcome to send it again.
mail-sign-in-subject = Your sign-in link for Solidarity Atlas
mail-sign-in-body =
    Hello,

    To sign in to Solidarity Atlas, open this link within an hour:

    { $link }

    If you did not ask for it, ignore this message; nobody can sign in without the link.

## People (admin page)
admin-people = People
admin-people-email = Email address
admin-people-role = Role
admin-people-regions = Regions
admin-people-regions-hint = For moderators: the regions they look after, separated by commas. Empty means everywhere.
admin-people-submit = Save
role-admin = admin
role-moderator = moderator
role-organiser = organiser
mail-reminder-subject = Is { $name } still active?
mail-reminder-body =
    Hello,

    “{ $name }” has been on Solidarity Atlas for a year without an update. If the group is still active, open this link and press the button:

    { $link }

    Without it, in three months the listing will be shown as “may no longer be active”.
mail-relay-subject = Message for { $group } via Solidarity Atlas
mail-relay-body =
    { $name } <{ $email }> sent this message to “{ $group }” through Solidarity Atlas. Reply to this email to answer them. Your own address has not been shown to them.

    ----
    { $message }

## Problems: what was wrong, by code (app/src/problem.rs). The form
## shows each beside its field's label.
problem-required = This is required.
problem-too-long = This is { $given } characters long; at most { $max } are allowed.
problem-too-many-entries = This has { $given } entries; at most { $max } are allowed.
problem-entry-too-long = “{ $entry }” is too long: each entry is at most { $max } characters.
problem-language-code = “{ $entry }” is not a language we know. Write its name in English (like Pashto) or its two-letter code (like ps).
problem-language-needed = Name at least one language, such as en.
problem-not-web-link = “{ $given }” is not a web address. It must start with https://
problem-slug-length = The web address name must be 1 to { $max } characters.
problem-slug-characters = “{ $given }” may contain only a-z, 0-9 and single hyphens, not at the start or end (like sheffield-walking-group).
problem-unknown-kind = “{ $given }” is not one of the kinds: { $known }.
problem-unknown-precision = “{ $given }” is not one of the precisions: { $known }.
problem-unknown-choice = “{ $given }” is not one of: { $known }.
problem-unknown-time-zone = “{ $given }” is not a time zone we know; write it like Europe/London.
problem-not-local-time = “{ $given }” is not a date and time; write it like 2027-03-04T18:30 (or 2027-03-04 for all day).
problem-end-before-start = The end must come after the start.
problem-event-too-long = One occurrence may last at most { $max } days; for something longer, add a repeating event.
problem-bad-recurrence = “{ $given }” is not a repeat rule we understand; write it like FREQ=WEEKLY;BYDAY=TU.
problem-repeats-too-often = An event repeats at most once a day: choose daily, weekly, monthly or yearly (at most 1,000 times), and give the time in the start.
problem-date-out-of-range = “{ $given }” is too far in the past or future; give a date from { $first } to { $last }.
problem-online-needs-link = An online event needs its link (https://…).
problem-venue-needs-place = An event at its own venue needs the venue's town and point.
problem-exact-venue-must-be-public = A venue can be shown exactly only when it is a public building. Never give the address of a hotel or hostel where people are housed.
problem-coordinates-out-of-range = Latitude must be between -90 and 90 and longitude between -180 and 180.
problem-coordinates-incomplete = Give both latitude and longitude, or neither.
problem-not-a-number = “{ $given }” is not a number like 53.38.
problem-address-needs-exact = An address is only kept for public buildings shown at their exact address. Remove it, or choose the exact address.
problem-nested-too-deep = This nests quotes, lists or brackets { $depth } levels deep; at most { $max } are allowed.
problem-not-email = “{ $given }” is not an email address.
problem-not-phone = “{ $given }” is not a phone number (digits, spaces and + - ( ) only).
problem-not-date = “{ $given }” is not a date like 2026-01-31.
problem-too-many-meetings = This has { $given } meetings a week; at most { $max } are allowed.
problem-bad-meeting = { $day } { $start }–{ $end }: use a day (mon … sun) and times like 18:00, with the start before the end.
problem-hidden-character = This contains an invisible character ({ $code_point }) that changes how text is shown. Please type it again without it.
problem-place-not-found = { $count ->
        [0] We could not find “{ $place }”. Try a nearby town, or the first half of a postcode (like S1).
       *[other] We could not find “{ $place }”. Did you mean: { $suggestions }?
    }
problem-not-for-this-kind = This is a public building, not a group: nobody there answers messages, it cannot be claimed and it lists no events. Its page links to groups nearby who can help.
problem-point-far-from-town = The point on the map is { $km } km from { $town }, farther than { $max } km. Move the pin into { $town }, or change the town to where the group meets.
problem-outside-coverage = This point is outside the UK and Ireland, which this map covers.
problem-contact-email = Enter an email address we can send the confirmation link to, like name@example.org.
problem-your-email = Enter your email address, like name@example.org.
problem-reply-email = Enter your email address, so the group can reply.
problem-person-email = Enter the person's email address, like name@example.org.
problem-message-length = Write between 10 and 5,000 characters.
problem-confirm-delete = Tick the box to confirm that you want everything deleted.
problem-reason-for-audit = Say why, for the audit log.
problem-reason-for-sender = Say why, so the sender can put it right.
problem-report-category = Choose what is wrong with the listing.
problem-choose-role = Choose admin, moderator, translator or organiser.
problem-on-or-off = Choose on or off.
problem-too-fast = That was sent very quickly. If your browser filled the form in for you, that is fine: check what it filled in and send it again.
problem-form-too-old = This form was opened more than a day ago. Please check your entry and send it again.
problem-form-already-sent = This form was already sent once. To send it again, check your entry below and send it.
problem-record-unreadable = This record cannot be read. Please tell the site's administrators.
problem-no-such-page = There is no page at this address. It may have moved, or the link may be mistyped.
problem-no-such-listing = There is no such listing.
problem-no-such-submission = There is no such submission.
problem-no-such-report = This report is already closed or does not exist.
problem-no-reply-address = This group has not given an address for messages.
problem-link-expired = This link has expired or was already used. Send the form again if you need to.
problem-sign-in-link-expired = This sign-in link has expired or was already used. Ask for a new one.
problem-submission-gone = This submission no longer exists.
problem-not-your-listing = You can only edit listings you look after.
problem-outside-your-regions = This is, or would be, in a region you do not moderate.
problem-admins-only = Only admins can do this.
problem-only-admin = You are the only admin. Make someone else an admin first.
problem-decided-meanwhile = Someone else decided on this meanwhile.
problem-slug-taken = A listing called { $slug } already exists.
problem-not-waiting = This is not waiting for a decision.
problem-too-many-mails-to-address = We have sent several messages to this address in the last hour. Please wait an hour, then try again.
problem-too-many-posts = Too many forms were sent from your connection in the last hour. Please try again later.
problem-not-a-form = Send this as an HTML form.
problem-form-too-large = This form is far longer than any field allows. Shorten the text and send it again.
problem-too-many-fields = This form has far more fields than any of ours. Reload the page and send it again.
problem-form-expired = For your safety we could not accept this form: it is old or came from another site. Go back, reload the page and send it again.
problem-sign-in-first = Sign in first, then try again.
problem-not-allowed-here = Your account does not give access to this.
problem-sign-in-unavailable = We cannot check your sign-in just now. Please try again in a minute.
problem-not-saved = We could not save this just now. Nothing was lost on your side: go back and send it again in a minute.

## Refusal pages: their titles.
refusal-check-form = Please check the form
refusal-not-allowed = Not allowed
refusal-not-found = Not found
refusal-already-done = Already done
refusal-link-gone = This link no longer works
refusal-wait = Please wait
refusal-try-again = Please try again
refusal-sign-in = Please sign in
refusal-form-expired = This form has expired
refusal-back-home = Back to Solidarity Atlas
problem-fault = This is a fault on our side, not yours. Please try again in a few minutes.

## Link previews: each public page's description
preview-directory = Every group, campaign chapter and reporting centre in the directory, nearest first when you give a town or postcode.
preview-map = A map of migrant-justice groups, health-access campaigns and reporting centres across the UK and Ireland.
preview-library = Toolkits, guides, know-your-rights sheets and templates from the movement, in several languages.
preview-search = Search the groups and the library of toolkits and guides.
preview-register = Put your group on the map. A moderator checks every listing before it is shown, and you choose how precisely it is placed.
preview-share = Share a toolkit, guide or know-your-rights sheet with the movement.
preview-listing = { $kind } in { $town }.

# What's on
nav-events = What's on
events-title = What's on
events-intro = Activities, meetings, trainings and festivals of the groups in the directory. Everything is free unless it says otherwise.
preview-events = Weekly activities, trainings, webinars and festivals near you, from local solidarity groups.
events-today = Today
events-this-week = This week
events-later = Later
events-empty = Nothing found for these dates and filters. Try a wider distance or fewer filters.
events-radius = Distance
event-distance = { $km } km
events-category = Kind of event
events-any-category = Any kind
events-language = Language
events-any-language = Any language
events-only = Only show
events-online-only = Online
events-in-person-only = In person
events-free = Free
events-step-free = Step-free access
events-women = For women
events-filter-submit = Show events
events-subscribe = Subscribe in your calendar
events-download = Download (.ics)
events-near-heading = What's on near { $place }, soonest first
events-within = Within { $km } km of { $place }
events-within-online = Within { $km } km of { $place }, and online events
events-change-radius = change
events-feed-intro = Your calendar can follow this list, with the filters you chose, and show new dates by itself. Copy this address into it:
events-feed-address = Calendar address
events-feed-google = Google Calendar: on a computer, open calendar.google.com, then “Other calendars” → “+” → “From URL”, paste the address and choose “Add calendar”.
events-feed-android = Android phone: add it to Google Calendar as above; it then appears in the phone's calendar (the app itself cannot add an address).
events-feed-apple = Apple Calendar (iPhone, iPad, Mac): tap the link below, or go to Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar and paste the address.
events-feed-outlook = Outlook: “Add calendar” → “Subscribe from web”, paste the address; or use the link below.
events-feed-open = Open in Apple Calendar or Outlook
events-download-once = (once: these dates, without updates)
copy-button = Copy
copy-done = Copied
copy-selected = Selected: copy it with your phone's menu
events-more = Later dates
event-all-day = All day
event-time-range = { $start }–{ $end }
event-date-time = { $date }, { $time }
event-status-cancelled = Cancelled
event-status-postponed = Postponed
event-status-moved-online = Moved online
event-online = Online
event-hybrid = In person and online
event-back = ← What's on
event-next-dates = Next dates
event-no-dates = No dates coming up.
event-add-to-calendar = Add to your calendar
event-where = Where
event-online-link = Join online
event-organised-by = Organised by
event-cost = Cost
event-cost-free = Free
event-cost-donation = Donation if you can
event-cost-price = There is a charge
event-audience = Who it is for
event-how-to-join = How to join
event-join-turn-up = Just turn up.
event-join-register = Register first: use the group's contact form.
event-join-link = Register on the organiser's page
listing-next-dates = Next dates
listing-no-dates = No dates are listed yet.
listing-all-dates = All dates
home-whats-on-heading = What's on soon
home-all-events = Everything on
event-category-regular_activity = Regular activity
event-category-meeting = Meeting
event-category-training = Training / know your rights
event-category-webinar = Webinar
event-category-action = Action
event-category-festival = Festival
event-category-summit = Summit
event-category-reading_group = Reading group
event-category-drop_in = Drop-in
access-step-free = Step-free
access-hearing-loop = Hearing loop
access-interpreter = Interpreter
access-bsl-or-captions = BSL or captions
access-childcare = Childcare
access-quiet-room = Quiet room
audience-everyone = Everyone
audience-women = Women
audience-lived-experience = People with lived experience
audience-workers = Workers
audience-young-people = Young people
events-unavailable = Dates cannot be shown right now; please try again shortly.
account-add-event = Add an event
event-form-no = No
event-form-yes = Yes
event-repeat-none = Does not repeat
event-repeat-weekly = Every week on this day
event-repeat-fortnightly = Every other week on this day
event-repeat-monthly = Every month on this weekday (e.g. the second Tuesday)
event-repeat-monthly_last = Every month on the last of this weekday
event-place-listing = At the group's place (as the map shows it)
event-place-venue = At another public venue
event-place-online = Online only
event-form-title = Title of the event
event-form-summary = One line about it
event-form-description = More about it
event-form-languages = Languages spoken
event-form-languages-hint = Codes separated by commas, e.g. en, ar, fa
event-form-when = When
event-form-date = Date (the first date, if it repeats)
event-form-start = Starts at
event-form-end = Ends at
event-form-end-date = Last day (all-day events)
event-form-end-date-hint = Leave empty for a single day.
event-form-repeat = Repeats
event-form-until = Repeats until (optional)
event-form-rrule = Another pattern (for calendar experts)
event-form-rrule-hint = Only if none of the choices above fits. Written as in calendar files: FREQ=MONTHLY;BYDAY=-1TH is the last Thursday of every month.
event-form-safety = Never give the place of a hotel, hostel or home where people are housed: events there must not be public. A venue can be shown exactly only when it is a public building (a library, a hall, a place of worship).
event-form-place = Where it happens
event-form-online-url = Online link (https://…)
event-form-venue-name = Venue name
event-form-venue-town = Venue town
event-form-public-building = The venue is a public building
event-form-price = Price (if there is one)
event-form-access-notes = Anything else about access
event-form-join-url = Registration link (if people register on your page)
event-form-new-title = Add an event
event-form-intro = A moderator checks new events before they are public. Dates are in UK time.
event-form-submit = Send to the moderators
event-form-edit-title = Your event
event-form-change-heading = Change the event
event-form-edit-intro = A moderator checks changes; until then the event stays as it was.
event-form-cancel-heading = Cancel, postpone or move a date
event-form-cancel-intro = Cancelling, postponing or moving one date online is public at once.
event-form-cancel-date = Cancel this date
mod-what-create-event = New event
mod-what-edit-event = Changes to an event
mod-event-safety = Check the place: an event in a hotel, hostel or home where people are housed must never be public, and only a public building may be shown exactly.
thanks-event-title = Event sent
thanks-event-body = A moderator will check it. We will email you when they have decided.
thanks-cancelled-title = Date cancelled
thanks-cancelled-body = The date is shown as cancelled everywhere, calendar feeds included.
event-suggest-link = Suggest an event
event-suggest-title = Suggest an event for { $name }
event-suggest-intro = Tell us about an event of this group. We email you a link; once you open it, a moderator checks the event before it is public.
event-suggest-email-hint = Only the moderators see it; we send the link here.
thanks-suggested-title = Check your email
thanks-suggested-body = We have sent you a link. Open it within 48 hours to send the event to the moderators.

## Following a group's own calendar
account-calendar = Follow your calendar
calendar-title = Follow your group's calendar
calendar-intro = If your group already keeps a calendar (Google Calendar, Nextcloud, Outlook, a WordPress events plugin), give us its public iCalendar address. We read it every hour and keep your events here in step with it. A moderator looks at the first reading before anything is shown.
calendar-start = The calendar's address
calendar-change = Change the address
calendar-url = Calendar address (iCalendar, .ics)
calendar-url-hint = In Google Calendar: Settings, your calendar, “Public address in iCal format”. It starts with https://. A new address is shown to a moderator again.
calendar-public-venues = The places in this calendar are public buildings: show their addresses
calendar-public-venues-hint = Leave this unticked unless every place in it is a public building, such as a library or a community centre. Unticked, we drop every address and map point in the calendar and use your group's own place, as precisely as your listing shows it. Never list a hotel or hostel where people are housed.
calendar-submit = Follow this calendar
calendar-status = The calendar we follow
calendar-state-in_review = Waiting for a moderator: nothing from it is shown yet.
calendar-state-following = Followed: changes in it appear here within the hour.
calendar-state-refused = A moderator refused it: nothing from it is shown. Change the address to send it again.
calendar-events = { $count ->
    [0] No events read from it.
    [one] { $count } event read from it.
   *[other] { $count } events read from it.
}
calendar-read-at = Last good copy: { $date }
calendar-never-read = Not read yet.
calendar-checked-at = Last checked: { $date }
calendar-trouble = The last attempt to read it failed; we keep showing the last good copy and will try again.
calendar-skipped = { $count ->
    [one] { $count } event in it could not be taken (it keeps its last good copy here):
   *[other] { $count } events in it could not be taken (they keep their last good copy here):
}
calendar-stop = Stop following
calendar-stop-hint = The events read so far stay; you can change or cancel them here.
thanks-calendar-title = Calendar read
thanks-calendar-body = We have read your calendar. A moderator will look at it; we will email you when they have decided. Until then nothing from it is public.
thanks-calendar-stopped-title = Calendar no longer followed
thanks-calendar-stopped-body = We no longer read it. The events read so far stay, and you can change or cancel them.
mod-what-create-calendar = Calendar to follow
mod-what-edit-calendar = New address of a followed calendar
mod-calendar-events = Events in it
mail-calendar-failing-subject = We cannot read your group's calendar
mail-calendar-failing-body =
    Hello,

    Solidarity Atlas could not read the calendar at { $url }: { $problem }

    We keep showing the last copy we could read and try again every hour. Your account page shows how it is going.
problem-calendar-address = “{ $given }” is not a calendar address: give the address of an iCalendar (.ics) file, starting with https:// or http://.
problem-calendar-private-address = { $host } is inside a private network: we only read calendars on the public internet.
problem-calendar-unreachable = We could not reach { $host }: no such address, or no answer in time. Check the address; we try again every hour.
problem-calendar-answered = The calendar's server answered with error { $status } instead of the calendar. Is the calendar public?
problem-calendar-too-large = The calendar is larger than { $max } KB. Share a calendar with fewer past events.
problem-calendar-not-ics = That address does not give an iCalendar (.ics) file.
problem-calendar-nested-too-deep = The calendar nests its parts more than { $max } deep, which calendars never do. Check that the address gives your group’s calendar.
problem-calendar-too-many-events = The calendar has { $given } events; we follow at most { $max }.
problem-no-calendar = This listing follows no calendar.
filter-on-this-week = Only groups with something on in the next 7 days
event-form-postpone-date = Postponed
event-form-online-date = Moved online
thanks-date-changed-title = Date changed
thanks-date-changed-body = The date is marked as changed everywhere, calendar feeds included.
search-type-event = Event
feed-listings-title = Solidarity Atlas: new groups and places
feed-library-title = Solidarity Atlas: new in the library
embed-title = Groups and places
embed-title-near = Groups and places near { $place }
embed-see-all = See all { $count } on Solidarity Atlas
embed-builder-title = Put the Atlas on your site
embed-builder-intro = Choose what to show and copy the code into your page. The list works without JavaScript, sets no cookie, loads nothing from anyone but us, and shows every place only as precisely as its group chose.
embed-interface-language = Language of the list
embed-width = Largest width (pixels)
embed-height = Height (pixels)
embed-show = Show
embed-preview = How it will look
embed-copy = Copy this into your page
embed-iframe-title = Solidarity Atlas: groups and places
embed-map-unavailable = The map is not available at the moment.
embed-what = What to show
embed-what-list = A list
embed-what-map = A map

# /developers: open data and the API
footer-open-data = Open data and API
developers-title = Open data and API
developers-intro = The directory, the library and what’s on are open data: any site or tool may read them, without a key and without cookies. Every place is shown only as precisely as its group chose, and nothing is answered during a lockdown.
developers-ways-in = Ways in
api-title = The JSON API
api-parameters = Parameters
api-required = required
api-name = Name
api-values = Values
api-meaning = Meaning
api-responses = Answers:
api-example-request = Example request:
api-example-answer = Its answer:

# /embed/events
embed-what-events = What's on (a list of dates)
embed-events-title = What's on
embed-events-title-near = What's on near { $place }
embed-events-see-all = See everything on at Solidarity Atlas
embed-width-note = On a narrower screen, such as a phone, it shrinks to fit the page.
embed-copy-button = Copy
embed-copied = Copied. Paste it into your page's HTML.
embed-copy-selected = Selected. Copy it with your device's copy command.
embed-iframe-title-events = Solidarity Atlas: what's on

# /map: "use my location" when no position comes
map-locate-refused = Your browser did not share your location, so nothing was sent. Type a town or postcode in the box above instead.
map-locate-failed = Your location could not be found in time, so nothing was sent. Type a town or postcode in the box above instead.

# /map and /embed/map: a listing's card, and what a cluster holds, in a popup
map-card-meets = When:
map-card-next = Next date:
map-card-open = Open
map-cluster-here = At this place
map-popup-close = Close

# The map on a touch screen: one finger scrolls the page
map-two-fingers = Use two fingers to move the map
mod-point-distance = This point is { $km } km from the centre of { $town }.
mod-point-far = This point is { $km } km from the centre of { $town }, farther than { $max } km: check the town or the point before approving.
mod-point-picture = A small map with the point ringed.

# The map picker of the registration and event forms: its own place search and "use my location"
picker-search = Find a place on the map
picker-search-none = No town or postcode district of that name was found. Try another spelling, or the first half of a postcode such as S1.
picker-locate-note = “Use my location” puts the pin where you are now: use it when you are at the place itself. Your position is sent only with this form.
picker-located = The pin is at your location. Drag it to the exact spot if needed.
event-form-picker = Map: click to place the venue
event-form-picker-hint = Or choose the venue on the map. Without the map, the venue’s town is used, and the event is shown there. How precisely it is shown depends on your choice below.
mod-unconfirmed = Not confirmed by their sender ({ $count })
mod-unconfirmed-note = The sender has not opened the link we emailed. If you know the submission is genuine, take it into the queue; your name goes in the audit log.
mod-no-mail-note = This site sends no mail (no mail server is set up: ATLAS_SMTP_URL), so confirmation links never arrive. Check each submission and take it into the queue yourself; your name goes in the audit log. An admin can set up mail — see the admin page.
mod-unconfirmed-badge = unconfirmed
mod-take = Take into the queue
admin-no-mail-server = This site sends no mail: no mail server is set up (ATLAS_SMTP_URL). What works without it: the whole site, and moderators take registrations into the queue themselves at /moderate. What waits: confirmation, sign-in and reply mails stay here, their links cut out. To send mail, start the server with ATLAS_SMTP_URL=smtp://user:password@mail.example.org:587?tls=required; until then, atlas user link --email ADDRESS prints a sign-in link.

## Values from the data, by slug (lowercase, other characters as '-'):
## regions (server/src/regions.rs), activities and library topics.
## A value with no message here is shown as stored, isolated.
region-north-east = North East
region-north-west = North West
region-yorkshire-and-the-humber = Yorkshire and the Humber
region-east-midlands = East Midlands
region-west-midlands = West Midlands
region-east-of-england = East of England
region-london = London
region-south-east = South East
region-south-west = South West
region-scotland = Scotland
region-wales = Wales
region-northern-ireland = Northern Ireland
region-ireland = Ireland
region-isle-of-man = Isle of Man
region-channel-islands = Channel Islands
tag-health-access = health access
tag-know-your-rights-sessions = know-your-rights sessions
tag-walking-group = walking group
tag-dance = dance
tag-housing = housing
tag-football = football
tag-legal-advice-signposting = legal advice signposting
tag-accompaniment-to-reporting = accompaniment to reporting
tag-english-conversation = English conversation
tag-women-s-group = women’s group
tag-film-club = film club
tag-creative-writing = creative writing
tag-drop-in = drop-in
tag-cooking = cooking
tag-storytelling = storytelling
tag-sewing = sewing
tag-art-and-chat = art and chat
topic-health = health
topic-detention = detention
topic-reporting = reporting
topic-nhs-charging = NHS charging
topic-organising = organising
topic-safety = safety
topic-campaigning = campaigning
topic-gp-registration = GP registration
topic-mental-capacity = mental capacity
topic-legal-aid = legal aid
topic-housing = housing
topic-training = training
topic-welfare = welfare
topic-nrpf = no recourse to public funds
topic-asylum = asylum
topic-everyday-borders = everyday borders
topic-wellbeing = wellbeing
topic-reading-group = reading group
topic-history = history
topic-climate = climate
topic-media = media
topic-english = English
topic-education = education

## The opt-out register (issue 33)
problem-held-on-opt-out-register = This matches a group that asked never to be listed. Read their reason on this page; approve only after you have checked and said why.
problem-no-such-opt-out = That is no longer on the register or the block list.
problem-not-a-sender-pattern = “{ $given }” is not an e-mail address or a domain. Write one like someone@example.org or example.org.
problem-sender-blocked = This address cannot send submissions to this site. If you think this is a mistake, write to the people who run it.
opt-out-held-badge = Held: opt-out register
opt-out-box = Never list this group again: they asked us to (after a threat, a raid or a closure)
opt-out-box-hint = Only fingerprints of its name and town, website and e-mail are kept, never the details themselves. A later registration, import or claim that matches waits for a moderator, with the reason above.
opt-out-held-title = Held: this group asked never to be listed
opt-out-held-reason = A group with the same name and town, website or e-mail asked never to be listed. Their reason:
opt-out-held-hint = Approve it only if the group itself asked to be listed again, or it is clearly a different group. Otherwise reject it.
opt-out-release-reason = Why it may be decided on (kept in the audit log)
opt-out-release = I have checked: let it be decided on
admin-opt-outs = Opt-out register
admin-opt-outs-hint = Groups that asked never to be listed. Only fingerprints are kept: no name, place or address. Remove a request only when the group asks to be listable again.
admin-opt-outs-empty = No group is on the register.
admin-opt-out-recorded = recorded { $date } by { $who }; fingerprints: { $count }
admin-opt-out-remove = Remove from the register
admin-blocked = Blocked senders
admin-blocked-hint = Registrations, resources, events and claims from these addresses or domains are refused.
admin-blocked-empty = No address or domain is blocked.
admin-blocked-pattern = Address or domain
admin-blocked-pattern-hint = someone@example.org, or example.org for the whole domain
admin-blocked-add = Block
admin-blocked-remove = Unblock
mod-rejected = Rejected. The sender is told why.
mod-rejected-never-again = Rejected, and the group is on the opt-out register: anything that matches it waits for a moderator's word.
opt-out-released = The hold is released and your reason is in the audit log: approve or reject as usual.

# The field only robots fill in (hidden from people and screen readers).
form-leave-empty = Leave this empty
