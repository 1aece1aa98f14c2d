"""The Discord-free core: knowledge loading, matching, answers and status."""

from .answers import Answer, CitedSpan
from .engine import Engine
from .knowledge import KnowledgeBase, KnowledgeError, LoadError
from .loader import load_knowledge

__all__ = [
    "Answer",
    "CitedSpan",
    "Engine",
    "KnowledgeBase",
    "KnowledgeError",
    "LoadError",
    "load_knowledge",
]
