"""An LRU cache: when full, the entry used least recently is evicted first."""
from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any, Callable, Hashable, NamedTuple

_MISSING = object()


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: int
    currsize: int


class LRUCache:
    """A mapping with a size limit. Both `get` and `put` count as a use of the key."""

    def __init__(self, maxsize: int = 128) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.maxsize = maxsize
        self._data: "OrderedDict[Hashable, Any]" = OrderedDict()
        self._hits = 0
        self._misses = 0

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            self._misses += 1
            return default
        self._hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)

    def pop(self, key: Hashable, default: Any = _MISSING) -> Any:
        if default is _MISSING:
            return self._data.pop(key)
        return self._data.pop(key, default)

    def clear(self) -> None:
        self._data.clear()
        self._hits = self._misses = 0

    def keys(self) -> list:
        """Keys from least to most recently used."""
        return list(self._data)

    def info(self) -> CacheInfo:
        return CacheInfo(self._hits, self._misses, self.maxsize, len(self._data))

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)


def cached(maxsize: int = 128) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Memoize a function of hashable positional arguments in an LRUCache."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        cache = LRUCache(maxsize)

        @functools.wraps(func)
        def wrapper(*args: Hashable) -> Any:
            result = cache.get(args, _MISSING)
            if result is _MISSING:
                result = func(*args)
                cache.put(args, result)
            return result

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate

