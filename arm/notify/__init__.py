"""E-mail (queued until the request commits), and later scheduler jobs and the activity feed."""
