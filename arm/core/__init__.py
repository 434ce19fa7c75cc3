"""Shared building blocks: permissions, audit log, Markdown, pagination, errors. Imports no area."""
