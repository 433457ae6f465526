//! The rules a held line matched. Most lines match none and most of the others one or two:
//! those are kept in place, so that holding a line costs no allocation for its hits.

use std::ops::Deref;

/// Rules kept in place; a line matching more keeps them on the heap.
const IN_PLACE: usize = 2;

#[derive(Debug, Clone)]
pub enum Hits {
    InPlace { len: u8, rules: [usize; IN_PLACE] },
    OnHeap(Box<[usize]>),
}

impl Hits {
    pub fn of(rules: &[usize]) -> Hits {
        match rules.len() {
            len if len <= IN_PLACE => {
                let mut kept = [0; IN_PLACE];
                kept[..len].copy_from_slice(rules);
                Hits::InPlace {
                    len: len as u8,
                    rules: kept,
                }
            }
            _ => Hits::OnHeap(rules.into()),
        }
    }

    /// No rule matched: asked of every line held, often, so without making the slice.
    pub fn is_empty(&self) -> bool {
        matches!(self, Hits::InPlace { len: 0, .. })
    }
}

impl Default for Hits {
    fn default() -> Self {
        Hits::of(&[])
    }
}

impl Deref for Hits {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        match self {
            Hits::InPlace { len, rules } => &rules[..usize::from(*len)],
            Hits::OnHeap(rules) => rules,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_read_back_as_given() {
        for rules in [&[][..], &[7], &[0, 3], &[1, 2, 5], &[9, 8, 7, 6, 5]] {
            let hits = Hits::of(rules);
            assert_eq!(&*hits, rules);
            assert_eq!(matches!(hits, Hits::OnHeap(_)), rules.len() > IN_PLACE);
        }
        assert!(Hits::default().is_empty());
        assert!(!Hits::of(&[4]).is_empty() && !Hits::of(&[1, 2, 3]).is_empty());
    }
}
