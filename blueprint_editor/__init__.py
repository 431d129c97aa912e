"""Blueprint Editor: an offline desktop editor for service blueprints."""

# The one place the version is written: pyproject.toml reads it from here when the package is built, and a frozen
# bundle, which may carry no package metadata, has it as plain code.
__version__ = "0.1.0"
