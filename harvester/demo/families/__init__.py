"""One module per CMS family, named as the spiders name the family (``spiders/families/``):
each turns a site's data into a served site (docs/portals.md)."""
