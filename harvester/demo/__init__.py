"""The demo web and what feeds it: simulated government portals served from localhost under
their real host names, with a manifest of every agency-year they publish (see README.md in this
folder); reports rendered the way portals publish them (``render``, ``docformats``); the seed
reports with their hand-typed truth (``seeds/``); and ``make bench``.

Only the tests, ``make demo`` and ``make bench`` use it: nothing else imports this package."""
