"""Cases: the case itself, the organisation registry, the network (memberships and roles), layoff waves."""
