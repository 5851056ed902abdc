"""One module per CMS family, named as the spiders name the family (``spiders/families/``):
each turns a site's data into a served site (docs/portals.md).

The discovery web's families (``harvester/demo/discovery.py``) are shapes no spider family
knows, so they have no spider of their name: ``plain.py`` (what they share),
``struts_action.py``, ``php_route.py``, ``dated_dirs.py`` and ``xxgk_platform.py``."""
