"""REST API and web dashboard over the store (`polemos serve`; needs the `web` extra)."""
