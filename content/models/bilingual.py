"""Thai-first bilingual naming shared by the reference models (defined in
``intelligent_center.bilingual``, shared with workforce)."""

from intelligent_center.bilingual import BilingualNameMixin

__all__ = ["BilingualNameMixin"]
