"""The installed version of the planner (written into every results workbook)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mineral-planner")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
