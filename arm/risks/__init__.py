"""The risk register (Risk): likelihood, impact, owner, mitigation, reviews."""
