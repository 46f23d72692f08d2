//! The values a finding's verdict rests on: a small map from names to JSON values.
//!
//! Findings are the most numerous thing rampart makes (one per user per check on a large
//! account), and most carry one to three pieces of evidence. A `BTreeMap` allocates a node
//! sized for eleven entries however few it holds; this map is a sorted `Vec` instead, with the
//! same ordering, the same JSON (an object with sorted keys) and the calls findings use.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Evidence: keys in sorted order, each at most once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    entries: Vec<(String, Value)>,
}

impl Evidence {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`, replacing an earlier value; returns the earlier one.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.entries.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
}

/// `evidence["key"]` is `Value::Null` for a missing key, as with `serde_json::Value`.
impl std::ops::Index<&str> for Evidence {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl Extend<(String, Value)> for Evidence {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, Value)> for Evidence {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut e = Evidence::new();
        e.extend(iter);
        e
    }
}

impl<'a> IntoIterator for &'a Evidence {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Evidence {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EvidenceVisitor;
        impl<'de> Visitor<'de> for EvidenceVisitor {
            type Value = Evidence;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of evidence")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Evidence, A::Error> {
                let mut e = Evidence::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    e.insert(k, v);
                }
                Ok(e)
            }
        }
        d.deserialize_map(EvidenceVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_keys_sorted_and_unique_like_a_btreemap() {
        let mut e = Evidence::new();
        e.insert("b".into(), json!(2));
        e.insert("a".into(), json!(1));
        assert_eq!(e.insert("b".into(), json!(3)), Some(json!(2)));
        assert_eq!(e.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(e["b"], 3);
        assert_eq!(e["missing"], Value::Null);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"a":1,"b":3}"#);
        let back: Evidence = serde_json::from_str(r#"{"b":3,"a":1}"#).unwrap();
        assert_eq!(back, e);
    }
}
