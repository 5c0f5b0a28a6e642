import unittest

from lrucache import LRUCache, cached


class LRUCacheTests(unittest.TestCase):
    def test_put_and_get(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        self.assertEqual(cache.get("a"), 1)
        self.assertIsNone(cache.get("missing"))
        self.assertEqual(cache.get("missing", 0), 0)

    def test_rejects_zero_size(self):
        with self.assertRaises(ValueError):
            LRUCache(0)

    def test_evicts_oldest_when_full(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        cache.put("c", 3)
        self.assertNotIn("a", cache)
        self.assertEqual(cache.keys(), ["b", "c"])

    def test_put_refreshes_recency(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        cache.put("a", 10)
        cache.put("c", 3)
        self.assertEqual(cache.keys(), ["a", "c"])
        self.assertEqual(cache.get("a"), 10)

    def test_info_counts_hits_and_misses(self):
        cache = LRUCache(4)
        cache.put("a", 1)
        cache.get("a")
        cache.get("b")
        self.assertEqual(tuple(cache.info()), (1, 1, 4, 1))

    def test_pop_and_clear(self):
        cache = LRUCache(3)
        cache.put("a", 1)
        self.assertEqual(cache.pop("a"), 1)
        self.assertEqual(cache.pop("a", None), None)
        cache.put("b", 2)
        cache.clear()
        self.assertEqual(len(cache), 0)


class CachedDecoratorTests(unittest.TestCase):
    def test_memoizes(self):
        calls = []

        @cached(maxsize=8)
        def square(n):
            calls.append(n)
            return n * n

        self.assertEqual([square(3), square(3), square(4)], [9, 9, 16])
        self.assertEqual(calls, [3, 4])
