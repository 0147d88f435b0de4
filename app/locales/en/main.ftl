# Solidarity Atlas, English. One message per key; volunteers translate this
# file into app/locales/<language>/main.ftl with the same keys.

site-name = Solidarity Atlas
# The language code of this file, for the browser (plural rules, number formats).
lang-code = en
site-tagline = Find migrant-justice groups, health-access campaigns and reporting centres near you.
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

## Errors
not-found-title = Page not found
not-found-body = There is no page at this address. It may have moved, or the link may be mistyped.
not-found-home = Go to the home page
error-title = Something went wrong
error-body = This is a fault on our side, not yours. Please try again in a few minutes.

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
listing-back = Back to the directory

## Map page
map-title = Map
map-intro = Move the map or say where you are; the list below follows the map.
map-locate = Use my location
map-locate-note = Your location stays in your browser; only the map area is sent to this site.
map-search = Find
map-legend = Key
map-in-view = In view
map-in-view-count = { $count ->
    [one] { $count } listing in view
   *[other] { $count } listings in view
}
map-loading = Loading…
map-no-js = The map needs JavaScript. The directory works without it.
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
