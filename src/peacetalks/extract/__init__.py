"""Extraction: positions and demands from article text."""
