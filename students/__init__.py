"""Student profiles, applications and placements."""
