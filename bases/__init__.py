"""Enterprises, training bases, positions and subsidies."""
