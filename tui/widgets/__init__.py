"""Widgets with a Proofdesk meaning: the paginated asset table, the library tree, previews."""
