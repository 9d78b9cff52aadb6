"""Models of endocrine axes, one file per axis (plus small teaching models)."""
from .base import Model
from .teaching import FeedbackLoop, SecretionClearance
from .gh_axis import GHAxis
from .male_hpg import MaleHPG

__all__ = ["Model", "FeedbackLoop", "SecretionClearance", "GHAxis", "MaleHPG"]
