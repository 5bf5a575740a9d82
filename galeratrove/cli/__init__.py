"""The galeratrove command line client (``galeratrove``)."""
