"""Row makers of the isolation matrix for the students app's URLs."""
