"""The platform's record: the 学时查询 table read from a file, held against the ledger.

:mod:`.reading` reads the table as a person gets it out of a browser (a saved
page, copied text, a CSV): :mod:`.forms` makes lines of the file, :mod:`.align`
rows of the lines, checking each cell by :mod:`.cells`, into the model of
:mod:`.rows`; :mod:`.matching` pairs its rows with the ledger's
activities and says what applying it would change; :mod:`.pipeline` is where each
of the year's claims stands, for ``cpd status``.
"""

REGISTERED = "registered"  # the kind of hours the platform holds and the ledger did not (Art. 12)
