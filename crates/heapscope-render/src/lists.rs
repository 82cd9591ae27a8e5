//! Many short lists kept in one: their items end to end and where each ends.
//!
//! A long export keeps close to a million pieces' numbers and a list of edits per step.
//! As a `Vec` each, every one was an allocation to make and, when the file was written,
//! one to free: a second of a 200,000-step export. Written as JSON, a [`Lists`] is the
//! same list of lists.

use serde::ser::{Serialize, SerializeSeq, Serializer};

/// Lists of `T`, pushed one after another.
#[derive(Debug)]
pub(crate) struct Lists<T> {
    items: Vec<T>,
    ends: Vec<usize>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T: Clone> Lists<T> {
    /// Adds a list at the end.
    pub(crate) fn push(&mut self, list: &[T]) {
        self.items.extend_from_slice(list);
        self.ends.push(self.items.len());
    }
}

impl<T> Lists<T> {
    /// How many lists there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// List `i` (empty past the last).
    pub(crate) fn get(&self, i: usize) -> &[T] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.items[start..end]
    }
}

impl<T: Serialize> Serialize for Lists<T> {
    /// As a list of lists.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            seq.serialize_element(self.get(i))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Lists;

    #[test]
    fn lists_read_back_and_write_as_a_list_of_lists() {
        let mut l = Lists::default();
        let given: [&[u32]; 4] = [&[1, 2], &[], &[3], &[4, 5, 6]];
        for x in given {
            l.push(x);
        }
        assert_eq!(l.len(), 4);
        for (i, x) in given.iter().enumerate() {
            assert_eq!(l.get(i), *x);
        }
        assert!(l.get(4).is_empty());
        assert_eq!(
            serde_json::to_string(&l).expect("JSON"),
            "[[1,2],[],[3],[4,5,6]]"
        );
    }
}
