"""Ministry progress reports (frozen on submission) and the case archive export."""
