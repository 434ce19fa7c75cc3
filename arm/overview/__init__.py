"""The national view (every case a person is a member of, side by side) and a case's public page (issue 13)."""
