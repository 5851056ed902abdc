"""The discovery web's CMS families (``harvester/demo/discovery.py``): shapes no spider family
knows, so they have no spider of their name and live apart from ``harvester/demo/families/``,
whose modules are the spider families' demo sites (``tests/demo/test_web.py`` holds that).
They build on ``families/base.py`` all the same.

- ``plain.py``: what they share (home page, disclosure page, lists, pagers, articles, routes
  on a path and query);
- ``struts_action.py``, ``php_route.py``, ``dated_dirs.py``: portals of docs/portals.md
  section 6's smaller shapes;
- ``xxgk_platform.py``: an ``xxgk.`` subdomain platform with a per-agency tree (L3) and the
  prefecture's shared platform a portal hands its disclosure section to (L4).
"""
