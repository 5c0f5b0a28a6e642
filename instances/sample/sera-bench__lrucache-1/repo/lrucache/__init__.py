"""A least-recently-used cache."""
from lrucache.cache import CacheInfo, LRUCache, cached

__all__ = ["CacheInfo", "LRUCache", "cached"]
