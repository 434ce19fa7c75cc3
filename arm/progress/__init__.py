"""Progress toward the job target, cohort snapshots (aggregates only) and the situation picture."""
