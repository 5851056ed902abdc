"""The demo web: simulated government portals served from localhost under their real host
names, with a manifest of every agency-year they publish. See README.md in this folder."""
