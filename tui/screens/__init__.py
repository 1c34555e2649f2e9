"""One screen per module; `base.DeskScreen` gives each a database worker."""
