//! Short forms for a line of the terminal report: a resource by its kind and name, and evidence
//! as `key=value` items.
//!
//! Evidence is shortened only between whole values, never inside one: a long list or object
//! keeps its first whole entries and says how many it leaves out (`["a","b", … and 12 more]`),
//! a nested one is shortened the same way, and a string or number is always shown whole (the
//! table wraps a long one at its spaces). A reader never sees half a token such as `"symbols…`.

use rampart_model::{Evidence, ResourceRef};
use serde_json::Value;

/// Columns a list or object may take before its later entries are left out. A first entry is
/// always shown, so a value is only ever longer than this by that one entry.
const VALUE_MAX: usize = 60;

/// A resource as a person reads it: `iam-user alice`, `trail main (us-east-1)`, `root user`.
pub fn resource(r: &ResourceRef) -> String {
    let tail = r.id.rsplit(':').next().unwrap_or(&r.id);
    let name = tail.rsplit('/').next().unwrap_or(tail);
    let mut out = if r.kind == "root" {
        "root user".to_owned()
    } else if name.is_empty() {
        format!("{} {}", r.kind, r.id)
    } else {
        format!("{} {name}", r.kind)
    };
    // A Region itself (`region eu-west-1`) is not said twice.
    if let Some(region) = r.region.as_ref().filter(|region| **region != r.id) {
        out.push_str(&format!(" ({region})"));
    }
    out
}

/// Evidence as `key=value` items, at most `max` of them and a last `… and N more` for the rest:
/// strings unquoted, other values as compact JSON shortened between whole entries.
pub fn evidence(map: &Evidence, max: usize) -> Vec<String> {
    let mut items: Vec<String> = map
        .iter()
        .take(max)
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={}", value(other, VALUE_MAX)),
        })
        .collect();
    if map.len() > max {
        items.push(more(map.len() - max));
    }
    items
}

fn more(n: usize) -> String {
    format!("… and {n} more")
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `v` as compact JSON in about `room` columns: whole if it fits, else a list or object with
/// its first entries that fit and a count of the others. A scalar is one token, kept whole.
fn value(v: &Value, room: usize) -> String {
    let whole = v.to_string();
    if width(&whole) <= room {
        return whole;
    }
    match v {
        Value::Array(items) => {
            let entries = items.iter().map(|i| (String::new(), i)).collect();
            entries_within(('[', ']'), entries, room)
        }
        Value::Object(map) => {
            let entries = map
                .iter()
                .map(|(k, i)| (format!("{}:", Value::from(k.as_str())), i))
                .collect();
            entries_within(('{', '}'), entries, room)
        }
        _ => whole,
    }
}

/// The entries (`key:` prefix, value) that fit in `room` between `brackets`, then how many
/// were left out. The first is always shown, shortened in turn when it is a list or object.
fn entries_within(brackets: (char, char), entries: Vec<(String, &Value)>, room: usize) -> String {
    let mut out = String::from(brackets.0);
    let mut shown = 0;
    for (i, (key, v)) in entries.iter().enumerate() {
        let after = entries.len() - i - 1;
        // After this entry there must still be room for the note on the rest and the bracket.
        let tail = if after == 0 {
            1
        } else {
            width(&more(after)) + 3
        };
        let sep = usize::from(shown > 0);
        let left = room.saturating_sub(width(&out) + sep + width(key) + tail);
        let whole = v.to_string();
        let text = if width(&whole) <= left {
            whole
        } else if shown == 0 {
            value(v, left)
        } else {
            break;
        };
        if shown > 0 {
            out.push(',');
        }
        out.push_str(key);
        out.push_str(&text);
        shown += 1;
    }
    if shown < entries.len() {
        out.push_str(", ");
        out.push_str(&more(entries.len() - shown));
    }
    out.push(brackets.1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_resource_names() {
        let u = ResourceRef::new("iam-user", "arn:aws:iam::123456789012:user/ops/alice");
        assert_eq!(resource(&u), "iam-user alice");
        let root = ResourceRef::new("root", "arn:aws:iam::123456789012:root");
        assert_eq!(resource(&root), "root user");
        let b = ResourceRef::new("s3-bucket", "arn:aws:s3:::logs").in_region("eu-west-1");
        assert_eq!(resource(&b), "s3-bucket logs (eu-west-1)");
        let r = ResourceRef::new("region", "eu-west-1").in_region("eu-west-1");
        assert_eq!(resource(&r), "region eu-west-1");
        assert_eq!(
            resource(&ResourceRef::account("123456789012")),
            "account 123456789012"
        );
    }

    fn one(v: Value) -> String {
        let mut m = Evidence::new();
        m.insert("k".to_owned(), v);
        let items = evidence(&m, 6);
        items[0].strip_prefix("k=").expect("key=value").to_owned()
    }

    #[test]
    fn short_values_are_shown_whole_and_entries_beyond_max_are_counted() {
        let mut m = Evidence::new();
        m.insert("a".to_owned(), json!("two words"));
        m.insert("b".to_owned(), json!([1, 2]));
        m.insert("c".to_owned(), json!({"x": null}));
        m.insert("d".to_owned(), Value::Null);
        assert_eq!(
            evidence(&m, 3),
            ["a=two words", "b=[1,2]", "c={\"x\":null}", "… and 1 more"]
        );
    }

    #[test]
    fn long_strings_stay_whole() {
        let long = format!("{} and {}", "y".repeat(100), "z".repeat(30));
        assert_eq!(one(json!(long)), long);
        assert_eq!(
            one(json!(["y".repeat(100)])),
            format!("[\"{}\"]", "y".repeat(100))
        );
    }

    #[test]
    fn long_lists_keep_whole_items_and_count_the_rest() {
        let classes = json!([
            "uppercase",
            "lowercase",
            "numbers",
            "symbols",
            "a-very-long-class-name"
        ]);
        let got = one(classes.clone());
        assert_eq!(
            got,
            r#"["uppercase","lowercase","numbers","symbols", … and 1 more]"#
        );
        assert!(got.chars().count() <= VALUE_MAX, "{got}");
        let numbers: Vec<u32> = (1000..1030).collect();
        let got = one(json!(numbers));
        let kept: Vec<&str> = got
            .trim_start_matches('[')
            .split(", …")
            .next()
            .expect("kept items")
            .split(',')
            .collect();
        assert!(
            kept.iter().all(|n| n.len() == 4),
            "whole numbers only: {got}"
        );
        assert!(
            got.ends_with(&format!(", … and {} more]", 30 - kept.len())),
            "{got}"
        );
    }

    #[test]
    fn nested_objects_are_shortened_between_whole_entries() {
        let route = json!({
            "action": "a2c:GetContainerizationJobDetails",
            "allowed_by": ["`AdministratorAccess` statement 1"],
            "context": "a console session without MFA",
        });
        let got = one(json!([route.clone(), route]));
        assert_eq!(
            got,
            r#"[{"action":"a2c:GetContainerizationJobDetails", … and 2 more}, … and 1 more]"#
        );
        let flags = json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true});
        assert_eq!(one(flags), r#"{"block_public_acls":true, … and 3 more}"#);
    }
}
