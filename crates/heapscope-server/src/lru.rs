//! A small bounded LRU map: a hash map plus a use counter. Eviction scans for the oldest
//! entry, which is cheap at the few thousand entries the server keeps and needs no
//! extra dependency. Bounded in entries and, for values put with a size, in bytes.

use std::collections::HashMap;
use std::hash::Hash;

/// A map that keeps at most `capacity` entries, dropping the least recently used.
#[derive(Debug)]
pub struct Lru<K, V> {
    map: HashMap<K, (V, u64, usize)>,
    tick: u64,
    capacity: usize,
    /// Sum of the sizes given to [`Lru::put_sized`], and its bound.
    bytes: usize,
    max_bytes: usize,
}

impl<K: Hash + Eq + Clone, V: Clone> Lru<K, V> {
    /// An empty map holding at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Self {
        Lru::bounded(capacity, usize::MAX)
    }

    /// An empty map holding at most `capacity` entries and `max_bytes` of sized values.
    pub fn bounded(capacity: usize, max_bytes: usize) -> Self {
        Lru {
            map: HashMap::new(),
            tick: 0,
            capacity: capacity.max(1),
            bytes: 0,
            max_bytes,
        }
    }

    /// The value of `key`, now the most recently used.
    pub fn get(&mut self, key: &K) -> Option<V> {
        self.tick += 1;
        let tick = self.tick;
        self.map.get_mut(key).map(|(v, t, _)| {
            *t = tick;
            v.clone()
        })
    }

    /// Stores `value`, evicting the least recently used entry when full.
    pub fn put(&mut self, key: K, value: V) {
        self.put_sized(key, value, 0);
    }

    /// Stores `value`, which holds `size` bytes, evicting the least recently used entries
    /// until both bounds hold. A value larger than the whole byte bound is not kept.
    pub fn put_sized(&mut self, key: K, value: V, size: usize) {
        self.tick += 1;
        if let Some((_, _, old)) = self.map.remove(&key) {
            self.bytes -= old;
        }
        if size > self.max_bytes {
            return;
        }
        while !self.map.is_empty()
            && (self.map.len() >= self.capacity || self.bytes + size > self.max_bytes)
        {
            if let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, (_, t, _))| *t)
                .map(|(k, _)| k.clone())
            {
                if let Some((_, _, s)) = self.map.remove(&oldest) {
                    self.bytes -= s;
                }
            }
        }
        self.bytes += size;
        self.map.insert(key, (value, self.tick, size));
    }

    /// Bytes held by sized values.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Lru;

    #[test]
    fn evicts_the_least_recently_used() {
        let mut l = Lru::new(2);
        l.put("a", 1);
        l.put("b", 2);
        assert_eq!(l.get(&"a"), Some(1)); // b is now the oldest
        l.put("c", 3);
        assert_eq!(l.get(&"b"), None);
        assert_eq!(l.get(&"a"), Some(1));
        assert_eq!(l.get(&"c"), Some(3));
        assert_eq!(l.len(), 2);
    }

    #[test]
    fn sized_values_are_bounded_in_bytes() {
        let mut l = Lru::bounded(100, 10);
        l.put_sized("a", 1, 4);
        l.put_sized("b", 2, 4);
        l.put_sized("c", 3, 4); // 12 > 10: a goes
        assert_eq!(l.get(&"a"), None);
        assert_eq!((l.len(), l.bytes()), (2, 8));
        l.put_sized("b", 4, 1); // replacing frees the old size
        assert_eq!(l.bytes(), 5);
        l.put_sized("huge", 5, 11); // never kept, evicts nothing
        assert_eq!((l.get(&"huge"), l.len(), l.bytes()), (None, 2, 5));
    }
}
