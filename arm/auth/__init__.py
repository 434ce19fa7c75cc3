"""Accounts: users, sign-in and sign-out, invitations, password changes and resets, user admin."""
