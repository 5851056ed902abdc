"""One module per CMS family: each turns a site's data into a served site (docs/portals.md)."""
