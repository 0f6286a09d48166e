//! Walking an entity's parent chain to the root without looping forever.

use std::collections::BTreeSet;

use serde::Serialize;

/// How far up the chain the tool follows parents before calling it broken.
pub const MAX_DEPTH: usize = 64;

/// How a parent chain ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "entity", rename_all = "snake_case")]
pub enum ChainEnd {
    /// The last entity has no parent.
    Root,
    /// The named parent has no metadata.
    MissingParent(String),
    /// The named entity was met a second time.
    Cycle(String),
    /// The chain is longer than [`MAX_DEPTH`].
    TooDeep,
}

/// The walk so far: the entity's ancestors, nearest first.
#[derive(Debug, Clone, Default)]
pub struct ChainWalk {
    seen: BTreeSet<String>,
    /// Ancestors met, nearest first.
    pub ancestors: Vec<String>,
}

/// What to do after looking at one entity's parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Fetch this parent's metadata next.
    Fetch(String),
    /// The chain ended.
    End(ChainEnd),
}

impl ChainWalk {
    /// Starts at `entity`.
    pub fn start(entity: &str) -> Self {
        let mut seen = BTreeSet::new();
        seen.insert(entity.to_string());
        ChainWalk {
            seen,
            ancestors: Vec::new(),
        }
    }

    /// The current entity's parent is `parent`: the next step. Pure.
    pub fn parent(&mut self, parent: Option<&str>) -> Step {
        let Some(p) = parent else {
            return Step::End(ChainEnd::Root);
        };
        if !self.seen.insert(p.to_string()) {
            return Step::End(ChainEnd::Cycle(p.to_string()));
        }
        if self.ancestors.len() >= MAX_DEPTH {
            return Step::End(ChainEnd::TooDeep);
        }
        self.ancestors.push(p.to_string());
        Step::Fetch(p.to_string())
    }

    /// The parent just fetched has no metadata. Pure.
    pub fn missing(&mut self) -> ChainEnd {
        let p = self.ancestors.pop().unwrap_or_default();
        ChainEnd::MissingParent(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_to_the_root() {
        let mut w = ChainWalk::start("c");
        assert_eq!(w.parent(Some("b")), Step::Fetch("b".into()));
        assert_eq!(w.parent(Some("a")), Step::Fetch("a".into()));
        assert_eq!(w.parent(None), Step::End(ChainEnd::Root));
        assert_eq!(w.ancestors, vec!["b", "a"]);
    }

    #[test]
    fn stops_at_a_cycle() {
        let mut w = ChainWalk::start("a");
        assert_eq!(w.parent(Some("b")), Step::Fetch("b".into()));
        assert_eq!(w.parent(Some("a")), Step::End(ChainEnd::Cycle("a".into())));
        let mut own = ChainWalk::start("a");
        assert_eq!(
            own.parent(Some("a")),
            Step::End(ChainEnd::Cycle("a".into()))
        );
    }

    #[test]
    fn missing_parent_is_not_an_ancestor() {
        let mut w = ChainWalk::start("a");
        w.parent(Some("ghost"));
        assert_eq!(w.missing(), ChainEnd::MissingParent("ghost".into()));
        assert!(w.ancestors.is_empty());
    }

    #[test]
    fn too_deep_ends() {
        let mut w = ChainWalk::start("e0");
        for i in 1..=MAX_DEPTH {
            assert!(matches!(w.parent(Some(&format!("e{i}"))), Step::Fetch(_)));
        }
        assert_eq!(w.parent(Some("last")), Step::End(ChainEnd::TooDeep));
    }
}
