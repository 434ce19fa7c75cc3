"""The overview has no tables of its own: it reads the cases, plans, progress and reports areas' tables."""
