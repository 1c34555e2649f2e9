"""The admin TUI: the studio's library desk in the terminal (`proofdesk tui`)."""
