"""Outcomes the city cares about: interns retained by their base, graduates staying in the
city, placements completed; and the bureau's annual review of its bases."""
