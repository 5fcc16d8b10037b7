"""cnbudget: the reference toolkit of the open-data standard for Chinese budget disclosures."""

__version__ = "0.1.0"
