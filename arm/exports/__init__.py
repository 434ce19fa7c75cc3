"""File renderers, one module per format."""
