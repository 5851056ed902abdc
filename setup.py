"""Packaging for deployment to scrapyd, the standard Scrapy daemon.

``python setup.py bdist_egg`` builds the egg that scrapyd's ``addversion.json`` takes; the
``scrapy`` entry point names the settings module, as scrapyd expects. Development does not
need it: the Makefile runs everything from the checkout.
"""

from setuptools import find_packages, setup

setup(
    name="harvester",
    version="0.1.0",
    description="Harvester of Chinese government information disclosure annual reports",
    packages=find_packages(include=["harvester", "harvester.*", "spiders", "spiders.*",
                                    "pipelines", "pipelines.*"]),
    package_data={"harvester": ["registry.toml", "registry_national.toml",
                                "demo/seeds/*.txt", "demo/seeds/*.json"]},
    entry_points={"scrapy": ["settings = harvester.run.settings"]},
    python_requires=">=3.10",
)
