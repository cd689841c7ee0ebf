"""coopdocs: the paperwork of cooperation projects, generated from one project file."""

__version__ = "0.1.0"
