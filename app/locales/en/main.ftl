# Solidarity Atlas, English. One message per key; volunteers translate this
# file into app/locales/<language>/main.ftl with the same keys.

site-name = Solidarity Atlas
site-tagline = Find migrant-justice groups, health-access campaigns and reporting centres near you.
skip-to-content = Skip to content
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
