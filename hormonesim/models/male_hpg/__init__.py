"""The male hypothalamic-pituitary-gonadal axis, :class:`MaleHPG`.

``parameters.py`` holds the numbers and their sources, ``model.py`` the equations (one set for
one man and a cohort), ``binding.py`` Vermeulen's free-testosterone calculation.
"""
from .binding import free_testosterone_vermeulen
from .model import MaleHPG

__all__ = ["MaleHPG", "free_testosterone_vermeulen"]
