"""nianbao (年报): the annual work report of Chinese government websites — form, checks, layouts, evidence."""

__version__ = "0.1.0"
