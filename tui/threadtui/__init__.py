"""threadtui: read technical discussion threads together with the papers they cite."""

__version__ = "0.1.0"
