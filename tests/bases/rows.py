"""Row makers of the isolation matrix for the bases app's URLs."""
