# Issue 33: a followed list that ends before the records it announced.
problem-source-cut-short = The source announced { $announced ->
        [one] one record
       *[other] { $announced } records
    }, but its answer ended after { $got }: the list was cut short (the source may have gone into lockdown, or the connection dropped). Nothing was archived; the next reading tries again. If this keeps happening, ask the source's keepers whether their feed sends its whole list.
