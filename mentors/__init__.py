"""Mentor profiles, pairing tutoring and consultation slots."""
