"""Subsidy claims of recognized internship training bases, reviewed by the bureau.

`models` holds the claim, its computed lines and the ledger of claimed placement-months
(the subsidies app); `services` the workflow; `selectors` the reads; `views` and
`forms` the pages under /c/<center>/subsidies/.
"""
