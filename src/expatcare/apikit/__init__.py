"""API plumbing every app's router uses: authentication, error responses, pagination."""
