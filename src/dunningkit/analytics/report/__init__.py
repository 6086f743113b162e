"""The HTML report page and its charts."""
