"""Heading vocabulary for column mapping, as data (see README.md in this folder)."""
