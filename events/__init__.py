"""Lectures, recruitment fairs, tutor activities and other events."""
