"""Coordinators import students from CSV or XLSX files: checked in full, written all or none."""
