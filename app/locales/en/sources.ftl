sources-title = Followed sources
sources-hint = Other directories this atlas follows: another atlas's or a council's Open Referral UK feed, or a GeoJSON or CSV file a network publishes. Each is read every few hours; its records wait in the moderation queue, marked with where they came from, unless the source is trusted. A record gone from its source is archived here.
sources-empty = No source is followed yet.
sources-name = Name
sources-url = Address
sources-format = Format
sources-format-oruk = Open Referral UK (the API's base address)
sources-format-geojson = GeoJSON file
sources-format-csv = CSV file with a header row
sources-kind = Kind for records whose kind we do not know
sources-trusted = Trusted: publish its records without a moderator (each is still in the audit log)
sources-trusted-yes = Trusted: published without a moderator
sources-trusted-no = Moderated: records wait in the queue
sources-never-read = Not read yet.
sources-last-read = Last read { $date }:
sources-outcome-read = a new copy, read into the queue
sources-outcome-unchanged = nothing had changed
sources-outcome-failed = the reading failed
sources-counts = New { $new }, updated { $updated }, unchanged { $unchanged }, archived { $archived }, held { $held }, skipped { $skipped }.
sources-records = { $count ->
    [one] One record held from it.
   *[other] { $count } records held from it.
}
sources-problem = What went wrong (the last good copy stands):
sources-fetch-now = Read it now
sources-add = Add a source
sources-add-submit = Add the source
sources-added = The source is added. Read it now, or wait for the next scheduled reading.
sources-fetched = The source was read.
sources-saved = The mapping is saved. The next reading applies it to every record.
sources-mapping = Mapping of its words to ours
sources-mapping-hint = One per line: their word = ours. A word mapped to nothing is dropped; a word not mapped is kept as it is (a kind not mapped becomes the kind above).
sources-mapping-kinds = Kinds
sources-mapping-tags = Tags
sources-mapping-languages = Languages (our codes: en, ar, fa, fr, es, …)
sources-save = Save the mapping
sources-from = From { $source }
sources-from-link = its record there
problem-source-address = “{ $given }” is not an address we can read: give one starting with https:// or http://.
problem-source-private-address = { $host } is inside a private network: sources are only read from the public internet unless the operator allows private addresses (ATLAS_ALLOW_PRIVATE_FETCH).
problem-source-unreachable = We could not reach { $host }: no such address, or no answer in time. We try again at the next reading.
problem-source-answered = The source's server answered with error { $status } instead of its records.
problem-source-too-large = The source is larger than { $max } KB, more than we read at once.
problem-source-too-many-records = The source has { $given } records; we follow at most { $max }.
problem-source-unreadable = The source's answer could not be read: { $detail }.
problem-source-name-taken = A source is already called “{ $given }”: choose another name.
problem-no-such-source = There is no such source.
problem-mapping-line = “{ $given }” is not a mapping line: write their word = ours.
