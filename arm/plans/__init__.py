"""The action plan: subgroups (including the crisis group); actions, projects and funding come next."""
