//! A map keyed by object id whose bulk is shared between copies: what lets a state be
//! cloned, or rebuilt from a keyframe decoded earlier, without copying a whole heap.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::ObjId;

/// A map keyed by object id. Ids are small numbers handed out in order and never chosen
/// by the program, so they need no defence against crafted collisions: rustc's Fx hash
/// (one multiplication) does (SipHash was a third of the time of reading a big list at
/// every step).
pub(crate) type IdMap<V> = HashMap<ObjId, V, rustc_hash::FxBuildHasher>;

/// An [`IdMap`] in two layers: a `base` shared by every clone (behind an `Arc`), and the
/// entries changed since it was shared (`over`, where `None` is an entry removed).
///
/// While nothing else holds the base (the recording builder, a state being rebuilt from a
/// keyframe), writes go straight into it: one map, as before. Once cloned, each copy
/// writes only into its own small overlay, so a clone costs the overlay, not the heap.
/// When the overlay grows as big as the base, it is folded in (copying the base once if
/// it is still shared), so lookups stay two probes at most and memory stays bounded.
#[derive(Clone, Debug)]
pub(crate) struct CowMap<V> {
    base: Arc<IdMap<V>>,
    over: IdMap<Option<V>>,
    len: usize,
}

impl<V> Default for CowMap<V> {
    fn default() -> Self {
        CowMap {
            base: Arc::default(),
            over: IdMap::default(),
            len: 0,
        }
    }
}

/// Equal when they hold the same entries, however they are split between the layers.
impl<V: Clone + PartialEq> PartialEq for CowMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().all(|(id, v)| other.get(id) == Some(v))
    }
}

/// Below this many overlay entries, folding is not worth a copy of the base.
const MIN_FOLD: usize = 4096;

impl<V: Clone> CowMap<V> {
    /// The value of `id`.
    pub(crate) fn get(&self, id: &ObjId) -> Option<&V> {
        match self.over.get(id) {
            Some(v) => v.as_ref(),
            None => self.base.get(id),
        }
    }

    /// Whether `id` has a value.
    pub(crate) fn contains_key(&self, id: &ObjId) -> bool {
        self.get(id).is_some()
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The base, when nothing else shares it and no overlay is in the way: the one map
    /// to write into directly.
    fn own_base(&mut self) -> Option<&mut IdMap<V>> {
        if !self.over.is_empty() {
            if Arc::get_mut(&mut self.base).is_none() && self.over.len() < self.fold_at() {
                return None;
            }
            self.fold();
        }
        Arc::get_mut(&mut self.base)
    }

    /// The base when it is the whole map and no other copy shares it: the common case
    /// (one state read forward), where each change is one look-up in one map.
    fn sole_base(&mut self) -> Option<&mut IdMap<V>> {
        if self.over.is_empty() {
            Arc::get_mut(&mut self.base)
        } else {
            None
        }
    }

    fn fold_at(&self) -> usize {
        self.base.len().max(MIN_FOLD)
    }

    /// Moves the overlay into the base (copying the base first if it is shared).
    fn fold(&mut self) {
        let base = Arc::make_mut(&mut self.base);
        for (id, v) in self.over.drain() {
            match v {
                Some(v) => base.insert(id, v),
                None => base.remove(&id),
            };
        }
    }

    /// Sets `id` to `v`.
    pub(crate) fn insert(&mut self, id: ObjId, v: V) {
        if let Some(base) = self.sole_base() {
            if base.insert(id, v).is_none() {
                self.len += 1;
            }
            return;
        }
        let had = self.contains_key(&id);
        match self.own_base() {
            Some(base) => {
                base.insert(id, v);
            }
            None => {
                self.over.insert(id, Some(v));
            }
        }
        if !had {
            self.len += 1;
        }
    }

    /// Removes `id`, giving back its value if it had one.
    pub(crate) fn remove(&mut self, id: &ObjId) -> Option<V> {
        if let Some(base) = self.sole_base() {
            let v = base.remove(id);
            if v.is_some() {
                self.len -= 1;
            }
            return v;
        }
        if !self.contains_key(id) {
            return None;
        }
        self.len -= 1;
        match self.own_base() {
            Some(base) => base.remove(id),
            None => {
                // The overlay's value is the current one; else the shared base's, which
                // keeps its entry (the caller gets a copy) under a removal mark.
                let changed = self.over.remove(id).flatten();
                if self.base.contains_key(id) {
                    self.over.insert(*id, None);
                }
                changed.or_else(|| self.base.get(id).cloned())
            }
        }
    }

    /// The value of `id`, to change in place (copied into the overlay first when the
    /// base is shared).
    pub(crate) fn get_mut(&mut self, id: &ObjId) -> Option<&mut V> {
        if self.sole_base().is_some() {
            return Arc::get_mut(&mut self.base).and_then(|b| b.get_mut(id));
        }
        if !self.contains_key(id) {
            return None;
        }
        if self.own_base().is_some() {
            return Arc::get_mut(&mut self.base).and_then(|b| b.get_mut(id));
        }
        if !self.over.contains_key(id) {
            let v = self.base.get(id).cloned();
            self.over.insert(*id, v);
        }
        self.over.get_mut(id).and_then(Option::as_mut)
    }

    /// Every entry, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&ObjId, &V)> {
        let over = &self.over;
        self.base
            .iter()
            .filter(move |(id, _)| !over.contains_key(id))
            .chain(
                self.over
                    .iter()
                    .filter_map(|(id, v)| v.as_ref().map(|v| (id, v))),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(m: &CowMap<u32>) -> Vec<(u32, u32)> {
        let mut v: Vec<_> = m.iter().map(|(k, v)| (k.0, *v)).collect();
        v.sort_unstable();
        v
    }

    /// A clone changed every way (insert, overwrite, remove, change in place, re-insert)
    /// reads as a plain map given the same changes, and leaves the original as it was.
    #[test]
    fn clones_read_as_plain_maps_and_leave_the_original_alone() {
        let mut a = CowMap::default();
        let mut plain = std::collections::BTreeMap::new();
        for i in 0..10_000u32 {
            a.insert(ObjId(i), i);
            plain.insert(i, i);
        }
        let before = sorted(&a);
        let mut b = a.clone();
        for i in (0..10_000u32).step_by(3) {
            assert!(b.remove(&ObjId(i)).is_some());
            plain.remove(&i);
        }
        for i in (0..10_000u32).step_by(5) {
            if let Some(v) = b.get_mut(&ObjId(i)) {
                *v += 7;
                *plain.get_mut(&i).unwrap() += 7;
            }
        }
        for i in 9_000..16_000u32 {
            b.insert(ObjId(i), i * 2);
            plain.insert(i, i * 2);
        }
        assert!(b.remove(&ObjId(3)).is_none());
        assert_eq!(b.len(), plain.len());
        assert_eq!(sorted(&b), plain.into_iter().collect::<Vec<_>>());
        assert_eq!(sorted(&a), before);
        assert_eq!(a.len(), 10_000);
        assert_eq!(b.get(&ObjId(3)), None);
        assert_eq!(b.get(&ObjId(10)), Some(&17));
        assert_eq!(a.get(&ObjId(10)), Some(&10));
    }

    /// Once the other copies are gone, a map writes into its base again (the overlay is
    /// folded in), and what it reads is unchanged by the fold.
    #[test]
    fn an_unshared_map_folds_its_overlay_back() {
        let mut a = CowMap::default();
        for i in 0..100u32 {
            a.insert(ObjId(i), i);
        }
        let b = a.clone();
        a.insert(ObjId(1), 100);
        assert!(!a.over.is_empty());
        drop(b);
        a.insert(ObjId(2), 200);
        assert!(a.over.is_empty());
        assert_eq!(a.get(&ObjId(1)), Some(&100));
        assert_eq!(a.get(&ObjId(2)), Some(&200));
        assert_eq!(a.len(), 100);
    }
}
