"""The SQLite side of a harvest: the schema, filing a document under its agency-year, reconciling
the copies of one agency-year, agency identity, and the commands that read the database
(``export``, ``merge``, ``health``)."""
