"""The Discord-free core: knowledge loading, matching, answers and status."""

from .answering.answer import Answer, CitedSpan
from .answering.engine import Engine
from .knowledge.loader import load_knowledge
from .knowledge.model import KnowledgeBase
from .knowledge.reader import KnowledgeError, LoadError

__all__ = [
    "Answer",
    "CitedSpan",
    "Engine",
    "KnowledgeBase",
    "KnowledgeError",
    "LoadError",
    "load_knowledge",
]
