# The moderator's review of a proposed translation (issue 31).
mod-translation-only = Only a translation changes; the rest of the record stays as it is.
mod-also-translated = Also translated:
