"""expatcare: Total Expat Care for German SMEs hiring international skilled workers."""

__version__ = "0.1.0"
