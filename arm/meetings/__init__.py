"""Weekly meetings: agenda built from what changed, minutes and decisions."""
